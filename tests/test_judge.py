"""Sentence-level judging of claim pairs (stance/judge.py) and its use by analyze_text."""

from __future__ import annotations

import jsonschema
import numpy as np
import pytest

from stance.aggregate import Thresholds
from stance.analyze import analysis_schema, analyze_text
from stance.errors import StanceError
from stance.judge import (
    Unit,
    claim_units,
    judge,
    max_sentences_from_config,
    score_directions,
    summarise,
    windows,
)

T = Thresholds(
    contradiction=0.6,
    entailment=0.6,
    agree_max_contradiction=0.2,
    possible_contradiction=0.4,
    possible_entailment=0.4,
)
LEXICAL = {
    "pairing": {"relevance": "lexical", "min_relevance": {"lexical": 0.1}},
    "verdict": {"contradiction": 0.6, "entailment": 0.6, "agree_max_contradiction": 0.2},
}

A_TEXT = "Iran is cooperating with the United States against Islamic State."
B_FIRST = "We talk with Iran about Islamic State on the margins of the nuclear talks."
B_DECISIVE = "But we are not cooperating with Iran against Islamic State."
B_TEXT = f"{B_FIRST} {B_DECISIVE}"
ARTICLE = f"Zarif | Iran | {A_TEXT}\nHarf | United States | {B_TEXT}\n"


def whole(article: str, text: str) -> Unit:
    start = article.index(text)
    return Unit(text, start, start + len(text))


def p(e: float, n: float, c: float) -> list[float]:
    return [e, n, c]


# Units


def test_single_sentence_claim_is_only_its_whole() -> None:
    article = "Harf said the talks continue on Monday."
    unit = whole(article, "the talks continue on Monday.")
    assert claim_units(article, unit).sentences == (unit,)


def test_multi_sentence_quote_is_split_with_article_offsets() -> None:
    # The splitter never cuts inside a quotation; inside a claim the quotes are the claim's own.
    article = "Harf said: “We talk with Iran. But we are not coordinating. Never.” Then she left."
    quote = "We talk with Iran. But we are not coordinating. Never.”"
    units = claim_units(article, whole(article, quote))
    assert [u.text for u in units.sentences] == [
        "We talk with Iran.",
        "But we are not coordinating.",
        "Never.",
    ]
    for u in units.sentences:
        assert article[u.start : u.end] == u.text


def test_split_quote_around_attribution() -> None:
    article = "“Their hands are not clean,” Khamenei said. “We will not cooperate with them.”"
    units = claim_units(article, Unit(article, 0, len(article)))
    assert [u.text for u in units.sentences] == [
        "Their hands are not clean,” Khamenei said.",
        "We will not cooperate with them.",
    ]


def test_sentence_cap_merges_runs_and_covers_the_claim() -> None:
    sentences = [f"Sentence number {k} is here." for k in range(1, 10)]
    article = " ".join(sentences)
    units = claim_units(article, Unit(article, 0, len(article)), max_sentences=4)
    assert len(units.sentences) == 4
    assert units.sentences[0].start == 0 and units.sentences[-1].end == len(article)
    joined = " ".join(u.text for u in units.sentences)
    assert joined == article  # every sentence is in exactly one run, in order


def test_windows_whole_first_no_duplicate() -> None:
    art = f"{A_TEXT} {B_TEXT}"
    a = claim_units(art, whole(art, A_TEXT))
    b = claim_units(art, whole(art, B_TEXT))
    wins = windows(a, b)
    assert wins[0] == (a.whole, b.whole)
    assert [h.text for _, h in wins[1:]] == [B_FIRST, B_DECISIVE]
    assert windows(a, a) == [(a.whole, a.whole)]  # one sentence each: exactly as before


# Aggregation


def test_summarise_maxima_and_deciding_window() -> None:
    u = [Unit(t, 0, 1) for t in "wxyz"]
    wins = [(u[0], u[0]), (u[1], u[1]), (u[2], u[2])]
    probs = np.array([p(0.3, 0.5, 0.2), p(0.7, 0.2, 0.1), p(0.1, 0.15, 0.75)])
    d = summarise(wins, probs)
    assert (d.entailment, d.contradiction) == pytest.approx((0.7, 0.75))
    assert d.deciding == wins[2] and d.probs["contradiction"] == pytest.approx(0.75)
    assert sum(d.probs.values()) == pytest.approx(1.0)
    assert (d.top_entailment, d.top_contradiction, d.windows) == (wins[1], wins[2], 3)
    # Entailment that beats the best contradiction decides.
    d = summarise(wins[:2], probs[:2])
    assert d.deciding == wins[1] and d.probs["entailment"] == pytest.approx(0.7)


