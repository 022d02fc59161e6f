"""Long premises cut to the window a model would judge, for training rows.

At inference a premise longer than the model's input is split into sentence windows
(stance/windows.py) and every window is scored. For training, one window per row is kept: the
one the relevance embedder finds closest to the hypothesis, as the FNC-1 relevance step finds a
headline's closest part of the article. Rows that fit whole are left as they are.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from stance.infer.fast_tokenizer import FastTokenizer
from stance.windows import TokenCounter, make_windows

EMBEDDED_MODEL = Path(__file__).resolve().parents[2] / "models" / "stance-nli-minilm-l6"


def token_counter(max_length: int, tokenizer_dir: Path = EMBEDDED_MODEL) -> TokenCounter:
    stub = SimpleNamespace(
        max_length=max_length, tokenizer=FastTokenizer(tokenizer_dir, max_length)
    )
    return TokenCounter(stub)  # type: ignore[arg-type]


def closest_windows(
    pairs: Sequence[tuple[str, str]],
    tokens: TokenCounter,
    embedder: Any,
    batch_size: int = 64,
) -> list[str]:
    """For each (premise, hypothesis), the premise window most similar to the hypothesis."""
    fits = tokens.fits(list(pairs))
    cands: list[list[str]] = []
    for (premise, hypothesis), fit in zip(pairs, fits, strict=True):
        cands.append(
            [premise]
            if fit
            else [w.text for w in make_windows(premise, hypothesis, tokens)] or [premise]
        )
    texts = sorted(
        {t for c in cands if len(c) > 1 for t in c}
        | {h for (_, h), c in zip(pairs, cands, strict=True) if len(c) > 1}
    )
    index = {t: i for i, t in enumerate(texts)}
    vecs = embedder.encode(texts, batch_size=batch_size) if texts else np.zeros((0, 1))
    out = []
    for (_, hypothesis), c in zip(pairs, cands, strict=True):
        if len(c) == 1:
            out.append(c[0])
            continue
        sims = vecs[[index[t] for t in c]] @ vecs[index[hypothesis]]
        out.append(c[int(np.argmax(sims))])
    return out


class WindowCache:
    """(premise, hypothesis) -> chosen window, kept in an append-only JSONL file (or memory)."""

    def __init__(self, path: Path | None, max_length: int) -> None:
        self.path = path
        self.max_length = max_length
        self.windows: dict[str, str] = {}
        if path is not None and path.exists():
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError:
                        continue  # a line cut short by a kill: recomputed
                    self.windows[row["key"]] = row["window"]

    def key(self, pair: tuple[str, str]) -> str:
        raw = f"{self.max_length}\x00{pair[0]}\x00{pair[1]}".encode()
        return hashlib.sha1(raw).hexdigest()

    def __contains__(self, pair: tuple[str, str]) -> bool:
        return self.key(pair) in self.windows

    def __getitem__(self, pair: tuple[str, str]) -> str:
        return self.windows[self.key(pair)]

    def add(self, pairs: Sequence[tuple[str, str]], windows: Sequence[str]) -> None:
        new = {self.key(p): w for p, w in zip(pairs, windows, strict=True)}
        self.windows.update(new)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                for k, w in new.items():
                    fh.write(json.dumps({"key": k, "window": w}) + "\n")
