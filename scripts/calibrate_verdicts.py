"""Choose the verdict thresholds on dev pairs: per model, two tiers (--tiers), or one rule.

    nice python scripts/calibrate_verdicts.py --tiers --model mpnet --backend onnx \
        --sets fnc1 perspectrum --split select --n 200 [--write]
    nice python scripts/calibrate_verdicts.py [--model DIR] [--data ../shared/data] [--n 200]
    nice python scripts/calibrate_verdicts.py --sets fnc1 perspectrum   # news / argument stance

Each dev pair (the fixed split of stance.io.nli_sets, dev_fraction 0.2 as in training, so the
model never trained on these rows) is judged exactly as `stance analyze` judges a claim pair:
both directions, sentence windows and their maxima (stance/judge.py), all in one batched call.
Gold labels map to verdicts: contradiction -> contradict, entailment -> agree, neutral ->
unrelated; stance sets map through their label map's collapse (see verdict_of). Up to --n
pairs of each verdict are drawn from each set.

--tiers (what the shipped models' verdict.json files come from): the pairs are judged as
configs/analyze.yaml's judging section says (whole claims), and stance.verdict_fit chooses on
the --split half (select) the flag bar, the lowest thresholds whose flags reach a precision of
0.75 (its docstring gives the rules and the fallback where 0.75 is out of reach), and the
possible bar below it, the lowest whose possibles are right at least half the time. Each
tier's precision and recall are then printed on that half and on --report-split (final), which
no choice looked at. --write writes the thresholds and how they were found to the model
folder's verdict.json, which `stance analyze` reads for that model
(stance/infer/verdict_file.py). --thresholds C,E,G,PC,PE scores given thresholds instead. The
judged pairs are cached under runs/calibration/ (keyed by model, backend, sets, split, n, seed
and max_sentences), so reruns only search.

Without --tiers: the three thresholds of the single-tier rule (contradiction, entailment,
agree_max_contradiction; no possible tier) are grid-searched for the best macro-F1 of the
verdict over the pooled sets (ties go to the higher thresholds: fewer flags), with sentence
windows and with whole claims; the figures of the thresholds configs/analyze.yaml resolves to
for the model are printed alongside ("config"). A split-half check (choose on even rows, score
on odd rows) shows how much of the gain is fit to noise.
Never run this on the seed: the seed measures the result.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import itertools
import json
import random
import shlex
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, precision_recall_fscore_support

from stance import verdict_fit
from stance.aggregate import AGREE, CONTRADICT, UNRELATED, Thresholds, VerdictConfig
from stance.config import load_analyze_config
from stance.eval.label_maps import LabelMap, load_label_map
from stance.infer.backend import load_backend
from stance.infer.models import resolve_model_ref
from stance.infer.verdict_file import FORMAT, VERDICT_FILE, parse_verdict_file, thresholds_for
from stance.io.nli_sets import SETS, read_split
from stance.judge import (
    Direction,
    Unit,
    claim_units,
    judge,
    max_sentences_from_config,
    summarise,
    windows,
)
from stance.labels import CONTRADICTION, ENTAILMENT, NEUTRAL

GOLD_VERDICT = {CONTRADICTION: CONTRADICT, ENTAILMENT: AGREE, NEUTRAL: UNRELATED}
VERDICTS = [CONTRADICT, AGREE, UNRELATED]
CODES = {v: k for k, v in enumerate(VERDICTS)}
# From 0.10: on news pairs the model is rarely sure, and the best values lie low.
GRID = {
    "contradiction": np.round(np.arange(0.10, 0.951, 0.05), 2),
    "entailment": np.round(np.arange(0.10, 0.951, 0.05), 2),
    "agree_max_contradiction": np.round(np.arange(0.05, 0.951, 0.05), 2),
}


def verdict_of(label_map: LabelMap, raw: str) -> str | None:
    """A dataset label's verdict: its scheme label comes from an NLI label through the map's
    ``collapse`` (NLI sets: itself), and that NLI label gives the verdict. So agree/support ->
    agree, disagree/undermine -> contradict, discuss -> unrelated. A label no NLI label collapses
    to (FNC-1's "unrelated": another story, which the relevance filter drops before judging) has
    none, and its rows are left out."""
    scheme_label = label_map.gold_label(raw)
    for nli, target in label_map.collapse.items():
        if target is not None and target == scheme_label:
            return GOLD_VERDICT[nli]
    return None


# Sets whose premise is a whole article: judged on the window the relevance embedder finds
# closest to the hypothesis (as training's fnc1_nli rows are), not on a truncated article.
ARTICLE_SETS = {"fnc1"}
WINDOW_CACHE = Path(__file__).resolve().parents[1] / "runs" / "window-cache.jsonl"


def closest_window_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    from stance.train.data import windowed

    return windowed(rows, 128, WINDOW_CACHE)


def load_pairs(names: list[str], data: Path, n: int, seed: int,
               split: str = "dev") -> list[dict[str, str]]:
    """Up to ``n`` random pairs of each verdict from each set's ``split`` (seeded)."""
    rng = random.Random(seed)
    out = []
    for name in names:
        label_map = load_label_map(SETS[name].label_map)
        by_verdict: dict[str, list[dict[str, str]]] = {}
        rows = read_split(name, split, data, 0.2)
        if name in ARTICLE_SETS:
            rows = [r for r in rows if verdict_of(label_map, r["label"]) is not None]
            rows = closest_window_rows(rows)
        for r in rows:
            verdict = verdict_of(label_map, r["label"])
            if verdict is not None and r["premise"].strip() and r["hypothesis"].strip():
                by_verdict.setdefault(verdict, []).append(
                    {"premise": r["premise"], "hypothesis": r["hypothesis"], "source": name,
                     "verdict": verdict})
        for verdict in VERDICTS:
            rows = by_verdict.get(verdict, [])
            rng.shuffle(rows)
            out += rows[:n]
    return out


def units_of(text: str, max_sentences: int):
    return claim_units(text, Unit(" ".join(text.split()), 0, len(text)), max_sentences)


def score(backend, pairs, max_sentences: int, batch_size: int) -> dict[str, list[Direction]]:
    """Directions of every pair, with sentence windows and with whole texts only (one call)."""
    plans = []
    for ex in pairs:
        p, h = units_of(ex["premise"], max_sentences), units_of(ex["hypothesis"], max_sentences)
        plans += [windows(p, h), windows(h, p)]
    flat = [(a.text, b.text) for wins in plans for a, b in wins]
    probs = backend.predict(flat, batch_size=batch_size)
    out: dict[str, list[Direction]] = {"sentences": [], "whole": []}
    row = 0
    for wins in plans:
        block = probs[row : row + len(wins)]
        out["sentences"].append(summarise(wins, block))
        out["whole"].append(summarise(wins[:1], block[:1]))  # the whole texts come first
        row += len(wins)
    return out


def features(directions: list[Direction]) -> tuple[np.ndarray, np.ndarray]:
    """Per pair, the max entailment and max contradiction over both directions."""
    e = np.array([d.entailment for d in directions]).reshape(-1, 2).max(axis=1)
    c = np.array([d.contradiction for d in directions]).reshape(-1, 2).max(axis=1)
    return e, c


def single(contradiction: float, entailment: float, guard: float) -> Thresholds:
    """The single-tier rule: possible bars equal to the flag bars leave that tier empty."""
    return Thresholds(contradiction, entailment, guard, contradiction, entailment)


def predict(e: np.ndarray, c: np.ndarray, t: Thresholds) -> np.ndarray:
    """stance.aggregate.decide's verdict, vectorised, tiers merged (checked against it)."""
    return verdict_fit.predict(e, c, t)[0]


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    return float(f1_score(gold, pred, labels=[0, 1, 2], average="macro", zero_division=0))


def search(gold: np.ndarray, e: np.ndarray, c: np.ndarray) -> tuple[Thresholds, float]:
    best: tuple[float, tuple[float, ...]] = (-1.0, ())
    for values in itertools.product(*GRID.values()):
        if values[2] > values[0]:
            continue  # a pair with P(contradiction) >= the contradiction threshold never agrees
        t = single(*map(float, values))
        f1 = macro_f1(gold, predict(e, c, t))
        # Strictly better, or equal with higher thresholds (fewer flags): itertools goes upward.
        if f1 >= best[0] - 1e-12:
            best = (f1, values)
    return single(*map(float, best[1])), best[0]


def sweep(gold: np.ndarray, e: np.ndarray, c: np.ndarray, chosen: Thresholds) -> list[str]:
    """How macro-F1 moves with each threshold alone: how sharp the optimum is."""
    lines = []
    for k, name in enumerate(GRID):
        cells = []
        for v in GRID[name]:
            values = [chosen.contradiction, chosen.entailment, chosen.agree_max_contradiction]
            values[k] = float(v)
            if k == 0:  # agree_max_contradiction above the contradiction threshold is moot
                values[2] = min(values[2], values[0])
            if values[2] <= values[0]:
                f1 = macro_f1(gold, predict(e, c, single(*values)))
                cells.append(f"{v:.2f}:{f1:.3f}")
        lines.append(f"{name}: {' '.join(cells)}")
    return lines


def describe(gold: np.ndarray, pred: np.ndarray) -> str:
    p, r, _, _ = precision_recall_fscore_support(
        gold, pred, labels=[0, 1, 2], zero_division=0
    )
    return (f"macro-F1 {macro_f1(gold, pred):.3f}  contradict P {p[0]:.3f} R {r[0]:.3f}  "
            f"agree P {p[1]:.3f} R {r[1]:.3f}  unrelated P {p[2]:.3f} R {r[2]:.3f}")


def show(t: Thresholds) -> str:
    return (f"contradiction {t.contradiction:.2f}, entailment {t.entailment:.2f}, "
            f"agree_max_contradiction {t.agree_max_contradiction:.2f}, possible_contradiction "
            f"{t.possible_contradiction:.2f}, possible_entailment {t.possible_entailment:.2f}")



CACHE = Path(__file__).resolve().parents[1] / "runs" / "calibration"
REPO = Path(__file__).resolve().parents[1]


def judged_pairs(args: argparse.Namespace, split: str, backend, max_sentences: int
                 ) -> dict[str, np.ndarray]:
    """gold, set, e and c of the --sets pairs of ``split``, judged as analyze judges them;
    cached under runs/calibration/ (the key names everything the numbers depend on)."""
    info = backend.info
    key = json.dumps([info.name, info.revision_or_path, info.backend, args.sets, split, args.n,
                      args.seed, max_sentences, args.data.name])
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    path = CACHE / f"{info.name}-{info.backend}-{split}-{digest}.npz"
    if path.is_file():
        cached = np.load(path)
        print(f"{split}: {len(cached['gold'])} judged pairs from {path.relative_to(REPO)}")
        return {k: cached[k] for k in cached.files}
    pairs = load_pairs(args.sets, args.data, args.n, args.seed, split)
    started = time.time()
    plans = []
    for ex in pairs:
        p, h = units_of(ex["premise"], max_sentences), units_of(ex["hypothesis"], max_sentences)
        plans += [windows(p, h), windows(h, p)]
    flat = [(a.text, b.text) for wins in plans for a, b in wins]
    probs = backend.predict(flat, batch_size=args.batch_size)
    directions, row = [], 0
    for wins in plans:
        directions.append(summarise(wins, probs[row : row + len(wins)]))
        row += len(wins)
    e, c = features(directions)
    out = {"gold": np.array([CODES[ex["verdict"]] for ex in pairs]),
           "set": np.array([ex["source"] for ex in pairs]), "e": e, "c": c}
    # The vectorised rule must be the one analyze applies (checked here, where the pairs are).
    t = Thresholds(0.6, 0.4, 0.3, 0.3, 0.2)
    ref = [CODES[judge(directions[2 * i], directions[2 * i + 1], t).verdict]
           for i in range(len(pairs))]
    assert np.array_equal(np.array(ref), predict(e, c, t))
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, **out)
    print(f"{split}: {len(pairs)} pairs judged in {time.time() - started:.0f} s "
          f"(cached in {path.relative_to(REPO)})")
    return out


