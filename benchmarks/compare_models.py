"""Dev figures of several NLI models side by side: the model card's tables.

    python benchmarks/compare_models.py --model v1=runs/v1-model \
        --model v2=models/stance-nli-minilm-l6 --split final [--sets snli,mnli] [--backend torch]

Each cell is one run of
`stance eval --set NAME --split SPLIT --model DIR -o runs/compare/TAG/SPLIT/NAME` (a finished
one is reused; --rerun runs it again). "lexical" is the rule-made lexical
contradiction set of configs/train/minilm-nli.yaml (scripts/make_lexical_dev.py), built once. The
table gives accuracy, macro-F1 and contradiction recall (two-way sets: accuracy and macro-F1 of
entailment versus the rest), and is printed as Markdown.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "runs" / "compare"
DEFAULT_SETS = ("snli,mnli,sick,lexical,rte3_3way,control,anli_r1,anli_r2,anli_r3,hans_contra,"
                "healthver,climate_fever,cad_nli,taxinli,conjnli,imppres,curr_boolean,"
                "curr_comparative,curr_conditional,curr_counting,curr_negation,curr_quantifier,"
                "med,curr_monotonicity_infer")


def lexical_file() -> Path:
    path = OUT / "lexical.jsonl"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.check_call([sys.executable, "scripts/make_lexical_dev.py",
                               "configs/train/minilm-nli.yaml", "-o", str(path)], cwd=REPO)
    return path


def run_eval(tag: str, model: str, name: str, split: str, args: argparse.Namespace) -> dict:
    out = OUT / tag / split / name
    metrics = out / "metrics.json"
    if metrics.exists() and not args.rerun:
        return json.loads(metrics.read_text())
    if name == "lexical":
        source = [str(lexical_file()), "--label-field", "label"]
    else:
        source = ["--set", name, "--split", split]
    cmd = [sys.executable, "-m", "stance.cli.main", "eval", *source, "--model", model,
           "--backend", args.backend, "-o", str(out), "--force"]
    print("+", " ".join(cmd[2:]), file=sys.stderr, flush=True)
    subprocess.check_call(cmd, cwd=REPO, stdout=subprocess.DEVNULL)
    return json.loads(metrics.read_text())


def cell(m: dict) -> tuple[str, str, str]:
    per = m.get("per_class", {})
    c = per.get("contradiction", {}).get("recall") if "contradiction" in per else None
    crec = "–" if c is None or not per["contradiction"].get("support") else f"{c:.3f}"
    return f"{m['accuracy']:.3f}", f"{m['macro_f1']:.3f}", crec


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", action="append", required=True, help="TAG=DIR, repeatable")
    ap.add_argument("--split", default="final", help="dev, select or final")
    ap.add_argument("--sets", default=DEFAULT_SETS)
    ap.add_argument("--backend", default="torch")
    ap.add_argument("--rerun", action="store_true")
    args = ap.parse_args()
    models = [m.split("=", 1) for m in args.model]
    head = "| set | pairs | " + " | ".join(
        f"{t} acc | {t} macro-F1 | {t} contra. recall" for t, _ in models) + " |"
    print(f"Split: {args.split}; backend {args.backend}.\n")
    print(head)
    print("|---|---:|" + "---:|" * (3 * len(models)))
    for name in args.sets.split(","):
        cells, n = [], None
        for tag, model in models:
            m = run_eval(tag, model, name, args.split, args)
            n = m["n"]
            cells += cell(m)
        print(f"| {name} | {n} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
