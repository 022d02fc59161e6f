"""`stance analyze CORPUS`: articles from JSONL/CSV/Parquet/datasets, written resumably to -o.

The real extractor and the tiny random model with lexical relevance: the documents, not the
verdicts, are under test, and each must equal the document of the same text analyzed alone.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from stance.analyze import analysis_schema
from stance.cli.main import app

SPEAKERS = [
    ("Ali Khamenei", "Marie Harf", "State Department spokeswoman"),
    ("Mohammad Javad Zarif", "John Kerry", "Secretary of State"),
    ("Hassan Rouhani", "Josh Earnest", "White House spokesman"),
]
NO_CLAIMS = "The weather was mild on Tuesday and the market in the old town closed early."


def article(i: int) -> str:
    iran, us, role = SPEAKERS[i % len(SPEAKERS)]
    return (
        f"Iran will not cooperate with the Americans against Islamic State, {iran} said on "
        f"day {i}. The United States is not cooperating with Iran on the nuclear talks, "
        f"{role} {us} said. \u201cWe have no talks with them,\u201d {us} said."
    )


ARTICLES = [(f"art-{i}", article(i)) for i in range(4)] + [("calm", NO_CLAIMS)]


def run(*args: str):
    return CliRunner().invoke(app, ["analyze", *args])


@pytest.fixture(scope="module")
def common(tiny_model_dir: Path, lexical_config: Path) -> list[str]:
    return ["--model", str(tiny_model_dir), "--config", str(lexical_config)]


def comparable(doc: dict) -> dict:
    """A document without what says where the article was read from."""
    return {k: v for k, v in doc.items() if k not in ("id", "source")}


@pytest.fixture(scope="module")
def alone(tmp_path_factory: pytest.TempPathFactory, common: list[str]) -> dict[str, dict]:
    """Each article's document when its text is analyzed alone, from a .txt file."""
    folder = tmp_path_factory.mktemp("alone")
    for rid, text in ARTICLES:
        (folder / f"{rid}.txt").write_text(text, encoding="utf-8")
    result = run(str(folder), "--json", *common)
    # The article without claims is an error in a folder of .txt files (kept as it was).
    assert result.exit_code == 1
    assert "calm.txt: no attributed claims found" in result.stderr
    docs = {Path(d["source"]).stem: d for d in map(json.loads, result.stdout.splitlines())}
    assert set(docs) == {rid for rid, _ in ARTICLES[:-1]}
    return docs


def read_docs(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def rows() -> list[dict]:
    return [{"id": rid, "text": text, "extra": n} for n, (rid, text) in enumerate(ARTICLES)]


def make_corpus(kind: str, tmp: Path) -> list[str]:
    """The corpus of ARTICLES in one format; returns the command-line arguments naming it."""
    if kind == "jsonl":
        return [str(write_jsonl(tmp / "corpus.jsonl", rows()))]
    if kind == "csv":
        path = tmp / "corpus.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, ["Body ID", "articleBody"])
            writer.writeheader()
            for rid, text in ARTICLES:
                writer.writerow({"Body ID": rid, "articleBody": text})
        return [str(path), "--text-field", "articleBody", "--id-field", "Body ID"]
    if kind == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = tmp / "corpus.parquet"
        pq.write_table(pa.Table.from_pylist(rows()), path, row_group_size=2)
        return [str(path)]
    if kind == "folder":
        folder = tmp / "corpus"
        folder.mkdir()
        write_jsonl(folder / "a.jsonl", rows()[:2])
        write_jsonl(folder / "b.jsonl", rows()[2:])
        return [str(folder)]
    import datasets

    if kind == "hf-saved":
        path = tmp / "saved"
        datasets.Dataset.from_list(rows()).save_to_disk(str(path))
        return [str(path)]
    assert kind == "hf-dataset"
    path = tmp / "saved-dict"
    datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_list(rows()),
            "test": datasets.Dataset.from_list(rows()[:1]),
        }
    ).save_to_disk(str(path))
    return ["--hf-dataset", str(path), "--split", "train"]


# The documents


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet", "folder", "hf-saved", "hf-dataset"])
def test_corpus_gives_the_documents_of_each_text_alone(tmp_path, common, alone, kind) -> None:
    out = tmp_path / "out.jsonl"
    result = run(*make_corpus(kind, tmp_path), "-o", str(out), *common)
    assert result.exit_code == 0, result.output
    docs = read_docs(out)
    assert [d["id"] for d in docs] == [rid for rid, _ in ARTICLES]  # input order
    for doc in docs:
        jsonschema.validate(doc, analysis_schema())
        assert list(doc)[:3] == ["id", "article", "source"]
    for doc in docs[:-1]:
        assert comparable(doc) == comparable(alone[doc["id"]])
        assert doc["claims"] and doc["pairs"]
    # No claims: an empty document, not an error (every row leaves one line).
    calm = docs[-1]
    assert (calm["article"], calm["claims"], calm["pairs"], calm["candidate_pairs"]) == (
        NO_CLAIMS,
        [],
        [],
        0,
    )
    if kind in ("jsonl", "csv"):
        name = "corpus.jsonl" if kind == "jsonl" else "corpus.csv"
        first_line = 1 if kind == "jsonl" else 2  # the CSV header is line 1
        assert docs[0]["source"] == f"{name}:{first_line}"

    # The summary: one line on stderr and a JSON file beside the output.
    claims = sum(len(d["claims"]) for d in docs)
    pairs = sum(len(d["pairs"]) for d in docs)
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith(f"5 articles, {claims} claims, {pairs} pairs, ")
    )
    summary = json.loads((tmp_path / "out.jsonl.summary.json").read_text(encoding="utf-8"))
    assert (summary["articles"], summary["claims"], summary["pairs"]) == (5, claims, pairs)
    assert summary["articles_without_claims"] == 1 and summary["rejects"] == 0


