"""Throughput of one NLI model run four ways on the same pairs, and how near it gets to the limit.

    python benchmarks/throughput.py --pairs 2000 [--model DIR] [--threads N] [--json out.json]

Runs, each in a fresh subprocess so its peak RSS (ru_maxrss, from wait4) is its own:
  pipeline       transformers pipeline("text-classification", top_k=None) fed
                 {"text": premise, "text_pair": hypothesis} dicts (its documented pair input)
  cross_encoder  sentence-transformers CrossEncoder(model).predict(pairs), defaults
  stance_torch   stance's torch backend
  stance_onnx    stance's ONNX Runtime int8 backend (needs `stance export MODEL_DIR` first)
plus a matmul probe, run before the four and again after them: the best rate of a large torch
fp32 matmul and of an onnxruntime int8 MatMulInteger, at the same thread count; the higher of
the two probes is the limit. Model loading and an 8-pair warm-up are not timed;
tokenization is. Agreement is the share of pairs given the same label as stance_torch.
The exit status is 1 when the ONNX labels agree with torch on fewer than --min-agreement pairs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stance.infer.backend import default_model_path
from stance.io.nli_sets import SETS
from stance.machine import cpu_info

RUNS = ("pipeline", "cross_encoder", "stance_torch", "stance_onnx")
BASELINE = "pipeline"
REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
# Short SICK-like pairs and long MNLI/ANLI-like ones, in fixed shares of the total.
MIX = (("sick", 0.5), ("mnli", 0.3), ("anli_r1", 0.07), ("anli_r2", 0.07), ("anli_r3", 0.06))
WARMUP = 8
MATMUL_N = 2048
MATMUL_REPS = 5


def _key(*parts: str) -> str:
    return hashlib.sha1("\x00".join(parts).encode()).hexdigest()


def select_pairs(data_root: Path, n: int) -> list[tuple[str, str]]:
    """The same n distinct pairs on every machine: each set's rows in hash order, then mixed.

    Distinct, so no run gains from judging repeats once; mixed in a fixed hash order, so batches
    taken in input order hold short and long pairs together, as user data would.
    """
    seen: set[tuple[str, str]] = set()
    chosen: list[tuple[str, str]] = []
    quotas = [(name, round(share * n)) for name, share in MIX]
    quotas[0] = (quotas[0][0], n - sum(q for _, q in quotas[1:]))
    for name, quota in quotas:
        rows = sorted(SETS[name].read(data_root), key=lambda r: _key(name, r["id"]))
        taken = 0
        for row in rows:
            pair = (row["premise"], row["hypothesis"])
            if taken == quota:
                break
            if pair in seen or not pair[0] or not pair[1]:
                continue
            seen.add(pair)
            chosen.append(pair)
            taken += 1
        if taken < quota:
            raise SystemExit(f"error: {name} has only {taken} usable pairs, {quota} wanted")
    return sorted(chosen, key=lambda p: _key(*p))


# ---------------------------------------------------------------- children (one run each)


def _nli_names(model_dir: str) -> dict[str, str]:
    """Model label name -> NLI label, from config.json's id2label."""
    from stance.infer.loading import label_order
    from stance.labels import NLI_LABELS

    config = json.loads((Path(model_dir) / "config.json").read_text(encoding="utf-8"))
    id2label = {int(k): str(v) for k, v in config["id2label"].items()}
    _, names = label_order(id2label, model_dir, None)
    return dict(zip(names, NLI_LABELS, strict=True))


def _timed(fn, pairs, repeat: int):
    """Warm up, then time ``repeat`` calls over all pairs; the output of the last call and the
    seconds of the fastest (a shared VM has slow spells; min-of-N as timeit, and as the matmul
    limit is measured). No call sees the results of another: nothing is cached across calls."""
    fn(pairs[:WARMUP])
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn(pairs)
        times.append(time.perf_counter() - start)
    return out, min(times), times


