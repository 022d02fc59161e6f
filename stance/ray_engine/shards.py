"""The Ray engine's output folder: shards written atomically, the job file, the manifest.

Layout of OUTPUT/ (names starting with ``_`` or ``.`` are skipped by pyarrow, pandas and Spark
when they read the folder as a dataset):

* ``part-<key>.parquet`` or ``part-<key>.jsonl``: one shard per chunk unit (``read``), its
  records in the local engine's schema and in input order. ``<key>`` is
  ``<file no.>-<first line>-<content digest>``, so shards sort in input order by name.
* ``_job.json``: written when the job starts: the input and every option that decides the
  units or the numbers; ``--resume`` refuses a job that differs.
* ``_rejects.jsonl``: the bad rows under ``--skip-bad`` (file, line, field, reason, error).
* ``_manifest.json``: written last, after every shard is checked: its presence means done.

Writes are atomic: a local shard goes to a hidden temporary file, is fsynced and renamed
(then the folder is fsynced), so a shard either exists whole or not at all, whatever kills
the writer. On an object store (``s3://``, ``gs://``, through pyarrow's filesystems) an object
appears only when its upload completes, which gives the same guarantee.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from stance.errors import StanceError, first_line
from stance.io.jsonl_out import _fsync_dir, encode_lines
from stance.labels import NLI_LABELS

JOB_FILE = "_job.json"
MANIFEST_FILE = "_manifest.json"
REJECTS_FILE = "_rejects.jsonl"
FORMATS = ("parquet", "jsonl")
SHARD_RE = re.compile(r"^part-(\d{5}-\d{10}-[0-9a-f]{16})\.(parquet|jsonl)$")
TMP_MARK = ".tmp-"
STANCE_TAIL = (*NLI_LABELS, "label", "window")  # the keys output_record adds after the input's


def output_format(location: str) -> str:
    """Shards are JSONL when OUTPUT's name ends in .jsonl, else Parquet (out/, out.parquet/)."""
    return "jsonl" if location.rstrip("/").lower().endswith(".jsonl") else "parquet"


def shard_name(key: str, fmt: str) -> str:
    return f"part-{key}.{fmt}"


def shard_key(name: str) -> str | None:
    m = SHARD_RE.match(name)
    return m.group(1) if m else None


def is_ours(name: str) -> bool:
    """Files stance writes in OUTPUT (``--force`` deletes these and nothing else)."""
    return (
        shard_key(name) is not None
        or name in (JOB_FILE, MANIFEST_FILE, REJECTS_FILE)
        or (name.startswith(".") and TMP_MARK in name)
    )


