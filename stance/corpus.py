"""`stance analyze CORPUS`: every article of a JSONL/CSV/TSV/Parquet file, a folder of them or
a ``datasets`` dataset, analyzed one by one into one JSON document per article.

The articles are read by ``stance batch``'s readers (``stance.io.pair_input``) with an
``ArticleSpec`` instead of pair fields: the same formats, line numbers, ids and bad rows
(``file:line: field 'text': missing field``). With an output file the job keeps ``stance
batch``'s promises:

* **Input order, streaming.** Articles are analyzed and appended one at a time; only one
  article (and one line of an earlier output, on resume) is held in memory.
* **Resume.** Each document is appended as one whole line with one write and an fsync
  (``stance.io.jsonl_out``), and so is each bad row to ``OUT.rejects.jsonl`` under
  ``--skip-bad``. After a kill the output holds whole lines and at most one partial last line,
  which ``--resume`` drops; the line counts of the two files say which input rows are done, and
  the done documents are checked against the input (id and text) as it is re-read. Articles are
  analyzed in batches (``--articles-per-batch``: one ``nlp.pipe`` run and one NLI call for
  the batch), and each gets the document it gets alone, so a resumed run writes exactly the
  documents an uninterrupted run would, wherever the batches were cut.
* **One writer.** The job holds ``OUT.lock`` (``stance.io.output_lock``) from before it looks
  at OUT until it ends.
* **An article without attributed claims is a result, not an error**: its document has empty
  ``claims`` and ``pairs``. In a corpus such articles are common (wire briefs, sports results),
  and every input row must leave exactly one line behind for the line count to say where a
  resumed job starts. (A folder of ``.txt`` files keeps reporting them as errors.)
* **HTML columns.** With ``--text-html`` (``ArticleSpec.html``) the text field holds HTML
  pages: each row's article is the page's main text, extracted as from a ``.html`` file
  (``stance.io.html_article``), and its document records ``source_format`` and
  ``html_metadata`` as a page file's does. A page without article text is a bad row of the
  text field. Resume compares the done documents with the text extracted again.
* **Pages.** With ``--html DIR`` each article's page (``DIR/<id>.html``) is written before its
  document, so a document in OUT means its page is there; ``DIR/index.html`` is written at the
  end and lists every article of the output.
* **Summary.** At the end ``OUT.summary.json`` holds the totals of the whole output (articles,
  claims, pairs, flags, rejects), the same after a resume as after one uninterrupted run.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stance.aggregate import count_verdicts
from stance.errors import NoClaimsError, StanceError, UsageError
from stance.io.articles import ARTICLE_SUFFIXES, MAX_BYTES, provenance, with_provenance
from stance.io.html_article import HtmlPageError, extract_html
from stance.io.jsonl_out import JsonlAppender, iter_records, recover
from stance.io.output_lock import hold_output_lock
from stance.io.pair_input import (
    JSONL_SUFFIXES,
    SUPPORTED_SUFFIXES,
    BadRow,
    Source,
    _is_hf_saved,
    _text,
    count_rows,
    hf_dataset_source,
    iter_items,
    record_id,
)

if TYPE_CHECKING:
    from stance.analyze import AnalysisResult
    from stance.batch import ProgressHook
    from stance.html.render import IndexEntry
    from stance.infer.backend import NLIBackend
    from stance.settings import AnalyzeSettings

CORPUS_SUFFIXES = SUPPORTED_SUFFIXES  # .jsonl/.ndjson/.json, .csv, .tsv, .parquet/.pq
DEFAULT_TEXT_FIELD = "text"

CorpusSource = str | Path | Source


@dataclass(frozen=True)
class ArticleRecord:
    id: str
    text: str  # what is analyzed: for an HTML column, the page's extracted main text
    file: str
    line: int
    source_format: str = "text"  # "html" when ``text`` was extracted from an HTML column
    html_metadata: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """Where the article is in the input, as the document's ``source``."""
        return f"{self.file}:{self.line}"

    def provenance(self) -> dict[str, object]:
        """The document's fields saying where the text came from, as for a file."""
        return provenance(self.source_format, self.html_metadata)


