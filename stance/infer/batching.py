"""Backend-independent batching: dedupe repeated pairs, sort by length, restore input order."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

Pair = tuple[str, str]


def unique_pairs(pairs: Sequence[Pair]) -> tuple[list[Pair], np.ndarray]:
    """Return the distinct pairs and, for each input pair, the index of its distinct copy."""
    index: dict[Pair, int] = {}
    inverse = np.empty(len(pairs), dtype=np.int64)
    for i, pair in enumerate(pairs):
        inverse[i] = index.setdefault(pair, len(index))
    return list(index), inverse


def length_sorted_batches(lengths: Sequence[int], batch_size: int) -> Iterator[np.ndarray]:
    """Yield index batches of similar length so dynamic padding wastes little compute."""
    order = np.argsort(np.asarray(lengths), kind="stable")
    for start in range(0, len(order), batch_size):
        yield order[start : start + batch_size]


def predict_sorted(
    pairs: Sequence[Pair],
    lengths_of: Callable[[list[Pair]], list[int]],
    score_batch: Callable[[list[Pair]], np.ndarray],
    batch_size: int,
    workers: int = 1,
) -> np.ndarray:
    """Score pairs once each, in length-sorted batches, and return rows in input order.

    With ``workers`` > 1, each ``batch_size`` pairs are split over that many threads, like
    torch's DataParallel splits a batch over devices: the threads score runs of about
    ``batch_size / workers`` pairs at once. ``score_batch`` must then be thread-safe and
    release the GIL while it computes (ONNX Runtime's run does).
    """
    if not pairs:
        return np.zeros((0, 3), dtype=np.float32)
    distinct, inverse = unique_pairs(pairs)
    lengths = lengths_of(distinct)
    if workers > 1:
        # Fewer pairs than one batch are split evenly too, so no worker sits idle.
        batch_size = max(1, math.ceil(min(batch_size, len(distinct)) / workers))
    batches = list(length_sorted_batches(lengths, batch_size))
    out = np.zeros((len(distinct), 3), dtype=np.float32)

    def score(idx: np.ndarray) -> np.ndarray:
        return score_batch([distinct[i] for i in idx])

    if workers <= 1 or len(batches) == 1:
        for idx in batches:
            out[idx] = score(idx)
        return out[inverse]
    # Longest batches first, so the batch that finishes last is a short one.
    batches.reverse()
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="stance-batch")
    try:
        for idx, probs in zip(batches, pool.map(score, batches), strict=True):
            out[idx] = probs
    finally:
        # On an error or Ctrl-C, batches not yet started are dropped rather than run.
        pool.shutdown(wait=True, cancel_futures=True)
    return out[inverse]


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
