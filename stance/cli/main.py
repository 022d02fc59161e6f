"""The `stance` command: one sub-command per job, each a thin wrapper over the library."""

from __future__ import annotations

import importlib
import os

# Waiting OpenMP threads sleep instead of spinning. Must be set before torch loads: on a
# shared 2-core machine, spinning threads made a training step 10x slower (15 s vs 1.5 s).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import typer

app = typer.Typer(
    name="stance",
    help="Find where the sources quoted in a text agree and where they contradict each other.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main() -> None:
    """Find where the sources quoted in a text agree and where they contradict each other.

    Exit codes: 0 success, 1 bad input or model, 2 usage.
    """


# Each module defines `register(app)`; a command whose module is absent is simply not offered.
_COMMANDS = ("analyze", "batch", "eval", "train", "export", "info")
for _name in _COMMANDS:
    try:
        _module = importlib.import_module(f"stance.cli.{_name}_cmd")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"stance.cli.{_name}_cmd":
            raise
        continue
    _module.register(app)


if __name__ == "__main__":
    app()
