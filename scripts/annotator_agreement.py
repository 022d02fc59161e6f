"""How far two people annotating the same news article agree, with the scorer the program meets.

    python scripts/annotator_agreement.py [--json]

``seeds/news_dev/second/`` holds a second, independent annotation of some news_dev articles:
made blind to the first (the annotators saw neither each other's work nor the program's output),
with the same annotation rules and template. Each second annotation is scored against the first
exactly as the program is (``stance.extract.scoring.score_statements``: a span covering at least
half of a gold span finds it, one to one; the speaker must be the same name; sides are compared
as pairs), in both directions, and the program's claims are scored against each annotation.
Pooled over the articles, this bounds what the attribution targets can ask of any reader: a
careful second person is the ceiling the scorer can show on fresh text. No NLI model is needed.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from stance.config import load_analyze_config
from stance.extract import extract_claims
from stance.extract.scoring import pool_statement_scores, score_statements

NEWS_DEV = Path(__file__).resolve().parents[1] / "seeds" / "news_dev"
SECOND = NEWS_DEV / "second"


def as_prediction(claims: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """An annotation's statements in the shape of predicted claims: its side is the party."""
    return [{**c, "party": c.get("side") or c.get("party") or c["speaker"]} for c in claims]


def with_sides(claims: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """An annotation's statements as gold: ``side`` defaults to the party, as in scoring."""
    return [{**c, "side": c.get("side") or c.get("party")} for c in claims]


def paired_annotations(
    first_dir: Path = NEWS_DEV, second_dir: Path = SECOND
) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(article text, first annotation, second annotation) for each doubly annotated article."""
    out = []
    for second_path in sorted(second_dir.glob("*.claims.json")):
        first_path = first_dir / second_path.name
        if not first_path.is_file():
            raise FileNotFoundError(f"{second_path}: no first annotation {first_path}")
        first = json.loads(first_path.read_text(encoding="utf-8"))
        second = json.loads(second_path.read_text(encoding="utf-8"))
        text = (first_dir / first["article"]).read_text(encoding="utf-8")
        for name, ann in (("first", first), ("second", second)):
            for c in ann["claims"]:
                if text[c["start"] : c["end"]] != c["text"]:
                    raise ValueError(
                        f"{second_path.name}: the {name} annotation's {c['id']} is not the "
                        "article's text at its offsets"
                    )
        out.append((text, first, second))
    return out


def human_agreement(
    pairs: Sequence[tuple[str, Mapping[str, Any], Mapping[str, Any]]],
) -> dict[str, dict[str, Any]]:
    """Pooled scores of the second annotation against the first and of the first against the
    second (the scorer is not symmetric: a span must cover half of the *gold* span)."""
    forward, backward = [], []
    for _text, first, second in pairs:
        a, b = with_sides(first["claims"]), with_sides(second["claims"])
        forward.append(score_statements(as_prediction(b), a))
        backward.append(score_statements(as_prediction(a), b))
    return {
        "second vs first": pool_statement_scores(forward),
        "first vs second": pool_statement_scores(backward),
    }


def program_agreement(
    pairs: Sequence[tuple[str, Mapping[str, Any], Mapping[str, Any]]],
    config: dict[str, Any] | None = None,
) -> dict[str, dict[str, Any]]:
    """Pooled scores of the program's claims against the first and against the second
    annotation."""
    config = load_analyze_config() if config is None else config
    vs_first, vs_second = [], []
    for text, first, second in pairs:
        program = extract_claims(text, config)
        vs_first.append(score_statements(program, with_sides(first["claims"])))
        vs_second.append(score_statements(program, with_sides(second["claims"])))
    return {
        "program vs first": pool_statement_scores(vs_first),
        "program vs second": pool_statement_scores(vs_second),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print everything as JSON")
    args = parser.parse_args()
    pairs = paired_annotations()
    result = {**human_agreement(pairs), **program_agreement(pairs)}
    if args.json:
        print(json.dumps({"articles": len(pairs), **result}, indent=2, ensure_ascii=False))
        return
    print(f"{len(pairs)} articles annotated twice\n")
    print(f"{'':20}{'gold':>5}{'pred':>5}{'recall':>8}{'prec':>7}{'speaker':>9}{'side F1':>9}")
    for name, s in result.items():
        print(
            f"{name:20}{s['n_gold']:>5}{s['n_pred']:>5}{s['recall']:>8.3f}{s['precision']:>7.3f}"
            f"{s['speaker_accuracy']:>9.3f}{s['side_f1']:>9.3f}"
        )


if __name__ == "__main__":
    main()
