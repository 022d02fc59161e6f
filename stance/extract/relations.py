"""Who replies to whom and who stands with whom, read from the parse.

These are side evidence that is not an affiliation written in the text:
- oppositions: "X denied Y's claim", "X rejected reports by Y", "X responded to Y" put X and Y
  on different sides unless the text ties them together;
- alliances: "X agreed (with Y)", "X echoed Y's concerns", "X confirmed the Post report", two
  speakers who make one statement together ("Mayor de Blasio and Commissioner Bratton
  announced …"), and a document a speaker cites ("according to a preliminary investigation,
  Chief Belmar said") put X and Y on one side when nothing else places them.

Phrases are returned as written; ``stance.extract.parties`` matches them to speakers.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from stance.extract.lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# "confirmed the accuracy of the Post report": the words whose truth is confirmed
_TRUTH_NOUNS = frozenset(["accuracy", "truth", "substance", "gist", "thrust"])
# "X and Y accused each other": a reciprocal object is no joint statement
_RECIPROCAL = re.compile(r"\b(?:each other|one another)\b", re.IGNORECASE)
# What an agreeing verb takes when it agrees to something, not with someone ("agreed to pay",
# "agreed on a deal", "agreed a truce")
_PACT_DEPS = frozenset({"xcomp", "prep", "dobj", "dative"})
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Alliance:
    """``member`` stands with ``other`` (None: whoever spoke last before ``at``), as ``how``
    says ("agreed with", "spoke together with", "confirmed the words of")."""

    member: str
    other: str | None
    at: int  # character offset of the verb
    how: str


def _phrase(token: Token) -> str:
    """The name phrase a token heads: its compounds and modifiers among the four words before
    it, without a determiner."""
    doc = token.doc
    parts = [
        t
        for t in doc[max(0, token.i - 4) : token.i]
        if t.dep_ in ("compound", "flat", "amod") and _governed_by(t, token)
    ]
    return " ".join(t.text for t in [*parts, token])


def _governed_by(token: Token, head: Token) -> bool:
    """Whether ``head`` is among the token's first few heads (cheaper than a subtree)."""
    for _ in range(5):
        if token.head == head:
            return True
        if token.head == token:
            return False
        token = token.head
    return False


def _owner(noun: Token, compound: bool = True) -> Token | None:
    """Whose words a noun is: "Y's claim", "reports by Y", and with ``compound`` "the Y
    report"."""
    for c in noun.children:
        if c.dep_ == "poss" or (compound and c.dep_ == "compound" and c.pos_ == "PROPN"):
            return c
        if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
            obj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def _other_side(verb: Token, lex: Lexicon) -> Token | None:
    """Whose words the reply verb answers: "Y's claim", "reports by Y", "to Y", or Y itself."""
    for child in verb.children:
        if child.dep_ == "dobj":
            if child.lemma_.lower() in lex.opposition_objects:
                return _owner(child, compound=False)
            if child.pos_ == "PROPN":
                return child  # "X accused Y", "X slammed Y"
        if child.dep_ == "prep" and child.lower_ == "to" and verb.lemma_ in ("respond", "reply"):
            return next((p for p in child.children if p.dep_ == "pobj"), None)
    return None


def _tokens(doc: Doc, words: Collection[str], attr: str = "LEMMA") -> list[Token]:
    """The tokens whose lemma (or ``attr``) is one of ``words``, found on the doc's arrays
    rather than by making a Token object of every word: the text may be long."""
    from spacy.attrs import IDS

    hashes = {doc.vocab.strings.add(w) for w in words}
    values = doc.to_array([IDS[attr]])
    return [doc[int(i)] for i in np.flatnonzero(np.isin(values, list(hashes)))]


def _subject(verb: Token) -> Token | None:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ == "conj":
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return subject


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def find_oppositions(doc: Doc, lex: Lexicon) -> list[tuple[str, str]]:
    """(X, Y) for every "X denied Y's claim"-like reply in the parse, as written."""
    out: list[tuple[str, str]] = []
    for verb in _tokens(doc, lex.opposition_lemmas):
        if verb.pos_ != "VERB":
            continue
        if _negated(verb):
            continue
        subject = _subject(verb)
        other = _other_side(verb, lex)
        if subject is None or other is None or subject.pos_ == "PRON" or other.pos_ == "PRON":
            continue
        out.append((_phrase(subject), _phrase(other)))
    return out


