"""The public API's behaviour, with a fixed-probability backend and a line-format extractor:
what each function takes, returns and raises, and that the CLI says the same."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import FakeBackend, read_jsonl, write_jsonl
from typer.testing import CliRunner

import stance
from stance.cli.main import app

TWO_PARTIES = (
    "Khamenei | Iran | Iran will not cooperate with the Americans against Islamic State.\n"
    "The journalist wrote this.\n"
    "Harf | United States | The United States is not cooperating with Iran on Islamic State.\n"
)
# Lexical pairing and no parser: nothing but the fake backend is needed.
CONFIG = {
    "pairing": {"relevance": "lexical"},
    "extract": {"parser": False},
    "verdict": {"contradiction": 0.6, "entailment": 0.6, "agree_max_contradiction": 0.2},
}
CONTRADICTING = (0.05, 0.1, 0.85)


@pytest.fixture
def line_claims(monkeypatch: pytest.MonkeyPatch, fake_extractor) -> None:
    import stance.extract

    monkeypatch.setattr(stance.extract, "extract_claims", fake_extractor)


@pytest.fixture
def fake_loads(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """load_backend replaced by a FakeBackend factory; records each call's arguments."""
    import stance.infer.backend

    calls: list[dict] = []

    def load_backend(model=None, **kwargs):
        calls.append(dict(kwargs, model=model))
        return FakeBackend(default=CONTRADICTING)

    monkeypatch.setattr(stance.infer.backend, "load_backend", load_backend)
    return calls


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0].removeprefix("error: ")


# analyze


def test_analyze_equals_the_pipeline_on_the_same_settings(line_claims) -> None:
    from stance.analyze import analyze_text
    from stance.config import load_analyze_config, merge_config

    backend = FakeBackend(default=CONTRADICTING)
    result = stance.analyze(TWO_PARTIES, backend, CONFIG, name="two.txt")
    raw = analyze_text(
        TWO_PARTIES, backend, merge_config(load_analyze_config(), CONFIG), name="two.txt"
    )
    assert result.to_json() == raw.to_json()
    assert [p.verdict for p in result.pairs] == ["contradict"]


def test_analyze_accepts_a_model_settings_or_a_file(line_claims, fake_loads, tmp_path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps(CONFIG), encoding="utf-8")  # JSON is YAML
    from_file = stance.analyze(TWO_PARTIES, stance.ModelSettings("some/model"), config)
    model = stance.ModelSettings("some/model").load()
    from_model = stance.analyze(TWO_PARTIES, model, stance.AnalyzeSettings.load(config))
    assert from_file.to_json() == from_model.to_json()
    assert [c["model"] for c in fake_loads] == ["some/model", "some/model"]


def test_result_repr_text_and_page(line_claims) -> None:
    result = stance.analyze(TWO_PARTIES, FakeBackend(default=CONTRADICTING), CONFIG)
    assert repr(result) == (
        "AnalysisResult(source='<text>', claims=2, parties=2, pairs=1, contradict=1, agree=0, "
        "possible_contradict=0, possible_agree=0, unrelated=0)"
    )
    assert result.verdicts() == {
        "contradict": 1,
        "agree": 0,
        "possible_contradict": 0,
        "possible_agree": 0,
        "unrelated": 0,
    }
    assert result.flagged() == result.pairs and result.possible() == []
    text = str(result)
    assert "Speakers and their parties" in text and "1. CONTRADICT" in text
    assert result.to_html().startswith("<!DOCTYPE html>")


def test_analyze_errors_are_stance_errors(line_claims) -> None:
    backend = FakeBackend()
    with pytest.raises(stance.NoClaimsError, match=r"^note\.txt: no attributed claims found"):
        stance.analyze("Nobody said anything.\n", backend, CONFIG, name="note.txt")
    with pytest.raises(stance.StanceError, match="expected the article as a str"):
        stance.analyze(b"bytes", backend, CONFIG)  # type: ignore[arg-type]
    with pytest.raises(stance.StanceError, match=r"^config verdict.entailment: must lie in"):
        stance.analyze(TWO_PARTIES, backend, {"verdict": {"entailment": 3}})
    with pytest.raises(stance.StanceError, match="expected AnalyzeSettings, a YAML file"):
        stance.analyze(TWO_PARTIES, backend, 42)  # type: ignore[arg-type]


def test_the_default_model_is_loaded_once(line_claims, fake_loads) -> None:
    from stance.model import shared_model

    shared_model.cache_clear()
    try:
        stance.analyze(TWO_PARTIES, config=CONFIG)
        stance.analyze(TWO_PARTIES, config=CONFIG)
    finally:
        shared_model.cache_clear()
    assert len(fake_loads) == 1 and fake_loads[0]["model"] is None


