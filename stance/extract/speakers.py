"""Resolve speaker mentions to one canonical speaker per source within an article.

General rules, no names built in:
- People: a mention's name is what remains after titles and country cues are stripped
  ("Prime Minister Dr. Anna Berg" -> "Anna Berg"). Mentions sharing a surname are one
  person; the canonical name is the longest full form found anywhere in the article body
  ("Weber" -> "Karl J. Weber", found in "Secretary of State Karl J. Weber").
- Roles: a mention with no name but a role ("Iran’s supreme leader", "the spokeswoman") is the
  person in the article who carries that title or appositive role, when exactly one does (and the
  country agrees); otherwise the role itself is the speaker.
- Appositives: "A Peruvian Foreign Ministry spokeswoman, Lena Ortiz" is Lena Ortiz, with the
  role and country of the descriptor.
- Pronouns "he"/"she" are the most recent person speaker (else the last person named before);
  "they" is the most recent group or institution speaker (else the claim is dropped).
- Groups and institutions ("Iranian officials", "the White House", "Washington") are speakers as
  written, without the article; a country alias becomes the country's name ("the U.S." ->
  "United States").
- ``speakers.aliases`` in the config maps a mention (or a canonical name) to a canonical name
  first.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property

from stance.extract.attribution import Attribution
from stance.extract.lexicon import Lexicon
from stance.extract.references import (
    ACCESS_PHRASE,
    ACCESS_RE,
    ANAPHOR_REACH,
    DEFINED_ACRONYM_END_RE,
    FIRST_PERSON_TOLD,
    GROUP_ANAPHOR_RE,
    KIN,
    KIN_WORDS,
    KNOWN_AS_RE,
    NAME_PARTICLES,
    NAME_RUN_RE,
    NAMED_HANDLE_RE,
    NAMED_PERSON_RE,
    NAMED_RELATIVE_RE,
    ONE_OF_RE,
    ONE_OF_THEM,
    ORG_DOCUMENT_RE,
    OUTLET_RE,
    OUTLET_WORDS,
    PART_OF_RE,
    PRINT_WORDS,
    QUANTIFIER_RE,
    REPORTS_IN_RE,
    ROLE_OF_ORG_RE,
    THE_PERSON_RE,
    THEIR_ROLE_RE,
    acronyms,
    clipped_name,
    described_names,
    initials,
    organisation_name,
    sentence_end_group,
)
from stance.text import CleanText, sentences


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Capitalised word ("Jean-Pierre", not "Iranian-backed"), initial, "al-Assad", "TV", "O’Brien".
# Latin letters with their accented forms ("Iñaky", "Müller", "Élodie").
_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
# A Korean given name's second syllable ("Jong-un", "Heung-gwang"), not an English compound
# ("Iranian-backed", "German-born", "Seoul-based")
_SYLLABLE = (
    rf"(?:-(?!(?:born|style|like|type|made|era|run|owned)\b)(?![{_LOW}]+ed\b)[{_LOW}]{{2,5}})?"
)
_NAME_TOKEN = (
    rf"(?:[{_UP}][{_LOW}]+(?:[{_UP}][{_LOW}]+)?(?:[’'-][{_UP}][{_LOW}]+)*{_SYLLABLE}|[{_UP}]\."
    rf"|al-[{_UP}][{_LOW}]+"
    # "Dr. Taher El-badawi": an Arabic article written with a capital, the name after it not
    rf"|[AE]l-[{_LOW}]{{3,}}"
    rf"|[{_UP}]{{2,}}[{_LOW}]*"
    # "O’Neal", "D’Amato", and "O’neal" as a careless text writes it
    rf"|[{_UP}][’'][{_UP}]?[{_LOW}]+)(?![\w-])"
)
# "of" may join capitalised words so that "Secretary of State Karl J. Weber" is one run whose
# title is then stripped.
# Lower-case particles inside a surname ("Bill de Blasio", "Ursula von der Leyen"): part of the
# name, so that "Mayor de Blasio" is a person and "the mayor" can be tied to him.
_PARTICLE = r"(?:de|da|di|du|del|della|der|van|von|bin|ibn|la|le)"
_PERSON_RE = re.compile(
    rf"(?<![\w.’'-]){_NAME_TOKEN}(?:\s+(?:of\s+|(?:{_PARTICLE}\s+){{1,2}})?{_NAME_TOKEN})+"
)
_NICKNAMED_RE = re.compile(
    rf"(?<![\w.’'-])(?P<first>{_NAME_TOKEN})\s+[“\"][A-Z][^”\"\n]{{1,30}}[”\"]\s+(?P<last>{_NAME_TOKEN})"
)
# "Mr Somers": a surname written again, no office that "the …" could refer to
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam"})
# the honorifics that say a gender and pick one namesake of two ("Mr Somers")
_GENDERED_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss"})
# "Abdulrahman", "Abdel-Rahman": an Arabic name whose first part is "servant of"
_ABD_PREFIX_RE = re.compile(r"^(?:abdul|abdel|abdal|abd)[-’']?(?=\w{3})")
# "al-Munajjid" is "Munajjid" after a title ("Sheikh Munajjid")
_NAME_PARTICLE_PREFIX_RE = re.compile(rf"^(?:{NAME_PARTICLES})[-’']")
# One capitalised word that may be a surname ("Obama" in "President Obama")
_NAME_WORD_RE = re.compile(rf"[{_UP}][{_LOW}’'-]+[{_LOW}]")
_LEADING_STOP = _wordset(
    "the a an in on at but and by for from as of to according both after before while "
    "when if that this these those it its he she they his her their what who where how why "
    # "On Tuesday Mark Olberholtzer told …": a date before a name is not part of it
    "monday tuesday wednesday thursday friday saturday sunday yesterday today "
    # "Although GlobalPost said …": a clause opener
    "although though because since whereas unless until meanwhile however despite "
    # "Then Thomas saw a dermatologist": when, not who
    "then later earlier also thus hence "
    # "Does Jess Smith look familiar?": a question's auxiliary (not "Will" nor "May", names)
    "does did do is was are were has have had can could would should must "
    # "Neither Ferguson nor St. Louis County police have contacted …": a conjunction, no name
    "neither either"
)
# Labels of named entities that are not people.
_NON_PERSON_LABELS = frozenset(
    {"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}
)
# A document that speaks for whoever issued it: "a statement from the family", "the report".
_DOCUMENT_RE = re.compile(
    r"(?P<det>a|an|one|the|its|their|his|her)\s+(?:\w+\s+){0,2}?"
    r"(?P<doc>statement|report|letter|release|press release|post|message|website|tweet|video"
    r"|fatwa|decree|edict)"
    r"(?:\s+(?:issued|released|posted|published|sent))?"
    # "a statement attributed to the Islamic State": the group it is attributed to
    r"(?:\s+(?:from|by|of|on behalf of|attributed to)\s+(?P<who>.+))?$",
    re.IGNORECASE,
)
# A police force by its name: "Cumbria Police", "Greater Manchester Police", "Kent Constabulary"
_POLICE_FORCE_RE = re.compile(
    r"\b(?:[A-Z][\w-]*\s+){1,3}(?:Police(?:\s+Service|\s+Department)?|Constabulary)\b"
)
# A kinship word, then a relative's full name: "her mother Anji Smith", "Woodard's brother,
# Allen Woodard"
_KIN_NAMED_RE = re.compile(
    r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w-]+[’']s)\s+(?:(?:older|younger|elder|twin|late)\s+)?"
    rf"(?:{KIN_WORDS}|grandmother|grandfather|stepfather|stepmother|parents?),?\s+"
    r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][\w’'-]+)"
)
# How far after the lede's pronoun the person it stands for must be named (characters)
_LEDE_NAME_REACH = 400
# A lede that opens with someone unnamed: "A Utah man was rushed …", "An Oregon teen says …"
_LEDE_SOMEONE_RE = re.compile(r"\s*(?:A|An)\s+(?:[\w’'-]+\s+){0,3}?(?P<noun>[a-z]+)\b")
# A subject's noun, then a comma before a name in apposition to it
_APPOSED_NAME_RE = re.compile(r"[a-z]+,\s*")
# A document owned by a day ("today's report", "Monday's statement"), or "the same" one
_TIME_OWNED_RE = re.compile(
    r"^(?:today|yesterday|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"[’']s\s+(?=(?:\w+\s+)?(?:statement|report|letter|release|post|message|video)\b)"
    # "the same report stated": the report named before
    r"|^(?:the|that)\s+same\s+(?=(?:statement|report|letter|release|post|message|video)\b)",
    re.IGNORECASE,
)
# The issuer named right after "a statement": "attributed to the Islamic State of Iraq and Syria
# (ISIS)", "released by the Pentagon" (a capitalised name, small words inside)
_ISSUER_AFTER_RE = re.compile(
    r",?\s+(?:attributed\s+to|issued\s+by|released\s+by|posted\s+by|from|by)\s+"
    # ("by cleric Tomas Ek": a role may come before the name)
    r"(?P<who>(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}?[A-Z][\w.’'&-]*"
    r"(?:\s+(?:(?:of|and|for|the|in\s+the)\s+)*[A-Z][\w.’'&-]*)*)"
)
# "a statement on the Yemen defense ministry's website": the site's owner issued it
_ISSUER_SITE_RE = re.compile(
    r"\s+(?:on|posted\s+on|published\s+on)\s+(?P<who>(?:the\s+)?[A-Z][^,.;:“”\"]{0,60}?)['’]s?\s+"
    r"(?:official\s+)?(?:website|web\s+site|site|web\s+page|page|account|feed)\b"
)
# "Glide in their statement", "the minister in an interview": a speaker and where it spoke
_IN_A_STATEMENT_RE = re.compile(
    # (not "the man in the video": a person described by where they are seen)
    r"(?P<who>\S.*?)\s+in\s+(?:a|an|their|its|his|her)\s+(?:[\w-]+\s+)?"
    r"(?:statement|letter|post|interview|email|e-mail|tweet|release|memo)"
)
# Articles and possessive pronouns: "her family" is the family.
# "A certain Earl Godoy": "certain" marks a stranger to the reader, no part of the name
_DETERMINER_RE = re.compile(r"^(?:a\s+certain|the|a|an|his|her|their|its)\s+", re.IGNORECASE)
# Speaker nouns that name no person ("the leaked document said")
_NOT_PERSON_SPEAKERS = _wordset(
    "article biography blog book complaint community cv document filing indictment lawsuit "
    "letter memo message outlet paper poll profile public release ruling site source story "
    "study survey tweet verdict video website"
)
# The last word of a place or building named after someone ("Queen Alia International Airport")
_PLACE_NAME_ENDS = _wordset(
    "airport hospital university college school street avenue square bridge mosque church "
    "cathedral stadium hotel palace station park"
)
# Speaker nouns that name bodies or documents, never one person (not "he" or "she").
_NOT_PERSON_NOUNS = _wordset(
    "company firm university school union organization organisation institute association "
    "foundation party campaign team club league court hospital airline website statement survey "
    "study poll report letter video post tweet government administration department agency "
    "ministry military army police council parliament regime press media newspaper outlet group "
    "family families tank"
)
_POSSESSIVE_RE = re.compile(r"[’']s$")
# "Mr. Murren of MGM" after "James J. Murren, the chief executive of MGM": a surname the text
# already gave in full, and the organisation the person is of
_SURNAME_OF_RE = re.compile(
    r"(?P<who>(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?(?P<surname>[A-Z][\w'’-]+))\s+of\s+(?:the\s+)?[A-Z].*",
    re.DOTALL,
)
# "the ministry's statement", "a survivor's account", "Apple's guidelines": the owner speaks
_OWNED_DOCUMENT_RE = re.compile(
    r"(?P<owner>[^,]+?)[’']s\s+(?:(?:own|latest|new|official)\s+)?(?P<doc>\w+)"
)
_ACCOUNTS = frozenset({"account", "accounts", "guidelines"})
_FIRST_PERSON_TOLD_RE = re.compile(FIRST_PERSON_TOLD)


def norm(s: str) -> str:
    """Whitespace-normalised, case-folded form for comparisons."""
    return " ".join(s.replace("'", "’").split()).casefold()


_KOREAN_GIVEN_NAME_RE = re.compile(r"[A-Z][a-z]+-[a-z]+")
# A capitalised name and an opening parenthesis right before a mention
_OTHER_NAME_BEFORE_RE = re.compile(r"[A-Z][\w’'-]*\s+\($")
# A soft hyphen ("US ­officials" are US officials) and the marks of writing direction
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u2066-\u2069]")
_TRAILING_HANDLE_RE = re.compile(r"(?<=[a-z])\s+@\w+$")
_GENERATION_RE = re.compile(r"(?:Jr|Sr|jr|sr)\.?")
_ROMAN_RE = re.compile(r"(?:II|III|IV|VI|VII|VIII|IX|XI|XII|XIII|XIV|XV|XVI)")


@dataclass
class Person:
    """A person named in the article body."""

    name: str  # longest full form, titles stripped
    titles: set[str] = field(default_factory=set)  # lower-case titles and appositive roles
    countries: list[str] = field(default_factory=list)  # in order of evidence strength
    first_pos: int = 0
    positions: list[int] = field(default_factory=list)  # where the name is written
    ends: list[int] = field(default_factory=list)  # where each of those ends
    confirmed: bool = False  # titled, or a person by the parser's NER somewhere

    @property
    def surname(self) -> str:
        words = self.name.split()
        # "Abdullah II": a regnal number is no surname; "Abdullah" names him
        return words[-2] if len(words) > 1 and _ROMAN_RE.fullmatch(words[-1]) else words[-1]

    @property
    def bare_surname(self) -> str:
        """The surname without an Arabic particle ("al-Munajjid" -> "Munajjid")."""
        return _NAME_PARTICLE_PREFIX_RE.sub("", self.surname)


@dataclass(frozen=True)
class MentionInfo:
    kind: str  # person | role | group | place | pronoun
    name: str  # person name (titles stripped), or the role/group/place phrase
    role: str = ""  # lower-case role words ("supreme leader", "spokeswoman")
    country: str | None = None  # a country cue inside the mention
    titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Speaker:
    canonical: str
    kind: str  # person | role | group | place
    country: str | None  # the country the mention or person is tied to, if any


def _strip_titles(
    tokens: list[str], lex: Lexicon, after_unknown: bool = True
) -> tuple[list[str], list[str]]:
    """Leading titles off a token list (longest title first), and the titles found.

    A title may follow one or two capitalised words the lexicon does not know ("Ruritanian
    Prime Minister Anna Berg"): they go with the title (``after_unknown``; not once a title
    was read: in "President Hassan Sheikh Mohamud" the words after it are the name).
    """
    for skip in (1, 2) if after_unknown else ():
        if len(tokens) > skip + 1 and not lex.title_re.match(" ".join(tokens)):
            rest = tokens[skip:]
            m = lex.title_re.match(" ".join(rest))
            if m and all(t[:1].isupper() for t in tokens[:skip]):
                tokens = rest
                break
    titles: list[str] = []
    changed = True
    while tokens and changed:
        changed = False
        joined = " ".join(tokens)
        m = lex.title_re.match(joined)
        if m:
            n = len(m.group(0).split())
            titles.append(" ".join(tokens[:n]).lower())
            tokens = tokens[n:]
            changed = True
    return tokens, titles


# "… of Long Beach" before ", Calif." or ", Texas": a town, then its state or country
_OF_PLACE_RE = re.compile(r"\bof\s+(?:[A-Z][\w’'-]*\s*){1,3}$")
_PLACE_PART_RE = re.compile(r"[A-Z][\w’'-]*\.?(?:\s+[A-Z][\w’'-]*\.?)?")


def _without_suffix(tokens: list[str]) -> list[str]:
    """A full name without its generational suffix: "Duncan Hunter Jr." is Duncan Hunter, whom
    "Hunter said" names (the suffix is no surname, and is written with and without its
    point)."""
    if len(tokens) > 2 and _GENERATION_RE.fullmatch(tokens[-1]):
        return tokens[:-1]
    return tokens


def _split_country(phrase: str, lex: Lexicon) -> tuple[str | None, str]:
    """Country cues at the start of a phrase ("Iran’s supreme leader", "U.S. State Department
    spokeswoman") -> (first country, rest)."""
    country = None
    rest = _DETERMINER_RE.sub("", phrase.strip())
    while True:
        m = lex.country_re.match(rest)
        if not m:
            break
        after = rest[m.end() :].lstrip()
        if after.split()[:1] and after.split()[0].strip(",") in lex.name_words:
            break  # "Washington Post", "USA Today": the place is part of the outlet's name
        if lex.non_state(after) or lex.city_own(m.group(0), after):
            break  # "Syrian rebels" are no side of Syria's state, "Ottawa police" Canada's
        country = country or lex.country_of(m)
        rest = after
    return country, rest


# Where a group is: "in Carlisle", "in the Gaza Strip" closing a mention
_IN_PLACE_RE = re.compile(
    r"\s+(?:in|inside|outside|near)\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2})$"
)


# Last words of an organisation's or an outlet's name, which the parser may take for a person's
_NOT_A_PERSONS_LAST_WORD = (
    OUTLET_WORDS
    | PRINT_WORDS
    | _wordset(
        "Media Group Inc Inc. Ltd Ltd. Corp Corp. Corporation Company Bank University College "
        "Institute Foundation Association Agency Ministry Department Council Party"
    )
)
# Who "a … named X" may be when X is one word: "a man named Jeremy" (not "a site called X")
_NAMED_INDIVIDUALS = _wordset(
    "man woman boy girl person teen teenager child agent employee worker student user"
)
# (not "them": a group the text names may be far back, and a singular "them" is a role's)
_OBJECT_PRONOUNS = {"him": "he", "her": "she"}


def _issuing_body(phrase: str, lex: Lexicon) -> str:
    """ "foreign ministry statement" -> "foreign ministry": a document written with the body
    that issued it as a noun before it (a participle may follow: "release announcing …")."""
    words = phrase.split()
    for k, word in enumerate(words[1:4], 1):
        if word.lower() in lex.document_nouns:
            if words[k - 1].lower() not in lex.institution_nouns:
                return ""
            tail = words[k + 1 : k + 2]
            if tail and not re.fullmatch(r"[a-z]+(?:ing|ed)", tail[0]):
                return ""
            return " ".join(words[:k])
    return ""


def analyse_mention(mention: str, lex: Lexicon) -> MentionInfo:
    """What kind of speaker a mention names, and its name/role/country parts."""
    text = " ".join(_INVISIBLE_RE.sub("", mention).split())
    # "Kerem Soyyilmaz @keremsoyyilmaz said": a tweeter's name, then the handle
    text = _TRAILING_HANDLE_RE.sub("", text) or text
    # "� he": a stray symbol before the mention; "Nigeria for its part", "the Tor Project
    # itself": words that place the speaker in the story, no part of its name
    text = _MENTION_EDGES_RE.sub("", text) or text
    # "Then Thomas", "The 21-year-old, from Bunbury, Western Australia": when, and where the
    # speaker is from, are no part of who speaks
    text = _WHEN_AND_WHENCE_RE.sub("", text) or text
    # "32-year-old Adeline Horner, Horner’s mother": the age before a name is no part of it
    text = _AGE_BEFORE_NAME_RE.sub("", text) or text
    # "The New York-based Committee to Protect Journalists": where it sits is no part of its name
    text = _BASED_IN_RE.sub(r"\g<det>", text)
    # "'The ISIS men", "Department (CPWD": a quotation mark or parenthesis the mention opens
    # but does not close is the text's, not the name's
    if text[:1] in "'‘\"“" and not any(q in text[1:] for q in "'’\"”"):
        text = text[1:].lstrip() or text
    if "(" in text and ")" not in text[text.rfind("(") :]:
        text = text[: text.rfind("(")].rstrip() or text
    if text.lower() in {"he", "she", "they", "it"}:
        return MentionInfo("pronoun", text.lower())
    words = text.split()
    if len(words) > 1 and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    manner = 0
    while manner < len(words) - 1 and words[manner].lower() in lex.manner_words:
        manner += 1
    if manner and words[manner][:1].isupper():
        # "Bewildered Yen told local TV", "a visibly upset Smith": how the speaker felt
        text = " ".join(words[manner:])
    if text.lower() in _OBJECT_PRONOUNS:
        # "quotes him as saying", "read her as saying": the object of a cue that cites someone
        return MentionInfo("pronoun", _OBJECT_PRONOUNS[text.lower()])
    named = NAMED_PERSON_RE.fullmatch(text)
    if named is not None:
        # "A 19-year-old named Jess Smith", "a man called John Smith": the one named; "a site
        # called DeepDotWeb": a one-word name is a person's only if a person is described
        name, desc = named.group("name"), named.group("desc").lower()
        person = len(name.split()) > 1 or head_noun(desc) in _NAMED_INDIVIDUALS
        return MentionInfo("person" if person else "group", name, desc)
    handle = NAMED_HANDLE_RE.search(text)
    if handle is not None and handle.end() == len(text):
        # 'a commenter named "4npower"': the one who goes by the handle
        role = re.sub(r"^(?:the|a|an|another)\s+", "", text[: handle.start()].strip(), flags=re.I)
        return MentionInfo("person", handle.group("handle"), role.lower())
    where = _IN_PLACE_RE.search(text)
    if where is not None and "," not in text:
        # "Shoppers in Carlisle", "Journalists in Havana": where they are is part of their
        # name, and their state's side only for its officials ("Senior officials in Iraq")
        info = analyse_mention(text[: where.start()], lex)
        if info.kind in ("group", "role"):
            head = head_noun(info.name).lower()
            country = info.country
            if country is None and head in lex.official_nouns:
                country = analyse_mention(where.group("place"), lex).country
            return replace(info, name=info.name + text[where.start() :], country=country)
    if "," in text:
        parts = text.split(",")
        if len(parts) > 2:
            first = analyse_mention(parts[0], lex)
            if first.kind == "person":
                # "Rosario Murillo, a government spokeswoman and wife of the president, Daniel
                # Ortega": the name that opens the mention speaks; the rest describes her
                described = analyse_mention(",".join(parts[1:]), lex)
                role = described.role or described.name.lower()
                titles = (*first.titles, *([role] if role else []))
                return MentionInfo("person", first.name, role, first.country, titles)
        # appositive: "A Peruvian Foreign Ministry spokeswoman, Lena Ortiz"
        desc, _, name = text.rpartition(",")
        town = _OF_PLACE_RE.search(desc)
        if town and _PLACE_PART_RE.fullmatch(name.strip()):
            # "Paul Wallace of Long Beach, Calif.": a person, the town and its state
            who = desc[: town.start()].split()
            if (
                2 <= len(who) <= 4
                and all(re.fullmatch(_NAME_TOKEN, w) for w in who)
                and not any(w.lower() in _NOT_PERSON_NOUNS for w in who)
            ):
                return MentionInfo("person", " ".join(who))
            return analyse_mention(desc, lex)
        d = analyse_mention(desc, lex)
        n = analyse_mention(name, lex)
        if d.kind == "person" and (n.kind != "person" or (n.titles and not d.titles)):
            # "Nikos Dendias, the Greek foreign minister"; "Sumit Mehra, CTO of app studio Y
            # Media Labs": a bare name before a description that ends in a name-like word
            d, n = n, d
        if n.kind == "person":
            role = d.role or (d.name.lower() if d.kind in {"role", "group"} else "")
            titles = (*n.titles, *d.titles, *([role] if role else []))
            return MentionInfo("person", n.name, role, n.country or d.country, titles)
        if d.kind == "group" and _INDEFINITE_RE.match(name.strip()):
            return d  # "The Scottish SPCA, an animal welfare charity": the name speaks
        return n
    text = _QUANTIFIER_RE.sub("", text) or text
    bare = _DETERMINER_RE.sub("", text)
    owned = _OWNED_DOCUMENT_RE.fullmatch(bare)
    document = owned.group("doc").lower() if owned else ""
    if owned and (document in lex.document_nouns or document in _ACCOUNTS):
        return analyse_mention(owned.group("owner"), lex)  # "a survivor's account": the survivor
    issuer = _issuing_body(bare, lex)
    if issuer:
        # "a foreign ministry statement", "the government release announcing his appointment":
        # the body that issued it speaks
        return analyse_mention(issuer, lex)
    whole = lex.country_re.fullmatch(bare)
    if whole:
        country = lex.country_of(whole)
        plain = _POSSESSIVE_RE.sub("", bare)
        # a country's own name/alias becomes its name; a capital or institution stays as written
        is_alias = any(norm(plain) == norm(a) for a in _aliases(lex, country))
        return MentionInfo("place", country if is_alias else plain, country=country)
    country, rest = _split_country(text, lex)
    of_country, rest = _split_of_country(rest, lex)
    country = country or of_country
    tokens = rest.split()
    owner = next((i for i, t in enumerate(tokens[:4]) if _POSSESSIVE_RE.search(t)), None)
    if (
        owner is not None
        and 2 <= len(tokens) - owner - 1 <= 4
        and all(t[:1].isupper() for t in tokens[: owner + 1])
        and all(re.fullmatch(_NAME_TOKEN, t) for t in tokens[owner + 1 :])
        and not set(tokens) & (OUTLET_WORDS | PRINT_WORDS)  # "Taiwan’s Ledger Daily" is its name
        and not lex.country_re.fullmatch(_POSSESSIVE_RE.sub("", " ".join(tokens[: owner + 1])))
    ):
        tokens = tokens[owner + 1 :]  # "Al Jazeera's Haru Mutasa": whom he works for is no name
    tokens, titles = _strip_titles(tokens, lex)
    tokens = _without_suffix(tokens)
    roles = lex.affiliation_roles
    while len(tokens) > 1 and tokens[0][:1].isupper() and tokens[0].lower() in roles:
        titles.append(tokens.pop(0).lower())  # "Commissioner Bratton": a role as a title
    # "House Republicans": capitalised, but a group of people, not a person's name
    group_noun = bool(tokens) and _plural(tokens[-1]) and tokens[-1].lower() in lex.speaker_nouns
    # "the CEO", "the CFO": a role written in capitals, no name
    acronym_role = len(tokens) == 1 and tokens[0].isupper() and tokens[0].lower() in roles
    if (
        tokens
        and not group_noun
        and not acronym_role
        and all(
            re.fullmatch(_NAME_TOKEN, t) or (0 < i < len(tokens) - 1 and re.fullmatch(_PARTICLE, t))
            for i, t in enumerate(tokens)
        )
    ):
        return MentionInfo("person", " ".join(tokens), "", country, tuple(titles))
    named = _name_after_role(tokens, lex) or _name_after_occupation(tokens)
    if named is not None:
        # "Boko Haram leader Abubakar Shekau", "Police Chief Jon Belmar": the name after the
        # last role word; the words before it describe the person
        described, name = named
        words = [*(w for t in titles for w in t.split()), *described.lower().split()]
        for i, w in enumerate(words[1:], 1):
            if w in ("for", "to") and words[i - 1] in lex.speaker_nouns | lex.affiliation_roles:
                # "The spokesman for Prime Minister Stephen Harper" is his spokesman, not him
                role = f"{name} {words[i - 1]}"
                return MentionInfo("role", role, role.lower(), country, tuple(titles))
        return MentionInfo("person", name, "", country, (*titles, described.lower()))
    words = [t for t in tokens if t]
    role = " ".join(titles + [w.lower() for w in words]).strip()
    head = words[-1].lower() if words else (titles[-1] if titles else "")
    plural = head.endswith("s") and head in lex.speaker_nouns and not head.endswith("ss")
    kind = "group" if plural or (words and words[0][0].isupper() and not acronym_role) else "role"
    name = ACCESS_RE.sub("", _DETERMINER_RE.sub("", text)) or text
    if titles and words and _POSSESSIVE_RE.search(words[0]) and words[0][:1].isupper():
        name = " ".join(words)  # "Corporal Cirillo’s aunt": the aunt of Cirillo, whatever his rank
    name = DEFINED_ACRONYM_END_RE.sub("", name) or name  # "… Directorate (CDD)": the name
    named_site = _NAMED_SITE_RE.fullmatch(name)
    if named_site is not None:
        # "Israel's NRG news site": the site's name
        return MentionInfo("group", named_site.group("org"), role, country, tuple(titles))
    described_org = _DESCRIBED_ORG_RE.fullmatch(name[:1].lower() + name[1:])  # "Extremist group"
    if described_org is not None:
        # "the military newspaper Stars and Stripes": the name the description leads to
        return MentionInfo("group", described_org.group("org"), role, country, tuple(titles))
    of_org = ROLE_OF_ORG_RE.fullmatch(name)
    if of_org and of_org.group("role").split()[-1].lower() in lex.affiliation_roles:
        # "a representative of Mark-1 Plumbing" is written "Mark-1 Plumbing representative", as
        # "a spokesman for the NHL" is "NHL spokesman"
        name = f"{of_org.group('org')} {of_org.group('role')}"
    first = name.split()[0] if name.split() else ""
    rest = name[len(first) :]
    if first[1:].islower() and first.lower() in lex.speaker_nouns and rest == rest.lower():
        name = first.lower() + name[len(first) :]  # "Protesters said" at a sentence start
    return MentionInfo(kind, name, role, country, tuple(titles))


@cache
def _words_before_a_name(
    roles: frozenset[str], speaker_nouns: frozenset[str], titles: frozenset[str]
) -> frozenset[str]:
    """Role, speaker and title words (all lower-case) that may stand before a personal name:
    one set per lexicon, not one per mention."""
    return roles | speaker_nouns | titles


def _name_after_role(tokens: list[str], lex: Lexicon) -> tuple[str, str] | None:
    """(the words up to the last role word, the personal name after it) when a phrase ends in
    a name of two to four words after a role ("Hunter spokesman Joe Kasper"), else None."""
    roles = _words_before_a_name(lex.affiliation_roles, lex.speaker_nouns, lex.titles)
    last = max((i for i, t in enumerate(tokens) if t.lower().strip(",") in roles), default=-1)
    tail = tokens[last + 1 :]
    # a role written as a title may precede a surname alone ("Commissioner Bratton")
    shortest = 1 if last >= 0 and tokens[last][:1].isupper() else 2
    if last < 0 or not shortest <= len(tail) <= 4:
        return None
    if not all(
        re.fullmatch(_NAME_TOKEN, t) or (0 < i < len(tail) - 1 and re.fullmatch(_PARTICLE, t))
        for i, t in enumerate(tail)
    ):
        return None
    return " ".join(tokens[: last + 1]), " ".join(tail)


def _name_after_occupation(tokens: list[str]) -> tuple[str, str] | None:
    """ "Dental receptionist Nicola Dawson": (what the person does, the name) when a phrase
    opens a sentence with an occupation in lower case and ends in a name of two or three words."""
    lower = [i for i, t in enumerate(tokens) if t[:1].islower()]
    if not lower or lower != list(range(1, lower[-1] + 1)) or len(lower) > 3:
        return None
    tail = tokens[lower[-1] + 1 :]
    if len(tail) not in (2, 3) or not all(re.fullmatch(_NAME_TOKEN, t) for t in tail):
        return None
    if any(tokens[i] in _OCCUPATION_STOPS for i in lower):
        return None
    return " ".join(tokens[: lower[-1] + 1]), " ".join(tail)


# People with no role, described by how they know: "three people familiar with the incident",
# "a person familiar with the transaction" (the name drops the number)
_ANONYMOUS_PEOPLE_RE = re.compile(
    r"(?:(?:the|a|an|one|another|two|three|four|five|several|some|other)\s+)?"
    rf"(?P<name>(?:people|person|persons|sources|source)\s+(?:{ACCESS_PHRASE}|close\s+to)\s+.+)",
    re.IGNORECASE,
)
# The pool named again: "one of these people", "the sources", "the Journal's sources".
_POOL_AGAIN_RE = re.compile(
    r"(?:(?:one|some|two|three)\s+of\s+)?(?:these|those|the)\s+(?:people|sources|source|person)|sources"
    r"|(?:(?:one|some|two|three)\s+of\s+)?(?:the\s+)?[A-Z][\w.-]*['’]s\s+sources",
    re.IGNORECASE,
)
# What a mention may carry around a speaker's name that is no part of it.
_MENTION_EDGES_RE = re.compile(
    r"^[^\w“”\"‘’']+|,?\s+(?:for\s+(?:its|his|her|their)\s+part|in\s+turn|itself|themselves)$",
    re.IGNORECASE,
)
_WHEN_AND_WHENCE_RE = re.compile(
    r"^(?:Then|Later|Meanwhile|Also|Earlier)\s+(?=[A-Z])"
    r"|,\s+from\s+[A-Z][\w.’'-]*(?:,?\s+[A-Z][\w.’'-]*){0,4}$"
)
# A website's name, then what it is: "Israel's NRG news site", "the Drudge Report website".
_NAMED_SITE_RE = re.compile(
    r"(?:[A-Z][\w.-]*['’]s\s+)?(?P<org>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}?)\s+"
    r"(?:news\s+)?(?:site|website|[Ww]eb\s+site)"
)
# A kind of organisation in lower case, then its name: "military newspaper Stars and Stripes".
_DESCRIBED_ORG_RE = re.compile(
    r"(?:[a-z][\w-]*\s+){0,2}(?:newspaper|paper|daily|tabloid|agency|website|site|blog|magazine"
    r"|broadcaster|channel|network|station|group|organi[sz]ation|company|firm|charity|watchdog"
    r"|outlet|consultancy|publication|startup|studio|think\s+tank)\s+(?:the\s+)?"
    r"(?P<org>[A-Z][\w.&’'-]*(?:\s+(?:(?:of|and|for|on|de|the)\s+)?"
    r"[A-Z][\w.&’'-]*)*)"
)
_OCCUPATION_STOPS = _wordset("of for and to in at on by with from the a an as said says told")


def _split_of_country(phrase: str, lex: Lexicon) -> tuple[str | None, str]:
    """ "Anna Berg of Canada" -> ("Canada", "Anna Berg"); other phrases unchanged."""
    m = re.fullmatch(r"(.+?)\s+of\s+(?:the\s+)?(.+)", phrase.strip())
    if m:
        cm = lex.country_re.fullmatch(m.group(2))
        if cm and not _named_of_a_country(m.group(1), lex):
            return lex.country_of(cm), m.group(1)
    return None, phrase


def _named_of_a_country(word: str, lex: Lexicon) -> bool:
    """Whether one capitalised word before "of <country>" starts a body's name ("Dawn of
    Libya", a militia) rather than a role or a body of that country ("Government of Canada",
    "President of Iraq")."""
    low = word.lower()
    return (
        re.fullmatch(r"[A-Z][a-z]+", word) is not None
        and low not in lex.speaker_nouns | lex.titles | lex.affiliation_roles
        and low not in lex.institution_nouns | lex.official_nouns
        and low not in lex.female_names | lex.male_names
    )


def _aliases(lex: Lexicon, country: str) -> tuple[str, ...]:
    for c in lex.countries:
        if c.name == country:
            return c.aliases
    return ()


def find_people(
    clean_text: CleanText,
    lex: Lexicon,
    is_a_person: Callable[[int, int], bool] | None = None,
    is_a_named_person: Callable[[int, int], bool] = lambda _s, _e: False,
) -> list[Person]:
    """People named in the body (two or more name tokens), with titles, roles and countries.

    ``is_a_person(start, end)`` says that a run of capitalised words is a person's name (the
    parser's named entities); a person is ``confirmed`` when one of its names is, or when it has
    a title. Only confirmed people are "he" or "she": "Boko Haram" and "Fox News" are not.
    ``is_a_named_person(start, end)`` says that one person entity covers the whole run (a
    country word in it is then a first name: "Jordan Matson").
    """
    text = clean_text.text
    people: list[Person] = []
    is_a_person = is_a_person or (lambda _s, _e: True)
    for block in clean_text.body():
        for m in _PERSON_RE.finditer(text, block.start, block.end):
            if (
                _OTHER_NAME_BEFORE_RE.search(text, block.start, m.start())
                and text[m.end() : m.end() + 1] == ")"
            ):
                continue  # "the Religion Front (Jabhat Ansar al-Deen)": its other name, no one's
            tokens = m.group(0).split()
            countries: list[str] = []
            titles: list[str] = []
            first_name_country = False
            written_title = False
            # strip leading stop words, country cues and titles ("Syrian President Bashar Assad")
            while tokens:
                if tokens[0].lower() in _LEADING_STOP or tokens[0].lower() in lex.manner_words:
                    tokens = tokens[1:]  # "But", "Bewildered": no part of the name
                    continue
                if tokens[0] == "So" and len(tokens) == 2:
                    # "“So Apple is limiting …”": a connective before one name ("So Se Pyong"
                    # is a name of three words)
                    tokens = tokens[1:]
                    continue
                joined = " ".join(tokens)
                cm = lex.country_re.match(joined)
                if (
                    cm
                    and len(joined[cm.end() :].split()) == 1
                    and is_a_named_person(m.start() + m.group(0).find(joined), m.end())
                ):
                    first_name_country = True
                    break  # "Jordan Matson": the parser reads a first name, not a country
                if cm and cm.end() < len(joined) and joined[cm.end()] == " ":
                    after = joined[cm.end() :]
                    # ("French NGO ACTED", "Ottawa Mayor Jim Watson": no state's)
                    if not lex.non_state(after) and not lex.city_own(cm.group(0), after):
                        countries.append(lex.country_of(cm))
                    tokens = " ".join(tokens)[cm.end() :].split()
                    continue
                rest, found = _strip_titles(tokens, lex, after_unknown=not titles)
                if found:
                    written_title = written_title or any(
                        t.rstrip(".") not in _HONORIFICS for t in found
                    )
                    titles.extend(found)
                    tokens = rest
                    continue
                break
            # "Attorney Chris Chestnut", "St. Louis County Police Chief Jon Belmar": a role
            # written as a title ("Commissioner Bratton" is no new person: a surname alone)
            role_at = max(
                (i for i, t in enumerate(tokens[:-1]) if t.lower() in lex.affiliation_roles),
                default=-1,
            )
            if role_at >= 0:
                titles.append(" ".join(tokens[: role_at + 1]).lower())
                tokens = tokens[role_at + 1 :]
                if tokens[0] == "of":
                    continue  # "the CEO of Apple": an organisation, no one's name
            of_country, rest = _split_of_country(" ".join(tokens), lex)
            if of_country:
                countries.append(of_country)
                tokens = rest.split()
            tokens = _without_suffix(_person_before_of(tokens, text, m, is_a_person))
            if tokens and tokens[-1].lower() in _PLACE_NAME_ENDS:
                continue  # "Queen Alia International Airport": a place named after someone
            # "President Obama": a title makes one name a person ("the president" is he)
            single = (
                len(tokens) == 1
                and written_title
                and _NAME_WORD_RE.fullmatch(tokens[0]) is not None
                and is_a_person(m.start() + m.group(0).rfind(tokens[0]), m.end())
            )
            if (len(tokens) < 2 and not single) or lex.country_re.fullmatch(" ".join(tokens)):
                continue
            if not first_name_country and any(lex.country_re.fullmatch(t) for t in tokens):
                continue  # "Islamic Republic Iran"-like runs, not a personal name
            name = " ".join(tokens)
            name_start = m.start() + m.group(0).find(tokens[0])
            titles.extend(_preceding_titles(text, block.start, name_start, lex))
            appositive = _appositive_role(text, block.start, name_start, lex)
            if not appositive[0] and titles and m.start() < name_start:
                # "the Vatican's deputy spokesman, Father Ciro Benedettini": before the title,
                # a person's role ("According to a report, Father John O'Neal" is no report)
                before_title = _appositive_role(text, block.start, m.start(), lex)
                if head_noun(before_title[0]) in lex.affiliation_roles | lex.titles:
                    appositive = before_title
            for role, country in (
                appositive,
                _following_role(text, m.end(), block.end, lex, name_start=m.start()),
            ):
                if role:
                    titles.append(role)
                if country:
                    countries.append(country)
            # the words before a titled name ("top U.S. diplomats, including Secretary of
            # State Karl J. Weber"); only for titled names, where they describe the person
            window = (
                _window_country(text, block.start, m.start(), lex)
                if titles and not single
                else None
            )
            if window:
                countries.append(window)
            titled = bool(titles)
            described = _noun_before(text, block.start, name_start, lex)
            if described is None and titles and m.start() < name_start:
                # "the 71-year-old cleric Father John O'Neal": the noun before the title
                described = _noun_before(text, block.start, m.start(), lex)
            if described:
                titles.append(described)
            if _FORMER_TITLE_BEFORE_RE.search(text, max(block.start, m.start() - 30), m.start()):
                titles = []  # "then-Police Commissioner Ray Kelly" no longer holds the title
            person = _same_person(people, tokens)
            if person is None:
                person = Person(name, set(titles), countries, m.start(), [m.start()], [m.end()])
                people.append(person)
            else:
                if len(name) > len(person.name):
                    person.name = name
                person.titles.update(titles)
                person.countries.extend(countries)
                person.positions.append(m.start())
                person.ends.append(m.end())
            # "Fox News", "Boko Haram": named, but the parser's NER does not call them people
            person.confirmed = person.confirmed or titled or is_a_person(*m.span())
        for m in _NICKNAMED_RE.finditer(text, block.start, block.end):
            # 'Mohammed “Teen Wolf” Islam': a nickname between the names is no part of them
            tokens = [m.group("first"), m.group("last")]
            person = _same_person(people, tokens)
            if person is None:
                person = Person(" ".join(tokens), set(), [], m.start(), [m.start()], [m.end()])
                people.append(person)
            person.confirmed = person.confirmed or is_a_person(*m.span("first"))
    return people


def _narrowed(att: Attribution, part: str) -> Attribution:
    """``att`` with its mention narrowed to ``part``, the first place it is written in it."""
    offset = att.mention_start + att.mention.find(part)
    return replace(att, mention=part, mention_start=offset, mention_end=offset + len(part))


def _person_before_of(
    tokens: list[str], text: str, m: re.Match[str], is_a_person: Callable[[int, int], bool]
) -> list[str]:
    """ "Stephen Foskett of Grail Watch": the person's name alone, when the parser calls the
    words before "of" a person and those after it not (the organisation is an affiliation)."""
    if len(tokens) >= 3 and tokens[1] == "of":
        # "News of Rosenberg’s capture": a noun opening the sentence, then the person
        first = text.find(tokens[0], m.start(), m.end())
        after = text.find(tokens[2], first + len(tokens[0]), m.end())
        if first >= 0 and after >= 0:
            before_is = is_a_person(first, first + len(tokens[0]))
            after_is = is_a_person(after, m.end())
            if after_is and not before_is:
                return tokens[2:]
            if before_is and not after_is:
                return tokens[:1]  # "Mr. Murren of MGM": a surname and what the person is of
    if "of" not in tokens[2:-1]:
        return tokens
    k = tokens.index("of", 2)
    left = " ".join(tokens[:k])
    start = text.find(left, m.start(), m.end())
    right = text.find(tokens[k + 1], start + len(left), m.end())
    if start < 0 or right < 0 or not all(re.fullmatch(_NAME_TOKEN, t) for t in tokens[:k]):
        return tokens
    if is_a_person(start, start + len(left)) and not is_a_person(right, m.end()):
        return tokens[:k]
    if k == 2 and re.match(r",\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,", text[m.end() : m.end() + 30]):
        return tokens[:k]  # "Ryan Roche of Lehi, Utah,": where he is from, however parsed
    return tokens


def _surname_mentions(
    clean_text: CleanText, people: list[Person], is_a_person: Callable[[int, int], bool]
) -> list[tuple[int, int, Person]]:
    """Where a person is named by surname alone ("Mr. Cooper first saw …"), for a surname only
    one person in the article has, and where the parser calls it a person; a pronoun after it
    may refer to them."""
    owners: dict[str, list[Person]] = {}
    for p in people:
        # ("Pope Francis" … "Francis struck a compassionate tone": one name made a person by
        # its title)
        if len(p.name.split()) > 1 or (p.titles and p.confirmed):
            owners.setdefault(p.surname, []).append(p)
    found: list[tuple[int, int, Person]] = []
    text = clean_text.text
    for surname, (person, *others) in owners.items():
        if others:
            continue
        full = list(zip(person.positions, person.ends, strict=True))
        pattern = re.compile(rf"\b{re.escape(surname)}\b(?![’'\w-])")
        for block in clean_text.body():
            for m in pattern.finditer(text, block.start, block.end):
                start, end = m.start(), m.end()
                if not any(s <= start < e for s, e in full) and is_a_person(start, end):
                    found.append((start, end, person))
    return found


_PAPER_NOUNS = frozenset(["paper", "newspaper", "daily", "tabloid", "broadsheet"])
# A print outlet's name as written: "the Telegraph", "The Sunday Times"
_PRINT_NAME_RE = re.compile(
    r"(?<![\w’'-])(?P<name>(?:[A-Z][\w’'-]*\s+){0,3}(?:"
    + "|".join(sorted(PRINT_WORDS))
    + r"))(?![\w’'-])"
)
_COMMA_ONLY_RE = re.compile(r"\s*,\s*")
_COORDINATION_RE = re.compile(r"\s(?:and|&)\s")
# What a text calls a news outlet or website ("the College Fix, a website for students")
_OUTLET_NOUNS = _wordset("website site blog magazine newspaper paper tabloid outlet publication")
# "the news agency", "the state news agency": an outlet, never a government agency
_NEWS_AGENCY_RE = re.compile(r"(?:[a-z-]+\s+)?news\s+agency")
# What a website publishes, or is: "the site", "the article", "the post"
_SITE_NOUNS = _wordset("site website blog article post story")


def _same_nouns(noun: str) -> Collection[str]:
    """The nouns a description with ``noun`` may refer back by: a paper's are one ("the local
    paper" after "The Daily Courier, her hometown newspaper")."""
    return _PAPER_NOUNS if noun in _PAPER_NOUNS else (noun,)


# "…, reports BusinessKorea", "a report in the Washington Post": an outlet after its cue
_REPORTS_OUTLET_RE = re.compile(
    r"\b(?:report(?:s|ed)|reports?\s+(?:in|by|from))\s+(?:the\s+)?"
    # (not a time: "the Journal reported Monday")
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|Yesterday)\b)"
    r"(?P<who>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})"
)
# A website the text names: "Grail-watch.com", "a site called DeepDotWeb", "the satirical website
# World News Daily Report"
_SITE_NAME_RE = re.compile(
    r"(?<![\w.])(?P<domain>[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*\.(?:com|net|org|co\.uk))\b"
    r"|\b(?:site|website|blog)\s+(?:called\s+|named\s+)?"
    r"(?P<name>[A-Z][\w’'-]*(?:\.[A-Za-z][\w-]*)*(?:\s+[A-Z][\w’'-]*){0,4})"
)


