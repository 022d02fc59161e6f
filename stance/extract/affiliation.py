"""Who speaks for whom, and who replies to whom, read from the article.

Affiliations tie a person to the organisation (or person) they speak for:
- apposition after the name: "Ty Votaw, the executive vice president of the PGA Tour";
- organisation, role, name: "Hunter spokesman Joe Kasper", "Woods' agent, Mark Steinberg",
  "Guerrero State Attorney General Iñaky Blanco Cabrera";
- name, organisation, role: "Rona Peligal, Human Rights Watch deputy director";
- role of organisation, name: "a spokeswoman for the White House, Ann Lee";
- an occupation where it is done (``workplace_roles``, after "at" or "with" only): "Steven
  Milunovich, an analyst at UBS"; an adviser or aide "to" Y (not a former one);
- in a speaker's own mention: "a spokesman for the NHL", "sources close to the team",
  "the statement issued on behalf of her family".
The role words are the lexicon's ``affiliation_roles`` and ``titles``; a relation whose words
name a ``non_affiliation_roles`` noun ("former ISIS hostage", "Chibok resident") ties nobody.

Who replies to or agrees with whom is read from the parse in ``stance.extract.relations``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from stance.extract.lexicon import Lexicon
from stance.extract.speakers import _NAME_TOKEN, _NOT_PERSON_NOUNS, _strip_titles, _wordset

# Nouns that name a body which people speak for ("league", "police", "ministry").
_BODIES = _NOT_PERSON_NOUNS - {
    "statement",
    "survey",
    "study",
    "poll",
    "report",
    "letter",
    "video",
    "post",
    "tweet",
    "website",
    "press",
    "media",
}


# Roles written after their portfolio ("Health Minister Lazaro Mazon")
_PORTFOLIO_HOLDERS = frozenset(["minister", "secretary"])
# "California Rep. Duncan Hunter", "Texas Sen. X": the place a legislator represents, no side
_CONSTITUENCY_TITLES = frozenset(
    [
        "rep",
        "sen",
        "representative",
        "senator",
        "congressman",
        "congresswoman",
        "assemblyman",
        "assemblywoman",
        "lawmaker",
        "legislator",
    ]
)


@dataclass(frozen=True)
class Affiliation:
    member: str  # the person (or speaker phrase) as written: "Ty Votaw"
    organisation: str  # what they speak for, as written: "PGA Tour", "Woods"
    reason: str  # the words that say so: "executive vice president of the PGA Tour"


# A capitalised word of an organisation's name ("PGA", "Watch", "O'Hare", "U.S.").
_CAP = r"[A-Z][\w’'&.-]*"
# An organisation: capitalised words, joined by the small words names contain; "Guerrero state"
# and "Cook County" style place-qualified bodies keep their lower-case "state" / "county".
_ORG = rf"{_CAP}(?:\s+(?:(?:of|for|and|on|de|the)\s+)?{_CAP})*?(?:\s+(?:state|county|city))?"
_ORG_GREEDY = rf"{_CAP}(?:\s+(?:(?:of|for|and|on|de|the)\s+)?{_CAP})*"
_NAME = rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,3}}"
# Verbs of a relative clause that tie a person to what they run ("…, who heads the NHL").
_LEADS = (
    r"(?:runs|ran|heads|headed|leads|led|directs|directed|chairs|chaired|founded|co-founded"
    r"|speaks\s+for|works\s+for|represents|advises|advised)"
)
_LEADING = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "but",
        "and",
        "by",
        "for",
        "from",
        "as",
        "of",
        "to",
        "after",
        "before",
        "while",
        "when",
        "if",
        "that",
        "this",
        "meanwhile",
        "however",
        "former",
        "one",
        "then",
        "also",
        "today",
        "yesterday",
        "tonight",
        "now",
        "earlier",
        "later",
        "his",
        "her",
        "their",
        "its",
        # "Citing unnamed sources, The Hollywood Reporter": a reporting participle is no name
        "citing",
        "quoting",
        "according",
    ]
)


# "Comcast's Jason Livingood", "Apple’s Tim Cook": a one-word organisation owns the name after it
_OWNER_NAME_RE = re.compile(
    rf"(?<![\w’'.-])(?P<org>{_CAP}(?:\s+{_CAP}){{0,3}})['’]s\s+(?P<name>{_NAME})"
)
_NOT_OWNERS = _wordset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight january "
    "february march april june july august september october november december this last "
    "next the world earth"
)


def _role_alternation(roles: frozenset[str], titles: frozenset[str]) -> str:
    """The roles and titles as one regex alternation, longest first; a space in a role also
    matches a hyphen ("vice-president")."""
    words = sorted(roles | titles, key=len, reverse=True)
    return "|".join(re.escape(w).replace("\\ ", r"[\s-]+") for w in words)


# Words that never qualify a role: prepositions, verbs of reporting and the conjunctions that
# open a clause ("Perhaps because Father John O'Neal doesn't exist": no one's father).
_NOT_QUALIFIERS = (
    "as|at|by|for|from|in|into|of|on|to|with|quoted|quoting|cited|citing|told|said|says|tells"
    "|because|since|although|though|unless|whereas|while|when|if|than|that"
)


@cache
def _patterns(
    roles: frozenset[str], titles: frozenset[str], workplace: frozenset[str] = frozenset()
) -> tuple[re.Pattern[str], ...]:
    alt = _role_alternation(roles, titles)
    work = _role_alternation(workplace, frozenset()) or "(?!)"
    # "Steven Milunovich, an analyst at UBS": an occupation ties only to where it is done
    at_work = rf"(?:[a-z][\w-]*\s+){{0,2}}(?i:{work})(?![\w-])"
    at_prep = r"\s+(?P<prep>at|with)\s+(?:the\s+)?"
    # lower-case words may qualify the role: "executive vice president", "deputy director"
    # "chairman and CEO of Knightscope": two roles joined; never "and" or "his" as a qualifier
    # ("Mayor X and Police Commissioner Y", "Today his former Lieutenant Colonel Z")
    # nor a preposition or a verb of reporting ("AP quoted government spokeswoman Rosario
    # Murillo", "ISIS targets as President Barack Obama")
    one = (
        rf"(?:(?!(?:and|or|his|her|their|its|{_NOT_QUALIFIERS})\s)[a-z][\w-]*\s+){{0,2}}"
        rf"(?i:{alt})(?![\w-])"
    )
    role = rf"{one}(?:\s+(?:and|&)\s+{one})?"
    det = r"(?:(?i:the|a|an)\s+)"
    # "a spokesperson for the city of Kansas City": the city is its name
    prep = r"\s+(?P<prep>of|for|at|with)\s+(?:the\s+)?(?:(?:city|state|town|county)\s+of\s+)?"
    # "executive director of engineering at Virgin Media": the field, then where it is done
    field = (
        r"\s+of\s+[a-z][\w-]*(?:\s+(?:and\s+)?[a-z][\w-]*){0,3}"
        r"\s+(?P<prep>at|with)\s+(?:the\s+)?"
    )
    return (
        re.compile(rf"(?P<name>{_NAME}),\s+{det}?(?P<role>{role}){prep}(?P<org>{_ORG_GREEDY})"),
        re.compile(rf"(?P<name>{_NAME}),\s+{det}?(?P<role>{role}){field}(?P<org>{_ORG_GREEDY})"),
        re.compile(
            rf"(?P<name>{_NAME}),\s+{det}?(?P<role>{at_work}){at_prep}(?P<org>{_ORG_GREEDY})"
        ),
        re.compile(
            rf"{det}(?P<role>{at_work}){at_prep}(?P<org>{_ORG_GREEDY}),\s+(?P<name>{_NAME})"
        ),
        # "Wilfried Strauch, an adviser to the Institute of Territorial Studies", "Hassan Tukur,
        # principal secretary to President Goodluck Jonathan" (an envoy or ambassador "to" a
        # country speaks for another)
        re.compile(
            rf"(?P<name>{_NAME}),\s+{det}?(?P<role>(?:(?!former\s|ex-)[a-z][\w-]*\s+){{0,2}}"
            rf"(?:advis[eo]r|aide|secretary|spokes(?:man|woman|person))"
            rf"(?P<prep>\s+to))\s+(?:the\s+)?(?P<org>{_ORG_GREEDY})"
        ),
        re.compile(rf"(?P<org>{_ORG})(?:['’]s?)?\s+(?P<role>{role}),?\s+(?P<name>{_NAME})"),
        re.compile(rf"(?P<name>{_NAME}),\s+(?P<org>{_ORG})(?:['’]s?)?\s+(?P<role>{role})"),
        re.compile(rf"{det}(?P<role>{role}){prep}(?P<org>{_ORG_GREEDY}),\s+(?P<name>{_NAME})"),
        # "Jenny Town, of the US-Korea Institute,": where a person is from, in apposition; with
        # "the", the first comma may be left out ("Wilfredo Strauss of the Nicaraguan Institute
        # of Earth Studies, said")
        re.compile(
            rf"(?P<name>{_NAME}),\s+(?P<role>(?P<prep>of))\s+(?:the\s+)?(?P<org>{_ORG_GREEDY}),"
        ),
        re.compile(rf"(?P<name>{_NAME})\s+(?P<role>(?P<prep>of))\s+the\s+(?P<org>{_ORG_GREEDY}),"),
        # "Rami Abdulrahman, who runs the Britain-based Syrian Observatory for Human Rights",
        # "Jaime Incer, a scientist who advises the Nicaraguan presidency"
        re.compile(
            rf"(?P<name>{_NAME}),\s+(?:(?:a|an|the)\s+(?:[a-z][\w-]*\s+){{1,3}})?who\s+"
            rf"(?P<role>{_LEADS})\s+(?:the\s+)?(?P<org>{_ORG_GREEDY})"
        ),
    )


@cache
def _mention_patterns(
    roles: frozenset[str], titles: frozenset[str], workplace: frozenset[str] = frozenset()
) -> tuple[re.Pattern[str], ...]:
    alt = _role_alternation(roles, titles)
    work = _role_alternation(workplace, frozenset()) or "(?!)"
    return (
        # "an analyst at UBS", "a scientist with NASA": where an occupation is done
        re.compile(rf"(?P<role>(?i:{work})\s+(?:at|with))\s+(?:the\s+)?(?P<org>{_ORG_GREEDY})\b"),
        # "a spokesman for the NHL", "sources close to the team", "on behalf of the family"
        re.compile(
            rf"(?P<role>(?i:{alt})\s+(?:for|of|at|from|with)|close\s+to|on\s+behalf\s+of"
            rf"|representing)\s+(?:(?:the|his|her|their|its)\s+)?(?P<org>{_ORG_GREEDY}|family|team|league|club)\b"
        ),
        # "Islamic State fighter", "PGA Tour officials": an organisation's name (two words or an
        # acronym: "Defense officials" names no organisation), then its people
        # ("One longtime NBC employee": a count and a word of tenure may come first)
        re.compile(
            rf"^(?:(?i:the|an?|one|two|three|several|some)\s+)?(?:(?:longtime|veteran|senior)\s+)?"
            rf"(?P<org>{_CAP}(?:\s+{_CAP})+|[A-Z]{{2,}})\s+"
            rf"(?P<role>(?:[a-z]+\s+){{0,2}}(?:{alt}))$"
        ),
        # "a league spokesman", "police officials": a body named by its noun, then its people
        re.compile(
            rf"^(?:(?i:the|an?)\s+)?(?:[a-z]+\s+)?(?P<org>{'|'.join(sorted(_BODIES))})\s+"
            rf"(?P<role>(?:{alt}))$"
        ),
        # "Woods' agent", "the league's spokesman"
        re.compile(
            rf"^(?:(?i:the)\s+)?(?P<org>{_ORG_GREEDY})['’]s?\s+(?P<role>(?:[a-z]+\s+){{0,2}}"
            rf"(?i:{alt}))(?![\w-])"
        ),
    )


def _clean_org(org: str) -> str:
    """The organisation without what the pattern took from around it: a previous sentence
    ("… Syria. U.S."), a sentence-opening word ("But Hunter"), a possessive, a trailing "state"
    ("Guerrero state" is Guerrero)."""
    org = re.split(r"(?<=[a-z]{3})\.(?:\s+|$)", org)[-1] or org.rstrip(".")
    org = re.sub(r"(?<=[A-Z]{2})\.$", "", org)  # "the head of NKIS.": the sentence's period
    org = re.sub(r"\s+(?:state|county|city)$", "", org)
    # "the Britain-based Syrian Observatory": where it is based is not whose it is
    org = re.sub(r"^(?:the\s+)?[A-Z][\w.]*-based\s+", "", org)
    words = org.split()
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    return re.sub(r"['’]s?$", "", " ".join(words))


def _clean_name(name: str, lex: Lexicon) -> str:
    """The name without a sentence-opening word the pattern took with it ("But Greg Zaiser")
    and without titles ("General Lloyd Austin")."""
    words = name.split()
    while len(words) > 2 and words[0].lower() in _LEADING:
        words = words[1:]
    rest, _titles = _strip_titles(words, lex)
    return " ".join(rest if len(rest) >= 2 else words)


def _ties(role: str, lex: Lexicon) -> bool:
    """Whether the role words tie their holder to the organisation ("spokesman" does, "former
    hostage" does not)."""
    return not any(w.lower() in lex.non_affiliation_roles for w in role.split())


def find_affiliations(
    text: str, lex: Lexicon, blocks: Iterable[tuple[int, int]] | None = None
) -> list[Affiliation]:
    """Every person-organisation tie written in ``text`` (see the module docstring), within
    ``blocks`` (start, end) when given: the body, not a title-case headline."""
    out: dict[tuple[str, str], Affiliation] = {}
    spans = list(blocks) if blocks is not None else [(0, len(text))]
    for pattern in _patterns(lex.affiliation_roles, lex.titles, lex.workplace_roles):
        for m in (m for lo, hi in spans for m in pattern.finditer(text, lo, hi)):
            raw = m.group("org")
            if m.start("org") > m.start("role"):
                # the organisation after its role ends with its sentence ("… for Human
                # Rights. The Observatory said")
                raw = re.split(r"(?<=[a-z]{3})\.\s+", raw)[0]
            if m.start("org") < m.start("role"):
                if re.search(r"[a-z]{3}\.\s*$", raw):
                    # "the Pentagon said Friday. President Barack Obama": the words before the
                    # role end the sentence before
                    continue
                # "Mayor de Blasio and Police Commissioner Bill Bratton": the organisation is
                # what the last "and" leaves
                raw = re.split(r"\s+and\s+", raw)[-1]
            org = _clean_org(raw)
            name = _clean_name(m.group("name"), lex)
            if not org or not _ties(m.group("role"), lex) or org.split()[-1] in name.split():
                continue
            if (
                m.start("org") < m.start("role")
                and len(org.split()) == 1
                and m.group("role").lower() in _PORTFOLIO_HOLDERS
            ):
                continue  # "Health Minister", "Defense Secretary": a portfolio, no organisation
            if (
                m.start("org") < m.start("role")
                and m.group("role").lower().rstrip(".") in _CONSTITUENCY_TITLES
                and re.fullmatch(_PARTY_WORD, org) is None
            ):
                continue  # "California Rep. Duncan Hunter": whom he represents, not his side
            if (
                f"{org} {m.group('role')}".lower() in lex.titles
                or org.lower() in lex.speaker_nouns
                or org.lower() in lex.titles
            ):
                # "Supreme Leader", "Police Commissioner", "Lieutenant Colonel": a title, not an
                # organisation
                continue
            # the relation as written, from the role or organisation to the other
            lo = min(m.start("role"), m.start("org"))
            hi = max(m.end("role"), m.start("org") + len(raw))
            words = text[lo:hi].split()
            while words and words[0].lower() in _LEADING:
                words = words[1:]
            reason = " ".join(words).rstrip(",.")
            out.setdefault((name, org), Affiliation(name, org, reason))
    for m in (m for lo, hi in spans for m in _OWNER_NAME_RE.finditer(text, lo, hi)):
        words = _clean_org(m.group("org")).split()
        while words and words[0].lower() in _NOT_OWNERS:
            words = words[1:]  # "On Monday Comcast's": the organisation is the last words
        org, name = " ".join(words), _clean_name(m.group("name"), lex)
        if not org or lex.country_re.fullmatch(org) or len(name.split()) < 2 or org in name.split():
            continue  # "Monday's", "Britain's Prince Harry": no one's employer
        reason = " ".join(text[m.end("org") - len(org) : m.end()].split())
        out.setdefault((name, org), Affiliation(name, org, reason))
    return list(out.values())


def find_roles(
    text: str, lex: Lexicon, blocks: Iterable[tuple[int, int]] | None = None
) -> list[Affiliation]:
    """People written with an institutional role but no institution ("Greg Zaiser, vice
    president of admissions"): ties with an empty organisation. A private role ("a lawyer for
    that individual": ``private_roles``) is none."""
    pattern = _role_only_pattern(lex.affiliation_roles, lex.titles)
    spans = list(blocks) if blocks is not None else [(0, len(text))]
    out = []
    for lo, hi in spans:
        for m in pattern.finditer(text, lo, hi):
            role = " ".join(m.group("role").split())
            if role.split()[-1].lower() in lex.private_roles or not _ties(role, lex):
                continue
            reason = " ".join(m.group(0)[len(m.group("name")) :].strip(", ").split())
            out.append(Affiliation(_clean_name(m.group("name"), lex), "", reason))
    return out


@cache
def _role_only_pattern(roles: frozenset[str], titles: frozenset[str]) -> re.Pattern[str]:
    alt = _role_alternation(roles, titles)
    return re.compile(
        rf"(?P<name>{_NAME}),\s+(?:(?i:the|a|an)\s+)?(?P<role>(?:[a-z][\w-]*\s+){{0,2}}"
        rf"(?:{alt}))\s+(?:of|for)\s+[a-z][\w-]*(?:\s+(?:and\s+)?[a-z][\w-]*){{0,3}}[,.]"
    )


_BODY_IN_ROLE_RE = re.compile(rf"((?:[a-z]+\s+)?(?:{'|'.join(sorted(_BODIES))}))\s")


def mention_affiliation(mention: str, lex: Lexicon) -> Affiliation | None:
    """The organisation a speaker's own words name as what it speaks for ("a spokesman for the
    NHL" -> NHL, "Woods' agent" -> Woods), or None."""
    text = " ".join(mention.split())
    for pattern in _mention_patterns(lex.affiliation_roles, lex.titles, lex.workplace_roles):
        m = pattern.search(text)
        if m and _ties(m.group("role"), lex) and _ties(text, lex):
            org = _clean_org(m.group("org"))
            body = _BODY_IN_ROLE_RE.match(m.group("role"))
            if org and body and m.start("role") == m.end("org") + 1:
                # "An Ottawa police spokesman": the city's police, not the city
                org = f"{org} {body.group(1)}"
            if org:
                return Affiliation(text, org, " ".join(m.group(0).split()))
    return None


# A politician's party, written after the name ("Darrell Issa, R-Calif.", "Rep. Tom Cotton, a
# Republican from Arkansas", "Devin Nunes, the California Republican who …") or before it
# ("Republican Sen. Rand Paul").
_STATE_CODE = r"\(?(?P<code>[RD])-[A-Z][A-Za-z.]*\)?"
_PARTY_WORD = r"(?P<word>Republican|Democrat|Democratic)"


@cache
def _party_patterns() -> tuple[re.Pattern[str], ...]:
    return (
        re.compile(rf"(?P<name>{_NAME}),?\s+{_STATE_CODE}"),
        re.compile(
            rf"(?P<name>{_NAME}),\s+(?:a|an|the)\s+(?:[A-Z][\w.-]*\s+){{0,2}}"
            rf"(?P<word>Republican|Democrat)(?!\s+[A-Z])\b"
        ),
        re.compile(
            rf"(?<![\w-]){_PARTY_WORD}\s+(?:(?:Sen|Rep|Gov)\.|Senator|Representative|Governor"
            rf"|Congressman|Congresswoman|congressman|congresswoman|lawmaker|leader)\s+"
            rf"(?P<name>{_NAME})"
        ),
    )


# "Two Republican lawmakers", "Democratic senators": a group of the party's politicians
_PARTY_GROUP_RE = re.compile(
    rf"\b{_PARTY_WORD}\s+(?:lawmakers|legislators|senators|congressmen|congresswomen"
    r"|representatives|members\s+of\s+Congress)\b"
)


def party_group(mention: str) -> Affiliation | None:
    """The party a group of politicians is written with ("Two Republican lawmakers")."""
    m = _PARTY_GROUP_RE.search(" ".join(mention.split()))
    if m is None:
        return None
    return Affiliation(mention, _party_of(m.group("word")), m.group(0))


# "The California Republican", "the Democrat": a politician described by the party alone
_PARTY_DESCRIPTION_RE = re.compile(
    r"(?i:the)\s+(?:[A-Z][a-z]+\s+){0,2}(?P<word>Republican|Democrat)"
)


def described_party(mention: str) -> str | None:
    """The party a mention describes its speaker by and nothing else ("The California
    Republican" -> Republicans), or None."""
    m = _PARTY_DESCRIPTION_RE.fullmatch(" ".join(mention.split()))
    if m is None:
        return None
    return _party_of(m.group("word"))


def _party_of(word: str) -> str:
    """The side a party word names ("Republican" -> Republicans, "Democratic" -> Democrats)."""
    return "Republicans" if word == "Republican" else "Democrats"


def find_party_members(
    text: str, lex: Lexicon, blocks: Iterable[tuple[int, int]] | None = None
) -> list[Affiliation]:
    """Politicians tied to their party ("Republicans", "Democrats") by the words the press
    writes them with, within ``blocks`` when given."""
    spans = list(blocks) if blocks is not None else [(0, len(text))]
    out: dict[str, Affiliation] = {}
    for pattern in _party_patterns():
        for m in (m for lo, hi in spans for m in pattern.finditer(text, lo, hi)):
            marks = m.groupdict()
            republican = marks.get("code") == "R" or (marks.get("word") or "") == "Republican"
            name = _clean_name(m.group("name"), lex)
            party = "Republicans" if republican else "Democrats"
            words = (
                text[m.end("name") : m.end()]
                if m.start("name") == m.start()
                else text[m.start() : m.start("name")]
            )
            reason = " ".join(words.strip(", ").split())
            out.setdefault(name, Affiliation(name, party, reason))
    return list(out.values())
