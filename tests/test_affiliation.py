"""Who is on which side (issue 26): affiliation read from the text, opposition, evidence per
speaker, unaffiliated speakers, and claims that are narration. Every sentence here is our own;
none comes from the seed or the news dev set.
"""

from __future__ import annotations

import pytest

from stance.claims import UNAFFILIATED, Claim
from stance.extract import extract_claims
from stance.extract.affiliation import (
    find_affiliations,
    find_party_members,
    find_roles,
    mention_affiliation,
)
from stance.extract.lexicon import load_lexicon
from stance.extract.parse import parse
from stance.extract.parties import PartyEvidence, Tie, group_parties
from stance.extract.relations import find_alliances, find_oppositions
from stance.extract.speakers import analyse_mention

LEX = load_lexicon()


def claims_of(text: str) -> list[Claim]:
    claims = extract_claims(text, {})
    for c in claims:
        assert c.text == text[c.start : c.end]
    return claims


def by_speaker(text: str) -> dict[str, Claim]:
    return {c.speaker: c for c in claims_of(text)}


# ------------------------------------------------------------------ affiliation from the text


@pytest.mark.parametrize(
    ("text", "member", "organisation"),
    [
        # apposition after the name: "X, the <role> of Y"
        (
            "Anna Berg, the deputy director of the Nordic Ski Federation, said so.",
            "Anna Berg",
            "Nordic Ski Federation",
        ),
        # organisation, role, name: "Y <role> X", "Y's <role>, X"
        ("Harbor Lines spokesman Tom Lind said the ferry was late.", "Tom Lind", "Harbor Lines"),
        ("Then Okafor's agent, Lena Fisk, said the deal was off.", "Lena Fisk", "Okafor"),
        # name, organisation, role
        (
            "Rosa Diaz, Amnesty International regional director, said the camp was full.",
            "Rosa Diaz",
            "Amnesty International",
        ),
        # a title with its institution
        ("Tarn County Commissioner Dan Hale said the road was shut.", "Dan Hale", "Tarn County"),
        # two roles joined
        (
            "Ana Ruiz, chairman and CEO of Vesta Motors, said sales rose.",
            "Ana Ruiz",
            "Vesta Motors",
        ),
        # a name with a capital inside it; where a person is from, in apposition
        (
            "Stacey McVey, team leader of Keller Homes, said the agents agreed.",
            "Stacey McVey",
            "Keller Homes",
        ),
        (
            "Jenny Town, of the US-Korea Institute, said the talks had stalled.",
            "Jenny Town",
            "US-Korea Institute",
        ),
    ],
)
def test_affiliations_in_the_text(text: str, member: str, organisation: str) -> None:
    found = {(a.member, a.organisation) for a in find_affiliations(text, LEX)}
    assert (member, organisation) in found


@pytest.mark.parametrize(
    "text",
    [
        "Former rebel hostage Ian Cole said the camp was cruel.",  # a hostage is no member
        "Delta resident Mia Ross said the river rose.",  # nor is a resident
        "Police Commissioner Ed Kane said the march was calm.",  # "Police Commissioner": a title
        # two people, not "Mayor Tom Hale" as an organisation with "and Police Commissioner"
        "Mayor Tom Hale and Police Commissioner Bill Orr announced the plan.",
        # a pronoun is no organisation
        "His brother, Mike Hale, said the family was grieving.",
        # "Today" is no organisation, "his" no qualifier, "Lieutenant" a title
        "Today his former Lieutenant Colonel Hugo Silva told reporters the leader was well.",
    ],
)
def test_relations_that_tie_nobody(text: str) -> None:
    assert find_affiliations(text, LEX) == []


@pytest.mark.parametrize(
    ("mention", "organisation"),
    [
        ("a spokesman for the Hockey League", "Hockey League"),
        ("sources close to the Northside Rangers", "Northside Rangers"),
        ("the statement issued on behalf of his family", "family"),
        ("Okafor's lawyer", "Okafor"),
        ("a Vesta Motors official", "Vesta Motors"),
        ("a league spokesman", "league"),
    ],
)
def test_affiliation_in_a_mention(mention: str, organisation: str) -> None:
    found = mention_affiliation(mention, LEX)
    assert found is not None and found.organisation == organisation


def test_an_institutional_role_without_an_institution() -> None:
    text = (
        "Ken Wu, vice president of admissions, said the rule stays. "
        "Ann Lo, a lawyer for him, said no."
    )
    assert [(a.member, a.organisation) for a in find_roles(text, LEX)] == [("Ken Wu", "")]


