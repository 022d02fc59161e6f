"""The model actor: loads the backend once, scores whole chunk units, writes their shards.

Each call scores one unit with one ``stance.windows.score_pairs`` call, exactly as the local
engine scores one chunk (same windows for long premises, same length-sorted batches), builds
the records with ``stance.batch.output_record`` (the local record schema), and writes the
unit's shard itself, atomically (``shards.OutputDir.write``). Only a small row per unit goes
back to the driver (key, record count, where it ran), never the records.

Why the actor writes: a shard named by the unit's key is idempotent. When an actor dies
mid-call, Ray restarts it and retries the call (``max_restarts``/``max_task_retries``, set by
``run``); the retry scores the same unit and writes the same shard name, so a shard the dead
call had finished is replaced by an identical one and none is ever duplicated.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from stance.batch import output_record
from stance.ray_engine.options import ModelSpec
from stance.ray_engine.read import decode_records
from stance.ray_engine.shards import OutputDir, encode_shard, shard_name


def load_model(spec: ModelSpec) -> Any:
    """The backend ``spec`` names; "half" becomes bf16 or fp16, whichever the GPU runs."""
    from stance.cli.common import quiet_libraries
    from stance.infer.backend import load_backend

    quiet_libraries()
    dtype = spec.dtype
    if dtype == "half":
        from stance.infer.torch_backend import half_dtype_for

        dtype = half_dtype_for(spec.device)
    return load_backend(
        spec.model,
        backend=spec.backend,
        max_length=spec.max_length,
        threads=spec.threads,
        device=spec.device,
        dtype=dtype,
    )


class UnitWorker:
    """What the actors of every Ray job here share: where they run, and one small result row
    per unit (its key, what ``process`` reports, the actor's node, pid and host)."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.host = socket.gethostname()
        try:
            import ray

            self.node = ray.get_runtime_context().get_node_id()
        except Exception:  # outside Ray (a unit test calling the class directly)
            self.node = ""

    def process(self, key: str, file: str, records_json: str) -> dict[str, Any]:
        """Process one unit and write its shard; returns the columns of its result row
        (``rows``: records written, and whatever else the driver needs)."""
        raise NotImplementedError

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        result: dict[str, list[Any]] = {}
        for key, file, records_json in zip(
            batch["key"], batch["file"], batch["records"], strict=True
        ):
            row = {
                "key": str(key),
                **self.process(str(key), str(file), str(records_json)),
                "pid": self.pid,
                "node": self.node,
                "host": self.host,
            }
            for name, value in row.items():
                result.setdefault(name, []).append(value)
        return result


class ScoreChunks(UnitWorker):
    """Ray Data callable class (one instance per actor): unit rows in, one result row each."""

    def __init__(self, model: ModelSpec, batch_size: int, out: OutputDir, fmt: str) -> None:
        import json

        super().__init__()
        self.backend = load_model(model)
        self.batch_size = batch_size
        self.out = out
        self.fmt = fmt
        info = self.backend.info
        self.model_json = json.dumps(
            {**info.as_dict(), "backend": info.backend, **dict(info.extra)}, sort_keys=True
        )

    def score_unit(self, key: str, file: str, records_json: str) -> tuple[int, int]:
        """Score one unit and write its shard; returns (records, windowed)."""
        from stance.windows import score_pairs

        recs = decode_records(records_json, file)
        scored = score_pairs(
            self.backend, [(r.premise, r.hypothesis) for r in recs], self.batch_size
        )
        out = [output_record(rec, scored.probs[i], scored.windows[i]) for i, rec in enumerate(recs)]
        self.out.write(shard_name(key, self.fmt), encode_shard(out, self.fmt))
        return len(out), sum(w is not None for w in scored.windows)

    def process(self, key: str, file: str, records_json: str) -> dict[str, Any]:
        rows, windowed = self.score_unit(key, file, records_json)
        return {"rows": rows, "windowed": windowed, "model": self.model_json}