@dataclass(frozen=True)
class ArticleSpec:
    """Which fields of a corpus row hold the article's text and id (a ``RowSpec``)."""

    text: str = DEFAULT_TEXT_FIELD
    id: str | None = None  # None: "id" when present, else FILE:LINE; a name given must exist
    # --text-html: the text field holds HTML pages, and the article is each page's main text.
    html: bool = False

    def resolve(self, columns: Iterable[str]) -> None:
        return None  # fields are named outright; nothing to recognise

    def build(
        self, row: dict[str, Any], resolved: None, file: str, line: int
    ) -> ArticleRecord | BadRow:
        value = _text(row, self.text, file, line)
        if isinstance(value, BadRow):
            return value
        read = page_text(value, file, line, self.text) if self.html else (value, "text", {})
        if isinstance(read, BadRow):
            return read
        text, source_format, metadata = read
        size = len(text.encode("utf-8"))
        if size > MAX_BYTES:
            # The same limit as a text file: the pairing step is quadratic in claims.
            reason = f"text too large ({size} bytes, limit {MAX_BYTES})"
            if self.html:
                reason = "article " + reason
            return BadRow(file, line, self.text, reason)
        rid = record_id(row, self.id, file, line)
        if isinstance(rid, BadRow):
            return rid
        return ArticleRecord(rid, text, file, line, source_format, metadata)


def page_text(
    page: str, file: str, line: int, column: str
) -> tuple[str, str, dict[str, str]] | BadRow:
    """An HTML column's value as (main text, "html", metadata), extracted as from a .html
    file (``extract_html``: same text, same metadata); a page without article text is a bad
    row of that column, never an empty article."""
    try:
        extracted = extract_html(page.encode("utf-8"), f"{file}:{line}")
    except HtmlPageError as exc:
        return BadRow(file, line, column, exc.reason)
    return extracted.text, "html", extracted.metadata


@dataclass(frozen=True)
class CorpusOptions:
    fields: ArticleSpec = field(default_factory=ArticleSpec)
    resume: bool = False
    force: bool = False
    skip_bad: bool = False
    # Articles parsed and judged together (``analyze_texts``); each still gets the document it
    # gets alone, and a kill loses at most this many analyzed but unwritten articles.
    articles_per_batch: int = 16

    def __post_init__(self) -> None:
        if self.articles_per_batch < 1:
            raise UsageError(
                f"--articles-per-batch must be at least 1, got {self.articles_per_batch}"
            )


@dataclass
class CorpusSummary:
    """Totals of a corpus output. Counts of documents cover the whole output (a resumed job's
    earlier documents included); ``written`` and ``already_done`` say who wrote them."""

    output: Path
    articles: int = 0
    written: int = 0
    already_done: int = 0
    claims: int = 0
    pairs: int = 0
    contradict: int = 0  # flags (the precision-calibrated tier)
    agree: int = 0
    possible_contradict: int = 0  # the second tier: above the lower bar only
    possible_agree: int = 0
    no_claims: int = 0  # documents with no attributed claim
    rejects: int = 0  # lines of OUT.rejects.jsonl
    rejects_path: Path | None = None
    seconds: float = 0.0

    @property
    def flags(self) -> int:
        return self.contradict + self.agree

    def count(self, doc: dict[str, Any]) -> None:
        self.articles += 1
        claims, pairs = doc.get("claims") or [], doc.get("pairs") or []
        self.claims += len(claims)
        self.pairs += len(pairs)
        self.no_claims += not claims
        counts = count_verdicts((pair.get("verdict"), pair.get("tier")) for pair in pairs)
        self.contradict += counts["contradict"]
        self.agree += counts["agree"]
        self.possible_contradict += counts["possible_contradict"]
        self.possible_agree += counts["possible_agree"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "output": str(self.output),
            "articles": self.articles,
            "claims": self.claims,
            "pairs": self.pairs,
            "flags": {"contradict": self.contradict, "agree": self.agree},
            "possible": {"contradict": self.possible_contradict, "agree": self.possible_agree},
            "articles_without_claims": self.no_claims,
            "rejects": self.rejects,
            "rejects_file": str(self.rejects_path) if self.rejects_path else None,
            "written_by_last_run": self.written,
            "seconds_of_last_run": round(self.seconds, 3),
        }

    def line(self) -> str:
        """The one summary line the command prints on stderr."""
        text = (
            f"{self.articles} articles, {self.claims} claims, {self.pairs} pairs, "
            f"{self.flags} flags ({self.contradict} contradict, {self.agree} agree), "
            f"{self.possible_contradict + self.possible_agree} possible "
            f"({self.possible_contradict} contradict, {self.possible_agree} agree), "
            f"{self.rejects} rejects"
        )
        where = f" -> {self.output}"
        if self.already_done:
            where += f" ({self.already_done} already there)"
        return text + where


