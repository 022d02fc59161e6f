"""Why the card's MNLI dev figure ran above the held-out MNLI rows: the sibling probe.

    OMP_WAIT_POLICY=PASSIVE python scripts/mnli_sibling_probe.py --model DIR [--epochs 3] \
        [--split dev] [--repeats 8]

The held-out 2,000 MNLI rows are a random sample of dev-matched rows, so most of their premises
have sibling rows (the same premise, the other labels) in the part we train on. Our dev split
groups by premise, so its premises were never trained on. If training on a premise's siblings
biases the model against the one left out (it has seen that premise with the other labels), a
random-row held-out set scores below a premise-grouped dev set.

The probe measures that directly. MNLI premises of the dev split (--split) with exactly one
entailment, one neutral and one contradiction row are split at random into halves A and B; one
row of each premise is held out (T_A, T_B), and the model is fine-tuned on the other two rows of
the premises in A only. Before that, T_A and T_B score the same (up to noise); afterwards, T_A is
"held-out rows whose siblings were trained on" and T_B "rows of unseen premises".
The probe's model is thrown away; nothing is chosen on it. One split of about 230 premises is
noisy (a few points), so the probe is repeated with different random halves and held-out rows
(--repeats) and the gaps are averaged.
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
from stance.train.trainer import LABEL2ID, dev_logits


def accuracy(model, tok, rows) -> float:
    preds = dev_logits(model, tok, rows, 128).argmax(-1)
    return float(np.mean([p == LABEL2ID[r["label"]] for p, r in zip(preds, rows, strict=True)]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--repeats", type=int, default=8)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    from transformers import AutoTokenizer

    torch.set_num_threads(args.threads)
    by_premise: dict[str, list[dict]] = defaultdict(list)
    for r in read_split("mnli", args.split, args.data, 0.2):
        by_premise[r["group"]].append({**r, "label": r["label"].lower()})
    full = sorted(g for g, rows in by_premise.items()
                  if sorted(r["label"] for r in rows) == sorted(NLI_LABELS))
    tok = AutoTokenizer.from_pretrained(args.model)
    runs = []
    for repeat in range(args.repeats):
        runs.append(probe(args, tok, by_premise, full, args.seed + repeat))
        print(json.dumps(runs[-1]), flush=True)
    mean = {k: float(np.mean([r[k] for r in runs])) for k in ("gap_before", "gap_after")}
    sd = {k: float(np.std([r[k] for r in runs], ddof=1)) if len(runs) > 1 else None
          for k in ("gap_before", "gap_after")}
    print(json.dumps({"premises": len(full), "repeats": len(runs), "mean": mean, "sd": sd,
                      "T_A_after": float(np.mean([r["after"]["T_A"] for r in runs])),
                      "T_B_after": float(np.mean([r["after"]["T_B"] for r in runs]))}, indent=2))


def probe(args: argparse.Namespace, tok, by_premise: dict, full: list[str], seed: int) -> dict:
    from transformers import AutoModelForSequenceClassification

    torch.manual_seed(seed)
    rng = random.Random(seed)
    order = list(full)
    rng.shuffle(order)
    half_a, half_b = order[: len(order) // 2], order[len(order) // 2:]
    train_rows, t_a, t_b = [], [], []
    for group, target in ((half_a, t_a), (half_b, t_b)):
        for g in group:
            rows = list(by_premise[g])
            rng.shuffle(rows)
            target.append(rows[0])
            if group is half_a:
                train_rows += rows[1:]
    model = AutoModelForSequenceClassification.from_pretrained(args.model, dtype=torch.float32)
    result = {"seed": seed, "premises_a": len(half_a), "train_rows": len(train_rows),
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
    result["gap_before"] = result["before"]["T_B"] - result["before"]["T_A"]
    result["gap_after"] = result["after"]["T_B"] - result["after"]["T_A"]
    return result


if __name__ == "__main__":
    main()
