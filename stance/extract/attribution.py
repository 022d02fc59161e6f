"""Find attributed claims in the body of an article: who (as written) said what (as a span).

Everything works on the ORIGINAL text with offsets; the body blocks come from ``stance.text``.
The patterns, tried in this order:

1. Direct quotations (per paragraph), attributed by the words right after them
   (“…,” Ortiz said / “…,” said Peru’s prime minister) or right before them
   (Ortiz said: “…”).
   - A quotation split around its attribution is ONE claim: “A,” Ortiz said, using …. “B.”
   - Attachment rule for multi-sentence quotes: within a paragraph, a later quotation that has
     no attribution of its own and no other reporting verb in its sentence continues the
     current quoted speaker, and extends that claim. A paragraph that opens with such an
     unattributed quotation (and has no reporting verb of its own) continues the speaker of the
     previous paragraph's last quotation, as a new claim (the newspaper convention for quotes
     running over several paragraphs).
   - A quotation with no attribution and no speaker to continue (a scare quote such as
     “coordination”) is not a claim by itself; it stays part of the sentence around it.
   - The sentence holding the attribution is used up, so a source citation in it
     ("…, reported State TV, …") never becomes a claim of its own.
2. In the remaining sentences (indirect speech):
   a. "According to X, CONTENT" and "CONTENT, according to X";
   b. a trailing attribution: "CONTENT, X said [Monday]." / "CONTENT, said X.";
   c. a subject and a reporting verb: "X said (that) CONTENT", "X, for its part, says CONTENT";
      with a stance verb the span starts at the verb and runs to the end of its clause
      ("X has ruled out ANY ROLE…", "X rejects …", "X blame … for …", "X viewed … as …");
      "fear (that)" takes its clause like "say". A second verb coordinated with the first
      ("says A and rejects B") is a second claim of the same speaker.
   Not claims: a verb after "to", "not", a modal or "declined"/"refused" ("declined to say");
   verbs whose subject is a relative pronoun or that sit in an "-ing" phrase (background
   clauses: "which has called for …", "while vowing to …"); verbs inside a span already taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from stance.extract.lexicon import Lexicon
from stance.extract.references import (
    FIRST_PERSON_TOLD,
    NAME_PARTICLES,
    NAMED_HANDLE_RE,
    NAMED_PERSON_RE,
    ONE_OF_THEM,
    REPORTS_IN_RE,
    SMALL_WORDS,
)
from stance.extract.speech_events import (
    CITED_SOURCES,
    SpeechEvent,
    after_neither_or_nor,
    cited_source,
    find_speech_events,
    habitual,
    narrated_act,
    reduced_relative,
    reported_tokens,
    reports_nothing,
    said_by_nobody,
    speaker_span,
)
from stance.text import CleanText, split_sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD_RE = re.compile(r"[\w’'.\-+]+")
_PRONOUNS = frozenset({"he", "she", "they"})
_RELATIVE = frozenset({"which", "who", "whom", "whose", "that", "where", "when"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their"})
_CLAUSE_WORDS = _wordset(
    "that which who because while when if though although since where but so as after "
    "before whether than"
)
_PREPOSITIONS = _wordset(
    "in on at from for with by of to into during after before about against over under "
    "between among through"
)
_BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_SAY_CORE = frozenset({"say", "says", "said", "tell", "tells", "told"})
_TELL_VERBS = frozenset({"tell", "tells", "told"})
# Words in -ly that are nouns, not adverbs: "the family said", "the daily reported".
_LY_NOUNS = _wordset(
    "family ally assembly rally supply anomaly monopoly reply daily weekly monthly quarterly "
    "italy july fly butterfly"
)
_TRAIL_PUNCT = ' \t\n,;:.”"’'
_VERBISH = _wordset(
    "is are was were has have had will would be been being not do does did can could "
    "should may might must"
)
# "“…,” X was quoted by Y as saying": X's words, Y's report
_QUOTED_CUE_RE = re.compile(r"quoted\s+(?:by\s+[^,.“”\"\n]{2,60}?\s+)?as\s+saying\b")
_QUOTED_AS_SAYING_RE = re.compile(
    r"(?P<who>[^“”\"\n]{2,160}?)\s+(?:was|were)\s+(?P<cue>" + _QUOTED_CUE_RE.pattern + ")"
)
# modals that are also names ("Will Grant", "Theresa May")
_NAME_MODALS = frozenset({"will", "may"})
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# A time adjunct between a subject and its verb ("Russia on Tuesday denied").
_TIME_ADJUNCT_RE = re.compile(
    rf"\s+(?:(?:on|late|early)\s+{_WEEKDAYS}|{_WEEKDAYS}|yesterday|today|"
    r"(?:last|this|earlier\s+this)\s+(?:week|month|year))$"
)
# An adjunct between a speech verb and its "that" ("said in a statement that …").
_PRE_THAT_RE = re.compile(
    r"\s+(?:(?:in|on|at|during|late|early|last|this|after|before|to|through|via)\b[^,;“\"]{0,50}?"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)[^,;“\"]{0,30}?)"
    r"\s+that\b"
)
# A day or a part of it after a name or a cue ("late Wednesday afternoon", "last night")
_SPOKEN_TIME = (
    rf"\s+(?:(?:(?:on|late|early)\s+)?{_WEEKDAYS}(?:\s+(?:morning|afternoon|evening|night))?"
    r"|yesterday|today|last\s+night)"
)
# When an inverted speaker spoke ("wrote Randy Fincham late Wednesday afternoon"): no part of who
_INVERTED_TIME_RE = re.compile(_SPOKEN_TIME + "$")
_RELAY_RE = re.compile(r",\s+according\s+to\b")
# A time between a cue and its "that" ("said Wednesday morning that")
_TIME_THEN_THAT_RE = re.compile(_SPOKEN_TIME + r"\s+that\s+")
_SOURCE_TIME_RE = re.compile(
    rf"\s+(?:at\s+the\s+time|(?:on|last|late|early)\s+{_WEEKDAYS}|(?:last|this|earlier\s+this)"
    r"\s+(?:week|month|year)|(?:on|in)\s+\w+day"
    # "According to NKIS on October 1", "a report from DigiTimes in December"
    r"|on\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\s+\d{1,2}(?:,\s+\d{4})?"
    r"|in\s+(?:(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)(?:\s+\d{4})?|\d{4}))$"
)
# no speaker nouns alone ("people say …" is hearsay), but sources when described
_SOURCE_PEOPLE = frozenset({"people", "person", "persons"})
_POSTMOD = frozenset({"familiar", "close", "with", "from", "in", "at", "of", "for", "involved"})
# "one of the", "some of his": a part of the group the noun after it names
_PARTITIVE_RE = re.compile(
    r"(?:one|two|three|some|many|several|most|each|both|few|none)\s+of\s+"
    r"(?:the|his|her|its|their|these|those)\s+"
)
# Words after which an article may stand inside a speaker phrase ("Ministry of the Interior",
# "a source close to the team", "Mohammed Ali, a resident")
_BEFORE_INNER_ARTICLE = frozenset(
    {
        "of",
        "for",
        "and",
        "to",
        "at",
        "in",
        "on",
        "with",
        "from",
        "by",
        "about",
        "into",
        "as",
        "like",
        "near",
        "inside",
        "within",
        "over",
        "under",
        "across",
        "including",
    }
)

# How a described source opens: "a source with …", "two officials familiar with …"
_SOURCE_OPENERS = frozenset({"a", "an", "the", "one", "two", "three", "several", "some"})
_NAME_GLUE = frozenset({"of", "for", "and", "de", "al", "bin", "van", "von", "’s", "'s"})


@dataclass(frozen=True)
class Attribution:
    """One attributed claim before speaker resolution."""

    start: int  # claim span in the original text
    end: int
    cue: str  # the reporting expression as written ("said", "according to", "viewed … as")
    mention: str  # the speaker as written
    mention_start: int
    mention_end: int
    kind: str  # quote | quote_continued | according_to | trailing | indirect | stance | tweet
    # the outlet that cites the speaker ("the Post, citing sources at the network, reported")
    outer: tuple[int, int] | None = None


@dataclass(frozen=True)
class ExtractOptions:
    min_quote_words: int = 4  # shorter unattributed quotes are fragments, never continuations
    max_speaker_words: int = 8
    min_claim_words: int = 3
    attach_quote_paragraphs: bool = True


# --------------------------------------------------------------------------- small helpers


def _words(s: str) -> list[str]:
    return _WORD_RE.findall(s)


def _acronym(word: str) -> bool:
    """Whether a word is written in capitals, as "WHO" (the World Health Organization) is."""
    return len(word) > 1 and word.isupper()


def _clause_word(word: str) -> bool:
    """Whether a word opens a clause ("who", "because"), not an acronym spelt like one ("WHO")."""
    # ("Yet several forum users say": a sentence's opening "Yet"; "yet other sources" is none)
    return (word.lower() in _CLAUSE_WORDS or word == "Yet") and not _acronym(word)


def _strip_span(text: str, start: int, end: int, chars: str = _TRAIL_PUNCT) -> tuple[int, int]:
    while start < end and text[start] in ' \t\n“"':
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


# Adverbs that stand between a speaker and the cue ("Tim Cook, the CEO of Apple, further
# confirmed", "was first reported by")
_CUE_ADVERBS = _wordset("further first later again still even once too neither either just")


def _find_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(opening mark, closing mark) of each quotation in ``text[start:end]``.

    Curly quotes pair “ with the next ”; straight quotes pair in order, or with a ” that comes
    first (mixed marks). An unclosed quotation runs to ``end`` (its closing position is ``end``).
    """
    quotes: list[tuple[int, int]] = []
    i = start
    while i < end:
        ch = text[i]
        if ch == "“" or ch == '"':
            j = text.find("”" if ch == "“" else '"', i + 1, end)
            if ch == "“":
                # “A. “B.”: a quotation reopened before it closes went on in a new paragraph
                # (a feed that lost its line breaks keeps only the marks); A ends where B opens
                reopen = text.find("“", i + 1, end)
                j = reopen if reopen >= 0 and (j < 0 or reopen < j) else j
            if ch == '"':
                # a feed that mixes marks opens with " and closes with ”: the first that comes
                curly = text.find("”", i + 1, end)
                j = curly if curly >= 0 and (j < 0 or curly < j) else j
                line_start = text.rfind("\n", i + 1, j) if j >= 0 else -1
                if line_start >= 0 and not text[line_start:j].strip() and text[j] == '"':
                    # "A.⏎⏎"B.": the mark that opens a line reopens the quotation in a new
                    # paragraph (the British style leaves the paragraph before unclosed): A
                    # ends with its paragraph
                    j = len(text[:line_start].rstrip())
                    quotes.append((i, j))
                    i = line_start + 1
                    continue
            j = end if j < 0 else j
            handle = NAMED_HANDLE_RE.search(text, max(start, i - 12), min(end, j + 1))
            if handle is not None and handle.end() == j + 1:
                i = j + 1  # 'a commenter named "4npower"': a name in marks, no quotation
                continue
            quotes.append((i, j))
            i = j if j < end and text[j] == "“" else j + 1
        else:
            i += 1
    return quotes


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _is_capitalised(word: str) -> bool:
    # "al-Midana", "el-Sisi": a name whose particle is written in lower case
    return bool(word) and (
        word[0].isupper() or word[0].isdigit() or _NAME_PARTICLE_RE.match(word) is not None
    )


_NAME_PARTICLE_RE = re.compile(rf"(?:{NAME_PARTICLES}|d)[-’'][A-Z]")


# --------------------------------------------------------------------------- speaker phrases


