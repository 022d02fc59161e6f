"""stance: where the sources quoted in a text agree and where they contradict each other.

The Python API, in three lines (from the repository's root):

>>> import stance
>>> result = stance.analyze(open("seeds/000_4a66804ddd20a484.txt").read())
>>> print(result)                       # doctest: +ELLIPSIS, +NORMALIZE_WHITESPACE
─...─ <text> ─...─
Speakers and their parties
...

Load a model once with ``stance.load_model()`` to score pairs (``Model.predict``), judge one
pair both ways (``Model.judge``), or pass it to ``analyze``, ``run_batch`` and ``evaluate``.
Settings are typed (``AnalyzeSettings``, ``BatchOptions``, ``EvalOptions``,
``ModelSettings``); every error meant for the user is a ``StanceError``. docs/api.md walks
through it all.

``import stance`` is cheap: the names below are imported at their first use (PEP 562), so no
model runtime (torch, transformers, ONNX Runtime), spaCy or Ray loads until a function needs it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from stance.errors import NoClaimsError, StanceError, UsageError

__version__ = "0.1.0"

# Public name -> the module that defines it. Adding a name here (and to __all__) is a
# deliberate change of the API: tests/test_api_surface.py pins the list.
_LAZY = {
    "AnalysisResult": "stance.analyze",
    "AnalyzeSettings": "stance.settings",
    "BatchOptions": "stance.batch",
    "BatchSummary": "stance.batch",
    "EvalOptions": "stance.eval.run",
    "Judgement": "stance.model",
    "Metrics": "stance.eval.result",
    "Model": "stance.model",
    "ModelSettings": "stance.model",
    "RayOptions": "stance.ray_engine.options",
    "Scores": "stance.model",
    "evaluate": "stance.api",
    "load_model": "stance.model",
    "run_batch": "stance.api",
}

__all__ = [
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

if TYPE_CHECKING:
    from stance.analyze import AnalysisResult
    from stance.api import analyze, evaluate, run_batch
    from stance.batch import BatchOptions, BatchSummary
    from stance.eval.result import Metrics
    from stance.eval.run import EvalOptions
    from stance.model import Judgement, Model, ModelSettings, Scores, load_model
    from stance.ray_engine.options import RayOptions
    from stance.settings import AnalyzeSettings


def __getattr__(name: str) -> Any:
    if name == "analyze":
        # The submodule stance.analyze is callable as the function (see its docstring): Python
        # binds it to this attribute whenever it is imported, so it must be what we return.
        return importlib.import_module("stance.analyze")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'stance' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
