"""The input as a Ray dataset of *chunk units*, parsed by the local engine's own parsers.

Files are read with ``ray.data.read_binary_files`` (local paths, or ``s3://``/``gs://``/…
URIs through pyarrow's filesystems) and each file's bytes are parsed by
``stance.io.pair_input.parse_file_bytes``; a Hugging Face dataset comes through
``ray.data.from_huggingface`` with a 1-based row-number column added first, and its rows are
parsed by ``parse_hf_rows``. So field aliases, ids (``<file name>:<line>`` or the id field),
label checks and bad rows (file, line, field, reason) are the local engine's, by construction.

A *unit* is what the local engine calls a chunk: ``chunk_size`` consecutive rows of one file
(bad rows included), in a row of its own. The unit is the unit of everything downstream: one
actor call scores it with one ``score_pairs`` call (same windows, same batches as the local
engine's chunk, so the same numbers), and writes it as one shard. Its key names the file's
position, the unit's first line and a digest of its content, so a retried or resumed unit
rewrites the same shard, and a shard left by another input is recognised as stale.

What a row becomes is the caller's (``UnitSpec``): ``stance batch`` reads pairs (``FieldSpec``,
``PAIRS``), ``stance analyze CORPUS`` articles (``stance.ray_engine.articles``). The spec is
the one the local engine reads with, and the codec says how a unit carries its records as JSON.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from stance.batch import reject_record
from stance.errors import StanceError, UsageError, first_line
from stance.io.jsonl_out import _json_default
from stance.io.pair_input import (
    SUPPORTED_SUFFIXES,
    BadRow,
    PairRecord,
    RowSpec,
    Source,
    _FileSource,
    _HFSource,
    chunked,
    dataset_row_parser,
    hf_source_name,
    load_hf_dataset,
    parse_file_bytes,
    resolve_sources,
)

ROW_COLUMN = "__stance_row__"  # the 1-based row number added to a HF dataset
# What a unit carries; ``records`` and ``rejects`` are JSON, so any input types survive Arrow.
UNIT_FIELDS = ("key", "src", "file", "first_line", "n_good", "n_bad", "records", "rejects")
CENSUS_FIELDS = ("key", "n_good", "n_bad", "rejects")  # what pass 1 brings back to the driver


class RecordCodec(Protocol):
    """How a unit carries its good records: each as a JSON list, and back (on the actor)."""

    def encode(self, record: Any) -> list[Any]: ...

    def decode(self, values: list[Any], file: str) -> Any: ...


class PairCodec:
    """``stance batch``'s pair records: what ``output_record`` needs (id, texts, the row)."""

    def encode(self, record: PairRecord) -> list[Any]:
        return [record.id, record.premise, record.hypothesis, record.fields, record.line]

    def decode(self, values: list[Any], file: str) -> PairRecord:
        rid, premise, hypothesis, fields, line = values
        return PairRecord(rid, premise, hypothesis, fields, file, line)


PAIRS = PairCodec()


@dataclass(frozen=True)
class UnitSpec:
    """How the input becomes units: what a row becomes (``rows``, the local engine's spec),
    how a unit carries its records (``codec``), and how many rows a unit holds (``size``)."""

    rows: RowSpec[Any]
    codec: RecordCodec
    size: int


@dataclass(frozen=True)
class InputPlan:
    """What INPUT names, resolved on the driver: files (paths or URIs) or a HF dataset."""

    source: str
    files: tuple[str, ...] = ()  # as read_binary_files takes them
    names: tuple[str, ...] = ()  # base names: what ids and messages say
    sizes: tuple[int, ...] = ()
    filesystem: Any = field(default=None, compare=False)  # pyarrow filesystem for URIs
    hf: _HFSource | None = None

    def signature(self) -> dict[str, Any]:
        """What a resumed job checks to know it reads the same input (names and sizes; the
        unit digests check the content itself)."""
        if self.hf is not None:
            return {"dataset": self.hf.ref, "split": self.hf.split}
        return {"files": [[n, s] for n, s in zip(self.names, self.sizes, strict=True)]}


