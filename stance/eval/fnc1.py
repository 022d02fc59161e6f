"""The official FNC-1 score, reproducing the competition's scorer.py line for line.

Per pair: +0.25 when gold and predicted label are equal, +0.50 more when that label is not
``unrelated``, and +0.25 when both gold and prediction are related (agree, disagree or discuss)
even if they differ. So a correct related label earns 1.0, a correct unrelated 0.25, and a related
pair given the wrong related label 0.25. The relative score is the score as a percentage of the
score of a perfect submission (``score_submission(gold, gold)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = LABELS[0:3]


def score_submission(
    gold_labels: Sequence[str], test_labels: Sequence[str]
) -> tuple[float, list[list[int]]]:
    """The raw score and the 4x4 confusion matrix (rows gold, columns predicted, LABELS order)."""
    if len(gold_labels) != len(test_labels):
        raise ValueError(f"{len(gold_labels)} gold labels but {len(test_labels)} predictions")
    score = 0.0
    cm = [[0, 0, 0, 0] for _ in LABELS]
    for g_stance, t_stance in zip(gold_labels, test_labels, strict=True):
        if g_stance not in LABELS or t_stance not in LABELS:
            raise ValueError(f"FNC-1 labels are {LABELS}; got {g_stance!r} / {t_stance!r}")
        if g_stance == t_stance:
            score += 0.25
            if g_stance != "unrelated":
                score += 0.50
        if g_stance in RELATED and t_stance in RELATED:
            score += 0.25
        cm[LABELS.index(g_stance)][LABELS.index(t_stance)] += 1
    return score, cm


def score_defaults(gold_labels: Sequence[str]) -> tuple[float, float]:
    """The all-unrelated baseline score and the maximum possible score."""
    unrelated = sum(1 for g in gold_labels if g == "unrelated")
    null_score = 0.25 * unrelated
    return null_score, null_score + (len(gold_labels) - unrelated)


def fnc_score(gold_labels: Sequence[str], test_labels: Sequence[str]) -> dict[str, float | None]:
    """Score, max, all-unrelated baseline and the relative score in percent (None if max is 0)."""
    score, _ = score_submission(gold_labels, test_labels)
    best, _ = score_submission(gold_labels, gold_labels)
    null_score, _ = score_defaults(gold_labels)
    return {
        "relative": 100.0 * score / best if best else None,
        "score": score,
        "max_score": best,
        "null_score": null_score,
        "null_relative": 100.0 * null_score / best if best else None,
    }


# ------------------------------------------------------------------ NLI outputs -> FNC-1 labels
#
# A pair is first judged related or unrelated by its relevance score (cosine similarity of the
# headline's all-MiniLM-L6-v2 embedding and the body's, see stance.eval.fnc1_features). A related
# pair is scored by NLI exactly as ``stance batch`` scores it: the body is split into sentence
# windows, each window is judged against the headline, and the windows are aggregated
# SummaC-style (stance.windows): the deciding window is the most entailing one when its
# P(entailment) is at least the most contradicting one's P(contradiction), else the most
# contradicting one. With ent/con the deciding window's P(entailment)/P(contradiction):
#     agree     if ent >= con and ent >= agree_threshold
#     disagree  if con >  ent and con >= disagree_threshold
#     discuss   otherwise (no part of the body takes a side strongly enough: it reports)
# The relevance feature, the three thresholds and the relevance calibration are fitted on the
# FNC-1 train part only (``fit_relevance``, ``fit_stance``, ``fit_calibration``) and kept in
# configs/fnc1.yaml.

RELEVANCE_FEATURES = ("mean", "max")  # cosine to the mean sentence embedding / best sentence
RELATED_GRID = tuple(round(0.01 * i, 2) for i in range(0, 91))
STANCE_GRID = tuple(round(0.05 * i, 2) for i in range(1, 20))


@dataclass(frozen=True)
class FNC1Config:
    relevance_feature: str = "mean"
    related_threshold: float = 0.35
    agree_threshold: float = 0.5
    disagree_threshold: float = 0.5
    # P(related) = sigmoid(slope * relevance + intercept): used for confidence and ECE only.
    relevance_slope: float = 10.0
    relevance_intercept: float = -3.5
    fitted: dict[str, Any] = field(default_factory=dict)  # provenance of the fitted values

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def decide(relevance: np.ndarray, ent: np.ndarray, con: np.ndarray, cfg: FNC1Config) -> list[str]:
    """FNC-1 labels from relevance scores and the aggregated NLI probabilities (see above)."""
    relevance, ent, con = (np.asarray(x, dtype=np.float64) for x in (relevance, ent, con))
    stance = np.where(
        ent >= con,
        np.where(ent >= cfg.agree_threshold, "agree", "discuss"),
        np.where(con >= cfg.disagree_threshold, "disagree", "discuss"),
    )
    return np.where(relevance >= cfg.related_threshold, stance, "unrelated").tolist()


def label_probs(relevance: np.ndarray, nli_probs: np.ndarray, cfg: FNC1Config) -> np.ndarray:
    """An (N, 4) distribution over LABELS, for confidence and calibration (not for decisions).

    P(unrelated) = 1 - P(related), P(related) from the fitted logistic on the relevance score;
    the related mass is shared out by the aggregated NLI distribution: entailment to agree,
    contradiction to disagree, neutral to discuss. Pairs never sent to NLI (rows of NaN) put
    their related mass on discuss.
    """
    rel = np.asarray(relevance, dtype=np.float64)
    nli = np.asarray(nli_probs, dtype=np.float64).reshape(-1, 3)
    nli = np.where(np.isnan(nli), np.array([0.0, 1.0, 0.0]), nli)
    p_rel = 1.0 / (1.0 + np.exp(-(cfg.relevance_slope * rel + cfg.relevance_intercept)))
    e, n, c = nli[:, 0], nli[:, 1], nli[:, 2]  # NLI_LABELS order
    return np.stack([p_rel * e, p_rel * c, p_rel * n, 1.0 - p_rel], axis=1)


def fit_relevance(features: dict[str, np.ndarray], related: np.ndarray) -> tuple[str, float, float]:
    """Grid-search the relevance feature and threshold for related/unrelated accuracy.

    Returns (feature, threshold, accuracy). Related/unrelated correctness is the part of the
    FNC-1 score that relevance alone controls (0.25 per pair either way), so accuracy is its
    objective. Ties go to the first feature and the lowest threshold.
    """
    related = np.asarray(related, dtype=bool)
    best = ("", 0.0, -1.0)
    for name in RELEVANCE_FEATURES:
        values = np.asarray(features[name], dtype=np.float64)
        for t in RELATED_GRID:
            acc = float(np.mean((values >= t) == related))
            if acc > best[2]:
                best = (name, t, acc)
    return best


def fit_stance(
    gold: Sequence[str], predicted_related: np.ndarray, ent: np.ndarray, con: np.ndarray
) -> tuple[float, float, float]:
    """Grid-search the agree/disagree thresholds for the FNC-1 score, relevance held fixed.

    ``ent``/``con`` need values only where ``predicted_related``. Returns (agree, disagree,
    relative score). Ties go to the lowest thresholds.
    """
    gold_idx = np.array([LABELS.index(g) for g in gold])
    mask = np.asarray(predicted_related, dtype=bool)
    best_score, _ = score_submission(list(gold), list(gold))
    best = (STANCE_GRID[0], STANCE_GRID[0], -1.0)
    for ta in STANCE_GRID:
        for td in STANCE_GRID:
            cfg = FNC1Config(related_threshold=0.5, agree_threshold=ta, disagree_threshold=td)
            pred = decide(np.where(mask, 1.0, 0.0), ent, con, cfg)
            pred_idx = np.array([LABELS.index(p) for p in pred])
            rel = 100.0 * _score_array(gold_idx, pred_idx) / best_score if best_score else 0.0
            if rel > best[2]:
                best = (ta, td, rel)
    return best


def _score_array(gold_idx: np.ndarray, pred_idx: np.ndarray) -> float:
    """score_submission on label indices, vectorised for the grid search (same arithmetic)."""
    same = gold_idx == pred_idx
    unrelated = LABELS.index("unrelated")
    both_related = (gold_idx != unrelated) & (pred_idx != unrelated)
    return float(
        0.25 * same.sum()
        + 0.50 * (same & (gold_idx != unrelated)).sum()
        + 0.25 * both_related.sum()
    )


def fit_calibration(relevance: np.ndarray, related: np.ndarray) -> tuple[float, float]:
    """Logistic P(related | relevance score), for confidence/ECE: (slope, intercept)."""
    from sklearn.linear_model import LogisticRegression

    related = np.asarray(related, dtype=int)
    if related.min() == related.max():
        return FNC1Config.relevance_slope, FNC1Config.relevance_intercept
    lr = LogisticRegression(C=100.0).fit(np.asarray(relevance).reshape(-1, 1), related)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])
