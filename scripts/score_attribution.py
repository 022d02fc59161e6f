"""Score attribution (who claims what) on the seed and on the news dev set.

    python scripts/score_attribution.py [--json] [--details] [--split dev|check|all]
                                        [--pool 0014,1606,...]

For every labelled article (``seeds/*.claims.json`` and ``seeds/news_dev/*.claims.json``) the
claims `stance analyze` extracts are matched to the gold statements by span (a predicted span
covering >= 50% of a gold span finds it, one-to-one) and scored with
``stance.extract.scoring.score_statements``: recall, precision, speaker accuracy among the found
statements, and side-grouping pair F1. The news dev set is pooled per split: ``dev`` (the
articles rules may be checked on) and ``check`` (never looked at while changing rules), and
``dev distinct`` pools dev once per story: FNC-1 holds one wire story under several body ids,
and of each pair of dev articles that share half of the shorter one's 5-word shingles the one
later in name order is left out (``left_out`` in the JSON). No NLI model is needed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from draw_news_split import containment, shingles

from stance.config import load_analyze_config
from stance.extract import extract_claims
from stance.extract.scoring import pool_statement_scores, score_statements

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def labelled_articles() -> list[tuple[str, str, dict[str, Any]]]:
    """(split, article text, gold) for the seed (split "seed") and each news dev article."""
    out = []
    for path in sorted(SEEDS.glob("*.claims.json")) + sorted(SEEDS.glob("news_dev/*.claims.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_name(gold["article"]).read_text(encoding="utf-8")
        for claim in gold["claims"]:
            claim.setdefault("side", claim.get("party"))
        out.append((gold.get("split", "seed"), text, gold))
    return out


def score_all(config: dict[str, Any] | None = None) -> dict[str, Any]:
    """Per-article scores and the pooled scores of each split."""
    config = load_analyze_config() if config is None else config
    per_article: dict[str, dict[str, Any]] = {}
    by_split: dict[str, list[dict[str, Any]]] = {}
    dev_texts: dict[str, str] = {}
    for split, text, gold in labelled_articles():
        if split == "dev":
            dev_texts[gold["article"]] = text
        pred = extract_claims(text, config)
        score = score_statements(pred, gold["claims"])
        score["split"] = split
        score["missed_text"] = [gold["claims"][j]["text"][:90] for j in score["missed"]]
        score["spurious_text"] = [
            f"{pred[i].speaker}: {pred[i].text[:80]}" for i in score["spurious"]
        ]
        score["wrong_speaker_text"] = [
            f"{pred[i].speaker!r} for {gold['claims'][j]['speaker']!r}: {pred[i].text[:50]}"
            for i, j in score["wrong_speaker"]
        ]
        per_article[gold["article"]] = score
        by_split.setdefault(split, []).append(score)
    pooled = {split: pool_statement_scores(scores) for split, scores in by_split.items()}
    copies = near_copies(dev_texts)
    if copies:
        # FNC-1 holds one wire story under several body ids: dev once per story as well
        distinct = [per_article[a] for a in sorted(dev_texts) if a not in copies]
        pooled["dev distinct"] = {
            **pool_statement_scores(distinct),
            "split": "dev",
            "left_out": sorted(copies),
        }
    return {"articles": per_article, "pooled": pooled}


def near_copies(texts: dict[str, str], share: float = 0.5) -> set[str]:
    """The articles to leave out so that no two left share ``share`` or more of the shorter
    one's 5-word shingles: of each such pair, the one later in name order."""
    marks = {name: shingles(t) for name, t in sorted(texts.items())}
    names = list(marks)
    out: set[str] = set()
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if a not in out and b not in out and containment(marks[a], marks[b]) >= share:
                out.add(b)
    return out


def _of_split(result: dict[str, Any], split: str) -> dict[str, Any]:
    """``result`` with only the articles and pooled scores of ``split`` (all for "all"), so
    that a ``--split dev`` run never carries a check article's scores, not even per article."""
    if split == "all":
        return result
    articles = {a: s for a, s in result["articles"].items() if s["split"] == split}
    pooled = {
        k: s
        for k, s in result["pooled"].items()
        if k == split or s.get("split") == split or k == "--pool"
    }
    return {"articles": articles, "pooled": pooled}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print everything as JSON")
    parser.add_argument(
        "--details",
        action="store_true",
        help="list misses and spurious claims (of the check articles only with --split check)",
    )
    parser.add_argument("--split", default="all", help="dev, check, seed or all (default)")
    parser.add_argument(
        "--pool",
        metavar="IDS",
        help="also pool these FNC-1 body ids alone, e.g. 0014,1606,1690,1950",
    )
    args = parser.parse_args()
    result = score_all()
    if args.pool:
        chosen = [f"fnc1_{i.strip()}.txt" for i in args.pool.split(",") if i.strip()]
        missing = [a for a in chosen if a not in result["articles"]]
        if missing:
            parser.error(f"--pool: no labelled article {', '.join(missing)}")
        result["pooled"]["--pool"] = pool_statement_scores([result["articles"][a] for a in chosen])
    if args.json:
        print(json.dumps(_of_split(result, args.split), indent=2, ensure_ascii=False))
        return
    head = f"{'':24}{'gold':>5}{'pred':>5}{'recall':>8}{'prec':>7}{'speaker':>9}{'side F1':>9}"
    print(head)
    rows = [(name, s) for name, s in result["articles"].items()]
    rows += [(f"POOLED {split}", s) for split, s in result["pooled"].items()]
    for name, s in rows:
        split = s.get("split", name.split()[-1])
        if args.split not in ("all", split) and name != "POOLED --pool":
            continue
        print(
            f"{name:24}{s['n_gold']:>5}{s['n_pred']:>5}{s['recall']:>8.3f}{s['precision']:>7.3f}"
            f"{s['speaker_accuracy']:>9.3f}{s['side_f1']:>9.3f}"
        )
    if args.details:
        for name, s in result["articles"].items():
            if args.split != "all" and s["split"] != args.split:
                continue
            if s["split"] == "check" and args.split != "check":
                continue  # the check articles' misses only when asked for by name
            print(f"\n== {name}")
            for t in s["missed_text"]:
                print(f"  MISSED   {t}")
            for t in s["spurious_text"]:
                print(f"  SPURIOUS {t}")
            for t in s["wrong_speaker_text"]:
                print(f"  SPEAKER  {t}")


if __name__ == "__main__":
    main()
