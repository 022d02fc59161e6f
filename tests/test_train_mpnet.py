"""Training from an MPNet base without a classification head and without token_type_ids (as
sentence-transformers' all-mpnet-base-v2 ships), with the truncation and freezing options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
import yaml

from stance.errors import StanceError
from stance.train.config import TrainConfig, load_train_config
from stance.train.trainer import shape_model, takes_token_types, train

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.exists(), reason="../shared/data not beside the clone")

MPNET_VOCAB = [
    "<s>",
    "<pad>",
    "</s>",
    "[UNK]",
    "<mask>",
    "a",
    "the",
    "man",
    "woman",
    "is",
    "not",
    "playing",
    "sleeping",
    "dog",
    "and",
    "of",
    "in",
    "on",
    "two",
    "people",
    "are",
    "there",
    "no",
    "some",
    "guitar",
    "child",
    "running",
    ".",
]


def build_tiny_mpnet(path: Path, layers: int = 4) -> Path:
    """A random MPNet encoder (MPNetModel: no head) and its tokenizer, saved like a
    sentence-transformers folder."""
    from transformers import MPNetConfig, MPNetModel, MPNetTokenizerFast

    path.mkdir(parents=True, exist_ok=True)
    vocab = path / "vocab.txt"
    vocab.write_text("\n".join(MPNET_VOCAB) + "\n", encoding="utf-8")
    MPNetTokenizerFast(
        vocab={w: i for i, w in enumerate(MPNET_VOCAB)}, do_lower_case=True, model_max_length=128
    ).save_pretrained(path)
    cfg = MPNetConfig(
        vocab_size=len(MPNET_VOCAB),
        hidden_size=32,
        num_hidden_layers=layers,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=160,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
    )
    torch.manual_seed(0)
    MPNetModel(cfg).save_pretrained(path)
    return path


@pytest.fixture(scope="module")
def tiny_mpnet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_mpnet(tmp_path_factory.mktemp("tiny-mpnet"))


def _load(base: Path) -> torch.nn.Module:
    from transformers import AutoModelForSequenceClassification

    return AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=3, dtype=torch.float32
    )


def test_shape_model_truncates_and_freezes(tiny_mpnet_dir: Path) -> None:
    model = _load(tiny_mpnet_dir)
    assert not takes_token_types(model)
    cfg = TrainConfig(
        base_model="", output_dir="", keep_layers=3, freeze_embeddings=True, freeze_layers=1
    )
    shape_model(model, cfg)
    assert len(model.mpnet.encoder.layer) == 3 and model.config.num_hidden_layers == 3
    assert not any(p.requires_grad for p in model.mpnet.embeddings.parameters())
    assert not any(p.requires_grad for p in model.mpnet.encoder.layer[0].parameters())
    assert all(p.requires_grad for p in model.mpnet.encoder.layer[1].parameters())
    assert all(p.requires_grad for p in model.classifier.parameters())
    with pytest.raises(StanceError, match="keep_layers"):
        shape_model(_load(tiny_mpnet_dir), TrainConfig(base_model="", output_dir="", keep_layers=9))


@needs_data
def test_train_mpnet_without_head_or_token_types(tmp_path: Path, tiny_mpnet_dir: Path) -> None:
    from safetensors.torch import load_file

    cfg = {
        "base_model": str(tiny_mpnet_dir),
        "output_dir": str(tmp_path / "run"),
        "data_root": str(DATA),
        "mix": [{"set": "sick"}],
        "dev_sets": ["sick"],
        "dev_max_rows": 24,
        "epochs": 1,
        "batch_size": 8,
        "limit_train_rows": 32,
        "checkpoint_every": 2,
        "max_length": 64,
        "seed": 7,
        "bf16": True,
        "eval_bf16": True,
        "keep_layers": 3,
        "freeze_embeddings": True,
        "freeze_layers": 1,
        "calibrate_temperature": True,
        "select_sets": ["sick"],
    }
    path = tmp_path / "train.yaml"
    path.write_text(yaml.safe_dump(cfg))
    final = train(load_train_config(path), log=lambda m: None)
    config = json.loads((final / "config.json").read_text())
    assert config["model_type"] == "mpnet" and config["num_hidden_layers"] == 3
    assert config["label2id"] == {"entailment": 0, "neutral": 1, "contradiction": 2}
    trained = load_file(final / "model.safetensors")
    base = load_file(tiny_mpnet_dir / "model.safetensors")

    def base_weight(name: str) -> torch.Tensor:
        return base[name] if name in base else base[name.removeprefix("mpnet.")]

    frozen = "mpnet.encoder.layer.0.attention.attn.q.weight"
    assert torch.equal(trained[frozen], base_weight(frozen))
    assert torch.equal(
        trained["mpnet.embeddings.word_embeddings.weight"],
        base_weight("mpnet.embeddings.word_embeddings.weight"),
    )
    moved = "mpnet.encoder.layer.2.attention.attn.q.weight"
    assert not torch.equal(trained[moved], base_weight(moved))
    assert not any(k.startswith("mpnet.encoder.layer.3.") for k in trained)
    metrics = json.loads((final / "dev_metrics.json").read_text())
    assert metrics["sick"]["n"] == 24

    # The saved model reloads as a 3-layer MPNet classifier and predicts from its tokenizer.
    from transformers import AutoTokenizer

    model, tok = _load(final), AutoTokenizer.from_pretrained(final)
    enc = tok(["a man is playing"], ["a man is not playing"], return_tensors="pt")
    assert "token_type_ids" not in enc
    with torch.no_grad():
        probs = model(**enc).logits.softmax(-1)
    assert probs.shape == (1, 3)


@needs_data
def test_deadline_ends_the_run_early_with_a_final_model(
    tmp_path: Path, tiny_mpnet_dir: Path
) -> None:
    cfg = {
        "base_model": str(tiny_mpnet_dir),
        "output_dir": str(tmp_path / "run"),
        "data_root": str(DATA),
        "mix": [{"set": "sick"}],
        "dev_sets": ["sick"],
        "dev_max_rows": 16,
        "epochs": 2,
        "batch_size": 8,
        "limit_train_rows": 32,
        "max_length": 64,
        "seed": 7,
        "average_last": 2,
        "train_deadline": "2000-01-01T00:00:00Z",  # long past: one step, then the end
    }
    path = tmp_path / "train.yaml"
    path.write_text(yaml.safe_dump(cfg))
    messages: list[str] = []
    final = train(load_train_config(path), log=messages.append)
    metrics = json.loads((final / "dev_metrics.json").read_text())
    assert metrics["stopped_at_step"] == 1 and metrics["total_steps"] == 8
    assert metrics["epoch"] == 0 and metrics["sick"]["n"] == 16
    assert any("stopped_at_deadline" in m for m in messages)
    # A resume after the deadline stop trains no further and rebuilds the same final model.
    again = train(load_train_config(path), resume=True, log=lambda m: None)
    assert json.loads((again / "dev_metrics.json").read_text())["stopped_at_step"] == 1
    with pytest.raises(StanceError, match="time zone"):
        TrainConfig(
            base_model="", output_dir="", train_deadline="2026-12-04T22:48"
        ).deadline_timestamp()


def test_an_unquoted_yaml_deadline_is_read_as_its_text(tmp_path: Path) -> None:
    from stance.train.config import load_train_config

    config = tmp_path / "c.yaml"
    config.write_text(
        "base_model: x\noutput_dir: y\nmix: [{set: snli}]\ntrain_deadline: 2026-12-04T22:42:00Z\n",
        encoding="utf-8",
    )
    cfg = load_train_config(config)
    assert isinstance(cfg.train_deadline, str)
    assert cfg.deadline_timestamp() == 1796424120.0
