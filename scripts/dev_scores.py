"""A model's scores on a training config's dev sets, as the training log reports them.

    OMP_WAIT_POLICY=PASSIVE python scripts/dev_scores.py --config configs/train/minilm-nli-v2.yaml \
        --model runs/v1-model [--split final]

Same rows (the config's dev_sets on its dev_split, or --split), same windows, same code
(stance.train.trainer.evaluate_model) as the per-epoch evaluation, so a base model and the runs
trained from it are compared like for like. Prints one JSON line per set.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace

import torch

from stance.train.config import load_train_config
from stance.train.data import build_mix
from stance.train.trainer import evaluate_model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--split", default=None, help="dev, select or final (default: the config's)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(args.threads)
    cfg = load_train_config(args.config)
    # Dev sets only: no training mix (and no windowing of training rows).
    cfg = replace(cfg, mix=[m for m in cfg.mix if m.set in cfg.dev_sets and m.window],
                  dev_split=args.split or cfg.dev_split)
    cfg.synthetic.lexical_pairs = cfg.synthetic.news_pairs = 0
    _, devs = build_mix(cfg)
    tok = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForSequenceClassification.from_pretrained(args.model, dtype=torch.float32)
    for name, rows in devs.items():
        result = evaluate_model(model, tok, rows, cfg.max_length)
        print(json.dumps({"model": args.model, "split": cfg.dev_split, "dev": name, **result}),
              flush=True)


if __name__ == "__main__":
    main()
