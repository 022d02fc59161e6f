"""The three NLI labels and the mapping of a model's own label names onto them."""

from __future__ import annotations

from collections.abc import Mapping

ENTAILMENT = "entailment"
NEUTRAL = "neutral"
CONTRADICTION = "contradiction"
# Canonical column order of every probability array stance produces.
NLI_LABELS: tuple[str, str, str] = (ENTAILMENT, NEUTRAL, CONTRADICTION)

# Names seen in the id2label of public NLI models and in dataset files.
_ALIASES: dict[str, str] = {
    "entailment": ENTAILMENT,
    "entails": ENTAILMENT,
    "entail": ENTAILMENT,
    "e": ENTAILMENT,
    "yes": ENTAILMENT,
    "true": ENTAILMENT,
    "supports": ENTAILMENT,
    "supported": ENTAILMENT,
    "neutral": NEUTRAL,
    "n": NEUTRAL,
    "unknown": NEUTRAL,
    "not_enough_info": NEUTRAL,
    "nei": NEUTRAL,
    "contradiction": CONTRADICTION,
    "contradicts": CONTRADICTION,
    "contradict": CONTRADICTION,
    "c": CONTRADICTION,
    "refutes": CONTRADICTION,
    "refuted": CONTRADICTION,
}


def canonical_label(name: str) -> str | None:
    """Map a label name to one of NLI_LABELS, case and punctuation tolerant; None if unknown."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    return _ALIASES.get(key)


class LabelMappingError(ValueError):
    """A model's labels cannot be mapped onto entailment / neutral / contradiction."""


def resolve_label_order(
    id2label: Mapping[int, str], override: Mapping[str, str] | None = None
) -> list[int]:
    """Return, for each of NLI_LABELS, the index of the model output that holds it.

    ``override`` maps the model's own label names (``LABEL_0`` …) to NLI label names; it is how a
    model whose config carries only generic names is made usable.
    """
    if len(id2label) != 3:
        raise LabelMappingError(
            f"model has {len(id2label)} output labels ({dict(id2label)}); an NLI model needs 3"
        )
    override = {k.lower(): v for k, v in (override or {}).items()}
    found: dict[str, int] = {}
    for idx, name in id2label.items():
        raw = str(name)
        target = override.get(raw.lower()) or canonical_label(raw)
        if target is not None:
            target = canonical_label(target)
        if target is None:
            raise LabelMappingError(
                f"cannot map model label {raw!r} (id {idx}) to entailment/neutral/contradiction; "
                "pass a label override such as --label-map LABEL_0=contradiction,..."
            )
        if target in found:
            raise LabelMappingError(f"two model labels map to {target!r}: {dict(id2label)}")
        found[target] = int(idx)
    return [found[label] for label in NLI_LABELS]


def parse_label_override(spec: str | None) -> dict[str, str]:
    """Parse ``LABEL_0=contradiction,LABEL_1=entailment`` into a dict."""
    if not spec:
        return {}
    out: dict[str, str] = {}
    for part in spec.split(","):
        if "=" not in part:
            raise LabelMappingError(f"label override {part!r} is not NAME=label")
        key, value = part.split("=", 1)
        if canonical_label(value) is None:
            raise LabelMappingError(f"label override {part!r}: {value!r} is not an NLI label")
        out[key.strip()] = value.strip()
    return out
