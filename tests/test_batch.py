"""`stance batch`: output records, long-premise windows, Parquet, overwrite guard, bad rows, CLI."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from conftest import TINY_VOCAB, read_jsonl, write_jsonl
from typer.testing import CliRunner

from stance.batch import BatchOptions, run_batch
from stance.cli.main import app
from stance.errors import UsageError
from stance.infer.backend import load_backend
from stance.labels import NLI_LABELS
from stance.windows import TokenCounter, aggregate, make_windows, split_sentences

WORDS = [w for w in TINY_VOCAB[5:] if w.isalpha()]
MAX_LEN = 32


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def make_rows(n: int, seed: int = 0, long_every: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        k = 8 if i % long_every == 0 else 1  # every 7th premise is an "article"
        premise = " ".join(sentence(rng, rng.randint(3, 9)) for _ in range(k))
        rows.append({"id": f"r{i}", "premise": premise, "hypothesis": sentence(rng, 4), "n": i})
    return rows


@pytest.fixture(scope="module")
def backend(spread_model_dir):
    return load_backend(spread_model_dir, max_length=MAX_LEN, threads=1)


def test_records_keep_input_order_fields_and_scores(tmp_path, backend) -> None:
    rows = make_rows(30)
    rows[2]["label"] = "neutral"  # a gold label must not be mistaken for the prediction
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    summary = run_batch(src, tmp_path / "out.jsonl", backend, BatchOptions(chunk_size=4))
    out = read_jsonl(tmp_path / "out.jsonl")
    assert summary.written == 30 and summary.windowed == 5
    assert [r["id"] for r in out] == [r["id"] for r in rows]
    assert [r["n"] for r in out] == list(range(30))
    assert out[2]["input_label"] == "neutral"
    for row, rec in zip(rows, out, strict=True):
        probs = np.array([rec[name] for name in NLI_LABELS])
        assert probs.sum() == pytest.approx(1.0, abs=1e-5)
        assert rec["label"] == NLI_LABELS[int(probs.argmax())]
        assert rec["premise"] == row["premise"] and rec["hypothesis"] == row["hypothesis"]
        if "window" not in rec:
            direct = backend.predict([(row["premise"], row["hypothesis"])])[0]
            np.testing.assert_allclose(probs, direct, atol=1e-5)
    assert len({round(r["entailment"], 4) for r in out}) > 10  # the model tells pairs apart


def test_long_premise_window_is_the_deciding_one(tmp_path, backend) -> None:
    rows = make_rows(8)
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    run_batch(src, tmp_path / "out.jsonl", backend)
    rec = read_jsonl(tmp_path / "out.jsonl")[0]
    win = rec["window"]
    premise, hypothesis = rows[0]["premise"], rows[0]["hypothesis"]
    assert premise[win["start"] : win["end"]] == win["text"]
    windows = make_windows(premise, hypothesis, TokenCounter(backend))
    assert win["count"] == len(windows) > 1
    scores = backend.predict([(w.text, hypothesis) for w in windows])
    e, c = NLI_LABELS.index("entailment"), NLI_LABELS.index("contradiction")
    assert win["index"] == aggregate(scores)
    best = max(scores[:, e].max(), scores[:, c].max())
    assert max(rec["entailment"], rec["contradiction"]) == pytest.approx(best, abs=1e-5)
    np.testing.assert_allclose([rec[n] for n in NLI_LABELS], scores[win["index"]], atol=1e-5)


def test_windows_fit_cover_the_premise_in_order(backend) -> None:
    rng = random.Random(3)
    premise = " ".join(sentence(rng, rng.randint(2, 12)) for _ in range(30))
    hypothesis = sentence(rng, 5)
    tokens = TokenCounter(backend)
    windows = make_windows(premise, hypothesis, tokens)
    assert all(tokens.fits([(w.text, hypothesis) for w in windows]))
    assert [w.index for w in windows] == list(range(len(windows)))
    spans = split_sentences(premise)
    assert windows[0].start == spans[0][0] and windows[-1].end == spans[-1][1]
    for a, b in itertools.pairwise(windows):
        assert a.end < b.start and premise[a.end : b.start].strip() == ""


def test_an_overlong_sentence_is_cut_at_token_boundaries(backend) -> None:
    premise = " ".join(["nuclear talks"] * 60)  # one "sentence", far over the window
    windows = make_windows(premise, "iran", TokenCounter(backend))
    assert len(windows) > 2
    assert all(TokenCounter(backend).fits([(w.text, "iran") for w in windows]))


def test_aggregation_rule() -> None:
    # columns: entailment, neutral, contradiction
    probs = np.array([[0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.1, 0.2, 0.7]])
    assert aggregate(probs) == 2  # max contradiction 0.7 beats max entailment 0.6
    probs[1] = [0.7, 0.2, 0.1]
    assert aggregate(probs) == 1  # a tie goes to entailment
    assert aggregate(np.array([[0.1, 0.8, 0.1], [0.2, 0.6, 0.2]])) == 1


def test_parquet_output_matches_jsonl(tmp_path, backend) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_rows(20))
    run_batch(src, tmp_path / "out.jsonl", backend, BatchOptions(chunk_size=6))
    run_batch(src, tmp_path / "out.parquet", backend, BatchOptions(chunk_size=6))
    assert not (tmp_path / "out.parquet.partial.jsonl").exists()
    table = pq.read_table(tmp_path / "out.parquet").to_pylist()
    expected = read_jsonl(tmp_path / "out.jsonl")
    assert [r["id"] for r in table] == [r["id"] for r in expected]
    for got, want in zip(table, expected, strict=True):
        assert got["entailment"] == pytest.approx(want["entailment"], abs=1e-7)
        assert got["window"] == want.get("window")


def test_existing_output_is_never_overwritten(tmp_path, backend) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_rows(3))
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n", encoding="utf-8")
    with pytest.raises(UsageError, match="already exists"):
        run_batch(src, out, backend)
    assert out.read_text(encoding="utf-8") == "precious\n"
    run_batch(src, out, backend, BatchOptions(force=True))
    assert len(read_jsonl(out)) == 3


def test_progress_hook_sees_every_row(tmp_path, backend) -> None:
    rows = make_rows(10)
    rows[4]["premise"] = ""
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    seen: list = []

    class Hook:
        def start(self, total, already_done):
            seen.append(("start", total, already_done))

        def advance(self, n):
            seen.append(n)

    run_batch(src, tmp_path / "o.jsonl", backend, BatchOptions(chunk_size=3, skip_bad=True), Hook())
    assert seen[0] == ("start", 10, 0) and sum(seen[1:]) == 10


# ---------------------------------------------------------------------------------------- CLI

runner = CliRunner()

BAD_CASES = {
    # name: (line bytes, field in the message, reason)
    "invalid_json": (b'{"premise": "a", "hypothesis": \n', None, "invalid JSON"),
    "missing_field": (b'{"premise": "a", "label": "neutral"}\n', "hypothesis", "missing field"),
    "empty_text": (
        b'{"premise": " ", "hypothesis": "b", "label": "neutral"}\n',
        "premise",
        "empty text",
    ),
    "non_utf8": (
        b'{"premise": "caf\xe9", "hypothesis": "b", "label": "neutral"}\n',
        "premise",
        "not valid UTF-8",
    ),
    "unknown_label": (
        b'{"premise": "a", "hypothesis": "b", "label": "perhaps"}\n',
        "label",
        "unknown label 'perhaps'",
    ),
}


def bad_input(tmp_path: Path, case: str) -> Path:
    good = [
        json.dumps(
            {
                "id": f"g{i}",
                "premise": "we will cooperate",
                "hypothesis": "they talks",
                "label": "entailment",
            }
        ).encode()
        + b"\n"
        for i in range(4)
    ]
    path = tmp_path / f"{case}.jsonl"
    path.write_bytes(b"".join(good[:2]) + BAD_CASES[case][0] + b"".join(good[2:]))
    return path  # the bad row is line 3


def cli(*args: str):
    return runner.invoke(app, ["batch", *map(str, args)])


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_row_stops_the_job_naming_file_line_field(tmp_path, spread_model_dir, case) -> None:
    src = bad_input(tmp_path, case)
    out = tmp_path / "out.jsonl"
    result = cli(
        src, "-o", out, "--model", spread_model_dir, "--label-field", "label", "--chunk-size", "2"
    )
    assert result.exit_code == 1, result.output
    _, field, reason = BAD_CASES[case]
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith(f"error: {case}.jsonl:3: ")
    assert reason in message
    if field:
        assert f"field '{field}'" in message
    # The chunk before the bad row was written; nothing after it.
    assert [r["id"] for r in read_jsonl(out)] == ["g0", "g1"]


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_skip_bad_rejects_the_row_and_goes_on(tmp_path, spread_model_dir, case) -> None:
    src = bad_input(tmp_path, case)
    out = tmp_path / "out.jsonl"
    result = cli(
        src,
        "-o",
        out,
        "--model",
        spread_model_dir,
        "--label-field",
        "label",
        "--skip-bad",
        "--chunk-size",
        "2",
    )
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in read_jsonl(out)] == ["g0", "g1", "g2", "g3"]
    (reject,) = read_jsonl(tmp_path / "out.jsonl.rejects.jsonl")
    _, field, reason = BAD_CASES[case]
    assert (reject["file"], reject["line"], reject["field"]) == (f"{case}.jsonl", 3, field)
    assert reject["reason"].startswith(reason)
    assert "1 bad rows" in result.stderr


def test_cli_refuses_existing_output_untouched(tmp_path, spread_model_dir) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_rows(3))
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"keep me\n")
    result = cli(src, "-o", out, "--model", spread_model_dir)
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--resume" in result.stderr
    assert out.read_bytes() == b"keep me\n"


@pytest.mark.parametrize(
    "extra",
    [["--resume", "--force"], ["--batch-size", "0"], ["-o", "out.xlsx"]],
)
def test_usage_errors_exit_2(tmp_path, spread_model_dir, extra) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_rows(2))
    args = [src, "--model", spread_model_dir, *extra]
    if "-o" not in extra:
        args += ["-o", tmp_path / "out.jsonl"]
    assert cli(*args).exit_code == 2


def test_cli_writes_output_and_hides_progress_off_terminal(tmp_path, spread_model_dir) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_rows(12))
    out = tmp_path / "out.jsonl"
    result = cli(
        src,
        "-o",
        out,
        "--model",
        spread_model_dir,
        "--max-length",
        MAX_LEN,
        "--chunk-size",
        5,
        "--threads",
        1,
    )
    assert result.exit_code == 0, result.output
    assert len(read_jsonl(out)) == 12
    assert "12 records written" in result.stderr
    assert "ETA" not in result.stderr and "━" not in result.stderr


def test_help_documents_exit_codes() -> None:
    result = runner.invoke(app, ["batch", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "0 success" in text and "1 bad input" in text and "2 usage" in text