class _Extractor:
    def __init__(self, text: str, lex: Lexicon, opts: ExtractOptions) -> None:
        self.text = text
        self.lex = lex
        self.opts = opts
        self.quote_verbs = lex.speech_verbs | lex.quote_only_verbs
        # whose -ing forms open a clause, not a speaker ("contradicting … claims")
        self._reporting_lemmas = lex.speech_lemmas | lex.stance_lemmas | lex.opposition_lemmas

    # A speaker phrase is a short noun phrase: a name, a title or role noun, a country cue,
    # a group noun ("Iranian officials") or a pronoun.
    def valid_speaker(self, phrase: str, loose: int = 1) -> bool:
        """Whether ``phrase`` can be a speaker.

        ``loose`` 0: names, titles, speaker nouns, country cues, pronouns. 1 also admits a
        determiner or country cue plus a few lower-case words ("the engineer", "Brazil’s central
        bank"): speech verbs only, since with stance verbs it admits reduced relatives ("a move
        criticized abroad"). 2, for say/tell, admits any short noun phrase ("Emergency crews").
        """
        handle = NAMED_HANDLE_RE.search(phrase)
        if handle is not None and not phrase[handle.end() :].strip():
            # 'a commenter named "4npower"': who the handle's holder is
            return self.valid_speaker(phrase[: handle.start()], loose)
        named = NAMED_PERSON_RE.fullmatch(phrase.strip())
        if (
            named is not None
            and named.group("det")
            and len(named.group("desc").split()) <= 3
            and len(named.group("name").split()) >= 2
        ):
            return True  # "A 19-year-old named Jess Smith": the one named
        words = _words(phrase)
        lows = [w.lower() for w in words]
        if not words or len(words) > self.opts.max_speaker_words + (
            # "a source with access to the secretive North's leadership": a described source
            4 if self._described_source(lows) else 0
        ):
            return False
        first, head = lows[0], lows[-1].rstrip(".")
        if first in _PREPOSITIONS or _clause_word(words[0]):
            return False
        if len(words) == 1 and first in _SENTENCE_ADVERBS:
            return False  # "Separately, resident Andrew Tada, said": the adverb opens a clause
        if len(words) == 1 and re.fullmatch(r"(?:1[89]|20)\d\d", head):
            return False  # "since 2012 ruled out": a year, no speaker
        outlet = REPORTS_IN_RE.fullmatch(phrase.strip())
        if outlet is not None and _is_capitalised(_words(outlet.group("org"))[0]):
            return True  # "a report by the BBC", "a story published in the Telegraph"
        if first in ("what", "how", "why"):
            return False  # "What Kadalim says happened next": a free relative, no speaker
        if words[0].islower() and self._reporting_participle(first):
            return False  # "contradicting Nigerian government claims …": a clause, no speaker
        if any(
            lw in _VERBISH
            # "Will Grant", "Theresa May": a name's word, capitalised beside another
            and not (
                lw in _NAME_MODALS
                and _is_capitalised(words[i])
                and any(_is_capitalised(x) for x in words[max(0, i - 1) : i] + words[i + 1 : i + 2])
            )
            for i, lw in enumerate(lows)
        ):
            return False
        if any(
            lows[i] in ("the", "a", "an") and lows[i - 1] not in _BEFORE_INNER_ARTICLE
            for i in range(1, len(lows))
        ):
            return False  # "The fact the lady denied": two noun phrases, no speaker
        if words[0] in self.quote_verbs:
            # "said an anonymous source": an inverted cue, not a speaker (the check is
            # case-sensitive: "State Department" is a name)
            return False
        if len(words) == 1 and head in _PRONOUNS:
            return True
        if head in _PRONOUNS or head in _DETERMINERS or head in {"it", "we", "i", "you"}:
            return False
        if re.sub(r"[’']s$", "", head) in {"it", "that", "there", "here", "this", "what"}:
            return False  # "It's alleged that …", "officials here": no one behind the word
        if head in self.lex.speaker_nouns or self.lex.title_re.fullmatch(words[-1]):
            return True
        if not _is_capitalised(words[-1]):
            if not loose:
                return False
            part = _PARTITIVE_RE.match(" ".join(lows))
            core = lows[len(part.group(0).split()) :] if part else lows
            # ("Several of the affected users say": a short noun phrase after the partitive)
            if loose >= 2 and len(core) <= 4 and (part is None or 0 < len(core) <= 3):
                return True
            # "two officials familiar with the talks", "diplomats close to the negotiations",
            # "one of the attorneys for the tribunal"
            for i, w in enumerate(core[:3]):
                noun = w in self.lex.speaker_nouns or w in _SOURCE_PEOPLE
                if noun and i + 1 < len(core) and core[i + 1] in _POSTMOD:
                    return True  # "people familiar with the plans": the anonymous source
            lead = self.lex.country_re.match(phrase.strip())
            rest = phrase.strip()[lead.end() :].split() if lead else words[1:]
            # ("One schoolgirl wrote", "another resident said": one of several, unnamed)
            if first in ("one", "another") and rest[:1] == ["of"]:
                return False  # "one of them": whose, the partitive rules say
            return (lead is not None or first in _LOOSE_DETERMINERS) and 0 < len(rest) <= 4

        if (
            len(words) == 2
            and words[0].isalpha()
            and words[0].islower()
            and lows[0] not in _DETERMINERS | _PREPOSITIONS | _NAME_GLUE | _RELATIVE
            and re.search(rf"\b[A-Z][a-z]+\s+{re.escape(words[1])}\b", self.text)
        ):
            return True  # "said warden Jacobson" after "warden Paul Jacobson": a title, a surname
        lower = [i for i, w in enumerate(words) if not _is_capitalised(w)]
        # after an inverted cue the role opens the phrase: "said pal Damir Tulemaganbetov"
        opens_lower = (
            lower[:1] == [0]
            and len(lower) == 1
            and lows[0].isalpha()
            and not lows[0].endswith("ly")
            and lows[0] not in self.lex.trailing_words
        )
        # "party co-chair Asya Abdullah", "government spokesman Rosario Murillo": a role noun
        # and what it is of, in lower case, before the name
        opens_role = (
            lower == [0, 1]
            and lows[0].isalpha()
            and lows[0] not in _DETERMINERS | _PREPOSITIONS | _NAME_GLUE | _RELATIVE
            and not lows[0].endswith("ly")
            and (
                lows[1].split("-")[-1] in self.lex.affiliation_roles | self.lex.speaker_nouns
                # "local trader Bilyaminu Aliyu": an occupation's agent noun
                or lows[1].endswith(("er", "or", "ist", "ian"))
            )
        )
        if (
            lower
            and len(lower) <= 3
            and (lower == list(range(1, lower[-1] + 1)) or opens_lower or opens_role)
            and len(words) - lower[-1] - 1 in (2, 3)
            and not any(lows[i] in _NAME_GLUE or lows[i] in _DETERMINERS for i in lower)
            and not any(lows[i] in _PREPOSITIONS for i in lower)
            and not any("’" in w or "'" in w for w in words)
        ):
            return True  # "Dental receptionist Nicola Dawson": what a person does, then the name
        # a name or an institution: lower-case words only as glue ("Ministry of Defense")
        return all(
            _is_capitalised(w)
            or lw in _DETERMINERS
            or lw in _NAME_GLUE
            or lw in self.lex.speaker_nouns
            or (i == 0 and lw in ("his", "her"))  # "his brother John", "her lawyer Ann Lee"
            for i, (w, lw) in enumerate(zip(words, lows, strict=True))
        )

    def _reporting_participle(self, word: str) -> bool:
        """Whether ``word`` is the -ing form of a speech, stance or reply verb ("claiming",
        "denying", "contradicting")."""
        if not word.endswith("ing") or len(word) < 6:
            return False
        stem = word[:-3]
        return any(s in self._reporting_lemmas for s in (stem, stem + "e", stem[:-1]))

    def _described_source(self, lows: list[str]) -> bool:
        """Whether the words open with a speaker noun and a phrase that describes it ("a source
        with access to …", "officials familiar with …")."""
        opens = lows[0] in _SOURCE_OPENERS or (
            lows[0] in self.lex.speaker_nouns and lows[0].endswith("s")  # "officials with …"
        )
        return opens and any(
            w in self.lex.speaker_nouns and i + 1 < len(lows) and lows[i + 1] in _POSTMOD
            for i, w in enumerate(lows[:3])
        )

    def looseness(self, verb: str) -> int:
        """How loose a subject may be for this verb (see ``valid_speaker``)."""
        if verb in _SAY_CORE:
            return 2
        return 1 if verb in self.lex.speech_verbs else 0

    def subject_before(self, lo: int, verb_start: int, loose: int = 1) -> tuple[int, int] | None:
        """The speaker phrase that is the subject of a verb at ``verb_start`` (None: no valid one).

        ``lo`` is the start of the sentence. Auxiliaries and adverbs between subject and verb are
        skipped; a verb after a negator, modal, "to" or a be-form (passive) has no subject.
        """
        text = self.text
        pos = verb_start
        first = True
        low = ""
        while True:
            seg = text[lo:pos].rstrip()
            adjunct = _TIME_ADJUNCT_RE.search(seg)
            if adjunct and adjunct.start() > 0:
                pos = lo + adjunct.start()  # "Russia on Tuesday denied": skip the time
                first = False
                continue
            m = re.search(r"[\w’'.\-]+$", seg)
            if not m:
                break  # sentence start or punctuation (", for its part,")
            word = m.group(0)
            low = word.lower()
            if first and (low in self.lex.negators or low.endswith("n't")):
                return None
            if first and low in _BE_FORMS:
                return None  # "is said to", "was reported": passive, not this subject's claim
            if low in self.lex.negators and low != "to":
                return None  # "would not say", "has not ruled out"
            adverb = word.islower() and (
                (low.endswith("ly") and low not in _LY_NOUNS) or low in _CUE_ADVERBS
            )
            if low in self.lex.auxiliaries or adverb:
                pos = lo + m.start()
                # "was first reported by": an adverb keeps the passive in view
                first = first and adverb
                continue
            break
        if low in _RELATIVE and not _acronym(word):
            return None  # "which has called for …": a background clause about the subject
        head = text[lo:pos].rstrip()
        if head.endswith(","):
            return self._subject_across_commas(lo, lo + len(head) - 1, loose)
        seg_start = self._clause_start(lo, lo + len(head))
        np_start, np_end = _strip_span(text, seg_start, lo + len(head), " \t\n")
        dangling = _DANGLING_PREPOSITION_RE.search(text, np_start, np_end)
        if dangling is not None:
            np_end = dangling.start()  # "Sgt Gill Cherry from said": a word the text lost
        if self.valid_speaker(text[np_start:np_end], loose):
            return np_start, np_end
        return self._subject_before_who(lo, np_start, loose) if loose else None

    def _subject_before_who(self, lo: int, pos: int, loose: int) -> tuple[int, int] | None:
        """ "A boy who was almost killed when he was knocked out by a shock claims he …": the
        sentence opens with the speaker and a relative clause about them, without commas."""
        who = _OPENING_WHO_RE.match(self.text, lo, pos)
        if who is None or "," in self.text[who.end() : pos]:
            return None
        s, e = who.span("np")
        return (s, e) if self.valid_speaker(self.text[s:e], loose) else None

    def _clause_start(self, lo: int, pos: int) -> int:
        """Start of the phrase that ends at ``pos``: after the last comma, dash or clause word."""
        # the marks around a handle ('a commenter named "4npower"') part no clause
        seg = NAMED_HANDLE_RE.sub(lambda m: re.sub(r"[\"“”,]", "x", m.group(0)), self.text[lo:pos])
        cut = max(seg.rfind(c) for c in ',;:—–“”"')
        if cut > 0 and re.fullmatch(r"\s*\d{1,3}\s*", seg[cut + 1 :]):
            cut = max(seg.rfind(c, 0, cut) for c in ',;:—–“”"')  # "Nicola Dawson, 48": an age
        start = lo + cut + 1 if cut >= 0 else lo
        words = list(re.finditer(r"[\w’'.\-]+", self.text[start:pos]))
        for i in range(len(words) - 1, -1, -1):
            w = words[i].group(0)
            low = w.lower()
            if _clause_word(w):
                return start + words[i].end()
            if low == "and":
                # "Tehran and Washington say": keep conjoined names together
                before = words[i - 1].group(0) if i > 0 else ""
                after = words[i + 1].group(0) if i + 1 < len(words) else ""
                # "witnesses and security sources said": two kinds of people, one subject
                nouns = self.lex.speaker_nouns
                people = before.lower() in nouns and words[-1].group(0).lower() in nouns
                if not (_is_capitalised(before) and _is_capitalised(after)) and not people:
                    return start + words[i].end()
        return start

    def _subject_across_commas(self, lo: int, comma: int, loose: int = 1) -> tuple[int, int] | None:
        """Subject before ", PARENTHETICAL," or an appositive "DESCRIPTOR, NAME," before a verb;
        a party and state tag after a name ("Sen. Kelly Ayotte, R-N.H., a member of …, said")
        is no subject: the name before it is."""
        participle = _PARTICIPLE_ASIDE_RE.search(self.text, lo, comma)
        if participle is not None:
            # "President Barack Obama, speaking at a NATO summit in Newport, Wales, said": the
            # subject is before the participle's aside, however many commas it holds
            s, e = _strip_span(
                self.text, self._clause_start(lo, participle.start()), participle.start(), " \t\n"
            )
            if s < e and self.valid_speaker(self.text[s:e], loose):
                return s, e
        found = self._subject_across_one_comma(lo, comma, loose)
        if found is None or not _PARTY_TAG_RE.fullmatch(self.text, *found):
            return found
        before = self.text.rfind(",", lo, found[0])
        if before <= lo:
            return None
        s, e = _strip_span(self.text, self._clause_start(lo, before), before, " \t\n")
        return (s, e) if s < e and self.valid_speaker(self.text[s:e], loose) else None

    def _subject_across_one_comma(
        self, lo: int, comma: int, loose: int = 1
    ) -> tuple[int, int] | None:
        text = self.text
        prev = text.rfind(",", lo, comma)
        if prev < 0:
            return None
        inner_s, inner_e = _strip_span(text, prev + 1, comma, " \t\n")
        inner = text[inner_s:inner_e]
        inner_words = _words(inner)
        if not inner_words:
            return None
        outer_start = self._clause_start(lo, prev)
        outer_s, outer_e = _strip_span(text, outer_start, prev, " \t\n")
        outer = text[outer_s:outer_e]
        if (
            inner_words[0][0].islower()
            or (inner_words[0].lower() in _RELATIVE and not _acronym(inner_words[0]))
            # "the Chosun Ilbo, South Korea's largest newspaper, reported": a description
            or _OWNER_DESCRIPTION_RE.match(inner) is not None
        ):
            # ", for its part," / ", which has called for …," : skip the parenthetical
            return (outer_s, outer_e) if outer and self.valid_speaker(outer, loose) else None
        if all(_is_capitalised(w) for w in inner_words) and self.valid_speaker(inner):
            # appositive: "A Peruvian Foreign Ministry spokeswoman, Lena Ortiz, said"
            if outer and self.valid_speaker(outer, loose) and outer_start == lo:
                return outer_s, inner_e
            return inner_s, inner_e
        return None

    # ----------------------------------------------------------------------- quotations

    def _quotation_ends_a_clause(self, start: int, opening: int) -> bool:
        """Whether a quotation opens after three words or more of its sentence that are no
        attribution of their own: no quotation marks, colon or reporting verb before it."""
        before = self.text[start:opening]
        return (
            len(_words(before)) >= 3
            # (a line break: a byline or tweet's date line the segmenter joined to it)
            and not any(ch in before for ch in '“”"‘:\n')
            and not self.has_reporting_verb(start, opening, [])
        )

    def quote_attribution_after(
        self, q: tuple[int, int], sent: tuple[int, int]
    ) -> tuple[tuple[int, int], re.Match[str]] | None:
        """“…,” X said / “…,” said X: the speaker span and the verb match."""
        text, lex = self.text, self.lex
        o, c = q
        inner = text[o + 1 : c].rstrip()
        if c >= sent[1] or not inner:
            return None
        if inner[-1] not in ",?!—–-" and (
            # “The chances were slim” he said: a whole-sentence quotation may lack its comma
            text[sent[0] : o].strip() or len(_words(inner)) < self.opts.min_quote_words
        ):
            return None
        if text[sent[0] : o].strip() and len(_words(inner)) < self.opts.min_quote_words:
            return None  # "… a request for “cooperation,” X said": a fragment, not the quote
        after_end = sent[1]
        m = re.match(r"\s*", text[c + 1 : after_end])
        pos = c + 1 + (m.end() if m else 0)
        passive = _QUOTED_AS_SAYING_RE.match(text, pos, after_end)
        if passive is not None and self.valid_speaker(passive.group("who").split(",")[0]):
            # "“…,” Ineter scientist Jose Millan was quoted by the BBC as saying": his words
            ws, we = _strip_span(text, *passive.span("who"), " \t\n,")
            return (ws, we), _QUOTED_CUE_RE.match(text, passive.start("cue"))
        verb = lex.quote_verb_re.match(text, pos, after_end)
        if verb and verb.group(0) in self.quote_verbs:
            span = self.inverted_speaker(verb.end(), after_end)
            return (span, verb) if span else None
        for verb in lex.quote_verb_re.finditer(text, pos, min(after_end, pos + 80)):
            if verb.group(0) not in self.quote_verbs:
                continue
            between = NAMED_HANDLE_RE.sub("", text[pos : verb.start()])
            if "“" in between or '"' in between or between.count(",") > 2:
                return None
            if between.strip() == "it":
                # "“…,” it said." after "ACTED said …": an institution's words; elsewhere
                # "it" is too often no one ("it is said", "which it said")
                return (pos, pos + 2), verb
            stray = re.fullmatch(r"([^,]+?),\s*", between)
            if stray is not None and self.valid_speaker(stray.group(1), 1):
                # "“…,” Cirillo’s aunt, told the Globe and Mail": a comma the text strayed into
                s, e = _strip_span(text, pos, pos + stray.end(1), " \t\n")
                return (s, e), verb
            # "“…,” Mohammad Al Moumani, a spokesman for the ministry, told NBC News."
            subj = self.subject_before(pos, verb.start(), self.looseness(verb.group(0)))
            if subj and "," in between and subj[0] != pos:
                return None  # the speaker must open the attribution
            return (subj, verb) if subj else None
        return None

    def inverted_speaker(self, start: int, end: int) -> tuple[int, int] | None:
        """The speaker after an inverted verb ("said Mexico’s foreign minister, Rosa Vela."):
        up to the next comma, plus an appositive name that closes the sentence or clause."""
        text = self.text
        if text[start:end].lstrip()[:1] in (":", "“", '"'):
            return None  # "…, said: “Honestly, …”": the quotation follows; no one is inverted
        stop = text.find(",", start, end)
        s, e = _strip_span(text, start, end if stop < 0 else stop)
        relative = re.search(
            r"\s(?:who|whose|(?:said|believed|thought|understood|known)\s+(?:by|to)\s"
            # "said Allina Liu as her dog hit the run": when, not who
            r"|(?:as|after|while|when|before|because|although|though)\s(?!well\b))",
            text[s:e],
        )
        if relative is not None:
            # "said one of his close friends who identified him", "said an anonymous source said
            # by The Mirror to be close to Robert Plant"
            e = s + relative.start()
        when = _INVERTED_TIME_RE.search(text, s, e)
        if when is not None and when.start() > s:
            e = when.start()
        if not self.valid_speaker(text[s:e]) and text[s:e].lower() not in ONE_OF_THEM:
            return None  # ("“…,” said one": one of the group named before; speakers.py)
        if not self._heads_a_speaker(text[s:e]):
            # "The Pentagon's press secretary, John Kirby, confirmed the death in a brief
            # written statement.": what was confirmed, not who
            return None
        if stop >= 0:
            # "said Mexico’s foreign minister, Rosa Vela." / "said Rosa Vela, the foreign minister."
            nxt = text.find(",", stop + 1, end)
            a_s, a_e = _strip_span(text, stop + 1, end if nxt < 0 else nxt)
            appositive = text[a_s:a_e]
            if (
                appositive
                and self.valid_speaker(appositive)
                and "“" not in appositive
                # ("said the pope, according to Italian news sources": who reported it)
                and not _ACCORDING_TO_RE.match(appositive)
            ):
                return s, a_e
        return s, e

    def _heads_a_speaker(self, phrase: str) -> bool:
        """Whether a phrase opened by an article has a speaker for its head noun (the word
        before its first preposition): "the spokesman for the ministry", not "the death in a
        statement"."""
        words = phrase.split()
        if len(words) < 2 or words[0].lower() not in ("the", "a", "an"):
            return True
        core = []
        for w in words[1:]:
            if w.lower() in _PREPOSITIONS:
                break
            core.append(w)
        if not core:
            return False
        head = re.sub(r"[’']s?$", "", core[-1].strip(",.;:")).lower()
        return (
            not core[-1][:1].islower()
            or head in self.lex.speaker_nouns
            or head in _SOURCE_PEOPLE
            or head in self.lex.affiliation_roles
            or head in self.lex.titles
            or head.endswith(("er", "or", "ist", "ian", "ant", "ent"))  # "the organizer"
        )

    def quote_attribution_before(
        self, q: tuple[int, int], sent: tuple[int, int]
    ) -> tuple[tuple[int, int], re.Match[str]] | None:
        """X said: “…” / X told reporters, “…”: the speaker span and the verb match."""
        text, lex = self.text, self.lex
        o = q[0]
        before = text[sent[0] : o]
        if not re.search(r"[,:]\s*$", before):
            return None
        for verb in reversed(list(lex.quote_verb_re.finditer(text, sent[0], o))):
            if verb.group(0) not in self.quote_verbs:
                continue
            gap = text[verb.end() : o]
            # nothing but an addressee ("told reporters") and the colon/comma
            if len(_words(gap)) > 3 or '"' in gap or "“" in gap:
                return None
            subj = self.subject_before(sent[0], verb.start(), self.looseness(verb.group(0)))
            return (subj, verb) if subj else None
        return None

    def cues_outside(
        self, start: int, end: int, quotes: list[tuple[int, int]]
    ) -> Iterator[re.Match[str]]:
        """The reporting verbs of ``text[start:end]`` that no quotation holds."""
        return (
            v
            for v in self.lex.verb_re.finditer(self.text, start, end)
            if not _inside(v.start(), quotes)
        )

    def has_reporting_verb(self, start: int, end: int, quotes: list[tuple[int, int]]) -> bool:
        return any(
            self.subject_before(start, v.start()) for v in self.cues_outside(start, end, quotes)
        )

    def quote_claims(
        self,
        para: tuple[int, int],
        sents: list[tuple[int, int]],
        carry: Attribution | None,
    ) -> tuple[list[Attribution], list[tuple[int, int]]]:
        """Quotation claims of one paragraph and the spans they use up."""
        text = self.text
        quotes = _find_quotes(text, *para)
        claims: list[Attribution] = []
        used: list[tuple[int, int]] = []
        current: Attribution | None = None
        current_used_end = para[0]

        def sentence_of(pos: int) -> tuple[int, int]:
            for s in sents:
                if s[0] <= pos < s[1]:
                    return s
            return (pos, para[1])

        def content(q: tuple[int, int]) -> tuple[int, int]:
            return _strip_span(text, q[0] + 1, q[1], " \t\n,")

        for n, q in enumerate(quotes):
            sent = sentence_of(q[0])
            found = self.quote_attribution_after(q, sent)
            # "There was no indication the calls involved any “threatening activity or
            # planning,” the official added.": the cue after the quotation reports the whole
            # sentence, whose words before the marks are the speaker's too
            opens_inside = (
                found is not None
                and self._quotation_ends_a_clause(sent[0], q[0])
                # (not a name in marks: the Islamic Resistance Movement “League of the Righteous”)
                and not all(
                    _is_capitalised(w) or w in SMALL_WORDS for w in _words(text[q[0] + 1 : q[1]])
                )
            )
            if (
                not found
                and current is not None
                and n
                and text[quotes[n - 1][1]] == "“" == text[q[0]]
            ):
                # the quotation reopened in a new paragraph: the same speaker's next statement
                cs, ce = content(q)
                current = Attribution(
                    cs,
                    ce,
                    current.cue,
                    current.mention,
                    current.mention_start,
                    current.mention_end,
                    "quote_continued",
                )
                claims.append(current)
                current_used_end = q[1] + 1
                used.append((q[0], current_used_end))
                continue
            if not found:
                found = self.quote_attribution_before(q, sent)
                if found and current is not None and found[1].start() < current_used_end:
                    found = None  # “A,” she said, “B.”: the attribution of A; B continues it
            if found:
                (ms, me), verb = found
                cs, ce = content(q)
                if len(_words(text[cs:ce])) < 1:
                    continue
                if opens_inside:
                    cs = _strip_span(text, sent[0], ce)[0]
                current = Attribution(cs, ce, verb.group(0), text[ms:me], ms, me, "quote")
                claims.append(current)
                current_used_end = max(sent[1], q[1] + 1)
                used.append((min(q[0], sent[0]), current_used_end))
                continue
            cs, ce = content(q)
            n_words = len(_words(text[cs:ce]))
            if n_words < self.opts.min_quote_words:
                continue
            gap = text[current_used_end : q[0]]
            own_sentence = (q[0], max(sent[1], q[1] + 1))
            # in the attribution's own sentence (“A,” he said, “B.”) or in a sentence of its own
            standalone = q[0] < current_used_end or not self.has_reporting_verb(
                sent[0], sent[1], quotes
            )
            if current is not None and not gap.strip(" \t\n,") and standalone:
                # continues the current speaker: one claim from the first quoted word
                claims[-1] = current = Attribution(
                    current.start,
                    ce,
                    current.cue,
                    current.mention,
                    current.mention_start,
                    current.mention_end,
                    current.kind,
                )
                current_used_end = own_sentence[1]
                used.append(own_sentence)
                continue
            at_para_start = not text[para[0] : q[0]].strip()
            if (
                current is None
                and carry is not None
                and at_para_start
                and self.opts.attach_quote_paragraphs
                and not self.has_reporting_verb(para[0], para[1], quotes)
                # after indirect speech, a paragraph with any cue may name another speaker
                and (
                    carry.kind in ("quote", "quote_continued")
                    or not any(self.cues_outside(para[0], para[1], quotes))
                )
            ):
                current = Attribution(
                    cs,
                    ce,
                    carry.cue,
                    carry.mention,
                    carry.mention_start,
                    carry.mention_end,
                    "quote_continued",
                )
                claims.append(current)
                current_used_end = own_sentence[1]
                used.append(own_sentence)
        return claims, used

    # ----------------------------------------------------------------------- indirect speech

    def according_to(self, sent: tuple[int, int]) -> Attribution | None:
        text = self.text
        m = re.compile(r"\b[Aa]ccording\s+to\s+").search(text, *sent)
        if not m:
            return None
        stop = text.find(",", m.end(), sent[1])
        np_end = sent[1] if stop < 0 else stop
        issuer = _DOCUMENT_BY_RE.match(text, m.end(), np_end)
        if issuer is not None:
            # "according to a video uploaded by a media group loyal to …", "according to a
            # story that appeared on WFAA's website": who issued it speaks
            ms, me = _strip_span(text, issuer.start("who"), issuer.end("who"))
            agent = _AGENT_OF_RE.match(text, ms, me)
            if agent is not None and agent.group("role").lower() in self.lex.affiliation_roles:
                # "a statement released by a representative of her family": the family's
                ms = agent.start("principal")
            if not self.valid_speaker(text[ms:me], loose=2) and issuer.group("by") is None:
                return None
            return self._according_to_claim(sent, m, stop, ms, me, None, None)
        # "according to a biography … that says …": the source ends at its relative clause
        rel = re.search(r"\s(?:that|which|who)\s", text[m.end() : np_end])
        ms, me = _strip_span(text, m.end(), m.end() + rel.start() if rel else np_end)
        when = _SOURCE_TIME_RE.search(text, ms, me)
        me = when.start() if when else me  # "media reports at the time": the source is the reports
        clause = _CLAUSE_AFTER_SOURCE_RE.search(text, ms, me) if not rel else None
        if clause is not None and stop >= 0 and not _AUXILIARY_RE.search(text, clause.end(), me):
            clause = None  # "according to the report of the ministry, …": the comma ends it
        if clause is not None:
            # "according to today's report the main processor will come from Samsung", "According
            # to Glide the recording was created at 12:02, precisely …": no comma after the
            # source, and a clause opens after it
            me = _strip_span(text, ms, clause.start())[1]
        if not self._source_phrase(text[ms:me]):
            return None
        return self._according_to_claim(sent, m, stop, ms, me, rel, clause)

    def _according_to_claim(
        self,
        sent: tuple[int, int],
        m: re.Match[str],
        stop: int,
        ms: int,
        me: int,
        rel: re.Match[str] | None,
        clause: re.Match[str] | None,
    ) -> Attribution | None:
        """The claim around "according to" (at ``m``), whose source is ``text[ms:me]``."""
        text = self.text
        before = text[sent[0] : m.start()]
        dash = _DASH_BEFORE_RE.search(before)
        after = text[stop + 1 : sent[1]] if stop >= 0 else ""
        if _QUOTED_IN_RE.match(after):
            after = ""  # "…, according to Stratfor, quoted in Reuters Sunday.": where it was read
        # 'Boko Haram is "deeply fractured," according to …': the comma inside the quote mark
        before = re.sub(r",([\"”’'])\s*$", r"\1, ", before)
        described = stop >= 0 and self._describes_the_source(after)
        if clause is not None:
            cs, ce = clause.start(), sent[1]
        elif dash is not None and before[: dash.start()].strip() and (stop < 0 or rel is not None):
            cs, ce = sent[0], sent[0] + dash.start()  # "A — at least according to X": A is X's
        elif not before.strip(" ,"):
            cs, ce = (stop + 1, sent[1]) if stop >= 0 else (me, me)
        elif (
            before.rstrip().endswith(",")
            and len(_words(after)) >= self.opts.min_claim_words
            and not described
        ):
            # "A, according to X, B": one claim around the attribution, as a split quotation
            cs, ce = sent[0], sent[1]
        elif before.rstrip().endswith(",") or stop < 0:
            cs, ce = sent[0], m.start()
            if described:
                me = _strip_span(text, stop + 1, sent[1], " \t\n.!?")[1]  # (who X is)
        else:
            cs, ce = stop + 1, sent[1]
        cs, ce = _strip_span(text, cs, ce)
        if len(_words(text[cs:ce])) < self.opts.min_claim_words:
            return None
        if self.has_reporting_verb(cs, min(ce, m.start()) if cs < m.start() else ce, []):
            # "According to X, A, after doctors said B": A is X's, B the doctors' own
            aside = _SUBORDINATE_ASIDE_RE.search(text, cs, ce) if cs > m.start() else None
            if (
                aside is None
                or self.has_reporting_verb(cs, aside.start(), [])
                or len(_words(text[cs : aside.start()])) < self.opts.min_claim_words
            ):
                return None  # "police say X, according to local media": the claim is the police's
            ce = aside.start()
        return Attribution(cs, ce, "according to", text[ms:me], ms, me, "according_to")

    def _describes_the_source(self, after: str) -> bool:
        """Whether what follows "according to X," is X's description ("…, according to Eric
        Schultz, the deputy White House press secretary."), not the claim going on."""
        phrase = after.strip().rstrip(".!?").strip()
        return (
            re.match(r"(?:the|a|an)\s", phrase) is not None
            and self.valid_speaker(phrase)
            and self._heads_a_speaker(phrase)
        )

    def told_unnamed(self, sent: tuple[int, int]) -> Attribution | None:
        """ "I’m told X", "we're also told that X": the writer's unnamed sources say X."""
        # the last one: what comes before it is read again, another "told" included
        m = next(reversed(list(_UNNAMED_TOLD_RE.finditer(self.text, *sent))), None)
        if m is None:
            return None
        cs, ce = _strip_span(self.text, m.end(), sent[1])
        if len(_words(self.text[cs:ce])) < self.opts.min_claim_words:
            return None
        ms, me = m.span("who")
        return Attribution(cs, ce, m.group("cue"), self.text[ms:me], ms, me, "indirect")

    def source_says(self, according: Attribution, sent: tuple[int, int]) -> Attribution | None:
        """ "A, according to a witness who says B": B is the source's own statement."""
        text = self.text
        rel = _SOURCE_SAYS_RE.match(text, according.mention_end, sent[1])
        if rel is None:
            return None
        verb = rel.group("verb")
        if verb.lower() not in self.lex.speech_verbs or verb.lower() in _TELL_VERBS:
            return None  # "who told Kurdish paper Rudaw": the one told, not what
        if according.start < rel.end() < according.end:
            return None  # "A, according to X who says, B": B is still the claim
        # "According to a witness who says B, A": B ends where A begins
        end = according.start if according.start > rel.end() else sent[1]
        cs, ce = _strip_span(text, rel.end(), end)
        if len(_words(text[cs:ce])) < self.opts.min_claim_words:
            return None
        return Attribution(
            cs,
            ce,
            verb,
            according.mention,
            according.mention_start,
            according.mention_end,
            "indirect",
        )

    def _source_phrase(self, phrase: str) -> bool:
        """Whether the words after "according to" name a source: a speaker phrase, or a short
        phrase with a speaker noun or a name in it ("tribal sources in Iraq", "media reports at
        the time"), not a plan or a schedule."""
        if self.valid_speaker(phrase):
            return True
        words = _words(phrase)
        if not words or len(words) > 12 or _clause_word(words[0]):
            return False
        return (
            _is_capitalised(words[0])
            # "the risk consultancy Stratfor": a described name
            or (len(words) <= 6 and words[0].lower() == "the" and _is_capitalised(words[-1]))
            or any(w.lower().rstrip(".") in self.lex.speaker_nouns for w in words)
        )

    def trailing(self, sent: tuple[int, int], quotes: list[tuple[int, int]]) -> Attribution | None:
        """CONTENT, X said [Monday]. / CONTENT, said X."""
        text, lex = self.text, self.lex
        quoted = _TRAILING_QUOTED_RE.search(text, *sent)
        if (
            quoted is not None
            and not _inside(quoted.start(), quotes)
            and self.valid_speaker(quoted.group("outlet"))
            and self.valid_speaker(quoted.group("who"), loose=2)
        ):
            # "…, London's Sunday Times quoted counterterrorism officials.", "…, AFP quoted a
            # police source as saying.": the claim is whom the outlet quoted (rule 3)
            cs, ce = _strip_span(text, sent[0], quoted.start())
            claim = self._trailing_claim(cs, ce, "quoted", *quoted.span("who"))
            if claim is not None:
                return replace(claim, outer=quoted.span("outlet"))
        for verb in lex.verb_re.finditer(text, *sent):
            v = verb.group(0)
            if v not in lex.speech_verbs or _inside(verb.start(), quotes):
                continue
            # "…, the Journal reported Monday, citing sources familiar with the device": the
            # claim is the cited sources', the innermost speaker
            cited = _CITING_RE.search(text, verb.end(), sent[1])
            if cited is not None and not self.valid_speaker(cited.group("who")):
                cited = None
            tail_end = cited.start() if cited is not None else sent[1]
            # "A, the report said, adding that B": B is a second statement, not A's end
            second = _SECOND_CUE_RE.search(text, verb.end(), tail_end)
            if second is not None and self._speech_gerund(second.group("cue")):
                tail_end = second.start()
            tail = text[verb.end() : tail_end].strip(_TRAIL_PUNCT)
            if v in _TELL_VERBS:
                # "…, a source with knowledge of the investigation told CNN.": whom the
                # speaker told is no content
                tail = _TOLD_WHOM_RE.sub("", tail, count=1)
            tail_words = [w.lower() for w in _words(tail)]
            comma_before = text[sent[0] : verb.start()].rstrip().endswith(",")
            # "…, said X." inverts; "…, told X" names the one told, not the speaker
            inverts = comma_before and v not in _TELL_VERBS
            inverted = self.inverted_speaker(verb.end(), sent[1]) if inverts else None
            if inverted:
                # "A, said Hatchfield, because she did not want …": indirect speech split
                # around an inverted attribution is one claim, the whole sentence
                rest = _CLAUSE_GOES_ON_RE.match(text, inverted[1], sent[1])
                after = text[inverted[1] : sent[1]]
                if rest is not None and len(_words(after)) >= self.opts.min_claim_words:
                    cs, ce = _strip_span(text, *sent)
                    who = text[inverted[0] : inverted[1]]
                    return Attribution(cs, ce, v, who, *inverted, "trailing")
            if inverted and self._nothing_but_a_description(inverted[1], sent[1]):
                # inverted: "CONTENT, said X."
                cs, ce = _strip_span(text, sent[0], text.rfind(",", sent[0], verb.start()))
                if _ONLY_NAMES_RE.fullmatch(text, cs, ce):
                    # "Julian Fantino, Canada's Minister of Veterans Affairs, added his own
                    # Tweet": a name and its title are the subject, no content
                    continue
                return self._trailing_claim(cs, ce, v, *inverted)
            if any(w not in lex.trailing_words for w in tail_words):
                split = self._split_around(sent, verb)
                if split is not None:
                    return split
                continue
            subj = self.subject_before(sent[0], verb.start(), self.looseness(v))
            if not subj:
                continue
            comma = text.rfind(",", sent[0], subj[0])
            if comma < 0 or text[comma + 1 : subj[0]].strip(' \t\n”"'):
                continue
            cs, ce = _strip_span(text, sent[0], comma)
            if _QUOTE_THEN_NAME_RE.search(text, cs, ce):
                # '"…," Christy Feig, WHO's director of communications told Mashable': the
                # quotation's own attribution, with the name before its description
                continue
            if any(
                inner.group(0) in lex.speech_verbs and self.subject_before(cs, inner.start(), 0)
                for inner in self.cues_outside(cs, ce, quotes)
            ):
                # "X said in her blog that …, the Metro has reported": X, a name or a speaker
                # noun, is the innermost speaker and the claim is X's
                return None
            if cited is None:
                return self._trailing_claim(cs, ce, v, *subj)
            claim = self._trailing_claim(cs, ce, v, *cited.span("who"))
            # the outlet that cited them reported it: "the same report" after it is its
            return replace(claim, outer=subj) if claim is not None else None
        return None

    def _speech_gerund(self, word: str) -> bool:
        """ "adding", "noting", "admitting": the -ing form of a speech verb."""
        stem = word.lower()[:-3]
        return any(lemma in self.lex.speech_lemmas for lemma in (stem, stem + "e", stem[:-1]))

    def _nothing_but_a_description(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` after an inverted speaker is empty or an appositive that
        describes them (", senior vice-president of AutoNation’s corporate communications.")."""
        rest = self.text[start:end].strip(_TRAIL_PUNCT)
        if not rest:
            return True
        words = _words(rest)
        return (
            self.text[start:end].lstrip().startswith(",")
            and len(words) <= 16
            and "“" not in rest
            and '"' not in rest
            and not any(self.lex.verb_re.fullmatch(w) for w in words)
        )

    def _split_around(self, sent: tuple[int, int], verb: re.Match[str]) -> Attribution | None:
        """ "A, X said, B.": indirect speech split around its attribution is one claim, the
        whole sentence (as a split quotation is one)."""
        text, lex = self.text, self.lex
        m = re.match(r"((?:\s+[\w’'.]+){0,3}?)\s*,\s*(\S.*)", text[verb.end() : sent[1]], re.S)
        if m is None or any(w.lower() not in lex.trailing_words for w in _words(m.group(1))):
            return None
        if len(_words(m.group(2))) < self.opts.min_claim_words:
            return None
        subj = self.subject_before(sent[0], verb.start(), self.looseness(verb.group(0)))
        if not subj:
            return None
        comma = text.rfind(",", sent[0], subj[0])
        if comma < 0 or text[comma + 1 : subj[0]].strip(' \t\n”"'):
            return None
        if len(_words(text[sent[0] : comma])) < self.opts.min_claim_words:
            return None
        if any(
            self.subject_before(sent[0], v.start())
            for v in lex.verb_re.finditer(text, sent[0], comma)
        ):
            return None  # "X said A, B said, C": A is X's claim, found by the other rules
        cs, ce = _strip_span(text, *sent)
        return Attribution(cs, ce, verb.group(0), text[subj[0] : subj[1]], *subj, "trailing")

    def _trailing_claim(self, cs: int, ce: int, cue: str, ms: int, me: int) -> Attribution | None:
        if len(_words(self.text[cs:ce])) < self.opts.min_claim_words:
            return None
        return Attribution(cs, ce, cue, self.text[ms:me], ms, me, "trailing")

    def subject_verb(
        self, sent: tuple[int, int], quotes: list[tuple[int, int]]
    ) -> list[Attribution]:
        """X said (that) CONTENT / X ruled out CONTENT …, plus a coordinated second verb."""
        text, lex = self.text, self.lex
        out: list[Attribution] = []
        taken_until = sent[0]
        for verb in lex.verb_re.finditer(text, *sent):
            if verb.start() < taken_until or _inside(verb.start(), quotes):
                continue
            subj = self.subject_before(sent[0], verb.start(), self.looseness(verb.group(0)))
            if not subj:
                continue
            claims = self._verb_claims(verb, subj, sent, quotes)
            if claims:
                out.extend(claims)
                taken_until = claims[-1].end
        return out

    def _verb_claims(
        self,
        verb: re.Match[str],
        subj: tuple[int, int],
        sent: tuple[int, int],
        quotes: list[tuple[int, int]],
    ) -> list[Attribution]:
        text, lex = self.text, self.lex
        v = verb.group(0)
        mention = text[subj[0] : subj[1]]
        span = self._verb_span(verb, sent, quotes)
        if span is None:
            return []
        cs, ce, cue = span
        # "says A and rejects B": the second verb is a second claim of the same subject
        second = self._coordinated(v, cs, ce, quotes)
        kind = "indirect" if v in lex.speech_verbs else "stance"
        if second is None:
            claims = [Attribution(cs, ce, cue, mention, subj[0], subj[1], kind)]
            return [
                c for c in claims if len(_words(text[c.start : c.end])) >= self.opts.min_claim_words
            ]
        conj = text.rfind(" ", cs, text.rfind(" ", cs, second.start()))
        first_end = _strip_span(text, cs, conj if conj > cs else second.start())[1]
        claims = [Attribution(cs, first_end, cue, mention, subj[0], subj[1], kind)]
        rest = self._verb_span(second, (second.start(), sent[1]), quotes)
        if rest is not None:
            kind2 = "indirect" if second.group(0) in lex.speech_verbs else "stance"
            claims.append(Attribution(rest[0], rest[1], rest[2], mention, subj[0], subj[1], kind2))
        return [
            c for c in claims if len(_words(text[c.start : c.end])) >= self.opts.min_claim_words
        ]

    def _verb_span(
        self, verb: re.Match[str], sent: tuple[int, int], quotes: list[tuple[int, int]]
    ) -> tuple[int, int, str] | None:
        """Claim span and cue for a reporting verb whose subject is known."""
        text, lex = self.text, self.lex
        v = verb.group(0)
        if v in lex.view_as_verbs:
            stop = self._clause_end(verb.end(), sent[1], quotes)
            if not re.search(r"\bas\b", text[verb.end() : stop]):
                return None
            cs, ce = _strip_span(text, verb.start(), stop)
            return cs, ce, f"{v} … as"
        if v in lex.stance_verbs:
            stop = self._clause_end(verb.end(), sent[1], quotes)
            cs, ce = _strip_span(text, verb.start(), stop)
            return cs, ce, v
        # speech verb: its complement clause
        pos = verb.end()
        rest = text[pos : sent[1]]
        if v in _TELL_VERBS:
            m = (
                re.match(r"\s+(?:[\w’'.\-]+\s+){0,4}?that\b", rest)
                or _TOLD_AN_OUTLET_RE.match(rest)
                # "told Reuters Kim was not in bad health": a name before a verb is the
                # clause's subject, not one told
                or re.match(
                    r"\s+(?:the\s+|a\s+)?[\w’'.\-]+(?:\s+[A-Z][\w’'.\-]*(?![\w’'.\-])(?!\s+(?:is|was|are|were"
                    r"|has|had|have|will|would|could|should|may|might|did|does|do|can)\b))*",
                    rest,
                )
            )
            pos += m.end() if m else 0
            rest = text[pos : sent[1]]
        m = _PRE_THAT_RE.match(rest) or re.match(r"[\s,:]*(?:that\b)?", rest)
        pos += m.end() if m else 0
        stop = sent[1]
        first_word = re.match(r"\s*([\w’']+)", text[pos : sent[1]])
        if first_word and first_word.group(1).lower() in _VERBISH:
            # "The ship, which officials say is doing research, is …": the relative clause
            stop = self._clause_end(pos, sent[1], quotes)
        relay = _RELAY_RE.search(text, pos, stop)
        if relay is not None and not _inside(relay.start(), quotes):
            stop = relay.start()  # "police say X, according to local media": the relay is no claim
        cs, ce = _strip_span(text, pos, stop)
        if ce <= cs:
            return None
        return cs, ce, v

    def _clause_end(self, start: int, end: int, quotes: list[tuple[int, int]]) -> int:
        """End of the clause that starts at ``start``: the next comma/semicolon outside quotes."""
        for m in re.finditer(r"[,;—]", self.text[start:end]):
            if not _inside(start + m.start(), quotes):
                return start + m.start()
        return end

    def _coordinated(
        self, v: str, cs: int, ce: int, quotes: list[tuple[int, int]]
    ) -> re.Match[str] | None:
        """A reporting verb coordinated with ``v`` inside its content: "…and rejects …"."""
        pattern = re.compile(
            r"\s(?:and|but)\s+(?:(?:also|then|still|flatly|firmly)\s+)?(?P<v>"
            + self.lex.verb_re.pattern[2:-2]
            + r")\b"
        )
        for m in pattern.finditer(self.text, cs, ce):
            v2 = m.group("v")
            if _inside(m.start("v"), quotes) or not _same_form(v, v2):
                continue
            return re.compile(re.escape(v2)).match(self.text, m.start("v"))
        return None


# ", which he " right before a cue: a relative clause of the claim's speaker inside the claim
_WHICH_THEY_RE = re.compile(r",\s*which\s+(?:he|she|they|it|[A-Z][\w’'-]+)\s+\Z")
# "a call from a man who said …": the relative pronoun between a speaker and its cue
_WHO_RE = re.compile(r"\s*,?\s*who\s+(?:also\s+)?\Z")
# ", because …", ", but …": the sentence goes on after an inverted attribution ("A, said X,
# because B"); not ", who spoke on condition of anonymity", which describes X
_CLAUSE_GOES_ON_RE = re.compile(
    r"\s*,\s*(?:because|and|but|so|although|though|since|when|while|if|unless)\b"
)
# A preposition that ends a speaker phrase: the name after it is missing from the text
_DANGLING_PREPOSITION_RE = re.compile(r"\s+(?:from|of|at|with|for)\Z")
# A finite auxiliary: a clause, not more of a noun phrase
_AUXILIARY_RE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|could|can|may|might|did|does|do)\b"
)
# Where a clause opens right after "according to X" with no comma: a determiner that follows
# a word of the source other than a preposition ("today's report the main …", not "the report
# of the ministry"), with a few words after it
_CLAUSE_AFTER_SOURCE_RE = re.compile(
    r"(?<=\w)(?<!\bof)(?<!\bin)(?<!\bfor)(?<!\bfrom)(?<!\bby)(?<!\bon)(?<!\bat)(?<!\bwith)"
    # ("a group monitoring the conflict": a participle goes on describing the source)
    r"(?<!\bto)(?<!\band)(?<!\bor)(?<!\bthe)(?<!ing)\s+(?=(?:the|a|an|this|these|those|its|his|her|"
    r"their)\s+\w+\s+\w+\s+\w+)"
)


def _same_form(v1: str, v2: str) -> bool:
    """Coordinated verbs agree: "says … and rejects", "said … and denied"."""
    a, b = v1.split()[0], v2.split()[0]
    past = {"said", "told", "wrote", "saw", "thought"}

    def form(w: str) -> str:
        if w in past or w.endswith("ed"):
            return "past"
        if w.endswith("s"):
            return "s"
        return "base"

    return form(a) == form(b)


# --------------------------------------------------------------------------- entry point


# An embedded tweet as scraped pages keep it: "TEXT pic.twitter.com/… — Name (@handle) May 4, 2015";
# the signature (dash, name, handle, date) may also stand as a paragraph of its own.
_TWEET_SIGNATURE = (
    r"[—–]\s*(?P<name>[^\n()—–@]{1,60}?)\s*\(@\w{1,20}\)\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*"
)
_TWEET_SIGNATURE_RE = re.compile(r"\s*" + _TWEET_SIGNATURE)
_TWEET_RE = re.compile(
    r"(?P<text>\S.*?)\s*(?:(?:pic\.twitter\.com|https?://t\.co)/\S*\s*)*" + _TWEET_SIGNATURE,
    re.DOTALL,
)


def _embedded_tweet(text: str, para: tuple[int, int]) -> Attribution | None:
    """The paragraph as one direct statement of the tweet's author, when it is an embedded
    tweet (its text, the author's name and handle, and the date, as scraped pages keep it)."""
    if "(@" not in text[para[0] : para[1]]:
        return None  # no handle, no tweet: spares the pattern on every other paragraph
    m = _TWEET_RE.fullmatch(text, *para)
    if m is None or not m.group("name").strip():
        return None
    start, end = _strip_span(text, m.start("text"), m.end("text"), ' \t\n“”"')
    name_s, name_e = _strip_span(text, m.start("name"), m.end("name"), " \t\n™®")
    if end <= start:
        return None
    return Attribution(start, end, "tweeted", text[name_s:name_e], name_s, name_e, "tweet")


# A mention that ends in a personal name of two words or more ("North Korean defector Park
# Jin-hee")
_ENDS_IN_A_NAME_RE = re.compile(r"\b[a-z]+\s+(?:[A-Z][\w’'-]+\s+){1,2}[A-Z][\w’'-]+\Z")


def find_attributions(
    clean_text: CleanText,
    lex: Lexicon,
    opts: ExtractOptions | None = None,
    doc: Doc | None = None,
) -> list[Attribution]:
    """All attributions in the body of ``clean_text``, in text order.

    ``doc`` is the dependency parse of ``clean_text.text`` (``stance.extract.parse``); with it,
    the speech events the patterns miss are added (``_add_parsed``).
    """
    ex = _Extractor(clean_text.text, lex, opts or ExtractOptions())
    text = clean_text.text
    out: list[Attribution] = []
    carry: Attribution | None = None
    held: tuple[int, Attribution] | None = None  # the last carry, and the block it closed
    claimed: set[int] = set()  # the blocks with a claim
    blocks = clean_text.body()
    signed = [_TWEET_SIGNATURE_RE.fullmatch(text, b.start, b.end) is not None for b in blocks]
    # the block after each body block, whatever its kind: a name line under a pull quote reads
    # as a subhead
    every = list(clean_text.blocks)
    after = {b.start: every[i + 1] for i, b in enumerate(every[:-1])}
    for k, block in enumerate(blocks):
        para = (block.start, block.end)
        if signed[k]:
            continue  # the name and date of the tweet in the paragraph before
        label = after.get(block.start)
        if (
            label is not None
            and doc is not None
            and _only_a_quotation(text, para)
            and len(_find_quotes(text, *para)) == 1
            and _name_label(ex, text, (label.start, label.end))
            and _names_a_person(doc, label.start, label.end)
        ):
            # a pull quote: a paragraph that is a quotation, the speaker's name on the next line
            line = text[label.start : label.end].strip()
            out.append(
                Attribution(
                    start=para[0] + 1,
                    end=_quote_end(text, para),
                    cue="(name line)",
                    mention=line,
                    mention_start=label.start,
                    mention_end=label.start + len(line),
                    kind="quote",
                )
            )
            claimed.add(k)
            carry = None
            continue
        tweet = _embedded_tweet(text, para)
        if tweet is None and k + 1 < len(blocks) and signed[k + 1]:
            # the tweet's words in one paragraph, "— Name (@handle) May 4, 2015" in the next
            tweet = _embedded_tweet(text, (block.start, blocks[k + 1].end))
        if tweet is not None:
            para = (tweet.start, tweet.end)  # the tweet's own words, without name and date
        sents = split_sentences(text, *para)
        quotes = _find_quotes(text, *para)
        if carry is None and doc is not None and k > 0 and tweet is None and k - 1 not in claimed:
            # (after narration only: a paragraph of statements names its own speakers)
            before = (blocks[k - 1].start, blocks[k - 1].end)
            carry = _narrated_speaker(doc, text, before, para)
            if carry is None and held is not None and held[0] == k - 2:
                # “…,” said X. ¶ One sentence of the writer's. ¶ “…”: X goes on
                carry = held[1] if _writers_aside(doc, text, before, para) else None
        q_claims, used = ex.quote_claims(para, sents, carry)
        para_claims = list(q_claims)
        for sent in sents:
            if _overlaps(sent, used):
                continue
            para_claims.extend(_sentence_claims(ex, sent, quotes))
        # a span that opens on a comma is a misread of the sentence ("X said “freshman” in
        # training, he …"): better none, so that the parse can find the real one
        para_claims = [c for c in para_claims if text[c.start] not in ",;"]
        if doc is not None:
            para_claims = [
                _mention_in_block(text, c, block.start)
                for c in (_check_with_parse(doc, text, a, lex) for a in para_claims)
                if c
            ]
            para_claims = _add_parsed(ex, doc, para, quotes, used, para_claims)
        para_claims = sorted(
            (_close_quote(text, a, block.end) for a in para_claims), key=lambda a: a.start
        )
        if doc is not None:
            para_claims = [_object_from_the_verb(doc, text, a) for a in para_claims]
        para_claims = _with_colon_quotation(text, para_claims, quotes)
        para_claims = _to_the_quotations_end(text, para_claims, quotes)
        para_claims = _with_participle_quotation(text, para_claims, quotes)
        para_claims = [_without_trailing_source(text, c) for c in para_claims]
        para_claims = _quotes_after_statement(ex, sents, quotes, para_claims)
        if doc is not None:
            para_claims = _quotes_after_a_colon(ex, doc, sents, quotes, para_claims)
            para_claims = _quotes_after_a_name(ex, doc, sents, quotes, para_claims)
            para_claims = _quotes_after_speaking(ex, doc, sents, quotes, para_claims)
        if tweet is not None:
            # the whole tweet is its author's; what it reports others said stays theirs
            para_claims = sorted([*para_claims, tweet], key=lambda a: a.start)
        out.extend(para_claims)
        if para_claims:
            claimed.add(k)
        # the next paragraph's opening quotation, with no cue of its own, goes on with the
        # last speaker ("Sutter said the film … ¶ “I am most excited about …”")
        last = para_claims[-1] if para_claims else None
        carry = (
            last
            if last is not None
            and tweet is None
            and (
                last.kind in ("quote", "quote_continued")
                # a quotation the parse found ("X, a visitor to Y, said: “…”")
                or (last.start > 0 and text[last.start - 1] in '“"')
                or (
                    last.kind != "according_to"
                    # ("Senad Mehmedbasic, a gynaecologist from Sarajevo said": an apposition
                    # whose closing comma the text left out)
                    and (
                        any(
                            ex.valid_speaker(m, loose=0)
                            for m in dict.fromkeys((last.mention, last.mention.split(",")[0]))
                        )
                        # "North Korean defector Park Jin-hee": a description, then the name
                        or _ENDS_IN_A_NAME_RE.search(last.mention) is not None
                    )
                )
            )
            else None
        )
        if carry is not None:
            held = (k, carry)
        if doc is not None:
            # after the carry: a speaker inside a quotation is no one the next paragraph continues
            out.extend(_speech_inside_quotations(ex, doc, quotes, para_claims))
    # "Correction: An earlier version of this story reported that …": the outlet's own
    # boilerplate about itself, no source's statement
    out = [a for a in out if not _OWN_EARLIER_VERSION_RE.search(f"{a.mention} {a.cue}")]
    datelines = [(b.start, b.end) for b in clean_text.blocks if b.kind == "dateline"]
    out = [_after_opening_adverb(_after_dateline(text, a, datelines)) for a in out]
    out = [_statement_issuer(text, a) for a in out]
    return sorted(out, key=lambda a: a.start)


# "The White House, in a statement from National Security Council spokeswoman Caitlin Hayden,
# confirmed …": whose statement it is, between the subject and its verb
_STATEMENT_FROM_RE = re.compile(
    r",\s+in\s+an?\s+(?:written\s+|brief\s+)?statement\s+(?:from|by|issued\s+by)\s+"
    r"(?P<who>[^,.;:“”\"]{3,90}?),"
)


def _statement_issuer(text: str, att: Attribution) -> Attribution:
    """The attribution with its speaker the one a statement is from, when the text writes
    "X, in a statement from Y, said": Y's words, the innermost speaker (rule 3)."""
    m = _STATEMENT_FROM_RE.match(text, att.mention_end)
    if m is None or m.end() > att.start:
        return att
    return replace(
        att, mention=m.group("who"), mention_start=m.start("who"), mention_end=m.end("who")
    )


def _after_opening_adverb(att: Attribution) -> Attribution:
    """The attribution without a sentence adverb the speaker phrase opens with ("Separately,
    Maiduguri resident Andrew Tada": the resident)."""
    m = _OPENING_ADVERB_RE.match(att.mention)
    if m is None or m.group(1).lower() not in _SENTENCE_ADVERBS or not att.mention[m.end() :]:
        return att
    return replace(att, mention=att.mention[m.end() :], mention_start=att.mention_start + m.end())


_OPENING_ADVERB_RE = re.compile(r"([A-Za-z]+),\s+")


def _after_dateline(text: str, att: Attribution, datelines: list[tuple[int, int]]) -> Attribution:
    """The attribution with its mention cut to start after a dateline the parse ran it into
    ("SYDNEY - A girlfriend of Michael Phelps has revealed …": the girlfriend)."""
    for _s, e in datelines:
        if att.mention_start < e < att.mention_end:
            start = e + len(text[e : att.mention_end]) - len(text[e : att.mention_end].lstrip())
            return replace(att, mention=text[start : att.mention_end], mention_start=start)
    return att


_OWN_EARLIER_VERSION_RE = re.compile(
    r"(?i)\b(?:earlier|previous|original)\s+version\s+of\s+this\s+"
    r"(?:story|article|report|post|piece)\b|\beditor[’']s\s+note\b"
)


_ACCORDING_TO_RE = re.compile(r"(?i)according\s+to\b")
# Adverbs that open a sentence before its subject, never a speaker themselves
_SENTENCE_ADVERBS = _wordset(
    "separately meanwhile however additionally moreover furthermore elsewhere likewise "
    "similarly nonetheless nevertheless subsequently instead besides"
)
_LOOSE_DETERMINERS = frozenset({"the", "a", "an", "one", "another"})
_PARTICIPLE_CUE_RE = re.compile(r"[A-Za-z]+ing")
# A comma and a subordinator that open an adverbial clause of its own: ", after doctors said …"
_SUBORDINATE_ASIDE_RE = re.compile(
    r",\s+(?:after|before|though|although|while|whereas|since|because|as|when)\s"
)


# ", the Valley Ledger has reported" closing a claim: the outer source of a nested statement
_TRAILING_SOURCE_RE = re.compile(
    r",\s+(?:the\s+)?[A-Z][\w.’'&-]*(?:\s+[A-Z][\w.’'&-]*){0,4}\s+(?:has\s+|have\s+)?"
    r"(?:reported|reports|said|says)(?:\s+(?:on\s+)?\w+day)?\s*$"
)


# A US politician's party and state after the name: "R-N.H.", "D-Calif.", "R-Texas"
_PARTY_TAG_RE = re.compile(r"[RDI]-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?")
# ", and" (or but, while, as) ending a clause that another one joins
_JOINT_END_RE = re.compile(r"[\s,;]*(?:\b(?:and|but|while|as)\s*)?\Z")
# "I’m told …", "we're also told that …": the writer heard it from sources left unnamed
# (not "told to leave", an order; not "what I was told when …"; not "told nothing"; not "told
# on Monday by the mayor", who is named)
_UNNAMED_TOLD_RE = re.compile(
    rf"(?:^|(?<=[\s,;—–-]))(?<![Ww]hat\s)(?P<who>{FIRST_PERSON_TOLD})\s+"
    r"(?P<cue>(?:(?:also|now|reliably)\s+)?told)\s+"
    r"(?!(?:[\w’']+\s+){0,4}?by\b|(?:to|nothing|when|if|so|otherwise)\b)"
    r"(?:that\s+)?(?=[A-Za-z“\"])"
)
# "according to a witness who says (that) …"
_SOURCE_SAYS_RE = re.compile(
    r",?\s*(?:who|which|that)\s+(?:also\s+)?(?P<verb>[a-z]+)\s+(?:that\s+)?"
)
# "A — at least according to X": a dash (and a hedge) before the source, as a comma would be
_DASH_BEFORE_RE = re.compile(r"\s*(?:—|–|--)\s*(?:at\s+least\s+|reportedly\s+)?\Z")
# ", adding that …", ", while stressing …": a participle cue after the attribution
_SECOND_CUE_RE = re.compile(r",\s*(?:while\s+)?(?P<cue>[a-z]+ing)\b")
# A sentence's opening noun phrase and the "who" of a relative clause after it
_OPENING_WHO_RE = re.compile(
    r"\s*(?P<np>(?:[Aa]n?|[Tt]he)\s+(?:[\w’'-]+\s+){0,3}?[\w’'-]+)\s+who\s"
)
# "…, the Journal reported Monday, citing sources familiar with the device.": the sources speak
_CITING_RE = re.compile(
    # ("The Telegraph said quoting industry sources", a comma the text left out)
    r",?\s+(?:citing|quoting)\s+(?P<who>(?:[\w.’'-]+\s+){0,4}?"
    rf"(?:{'|'.join(w + 's?' for w in sorted(CITED_SOURCES))})\b[^,.;:“”\"]{{0,60}}?)"
    r"[\s.;”\"]*$"
)


def _without_trailing_source(text: str, claim: Attribution) -> Attribution:
    """ "Tomas Ek said the pier would close, the Valley Ledger has reported": Ek's claim ends
    before the outlet that reported it."""
    if claim.kind in ("quote", "quote_continued"):
        return claim
    m = _TRAILING_SOURCE_RE.search(text, claim.start, claim.end)
    if m is None or m.start() <= claim.start:
        return claim
    return replace(claim, end=_strip_span(text, claim.start, m.start())[1])


_COLON_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _unclaimed_quotation(
    ex: _Extractor,
    sents: list[tuple[int, int]],
    q: tuple[int, int],
    claims: list[Attribution],
) -> tuple[int, int, int] | None:
    """(content start, content end, sentence index) of a quotation long enough to be a
    statement that no claim covers yet; None otherwise."""
    cs, ce = _strip_span(ex.text, q[0] + 1, q[1], " \t\n,")
    if len(_words(ex.text[cs:ce])) < ex.opts.min_quote_words:
        return None
    if any(c.start < ce and cs < c.end for c in claims):
        return None
    index = next((n for n, s in enumerate(sents) if s[0] <= q[0] < s[1]), None)
    return None if index is None else (cs, ce, index)


def _subject_before_colon(colon: Token) -> tuple[Token, Token] | None:
    """The nearest verb above a colon, before it, and its subject ("… rapped the following:";
    "a rapper who rapped …:" is the rapper); None where the colon hangs on no verb."""
    token = colon
    while token.head.i != token.i and token.head.i < colon.i:
        token = token.head
        if token.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is None:
            continue  # a participle: its clause's subject
        if subject.lower_ in ("who", "which", "that") and token.dep_ == "relcl":
            return token, token.head
        return token, subject
    return None


def _with_unclaimed_quotations(
    ex: _Extractor,
    sents: list[tuple[int, int]],
    quotes: list[tuple[int, int]],
    claims: list[Attribution],
    speaker_of: Callable[[tuple[int, int], int], tuple[str, int, int] | None],
) -> list[Attribution]:
    """``claims`` with a quotation claim for each quotation no claim covers yet whose
    ``speaker_of(quotation, sentence index)`` gives (cue, speaker start, speaker end)."""
    added: list[Attribution] = []
    for q in quotes:
        found_quote = _unclaimed_quotation(ex, sents, q, claims + added)
        if found_quote is None:
            continue
        cs, ce, index = found_quote
        found = speaker_of(q, index)
        if found is not None:
            cue, ms, me = found
            added.append(Attribution(cs, ce, cue, ex.text[ms:me], ms, me, "quote"))
    return sorted(claims + added, key=lambda a: a.start) if added else claims


def _speech_verb_before_colon(
    colon: Token, lo: int, speech_lemmas: frozenset[str]
) -> tuple[Token, Token] | None:
    """ "Titchmarsh jokingly replies: “I think …”" where the parse hangs the colon on the
    quotation's verb: a speech verb (or "ask") at most four words before the colon in its
    sentence, with no other verb between ("posted a story headlined:" is a headline), and a
    subject of its own."""
    lemmas = speech_lemmas | {"ask"}
    for token in reversed(colon.doc[max(0, colon.i - _COLON_REACH) : colon.i]):
        if token.idx < lo:
            break
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() not in lemmas:
            return None
        if token.pos_ == "VERB":
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is None and token.dep_ == "acl" and token.head.pos_ == "PROPN":
                # "Oliver Brimo, who appears to be a friend, posted on Monday: “…”": the parse
                # took the verb for a modifier of the name before it
                subject = token.head
            return (token, subject) if subject is not None else None
    return None


# How far before a colon its speech verb may be ("posted on her Facebook profile on Monday:")
_COLON_REACH = 10


def _quotes_after_a_colon(
    ex: _Extractor,
    doc: Doc,
    sents: list[tuple[int, int]],
    quotes: list[tuple[int, int]],
    claims: list[Attribution],
) -> list[Attribution]:
    """ "His son Jeff expressed bafflement to KHOU: “We had no idea this would happen.”": a
    quotation a colon introduces is a statement of the subject of the clause before the colon,
    whatever its verb, when that subject is a person, a body, a pronoun or a speaker noun."""
    text = ex.text

    def speaker_of(q: tuple[int, int], index: int) -> tuple[str, int, int] | None:
        sent = sents[index]
        lead = text[sent[0] : q[0]].rstrip()
        if not lead.strip():
            # "Det. James Patterson, of the Manhattan Police Department, said:" closing a
            # line, and the quotation opening the next paragraph: that line leads it
            before = text[: sent[0]].rstrip()
            if before.endswith(":") and "\n" in text[len(before) : sent[0] + 1]:
                line = text.rfind("\n", 0, len(before)) + 1
                sent, lead = (line, len(before)), before[line:]
        if not lead.endswith(":") or _inside(sent[0], quotes):
            return None
        at = sent[0] + len(lead)
        colon = doc.char_span(at - 1, at, alignment_mode="expand")
        if colon is None:
            return None
        found = _subject_before_colon(colon[0]) or _speech_verb_before_colon(
            colon[0], sent[0], ex.lex.speech_lemmas
        )
        if found is None or not sent[0] <= found[1].idx < colon[0].idx:
            return None
        verb, subject = found
        speaker_like = (
            subject.ent_type_ in _COLON_SPEAKER_LABELS
            or subject.lower_ in {"he", "she", "they"}
            or subject.lemma_.lower() in ex.lex.speaker_nouns
            or subject.text in _person_surnames(doc)
        )
        if not speaker_like:
            return None
        ms, me = speaker_span(subject)
        return (verb.text, ms, me) if ex.valid_speaker(text[ms:me], 2) else None

    return _with_unclaimed_quotations(ex, sents, quotes, claims, speaker_of)


# Verbs of a sentence that tells someone spoke (or protested) without a clause: a quotation
# opening the next sentence is what they said
_SPEAKING_LEMMAS = _wordset("speak talk protest comment blog")


def _quotes_after_speaking(
    ex: _Extractor,
    doc: Doc,
    sents: list[tuple[int, int]],
    quotes: list[tuple[int, int]],
    claims: list[Attribution],
) -> list[Attribution]:
    """ "Tom Downey of the Phoenix police spoke with Fox 10 News about the arrest. ¶ “We
    thought at first he was intoxicated.”", "Activists are protesting the shipments. “We feel
    every precaution should be taken.”": a quotation that opens its sentence, with no cue of
    its own, after a sentence whose main verb is one of speaking, is that verb's subject's."""
    text = ex.text

    def speaker_of(q: tuple[int, int], index: int) -> tuple[str, int, int] | None:
        sent = sents[index]
        if text[sent[0] : q[0]].strip() or text[q[1] + 1 : sent[1]].strip(' \t\n.!?”"'):
            return None  # the quotation is not a sentence of its own
        if next(ex.cues_outside(sent[0], max(sent[1], q[1]), quotes), None) is not None:
            return None
        opening = doc.char_span(q[0], q[0] + 1, alignment_mode="expand")
        if opening is None or opening[0].sent.start == 0:
            return None
        before = doc[opening[0].sent.start - 1].sent
        if any(before.start_char <= c.end and c.start < before.end_char for c in claims):
            return None  # a statement there: ``_quotes_after_statement``'s
        root = before.root
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if root.lemma_.lower() not in _SPEAKING_LEMMAS or subject is None:
            return None
        if not (
            subject.ent_type_ in _COLON_SPEAKER_LABELS
            or subject.lemma_.lower() in ex.lex.speaker_nouns
            or subject.tag_ == "NNS"
        ):
            return None
        ms, me = speaker_span(subject)
        return (root.text, ms, me) if ex.valid_speaker(text[ms:me], 2) else None

    return _with_unclaimed_quotations(ex, sents, quotes, claims, speaker_of)


# A line that names who speaks and nothing else before a quotation: "Leonid Bershidsky,
# Bloomberg View:", "Rep. John Dingell (D-Mich.) on the Apple Watch:", "Babić:"
_NAME_LABEL_RE = re.compile(
    r"(?P<who>[A-Z][^:\n,(]{0,60}?)(?:\s*\([^)\n]{1,30}\))?"
    r"(?:,\s+[^:\n]{2,60}|\s+on\s+[^:\n]{2,80})?\s*:"
)


def _quote_end(text: str, para: tuple[int, int]) -> int:
    """Where the words of a paragraph that is one quotation end: before its closing mark."""
    return len(text[: para[1]].rstrip()) - 1


# A line that only names someone: "Brooklyn District Attorney Kenneth Thompson", "Bill
# Bratton, New York City police commissioner"
_NAME_LINE_RE = re.compile(
    r"(?:[A-Z][\w.’'-]*\s+){1,6}[A-Z][\w’'-]+(?:,\s+(?:[\w’'-]+\s+){0,7}[\w’'-]+)?"
)


def _names_a_person(doc: Doc, start: int, end: int) -> bool:
    """Whether the parser finds a person's name between ``start`` and ``end``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(e.label_ == "PERSON" for e in span.ents)


def _name_label(ex: _Extractor, text: str, para: tuple[int, int]) -> bool:
    """Whether a paragraph is a name line, with a role at most: no verb of reporting, no end
    punctuation, not in capitals ("VIEW GALLERY"), twelve words or fewer."""
    line = text[para[0] : para[1]].strip()
    return (
        bool(line)
        and not line.isupper()
        and len(line.split()) <= 12
        and _NAME_LINE_RE.fullmatch(line) is not None
        and ex.lex.quote_verb_re.search(line) is None
    )


def _only_a_quotation(text: str, para: tuple[int, int]) -> bool:
    """Whether a paragraph opens and closes with quotation marks (when the quotation ends
    before the paragraph does, an attribution may follow)."""
    opens, closes = text[para[0] : para[0] + 1], text[para[0] : para[1]].rstrip()[-1:]
    return opens in ("“", '"') and closes in ("”", '"')


def _writers_aside(doc: Doc, text: str, before: tuple[int, int], para: tuple[int, int]) -> bool:
    """Whether ``para`` is a quotation and nothing else, after a paragraph ``before`` of one
    short sentence of the writer's that names no one and quotes nothing ("There are many
    advantages to a robot over a human patrol.")."""
    if not _only_a_quotation(text, para):
        return False
    aside = text[before[0] : before[1]]
    if len(split_sentences(text, *before)) != 1 or len(aside.split()) > 20:
        return False
    if any(q in aside for q in ("“", "”", '"')):
        return False
    span = doc.char_span(*before, alignment_mode="expand")
    return span is not None and not any(
        t.ent_type_ in ("PERSON", "ORG", "NORP") or t.lower_ in ("he", "she", "they", "i", "we")
        for t in span
    )


def _narrated_speaker(
    doc: Doc, text: str, before: tuple[int, int], para: tuple[int, int]
) -> Attribution | None:
    """ "Roche headed for the door with his wife and kids. ¶ “They busted out some eggnog.”":
    a paragraph that is a quotation and nothing else, after a paragraph of narration whose
    last sentence has a person as its subject, is that person's (a carry for
    ``quote_claims``, which takes it only when the paragraph has no cue of its own)."""
    if not _only_a_quotation(text, para):
        return None
    sents = split_sentences(text, *before)
    last = doc.char_span(*sents[-1], alignment_mode="expand") if sents else None
    if last is None or not len(last):
        return None
    root = last.root
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or any(q in last.text for q in ("“", '"')):
        return None
    person = subject.ent_type_ == "PERSON" or subject.text in _person_surnames(doc)
    if not person and subject.lower_ not in ("he", "she"):
        return None
    ms, me = speaker_span(subject)
    return Attribution(ms, me, root.text, text[ms:me], ms, me, "narrated")


def _quotes_after_a_name(
    ex: _Extractor,
    doc: Doc,
    sents: list[tuple[int, int]],
    quotes: list[tuple[int, int]],
    claims: list[Attribution],
) -> list[Attribution]:
    """A quotation after a line that only names a person, a colon and at most who they are
    or what they speak on: a digest's or an interview's label ("Leonid Bershidsky, Bloomberg
    View: “…”", "Path founder Dave Morin on Path: “…”"). No verb may stand in the label, and
    the parser must know the name as a person's (or as the last word of one)."""
    text = ex.text

    def speaker_of(q: tuple[int, int], _index: int) -> tuple[str, int, int] | None:
        line = text.rfind("\n", 0, q[0]) + 1
        label = _NAME_LABEL_RE.fullmatch(text[line : q[0]].rstrip())
        if label is None:
            return None
        span = doc.char_span(line, line + label.end(), alignment_mode="expand")
        if span is None or any(t.pos_ in ("VERB", "AUX") for t in span):
            return None
        ws, we = line + label.start("who"), line + label.end("who")
        who = doc.char_span(ws, we, alignment_mode="expand")
        if who is None:
            return None
        surnames = _person_surnames(doc)
        if not any(t.ent_type_ == "PERSON" or t.text in surnames for t in who):
            return None
        return ":", ws, we

    return _with_unclaimed_quotations(ex, sents, quotes, claims, speaker_of)


def _person_surnames(doc: Doc) -> frozenset[str]:
    """The last words of the parser's person names in ``doc``."""
    return frozenset(e[-1].text for e in doc.ents if e.label_ == "PERSON")


def _quotes_after_statement(
    ex: _Extractor,
    sents: list[tuple[int, int]],
    quotes: list[tuple[int, int]],
    claims: list[Attribution],
) -> list[Attribution]:
    """ "X told Fox News that Jordan meant it. “Their ability … is up there with the best.”": a
    quotation that makes a sentence of its own, with no cue, right after a statement, goes on
    with that statement's speaker (as a quotation after a quotation does)."""
    text = ex.text
    added: list[Attribution] = []
    for q in quotes:
        found_quote = _unclaimed_quotation(ex, sents, q, claims + added)
        if found_quote is None:
            continue
        cs, ce, sent_index = found_quote
        if not sent_index or text[sents[sent_index][0] : q[0]].strip():
            continue  # the first sentence, or the quotation does not open its sentence
        sent = sents[sent_index]
        last = next((s for s in sents if s[0] <= q[1] < s[1]), sent)
        tail = re.match(r"[^.!?\n“\"]*", text[q[1] + 1 : q[1] + 80])
        after = _words(tail.group(0)) if tail is not None else []
        # "“…!” Stan exclaims." is an attribution, "“….” Add to this …" a sentence of its own
        said_after = bool(after) and (
            text[q[1] - 1] not in ".!?"
            or len(after) <= 4
            or ex.lex.quote_verb_re.search(" ".join(after[:4])) is not None
        )
        if text[q[1] + 1 : last[1]].strip(' \t\n.!?”"') or said_after:
            continue  # “…!” Stan exclaims: the quotation has an attribution, one we cannot read
        if next(ex.cues_outside(sent[0], max(last[1], q[1]), quotes), None) is not None:
            continue  # a cue of its own, even one the patterns could not attribute
        before = sents[sent_index - 1]
        prev = [c for c in claims + added if before[0] <= c.end <= before[1] + 1]
        if len(prev) != 1:
            continue  # no statement, or two speakers, in the sentence before: whose is it?
        p = prev[0]
        if p.start and text[p.start - 1] in '“"':
            # “A,” she said. “B.”: one quotation split around its attribution, one statement
            grown = replace(p, end=ce)
            claims = [grown if c is p else c for c in claims]
            added = [grown if c is p else c for c in added]
            continue
        added.append(
            Attribution(cs, ce, p.cue, p.mention, p.mention_start, p.mention_end, "quote_continued")
        )
    return sorted(claims + added, key=lambda a: a.start) if added else claims


# A cue the parse reads as a noun in one of these roles is no verb ("Guerrero state Gov. …",
# "according to media reports"); a tagger's NOUN at the root ("Kyiv rejects …") is still a verb.
_NOUN_ROLES = frozenset(
    {"compound", "pobj", "dobj", "nsubj", "nsubjpass", "amod", "poss", "appos", "npadvmod"}
)


def _cue_token(doc: Doc, text: str, att: Attribution) -> Token | None:
    """The parse's token for an attribution's cue: its first word nearest to the mention."""
    word = att.cue.split()[0] if att.cue.split() else ""
    if not word.isalpha():
        return None
    lo = max(0, att.mention_start - 150)
    hi = min(len(text), att.mention_end + 150)
    found = [lo + m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", text[lo:hi])]
    if not found:
        return None
    pos = min(found, key=lambda p: min(abs(p - att.mention_end), abs(p - att.mention_start)))
    span = doc.char_span(pos, pos + len(word))
    return span[0] if span is not None and len(span) == 1 else None


def _object_from_the_verb(doc: Doc, text: str, att: Attribution) -> Attribution:
    """ "acknowledged its mistake", "confirmed the arrest": a cue other than say or tell whose
    claim is its object, with no clause, is told from the verb on, as a stance verb's is
    (annotation rule 5)."""
    if att.kind != "indirect":
        return att
    verb = _cue_token(doc, text, att)
    if verb is None or verb.lemma_.lower() in ("say", "tell") or verb.pos_ != "VERB":
        return att
    end = verb.idx + len(verb.text)
    if end > att.start or text[end : att.start].strip():
        return att  # the claim does not open right after the verb
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.left_edge.idx != att.start or _finite_verb_in(doc, att.start, att.end):
        return att
    return replace(att, start=verb.idx)


def _clause_span(text: str, clause: Token) -> tuple[int, int]:
    """The characters of a clause the parse heads with ``clause``, without edge punctuation
    and an opening "that"."""
    start, end = _strip_span(
        text, clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge.text)
    )
    if text[start : start + 5].lower() == "that ":
        start += 5
    return start, end


def _narrow_to_complement(text: str, verb: Token, att: Attribution) -> Attribution:
    """An indirect claim that starts before its verb's clausal complement ("told 730AM The Game
    in Lansing on Friday that …") is narrowed to the complement the parse finds."""
    if att.kind != "indirect":
        return att
    comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if comp is None or not any(c.dep_ == "mark" and c.lower_ == "that" for c in comp.children):
        return att  # only past an explicit "that": what precedes it is not the claim
    start, end = _clause_span(text, comp)
    if att.start < start < att.end and end <= att.end + 1:
        return replace(att, start=start)
    return att


def _before_a_citing(
    doc: Doc, text: str, verb: Token, att: Attribution
) -> tuple[Attribution, Token | None]:
    """ "said he didn't think Boko Haram had agreed to a truce, citing the lack of public
    statements": what the speaker cites closes no part of what they said, though the parse hangs
    it on the reported clause. Returns the claim, and the sources it cites if they are people
    ("reported that …, citing sources familiar with the matter": rule 3)."""
    if att.kind != "indirect":
        return att, None
    for token in verb.subtree:
        if (
            token.lower_ == "citing"
            and token.dep_ == "advcl"
            and token.head.i > verb.i
            and att.start < token.idx < att.end
            and doc[token.i - 1].text == ","
        ):
            att = replace(att, end=_strip_span(text, att.start, doc[token.i - 1].idx)[1])
            return att, cited_source(token.head)
    return att, None


def _verb_read_as_a_noun(token: Token) -> bool:
    """ "a huge electrical shock claims he has become …": the parse's plural noun is the verb,
    since a pronoun that is a clause's subject follows it."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (
        token.tag_ == "NNS"
        and token.lower_.endswith("s")
        and nxt is not None
        and nxt.tag_ == "PRP"
        and nxt.dep_ in ("nsubj", "nsubjpass")
        and nxt.head.i > nxt.i
        # ("the claims they made": a noun after all, with a relative clause of its own)
        and not (nxt.head.dep_ == "relcl" and nxt.head.head.i == token.i)
    )


def _mention_in_block(text: str, att: Attribution, start: int) -> Attribution:
    """``att`` with its mention cut to begin inside its paragraph: the parse reads the whole
    document, and "PROVO, Utah, Dec. 23 (UPI) -- A Utah man …" opens with a dateline that is no
    part of who speaks."""
    if not att.mention_start < start < att.mention_end:
        return att
    lead = len(text[start : att.mention_end]) - len(text[start : att.mention_end].lstrip())
    at = start + lead
    return replace(att, mention=text[at : att.mention_end], mention_start=at)


def _check_with_parse(
    doc: Doc, text: str, att: Attribution, lex: Lexicon | None = None
) -> Attribution | None:
    """A pattern claim checked against the parse.

    - Its cue must be a verb there: "Guerrero state Gov. …" or "media reports at the time" are
      no speech events (quotations are kept: their marks say that someone speaks).
    - Narration with a cue-like verb is no statement: a negated cue ("the pause doesn't
      suggest …"), an act verb without a clause ("has declared a caliphate", "wrote about
      Darfur": ``act_lemmas``), a "claim" that is only a prepositional phrase ("campus officials
      said in interviews with …").
    - Its speaker is the parse's subject phrase when the pattern took a piece of it: "Dan Olsen,
      48, who last played …, told" is Dan Olsen, not "48".
    """
    if att.kind in ("according_to", "quote_continued"):
        return att
    token = _cue_token(doc, text, att)
    if token is None:
        return att
    if (
        token.pos_ not in ("VERB", "AUX")
        and token.dep_ in _NOUN_ROLES
        and att.kind not in ("quote",)
        and not _verb_read_as_a_noun(token)
    ):
        return None
    if after_neither_or_nor(token):
        return None  # a negated cue, no claim
    if (
        habitual(token)
        or said_by_nobody(token)
        or narrated_act(token)
        or (lex is not None and _narration(doc, token, att, lex))
    ):
        return None
    if (
        token.tag_ == "VBN"
        and token.dep_ in ("acl", "amod")
        and att.kind != "quote"
        and not any(c.dep_ == "ccomp" for c in token.children)
        and not text[max(0, att.start - 6) : att.start].rstrip().endswith("that")
        and not text[max(0, token.idx - 3) : token.idx].rstrip().endswith(",")
    ):
        return None  # "the only person confirmed to be on board", "names suggested included"
    if lex is not None and att.kind != "quote" and reduced_relative(token, lex.speaker_nouns):
        return None  # the same, where the parse made the cue a main verb
    if att.kind == "trailing" and _finite_verb_in(doc, att.mention_start, att.mention_end):
        return None  # "X, who is Y's lawyer, said the firm lied": a clause, no inverted speaker
    att = _narrow_to_complement(text, token, att)
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.pos_ == "VERB" and subject.tag_ == "VBN":
        return None  # "Published claims that …": the parse's subject is an adjective
    if att.kind == "stance":
        # to the end of the verb's clause as the parse sees it ("demanded a ransom for her
        # freedom, and/or the release of …"), never past the sentence
        reported = reported_tokens(token, subject, stance=True)
        if reported is not None:
            last = doc[reported[1] - 1]
            end = last.idx + len(last.text)  # a subtree never leaves its sentence
            if end > att.end and "\n" not in text[att.end : end]:
                att = replace(att, end=_strip_span(text, att.start, end)[1])
    att = _before_a_joined_speaker(text, token, att, lex)
    att, cited = _before_a_citing(doc, text, token, att)
    if cited is None and att.kind in ("indirect", "trailing", "stance"):
        cited = cited_source(token)
    if cited is not None and att.outer is None:  # (not when the pattern already found them)
        return _from_the_cited(text, cited, att)
    if subject is None:
        return att
    full = (subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text))
    ms, me = speaker_span(subject)
    covered = full[0] <= att.mention_start and att.mention_end <= full[1]
    if not covered or att.mention_start <= subject.idx < att.mention_end:
        return att
    lo, hi = min(ms, att.mention_start), max(me, att.mention_end)
    if (
        att.start < full[0] < att.end <= full[1]
        and text[att.start : full[0]].rstrip().endswith(",")
        and "\n" not in text[full[0] : att.end]
    ):
        # "The plan will fail, the company's spokesman, John Smith, said": the claim ends where
        # the speaker's phrase begins, not at the name in apposition
        att = replace(att, end=_strip_span(text, att.start, full[0])[1])
    if (ms < att.end and att.start < me) or "\n" in text[lo:hi]:
        return att  # the parse ran a sentence across a line break: its subject is elsewhere
    # the pattern's mention is a piece of the subject without its head noun
    return replace(att, mention=text[ms:me], mention_start=ms, mention_end=me)


def _from_the_cited(text: str, cited: Token, att: Attribution) -> Attribution:
    """ "The Post, citing sources at the network, reported that …": the statement is the cited
    sources' (rule 3), and "reported, citing an unnamed source, that he is …" reports only its
    that-clause, which the parse hangs on the participle."""
    participle = cited.head
    clause = next((c for c in participle.children if c.dep_ == "ccomp"), None)
    if clause is not None and att.start <= participle.idx < clause.idx < att.end:
        start, end = _clause_span(text, clause)
        if start < end:
            att = replace(att, start=start, end=min(att.end, end))
    if att.start < att.mention_start < att.end:
        # "A, 9to5Mac reported, citing “sources within Apple” …": the claim ends before its
        # attribution
        att = replace(att, end=_strip_span(text, att.start, att.mention_start)[1])
    ms, me = speaker_span(cited)
    if (ms < att.end and att.start < me) or att.end <= att.start:
        return att  # the sources inside the claim's own span: a misread
    outer = (att.mention_start, att.mention_end)
    return replace(att, mention=text[ms:me], mention_start=ms, mention_end=me, outer=outer)


def _before_a_joined_speaker(
    text: str, verb: Token, att: Attribution, lex: Lexicon | None
) -> Attribution:
    """ "Officials have denied that A and a U.S. official said B": the claim ends before the
    clause joined to its verb that has a speaker of its own, whose statement it is."""
    if lex is None or att.kind not in ("stance", "indirect"):
        return att
    # the clause may be joined to the verb or, in the parse, to the reported clause's own verb
    joined = [*verb.children, *(t for t in verb.subtree if t.dep_ == "conj" and t.head is not verb)]
    for conj in joined:
        if (
            conj.dep_ in ("conj", "ccomp")
            and conj.i > verb.i
            and conj.lemma_.lower() in lex.speech_lemmas
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children)
        ):
            first = conj.left_edge
            while first.i < conj.i and (first.dep_ == "cc" or first.is_punct):
                first = verb.doc[first.i + 1]
            cut = first.idx
            before = verb.doc[first.i - 1] if first.i > 0 else None
            if before is not None and before.dep_ == "cc":
                cut = before.idx
            elif conj.dep_ == "ccomp":
                continue  # "denied that a U.S. official said …": what was denied
            if att.start < cut < att.end:
                return _cut_before(text, att, cut)
    return att


def _cut_before(text: str, att: Attribution, cut: int) -> Attribution:
    end = _strip_span(text, att.start, cut)[1]
    end = _strip_span(text, att.start, _JOINT_END_RE.search(text, att.start, end).start())[1]
    return replace(att, end=end)


def _finite_verb_in(doc: Doc, start: int, end: int) -> bool:
    """Whether the parse has a finite verb in the characters ``[start, end)``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(
        t.pos_ in ("VERB", "AUX")
        and (
            t.tag_ in ("VBD", "VBZ", "VBP")
            # "said the bombs create panic", where the parse tags "create" VB: a verb with a
            # subject of its own is a clause's
            or any(c.dep_ == "nsubj" and span.start <= c.i < span.end for c in t.children)
        )
        for t in span
    )


def _narration(doc: Doc, verb: Token, att: Attribution, lex: Lexicon) -> bool:
    """Whether a pattern claim's cue narrates rather than reports speech (see
    ``_check_with_parse``)."""
    if att.kind not in ("indirect", "stance"):
        return False
    if any(c.dep_ == "neg" for c in verb.children) or reports_nothing(verb):
        return True
    clause = any(c.dep_ in ("ccomp", "parataxis") for c in verb.children)
    if verb.lemma_.lower() in lex.act_lemmas and not clause:
        return True
    span = doc.char_span(att.start, att.end, alignment_mode="expand")
    if att.kind == "indirect" and span is not None and len(span) and span[0].pos_ == "ADP":
        return not any(t.pos_ in ("VERB", "AUX") for t in span)
    return False


# Capitalised words, commas and the small words of titles only: a name, never a claim
_ONLY_NAMES_RE = re.compile(r"(?:(?:[A-Z][\w.’'-]*|of|the|and|for)[\s,]*)+")


def _last_visible(text: str, pos: int) -> int:
    """Index of the last non-space character before ``pos`` (-1: none)."""
    i = pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i


# "“…,” AFP reported Shekau as saying": whom the outlet quotes, then what they said
_AS_SAYING_RE = re.compile(
    r"\s+(?:reported|reports|quoted|quotes|cited|cites)\s+(?P<who>(?:the\s+|an?\s+)?[\w’'.-]+(?:\s+[\w’'.-]+){0,4}?)"
    # ("… as saying: “…”": the quotation after its colon)
    r"\s+as\s+(?:saying|telling\s+\w+)(?:\s+that)?\b(?:\s*:)?\s*[“\"]?"
)


def _as_saying(text: str, att: Attribution) -> Attribution:
    """The attribution with the one quoted as its speaker: "“…,” AFP reported Shekau as
    saying", "Reuters reported the minister as saying the border would stay shut"."""
    m = _AS_SAYING_RE.match(text, att.mention_end)
    if m is None or att.kind in ("according_to", "tweet"):
        return att
    start = m.end() if att.start == m.start("who") else att.start
    return replace(
        att,
        start=start,
        mention=m.group("who"),
        mention_start=m.start("who"),
        mention_end=m.end("who"),
    )


def _add_parsed(
    ex: _Extractor,
    doc: Doc,
    para: tuple[int, int],
    quotes: list[tuple[int, int]],
    used: list[tuple[int, int]],
    found: list[Attribution],
) -> list[Attribution]:
    """The pattern claims of a paragraph plus the parse's speech events that they miss.

    An event is added when its cue is outside every quotation, every sentence a quotation's
    attribution used up, and every claim found so far, and what it reports overlaps no claim.
    A participle cue after a comma inside a claim (", saying …", ", warning that …") is a second
    statement: the claim is cut before that comma and the event added.
    """
    text, opts = ex.text, ex.opts
    out = [_as_saying(text, a) for a in found]
    lex = ex.lex
    events = find_speech_events(
        doc, lex.speech_lemmas, lex.stance_lemmas, *para, quotes, speaker_nouns=lex.speaker_nouns
    )
    # the outer cues whose claims went to the innermost speaker ("…, reported the Mail")
    outer_cues: list[tuple[int, int]] = []
    for ev in events:
        if _inside(ev.cue_start, used) and not _participle_after_comma(text, ev):
            continue  # ("“…,” he said, adding …": the participle is a statement of its own)
        if _inside(ev.cue_start, outer_cues):
            continue
        if any(
            c.kind == "trailing"
            and c.end <= ev.cue_start <= c.mention_end + 2
            and _overlaps((c.mention_start, c.mention_end), [(ev.speaker_start, ev.speaker_end)])
            for c in out
        ):
            continue  # "…, the Courier reported on Friday": the trailing claim's own cue
        if "\n" in text[ev.speaker_start : ev.speaker_end]:
            continue  # a subject across a paragraph break is a misparse (captions, headlines)
        if ev.start <= ev.cue_start and _act_cue(doc, ev.cue_start, ev.cue, lex):
            continue  # "has declared a caliphate": an act, no clause reported
        if (
            ev.start < ev.cue_start
            and not _inside(ev.start, quotes)
            and _SAID_AGAIN_RE.match(text, ev.start, ev.end)
        ):
            continue  # "She said A, she said": her statement once, from the first cue
        ev = _whole_quotation(text, ev, quotes)
        span = (ev.start, ev.end)
        speaker = (ev.speaker_start, ev.speaker_end)
        # a stance verb carries the claim, so "denied it" is one
        need = min(2, opts.min_claim_words) if ev.kind == "stance" else opts.min_claim_words
        if len(_words(text[ev.start : ev.end])) < need:
            continue
        holder = next((c for c in out if c.start <= ev.cue_start < c.end), None)
        if (
            holder is not None
            and (
                holder.kind == "according_to"
                # or an outlet's trailing report of another's words: "X said A, the Metro
                # reported", "an official confirmed A, reports The New York Times"
                or (
                    holder.kind == "trailing"
                    and _SAYS_RE.fullmatch(ev.cue) is not None
                    and (
                        _an_outlet_name(holder.mention, lex.name_words)
                        # or anyone's: "Some jihadists said A, the monitoring group said"
                        or _PLAIN_SAYS_RE.fullmatch(ev.cue) is not None
                    )
                )
            )
            and holder.start <= ev.speaker_start
            and not text[holder.start : ev.speaker_start].strip()
            # (the parse's clause may run on over ", according to X")
            and ev.end <= max(holder.end, holder.mention_end) + 1
            # the speaker, the cue and what it reports open the claim together ("Putin in the
            # call said …"), not a participle far into it ("… fed a woman, telling her …")
            and ev.cue_start - ev.speaker_end <= 30
            and (
                0 <= ev.start - ev.cue_start <= len(ev.cue) + 12
                # ("both said Wednesday morning that …": a time before the clause)
                or _TIME_THEN_THAT_RE.fullmatch(text, ev.cue_start + len(ev.cue), ev.start)
                is not None
            )
        ):
            # "Putin in the call said the sanctions damage ties, according to a Kremlin
            # report": the statement is the innermost speaker's, as the report tells it
            inner = _event_attribution(text, ev)
            out[out.index(holder)] = replace(inner, end=min(inner.end, holder.end))
            if holder.kind == "trailing":
                outer_cues.append((holder.end, max(holder.end, holder.mention_end) + 1))
            continue
        if holder is not None and _reported_speech_opens(text, holder, ev):
            # "Fox News reported that a senior official also confirmed that Bary …": the
            # statement is the innermost speaker's (rule 3); the outlet reported it
            inner = _event_attribution(text, ev)
            # (a description quoted as the outlet wrote it: 'a "senior official" confirmed')
            quoted = re.match(r"(?:(?:an?|the)\s+)?[“\"‘']+", inner.mention, re.IGNORECASE)
            lead = quoted.end() if quoted else 0
            mention = inner.mention[lead:].rstrip("“”\"‘’' ")
            out[out.index(holder)] = replace(
                inner,
                mention=mention,
                mention_start=inner.mention_start + lead,
                mention_end=inner.mention_start + lead + len(mention),
                end=min(inner.end, holder.end),
                outer=(holder.mention_start, holder.mention_end),
            )
            continue
        if holder is not None:
            own = _overlaps((holder.mention_start, holder.mention_end), [speaker])
            joined = _joined_cue(doc, text, holder, ev) if own else None
            second = (
                (_participle_after_comma(text, ev) or joined is not None)
                and not _inside(ev.cue_start, quotes)
                # (what it reports may end in a quotation it opens: ", calling it “perfect”")
                and not any(q0 < ev.cue_start and q0 <= ev.end - 1 < q1 for q0, q1 in quotes)
            )
            if own and not second:
                continue  # the claim's own attribution, found again by the parse
            if own and holder.kind in ("quote", "quote_continued"):
                # “A,” X said on Monday, adding that Y. “B.”: the quotation runs over its
                # attribution, whose participle is a statement of its own
                out.append(_event_attribution(text, ev))
                continue
            if joined is not None and ev.end <= holder.end:
                # "said Kai is a lovely dog, and estimate that he is three": a second cue of
                # the same subject, with a clause of its own
                cut = _strip_span(text, holder.start, joined)[1]
                if len(_words(text[holder.start : cut])) >= opts.min_claim_words:
                    out[out.index(holder)] = replace(holder, end=cut)
                    out.append(_event_attribution(text, ev))
                continue
            if _WHICH_THEY_RE.search(text, holder.start, ev.cue_start) and ev.end <= holder.end:
                # "claims he met God, which he describes as a motherly figure": the relative
                # clause is a statement nested in the claim, which keeps it (rule 3)
                out.append(_event_attribution(text, ev))
                continue
            if (
                ev.end <= holder.end
                and holder.start <= ev.speaker_start
                and _WHO_RE.match(text[ev.speaker_end : ev.cue_start])
            ):
                # "received a call from a man who said they wanted a pizza": the man's statement
                # nested in the claim, which keeps it (rule 3)
                out.append(_event_attribution(text, ev))
                continue
            # "X said A, adding that B" (two cues, two statements) or another speaker's clause
            comma = _last_visible(text, ev.cue_start)  # ", saying …": a comma before the cue
            if (
                text[comma : comma + 1] != ","
                and holder.start <= ev.speaker_start
                # (a participle with no comma of its own, whose subject is the reported clause's
                # pronoun, hangs on that clause: "said that on Oct. 31, they sent a letter
                # calling for …" is one statement; "…, with friends suggesting …" is two)
                and not (
                    _PARTICIPLE_CUE_RE.fullmatch(ev.cue)
                    and text[ev.speaker_start : ev.speaker_end].lower() in _PRONOUNS | {"it", "we"}
                )
            ):
                # another speaker's clause inside the claim: "…, though an official denied it"
                comma = text.rfind(",", holder.start, ev.speaker_start)
                if comma >= 0 and len(_words(text[comma + 1 : ev.speaker_start])) > 3:
                    # "A, including B, were castrated at the Dera after its head claimed C":
                    # the comma opens no clause of the other speaker's; the claim keeps it all,
                    # and the nested statement is the other speaker's too (rule 3)
                    if ev.end <= holder.end:
                        out.append(_event_attribution(text, ev))
                    continue
            if comma < 0 or text[comma] != "," or ev.end > holder.end:
                continue
            cut = _strip_span(text, holder.start, comma)[1]
            # (a participle's second statement leaves a stance's object: "acknowledged its
            # mistake, saying …")
            least = min(2, opts.min_claim_words) if second and own else opts.min_claim_words
            if len(_words(text[holder.start : cut])) < least:
                continue
            out[out.index(holder)] = replace(holder, end=cut)
        elif _overlaps(span, [(c.start, c.end) for c in out]):
            inner = [c for c in out if c.start < ev.end and ev.start < c.end]
            if ev.kind != "indirect" or not all(
                c.kind == "stance" and ev.start <= c.mention_start and c.end <= ev.end
                for c in inner
            ):
                continue
            # "the CEO … revealed that ISIS had demanded a ransom": the act is what the CEO
            # said, not a statement of ISIS
            out = [c for c in out if c not in inner]
        elif _overlaps(speaker, [(c.start, c.end) for c in out]):
            continue  # a subject inside what another speaker said: the parse misread the cue
        out.append(_event_attribution(text, ev))
    return sorted(out, key=lambda a: a.start)


# The plain verbs of saying, with which one speaker relays another's words
_PLAIN_SAYS_RE = re.compile(r"(?:also\s+)?(?:said|says|say|told|tells)")
# The verbs of what a speaker said inside another's report: not a belief ("administrators
# believe") nor a report of reports ("outlets reported")
_SAYS_RE = re.compile(
    r"(?:also\s+)?(?:said|says|say|told|tells|tell|confirmed|confirms|confirm|denied|denies|deny"
    r"|insisted|insists|stated|states|announced|announces|added|adds|warned|warns"
    r"|alleged|alleges|claimed|claims)",
    re.IGNORECASE,
)
_POSSESSIVE_PRONOUNS = _wordset("his her their its our my your")
_LOWER_ROLE_RE = re.compile(r"\s*(?:[a-z][\w’'-]*\s+){0,2}")
_REPORTING_BODIES = _wordset(
    "report reports outlet outlets media newspaper newspapers paper site website service "
    "network broadcaster channel agency agencies statement study survey"
)


# A name of capitalised words, as a news outlet's is ("the Metro", "The New York Times")
_CAPITALISED_NAME_RE = re.compile(r"(?P<the>[Tt]he\s+)?(?:[A-Z][\w.’'&-]*\s+){0,4}[A-Z][\w.’'&-]*")


def _an_outlet_name(mention: str, name_words: frozenset[str]) -> bool:
    """Whether a speaker as written may be a news outlet: a name of capitalised words after
    "the" or with a word of an outlet's name ("Daily Mail"), not a person nor a role ("the
    Lebanese interior minister")."""
    m = _CAPITALISED_NAME_RE.fullmatch(mention.strip())
    return m is not None and (m.group("the") is not None or bool(set(mention.split()) & name_words))


def _reported_speech_opens(text: str, holder: Attribution, ev: SpeechEvent) -> bool:
    """Whether a speech event of another, named or described speaker opens what an indirect
    claim reports, and what it says ends with the claim: "X reported that [Y said Z]"."""
    mention = text[ev.speaker_start : ev.speaker_end]
    words = mention.casefold().strip("“”\"‘’' ").split()
    return (
        holder.kind == "indirect"
        and ev.kind == "indirect"
        and _SAYS_RE.fullmatch(ev.cue) is not None
        # (a report or an outlet the outlet cites keeps the claim the outlet's: "IBT reports
        # that a new report says …"; "his sources" may be the outer speaker's own)
        and bool(words)
        and words[0] not in _POSSESSIVE_PRONOUNS
        and words[-1].strip("“”\"‘’'") not in _REPORTING_BODIES
        and holder.start <= ev.speaker_start
        # (a role in lower case before the name opens it too: "petitioner Hansraj Chauhan")
        and _LOWER_ROLE_RE.fullmatch(text, holder.start, ev.speaker_start) is not None
        and ev.cue_start - ev.speaker_end <= 12
        and ev.start > ev.cue_start
        and ev.end <= holder.end + 1
        and not _overlaps(
            (holder.mention_start, holder.mention_end), [(ev.speaker_start, ev.speaker_end)]
        )
        and mention.strip().lower() not in _PRONOUNS | {"it", "we", "i", "you"}
    )


def _event_attribution(text: str, ev: SpeechEvent) -> Attribution:
    return Attribution(
        ev.start,
        ev.end,
        ev.cue,
        text[ev.speaker_start : ev.speaker_end],
        ev.speaker_start,
        ev.speaker_end,
        ev.kind,
        ev.outer,
    )


# Who may speak inside a quotation and be its statement's innermost speaker: not the one
# quoted ("I said", "we told them"), nor whoever they address; and not a "he" or "she", whom
# only the quoted speaker's own story could resolve.
_QUOTER = _wordset("i we you me us he she they it")


# What a sign, not a speaker, does inside what someone is quoted saying: "“Burns and white spots
# on the bodies indicated the use of chemicals,” the minister said"
_EVIDENCE_VERB_RE = re.compile(
    r"(?i)(?:indicat|show|suggest|prov|mean|meant|signal|impl)(?:e|es|ed|ing|s|n|t|ied|ies|y)?\b"
)


# "according to a video uploaded by X", "according to a story that appeared on X's website":
# the document's issuer, X, is the source
_DOCUMENT_BY_RE = re.compile(
    r"(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:video|statement|report|post|message|story|article"
    r"|letter|recording|tweet|footage|blog\s+post)\s+"
    r"(?:(?P<by>(?:that\s+was\s+)?(?:uploaded|posted|published|released|issued|shared|put\s+out)"
    r"(?:\s+online)?\s+by)"
    r"|that\s+(?:appeared|ran|was\s+published)\s+(?:on|in))"
    r"\s+(?P<who>(?:the\s+)?[^,;]+?)(?:['’]s?\s+(?:website|site|page|channel|pages))?"
    r"(?=\s+(?:earlier|last|on|this|late|in)\b|\s*$)"
)


# "a representative of her family", "a spokesman for the ministry": who speaks for whom
_AGENT_OF_RE = re.compile(
    r"(?:(?:an?|the|one)\s+)?(?P<role>[a-z]+?)s?\s+(?:of|for)\s+(?P<principal>\S.*)"
)


# Where an outlet printed the source, after "according to X,": no part of the claim
_QUOTED_IN_RE = re.compile(r"\s*(?:as\s+)?(?:quoted|cited)\s+(?:in|by)\b")


# ", speaking at the conclusion of a NATO summit in Newport, Wales" before a verb's comma: an
# aside opened by a participle (the first of its commas follows it, the last ends it)
_PARTICIPLE_ASIDE_RE = re.compile(r",\s+(?:[a-z]+ly\s+)?[a-z]{3,}ing\s[^,;“”\"]*(?:,[^,;“”\"]*)?\Z")


# "…, London's Sunday Times quoted counterterrorism officials." closing a sentence
_TRAILING_QUOTED_RE = re.compile(
    r",\s+(?P<outlet>[^,;“”\"]{2,60}?)\s+(?:quoted|cited)\s+(?P<who>[^,;“”\".]{2,80}?)"
    r"(?:\s+as\s+saying)?\s*[.!]?\s*\Z"
)


# "South Korea's largest newspaper": a name's possessive, then words in lower case
_OWNER_DESCRIPTION_RE = re.compile(r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*['’]s\s+[a-z]")


# A quotation closed, then a name: what a trailing cue after it describes is who said it
_QUOTE_THEN_NAME_RE = re.compile(r"[,.!?][”\"]\s+[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}\Z")


# Whom a trailing "told" names, before the sentence ends ("…, a source told CNN on Monday."):
# an outlet or a person by name, "reporters", "the Globe and Mail newspaper"
_TOLD_WHOM_RE = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?:[A-Z][\w.’'&-]*(?:\s+(?:and|of|&)\s+|\s+)?){1,5}"
    r"(?:newspaper|website|magazine|network|channel|site|paper)?(?=\s|$)"
    r"|^(?:reporters|journalists)\b"
)


# Whom a speaker told, when it is an outlet or an audience described in lower case: "told a
# radio station his uncle is in good health", "told a local newspaper the plan was dead"
_TOLD_AN_OUTLET_RE = re.compile(
    r"\s+(?:(?:the|a|an|one|two|several)\s+)?(?:[a-z][\w-]*\s+){0,2}"
    r"(?:station|newspaper|paper|channel|network|broadcaster|magazine|website|site|blog|agency"
    r"|outlet|programme|program|show|reporter|journalist|audience|crowd|conference|daily"
    r"|television|radio|tv|media|press)s?\b"
)


# "I tell ya", "I tell you": a way of speaking, not a report
_FIRST_PERSON_FILLER_RE = re.compile(r"(?i)I\s+tell\s+(?:ya|you)\b")


def _speech_inside_quotations(
    ex: _Extractor,
    doc: Doc,
    quotes: list[tuple[int, int]],
    claims: list[Attribution],
) -> list[Attribution]:
    """ "“Her husband said he ran a photographic business,” the neighbour said": what someone
    the quoted speaker reports is also a statement, of that innermost speaker. The quotation
    stays a statement of its own. Returns the new claims only."""
    added: list[Attribution] = []
    for claim in claims:
        if claim.kind not in ("quote", "quote_continued"):
            continue
        inner_quotes = [q for q in quotes if claim.start <= q[0] and q[1] <= claim.end]
        events = find_speech_events(
            doc,
            ex.lex.speech_lemmas,
            frozenset(),
            claim.start,
            claim.end,
            inner_quotes,
            speaker_nouns=ex.lex.speaker_nouns,
            first_person=True,
        )
        for ev in events:
            mention = ex.text[ev.speaker_start : ev.speaker_end]
            own = mention.lower() in ("i", "we")
            if ev.kind != "indirect" or (set(mention.lower().split()) & _QUOTER and not own):
                continue
            if _EVIDENCE_VERB_RE.match(ev.cue):
                continue  # "“Burns and white spots … indicated the use of chemicals,”": a sign
            # inside the quotation marks: a quotation split around its attribution (“A,” she
            # said, “B.”) holds its own cue between them
            if not claim.start <= ev.speaker_start < ev.end <= claim.end or not any(
                o < ev.speaker_start and ev.end <= c for o, c in quotes
            ):
                continue
            head = _words(mention)[-1:]
            if head and head[0] in _words(claim.mention):
                continue  # the quotation's own attribution, between marks the text mispaired
            if len(_words(ex.text[ev.start : ev.end])) < ex.opts.min_claim_words:
                continue
            if any(c.start == ev.start and c.end == ev.end for c in (*claims, *added)):
                continue
            if (
                own
                and (
                    ev.start <= ev.cue_start
                    or ev.cue.split()[0].endswith("ing")  # "we got a letter saying …": the letter's
                    or re.search(r"(?i)\bwhenever\s*\Z", ex.text[claim.start : ev.speaker_start])
                    or not _words(ex.text[claim.start : ev.speaker_start])
                    or _FIRST_PERSON_FILLER_RE.match(ex.text, ev.speaker_start, ev.start)
                    or re.match(r"(?i)what\b", ex.text[ev.start : ev.end])
                )
            ):
                # ("I indicated to him", "“I believe this is a hoax”" opening the quotation:
                # the quotation itself; "Man I tell ya, …"; "told my mum what had happened")
                continue
            if own:
                # "“When I found her I said she had to come with me,” he said": what the quoted
                # speaker says they said is a statement of theirs too
                mention, ev = (
                    claim.mention,
                    replace(ev, speaker_start=claim.mention_start, speaker_end=claim.mention_end),
                )
            added.append(
                Attribution(
                    ev.start,
                    ev.end,
                    ev.cue,
                    mention,
                    ev.speaker_start,
                    ev.speaker_end,
                    "indirect",
                )
            )
    return added


def _closing_mark(quotes: list[tuple[int, int]], opening: int) -> int | None:
    """Where the quotation that opens at ``opening`` closes (None: no quotation opens there)."""
    return next((e for s, e in quotes if s == opening), None)


def _with_colon_quotation(
    text: str, claims: list[Attribution], quotes: list[tuple[int, int]]
) -> list[Attribution]:
    """ "told the News he was mystified: “How it ended up in Syria, I’ll never know.”": an
    indirect claim that a colon joins to a quotation no other claim has is one statement."""
    out = []
    for i, claim in enumerate(claims):
        after = text[claim.end : claim.end + 4]
        colon = re.match(r"\s*:\s*[“\"]", after)
        if claim.kind in ("indirect", "stance") and colon:
            opening = claim.end + colon.end() - 1
            closing = _closing_mark(quotes, opening)
            following = claims[i + 1].start if i + 1 < len(claims) else len(text)
            if closing is not None and closing <= following:
                claim = replace(claim, end=_strip_span(text, claim.start, closing)[1])
        out.append(claim)
    return out


def _to_the_quotations_end(
    text: str, claims: list[Attribution], quotes: list[tuple[int, int]]
) -> list[Attribution]:
    """ "released a statement saying, “We have asked outlets not to speculate. We are not
    going to confirm …”": a claim that opens a quotation and stops at its first sentence's end
    runs to the quotation's close, when no other claim starts before it."""
    out = []
    for i, claim in enumerate(claims):
        opening = _last_visible(text, claim.start)
        closing = _closing_mark(quotes, opening)
        following = claims[i + 1].start if i + 1 < len(claims) else len(text)
        if (
            claim.kind in ("indirect", "stance")
            and closing is not None
            and claim.end < closing <= following
            and text[claim.end : closing].lstrip(" .!?…")[:1].isupper()
        ):
            claim = replace(claim, end=_strip_span(text, claim.start, closing)[1])
        out.append(claim)
    return out


# ", telling Vocativ, “…”", ", saying: “…”": a participle cue that brings its own quotation
_PARTICIPLE_QUOTE_RE = re.compile(
    r"\s*,\s*(?P<cue>(?:telling|saying|adding|noting|writing|explaining|insisting|warning)"
    r"(?:\s+[^,;:.“”\"]{1,40}?)?)\s*[,:]?\s*[“\"]"
)


def _with_participle_quotation(
    text: str, claims: list[Attribution], quotes: list[tuple[int, int]]
) -> list[Attribution]:
    """ "Lin denied faking the video, telling Vocativ, “There is no way we’re making any of
    this up.”": a quotation a participle after a claim brings is a statement of the same
    speaker, unless another claim has it."""
    out = list(claims)
    for claim in claims:
        m = _PARTICIPLE_QUOTE_RE.match(text, claim.end)
        if m is None or claim.kind not in ("indirect", "stance"):
            continue
        opening = m.end() - 1
        closing = _closing_mark(quotes, opening)
        if closing is None:
            continue
        start, end = _strip_span(text, opening + 1, closing)
        if end <= start or _overlaps((start, end), [(c.start, c.end) for c in out]):
            continue
        out.append(
            replace(claim, start=start, end=end, cue=" ".join(m.group("cue").split()), kind="quote")
        )
    return sorted(out, key=lambda a: a.start)


# what a trailing "…, she said" reports opens with her own "She said"
_SAID_AGAIN_RE = re.compile(r"(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)\s+(?:said|says|told)\b")
# ", adding …" and ", while stressing …", but not "… and, believing that …, had decided":
# there the participle is an aside inside the next clause
_COMMA_BEFORE_PARTICIPLE_RE = re.compile(r"(?<!\band)(?<!\bbut),\s*(?:while\s+)?\Z")


# ", and estimate that …", " and also warned that …": a finite cue joined to the claim's own
_JOINED_CUE_RE = re.compile(r",?\s+(?:and|but)\s+(?:also\s+|then\s+)?\Z")


def _joined_cue(doc: Doc, text: str, holder: Attribution, ev: SpeechEvent) -> int | None:
    """Where the claim ``holder`` ends when the parse's event is a second finite cue of its own
    speaker joined by "and" inside it, with a clause of its own ("said A, and estimate that
    B"); None otherwise. The verb it is joined to must have the holder's speaker as its subject
    ("CNN reports that an expert analyzed the recording and said …" is the expert's)."""
    if ev.kind != "indirect" or ev.cue.split()[0].endswith("ing") or ev.start <= ev.cue_start:
        return None
    if not holder.start < ev.cue_start < holder.end:
        return None
    m = _JOINED_CUE_RE.search(text, max(holder.start, ev.cue_start - 16), ev.cue_start)
    span = doc.char_span(ev.cue_start, ev.cue_start + 1, alignment_mode="expand")
    if m is None or span is None or span[0].dep_ != "conj":
        return None
    subjects = [c for c in span[0].head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not any(holder.mention_start <= c.idx < holder.mention_end for c in subjects):
        return None
    return m.start()


def _participle_after_comma(text: str, ev: SpeechEvent) -> bool:
    """ ", adding …", ", saying …": a participle cue right after a comma, with what it reports
    after it."""
    word = ev.cue.split()[0] if ev.cue.split() else ""
    return (
        word.endswith("ing")
        and _COMMA_BEFORE_PARTICIPLE_RE.search(text, max(0, ev.cue_start - 24), ev.cue_start)
        is not None
        # (a stance participle's claim opens at its verb: ", calling the report a hoax")
        and ev.start >= ev.cue_start
    )


def _whole_quotation(text: str, ev: SpeechEvent, quotes: list[tuple[int, int]]) -> SpeechEvent:
    """An event that reports the last sentence of a quotation before its cue (“A. B,” the
    younger man told KHOU) reports the whole quotation: the parse saw only B's sentence."""
    for opening, closing in quotes:
        if opening < ev.start < closing <= ev.cue_start and ev.end <= closing + 1:
            start, end = _strip_span(text, opening + 1, closing)
            if start < ev.start:
                return replace(ev, start=start, end=end, kind="quote")
        # "Professor Crawley replies: “That depends. It’s eaten in some cultures.”": the parse
        # saw only the first sentence of the quotation the colon after the cue opens
        if (
            ev.cue_start < opening < ev.start < ev.end <= closing
            and _COLON_BEFORE_QUOTE_RE.fullmatch(text, ev.cue_start, opening)
        ):
            start, end = _strip_span(text, opening + 1, closing)
            if end > ev.end:
                return replace(ev, start=start, end=end, kind="quote")
    return ev


# A cue, a few words (no sentence end, no other quotation) and the colon that opens a quotation
_COLON_BEFORE_QUOTE_RE = re.compile(r"[^.!?“”\"\n]{1,60}:\s*")


def _act_cue(doc: Doc, pos: int, cue: str, lex: Lexicon) -> bool:
    """Whether the cue at ``pos`` is one of the lexicon's ``act_lemmas``."""
    word = cue.split()[0] if cue.split() else ""
    span = doc.char_span(pos, pos + len(word))
    return span is not None and len(span) == 1 and span[0].lemma_.lower() in lex.act_lemmas


def _close_quote(text: str, att: Attribution, hi: int) -> Attribution:
    """Keep the closing mark of a quotation that the span opens ("… “would not be fair.”")."""
    span = text[att.start : att.end]
    if span.count("“") <= span.count("”"):
        return att
    close = text.find("”", att.end, min(hi, att.end + 3))
    if close < 0:
        return att
    return Attribution(
        att.start, close + 1, att.cue, att.mention, att.mention_start, att.mention_end, att.kind
    )


def _sentence_claims(
    ex: _Extractor, sent: tuple[int, int], quotes: list[tuple[int, int]]
) -> Iterator[Attribution]:
    told = ex.told_unnamed(sent)
    if told is not None:
        # "Carter tells X that A, and we're also told that B": A before, B the sources'
        joint = _JOINT_END_RE.search(ex.text, sent[0], told.mention_start)
        before = (sent[0], joint.start() if joint else told.mention_start)
        if len(_words(ex.text[slice(*before)])) >= ex.opts.min_claim_words:
            yield from _sentence_claims(ex, before, quotes)
        yield told
        return
    according = ex.according_to(sent)
    if according is not None:
        yield according
        also = ex.source_says(according, sent)
        if also is not None:
            yield also
        return
    found = ex.trailing(sent, quotes)
    if found is not None:
        yield found
        return
    yield from ex.subject_verb(sent, quotes)
