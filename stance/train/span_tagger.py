"""Training the statement tagger (``stance.tagger``) on hand-labelled attribution gold.

Each article is cut into token windows; every token gets two B/I/O labels, one for the gold
statement spans and one for the mention of each statement's speaker (where the gold ``mention``
is written nearest the statement). The model is a token classifier with six logits, trained on
the sum of the two heads' cross-entropies, with bf16 autocast where the CPU has it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from stance.tagger.spans import mention_span, token_labels, windows

Doc = tuple[str, Sequence[Mapping[str, Any]]]  # (text, gold claims)
IGNORE = -100


@dataclass(frozen=True)
class SpanTaggerSettings:
    epochs: int = 4
    lr: float = 5e-5
    batch: int = 16
    max_tokens: int = 256  # per window, with the two special tokens
    stride: int = 128  # tokens between windows
    seed: int = 0
    bf16: bool = True


Item = TypeVar("Item", bound=tuple[list[int], ...])


def shuffled_length_batches(items: list[Item], size: int, rng: random.Random) -> list[list[Item]]:
    """Batches for one epoch: ``items`` shuffled, length-sorted within chunks of eight batches
    (less padding), the batches shuffled again. Shuffles ``items`` in place."""
    rng.shuffle(items)
    out = []
    for i in range(0, len(items), size * 8):
        chunk = sorted(items[i : i + size * 8], key=lambda x: len(x[0]))
        out += [chunk[j : j + size] for j in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def training_items(
    tokenizer: Any, docs: Sequence[Doc], settings: SpanTaggerSettings
) -> list[tuple[list[int], list[int], list[int]]]:
    """(input ids, statement labels, mention labels) per window of every article."""
    items = []
    size = settings.max_tokens - 2
    for text, claims in docs:
        enc = tokenizer(text, return_offsets_mapping=True, add_special_tokens=False)
        ids, offsets = enc["input_ids"], [tuple(o) for o in enc["offset_mapping"]]
        stmt = token_labels(offsets, [(int(c["start"]), int(c["end"])) for c in claims])
        mentions = [m for m in (mention_span(text, c) for c in claims) if m is not None]
        ment = token_labels(offsets, sorted(set(mentions)))
        for s, e in windows(len(ids), size, settings.stride):
            items.append(
                (
                    [tokenizer.cls_token_id, *ids[s:e], tokenizer.sep_token_id],
                    [IGNORE, *stmt[s:e], IGNORE],
                    [IGNORE, *ment[s:e], IGNORE],
                )
            )
    return items


def train_span_tagger(
    docs: Sequence[Doc],
    base: str,
    settings: SpanTaggerSettings = SpanTaggerSettings(),
    log: Callable[[str], None] = print,
) -> tuple[Any, Any]:
    """A tagger fine-tuned from ``base`` (a folder with a BERT-like encoder and its tokenizer)
    on ``docs``; returns (model in eval mode, tokenizer)."""
    import torch
    from transformers import (
        AutoModelForTokenClassification,
        AutoTokenizer,
        get_linear_schedule_with_warmup,
    )

    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)
    tokenizer = AutoTokenizer.from_pretrained(base, trust_remote_code=False)
    items = training_items(tokenizer, docs, settings)

    def batches() -> list[list[tuple[list[int], list[int], list[int]]]]:
        return shuffled_length_batches(items, settings.batch, rng)

    model = AutoModelForTokenClassification.from_pretrained(
        base, num_labels=6, trust_remote_code=False
    )
    opt = torch.optim.AdamW(model.parameters(), lr=settings.lr, weight_decay=0.01)
    steps = len(batches()) * settings.epochs
    schedule = get_linear_schedule_with_warmup(opt, int(0.06 * steps), steps)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    model.train()
    started, step = time.time(), 0
    for epoch in range(settings.epochs):
        for batch in batches():
            width = max(len(x) for x, _s, _m in batch)
            ids = torch.full((len(batch), width), tokenizer.pad_token_id)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            stmt = torch.full((len(batch), width), IGNORE)
            ment = torch.full((len(batch), width), IGNORE)
            for i, (x, s, m) in enumerate(batch):
                ids[i, : len(x)], mask[i, : len(x)] = torch.tensor(x), 1
                stmt[i, : len(s)], ment[i, : len(m)] = torch.tensor(s), torch.tensor(m)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=settings.bf16):
                logits = model(input_ids=ids, attention_mask=mask).logits.float()
            loss = loss_fn(logits[..., :3].reshape(-1, 3), stmt.reshape(-1)) + loss_fn(
                logits[..., 3:].reshape(-1, 3), ment.reshape(-1)
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            schedule.step()
            opt.zero_grad()
            step += 1
            if step % 20 == 0:
                log(
                    f"epoch {epoch} step {step}/{steps} loss {loss.item():.3f} "
                    f"{time.time() - started:.0f}s"
                )
    model.eval()
    return model, tokenizer


def torch_logits(model: Any) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """``tag_windows``'s logits function for a torch model, in float32."""
    import torch

    def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            out = model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask))
        return out.logits.float().numpy()

    return run