def _agreed_with(verb: Token, lex: Lexicon) -> tuple[bool, Token | None]:
    """Whether the verb says its subject agrees with someone, and with whom (None: with the
    last speaker): "agreed with Y", "echoed Y's concerns", "confirmed the accuracy of the Y
    report", a bare "agreed"."""
    lemma = verb.lemma_.lower()
    deps = {c.dep_ for c in verb.children}
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "with" and lemma in lex.agreement_lemmas:
            obj = next((p for p in child.children if p.dep_ == "pobj"), None)
            return obj is not None, obj
        if child.dep_ == "dobj":
            noun = child
            if noun.lemma_.lower() in _TRUTH_NOUNS:
                noun = next(
                    (
                        p
                        for c in noun.children
                        if c.dep_ == "prep" and c.lower_ == "of"
                        for p in c.children
                        if p.dep_ == "pobj"
                    ),
                    noun,
                )
            if noun.lemma_.lower() in lex.agreement_objects:
                owner = _owner(noun)
                return owner is not None, owner
            if noun.pos_ == "PROPN" and lemma in lex.endorsement_lemmas:
                return True, noun  # "X backed Y"
            return False, None
    # a bare "agreed" (or "agreed that …"), not "agreed to pay" or "agreed on a deal"
    bare = lemma in lex.agreement_lemmas and not deps & _PACT_DEPS
    return bare, None


def _coordinated(subject: Token) -> list[str]:
    """The names a coordinated subject joins ("Mayor de Blasio and Police Commissioner Bill
    Bratton", "Incer and Lindley Johnson, an executive for …"), or [] for a single subject."""
    doc = subject.doc
    left = doc[subject.left_edge.i : subject.i + 1]
    names = [n for n in re.split(r"\s*,\s*|\s+and\s+", left.text) if n]
    names += [_phrase(c) for c in subject.conjuncts if c.pos_ == "PROPN" and c.i > subject.i]
    names = [_DETERMINER.sub("", n) for n in names]
    return names if len(names) > 1 else []


def _cited_documents(doc: Doc, lex: Lexicon) -> list[Alliance]:
    """ "…, according to a preliminary investigation, Police Chief Jon Belmar said": a document
    a speaker cites in their own statement speaks for the speaker's side."""
    out: list[Alliance] = []
    documents = lex.document_nouns | lex.cited_documents
    for token in _tokens(doc, ["according"], "LOWER"):
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if source is None or source.lemma_.lower() not in documents:
            continue
        verb = next(
            (
                a
                for a in token.ancestors
                if a.pos_ == "VERB"
                and a.lemma_.lower() in lex.speech_lemmas
                and any(c.dep_ == "nsubj" and c.pos_ != "PRON" for c in a.children)
            ),
            None,
        )
        if verb is None:
            continue
        speaker = next(c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "PRON")
        out.append(Alliance(_phrase(source), _phrase(speaker), token.idx, "cited by"))
    return out


def find_alliances(doc: Doc, lex: Lexicon) -> list[Alliance]:
    """Every "X agreed (with Y)"-like agreement, every statement two speakers make together and
    every document a speaker cites, in the parse, as written (see the module docstring)."""
    out: list[Alliance] = _cited_documents(doc, lex)
    reporting = lex.speech_lemmas | lex.stance_lemmas
    agreeing = lex.agreement_lemmas | lex.endorsement_lemmas
    for verb in _tokens(doc, agreeing | reporting):
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or (lemma not in agreeing and verb.dep_ == "conj"):
            continue
        if _negated(verb):
            continue
        subject = _subject(verb)
        if subject is None or subject.pos_ == "PRON":
            continue
        names = _coordinated(subject)
        if lemma in agreeing and not names:
            # ("X and Y agreed that …" agree with each other: a joint statement, below)
            agrees, other = _agreed_with(verb, lex)
            if agrees and (other is None or other.pos_ != "PRON"):
                how = (
                    "agreed with" if lemma in lex.agreement_lemmas else f"{verb.text} the words of"
                )
                out.append(
                    Alliance(
                        _phrase(subject), None if other is None else _phrase(other), verb.idx, how
                    )
                )
                continue
        # "X and Y agreed that …" is a joint statement; "agreed to a truce" or "on a deal" is a
        # pact between sides, which says nothing of who is on which
        pact = {c.dep_ for c in verb.children} & _PACT_DEPS
        if lemma in agreeing and lemma not in reporting and pact:
            continue
        joint = names and verb.dep_ != "conj"
        if joint and not _RECIPROCAL.search(doc[verb.i : verb.right_edge.i + 1].text):
            out += [Alliance(names[0], n, verb.idx, "spoke together with") for n in names[1:]]
    return out
