"""The one model-backend interface every stage that needs NLI goes through."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from stance.errors import StanceError

Pair = tuple[str, str]

# The embedded model ships in the repository's models/ folder.
MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
DEFAULT_MODEL_NAME = "stance-nli-minilm-l6"


def default_model_path() -> Path:
    """The embedded model, or the one named by STANCE_MODEL."""
    env = os.environ.get("STANCE_MODEL")
    return Path(env) if env else MODELS_DIR / DEFAULT_MODEL_NAME


@dataclass(frozen=True)
class ModelInfo:
    name: str
    revision_or_path: str
    labels: list[str]  # the model's own label names, in NLI_LABELS order
    backend: str = "torch"
    extra: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "revision_or_path": self.revision_or_path,
            "labels": list(self.labels),
        }


class NLIBackend(Protocol):
    """Scores (premise, hypothesis) pairs.

    ``predict`` returns an (N, 3) float array of probabilities whose columns follow
    ``stance.labels.NLI_LABELS`` (entailment, neutral, contradiction), rows in input order.
    """

    info: ModelInfo
    max_length: int

    def predict(self, pairs: Sequence[Pair], batch_size: int = 32) -> np.ndarray: ...

    def count_tokens(self, pairs: Sequence[Pair]) -> list[int]: ...


def load_backend(
    model: str | Path | None = None,
    *,
    backend: str = "torch",
    label_override: dict[str, str] | None = None,
    max_length: int | None = None,
    threads: int | None = None,
    device: str = "cpu",
    quantized: bool = True,
) -> NLIBackend:
    """Load a backend by name; ``model`` is a hub id or a local folder (default: embedded)."""
    model_ref = str(model) if model else str(default_model_path())
    if threads is not None and threads < 1:
        raise StanceError(f"--threads must be at least 1, got {threads}")
    if backend == "torch":
        from stance.infer.torch_backend import TorchBackend

        return TorchBackend(
            model_ref,
            label_override=label_override,
            max_length=max_length,
            threads=threads,
            device=device,
        )
    if backend == "onnx":
        from stance.infer.onnx_backend import OnnxBackend

        return OnnxBackend(
            model_ref,
            label_override=label_override,
            max_length=max_length,
            threads=threads,
            quantized=quantized,
        )
    raise StanceError(f"unknown backend {backend!r}: choose torch or onnx")
