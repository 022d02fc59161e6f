"""`stance eval` through the CLI with a tiny random model: report files, sets, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stance.cli.main import app
from stance.infer.backend import default_model_path

REPO = Path(__file__).resolve().parents[1]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
REPORT_FILES = (
    "metrics.json",
    "report.md",
    "report.html",
    "predictions.jsonl",
    "confusion_matrix.png",
    "reliability.png",
)

ROWS = [
    ("the united states said iran will cooperate", "iran will cooperate", "entailment"),
    ("iran will not cooperate with the coalition", "iran will cooperate", "contradiction"),
    ("they said the talks have no threat", "the talks are nuclear", "neutral"),
    ("we have the nuclear talks", "it is the nuclear talks", "entailment"),
    ("the coalition is not a threat", "the coalition is a threat", "contradiction"),
]


def run(*args: str):
    return CliRunner().invoke(app, ["eval", *args])


def assert_error(result, code: int, *needles: str) -> None:
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def pairs_file(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, (p, h, g) in enumerate(ROWS):
            fh.write(json.dumps({"id": f"r{i}", "premise": p, "hypothesis": h, "gold": g}) + "\n")
    return path


def test_eval_file_writes_full_report(tmp_path: Path, pairs_file: Path, tiny_model_dir: Path):
    out = tmp_path / "report"
    result = run(
        str(pairs_file),
        "--label-field",
        "gold",
        "-o",
        str(out),
        "--model",
        str(tiny_model_dir),
        "--max-length",
        "64",
        "--batch-size",
        "2",
    )
    assert result.exit_code == 0, result.output
    for name in REPORT_FILES:
        assert (out / name).is_file(), name
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    for key in ("accuracy", "macro_f1", "per_class", "confusion_matrix", "labels", "ece"):
        assert key in metrics
    assert "fnc_score" not in metrics
    assert metrics["labels"] == ["entailment", "neutral", "contradiction"]
    assert sum(map(sum, metrics["confusion_matrix"])) == len(ROWS)
    preds = [json.loads(x) for x in (out / "predictions.jsonl").open(encoding="utf-8")]
    assert [p["id"] for p in preds] == [f"r{i}" for i in range(len(ROWS))]
    # The report agrees with the predictions it wrote.
    acc = sum(p["pred"] == p["gold"] for p in preds) / len(preds)
    assert metrics["accuracy"] == pytest.approx(acc)
    for p in preds:
        assert p["pred"] == max(p["probs"], key=p["probs"].get)
        assert sum(p["nli"].values()) == pytest.approx(1.0, abs=1e-4)
    for png in ("confusion_matrix.png", "reliability.png"):
        assert (out / png).read_bytes()[:8] == PNG_MAGIC
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'src="confusion_matrix.png"' in html and 'src="reliability.png"' in html
    assert metrics["meta"]["command"].startswith("stance eval ")
    assert "accuracy" in result.stderr


def test_eval_refuses_to_overwrite_without_force(
    tmp_path: Path, pairs_file: Path, tiny_model_dir: Path
):
    out = tmp_path / "report"
    out.mkdir()
    (out / "old.txt").write_text("x", encoding="utf-8")
    args = [
        str(pairs_file),
        "--label-field",
        "gold",
        "-o",
        str(out),
        "--model",
        str(tiny_model_dir),
        "--max-length",
        "64",
    ]
    assert_error(run(*args), 2, "not empty", "--force")
    assert run(*args, "--force").exit_code == 0
    assert (out / "metrics.json").is_file()


def test_unknown_label_names_file_line_and_field(tmp_path: Path, tiny_model_dir: Path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "premise,hypothesis,label\na b,c d,entailment\ne f,g h,maybe\n", encoding="utf-8"
    )
    result = run(str(path), "-o", str(tmp_path / "o"), "--model", str(tiny_model_dir))
    assert_error(result, 1, "bad.csv:3", "'label'", "unknown label 'maybe'")


def test_custom_label_map_file(tmp_path: Path, tiny_model_dir: Path):
    path = tmp_path / "claims.tsv"
    path.write_text(
        "evidence\tclaim\tverdict\nthe talks have no threat\tthe talks\tTRUE\n"
        "iran will not cooperate\tiran will cooperate\tFALSE\n",
        encoding="utf-8",
    )
    label_map = tmp_path / "tf.yaml"
    label_map.write_text(
        "labels: [supported, refuted]\nmap: {'true': supported, 'false': refuted}\n"
        "collapse: {entailment: supported, neutral: drop, contradiction: refuted}\n",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    result = run(
        str(path),
        "--label-field",
        "verdict",
        "--label-map",
        str(label_map),
        "-o",
        str(out),
        "--model",
        str(tiny_model_dir),
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["labels"] == ["supported", "refuted"]
    preds = [json.loads(x) for x in (out / "predictions.jsonl").open(encoding="utf-8")]
    assert [p["gold"] for p in preds] == ["supported", "refuted"]
    for p in preds:
        assert sum(p["probs"].values()) == pytest.approx(1.0, abs=1e-5)


def test_builtin_set_with_split(tmp_path: Path, tiny_model_dir: Path):
    root = tmp_path / "data"
    (root / "perspectrum").mkdir(parents=True)
    lines = ["split\tcId\tpId\tclaim\tperspective\tstance_label_3\tstance_label_5\tvoter_counts"]
    for c in range(30):
        label = "SUPPORT" if c % 2 else "UNDERMINE"
        lines.append(f"train\t{c}\t{c * 10}\tthe talks\tthe threat {c}\t{label}\t{label}\t1")
    (root / "perspectrum" / "perspectrum_claim_perspective_pairs.tsv").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )
    sizes = {}
    for split in ("dev", "train", "all"):
        out = tmp_path / split
        result = run(
            "--set",
            "perspectrum",
            "--split",
            split,
            "--data-root",
            str(root),
            "-o",
            str(out),
            "--model",
            str(tiny_model_dir),
        )
        assert result.exit_code == 0, result.output
        metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
        assert metrics["labels"] == ["support", "undermine"]
        sizes[split] = metrics["n"]
    assert sizes["dev"] + sizes["train"] == sizes["all"] == 30
    assert 0 < sizes["dev"] < 30


def test_set_file_reads_an_official_style_file_with_the_sets_reader(
    tmp_path: Path, tiny_model_dir: Path
):
    # An IBM-format file somewhere else (say, the official test topics): all rows by default.
    path = tmp_path / "ibm_test.csv"
    path.write_text(
        "topicId,split,topicText,claims.claimId,claims.stance,claims.claimCorrectedText\n"
        "1,test,This house would ban the talks,11,PRO,the talks are a threat\n"
        "2,test,This house supports the coalition,22,CON,the coalition is a threat\n"
        "3,test,This house believes that iran will cooperate,33,CON,iran will not cooperate\n",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    result = run(
        "--set",
        "ibm_claim_stance",
        "--set-file",
        str(path),
        "-o",
        str(out),
        "--model",
        str(tiny_model_dir),
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["n"] == 3 and metrics["labels"] == ["pro", "con"]
    assert metrics["meta"]["split"] == "all"
    preds = [json.loads(x) for x in (out / "predictions.jsonl").open(encoding="utf-8")]
    assert preds[0]["hypothesis"] == "We should ban the talks"


def test_list_shows_readers_and_maps():
    result = CliRunner().invoke(app, ["eval", "--list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for needle in ("perspectrum", "ibm_claim_stance", "read_fnc1", "fnc1", "rte_2way"):
        assert needle in result.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--set", "snli", "x.jsonl"], "either INPUT or --set"),
        (["--set", "nope"], "unknown set"),
        (["--set", "snli", "--split", "test"], "--split test"),
        (["--set", "fnc1", "--fit-fnc1", "f.yaml"], "train part only"),
        (["--set-file", "x.csv", "y.jsonl"], "--set-file needs --set"),
        (["--set", "snli", "--task", "xyz"], "only task is fnc1"),
    ],
)
def test_usage_errors(tmp_path: Path, args: list[str], needle: str):
    assert_error(run(*args, "-o", str(tmp_path / "o")), 2, needle)


def test_missing_output_is_usage_error():
    assert_error(run("--set", "snli"), 2, "-o DIR")


_SNLI_DEV = REPO.parent / "shared" / "data" / "snli-dev-test" / "snli_1.0_dev_tokenized.tsv"


@pytest.mark.integration
@pytest.mark.skipif(
    not (default_model_path() / "config.json").is_file(), reason="embedded model not built yet"
)
@pytest.mark.skipif(not _SNLI_DEV.is_file(), reason="../shared/data not beside the clone")
def test_embedded_model_on_snli_dev(tmp_path: Path):
    out = tmp_path / "snli"
    result = run("--set", "snli", "--limit", "60", "-o", str(out))
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["accuracy"] > 0.6  # far above chance (1/3) for a trained NLI model
