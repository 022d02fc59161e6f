"""`stance analyze CORPUS -o OUT.jsonl` on the FNC-1 train bodies: articles/s and the peak memory
of the local engine and of --engine ray, the time to resume after a SIGKILL, and parity.

    python benchmarks/corpus.py [--limit 200 all] [--parts throughput,resume,parity]
                                [--workers 2] [--model minilm] [--json docs/corpus.json]

Every run is the real CLI in a subprocess of its own, started in a new session, from the
repository root:

    python -m stance analyze CSV --text-field articleBody --id-field "Body ID" -o OUT --force
        --backend onnx [--model M] [--engine ray --workers 2]

``--limit N`` runs on the first N bodies (written to a temporary CSV); ``all`` on the whole
file (1,683 bodies). Parts:

* ``throughput``: each engine once per limit. ``wall_s`` is the subprocess from start to exit
  (imports, model and parser load, Ray's start-up and its actors' loads included), and
  ``articles_per_s`` = articles / wall_s. ``steady_articles_per_s`` is the rate once output
  flows: articles after the first output (a line of OUT; for ray a shard) over the time since.
  ``peak_rss_mb`` is the highest sum, over the samples (every --interval s), of the resident
  memory of every process of the run: the CLI and all it started (Ray's GCS, raylet, workers
  and actors), found as its descendants and its session's members. RSS counts shared pages
  (Ray's object store, libraries) once per process, so ``peak_pss_mb`` (proportional set size,
  shared pages split among their users) is the fairer total; both are given.
* ``resume``: the local engine is started and killed with SIGKILL once OUT holds half of the
  articles, then rerun with ``--resume``: ``resume_wall_s`` is the rerun's wall time, and the
  resumed OUT must be byte-identical to an uninterrupted run's (``identical``).
* ``parity``: the local and the ray engine's OUT byte-identical, and their summaries' totals
  equal (runs both engines unless ``throughput`` ran them already).

Records the CPU (``stance.machine``) and the load average at the start: on a shared machine
other work changes every figure. Prints Markdown tables; --json writes everything.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from stance.machine import cpu_info

REPO = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = REPO.parent / "shared" / "data" / "fnc-1" / "train_bodies.csv"
PARTS = ("throughput", "resume", "parity")
ENGINES = ("local", "ray")
SUMMARY_KEYS = ("articles", "claims", "pairs", "flags", "articles_without_claims", "rejects")


# ------------------------------------------------------------------------------- input


def write_first(source: Path, n: int, path: Path) -> int:
    """The header and the first ``n`` rows of ``source`` as a CSV of their own."""
    with source.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        rows = [next(reader)] + [row for _, row in zip(range(n), reader, strict=False)]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return len(rows) - 1


def count_rows(source: Path) -> int:
    with source.open(encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


# ---------------------------------------------------------------------- process memory


def _proc_stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, session id) of a live process, from /proc/PID/stat."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    if fields[0] == "Z":
        return None
    return int(fields[1]), int(fields[3])


def tree_pids(root: int) -> list[int]:
    """The live processes of a run: ``root``, its descendants and its session's members (the
    run starts in a session of its own, so Ray's daemons, reparented or not, are in it)."""
    parents: dict[int, int] = {}
    members: set[int] = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            info = _proc_stat(int(entry.name))
            if info is not None:
                parents[int(entry.name)] = info[0]
                if info[1] == root:
                    members.add(int(entry.name))
    found = {root} if root in parents else set()
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in found and pid not in found:
                found.add(pid)
                grew = True
    return sorted(found | members)


def _kb(text: str, key: str) -> int:
    for line in text.splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    return 0


def memory_kb(pid: int) -> tuple[int, int | None]:
    """(RSS, PSS) of one process in kB; PSS None where smaps_rollup cannot be read."""
    try:
        import psutil  # optional: used when installed, /proc otherwise

        info = psutil.Process(pid).memory_full_info()
        return info.rss // 1024, getattr(info, "pss", 0) // 1024 or None
    except ImportError:
        pass
    except Exception:  # the process ended, or access denied
        return 0, 0
    try:
        rss = _kb(Path(f"/proc/{pid}/status").read_text(), "VmRSS:")
    except OSError:
        return 0, 0
    try:
        pss: int | None = _kb(Path(f"/proc/{pid}/smaps_rollup").read_text(), "Pss:")
    except (FileNotFoundError, ProcessLookupError):
        pss = 0  # it ended between the two reads
    except OSError:
        pss = None  # not ours to read
    return rss, pss


