"""The analyze pipeline for one article: claims → cross-party pairs → NLI both ways → verdicts.

`analyze_text` is the library entry point; the CLI only reads articles and prints results.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from stance.aggregate import Thresholds
from stance.claims import Claim, JudgedPair
from stance.errors import StanceError
from stance.infer.backend import NLIBackend
from stance.judge import Unit, claim_units, judge, max_sentences_from_config, score_directions
from stance.pair import Embedder, PairingSettings, pair_claims

Extractor = Callable[[str, Mapping[str, Any]], list[Claim]]

# Probabilities are written with this many decimals: enough to compare with the thresholds,
# few enough to read.
_DECIMALS = 4


class NoClaimsError(StanceError):
    """The article has no attributed claims, so there is nothing to compare."""


@dataclass
class AnalysisResult:
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

    def flagged(self) -> list[JudgedPair]:
        return [p for p in self.pairs if p.verdict != "unrelated"]

    def to_dict(self) -> dict[str, object]:
        """The documented JSON document (stance/schemas/analyze.schema.json)."""
        return {
            "article": self.article,
            "source": self.source,
            "claims": [_claim_dict(c) for c in self.claims],
            "parties": [{"name": k, "speakers": v} for k, v in self.parties().items()],
            "pairs": [_pair_dict(p) for p in self.pairs],
            "dropped_pairs": self.dropped_pairs,
            "candidate_pairs": self.candidate_pairs,
            "capped_pairs": self.capped_pairs,
            "pairing": {
                "relevance": self.pairing.relevance,
                "min_relevance": self.pairing.min_relevance,
                "max_partners": self.pairing.max_partners,
            },
            "thresholds": {
                "contradiction": self.thresholds.contradiction,
                "entailment": self.thresholds.entailment,
                "agree_max_contradiction": self.thresholds.agree_max_contradiction,
            },
            "model": dict(self.model),
        }

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


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
        "ab": {k: round(v, _DECIMALS) for k, v in p.ab.items()},
        "ba": {k: round(v, _DECIMALS) for k, v in p.ba.items()},
        "relevance": p.relevance,
        "evidence": p.evidence,
    }


def settings_from_config(
    config: Mapping[str, Any], min_relevance: float | None = None
) -> tuple[PairingSettings, Thresholds]:
    """The pairing and verdict settings of an analyze config (missing sections → defaults)."""
    # Not returned (analyze_text reads it itself), but checked with the rest so that callers
    # validating a config before loading a model catch a bad value too.
    max_sentences_from_config(config.get("judging"))
    return (
        PairingSettings.from_config(config.get("pairing"), min_relevance),
        Thresholds.from_config(config.get("verdict")),
    )


def default_embedder(backend: NLIBackend, pairing: PairingSettings) -> Embedder | None:
    """The process's relevance embedder for ``backend``, or None when pairing needs none.

    The ONNX embedder beside an ONNX backend, so that the whole run needs no torch.
    """
    if pairing.relevance != "embedding":
        return None
    from stance.embed import get_embedder

    return get_embedder(backend=getattr(backend.info, "backend", "torch"))


def analyze_text(
    text: str,
    backend: NLIBackend,
    config: Mapping[str, Any],
    *,
    name: str = "<text>",
    embedder: Embedder | None = None,
    extractor: Extractor | None = None,
    min_relevance: float | None = None,
    batch_size: int = 32,
) -> AnalysisResult:
    """Analyze one article. Raises NoClaimsError when no attributed claim is found.

    ``extractor`` defaults to `stance.extract.extract_claims`; ``embedder`` to the installed
    all-MiniLM-L6-v2 (loaded once per process, only when the config asks for embeddings), run
    through ONNX Runtime when the backend is onnx and the exported embedder is shipped.
    """
    pairing, thresholds = settings_from_config(config, min_relevance)
    if extractor is None:
        from stance.extract import extract_claims as extractor
    claims = list(extractor(text, config))
    if not claims:
        raise NoClaimsError(f"{name}: no attributed claims found (nothing said by a named source)")
    if embedder is None:
        embedder = default_embedder(backend, pairing)
    paired = pair_claims(claims, pairing, embedder)
    max_sentences = max_sentences_from_config(config.get("judging"))
    units = {c: claim_units(text, Unit(c.text, c.start, c.end), max_sentences) for c in claims}
    ab = [(units[p.a], units[p.b]) for p in paired.pairs]
    ba = [(h, p) for p, h in ab]
    # One call for both directions, so the backend batches and dedupes across all of them.
    scored = score_directions(backend, ab + ba, batch_size=batch_size)
    judged: list[JudgedPair] = []
    for k, pair in enumerate(paired.pairs):
        there, back = scored[k], scored[len(ab) + k]
        verdict, evidence = judge(there, back, thresholds)
        judged.append(
            JudgedPair(pair.a, pair.b, verdict, there.shown(verdict), back.shown(verdict),
                       pair.relevance, evidence)
        )
    return AnalysisResult(
        source=name,
        article=text,
        claims=claims,
        pairs=judged,
        dropped_pairs=paired.dropped,
        candidate_pairs=paired.candidates,
        capped_pairs=paired.capped,
        model=backend.info.as_dict(),
        pairing=pairing,
        thresholds=thresholds,
    )


def analysis_schema() -> dict[str, Any]:
    """The JSON Schema every `to_dict()` document validates against."""
    from importlib.resources import files

    return json.loads(files("stance").joinpath("schemas/analyze.schema.json").read_text("utf-8"))
