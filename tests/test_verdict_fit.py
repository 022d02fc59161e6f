"""Fitting the two tiers (stance/verdict_fit.py) on made-up scored pairs."""

from __future__ import annotations

import numpy as np

from stance.aggregate import Thresholds, as_probs, decide
from stance.verdict_fit import TIER_CODES, VERDICT_CODES, fit, predict, score, tier_scores

C, A, U = VERDICT_CODES["contradict"], VERDICT_CODES["agree"], VERDICT_CODES["unrelated"]


def test_predict_is_decide_vectorised() -> None:
    rng = np.random.default_rng(0)
    rows = rng.dirichlet([0.5, 0.5, 0.5], size=(2000, 2))
    t = Thresholds(0.7, 0.6, 0.5, 0.3, 0.35)
    e, c = rows[:, :, 0].max(axis=1), rows[:, :, 2].max(axis=1)
    verdict, tier = predict(e, c, t)
    for i in range(len(rows)):
        d = decide(as_probs(rows[i, 0]), as_probs(rows[i, 1]), t)
        assert (verdict[i], tier[i]) == (VERDICT_CODES[d.verdict], TIER_CODES[d.tier])


def test_score_precision_and_recall() -> None:
    gold = np.array([C, C, C, A])
    s = score(gold, np.array([True, True, False, True]), "contradict")
    assert (s.precision, s.recall, s.shown, s.correct) == (2 / 3, 2 / 3, 3, 2)
    assert score(gold, np.zeros(4, dtype=bool), "agree").precision is None


def synthetic(n: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Contradictions with c spread over (0.3, 1), agreements with e over (0.3, 1), unrelated
    pairs low on both; a quarter of the unrelated pairs look like contradictions up to c=0.75."""
    rng = np.random.default_rng(seed)
    gold = np.repeat([C, A, U], n)
    e, c = rng.uniform(0, 0.2, 3 * n), rng.uniform(0, 0.2, 3 * n)
    c[:n] = rng.uniform(0.3, 1.0, n)
    e[n : 2 * n] = rng.uniform(0.3, 1.0, n)
    fooled = np.arange(2 * n, 2 * n + n // 4)
    c[fooled] = rng.uniform(0.3, 0.75, len(fooled))
    return gold, e, c


def test_flags_reach_the_target_with_the_lowest_bar() -> None:
    gold, e, c = synthetic()
    result = fit(gold, e, c)
    t = result.thresholds
    assert result.reached == {"contradict": True, "agree": True}
    flags = tier_scores(gold, e, c, t)["flag"]
    assert flags["contradict"].precision >= 0.75 and flags["agree"].precision >= 0.75
    # No bar that reaches the target flags more of the contradictions (the best recall), and
    # of those that flag as many, none is higher (ties: fewer flags).
    chosen = score(gold, c >= t.contradiction, "contradict")
    for v in np.round(np.arange(0.05, 0.951, 0.05), 2):
        other = score(gold, c >= v, "contradict")
        if other.precision is not None and other.precision >= 0.75 and other.shown >= 20:
            assert other.correct <= chosen.correct
            if other.correct == chosen.correct and other.precision == chosen.precision:
                assert v <= t.contradiction
    assert score(gold, c >= 0.05, "contradict").precision < 0.75  # the fit had work to do
    # Possibles sit below the flags and are right at least half the time.
    assert t.possible_contradiction <= t.contradiction
    assert t.possible_entailment <= t.entailment
    possible = tier_scores(gold, e, c, t)["possible"]["contradict"]
    assert possible.shown == 0 or possible.precision >= 0.5


def test_unreachable_target_falls_back_to_the_most_precise_bar() -> None:
    rng = np.random.default_rng(1)
    n = 300
    gold = np.repeat([C, U], n)
    c = rng.uniform(0, 1, 2 * n)  # contradiction scores carry no information
    e = np.zeros(2 * n)
    result = fit(gold, e, c)
    assert result.reached["contradict"] is False
    t = result.thresholds
    chosen = score(gold, c >= t.contradiction, "contradict")
    assert chosen.shown >= 20
    for v in np.round(np.arange(0.05, 0.951, 0.05), 2):
        other = score(gold, c >= v, "contradict")
        if other.shown >= 20:
            assert other.precision <= chosen.precision + 1e-12


def test_too_few_flags_do_not_count() -> None:
    gold, e, c = synthetic(n=30)
    assert fit(gold, e, c, min_flags=10_000).reached == {"contradict": False, "agree": False}