class OutputDir:
    """The output folder: a local path, or a URI that pyarrow's filesystems open. Picklable
    (it holds only the location), so the actors can write to it."""

    def __init__(self, location: str | Path) -> None:
        text = str(location)
        if text.startswith("file://"):
            text = text.removeprefix("file://")
        self.location = text.rstrip("/") if text not in ("/",) else text
        self.remote = "://" in self.location
        self._fs: Any = None
        self._root = ""

    def __getstate__(self) -> dict[str, Any]:
        return {"location": self.location, "remote": self.remote}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["location"])

    def __str__(self) -> str:
        return self.location

    @property
    def path(self) -> Path:
        return Path(self.location)

    def _remote(self) -> tuple[Any, str]:
        if self._fs is None:
            from pyarrow import fs as pafs

            try:
                self._fs, self._root = pafs.FileSystem.from_uri(self.location)
            except Exception as exc:  # bad URI, unknown scheme, no credentials
                raise StanceError(f"{self.location}: cannot open: {first_line(exc)}") from None
        return self._fs, self._root

    def where(self, name: str) -> str:
        return f"{self.location}/{name}"

    # ------------------------------------------------------------------ queries

    def state(self) -> str:
        """ "missing", "dir" or "file"."""
        if not self.remote:
            if self.path.is_dir():
                return "dir"
            return "file" if self.path.exists() else "missing"
        from pyarrow import fs as pafs

        fs, root = self._remote()
        kind = fs.get_file_info(root).type
        if kind == pafs.FileType.Directory:
            return "dir"
        return "missing" if kind == pafs.FileType.NotFound else "file"

    def names(self) -> list[str]:
        """Names of the entries directly inside (files and folders), sorted."""
        if self.state() != "dir":
            return []
        if not self.remote:
            return sorted(p.name for p in self.path.iterdir())
        from pyarrow import fs as pafs

        fs, root = self._remote()
        infos = fs.get_file_info(pafs.FileSelector(root, recursive=False))
        return sorted(i.base_name for i in infos)

    def exists(self, name: str) -> bool:
        if not self.remote:
            return (self.path / name).exists()
        from pyarrow import fs as pafs

        fs, root = self._remote()
        return fs.get_file_info(f"{root}/{name}").type != pafs.FileType.NotFound

    @contextlib.contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        try:
            if not self.remote:
                fh: Any = (self.path / name).open("rb")
            else:
                fs, root = self._remote()
                fh = fs.open_input_file(f"{root}/{name}")
        except OSError as exc:
            raise StanceError(f"{self.where(name)}: cannot read: {first_line(exc)}") from None
        with fh:
            yield fh

    def read_bytes(self, name: str) -> bytes:
        with self.open(name) as fh:
            return fh.read()

    # ------------------------------------------------------------------ writes

    def mkdir(self) -> None:
        try:
            if not self.remote:
                self.path.mkdir(parents=False, exist_ok=True)
            else:
                fs, root = self._remote()
                fs.create_dir(root, recursive=True)
        except OSError as exc:
            raise StanceError(f"{self.location}: cannot create: {first_line(exc)}") from None

    def write(self, name: str, data: bytes) -> None:
        """Write ``name`` whole or not at all (see the module docstring)."""
        if self.remote:
            fs, root = self._remote()
            try:
                with fs.open_output_stream(f"{root}/{name}") as out:
                    out.write(data)
            except Exception as exc:  # network, permissions, quota: one line, the job stops
                raise StanceError(f"{self.where(name)}: cannot write: {first_line(exc)}") from None
            return
        final = self.path / name
        tmp = self.path / f".{name}{TMP_MARK}{os.getpid()}-{secrets.token_hex(4)}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, final)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StanceError(f"{final}: cannot write: {exc.strerror or exc}") from None
        _fsync_dir(final)

    def delete(self, name: str) -> None:
        try:
            if not self.remote:
                (self.path / name).unlink(missing_ok=True)
            else:
                fs, root = self._remote()
                fs.delete_file(f"{root}/{name}")
        except OSError as exc:
            raise StanceError(f"{self.where(name)}: cannot delete: {first_line(exc)}") from None

    def write_json(self, name: str, value: dict[str, Any]) -> None:
        self.write(name, (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode())

    def read_json(self, name: str) -> dict[str, Any] | None:
        if not self.exists(name):
            return None
        try:
            value = json.loads(self.read_bytes(name))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StanceError(f"{self.where(name)}: unreadable: {exc}") from None
        if not isinstance(value, dict):
            raise StanceError(f"{self.where(name)}: unreadable: not a JSON object")
        return value


# ------------------------------------------------------------------------------ the folder


def drop_temporaries(out: OutputDir) -> int:
    """Delete the temporary files of writers that died (a killed driver's actors)."""
    stale = [n for n in out.names() if n.startswith(".") and TMP_MARK in n]
    for name in stale:
        out.delete(name)
    return len(stale)


def shard_keys(out: OutputDir) -> dict[str, str]:
    """Complete shards in OUTPUT: key -> file name."""
    return {key: name for name in out.names() if (key := shard_key(name)) is not None}


# ------------------------------------------------------------------------------ shard I/O


def _window_type():
    import pyarrow as pa

    return pa.struct(
        [
            ("index", pa.int64()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("text", pa.string()),
            ("count", pa.int64()),
        ]
    )


def records_table(records: list[dict[str, Any]]):
    """Records as an Arrow table: id, the input's fields (first-seen order), the three
    probabilities, label and window. ``window`` is always a column (null where the premise
    fit), so every shard has it and the folder reads as one table."""
    import pyarrow as pa

    middle = dict.fromkeys(k for r in records for k in r if k != "id" and k not in STANCE_TAIL)
    arrays, names = [], ["id", *middle, *STANCE_TAIL]
    for name in names:
        values = [r.get(name) for r in records]
        if name in NLI_LABELS:
            arrays.append(pa.array(values, pa.float64()))
        elif name in ("id", "label"):
            arrays.append(pa.array(values, pa.string()))
        elif name == "window":
            arrays.append(pa.array(values, _window_type()))
        else:
            try:
                arrays.append(pa.array(values))
            except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
                raise StanceError(
                    f"field {name!r} mixes types ({first_line(exc)}); Parquet needs one type "
                    "per column: write JSONL shards instead (an OUTPUT folder named *.jsonl)"
                ) from None
    return pa.Table.from_arrays(arrays, names=names)


def encode_shard(records: list[dict[str, Any]], fmt: str) -> bytes:
    """A shard's bytes: the local engine's JSONL lines, or one Parquet file."""
    if fmt == "jsonl":
        return encode_lines(records)
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(records_table(records), sink)
    return sink.getvalue().to_pybytes()


def shard_rows(out: OutputDir, name: str) -> int:
    """Records in one shard (a Parquet footer, or a count of JSONL lines)."""
    if name.endswith(".jsonl"):
        n = 0
        with out.open(name) as fh:
            while block := fh.read(1 << 20):
                n += block.count(b"\n")
        return n
    import pyarrow.parquet as pq

    with out.open(name) as fh:
        try:
            return pq.read_metadata(fh).num_rows
        except Exception as exc:  # a shard is whole by construction; say so if it is not
            raise StanceError(f"{out.where(name)}: unreadable shard: {first_line(exc)}") from None


def read_shard(out: OutputDir, name: str) -> list[dict[str, Any]]:
    """A shard's records as dicts (a null Parquet window is dropped, as in JSONL)."""
    if name.endswith(".jsonl"):
        return [json.loads(line) for line in out.read_bytes(name).splitlines() if line.strip()]
    import pyarrow.parquet as pq

    with out.open(name) as fh:
        rows = pq.read_table(fh).to_pylist()
    for row in rows:
        if row.get("window") is None:
            row.pop("window", None)
    return rows


def conform_parquet(out: OutputDir, names: list[str]) -> int:
    """Give every Parquet shard one schema, so the folder reads as one table.

    Shards infer their input columns' types on their own: a column that is null throughout
    one chunk, or int in one and float in another, or missing from one. The schemas are
    unified (nulls and ints widen), and the shards that differ are rewritten (atomically).
    Returns how many were rewritten.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not names:
        return 0
    schemas = {}
    for name in names:
        with out.open(name) as fh:
            schemas[name] = pq.read_schema(fh)
    try:
        unified = pa.unify_schemas(list(schemas.values()), promote_options="permissive")
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise StanceError(
            f"{out}: shards disagree on a column's type ({first_line(exc)}); Parquet needs "
            "one type per column: write JSONL shards instead (an OUTPUT folder named *.jsonl)"
        ) from None
    # id and the input's fields first, stance's columns last, as in every shard.
    head = [f for f in unified if f.name not in STANCE_TAIL]
    unified = pa.schema(head + [unified.field(n) for n in STANCE_TAIL])
    rewritten = 0
    for name, schema in schemas.items():
        if schema.equals(unified, check_metadata=False):
            continue
        with out.open(name) as fh:
            table = pq.read_table(fh)
        columns = [
            table.column(f.name).cast(f.type)
            if f.name in table.column_names
            else pa.nulls(len(table), f.type)
            for f in unified
        ]
        sink = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_arrays(columns, schema=unified), sink)
        out.write(name, sink.getvalue().to_pybytes())
        rewritten += 1
    return rewritten
