"""From the NLI probabilities of a pair, judged both ways, to one verdict and its tier.

Pure functions, no model. A verdict (contradict / agree / unrelated) comes in one of two tiers:

- ``flag``: the pair passed the high bar, chosen per model so that flags are right at least
  three times in four on news-domain dev pairs (scripts/calibrate_verdicts.py --tiers);
- ``possible``: it passed only the lower bar: worth a look, wrong more often than right.

The thresholds follow the model in use: configs/analyze.yaml's ``verdict:`` values when set,
else the model folder's verdict.json (stance/infer/verdict_file.py), else ``Thresholds()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from stance.errors import StanceError
from stance.labels import CONTRADICTION, ENTAILMENT, NLI_LABELS

CONTRADICT = "contradict"
AGREE = "agree"
UNRELATED = "unrelated"
VERDICTS = (CONTRADICT, AGREE, UNRELATED)

FLAG = "flag"
POSSIBLE = "possible"
TIERS = (FLAG, POSSIBLE)

# Where a threshold's value came from (the ``sources`` of Thresholds, echoed in the JSON).
FROM_CONFIG = "config"
FROM_MODEL = "model"
FROM_DEFAULT = "default"

THRESHOLD_KEYS = (
    "contradiction",
    "entailment",
    "agree_max_contradiction",
    "possible_contradiction",
    "possible_entailment",
)

Probs = Mapping[str, float]

# The keys of a count of verdicts by tier (AnalysisResult.verdicts(), corpus summaries):
# contradict and agree count the flags, the possible_ keys the second tier.
VERDICT_COUNTS = ("contradict", "agree", "possible_contradict", "possible_agree", "unrelated")


def count_verdicts(pairs: Iterable[tuple[str | None, str | None]]) -> dict[str, int]:
    """How many (verdict, tier) pairs fall under each key of VERDICT_COUNTS. A verdict without
    a tier counts as a flag: documents written before the tiers had flags only."""
    counts = dict.fromkeys(VERDICT_COUNTS, 0)
    for verdict, tier in pairs:
        key = f"possible_{verdict}" if tier == POSSIBLE else str(verdict)
        counts[key] = counts.get(key, 0) + 1
    return counts


@dataclass(frozen=True)
class Thresholds:
    """The five thresholds of the verdict rule, all resolved (see ``decide`` for the rule).

    The defaults are for a model without a verdict.json of its own (a hub model, a freshly
    trained folder): the values fitted for the shipped MiniLM model
    (models/stance-nli-minilm-l6/verdict.json; a test keeps them equal). Uncalibrated, a
    model's flags have no measured precision, so they are a guess either way; these at least
    come from a model of the same family on the same kind of pairs.
    """

    contradiction: float = 0.85  # flag contradict: P(contradiction) >= this in either direction
    entailment: float = 0.65  # flag agree: P(entailment) >= this in either direction …
    agree_max_contradiction: float = 0.85  # … and P(contradiction) below this in both (any tier)
    possible_contradiction: float = 0.40  # possible contradict: the lower bar
    possible_entailment: float = 0.40  # possible agree: the lower bar (same guard)
    # threshold name -> FROM_CONFIG / FROM_MODEL / FROM_DEFAULT; a missing name is a default.
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)
    model_file: str | None = field(default=None, compare=False)  # the verdict.json read, if any

    def __post_init__(self) -> None:
        for name in THRESHOLD_KEYS:
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise StanceError(f"config verdict.{name}: must lie in [0, 1], got {value}")

    def source(self, name: str) -> str:
        return self.sources.get(name, FROM_DEFAULT)

    def as_dict(self) -> dict[str, object]:
        """The thresholds and where each came from, as the JSON document echoes them."""
        out: dict[str, object] = {name: getattr(self, name) for name in THRESHOLD_KEYS}
        out["sources"] = {name: self.source(name) for name in THRESHOLD_KEYS}
        out["model_file"] = self.model_file
        return out


@dataclass(frozen=True)
class VerdictConfig:
    """The ``verdict:`` section of an analyze config: a value per threshold, or None.

    None (YAML ``null``, or the key left out) means "the model's own value": its verdict.json,
    else the built-in default. A value set here wins over both, for every model.
    """

    contradiction: float | None = None
    entailment: float | None = None
    agree_max_contradiction: float | None = None
    possible_contradiction: float | None = None
    possible_entailment: float | None = None

    @classmethod
    def from_config(cls, section: Mapping[str, object] | None) -> VerdictConfig:
        section = dict(section or {})
        unknown = set(section) - set(THRESHOLD_KEYS)
        if unknown:
            raise StanceError(f"config verdict: unknown key(s) {', '.join(sorted(unknown))}")
        values: dict[str, float | None] = {}
        for key, raw in section.items():
            if raw is None:
                continue
            if isinstance(raw, bool):
                raise StanceError(f"config verdict.{key}: not a number: {raw!r}")
            try:
                value = float(raw)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise StanceError(f"config verdict.{key}: not a number: {raw!r}") from None
            if not 0.0 <= value <= 1.0:
                raise StanceError(f"config verdict.{key}: must lie in [0, 1], got {value}")
            values[key] = value
        return cls(**values)

    def as_dict(self) -> dict[str, float | None]:
        return {name: getattr(self, name) for name in THRESHOLD_KEYS}

    def resolve(
        self, model_values: Mapping[str, float] | None = None, model_file: str | None = None
    ) -> Thresholds:
        """The thresholds in force: this config's values, else ``model_values`` (a model's
        verdict.json, read from ``model_file``), else the defaults of ``Thresholds``."""
        values: dict[str, float] = {}
        sources: dict[str, str] = {}
        for name in THRESHOLD_KEYS:
            mine = getattr(self, name)
            if mine is not None:
                values[name], sources[name] = mine, FROM_CONFIG
            elif model_values is not None and name in model_values:
                values[name], sources[name] = float(model_values[name]), FROM_MODEL
            else:
                sources[name] = FROM_DEFAULT
        used_file = model_file if FROM_MODEL in sources.values() else None
        return Thresholds(**values, sources=sources, model_file=used_file)


@dataclass(frozen=True)
class Decision:
    """A pair's verdict, its tier (None for unrelated) and the evidence that decided."""

    verdict: str
    tier: str | None
    evidence: dict[str, object]


