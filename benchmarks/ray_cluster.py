"""A real two-node Ray cluster on this machine runs `stance batch --engine ray`, then stops.

    python benchmarks/ray_cluster.py [--rows 2000] [--chunk-size 50] [--keep DIR]

1. writes ROWS synthetic pairs (JSONL, a few long premises that get windowed);
2. starts a head node and a second node with `ray start`, as two separate processes with
   `--num-cpus 1` each (`--block`, so each `ray start` owns its node's processes);
3. runs `stance batch INPUT -o OUTPUT --engine ray --address 127.0.0.1:PORT --workers 2`: one
   actor needs one CPU, a node has one, so the two actors must run on the two nodes;
4. checks the output: the manifest's row count, no duplicate ids, the same ids, labels and
   probabilities (within 1e-5) as `--engine local` on the same input, and the actors' Ray node
   ids are the two nodes of the cluster;
5. stops the cluster: SIGTERM to each `ray start --block` (which stops that node's processes),
   then SIGKILL to whatever of their process groups is left. Not `ray stop --force`: that
   would stop every Ray instance on the machine, a test run's own included.

Two nodes on one host need nothing special in Ray 2.60 (ports default to free ones), except
authentication: `ray start --head` turns token authentication on, and a node or a driver that
joins by address must send the token. So every process here gets RAY_AUTH_MODE=token and a
fresh RAY_AUTH_TOKEN (nothing is written to ~/.ray).

Prints one JSON summary; exit status 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic_text import WORDS as BASE_WORDS  # this script's folder is on sys.path
from synthetic_text import sentence

REPO = Path(__file__).resolve().parents[1]
WORDS = [*BASE_WORDS, "regions"]  # the throughput words and one more, as before


def write_pairs(path: Path, n: int, seed: int = 7) -> Path:
    """n synthetic pairs; every 25th premise is long enough to be split into windows."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            k = 12 if i % 25 == 0 else 1
            premise = " ".join(sentence(rng, rng.randint(6, 16), WORDS) for _ in range(k))
            hypothesis = sentence(rng, rng.randint(4, 9), WORDS)
            row = {"id": f"p{i}", "premise": premise, "hypothesis": hypothesis}
            fh.write(json.dumps(row) + "\n")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"ray start exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"no GCS on port {port} after {timeout:.0f}s")


