"""Load the analyze configuration: the project defaults in configs/analyze.yaml, then a user file.

The user file is merged into the defaults key by key (nested mappings merge, everything else is
replaced), so a user config only has to name what it changes. These are the raw mappings;
``stance.settings.AnalyzeSettings`` is the typed, checked form the library and CLI use.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from stance.errors import StanceError
from stance.io.yaml_file import load_yaml

DEFAULT_ANALYZE_CONFIG = Path(__file__).resolve().parents[1] / "configs" / "analyze.yaml"


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """One YAML config file's top-level mapping ({} for an empty file)."""
    data, _ = load_yaml(path, "config")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise StanceError(f"{path}: config must be a mapping at the top level")
    return data


def merge_config(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge ``override`` into a copy of ``base``: mappings merge, other values replace."""
    merged: dict[str, Any] = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge_config(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_analyze_config(path: str | Path | None = None) -> dict[str, Any]:
    """The project defaults (when the file exists) merged with the user config at ``path``."""
    config: dict[str, Any] = {}
    if DEFAULT_ANALYZE_CONFIG.is_file():
        config = read_yaml_mapping(DEFAULT_ANALYZE_CONFIG)
    if path is not None:
        config = merge_config(config, read_yaml_mapping(Path(path)))
    return config


def config_section(config: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """One section of an analyze config; an empty or null section means "all defaults"."""
    value = config.get(name) or {}
    if not isinstance(value, Mapping):
        raise StanceError(f"config: section '{name}' must be a mapping")
    return value


def string_map(section: Mapping[str, Any], name: str, key: str) -> dict[str, str]:
    """A section's field that maps strings to strings (aliases, party hints and labels)."""
    value = section.get(key) or {}
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise StanceError(f"config: field '{name}.{key}' must map strings to strings")
    return dict(value)
