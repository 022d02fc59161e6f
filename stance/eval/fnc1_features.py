"""The model side of the FNC-1 task: relevance scores, windowed NLI, fitting the thresholds.

Pure decisions and the official score live in ``stance.eval.fnc1``; this module runs the models.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np

from stance.eval.fnc1 import (
    FNC1Config,
    decide,
    fit_calibration,
    fit_relevance,
    fit_stance,
    fnc_score,
    label_probs,
)
from stance.infer.backend import NLIBackend
from stance.pair import Embedder
from stance.windows import Window, score_pairs, split_sentences

Progress = Callable[[int], None]


def body_sentences(body: str) -> list[str]:
    """The body's sentences (stance.windows' splitter), or the whole body when it has none."""
    sents = [body[s:e].strip() for s, e in split_sentences(body)]
    return [s for s in sents if s] or [body.strip() or body]


def relevance_features(
    headlines: Sequence[str], bodies: Sequence[str], embedder: Embedder, batch_size: int = 64
) -> dict[str, np.ndarray]:
    """Per pair, the cosine of the headline and the body: ``mean`` against the body's mean
    sentence embedding (re-normalised), ``max`` against its most similar sentence.

    Each distinct body and headline is embedded once: FNC-1 pairs reuse both heavily.
    """
    uniq_bodies = list(dict.fromkeys(bodies))
    uniq_heads = list(dict.fromkeys(headlines))
    sents_of = [body_sentences(b) for b in uniq_bodies]
    flat = [s for sents in sents_of for s in sents]
    sent_vecs = embedder.encode(flat, batch_size=batch_size)
    head_vecs = embedder.encode(uniq_heads, batch_size=batch_size)
    offsets = np.cumsum([0] + [len(s) for s in sents_of])
    body_index = {b: i for i, b in enumerate(uniq_bodies)}
    head_index = {h: i for i, h in enumerate(uniq_heads)}
    means = (
        np.stack(
            [
                _unit(sent_vecs[offsets[i] : offsets[i + 1]].mean(axis=0))
                for i in range(len(uniq_bodies))
            ]
        )
        if uniq_bodies
        else np.zeros((0, 1))
    )
    mean_out = np.zeros(len(headlines))
    max_out = np.zeros(len(headlines))
    for k, (head, body) in enumerate(zip(headlines, bodies, strict=True)):
        h = head_vecs[head_index[head]]
        b = body_index[body]
        mean_out[k] = float(means[b] @ h)
        max_out[k] = float((sent_vecs[offsets[b] : offsets[b + 1]] @ h).max())
    return {"mean": mean_out, "max": max_out}


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


@dataclass
class FNC1Output:
    labels: list[str]
    probs: np.ndarray  # (N, 4) over stance.eval.fnc1.LABELS, see label_probs
    relevance: np.ndarray  # the configured relevance feature
    nli: np.ndarray  # (N, 3) aggregated NLI probabilities; NaN rows for pairs judged unrelated
    windows: list[Window | None]


def windowed_nli(
    backend: NLIBackend,
    bodies: Sequence[str],
    headlines: Sequence[str],
    mask: np.ndarray,
    batch_size: int,
    chunk: int = 64,
    progress: Progress | None = None,
) -> tuple[np.ndarray, list[Window | None]]:
    """SummaC-aggregated NLI (body windows vs headline) for the pairs where ``mask`` is set."""
    nli = np.full((len(bodies), 3), np.nan)
    windows: list[Window | None] = [None] * len(bodies)
    todo = np.flatnonzero(mask)
    for start in range(0, len(todo), chunk):
        idx = todo[start : start + chunk]
        scored = score_pairs(backend, [(bodies[i], headlines[i]) for i in idx], batch_size)
        nli[idx] = scored.probs
        for j, i in enumerate(idx):
            windows[i] = scored.windows[j]
        if progress:
            progress(len(idx))
    return nli, windows


def iter_predict_fnc1(
    bodies: Sequence[str],
    headlines: Sequence[str],
    backend: NLIBackend,
    embedder: Embedder,
    cfg: FNC1Config,
    batch_size: int = 32,
    chunk: int = 256,
    progress: Progress | None = None,
) -> Iterator[tuple[int, FNC1Output]]:
    """FNC-1 labels, ``chunk`` pairs at a time: (first pair's index, that chunk's output).

    Relevance is computed for all pairs first (each distinct body is embedded once, and only a
    float per pair is kept); NLI then runs chunk by chunk on the pairs judged related, so a
    caller that writes each chunk out holds one chunk's windows and texts at a time.
    """
    relevance = relevance_features(headlines, bodies, embedder)[cfg.relevance_feature]
    related = relevance >= cfg.related_threshold
    for start in range(0, len(bodies), chunk):
        end = min(start + chunk, len(bodies))
        rel = relevance[start:end]
        nli, windows = windowed_nli(
            backend, bodies[start:end], headlines[start:end], related[start:end], batch_size
        )
        labels = decide(rel, nli[:, 0], nli[:, 2], cfg)
        yield start, FNC1Output(labels, label_probs(rel, nli, cfg), rel, nli, windows)
        if progress:
            progress(end - start)


def predict_fnc1(
    bodies: Sequence[str],
    headlines: Sequence[str],
    backend: NLIBackend,
    embedder: Embedder,
    cfg: FNC1Config,
    batch_size: int = 32,
    progress: Progress | None = None,
) -> FNC1Output:
    """FNC-1 labels: relevance decides related vs unrelated, NLI only runs on related pairs."""
    parts = [
        out
        for _, out in iter_predict_fnc1(
            bodies, headlines, backend, embedder, cfg, batch_size, progress=progress
        )
    ]
    if not parts:
        return FNC1Output([], np.zeros((0, 4)), np.zeros(0), np.zeros((0, 3)), [])
    return FNC1Output(
        [lab for p in parts for lab in p.labels],
        np.concatenate([p.probs for p in parts]),
        np.concatenate([p.relevance for p in parts]),
        np.concatenate([p.nli for p in parts]),
        [w for p in parts for w in p.windows],
    )


def fit_fnc1(
    gold: Sequence[str],
    bodies: Sequence[str],
    headlines: Sequence[str],
    backend: NLIBackend,
    embedder: Embedder,
    batch_size: int = 32,
    progress: Progress | None = None,
) -> tuple[FNC1Config, FNC1Output]:
    """Fit the relevance feature/threshold, then the stance thresholds, on labeled TRAIN pairs.

    NLI is run only on the pairs the fitted relevance step calls related, which is also all the
    stance thresholds can change. Also returns the fitted pipeline's output on these pairs.
    """
    gold = list(gold)
    related_gold = np.array([g != "unrelated" for g in gold])
    feats = relevance_features(headlines, bodies, embedder)
    feature, threshold, rel_acc = fit_relevance(feats, related_gold)
    relevance = feats[feature]
    predicted_related = relevance >= threshold
    if progress:
        progress(int((~predicted_related).sum()))
    nli, windows = windowed_nli(
        backend, bodies, headlines, predicted_related, batch_size, progress=progress
    )
    agree, disagree, _ = fit_stance(gold, predicted_related, nli[:, 0], nli[:, 2])
    slope, intercept = fit_calibration(relevance, related_gold)
    cfg = FNC1Config(feature, threshold, agree, disagree, slope, intercept)
    train_pred = decide(relevance, nli[:, 0], nli[:, 2], cfg)
    cfg = replace(
        cfg,
        fitted={
            "pairs": len(gold),
            "relatedness_accuracy": round(rel_acc, 4),
            "fnc_relative_score": round(float(fnc_score(gold, train_pred)["relative"] or 0.0), 3),
        },
    )
    return cfg, FNC1Output(train_pred, label_probs(relevance, nli, cfg), relevance, nli, windows)
