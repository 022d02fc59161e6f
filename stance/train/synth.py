"""Synthetic NLI pairs from plain sentences: lexical contradictions and weakly supervised pairs.

In the spirit of FactCC: a rule-based edit of a sentence makes a contradiction (negation,
antonym, number, date or entity swap), dropping a trailing clause makes an entailment, and a
different sentence on the same topic makes a neutral pair. Each generator is pure and seeded.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from stance.labels import CONTRADICTION, ENTAILMENT, NEUTRAL

AUXILIARIES = [
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "does",
    "do",
    "did",
    "may",
    "might",
    "must",
]
_NEG_CONTRACTIONS = {
    "isn't": "is",
    "aren't": "are",
    "wasn't": "was",
    "weren't": "were",
    "hasn't": "has",
    "haven't": "have",
    "hadn't": "had",
    "won't": "will",
    "wouldn't": "would",
    "can't": "can",
    "couldn't": "could",
    "shouldn't": "should",
    "doesn't": "does",
    "don't": "do",
    "didn't": "did",
}
# Antonyms and co-hyponyms whose swap makes a sentence false in the same situation.
ANTONYMS: dict[str, str] = {}
for _a, _b in [
    ("increase", "decrease"),
    ("increased", "decreased"),
    ("rise", "fall"),
    ("rose", "fell"),
    ("win", "lose"),
    ("won", "lost"),
    ("accept", "reject"),
    ("accepted", "rejected"),
    ("open", "closed"),
    ("opened", "closed"),
    ("young", "old"),
    ("big", "small"),
    ("large", "small"),
    ("tall", "short"),
    ("long", "short"),
    ("happy", "sad"),
    ("hot", "cold"),
    ("wet", "dry"),
    ("full", "empty"),
    ("fast", "slow"),
    ("early", "late"),
    ("first", "last"),
    ("inside", "outside"),
    ("indoors", "outdoors"),
    ("up", "down"),
    ("before", "after"),
    ("above", "below"),
    ("more", "less"),
    ("many", "few"),
    ("always", "never"),
    ("agree", "disagree"),
    ("agreed", "disagreed"),
    ("support", "oppose"),
    ("supported", "opposed"),
    ("supports", "opposes"),
    ("allow", "forbid"),
    ("allowed", "banned"),
    ("approve", "reject"),
    ("approved", "rejected"),
    ("confirmed", "denied"),
    ("confirm", "deny"),
    ("admit", "deny"),
    ("admitted", "denied"),
    ("true", "false"),
    ("legal", "illegal"),
    ("success", "failure"),
    ("successful", "failed"),
    ("guilty", "innocent"),
    ("alive", "dead"),
    ("man", "woman"),
    ("men", "women"),
    ("boy", "girl"),
    ("boys", "girls"),
    ("dog", "cat"),
    ("dogs", "cats"),
    ("day", "night"),
    ("black", "white"),
    ("red", "blue"),
    ("sitting", "standing"),
    ("running", "sleeping"),
    ("walking", "sitting"),
    ("laughing", "crying"),
    ("buy", "sell"),
    ("bought", "sold"),
    ("north", "south"),
    ("east", "west"),
    ("cheap", "expensive"),
    ("rich", "poor"),
    ("strong", "weak"),
    ("safe", "dangerous"),
    ("higher", "lower"),
    ("largest", "smallest"),
    ("most", "least"),
    ("all", "none"),
    ("everyone", "no one"),
    ("arrived", "left"),
    ("started", "ended"),
    ("began", "ended"),
    ("cooperate", "refuse to cooperate"),
    ("included", "excluded"),
    ("include", "exclude"),
    ("friend", "enemy"),
    ("ally", "rival"),
    ("peace", "war"),
    ("victory", "defeat"),
    ("public", "private"),
    ("male", "female"),
]:
    ANTONYMS.setdefault(_a, _b)
    ANTONYMS.setdefault(_b, _a)

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_WORD = re.compile(r"\b[\w']+\b")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\w])")
_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_CAPITALIZED = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]{2,}\b")


def _match_case(template: str, word: str) -> str:
    return word.capitalize() if template[:1].isupper() else word


def negate(sentence: str, rng: random.Random) -> str | None:
    """Add or remove a negation on the first auxiliary (or 'not'/'no')."""
    tokens = sentence.split(" ")
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if low in _NEG_CONTRACTIONS:
            tokens[i] = _match_case(tok, _NEG_CONTRACTIONS[low])
            return " ".join(tokens)
        if low == "not" and i > 0:
            return " ".join(tokens[:i] + tokens[i + 1 :])
        if low in AUXILIARIES and i + 1 < len(tokens) and tokens[i + 1].lower() != "not":
            tokens.insert(i + 1, "not")
            return " ".join(tokens)
    # A simple present/past verb with no auxiliary: "X plays" -> "X does not play" is
    # morphology-heavy; fall back to a clausal negation instead.
    if rng.random() < 0.5 and len(tokens) > 3:
        return "It is not true that " + sentence[0].lower() + sentence[1:]
    return None


def swap_antonym(sentence: str, rng: random.Random) -> str | None:
    candidates = [m for m in _WORD.finditer(sentence) if m.group(0).lower() in ANTONYMS]
    if not candidates:
        return None
    m = rng.choice(candidates)
    repl = _match_case(m.group(0), ANTONYMS[m.group(0).lower()])
    return sentence[: m.start()] + repl + sentence[m.end() :]


def swap_number(sentence: str, rng: random.Random) -> str | None:
    matches = list(_NUMBER.finditer(sentence))
    if matches:
        m = rng.choice(matches)
        raw = m.group(0).replace(",", "")
        value = float(raw)
        factor = rng.choice([2, 3, 10, 0.5, 0.1])
        new = value * factor if value >= 2 else value + rng.randint(2, 9)
        text = f"{int(new):,}" if "." not in raw else f"{new:.1f}"
        if text == m.group(0):
            return None
        return sentence[: m.start()] + text + sentence[m.end() :]
    words = [m for m in _WORD.finditer(sentence) if m.group(0).lower() in _NUMBER_WORDS]
    if not words:
        return None
    m = rng.choice(words)
    choices = [w for w in _NUMBER_WORDS if w != m.group(0).lower()]
    repl = _match_case(m.group(0), rng.choice(choices))
    return sentence[: m.start()] + repl + sentence[m.end() :]


def swap_date(sentence: str, rng: random.Random) -> str | None:
    for names in (WEEKDAYS, MONTHS):
        found = [m for m in re.finditer(r"\b(" + "|".join(names) + r")\b", sentence)]
        if found:
            m = rng.choice(found)
            other = rng.choice([n for n in names if n != m.group(0)])
            return sentence[: m.start()] + other + sentence[m.end() :]
    years = list(re.finditer(r"\b(1[89]\d\d|20\d\d)\b", sentence))
    if years:
        m = rng.choice(years)
        new = str(int(m.group(0)) + rng.choice([-7, -3, -2, 2, 3, 6]))
        return sentence[: m.start()] + new + sentence[m.end() :]
    return None


def swap_entity(sentence: str, pool: list[str], rng: random.Random) -> str | None:
    """Replace a capitalised name with another name seen elsewhere in the corpus."""
    names = [m for m in _CAPITALIZED.finditer(sentence) if m.group(0) not in WEEKDAYS + MONTHS]
    if not names or not pool:
        return None
    m = rng.choice(names)
    other = rng.choice(pool)
    if other == m.group(0) or other in sentence:
        return None
    return sentence[: m.start()] + other + sentence[m.end() :]


def drop_clause(sentence: str) -> str | None:
    """Keep the main clause: cut a trailing ', which/who/while/as/after …' or a final PP."""
    m = re.search(
        r",\s+(?:which|who|while|as|after|before|because|although|when|where)\b", sentence
    )
    if m and m.start() > 20:
        return sentence[: m.start()].rstrip() + "."
    m = re.search(r"\s+(?:in|on|at|near|with|during|for)\s+[^,]+[.!?]?$", sentence)
    if m and m.start() > 20:
        return sentence[: m.start()].rstrip(" ,") + "."
    return None


CONTRADICTION_EDITS = ("negation", "antonym", "number", "date", "entity")


def contradiction_edit(sentence: str, kind: str, pool: list[str], rng: random.Random) -> str | None:
    if kind == "negation":
        return negate(sentence, rng)
    if kind == "antonym":
        return swap_antonym(sentence, rng)
    if kind == "number":
        return swap_number(sentence, rng)
    if kind == "date":
        return swap_date(sentence, rng)
    if kind == "entity":
        return swap_entity(sentence, pool, rng)
    raise ValueError(kind)


def name_pool(sentences: Iterable[str]) -> list[str]:
    """Capitalised words that never occur in lower case: names, not sentence-initial words."""
    sentences = list(sentences)
    lower = {w for s in sentences for w in _WORD.findall(s) if w.islower()}
    pool = {m.group(0) for s in sentences for m in _CAPITALIZED.finditer(s)}
    return sorted(w for w in pool - set(WEEKDAYS) - set(MONTHS) if w.lower() not in lower)


def lexical_pairs(
    sentences: list[str],
    n: int,
    seed: int,
    kinds: tuple[str, ...] = CONTRADICTION_EDITS,
    entail_share: float = 0.3,
) -> list[dict[str, str]]:
    """About ``n`` pairs: contradictions by edit kind (balanced), plus clause-drop entailments.

    The entailments keep the model from learning "high overlap with one change = contradiction".
    """
    rng = random.Random(seed)
    pool = name_pool(sentences)
    order = list(range(len(sentences)))
    rng.shuffle(order)
    out: list[dict[str, str]] = []
    n_contra = int(n * (1 - entail_share))
    per_kind = {k: n_contra // len(kinds) for k in kinds}
    n_entail = n - n_contra
    for i in order:
        s = sentences[i]
        if len(s) < 25 or len(s) > 400:
            continue
        kind = rng.choice(kinds)
        if per_kind.get(kind, 0) > 0:
            edited = contradiction_edit(s, kind, pool, rng)
            if edited and edited != s:
                per_kind[kind] -= 1
                first, second = (s, edited) if rng.random() < 0.5 else (edited, s)
                out.append(
                    {"premise": first, "hypothesis": second, "label": CONTRADICTION, "edit": kind}
                )
                continue
        if n_entail > 0:
            shorter = drop_clause(s)
            if shorter and shorter != s:
                n_entail -= 1
                out.append(
                    {
                        "premise": s,
                        "hypothesis": shorter,
                        "label": ENTAILMENT,
                        "edit": "drop_clause",
                    }
                )
        if n_entail <= 0 and all(v <= 0 for v in per_kind.values()):
            break
    return out


def topic_neutral_pairs(docs: list[list[str]], n: int, seed: int) -> list[dict[str, str]]:
    """Two sentences from one article: related, and mostly neither entailed nor denied."""
    rng = random.Random(seed)
    usable = [d for d in docs if len(d) >= 4]
    out: list[dict[str, str]] = []
    attempts = 0
    while len(out) < n and usable and attempts < n * 10:
        attempts += 1
        doc = rng.choice(usable)
        a, b = rng.sample(range(len(doc)), 2)
        if abs(a - b) < 2:
            continue
        out.append(
            {"premise": doc[a], "hypothesis": doc[b], "label": NEUTRAL, "edit": "same_topic"}
        )
    return out
