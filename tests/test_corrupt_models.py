"""Corrupt or mismatched models: one line on stderr, exit 1, and no output written.

A truncated safetensors file, a missing tokenizer, labels that cannot be mapped, and an ONNX
file that does not match its config, each through `stance batch`; and loading never unpickles
(no `torch.load` without ``weights_only=True``) nor runs hub code (``trust_remote_code``).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stance.cli.main import app
from stance.infer.backend import default_model_path

REPO = Path(__file__).resolve().parents[1]
EMBEDDER_ONNX = REPO / "models" / "all-minilm-l6-v2-onnx" / "onnx" / "model.onnx"


def _copy_model(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(default_model_path(), target)
    return target


def truncated_weights(tmp_path: Path) -> tuple[Path, list[str]]:
    model = _copy_model(tmp_path, "truncated")
    weights = model / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 3])
    shutil.rmtree(model / "onnx")  # so the torch path (the weights) is what loads
    return model, ["cannot load model"]


def missing_tokenizer(tmp_path: Path) -> tuple[Path, list[str]]:
    model = _copy_model(tmp_path, "no-tokenizer")
    (model / "tokenizer.json").unlink()
    (model / "tokenizer_config.json").unlink()
    return model, ["tokenizer"]


def unmappable_labels(tmp_path: Path) -> tuple[Path, list[str]]:
    model = _copy_model(tmp_path, "bad-labels")
    config = json.loads((model / "config.json").read_text(encoding="utf-8"))
    config["id2label"] = {"0": "foo", "1": "bar", "2": "baz"}
    config["label2id"] = {"foo": 0, "bar": 1, "baz": 2}
    (model / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return model, ["foo"]


def onnx_not_matching(tmp_path: Path) -> tuple[Path, list[str]]:
    model = _copy_model(tmp_path, "wrong-onnx")
    # the sentence embedder's graph: the right inputs, 384 outputs instead of 3 logits
    shutil.copyfile(EMBEDDER_ONNX, model / "onnx" / "model.int8.onnx")
    return model, ["384"]


@pytest.mark.parametrize(
    ("make", "backends"),
    [
        (truncated_weights, [None, "torch"]),
        (missing_tokenizer, [None, "torch"]),
        (unmappable_labels, [None, "torch"]),
        (onnx_not_matching, [None]),
    ],
)
def test_corrupt_model_is_one_line_and_no_output(tmp_path, make, backends) -> None:
    model, needles = make(tmp_path)
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"premise": "A man plays.", "hypothesis": "A man sleeps."}\n', "utf-8")
    for backend in backends:
        out = tmp_path / f"out-{backend}.jsonl"
        args = ["batch", str(pairs), "-o", str(out), "--model", str(model)]
        result = CliRunner().invoke(app, args + (["--backend", backend] if backend else []))
        assert result.exit_code == 1, (backend, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), lines
        assert all(n in lines[0] for n in needles), lines[0]
        assert not out.exists()
        assert not out.with_name(out.name + ".rejects.jsonl").exists()


def test_loading_never_unpickles_nor_runs_hub_code() -> None:
    sources = {p: p.read_text("utf-8") for p in (REPO / "stance").rglob("*.py")}
    for path, text in sources.items():
        for call in re.findall(r"torch\.load\([^)]*\)", text):
            assert "weights_only=True" in call, (path, call)
        assert not re.search(r"trust_remote_code\s*=\s*True", text), path
        assert "pickle.load" not in text and "import pickle" not in text, path
    # every from_pretrained call says trust_remote_code=False outright
    for path, text in sources.items():
        for m in re.finditer(r"\.from_pretrained\(", text):
            window = text[m.end() : m.end() + 300]
            assert "trust_remote_code=False" in window, (path, window[:120])
