"""A trained statement tagger's folder at run time: ONNX file, tokenizer, decoding thresholds."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from stance.errors import StanceError
from stance.tagger.runtime import TaggedWindow, tag_windows
from stance.tagger.spans import Span, TaggerThresholds


class OnnxTagger:
    """A tagger folder: ``tagger.json`` (ONNX file name, thresholds, window size), the ONNX
    file and the tokenizer files."""

    def __init__(self, folder: Path) -> None:
        meta_path = folder / "tagger.json"
        if not meta_path.is_file():
            raise StanceError(f"{folder}: not a statement tagger (no tagger.json)")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            self.thresholds = TaggerThresholds.from_dict(meta["thresholds"])
            onnx_file = folder / meta["onnx_file"]
            self.max_tokens = int(meta.get("max_tokens", 256))
        except (ValueError, KeyError, TypeError) as e:
            raise StanceError(f"{meta_path}: {e}") from e
        import onnxruntime as ort
        from transformers import AutoTokenizer

        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        # one thread: the same bits on any machine, and the parse has the other core
        opts.intra_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(onnx_file), opts, providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = AutoTokenizer.from_pretrained(str(folder), trust_remote_code=False)

    def logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        return np.asarray(self.session.run(None, feeds)[0])

    def tag(self, text: str, windows: Sequence[Span]) -> list[TaggedWindow]:
        return tag_windows(text, windows, self.tokenizer, self.logits, self.max_tokens)


@lru_cache(maxsize=2)
def load_tagger(folder: str) -> OnnxTagger:
    """The tagger in ``folder``, loaded once per process."""
    return OnnxTagger(Path(folder))
