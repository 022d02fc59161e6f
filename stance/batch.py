"""Score every pair of a file (or folder, or dataset) into a JSONL or Parquet output, resumably.

How the promises are kept:

* **Bounded memory.** The input is read lazily in chunks of ``chunk_size`` rows; only one chunk,
  its scores and one line of the old output are ever held.
* **Input order.** Chunks are scored and written one after the other; within a chunk the
  backend sorts by length for speed but returns rows in input order.
* **Resume, nothing lost, nothing duplicated.** A chunk's records are appended with one write
  and an fsync (``stance.io.jsonl_out``), and so are its bad rows to ``OUTPUT.rejects.jsonl``
  under ``--skip-bad``. After SIGKILL, Ctrl-C or a full
  disk, the output holds whole lines, at most one partial last line (dropped on resume). The
  number of records in the output and in ``OUTPUT.rejects.jsonl`` says exactly which input rows
  are done, and the done records are checked against the input (id and texts) as it is re-read.
* **Same numbers as an uninterrupted run.** Chunk boundaries depend on the input alone (a fixed
  number of rows, bad rows included), and a chunk is always scored whole: if a crash left it
  half written, the whole chunk is scored again and only its missing records are appended. So
  every record is computed from exactly the same batch as in an uninterrupted run (given the
  same model, ``--chunk-size``, ``--batch-size`` and ``--max-length``; these are not recorded,
  so resume with the options the job started with).
* **One writer.** The job holds an exclusive lock on ``OUTPUT.lock`` (``stance.io.output_lock``)
  from before it looks at OUTPUT until it ends; a second job on the same OUTPUT exits 1 naming
  the first one's PID. The kernel releases the lock of a killed job.
* **Parquet output** cannot be appended to safely, so records go to ``OUTPUT.partial.jsonl``
  (resumable as above) and are converted at the end via a temporary file and an atomic rename.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from stance.errors import StanceError, UsageError
from stance.infer.backend import NLIBackend
from stance.io.jsonl_out import JsonlAppender, iter_records, recover
from stance.io.output_lock import hold_output_lock
from stance.io.pair_input import (
    JSONL_SUFFIXES,
    PARQUET_SUFFIXES,
    BadRow,
    FieldSpec,
    PairRecord,
    count_rows,
    iter_pairs,
    read_chunks,
)
from stance.labels import NLI_LABELS
from stance.windows import Window, score_pairs

if TYPE_CHECKING:
    from stance.io.memory_input import MemoryRows

# Output keys stance sets; an input field of the same name is kept as ``input_<name>``.
RESERVED_KEYS = ("id", *NLI_LABELS, "label", "window")


@dataclass(frozen=True)
class BatchOptions:
    fields: FieldSpec = field(default_factory=FieldSpec)
    batch_size: int = 32
    chunk_size: int = 256
    resume: bool = False
    force: bool = False
    skip_bad: bool = False

    def validate(self) -> None:
        if self.chunk_size < 1 or self.batch_size < 1:
            raise UsageError("--chunk-size and --batch-size must be at least 1")


@dataclass
class BatchSummary:
    output: Path
    written: int = 0  # records written by this run
    already_done: int = 0  # records found in the output on --resume
    rejected: int = 0  # bad rows sent to the rejects file by this run
    windowed: int = 0  # records of this run whose premise was split into windows
    seconds: float = 0.0
    rejects_path: Path | None = None

    @property
    def total(self) -> int:
        return self.already_done + self.written

    @property
    def pairs_per_second(self) -> float:
        return self.written / self.seconds if self.seconds > 0 else 0.0


class ProgressHook(Protocol):
    def start(self, total: int | None, already_done: int) -> None: ...

    def advance(self, rows: int) -> None: ...


@dataclass(frozen=True)
class OutputPaths:
    final: Path  # what the user named
    progress: Path  # the JSONL that is appended to (the final file itself for JSONL)
    rejects: Path

    @property
    def parquet(self) -> bool:
        return self.final != self.progress

    @classmethod
    def of(cls, output: str | Path) -> OutputPaths:
        final = Path(output)
        suffix = final.suffix.lower()
        if suffix in PARQUET_SUFFIXES:
            progress = final.with_name(final.name + ".partial.jsonl")
        elif suffix in JSONL_SUFFIXES:
            progress = final
        else:
            raise UsageError(f"{final}: output must end in .jsonl or .parquet")
        return cls(final, progress, final.with_name(final.name + ".rejects.jsonl"))

    def existing(self) -> list[Path]:
        return [p for p in dict.fromkeys((self.final, self.progress, self.rejects)) if p.exists()]


def check_output(
    output: str | Path, input: str | Path | MemoryRows, *, resume: bool, force: bool
) -> None:
    """Refuse to overwrite: call before loading a model, so the error comes at once."""
    refuse_overwrite(OutputPaths.of(output), input, resume=resume, force=force)


class GuardedOutput(Protocol):
    """A job's output files: the final one, and those of them that exist already."""

    @property
    def final(self) -> Path: ...

    def existing(self) -> list[Path]: ...