class TreeSampler:
    """Peak summed RSS/PSS and process count of a run, sampled between polls."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak_rss = 0
        self.peak_pss: int | None = None  # over the samples where every PSS could be read
        self.peak_procs = 0

    def sample(self) -> int:
        """Take one sample; returns the summed RSS in KiB."""
        pids = tree_pids(self.root)
        rss_total, pss_total, pss_known = 0, 0, True
        for pid in pids:
            rss, pss = memory_kb(pid)
            rss_total += rss
            if pss is None:
                pss_known = False
            else:
                pss_total += pss
        self.peak_rss = max(self.peak_rss, rss_total)
        if pss_known:
            self.peak_pss = max(self.peak_pss or 0, pss_total)
        self.peak_procs = max(self.peak_procs, len(pids))
        return rss_total


def rss_by_progress(samples: list[tuple[int, int]], steps: int = 10) -> list[dict[str, float]]:
    """The peak RSS reached by the time each tenth of the articles was written: flat memory
    shows as a curve that stops rising early, growth with the corpus as one that keeps rising.
    ``samples`` are (articles done, RSS KiB) in time order."""
    total = max((count for count, _ in samples), default=0)
    if total == 0:
        return []
    out, peak, i = [], 0, 0
    for step in range(1, steps + 1):
        mark = total * step / steps
        while i < len(samples) and samples[i][0] <= mark:
            peak = max(peak, samples[i][1])
            i += 1
        out.append({"articles": round(mark), "peak_rss_mb": round(peak / 1024, 1)})
    return out


def kill_session(session: int) -> None:
    """SIGKILL what a run left behind (its local Ray), by pid: processes we started only."""
    for _ in range(50):
        left = [pid for pid in tree_pids(session) if pid != os.getpid()]
        if not left:
            return
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.1)


# ------------------------------------------------------------------------------- runs


def cli(corpus: Path, out: Path, engine: str, args: argparse.Namespace, *extra: str) -> list[str]:
    cmd = [sys.executable, "-m", "stance", "analyze", str(corpus), "--text-field", "articleBody",
           "--id-field", "Body ID", "-o", str(out), "--backend", args.backend,
           *(["--model", args.model] if args.model else []), *extra]
    if args.articles_per_batch:
        cmd += ["--articles-per-batch", str(args.articles_per_batch)]
    if engine == "ray":
        cmd += ["--engine", "ray", "--workers", str(args.workers)]
    return cmd


def env() -> dict[str, str]:
    values = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE", "HF_HUB_OFFLINE": "1"}
    values.pop("RAY_ADDRESS", None)
    return values


def progress_of(out: Path) -> Callable[[], int]:
    """How many articles are done so far: OUT's lines (local), or the shards' lines (ray:
    OUT appears only at the end)."""
    shards = Path(f"{out}.shards")

    def lines(path: Path) -> int:
        try:
            with path.open("rb") as fh:
                return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))
        except OSError:
            return 0

    def done() -> int:
        if shards.is_dir():
            return sum(lines(p) for p in shards.glob("part-*.jsonl"))
        return lines(out)

    return done


def run_cli(cmd: list[str], out: Path, interval: float,
            stop_at: int | None = None) -> dict[str, object]:
    """Run one CLI job to its end (or SIGKILL it once ``stop_at`` articles are done),
    sampling its process tree; returns wall time, output timings and memory."""
    done = progress_of(out)
    # stderr to a file, not a pipe: nothing reads a pipe while the run goes on.
    err_file = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=err_file)
    sampler = TreeSampler(proc.pid)
    first: tuple[float, int] | None = None
    killed_at = None
    samples: list[tuple[int, int]] = []
    try:
        while proc.poll() is None:
            rss = sampler.sample()
            count = done()
            samples.append((count, rss))
            if first is None and count:
                first = (time.monotonic() - started, count)
            if stop_at is not None and count >= stop_at:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                killed_at = done()
                break
            time.sleep(interval)
        wall = time.monotonic() - started
        err_file.seek(0)
        err = err_file.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        kill_session(proc.pid)
        err_file.close()
        for log in Path(tempfile.gettempdir()).glob(f"stance-ray-{proc.pid}-*.log"):
            log.unlink()
    if killed_at is None and proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    return {
        "wall_s": round(wall, 2),
        "first_output_s": round(first[0], 2) if first else None,
        "first_output_articles": first[1] if first else None,
        "peak_rss_mb": round(sampler.peak_rss / 1024, 1),
        "peak_pss_mb": round(sampler.peak_pss / 1024, 1) if sampler.peak_pss else None,
        "peak_processes": sampler.peak_procs,
        "rss_by_progress": rss_by_progress(samples),
        "killed_at": killed_at,
        "stderr_last_line": (err.strip().splitlines() or [""])[-1],
    }


def throughput(corpus: Path, n: int, engine: str, work: Path,
               args: argparse.Namespace) -> tuple[dict[str, object], Path]:
    out = work / f"{engine}-{n}.jsonl"
    res = run_cli(cli(corpus, out, engine, args, "--force"), out, args.interval)
    wall = float(res["wall_s"])  # type: ignore[arg-type]
    first_s, first_n = res["first_output_s"], res["first_output_articles"]
    steady = None
    if isinstance(first_s, float) and isinstance(first_n, int) and wall > first_s:
        steady = round((n - first_n) / (wall - first_s), 2)
    row = {"articles": n, "engine": engine, "workers": args.workers if engine == "ray" else 1,
           **res, "articles_per_s": round(n / wall, 2), "steady_articles_per_s": steady}
    print(f"{engine:5} {n:5} articles: {wall:7.1f} s, {n / wall:5.2f} articles/s, peak RSS "
          f"{row['peak_rss_mb']} MB", file=sys.stderr, flush=True)
    return row, out


def resume(corpus: Path, n: int, reference: Path, work: Path,
           args: argparse.Namespace) -> dict[str, object]:
    """The local engine killed with SIGKILL at half the articles, then --resume."""
    out = work / f"resume-{n}.jsonl"
    killed = run_cli(cli(corpus, out, "local", args, "--force"), out, args.interval,
                     stop_at=max(1, n // 2))
    if killed["killed_at"] is None:
        raise SystemExit(f"resume-{n}: the run ended before half of it was done")
    resumed = run_cli(cli(corpus, out, "local", args, "--resume"), out, args.interval)
    row = {"articles": n, "killed_at": killed["killed_at"],
           "killed_after_s": killed["wall_s"], "resume_wall_s": resumed["wall_s"],
           "resume_peak_rss_mb": resumed["peak_rss_mb"],
           "identical": out.read_bytes() == reference.read_bytes()}
    print(f"resume {n}: killed at {row['killed_at']}, resumed in {row['resume_wall_s']} s, "
          f"identical: {row['identical']}", file=sys.stderr, flush=True)
    return row


def totals(out: Path) -> dict[str, object]:
    summary = json.loads(Path(f"{out}.summary.json").read_text(encoding="utf-8"))
    return {k: summary[k] for k in SUMMARY_KEYS}


def parity(n: int, local: Path, ray: Path) -> dict[str, object]:
    a, b = local.read_bytes().splitlines(), ray.read_bytes().splitlines()
    differing = sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))
    row = {"articles": n, "identical": local.read_bytes() == ray.read_bytes(),
           "differing_lines": differing, "summary_equal": totals(local) == totals(ray),
           "totals": totals(local)}
    print(f"parity {n}: identical {row['identical']}", file=sys.stderr, flush=True)
    return row


# -------------------------------------------------------------------------------- main


def parse_limits(values: list[str]) -> list[int | None]:
    limits: list[int | None] = []
    for value in values:
        if value == "all":
            limits.append(None)
        elif value.isdigit() and int(value) > 0:
            limits.append(int(value))
        else:
            raise SystemExit(f"--limit {value}: a positive number or 'all'")
    return limits


def print_tables(runs: list[dict], resumes: list[dict], parities: list[dict]) -> None:
    if runs:
        print("| articles | engine | wall s | articles/s | steady articles/s | first output s "
              "| peak RSS MB (tree) | peak PSS MB | processes |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in runs:
            engine = r["engine"] + (f" ({r['workers']} workers)" if r["engine"] == "ray" else "")
            print(f"| {r['articles']} | {engine} | {r['wall_s']} | {r['articles_per_s']} | "
                  f"{r['steady_articles_per_s']} | {r['first_output_s']} | {r['peak_rss_mb']} | "
                  f"{r['peak_pss_mb']} | {r['peak_processes']} |")
    if resumes:
        print("\n| articles | killed at | killed after s | resume wall s | identical |")
        print("|---:|---:|---:|---:|---|")
        for r in resumes:
            print(f"| {r['articles']} | {r['killed_at']} | {r['killed_after_s']} | "
                  f"{r['resume_wall_s']} | {r['identical']} |")
    if parities:
        print("\n| articles | local = ray (bytes) | differing lines | summaries equal |")
        print("|---:|---|---:|---|")
        for r in parities:
            print(f"| {r['articles']} | {r['identical']} | {r['differing_lines']} | "
                  f"{r['summary_equal']} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", type=Path, default=DEFAULT_INPUT,
                    help="FNC-1 train_bodies.csv (Body ID, articleBody)")
    ap.add_argument("--limit", nargs="+", default=["200", "all"], metavar="N",
                    help="first N bodies (a temporary CSV), or 'all'; one run set per value")
    ap.add_argument("--parts", default=",".join(PARTS),
                    help=f"comma-separated subset of {','.join(PARTS)}")
    ap.add_argument("--engines", default=",".join(ENGINES),
                    help="comma-separated engines for the throughput part (parity needs both)")
    ap.add_argument("--workers", type=int, default=2, help="--engine ray --workers")
    ap.add_argument("--backend", default="onnx", choices=["onnx", "torch"])
    ap.add_argument("--model", default=None,
                    help="--model of stance analyze (a short name such as minilm or mpnet, a "
                         "folder or a hub id); default: the CLI's default model")
    ap.add_argument("--articles-per-batch", type=int, default=None,
                    help="passed to both engines (default: the CLI's)")
    ap.add_argument("--interval", type=float, default=0.5, help="memory sampling period, s")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="keep the inputs and outputs here (default: a temporary folder)")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        raise SystemExit(f"--parts: unknown {unknown[0]!r}; choose from {', '.join(PARTS)}")
    if not args.input.is_file():
        raise SystemExit(f"{args.input}: not found (../shared/data/fnc-1 beside the clone)")
    limits = parse_limits(args.limit)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if not engines or any(e not in ENGINES for e in engines):
        raise SystemExit(f"--engines: choose from {', '.join(ENGINES)}")
    if "parity" in parts and set(engines) != set(ENGINES):
        raise SystemExit("--parts parity needs --engines local,ray")

    runs: list[dict] = []
    resumes: list[dict] = []
    parities: list[dict] = []
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    with contextlib.ExitStack() as stack:
        if args.workdir is None:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="stance-corpus-")))
        else:
            work = args.workdir
            work.mkdir(parents=True, exist_ok=True)
        for limit in limits:
            if limit is None:
                corpus, n = args.input, count_rows(args.input)
            else:
                corpus = work / f"bodies-{limit}.csv"
                n = write_first(args.input, limit, corpus)
            outputs: dict[str, Path] = {}
            if "throughput" in parts or "parity" in parts:
                for engine in engines:
                    row, outputs[engine] = throughput(corpus, n, engine, work, args)
                    if "throughput" in parts:
                        runs.append(row)
            if "parity" in parts:
                parities.append(parity(n, outputs["local"], outputs["ray"]))
            if "resume" in parts:
                reference = outputs.get("local")
                if reference is None:
                    _, reference = throughput(corpus, n, "local", work, args)
                resumes.append(resume(corpus, n, reference, work, args))
    report = {
        "input": str(args.input),
        "cpu": cpu_info().to_dict(),
        "load_average_at_start": load_at_start,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "backend": args.backend,
        "model": args.model or "default",
        "engines": engines,
        "workers": args.workers,
        "articles_per_batch": args.articles_per_batch,
        "interval_s": args.interval,
        "throughput": runs,
        "resume": resumes,
        "parity": parities,
    }
    print_tables(runs, resumes, parities)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    ok = all(r["identical"] for r in parities + resumes)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