# Model


def test_judge_gives_the_verdict_and_numbers_of_analyze(line_claims) -> None:
    table = {}
    claims = [line.split(" | ")[2] for line in TWO_PARTIES.splitlines() if " | " in line]
    table[(claims[0], claims[1])] = [0.7, 0.2, 0.1]
    table[(claims[1], claims[0])] = [0.2, 0.7, 0.1]
    backend = FakeBackend(table)
    settings = stance.AnalyzeSettings.from_dict(CONFIG)
    pair = stance.analyze(TWO_PARTIES, backend, settings).pairs[0]
    judged = stance.Model(backend).judge(pair.a.text, pair.b.text, settings=settings)
    assert isinstance(judged, stance.Judgement)
    assert judged.verdict == pair.verdict == "agree"
    assert judged.ab.as_dict() == pytest.approx(pair.ab)
    assert judged.ba.as_dict() == pytest.approx(pair.ba)
    assert judged.evidence["rule"] == pair.evidence["rule"] == "entailment"
    assert judged.ab.label == "entailment" and judged.ba.label == "neutral"


def test_predict_checks_its_pairs() -> None:
    model = stance.Model(FakeBackend(default=(0.2, 0.3, 0.5)))
    probs = model.predict([("a b", "c"), ["d", "e"]])
    assert probs.shape == (2, 3) and probs.dtype == np.float32
    assert model.predict([]).shape == (0, 3)
    with pytest.raises(stance.StanceError, match=r"^pairs\[1\]: expected a \(premise, hyp"):
        model.predict([("a", "b"), ("only one",)])
    with pytest.raises(stance.StanceError, match="got a string"):
        model.predict("a b")
    with pytest.raises(stance.StanceError, match=r"^hypothesis: expected a non-empty string"):
        model.judge("a", " ")
    assert model.labels == ("entailment", "neutral", "contradiction")
    assert repr(model) == "Model(name='fake-nli', backend='torch', max_length=128)"


def test_load_model_passes_its_options_once(fake_loads) -> None:
    model = stance.load_model("minilm", threads=2, label_map={"LABEL_0": "contradiction"})
    assert isinstance(model, stance.Model)
    (call,) = fake_loads
    assert call["model"].endswith("models/stance-nli-minilm-l6")
    assert call == {
        "model": call["model"],
        "backend": None,
        "label_override": {"LABEL_0": "contradiction"},
        "threads": 2,
    }
    stance.load_model("x/y", device="cuda", max_length=64)
    assert fake_loads[1]["device"] == "cuda" and fake_loads[1]["max_length"] == 64