def cluster_nodes(address: str, want: int, timeout: float) -> list[str]:
    """Alive node ids, once ``want`` of them are up (asked through a short-lived driver)."""
    code = (
        "import json, logging, sys, time, ray\n"
        f"ray.init(address={address!r}, logging_level=logging.ERROR, log_to_driver=False)\n"
        f"deadline = time.monotonic() + {timeout}\n"
        "while True:\n"
        "    ids = sorted(n['NodeID'] for n in ray.nodes() if n['Alive'])\n"
        f"    if len(ids) >= {want} or time.monotonic() > deadline:\n"
        "        break\n"
        "    time.sleep(0.5)\n"
        "print(json.dumps(ids))\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout + 60
    )
    if res.returncode != 0:
        raise RuntimeError(f"cannot list the cluster's nodes: {res.stderr.strip()[-500:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def session_members(sessions: set[int]) -> list[int]:
    """Live processes whose session id is one of ``sessions``: everything a `ray start`
    started with start_new_session=True left behind (Ray's workers change their process
    group, not their session)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[3]) in sessions:
            found.append(int(entry.name))
    return found


def stop(procs: list[subprocess.Popen], grace: float = 10.0) -> None:
    """SIGTERM every `ray start --block`, which stops its node; after ``grace`` seconds,
    SIGKILL, by pid, any process of their sessions still alive (a raylet that drains slowly,
    Ray Data's helper actors, which can outlive their raylet)."""
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    sessions = {proc.pid for proc in procs}
    deadline = time.monotonic() + 10
    while (left := session_members(sessions)) and time.monotonic() < deadline:
        for pid in left:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)


def read_output(folder: Path) -> list[dict]:
    from stance.ray_engine.shards import OutputDir, read_shard, shard_keys

    out = OutputDir(folder)
    return [rec for name in sorted(shard_keys(out).values()) for rec in read_shard(out, name)]


def compare_with_local(src: Path, records: list[dict], chunk_size: int,
                       model: str | None = None) -> float:
    """Max probability difference from --engine local on the same input (raises on a
    different id set or label)."""
    from stance.batch import BatchOptions, run_batch
    from stance.infer.backend import load_backend
    from stance.labels import NLI_LABELS

    with tempfile.TemporaryDirectory() as tmp:
        ref = Path(tmp) / "local.jsonl"
        from stance.infer.models import resolve_model_ref

        backend = load_backend(resolve_model_ref(model), backend="onnx", threads=1)
        run_batch(src, ref, backend, BatchOptions(chunk_size=chunk_size))
        want = {r["id"]: r for r in map(json.loads, ref.read_text().splitlines())}
    got = {r["id"]: r for r in records}
    if set(got) != set(want):
        raise AssertionError("ids differ from --engine local")
    worst = 0.0
    for rid, w in want.items():
        if got[rid]["label"] != w["label"]:
            raise AssertionError(f"{rid}: label {got[rid]['label']} vs local {w['label']}")
        worst = max(worst, *(abs(got[rid][k] - w[k]) for k in NLI_LABELS))
    return worst


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--chunk-size", type=int, default=50)
    ap.add_argument("--keep", type=Path, help="keep the input and output in this folder")
    ap.add_argument("--timeout", type=float, default=300, help="seconds for the job")
    ap.add_argument("--model", default=None,
                    help="--model of stance batch (e.g. minilm); default: the default model")
    args = ap.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="stance-ray-cluster-"))
    work.mkdir(parents=True, exist_ok=True)
    src = write_pairs(work / "pairs.jsonl", args.rows)
    out = work / "out"
    if out.exists():
        shutil.rmtree(out)
    port = free_port()
    address = f"127.0.0.1:{port}"
    env = {
        **os.environ,
        "RAY_AUTH_MODE": "token",
        "RAY_AUTH_TOKEN": secrets.token_hex(32),
        "RAY_USAGE_STATS_ENABLED": "0",
    }
    env.pop("RAY_ADDRESS", None)
    os.environ.update({k: env[k] for k in ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN")})
    ray_bin = str(Path(sys.executable).with_name("ray"))
    common = ["--num-cpus", "1", "--disable-usage-stats", "--block"]
    summary: dict = {"address": address, "rows": args.rows, "work": str(work)}
    procs: list[subprocess.Popen] = []
    logs = []
    ok = False
    try:
        for name, extra in (
            ("head", ["--head", "--port", str(port), "--include-dashboard", "false",
                      "--node-ip-address", "127.0.0.1"]),
            ("node2", ["--address", address, "--node-ip-address", "127.0.0.1"]),
        ):
            log = (work / f"ray-{name}.log").open("w")
            logs.append(log)
            started = time.monotonic()
            procs.append(subprocess.Popen(
                [ray_bin, "start", *extra, *common], stdout=log, stderr=subprocess.STDOUT,
                env=env, start_new_session=True,
            ))
            if name == "head":
                wait_for_port(port, procs[-1], 120)
            summary[f"{name}_start_seconds"] = round(time.monotonic() - started, 2)
        nodes = cluster_nodes(address, 2, 120)
        summary["nodes"] = nodes
        if len(nodes) != 2:
            raise AssertionError(f"the cluster has {len(nodes)} node(s), not 2")

        cmd = [
            sys.executable, "-m", "stance", "batch", str(src), "-o", str(out),
            "--engine", "ray", "--address", address, "--workers", "2",
            "--backend", "onnx", "--chunk-size", str(args.chunk_size),
            *(["--model", args.model] if args.model else []),
        ]
        started = time.monotonic()
        job = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True,
                             timeout=args.timeout)
        summary["job_seconds"] = round(time.monotonic() - started, 2)
        summary["job_stderr"] = job.stderr.strip().splitlines()[-3:]
        if job.returncode != 0:
            raise AssertionError(f"stance batch exited {job.returncode}: {job.stderr[-800:]}")

        manifest = json.loads((out / "_manifest.json").read_text())
        records = read_output(out)
        ids = [r["id"] for r in records]
        summary["records"] = len(records)
        summary["actors"] = manifest["actors"]
        actor_nodes = sorted({a["node"] for a in manifest["actors"]})
        summary["actor_nodes"] = actor_nodes
        if manifest["rows"] != args.rows or len(records) != args.rows:
            raise AssertionError(f"{len(records)} records, manifest {manifest['rows']}")
        if len(set(ids)) != len(ids):
            raise AssertionError("duplicate ids in the output")
        if actor_nodes != sorted(nodes):
            raise AssertionError(f"actors ran on {actor_nodes}, the cluster is {nodes}")
        summary["max_prob_diff_vs_local"] = compare_with_local(src, records, args.chunk_size,
                                                               args.model)
        if summary["max_prob_diff_vs_local"] > 1e-5:
            raise AssertionError("probabilities differ from --engine local by more than 1e-5")
        ok = True
    except (AssertionError, RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
        summary["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        stop(procs)
        for log in logs:
            log.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    summary["ok"] = ok
    print(json.dumps(summary, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
