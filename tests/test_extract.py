"""Claim extraction patterns on short texts of our own (none of them from the seed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stance.claims import Claim
from stance.config import load_analyze_config, merge_config
from stance.errors import StanceError
from stance.extract import extract_claims, quoted_content
from stance.extract.scoring import same_speaker, score_attribution

BASE: dict = {}  # the built-in defaults only: tests do not depend on configs/analyze.yaml


def claims_of(text: str, config: dict | None = None) -> list[Claim]:
    claims = extract_claims(text, BASE if config is None else config)
    for c in claims:  # the offset contract, checked on every extraction in this file
        assert c.text == text[c.start : c.end]
    return claims


def one(text: str, config: dict | None = None) -> Claim:
    claims = claims_of(text, config)
    assert len(claims) == 1, [(c.speaker, c.text) for c in claims]
    return claims[0]


# --------------------------------------------------------------------------- direct quotes


def test_direct_quote_said_after() -> None:
    c = one("“We will not sign this agreement under pressure,” Lena Ortiz said.")
    assert (c.speaker, c.cue, c.text) == (
        "Lena Ortiz",
        "said",
        "We will not sign this agreement under pressure",
    )
    assert c.mention == "Lena Ortiz"


def test_direct_quote_said_before_inverted() -> None:
    c = one("“The border will stay closed until further notice,” said Canada’s prime minister.")
    assert c.text == "The border will stay closed until further notice"
    assert c.party == "Canada"
    assert c.mention == "Canada’s prime minister"


def test_direct_quote_with_colon_attribution_first() -> None:
    c = one("The minister Paolo Ricci told reporters: “The budget is balanced this year.”")
    assert c.speaker == "Paolo Ricci"
    assert c.text == "The budget is balanced this year."


def test_split_quote_is_one_claim() -> None:
    text = (
        "“The talks have failed,” Lena Ortiz said on Tuesday, speaking in Quito. "
        "“We will try again next month. … But nothing is promised.”"
    )
    c = one(text)
    assert c.speaker == "Lena Ortiz"
    assert c.text.startswith("The talks have failed")
    assert c.text.endswith("But nothing is promised.")
    # the words of the quotation alone, for judging
    assert quoted_content(c) == (
        "The talks have failed, We will try again next month. … But nothing is promised."
    )
    assert "Ortiz" not in quoted_content(c)


def test_split_quote_in_one_sentence() -> None:
    c = one("“We are ready,” Ortiz said, “and we have always been ready for a deal.”")
    assert c.text == "We are ready,” Ortiz said, “and we have always been ready for a deal."


def test_quote_paragraph_continues_previous_speaker() -> None:
    text = (
        "“Our position has not changed at all,” said Mexico’s foreign minister, Rosa Vela.\n\n"
        "“We expect the other side to respect the agreement it signed.”"
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Rosa Vela", "Rosa Vela"]
    assert claims[1].text == "We expect the other side to respect the agreement it signed."


def test_quote_after_narration_paragraph_is_not_attached() -> None:
    # (after one short sentence of the writer's the quotation goes on with Vela: see
    # test_a_quotation_after_one_sentence_of_the_writers_goes_on_with_the_last_speaker)
    text = (
        "“Our position has not changed at all,” Rosa Vela said.\n\n"
        "The meeting ended at noon. The delegates left the building by the side door.\n\n"
        "“We expect the other side to respect the agreement it signed.”"
    )
    assert [c.text for c in claims_of(text)] == ["Our position has not changed at all"]


def test_fragment_quote_before_trailing_attribution() -> None:
    c = one("Peru rebuffed a request from the envoy for “cooperation,” Vela said.")
    assert (c.speaker, c.cue) == ("Vela", "said")
    assert c.text == "Peru rebuffed a request from the envoy for “cooperation,”"


def test_partial_quote_keeps_its_closing_mark() -> None:
    c = one("Weber said that the plan “would not be fair to anyone.”")
    assert c.text == "the plan “would not be fair to anyone.”"


def test_scare_quote_is_not_a_claim() -> None:
    assert claims_of("Prices rose after the “temporary” tax on fuel became permanent.") == []


def test_pronoun_resolves_to_last_speaker() -> None:
    text = (
        "Prime Minister Anna Berg said the budget was balanced.\n\n"
        "“We kept every promise we made to voters,” she said."
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Anna Berg", "Anna Berg"]


def test_they_resolves_to_a_group_not_a_person() -> None:
    text = (
        "Anna Berg said the budget was balanced.\n\n"
        "Opposition lawmakers said the figures were wrong.\n\n"
        "“We will vote against it next week,” they said."
    )
    assert [c.speaker for c in claims_of(text)] == [
        "Anna Berg",
        "Opposition lawmakers",
        "Opposition lawmakers",
    ]
    assert claims_of("“We will vote against it next week,” they said.") == []


# --------------------------------------------------------------------------- indirect speech


def test_indirect_said_with_that() -> None:
    c = one("Lena Ortiz said that the talks had failed because of the tariffs.")
    assert (c.speaker, c.cue) == ("Lena Ortiz", "said")
    assert c.text == "the talks had failed because of the tariffs"


def test_indirect_says_with_parenthetical() -> None:
    c = one("The European Union, for its part, says it will not lift the sanctions this year.")
    assert (c.speaker, c.party, c.cue) == ("European Union", "European Union", "says")
    assert c.text == "it will not lift the sanctions this year"


def test_indirect_with_appositive_speaker() -> None:
    c = one("A Turkish Foreign Ministry spokesman, Emre Kaya, said the border would reopen soon.")
    assert (c.speaker, c.party) == ("Emre Kaya", "Turkey")
    assert c.mention == "A Turkish Foreign Ministry spokesman, Emre Kaya"
    assert c.text == "the border would reopen soon"


def test_trailing_attribution_said_after_content() -> None:
    c = one("The army withdrew from the border town overnight, a Turkish official said Monday.")
    assert (c.speaker, c.party) == ("Turkish official", "Turkey")
    assert c.text == "The army withdrew from the border town overnight"


def test_trailing_attribution_inverted() -> None:
    c = one("The army withdrew from the border town overnight, said Egypt’s defense minister.")
    assert c.party == "Egypt"
    assert c.text == "The army withdrew from the border town overnight"


def test_according_to_before_and_after() -> None:
    a = one("According to Brazil’s central bank, inflation will slow sharply next year.")
    assert (a.party, a.cue, a.text) == (
        "Brazil",
        "according to",
        "inflation will slow sharply next year",
    )
    b = one("Inflation will slow sharply next year, according to Brazil’s central bank.")
    assert (b.party, b.cue, b.text) == (
        "Brazil",
        "according to",
        "Inflation will slow sharply next year",
    )


def test_bare_plural_subject_of_said() -> None:
    c = one("Rescue teams worked all night. Emergency crews said the worst was over.")
    assert (c.speaker, c.text) == ("Emergency crews", "the worst was over")


@pytest.mark.parametrize("subject", ["The family", "Kelly", "The daily"])
def test_ly_words_that_are_not_adverbs(subject: str) -> None:
    c = one(f"{subject} said the police had ignored the warnings.")
    assert c.mention == subject


def test_time_adjunct_between_subject_and_verb() -> None:
    c = one("Russia on Tuesday denied that it was massing troops near the border.")
    assert (c.speaker, c.party, c.cue) == ("Russia", "Russia", "denied")
    assert c.text == "denied that it was massing troops near the border"


def test_adjunct_before_that() -> None:
    c = one("The ministry said in a statement that the plant would reopen in May.")
    assert (c.speaker, c.text) == ("ministry", "the plant would reopen in May")


def test_inverted_attribution_with_following_appositive() -> None:
    c = one(
        "“We will not be intimidated by threats,” said Nikos Pappas, the Greek foreign minister."
    )
    assert (c.speaker, c.party) == ("Nikos Pappas", "Greece")
    assert c.mention == "Nikos Pappas, the Greek foreign minister"


def test_attribution_inside_relative_clause_keeps_its_clause() -> None:
    c = one("The ship, which Turkish officials say is doing routine research, is escorted.")
    assert (c.party, c.text) == ("Turkey", "is doing routine research")


def test_according_to_unnamed_sources() -> None:
    c = one("A deal is still possible, according to two officials familiar with the talks.")
    # how they know ("familiar with the talks") stays in the mention, not the speaker's name
    assert (c.speaker, c.mention, c.text) == (
        "two officials",
        "two officials familiar with the talks",
        "A deal is still possible",
    )


def test_windows_line_endings() -> None:
    text = "Ortiz said the talks had failed.\r\nIt was late.\r\n\r\nBerg said the deal was fair."
    assert [c.speaker for c in claims_of(text)] == ["Ortiz", "Berg"]


# --------------------------------------------------------------------------- other reporting verbs


def test_ruled_out() -> None:
    c = one("The Kremlin has ruled out any talks with the rebels, a move criticized abroad.")
    assert (c.speaker, c.party, c.cue) == ("Kremlin", "Russia", "ruled out")
    assert c.text == "ruled out any talks with the rebels"


def test_rejects() -> None:
    c = one("Beijing rejects the accusations of currency manipulation.")
    assert (c.speaker, c.party, c.cue) == ("Beijing", "China", "rejects")
    assert c.text == "rejects the accusations of currency manipulation"


def test_blame() -> None:
    c = one("Israeli officials blame the militants for the attack on the border post.")
    assert (c.speaker, c.party, c.cue) == ("Israeli officials", "Israel", "blame")
    assert c.text == "blame the militants for the attack on the border post"


def test_fear_that() -> None:
    c = one("Egyptian authorities also fear that the drought will cut the wheat harvest.")
    assert (c.speaker, c.party, c.cue) == ("Egyptian authorities", "Egypt", "fear")
    assert c.text == "the drought will cut the wheat harvest"


def test_viewed_as() -> None:
    c = one("Indian commentators have generally viewed the trade deal as a win for farmers.")
    assert (c.party, c.cue) == ("India", "viewed … as")
    assert c.text == "viewed the trade deal as a win for farmers"


def test_view_without_as_is_not_a_claim() -> None:
    assert claims_of("Indian commentators viewed the parade from the rooftops.") == []


def test_coordinated_verbs_are_two_claims() -> None:
    text = "Ottawa says it acted within the law and rejects any claim of political bias."
    claims = claims_of(text)
    assert [(c.speaker, c.cue, c.text) for c in claims] == [
        ("Ottawa", "says", "it acted within the law"),
        ("Ottawa", "rejects", "rejects any claim of political bias"),
    ]
    assert {c.party for c in claims} == {"Canada"}


# --------------------------------------------------------------------------- not claims


@pytest.mark.parametrize(
    "text",
    [
        # narration
        "The meeting was held in Geneva on Monday. Both countries have sent aid to the region.",
        # a refusal to state something
        "Officials of both governments declined to say whether the talks would resume.",
        # negated and modal reporting verbs
        "The ministry did not say when the plant would reopen.",
        "Analysts would say that the market is calm.",
        # background relative clauses and participial phrases
        "The ministry, which has called for new elections, opened an inquiry on Friday.",
        "The group, which views the treaty as a betrayal, held a rally.",
        "The United States, while vowing to “destroy” the cartel, is funding local police.",
        # passive "is said to"
        "The general is said to have left the capital last week.",
        # nouns that look like verbs
        "His views on the matter are well known. The report was published on Monday.",
    ],
)
def test_not_claims(text: str) -> None:
    assert claims_of(text) == [], text


def test_text_without_attributions_returns_empty_list() -> None:
    assert claims_of("It rained all day in the capital. Schools stayed closed.") == []
    assert claims_of("") == []


def test_boilerplate_is_not_claimed() -> None:
    text = (
        "Leader Says Talks Will Resume\n\n"
        "By Ana Gomez and Sam Ito, Daily Courier\n\n"
        "LIMA, Peru — The interior minister said the curfew will end on Sunday.\n\n"
        "Gomez is a special correspondent. Staff writer Ito contributed from Cusco.\n\n"
        "Sign up for our newsletter, says our editor!\n\n"
        "{{ }}\n"
    )
    claims = claims_of(text)
    assert [c.text for c in claims] == ["the curfew will end on Sunday"]


# --------------------------------------------------------------------------- speakers, parties


def test_title_name_and_role_variants_are_one_speaker() -> None:
    text = (
        "Prime Minister Anna Berg of Canada said the deal is fair to both sides.\n\n"
        "“We negotiated in good faith from the first day,” Berg said.\n\n"
        "“Nobody was forced to accept anything,” said Canada’s prime minister."
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Anna Berg"] * 3
    assert {c.party for c in claims} == {"Canada"}


def test_surname_resolves_to_longest_full_name() -> None:
    text = (
        "The visit was organised by Foreign Minister Karl J. Weber of Germany.\n\n"
        "Weber said the embassy would reopen in the spring."
    )
    c = one(text)
    assert (c.speaker, c.party) == ("Karl J. Weber", "Germany")


def test_party_grouping_two_sides() -> None:
    text = (
        "Kremlin spokesman Dmitry Volkov said the troops had left the border area.\n\n"
        "Ukraine’s foreign minister, Olena Hrytsenko, said the troops were still there.\n\n"
        "Moscow says the exercises were planned long ago.\n\n"
        "Kyiv rejects that account of the exercises entirely.\n\n"
        "Ukrainian officials fear that the troops will return in the summer."
    )
    claims = claims_of(text)
    got = {(c.speaker, c.party) for c in claims}
    assert got == {
        ("Dmitry Volkov", "Russia"),
        ("Moscow", "Russia"),
        ("Olena Hrytsenko", "Ukraine"),
        ("Kyiv", "Ukraine"),
        ("Ukrainian officials", "Ukraine"),
    }


def test_unaffiliated_speaker_is_its_own_party() -> None:
    c = one("Maria Lind said the river had flooded the lower town overnight.")
    assert (c.speaker, c.party) == ("Maria Lind", "Maria Lind")


def test_config_aliases_and_party_hints() -> None:
    text = (
        "“The dam is safe for now,” the engineer said.\n\n"
        "Maria Lind said the river had flooded the lower town overnight."
    )
    config = {
        "speakers": {"aliases": {"the engineer": "Tomas Ek"}},
        "parties": {"hints": {"Tomas Ek": "Water board", "Maria Lind": "Residents"}},
    }
    assert [(c.speaker, c.party) for c in claims_of(text, config)] == [
        ("Tomas Ek", "Water board"),
        ("Maria Lind", "Residents"),
    ]


def test_config_adds_a_country_and_a_verb() -> None:
    text = "Freedonian officials harrumphed that the fish had won the negotiation."
    assert claims_of(text) == []
    config = {
        "extract": {"extra_speech_verbs": ["harrumphed"]},
        "parties": {"countries": [{"name": "Freedonia", "demonyms": ["Freedonian"]}]},
    }
    c = one(text, config)
    assert (c.speaker, c.party, c.text) == (
        "Freedonian officials",
        "Freedonia",
        "the fish had won the negotiation",
    )


def test_config_party_labels() -> None:
    c = one(
        "Beijing rejects the accusations of currency manipulation.",
        {"parties": {"labels": {"China": "PRC"}}},
    )
    assert c.party == "PRC"


def test_bad_config_values_are_stance_errors() -> None:
    with pytest.raises(StanceError, match=r"extract\.min_quote_words"):
        extract_claims("x said y.", {"extract": {"min_quote_words": "four"}})
    with pytest.raises(StanceError, match=r"speakers\.aliases"):
        extract_claims("x said y.", {"speakers": {"aliases": ["not", "a", "map"]}})


# --------------------------------------------------------------------------- config loading


def test_load_analyze_config_defaults_and_merge(tmp_path: Path) -> None:
    defaults = load_analyze_config()
    assert {"extract", "speakers", "parties"} <= set(defaults)
    user = tmp_path / "user.yaml"
    user.write_text("extract:\n  min_quote_words: 7\nparties:\n  hints: {A: B}\n", encoding="utf-8")
    merged = load_analyze_config(user)
    assert merged["extract"]["min_quote_words"] == 7
    assert merged["extract"]["max_speaker_words"] == defaults["extract"]["max_speaker_words"]
    assert merged["parties"]["hints"] == {"A": "B"}


def test_load_analyze_config_bad_yaml_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("extract: [unclosed\n", encoding="utf-8")
    with pytest.raises(StanceError, match=r"bad\.yaml"):
        load_analyze_config(bad)
    with pytest.raises(StanceError, match="not found"):
        load_analyze_config(tmp_path / "missing.yaml")
    top_list = tmp_path / "list.yaml"
    top_list.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(StanceError, match="mapping"):
        load_analyze_config(top_list)


def test_merge_config_is_deep_and_does_not_mutate() -> None:
    base = {"a": {"x": 1, "y": 2}, "b": [1]}
    merged = merge_config(base, {"a": {"y": 3}, "b": [2]})
    assert merged == {"a": {"x": 1, "y": 3}, "b": [2]}
    assert base == {"a": {"x": 1, "y": 2}, "b": [1]}


# --------------------------------------------------------------------------- scoring


def _c(speaker: str, start: int, end: int, party: str = "P") -> dict:
    return {"speaker": speaker, "party": party, "start": start, "end": end}


def test_score_attribution_matching_rule() -> None:
    gold = [_c("Ali Reza", 0, 100), _c("Officials", 200, 300)]
    pred = [
        _c("Reza", 10, 120),  # same surname, covers 90% of the gold span: match
        _c("Officials", 200, 240),  # covers 40%: no match
        _c("Someone", 200, 300),  # wrong speaker: no match by speaker
    ]
    r = score_attribution(pred, gold)
    assert (r["tp"], r["precision"], r["recall"]) == (1, pytest.approx(1 / 3), 0.5)
    assert r["missed"] == [1]
    assert r["spurious"] == [1, 2]
    by_party = score_attribution(pred, gold, by="party")
    assert (by_party["tp"], by_party["spurious"]) == (2, [1])  # "Someone" is in the same party


def test_score_attribution_one_to_one_and_empty() -> None:
    gold = [_c("A", 0, 10)]
    r = score_attribution([_c("A", 0, 10), _c("A", 0, 10)], gold)
    assert (r["tp"], r["precision"], r["recall"]) == (1, 0.5, 1.0)
    empty = score_attribution([], gold)
    assert (empty["precision"], empty["recall"]) == (1.0, 0.0)


def test_same_speaker() -> None:
    assert same_speaker("Ali Khamenei", "khamenei")
    assert not same_speaker("Ali Reza", "Reza Ali")
    assert not same_speaker("", "A")