def _supported(name: str) -> bool:
    return not name.startswith((".", "_")) and Path(name).suffix.lower() in SUPPORTED_SUFFIXES


def _plan_uri(source: str) -> InputPlan:
    from pyarrow import fs as pafs

    try:
        filesystem, path = pafs.FileSystem.from_uri(source)
        info = filesystem.get_file_info(path)
        if info.type == pafs.FileType.Directory:
            infos = filesystem.get_file_info(pafs.FileSelector(path, recursive=False))
            infos = sorted(
                (i for i in infos if i.type == pafs.FileType.File and _supported(i.base_name)),
                key=lambda i: i.base_name,
            )
            if not infos:
                raise UsageError(f"{source}: folder holds no {'/'.join(SUPPORTED_SUFFIXES)} files")
        elif info.type == pafs.FileType.File:
            if Path(info.base_name).suffix.lower() not in SUPPORTED_SUFFIXES:
                raise UsageError(f"{source}: unsupported input type")
            infos = [info]
        else:
            raise UsageError(f"{source}: input not found")
    except StanceError:
        raise
    except Exception as exc:  # pyarrow raises OSError/ArrowInvalid for bad URIs, credentials
        raise StanceError(f"{source}: cannot list input: {first_line(exc)}") from None
    return InputPlan(
        source,
        files=tuple(i.path for i in infos),
        names=tuple(i.base_name for i in infos),
        sizes=tuple(int(i.size or 0) for i in infos),
        filesystem=filesystem,
    )


def plan_input(source: str | Path | Source) -> InputPlan:
    """Resolve INPUT like the local engine does (``resolve_sources``), plus URIs and a dataset
    named outright (``stance analyze --hf-dataset NAME --split S``)."""
    if isinstance(source, _HFSource):
        return InputPlan(source.ref + (f":{source.split}" if source.split else ""), hf=source)
    if isinstance(source, _FileSource):
        source = source.path
    text = str(source)
    if "://" in text:
        return _plan_uri(text)
    sources = resolve_sources(text)
    if len(sources) == 1 and isinstance(sources[0], _HFSource):
        return InputPlan(text, hf=sources[0])
    files = [s for s in sources if isinstance(s, _FileSource)]
    return InputPlan(
        text,
        files=tuple(str(s.path.resolve()) for s in files),
        names=tuple(s.name for s in files),
        sizes=tuple(s.path.stat().st_size for s in files),
    )


# ----------------------------------------------------------------------------------- units


def encode_unit(
    src: int, file: str, chunk: list[Any], codec: RecordCodec = PAIRS
) -> dict[str, Any]:
    """One chunk as a row: its records and rejects as JSON, and its key."""
    goods = [codec.encode(r) for r in chunk if not isinstance(r, BadRow)]
    bads = [reject_record(b) for b in chunk if isinstance(b, BadRow)]
    # ASCII JSON: lone surrogates (undecodable bytes inside nested values) survive the trip.
    records = json.dumps(goods, default=_json_default, separators=(",", ":"))
    rejects = json.dumps(bads, default=_json_default, separators=(",", ":"))
    digest = hashlib.sha256(f"{file}\n{records}\n{rejects}".encode()).hexdigest()[:16]
    first = chunk[0].line
    return {
        "key": f"{src:05d}-{first:010d}-{digest}",
        "src": src,
        "file": file,
        "first_line": first,
        "n_good": len(goods),
        "n_bad": len(bads),
        "records": records,
        "rejects": rejects,
    }


def decode_records(unit_records: str, file: str, codec: RecordCodec = PAIRS) -> list[Any]:
    """The unit's good rows as records again (what the actor needs)."""
    return [codec.decode(values, file) for values in json.loads(unit_records)]