def tier_table(data: dict[str, np.ndarray], t: Thresholds, sets: list[str]
               ) -> dict[str, object]:
    """Per tier and verdict, precision / recall / counts: pooled and per set."""
    gold, e, c = data["gold"], data["e"], data["c"]
    out: dict[str, object] = {
        "pairs": len(gold),
        "gold": {v: int((gold == CODES[v]).sum()) for v in VERDICTS},
        "macro_f1": round(verdict_fit.macro_f1(gold, predict(e, c, t)), 3),
    }
    for tier, by_verdict in verdict_fit.tier_scores(gold, e, c, t).items():
        out[tier] = {v: s.as_dict() for v, s in by_verdict.items()}
    for name in sets:
        m = data["set"] == name
        out[name] = {tier: {v: s.as_dict() for v, s in by_verdict.items()}
                     for tier, by_verdict in
                     verdict_fit.tier_scores(gold[m], e[m], c[m], t).items()}
    return out


def print_table(label: str, table: dict[str, object], sets: list[str]) -> None:
    def line(scores: dict[str, dict[str, object]]) -> str:
        cells = []
        for tier in ("flag", "possible", "any"):
            for v in (CONTRADICT, AGREE):
                s = scores[tier][v]
                p = "  -  " if s["precision"] is None else f"{s['precision']:.3f}"
                cells.append(f"{tier[:4]} {v[:5]} P {p} R {s['recall']:.3f} n {s['shown']:3d}")
        return " | ".join(cells)

    print(f"  {label}: {table['pairs']} pairs (gold {table['gold']}), macro-F1 tiers merged "
          f"{table['macro_f1']:.3f}")
    print(f"    pooled    {line(table)}")  # type: ignore[arg-type]
    for name in sets:
        print(f"    {name:9s} {line(table[name])}")  # type: ignore[arg-type]


