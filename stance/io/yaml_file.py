"""Reading a YAML file with errors that name the file, the line and the problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from stance.errors import StanceError


def load_yaml(path: Path, what: str = "config") -> tuple[Any, str]:
    """Return (parsed data, raw text) of a UTF-8 YAML file; ``what`` names it in errors."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StanceError(f"{path}: {what} file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StanceError(f"{path}: cannot read {what}: {exc}") from None
    try:
        return yaml.safe_load(text), text
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise StanceError(f"{where}: bad YAML: {problem}") from None
