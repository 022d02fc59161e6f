"""Shared fixtures: tiny random models built locally, so no test needs the network."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# As the command line sets it: idle OpenMP threads sleep rather than spin, which on 2 cores
# slows every other process (Ray's actors, the CLI's subprocesses) several times over.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def load_script(relative: str, name: str | None = None) -> ModuleType:
    """A script of the repository (``scripts/x.py``, ``benchmarks/y.py``) loaded as a module,
    its folder importable while it loads, as when the script runs (profile_onnx imports
    throughput). ``name`` is the module's name (default: the file's stem)."""
    path = REPO_ROOT / relative
    spec = importlib.util.spec_from_file_location(name or path.stem, path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


TINY_VOCAB = [
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    "the",
    "a",
    "is",
    "not",
    "will",
    "we",
    "they",
    "said",
    "says",
    "iran",
    "united",
    "states",
    "cooperate",
    "with",
    "americans",
    "coalition",
    "threat",
    "talks",
    "nuclear",
    "and",
    "of",
    "to",
    "in",
    "on",
    "it",
    "has",
    "have",
    "no",
    "yes",
    ".",
    ",",
    "“",
    "”",
    '"',
]


def build_tiny_model(path: Path, id2label: dict[int, str] | None = None) -> Path:
    """Save a 2-layer random BERT sequence classifier and its tokenizer to ``path``."""
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    id2label = id2label or {0: "contradiction", 1: "entailment", 2: "neutral"}
    path.mkdir(parents=True, exist_ok=True)
    vocab_file = path / "vocab.txt"
    vocab_file.write_text("\n".join(TINY_VOCAB) + "\n", encoding="utf-8")
    # model_max_length must not exceed the position embeddings, or long inputs crash the model.
    tokenizer = BertTokenizerFast(
        vocab_file=str(vocab_file), do_lower_case=True, model_max_length=128
    )
    cfg = BertConfig(
        vocab_size=len(TINY_VOCAB),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
        id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
    )
    BertForSequenceClassification(cfg).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def lexical_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An analyze config that needs no embedder (lexical relevance), with the verdict thresholds
    pinned: the calibrated ones in configs/analyze.yaml change with the model."""
    path = tmp_path_factory.mktemp("config") / "lexical.yaml"
    path.write_text(
        "pairing:\n  relevance: lexical\n"
        "verdict: {contradiction: 0.6, entailment: 0.6, agree_max_contradiction: 0.2,\n"
        "          possible_contradiction: 0.4, possible_entailment: 0.4}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-nli"))


@pytest.fixture(scope="session")
def unmappable_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-foo"), {0: "foo", 1: "bar", 2: "baz"})


class FakeBackend:
    """An NLIBackend that returns fixed probabilities per (premise, hypothesis) and logs calls."""

    max_length = 128

    def __init__(
        self,
        table: dict[tuple[str, str], list[float]] | None = None,
        default: tuple[float, float, float] = (0.1, 0.8, 0.1),
        name: str = "fake-nli",
    ) -> None:
        from stance.infer.backend import ModelInfo

        self.table = table or {}
        self.default = list(default)
        self.calls: list[list[tuple[str, str]]] = []
        self.info = ModelInfo(name, f"/nowhere/{name}", ["ent", "neu", "con"])

    def predict(self, pairs, batch_size: int = 32):
        import numpy as np

        self.calls.append(list(pairs))
        rows = [self.table.get(tuple(p), self.default) for p in pairs]
        return np.asarray(rows, dtype=np.float32).reshape(len(rows), 3)

    def count_tokens(self, pairs):
        return [len(p.split()) + len(h.split()) for p, h in pairs]


def line_extractor(text: str, config: object = None) -> list:
    """A stand-in extractor: each line 'Speaker | Party | claim' is one claim, with offsets."""
    from stance.claims import Claim

    claims = []
    pos = 0
    for line in text.splitlines(keepends=True):
        parts = line.rstrip("\n").split(" | ")
        if len(parts) == 3:
            speaker, party, said = parts
            start = pos + line.index(said)
            claims.append(
                Claim(f"c{len(claims) + 1}", speaker, party, "said", said, start, start + len(said))
            )
        pos += len(line)
    return claims


@pytest.fixture
def fake_backend_cls() -> type[FakeBackend]:
    return FakeBackend


@pytest.fixture
def fake_extractor():
    return line_extractor


def spread_weights(path: Path) -> Path:
    """Give the model saved at ``path`` large random weights: its probabilities then differ
    visibly between pairs and labels (the default init gives ~1/3 everywhere)."""
    import torch
    from transformers import BertForSequenceClassification

    gen = torch.Generator().manual_seed(0)
    model = BertForSequenceClassification.from_pretrained(path)
    with torch.no_grad():
        for param in model.parameters():
            param.copy_(torch.randn(param.shape, generator=gen) * 0.5)
    model.save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def spread_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny model whose scores differ from one record to another (see spread_weights)."""
    return spread_weights(build_tiny_model(tmp_path_factory.mktemp("tiny-spread")))
