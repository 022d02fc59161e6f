"""Pairs/s of the embedded model on short pairs (SICK dev), batch 32, torch and ONNX int8.

    python benchmarks/short_pairs.py [--threads 2] [--pairs 480] [--repeat 5]

The fastest of ``--repeat`` timed calls counts, as in throughput.py: this VM has slow spells.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from stance.infer.backend import load_backend
from stance.io.nli_sets import read_split


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pairs", type=int, default=480)
    parser.add_argument("--repeat", type=int, default=5, help="timed calls; the fastest counts")
    parser.add_argument("--data-root", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    if args.threads < 1 or args.repeat < 1:
        parser.error("--threads and --repeat must be at least 1")
    rows = read_split("sick", "dev", args.data_root, 0.2)
    pairs = [(r["premise"], r["hypothesis"]) for r in rows][: args.pairs]
    for name in ("torch", "onnx"):
        backend = load_backend(backend=name, threads=args.threads)
        backend.predict(pairs[:64])  # warm-up
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            backend.predict(pairs, batch_size=32)
            times.append(time.perf_counter() - start)
        seconds = min(times)
        tokens = backend.count_tokens(pairs)
        print(f"{name}: {len(pairs) / seconds:.0f} pairs/s on {len(pairs)} SICK dev pairs "
              f"(mean {sum(tokens) / len(tokens):.1f} tokens, batch 32, {args.threads} threads; "
              f"fastest of {args.repeat}: {min(times):.2f}-{max(times):.2f} s)")


if __name__ == "__main__":
    main()
