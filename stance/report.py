"""The readable report of `stance analyze`: speakers by party, the flags, then the possibles.

Flags (pairs above the high, precision-calibrated bar) are shown in full, one panel each; the
second tier, possible contradictions and agreements, follows in its own compact section, so a
reader sees at a glance which pairs are worth checking first.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from stance.aggregate import Thresholds
from stance.analyze import AnalysisResult
from stance.claims import Claim, JudgedPair
from stance.labels import NLI_LABELS

_VERDICT_STYLE = {"contradict": "bold red", "agree": "bold green", "unrelated": "dim"}
# Shown when no pair reached either tier: a reader can still check the pairs the model found
# most contradictory, and see how far below the bars they fell.
CLOSEST_CALLS = 3


@dataclass(frozen=True)
class Shown:
    """The pairs a reader sees, each list contradictions first, then the clearest first."""

    flags: list[JudgedPair]
    possible: list[JudgedPair]
    closest: list[JudgedPair]  # only when neither tier has a pair: the nearest calls

    def numbered(self) -> list[tuple[int, JudgedPair]]:
        """Every shown pair with its number: flags, then possibles (or the closest calls)."""
        return list(enumerate(self.flags + self.possible + self.closest, start=1))


def render_report(result: AnalysisResult) -> RenderableType:
    """Everything the report shows for one article, as one rich renderable."""
    parts: list[RenderableType] = [
        Rule(Text(result.source, style="bold")),
        _speakers_table(result),
        Text(summary(result)),
    ]
    shown = pairs_to_show(result)
    numbers = dict((id(p), n) for n, p in shown.numbered())
    if not shown.flags:
        parts.append(Text(nothing_flagged(result), style="italic"))
    parts += [_pair_panel(numbers[id(p)], p) for p in shown.flags]
    if shown.possible:
        parts.append(Text(possible_heading(result), style="bold"))
        parts += [_possible_entry(numbers[id(p)], p) for p in shown.possible]
    if shown.closest:
        parts.append(
            Text(
                f"The {len(shown.closest)} judged pairs closest to a contradiction, for reading:",
                style="dim",
            )
        )
        parts += [_pair_panel(numbers[id(p)], p) for p in shown.closest]
    return Group(*parts)


def pairs_to_show(result: AnalysisResult) -> Shown:
    """The pairs a reader sees: the flags, then the possibles, each contradictions first and
    then the clearest first (what a reader looks for). When neither tier has a pair, the pairs
    nearest to a contradiction, so a reader can still check them and see how far below the
    bar they fell."""

    def ordered(pairs: list[JudgedPair]) -> list[JudgedPair]:
        return sorted(
            pairs,
            key=lambda p: (p.verdict != "contradict", -float(p.evidence.get("score") or 0.0)),
        )

    flags, possible = ordered(result.flagged()), ordered(result.possible())
    closest = [] if flags or possible else closest_calls(result.pairs)
    return Shown(flags, possible, closest)


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
    counts = result.verdicts()
    flags, possible = (
        counts["contradict"] + counts["agree"],
        (counts["possible_contradict"] + counts["possible_agree"]),
    )
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
        f"{flags} {'flag' if flags == 1 else 'flags'} ({counts['contradict']} contradict, "
        f"{counts['agree']} agree), {possible} possible ({counts['possible_contradict']} "
        f"contradict, {counts['possible_agree']} agree), {counts['unrelated']} unrelated."
    )


def flag_bars(t: Thresholds) -> str:
    return (
        f"P(contradiction) ≥ {t.contradiction:.2f}, or P(entailment) ≥ {t.entailment:.2f} "
        f"with P(contradiction) < {t.agree_max_contradiction:.2f}"
    )


def possible_bars(t: Thresholds) -> str:
    return (
        f"P(contradiction) ≥ {t.possible_contradiction:.2f}, or P(entailment) ≥ "
        f"{t.possible_entailment:.2f} with P(contradiction) < "
        # a possible agree is reached only below both contradiction bars (decide's order)
        f"{min(t.agree_max_contradiction, t.possible_contradiction, t.contradiction):.2f}"
    )


def possible_heading(result: AnalysisResult) -> str:
    n = len(result.possible())
    return (
        f"Possible contradictions and agreements ({n}): above the lower bar only "
        f"({possible_bars(result.thresholds)}); right less often than flags, for reading:"
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
    if result.possible():
        return f"No flag: no pair reached the high bar ({flag_bars(result.thresholds)})."
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


def _possible_entry(number: int, pair: JudgedPair) -> RenderableType:
    """A possible pair in three lines: verdict and deciding score, then the two claims."""
    head = Text(f"{number}. possible {pair.verdict}", style=_VERDICT_STYLE[pair.verdict])
    rule, score = pair.evidence.get("rule"), float(pair.evidence.get("score") or 0.0)  # type: ignore[arg-type]
    arrow = "A → B" if pair.evidence.get("direction") == "ab" else "B → A"
    head.append(f"  P({rule}) {score:.3f} {arrow}, relevance {pair.relevance:.2f}", style="dim")
    claims = Group(_claim_line("A", pair.a), _claim_line("B", pair.b))
    return Group(head, Padding(claims, (0, 0, 0, 3)))


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
