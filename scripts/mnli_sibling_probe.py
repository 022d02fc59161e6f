"""Why the card's MNLI dev figure ran above the held-out MNLI rows: the sibling probe.

    OMP_WAIT_POLICY=PASSIVE python scripts/mnli_sibling_probe.py --model DIR [--epochs 2]

The held-out 2,000 MNLI rows are a random sample of dev-matched rows, so most of their premises
have sibling rows (the same premise, the other labels) in the part we train on. Our dev split
groups by premise, so its premises were never trained on. If training on a premise's siblings
biases the model against the one left out (it has seen that premise with the other labels), a
random-row held-out set scores below a premise-grouped dev set.

The probe measures that directly. MNLI premises of the dev "select" half with exactly one
entailment, one neutral and one contradiction row are split at random into halves A and B; one
row of each premise is held out (T_A, T_B), and the model is fine-tuned on the other two rows of
the premises in A only. Before that, T_A and T_B score the same (up to noise); afterwards, T_A is
"held-out rows whose siblings were trained on" and T_B "rows of unseen premises".
The probe's model is thrown away; nothing is chosen on it.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch

from stance.io.nli_sets import read_split
from stance.labels import NLI_LABELS
from stance.train.loss import nli_loss
from stance.train.trainer import dev_logits

LABEL2ID = {label: i for i, label in enumerate(NLI_LABELS)}


def accuracy(model, tok, rows) -> float:
    preds = dev_logits(model, tok, rows, 128).argmax(-1)
    return float(np.mean([p == LABEL2ID[r["label"]] for p, r in zip(preds, rows, strict=True)]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    by_premise: dict[str, list[dict]] = defaultdict(list)
    for r in read_split("mnli", "select", args.data, 0.2):
        by_premise[r["group"]].append({**r, "label": r["label"].lower()})
    full = sorted(g for g, rows in by_premise.items()
                  if sorted(r["label"] for r in rows) == sorted(NLI_LABELS))
    rng.shuffle(full)
    half_a, half_b = full[: len(full) // 2], full[len(full) // 2:]
    train_rows, t_a, t_b = [], [], []
    for group, target in ((half_a, t_a), (half_b, t_b)):
        for g in group:
            rows = list(by_premise[g])
            rng.shuffle(rows)
            target.append(rows[0])
            if group is half_a:
                train_rows += rows[1:]
    tok = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForSequenceClassification.from_pretrained(args.model, dtype=torch.float32)
    result = {"premises_a": len(half_a), "premises_b": len(half_b),
              "train_rows": len(train_rows),
              "before": {"T_A": accuracy(model, tok, t_a), "T_B": accuracy(model, tok, t_b)}}
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    for _ in range(args.epochs):
        model.train()
        rng.shuffle(train_rows)
        for i in range(0, len(train_rows), 16):
            batch = train_rows[i : i + 16]
            enc = tok([r["premise"] for r in batch], [r["hypothesis"] for r in batch],
                      truncation=True, max_length=128, padding=True, return_tensors="pt")
            with torch.autocast("cpu", dtype=torch.bfloat16):
                logits = model(**enc).logits
            loss = nli_loss(logits, torch.tensor([LABEL2ID[r["label"]] for r in batch]))
            loss.backward()
            opt.step()
            opt.zero_grad()
    result["after"] = {"T_A": accuracy(model, tok, t_a), "T_B": accuracy(model, tok, t_b)}
    result["gap_after"] = result["after"]["T_B"] - result["after"]["T_A"]
    result["gap_before"] = result["before"]["T_B"] - result["before"]["T_A"]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
