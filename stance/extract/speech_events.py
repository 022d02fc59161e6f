"""Speech events from the dependency parse: reporting verb, its speaker, and what was reported.

The pattern rules in ``attribution`` cover the common word orders; the parse finds the reporting
verb, its subject and its complement wherever the sentence puts them:
- "X denied that …", "X warned …", "X confirmed …": the verb's subject and its clausal
  complement (``ccomp``) or, for verbs whose object carries the stance (deny, vow, call … a …),
  the clause from the verb on;
- participle cues, "…, saying X" / "…, calling for X": the speaker is the subject of the verb
  the participle hangs on;
- coordinated cues, "X said A and warned B": the subject of the first verb;
- "the Times quoted the minister as saying X": the innermost speaker, the object of "quoted".
Not speech events: verbs under negation or a modal ("would not say"), infinitives ("declined to
comment"), passives ("was reported"), relative clauses (background on a subject), verbs inside
quotations (the speaker's own words).

The verbs are lemmas from ``lexicon.yaml`` (``speech_lemmas`` and ``stance_lemmas``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stance.text.clean import BLANK_LINE

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_MODALS = frozenset({"would", "could", "might", "may", "should", "can", "must", "will", "shall"})
_SUBJECT_DEPS = frozenset({"nsubj"})
_NOT_SPEAKERS = frozenset(
    {"it", "this", "that", "which", "who", "what", "there", "i", "we", "you", "me", "us", "one"}
    # "anyone who disclosed that information would face a charge": no one in particular
    | {"anyone", "anybody", "everyone", "everybody", "whoever"}
)
# Dependents of a speaker's head noun that stay in the speaker phrase.
_SPEAKER_LEFT = frozenset(
    {
        "det",
        "amod",
        "compound",
        "poss",
        "nummod",
        "nmod",
        "quantmod",
        "case",
        "punct",
        "advmod",
        "npadvmod",
        "predet",
    }
)
_FOCUS = frozenset({"even", "also", "only", "just", "too", "still"})
# Participles that attach a second cue to a clause: "…, saying X", "…, calling for X".
_PARTICIPLE_DEPS = frozenset({"advcl", "xcomp", "conj", "dep"})
# A participle under one of these is background, not a second statement ("while vowing to …").
_BACKGROUND_MARKS = frozenset({"while", "after", "before", "when", "since", "despite", "by"})
# Verbs of saying whose claim is always a clause: without one ("said on Tuesday", "told
# reporters") there is no claim. The other lemmas may take their claim as an object ("confirmed
# the arrest", "denied the reports").
_CLAUSE_ONLY = _wordset(
    "say tell add write reply respond comment answer inform explain agree note remark recall "
    "testify complain joke quip shout yell scream whisper cry believe fear worry insist argue "
    "assert state stress maintain contend concede counter reiterate post tweet"
)


@dataclass(frozen=True)
class SpeechEvent:
    cue: str  # the reporting verb as written, with its particle ("ruled out")
    cue_start: int
    speaker_start: int  # the speaker phrase as written
    speaker_end: int
    start: int  # what was reported
    end: int
    kind: str  # indirect | stance
    outer: tuple[int, int] | None = None  # the outlet that cites the speaker, if one does


_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
_BLANK_LINE_RE = re.compile(BLANK_LINE)


def _background(verb: Token) -> bool:
    """A relative clause that gives background on its noun, not a statement in the story: a
    perfect or progressive ("which has called for …", "who have been saying …"), a present
    tense that reports nothing ("who advises the presidency"), or one whose
    noun is no speaker ("the deal, which officials say …" keeps its speaker)."""
    if any(c.dep_ == "aux" and c.lemma_ in {"have", "be"} for c in verb.children):
        return True
    if _describes_which_as(verb):
        return False  # "met God, which he describes as a motherly figure": he says so
    if verb.tag_ in {"VBZ", "VBP"} and not any(c.dep_ in {"ccomp", "xcomp"} for c in verb.children):
        return True  # "a scientist who advises the presidency": what the person does
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is None


def _describes_which_as(verb: Token) -> bool:
    """ "…, which he describes as …": a relative clause whose subject calls the noun
    something (the object is the relative pronoun, the verb "describe" with "as")."""
    return (
        verb.lemma_.lower() == "describe"
        and any(c.dep_ == "dobj" and c.tag_ == "WDT" for c in verb.children)
        and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)
        and any(c.dep_ == "nsubj" and c.tag_ != "WDT" for c in verb.children)
    )


def after_neither_or_nor(verb: Token) -> bool:
    """ "neither confirmed nor denied the rumor": both verbs are negated ("Nor said" is a
    name, so the check is case-sensitive but for a sentence-opening "Neither")."""
    return verb.i > 0 and verb.doc[verb.i - 1].text in {"neither", "Neither", "nor"}


def _negated_or_modal(verb: Token) -> bool:
    if after_neither_or_nor(verb):
        return True
    for child in verb.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "aux" and child.lower_ in _MODALS:
            return True
    return False


def said_by_nobody(verb: Token) -> bool:
    """ "No US official has confirmed …", "nobody ever said …": a subject that denies anyone
    spoke."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    if subject.lower_ in {"nobody", "none", "noone"} or (
        subject.lower_ == "one" and subject.i > 0 and verb.doc[subject.i - 1].lower_ == "no"
    ):
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children)


_NAMING = _wordset("call dub term label brand name")
# Verbs that tell only with a clause or an infinitive; with an object alone they are acts
_ACT_WITHOUT_CLAUSE = _wordset("order reveal disclose advise")


# What a source asks for about itself, or a reporter of a source: "asked not to be named",
# "asked to remain anonymous", "asked the FBI for confirmation", "asked for comment"
_SOURCING = frozenset(
    {"named", "identified", "identity", "anonymous", "anonymity", "confirmation", "comment"}
)
# What a defendant pleads ("pleaded not guilty", "pleads no contest")
_PLEAS = frozenset({"guilty", "innocent", "contest"})