def refuse_overwrite(paths: GuardedOutput, input: object, *, resume: bool, force: bool) -> None:
    """The checks every local job's output gets (``stance batch``, ``stance analyze -o``);
    ``input`` is a path or in-memory rows."""
    if resume and force:
        raise UsageError("--resume and --force exclude each other")
    if isinstance(input, str | Path):
        src = Path(input)
        if src.exists() and paths.final.resolve() == src.resolve():
            raise UsageError(f"{paths.final}: output and input are the same file")
        if src.is_dir() and paths.final.resolve().parent == src.resolve():
            # The folder reader would take the output (and its rejects) for input next time.
            raise UsageError(f"{paths.final}: output must not be inside the input folder {src}")
    existing = paths.existing()
    if existing and not (resume or force):
        raise UsageError(
            f"{existing[0]}: already exists; pass --resume to continue it or --force to replace it"
        )


def _output_key(key: str) -> str:
    return f"input_{key}" if key in RESERVED_KEYS else key


def output_record(rec: PairRecord, probs: np.ndarray, window: Window | None) -> dict[str, Any]:
    """One output line: id, the input's fields, the three probabilities, label, window."""
    out: dict[str, Any] = {"id": rec.id}
    for key, value in rec.fields.items():
        if key == "id" and str(value) == rec.id:
            continue
        out[_output_key(key)] = value
    for name, p in zip(NLI_LABELS, probs, strict=True):
        out[name] = float(p)
    out["label"] = NLI_LABELS[int(np.argmax(probs))]
    if window is not None:
        out["window"] = window.as_dict()
    return out


def reject_record(bad: BadRow) -> dict[str, Any]:
    return {**bad.as_dict(), "error": str(bad)}


def _done_records(path: Path, count: int) -> Iterator[tuple[int, dict[str, Any]]]:
    if count == 0:
        return
    for n, rec in enumerate(iter_records(path), start=1):
        if n > count:
            return
        yield n, rec


def _same_record(done: dict[str, Any], rec: PairRecord) -> bool:
    # Ids alone can repeat across inputs (r0, r1, ...): the texts must match too.
    if str(done.get("id")) != rec.id:
        return False
    return all(
        done.get(_output_key(k)) == v
        for k, v in rec.fields.items()
        if isinstance(v, str) and k != "id"
    )


def _parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path).metadata.num_rows
    except Exception as exc:  # any unreadable file means the same to the user
        raise StanceError(f"{path}: cannot read Parquet output: {exc}") from exc


