"""Write the lexical-contradiction dev set of a training config to JSONL, for `stance eval`.

    python scripts/make_lexical_dev.py configs/train/minilm-nli.yaml -o /tmp/lexical_dev.jsonl
    stance eval /tmp/lexical_dev.jsonl --label-field label -o reports/lexical

The pairs are rule edits (negation, antonym, number, date, entity swaps, and clause-drop
entailments) of sentences from the SNLI/MNLI/SICK dev splits and FNC-1 dev bodies only, so no
sentence of it was seen in training. It is rebuilt from ../shared/data rather than shipped.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from stance.train.config import load_train_config
from stance.train.data import build_mix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    cfg = load_train_config(args.config)
    cfg.mix = [m for m in cfg.mix if m.set in ("snli", "mnli", "sick")]
    cfg.dev_sets = ["lexical", "snli", "mnli", "sick"]
    _, devs = build_mix(cfg)
    with args.output.open("w", encoding="utf-8") as fh:
        for i, row in enumerate(devs["lexical"]):
            fh.write(json.dumps({"id": f"lex-{i}", **row}) + "\n")
    print(f"{len(devs['lexical'])} pairs -> {args.output}")


if __name__ == "__main__":
    main()
