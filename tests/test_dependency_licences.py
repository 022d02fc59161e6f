"""The README's "Dependencies and licences" table: every runtime dependency of pyproject.toml,
no other, and trafilatura's licence as its metadata states it."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

from conftest import load_script

REPO = Path(__file__).resolve().parents[1]


def script() -> ModuleType:
    return load_script("scripts/dependency_licences.py")


def readme_rows() -> dict[str, str]:
    """The table's rows: package name -> its licence cell."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Dependencies and licences", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and (match := re.match(r"([A-Za-z0-9_.-]+) \(", cells[0])):
            rows[match.group(1)] = cells[2]
    return rows


def test_the_table_lists_every_runtime_dependency() -> None:
    assert list(readme_rows()) == script().requirement_names()


def test_trafilaturas_licence_is_its_metadatas() -> None:
    licence, field = script().licence("trafilatura")
    assert (licence, field) == ("Apache-2.0", "License-Expression")
    assert readme_rows()["trafilatura"] == f"{licence} (`{field}`)"


def test_a_package_without_a_licence_says_so(monkeypatch) -> None:
    module = script()
    monkeypatch.setattr(module, "metadata", lambda name: _Meta({"Name": name}))
    assert module.licence("quiet") == ("not stated in metadata", "-")
    long_text = "License agreement for x\n=====\n" + "words " * 40
    monkeypatch.setattr(
        module,
        "metadata",
        lambda name: _Meta(
            {"License": long_text},
            ["License :: OSI Approved :: Python Software Foundation License"],
        ),
    )
    assert module.licence("x") == ("Python Software Foundation License", "classifier")


class _Meta:
    """What ``licence`` reads of ``importlib.metadata.metadata``'s result."""

    def __init__(self, fields: dict[str, str], classifiers: list[str] | None = None) -> None:
        self.fields = fields
        self.classifiers = classifiers or []

    def get_all(self, key: str) -> list[str] | None:
        if key == "Classifier":
            return self.classifiers
        return [self.fields[key]] if key in self.fields else None
