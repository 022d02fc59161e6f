"""`stance analyze CORPUS --text-html`: a corpus whose text column holds HTML pages.

Each row's article is the page's main text, extracted as from a .html file; the document
records where it came from, and its claims are those of the same text saved by hand in a plain
text column. The pages are our own: tests/data/html/article.html (see test_html_input.py) and
pages made here around the articles of test_analyze_corpus.py, each with navigation, a cookie
banner, scripts, a style, an HTML comment and hostile markup (``onerror=``, ``javascript:``).
The real extractor and the tiny random model with lexical relevance: the documents are under
test, not the verdicts.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import read_jsonl, write_jsonl
from test_analyze_corpus import article
from test_html_input import BOILERPLATE, NOT_ARTICLE, PAGE, SAVED_TEXT
from typer.testing import CliRunner

from stance.analyze import analysis_schema
from stance.cli.main import app
from stance.corpus import ArticleRecord, ArticleSpec

PROVENANCE = ("source_format", "html_metadata")
# What the pages made here carry around their article, each marked; none may reach the text.
HOSTILE = [
    "PAYLOAD",
    "<",
    ">",
    "alert(",
    "javascript",
    "onerror",
    "document.",
    "cookie",
    "Accept all",
    "Horoscopes",
    "Home",
    "All rights reserved",
    "Privacy policy",
]
NO_TEXT = "<html><body><script>alert('PAYLOAD')</script><!-- only a comment --></body></html>"


def page(i: int) -> str:
    """A news page around ``article(i)``: a headline, two paragraphs and a link's words."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Talks, day {i}</title>
<meta name="author" content="Jane Roe">
<script>var stolen = "PAYLOAD-1"; document.cookie;</script>
<style>body {{ background: url("javascript:PAYLOAD-2") }}</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/h">Horoscopes</a></nav>
<div class="cookie-banner">We use cookies. <button>Accept all</button></div>
<!-- PAYLOAD-3: this HTML comment is not the article -->
<main><article>
<h1>Talks, day {i}</h1>
<p>{article(i)}</p>
<img src="x.png" onerror="alert('PAYLOAD-4')" alt="">
<p>The talks will go on next week, officials in Vienna said.
<a href="javascript:alert('PAYLOAD-5')">Read the statement</a>.</p>
<script>document.write("PAYLOAD-6")</script>
</article></main>
<footer>All rights reserved. <a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def saved_by_hand(i: int) -> str:
    """The text of ``page(i)`` as a reader would save it: paragraphs, a blank line between."""
    return (
        f"Talks, day {i}\n\n{article(i)}\n\n"
        "The talks will go on next week, officials in Vienna said. Read the statement."
    )


# (id, page, the page's text saved by hand)
PAGES = [
    ("page", PAGE.read_text(encoding="utf-8"), SAVED_TEXT.read_text(encoding="utf-8").strip()),
    *[(f"day-{i}", page(i), saved_by_hand(i)) for i in range(3)],
]


def run(*args: str):
    return CliRunner().invoke(app, ["analyze", *args])


@pytest.fixture(scope="module")
def common(tiny_model_dir: Path, lexical_config: Path) -> list[str]:
    return ["--model", str(tiny_model_dir), "--config", str(lexical_config)]


def html_corpus(kind: str, tmp: Path) -> list[str]:
    """PAGES as a corpus with an HTML column; returns the arguments naming it."""
    if kind == "jsonl":
        path = write_jsonl(tmp / "pages.jsonl", [{"id": r, "html": h} for r, h, _ in PAGES])
        return [str(path), "--text-field", "html", "--text-html"]
    assert kind == "csv"
    path = tmp / "pages.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Body ID", "articleBody"])
        writer.writerows((rid, html) for rid, html, _ in PAGES)
    return [str(path), "--text-field", "articleBody", "--id-field", "Body ID", "--text-html"]


@pytest.fixture(scope="module")
def by_hand(tmp_path_factory: pytest.TempPathFactory, common: list[str]) -> dict[str, dict]:
    """Each page's text saved by hand, analyzed as a plain text corpus row."""
    tmp = tmp_path_factory.mktemp("by-hand")
    corpus = write_jsonl(tmp / "texts.jsonl", [{"id": r, "text": t} for r, _, t in PAGES])
    out = tmp / "texts.jsonl.out.jsonl"
    result = run(str(corpus), "-o", str(out), *common)
    assert result.exit_code == 0, result.output
    return {doc["id"]: doc for doc in read_jsonl(out)}


