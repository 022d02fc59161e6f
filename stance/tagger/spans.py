"""Token labels, decoding and linking for the statement tagger: pure functions over offsets."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

OUTSIDE, BEGIN, INSIDE = 0, 1, 2
Span = tuple[int, int]
# (P(B)+P(I) to stay in a run, P(B) to start a new one, mean P(B)+P(I) to keep a run, words)
Thresholds = tuple[float, float, float, int]


@dataclass(frozen=True)
class TaggerThresholds:
    """How probabilities become spans: one set for statements, one for speaker mentions, and
    how far (characters) a mention may lie from the statement it speaks."""

    statement: Thresholds = (0.5, 0.5, 0.8, 3)
    mention: Thresholds = (0.5, 0.5, 0.5, 1)
    max_gap: int = 120

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TaggerThresholds:
        return cls(
            statement=_thresholds(data["statement"]),
            mention=_thresholds(data["mention"]),
            max_gap=int(data["max_gap"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement": list(self.statement),
            "mention": list(self.mention),
            "max_gap": self.max_gap,
        }


def _thresholds(values: Sequence[Any]) -> Thresholds:
    t_in, t_b, t_mean, words = values
    return float(t_in), float(t_b), float(t_mean), int(words)


def token_labels(offsets: Sequence[Span], spans: Sequence[Span]) -> list[int]:
    """B/I/O per token: a token inside a span is I, the first token of each span B (nested
    spans keep the outer span's I, a B where one begins)."""
    labels = [OUTSIDE] * len(offsets)
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        inside = [k for k, (s, e) in enumerate(offsets) if e > s and s < end and e > start]
        if not inside:
            continue
        for k in inside:
            if labels[k] == OUTSIDE:
                labels[k] = INSIDE
        labels[inside[0]] = BEGIN
    return labels


def mention_span(text: str, claim: Mapping[str, Any], reach: int = 400) -> Span | None:
    """Where a gold statement's ``mention`` is written: the occurrence nearest the statement
    (inside it counts as nearest), within ``reach`` characters; None when it is not there."""
    mention = str(claim.get("mention", "")).strip()
    if not mention:
        return None
    start, end = int(claim["start"]), int(claim["end"])
    best: tuple[int, Span] | None = None
    for m in re.finditer(re.escape(mention), text):
        s, e = m.start(), m.end()
        gap = 0 if start <= s < end else (start - e if e <= start else s - end)
        if gap > reach:
            continue
        if best is None or gap < best[0]:
            best = (gap, (s, e))
    return None if best is None else best[1]


def windows(n: int, size: int, stride: int) -> list[Span]:
    """Token windows of ``size`` every ``stride`` tokens, the last one ending at ``n``."""
    out, start = [], 0
    while True:
        out.append((start, min(n, start + size)))
        if start + size >= n:
            return out
        start += stride


def decode_spans(
    probs: Sequence[tuple[float, float]],
    offsets: Sequence[Span],
    text: str,
    thresholds: Thresholds,
) -> list[Span]:
    """Character spans from per-token (P(B), P(I)): runs of tokens whose P(B) + P(I) reaches
    ``t_in``, a new span where P(B) reaches ``t_b``; kept when the run's mean P(B) + P(I)
    reaches ``t_mean`` and it has ``min_words`` words."""
    t_in, t_b, t_mean, min_words = thresholds
    runs: list[list[int]] = []
    current: list[int] | None = None
    for k, (p_b, p_i) in enumerate(probs):
        if p_b + p_i < t_in:
            current = None
            continue
        if current is None or p_b >= t_b:
            current = [k, k]
            runs.append(current)
        else:
            current[1] = k
    out = []
    for s, e in runs:
        mean = sum(probs[k][0] + probs[k][1] for k in range(s, e + 1)) / (e - s + 1)
        start, end = offsets[s][0], offsets[e][1]
        if mean >= t_mean and len(text[start:end].split()) >= min_words:
            out.append((start, end))
    return out


def overlaps_any(span: Span, others: Sequence[Span]) -> bool:
    return any(min(span[1], e) - max(span[0], s) > 0 for s, e in others)


def link_mention(statement: Span, mentions: Sequence[Span], max_gap: int) -> Span | None:
    """The speaker mention of a tagged statement: one inside it (a quotation split around its
    attribution) or the nearest within ``max_gap`` characters, the one before it on a tie."""
    best: tuple[int, int, Span] | None = None
    start, end = statement
    for m in mentions:
        if start <= m[0] and m[1] <= end:
            gap, after = 0, 0
        elif m[1] <= start:
            gap, after = start - m[1], 0
        elif m[0] >= end:
            gap, after = m[0] - end, 1
        else:
            continue  # straddles the statement's edge: neither its speaker nor its words
        if gap <= max_gap and (best is None or (gap, after) < best[:2]):
            best = (gap, after, m)
    return None if best is None else best[2]


_SENTENCE_RE = re.compile(r"[^\n]+?(?:[.!?][”\"’)]*(?=\s)|$)", re.MULTILINE)
_QUOTE_OR_SOURCE_RE = re.compile(r"[“”\"]|\baccording\b", re.IGNORECASE)


def sentences(text: str) -> list[Span]:
    """Sentence spans, cut at end punctuation before a space and at line breaks."""
    out = []
    for m in _SENTENCE_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        if s < e:
            out.append((s, e))
    return out


def gated_regions(
    text: str, body: Sequence[Span], claimed: Sequence[Span], verb_re: re.Pattern[str]
) -> list[Span]:
    """The sentences worth tagging: in the body, no claim of the rules touches them, and they
    have a quotation mark, "according" or a reporting verb. Neighbouring ones are merged."""
    out: list[Span] = []
    for s, e in sentences(text):
        if not any(bs <= s and e <= be for bs, be in body) or overlaps_any((s, e), claimed):
            continue
        if not (_QUOTE_OR_SOURCE_RE.search(text, s, e) or verb_re.search(text, s, e)):
            continue
        if out and not text[out[-1][1] : s].strip():
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def context_windows(text: str, regions: Sequence[Span]) -> list[Span]:
    """Each region with the sentence before it, where a speaker is often named ("X said:")."""
    starts = [s for s, _e in sentences(text)]
    out = []
    for s, e in regions:
        before = [b for b in starts if b < s]
        out.append((before[-1] if before else s, e))
    return out


def linked_statements(
    text: str,
    regions: Sequence[Span],
    windows_probs: Sequence[
        tuple[Sequence[Span], Sequence[tuple[float, float]], Sequence[tuple[float, float]]]
    ],
    thresholds: TaggerThresholds,
) -> list[tuple[Span, Span]]:
    """(statement, speaker mention) for each tagged statement that starts in its region and has
    a tagged mention beside it; ``windows_probs`` is per region's window (offsets, statement
    probabilities, mention probabilities)."""
    out = []
    for (rs, re_), (offsets, stmt_probs, ment_probs) in zip(regions, windows_probs, strict=True):
        mentions = decode_spans(ment_probs, offsets, text, thresholds.mention)
        for span in decode_spans(stmt_probs, offsets, text, thresholds.statement):
            if not rs <= span[0] < re_:
                continue
            mention = link_mention(span, mentions, thresholds.max_gap)
            if mention is not None:
                out.append((span, mention))
    return out
