"""The shipped MPNet model, the default since issue 24: selected by its short name and by
default, its label order read from its config, right on the clear pairs written for the MiniLM
model's test with both backends, and its int8 file within reach of torch."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_embedded_model import CLEAR_PAIRS, KNOWN_MISS

from stance.infer.backend import MODELS_DIR, NLIBackend, default_model_path, load_backend
from stance.infer.models import resolve_model_ref
from stance.labels import NLI_LABELS

FOLDER = MODELS_DIR / "stance-nli-mpnet"

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (FOLDER / "model.safetensors").is_file(), reason="MPNet model not present"
    ),
]


def test_the_short_name_selects_the_shipped_folder_and_it_is_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert resolve_model_ref("mpnet") == str(FOLDER)
    monkeypatch.delenv("STANCE_MODEL", raising=False)
    assert default_model_path() == FOLDER
    config = json.loads((FOLDER / "config.json").read_text())
    assert config["model_type"] == "mpnet" and config["dtype"] == "float16"
    assert config["id2label"] == {"0": "entailment", "1": "neutral", "2": "contradiction"}


# Measured when the model was shipped: it gets MiniLM's known miss (loss vs record profit) right
# and misses this neutral pair of the same batch (contradiction 0.52, neutral 0.47): a strict
# xfail, so the test notices the day a model gets it right.
MPNET_MISS = CLEAR_PAIRS[3]


@pytest.fixture(scope="module", params=["torch", "onnx"])
def mpnet(request: pytest.FixtureRequest) -> NLIBackend:
    return load_backend(resolve_model_ref("mpnet"), backend=request.param)


def test_clear_pairs_and_the_pair_minilm_misses(mpnet: NLIBackend) -> None:
    assert mpnet.info.labels == list(NLI_LABELS)
    pairs = [pair for pair in CLEAR_PAIRS if pair != MPNET_MISS] + [KNOWN_MISS]
    probs = mpnet.predict([(p, h) for p, h, _ in pairs])
    predicted = [NLI_LABELS[i] for i in probs.argmax(axis=1)]
    assert predicted == [gold for _, _, gold in pairs]
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-4)


@pytest.mark.xfail(strict=True, reason="MPNet calls this neutral pair contradiction (0.52)")
def test_known_miss() -> None:
    # torch only: the int8 file puts this pair on the fence (neutral 0.493, contradiction 0.490)
    probs = load_backend(str(FOLDER), backend="torch").predict([MPNET_MISS[:2]])
    assert NLI_LABELS[int(probs.argmax())] == MPNET_MISS[2]


def test_shipped_int8_file_is_portable_and_close_to_torch() -> None:
    """The int8 file's weights are 7-bit (the answer does not depend on the CPU: stance.int8)
    and its word embeddings int8 (the repository's size budget); its probabilities stay close
    to torch's on the clear pairs."""
    from stance import int8

    info = json.loads((FOLDER / "onnx" / "export.json").read_text())
    assert info["int8_scheme"] == "blockwise" and info["int8_embeddings"] == "int8"
    assert int8.saturation_problems(FOLDER / "onnx" / "model.int8.onnx") == []
    pairs = [(p, h) for p, h, _ in [*CLEAR_PAIRS, KNOWN_MISS]]
    ref = load_backend(str(FOLDER), backend="torch").predict(pairs)
    got = load_backend(str(FOLDER), backend="onnx").predict(pairs)
    # Same labels wherever torch is not on the fence (MPNET_MISS: 0.469 / 0.515).
    clear = np.sort(ref, axis=1)[:, -1] - np.sort(ref, axis=1)[:, -2] > 0.1
    assert clear.sum() == len(pairs) - 1
    np.testing.assert_array_equal(got.argmax(axis=1)[clear], ref.argmax(axis=1)[clear])
    assert np.abs(got - ref).max() < 0.05
