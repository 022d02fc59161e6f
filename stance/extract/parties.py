"""Group speakers into parties (sides), with readable labels and the evidence for each speaker.

A speaker's party is, in order (the first that applies; its words become the speaker's reason):
1. a hint (``parties.hints`` in the config, or ``--party "Peru=Vela,Ortiz"``): reason "--party";
2. the country its mentions are tied to (demonym, possessive, capital, institution, a role or
   appositive, a country cue anywhere in a role's mention); when the mentions disagree, the most
   frequent, earliest first on ties;
3. what the text says it speaks for (``Tie``, from ``stance.extract.affiliation``): "Ty Votaw,
   the executive vice president of the PGA Tour", "Hunter spokesman Joe Kasper", "a spokesman
   for the NHL", "sources close to Y", "on behalf of Y". The speaker takes the side of the
   organisation, or of the speaker the organisation is, transitively;
4. an organisation in a person's descriptor at a claim ("Human Rights Watch deputy director");
5. a title tied to its one holder ("the mayor" -> "Mayor de Blasio"); a bare document ("the
   statement") to its issuer (both then ARE that speaker: ``PartyAssignment.same_as``); a group
   described with fewer words than a speaker with a side ("security officials" ~ "a senior
   Lebanese security official"); a group named after a body or a person speaker ("family
   representatives", "de Blasio spokesman"); a family named by a person's surname ("the
   Olberholtzers"); unnamed authorities or officials, and people with an institutional role
   but no institution named, to the article's one institutional side; a police rank ("Sgt Gill
   Cherry") to the article's one police force;
6. the government of the country the article names most, for holders of government titles
   written with no country ("President Goodluck Jonathan"), for an unnamed government's voices
   ("Government spokesman Mike Omeri", "a ministry official") and, when the article has several
   institutional sides, for unnamed officials; then a lower-case body's people ("a league
   spokesman") and short names of one organisation ("the Observatory");
7. groups and roles with the same head noun ("protesters", "a protester") as one side;
8. the side of a speaker it stands with: "X agreed (with Y)", "X echoed Y's concerns", "X
   confirmed the Post report", a statement X and Y make together; two such speakers with no
   other evidence are one side;
9. otherwise the speaker itself, marked unaffiliated: a party of its own.
Opposition ("X denied Y's claim", "X responded to Y", from the parse) keeps two speakers apart
where steps 3, 5, 6, 7 and 8 would otherwise join them. Party labels are country names from the
lexicon ("Iran", "United States") or the organisation as written; ``parties.labels`` in the
config may rename them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from stance.claims import UNAFFILIATED
from stance.extract.lexicon import FORMER_RE
from stance.extract.references import ACCESS_PHRASE, initials
from stance.extract.speakers import head_noun, norm


@dataclass(frozen=True)
class PartyEvidence:
    """What one claim says about its speaker's side."""

    speaker: str  # canonical speaker
    mention: str  # as written at the claim
    country: str | None  # the country or organisation the mention ties the speaker to
    kind: str = "person"  # person | role | group | place
    descriptor: str = ""  # the mention's words that describe a person ("PGA Tour official")


def names_match(hint: str, name: str) -> bool:
    """Whether a hint names this speaker: equal, or the hint's words are part of the name with
    the same last word ("Vela" ~ "Rosa Vela")."""
    h, n = norm(hint).split(), norm(name).split()
    if not h or not n:
        return False
    return h == n or (h[-1] == n[-1] and set(h) <= set(n))


def _singular(noun: str) -> str:
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 3:
        return noun[:-1]
    return noun


@dataclass(frozen=True)
class Tie:
    """A relation read from the text: ``member`` speaks for ``organisation`` (``country`` when
    the organisation is a country's), in the words of ``reason``."""

    member: str
    organisation: str
    reason: str
    country: str | None = None


@dataclass(frozen=True)
class PartyAssignment:
    """Party per canonical speaker, why each speaker is there, and who had no evidence."""

    party: dict[str, str]
    reason: dict[str, str]
    unaffiliated: frozenset[str]
    # speakers that are another speaker: a title's one holder, a document's issuer
    same_as: dict[str, str] = field(default_factory=dict)