def narrated_act(verb: Token) -> bool:
    """A stance verb that tells what someone did, not what they said:
    - "he called to complain", "called them about his bill": "call" names or asks only with a
      predicate ("called the report a fabrication"), a clause, or "for"/"on" ("called for
      calm", "called on Iran to …"); otherwise someone telephoned;
    - "a woman who identified herself as a friend", "a friend who identified him in an
      interview": introducing oneself, or background on who someone is, is no claim
      ("police identified the man as …" is);
    - "what Apple is calling “glances”": the object a relative word stands for is named, not
      claimed;
    - "pleaded guilty to possession": a plea in court is an act of the trial ("pleaded for
      help" asks);
    - "asked about the report", "was asked to leave", "asked not to be named": a request told
      needs what was asked for ("asked the U.S. to help", "asked for his release"), its asker
      as subject, and to be about the story rather than the sourcing.
    """
    lemma = verb.lemma_.lower()
    if lemma in _NAMING and any(
        c.dep_ in {"dobj", "oprd", "attr"} and c.lower_ in {"what", "which"} and c.i < verb.i
        for c in verb.children
    ):
        return True  # "in what Apple is calling “glances”": a name for something, no claim
    if (
        lemma in _NAMING
        and verb.tag_ == "VBN"
        and not any(c.dep_ in {"aux", "auxpass", "agent"} for c in verb.children)
    ):
        return True  # "Ram Rahim, 47, dubbed the “guru in bling”, is …": what others call him
    if lemma in _ACT_WITHOUT_CLAUSE:
        # "ordered a probe into the matter", "revealed her secret past during a game",
        # "advising security forces": an act; "ordered the team to open the door", "revealed
        # that …" tell
        # ("was revealed on Thursday by Variety": a passive, its agent reports the subject)
        return not any(
            c.dep_ in {"xcomp", "ccomp", "agent", "auxpass", "nsubjpass"} for c in verb.children
        )
    if lemma == "ask":
        # "Police asked the public to stay away", "asked for his release", "asked if they needed
        # help" ask for something; "asked about the report", "was asked to leave", "stopped
        # them, asking the two to move" narrate, and "asked not to be named" is sourcing
        if (
            not any(c.dep_ == "nsubj" for c in verb.children)
            or any(t.lower_ in _SOURCING for t in verb.subtree)
            # "Apple has asked its suppliers to make …, according to people familiar with the
            # matter": the request is what the sources report
            or any(t.lower_ == "according" and t.i > verb.i for t in verb.sent)
        ):
            return True
        return not any(
            c.dep_ in {"xcomp", "ccomp"} or (c.dep_ == "prep" and c.lower_ == "for")
            for c in verb.children
        )
    if lemma == "plead" and any(
        t.lower_ in _PLEAS for t in verb.doc[verb.i + 1 : min(verb.i + 4, len(verb.doc))]
    ):
        return True  # "pleaded not guilty to all charges": a plea in court, not a claim
    if lemma == "identify":
        return verb.dep_ == "relcl" or any(
            c.dep_ == "dobj" and c.lower_.endswith(("self", "selves")) for c in verb.children
        )
    if lemma != "call":
        return False
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if after is not None and after.lower_ in {"for", "on", "upon"}:
        return False  # however the parse attaches it ("called for X to be punished")
    return not any(
        (c.dep_ == "oprd" and c.pos_ != "ADV")  # "called the office twice": no predicate
        or c.dep_ == "ccomp"
        or (c.dep_ in {"prep", "prt"} and c.lower_ in {"for", "on"})
        for c in verb.children
    )


def habitual(verb: Token) -> bool:
    """ "each time an official said 'freshman', …": a clause about every time something was said,
    not a statement (its subject follows "each time" / "every time")."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    left = subject.left_edge.i
    before = [t.lower_ for t in verb.doc[max(0, left - 2) : left]]
    return len(before) == 2 and before[0] in {"each", "every"} and before[1] == "time"


_CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def reduced_relative(verb: Token, speaker_nouns: frozenset[str]) -> bool:
    """A cue the parse took for a main verb that only modifies its noun, a noun that names
    no speaker: "Previous names suggested for the part included …" (the clause it would report
    has no subject: it is the sentence's own verb; a conjunct without one is only a second
    predicate), "the only person confirmed to be onboard is …" (a cue with an infinitive,
    inside the subject of a verb after it)."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if (
        verb.tag_ != "VBD"
        or subject is None
        or subject.pos_ != "NOUN"
        or subject.ent_type_
        or subject.lemma_.lower() in speaker_nouns
        or subject.lower_ in speaker_nouns
    ):
        return False
    if any(
        c.dep_ == "ccomp"
        and c.i > verb.i
        and c.tag_ in {"VBD", "VBZ", "VBP"}
        and not any(g.dep_ in _CLAUSE_SUBJECTS or g.dep_ == "mark" for g in c.children)
        for c in verb.children
    ):
        return True
    return (
        verb.dep_ == "ccomp"
        and verb.head.i > verb.i
        and any(
            c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for c in verb.children
        )
    )


_REPORT_CONTENT_DEPS = frozenset(
    {"ccomp", "dobj", "xcomp", "acl", "parataxis", "oprd", "agent", "auxpass", "nsubjpass"}
)


def reports_nothing(verb: Token) -> bool:
    """ "was reporting from Sugar Mountain", "He reported about conflicts from Iraq", "the
    militants who reported at the hospital", "Taibbi indicated in September": a journalist at
    work, someone turning up, or a hint not told; "report" and "indicate" state something only
    with a clause or an object ("reported on rumors that …" has one in its phrase; "…, as
    MacRumors reports" and "For example, the Journal reported, Apple tested …" report the
    clause they hang on)."""
    if verb.lemma_.lower() not in {"report", "indicate"} or verb.dep_ in {"ccomp", "parataxis"}:
        return False  # "For example, the Journal reported, Apple tested …": an insertion
    doc = verb.doc
    if any(t.lower_ == "as" for t in doc[max(0, verb.left_edge.i - 4) : verb.i]):
        return False  # "As the Harbour Gazette reported, …", however the parse hangs "as"
    for child in verb.children:
        if any(c.dep_ == "ccomp" for c in child.children):
            return False  # "reported, citing an unnamed source, that he is …"
        if child.dep_ in _REPORT_CONTENT_DEPS or (child.dep_ == "mark" and child.lower_ == "as"):
            return False
        if child.dep_ == "prep" and any(
            c.dep_ in {"acl", "relcl"} and any(m.lower_ == "that" for m in c.children)
            for obj in child.children
            for c in obj.children
        ):
            return False
    return True


