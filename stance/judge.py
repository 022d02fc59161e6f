"""Sentence-level judging of claim pairs, SummaC-style (Laban et al. 2022, zero-shot variant).

A claim often spans several sentences (a split quote, a quote of several sentences), and the
statement that agrees or contradicts is often one sentence inside it: judged as one unit, the
rest of the claim dilutes it. So each direction of a pair (premise claim → hypothesis claim) is
scored on several *windows*:

- the whole premise claim with the whole hypothesis claim (the only window when both claims are
  one sentence, so such pairs are judged exactly as whole claims), and
- every sentence of the premise with every sentence of the hypothesis.

Per direction, entailment = the maximum P(entailment) over the windows and contradiction = the
maximum P(contradiction): some part of one claim supporting (contradicting) some part of the other
is what the verdict looks for. The probabilities reported for the direction are those of its
deciding window (``stance.windows.aggregate``: the most contradicting window when its
contradiction beats the best entailment, else the most entailing one), so they still sum to 1.

Sentences come from ``stance.text.segment.split_sentences`` run on the claim's span with its
quotation marks blanked out: inside a claim the quotation marks are the claim's own, and the
splitter's rule "never split inside a quotation" (right for attributing a whole article) would
keep a quote of several sentences in one piece. At most ``max_sentences`` units per claim are
judged (longer claims are cut into that many runs of consecutive sentences), which bounds the
NLI calls of a pair at 2 × (1 + max_sentences²).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from stance.aggregate import Decision, Thresholds, as_probs, decide
from stance.errors import StanceError
from stance.infer.backend import NLIBackend
from stance.labels import CONTRADICTION, ENTAILMENT, NLI_LABELS
from stance.text.segment import split_sentences
from stance.windows import aggregate

DEFAULT_MAX_SENTENCES = 6
_QUOTES = '“”"'
_E, _C = NLI_LABELS.index(ENTAILMENT), NLI_LABELS.index(CONTRADICTION)


@dataclass(frozen=True)
class Unit:
    """A piece of a claim that is judged: its text and its character span in the article."""

    text: str
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class ClaimUnits:
    whole: Unit
    sentences: tuple[Unit, ...]  # (whole,) when the claim is a single sentence


@dataclass(frozen=True)
class Direction:
    """One direction of a pair, premise → hypothesis, summarised over its windows."""

    probs: dict[str, float]  # the deciding window's distribution (sums to 1)
    entailment: float  # max P(entailment) over the windows
    contradiction: float  # max P(contradiction) over the windows
    deciding: tuple[Unit, Unit]
    top_entailment: tuple[Unit, Unit]
    top_contradiction: tuple[Unit, Unit]
    windows: int
    entailment_probs: dict[str, float] | None = None  # distribution of top_entailment
    contradiction_probs: dict[str, float] | None = None  # distribution of top_contradiction

    def shown(self, verdict: str) -> dict[str, float]:
        """The distribution to show under ``verdict``: the window whose score the rule used.

        So a "contradict" never shows an entailing window's numbers, nor "agree" the reverse.
        """
        if verdict == "contradict" and self.contradiction_probs is not None:
            return self.contradiction_probs
        if verdict == "agree" and self.entailment_probs is not None:
            return self.entailment_probs
        return self.probs


def max_sentences_from_config(section: Mapping[str, object] | None) -> int:
    """``judging.max_sentences`` of the analyze config (missing → the default)."""
    section = dict(section or {})
    unknown = set(section) - {"max_sentences"}
    if unknown:
        raise StanceError(f"config judging: unknown key(s) {', '.join(sorted(unknown))}")
    raw = section.get("max_sentences", DEFAULT_MAX_SENTENCES)
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise StanceError(f"config judging.max_sentences: expected an integer >= 1, got {raw!r}")
    return raw


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding white space and quotation marks."""
    while start < end and (text[start].isspace() or text[start] in _QUOTES):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _QUOTES):
        end -= 1
    return start, end


