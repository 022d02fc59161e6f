"""The statement tagger's pure parts (stance.tagger.spans) and its place in extract_claims, with a
fake tagger whose probabilities are set by hand."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from stance.extract import extract_claims
from stance.extract.lexicon import load_lexicon
from stance.tagger.runtime import TaggedWindow, tag_windows
from stance.tagger.spans import (
    BEGIN,
    INSIDE,
    OUTSIDE,
    Span,
    TaggerThresholds,
    context_windows,
    decode_spans,
    gated_regions,
    link_mention,
    linked_statements,
    mention_span,
    sentences,
    token_labels,
)


def test_token_labels_mark_begin_and_inside() -> None:
    offsets = [(0, 3), (4, 8), (9, 12), (13, 17), (17, 18)]
    assert token_labels(offsets, [(4, 12)]) == [OUTSIDE, BEGIN, INSIDE, OUTSIDE, OUTSIDE]
    assert token_labels(offsets, []) == [OUTSIDE] * 5
    # two spans side by side: each begins anew
    assert token_labels(offsets, [(0, 3), (4, 8)]) == [BEGIN, BEGIN, OUTSIDE, OUTSIDE, OUTSIDE]


def test_mention_span_is_the_occurrence_nearest_the_statement() -> None:
    text = "Smith spoke. Later, Smith said the plan failed. After a long pause Smith left."
    start = text.index("the plan")
    claim = {"mention": "Smith", "start": start, "end": start + 15}
    assert mention_span(text, claim) == (20, 25)
    assert mention_span(text, {**claim, "mention": "Jones"}) is None
    assert mention_span(text, {**claim, "mention": ""}) is None
    assert mention_span(text, claim, reach=2) is None


def test_decode_spans_follows_the_thresholds() -> None:
    text = "a b c d e f"
    offsets = [(i, i + 1) for i in range(0, 11, 2)]
    probs = [(0.0, 0.0), (0.9, 0.05), (0.1, 0.85), (0.05, 0.9), (0.0, 0.1), (0.0, 0.0)]
    assert decode_spans(probs, offsets, text, (0.5, 0.5, 0.8, 3)) == [(2, 7)]
    assert decode_spans(probs, offsets, text, (0.5, 0.5, 0.8, 4)) == []  # too few words
    assert decode_spans(probs, offsets, text, (0.5, 0.5, 0.99, 1)) == []  # mean too low
    # a second B inside a run starts a new span
    probs2 = [(0.9, 0.0), (0.1, 0.9), (0.9, 0.1), (0.0, 0.9), (0.0, 0.0), (0.0, 0.0)]
    assert decode_spans(probs2, offsets, text, (0.5, 0.5, 0.5, 1)) == [(0, 3), (4, 7)]


def test_link_mention_prefers_inside_then_nearest_then_before() -> None:
    statement = (50, 80)
    assert link_mention(statement, [(10, 20), (60, 65)], 100) == (60, 65)
    assert link_mention(statement, [(10, 20), (30, 40)], 100) == (30, 40)
    assert link_mention(statement, [(40, 45), (85, 90)], 100) == (40, 45)  # tie: before
    assert link_mention(statement, [(82, 90), (30, 40)], 100) == (82, 90)
    assert link_mention(statement, [(10, 20)], 20) is None  # beyond the gap
    assert link_mention(statement, [(45, 55)], 100) is None  # straddles the edge


def test_sentences_and_gated_regions() -> None:
    text = (
        "HEADLINE HERE\n"
        "The minister spoke on Monday. Officials insisted the talks were over. "
        "The weather was fine.\n"
        "“We will win,” a fan shouted. The game began."
    )
    sents = sentences(text)
    assert [text[s:e] for s, e in sents][:3] == [
        "HEADLINE HERE",
        "The minister spoke on Monday.",
        "Officials insisted the talks were over.",
    ]
    lex = load_lexicon()
    body = [(14, len(text))]
    regions = gated_regions(text, body, [], lex.quote_verb_re)
    assert [text[s:e] for s, e in regions] == [
        "Officials insisted the talks were over.",
        "“We will win,” a fan shouted.",
    ]
    # a sentence a rule claim touches is left to the rules
    claimed = [(text.index("the talks"), text.index(" over") + 5)]
    assert [text[s:e] for s, e in gated_regions(text, body, claimed, lex.quote_verb_re)] == [
        "“We will win,” a fan shouted."
    ]
    # outside the body (the headline) nothing is tagged
    assert gated_regions("He said it was over.", [], [], lex.quote_verb_re) == []
    windows = context_windows(text, regions)
    assert text[windows[0][0] : windows[0][1]].startswith("The minister spoke")
    assert text[windows[1][0] : windows[1][1]].startswith("The weather was fine.")


def test_thresholds_round_trip() -> None:
    t = TaggerThresholds((0.7, 0.5, 0.9, 5), (0.3, 0.5, 0.3, 1), 40)
    assert TaggerThresholds.from_dict(t.to_dict()) == t


class FakeTagger:
    """Tags words: statement probability 1 inside ``statement``, mention inside ``mention``."""

    def __init__(self, statement: Span, mention: Span) -> None:
        self.statement, self.mention = statement, mention
        self.thresholds = TaggerThresholds((0.5, 0.5, 0.5, 2), (0.5, 0.5, 0.5, 1), 120)
        self.calls: list[Sequence[Span]] = []

    def tag(self, text: str, windows: Sequence[Span]) -> list[TaggedWindow]:
        self.calls.append(list(windows))
        out = []
        for ws, we in windows:
            offs = [
                (ws + m.start(), ws + m.end()) for m in re.finditer(r"\w+|[^\w\s]", text[ws:we])
            ]
            out.append(
                TaggedWindow(
                    offs, self._probs(offs, self.statement), self._probs(offs, self.mention)
                )
            )
        return out

    @staticmethod
    def _probs(offs: list[Span], span: Span) -> list[tuple[float, float]]:
        inside = [span[0] <= s and e <= span[1] for s, e in offs]
        return [
            (
                1.0 if ok and (k == 0 or not inside[k - 1]) else 0.0,
                1.0 if ok and k and inside[k - 1] else 0.0,
            )
            for k, ok in enumerate(inside)
        ]


ARTICLE = (
    "Talks between the two countries stalled on Monday, officials in both capitals said.\n\n"
    "Maria Lopez, the foreign minister, insisted that the talks would resume within a week.\n\n"
    "Her rival Tom Berg was blunt. “This government has no plan at all,” Berg wrote online.\n\n"
    "In Berg’s view the minister hoped that voters would forget the summer’s failures."
)


def _linked(text: str, region: Span, window: Span, stmt: Span, ment: Span) -> list:
    """What ``linked_statements`` makes of the fake tagger's one window over ``region``."""
    fake = FakeTagger(stmt, ment)
    tagged = fake.tag(text, [window])[0]
    return linked_statements(
        text, [region], [(tagged.offsets, tagged.statement, tagged.mention)], fake.thresholds
    )