def test_a_sentence_opening_word_is_not_part_of_the_name() -> None:
    text = "But Ken Wu, vice president of admissions, said the rule stays."
    assert [(a.member, a.organisation) for a in find_roles(text, LEX)] == [("Ken Wu", "")]
    text = "But Anna Berg, the deputy director of the Nordic Ski Federation, said so."
    found = {(a.member, a.organisation) for a in find_affiliations(text, LEX)}
    assert ("Anna Berg", "Nordic Ski Federation") in found


def test_the_subject_nearer_the_cue_speaks_after_a_dateline() -> None:
    text = (
        "LIMA, Peru — The head of the miners' union rejected the offer on Monday, "
        "saying the talks had failed."
    )
    assert {c.speaker for c in claims_of(text)} == {"head of the miners' union"}


def test_the_country_the_article_names_most() -> None:
    text = "Peru and Peruvian ports. In Lima, Chile was named. Peru again."
    assert LEX.main_country(text) == "Peru"
    assert LEX.main_country("Peru and Chile, Lima and Santiago.") is None  # a tie
    assert LEX.main_country("Peru, Lima.") is None  # named twice only
    assert LEX.main_country("The Washington Post, the Washington Post, Washington Post.") is None


def test_a_head_of_government_and_unnamed_officials_speak_for_the_main_country() -> None:
    evidence = [
        PartyEvidence("Ana Ruiz", "President Ana Ruiz", None, "person", "President"),
        PartyEvidence("Ed Kane", "Ed Kane", "Chile", "person"),
        PartyEvidence("Tom Lind", "Tom Lind", None, "person", "Harbor Lines chief"),
        _ev("Defense officials"),
        _ev("government", "role"),
    ]
    ties = [Tie("Tom Lind", "Harbor Lines", "Harbor Lines chief")]
    out = group_parties(
        evidence,
        ties=ties,
        official_nouns={"officials", "government"},
        main_country="Peru",
        government_titles={"president"},
    )
    assert out.party["Ana Ruiz"] == out.party["Defense officials"] == "Peru"
    assert out.party["government"] == "Peru"
    assert out.reason["Ana Ruiz"] == "title: president (Peru, the country the article names most)"
    # no main country: each stays apart
    alone = group_parties(evidence, ties=ties, official_nouns={"officials"})
    assert alone.party["Ana Ruiz"] == "Ana Ruiz" and "Ana Ruiz" in alone.unaffiliated


def test_the_group_is_the_organisation_named_before_it() -> None:
    text = (
        "The Northern Liberation Front seized the town of Karo last week. "
        "Some of the group's supporters said the town had welcomed the fighters. "
        "A Northern Liberation Front commander said the army had fled. "
        "The group said it would hold elections."
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == [
        "Northern Liberation Front supporters",
        "Northern Liberation Front commander",
        "Northern Liberation Front",
    ]
    assert len({c.party for c in claims}) == 1


def test_the_group_without_an_organisation_stays_the_group() -> None:
    claims = claims_of("Dozens of people marched on Sunday. The group said the park must stay.")
    assert [c.speaker for c in claims] == ["group"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Harbor Lines chief Tom Lind said the ferry was late.", "Tom Lind"),
        ("Attorney Ana Ruiz said the ruling was wrong.", "Ana Ruiz"),
        ("Tarn County Police Chief Dan Hale said the road was shut.", "Dan Hale"),
        ("Northern Front leader Abu Karim said the fighters would stay.", "Abu Karim"),
        ("Iraqi Member of Parliament Ali al-Bredi said the town had fallen.", "Ali al-Bredi"),
        # clergy and ranks are titles too
        ("Rev Paul Moss said the chapel was full.", "Paul Moss"),
        ("Brigadier General Ida Lund said the base was shut.", "Ida Lund"),
        ("Sgt. Omar Hale said the road was closed.", "Omar Hale"),
    ],
)
def test_a_role_written_before_a_name_is_not_part_of_it(text: str, speaker: str) -> None:
    assert [c.speaker for c in claims_of(text)] == [speaker]


def test_a_former_holder_is_not_the_title() -> None:
    text = (
        "Police Commissioner Bill Orr said the unit would close. Anyone caught will be fined, "
        "the commissioner said. The rule was first tried under then-Police Commissioner Ray "
        "Kell, sources said."
    )
    claims = claims_of(text)
    fined = next(c for c in claims if c.text.startswith("Anyone caught"))
    assert fined.speaker == "Bill Orr"


def test_mixed_quotation_marks_make_one_quotation() -> None:
    text = '"The dam was never opened,” the ministry said. Residents said the water rose.'
    claims = claims_of(text)
    assert (claims[0].speaker, claims[0].text) == ("ministry", "The dam was never opened")


