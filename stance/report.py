"""The readable report of `stance analyze`: speakers by party, then each flagged pair."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from stance.analyze import AnalysisResult
from stance.claims import Claim, JudgedPair
from stance.labels import NLI_LABELS

_VERDICT_STYLE = {"contradict": "bold red", "agree": "bold green", "unrelated": "dim"}
# Shown when nothing is flagged: a reader can still check the pairs the model found most
# contradictory, and see how far below the threshold they fell.
CLOSEST_CALLS = 3


def render_report(result: AnalysisResult) -> RenderableType:
    """Everything the report shows for one article, as one rich renderable."""
    parts: list[RenderableType] = [
        Rule(Text(result.source, style="bold")),
        _speakers_table(result),
        Text(summary(result)),
    ]
    shown, closest = pairs_to_show(result)
    if closest:
        parts.append(Text(nothing_flagged(result), style="italic"))
        parts.append(Text(f"The {len(shown)} judged pairs closest to a contradiction, for "
                          "reading:", style="dim"))
    elif not shown:
        parts.append(Text(nothing_flagged(result), style="italic"))
    parts += [_pair_panel(n, p) for n, p in enumerate(shown, start=1)]
    return Group(*parts)


def pairs_to_show(result: AnalysisResult) -> tuple[list[JudgedPair], bool]:
    """The pairs a reader sees, and whether they are the closest calls rather than findings.

    Contradictions first, then agreements, the clearest first: they are what a reader looks for.
    When nothing is flagged, the pairs nearest to a contradiction, so a reader can still check
    them and see how far below the threshold they fell.
    """
    flagged = sorted(
        result.flagged(),
        key=lambda p: (p.verdict != "contradict", -float(p.evidence.get("score") or 0.0)),
    )
    if flagged:
        return flagged, False
    closest = closest_calls(result.pairs)
    return closest, bool(closest)


def closest_calls(pairs: list[JudgedPair], k: int = CLOSEST_CALLS) -> list[JudgedPair]:
    """The k pairs with the highest P(contradiction) in either direction."""
    return sorted(pairs, key=lambda p: -max(p.ab["contradiction"], p.ba["contradiction"]))[:k]


def _speakers_table(result: AnalysisResult) -> Table:
    counts: dict[str, int] = {}
    for claim in result.claims:
        counts[claim.speaker] = counts.get(claim.speaker, 0) + 1
    table = Table(title="Speakers and their parties", title_justify="left", expand=False)
    table.add_column("Party", style="bold")
    table.add_column("Speaker")
    table.add_column("Claims", justify="right")
    table.add_column("Why", style="dim")
    for party, reasons in result.party_reasons().items():
        for k, (speaker, reason) in enumerate(reasons.items()):
            name = (party or "(none)") if k == 0 else ""
            table.add_row(name, speaker, str(counts[speaker]), reason)
        table.add_section()
    return table


def summary(result: AnalysisResult) -> str:
    if result.candidate_pairs == 0:
        return f"{len(result.claims)} claims."
    judged = len(result.pairs)
    by_verdict = {v: sum(p.verdict == v for p in result.pairs) for v in _VERDICT_STYLE}
    measure = "embedding similarity" if result.pairing.relevance == "embedding" else "word overlap"
    capped = (
        f", {result.capped_pairs} beyond each claim's {result.pairing.max_partners} most "
        "relevant partners"
        if result.capped_pairs
        else ""
    )
    return (
        f"{len(result.claims)} claims; {result.candidate_pairs} cross-party pairs, "
        f"{result.dropped_pairs} dropped by the relevance filter "
        f"({measure} < {result.pairing.min_relevance:.2f}){capped}; {judged} judged: "
        f"{by_verdict['contradict']} contradict, {by_verdict['agree']} agree, "
        f"{by_verdict['unrelated']} unrelated."
    )


def nothing_flagged(result: AnalysisResult) -> str:
    if result.candidate_pairs == 0:
        parties = [p for p in result.parties() if p]
        if len(parties) <= 1:
            which = f" ({parties[0]})" if parties else ""
            return f"No cross-party pairs: every claim comes from one party{which}."
        return "No cross-party pairs."
    if not result.pairs:
        return "No cross-party pair passed the relevance filter."
    return "No agreement or contradiction found between the parties."


def _claim_line(label: str, claim: Claim) -> Text:
    line = Text(f"{label}  ", style="bold")
    line.append(claim.speaker, style="bold")
    line.append(f" ({claim.party}, {claim.cue}): ", style="dim")
    line.append(f"“{claim.text}”")
    return line


def _pair_panel(number: int, pair: JudgedPair) -> Panel:
    probs = Table(box=None, pad_edge=False, show_header=True, header_style="dim")
    probs.add_column("premise → hypothesis")
    for label in NLI_LABELS:
        probs.add_column(label, justify="right")
    for direction, values in (("A → B", pair.ab), ("B → A", pair.ba)):
        probs.add_row(direction, *(f"{values[label]:.3f}" for label in NLI_LABELS))
    style = _VERDICT_STYLE.get(pair.verdict, "")
    title = Text(f"{number}. {pair.verdict.upper()}", style=style)
    body: list[RenderableType] = [_claim_line("A", pair.a), _claim_line("B", pair.b), Text("")]
    body += _deciding_sentences(pair)
    body.append(probs)
    return Panel(
        Group(*body),
        title=title,
        title_align="left",
        subtitle=f"relevance {pair.relevance:.2f}",
        subtitle_align="right",
        border_style=style.replace("bold ", "") or None,
    )


def _deciding_sentences(pair: JudgedPair) -> list[RenderableType]:
    """The sentences that decided, when they are not the two whole claims (else nothing)."""
    premise, hypothesis = pair.evidence.get("premise"), pair.evidence.get("hypothesis")
    if not isinstance(premise, dict) or not isinstance(hypothesis, dict):
        return []
    ab = pair.evidence.get("direction") == "ab"
    sides = (("A", pair.a, premise), ("B", pair.b, hypothesis))
    if not ab:
        sides = (("B", pair.b, premise), ("A", pair.a, hypothesis))
    if all((span["start"], span["end"]) == (c.start, c.end) for _, c, span in sides):
        return []
    arrow = "A → B" if ab else "B → A"
    score = float(pair.evidence.get("score") or 0.0)  # type: ignore[arg-type]
    head = Text(f"Decided by ({arrow}, {pair.evidence.get('rule')} {score:.3f}):", style="dim")
    lines: list[RenderableType] = [head]
    for label, _, span in sides:
        line = Text(f"{label}  ", style="bold")
        line.append(f"“{span['text']}”")
        lines.append(line)
    lines.append(Text(""))
    return lines
