"""`stance analyze` on saved web pages: the main text is extracted with trafilatura and analyzed.

The pages in tests/data/html are our own: article.html wraps the text of article.txt (the
article as saved by hand) in navigation, a cookie banner, scripts, styles, HTML comments, reader
comments and hostile markup; boilerplate.html has all of that and no article.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from stance.analyze import analysis_schema
from stance.cli.main import app
from stance.io.html_article import extract_html

DATA = Path(__file__).resolve().parent / "data" / "html"
PAGE = DATA / "article.html"
SAVED_TEXT = DATA / "article.txt"
BOILERPLATE = DATA / "boilerplate.html"

# What article.html carries around its article; none of it may reach the text.
NOT_ARTICLE = [
    # scripts, styles, comments and attributes, each marked with a PAYLOAD string
    "PAYLOAD",
    "<",
    ">",
    "script",
    "alert(",
    "javascript",
    "onerror",
    "onload",
    "document.",
    "evil.example",
    "this HTML comment",
    # the cookie banner, navigation, sharing, reader comments, most read, newsletter, footer
    "cookie",
    "Accept all",
    "Horoscopes",
    "Crosswords",
    "Subscribe",
    "Share on Twitter",
    "Reader123",
    "Another reader",
    "Most read",
    "city budget",
    "newsletter",
    "Sign up",
    "All rights reserved",
    "Privacy policy",
]

# One speaker per line "Speaker | Party | claim" (the stand-in extractor of conftest.py).
LINES_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Talks</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<p>Khamenei | Iran | Iran will not cooperate with the Americans against Islamic State.</p>
<script>alert("x")</script>
<p>Harf | United States | The United States is not cooperating with Iran on Islamic State.</p>
</article>
<footer>All rights reserved.</footer>
</body></html>
"""
LINES_TEXT = (
    "Zarif | Iran | The Americans are cooperating with Iran against Islamic State.\n"
    "Kerry | United States | The United States will not cooperate with Iran.\n"
)


def run(*args: str):
    return CliRunner().invoke(app, ["analyze", *args])


def claims_of(doc: dict) -> list[tuple[str, str, str]]:
    return [(c["speaker"], c["party"], c["text"]) for c in doc["claims"]]