def _contains_words(name: str, words: list[str]) -> bool:
    """Whether ``words`` run, in order, inside ``name``."""
    have = name.split()
    return any(have[i : i + len(words)] == words for i in range(len(have) - len(words) + 1))


# A title its holder no longer has: "then-Police Commissioner Ray Kelly", "former Mayor X".
_FORMER_TITLE_BEFORE_RE = re.compile(
    r"(?:\bthen-|\bformer\s+|\bex-)(?:[A-Z][\w.]*\s+)?$", re.IGNORECASE
)


def _same_person(people: list[Person], tokens: list[str]) -> Person | None:
    """The person already found that ``tokens`` name: same surname and a compatible first name
    ("Karl J. Weber" ~ "Karl Weber"; "Kayla Mueller" and "Marsha Mueller" are two people)."""
    for person in people:
        known = person.name.split()
        # "King Abdullah" is "Abdullah II"; "Sheikh Munajjid" is "Mohammed al-Munajjid"
        surname = person.bare_surname
        if known[-1] != tokens[-1] and not (len(tokens) == 1 and tokens[0] == surname):
            continue
        if known[0] == tokens[0] or set(tokens) <= set(known) or set(known) <= set(tokens):
            return person
        if tokens == [surname]:
            return person  # "Sheikh Munajjid": the surname alone, its particle dropped
        folded, known_folded = {t.casefold() for t in tokens}, {t.casefold() for t in known}
        if [t.casefold() for t in known] == [t.casefold() for t in tokens] or (
            # "De Bretton-Gordon explained" for Hamish de Bretton-Gordon: a particle that
            # opens the sentence is capitalised
            tokens[0][0].isupper()
            and tokens[0].casefold() in known_folded
            and folded <= known_folded
        ):
            return person  # "De Blasio said" opens a sentence: de Blasio
    return None