def test_without_output_the_documents_are_printed(tmp_path, common, alone) -> None:
    result = run(*make_corpus("jsonl", tmp_path), "--json", *common)
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["id"] for d in docs] == [rid for rid, _ in ARTICLES]
    assert comparable(docs[0]) == comparable(alone["art-0"])


# Bad rows

BAD_ROWS = [
    {"id": "art-0", "text": article(0)},
    {"id": "no-text", "body": "where the text should be"},
    {"id": "art-1", "text": article(1)},
    {"id": "number", "text": 42},
]


def test_bad_row_is_one_line_naming_file_line_and_field(tmp_path, common) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", BAD_ROWS)
    out = tmp_path / "out.jsonl"
    result = run(str(corpus), "-o", str(out), *common)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["error: c.jsonl:2: field 'text': missing field"]
    assert [d["id"] for d in read_docs(out)] == ["art-0"]  # done before it; --resume goes on
    assert not (tmp_path / "out.jsonl.summary.json").exists()


def test_wrong_type_and_missing_id_field(tmp_path, common) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [BAD_ROWS[3]])
    result = run(str(corpus), "--json", *common)
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: c.jsonl:1: field 'text': not text (int)"
    corpus = write_jsonl(tmp_path / "d.jsonl", [{"text": article(0)}])
    result = run(str(corpus), "--json", "--id-field", "doc", *common)
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: d.jsonl:1: field 'doc': missing field"


def test_empty_csv_cell_is_a_bad_row(tmp_path, common) -> None:
    path = tmp_path / "c.csv"
    path.write_text(f'id,text\na,"{article(0)}"\nb,\n', encoding="utf-8")
    result = run(str(path), "-o", str(tmp_path / "out.jsonl"), *common)
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: c.csv:3: field 'text': empty text"


def test_skip_bad_sends_rows_to_the_rejects_file(tmp_path, common) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", BAD_ROWS)
    out = tmp_path / "out.jsonl"
    result = run(str(corpus), "-o", str(out), "--skip-bad", *common)
    assert result.exit_code == 0, result.output
    assert [d["id"] for d in read_docs(out)] == ["art-0", "art-1"]
    rejects = read_docs(tmp_path / "out.jsonl.rejects.jsonl")
    assert [(r["file"], r["line"], r["field"], r["reason"]) for r in rejects] == [
        ("c.jsonl", 2, "text", "missing field"),
        ("c.jsonl", 4, "text", "not text (int)"),
    ]
    assert rejects[0]["error"] == "c.jsonl:2: field 'text': missing field"
    assert result.stderr.strip().splitlines()[-1].endswith(f"2 rejects -> {out}")
    summary = json.loads((tmp_path / "out.jsonl.summary.json").read_text(encoding="utf-8"))
    assert summary["rejects"] == 2 and summary["articles"] == 2


# Resume, the lock, --force


