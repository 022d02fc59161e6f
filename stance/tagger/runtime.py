"""Per-token probabilities from the statement tagger, for character windows of a text.

The model is a token classifier with six logits per token: statement O/B/I, then speaker
mention O/B/I. ``tag_windows`` does the tokenising and the two softmaxes whatever computes the
logits: the shipped ONNX file at run time (``stance.tagger.onnx_tagger``), the torch model
while training. ``StatementTagger`` is what ``extract_claims`` takes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from stance.tagger.spans import Span, TaggerThresholds

LogitsFn = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class TaggedWindow:
    """One window's tokens: character offsets into the text, and per token
    (P(B), P(I)) of a statement and of a speaker mention."""

    offsets: list[Span]
    statement: list[tuple[float, float]]
    mention: list[tuple[float, float]]


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def tag_windows(
    text: str,
    windows: Sequence[Span],
    tokenizer: Any,
    logits_fn: LogitsFn,
    max_tokens: int = 256,
) -> list[TaggedWindow]:
    """Tag each character window of ``text`` alone (so a window's answer never depends on the
    others), longest first in one batch per call of ``logits_fn`` on at most 16 windows."""
    encoded = []
    for start, end in windows:
        enc = tokenizer(
            text[start:end],
            return_offsets_mapping=True,
            add_special_tokens=False,
            truncation=True,
            max_length=max_tokens - 2,
        )
        offsets = [(start + s, start + e) for s, e in enc["offset_mapping"]]
        encoded.append((enc["input_ids"], offsets))
    out: list[TaggedWindow | None] = [None] * len(windows)
    order = sorted(range(len(windows)), key=lambda i: -len(encoded[i][0]))
    for b in range(0, len(order), 16):
        batch = order[b : b + 16]
        width = max(len(encoded[i][0]) for i in batch) + 2
        ids = np.full((len(batch), width), tokenizer.pad_token_id, dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, i in enumerate(batch):
            tokens = [tokenizer.cls_token_id, *encoded[i][0], tokenizer.sep_token_id]
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        logits = logits_fn(ids, mask)
        for row, i in enumerate(batch):
            n = len(encoded[i][0])
            z = logits[row, 1 : n + 1].astype(np.float64)
            stmt, ment = _softmax(z[:, :3]), _softmax(z[:, 3:6])
            out[i] = TaggedWindow(
                encoded[i][1],
                [(float(p[1]), float(p[2])) for p in stmt],
                [(float(p[1]), float(p[2])) for p in ment],
            )
    return [w for w in out if w is not None]


class StatementTagger(Protocol):
    """Tags character windows of a text; ``thresholds`` turn its probabilities into spans."""

    thresholds: TaggerThresholds

    def tag(self, text: str, windows: Sequence[Span]) -> list[TaggedWindow]: ...


@dataclass
class LogitsTagger:
    """A ``StatementTagger`` from any logits function (a torch model while training)."""

    tokenizer: Any
    logits: LogitsFn
    thresholds: TaggerThresholds
    max_tokens: int = 256

    def tag(self, text: str, windows: Sequence[Span]) -> list[TaggedWindow]:
        return tag_windows(text, windows, self.tokenizer, self.logits, self.max_tokens)
