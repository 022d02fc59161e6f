"""Length-sorted batching, order restore, and batches scored by several threads at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.infer.batching import predict_sorted

PAIRS = [(f"premise {'x ' * (i % 7)}{i}", f"hypothesis {i}") for i in range(23)]
PAIRS += PAIRS[:4]  # repeats are judged once


def _lengths(pairs: list[tuple[str, str]]) -> list[int]:
    return [len(p.split()) for p, _ in pairs]


def _probs(batch: list[tuple[str, str]]) -> np.ndarray:
    """A pair's row depends on the pair only, so any batching must give the same output."""
    ids = np.array([int(p.split()[-1]) for p, _ in batch], dtype=np.float32)
    return np.stack([ids, ids + 1, ids + 2], axis=1)


def _recording(then: Callable[[list[tuple[str, str]]], np.ndarray]):
    """A score_batch that records each batch's size (from any thread), then calls ``then``."""
    sizes: list[int] = []
    lock = threading.Lock()

    def score(batch: list[tuple[str, str]]) -> np.ndarray:
        with lock:
            sizes.append(len(batch))
        return then(batch)

    return sizes, score


def test_workers_give_the_sequential_output_in_input_order() -> None:
    sizes, score = _recording(_probs)
    expected = _probs(PAIRS)
    np.testing.assert_array_equal(predict_sorted(PAIRS, _lengths, _probs, 8), expected)
    got = predict_sorted(PAIRS, _lengths, score, 8, workers=2)
    np.testing.assert_array_equal(got, expected)
    # A batch of 8 is split over the 2 workers, as torch's DataParallel splits one over devices.
    assert sum(sizes) == len(set(PAIRS)) == 23 and max(sizes) == 4


def test_workers_run_at_the_same_time() -> None:
    """Two calls must be inside score_batch together: with one worker the barrier times out."""
    barrier = threading.Barrier(2, timeout=10)
    seen: set[str] = set()
    calls = iter(range(10**6))  # next() on it is atomic under the GIL

    def score(batch: list[tuple[str, str]]) -> np.ndarray:
        seen.add(threading.current_thread().name)
        if next(calls) < 2:  # the first two calls meet; a lone worker would raise here
            barrier.wait()
        return _probs(batch)

    predict_sorted(PAIRS, _lengths, score, 4, workers=2)
    assert len(seen) == 2


def test_fewer_pairs_than_a_batch_are_split_evenly() -> None:
    sizes, score = _recording(_probs)
    predict_sorted(PAIRS[:5], _lengths, score, 32, workers=2)
    assert sorted(sizes) == [2, 3]
    sizes.clear()
    predict_sorted(PAIRS[:1], _lengths, score, 32, workers=2)
    assert sizes == [1]


def test_an_error_in_a_worker_reaches_the_caller_and_stops_the_rest() -> None:
    def fail(batch: list[tuple[str, str]]) -> np.ndarray:
        time.sleep(0.002)  # a real batch takes time, so the caller sees the error before the end
        raise RuntimeError("model failed")

    calls, score = _recording(fail)
    many = [(f"p {i}", f"h {i}") for i in range(400)]
    with pytest.raises(RuntimeError, match="model failed"):
        predict_sorted(many, _lengths, score, 2, workers=2)
    assert len(calls) < 400  # batches not yet started were dropped, not all run


def test_batches_respect_a_token_budget() -> None:
    from stance.infer.batching import length_sorted_batches

    lengths = [10] * 40 + [500] * 5 + [120] * 10 + [1200]
    batches = list(length_sorted_batches(lengths, 32, max_tokens=1000, max_cells=None))
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))  # each once
    for b in batches:
        width = max(lengths[i] for i in b)
        assert len(b) <= 32 and (len(b) * width <= 1000 or len(b) == 1)
    assert [len(b) for b in batches if lengths[b[0]] == 500] == [2, 2, 1]
    # Without a budget: plain batches of batch_size.
    assert [
        len(b) for b in length_sorted_batches(lengths, 32, max_tokens=None, max_cells=None)
    ] == [32, 24]