@dataclass(frozen=True)
class CorpusPaths:
    final: Path
    rejects: Path
    summary: Path
    # The folder of shards of a --engine ray job (stance/ray_engine/corpus.py): there while the
    # job runs or was interrupted, removed once OUT is assembled from it.
    shards: Path

    @classmethod
    def of(cls, output: str | Path) -> CorpusPaths:
        final = Path(output)
        if final.suffix.lower() not in JSONL_SUFFIXES:
            raise UsageError(f"{final}: output must end in .jsonl")
        return cls(
            final,
            final.with_name(final.name + ".rejects.jsonl"),
            final.with_name(final.name + ".summary.json"),
            final.with_name(final.name + ".shards"),
        )

    def existing(self) -> list[Path]:
        return [p for p in (self.final, self.rejects, self.summary, self.shards) if p.exists()]


class CorpusPages:
    """The article view of a corpus: one page per article in a folder, plus ``index.html``.

    Page names come from the ids (``page_name``: safe characters, made unique in input order),
    so a resumed job gives every article the name an uninterrupted run gives it. The index
    entries are held until the end (a few numbers per article).
    """

    def __init__(self, folder: str | Path, *, replace: bool) -> None:
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise UsageError(f"--html {folder}: a corpus needs a folder, not a file")
        # The names are known only as the corpus is read, so any page there counts as taken.
        if not replace and self.folder.is_dir() and any(self.folder.glob("*.html")):
            raise UsageError(
                f"--html: {folder} already holds pages; use --force to overwrite them "
                "(or --resume to continue the job that wrote them)"
            )
        self._taken: set[str] = set()
        self._entries: list[IndexEntry] = []

    def add(
        self, record: ArticleRecord, doc: dict[str, Any], result: AnalysisResult | None
    ) -> None:
        """Note one article; write its page when its ``result`` is given (a document found
        in the output on resume has its page already)."""
        from stance.html.render import IndexEntry
        from stance.html.write import page_name, write_text_atomic

        name = page_name(record.id, self._taken)
        if result is not None:
            write_text_atomic(self.folder / name, result.to_html())
        pairs = doc.get("pairs") or []
        counts = count_verdicts((p.get("verdict"), p.get("tier")) for p in pairs)
        self._entries.append(
            IndexEntry(
                record.id,
                name,
                len(doc.get("claims") or []),
                counts["contradict"],
                counts["agree"],
                len(pairs),
                counts["possible_contradict"] + counts["possible_agree"],
            )
        )

    def finish(self, title: str) -> Path:
        from stance.html.render import render_index
        from stance.html.write import write_text_atomic

        index = self.folder / "index.html"
        write_text_atomic(index, render_index(self._entries, title=title))
        return index


def is_corpus_path(path: str) -> bool:
    """Whether ``stance analyze PATH`` reads a corpus rather than articles: a .jsonl, .csv,
    .tsv or .parquet file, a folder saved with ``save_to_disk``, or a folder of corpus files.
    A folder holding both corpus files and articles (.txt/.html) is a usage error: which one
    was meant cannot be guessed."""
    p = Path(path)
    if p.is_file():
        return p.suffix.lower() in CORPUS_SUFFIXES
    if not p.is_dir():
        return False
    if _is_hf_saved(p):
        return True
    suffixes = {f.suffix.lower() for f in p.iterdir() if f.is_file() and not f.name.startswith(".")}
    corpus = suffixes & set(CORPUS_SUFFIXES)
    articles = suffixes & set(ARTICLE_SUFFIXES)
    if corpus and articles:
        raise UsageError(
            f"{path}: folder holds both corpus files ({', '.join(sorted(corpus))}) and articles "
            f"({', '.join(sorted(articles))}); put them in separate folders"
        )
    return bool(corpus)


