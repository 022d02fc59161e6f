"""A model folder's verdict.json: the verdict thresholds fitted for that model.

``scripts/calibrate_verdicts.py --tiers --write`` writes it beside the weights, so that the
thresholds travel with the model they were measured on: a model's probabilities have their own
scale (MPNet is surer of itself than MiniLM), and one set of thresholds cannot serve both. The
file holds the five thresholds of ``stance.aggregate.Thresholds`` and the provenance of the fit
(command, splits, date, backend, precision and recall); only the thresholds are read here.

    {"format": 1,
     "thresholds": {"contradiction": 0.9, "entailment": 0.55, "agree_max_contradiction": 0.25,
                    "possible_contradiction": 0.25, "possible_entailment": 0.45},
     "provenance": {"command": "...", ...}}
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from stance.aggregate import THRESHOLD_KEYS, Thresholds, VerdictConfig
from stance.errors import StanceError

VERDICT_FILE = "verdict.json"
FORMAT = 1


def verdict_file_of(model_ref: str | Path | None) -> Path | None:
    """The verdict.json of a local model folder, or None: a hub id, a folder without one."""
    if model_ref is None:
        return None
    path = Path(model_ref).expanduser() / VERDICT_FILE
    return path if path.is_file() else None


def read_verdict_file(path: Path) -> dict[str, float]:
    """The thresholds of one verdict.json, checked; StanceError naming the file and key."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StanceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StanceError(f"{path}: not valid JSON: {exc}") from None
    return parse_verdict_file(data, str(path))


def parse_verdict_file(data: Any, where: str) -> dict[str, float]:
    """The thresholds of a parsed verdict.json (``where`` names it in errors)."""
    if not isinstance(data, dict):
        raise StanceError(f"{where}: must be a JSON object")
    if data.get("format") != FORMAT:
        raise StanceError(f"{where}: format: expected {FORMAT}, got {data.get('format')!r}")
    section = data.get("thresholds")
    if not isinstance(section, dict):
        raise StanceError(f"{where}: thresholds: must be an object")
    unknown = sorted(set(section) - set(THRESHOLD_KEYS))
    if unknown:
        raise StanceError(f"{where}: thresholds: unknown key(s) {', '.join(unknown)}")
    # All five or none: a file is one fit, and half a fit mixed with defaults was never measured.
    missing = [key for key in THRESHOLD_KEYS if key not in section]
    if missing:
        raise StanceError(f"{where}: thresholds: missing {', '.join(missing)}")
    values: dict[str, float] = {}
    for key in THRESHOLD_KEYS:
        value = section[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise StanceError(
                f"{where}: thresholds.{key}: must be a number in [0, 1], got {value!r}"
            )
        values[key] = float(value)
    for tier, flag in (
        ("possible_contradiction", "contradiction"),
        ("possible_entailment", "entailment"),
    ):
        if values[tier] > values[flag]:
            raise StanceError(
                f"{where}: thresholds.{tier} ({values[tier]}) is above "
                f"thresholds.{flag} ({values[flag]}): the lower bar must be lower"
            )
    if "provenance" in data and not isinstance(data["provenance"], dict):
        raise StanceError(f"{where}: provenance: must be an object")
    return values


def thresholds_for(config: VerdictConfig, model_ref: str | Path | None) -> Thresholds:
    """The thresholds in force for the model at ``model_ref`` (its folder or hub id): the
    config's values, else the folder's verdict.json, else the defaults."""
    path = verdict_file_of(model_ref)
    if path is None or all(value is not None for value in config.as_dict().values()):
        return config.resolve()
    stat = path.stat()
    values = _read_once(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    return config.resolve(dict(values), str(path))


@lru_cache(maxsize=32)
def _read_once(path: str, mtime_ns: int, size: int) -> dict[str, float]:
    """One verdict.json read per version of the file: a corpus analysis resolves the thresholds
    for every batch of articles, and the file only changes when a fit rewrites it."""
    del mtime_ns, size  # part of the cache key only
    return read_verdict_file(Path(path))
