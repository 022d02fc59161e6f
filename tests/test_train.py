"""Training end to end on a tiny slice with a tiny random model: config → train → save → load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from stance.infer.backend import load_backend
from stance.train.config import load_train_config
from stance.train.synth import lexical_pairs, negate, swap_antonym, swap_number
from stance.train.trainer import best_epoch, epoch_batches, resolve_device, train

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.exists(), reason="../shared/data not beside the clone")


def _config(tmp: Path, base: Path, epochs: int = 1, **extra: object) -> Path:
    cfg = {
        "base_model": str(base),
        "output_dir": str(tmp / "run"),
        "data_root": str(DATA),
        "mix": [{"set": "sick"}],
        "dev_sets": ["sick"],
        "dev_max_rows": 40,
        "epochs": epochs,
        "batch_size": 8,
        "limit_train_rows": 48,
        "checkpoint_every": 2,
        "max_length": 64,
        "seed": 7,
        **extra,
    }
    tmp.mkdir(parents=True, exist_ok=True)
    path = tmp / "train.yaml"
    path.write_text(yaml.safe_dump(cfg))
    return path


@needs_data
def test_train_save_load_predict(tmp_path: Path, tiny_model_dir: Path) -> None:
    final = train(load_train_config(_config(tmp_path, tiny_model_dir)), log=lambda m: None)
    config = json.loads((final / "config.json").read_text())
    assert config["id2label"] == {"0": "entailment", "1": "neutral", "2": "contradiction"}
    probs = load_backend(str(final)).predict([("a man is playing", "a man is not playing")])
    assert probs.shape == (1, 3)
    assert abs(float(probs.sum()) - 1) < 1e-5
    log = [json.loads(line) for line in (tmp_path / "run" / "log.jsonl").read_text().splitlines()]
    assert any(e.get("dev") == "sick" and "accuracy" in e for e in log)


@needs_data
def test_same_seed_same_model_and_resume(tmp_path: Path, tiny_model_dir: Path) -> None:
    """Two runs with one seed give identical weights; so does a run resumed from a checkpoint."""
    from safetensors.torch import load_file

    a = train(load_train_config(_config(tmp_path / "a", tiny_model_dir, 2)), log=lambda m: None)
    b = train(load_train_config(_config(tmp_path / "b", tiny_model_dir, 2)), log=lambda m: None)
    wa, wb = load_file(a / "model.safetensors"), load_file(b / "model.safetensors")
    assert all((wa[k] == wb[k]).all() for k in wa)

    # A kill one step after the step-6 checkpoint (epoch 1 of 2); steps 6-7 are redone on resume.
    c_cfg = load_train_config(_config(tmp_path / "c", tiny_model_dir, 2))
    with pytest.raises(KeyboardInterrupt):
        train(c_cfg, log=lambda m: None, interrupt_at_step=7)
    messages: list[str] = []
    c = train(c_cfg, resume=True, log=messages.append)
    assert "resumed at epoch 1 batch 0 step 6" in messages  # not a silent restart
    wc = load_file(c / "model.safetensors")
    assert all(float((wa[k] - wc[k]).abs().max()) < 1e-6 for k in wa)


def test_best_epoch_picks_highest_mean_and_earlier_on_tie() -> None:
    from stance.errors import StanceError

    scores = {0: {"a": 0.5, "b": 0.7}, 1: {"a": 0.8, "b": 0.6}, 2: {"a": 0.6, "b": 0.5}}
    assert best_epoch(scores, ["a", "b"]) == 1
    assert best_epoch(scores, ["b"]) == 0
    assert best_epoch({0: {"a": 0.5}, 1: {"a": 0.5}}, ["a"]) == 0
    with pytest.raises(StanceError, match="not among the dev_sets"):
        best_epoch(scores, ["c"])


def test_resolve_device_rejects_unknown_and_missing_gpu() -> None:
    import torch

    from stance.errors import StanceError

    assert resolve_device("cpu").type == "cpu"
    with pytest.raises(StanceError, match="auto, cpu or cuda"):
        resolve_device("tpu")
    if not torch.cuda.is_available():
        assert resolve_device("auto").type == "cpu"
        with pytest.raises(StanceError, match="no CUDA GPU"):
            resolve_device("cuda")


@needs_data
def test_select_best_keeps_the_best_epoch(tmp_path: Path, tiny_model_dir: Path) -> None:
    """With select_best the final weights are those of the epoch with the best dev accuracy."""
    from safetensors.torch import load_file

    cfg = load_train_config(
        _config(tmp_path, tiny_model_dir, 3, select_best=True, select_sets=["sick"], lr=5e-3)
    )
    final = train(cfg, log=lambda m: None)
    summary = json.loads((final / "dev_metrics.json").read_text())
    assert summary["temperature"] is None
    log = [json.loads(x) for x in (tmp_path / "run" / "log.jsonl").read_text().splitlines()]
    acc = {e["epoch"]: e["accuracy"] for e in log if e.get("dev") == "sick"}
    assert summary["epoch"] == max(sorted(acc), key=lambda e: acc[e])
    assert summary["sick"]["accuracy"] == acc[summary["epoch"]]
    wf = load_file(final / "model.safetensors")
    we = load_file(tmp_path / "run" / f"epoch-{summary['epoch']}" / "model.safetensors")
    assert all((wf[k] == we[k]).all() for k in wf)


@needs_data
def test_calibrate_temperature_folds_the_fitted_temperature(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    """The final classifier is the last epoch's divided by the temperature the summary reports."""
    import torch
    from safetensors.torch import load_file

    cfg = load_train_config(
        _config(tmp_path, tiny_model_dir, 1, calibrate_temperature=True, select_sets=["sick"])
    )
    final = train(cfg, log=lambda m: None)
    t = json.loads((final / "dev_metrics.json").read_text())["temperature"]
    assert 0.5 <= t <= 5.0
    wf = load_file(final / "model.safetensors")
    we = load_file(tmp_path / "run" / "epoch-0" / "model.safetensors")
    assert torch.allclose(wf["classifier.weight"], we["classifier.weight"] / t, atol=1e-6)
    assert torch.allclose(wf["bert.pooler.dense.weight"], we["bert.pooler.dense.weight"], atol=1e-6)