def make_units(
    items: Iterable[Any],
    src: int,
    file: str,
    chunk_size: int,
    want: frozenset[str] | None,
    codec: RecordCodec = PAIRS,
) -> Iterator[dict[str, Any]]:
    """Units of ``chunk_size`` items by position, like the local engine's chunks; only those
    in ``want`` when given (a resumed job's units still to score)."""
    for chunk in chunked(items, chunk_size):
        unit = encode_unit(src, file, chunk, codec)
        if want is None or unit["key"] in want:
            yield unit


def _table(units: list[dict[str, Any]]):
    import pyarrow as pa

    schema = pa.schema(
        [
            ("key", pa.string()),
            ("src", pa.int64()),
            ("file", pa.string()),
            ("first_line", pa.int64()),
            ("n_good", pa.int64()),
            ("n_bad", pa.int64()),
            ("records", pa.large_string()),
            ("rejects", pa.large_string()),
        ]
    )
    return pa.Table.from_pylist(units, schema=schema)


def file_units(
    batch: Any,
    *,
    index: dict[str, int],
    units: UnitSpec,
    want: frozenset[str] | None,
) -> Iterator[Any]:
    """Ray Data UDF: a batch of ``read_binary_files`` rows (bytes, path) -> unit tables."""
    for data, path in zip(batch["bytes"].to_pylist(), batch["path"].to_pylist(), strict=True):
        name = PurePosixPath(str(path)).name
        items = parse_file_bytes(data, name, units.rows)
        for unit in make_units(items, index[name], name, units.size, want, units.codec):
            yield _table([unit])


def hf_units(
    batch: Any,
    *,
    name: str,
    parse: Callable[[Iterable[tuple[int, dict[str, Any]]]], Iterator[Any]],
    units: UnitSpec,
    want: frozenset[str] | None,
) -> Iterator[Any]:
    """Ray Data UDF: a block of a numbered HF dataset -> unit tables. The dataset arrives as
    one block (``from_huggingface`` makes one), so units start at row 1 like local chunks.
    ``parse`` is ``dataset_row_parser``'s, built on the driver from the dataset's columns."""

    def numbered() -> Iterator[tuple[int, dict[str, Any]]]:
        for rb in batch.to_batches(max_chunksize=1024):
            for row in rb.to_pylist():
                yield int(row.pop(ROW_COLUMN)), row

    for unit in make_units(parse(numbered()), 0, name, units.size, want, units.codec):
        yield _table([unit])


def units_dataset(
    plan: InputPlan,
    units: UnitSpec,
    want: frozenset[str] | None = None,
    parse_tasks: int = 2,
) -> Any:
    """The Ray dataset of units (all of them, or those in ``want``).

    Reading and parsing reserve no CPU (``num_cpus=0``; at most ``parse_tasks`` at once): they
    are a small part of the work, and a cluster sized for the model actors (a node of 1 CPU
    per actor) would otherwise never schedule them once the actors hold every CPU.
    """
    import ray.data

    compute = ray.data.TaskPoolStrategy(size=max(1, parse_tasks))
    fn: Any  # hf_units or file_units, with its keyword arguments
    if plan.hf is not None:
        hf = load_hf_dataset(plan.hf)
        if ROW_COLUMN in hf.column_names:
            raise StanceError(f"{plan.source}: has a column named {ROW_COLUMN}")
        name = hf_source_name(plan.hf)
        parse = dataset_row_parser(hf, units.rows, name)
        numbered = hf.add_column(ROW_COLUMN, list(range(1, len(hf) + 1)))
        ds = ray.data.from_huggingface(numbered)
        fn, kwargs = hf_units, {"name": name, "parse": parse}
    else:
        ds = ray.data.read_binary_files(
            list(plan.files),
            include_paths=True,
            filesystem=plan.filesystem,
            num_cpus=0,
            file_extensions=None,
        )
        fn, kwargs = file_units, {"index": {name: i for i, name in enumerate(plan.names)}}
    return ds.map_batches(
        fn,
        fn_kwargs={**kwargs, "units": units, "want": want},
        batch_size=None,
        batch_format="pyarrow",
        num_cpus=0,
        compute=compute,
    )