def assert_one_line_error(result, line: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.stderr.strip().splitlines() == [line]
    assert result.stdout == ""  # no empty result


@pytest.fixture
def fake_pipeline(monkeypatch, fake_extractor, fake_backend_cls):
    """The line-format extractor and a fixed-probability backend: tests the reading alone."""
    import stance.extract
    import stance.infer.backend

    backends = []

    def load_backend(model=None, **kwargs):
        backends.append(fake_backend_cls())
        return backends[-1]

    monkeypatch.setattr(stance.extract, "extract_claims", fake_extractor)
    monkeypatch.setattr(stance.infer.backend, "load_backend", load_backend)
    return backends


# Extraction alone


def test_extracted_text_is_the_article_and_nothing_else() -> None:
    page = extract_html(PAGE.read_bytes(), str(PAGE))
    for needle in NOT_ARTICLE:
        assert needle.lower() not in page.text.lower(), needle
    # The link's words stay, its javascript: target does not.
    assert "The State Department rejected that account." in page.text
    # Paragraph for paragraph, the text a reader would save by hand.
    assert page.text == SAVED_TEXT.read_text(encoding="utf-8").strip()
    assert page.metadata == {
        "title": "Iran Rejects U.S. Overtures on Islamic State",
        "author": "Jane Roe",
        "date": "2014-09-15",
        "sitename": "The Daily Example",
        "url": "https://news.example.org/world/iran-rejects-overtures",
    }


def test_page_in_another_encoding() -> None:
    data = (
        '<html><head><meta charset="windows-1252"></head><body><article>'
        "<p>José Ortiz said the café in the old town will stay closed until the spring.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    page = extract_html(data, "cafe.html")
    assert page.text == (
        "José Ortiz said the café in the old town will stay closed until the spring."
    )
    assert page.metadata == {}  # only the fields the page has


# The command, with the real extractor and the tiny random model


def test_page_gives_the_claims_of_its_text_saved_by_hand(
    tmp_path, tiny_model_dir, lexical_config
) -> None:
    common = ["--json", "--model", str(tiny_model_dir), "--config", str(lexical_config)]
    view = tmp_path / "view.html"
    from_page = run(str(PAGE), *common, "--html", str(view))
    from_text = run(str(SAVED_TEXT), *common)
    assert from_page.exit_code == 0, from_page.output
    assert from_text.exit_code == 0, from_text.output
    page_doc, text_doc = json.loads(from_page.stdout), json.loads(from_text.stdout)

    assert claims_of(page_doc) == claims_of(text_doc)
    assert {party for _, party, _ in claims_of(page_doc)} >= {"Iran", "United States"}
    assert len(page_doc["pairs"]) == len(text_doc["pairs"]) > 0

    # The extracted text is the article: offsets index into it.
    article = page_doc["article"]
    assert article == SAVED_TEXT.read_text(encoding="utf-8").strip()
    for claim in page_doc["claims"]:
        span = article[claim["start"] : claim["end"]]
        assert " ".join(span.split()) == " ".join(claim["text"].split())

    # Where the text came from; a text file's document has no such fields.
    jsonschema.validate(page_doc, analysis_schema())
    jsonschema.validate(text_doc, analysis_schema())
    assert page_doc["source"] == str(PAGE)
    assert page_doc["source_format"] == "html"
    assert page_doc["html_metadata"]["title"] == "Iran Rejects U.S. Overtures on Islamic State"
    assert page_doc["html_metadata"]["sitename"] == "The Daily Example"
    assert list(page_doc)[:4] == ["article", "source", "source_format", "html_metadata"]
    assert "source_format" not in text_doc and "html_metadata" not in text_doc

    # The article view shows the extracted text, none of the page's markup.
    html = view.read_text(encoding="utf-8")
    assert "sidelines of nuclear talks" in html and "TEHRAN —" in html
    for needle in ("PAYLOAD", "evil.example", "Reader123", "Horoscopes", "javascript:"):
        assert needle not in html, needle


# Pages without an article: one line naming the file, exit 1


@pytest.mark.parametrize(
    "content",
    [
        BOILERPLATE.read_bytes(),
        b"",
        b"<!DOCTYPE html><html><head><title>x</title></head><body></body></html>",
        b"<html><body><script>alert('only a script')</script><!-- a comment --></body></html>",
    ],
    ids=["boilerplate", "empty-file", "empty-body", "script-only"],
)
def test_page_without_article_text(tmp_path, content, fake_pipeline) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(content)
    result = run(str(path), "--json")
    assert_one_line_error(result, f"error: {path}: no article text found in the HTML page")
    assert fake_pipeline == []  # fails before any model is loaded


def test_htm_suffix_and_upper_case(tmp_path, lexical_config, fake_pipeline) -> None:
    path = tmp_path / "TALKS.HTM"
    path.write_text(LINES_PAGE, encoding="utf-8")
    result = run(str(path), "--json", "--config", str(lexical_config))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["source_format"] == "html"
    assert [c["speaker"] for c in doc["claims"]] == ["Khamenei", "Harf"]


# Folders


def test_folder_mixing_text_and_pages(tmp_path, lexical_config, fake_pipeline) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(LINES_TEXT, encoding="utf-8")
    (folder / "b.html").write_text(LINES_PAGE, encoding="utf-8")
    (folder / "c.htm").write_text(LINES_PAGE, encoding="utf-8")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    out = tmp_path / "view"
    result = run(str(folder), "--json", "--config", str(lexical_config), "--html", str(out))
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(d["source"]).name for d in docs] == ["a.txt", "b.html", "c.htm"]
    for doc in docs:
        jsonschema.validate(doc, analysis_schema())
    assert [d.get("source_format") for d in docs] == [None, "html", "html"]
    assert docs[1]["html_metadata"] == {"title": "Talks"}
    assert [c["speaker"] for c in docs[1]["claims"]] == ["Khamenei", "Harf"]
    assert "alert" not in docs[1]["article"] and "Home" not in docs[1]["article"]
    assert len(fake_pipeline) == 1  # one model for the whole folder
    # One page per article, none overwriting another, and the index.
    assert sorted(p.name for p in out.iterdir()) == ["a.html", "b.html", "c.html", "index.html"]


def test_page_without_article_in_a_folder_is_skipped(
    tmp_path, lexical_config, fake_pipeline
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(BOILERPLATE, folder / "a.html")
    (folder / "b.html").write_text(LINES_PAGE, encoding="utf-8")
    result = run(str(folder), "--json", "--config", str(lexical_config))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error: {folder / 'a.html'}: no article text found in the HTML page"
    ]
    (doc,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert Path(doc["source"]).name == "b.html"


def test_parser_failure_is_one_line(tmp_path, monkeypatch, fake_pipeline) -> None:
    import trafilatura

    def broken(*args, **kwargs):
        raise ValueError("tree too deep\nat line 3")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    path = tmp_path / "deep.html"
    path.write_text(LINES_PAGE, encoding="utf-8")
    assert_one_line_error(
        run(str(path)), f"error: {path}: cannot read the HTML page (tree too deep at line 3)"
    )
