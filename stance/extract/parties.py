"""Group speakers into parties, with readable party labels.

A speaker's party is, in order:
1. a config hint (``parties.hints``: speaker or mention -> party label);
2. the country its mentions are tied to (demonym, possessive, capital, institution, a role or
   appositive, a country cue just before a person's full name); when the mentions disagree, the
   most frequent country, earliest first on ties;
3. otherwise the speaker itself: an unaffiliated source is a party of its own.
Party labels are country names from the lexicon ("Iran", "United States"); ``parties.labels`` in
the config may rename them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from stance.extract.speakers import norm


def assign_parties(
    evidence: Iterable[tuple[str, str, str | None]],
    hints: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Party per canonical speaker from (canonical speaker, mention, country or None) triples."""
    hint_map = {norm(k): v for k, v in (hints or {}).items()}
    label_map = dict(labels or {})
    countries: dict[str, list[str]] = {}
    hinted: dict[str, str] = {}
    for speaker, mention, country in evidence:
        countries.setdefault(speaker, [])
        if country:
            countries[speaker].append(country)
        for key in (norm(speaker), norm(mention)):
            if key in hint_map and speaker not in hinted:
                hinted[speaker] = hint_map[key]
    parties: dict[str, str] = {}
    for speaker, found in countries.items():
        if speaker in hinted:
            party = hinted[speaker]
        elif found:
            counts = Counter(found)
            best = max(counts.values())
            party = next(c for c in found if counts[c] == best)
        else:
            party = speaker
        parties[speaker] = label_map.get(party, party)
    return parties
