"""Sentence segmentation on the original text, with offsets.

Rules, chosen for news prose:
- a sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus any closing quotes/brackets) followed by
  white space and then an upper-case letter, a digit or an opening quote; or, where a feed lost
  the space, between a lower-case word and a capitalised one ("said.The");
- not after a quotation's own ``?`` or ``!`` when its attribution follows (“Who is he?”
  Salkida wrote.);
- never inside a quotation: “It is. … But we are not,” Ortiz said — is one sentence up to the
  attribution, so a quotation is never cut from its attribution (quote state resets at every
  paragraph, so one unbalanced quote cannot swallow the article);
- not after a title or common abbreviation ("Mr.", "Dr.", "Gen.", "Jan."), a single initial
  ("Karl J. Weber"), or a dotted acronym ("U.S.", "U.N.") unless the next word is a typical
  sentence opener ("... in the U.S. The ...").
"""

from __future__ import annotations

import re

from stance.text.clean import CleanText


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


ABBREVIATIONS = _wordset(
    "mr mrs ms dr prof gen lt col maj sgt capt cmdr adm gov sen rep st jr sr rev hon "
    "pres supt insp det cpl pvt messrs mme mlle vol vs al inc corp co ltd bros dept jan "
    "feb mar apr jun jul aug sep sept oct nov dec mt ft ave blvd approx fig e.g i.e"
)

# Words that start a new sentence after a dotted acronym ("... the U.S. The ...").
_SENTENCE_OPENERS = _wordset(
    "the a an it he she they we i but and in this that there his her their its our"
)

_BOUNDARY_RE = re.compile(
    r"[.!?…]+[\"”’)\]]*(?=\s)"
    # "… one of these people said.The Apple Watch …": a feed that lost the space after a full
    # stop; a word of two lower-case letters or more before it, a capitalised word after it
    # ("iGen.Fr", "InFlexWeTrust.Com" are web addresses)
    r"|(?<=[a-z]{2})[.!?][\"”’)]?(?=[“\"‘(]?(?!(?:Com|Net|Org|Fr|De|Uk|Co|Io|Tv|Ru|Info|Gov|Edu)\b)"
    r"[A-Z][a-z]*[\s,;:.’'])"
)
# “Who is he?” Salkida wrote. — a quotation's own ? or ! before its attribution ends nothing
_ATTRIBUTION_AFTER_RE = re.compile(
    r"\s+(?:[A-Z][\w.’'-]*\s+){1,4}(?:said|says|told|asked|asks|added|wrote|writes|explained"
    r"|insisted|replied|shouted|yelled|laughed|joked|exclaimed|continued|recalled|tweeted)\b"
)
_NEXT_RE = re.compile(r"\s*([“\"‘'(\[]?)(\S)")
_OPEN_QUOTES = "“"
_CLOSE_QUOTES = "”"


def _quote_depth_changes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Positions where the quote depth changes, as (position, depth after it)."""
    changes: list[tuple[int, int]] = []
    depth = 0
    straight_open = False
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN_QUOTES:
            # “A. “B.”: a quotation reopened before it closes went on in a new paragraph (a feed
            # that lost its line breaks keeps only the marks), so A's sentence ends before B
            if depth:
                close = i
                while close > start and text[close - 1].isspace():
                    close -= 1
                changes.append((close - 1, 0))
            depth = 1
        elif ch in _CLOSE_QUOTES:
            depth = max(0, depth - 1)
        elif ch == '"':
            straight_open = not straight_open
            depth = depth + 1 if straight_open else max(0, depth - 1)
        else:
            continue
        changes.append((i, depth))
    return changes


def _depth_at(changes: list[tuple[int, int]], pos: int) -> int:
    depth = 0
    for i, d in changes:
        if i >= pos:
            break
        depth = d
    return depth


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    """Whether the period at ``dot`` belongs to an abbreviation rather than ending a sentence."""
    m = re.search(r"([\w.’'-]+)$", text[start : dot + 1])
    if not m:
        return False
    token = m.group(1)
    word = token.rstrip(".").lower()
    if word in ABBREVIATIONS:
        return True
    if word in ("no", "nos") and re.match(r"\s+\d", text[dot + 1 : dot + 3]):
        return True  # "the station's No. 1 meteorologist": a number, not "no."
    if re.fullmatch(r"[A-Z]\.", token):  # an initial
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.){2,}", token):  # U.S., U.N., a.m.
        nxt = re.match(r"\s+[“\"(]?([A-Za-z]+)", text[dot + 1 :])
        return not (nxt and nxt.group(1).lower() in _SENTENCE_OPENERS)
    return False


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text[start:end]``, trimmed of surrounding spaces."""
    end = len(text) if end is None else end
    changes = _quote_depth_changes(text, start, end)
    spans: list[tuple[int, int]] = []
    sent_start = start
    for m in _BOUNDARY_RE.finditer(text, start, end):
        stop = m.end()
        nxt = _NEXT_RE.match(text, stop, end)
        if not nxt:
            continue
        first = nxt.group(2)
        if not (first.isupper() or first.isdigit() or nxt.group(1)):
            continue
        if _depth_at(changes, stop) > 0:
            continue
        punct = text[m.start()]
        if (
            m.group(0)[-1] in '"”'
            and m.group(0)[0] in "!?"
            and _ATTRIBUTION_AFTER_RE.match(text, stop, end)
        ):
            continue
        if (
            punct == "."
            and m.end() - m.start() == 1
            and _is_abbreviation(text, sent_start, m.start())
        ):
            continue
        spans.append((sent_start, stop))
        sent_start = nxt.start(1) if nxt.group(1) else nxt.start(2)
    spans.append((sent_start, end))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    return start + lead, start + len(chunk.rstrip())


def sentences(clean_text: CleanText) -> list[tuple[int, int]]:
    """All sentence spans of the body blocks of a cleaned article, in order."""
    out: list[tuple[int, int]] = []
    for block in clean_text.body():
        out.extend(split_sentences(clean_text.text, block.start, block.end))
    return out