def test_linked_statements_keep_only_spans_starting_in_their_region() -> None:
    text = ARTICLE
    region = (text.index("In Berg"), len(text))
    window = (text.index("Her rival"), len(text))
    stmt = (text.index("voters"), text.index("failures") + 8)
    ment = (text.index("Berg’s"), text.index("Berg’s") + 4)
    assert _linked(text, region, window, stmt, ment) == [(stmt, ment)]
    # a statement found in the context sentence belongs to the rules' side of the story
    outside = (text.index("This government"), text.index("at all") + 6)
    assert _linked(text, region, window, outside, ment) == []


@pytest.mark.parametrize("with_mention", [True, False])
def test_extract_claims_adds_a_tagged_statement_with_its_resolved_speaker(
    with_mention: bool,
) -> None:
    text = (
        "The ministry of finance published its budget on Monday.\n\n"
        "Maria Lopez, the finance minister, said the budget would cut taxes for families.\n\n"
        "Lopez was more cautious in an interview. Growth, in her words, could slow “sharply” "
        "next year if exports fell.\n"
    )
    rules = extract_claims(text, tagger=None)
    assert [c.speaker for c in rules] == ["Maria Lopez"]
    stmt = (
        text.index("could slow") - len("Growth, in her words, "),
        text.index("exports fell") + 12,
    )
    assert text[stmt[0] : stmt[1]].startswith("Growth")
    ment = (text.index("her words"), text.index("her words") + 3) if with_mention else (0, 0)
    fake = FakeTagger(stmt, ment)
    claims = extract_claims(text, tagger=fake)
    assert fake.calls, "the tagger was asked about the sentence the rules left"
    if not with_mention:
        assert claims == rules  # no mention beside it: no speaker, no claim
        return
    added = [c for c in claims if c.start == stmt[0]]
    assert len(added) == 1 and added[0].speaker == "Maria Lopez"
    assert added[0].party == rules[0].party
    assert [c.id for c in claims] == ["c1", "c2"]


def test_tag_windows_splits_the_six_logits_into_two_heads() -> None:
    class Tok:
        pad_token_id, cls_token_id, sep_token_id = 0, 1, 2

        def __call__(self, text: str, **_kw: object) -> dict[str, list]:
            words = list(re.finditer(r"\S+", text))
            return {
                "input_ids": [3] * len(words),
                "offset_mapping": [(m.start(), m.end()) for m in words],
            }

    import numpy as np

    def logits(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        z = np.zeros((*ids.shape, 6))
        z[..., 1] = 5.0  # statement: B
        z[..., 5] = 5.0  # mention: I
        return z

    text = "one two three. four five"
    got = tag_windows(text, [(0, 13), (15, len(text))], Tok(), logits)
    assert [w.offsets for w in got] == [[(0, 3), (4, 7), (8, 13)], [(15, 19), (20, 24)]]
    assert all(b > 0.9 and i < 0.05 for b, i in got[0].statement)
    assert all(b < 0.05 and i > 0.9 for b, i in got[1].mention)


def test_shuffled_length_batches_keep_every_item_once() -> None:
    import random

    from stance.train.span_tagger import shuffled_length_batches

    items = [([0] * n, [n]) for n in range(1, 40)]
    batches = shuffled_length_batches(list(items), 4, random.Random(0))
    assert sorted(x[1][0] for b in batches for x in b) == list(range(1, 40))
    assert all(1 <= len(b) <= 4 for b in batches)
    again = shuffled_length_batches(list(items), 4, random.Random(0))
    assert again == batches  # the seed decides
