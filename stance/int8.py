"""Int8 versions of an fp32 ONNX encoder, for ONNX Runtime on CPU, that give the same answer on
every x86 CPU.

Three schemes, all with 7-bit weights and activations quantized to 8 bits at run time:

``blockwise`` (the default) turns each weight MatMul into ORT's ``MatMulNBits``: weights in
blocks of ``BLOCK_SIZE`` input channels, each block with its own scale, stored as ``q + 64``
with an explicit zero point, and ``accuracy_level=4``, under which ORT quantizes each row's
activations to int8 (-127..127) per block and multiplies in int8. It is the closest to float32
(about 99.4% of the benchmark pairs keep torch's label on the embedded model) and about half as
fast as ``rowwise`` on a VNNI CPU: that kernel is tuned for LLM decoding, not these shapes.

``rowwise`` gives each token's activation row its own symmetric scale (uint8 around 128) and
each weight column its own, and multiplies with ORT's ``MatMulIntegerToFloat`` (the U8S8
kernels). It is the fastest, and changes about 1.4% of labels on the embedded model.

``dynamic`` is ``onnxruntime.quantization.quantize_dynamic`` with per-channel 7-bit weights
(``reduce_range``): one uint8 scale per activation tensor (per batch), ``MatMulInteger`` kernels.
As fast as ``rowwise`` and the least accurate. In ``rowwise`` and ``blockwise`` no scale spans
two rows, so a pair's result does not depend on which pairs share its batch.

Why 7 bits. With AVX-512 VNNI (or AVX-VNNI) every u8 x s8 product is summed in int32, but
ORT's AVX2 kernels without VNNI use ``vpmaddubsw``, which adds two neighbouring u8 x s8
products in a *saturating* int16. With uint8 activations (0..255) and 8-bit weights,
255 x 127 x 2 = 64,770 does not fit in 32,767: large activations were clipped on AVX2 CPUs and
not on VNNI ones. The bounds here hold for any pairing a kernel may choose:

- ``rowwise``/``dynamic``: activations are uint8 (<= 255), weights |q| <= 63:
  255 x 63 x 2 = 32,130.
- ``blockwise``: activations are int8 (|a| <= 127); the stored weight bytes are 1..127, the same
  numbers as uint8 and as int8, so 127 x 127 x 2 = 32,258 whichever operand is the unsigned
  one; and a kernel that subtracts the zero point first (|q| <= 63) and shifts the activations
  to uint8 stays within 255 x 63 x 2.

So the VNNI and the AVX2 kernels compute the same exact integers, and the outputs do not depend
on the CPU. ``saturation_problems`` reads a file's graph and checks these ranges.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

from stance.errors import StanceError, first_line

SCHEMES = ("blockwise", "rowwise", "dynamic")
# How the word-embedding table (a Gather, not a MatMul) is stored in the int8 file.
EMBEDDING_STORAGE = ("fp16", "int8")
INT16_MAX = 32767
U8_MAX = 255
S8_ACTIVATION_MAX = 127  # MatMulNBits' int8 activations are symmetric: |a| <= 127
# The largest weight magnitude for which two u8 x s8 products always fit a signed int16.
WEIGHT_QMAX = 63
BLOCK_ZERO_POINT = 64  # blockwise bytes are q + 64, in 1..127
assert 2 * U8_MAX * WEIGHT_QMAX <= INT16_MAX
assert 2 * S8_ACTIVATION_MAX * (BLOCK_ZERO_POINT + WEIGHT_QMAX) <= INT16_MAX
DEFAULT_SCHEME = "blockwise"
BLOCK_SIZE = 32
_MS_DOMAIN = "com.microsoft"


def block_quantize(
    weight: np.ndarray, block_size: int = BLOCK_SIZE, qmax: int = WEIGHT_QMAX
) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric quantization of a [K, N] weight to integers in [-qmax, qmax], in blocks of
    ``block_size`` along K.

    Returns ``packed`` [N, K/block, block] uint8 holding ``q + BLOCK_ZERO_POINT`` and ``scales``
    [N, K/block] float32, laid out as MatMulNBits reads them. With 7 bits around a zero point of
    64 every stored byte is in 1..127, a value that is the same as uint8 and as int8, so whichever
    operand a kernel treats as unsigned, two products fit a signed int16 (module doc).
    """
    k, n = weight.shape
    blocks = -(-k // block_size)
    padded = np.zeros((blocks * block_size, n), dtype=np.float32)
    padded[:k] = weight
    grouped = padded.T.reshape(n, blocks, block_size)
    scales = (np.abs(grouped).max(-1) / np.float32(qmax)).astype(np.float32)
    safe = np.where(scales == 0, np.float32(1), scales)
    q = np.clip(np.rint(grouped / safe[..., None]), -qmax, qmax)
    return (q + BLOCK_ZERO_POINT).astype(np.uint8), scales


def _rewrite_weight_matmuls(
    model, target: Path, rewrite: Callable, embeddings: str = "fp16"
) -> int:
    """Write ``target``: the loaded ``model`` with each fp32 [K, N] weight MatMul replaced by
    what ``rewrite(node, weight)`` returns (nodes and initializers), and its embedding tables
    stored as ``embeddings``; return how many matmuls it replaced."""
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
    store = _half_embedding_tables if embeddings == "fp16" else _int8_embedding_tables
    _replace_nodes(model, store(graph, nodes, weights))
    onnx.save(model, str(target))
    return converted


def quantize_blockwise(
    src: Path, target: Path, block_size: int = BLOCK_SIZE, embeddings: str = "fp16"
) -> int:
    """Write ``target`` with every fp32 [K, N] weight MatMul as MatMulNBits; return how many."""
    import onnx
    from onnx import helper, numpy_helper

    def rewrite(node, weight: np.ndarray) -> tuple[list, list]:
        k, n = weight.shape
        packed, scales = block_quantize(weight, block_size)
        base = f"{node.name}_q8"
        zero_points = np.full(scales.size, BLOCK_ZERO_POINT, np.uint8)
        return [
            helper.make_node(
                "MatMulNBits",
                [node.input[0], f"{base}_B", f"{base}_scales", f"{base}_zp"],
                list(node.output),
                name=base,
                domain=_MS_DOMAIN,
                K=k,
                N=n,
                bits=8,
                block_size=block_size,
                accuracy_level=4,  # int8 activations and int8 multiply, not dequantize-to-fp32
            )
        ], [
            numpy_helper.from_array(packed, f"{base}_B"),
            numpy_helper.from_array(scales, f"{base}_scales"),
            numpy_helper.from_array(zero_points, f"{base}_zp"),
        ]

    return _rewrite_weight_matmuls(onnx.load(str(src)), target, rewrite, embeddings)


def _embedding_gathers(nodes: list, weights: dict):
    """(node, table) for each Gather that reads a large float32 table (the word embeddings);
    ``None`` as the table for every other node."""
    from onnx import TensorProto

    for node in nodes:
        table = weights.get(node.input[0]) if node.op_type == "Gather" else None
        if table is None or table.data_type != TensorProto.FLOAT or np.prod(table.dims) < 1 << 20:
            yield node, None
        else:
            yield node, table


def _int8_embedding_tables(graph, nodes: list, weights: dict) -> list:
    """Store large Gather tables as int8 with one float32 scale per row (per token), and
    dequantize the gathered rows: ``Cast(Gather(q, ids)) * Gather(scales, ids)``.

    A quarter of the float32 table, half of the float16 one. For a base-sized model the word
    embeddings (30k x 768) are a third of the int8 file; the rounding error per value is at most
    half a step of its row's scale (1/254 of the row's largest magnitude). No integer products
    are formed, so nothing here can depend on the CPU's instruction set.
    """
    from onnx import TensorProto, helper, numpy_helper

    out = []
    for node, table in _embedding_gathers(nodes, weights):
        if table is None:
            out.append(node)
            continue
        q_name, s_name = f"{table.name}_q8", f"{table.name}_row_scales"
        if q_name not in weights:
            values = numpy_helper.to_array(table)
            scales = np.maximum(np.abs(values).max(axis=1, keepdims=True), np.float32(1e-12))
            scales = (scales / np.float32(127)).astype(np.float32)
            q = np.clip(np.rint(values / scales), -127, 127).astype(np.int8)
            for tensor in (
                numpy_helper.from_array(q, q_name),
                numpy_helper.from_array(scales, s_name),
            ):
                graph.initializer.append(tensor)
                weights[tensor.name] = tensor
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        base = node.name or node.output[0]
        out += [
            helper.make_node(
                "Gather", [q_name, node.input[1]], [f"{base}_q8"], name=f"{base}_q8", **attrs
            ),
            helper.make_node(
                "Gather", [s_name, node.input[1]], [f"{base}_scale"], name=f"{base}_scale", **attrs
            ),
            helper.make_node(
                "Cast", [f"{base}_q8"], [f"{base}_q8f"], name=f"{base}_q8f", to=TensorProto.FLOAT
            ),
            helper.make_node(
                "Mul", [f"{base}_q8f", f"{base}_scale"], list(node.output), name=f"{base}_dequant"
            ),
        ]
    return out


def _half_embedding_tables(graph, nodes: list, weights: dict) -> list:
    """Store large Gather tables (the word embeddings) in float16, cast back after the lookup.

    The word embeddings are most of the int8 file (30k x 384 floats). The embedded model's
    weights are stored in float16 anyway, so this loses nothing and halves the file.
    """
    from onnx import TensorProto, helper, numpy_helper

    out = []
    for node, table in _embedding_gathers(nodes, weights):
        if table is None:
            out.append(node)
            continue
        half_name = f"{table.name}_fp16"
        if half_name not in weights:
            half = numpy_helper.from_array(
                numpy_helper.to_array(table).astype(np.float16), half_name
            )
            graph.initializer.append(half)
            weights[half_name] = half
        gathered = f"{node.output[0]}_fp16"
        out.append(
            helper.make_node(
                "Gather",
                [half_name, node.input[1]],
                [gathered],
                name=f"{node.name}_fp16",
                **{a.name: helper.get_attribute_value(a) for a in node.attribute},
            )
        )
        out.append(
            helper.make_node(
                "Cast",
                [gathered],
                list(node.output),
                name=f"{node.name}_cast",
                to=TensorProto.FLOAT,
            )
        )
    return out


def column_quantize(weight: np.ndarray, qmax: int = WEIGHT_QMAX) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric quantization per output column of a [K, N] weight to integers in
    [-qmax, qmax], stored as int8: ``weight ~= q * scales``."""
    scales = np.maximum(np.abs(weight).max(axis=0), np.float32(1e-12)) / np.float32(qmax)
    q = np.clip(np.rint(weight / scales), -qmax, qmax).astype(np.int8)
    return q, scales.astype(np.float32)


def quantize_rowwise(src: Path, target: Path, embeddings: str = "fp16") -> int:
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
    model.graph.initializer.extend(
        [
            numpy_helper.from_array(np.array([1.0], np.float32), "rq_one"),
            numpy_helper.from_array(np.array(127.0, np.float32), "rq_127"),
            numpy_helper.from_array(np.array(1e-8, np.float32), "rq_eps"),
            numpy_helper.from_array(np.array(128, np.uint8), "rq_zp"),
            numpy_helper.from_array(np.array([-1, 1], np.int64), "rq_column"),
            numpy_helper.from_array(np.array([1], np.int64), "rq_axis1"),
            numpy_helper.from_array(np.array([0], np.int64), "rq_zero"),
            numpy_helper.from_array(np.array([-1], np.int64), "rq_last"),
        ]
    )
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
            helper.make_node(
                "Max", [f"{b}_max", f"{b}_negmin", "rq_eps"], [f"{b}_absmax"], name=f"{b}_absmax"
            ),
            helper.make_node("Div", [f"{b}_absmax", "rq_127"], [f"{b}_s"], name=f"{b}_s"),
            helper.make_node("Shape", [f"{b}_s"], [f"{b}_m"], name=f"{b}_m"),
            helper.make_node(
                "ConstantOfShape",
                [f"{b}_m"],
                [f"{b}_zps"],
                name=f"{b}_zps",
                value=numpy_helper.from_array(np.array([128], np.uint8)),
            ),
            helper.make_node(
                "QuantizeLinear",
                [f"{b}_x", f"{b}_s", f"{b}_zps"],
                [f"{b}_q"],
                axis=0,
                name=f"{b}_quantize",
            ),
            helper.make_node("Reshape", [f"{b}_s", "rq_column"], [f"{b}_scol"], name=f"{b}_scol"),
            # Shape(x)[:-1] with Slice, not Shape's start/end (opset 15+), for every opset.
            helper.make_node("Shape", [x], [f"{b}_shape"], name=f"{b}_shape"),
            helper.make_node(
                "Slice", [f"{b}_shape", "rq_zero", "rq_last"], [f"{b}_lead"], name=f"{b}_lead"
            ),
        ], [numpy_helper.from_array(np.array([-1, k], np.int64), f"{b}_2d")]

    def rewrite(node, weight: np.ndarray) -> tuple[list, list]:
        k, n = weight.shape
        x = node.input[0]
        nodes, inits = ([], []) if x in rows else quantize_rows(x, k)
        q, row_scales, lead = rows[x]
        wq, w_scales = column_quantize(weight)
        base = f"{node.name}_rq"
        inits += [
            numpy_helper.from_array(wq, f"{base}_W"),
            numpy_helper.from_array(w_scales, f"{base}_ws"),
            numpy_helper.from_array(np.array([n], np.int64), f"{base}_n"),
        ]
        nodes += [
            helper.make_node(
                "MatMulIntegerToFloat",
                [q, f"{base}_W", "rq_one", f"{base}_ws", "rq_zp"],
                [f"{base}_acc"],
                domain=_MS_DOMAIN,
                name=f"{base}_matmul",
            ),
            helper.make_node(
                "Mul", [f"{base}_acc", row_scales], [f"{base}_y"], name=f"{base}_rescale"
            ),
            helper.make_node(
                "Concat", [lead, f"{base}_n"], [f"{base}_shape"], axis=0, name=f"{base}_shape"
            ),
            helper.make_node(
                "Reshape", [f"{base}_y", f"{base}_shape"], list(node.output), name=f"{base}_reshape"
            ),
        ]
        return nodes, inits

    return _rewrite_weight_matmuls(model, target, rewrite, embeddings)


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
        # reduce_range: 7-bit weights, so AVX2's int16 pair sums cannot saturate (module doc).
        quantize_dynamic(
            src, target, weight_type=QuantType.QInt8, per_channel=True, reduce_range=True
        )
    finally:
        root.setLevel(level)
        root.removeHandler(guard)


def quantize(
    src: Path, target: Path, scheme: str = DEFAULT_SCHEME, embeddings: str = "fp16"
) -> None:
    """Write the int8 file of ``scheme``; ``embeddings`` says how its word-embedding table is
    stored (``fp16``, lossless for weights saved in float16, or ``int8`` with a scale per row).
    """
    if scheme not in SCHEMES:
        raise StanceError(f"unknown int8 scheme {scheme!r}: choose {' or '.join(SCHEMES)}")
    if embeddings not in EMBEDDING_STORAGE:
        raise StanceError(
            f"unknown embedding storage {embeddings!r}: choose {' or '.join(EMBEDDING_STORAGE)}"
        )
    if scheme == "dynamic" and embeddings != "fp16":
        raise StanceError(
            "--embeddings int8 needs the blockwise or rowwise scheme; "
            "quantize_dynamic keeps its own embedding table"
        )
    try:
        if scheme in ("blockwise", "rowwise"):
            if scheme == "blockwise":
                converted = quantize_blockwise(src, target, embeddings=embeddings)
            else:
                converted = quantize_rowwise(src, target, embeddings=embeddings)
            if converted == 0:
                raise StanceError(f"{src}: no weight MatMul to quantize")
        else:
            quantize_dynamic_per_channel(src, target)
        problems = saturation_problems(target)
    except StanceError:
        raise
    except Exception as exc:
        raise StanceError(f"{src}: int8 quantization failed: {first_line(exc)}") from exc
    if problems:  # a file whose answer would depend on the CPU is not written
        target.unlink(missing_ok=True)
        raise StanceError(
            f"{src}: the {scheme} int8 graph could saturate on AVX2 CPUs: {problems[0]}"
        )


_U8S8_OPS = {"MatMulInteger", "MatMulIntegerToFloat"}
_UINT8_PRODUCERS = {"QuantizeLinear", "DynamicQuantizeLinear"}
# Integer ops whose kernels this module has not analysed: a file with one is not vouched for.
_OTHER_INT_OPS = {
    "QLinearMatMul",
    "QLinearConv",
    "ConvInteger",
    "DynamicQuantizeMatMul",
    "QAttention",
    "QGemm",
    "MatMulBnb4",
    "QOrderedMatMul",
}


def _int_range(tensor: np.ndarray) -> tuple[int, int]:
    return int(tensor.min()), int(tensor.max())


def saturation_problems(path: str | Path) -> list[str]:
    """Why an int8 ONNX file could give a different answer on an AVX2 CPU than on a VNNI one:
    an empty list when no integer pair sum can leave int16 on any x86 kernel (module doc).

    Reads the graph only. Checks every integer matmul: the activation operand's type and where
    it comes from, its zero point, and every stored weight's range.
    """
    import onnx
    from onnx import TensorProto, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    inits = {t.name: t for t in graph.initializer}
    producers = {out: node for node in graph.node for out in node.output}
    problems: list[str] = []

    def array(name: str) -> np.ndarray | None:
        return numpy_helper.to_array(inits[name]) if name in inits else None

    for node in graph.node:
        where = f"{node.op_type} {node.name or node.output[0]}"
        if node.op_type in _OTHER_INT_OPS:
            problems.append(f"{where}: integer op not checked by stance")
        elif node.op_type in _U8S8_OPS:
            source = producers.get(node.input[0])
            if source is None or source.op_type not in _UINT8_PRODUCERS:
                problems.append(f"{where}: activations not from QuantizeLinear")
            elif source.op_type == "QuantizeLinear":
                zp = array(source.input[2]) if len(source.input) > 2 else None
                if zp is None and len(source.input) > 2 and source.input[2] in producers:
                    zp_node = producers[source.input[2]]
                    value = next((a.t for a in zp_node.attribute if a.name == "value"), None)
                    zp = numpy_helper.to_array(value) if value is not None else None
                if zp is None or zp.dtype != np.uint8:
                    problems.append(f"{where}: activation zero point is not a uint8 constant")
            weight = inits.get(node.input[1])
            if weight is None:
                problems.append(f"{where}: weight is not a stored tensor")
            elif weight.data_type == TensorProto.INT8:
                lo, hi = _int_range(numpy_helper.to_array(weight))
                if 2 * U8_MAX * max(-lo, hi) > INT16_MAX:
                    problems.append(
                        f"{where}: int8 weights reach {min(lo, -hi)}..{hi}; "
                        f"2 x {U8_MAX} x {max(-lo, hi)} > {INT16_MAX}"
                    )
            elif weight.data_type != TensorProto.UINT8:  # U8U8 widens to int16: no vpmaddubsw
                problems.append(f"{where}: weight type {weight.data_type} not checked")
        elif node.op_type == "MatMulNBits":
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
            packed = array(node.input[1])
            zp = array(node.input[3]) if len(node.input) > 3 and node.input[3] else None
            if attrs.get("bits") != 8 or packed is None:
                problems.append(f"{where}: only stored 8-bit MatMulNBits weights are checked")
                continue
            if zp is None:
                problems.append(f"{where}: no zero point (the default 128 lets bytes reach 255)")
                continue
            lo, hi = _int_range(packed)
            zlo, zhi = _int_range(zp)
            shifted = max(hi - zlo, zhi - lo)
            if 2 * S8_ACTIVATION_MAX * hi > INT16_MAX or 2 * U8_MAX * shifted > INT16_MAX:
                problems.append(
                    f"{where}: weight bytes {lo}..{hi} around zero points "
                    f"{zlo}..{zhi} can saturate an int16 pair sum"
                )
    return problems
