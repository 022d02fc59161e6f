"""`stance info`: versions, the CPU and its int8 kernel, and what the default model will run."""

from __future__ import annotations

import json

import typer

from stance.cli.common import handle_errors


def register(app: typer.Typer) -> None:
    @app.command("info")
    @handle_errors
    def info(
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead."),
    ) -> None:
        """Print the stance, Python, ONNX Runtime and torch versions, the CPU's model and flags
        (avx2, avx512f, avx512_vnni, avx_vnni, amx...), and the backend and files the default
        model will use. Include it in bug reports: int8 kernels differ between CPUs."""
        from stance.info import environment_info, format_info

        data = environment_info()
        typer.echo(json.dumps(data, indent=2) if as_json else format_info(data))
