"""The FNC-1 score (known answers, official arithmetic) and the FNC-1 prediction pipeline."""

from __future__ import annotations

import json
import random
import re
import zlib
from pathlib import Path

import numpy as np
import pytest

from stance.eval import fnc1
from stance.eval.fnc1 import (
    LABELS,
    FNC1Config,
    decide,
    fit_relevance,
    fit_stance,
    fnc_score,
    label_probs,
    score_defaults,
    score_submission,
)
from stance.eval.fnc1_features import fit_fnc1, predict_fnc1, relevance_features
from stance.eval.run import EvalOptions, load_fnc1_config, run_eval, write_fnc1_config

# ------------------------------------------------------------------------------------- score


def test_official_score_known_answer() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated", "agree", "unrelated"]
    pred = ["agree", "discuss", "discuss", "unrelated", "unrelated", "agree"]
    score, cm = score_submission(gold, pred)
    # agree/agree 1.0, disagree/discuss 0.25 (both related), discuss/discuss 1.0,
    # unrelated/unrelated 0.25, agree/unrelated 0, unrelated/agree 0.
    assert score == pytest.approx(2.5)
    assert cm == [[1, 0, 0, 1], [0, 0, 1, 0], [0, 0, 1, 0], [1, 0, 0, 1]]
    assert score_defaults(gold) == (0.5, 4.5)
    result = fnc_score(gold, pred)
    assert result["max_score"] == pytest.approx(4.5)
    assert result["relative"] == pytest.approx(100 * 2.5 / 4.5)
    assert result["null_relative"] == pytest.approx(100 * 0.5 / 4.5)


def test_perfect_and_all_unrelated_submissions() -> None:
    gold = ["agree", "unrelated", "discuss", "unrelated"]
    assert fnc_score(gold, gold)["relative"] == pytest.approx(100.0)
    assert fnc_score(gold, ["unrelated"] * 4)["score"] == pytest.approx(0.5)
    assert fnc_score(["unrelated"], ["unrelated"])["relative"] == pytest.approx(100.0)
    with pytest.raises(ValueError):
        score_submission(["agree"], ["support"])


def test_vectorised_score_matches_official_loop() -> None:
    rng = random.Random(4)
    for _ in range(20):
        gold = [rng.choice(LABELS) for _ in range(50)]
        pred = [rng.choice(LABELS) for _ in range(50)]
        g = np.array([LABELS.index(x) for x in gold])
        p = np.array([LABELS.index(x) for x in pred])
        assert fnc1._score_array(g, p) == pytest.approx(score_submission(gold, pred)[0])


# ---------------------------------------------------------------------------------- decision


def test_decide_rule() -> None:
    cfg = FNC1Config(related_threshold=0.5, agree_threshold=0.6, disagree_threshold=0.4)
    relevance = [0.9, 0.9, 0.9, 0.9, 0.9, 0.1]
    ent = [0.7, 0.5, 0.2, 0.3, 0.45, 0.99]
    con = [0.2, 0.1, 0.45, 0.3, 0.44, 0.0]
    assert decide(relevance, ent, con, cfg) == [
        "agree",  # entailment side, above its threshold
        "discuss",  # entailment side, below 0.6
        "disagree",  # contradiction side, above 0.4
        "discuss",  # tie goes to the entailment side, below its threshold
        "discuss",  # entailment side (0.45 >= 0.44) but below 0.6
        "unrelated",  # relevance below the threshold, whatever NLI says
    ]
    # NaN NLI (pairs never sent to NLI) can only come out unrelated or discuss.
    assert decide([0.1, 0.9], [np.nan] * 2, [np.nan] * 2, cfg) == ["unrelated", "discuss"]


def test_label_probs_form_a_distribution() -> None:
    cfg = FNC1Config(relevance_slope=10.0, relevance_intercept=-5.0)
    nli = np.array([[0.7, 0.2, 0.1], [np.nan, np.nan, np.nan]])
    probs = label_probs(np.array([0.5, 0.0]), nli, cfg)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    np.testing.assert_allclose(probs[0], [0.35, 0.05, 0.1, 0.5])  # P(related) = 0.5
    assert probs[1, 1] == 0.0 and probs[1, 0] == 0.0


def test_fit_relevance_and_stance_find_separating_thresholds() -> None:
    related = np.array([True, True, True, False, False, False])
    feats = {
        "mean": np.array([0.5, 0.6, 0.2, 0.1, 0.3, 0.25]),  # not separable
        "max": np.array([0.7, 0.8, 0.65, 0.3, 0.5, 0.4]),
    }  # separable at 0.51..0.65
    feature, threshold, acc = fit_relevance(feats, related)
    assert feature == "max" and acc == 1.0 and 0.5 < threshold <= 0.65
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated", "unrelated"]
    ent = np.array([0.9, 0.1, 0.5, np.nan, np.nan, np.nan])
    con = np.array([0.05, 0.7, 0.3, np.nan, np.nan, np.nan])
    ta, td, rel = fit_stance(gold, related, ent, con)
    assert rel == pytest.approx(100.0)
    assert 0.5 < ta <= 0.9 and td <= 0.7
    cfg = FNC1Config("max", threshold, ta, td)
    assert decide(feats["max"], ent, con, cfg) == gold


