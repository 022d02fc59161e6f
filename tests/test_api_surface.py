"""The public names of `import stance`, and what importing it costs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import stance

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "transformers", "spacy", "ray", "onnxruntime")
IMPORT_BUDGET_US = 300_000  # 0.3 s

# Adding a name is a deliberate change of the API (and a line in CHANGELOG.md); removing one
# breaks users' code. Either way this list changes with it.
PUBLIC_NAMES = [
    "AnalysisResult",
    "AnalyzeSettings",
    "BatchOptions",
    "BatchSummary",
    "EvalOptions",
    "Judgement",
    "Metrics",
    "Model",
    "ModelSettings",
    "NoClaimsError",
    "RayOptions",
    "Scores",
    "StanceError",
    "UsageError",
    "analyze",
    "evaluate",
    "load_model",
    "run_batch",
]


def test_public_names_are_pinned() -> None:
    assert stance.__all__ == PUBLIC_NAMES


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in stance.__all__:
        value = getattr(stance, name)
        assert value.__doc__, name
    assert set(PUBLIC_NAMES) <= set(dir(stance))


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        stance.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_errors_share_one_base_class() -> None:
    for name in ("UsageError", "NoClaimsError"):
        assert issubclass(getattr(stance, name), stance.StanceError)
    assert stance.StanceError.__doc__ and stance.StanceError.exit_code == 1
    assert stance.UsageError.exit_code == 2


def test_analyze_is_callable_however_it_was_imported() -> None:
    # The submodule stance.analyze is bound to the package's attribute when it is imported;
    # it is callable as the function, and still a module for code that imports from it.
    import stance.analyze as module
    from stance import analyze

    assert analyze is module is stance.analyze
    assert callable(stance.analyze)
    assert module.analyze_text and module.AnalysisResult is stance.AnalysisResult


def _fresh_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
        timeout=120,
    )


def _imported(stderr: str) -> dict[str, int]:
    """Module -> cumulative import time in microseconds, from -X importtime's report."""
    out: dict[str, int] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line.split(":", 1)[1].split("|"))
        if cumulative.isdigit():
            out[name] = int(cumulative)
    return out


def test_import_stance_is_cheap() -> None:
    proc = _fresh_python("import stance")
    times = _imported(proc.stderr)
    assert "stance" in times, proc.stderr[-2000:]
    heavy = sorted(m for m in times if m.split(".")[0] in HEAVY)
    assert not heavy, heavy
    assert times["stance"] <= IMPORT_BUDGET_US, f"import stance took {times['stance']} us"


def test_settings_and_types_load_no_model_runtime() -> None:
    # Building settings and touching the classes must not pull in a model runtime either.
    code = (
        "import json, sys, stance\n"
        "stance.AnalyzeSettings.load(); stance.ModelSettings('minilm'); stance.Metrics\n"
        "stance.BatchOptions(); stance.EvalOptions(); stance.RayOptions()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    proc = _fresh_python(code)
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not [m for m in loaded if m.split(".")[0] in HEAVY]


def test_package_ships_py_typed() -> None:
    assert (REPO / "stance" / "py.typed").is_file()
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"py.typed"' in pyproject
