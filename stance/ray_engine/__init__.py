"""`stance batch --engine ray`: the batch job on a Ray cluster (or a local Ray instance).

Ray is an optional extra (``pip install -e ".[ray]"``), so no module here imports it at import
time: Ray is imported inside the functions that run on the Ray path, and the local engine never
imports this package at all (a test checks it with ``python -X importtime``).

Modules, one job each:

* ``options``: what the CLI passes in (RayOptions, ModelSpec), validated without Ray.
* ``runtime``: importing Ray, joining or starting a cluster, quiet logs, one-line errors.
* ``read``: the input as a Ray dataset of *chunk units*, parsed by ``stance.io.pair_input``.
* ``score``: the model actor; scores one unit and writes its shard.
* ``shards``: the output folder: shard names and atomic writes, the job file, the manifest.
* ``run``: the orchestration (``run_ray_batch``).
"""