def _preceding_titles(text: str, lo: int, pos: int, lex: Lexicon) -> list[str]:
    """Titles written right before a name in lower case ("the foreign minister Ali ...")."""
    before = text[max(lo, pos - 60) : pos]
    m = re.search(rf"(?:{lex.title_re.pattern})\s+$", before, re.IGNORECASE)
    return [m.group(0).strip().lower()] if m else []


def _noun_before(text: str, lo: int, pos: int, lex: Lexicon) -> str | None:
    """A speaker noun written right before a name ("UBS analyst Steven Milunovich"): what the
    person is, though not a title that makes a name a person's ("the official Rodong Sinmun")."""
    noun = re.search(
        r"(?<!\b[Tt]he )(?<!\b[Aa]n )(?<!\b[Aa] )\b([a-z]+)\s+$", text[max(lo, pos - 30) : pos]
    )
    if noun and noun.group(1) in lex.speaker_nouns and not _plural(noun.group(1)):
        return noun.group(1)  # after an article it may be an adjective ("the official Rodong")
    return None


def _appositive_role(text: str, lo: int, pos: int, lex: Lexicon) -> tuple[str, str | None]:
    """ "the Peruvian foreign minister, Rosa Vela": role and country of the descriptor."""
    before = text[lo:pos]
    if not re.search(r",\s*$", before):
        return "", None
    seg = before.rstrip()[:-1]
    cut = max(seg.rfind(","), seg.rfind(". "), seg.rfind("—"))
    words = seg[cut + 1 :].split()
    if not words or words[-1].lower() not in lex.speaker_nouns | lex.titles:
        return "", None
    # the noun phrase ending at the comma: back to its determiner, at most six words
    start = max(0, len(words) - 6)
    for i in range(len(words) - 1, start - 1, -1):
        if words[i].lower() in {"the", "a", "an"} or words[i].lower() in _LEADING_STOP:
            start = i
            break
    desc = " ".join(words[start:])
    country, rest = _split_country(desc, lex)
    role = " ".join(w.lower() for w in rest.split() if w.lower() not in {"the", "a", "an"})
    # keep the role noun phrase from the first title/role word on ("top diplomat" -> "diplomat")
    return role, country


# ", the Peruvian foreign minister," after a name: the descriptor phrase
_FOLLOWING_ROLE_RE = re.compile(r",\s+((?:the|a|an)\s+[^,.;“\"]{1,80}?)(?=[,.;]|\s+said\b)")


def _opens_its_clause(text: str, pos: int) -> bool:
    """Whether no lower-case word comes right before ``pos`` ("with Danladi Ahmadu" does not
    open its clause; "“…,” Senad Mehmedbasic" and a sentence's first name do)."""
    return re.search(r"\b[a-z][\w’'-]*\s+\Z", text[max(0, pos - 40) : pos]) is None


def _following_role(
    text: str, pos: int, hi: int, lex: Lexicon, name_start: int | None = None
) -> tuple[str, str | None]:
    """ "Rosa Vela, the Peruvian foreign minister, said": role and country after the name
    (written from ``name_start``, when given)."""
    m = _FOLLOWING_ROLE_RE.match(text, pos, hi)
    if not m:
        return "", None
    if (
        name_start is not None
        and text[m.end() : m.end() + 1] not in ",.;"
        and not _opens_its_clause(text, name_start)
    ):
        # "negotiating with Danladi Ahmadu, a presidency source said": the source is the
        # subject of "said", no description of the name inside what it reports
        return "", None
    roles = lex.speaker_nouns | lex.titles | lex.affiliation_roles
    phrase = m.group(1)
    topic = re.search(r"\s(?:on|about|over)\s", phrase)
    if topic is not None and head_noun(phrase[: topic.start()]) in roles:
        # "the Nigerian government's spokesperson on the Boko Haram insurgency": what the
        # role is about is no part of it
        phrase = phrase[: topic.start()]
    if head_noun(phrase) not in roles:
        return "", None  # "Steven Milunovich, an analyst at UBS,": the head is "analyst"
    country, rest = _split_country(phrase, lex)
    return " ".join(w.lower() for w in rest.split()), country


