"""The article view (`stance analyze --html`): the page itself, its safety, and a real browser.

The browser tests drive Debian's chromium through Playwright (``executable_path``); `.ci/run`
installs both. The pages are made with the real extractor and a fixed-probability backend, so
they are quick and the same every time.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FakeBackend
from typer.testing import CliRunner

from stance.analyze import AnalysisResult, analyze_text
from stance.cli.main import app
from stance.html import render_article_page

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_4a66804ddd20a484.txt"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CONFIG = {
    "pairing": {"relevance": "lexical", "min_relevance": {"lexical": 0.0}},
    "verdict": {"contradiction": 0.6, "entailment": 0.6, "agree_max_contradiction": 0.6},
}
HOSTILE = (
    "Rosa Vela said <script>window.__pwned = 1; alert(1)</script> was fine for the town.\n\n"
    'Tomas Ek said <img src=x onerror="window.__pwned = 2; alert(2)"> was not fine at all.\n\n'
    'Residents said </textarea><a href="javascript:alert(3)">click</a> and {{ 7 * 7 }} '
    "were printed on the walls.\n"
)


def Contradicting() -> FakeBackend:
    """A backend that calls every pair a contradiction, so the page has findings to show."""
    return FakeBackend(default=(0.1, 0.2, 0.7), name="fixed-nli")


def analyse(text: str, name: str) -> AnalysisResult:
    from stance.config import load_analyze_config, merge_config

    config = merge_config(load_analyze_config(), CONFIG)
    return analyze_text(text, Contradicting(), config, name=name)


@pytest.fixture(scope="module")
def seed_result() -> AnalysisResult:
    return analyse(SEED.read_text(encoding="utf-8"), str(SEED.relative_to(REPO)))


@pytest.fixture(scope="module")
def seed_page(seed_result: AnalysisResult, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "seed.html"
    path.write_text(render_article_page(seed_result), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "hostile.html"
    path.write_text(render_article_page(analyse(HOSTILE, "hostile.txt")), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the page as text


class _Marks(HTMLParser):
    """Collects each claim mark's id and the text of its .claim-text span."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: dict[str, str] = {}
        self._claim: str | None = None
        self._depth = 0
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None
        self.csp = ""
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content") or ""
        for key in ("src", "href", "action"):
            if a.get(key):
                self.urls.append(a[key])
        if tag in ("script", "style"):
            self._in = tag
        if tag == "mark":
            self._claim = a.get("data-claim")
            self.marks[self._claim or ""] = ""
        if tag == "span" and self._claim and a.get("class") == "claim-text":
            self._depth = 1

    def handle_endtag(self, tag):
        if tag == "span" and self._depth:
            self._depth = 0
        if tag == "mark":
            self._claim = None
        if tag in ("script", "style"):
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)
        if self._depth and self._claim:
            self.marks[self._claim] += data


def parsed(path: Path) -> _Marks:
    p = _Marks()
    p.convert_charrefs = True
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_one_mark_per_claim_with_its_text(seed_page: Path, seed_result: AnalysisResult) -> None:
    marks = parsed(seed_page).marks
    assert marks == {c.id: c.text for c in seed_result.claims}


