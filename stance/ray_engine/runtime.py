"""Importing Ray, joining or starting a cluster, and keeping Ray's own output out of the way.

stance promises one line per problem on stderr and no traceback. Ray, left alone, prints
start-up banners, progress bars, worker tracebacks and C++ warnings there, and waits minutes
on an address where no cluster answers. So:

* a missing Ray is one line that says how to install it (``import_ray``);
* an address is checked with a TCP connect of a few seconds before ``ray.init`` sees it;
* Ray's Python loggers, Ray Data's progress bars and the workers' logs are silenced, and what
  Ray's C++ core writes to file descriptor 2, and its driver's cluster events, go to a log
  file (``ray_output_to``), kept only when a job fails for a reason stance does not know;
* an exception from a task or an actor is unwrapped to the StanceError raised there
  (``stance_error_in``), so the user reads the same line the local engine would print.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from stance.errors import StanceError, UsageError, first_line
from stance.ray_engine.options import RayOptions

RAY_MISSING = "Ray is not installed: pip install -e '.[ray]'"
ADDRESS_PROBE_SECONDS = 3.0


def import_ray() -> ModuleType:
    """``ray`` with Ray Data, or a one-line StanceError saying how to install it."""
    try:
        import ray
        import ray.data  # the [data] part of the extra
    except ImportError:
        raise StanceError(RAY_MISSING) from None
    return ray


def _split_host_port(address: str) -> tuple[str, int]:
    host, sep, port = address.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise StanceError(f"--address {address}: expected auto or HOST:PORT (e.g. 10.0.0.5:6379)")
    return host.strip("[]"), int(port)


def resolve_address(address: str | None) -> str | None:
    """The GCS address to join (``HOST:PORT``), or None to start a local instance.

    ``auto`` is looked up the way ``ray.init`` does (RAY_ADDRESS, then the last ``ray start``
    on this machine). Every address is probed with a short TCP connect: ``ray.init`` itself
    retries an unreachable address for minutes, printing C++ warnings all the while.
    """
    if address is None:
        return None
    text = address.strip()
    if text.startswith("ray://"):
        raise StanceError(
            f"--address {address}: Ray Client addresses are not supported; run stance on a "
            "node of the cluster with --address auto or HOST:PORT"
        )
    if text == "auto":
        try:
            from ray._private.services import canonicalize_bootstrap_address

            found = canonicalize_bootstrap_address("auto")
        except Exception:  # Ray raises ConnectionError, or worse, when nothing runs here
            found = None
        if not found:
            raise StanceError(
                "--address auto: no Ray cluster is running on this machine; start one with "
                "`ray start --head`, or omit --address to use a local Ray instance"
            )
        text = found
    host, port = _split_host_port(text)
    try:
        with socket.create_connection((host, port), timeout=ADDRESS_PROBE_SECONDS):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if isinstance(exc, TimeoutError):
            reason = f"no answer within {ADDRESS_PROBE_SECONDS:g}s"
        raise StanceError(
            f"--address {address}: no Ray cluster at {host}:{port} ({reason})"
        ) from None
    # "auto" goes to ray.init as "auto": only then does Ray 2.60 pick up the token of the
    # cluster `ray start` made on this machine (~/.ray/auth_token), as `ray status` does.
    return "auto" if address.strip() == "auto" else f"{host}:{port}"


AUTH_HINT = (
    "; the cluster wants a token: export RAY_AUTH_MODE=token (and RAY_AUTH_TOKEN, or the "
    "token in ~/.ray/auth_token), as on its nodes"
)


@contextlib.contextmanager
def ray_output_to(log: Path) -> Iterator[None]:
    """Send Ray's own output to ``log`` while keeping stance's on the terminal.

    Ray's C++ core (and the processes it starts) write warnings to file descriptor 2, so fd 2
    points at the log and Python's ``sys.stderr``, where stance writes its progress and its one
    error line, at a copy of the terminal's fd 2. Ray's driver also prints cluster events
    ("a worker died ... will be retried") to ``sys.stdout``, which ``stance batch`` never uses:
    that goes to the log too.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(2)
    log_fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    old_err, old_out = sys.stderr, sys.stdout
    encoding = getattr(old_err, "encoding", None) or "utf-8"
    # Both closed below, after fd 2 is restored.
    sys.stderr = open(  # noqa: SIM115
        os.dup(saved), "w", buffering=1, encoding=encoding, errors="backslashreplace"
    )
    sys.stdout = open(os.dup(log_fd), "w", buffering=1, errors="backslashreplace")  # noqa: SIM115
    os.dup2(log_fd, 2)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved, 2)
        sys.stderr.close()
        sys.stdout.close()
        sys.stderr, sys.stdout = old_err, old_out
        os.close(saved)
        os.close(log_fd)