def test_shown_probabilities_support_the_verdict() -> None:
    """A contradiction above threshold in one window and a stronger entailment in another: the
    verdict is contradict, and the direction shows the contradicting window's numbers."""
    u = [Unit(t, 0, 1) for t in "wxy"]
    wins = [(u[0], u[0]), (u[1], u[1])]
    d = summarise(wins, np.array([p(0.9, 0.05, 0.05), p(0.1, 0.2, 0.7)]))
    assert d.probs["entailment"] == pytest.approx(0.9)  # the aggregate's deciding window
    verdict = judge(d, d, T).verdict
    assert verdict == "contradict"
    assert d.shown(verdict)["contradiction"] == pytest.approx(0.7)
    assert d.shown("agree")["entailment"] == pytest.approx(0.9)
    assert d.shown("unrelated") == d.probs


def test_judge_names_the_deciding_sentences() -> None:
    a, b = Unit("A", 0, 1), Unit("B", 2, 3)
    b2 = Unit("B second", 4, 12)
    there = summarise([(a, b), (a, b2)], np.array([p(0.2, 0.6, 0.2), p(0.05, 0.1, 0.85)]))
    back = summarise([(b, a)], np.array([p(0.1, 0.8, 0.1)]))
    decision = judge(there, back, T)
    evidence = decision.evidence
    assert (decision.verdict, decision.tier) == ("contradict", "flag")
    assert evidence["direction"] == "ab" and evidence["score"] == pytest.approx(0.85)
    assert evidence["premise"] == a.as_dict() and evidence["hypothesis"] == b2.as_dict()
    decision = judge(back, back, T)
    assert decision.verdict == "unrelated" and decision.tier is None
    assert "premise" not in decision.evidence
    # A possible contradiction names its deciding sentences as a flag does.
    weaker = summarise([(a, b), (a, b2)], np.array([p(0.2, 0.6, 0.2), p(0.05, 0.5, 0.45)]))
    decision = judge(weaker, back, T)
    assert (decision.verdict, decision.tier) == ("contradict", "possible")
    assert decision.evidence["hypothesis"] == b2.as_dict()


def test_one_backend_call_for_all_windows(fake_backend_cls) -> None:
    art = f"{A_TEXT} {B_TEXT}"
    a = claim_units(art, whole(art, A_TEXT))
    b = claim_units(art, whole(art, B_TEXT))
    backend = fake_backend_cls()
    out = score_directions(backend, [(a, b), (b, a), (a, a)])
    assert len(backend.calls) == 1
    assert [d.windows for d in out] == [3, 3, 1]
    assert len(backend.calls[0]) == 7


@pytest.mark.parametrize(
    "section",
    [{"max_sentences": 0}, {"max_sentences": "6"}, {"max_sentences": True}, {"max_sentence": 6}],
)
def test_bad_judging_config(section) -> None:
    with pytest.raises(StanceError, match="judging"):
        max_sentences_from_config(section)


def test_judging_config_default() -> None:
    assert max_sentences_from_config(None) == 6
    assert max_sentences_from_config({"max_sentences": 2}) == 2


# Through analyze_text


@pytest.fixture
def decisive_backend(fake_backend_cls):
    return fake_backend_cls(
        {
            # The whole claims look neutral; the second sentence of B clearly contradicts A.
            (A_TEXT, B_TEXT): p(0.3, 0.5, 0.2),
            (B_TEXT, A_TEXT): p(0.25, 0.55, 0.2),
            (A_TEXT, B_DECISIVE): p(0.05, 0.1, 0.85),
        }
    )


def test_decisive_inner_sentence_flips_the_verdict(decisive_backend, fake_extractor) -> None:
    out = analyze_text(ARTICLE, decisive_backend, LEXICAL, extractor=fake_extractor)
    (pair,) = out.pairs
    assert pair.verdict == "contradict"
    assert pair.ab == pytest.approx({"entailment": 0.05, "neutral": 0.1, "contradiction": 0.85})
    assert pair.evidence["direction"] == "ab"
    hyp = pair.evidence["hypothesis"]
    assert hyp["text"] == B_DECISIVE and ARTICLE[hyp["start"] : hyp["end"]] == B_DECISIVE
    assert pair.evidence["premise"] == {"text": A_TEXT, "start": pair.a.start, "end": pair.a.end}
    assert len(decisive_backend.calls) == 1
    jsonschema.validate(out.to_dict(), analysis_schema())

    # The same pair judged on whole claims only (one sentence per claim) is unrelated.
    whole_only = dict(LEXICAL, judging={"max_sentences": 1})
    out = analyze_text(ARTICLE, decisive_backend, whole_only, extractor=fake_extractor)
    assert out.pairs[0].verdict == "unrelated"
    assert out.pairs[0].ab == pytest.approx(
        {"entailment": 0.3, "neutral": 0.5, "contradiction": 0.2}
    )
