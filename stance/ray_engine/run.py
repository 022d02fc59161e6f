"""`stance batch --engine ray`: the orchestration, on the driver.

1. **Checks, before Ray starts**: options, OUTPUT (an existing folder needs ``--resume`` or
   ``--force``; a file is refused), the model folder, and on ``--resume`` the job file: the
   input and every option that decides the units or the numbers must be those the job
   started with. A finished job (manifest present) resumes to a no-op.
2. **Pass 1, the census** (Ray tasks, in input order): every row is parsed and validated, and
   each chunk unit's key and good-row count come back, with the bad rows. Without
   ``--skip-bad`` the first bad row stops the job here (exit 1, its one line), before any
   model loads or anything is written; with it they go to ``OUTPUT/_rejects.jsonl``.
3. **Pass 2, scoring**: the units that have no shard yet are parsed again and sent to a pool of
   model actors (``score.ScoreChunks``), which write one shard per unit. Actors are restarted
   and their calls retried when they die (``max_restarts=-1``, ``max_task_retries=-1``).
4. **Check and manifest**: the shards must be exactly the census's units with good rows, each
   holding exactly its unit's count of records; only then is ``_manifest.json`` written.

**Resume is by completed shard.** A shard exists whole or not at all (atomic writes), and its
name is its unit's key (file position, first line, content digest). A resumed job scores
exactly the units without a shard, and each unit is scored as a whole, just as in an
uninterrupted run: the output equals the uninterrupted run's, record for record, and no record
can appear twice (ids repeated in the input do not matter: units are told apart by position).
A shard whose key no unit of the input has (the input changed) stops the job.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
import time
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stance.batch import BatchOptions, BatchSummary, ProgressHook
from stance.errors import StanceError, UsageError
from stance.io.jsonl_out import encode_lines
from stance.io.output_lock import hold_output_lock
from stance.io.pair_input import BadRow, FieldSpec
from stance.ray_engine.options import ModelSpec, RayOptions
from stance.ray_engine.runtime import Session, import_ray, one_line_error, ray_session
from stance.ray_engine.shards import (
    JOB_FILE,
    MANIFEST_FILE,
    REJECTS_FILE,
    OutputDir,
    drop_temporaries,
    is_ours,
    output_format,
    shard_keys,
    shard_rows,
)

if TYPE_CHECKING:
    from stance.ray_engine.read import UnitSpec

JOB_VERSION = 1
ORDER_NOTE = (
    "rows are not in input order; shard names sort in input order, or sort by id, e.g. "
    "pandas.read_parquet(OUTPUT).sort_values('id')"
)


@dataclass
class RayBatchSummary(BatchSummary):
    shards: int = 0  # shards in OUTPUT at the end
    workers: int = 0
    startup_seconds: float = 0.0  # ray.init (0 when an open session was reused)
    actors: set[tuple[str, int]] = field(default_factory=set)  # (node id, pid) that scored
    hosts: set[str] = field(default_factory=set)
    finished_before: bool = False  # --resume of a finished job: nothing to do
    manifest: str = ""


@dataclass
class Census:
    """What pass 1 learned: each unit's good rows (input order), the bad rows."""

    good: dict[str, int] = field(default_factory=dict)
    bad: int = 0
    rejects: Any = None  # a spooled temporary file of reject lines (JSONL bytes)

    @property
    def total(self) -> int:
        return sum(self.good.values())


# --------------------------------------------------------------------------------- checks


def _model_ref_and_backend(spec: ModelSpec) -> ModelSpec:
    """Resolve the model folder and backend on the driver, and check what is cheap to check,
    so a missing model is one line at once rather than an actor failing on each node."""
    from stance.infer.backend import check_backend_name, default_model_path, resolve_backend
    from stance.infer.loading import check_local_model_dir, looks_local

    ref = spec.model or str(default_model_path())
    backend, _ = resolve_backend(ref, spec.backend, spec.device, default_model=not spec.model)
    check_backend_name(backend)
    if looks_local(ref):
        folder = check_local_model_dir(ref)
        ref = str(folder.resolve())
        if backend == "onnx":
            from stance.infer.onnx_backend import onnx_model_path

            path = onnx_model_path(folder, quantized=True)
            if not path.is_file():
                raise StanceError(f"{path}: ONNX model not found; make it with `stance export`")
    return dataclasses.replace(spec, model=ref, backend=backend)


def _fields_dict(spec: FieldSpec) -> dict[str, Any]:
    return {
        "premise": spec.premise,
        "hypothesis": spec.hypothesis,
        "id": spec.id,
        "label": spec.label,
    }


