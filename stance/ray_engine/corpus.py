"""`stance analyze CORPUS -o OUT.jsonl --engine ray`: the corpus job on Ray, with the local
engine's output.

The articles are analyzed by a pool of actors (``articles.AnalyzeArticles``), but what the
user gets is what ``--engine local`` writes: OUT.jsonl in input order, byte for byte,
OUT.rejects.jsonl under ``--skip-bad`` and OUT.summary.json with the same totals. The batch
Ray engine's machinery does the work (``read``, ``run``, ``shards``, ``runtime``):

1. **Checks, before Ray starts**: OUT's name, ``OUT.lock`` (one writer, the local engine's
   lock: a local and a ray job on one OUT exclude each other), existing files without
   ``--resume``/``--force``, the model folder; on ``--resume``, the job file of the shards.
2. **Census** (``run.take_census``): every row parsed and validated by the local engine's
   reader (``stance.corpus.ArticleSpec``), in units of ``--articles-per-batch`` rows of one
   file. Without ``--skip-bad`` the first bad row stops the job with the local engine's line
   (``FILE:LINE: field 'text': missing field``), before any model loads or anything is
   written (the local engine writes the articles before it first).
3. **Analysis** (``run.map_units``): the units without a shard go to the actors, each of which
   writes its unit's shard, atomically, into the folder ``OUT.jsonl.shards/``.
4. **Check and manifest** (``run.verify_shards``): one shard per unit with articles, each
   with its unit's count of documents; then ``_manifest.json``, written last in the folder.
5. **Assembly** (no Ray): OUT is the shards concatenated in input order (shard names sort in
   input order), written to a temporary file, fsynced and renamed, so it appears whole; then
   OUT.rejects.jsonl, then OUT.summary.json (its presence means done, as for the local
   engine), then the folder of shards is removed.

**Resume is by shard.** A killed job leaves whole shards (atomic writes) and no OUT; ``--resume``
analyzes only the units without a shard, and since every article's document is the one it
gets alone, the assembled OUT equals an uninterrupted run's. A job killed after the manifest
resumes without starting Ray (assembly only). A job file that differs (another input,
``--articles-per-batch``, model, config) stops the job: resume with the options it started
with, or ``--force``. A local job's partial OUT cannot be resumed by this engine, nor the
shards of a ray job by the local one: each says so in one line.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stance.corpus import (
    CorpusOptions,
    CorpusPaths,
    CorpusSource,
    CorpusSummary,
    check_corpus_output,
    remove_shards,
    write_json_atomic,
)
from stance.errors import StanceError, UsageError
from stance.io.jsonl_out import _fsync_dir
from stance.io.output_lock import hold_output_lock
from stance.ray_engine.options import RayOptions, settings_spec
from stance.ray_engine.runtime import Session, import_ray, one_line_error, ray_session
from stance.ray_engine.shards import MANIFEST_FILE, REJECTS_FILE, OutputDir, drop_temporaries

if TYPE_CHECKING:
    from stance.batch import ProgressHook
    from stance.model import ModelSettings
    from stance.ray_engine.read import InputPlan, UnitSpec
    from stance.ray_engine.run import Census
    from stance.settings import AnalyzeSettings

JOB_VERSION = 1


@dataclass
class RayCorpusSummary(CorpusSummary):
    """``CorpusSummary`` (its ``as_dict`` is OUT.summary.json, the same keys as local) plus
    what the Ray run did."""

    shards: int = 0
    workers: int = 0
    startup_seconds: float = 0.0  # ray.init (0 when an open session was reused)
    actors: set[tuple[str, int]] = field(default_factory=set)  # (node id, pid) that analyzed
    finished_before: bool = False  # --resume of a finished OUT: nothing to do


# ------------------------------------------------------------------------------ pure parts


def article_units(opts: CorpusOptions) -> UnitSpec:
    """The units: ``--articles-per-batch`` rows of one file, read by the local engine's spec."""
    from stance.ray_engine.articles import ARTICLES
    from stance.ray_engine.read import UnitSpec

    return UnitSpec(opts.fields, ARTICLES, opts.articles_per_batch)


def actor_model(model: ModelSettings, ray_options: RayOptions) -> ModelSettings:
    """What each actor loads: the model folder and backend resolved on the driver (so every
    actor, and a resumed job, loads the same one; the documents' ``model.revision_or_path`` is
    the absolute folder either way), threads defaulting to the CPUs each actor reserves."""
    from stance.ray_engine.run import _model_ref_and_backend

    if ray_options.gpu:
        raise UsageError("stance analyze --engine ray runs on CPUs (no --gpus-per-worker)")
    if model.device != "cpu":
        raise UsageError("stance analyze --engine ray runs on CPUs (device must be cpu)")
    spec = _model_ref_and_backend(settings_spec(model, ray_options))
    return dataclasses.replace(
        model, name_or_path=spec.model, backend=spec.backend, threads=spec.threads
    )


