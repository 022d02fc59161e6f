"""Cold start of `stance analyze`: fresh processes, warm disk cache, best of N.

    python benchmarks/cold_start.py [--repeat 5] [--backend onnx|torch] [--json FILE]
                                    [--repo PATH]

Times, each in a fresh process:
1. `stance --help`;
2. `stance analyze seeds/000_4a66804ddd20a484.txt --json`;
3. a folder of 10 seed-sized articles (10 copies of the seed) with `--json`;
and prints the split of one seed run (a fresh process timing its own phases): imports, model
load, extraction (parser load and parse included), pairing (embedder load included), NLI,
output. ``--repo`` times another checkout (its stance package on PYTHONPATH), for before/after
tables; ``--backend`` is passed to analyze when given (default: the command's own default).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stance.machine import cpu_info

REPO = Path(__file__).resolve().parents[1]
SEED = "seeds/000_4a66804ddd20a484.txt"

SPLIT = r"""
import json, sys, time
t0 = time.perf_counter()
from stance.cli import main as _cli  # what `stance` imports before running a command
from stance.analyze import analyze_text
from stance.config import load_analyze_config
from stance.infer.backend import load_backend
marks = {"imports": time.perf_counter() - t0}
kwargs = {"backend": sys.argv[2]} if sys.argv[2] else {}
t = time.perf_counter(); config = load_analyze_config()
backend = load_backend(None, **kwargs)
marks["model load"] = time.perf_counter() - t
text = open(sys.argv[1], encoding="utf-8").read()
import stance.extract as ex
import stance.pair as pr
import stance.analyze as an
phase = {}
def timed(name, fn):
    def run(*a, **k):
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            phase[name] = phase.get(name, 0.0) + time.perf_counter() - t
    return run
ex.extract_claims = timed("extraction", ex.extract_claims)
an.pair_claims = timed("pairing", an.pair_claims)
an.score_directions = timed("NLI", an.score_directions)
t = time.perf_counter()
result = analyze_text(text, backend, config, name=sys.argv[1])
total = time.perf_counter() - t
t = time.perf_counter(); out = result.to_json(); marks["output"] = time.perf_counter() - t
marks.update(phase)
marks["other (embedder load, windows)"] = total - sum(phase.values())
print(json.dumps(marks))
"""


def _env(repo: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(repo), "OMP_WAIT_POLICY": "PASSIVE"}


def best_of(cmd: list[str], repeat: int, repo: Path) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=repo, env=_env(repo), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return min(times), times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--backend", default=None, choices=["onnx", "torch"])
    ap.add_argument("--repo", type=Path, default=REPO)
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = ap.parse_args()
    repo = args.repo.resolve()
    stance = [sys.executable, "-m", "stance"]
    extra = ["--backend", args.backend] if args.backend else []
    # warm the disk cache once
    subprocess.run([*stance, "analyze", SEED, "--json", *extra], cwd=repo, env=_env(repo),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu = cpu_info()
    print(f"cpu: {cpu.line()}")
    results: dict[str, object] = {"repo": str(repo), "backend": args.backend or "default",
                                  "cpu": cpu.to_dict()}
    results["help_s"], results["help_runs"] = best_of([*stance, "--help"], args.repeat, repo)
    results["seed_s"], results["seed_runs"] = best_of(
        [*stance, "analyze", SEED, "--json", *extra], args.repeat, repo
    )
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(10):
            shutil.copyfile(repo / SEED, Path(tmp) / f"article_{i:02d}.txt")
        results["folder10_s"], results["folder10_runs"] = best_of(
            [*stance, "analyze", tmp, "--json", *extra], max(1, args.repeat // 2), repo
        )
    split = subprocess.run(
        [sys.executable, "-c", SPLIT, str(repo / SEED), args.backend or ""],
        cwd=repo, env=_env(repo), check=True, capture_output=True, text=True,
    )
    results["split_s"] = json.loads(split.stdout.strip().splitlines()[-1])
    print(f"{'stance --help':34s} {results['help_s']:6.2f} s")
    print(f"{'stance analyze seed --json':34s} {results['seed_s']:6.2f} s")
    print(f"{'folder of 10 seed-sized articles':34s} {results['folder10_s']:6.2f} s")
    print("split of one seed run (in one fresh process):")
    for name, secs in results["split_s"].items():  # type: ignore[union-attr]
        print(f"  {name:38s} {secs:6.2f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
