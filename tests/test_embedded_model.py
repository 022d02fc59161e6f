"""The shipped model judges clear pairs of our own correctly, with both backends."""

from __future__ import annotations

import numpy as np
import pytest

from stance.infer.backend import default_model_path, load_backend
from stance.labels import NLI_LABELS

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not (default_model_path() / "config.json").is_file(),
                       reason="embedded model not present"),
]

# Written for this test, not taken from any dataset.
CLEAR_PAIRS = [
    ("The minister signed the trade agreement in Geneva on Tuesday.",
     "The trade agreement was signed.", "entailment"),
    ("Three children are building a sandcastle on the beach.",
     "Some kids are playing in the sand.", "entailment"),
    ("The museum is closed to visitors all week.",
     "The museum is open to visitors this week.", "contradiction"),
    ("A woman is reading a newspaper on a train.",
     "The woman is travelling to her sister's wedding.", "neutral"),
    ("The senator spoke to reporters after the vote.",
     "The senator has served in office for twenty years.", "neutral"),
]


# Written in the same batch as the pairs above, and missed by the shipped model (it answers
# neutral): a contradiction that needs "loss" versus "profit" across a paraphrase. Kept as a
# strict xfail so the test notices the day a model gets it right.
KNOWN_MISS = ("The company reported a loss of 40 million dollars last year.",
              "The company made a record profit last year.", "contradiction")


@pytest.mark.xfail(strict=True, reason="the embedded model calls this contradiction neutral")
def test_known_miss() -> None:
    probs = load_backend().predict([KNOWN_MISS[:2]])
    assert NLI_LABELS[int(probs.argmax())] == KNOWN_MISS[2]


@pytest.mark.parametrize("backend_name", ["torch", "onnx"])
def test_clear_pairs(backend_name: str) -> None:
    backend = load_backend(backend=backend_name)
    assert backend.info.labels == list(NLI_LABELS)
    probs = backend.predict([(p, h) for p, h, _ in CLEAR_PAIRS])
    predicted = [NLI_LABELS[i] for i in probs.argmax(axis=1)]
    assert predicted == [gold for _, _, gold in CLEAR_PAIRS]
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-4)


def test_shipped_onnx_files_match_torch_and_each_other() -> None:
    """Both shipped ONNX files load; the fp32 one (weights stored as float16, exactly) gives
    torch's numbers, and the int8 one torch's labels on these pairs."""
    import json

    pairs = [(p, h) for p, h, _ in CLEAR_PAIRS]
    ref = load_backend(backend="torch").predict(pairs)
    fp32 = load_backend(backend="onnx", quantized=False).predict(pairs)
    int8 = load_backend(backend="onnx").predict(pairs)
    np.testing.assert_allclose(fp32, ref, atol=1e-4)
    np.testing.assert_array_equal(int8.argmax(axis=1), ref.argmax(axis=1))
    info = json.loads((default_model_path() / "onnx" / "export.json").read_text())
    assert info["fp32_path"] == "onnx/model.onnx" and info["int8_path"] == "onnx/model.int8.onnx"
