"""Known-answer tests for the evaluation metrics, the label maps and the stance-set readers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from stance.errors import StanceError
from stance.eval.label_maps import load_label_map, parse_label_map
from stance.eval.metrics import (
    classification_metrics,
    expected_calibration_error,
    reliability_bins,
)
from stance.io.nli_sets import (
    SETS,
    motion_to_statement,
    read_fnc1,
    read_ibm_claim_stance,
    read_perspectrum_json,
    read_perspectrum_pairs,
)

LABELS = ["entailment", "neutral", "contradiction"]


# ------------------------------------------------------------------------------------ metrics


def test_classification_metrics_known_answer() -> None:
    gold = ["entailment", "entailment", "neutral", "contradiction", "contradiction", "neutral"]
    pred = ["entailment", "neutral", "neutral", "contradiction", "entailment", "neutral"]
    m = classification_metrics(gold, pred, LABELS)
    assert m["accuracy"] == pytest.approx(4 / 6)
    # entailment: P 1/2, R 1/2, F1 1/2; neutral: P 2/3, R 1, F1 0.8; contradiction: P 1, R 1/2,
    # F1 2/3.
    pc = m["per_class"]
    assert pc["entailment"]["precision"] == pytest.approx(0.5)
    assert pc["neutral"]["precision"] == pytest.approx(2 / 3)
    assert pc["neutral"]["recall"] == pytest.approx(1.0)
    assert pc["neutral"]["f1"] == pytest.approx(0.8)
    assert pc["contradiction"]["f1"] == pytest.approx(2 / 3)
    assert pc["contradiction"]["support"] == 2
    assert m["macro_f1"] == pytest.approx((0.5 + 0.8 + 2 / 3) / 3)
    # Rows gold, columns predicted, in the given label order.
    assert m["confusion_matrix"] == [[1, 1, 0], [0, 2, 0], [1, 0, 1]]
    assert m["labels"] == LABELS
    assert m["n"] == 6


def test_macro_f1_ignores_classes_absent_from_gold() -> None:
    # A HANS-style set: no entailment in gold. One wrong entailment prediction must hurt the
    # contradiction recall, not add a zero-F1 third class to the average.
    gold = ["contradiction", "contradiction", "neutral", "neutral"]
    pred = ["contradiction", "entailment", "neutral", "neutral"]
    m = classification_metrics(gold, pred, LABELS)
    f1_con = 2 * 1.0 * 0.5 / 1.5
    assert m["macro_f1"] == pytest.approx((f1_con + 1.0) / 2)
    assert m["per_class"]["entailment"]["f1"] == 0.0


def test_metrics_reject_labels_outside_the_scheme() -> None:
    with pytest.raises(ValueError, match="not in the scheme"):
        classification_metrics(["entailment"], ["agree"], LABELS)
    with pytest.raises(ValueError):
        classification_metrics(["entailment"], [], LABELS)


def test_ece_known_answer() -> None:
    conf = [0.95, 0.95, 0.55, 0.25]
    correct = [True, True, False, True]
    # Bins: (0.9,1] conf .95 acc 1 -> gap .05 x2; (0.5,0.6] gap .55; (0.2,0.3] gap .75.
    assert expected_calibration_error(conf, correct) == pytest.approx((0.1 + 0.55 + 0.75) / 4)


def test_ece_perfectly_calibrated_is_zero_and_bin_edges() -> None:
    conf = [0.8] * 5 + [1.0] * 2
    correct = [True, True, True, True, False, True, True]
    assert expected_calibration_error(conf, correct) == pytest.approx(0.0)
    bins = reliability_bins([0.1, 0.1000001, 1.0, 0.0], [True, True, True, True])
    assert len(bins) == 10
    # 0.1 sits in the first bin (upper edge inclusive), a hair above it in the second; 1.0 and
    # 0.0 in the last and first.
    assert [b["count"] for b in bins] == [2, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    assert expected_calibration_error([], []) is None
    with pytest.raises(ValueError):
        reliability_bins([1.5], [True])


# --------------------------------------------------------------------------------- label maps


def test_builtin_label_maps_load_and_collapse() -> None:
    ibm = load_label_map("ibm")
    assert ibm.labels == ("pro", "con")
    assert ibm.gold_label("PRO") == "pro"
    assert ibm.gold_label("neutral") is None
    probs = ibm.scheme_probs(np.array([[0.2, 0.6, 0.2], [0.1, 0.1, 0.8]]))
    # Neutral dropped, the rest renormalised.
    np.testing.assert_allclose(probs, [[0.5, 0.5], [1 / 9, 8 / 9]])
    rte = load_label_map("rte_2way")
    np.testing.assert_allclose(rte.scheme_probs(np.array([[0.2, 0.3, 0.5]])), [[0.2, 0.8]])
    fever = load_label_map("fever")
    assert fever.gold_label("NOT_ENOUGH_INFO") == "neutral"
    assert fever.gold_label("not enough-info") == "neutral"
    assert fever.gold_label("DISPUTED") is None
    fnc = load_label_map("fnc1")
    assert fnc.task == "fnc1" and set(fnc.labels) == {"agree", "disagree", "discuss", "unrelated"}
    persp = load_label_map("perspectrum")
    assert persp.gold_label("UNDERMINE") == "undermine"


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"labels": ["a"], "map": {"x": "b"}}, "'b' is not one of"),
        (
            {
                "labels": ["pro", "con"],
                "map": {"pro": "pro"},
                "collapse": {"entailment": "pro", "neutral": "drop"},
            },
            "'contradiction' is not mapped",
        ),
        (
            {
                "labels": ["pro", "con", "other"],
                "map": {"pro": "pro"},
                "collapse": {"entailment": "pro", "neutral": "drop", "contradiction": "con"},
            },
            "could never be predicted",
        ),
        (
            {
                "labels": ["pro"],
                "map": {"pro": "pro"},
                "collapse": {"entailment": "drop", "neutral": "drop", "contradiction": "drop"},
            },
            "drops every NLI label",
        ),
        ({"map": {"x": "y"}}, "'labels'"),
        ({"labels": [True, False], "map": {"x": True}}, "is not text; quote it"),
    ],
)
def test_bad_label_maps_are_rejected(data: dict, needle: str) -> None:
    with pytest.raises(StanceError, match=needle):
        parse_label_map(data, "bad", "bad.yaml")


def test_label_map_from_file_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "# my map\nlabels: ['yes', 'no']\nmap: {Y: 'yes', N: 'no'}\n"
        "collapse: {entailment: 'yes', neutral: 'no', contradiction: 'no'}\n",
        encoding="utf-8",
    )
    m = load_label_map(path)
    assert m.gold_label("y") == "yes" and m.description == "my map"
    with pytest.raises(StanceError, match="label map not found"):
        load_label_map(tmp_path / "nope.yaml")
    (tmp_path / "broken.yaml").write_text("labels: [a\n", encoding="utf-8")
    with pytest.raises(StanceError, match="bad YAML"):
        load_label_map(tmp_path / "broken.yaml")


# ------------------------------------------------------------------------------------ readers


def test_perspectrum_pairs_reader(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(
        "split\tcId\tpId\tclaim\tperspective\tstance_label_3\tstance_label_5\tvoter_counts\n"
        "dev\t7\t70\tSchools  should ban phones\tPhones distract pupils\tSUPPORT\tSUPPORT\t3 0\n"
        "train\t8\t80\tTax sugar\tTaxes hurt the poor\tUNDERMINE\tUNDERMINE\t0 3\n",
        encoding="utf-8",
    )
    recs = list(read_perspectrum_pairs(path))
    assert recs[0] == {
        "id": "7-70",
        "premise": "Phones distract pupils",
        "hypothesis": "Schools should ban phones",
        "label": "SUPPORT",
        "group": "7",
    }
    assert [r["id"] for r in read_perspectrum_pairs(path, ["train"])] == ["8-80"]


def test_perspectrum_original_json_reader(tmp_path: Path) -> None:
    claims = [
        {
            "cId": 1,
            "text": "Zoos should be banned",
            "perspectives": [
                {"pids": [10, 11], "stance_label_3": "SUPPORT"},
                {"pids": [12], "stance_label_3": "UNDERMINE"},
                {"pids": [13], "stance_label_3": "not_a_perspective"},
            ],
        },
        {
            "cId": 2,
            "text": "Homework helps",
            "perspectives": [{"pids": [20], "stance_label_3": "SUPPORT"}],
        },
    ]
    pool = [{"pId": i, "text": f"perspective {i}", "source": "x"} for i in (10, 11, 12, 13, 20)]
    split = {"1": "test", "2": "train"}
    main = tmp_path / "perspectrum_with_answers_v1.0.json"
    main.write_text(json.dumps(claims), encoding="utf-8")
    (tmp_path / "perspective_pool_v1.0.json").write_text(json.dumps(pool), encoding="utf-8")
    (tmp_path / "dataset_split_v1.0.json").write_text(json.dumps(split), encoding="utf-8")
    recs = list(read_perspectrum_json(main))
    assert [(r["id"], r["label"]) for r in recs] == [
        ("1-10", "SUPPORT"),
        ("1-11", "SUPPORT"),
        ("1-12", "UNDERMINE"),
        ("2-20", "SUPPORT"),
    ]
    assert recs[0]["premise"] == "perspective 10"
    assert recs[0]["hypothesis"] == "Zoos should be banned"
    assert [r["id"] for r in read_perspectrum_json(main, ["test"])] == ["1-10", "1-11", "1-12"]


def test_ibm_reader_and_motions(tmp_path: Path) -> None:
    path = tmp_path / "ibm.csv"
    path.write_text(
        "topicId,split,topicText,claims.claimId,claims.stance,claims.claimCorrectedText\n"
        '1,train,This house would ban boxing,11,PRO,"Boxing causes brain damage, often"\n'
        "2,test,This house believes that advertising is harmful,22,CON,Ads fund free media\n",
        encoding="utf-8",
    )
    recs = list(read_ibm_claim_stance(path))
    assert recs[0]["premise"] == "Boxing causes brain damage, often"
    assert recs[0]["hypothesis"] == "We should ban boxing"
    assert recs[0]["label"] == "PRO" and recs[0]["group"] == "1"
    assert recs[1]["hypothesis"] == "Advertising is harmful"
    assert [r["id"] for r in read_ibm_claim_stance(path, ["test"])] == ["22"]
    assert (
        motion_to_statement("This house supports school uniforms")
        == "We should support school uniforms"
    )
    assert motion_to_statement("Ban boxing") == "Ban boxing"


def test_fnc1_reader_joins_bodies(tmp_path: Path) -> None:
    (tmp_path / "x_bodies.csv").write_text(
        'Body ID,articleBody\n5,"First para.\n\nSecond para."\n9,Other body\n', encoding="utf-8"
    )
    stances = tmp_path / "x_stances.csv"
    stances.write_text(
        "Headline,Body ID,Stance\nA  headline,9,agree\nB,5,unrelated\n", encoding="utf-8"
    )
    recs = list(read_fnc1(stances))
    assert recs[0]["premise"] == "Other body" and recs[0]["hypothesis"] == "A headline"
    assert recs[1]["premise"] == "First para.\n\nSecond para."  # paragraphs kept for windows
    assert recs[1]["group"] == "5" and recs[1]["label"] == "unrelated"
    stances.write_text("Headline,Body ID,Stance\nC,77,agree\n", encoding="utf-8")
    with pytest.raises(StanceError, match=r"x_stances\.csv:2: Body ID 77"):
        list(read_fnc1(stances))


def test_new_sets_are_registered_with_their_maps() -> None:
    assert SETS["perspectrum"].label_map == "perspectrum"
    assert SETS["ibm_claim_stance"].label_map == "ibm"
    assert SETS["fnc1"].label_map == "fnc1"
    for spec in SETS.values():
        load_label_map(spec.label_map)  # every registered set has a loadable map
