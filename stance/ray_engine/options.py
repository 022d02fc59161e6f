"""The Ray engine's options, validated without importing Ray (so the CLI stays fast and the
"Ray is not installed" error comes only when the Ray path really runs)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from stance.errors import UsageError

if TYPE_CHECKING:
    from stance.model import ModelSettings


@dataclass(frozen=True)
class RayOptions:
    """Where the job runs and how many model actors it uses.

    ``address``: None starts a local Ray instance sized for the actors; ``auto`` joins the
    cluster running on this machine (``ray start``); ``HOST:PORT`` joins that cluster's GCS.
    """

    address: str | None = None
    workers: int = 1
    cpus_per_worker: float = 1.0
    gpus_per_worker: float = 0.0

    def validate(self) -> None:
        if self.workers < 1:
            raise UsageError(f"--workers must be at least 1, got {self.workers}")
        if not self.cpus_per_worker > 0:
            raise UsageError(f"--cpus-per-worker must be above 0, got {self.cpus_per_worker}")
        if self.gpus_per_worker < 0:
            raise UsageError(f"--gpus-per-worker must be 0 or more, got {self.gpus_per_worker}")
        if self.address is not None and not self.address.strip():
            raise UsageError("--address must not be empty (omit it for a local Ray instance)")

    @property
    def gpu(self) -> bool:
        return self.gpus_per_worker > 0

    def local_cpus(self) -> int:
        """Logical CPUs of a local instance: exactly what the actors reserve (the read and
        parse tasks reserve none, see ``read``)."""
        return max(1, math.ceil(self.workers * self.cpus_per_worker))


@dataclass(frozen=True)
class ModelSpec:
    """What each actor loads: the arguments of ``stance.infer.backend.load_backend``.

    ``backend`` and ``model`` are resolved on the driver (``resolved``) so every actor, and a
    resumed job, loads the same thing. ``dtype`` None means float32; GPU actors run half
    precision (``"half"``: bf16 where the GPU supports it, else fp16, decided on the actor).
    """

    model: str | None = None
    backend: str | None = None
    max_length: int | None = None
    threads: int | None = None
    device: str = "cpu"
    dtype: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def model_spec_for(
    model: str | None,
    backend: str | None,
    max_length: int | None,
    threads: int | None,
    ray_options: RayOptions,
) -> ModelSpec:
    """The actor's model spec: threads default to the CPUs each actor reserves; a GPU actor
    runs the torch backend on its GPU in half precision (the onnx backend is CPU-only here)."""
    if ray_options.gpu:
        if backend == "onnx":
            raise UsageError("--gpus-per-worker needs --backend torch (onnx runs on CPUs here)")
        return ModelSpec(model, "torch", max_length, threads or 1, "cuda", "half")
    threads = threads or max(1, math.floor(ray_options.cpus_per_worker))
    return ModelSpec(model, backend, max_length, threads, "cpu", None)


def settings_spec(model: ModelSettings, ray_options: RayOptions) -> ModelSpec:
    """``model_spec_for`` of a model's settings, its name or path resolved on the driver (a
    short name such as ``minilm`` becomes the embedded folder), so every actor loads the same."""
    from stance.infer.models import resolve_model_ref

    return model_spec_for(
        resolve_model_ref(model.name_or_path),
        model.backend,
        model.max_length,
        model.threads,
        ray_options,
    )