def test_fnc1_config_round_trip(tmp_path: Path) -> None:
    cfg = FNC1Config("max", 0.42, 0.55, 0.35, 8.0, -3.0, {"pairs": 10})
    path = tmp_path / "fnc1.yaml"
    write_fnc1_config(cfg, path, "fitted by\n  a test")
    assert path.read_text(encoding="utf-8").startswith("# fitted by\n#   a test\n")
    assert load_fnc1_config(path) == cfg
    path.write_text("related_threshold: 0.3\nbogus: 1\n", encoding="utf-8")
    with pytest.raises(Exception, match="unknown keys"):
        load_fnc1_config(path)


def test_shipped_fnc1_config_loads() -> None:
    cfg = load_fnc1_config()
    assert cfg.relevance_feature in fnc1.RELEVANCE_FEATURES
    assert 0.0 <= cfg.related_threshold <= 1.0


# ---------------------------------------------------------------------------------- pipeline


class BagOfWords:
    """A stand-in sentence embedder: hashed word counts, unit length (cosine = word overlap)."""

    dim = 512

    def encode(self, texts, batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[i, zlib.crc32(word.encode()) % self.dim] += 1.0
            out[i] /= max(float(np.linalg.norm(out[i])), 1e-9)
        return out


BODY_BOY = "Police found the missing boy alive on Sunday. He had spent two nights in the woods."
BODY_STOCKS = "Stocks fell sharply on Monday. Investors sold shares of banks."
PAIRS = [  # (body, headline, gold, NLI probabilities for the whole body)
    (BODY_BOY, "Missing boy found alive in woods", "agree", [0.9, 0.05, 0.05]),
    (BODY_BOY, "Missing boy found dead in woods", "disagree", [0.05, 0.1, 0.85]),
    (BODY_BOY, "Police search woods for missing boy", "discuss", [0.3, 0.6, 0.1]),
    (BODY_STOCKS, "Missing boy found alive in woods", "unrelated", [0.9, 0.05, 0.05]),
    (BODY_BOY, "Banks sold shares as stocks fell", "unrelated", [0.1, 0.1, 0.8]),
    (BODY_STOCKS, "Stocks fell sharply on Monday", "agree", [0.95, 0.03, 0.02]),
]


@pytest.fixture
def fake_nli(fake_backend_cls):
    return fake_backend_cls({(b, h): p for b, h, _, p in PAIRS})


def test_relevance_features_embed_each_text_once() -> None:
    calls: list[list[str]] = []

    class Counting(BagOfWords):
        def encode(self, texts, batch_size: int = 32):
            calls.append(list(texts))
            return super().encode(texts, batch_size)

    bodies = [b for b, *_ in PAIRS]
    heads = [h for _, h, *_ in PAIRS]
    feats = relevance_features(heads, bodies, Counting())
    assert len(calls) == 2
    assert len(calls[0]) == 4  # two sentences per distinct body, two bodies
    assert len(calls[1]) == len(set(heads))
    assert min(feats["max"][[0, 1, 2, 5]]) > 0.4 and max(feats["max"][[3, 4]]) < 0.3
    # "max" is the best single sentence: for a one-sentence match it is that sentence's cosine.
    one = relevance_features(["Stocks fell sharply"], [BODY_STOCKS], BagOfWords())
    sent = BagOfWords().encode(["Stocks fell sharply on Monday.", "Stocks fell sharply"])
    assert one["max"][0] == pytest.approx(float(sent[0] @ sent[1]), abs=1e-6)


def test_pipeline_labels_and_skips_nli_for_unrelated(fake_nli) -> None:
    bodies = [b for b, *_ in PAIRS]
    heads = [h for _, h, *_ in PAIRS]
    cfg = FNC1Config("max", related_threshold=0.3, agree_threshold=0.5, disagree_threshold=0.5)
    out = predict_fnc1(bodies, heads, fake_nli, BagOfWords(), cfg)
    assert out.labels == [g for _, _, g, _ in PAIRS]
    sent = {pair for call in fake_nli.calls for pair in call}
    assert (BODY_STOCKS, "Missing boy found alive in woods") not in sent  # never sent to NLI
    assert np.isnan(out.nli[3]).all()
    np.testing.assert_allclose(out.probs.sum(axis=1), 1.0, rtol=1e-6)


def test_pipeline_windows_long_bodies(fake_backend_cls) -> None:
    body = "The dam held overnight. Engineers said the dam did not break. Rain is expected."
    head = "Dam breaks"
    nli = fake_backend_cls({("Engineers said the dam did not break.", head): [0.02, 0.08, 0.9]})
    nli.max_length = 10  # the body no longer fits whole: it is split into sentence windows
    cfg = FNC1Config("max", related_threshold=0.0, agree_threshold=0.5, disagree_threshold=0.5)
    out = predict_fnc1([body], [head], nli, BagOfWords(), cfg)
    assert out.labels == ["disagree"]
    assert out.windows[0] is not None and "did not break" in out.windows[0].text


def test_fit_fnc1_end_to_end(fake_nli) -> None:
    bodies = [b for b, *_ in PAIRS]
    heads = [h for _, h, *_ in PAIRS]
    gold = [g for _, _, g, _ in PAIRS]
    cfg, out = fit_fnc1(gold, bodies, heads, fake_nli, BagOfWords())
    assert cfg.fitted["pairs"] == len(PAIRS)
    assert out.labels == decide(out.relevance, out.nli[:, 0], out.nli[:, 2], cfg)
    # The toy set is separable by word overlap and by the NLI table: a perfect fit exists.
    assert cfg.fitted["relatedness_accuracy"] == 1.0
    assert fnc_score(gold, out.labels)["relative"] == pytest.approx(100.0)
    assert cfg.fitted["fnc_relative_score"] == pytest.approx(100.0)


def test_run_eval_task_fnc1_report(tmp_path: Path, fake_nli) -> None:
    data = tmp_path / "fnc.jsonl"
    with data.open("w", encoding="utf-8") as fh:
        for i, (b, h, g, _) in enumerate(PAIRS):
            fh.write(json.dumps({"id": f"p{i}", "premise": b, "hypothesis": h, "Stance": g}) + "\n")
    cfg_path = tmp_path / "fnc1.yaml"
    write_fnc1_config(FNC1Config("max", 0.5, 0.5, 0.5), cfg_path, "test")
    out = tmp_path / "report"
    result = run_eval(
        EvalOptions(
            output=out, input=str(data), label_field="Stance", task="fnc1", fnc1_config=cfg_path
        ),
        backend=fake_nli,
        embedder=BagOfWords(),
    )
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    preds = [json.loads(line) for line in (out / "predictions.jsonl").open(encoding="utf-8")]
    assert [p["id"] for p in preds] == [f"p{i}" for i in range(len(PAIRS))]
    expected = fnc_score([p["gold"] for p in preds], [p["pred"] for p in preds])["relative"]
    assert metrics["fnc_score"] == pytest.approx(expected)
    assert metrics["labels"] == list(LABELS)
    assert {"accuracy", "macro_f1", "per_class", "confusion_matrix", "ece"} <= set(metrics)
    assert result.metrics["meta"]["task"] == "fnc1"
    assert "FNC-1 score" in (out / "report.md").read_text(encoding="utf-8")


def test_fit_requires_train_split(tmp_path: Path, fake_nli) -> None:
    from stance.errors import UsageError

    with pytest.raises(UsageError, match="train part only"):
        run_eval(
            EvalOptions(
                output=tmp_path / "o", set_name="fnc1", split="dev", fit_fnc1=tmp_path / "f.yaml"
            ),
            backend=fake_nli,
            embedder=BagOfWords(),
        )


def test_run_eval_fit_writes_config_with_provenance(tmp_path: Path, fake_nli) -> None:
    data = tmp_path / "fnc_train.jsonl"
    with data.open("w", encoding="utf-8") as fh:
        for i, (b, h, g, _) in enumerate(PAIRS):
            fh.write(json.dumps({"id": i, "premise": b, "hypothesis": h, "label": g}) + "\n")
    fitted = tmp_path / "fitted.yaml"
    result = run_eval(
        EvalOptions(
            output=tmp_path / "o",
            input=str(data),
            task="fnc1",
            fit_fnc1=fitted,
            command="stance eval fnc_train.jsonl --task fnc1 --fit-fnc1 fitted.yaml",
        ),
        backend=fake_nli,
        embedder=BagOfWords(),
    )
    text = fitted.read_text(encoding="utf-8")
    assert "--fit-fnc1 fitted.yaml" in text.splitlines()[4]  # the command is in the header
    cfg = load_fnc1_config(fitted)
    assert cfg.fitted["max_length"] == fake_nli.max_length
    assert cfg.fitted["model"] == "fake-nli"
    assert result.metrics["fnc_score"] == pytest.approx(100.0)  # the toy set is separable