def assign_parties(
    evidence: Iterable[PartyEvidence | tuple[str, str, str | None]],
    hints: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Party per canonical speaker from the evidence of every claim (see module docstring)."""
    return group_parties(evidence, hints, labels).party


def group_parties(
    evidence: Iterable[PartyEvidence | tuple[str, str, str | None]],
    hints: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    ties: Sequence[Tie] = (),
    oppositions: Sequence[tuple[str, str]] = (),
    alliances: Sequence[tuple[str, str, str]] = (),
    official_nouns: Collection[str] = (),
    document_nouns: Collection[str] = (),
    titles: Collection[str] = (),
    state_bodies: Collection[str] = (),
    main_country: str | None = None,
    government_titles: Collection[str] = (),
    acronyms: Mapping[str, str] | None = None,
    police_ranks: Collection[str] = (),
    is_country: Callable[[str], bool] = lambda _phrase: False,
    formal_titles: Collection[str] = (),
) -> PartyAssignment:
    """Parties with the reason for each speaker (see module docstring)."""
    items = [e if isinstance(e, PartyEvidence) else PartyEvidence(*e) for e in evidence]
    hint_items = list((hints or {}).items())
    label_map = dict(labels or {})
    countries: dict[str, list[tuple[str, str]]] = {}
    kinds: dict[str, str] = {}
    hinted: dict[str, str] = {}
    for ev in items:
        countries.setdefault(ev.speaker, [])
        kinds.setdefault(ev.speaker, ev.kind)
        if ev.country:
            countries[ev.speaker].append((ev.country, ev.mention))
        if ev.speaker not in hinted:
            for key, party in hint_items:
                if names_match(key, ev.speaker) or norm(key) == norm(ev.mention):
                    hinted[ev.speaker] = party
                    break
    opposed = _opposed_speakers(list(countries), oppositions)
    parties: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for speaker, found in countries.items():
        if speaker in hinted:
            parties[speaker], reasons[speaker] = hinted[speaker], "--party"
        elif found:
            counts = Counter(c for c, _m in found)
            best = max(counts.values())
            country, mention = next((c, m) for c, m in found if counts[c] == best)
            parties[speaker] = country
            same = norm(mention) == norm(country)
            reasons[speaker] = country if same else f"{country}: “{mention}”"
    # "a spokesman for Prime Minister Stephen Harper": the office holder's government, once the
    # main country is known (below), not a side named after the holder's title
    officeholders = [t for t in ties if _holds_office(t.organisation, government_titles)]
    _apply_ties(items, [t for t in ties if t not in officeholders], parties, reasons, opposed)
    # a person described by an organisation in a mention and nowhere else ("Human Rights Watch
    # deputy director Rona Peligal") is on its side
    for speaker, (organisation, why) in _affiliations(
        items, parties, titles, is_country, government_titles, main_country
    ).items():
        parties[speaker], reasons[speaker] = organisation, why
    # "the leader" with one holder, "the statement" with one issuer: the same speaker
    same_as: dict[str, str] = {}
    for speaker, (party, why, who) in _title_holders(
        items, kinds, parties, titles, government_titles, formal_titles
    ).items():
        parties[speaker], reasons[speaker], same_as[speaker] = party, why, who
    for speaker, (party, why, who) in _issued_documents(items, parties, document_nouns).items():
        parties[speaker], reasons[speaker], same_as[speaker] = party, why, who
    for speaker, (party, why) in _same_description(kinds, parties, reasons, opposed).items():
        parties[speaker], reasons[speaker] = party, why
    for speaker, (party, why) in _of_body(kinds, parties, opposed).items():
        parties[speaker], reasons[speaker] = party, why
    for speaker, (party, why) in _kin_by_surname(kinds, parties, opposed).items():
        parties[speaker], reasons[speaker] = party, why
    # a person spoken for by a lawyer or an agent is a side, not an institution
    institutional = {p for p in parties.values() if kinds.get(p) != "person"} - set(hinted.values())
    for speaker, (party, why) in _officials(kinds, parties, institutional, official_nouns).items():
        parties[speaker], reasons[speaker] = party, why
    if len(institutional) == 1:
        # "Greg Zaiser, vice president of admissions": an institutional role, no institution
        # named but the article's one
        (side,) = institutional
        for tie in ties:
            if tie.organisation:
                continue
            for speaker in kinds:
                if speaker not in parties and _names(tie.member, speaker):
                    parties[speaker], reasons[speaker] = side, f"{tie.reason} ({side})"
    for speaker, (party, why) in _police_officers(items, kinds, parties, police_ranks).items():
        parties[speaker], reasons[speaker] = party, why
    if main_country:
        for speaker, (party, why) in _main_country_government(
            items, kinds, parties, institutional, main_country, official_nouns, government_titles
        ).items():
            parties[speaker], reasons[speaker] = party, why
    for tie in officeholders:
        for speaker in kinds:
            if speaker not in parties and _names(tie.member, speaker):
                party = tie.country or main_country or tie.organisation
                parties[speaker], reasons[speaker] = party, f"{tie.reason} ({party})"
    # "a league spokesman" with no "league" among the speakers: the league's side, after the
    # stronger evidence above had its say ("an administration official" ~ "Obama administration
    # officials")
    for tie in ties:
        if tie.organisation and tie.organisation.islower() and not tie.country:
            for speaker in kinds:
                if speaker not in parties and _names(tie.member, speaker):
                    parties[speaker], reasons[speaker] = tie.organisation, tie.reason
    for speaker, (party, why) in _short_names(kinds, parties, opposed, acronyms or {}).items():
        parties[speaker], reasons[speaker] = party, why
    for speaker, (party, why) in _one_organisation(kinds, parties, opposed).items():
        parties[speaker], reasons[speaker] = party, why
    for speaker, (label, why) in _head_groups(kinds, parties, reasons, opposed).items():
        parties[speaker], reasons[speaker] = label, why
    for speaker, (label, why) in _state_media(items, parties, opposed).items():
        parties[speaker], reasons[speaker] = label, why
    for speaker, (party, why) in _allies(list(countries), alliances, parties, opposed).items():
        parties[speaker], reasons[speaker] = party, why
    unaffiliated = set()
    for speaker in countries:
        if speaker not in parties:
            parties[speaker], reasons[speaker] = speaker, UNAFFILIATED
            unaffiliated.add(speaker)
    for speaker, who in same_as.items():
        # one speaker, one side: the holder's, whatever rule gave it after the title's
        parties[speaker] = parties.get(who, parties[speaker])
    # "Ottawa police" and "Ottawa Police": one side, written as it was first
    written: dict[str, str] = {}
    for speaker in countries:
        parties[speaker] = written.setdefault(norm(parties[speaker]), parties[speaker])
    if main_country:
        for speaker, (party, why) in _state_body_of(
            parties, main_country, state_bodies, opposed
        ).items():
            if reasons.get(speaker) != "--party":  # (the reader's word stands)
                parties[speaker], reasons[speaker] = party, why
    # "WHO" and "World Health Organization": one side, under its full name
    labels = sorted(set(parties.values()))
    full_names = {}
    for label in labels:
        longer = [other for other in labels if _short_form(label, other)]
        if len(longer) == 1:
            full_names[label] = longer[0]
    for speaker, party in parties.items():
        parties[speaker] = full_names.get(party, party)
    return PartyAssignment(
        {speaker: label_map.get(party, party) for speaker, party in parties.items()},
        reasons,
        frozenset(unaffiliated),
        same_as,
    )


def _state_body_of(
    parties: Mapping[str, str],
    country: str,
    state_bodies: Collection[str],
    opposed: set[frozenset[str]],
) -> dict[str, tuple[str, str]]:
    """The speakers of a side named "army", "military" or "government" with no country -> the
    country the article names most, unless one of them replies to one of its speakers."""
    bodies = {p for p in parties.values() if norm(p) in state_bodies}
    ours = [s for s, p in parties.items() if p == country]
    out: dict[str, tuple[str, str]] = {}
    for body in bodies:
        members = [s for s, p in parties.items() if p == body]
        if any(frozenset((m, o)) in opposed for m in members for o in ours):
            continue
        for m in members:
            out[m] = (country, f"{body}: {country}, the country the article names most")
    return out


def _holds_office(organisation: str, government_titles: Collection[str]) -> bool:
    """Whether an organisation as written is a person named with a government title ("Prime
    Minister Stephen Harper"), not a body ("Prime Minister's Office")."""
    words = organisation.split()
    for n in (3, 2, 1):
        if len(words) > n and " ".join(words[:n]).casefold() in government_titles:
            rest = words[n:]
            return 1 <= len(rest) <= 3 and all(
                w[:1].isupper() and "’" not in w and "'" not in w for w in rest
            )
    return False


def _names(phrase: str, speaker: str) -> bool:
    """Whether a phrase written in the text names this speaker ("Hunter" ~ "Duncan Hunter",
    "the PGA Tour" ~ "PGA Tour", "Abubakar Shekau" ~ "Boko Haram leader Abubakar Shekau")."""
    p = re.sub(r"^(?:the|The)\s+", "", phrase.strip())
    return norm(p) == norm(speaker) or names_match(p, speaker)


def _org_names(tie: Tie) -> list[str]:
    """The organisation's name, then its owner's ("Nasa's Meteoroid Environment Office": Nasa)."""
    owner = re.match(r"(.+?)['’]s?\s", tie.organisation)
    return [tie.organisation, owner.group(1)] if owner else [tie.organisation]


def _body_of(organisation: str, member: str, speakers: list[str]) -> str | None:
    """The speaker that is the organisation's kind of body, named by a bare noun ("St. Louis
    County Police" -> "police")."""
    head = organisation.split()[-1].casefold() if organisation.split() else ""
    return next((o for o in speakers if o != member and o.casefold() == head), None)


def _opposed_speakers(
    speakers: list[str], oppositions: Sequence[tuple[str, str]]
) -> set[frozenset[str]]:
    out: set[frozenset[str]] = set()
    for a, b in oppositions:
        for x in (s for s in speakers if _names(a, s)):
            for y in (s for s in speakers if _names(b, s) and s != x):
                out.add(frozenset((x, y)))
    return out


def _against(
    speaker: str, party: str, parties: Mapping[str, str], opposed: set[frozenset[str]]
) -> bool:
    """Whether the speaker replies to (or is answered by) someone on ``party``."""
    return any(frozenset((speaker, other)) in opposed for other, p in parties.items() if p == party)


def _allies(
    speakers: list[str],
    alliances: Sequence[tuple[str, str, str]],
    parties: Mapping[str, str],
    opposed: set[frozenset[str]],
) -> dict[str, tuple[str, str]]:
    """Speakers still without a side -> the side of a speaker they stand with ("X agreed with
    Y", a joint statement); two such speakers with no side at all make one, named after the
    one who spoke first. Opposition wins over alliance."""
    pairs: list[tuple[str, str, str]] = []
    for a, b, why in alliances:
        for x in (s for s in speakers if _names(a, s) or names_match(s, a)):
            for y in (s for s in speakers if (_names(b, s) or names_match(s, b)) and s != x):
                if frozenset((x, y)) not in opposed:
                    pairs.append((x, y, why))
    placed = dict(parties)
    out: dict[str, tuple[str, str]] = {}
    while True:
        joined = [
            (s, o, why)
            for x, y, why in pairs
            for s, o in ((x, y), (y, x))
            if s not in placed and o in placed and not _against(s, placed[o], placed, opposed)
        ]
        if joined:
            s, o, why = joined[0]
        else:
            free = [(x, y, why) for x, y, why in pairs if x not in placed and y not in placed]
            if not free:
                return out
            x, y, why = free[0]
            o, s = sorted((x, y), key=speakers.index)
            # a side already named after one of them ("spokesman of de Blasio": "de Blasio")
            # is the one both join
            label = _label_naming(x, placed.values()) or _label_naming(y, placed.values())
            if label is not None and _label_naming(o, [label]) is None:
                o, s = s, o
            placed[o] = label or o
            out[o] = (placed[o], why)
        placed[s] = placed[o]
        out[s] = (placed[o], why)


def _label_naming(speaker: str, labels: Iterable[str]) -> str | None:
    """The party label that names ``speaker``, if one does."""
    return next(
        (lab for lab in labels if names_match(lab, speaker) or names_match(speaker, lab)), None
    )


def _apply_ties(
    items: list[PartyEvidence],
    ties: Sequence[Tie],
    parties: dict[str, str],
    reasons: dict[str, str],
    opposed: set[frozenset[str]],
) -> None:
    """Speakers without a side join what the text says they speak for: another speaker's side
    (transitively: an agent of a spokesman of Y is on Y's side), a country, or the organisation
    itself. Ties of a claim's own mention ("a spokesman for the NHL") count with the text's."""
    speakers = list(dict.fromkeys(ev.speaker for ev in items))
    # speaker -> (kind, target, country, why)
    link: dict[str, tuple[str, str, str | None, str]] = {}
    for tie in ties:
        if not tie.organisation:
            continue  # a role without an institution: see group_parties
        members = [
            s for s in speakers if s not in parties and s not in link and _names(tie.member, s)
        ]
        for s in members:
            target = next(
                (o for name in _org_names(tie) for o in speakers if o != s and _names(name, o)),
                None,
            ) or _body_of(tie.organisation, s, speakers)
            if target is not None and frozenset((s, target)) not in opposed:
                link[s] = ("speaker", target, tie.country, tie.reason)
            elif target is None and (tie.country or not tie.organisation.islower()):
                link[s] = ("organisation", tie.organisation, tie.country, tie.reason)
    for _ in range(len(link) + 1):  # transitive: resolve the links whose target has a side
        changed = False
        for s, (kind, target, country, why) in link.items():
            if s in parties:
                continue
            if country:
                parties[s], reasons[s] = country, why
            elif kind == "organisation":
                parties[s], reasons[s] = target, why
            elif target in parties:
                parties[s], reasons[s] = parties[target], why
            else:
                continue
            changed = True
        if not changed:
            break
    for s, (kind, target, _country, why) in link.items():
        if s not in parties and kind == "speaker":
            # a chain that ends at a speaker without evidence: the two are one side, named
            # after the speaker they speak for
            parties[s], reasons[s] = target, why
            if target not in parties:
                parties[target] = target
                reasons[target] = f"spoken for by {s}"


_ORG_RUN = re.compile(r"(?:[A-Z][\w’'&.-]*\s+)*[A-Z][\w’'&.-]*")
_RUN_STOP = frozenset(["a", "an", "the", "but", "and", "in", "on", "at", "for", "of", "by", "as"])


def _affiliations(
    items: list[PartyEvidence],
    parties: Mapping[str, str],
    titles: Collection[str],
    is_country: Callable[[str], bool],
    government_titles: Collection[str] = (),
    main_country: str | None = None,
) -> dict[str, tuple[str, str]]:
    """People without a side -> the side of an organisation their descriptor names: another
    speaker's party when it is that speaker, the main country when a government title names its
    holder ("wife of the president, Daniel Ortega"), else the organisation's name (two words or
    more)."""
    out: dict[str, tuple[str, str]] = {}
    for ev in items:
        if ev.kind != "person" or ev.speaker in parties or ev.speaker in out:
            continue
        for found in _ORG_RUN.finditer(ev.descriptor):
            words = found.group(0).split()
            while words and words[0].lower() in _RUN_STOP:
                words = words[1:]  # "A Republican congressman": "A" opens the phrase
            # "CBS News' Bill Plante": the possessive mark is no part of the name
            run = re.sub(r"['’]s?$", "", " ".join(words))
            if words and FORMER_RE.match(words[0]):
                break  # "Retired Chief Deputy U.S. Marshal": no longer anyone's voice
            if is_country(run):
                continue  # "Pyongyang, the North Korean capital": a place the evidence set aside
            if not run or words[-1].lower() in titles or words[0].lower() in titles:
                # "Police Commissioner" is a title, "Governor Kim Alder" a person: neither is
                # an organisation
                continue
            other = next((s for s in parties if s != ev.speaker and norm(s) == norm(run)), None)
            if other is not None:
                out[ev.speaker] = (parties[other], f"described as {ev.descriptor}")
                break
            title = ev.descriptor[: found.start()].split()[-1:]
            if main_country and title and title[0].lower() in government_titles:
                # "a government spokeswoman and wife of the president, Daniel Ortega": the
                # government the titled holder heads, not a side named after him
                out[ev.speaker] = (main_country, f"described as {ev.descriptor} ({main_country})")
                break
            if len(words) >= 2 and not words[0].endswith("."):
                out[ev.speaker] = (run, f"described as {ev.descriptor}")
                break
    return out


# Words that qualify a description without changing who is described.
_QUALIFIERS = frozenset(
    [
        "a",
        "an",
        "the",
        "one",
        "some",
        "several",
        "many",
        "other",
        "two",
        "three",
        "senior",
        "top",
        "local",
        "former",
        "unnamed",
        "anonymous",
        "another",
        "his",
        "her",
        "their",
        "its",
    ]
)


def _description(speaker: str) -> list[str]:
    words = [w.strip(",.").casefold() for w in speaker.replace("’s", "").replace("'s", "").split()]
    return [_singular(w) for w in words if w and w not in _QUALIFIERS]


def _same_description(
    kinds: Mapping[str, str],
    parties: Mapping[str, str],
    reasons: Mapping[str, str],
    opposed: set[frozenset[str]],
) -> dict[str, tuple[str, str]]:
    """Groups and roles without a side -> the side of a speaker described with the same words
    and more ("security officials" ~ "a senior Lebanese security official"), when those words
    point to one side only."""
    out: dict[str, tuple[str, str]] = {}
    for speaker, kind in kinds.items():
        if speaker in parties or kind not in ("group", "role"):
            continue
        words = _description(speaker)
        if not words:
            continue
        found = {
            parties[other]: other
            for other in parties
            if other != speaker
            and (desc := _description(other))
            and desc[-1] == words[-1]
            and set(words) < set(desc)
            and reasons.get(other) != UNAFFILIATED
        }
        if len(found) == 1:
            party, other = next(iter(found.items()))
            if not _against(speaker, party, parties, opposed):
                out[speaker] = (party, f"same description as “{other}”")
    return out


# The word that names a title in its holder's full title, where the two differ.
_TITLE_WORD = {"premier": "prime", "pm": "prime"}


def _title_holders(
    items: list[PartyEvidence],
    kinds: Mapping[str, str],
    parties: Mapping[str, str],
    titles: Collection[str],
    government_titles: Collection[str] = (),
    formal_titles: Collection[str] = (),
) -> dict[str, tuple[str, str, str]]:
    """ "the mayor" -> the side of the one speaker named with that title ("Mayor de Blasio",
    "Police Commissioner Bill Bratton" for "the commissioner"; "the grim-faced premier" for
    "Prime Minister David Cameron")."""
    out: dict[str, tuple[str, str, str]] = {}
    written: dict[str, set[str]] = {}  # speaker -> the words of its names and mentions
    for ev in items:
        if ev.mention[:1].isupper() or ev.speaker[:1].isupper():
            words = written.setdefault(ev.speaker, set(norm(ev.speaker).split()))
            words.update(norm(ev.mention).split())
    for speaker, kind in kinds.items():
        title = speaker.casefold()
        head = title.split()[-1] if title.split() else ""
        if (
            title not in titles
            and speaker.islower()
            and len(speaker.split()) <= 3
            and (head in government_titles)
        ):
            title = head  # "the grim-faced premier": a head of government after adjectives
        if kind != "role":
            continue
        if title not in titles:
            found = _described_holder(speaker, kinds, parties, formal_titles, written)
            if found is not None:
                out[speaker] = found
            continue
        if speaker in parties:
            continue
        key = _TITLE_WORD.get(title, title)  # "the premier" is the one "Prime Minister"
        holders = [o for o, words in written.items() if o != speaker and key in words]
        if len(holders) == 1:
            holder = holders[0]
            out[speaker] = (parties.get(holder, holder), f"title: {title} ({holder})", holder)
    return out


def _described_holder(
    speaker: str,
    kinds: Mapping[str, str],
    parties: Mapping[str, str],
    titles: Collection[str],
    written: Mapping[str, set[str]],
) -> tuple[str, str, str] | None:
    """ "The Iraqi health ministry spokesperson said …" after "a spokesperson for the Iraqi
    health ministry, Ahmed Rudaini": a described role whose head is a title is the one person
    named with that title in the article, when that person is on the role's side or was named
    with the role's own words. (party, reason, holder), or None."""
    words = norm(speaker).split()
    if not 2 <= len(words) <= 6 or words[-1] not in titles:
        return None
    holders = [
        o
        for o, named in written.items()
        if o != speaker
        and kinds.get(o) == "person"
        and words[-1] in named
        # a full name ("Caitlin Hayden"), not a word the parser took for one
        and len(o.split()) >= 2
        and all(w[:1].isupper() for w in o.split())
    ]
    if len(holders) > 1:
        # "The Somali president" after "President Barack Obama" and "Somali President Hassan
        # Sheikh Mohamud": the one named with all the role's words
        holders = [o for o in holders if set(words[:-1]) <= written[o]]
    if len(holders) != 1:
        return None
    holder = holders[0]
    side = parties.get(holder)
    # the same side, or the holder named with the role's own words ("a spokesperson for the
    # Iraqi health ministry, Ahmed Rudaini" for "the Iraqi health ministry spokesperson")
    same_side = side is not None and side == parties.get(speaker)
    if not same_side and not set(words[:-1]) <= written[holder]:
        return None
    return (side or parties.get(speaker, holder), f"title: {words[-1]} ({holder})", holder)


def _issued_documents(
    items: list[PartyEvidence], parties: Mapping[str, str], document_nouns: Collection[str]
) -> dict[str, tuple[str, str, str]]:
    """A bare document ("the statement") without a side -> the side of the speaker of the last
    claim before it whose mention names such a document ("the statement issued on behalf of her
    family")."""
    out: dict[str, tuple[str, str]] = {}
    issuers: list[tuple[int, str, str]] = []  # (claim index, document noun, issuer)
    for i, ev in enumerate(items):
        if norm(ev.speaker) not in document_nouns:
            issuers += [(i, w, ev.speaker) for w in norm(ev.mention).split() if w in document_nouns]
    for i, ev in enumerate(items):
        noun = norm(ev.speaker)
        if noun not in document_nouns or ev.speaker in parties or ev.speaker in out:
            continue
        # the issuer named last before the document, else the first named after it
        before = [s for j, w, s in issuers if w == noun and j < i and s in parties]
        after = [s for j, w, s in issuers if w == noun and j > i and s in parties]
        issuers_found = before[-1:] or after[:1]
        if issuers_found:
            issuer = issuers_found[0]
            out[ev.speaker] = (parties[issuer], f"{noun} issued by {issuer}", issuer)
    return out


# An anonymous source named by how it knows ("close to the negotiations")
_HOW_THEY_KNOW_RE = re.compile(rf"\b(?:close\s+to|{ACCESS_PHRASE})\b", re.IGNORECASE)


def _of_body(
    kinds: Mapping[str, str], parties: Mapping[str, str], opposed: set[frozenset[str]]
) -> dict[str, tuple[str, str]]:
    """ "family representatives", "police spokesmen": a group named after another speaker that
    is a body ("family", "police") is on its side."""
    out: dict[str, tuple[str, str]] = {}
    for speaker, kind in kinds.items():
        words = norm(speaker).split()
        if speaker in parties or kind not in ("group", "role") or len(words) < 2:
            continue
        last = speaker.split()[-1]
        if last != last.lower():
            continue  # "Mayor de Blasio" is a name, not a group named after the mayor
        if _HOW_THEY_KNOW_RE.search(speaker):
            continue  # "source close to the negotiations": its head is no last word
        for other in kinds:
            if speaker == speaker.lower():
                named = other in parties and norm(other) in words[:-1]
            else:
                named = norm(other).split() == words[:-1]  # "de Blasio spokesman"
            if other != speaker and named:
                party = parties.get(other, other)
                if not _against(speaker, party, parties, opposed):
                    whose = f"the {norm(other)}" if other == other.lower() else other
                    out[speaker] = (party, f"{words[-1]} of {whose}")
                break
    return out


def _kin_by_surname(
    kinds: Mapping[str, str], parties: Mapping[str, str], opposed: set[frozenset[str]]
) -> dict[str, tuple[str, str]]:
    """ "the Olberholtzers", "the younger Olberholtzer": a group or role named by the surname of
    one person speaker is that person's family, on the person's side."""
    people: dict[str, list[str]] = {}
    for speaker, kind in kinds.items():
        words = speaker.split()
        if kind == "person" and len(words) >= 2:
            people.setdefault(words[-1], []).append(speaker)
    out: dict[str, tuple[str, str]] = {}
    for speaker, kind in kinds.items():
        words = speaker.split()
        if speaker in parties or kind not in ("group", "role") or not words:
            continue
        if len(words) > 1 and all(w[:1].isupper() for w in words[:-1]):
            continue  # "Flood Defense Directorate" is a name of its own, not a family
        last = re.sub(r"(?:['’]s|s)$", "", words[-1])
        named = people.get(words[-1]) or people.get(last)
        if named is None or len(named) != 1:
            continue
        person = named[0]
        party = parties.get(person, person)
        if not _against(speaker, party, parties, opposed):
            out[speaker] = (party, f"family of {person}")
    return out


def _name_words(name: str) -> set[str]:
    """The capitalised words of a name, without an owner ("Syria's Office of Water Affairs":
    Office, Water, Affairs)."""
    return {w for w in name.split() if w[:1].isupper() and not re.search(r"['’]s?$", w)}


def _short_names(
    kinds: Mapping[str, str],
    parties: Mapping[str, str],
    opposed: set[frozenset[str]],
    acronyms: Mapping[str, str],
) -> dict[str, tuple[str, str]]:
    """ "the Observatory" after "the Syrian Observatory for Human Rights": a capitalised name
    whose words are all in one organisation's side name, or in the names of speakers of one
    side ("Civil Defense Directorate" ~ "Gaza's Civil Defense Directorate"), is on that side;
    so is an acronym the text defines ("COGAT") for such a name."""
    # full name -> its side: the organisations that are sides, and the bodies that have one
    named = {p: p for p in parties.values() if kinds.get(p) != "person"}
    named.update({s: p for s, p in parties.items() if kinds.get(s) not in (None, "person")})
    out: dict[str, tuple[str, str]] = {}
    for speaker in kinds:
        words = set(speaker.split())
        if speaker in parties or not words or not all(w[:1].isupper() for w in words):
            continue
        found = {
            name: side
            for name, side in named.items()
            if name != speaker and words < set(name.split())
        }
        if not found and speaker in acronyms:
            full = _name_words(acronyms[speaker])
            found = {
                name: side
                for name, side in {**parties, **named}.items()
                if name != speaker
                and len(full & _name_words(name)) >= 2
                and (full <= _name_words(name) or _name_words(name) <= full)
            }
        sides = set(found.values())
        if len(sides) == 1 and not _against(speaker, next(iter(sides)), parties, opposed):
            name = min(found, key=len)
            out[speaker] = (found[name], f"short for {name}")
    return out


# Last words of a body's name, which a person's name never ends with
_BODY_HEADS = frozenset(
    [
        "department",
        "ministry",
        "office",
        "agency",
        "society",
        "center",
        "centre",
        "council",
        "police",
        "service",
        "commission",
        "committee",
        "authority",
        "directorate",
        "institute",
        "university",
        "hospital",
        "foundation",
        "association",
        "command",
    ]
)


# What a country's part is called after its name ("Guerrero State", "Borno State")
_DIVISIONS = frozenset(["state", "province", "county", "region", "governorate", "prefecture"])


def _short_form(short: str, full: str) -> bool:
    """Whether one organisation's name is a short form of another's: its words among the
    other's with the same last word ("Health Department" ~ "Kansas City Health Department"), or
    the other's first words and an acronym of the rest ("Scottish SPCA" ~ "Scottish Society for
    Prevention of Cruelty to Animals")."""
    s, f = short.split(), full.split()
    if not s or len(s) >= len(f) or not all(w[:1].isupper() for w in s):
        return False
    if f[:-1] == s and f[-1].lower() in _DIVISIONS:
        return True  # "Guerrero State" ~ "Guerrero": a state named with and without its kind
    if s[-1] == f[-1] and set(s) < set(f):
        return s[-1].lower() in _BODY_HEADS  # (not "Jones" ~ "Mary Ann Jones")
    acronym = s[-1]
    if len(acronym) < 2 or not acronym.isupper() or f[: len(s) - 1] != s[:-1]:
        return False
    return initials(f[len(s) - 1 :]) == acronym


def _one_organisation(
    kinds: Mapping[str, str], parties: Mapping[str, str], opposed: set[frozenset[str]]
) -> dict[str, tuple[str, str]]:
    """An organisation without a side whose name is another organisation speaker's long or
    short form is that speaker's side: one body, named two ways."""
    # (the kind a mention gave is no guide: "Scottish SPCA" may read as a person's name)
    names = [s for s, kind in kinds.items() if kind != "place" and s[:1].isupper()]
    out: dict[str, tuple[str, str]] = {}
    for speaker in names:
        if speaker in parties:
            continue
        same = [
            o
            for o in names
            if o != speaker and (_short_form(speaker, o) or _short_form(o, speaker))
        ]
        if len(same) == 1:
            if same[0] not in parties and len(same[0]) < len(speaker):
                continue  # two without a side: the side is named after the longer name
            side = parties.get(same[0], same[0])
            if not _against(speaker, side, parties, opposed):
                out[speaker] = (side, f"the same organisation as {same[0]}")
    # "the health department" after "a spokesman for the KCMO Health Department": a body named
    # by the last words of one organisation's name, in lower case
    sides = {*names, *parties.values()}
    for speaker, kind in kinds.items():
        words = speaker.split()
        if speaker in parties or kind not in ("group", "role") or len(words) < 2:
            continue
        if not speaker.islower():
            continue  # (a name in capitals was compared above)
        titled = " ".join(w.capitalize() for w in words)
        same = sorted({o for o in sides if o[:1].isupper() and _short_form(titled, o)})
        if len(same) == 1:
            side = parties.get(same[0], same[0])
            if not _against(speaker, side, parties, opposed):
                out[speaker] = (side, f"the same organisation as {same[0]}")
    return out


def _officials(
    kinds: Mapping[str, str],
    parties: Mapping[str, str],
    institutional: set[str],
    official_nouns: Collection[str],
) -> dict[str, tuple[str, str]]:
    """ "authorities", "campus officials" without a side -> the article's one institutional
    side (a country or an organisation someone speaks for), when there is exactly one."""
    if len(institutional) != 1:
        return {}
    (side,) = institutional
    return {
        speaker: (side, f"{head_noun(speaker)}: the only institution in the article")
        for speaker, kind in kinds.items()
        if speaker not in parties
        and kind in ("group", "role")
        and head_noun(speaker) in official_nouns
        and not _of_a_government(speaker)
    }


def _of_a_government(speaker: str) -> bool:
    """ "government officials", "government sources", "the government": a state's voices,
    never the article's one agency, company or outlet ("NASA" in a story of Nicaragua's
    government, "CTV" in one of Canada's)."""
    return "government" in norm(speaker).split()


def _police_officers(
    items: list[PartyEvidence],
    kinds: Mapping[str, str],
    parties: Mapping[str, str],
    police_ranks: Collection[str],
) -> dict[str, tuple[str, str]]:
    """ "Sgt Gill Cherry" with no side, in an article whose one police force speaks ("Cumbria
    Police said …"): an officer of that force."""
    # (a force's name may read as a person's to the resolver: "Cumbria Police")
    forces = {
        parties.get(speaker, speaker) for speaker in kinds if "police" in norm(speaker).split()
    }
    out: dict[str, tuple[str, str]] = {}
    named = {f for f in forces if norm(f) != "police"}
    if len(named) == 1 and len(forces) == 2:
        # "Cumbria Police described the suspect …. Police said …": the bare word is the force
        # the article names
        (force,) = named
        for speaker in kinds:
            if norm(parties.get(speaker, speaker)) == "police":
                out[speaker] = (force, f"police: {force}")
        forces = named
    if len(forces) != 1:
        return {}
    (force,) = forces
    for ev in items:
        rank = ev.descriptor.casefold().strip(" ,")
        if ev.kind == "person" and ev.speaker not in parties and rank in police_ranks:
            out.setdefault(ev.speaker, (force, f"rank: {rank} ({force})"))
    return out


# Who speaks for an unnamed government: "Government spokesman Mike Omeri", "a ministry official"
GOVERNMENT_VOICES = frozenset(
    ["spokesman", "spokeswoman", "spokesperson", "official", "adviser", "advisor", "aide"]
)


def _government_role(title: str, official_nouns: Collection[str]) -> bool:
    """Whether a person's title is a voice of an institution it does not name ("government
    spokesman", "ministry official"), not of a body that has a name ("police spokesman")."""
    words = title.split()
    if words[:1] in (["a"], ["an"], ["the"]):
        words = words[1:]
    return (
        len(words) == 2
        and words[0] in official_nouns
        and words[0] not in ("authority", "authorities", "official", "officials")
        and words[1] in GOVERNMENT_VOICES
    )


# A minister named by portfolio ("Justice Minister Peter MacKay", "health minister"), not one
# who no longer is or never was ("former minister", "shadow minister")
_PORTFOLIO_MINISTER_RE = re.compile(r"(?!(?:former|ex|shadow|opposition)\b)[a-z]+ minister")


# Words that rank a government title without changing whose government it is
_RANKS = frozenset(["cabinet", "deputy", "junior", "senior", "assistant", "acting", "associate"])


def _main_country_government(
    items: list[PartyEvidence],
    kinds: Mapping[str, str],
    parties: Mapping[str, str],
    institutional: set[str],
    country: str,
    official_nouns: Collection[str],
    government_titles: Collection[str],
) -> dict[str, tuple[str, str]]:
    """The government of the country the article names most speaks through the holders of its
    titles written with no country ("President Goodluck Jonathan") and, when the article has
    more than one institutional side, through its unnamed officials ("Defense officials", "the
    government")."""
    out: dict[str, tuple[str, str]] = {}
    why = f"{country}, the country the article names most"
    for ev in items:
        # ("said the attorney general, Jesús Murillo Karam": the article is no part of it)
        title = re.sub(r"^(?:the|a|an)\s+", "", ev.descriptor.casefold().strip(" ,"))
        # "Cabinet minister Tony Clement", "Deputy Prime Minister X": a rank of the title
        ranked = title.split(" ", 1)
        ranked_title = ranked[1] if len(ranked) == 2 and ranked[0] in _RANKS else ""
        if (
            ev.kind == "person"
            and ev.speaker not in parties
            and (
                title in government_titles
                or ranked_title in government_titles
                or _government_role(title, official_nouns)
                or _PORTFOLIO_MINISTER_RE.fullmatch(title) is not None
            )
        ):
            out.setdefault(ev.speaker, (country, f"title: {title} ({why})"))
    for speaker, kind in kinds.items():
        head = head_noun(speaker)
        if (
            speaker not in parties
            and kind in ("group", "role")
            and head in official_nouns
            and (len(institutional) != 1 or _of_a_government(speaker))
        ):
            out.setdefault(speaker, (country, f"{head}: {why}"))
    return out


# Nouns for one person that say nothing of a side: "the masked man" and "the kneeling man"
# are two people, maybe enemies; two "officials" or "protesters" are one kind of source.
_INDIVIDUALS = frozenset(["man", "woman", "person", "boy", "girl", "child"])


# Head nouns that name one kind of source ("the site" and "the website" of an unnamed site)
_SAME_KIND = {"website": "site"}


def _head_groups(
    kinds: Mapping[str, str],
    parties: Mapping[str, str],
    reasons: Mapping[str, str],
    opposed: set[frozenset[str]],
) -> dict[str, tuple[str, str]]:
    """Groups and roles without a side sharing a head noun -> one label (the plural form if any,
    else the most frequent speaker name), unless two of them reply to each other."""
    groups: dict[str, list[str]] = {}
    for speaker, kind in kinds.items():
        # a group already named as its own side ("police", spoken for by its chief) still
        # gathers the groups of its kind
        own = parties.get(speaker) == speaker
        if (speaker in parties and not own) or kind not in ("group", "role"):
            continue
        head = head_noun(speaker)
        if head and _singular(head) not in _INDIVIDUALS:
            kind_of = _singular(head)
            groups.setdefault(_SAME_KIND.get(kind_of, kind_of), []).append(speaker)
    out: dict[str, tuple[str, str]] = {}
    for head, members in groups.items():
        if len(members) < 2 or any(frozenset((a, b)) in opposed for a in members for b in members):
            continue
        named = [m for m in members if m in parties]
        plural = [m for m in members if head_noun(m) != _singular(head_noun(m))]
        label = named[0] if named else min(plural or members, key=lambda m: (len(m.split()), m))
        for m in members:
            if m not in parties:
                out[m] = (label, f"same kind of source: {head}")
    return out


# A state's own outlet, as written: "State TV", "the state-run Korean Central Television", "the
# official Rodong Sinmun daily"
_STATE_MEDIA_RE = re.compile(
    r"\b(?:[Ss]tate(?:-run|-owned|-controlled)?|official)\s+(?:[\w’'.-]+\s+){0,3}?"
    r"(?:media|TV|[Tt]elevision|news\s+agency|newspaper|daily|broadcaster|radio)\b"
)


def _state_media(
    items: list[PartyEvidence], parties: Mapping[str, str], opposed: set[frozenset[str]]
) -> dict[str, tuple[str, str]]:
    """Two or more of a state's outlets without a side ("State TV", "the official Rodong Sinmun
    daily") -> one side: they speak with one voice, not the government's own."""
    members = list(
        dict.fromkeys(
            ev.speaker
            for ev in items
            if ev.speaker not in parties and _STATE_MEDIA_RE.search(ev.mention)
        )
    )
    if len(members) < 2 or any(frozenset((a, b)) in opposed for a in members for b in members):
        return {}
    return {m: ("state media", f"state media: {members[0]}") for m in members}


def parse_party_options(values: Iterable[str]) -> dict[str, str]:
    """``--party "Peru=Vela,Ortiz"`` values -> hints {speaker: party}.

    Raises UsageError (exit 2) for a value without a party, "=" or a speaker.
    """
    from stance.errors import UsageError

    hints: dict[str, str] = {}
    for value in values:
        party, sep, speakers = value.partition("=")
        names = [s.strip() for s in speakers.split(",") if s.strip()]
        if not sep or not party.strip() or not names:
            raise UsageError(
                f"--party {value!r}: expected PARTY=SPEAKER[,SPEAKER...], "
                'e.g. --party "Peru=Vela,Ortiz"'
            )
        for name in names:
            hints[name] = party.strip()
    return hints