def job_record(plan: Any, fmt: str, model: ModelSpec, opts: BatchOptions) -> dict[str, Any]:
    """What decides the units and the numbers: a resumed job must match it."""
    source = plan.source if "://" in plan.source or plan.hf else str(Path(plan.source).resolve())
    return {
        "version": JOB_VERSION,
        "engine": "ray",
        "input": source,
        "input_signature": plan.signature(),
        "format": fmt,
        "fields": _fields_dict(opts.fields),
        "chunk_size": opts.chunk_size,
        "batch_size": opts.batch_size,
        "max_length": model.max_length,
        "model": model.model,
        "backend": model.backend,
        "device": model.device,
        "dtype": model.dtype,
    }


def _check_same_job(out: OutputDir, old: dict[str, Any], new: dict[str, Any]) -> None:
    for key, value in new.items():
        if old.get(key) != value:
            if key == "input_signature":
                raise StanceError(
                    f"{out}: the input changed since the job started (files or sizes differ); "
                    "use --force to start over"
                )
            raise StanceError(
                f"{out}: the job started with {key} {old.get(key)!r}, not {value!r}; resume "
                "with the options it started with, or use --force to start over"
            )


def check_output(out: OutputDir, source: str, *, resume: bool, force: bool) -> None:
    """Refuse to overwrite (exit 2), as the local engine's ``check_output`` does."""
    if resume and force:
        raise UsageError("--resume and --force exclude each other")
    state = out.state()
    if state == "file":
        raise UsageError(f"{out}: exists and is not a folder (the ray engine writes a folder)")
    if not out.remote and "://" not in source and out.path.resolve() == Path(source).resolve():
        raise UsageError(f"{out}: output and input are the same folder")
    names = out.names()
    if names and not (resume or force):
        raise UsageError(
            f"{out}: already exists; pass --resume to continue it or --force to replace it"
        )
    foreign = [n for n in names if not is_ours(n)]
    if foreign:
        raise UsageError(
            f"{out}: holds {foreign[0]!r}, which stance did not write; remove it or choose "
            "another OUTPUT folder"
        )


# --------------------------------------------------------------------------------- passes


def take_census(plan: Any, units: UnitSpec, skip_bad: bool, parse_tasks: int) -> Census:
    """Pass 1: parse and validate everything, in input order; stop at the first bad row
    unless ``skip_bad``, in which case the bad rows are kept for the rejects file."""
    from stance.ray_engine.read import CENSUS_FIELDS, units_dataset

    ds = units_dataset(plan, units, None, parse_tasks)
    ds = ds.select_columns(list(CENSUS_FIELDS))
    ds.context.execution_options.preserve_order = True  # the first bad row is the first
    census = Census()
    for row in ds.iter_rows():
        census.good[str(row["key"])] = int(row["n_good"])
        if not row["n_bad"]:
            continue
        bads = json.loads(row["rejects"])
        if not skip_bad:
            first = bads[0]
            raise BadRow(first["file"], first["line"], first["field"], first["reason"])
        if census.rejects is None:
            # Closed with the census (bounded memory: it spills to disk past 8 MB).
            census.rejects = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115
        census.rejects.write(encode_lines(bads))
        census.bad += len(bads)
    return census


def map_units(
    plan: Any,
    units: UnitSpec,
    todo: frozenset[str],
    ray_options: RayOptions,
    worker: type,
    worker_kwargs: dict[str, Any],
) -> Iterator[dict[str, Any]]:
    """Pass 2: the units in ``todo`` through a pool of ``ray_options.workers`` actors, each an
    instance of ``worker`` (a Ray Data callable class that loads its model once, processes one
    unit per call and writes its shard); one small row per unit comes back."""
    import ray.data

    from stance.ray_engine.read import units_dataset

    ds = units_dataset(plan, units, todo, max(2, ray_options.workers))
    gpus = ray_options.gpus_per_worker or None
    ds = ds.map_batches(
        worker,
        fn_constructor_kwargs=worker_kwargs,
        batch_size=1,
        compute=ray.data.ActorPoolStrategy(size=ray_options.workers),
        num_cpus=ray_options.cpus_per_worker,
        num_gpus=gpus,
        # Fault tolerance is Ray Data's default for actor pools (Ray 2.60,
        # ActorPoolMapOperator._apply_default_remote_args): max_restarts=-1 restarts a killed
        # actor, max_task_retries=-1 retries its calls. Passing them again is deprecated.
    )
    ds.context.execution_options.preserve_order = False
    yield from ds.iter_rows()