def _window_country(text: str, lo: int, pos: int, lex: Lexicon, n_words: int = 5) -> str | None:
    """The nearest country cue among the few words before a name in its sentence
    ("top U.S. diplomats, including Secretary of State Karl J. Weber")."""
    before = text[lo:pos]
    # not across a sentence end, nor a line break ("(European Pressphoto Agency)\nGuerrero
    # state Health Minister …" is no European)
    before = before[before.rfind("\n") + 1 :]
    # nor across a quotation that ends before it ("… been to Nigeria,” said Jeff Hershberger":
    # what he said, not where he is from)
    before = before[max(before.rfind("”"), before.rfind('"')) + 1 :]
    cut = max(before.rfind(". "), before.rfind("? "), before.rfind("! "))
    if cut >= 0 and not re.search(r"(?:[A-Z]\.)+\s$", before[: cut + 2]):
        before = before[cut + 2 :]
    before, _ = _strip_trailing_titles(before, lex)
    words = before.split()[-n_words:]
    window = " ".join(words)
    # "During a visit to Berlin, Foreign Secretary Philip Hammond": where the person is
    found = [
        m
        for m in lex.country_re.finditer(window)
        if not lex.visited_re.search(window, 0, m.start())
        # "action against Russia, President Barack Obama": the side opposed, no tie
        and not _AGAINST_BEFORE_RE.search(window, 0, m.start())
        # "Ottawa police spokesman Chuck Benoit": the city's, not Canada's
        and not lex.city_own(m.group(0), window[m.end() :])
    ]
    return lex.country_of(found[-1]) if found else None


_AGAINST_BEFORE_RE = re.compile(r"\b(?:against|versus|vs\.?)\s+(?:the\s+)?$", re.I)


def _strip_trailing_titles(before: str, lex: Lexicon) -> tuple[str, list[str]]:
    m = re.search(rf"(?:(?:{lex.title_re.pattern})\s+)+$", before)
    return (before[: m.start()], [m.group(0)]) if m else (before, [])


