"""Label mapping: models whose id2label orders differ all come out in NLI_LABELS order."""

from __future__ import annotations

import numpy as np
import pytest

from stance.infer.backend import load_backend
from stance.labels import LabelMappingError, parse_label_override, resolve_label_order

ORDERS = {
    "c/e/n": {0: "contradiction", 1: "entailment", 2: "neutral"},
    "e/n/c": {0: "entailment", 1: "neutral", 2: "contradiction"},
    "c/n/e": {0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"},
}


@pytest.mark.parametrize("name", list(ORDERS))
def test_resolve_label_order(name: str) -> None:
    id2label = ORDERS[name]
    order = resolve_label_order(id2label)
    assert [id2label[i].lower() for i in order] == ["entailment", "neutral", "contradiction"]


def test_generic_labels_need_override() -> None:
    generic = {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}
    with pytest.raises(LabelMappingError, match="LABEL_0"):
        resolve_label_order(generic)
    override = parse_label_override("LABEL_0=contradiction,LABEL_1=entailment,LABEL_2=neutral")
    assert resolve_label_order(generic, override) == [1, 2, 0]


def test_bad_overrides_and_label_counts() -> None:
    with pytest.raises(LabelMappingError):
        parse_label_override("LABEL_0")
    with pytest.raises(LabelMappingError):
        parse_label_override("LABEL_0=maybe")
    with pytest.raises(LabelMappingError, match="2 output labels"):
        resolve_label_order({0: "entailment", 1: "contradiction"})
    with pytest.raises(LabelMappingError, match="two model labels"):
        resolve_label_order({0: "entailment", 1: "e", 2: "neutral"})


def test_backends_agree_across_label_orders(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The same weights saved under two label orders give the same probabilities per label."""
    import torch
    from conftest import build_tiny_model
    from transformers import BertForSequenceClassification

    a = build_tiny_model(tmp_path_factory.mktemp("order-a"), ORDERS["c/e/n"])
    b = build_tiny_model(tmp_path_factory.mktemp("order-b"), ORDERS["e/n/c"])
    # Permute b's classifier rows so that b's logit for each label equals a's.
    ma = BertForSequenceClassification.from_pretrained(a)
    mb = BertForSequenceClassification.from_pretrained(b)
    mb.load_state_dict(ma.state_dict())
    perm = torch.tensor([1, 2, 0])  # b's ids (e, n, c) come from a's ids (1, 2, 0)
    with torch.no_grad():
        mb.classifier.weight.copy_(ma.classifier.weight[perm])
        mb.classifier.bias.copy_(ma.classifier.bias[perm])
    mb.save_pretrained(b)
    pairs = [("iran will not cooperate", "iran will cooperate"), ("the talks", "nuclear talks")]
    pa = load_backend(str(a)).predict(pairs)
    pb = load_backend(str(b)).predict(pairs)
    np.testing.assert_allclose(pa, pb, atol=1e-5)
    assert not np.allclose(pa[:, 0], pa[:, 2])  # the mapping is not vacuous