def as_probs(row: Sequence[float]) -> dict[str, float]:
    """A probability row in NLI_LABELS order as a {label: probability} dict."""
    if len(row) != len(NLI_LABELS):
        raise ValueError(f"expected {len(NLI_LABELS)} probabilities, got {len(row)}")
    return {label: float(p) for label, p in zip(NLI_LABELS, row, strict=True)}


def decide(ab: Probs, ba: Probs, thresholds: Thresholds) -> Decision:
    """The verdict and tier for a pair, and the evidence for it: which direction and score.

    ``ab`` holds the probabilities with claim a as premise and b as hypothesis, ``ba`` the
    reverse; c and e below are the larger P(contradiction) and P(entailment) of the two. The
    first rule that holds decides:

    1. flag contradict:     c >= contradiction
    2. flag agree:          e >= entailment and c < agree_max_contradiction
    3. possible contradict: c >= possible_contradiction
    4. possible agree:      e >= possible_entailment and c < agree_max_contradiction
    5. unrelated.

    Within a tier contradiction comes first: one direction that clearly contradicts outweighs
    entailment in the other, since a claim cannot both follow from and contradict another.
    Across tiers a flag comes first, whichever its verdict: a flag agree (precision-calibrated)
    is stronger evidence than the weak contradiction a possible contradict rests on, so it is
    not demoted by it. The guard keeps every agreement, of either tier, free of a notable
    contradiction. A possible bar at or above its flag bar leaves that possible tier empty.
    """
    c_dir, c_max = _strongest(ab, ba, CONTRADICTION)
    e_dir, e_max = _strongest(ab, ba, ENTAILMENT)
    guarded = c_max < thresholds.agree_max_contradiction
    if c_max >= thresholds.contradiction:
        return Decision(CONTRADICT, FLAG, _evidence(CONTRADICTION, c_dir, c_max))
    if e_max >= thresholds.entailment and guarded:
        return Decision(AGREE, FLAG, _evidence(ENTAILMENT, e_dir, e_max))
    if c_max >= thresholds.possible_contradiction:
        return Decision(CONTRADICT, POSSIBLE, _evidence(CONTRADICTION, c_dir, c_max))
    if e_max >= thresholds.possible_entailment and guarded:
        return Decision(AGREE, POSSIBLE, _evidence(ENTAILMENT, e_dir, e_max))
    return Decision(UNRELATED, None, {"rule": "neither", "direction": None, "score": None})


def _evidence(rule: str, direction: str, score: float) -> dict[str, object]:
    return {"rule": rule, "direction": direction, "score": round(score, 4)}


def _strongest(ab: Probs, ba: Probs, label: str) -> tuple[str, float]:
    a, b = float(ab[label]), float(ba[label])
    return ("ab", a) if a >= b else ("ba", b)
