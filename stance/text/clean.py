"""Tell article body from boilerplate without rewriting the text.

Cleaning never changes the string: it labels regions of the ORIGINAL text as body or as one kind
of boilerplate, so every later offset (sentences, claims) is an offset into the article as given.

Boilerplate kinds:
- ``headline``: title lines before the body (no sentence-final punctuation, mostly capitalised),
  and any line repeated verbatim (the repeated title of scraped pages);
- ``byline``: "By A, B and C, Los Angeles Times";
- ``dateline``: the "TEHRAN, Iran —" prefix of the first body paragraph;
- ``credit``: the closing contributor line ("X is a special correspondent. Times staff writer Y
  contributed ..."), "Reporting by ...";
- ``photo``: photo credits ("AFP Photo", "Photo: Getty Images");
- ``newsletter``: sign-up and promotion lines;
- ``template``: ``{{ ... }}`` / ``{% ... %}`` template residue (also inside a body paragraph);
- ``tail``: short lines among the boilerplate at the end of the page ("Know first.");
- ``related``: a link to another story ("Related: US army denies reports …");
- ``subhead``: a line inside a paragraph that heads what follows ("Shekau claims no ceasefire").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BODY = "body"
# A blank line, the break between paragraphs (\r: Windows line ends).
BLANK_LINE = r"\n[ \t\r]*\n"


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_TEMPLATE_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{|\}\}")
_BYLINE_RE = re.compile(r"^(?:By|BY)\s+[A-Z][\w.'’-]*(?:\s|,|$)")
_DATELINE_RE = re.compile(
    r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)?"
    # "PROVO, Utah, Dec. 23 (UPI) --": the date, too
    r"(?:,\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:,\s+\d{4})?)?"
    # ("KANSAS CITY, Mo. —Research Medical Center said": a dash may touch the first word)
    r"(?:\s*\([A-Za-z]+\))?\s*(?:(?:—|–)\s*(?=[A-Z“\"])|(?:--|-)\s+)"
)
_CREDIT_RE = re.compile(
    r"\b(?:is|are)\s+(?:a|an)\s+(?:special\s+|staff\s+|contributing\s+|freelance\s+)?"
    r"(?:correspondent|writer|reporter|contributor)\b"
    r"|\bstaff\s+writers?\b.*\bcontributed\b"
    r"|\bcontributed\s+(?:reporting|to\s+this\s+(?:report|story|article)|from)\b"
    r"|^\(?(?:Additional\s+)?[Rr]eporting\s+by\b"
    r"|\bEditing\s+by\b",
)
_PHOTO_RE = re.compile(
    r"\b(?:photo|photos|photograph|image|picture|credit)\b"
    r"|^(?:AFP|AP|Reuters|Getty Images|EPA|Associated Press)\W*$",
    re.IGNORECASE,
)
_NEWSLETTER_RE = re.compile(
    r"\b(?:sign\s+up|signup|subscribe|subscription|newsletters?|inbox|e-?mail\s+(?:alerts?|"
    r"updates)|follow\s+us|share\s+this|click\s+here|read\s+more|advertisement)\b",
    re.IGNORECASE,
)
_RELATED_RE = re.compile(r"^(?:Related|RELATED|See also|Also read|Read also|READ MORE)\s*:")
# "MORE: Man stole £20,000 in KitKat wrappers", "CANBERRA: Copycat fear locks down Parliament":
# a tag in capitals and a colon before a headline, a link to another story
_TAG_LINE_RE = re.compile(
    r"^(?!(?:UPDATE|UPDATED|BREAKING|EXCLUSIVE|CORRECTION)\b)"  # news of this story, not a link
    r"[A-Z][A-Z'’.-]{2,}(?:\s+[A-Z][A-Z'’.-]+)*\s*:\s+\S"
)
_SENTENCE_END_RE = re.compile(r"[.!?…][\"”’)\]]*\s*$")
_STATEMENT_END_RE = re.compile(r"[.!…][\"”’)\]]*\s*$")
_WORD_RE = re.compile(r"[^\W\d_][\w'’.-]*")
_QUOTE_CHARS = '“”"'
_TAIL_MAX_WORDS = 5  # "Know first.", "Share", "Most read"

# Words allowed in lower case inside a Title Case headline.
_MINOR_WORDS = _wordset(
    "a an and as at but by for from in into of on or over the to up via vs with"
)


@dataclass(frozen=True)
class Block:
    """A region ``[start, end)`` of the original text and what it is (``body`` or boilerplate)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class CleanText:
    """The original text with its regions labelled. ``text`` is never modified."""

    text: str
    blocks: tuple[Block, ...]

    def body(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == BODY]

    def boilerplate(self) -> list[Block]:
        return [b for b in self.blocks if b.kind != BODY]

    def body_text(self) -> str:
        """The body regions joined by blank lines: for display only, offsets are lost."""
        return "\n\n".join(self.text[b.start : b.end] for b in self.body())


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: split at blank lines, or at line breaks when there are no blank lines."""
    splitter = BLANK_LINE + r"\s*" if re.search(BLANK_LINE, text) else r"\n\s*"
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(splitter, text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        out.append((s + lead, s + lead + len(stripped)))
    return out


def _words(s: str) -> list[str]:
    return _WORD_RE.findall(s)


def _is_headline_like(para: str) -> bool:
    if "\n" in para or _SENTENCE_END_RE.search(para) or any(q in para for q in _QUOTE_CHARS):
        return False
    words = _words(para)
    if not words or len(words) > 25:
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w.lower() in _MINOR_WORDS)
    return capitalised / len(words) >= 0.8


def _classify(para: str) -> str | None:
    """The boilerplate kind of a whole paragraph, or None for (possible) body text."""
    stripped = para.strip()
    if not _TEMPLATE_RE.sub("", stripped).strip():
        return "template"
    n_words = len(_words(stripped))
    has_quote = any(q in stripped for q in _QUOTE_CHARS)
    if _BYLINE_RE.match(stripped) and n_words <= 30 and not _SENTENCE_END_RE.search(stripped):
        return "byline"
    if not has_quote and n_words <= 60 and _CREDIT_RE.search(stripped):
        return "credit"
    if n_words <= 30 and _RELATED_RE.match(stripped):
        return "related"
    if (
        n_words <= 15
        and not has_quote
        and "\n" not in stripped
        and _TAG_LINE_RE.match(stripped)
        # ("FUNDING CUTS: Is this the end for our ABC?": a link's headline may ask)
        and not _STATEMENT_END_RE.search(stripped)
    ):
        return "related"
    if not has_quote and n_words <= 30 and _NEWSLETTER_RE.search(stripped):
        return "newsletter"
    if (
        not has_quote
        and n_words <= 10
        and _PHOTO_RE.search(stripped)
        # a short real sentence may mention a photo; a caption credit has no full stop
        and (not _SENTENCE_END_RE.search(stripped) or re.match(r"(?i)photo|image|credit", stripped))
    ):
        return "photo"
    return None


def clean(text: str) -> CleanText:
    """Label every paragraph of ``text`` as body or boilerplate (see the module docstring)."""
    paras = _paragraphs(text)
    kinds: list[str | None] = [_classify(text[s:e]) for s, e in paras]

    # Lines repeated verbatim (a scraped page's title twice) are not body text.
    seen: dict[str, int] = {}
    for i, (s, e) in enumerate(paras):
        key = " ".join(text[s:e].split())
        if key in seen and kinds[i] is None and len(_words(key)) <= 25:
            kinds[i] = "headline"
            kinds[seen[key]] = kinds[seen[key]] or "headline"
        seen.setdefault(key, i)

    # Title lines at the top, before the first real paragraph.
    for i, (s, e) in enumerate(paras):
        if kinds[i] is not None:
            continue
        if _is_headline_like(text[s:e]):
            kinds[i] = "headline"
            continue
        break

    # Trailing boilerplate: walk back from the end; very short quote-less lines that sit among
    # recognised boilerplate at the end of the page ("Know first.") go with it: lines with
    # boilerplate both after and before them. The contributor line closes the article, so
    # nothing before it is taken this way.
    _mark_tail(text, paras, kinds)

    blocks: list[Block] = []
    first_body = True
    for (s, e), kind in zip(paras, kinds, strict=True):
        if kind is not None:
            blocks.append(Block(s, e, kind))
            continue
        if first_body:
            first_body = False
            m = _DATELINE_RE.match(text, s, e)
            if m and m.end() < e:
                blocks.append(Block(s, m.end(), "dateline"))
                s = m.end()
        for piece_start, piece_end, kind in _split_subheads(text, s, e):
            if kind == BODY:
                blocks.extend(_split_templates(text, piece_start, piece_end))
            else:
                blocks.append(Block(piece_start, piece_end, kind))
    return CleanText(text=text, blocks=tuple(blocks))


def _is_subhead(line: str, next_line: str) -> bool:
    """A line inside the article that heads a section or captions a picture ("Shekau claims no
    ceasefire", "Meng Xiangyan pictured with her son as she tries to sell him"): no quotation,
    no closing punctuation, and the next line opens a sentence (a hard-wrapped paragraph's next
    line goes on in lower case)."""
    stripped = line.strip()
    if not stripped or not stripped[-1].isalnum() or any(q in stripped for q in _QUOTE_CHARS):
        return False
    if stripped[0] in "—–-" or re.search(r"[@#]|https?:|pic\.twitter", stripped):
        return False  # "— Caleb Weiss (@Weissenberg7) December 15, 2014": a tweet, its signature
    if re.search(r"[.!?]\s+[A-Z]", stripped):
        return False  # sentences, the last one cut short: a paragraph, not a caption
    if _PRONOUN_SUBJECT_RE.match(stripped):
        return False  # "He added that parents should …": a sentence that lost its full stop
    opener = next_line.lstrip()[:1]
    if not opener or opener.islower() or opener in "—–-":
        return False  # a hard-wrapped paragraph goes on; a tweet's text has its signature next
    return len(_words(stripped)) <= _SUBHEAD_MAX_WORDS


# "He added that …": a pronoun that reports a clause; a heading names its subject ("He died of
# cancer, his manager said" heads its story)
_PRONOUN_SUBJECT_RE = re.compile(r"(?:He|She|They|We)\s+(?:[a-z]+\s+){1,2}that\s")

# The longest caption or subhead line: a body paragraph's sentences end in punctuation.
_SUBHEAD_MAX_WORDS = 30


def _split_subheads(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """A body paragraph's lines, each subhead apart (not the article's last line, which may be
    a closing remark): (start, end, kind)."""
    out: list[tuple[int, int, str]] = []
    pos = start
    for m in re.finditer(r"[^\n]+", text[start:end]):
        line_start, line_end = start + m.start(), start + m.end()
        following = re.match(r"\s*[^\n]*", text[line_end:])
        next_line = following.group(0) if following else ""
        if line_end < len(text.rstrip()) and _is_subhead(m.group(0), next_line):
            if text[pos:line_start].strip():
                out.append((pos, line_start, BODY))
            trimmed = _trimmed(text, line_start, line_end, "subhead")
            out.append((trimmed.start, trimmed.end, "subhead"))
            pos = line_end
    if text[pos:end].strip():
        out.append((pos, end, BODY))
    return out


def _mark_tail(text: str, paras: list[tuple[int, int]], kinds: list[str | None]) -> None:
    seen_boilerplate = False
    stop = -1
    for i in range(len(paras) - 1, -1, -1):
        s, e = paras[i]
        if kinds[i] == "credit":
            stop = i
            break
        if kinds[i] is not None:
            seen_boilerplate = True
            continue
        para = text[s:e]
        short = len(_words(para)) <= _TAIL_MAX_WORDS and not any(q in para for q in _QUOTE_CHARS)
        if seen_boilerplate and short:
            kinds[i] = "tail"
            continue
        stop = i
        break
    # short lines right after the body (no boilerplate before them) stay body
    i = stop + 1
    while i < len(kinds) and kinds[i] == "tail" and (stop < 0 or kinds[stop] != "credit"):
        kinds[i] = None
        i += 1


def _split_templates(text: str, start: int, end: int) -> list[Block]:
    """A body paragraph with template residue inside it: the residue becomes its own block."""
    out: list[Block] = []
    pos = start
    for m in _TEMPLATE_RE.finditer(text, start, end):
        if text[pos : m.start()].strip():
            out.append(_trimmed(text, pos, m.start(), BODY))
        out.append(Block(m.start(), m.end(), "template"))
        pos = m.end()
    if text[pos:end].strip():
        out.append(_trimmed(text, pos, end, BODY))
    return out


def _trimmed(text: str, start: int, end: int, kind: str) -> Block:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    return Block(start + lead, start + len(chunk.rstrip()), kind)
