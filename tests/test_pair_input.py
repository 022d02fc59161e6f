"""The streaming pair readers: formats, field resolution, ids, bad rows, laziness."""

from __future__ import annotations

import csv
import json
import tracemalloc
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import write_jsonl

from stance.errors import StanceError, UsageError
from stance.io import pair_input
from stance.io.pair_input import (
    BadRow,
    FieldSpec,
    PairRecord,
    count_rows,
    iter_pairs,
    read_chunks,
    strict,
)
from stance.labels import canonical_label

ROWS = [
    {"id": "a", "premise": "The talks went on.", "hypothesis": "Talks happened.", "x": 1},
    {"id": "b", "premise": "Iran said no.", "hypothesis": "Iran agreed.", "x": 2},
    {"id": "c", "premise": "They cooperate.", "hypothesis": "They work together.", "x": 3},
]


def write_delimited(path: Path, rows: list[dict], delimiter: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def records(source, spec: FieldSpec | None = None) -> list[PairRecord]:
    return list(strict(iter_pairs(source, spec)))


def bad_rows(source, spec: FieldSpec | None = None) -> list[BadRow]:
    return [i for i in iter_pairs(source, spec) if isinstance(i, BadRow)]


@pytest.mark.parametrize("kind", ["jsonl", "csv", "tsv", "parquet"])
def test_each_format_reads_the_same_records(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"pairs.{kind}"
    if kind == "jsonl":
        write_jsonl(path, ROWS)
    elif kind == "parquet":
        pq.write_table(pa.Table.from_pylist(ROWS), path)
    else:
        write_delimited(path, ROWS, "," if kind == "csv" else "\t")
    got = records(path)
    assert [r.id for r in got] == ["a", "b", "c"]
    assert [(r.premise, r.hypothesis) for r in got] == [
        (r["premise"], r["hypothesis"]) for r in ROWS
    ]
    assert str(got[1].fields["x"]) == "2"  # every input field is carried
    assert count_rows(path) == 3


def test_folder_is_read_in_sorted_file_order(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "b.jsonl", ROWS[1:2])
    write_delimited(folder / "c.csv", ROWS[2:], ",")
    write_jsonl(folder / "a.jsonl", ROWS[:1])
    (folder / "notes.txt").write_text("ignored", encoding="utf-8")
    assert [r.id for r in records(folder)] == ["a", "b", "c"]
    assert [r.file for r in records(folder)] == ["a.jsonl", "b.jsonl", "c.csv"]


def test_hf_dataset_saved_on_disk(tmp_path: Path) -> None:
    from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

    features = Features(
        {
            "sentence1": Value("string"),
            "sentence2": Value("string"),
            "label": ClassLabel(names=["entailment", "neutral", "contradiction"]),
        }
    )
    data = {"sentence1": ["p one", "p two"], "sentence2": ["h one", "h two"], "label": [0, 2]}
    Dataset.from_dict(data, features=features).save_to_disk(tmp_path / "single")
    spec = FieldSpec(label="label", label_check=canonical_label)
    got = records(tmp_path / "single", spec)
    assert [(r.id, r.premise, r.hypothesis, r.gold) for r in got] == [
        ("single:1", "p one", "h one", "entailment"),
        ("single:2", "p two", "h two", "contradiction"),
    ]
    dd = DatasetDict({"train": Dataset.from_dict(data), "test": Dataset.from_dict(data)})
    dd.save_to_disk(tmp_path / "dict")
    assert [r.premise for r in records(f"{tmp_path / 'dict'}:test")] == ["p one", "p two"]
    with pytest.raises(UsageError, match="pick a split"):
        records(tmp_path / "dict")


def test_unknown_dataset_name_fails_offline_with_one_line(monkeypatch) -> None:
    monkeypatch.setenv("HF_HOME", "/nonexistent-hf-home")
    with pytest.raises(StanceError, match="no such dataset offline"):
        records("no-such-org/no-such-dataset-xyz")


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not found"):
        records(tmp_path / "nope.jsonl")
    (tmp_path / "x.xlsx").write_text("", encoding="utf-8")
    with pytest.raises(UsageError, match="unsupported input type"):
        records(tmp_path / "x.xlsx")


@pytest.mark.parametrize(
    ("row", "premise", "hypothesis"),
    [
        ({"premise": "P", "hypothesis": "H"}, "P", "H"),
        # claim is the hypothesis: it is what the evidence is tested against.
        ({"claim": "C", "evidence": "E"}, "E", "C"),
        ({"sentence1": "S1", "sentence2": "S2"}, "S1", "S2"),
        ({"text_a": "A", "text_b": "B"}, "A", "B"),
    ],
)
def test_known_field_pairs_are_recognised(tmp_path, row, premise, hypothesis) -> None:
    (rec,) = records(write_jsonl(tmp_path / "p.jsonl", [row]))
    assert (rec.premise, rec.hypothesis) == (premise, hypothesis)


def test_explicit_fields_and_id_field(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "p.jsonl", [{"key": 7, "body": "B", "headline": "H"}])
    (rec,) = records(path, FieldSpec(premise="body", hypothesis="headline", id="key"))
    assert (rec.id, rec.premise, rec.hypothesis) == ("7", "B", "H")
    (bad,) = bad_rows(path, FieldSpec(premise="body", hypothesis="headline", id="nokey"))
    assert (bad.field, bad.reason) == ("nokey", "missing field")


def test_ids_fall_back_to_file_and_physical_line(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(
        json.dumps({"premise": "a", "hypothesis": "b"})
        + "\n\n"
        + json.dumps({"premise": "c", "hypothesis": "d"})
        + "\n",
        encoding="utf-8",
    )
    assert [r.id for r in records(path)] == ["p.jsonl:1", "p.jsonl:3"]
    csv_path = tmp_path / "p.csv"
    csv_path.write_text('premise,hypothesis\n"two\nlines",h\nx,y\n', encoding="utf-8")
    assert [r.id for r in records(csv_path)] == ["p.csv:2", "p.csv:4"]


def test_bad_rows_name_file_line_field_and_reason(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        b'{"premise": "ok", "hypothesis": "fine", "label": "entailment"}\n'
        b'{"premise": "broken"\n'
        b'["not", "an", "object"]\n'
        b'{"hypothesis": "no premise", "label": "neutral"}\n'
        b'{"premise": "  ", "hypothesis": "h", "label": "neutral"}\n'
        b'{"premise": "caf\xe9", "hypothesis": "h", "label": "neutral"}\n'
        b'{"premise": "p", "hypothesis": "h", "label": "maybe"}\n'
        b'{"premise": "p", "hypothesis": "h"}\n'
        b'{"premise": 5, "hypothesis": "h", "label": "neutral"}\n'
    )
    spec = FieldSpec(label="label", label_check=canonical_label)
    items = list(iter_pairs(path, spec))
    assert isinstance(items[0], PairRecord) and items[0].gold == "entailment"
    got = [(b.file, b.line, b.field, b.reason.split(":")[0]) for b in items[1:]]
    assert got == [
        ("bad.jsonl", 2, None, "invalid JSON"),
        ("bad.jsonl", 3, None, "invalid JSON"),
        ("bad.jsonl", 4, "premise", "missing field"),
        ("bad.jsonl", 5, "premise", "empty text"),
        ("bad.jsonl", 6, "premise", "not valid UTF-8"),
        ("bad.jsonl", 7, "label", "unknown label 'maybe'"),
        ("bad.jsonl", 8, "label", "missing field"),
        ("bad.jsonl", 9, "premise", "not text (int)"),
    ]
    assert str(items[4]) == "bad.jsonl:5: field 'premise': empty text"
    with pytest.raises(BadRow, match=r"bad\.jsonl:2: invalid JSON"):
        list(strict(iter_pairs(path, spec)))


def test_bad_rows_in_csv(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"premise,hypothesis\nok,fine\n,h\np,h,extra\nna\xefve,h\n")
    got = [(b.line, b.field, b.reason) for b in bad_rows(path)]
    assert got == [
        (3, "premise", "empty text"),
        (4, None, "row has 3 fields, header has 2"),
        (5, "premise", "not valid UTF-8"),
    ]


def test_chunks_are_fixed_size_and_keep_bad_rows_in_place(tmp_path: Path) -> None:
    rows = [{"premise": f"p{i}", "hypothesis": "h"} for i in range(7)]
    rows[3] = {"premise": "", "hypothesis": "h"}
    chunks = list(read_chunks(write_jsonl(tmp_path / "p.jsonl", rows), chunk_size=3))
    assert [len(c) for c in chunks] == [3, 3, 1]
    assert isinstance(chunks[1][0], BadRow) and chunks[1][0].line == 4


def test_reader_is_lazy_json_parses_only_what_is_consumed(tmp_path, monkeypatch) -> None:
    path = tmp_path / "big.jsonl"
    line = json.dumps({"premise": "p " * 20, "hypothesis": "h"}) + "\n"
    path.write_text(line * 20_000, encoding="utf-8")
    calls = 0
    real_loads = json.loads

    def counting_loads(text, *a, **k):
        nonlocal calls
        calls += 1
        return real_loads(text, *a, **k)

    monkeypatch.setattr(pair_input.json, "loads", counting_loads)
    first = next(read_chunks(path, chunk_size=100))
    assert len(first) == 100
    assert calls <= 101  # a reader that read the whole file would have parsed 20,000 lines


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_first_chunk_memory_is_small_next_to_the_file(tmp_path: Path, kind: str) -> None:
    n = 20_000
    rows = [{"id": f"r{i}", "premise": "word " * 40, "hypothesis": f"h{i}"} for i in range(n)]
    path = tmp_path / f"big.{kind}"
    if kind == "jsonl":
        write_jsonl(path, rows)
    elif kind == "csv":
        write_delimited(path, rows, ",")
    else:
        pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=1000)
    size = sum(len(json.dumps(r)) for r in rows)  # the data, uncompressed
    del rows
    arrow_before = pa.total_allocated_bytes()
    tracemalloc.start()
    chunks = read_chunks(path, chunk_size=64)
    first = next(chunks)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    arrow_used = pa.total_allocated_bytes() - arrow_before
    assert len(first) == 64
    # Reading it all would hold more than the data itself (about 2.6 MB) in memory.
    assert peak < size / 8, (peak, size)
    assert arrow_used < size / 4, (arrow_used, size)
