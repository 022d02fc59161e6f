"""Draw the next fresh check split of FNC-1 train bodies for `seeds/news_dev/` (issue 26).

    python scripts/draw_news_split.py --seed 31 --previous 0147,0365,0716,1305,1648,1651,1884,2418

The recipe every round since round 20 used, with round 27's near-copy filter:
- a body of 250-900 words (``--words``; 150-1,200 from round 53, when the narrower pool held
  two stories) with at least four occurrences of said/says/told/according to/
  reported/stated/claimed/denied/added/confirmed and a quotation mark;
- on a story an annotated body shares (stories: bodies joined through the headlines FNC-1 pairs
  them with as agree, disagree or discuss; its "unrelated" pairs are random), none on a story of
  the previous check (``--previous``);
- not annotated, not in the fixed sample of 300 unseen bodies that rules are diffed on, and no
  near-copy of an annotated body or of another body drawn (the share of the shorter body's
  5-word shingles the other also has, under 0.3);
- one body per story: a seeded sample of the stories (sorted by their key), then a seeded choice
  among each story's bodies.

The fixed sample of 300 is ``seeds/news_dev/unseen_sample_300.json``. Reads
``../shared/data/fnc-1`` and ``seeds/news_dev``; prints the ids, nothing else changes.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FNC1 = REPO.parent / "shared" / "data" / "fnc-1"
NEWS_DEV = REPO / "seeds" / "news_dev"

_CUES = r"\b(?:said|says|told|according to|reported|stated|claimed|denied|added|confirmed)\b"
NEAR_COPY = 0.3


def bodies(folder: Path = FNC1) -> dict[int, str]:
    with (folder / "train_bodies.csv").open(newline="", encoding="utf-8") as f:
        return {int(r["Body ID"]): r["articleBody"] for r in csv.DictReader(f)}


def annotated(folder: Path = NEWS_DEV) -> set[int]:
    return {int(p.name[5:9]) for p in folder.glob("fnc1_*.claims.json")}


def stories(folder: Path = FNC1) -> Callable[[int], tuple[str, object]]:
    """Body id -> its story's key (union-find over bodies and their related headlines)."""
    parent: dict[tuple[str, object], tuple[str, object]] = {}

    def find(x: tuple[str, object]) -> tuple[str, object]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with (folder / "train_stances.csv").open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["Stance"] != "unrelated":
                a, b = find(("b", int(r["Body ID"]))), find(("h", r["Headline"]))
                if a != b:
                    parent[a] = b
    return lambda body: find(("b", body))


def unseen_sample(folder: Path = NEWS_DEV) -> list[int]:
    """The fixed sample of 300 unseen bodies every rule is diffed on (``unseen_sample_300.json``:
    seed 2026 over the bodies of 150-1,200 words that no gold file held before round 18, sorted;
    round 18 annotated four of them, 0220, 1291, 1463 and 2234; every draw since leaves them
    out)."""
    return json.loads((folder / "unseen_sample_300.json").read_text(encoding="utf-8"))


def shingles(text: str) -> set[tuple[str, ...]]:
    words = text.lower().split()
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


def containment(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def has_shape(text: str, words: tuple[int, int] = (250, 900)) -> bool:
    return (
        words[0] <= len(text.split()) <= words[1]
        and len(re.findall(_CUES, text)) >= 4
        and any(q in text for q in '"“”')
    )


def draw(
    texts: Mapping[int, str],
    annotated_now: Collection[int],
    story: Callable[[int], object],
    unseen: Collection[int],
    previous: Collection[int],
    seed: int,
    size: int = 8,
    words: tuple[int, int] = (250, 900),
) -> list[int]:
    """The next check split's body ids (see the module docstring)."""
    done = set(annotated_now)
    shared = {story(i) for i in done}
    avoid = {story(i) for i in previous}
    marks = {i: shingles(texts[i]) for i in done}
    pool = []
    for i in sorted(texts):
        if i in done or i in unseen or not has_shape(texts[i], words):
            continue
        if story(i) not in shared or story(i) in avoid:
            continue
        mine = shingles(texts[i])
        if all(containment(mine, theirs) < NEAR_COPY for theirs in marks.values()):
            pool.append(i)
    by_story: dict[object, list[int]] = {}
    for i in pool:
        by_story.setdefault(story(i), []).append(i)
    rng = random.Random(seed)
    chosen: list[int] = []
    for key in rng.sample(sorted(by_story, key=str), len(by_story)):
        body = rng.choice(by_story[key])
        if all(containment(shingles(texts[body]), shingles(texts[c])) < NEAR_COPY for c in chosen):
            chosen.append(body)
        if len(chosen) == size:
            break
    return sorted(chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True, help="the round's number, by habit")
    parser.add_argument(
        "--previous", required=True, help="the previous check's body ids, comma-separated"
    )
    parser.add_argument("--size", type=int, default=8, help="bodies to draw (default 8)")
    parser.add_argument(
        "--words",
        default="250-900",
        help="body length in words, LO-HI (default 250-900; round 53 on: 150-1200)",
    )
    args = parser.parse_args()
    lo, _, hi = args.words.partition("-")
    if not (lo.isdigit() and hi.isdigit() and int(lo) <= int(hi)):
        parser.error(f"--words: expected LO-HI, e.g. 150-1200, not {args.words!r}")
    previous = [int(x) for x in args.previous.split(",") if x.strip()]
    texts = bodies()
    done = annotated()
    unseen = unseen_sample()
    chosen = draw(
        texts, done, stories(), unseen, previous, args.seed, args.size, (int(lo), int(hi))
    )
    print(" ".join(f"{i:04d}" for i in chosen))


if __name__ == "__main__":
    main()
