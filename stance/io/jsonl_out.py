"""Append-only JSONL output that survives SIGKILL, Ctrl-C and a full disk.

Each ``append`` writes whole lines with one ``write`` and then flushes them to disk (``fsync``),
so after any interruption the file holds complete records plus, at worst, one partial last line.
``recover`` drops that partial line, which is how a resumed job knows exactly what is done: the
output itself is the only record of progress.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from stance.errors import StanceError

_TAIL_BLOCK = 1 << 16


def _json_default(value: Any) -> Any:
    # Parquet/HF rows can hold dates, decimals or numpy scalars; numbers stay numbers.
    if hasattr(value, "item") and callable(value.item):
        return value.item()
    if hasattr(value, "tolist") and callable(value.tolist):
        return value.tolist()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def encode_lines(records: Iterable[dict[str, Any]]) -> bytes:
    text = "".join(json.dumps(r, ensure_ascii=False, default=_json_default) + "\n" for r in records)
    # Readers reject undecodable text, so "replace" only ever guards against odd nested values.
    return text.encode("utf-8", errors="replace")


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class JsonlAppender:
    """An append-only JSONL file; every ``append`` is all-or-nothing on the record level."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        created = not self.path.exists()
        try:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StanceError(f"{self.path}: cannot write: {exc.strerror or exc}") from exc
        if created:
            _fsync_dir(self.path)

    def append(self, records: Iterable[dict[str, Any]]) -> int:
        """Write records as whole lines, durably. Returns the number of records written."""
        records = list(records)
        if not records:
            return 0
        data = encode_lines(records)
        before = os.fstat(self._fd).st_size
        try:
            view = memoryview(data)
            while view:  # one write for a regular file; the loop only covers short writes
                written = os.write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)
        except OSError as exc:
            # A full disk can leave part of the data behind: cut back so no half-chunk remains.
            # If even that fails, recover() drops a partial last line on --resume.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, before)
            raise StanceError(
                f"{self.path}: write failed: {exc.strerror or exc}; "
                "free space and rerun with --resume"
            ) from exc
        return len(records)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> JsonlAppender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _last_newline_end(fh, size: int) -> int:
    """Offset just past the last b'\\n' in the file (0 when there is none)."""
    pos = size
    while pos > 0:
        start = max(0, pos - _TAIL_BLOCK)
        fh.seek(start)
        block = fh.read(pos - start)
        idx = block.rfind(b"\n")
        if idx >= 0:
            return start + idx + 1
        pos = start
    return 0


def recover(path: Path) -> int:
    """Truncate a partial last line left by an interruption; return the number of whole lines.

    Only bytes after the last newline are dropped: whole lines were written and synced by
    ``append``; a line that is whole but not JSON is reported when the output is re-read.
    """
    path = Path(path)
    if not path.exists():
        return 0
    with path.open("r+b") as fh:
        size = fh.seek(0, os.SEEK_END)
        end = _last_newline_end(fh, size)
        if end != size:
            fh.truncate(end)
            fh.flush()
            os.fsync(fh.fileno())
    return count_lines(path)


def count_lines(path: Path) -> int:
    n = 0
    with Path(path).open("rb") as fh:
        while block := fh.read(1 << 20):
            n += block.count(b"\n")
    return n


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSONL output, lazily."""
    with Path(path).open("rb") as fh:
        for line_no, line in enumerate(fh, start=1):
            try:
                yield json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise StanceError(f"{path}:{line_no}: output is not valid JSONL: {exc}") from exc