def jsonl_to_parquet(src: Path, dst: Path, rows_per_group: int = 10_000) -> None:
    """Convert a JSONL file to Parquet in bounded memory, atomically (temp file + rename)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def batches() -> Iterator[list[dict[str, Any]]]:
        rows: list[dict[str, Any]] = []
        for rec in iter_records(src):
            rows.append(rec)
            if len(rows) >= rows_per_group:
                yield rows
                rows = []
        if rows:
            yield rows

    # Pass 1 finds one schema for all rows (``window`` appears only on windowed rows).
    schemas = [pa.Table.from_pylist(rows).schema for rows in batches()]
    if not schemas:
        schema = pa.schema([("id", pa.string())])
    else:
        schema = pa.unify_schemas(schemas, promote_options="permissive")
    tmp = dst.with_name(f".{dst.name}.tmp-{os.getpid()}")
    try:
        with pq.ParquetWriter(tmp, schema) as writer:
            for rows in batches():
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dst)
    except (OSError, pa.ArrowException) as exc:
        tmp.unlink(missing_ok=True)
        raise StanceError(f"{dst}: cannot write Parquet: {exc}; rerun with --resume") from exc
    finally:
        tmp.unlink(missing_ok=True)


def _finished_parquet(
    paths: OutputPaths, source: str | Path | MemoryRows, opts: BatchOptions
) -> int:
    """--resume on a Parquet output already converted: fine if it holds every input record."""
    rows = _parquet_rows(paths.final)
    good = sum(1 for item in iter_pairs(source, opts.fields) if isinstance(item, PairRecord))
    if rows != good:
        raise StanceError(
            f"{paths.final}: finished Parquet output holds {rows} records but the input has "
            f"{good}; use --force to redo it"
        )
    return rows


def run_batch(
    source: str | Path | MemoryRows,
    output: str | Path,
    backend: NLIBackend,
    options: BatchOptions | None = None,
    progress: ProgressHook | None = None,
) -> BatchSummary:
    """Score SOURCE into OUTPUT; see the module docstring for the guarantees."""
    opts = options or BatchOptions()
    opts.validate()
    # One writer per output, for the whole job: a second job (with --resume or not, even with
    # --force) would interleave or delete this one's records.
    with hold_output_lock(OutputPaths.of(output).final):
        return _run_batch(source, output, backend, opts, progress)


def _run_batch(
    source: str | Path | MemoryRows,
    output: str | Path,
    backend: NLIBackend,
    opts: BatchOptions,
    progress: ProgressHook | None,
) -> BatchSummary:
    check_output(output, source, resume=opts.resume, force=opts.force)
    paths = OutputPaths.of(output)
    started = time.monotonic()
    summary = BatchSummary(paths.final)
    if opts.force:
        for path in paths.existing():
            path.unlink()
    if opts.resume and paths.parquet and paths.final.exists() and not paths.progress.exists():
        summary.already_done = _finished_parquet(paths, source, opts)
        summary.seconds = time.monotonic() - started
        return summary

    done_good = recover(paths.progress)
    done_bad = recover(paths.rejects)
    summary.already_done = done_good
    if progress is not None:
        total = count_rows(source)
        progress.start(total, done_good + done_bad)

    done_records = _done_records(paths.progress, done_good)
    good_seen = bad_seen = 0
    # Opened at the first write, so a job that fails on its first chunk leaves no output behind.
    out: JsonlAppender | None = None
    rejects: JsonlAppender | None = None
    try:
        for chunk in read_chunks(source, opts.fields, opts.chunk_size):
            goods = [r for r in chunk if isinstance(r, PairRecord)]
            bads = [r for r in chunk if isinstance(r, BadRow)]
            skip_goods = min(len(goods), max(0, done_good - good_seen))
            skip_bads = min(len(bads), max(0, done_bad - bad_seen))
            good_seen += len(goods)
            bad_seen += len(bads)
            for rec in goods[:skip_goods]:
                _check_done(next(done_records, None), rec, paths.progress)
            new_goods, new_bads = goods[skip_goods:], bads[skip_bads:]
            if not new_goods and not new_bads:
                continue
            if new_bads and not opts.skip_bad:
                raise new_bads[0]
            records: list[dict[str, Any]] = []
            if new_goods:
                # The whole chunk is scored even when part of it is done: same batches, same
                # numbers as an uninterrupted run.
                scored = score_pairs(
                    backend, [(r.premise, r.hypothesis) for r in goods], opts.batch_size
                )
                for i in range(skip_goods, len(goods)):
                    records.append(output_record(goods[i], scored.probs[i], scored.windows[i]))
                    summary.windowed += scored.windows[i] is not None
            if new_bads:
                rejects = rejects or JsonlAppender(paths.rejects)
                # Each file's own line count says what of it is done, so a crash between these
                # two writes loses or repeats nothing, whichever came first.
                summary.rejected += rejects.append(reject_record(b) for b in new_bads)
            if records:
                out = out or JsonlAppender(paths.progress)
                summary.written += out.append(records)
            if progress is not None:
                progress.advance(len(new_goods) + len(new_bads))
        if out is None:
            out = JsonlAppender(paths.progress)  # a finished job always leaves its output
    finally:
        for appender in (out, rejects):
            if appender is not None:
                appender.close()
    if good_seen < done_good:
        raise StanceError(
            f"{paths.progress}: holds {done_good} records but the input has only {good_seen}; "
            "it is the output of another input (use --force to start over)"
        )
    if paths.rejects.exists():
        summary.rejects_path = paths.rejects
    if paths.parquet:
        jsonl_to_parquet(paths.progress, paths.final)
        paths.progress.unlink()
    summary.seconds = time.monotonic() - started
    return summary


def _check_done(done: tuple[int, dict[str, Any]] | None, rec: PairRecord, path: Path) -> None:
    if done is None or not _same_record(done[1], rec):
        line = done[0] if done else "end"
        found = f"record {done[1].get('id')!r}" if done else "nothing"
        raise StanceError(
            f"{path}:{line}: found {found} where input {rec.file}:{rec.line} has record "
            f"{rec.id!r}; the output is from another input (use --force to start over)"
        )