def test_a_defined_acronym_and_a_shorter_name_join_the_full_name_side() -> None:
    text = (
        "Lebanon's Flood Defense Directorate (FDD) said Sunday that Syrian troops had opened the "
        "gates. The Flood Defense Directorate said 80 families had fled. In a letter, Syria's "
        "Office of Water Affairs in the Valley (OWAV) said the claim was false. "
        '"There are no gates,” OWAV said.'
    )
    got = by_speaker(text)
    full = got["Lebanon's Flood Defense Directorate"]  # "(FDD)" is no part of the name
    assert full.party == got["Flood Defense Directorate"].party == "Lebanon"
    assert got["Flood Defense Directorate"].party_reason.startswith("short for")
    assert got["OWAV"].party == got["Syria's Office of Water Affairs"].party == "Syria"


@pytest.mark.parametrize(
    "text",
    [
        "No US official has confirmed the allegation, on or off the record.",
        "Nobody ever said the plant would close.",
    ],
)
def test_a_statement_nobody_made_is_none(text: str) -> None:
    assert claims_of(text) == []


def test_an_inverted_cue_before_a_name_with_a_particle() -> None:
    text = (
        "Further harm could be caused if the river rises, warned Civil Defense Services (CDS) "
        "spokesman Muhammad al-Midana, as cited by the news agency."
    )
    (claim,) = claims_of(text)
    assert claim.speaker == "Muhammad al-Midana"
    assert claim.text == "Further harm could be caused if the river rises"


def test_a_short_outlet_name_and_the_paper_are_the_outlet_named_in_full() -> None:
    text = (
        "The Mail on Sunday reported that the hostages were beaten. The paper said the guards "
        "were British. BBC Radio said the guards had left. The Mail said France had paid. "
        "Apple Insider said the watch was late. Apple said the watch was on time."
    )
    speakers = [c.speaker for c in claims_of(text)]
    assert speakers == [
        "Mail on Sunday",
        "Mail on Sunday",
        "BBC Radio",
        "Mail on Sunday",
        "Apple Insider",
        "Apple",
    ]


def test_a_relative_named_by_first_name_takes_the_family_name_and_side() -> None:
    text = (
        "Police Chief Kevin Vickers said the gunman was dead. A family member told local media "
        'he had never fired before. "He always put others first," his brother John said. '
        "Ivo Bram, a witness, said he heard three shots."
    )
    got = by_speaker(text)
    assert "John Vickers" in got
    assert got["John Vickers"].party == got["Kevin Vickers"].party != got["Ivo Bram"].party
    assert got["John Vickers"].party_reason == "relative of Kevin Vickers"


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("A representative of Mark-1 Plumbing", "Mark-1 Plumbing representative"),
        (
            "a spokesman for Cameron's Downing Street office",
            "Cameron's Downing Street office spokesman",
        ),
        ("a spokeswoman for the Obama administration", "Obama administration spokeswoman"),
    ],
)
def test_a_role_of_an_organisation_is_written_organisation_first(mention: str, name: str) -> None:
    assert analyse_mention(mention, LEX).name == name


def test_a_description_the_text_names_is_that_name() -> None:
    text = (
        "The author, known only as Lena, said she was ready to have a child. The author said "
        "she stood by her decision. Another author said the book had been late."
    )
    speakers = [c.speaker for c in claims_of(text)]
    assert speakers[:2] == ["Lena", "Lena"] and speakers[2] != "Lena"


def test_a_regnal_number_is_no_surname() -> None:
    text = (
        "King Abdullah II said the pilot would be avenged. Abdullah said the war would be "
        "relentless."
    )
    assert [c.speaker for c in claims_of(text)] == ["Abdullah II", "Abdullah II"]


def test_her_lawyer_speaks_for_her() -> None:
    text = (
        "Ana Ruiz said she had never seen the contract before the trial. "
        "Prosecutors said the contract was signed in 2019. "
        "One of her former lawyers said the signature was forged."
    )
    claims = by_speaker(text)
    assert "Ana Ruiz's lawyer" in claims
    assert claims["Ana Ruiz's lawyer"].party == claims["Ana Ruiz"].party
    assert claims["prosecutors"].party != claims["Ana Ruiz"].party


def test_a_source_named_once_after_according_to_is_not_she() -> None:
    text = (
        "Ana Ruiz said she would appeal the ruling. "
        "According to Walla, Ruiz moved to Lima in 2006 and worked as a pilot. "
        "The radio aired an interview with Ruiz in which she said she had lost her job."
    )
    assert [c.speaker for c in claims_of(text)] == ["Ana Ruiz", "Walla", "Ana Ruiz"]


