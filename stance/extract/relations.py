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
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stance.extract.lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# "confirmed the accuracy of the Post report": the words whose truth is confirmed
_TRUTH_NOUNS = frozenset(["accuracy", "truth", "substance", "gist", "thrust"])
# "X and Y accused each other": a reciprocal object is no joint statement
_RECIPROCAL = re.compile(r"\b(?:each other|one another)\b", re.IGNORECASE)
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
    """The name phrase a token heads: its compounds and possessor, without a determiner."""
    parts = [t for t in token.subtree if t.dep_ in ("compound", "flat", "amod") or t == token]
    parts = [t for t in parts if t.i <= token.i and t.i >= token.i - 4]
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))


def _owner(noun: Token) -> Token | None:
    """Whose words a noun is: "Y's claim", "the Y report", "reports by Y"."""
    for c in noun.children:
        if c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN"):
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
                for c in child.children:
                    if c.dep_ == "poss":
                        return c
                    if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
                        obj = next((p for p in c.children if p.dep_ == "pobj"), None)
                        if obj is not None:
                            return obj
                return None
            if child.pos_ == "PROPN":
                return child  # "X accused Y", "X slammed Y"
        if child.dep_ == "prep" and child.lower_ == "to" and verb.lemma_ in ("respond", "reply"):
            return next((p for p in child.children if p.dep_ == "pobj"), None)
    return None


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
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.opposition_lemmas:
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
                    (p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                     for p in c.children if p.dep_ == "pobj"),
                    noun,
                )
            if noun.lemma_.lower() in lex.agreement_objects:
                owner = _owner(noun)
                return owner is not None, owner
            if noun.pos_ == "PROPN" and lemma in lex.endorsement_lemmas:
                return True, noun  # "X backed Y"
            return False, None
    # a bare "agreed" (or "agreed that …"), not "agreed to pay" or "agreed on a deal"
    bare = lemma in lex.agreement_lemmas and not deps & {"xcomp", "prep", "dobj", "dative"}
    return bare, None


def _coordinated(subject: Token) -> list[str]:
    """The names a coordinated subject joins ("Mayor de Blasio and Police Commissioner Bill
    Bratton", "Incer and Lindley Johnson, an executive for …"), or [] for a single subject."""
    doc = subject.doc
    left = doc[subject.left_edge.i : subject.i + 1]
    names = [n for n in re.split(r"\s*,\s*|\s+and\s+", left.text) if n]
    names += [_phrase(c) for c in subject.conjuncts if c.i > subject.i and c.pos_ == "PROPN"]
    names = [_DETERMINER.sub("", n) for n in names]
    return names if len(names) > 1 else []


def _cited_documents(doc: Doc, lex: Lexicon) -> list[Alliance]:
    """ "…, according to a preliminary investigation, Police Chief Jon Belmar said": a document
    a speaker cites in their own statement speaks for the speaker's side."""
    out: list[Alliance] = []
    documents = lex.document_nouns | lex.cited_documents
    for token in doc:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if source is None or source.lemma_.lower() not in documents:
            continue
        verb = next(
            (a for a in token.ancestors if a.pos_ == "VERB" and a.lemma_.lower() in
             lex.speech_lemmas and any(c.dep_ == "nsubj" and c.pos_ != "PRON"
                                       for c in a.children)),
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
    for verb in doc:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or _negated(verb):
            continue
        subject = _subject(verb)
        if subject is None or subject.pos_ == "PRON":
            continue
        if lemma in lex.agreement_lemmas or lemma in lex.endorsement_lemmas:
            agrees, other = _agreed_with(verb, lex)
            if agrees and (other is None or other.pos_ != "PRON"):
                how = "agreed with" if lemma in ("agree", "concur") else f"{verb.text} the words of"
                out.append(Alliance(
                    _phrase(subject), None if other is None else _phrase(other), verb.idx, how
                ))
                continue
        if lemma in reporting and verb.dep_ != "conj":
            names = _coordinated(subject)
            if names and not _RECIPROCAL.search(doc[verb.i : verb.right_edge.i + 1].text):
                out += [Alliance(names[0], n, verb.idx, "spoke together with") for n in names[1:]]
    return out
