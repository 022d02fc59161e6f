"""The ONNX Runtime backend: the exported (by default int8) model of a local model folder."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from stance.errors import StanceError, first_line
from stance.infer.backend import ModelInfo, Pair
from stance.infer.batching import predict_sorted, softmax
from stance.infer.fast_tokenizer import FastTokenizer
from stance.infer.loading import available_cores, check_local_model_dir, label_order, looks_local

ONNX_SUBDIR = "onnx"
FP32_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"


def onnx_model_path(model_dir: str | Path, quantized: bool = True) -> Path:
    return Path(model_dir) / ONNX_SUBDIR / (INT8_FILE if quantized else FP32_FILE)


def _missing_file_error(path: Path, model_dir: Path, quantized: bool) -> StanceError:
    hint = f"make it with `stance export {model_dir}`"
    if quantized and onnx_model_path(model_dir, quantized=False).is_file():
        hint = (
            f"only the fp32 export exists; re-run `stance export {model_dir} --force` "
            "to add the int8 one"
        )
    return StanceError(f"{path}: ONNX model not found; {hint}")


class OnnxBackend:
    def __init__(
        self,
        model_ref: str,
        *,
        label_override: dict[str, str] | None = None,
        max_length: int | None = None,
        threads: int | None = None,
        quantized: bool = True,
    ) -> None:
        import onnxruntime as ort

        if not looks_local(model_ref):
            raise StanceError(
                f"{model_ref}: the onnx backend needs a local model folder; download the model "
                "and run `stance export MODEL_DIR` on it"
            )
        if threads is not None and threads < 1:
            raise StanceError(f"--threads must be at least 1, got {threads}")
        model_dir = check_local_model_dir(model_ref)
        path = onnx_model_path(model_dir, quantized)
        if not path.is_file():
            raise _missing_file_error(path, model_dir, quantized)

        self.threads = threads or available_cores()
        opts = ort.SessionOptions()
        # One thread per run and `threads` runs at once (predict's workers): on 2 cores this
        # scored 10-20% more pairs/s than one run split over 2 threads, because the many small
        # float ops between the matmuls parallelize poorly inside a run (docs/performance.md).
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3  # errors surface as exceptions; ORT warnings are noise here
        try:
            self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        except Exception as exc:  # ORT raises its own pybind types for every load failure
            raise StanceError(
                f"{path}: cannot load ONNX model (corrupt or incomplete file?): "
                f"{first_line(exc)}; re-create it with `stance export {model_dir} --force`"
            ) from exc

        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        id2label = {int(k): str(v) for k, v in (config.get("id2label") or {}).items()}
        self.order, names = label_order(id2label, str(model_dir), label_override)
        limits = [max_length or 512, 512, int(config.get("max_position_embeddings") or 512)]
        # tokenizers, not transformers: the same Rust tokenizer, without seconds of imports
        self.tokenizer = FastTokenizer(model_dir, min(limits))
        self.max_length = self.tokenizer.max_length
        self.input_names = [i.name for i in self.session.get_inputs()]
        self._check_graph(path)
        self.info = ModelInfo(
            name=model_dir.name,
            revision_or_path=str(model_dir.resolve()),
            labels=names,
            backend="onnx",
            extra={"onnx_file": f"{ONNX_SUBDIR}/{path.name}", "threads": str(self.threads)},
            batch_invariant=True,
        )

    def _check_graph(self, path: Path) -> None:
        """The graph must take what the tokenizer makes and give 3 logits per pair."""
        known = {"input_ids", "token_type_ids", "attention_mask"}
        unknown = [n for n in self.input_names if n not in known]
        if unknown or "input_ids" not in self.input_names:
            raise StanceError(
                f"{path}: graph inputs {self.input_names} do not match the "
                f"tokenizer's {sorted(known)}"
            )
        outputs = self.session.get_outputs()
        width = outputs[0].shape[-1] if outputs and outputs[0].shape else None
        if isinstance(width, int) and width != 3:
            raise StanceError(f"{path}: graph gives {width} logits per pair; an NLI model gives 3")

    def _encode(self, pairs: Sequence[Pair]) -> tuple[list[list[int]], list[list[int]] | None]:
        ids, types = self.tokenizer.encode_pairs(pairs)
        return ids, types if "token_type_ids" in self.input_names else None

    def count_tokens(self, pairs: Sequence[Pair]) -> list[int]:
        ids, _ = self._encode(pairs)
        return [len(x) for x in ids]

    def _feeds(self, ids: list[list[int]], types: list[list[int]] | None) -> dict[str, np.ndarray]:
        feeds = self.tokenizer.pad(ids, types)
        return {name: feeds[name] for name in self.input_names}

    def predict(self, pairs: Sequence[Pair], batch_size: int = 32) -> np.ndarray:
        if batch_size < 1:
            raise StanceError(f"batch size must be at least 1, got {batch_size}")
        # Each distinct pair is tokenized once: the lengths used for sorting and the ids fed to
        # the model come from the same pass.
        encoded: dict[Pair, tuple[list[int], list[int] | None]] = {}

        def lengths_of(distinct: list[Pair]) -> list[int]:
            ids, types = self._encode(distinct)
            for i, pair in enumerate(distinct):
                encoded[pair] = (ids[i], types[i] if types is not None else None)
            return [len(x) for x in ids]

        def score_batch(batch: list[Pair]) -> np.ndarray:
            rows = [encoded[pair] for pair in batch]
            types = None if rows[0][1] is None else [t for _, t in rows]
            logits = self.session.run(None, self._feeds([i for i, _ in rows], types))[0]
            return softmax(logits.astype(np.float32))[:, self.order]

        return predict_sorted(
            list(pairs), lengths_of, score_batch, batch_size, workers=self.threads
        )