def without_provenance(doc: dict) -> dict:
    """What a document of the same text from a text column also holds (not where it is)."""
    return {k: v for k, v in doc.items() if k not in ("source", *PROVENANCE)}


# The documents


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_html_column_gives_the_documents_of_its_text_saved_by_hand(
    tmp_path, common, by_hand, kind
) -> None:
    out, view = tmp_path / "out.jsonl", tmp_path / "view"
    result = run(*html_corpus(kind, tmp_path), "-o", str(out), "--html", str(view), *common)
    assert result.exit_code == 0, result.output
    docs = read_jsonl(out)
    assert [d["id"] for d in docs] == [rid for rid, _, _ in PAGES]
    for doc, (rid, _, text) in zip(docs, PAGES, strict=True):
        jsonschema.validate(doc, analysis_schema())
        # The extracted text is the article, and nothing of the page around it is.
        assert doc["article"] == text, rid
        for needle in [*NOT_ARTICLE, *HOSTILE]:
            assert needle.lower() not in doc["article"].lower(), (rid, needle)
        # Where it came from, as in a .html file's document, right after source.
        assert list(doc)[:5] == ["id", "article", "source", *PROVENANCE]
        assert doc["source_format"] == "html"
        # The same claims (offsets into the extracted text), pairs and verdicts as by hand.
        assert without_provenance(doc) == without_provenance(by_hand[rid]), rid
        assert "source_format" not in by_hand[rid]
    assert docs[0]["html_metadata"] == {
        "title": "Iran Rejects U.S. Overtures on Islamic State",
        "author": "Jane Roe",
        "date": "2014-09-15",
        "sitename": "The Daily Example",
        "url": "https://news.example.org/world/iran-rejects-overtures",
    }
    assert docs[1]["html_metadata"] == {"title": "Talks, day 0", "author": "Jane Roe"}
    assert docs[0]["claims"] and docs[1]["claims"] and docs[1]["pairs"]
    # The article view shows the extracted text, none of the markup.
    shown = (view / "page.html").read_text(encoding="utf-8")
    assert "sidelines of nuclear talks" in shown and "Marie Harf" in shown
    for needle in ("PAYLOAD", "evil.example", "Reader123", "Horoscopes", "javascript:"):
        assert needle not in shown, needle
    assert "Talks, day 2" in (view / "day-2.html").read_text(encoding="utf-8")


def test_without_output_the_documents_are_printed(tmp_path, common, by_hand) -> None:
    result = run(*html_corpus("jsonl", tmp_path), "--json", *common)
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source_format"] for d in docs] == ["html"] * len(PAGES)
    assert without_provenance(docs[1]) == without_provenance(by_hand["day-0"])


def test_a_text_column_stays_as_it_was() -> None:
    """Without --text-html the markup is the article (the flag is asked for, not guessed), and
    the record has no provenance."""
    row = {"id": "x", "text": page(0)}
    record = ArticleSpec().build(row, None, "c.jsonl", 1)
    assert isinstance(record, ArticleRecord)
    assert record.text == page(0) and record.provenance() == {}
    record = ArticleSpec(html=True).build(row, None, "c.jsonl", 1)
    assert isinstance(record, ArticleRecord)
    assert record.text == saved_by_hand(0)
    assert record.provenance() == {
        "source_format": "html",
        "html_metadata": {"title": "Talks, day 0", "author": "Jane Roe"},
    }


# Rows without article text

BAD_ROWS = [
    {"id": "day-0", "html": page(0)},
    {"id": "menu", "html": BOILERPLATE.read_text(encoding="utf-8")},
    {"id": "day-1", "html": page(1)},
    {"id": "script", "html": NO_TEXT},
    {"id": "day-2", "html": page(2)},
]
NO_ARTICLE = "no article text found in the HTML page"