class SpeakerResolver:
    """Maps each attribution's mention to a ``Speaker``, in text order (for pronouns).

    ``entities`` are the parser's named entities as (start, end, label) character spans; with
    them a capitalised word that names an organisation or place ("ISIS", "Jordan") is a group,
    not a person, and so never the referent of "he" or "she".
    """

    def __init__(
        self,
        clean_text: CleanText,
        lex: Lexicon,
        aliases: Mapping[str, str] | None = None,
        entities: Sequence[tuple[int, int, str]] = (),
        subjects: Collection[int] = (),
        reported: Sequence[tuple[int, int]] = (),
        issued: Sequence[tuple[int, int, int, str]] = (),
    ) -> None:
        self.lex = lex
        self.text = clean_text.text
        self._clean_text = clean_text
        self.entities = sorted(entities)
        self._entity_starts = [s for s, _e, _l in self.entities]
        self.subjects = sorted(subjects)  # character offsets of the parse's subject tokens
        self.reported = sorted(reported)  # the claim spans: what the speakers said
        self._reported_starts = [s for s, _e in self.reported]
        # "The company released a statement": (position, issuer start, issuer end, document)
        self.issued = sorted(issued)
        self.gender: dict[str, str] = {}  # canonical person -> "he" / "she", once known
        self.last_person_at = -1
        self.history: list[Speaker] = []  # the speakers resolved so far, in text order
        # (relative, person): "his brother John" is John Vickers, of Kevin Vickers' family
        self.relatives: list[tuple[str, str]] = []
        self.people = find_people(clean_text, lex, self._is_a_person, self._one_person_entity)
        # every written name, by where it ends: for "he"/"she", the last one before a pronoun
        self._names = sorted(
            [(s, e, p) for p in self.people for s, e in zip(p.positions, p.ends, strict=True)]
            + _surname_mentions(clean_text, self.people, self._surname_is_the_person),
            key=lambda x: (x[1], x[0]),
        )
        self._name_ends = [e for _s, e, _p in self._names]
        self.aliases = {norm(k): v for k, v in (aliases or {}).items()}
        self.last_person: Speaker | None = None  # the last singular speaker: he / she
        self.last_group: Speaker | None = None
        self.last_issuer: Speaker | None = None  # who issued the last statement named
        # (document noun, speaker) of the last claim whose cue is the document's verb: "a blog
        # reported that …" makes "the report" the blog's
        self.last_by_cue: dict[str, Speaker] = {}
        self.reporters: list[Speaker] = []  # who "reported", in text order: "the news agency"
        self._acronyms = acronyms(self.text)
        # each name written in full once, for "CentCom" (``clipped_name``)
        self._name_runs = list(dict.fromkeys(m.group(0) for m in NAME_RUN_RE.finditer(self.text)))
        self._clipped: dict[str, str | None] = {}
        # outlets the article names: capitalised runs that end in an outlet word ("the Mail on
        # Sunday", "The New York Times")
        self._outlets = sorted(
            {m.group(0) for m in OUTLET_RE.finditer(self.text) if len(m.group(0).split()) >= 2},
            key=len,
            reverse=True,
        )
        # descriptions the text gives a name to, found once: (end, head noun, name) for "The
        # author, known only as Lena"
        self._known_names = [
            (m.end(), m.group("head"), m.group("name"), m.group(0).split()[0].lower() == "the")
            for m in KNOWN_AS_RE.finditer(self.text)
        ]
        # (start, noun, name, label): "the news organization GlobalPost", "the Scottish SPCA, an
        # animal welfare charity": what "the organization", "the charity" refer to
        self._described = described_names(self.text, self.entities)
        # the organisations the parser names anywhere in the article (two capitalised words or
        # an acronym, not a news outlet): antecedents of "the group"
        self._organisations = sorted(
            {
                name
                for s, e, label in self.entities
                if label == "ORG" and (name := organisation_name(self.text[s:e]))
            },
            key=len,
            reverse=True,
        )

    def _entities_near(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The entities that overlap ``[start, end)``: entities do not overlap each other and
        are sorted, so a bisection finds them (a long document has thousands)."""
        i = max(0, bisect_left(self._entity_starts, start) - 1)
        out = []
        while i < len(self.entities) and self.entities[i][0] < end:
            s, e, label = self.entities[i]
            if e > start:
                out.append((s, e, label))
            i += 1
        return out

    def _label_at(self, start: int, end: int) -> str | None:
        """The label of the named entity that covers ``[start, end)`` (None: none does)."""
        for s, e, label in self._entities_near(start, end):
            if s <= start and end <= e:
                return label
        return None

    def _is_a_person(self, start: int, end: int) -> bool:
        if not self.entities:
            return True  # no parse: every capitalised run may be a person, as before
        return any(label == "PERSON" for _s, _e, label in self._entities_near(start, end))

    def _surname_is_the_person(self, start: int, end: int) -> bool:
        """Whether a surname written alone stands for its one owner: where the parser calls it
        a person, or where it took the lone word for a place or a body ("This is Beaton
        hearing …", "Beaton's phone" tagged GPE) and the word is no country cue."""
        if self._is_a_person(start, end):
            return True
        near = self._entities_near(start, end)
        return all((s, e) == (start, end) for s, e, _label in near) and not self.lex.is_country_cue(
            self.text[start:end]
        )

    def _one_person_entity(self, start: int, end: int) -> bool:
        return any(
            label == "PERSON" and s <= start and end <= e
            for s, e, label in self._entities_near(start, end)
        )

    def is_confirmed_person(self, name: str) -> bool:
        """Whether ``name`` is a person the parser (or a title) confirms ("Sunday Times" is
        name-shaped, but no person)."""
        return any(p.name == name and p.confirmed for p in self.people)

    def roles_of(self, name: str) -> Collection[str]:
        """The titles and roles the text gives the person ``name`` ("editor")."""
        return next((p.titles for p in self.people if p.name == name), ())

    def _not_a_person(self, start: int, end: int) -> bool:
        if any(label == "PERSON" for _s, _e, label in self._entities_near(start, end)):
            return False
        return self._label_at(start, end) in _NON_PERSON_LABELS

    def _in_reported(self, pos: int) -> bool:
        i = bisect_right(self._reported_starts, pos) - 1
        return i >= 0 and pos < self.reported[i][1]

    def resolve_aside(self, att: Attribution) -> Speaker | None:
        """``resolve`` for a speaker inside what another said ("“Her husband said …,” the
        neighbour said"), leaving the story's pronoun and role state as it was."""
        saved = {
            k: (v.copy() if isinstance(v, list | dict | set) else v) for k, v in vars(self).items()
        }
        try:
            return self.resolve(att)
        finally:
            vars(self).update(saved)

    def resolve(self, att: Attribution) -> Speaker | None:
        if att.outer is not None:
            # the outlet that cited the sources reported too: "the report" after it is its
            spk = self.resolve(replace(att, outer=None))
            if spk is not None and spk in self.reporters:
                self.reporters.remove(spk)  # the sources reported nothing themselves
            s, e = att.outer
            outlet = replace(att, mention=self.text[s:e], mention_start=s, mention_end=e)
            self.resolve(replace(outlet, cue="reported", kind="indirect", outer=None))
            return spk
        age = re.search(r",\s*\d{1,3}$", att.mention)
        if age is not None:
            att = _narrowed(att, att.mention[: age.start()])  # "Gemma Prosser, 19": her age
        alias = self.aliases.get(norm(att.mention))
        if alias is not None:
            info = analyse_mention(alias, self.lex)
            spk = Speaker(alias, info.kind if info.kind != "pronoun" else "person", info.country)
            if spk.kind == "person":
                self.last_person = spk
            return spk
        if att.mention.strip().lower() in ONE_OF_THEM:
            # "Sources tell me … “…,” said one": one of the group that spoke just before
            group = next(
                (
                    h
                    for h in reversed(self.history[-3:])
                    # (a common noun's plural: "sources", not "Texas")
                    if h.kind in ("group", "role")
                    and head_noun(h.canonical).islower()
                    and _plural(head_noun(h.canonical))
                ),
                None,
            )
            if group is not None:
                self.history.append(group)
                return self._remember_cue(att, group)
            if att.mention.strip().lower() == "one":
                return None  # no group to be one of: "one" names no one
        if att.cue.endswith("told") and _FIRST_PERSON_TOLD_RE.fullmatch(att.mention):
            return Speaker("unnamed sources", "group", None)  # "I’m told …": no one named
        medium = _IN_A_STATEMENT_RE.fullmatch(att.mention)
        if medium is not None:
            # "Glide in their statement said": the speaker, not where it spoke
            return self.resolve(_narrowed(att, medium.group("who")))
        of_organisation = _SURNAME_OF_RE.fullmatch(att.mention)
        if of_organisation is not None and any(
            p.confirmed and p.surname == of_organisation.group("surname") and " of " not in p.name
            for p in self.people
            if len(p.name.split()) >= 2
        ):
            return self.resolve(_narrowed(att, of_organisation.group("who")))
        named = self._person_entity_in(att)
        if named is not None:
            # "Boko Haram leader Abubakar Shekau", "former hostage Nicolas Henin": the person's
            # name as the parser's NER finds it; the words around it describe the person
            return self.resolve(named)
        written = " ".join(att.mention.split())
        # "a United Nations report released Thursday", "a Post report": the organisation that
        # issued it speaks; "Reports in Arabic-language newspapers", "a story by the Associated
        # Press": the outlet that carried it
        document = ORG_DOCUMENT_RE.match(written) or REPORTS_IN_RE.fullmatch(written)
        if document is not None:
            org = document.group("org") or document.groupdict().get("owner")
            spk = self.resolve(_narrowed(att, org))
            noun = written.split()[-1].lower()
            if spk is not None and noun in self.lex.document_nouns:
                self.last_by_cue[noun] = spk  # "according to a Post report … the report noted"
            return spk
        # "today's report", "Monday's statement": the report, whoever the text says made it
        written = _TIME_OWNED_RE.sub("the ", written)
        issuer = _DOCUMENT_RE.match(written)
        if issuer is not None and not issuer.group("doc")[0].isupper():  # "the Post": a paper
            # "a statement from the family" speaks for the family; "the statement" for the
            # issuer of the last statement named
            if issuer.group("who"):
                who = issuer.group("who")
                self.last_issuer = self.resolve(_narrowed(att, who))
                return self.last_issuer
            named_after = _ISSUER_AFTER_RE.match(
                self.text, att.mention_end
            ) or _ISSUER_SITE_RE.match(self.text, att.mention_end)
            if named_after is not None:
                # "A statement attributed to the Islamic State of Iraq and Syria (ISIS)
                # claimed …", "The fatwa, by Mohammad Saleh Al Minjed, said": the parse's
                # subject stops at the noun; its issuer follows
                who = named_after.group("who")
                at = named_after.start("who")
                self.last_issuer = self.resolve(
                    replace(att, mention=who, mention_start=at, mention_end=at + len(who))
                )
                return self.last_issuer
            if issuer.group("det").lower() in ("a", "an"):
                # "USA Swimming has issued a statement declaring …": this very statement
                at = att.mention_start
                if any(at - 40 <= i[0] < at for i in self.issued):
                    named = self._issuer_before(at, issuer.group("doc").lower())
                    if named is not None:
                        return named
            if issuer.group("det").lower() == "the":
                named = self._issuer_before(att.mention_start, issuer.group("doc").lower())
                if named is not None:
                    return named
                if self.last_issuer is not None:
                    return self.last_issuer
                reporter = self.last_by_cue.get(issuer.group("doc").lower())
                if issuer.group("doc").lower() == "report":
                    # "…, reports BusinessKorea. According to the report, …": no report was
                    # named, so it is what the outlet named last before it reported, the one
                    # that reported last or another written after it ("the Post's sources now
                    # say …. But the report suggests" after "the Journal reported")
                    outlet = self._outlet_report_before(att.mention_start)
                    if outlet is not None:
                        return outlet
                if reporter is not None:
                    return reporter
        relative = self._named_relative(att)
        if relative is not None:
            self.history.append(relative)
            self.last_person, self.last_person_at = relative, att.mention_start
            return self._remember_cue(att, relative)
        owned = self._their_role(att)
        if owned is not None:
            self.history.append(owned)
            return self._remember_cue(att, owned)
        if self.last_person is not None and THE_PERSON_RE.fullmatch(written):
            return self.last_person  # "A representative of X told CBS … The person said …"
        anonymous = _ANONYMOUS_PEOPLE_RE.fullmatch(written)
        again = _POOL_AGAIN_RE.fullmatch(written)
        pool = (
            next((h for h in self.history if _ANONYMOUS_PEOPLE_RE.fullmatch(h.canonical)), None)
            if anonymous or again
            else None
        )
        if pool is not None and again:
            self.history.append(pool)
            return self._remember_cue(att, pool)  # "these people": the pool named before
        if anonymous is not None and (pool is not None or not re.match(r"(?i)the\s", written)):
            # (a definite one, "The source with knowledge of …", may be a source named before)
            # "people familiar with the plans": no role, so how they know is their name; the
            # article's other "person familiar with …" is one of the same pool
            spk = pool or Speaker(" ".join(anonymous.group("name").split()), "group", None)
            self.history.append(spk)
            self.last_group = spk
            return self._remember_cue(att, spk)
        one_of = ONE_OF_RE.fullmatch(written)
        if one_of:
            group = self._plural_before(one_of.group(1).lower())
            if group is not None:
                return group  # "one source" after "law-enforcement sources said": one of them
        if QUANTIFIER_RE.fullmatch(written):
            written_group = sentence_end_group(
                self.text[max(0, att.mention_start - 300) : att.mention_start],
                self.lex.speaker_nouns,
            )
            people = written_group is not None and self._people_noun(head_noun(written_group))
            if people and written.lower() != "others":
                return self._named_group(written_group)  # "Several" of the group just written
            # "Others have refuted the rumours": other people, named by the word alone
            return self._remember_cue(att, self._named_group(written.lower()))
        short = _DETERMINER_RE.sub("", written)
        if short in self._acronyms:
            # "The LCC said" after "the Local Coordination Committees": one speaker
            return self._remember_cue(att, self._named_group(self._acronyms[short]))
        spelled = self._spelled_out_before(short)
        if spelled is not None:
            # "CPJ concluded" after "the Committee to Protect Journalists estimated": one speaker
            return self._remember_cue(att, spelled)
        if short not in self._clipped:
            self._clipped[short] = clipped_name(short, self._name_runs)
        clipped = self._clipped[short]
        if clipped is not None:
            # "CentCom said" after "US Central Command": one speaker
            return self._remember_cue(att, self._named_group(clipped))
        antecedent = self._group_antecedent(written, att.mention_start)
        if antecedent is not None:
            return self._named_group(antecedent)
        info = analyse_mention(att.mention, self.lex)
        if info.kind == "pronoun":
            if info.name == "it":
                return self._institution_before(att.mention_start) or self._document_before(att)
            if info.name == "they":
                # a group or institution speaker; never a person
                return self.last_group or self._plural_subject_before(att.mention_start)
            return self._pronoun(info.name, att.mention_start)
        if (
            info.kind == "person"
            and len(info.name.split()) == 1
            and info.name.lower() in self.lex.speaker_nouns
        ):
            # "Police said", "Protesters said": a group, written lower-case; "the Post
            # reported": a paper's short name, as written
            name = info.name if info.name in OUTLET_WORDS else info.name.lower()
            info = MentionInfo("group", name, info.name.lower(), info.country)
        if (
            info.kind == "person"
            and len(info.name.split()) == 1
            and not any(
                info.name.casefold() in (t.casefold() for t in p.name.split()[1:])
                for p in self.people
            )
            # "Mishaal, an angry blogger": a person's noun in apposition, whatever the parser
            # takes the one name for
            and not (
                info.role and head_noun(info.role) in _DESCRIPTIONS | self.lex.affiliation_roles
            )
        ):
            name_at = att.mention_start + att.mention.rfind(info.name)
            if self._not_a_person(name_at, name_at + len(info.name)):
                info = MentionInfo("group", info.name, country=info.country)
        if info.kind == "person":
            spk = self._person(info, att.mention_start)
            if spk.canonical == info.name and re.match(r"(?i)the\s", written):
                # "The Observatory": no person's name, whatever its capital
                spk = self._named_in_full_before(spk) or spk
        elif info.kind == "role":
            spk = self._role(info)
            known = (
                self._known_as(spk, att.mention_start)
                if re.match(r"(?i)the\s", written) or KNOWN_AS_RE.match(written)
                else None
            )
            if known is not None:
                spk = known  # "the author", after "The author, known only as Lena,"
            elif spk.kind == "role" and re.match(r"(?i)the\s", written):
                spk = (
                    self._described_role(spk, att.mention_start)
                    or self._titled_before(spk, att.mention_start)
                    or self._subject_just_before(spk, att.mention_start)
                    or self._of_the_age(spk, att.mention_start)
                    or self._described_protagonist(spk, att.mention_start, att.mention_end)
                    or self._lede_subject_named(spk, att.mention_start)
                    or self._continuing(spk, att)
                    or self._the_one_known_as(spk)
                    or spk
                )
            if info.name.lower() in _PAPER_NOUNS or (
                spk.kind == "role" and info.name.islower() and head_noun(info.name) in _PAPER_NOUNS
            ):
                spk = self._paper_before(att.mention_start) or spk  # "the paper reported"
            elif spk.kind == "role" and _NEWS_AGENCY_RE.fullmatch(info.name):
                # "Agence France-Presse reported …. The news agency also noted": the outlet
                # that reported last
                spk = next((r for r in reversed(self.reporters) if self._an_outlet(r)), spk)
            elif spk.kind == "role" and info.name.lower() in _SITE_NOUNS:
                # "The post claims" after "wrote an article for the College Fix, a website for
                # students": the site the text described as one
                site = self._site_before(att.mention_start) or self._described_site(
                    att.mention_start
                )
                spk = site or spk  # "notes the site"
        else:
            spk = Speaker(info.name, info.kind, info.country)
            if info.kind == "group" and re.match(r"(?i)the\s", written):
                # "The Piper analyst" after "Piper analyst Gene Munster": one person named
                # before with a title of its head noun
                role = Speaker(info.name, "role", None)
                spk = (
                    self._titled_before(role, att.mention_start)
                    or self._described_head(role, att.mention_start)
                    or self._named_in_full_before(spk)
                    or spk
                )
        if spk.kind in ("group", "person"):
            spk = self._full_outlet(self._bare_outlet(spk), att.mention_start)
        spk = self._apply_alias(self._with_demonym(spk))
        self.history.append(spk)
        head = info.name.split()[-1].lower() if info.name.split() else ""
        one_person = (
            spk.kind == "person"
            or (
                spk.kind == "role"
                and not _plural(head_noun(info.role))
                and head not in _NOT_PERSON_NOUNS
            )
            or (
                spk.kind == "group"
                and head in self.lex.speaker_nouns
                and not _plural(head)
                and head not in _NOT_PERSON_NOUNS
            )
        )
        # "According to Walla, …": a source named once, not known as a person, is no "she"
        unknown_source = att.kind == "according_to" and not any(
            p.name == spk.canonical and p.confirmed for p in self.people
        )
        # "politicians, journalists and the public": several, never a "he" or "she"
        several = _COORDINATION_RE.search(spk.canonical) is not None
        # "He spoke to someone who promised …. He describes …": "someone" is no "he"
        indefinite = spk.canonical.lower() in _INDEFINITE_PRONOUNS
        if one_person and not unknown_source and not several and not indefinite:
            self.last_person = spk  # "a senior official … he said"
            self.last_person_at = att.mention_start
        elif spk.kind in {"group", "place"} or (spk.kind == "role" and _plural(head)):
            self.last_group = spk  # "The neighbors say …. They then say …"
        return self._remember_cue(att, spk)

    def _spelled_out_before(self, acronym: str) -> Speaker | None:
        """The one speaker before whose name's initials (its capitalised words) spell an
        acronym written in capitals: "CPJ" after "Committee to Protect Journalists"."""
        if not (2 <= len(acronym) <= 6 and acronym.isalpha() and acronym.isupper()):
            return None
        found = {h.canonical: h for h in self.history if initials(h.canonical.split()) == acronym}
        return next(iter(found.values())) if len(found) == 1 else None

    def _remember_cue(self, att: Attribution, spk: Speaker) -> Speaker:
        verb = att.cue.split()[0].lower() if att.cue.split() else ""
        if verb.startswith("report"):
            self.reporters.append(spk)
        for noun in self.lex.document_nouns:
            if verb.startswith(noun):
                self.last_by_cue[noun] = spk
        return spk

    def _an_outlet(self, spk: Speaker) -> bool:
        """Whether a speaker that reported may be a news outlet: a group, or a capitalised name
        no one is known to bear ("Agence France-Presse reported"), not an official it cited."""
        if spk.kind == "group":
            return True
        return (
            spk.kind == "person"
            and spk.canonical[:1].isupper()
            and not self.is_confirmed_person(spk.canonical)
        )

    def _outlet_report_before(self, pos: int) -> Speaker | None:
        """Whose "the report" is, when no report was named: the news outlet written last
        before ``pos`` (within ``ANAPHOR_REACH`` characters) that reported ("reports
        BusinessKorea", "a report in the Washington Post") or spoke ("The Hollywood Reporter
        revealed"); not one only spoken to ("confirmed the details to NBC News")."""
        lo = max(0, pos - ANAPHOR_REACH)
        found = [
            (m.start("who"), m.group("who"))
            for m in _REPORTS_OUTLET_RE.finditer(self.text, lo, pos)
        ]
        outlets = {r.canonical for r in self.reporters if self._an_outlet(r)} | {
            h.canonical
            for h in self.history
            if h.canonical in self._outlets
            # "The Telegraph said": a one-word paper
            or (h.kind != "person" and h.canonical in OUTLET_WORDS and h.canonical[0].isupper())
        }
        found += [(self.text.rfind(name, lo, pos), name) for name in outlets]
        # its short name: "the Post's sources now say …" after "the New York Post reported"
        found += [
            (m.start(), name)
            for name in outlets
            if len(name.split()) > 1 and name.split()[-1] in OUTLET_WORDS
            for m in re.compile(rf"\b[Tt]he\s+{re.escape(name.split()[-1])}\b").finditer(
                self.text, lo, pos
            )
        ]
        at, name = max(found, default=(-1, ""))
        # (the pattern may run on into the next sentence: "reports TechSeoul. The")
        name = re.split(r"[.!?]\s", name)[0]
        return Speaker(name, "group", None) if at >= 0 else None

    def _outlet_before(self, pos: int) -> Speaker | None:
        """The news outlet named last before ``pos``: what "the paper" is."""
        found = [
            (m.start(), name)
            for name in self._outlets
            if name.split()[-1] in PRINT_WORDS or name.split()[0] in PRINT_WORDS
            for m in re.finditer(rf"\b{re.escape(name)}\b", self.text[:pos])
        ]
        return Speaker(max(found)[1], "group", None) if found else None

    def _paper_before(self, pos: int) -> Speaker | None:
        """What "the paper", "the newspaper" is: the print outlet named last before ``pos``; or
        else the last that "reported" ("Al-Sabah reported …. The newspaper also claimed"); or
        a speaker, or a capitalised name, that is a print outlet ("according to the UK's
        Mirror", "The Telegraph understands")."""
        named = self._outlet_before(pos)
        if named is not None:
            return named
        if self.reporters:
            return self.reporters[-1]
        spoken = next(
            (
                h
                for h in reversed(self.history)
                # ("Mirror" alone may have been read as a surname)
                if (h.kind == "group" or len(h.canonical.split()) == 1)
                and {h.canonical.split()[0], h.canonical.split()[-1]} & PRINT_WORDS
            ),
            None,
        )
        if spoken is not None:
            return spoken
        written = list(_PRINT_NAME_RE.finditer(self.text, 0, pos))
        if not written:
            return None
        return Speaker(re.sub(r"^(?:The|A)\s+", "", written[-1].group("name")), "group", None)

    def _site_before(self, pos: int) -> Speaker | None:
        """The website named last before ``pos`` (within ``ANAPHOR_REACH`` characters): what
        "the site" is, and whose "the article" or "the post" is."""
        found = list(_SITE_NAME_RE.finditer(self.text, max(0, pos - ANAPHOR_REACH), pos))
        if not found:
            return None
        name = found[-1].group("domain") or found[-1].group("name")
        return Speaker(name, "group", None)

    def _bare_outlet(self, spk: Speaker) -> Speaker:
        """ "Britain's Telegraph newspaper", "Britain's Daily Mail": the outlet by its name, the
        country before it and the kind of outlet after it aside."""
        m = _DESCRIBED_OUTLET_RE.fullmatch(spk.canonical)
        if m is None or not (m.group("place") or m.group("noun")):
            return spk
        if m.group("place") and not self.lex.is_country_cue(m.group("place")):
            return spk  # "Harper's Bazaar": a name of its own
        name = m.group("name")
        if not (m.group("noun") or name.split()[-1] in OUTLET_WORDS):
            return spk  # "Britain's Prime Minister": no outlet
        return Speaker(name, "group", spk.country)

    def _full_outlet(self, spk: Speaker, pos: int) -> Speaker:
        """ "the Mail" after "the Mail on Sunday", "the Times" after "The New York Times": the
        outlet named in full whose name contains it, the one written last before it."""
        words = spk.canonical.split()
        if not words or words[-1] not in OUTLET_WORDS:
            return spk  # "Apple" is no short name of "Apple Insider"
        full = {o for o in self._outlets if o != spk.canonical and _contains_words(o, words)}
        if not full:
            return spk
        # (the name may open at the mention itself: "The Mail on Sunday reported", whose mention
        # the patterns read as "The Mail")
        written = [(self.text.rfind(o, 0, pos + len(o) + 4), o) for o in full]
        at, name = max(written)
        if at < 0:
            return spk
        return Speaker(name, "group", spk.country)

    def _known_as(self, role: Speaker, pos: int) -> Speaker | None:
        """A role the text named before (or at) ``pos``: "The author, known only as Lena, said"
        makes "the author" Lena."""
        head = head_noun(role.canonical)
        found = [
            name for end, noun, name, _the in self._known_names if noun == head and end <= pos + 80
        ]
        return Speaker(found[-1], "person", None) if found else None

    def _institution_before(self, pos: int) -> Speaker | None:
        """What "it" said: an organisation named in the sentence before ("Apple touts …, which
        it says …"), else the last speaker, when that is no person ("ACTED said …. “…,” it
        said")."""
        org = self._organisation_in_sentence(pos) or self._organisation_in_sentence(pos, 1)
        if org is not None:
            return self._named_group(org)
        if not self.history:
            return None
        last = self.history[-1]
        person = last.kind == "person" and any(
            p.confirmed and p.name == last.canonical for p in self.people
        )
        # a person or a role spoke last: "it" is no speaker of theirs, unless the role is a
        # body ("Iraq's government insisted …. It said …")
        body = last.kind == "role" and head_noun(last.canonical) in self.lex.institution_nouns
        return None if person or (last.kind == "role" and not body) else last

    def _with_demonym(self, spk: Speaker) -> Speaker:
        """ "Iraq's government" is the Iraqi government, one speaker however it is written (a
        body of the lexicon's ``institution_nouns`` after a country's possessive)."""
        m = _COUNTRY_POSSESSIVE_RE.fullmatch(spk.canonical)
        if spk.kind not in ("role", "group") or m is None:
            return spk
        if m.group("noun").lower() not in self.lex.institution_nouns:
            return spk
        country = next((c for c in self.lex.countries if m.group("country") in c.aliases), None)
        if country is None or country.demonym is None:
            return spk
        return replace(spk, canonical=f"{country.demonym} {m.group('noun')}")

    def _document_before(self, att: Attribution) -> Speaker | None:
        """ "The DeepDotWeb report has other problems. It falsely stated that …": "it" opening
        a sentence after one whose subject is a document is that document, whoever it is
        of."""
        starts = self._sentence_starts
        i = bisect_right(starts, att.mention_start) - 1
        if i < 1 or self.text[starts[i] : att.mention_start].strip(" “\"‘'"):
            return None
        m = _DOCUMENT_SUBJECT_RE.match(self.text, starts[i - 1], starts[i])
        if m is None:
            return None
        phrase = m.group("doc")
        at = m.start("doc")
        return self.resolve(
            replace(att, mention=phrase, mention_start=at, mention_end=at + len(phrase))
        )

    def _organisation_in_sentence(self, pos: int, back: int = 0) -> str | None:
        """The organisation named last before ``pos`` in its own sentence (``back=1``: in the
        sentence before), outside what anyone said: "National Report alleged police had held
        him, traced by an Anti-Graffiti Task Force. It claimed …" is not the task force."""
        starts = self._sentence_starts
        i = bisect_right(starts, pos) - 1 - back
        if i < 0:
            return None
        lo = starts[i]
        if back:
            pos = starts[i + 1]
        best: tuple[int, int, str] | None = None
        for name in self._organisations:
            at = self.text.rfind(name, lo, pos)
            while at >= 0 and self._in_reported(at):
                at = self.text.rfind(name, lo, at)
            if at >= 0 and (best is None or (at, len(name)) > best[:2]):
                best = (at, len(name), name)
        return best[2] if best else None

    def _of_the_age(self, role: Speaker, pos: int) -> Speaker | None:
        """ "The 26-year-old says" after "26-year-old Taugan Tan Kadalim" or "Kadalim, 26,": the
        one person named with that age before it (the latest, when several are)."""
        age = re.fullmatch(r"(\d+)-year-old", head_noun(role.canonical))
        if age is None:
            return None
        n = age.group(1)
        found: list[tuple[int, Person]] = []
        for p in self.people:
            for start, end in zip(p.positions, p.ends, strict=True):
                if start >= pos:
                    continue
                before = self.text[max(0, start - 40) : start]
                if re.search(rf"\b{n}-year-old\s+(?:[a-z][\w-]*\s+){{0,3}}$", before) or re.match(
                    rf",\s+{n}\b", self.text[end : end + 6]
                ):
                    found.append((start, p))
        return _as_speaker(max(found, key=lambda f: f[0])[1]) if found else None

    def _described_protagonist(self, role: Speaker, pos: int, end: int) -> Speaker | None:
        """ "the humble officer", "The 41-year-old": a definite description of a person (no role
        that anyone holds as a title) is the person the article is about, when one person's
        surname is written far more often than anyone else's before it, the description was
        never introduced as someone else ("a woman told …"), and its gender does not clash."""
        head = head_noun(role.canonical)
        if head not in _DESCRIPTIONS and not _AGE_RE.fullmatch(head):
            return None
        if _ANCHORED_RE.search(role.canonical) or _ANCHORED_RE.match(self.text, end):
            return None  # "the pilot of the army chinook that was attacked": someone new
        for m in _introduced(head).finditer(self.text[:pos]):
            if not _PREDICATE_END_RE.search(self.text[max(0, m.start() - 12) : m.start()]):
                return None  # "a woman told …" brought in someone else ("he was an officer" no)
        counts = sorted(
            (
                (len(re.findall(rf"\b{re.escape(p.surname)}\b", self.text[:pos])), p)
                for p in self.people
                if p.confirmed and len(p.name.split()) >= 2 and p.first_pos < pos
            ),
            key=lambda c: -c[0],
        )
        # twice is enough for the one who spoke last ("she said: … The 41-year-old added:")
        least = 2 if counts and self.last_person == _as_speaker(counts[0][1]) else 3
        if (
            not counts
            or counts[0][0] < least
            or (len(counts) > 1 and counts[0][0] < 2 * counts[1][0])
        ):
            return None
        person = counts[0][1]
        gender = _title_gender(person.titles)
        if gender is not None and head in _GENDERED and _GENDERED[head] != gender:
            return None
        return _as_speaker(person)

    def _lede_subject_named(self, role: Speaker, pos: int) -> Speaker | None:
        """ "the scholar said" in an article that opens "A prominent religious scholar in Saudi
        Arabia has issued a fatwa …. Mohammad Saleh Al Minjed said …": the lede's unnamed
        subject is the person named in the next two sentences, the first named there, when
        the text introduces no other one with that noun."""
        head = head_noun(role.canonical)
        if _plural(head) or head in _UNNAMED_ON_PURPOSE or not role.canonical.islower():
            return None
        if head in self.lex.document_nouns or head not in self.lex.speaker_nouns | _DESCRIPTIONS:
            return None  # "A video has surfaced purporting to depict James Foley": no one
        starts = self._sentence_starts
        if len(starts) < 2:
            return None
        introduced = _introduced(head)
        lede = introduced.match(self.text[starts[0] : starts[1]].lstrip())
        if lede is None or len(introduced.findall(self.text[:pos])) != 1:
            return None
        hi = starts[3] if len(starts) > 3 else len(self.text)
        named = [
            (start, person)
            for start, _end, person in self._names_within(starts[1], min(hi, pos))
            if person.confirmed and len(person.name.split()) >= 2
        ]
        return _as_speaker(min(named, key=lambda n: n[0])[1]) if named else None

    def _described_before(
        self, nouns: Collection[str], pos: int, label: str | None = None
    ) -> tuple[int, str, str] | None:
        """(where, name, entity label) of the person or organisation (of ``label``, when given)
        written last before ``pos`` with one of ``nouns`` just before its name or in apposition
        after it ("gardening expert Alan Titchmarsh", "the Scottish SPCA, an animal welfare
        charity,")."""
        found = [
            (at, name, kind)
            for at, head, name, kind in self._described
            if head in nouns and at < pos and label in (None, kind)
        ]
        return max(found) if found else None

    def _described_site(self, pos: int) -> Speaker | None:
        """The organisation written last before ``pos`` that the text describes as a website,
        blog or other outlet ("the College Fix, a website for students")."""
        found = self._described_before(_OUTLET_NOUNS, pos, "ORG")
        return Speaker(found[1], "group", None) if found else None

    def _described_role(self, role: Speaker, pos: int) -> Speaker | None:
        """ "The charity said", "the television presenter": a definite description in lower case
        is whom the text last described with its noun (``_described_before``)."""
        words = role.canonical.split()
        if not words or not all(w.islower() or not w.isalpha() for w in words):
            return None  # "Harper spokesman" is his
        head = head_noun(role.canonical)
        if _plural(head) or head == "source":
            return None  # a source is unnamed on purpose
        described = self._described_before(_same_nouns(head), pos)
        if described is None:
            return None
        at, name, label = described
        if label == "PERSON":
            person = next((p for p in self.people if at in p.positions), None)
            if person is None:
                return Speaker(name, "person", None)
            return _as_speaker(person)
        return self._named_group(name)

    def _named_in_full_before(self, spk: Speaker) -> Speaker | None:
        """ "The Observatory said" after "the Syrian Observatory for Human Rights": the one
        organisation that spoke before whose longer name holds this one word."""
        words = spk.canonical.split()
        if len(words) != 1 or not words[0][:1].isupper() or words[0].isupper():
            return None
        fuller = {
            h
            for h in self.history
            if h.kind == "group"
            and len(h.canonical.split()) > 1
            and words[0] in h.canonical.split()
        }
        return fuller.pop() if len(fuller) == 1 else None

    def _described_head(self, role: Speaker, pos: int) -> Speaker | None:
        """ "The YouTube prankster" after "Internet prankster Josh Paler Lin": a definite role
        whose capitalised words name no person ("Harper spokesman" is Harper's) is whom the
        text last described with its head noun (``_described_role``)."""
        words = role.canonical.split()
        if (
            len(words) < 2
            or not words[-1].islower()
            or any(w in self._name_words for w in words[:-1])
        ):
            return None
        return self._described_role(Speaker(words[-1], "role", None), pos)

    def _subject_just_before(self, role: Speaker, pos: int) -> Speaker | None:
        """ "Piper Jaffray's Gene Munster has issued a report …. The analyst predicts …": a
        definite role opening its sentence, whose noun the text has not used before, is the one
        person named as the subject of the sentence before it."""
        words = role.canonical.split()
        head = words[-1] if words else ""
        if (
            len(words) > 2
            or not role.canonical.islower()
            or _plural(head)
            or (
                head not in self._role_nouns | _DESCRIPTIONS
                and not _AGE_RE.fullmatch(head)  # "The 26-year-old told the paper"
            )
            # a person's noun: no document or outlet ("the leaked document", "the website"),
            # nor a source, unnamed on purpose
            or head in _NOT_PERSON_NOUNS | _NOT_PERSON_SPEAKERS | _PAPER_NOUNS | _SITE_NOUNS
            or re.search(rf"\b{re.escape(head)}", self.text[:pos], re.IGNORECASE)
        ):
            return None
        starts = self._sentence_starts
        i = bisect_right(starts, pos) - 1
        if i < 1 or self.text[starts[i] : pos].strip(" “\"‘'"):
            return None
        lo, hi = starts[i - 1], starts[i]
        subjects = self.subjects[bisect_left(self.subjects, lo) : bisect_left(self.subjects, hi)]
        found: dict[str, Person] = {}
        for start, end, person in self._names_within(lo, hi):
            if (
                person.confirmed
                and len(person.name.split()) >= 2
                and any(
                    start <= at < end
                    # "The religious scholar, Sheikh Mohammed al-Munajjid, believes": the name
                    # in apposition to the subject
                    or _APPOSED_NAME_RE.fullmatch(self.text, at, start)
                    for at in subjects
                )
            ):
                found.setdefault(person.name, person)
        if not found and head not in self._role_nouns:
            # a description, not a role: the one person the sentence names at all ("…
            # discovered by gardening expert Alan Titchmarsh. The television presenter said")
            for start, _end, person in self._names_within(lo, hi):
                if person.confirmed and not self._in_reported(start):
                    found.setdefault(person.name, person)
            only = next(iter(found)) if len(found) == 1 else ""
            if only and (
                len(only.split()) < 2
                or any(only in outlet for outlet in self._outlets)
                or re.search(r"\b(?:[Hh]e|[Ss]he)\s+\w+", self.text[lo:hi])
            ):
                return None  # (a pronoun there may be someone else: "…, she said")
        if len(found) != 1:
            return None
        person = next(iter(found.values()))
        return _as_speaker(person)

    def _continuing(self, role: Speaker, att: Attribution) -> Speaker | None:
        """ "she said: “…” The 41-year-old added: “…”": a definite description of a person
        (no role) that "adds" or "continues" is the person who spoke last."""
        head = head_noun(role.canonical)
        if head not in _DESCRIPTIONS and not _AGE_RE.fullmatch(head):
            return None
        if not re.match(r"(?i)(?:add|continu|went\s+on|goes\s+on)", att.cue):
            return None
        last = self.last_person
        if (
            last is None
            or last.kind != "person"
            or not self.is_confirmed_person(last.canonical)
            or any(last.canonical in outlet for outlet in self._outlets)  # "Mail Online"
        ):
            return None
        gender = self.gender.get(last.canonical)
        if gender is not None and head in _GENDERED and _GENDERED[head] != gender:
            return None
        return last

    def _the_one_known_as(self, role: Speaker) -> Speaker | None:
        """ "The woman", "the blogger" in an article about "the author, known only as Lena":
        the one person the text names only so, when it names no one else that way."""
        if head_noun(role.canonical) not in _DESCRIPTIONS:
            return None
        # (introduced as the article's own: "The author, known only as Lena", not "a Tumblr
        # blogger known as LibyaLiberty")
        names = {name for _end, _noun, name, _the in self._known_names}
        definite = {name for _end, _noun, name, the in self._known_names if the}
        return Speaker(names.pop(), "person", None) if len(names) == 1 == len(definite) else None

    def _titled_before(self, role: Speaker, pos: int) -> Speaker | None:
        """ "The analyst said" after "UBS analyst Steven Milunovich": a definite role is the one
        person named before it with a title of the same head noun."""
        head = head_noun(role.canonical)
        roles = self.lex.affiliation_roles | self.lex.titles
        # "The IS spokesman" after "IS spokesman Abu Mohammed al-Adnani": a capitalised word
        # that names no person qualifies the role ("Harper spokesman" is Harper's, not Harper)
        named = self._name_words
        if (
            not head
            or _plural(head)
            or head == "source"
            or not all(
                w.islower() or w.lower() in roles or (w[:1].isupper() and w not in named)
                for w in role.canonical.split()
            )
        ):
            # a source is unnamed on purpose; "the CEO" is a role
            return None
        titled = [
            p
            for p in self.people
            if p.confirmed and p.first_pos < pos and any(head_noun(t) == head for t in p.titles)
        ]
        if len(titled) != 1:
            return None
        return _as_speaker(titled[0])

    def _named_relative(self, att: Attribution) -> Speaker | None:
        """ "his brother John said" after Kevin Vickers: John Vickers, a relative of whom "his"
        refers to (recorded in ``relatives``)."""
        m = NAMED_RELATIVE_RE.fullmatch(" ".join(att.mention.split()))
        if m is None:
            return None
        # whom "his" refers to: the person whose surname was written last before the mention
        # (a role that spoke in between, "a family member told local media", is nobody's kin)
        pos = att.mention_start
        written = [
            (self.text.rfind(p.surname, 0, pos), p)
            for p in self.people
            if p.confirmed
            and len(p.name.split()) >= 2
            # "Woodard's brother, Allen": the owner is named
            and (m.group("owner") is None or p.surname == m.group("owner"))
        ]
        at, owner = max(written, key=lambda w: w[0], default=(-1, None))
        if owner is None or at < 0 or m.group("first") == owner.name.split()[0]:
            return None
        return self._relative(m.group("first"), owner.surname, owner.name, _first(owner.countries))

    def _relative(self, first: str, surname: str, owner: str, country: str | None) -> Speaker:
        """A relative named by a first name, with the owner's surname, recorded as the owner's
        kin (a tie of sides)."""
        name = f"{first} {surname}"
        self.relatives.append((name, owner))
        return Speaker(name, "person", country)

    def _their_role(self, att: Attribution) -> Speaker | None:
        """ "her lawyer" -> "Gill Rosenberg's lawyer": a role that speaks for a person
        (``affiliation_roles``), owned by whom "his"/"her" refers to."""
        m = THEIR_ROLE_RE.fullmatch(" ".join(att.mention.split()))
        role = m.group("role").lower() if m is not None else ""
        if role not in self.lex.affiliation_roles or role in KIN:
            return None
        pronoun = "he" if m.group("pron").lower() == "his" else "she"
        owner, _fitted = self._referent(pronoun, att.mention_start)
        if owner is None or owner.kind != "person":
            return None
        named = self._relative_named_before(role, owner, att.mention_start)
        if named is not None:
            return named  # "his son told KHOU" after "His son Jeff similarly expressed …"
        if att.mention.lower().startswith("one of") and role.endswith("s"):
            role = role[:-1]  # "one of her lawyers" is one lawyer
        return Speaker(f"{owner.canonical}'s {role}", "role", owner.country)

    def kin_named_in_text(self) -> list[tuple[str, str]]:
        """(relative, person) for each relative the text names in full beside a kinship word,
        who shares a surname with a person named before: "Jess Smith … her mother Anji Smith,
        44, took her to be weighed" ties Anji Smith to Jess Smith's family."""
        out: list[tuple[str, str]] = []
        spoke = {h.canonical for h in self.history}
        for m in _KIN_NAMED_RE.finditer(self.text):
            name = m.group("name")
            relative = next((p for p in self.people if p.name == name), None)
            if relative is None:
                continue
            kin = [
                p
                for p in self.people
                if p is not relative
                and len(p.name.split()) >= 2
                and p.surname == relative.surname
                and p.first_pos < m.start()
            ]
            if kin:
                # (one who spoke, when the family has two names: "Jess Smith", "Jessica Smith")
                best = max(kin, key=lambda p: (p.name in spoke, p.first_pos))
                out.append((name, best.name))
        return out

    def _relative_named_before(self, kin: str, owner: Speaker, pos: int) -> Speaker | None:
        """The relative of ``owner`` the text named before ``pos`` ("His son Jeff", "Vickers's
        brother, John"), as a person with the owner's surname; None when none was."""
        names = owner.canonical.split()
        found = [
            m
            for m in NAMED_RELATIVE_RE.finditer(self.text, 0, pos)
            if m.group("kin") == kin and m.group("owner") in (None, names[-1])
        ]
        if not found or len(names) < 2:
            return None
        if found[-1].group("first") == names[0]:
            return owner  # "His son Jeff …. “…,” his son told KHOU": Jeff, "his" the father's
        return self._relative(found[-1].group("first"), names[-1], owner.canonical, owner.country)

    def _people_noun(self, noun: str) -> bool:
        """Whether a plural noun names people who may speak ("experts", "Republicans"), not
        documents or things ("statements", "pictures")."""
        low = noun.lower()
        one = low[:-1] if low.endswith("s") else low
        nouns = self.lex.speaker_nouns
        return one not in self.lex.document_nouns and (low in nouns or one in nouns)

    def _named_group(self, name: str) -> Speaker:
        """A group speaker the text names by reference ("the LCC", "the group"), recorded as
        the last group spoken."""
        spk = self._apply_alias(Speaker(name, "group", None))
        self.history.append(spk)
        self.last_group = spk
        return spk

    def _group_antecedent(self, mention: str, pos: int) -> str | None:
        """ "the group's supporters" -> "Islamic State supporters": the speaker, its group noun
        replaced by the organisation written last before it (within ``ANAPHOR_REACH``
        characters), when the parser names that organisation somewhere in the article."""
        m = GROUP_ANAPHOR_RE.fullmatch(PART_OF_RE.sub("", mention))
        if m is None:
            return None
        if m.group("noun").lower() == "newspaper":
            # "the newspaper said": an outlet, which the organisations leave out
            paper = self._paper_before(pos)
            return None if paper is None else paper.canonical
        described = self._described_before(_same_nouns(m.group("noun").lower()), pos)
        if m.group("noun").lower() == "force":
            # only "the force", and only a police force (named once, often far above): "the
            # force" of an army story, or "the Kurdish force", is no one named
            police = list(_POLICE_FORCE_RE.finditer(self.text, 0, pos))
            bare = re.fullmatch(r"(?i)the\s+force", mention.strip())
            name = police[-1].group(0) if police and bare else None
        elif described is not None and described[2] == "ORG":
            name: str | None = described[1]  # "the organization" after "news organization X"
        elif m.group("noun").lower() in _BUSINESS_NOUNS:
            # "the company", "the network": the organisation the article is about, not the last
            # supplier or rival it names
            name = self._main_organisation
        else:
            name = self.organisation_before(pos) or self._named_organisation_speaker()
        if name is None:
            return None
        return f"{name} {m.group('rest')}" if m.group("rest") else name

    @cached_property
    def _main_organisation(self) -> str | None:
        """The organisation the parser names most often (at least three times, and more often
        than any other): the one "the company" of a business story is."""
        names = {
            _DETERMINER_RE.sub("", self.text[s:e])
            for s, e, label in self.entities
            if label == "ORG"
        }
        # each name as often as the text writes it, inside longer names too: "Apple" counts
        # in "Apple Watch", its product
        counts = Counter(
            {n: len(re.findall(rf"\b{re.escape(n)}\b", self.text)) for n in names if n}
        )
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0][0]

    def _named_organisation_speaker(self) -> str | None:
        """The last speaker that is a named organisation ("GlobalPost said …"), for "the
        organization" where the parser named no organisation before it."""
        for spk in reversed(self.history[-3:]):
            if (
                spk.kind == "group"
                and spk.canonical[:1].isupper()
                and not _plural(head_noun(spk.canonical))
            ):
                return spk.canonical
        return None

    def organisation_before(self, pos: int) -> str | None:
        """The organisation the parser names that is written last before ``pos`` (within
        ``ANAPHOR_REACH`` characters): what "the group" refers to."""
        if not self._organisations:
            return None
        before = self.text[max(0, pos - ANAPHOR_REACH) : pos]
        found = [(before.rfind(name), name) for name in self._organisations]
        at, name = max(found, key=lambda f: (f[0], len(f[1])))
        return name if at >= 0 else None

    def _person_entity_in(self, att: Attribution) -> Attribution | None:
        """The mention narrowed to the one personal name (two words or more) inside it, when
        there is other text around it that is not a title."""
        inside = [
            (s, e)
            for s, e, label in self._entities_near(att.mention_start, att.mention_end)
            if label == "PERSON"
            and att.mention_start <= s
            and e <= att.mention_end
            and len(self.text[s:e].split()) >= 2
        ]
        if len(inside) != 1:
            return None
        s, e = inside[0]
        while (more := re.match(rf"\s+{_NAME_TOKEN}", self.text[e : att.mention_end])) and (
            not self.lex.verb_re.fullmatch(more.group(0).strip().lower())
        ):
            e += more.end()  # "John Michael O’Neal": the parser's entity stopped short of it
        name = self.text[s:e]
        name = _POSSESSIVE_RE.sub("", name)
        e = s + len(name)
        if (s, e) == (att.mention_start, att.mention_end):
            return None  # the whole mention
        after = self.text[e : att.mention_end].strip()
        if after in self._role_nouns:
            return None  # "an al Shabab source": the name only says whose source
        if "," in att.mention:
            first = att.mention.split(",")[0]
            if e > att.mention_start + len(first) or analyse_mention(first, self.lex).kind in (
                "person",
                "role",
            ):
                return None  # an appositive the rules already split
            # "Comcast's Jason Livingood, VP of …": the owner and the role describe him
        before = self.text[att.mention_start : s]
        if re.search(r"\b(?:of|with|for|to|from|about|on|at)\s", before) and not self._role_ends(
            before
        ):
            return None  # "the source with knowledge of Kim Jong Un's health": not Kim
        if _strip_titles(name.split(), self.lex)[1]:
            return None  # "Gov. Angel Aguirre": the title rules handle it
        return Attribution(att.start, att.end, att.cue, name, s, e, att.kind)

    def _role_ends(self, before: str) -> bool:
        """Whether the words before a name end a role whose preposition names no one but a
        field ("director of communications Christy Feig"), not a title ("a spokesman for the
        president Barack Obama") nor the name's own preposition ("knowledge of Kim")."""
        words = before.split()
        last = words[-1] if words else ""
        return (
            last.isalpha()
            and last.islower()
            and last not in _PREPOSITIONS
            and last not in self._title_words
            and last not in self._role_nouns
        )

    @cached_property
    def _role_nouns(self) -> frozenset[str]:
        """Nouns that head a speaker's role: "source", "spokesman", "aide"."""
        return self.lex.speaker_nouns | self.lex.affiliation_roles

    @cached_property
    def _title_words(self) -> frozenset[str]:
        return frozenset(w.lower() for t in self.lex.titles for w in t.split())

    def descriptor(self, att: Attribution, canonical: str) -> str:
        """The words of a mention that describe its speaker rather than name it ("the executive
        vice president of the PGA Tour", "Human Rights Watch deputy director")."""
        words = " ".join(att.mention.split())
        for part in canonical.split():
            words = re.sub(rf"(?<![\w-]){re.escape(part)}(?![\w-])", " ", words)
        return " ".join(words.replace(",", " ").split())

    def _issuer_before(self, pos: int, document: str) -> Speaker | None:
        """Who the text last said issued such a document before ``pos`` ("The company released a
        statement … The statement read: …")."""
        found = [i for i in self.issued if i[0] < pos and i[3] == document]
        if not found:
            return None
        _at, start, end, _doc = found[-1]
        who = self.text[start:end]
        inner = Attribution(start, end, "", who, start, end, "issuer")
        return self.resolve(inner)

    def _pronoun(self, pronoun: str, pos: int) -> Speaker | None:
        """ "he"/"she": the nearer of the last singular speaker and the last person named as the
        subject of a sentence before it, whose known gender does not contradict the pronoun."""
        spk, fitted = self._referent(pronoun, pos)
        if spk is None or not fitted:
            return spk
        if spk.kind == "person":
            self.gender.setdefault(spk.canonical, pronoun)
        self.last_person, self.last_person_at = spk, pos
        return spk

    def _referent(self, pronoun: str, pos: int) -> tuple[Speaker | None, bool]:
        """Whom "he"/"she" at ``pos`` refers to (see ``_pronoun``), changing nothing, and
        whether a candidate fitted (False: a fallback was taken)."""
        candidates: list[tuple[int, Speaker]] = []
        if (
            self.last_person is not None
            and self._fits(self.last_person.canonical, pronoun)
            # a paper or a company the parser took for a person ("the Daily Mail", "Virgin
            # Media") is no "he"
            and self.last_person.canonical.split()[-1] not in _NOT_A_PERSONS_LAST_WORD
        ):
            candidates.append((self.last_person_at, self.last_person))
        named = self._last_subject_before(pos, pronoun)
        if named is not None:
            candidates.append(named)
        inside = self._named_earlier_in_sentence(pos, pronoun)
        if inside is not None:
            candidates.append(inside)
        sole = self._object_named_before(pos, pronoun, candidates)
        if sole is not None:
            return sole, True
        if not candidates:
            before = self.last_person or self._last_named_before(pos)
            if before is not None and not self._fits(before.canonical, pronoun):
                # "she said" after William Galvin spoke: the last woman named, if any
                before = self._last_fitting_named_before(pos, pronoun) or before
            return before or self._lede_person_named_after(pos), False
        return max(candidates, key=lambda c: c[0])[1], True

    def _lede_person_named_after(self, pos: int) -> Speaker | None:
        """ "A Utah man was rushed to the hospital after he chugged a quart of eggnog …, he
        said. ¶ “…,” Ryan Roche of Lehi, Utah, told ABC News": the lede's unnamed person, who
        speaks before anyone is named, is the first person named after it."""
        body = self._clean_text.body()
        if not body or not body[0].start <= pos < body[0].end:
            return None
        opening = _LEDE_SOMEONE_RE.match(self.text, body[0].start, pos)
        if opening is None or head_noun(opening.group("noun")) not in _DESCRIPTIONS | {"man"}:
            return None
        after = [
            p
            for p in self.people
            if p.first_pos > pos
            and len(p.name.split()) >= 2
            # (the parser may miss the name: "Ryan Roche of Lehi" after a quotation; an outlet
            # is no one: "told ABC News")
            and p.name.split()[-1] not in OUTLET_WORDS | PRINT_WORDS
        ]
        if not after:
            return None
        first = min(after, key=lambda p: p.first_pos)
        return _as_speaker(first) if first.first_pos - pos < _LEDE_NAME_REACH else None

    def _fits(self, name: str, pronoun: str) -> bool:
        known = self.gender.get(name)
        if known is None:
            person = next((p for p in self.people if p.name == name), None)
            known = _title_gender(person.titles) if person is not None else None
            if known is None and person is not None and len(name.split()) >= 2:
                # "Pamela Hatchfield" is no "he", "William Galvin" no "she"
                first = name.split()[0].lower()
                if first in self.lex.female_names:
                    known = "she"
                elif first in self.lex.male_names:
                    known = "he"
        return known is None or known == pronoun

    @cached_property
    def _person_entity_names(self) -> frozenset[str]:
        """The names the parser's NER writes as a person, whole."""
        return frozenset(self.text[s:e] for s, e, label in self.entities if label == "PERSON")

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _e in sentences(self._clean_text)]

    @cached_property
    def _name_words(self) -> frozenset[str]:
        """Every word of every person's name the text holds (the people are found once)."""
        return frozenset(w for p in self.people for w in p.name.split())

    @cached_property
    def _confirmed_name_words(self) -> frozenset[str]:
        return frozenset(w for p in self.people if p.confirmed for w in p.name.split())

    def _object_named_before(
        self, pos: int, pronoun: str, candidates: list[tuple[int, Speaker]]
    ) -> Speaker | None:
        """A sentence that opens with "He said" after one that names a single person, though
        not as its subject: "Breitbart Texas spoke with one of the judges, Dr. Taher
        El-badawi. He said …" is El-badawi. Only when every other candidate (the last speaker, the
        last person named as a subject) was named before that sentence."""
        starts = self._sentence_starts
        i = bisect_right(starts, pos) - 1
        closing = _QUOTATION_JUST_BEFORE_RE.search(self.text, max(0, pos - 4), pos)
        if closing is not None:
            # "Not for Karla Gallegos of Chile. “Too expensive. …,” she said.": the sentence
            # before is the one before the quotation, which opens its own
            opening = max(self.text.rfind(m, 0, closing.start()) for m in '“"')
            i = bisect_right(starts, opening) - 1
            if (
                opening < 0
                or self.text[starts[i] : opening].strip()
                or "\n" in self.text[opening : closing.start()]
            ):
                return None
        elif not _OPENS_ITS_SENTENCE_RE.fullmatch(self.text, starts[i], pos):
            return None  # the pronoun does not open its sentence (after "To The Telegraph,")
        if i < 1:
            return None
        lo, hi = starts[i - 1], starts[i]
        if any(at >= lo for at, _spk in candidates):
            return None
        name_words = self._confirmed_name_words
        for at in self.subjects[bisect_left(self.subjects, lo) : bisect_left(self.subjects, hi)]:
            word = re.match(r"[\w’'-]+", self.text[at:])
            if word is not None and word.group(0) in name_words:
                return None  # "Osten later met Lydia Brandt. He said": Osten, as the subject
        found: dict[str, Person] = {}
        for start, _end, person in self._names_within(lo, hi):
            if person.confirmed and not self._in_reported(start):
                found.setdefault(person.name, person)
        if len(found) != 1:
            return None
        person = next(iter(found.values()))
        if not self._fits(person.name, pronoun):
            return None
        return _as_speaker(person)

    def _named_earlier_in_sentence(self, pos: int, pronoun: str) -> tuple[int, Speaker] | None:
        """The person named last before ``pos`` in its own sentence, when the pronoun opens a
        clause inside it: "Brooklyn DA Ken Thompson's refusal to prosecute …, which he said …",
        "wants his successor, Brian Williams, thrown out after he admitted …"."""
        starts = self._sentence_starts
        i = bisect_right(starts, pos) - 1
        before = self.text[starts[i] : pos].rstrip() if i >= 0 else ""
        if not before.strip(" “\"‘'") or not before[-1].isalpha():
            # (not after a comma: "As reported by Mail Online, …, she said", "Quoting lines
            # from a movie led by Clint Eastwood, he said": a phrase before the subject)
            return None
        for start, _end, person in self._names_within(starts[i], pos):
            if person.confirmed and not self._in_reported(start):
                if not self._fits(person.name, pronoun):
                    return None
                return start, _as_speaker(person)
        return None

    def _names_within(self, lo: int, hi: int) -> Iterator[tuple[int, int, Person]]:
        """The names written wholly inside ``[lo, hi]``, the latest first (the sorted index)."""
        for k in range(bisect_left(self._name_ends, hi + 1) - 1, -1, -1):
            start, end, person = self._names[k]
            if end <= lo:
                break
            if start >= lo:
                yield start, end, person

    def _plural_subject_before(self, pos: int) -> Speaker | None:
        """ "They" with no group spoken before: the people the sentence before (or its own
        words before "they") has for a subject ("Developers we've spoken with caution that ….
        They say …"), a plural that names people, outside what anyone said."""
        starts = self._sentence_starts
        i = bisect_right(starts, pos) - 1
        lo = starts[i - 1] if i >= 1 else 0
        for at in reversed(
            self.subjects[bisect_left(self.subjects, lo) : bisect_left(self.subjects, pos)]
        ):
            word = re.match(r"[A-Za-z]+", self.text[at:])
            if word is None or self._in_reported(at):
                continue
            low = word.group(0).lower()
            # (a plural of five letters or more: "developers", not "news", "glass" or "its")
            if word.group(0)[1:] != low[1:] or len(low) < 5 or not _plural(low):
                continue
            if low in self.lex.speaker_nouns or low.endswith(("ers", "ists", "ians", "ents")):
                return self._named_group(low)
        return None

    def _last_subject_before(self, pos: int, pronoun: str) -> tuple[int, Speaker] | None:
        """The person most recently named as a sentence subject before ``pos``."""
        # the names written before pos, latest first (a sorted index, built once)
        for k in range(bisect_left(self._name_ends, pos + 1) - 1, -1, -1):
            start, end, person = self._names[k]
            if end > pos or not person.confirmed:
                continue
            if person.name.split()[-1] in _NOT_A_PERSONS_LAST_WORD:
                continue  # "Virgin Media is sending Beaton a CD": a company is no "he"
            if self._in_reported(start):
                continue  # named inside what someone said: not who is speaking now
            if _COMMA_ONLY_RE.fullmatch(self.text, end, pos):
                continue  # "Seidel, she said, was using …": whom she speaks of, not she
            i = bisect_left(self.subjects, start)
            if i < len(self.subjects) and self.subjects[i] < end:
                if not self._fits(person.name, pronoun):
                    return None
                return start, _as_speaker(person)
        return None

    def _apply_alias(self, spk: Speaker) -> Speaker:
        alias = self.aliases.get(norm(spk.canonical))
        return Speaker(alias, spk.kind, spk.country) if alias else spk

    def _person(self, info: MentionInfo, pos: int = 0) -> Speaker:
        tokens = info.name.split()
        key = tokens[-1].casefold()
        candidates = [p for p in self.people if p.surname.casefold() == key]
        if not candidates and len(tokens) == 1:
            # "Hashimi said" for "Hisham al-Hashimi": the surname without its particle
            candidates = [
                p
                for p in self.people
                if len(p.name.split()) > 1 and p.bare_surname.casefold() == key
            ]
        if not candidates and len(tokens) == 1:
            # "Rahman" for "Rami Abdulrahman": an Arabic name's servant prefix written apart
            candidates = [
                p
                for p in self.people
                if len(p.name.split()) > 1
                and _ABD_PREFIX_RE.sub("", p.bare_surname.casefold()) == key
                and p.bare_surname.casefold() != key
            ]
        if not candidates and len(tokens) == 1:
            # "Blanco" for "Iñaky Blanco Cabrera": a first surname of a double one
            candidates = [
                p for p in self.people if key in (t.casefold() for t in p.name.split()[1:-1])
            ]
        if not candidates and len(tokens) == 1:
            # "said Navkiran" for "Navkiran Singh": a first name, when one person has it
            firsts = [
                p
                for p in self.people
                if p.name.split()[0].casefold() == key
                and p.confirmed
                and not any(t.islower() for t in p.name.split())  # "Francis of Assisi"
            ]
            candidates = firsts if len(firsts) == 1 else []
        if not candidates and len(tokens) == 1:
            # "Choe said" after "Choe Kwan-il": a Korean name, the family name first and the
            # given name hyphenated
            family = [
                p
                for p in self.people
                if len(p.name.split()) == 2
                and p.name.split()[0].casefold() == key
                and _KOREAN_GIVEN_NAME_RE.fullmatch(p.name.split()[1])
            ]
            candidates = family if len(family) == 1 else []
        if not candidates and len(tokens) == 1:
            # "Mr Adbulla said" after "Yasir Abdulla": a surname misspelt by two swapped letters
            typos = [p for p in self.people if len(p.name.split()) > 1 and _swapped(p.surname, key)]
            candidates = typos if len(typos) == 1 else []
        pronoun = _title_gender([t for t in info.titles if t.rstrip(".") in _GENDERED_HONORIFICS])
        if pronoun is not None and len(candidates) > 1:
            # "Mr Somers" after "Luke Somers" and "Lucy Somers": the man
            candidates = [p for p in candidates if self._fits(p.name, pronoun)] or candidates
        if len(tokens) > 1:
            person = _same_person(candidates, tokens)
        else:
            # a surname alone: the person of that name written most recently before it
            before = [p for p in candidates if any(x < pos for x in p.positions)]
            pool = before or candidates
            person = (
                max(pool, key=lambda p: max((x for x in p.positions if x < pos), default=-1))
                if pool
                else None
            )
        if person is None:
            return Speaker(info.name, "person", info.country)
        person = self._longer_name_of(person)
        return Speaker(person.name, "person", info.country or _first(person.countries))

    def _longer_name_of(self, person: Person) -> Person:
        """ "Ram Rahim" after "Gurmeet Ram Rahim Singh": the one person whose fuller name holds
        the name as written, its words in order (two words or more)."""
        words = person.name.split()
        if len(words) < 2:
            return person
        fuller = [
            p
            for p in self.people
            if p.name in self._person_entity_names  # ("Vladimir Putin Friday": a misparse)
            and len(p.name.split()) > len(words)
            and _contains_words(p.name, words)
        ]
        return fuller[0] if len(fuller) == 1 else person

    def _role(self, info: MentionInfo) -> Speaker:
        role = info.role
        words = info.name.split()
        if (
            len(words) >= 2
            and words[-1][:1].isupper()
            and all(w.islower() and w not in _OCCUPATION_STOPS for w in words[:-1])
        ):
            # "warden Jacobson" after "warden Paul Jacobson": a title in lower case, a surname
            named = [p for p in self.people if p.confirmed and p.surname == words[-1]]
            if len(named) == 1:
                return Speaker(named[0].name, "person", info.country or _first(named[0].countries))
        candidates = [
            p
            for p in self.people
            if role
            and role in p.titles
            and (info.country is None or not p.countries or info.country in p.countries)
        ]
        if not candidates and info.country and head_noun(role) == "leader":
            # "the Jordanian leader": the one head of that country written with a title
            candidates = [
                p
                for p in self.people
                if info.country in p.countries and p.titles & self.lex.head_of_state_titles
            ]
        if len(candidates) == 1:
            p = candidates[0]
            # the role mention is also evidence for the person's country
            if info.country and info.country not in p.countries:
                p.countries.insert(0, info.country)
            return Speaker(p.name, "person", info.country or _first(p.countries))
        earlier = self._same_head_before(info)
        if earlier is not None:
            return earlier
        return Speaker(info.name, "role", info.country)

    def _plural_before(self, noun: str) -> Speaker | None:
        """The last group speaker whose head noun is the plural of ``noun`` ("sources")."""
        if noun not in self.lex.speaker_nouns:
            return None
        plurals = {noun + "s", noun + "es", noun[:-1] + "ies"}
        for spk in reversed(self.history):
            if spk.kind in ("role", "group") and head_noun(spk.canonical) in plurals:
                return spk
        return None

    def _same_head_before(self, info: MentionInfo) -> Speaker | None:
        """ "the source" after "a source with contacts with Iraqi intelligence": a definite bare
        role is the last speaker named with the same head noun."""
        words = info.name.split()
        if len(words) != 1:
            return None
        for spk in reversed(self.history):
            if spk.kind in ("role", "group") and head_noun(spk.canonical) == words[0].lower():
                return spk
        return None

    def _last_fitting_named_before(self, pos: int, pronoun: str) -> Speaker | None:
        """The person the parser confirms, named last before ``pos`` outside what anyone said,
        whose known gender is the pronoun's."""
        other = "he" if pronoun == "she" else "she"
        for start, _end, person in self._names_within(0, pos):
            # (known to be the pronoun's: one that is no "other")
            if (
                person.confirmed
                and not self._in_reported(start)
                and not self._fits(person.name, other)
            ):
                return _as_speaker(person)
        return None

    def _last_named_before(self, pos: int) -> Speaker | None:
        before = [p for p in self.people if p.first_pos < pos and p.confirmed]
        if not before:
            return None
        p = max(before, key=lambda q: q.first_pos)
        return _as_speaker(p)

    def resolve_country(self, att: Attribution, canonical: str, kind: str) -> str | None:
        """The country one claim's mention ties its speaker to (call after resolving all)."""
        if NAMED_RELATIVE_RE.fullmatch(" ".join(att.mention.split())):
            return None  # "his brother, Jordan": a first name, whatever country it spells
        if kind == "person" and _PARTY_MEMBER_RE.search(att.mention):
            # "Sen. Kelly Ayotte, New Hampshire Republican and a member of the Senate Armed
            # Services committee": a lawmaker's side is her party, not her country's government
            return None
        info = analyse_mention(att.mention, self.lex)
        if info.country and not (
            kind == "person" and self._country_in_name(att.mention, canonical)
        ):
            return info.country
        if _PLACE_ROLE_RE.match(att.mention.strip()):
            # "DNA tests confirm Lebanon is holding …, the country's interior minister says":
            # the country its sentence names last before it
            starts = self._sentence_starts
            lo = starts[max(0, bisect_right(starts, att.mention_start) - 1)] if starts else 0
            named = list(self.lex.country_re.finditer(self.text, lo, att.mention_start))
            if named:
                return self.lex.country_of(named[-1])
        if kind in ("role", "group"):
            # "a senior Lebanese security official", "a senior DHS spokesman": the cue need not
            # open the phrase; "Journalists in Havana" are not Cuba's (its officials are)
            written = " ".join(att.mention.split())
            where = _IN_PLACE_RE.search(written)
            if where is not None and head_noun(written[: where.start()]).lower() not in (
                self.lex.official_nouns
            ):
                written = written[: where.start()]
            found = self.lex.country_named_in(written)
            if found is None and _DOCUMENT_RE.fullmatch(written):
                # "a statement on the Yemen defense ministry's website": its issuer's country
                found = self.lex.country_named_in(canonical)
            return found
        if kind != "person":
            return None
        # "spokeswoman for the National Security Council": a cue in the describing words, unless
        # the whole mention makes it no state's ("The French NGO ACTED")
        described = self.lex.country_named_in(self.descriptor(att, canonical))
        if described is not None and self.lex.country_named_in(att.mention) is None:
            described = None
        return self.person_country(canonical) or described

    def _country_in_name(self, mention: str, canonical: str) -> bool:
        """Whether the mention's first country cue is a word of the person's own name
        ("Jordan Matson, 28": a first name, not the kingdom)."""
        m = self.lex.country_re.search(mention)
        return m is not None and m.group(0) in canonical.split()

    def person_country(self, name: str) -> str | None:
        for p in self.people:
            if p.name == name:
                return _first(p.countries)
        return None


