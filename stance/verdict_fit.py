"""Fit the two tiers of the verdict rule on scored dev pairs (scripts/calibrate_verdicts.py).

Pure numpy on one row per pair: ``e`` and ``c``, the larger P(entailment) and P(contradiction)
of its two directions (what ``stance.aggregate.decide`` reads), and ``gold``, the verdict code.
Both tiers are chosen for precision, each bar the lowest that reaches its floor (the lowest bar
shows the most pairs, so of the bars that reach the floor it has the best recall), in the order
decide applies the rules, each with the bars before it in place:

- flag contradict: the contradiction threshold whose flags reach the target precision (0.75);
- flag agree: the entailment threshold and guard whose agree flags reach it (most correct
  flags; ties: higher precision, then higher thresholds);
- possible contradict, then possible agree: the bar (at most the flag bar) whose possible
  pairs, those between it and the flag bar, are right at least half the time (POSSIBLE_FLOOR):
  worth a reader's look, as likely right as wrong. A lower bar chosen for balance (the best
  macro-F1, as the single-tier rule was) marks about half of all news pairs a possible
  contradiction, which a reader cannot check.

A bar counts only with at least ``min_flags`` pairs above it: a lucky handful at a high bar is
no measured precision (with 20 pairs a precision's standard error is ~0.1). Where no flag bar
reaches the target (reported as such), the fallback is the bar with the best precision among
those with ``min_flags`` flags (ties: the higher bar), so flags stay the surest pairs there are;
where no possible bar reaches its floor, that possible tier is empty (its bar is the flag bar).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stance.aggregate import AGREE, CONTRADICT, FLAG, POSSIBLE, UNRELATED, Thresholds

VERDICT_CODES = {CONTRADICT: 0, AGREE: 1, UNRELATED: 2}
TIER_CODES = {FLAG: 0, POSSIBLE: 1, None: 2}
TARGET_PRECISION = 0.75
POSSIBLE_FLOOR = 0.5
MIN_FLAGS = 20
STEP_GRID = np.round(np.arange(0.05, 0.951, 0.05), 2)

Array = npt.NDArray[np.float64]
Codes = npt.NDArray[np.int64]


def predict(e: Array, c: Array, t: Thresholds) -> tuple[Codes, Codes]:
    """``decide`` vectorised: verdict codes and tier codes (VERDICT_CODES, TIER_CODES)."""
    guarded = c < t.agree_max_contradiction
    rules = [
        (c >= t.contradiction, CONTRADICT, FLAG),
        ((e >= t.entailment) & guarded, AGREE, FLAG),
        (c >= t.possible_contradiction, CONTRADICT, POSSIBLE),
        ((e >= t.possible_entailment) & guarded, AGREE, POSSIBLE),
    ]
    verdict = np.full(len(e), VERDICT_CODES[UNRELATED], dtype=np.int64)
    tier = np.full(len(e), TIER_CODES[None], dtype=np.int64)
    open_ = np.ones(len(e), dtype=bool)
    for hit, v, k in rules:
        take = open_ & hit
        verdict[take], tier[take] = VERDICT_CODES[v], TIER_CODES[k]
        open_ &= ~take
    return verdict, tier


@dataclass(frozen=True)
class Score:
    """How one verdict fares among the pairs one selection shows."""

    precision: float | None  # None when nothing was shown
    recall: float
    shown: int  # pairs given the verdict
    correct: int

    def as_dict(self) -> dict[str, float | int | None]:
        precision = None if self.precision is None else round(self.precision, 3)
        return {
            "precision": precision,
            "recall": round(self.recall, 3),
            "shown": self.shown,
            "correct": self.correct,
        }


def score(gold: Codes, shown: npt.NDArray[np.bool_], verdict: str) -> Score:
    """Precision and recall of ``verdict`` over the pairs in ``shown``."""
    code = VERDICT_CODES[verdict]
    n, correct = int(shown.sum()), int((shown & (gold == code)).sum())
    total = int((gold == code).sum())
    return Score(correct / n if n else None, correct / total if total else 0.0, n, correct)


def tier_scores(gold: Codes, e: Array, c: Array, t: Thresholds) -> dict[str, dict[str, Score]]:
    """Per tier (flag, possible, and both together: "any") and verdict, the Score."""
    verdict, tier = predict(e, c, t)
    out: dict[str, dict[str, Score]] = {}
    for name, in_tier in (
        ("flag", tier == TIER_CODES[FLAG]),
        ("possible", tier == TIER_CODES[POSSIBLE]),
        ("any", tier != TIER_CODES[None]),
    ):
        out[name] = {
            v: score(gold, in_tier & (verdict == VERDICT_CODES[v]), v) for v in (CONTRADICT, AGREE)
        }
    return out


def macro_f1(gold: Codes, pred: Codes) -> float:
    scores = []
    for code in VERDICT_CODES.values():
        tp = int(((pred == code) & (gold == code)).sum())
        n_pred, n_gold = int((pred == code).sum()), int((gold == code).sum())
        scores.append(2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0)
    return float(np.mean(scores))


@dataclass(frozen=True)
class Fit:
    thresholds: Thresholds
    reached: dict[str, bool]  # verdict -> whether its flags reached the target on the fit rows
    macro_f1: float  # of the verdict, tiers merged, on the fit rows


Candidate = tuple[tuple[float, ...], Score]


def _reaching(candidates: list[Candidate], floor: float, min_flags: int) -> Candidate | None:
    """Of the candidates (ascending bars) with ``min_flags`` pairs and precision >= floor, the
    one with the most correct pairs (ties: higher precision, then the later, higher bar)."""
    good = [
        (k, v, s)
        for k, (v, s) in enumerate(candidates)
        if s.shown >= min_flags and s.precision is not None and s.precision >= floor
    ]
    if not good:
        return None
    _, v, s = max(good, key=lambda g: (g[2].correct, g[2].precision, g[0]))
    return v, s


def _flag_bar(
    candidates: list[Candidate], target: float, min_flags: int
) -> tuple[tuple[float, ...], bool]:
    found = _reaching(candidates, target, min_flags)
    if found is not None:
        return found[0], True
    counted = [
        (k, v, s)
        for k, (v, s) in enumerate(candidates)
        if s.shown >= min_flags and s.precision is not None
    ]
    if not counted:
        return candidates[-1][0], False  # nothing measurable: the highest bar
    _, v, _ = max(counted, key=lambda g: (g[2].precision, g[0]))
    return v, False


def fit(
    gold: Codes,
    e: Array,
    c: Array,
    *,
    target: float = TARGET_PRECISION,
    floor: float = POSSIBLE_FLOOR,
    min_flags: int = MIN_FLAGS,
    grid: Array = STEP_GRID,
) -> Fit:
    """The two tiers' thresholds for these pairs (the module docstring gives the rules)."""
    values = [float(v) for v in grid]
    # Rule 1, flag contradict: c >= C alone decides, whatever the other thresholds.
    by_c = [((v,), score(gold, c >= v, CONTRADICT)) for v in values]
    (flag_c,), c_ok = _flag_bar(by_c, target, min_flags)
    # Rule 2, flag agree, among the pairs rule 1 left.
    left = c < flag_c
    by_eg = [
        ((ev, g), score(gold, left & (e >= ev) & (c < g), AGREE))
        for ev, g in itertools.product(values, values)
        if g <= flag_c
    ]
    (flag_e, guard), e_ok = _flag_bar(by_eg, target, min_flags)
    left &= ~((e >= flag_e) & (c < guard))
    # Rule 3, possible contradict; rule 4, possible agree: the floor, else an empty tier.
    by_pc = [((v,), score(gold, left & (c >= v), CONTRADICT)) for v in values if v <= flag_c]
    found = _reaching(by_pc, floor, min_flags)
    possible_c = found[0][0] if found else flag_c
    left &= c < possible_c
    by_pe = [
        ((v,), score(gold, left & (e >= v) & (c < guard), AGREE)) for v in values if v <= flag_e
    ]
    found = _reaching(by_pe, floor, min_flags)
    possible_e = found[0][0] if found else flag_e
    chosen = Thresholds(flag_c, flag_e, guard, possible_c, possible_e)
    return Fit(chosen, {CONTRADICT: c_ok, AGREE: e_ok}, macro_f1(gold, predict(e, c, chosen)[0]))
