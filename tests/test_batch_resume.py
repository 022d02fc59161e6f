"""The resume promise: after SIGKILL, Ctrl-C or a full disk, `--resume` yields exactly the output of
an uninterrupted run, record for record: nothing lost, nothing duplicated, same numbers."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import TINY_VOCAB

from stance.batch import BatchOptions, run_batch
from stance.errors import StanceError
from stance.infer.backend import load_backend
from stance.io import jsonl_out
from stance.labels import NLI_LABELS

WORDS = [w for w in TINY_VOCAB[5:] if w.isalpha()]
MAX_LEN = 32
CHUNK = 4
REPO = Path(__file__).resolve().parents[1]


def make_input(path: Path, n: int, seed: int) -> Path:
    """Pairs with some long premises (windowed) and ~3% bad rows of every kind."""
    rng = random.Random(seed)

    def sentence(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(k)).capitalize() + "."

    lines = []
    for i in range(n):
        k = 6 if i % 9 == 0 else 1
        row = {
            "id": f"r{i}",
            "premise": " ".join(sentence(rng.randint(3, 9)) for _ in range(k)),
            "hypothesis": sentence(4),
        }
        line = json.dumps(row).encode()
        if i % 37 == 5:
            line = [
                b'{"id": "x", "premise": ',
                b'{"premise": "caf\xe9", "hypothesis": "h"}',
                json.dumps({**row, "hypothesis": ""}).encode(),
            ][i % 3]
        lines.append(line + b"\n")
    path.write_bytes(b"".join(lines))
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def assert_same_output(got_path: Path, want_path: Path, tol: float = 1e-5) -> float:
    """Equal ids, order, fields and labels; probabilities within ``tol``. Returns the max diff."""
    got, want = read_jsonl(got_path), read_jsonl(want_path)
    assert [r["id"] for r in got] == [r["id"] for r in want]
    worst = 0.0
    for g, w in zip(got, want, strict=True):
        for name in NLI_LABELS:
            worst = max(worst, abs(g[name] - w[name]))
        assert {k: v for k, v in g.items() if k not in NLI_LABELS} == {
            k: v for k, v in w.items() if k not in NLI_LABELS
        }
    assert worst <= tol
    return worst


def rejects_of(out: Path) -> Path:
    return out.with_name(out.name + ".rejects.jsonl")


@pytest.fixture(scope="module")
def backend(spread_model_dir):
    return load_backend(spread_model_dir, max_length=MAX_LEN, threads=1)


@pytest.fixture(scope="module")
def job(tmp_path_factory, backend):
    """A 360-pair input and its uninterrupted output (the reference)."""
    root = tmp_path_factory.mktemp("resume")
    src = make_input(root / "in.jsonl", 360, seed=11)
    ref = root / "ref.jsonl"
    opts = BatchOptions(chunk_size=CHUNK, skip_bad=True)
    summary = run_batch(src, ref, backend, opts)
    assert summary.rejected > 5 and summary.windowed > 20
    return src, ref


@pytest.fixture(scope="module")
def long_job(tmp_path_factory, backend):
    """A 2,000-pair input for the real-process test: long enough (several seconds even on an
    idle machine) that every interruption lands mid-way; 360 pairs could finish first."""
    root = tmp_path_factory.mktemp("resume-long")
    src = make_input(root / "in.jsonl", 2000, seed=12)
    ref = root / "ref.jsonl"
    run_batch(src, ref, backend, BatchOptions(chunk_size=CHUNK, skip_bad=True))
    return src, ref


class Killed(BaseException):
    """Stands in for SIGKILL: no except clause and no cleanup code sees it."""


def die_on_write(monkeypatch, nth: int, keep: float) -> None:
    """Make the nth os.write of the JSONL writer put ``keep`` of its bytes on disk, then die."""
    calls = 0
    real_write = os.write

    def write(fd, data):
        nonlocal calls
        calls += 1
        if calls == nth:
            cut = int(len(data) * keep)
            if cut and bytes(data[cut - 1 : cut]) == b"\n":
                cut -= 1  # a cut that happens to fall just after a newline would tear nothing
            real_write(fd, bytes(data[:cut]))
            raise Killed
        return real_write(fd, data)

    monkeypatch.setattr(jsonl_out.os, "write", write)


@pytest.mark.parametrize(("nth", "keep"), [(1, 0.0), (5, 0.5), (12, 0.9), (23, 0.3), (40, 0.99)])
def test_torn_write_then_resume_equals_uninterrupted(
    tmp_path, backend, job, monkeypatch, nth, keep
):
    src, ref = job
    out = tmp_path / "out.jsonl"
    die_on_write(monkeypatch, nth, keep)
    with pytest.raises(Killed):
        run_batch(src, out, backend, BatchOptions(chunk_size=CHUNK, skip_bad=True))
    monkeypatch.undo()
    torn = out.exists() and out.read_bytes() and not out.read_bytes().endswith(b"\n")
    torn = torn or (rejects_of(out).exists() and not rejects_of(out).read_bytes().endswith(b"\n"))
    assert torn or keep == 0.0  # the simulated crash really left a partial line behind
    summary = run_batch(
        src, out, backend, BatchOptions(chunk_size=CHUNK, skip_bad=True, resume=True)
    )
    assert summary.already_done + summary.written == len(read_jsonl(ref))
    assert_same_output(out, ref, tol=0.0)  # whole chunks are re-scored: bit-identical
    assert read_jsonl(rejects_of(out)) == read_jsonl(rejects_of(ref))


def test_full_disk_error_then_resume(tmp_path, backend, job, monkeypatch) -> None:
    src, ref = job
    out = tmp_path / "out.jsonl"
    calls = 0
    real_write = os.write

    def write(fd, data):
        nonlocal calls
        calls += 1
        if calls == 9:
            real_write(fd, bytes(data[: len(data) // 3]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(jsonl_out.os, "write", write)
    with pytest.raises(StanceError, match=r"No space left on device.*--resume"):
        run_batch(src, out, backend, BatchOptions(chunk_size=CHUNK, skip_bad=True))
    monkeypatch.undo()
    assert out.read_bytes().endswith(b"\n")  # the partial chunk was cut back
    run_batch(src, out, backend, BatchOptions(chunk_size=CHUNK, skip_bad=True, resume=True))
    assert_same_output(out, ref, tol=0.0)
    assert read_jsonl(rejects_of(out)) == read_jsonl(rejects_of(ref))


def test_recover_drops_only_a_torn_last_line(tmp_path) -> None:
    path = tmp_path / "o.jsonl"
    path.write_bytes(b'{"id": "a"}\n{"id": "b"}\n{"id": "c", "entail')
    assert jsonl_out.recover(path) == 2
    assert path.read_bytes() == b'{"id": "a"}\n{"id": "b"}\n'
    assert jsonl_out.recover(path) == 2  # idempotent
    with jsonl_out.JsonlAppender(path) as out:
        out.append([{"id": "c", "p": 0.5}, {"id": "d"}])
    assert [r["id"] for r in jsonl_out.iter_records(path)] == ["a", "b", "c", "d"]


def test_strict_run_stopped_by_a_bad_row_resumes_with_skip_bad(tmp_path, backend, job) -> None:
    src, ref = job
    out = tmp_path / "out.jsonl"
    with pytest.raises(StanceError, match=r"in\.jsonl:6: "):
        run_batch(src, out, backend, BatchOptions(chunk_size=CHUNK))
    assert len(read_jsonl(out)) == CHUNK  # the chunk before the bad row's chunk
    run_batch(src, out, backend, BatchOptions(chunk_size=CHUNK, skip_bad=True, resume=True))
    assert_same_output(out, ref, tol=0.0)
    assert read_jsonl(rejects_of(out)) == read_jsonl(rejects_of(ref))


def test_resume_of_a_finished_job_adds_nothing(tmp_path, backend, job) -> None:
    src, ref = job
    out = tmp_path / "out.jsonl"
    out.write_bytes(ref.read_bytes())
    rejects_of(out).write_bytes(rejects_of(ref).read_bytes())
    summary = run_batch(
        src, out, backend, BatchOptions(chunk_size=CHUNK, skip_bad=True, resume=True)
    )
    assert summary.written == 0 and summary.rejected == 0
    assert out.read_bytes() == ref.read_bytes()


def test_resume_refuses_the_output_of_another_input(tmp_path, backend, job) -> None:
    src, ref = job
    other = make_input(tmp_path / "other.jsonl", 40, seed=99)
    out = tmp_path / "out.jsonl"
    lines = ref.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:10]))
    opts = BatchOptions(chunk_size=CHUNK, resume=True, skip_bad=True)
    with pytest.raises(StanceError, match="another input"):
        run_batch(other, out, backend, opts)
    short = tmp_path / "short.jsonl"  # the same input, cut: the output holds more than it
    short.write_bytes(b"".join(src.read_bytes().splitlines(keepends=True)[:6]))
    with pytest.raises(StanceError, match="another input"):
        run_batch(short, out, backend, opts)
    assert out.read_bytes() == b"".join(lines[:10])


def test_parquet_output_resumes_through_its_sidecar(tmp_path, backend, job, monkeypatch) -> None:
    src, ref = job
    out = tmp_path / "out.parquet"
    die_on_write(monkeypatch, 20, 0.5)
    with pytest.raises(Killed):
        run_batch(src, out, backend, BatchOptions(chunk_size=CHUNK, skip_bad=True))
    monkeypatch.undo()
    assert not out.exists() and (tmp_path / "out.parquet.partial.jsonl").exists()
    run_batch(src, out, backend, BatchOptions(chunk_size=CHUNK, skip_bad=True, resume=True))
    assert not (tmp_path / "out.parquet.partial.jsonl").exists()
    got = pq.read_table(out).to_pylist()
    want = read_jsonl(ref)
    assert [r["id"] for r in got] == [r["id"] for r in want]
    assert [r["entailment"] for r in got] == [r["entailment"] for r in want]
    # A finished Parquet job resumes to a no-op.
    summary = run_batch(
        src, out, backend, BatchOptions(chunk_size=CHUNK, skip_bad=True, resume=True)
    )
    assert summary.written == 0 and summary.already_done == len(want)


# ------------------------------------------------------------------------- real subprocesses


def stance_batch(src: Path, out: Path, model: Path, *extra: str) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "stance.cli.main",
        "batch",
        str(src),
        "-o",
        str(out),
        "--model",
        str(model),
        "--max-length",
        str(MAX_LEN),
        "--chunk-size",
        str(CHUNK),
        "--threads",
        "1",
        "--skip-bad",
        *extra,
    ]
    env = {**os.environ, "TRANSFORMERS_VERBOSITY": "error", "HF_HUB_OFFLINE": "1"}
    # A shell starts background jobs (`cmd &`) with SIGINT ignored, and the child would inherit
    # that: Python then installs no KeyboardInterrupt handler and the Ctrl-C below does nothing.
    # The child gets the default disposition, as in a terminal, however pytest was started.
    return subprocess.Popen(
        cmd,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def lines_in(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def wait_for_lines(proc: subprocess.Popen, path: Path, target: int, timeout: float = 60) -> bool:
    """Poll until the output holds ``target`` lines; False if the process ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lines_in(path) >= target:
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.003)
    proc.kill()
    pytest.fail(f"no progress within {timeout}s: {proc.communicate()[1].decode()[-2000:]}")


