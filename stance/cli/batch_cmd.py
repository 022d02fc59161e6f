"""`stance batch INPUT -o OUTPUT`: score every pair of a file, folder or dataset, resumably."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

import typer

from stance.cli.common import BACKEND_HELP, MODEL_HELP, handle_errors
from stance.cli.ray_opts import (
    address_option,
    check_engine,
    cpus_per_worker_option,
    gpus_per_worker_option,
    ray_options_for,
    workers_option,
)

if TYPE_CHECKING:
    from stance.batch import BatchSummary, ProgressHook
    from stance.ray_engine.run import RayBatchSummary

S = TypeVar("S")

EPILOG = (
    "Exit codes: 0 success; 1 bad input (a bad row without --skip-bad, an unreadable input or "
    "model, a full disk); 2 usage (a bad option, or OUTPUT exists without --resume/--force); "
    "130 interrupted (rerun with --resume to continue)."
)

HELP = """Score (premise, hypothesis) pairs into JSONL or Parquet (by OUTPUT's extension).

INPUT is a .jsonl, .csv, .tsv or .parquet file, a folder of them (read in name order), a
folder saved with datasets' save_to_disk (DIR or DIR:SPLIT), or a dataset name in the local
Hugging Face cache (offline only). Pair fields default to premise/hypothesis; evidence/claim,
sentence1/sentence2 and text_a/text_b are recognised. Records keep the input's fields and add
entailment/neutral/contradiction probabilities and label; a premise too long for the model is
split into sentence windows (max entailment vs max contradiction decides) and the deciding
window is recorded. Output is written in input order, in chunks that survive a kill:
--resume continues where the output ends.

--engine ray runs the same job on Ray (pip install -e ".\\[ray]"): a local Ray instance, or
the cluster at --address; --workers model actors score chunks in parallel. OUTPUT is then a
folder of shards, part-*.parquet (or part-*.jsonl when its name ends in .jsonl), plus
_manifest.json, written last, and _rejects.jsonl under --skip-bad. INPUT may also be an
s3:// or gs:// URI. With --engine ray, rows are NOT in input order (shard names sort in input
order); sort by id for a fixed order, e.g. pandas.read_parquet(OUTPUT).sort_values("id").
"""


class _RichProgress:
    """Pairs/s (or articles/s, for ``stance analyze CORPUS -o``) and ETA on stderr; the caller
    only creates it when stderr is a terminal."""

    def __init__(self, verb: str = "scoring", unit: str = "pairs") -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn(verb),
            BarColumn(),
            TaskProgressColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} " + unit + "/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self._task = None

    def __enter__(self) -> _RichProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._progress.stop()

    def start(self, total: int | None, already_done: int) -> None:
        # Shown from here, once the job starts scoring: not as an empty bar while the model
        # loads.
        self._progress.start()
        self._task = self._progress.add_task("batch", total=total, completed=already_done, rate="-")

    def advance(self, rows: int) -> None:
        self._progress.advance(self._task, rows)
        speed = self._progress.tasks[0].speed
        self._progress.update(self._task, rate=f"{speed:,.0f}" if speed else "-")


def _stderr_is_terminal() -> bool:
    from rich.console import Console

    return Console(stderr=True).is_terminal


def register(app: typer.Typer) -> None:
    @app.command("batch", help=HELP, epilog=EPILOG)
    @handle_errors
    def batch(
        input: str = typer.Argument(
            ..., help="File, folder, saved dataset or cached dataset name."
        ),
        # str, not Path: Path would fold the "//" of an s3:// or gs:// OUTPUT (ray engine).
        output: str = typer.Option(
            ..., "-o", "--output", help="OUTPUT.jsonl or OUTPUT.parquet (ray: a folder)."
        ),
        premise_field: str | None = typer.Option(None, help="Premise field (default: auto)."),
        hypothesis_field: str | None = typer.Option(None, help="Hypothesis field (default: auto)."),
        id_field: str | None = typer.Option(
            None, help="Id field (default: 'id' if present, else FILE:LINE)."
        ),
        label_field: str | None = typer.Option(
            None, help="A gold label field to validate (entailment/neutral/contradiction)."
        ),
        model: str | None = typer.Option(None, metavar="ID_OR_PATH", help=MODEL_HELP),
        backend: str | None = typer.Option(None, help=BACKEND_HELP),
        batch_size: int = typer.Option(
            32, min=1, help="Pairs scored together (the onnx backend splits them over --threads)."
        ),
        max_length: int | None = typer.Option(None, min=8, help="Model window in tokens."),
        device: str = typer.Option(
            "cpu", help="torch device, e.g. cpu or cuda (ray: see --gpus-per-worker)."
        ),
        threads: int | None = typer.Option(
            None,
            min=1,
            help="CPU threads for inference (default: the cores this process may use; ray: "
            "per actor, default --cpus-per-worker).",
        ),
        chunk_size: int = typer.Option(
            256, min=1, help="Rows read, scored and written (atomically) at a time."
        ),
        resume: bool = typer.Option(False, "--resume", help="Continue an interrupted OUTPUT."),
        force: bool = typer.Option(False, "--force", help="Replace an existing OUTPUT."),
        skip_bad: bool = typer.Option(
            False,
            "--skip-bad",
            help="Send bad rows to OUTPUT.rejects.jsonl (ray: OUTPUT/_rejects.jsonl) and go on.",
        ),
        engine: str = typer.Option(
            "local",
            help="local (this process, output in input order) or ray (Ray actors, output "
            "NOT in input order: sort by id).",
        ),
        address: str | None = address_option(),
        workers: int | None = workers_option("scoring"),
        cpus_per_worker: float | None = cpus_per_worker_option(),
        gpus_per_worker: float | None = gpus_per_worker_option(),
    ) -> None:
        from stance.api import run_batch
        from stance.batch import BatchOptions
        from stance.io.pair_input import FieldSpec
        from stance.labels import canonical_label
        from stance.model import ModelSettings

        check_engine(engine)
        options = BatchOptions(
            fields=FieldSpec(
                premise=premise_field,
                hypothesis=hypothesis_field,
                id=id_field,
                label=label_field,
                label_check=canonical_label if label_field else None,
            ),
            batch_size=batch_size,
            chunk_size=chunk_size,
            resume=resume,
            force=force,
            skip_bad=skip_bad,
        )
        model_settings = ModelSettings(
            model, backend=backend, threads=threads, device=device, max_length=max_length
        )
        ray_options = ray_options_for(
            engine,
            address=address,
            workers=workers,
            cpus_per_worker=cpus_per_worker,
            gpus_per_worker=gpus_per_worker,
        )
        if ray_options is not None:
            summary = cast(
                "RayBatchSummary",
                _with_progress(
                    lambda bar: run_batch(
                        input,
                        output,
                        model=model_settings,
                        options=options,
                        progress=bar,
                        engine="ray",
                        ray=ray_options,
                    ),
                    output,
                ),
            )
            if summary.finished_before:
                print(
                    f"{output} is finished already ({summary.already_done} records in "
                    f"{summary.shards} shards); nothing to do",
                    file=sys.stderr,
                )
                return
            _say_summary(
                summary,
                f"{output}/ ({summary.shards} shards)",
                f" on {ray_options.workers} Ray worker(s), rows not in input order",
            )
            return
        summary = _with_progress(
            lambda bar: run_batch(
                input, output, model=model_settings, options=options, progress=bar
            ),
            output,
        )
        _say_summary(summary, output)


def _with_progress(
    run: Callable[[ProgressHook | None], S],
    output: str,
    verb: str = "scoring",
    unit: str = "pairs",
) -> S:
    """``run`` with a progress bar when stderr is a terminal; Ctrl-C is exit 130."""
    try:
        if _stderr_is_terminal():
            with _RichProgress(verb, unit) as bar:
                return run(bar)
        return run(None)
    except KeyboardInterrupt:
        print(f"interrupted: rerun with --resume to continue {output}", file=sys.stderr)
        raise typer.Exit(code=130) from None


def _say_summary(summary: BatchSummary, where: str, rate_note: str = "") -> None:
    """The one summary line on stderr, the same for both engines."""
    parts = [f"{summary.written} records written to {where}"]
    if summary.already_done:
        parts.append(f"{summary.already_done} already there")
    if summary.rejected:
        parts.append(f"{summary.rejected} bad rows in {summary.rejects_path}")
    if summary.windowed:
        parts.append(f"{summary.windowed} long premises windowed")
    parts.append(f"{summary.pairs_per_second:,.1f} pairs/s{rate_note}")
    print("; ".join(parts), file=sys.stderr)
