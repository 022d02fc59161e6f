"""Long premises, SummaC-style: score sentence windows that fit the model, keep the deciding one.

A premise is *long* when the tokenized pair (premise, hypothesis) would not fit ``max_length``
tokens. Such a premise is split into sentences, and consecutive sentences are packed greedily
into non-overlapping windows whose pair with the hypothesis fits. A single sentence too long for
a window is cut at token boundaries. Every (window, hypothesis) pair is scored.

Aggregation rule (SummaC zero-shot, Laban et al. 2022): an article entails a claim if *some*
part of it does, and contradicts it if some part does. So take

    w_e = argmax_w P(entailment | w)      w_c = argmax_w P(contradiction | w)

The deciding window is ``w_e`` when ``P(e | w_e) >= P(c | w_c)``, else ``w_c`` (ties go to
entailment, and to the earliest window). The pair's probabilities are the deciding window's own
distribution, so they still sum to 1, and the label is its argmax: neutral when even the most
entailing/contradicting window is mostly neutral. The output names the deciding window.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from stance.infer.backend import NLIBackend, Pair
from stance.labels import NLI_LABELS

_E, _C = NLI_LABELS.index("entailment"), NLI_LABELS.index("contradiction")

# A sentence runs to terminal punctuation (plus closing quotes/brackets) before whitespace, to a
# blank line, or to the end. Abbreviations over-split, which only makes windows pack finer.
_SENTENCE = re.compile(r"\S.*?(?:[.!?…]+[\"'”’)\]]*(?=\s|\Z)|(?=\n[ \t]*\n)|\Z)", re.S)


@dataclass(frozen=True)
class Window:
    index: int  # 0-based position among the premise's windows
    start: int  # character offsets into the premise
    end: int
    text: str
    count: int  # how many windows the premise was split into

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Scored:
    probs: np.ndarray  # (N, 3) in NLI_LABELS order
    windows: list[Window | None]  # the deciding window, None where the premise fit whole


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``."""
    return [m.span() for m in _SENTENCE.finditer(text)]


def aggregate(probs: np.ndarray) -> int:
    """Index of the deciding window among (W, 3) window probabilities (see module docstring)."""
    w_e = int(np.argmax(probs[:, _E]))
    w_c = int(np.argmax(probs[:, _C]))
    return w_e if probs[w_e, _E] >= probs[w_c, _C] else w_c


class TokenCounter:
    """Token counting through the backend's tokenizer: exact, untruncated lengths."""

    def __init__(self, backend: NLIBackend) -> None:
        self.backend = backend
        self.max_length = int(backend.max_length)
        self.tok = getattr(backend, "tokenizer", None)
        self.specials = 3
        if self.tok is not None and hasattr(self.tok, "num_special_tokens_to_add"):
            self.specials = int(self.tok.num_special_tokens_to_add(pair=True))

    def fits(self, pairs: Sequence[Pair]) -> list[bool]:
        if not pairs:
            return []
        if hasattr(self.tok, "pair_lengths"):  # stance.infer.fast_tokenizer.FastTokenizer
            return [n <= self.max_length for n in self.tok.pair_lengths(pairs)]
        if self.tok is None:
            # Without a tokenizer only truncated counts exist: reaching the limit means "too long".
            return [n < self.max_length for n in self.backend.count_tokens(pairs)]
        enc = self.tok(
            [p for p, _ in pairs], [h for _, h in pairs], truncation=False, verbose=False
        )
        return [len(ids) <= self.max_length for ids in enc["input_ids"]]

    def lengths(self, texts: Sequence[str]) -> list[int]:
        if hasattr(self.tok, "text_lengths"):
            return self.tok.text_lengths(texts)
        if self.tok is None:
            counts = self.backend.count_tokens([(t, "") for t in texts])
            return [max(1, n - self.specials) for n in counts]
        enc = self.tok(list(texts), add_special_tokens=False, verbose=False)
        return [len(ids) for ids in enc["input_ids"]]

    def cut(self, text: str, start: int, budget: int) -> list[tuple[int, int]]:
        """Split one over-long sentence at token boundaries into spans of <= budget tokens."""
        if hasattr(self.tok, "offsets"):
            offsets = self.tok.offsets(text)
        elif self.tok is None or not getattr(self.tok, "is_fast", False):
            return [(start, start + len(text))]
        else:
            offsets = self.tok(
                text, add_special_tokens=False, return_offsets_mapping=True, verbose=False
            )["offset_mapping"]
        spans = []
        for i in range(0, len(offsets), budget):
            piece = offsets[i : i + budget]
            spans.append((start + piece[0][0], start + piece[-1][1]))
        return spans or [(start, start + len(text))]


