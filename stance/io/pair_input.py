"""Streaming readers for pair files: JSONL, CSV, TSV, Parquet, a folder of them, or a HF dataset.

Every reader is lazy: it yields one item per input row and never holds more than one row (or one
Parquet/Arrow record batch) in memory, so a million-pair input is read in bounded memory.

Public API (shared by ``stance batch`` and ``stance eval``)::

    fields = FieldSpec(premise=None, hypothesis=None, id=None, label="label",
                       label_check=my_map.get)           # all optional
    for chunk in read_chunks("pairs.jsonl", fields, chunk_size=256):
        for item in chunk:
            if isinstance(item, BadRow):  # a row that failed validation, in input position
                ...                       # raise item  (it is a StanceError) or reject it
            else:                         # a PairRecord
                item.id, item.premise, item.hypothesis, item.fields, item.label, item.gold

SOURCE may also be rows held in memory (``stance.io.memory_input.MemoryRows``), read the same way.
``iter_pairs(source, fields)`` is the flat (unchunked) stream, ``strict(items)`` raises the first
BadRow, ``count_rows(source)`` gives a cheap row estimate for progress bars (or None).

Field resolution, per file: an explicit ``premise``/``hypothesis`` name wins; otherwise the first
of these pairs present in the file's columns is used: premise/hypothesis, evidence/claim (the
evidence is the premise, the claim the hypothesis), sentence1/sentence2, text_a/text_b.

The readers are generic over what a row becomes: a ``RowSpec`` resolves a file's columns once
and builds each row's record (or BadRow). ``FieldSpec`` builds pair records; ``stance analyze``
passes its own spec for article corpora (``stance.corpus.ArticleSpec``) through the same
readers, so both commands share formats, line numbers and bad-row reporting.

Record ids: the ``id`` field (or ``FieldSpec.id``) when present, else ``<file name>:<line>``, where
``line`` is the physical line for JSONL/CSV/TSV (the CSV header is line 1) and the 1-based row
number for Parquet and HF datasets. A folder's files are read in sorted name order.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO, TypeVar

from stance.errors import StanceError, UsageError

if TYPE_CHECKING:
    from stance.io.memory_input import MemoryRows

csv.field_size_limit(1 << 28)

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
CSV_SUFFIXES = (".csv",)
TSV_SUFFIXES = (".tsv",)
PARQUET_SUFFIXES = (".parquet", ".pq")
SUPPORTED_SUFFIXES = JSONL_SUFFIXES + CSV_SUFFIXES + TSV_SUFFIXES + PARQUET_SUFFIXES

# (premise, hypothesis) column pairs recognised without options, in order of preference.
KNOWN_PAIR_FIELDS: tuple[tuple[str, str], ...] = (
    ("premise", "hypothesis"),
    ("evidence", "claim"),
    ("sentence1", "sentence2"),
    ("text_a", "text_b"),
)
DEFAULT_ID_FIELD = "id"


class BadRow(StanceError):
    """A row that failed validation. Yielded in place (so ``--skip-bad`` can go on) or raised."""

    def __init__(self, file: str, line: int, field: str | None, reason: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        where = f"{file}:{line}"
        super().__init__(f"{where}: field {field!r}: {reason}" if field else f"{where}: {reason}")

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "field": self.field, "reason": self.reason}


@dataclass
class PairRecord:
    id: str
    premise: str
    hypothesis: str
    fields: dict[str, Any]  # the whole input row, as read
    file: str
    line: int
    label: str | None = None  # raw label text, when FieldSpec.label is set
    gold: str | None = None  # label_check(label), when a label_check is given


Item = PairRecord | BadRow
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class RowSpec(Protocol[R_co]):
    """What the readers need to turn rows into records of one kind."""

    def resolve(self, columns: Iterable[str]) -> Any:
        """Called once per file with its columns (a JSONL file: its first row's keys)."""
        ...

    def build(self, row: dict[str, Any], resolved: Any, file: str, line: int) -> R_co | BadRow:
        """One validated record, or the BadRow saying what is wrong with the row."""
        ...


# Maps a raw label to its canonical name, or None when the label is unknown (a bad row).
LabelCheck = Callable[[str], str | None]


@dataclass(frozen=True)
class FieldSpec:
    premise: str | None = None  # None: auto-recognise (see KNOWN_PAIR_FIELDS)
    hypothesis: str | None = None
    id: str | None = None  # None: "id" when present, else file:line; a name given must exist
    label: str | None = None  # a label field to carry and validate (eval; batch --label-field)
    label_check: LabelCheck | None = field(default=None, compare=False)

    # RowSpec[PairRecord]: the (premise, hypothesis) fields, then one pair record per row.
    def resolve(self, columns: Iterable[str]) -> tuple[str, str]:
        return _resolve_pair_fields(self, columns)

    def build(self, row: dict[str, Any], resolved: tuple[str, str], file: str, line: int) -> Item:
        return make_record(row, resolved, self, file, line)


# ----------------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class _FileSource:
    path: Path
    name: str  # the name used in ids and messages


@dataclass(frozen=True)
class _HFSource:
    ref: str  # a folder saved with save_to_disk, or a dataset name in the local cache
    split: str | None


Source = _FileSource | _HFSource


def _is_hf_saved(path: Path) -> bool:
    return path.is_dir() and (
        (path / "dataset_dict.json").is_file() or (path / "state.json").is_file()
    )


def resolve_sources(source: str | Path) -> list[Source]:
    """What INPUT names: a file, a folder's files (sorted), or a HF dataset (``REF[:split]``)."""
    text = str(source)
    path = Path(text).expanduser()
    if path.is_file():
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise UsageError(
                f"{path}: unsupported input type {path.suffix or '(none)'}; "
                f"expected one of {', '.join(SUPPORTED_SUFFIXES)}"
            )
        return [_FileSource(path, path.name)]
    if _is_hf_saved(path):
        return [_HFSource(str(path), None)]
    if path.is_dir():
        files = sorted(
            p
            for p in path.iterdir()
            if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in SUPPORTED_SUFFIXES
        )
        if not files:
            raise UsageError(f"{path}: folder holds no {'/'.join(SUPPORTED_SUFFIXES)} files")
        return [_FileSource(p, p.name) for p in files]
    # "REF:split" picks one split of a saved DatasetDict or of a cached named dataset.
    ref, sep, split = text.rpartition(":")
    has_split = bool(sep and ref and split and "/" not in split)
    if has_split and _is_hf_saved(Path(ref).expanduser()):
        return [_HFSource(str(Path(ref).expanduser()), split)]
    if path.suffix.lower() in SUPPORTED_SUFFIXES or text.startswith((".", "/", "~")):
        raise UsageError(f"{text}: input not found")
    # Anything else is taken as the name of a dataset in the local HF cache.
    return [_HFSource(ref, split) if has_split else _HFSource(text, None)]


# ---------------------------------------------------------------------------- row validation


def _resolve_pair_fields(spec: FieldSpec, columns: Iterable[str]) -> tuple[str, str]:
    cols = set(columns)
    if spec.premise and spec.hypothesis:
        return spec.premise, spec.hypothesis
    for prem, hyp in KNOWN_PAIR_FIELDS:
        if (spec.premise or prem) in cols and (spec.hypothesis or hyp) in cols:
            return spec.premise or prem, spec.hypothesis or hyp
    # Nothing matches: name the defaults so the first row's error says which field is missing.
    return spec.premise or "premise", spec.hypothesis or "hypothesis"


def _not_utf8(value: str) -> bool:
    # Readers decode with surrogateescape, so undecodable bytes survive as lone surrogates.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _text(row: dict[str, Any], name: str, file: str, line: int) -> str | BadRow:
    if name not in row or row[name] is None:
        return BadRow(file, line, name, "missing field")
    value = row[name]
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return BadRow(file, line, name, "not valid UTF-8")
    if not isinstance(value, str):
        return BadRow(file, line, name, f"not text ({type(value).__name__})")
    if _not_utf8(value):
        return BadRow(file, line, name, "not valid UTF-8")
    if not value.strip():
        return BadRow(file, line, name, "empty text")
    return value


def record_id(row: dict[str, Any], id_field: str | None, file: str, line: int) -> str | BadRow:
    """The row's id: its ``id_field`` (which must then be there), else ``id`` when present,
    else ``FILE:LINE``."""
    raw_id = row.get(id_field or DEFAULT_ID_FIELD)
    if raw_id is None or str(raw_id) == "":
        if id_field:
            return BadRow(file, line, id_field, "missing field")
        return f"{file}:{line}"
    return str(raw_id)


def make_record(
    row: dict[str, Any], pair: tuple[str, str], spec: FieldSpec, file: str, line: int
) -> Item:
    """Validate one parsed row and build its record, or the BadRow saying what is wrong."""
    for key, value in row.items():
        if isinstance(value, str) and _not_utf8(value):
            return BadRow(file, line, key, "not valid UTF-8")
    premise = _text(row, pair[0], file, line)
    if isinstance(premise, BadRow):
        return premise
    hypothesis = _text(row, pair[1], file, line)
    if isinstance(hypothesis, BadRow):
        return hypothesis
    rid = record_id(row, spec.id, file, line)
    if isinstance(rid, BadRow):
        return rid
    label = gold = None
    if spec.label:
        raw = row.get(spec.label)
        if raw is None or str(raw).strip() == "":
            return BadRow(file, line, spec.label, "missing field")
        label = str(raw).strip()
        if spec.label_check is not None:
            gold = spec.label_check(label)
            if gold is None:
                return BadRow(file, line, spec.label, f"unknown label {label!r}")
    return PairRecord(rid, premise, hypothesis, row, file, line, label, gold)


# ----------------------------------------------------------------------------------- readers


def _open_error(path: Path, exc: OSError) -> StanceError:
    return StanceError(f"{path}: cannot read: {exc.strerror or exc}")


def _iter_jsonl(src: _FileSource, spec: RowSpec[R]) -> Iterator[R | BadRow]:
    try:
        fh = src.path.open("rb")
    except OSError as exc:
        raise _open_error(src.path, exc) from exc
    with fh:
        yield from parse_jsonl(fh, src.name, spec)


def parse_jsonl(lines: Iterable[bytes], name: str, spec: RowSpec[R]) -> Iterator[R | BadRow]:
    """JSONL rows from raw lines (an open binary file, or a file's bytes split into lines):
    the one parser both engines use, so ids, field resolution and bad rows agree."""
    resolved: Any = None
    seen_first = False
    for line_no, raw in enumerate(lines, start=1):
        text = raw.decode("utf-8", errors="surrogateescape")
        if not text.strip():
            continue  # blank lines (a trailing newline, say) are not rows
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            if _not_utf8(text):
                yield BadRow(name, line_no, None, "not valid UTF-8")
            else:
                yield BadRow(name, line_no, None, f"invalid JSON: {exc.msg}")
            continue
        if not isinstance(row, dict):
            yield BadRow(name, line_no, None, "invalid JSON: not an object")
            continue
        if not seen_first:
            resolved, seen_first = spec.resolve(row), True
        yield spec.build(row, resolved, name, line_no)


def _iter_delimited(src: _FileSource, spec: RowSpec[R], tsv: bool) -> Iterator[R | BadRow]:
    try:
        fh = src.path.open(encoding="utf-8", errors="surrogateescape", newline="")
    except OSError as exc:
        raise _open_error(src.path, exc) from exc
    with fh:
        yield from parse_delimited(fh, src.name, spec, tsv)


def parse_delimited(fh: TextIO, name: str, spec: RowSpec[R], tsv: bool) -> Iterator[R | BadRow]:
    """CSV/TSV rows from a text stream opened with ``newline=""`` and surrogateescape."""
    # TSV follows the tab-separated-values convention (no quoting); CSV uses RFC 4180 quotes.
    reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if tsv else csv.reader(fh)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise StanceError(f"{name}:1: unreadable header: {exc}") from exc
    header = [h.lstrip("\ufeff") if i == 0 else h for i, h in enumerate(header)]
    bad_header = [h for h in header if _not_utf8(h)]
    if bad_header:
        raise StanceError(f"{name}:1: header is not valid UTF-8")
    resolved = spec.resolve(header)
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield BadRow(name, start, None, f"malformed row: {exc}")
            start = reader.line_num + 1
            continue
        line_no, start = start, reader.line_num + 1
        if not values:
            continue
        if len(values) != len(header):
            yield BadRow(
                name,
                line_no,
                None,
                f"row has {len(values)} fields, header has {len(header)}",
            )
            continue
        yield spec.build(dict(zip(header, values, strict=True)), resolved, name, line_no)


def _iter_parquet(src: _FileSource, spec: RowSpec[R], batch_rows: int) -> Iterator[R | BadRow]:
    yield from parse_parquet(src.path, src.name, spec, batch_rows)


def parse_parquet(
    source: str | Path | Any, name: str, spec: RowSpec[R], batch_rows: int = 1024
) -> Iterator[R | BadRow]:
    """Parquet rows from a path or any file-like object pyarrow reads (a buffer of its bytes)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(source)
    except (OSError, pa.ArrowException) as exc:
        raise StanceError(f"{name}: cannot read Parquet: {exc}") from exc
    resolved = spec.resolve(pf.schema_arrow.names)
    row_no = 0
    try:
        for batch in pf.iter_batches(batch_size=batch_rows):
            for row in batch.to_pylist():
                row_no += 1
                yield spec.build(row, resolved, name, row_no)
    except pa.ArrowException as exc:
        raise StanceError(f"{name}: row {row_no + 1}: cannot read Parquet: {exc}") from exc


def parse_file_bytes(
    data: bytes, name: str, spec: RowSpec[R], batch_rows: int = 1024
) -> Iterator[R | BadRow]:
    """Every row of one input file given as bytes, parsed by NAME's extension exactly as the
    file reader above would (the Ray engine reads files as bytes through Ray Data)."""
    suffix = Path(name).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        # A BytesIO yields lines split on b"\n" exactly as a file opened "rb" does.
        return parse_jsonl(io.BytesIO(data), name, spec)
    if suffix in PARQUET_SUFFIXES:
        import pyarrow as pa

        return parse_parquet(pa.BufferReader(data), name, spec, batch_rows)
    if suffix in CSV_SUFFIXES + TSV_SUFFIXES:
        text = io.TextIOWrapper(
            io.BytesIO(data), encoding="utf-8", errors="surrogateescape", newline=""
        )
        return parse_delimited(text, name, spec, tsv=suffix in TSV_SUFFIXES)
    raise UsageError(
        f"{name}: unsupported input type {suffix or '(none)'}; "
        f"expected one of {', '.join(SUPPORTED_SUFFIXES)}"
    )


def _offline_hf() -> None:
    # Never touch the Hub: a named dataset must already be in the local cache.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    import datasets.config

    datasets.config.HF_HUB_OFFLINE = True
    try:
        import huggingface_hub.constants as hub_constants

        hub_constants.HF_HUB_OFFLINE = True
    except (ImportError, AttributeError):
        pass


def load_hf_dataset(src: _HFSource) -> Any:
    """The ``datasets.Dataset`` an HF source names (offline only); StanceError if there is none."""
    _offline_hf()
    import datasets

    try:
        if _is_hf_saved(Path(src.ref)):
            ds = datasets.load_from_disk(src.ref)
        else:
            ds = datasets.load_dataset(src.ref, split=src.split)
    except Exception as exc:  # datasets raises many types; all mean "cannot read this input"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StanceError(
            f"{src.ref}: not a file or folder, and no such dataset offline: {first}"
        ) from exc
    if isinstance(ds, datasets.DatasetDict):
        names = list(ds)
        if src.split is None and len(names) == 1:
            return ds[names[0]]
        if src.split not in ds:
            raise UsageError(
                f"{src.ref}: pick a split as {src.ref}:SPLIT, one of: {', '.join(names)}"
            )
        return ds[src.split]
    if isinstance(ds, datasets.IterableDataset | datasets.IterableDatasetDict):
        raise StanceError(f"{src.ref}: streaming datasets are not supported")
    return ds


def _class_label_names(ds, name: str | None) -> Callable[[Any], Any]:
    # A ClassLabel column holds ints; labels are compared by name.
    feature = ds.features.get(name) if name else None
    int2str = getattr(feature, "int2str", None)
    if int2str is None:
        return lambda v: v

    def to_name(value: Any) -> Any:
        try:
            return int2str(value) if isinstance(value, int) else value
        except ValueError:
            return value

    return to_name


def hf_source_name(src: _HFSource) -> str:
    """The name a dataset's rows carry in ids and messages: ``<folder or name>[:split]``."""
    return Path(src.ref).name + (f":{src.split}" if src.split else "")


def hf_pair_fields(ds: Any, spec: FieldSpec) -> tuple[tuple[str, str], Callable[[Any], Any]]:
    """The (premise, hypothesis) columns of a loaded dataset and its label-name mapping."""
    return _resolve_pair_fields(spec, ds.column_names), _class_label_names(ds, spec.label)


def parse_hf_rows(
    rows: Iterable[tuple[int, dict[str, Any]]],
    pair: tuple[str, str],
    spec: FieldSpec,
    name: str,
    label_name: Callable[[Any], Any],
) -> Iterator[Item]:
    """Records of numbered dataset rows ``(1-based row number, row)``."""
    for row_no, row in rows:
        if spec.label and spec.label in row:
            row[spec.label] = label_name(row[spec.label])
        yield make_record(row, pair, spec, name, row_no)


def numbered_dataset_rows(ds: Any, batch_rows: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """A ``datasets.Dataset``'s rows as ``(1-based row number, row)``, read in column batches
    (one Arrow read per batch rather than one per row)."""
    row_no = 0
    for batch in ds.iter(batch_size=batch_rows):
        columns = list(batch)
        for values in zip(*(batch[c] for c in columns), strict=True):
            row_no += 1
            yield row_no, dict(zip(columns, values, strict=True))


def build_numbered_rows(
    rows: Iterable[tuple[int, dict[str, Any]]], spec: RowSpec[R], resolved: Any, name: str
) -> Iterator[R | BadRow]:
    """SPEC's records of numbered dataset rows ``(1-based row number, row)``."""
    for row_no, row in rows:
        yield spec.build(row, resolved, name, row_no)


def dataset_row_parser(
    ds: Any, spec: RowSpec[R], name: str
) -> Callable[[Iterable[tuple[int, dict[str, Any]]]], Iterator[R | BadRow]]:
    """How a loaded dataset's numbered rows become records, decided once from its columns:
    pairs map ClassLabel ints to names (``parse_hf_rows``), any other spec builds each row.
    A picklable callable, so the Ray engine builds it on the driver and parses on workers."""
    if isinstance(spec, FieldSpec):
        pair, label_name = hf_pair_fields(ds, spec)
        return functools.partial(  # type: ignore[return-value]
            parse_hf_rows, pair=pair, spec=spec, name=name, label_name=label_name
        )
    return functools.partial(
        build_numbered_rows, spec=spec, resolved=spec.resolve(ds.column_names), name=name
    )


def _iter_hf(src: _HFSource, spec: RowSpec[R], batch_rows: int) -> Iterator[R | BadRow]:
    ds = load_hf_dataset(src)
    parse = dataset_row_parser(ds, spec, hf_source_name(src))
    yield from parse(numbered_dataset_rows(ds, batch_rows))


def iter_pairs(
    source: str | Path | MemoryRows, fields: FieldSpec | None = None, batch_rows: int = 1024
) -> Iterator[Item]:
    """Every row of SOURCE, in input order, as a PairRecord or a BadRow (lazy)."""
    from stance.io.memory_input import MemoryRows, iter_memory_rows

    spec = fields or FieldSpec()
    if isinstance(source, MemoryRows):
        yield from iter_memory_rows(source, spec, batch_rows)
        return
    yield from iter_items(source, spec, batch_rows)


def hf_dataset_source(name: str, split: str | None = None) -> Source:
    """A dataset named explicitly (``--hf-dataset NAME --split S``): a folder saved with
    ``save_to_disk`` or a name in the local cache, never a file of that name."""
    return _HFSource(name, split)


def iter_items(
    source: str | Path | Source, spec: RowSpec[R], batch_rows: int = 1024
) -> Iterator[R | BadRow]:
    """Every row of a file, folder or dataset, in input order, as SPEC's record or a BadRow."""
    sources = [source] if isinstance(source, _FileSource | _HFSource) else resolve_sources(source)
    for src in sources:
        if isinstance(src, _HFSource):
            yield from _iter_hf(src, spec, batch_rows)
            continue
        suffix = src.path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from _iter_jsonl(src, spec)
        elif suffix in PARQUET_SUFFIXES:
            yield from _iter_parquet(src, spec, batch_rows)
        else:
            yield from _iter_delimited(src, spec, tsv=suffix in TSV_SUFFIXES)


def chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Fixed-size chunks by input position, so chunk boundaries depend on the input alone."""
    if size < 1:
        raise UsageError(f"chunk size must be at least 1, got {size}")
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def read_chunks(
    source: str | Path | MemoryRows, fields: FieldSpec | None = None, chunk_size: int = 256
) -> Iterator[list[Item]]:
    """SOURCE in chunks of ``chunk_size`` rows (records and bad rows, in input order)."""
    return chunked(iter_pairs(source, fields, batch_rows=min(chunk_size, 1024)), chunk_size)


def strict(items: Iterable[Item]) -> Iterator[PairRecord]:
    """The records, raising the first BadRow (the default, stop-at-first-error behaviour)."""
    for item in items:
        if isinstance(item, BadRow):
            raise item
        yield item


def _count_lines(path: Path) -> int:
    n = 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            n += block.count(b"\n")
    return n


def count_rows(source: str | Path | MemoryRows | Source) -> int | None:
    """A cheap estimate of the row count, for progress and ETA only (None when unknown)."""
    from stance.io.memory_input import MemoryRows, count_memory_rows

    if isinstance(source, MemoryRows):
        return count_memory_rows(source)
    if isinstance(source, _HFSource):
        return None
    total = 0
    try:
        for src in [source] if isinstance(source, _FileSource) else resolve_sources(source):
            if isinstance(src, _HFSource):
                return None  # loading a dataset only to count it is not cheap
            suffix = src.path.suffix.lower()
            if suffix in PARQUET_SUFFIXES:
                import pyarrow.parquet as pq

                total += pq.ParquetFile(src.path).metadata.num_rows
            else:
                # Newlines over-count CSV rows with quoted line breaks; fine for an ETA.
                lines = _count_lines(src.path)
                total += lines - 1 if suffix not in JSONL_SUFFIXES else lines
    except (OSError, StanceError):
        return None
    except Exception:  # a corrupt Parquet footer: reading will report it properly
        return None
    return max(total, 0)