def _child_pipeline(pairs, model, threads, batch_size, repeat):
    import torch
    from transformers import pipeline

    torch.set_num_threads(threads)
    t0 = time.perf_counter()
    # float32 like every other run: the embedded weights are stored in float16, and a float16
    # model on a CPU would make this baseline look slower than what a user gets from fp32 weights.
    clf = pipeline("text-classification", model=model, top_k=None, dtype=torch.float32)
    load_s = time.perf_counter() - t0
    to_nli = _nli_names(model)

    def run(batch):
        return clf([{"text": p, "text_pair": h} for p, h in batch])

    out, seconds, times = _timed(run, pairs, repeat)
    labels = [to_nli[max(scores, key=lambda s: s["score"])["label"]] for scores in out]
    return {"seconds": seconds, "all_seconds": times, "load_s": load_s, "labels": labels}


def _child_cross_encoder(pairs, model, threads, batch_size, repeat):
    import numpy as np
    import torch
    from sentence_transformers import CrossEncoder

    torch.set_num_threads(threads)
    t0 = time.perf_counter()
    encoder = CrossEncoder(model, device="cpu", model_kwargs={"dtype": torch.float32})
    load_s = time.perf_counter() - t0
    to_nli = _nli_names(model)
    id2label = {int(k): v for k, v in encoder.config.id2label.items()}
    scores, seconds, times = _timed(
        lambda batch: encoder.predict(batch, show_progress_bar=False), pairs, repeat)
    labels = [to_nli[id2label[int(i)]] for i in np.asarray(scores).argmax(axis=1)]
    return {"seconds": seconds, "all_seconds": times, "load_s": load_s, "labels": labels}


def _child_stance(backend_name: str):
    def child(pairs, model, threads, batch_size, repeat):
        import onnxruntime  # noqa: F401  imported before the clock starts, as in the other runs
        import torch  # noqa: F401
        import transformers  # noqa: F401

        from stance.infer.backend import load_backend
        from stance.labels import NLI_LABELS

        t0 = time.perf_counter()
        backend = load_backend(model, backend=backend_name, threads=threads)
        load_s = time.perf_counter() - t0
        probs, seconds, times = _timed(
            lambda batch: backend.predict(batch, batch_size=batch_size), pairs, repeat)
        # Tokenizing alone, to show its share of the time (predict tokenizes once per pair too).
        t0 = time.perf_counter()
        tokens = backend.count_tokens(pairs)
        tokenize_s = time.perf_counter() - t0
        return {
            "seconds": seconds,
            "all_seconds": times,
            "load_s": load_s,
            "labels": [NLI_LABELS[i] for i in probs.argmax(axis=1)],
            "tokens": tokens,
            "tokenize_s": tokenize_s,
        }

    return child


def _best_seconds(fn) -> float:
    fn()
    best = float("inf")
    for _ in range(MATMUL_REPS):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _child_matmul(pairs, model, threads, batch_size, repeat):
    """Best GFLOP/s of an n^3 fp32 torch matmul and an n^3 int8 ORT MatMulInteger."""
    import numpy as np
    import onnx
    import onnxruntime as ort
    import torch
    from onnx import TensorProto, helper, numpy_helper

    n = MATMUL_N
    flops = 2.0 * n**3
    torch.set_num_threads(threads)
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    fp32_s = _best_seconds(lambda: torch.mm(a, b))

    rng = np.random.default_rng(0)
    # Like the quantized model: uint8 activations (an input) times int8 weights (an initializer).
    weights = numpy_helper.from_array(rng.integers(-128, 128, (n, n), dtype=np.int8), "B")
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["A", "B"], ["Y"])],
        "matmul_int8",
        [helper.make_tensor_value_info("A", TensorProto.UINT8, [n, n])],
        [helper.make_tensor_value_info("Y", TensorProto.INT32, [n, n])],
        initializer=[weights],
    )
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(proto)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    session = ort.InferenceSession(proto.SerializeToString(), opts,
                                   providers=["CPUExecutionProvider"])
    feed = {"A": rng.integers(0, 256, (n, n), dtype=np.uint8)}
    int8_s = _best_seconds(lambda: session.run(None, feed))
    return {"fp32": flops / fp32_s / 1e9, "int8": flops / int8_s / 1e9}