def test_resume_after_a_torn_last_line_gives_the_same_files(tmp_path, common) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [*BAD_ROWS, *rows()])
    args = [str(corpus), "--skip-bad", *common]
    whole = tmp_path / "whole.jsonl"
    assert run(*args, "-o", str(whole)).exit_code == 0
    expected = whole.read_bytes()
    lines = expected.splitlines(keepends=True)
    for done in (0, 1, 3, len(lines) - 1):
        out = tmp_path / f"cut{done}.jsonl"
        # A kill in the middle of the next append: whole lines, then half of one.
        out.write_bytes(b"".join(lines[:done]) + lines[done][: len(lines[done]) // 2])
        if done >= 1:  # the first bad row (input line 2) was rejected before the kill
            (tmp_path / f"cut{done}.jsonl.rejects.jsonl").write_bytes(
                (tmp_path / "whole.jsonl.rejects.jsonl").read_bytes().splitlines(True)[0]
            )
        result = run(*args, "-o", str(out), "--resume")
        assert result.exit_code == 0, result.output
        assert out.read_bytes() == expected, done
        assert (tmp_path / f"cut{done}.jsonl.rejects.jsonl").read_bytes() == (
            tmp_path / "whole.jsonl.rejects.jsonl"
        ).read_bytes()
        summary = json.loads((tmp_path / f"cut{done}.jsonl.summary.json").read_text("utf-8"))
        full = json.loads((tmp_path / "whole.jsonl.summary.json").read_text("utf-8"))
        for key in ("articles", "claims", "pairs", "flags", "rejects"):
            assert summary[key] == full[key], key
        assert summary["written_by_last_run"] == len(lines) - done


def test_resume_refuses_the_output_of_another_input(tmp_path, common) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", rows())
    out = tmp_path / "out.jsonl"
    write_jsonl(out, [{"id": "other", "article": "another text"}])
    result = run(str(corpus), "-o", str(out), "--resume", *common)
    assert result.exit_code == 1
    assert "the output is from another input" in result.stderr


def test_existing_output_needs_resume_or_force(tmp_path, common) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", rows()[:2])
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    result = run(str(corpus), "-o", str(out), *common)
    assert result.exit_code == 2
    assert "already exists; pass --resume to continue it or --force" in result.stderr
    result = run(str(corpus), "-o", str(out), "--force", *common)
    assert result.exit_code == 0, result.output
    assert [d["id"] for d in read_docs(out)] == ["art-0", "art-1"]


def test_the_lock_refuses_a_second_writer(tmp_path, common) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", rows()[:1])
    out = tmp_path / "out.jsonl"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom stance.io.output_lock import hold_output_lock\n"
            f"with hold_output_lock({str(out)!r}):\n    print('held', flush=True)\n"
            "    sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        result = run(str(corpus), "-o", str(out), *common)
        assert result.exit_code == 1
        assert f"another stance job (PID {holder.pid}) is writing this output" in result.stderr
        assert not out.exists()
    finally:
        holder.communicate("")
    assert run(str(corpus), "-o", str(out), *common).exit_code == 0


def test_sigkill_and_resume_give_the_uninterrupted_file(tmp_path, common) -> None:
    corpus = write_jsonl(
        tmp_path / "c.jsonl", [{"id": f"k{i}", "text": article(i)} for i in range(30)]
    )
    whole = tmp_path / "whole.jsonl"
    assert run(str(corpus), "-o", str(whole), *common).exit_code == 0
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "stance", "analyze", str(corpus), "-o", str(out), *common]
    job = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and job.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.002)
    os.kill(job.pid, signal.SIGKILL)
    job.wait()
    done = out.read_bytes().count(b"\n")
    assert 3 <= done < 30, done  # killed in the middle of the job
    resumed = subprocess.run(
        [*cmd, "--resume"], capture_output=True, text=True, timeout=300, check=False
    )
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == whole.read_bytes()
    assert f"({done} already there)" in resumed.stderr


# What stays as it was, and what is refused


def test_corpus_options_need_a_corpus(tmp_path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(article(0), encoding="utf-8")
    for option in (["-o", str(tmp_path / "o.jsonl")], ["--text-field", "body"], ["--skip-bad"]):
        result = run(str(text), *option)
        assert result.exit_code == 2, option
        assert "needs a corpus" in result.stderr


def test_folder_mixing_articles_and_corpus_files_is_refused(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(article(0), encoding="utf-8")
    write_jsonl(tmp_path / "b.jsonl", rows()[:1])
    result = run(str(tmp_path), "--json")
    assert result.exit_code == 2
    assert "folder holds both corpus files (.jsonl) and articles (.txt)" in result.stderr


def test_output_must_be_jsonl_and_outside_the_input(tmp_path, common) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", rows()[:1])
    result = run(str(folder), "-o", str(folder / "out.jsonl"), *common)
    assert result.exit_code == 2 and "must not be inside the input folder" in result.stderr
    result = run(str(folder), "-o", str(tmp_path / "out.parquet"), *common)
    assert result.exit_code == 2 and "output must end in .jsonl" in result.stderr


def test_html_folder_one_page_per_article_and_the_index(tmp_path, common) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", rows())
    view, out = tmp_path / "view", tmp_path / "out.jsonl"
    result = run(str(corpus), "-o", str(out), "--html", str(view), *common)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in view.iterdir()) == sorted(
        [f"{rid}.html" for rid, _ in ARTICLES] + ["index.html"]
    )
    assert "Josh Earnest" in (view / "art-2.html").read_text(encoding="utf-8")
    index = (view / "index.html").read_bytes()
    for rid, _ in ARTICLES:
        assert f'href="./{rid}.html"'.encode() in index

    # Pages there: refused without --force (exit 2, before any work); a resume rewrites
    # only what was not done, and the index is the uninterrupted run's.
    again = run(str(corpus), "-o", str(tmp_path / "other.jsonl"), "--html", str(view), *common)
    assert again.exit_code == 2 and "already holds pages" in again.stderr
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:2]) + lines[2][:10])
    (view / "index.html").unlink()
    resumed = run(str(corpus), "-o", str(out), "--resume", "--html", str(view), *common)
    assert resumed.exit_code == 0, resumed.output
    assert (view / "index.html").read_bytes() == index
    assert out.read_bytes() == b"".join(lines)
