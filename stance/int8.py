"""Int8 versions of an fp32 ONNX encoder, for ONNX Runtime on CPU.

Three schemes, all with int8 weights and activations quantized at run time:

``rowwise`` (the default) gives each token's activation row its own symmetric int8 scale and each
weight column its own, and multiplies with ORT's ``MatMulIntegerToFloat`` (the U8S8 VNNI kernels
that ``dynamic`` uses). One scale per token keeps the rows with the largest activations from
setting the precision of every other row, which is what ``dynamic``'s one scale per batch does.
It is about as fast as ``dynamic`` and nearly as accurate as ``blockwise`` (docs/performance.md).
Since no scale spans two pairs, a pair's result does not depend on which pairs share its batch.

``blockwise`` turns each weight MatMul into ORT's ``MatMulNBits`` with 8-bit weights in blocks
of ``BLOCK_SIZE`` input channels and ``accuracy_level=4``, under which ORT also quantizes the
activations to int8 per block of each row and multiplies in int8. It is the closest to float32,
and about half as fast as ``rowwise``: that kernel is tuned for LLM decoding, not these shapes.

``dynamic`` is ``onnxruntime.quantization.quantize_dynamic`` with per-channel int8 weights: one
uint8 scale per activation tensor (per batch), ``MatMulInteger`` kernels. It is about as fast as
``rowwise``, but on the embedded model it changes the label of about 2% of pairs, against about
1% for ``rowwise`` and 0.5% for ``blockwise``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

from stance.errors import StanceError, first_line

SCHEMES = ("rowwise", "blockwise", "dynamic")
DEFAULT_SCHEME = "rowwise"
BLOCK_SIZE = 32
_MS_DOMAIN = "com.microsoft"


def block_quantize(
    weight: np.ndarray, block_size: int = BLOCK_SIZE
) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric 8-bit quantization of a [K, N] weight in blocks of ``block_size`` along K.

    Returns ``packed`` [N, K/block, block] uint8 (value + 128, MatMulNBits' default zero point)
    and ``scales`` [N, K/block] float32, laid out as MatMulNBits reads them. The scale maps the
    block's largest-magnitude value to -128 exactly, as ORT's own packer does.
    """
    k, n = weight.shape
    blocks = -(-k // block_size)
    padded = np.zeros((blocks * block_size, n), dtype=np.float32)
    padded[:k] = weight
    grouped = padded.T.reshape(n, blocks, block_size)
    peak = np.take_along_axis(grouped, np.abs(grouped).argmax(-1)[..., None], -1)[..., 0]
    scales = (peak / -128.0).astype(np.float32)
    safe = np.where(scales == 0, np.float32(1), scales)
    q = np.clip(np.rint(grouped / safe[..., None]), -128, 127)
    return (q + 128).astype(np.uint8), scales


def _rewrite_weight_matmuls(model, target: Path, rewrite: Callable) -> int:
    """Write ``target``: the loaded ``model`` with each fp32 [K, N] weight MatMul replaced by
    what ``rewrite(node, weight)`` returns (nodes and initializers); return how many it
    replaced."""
    import onnx
    from onnx import TensorProto, numpy_helper

    graph = model.graph
    weights = {t.name: t for t in graph.initializer}
    nodes = []
    converted = 0
    for i, node in enumerate(graph.node):
        w = weights.get(node.input[1]) if node.op_type == "MatMul" else None
        if w is None or len(w.dims) != 2 or w.data_type != TensorProto.FLOAT:
            nodes.append(node)
            continue
        if not node.name:  # rewrites name what they add after the node, so it needs a unique one
            node.name = f"stance_matmul_{i}"
        new_nodes, new_weights = rewrite(node, numpy_helper.to_array(w))
        nodes += new_nodes
        graph.initializer.extend(new_weights)
        converted += 1
    _replace_nodes(model, _half_embedding_tables(graph, nodes, weights))
    onnx.save(model, str(target))
    return converted


def quantize_blockwise(src: Path, target: Path, block_size: int = BLOCK_SIZE) -> int:
    """Write ``target`` with every fp32 [K, N] weight MatMul as MatMulNBits; return how many."""
    import onnx
    from onnx import helper, numpy_helper

    def rewrite(node, weight: np.ndarray) -> tuple[list, list]:
        k, n = weight.shape
        packed, scales = block_quantize(weight, block_size)
        base = f"{node.name}_q8"
        return [helper.make_node(
            "MatMulNBits", [node.input[0], f"{base}_B", f"{base}_scales"], list(node.output),
            name=base, domain=_MS_DOMAIN, K=k, N=n, bits=8, block_size=block_size,
            accuracy_level=4,  # int8 activations and int8 multiply, not dequantize-to-fp32
        )], [numpy_helper.from_array(packed, f"{base}_B"),
             numpy_helper.from_array(scales, f"{base}_scales")]

    return _rewrite_weight_matmuls(onnx.load(str(src)), target, rewrite)


def _half_embedding_tables(graph, nodes: list, weights: dict) -> list:
    """Store large Gather tables (the word embeddings) in float16, cast back after the lookup.

    The word embeddings are most of the int8 file (30k x 384 floats). The embedded model's
    weights are stored in float16 anyway, so this loses nothing and halves the file.
    """
    from onnx import TensorProto, helper, numpy_helper

    out = []
    for node in nodes:
        table = weights.get(node.input[0]) if node.op_type == "Gather" else None
        if table is None or table.data_type != TensorProto.FLOAT or np.prod(table.dims) < 1 << 20:
            out.append(node)
            continue
        half_name = f"{table.name}_fp16"
        if half_name not in weights:
            half = numpy_helper.from_array(numpy_helper.to_array(table).astype(np.float16),
                                           half_name)
            graph.initializer.append(half)
            weights[half_name] = half
        gathered = f"{node.output[0]}_fp16"
        out.append(helper.make_node("Gather", [half_name, node.input[1]], [gathered],
                                    name=f"{node.name}_fp16", **{
                                        a.name: helper.get_attribute_value(a)
                                        for a in node.attribute}))
        out.append(helper.make_node("Cast", [gathered], list(node.output),
                                    name=f"{node.name}_cast", to=TensorProto.FLOAT))
    return out


def column_quantize(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per output column of a [K, N] weight: ``weight ~= q * scales``."""
    scales = np.maximum(np.abs(weight).max(axis=0), np.float32(1e-12)) / np.float32(127)
    q = np.clip(np.rint(weight / scales), -127, 127).astype(np.int8)
    return q, scales.astype(np.float32)


def quantize_rowwise(src: Path, target: Path) -> int:
    """Write ``target`` with every fp32 [K, N] weight MatMul in int8, one scale per token row.

    For an activation ``x`` of shape [..., K] the rewrite is, in ONNX ops::

        x2 = Reshape(x, [-1, K])                      # a view, no copy
        s  = max(ReduceMax(x2), -ReduceMin(x2)) / 127  # per row, [M]
        q  = QuantizeLinear(x2, s, 128, axis=0)       # uint8 around 128: the U8S8 fast path
        y  = MatMulIntegerToFloat(q, Wq, 1, w_scales, 128) * s[:, None]
        out = Reshape(y, shape(x)[:-1] + [N])

    Matmuls that read the same activation (query, key and value) share one quantization.
    Returns how many matmuls were converted.
    """
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(src))
    opset = next((op.version for op in model.opset_import if op.domain in ("", "ai.onnx")), 17)
    # Shared by every rewrite; any left unread are dropped with the other unused initializers.
    model.graph.initializer.extend([
        numpy_helper.from_array(np.array([1.0], np.float32), "rq_one"),
        numpy_helper.from_array(np.array(127.0, np.float32), "rq_127"),
        numpy_helper.from_array(np.array(1e-8, np.float32), "rq_eps"),
        numpy_helper.from_array(np.array(128, np.uint8), "rq_zp"),
        numpy_helper.from_array(np.array([-1, 1], np.int64), "rq_column"),
        numpy_helper.from_array(np.array([1], np.int64), "rq_axis1"),
        numpy_helper.from_array(np.array([0], np.int64), "rq_zero"),
        numpy_helper.from_array(np.array([-1], np.int64), "rq_last"),
    ])
    rows: dict[str, tuple[str, str, str]] = {}  # activation -> (quantized, row scales, lead dims)

    def reduce(op: str, x: str, out: str) -> object:
        # Opset 18 moved the reduced axes from an attribute to an input.
        if opset >= 18:
            return helper.make_node(op, [x, "rq_axis1"], [out], keepdims=0, name=out)
        return helper.make_node(op, [x], [out], axes=[1], keepdims=0, name=out)

    def quantize_rows(x: str, k: int) -> tuple[list, list]:
        b = f"rq{len(rows)}"
        rows[x] = (f"{b}_q", f"{b}_scol", f"{b}_lead")
        return [
            helper.make_node("Reshape", [x, f"{b}_2d"], [f"{b}_x"], name=f"{b}_reshape"),
            reduce("ReduceMax", f"{b}_x", f"{b}_max"),
            reduce("ReduceMin", f"{b}_x", f"{b}_min"),
            helper.make_node("Neg", [f"{b}_min"], [f"{b}_negmin"], name=f"{b}_neg"),
            helper.make_node("Max", [f"{b}_max", f"{b}_negmin", "rq_eps"], [f"{b}_absmax"],
                             name=f"{b}_absmax"),
            helper.make_node("Div", [f"{b}_absmax", "rq_127"], [f"{b}_s"], name=f"{b}_s"),
            helper.make_node("Shape", [f"{b}_s"], [f"{b}_m"], name=f"{b}_m"),
            helper.make_node("ConstantOfShape", [f"{b}_m"], [f"{b}_zps"], name=f"{b}_zps",
                             value=numpy_helper.from_array(np.array([128], np.uint8))),
            helper.make_node("QuantizeLinear", [f"{b}_x", f"{b}_s", f"{b}_zps"], [f"{b}_q"],
                             axis=0, name=f"{b}_quantize"),
            helper.make_node("Reshape", [f"{b}_s", "rq_column"], [f"{b}_scol"], name=f"{b}_scol"),
            # Shape(x)[:-1] with Slice, not Shape's start/end (opset 15+), for every opset.
            helper.make_node("Shape", [x], [f"{b}_shape"], name=f"{b}_shape"),
            helper.make_node("Slice", [f"{b}_shape", "rq_zero", "rq_last"], [f"{b}_lead"],
                             name=f"{b}_lead"),
        ], [numpy_helper.from_array(np.array([-1, k], np.int64), f"{b}_2d")]

    def rewrite(node, weight: np.ndarray) -> tuple[list, list]:
        k, n = weight.shape
        x = node.input[0]
        nodes, inits = ([], []) if x in rows else quantize_rows(x, k)
        q, row_scales, lead = rows[x]
        wq, w_scales = column_quantize(weight)
        base = f"{node.name}_rq"
        inits += [numpy_helper.from_array(wq, f"{base}_W"),
                  numpy_helper.from_array(w_scales, f"{base}_ws"),
                  numpy_helper.from_array(np.array([n], np.int64), f"{base}_n")]
        nodes += [
            helper.make_node("MatMulIntegerToFloat", [q, f"{base}_W", "rq_one", f"{base}_ws",
                                                      "rq_zp"], [f"{base}_acc"],
                             domain=_MS_DOMAIN, name=f"{base}_matmul"),
            helper.make_node("Mul", [f"{base}_acc", row_scales], [f"{base}_y"],
                             name=f"{base}_rescale"),
            helper.make_node("Concat", [lead, f"{base}_n"], [f"{base}_shape"], axis=0,
                             name=f"{base}_shape"),
            helper.make_node("Reshape", [f"{base}_y", f"{base}_shape"], list(node.output),
                             name=f"{base}_reshape"),
        ]
        return nodes, inits

    return _rewrite_weight_matmuls(model, target, rewrite)


def _replace_nodes(model, nodes: list) -> None:
    """Install ``nodes`` as the graph, drop initializers nothing reads, declare com.microsoft."""
    from onnx import helper

    graph = model.graph
    del graph.node[:]
    graph.node.extend(nodes)
    used = Counter(name for node in graph.node for name in node.input)
    kept = [t for t in graph.initializer if used[t.name]]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    if not any(op.domain == _MS_DOMAIN for op in model.opset_import):
        model.opset_import.append(helper.make_opsetid(_MS_DOMAIN, 1))


def quantize_dynamic_per_channel(src: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # quantize_dynamic logs a pre-processing hint with logging.warning(), which also attaches a
    # stderr handler to the root logger when it has none. A placeholder handler and a raised
    # level keep both the message and that side effect out, for this call only.
    root = logging.getLogger()
    level = root.level
    guard = logging.NullHandler()
    root.addHandler(guard)
    root.setLevel(logging.ERROR)
    try:
        quantize_dynamic(src, target, weight_type=QuantType.QInt8, per_channel=True)
    finally:
        root.setLevel(level)
        root.removeHandler(guard)


def quantize(src: Path, target: Path, scheme: str = DEFAULT_SCHEME) -> None:
    if scheme not in SCHEMES:
        raise StanceError(f"unknown int8 scheme {scheme!r}: choose {' or '.join(SCHEMES)}")
    try:
        if scheme in ("blockwise", "rowwise"):
            rewrite = quantize_blockwise if scheme == "blockwise" else quantize_rowwise
            if rewrite(src, target) == 0:
                raise StanceError(f"{src}: no weight MatMul to quantize")
        else:
            quantize_dynamic_per_channel(src, target)
    except StanceError:
        raise
    except Exception as exc:
        raise StanceError(f"{src}: int8 quantization failed: {first_line(exc)}") from exc
