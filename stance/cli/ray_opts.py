"""The ``--engine ray`` options that ``stance batch`` and ``stance analyze`` share: one
definition of each option and one check, so both commands say the same things.

Nothing here imports Ray: ``RayOptions`` is built (and imported) only for ``--engine ray``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from stance.errors import UsageError

if TYPE_CHECKING:
    from stance.ray_engine.options import RayOptions

ENGINES = ("local", "ray")


def address_option() -> Any:
    return typer.Option(
        None,
        help="ray: 'auto' joins the cluster started on this machine with `ray start`, "
        "HOST:PORT joins that cluster; omitted, a local Ray instance is started.",
    )


def workers_option(doing: str = "scoring") -> Any:
    return typer.Option(None, help=f"ray: model actors {doing} at once (default 1).")


def cpus_per_worker_option() -> Any:
    return typer.Option(
        None, help="ray: CPUs each actor reserves; also its inference threads (default 1)."
    )


def gpus_per_worker_option() -> Any:
    return typer.Option(
        None,
        help="ray: GPUs each actor reserves (default 0); above 0, the torch backend runs "
        "on the GPU in bf16 (fp16 where bf16 is unsupported).",
    )


def check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise UsageError(f"--engine {engine}: choose local or ray")


def ray_options_for(engine: str, **given: Any) -> RayOptions | None:
    """``RayOptions`` from the ray-only options given (RayOptions' defaults for the rest) when
    ``engine`` is ray; None for the local engine, where any of them is a usage error."""
    check_engine(engine)
    ray_given = {name: value for name, value in given.items() if value is not None}
    if engine == "ray":
        from stance.ray_engine.options import RayOptions

        return RayOptions(**ray_given)
    if ray_given:
        raise UsageError(f"--{next(iter(ray_given)).replace('_', '-')} needs --engine ray")
    return None
