"""Reading the articles `stance analyze` is given: a text or HTML file, a folder of such files,
or stdin (text only). An HTML page's article is the main text extracted from it
(stance/io/html_article.py).

Every problem becomes a StanceError whose message names the file and says what is wrong, so the
CLI can print it on one line.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stance.errors import StanceError
from stance.io.html_article import HTML_SUFFIXES, extract_html, is_html_path

STDIN = "-"
STDIN_NAME = "<stdin>"

# Articles are news texts; a file far beyond this is almost surely not one (and would make the
# quadratic pairing step slow), so it is refused rather than silently processed.
MAX_BYTES = 5_000_000

ARTICLE_SUFFIXES = (".txt", *HTML_SUFFIXES)


@dataclass(frozen=True)
class Article:
    """One article as read: its name (the file or <stdin>), its text, and where the text came
    from. ``text`` is what is analyzed; for a page it is the extracted text, not the markup."""

    name: str
    text: str
    source_format: str = "text"  # "text", or "html" for text extracted from a page
    html_metadata: dict[str, str] = field(default_factory=dict)

    def provenance(self) -> dict[str, object]:
        """The JSON fields saying where the text came from (see ``provenance``)."""
        return provenance(self.source_format, self.html_metadata)


def provenance(source_format: str, html_metadata: dict[str, str]) -> dict[str, object]:
    """The JSON fields saying where an article's text came from: ``source_format`` and
    ``html_metadata`` for text extracted from a page (a file or a corpus's HTML column); none
    for text, whose document stays as it was before HTML input existed."""
    if source_format == "text":
        return {}
    return {"source_format": source_format, "html_metadata": dict(html_metadata)}


def with_provenance(doc: dict[str, Any], fields: dict[str, object]) -> dict[str, Any]:
    """``doc`` (a result's ``to_dict()``) with the ``provenance`` fields right after
    ``source``, where a reader looks for where the article came from. They are added to the
    document rather than to the result because they are about how the text was read."""
    if not fields:
        return doc
    out: dict[str, Any] = {}
    for key, value in doc.items():
        out[key] = value
        if key == "source":
            out.update(fields)
    return out


def article_sources(path: str) -> list[str]:
    """The inputs named by ``path``: ``-`` (stdin), one file, or the .txt, .html and .htm files
    of a folder, in name order."""
    if path == STDIN:
        return [STDIN]
    p = Path(path)
    if not p.exists():
        raise StanceError(f"{path}: no such file or folder")
    if p.is_dir():
        files = sorted(
            str(f) for f in p.iterdir() if f.suffix.lower() in ARTICLE_SUFFIXES and f.is_file()
        )
        if not files:
            raise StanceError(f"{path}: folder has no .txt, .html or .htm files")
        return files
    if not p.is_file():
        raise StanceError(f"{path}: not a regular file")
    return [str(p)]


def decode_article(data: bytes, name: str) -> str:
    """Check that ``data`` is a non-empty UTF-8 text and return it, with a UTF-8 BOM removed."""
    if len(data) > MAX_BYTES:
        raise StanceError(f"{name}: file too large ({len(data)} bytes, limit {MAX_BYTES})")
    if b"\x00" in data:
        raise StanceError(f"{name}: binary file (contains NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise StanceError(
            f"{name}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    if not text.strip():
        raise StanceError(f"{name}: empty file")
    return text


def load_article(source: str) -> Article:
    """Read one source as returned by `article_sources`: a page (.html/.htm) gives its
    extracted main text and metadata, anything else is read as UTF-8 text."""
    if source == STDIN:
        return Article(STDIN_NAME, decode_article(sys.stdin.buffer.read(), STDIN_NAME))
    try:
        data = Path(source).read_bytes()
    except FileNotFoundError:
        raise StanceError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise StanceError(f"{source}: is a folder, expected a text file") from None
    except OSError as exc:
        raise StanceError(f"{source}: cannot read: {exc.strerror or exc}") from None
    if is_html_path(source):
        page = extract_html(data, source)
        # The page may be larger than a text file may; its article may not (see MAX_BYTES).
        size = len(page.text.encode("utf-8"))
        if size > MAX_BYTES:
            raise StanceError(f"{source}: article text too large ({size} bytes, limit {MAX_BYTES})")
        return Article(source, page.text, "html", page.metadata)
    return Article(source, decode_article(data, source))


def read_article(source: str) -> tuple[str, str]:
    """Read one source as returned by `article_sources`; returns (name, text)."""
    article = load_article(source)
    return article.name, article.text


def iter_articles(path: str) -> Iterator[tuple[str, str]]:
    """Yield (name, text) for every article under ``path``; stops at the first bad one."""
    for source in article_sources(path):
        yield read_article(source)