def scored_units(
    plan: Any,
    opts: BatchOptions,
    model: ModelSpec,
    ray_options: RayOptions,
    out: OutputDir,
    fmt: str,
    todo: frozenset[str],
) -> Iterator[dict[str, Any]]:
    """Pass 2 of ``stance batch``: the pair units in ``todo`` through ``ScoreChunks`` actors."""
    from stance.ray_engine.score import ScoreChunks

    kwargs = {"model": model, "batch_size": opts.batch_size, "out": out, "fmt": fmt}
    yield from map_units(plan, pair_units(opts), todo, ray_options, ScoreChunks, kwargs)


def pair_units(opts: BatchOptions) -> UnitSpec:
    """``stance batch``'s units: ``--chunk-size`` pair rows, the local engine's chunks."""
    from stance.ray_engine.read import PAIRS, UnitSpec

    return UnitSpec(opts.fields, PAIRS, opts.chunk_size)


def finished_manifest(out: OutputDir, job: dict[str, Any]) -> dict[str, Any] | None:
    """On ``--resume``: the job must be the one the folder started with (its job file); the
    manifest when that job is finished already."""
    old = out.read_json(JOB_FILE)
    if old is not None:
        _check_same_job(out, old, job)
    return out.read_json(MANIFEST_FILE)


def open_output(
    out: OutputDir, job: dict[str, Any], census: Census, *, force: bool
) -> tuple[set[str], frozenset[str]]:
    """Make OUTPUT ready after the census, and say what is left: the keys of the shards done
    already and the units still to do (those with good rows and no shard).

    Only now is OUTPUT touched: a bad row without --skip-bad has left it as it was. The job
    file is written once, when the job starts; the rejects (a census's, so whole) each time.
    A shard no unit of the input has means the folder holds another input's output.
    """
    if force:
        for name in out.names():
            out.delete(name)
    out.mkdir()
    drop_temporaries(out)
    if out.read_json(JOB_FILE) is None:
        out.write_json(JOB_FILE, job)
    if census.rejects is not None:
        census.rejects.seek(0)
        out.write(REJECTS_FILE, census.rejects.read())
    elif out.exists(REJECTS_FILE):
        out.delete(REJECTS_FILE)
    done = shard_keys(out)
    stale = [name for key, name in done.items() if key not in census.good]
    if stale:
        raise StanceError(
            f"{out.where(stale[0])}: matches no chunk of the input; the folder holds the "
            "output of another input or of a changed one (use --force to start over)"
        )
    todo = frozenset(k for k, n in census.good.items() if n > 0 and k not in done)
    return set(done), todo


# ------------------------------------------------------------------------------- finishing


def verify_shards(out: OutputDir, census: Census) -> tuple[int, list[str]]:
    """The exactness check: one shard per unit with good rows, none other, each holding its
    unit's count of records. Returns the total and the shard names in input order."""
    shards = shard_keys(out)
    expected = [k for k, n in census.good.items() if n > 0]
    missing = [k for k in expected if k not in shards]
    if missing:
        raise StanceError(
            f"{out}: {len(missing)} chunk(s) have no shard after the job (first: "
            f"{missing[0]}); rerun with --resume"
        )
    extra = sorted(set(shards) - set(expected))
    if extra:
        raise StanceError(
            f"{out}: {shards[extra[0]]} matches no chunk of the input; the folder holds the "
            "output of another input (use --force to start over)"
        )
    total = 0
    for key in expected:
        rows = shard_rows(out, shards[key])
        if rows != census.good[key]:
            raise StanceError(
                f"{out.where(shards[key])}: holds {rows} records, its chunk has "
                f"{census.good[key]}; delete the shard and rerun with --resume"
            )
        total += rows
    return total, [shards[k] for k in expected]


def versions() -> dict[str, str]:
    """stance's and Ray's versions, for a manifest."""
    from importlib.metadata import PackageNotFoundError, version

    import ray

    try:
        stance_version = version("stance")
    except PackageNotFoundError:
        stance_version = "unknown"
    return {"stance_version": stance_version, "ray_version": str(ray.__version__)}


