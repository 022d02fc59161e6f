"""Writing a trained tagger as the folder ``OnnxTagger`` loads: int8 ONNX, tokenizer, thresholds."""

from __future__ import annotations

import json
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from stance.tagger.spans import TaggerThresholds

ONNX_FILE = "onnx/model.int8.onnx"
_CHECK_TEXT = (
    "“We will not negotiate,” the minister said on Tuesday. Officials in Washington denied "
    "that any talks had taken place, according to a statement. The company declined to comment."
)


def export_tagger(
    model: Any,
    tokenizer: Any,
    thresholds: TaggerThresholds,
    folder: Path,
    *,
    about: dict[str, Any] | None = None,
    max_tokens: int = 256,
) -> dict[str, Any]:
    """Trace ``model`` to ONNX, quantize it (``stance.int8``'s blockwise scheme, the same bits
    on any x86 CPU), check the int8 file's probabilities against torch's and write the folder.
    Returns what ``tagger.json`` says."""
    import torch

    from stance.int8 import quantize
    from stance.tagger.onnx_tagger import OnnxTagger
    from stance.tagger.runtime import tag_windows
    from stance.train.span_tagger import torch_logits

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "onnx").mkdir(exist_ok=True)

    class LogitsOnly(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.model(input_ids=input_ids, attention_mask=attention_mask).logits

    enc = tokenizer([_CHECK_TEXT], return_tensors="pt")
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.onnx"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                LogitsOnly().eval(),
                (enc["input_ids"], enc["attention_mask"]),
                str(fp32),
                input_names=["input_ids", "attention_mask"],
                output_names=["logits"],
                dynamic_axes={
                    "input_ids": {0: "batch", 1: "sequence"},
                    "attention_mask": {0: "batch", 1: "sequence"},
                    "logits": {0: "batch", 1: "sequence"},
                },
                opset_version=17,
                do_constant_folding=True,
                dynamo=False,
            )
        quantize(fp32, folder / ONNX_FILE, "blockwise")
    tokenizer.save_pretrained(str(folder))
    meta: dict[str, Any] = {
        "onnx_file": ONNX_FILE,
        "int8_scheme": "blockwise",
        "max_tokens": max_tokens,
        "labels": [
            "statement O",
            "statement B",
            "statement I",
            "mention O",
            "mention B",
            "mention I",
        ],
        "thresholds": thresholds.to_dict(),
        **(about or {}),
    }
    (folder / "tagger.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    # the int8 file against torch on one window: the largest change of any token's probability
    window = [(0, len(_CHECK_TEXT))]
    ref = tag_windows(_CHECK_TEXT, window, tokenizer, torch_logits(model), max_tokens)[0]
    got = OnnxTagger(folder).tag(_CHECK_TEXT, window)[0]
    diff = float(
        np.abs(
            np.array([*ref.statement, *ref.mention]) - np.array([*got.statement, *got.mention])
        ).max()
    )
    meta["max_prob_diff_int8_vs_torch"] = diff
    (folder / "tagger.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta

