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

# The embedded models ship in the repository's models/ folder.
MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
# MPNet since issue 24: 8.6 points above MiniLM on MNLI's final dev half, and the seed in about
# 9 s from a fresh process with its int8 file (the rule: at least 5 points, at most 10 s).
DEFAULT_MODEL_NAME = "stance-nli-mpnet"


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
    # Whether a pair's scores are the same bits whatever other pairs share its predict call.
    # ONNX Runtime's CPU kernels compute each row alone (measured on the shipped int8 files,
    # AVX-512 VNNI and emulated AVX2: tests/test_analyze_many.py); torch's GEMMs pick kernels by
    # the batch's shape, which moves the last bits. ``analyze_texts`` judges many articles in
    # one call only when this holds, so an article's document never depends on its neighbours.
    batch_invariant: bool = False

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


_noted: set[str] = set()
BACKENDS = ("torch", "onnx")


def check_backend_name(backend: str) -> None:
    if backend not in BACKENDS:
        raise StanceError(f"unknown backend {backend!r}: choose {' or '.join(BACKENDS)}")


def resolve_backend(
    model_ref: str, backend: str | None, device: str = "cpu", *, default_model: bool = False
) -> tuple[str, str]:
    """The backend to use, and a note when the default model had to fall back: the one asked
    for, else onnx when the model folder has the int8 ONNX file (and the device is the CPU),
    else torch (a model without an export, a hub id, a GPU)."""
    if backend is not None:
        return backend, ""
    if device != "cpu":
        return "torch", ""
    from stance.infer.onnx_backend import onnx_model_path

    path = onnx_model_path(Path(model_ref).expanduser(), quantized=True)
    if path.is_file():
        return "onnx", ""
    note = f"note: {path} not found; using --backend torch" if default_model else ""
    return "torch", note


def load_backend(
    model: str | Path | None = None,
    *,
    backend: str | None = None,
    label_override: dict[str, str] | None = None,
    max_length: int | None = None,
    threads: int | None = None,
    device: str = "cpu",
    quantized: bool = True,
    dtype: str | None = None,
) -> NLIBackend:
    """Load a backend by name; ``model`` is a hub id or a local folder (default: embedded).

    ``backend=None`` chooses (``resolve_backend``); falling back to torch is said once per
    process on stderr. ``dtype`` (torch only): float32 (default), bfloat16 or float16.
    """
    model_ref = str(model) if model else str(default_model_path())
    if threads is not None and threads < 1:
        raise StanceError(f"--threads must be at least 1, got {threads}")
    backend, note = resolve_backend(model_ref, backend, device, default_model=not model)
    check_backend_name(backend)
    if note and note not in _noted:
        import sys

        _noted.add(note)
        print(note, file=sys.stderr)
    if backend == "torch":
        from stance.infer.torch_backend import TorchBackend

        return TorchBackend(
            model_ref,
            label_override=label_override,
            max_length=max_length,
            threads=threads,
            device=device,
            dtype=dtype,
        )
    if dtype not in (None, "float32"):
        raise StanceError(f"the onnx backend runs its int8/fp32 export, not {dtype}")
    from stance.infer.onnx_backend import OnnxBackend

    return OnnxBackend(
        model_ref,
        label_override=label_override,
        max_length=max_length,
        threads=threads,
        quantized=quantized,
    )
