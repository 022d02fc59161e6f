"""Choose the statement tagger's decoding thresholds on held-out folds, and score them.

    python scripts/choose_tagger_thresholds.py OUT.json FOLD.json [FOLD.json ...]

Each FOLD.json is ``train_span_tagger.py held-out``'s record of a fold. For each fold the
thresholds are chosen on the other folds' articles (with one fold, on itself, said so in the
output): the most statements found (spans, as ``score_attribution.py`` counts them) by the rules'
claims plus the tagger's, keeping the precision of the tagger's additions at 0.80 or more and
the pooled precision at 0.90 or more. Then every held-out article is extracted in full with the
replayed tagger (speakers resolved, parties grouped) and scored like ``score_attribution.py``,
with and without the tagger. ``chosen`` (thresholds chosen on all folds) is what ``final``
ships.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score_attribution import labelled_articles

from stance.config import load_analyze_config
from stance.extract import extract_claims, parse_articles
from stance.extract.scoring import pool_statement_scores, score_statements
from stance.tagger.runtime import TaggedWindow
from stance.tagger.spans import (
    Span,
    TaggerThresholds,
    context_windows,
    linked_statements,
    sentences,
)

STATEMENT_GRID = list(
    itertools.product([0.3, 0.5, 0.7], [0.3, 0.5, 0.7, 1.1], [0.5, 0.7, 0.8, 0.9], [3, 5])
)
MENTION_GRID = [(0.3, 0.5, 0.3, 1), (0.5, 0.5, 0.5, 1), (0.7, 0.7, 0.7, 1)]
GAPS = [40, 120, 300]


class ReplayTagger:
    """Answers ``tag`` calls from a record, with the thresholds it is given."""

    def __init__(self, calls: Sequence[Mapping[str, Any]], thresholds: TaggerThresholds) -> None:
        self.calls = {(c["text"], tuple(map(tuple, c["windows"]))): c["tagged"] for c in calls}
        self.thresholds = thresholds

    def tag(self, text: str, windows: Sequence[Span]) -> list[TaggedWindow]:
        tagged = self.calls[(text, tuple(map(tuple, windows)))]
        return [TaggedWindow([tuple(o) for o in off], st, me) for off, st, me in tagged]


def region_of(text: str, window: Span) -> Span:
    """The region ``context_windows`` widened into ``window``."""
    for s, _e in sentences(text):
        if window[0] <= s < window[1] and context_windows(text, [(s, window[1])]) == [window]:
            return (s, window[1])
    raise ValueError(f"no region for window {window}")


def span_counts(
    rows: Sequence[Mapping[str, Any]], t: TaggerThresholds
) -> tuple[int, int, int, int, int]:
    """(found, predicted, gold, additions found, additions) over rows, spans only."""
    found = pred = gold = add_found = adds = 0
    for row in rows:
        added = []
        for text, regions, tagged in row["plans"]:
            added += [s for s, _m in linked_statements(text, regions, tagged, t)]
        claims = [{"speaker": "", "party": "", "start": s, "end": e} for s, e in row["rules"]]
        extra = [{"speaker": "", "party": "", "start": s, "end": e} for s, e in added]
        both = score_statements(claims + extra, row["gold"])
        alone = score_statements(claims, row["gold"])
        found, pred, gold = found + both["found"], pred + both["n_pred"], gold + both["n_gold"]
        add_found += both["found"] - alone["found"]
        adds += len(extra)
    return found, pred, gold, add_found, adds


def choose(rows: Sequence[Mapping[str, Any]]) -> TaggerThresholds:
    def goal(t: TaggerThresholds) -> tuple[float, ...]:
        found, pred, _gold, add_found, adds = span_counts(rows, t)
        ok = found >= 0.90 * pred and add_found >= 0.80 * adds
        return (float(ok), float(found), -float(adds))

    # in two steps, statements first (the mention's defaults), then the mention and the gap
    first = max((TaggerThresholds(s) for s in STATEMENT_GRID), key=goal)
    grid = [
        TaggerThresholds(first.statement, m, g) for m, g in itertools.product(MENTION_GRID, GAPS)
    ]
    return max(grid, key=goal)


def full_scores(
    rows: Sequence[Mapping[str, Any]], chosen: Mapping[int, TaggerThresholds], config: Any
) -> dict[str, Any]:
    """Every held-out article extracted in full, rules alone and with the replayed tagger."""
    out: dict[str, Any] = {}
    for name in ("rules", "tagger"):
        scores = []
        for row in rows:
            tagger = ReplayTagger(row["calls"], chosen[row["fold"]]) if name == "tagger" else None
            claims = extract_claims(row["text"], config, doc=row["doc"], tagger=tagger)
            scores.append(score_statements(claims, row["gold"]))
        out[name] = pool_statement_scores(scores)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("folds", type=Path, nargs="+")
    args = parser.parse_args()
    config = load_analyze_config()
    gold = {g["article"]: (t, g["claims"]) for s, t, g in labelled_articles() if s == "dev"}
    rows = []
    for path in args.folds:
        record = json.loads(path.read_text())
        docs = parse_articles([gold[a][0] for a in record["articles"]], config)
        for a, doc in zip(record["articles"], docs, strict=True):
            text, claims = gold[a]
            rules = extract_claims(text, config, doc=doc, tagger=None)
            rows.append(
                {
                    "article": a,
                    "fold": record["fold"],
                    "text": text,
                    "gold": claims,
                    "doc": doc,
                    "calls": record["calls"][a],
                    "plans": [
                        (
                            c["text"],
                            [region_of(c["text"], tuple(w)) for w in c["windows"]],
                            [(off, st, me) for off, st, me in c["tagged"]],
                        )
                        for c in record["calls"][a]
                    ],
                    "rules": [(c.start, c.end) for c in rules],
                }
            )
    folds = sorted({r["fold"] for r in rows})
    chosen = {
        k: choose([r for r in rows if r["fold"] != k] or [r for r in rows if r["fold"] == k])
        for k in folds
    }
    report = {
        "folds": folds,
        "in_sample": len(folds) == 1,
        "per_fold": {k: t.to_dict() for k, t in chosen.items()},
        "chosen": choose(rows).to_dict(),
        "spans": {
            k: dict(
                zip(
                    ["found", "predicted", "gold", "additions_found", "additions"],
                    span_counts([r for r in rows if r["fold"] == k], chosen[k]),
                    strict=True,
                )
            )
            for k in folds
        },
        "full": full_scores(rows, chosen, config),
    }
    args.out.write_text(json.dumps(report, indent=2, default=str))
    print(json.dumps({k: v for k, v in report.items() if k != "per_fold"}, indent=1, default=str))


if __name__ == "__main__":
    main()
