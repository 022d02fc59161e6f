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


def to_nli(set_name: str, records: list[Record]) -> list[Example]:
    """Keep rows whose label maps to an NLI label (2-way sets' "not entailment" does not)."""
    mapping = nli_label_map(SETS[set_name].label_map)
    out = []
    for r in records:
        label = mapping.get(r["label"].lower())
        if label is None or canonical_label(label) not in NLI_LABELS:
            continue
        out.append({"premise": r["premise"], "hypothesis": r["hypothesis"], "label": label,
                    "source": set_name})
    return out


def set_splits(cfg: TrainConfig, name: str) -> tuple[list[Example], list[Example]]:
    if name not in SETS:
        raise StanceError(f"unknown set {name!r}; known: {', '.join(sorted(SETS))}")
    root = Path(cfg.data_root)
    return (to_nli(name, read_split(name, "train", root, cfg.dev_fraction)),
            to_nli(name, read_split(name, "dev", root, cfg.dev_fraction)))


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
        rows = list(seen_sets[entry.set][0])
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
        train_sents = sorted({r["premise"] for n in ("snli", "mnli", "sick")
                              if n in seen_sets for r in seen_sets[n][0]})
        dev_sents = sorted({r["premise"] for n in ("snli", "mnli", "sick")
                            if n in seen_sets for r in seen_sets[n][1]})
        news_train = fnc_body_docs(cfg, dev=False) if syn.news_pairs else []
        if syn.lexical_pairs:
            news_sents = [s for d in news_train for s in d]
            pool = train_sents + news_sents[: len(train_sents)]
            train.extend({**r, "source": "lexical"}
                         for r in lexical_pairs(pool, syn.lexical_pairs, cfg.seed))
        if syn.news_pairs:
            train.extend({**r, "source": "news"}
                         for r in topic_neutral_pairs(news_train, syn.news_pairs // 2, cfg.seed))
            news_sents = [s for d in news_train for s in d]
            train.extend({**r, "source": "news"}
                         for r in lexical_pairs(news_sents, syn.news_pairs // 2, cfg.seed + 1))
        if "lexical" in cfg.dev_sets:
            news_dev = [s for d in fnc_body_docs(cfg, dev=True) for s in d]
            devs["lexical"] = [
                {**r, "source": "lexical"}
                for r in lexical_pairs(dev_sents + news_dev[:500], syn.lexical_dev_pairs,
                                       cfg.seed + 100)
            ]
    for name in cfg.dev_sets:
        if name == "lexical":
            continue
        rows = seen_sets[name][1]
        if len(rows) > cfg.dev_max_rows:
            rows = random.Random(cfg.seed).sample(rows, cfg.dev_max_rows)
        devs[name] = rows
    if cfg.limit_train_rows:
        rng.shuffle(train)
        train = train[: cfg.limit_train_rows]
    return train, devs
