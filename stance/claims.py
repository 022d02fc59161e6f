"""The data that flows through the analyze pipeline: claims, pairs, judged pairs."""

from __future__ import annotations

from dataclasses import dataclass, field

# A claim's party_reason when nothing ties its speaker to a side: a party of its own.
UNAFFILIATED = "no evidence of affiliation"


@dataclass(frozen=True)
class Claim:
    """One attributed claim: who said it, their party, and where it is in the article."""

    id: str
    speaker: str  # canonical speaker name
    party: str
    cue: str  # the reporting expression: "said", "according to", "ruled out", a quote mark …
    text: str  # article[start:end]
    start: int
    end: int
    mention: str = ""  # the speaker as written at this claim
    # why the speaker is on its party ("spokesman for the NHL", "Iran: “Iranian officials”",
    # "--party"); UNAFFILIATED when nothing ties the speaker to a side
    party_reason: str = ""


@dataclass(frozen=True)
class ClaimPair:
    a: Claim
    b: Claim
    relevance: float


@dataclass(frozen=True)
class JudgedPair:
    a: Claim
    b: Claim
    verdict: str  # "contradict" | "agree" | "unrelated"
    ab: dict[str, float]  # entailment / neutral / contradiction, a as premise
    ba: dict[str, float]
    relevance: float = 0.0
    evidence: dict[str, object] = field(default_factory=dict)
    tier: str | None = None  # "flag" | "possible" for contradict/agree; None for unrelated