def _fields(opts: CorpusOptions) -> dict[str, Any]:
    """What the job reads of each row. ``html`` only when --text-html is given: the job file
    of a job without it stays as it was before the option existed, so that job resumes."""
    fields: dict[str, Any] = {"text": opts.fields.text, "id": opts.fields.id}
    if opts.fields.html:
        fields["html"] = True
    return fields


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def job_record(
    plan: InputPlan, model: ModelSettings, settings: AnalyzeSettings, opts: CorpusOptions
) -> dict[str, Any]:
    """What decides the units and the documents: a resumed job must match it. The config is
    recorded by digest (its full text would make a mismatch message unreadable)."""
    source = plan.source if "://" in plan.source or plan.hf else str(Path(plan.source).resolve())
    job = {
        "version": JOB_VERSION,
        "engine": "ray",
        "command": "analyze",
        "input": source,
        "input_signature": plan.signature(),
        "fields": _fields(opts),
        "articles_per_batch": opts.articles_per_batch,
        "model": str(model.name_or_path),
        "backend": model.backend,
        "max_length": model.max_length,
        "label_map": dict(model.label_map) if model.label_map else None,
        "config": _digest(settings.to_dict()),
    }
    # As the job file reads back (tuples become lists), so a resumed job compares equal.
    value: dict[str, Any] = json.loads(json.dumps(job))
    return value


def assemble(
    work: OutputDir, shards: list[str], paths: CorpusPaths, summary: CorpusSummary
) -> None:
    """OUT from the shards, in the order given (input order), whole or not at all: a
    temporary file beside OUT, fsynced, renamed over OUT. The documents are counted into
    ``summary`` on the way (one shard in memory at a time). Then OUT.rejects.jsonl from the
    census's rejects in the folder (removed when there are none)."""
    tmp = paths.final.with_name(f".{paths.final.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("wb") as fh:
            for name in shards:
                data = work.read_bytes(name)
                for line in data.splitlines():
                    summary.count(json.loads(line))
                fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, paths.final)
    except OSError as exc:
        raise StanceError(f"{paths.final}: cannot write: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(paths.final)
    summary.rejects = 0
    summary.rejects_path = None
    if work.exists(REJECTS_FILE):
        data = work.read_bytes(REJECTS_FILE)
        _write_atomic(paths.rejects, data)
        summary.rejects = data.count(b"\n")
        summary.rejects_path = paths.rejects
    else:
        paths.rejects.unlink(missing_ok=True)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise StanceError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path)


def manifest_record(
    job: dict[str, Any],
    paths: CorpusPaths,
    model_info: dict[str, Any] | None,
    opts: CorpusOptions,
    ray_options: RayOptions,
    census: Census,
    total: int,
    shards: list[str],
    seconds: float,
    session: Session,
    actors: set[tuple[str, int]],
) -> dict[str, Any]:
    from stance.ray_engine.run import versions

    return {
        "engine": "ray",
        "command": "analyze",
        **versions(),
        "input": job["input"],
        "input_signature": job["input_signature"],
        "output": str(paths.final),
        "model": model_info or {"revision_or_path": job["model"], "backend": job["backend"]},
        "options": {
            "fields": job["fields"],
            "articles_per_batch": job["articles_per_batch"],
            "skip_bad": opts.skip_bad,
            "workers": ray_options.workers,
            "cpus_per_worker": ray_options.cpus_per_worker,
            "address": ray_options.address,
        },
        "articles": total,
        "rejects": census.bad,
        "shards": shards,
        "seconds": round(seconds, 3),
        "ray_startup_seconds": round(session.startup_seconds, 3),
        "actors": [{"node": node, "pid": pid} for node, pid in sorted(actors)],
    }


# ------------------------------------------------------------------------------------ run


def run_ray_corpus(
    source: CorpusSource,
    output: str | Path,
    model: ModelSettings,
    settings: AnalyzeSettings,
    options: CorpusOptions | None = None,
    ray_options: RayOptions | None = None,
    progress: ProgressHook | None = None,
) -> RayCorpusSummary:
    """Analyze every article of SOURCE into OUTPUT (JSONL) on Ray; see the module docstring."""
    opts = options or CorpusOptions()
    ropts = ray_options or RayOptions()
    ropts.validate()
    paths = CorpusPaths.of(output)  # a bad name is a usage error before a lock file exists
    import_ray()
    with hold_output_lock(output):
        check_corpus_output(output, source, resume=opts.resume, force=opts.force)
        return _run(source, paths, model, settings, opts, ropts, progress)


def _finished(paths: CorpusPaths, summary: RayCorpusSummary, started: float) -> RayCorpusSummary:
    """--resume of an OUT whose summary is there: nothing to do; the totals are the file's."""
    try:
        done = json.loads(paths.summary.read_text(encoding="utf-8"))
        flags = done.get("flags") or {}
        summary.articles = summary.already_done = int(done["articles"])
        summary.claims, summary.pairs = int(done["claims"]), int(done["pairs"])
        summary.contradict, summary.agree = int(flags["contradict"]), int(flags["agree"])
        possible = done.get("possible") or {}  # absent in a summary written before tiers
        summary.possible_contradict = int(possible.get("contradict", 0))
        summary.possible_agree = int(possible.get("agree", 0))
        summary.no_claims = int(done.get("articles_without_claims", 0))
        summary.rejects = int(done.get("rejects", 0))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StanceError(
            f"{paths.summary}: unreadable ({exc}); use --force to start over"
        ) from None
    summary.rejects_path = paths.rejects if paths.rejects.exists() else None
    summary.finished_before = True
    summary.seconds = time.monotonic() - started
    return summary


