"""The fast path of `stance analyze`: no torch or transformers on the default (onnx) backend,
the same tokens and embeddings as the torch path, and the default-backend choice."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from stance.infer.backend import default_model_path, load_backend, resolve_backend
from stance.infer.fast_tokenizer import FastTokenizer

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_4a66804ddd20a484.txt"
# Largest difference between torch and int8 ONNX in the probabilities a seed verdict is made of.
# The 7-bit int8 file (issue 23) measured 0.070 on a VNNI CPU and 0.059 on an emulated AVX2 one
# (qemu-x86_64 -cpu Haswell, benchmarks/cpu_parity.py's method), so the bound holds on both.
TOLERANCE = 0.08
SHORT = (
    "Rosa Vela said the new bridge was safe for heavy traffic.\n\n"
    "Tomas Ek said the new bridge was not safe for heavy traffic.\n"
)
HEAVY = ("torch", "transformers")


def _sentences() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    parts = [s.strip() for s in text.replace("\n", " ").split(". ") if s.strip()]
    extra = [
        "naïve café owners say “no” — 100% of them!",
        "Ünïcödé, emoji 🙂 and CJK 中文 are tokenized too.",
        "A B C",
        "",
        "word " * 300,  # longer than the window: truncation
    ]
    return parts + extra


def test_default_backend_imports_neither_torch_nor_transformers(tmp_path: Path) -> None:
    """`python -X importtime -m stance analyze` on a short text, default backend.

    importtime lists every import *attempted*: thinc (spaCy) tries `import torch` and is refused
    (stance.extract.parse hides it), which shows as one bare line, as an absent package does. A
    loaded torch or transformers always brings submodules (torch._C, transformers.utils …), so
    the check is that none of those appears, and that neither is in sys.modules at exit.
    """
    article = tmp_path / "short.txt"
    article.write_text(SHORT, encoding="utf-8")
    probe = (
        "import runpy, sys\n"
        f"sys.argv = ['stance', 'analyze', {str(article)!r}, '--json']\n"
        "try:\n"
        "    runpy.run_module('stance', run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "else:\n"
        "    code = 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers'))\n"
        "print('LOADED', loaded, 'EXIT', code, file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=REPO,
    )
    assert "EXIT 0" in result.stderr, result.stderr[-2000:]
    assert "LOADED []" in result.stderr
    submodules = [
        line
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
        and line.rsplit("|", 1)[-1].strip().split(".")[0] in HEAVY
        and "." in line.rsplit("|", 1)[-1]
    ]
    assert submodules == []
    assert '"claims"' in result.stdout


@pytest.mark.parametrize("name", ["mpnet", "minilm"])
def test_tokenizer_parity_with_transformers(name: str) -> None:
    """tokenizers reads the same tokenizer.json as transformers' fast tokenizer: same ids (and
    the same token types where the model takes them: MPNet takes none)."""
    from transformers import AutoTokenizer

    from stance.infer.models import resolve_model_ref

    model_dir = Path(str(resolve_model_ref(name)))
    ref = AutoTokenizer.from_pretrained(model_dir)
    sentences = _sentences()
    pairs = [(a, b) for a in sentences[:20] for b in sentences[-15:]]  # a few hundred pairs
    assert len(pairs) >= 300
    for max_length in (512, 64):
        fast = FastTokenizer(model_dir, max_length)
        ids, types = fast.encode_pairs(pairs)
        enc = ref(
            [p for p, _ in pairs], [h for _, h in pairs], truncation=True, max_length=max_length
        )
        assert ids == enc["input_ids"]
        if "token_type_ids" in enc:
            assert types == enc["token_type_ids"]
    assert fast.pad_id == ref.pad_token_id
    lengths = fast.text_lengths(sentences)
    assert lengths == [len(x) for x in ref(sentences, add_special_tokens=False)["input_ids"]]


def test_embedder_parity_with_torch() -> None:
    from stance.embed import OnnxEmbedder, SentenceEmbedder, onnx_embedder_available

    assert onnx_embedder_available(), "models/all-minilm-l6-v2-onnx is shipped"
    texts = _sentences()[:30]
    onnx = OnnxEmbedder().encode(texts)
    ref = SentenceEmbedder().encode(texts)
    assert onnx.shape == ref.shape
    np.testing.assert_allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-4)
    sims_onnx, sims_ref = onnx @ onnx.T, ref @ ref.T
    assert float(np.abs(sims_onnx - sims_ref).max()) <= 0.01


def test_default_backend_choice(tmp_path: Path, tiny_model_dir: Path) -> None:
    embedded = str(default_model_path())
    assert resolve_backend(embedded, None) == ("onnx", "")
    assert resolve_backend(embedded, "torch") == ("torch", "")
    assert resolve_backend(embedded, None, device="cuda") == ("torch", "")
    # a model folder without an export: torch, silently for a model the user named
    assert resolve_backend(str(tiny_model_dir), None) == ("torch", "")
    # the default model without its int8 file falls back, and says so
    backend, note = resolve_backend(str(tiny_model_dir), None, default_model=True)
    assert backend == "torch" and "model.int8.onnx not found" in note
    assert load_backend().info.backend == "onnx"


def test_fallback_note_is_said_once(tmp_path: Path, tiny_model_dir: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for name in ("a.txt", "b.txt"):  # two articles, one model load, one note
        (articles / name).write_text(SHORT, encoding="utf-8")
    env = {**os.environ, "STANCE_MODEL": str(tiny_model_dir), "PYTHONPATH": str(REPO)}
    config = tmp_path / "c.yaml"
    config.write_text("pairing: {relevance: lexical}\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "stance",
            "analyze",
            str(articles),
            "--json",
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "using --backend torch" in notes[0]


@pytest.mark.slow
@pytest.mark.integration
def test_seed_same_claims_pairs_and_verdicts_on_both_backends() -> None:
    from stance.analyze import analyze_text
    from stance.config import load_analyze_config

    text = SEED.read_text(encoding="utf-8")
    config = load_analyze_config()
    torch_r = analyze_text(text, load_backend(backend="torch"), config).to_dict()
    onnx_r = analyze_text(text, load_backend(backend="onnx"), config).to_dict()
    assert torch_r["claims"] == onnx_r["claims"]
    assert [(p["a"], p["b"]) for p in torch_r["pairs"]] == [
        (p["a"], p["b"]) for p in onnx_r["pairs"]
    ]
    # A verdict or tier may differ only where the deciding probability lies within the int8
    # tolerance of a threshold (the model's own, from its verdict.json: the same for both).
    assert torch_r["thresholds"] == onnx_r["thresholds"]
    t = onnx_r["thresholds"]
    for p, q in zip(torch_r["pairs"], onnx_r["pairs"], strict=True):
        if (p["verdict"], p["tier"]) != (q["verdict"], q["tier"]):
            c = max(p["ab"]["contradiction"], p["ba"]["contradiction"])
            e = max(p["ab"]["entailment"], p["ba"]["entailment"])
            near = min(
                abs(c - t["contradiction"]),
                abs(e - t["entailment"]),
                abs(c - t["agree_max_contradiction"]),
                abs(c - t["possible_contradiction"]),
                abs(e - t["possible_entailment"]),
            )
            assert near < TOLERANCE, (p, q)
    flips = sum(
        (p["verdict"], p["tier"]) != (q["verdict"], q["tier"])
        for p, q in zip(torch_r["pairs"], onnx_r["pairs"], strict=True)
    )
    assert flips <= 3  # measured 1 of 71 with the single-tier thresholds
    # The probabilities a verdict is made of (each label's maximum over the two directions)
    # stay within TOLERANCE; a single direction's can move more (one seed pair: 0.20 -> 0.43 in
    # its non-deciding direction), so its bound is looser, and the typical difference is small.
    deciding = [
        abs(max(p["ab"][k], p["ba"][k]) - max(q["ab"][k], q["ba"][k]))
        for p, q in zip(torch_r["pairs"], onnx_r["pairs"], strict=True)
        for k in ("entailment", "contradiction")
    ]
    single = [
        abs(p[d][k] - q[d][k])
        for p, q in zip(torch_r["pairs"], onnx_r["pairs"], strict=True)
        for d in ("ab", "ba")
        for k in p[d]
    ]
    assert max(deciding) < TOLERANCE
    assert max(single) < 0.25 and float(np.median(single)) < 0.02


def test_the_parser_loads_without_spacys_command_line_which_still_works() -> None:
    """spaCy's ``import spacy`` pulls in all of ``spacy.cli`` (requests, httpx, weasel) for one
    name; the parser loads without it, and a later ``import spacy.cli`` is the real package."""
    probe = (
        "import sys\n"
        "from stance.extract.parse import load_parser\n"
        "doc = load_parser()('Rosa Vela said the bridge was safe.')\n"
        "print('CLI', sorted(m for m in sys.modules if m.startswith('spacy.cli')),\n"
        "      'WEASEL', 'weasel' in sys.modules, 'DEPS', [t.dep_ for t in doc][:3])\n"
        "import spacy, spacy.cli\n"
        "print('REAL', callable(spacy.cli.setup_cli), 'INFO', 'spacy_version' in\n"
        "      spacy.info(markdown=False, silent=True))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "CLI [] WEASEL False DEPS ['compound', 'nsubj', 'ROOT']" in result.stdout
    assert "REAL True INFO True" in result.stdout


def test_the_cli_loads_the_embedder_with_the_model_and_lexical_pairing_needs_none() -> None:
    """`stance analyze` loads the embedder right after the model, while the parser loads on the
    other core; the one it gets is the ONNX embedder beside the onnx backend."""
    from stance.analyze import default_embedder
    from stance.embed import OnnxEmbedder
    from stance.pair import PairingSettings

    backend = load_backend(None, backend="onnx")
    assert isinstance(default_embedder(backend, PairingSettings.from_config({})), OnnxEmbedder)
    lexical = PairingSettings.from_config({"relevance": "lexical"})
    assert default_embedder(backend, lexical) is None
