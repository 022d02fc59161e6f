"""`stance analyze` end to end through the CLI: output formats, bad input, model errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from typer.testing import CliRunner

from stance.analyze import analysis_schema
from stance.cli.main import app

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_4a66804ddd20a484.txt"

TWO_PARTIES = (
    "Khamenei | Iran | Iran will not cooperate with the Americans against Islamic State.\n"
    "The journalist wrote this.\n"
    "Harf | United States | The United States is not cooperating with Iran on Islamic State.\n"
)
ONE_PARTY = "A | Iran | Iran rejects the coalition.\nB | Iran | Iran rejects it again.\n"


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(app, ["analyze", *args], input=input)


def assert_one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    # An exception other than SystemExit means the error escaped the CLI's error handling.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def fake_pipeline(monkeypatch, fake_extractor, fake_backend_cls):
    """Line-format extractor and a fixed-probability backend, so the CLI wiring is tested alone."""
    import stance.extract
    import stance.infer.backend

    backends = []

    def load_backend(model=None, **kwargs):
        backend = fake_backend_cls()
        backend.kwargs = dict(kwargs, model=model)
        backends.append(backend)
        return backend

    monkeypatch.setattr(stance.extract, "extract_claims", fake_extractor)
    monkeypatch.setattr(stance.infer.backend, "load_backend", load_backend)
    return backends


# Output


def test_json_document_per_article(tmp_path, lexical_config, fake_pipeline) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "b.txt").write_text(TWO_PARTIES, encoding="utf-8")
    (folder / "a.txt").write_text(ONE_PARTY, encoding="utf-8")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    result = run(str(folder), "--json", "--config", str(lexical_config))
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source"] for d in docs] == [str(folder / "a.txt"), str(folder / "b.txt")]
    for doc in docs:
        jsonschema.validate(doc, analysis_schema())
    assert docs[0]["pairs"] == [] and docs[0]["candidate_pairs"] == 0
    assert [(p["a"], p["b"]) for p in docs[1]["pairs"]] == [("c1", "c2")]
    assert len(fake_pipeline) == 1  # the model is loaded once for all articles


def test_options_reach_the_backend(tmp_path, lexical_config, fake_pipeline) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TWO_PARTIES, encoding="utf-8")
    result = run(
        str(path),
        "--json",
        "--model",
        "some/model",
        "--backend",
        "onnx",
        "--threads",
        "1",
        "--config",
        str(lexical_config),
        "--label-map",
        "LABEL_0=contradiction",
    )
    assert result.exit_code == 0, result.output
    assert fake_pipeline[0].kwargs == {
        "model": "some/model",
        "backend": "onnx",
        "label_override": {"LABEL_0": "contradiction"},
        "threads": 1,
    }


def test_min_relevance_override(tmp_path, lexical_config, fake_pipeline) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TWO_PARTIES, encoding="utf-8")
    doc = json.loads(run(str(path), "--json", "--config", str(lexical_config)).stdout)
    assert doc["dropped_pairs"] == 0
    result = run(str(path), "--json", "--config", str(lexical_config), "--min-relevance", "1")
    doc = json.loads(result.stdout)
    assert (doc["dropped_pairs"], doc["pairs"], doc["pairing"]["min_relevance"]) == (1, [], 1.0)


def test_stdin(lexical_config, fake_pipeline) -> None:
    result = run("-", "--json", "--config", str(lexical_config), input=TWO_PARTIES)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"] == "<stdin>"


def test_report_no_cross_party_pairs_is_not_an_error(tmp_path, lexical_config, fake_pipeline):
    path = tmp_path / "one.txt"
    path.write_text(ONE_PARTY, encoding="utf-8")
    result = run(str(path), "--config", str(lexical_config))
    assert result.exit_code == 0, result.output
    assert "No cross-party pairs" in result.stdout
    assert "Speakers and their parties" in result.stdout


def test_report_shows_flagged_pair(
    tmp_path, lexical_config, fake_pipeline, fake_backend_cls, monkeypatch
) -> None:
    path = tmp_path / "two.txt"
    path.write_text(TWO_PARTIES, encoding="utf-8")

    def contradicting(self, pairs, batch_size=32):
        return np.tile([0.05, 0.1, 0.85], (len(pairs), 1))

    monkeypatch.setattr(fake_backend_cls, "predict", contradicting)
    result = run(str(path), "--config", str(lexical_config))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "CONTRADICT" in out and "Khamenei" in out and "Harf" in out
    assert "0.850" in out and "1 contradict" in out


def test_report_shows_closest_calls_when_nothing_is_flagged(
    tmp_path, lexical_config, fake_pipeline, fake_backend_cls, monkeypatch
) -> None:
    path = tmp_path / "two.txt"
    path.write_text(TWO_PARTIES, encoding="utf-8")

    def below_threshold(self, pairs, batch_size=32):
        # Every pair leans neutral; P(contradiction) grows with the hypothesis length, so the
        # order of the closest calls is known, and all stay below any contradiction threshold.
        c = np.array([0.1 + len(h) / 10_000 for _, h in pairs])
        return np.stack([0.2 * np.ones_like(c), 0.8 - c, c], axis=1)

    monkeypatch.setattr(fake_backend_cls, "predict", below_threshold)
    result = run(str(path), "--config", str(lexical_config))
    assert result.exit_code == 0, result.output
    out = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stdout).split())
    assert "No agreement or contradiction found" in out
    assert "closest to a contradiction" in out
    assert "CONTRADICT" not in out and "UNRELATED" in out


def test_closest_calls_order_and_count() -> None:
    from stance.claims import Claim, JudgedPair
    from stance.report import closest_calls

    claim = Claim(id="c1", speaker="s", party="p", cue="said", text="t", start=0, end=1)

    def pair(c_ab: float, c_ba: float) -> JudgedPair:
        return JudgedPair(
            claim,
            claim,
            "unrelated",
            {"entailment": 0.1, "neutral": 0.9 - c_ab, "contradiction": c_ab},
            {"entailment": 0.1, "neutral": 0.9 - c_ba, "contradiction": c_ba},
        )

    pairs = [pair(0.1, 0.2), pair(0.7, 0.1), pair(0.3, 0.6), pair(0.05, 0.05)]
    assert closest_calls(pairs, 2) == [pairs[1], pairs[2]]
    assert len(closest_calls(pairs)) == 3
    assert closest_calls([]) == []


def test_report_and_json_show_the_deciding_sentence(
    tmp_path, lexical_config, fake_pipeline, fake_backend_cls, monkeypatch
) -> None:
    # B's claim is two sentences; only its second contradicts A. Judged as whole claims the
    # pair is unrelated, judged sentence by sentence it is a contradiction.
    a_text = "Iran will not cooperate with the Americans against Islamic State."
    b_first = "We talk with Iran about Islamic State on the margins of the nuclear talks."
    b_decisive = "And Iran will cooperate with the Americans against Islamic State."
    path = tmp_path / "split.txt"
    article = f"Khamenei | Iran | {a_text}\nHarf | United States | {b_first} {b_decisive}\n"
    path.write_text(article, encoding="utf-8")

    def decisive_only(self, pairs, batch_size=32):
        hit = [0.03, 0.07, 0.9]
        return np.array([hit if b_decisive == h else [0.2, 0.6, 0.2] for _, h in pairs])

    monkeypatch.setattr(fake_backend_cls, "predict", decisive_only)
    # Sentence windows on (the shipped config judges whole claims only: max_sentences 1).
    sentences = tmp_path / "sentences.yaml"
    sentences.write_text(
        lexical_config.read_text(encoding="utf-8") + "judging:\n  max_sentences: 6\n",
        encoding="utf-8",
    )
    doc = json.loads(run(str(path), "--json", "--config", str(sentences)).stdout)
    jsonschema.validate(doc, analysis_schema())
    (pair,) = doc["pairs"]
    assert pair["verdict"] == "contradict"
    hyp = pair["evidence"]["hypothesis"]
    assert article[hyp["start"] : hyp["end"]] == hyp["text"] == b_decisive
    result = run(str(path), "--config", str(sentences))
    assert result.exit_code == 0, result.output
    # Panel borders removed and white space joined, so line wrapping cannot break a match.
    out = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stdout).split())
    assert "CONTRADICT" in out and "Decided by (A → B, contradiction 0.900)" in out
    assert f"B “{b_decisive}”" in out

    whole_only = tmp_path / "whole.yaml"
    whole_only.write_text(
        lexical_config.read_text(encoding="utf-8") + "judging:\n  max_sentences: 1\n",
        encoding="utf-8",
    )
    doc = json.loads(run(str(path), "--json", "--config", str(whole_only)).stdout)
    assert doc["pairs"][0]["verdict"] == "unrelated"


def test_report_hides_deciding_sentences_of_whole_claims(
    tmp_path, lexical_config, fake_pipeline, fake_backend_cls, monkeypatch
) -> None:
    path = tmp_path / "two.txt"
    path.write_text(TWO_PARTIES, encoding="utf-8")
    monkeypatch.setattr(
        fake_backend_cls,
        "predict",
        lambda self, pairs, batch_size=32: np.tile([0.05, 0.1, 0.85], (len(pairs), 1)),
    )
    result = run(str(path), "--config", str(lexical_config))
    assert "CONTRADICT" in result.stdout and "Decided by" not in result.stdout


def test_bad_judging_config_fails_before_the_model(tmp_path, fake_pipeline) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TWO_PARTIES, encoding="utf-8")
    config = tmp_path / "bad.yaml"
    config.write_text("judging:\n  max_sentences: 0\n", "utf-8")
    result = run(str(article), "--config", str(config))
    assert_one_line_error(result, str(config), "judging.max_sentences")
    assert fake_pipeline == []


# Bad input: one line on stderr naming the file, exit 1, no traceback.


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"PK\x03\x04\x00\x00binary", "binary file"),
        ("Harf said the café is closed.\n".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_article_file(tmp_path, content, needle, fake_pipeline) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run(str(path))
    assert_one_line_error(result, str(path), needle)
    assert fake_pipeline == []  # bad input fails before any model is loaded


def test_missing_path(tmp_path) -> None:
    assert_one_line_error(run(str(tmp_path / "nope.txt")), "nope.txt", "no such file")


def test_folder_without_txt(tmp_path) -> None:
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    assert_one_line_error(run(str(tmp_path)), str(tmp_path), "no .txt, .html or .htm files")


def test_empty_stdin(fake_pipeline) -> None:
    assert_one_line_error(run("-", input=""), "<stdin>", "empty file")


def test_no_attributions(tmp_path, tiny_model_dir) -> None:
    # The real extractor and a real (tiny) model: narration alone has nothing to compare.
    path = tmp_path / "plain.txt"
    path.write_text("The sky was grey over Tehran on Monday.\nMarkets were calm.\n", "utf-8")
    result = run(str(path), "--model", str(tiny_model_dir))
    assert_one_line_error(result, str(path), "no attributed claims")


def test_bad_file_in_folder_is_skipped_and_reported(tmp_path, lexical_config, fake_pipeline):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(TWO_PARTIES, encoding="utf-8")
    result = run(str(tmp_path), "--json", "--config", str(lexical_config))
    assert_one_line_error(result, "a.txt", "empty file")
    assert len(result.stdout.splitlines()) == 1
    assert json.loads(result.stdout)["source"].endswith("b.txt")


@pytest.mark.parametrize(
    ("setup", "needle"),
    [
        (lambda d: None, "no config.json"),
        (lambda d: (d / "config.json").write_text("{not json", "utf-8"), "unreadable model config"),
    ],
)
def test_unreadable_model_directory(tmp_path, setup, needle) -> None:
    model = tmp_path / "model"
    model.mkdir()
    setup(model)
    article = tmp_path / "a.txt"
    article.write_text(TWO_PARTIES, encoding="utf-8")
    assert_one_line_error(run(str(article), "--model", str(model)), str(model), needle)


def test_missing_model_directory(tmp_path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TWO_PARTIES, encoding="utf-8")
    missing = tmp_path / "no" / "model"
    assert_one_line_error(run(str(article), "--model", str(missing)), str(missing), "not found")


def test_unmappable_labels(tmp_path, unmappable_model_dir) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TWO_PARTIES, encoding="utf-8")
    result = run(str(article), "--model", str(unmappable_model_dir))
    assert_one_line_error(result, str(unmappable_model_dir), "cannot map model label")


def test_bad_label_map(tmp_path, fake_pipeline) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TWO_PARTIES, encoding="utf-8")
    assert_one_line_error(run(str(article), "--label-map", "LABEL_0"), "--label-map")


@pytest.mark.parametrize(
    "args", [["--threads", "0"], ["--backend", "tensorflow"], ["--min-relevance", "3"]]
)
def test_usage_errors(tmp_path, args) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TWO_PARTIES, encoding="utf-8")
    result = run(str(article), *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_help_explains_every_option() -> None:
    result = run("--help")
    assert result.exit_code == 0
    text = re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", result.stdout))
    for option in (
        "--json",
        "--model",
        "--config",
        "--backend",
        "--threads",
        "--min-relevance",
        "--label-map",
        "stdin",
    ):
        assert option in text


# Real models: the tiny random NLI model, the real extractor where it finds claims.


def test_tiny_model_end_to_end(
    tmp_path, tiny_model_dir, lexical_config, monkeypatch, fake_extractor
) -> None:
    import stance.extract

    monkeypatch.setattr(stance.extract, "extract_claims", fake_extractor)
    article = tmp_path / "a.txt"
    article.write_text(TWO_PARTIES, encoding="utf-8")
    result = run(
        str(article), "--json", "--model", str(tiny_model_dir), "--config", str(lexical_config)
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, analysis_schema())
    assert doc["model"]["labels"] == ["entailment", "neutral", "contradiction"]
    assert doc["model"]["revision_or_path"] == str(tiny_model_dir.resolve())
    (pair,) = doc["pairs"]
    for direction in ("ab", "ba"):
        assert sum(pair[direction].values()) == pytest.approx(1.0, abs=1e-3)


def _seed_claims() -> list:
    if not SEED.is_file():
        return []
    from stance.config import load_analyze_config
    from stance.extract import extract_claims

    return extract_claims(SEED.read_text(encoding="utf-8"), load_analyze_config())


@pytest.mark.skipif(not _seed_claims(), reason="claim extractor finds nothing yet on the seed")
def test_seed_json_with_tiny_model(tiny_model_dir) -> None:
    result = run(str(SEED), "--json", "--model", str(tiny_model_dir))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, analysis_schema())
    article = SEED.read_text(encoding="utf-8")
    assert doc["article"] == article
    for claim in doc["claims"]:
        span = article[claim["start"] : claim["end"]]
        assert " ".join(span.split()) == " ".join(claim["text"].split())
    ids = {c["id"] for c in doc["claims"]}
    parties = {c["id"]: c["party"] for c in doc["claims"]}
    for pair in doc["pairs"]:
        assert parties[pair["a"]] != parties[pair["b"]]
        assert pair["a"] in ids and pair["b"] in ids
    assert doc["candidate_pairs"] == len(doc["pairs"]) + doc["dropped_pairs"]
    assert len(doc["parties"]) >= 2


@pytest.mark.skipif(not _seed_claims(), reason="claim extractor finds nothing yet on the seed")
def test_seed_report_with_tiny_model(tiny_model_dir) -> None:
    result = run(str(SEED), "--model", str(tiny_model_dir))
    assert result.exit_code == 0, result.output
    assert "Khamenei" in result.stdout and "Harf" in result.stdout
    assert "dropped by the relevance filter" in result.stdout


# trust_remote_code is never set, in the source or at run time.


def test_source_never_sets_trust_remote_code() -> None:
    offenders = []
    for path in (REPO / "stance").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in re.finditer(r"trust_remote_code\s*=\s*([^,)\s]+)", line):
                if match.group(1) != "False":
                    offenders.append(f"{path}:{number}: {line.strip()}")
    assert offenders == []


def test_loading_passes_trust_remote_code_false(tmp_path, tiny_model_dir, monkeypatch) -> None:
    import transformers

    seen: list[tuple[str, object]] = []
    for cls_name in ("AutoTokenizer", "AutoModel", "AutoModelForSequenceClassification"):
        cls = getattr(transformers, cls_name)
        original = cls.from_pretrained.__func__

        def spy(cls_, *args, _orig=original, _name=cls_name, **kwargs):
            seen.append((_name, kwargs.get("trust_remote_code", "unset")))
            return _orig(cls_, *args, **kwargs)

        monkeypatch.setattr(cls, "from_pretrained", classmethod(spy))
    from stance.embed import SentenceEmbedder
    from stance.infer.backend import load_backend

    load_backend(str(tiny_model_dir))
    SentenceEmbedder()
    names = {name for name, _ in seen}
    assert {"AutoTokenizer", "AutoModel", "AutoModelForSequenceClassification"} <= names
    assert all(value is False for _, value in seen), seen


def test_bom_is_removed_and_offsets_stay_in_characters() -> None:
    from stance.io.articles import decode_article

    assert decode_article("\ufeffHarf said “no.”".encode(), "x.txt") == "Harf said “no.”"


def _embedded_model_present() -> bool:
    from stance.infer.backend import default_model_path

    return (default_model_path() / "config.json").is_file()


def _seed_analysis() -> tuple[dict, dict]:
    result = run(str(SEED), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    gold = json.loads(SEED.with_name(SEED.stem + ".claims.json").read_text(encoding="utf-8"))
    return doc, gold


@pytest.mark.integration
@pytest.mark.skipif(not _embedded_model_present(), reason="embedded model not built yet")
@pytest.mark.skipif(not _seed_claims(), reason="claim extractor finds nothing yet on the seed")
def test_seed_with_embedded_model() -> None:
    doc, gold = _seed_analysis()
    jsonschema.validate(doc, analysis_schema())
    assert doc["pairs"], "the seed has cross-party pairs worth judging"

    # The labeled seed set measures the whole pipeline; README reports these figures.
    from stance.extract.scoring import score_attribution

    attribution = score_attribution(doc["claims"], gold["claims"])
    assert attribution["precision"] >= 0.9 and attribution["recall"] >= 0.9


@pytest.mark.integration
@pytest.mark.skipif(not _embedded_model_present(), reason="embedded model not built yet")
@pytest.mark.skipif(not _seed_claims(), reason="claim extractor finds nothing yet on the seed")
def test_seed_verdicts_beat_the_majority_answer() -> None:
    from stance.extract.scoring import score_verdicts

    doc, gold = _seed_analysis()
    verdicts = score_verdicts(doc["claims"], doc["pairs"], gold["claims"], gold["pairs"])
    majority = max(
        sum(p["verdict"] == v for p in gold["pairs"]) for v in ("agree", "contradict", "unrelated")
    ) / len(gold["pairs"])
    # Floor: no worse than always answering the commonest gold verdict (4 of 11 on this seed),
    # and the plainest gold contradiction found. Model v2 with its news-calibrated thresholds:
    # 5 of 11 (v1 with NLI-calibrated ones: 3 of 11, so this was a strict xfail until v2); with
    # its two tiers (models/stance-nli-minilm-l6/verdict.json), 5 of 11 counting a verdict of
    # either tier, 3 of 11 counting flags only (the two gold contradictions it finds are
    # possibles).
    assert verdicts["accuracy"] >= majority, verdicts["pairs"]
    assert any(r["gold"] == r["predicted"] == "contradict" for r in verdicts["pairs"])


def test_score_verdicts_counts_a_possible_verdict_unless_flags_only() -> None:
    from stance.extract.scoring import score_verdicts

    claims = [
        {"id": c, "speaker": "s", "text": f"claim {c}", "start": k * 10, "end": k * 10 + 7}
        for k, c in enumerate(("g1", "g2", "g3"))
    ]
    gold = [
        {"a": "g1", "b": "g2", "verdict": "contradict"},
        {"a": "g1", "b": "g3", "verdict": "agree"},
    ]
    pred = [
        {"a": "g1", "b": "g2", "verdict": "contradict", "tier": "possible"},
        {"a": "g3", "b": "g1", "verdict": "agree", "tier": "flag"},
    ]
    either = score_verdicts(claims, pred, claims, gold)
    flags = score_verdicts(claims, pred, claims, gold, flags_only=True)
    assert (either["correct"], flags["correct"]) == (2, 1)
    assert flags["pairs"][0]["predicted"] == "unrelated" and flags["pairs"][0]["tier"] == "possible"


def test_bad_pairing_config_names_the_file(tmp_path, fake_pipeline) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TWO_PARTIES, encoding="utf-8")
    config = tmp_path / "bad.yaml"
    config.write_text("pairing:\n  relevance: tfidf\nverdict:\n  contradiction: 0.7\n", "utf-8")
    result = run(str(article), "--config", str(config))
    assert_one_line_error(result, str(config), "pairing.relevance")
    assert fake_pipeline == []
