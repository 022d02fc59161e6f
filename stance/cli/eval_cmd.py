"""`stance eval`: score a labeled pair file or a built-in set and write a report folder."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import typer

from stance.cli.common import BACKEND_HELP, MODEL_HELP, handle_errors

HELP = (
    "Evaluate the NLI model on labeled pairs and write a report to -o DIR.\n\n"
    "INPUT is anything `stance batch` reads (JSONL, CSV, TSV, Parquet, a folder of them, a saved "
    "or cached Hugging Face dataset) with a gold label field; or name a built-in set with --set "
    "(see --list) and pick its fixed --split. Dataset labels are mapped by a label map "
    "(--label-map, else the set's own map, else NLI labels) into the scheme scored: NLI labels "
    "or the set's own, such as PERSPECTRUM support/undermine.\n\n"
    "--task fnc1 scores FNC-1 style pairs (premise: article body, hypothesis: headline, labels "
    "agree/disagree/discuss/unrelated) with the FNC-1 pipeline and reports the official FNC-1 "
    "score.\n\n"
    "DIR receives metrics.json, report.md, report.html (with PNG plots) and predictions.jsonl."
)

EPILOG = "Exit codes: 0 success; 1 bad input, model or config; 2 usage (bad option, DIR not empty)."


class _Bar:
    """Pairs done, pairs/s and ETA on stderr (created only when stderr is a terminal)."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("evaluating"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} pairs/s"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self._task = self._progress.add_task("eval", total=total, rate="-")
        self._progress.start()

    def __call__(self, n: int) -> None:
        self._progress.advance(self._task, n)
        speed = self._progress.tasks[0].speed
        self._progress.update(self._task, rate=f"{speed:,.0f}" if speed else "-")

    def close(self) -> None:
        self._progress.stop()


def _progress_factory() -> Any:
    from rich.console import Console

    return _Bar if Console(stderr=True).is_terminal else None


_DEFAULTS = {
    "label_field": "label",
    "backend": None,
    "device": "cpu",
    "batch_size": 32,
    "dev_fraction": 0.2,
}
_FLAGS = {"output": "-o", "set_name": "--set"}


def _command_line(params: dict[str, Any]) -> str:
    """The command, rebuilt from the parsed options (recorded in reports and fitted configs)."""
    words = ["stance", "eval"]
    if params.get("input"):
        words.append(str(params["input"]))
    for name, value in params.items():
        if name == "input" or value is None or value is False or _DEFAULTS.get(name) == value:
            continue
        flag = _FLAGS.get(name, "--" + name.replace("_", "-"))
        words += [flag] if value is True else [flag, str(value)]
    return shlex.join(words)


def print_catalogue() -> None:
    """The built-in sets (reader, file, label map) and the label maps, as two tables."""
    from rich.console import Console
    from rich.table import Table

    from stance.eval.label_maps import available_label_maps, load_label_map
    from stance.eval.run import default_data_root
    from stance.io.nli_sets import SETS

    console = Console()
    root = default_data_root()
    sets = Table(title=f"Built-in sets (--set NAME; data root {root})", title_justify="left")
    for col in ("set", "reader", "file", "label map", "present"):
        sets.add_column(col, overflow="fold")
    for name, spec in SETS.items():
        present = "yes" if (root / spec.relpath).exists() else "no"
        sets.add_row(name, spec.reader.__name__, spec.relpath, spec.label_map, present)
    console.print(sets)
    maps = Table(title="Label maps (--label-map NAME or FILE)", title_justify="left")
    for col in ("map", "scheme and NLI mapping", "about"):
        maps.add_column(col)
    for name in available_label_maps():
        m = load_label_map(name)
        maps.add_row(name, m.describe(), m.description.split(": ")[0])
    console.print(maps)