CHILDREN = {
    "pipeline": _child_pipeline,
    "cross_encoder": _child_cross_encoder,
    "stance_torch": _child_stance("torch"),
    "stance_onnx": _child_stance("onnx"),
    "matmul": _child_matmul,
}


def child_main(args: argparse.Namespace) -> None:
    pairs = [tuple(p) for p in json.loads(Path(args.pairs_file).read_text(encoding="utf-8"))]
    result = CHILDREN[args.child](pairs, args.model, args.threads, args.batch_size,
                                  args.repeat)
    Path(args.out).write_text(json.dumps(result), encoding="utf-8")


# ---------------------------------------------------------------- parent


def spawn(kind: str, args: argparse.Namespace, pairs_file: Path, work: Path,
          tag: str | None = None) -> tuple[dict, float]:
    """Run one child; return its result and its peak RSS in MiB."""
    out = work / f"{tag or kind}.json"
    log = work / f"{tag or kind}.log"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind,
           "--pairs-file", str(pairs_file), "--out", str(out), "--model", args.model,
           "--threads", str(args.threads), "--batch-size", str(args.batch_size),
           "--repeat", str(args.repeat)]
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               OMP_NUM_THREADS=str(args.threads), TOKENIZERS_PARALLELISM="true")
    with log.open("w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env)
        # wait4 gives this child's own rusage; RUSAGE_CHILDREN would be the max over all runs.
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or not out.exists():
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        raise RuntimeError(f"{kind} failed (exit {proc.returncode}):\n{tail}")
    return json.loads(out.read_text()), usage.ru_maxrss / 1024  # Linux reports KiB


def best_matmul(measurements: list[dict]) -> dict:
    """The highest rate seen per precision, and every measurement behind it."""
    if not measurements:
        return {}
    best = {p: max(m[p] for m in measurements) for p in ("fp32", "int8")}
    return {**best, "measured": measurements}


def model_flops(config: dict, tokens: list[int]) -> float:
    """Matmul FLOPs of one encoder pass per pair, summed: 2*weights*tokens + attention.

    Per layer and token: Q, K, V, output projections (4 d^2) and the feed-forward (2 d i) weights;
    per layer and pair: QK^T and AV, 2 * 2 s^2 d. Pooler and classifier once per pair. Padding is
    not counted: it is waste, not work.
    """
    layers = int(config["num_hidden_layers"])
    d = int(config["hidden_size"])
    inner = int(config.get("intermediate_size") or 4 * d)
    labels = len(config.get("id2label") or {0: 0, 1: 1, 2: 2})
    per_token = 2 * layers * (4 * d * d + 2 * d * inner)
    head = 2 * (d * d + d * labels)
    return float(sum(per_token * s + 4 * layers * d * s * s + head for s in tokens))


def padding_share(tokens: list[int], batch_size: int, sort: bool) -> float:
    """Share of the fed tokens that are padding, with batches as stance builds them."""
    lengths = sorted(tokens) if sort else list(tokens)
    fed = sum(max(lengths[i:i + batch_size]) * len(lengths[i:i + batch_size])
              for i in range(0, len(lengths), batch_size))
    return 1 - sum(tokens) / fed if fed else 0.0


def summarize(pairs: int, raw: dict, rss: dict, config: dict, batch_size: int) -> dict:
    ref = raw.get("stance_torch", {}).get("labels")
    runs: dict[str, dict] = {}
    for name in RUNS:
        if name not in raw:
            continue
        labels = raw[name]["labels"]
        runs[name] = {
            "pairs_per_s": pairs / raw[name]["seconds"],
            "peak_rss_mb": rss[name],
            "agreement": (sum(a == b for a, b in zip(labels, ref, strict=True)) / pairs
                          if ref else None),
        }
    tokens = next((raw[k]["tokens"] for k in ("stance_torch", "stance_onnx") if k in raw), None)
    matmul = raw.get("matmul")
    limit_share: dict[str, float | None] = {}
    details: dict[str, object] = {}
    if tokens:
        flops = model_flops(config, tokens)
        details.update({
            "mean_tokens": sum(tokens) / len(tokens),
            "max_tokens": max(tokens),
            "gflop_per_pair": flops / len(tokens) / 1e9,
            "padding_share_sorted": padding_share(tokens, batch_size, sort=True),
            "padding_share_unsorted": padding_share(tokens, batch_size, sort=False),
        })
        for name, precision in (("stance_torch", "fp32"), ("stance_onnx", "int8")):
            if name in runs and matmul:
                achieved = flops / raw[name]["seconds"]
                limit_share[name] = achieved / (matmul[precision] * 1e9)
    for name in RUNS:
        if name in raw:
            details[name] = {k: raw[name][k]
                             for k in ("seconds", "all_seconds", "load_s", "tokenize_s")
                             if k in raw[name]}
            if BASELINE in runs and name in runs:
                details[name]["ratio_to_pipeline"] = (runs[name]["pairs_per_s"]
                                                      / runs[BASELINE]["pairs_per_s"])
    if matmul and "measured" in matmul:
        details["matmul_measured"] = matmul["measured"]
    if "stance_onnx" in raw and ref:
        details["onnx_vs_torch_agreement"] = runs["stance_onnx"]["agreement"]
    return {
        "pairs": pairs,
        "runs": runs,
        "matmul_gflops": {p: matmul[p] for p in ("fp32", "int8")} if matmul else {},
        "limit_share": limit_share,
        "details": details,
    }


def print_report(report: dict, args: argparse.Namespace) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    d = report["details"]
    cpu = report.get("cpu")
    if cpu:
        console.print(f"cpu: {cpu['model']} ({cpu['cores']} cores; {' '.join(cpu['flags'])}; "
                      f"int8 kernel: {cpu['int8_kernel']})")
    table = Table(title=f"{report['pairs']} pairs, {args.threads} threads, model {args.model}")
    for col in ("run", "pairs/s", f"x {BASELINE}", "peak RSS MiB", "agree w/ stance_torch",
                "load s"):
        table.add_column(col, justify="left" if col == "run" else "right")
    for name, run in report["runs"].items():
        ratio = d.get(name, {}).get("ratio_to_pipeline")
        table.add_row(
            name, f"{run['pairs_per_s']:.1f}", f"{ratio:.2f}" if ratio else "-",
            f"{run['peak_rss_mb']:.0f}",
            f"{run['agreement']:.2%}" if run["agreement"] is not None else "-",
            f"{d[name]['load_s']:.1f}",
        )
    console.print(table)
    spreads = [f"{name} {min(d[name]['all_seconds']):.1f}-{max(d[name]['all_seconds']):.1f} s"
               for name in report["runs"] if len(d.get(name, {}).get("all_seconds", [])) > 1]
    if spreads:
        console.print(f"fastest of {args.repeat} timed calls per run counts; the calls took: "
                      + ", ".join(spreads))
    if "mean_tokens" in d:
        console.print(
            f"tokens/pair: mean {d['mean_tokens']:.1f}, max {d['max_tokens']}; "
            f"model {d['gflop_per_pair']:.3f} GFLOP/pair; padding share of fed tokens: "
            f"{d['padding_share_sorted']:.1%} length-sorted vs "
            f"{d['padding_share_unsorted']:.1%} in input order"
        )
    for name in ("stance_torch", "stance_onnx"):
        if "tokenize_s" in d.get(name, {}):
            share = d[name]["tokenize_s"] / d[name]["seconds"]
            console.print(f"{name}: tokenizing alone takes {d[name]['tokenize_s']:.2f} s "
                          f"({share:.0%} of its timed run)")
    mm = report["matmul_gflops"]
    if mm:
        seen = d.get("matmul_measured", [])
        console.print(f"matmul {MATMUL_N}^3, best of {len(seen) or 1} measurements: "
                      f"fp32 torch {mm['fp32']:.1f} GFLOP/s, "
                      f"int8 ORT MatMulInteger {mm['int8']:.1f} GOP/s"
                      + (" (measured: " + "; ".join(f"{m['fp32']:.0f} / {m['int8']:.0f}"
                                                    for m in seen) + ")" if len(seen) > 1 else ""))
    for name, share in report["limit_share"].items():
        console.print(f"{name}: {share:.1%} of its matmul limit")
    if d.get("onnx_int8_scheme"):
        console.print(f"stance_onnx int8 scheme: {d['onnx_int8_scheme']} (see onnx/export.json)")
    if "onnx_vs_torch_agreement" in d:
        agree = d["onnx_vs_torch_agreement"]
        verdict = "ok" if agree >= args.min_agreement else "BELOW"
        console.print(f"ONNX int8 vs torch: same label on {agree:.2%} of pairs "
                      f"({verdict}, required {args.min_agreement:.0%})")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    from stance.infer.loading import available_cores

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=2000, help="number of pairs (default 2000)")
    parser.add_argument("--model", default=str(default_model_path()),
                        help="local model folder (default: the embedded model)")
    parser.add_argument("--threads", type=int, default=available_cores(),
                        help="threads for every run (default: the cores available)")
    parser.add_argument("--batch-size", type=int, default=32,
                        help="batch size of the stance runs")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed calls per run after the warm-up; the fastest counts "
                             "(default 3)")
    parser.add_argument("--data-root", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", default=",".join(RUNS),
                        help=f"comma-separated subset of {','.join(RUNS)}")
    parser.add_argument("--min-agreement", type=float, default=0.99)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--pairs-file", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.threads < 1:
        parser.error(f"--threads must be at least 1, got {args.threads}")
    if args.repeat < 1:
        parser.error(f"--repeat must be at least 1, got {args.repeat}")
    if args.pairs < WARMUP:
        parser.error(f"--pairs must be at least {WARMUP}")
    unknown = set(args.runs.split(",")) - set(RUNS)
    if unknown:
        parser.error(f"unknown runs: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        child_main(args)
        return 0
    config_path = Path(args.model) / "config.json"
    if not config_path.is_file():
        print(f"error: {args.model}: no config.json (train the model or pass --model)",
              file=sys.stderr)
        return 1
    wanted = [r for r in RUNS if r in args.runs.split(",")]
    if "stance_onnx" in wanted and not (Path(args.model) / "onnx" / "model.int8.onnx").is_file():
        print(f"error: {args.model}/onnx/model.int8.onnx not found; run "
              f"`stance export {args.model}` first", file=sys.stderr)
        return 1
    pairs = select_pairs(args.data_root, args.pairs)
    raw: dict[str, dict] = {}
    rss: dict[str, float] = {}
    failed = False
    with tempfile.TemporaryDirectory(prefix="stance-bench-") as tmp:
        work = Path(tmp)
        pairs_file = work / "pairs.json"
        pairs_file.write_text(json.dumps(pairs), encoding="utf-8")
        # The matmul rate is measured before and after the runs and the higher one is the
        # limit: this VM has slow spells, and one slow measurement would flatter every share.
        schedule = [("matmul", "matmul_first"), *((k, k) for k in wanted),
                    ("matmul", "matmul_last")]
        for kind, tag in schedule:
            print(f"running {tag} ...", file=sys.stderr, flush=True)
            try:
                raw[tag], rss[tag] = spawn(kind, args, pairs_file, work, tag)
            except RuntimeError as exc:
                print(f"error: {exc}", file=sys.stderr)
                failed = True
        raw["matmul"] = best_matmul([raw.pop(t) for t in ("matmul_first", "matmul_last")
                                     if t in raw])
    config = json.loads(config_path.read_text(encoding="utf-8"))
    report = summarize(len(pairs), raw, rss, config, args.batch_size)
    export_info = Path(args.model) / "onnx" / "export.json"
    if "stance_onnx" in raw and export_info.is_file():
        report["details"]["onnx_int8_scheme"] = json.loads(
            export_info.read_text(encoding="utf-8")).get("int8_scheme")
    report["cpu"] = cpu_info().to_dict()
    print_report(report, args)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    agree = report["details"].get("onnx_vs_torch_agreement")
    if agree is not None and agree < args.min_agreement:
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
