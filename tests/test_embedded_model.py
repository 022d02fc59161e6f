"""The shipped MiniLM model (`--model minilm`) judges clear pairs of our own correctly, with
both backends. The default model, MPNet, has tests/test_mpnet_model.py."""

from __future__ import annotations

import numpy as np
import pytest

from stance.infer.backend import MODELS_DIR, load_backend
from stance.labels import NLI_LABELS

MINILM = MODELS_DIR / "stance-nli-minilm-l6"

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not (MINILM / "config.json").is_file(), reason="MiniLM model not present"),
]

# Written for this test, not taken from any dataset.
CLEAR_PAIRS = [
    (
        "The minister signed the trade agreement in Geneva on Tuesday.",
        "The trade agreement was signed.",
        "entailment",
    ),
    (
        "Three children are building a sandcastle on the beach.",
        "Some kids are playing in the sand.",
        "entailment",
    ),
    (
        "The museum is closed to visitors all week.",
        "The museum is open to visitors this week.",
        "contradiction",
    ),
    (
        "A woman is reading a newspaper on a train.",
        "The woman is travelling to her sister's wedding.",
        "neutral",
    ),
    (
        "The senator spoke to reporters after the vote.",
        "The senator has served in office for twenty years.",
        "neutral",
    ),
]


# Written in the same batch as the pairs above, and missed by the shipped model (it answers
# neutral): a contradiction that needs "loss" versus "profit" across a paraphrase. Kept as a
# strict xfail so the test notices the day a model gets it right.
KNOWN_MISS = (
    "The company reported a loss of 40 million dollars last year.",
    "The company made a record profit last year.",
    "contradiction",
)


@pytest.mark.xfail(strict=True, reason="the embedded model calls this contradiction neutral")
def test_known_miss() -> None:
    probs = load_backend(str(MINILM)).predict([KNOWN_MISS[:2]])
    assert NLI_LABELS[int(probs.argmax())] == KNOWN_MISS[2]


@pytest.mark.parametrize("backend_name", ["torch", "onnx"])
def test_clear_pairs(backend_name: str) -> None:
    backend = load_backend(str(MINILM), backend=backend_name)
    assert backend.info.labels == list(NLI_LABELS)
    probs = backend.predict([(p, h) for p, h, _ in CLEAR_PAIRS])
    predicted = [NLI_LABELS[i] for i in probs.argmax(axis=1)]
    assert predicted == [gold for _, _, gold in CLEAR_PAIRS]
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-4)


def test_shipped_onnx_file_matches_torch_and_fp32_rebuilds(tmp_path) -> None:
    """The shipped int8 file gives torch's labels on these pairs. The fp32 file is not shipped
    (issue 11): `stance export` rebuilds it from the shipped weights, and it gives torch's
    numbers (its weights hold only float16 values, stored exactly)."""
    import json
    import shutil

    from stance.export import export_model

    pairs = [(p, h) for p, h, _ in CLEAR_PAIRS]
    ref = load_backend(str(MINILM), backend="torch").predict(pairs)
    int8 = load_backend(str(MINILM), backend="onnx").predict(pairs)
    np.testing.assert_array_equal(int8.argmax(axis=1), ref.argmax(axis=1))
    shipped = MINILM
    info = json.loads((shipped / "onnx" / "export.json").read_text())
    assert info["int8_path"] == "onnx/model.int8.onnx"
    assert not (shipped / "onnx" / "model.onnx").exists()
    copy = tmp_path / "model"
    shutil.copytree(shipped, copy, ignore=shutil.ignore_patterns("onnx"))
    export_model(copy, quantize=False)
    fp32 = load_backend(str(copy), backend="onnx", quantized=False).predict(pairs)
    np.testing.assert_allclose(fp32, ref, atol=1e-4)
