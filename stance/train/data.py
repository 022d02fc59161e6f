"""The training mix and the dev sets, built from the labeled sets and synthetic pairs."""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import yaml

from stance.errors import StanceError
from stance.io.nli_sets import SETS, Record, read_fnc1, read_split, split_records
from stance.labels import NLI_LABELS, canonical_label
from stance.train.config import TrainConfig
from stance.train.synth import lexical_pairs, topic_neutral_pairs

LABEL_MAP_DIR = Path(__file__).resolve().parents[2] / "configs" / "label_maps"
Example = dict[str, str]


@cache
def nli_label_map(name: str) -> dict[str, str]:
    path = LABEL_MAP_DIR / f"{name}.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(k).lower(): v for k, v in spec["map"].items()}


NOT_ENTAILMENT = "not_entailment"
# FNC-1 stances as NLI labels of (closest body window, headline); "unrelated" is not NLI.
FNC1_NLI = {"agree": "entailment", "disagree": "contradiction", "discuss": "neutral"}


def to_nli(set_name: str, records: list[Record]) -> list[Example]:
    """Rows whose label maps to an NLI label, or to a two-way set's "not entailment" (trained
    with the two-way loss, stance/train/loss.py)."""
    if set_name == "fnc1_nli":
        return [
            {
                "premise": r["premise"],
                "hypothesis": r["hypothesis"],
                "label": FNC1_NLI[r["label"].lower()],
                "source": set_name,
            }
            for r in records
            if r["label"].lower() in FNC1_NLI
        ]
    mapping = nli_label_map(SETS[set_name].label_map)
    out = []
    for r in records:
        label = mapping.get(r["label"].lower())
        if label is None:
            continue
        if label != NOT_ENTAILMENT and canonical_label(label) not in NLI_LABELS:
            continue
        out.append(
            {
                "premise": r["premise"],
                "hypothesis": r["hypothesis"],
                "label": label,
                "source": set_name,
            }
        )
    return out


def set_splits(cfg: TrainConfig, name: str) -> tuple[list[Example], list[Example]]:
    """(train side, dev side) of a set as NLI examples; ``fnc1_nli`` is FNC-1's related pairs
    (body against headline, on FNC-1's body-grouped split)."""
    source = "fnc1" if name == "fnc1_nli" else name
    if source not in SETS:
        raise StanceError(f"unknown set {name!r}; known: {', '.join(sorted(SETS))}, fnc1_nli")
    root = Path(cfg.data_root)
    return (
        to_nli(name, read_split(source, "train", root, cfg.dev_fraction)),
        to_nli(name, read_split(source, cfg.dev_split, root, cfg.dev_fraction)),
    )


def window_cache(cfg: TrainConfig) -> Path:
    """One cache beside the run folders, shared by the runs of a sweep."""
    return Path(cfg.output_dir).parent / "window-cache.jsonl"


def cap_per_label(rows: list[Example], cap: int | None, seed: int) -> list[Example]:
    if cap is None:
        return rows
    rng = random.Random(seed)
    out: list[Example] = []
    for label in sorted({r["label"] for r in rows}):
        group = [r for r in rows if r["label"] == label]
        out.extend(group if len(group) <= cap else rng.sample(group, cap))
    return out


def windowed(rows: list[Example], max_length: int, cache: Path | None = None) -> list[Example]:
    """Long premises cut to the window closest to the hypothesis (needs the embedder). Choosing
    windows for thousands of long pairs takes minutes, so the choices are kept in ``cache``."""
    from stance.embed import OnnxEmbedder
    from stance.infer.loading import available_cores
    from stance.train.windowed import WindowCache, closest_windows, token_counter

    store = WindowCache(cache, max_length)
    pairs = [(r["premise"], r["hypothesis"]) for r in rows]
    todo = sorted({p for p in pairs if p not in store})
    if todo:
        store.add(
            todo,
            closest_windows(
                todo, token_counter(max_length), OnnxEmbedder(threads=available_cores())
            ),
        )
    return [{**r, "premise": store[p]} for r, p in zip(rows, pairs, strict=True)]


_SENT = re.compile(r"(?<=[.!?])[\"”']?\s+(?=[\"“A-Z])")


