"""What a speaker mention refers to beyond its own words: the patterns and pure helpers behind
"the group" (the organisation named before it), acronyms ("the LCC"), "her lawyer", "a United
Nations report", "a representative of X" and the words that say how a source knows.

``stance.extract.speakers`` applies them while resolving mentions in text order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# "a United Nations report released Thursday", "a Pentagon statement": the organisation named
# before the document issued it.
ORG_DOCUMENT_RE = re.compile(
    # ("the official Apple site": the site of Apple; a platform's page is no one's)
    r"(?:a|an|the|A|An|The)\s+(?:official\s+)?(?!(?:Facebook|Twitter|Instagram|YouTube)\b)"
    r"(?P<org>[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3})(?<!\sWeb)\s+"
    # "a Barrons blog post", "a Reuters news report": a kind of document before its noun
    r"(?:(?:blog|news|online|[Ww]eb|press|video|written|official)\s+)?"
    r"(?:statement|report|letter|release|press release|post|message|website|site|tweet|video"
    r"|story|article|editorial)\b"
    # "Racket Report’s piece", "the shop’s About page": the organisation's own
    r"|(?P<owner>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})[’']s\s+(?:About\s+)?"
    r"(?:piece|page|site|website|article|story|report|statement|post|blog)\b"
)
# 'a commenter named "4npower"': a handle in quotation marks after the word that names it is
# what the speaker goes by, not words anyone said
NAMED_HANDLE_RE = re.compile(
    r"\b(?:named|nicknamed|username|handle)\s+[\"“](?P<handle>[\w@.-]+),?[\"”]"
)
# "A 19-year-old named Jess Smith", "a site called DeepDotWeb": a description, then the name
# it goes by (one to four capitalised words)
NAMED_PERSON_RE = re.compile(
    r"(?P<det>(?:[Aa]n?|[Tt]he)\s+)?(?P<desc>(?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:named|called)\s+"
    r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})"
)
# Particles joined to an Arabic name by a hyphen or apostrophe ("al-Munajjid", "Abu-Bakr")
NAME_PARTICLES = r"al|el|ad|as|ash|an|ar|at|az|ibn|bin|abu"
# "Reports in Greek newspapers", "a story by the Associated Press": the outlet that carried it
REPORTS_IN_RE = re.compile(
    r"(?:(?:a|an|the|A|An|The)\s+)?(?:(?:earlier|recent|new|latest|separate|previous)\s+)?"
    r"(?:[Rr]eports?|[Aa]rticles?|[Ss]tor(?:y|ies)|[Ee]ditorials?)"
    r"\s+(?:(?:published|carried|aired)\s+)?(?:in|by|from)\s+(?:the\s+)?"
    # (not a time: "a report in March")
    r"(?!(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d)\b)"
    # (without an aside after it: "iGen (via AppleInsider)")
    r"(?P<org>[^\s(][^(]*?)(?:\s*\([^)]*\))?"
    # (nor when it came out: "a report in the Washington Post published Monday")
    r"(?:\s+(?:published|released|posted|aired|issued|dated)\b.*)?"
)
# A speaker that is one of a group that spoke just before: "“…,” said one", "Another added";
# the patterns admit them, the resolver finds the group
ONE_OF_THEM = frozenset({"one", "another"})
# "the group", "his group", "the group's supporters": an organisation named before, in other
# words; ``rest`` is what follows the noun ("supporters").
GROUP_ANAPHOR_RE = re.compile(
    # ("the Britain-based group": where it sits may come before the noun; not "the al-Safir
    # newspaper", a name)
    r"(?:(?:the|its|his|her|their)\s+)(?:\w+\s+|\w+-(?:based|backed|led|run|linked)\s+)?"
    r"(?P<noun>group|organization|organisation|movement|militia"
    # "the company said" after "Apple …", "the network" after "NBC"
    r"|company|firm|network|broadcaster|newspaper|retailer|manufacturer|carrier"
    # "the force said" after "Cumbria Police": a police force
    r"|force)"
    r"(?:[’']s?\s+(?P<rest>\w+))?",
    re.IGNORECASE,
)
# "some of the group's supporters": the group's supporters.
PART_OF_RE = re.compile(r"^(?:some|many|most|all|several|few|one|dozens|hundreds)\s+of\s+", re.I)
# "the person said …": the source just named.
THE_PERSON_RE = re.compile(r"the\s+(?:person|individual)", re.IGNORECASE)
# "… drew criticism from congressional Republicans. Several contended …": some of that group.
QUANTIFIER_RE = re.compile(r"(?:several|some|many|most|others|a\s+few|both)", re.IGNORECASE)
# The plural noun phrase that ends the sentence before a quantifier.
SENTENCE_END_GROUP_RE = re.compile(
    r"((?:[A-Za-z][\w-]*\s+){0,3}(?P<head>[A-Za-z][\w-]*[a-z]s))\.\s*$"
)
_GROUP_LEAD = frozenset(
    [
        "the",
        "a",
        "from",
        "by",
        "among",
        "of",
        "with",
        "to",
        "and",
        "for",
        "in",
        "on",
        "at",
        "drew",
        "criticism",
        "support",
    ]
)


def sentence_end_group(before: str, group_nouns: frozenset[str]) -> str | None:
    """The plural noun phrase that ends ``before``'s last sentence ("congressional
    Republicans"), without the words that lead to it, or None. Its head is a lower-case plural
    or one of ``group_nouns`` ("Republicans"; "David Ignatius" is no group)."""
    m = SENTENCE_END_GROUP_RE.search(before)
    if m is None or not (m.group("head").islower() or m.group("head").lower() in group_nouns):
        return None
    words = m.group(1).split()
    # the words after the last that leads to the group ("sent to local lawmakers")
    lead = [i for i, w in enumerate(words) if w.lower() in _GROUP_LEAD]
    words = words[lead[-1] + 1 :] if lead else words
    return " ".join(words) or None


# "his brother John", "her son Jeff": a relative named by a first name only.
# The kinship words a relative is named by ("his son Jeff", "her mother Anji Smith")
KIN_WORDS = "son|daughter|brother|sister|wife|husband|father|mother|uncle|aunt|cousin|nephew|niece"
NAMED_RELATIVE_RE = re.compile(
    # ("Mr Somers’ father, Michael": a name ending in s takes the mark alone)
    r"(?:(?P<pron>[Hh]is|[Hh]er)|(?:Mr\.?\s+|Ms\.?\s+|Mrs\.?\s+)?(?P<owner>[A-Z][\w-]+)"
    r"(?:[’']s|(?<=s)[’']))\s+"
    r"(?:(?:older|younger|elder|twin|late)\s+)?"
    rf"(?P<kin>{KIN_WORDS}),?\s+(?P<first>[A-Z][a-z]+),?"
)
# "The author, known only as Lena,": a description the text gives a name to.
KNOWN_AS_RE = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Aa]nother|[Oo]ne)\s+(?:[\w’'-]+\s+){0,3}?(?P<head>[a-z]+),?\s+"
    r"(?:who\s+is\s+)?"
    r"(?:known|identified|named|referred\s+to)\s+(?:only\s+)?(?:as\s+)?"
    r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)"
)
# "one source" after "sources said": one of them.
ONE_OF_RE = re.compile(r"(?:one|a|an|another)\s+([a-z]+)", re.IGNORECASE)
# "her lawyer", "one of his former aides": someone who speaks for the person "his"/"her" is.
THEIR_ROLE_RE = re.compile(
    r"(?:(?:one|some|two|several|all)\s+of\s+)?(?P<pron>his|her)\s+"
    r"(?:(?:former|longtime|long-time|personal|own)\s+)?(?P<role>[a-z]+)",
    re.IGNORECASE,
)
# "a representative of Mark-1 Plumbing": written "Mark-1 Plumbing representative".
ROLE_OF_ORG_RE = re.compile(
    r"(?P<role>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:of|for|at)\s+(?:the\s+)?"
    r"(?P<org>[A-Z][\w’'&.-]*(?:\s+(?:(?:of|for|and|the)\s+)?[A-Z][\w’'&.-]*)*"
    r"(?:\s+(?:office|government|administration|ministry|campaign|team|family))?)"
)
# The writer as the one told ("I’m told …", "we're also told that …"): the sources are unnamed
FIRST_PERSON_TOLD = (
    r"I[’']m|I\s+am|I\s+was|I[’']ve\s+been|[Ww]e[’']re|[Ww]e\s+are|[Ww]e\s+were|[Ww]e[’']ve\s+been"
)
# What says how a source knows, not who it is: "an elected official familiar with the issue".
ACCESS_PHRASE = r"familiar\s+with|briefed\s+on|knowledgeable\s+about|with\s+knowledge\s+of"
ACCESS_RE = re.compile(
    rf",?\s+(?:{ACCESS_PHRASE}"
    r"|who\s+(?:spoke|asked|requested|declined)|speaking\s+on\s+condition)\b.*$",
    re.IGNORECASE,
)
# "her family" has rules of its own (a family speaks as the family)
KIN = frozenset({"family", "relatives", "parents", "widow"})
# How far back (characters) an organisation is looked for.
ANAPHOR_REACH = 800
# A run of capitalised words, small words inside: where acronyms are looked for.
NAME_RUN_RE = re.compile(r"[A-Z][a-z]+(?:\s+(?:(?:of|for|and|on|the)\s+)*[A-Z][a-z]+){1,6}")
SMALL_WORDS = frozenset({"of", "for", "and", "on", "the"})
# Small words inside an organisation's name that its acronym leaves out ("Committee to Protect
# Journalists": CPJ)
NAME_LINK_WORDS = frozenset(["of", "for", "to", "the", "and", "on", "in"])


def initials(words: Sequence[str]) -> str:
    """The first letters of a name's words but its small ones (``NAME_LINK_WORDS``)."""
    return "".join(w[0] for w in words if w not in NAME_LINK_WORDS)


