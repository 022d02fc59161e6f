"""The word lists behind attribution and party grouping, loaded from ``lexicon.yaml``.

The config may extend them (``extract.extra_speech_verbs``, ``parties.countries`` …); see
``load_lexicon``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from stance.errors import StanceError

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")

# ’ and ' both mark a possessive ("Iran’s"); cues match either.
_APOS = "['’]"


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest first so "Secretary of State" beats "Secretary"."""
    escaped = sorted(
        {re.escape(w).replace("\\ ", r"\s+") for w in words if w}, key=len, reverse=True
    )
    return "|".join(escaped) if escaped else r"(?!x)x"


# "former" or "retired" before a country cue in its phrase: the role it qualifies is no longer
# held ("a former U.S. Army soldier", "a former British army and NATO head")
FORMER_RE = re.compile(r"\b(?:former|retired|ex-)", re.IGNORECASE)


@dataclass(frozen=True)
class Country:
    name: str
    aliases: tuple[str, ...]  # the country's own names ("U.S.", "America")
    cues: tuple[str, ...]  # names, demonyms, capitals, institutions as written
    patterns: tuple[str, ...]  # regexes for cues that are not fixed strings
    demonym: str | None = None  # "Iraqi": "Iraq's government" is the Iraqi government


# Capitalised words that open a sentence or a title, not a name: "The Chinese Foreign Ministry"
_NAME_OPENERS = frozenset(
    re.findall(
        r"\S+",
        "the a an but and in on at as for so yet then while when after if his her its their "
        "acting deputy former interim chief senior top new",
    )
)


