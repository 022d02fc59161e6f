"""`stance batch --engine ray`: parity with the local engine, fault tolerance (an actor killed,
the driver killed then resumed), bad rows, inputs of every kind, one-line errors, and a real
two-node cluster (marked ``ray_cluster``).

In-process tests share one local Ray instance with 2 CPUs (module scope); the CLI tests run
``python -m stance`` in subprocesses, each with its own Ray. The model is the embedded one
with the onnx backend at --max-length 64: fast to load in each actor, and long premises get
windows.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from conftest import read_jsonl, write_jsonl  # noqa: E402

from stance.batch import BatchOptions, run_batch  # noqa: E402
from stance.errors import StanceError, UsageError  # noqa: E402
from stance.infer.backend import MODELS_DIR, load_backend  # noqa: E402
from stance.io.pair_input import BadRow, FieldSpec  # noqa: E402
from stance.labels import NLI_LABELS, canonical_label  # noqa: E402
from stance.ray_engine.options import ModelSpec, RayOptions  # noqa: E402
from stance.ray_engine.run import run_ray_batch  # noqa: E402
from stance.ray_engine.shards import OutputDir, read_shard, shard_keys  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
MAX_LEN = 64
CHUNK = 50
N_PAIRS = 2000
# The engine is under test, not the judgement: the small shipped model keeps 2,000 pairs quick.
MINILM = str(MODELS_DIR / "stance-nli-minilm-l6")
MODEL = ModelSpec(model=MINILM, backend="onnx", max_length=MAX_LEN, threads=1)
WORDS = [
    "the",
    "a",
    "government",
    "minister",
    "said",
    "talks",
    "would",
    "resume",
    "next",
    "week",
    "while",
    "critics",
    "argued",
    "that",
    "new",
    "sanctions",
    "on",
    "oil",
    "exports",
    "will",
    "not",
    "change",
    "anything",
    "and",
    "officials",
    "denied",
    "any",
    "plan",
    "to",
    "raise",
    "taxes",
    "before",
    "election",
    "but",
    "report",
    "found",
    "rising",
    "prices",
    "in",
    "most",
]


def sentence(rng: random.Random, k: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(k)).capitalize() + "."


def make_rows(n: int, seed: int, prefix: str = "r") -> list[dict]:
    """Pairs; every 40th premise is long enough for windows at MAX_LEN tokens."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        k = 9 if i % 40 == 0 else 1
        premise = " ".join(sentence(rng, rng.randint(5, 14)) for _ in range(k))
        rows.append(
            {
                "id": f"{prefix}{i}",
                "premise": premise,
                "hypothesis": sentence(rng, rng.randint(3, 8)),
                "n": i,
            }
        )
    return rows


def ray_records(folder: Path) -> list[dict]:
    out = OutputDir(folder)
    return [rec for name in sorted(shard_keys(out).values()) for rec in read_shard(out, name)]


def assert_same_records(got: list[dict], want: list[dict], tol: float = 1e-5) -> None:
    """Same ids (no duplicates), labels and windows; probabilities within ``tol``."""
    got_ids = [r["id"] for r in got]
    assert len(got_ids) == len(set(got_ids)), "duplicate ids"
    by_id = {r["id"]: r for r in got}
    assert set(by_id) == {r["id"] for r in want}
    for w in want:
        g = by_id[w["id"]]
        assert g["label"] == w["label"], w["id"]
        assert g.get("window") == w.get("window"), w["id"]
        for name in NLI_LABELS:
            assert abs(g[name] - w[name]) <= tol, (w["id"], name, g[name], w[name])


@pytest.fixture(scope="module")
def ray_local():
    """One local Ray instance with 2 CPUs for the in-process tests."""
    import logging

    if ray.is_initialized():
        ray.shutdown()
    ray.init(
        address="local",
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        logging_level=logging.ERROR,
    )
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def pairs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ray-pairs")
    return write_jsonl(root / "pairs.jsonl", make_rows(N_PAIRS, seed=1))


@pytest.fixture(scope="module")
def local_ref(pairs) -> list[dict]:
    """--engine local on the 2,000 pairs."""
    out = pairs.with_name("local.jsonl")
    backend = load_backend(MINILM, backend="onnx", max_length=MAX_LEN, threads=1)
    run_batch(pairs, out, backend, BatchOptions(chunk_size=CHUNK))
    return read_jsonl(out)