def sentences_of(text: str) -> list[str]:
    out = []
    for para in re.split(r"\n\s*\n|\n", text):
        out.extend(s.strip() for s in _SENT.split(para.strip()) if s.strip())
    return out


def fnc_body_docs(cfg: TrainConfig, dev: bool) -> list[list[str]]:
    """FNC-1 article bodies, split by the same body-grouped split the fnc1 eval set uses."""
    spec = SETS["fnc1"]
    records = list(read_fnc1(Path(cfg.data_root) / spec.relpath))
    train, dev_recs = split_records("fnc1", records, cfg.dev_fraction)
    chosen = dev_recs if dev else train
    bodies = {r["group"]: r["premise"] for r in chosen}
    return [[s for s in sentences_of(b) if 30 <= len(s) <= 300] for _, b in sorted(bodies.items())]


def build_mix(cfg: TrainConfig) -> tuple[list[Example], dict[str, list[Example]]]:
    """Return (training examples, {dev set name: examples}). Dev rows never enter training."""
    rng = random.Random(cfg.seed)
    train: list[Example] = []
    devs: dict[str, list[Example]] = {}
    seen_sets: dict[str, tuple[list[Example], list[Example]]] = {}
    for name in {m.set for m in cfg.mix} | set(cfg.dev_sets) - {"lexical"}:
        seen_sets[name] = set_splits(cfg, name)
    for entry in cfg.mix:
        rows = cap_per_label(list(seen_sets[entry.set][0]), entry.max_per_label, cfg.seed)
        if entry.window:
            rows = windowed(rows, cfg.max_length, window_cache(cfg))
        if entry.symmetric_contradictions:
            # Contradiction is symmetric; entailment is not, so only contradictions are flipped.
            rows += [
                {**r, "premise": r["hypothesis"], "hypothesis": r["premise"]}
                for r in rows
                if r["label"] == "contradiction" and len(r["premise"]) < 400
            ]
        whole, frac = int(entry.weight), entry.weight - int(entry.weight)
        picked = rows * whole + (rng.sample(rows, int(len(rows) * frac)) if frac else [])
        train.extend(picked)
    # Synthetic pairs come from training-side sentences only; the lexical dev set from dev ones.
    syn = cfg.synthetic
    if syn.lexical_pairs or syn.lexical_dev_pairs:
        train_sents = sorted(
            {
                r["premise"]
                for n in ("snli", "mnli", "sick")
                if n in seen_sets
                for r in seen_sets[n][0]
            }
        )
        dev_sents = sorted(
            {
                r["premise"]
                for n in ("snli", "mnli", "sick")
                if n in seen_sets
                for r in seen_sets[n][1]
            }
        )
        news_train = fnc_body_docs(cfg, dev=False) if syn.news_pairs else []
        if syn.lexical_pairs:
            news_sents = [s for d in news_train for s in d]
            pool = train_sents + news_sents[: len(train_sents)]
            train.extend(
                {**r, "source": "lexical"} for r in lexical_pairs(pool, syn.lexical_pairs, cfg.seed)
            )
        if syn.news_pairs:
            train.extend(
                {**r, "source": "news"}
                for r in topic_neutral_pairs(news_train, syn.news_pairs // 2, cfg.seed)
            )
            news_sents = [s for d in news_train for s in d]
            train.extend(
                {**r, "source": "news"}
                for r in lexical_pairs(news_sents, syn.news_pairs // 2, cfg.seed + 1)
            )
        if "lexical" in cfg.dev_sets:
            news_dev = [s for d in fnc_body_docs(cfg, dev=True) for s in d]
            devs["lexical"] = [
                {**r, "source": "lexical"}
                for r in lexical_pairs(
                    dev_sents + news_dev[:500], syn.lexical_dev_pairs, cfg.seed + 100
                )
            ]
    windowed_sets = {m.set for m in cfg.mix if m.window}
    for name in cfg.dev_sets:
        if name == "lexical":
            continue
        rows = seen_sets[name][1]
        if len(rows) > cfg.dev_max_rows:
            rows = random.Random(cfg.seed).sample(rows, cfg.dev_max_rows)
        if name in windowed_sets:
            rows = windowed(rows, cfg.max_length, window_cache(cfg))
        devs[name] = rows
    if cfg.limit_train_rows:
        rng.shuffle(train)
        train = train[: cfg.limit_train_rows]
    return train, devs