def quiet_ray() -> None:
    """No banners, progress bars or info lines from Ray's Python side; Ray Data gives each
    chunk unit its own block (see ``read``) and raises a task's own exception."""
    from ray.data import DataContext

    for name in ("ray", "ray.data", "ray.train", "ray.tune"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    # Ray Data's advice on concurrency ("only received 1 input") comes as UserWarnings.
    warnings.filterwarnings("ignore", category=UserWarning, module=r"ray(\.|$)")
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"ray(\.|$)")
    ctx = DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    ctx.raise_original_map_exception = True
    # One block per chunk unit, so units spread over all actors (a file's units would
    # otherwise travel as one block to one actor). Blocks are never split below a row.
    ctx.target_max_block_size = 1


class RayJobError(StanceError):
    """A Ray job failed for a reason stance does not know; the message names Ray's log."""


@dataclass
class Session:
    started: bool  # this process started (or joined) Ray and shuts it down at the end
    address: str  # "local" or the GCS address joined
    startup_seconds: float
    log: Path | None  # where Ray's C++ stderr goes, while the session lasts


@contextlib.contextmanager
def ray_session(options: RayOptions) -> Iterator[Session]:
    """Ray for the length of the ``with`` block: the session already open in this process
    (tests, notebooks), else a new local instance or the cluster at ``options.address``."""
    ray = import_ray()
    if ray.is_initialized():
        quiet_ray()
        yield Session(False, "existing", 0.0, None)
        return
    address = resolve_address(options.address)
    fd, name = tempfile.mkstemp(prefix=f"stance-ray-{os.getpid()}-", suffix=".log")
    os.close(fd)
    log = Path(name)
    ok = False
    try:
        with ray_output_to(log):
            started = time.monotonic()
            kwargs = {"log_to_driver": False, "logging_level": logging.ERROR}
            try:
                if address is None:
                    ray.init(
                        address="local",
                        num_cpus=options.local_cpus(),
                        include_dashboard=False,
                        **kwargs,
                    )
                else:
                    ray.init(address=address, **kwargs)
            except Exception as exc:  # any failure to start or join means the same here
                where = f"--address {options.address}" if address else "local Ray instance"
                text = str(exc) + str(exc.__cause__ or "")
                auth = ("Authentication", "AuthToken", "Unauthenticated")
                hint = AUTH_HINT if any(word in text for word in auth) else ""
                raise StanceError(f"{where}: cannot start Ray: {first_line(exc)}{hint}") from None
            try:
                quiet_ray()
                yield Session(True, address or "local", time.monotonic() - started, log)
                ok = True
            finally:
                ray.shutdown()
    except StanceError as exc:
        # An expected failure, told in one line: the log holds nothing worth keeping. A job
        # that failed for a reason stance does not know keeps it (the message names it).
        ok = not isinstance(exc, RayJobError)
        raise
    finally:
        if ok:
            log.unlink(missing_ok=True)


def stance_error_in(exc: BaseException) -> StanceError | None:
    """The StanceError a task or actor raised, found in the exception Ray re-raised here.

    Ray wraps a remote exception in a class that derives from both RayTaskError and the
    original class, whose message is the remote traceback; the original is its ``cause``.
    A fresh StanceError of the same kind carries the original one-line message.
    """
    todo: list[BaseException] = [exc]
    seen: set[int] = set()
    while todo:
        err = todo.pop()
        if id(err) in seen:
            continue
        seen.add(id(err))
        remote_cause = getattr(err, "cause", None)
        if isinstance(err, StanceError) and not isinstance(remote_cause, BaseException):
            return err
        for nxt in (remote_cause, err.__cause__, err.__context__):
            if isinstance(nxt, BaseException):
                todo.append(nxt)
    return None


def one_line_error(exc: BaseException, session: Session | None) -> StanceError:
    """The StanceError to show for an exception out of a Ray job."""
    found = stance_error_in(exc)
    if found is not None:
        if found is exc or type(found) in (StanceError, UsageError):
            return found  # raised here, or of a kind whose message is its only argument
        cls = UsageError if isinstance(found, UsageError) else StanceError
        return cls(str(found))
    where = f" (Ray's log: {session.log})" if session and session.log else ""
    return RayJobError(f"Ray job failed: {type(exc).__name__}: {first_line(exc)}{where}")