def _passive(verb: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)


# "quoted X as saying", "AFP reported Shekau as saying", "cited X as saying": X speaks
_QUOTING = _wordset("quote report cite")


# Cues that "it" may speak with, as an organisation or a document does: "It says …", "it
# claimed …" (the speaker resolution decides whether "it" is one)
_IT_SAYS = _wordset("say claim state mention report announce write add note warn insist deny")


def _as_clause_content(verb: Token) -> tuple[int, int] | None:
    """ "As The Mirror reports, militants are …", "…, as noted by Ars Technica": what the
    as-clause's cue reports is the clause it hangs on, without the as-clause."""
    if verb.dep_ != "advcl" or any(c.dep_ in {"ccomp", "dobj"} for c in verb.children):
        return None  # "as sites reported defects, Apple …": what they reported is its object
    mark = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ == "as"), None)
    if mark is None or mark.i != verb.left_edge.i:
        return None
    doc, head, lo, hi = verb.doc, verb.head, verb.left_edge.i, verb.right_edge.i
    # a comma sets the source apart; "… struck on Sunday as a website posted …" is a time
    if lo > 0 and doc[lo - 1].text == "," and head.left_edge.i < lo - 1:
        return _clean_edges(doc, head.left_edge.i, lo)  # the clause, then ", as …"
    opens = lo == 0 or doc[lo].is_sent_start or doc[lo - 1].text in {".", "\n", "\n\n"}
    if opens and hi + 1 < len(doc) and doc[hi + 1].text == "," and hi < head.right_edge.i:
        return _clean_edges(doc, hi + 1, head.right_edge.i + 1)  # "As …, " the clause
    return None


def _quoted_as_saying(verb: Token) -> tuple[Token, bool] | None:
    """For "reported X as saying", X and whether the saying has a clause of its own."""
    if verb.lemma_.lower() not in _QUOTING:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "as" and obj is not None:
            for saying in prep.children:
                if saying.dep_ == "pcomp" and saying.lemma_.lower() in {"say", "tell", "write"}:
                    return obj, any(c.dep_ == "ccomp" for c in saying.children)
    return None


# The participles that give a name: "a man named John Smith", "a site called DeepDotWeb"
_NAMED_FORMS = frozenset({"named", "called"})


def _naming_clause(noun: Token) -> Token | None:
    """The "named X" clause after a noun ("A 19-year-old named Jess Smith"), if it has one."""
    return next((c for c in noun.rights if c.dep_ == "acl" and c.lower_ in _NAMED_FORMS), None)


def _name_given(clause: Token) -> Token | None:
    """The name a "named"/"called" clause gives (its object predicate), if the parse found it."""
    return next((c for c in clause.children if c.dep_ == "oprd"), None)


_ONE_OF = _wordset("one another some several two three many")


def _one_of(token: Token) -> Token | None:
    """ "One of Emwazi's friends was quoted as saying": the friends, of whom one spoke."""
    if token.lower_ not in _ONE_OF:
        return None
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    noun = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return noun if noun is not None and noun.pos_ in {"NOUN", "PROPN"} else None


def _subject(verb: Token) -> Token | None:
    """The speaker token: the verb's subject, or, for a participle or coordinated cue, the
    subject of the verb it hangs on; for "quoted X as saying", X."""
    participle = verb.tag_ == "VBG" and verb.dep_ in _PARTICIPLE_DEPS
    subjects = [
        child
        for child in verb.children
        if child.dep_ in _SUBJECT_DEPS and not (participle and child.lower_ in _NOT_SPEAKERS)
    ]
    if subjects:
        # two subjects is a misparse, mostly of a dateline ("ABUJA, Nigeria — The leader of
        # … dashed hopes"): the one nearer the verb is the speaker
        child = min(subjects, key=lambda c: abs(c.i - verb.i))
        if verb.dep_ == "relcl" and child.lower_ in _RELATIVE_PRONOUNS:
            head = verb.head  # "officials who confirmed the arrest"
            if head.lower_ in {"those", "that"}:
                # "those of the Syrian Observatory, which said …": the Observatory
                of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                head = next((c for c in of.children if c.dep_ == "pobj"), head) if of else head
            return head
        return child
    for clause in verb.children:
        if clause.dep_ == "csubj" and clause.lower_ in _NAMED_FORMS:
            # "A 19-year-old named Jess Smith revealed …", parsed with a clause for its
            # subject: the one named
            return _name_given(clause)
    head = verb.head
    if verb.tag_ == "VBG" and verb.dep_ == "acl" and head.lemma_.lower() in _DOCUMENTS:
        return head  # "issued a statement declaring that …": the statement says it
    if (
        verb.tag_ == "VBG"
        and verb.dep_ == "acl"
        and head.pos_ in {"PROPN", "NOUN"}
        and any(c.dep_ == "ccomp" and c.lemma_ not in _NESTED_CUES for c in verb.children)
    ):
        # (not "a blog claiming sources told it …": the sources are the innermost speaker)
        return head  # "a site called DeepDotWeb claiming that …": the one named claims it
    if verb.dep_ == "pcomp" and head.lower_ == "as" and head.head.lemma_ in _QUOTING:
        for child in head.head.children:
            # (the passive too: "X was quoted by the Post as saying …")
            if child.dep_ in ("dobj", "nsubjpass"):
                return _one_of(child) or child
        return None
    if (participle or verb.dep_ == "conj") and head is not verb:
        background = any(c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS for c in verb.children)
        if background and not (participle and any(c.dep_ == "ccomp" for c in verb.children)):
            return None  # "while stressing that …" still reports what was stressed
        if (
            head.tag_ == "VBN"
            and head.dep_ == "advcl"
            and not _passive(head)
            and not any(c.dep_ in _SUBJECT_DEPS for c in head.children)
        ):
            head = head.head  # "said when asked about it, while stressing that …": who said it
        found = _subject(head)
        if found is None and participle and head.dep_ == "ccomp" and _expletive(head):
            # "points out that there is also the cost of glass, estimating that …": a clause
            # with no one as its subject; whoever reports it goes on
            found = _subject(head.head)
        return found
    return None


