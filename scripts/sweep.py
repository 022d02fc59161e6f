"""Run training variants in parallel (one GPU has room for many small runs), then pick the best.

    python scripts/sweep.py --sweep configs/train/sweep-gpu.yaml --out runs/sweep \
        --device cuda --jobs 8 --deadline 330

Each variant is written out as a full training config (``<out>/<name>.yaml``) and trained with
``python -m stance train``. Every run logs dev accuracy per epoch; at the deadline unfinished runs
are stopped, and the (run, epoch) with the best mean dev accuracy over the selection sets wins.
``<out>/sweep.json`` holds every run's per-epoch dev scores and the winner's epoch folder.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]


def variant_config(base: dict[str, Any], common: dict[str, Any], spec: dict[str, Any]) -> dict:
    """The base config with the common and the variant's keys applied."""
    cfg = copy.deepcopy(base)
    spec = dict(spec)
    extra = spec.pop("extra_mix", [])
    replace = spec.pop("replace_mix", {})
    for key, value in {**common, **spec}.items():
        if isinstance(value, dict) and isinstance(cfg.get(key), dict):
            cfg[key] = {**cfg[key], **value}
        else:
            cfg[key] = value
    mix = [dict(m) for m in cfg.get("mix", [])]
    for entry in mix:
        entry.update(replace.get(entry["set"], {}))
    unknown = set(replace) - {m["set"] for m in mix}
    if unknown:
        raise SystemExit(f"replace_mix names sets not in the mix: {sorted(unknown)}")
    cfg["mix"] = mix + list(extra)
    return cfg


def epoch_scores(log_path: Path) -> dict[int, dict[str, dict[str, float]]]:
    out: dict[int, dict[str, dict[str, float]]] = {}
    if not log_path.exists():
        return out
    for line in log_path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut by the deadline's kill
        if "dev" in entry:
            out.setdefault(entry["epoch"], {})[entry["dev"]] = {
                k: entry[k] for k in ("accuracy", "macro_f1", "contradiction_recall")}
    return out


def pick_winner(runs: dict[str, dict[int, dict[str, dict[str, float]]]], sets: list[str],
                out: Path, finished: set[str]) -> dict[str, Any] | None:
    """Best (run, epoch) by mean accuracy over ``sets``; runs that finished come first, since a
    run cut short never reached the end of its learning-rate schedule and is no recipe."""
    best: tuple[float, str, int] | None = None
    pool = {n: e for n, e in runs.items() if n in finished} or runs
    for name, epochs in pool.items():
        for epoch, scores in epochs.items():
            if not all(s in scores for s in sets):
                continue  # an epoch whose evaluation the deadline cut short
            if not (out / name / f"epoch-{epoch}" / "model.safetensors").exists():
                continue
            mean = sum(scores[s]["accuracy"] for s in sets) / len(sets)
            if best is None or mean > best[0]:
                best = (mean, name, epoch)
    if best is None:
        return None
    return {"run": best[1], "epoch": best[2], "mean_accuracy": best[0],
            "finished": best[1] in finished, "folder": str(out / best[1] / f"epoch-{best[2]}")}


def export_parts(folder: Path, dest: Path, part_mb: int) -> list[str]:
    """The winner's weights as fp16 safetensors cut into parts (a transfer limit is per file);
    ``cat part-* > model.safetensors`` joins them."""
    import torch
    from safetensors.torch import load_file, save

    weights = {k: v.to(torch.float16) if v.is_floating_point() else v
               for k, v in load_file(folder / "model.safetensors").items()}
    dest.mkdir(parents=True, exist_ok=True)
    data = save(weights, metadata={"format": "pt"})
    size = part_mb * 1024 * 1024
    names = []
    for i in range(0, len(data), size):
        name = f"part-{i // size:02d}"
        (dest / name).write_bytes(data[i : i + size])
        names.append(name)
    (dest / "config.json").write_bytes((folder / "config.json").read_bytes())
    return names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sweep", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--data-root", default=None)
    ap.add_argument("--base-model", default=None)
    ap.add_argument("--jobs", type=int, default=4, help="runs at once")
    ap.add_argument("--deadline", type=float, default=3600, help="seconds; then stop all runs")
    ap.add_argument("--only", nargs="*", default=None, help="variant names to run")
    ap.add_argument("--export", type=Path, default=None,
                    help="write the winner's fp16 weights here, in parts, with sweep.json")
    ap.add_argument("--part-mb", type=int, default=15)
    args = ap.parse_args()

    sweep = yaml.safe_load(args.sweep.read_text(encoding="utf-8"))
    base = yaml.safe_load((REPO / sweep["base"]).read_text(encoding="utf-8"))
    common = sweep.get("common", {})
    sets = common.get("select_sets", ["snli", "mnli", "sick"])
    args.out.mkdir(parents=True, exist_ok=True)
    names = args.only or list(sweep["variants"])
    queue: list[tuple[str, list[str]]] = []
    for name in names:
        cfg = variant_config(base, common, sweep["variants"][name])
        cfg["output_dir"] = str(args.out / name)
        cfg_path = args.out / f"{name}.yaml"
        cfg_path.write_text(yaml.safe_dump(cfg, sort_keys=False))
        cmd = [sys.executable, "-m", "stance", "train", "--config", str(cfg_path), "--force",
               "--device", args.device]
        if args.data_root:
            cmd += ["--data-root", args.data_root]
        if args.base_model:
            cmd += ["--base-model", args.base_model]
        queue.append((name, cmd))

    start = time.time()
    running: dict[str, subprocess.Popen] = {}
    status: dict[str, str] = {}
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    while queue or running:
        while queue and len(running) < args.jobs:
            name, cmd = queue.pop(0)
            log = (args.out / f"{name}.log").open("w")
            running[name] = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                             cwd=REPO, start_new_session=True)
            print(f"[{time.time() - start:6.0f}s] started {name}", flush=True)
        for name, proc in list(running.items()):
            if proc.poll() is not None:
                status[name] = "done" if proc.returncode == 0 else f"exit {proc.returncode}"
                print(f"[{time.time() - start:6.0f}s] {name}: {status[name]}", flush=True)
                del running[name]
        if time.time() - start > args.deadline:
            for name, proc in running.items():
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait()
                status[name] = "stopped at deadline"
            for name, _ in queue:
                status[name] = "not started"
            running.clear()
            queue.clear()
        time.sleep(2)

    runs = {name: epoch_scores(args.out / name / "log.jsonl") for name in names}
    finished = {n for n, s in status.items() if s == "done"}
    winner = pick_winner(runs, sets, args.out, finished)
    summary = {"select_sets": sets, "elapsed_s": round(time.time() - start, 1),
               "status": status, "winner": winner, "runs": runs}
    (args.out / "sweep.json").write_text(json.dumps(summary, indent=1))
    for name, epochs in runs.items():
        for epoch, scores in sorted(epochs.items()):
            accs = " ".join(f"{s}={v['accuracy']:.3f}" for s, v in scores.items())
            print(f"{name} epoch {epoch}: {accs}")
    print("winner:", json.dumps(winner))
    if args.export:
        args.export.mkdir(parents=True, exist_ok=True)
        (args.export / "sweep.json").write_text(json.dumps(summary, indent=1))
        if winner:
            print("exported", export_parts(Path(winner["folder"]), args.export, args.part_mb))


if __name__ == "__main__":
    main()
