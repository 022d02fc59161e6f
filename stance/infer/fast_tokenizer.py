"""The model folder's tokenizer.json through the `tokenizers` library, without transformers.

It is the Rust tokenizer that transformers' fast tokenizers wrap, so the ids are the same
(``tests/test_cold_start.py`` checks them against transformers on a few hundred pairs), and it
imports in milliseconds where transformers takes seconds. Used by the ONNX backend and the ONNX
sentence embedder.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from stance.errors import StanceError, first_line

if TYPE_CHECKING:
    from tokenizers import Tokenizer

TOKENIZER_FILE = "tokenizer.json"


class FastTokenizer:
    """Pair or single-text encoding with truncation (longest first) and no padding."""

    def __init__(self, folder: str | Path, max_length: int) -> None:
        from tokenizers import Tokenizer

        folder = Path(folder)
        path = folder / TOKENIZER_FILE
        if not path.is_file():
            raise StanceError(f"{folder}: no {TOKENIZER_FILE} (a fast tokenizer is needed)")
        try:
            self.tokenizer = Tokenizer.from_file(str(path))
        except Exception as exc:  # the Rust side raises its own exception type
            raise StanceError(f"{path}: cannot load tokenizer: {first_line(exc)}") from exc
        config = _read_json(folder / "tokenizer_config.json")
        limit = int(config.get("model_max_length") or max_length)
        self.max_length = min(max_length, limit) if limit < 10**6 else max_length
        side = str(config.get("truncation_side") or "right")
        self.tokenizer.enable_truncation(self.max_length, strategy="longest_first", direction=side)
        self.tokenizer.no_padding()
        pad = config.get("pad_token")
        pad_token = pad.get("content") if isinstance(pad, dict) else pad
        pad_id = self.tokenizer.token_to_id(pad_token) if pad_token else None
        self.pad_id = int(pad_id or 0)
        self.pad_left = config.get("padding_side") == "left"

    def encode_pairs(
        self, pairs: Sequence[tuple[str, str]]
    ) -> tuple[list[list[int]], list[list[int]]]:
        encodings = self.tokenizer.encode_batch([(p, h) for p, h in pairs])
        return [e.ids for e in encodings], [e.type_ids for e in encodings]

    def encode_texts(self, texts: Sequence[str]) -> tuple[list[list[int]], list[list[int]]]:
        encodings = self.tokenizer.encode_batch(list(texts))
        return [e.ids for e in encodings], [e.type_ids for e in encodings]

    def pad(
        self, ids: Sequence[Sequence[int]], types: Sequence[Sequence[int]] | None = None
    ) -> dict[str, np.ndarray]:
        """One batch padded to its own longest row (dynamic padding), on the side the tokenizer
        pads, so torch and ONNX see identical inputs: input_ids, attention_mask, token_type_ids.
        """
        width = max(len(x) for x in ids)
        input_ids = np.full((len(ids), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.int64)
        token_types = np.zeros((len(ids), width), dtype=np.int64)
        for row, seq in enumerate(ids):
            cols = slice(width - len(seq), width) if self.pad_left else slice(0, len(seq))
            input_ids[row, cols] = seq
            mask[row, cols] = 1
            if types is not None:
                token_types[row, cols] = types[row]
        return {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": token_types}

    # The token counting that SummaC-style windows need (stance.windows.TokenCounter): exact,
    # untruncated lengths and word-piece offsets.

    @functools.cached_property
    def _untruncated(self) -> Tokenizer:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_str(self.tokenizer.to_str())
        tok.no_truncation()
        tok.no_padding()
        return tok

    def num_special_tokens_to_add(self, pair: bool = True) -> int:
        processor = self.tokenizer.post_processor
        return int(processor.num_special_tokens_to_add(pair)) if processor is not None else 0

    def pair_lengths(self, pairs: Sequence[tuple[str, str]]) -> list[int]:
        return [len(e.ids) for e in self._untruncated.encode_batch([(p, h) for p, h in pairs])]

    def text_lengths(self, texts: Sequence[str]) -> list[int]:
        encodings = self._untruncated.encode_batch(list(texts), add_special_tokens=False)
        return [len(e.ids) for e in encodings]

    def offsets(self, text: str) -> list[tuple[int, int]]:
        return list(self._untruncated.encode(text, add_special_tokens=False).offsets)


def _read_json(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StanceError(f"{path}: unreadable tokenizer config: {exc}") from exc
    return data if isinstance(data, dict) else {}
