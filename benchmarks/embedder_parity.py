"""The ONNX sentence embedder against the torch one on the relevance calibration pairs.

    python benchmarks/embedder_parity.py [--data ../shared/data] [--n 100]

The pairs are those of scripts/calibrate_relevance.py: dev-split rows of MNLI, SICK and
PERSPECTRUM, at most N per label, plus the same premises with shuffled hypotheses (unrelated
pairs). Prints the largest and the mean |cosine difference| and whether any pair falls on the
other side of the relevance threshold (configs/analyze.yaml pairing.min_relevance.embedding).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np

from stance.embed import OnnxEmbedder, SentenceEmbedder
from stance.io.nli_sets import SETS, split_records


def calibration_pairs(data: Path, n: int, sets: list[str]) -> tuple[list[str], list[str]]:
    rng = random.Random(0)
    prem: list[str] = []
    hyp: list[str] = []
    for name in sets:
        _, dev = split_records(name, list(SETS[name].read(data)), 0.1)
        rows = []
        for label in sorted({r["label"] for r in dev}):
            picked = [r for r in dev if r["label"] == label]
            rng.shuffle(picked)
            rows += picked[:n]
        p = [r["premise"] for r in rows]
        h = [r["hypothesis"] for r in rows]
        prem += p + p
        hyp += h + h[7:] + h[:7]  # related, then shuffled (unrelated)
    return prem, hyp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared" / "data")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--threshold", type=float, default=0.20)
    args = ap.parse_args()
    prem, hyp = calibration_pairs(args.data, args.n, ["mnli", "sick", "perspectrum"])
    torch_e, onnx_e = SentenceEmbedder(), OnnxEmbedder()
    ref = (torch_e.encode(prem) * torch_e.encode(hyp)).sum(axis=1)
    got = (onnx_e.encode(prem) * onnx_e.encode(hyp)).sum(axis=1)
    diff = np.abs(got - ref)
    flipped = int(((ref >= args.threshold) != (got >= args.threshold)).sum())
    print(f"{len(ref)} pairs: max |cosine diff| {diff.max():.5f}, mean {diff.mean():.4f}, "
          f"99th percentile {np.percentile(diff, 99):.4f}; {flipped} pairs change side of the "
          f"{args.threshold:.2f} threshold")


if __name__ == "__main__":
    main()
