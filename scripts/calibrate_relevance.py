"""Share of related and of shuffled sentence pairs each relevance threshold keeps.

Related pairs: the labeled pairs of NLI and stance sets (a contradiction or an "undermine" pair is
exactly what the relevance filter must not drop). Unrelated pairs: the same premises with the
hypothesis of another row. Dev split only (dev_fraction 0.1, the fixed hash split of
stance.io.nli_sets), at most N pairs per label. Used to choose pairing.min_relevance in
configs/analyze.yaml.

    python scripts/calibrate_relevance.py [--data ../shared/data] [--n 300]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np

from stance.embed import get_embedder
from stance.io.nli_sets import SETS, split_records
from stance.pair import lexical_similarity

THRESHOLDS = {
    "embedding": [0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40],
    "lexical": [0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.40],
}


def scores(method: str, premises: list[str], hypotheses: list[str]) -> np.ndarray:
    if method == "embedding":
        e = get_embedder()
        return (e.encode(premises) * e.encode(hypotheses)).sum(axis=1)
    pairs = zip(premises, hypotheses, strict=True)
    return np.array([lexical_similarity([p, h])[0, 1] for p, h in pairs])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_data = Path(__file__).resolve().parents[2] / "shared" / "data"
    ap.add_argument("--data", type=Path, default=default_data)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--sets", nargs="+", default=["mnli", "sick", "perspectrum"])
    args = ap.parse_args()
    rng = random.Random(0)
    for method, ths in THRESHOLDS.items():
        print(f"\n{method}: share kept at threshold {' '.join(f'{t:.2f}' for t in ths)}")
        for name in args.sets:
            _, dev = split_records(name, list(SETS[name].read(args.data)), 0.1)
            rows = []
            for label in sorted({r["label"] for r in dev}):
                picked = [r for r in dev if r["label"] == label]
                rng.shuffle(picked)
                rows += picked[: args.n]
            prem = [r["premise"] for r in rows]
            hyp = [r["hypothesis"] for r in rows]
            s = scores(method, prem, hyp)
            for label in sorted({r["label"] for r in rows}):
                mask = np.array([r["label"] == label for r in rows])
                kept = " ".join(f"{(s[mask] >= t).mean():.2f}" for t in ths)
                print(f"  {name:12s} {label:14s} {mask.sum():4d}  {kept}")
            shuffled = scores(method, prem, hyp[7:] + hyp[:7])
            kept = " ".join(f"{(shuffled >= t).mean():.2f}" for t in ths)
            print(f"  {name:12s} {'(shuffled)':14s} {len(rows):4d}  {kept}")


if __name__ == "__main__":
    main()
