"""The analyze pipeline for one article: claims → cross-party pairs → NLI both ways → verdicts.

`analyze_text` runs the pipeline on a loaded backend; the public ``stance.analyze(text)``
(``stance.api.analyze``) resolves the model and the settings and calls it. This module can be
called as that function too: ``stance.analyze`` is this module once anything has imported it
(Python binds a submodule to its package's attribute), so calling the module calls
``stance.api.analyze``.
"""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stance.aggregate import FLAG, POSSIBLE, Thresholds, VerdictConfig, count_verdicts
from stance.claims import UNAFFILIATED, Claim, JudgedPair
from stance.errors import NoClaimsError
from stance.infer.backend import NLIBackend
from stance.judge import (
    ClaimUnits,
    Direction,
    Unit,
    claim_units,
    judge,
    max_sentences_from_config,
    score_directions,
)
from stance.pair import Embedder, PairingResult, PairingSettings, pair_claims

if TYPE_CHECKING:
    from stance.model import ModelLike
    from stance.settings import AnalyzeSettings

__all__ = ["AnalysisResult", "NoClaimsError", "analyze_text", "analyze_texts"]

Extractor = Callable[[str, Mapping[str, Any]], list[Claim]]

# Probabilities are written with this many decimals: enough to compare with the thresholds,
# few enough to read.
_DECIMALS = 4
# Columns of the plain-text report (str(result)): the width of the README's example.
_TEXT_WIDTH = 100