def precision_curve(data: dict[str, np.ndarray]) -> list[str]:
    """Flag contradict precision at each contradiction threshold: how sharp the choice is."""
    gold, c = data["gold"], data["c"]
    cells = []
    for v in verdict_fit.STEP_GRID:
        s = verdict_fit.score(gold, c >= v, CONTRADICT)
        p = "-" if s.precision is None else f"{s.precision:.2f}"
        cells.append(f"{v:.2f}:{p}/{s.shown}")
    return cells


def tiers_main(args: argparse.Namespace) -> None:
    config = load_analyze_config()
    max_sentences = max_sentences_from_config(config.get("judging"))
    model_ref = resolve_model_ref(args.model)
    backend = load_backend(model_ref, backend=args.backend)
    info = backend.info
    print(f"model {info.name} ({info.revision_or_path}), backend {info.backend}, "
          f"max_sentences {max_sentences}")
    fit_data = judged_pairs(args, args.split, backend, max_sentences)
    if args.thresholds:
        chosen = Thresholds(*map(float, args.thresholds.split(",")))
        reached = None
        print(f"given: {show(chosen)}")
    else:
        result = verdict_fit.fit(fit_data["gold"], fit_data["e"], fit_data["c"],
                                 target=args.target, floor=args.floor,
                                 min_flags=args.min_flags)
        chosen, reached = result.thresholds, result.reached
        print(f"chosen on {args.split}: {show(chosen)}")
        for v, ok in reached.items():
            if not ok:
                print(f"  flag {v}: precision {args.target} not reached with >= "
                      f"{args.min_flags} flags on {args.split}; fallback: the best precision")
    print("flag contradict precision/flags by contradiction threshold on "
          f"{args.split}: {' '.join(precision_curve(fit_data))}")
    in_force = thresholds_for(VerdictConfig.from_config(config.get("verdict")),
                              info.revision_or_path)
    how = "given" if args.thresholds else "chosen"
    tables = {args.split: tier_table(fit_data, chosen, args.sets)}
    print_table(f"{args.split} ({how})", tables[args.split], args.sets)
    print_table(f"{args.split} (in force now: {show(in_force)})",
                tier_table(fit_data, in_force, args.sets), args.sets)
    report = args.report_split
    if report and report != args.split:
        report_data = judged_pairs(args, report, backend, max_sentences)
        tables[report] = tier_table(report_data, chosen, args.sets)
        print_table(f"{report} ({how})", tables[report], args.sets)
        print_table(f"{report} (in force now)", tier_table(report_data, in_force, args.sets),
                    args.sets)
    if args.write:
        if args.thresholds or args.split in ("final",):
            sys.exit("--write: only thresholds chosen here, on a split other than final")
        folder = Path(info.revision_or_path)
        if not folder.is_dir():
            sys.exit(f"--write: {folder} is not a local model folder")
        document = verdict_document(args, chosen, reached or {}, info, tables)
        parse_verdict_file(document, "the document to write")  # what analyze will accept
        target = folder / VERDICT_FILE
        target.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {target}")