_HE_TITLES = _wordset("mr mr. sir lord king prince spokesman congressman chairman")
_SHE_TITLES = _wordset(
    "mrs mrs. ms ms. miss dame lady queen princess spokeswoman congresswoman chairwoman"
)


# Nouns that describe a person rather than name a role anyone holds ("the humble officer",
# "the blogger"), and the gender some of them carry.
_GENDERED = {
    **dict.fromkeys(
        [
            "woman",
            "girl",
            "lady",
            "sister",
            "mother",
            "wife",
            "daughter",
            "nun",
            "actress",
            "mum",
            "grandmother",
            "aunt",
            "girlfriend",
        ],
        "she",
    ),
    **dict.fromkeys(
        [
            "man",
            "boy",
            "brother",
            "father",
            "husband",
            "son",
            "priest",
            "monk",
            "actor",
            "dad",
            "grandfather",
            "uncle",
            "boyfriend",
        ],
        "he",
    ),
}
# "Britain's Telegraph newspaper": a country's possessive, an outlet's name, the kind of outlet
_DESCRIBED_OUTLET_RE = re.compile(
    r"(?:(?P<place>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)['’]s\s+)?"
    # ("The Globe and Mail newspaper", "the Mail on Sunday": small words inside a name)
    r"(?P<name>[A-Z][\w.&’'-]*(?:\s+(?:(?:and|of|on|the)\s+)?[A-Z][\w.&’'-]*){0,4})"
    r"(?:\s+(?P<noun>newspaper|paper|tabloid|daily|website|broadcaster|network))?"
)
# "Iraq's government", "Nigeria's military": a country's possessive and one noun
_COUNTRY_POSSESSIVE_RE = re.compile(
    r"(?P<country>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)['’]s\s(?P<noun>[a-z]+)"
)
# A sentence whose subject is a document: "The DeepDotWeb report has …", "The website MSMBC …"
_DOCUMENT_SUBJECT_RE = re.compile(
    r"\s*(?:(?:Additionally|However|But|And),?\s+)?(?P<doc>(?:The|This|That)\s+"
    r"(?:[A-Z][\w.&’'-]*\s+){0,3}(?:report|article|story|post|website|site|blog|statement)"
    r"(?:\s+[A-Z][\w.&’'-]*){0,3})\b"
)
# The end of a quotation right before a pronoun: “…,” she said
_QUOTATION_JUST_BEFORE_RE = re.compile(r"[”\"],?\s*\Z")
# What may come before a pronoun that opens its sentence: quotation marks, or a short
# phrase and a comma ("To The Telegraph, she says …")
_OPENS_ITS_SENTENCE_RE = re.compile(r"[\s“\"‘']*(?:(?:To|In|For|On)\s[^,.;]{1,40},\s*)?")
_DESCRIPTIONS = frozenset(_GENDERED) | _wordset(
    "teen teenager officer blogger plumber star singer player swimmer golfer "
    "pilot soldier veteran survivor presenter host anchor priest actor actress rapper "
    "comedian athlete boxer footballer cyclist chef"
)
_AGE_RE = re.compile(r"\d+-year-old")
_AGE_BEFORE_NAME_RE = re.compile(r"^(?:(?i:a|the)\s+)?\d{1,3}-year-old\s+(?=[A-Z][a-z])")


