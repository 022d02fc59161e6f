"""Temperature scaling: the fit finds the temperature that made the data, and folding it into the
classifier divides the logits without changing any argmax."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from stance.errors import StanceError
from stance.train.temperature import classifier_layer, fit_temperature, fold_temperature


def test_fit_recovers_the_temperature_that_generated_the_labels() -> None:
    rng = np.random.default_rng(0)
    true_logits = rng.normal(size=(20000, 3)) * 2.0
    probs = np.exp(true_logits) / np.exp(true_logits).sum(1, keepdims=True)
    gold = np.array([rng.choice(3, p=p) for p in probs])
    # A model twice as confident as the data: its logits are the true ones times 2.
    assert fit_temperature(true_logits * 2.0, gold) == pytest.approx(2.0, abs=0.1)
    assert fit_temperature(true_logits, gold) == pytest.approx(1.0, abs=0.1)


def test_fit_needs_rows() -> None:
    with pytest.raises(StanceError, match="dev rows"):
        fit_temperature(np.zeros((0, 3)), np.zeros(0, dtype=int))


def test_folding_divides_logits_and_keeps_argmax(tiny_model_dir: Path) -> None:
    from transformers import AutoModelForSequenceClassification

    model = AutoModelForSequenceClassification.from_pretrained(tiny_model_dir).eval()
    ids = torch.randint(5, model.config.vocab_size, (4, 12))
    with torch.no_grad():
        before = model(input_ids=ids).logits
        fold_temperature(model, 2.5)
        after = model(input_ids=ids).logits
    assert torch.allclose(after, before / 2.5, atol=1e-5)
    assert (after.argmax(-1) == before.argmax(-1)).all()
    with pytest.raises(StanceError, match="positive"):
        fold_temperature(model, 0)


def test_classifier_layer_is_required() -> None:
    with pytest.raises(StanceError, match="no linear classifier"):
        classifier_layer(torch.nn.Sequential(torch.nn.Linear(2, 2)))