@dataclass(frozen=True)
class Lexicon:
    countries: tuple[Country, ...]
    titles: frozenset[str]
    speaker_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    stance_verbs: frozenset[str]
    view_as_verbs: frozenset[str]
    quote_only_verbs: frozenset[str]  # introduce a quotation only ("the statement read: …")
    speech_lemmas: frozenset[str]  # parse-based speech events, see speech_events.py
    stance_lemmas: frozenset[str]
    name_words: frozenset[str]  # "Post" in "Washington Post": a place cue before it is a name
    auxiliaries: frozenset[str]
    negators: frozenset[str]
    trailing_words: frozenset[str]
    affiliation_roles: frozenset[str]  # "spokesman for Y", "Y's agent": a tie to Y
    non_affiliation_roles: frozenset[str]  # "hostage of Y", "critic of Y": no tie
    opposition_lemmas: frozenset[str]  # "X denied Y's claim": X and Y on different sides
    opposition_objects: frozenset[str]
    agreement_lemmas: frozenset[str]  # "X agreed (with Y)": X and Y on one side
    endorsement_lemmas: frozenset[str]  # "X echoed Y's concerns", "X backed Y"
    agreement_objects: frozenset[str]
    act_lemmas: frozenset[str]  # speech verbs that narrate an act without a clause
    official_nouns: frozenset[str]  # "authorities": the article's one institutional side
    state_bodies: frozenset[str]  # "the army", "government": the main country's state
    document_nouns: frozenset[str]  # "the statement": its issuer's side
    institution_nouns: frozenset[str]  # "Iraq's government": a body "it" can speak for
    cited_documents: frozenset[str]  # "according to an investigation, X said": X's side
    non_state_words: frozenset[str]  # "Syrian rebels": a country cue that is no government
    government_titles: frozenset[str]  # "President X": the main country's government
    head_of_state_titles: frozenset[str]  # "the Jordanian leader": its titled head
    private_roles: frozenset[str]  # "a lawyer for that individual": no institution's side
    workplace_roles: frozenset[str]  # "an analyst at UBS": tied by "at" or "with" only
    police_ranks: frozenset[str]  # "Sgt Gill Cherry": the article's one police force
    background_documents: frozenset[str]  # "a CV of X described him as …": background
    manner_words: frozenset[str]  # "Bewildered Yen told local TV": how the speaker felt
    female_names: frozenset[str]  # first names that name a woman: "she", not "he"
    male_names: frozenset[str]
    place_nouns: frozenset[str]  # "the North Korean capital": a place, no one's voice
    # "Ottawa police", "the London Mayor": a capital's own institutions, not its country's
    city_institutions: frozenset[str]
    capitals: frozenset[str]
    visited_re: re.Pattern[str]  # "a visit to" right before a country cue: where, not whose
    country_re: re.Pattern[str]  # any country cue; group name "c<i>" says which country
    title_re: re.Pattern[str]  # one title at the start of a string
    verb_re: re.Pattern[str]  # any reporting verb as a whole word (or two words: "ruled out")
    quote_verb_re: re.Pattern[str]  # verb_re plus the quote-only verbs

    def country_of(self, match: re.Match[str]) -> str:
        """The country named by a ``country_re`` match."""
        for key, value in match.groupdict().items():
            if value is not None:
                return self.countries[int(key[1:])].name
        raise ValueError("match has no country group")

    def country_named_in(self, text: str) -> str | None:
        """The first country cue anywhere in ``text`` that is not part of an organisation's
        name ("spokeswoman for the National Security Council" -> United States; "the London
        School of Economics" -> None)."""
        for m in self.country_re.finditer(text):
            phrase = re.split(r"[,;]", text[: m.start()])[-1]
            if FORMER_RE.search(phrase) or self.visited_re.search(phrase):
                continue  # "a former American soldier": no longer anyone's voice
            after = text[m.end() :]
            if (
                not self._inside_a_name(text, m, len(text))
                and not self.non_state(after)
                and not self.city_own(m.group(0), after)
            ):
                return self.country_of(m)
        return None

    def city_own(self, cue: str, after: str) -> bool:
        """Whether a country cue is a capital and the word after it one of the city's own
        institutions ("Ottawa police", "Ottawa Mayor Jim Watson"): the city's, not the state's."""
        if re.sub(r"[’']s$", "", cue) not in self.capitals:
            return False
        words = after.split()[:1]
        return bool(words) and words[0].strip(",.;:’'").lower() in self.city_institutions

    def non_state(self, after: str) -> bool:
        """Whether the words after a country cue name people who are not its state ("…
        rebels", "… Islamic extremist group"): one of ``non_state_words`` among the next four."""
        if re.match(r"[-–]based\b", after):
            return True  # "the Britain-based Observatory": where it sits, not whose it is
        words = [w.strip(",.;:’'").lower() for w in after.split()[:4]]
        if words[:1] and words[0] in self.place_nouns:
            return True  # "Pyongyang, the North Korean capital": a place, no one's voice
        return any(w in self.non_state_words for w in words)

    def _inside_a_name(self, text: str, m: re.Match[str], end: int) -> bool:
        """Whether a country cue is part of another name: the word after it (before ``end``)
        is one of ``name_words`` ("Washington Post")."""
        after = text[m.end() : end].split()[:1]
        if (
            after
            and after[0].strip(",.") in self.name_words
            and not re.search(r"[’']s$", m.group(0))
        ):
            return True  # (but "Nicaragua's Institute of Earth Studies" is Nicaragua's own)
        # "Texas Prime Turkey Farm": capitalised words on both sides, the one before no title
        # ("Acting Iraqi Prime Minister") nor sentence opener ("The Chinese Foreign Ministry")
        before = text[max(0, m.start() - 40) : m.start()].split()[-1:]  # (a long text: a window)
        return (
            bool(after and before)
            and after[0][:1].isupper()
            and before[0][:1].isupper()
            and before[0].isalpha()
            and before[0].lower() not in _NAME_OPENERS
            and not self.title_re.fullmatch(before[0])
        )

    def main_country(
        self, text: str, blocks: Iterable[tuple[int, int]] | None = None
    ) -> str | None:
        """The country the text names most (names, demonyms, capitals, institutions; not
        inside another name: "Washington Post"), within ``blocks`` when given: at least three
        times and more often than any other country, else None."""
        counts: Counter[str] = Counter()
        for lo, hi in blocks if blocks is not None else [(0, len(text))]:
            for m in self.country_re.finditer(text, lo, hi):
                if not self._inside_a_name(text, m, hi):
                    counts[self.country_of(m)] += 1
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0][0]

    def first_country(self, text: str) -> tuple[str, re.Match[str]] | None:
        m = self.country_re.search(text)
        return (self.country_of(m), m) if m else None

    def is_country_cue(self, text: str) -> bool:
        """Whether ``text`` is, as a whole, one country cue ("the United States", "Tehran")."""
        t = re.sub(r"^(?:the|The)\s+", "", text.strip())
        m = self.country_re.fullmatch(t)
        return m is not None