@pytest.fixture(scope="module")
def ray_ref(pairs, ray_local) -> Path:
    """An uninterrupted --engine ray run on the 2,000 pairs (2 workers)."""
    out = pairs.with_name("ray-ref")
    summary = run_ray_batch(
        pairs, out, MODEL, BatchOptions(chunk_size=CHUNK), RayOptions(workers=2)
    )
    assert summary.written == N_PAIRS and summary.shards == N_PAIRS // CHUNK
    assert summary.windowed > 20
    return out


# ------------------------------------------------------------------------------- parity


def test_parity_with_the_local_engine_on_2000_pairs(ray_ref, local_ref) -> None:
    got = ray_records(ray_ref)
    assert len(got) == N_PAIRS
    assert_same_records(got, local_ref, tol=1e-5)
    # The record schema is the local one: same keys (window only where a premise was split).
    by_id = {r["id"]: r for r in got}
    for want in local_ref[:200]:
        assert set(by_id[want["id"]]) == set(want)
    manifest = json.loads((ray_ref / "_manifest.json").read_text())
    assert manifest["rows"] == N_PAIRS and manifest["rejects"] == 0
    assert manifest["model"]["name"] == "stance-nli-minilm-l6"
    assert manifest["model"]["backend"] == "onnx"
    assert manifest["options"]["chunk_size"] == CHUNK and manifest["ray_version"]
    assert len(manifest["shards"]) == N_PAIRS // CHUNK
    assert len({a["pid"] for a in manifest["actors"]}) == 2


def test_the_folder_reads_as_one_table(ray_ref) -> None:
    import pandas as pd

    df = pd.read_parquet(ray_ref).sort_values("id")
    assert len(df) == N_PAIRS and df["id"].is_unique
    assert list(df.columns)[:4] == ["id", "premise", "hypothesis", "n"]
    assert df["window"].notna().sum() > 20


# ------------------------------------------------------------------------ fault tolerance