def test_csp_allows_only_the_pages_own_style_and_script(seed_page: Path) -> None:
    page = parsed(seed_page)
    assert len(page.scripts) == 1 and len(page.styles) == 1

    def sha(s: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"

    assert "default-src 'none'" in page.csp
    assert f"script-src {sha(page.scripts[0])}" in page.csp
    assert f"style-src {sha(page.styles[0])}" in page.csp
    assert "unsafe-inline" not in page.csp
    assert page.urls == []  # nothing is loaded from anywhere: self-contained


def test_hostile_article_is_text(hostile_page: Path) -> None:
    html = hostile_page.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    assert "</textarea>" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;window.__pwned = 1" in html
    assert "{{ 7 * 7 }}" in html and ">49<" not in html
    assert parsed(hostile_page).urls == []


def test_page_shows_parties_pairs_and_footer(seed_page: Path, seed_result) -> None:
    html = seed_page.read_text(encoding="utf-8")
    for party, speakers in seed_result.parties().items():
        assert party in html
        for speaker in speakers:
            assert speaker in html
    assert html.count('class="pair verdict-contradict tier-flag"') == len(seed_result.pairs)
    assert "fixed-nli" in html and "P(contradiction) ≥ 0.60" in html
    assert 'class="pairs possible"' not in html  # no second tier: no section for it
    assert f"{seed_result.dropped_pairs} dropped" in html
    assert "@media print" in html


TIERED = (
    "Harf | United States | The talks are over.\n"
    "Zarif | Iran | The talks go on.\n"
    "Kerry | United States | Iran helps the coalition.\n"
    "Rouhani | Iran | Iran stays out of the coalition.\n"
)


def test_page_keeps_flags_and_possibles_apart(fake_extractor) -> None:
    from conftest import line_extractor

    table = {  # one flag contradiction, one possible contradiction, the rest unrelated
        ("The talks are over.", "The talks go on."): [0.05, 0.15, 0.8],
        ("Iran helps the coalition.", "Iran stays out of the coalition."): [0.1, 0.45, 0.45],
    }
    config = {
        **CONFIG,
        "verdict": {
            "contradiction": 0.6,
            "entailment": 0.6,
            "agree_max_contradiction": 0.2,
            "possible_contradiction": 0.4,
            "possible_entailment": 0.4,
        },
    }
    result = analyze_text(
        TIERED, FakeBackend(table), config, name="tiers.txt", extractor=line_extractor
    )
    html = render_article_page(result)
    flags = html[html.index('<ol class="pairs flags">') :]
    flags = flags[: flags.index("</ol>")]
    possible = html[html.index('<ol class="pairs possible">') :]
    possible = possible[: possible.index("</ol>")]
    assert html.index('<ol class="pairs flags">') < html.index('<ol class="pairs possible">')
    assert flags.count('<li class="pair') == 1 and "The talks go on." in flags
    assert "tier-flag" in flags and "tier-possible" not in flags
    assert possible.count('<li class="pair') == 1 and "Iran stays out" in possible
    assert 'data-tier="possible"' in possible and "possible contradict" in possible
    assert "<table" not in possible  # the second tier is compact: no probability table
    assert 'id="pair-1"' in flags and 'id="pair-2"' in possible  # numbered on, ids unique
    assert "P(contradiction) ≥ 0.40" in html  # the lower bar is stated with the section
    assert "Thresholds from: config." in html


# --------------------------------------------------------------------------- the command


def test_html_for_a_file_and_for_a_folder(tmp_path, monkeypatch) -> None:
    import stance.infer.backend

    monkeypatch.setattr(stance.infer.backend, "load_backend", lambda *a, **k: Contradicting())
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps(CONFIG), encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "two <b>.txt").write_text(HOSTILE.replace("Rosa", "Lena"), encoding="utf-8")
    out = tmp_path / "pages"
    runner = CliRunner()
    result = runner.invoke(
        app, ["analyze", str(folder), "--config", str(config), "--json", "--html", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2  # --json still prints one document per article
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "one.html", "two_b.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="./one.html"' in index and "two &lt;b&gt;.txt" in index
    # a second run refuses to overwrite, before analysing anything
    again = runner.invoke(
        app, ["analyze", str(folder), "--config", str(config), "--html", str(out)]
    )
    assert again.exit_code == 2 and "--force" in again.stderr
    forced = runner.invoke(
        app, ["analyze", str(folder), "--config", str(config), "--html", str(out), "--force"]
    )
    assert forced.exit_code == 0, forced.output
    single = tmp_path / "single.html"
    one = runner.invoke(
        app, ["analyze", str(folder / "one.txt"), "--config", str(config), "--html", str(single)]
    )
    assert one.exit_code == 0 and single.is_file()
    assert not list(tmp_path.glob(".*.tmp"))  # written whole, no temporary file left


# --------------------------------------------------------------------------- in a real browser

needs_browser = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium not installed (.ci/run installs it)"
)


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("playwright")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.messages = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.messages.append(m.text))
    pg.on("pageerror", lambda e: pg.messages.append(f"pageerror: {e}"))

    def on_dialog(d) -> None:
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


@needs_browser
def test_browser_seed_page_spans(page, seed_page: Path, seed_result: AnalysisResult) -> None:
    start = time.monotonic()
    page.goto(seed_page.as_uri())
    texts = page.eval_on_selector_all(
        "mark.claim",
        "els => els.map(e => [e.dataset.claim, e.querySelector('.claim-text').textContent])",
    )
    assert dict(texts) == {c.id: c.text for c in seed_result.claims}
    assert page.messages == []
    assert time.monotonic() - start < 10


@needs_browser
def test_browser_click_pair_marks_both_spans(page, seed_page: Path) -> None:
    page.goto(seed_page.as_uri())
    pair = page.locator("li.pair").nth(2)
    a, b = pair.get_attribute("data-a"), pair.get_attribute("data-b")
    pair.locator("button.pair-select").click()
    active = page.eval_on_selector_all("mark.claim.active", "els => els.map(e => e.id)")
    assert sorted(active) == sorted([f"claim-{a}", f"claim-{b}"])
    assert pair.locator("button.pair-select").get_attribute("aria-pressed") == "true"
    # a claim lists its pairs
    page.locator(f"#claim-{a}").click()
    listed = page.locator("#claim-pairs button").all_text_contents()
    n_pairs = page.locator(f'li.pair[data-a="{a}"], li.pair[data-b="{a}"]').count()
    assert len(listed) == n_pairs + 1  # plus "Show all pairs"


@needs_browser
def test_browser_keyboard_tab_and_enter(page, seed_page: Path) -> None:
    page.goto(seed_page.as_uri())
    first = page.locator("li.pair").first
    a, b = first.get_attribute("data-a"), first.get_attribute("data-b")
    for _ in range(200):  # Tab through the claims to the first pair's button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pair-select')"):
            break
    else:
        pytest.fail("Tab never reached a pair")
    page.keyboard.press("Enter")
    active = page.eval_on_selector_all("mark.claim.active", "els => els.map(e => e.id)")
    assert sorted(active) == sorted([f"claim-{a}", f"claim-{b}"])
    # claims are reachable with Tab too and chosen with Enter
    page.focus("mark.claim")
    page.keyboard.press("Enter")
    assert page.locator("mark.claim.active").count() == 1


@needs_browser
def test_browser_hostile_article_runs_nothing(page, hostile_page: Path) -> None:
    page.goto(hostile_page.as_uri())
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("img").count() == 0
    assert page.locator("a").count() == 0
    assert page.locator("script").count() == 1  # ours
    assert "<script>" in page.locator("#article").inner_text()
    assert not [m for m in page.messages if re.search(r"Content.Security.Policy|CSP", m)]
    page.locator("button.pair-select").first.click()  # our script still works under the CSP
    assert page.locator("mark.claim.active").count() == 2


@needs_browser
def test_browser_screenshot_is_not_blank(page, seed_page: Path, tmp_path: Path) -> None:
    page.goto(seed_page.as_uri())
    shot = tmp_path / "seed.png"
    page.screenshot(path=str(shot))
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 900)
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text, highlights, panel: not blank
