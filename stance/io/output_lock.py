"""One writer per output: an exclusive lock on ``OUTPUT.lock`` for the whole job.

``fcntl.flock`` locks belong to the open file, so the kernel drops them when the process dies,
however it dies: a job killed with SIGKILL never blocks the next ``--resume``. The lock file
holds the PID of the job that holds the lock, so a second job can say which one is running. It
stays beside the output afterwards (deleting a lock file safely needs the lock it holds).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from stance.errors import StanceError

_held: dict[Path, int] = {}  # lock file -> how many times this process holds it


def lock_path(output: str | Path) -> Path:
    final = Path(output)
    return final.with_name(final.name + ".lock")


@contextlib.contextmanager
def hold_output_lock(output: str | Path) -> Iterator[Path]:
    """Hold the output's lock for the ``with`` block, or raise StanceError (exit 1) naming the
    PID of the job that holds it. Re-entrant within one process."""
    path = lock_path(output).resolve()
    if path in _held:
        _held[path] += 1
        try:
            yield path
        finally:
            _held[path] -= 1
        return
    if not path.parent.is_dir():
        raise StanceError(f"{output}: folder {path.parent} does not exist")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StanceError(f"{path}: cannot create the output lock: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise StanceError(
                f"{output}: another stance job (PID {holder}) is writing this output; wait for "
                "it to finish or stop it, then use --resume"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        _held[path] = 1
        try:
            yield path
        finally:
            del _held[path]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