def actor_pids() -> list[int]:
    """Processes of the scoring actors (Ray titles them after the callable class)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if b"ScoreChunks" in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
    return pids


def shards_in(folder: Path) -> int:
    try:
        return sum(1 for p in folder.iterdir() if p.name.startswith("part-"))
    except FileNotFoundError:
        return 0


@pytest.mark.slow
def test_an_actor_killed_mid_job_is_restarted_and_every_row_comes_once(
    tmp_path, pairs, ray_ref, ray_local
) -> None:
    out = tmp_path / "out"
    result: dict = {}

    def job() -> None:
        try:
            result["summary"] = run_ray_batch(
                pairs, out, MODEL, BatchOptions(chunk_size=CHUNK), RayOptions(workers=1)
            )
        except BaseException as exc:  # reported by the assertion below
            result["error"] = exc

    thread = threading.Thread(target=job)
    thread.start()
    deadline = time.monotonic() + 60
    while shards_in(out) < 3 and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    killed = actor_pids()
    assert killed, "no scoring actor found"
    done_at_kill = shards_in(out)
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    thread.join(timeout=120)
    assert "error" not in result, result.get("error")
    summary = result["summary"]
    assert done_at_kill < N_PAIRS // CHUNK, "the kill came after the job"
    pids = {pid for _, pid in summary.actors}
    assert set(killed) & pids and len(pids) >= 2  # the killed actor scored, a new one finished
    assert summary.written == N_PAIRS and summary.shards == N_PAIRS // CHUNK
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary left
    assert_same_records(ray_records(out), ray_records(ray_ref), tol=0.0)


def stance_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "stance", "batch", *args, "--model", MINILM]


def run_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE", "HF_HUB_OFFLINE": "1", **extra}
    env.pop("RAY_ADDRESS", None)
    return env


def session_members(session: int) -> list[int]:
    """Live processes of a session (a driver started with start_new_session and its Ray)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = (entry / "stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()
                if fields[0] != "Z" and int(fields[3]) == session:
                    found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_driver_killed_then_resume_equals_an_uninterrupted_run(tmp_path, pairs, ray_ref) -> None:
    out = tmp_path / "out"
    args = [
        str(pairs),
        "-o",
        str(out),
        "--engine",
        "ray",
        "--workers",
        "1",
        "--backend",
        "onnx",
        "--max-length",
        str(MAX_LEN),
        "--chunk-size",
        str(CHUNK),
    ]
    proc = subprocess.Popen(
        stance_cmd(*args),
        cwd=REPO,
        env=run_env(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while shards_in(out) < 4 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, proc.stderr.read().decode()
        os.kill(proc.pid, signal.SIGKILL)  # the driver only
        proc.wait()
    finally:
        # Then what it left running (its local Ray), by pid, as a crashed machine would.
        for _ in range(50):
            left = session_members(proc.pid)
            if not left:
                break
            for pid in left:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.1)
        proc.stderr.close()
        # The killed driver could not delete its log of Ray's own output.
        for log in Path(tempfile.gettempdir()).glob(f"stance-ray-{proc.pid}-*.log"):
            log.unlink()
    done_at_kill = shards_in(out)
    assert 0 < done_at_kill < N_PAIRS // CHUNK
    res = subprocess.run(
        stance_cmd(*args, "--resume"),
        cwd=REPO,
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert res.returncode == 0, res.stderr
    assert "already there" in res.stderr
    assert_same_records(ray_records(out), ray_records(ray_ref), tol=0.0)
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["rows"] == N_PAIRS
    # Resuming a finished job is a no-op that says so.
    again = subprocess.run(
        stance_cmd(*args, "--resume"),
        cwd=REPO,
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 0 and "nothing to do" in again.stderr


def test_a_second_writer_on_a_running_ray_output_is_refused(tmp_path) -> None:
    """One writer per output on the ray engine too: a second job on the same OUTPUT folder,
    with or without --resume, exits 1 naming the running job's PID; the first one finishes."""
    from stance.io.output_lock import lock_path

    src = write_jsonl(tmp_path / "in.jsonl", make_rows(400, seed=8))
    out = tmp_path / "out"
    args = [
        str(src),
        "-o",
        str(out),
        "--engine",
        "ray",
        "--backend",
        "onnx",
        "--max-length",
        str(MAX_LEN),
        "--chunk-size",
        "20",
    ]
    first = subprocess.Popen(
        stance_cmd(*args),
        cwd=REPO,
        env=run_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        lock = lock_path(out)
        while not (lock.is_file() and lock.read_text().strip() == str(first.pid)):
            assert first.poll() is None and time.monotonic() < deadline, "no lock taken"
            time.sleep(0.02)
        for extra in (("--resume",), ()):
            res = subprocess.run(
                stance_cmd(*args, *extra),
                cwd=REPO,
                env=run_env(),
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert f"PID {first.pid}" in one_line_error(res, 1)
        _, err = first.communicate(timeout=120)
        assert first.returncode == 0, err.decode()[-2000:]
    finally:
        if first.poll() is None:
            first.kill()
    ids = [r["id"] for r in ray_records(out)]
    assert len(ids) == len(set(ids)) == 400


# ------------------------------------------------------------------------------- bad rows


def bad_input(path: Path) -> Path:
    rows = make_rows(120, seed=5)
    lines = [json.dumps(r).encode() for r in rows]
    lines[3] = b'{"id": "x", "premise": '  # invalid JSON
    lines[40] = json.dumps({**rows[40], "hypothesis": ""}).encode()  # empty text
    lines[77] = b'{"id": "y", "premise": "caf\xe9", "hypothesis": "h"}'  # not UTF-8
    lines[101] = json.dumps({"id": "z", "premise": "p"}).encode()  # missing field
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_skip_bad_sends_rows_to_a_rejects_shard_like_the_local_engine(tmp_path, ray_local):
    src = bad_input(tmp_path / "bad.jsonl")
    local = tmp_path / "local.jsonl"
    backend = load_backend(MINILM, backend="onnx", max_length=MAX_LEN, threads=1)
    run_batch(src, local, backend, BatchOptions(chunk_size=CHUNK, skip_bad=True))
    out = tmp_path / "out"
    summary = run_ray_batch(src, out, MODEL, BatchOptions(chunk_size=CHUNK, skip_bad=True))
    assert summary.rejected == 4 and summary.written == 116
    rejects = read_jsonl(out / "_rejects.jsonl")
    assert rejects == read_jsonl(tmp_path / "local.jsonl.rejects.jsonl")
    assert [(r["file"], r["line"], r["field"]) for r in rejects] == [
        ("bad.jsonl", 4, None),
        ("bad.jsonl", 41, "hypothesis"),
        ("bad.jsonl", 78, "premise"),
        ("bad.jsonl", 102, "hypothesis"),
    ]
    assert_same_records(ray_records(out), read_jsonl(local), tol=1e-5)


def test_without_skip_bad_the_first_bad_row_stops_before_any_output(tmp_path, ray_local):
    src = bad_input(tmp_path / "bad.jsonl")
    out = tmp_path / "out"
    with pytest.raises(BadRow, match=r"^bad\.jsonl:4: invalid JSON"):
        run_ray_batch(src, out, MODEL, BatchOptions(chunk_size=CHUNK))
    assert not out.exists()


# ------------------------------------------------------------------------------ inputs


def test_csv_tsv_parquet_folder_and_hf_dataset_match_the_local_engine(tmp_path, ray_local):
    import datasets
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path / "in"
    folder.mkdir()
    rows = make_rows(90, seed=9, prefix="c")
    # CSV with evidence/claim aliases and no id column (ids are FILE:LINE).
    with (folder / "a.csv").open("w", encoding="utf-8", newline="") as fh:
        import csv

        writer = csv.writer(fh)
        writer.writerow(["evidence", "claim"])
        for r in rows[:30]:
            writer.writerow([r["premise"], r["hypothesis"]])
    (folder / "b.tsv").write_text(
        "sentence1\tsentence2\tid\n"
        + "".join(f"{r['premise']}\t{r['hypothesis']}\t{r['id']}\n" for r in rows[30:60]),
        encoding="utf-8",
    )
    pq.write_table(pa.Table.from_pylist(rows[60:]), folder / "c.parquet")
    backend = load_backend(MINILM, backend="onnx", max_length=MAX_LEN, threads=1)
    for src, name in ((folder, "folder"), (folder / "a.csv", "csv")):
        local = tmp_path / f"{name}.jsonl"
        run_batch(src, local, backend, BatchOptions(chunk_size=7))
        out = tmp_path / f"{name}-ray.jsonl"  # a folder named *.jsonl: JSONL shards
        run_ray_batch(src, out, MODEL, BatchOptions(chunk_size=7))
        want = read_jsonl(local)
        assert_same_records(ray_records(out), want)
        # JSONL shards hold the local engine's very lines (within each chunk, input order).
        lines = sorted(
            line for p in out.glob("part-*.jsonl") for line in p.read_text().splitlines()
        )
        assert lines == sorted(local.read_text().splitlines())
    assert any(r["id"] == "a.csv:2" for r in read_jsonl(tmp_path / "folder.jsonl"))

    # A dataset saved with save_to_disk, with a ClassLabel gold label checked by --label-field.
    features = datasets.Features(
        {
            "premise": datasets.Value("string"),
            "hypothesis": datasets.Value("string"),
            "label": datasets.ClassLabel(names=["entailment", "neutral", "contradiction"]),
        }
    )
    hf = datasets.Dataset.from_dict(
        {
            "premise": [r["premise"] for r in rows[:40]],
            "hypothesis": [r["hypothesis"] for r in rows[:40]],
            "label": [i % 3 for i in range(40)],
        },
        features=features,
    )
    hf.save_to_disk(str(tmp_path / "hfset"))
    fields = FieldSpec(label="label", label_check=canonical_label)
    local = tmp_path / "hf.jsonl"
    run_batch(tmp_path / "hfset", local, backend, BatchOptions(fields=fields, chunk_size=16))
    out = tmp_path / "hf-ray"
    run_ray_batch(tmp_path / "hfset", out, MODEL, BatchOptions(fields=fields, chunk_size=16))
    want = read_jsonl(local)
    assert want[0]["id"] == "hfset:1" and want[0]["input_label"] == "entailment"
    got = ray_records(out)
    assert_same_records(got, want)
    assert {r["id"]: r["input_label"] for r in got} == {r["id"]: r["input_label"] for r in want}


def test_parquet_shards_share_one_schema(tmp_path, ray_local) -> None:
    """A field null throughout one chunk, int in one and float in another, missing from one:
    every shard is rewritten to the unified schema, so the folder reads as one table."""
    import pyarrow.parquet as pq

    rows = make_rows(30, seed=3)
    for i, r in enumerate(rows):
        r["score"] = None if i < 10 else (i if i < 20 else i + 0.5)
        if i >= 20:
            r["extra"] = "x"
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.parquet"
    run_ray_batch(src, out, MODEL, BatchOptions(chunk_size=10))
    schemas = {str(pq.read_schema(p)) for p in out.glob("part-*.parquet")}
    assert len(schemas) == 1
    table = pq.read_table(out).to_pandas().sort_values("n")
    assert table["score"].tolist()[10:12] == [10.0, 11.0] and table["extra"].notna().sum() == 10


def test_resume_checks_the_job_and_force_replaces_only_our_files(tmp_path, ray_local) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_rows(40, seed=2))
    out = tmp_path / "out"
    run_ray_batch(src, out, MODEL, BatchOptions(chunk_size=10))
    with pytest.raises(UsageError, match="already exists"):
        run_ray_batch(src, out, MODEL, BatchOptions(chunk_size=10))
    with pytest.raises(StanceError, match="chunk_size 10, not 20"):
        run_ray_batch(src, out, MODEL, BatchOptions(chunk_size=20, resume=True))
    summary = run_ray_batch(src, out, MODEL, BatchOptions(chunk_size=10, resume=True))
    assert summary.finished_before and summary.already_done == 40
    # A shard lost (and the manifest with it) is redone, and only that one.
    shards = sorted(out.glob("part-*"))
    shards[1].unlink()
    (out / "_manifest.json").unlink()
    summary = run_ray_batch(src, out, MODEL, BatchOptions(chunk_size=10, resume=True))
    assert summary.written == 10 and summary.already_done == 30
    # A changed input: another size is caught by the job file, the same size by the digests.
    rows = make_rows(40, seed=2)
    write_jsonl(src, [*rows, rows[0]])
    with pytest.raises(StanceError, match="the input changed since the job started"):
        run_ray_batch(src, out, MODEL, BatchOptions(chunk_size=10, resume=True))
    rows[15]["hypothesis"] = rows[15]["hypothesis"].swapcase()
    write_jsonl(src, rows)
    (out / "_manifest.json").unlink()
    with pytest.raises(StanceError, match="matches no chunk of the input"):
        run_ray_batch(src, out, MODEL, BatchOptions(chunk_size=10, resume=True))
    (out / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="which stance did not write"):
        run_ray_batch(src, out, MODEL, BatchOptions(chunk_size=10, force=True))
    (out / "notes.txt").unlink()
    summary = run_ray_batch(src, out, MODEL, BatchOptions(chunk_size=10, force=True))
    assert summary.written == 40 and summary.already_done == 0


# ------------------------------------------------------------------------ CLI, one line


def one_line_error(res: subprocess.CompletedProcess, code: int = 1) -> str:
    assert res.returncode == code, res.stderr
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    return lines[0]


def test_missing_ray_bad_address_and_bad_input_are_one_line_exit_1(tmp_path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_rows(20, seed=4))
    base = [str(src), "-o", str(tmp_path / "out"), "--engine", "ray", "--backend", "onnx"]
    shim = tmp_path / "shim" / "ray"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError(\"No module named 'ray'\")\n")
    res = subprocess.run(
        stance_cmd(*base),
        cwd=REPO,
        capture_output=True,
        text=True,
        env=run_env(PYTHONPATH=str(shim.parent)),
        timeout=60,
    )
    assert "pip install -e '.[ray]'" in one_line_error(res)

    res = subprocess.run(
        stance_cmd(*base, "--address", "127.0.0.1:1"),
        cwd=REPO,
        capture_output=True,
        text=True,
        env=run_env(),
        timeout=60,
    )
    assert "no Ray cluster at 127.0.0.1:1" in one_line_error(res)
    res = subprocess.run(
        stance_cmd(*base, "--address", "not-an-address"),
        cwd=REPO,
        capture_output=True,
        text=True,
        env=run_env(),
        timeout=60,
    )
    assert "expected auto or HOST:PORT" in one_line_error(res)

    bad = bad_input(tmp_path / "bad.jsonl")
    res = subprocess.run(
        stance_cmd(str(bad), *base[1:]),
        cwd=REPO,
        capture_output=True,
        text=True,
        env=run_env(),
        timeout=120,
    )
    assert one_line_error(res) == "error: bad.jsonl:4: invalid JSON: Expecting value"
    assert not (tmp_path / "out").exists()


def test_usage_errors_exit_2(tmp_path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_rows(5, seed=4))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "_job.json").write_text("{}")
    res = subprocess.run(
        stance_cmd(str(src), "-o", str(tmp_path / "out"), "--engine", "ray"),
        cwd=REPO,
        capture_output=True,
        text=True,
        env=run_env(),
        timeout=60,
    )
    assert "already exists" in one_line_error(res, 2)
    res = subprocess.run(
        stance_cmd(str(src), "-o", str(tmp_path / "o.jsonl"), "--workers", "2"),
        cwd=REPO,
        capture_output=True,
        text=True,
        env=run_env(),
        timeout=60,
    )
    assert "--workers needs --engine ray" in one_line_error(res, 2)


def test_the_local_engine_never_imports_ray(tmp_path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_rows(5, seed=4))
    res = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "stance",
            "batch",
            str(src),
            "-o",
            str(tmp_path / "o.jsonl"),
            "--backend",
            "onnx",
            "--max-length",
            str(MAX_LEN),
            "--model",
            MINILM,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=run_env(),
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    imported = [
        line.split("|")[-1].strip()
        for line in res.stderr.splitlines()
        if line.startswith("import time:")
    ]
    assert "stance.batch" in imported
    assert not [m for m in imported if m == "ray" or m.startswith("ray.")]


def test_gpu_actors_run_torch_in_half_precision(spread_model_dir) -> None:
    """No GPU here: what can be checked is the spec a GPU actor gets, and that the torch
    backend loads and scores in a half dtype (bf16 runs on CPUs too)."""
    import numpy as np

    from stance.ray_engine.options import model_spec_for

    spec = model_spec_for(None, None, 128, None, RayOptions(gpus_per_worker=1))
    assert (spec.backend, spec.device, spec.dtype) == ("torch", "cuda", "half")
    with pytest.raises(UsageError, match="needs --backend torch"):
        model_spec_for(None, "onnx", None, None, RayOptions(gpus_per_worker=0.5))
    assert model_spec_for(None, None, None, None, RayOptions(cpus_per_worker=2)).threads == 2
    # a model's settings: its short name resolved on the driver, so every actor loads one folder
    from stance.infer.models import resolve_model_ref
    from stance.model import ModelSettings
    from stance.ray_engine.options import settings_spec

    spec = settings_spec(ModelSettings("minilm", max_length=96), RayOptions(cpus_per_worker=2))
    assert (spec.model, spec.max_length, spec.threads) == (resolve_model_ref("minilm"), 96, 2)
    pairs = [("the talks will resume.", "talks resume."), ("iran said no.", "iran agreed.")]
    full = load_backend(spread_model_dir, backend="torch", threads=1)
    half = load_backend(spread_model_dir, backend="torch", threads=1, dtype="bfloat16")
    assert half.info.extra["dtype"] == "bfloat16"
    np.testing.assert_allclose(half.predict(pairs), full.predict(pairs), atol=0.05)


# --------------------------------------------------------------------------- multi-node


@pytest.mark.slow
@pytest.mark.ray_cluster
def test_a_two_node_cluster_runs_the_job(tmp_path) -> None:
    """benchmarks/ray_cluster.py: a head and a second node (`ray start`, 1 CPU each), the job
    across both with 2 workers, the output checked against the local engine, cluster stopped."""
    res = subprocess.run(
        [
            sys.executable,
            "benchmarks/ray_cluster.py",
            "--rows",
            "300",
            "--keep",
            str(tmp_path),
            "--model",
            "minilm",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=run_env(),
        timeout=240,
    )
    summary = json.loads(res.stdout)
    assert res.returncode == 0 and summary["ok"], summary
    assert len(summary["actor_nodes"]) == 2 and summary["records"] == 300
