"""Property-based tests (Hypothesis): generated input never crashes the pipeline.

- any Unicode text through text -> claims -> pairs -> verdicts (a fixed-probability backend):
  every claim's offsets hold, or the project's own error is raised, nothing else;
- any JSONL, CSV or Parquet row through `run_batch --skip-bad` (wrong types, nested values,
  missing or empty fields, duplicate ids, ragged CSV rows): scored or rejected with file, line
  and field, and scored + rejected = rows read;
- any YAML as an analyze config or a label map: accepted, or one StanceError.

Bounded for CI: at most 200 examples each, derandomized (the same examples on every run).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FakeBackend
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stance.analyze import NoClaimsError, analyze_text
from stance.batch import BatchOptions, run_batch
from stance.errors import StanceError

CONFIG = {
    "pairing": {"relevance": "lexical", "min_relevance": {"lexical": 0.0}},
    "verdict": {"contradiction": 0.6, "entailment": 0.6, "agree_max_contradiction": 0.6},
}
BOUNDED = settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Text that looks like news: attributions, quotes of every kind, and the awkward characters.
PIECES = st.sampled_from(
    [
        "Rosa Vela said",
        "said Tomas Ek",
        "“",
        "”",
        '"',
        "''",
        "‘",
        "’",
        " according to police ",
        ", saying ",
        "he told reporters",
        "The ministry denied",
        "\r\n",
        "\n\n",
        "\u200f",
        "\u202e",
        "\u200b",
        "\x00",
        "\x07",
        "\t",
        "🙂",
        "中文",
        "Ünïcödé",
        " . ",
        "?",
        "!",
        "—",
        "…",
        "Mr.",
        "U.S.",
        "the bridge was safe",
        "they vowed to fight",
        "<script>",
        "{{ x }}",
        " ",
    ]
)
ODD = st.sampled_from(["", "\u200f", "\u202e", "\x00", "\r", "🙂", "“", "”", '"', "''", "\t"])
SENTENCES = st.tuples(
    st.sampled_from(
        [
            "Rosa Vela",
            "The ministry",
            "Police",
            "He",
            "Mr Nash",
            "Protesters",
            "A source",
            "They",
            "Tomas Ek, a councillor,",
        ]
    ),
    ODD,
    st.sampled_from(
        [
            "said",
            "says",
            "told reporters",
            "denied",
            "warned that",
            "vowed to",
            "insisted that",
            "said on Tuesday that",
        ]
    ),
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "the bridge",
                    "was",
                    "safe",
                    "not",
                    "“quoted”",
                    "according to local media",
                    ",",
                    "saying",
                ]
            ),
            st.text(max_size=8),
        ),
        min_size=1,
        max_size=8,
    ).map(" ".join),
    st.sampled_from([".", ". ", ".\n\n", ".”\r\n", "", "!", " — "]),
).map("".join)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join),
    st.lists(SENTENCES, min_size=1, max_size=8).map(" ".join),
)


def Fixed() -> FakeBackend:
    return FakeBackend(default=(0.2, 0.3, 0.5), name="fixed")


@pytest.fixture(scope="module")
def config() -> dict:
    from stance.config import load_analyze_config, merge_config

    return merge_config(load_analyze_config(), CONFIG)


@BOUNDED
@given(text=TEXTS)
@example(text="x" * 1_000_000)  # a 1 MB line
@example(text="Rosa Vela said “the bridge is safe.\r\nTomas Ek said ” it is not.")
@example(text="\u202eRosa Vela said the bridge was safe.\n\nTomas Ek denied it, saying “no”.")
def test_any_text_gives_claims_with_exact_offsets_or_our_error(text: str, config) -> None:
    try:
        result = analyze_text(text, Fixed(), config, name="generated")
    except NoClaimsError:
        return
    except StanceError:
        return
    for claim in result.claims:
        assert text[claim.start : claim.end] == claim.text
        assert 0 <= claim.start < claim.end <= len(text)
    ids = {c.id for c in result.claims}
    for pair in result.pairs:
        assert pair.a.id in ids and pair.b.id in ids and pair.a.party != pair.b.party


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
ROWS = st.lists(
    st.dictionaries(
        st.sampled_from(["id", "premise", "hypothesis", "label", "extra"]),
        JSON_VALUES,
        max_size=5,
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=ROWS, raw=st.lists(st.text(max_size=20), max_size=3))
@example(rows=[{}], raw=["0\r0"])  # a carriage return inside a line is no line break
def test_any_jsonl_row_is_scored_or_rejected_with_its_place(tmp_path_factory, rows, raw) -> None:
    folder = tmp_path_factory.mktemp("rows")
    src = folder / "in.jsonl"
    lines = [json.dumps(r) for r in rows] + raw  # and lines that are not JSON at all
    src.write_text("\n".join(line.replace("\n", " ") for line in lines) + "\n", "utf-8")
    # JSON Lines end at "\n" only (str.splitlines would also split at \x1e, \u2028 …)
    # (read as bytes: read_text would make a "\r" inside a line a line break of its own)
    n_rows = sum(1 for line in src.read_bytes().decode("utf-8").split("\n") if line.strip())
    out = folder / "out.jsonl"
    summary = run_batch(src, out, Fixed(), BatchOptions(skip_bad=True, chunk_size=4))
    assert summary.written + summary.rejected == n_rows
    if summary.rejected:
        for line in Path(summary.rejects_path).read_text("utf-8").splitlines():
            bad = json.loads(line)
            assert bad["file"].endswith("in.jsonl") and bad["line"] >= 1 and bad["reason"]
    ids = (
        [json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()]
        if (out.exists())
        else []
    )
    assert len(ids) == summary.written


def check_scored_or_rejected(src: Path, n_rows: int, columns: list[str]) -> None:
    """``run_batch --skip-bad`` on SRC: every row is scored or rejected with its place (the
    field, when one is to blame, is one of SRC's ``columns`` or the pair field it lacks)."""
    out = src.with_name("out.jsonl")
    summary = run_batch(src, out, Fixed(), BatchOptions(skip_bad=True, chunk_size=4))
    assert summary.written + summary.rejected == n_rows
    if summary.rejected:
        lines = Path(summary.rejects_path).read_text("utf-8").splitlines()
        assert len(lines) == summary.rejected
        for line in lines:
            bad = json.loads(line)
            assert bad["file"] == src.name and bad["line"] >= 1 and bad["reason"]
            assert bad["field"] in (None, *columns, "premise", "hypothesis")
    written = out.read_text("utf-8").splitlines() if out.exists() else []
    assert len(written) == summary.written
    for line in written:
        rec = json.loads(line)
        assert rec["label"] in ("entailment", "neutral", "contradiction")


CELLS = st.one_of(
    st.text(max_size=25),
    st.sampled_from(["", " ", '""', "a,b", "line\nbreak", "tab\there", "\r", "x" * 5000]),
)
CSV_ROWS = st.lists(
    st.lists(CELLS, min_size=1, max_size=5),  # ragged: the header has 3 fields
    min_size=1,
    max_size=10,
)


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    rows=CSV_ROWS,
    header=st.sampled_from(
        [
            ["id", "premise", "hypothesis"],
            ["premise", "hypothesis", "extra"],
            ["evidence", "claim", "id"],
            ["premise", "hyp", "id"],
        ]
    ),
)
def test_any_csv_row_is_scored_or_rejected_with_its_place(tmp_path_factory, rows, header):
    import csv

    src = tmp_path_factory.mktemp("csv") / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    check_scored_or_rejected(src, len(rows), header)