@dataclass(repr=False)
class AnalysisResult:
    """One analyzed article: its claims, the cross-party pairs judged, and how they were judged.

    ``pairs`` holds every judged pair in article order, each with its ``verdict``
    (contradict / agree / unrelated), its ``tier`` (``"flag"``: the high, precision-calibrated
    bar; ``"possible"``: only the lower one; None for unrelated), the probabilities both ways
    (``ab``: claim a as premise) and the ``evidence`` that decided. ``thresholds`` are those in
    force for the model, with where each came from (config, the model's verdict.json, defaults).
    ``to_dict()`` is the JSON document of ``stance analyze --json``, ``to_html()`` the article
    view, ``str()`` the report the command prints.
    """

    source: str  # file name, or <stdin>
    article: str  # the text exactly as read; claim offsets index into it
    claims: list[Claim]
    pairs: list[JudgedPair]  # every kept cross-party pair, in article order
    dropped_pairs: int  # cross-party pairs removed by the relevance filter
    candidate_pairs: int  # cross-party pairs before the filter
    model: dict[str, object]
    pairing: PairingSettings = field(default_factory=PairingSettings)
    thresholds: Thresholds = field(default_factory=Thresholds)
    capped_pairs: int = 0  # relevant pairs not judged: beyond both claims' max_partners

    def parties(self) -> dict[str, list[str]]:
        """Party → its speakers, both in order of first appearance."""
        out: dict[str, list[str]] = {}
        for claim in sorted(self.claims, key=lambda c: c.start):
            speakers = out.setdefault(claim.party, [])
            if claim.speaker not in speakers:
                speakers.append(claim.speaker)
        return out

    def party_reasons(self) -> dict[str, dict[str, str]]:
        """Party → {speaker: why the speaker is on it}, both in order of first appearance
        ("spokesman for the NHL", "title: mayor (Mayor de Blasio)", "--party", …)."""
        out: dict[str, dict[str, str]] = {}
        for claim in sorted(self.claims, key=lambda c: c.start):
            out.setdefault(claim.party, {}).setdefault(claim.speaker, claim.party_reason)
        return out

    def unaffiliated(self, party: str) -> bool:
        """Whether the party is one speaker with no evidence of affiliation: a side of its own
        only because nothing ties it to another."""
        reasons = self.party_reasons().get(party, {})
        return len(reasons) == 1 and next(iter(reasons.values())) == UNAFFILIATED

    def flagged(self) -> list[JudgedPair]:
        """The flags: pairs that contradict or agree above the high, precision-calibrated bar."""
        return [p for p in self.pairs if p.tier == FLAG]

    def possible(self) -> list[JudgedPair]:
        """The possible contradictions and agreements: above the lower bar only."""
        return [p for p in self.pairs if p.tier == POSSIBLE]

    def verdicts(self) -> dict[str, int]:
        """How many judged pairs got each verdict: ``contradict`` and ``agree`` count the flags,
        ``possible_contradict`` and ``possible_agree`` the second tier."""
        return count_verdicts((pair.verdict, pair.tier) for pair in self.pairs)

    def to_dict(self) -> dict[str, object]:
        """The documented JSON document (stance/schemas/analyze.schema.json)."""
        return {
            "article": self.article,
            "source": self.source,
            "claims": [_claim_dict(c) for c in self.claims],
            "parties": [_party_dict(k, v) for k, v in self.party_reasons().items()],
            "pairs": [_pair_dict(p) for p in self.pairs],
            "dropped_pairs": self.dropped_pairs,
            "candidate_pairs": self.candidate_pairs,
            "capped_pairs": self.capped_pairs,
            "pairing": {
                "relevance": self.pairing.relevance,
                "min_relevance": self.pairing.min_relevance,
                "max_partners": self.pairing.max_partners,
            },
            "thresholds": self.thresholds.as_dict(),
            "model": dict(self.model),
        }

    def to_json(self, indent: int | None = None) -> str:
        """``to_dict()`` as JSON text: one line of ``stance analyze --json``."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_html(self) -> str:
        """The article view: one self-contained HTML page (``stance analyze --html``)."""
        from stance.html.render import render_article_page

        return render_article_page(self)

    def to_text(self, width: int = _TEXT_WIDTH) -> str:
        """The report ``stance analyze`` prints, as plain text ``width`` columns wide."""
        import io

        from rich.console import Console

        from stance.report import render_report

        buffer = io.StringIO()
        Console(file=buffer, width=width, color_system=None, force_terminal=False).print(
            render_report(self)
        )
        return buffer.getvalue()

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.verdicts().items())
        return (
            f"AnalysisResult(source={self.source!r}, claims={len(self.claims)}, "
            f"parties={len(self.parties())}, pairs={len(self.pairs)}, {counts})"
        )


def _party_dict(name: str, reasons: dict[str, str]) -> dict[str, object]:
    alone = len(reasons) == 1 and next(iter(reasons.values())) == UNAFFILIATED
    return {
        "name": name,
        "speakers": list(reasons),
        "evidence": [{"speaker": s, "reason": r} for s, r in reasons.items()],
        "unaffiliated": alone,
    }


def _claim_dict(c: Claim) -> dict[str, object]:
    return {
        "id": c.id,
        "speaker": c.speaker,
        "party": c.party,
        "cue": c.cue,
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "mention": c.mention,
    }


def _pair_dict(p: JudgedPair) -> dict[str, object]:
    return {
        "a": p.a.id,
        "b": p.b.id,
        "verdict": p.verdict,
        "tier": p.tier,
        "ab": {k: round(v, _DECIMALS) for k, v in p.ab.items()},
        "ba": {k: round(v, _DECIMALS) for k, v in p.ba.items()},
        "relevance": p.relevance,
        "evidence": p.evidence,
    }


def settings_from_config(
    config: Mapping[str, Any], min_relevance: float | None = None
) -> tuple[PairingSettings, VerdictConfig]:
    """The pairing and verdict settings of an analyze config (missing sections → defaults;
    verdict thresholds the config leaves unset are the model's, resolved with the model)."""
    # Not returned (analyze_text reads it itself), but checked with the rest so that callers
    # validating a config before loading a model catch a bad value too.
    max_sentences_from_config(config.get("judging"))
    return (
        PairingSettings.from_config(config.get("pairing"), min_relevance),
        VerdictConfig.from_config(config.get("verdict")),
    )


def default_embedder(backend: NLIBackend, pairing: PairingSettings) -> Embedder | None:
    """The process's relevance embedder for ``backend``, or None when pairing needs none.

    The ONNX embedder beside an ONNX backend, so that the whole run needs no torch.
    """
    if pairing.relevance != "embedding":
        return None
    from stance.embed import get_embedder

    return get_embedder(backend=getattr(backend.info, "backend", "torch"))


@dataclass(frozen=True)
class _Resolved:
    """The settings one analysis reads, resolved once from typed settings or a raw mapping."""

    pairing: PairingSettings
    thresholds: Thresholds  # resolved for the backend's model
    max_sentences: int
    mapping: Mapping[str, Any]  # what the claim extractor reads


def model_thresholds(verdict: VerdictConfig, backend: NLIBackend) -> Thresholds:
    """The verdict thresholds in force for ``backend``'s model: the config's values, else its
    folder's verdict.json, else the defaults (stance/infer/verdict_file.py)."""
    from stance.infer.verdict_file import thresholds_for

    return thresholds_for(verdict, backend.info.revision_or_path)


def _resolve(
    config: AnalyzeSettings | Mapping[str, Any],
    min_relevance: float | None,
    backend: NLIBackend,
) -> _Resolved:
    from stance.settings import AnalyzeSettings

    if isinstance(config, AnalyzeSettings):
        if min_relevance is not None:
            config = AnalyzeSettings.from_dict(config.to_dict(), min_relevance=min_relevance)
        return _Resolved(
            config.pairing,
            model_thresholds(config.verdict, backend),
            config.judging.max_sentences,
            config.to_dict(),
        )
    pairing, verdict = settings_from_config(config, min_relevance)
    return _Resolved(
        pairing,
        model_thresholds(verdict, backend),
        max_sentences_from_config(config.get("judging")),
        config,
    )


@dataclass
class _Plan:
    """One article up to its NLI inputs: the claims, the kept pairs, and both directions of
    every pair (all ``ab`` first, then all ``ba``), ready to be scored with other articles'."""

    name: str
    text: str
    claims: list[Claim]
    paired: PairingResult
    directions: list[tuple[ClaimUnits, ClaimUnits]]


def _plan(
    name: str, text: str, claims: list[Claim], settings: _Resolved, embedder: Embedder | None
) -> _Plan:
    if not claims:
        raise NoClaimsError(f"{name}: no attributed claims found (nothing said by a named source)")
    paired = pair_claims(claims, settings.pairing, embedder)
    units = {
        c: claim_units(text, Unit(c.text, c.start, c.end), settings.max_sentences) for c in claims
    }
    ab = [(units[p.a], units[p.b]) for p in paired.pairs]
    return _Plan(name, text, claims, paired, ab + [(h, p) for p, h in ab])


def _finish(
    plan: _Plan, scored: Sequence[Direction], backend: NLIBackend, settings: _Resolved
) -> AnalysisResult:
    n = len(plan.paired.pairs)
    judged: list[JudgedPair] = []
    for k, pair in enumerate(plan.paired.pairs):
        there, back = scored[k], scored[n + k]
        decision = judge(there, back, settings.thresholds)
        verdict = decision.verdict
        judged.append(
            JudgedPair(
                pair.a,
                pair.b,
                verdict,
                there.shown(verdict),
                back.shown(verdict),
                pair.relevance,
                decision.evidence,
                decision.tier,
            )
        )
    return AnalysisResult(
        source=plan.name,
        article=plan.text,
        claims=plan.claims,
        pairs=judged,
        dropped_pairs=plan.paired.dropped,
        candidate_pairs=plan.paired.candidates,
        capped_pairs=plan.paired.capped,
        model=backend.info.as_dict(),
        pairing=settings.pairing,
        thresholds=settings.thresholds,
    )


def analyze_text(
    text: str,
    backend: NLIBackend,
    config: AnalyzeSettings | Mapping[str, Any],
    *,
    name: str = "<text>",
    embedder: Embedder | None = None,
    extractor: Extractor | None = None,
    min_relevance: float | None = None,
    batch_size: int = 32,
) -> AnalysisResult:
    """Analyze one article. Raises NoClaimsError when no attributed claim is found.

    ``config`` is typed settings, or a raw config mapping (as ``load_analyze_config`` gives).
    ``extractor`` defaults to `stance.extract.extract_claims`; ``embedder`` to the installed
    all-MiniLM-L6-v2 (loaded once per process, only when the config asks for embeddings), run
    through ONNX Runtime when the backend is onnx and the exported embedder is shipped.
    """
    settings = _resolve(config, min_relevance, backend)
    if extractor is None:
        from stance.extract import extract_claims

        extractor = extract_claims
    claims = list(extractor(text, settings.mapping))
    if claims and embedder is None:
        embedder = default_embedder(backend, settings.pairing)
    plan = _plan(name, text, claims, settings, embedder)
    # One call for both directions, so the backend batches and dedupes across all of them.
    scored = score_directions(backend, plan.directions, batch_size=batch_size)
    return _finish(plan, scored, backend, settings)


def analyze_texts(
    articles: Sequence[tuple[str, str]],
    backend: NLIBackend,
    config: AnalyzeSettings | Mapping[str, Any],
    *,
    embedder: Embedder | None = None,
    min_relevance: float | None = None,
    batch_size: int = 32,
) -> list[AnalysisResult | NoClaimsError]:
    """Analyze many ``(name, text)`` articles together, each with the result ``analyze_text``
    gives it alone (an article without claims gets its NoClaimsError in its place).

    The articles are parsed in one ``nlp.pipe`` run. When the backend's scores do not depend on
    which rows share a batch (``ModelInfo.batch_invariant``: the ONNX backend), the NLI inputs
    of all of them go to it in one call, so the model sees full batches even when each article
    has only a few pairs; otherwise each article's inputs go in a call of their own.
    """
    from stance.extract import extract_claims, parse_articles

    settings = _resolve(config, min_relevance, backend)
    docs = parse_articles([text for _, text in articles], settings.mapping)
    plans: list[_Plan | NoClaimsError] = []
    for (name, text), doc in zip(articles, docs, strict=True):
        claims = extract_claims(text, settings.mapping, doc=doc)
        if claims and embedder is None:
            embedder = default_embedder(backend, settings.pairing)
        try:
            plans.append(_plan(name, text, claims, settings, embedder))
        except NoClaimsError as exc:
            plans.append(exc)
    ready = [plan for plan in plans if isinstance(plan, _Plan)]
    if backend.info.batch_invariant:
        flat = [d for plan in ready for d in plan.directions]
        scored = score_directions(backend, flat, batch_size=batch_size)
    else:
        scored = [
            d
            for plan in ready
            for d in score_directions(backend, plan.directions, batch_size=batch_size)
        ]
    out: list[AnalysisResult | NoClaimsError] = []
    row = 0
    for plan in plans:
        if isinstance(plan, NoClaimsError):
            out.append(plan)
            continue
        out.append(_finish(plan, scored[row : row + len(plan.directions)], backend, settings))
        row += len(plan.directions)
    return out


def analysis_schema() -> dict[str, Any]:
    """The JSON Schema every `to_dict()` document validates against."""
    from importlib.resources import files

    schema: dict[str, Any] = json.loads(
        files("stance").joinpath("schemas/analyze.schema.json").read_text("utf-8")
    )
    return schema


class _CallableModule(types.ModuleType):
    """This module, callable as ``stance.analyze(text, model=None, config=None)``."""

    def __call__(
        self,
        text: str,
        model: ModelLike = None,
        config: AnalyzeSettings | str | Path | Mapping[str, Any] | None = None,
        *,
        name: str = "<text>",
    ) -> AnalysisResult:
        from stance.api import analyze

        return analyze(text, model, config, name=name)


sys.modules[__name__].__class__ = _CallableModule
