"""Verdicts and tiers from two-way NLI probabilities; the verdict section of the config."""

from __future__ import annotations

import numpy as np
import pytest

from stance.aggregate import (
    AGREE,
    CONTRADICT,
    FLAG,
    FROM_CONFIG,
    FROM_DEFAULT,
    FROM_MODEL,
    POSSIBLE,
    THRESHOLD_KEYS,
    UNRELATED,
    Thresholds,
    VerdictConfig,
    as_probs,
    decide,
)
from stance.errors import StanceError

# Flags at 0.6, possibles at 0.3; any agreement needs P(contradiction) < 0.2.
T = Thresholds(
    contradiction=0.6,
    entailment=0.6,
    agree_max_contradiction=0.2,
    possible_contradiction=0.3,
    possible_entailment=0.3,
)


def p(e: float, n: float, c: float) -> dict[str, float]:
    return {"entailment": e, "neutral": n, "contradiction": c}


NEUTRAL = p(0.1, 0.8, 0.1)


@pytest.mark.parametrize(
    ("ab", "ba", "verdict", "tier", "direction"),
    [
        (p(0.05, 0.15, 0.8), NEUTRAL, CONTRADICT, FLAG, "ab"),
        (NEUTRAL, p(0.05, 0.15, 0.8), CONTRADICT, FLAG, "ba"),
        (p(0.85, 0.1, 0.05), NEUTRAL, AGREE, FLAG, "ab"),
        (NEUTRAL, p(0.7, 0.25, 0.05), AGREE, FLAG, "ba"),
        (NEUTRAL, NEUTRAL, UNRELATED, None, None),
        # Entailment one way, clear contradiction the other: contradiction wins.
        (p(0.9, 0.05, 0.05), p(0.1, 0.2, 0.7), CONTRADICT, FLAG, "ba"),
        # Between the bars: the second tier.
        (p(0.1, 0.5, 0.4), NEUTRAL, CONTRADICT, POSSIBLE, "ab"),
        (NEUTRAL, p(0.45, 0.5, 0.05), AGREE, POSSIBLE, "ba"),
        # Entailment at the flag bar but contradiction not low the other way: the guard stops
        # the agreement, and the contradiction reaches the possible bar.
        (p(0.75, 0.2, 0.05), p(0.2, 0.45, 0.35), CONTRADICT, POSSIBLE, "ba"),
        # Guarded (0.25 >= 0.2) and below the possible contradiction bar: nothing.
        (p(0.75, 0.2, 0.05), p(0.2, 0.55, 0.25), UNRELATED, None, None),
        # Below both bars.
        (p(0.25, 0.55, 0.2), p(0.2, 0.55, 0.25), UNRELATED, None, None),
    ],
)
def test_decide(ab, ba, verdict, tier, direction) -> None:
    got = decide(ab, ba, T)
    assert (got.verdict, got.tier) == (verdict, tier)
    assert got.evidence["direction"] == direction


def test_each_bar_is_inclusive() -> None:
    assert decide(p(0.2, 0.2, 0.6), NEUTRAL, T).tier == FLAG
    assert decide(p(0.2, 0.21, 0.59), NEUTRAL, T).tier == POSSIBLE
    assert decide(p(0.2, 0.5, 0.3), NEUTRAL, T).tier == POSSIBLE
    assert decide(p(0.2, 0.51, 0.29), NEUTRAL, T).verdict == UNRELATED
    assert decide(p(0.6, 0.3, 0.1), NEUTRAL, T).tier == FLAG
    assert decide(p(0.59, 0.31, 0.1), NEUTRAL, T).tier == POSSIBLE
    assert decide(p(0.3, 0.6, 0.1), NEUTRAL, T).tier == POSSIBLE
    assert decide(p(0.29, 0.61, 0.1), NEUTRAL, T).verdict == UNRELATED
    # agree_max_contradiction is a strict upper bound, for both tiers.
    guarded = Thresholds(0.6, 0.6, 0.2, 0.5, 0.3)
    assert decide(p(0.6, 0.2, 0.2), NEUTRAL, guarded).verdict == UNRELATED
    assert decide(p(0.4, 0.4, 0.2), NEUTRAL, guarded).verdict == UNRELATED
    assert decide(p(0.4, 0.41, 0.19), NEUTRAL, guarded).verdict == AGREE