PARQUET_COLUMNS = st.sampled_from(
    [
        ("string", st.one_of(st.none(), st.text(max_size=20))),
        ("int", st.one_of(st.none(), st.integers(-5, 5))),
        ("list", st.one_of(st.none(), st.lists(st.text(max_size=5), max_size=3))),
        ("struct", st.one_of(st.none(), st.fixed_dictionaries({"k": st.text(max_size=5)}))),
    ]
)


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.data(),
    n=st.integers(1, 12),
    names=st.sampled_from(
        [
            ("id", "premise", "hypothesis"),
            ("premise", "hypothesis"),
            ("id", "premise", "hypothesis", "label"),
        ]
    ),
)
def test_any_parquet_row_is_scored_or_rejected_with_its_place(tmp_path_factory, data, n, names):
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {}
    for name in names:
        _kind, values = data.draw(PARQUET_COLUMNS, label=name)
        columns[name] = data.draw(st.lists(values, min_size=n, max_size=n), label=f"{name} rows")
        if name == "id" and data.draw(st.booleans(), label="duplicate ids"):
            columns[name] = ["same"] * n
    src = tmp_path_factory.mktemp("parquet") / "in.parquet"
    pq.write_table(pa.table(columns), src)
    check_scored_or_rejected(src, n, list(names))


YAML_TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(
            [
                "verdict:",
                "  contradiction: ",
                "0.7",
                "yes",
                "[1, 2]",
                "{a: b}",
                "pairing:",
                "  relevance: ",
                "lexical",
                "embedding",
                "extract:",
                "  parser: ",
                "  min_claim_words: ",
                "-3",
                '"x"',
                "parties:",
                "  hints: ",
                "speakers:",
                "  aliases: ",
                ": :",
                "\t",
                "\n",
                "labels:",
                "  entailment: ",
                "map:",
                "collapse:",
                "- ",
                "&a",
                "*a",
                "!!python/object:x",
            ]
        ),
        max_size=12,
    ).map("".join),
)


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=YAML_TEXT)
def test_any_config_or_label_map_is_accepted_or_one_error(tmp_path_factory, text) -> None:
    from stance.analyze import settings_from_config
    from stance.config import load_analyze_config
    from stance.eval.label_maps import load_label_map
    from stance.extract import extract_claims

    path = tmp_path_factory.mktemp("yaml") / "c.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        cfg = load_analyze_config(path)
        settings_from_config(cfg)
        extract_claims("Rosa Vela said the bridge was safe.", cfg)
    except StanceError as exc:
        assert str(exc).strip() and "\n" not in str(exc).strip()
    try:
        load_label_map(path)
    except StanceError as exc:
        assert str(exc).strip()
