"""From the NLI probabilities of a pair, judged both ways, to one verdict.

Pure functions, no model: the thresholds come from the ``verdict:`` section of the analyze
config (configs/analyze.yaml explains their values).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from stance.errors import StanceError
from stance.labels import CONTRADICTION, ENTAILMENT, NLI_LABELS

CONTRADICT = "contradict"
AGREE = "agree"
UNRELATED = "unrelated"
VERDICTS = (CONTRADICT, AGREE, UNRELATED)

Probs = Mapping[str, float]


@dataclass(frozen=True)
class Thresholds:
    # Used when the config has no verdict section; configs/analyze.yaml gives the reasons
    # (calibration on news-domain dev pairs, scripts/calibrate_verdicts.py).
    contradiction: float = 0.30  # contradict when P(contradiction) >= this in either direction
    entailment: float = 0.25  # agree needs P(entailment) >= this in either direction …
    agree_max_contradiction: float = 0.30  # … and P(contradiction) below this in both

    def __post_init__(self) -> None:
        for name in ("contradiction", "entailment", "agree_max_contradiction"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise StanceError(f"config verdict.{name}: must lie in [0, 1], got {value}")

    @classmethod
    def from_config(cls, section: Mapping[str, object] | None) -> Thresholds:
        section = dict(section or {})
        unknown = set(section) - {"contradiction", "entailment", "agree_max_contradiction"}
        if unknown:
            raise StanceError(f"config verdict: unknown key(s) {', '.join(sorted(unknown))}")
        values: dict[str, float] = {}
        for key, raw in section.items():
            try:
                values[key] = float(raw)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise StanceError(f"config verdict.{key}: not a number: {raw!r}") from None
        return cls(**values)


def as_probs(row: Sequence[float]) -> dict[str, float]:
    """A probability row in NLI_LABELS order as a {label: probability} dict."""
    if len(row) != len(NLI_LABELS):
        raise ValueError(f"expected {len(NLI_LABELS)} probabilities, got {len(row)}")
    return {label: float(p) for label, p in zip(NLI_LABELS, row, strict=True)}


def decide(ab: Probs, ba: Probs, thresholds: Thresholds) -> tuple[str, dict[str, object]]:
    """The verdict for a pair and the evidence for it: which direction and score decided.

    ``ab`` holds the probabilities with claim a as premise and b as hypothesis, ``ba`` the
    reverse. Contradiction is checked first: one direction that clearly contradicts outweighs
    entailment in the other, since a claim cannot both follow from and contradict another.
    """
    c_dir, c_max = _strongest(ab, ba, CONTRADICTION)
    if c_max >= thresholds.contradiction:
        return CONTRADICT, {"rule": "contradiction", "direction": c_dir, "score": round(c_max, 4)}
    e_dir, e_max = _strongest(ab, ba, ENTAILMENT)
    if e_max >= thresholds.entailment and c_max < thresholds.agree_max_contradiction:
        return AGREE, {"rule": "entailment", "direction": e_dir, "score": round(e_max, 4)}
    return UNRELATED, {"rule": "neither", "direction": None, "score": None}


def _strongest(ab: Probs, ba: Probs, label: str) -> tuple[str, float]:
    a, b = float(ab[label]), float(ba[label])
    return ("ab", a) if a >= b else ("ba", b)