def _words(data: Mapping[str, Any], key: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise StanceError(f"lexicon: field '{key}' must be a list of strings")
    return value


def _countries(entries: Any) -> list[Country]:
    if not isinstance(entries, list):
        raise StanceError("lexicon: field 'countries' must be a list")
    out: list[Country] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            raise StanceError(f"lexicon: countries[{i}]: needs a 'name'")
        cues = [entry["name"]]
        for key in ("aliases", "demonyms", "capitals", "institutions"):
            cues.extend(_words(entry, key))
        aliases = (entry["name"], *_words(entry, "aliases"))
        out.append(
            Country(
                entry["name"],
                tuple(dict.fromkeys(aliases)),
                tuple(dict.fromkeys(cues)),
                tuple(_words(entry, "patterns")),
                next((d for d in _words(entry, "demonyms") if d[:1].isupper()), None),
            )
        )
    return out


def _country_regex(countries: list[Country]) -> re.Pattern[str]:
    parts = []
    for i, c in enumerate(countries):
        alts = [_alternation(c.cues), *c.patterns]
        # A cue ends at a word boundary, or at its own final period ("U.S."), optionally possessive.
        parts.append(rf"(?P<c{i}>(?:{'|'.join(alts)})(?:{_APOS}s)?)")
    # every cue opens with a capital: the lookahead rejects most positions before the long
    # alternation is tried
    return re.compile(rf"(?<![\w.])(?=[A-Z])(?:{'|'.join(parts)})(?![\w])")


def build_lexicon(data: Mapping[str, Any]) -> Lexicon:
    countries = _countries(data.get("countries", []))
    titles = _words(data, "titles")
    speech = _words(data, "speech_verbs")
    stance = _words(data, "stance_verbs")
    view_as = _words(data, "view_as_verbs")
    quote_only = _words(data, "quote_only_verbs")
    return Lexicon(
        countries=tuple(countries),
        titles=frozenset(t.lower() for t in titles),
        speaker_nouns=frozenset(w.lower() for w in _words(data, "speaker_nouns")),
        speech_verbs=frozenset(speech),
        stance_verbs=frozenset(stance),
        view_as_verbs=frozenset(view_as),
        quote_only_verbs=frozenset(quote_only),
        speech_lemmas=frozenset(w.lower() for w in _words(data, "speech_lemmas")),
        stance_lemmas=frozenset(w.lower() for w in _words(data, "stance_lemmas")),
        name_words=frozenset(_words(data, "name_words")),
        auxiliaries=frozenset(_words(data, "auxiliaries")),
        negators=frozenset(_words(data, "negators")),
        trailing_words=frozenset(_words(data, "trailing_words")),
        affiliation_roles=frozenset(w.lower() for w in _words(data, "affiliation_roles")),
        non_affiliation_roles=frozenset(w.lower() for w in _words(data, "non_affiliation_roles")),
        opposition_lemmas=frozenset(w.lower() for w in _words(data, "opposition_lemmas")),
        opposition_objects=frozenset(w.lower() for w in _words(data, "opposition_objects")),
        agreement_lemmas=frozenset(w.lower() for w in _words(data, "agreement_lemmas")),
        endorsement_lemmas=frozenset(w.lower() for w in _words(data, "endorsement_lemmas")),
        agreement_objects=frozenset(w.lower() for w in _words(data, "agreement_objects")),
        act_lemmas=frozenset(w.lower() for w in _words(data, "act_lemmas")),
        official_nouns=frozenset(w.lower() for w in _words(data, "official_nouns")),
        state_bodies=frozenset(w.lower() for w in _words(data, "state_bodies")),
        document_nouns=frozenset(w.lower() for w in _words(data, "document_nouns")),
        institution_nouns=frozenset(w.lower() for w in _words(data, "institution_nouns")),
        cited_documents=frozenset(w.lower() for w in _words(data, "cited_documents")),
        non_state_words=frozenset(w.lower() for w in _words(data, "non_state_words")),
        government_titles=frozenset(w.lower() for w in _words(data, "government_titles")),
        head_of_state_titles=frozenset(w.lower() for w in _words(data, "head_of_state_titles")),
        private_roles=frozenset(w.lower() for w in _words(data, "private_roles")),
        workplace_roles=frozenset(w.lower() for w in _words(data, "workplace_roles")),
        police_ranks=frozenset(w.lower() for w in _words(data, "police_ranks")),
        background_documents=frozenset(w.lower() for w in _words(data, "background_documents")),
        manner_words=frozenset(w.lower() for w in _words(data, "manner_words")),
        female_names=frozenset(w.lower() for w in _words(data, "female_names")),
        male_names=frozenset(w.lower() for w in _words(data, "male_names")),
        place_nouns=frozenset(w.lower() for w in _words(data, "place_nouns")),
        city_institutions=frozenset(w.lower() for w in _words(data, "city_institutions")),
        capitals=frozenset(c for entry in data["countries"] for c in _words(entry, "capitals")),
        visited_re=re.compile(
            rf"\b(?:{_alternation(_words(data, 'visit_words'))})"
            r"(?:\s+(?:to|in|at))?\s+(?:the\s+)?$",
            re.IGNORECASE,
        ),
        country_re=_country_regex(countries),
        title_re=re.compile(rf"(?:{_alternation(titles)})(?=\s|$)", re.IGNORECASE),
        verb_re=re.compile(rf"\b(?:{_alternation([*speech, *stance, *view_as])})\b"),
        quote_verb_re=re.compile(
            rf"\b(?:{_alternation([*speech, *stance, *view_as, *quote_only])})\b"
        ),
    )


@cache
def _base_data() -> dict[str, Any]:
    try:
        data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise StanceError(f"{LEXICON_PATH}: cannot load lexicon: {exc}") from None
    if not isinstance(data, dict):
        raise StanceError(f"{LEXICON_PATH}: lexicon must be a mapping")
    return data


_CONFIG_EXTENSIONS = {
    # config section, config key -> lexicon key it extends
    ("extract", "extra_speech_verbs"): "speech_verbs",
    ("extract", "extra_stance_verbs"): "stance_verbs",
    ("extract", "extra_view_as_verbs"): "view_as_verbs",
    ("extract", "extra_speech_lemmas"): "speech_lemmas",
    ("extract", "extra_stance_lemmas"): "stance_lemmas",
    ("speakers", "extra_titles"): "titles",
    ("speakers", "extra_speaker_nouns"): "speaker_nouns",
    ("parties", "extra_affiliation_roles"): "affiliation_roles",
    ("parties", "countries"): "countries",
}


def load_lexicon(config: Mapping[str, Any] | None = None) -> Lexicon:
    """The packaged lexicon, extended by the lists a config adds (never replaced)."""
    data = dict(_base_data())
    extended = False
    for (section, key), target in _CONFIG_EXTENSIONS.items():
        extra = ((config or {}).get(section) or {}).get(key)
        if extra:
            if not isinstance(extra, list):
                raise StanceError(f"config: field '{section}.{key}' must be a list")
            data[target] = [*data.get(target, []), *extra]
            extended = True
    return build_lexicon(data) if extended else _default_lexicon()


@cache
def _default_lexicon() -> Lexicon:
    return build_lexicon(_base_data())