def test_batches_respect_an_attention_budget() -> None:
    from stance.infer.batching import MAX_ATTENTION_CELLS, length_sorted_batches

    lengths = [20] * 50 + [128] * 40 + [256] * 9 + [512] * 3
    batches = list(length_sorted_batches(lengths, 32))
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for b in batches:
        width = max(lengths[i] for i in b)
        assert len(b) * width * width <= MAX_ATTENTION_CELLS or len(b) == 1
    by_width = {}
    for b in batches:
        by_width.setdefault(max(lengths[i] for i in b), []).append(len(b))
    # Short pairs keep full batches; attention, which grows with the square of the width,
    # decides for long ones: 16 of 128 tokens, 4 of 256, 1 of 512.
    assert by_width[20][0] == 32
    assert max(by_width[128]) == 16 and max(by_width[256]) == 4 and by_width[512] == [1, 1, 1]


def _cost(batches: list[np.ndarray], lengths: list[int], run_cost: int) -> int:
    return sum(run_cost + len(b) * max(lengths[i] for i in b) for b in batches)


def _brute_force_cost(widths: list[int], batch_size: int, run_cost: int) -> int:
    """The least cost over every way to cut the sorted widths into contiguous batches."""
    widths = sorted(widths)
    best = [0] + [10**9] * len(widths)
    for end in range(1, len(widths) + 1):
        for start in range(max(0, end - batch_size), end):
            best[end] = min(best[end], best[start] + run_cost + (end - start) * widths[end - 1])
    return best[-1]


@settings(max_examples=200, deadline=None)
@given(
    lengths=st.lists(st.integers(min_value=1, max_value=300), min_size=1, max_size=40),
    batch_size=st.integers(min_value=1, max_value=12),
    run_cost=st.integers(min_value=0, max_value=50),
)
def test_least_padding_batches_are_a_cheapest_cut(lengths, batch_size, run_cost) -> None:
    from stance.infer.batching import least_padding_batches

    batches = least_padding_batches(lengths, batch_size, run_cost, max_tokens=None, max_cells=None)
    flat = [int(i) for b in batches for i in b]
    assert sorted(flat) == list(range(len(lengths)))  # each row exactly once
    assert [lengths[i] for i in flat] == sorted(lengths)  # in length order
    assert all(1 <= len(b) <= batch_size for b in batches)
    # Every cut of the sorted rows is a candidate, so nothing may be cheaper than the answer:
    # a greedy or off-by-one dynamic programme fails this on some of the drawn lists.
    assert _cost(batches, lengths, run_cost) == _brute_force_cost(lengths, batch_size, run_cost)


def test_least_padding_keeps_short_rows_apart_from_long_ones() -> None:
    from stance.infer.batching import least_padding_batches

    # The seed's 17 claims, in tokens: one batch of 17 pads 613 tokens to 1,462.
    lengths = [11, 16, 16, 23, 24, 27, 29, 31, 35, 37, 37, 39, 39, 40, 41, 82, 86]
    batches = least_padding_batches(lengths, 9)
    widths = [[lengths[i] for i in b] for b in batches]
    assert widths[-1] == [82, 86]
    assert _cost(batches, lengths, 10) < 10 + 9 * 41 + 10 + 8 * 86  # two plain batches of 9


def test_least_padding_batches_respect_the_budgets() -> None:
    from stance.infer.batching import MAX_ATTENTION_CELLS, least_padding_batches

    lengths = [20] * 50 + [128] * 40 + [256] * 9 + [512] * 3
    batches = least_padding_batches(lengths, 32, run_cost=10**6)  # runs so dear: fewest runs
    assert sorted(int(i) for b in batches for i in b) == list(range(len(lengths)))
    for b in batches:
        width = max(lengths[i] for i in b)
        assert len(b) * width * width <= MAX_ATTENTION_CELLS or len(b) == 1
        assert len(b) * width <= 32 * 128 or len(b) == 1
    assert [len(b) for b in batches if lengths[b[0]] == 512] == [1, 1, 1]