def test_order_flag_agree_beats_possible_contradict() -> None:
    # A loose guard lets a sure agreement through although its contradiction reaches the
    # possible bar: the precision-calibrated flag is the stronger evidence.
    loose = Thresholds(0.9, 0.6, 0.5, 0.3, 0.3)
    got = decide(p(0.6, 0.0, 0.4), NEUTRAL, loose)
    assert (got.verdict, got.tier) == (AGREE, FLAG)
    # The same contradiction without the sure entailment is a possible contradiction.
    got = decide(p(0.5, 0.1, 0.4), NEUTRAL, loose)
    assert (got.verdict, got.tier) == (CONTRADICT, POSSIBLE)


def test_possible_bar_above_the_flag_bar_empties_the_tier() -> None:
    odd = Thresholds(0.5, 0.6, 0.2, 0.7, 0.9)
    assert decide(p(0.1, 0.3, 0.6), NEUTRAL, odd).tier == FLAG
    assert decide(p(0.1, 0.45, 0.45), NEUTRAL, odd).verdict == UNRELATED


def test_verdict_does_not_depend_on_pair_order() -> None:
    rng = np.random.default_rng(0)
    for _ in range(500):
        ab, ba = (as_probs(r) for r in rng.dirichlet([0.5, 0.5, 0.5], size=2))
        one, two = decide(ab, ba, T), decide(ba, ab, T)
        assert (one.verdict, one.tier) == (two.verdict, two.tier)
        assert one.evidence["score"] == two.evidence["score"]


def test_raising_a_flag_bar_only_moves_pairs_down_a_tier() -> None:
    rng = np.random.default_rng(1)
    stricter = Thresholds(0.8, 0.6, 0.2, 0.3, 0.3)
    rank = {FLAG: 2, POSSIBLE: 1, None: 0}
    for _ in range(500):
        ab, ba = (as_probs(r) for r in rng.dirichlet([0.5, 0.5, 0.5], size=2))
        assert rank[decide(ab, ba, stricter).tier] <= rank[decide(ab, ba, T).tier]


def test_as_probs_order_and_length() -> None:
    assert as_probs([0.7, 0.2, 0.1]) == pytest.approx(p(0.7, 0.2, 0.1))
    with pytest.raises(ValueError):
        as_probs([0.5, 0.5])


def test_verdict_config_from_config() -> None:
    v = VerdictConfig.from_config(
        {"contradiction": 0.7, "entailment": "0.65", "possible_entailment": None}
    )
    assert (v.contradiction, v.entailment, v.possible_entailment) == (0.7, 0.65, None)
    assert VerdictConfig.from_config(None) == VerdictConfig()


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"contradicton": 0.5}, "unknown key"),
        ({"entailment": "high"}, "not a number"),
        ({"entailment": True}, "not a number"),
        ({"contradiction": 1.5}, "[0, 1]"),
        ({"possible_contradiction": -0.1}, "[0, 1]"),
    ],
)
def test_bad_verdict_config(section, message) -> None:
    with pytest.raises(StanceError, match=message.replace("[", r"\[").replace("]", r"\]")):
        VerdictConfig.from_config(section)


def test_resolution_order_config_then_model_then_default() -> None:
    model = {
        "contradiction": 0.9,
        "entailment": 0.55,
        "agree_max_contradiction": 0.25,
        "possible_contradiction": 0.25,
        "possible_entailment": 0.45,
    }
    config = VerdictConfig(contradiction=0.7)
    t = config.resolve(model, "m/verdict.json")
    assert (t.contradiction, t.entailment, t.possible_entailment) == (0.7, 0.55, 0.45)
    assert t.source("contradiction") == FROM_CONFIG and t.source("entailment") == FROM_MODEL
    assert t.model_file == "m/verdict.json"
    bare = config.resolve()
    assert bare.entailment == Thresholds().entailment and bare.contradiction == 0.7
    assert bare.source("entailment") == FROM_DEFAULT and bare.model_file is None
    # Every value from the config: the model file is not named, since nothing came from it.
    everything = VerdictConfig(**dict.fromkeys(THRESHOLD_KEYS, 0.5)).resolve(model, "m")
    assert everything.model_file is None
    assert set(everything.as_dict()["sources"].values()) == {FROM_CONFIG}  # type: ignore[union-attr]


def test_defaults_match_the_project_config_and_the_minilm_file() -> None:
    # configs/analyze.yaml leaves every threshold to the model; the built-in defaults are the
    # values fitted for the MiniLM model, so the two must not drift apart.
    from stance.config import load_analyze_config
    from stance.infer.backend import MODELS_DIR
    from stance.infer.verdict_file import read_verdict_file

    assert VerdictConfig.from_config(load_analyze_config().get("verdict")) == VerdictConfig()
    minilm = read_verdict_file(MODELS_DIR / "stance-nli-minilm-l6" / "verdict.json")
    assert Thresholds(**minilm) == Thresholds()
