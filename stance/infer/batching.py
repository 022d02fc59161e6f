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


# A batch holds at most this many (padded) tokens: 32 pairs of 128 tokens. Long premises at
# max_length 512 then go 8 at a time, not 32: the activations of 32 x 512-token pairs (attention
# alone 32 x 12 heads x 512 x 512 floats per layer) took `stance eval --task fnc1` to 2.6 GB of
# peak memory on 500 pairs, against 1.1 GB at max_length 128.
MAX_BATCH_TOKENS = 32 * 128
# And at most this many attention cells per head (pairs x width x width): attention grows with
# the square of the width, so long windows go fewer at a time (at 512 tokens, one pair per run;
# at 128, 16; short pairs never reach it). On 40 FNC-1 pairs windowed at max_length 512 this
# took the onnx backend's peak RSS from 967 MB to 265 MB and its CPU time down 15%: ONNX
# Runtime's arena grows to the largest batch it has seen, and small batches of long rows also
# keep the working set in cache.
MAX_ATTENTION_CELLS = 16 * 128 * 128


def length_sorted_batches(
    lengths: Sequence[int],
    batch_size: int,
    max_tokens: int | None = MAX_BATCH_TOKENS,
    max_cells: int | None = MAX_ATTENTION_CELLS,
) -> Iterator[np.ndarray]:
    """Yield index batches of similar length so dynamic padding wastes little compute; a batch
    stops at ``batch_size`` pairs, ``max_tokens`` padded tokens or ``max_cells`` attention cells
    (pairs x width²), whichever comes first (a single pair over a budget still forms a batch)."""
    order = np.argsort(np.asarray(lengths), kind="stable")
    batch: list[int] = []
    for i in order:
        # Sorted ascending: the pair being added is the batch's longest, so it sets the padding.
        width = max(int(lengths[i]), 1)
        n = len(batch) + 1
        if batch and (
            len(batch) == batch_size
            or (max_tokens is not None and n * width > max_tokens)
            or (max_cells is not None and n * width * width > max_cells)
        ):
            yield np.array(batch, dtype=np.int64)
            batch = []
        batch.append(int(i))
    if batch:
        yield np.array(batch, dtype=np.int64)


# What one extra run costs, in padded tokens: ONNX Runtime's time per run is about linear in the
# padded tokens it is fed, plus ~2 ms of fixed cost (one thread, all-MiniLM-L6-v2: 0.19 ms per
# token for the blockwise embedder, 2.6 ms for a run of 8 tokens), about 10 tokens' worth.
RUN_COST_TOKENS = 10


def least_padding_batches(
    lengths: Sequence[int],
    batch_size: int,
    run_cost: int = RUN_COST_TOKENS,
    max_tokens: int | None = MAX_BATCH_TOKENS,
    max_cells: int | None = MAX_ATTENTION_CELLS,
) -> list[np.ndarray]:
    """Length-sorted index batches that minimise padded tokens plus ``run_cost`` per batch.

    For texts of mixed lengths (an article's claims: 11 to 86 tokens) one batch pads every row
    to the longest, and fixed-size batches still put short rows beside long ones. An exact
    dynamic programme over the sorted lengths finds the cut points instead: O(n x batch_size).
    The budgets of ``length_sorted_batches`` hold too.
    """
    order = np.argsort(np.asarray(lengths), kind="stable")
    width = [max(int(lengths[i]), 1) for i in order]
    n = len(width)
    best = [0] * (n + 1)
    cut = [0] * (n + 1)
    for end in range(1, n + 1):
        w = width[end - 1]  # sorted: the batch's last row sets its padding
        best[end] = -1
        for start in range(end - 1, max(0, end - batch_size) - 1, -1):
            rows = end - start
            if rows > 1 and (
                (max_tokens is not None and rows * w > max_tokens)
                or (max_cells is not None and rows * w * w > max_cells)
            ):
                break
            cost = best[start] + run_cost + rows * w
            if best[end] < 0 or cost < best[end]:
                best[end], cut[end] = cost, start
    batches: list[np.ndarray] = []
    end = n
    while end > 0:
        batches.append(order[cut[end] : end].astype(np.int64))
        end = cut[end]
    return batches[::-1]


def worker_share(batch_size: int, rows: int, workers: int) -> int:
    """Rows per run when ``workers`` runs go at once: ``batch_size`` split over the workers,
    like torch's DataParallel splits a batch over devices. Fewer rows than one batch are split
    evenly too, so that no worker sits idle."""
    return max(1, math.ceil(min(batch_size, rows) / max(1, workers)))


def run_batches(
    batches: Sequence[np.ndarray],
    run: Callable[[np.ndarray], np.ndarray],
    workers: int = 1,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(batch, run(batch))`` for each batch, ``workers`` batches at a time.

    ``run`` must be thread-safe and release the GIL while it computes (ONNX Runtime's and
    torch's do). On an error or Ctrl-C, batches not yet started are dropped rather than run.
    """
    if workers <= 1 or len(batches) == 1:
        for idx in batches:
            yield idx, run(idx)
        return
    # Longest batches first, so the batch that finishes last is a short one.
    ordered = list(reversed(batches))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="stance-batch")
    try:
        yield from zip(ordered, pool.map(run, ordered), strict=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
    batches = list(length_sorted_batches(lengths, worker_share(batch_size, len(distinct), workers)))
    out = np.zeros((len(distinct), 3), dtype=np.float32)

    def score(idx: np.ndarray) -> np.ndarray:
        return score_batch([distinct[i] for i in idx])

    for idx, probs in run_batches(batches, score, workers):
        out[idx] = probs
    return out[inverse]


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
