"""Score `stance analyze` on the labeled seed: attribution P/R and pair verdict accuracy.

    python scripts/score_seed.py [--model DIR|minilm|mpnet] [--backend onnx|torch] [--json]

The figures the README reports come from this script with the embedded model. Pair verdicts are
scored two ways: whatever the tier (the headline: a possible contradiction is still the verdict
contradict, only a less sure one), and flags only (a possible verdict counts as unrelated: what
a reader who reads only the flags is told). The flags and possibles on the seed are counted too.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from stance.analyze import analyze_text
from stance.config import load_analyze_config
from stance.extract.scoring import score_attribution, score_verdicts
from stance.infer.backend import load_backend
from stance.infer.models import resolve_model_ref

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None,
                        help="NLI model: a short name or folder (default: embedded)")
    parser.add_argument("--backend", choices=["onnx", "torch"], default=None)
    parser.add_argument("--seed", default="000_4a66804ddd20a484")
    parser.add_argument("--json", action="store_true", help="print the full scores as JSON")
    parser.add_argument("--config", default=None,
                        help="an analyze config merged over configs/analyze.yaml")
    args = parser.parse_args()
    article = (SEEDS / f"{args.seed}.txt").read_text(encoding="utf-8")
    gold = json.loads((SEEDS / f"{args.seed}.claims.json").read_text(encoding="utf-8"))
    config = load_analyze_config(args.config)
    result = analyze_text(
        article, load_backend(resolve_model_ref(args.model), backend=args.backend), config
    ).to_dict()
    attribution = score_attribution(result["claims"], gold["claims"])
    verdicts = score_verdicts(result["claims"], result["pairs"], gold["claims"], gold["pairs"])
    flags_only = score_verdicts(result["claims"], result["pairs"], gold["claims"], gold["pairs"],
                                flags_only=True)
    counts = {f"{tier} {verdict}": sum(p["verdict"] == verdict and p["tier"] == tier
                                       for p in result["pairs"])
              for tier in ("flag", "possible") for verdict in ("contradict", "agree")}
    if args.json:
        print(json.dumps({"attribution": attribution, "verdicts": verdicts,
                          "verdicts_flags_only": flags_only, "shown": counts,
                          "thresholds": result["thresholds"]}, indent=2))
        return
    print(f"attribution: precision {attribution['precision']:.3f} "
          f"recall {attribution['recall']:.3f} ({attribution['tp']} of {attribution['n_gold']})")
    print("shown: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    print(f"pair verdicts, any tier: accuracy {verdicts['accuracy']:.3f} "
          f"({verdicts['correct']} of {verdicts['n']}); flags only: "
          f"{flags_only['accuracy']:.3f} ({flags_only['correct']} of {flags_only['n']})")
    for row in verdicts["pairs"]:
        mark = "ok " if row["gold"] == row["predicted"] else "XX "
        tier = f" ({row['tier']})" if row["tier"] else ""
        print(f"  {mark}{row['a']}-{row['b']}: gold {row['gold']}, "
              f"predicted {row['predicted']}{tier}")


if __name__ == "__main__":
    main()
