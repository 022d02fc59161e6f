"""Boilerplate labelling and sentence segmentation (stance.text): offsets into the original."""

from __future__ import annotations

import pytest

from stance.text import clean, sentences, split_sentences


def _sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


# --------------------------------------------------------------------------- segmentation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            # a quotation reopened before it closes: the new paragraph a flattened feed lost
            "Ana Ruiz added: “The roof leaked. “Then the walls cracked.” Work stopped.",
            ["Ana Ruiz added: “The roof leaked.", "“Then the walls cracked.”", "Work stopped."],
        ),
        (
            "Mr. Lopez met Dr. Chen in Lima. They talked for an hour.",
            ["Mr. Lopez met Dr. Chen in Lima.", "They talked for an hour."],
        ),
        (
            "Secretary of State John F. Kerry arrived on Monday. He left on Tuesday.",
            ["Secretary of State John F. Kerry arrived on Monday.", "He left on Tuesday."],
        ),
        (
            "Top U.S. diplomats met Iranian officials. The talks ended early.",
            ["Top U.S. diplomats met Iranian officials.", "The talks ended early."],
        ),
        (
            "The plan was approved by the U.S. The vote was close.",
            ["The plan was approved by the U.S.", "The vote was close."],
        ),
        (
            "Supreme Leader Ayatollah Ali Mansouri spoke at noon. Crowds gathered outside.",
            ["Supreme Leader Ayatollah Ali Mansouri spoke at noon.", "Crowds gathered outside."],
        ),
        (
            "Gen. Ortiz and Sen. Blake flew in at 9 a.m. on Friday. They left at noon.",
            ["Gen. Ortiz and Sen. Blake flew in at 9 a.m. on Friday.", "They left at noon."],
        ),
    ],
)
def test_abbreviations_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert _sents(text) == expected


def test_no_split_inside_curly_quotes() -> None:
    text = (
        "“It is over. … But we will not give up,” Ortiz said. "
        "“How could we?” she asked. Nobody answered."
    )
    assert _sents(text) == [
        "“It is over. … But we will not give up,” Ortiz said.",
        "“How could we?” she asked.",
        "Nobody answered.",
    ]


def test_sentence_ending_inside_closing_quote() -> None:
    text = "“The coalition is nonsense.” The minister then left the room."
    assert _sents(text) == ["“The coalition is nonsense.”", "The minister then left the room."]


def test_straight_quotes() -> None:
    text = '"We are ready. We are able," Lee said. The army moved.'
    assert _sents(text) == ['"We are ready. We are able," Lee said.', "The army moved."]


def test_lowercase_after_period_is_not_a_boundary() -> None:
    assert _sents("The vote was 5 vs. 4 in favor. It passed.") == [
        "The vote was 5 vs. 4 in favor.",
        "It passed.",
    ]


def test_offsets_are_into_the_original_text() -> None:
    text = "  First sentence here.   Second one follows!\n"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["First sentence here.", "Second one follows!"]


def test_unbalanced_quote_is_contained_in_its_paragraph() -> None:
    text = "“This quote never closes. It goes on.\n\nA new paragraph starts. It ends."
    sents = [text[s:e] for s, e in sentences(clean(text))]
    assert sents[-2:] == ["A new paragraph starts.", "It ends."]


# --------------------------------------------------------------------------- boilerplate

ARTICLE = """Minister Says Taxes Will Rise Next Year

Minister Says Taxes Will Rise Next Year

By Ana Gomez, Peter K. Lund, and Sam Ito, Daily Courier

LIMA, Peru — The finance minister said taxes will rise next year.

Protesters gathered outside the ministry. {{ ad_slot }} They left by noon.

Gomez is a special correspondent. Times staff writer Lund contributed from Cusco.

Reuters Photo

Interested in politics? Sign up for our daily email newsletter!

Know more.

The news that matters. Delivered to your inbox every morning

{{ }}
"""


