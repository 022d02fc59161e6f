"""Score `stance analyze` on the labeled seed: attribution P/R and pair verdict accuracy.

    python scripts/score_seed.py [--model DIR] [--json]

The figures the README reports come from this script with the embedded model.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from stance.analyze import analyze_text
from stance.config import load_analyze_config
from stance.extract.scoring import score_attribution, score_verdicts
from stance.infer.backend import load_backend

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="NLI model (default: embedded)")
    parser.add_argument("--seed", default="000_4a66804ddd20a484")
    parser.add_argument("--json", action="store_true", help="print the full scores as JSON")
    parser.add_argument("--config", default=None,
                        help="an analyze config merged over configs/analyze.yaml")
    args = parser.parse_args()
    article = (SEEDS / f"{args.seed}.txt").read_text(encoding="utf-8")
    gold = json.loads((SEEDS / f"{args.seed}.claims.json").read_text(encoding="utf-8"))
    config = load_analyze_config(args.config)
    result = analyze_text(article, load_backend(args.model), config).to_dict()
    attribution = score_attribution(result["claims"], gold["claims"])
    verdicts = score_verdicts(result["claims"], result["pairs"], gold["claims"], gold["pairs"])
    if args.json:
        print(json.dumps({"attribution": attribution, "verdicts": verdicts}, indent=2))
        return
    print(f"attribution: precision {attribution['precision']:.3f} "
          f"recall {attribution['recall']:.3f} ({attribution['tp']} of {attribution['n_gold']})")
    print(f"pair verdicts: accuracy {verdicts['accuracy']:.3f} "
          f"({verdicts['correct']} of {verdicts['n']})")
    for row in verdicts["pairs"]:
        mark = "ok " if row["gold"] == row["predicted"] else "XX "
        print(f"  {mark}{row['a']}-{row['b']}: gold {row['gold']}, predicted {row['predicted']}")


if __name__ == "__main__":
    main()
