"""Int8 probabilities on benchmark pairs, to compare two kinds of CPU (issue 23).

    python benchmarks/cpu_parity.py run OUT.json [--every 10] [--model DIR ...]
    qemu-x86_64 -cpu Haswell .venv/bin/python benchmarks/cpu_parity.py run AVX2.json ...
    python benchmarks/cpu_parity.py compare NATIVE.json AVX2.json

``run`` scores every N-th of throughput.py's 2,000 benchmark pairs with each model folder's
int8 file (one thread) and writes the probabilities with the CPU they ran on. Run it natively
and under ``qemu-x86_64 -cpu Haswell`` (Debian's qemu-user: a CPUID with AVX2 and no AVX-512,
so ONNX Runtime picks its AVX2 kernels; /proc/cpuinfo still shows the host). ``compare``
prints, per model, the largest probability difference, its percentiles and the labels that
change between the two files, and each side's agreement with the torch backend.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from throughput import DEFAULT_DATA, select_pairs  # beside this script, on its sys.path

from stance.infer.backend import default_model_path, load_backend
from stance.machine import cpu_info


def pairs_every(every: int, start: int) -> list[tuple[str, str]]:
    return select_pairs(DEFAULT_DATA, 2000)[start::every]


def run(args: argparse.Namespace) -> None:
    pairs = pairs_every(args.every, args.start)
    out: dict[str, object] = {"cpu": cpu_info().to_dict(), "every": args.every,
                              "start": args.start, "probs": {}}
    for model in args.model or [str(default_model_path())]:
        probs = load_backend(model, backend="onnx", threads=1).predict(pairs)
        out["probs"][model] = probs.tolist()  # type: ignore[index]
    args.out.write_text(json.dumps(out) + "\n", encoding="utf-8")


def compare(args: argparse.Namespace) -> None:
    a = json.loads(args.native.read_text(encoding="utf-8"))
    b = json.loads(args.other.read_text(encoding="utf-8"))
    pairs = pairs_every(a["every"], a["start"])
    ref = load_backend(backend="torch").predict(pairs).argmax(1)
    for model, probs in a["probs"].items():
        x, y = np.array(probs), np.array(b["probs"][model])
        worst = np.abs(x - y).max(axis=1)
        p50, p90, p99 = np.quantile(worst, [0.5, 0.9, 0.99])
        print(f"{model}: {len(x)} pairs, max |prob diff| {worst.max():.4f} "
              f"(p50 {p50:.4f}, p90 {p90:.4f}, p99 {p99:.4f}), labels changed "
              f"{int((x.argmax(1) != y.argmax(1)).sum())}, same label as torch "
              f"{(x.argmax(1) == ref).mean():.1%} / {(y.argmax(1) == ref).mean():.1%}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("out", type=Path)
    r.add_argument("--every", type=int, default=10)
    r.add_argument("--start", type=int, default=5)
    r.add_argument("--model", action="append", help="model folder (repeatable)")
    c = sub.add_parser("compare")
    c.add_argument("native", type=Path)
    c.add_argument("other", type=Path)
    args = ap.parse_args()
    run(args) if args.cmd == "run" else compare(args)


if __name__ == "__main__":
    main()