def test_sigkill_and_ctrl_c_at_random_points_then_resume(
    tmp_path, long_job, spread_model_dir
) -> None:
    """A real `stance batch` process is interrupted three times at random points (seeded):
    SIGKILL, Ctrl-C (SIGINT), SIGKILL, each time resumed with --resume, then left to finish."""
    src, ref = long_job
    total = lines_in(ref)
    out = tmp_path / "out.jsonl"
    rng = random.Random(20240604)
    interrupted_midway = 0
    history = []  # (signal, lines before, target, exit status, lines after): for the failure text
    for attempt, sig in enumerate([signal.SIGKILL, signal.SIGINT, signal.SIGKILL, None]):
        proc = stance_batch(src, out, spread_model_dir, *(["--resume"] if attempt else []))
        # At most half of what is left, so the signal lands mid-way even when an earlier kill
        # came late: a fixed step could point past the end and let the job finish first.
        done = lines_in(out)
        target = done + rng.randint(1, max(1, min(total // 5, (total - done) // 2)))
        if sig is not None and wait_for_lines(proc, out, target):
            time.sleep(rng.uniform(0.0, 0.02))
            proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
        history.append((sig and sig.name, done, target, proc.returncode, lines_in(out)))
        if proc.returncode == 0:
            continue
        assert proc.returncode == {signal.SIGKILL: -signal.SIGKILL, signal.SIGINT: 130}[sig], (
            err.decode()
        )
        if sig == signal.SIGINT:
            assert "interrupted" in err.decode() and "--resume" in err.decode()
            assert out.read_bytes().endswith(b"\n")  # Ctrl-C never leaves a torn line
        interrupted_midway += lines_in(out) < total
    assert proc.returncode == 0, err.decode()
    assert interrupted_midway >= 2, f"too few interruptions landed mid-way: {history}"
    assert_same_output(out, ref)
    assert read_jsonl(rejects_of(out)) == read_jsonl(rejects_of(ref))