def _manifest(
    job: dict[str, Any],
    out: OutputDir,
    model_info: dict[str, Any] | None,
    opts: BatchOptions,
    ray_options: RayOptions,
    census: Census,
    total: int,
    shards: list[str],
    seconds: float,
    session: Session,
    actors: set[tuple[str, int]],
) -> dict[str, Any]:
    return {
        "engine": "ray",
        **versions(),
        "input": job["input"],
        "input_signature": job["input_signature"],
        "output": str(out),
        "format": job["format"],
        "model": model_info or {"revision_or_path": job["model"], "backend": job["backend"]},
        "options": {
            **{k: job[k] for k in ("fields", "chunk_size", "batch_size", "max_length")},
            "skip_bad": opts.skip_bad,
            "device": job["device"],
            "dtype": job["dtype"],
            "workers": ray_options.workers,
            "cpus_per_worker": ray_options.cpus_per_worker,
            "gpus_per_worker": ray_options.gpus_per_worker,
            "address": ray_options.address,
        },
        "rows": total,
        "rejects": census.bad,
        "rejects_file": REJECTS_FILE if census.bad else None,
        "shards": shards,
        "order": ORDER_NOTE,
        "seconds": round(seconds, 3),
        "ray_startup_seconds": round(session.startup_seconds, 3),
        # The actors of the run that finished the job (Ray node id, process id).
        "actors": [{"node": node, "pid": pid} for node, pid in sorted(actors)],
    }


# ------------------------------------------------------------------------------------ run


def run_ray_batch(
    source: str | Path,
    output: str | Path,
    model: ModelSpec,
    options: BatchOptions | None = None,
    ray_options: RayOptions | None = None,
    progress: ProgressHook | None = None,
) -> RayBatchSummary:
    """Score SOURCE into the folder OUTPUT on Ray; see the module docstring."""
    opts = options or BatchOptions()
    ropts = ray_options or RayOptions()
    opts.validate()
    ropts.validate()
    import_ray()
    out = OutputDir(output)
    # One writer per output (a local folder: its lock file lies beside it, OUTPUT.lock).
    lock = nullcontext() if out.remote else hold_output_lock(out.path)
    with lock:
        return _run(str(source), out, model, opts, ropts, progress)


def _run(
    source: str,
    out: OutputDir,
    model: ModelSpec,
    opts: BatchOptions,
    ropts: RayOptions,
    progress: ProgressHook | None,
) -> RayBatchSummary:
    from stance.ray_engine.read import plan_input

    started = time.monotonic()
    summary = RayBatchSummary(Path(out.location), workers=ropts.workers)
    summary.manifest = out.where(MANIFEST_FILE)
    check_output(out, source, resume=opts.resume, force=opts.force)
    plan = plan_input(source)
    model = _model_ref_and_backend(model)
    fmt = output_format(out.location)
    job = job_record(plan, fmt, model, opts)
    if opts.resume:
        manifest = finished_manifest(out, job)
        if manifest is not None:
            summary.finished_before = True
            summary.already_done = int(manifest.get("rows", 0))
            summary.shards = len(manifest.get("shards", []))
            summary.seconds = time.monotonic() - started
            return summary

    with ray_session(ropts) as session:
        summary.startup_seconds = session.startup_seconds
        try:
            census = take_census(plan, pair_units(opts), opts.skip_bad, max(2, ropts.workers))
        except Exception as exc:
            raise one_line_error(exc, session) from None
        done, todo = open_output(out, job, census, force=opts.force)
        if census.rejects is not None:
            summary.rejects_path = Path(out.where(REJECTS_FILE))
        summary.rejected = census.bad
        summary.already_done = sum(n for k, n in census.good.items() if k in done)
        if progress is not None:
            progress.start(census.total, summary.already_done)
        model_info: dict[str, Any] | None = None
        if todo:
            try:
                for row in scored_units(plan, opts, model, ropts, out, fmt, todo):
                    summary.windowed += int(row["windowed"])
                    summary.actors.add((str(row["node"]), int(row["pid"])))
                    summary.hosts.add(str(row["host"]))
                    model_info = model_info or json.loads(row["model"])
                    if progress is not None:
                        progress.advance(int(row["rows"]))
            except Exception as exc:
                raise one_line_error(exc, session) from None
        summary.written = sum(census.good[k] for k in todo)
        # Every actor is gone now: a temporary file left is a killed writer's, never a live one's.
        drop_temporaries(out)

        total, shards = verify_shards(out, census)
        if fmt == "parquet":
            from stance.ray_engine.shards import conform_parquet

            conform_parquet(out, shards)
        summary.shards = len(shards)
        summary.seconds = time.monotonic() - started
        out.write_json(
            MANIFEST_FILE,
            _manifest(
                job,
                out,
                model_info,
                opts,
                ropts,
                census,
                total,
                shards,
                summary.seconds,
                session,
                summary.actors,
            ),
        )
    return summary
