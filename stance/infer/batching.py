"""Backend-independent batching: dedupe repeated pairs, sort by length, restore input order."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

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
) -> np.ndarray:
    """Score pairs once each, in length-sorted batches, and return rows in input order."""
    if not pairs:
        return np.zeros((0, 3), dtype=np.float32)
    distinct, inverse = unique_pairs(pairs)
    lengths = lengths_of(distinct)
    out = np.zeros((len(distinct), 3), dtype=np.float32)
    for idx in length_sorted_batches(lengths, batch_size):
        out[idx] = score_batch([distinct[i] for i in idx])
    return out[inverse]


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
