"""Cross-party pairing of claims and the relevance filter that drops pairs not worth judging.

Only claims of different parties are paired: agreement or contradiction within one side is not
what the tool reports. A pair is kept when its two claims are about the same thing, measured as
the cosine similarity of their sentence embeddings (all-MiniLM-L6-v2) or, as a fallback that
needs no model, the share of content words they have in common.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from stance.claims import Claim, ClaimPair
from stance.errors import StanceError

METHODS = ("embedding", "lexical")

# Used when the config has no pairing section; configs/analyze.yaml gives the reasons.
DEFAULT_MIN_RELEVANCE = {"embedding": 0.20, "lexical": 0.15}

# Words lose a plural "s" and are cut to this many characters before comparing, a crude stemmer
# that lets "states"/"state" or "cooperation"/"cooperate" count as the same word.
_STEM_CHARS = 6
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d+", re.UNICODE)


class Embedder(Protocol):
    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray: ...


# Each claim is judged against at most this many cross-party partners (its most relevant), so
# the pairs grow linearly with the claims of a long document; configs/analyze.yaml gives why.
DEFAULT_MAX_PARTNERS = 10


@dataclass(frozen=True)
class PairingSettings:
    relevance: str = "embedding"  # "embedding" | "lexical"
    min_relevance: float = DEFAULT_MIN_RELEVANCE["embedding"]
    max_partners: int | None = DEFAULT_MAX_PARTNERS  # None: no cap

    @classmethod
    def from_config(
        cls, section: Mapping[str, object] | None, min_relevance: float | None = None
    ) -> PairingSettings:
        """Read the ``pairing:`` config section; ``min_relevance`` overrides its threshold."""
        section = dict(section or {})
        method = str(section.get("relevance", "embedding")).strip().lower()
        if method not in METHODS:
            raise StanceError(
                f"config pairing.relevance: expected one of {', '.join(METHODS)}, got {method!r}"
            )
        if min_relevance is None:
            thresholds = section.get("min_relevance", {}) or {}
            if not isinstance(thresholds, Mapping):
                raise StanceError(
                    "config pairing.min_relevance: expected a mapping such as "
                    "{embedding: 0.30, lexical: 0.20}"
                )
            raw = thresholds.get(method, DEFAULT_MIN_RELEVANCE[method])
            try:
                min_relevance = float(raw)
            except (TypeError, ValueError):
                raise StanceError(
                    f"config pairing.min_relevance.{method}: not a number: {raw!r}"
                ) from None
        if not -1.0 <= min_relevance <= 1.0:
            raise StanceError(f"minimum relevance must lie in [-1, 1], got {min_relevance}")
        cap = section.get("max_partners", DEFAULT_MAX_PARTNERS)
        if cap is not None and (not isinstance(cap, int) or isinstance(cap, bool) or cap < 1):
            raise StanceError(
                f"config pairing.max_partners: expected a positive integer or null, got {cap!r}"
            )
        return cls(relevance=method, min_relevance=min_relevance, max_partners=cap)


@dataclass(frozen=True)
class PairingResult:
    pairs: list[ClaimPair]  # kept pairs, a before b in the article, in article order
    dropped: int  # cross-party pairs the relevance filter removed
    candidates: int  # all cross-party pairs before filtering
    relevance: str
    min_relevance: float
    capped: int = 0  # relevant pairs beyond both claims' most relevant max_partners


def cross_party_indices(claims: Sequence[Claim]) -> list[tuple[int, int]]:
    """Index pairs (i, j) of claims from two different, known parties; i comes first in the text."""
    order = sorted(range(len(claims)), key=lambda k: (claims[k].start, claims[k].end))
    out: list[tuple[int, int]] = []
    for pos, i in enumerate(order):
        for j in order[pos + 1 :]:
            pi, pj = claims[i].party, claims[j].party
            if pi and pj and pi != pj:
                out.append((i, j))
    return out


def content_words(text: str) -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = (w.lower().replace("’", "'") for w in _WORD.findall(text))
    return frozenset(_stem(w) for w in words if len(w) > 1 and w not in ENGLISH_STOP_WORDS)


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:_STEM_CHARS]


def lexical_similarity(texts: Sequence[str]) -> np.ndarray:
    """Overlap coefficient of content words, |A∩B| / min(|A|,|B|), for every pair of texts.

    The overlap coefficient rather than Jaccard, because a short claim that repeats the key words
    of a long one is as relevant to it as two long claims on the same topic.
    """
    bags = [content_words(t) for t in texts]
    n = len(bags)
    sim = np.zeros((n, n), dtype=np.float32)
    for i in range(n):
        for j in range(i, n):
            smaller = min(len(bags[i]), len(bags[j]))
            value = len(bags[i] & bags[j]) / smaller if smaller else 0.0
            sim[i, j] = sim[j, i] = value
    return sim


def embedding_similarity(texts: Sequence[str], embedder: Embedder) -> np.ndarray:
    """Cosine similarity of every pair of texts; each text is embedded once."""
    vectors = np.asarray(embedder.encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.clip(norms, 1e-12, None)
    return vectors @ vectors.T


def pair_claims(
    claims: Sequence[Claim],
    settings: PairingSettings,
    embedder: Embedder | None = None,
) -> PairingResult:
    """All cross-party pairs whose relevance reaches the threshold, and how many were dropped."""
    candidates = cross_party_indices(claims)
    if not candidates:
        return PairingResult([], 0, 0, settings.relevance, settings.min_relevance)
    texts = [c.text for c in claims]
    if settings.relevance == "lexical":
        sim = lexical_similarity(texts)
    else:
        if embedder is None:
            from stance.embed import get_embedder

            embedder = get_embedder()
        sim = embedding_similarity(texts, embedder)
    relevant = [(i, j) for i, j in candidates if sim[i, j] >= settings.min_relevance]
    capped = relevant
    if settings.max_partners is not None:
        best = _most_relevant_partners(relevant, sim, settings.max_partners)
        capped = [(i, j) for i, j in relevant if (i, j) in best]
    kept = [ClaimPair(claims[i], claims[j], round(float(sim[i, j]), 4)) for i, j in capped]
    return PairingResult(
        pairs=kept,
        dropped=len(candidates) - len(relevant),
        candidates=len(candidates),
        relevance=settings.relevance,
        min_relevance=settings.min_relevance,
        capped=len(relevant) - len(kept),
    )


def _most_relevant_partners(
    pairs: Sequence[tuple[int, int]], sim: np.ndarray, k: int
) -> set[tuple[int, int]]:
    """The pairs that are among the ``k`` most relevant of either of their claims (ties: the
    earlier partner). At most k pairs per claim, so at most k x claims pairs in all."""
    partners: dict[int, list[tuple[float, int, tuple[int, int]]]] = {}
    for i, j in pairs:
        partners.setdefault(i, []).append((-float(sim[i, j]), j, (i, j)))
        partners.setdefault(j, []).append((-float(sim[i, j]), i, (i, j)))
    keep: set[tuple[int, int]] = set()
    for ranked in partners.values():
        keep.update(pair for _s, _o, pair in sorted(ranked)[:k])
    return keep