def corpus_source(path: str | None, hf_dataset: str | None, split: str | None) -> CorpusSource:
    """The corpus named on the command line: a path, or ``--hf-dataset NAME [--split S]``."""
    if hf_dataset is not None:
        if path is not None:
            raise UsageError("give either CORPUS or --hf-dataset, not both")
        return hf_dataset_source(hf_dataset, split)
    if split is not None:
        raise UsageError("--split needs --hf-dataset")
    if path is None:
        raise UsageError("missing ARTICLE (or --hf-dataset NAME)")
    return path


def iter_articles(source: CorpusSource, spec: ArticleSpec) -> Iterator[ArticleRecord | BadRow]:
    """Every row of the corpus in input order, as an article or the BadRow saying what is
    wrong with it (lazy)."""
    return iter_items(source, spec)


def empty_result(
    record: ArticleRecord, backend: NLIBackend, settings: AnalyzeSettings
) -> AnalysisResult:
    """The result of an article without attributed claims: no claims, no pairs."""
    from stance.analyze import AnalysisResult, model_thresholds

    return AnalysisResult(
        source=record.source,
        article=record.text,
        claims=[],
        pairs=[],
        dropped_pairs=0,
        candidate_pairs=0,
        model=backend.info.as_dict(),
        pairing=settings.pairing,
        thresholds=model_thresholds(settings.verdict, backend),
    )


def analyze_record(
    record: ArticleRecord, backend: NLIBackend, settings: AnalyzeSettings
) -> AnalysisResult:
    """One article, analyzed alone exactly as ``stance analyze FILE`` would."""
    return analyze_records([record], backend, settings)[0]


def analyze_records(
    records: list[ArticleRecord], backend: NLIBackend, settings: AnalyzeSettings
) -> list[AnalysisResult]:
    """Articles analyzed together, each exactly as ``stance analyze FILE`` analyzes it alone
    (an article without claims gets an empty result)."""
    from stance.analyze import analyze_texts

    results = analyze_texts([(r.source, r.text) for r in records], backend, settings)
    return [
        empty_result(record, backend, settings) if isinstance(result, NoClaimsError) else result
        for record, result in zip(records, results, strict=True)
    ]


def document(record: ArticleRecord, result: AnalysisResult) -> dict[str, Any]:
    """The output line: the article's ``id``, then the document ``--json`` prints (for an
    HTML column, with ``source_format`` and ``html_metadata`` as for a .html file)."""
    return {"id": record.id, **with_provenance(result.to_dict(), record.provenance())}


def check_corpus_output(
    output: str | Path, source: CorpusSource, *, resume: bool, force: bool
) -> CorpusPaths:
    """Refuse what cannot work before a model loads: a bad name, an existing output without
    --resume/--force, the output inside (or equal to) the input."""
    from stance.batch import refuse_overwrite

    paths = CorpusPaths.of(output)
    refuse_overwrite(paths, source, resume=resume, force=force)
    return paths


def run_corpus(
    source: CorpusSource,
    output: str | Path,
    load_backend: Callable[[], NLIBackend],
    settings: AnalyzeSettings,
    options: CorpusOptions | None = None,
    progress: ProgressHook | None = None,
    pages: CorpusPages | None = None,
) -> CorpusSummary:
    """Analyze every article of SOURCE into OUTPUT (JSONL); see the module docstring.

    ``load_backend`` is called at the first article that needs analyzing, so bad input, a
    refused output or a finished job never loads a model.
    """
    opts = options or CorpusOptions()
    CorpusPaths.of(output)  # a bad name is a usage error before a lock file exists
    with hold_output_lock(output):
        paths = check_corpus_output(output, source, resume=opts.resume, force=opts.force)
        return _run(source, paths, load_backend, settings, opts, progress, pages)


