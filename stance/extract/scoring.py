"""Attribution precision and recall against a hand-labelled claim set.

Matching rule: a predicted claim matches a gold claim when
1. they have the same speaker: equal after whitespace/case normalisation, or one name's words
   are a subset of the other's with the same last word ("Ortiz" ~ "Lena Ortiz");
   with ``by="party"`` the parties must be equal instead;
2. the overlap of their spans covers at least ``min_overlap`` (default 0.5) of the GOLD span.
Each gold claim matches at most one prediction and vice versa; pairs are matched greedily by
overlap, largest first. Precision = matched predictions / predictions; recall = matched gold /
gold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from stance.claims import Claim

ClaimLike = Claim | Mapping[str, Any]


def _get(c: ClaimLike, key: str) -> Any:
    return c[key] if isinstance(c, Mapping) else getattr(c, key)


def _norm(s: str) -> list[str]:
    return " ".join(str(s).replace("'", "’").split()).casefold().split()


def same_speaker(a: str, b: str) -> bool:
    wa, wb = _norm(a), _norm(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    return wa[-1] == wb[-1] and (set(wa) <= set(wb) or set(wb) <= set(wa))


def _overlap(p: ClaimLike, g: ClaimLike) -> int:
    return max(0, min(_get(p, "end"), _get(g, "end")) - max(_get(p, "start"), _get(g, "start")))


def score_attribution(
    pred: Sequence[ClaimLike],
    gold: Sequence[ClaimLike],
    min_overlap: float = 0.5,
    by: str = "speaker",
) -> dict[str, Any]:
    """Precision/recall/F1 of predicted claims against gold claims (see module docstring)."""
    if by not in ("speaker", "party"):
        raise ValueError(f"by must be 'speaker' or 'party', not {by!r}")
    candidates: list[tuple[int, int, int]] = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ov = _overlap(p, g)
            g_len = max(1, _get(g, "end") - _get(g, "start"))
            if ov / g_len < min_overlap:
                continue
            if by == "speaker":
                ok = same_speaker(_get(p, "speaker"), _get(g, "speaker"))
            else:
                ok = _norm(_get(p, "party")) == _norm(_get(g, "party"))
            if ok:
                candidates.append((ov, i, j))
    matched_p: set[int] = set()
    matched_g: set[int] = set()
    matches: list[tuple[int, int]] = []
    for _ov, i, j in sorted(candidates, key=lambda t: (-t[0], t[1], t[2])):
        if i in matched_p or j in matched_g:
            continue
        matched_p.add(i)
        matched_g.add(j)
        matches.append((i, j))
    tp = len(matches)
    precision = tp / len(pred) if pred else 1.0  # no predictions: no false positives
    recall = tp / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "by": by,
        "min_overlap": min_overlap,
        "n_pred": len(pred),
        "n_gold": len(gold),
        "tp": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "matches": sorted(matches),
        "spurious": [i for i in range(len(pred)) if i not in matched_p],
        "missed": [j for j in range(len(gold)) if j not in matched_g],
    }


def score_verdicts(
    pred_claims: Sequence[ClaimLike],
    pred_pairs: Sequence[Mapping[str, Any]],
    gold_claims: Sequence[ClaimLike],
    gold_pairs: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """Verdict accuracy on the gold cross-party pairs.

    Gold claims are matched to predicted ones with the attribution rule above. A gold pair whose
    claims were both found is looked up among the predicted pairs in either order; a pair the
    relevance filter dropped counts as ``unrelated``, which is what dropping it asserts. A gold
    pair with a claim not found counts as wrong (``missing``).
    """
    att = score_attribution(pred_claims, gold_claims)
    gold_to_pred = {j: i for i, j in att["matches"]}
    gold_index = {_get(g, "id"): j for j, g in enumerate(gold_claims)}
    verdict_of: dict[frozenset[str], str] = {
        frozenset((p["a"], p["b"])): p["verdict"] for p in pred_pairs
    }
    rows = []
    for gp in gold_pairs:
        ia = gold_to_pred.get(gold_index[gp["a"]])
        ib = gold_to_pred.get(gold_index[gp["b"]])
        if ia is None or ib is None:
            predicted = "missing"
        else:
            key = frozenset((_get(pred_claims[ia], "id"), _get(pred_claims[ib], "id")))
            predicted = verdict_of.get(key, "unrelated")
        rows.append({"a": gp["a"], "b": gp["b"], "gold": gp["verdict"], "predicted": predicted})
    correct = sum(r["gold"] == r["predicted"] for r in rows)
    return {
        "n": len(rows),
        "correct": correct,
        "accuracy": correct / len(rows) if rows else 1.0,
        "pairs": rows,
    }