_PREPOSITIONS = frozenset(
    ["of", "with", "for", "to", "from", "about", "on", "at", "the", "a", "an"]
)


# A politician written with a party: "a Republican", "Democratic Sen.", "(R-N.H.)"
_PARTY_MEMBER_RE = re.compile(r"\b(?:Republican|Democrat)\b|\bDemocratic\b(?!\s+Republic)|\([RD]-")


# "New York-based " before a capitalised name: where the organisation sits
_BASED_IN_RE = re.compile(
    r"^(?P<det>(?:[Tt]he|[Aa]n?)\s+)?(?:[A-Z][\w.’']*\s+){0,2}[A-Z][\w.’']*-based\s+(?=[A-Z])"
)


def _introduced(noun: str) -> re.Pattern[str]:
    """An indefinite mention of ``noun`` that brings someone into the story ("a prominent
    religious scholar", "one woman")."""
    return re.compile(
        rf"\b(?:a|an|another|one)\s+(?:[\w’'-]+\s+){{0,3}}{re.escape(noun)}\b", re.IGNORECASE
    )


_INDEFINITE_PRONOUNS = _wordset("someone somebody anyone anybody everyone everybody nobody")
# Nouns for sources an article leaves unnamed on purpose: "a senior official … The official"
_UNNAMED_ON_PURPOSE = _wordset("source official insider aide diplomat person")
_ANCHORED_RE = re.compile(
    r"\s*\b(?:of|from|at|in|on|with|who|that|which)\s+(?:the|a|an|his|her|their)\b"
)
_PREDICATE_END_RE = re.compile(r"(?:\b(?:is|was|are|were|as|became|becomes|been)|,)\s*$")