def test_the_report_is_whoever_reported_it() -> None:
    text = (
        "A monitoring blog reported that three bridges had been destroyed. "
        "According to the report, the army withdrew before dawn."
    )
    claims = claims_of(text)
    assert len(claims) == 2 and claims[1].speaker == claims[0].speaker


def test_a_date_before_a_name_is_not_part_of_it() -> None:
    claims = claims_of("On Tuesday Mark Olsen told the Daily Star the truck was stolen.")
    assert [c.speaker for c in claims] == ["Mark Olsen"]


def test_a_hyphenated_role_ties_its_holder() -> None:
    text = "The truck was sold in May, said Ann Lee, senior vice-president of Carvex Motors."
    found = {(a.member, a.organisation) for a in find_affiliations(text, LEX)}
    assert ("Ann Lee", "Carvex Motors") in found


def test_whoever_tells_someone_something_speaks() -> None:
    text = "An operator at the auction house told the Star that the phones had not stopped."
    assert [c.speaker for c in claims_of(text)] == ["operator at the auction house"]


def test_a_quotation_before_its_cue_is_reported_whole() -> None:
    text = (
        "“To think something we would use to pull trailers is now used for terror – it’s "
        "crazy. Never in my life would I think something like that,” the younger Olsen told KHOU."
    )
    claims = claims_of(text)
    assert len(claims) == 1 and claims[0].text.startswith("To think")


def test_a_family_named_by_a_surname_is_on_that_persons_side() -> None:
    evidence = [
        PartyEvidence("Mark Olsen", "Mark Olsen", None, "person"),
        _ev("Olsens", "group", "The Olsens"),
        _ev("younger Olsen", "role", "the younger Olsen"),
        PartyEvidence("Carvex Motors", "Carvex Motors", None, "group"),
    ]
    out = group_parties(evidence)
    assert out.party["Olsens"] == out.party["younger Olsen"] == out.party["Mark Olsen"]
    assert out.reason["Olsens"] == "family of Mark Olsen"
    assert out.party["Carvex Motors"] != out.party["Mark Olsen"]


def test_who_runs_an_organisation_speaks_for_it() -> None:
    text = (
        "The fighters have left the town, said Omar Haddad, who runs the Britain-based "
        "Syrian Observatory for Human Rights. The Observatory said the road was open. "
        "General Dan Hale, head of the Peruvian army, said the fighters were still there."
    )
    claims = by_speaker(text)
    assert claims["Omar Haddad"].party == "Syrian Observatory for Human Rights"
    assert claims["Omar Haddad"].party_reason == (
        "runs the Britain-based Syrian Observatory for Human Rights"
    )
    assert claims["Observatory"].party == "Syrian Observatory for Human Rights"
    assert claims["Dan Hale"].party == "Peru"


def test_adding_after_a_quotation_is_a_statement_of_its_own() -> None:
    text = (
        "Solomon Ali said the road to the village was closed. "
        "“We were let down by the council,” he said, adding officials have failed to keep "
        "the village informed."
    )
    claims = claims_of(text)
    assert [c.text for c in claims][-1] == "officials have failed to keep the village informed"


def test_a_colon_joins_indirect_speech_to_its_quotation() -> None:
    text = (
        "On Tuesday Mark Olsen told the Daily Star he was puzzled: “How it ended up there, "
        "I will never know.”"
    )
    claims = claims_of(text)
    assert len(claims) == 1
    assert claims[0].text.startswith("he was puzzled: “How it ended up there, I will never know.")


def test_an_inverted_cue_with_a_description_of_its_speaker() -> None:
    text = (
        "The family sold the truck in 2013 to a dealership run by Carvex, confirmed Ann Lee, "
        "senior vice-president of Carvex Motors."
    )
    claims = claims_of(text)
    assert [(c.speaker, c.cue) for c in claims] == [("Ann Lee", "confirmed")]
    assert claims[0].text.startswith("The family sold the truck")