def verdict_document(args: argparse.Namespace, t: Thresholds, reached: dict[str, bool], info,
                     tables: dict[str, object]) -> dict[str, object]:
    """A model's verdict.json: the thresholds and how they were found."""
    argv = [a if not a.startswith(str(REPO)) else str(Path(a).relative_to(REPO))
            for a in sys.argv[1:]]
    values = {k: v for k, v in t.as_dict().items() if k not in ("sources", "model_file")}
    return {
        "format": FORMAT,
        "thresholds": values,
        "provenance": {
            "command": "python scripts/calibrate_verdicts.py " + shlex.join(argv),
            "date": datetime.date.today().isoformat(),
            "model": info.name,
            "backend": info.backend,
            "fit_split": args.split,
            "report_split": args.report_split,
            "sets": args.sets,
            "n_per_verdict_and_set": args.n,
            "seed": args.seed,
            "rule": "each bar the lowest with >= min_flags pairs whose precision reaches its "
                    "floor: flags target_precision (else the best precision), possibles "
                    "possible_floor (else none); stance/verdict_fit.py",
            "target_precision": args.target,
            "possible_floor": args.floor,
            "min_flags": args.min_flags,
            "target_reached": reached,
            "scores": tables,
        },
    }


def macro_main(args: argparse.Namespace) -> None:
    pairs = load_pairs(args.sets, args.data, args.n, args.seed, args.split)
    backend = load_backend(resolve_model_ref(args.model), backend=args.backend)
    current = thresholds_for(
        VerdictConfig.from_config(load_analyze_config().get("verdict")),
        backend.info.revision_or_path)
    started = time.time()
    scored = score(backend, pairs, args.max_sentences, args.batch_size)
    print(f"model {backend.info.revision_or_path}; {len(pairs)} pairs "
          f"({', '.join(args.sets)}, <= {args.n} each), scored in {time.time() - started:.0f} s")
    gold = np.array([CODES[ex["verdict"]] for ex in pairs])
    sets = np.array([ex["source"] for ex in pairs])
    print("gold verdicts: " + ", ".join(f"{v} {int((gold == CODES[v]).sum())}" for v in VERDICTS))

    fixed = single(*map(float, args.thresholds.split(","))) if args.thresholds else None
    for mode in ("sentences", "whole"):
        e, c = features(scored[mode])
        if fixed is not None:
            chosen, f1 = fixed, macro_f1(gold, predict(e, c, fixed))
        else:
            chosen, f1 = search(gold, e, c)
        print(f"\n[{mode}] {'given' if fixed else 'chosen'}: {show(chosen)} "
              f"(pooled macro-F1 {f1:.3f})")
        for label, t in (("chosen ", chosen), ("config ", current)):
            print(f"  {label} pooled   {describe(gold, predict(e, c, t))}")
            for name in args.sets:
                m = sets == name
                print(f"  {label} {name:8s} {describe(gold[m], predict(e[m], c[m], t))}")
        even = np.arange(len(gold)) % 2 == 0
        half, _ = search(gold[even], e[even], c[even])
        print(f"  split-half: chosen on even rows {show(half)}; odd rows "
              f"{describe(gold[~even], predict(e[~even], c[~even], half))}")
        print("  one threshold at a time, the others as chosen (pooled macro-F1):")
        for line in sweep(gold, e, c, chosen):
            print(f"    {line}")
        if mode == "sentences":
            # The vectorised rule must be the one analyze applies.
            dirs = scored[mode]
            ref = [CODES[judge(dirs[2 * i], dirs[2 * i + 1], chosen).verdict]
                   for i in range(len(gold))]
            assert np.array_equal(np.array(ref), predict(e, c, chosen))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_data = Path(__file__).resolve().parents[2] / "shared" / "data"
    ap.add_argument("--model", default=None,
                    help="NLI model: a short name (minilm, mpnet) or folder (default: embedded)")
    ap.add_argument("--backend", choices=["onnx", "torch"], default=None,
                    help="as `stance analyze --backend` (default: onnx where exported)")
    ap.add_argument("--data", type=Path, default=default_data)
    ap.add_argument("--sets", nargs="+", default=["snli", "mnli", "sick"])
    ap.add_argument("--n", type=int, default=200,
                    help="pairs per verdict per set (random, seeded)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--split", default="dev",
                    help="dev, or select (fit) and final (report only) for the news-domain set")
    ap.add_argument("--thresholds", default=None,
                    help="C,E,A (single tier) or, with --tiers, C,E,A,PC,PE: score these "
                         "instead of searching (for --split final)")
    ap.add_argument("--max-sentences", type=int, default=6,
                    help="without --tiers (with --tiers: the config's judging.max_sentences)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--tiers", action="store_true",
                    help="fit the two tiers (flag: precision >= --target; possible: macro-F1)")
    ap.add_argument("--target", type=float, default=verdict_fit.TARGET_PRECISION)
    ap.add_argument("--floor", type=float, default=verdict_fit.POSSIBLE_FLOOR,
                    help="with --tiers: the precision a possible tier must reach")
    ap.add_argument("--min-flags", type=int, default=verdict_fit.MIN_FLAGS)
    ap.add_argument("--report-split", default="final",
                    help="with --tiers: the half the chosen thresholds are reported on")
    ap.add_argument("--write", action="store_true",
                    help="with --tiers: write the model folder's verdict.json")
    args = ap.parse_args()
    if args.write and not args.tiers:
        ap.error("--write needs --tiers")
    tiers_main(args) if args.tiers else macro_main(args)


if __name__ == "__main__":
    main()
