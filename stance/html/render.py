"""Render analysis results as self-contained HTML pages with Jinja2 (autoescape on).

The article is untrusted text: it only ever reaches the page through Jinja's escaping, as text
nodes and attribute values, so markup, ``javascript:`` links and ``{{ }}`` in it stay text. The
page's own CSS and JS are inline and allowed by their SHA-256 hashes in a Content-Security-Policy
meta; nothing else may run or load (no network, no fonts, no images from elsewhere).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from stance.aggregate import THRESHOLD_KEYS
from stance.analyze import AnalysisResult
from stance.claims import Claim, JudgedPair
from stance.labels import NLI_LABELS
from stance.report import (
    flag_bars,
    nothing_flagged,
    pairs_to_show,
    possible_bars,
    possible_heading,
    summary,
)

# The party colours are page.css's classes party-0 … party-7 (Okabe & Ito's palette,
# distinguishable with the common colour-vision deficiencies); each party also gets an underline
# pattern and a number, so colour is never the only cue.
PARTY_CLASSES = 8
PATTERNS = ("solid", "dashed", "dotted", "double")


@dataclass(frozen=True)
class PartyStyle:
    index: int
    name: str
    letter: str  # "1", "2" …: the label next to every claim of the party
    pattern: str
    speakers: tuple[str, ...]
    reasons: tuple[str, ...] = ()  # why each speaker is on the party, in the same order
    unaffiliated: bool = False  # one speaker with no evidence of affiliation

    @property
    def css(self) -> str:
        """The page.css classes of the party's colour and pattern."""
        return f"party-{self.index % PARTY_CLASSES} pattern-{self.pattern}"


@dataclass(frozen=True)
class Segment:
    """A run of the article: plain text, or one claim's span."""

    text: str
    claim: Claim | None = None


@dataclass(frozen=True)
class IndexEntry:
    """One article of a folder, for the index page."""

    source: str
    page: str  # file name of its page, relative to the index
    claims: int
    contradict: int  # flags
    agree: int
    judged: int
    possible: int = 0  # possible contradictions and agreements


def _csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("stance.html", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda x: f"{100 * float(x):.0f}%"
    env.filters["prob"] = lambda x: f"{float(x):.3f}"
    return env


@cache
def _asset(name: str) -> str:
    return files("stance.html").joinpath("templates", name).read_text(encoding="utf-8")


def _letter(i: int) -> str:
    # numbers, so that they never read as the A and B of a pair
    return str(i + 1)


def party_styles(result: AnalysisResult) -> list[PartyStyle]:
    return [
        PartyStyle(
            i,
            name or "(none)",
            _letter(i),
            PATTERNS[(i // PARTY_CLASSES + i) % len(PATTERNS)],
            tuple(reasons),
            tuple(reasons.values()),
            result.unaffiliated(name),
        )
        for i, (name, reasons) in enumerate(result.party_reasons().items())
    ]


def segments(article: str, claims: Sequence[Claim]) -> list[Segment]:
    """The article cut into plain runs and claim spans, in order. A claim that overlaps an
    earlier one keeps only its part after it, so every character is shown exactly once."""
    out: list[Segment] = []
    pos = 0
    for claim in sorted(claims, key=lambda c: (c.start, c.end)):
        start = max(claim.start, pos)
        if start >= claim.end:
            continue
        if start > pos:
            out.append(Segment(article[pos:start]))
        out.append(Segment(article[start : claim.end], claim))
        pos = claim.end
    if pos < len(article):
        out.append(Segment(article[pos:]))
    return out


def render_article_page(result: AnalysisResult) -> str:
    """One self-contained page: the article with its claims marked, the parties, the pairs."""
    css, js = _asset("page.css"), _asset("page.js")
    styles = party_styles(result)
    by_party = {s.name: s for s in styles}
    shown = pairs_to_show(result)
    numbered = shown.numbered()
    pairs_of: dict[str, list[int]] = {}
    for n, pair in numbered:
        pairs_of.setdefault(pair.a.id, []).append(n)
        pairs_of.setdefault(pair.b.id, []).append(n)
    # The three lists of the page, numbered on from one to the next (ids stay unique).
    k, m = len(shown.flags), len(shown.flags) + len(shown.possible)
    return (
        _environment()
        .get_template("article.html.j2")
        .render(
            result=result,
            css=css,
            js=js,
            csp=_csp(css, js),
            parties=styles,
            party_of=lambda claim: by_party[claim.party or "(none)"],
            segments=segments(result.article, result.claims),
            flags=numbered[:k],
            possible=numbered[k:m],
            closest=numbered[m:],
            pairs_of=pairs_of,
            nothing_flagged=nothing_flagged(result) if not shown.flags else "",
            possible_heading=possible_heading(result) if shown.possible else "",
            flag_bars=flag_bars(result.thresholds),
            possible_bars=possible_bars(result.thresholds),
            threshold_sources=threshold_sources(result),
            summary=summary(result),
            labels=NLI_LABELS,
            directions=_directions,
        )
    )


def threshold_sources(result: AnalysisResult) -> str:
    """Where the thresholds came from, for the footer: "model (…/verdict.json)", "config", …"""
    t = result.thresholds
    names = {"config": "config", "model": f"the model's {t.model_file}", "default": "defaults"}
    seen = dict.fromkeys(t.source(name) for name in THRESHOLD_KEYS)
    return ", ".join(names.get(source, source) for source in seen)


def _directions(pair: JudgedPair) -> list[tuple[str, dict[str, float]]]:
    return [("A → B", pair.ab), ("B → A", pair.ba)]


def _csp(css: str, js: str | None) -> str:
    scripts = _csp_hash(js) if js is not None else "'none'"
    return (
        "default-src 'none'; "
        f"style-src {_csp_hash(css)}; "
        f"script-src {scripts}; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def index_entry(result: AnalysisResult, page: str) -> IndexEntry:
    counts = result.verdicts()
    return IndexEntry(
        result.source,
        page,
        len(result.claims),
        counts["contradict"],
        counts["agree"],
        len(result.pairs),
        counts["possible_contradict"] + counts["possible_agree"],
    )


def render_index(entries: Sequence[IndexEntry], title: str = "stance") -> str:
    """The index of a folder's pages, with claim and verdict counts."""
    css = _asset("page.css")
    return (
        _environment()
        .get_template("index.html.j2")
        .render(entries=entries, title=title, css=css, csp=_csp(css, None))
    )