def test_the_person_is_the_source_just_named() -> None:
    text = (
        "A representative of Carvex Motors told the Star that the company would sue. "
        "The person said that the logo would be removed from every truck sold."
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Carvex Motors representative"] * 2


def test_the_name_that_opens_a_long_mention_speaks() -> None:
    text = (
        "Ana Ruiz, a government spokeswoman and wife of the president, Tomas Ruiz, said on "
        "Sunday that the crater was made by a meteorite."
    )
    assert [c.speaker for c in claims_of(text)] == ["Ana Ruiz"]


def test_an_honorific_is_no_role() -> None:
    text = "Arachnologist Dr Karl Weber said the spider could not live under the skin."
    assert not find_affiliations(text, LEX)
    assert LEX.country_named_in("the Nicaraguan presidency") == "Nicaragua"


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # the organisation before a document issued it
        (
            "A United Nations report released Thursday said 150,000 people had fled the country.",
            ["United Nations"],
        ),
        # "those of X, which said …"
        (
            "Their claims match those of the Nordic Ski Federation, which said the ban was lawful.",
            ["Nordic Ski Federation"],
        ),
        # "one source" after "sources said": one of them
        (
            "Police sources said the raids had stopped in May. One source said the order came "
            "from the top.",
            ["police sources", "police sources"],
        ),
        # how a source knows is not who it is
        (
            "An elected official familiar with the issue said the plan began with the mayor.",
            ["elected official"],
        ),
    ],
)
def test_who_speaks_in_news_phrasings(text: str, speakers: list[str]) -> None:
    assert [c.speaker for c in claims_of(text)] == speakers


def test_a_long_description_after_an_inverted_speaker() -> None:
    text = (
        "Stolen aircraft would not get past the air defences, but they could threaten targets "
        "much closer, said Karl Weber, author of Practical Aviation Security and professor at "
        "Tarn State University in Denver."
    )
    assert [c.speaker for c in claims_of(text)] == ["Karl Weber"]


def test_what_a_person_does_is_no_statement() -> None:
    text = (
        "Jaime Orta, a scientist who advises the presidency on environmental matters, said the "
        "crater was made by a meteorite."
    )
    assert [c.speaker for c in claims_of(text)] == ["Jaime Orta"]


def test_a_spokesman_joins_the_side_of_who_he_speaks_for() -> None:
    text = (
        "Senator Maria Okafor said the bridge was unsafe. "
        "Okafor spokesman Tom Lind said the senator had seen the report. "
        "Harbor Lines said the bridge was safe."
    )
    claims = by_speaker(text)
    assert claims["Tom Lind"].party == claims["Maria Okafor"].party
    assert claims["Tom Lind"].party_reason == "Okafor spokesman"
    assert claims["Harbor Lines"].party != claims["Maria Okafor"].party


def test_a_person_joins_the_organisation_named_in_an_apposition() -> None:
    text = (
        "Anna Berg, the deputy director of the Nordic Ski Federation, said the ban was lawful. "
        "The Nordic Ski Federation said the ban would stay."
    )
    claims = by_speaker(text)
    assert claims["Anna Berg"].party == claims["Nordic Ski Federation"].party


