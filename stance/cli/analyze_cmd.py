"""`stance analyze`: who claims what in an article, and where the parties agree or contradict."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from stance.cli.common import BACKEND_HELP, EXIT_BAD_INPUT, MODEL_HELP, handle_errors
from stance.cli.ray_opts import (
    address_option,
    cpus_per_worker_option,
    ray_options_for,
    workers_option,
)
from stance.errors import NoClaimsError, StanceError, UsageError

if TYPE_CHECKING:
    from stance.analyze import AnalysisResult
    from stance.corpus import ArticleSpec, CorpusOptions, CorpusPages, CorpusSource
    from stance.html.render import IndexEntry
    from stance.infer.backend import NLIBackend
    from stance.model import ModelSettings
    from stance.ray_engine.options import RayOptions
    from stance.settings import AnalyzeSettings


class BackendName(StrEnum):
    torch = "torch"
    onnx = "onnx"


HELP = (
    "Find the attributed claims in ARTICLE, pair them across parties, and judge each pair both "
    "ways with the NLI model: contradict, agree or unrelated.\n\n"
    "Prints the speakers and their parties, then the flags (pairs that contradict or agree "
    "above the model's high, precision-calibrated bar), with the probabilities in both "
    "directions, then the possible contradictions and agreements (above its lower bar only). "
    "The thresholds are the model's own (its folder's verdict.json) unless --config sets "
    "them. A text whose claims all come from one party is "
    "reported as having no cross-party pairs (exit 0).\n\n"
    "ARTICLE may also be a corpus: a .jsonl, .csv, .tsv or .parquet file of articles (one per "
    "row, the text in --text-field; with --text-html that field holds HTML pages and each "
    "page's main text is the article), a folder of such files, or a saved datasets folder; or "
    "give --hf-dataset NAME --split S. With -o OUT.jsonl each article's JSON document (with "
    "its id) is appended to OUT as it is done: resumable with --resume, one job per OUT, a "
    "summary in OUT.summary.json. --engine ray analyzes such a corpus on Ray actors (a local "
    "Ray instance, or the cluster at --address) into the same OUT.\n\n"
    "Exit codes: 0 success, 1 bad input or model (one line on stderr per problem), 2 usage, "
    "130 interrupted (with -o: rerun with --resume)."
)


def register(app: typer.Typer) -> None:
    app.command("analyze", help=HELP)(analyze)


@handle_errors
def analyze(
    article: str | None = typer.Argument(
        None,
        metavar="ARTICLE",
        help="A UTF-8 text file, a saved web page (.html/.htm: its main text is extracted and "
        "analyzed), a folder (its .txt, .html and .htm files, in name order), or - to read one "
        "text article from stdin. Or a corpus: a .jsonl/.csv/.tsv/.parquet file of articles, "
        "a folder of them (name order), or a folder saved with datasets' save_to_disk.",
    ),
    json_out: bool = typer.Option(
        False,
        "--json",
        help="Print one JSON document per article, one per line (JSON Lines), instead of the "
        "report. The schema is stance/schemas/analyze.schema.json.",
    ),
    model: str | None = typer.Option(
        None,
        "--model",
        metavar="ID_OR_PATH",
        help=MODEL_HELP,
    ),
    config: Path | None = typer.Option(
        None,
        "--config",
        metavar="FILE",
        help="YAML file merged over configs/analyze.yaml: speaker aliases, party hints, "
        "pairing (relevance filter) and verdict thresholds (which then override the model's "
        "own).",
    ),
    backend: BackendName | None = typer.Option(None, "--backend", help=BACKEND_HELP),
    threads: int | None = typer.Option(
        None,
        "--threads",
        min=1,
        metavar="N",
        help="CPU threads for inference (at least 1). Default: the cores this process may "
        "use (--engine ray: per actor, default --cpus-per-worker).",
    ),
    min_relevance: float | None = typer.Option(
        None,
        "--min-relevance",
        min=-1.0,
        max=1.0,
        metavar="X",
        help="Override the relevance filter threshold of the config: cross-party pairs whose "
        "similarity is below X are dropped before judging (0 keeps nearly all).",
    ),
    html: str | None = typer.Option(
        None,
        "--html",
        metavar="OUT",
        help="Also write the article view: one self-contained HTML page (article with the "
        "claims marked by party, the parties, the pairs with their probabilities; no network "
        "needed). For one article OUT is the page's file; for a folder of articles OUT is a "
        "folder that gets one page per article and an index.html (a corpus too: pages "
        "named after the ids). Works with --json.",
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Overwrite pages that --html would write and that already exist (without it, an "
        "existing page is a usage error, exit 2, before anything is analysed).",
    ),
    party: list[str] = typer.Option(
        [],
        "--party",
        metavar="PARTY=SPEAKER,...",
        help="Put these speakers on one side, whatever the rules say: a party label, '=', and "
        "speakers separated by commas, as named in the article or by a part of a person's name "
        '("Peru=Vela,Ortiz" also takes "Rosa Vela"). Repeat for more parties; wins over the '
        "config's parties.hints.",
    ),
    label_map: str | None = typer.Option(
        None,
        "--label-map",
        metavar="NAME=LABEL,...",
        help="Map the model's own label names to NLI labels when its config does not name "
        "them: NAME=LABEL pairs separated by commas, e.g. LABEL_0=contradiction,...",
    ),
    output: str | None = typer.Option(
        None,
        "-o",
        "--output",
        metavar="OUT.jsonl",
        help="Corpus only: append one JSON document per article (the --json document plus "
        "the article's id) to OUT.jsonl, in input order; bad rows go to OUT.rejects.jsonl "
        "under --skip-bad, totals to OUT.summary.json. An existing OUT needs --resume or "
        "--force (exit 2 otherwise); a second job on OUT exits 1 (OUT.lock).",
    ),
    resume: bool = typer.Option(
        False, "--resume", help="Corpus with -o: continue an interrupted OUT where it stops."
    ),
    skip_bad: bool = typer.Option(
        False,
        "--skip-bad",
        help="Corpus with -o: send bad rows (missing or non-text field) to OUT.rejects.jsonl "
        "and go on, instead of stopping at the first (exit 1).",
    ),
    text_field: str = typer.Option(
        "text", "--text-field", metavar="NAME", help="Corpus: the field holding the article."
    ),
    text_html: bool = typer.Option(
        False,
        "--text-html",
        help="Corpus: the --text-field column holds HTML pages. Each row's main text is "
        "extracted as from a .html file (trafilatura; navigation, scripts, comments and "
        "attributes dropped) and is the article: offsets, the JSON and --html pages refer to "
        'it, and the document records source_format "html" and html_metadata (title, '
        "author, date, sitename, url). A row whose page has no article text is a bad row "
        "(exit 1, or OUT.rejects.jsonl with --skip-bad). Not to be confused with --html OUT, "
        "the article view.",
    ),
    id_field: str | None = typer.Option(
        None,
        "--id-field",
        metavar="NAME",
        help="Corpus: the field holding the article's id (default: 'id' when present, else "
        "FILE:LINE; a field named here must be in every row).",
    ),
    hf_dataset: str | None = typer.Option(
        None,
        "--hf-dataset",
        metavar="NAME",
        help="Corpus: a datasets dataset, a folder saved with save_to_disk or a name in the "
        "local Hugging Face cache (never downloaded), instead of ARTICLE.",
    ),
    split: str | None = typer.Option(
        None, "--split", metavar="S", help="With --hf-dataset: the split to read."
    ),
    articles_per_batch: int | None = typer.Option(
        None,
        "--articles-per-batch",
        metavar="N",
        min=1,
        help="Corpus with -o: parse and judge N articles together (one parser run, one model "
        "call; default 16). Each article's document is the same as alone; a larger N holds "
        "more articles in memory, and a kill loses at most N unwritten ones. With --engine "
        "ray, N rows make one unit: one actor call and one shard.",
    ),
    engine: str = typer.Option(
        "local",
        "--engine",
        help="Corpus with -o: local (this process) or ray (Ray actors, each loading the parser "
        "and the model once, analyze units of --articles-per-batch rows in parallel; needs "
        "pip install -e '.\\[ray]'). OUT.jsonl, its rejects and summary are the same with both "
        "engines, in input order; ray works in OUT.jsonl.shards/ (resumable by shard) and "
        "removes it when OUT is assembled. --html is local only.",
    ),
    address: str | None = address_option(),
    workers: int | None = workers_option("analyzing"),
    cpus_per_worker: float | None = cpus_per_worker_option(),
) -> None:
    """Analyze each article named by ARTICLE and print a report or JSON per article."""
    from stance.api import analyze as analyze_one
    from stance.api import prepare_analysis
    from stance.corpus import corpus_source, is_corpus_path
    from stance.extract.parties import parse_party_options
    from stance.io.articles import article_sources, load_article
    from stance.settings import AnalyzeSettings

    hints = parse_party_options(party)
    ray_options = ray_options_for(
        engine, address=address, workers=workers, cpus_per_worker=cpus_per_worker
    )
    if hf_dataset is not None or (article not in (None, "-") and is_corpus_path(str(article))):
        source = corpus_source(article, hf_dataset, split)
        settings = AnalyzeSettings.load(config, min_relevance=min_relevance).with_party_hints(hints)
        _analyze_corpus(
            source,
            _model_settings(model, backend, threads, label_map),
            settings,
            json_out,
            html=html,
            output=output,
            resume=resume,
            force=force,
            skip_bad=skip_bad,
            text_field=text_field,
            id_field=id_field,
            text_html=text_html,
            articles_per_batch=articles_per_batch,
            ray_options=ray_options,
        )
        return
    if ray_options is not None:
        raise UsageError(
            "--engine ray needs a corpus (a .jsonl/.csv/.tsv/.parquet file, a folder of them, "
            "or --hf-dataset NAME) and -o OUT.jsonl"
        )
    if text_html:
        raise UsageError(
            "--text-html needs a corpus whose --text-field holds HTML pages (a .jsonl/.csv/"
            ".tsv/.parquet file, a folder of them, or --hf-dataset NAME); a .html/.htm file or "
            "a folder of them is read as web pages without it"
        )
    _refuse_corpus_options(
        output=output,
        resume=resume,
        skip_bad=skip_bad,
        split=split,
        text_field=text_field != "text",
        id_field=id_field is not None,
        articles_per_batch=articles_per_batch,
    )
    if article is None:
        raise UsageError("missing ARTICLE (or --hf-dataset NAME)")
    sources = article_sources(article)
    # Checked here, not per article, so a bad config fails before the model loads.
    settings = AnalyzeSettings.load(config, min_relevance=min_relevance).with_party_hints(hints)
    model_settings = _model_settings(model, backend, threads, label_map)

    pages: dict[str, Path] = {}
    index_path: Path | None = None
    entries: list[IndexEntry] = []
    if html is not None:
        from stance.html.write import plan_pages

        folder_input = article != "-" and Path(article).is_dir()
        _, pages, index_path = plan_pages(sources, html, folder_input, force)

    loaded: NLIBackend | None = None
    failed = False
    for source in sources:
        try:
            read = load_article(source)
        except StanceError as exc:
            failed = _report_and_continue(exc)
            continue
        if loaded is None:
            # Loaded only once an article is readable, so bad input fails fast.
            loaded = prepare_analysis(model_settings, settings)
        try:
            result = analyze_one(read.text, loaded, settings, name=read.name)
        except NoClaimsError as exc:
            failed = _report_and_continue(exc)
            continue
        _emit(result, json_out, read.provenance())
        if html is not None:
            entries.append(_write_page(result, pages[source]))
    if index_path is not None and entries:
        from stance.html.render import render_index
        from stance.html.write import write_text_atomic

        write_text_atomic(index_path, render_index(entries, title=f"stance: {article}"))
        print(f"wrote {index_path}", file=sys.stderr)
    if failed:
        raise typer.Exit(code=EXIT_BAD_INPUT)


def _model_settings(
    model: str | None, backend: BackendName | None, threads: int | None, label_map: str | None
) -> ModelSettings:
    from stance.labels import LabelMappingError, parse_label_override
    from stance.model import ModelSettings

    try:
        override = parse_label_override(label_map)
    except LabelMappingError as exc:
        raise StanceError(f"--label-map: {exc}") from None
    return ModelSettings(
        model, backend=backend.value if backend else None, threads=threads, label_map=override
    )


def _refuse_corpus_options(**given: object) -> None:
    """Options that only mean something for a corpus are a usage error elsewhere, not ignored."""
    for name, value in given.items():
        if value not in (None, False):
            flag = "-o" if name == "output" else "--" + name.replace("_", "-")
            raise UsageError(
                f"{flag} needs a corpus (a .jsonl/.csv/.tsv/.parquet file, a folder of them, or "
                "--hf-dataset NAME)"
            )


def _analyze_corpus(
    source: CorpusSource,
    model_settings: ModelSettings,
    settings: AnalyzeSettings,
    json_out: bool,
    *,
    html: str | None,
    output: str | None,
    resume: bool,
    force: bool,
    skip_bad: bool,
    text_field: str,
    id_field: str | None,
    text_html: bool = False,
    articles_per_batch: int | None = None,
    ray_options: RayOptions | None = None,
) -> None:
    """A corpus: into OUT with -o (resumable; see stance/corpus.py), else printed."""
    from stance.api import prepare_analysis
    from stance.corpus import ArticleSpec, CorpusOptions, CorpusPages, run_corpus

    spec = ArticleSpec(text=text_field, id=id_field, html=text_html)
    if ray_options is not None:
        if output is None:
            raise UsageError("--engine ray needs -o OUT.jsonl")
        if html is not None:
            raise UsageError("--html: not with --engine ray; write the pages with --engine local")
    if output is None and (resume or skip_bad or articles_per_batch is not None):
        flag = "--resume" if resume else "--skip-bad" if skip_bad else "--articles-per-batch"
        raise UsageError(f"{flag} needs -o OUT.jsonl")
    if output is not None:
        from stance.corpus import check_corpus_output

        # Before the pages are checked: an existing OUT is the first thing to hear about.
        check_corpus_output(output, source, resume=resume, force=force)
    pages = CorpusPages(html, replace=force or resume) if html is not None else None
    if output is None:
        _print_corpus(source, spec, model_settings, settings, json_out, pages)
        return
    from stance.cli.batch_cmd import _with_progress

    options = CorpusOptions(fields=spec, resume=resume, force=force, skip_bad=skip_bad)
    if articles_per_batch is not None:
        options = replace(options, articles_per_batch=articles_per_batch)
    if ray_options is not None:
        _analyze_corpus_on_ray(source, output, model_settings, settings, options, ray_options)
        return
    summary = _with_progress(
        lambda bar: run_corpus(
            source,
            output,
            lambda: prepare_analysis(model_settings, settings),
            settings,
            options,
            bar,
            pages,
        ),
        output,
        verb="analyzing",
        unit="articles",
    )
    if pages is not None:
        print(f"wrote {pages.folder / 'index.html'}", file=sys.stderr)
    print(summary.line(), file=sys.stderr)


def _analyze_corpus_on_ray(
    source: CorpusSource,
    output: str,
    model_settings: ModelSettings,
    settings: AnalyzeSettings,
    options: CorpusOptions,
    ray_options: RayOptions,
) -> None:
    """--engine ray: the same OUT, rejects and summary as the local engine (see
    stance/ray_engine/corpus.py); the summary line is the local one."""
    from stance.cli.batch_cmd import _with_progress
    from stance.ray_engine.corpus import run_ray_corpus

    summary = _with_progress(
        lambda bar: run_ray_corpus(
            source, output, model_settings, settings, options, ray_options, bar
        ),
        output,
        verb="analyzing",
        unit="articles",
    )
    if summary.finished_before:
        print(f"{output} is finished already; nothing to do", file=sys.stderr)
    print(summary.line(), file=sys.stderr)


def _print_corpus(
    source: CorpusSource,
    spec: ArticleSpec,
    model_settings: ModelSettings,
    settings: AnalyzeSettings,
    json_out: bool,
    pages: CorpusPages | None,
) -> None:
    """Without -o: each article's document (--json) or report on stdout, stopping at the
    first bad row."""
    from stance.api import prepare_analysis
    from stance.corpus import analyze_record, document, iter_articles
    from stance.io.pair_input import BadRow

    loaded: NLIBackend | None = None
    for item in iter_articles(source, spec):
        if isinstance(item, BadRow):
            raise item
        if loaded is None:
            loaded = prepare_analysis(model_settings, settings)
        result = analyze_record(item, loaded, settings)
        doc = document(item, result)
        if pages is not None:
            pages.add(item, doc, result)
        if json_out:
            sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            _emit(result, False, {})
    if pages is not None:
        index = pages.finish(f"stance: {source}")
        print(f"wrote {index}", file=sys.stderr)


def _write_page(result: AnalysisResult, path: Path) -> IndexEntry:
    """Write one article's page; returns its entry for the index."""
    from stance.html.render import index_entry
    from stance.html.write import write_text_atomic

    write_text_atomic(path, result.to_html())
    print(f"wrote {path}", file=sys.stderr)
    return index_entry(result, path.name)


def _report_and_continue(exc: StanceError) -> bool:
    """One bad article in a folder is reported and skipped; the exit code says it happened."""
    print(f"error: {exc}", file=sys.stderr)
    return True


def _emit(result: AnalysisResult, json_out: bool, provenance: dict[str, object]) -> None:
    if json_out:
        sys.stdout.write(_json_line(result, provenance) + "\n")
        sys.stdout.flush()
        return
    from rich.console import Console

    from stance.report import render_report

    Console().print(render_report(result))


def _json_line(result: AnalysisResult, provenance: dict[str, object]) -> str:
    """The result's JSON, with where its text came from (a page: ``source_format`` and
    ``html_metadata``) right after ``source``; a text file's line is ``result.to_json()``."""
    if not provenance:
        return result.to_json()
    from stance.io.articles import with_provenance

    return json.dumps(with_provenance(result.to_dict(), provenance), ensure_ascii=False)