def _as_speaker(person: Person) -> Speaker:
    return Speaker(person.name, "person", _first(person.countries))


def _title_gender(titles: Collection[str]) -> str | None:
    words = {w for t in titles for w in t.split()}
    if words & _HE_TITLES and not words & _SHE_TITLES:
        return "he"
    if words & _SHE_TITLES and not words & _HE_TITLES:
        return "she"
    return None


_POSTMODIFIER_START = _wordset("with of from for at in familiar close who that which")
# "some of the protesters", "many protesters": the group is the protesters.
_QUANTIFIER_RE = re.compile(
    r"^(?:(?:some|many|most|all|several|few|one|two|three|dozens|hundreds|thousands)\s+of\s+"
    r"(?:the\s+)?|(?:many|some|several|other|most)\s+)",
    re.IGNORECASE,
)


# Nouns for a business that "the …" refers back to: the article's main organisation.
_BUSINESS_NOUNS = _wordset(
    "company firm network broadcaster newspaper retailer manufacturer carrier"
)


def head_noun(phrase: str) -> str:
    """The head noun of a speaker phrase: its last word before a postmodifier ("source" of
    "source with contacts with Iraqi intelligence"), lower-cased."""
    words = []
    for w in phrase.split():
        if words and w.lower() in _POSTMODIFIER_START:
            break
        words.append(w)
    return words[-1].lower().strip(",") if words else ""


def _swapped(surname: str, key: str) -> bool:
    """Whether ``key`` is ``surname`` (case-folded, five letters or more) with two of its
    letters after the first swapped ("Adbulla" for "Abdulla", "Mulinovich" for "Milunovich")."""
    name = surname.casefold()
    if len(name) < 5 or len(name) != len(key) or name[0] != key[0] or sorted(name) != sorted(key):
        return False
    differ = [i for i, (a, b) in enumerate(zip(name, key, strict=True)) if a != b]
    if len(differ) != 2:
        return False
    i, j = differ
    return name[i] == key[j] and name[j] == key[i]


def _plural(role: str) -> bool:
    head = role.split()[-1] if role.split() else ""
    return head.endswith("s") and not head.endswith("ss")


def _first(items: list[str]) -> str | None:
    return items[0] if items else None


_INDEFINITE_RE = re.compile(r"(?:a|an|one)\s+", re.IGNORECASE)
# "his sister", "her older brother": a lede's relative of the unnamed protagonist
_KIN_OF_RE = re.compile(
    r"(?:his|her|their)\s+(?:(?:older|younger|elder|twin)\s+)?(?:sister|brother|mother|father"
    r"|wife|husband|son|daughter|aunt|uncle|cousin|grandmother|grandfather)",
    re.IGNORECASE,
)
_SPOKESPEOPLE = _wordset("spokesman spokeswoman spokesperson representative")
_POSTMODIFIER_RE = re.compile(r"\s+(?:in|at|for|of|from|with|on|who|that)\s+")
# "the country's interior minister says": a lede's officeholder, named in the next paragraph
_PLACE_ROLE_RE = re.compile(
    r"(?:the\s+)(?:country|nation|city|state|province|kingdom|region)['’]s\s+", re.IGNORECASE
)


_UNNAMED_RE = re.compile(r"(?i)\b(?:unnamed|anonymous|unidentified)\b")
# "according to a person who attended the event", "a person briefed on the talks": how a
# source the article will not name is described; a name written later is someone else's
_DESCRIBED_PERSON_RE = re.compile(
    r"(?i)(?:who|that|with|close\s+to|familiar|briefed|involved|knowledgeable|present|at)\b"
)


def _led_organisation(text: str, att: Attribution) -> str | None:
    """The organisation the description at or right after a person's mention says they lead,
    within the sentence."""
    stop = text.find(".", att.mention_end)
    window = text[att.mention_start : stop if stop >= 0 else len(text)]
    led = _LEADS_ORG_RE.search(window)
    return led.group("org").rstrip(" .") if led is not None else None


# Whom a person's description says they lead: "who runs the Britain-based Syrian Observatory
# for Human Rights", "the head of North Korea Intellectuals Solidarity (NKIS)"
_LEADS_ORG_RE = re.compile(
    r"(?:\bwho\s+(?:runs|heads|leads|founded|directs)|\b(?:head|director|founder|leader|chief)"
    r"\s+of)\s+(?:the\s+)?(?:[A-Z][\w.-]*-based\s+)?"
    r"(?P<org>[A-Z][\w’'.&-]*(?:\s+(?:(?:of|for|and|on|the)\s+)*[A-Z][\w’'.&-]*)*)"
)


def _family_name_shared(name: str, text: str) -> bool:
    """Whether another first name is written before ``name``'s surname in ``text``."""
    first, surname = name.split()[0], name.split()[-1]
    return any(
        m.group(1) != first
        for m in re.finditer(rf"\b([A-Z][a-z]+)\s+{re.escape(surname)}\b", text)
    )


def name_lede_speaker(
    resolved: Sequence[tuple[Attribution, str, str]],
    lede_end: int,
    common_nouns: Collection[str] = (),
    is_a_person: Callable[[str], bool] = lambda _name: True,
    text: str = "",
    roles_of: Callable[[str], Collection[str]] = lambda _name: (),
) -> list[tuple[Attribution, str, str]]:
    """The news lede's unnamed speaker, named: "A journeyman golfer … said …" followed by
    "Dan Olsen, 48, … told …" is one speaker, Dan Olsen.

    The first claim of the first body paragraph (before ``lede_end``) whose mention is an
    indefinite singular role ("a company", "a Republican congressman") takes the speaker of the
    first later claim by a named source: a full personal name, or a proper name for a body
    (not one of ``common_nouns``, such as "Police"); ``is_a_person`` tells a person's name
    from a name-shaped outlet ("Sunday Times").
    Later claims by the same role with "the" ("the company said") are that source too; but
    when such a claim comes before any named source ("a source … said", "the source said", then
    "Curtis Melvin … said"), the article keeps its source unnamed and nothing is renamed.
    """
    out = list(resolved)
    for i, (att, _canonical, kind) in enumerate(out):
        if att.mention_start >= lede_end:
            break
        words = att.mention.split()
        kin = _KIN_OF_RE.fullmatch(" ".join(words))
        if kind not in ("role", "group") or not (
            _INDEFINITE_RE.match(att.mention) or _PLACE_ROLE_RE.match(att.mention) or kin
        ):
            continue
        if any(a.start <= att.mention_start < a.end for a, _c, _k in out if a is not att):
            continue  # "a call from a man who said …" inside another's claim: no lede speaker
        head = words[-1].lower().strip(",")
        # (the noun before a place or an owner: "a spokesman in the embassy in London")
        noun_of = _POSTMODIFIER_RE.split(att.mention, maxsplit=1)[0].split()[-1].lower()
        if (
            _plural(head)
            or head == "source"  # unnamed on purpose: "an al Shabab source told NBC News"
            or _UNNAMED_RE.search(att.mention)
            or (head == "person" and _DESCRIBED_PERSON_RE.match(text[att.mention_end :].lstrip()))
        ):
            continue  # (an unnamed source is no one the article names later)
        body = head in _NOT_PERSON_NOUNS
        # "the source said" before anyone is named: the article keeps its source unnamed
        noun = head_noun(_INDEFINITE_RE.sub("", att.mention))
        again = next(
            (
                a.mention_start
                for a, can, k in out[i + 1 :]
                if k in ("role", "group")
                and (
                    norm(a.mention) in (f"the {head}", f"the {noun}")
                    # "a senior defense official", "another defense official": the article
                    # quotes several, unnamed
                    or (head == "official" and head_noun(can) == head)
                )
            ),
            None,
        )
        target = next(
            (
                (can, k, a)
                for n, (a, can, k) in enumerate(out[i + 1 :])
                # in a later paragraph, or the lede's own next claim ("A British man … has
                # claimed …. Yasir Abdulla, 36, said …")
                if (
                    a.mention_start >= lede_end
                    # a source stays unnamed; a document cited in the same sentence is no one
                    or (n == 0 and not body and head != "source" and att.kind != "according_to")
                )
                and (again is None or a.mention_start < again)
                and a.kind != "tweet"  # someone who tweeted about the story is not its source
                and (
                    (
                        not body
                        and k == "person"
                        and len(can.split()) >= 2
                        and is_a_person(can)
                        # "…, his sister has said. Lucy Somers told …": a relative shares a
                        # family name with someone else the article names ("Luke Somers")
                        and (kin is None or _family_name_shared(can, text))
                        # "a spokesman … told Mashable" is not the editor Michael Madden: a
                        # spokesman named later is named as one
                        and (
                            noun_of not in _SPOKESPEOPLE
                            or any(head_noun(r) == noun_of for r in roles_of(can))
                        )
                    )
                    or (
                        body
                        and k in ("group", "person")
                        and can[:1].isupper()
                        and can.lower() not in common_nouns
                    )
                )
            ),
            None,
        )
        if target is None:
            break
        name, target_kind, named_at = target
        if body and target_kind == "person":
            # "a group monitoring the war said …" and then "said Rami Abdulrahman, who runs the
            # Britain-based Syrian Observatory for Human Rights": the group is the Observatory
            led = _led_organisation(text, named_at)
            if led is not None:
                name, target_kind = led, "group"
        out[i] = (att, name, target_kind)
        for j, (a, _can, k) in enumerate(out):
            # the same role again, or the same words ("according to a witness who says …")
            same = norm(a.mention) == f"the {head}" or a.mention_start == att.mention_start
            if j > i and k in ("role", "group") and same:
                out[j] = (a, name, target_kind)
        break
    return out