def test_a_title_is_its_one_holder() -> None:
    text = (
        "Police Commissioner Ed Kane said the march was calm and orderly. "
        "The commissioner added that no one was arrested at the march."
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Ed Kane", "Ed Kane"]
    assert [c.mention for c in claims] == ["Police Commissioner Ed Kane", "The commissioner"]
    assert claims[0].party == claims[1].party
    grouping = group_parties(
        [_ev("Ed Kane", "person", "Police Commissioner Ed Kane"), _ev("commissioner", "role")],
        titles={"commissioner"},
    )
    assert grouping.reason["commissioner"] == "title: commissioner (Ed Kane)"
    assert grouping.same_as == {"commissioner": "Ed Kane"}


def test_a_document_is_its_one_issuer() -> None:
    text = (
        "The Kane family released a statement on Monday. "
        "The statement said the family was grateful for the search."
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Kane family"]


def test_a_surname_with_a_particle_is_a_person_the_title_names() -> None:
    text = (
        "Mayor de la Cruz said the park would close on Friday. "
        "The mayor said the city could not pay for the repairs."
    )
    assert [c.speaker for c in claims_of(text)] == ["de la Cruz", "de la Cruz"]


def test_groups_in_a_role_mention_take_a_country_anywhere() -> None:
    claim = claims_of("A senior Lebanese security official said the border was closed.")[0]
    assert claim.party == "Lebanon"


# ------------------------------------------------------------------------ grouping evidence


def _ev(speaker: str, kind: str = "group", mention: str | None = None) -> PartyEvidence:
    return PartyEvidence(speaker, mention or speaker, None, kind)


def test_ties_are_transitive() -> None:
    ties = [Tie("Lena Fisk", "Tom Lind", "Tom Lind's aide"), Tie("Tom Lind", "Harbor Lines", "")]
    out = group_parties([_ev("Lena Fisk", "person"), _ev("Tom Lind", "person")], ties=ties)
    assert out.party == {"Lena Fisk": "Harbor Lines", "Tom Lind": "Harbor Lines"}


def test_opposition_keeps_groups_of_one_kind_apart() -> None:
    evidence = [_ev("local officials"), _ev("state officials")]
    assert len(set(group_parties(evidence).party.values())) == 1
    apart = group_parties(evidence, oppositions=[("state officials", "local officials")])
    assert len(set(apart.party.values())) == 2


def test_opposition_from_the_parse() -> None:
    doc = parse("The ministry rejected the claims by the union. Vesta Motors responded to Lund.")
    assert find_oppositions(doc, LEX) == [("ministry", "union"), ("Vesta Motors", "Lund")]


@pytest.mark.parametrize(
    ("text", "member", "party"),
    [
        (
            "The chairman, Darrell Issa, R-Calif., said the agent was deep inside.",
            "Darrell Issa",
            "Republicans",
        ),
        ("Sen. Dana Holt (D-Ore.) said the bill would pass.", "Dana Holt", "Democrats"),
        (
            "Rep. Tom Arne, a Republican from Arkansas, said the border was open.",
            "Tom Arne",
            "Republicans",
        ),
        (
            "Devin Nunes, the California Republican who chairs the panel, said no.",
            "Devin Nunes",
            "Republicans",
        ),
        ("Democratic Sen. Ola Berg said the vote was close.", "Ola Berg", "Democrats"),
    ],
)
def test_a_politician_is_tied_to_the_party(text: str, member: str, party: str) -> None:
    found = [(a.member, a.organisation) for a in find_party_members(text, LEX)]
    assert found == [(member, party)]


def test_no_party_in_a_party_institution() -> None:
    assert find_party_members("Ana Ruiz, a Republican National Committee aide, said so.", LEX) == []


def test_a_politician_joins_the_party_group_and_several_are_of_the_group_just_named() -> None:
    text = (
        "Representative Dana Holt, the Oregon Republican who chairs the panel, said she could "
        "not confirm the report. The deal drew criticism from congressional Republicans. "
        "Several contended that the price was too high. House Republicans said the law was "
        "broken. Ivo Bram, a lawyer, said the deal was legal."
    )
    got = by_speaker(text)
    assert "Several" not in got
    assert got["congressional Republicans"].speaker == "congressional Republicans"
    sides = {got[s].party for s in ("Dana Holt", "congressional Republicans", "House Republicans")}
    assert len(sides) == 1 and got["Ivo Bram"].party not in sides
    assert got["Dana Holt"].party_reason == "the Oregon Republican"


def test_several_after_a_name_ending_in_s_is_no_group() -> None:
    text = (
        "The claim was first made by the Post's David Ignatius. Many argue that the leader "
        "was behind the split."
    )
    # (a quantifier with no group before it is named by the word: "many", "some", "others")
    assert [c.speaker for c in claims_of(text)] == ["many"]


def test_an_institute_named_after_a_country_is_no_government() -> None:
    text = (
        "Jenny Town, of the US-Korea Institute, said the talks had stalled. U.S. officials "
        "said the talks would go on."
    )
    got = by_speaker(text)
    assert got["Jenny Town"].party == "US-Korea Institute"
    assert got["U.S. officials"].party == "United States"


def test_the_premier_is_the_prime_minister() -> None:
    text = (
        'Prime Minister Ana Ruiz said the strike was legal. "We will find them," the '
        "grim-faced premier said. Ivo Bram, a lawyer, said the strike was not legal."
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Ana Ruiz", "Ana Ruiz", "Ivo Bram"]


def test_a_country_cue_before_an_ngo_is_no_government() -> None:
    text = (
        "The French NGO ACTED said its worker had been killed. French officials said the "
        "killing would be avenged."
    )
    got = by_speaker(text)
    assert got["French officials"].party == "France" != got["NGO ACTED"].party


def test_a_country_cue_before_rebels_is_no_government() -> None:
    text = (
        "Syrian rebels said the army had shelled the town. The Syrian government said the "
        "rebels had fired first."
    )
    got = by_speaker(text)
    assert got["Syrian government"].party == "Syria"
    assert got["Syrian rebels"].party != "Syria"


def test_a_member_of_the_group_speaks_for_the_organisation_named_before() -> None:
    text = (
        "Al-Shabaab's top leader was in one of two vehicles hit in a strike, a member of the "
        "Somali Islamic extremist group said Tuesday. Somali officials said the leader had died."
    )
    got = by_speaker(text)
    member = got["member of the Somali Islamic extremist group"]
    assert member.party == "Al-Shabaab" != got["Somali officials"].party
    assert member.party_reason == "member of the Somali Islamic extremist group (Al-Shabaab)"


def test_alliances_from_the_parse() -> None:
    doc = parse(
        "Prof. Tomas Lind of the Delft Institute agreed with Ana Ruiz. "
        "Senator Ola Berg echoed the union's concerns. "
        "Reno police confirmed the accuracy of the Tribune report. "
        "Governor Kim Alder and Police Chief Ray Moss announced that the curfew would end."
    )
    found = {(a.member, a.other, a.how) for a in find_alliances(doc, LEX)}
    assert found == {
        ("Prof. Tomas Lind", "Ana Ruiz", "agreed with"),
        ("Senator Ola Berg", "union", "echoed the words of"),
        ("Reno police", "Tribune", "confirmed the words of"),
        ("Governor Kim Alder", "Police Chief Ray Moss", "spoke together with"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "The company agreed to pay $5 million.",  # agreeing to do something
        "The two firms agreed on a merger.",
        "Ankara and Moscow accused each other of lying.",  # a reciprocal reply
        "Ana Ruiz did not agree with Tomas Lind.",  # negated
        "Police confirmed that the road was shut.",  # a plain cue: confirms nobody's words
        "The union and the company agreed to a new contract.",  # a pact, not a statement
    ],
)
def test_no_alliance(text: str) -> None:
    assert find_alliances(parse(text), LEX) == []


def test_a_bare_agreed_stands_with_the_last_speaker() -> None:
    text = (
        "Dr Ana Ruiz said the bridge was safe. "
        "Dr Tomas Lind from the Delft Institute agreed and said the cracks were cosmetic. "
        "Ivo Bram, who lives by the river, said he was afraid."
    )
    got = by_speaker(text)
    assert got["Ana Ruiz"].party == got["Tomas Lind"].party == "Delft Institute"
    assert got["Ana Ruiz"].party_reason == "Dr Tomas Lind agreed with Ana Ruiz"
    assert got["Ivo Bram"].party == "Ivo Bram"  # no evidence: a side of its own


def test_a_document_a_speaker_cites_is_on_the_speaker_side() -> None:
    text = (
        "Harbor police said the boat had no lights. The captain turned too late, according to "
        "a preliminary review, Harbor Police Chief Ana Ruiz said. Ivo Bram, the owner, said the "
        "lights were on."
    )
    got = by_speaker(text)
    review = got["preliminary review"]
    assert review.party == got["Ana Ruiz"].party != got["Ivo Bram"].party
    assert review.party_reason == "preliminary review cited by Harbor Police Chief Ana Ruiz"


def test_two_who_agree_agree_with_each_other_not_with_the_last_speaker() -> None:
    text = (
        "Ivo Bram, a mechanic, said he heard a blast. Ana Ruiz and Tomas Lind, an engineer at "
        "the Delft Institute, agreed that a meteorite was the likeliest cause."
    )
    found = {(a.member, a.other, a.how) for a in find_alliances(parse(text), LEX)}
    assert found == {("Ana Ruiz", "Tomas Lind", "spoke together with")}


def test_a_joint_statement_makes_one_side() -> None:
    text = (
        "Governor Kim Alder and Police Chief Ray Moss announced that the curfew would end. "
        '"It is over," Alder said. Moss said the streets were calm. '
        "Ivo Bram said the curfew had been a mistake."
    )
    got = by_speaker(text)
    assert got["Kim Alder"].party == got["Ray Moss"].party != got["Ivo Bram"].party


def test_opposition_wins_over_alliance() -> None:
    evidence = [_ev("Ana Ruiz", "person"), _ev("Tomas Lind", "person")]
    allied = group_parties(evidence, alliances=[("Lind", "Ruiz", "Lind agreed with Ruiz")])
    assert allied.party["Ana Ruiz"] == allied.party["Tomas Lind"]
    assert allied.reason["Tomas Lind"] == "Lind agreed with Ruiz"
    assert not allied.unaffiliated
    apart = group_parties(
        evidence,
        alliances=[("Lind", "Ruiz", "Lind agreed with Ruiz")],
        oppositions=[("Ruiz", "Lind")],
    )
    assert apart.party["Ana Ruiz"] != apart.party["Tomas Lind"]


def test_unaffiliated_speakers_are_marked_and_kept_apart() -> None:
    out = group_parties([_ev("Ian Cole", "person"), _ev("Mia Ross", "person")])
    assert out.unaffiliated == {"Ian Cole", "Mia Ross"}
    assert out.reason == {"Ian Cole": UNAFFILIATED, "Mia Ross": UNAFFILIATED}
    assert out.party["Ian Cole"] != out.party["Mia Ross"]


def test_a_party_hint_is_its_own_evidence() -> None:
    out = group_parties([_ev("Ian Cole", "person")], hints={"Cole": "Rebels"})
    assert out.party == {"Ian Cole": "Rebels"} and out.reason == {"Ian Cole": "--party"}


def test_a_bare_document_joins_its_issuer() -> None:
    evidence = [
        _ev("statement"),
        PartyEvidence("family", "the statement issued on behalf of her family", None, "group"),
    ]
    ties = [Tie("family", "Vesta Motors", "on behalf of")]
    out = group_parties(evidence, ties=ties, document_nouns={"statement"})
    assert out.party["statement"] == out.party["family"] == "Vesta Motors"


def test_unnamed_officials_join_the_one_institution() -> None:
    evidence = [_ev("authorities"), PartyEvidence("Ed Kane", "Ed Kane", "Peru", "person")]
    out = group_parties(evidence, official_nouns={"authorities"})
    assert out.party["authorities"] == "Peru"
    two = [*evidence, PartyEvidence("Ana Ruiz", "Ana Ruiz", "Chile", "person")]
    assert group_parties(two, official_nouns={"authorities"}).party["authorities"] == "authorities"


# ------------------------------------------------------------------- narration is no claim


@pytest.mark.parametrize(
    "text",
    [
        "The rebel group has declared a caliphate and seized wide areas of the north.",
        "Marta Ruiz later wrote about the famine while at Oxford University, penning a piece.",
        "If the noise is a gunshot, the pause doesn't automatically suggest intent by the guard.",
        "Norway has maintained discreet military and business ties with the rebels since 1960.",
        "Looking at watches, Rolex charges a much higher premium for its gold models than steel.",
        "A local man accused of stealing a painting from the city museum has been caught.",
        "The fact the old lady denied it before the video was found surprised her neighbours.",
    ],
)
def test_narration_with_a_cue_like_verb_is_no_claim(text: str) -> None:
    assert claims_of(text) == []


def test_a_prepositional_phrase_after_the_cue_is_no_claim() -> None:
    claims = claims_of(
        "The plan would cut fees for everyone in the town, campus officials said in interviews "
        "with The Daily Post."
    )
    assert [c.text for c in claims] == ["The plan would cut fees for everyone in the town"]


def test_a_clause_after_an_act_verb_is_still_a_claim() -> None:
    assert claims_of("The city has declared that the water is safe to drink.")[0].text == (
        "the water is safe to drink"
    )
    assert claims_of("The company maintained that the product was safe for children.")[0].text == (
        "the product was safe for children"
    )


def test_a_biography_is_background_not_a_statement() -> None:
    text = (
        "A biography released by the party says he studied law in Lima. "
        "Party leaders said the biography was accurate and complete."
    )
    assert [c.speaker for c in claims_of(text)] == ["party leaders"]


def test_a_state_before_a_legislators_title_is_whom_they_represent_not_a_side() -> None:
    text = (
        "Oregon Rep. Dana Holt, a Republican who represents Portland, said the border was open. "
        "Rep. Tom Arne, a Republican from Arkansas, said the suspects were caught in Texas. "
        "Two Republican lawmakers said the agency had been warned in September. "
        "The agency denied that any suspects had been caught."
    )
    got = by_speaker(text)
    sides = {got[s].party for s in ("Dana Holt", "Tom Arne", "Two Republican lawmakers")}
    assert len(sides) == 1 and got["agency"].party not in sides
    assert got["Dana Holt"].party_reason == "a Republican"
    assert got["Two Republican lawmakers"].party_reason == "Republican lawmakers"


def test_a_country_that_is_the_speakers_first_name_is_no_side() -> None:
    text = (
        "Jordan Matson, 28, a former soldier speaking from Derik, said the fighters were "
        "advancing on the town. Matson said the militants had lost ground. The Jordanian "
        "foreign minister, Nasser Judeh, said the border was closed."
    )
    got = by_speaker(text)
    assert got["Jordan Matson"].party != got["Nasser Judeh"].party
    assert "Jordan" not in got["Jordan Matson"].party_reason


def test_a_spokesman_stays_with_the_one_he_speaks_for_when_a_joint_statement_joins_him() -> None:
    text = (
        "Mayor de Vries and Police Commissioner Ray Moss announced that the curfew would end. "
        "De Vries said the roads would open at noon. "
        "A de Vries spokesman said the streets were calm again. "
        "Ivo Bram said the curfew had been a mistake."
    )
    got = by_speaker(text)
    assert got["de Vries"].party == got["Ray Moss"].party == got["de Vries spokesman"].party
    assert got["Ivo Bram"].party != got["de Vries"].party
