"""The result of an evaluation as a typed object: the numbers report.md is made from.

``Metrics.as_dict()`` is metrics.json's content, ``Metrics.to_markdown()`` is report.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["ClassScores", "Metrics"]


@dataclass(frozen=True)
class ClassScores:
    """Precision, recall and F1 of one label, and how many gold pairs have it."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Metrics:
    """Accuracy, macro-F1, per-class scores, confusion matrix and calibration of one run.

    ``labels`` orders ``confusion_matrix`` (rows gold, columns predicted); ``fnc_score`` and
    ``fnc`` are set for the FNC-1 task only; ``meta`` records the run (input, model, settings,
    speed). ``output`` is the report folder, None when ``stance.evaluate`` was given none.
    """

    n: int
    accuracy: float | None
    macro_f1: float | None
    labels: tuple[str, ...]
    per_class: Mapping[str, ClassScores]
    confusion_matrix: tuple[tuple[int, ...], ...]
    ece: float | None
    reliability: tuple[Mapping[str, Any], ...] = ()
    fnc_score: float | None = None
    fnc: Mapping[str, Any] | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    output: Path | None = None
    predictions: Path | None = None  # predictions.jsonl, one row per pair
    # metrics.json as written, kept whole so that as_dict() gives it back key for key.
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(
        cls,
        metrics: Mapping[str, Any],
        *,
        output: Path | None = None,
        predictions: Path | None = None,
    ) -> Metrics:
        """The typed form of a metrics.json mapping (``stance.eval.run.summarize``'s output)."""
        per_class = {
            label: ClassScores(
                float(s["precision"]), float(s["recall"]), float(s["f1"]), int(s["support"])
            )
            for label, s in metrics["per_class"].items()
        }
        return cls(
            n=int(metrics["n"]),
            accuracy=metrics.get("accuracy"),
            macro_f1=metrics.get("macro_f1"),
            labels=tuple(metrics["labels"]),
            per_class=per_class,
            confusion_matrix=tuple(
                tuple(int(c) for c in row) for row in metrics["confusion_matrix"]
            ),
            ece=metrics.get("ece"),
            reliability=tuple(metrics.get("reliability", ())),
            fnc_score=metrics.get("fnc_score"),
            fnc=metrics.get("fnc"),
            meta=metrics.get("meta") or {},
            output=output,
            predictions=predictions,
            raw=dict(metrics),
        )

    @property
    def warnings(self) -> list[str]:
        """What the run wants the reader to know (thresholds fitted for another setting...)."""
        return list(self.meta.get("warnings", []))

    def as_dict(self) -> dict[str, Any]:
        """metrics.json's content."""
        return dict(self.raw)

    def to_markdown(self) -> str:
        """report.md: the tables of these metrics."""
        from stance.eval.report import render_markdown, report_title

        raw = self.as_dict()
        return render_markdown(raw, report_title(raw))

    def summary(self) -> str:
        """One line: pairs, accuracy, macro-F1 (FNC-1 score, ECE when there are)."""
        parts = [
            f"{self.n} pairs",
            f"accuracy {_fmt(self.accuracy)}",
            f"macro-F1 {_fmt(self.macro_f1)}",
        ]
        if self.fnc_score is not None:
            parts.insert(1, f"FNC-1 score {self.fnc_score:.2f}%")
        if self.ece is not None:
            parts.append(f"ECE {self.ece:.4f}")
        return "; ".join(parts)

    def __repr__(self) -> str:
        return f"Metrics({self.summary()})"


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"
