"""Reading the articles `stance analyze` is given: a text file, a folder of .txt files, or stdin.

Every problem becomes a StanceError whose message names the file and says what is wrong, so the
CLI can print it on one line.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from stance.errors import StanceError

STDIN = "-"
STDIN_NAME = "<stdin>"

# Articles are news texts; a file far beyond this is almost surely not one (and would make the
# quadratic pairing step slow), so it is refused rather than silently processed.
MAX_BYTES = 5_000_000


def article_sources(path: str) -> list[str]:
    """The inputs named by ``path``: ``-`` (stdin), one file, or the .txt files of a folder."""
    if path == STDIN:
        return [STDIN]
    p = Path(path)
    if not p.exists():
        raise StanceError(f"{path}: no such file or folder")
    if p.is_dir():
        files = sorted(str(f) for f in p.iterdir() if f.suffix.lower() == ".txt" and f.is_file())
        if not files:
            raise StanceError(f"{path}: folder has no .txt files")
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


def read_article(source: str) -> tuple[str, str]:
    """Read one source as returned by `article_sources`; returns (name, text)."""
    if source == STDIN:
        return STDIN_NAME, decode_article(sys.stdin.buffer.read(), STDIN_NAME)
    try:
        data = Path(source).read_bytes()
    except FileNotFoundError:
        raise StanceError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise StanceError(f"{source}: is a folder, expected a text file") from None
    except OSError as exc:
        raise StanceError(f"{source}: cannot read: {exc.strerror or exc}") from None
    return source, decode_article(data, source)


def iter_articles(path: str) -> Iterator[tuple[str, str]]:
    """Yield (name, text) for every article under ``path``; stops at the first bad one."""
    for source in article_sources(path):
        yield read_article(source)
