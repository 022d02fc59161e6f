"""What every command shares: turning StanceError into a one-line message and an exit code."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from stance.errors import StanceError

P = ParamSpec("P")
R = TypeVar("R")

BACKEND_HELP = (
    "Inference runtime: onnx (ONNX Runtime, int8; on the default model within 0.5 points of "
    "torch on SNLI and MNLI, several times faster) or torch (transformers). "
    "Default: onnx when the model folder has onnx/model.int8.onnx (both shipped models do), "
    "else torch."
)

MODEL_HELP = (
    "NLI model: a short name (mpnet: models/stance-nli-mpnet, the default; minilm: "
    "models/stance-nli-minilm-l6, about 3x faster, 9 points lower on MNLI), a local folder, "
    "or a hub id of a sequence-classification model with entailment/neutral/contradiction "
    "labels (its label order is read from its config). Default: mpnet, or $STANCE_MODEL."
)

# Exit codes, documented in the README: 0 success, 1 bad input or model, 2 usage.
EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2


def quiet_libraries() -> None:
    """Silence transformers' progress bars and load reports on stderr.

    stderr carries stance's own progress and one line per problem; library chatter would bury it.
    """
    # Environment, not an import: transformers costs half a second to import and the onnx path
    # never needs it. Both variables are read when transformers (or huggingface_hub) loads.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    if "transformers" in sys.modules:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()


def handle_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Print a StanceError as ``error: …`` on stderr and exit with its code, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        quiet_libraries()
        try:
            return fn(*args, **kwargs)
        except StanceError as exc:
            print(f"error: {exc}", file=sys.stderr)
            raise typer.Exit(code=exc.exit_code) from None
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            raise typer.Exit(code=130) from None
        except BrokenPipeError:
            raise typer.Exit(code=EXIT_OK) from None

    return wrapper
