"""Claim extraction alone (spaCy parse + attribution + sides) on the seed repeated N times.

    python benchmarks/extract_scale.py [--times 40] [--repeat 3] [--json FILE]

No NLI model is loaded. The parser loads and warms up on the seed first; then the seed x N
document is extracted ``--repeat`` times in this process and each wall time and process CPU
time is recorded, with the CPU it ran on. To compare with older rules, run this file from
today's checkout with ``PYTHONPATH=<checkout of the older commit>``: the older ``stance`` is
imported, the seed is today's.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import stance
from stance.config import load_analyze_config
from stance.extract import extract_claims
from stance.machine import cpu_info

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_4a66804ddd20a484.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=40, help="copies of the seed (default 40)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (default 3)")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args()
    config = load_analyze_config()
    seed = SEED.read_text(encoding="utf-8")
    document = "\n\n".join([seed] * args.times)
    extract_claims(seed, config)  # the parser loads once, outside the timing
    seconds: list[float] = []
    cpu_seconds: list[float] = []
    claims = 0
    for _ in range(args.repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        claims = len(extract_claims(document, config))
        seconds.append(round(time.perf_counter() - start, 3))
        # CPU time too: on a machine whose cores change speed or are shared, it tells whether
        # the wall time was the program's or the machine's
        cpu_seconds.append(round(time.process_time() - cpu_start, 3))
    cpu = cpu_info()
    result = {
        "stance": str(Path(stance.__file__).resolve().parent),
        "times": args.times,
        "claims": claims,
        "seconds": seconds,
        "best_s": min(seconds),
        "cpu_seconds": cpu_seconds,
        "best_cpu_s": min(cpu_seconds),
        "cpu": {"model": cpu.model, "flags": list(cpu.flags), "cores": cpu.cores},
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
