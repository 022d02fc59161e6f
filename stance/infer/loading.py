"""Locating a model (local folder or hub id) and reading its label order, with clear errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

from stance.errors import StanceError
from stance.labels import NLI_LABELS, LabelMappingError, resolve_label_order


def looks_local(ref: str) -> bool:
    """A reference is a local path if it exists or is written like one (hub ids are org/name)."""
    return (
        Path(ref).exists() or ref.startswith((".", "/", "~")) or ref.count("/") > 1 or "\\" in ref
    )


def check_local_model_dir(ref: str) -> Path:
    path = Path(ref).expanduser()
    if not path.exists():
        raise StanceError(f"{ref}: model directory not found")
    if not path.is_dir():
        raise StanceError(f"{ref}: not a model directory (expected a folder with config.json)")
    config = path / "config.json"
    if not config.is_file():
        raise StanceError(f"{ref}: no config.json in model directory")
    try:
        json.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StanceError(f"{config}: unreadable model config: {exc}") from exc
    return path


def label_order(
    id2label: dict[int, str], ref: str, override: dict[str, str] | None
) -> tuple[list[int], list[str]]:
    """Indices of the model outputs in NLI_LABELS order, and the model's names for them."""
    try:
        order = resolve_label_order(id2label, override)
    except LabelMappingError as exc:
        raise StanceError(f"{ref}: {exc}") from exc
    names = [str(id2label[i]) for i in order]
    assert len(names) == len(NLI_LABELS)
    return order, names


def model_window(tokenizer: object, config: object, requested: int | None) -> int:
    """Tokens per pair: the smallest of the request, the tokenizer's limit and the positions.

    Tokenizers saved without a limit report a huge model_max_length, so the position
    embeddings are the real bound.
    """
    limits = [512, int(getattr(tokenizer, "model_max_length", 512) or 512)]
    positions = getattr(config, "max_position_embeddings", None)
    if positions:
        limits.append(int(positions))
    if requested:
        limits.append(int(requested))
    return min(limits)


def available_cores() -> int:
    """Cores this process may run on (respects taskset/cgroup affinity, unlike os.cpu_count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