def test_page_without_article_text_is_a_bad_row(tmp_path, common) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", BAD_ROWS)
    args = [str(corpus), "--text-field", "html", "--text-html", *common]
    out = tmp_path / "out.jsonl"
    result = run(*args, "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"error: c.jsonl:2: field 'html': {NO_ARTICLE}"]
    assert [d["id"] for d in read_jsonl(out)] == ["day-0"]  # never an empty result for it

    skipped = tmp_path / "skipped.jsonl"
    result = run(*args, "-o", str(skipped), "--skip-bad")
    assert result.exit_code == 0, result.output
    assert [d["id"] for d in read_jsonl(skipped)] == ["day-0", "day-1", "day-2"]
    rejects = read_jsonl(tmp_path / "skipped.jsonl.rejects.jsonl")
    assert rejects == [
        {
            "file": "c.jsonl",
            "line": 2,
            "field": "html",
            "reason": NO_ARTICLE,
            "error": f"c.jsonl:2: field 'html': {NO_ARTICLE}",
        },
        {
            "file": "c.jsonl",
            "line": 4,
            "field": "html",
            "reason": NO_ARTICLE,
            "error": f"c.jsonl:4: field 'html': {NO_ARTICLE}",
        },
    ]


def test_parser_failure_is_a_bad_row(monkeypatch) -> None:
    import trafilatura

    def broken(*args, **kwargs):
        raise ValueError("tree too deep\nat line 3")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    bad = ArticleSpec(text="html", html=True).build({"html": page(0)}, None, "c.csv", 7)
    assert str(bad) == "c.csv:7: field 'html': cannot read the HTML page (tree too deep at line 3)"


# Resume


def test_resume_after_a_partial_output_gives_the_same_files(tmp_path, common) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", BAD_ROWS)
    args = [str(corpus), "--text-field", "html", "--text-html", "--skip-bad", *common]
    whole = tmp_path / "whole.jsonl"
    assert run(*args, "-o", str(whole)).exit_code == 0
    expected = whole.read_bytes()
    rejects = (tmp_path / "whole.jsonl.rejects.jsonl").read_bytes().splitlines(keepends=True)
    lines = expected.splitlines(keepends=True)
    for done, rejected in ((0, 0), (1, 1), (2, 2)):
        out = tmp_path / f"cut{done}.jsonl"
        # A kill in the middle of the next append: whole lines, then half of one.
        out.write_bytes(b"".join(lines[:done]) + lines[done][: len(lines[done]) // 2])
        if rejected:
            Path(f"{out}.rejects.jsonl").write_bytes(b"".join(rejects[:rejected]))
        result = run(*args, "-o", str(out), "--resume")
        assert result.exit_code == 0, result.output
        assert out.read_bytes() == expected, done
        assert Path(f"{out}.rejects.jsonl").read_bytes() == b"".join(rejects)
        if done:
            assert f"({done} already there)" in result.stderr


def test_resume_refuses_an_output_read_without_text_html(tmp_path, common) -> None:
    """A job started without --text-html analyzed the markup; its documents are not the
    extracted text's, and --resume with the flag says so rather than mixing the two."""
    corpus = write_jsonl(tmp_path / "c.jsonl", BAD_ROWS[:1] + BAD_ROWS[2:3])
    out = tmp_path / "out.jsonl"
    assert run(str(corpus), "--text-field", "html", "-o", str(out), *common).exit_code == 0
    out.write_bytes(out.read_bytes().splitlines(keepends=True)[0])
    result = run(
        str(corpus), "--text-field", "html", "--text-html", "-o", str(out), "--resume", *common
    )
    assert result.exit_code == 1
    assert "the output is from another input" in result.stderr


# Refused


def test_text_html_needs_a_corpus(tmp_path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(article(0), encoding="utf-8")
    html = tmp_path / "b.html"
    html.write_text(page(0), encoding="utf-8")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "c.html").write_text(page(1), encoding="utf-8")
    for path in (text, html, folder):
        result = run(str(path), "--text-html", "--json")
        assert result.exit_code == 2, (path, result.output)
        assert "--text-html needs a corpus whose --text-field holds HTML pages" in result.stderr
        assert result.stdout == ""


def test_help_explains_text_html() -> None:
    result = run("--help")
    text = " ".join(result.stdout.replace("│", " ").split())
    assert "--text-html" in text and "holds HTML pages" in text