def _kinds(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for b in clean(text).blocks:
        out.setdefault(b.kind, []).append(text[b.start : b.end])
    return out


def test_boilerplate_kinds() -> None:
    kinds = _kinds(ARTICLE)
    assert kinds["headline"] == ["Minister Says Taxes Will Rise Next Year"] * 2
    assert kinds["byline"] == ["By Ana Gomez, Peter K. Lund, and Sam Ito, Daily Courier"]
    assert kinds["dateline"] == ["LIMA, Peru — "]
    assert kinds["credit"][0].startswith("Gomez is a special correspondent.")
    assert kinds["photo"] == ["Reuters Photo"]
    assert len(kinds["newsletter"]) == 2
    assert kinds["tail"] == ["Know more."]
    assert kinds["template"] == ["{{ ad_slot }}", "{{ }}"]


def test_body_is_kept_with_original_offsets() -> None:
    cleaned = clean(ARTICLE)
    assert cleaned.text is ARTICLE
    body = [ARTICLE[b.start : b.end] for b in cleaned.body()]
    assert body == [
        "The finance minister said taxes will rise next year.",
        "Protesters gathered outside the ministry.",
        "They left by noon.",
    ]


def test_short_last_paragraph_without_boilerplate_after_it_is_body() -> None:
    text = "The talks resumed on Monday after a long pause.\n\nBoth sides attended."
    assert [text[b.start : b.end] for b in clean(text).body()] == [
        "The talks resumed on Monday after a long pause.",
        "Both sides attended.",
    ]


def test_single_newline_paragraphs() -> None:
    text = "Officials met on Monday.\nThey agreed on a plan.\nSign up for our newsletter!"
    cleaned = clean(text)
    assert [text[b.start : b.end] for b in cleaned.body()] == [
        "Officials met on Monday.",
        "They agreed on a plan.",
    ]
    assert [b.kind for b in cleaned.boilerplate()] == ["newsletter"]


def test_a_related_story_link_is_boilerplate() -> None:
    text = (
        "The army said the soldier would not be charged.\n\n"
        "Related: Army denies reports it has decided to charge the soldier\n\n"
        "Critics said the case was not over."
    )
    cleaned = clean(text)
    assert [b.kind for b in cleaned.boilerplate()] == ["related"]
    assert len(cleaned.body()) == 2


def test_a_tag_in_capitals_before_a_headline_is_a_related_story_link() -> None:
    text = (
        "The army said the soldier would not be charged.\n\n"
        "MORE: Army denies reports it has decided to charge the soldier\n\n"
        "CANBERRA: Copycat fear locks down Parliament\n\n"
        "WASHINGTON: The army said on Monday that the case was closed.\n\n"
        "UPDATE: “We are still looking,” the army said\n\n"
        "BREAKING: Police said the suspect had been arrested near the border"
    )
    cleaned = clean(text)
    assert [b.kind for b in cleaned.boilerplate()] == ["related", "related"]
    # a dateline before a sentence, a quotation, or news of this story is body text
    assert [text[b.start : b.start + 11] for b in cleaned.body()] == [
        "The army sa",
        "WASHINGTON:",
        "UPDATE: “We",
        "BREAKING: P",
    ]


def test_plain_text_has_no_boilerplate() -> None:
    text = "The minister said the budget is balanced. Critics disagreed."
    cleaned = clean(text)
    assert cleaned.boilerplate() == []
    assert cleaned.body_text() == text


def test_a_caption_or_subhead_line_inside_the_article_is_no_body() -> None:
    text = (
        "The couple are trying to sell their son.\n\n"
        "Meng Xiangyan pictured with her son as she tries to sell him on a busy street\n\n"
        "Shekau claims no ceasefire\n"
        "The new video emerges as violence continues.\n\n"
        "The day ended quietly."
    )
    kinds = _kinds(text)
    assert kinds["subhead"] == [
        "Meng Xiangyan pictured with her son as she tries to sell him on a busy street",
        "Shekau claims no ceasefire",
    ]
    assert "The new video emerges as violence continues." in kinds["body"]


@pytest.mark.parametrize(
    "text",
    [
        # a hard-wrapped paragraph: the next line goes on in lower case
        "The minister said on Monday that taxes\nwould rise next year.\n\nHe left.",
        # a tweet's text, with its signature on the next line
        "I guess we should all be thankful for the candles\n— Katie (@ohkatieb) Sept 1, 2014\n\n"
        "She left.",
        # the paragraph's last sentence cut short by the page, not a caption
        "He spoke. Prime Minister Stephen Harper was\n\nThe end came.",
    ],
)
def test_lines_that_are_no_subheads(text: str) -> None:
    assert "subhead" not in _kinds(text)
