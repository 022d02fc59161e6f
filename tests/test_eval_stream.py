"""`stance eval` at scale: predictions stream to disk chunk by chunk, file input is read lazily,
and a failed run leaves no half-written predictions file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FakeBackend

from stance.errors import StanceError
from stance.eval import run as eval_run
from stance.eval.run import PREDICTION_CHUNK, EvalOptions, run_eval

LABELS = ("entailment", "neutral", "contradiction")


def write_pairs(path: Path, n: int, bad_line: int | None = None) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            row = {
                "id": f"r{i}",
                "premise": f"premise {i}",
                "hypothesis": f"hypothesis {i}",
                "label": LABELS[i % 3],
            }
            if bad_line is not None and i + 1 == bad_line:
                row["label"] = "maybe"
            fh.write(json.dumps(row) + "\n")
    return path


class WatchingBackend(FakeBackend):
    """Records, at each call, how many rows predictions.jsonl.partial holds already."""

    def __init__(self, partial: Path, fail_at_call: int | None = None) -> None:
        super().__init__(default=(0.7, 0.2, 0.1))
        self.partial = partial
        self.fail_at_call = fail_at_call
        self.rows_on_disk: list[int] = []

    def predict(self, pairs, batch_size: int = 32):
        lines = self.partial.read_text().count("\n") if self.partial.exists() else 0
        self.rows_on_disk.append(lines)
        if self.fail_at_call is not None and len(self.rows_on_disk) == self.fail_at_call:
            raise StanceError("model failed")
        return super().predict(pairs, batch_size)


def test_predictions_reach_disk_chunk_by_chunk(tmp_path: Path) -> None:
    n = PREDICTION_CHUNK * 3 + 17
    data = write_pairs(tmp_path / "pairs.jsonl", n)
    out = tmp_path / "report"
    backend = WatchingBackend(out / "predictions.jsonl.partial")
    result = run_eval(EvalOptions(output=out, input=str(data)), backend=backend)
    # Before each chunk is scored, every earlier chunk is already on disk.
    assert backend.rows_on_disk == [0, PREDICTION_CHUNK, 2 * PREDICTION_CHUNK, 3 * PREDICTION_CHUNK]
    rows = [json.loads(x) for x in (out / "predictions.jsonl").open(encoding="utf-8")]
    assert [r["id"] for r in rows] == [f"r{i}" for i in range(n)]
    assert not (out / "predictions.jsonl.partial").exists()
    assert result.predictions_path == out / "predictions.jsonl"
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["n"] == n
    # Every pair is predicted entailment: accuracy is the share of entailment gold labels.
    assert metrics["accuracy"] == pytest.approx(sum(i % 3 == 0 for i in range(n)) / n)


def test_a_failed_run_leaves_no_predictions_file(tmp_path: Path) -> None:
    data = write_pairs(tmp_path / "pairs.jsonl", PREDICTION_CHUNK * 3)
    out = tmp_path / "report"
    backend = WatchingBackend(out / "predictions.jsonl.partial", fail_at_call=3)
    with pytest.raises(StanceError, match="model failed"):
        run_eval(EvalOptions(output=out, input=str(data)), backend=backend)
    assert not (out / "predictions.jsonl").exists()
    assert not (out / "predictions.jsonl.partial").exists()
    assert not (out / "metrics.json").exists()


def test_file_input_is_read_lazily(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The row after the limit is bad: a reader that read the whole file first would fail on it.
    data = write_pairs(tmp_path / "pairs.jsonl", 50, bad_line=11)
    result = run_eval(
        EvalOptions(output=tmp_path / "o", input=str(data), limit=10), backend=FakeBackend()
    )
    assert result.metrics["n"] == 10
    # No list of every record is built on the NLI path: records reach the scorer as chunks.
    seen: list[int] = []
    real = eval_run.predict_nli

    def spy(records, *args, **kwargs):
        seen.append(len(records))
        return real(records, *args, **kwargs)

    monkeypatch.setattr(eval_run, "predict_nli", spy)
    run_eval(
        EvalOptions(output=tmp_path / "o2", input=str(write_pairs(tmp_path / "p2.jsonl", 600))),
        backend=FakeBackend(),
    )
    assert seen == [PREDICTION_CHUNK, PREDICTION_CHUNK, 600 - 2 * PREDICTION_CHUNK]


def test_a_bad_row_after_the_first_chunk_stops_with_its_line(tmp_path: Path) -> None:
    data = write_pairs(tmp_path / "pairs.jsonl", 400, bad_line=300)
    out = tmp_path / "report"
    with pytest.raises(StanceError, match=r"pairs.jsonl:300: field 'label'"):
        run_eval(EvalOptions(output=out, input=str(data)), backend=FakeBackend())
    assert not (out / "predictions.jsonl").exists()
    assert not (out / "predictions.jsonl.partial").exists()


def test_empty_input_is_an_error(tmp_path: Path) -> None:
    data = tmp_path / "empty.jsonl"
    data.write_text("", encoding="utf-8")
    with pytest.raises(StanceError, match="no labeled rows"):
        run_eval(EvalOptions(output=tmp_path / "o", input=str(data)), backend=FakeBackend())
    assert not (tmp_path / "o" / "predictions.jsonl").exists()