def test_a_missing_runtime_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import stance.infer.backend

    def missing(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'onnxruntime'")

    monkeypatch.setattr(stance.infer.backend, "load_backend", missing)
    with pytest.raises(stance.StanceError, match=r"^--backend onnx: not available in this"):
        stance.load_model(backend="onnx")


def test_short_model_names(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from stance.infer import models

    assert models.resolve_model_ref(None) is None
    assert models.resolve_model_ref("org/model") == "org/model"
    assert models.resolve_model_ref("./minilm") == "./minilm"
    assert models.resolve_model_ref("minilm") == str(models.MODELS_DIR / "stance-nli-minilm-l6")
    assert set(models.MODELS) >= {"minilm", "mpnet"}
    monkeypatch.setitem(models.MODELS, "later", "stance-nli-later")
    with pytest.raises(stance.StanceError, match=r"^later: model folder .* not found"):
        models.resolve_model_ref("later")


# settings


def test_settings_defaults_are_configs_analyze_yaml() -> None:
    from stance.config import load_analyze_config
    from stance.extract.attribution import ExtractOptions

    loaded = stance.AnalyzeSettings.load()
    assert loaded == stance.AnalyzeSettings()
    assert loaded.to_dict() == load_analyze_config()
    options = ExtractOptions()
    assert (
        options.min_quote_words,
        options.max_speaker_words,
        options.min_claim_words,
        options.attach_quote_paragraphs,
    ) == (
        loaded.extract.min_quote_words,
        loaded.extract.max_speaker_words,
        loaded.extract.min_claim_words,
        loaded.extract.attach_quote_paragraphs,
    )


def test_settings_from_files_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "user.yaml"
    path.write_text(
        "pairing:\n  relevance: lexical\nparties:\n  hints: {Vela: Peru}\nmy_key: 1\n",
        encoding="utf-8",
    )
    merged = stance.AnalyzeSettings.load(path, min_relevance=0.5)
    assert merged.pairing.relevance == "lexical" and merged.pairing.min_relevance == 0.5
    assert merged.judging.max_sentences == 1  # from configs/analyze.yaml
    alone = stance.AnalyzeSettings.from_yaml(path)
    assert alone.pairing.min_relevance == 0.15 and alone.verdict == stance.AnalyzeSettings().verdict
    hinted = merged.with_party_hints({"Ortiz": "Peru"})
    assert hinted.parties.hints == {"Vela": "Peru", "Ortiz": "Peru"}
    as_dict = hinted.to_dict()
    assert as_dict["my_key"] == 1  # unknown keys travel on
    assert as_dict["pairing"]["min_relevance"] == {"embedding": 0.2, "lexical": 0.5}
    assert stance.AnalyzeSettings.from_dict(as_dict) == hinted


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("pairing:\n  relevance: tfidf\n", "{path}: config pairing.relevance: expected one of"),
        ("judging:\n  max_sentences: 0\n", "{path}: config judging.max_sentences: expected"),
        ("verdict:\n  contradiction: 2\n", "{path}: config verdict.contradiction: must lie in"),
        ("extract:\n  parser: maybe\n", "config: field 'extract.parser' must be true/false"),
        ("speakers:\n  aliases: [a]\n", "config: field 'speakers.aliases' must map strings"),
        ("parties: 3\n", "config: section 'parties' must be a mapping"),
        ("verdict: [", "{path}:1: bad YAML"),
    ],
)
def test_bad_settings_say_what_the_cli_says(
    tmp_path: Path, yaml_text: str, message: str, line_claims, fake_loads
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(stance.StanceError) as caught:
        stance.AnalyzeSettings.load(path)
    assert str(caught.value).startswith(message.format(path=path))
    article = tmp_path / "a.txt"
    article.write_text(TWO_PARTIES, encoding="utf-8")
    result = cli("analyze", str(article), "--config", str(path))
    assert result.exit_code == 1
    assert error_line(result) == str(caught.value)
    assert fake_loads == []  # the config fails before the model loads


# run_batch


def test_run_batch_rows_in_memory(tmp_path: Path) -> None:
    backend = FakeBackend(default=(0.6, 0.3, 0.1))
    summary = stance.run_batch(
        [("a b", "c"), {"premise": "d", "hypothesis": "e", "x": 1}],
        tmp_path / "o.jsonl",
        model=backend,
    )
    assert isinstance(summary, stance.BatchSummary)
    assert (summary.written, summary.rejected) == (2, 0)
    records = read_jsonl(tmp_path / "o.jsonl")
    assert [r["id"] for r in records] == ["<rows>:1", "<rows>:2"]
    assert records[1]["x"] == 1 and records[0]["label"] == "entailment"


def test_run_batch_on_rows_equals_run_batch_on_their_file(tmp_path: Path) -> None:
    rows = [{"id": f"r{i}", "premise": f"p {i}", "hypothesis": f"h {i}", "n": i} for i in range(7)]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    options = stance.BatchOptions(chunk_size=3)
    stance.run_batch(src, tmp_path / "file.jsonl", model=FakeBackend(), options=options)
    stance.run_batch(rows, tmp_path / "rows.jsonl", model=FakeBackend(), options=options)
    stance.run_batch(iter(rows), tmp_path / "iter.jsonl", model=FakeBackend(), options=options)
    expected = (tmp_path / "file.jsonl").read_bytes()
    assert (tmp_path / "rows.jsonl").read_bytes() == expected
    assert (tmp_path / "iter.jsonl").read_bytes() == expected


def test_run_batch_rejects_resumes_and_refuses_like_the_cli(tmp_path: Path, fake_loads) -> None:
    rows = [("a", "b"), ("", "c"), ("d", "e"), 7]
    out = tmp_path / "o.jsonl"
    with pytest.raises(stance.StanceError, match=r"^<rows>:2: field 'premise': empty text$"):
        stance.run_batch(rows, out, model=FakeBackend())
    skip = stance.BatchOptions(skip_bad=True, chunk_size=2)
    summary = stance.run_batch(rows, out, model=FakeBackend(), options=skip)
    assert (summary.written, summary.rejected) == (2, 2)
    rejects = read_jsonl(summary.rejects_path)
    assert [r["line"] for r in rejects] == [2, 4]
    assert "expected a mapping or a (premise, hypothesis) pair, got int" in rejects[1]["error"]
    with pytest.raises(stance.UsageError) as caught:
        stance.run_batch(rows, out, model=FakeBackend(), options=skip)
    resumed = stance.run_batch(
        rows, out, model=FakeBackend(), options=dataclasses.replace(skip, resume=True)
    )
    assert (resumed.written, resumed.already_done) == (0, 2)
    # The CLI says the same about the same output, before loading a model.
    src = write_jsonl(tmp_path / "in.jsonl", [{"premise": "a", "hypothesis": "b"}])
    result = cli("batch", str(src), "-o", str(out))
    assert result.exit_code == 2 and error_line(result) == str(caught.value)
    assert fake_loads == []


def test_run_batch_engine_checks(tmp_path: Path) -> None:
    with pytest.raises(stance.UsageError, match="--engine gpu: choose local or ray"):
        stance.run_batch([("a", "b")], tmp_path / "o.jsonl", engine="gpu")
    with pytest.raises(stance.UsageError, match="not rows in memory"):
        stance.run_batch([("a", "b")], tmp_path / "o", engine="ray")
    with pytest.raises(stance.UsageError, match="not a loaded model"):
        stance.run_batch(
            str(tmp_path), tmp_path / "o", engine="ray", model=stance.Model(FakeBackend())
        )
    with pytest.raises(stance.UsageError, match="--device: with --engine ray"):
        stance.run_batch(
            str(tmp_path), tmp_path / "o", engine="ray", model=stance.ModelSettings(device="cuda")
        )
    with pytest.raises(stance.StanceError, match="expected a path, a dataset, or an iterable"):
        stance.run_batch(3, tmp_path / "o.jsonl")


# evaluate


def _labeled(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "labeled.jsonl",
        [
            {"id": "1", "premise": "a", "hypothesis": "b", "label": "entailment"},
            {"id": "2", "premise": "c", "hypothesis": "d", "label": "contradiction"},
            {"id": "3", "premise": "e", "hypothesis": "f", "label": "neutral"},
        ],
    )


def test_evaluate_returns_the_metrics_of_its_report(tmp_path: Path) -> None:
    out = tmp_path / "report"
    metrics = stance.evaluate(_labeled(tmp_path), out, model=FakeBackend())
    assert isinstance(metrics, stance.Metrics)
    assert metrics.n == 3 and metrics.labels == ("entailment", "neutral", "contradiction")
    assert metrics.accuracy == pytest.approx(1 / 3)  # the fake always says neutral
    assert metrics.per_class["neutral"].recall == 1.0
    assert metrics.confusion_matrix == ((0, 1, 0), (0, 1, 0), (0, 1, 0))
    assert metrics.output == out and metrics.predictions == out / "predictions.jsonl"
    assert (out / "report.md").read_text(encoding="utf-8") == metrics.to_markdown()
    assert json.loads((out / "metrics.json").read_text(encoding="utf-8")) == metrics.as_dict()
    assert repr(metrics).startswith("Metrics(3 pairs; accuracy 0.3333; macro-F1 ")


def test_evaluate_rows_without_an_output(tmp_path: Path) -> None:
    rows = read_jsonl(_labeled(tmp_path))
    metrics = stance.evaluate(
        rows, model=stance.Model(FakeBackend()), options=stance.EvalOptions(limit=2)
    )
    assert metrics.n == 2 and metrics.output is None and metrics.meta["input"] == "<rows>"
    with pytest.raises(
        stance.StanceError,
        match=r"^<rows>: row 1 .*unknown label 'maybe'|"
        r"^<rows>:1: field 'label': unknown label",
    ):
        stance.evaluate(
            [{"premise": "a", "hypothesis": "b", "label": "maybe"}], model=FakeBackend()
        )


def test_eval_cli_prints_the_metrics_summary(tmp_path: Path, fake_loads) -> None:
    src = _labeled(tmp_path)
    result = cli("eval", str(src), "-o", str(tmp_path / "cli"), "--model", "minilm")
    assert result.exit_code == 0, result.output
    metrics = stance.evaluate(src, tmp_path / "api", model=FakeBackend(default=CONTRADICTING))
    assert result.stderr.strip() == f"{metrics.summary()} -> {tmp_path / 'cli'}"
    assert fake_loads[0]["model"].endswith("models/stance-nli-minilm-l6")
    for name in ("predictions.jsonl", "report.md"):
        cli_text = (tmp_path / "cli" / name).read_text(encoding="utf-8")
        api_text = (tmp_path / "api" / name).read_text(encoding="utf-8")
        if name == "report.md":  # the run's time, speed and command differ
            cli_text, api_text = (t.split("## Run")[0] for t in (cli_text, api_text))
        assert cli_text == api_text
