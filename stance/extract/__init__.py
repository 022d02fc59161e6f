"""Attributed-claim extraction: who claims what in an article, with offsets into the original.

Pipeline: ``stance.text.clean`` labels boilerplate (text untouched) -> ``parse`` runs spaCy's
dependency parser over the text once -> ``attribution`` finds claim spans and speaker mentions in
the body, by patterns and by the parse's speech events (``speech_events``) -> ``speakers``
resolves mentions to canonical speakers -> ``parties`` groups speakers into sides. When
``extract.tagger`` names a trained tagger's folder, ``learned`` adds the statements it tags in the
sentences the rules left (``stance.tagger``; off by default, none ships).
Deterministic; the only model by default is the parser (``extract.parser: false`` in the config
turns it off, leaving the patterns alone).

Config (the ``extract``, ``speakers`` and ``parties`` sections of configs/analyze.yaml):
    extract.min_quote_words, extract.max_speaker_words, extract.min_claim_words,
    extract.attach_quote_paragraphs, extract.tagger, extract.extra_speech_verbs /
    extra_stance_verbs / extra_view_as_verbs; speakers.aliases, speakers.extra_titles,
    speakers.extra_speaker_nouns; parties.hints, parties.labels, parties.countries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from stance.claims import Claim
from stance.config import config_section, string_map
from stance.errors import StanceError
from stance.extract.affiliation import (
    Affiliation,
    described_party,
    find_affiliations,
    find_party_members,
    find_roles,
    mention_affiliation,
    party_group,
)
from stance.extract.attribution import Attribution, ExtractOptions, find_attributions
from stance.extract.learned import tagged_attributions
from stance.extract.lexicon import Lexicon, load_lexicon
from stance.extract.parse import parse as parse_text
from stance.extract.parties import (
    GOVERNMENT_VOICES,
    PartyEvidence,
    Tie,
    group_parties,
    names_match,
)
from stance.extract.references import MEMBER_OF_THE_GROUP_RE, OUTLET_WORDS, defined_acronyms
from stance.extract.relations import Alliance, find_alliances, find_oppositions
from stance.extract.speakers import SpeakerResolver, name_lede_speaker
from stance.extract.speech_events import issued_documents
from stance.text import clean

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from stance.tagger.runtime import StatementTagger


def _options(extract: Mapping[str, Any]) -> ExtractOptions:
    defaults = ExtractOptions()
    kwargs: dict[str, Any] = {}
    for key in ("min_quote_words", "max_speaker_words", "min_claim_words"):
        if key in extract:
            value = extract[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise StanceError(f"config: field 'extract.{key}' must be a non-negative integer")
            kwargs[key] = value
    if "attach_quote_paragraphs" in extract:
        if not isinstance(extract["attach_quote_paragraphs"], bool):
            raise StanceError("config: field 'extract.attach_quote_paragraphs' must be true/false")
        kwargs["attach_quote_paragraphs"] = extract["attach_quote_paragraphs"]
    return ExtractOptions(**{**defaults.__dict__, **kwargs})


def _uses_parser(config: Mapping[str, Any]) -> bool:
    use_parser = config_section(config, "extract").get("parser", True)
    if not isinstance(use_parser, bool):
        raise StanceError("config: field 'extract.parser' must be true/false")
    return use_parser


def parse_articles(texts: Sequence[str], config: Mapping[str, Any]) -> list[Doc | None]:
    """The parses ``extract_claims(text, config, doc=...)`` takes, for many articles in one
    ``nlp.pipe`` run; all None when the config turns the parser off."""
    if not _uses_parser(config):
        return [None] * len(texts)
    from stance.extract.parse import parse_many

    return list(parse_many([normalise_quote_marks(t) for t in texts]))


_UNPARSED: Any = object()
_FROM_CONFIG: Any = object()


def statement_tagger(config: Mapping[str, Any]) -> StatementTagger | None:
    """The learned statement tagger whose folder ``extract.tagger`` names (one written by
    ``scripts/train_span_tagger.py final``), or None (false, the default: the rules alone)."""
    value = config_section(config, "extract").get("tagger", False)
    if value is False or value is None:
        return None
    if not isinstance(value, str) or not value:
        raise StanceError("config: field 'extract.tagger' must be a folder or false")
    from pathlib import Path

    from stance.tagger.onnx_tagger import load_tagger

    return load_tagger(str(Path(value).expanduser().resolve()))


def extract_claims(
    text: str,
    config: Mapping[str, Any] | None = None,
    *,
    doc: Doc | None = _UNPARSED,
    tagger: StatementTagger | None = _FROM_CONFIG,
) -> list[Claim]:
    """Every attributed claim in ``text``, in order of appearance.

    ``config`` is the analyze config (``load_analyze_config()``); None uses the project defaults.
    Each claim's ``text`` is ``text[start:end]``, offsets into the ORIGINAL text. ``doc`` is the
    article's parse from ``parse_articles`` when the caller parsed many articles at once;
    without it the article is parsed here. ``tagger`` adds the learned tagger's statements
    where the rules found none (default: the one ``extract.tagger`` names; None: rules alone).
    """
    if config is None:
        from stance.config import load_analyze_config

        config = load_analyze_config()
    extract = config_section(config, "extract")
    speakers_cfg = config_section(config, "speakers")
    parties_cfg = config_section(config, "parties")
    lex = load_lexicon(config)
    # Same length as the text, so every offset found in it is an offset into the text.
    marked = normalise_quote_marks(text)
    cleaned = clean(marked)
    use_parser = _uses_parser(config)
    if doc is _UNPARSED:
        doc = parse_text(marked) if use_parser else None
    elif (doc is not None) != use_parser or (doc is not None and doc.text != marked):
        raise StanceError("internal error: the parse given is not this article's")
    atts = find_attributions(cleaned, lex, _options(extract), doc)
    body = [(b.start, b.end) for b in cleaned.body()]
    if tagger is _FROM_CONFIG:
        tagger = statement_tagger(config)
    if tagger is not None:
        learned = tagged_attributions(cleaned.text, body, atts, tagger, lex)
        atts = sorted([*atts, *learned], key=lambda a: a.start) if learned else atts
    entities = [(e.start_char, e.end_char, e.label_) for e in doc.ents] if doc is not None else []
    subjects = [t.idx for t in doc if t.dep_ in ("nsubj", "nsubjpass")] if doc is not None else []
    resolver = SpeakerResolver(
        cleaned,
        lex,
        string_map(speakers_cfg, "speakers", "aliases"),
        entities,
        subjects,
        [(a.start, a.end) for a in atts],
        issued_documents(doc) if doc is not None else [],
    )
    resolved: list[tuple[Attribution, str, str]] = []
    quotations = [(a.start, a.end) for a in atts if a.kind in ("quote", "quote_continued", "tweet")]
    for att in atts:
        inside = any(
            s <= att.mention_start < e and (s, e) != (att.start, att.end) for s, e in quotations
        )
        # an embedded tweet's author is no "he" or "she" of the story around it
        aside = inside or att.kind == "tweet"
        spk = resolver.resolve_aside(att) if aside else resolver.resolve(att)
        if spk is None:
            continue  # a pronoun with nobody to refer to
        if _background_document(spk.canonical, lex):
            continue  # a CV or biography: background, not a statement in the story
        refusal = _NO_COMMENT_RE.match(cleaned.text, att.start, att.end)
        if refusal and not _BUT_RE.match(cleaned.text, refusal.end(), att.end):
            # "told CNET that the company declined to comment": a refusal, no claim ("he
            # couldn't comment on the case, but was skeptical" says something)
            continue
        if att.kind in ("indirect", "stance") and _VAGUE_CONTENT_RE.fullmatch(
            cleaned.text, att.start, att.end
        ):
            continue  # "have said different things about …": that they spoke, not what
        if _ANONYMITY_RE.match(cleaned.text, att.start, att.end):
            continue  # "an officer, who requested anonymity, said …": sourcing, no claim
        resolved.append((att, spk.canonical, spk.kind))
    if resolved:
        # the lede: the first body paragraph that has a claim
        first = resolved[0][0].start
        lede = next((b for b in cleaned.body() if b.start <= first < b.end), None)
        if lede is not None:
            resolved = name_lede_speaker(
                resolved,
                lede.end,
                lex.speaker_nouns,
                resolver.is_confirmed_person,
                cleaned.text,
                resolver.roles_of,
            )
    members = find_party_members(cleaned.text, lex, body)
    resolved = _party_described(resolved, members)
    evidence = [
        PartyEvidence(
            canonical,
            att.mention,
            resolver.resolve_country(att, canonical, kind),
            kind,
            _descriptor(resolver, att, canonical) if kind == "person" else "",
        )
        for att, canonical, kind in resolved
    ]
    grouping = group_parties(
        evidence,
        hints=string_map(parties_cfg, "parties", "hints"),
        labels=string_map(parties_cfg, "parties", "labels"),
        ties=[
            *_group_ties(resolved, resolver, lex),
            # "his brother John": of the family of whom "his" is
            *(
                Tie(name, person, f"relative of {person}")
                for name, person in [*resolver.relatives, *resolver.kin_named_in_text()]
            ),
            *_ties(cleaned.text, body, resolved, members, lex),
        ],
        oppositions=find_oppositions(doc, lex) if doc is not None else [],
        alliances=_alliances(find_alliances(doc, lex), resolved) if doc is not None else [],
        official_nouns=lex.official_nouns,
        state_bodies=lex.state_bodies,
        document_nouns=lex.document_nouns,
        titles=lex.titles | lex.affiliation_roles,
        formal_titles=lex.titles,
        main_country=lex.main_country(cleaned.text, body),
        government_titles=lex.government_titles,
        police_ranks=lex.police_ranks,
        is_country=lex.is_country_cue,
        acronyms=defined_acronyms(cleaned.text),
    )
    claims = []
    for i, (att, speaker, _kind) in enumerate(resolved, start=1):
        # "the mayor" with one holder is the holder, with the holder's side and reason
        canonical = grouping.same_as.get(speaker, speaker)
        claims.append(
            Claim(
                id=f"c{i}",
                speaker=canonical,
                party=grouping.party[canonical],
                cue=att.cue,
                text=text[att.start : att.end],
                start=att.start,
                end=att.end,
                mention=att.mention,
                party_reason=grouping.reason[canonical],
            )
        )
    return claims


def _party_described(
    resolved: list[tuple[Attribution, str, str]], members: Sequence[Affiliation]
) -> list[tuple[Attribution, str, str]]:
    """ "Rep. Duncan Hunter, R-Calif., says …. The California Republican claims …": a mention
    that describes its speaker by a party alone is the one politician of that party who spoke
    before it."""
    out: list[tuple[Attribution, str, str]] = []
    for att, canonical, kind in resolved:
        party = described_party(att.mention)
        if party is not None:
            earlier = {
                c
                for _a, c, k in out
                if k == "person"
                and any(m.organisation == party and names_match(m.member, c) for m in members)
            }
            if len(earlier) == 1:
                canonical, kind = earlier.pop(), "person"
        out.append((att, canonical, kind))
    return out


def _alliances(
    found: Sequence[Alliance], resolved: Sequence[tuple[Attribution, str, str]]
) -> list[tuple[str, str, str]]:
    """(member, other, reason) for each alliance; a bare "X agreed" stands with the speaker of
    the last claim before it that is not X."""
    out = []
    for a in found:
        other = a.other
        if other is None:
            before = [
                canonical
                for att, canonical, _k in resolved
                if att.start < a.at
                and not names_match(canonical, a.member)
                and not names_match(a.member, canonical)
            ]
            if not before:
                continue
            other = before[-1]
        out.append((a.member, other, f"{a.member} {a.how} {other}"))
    return out


# What someone passed on when the one asked would not say anything: "(that) the company
# declined to comment on rumor or speculation", "he would not comment further".
# What was said, without saying it: "different things about the spiritual side of animals",
# "something about the budget", "little about the deal"
_VAGUE_CONTENT_RE = re.compile(
    r"(?:(?:many|different|similar|several|some|other|a\s+few|few|a\s+lot\s+of)\s+)?"
    r"(?:things|something|anything|nothing|little|much|a\s+lot|more|less)"
    r"(?:\s+(?:about|on|regarding|concerning)\b.*)?",
    re.IGNORECASE | re.DOTALL,
)
_NO_COMMENT_RE = re.compile(
    r"(?:[\w’'.-]+\s+){0,4}?(?:"
    r"(?:declined|refused|(?:would|could|did)\s*(?:not|n[’']t))\s+"
    r"(?:to\s+)?(?:comment|discuss|address|elaborate)\b"
    # "it did not have immediate comment", "he had no comment", "he'd wait to comment"
    r"|(?:did\s*(?:not|n[’']t)\s+have|had\s+no)\s+(?:any\s+|immediate\s+|further\s+)?comment\b"
    r"|(?:\w+[’']d|would|will)\s+wait\s+to\s+comment\b"
    r")",
    re.IGNORECASE,
)


# A source's request not to be named: "requested anonymity", "asking for anonymity because …"
_ANONYMITY_RE = re.compile(
    r"(?:requested|requesting|request|asked\s+for|asking\s+for|sought|seeking)\s+anonymity\b"
    r"(?:\s+(?:because|as|since)\b[^.;]*)?\s*$",
    re.IGNORECASE,
)
# what a refusal to comment goes on to say: "…, but was similarly skeptical"
_BUT_RE = re.compile(r"[^,;.]*,?\s+but\s+(?:was|is|said|added|called|\w+ed)\b")


# A role that voices a body: "government spokesman", "ministry official"
_VOICE_ROLE_RE = re.compile(rf"(?:[a-z]+\s+)+(?:{'|'.join(sorted(GOVERNMENT_VOICES))})")


def _descriptor(resolver: SpeakerResolver, att: Attribution, canonical: str) -> str:
    """The words that describe a person at a claim; where the mention is the bare name, the
    one role the text gives the person in apposition ("Doyin Okupe, a government spokesman,
    said": "government spokesman")."""
    described = resolver.descriptor(att, canonical)
    if described:
        return described
    roles = [r for r in resolver.roles_of(canonical) if _VOICE_ROLE_RE.fullmatch(r)]
    # (not a title, "president": written before the name, it is in the mention where it counts)
    return roles[0] if len(roles) == 1 else ""


def _background_document(speaker: str, lex: Lexicon) -> bool:
    """Whether the speaker is a document of a person's background ("CV of al-Baghdadi",
    "biography distributed on Islamist forums"): its first noun is one of the lexicon's."""
    words = speaker.casefold().split()
    return bool(words) and words[0] in lex.background_documents


def _ties(
    text: str,
    body: list[tuple[int, int]],
    resolved: list[tuple[Attribution, str, str]],
    members: Sequence[Affiliation],
    lex: Lexicon,
) -> list[Tie]:
    """Who speaks for whom: the ties the article writes anywhere in its body ("Ty Votaw, the
    executive vice president of the PGA Tour"), then those in the claims' own mentions ("a
    spokesman for the NHL"), each with the country its organisation is, if any; ``members``
    are the politicians' parties found in the body (``find_party_members``)."""
    found = [
        (a.member, a.organisation, a.reason)
        for a in [*find_affiliations(text, lex, body), *find_roles(text, lex, body)]
    ]
    # a politician's party is the weakest tie: an office or a spokesman's principal first
    parties = [(a.member, a.organisation, a.reason) for a in members]
    parties += [
        (canonical, a.organisation, a.reason)
        for att, canonical, _kind in resolved
        if (a := party_group(att.mention)) is not None
    ]
    for att, canonical, _kind in resolved:
        # the speaker's name says it too when the mention was "the group's supporters"
        own = mention_affiliation(att.mention, lex) or mention_affiliation(canonical, lex)
        if own is not None:
            found.append((canonical, own.organisation, own.reason))
    return [
        Tie(member, organisation, reason, _country_of(organisation, lex, reason))
        for member, organisation, reason in found + parties
    ]


# "ministry spokesman …": a spokesman of a body the article named before, by its noun alone
_BODY_SPOKESMAN_RE = re.compile(
    r"\b(?P<noun>ministry|department|agency|embassy|commission|council)\s+"
    r"(?:spokesman|spokeswoman|spokesperson)\b"
)


# A spokesperson the text gives no body, and how far after a body's claim (characters) it
# speaks for that body
_BARE_SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson"})
_SPOKESMAN_REACH = 600


def _group_ties(
    resolved: list[tuple[Attribution, str, str]], resolver: SpeakerResolver, lex: Lexicon
) -> list[Tie]:
    """ "a member of the Somali Islamic extremist group" after "Al-Shabaab's top leader …":
    the speaker speaks for the organisation "the group" refers to. Before the other ties, which
    would read "Somali Islamic" as Somalia's."""
    out = []
    names = {canonical for _att, canonical, kind in resolved if kind == "group"}
    for k, (att, canonical, _kind) in enumerate(resolved):
        before = resolved[k - 1] if k else None
        if (
            canonical in _BARE_SPOKESPEOPLE
            and before is not None
            and before[1][:1].isupper()
            # (a body's name may read as a person's: "Scotland Yard")
            and not resolver.is_confirmed_person(before[1])
            and before[1].split()[-1] not in OUTLET_WORDS
            and att.mention_start - before[0].end < _SPOKESMAN_REACH
        ):
            # "Scotland Yard confirmed the story. … A spokesman said …": the spokesman of the
            # body that spoke just before, the article naming no other
            out.append(Tie(canonical, before[1], f"{att.mention} after {before[1]}"))
            continue
        spoken = _BODY_SPOKESMAN_RE.search(" ".join(att.mention.split()))
        if spoken is not None:
            # "ministry spokesman Maj. Gen. Mohammed al-Askari" after "the Iraqi Ministry of
            # Defence" spoke: the one speaker whose name has that noun
            noun = spoken.group("noun").capitalize()
            bodies = [n for n in names if noun in n.split()]
            if len(bodies) == 1:
                out.append(Tie(canonical, bodies[0], f"{spoken.group(0)} ({bodies[0]})"))
                continue
        m = MEMBER_OF_THE_GROUP_RE.search(att.mention)
        if m is None or m.group("role") not in lex.affiliation_roles:
            continue
        organisation = resolver.organisation_before(att.mention_start)
        if organisation is not None:
            out.append(Tie(canonical, organisation, f"{m.group(0)} ({organisation})"))
    return out


def _country_of(organisation: str, lex: Lexicon, reason: str = "") -> str | None:
    """The country an organisation's name is, or starts with ("U.S. State Department",
    "Homeland Security"), unless the place is part of another name ("Washington Post") or a
    capital's own institution follows it in the ``reason`` ("Ottawa police spokesman")."""
    if organisation.split() and organisation.split()[-1] in lex.name_words:
        return None  # "US-Korea Institute", "Syrian Observatory": named after a place, no state
    at = reason.find(organisation)
    if at >= 0 and lex.city_own(organisation, reason[at + len(organisation) :]):
        return None
    return (
        lex.country_named_in(organisation)
        if lex.country_re.match(organisation) or (lex.is_country_cue(organisation))
        else None
    )


# Two apostrophes closing a quotation ("… this.'' Olsen said"), as some wire feeds write it.
_TWO_APOSTROPHES_RE = re.compile(r"(?<=\S)''(?=[\s.,;:!?)\]]|$)")


def normalise_quote_marks(text: str) -> str:
    """``text`` with a closing ``''`` written as `` "`` and a quotation in single marks
    ('There was an airstrike,' Nor said.) written in curly double marks, both of the same
    length: marks that the quotation rules know, and offsets unchanged."""
    text = _TWO_APOSTROPHES_RE.sub(' "', text)
    return _SINGLE_QUOTED_RE.sub(_double_marks, text)


# 'There was an airstrike near Sablale,' Nor said.: a quotation in single marks, the British
# style; an apostrophe inside a word never opens or closes one (it stands between letters)
_SINGLE_QUOTED_RE = re.compile(
    r"(?:^|(?<=[\s(]))'(?=[A-Z0-9])"  # opens a line or follows a space, before a capital
    r"([^\n'‘’“”\"]*(?:\w['’]\w[^\n'‘’“”\"]*)*?[,.?!])"  # apostrophes only inside words
    r"'(?=\s|$)",  # closes after its punctuation
    re.MULTILINE,
)


def _double_marks(m: re.Match[str]) -> str:
    before = m.string[m.string.rfind("\n", 0, m.start()) + 1 : m.start()]
    if before.count("“") > before.count("”") or before.count('"') % 2:
        return m.group(0)  # “He said, 'Stop it,' and left.”: a quotation inside a quotation
    return f"“{m.group(1)}”"


def quoted_content(claim: Claim) -> str:
    """The claim's words without an attribution inside it.

    A split quotation (“A,” Ortiz said, using …. “B.”) is one claim whose span contains the
    attribution between its parts; for judging it, the words of the quotation alone are better.
    Returns the quoted parts joined by a space, or the text unchanged when it has no inner quote.
    """
    text = claim.text
    close, open_ = text.find("”"), text.find("“")
    # a quotation claim starts inside the quote, so its first mark is a closing one
    if close < 0 or (0 <= open_ < close):
        return " ".join(text.split())
    parts = re.split(r"”[^“]*“", text)
    if len(parts) < 2:
        return " ".join(text.split())
    return " ".join(" ".join(p.strip().strip("“”").split()) for p in parts)


__all__ = ["extract_claims", "parse_articles", "quoted_content"]
