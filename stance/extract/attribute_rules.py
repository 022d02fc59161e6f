"""spaCy's attribute ruler, matched with array operations instead of its token-by-token Matcher.

en_core_web_sm's ``attribute_ruler`` maps each tag (and a few words, dependencies and two-word
sequences) to a part of speech, morphology and lemma. Its Matcher walks every token through
179 patterns one Python-visible state at a time; on a long article that is a sixth of the whole
parse. The patterns are simple (fixed length, no operators, a handful of attributes), so each
one is a boolean mask over the document's attribute arrays, and the matches (sorted as the
ruler sorts them: later rules win) are the same list the Matcher gives. ``compile_rules``
returns None for any pattern it does not know how to read, and the ruler keeps its Matcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

Match = tuple[int, int, int, int]  # (rule number, match id, start, end), as the ruler has them
_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_KNOWN_OPS = frozenset({"IN", "NOT_IN", "REGEX"})


def compile_rules(ruler: AttributeRuler) -> Callable[[Doc], list[Match]] | None:
    """A drop-in for ``ruler.match``, or None where a pattern uses what this module does not
    read (an operator, another attribute, a dict predicate other than IN/NOT_IN/REGEX)."""
    rules: list[tuple[int, int, list[list[dict[str, Any]]]]] = []
    for number, entry in enumerate(ruler.patterns):
        alternatives = entry["patterns"]
        if not all(_readable(tokens) for tokens in alternatives):
            return None
        match_id = ruler.vocab.strings[str(number)]
        rules.append((number, match_id, alternatives))
    strings = ruler.vocab.strings

    def match(doc: Doc) -> list[Match]:
        from spacy import attrs

        if not len(doc):
            return []
        columns = doc.to_array([getattr(attrs, name) for name in _ATTRS])
        arrays = {name: columns[:, k] for k, name in enumerate(_ATTRS)}
        masks: dict[tuple[str, str], np.ndarray] = {}
        out: list[Match] = []
        for number, match_id, alternatives in rules:
            seen: set[int] = set()
            for tokens in alternatives:
                for start in _starts(tokens, arrays, masks, strings):
                    if start not in seen:  # the Matcher reports a span once per rule
                        seen.add(start)
                        out.append((number, match_id, start, start + len(tokens)))
        out.sort()
        return out

    return match


def _readable(tokens: Sequence[Mapping[str, Any]]) -> bool:
    for token in tokens:
        for attr, value in token.items():
            if attr not in _ATTRS:
                return False
            if isinstance(value, dict) and not set(value) <= _KNOWN_OPS:
                return False
            if not isinstance(value, dict | str | bool):
                return False
    return bool(tokens)


def _starts(
    tokens: Sequence[Mapping[str, Any]],
    arrays: Mapping[str, np.ndarray],
    masks: dict[tuple[str, str], np.ndarray],
    strings: Any,
) -> list[int]:
    """Where a fixed-length pattern matches: the starts at which token j of the pattern holds
    at position start + j, for every j."""
    n = len(next(iter(arrays.values())))
    width = len(tokens)
    if width > n:
        return []
    hits = None
    for j, token in enumerate(tokens):
        mask = None
        for attr, value in token.items():
            key = (attr, repr(value))
            part = masks.get(key)
            if part is None:
                part = masks[key] = _mask(arrays[attr], value, strings)
            mask = part if mask is None else mask & part
        if mask is None:
            continue
        window = mask[j : n - width + 1 + j]
        hits = window if hits is None else hits & window
    if hits is None:
        return list(range(n - width + 1))
    return hits.nonzero()[0].tolist()


def _mask(column: np.ndarray, value: Any, strings: Any) -> np.ndarray:
    """Where a column holds ``value``: a string (its hash; "" is 0, unset), a bool (IS_SPACE),
    or a dict of IN / NOT_IN / REGEX predicates, all of which must hold."""
    import numpy as np

    if isinstance(value, bool):
        return column == int(value)
    if isinstance(value, str):
        return column == _hash(value, strings)
    mask = np.ones(len(column), dtype=bool)
    for op, arg in value.items():
        if op == "REGEX":
            pattern = re.compile(arg)
            found = [h for h in np.unique(column).tolist() if pattern.search(strings[h])]
            mask &= np.isin(column, np.array(found, dtype=column.dtype))
            continue
        hashes = np.array([_hash(v, strings) for v in arg], dtype=column.dtype)
        inside = np.isin(column, hashes)
        mask &= inside if op == "IN" else ~inside
    return mask


def _hash(value: str, strings: Any) -> int:
    return 0 if value == "" else int(strings[value])


def annotator(ruler: AttributeRuler) -> Callable[[Doc, list[Match]], None]:
    """A drop-in for ``ruler.set_annotations``: the same attributes set on the same tokens in
    the same order, without a Span built per match (a rule's index outside its match is the
    ruler's own error, so such a list goes to the ruler)."""
    from spacy.tokens._retokenize import set_token_attrs

    attrs, indices, original = ruler.attrs, ruler.indices, ruler.set_annotations

    def set_annotations(doc: Doc, matches: list[Match]) -> None:
        if any(not -(e - s) <= indices[rule] < e - s for rule, _m, s, e in matches):
            original(doc, matches)
            return
        for rule, _match_id, start, end in matches:
            index = indices[rule]
            set_token_attrs(doc[start + index if index >= 0 else end + index], attrs[rule])

    return set_annotations
