"""The public entry points: analyze a text, run a batch job, evaluate a labeled set.

Each takes what a notebook has at hand (a string, a path, a list of rows, a
``datasets.Dataset``, a model name or a loaded ``Model``), checks the request, loads the model
when it is needed and not before, and calls the library. The ``stance`` command calls these
same functions, so a script and the CLI give the same output and the same errors.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from stance.errors import StanceError, UsageError

if TYPE_CHECKING:
    from datasets import Dataset

    from stance.analyze import AnalysisResult
    from stance.batch import BatchOptions, BatchSummary, ProgressHook
    from stance.eval.result import Metrics
    from stance.eval.run import EvalOptions
    from stance.infer.backend import NLIBackend
    from stance.io.memory_input import MemoryRows
    from stance.model import ModelLike
    from stance.ray_engine.options import RayOptions
    from stance.settings import AnalyzeSettings

__all__ = ["analyze", "evaluate", "prepare_analysis", "run_batch"]

# Inputs of run_batch and evaluate: a path (file, folder, saved dataset), a cached dataset's
# name, or rows in memory (mappings or (premise, hypothesis) pairs, or a datasets.Dataset).
# A string alias: datasets is imported for type checkers only (it takes seconds to import).
PairData: TypeAlias = (
    "str | Path | Iterable[Mapping[str, Any]] | Iterable[tuple[str, str]] | Dataset"
)


def analyze(
    text: str,
    model: ModelLike = None,
    config: AnalyzeSettings | str | Path | Mapping[str, Any] | None = None,
    *,
    name: str = "<text>",
) -> AnalysisResult:
    """Claims, parties, cross-party pairs and their verdicts in one article.

    ``model``: a loaded ``Model`` (best when analyzing many texts), ``ModelSettings``, a name
    or path, or None for the embedded model (loaded at the first call, then reused).
    ``config``: ``AnalyzeSettings``, a YAML file or a mapping merged over
    configs/analyze.yaml (as ``--config``), or None for the defaults. ``name`` is the
    ``source`` recorded in the result. Raises ``NoClaimsError`` when no attributed claim is
    found, StanceError for a bad config or model.

    >>> import stance
    >>> text = open("seeds/000_4a66804ddd20a484.txt", encoding="utf-8").read()
    >>> result = stance.analyze(text)
    >>> sorted(result.parties())
    ['Iran', 'United States']
    >>> result                                  # doctest: +ELLIPSIS
    AnalysisResult(source='<text>', claims=..., parties=2, pairs=..., contradict=..., agree=...)
    """
    from stance.analyze import analyze_text

    if not isinstance(text, str):
        raise StanceError(f"{name}: expected the article as a str, got {type(text).__name__}")
    settings = analyze_settings(config)
    backend = prepare_analysis(model, settings)
    return analyze_text(text, backend, settings, name=name)


def analyze_settings(
    config: AnalyzeSettings | str | Path | Mapping[str, Any] | None,
) -> AnalyzeSettings:
    """``config`` as settings: a file or a mapping is merged over configs/analyze.yaml."""
    from stance.config import load_analyze_config, merge_config
    from stance.settings import AnalyzeSettings, default_settings

    if isinstance(config, AnalyzeSettings):
        return config
    if config is None:
        return default_settings()
    if isinstance(config, str | Path):
        return AnalyzeSettings.load(config)
    if isinstance(config, Mapping):
        # No file to name in errors: the messages name the config key.
        return AnalyzeSettings.from_dict(merge_config(load_analyze_config(), config))
    raise StanceError(
        f"config: expected AnalyzeSettings, a YAML file or a mapping, got {type(config).__name__}"
    )


def prepare_analysis(model: ModelLike, settings: AnalyzeSettings) -> NLIBackend:
    """The backend for ``model``, with what analyzing needs loaded beside it.

    The dependency parser starts loading in a background thread before the model (on another
    core, while the model loads), and the relevance embedder right after it, so the first
    article does not wait for each in turn. Both are loaded once per process.
    """
    from stance.analyze import default_embedder
    from stance.model import ModelSettings, backend_of

    loads = model is None or isinstance(model, str | Path | ModelSettings)
    if settings.extract.parser and loads:
        from stance.extract.parse import prefetch_parser

        prefetch_parser()
    backend = backend_of(model)
    default_embedder(backend, settings.pairing)
    return backend


def run_batch(
    data: PairData,
    output: str | Path,
    *,
    model: ModelLike = None,
    options: BatchOptions | None = None,
    progress: ProgressHook | None = None,
    engine: str = "local",
    ray: RayOptions | None = None,
) -> BatchSummary:
    """Score every (premise, hypothesis) pair of ``data`` into ``output`` (.jsonl or .parquet).

    ``data``: anything ``stance batch`` reads (a file, a folder, a saved or cached dataset), a
    list of mappings or of pairs, or a ``datasets.Dataset``. ``options`` (``BatchOptions``)
    carries ``resume``, ``force``, ``skip_bad`` (bad rows go to ``OUTPUT.rejects.jsonl``), field
    names and chunk sizes, with the CLI's meaning. An existing output without ``resume`` or
    ``force`` is a UsageError; a bad row without ``skip_bad`` is a StanceError naming it.
    ``engine="ray"`` runs the job on Ray (``ray``: ``RayOptions``; ``output`` is then a folder
    of shards, and ``data`` must be a path or a dataset name). Returns the ``BatchSummary``.

    >>> import stance, tempfile
    >>> out = tempfile.mkdtemp() + "/scores.jsonl"
    >>> pairs = [("It rained all night.", "The streets are wet."),
    ...          ("The shop is closed on Sundays.", "The shop opens every day.")]
    >>> summary = stance.run_batch(pairs, out)
    >>> summary.written, summary.rejected
    (2, 0)
    """
    from stance.batch import BatchOptions

    opts = options or BatchOptions()
    source = pair_source(data)
    if engine == "ray":
        return _run_ray(source, output, model, opts, ray, progress)
    if engine != "local":
        raise UsageError(f"--engine {engine}: choose local or ray")
    if ray is not None:
        raise UsageError("ray options need engine='ray'")

    from stance.batch import OutputPaths, check_output
    from stance.batch import run_batch as score_into
    from stance.io.output_lock import hold_output_lock
    from stance.model import backend_of

    OutputPaths.of(output)  # a bad output name is a usage error before any lock file exists
    # One writer per output from the first look at it, through the model load and the job.
    with hold_output_lock(output):
        check_output(output, source, resume=opts.resume, force=opts.force)
        return score_into(source, output, backend_of(model), opts, progress)


def _run_ray(
    source: str | Path | MemoryRows,
    output: str | Path,
    model: ModelLike,
    opts: BatchOptions,
    ray: RayOptions | None,
    progress: ProgressHook | None,
) -> BatchSummary:
    from stance.io.memory_input import MemoryRows
    from stance.model import ModelSettings
    from stance.ray_engine.options import RayOptions, settings_spec
    from stance.ray_engine.run import run_ray_batch

    if isinstance(source, MemoryRows):
        raise UsageError("engine ray reads files, folders and datasets by name, not rows in memory")
    if model is None or isinstance(model, str | Path):
        model = ModelSettings(model)
    if not isinstance(model, ModelSettings):
        raise UsageError(
            "engine ray loads the model in each worker: pass its name or "
            "ModelSettings, not a loaded model"
        )
    if model.device != "cpu":
        raise UsageError("--device: with --engine ray, use --gpus-per-worker")
    ray_options = ray or RayOptions()
    ray_options.validate()
    spec = settings_spec(model, ray_options)
    return run_ray_batch(source, output, spec, opts, ray_options, progress)


def evaluate(
    data: PairData | None = None,
    output: str | Path | None = None,
    *,
    model: ModelLike = None,
    options: EvalOptions | None = None,
    progress: Callable[[int | None], Any] | None = None,
) -> Metrics:
    """Evaluate the model on labeled pairs; returns the metrics report.md is made from.

    ``data``: a labeled pair file (anything ``stance batch`` reads, with a ``label`` field), a
    list of labeled mappings or a ``datasets.Dataset``; or None with ``options.set_name`` for a
    built-in set. ``output``: the report folder (metrics.json, report.md, report.html,
    predictions.jsonl); None writes the report to a temporary folder and drops it.
    ``options`` (``EvalOptions``) carries the other ``stance eval`` options (label map, task,
    limit, ...). ``progress`` makes a progress callback from the expected row count.

    >>> import stance
    >>> metrics = stance.evaluate("docs/examples/pairs.jsonl")
    >>> metrics.n, metrics.labels
    (6, ('entailment', 'neutral', 'contradiction'))
    >>> print(metrics.to_markdown())            # doctest: +ELLIPSIS
    # stance eval: docs/examples/pairs.jsonl
    <BLANKLINE>
    | metric | value |
    ...
    """
    from stance.eval.result import Metrics
    from stance.eval.run import EvalOptions, run_eval
    from stance.model import Model, ModelSettings

    opt = options or EvalOptions()
    if data is not None:
        opt = replace(opt, input=pair_source(data))
    backend: NLIBackend | None = None
    if isinstance(model, Model):
        backend = model.backend
    elif model is None or isinstance(model, str | Path | ModelSettings):
        if model is not None:
            load = model if isinstance(model, ModelSettings) else ModelSettings(model)
            # run_eval loads it itself, after reading the input: input errors come first.
            ref = None if load.name_or_path is None else str(load.name_or_path)
            opt = replace(
                opt,
                model=ref,
                backend=load.backend,
                threads=load.threads,
                device=load.device,
                max_length=load.max_length,
            )
    else:
        backend = model
    if output is None and opt.output is None:
        with tempfile.TemporaryDirectory(prefix="stance-eval-") as tmp:
            result = run_eval(
                replace(opt, output=Path(tmp)), backend=backend, progress_factory=progress
            )
            return Metrics.from_dict(result.metrics)
    out = Path(output) if output is not None else opt.output
    result = run_eval(replace(opt, output=out), backend=backend, progress_factory=progress)
    return Metrics.from_dict(result.metrics, output=out, predictions=result.predictions_path)


def pair_source(data: PairData) -> str | Path | MemoryRows:
    """A path or dataset name as it is; anything else as rows held in memory."""
    from stance.io.memory_input import MemoryRows

    if isinstance(data, str | Path | MemoryRows):
        return data
    if isinstance(data, Mapping) or not (isinstance(data, Iterable) or _is_dataset(data)):
        raise StanceError(
            f"input: expected a path, a dataset, or an iterable of rows, got {type(data).__name__}"
        )
    return MemoryRows(data)


def _is_dataset(data: object) -> bool:
    from stance.io.memory_input import is_dataset

    return is_dataset(data)
