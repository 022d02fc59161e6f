"""Accuracy by TaxiNLI reasoning category, for several models side by side.

    python scripts/taxinli_errors.py --model v1=runs/v1-model \
        --model v2=models/stance-nli-minilm-l6 [--split dev] [--backend torch]

TaxiNLI tags each MNLI train pair with the reasoning categories it needs (a pair can have
several). The dev split of the `taxinli` set (grouped by premise; never trained on) is scored by
`stance eval` for each model (benchmarks/compare_models.py's runs/compare folders are reused),
and the predictions are joined back to the tags by id. Categories with fewer than --min rows are
listed but flagged: their accuracies are noise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from compare_models import run_eval  # noqa: E402

from stance.io.nli_sets import TAXINLI_CATEGORIES, read_split  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", action="append", required=True, help="TAG=DIR, repeatable")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--backend", default="torch")
    ap.add_argument("--rerun", action="store_true")
    ap.add_argument("--min", type=int, default=30)
    args = ap.parse_args()
    rows = read_split("taxinli", args.split, args.data, 0.2)
    tags = {r["id"]: [t for t in r["tags"].split(",") if t] for r in rows}
    models = [m.split("=", 1) for m in args.model]
    correct: dict[str, dict[str, list[bool]]] = {}
    for tag, model in models:
        run_eval(tag, model, "taxinli", args.split, args)
        preds = Path("runs/compare") / tag / args.split / "taxinli" / "predictions.jsonl"
        per: dict[str, list[bool]] = defaultdict(list)
        for line in (REPO / preds).read_text(encoding="utf-8").splitlines():
            p = json.loads(line)
            per["all"].append(bool(p["correct"]))
            for t in tags[p["id"]]:
                per[t].append(bool(p["correct"]))
        correct[tag] = per
    print(f"TaxiNLI {args.split} split ({len(rows)} pairs), accuracy by category; backend "
          f"{args.backend}.\n")
    print("| category | pairs | " + " | ".join(t for t, _ in models) + " | change |")
    print("|---|---:|" + "---:|" * (len(models) + 1))
    for cat in ("all", *TAXINLI_CATEGORIES):
        first = correct[models[0][0]].get(cat, [])
        if not first:
            continue
        accs = [sum(correct[t][cat]) / len(correct[t][cat]) for t, _ in models]
        flag = "" if len(first) >= args.min else " (few)"
        change = f"{100 * (accs[-1] - accs[0]):+.1f} pts"
        print(f"| {cat}{flag} | {len(first)} | " + " | ".join(f"{a:.3f}" for a in accs)
              + f" | {change} |")


if __name__ == "__main__":
    main()