def _run(
    source: CorpusSource,
    paths: CorpusPaths,
    load_backend: Callable[[], NLIBackend],
    settings: AnalyzeSettings,
    opts: CorpusOptions,
    progress: ProgressHook | None,
    pages: CorpusPages | None,
) -> CorpusSummary:
    started = time.monotonic()
    if opts.force:
        for path in paths.existing():
            if path == paths.shards:
                remove_shards(path)
            else:
                path.unlink()
    elif paths.shards.exists():
        # Its documents are in its shards, not in OUT: only the ray engine can go on from there.
        raise StanceError(
            f"{paths.shards}: the shards of an interrupted --engine ray job; resume it with "
            "--engine ray, or use --force to start over"
        )
    # A summary describes a finished job; while this one runs there is none.
    paths.summary.unlink(missing_ok=True)
    summary = CorpusSummary(paths.final)
    done_good = recover(paths.final)
    done_bad = recover(paths.rejects)
    summary.already_done = done_good
    summary.rejects = done_bad
    if progress is not None:
        progress.start(count_rows(source), done_good + done_bad)
    done_docs = iter_records(paths.final) if done_good else iter([])
    backend: NLIBackend | None = None
    good_seen = bad_seen = 0
    # Opened at the first write, so a job that fails on its first row leaves no output behind.
    out: JsonlAppender | None = None
    rejects: JsonlAppender | None = None
    pending: list[ArticleRecord] = []

    def flush() -> None:
        nonlocal backend, out
        if not pending:
            return
        if backend is None:
            backend = load_backend()
        for record, result in zip(
            pending, analyze_records(pending, backend, settings), strict=True
        ):
            doc = document(record, result)
            if pages is not None:
                pages.add(record, doc, result)
            out = out or JsonlAppender(paths.final)
            summary.written += out.append([doc])
            summary.count(doc)
            if progress is not None:
                progress.advance(1)
        pending.clear()

    try:
        for item in iter_articles(source, opts.fields):
            if isinstance(item, BadRow):
                bad_seen += 1
                if bad_seen <= done_bad:
                    continue
                if not opts.skip_bad:
                    flush()  # the articles before the bad row are written before the error
                    raise item
                rejects = rejects or JsonlAppender(paths.rejects)
                summary.rejects += rejects.append([{**item.as_dict(), "error": str(item)}])
            else:
                good_seen += 1
                if good_seen <= done_good:
                    done = _check_done(next(done_docs, None), good_seen, item, paths.final)
                    summary.count(done)
                    if pages is not None:
                        pages.add(item, done, None)
                else:
                    pending.append(item)
                    if len(pending) >= opts.articles_per_batch:
                        flush()
                    continue  # counted in the progress when written
            if progress is not None:
                progress.advance(1)
        flush()
        if out is None:
            out = JsonlAppender(paths.final)  # a finished job always leaves its output
    finally:
        for appender in (out, rejects):
            if appender is not None:
                appender.close()
    if good_seen < done_good:
        raise StanceError(
            f"{paths.final}: holds {done_good} documents but the input has only {good_seen} "
            "articles; it is the output of another input (use --force to start over)"
        )
    if paths.rejects.exists():
        summary.rejects_path = paths.rejects
    if pages is not None:
        pages.finish(f"stance: {paths.final.name}")
    summary.seconds = time.monotonic() - started
    write_json_atomic(paths.summary, summary.as_dict())
    return summary


def remove_shards(folder: Path) -> None:
    """Delete a --engine ray job's folder of shards: the files stance wrote there, then the
    folder; a file stance did not write there is a usage error, and nothing is deleted."""
    if not folder.is_dir():
        raise UsageError(f"{folder}: exists and is not a folder of shards; remove it")
    from stance.ray_engine.shards import is_ours  # no Ray import: the module imports it lazily

    names = sorted(p.name for p in folder.iterdir())
    foreign = [n for n in names if not is_ours(n)]
    if foreign:
        raise UsageError(
            f"{folder}: holds {foreign[0]!r}, which stance did not write; remove it or choose "
            "another OUT"
        )
    for name in names:
        (folder / name).unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError as exc:
        raise StanceError(f"{folder}: cannot remove: {exc.strerror or exc}") from None


def _check_done(
    done: dict[str, Any] | None, line: int, record: ArticleRecord, path: Path
) -> dict[str, Any]:
    # Ids alone can repeat across inputs (FILE:LINE ids do): the text must match too. For an
    # HTML column both sides are the extracted text; the format tells a job started with
    # --text-html from one without, whose articles are the pages' markup.
    if (
        done is None
        or str(done.get("id")) != record.id
        or done.get("article") != record.text
        or done.get("source_format", "text") != record.source_format
    ):
        found = f"document {done.get('id')!r}" if done else "nothing"
        raise StanceError(
            f"{path}:{line}: found {found} where input {record.source} has article "
            f"{record.id!r}; the output is from another input (use --force to start over)"
        )
    return done


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write a small JSON file whole or not at all (temp file, fsync, rename)."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise StanceError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
