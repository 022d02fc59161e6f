"""Statements the learned tagger finds where the rules found none (``stance.tagger``)."""

from __future__ import annotations

from collections.abc import Sequence

from stance.extract.attribution import Attribution
from stance.extract.lexicon import Lexicon
from stance.tagger.runtime import StatementTagger
from stance.tagger.spans import Span, context_windows, gated_regions, linked_statements


def tagged_attributions(
    text: str,
    body: Sequence[Span],
    found: Sequence[Attribution],
    tagger: StatementTagger,
    lex: Lexicon,
) -> list[Attribution]:
    """The tagger's statements in the body sentences that no claim of ``found`` touches and
    that have a quotation mark or a reporting verb, each with the speaker mention tagged beside
    it (kind ``learned``; the cue is the text between mention and statement when short)."""
    regions = gated_regions(text, body, [(a.start, a.end) for a in found], lex.quote_verb_re)
    if not regions:
        return []
    tagged = tagger.tag(text, context_windows(text, regions))
    linked = linked_statements(
        text, regions, [(t.offsets, t.statement, t.mention) for t in tagged], tagger.thresholds
    )
    return [
        Attribution(
            start=s,
            end=e,
            cue=_cue(text, (s, e), (ms, me)),
            mention=text[ms:me],
            mention_start=ms,
            mention_end=me,
            kind="learned",
        )
        for (s, e), (ms, me) in linked
    ]


def _cue(text: str, statement: Span, mention: Span) -> str:
    """The words between the mention and the statement ("said", "told reporters that"), or
    "(tagged)" when they are not beside each other."""
    between = text[mention[1] : statement[0]] if mention[1] <= statement[0] else ""
    if mention[0] >= statement[1]:
        between = text[statement[1] : mention[0]]
    words = between.strip(' ,:;“”"').split()
    return " ".join(words) if 0 < len(words) <= 4 else "(tagged)"
