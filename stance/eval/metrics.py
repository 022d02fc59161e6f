"""Classification and calibration metrics. Pure functions over label lists and probabilities."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

N_BINS = 10


def classification_metrics(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]
) -> dict[str, object]:
    """Accuracy, macro-F1, per-class precision/recall/F1/support and the confusion matrix.

    ``labels`` fixes the row/column order of the matrix (rows gold, columns predicted). Macro-F1
    averages over the labels that occur in ``gold``: a class the evaluated set never contains
    (HANS-style sets have no entailment) has no defined recall and would only add a zero.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    labels = list(labels)
    unknown = (set(gold) | set(pred)) - set(labels)
    if unknown:
        raise ValueError(f"labels {sorted(unknown)} are not in the scheme {labels}")
    if not gold:
        return {
            "accuracy": None,
            "macro_f1": None,
            "per_class": {lab: _empty_class() for lab in labels},
            "confusion_matrix": [[0] * len(labels) for _ in labels],
            "labels": labels,
            "n": 0,
        }
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0.0)
    present = [lab for lab in labels if lab in set(gold)]
    macro = float(np.mean([f[labels.index(lab)] for lab in present]))
    return {
        "accuracy": float(accuracy_score(gold, pred)),
        "macro_f1": macro,
        "per_class": {
            lab: {
                "precision": float(p[i]),
                "recall": float(r[i]),
                "f1": float(f[i]),
                "support": int(s[i]),
            }
            for i, lab in enumerate(labels)
        },
        "confusion_matrix": confusion_matrix(gold, pred, labels=labels).tolist(),
        "labels": labels,
        "n": len(gold),
    }


def _empty_class() -> dict[str, float | int]:
    return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}


def _bin_index(confidence: np.ndarray, n_bins: int) -> np.ndarray:
    # Bins are (0, 0.1], (0.1, 0.2], ..., so a confidence of exactly 1.0 falls in the last bin.
    return np.clip(np.ceil(confidence * n_bins).astype(int) - 1, 0, n_bins - 1)


def reliability_bins(
    confidence: Sequence[float], correct: Sequence[bool], n_bins: int = N_BINS
) -> list[dict[str, float | int | None]]:
    """Per equal-width confidence bin: its edges, count, mean confidence and accuracy."""
    conf = np.asarray(confidence, dtype=np.float64)
    hit = np.asarray(correct, dtype=np.float64)
    if conf.shape != hit.shape:
        raise ValueError("confidence and correct differ in length")
    if conf.size and (conf.min() < 0 or conf.max() > 1):
        raise ValueError("confidence must lie in [0, 1]")
    idx = _bin_index(conf, n_bins)
    out: list[dict[str, float | int | None]] = []
    for b in range(n_bins):
        mask = idx == b
        count = int(mask.sum())
        out.append(
            {
                "lower": b / n_bins,
                "upper": (b + 1) / n_bins,
                "count": count,
                "confidence": float(conf[mask].mean()) if count else None,
                "accuracy": float(hit[mask].mean()) if count else None,
            }
        )
    return out


def expected_calibration_error(
    confidence: Sequence[float], correct: Sequence[bool], n_bins: int = N_BINS
) -> float | None:
    """ECE: the count-weighted mean gap between accuracy and confidence over equal-width bins.

    ``confidence`` is the probability the model gave its predicted label (top-label ECE).
    """
    bins = reliability_bins(confidence, correct, n_bins)
    total = sum(int(b["count"]) for b in bins)  # type: ignore[arg-type]
    if total == 0:
        return None
    gap = sum(
        int(b["count"]) * abs(float(b["accuracy"]) - float(b["confidence"]))  # type: ignore[arg-type]
        for b in bins
        if b["count"]
    )
    return gap / total
