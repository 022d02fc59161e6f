"""Pairs/s of `stance batch` with --engine local and with --engine ray at 1 and 2 workers, same
model and input, in one run; and Ray's fixed start-up cost.

    python benchmarks/ray_throughput.py [--pairs 20000] [--chunk-size 256] [--json OUT.json]

Every configuration runs in a fresh subprocess (so each Ray run starts its own local Ray, as
the CLI does), on the same synthetic short pairs, with the embedded model and the onnx
backend (int8), --max-length and --batch-size at their defaults:

  local-1t    --engine local --threads 1
  local       --engine local (threads: every core this process may use)
  ray-1w      --engine ray --workers 1 (1 CPU, 1 inference thread per actor)
  ray-2w      --engine ray --workers 2

For each: ``wall_s`` from the library call to its return (the local engine's model load is
not in it; Ray's start and each actor's model load are), and ``steady_pairs_s``, the rate
once results flow: for the local engine written/wall, for Ray the rows scored after the first
unit came back over the time since. ``fixed_s = wall_s - pairs / steady_pairs_s`` is what a
run costs beyond scoring: for Ray, ``ray.init`` (``init_s``), the census pass, the actors'
start and model load, the manifest. Prints a Markdown table; --json writes everything.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic_text import sentence  # this script's folder is on sys.path

CONFIGS = {
    "local-1t": {"engine": "local", "threads": 1},
    "local": {"engine": "local", "threads": None},
    "ray-1w": {"engine": "ray", "workers": 1},
    "ray-2w": {"engine": "ray", "workers": 2},
}


def write_pairs(path: Path, n: int, seed: int = 11) -> Path:
    """n short pairs (a one-sentence premise of 6-20 words, a 4-9 word hypothesis)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            row = {"id": f"p{i}", "premise": sentence(rng, rng.randint(6, 20)),
                   "hypothesis": sentence(rng, rng.randint(4, 9))}
            fh.write(json.dumps(row) + "\n")
    return path


class Clock:
    """A ProgressHook that notes when results arrive."""

    def __init__(self) -> None:
        self.first: tuple[float, int] | None = None  # (time, rows done then)
        self.rows = 0

    def start(self, total: int | None, already_done: int) -> None:
        pass

    def advance(self, rows: int) -> None:
        self.rows += rows
        if self.first is None:
            self.first = (time.monotonic(), self.rows)


def child(name: str, src: Path, work: Path, chunk_size: int) -> dict:
    """Run one configuration in this process; return its measurements."""
    from stance.batch import BatchOptions, run_batch

    cfg = CONFIGS[name]
    opts = BatchOptions(chunk_size=chunk_size)
    n = sum(1 for _ in src.open("rb"))
    if cfg["engine"] == "local":
        from stance.infer.backend import load_backend

        backend = load_backend(None, backend="onnx", threads=cfg["threads"])
        started = time.monotonic()
        summary = run_batch(src, work / f"{name}.jsonl", backend, opts)
        wall = time.monotonic() - started
        return {"config": name, "pairs": n, "written": summary.written, "wall_s": wall,
                "steady_pairs_s": summary.written / wall, "init_s": 0.0, "fixed_s": 0.0,
                "threads": int(backend.info.extra.get("threads", 0))}

    from stance.ray_engine.options import ModelSpec, RayOptions
    from stance.ray_engine.run import run_ray_batch

    clock = Clock()
    started = time.monotonic()
    summary = run_ray_batch(src, work / name, ModelSpec(backend="onnx", threads=1), opts,
                            RayOptions(workers=cfg["workers"]), progress=clock)
    ended = time.monotonic()
    wall = ended - started
    first_at, first_rows = clock.first or (ended, 0)
    steady = (n - first_rows) / (ended - first_at) if ended > first_at else float("nan")
    return {"config": name, "pairs": n, "written": summary.written, "wall_s": wall,
            "steady_pairs_s": steady, "init_s": summary.startup_seconds,
            "first_result_s": first_at - started, "fixed_s": wall - n / steady,
            "workers": cfg["workers"], "actors": len(summary.actors)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=20000)
    ap.add_argument("--chunk-size", type=int, default=256)
    ap.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated subset")
    ap.add_argument("--json", type=Path, help="write the results here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.input, args.work, args.chunk_size)))
        return 0

    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
    env.pop("RAY_ADDRESS", None)
    results = []
    with tempfile.TemporaryDirectory(prefix="stance-ray-tp-") as tmp:
        work = Path(tmp)
        src = write_pairs(work / "pairs.jsonl", args.pairs)
        for name in args.configs.split(","):
            res = subprocess.run(
                [sys.executable, __file__, "--child", name, "--input", str(src), "--work",
                 str(work), "--chunk-size", str(args.chunk_size)],
                capture_output=True, text=True, env=env,
            )
            if res.returncode != 0:
                print(f"{name} failed:\n{res.stderr[-2000:]}", file=sys.stderr)
                return 1
            results.append(json.loads(res.stdout.strip().splitlines()[-1]))
            print(f"{name}: {results[-1]['steady_pairs_s']:.0f} pairs/s", file=sys.stderr)
    report = {
        "pairs": args.pairs,
        "chunk_size": args.chunk_size,
        "cores": len(os.sched_getaffinity(0)),
        "model": "stance-nli-minilm-l6, onnx int8",
        "results": results,
    }
    print("| config | wall s | steady pairs/s | Ray init s | fixed cost s |")
    print("|---|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['config']} | {r['wall_s']:.1f} | {r['steady_pairs_s']:.0f} | "
              f"{r['init_s']:.1f} | {r['fixed_s']:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
