"""One writer per batch output, with real processes (issue 14's first reliability drill).

Reproduction of the reported failure: a job is running when a second `stance batch … --resume`
on the same output starts, as a user does who thinks the first died. Before the lock both exited
0 and the output held duplicates; now the second exits 1 naming the first's PID, and the output
holds every id once. A lock left by a SIGKILLed job does not block the next --resume.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from test_batch_resume import lines_in, make_input, stance_batch, wait_for_lines

from stance.errors import StanceError
from stance.io.output_lock import hold_output_lock, lock_path


def ids_of(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_bytes().splitlines()]


def wait_for_lock(proc, out: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    lock = lock_path(out)
    while time.monotonic() < deadline:
        if lock.is_file() and lock.read_text().strip() == str(proc.pid):
            return
        if proc.poll() is not None:
            pytest.fail(f"job ended early: {proc.communicate()[1].decode()[-2000:]}")
        time.sleep(0.01)
    pytest.fail("the job never took its lock")


@pytest.fixture(scope="module")
def pairs(tmp_path_factory) -> Path:
    return make_input(tmp_path_factory.mktemp("lock") / "in.jsonl", 1500, seed=21)


def test_second_writer_is_refused_with_the_first_ones_pid(tmp_path, pairs, spread_model_dir):
    out = tmp_path / "out.jsonl"
    first = stance_batch(pairs, out, spread_model_dir)
    try:
        wait_for_lock(first, out)
        for extra in (("--resume",), (), ("--force",)):
            second = stance_batch(pairs, out, spread_model_dir, *extra)
            _, err = second.communicate(timeout=60)
            lines = err.decode().strip().splitlines()
            assert second.returncode == 1, (extra, lines)
            assert len(lines) == 1 and f"PID {first.pid}" in lines[0], lines
        _, err = first.communicate(timeout=120)
        assert first.returncode == 0, err.decode()[-2000:]
    finally:
        if first.poll() is None:
            first.kill()
    ids = ids_of(out)
    rejected = lines_in(out.with_name(out.name + ".rejects.jsonl"))
    assert len(ids) == len(set(ids))  # nothing written twice
    assert len(ids) + rejected == 1500  # nothing lost


def test_lock_of_a_killed_job_does_not_block_resume(tmp_path, pairs, spread_model_dir):
    out = tmp_path / "out.jsonl"
    first = stance_batch(pairs, out, spread_model_dir)
    wait_for_lock(first, out)
    assert wait_for_lines(first, out, 40)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    assert lock_path(out).read_text().strip() == str(first.pid)  # left behind, not held
    resumed = stance_batch(pairs, out, spread_model_dir, "--resume")
    _, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err.decode()[-2000:]
    ids = ids_of(out)
    assert len(ids) == len(set(ids))
    assert len(ids) + lines_in(out.with_name(out.name + ".rejects.jsonl")) == 1500


def test_lock_is_reentrant_in_one_process_and_names_missing_folders(tmp_path) -> None:
    out = tmp_path / "o.jsonl"
    with hold_output_lock(out), hold_output_lock(out):
        assert lock_path(out).read_text().strip() == str(os.getpid())
    with (
        pytest.raises(StanceError, match="does not exist"),
        hold_output_lock(tmp_path / "missing" / "o.jsonl"),
    ):
        pass


def test_bad_output_name_leaves_no_lock_file(tmp_path) -> None:
    from typer.testing import CliRunner

    from stance.cli.main import app

    src = tmp_path / "in.jsonl"
    src.write_text('{"premise": "a b c", "hypothesis": "d e f"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(src), "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 2
    assert list(tmp_path.glob("*.lock")) == []
