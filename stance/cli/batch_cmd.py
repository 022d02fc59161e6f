"""`stance batch INPUT -o OUTPUT`: score every pair of a file, folder or dataset, resumably."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from stance.cli.common import BACKEND_HELP, handle_errors

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
"""


class _RichProgress:
    """Pairs/s and ETA on stderr; the caller only creates it when stderr is a terminal."""

    def __init__(self) -> None:
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
            TextColumn("scoring"),
            BarColumn(),
            TaskProgressColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} pairs/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self._task = None

    def __enter__(self) -> _RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def start(self, total: int | None, already_done: int) -> None:
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
        output: Path = typer.Option(..., "-o", "--output", help="OUTPUT.jsonl or OUTPUT.parquet"),
        premise_field: str | None = typer.Option(None, help="Premise field (default: auto)."),
        hypothesis_field: str | None = typer.Option(None, help="Hypothesis field (default: auto)."),
        id_field: str | None = typer.Option(
            None, help="Id field (default: 'id' if present, else FILE:LINE)."
        ),
        label_field: str | None = typer.Option(
            None, help="A gold label field to validate (entailment/neutral/contradiction)."
        ),
        model: str | None = typer.Option(None, help="Model folder (default: the embedded one)."),
        backend: str | None = typer.Option(None, help=BACKEND_HELP),
        batch_size: int = typer.Option(
            32, min=1, help="Pairs scored together (the onnx backend splits them over --threads)."
        ),
        max_length: int | None = typer.Option(None, min=8, help="Model window in tokens."),
        device: str = typer.Option("cpu", help="torch device, e.g. cpu or cuda."),
        threads: int | None = typer.Option(
            None, min=1, help="CPU threads for inference (default: the cores this process may use)."
        ),
        chunk_size: int = typer.Option(
            256, min=1, help="Rows read, scored and written (atomically) at a time."
        ),
        resume: bool = typer.Option(False, "--resume", help="Continue an interrupted OUTPUT."),
        force: bool = typer.Option(False, "--force", help="Replace an existing OUTPUT."),
        skip_bad: bool = typer.Option(
            False, "--skip-bad", help="Send bad rows to OUTPUT.rejects.jsonl and go on."
        ),
    ) -> None:
        from stance.batch import BatchOptions, OutputPaths, check_output, run_batch
        from stance.infer.backend import load_backend
        from stance.io.output_lock import hold_output_lock
        from stance.io.pair_input import FieldSpec
        from stance.labels import canonical_label

        OutputPaths.of(output)  # a bad output name is a usage error before any lock file exists
        # One writer per output from the first look at it, through the model load and the job.
        with hold_output_lock(output):
            check_output(output, input, resume=resume, force=force)
            fields = FieldSpec(
                premise=premise_field,
                hypothesis=hypothesis_field,
                id=id_field,
                label=label_field,
                label_check=canonical_label if label_field else None,
            )
            options = BatchOptions(
                fields=fields,
                batch_size=batch_size,
                chunk_size=chunk_size,
                resume=resume,
                force=force,
                skip_bad=skip_bad,
            )
            nli = load_backend(
                model, backend=backend, max_length=max_length, threads=threads, device=device
            )
            try:
                if _stderr_is_terminal():
                    with _RichProgress() as bar:
                        summary = run_batch(input, output, nli, options, progress=bar)
                else:
                    summary = run_batch(input, output, nli, options)
            except KeyboardInterrupt:
                print(f"interrupted: rerun with --resume to continue {output}", file=sys.stderr)
                raise typer.Exit(code=130) from None
            parts = [f"{summary.written} records written to {output}"]
            if summary.already_done:
                parts.append(f"{summary.already_done} already there")
            if summary.rejected:
                parts.append(f"{summary.rejected} bad rows in {summary.rejects_path}")
            if summary.windowed:
                parts.append(f"{summary.windowed} long premises windowed")
            parts.append(f"{summary.pairs_per_second:,.1f} pairs/s")
            print("; ".join(parts), file=sys.stderr)
