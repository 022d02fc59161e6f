"""The CLI and the Python API give the same bytes, with the embedded model: the seed's JSON,
report and page, and a batch file read from disk, from a list and from a datasets.Dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import stance
from stance.cli.main import app

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_4a66804ddd20a484.txt"
PAIRS = REPO / "docs" / "examples" / "pairs.jsonl"


def _embedded_model_present() -> bool:
    from stance.infer.backend import default_model_path

    return (default_model_path() / "config.json").is_file()


pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not _embedded_model_present(), reason="embedded model not built yet"),
]


def cli(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def seed_result() -> stance.AnalysisResult:
    text = SEED.read_text(encoding="utf-8")
    return stance.analyze(text, stance.load_model(), name=str(SEED))


def test_seed_json_is_the_same(seed_result: stance.AnalysisResult) -> None:
    assert cli("analyze", str(SEED), "--json").stdout == seed_result.to_json() + "\n"


def test_seed_report_and_page_are_the_same(
    seed_result: stance.AnalysisResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # the CLI's console takes its width from here
    page = tmp_path / "seed.html"
    result = cli("analyze", str(SEED), "--html", str(page))
    assert result.stdout == seed_result.to_text(width=100)
    assert page.read_text(encoding="utf-8") == seed_result.to_html()


def test_batch_output_is_the_same_from_a_file_a_list_and_a_dataset(tmp_path: Path) -> None:
    cli("batch", str(PAIRS), "-o", str(tmp_path / "cli.jsonl"))
    expected = (tmp_path / "cli.jsonl").read_bytes()
    model = stance.load_model()
    stance.run_batch(PAIRS, tmp_path / "api.jsonl", model=model)
    assert (tmp_path / "api.jsonl").read_bytes() == expected

    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    stance.run_batch(rows, tmp_path / "rows.jsonl", model=model)
    assert (tmp_path / "rows.jsonl").read_bytes() == expected

    import datasets

    stance.run_batch(datasets.Dataset.from_list(rows), tmp_path / "ds.jsonl", model=model)
    assert (tmp_path / "ds.jsonl").read_bytes() == expected


def test_eval_report_is_the_same(tmp_path: Path) -> None:
    cli("eval", str(PAIRS), "-o", str(tmp_path / "cli"))
    metrics = stance.evaluate(str(PAIRS), tmp_path / "api", model=stance.load_model())
    cli_metrics = json.loads((tmp_path / "cli" / "metrics.json").read_text(encoding="utf-8"))
    api_metrics = metrics.as_dict()
    for run in (cli_metrics["meta"], api_metrics["meta"]):
        for key in ("seconds", "pairs_per_second", "command"):
            run.pop(key)
    assert cli_metrics == api_metrics
    for name in ("predictions.jsonl",):
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "api" / name).read_bytes()
