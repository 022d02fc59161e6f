"""`stance analyze`: who claims what in an article, and where the parties agree or contradict."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from stance.cli.common import BACKEND_HELP, EXIT_BAD_INPUT, handle_errors
from stance.errors import NoClaimsError, StanceError

if TYPE_CHECKING:
    from stance.analyze import AnalysisResult
    from stance.html.render import IndexEntry
    from stance.infer.backend import NLIBackend


class BackendName(StrEnum):
    torch = "torch"
    onnx = "onnx"


HELP = (
    "Find the attributed claims in ARTICLE, pair them across parties, and judge each pair both "
    "ways with the NLI model: contradict, agree or unrelated.\n\n"
    "Prints the speakers and their parties, then each pair found to contradict or agree, with "
    "the probabilities in both directions. A text whose claims all come from one party is "
    "reported as having no cross-party pairs (exit 0).\n\n"
    "Exit codes: 0 success, 1 bad input or model (one line on stderr per problem), 2 usage."
)


def register(app: typer.Typer) -> None:
    app.command("analyze", help=HELP)(analyze)


@handle_errors
def analyze(
    article: str = typer.Argument(
        ...,
        metavar="ARTICLE",
        help="A UTF-8 text file, a saved web page (.html/.htm: its main text is extracted and "
        "analyzed), a folder (its .txt, .html and .htm files, in name order), or - to read one "
        "text article from stdin.",
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
        help="NLI model: a local folder or a hub id of a sequence-classification model with "
        "entailment/neutral/contradiction labels. Default: the embedded model "
        "models/stance-nli-minilm-l6 (or $STANCE_MODEL).",
    ),
    config: Path | None = typer.Option(
        None,
        "--config",
        metavar="FILE",
        help="YAML file merged over configs/analyze.yaml: speaker aliases, party hints, "
        "pairing (relevance filter) and verdict thresholds.",
    ),
    backend: BackendName | None = typer.Option(None, "--backend", help=BACKEND_HELP),
    threads: int | None = typer.Option(
        None,
        "--threads",
        min=1,
        metavar="N",
        help="CPU threads for inference (at least 1). Default: the cores this process may "
        "use.",
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
        "folder that gets one page per article and an index.html. Works with --json.",
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
) -> None:
    """Analyze each article named by ARTICLE and print a report or JSON per article."""
    from stance.api import analyze as analyze_one
    from stance.api import prepare_analysis
    from stance.extract.parties import parse_party_options
    from stance.io.articles import article_sources, load_article
    from stance.labels import LabelMappingError, parse_label_override
    from stance.model import ModelSettings
    from stance.settings import AnalyzeSettings

    hints = parse_party_options(party)
    sources = article_sources(article)
    # Checked here, not per article, so a bad config fails before the model loads.
    settings = AnalyzeSettings.load(config, min_relevance=min_relevance).with_party_hints(hints)
    try:
        override = parse_label_override(label_map)
    except LabelMappingError as exc:
        raise StanceError(f"--label-map: {exc}") from None
    model_settings = ModelSettings(
        model, backend=backend.value if backend else None, threads=threads, label_map=override
    )

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
    ``html_metadata``) right after ``source``. Added here rather than in the result because
    it is about how the CLI read the file; a text file's line is ``result.to_json()``."""
    if not provenance:
        return result.to_json()
    doc: dict[str, object] = {}
    for key, value in result.to_dict().items():
        doc[key] = value
        if key == "source":
            doc.update(provenance)
    return json.dumps(doc, ensure_ascii=False)