def register(app: typer.Typer) -> None:
    @app.command("eval", help=HELP, epilog=EPILOG)
    @handle_errors
    def eval_(
        input: str | None = typer.Argument(
            None, metavar="[INPUT]", help="Labeled pair file, folder or dataset (or use --set)."
        ),
        output: Path | None = typer.Option(None, "-o", "--output", help="Report folder."),
        list_sets: bool = typer.Option(
            False, "--list", help="Show the built-in set readers and label maps, then exit."
        ),
        set_name: str | None = typer.Option(
            None, "--set", metavar="NAME", help="A built-in set (see --list) instead of INPUT."
        ),
        set_file: Path | None = typer.Option(
            None,
            metavar="FILE",
            help="With --set: read this file (e.g. the set's official "
            "test file) with the set's reader; all its rows unless --split is given.",
        ),
        split: str | None = typer.Option(
            None,
            help="With --set: dev (default), train or all: the fixed split training used; "
            "select and final are the two fixed halves of dev (choices look only at select).",
        ),
        data_root: Path | None = typer.Option(
            None, help="Folder of the built-in sets (default: ../shared/data or $STANCE_DATA_ROOT)."
        ),
        dev_fraction: float = typer.Option(
            0.2, help="With --set: share of groups in the dev split; must match training."
        ),
        label_field: str = typer.Option("label", help="Gold label field of INPUT."),
        premise_field: str | None = typer.Option(None, help="Premise field (default: auto)."),
        hypothesis_field: str | None = typer.Option(None, help="Hypothesis field (default: auto)."),
        id_field: str | None = typer.Option(None, help="Id field (default: 'id' or FILE:LINE)."),
        label_map: str | None = typer.Option(
            None, metavar="FILE", help="Label map YAML (or a built-in map name, see --list)."
        ),
        task: str | None = typer.Option(
            None, metavar="fnc1", help="fnc1: FNC-1 pipeline and official score."
        ),
        fnc1_config: Path | None = typer.Option(
            None, metavar="FILE", help="FNC-1 thresholds (default: configs/fnc1.yaml)."
        ),
        fit_fnc1: Path | None = typer.Option(
            None,
            metavar="FILE",
            help="Fit the FNC-1 thresholds on these (TRAIN) pairs, save "
            "them to FILE, and report on the same pairs.",
        ),
        model: str | None = typer.Option(None, metavar="ID_OR_PATH", help=MODEL_HELP),
        backend: str | None = typer.Option(None, help=BACKEND_HELP),
        device: str = typer.Option("cpu", help="torch device, e.g. cpu or cuda."),
        threads: int | None = typer.Option(
            None, min=1, help="CPU threads for inference (default: the cores this process may use)."
        ),
        max_length: int | None = typer.Option(None, min=8, help="Model window in tokens."),
        batch_size: int = typer.Option(
            32, min=1, help="Pairs scored together (the onnx backend splits them over --threads)."
        ),
        limit: int | None = typer.Option(None, min=1, help="Evaluate the first N pairs only."),
        force: bool = typer.Option(False, "--force", help="Overwrite a non-empty report DIR."),
    ) -> None:
        from stance.api import evaluate
        from stance.errors import UsageError
        from stance.eval.run import EvalOptions

        if list_sets:
            print_catalogue()
            return
        if output is None:
            raise UsageError("missing option -o DIR (the report folder)")
        params = dict(locals())
        opt = EvalOptions(
            output=output,
            input=input,
            set_name=set_name,
            set_file=set_file,
            split=split,
            data_root=data_root,
            dev_fraction=dev_fraction,
            label_field=label_field,
            premise_field=premise_field,
            hypothesis_field=hypothesis_field,
            id_field=id_field,
            label_map=label_map,
            task=task,
            fnc1_config=fnc1_config,
            fit_fnc1=fit_fnc1,
            model=model,
            backend=backend,
            device=device,
            threads=threads,
            max_length=max_length,
            batch_size=batch_size,
            limit=limit,
            force=force,
            command=_command_line({k: params[k] for k in _PARAMS}),
        )
        metrics = evaluate(options=opt, progress=_progress_factory())
        for warning in metrics.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        print(f"{metrics.summary()} -> {output}", file=sys.stderr)


_PARAMS = (
    "input",
    "output",
    "set_name",
    "set_file",
    "split",
    "data_root",
    "dev_fraction",
    "label_field",
    "premise_field",
    "hypothesis_field",
    "id_field",
    "label_map",
    "task",
    "fnc1_config",
    "fit_fnc1",
    "model",
    "backend",
    "device",
    "threads",
    "max_length",
    "batch_size",
    "limit",
    "force",
)