def claim_units(
    article: str, whole: Unit, max_sentences: int = DEFAULT_MAX_SENTENCES
) -> ClaimUnits:
    """The whole claim and its sentences (at most ``max_sentences``) as judged units."""
    # Same-length blanks keep every offset valid in the original text.
    table = str.maketrans(dict.fromkeys(_QUOTES, " "))
    masked = article[: whole.start] + article[whole.start : whole.end].translate(table)
    spans = [_trim(article, s, e) for s, e in split_sentences(masked, whole.start, whole.end)]
    spans = [(s, e) for s, e in spans if e > s]
    if len(spans) > max_sentences:
        groups = np.array_split(np.arange(len(spans)), max_sentences)
        spans = [(spans[g[0]][0], spans[g[-1]][1]) for g in groups]
    if len(spans) <= 1:
        return ClaimUnits(whole, (whole,))
    return ClaimUnits(whole, tuple(Unit(_normalise(article[s:e]), s, e) for s, e in spans))


def windows(premise: ClaimUnits, hypothesis: ClaimUnits) -> list[tuple[Unit, Unit]]:
    """The (premise unit, hypothesis unit) windows of one direction; whole claims first."""
    out = [(premise.whole, hypothesis.whole)]
    out += [
        (p, h)
        for p in premise.sentences
        for h in hypothesis.sentences
        if (p, h) != (premise.whole, hypothesis.whole)
    ]
    return out


def summarise(wins: Sequence[tuple[Unit, Unit]], probs: np.ndarray) -> Direction:
    """A direction from its windows and their (W, 3) probabilities in NLI_LABELS order."""
    probs = np.asarray(probs, dtype=np.float64).reshape(len(wins), len(NLI_LABELS))
    best_e, best_c = int(np.argmax(probs[:, _E])), int(np.argmax(probs[:, _C]))
    deciding = aggregate(probs)
    return Direction(
        probs=as_probs(probs[deciding]),
        entailment=float(probs[best_e, _E]),
        contradiction=float(probs[best_c, _C]),
        deciding=wins[deciding],
        top_entailment=wins[best_e],
        top_contradiction=wins[best_c],
        windows=len(wins),
        entailment_probs=as_probs(probs[best_e]),
        contradiction_probs=as_probs(probs[best_c]),
    )


def score_directions(
    backend: NLIBackend,
    directions: Sequence[tuple[ClaimUnits, ClaimUnits]],
    batch_size: int = 32,
) -> list[Direction]:
    """Every window of every direction scored in ONE backend call, then summarised."""
    plans = [windows(p, h) for p, h in directions]
    flat = [(p.text, h.text) for wins in plans for p, h in wins]
    if not flat:
        return []
    probs = backend.predict(flat, batch_size=batch_size)
    out: list[Direction] = []
    row = 0
    for wins in plans:
        out.append(summarise(wins, probs[row : row + len(wins)]))
        row += len(wins)
    return out


def judge(ab: Direction, ba: Direction, thresholds: Thresholds) -> Decision:
    """The verdict and tier on the directions' maxima, with evidence naming the deciding
    sentences.

    The sentences are the window that reached the rule's score: the most contradicting window of
    the deciding direction for a contradiction, the most entailing one for an agreement.
    """
    maxima = [{ENTAILMENT: d.entailment, CONTRADICTION: d.contradiction} for d in (ab, ba)]
    decision = decide(maxima[0], maxima[1], thresholds)
    evidence = decision.evidence
    direction = {"ab": ab, "ba": ba}.get(str(evidence["direction"]))
    if direction is not None:
        rule = evidence["rule"]
        premise, hypothesis = (
            direction.top_contradiction if rule == "contradiction" else direction.top_entailment
        )
        evidence["premise"] = premise.as_dict()
        evidence["hypothesis"] = hypothesis.as_dict()
    return decision
