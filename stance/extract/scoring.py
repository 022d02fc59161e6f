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
    """Case-folded words, possessive ’s dropped ("Mueller’s family" ~ "Mueller family")."""
    words = " ".join(str(s).replace("'", "’").split()).casefold().split()
    return [w[:-2] if w.endswith("’s") else w for w in words]


def same_speaker(a: str, b: str) -> bool:
    wa, wb = _norm(a), _norm(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    return wa[-1] == wb[-1] and (set(wa) <= set(wb) or set(wb) <= set(wa))


def _overlap(p: ClaimLike, g: ClaimLike) -> int:
    return max(0, min(_get(p, "end"), _get(g, "end")) - max(_get(p, "start"), _get(g, "start")))


def greedy_matches(candidates: Sequence[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """One-to-one (prediction, gold) matches from (overlap, prediction, gold) candidates, the
    largest overlap first (ties: earlier prediction, then earlier gold)."""
    matched_p: set[int] = set()
    matched_g: set[int] = set()
    matches: list[tuple[int, int]] = []
    for _ov, i, j in sorted(candidates, key=lambda t: (-t[0], t[1], t[2])):
        if i in matched_p or j in matched_g:
            continue
        matched_p.add(i)
        matched_g.add(j)
        matches.append((i, j))
    return matches


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
    matches = greedy_matches(candidates)
    matched_p = {i for i, _ in matches}
    matched_g = {j for _, j in matches}
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
    *,
    flags_only: bool = False,
) -> dict[str, Any]:
    """Verdict accuracy on the gold cross-party pairs.

    Gold claims are matched to predicted ones with the attribution rule above. A gold pair whose
    claims were both found is looked up among the predicted pairs in either order; a pair the
    relevance filter dropped counts as ``unrelated``, which is what dropping it asserts. A gold
    pair with a claim not found counts as wrong (``missing``).

    A pair's verdict counts whatever its tier (a possible contradiction is a contradict verdict,
    only a less sure one). ``flags_only`` scores what a reader who reads only the flags is
    told: a possible verdict then counts as ``unrelated``.
    """
    att = score_attribution(pred_claims, gold_claims)
    gold_to_pred = {j: i for i, j in att["matches"]}
    gold_index = {_get(g, "id"): j for j, g in enumerate(gold_claims)}
    verdict_of: dict[frozenset[str], str] = {
        frozenset((p["a"], p["b"])): (
            "unrelated" if flags_only and p.get("tier") == "possible" else p["verdict"]
        )
        for p in pred_pairs
    }
    tier_of = {frozenset((p["a"], p["b"])): p.get("tier") for p in pred_pairs}
    rows = []
    for gp in gold_pairs:
        ia = gold_to_pred.get(gold_index[gp["a"]])
        ib = gold_to_pred.get(gold_index[gp["b"]])
        tier = None
        if ia is None or ib is None:
            predicted = "missing"
        else:
            key = frozenset((_get(pred_claims[ia], "id"), _get(pred_claims[ib], "id")))
            predicted, tier = verdict_of.get(key, "unrelated"), tier_of.get(key)
        rows.append(
            {
                "a": gp["a"],
                "b": gp["b"],
                "gold": gp["verdict"],
                "predicted": predicted,
                "tier": tier,
            }
        )
    correct = sum(r["gold"] == r["predicted"] for r in rows)
    return {
        "n": len(rows),
        "correct": correct,
        "accuracy": correct / len(rows) if rows else 1.0,
        "pairs": rows,
    }


def score_statements(
    pred: Sequence[ClaimLike], gold: Sequence[ClaimLike], min_overlap: float = 0.5
) -> dict[str, Any]:
    """The news-attribution measures: statements found, speakers right, sides grouped.

    A predicted claim *finds* a gold statement when its span covers at least ``min_overlap`` of
    the gold span, whoever it names as speaker (one-to-one, greedy by overlap).
    - recall: gold statements found / gold statements;
    - precision: predicted claims that found a gold statement / predicted claims;
    - speaker accuracy: among the found statements, the share whose predicted speaker is the
      gold speaker (``same_speaker``);
    - side grouping: over every pair of found statements, "same side" in the gold (``side``)
      against "same party" in the prediction; pair precision/recall/F1 of "same side". The raw
      counts are returned so that several articles can be pooled.
    """
    candidates: list[tuple[int, int, int]] = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ov = _overlap(p, g)
            if ov / max(1, _get(g, "end") - _get(g, "start")) >= min_overlap:
                candidates.append((ov, i, j))
    matches = greedy_matches(candidates)
    matched_p = {i for i, _ in matches}
    matched_g = {j for _, j in matches}
    matches.sort(key=lambda m: m[1])
    speaker_ok = [
        same_speaker(_get(pred[i], "speaker"), _get(gold[j], "speaker")) for i, j in matches
    ]
    tp = fp = fn = 0
    for x in range(len(matches)):
        for y in range(x + 1, len(matches)):
            (pi, gi), (pj, gj) = matches[x], matches[y]
            gold_same = _norm(_get(gold[gi], "side")) == _norm(_get(gold[gj], "side"))
            pred_same = _norm(_get(pred[pi], "party")) == _norm(_get(pred[pj], "party"))
            tp += gold_same and pred_same
            fp += pred_same and not gold_same
            fn += gold_same and not pred_same
    return {
        "n_pred": len(pred),
        "n_gold": len(gold),
        "found": len(matches),
        "speaker_right": sum(speaker_ok),
        "side_pairs": {"tp": tp, "fp": fp, "fn": fn},
        "matches": matches,
        "wrong_speaker": [m for m, ok in zip(matches, speaker_ok, strict=True) if not ok],
        "spurious": [i for i in range(len(pred)) if i not in matched_p],
        "missed": [j for j in range(len(gold)) if j not in matched_g],
        **statement_rates(len(pred), len(gold), len(matches), sum(speaker_ok), tp, fp, fn),
    }


def statement_rates(
    n_pred: int, n_gold: int, found: int, speaker_right: int, tp: int, fp: int, fn: int
) -> dict[str, float]:
    """Precision, recall, speaker accuracy and side pair F1 from counts (pooled or not)."""
    return {
        "precision": found / n_pred if n_pred else 1.0,
        "recall": found / n_gold if n_gold else 1.0,
        "speaker_accuracy": speaker_right / found if found else 1.0,
        "side_f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0,
    }


def pool_statement_scores(scores: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Scores of several articles pooled: counts summed, rates recomputed from the sums."""
    keys = ("n_pred", "n_gold", "found", "speaker_right")
    totals = {k: sum(s[k] for s in scores) for k in keys}
    side = {k: sum(s["side_pairs"][k] for s in scores) for k in ("tp", "fp", "fn")}
    return {**totals, "side_pairs": side, **statement_rates(*totals.values(), *side.values())}
