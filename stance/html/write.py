"""Where `stance analyze --html` puts its pages, and writing them whole or not at all."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from stance.errors import StanceError, UsageError


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, so a reader never
    sees half a page and a failure leaves any earlier file as it was."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a page is for sharing
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StanceError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def page_name(source: str, taken: set[str]) -> str:
    """A safe, unique file name for an article's page: its stem in [A-Za-z0-9._-], + .html."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(source).stem).strip("._") or "article"
    name, n = f"{stem}.html", 2
    while name in taken or name == "index.html":
        name, n = f"{stem}-{n}.html", n + 1
    taken.add(name)
    return name


def plan_pages(
    sources: Sequence[str], target: str, folder_input: bool, force: bool
) -> tuple[Path, dict[str, Path], Path | None]:
    """The output folder, the page of each source and the index (folders only).

    A folder of articles writes into the folder ``target`` (created if missing), one page per
    article plus ``index.html``; a single article writes the file ``target`` (or a page named
    after it inside ``target`` when that is a folder). An existing page is overwritten only with
    ``force`` (UsageError, exit 2, otherwise), before any article is analysed.
    """
    out = Path(target)
    if folder_input:
        if out.exists() and not out.is_dir():
            raise UsageError(f"--html {target}: a folder of articles needs a folder, not a file")
        taken: set[str] = set()
        pages = {s: out / page_name(s, taken) for s in sources}
        index: Path | None = out / "index.html"
        targets = [*pages.values(), index]
    else:
        page = out / page_name(sources[0], set()) if out.is_dir() else out
        pages = {sources[0]: page}
        index = None
        targets = [page]
    existing = [p for p in targets if p is not None and p.exists()]
    if existing and not force:
        raise UsageError(f"--html: {existing[0]} exists; use --force to overwrite")
    return out, pages, index
