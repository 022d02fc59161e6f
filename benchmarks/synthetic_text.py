"""Synthetic news-like sentences for the batch benchmarks: the same words, a seeded generator."""

from __future__ import annotations

import random

WORDS = [
    "the", "a", "government", "minister", "said", "talks", "would", "resume", "next", "week",
    "while", "critics", "argued", "that", "new", "sanctions", "on", "oil", "exports", "will",
    "not", "change", "anything", "and", "officials", "denied", "any", "plan", "to", "raise",
    "taxes", "before", "election", "but", "report", "found", "rising", "prices", "in", "most",
]


def sentence(rng: random.Random, k: int, words: list[str] = WORDS) -> str:
    """``k`` words drawn from ``words``, capitalised, with a full stop."""
    return " ".join(rng.choice(words) for _ in range(k)).capitalize() + "."