# Who an outlet cites for what it reports ("the Post, citing sources at the network,
# reported …"): by rule 3 the statement is theirs, the innermost speaker's.
CITED_SOURCES = _wordset("source official insider people person officer diplomat")


def cited_source(verb: Token) -> Token | None:
    """The sources a cue's "citing" participle names ("Citing unnamed sources, the Reporter
    revealed …", "Yonhap reported, citing an unnamed source, that …"), if they are sources
    and not a reason ("said …, citing the lack of public statements")."""
    for child in verb.children:
        if child.lower_ != "citing" or child.dep_ not in _PARTICIPLE_DEPS:
            continue
        obj = next((c for c in child.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.pos_ == "NOUN" and obj.lemma_.lower() in CITED_SOURCES:
            return obj
    return None


_NESTED_CUES = _wordset("say tell report")


def _may_speak(subject: Token, verb: Token, speaker_nouns: frozenset[str]) -> bool:
    """Whether a common noun heads a speaker of ``verb``: a plural ("protesters"), any subject
    of "say" or "tell", a speaker noun, or a noun in a named entity."""
    return (
        subject.tag_ == "NNS"
        or verb.lemma_.lower() in _ONLY_SPEAKERS_DO
        # "A deckhand said …, adding that …": whoever says is a speaker
        or (verb.tag_ == "VBG" and verb.head.lemma_.lower() in _ONLY_SPEAKERS_DO)
        or subject.lemma_.lower() in speaker_nouns
        or subject.lower_ in speaker_nouns
        or subject.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
        # "A 19-year-old named Jess Smith revealed …": whoever the text names
        or _naming_clause(subject) is not None
    )


_COGNITION = _wordset("believe think fear worry hope expect feel know assume")


def _reporter_of_participle(verb: Token, cue_lemmas: frozenset[str]) -> Token | None:
    """The subject of the cue whose reported clause a participle chain after a comma closes
    ("confirmed that A, calling B and noting that C"), or None."""
    if verb.lemma_.lower() in _COGNITION:
        return None  # "sold the truck, believing the retailer would …": a reason, no cue
    top = verb
    while top.tag_ == "VBG" and top.dep_ in {"advcl", "conj"} and top.head is not top:
        if top.dep_ == "advcl" and not _after_comma(top):
            return None
        top = top.head
    if top is verb or top.dep_ != "ccomp" or top.head.lemma_.lower() not in cue_lemmas:
        return None
    return next((c for c in top.head.children if c.dep_ == "nsubj"), None)


def _expletive(verb: Token) -> bool:
    return any(c.dep_ == "expl" for c in verb.children)


def _named_in_apposition(subject: Token, verb: Token, speaker_nouns: frozenset[str]) -> Token:
    """ "The head of Nasa's Meteoroid Environment Office, Bill Cooke, estimated": the parser
    hangs the name on the last noun of the "of" phrase; the person named speaks. So does a name
    in apposition, right before the cue, to a subject that is no speaker noun."""
    if subject.pos_ != "NOUN":
        return subject
    named = [c for c in subject.rights if c.dep_ == "appos"]
    if (
        named
        and subject.dep_ == "nsubj"
        and subject.lemma_.lower() not in speaker_nouns
        and named[-1].ent_type_ == "PERSON"
        and _after_comma(named[-1])
        and named[-1].right_edge.i + 1 == verb.i
    ):
        # "A, about 300 kilometers southwest of the capital, when the attack occurred, Lower
        # Shabelle Governor Abdulkadir Mohamed Nur said": the parse takes the distance, the
        # end of what was said, for the subject and the governor for its apposition
        return named[-1]
    for prep in subject.rights:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for obj in prep.children:
            for appos in obj.rights:
                if appos.dep_ == "appos" and appos.ent_type_ == "PERSON" and _after_comma(appos):
                    return appos
    return subject


def _passive_agent(verb: Token) -> Token | None:
    """The "by" phrase's noun of a passive cue ("was denied by the ministry"), if any; not of
    "was first reported by": who broke a story, not what anyone said."""
    if any(c.lower_ == "first" for c in verb.children):
        return None
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _in_according_to(token: Token) -> bool:
    """Whether ``token`` sits in an "according to X" phrase (a source, not a subject)."""
    return any(t.lower_ == "according" for t in token.ancestors)


_QUANTIFIERS = frozenset({"both", "all", "each"})


def speaker_span(subject: Token) -> tuple[int, int]:
    """Character span of the speaker phrase headed by ``subject``.

    The head with its left modifiers ("the Lebanese security official"), an appositive
    ("Rep. Duncan Hunter, R-Calif."; "a spokeswoman, Lena Ortiz"), a short "of"/"for"/"with"
    phrase and a short "close to"/"familiar with" ("officials familiar with the talks", "a
    source close to the band"); never a relative clause.
    """
    tokens = [subject]
    for child in subject.lefts:
        if child.dep_ == "advmod" and child.lower_ in _FOCUS:
            continue  # "But even he admits …": the focus is no part of who speaks
        if child.dep_ in _SPEAKER_LEFT or child.dep_ == "conj" or child.dep_ == "cc":
            tokens.extend(child.subtree)
    for child in subject.rights:
        if child.dep_ == "appos" and child.lower_ in _QUANTIFIERS:
            continue  # "Tom Fuentes and David Klinger both said": how many, not who
        if child.dep_ == "appos":
            tokens.extend(child.subtree)
        elif child.dep_ in {"prep"} and child.lower_ in {"of", "for", "with", "from", "at"}:
            sub = list(child.subtree)
            # (no verb: "at one point called 911" tells what the speaker did, not who it is)
            if len(sub) <= 5 and not any(t.pos_ == "VERB" for t in sub):
                tokens.extend(sub)
        elif child.dep_ == "prep" and child.lower_ == "in":
            # "Shoppers in Carlisle", "Senior officials in Iraq": where they are, a short place
            sub = list(child.subtree)
            if len(sub) <= 4 and all(t.ent_type_ in {"GPE", "LOC"} for t in sub[1:]):
                tokens.extend(sub)
        elif child.dep_ == "amod" and child.lower_ in {"close", "familiar", "knowledgeable"}:
            sub = list(child.subtree)  # "a source close to Robert Plant": how the source knows
            if len(sub) <= 7:
                tokens.extend(sub)
        elif child.dep_ in {"conj", "compound"} or (
            # "and" joins a speaker to another only where one follows it
            child.dep_ == "cc" and any(c.dep_ == "conj" for c in subject.rights)
        ):
            tokens.extend(child.subtree)
        elif child.dep_ == "acl" and child.lower_ in _NAMED_FORMS:
            sub = list(child.subtree)  # "A man named John Smith": the one named
            if len(sub) <= 5 and all(t.text[:1].isupper() for t in sub[1:]):
                tokens.extend(sub)
        elif child.dep_ in {"acl", "relcl"} and subject.text[:1].isupper():
            # "the Committee to Protect Journalists": an infinitive that is part of a name
            sub = list(child.subtree)
            words = [t for t in sub if t.lower_ != "to"]
            if (
                len(sub) <= 5
                and any(t.lower_ == "to" and t.i < child.i for t in sub)
                and all(t.text[:1].isupper() for t in words)
            ):
                tokens.extend(sub)
    tokens = [t for t in tokens if not t.is_space]
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    doc = subject.doc
    while last.i > first.i and (doc[last.i].is_punct or doc[last.i].is_space):
        last = doc[last.i - 1]
    while first.i < last.i and (doc[first.i].is_punct or doc[first.i].is_space):
        first = doc[first.i + 1]
    # "The Lebanese daily As-Safir reported": a word the tokenizer split at its hyphen, and
    # the parse cut, is whole
    while (
        last.i + 2 < len(doc)
        and not last.whitespace_
        and doc[last.i + 1].text == "-"
        and not doc[last.i + 1].whitespace_
        and doc[last.i + 2].is_alpha
    ):
        last = doc[last.i + 2]
    return first.idx, last.idx + len(last.text)


def _clean_edges(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Token range ``[lo, hi)`` without edge punctuation, "that" and spaces; None when empty."""
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space or doc[lo].lower_ in {"that"}):
        if doc[lo].lower_ == "that" and doc[lo].dep_ != "mark":
            break
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    return (lo, hi) if hi > lo else None


def _after_comma(token: Token) -> bool:
    """Whether the phrase that ``token`` heads opens right after a comma."""
    first = token.left_edge
    return first.i > 0 and token.doc[first.i - 1].text == ","


_CONDITIONS = frozenset({"if", "unless", "until"})


def _part_of_the_stance(clause: Token) -> bool:
    """An adverbial clause that belongs to what a cue states: its condition ("threatening to
    kill him unless demands were met", "warning of attacks if Washington struck") or its
    purpose ("announced two strikes, to “further expand control”"), unlike a second cue or a
    time ("…, saying", "… when he spoke")."""
    if clause.dep_ != "advcl":
        return False
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in clause.children):
        return True
    return clause.tag_ == "VB" and any(
        c.dep_ == "aux" and c.lower_ == "to" and c.i < clause.i for c in clause.children
    )


def _excluded(verb: Token, subject: Token | None) -> set[int]:
    """Token indices inside a verb's subtree that are not part of what it reports: the subject,
    a second cue hanging on it (", saying …"), an "according to X" phrase, and an appositive
    after a comma."""
    out: set[int] = set()
    if subject is not None and subject.head is verb:
        out.update(t.i for t in subject.subtree)
    for child in verb.children:
        if child.dep_ in {"advcl", "conj"} and child.i > verb.i and not _part_of_the_stance(child):
            out.update(t.i for t in child.subtree)
        if child.lower_ == "according":
            out.update(t.i for t in child.subtree)
        if child.dep_ == "cc" and child.i > verb.i:
            out.add(child.i)
    for token in verb.subtree:
        # "encouraged his followers to join, directing those interested to …": a participle
        # after a comma, however deep the parse hangs it, is a second cue
        if (
            token.dep_ == "advcl"
            and token.tag_ == "VBG"
            and token.i > verb.i
            and _after_comma(token)
        ):
            out.update(t.i for t in token.subtree)
    for token in verb.children:
        # ", a move criticized abroad": a comment on the whole clause, not part of it
        if token.dep_ in {"appos", "npadvmod"} and token.i > verb.i and _after_comma(token):
            out.update(t.i for t in token.subtree)
    return out


_OPENING = frozenset({"“", '"'})


def said_again(verb: Token, speech_lemmas: frozenset[str]) -> Token | None:
    """ "said that children engage in … and added that …": the parse joins the second cue to
    the reported clause's verb; it is a second statement of the first cue's speaker, who is
    returned (the second cue has a clause of its own, the first is a speech verb)."""
    clause = verb.head
    if (
        verb.dep_ != "conj"
        or clause.dep_ != "ccomp"
        or verb.lemma_.lower() not in speech_lemmas
        or clause.head.lemma_.lower() not in speech_lemmas
        or any(c.dep_ in _CLAUSE_SUBJECTS for c in verb.children)
        or not any(c.dep_ == "ccomp" for c in verb.children)
        or _negated_or_modal(verb)
        or verb.doc[verb.i - 1].lower_ != "and"
    ):
        return None
    return clause.head


def reported_tokens(
    verb: Token, subject: Token | None, stance: bool, speech_lemmas: frozenset[str] = frozenset()
) -> tuple[int, int] | None:
    """Token range of what ``verb`` reports (see the module docstring)."""
    doc = verb.doc
    if not stance:
        for child in verb.children:
            if child.dep_ == "ccomp" and not _fronted_without_a_mark(verb, child):
                end = _second_that_clause_end(verb, child)
                again = next(
                    (c for c in child.children if said_again(c, speech_lemmas) == verb), None
                )
                if again is not None:
                    # the statement ends before "and added that …", its speaker's next one
                    first = again.left_edge
                    while first.i > child.i and (
                        doc[first.i - 1].dep_ == "cc" or doc[first.i - 1].is_punct
                    ):
                        first = doc[first.i - 1]
                    end = first.i
                if child.i < verb.i and subject is not None:
                    end = _end_before_the_named(verb, subject, end)
                lo = child.left_edge.i
                obj = _subject_read_as_an_object(verb, child)
                if obj is not None:
                    lo = obj.left_edge.i
                if (
                    lo < verb.i
                    and doc[lo].lower_ in {"what", "which"}
                    and verb.lemma_.lower() not in _COGNITION
                    and not any(
                        c.dep_ == "nsubj" and c.lower_ in {"i", "we"} for c in verb.children
                    )
                ):
                    # "arrested for what prosecutors said was use of excessive force": what
                    # they said is the clause after the cue, its fronted "what" aside
                    lo = verb.i + 1
                return _clean_edges(doc, lo, end)
        clause = _clause_after_a_medium(verb)
        if clause is not None:
            return _clean_edges(doc, clause.left_edge.i, clause.right_edge.i + 1)
    if verb.lemma_.lower() in _CLAUSE_ONLY:
        return None
    # the verb's own clause from the verb on: its objects and complements
    skip = _excluded(verb, subject)
    right = [t.i for t in verb.subtree if t.i >= verb.i and t.i not in skip]
    if len(right) <= 1:
        return None
    hi = verb.i
    for i in sorted(right):
        if i != hi + 1 and i != verb.i:
            break  # stop at the first gap (an excluded subtree)
        if stance and doc[i].text == ":" and i + 1 < len(doc) and doc[i + 1].text in _OPENING:
            # "expressed frustration to reporters: “…”": the quotation is the statement
            return None
        hi = i
    return _clean_edges(doc, verb.i, hi + 1)


def _fronted_without_a_mark(verb: Token, clause: Token) -> bool:
    """ "Two Nicaraguan soldiers guard the crater  Meanwhile, British scientist Dr Dan Brown
    said he agreed …": a clause before the cue that a break in the text (a run of spaces or a
    line break), not a comma, quote mark or dash, ends is another sentence (here a photo
    caption), not what was said."""
    doc = verb.doc
    last = clause.right_edge
    while last.is_space and last.i > clause.i:
        last = doc[last.i - 1]  # (the parse may hang the spaces on the clause)
    gap = last.i + 1
    if clause.i > verb.i or gap >= verb.i or not doc[gap].is_space:
        return False
    after = next((t for t in doc[gap : verb.i] if not t.is_space), None)
    return after is not None and not after.is_punct


def _end_before_the_named(verb: Token, subject: Token, end: int) -> int:
    """Where a fronted statement ends when its speaker is the apposition of a subject the parse
    took from it (see ``_named_in_apposition``): at the comma before the name."""
    taken = subject.head
    if subject.dep_ != "appos" or taken.dep_ != "nsubj" or taken.head != verb:
        return end
    doc = verb.doc
    lo = subject.left_edge.i
    if not end <= taken.left_edge.i < lo or doc[lo - 1].text != ",":
        return end
    if any(not t.is_punct and taken not in (t, *t.ancestors) for t in doc[end : lo - 1]):
        return end
    return lo - 1


def _subject_read_as_an_object(verb: Token, clause: Token) -> Token | None:
    """ "who told him all victims were civilians": the parse takes the clause's subject for the
    object of "told" and leaves the clause without one; the object right before it opens it."""
    if verb.lemma_.lower() != "tell" or any(
        c.dep_ in {"nsubj", "nsubjpass", "expl", "mark"} for c in clause.children
    ):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.right_edge.i + 1 != clause.left_edge.i:
        return None
    if not any(c.dep_ in {"dative", "iobj"} for c in verb.children):
        return None  # "told the story was false": no one told, the object is what was said
    return obj


def _second_that_clause_end(verb: Token, clause: Token) -> int:
    """Where what ``verb`` reports ends: after ``clause``, or after a second that-clause joined
    to it ("cautioned that A, and that B": the parse makes B a conjunct of the verb)."""
    end = clause.right_edge.i + 1
    for conj in verb.children:
        if conj.dep_ != "conj" or conj.i < end:
            continue
        if (
            conj.tag_ in {"VBN", "JJ"}
            and not any(c.dep_ in _CLAUSE_SUBJECTS for c in conj.children)
            and all(t.is_punct or t.dep_ == "cc" for t in verb.doc[end : conj.i])
        ):
            # "said they were bemused, but frightened by the man's behaviour": the parse joins
            # the clause's second predicate to the cue; no cue says "frightened"
            end = conj.right_edge.i + 1
            continue
        first = conj.left_edge
        if (
            first.dep_ == "mark"
            and first.lower_ == "that"
            and first.head == conj
            and all(t.is_punct or t.dep_ == "cc" for t in verb.doc[end : first.i])
        ):
            end = conj.right_edge.i + 1
    return end


def _clause_after_a_medium(verb: Token) -> Token | None:
    """ "told UPI in an exclusive interview that X": the parse hangs the that-clause on the
    noun of the phrase between; it is still what was told."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i < verb.i:
            continue
        for obj in prep.children:
            for clause in obj.children:
                if (
                    clause.dep_ in {"acl", "relcl"}
                    and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
                    and any(c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children)
                ):
                    return clause
    return None


# What one does in order to say something, then says it: "telephoned her employers to say that
# …", "went on to say that …", "used Facebook to confirm …", "took to Twitter to deny …"
_VEHICLES = _wordset("go telephone phone call use take write email post come return tweet blog")


def _said_by_going_on_to(verb: Token) -> Token | None:
    """The subject of "went on", "telephoned …", "took to Twitter" when ``verb`` is the cue
    they lead to ("to say that …"); None otherwise ("refused to say", "wants to say" report
    nothing said)."""
    head = verb.head
    if (
        verb.tag_ != "VB"
        or verb.dep_ not in ("xcomp", "advcl")
        or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        or head.lemma_.lower() not in _VEHICLES
        or head.pos_ != "VERB"
        or _negated_or_modal(head)
        # "went on to say", "came forward to say"; not a journey ("went to Mosul to plead")
        or (
            head.lemma_.lower() in ("go", "come")
            and not any(c.dep_ == "prt" or c.lower_ in ("on", "forward") for c in head.children)
        )
        # "took to Twitter to deny"; not a march ("took to the streets to protest")
        or any(t.lemma_.lower() == "street" for t in head.subtree if t.i < verb.i)
    ):
        return None
    return next((c for c in head.children if c.dep_ == "nsubj"), None)


def find_speech_events(
    doc: Doc,
    speech_lemmas: frozenset[str],
    stance_lemmas: frozenset[str],
    lo: int = 0,
    hi: int | None = None,
    quotes: list[tuple[int, int]] | None = None,
    speaker_nouns: frozenset[str] = frozenset(),
    first_person: bool = False,
) -> Iterator[SpeechEvent]:
    """Speech events whose cue lies in the characters ``[lo, hi)`` and outside ``quotes``.

    A common noun heads a speaker only when it is plural ("protesters"), names a speaker
    (``speaker_nouns``: "official", "student") or is part of a named entity; "the move rejected
    …" is no speech event. "I" and "we" speak only with ``first_person`` (inside a quotation,
    where they are the one quoted).
    """
    not_speakers = _NOT_SPEAKERS - {"i", "we"} if first_person else _NOT_SPEAKERS
    hi = (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0) if hi is None else hi
    quotes = quotes or []
    span = doc.char_span(lo, hi, alignment_mode="expand") if hi > lo else None
    for verb in span if span is not None else ():  # the range only: linear in the document
        if not lo <= verb.idx < hi or verb.pos_ not in {"VERB", "AUX"}:
            continue
        lemma = verb.lemma_.lower()
        stance = lemma in stance_lemmas
        if not stance and lemma not in speech_lemmas:
            continue
        if any(s <= verb.idx < e for s, e in quotes):
            continue
        vehicle = _said_by_going_on_to(verb)
        if verb.dep_ in {"amod", "xcomp", "auxpass", "aux", "compound"} and vehicle is None:
            continue
        if verb.dep_ == "relcl" and _background(verb):
            continue
        if (
            verb.tag_ in {"VB"}
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            and vehicle is None
        ):
            continue
        # "has been confirmed by Breitbart Texas": the agent speaks, of the whole clause
        passive = _passive(verb)
        agent = _passive_agent(verb) if passive else None
        as_content = _as_clause_content(verb)
        if agent is None and verb.tag_ == "VBN" and as_content is not None:
            agent = _passive_agent(verb)  # "…, as noted by Ars Technica": no auxiliary
        if passive and agent is None:
            continue
        if _negated_or_modal(verb) or habitual(verb) or said_by_nobody(verb):
            continue
        if reduced_relative(verb, speaker_nouns) or reports_nothing(verb):
            continue
        if narrated_act(verb):
            continue
        quoted = _quoted_as_saying(verb)
        if quoted is not None and quoted[1]:
            continue  # "reported X as saying that …": the saying is the statement, X's
        again = said_again(verb, speech_lemmas)
        if quoted is not None:
            subject: Token | None = quoted[0]  # "“…,” AFP reported Shekau as saying."
        elif again is not None:
            subject = _subject(again)  # "said that A and added that B": B is said again
        elif vehicle is not None:
            subject = vehicle
        else:
            subject = agent if agent is not None else _subject(verb)
        cited = cited_source(verb) if subject is not None else None
        outer = speaker_span(subject) if cited is not None and subject is not None else None
        subject = cited or subject
        if subject is not None and subject.tag_ == "WDT" and verb.dep_ != "relcl":
            subject = _document_antecedent(subject) or subject
        elif verb.dep_ == "relcl":
            who = next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ == "who"), None)
            if who is not None:
                subject = _speaker_antecedent(verb, who, speaker_nouns) or subject
        if subject is None or (
            subject.lower_ in not_speakers
            and not (subject.lower_ == "it" and lemma in _IT_SAYS)
            # (an acronym in capitals is a name: "WHO director … Christy Feig said")
            and not (len(subject.text) > 1 and subject.text.isupper())
        ):
            continue
        subject = _named_in_apposition(subject, verb, speaker_nouns)
        named = _naming_clause(subject)
        if named is not None and subject.pos_ not in {"NOUN", "PROPN"}:
            # "A 19-year-old named Kate Smith revealed …": the one named
            subject = _name_given(named) or subject
        if subject.pos_ not in {"NOUN", "PROPN", "PRON"} or _in_according_to(subject):
            continue
        if subject.pos_ == "NOUN" and not _may_speak(subject, verb, speaker_nouns):
            # "confirmed that the actor was a victim of a hoax, calling his condition
            # “perfect”": a participle closing the reported clause is the reporter's own cue
            reporter = _reporter_of_participle(verb, speech_lemmas | stance_lemmas)
            if reporter is None or reporter.lower_ in not_speakers:
                continue
            subject = reporter
        whole = agent is not None and not any(c.dep_ == "ccomp" for c in verb.children)
        content = as_content or (
            # "has been confirmed by X": the whole clause is what X confirmed; "was told by
            # officials that …" reports its clause, as an active cue does
            _clean_edges(doc, verb.left_edge.i, verb.right_edge.i + 1)
            if whole
            else reported_tokens(verb, subject, stance, speech_lemmas)
        )
        if content is None:
            continue
        c_lo, c_hi = content
        start, end = doc[c_lo].idx, doc[c_hi - 1].idx + len(doc[c_hi - 1].text)
        start, end = max(start, lo), min(end, hi)
        if end <= start:
            continue
        ms, me = speaker_span(subject)
        if ms < end and start < me and agent is None:
            continue  # the speaker inside what is reported: a misparse
        # the words from the speaker to the cue (never doc.text: it joins the whole document)
        gap = doc.char_span(min(ms, verb.idx), max(me, verb.idx), alignment_mode="expand")
        if gap is not None and _BLANK_LINE_RE.search(gap.text):
            continue  # a subject in another paragraph: the parse ran two into one sentence
        particle = [c for c in verb.children if c.dep_ == "prt"]
        cue = verb.text + (" " + particle[0].text if particle else "")
        kind = "stance" if stance else "indirect"
        yield SpeechEvent(cue, verb.idx, ms, me, start, end, kind, outer)


# Verbs whose subject speaks, whatever noun heads it ("An operator at the auction house told
# the Guardian …"); other cues need a speaker noun ("the move rejected …" is no speech).
_ONLY_SPEAKERS_DO = _wordset("say tell")
_ISSUING = _wordset("release issue send post publish put circulate distribute")
_DOCUMENTS = _wordset("statement report letter release message video post tweet text")


def _document_antecedent(relative: Token) -> Token | None:
    """ "a TV report late last month that said he was ill", where the parse hangs the clause
    on the sentence's verb, not on the noun (``_subject`` reads a relative clause's own noun):
    the document the relative pronoun stands for, the nearest noun before it past a time
    phrase."""
    for token in reversed(relative.doc[max(0, relative.i - 6) : relative.i]):
        if token.pos_ in {"NOUN", "PROPN"} and token.dep_ not in {"npadvmod", "compound"}:
            return token if token.lemma_.lower() in _DOCUMENTS else None
        if token.pos_ not in {"ADV", "ADJ", "NOUN", "DET"}:
            return None
    return None


def _speaker_antecedent(
    verb: Token, relative: Token, speaker_nouns: frozenset[str]
) -> Token | None:
    """ "Emwazi was on the radar of MI5, who warned him that he was on a watch list": the
    name or speaker noun a "who" clause in the past tense stands for, when the clause reports
    something (a clause of its own); a perfect or a present is background (``_background``).
    The parse may hang the clause on a noun before the name, so the word before ", who" is
    read (else ``_subject``'s reading, the noun the clause hangs on, stands)."""
    if verb.tag_ != "VBD" or not any(c.dep_ == "ccomp" for c in verb.children):
        return None
    doc = verb.doc
    if relative.i < 2 or doc[relative.i - 1].text != ",":
        return None
    noun = doc[relative.i - 2]
    owner = noun.head.head
    if (
        noun.dep_ == "pobj"
        and noun.head.lower_ in {"of", "in", "inside", "from", "near", "outside"}
        and owner.tag_ == "NNS"
        and owner.lemma_.lower() in speaker_nouns
    ):
        # "one of the doctors inside Kobani, who told him …", "residents of Aleppo, who
        # said …": "who" stands for the people, not the place
        return owner
    return noun if noun.pos_ == "PROPN" or noun.lemma_.lower() in speaker_nouns else None


def _document_owner(token: Token) -> Token | None:
    """The name a document noun is written with as its owner ("a NASA statement", "Glide's
    statement"), if any; "a Monday report" has none."""
    if token.tag_ not in ("NN", "NNS") or token.lemma_.lower() not in _DOCUMENTS:
        return None
    return next(
        (
            c
            for c in token.children
            if c.dep_ in ("compound", "poss")
            and c.pos_ == "PROPN"
            and c.ent_type_ not in ("DATE", "TIME")
        ),
        None,
    )


def issued_documents(doc: Doc) -> list[tuple[int, int, int, str]]:
    """Every "X released a statement", "In a statement, X confirmed …" and "in a statement
    from X" in ``doc``: (position, X's start, X's end, document)."""
    out = []
    for verb in doc:
        owner = _document_owner(verb)
        if owner is not None:
            # "according to a NASA statement issued last week": NASA's
            start, end = speaker_span(owner)
            out.append((verb.idx, start, end, verb.lemma_.lower()))
            continue
        if verb.lemma_.lower() in _DOCUMENTS and verb.dep_ == "pobj" and verb.head.lower_ == "in":
            issuer = next(
                (
                    g
                    for c in verb.children
                    if c.dep_ == "prep" and c.lower_ in ("from", "by")
                    for g in c.children
                    if g.dep_ == "pobj" and g.pos_ in {"NOUN", "PROPN"}
                ),
                None,
            )
            if issuer is not None:
                # "The White House, in a statement from spokeswoman Caitlin Hayden, …": hers
                start, end = speaker_span(issuer)
                out.append((verb.idx, start, end, verb.lemma_.lower()))
                continue
            # "In an official statement, the ministry confirmed …": the ministry issued it
            head = verb.head.head
            subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if (
                head.pos_ in {"VERB", "AUX"}
                and subject is not None
                and subject.lower_ not in _NOT_SPEAKERS
                and subject.pos_ in {"NOUN", "PROPN"}
            ):
                start, end = speaker_span(subject)
                out.append((verb.idx, start, end, verb.lemma_.lower()))
            continue
        if verb.lemma_.lower() not in _ISSUING or _passive(verb):
            continue
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if obj is None or subject is None or obj.lemma_.lower() not in _DOCUMENTS:
            continue
        if subject.lower_ in _NOT_SPEAKERS:
            continue
        start, end = speaker_span(subject)
        out.append((verb.idx, start, end, obj.lemma_.lower()))
    return out
