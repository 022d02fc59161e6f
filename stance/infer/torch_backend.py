"""The transformers/torch backend: any sequence-classification NLI model, local or from the hub."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from stance.errors import StanceError, first_line
from stance.infer.backend import ModelInfo, Pair
from stance.infer.batching import predict_sorted
from stance.infer.loading import (
    available_cores,
    check_local_model_dir,
    label_order,
    looks_local,
    model_window,
)

# Files one of which a tokenizer needs (fast, WordPiece, BPE or SentencePiece).
TOKENIZER_FILES = (
    "tokenizer.json",
    "vocab.txt",
    "vocab.json",
    "spiece.model",
    "sentencepiece.bpe.model",
    "tokenizer.model",
)


def check_local_tokenizer(folder: Path) -> None:
    """A local model folder must carry its tokenizer: without one, transformers may build a
    tokenizer that does not match the weights, and every score would be wrong."""
    if not any((folder / name).is_file() for name in TOKENIZER_FILES):
        raise StanceError(
            f"{folder}: no tokenizer files ({', '.join(TOKENIZER_FILES[:2])}, …) in the model "
            "folder"
        )


DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}


def torch_dtype(name: str | None) -> torch.dtype:
    """The compute dtype named ``name`` (None: float32)."""
    if name is None:
        return torch.float32
    if name not in DTYPES:
        raise StanceError(f"unknown dtype {name!r}: choose one of {', '.join(DTYPES)}")
    return DTYPES[name]


def half_dtype_for(device: str) -> str:
    """The half-precision dtype a GPU runs fastest: bf16 where supported, else fp16."""
    if device.startswith("cuda") and torch.cuda.is_available() and torch.cuda.is_bf16_supported():
        return "bfloat16"
    return "float16"


class TorchBackend:
    def __init__(
        self,
        model_ref: str,
        *,
        label_override: dict[str, str] | None = None,
        max_length: int | None = None,
        threads: int | None = None,
        device: str = "cpu",
        dtype: str | None = None,
    ) -> None:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        local = looks_local(model_ref)
        if local:
            check_local_tokenizer(check_local_model_dir(model_ref))
        # Default: every core this process may run on (torch's own default can be fewer).
        torch.set_num_threads(threads or available_cores())
        try:
            # trust_remote_code stays False: a model id must never run code from the hub.
            self.tokenizer = AutoTokenizer.from_pretrained(
                model_ref, trust_remote_code=False, local_files_only=local
            )
            # float32 compute by default: weights may be stored in half precision to keep the
            # repo small, and half-precision matmuls are slow on CPUs. A GPU runs bf16/fp16.
            self.model = AutoModelForSequenceClassification.from_pretrained(
                model_ref,
                trust_remote_code=False,
                dtype=torch_dtype(dtype),
                local_files_only=local,
            )
        except Exception as exc:  # a truncated safetensors file raises safetensors' own type
            raise StanceError(f"{model_ref}: cannot load model: {first_line(exc)}") from exc
        self.model.eval()
        try:
            self.model.to(device)
        except (RuntimeError, AssertionError) as exc:
            raise StanceError(f"--device {device}: {exc}") from exc
        self.device = device
        id2label = {int(k): v for k, v in self.model.config.id2label.items()}
        self.order, names = label_order(id2label, model_ref, label_override)
        self.max_length = model_window(self.tokenizer, self.model.config, max_length)
        path = Path(model_ref)
        self.info = ModelInfo(
            name=path.name if path.exists() else model_ref,
            revision_or_path=str(path.resolve()) if path.exists() else model_ref,
            labels=names,
            backend="torch",
            extra={"dtype": str(torch_dtype(dtype)).removeprefix("torch."), "device": device},
        )

    def count_tokens(self, pairs: Sequence[Pair]) -> list[int]:
        enc = self.tokenizer(
            [p for p, _ in pairs],
            [h for _, h in pairs],
            truncation=True,
            max_length=self.max_length,
        )
        return [len(ids) for ids in enc["input_ids"]]

    def _score(self, batch: list[Pair]) -> np.ndarray:
        enc = self.tokenizer(
            [p for p, _ in batch],
            [h for _, h in batch],
            truncation=True,
            max_length=self.max_length,
            padding=True,
            return_tensors="pt",
        ).to(self.device)
        logits = self.model(**enc).logits.float()
        probs = torch.softmax(logits, dim=-1)[:, self.order]
        return probs.cpu().numpy()

    def predict(self, pairs: Sequence[Pair], batch_size: int = 32) -> np.ndarray:
        if batch_size < 1:
            raise StanceError(f"batch size must be at least 1, got {batch_size}")
        with torch.inference_mode():
            return predict_sorted(list(pairs), self.count_tokens, self._score, batch_size)
