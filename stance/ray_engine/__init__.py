"""`--engine ray`: `stance batch` and `stance analyze CORPUS -o` on a Ray cluster (or a local
Ray instance).

Ray is an optional extra (``pip install -e ".[ray]"``), so no module here imports it at import
time: Ray is imported inside the functions that run on the Ray path, and the local engine never
imports this package at all (a test checks it with ``python -X importtime``).

Modules, one job each:

* ``options``: what the CLI passes in (RayOptions, ModelSpec), validated without Ray.
* ``runtime``: importing Ray, joining or starting a cluster, quiet logs, one-line errors.
* ``read``: the input as a Ray dataset of *units* (consecutive rows of one file), parsed by
  the local engine's readers (``stance.io.pair_input``) with the command's row spec.
* ``score``: ``UnitWorker``, what every actor shares, and ``stance batch``'s model actor,
  which scores one unit and writes its shard.
* ``shards``: the output folder: shard names and atomic writes, the job file, the manifest.
* ``run``: the passes both commands share (census, actor pool, folder set-up, shard check) and
  ``stance batch``'s orchestration (``run_ray_batch``).
* ``articles``: ``stance analyze``'s actor: analyzes one unit of articles, writes its shard.
* ``corpus``: ``stance analyze``'s orchestration (``run_ray_corpus``): the shards assembled
  into the local engine's OUT.jsonl.
"""
