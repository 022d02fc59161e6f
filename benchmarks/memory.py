"""Peak memory of `stance batch` on 1,000,000 pairs: it must stay flat as the job grows.

    python benchmarks/memory.py [--rows 1000000] [--marks 10000 100000 1000000]
                                [--backend onnx] [--workdir DIR] [--json FILE]

Generates a JSONL of ``--rows`` distinct short pairs (sentences of the seed articles, combined
by a fixed-seed generator), runs ``stance batch`` on it in a child process with the embedded
model, and samples the child's ``VmHWM`` (peak RSS so far) and the output's line count twice a
second. At each mark it records the peak RSS and the pairs/s so far. The output is checked at
the end: one record per input row, ids in input order, no duplicates.

A benchmark, not a test: 1M pairs take about half an hour on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def sentence_pool() -> list[str]:
    """Sentences of the seed articles, 6 to 20 words: claim-sized texts, like SICK's."""
    pool: list[str] = []
    for path in sorted(SEEDS.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for sent in re.split(r"(?<=[.!?])\s+", text):
            words = sent.split()
            if 6 <= len(words) <= 20:
                pool.append(" ".join(words))
    return sorted(set(pool))


def write_pairs(path: Path, rows: int, seed: int = 0) -> None:
    pool = sentence_pool()
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(rows):
            a, b = rng.randrange(len(pool)), rng.randrange(len(pool))
            short = " ".join(pool[b].split()[: rng.randint(4, 12)])
            # The row number in the hypothesis makes every pair distinct, so no batch gets
            # cheaper from the backend judging repeated pairs once.
            fh.write(json.dumps({"id": f"p{i}", "premise": pool[a],
                                 "hypothesis": f"{short} (item {i})"}) + "\n")


def vm_hwm_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    m = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(m.group(1)) / 1024 if m else None


class LineCounter:
    """Counts the output's lines incrementally (the file only grows, in whole chunks)."""

    def __init__(self, path: Path) -> None:
        self.path, self.offset, self.lines = path, 0, 0

    def update(self) -> int:
        try:
            with self.path.open("rb") as fh:
                fh.seek(self.offset)
                data = fh.read()
        except FileNotFoundError:
            return self.lines
        self.lines += data.count(b"\n")
        self.offset += len(data)
        return self.lines


def run(rows: int, marks: list[int], backend: str, workdir: Path) -> dict[str, object]:
    pairs = workdir / "pairs.jsonl"
    out = workdir / "out.jsonl"
    if not pairs.exists() or sum(1 for _ in pairs.open("rb")) != rows:
        print(f"writing {rows:,} pairs to {pairs}", flush=True)
        write_pairs(pairs, rows)
    out.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "stance", "batch", str(pairs), "-o", str(out),
           "--backend", backend, "--force"]
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
    start = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    counter = LineCounter(out)
    results: list[dict[str, object]] = []
    pending = sorted(m for m in marks if m <= rows)
    peak = 0.0
    while True:
        finished = child.poll() is not None
        hwm = vm_hwm_mb(child.pid)
        peak = max(peak, hwm or 0.0)
        done = counter.update()
        while pending and done >= pending[0]:
            seconds = time.perf_counter() - start
            results.append({"rows": pending[0], "rows_written": done,
                            "peak_rss_mb": round(peak, 1), "seconds": round(seconds, 1),
                            "pairs_per_second": round(done / seconds, 1)})
            print(f"{pending.pop(0):>9,} rows: peak RSS {peak:7.1f} MB, {seconds:7.1f} s, "
                  f"{done / seconds:6.1f} pairs/s", flush=True)
        if finished:
            break
        time.sleep(0.5)
    err = child.stderr.read() if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"stance batch failed ({child.returncode}): {err[-2000:]}")
    check_output(out, rows)
    seconds = time.perf_counter() - start
    growth = (results[-1]["peak_rss_mb"] - results[0]["peak_rss_mb"]) if results else None
    return {"rows": rows, "backend": backend, "seconds": round(seconds, 1),
            "pairs_per_second": round(rows / seconds, 1), "marks": results,
            "peak_rss_growth_mb": round(growth, 1) if growth is not None else None,
            "cpus": len(os.sched_getaffinity(0))}


def check_output(out: Path, rows: int) -> None:
    n = 0
    with out.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            rid = json.loads(line)["id"]
            if rid != f"p{n - 1}":
                raise SystemExit(f"{out}:{n}: id {rid!r}, expected p{n - 1}")
    if n != rows:
        raise SystemExit(f"{out}: {n} records for {rows} input rows")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--marks", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--backend", default="onnx", choices=["onnx", "torch"])
    ap.add_argument("--workdir", type=Path, default=None,
                    help="keep the generated input (and output) here; default: a temp folder")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        result = run(args.rows, args.marks, args.backend, args.workdir)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            result = run(args.rows, args.marks, args.backend, Path(tmp))
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
