"""The main text of a saved web page, extracted with trafilatura, for `stance analyze`.

A page is untrusted input: only the text trafilatura keeps of the main content reaches the
analysis. Navigation, headers and footers, cookie banners, reader comments, scripts, styles,
HTML comments and attributes (``onerror=…``, ``href="javascript:…"``) never do; a link keeps
only its words. That text is the article: claim offsets, the JSON and the article view all
refer to it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from stance.errors import StanceError

HTML_SUFFIXES = (".html", ".htm")

# Raw pages carry scripts, styles and inline data, so they run far larger than their text;
# parsing is linear, so the limit is trafilatura's own default for a page (its MAX_FILE_SIZE).
# The text extracted is then held to the article limit of stance/io/articles.py.
MAX_HTML_BYTES = 20_000_000

# The metadata kept, in the order written: trafilatura's names, which are also the JSON's.
METADATA_FIELDS = ("title", "author", "date", "sitename", "url")

# Loggers of trafilatura and the libraries it calls: they log "lxml parsing failed",
# "discarding data" and the like, meant for crawlers. The CLI says what went wrong in one line
# of its own, so they are silenced while a page is read.
_LIBRARY_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "readability")


class HtmlPageError(StanceError):
    """A page without an article to take from it. ``reason`` is the message without the page's
    name: a corpus row with an HTML column reports it as its bad row's reason (file, line and
    field are the row's)."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


@dataclass(frozen=True)
class HtmlText:
    """The article text of a page and the page's metadata (only the fields it has)."""

    text: str
    metadata: dict[str, str] = field(default_factory=dict)


def is_html_path(path: str) -> bool:
    return path.lower().endswith(HTML_SUFFIXES)


def extract_html(data: bytes, name: str) -> HtmlText:
    """The main text and metadata of the page ``data``; HtmlPageError naming ``name`` if none.

    trafilatura finds the encoding itself (meta charset, then detection), so a page need not
    be UTF-8. Paragraphs are joined by a blank line, as in the seeds and in text saved by hand.
    """
    if len(data) > MAX_HTML_BYTES:
        raise HtmlPageError(name, f"page too large ({len(data)} bytes, limit {MAX_HTML_BYTES})")
    import trafilatura

    try:
        with _quiet_libraries():
            doc = trafilatura.bare_extraction(
                data,
                with_metadata=True,
                # Reader comments are other people's words, not the article's sources.
                include_comments=False,
                # Precision over recall: without it, a page with no article falls back to
                # whatever text it has (a cookie banner, the menu), which is not an article.
                favor_precision=True,
                # Dates only from the page's date markup: the extensive search takes a
                # copyright line's year for the publication date. original_date: the date
                # published, not the date updated.
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
    except Exception as exc:
        # A third-party parser on untrusted input: whatever it raises is this page's problem,
        # reported in one line like any bad input, never as a traceback.
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise HtmlPageError(name, f"cannot read the HTML page ({reason})") from None
    # A Document in trafilatura 2.x; its signature still allows the 1.x dict.
    fields: dict[str, Any] = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    text = _paragraphs(fields.get("text"))
    if not text:
        raise HtmlPageError(name, "no article text found in the HTML page")
    metadata: dict[str, str] = {}
    for key in METADATA_FIELDS:
        value = fields.get(key)
        if isinstance(value, str) and value.strip():
            metadata[key] = value.strip()
    return HtmlText(text, metadata)


def _paragraphs(text: object) -> str:
    """trafilatura's text (one block per line) with a blank line between paragraphs."""
    if not isinstance(text, str):
        return ""
    lines = (line.strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


@contextmanager
def _quiet_libraries() -> Iterator[None]:
    loggers = [logging.getLogger(n) for n in _LIBRARY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
