"""How much of the speaker figure is naming? A probe, not the scorer's rule.

    python scripts/speaker_naming_probe.py [--split dev|check] [--list]

``scoring.same_speaker`` counts a found statement's speaker right when the two names are equal,
or share their last word with one's words inside the other's ("Ortiz" ~ "Lena Ortiz"). A
described speaker written two ways fails it: the gold's "source" against "source with access to
North Korea's leadership", "Scotland Yard representative" against "representative from Scotland
Yard". This probe also compares the head phrases, the words before the first postmodifier
("with", "of", "from", "familiar", "linked", …), with the same rule, and reports both figures
and, with ``--list``, the statements only the head phrases match. It changes no score.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score_attribution import labelled_articles

from stance.config import load_analyze_config
from stance.extract import extract_claims
from stance.extract.scoring import _norm, same_speaker, score_statements

# Words that open a postmodifier of a speaker's head noun (or a parenthesis after it).
_POSTMODIFIER = frozenset(
    re.findall(r"\S+", "with of from for linked who familiar close at in on (also")
    + re.findall(r"\S+", "following briefed")
)


def head_phrase(name: str) -> list[str]:
    """The name's words before its first postmodifier, without articles."""
    words = [w for w in _norm(name) if w not in ("the", "a", "an")]
    out: list[str] = []
    for w in words:
        if out and w in _POSTMODIFIER:
            break
        out.append(w)
    return out


def same_head(a: str, b: str) -> bool:
    """``same_speaker``, or the same rule on the head phrases."""
    if same_speaker(a, b):
        return True
    ha, hb = head_phrase(a), head_phrase(b)
    return bool(ha and hb) and ha[-1] == hb[-1] and (set(ha) <= set(hb) or set(hb) <= set(ha))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", help="dev (default) or check")
    parser.add_argument("--list", action="store_true", help="list what only the heads match")
    args = parser.parse_args()
    config = load_analyze_config()
    found = strict = loose = 0
    only_heads: list[str] = []
    for split, text, gold in labelled_articles():
        if split != args.split:
            continue
        pred = extract_claims(text, config)
        for i, j in score_statements(pred, gold["claims"])["matches"]:
            ours, theirs = pred[i].speaker, gold["claims"][j]["speaker"]
            found += 1
            strict += same_speaker(ours, theirs)
            loose += same_head(ours, theirs)
            if same_head(ours, theirs) and not same_speaker(ours, theirs):
                only_heads.append(f"{gold['article']}: {ours!r} ~ {theirs!r}")
    if not found:
        raise SystemExit(f"no found statements in split {args.split!r}")
    print(
        f"{args.split}: {found} found statements; speaker right {strict / found:.3f} "
        f"(scorer), {loose / found:.3f} (same head phrase)"
    )
    if args.list:
        print("\n".join(only_heads))


if __name__ == "__main__":
    main()
