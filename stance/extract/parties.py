"""Group speakers into parties (sides), with readable party labels.

A speaker's party is, in order:
1. a hint (``parties.hints`` in the config, or ``--party "Peru=Vela,Ortiz"``): speaker or
   mention -> party label; a hint naming part of a person's name ("Vela") names the person;
2. the country or organisation its mentions are tied to (demonym, possessive, capital,
   institution, a role or appositive, a country cue just before a person's full name); when the
   mentions disagree, the most frequent, earliest first on ties;
3. for a group or role without one, the side of every speaker with the same head noun
   ("protesters", "many protesters", "a protester", "protesters from the school" are one side),
   labelled by its most frequent form, plural first;
4. otherwise the speaker itself: an unaffiliated source is a party of its own.
Party labels are country names from the lexicon ("Iran", "United States"); ``parties.labels`` in
the config may rename them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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


def assign_parties(
    evidence: Iterable[PartyEvidence | tuple[str, str, str | None]],
    hints: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Party per canonical speaker from the evidence of every claim (see module docstring)."""
    items = [e if isinstance(e, PartyEvidence) else PartyEvidence(*e) for e in evidence]
    hint_items = list((hints or {}).items())
    label_map = dict(labels or {})
    countries: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    hinted: dict[str, str] = {}
    for ev in items:
        countries.setdefault(ev.speaker, [])
        kinds.setdefault(ev.speaker, ev.kind)
        if ev.country:
            countries[ev.speaker].append(ev.country)
        if ev.speaker not in hinted:
            for key, party in hint_items:
                if names_match(key, ev.speaker) or norm(key) == norm(ev.mention):
                    hinted[ev.speaker] = party
                    break
    by_head = _head_groups(countries, kinds)
    parties: dict[str, str] = {}
    for speaker, found in countries.items():
        if speaker in hinted:
            party = hinted[speaker]
        elif found:
            counts = Counter(found)
            best = max(counts.values())
            party = next(c for c in found if counts[c] == best)
        else:
            party = by_head.get(speaker, speaker)
        parties[speaker] = party
    # a person described by an organisation ("Ty Votaw, the executive vice president of the PGA
    # Tour", "Human Rights Watch deputy director Rona Peligal") is on its side
    for speaker, organisation in _affiliations(items, parties).items():
        parties[speaker] = organisation
    return {speaker: label_map.get(party, party) for speaker, party in parties.items()}


_ORG_RUN = re.compile(r"(?:[A-Z][\w’'&.-]*\s+)*[A-Z][\w’'&.-]*")


def _affiliations(items: list[PartyEvidence], parties: Mapping[str, str]) -> dict[str, str]:
    """Unaffiliated people -> the side of an organisation their descriptor names: another
    speaker's party when it is that speaker, else the organisation's name (two words or more)."""
    out: dict[str, str] = {}
    for ev in items:
        if ev.kind != "person" or parties.get(ev.speaker) != ev.speaker or ev.speaker in out:
            continue
        runs = [r.group(0) for r in _ORG_RUN.finditer(ev.descriptor)]
        for run in runs:
            other = next(
                (s for s in parties if s != ev.speaker and norm(s) == norm(run.strip())), None
            )
            if other is not None:
                out[ev.speaker] = parties[other]
                break
            if len(run.split()) >= 2 and not run.split()[0].endswith("."):
                out[ev.speaker] = run.strip()
                break
    return out


def _head_groups(countries: Mapping[str, list[str]], kinds: Mapping[str, str]) -> dict[str, str]:
    """Unaffiliated groups and roles sharing a head noun -> one label (the plural form if any,
    else the most frequent speaker name)."""
    groups: dict[str, list[str]] = {}
    for speaker, found in countries.items():
        if found or kinds.get(speaker) not in ("group", "role"):
            continue
        head = head_noun(speaker)
        if head:
            groups.setdefault(_singular(head), []).append(speaker)
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        plural = [m for m in members if head_noun(m) != _singular(head_noun(m))]
        label = min(plural or members, key=lambda m: (len(m.split()), m))
        for m in members:
            out[m] = label
    return out


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
