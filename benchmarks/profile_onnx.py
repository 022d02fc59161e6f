"""Where the ONNX int8 backend's time goes: ORT kernel time by operator group, one thread.

    python benchmarks/profile_onnx.py [--model DIR] [--pairs 600] [--run-size 16]

Scores the first --pairs of the throughput benchmark's pairs with ONNX Runtime's profiler on,
one thread per run and runs of --run-size pairs (what each of the backend's workers sees with
--threads 2 and batch 32), and prints each operator group's share of the summed kernel time.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from throughput import DEFAULT_DATA, select_pairs

from stance.infer.backend import default_model_path
from stance.infer.onnx_backend import OnnxBackend, onnx_model_path

# Operator -> the group the performance doc reports. Ops not listed count as "the rest".
GROUPS = {
    "MatMulIntegerToFloat": "int8 matmuls",
    "MatMulInteger": "int8 matmuls",
    "MatMulNBits": "int8 matmuls",
    "DynamicQuantizeMatMul": "int8 matmuls",
    "FusedMatMul": "attention (float32)",
    "MatMul": "attention (float32)",
    "Softmax": "attention (float32)",
    "Transpose": "attention (float32)",
    "MultiHeadAttention": "attention (float32)",
    "Add": "adds, layer norm, GELU",
    "LayerNormalization": "adds, layer norm, GELU",
    "SkipLayerNormalization": "adds, layer norm, GELU",
    "Gelu": "adds, layer norm, GELU",
    "BiasGelu": "adds, layer norm, GELU",
    "ReduceMax": "row quantization and rescale",
    "ReduceMin": "row quantization and rescale",
    "QuantizeLinear": "row quantization and rescale",
    "DynamicQuantizeLinear": "row quantization and rescale",
    "Mul": "row quantization and rescale",
    "Max": "row quantization and rescale",
    "Neg": "row quantization and rescale",
    "Div": "row quantization and rescale",
}


def kernel_time(events: list[dict]) -> Counter:
    """Microseconds of kernel time per operator type, from ORT's profile events."""
    out: Counter = Counter()
    for event in events:
        if event.get("cat") == "Node" and event.get("name", "").endswith("_kernel_time"):
            out[event["args"]["op_name"]] += event["dur"]
    return out


def main(argv: list[str] | None = None) -> int:
    import onnxruntime as ort

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(default_model_path()))
    parser.add_argument("--pairs", type=int, default=600)
    parser.add_argument("--run-size", type=int, default=16, help="pairs per session.run")
    parser.add_argument("--data-root", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    if args.pairs < 1 or args.run_size < 1:
        parser.error("--pairs and --run-size must be at least 1")
    pairs = select_pairs(args.data_root, args.pairs)
    backend = OnnxBackend(args.model, threads=1)
    with tempfile.TemporaryDirectory(prefix="stance-profile-") as tmp:
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.enable_profiling = True
        opts.profile_file_prefix = str(Path(tmp) / "ort")
        backend.session = ort.InferenceSession(str(onnx_model_path(args.model)), opts,
                                               providers=["CPUExecutionProvider"])
        backend.predict(pairs, batch_size=args.run_size)
        events = json.loads(Path(backend.session.end_profiling()).read_text(encoding="utf-8"))
    by_op = kernel_time(events)
    total = sum(by_op.values())
    if not total:
        print("error: the profile holds no kernel events", file=sys.stderr)
        return 1
    groups: Counter = Counter()
    for op, us in by_op.items():
        groups[GROUPS.get(op, "the rest")] += us
    print(f"{len(pairs)} pairs, runs of {args.run_size}, 1 thread: "
          f"{total / 1e6:.2f} s of kernel time")
    for name, us in groups.most_common():
        print(f"  {name:32s} {us / total:6.1%}")
    print("by operator:")
    for op, us in by_op.most_common(12):
        print(f"  {op:32s} {us / total:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
