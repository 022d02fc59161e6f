"""Write failures for real: a full disk (a tiny tmpfs) and a read-only folder.

`stance batch` stops with one line and exit 1, the output holds whole records only (whole
chunks), and `--resume` completes it once there is space again. Needs root to mount a tmpfs;
skipped otherwise (the injected-error version is tests/test_batch_resume.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from test_batch_resume import make_input, stance_batch

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mounting a tmpfs needs root"
)


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def remount(path: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(path)], check=True)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().split(b"\n") if line]


def test_full_disk_then_resume_on_a_real_tmpfs(tmp_path, spread_model_dir) -> None:
    src = make_input(tmp_path / "in.jsonl", 300, seed=31)
    with tmpfs(tmp_path / f"disk-{uuid.uuid4().hex[:6]}", "24k") as disk:
        out = disk / "out.jsonl"
        job = stance_batch(src, out, spread_model_dir)
        _, err = job.communicate(timeout=120)
        lines = err.decode().strip().splitlines()
        assert job.returncode == 1, lines
        assert len(lines) == 1 and "No space left" in lines[0] and "--resume" in lines[0]
        partial = records(out)  # every line whole JSON: the torn chunk is not there
        assert 0 < len(partial) < 300
        remount(disk, "size=2m")  # space is back
        resumed = stance_batch(src, out, spread_model_dir, "--resume")
        _, err = resumed.communicate(timeout=120)
        assert resumed.returncode == 0, err.decode()[-2000:]
        done = records(out)
        rejected = records(out.with_name(out.name + ".rejects.jsonl"))
        ids = [r["id"] for r in done]
        assert len(ids) == len(set(ids)) and len(done) + len(rejected) == 300


def test_read_only_folder_is_one_line(tmp_path, spread_model_dir) -> None:
    src = make_input(tmp_path / "in.jsonl", 20, seed=32)
    with tmpfs(tmp_path / f"ro-{uuid.uuid4().hex[:6]}", "1m") as disk:
        remount(disk, "ro")
        job = stance_batch(src, disk / "out.jsonl", spread_model_dir)
        _, err = job.communicate(timeout=120)
        lines = err.decode().strip().splitlines()
        assert job.returncode == 1 and len(lines) == 1, lines
        assert "Read-only file system" in lines[0]
        assert list(disk.iterdir()) == []
