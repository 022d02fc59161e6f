"""Verdicts from two-way NLI probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from stance.aggregate import AGREE, CONTRADICT, UNRELATED, Thresholds, as_probs, decide
from stance.errors import StanceError

T = Thresholds(contradiction=0.6, entailment=0.6, agree_max_contradiction=0.2)


def p(e: float, n: float, c: float) -> dict[str, float]:
    return {"entailment": e, "neutral": n, "contradiction": c}


NEUTRAL = p(0.1, 0.8, 0.1)


@pytest.mark.parametrize(
    ("ab", "ba", "verdict", "direction"),
    [
        (p(0.05, 0.15, 0.8), NEUTRAL, CONTRADICT, "ab"),
        (NEUTRAL, p(0.05, 0.15, 0.8), CONTRADICT, "ba"),
        (p(0.85, 0.1, 0.05), NEUTRAL, AGREE, "ab"),
        (NEUTRAL, p(0.7, 0.25, 0.05), AGREE, "ba"),
        (NEUTRAL, NEUTRAL, UNRELATED, None),
        # Entailment one way, clear contradiction the other: contradiction wins.
        (p(0.9, 0.05, 0.05), p(0.1, 0.2, 0.7), CONTRADICT, "ba"),
        # Entailment high but contradiction not low in the other direction: not agree.
        (p(0.75, 0.2, 0.05), p(0.2, 0.5, 0.3), UNRELATED, None),
        # Both below their thresholds.
        (p(0.5, 0.2, 0.3), p(0.3, 0.2, 0.5), UNRELATED, None),
    ],
)
def test_decide(ab, ba, verdict, direction) -> None:
    got, evidence = decide(ab, ba, T)
    assert got == verdict
    assert evidence["direction"] == direction


def test_thresholds_are_inclusive() -> None:
    assert decide(p(0.2, 0.2, 0.6), NEUTRAL, T)[0] == CONTRADICT
    assert decide(p(0.2, 0.21, 0.59), NEUTRAL, T)[0] == UNRELATED
    assert decide(p(0.6, 0.3, 0.1), NEUTRAL, T)[0] == AGREE
    # agree_max_contradiction is a strict upper bound.
    assert decide(p(0.6, 0.2, 0.2), NEUTRAL, T)[0] == UNRELATED


def test_thresholds_change_the_verdict() -> None:
    ab = p(0.1, 0.45, 0.45)
    assert decide(ab, NEUTRAL, T)[0] == UNRELATED
    assert decide(ab, NEUTRAL, Thresholds(contradiction=0.4))[0] == CONTRADICT


def test_verdict_does_not_depend_on_pair_order() -> None:
    rng = np.random.default_rng(0)
    for _ in range(500):
        ab, ba = (as_probs(r) for r in rng.dirichlet([0.5, 0.5, 0.5], size=2))
        v1, e1 = decide(ab, ba, T)
        v2, e2 = decide(ba, ab, T)
        assert v1 == v2
        assert e1["score"] == e2["score"]


def test_as_probs_order_and_length() -> None:
    assert as_probs([0.7, 0.2, 0.1]) == pytest.approx(p(0.7, 0.2, 0.1))
    with pytest.raises(ValueError):
        as_probs([0.5, 0.5])


def test_thresholds_from_config() -> None:
    t = Thresholds.from_config({"contradiction": 0.7, "entailment": "0.65"})
    default = Thresholds().agree_max_contradiction
    assert (t.contradiction, t.entailment, t.agree_max_contradiction) == (0.7, 0.65, default)
    assert Thresholds.from_config(None) == Thresholds()


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"contradicton": 0.5}, "unknown key"),
        ({"entailment": "high"}, "not a number"),
        ({"contradiction": 1.5}, "[0, 1]"),
    ],
)
def test_bad_threshold_config(section, message) -> None:
    with pytest.raises(StanceError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Thresholds.from_config(section)


def test_defaults_match_the_project_config() -> None:
    # The code defaults and configs/analyze.yaml are calibrated together; they must not drift.
    from stance.config import load_analyze_config

    assert Thresholds.from_config(load_analyze_config().get("verdict")) == Thresholds()
