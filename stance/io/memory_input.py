"""Pairs held in memory as input to a batch job or an evaluation, read exactly like a file.

``MemoryRows`` wraps a list (or any iterable) of mappings or of (premise, hypothesis) pairs, or
a ``datasets.Dataset``. Rows go through the file readers' validation (``make_record``): the same
field recognition (premise/hypothesis, evidence/claim, ...), the same bad rows, and ids from the
``id`` field or else ``<name>:<row number>`` (1-based), as a file's ``<file>:<line>``.

A batch job reads its input again when it resumes, so resuming needs the same rows again: a
list or a Dataset, or a new iterator over the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sized
from dataclasses import dataclass
from typing import Any

from stance.errors import StanceError, UsageError
from stance.io.pair_input import (
    BadRow,
    FieldSpec,
    Item,
    _resolve_pair_fields,
    hf_pair_fields,
    make_record,
    numbered_dataset_rows,
    parse_hf_rows,
)

DEFAULT_NAME = "<rows>"


@dataclass(frozen=True)
class MemoryRows:
    """Rows the caller holds: an iterable of mappings or of pairs, or a ``datasets.Dataset``."""

    rows: Any
    name: str = DEFAULT_NAME  # stands for the file name in ids and messages

    def __str__(self) -> str:
        return self.name


def is_dataset(obj: object) -> bool:
    """A Hugging Face ``datasets`` object, told without importing datasets (seconds)."""
    return type(obj).__module__.split(".")[0] == "datasets"


def iter_memory_rows(src: MemoryRows, spec: FieldSpec, batch_rows: int = 1024) -> Iterator[Item]:
    """Every row as a PairRecord or a BadRow, in order (lazy)."""
    if is_dataset(src.rows):
        yield from _iter_dataset(src, spec, batch_rows)
        return
    pair: tuple[str, str] | None = None
    for row_no, row in enumerate(src.rows, start=1):
        if isinstance(row, Mapping):
            record = dict(row)
        elif isinstance(row, tuple | list) and len(row) == 2:
            record = {"premise": row[0], "hypothesis": row[1]}
        else:
            yield BadRow(
                src.name,
                row_no,
                None,
                f"expected a mapping or a (premise, hypothesis) pair, got {type(row).__name__}",
            )
            continue
        if pair is None:
            pair = _resolve_pair_fields(spec, record)
        yield make_record(record, pair, spec, src.name, row_no)


def _iter_dataset(src: MemoryRows, spec: FieldSpec, batch_rows: int) -> Iterator[Item]:
    ds = src.rows
    kind = type(ds).__name__
    if kind in ("DatasetDict", "IterableDatasetDict"):
        raise UsageError(f"{src.name}: a {kind}; pass one split, e.g. ds[{next(iter(ds))!r}]")
    if kind != "Dataset":
        raise StanceError(f"{src.name}: {kind} is not supported; pass a datasets.Dataset")
    pair, label_name = hf_pair_fields(ds, spec)
    yield from parse_hf_rows(
        numbered_dataset_rows(ds, batch_rows), pair, spec, src.name, label_name
    )


def count_memory_rows(src: MemoryRows) -> int | None:
    """How many rows, when the container knows (for progress bars); else None."""
    return len(src.rows) if isinstance(src.rows, Sized) else None
