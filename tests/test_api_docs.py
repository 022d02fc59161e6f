"""Every example of the Python API's documentation runs: docs/api.md and the docstrings of the
public modules (doctest, from the repository's root, with the embedded model)."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

# The modules whose docstrings hold examples of the public API.
PUBLIC_MODULES = (
    "stance",
    "stance.api",
    "stance.model",
    "stance.settings",
    "stance.errors",
    "stance.infer.models",
)


def _embedded_model_present() -> bool:
    from stance.infer.backend import default_model_path

    return (default_model_path() / "config.json").is_file()


pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not _embedded_model_present(), reason="embedded model not built yet"),
]


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The examples name files as a user at the repository's root would, and write into
    # tempfile.mkdtemp() folders: under this test's tmp_path, which pytest cleans up.
    import tempfile

    monkeypatch.chdir(REPO)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def test_api_walkthrough_runs() -> None:
    result = doctest.testfile(
        str(REPO / "docs" / "api.md"), module_relative=False, optionflags=FLAGS, verbose=False
    )
    assert result.attempted > 40, result
    assert result.failed == 0, result


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, verbose=False)
    assert result.failed == 0, result


def test_every_public_module_has_examples() -> None:
    finder = doctest.DocTestFinder()
    for name in PUBLIC_MODULES:
        tests = finder.find(importlib.import_module(name))
        assert any(t.examples for t in tests), name
