"""`stance train`: fine-tune an encoder into the 3-way NLI cross-encoder."""

from __future__ import annotations

from pathlib import Path

import typer

from stance.cli.common import handle_errors


@handle_errors
def train_command(
    config: Path = typer.Option(
        ...,
        "--config",
        "-c",
        help="Training config YAML "
        "(configs/train/<name>.yaml): base model, data mix, dev sets, "
        "hyperparameters, seed.",
    ),
    resume: bool = typer.Option(
        False,
        "--resume",
        help="Continue from the last checkpoint in the output folder (after a kill or Ctrl-C).",
    ),
    force: bool = typer.Option(
        False, "--force", help="Start over, deleting an existing output folder."
    ),
    output_dir: Path | None = typer.Option(
        None, "--output-dir", "-o", help="Override the config's output_dir."
    ),
    device: str | None = typer.Option(
        None,
        "--device",
        help="Override the config's device: auto (a CUDA GPU when torch sees one), cpu or cuda.",
    ),
    data_root: Path | None = typer.Option(
        None, "--data-root", help="Override the config's data_root, the folder of the labeled sets."
    ),
    base_model: str | None = typer.Option(
        None, "--base-model", help="Override the config's base_model: a local folder or hub id."
    ),
) -> None:
    """Fine-tune a Hugging Face encoder as an entailment/neutral/contradiction cross-encoder."""
    from stance.errors import UsageError
    from stance.train.config import load_train_config
    from stance.train.trainer import train

    cfg = load_train_config(config)
    if output_dir is not None:
        cfg.output_dir = str(output_dir)
    if device is not None:
        cfg.device = device
    if data_root is not None:
        if not data_root.is_dir():
            raise UsageError(f"--data-root {data_root}: no such folder")
        cfg.data_root = str(data_root)
    if base_model is not None:
        cfg.base_model = base_model
    final = train(cfg, resume=resume, force=force, log=lambda m: typer.echo(m, err=True))
    typer.echo(str(final))


def register(app: typer.Typer) -> None:
    app.command("train")(train_command)
