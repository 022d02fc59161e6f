"""The report keeps the two tiers apart: flags in full first, then the possibles, compact."""

from __future__ import annotations

import re

from conftest import FakeBackend, line_extractor

from stance.analyze import AnalysisResult, analyze_text
from stance.report import pairs_to_show, summary

ARTICLE = (
    "Harf | United States | The talks are over.\n"
    "Zarif | Iran | The talks go on.\n"
    "Kerry | United States | Iran helps the coalition.\n"
    "Rouhani | Iran | Iran stays out of the coalition.\n"
)
CONFIG = {
    "pairing": {"relevance": "lexical", "min_relevance": {"lexical": 0.0}},
    "verdict": {
        "contradiction": 0.6,
        "entailment": 0.6,
        "agree_max_contradiction": 0.2,
        "possible_contradiction": 0.4,
        "possible_entailment": 0.4,
    },
}
FLAG = ("The talks are over.", "The talks go on.")
POSSIBLE = ("Iran helps the coalition.", "Iran stays out of the coalition.")


def analyse(table: dict[tuple[str, str], list[float]]) -> AnalysisResult:
    return analyze_text(
        ARTICLE, FakeBackend(table), CONFIG, name="tiers.txt", extractor=line_extractor
    )


def flat(result: AnalysisResult) -> str:
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.to_text()).split())


def test_flags_first_then_a_separate_possible_section() -> None:
    result = analyse({FLAG: [0.05, 0.15, 0.8], POSSIBLE: [0.1, 0.45, 0.45]})
    shown = pairs_to_show(result)
    assert [p.tier for p in shown.flags] == ["flag"]
    assert [p.tier for p in shown.possible] == ["possible"] and shown.closest == []
    text = flat(result)
    flag_at = text.index("1. CONTRADICT")
    section_at = text.index("Possible contradictions and agreements (1)")
    possible_at = text.index("2. possible contradict")
    assert flag_at < section_at < possible_at
    assert "P(contradiction) ≥ 0.40" in text[section_at:]  # the lower bar, stated
    # The possible entry is compact: the deciding score, no probability table.
    assert "P(contradiction) 0.450 A → B" in text[possible_at:]
    assert "premise → hypothesis" not in text[possible_at:]
    assert "No flag" not in text
    assert summary(result).endswith(
        "4 judged: 1 flag (1 contradict, 0 agree), 1 possible (1 contradict, 0 agree), 2 unrelated."
    )


def test_only_possibles_says_so_and_shows_no_closest_calls() -> None:
    result = analyse({POSSIBLE: [0.1, 0.45, 0.45], FLAG: [0.5, 0.45, 0.05]})
    text = flat(result)
    assert "No flag: no pair reached the high bar (P(contradiction) ≥ 0.60" in text
    assert "1. possible contradict" in text and "2. possible agree" in text
    assert "closest to a contradiction" not in text
    assert result.verdicts() == {
        "contradict": 0,
        "agree": 0,
        "possible_contradict": 1,
        "possible_agree": 1,
        "unrelated": 2,
    }


def test_neither_tier_shows_the_closest_calls() -> None:
    result = analyse({POSSIBLE: [0.1, 0.55, 0.35]})
    text = flat(result)
    assert "No agreement or contradiction found" in text
    assert "closest to a contradiction" in text and "Possible contradictions" not in text
    assert pairs_to_show(result).closest[0].b.text == POSSIBLE[1]
