"""Print the licence of each runtime dependency, as the installed package's metadata states it.

    python scripts/dependency_licences.py

The README's "Dependencies and licences" table comes from this output. Only what the metadata
says is reported, and from which field: ``License-Expression`` (an SPDX expression), else a
one-line ``License``, else the ``License ::`` classifiers; a package stating none of them is
"not stated in metadata".
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageMetadata, PackageNotFoundError, metadata, version
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def requirement_names(extras: tuple[str, ...] = ("ray",)) -> list[str]:
    """The distributions pyproject.toml requires at run time (and in ``extras``), in its order."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    return [re.split(r"[\s\[<>=!~;]", req, maxsplit=1)[0] for req in requirements]


def licence(name: str) -> tuple[str, str]:
    """(licence, the metadata field it comes from) of the installed distribution ``name``."""
    meta = metadata(name)
    expression = _field(meta, "License-Expression")
    if expression:
        return expression, "License-Expression"
    text = _field(meta, "License")
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    # A License field that holds the licence's whole text names no licence by itself.
    if text and "\n" not in text and len(text) <= 80:
        return text, "License"
    if classifiers:
        return "; ".join(classifiers), "classifier"
    return "not stated in metadata", "-"


def _field(meta: PackageMetadata, key: str) -> str:
    # get_all, not get: a missing key is then None without a deprecation warning.
    values = meta.get_all(key) or []
    return str(values[0]).strip() if values else ""


def main() -> None:
    print("| package | version | licence | metadata field |")
    print("|---|---|---|---|")
    for name in requirement_names():
        try:
            found, where = licence(name)
            installed = version(name)
        except PackageNotFoundError:
            found, where, installed = "not installed", "-", "-"
        print(f"| {name} | {installed} | {found} | {where} |")


if __name__ == "__main__":
    main()