def _pack(spans: list[tuple[int, int]], lengths: list[int], budget: int) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    cur_start, cur_end, cur_len = None, 0, 0
    for (s, e), n in zip(spans, lengths, strict=True):
        if cur_start is not None and cur_len + n > budget:
            windows.append((cur_start, cur_end))
            cur_start, cur_len = None, 0
        if cur_start is None:
            cur_start = s
        cur_end, cur_len = e, cur_len + n
    if cur_start is not None:
        windows.append((cur_start, cur_end))
    return windows


def make_windows(premise: str, hypothesis: str, tokens: TokenCounter) -> list[Window]:
    """Sentence windows of ``premise`` that each fit the model together with ``hypothesis``."""
    hyp_len = tokens.lengths([hypothesis])[0]
    # A hypothesis that eats most of the window is truncated by the model anyway; keep windows
    # a useful size rather than one word each.
    budget = max(tokens.max_length - tokens.specials - hyp_len, tokens.max_length // 4, 1)
    spans: list[tuple[int, int]] = []
    for s, e in split_sentences(premise) or [(0, len(premise))]:
        spans.append((s, e))
    lengths = tokens.lengths([premise[s:e] for s, e in spans])
    fine_spans: list[tuple[int, int]] = []
    fine_lengths: list[int] = []
    for (s, e), n in zip(spans, lengths, strict=True):
        if n > budget:
            pieces = tokens.cut(premise[s:e], s, budget)
            fine_spans.extend(pieces)
            fine_lengths.extend(tokens.lengths([premise[a:b] for a, b in pieces]))
        else:
            fine_spans.append((s, e))
            fine_lengths.append(n)
    packed = _pack(fine_spans, fine_lengths, budget)
    # Per-sentence counts can differ from the joined text's by a token or two (BPE merges across
    # a space); halve any window that still does not fit.
    checked: list[tuple[int, int]] = []
    todo = packed
    while todo:
        ok = tokens.fits([(premise[s:e], hypothesis) for s, e in todo])
        retry: list[tuple[int, int]] = []
        for (s, e), fit in zip(todo, ok, strict=True):
            inner = [sp for sp in fine_spans if s <= sp[0] and sp[1] <= e]
            if fit or len(inner) < 2:
                checked.append((s, e))
            else:
                half = len(inner) // 2
                retry += [(inner[0][0], inner[half - 1][1]), (inner[half][0], inner[-1][1])]
        todo = retry
    checked.sort()
    return [Window(i, s, e, premise[s:e], len(checked)) for i, (s, e) in enumerate(checked)]


def score_pairs(
    backend: NLIBackend,
    pairs: Sequence[Pair],
    batch_size: int = 32,
) -> Scored:
    """Score pairs, windowing long premises; one backend call for the whole list.

    The result depends only on ``pairs`` (and the model), which is what lets a resumed batch job
    reproduce an uninterrupted one: callers pass the same chunk, they get the same numbers.
    """
    tokens = TokenCounter(backend)
    fits = tokens.fits(pairs)
    flat: list[Pair] = []
    owner: list[tuple[int, list[Window] | None]] = []  # (first flat row, windows) per pair
    for (premise, hypothesis), fit in zip(pairs, fits, strict=True):
        if fit:
            owner.append((len(flat), None))
            flat.append((premise, hypothesis))
            continue
        wins = make_windows(premise, hypothesis, tokens)
        owner.append((len(flat), wins))
        flat.extend((w.text, hypothesis) for w in wins)
    flat_probs = (
        backend.predict(flat, batch_size=batch_size) if flat else np.zeros((0, 3), np.float32)
    )
    probs = np.zeros((len(pairs), 3), dtype=np.float32)
    windows: list[Window | None] = []
    for i, (row, wins) in enumerate(owner):
        if wins is None:
            probs[i] = flat_probs[row]
            windows.append(None)
            continue
        block = flat_probs[row : row + len(wins)]
        best = aggregate(block)
        probs[i] = block[best]
        windows.append(wins[best])
    return Scored(probs, windows)