def _run(
    source: CorpusSource,
    paths: CorpusPaths,
    model: ModelSettings,
    settings: AnalyzeSettings,
    opts: CorpusOptions,
    ropts: RayOptions,
    progress: ProgressHook | None,
) -> RayCorpusSummary:
    from stance.ray_engine.read import plan_input
    from stance.ray_engine.run import check_output, finished_manifest

    started = time.monotonic()
    summary = RayCorpusSummary(paths.final, workers=ropts.workers)
    work = OutputDir(paths.shards)
    plan = plan_input(source)
    # The shard folder's own checks (a file in its place, files stance did not write there).
    check_output(work, plan.source, resume=opts.resume, force=opts.force)
    model = actor_model(model, ropts)
    job = job_record(plan, model, settings, opts)
    if opts.resume:
        if work.state() == "missing":
            if paths.summary.exists() and paths.final.exists():
                return _finished(paths, summary, started)
            if paths.final.exists() or paths.rejects.exists():
                raise StanceError(
                    f"{paths.final}: an interrupted --engine local job (no {paths.shards.name} "
                    "folder of shards); resume it with --engine local, or use --force to start "
                    "over"
                )
        else:
            manifest = finished_manifest(work, job)
            if manifest is not None:
                # Killed after every shard was checked: what is left needs no Ray.
                summary.already_done = int(manifest.get("articles", 0))
                return _finish(work, list(manifest.get("shards", [])), paths, summary, started)

    with ray_session(ropts) as session:
        summary.startup_seconds = session.startup_seconds
        shards = _analyze(
            plan,
            work,
            paths,
            job,
            model,
            settings,
            opts,
            ropts,
            progress,
            session,
            summary,
            started,
        )
    return _finish(work, shards, paths, summary, started)


def _analyze(
    plan: InputPlan,
    work: OutputDir,
    paths: CorpusPaths,
    job: dict[str, Any],
    model: ModelSettings,
    settings: AnalyzeSettings,
    opts: CorpusOptions,
    ropts: RayOptions,
    progress: ProgressHook | None,
    session: Session,
    summary: RayCorpusSummary,
    started: float,
) -> list[str]:
    """Census, the actors, the check and the manifest; returns the shards in input order."""
    from stance.ray_engine.articles import AnalyzeArticles
    from stance.ray_engine.run import map_units, open_output, take_census, verify_shards

    units = article_units(opts)
    try:
        census = take_census(plan, units, opts.skip_bad, max(2, ropts.workers))
    except Exception as exc:
        raise one_line_error(exc, session) from None
    # Only now is anything touched: a bad row without --skip-bad has left every file as it was.
    if opts.force:
        for path in (paths.final, paths.rejects):
            path.unlink(missing_ok=True)
    # A summary describes a finished job; while this one runs there is none.
    paths.summary.unlink(missing_ok=True)
    done, todo = open_output(work, job, census, force=opts.force)
    summary.already_done = sum(n for k, n in census.good.items() if k in done)
    if progress is not None:
        progress.start(census.total, summary.already_done)
    model_info: dict[str, Any] | None = None
    if todo:
        kwargs = {"model": model, "settings": settings, "out": work}
        try:
            for row in map_units(plan, units, todo, ropts, AnalyzeArticles, kwargs):
                summary.actors.add((str(row["node"]), int(row["pid"])))
                model_info = model_info or json.loads(row["model"])
                if progress is not None:
                    progress.advance(int(row["rows"]))
        except Exception as exc:
            raise one_line_error(exc, session) from None
    summary.written = sum(census.good[k] for k in todo)
    # Every actor is gone now: a temporary file left is a killed writer's, never a live one's.
    drop_temporaries(work)
    total, shards = verify_shards(work, census)
    work.write_json(
        MANIFEST_FILE,
        manifest_record(
            job,
            paths,
            model_info,
            opts,
            ropts,
            census,
            total,
            shards,
            time.monotonic() - started,
            session,
            summary.actors,
        ),
    )
    return shards


def _finish(
    work: OutputDir,
    shards: list[str],
    paths: CorpusPaths,
    summary: RayCorpusSummary,
    started: float,
) -> RayCorpusSummary:
    """Assemble OUT and its rejects, write the summary (done), remove the shards."""
    assemble(work, shards, paths, summary)
    summary.shards = len(shards)
    summary.seconds = time.monotonic() - started
    write_json_atomic(paths.summary, summary.as_dict())
    remove_shards(paths.shards)
    return summary