def test_existing_output_needs_resume_or_force(tmp_path: Path, tiny_model_dir: Path) -> None:
    from stance.errors import StanceError

    cfg = load_train_config(_config(tmp_path, tiny_model_dir))
    Path(cfg.output_dir).mkdir(parents=True)
    (Path(cfg.output_dir) / "x").write_text("x")
    with pytest.raises(StanceError, match="--resume"):
        train(cfg, log=lambda m: None)


def test_epoch_batches_cover_every_row_once() -> None:
    lengths = [5, 9, 3, 7, 7, 2, 8, 1, 4, 6] * 7
    batches = epoch_batches(lengths, 4, seed=1, epoch=0)
    flat = sorted(i for b in batches for i in b)
    assert flat == list(range(len(lengths)))
    assert batches == epoch_batches(lengths, 4, seed=1, epoch=0)
    assert batches != epoch_batches(lengths, 4, seed=1, epoch=1)


def test_synthetic_edits() -> None:
    import random

    rng = random.Random(0)
    assert negate("The talks were held in Vienna.", rng) == "The talks were not held in Vienna."
    assert negate("Iran won't cooperate.", rng) == "Iran will cooperate."
    assert swap_antonym("Prices rose sharply.", rng) == "Prices fell sharply."
    edited = swap_number("The army sent 300 soldiers.", rng)
    assert edited and "300" not in edited
    pairs = lexical_pairs(
        ["The committee approved the plan on Monday after a long debate, which lasted hours."] * 20,
        10,
        seed=3,
    )
    assert {p["label"] for p in pairs} <= {"contradiction", "entailment"}
    assert all(p["premise"] != p["hypothesis"] for p in pairs)


def test_cli_overrides_reach_the_trainer(
    tmp_path: Path, tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--device, --data-root, --base-model and -o replace the config's values; a missing data
    folder is a usage error (exit 2) before anything trains."""
    from typer.testing import CliRunner

    import stance.train.trainer as trainer
    from stance.cli.main import app

    seen: list = []
    monkeypatch.setattr(trainer, "train", lambda cfg, **kw: seen.append(cfg) or tmp_path)
    config = _config(tmp_path, tiny_model_dir)
    data = tmp_path / "data"
    data.mkdir()
    result = CliRunner().invoke(
        app,
        [
            "train",
            "--config",
            str(config),
            "--device",
            "cpu",
            "--data-root",
            str(data),
            "--base-model",
            "some/model",
            "-o",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    (cfg,) = seen
    assert (cfg.device, cfg.data_root, cfg.base_model, cfg.output_dir) == (
        "cpu",
        str(data),
        "some/model",
        str(tmp_path / "out"),
    )

    result = CliRunner().invoke(
        app, ["train", "--config", str(config), "--data-root", str(tmp_path / "nowhere")]
    )
    assert result.exit_code == 2
    assert "no such folder" in result.output
    assert len(seen) == 1