def acronyms(text: str) -> dict[str, str]:
    """Acronym -> the name it abbreviates, for every name of two to seven capitalised words
    written in full in the text ("Local Coordination Committees" -> LCC); an acronym two names
    share is left out."""
    found: dict[str, set[str]] = {}
    for m in NAME_RUN_RE.finditer(text):
        words = m.group(0).split()
        # every stretch of the run that starts and ends with a capitalised word: "Local
        # Coordination Committees" inside "Local Coordination Committees and the Observatory"
        caps = [i for i, w in enumerate(words) if w not in SMALL_WORDS and w != "The"]
        for a, i in enumerate(caps):
            for j in caps[a + 1 :]:
                part = words[i : j + 1]
                initials = "".join(w[0] for w in part if w not in SMALL_WORDS)
                found.setdefault(initials, set()).add(" ".join(part))
    return {acronym: next(iter(names)) for acronym, names in found.items() if len(names) == 1}


def clipped_name(short: str, runs: Sequence[str]) -> str | None:
    """The name a clipped compound stands for ("CentCom", "Centcom" -> "Central Command"): one
    word made of the first three letters or more of each of two or more consecutive words of a
    name run the text writes in full (``NAME_RUN_RE``); None when no run gives one."""
    if not re.fullmatch(r"[A-Z][A-Za-z]{5,11}", short):
        return None
    low = short.lower()

    def cover(rest: str, words: list[str]) -> int:
        """How many of ``words`` ``rest`` is the prefixes of, in order (0: not so)."""
        if not rest:
            return 0
        if not words:
            return -1
        word = words[0].lower()
        for n in range(min(len(word), len(rest)), 2, -1):
            if rest[:n] == word[:n]:
                after = cover(rest[n:], words[1:])
                if after >= 0:
                    return after + 1
        return -1

    for run in runs:
        words = [w for w in run.split() if w not in SMALL_WORDS]
        for i in range(len(words)):
            if words[i][0].lower() != low[0]:
                continue
            used = cover(low, words[i:])
            if used >= 2:
                return " ".join(words[i : i + used])
    return None


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronym -> the name it follows in parentheses ("Coordinator of Government Activities in
    the Territories (COGAT)"), whatever its initials; the first definition holds."""
    defined: dict[str, str] = {}
    for m in DEFINED_ACRONYM_RE.finditer(text):
        defined.setdefault(m.group("acronym"), m.group("name"))
    return defined


# A common noun written just before a name: "the news organization GlobalPost", "gardening
# expert Alan Titchmarsh", "Italian newspaper Corriere della Sera".
_NOUN_BEFORE_NAME_RE = re.compile(r"(?<![\w’'-])(?P<head>[a-z][a-z-]{2,})\s+$")
# A noun with its determiner and a comma just before a person's name: "his 29-year-old mum,
# Meng Xiangyan", "the boy's father, Li Wei" (no preposition between: in "a spokesperson for the
# health ministry, Ahmed Rudaini" the last noun is the ministry, not what he is)
_NOUN_APPOSED_BEFORE_NAME_RE = re.compile(
    r"(?<![\w’'-])(?<!\bfor\s)(?<!\b(?:of|at|in|to|on|by)\s)(?<!\bfrom\s)(?<!\bwith\s)"
    r"(?:a|an|the|his|her|their|its|[A-Z][\w-]*[’']s?)\s+"
    r"(?:(?!(?:for|of|at|in|from|with|to|on|by|and|or)\s)[\w’'-]+\s+){0,3}?"
    r"(?P<head>[a-z][a-z-]{2,}),\s+$"
)
# An apposition after a name that ends its phrase: "the Scottish Society for Prevention of
# Cruelty to Animals (SPCA), an animal welfare charity,", "The Daily Courier, her hometown
# newspaper." (not "Hamish de Bretton-Gordon, a former British army head of … revealed").
_APPOSITION_AFTER_NAME_RE = re.compile(
    r"(?:\s*\([^()]{1,40}\))?,\s+(?:a|an|the|his|her|its|their)\s+"
    r"(?:[\w’'-]+\s+){0,4}?(?P<head>[a-z][a-z-]{2,})(?=\s*[,.;:])"
)


def described_names(
    text: str, entities: Sequence[tuple[int, int, str]]
) -> list[tuple[int, str, str, str]]:
    """(where the name starts, the noun that describes it, the name, its entity label) for each
    person or organisation the parser names with a common noun just before it or an apposition
    after it: what a later "the charity", "the organization", "the television presenter" may
    refer to. Words before a name that are no noun ("said Alan Titchmarsh") are kept too: no
    mention is ever "the said", so they are never looked up."""
    found: list[tuple[int, str, str, str]] = []
    for start, end, label in entities:
        if label not in ("PERSON", "ORG"):
            continue
        name = re.sub(r"^(?:the|The)\s+", "", re.sub(r"[’']s$", "", text[start:end].strip()))
        if not name:
            continue
        before = _NOUN_BEFORE_NAME_RE.search(text, max(0, start - 40), start)
        if before is not None:
            found.append((start, before.group("head"), name, label))
        elif label == "PERSON":
            # "his 29-year-old mum, Meng Xiangyan": a person's noun in apposition before
            apposed = _NOUN_APPOSED_BEFORE_NAME_RE.search(text, max(0, start - 60), start)
            if apposed is not None:
                found.append((start, apposed.group("head"), name, label))
        after = _APPOSITION_AFTER_NAME_RE.match(text, end)
        if after is not None:
            found.append((start, after.group("head"), name, label))
    # an outlet, whether the parser names it or not: "the College Fix, a website for students,"
    # (whose apposition's last noun is no outlet's)
    found += [
        (m.start("name"), m.group("head").lower(), m.group("name"), "ORG")
        for m in _OUTLET_APPOSITION_RE.finditer(text)
    ]
    return sorted(found)


# A capitalised name, then an apposition whose noun is an outlet's: "the College Fix, a website
# for students" ("the" and sentence openers are no part of the name)
_OUTLET_APPOSITION_RE = re.compile(
    r"(?<![\w’'])(?:the\s+|The\s+)?(?P<name>(?!(?:The|A|An|But|And|In|On|At)\s)[A-Z][\w.&’'-]*"
    r"(?:\s+[A-Z][\w.&’'-]*){0,4}),\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?"
    r"(?P<head>website|site|blog|magazine|newspaper|tabloid|outlet|publication)\b"
)


# An acronym defined in parentheses: "(COGAT)"
_ACRONYM_IN_PARENS = r"\((?P<acronym>[A-Z]{2,6})\)"
DEFINED_ACRONYM_RE = re.compile(
    r"(?P<name>[A-Z][a-z]+(?:\s+(?:(?:of|for|and|on|in|the)\s+)*[A-Z][a-z]+){1,8})\s+"
    + _ACRONYM_IN_PARENS
)
# The acronym closing a name: "Civil Defense Directorate (CDD)"
DEFINED_ACRONYM_END_RE = re.compile(rf"\s*{_ACRONYM_IN_PARENS}$")


# Last words of a news outlet's name ("NBC News", "the Galveston Daily News").
OUTLET_WORDS = frozenset(
    re.findall(
        r"\S+",
        "News Times Post Journal Herald Tribune Daily Gazette Radio TV Television Channel Network "
        "Magazine Press Chronicle Observer Guardian Telegraph Mail Star Sun Globe Review Monitor "
        "Insider Today Examiner Broadcasting Reuters AP AFP Reporter",
    )
)


# Words of a printed paper's name, among OUTLET_WORDS: "the paper" is no radio station.
PRINT_WORDS = frozenset(
    re.findall(
        r"\S+",
        "Times Post Journal Herald Tribune Daily Gazette Chronicle Observer Guardian Telegraph "
        "Mail Star Sun Globe Examiner Review Independent Express Mirror",
    )
)


# An outlet named in full: capitalised words (small words inside) with an outlet word among
# them ("Mail on Sunday", "New York Times", "Sunday Post").
OUTLET_RE = re.compile(
    r"(?<![\w’'])(?:(?!(?:The|A|An|But|And|In|On|At|As|For|So|Yet|Then|While|When|After|If)\s)"
    r"[A-Z][\w&-]*\s+(?:(?:on|of|the)\s+)?)*(?:"
    + "|".join(sorted(OUTLET_WORDS, key=len, reverse=True))
    + r")(?:\s+(?:on|of)\s+[A-Z]\w*)?(?![\w-])"
)


def organisation_name(entity: str) -> str | None:
    """An ORG entity as an antecedent of "the group": without "the" and a possessive, two
    capitalised words or an acronym, and not a news outlet ("NBC News")."""
    words = re.sub(r"[’']s$", "", re.sub(r"^(?:the|The)\s+", "", entity.strip())).split()
    if not words or words[-1] in OUTLET_WORDS:
        return None
    capitalised = [w for w in words if w[:1].isupper()]
    if len(capitalised) >= 2 or (
        len(words) == 1 and re.fullmatch(r"[A-Z]{2,}|[A-Z][a-z]*-[A-Z][a-z]+", words[0])
    ):
        return " ".join(words)  # two words, an acronym, or "Al-Shabaab"
    return None


# "a member of the Somali Islamic extremist group", "a spokesman for the militant group": a
# person who speaks for the organisation "the group" refers to.
MEMBER_OF_THE_GROUP_RE = re.compile(
    r"\b(?P<role>[a-z]+)\s+(?:of|for|from|with|in)\s+the\s+(?:[\w-]+\s+){0,4}"
    r"(?:group|organi[sz]ation|movement|militia|network)\b"
)
