"""Int8 versions of an fp32 ONNX encoder, for ONNX Runtime on CPU.

Two schemes, both with int8 weights and activations quantized at run time:

``blockwise`` (the default) turns each weight MatMul into ORT's ``MatMulNBits`` with 8-bit
weights in blocks of ``BLOCK_SIZE`` input channels and ``accuracy_level=4``, under which ORT also
quantizes the activations to int8 per block of each row and multiplies in int8. Small blocks keep
BERT's outlier channels (the FFN input after GELU and the attention-output LayerNorm reach 20-30x
the typical channel range) from setting the scale of everything else.

``dynamic`` is ``onnxruntime.quantization.quantize_dynamic`` with per-channel int8 weights: one
uint8 scale per activation tensor (per batch), ``MatMulInteger`` kernels. It is about 1.5-2x
faster, but on the trained MiniLM NLI model it changed the label of about 3% of pairs (with
per-tensor weights, 8%), against under 1% for ``blockwise``; see docs/performance.md.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

import numpy as np

from stance.errors import StanceError, first_line

SCHEMES = ("blockwise", "dynamic")
DEFAULT_SCHEME = "blockwise"
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


def quantize_blockwise(src: Path, target: Path, block_size: int = BLOCK_SIZE) -> int:
    """Write ``target`` with every fp32 [K, N] weight MatMul as MatMulNBits; return how many."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(src))
    graph = model.graph
    weights = {t.name: t for t in graph.initializer}
    nodes = []
    converted = 0
    for node in graph.node:
        w = weights.get(node.input[1]) if node.op_type == "MatMul" else None
        if w is None or len(w.dims) != 2 or w.data_type != TensorProto.FLOAT:
            nodes.append(node)
            continue
        k, n = (int(d) for d in w.dims)
        packed, scales = block_quantize(numpy_helper.to_array(w), block_size)
        base = f"{node.name or w.name}_q8"
        graph.initializer.extend([numpy_helper.from_array(packed, f"{base}_B"),
                                  numpy_helper.from_array(scales, f"{base}_scales")])
        nodes.append(helper.make_node(
            "MatMulNBits", [node.input[0], f"{base}_B", f"{base}_scales"], list(node.output),
            name=base, domain=_MS_DOMAIN, K=k, N=n, bits=8, block_size=block_size,
            accuracy_level=4,  # int8 activations and int8 multiply, not dequantize-to-fp32
        ))
        converted += 1
    nodes = _half_embedding_tables(graph, nodes, weights)
    del graph.node[:]
    graph.node.extend(nodes)
    used = Counter(name for node in graph.node for name in node.input)
    kept = [t for t in graph.initializer if used[t.name]]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    if not any(op.domain == _MS_DOMAIN for op in model.opset_import):
        model.opset_import.append(helper.make_opsetid(_MS_DOMAIN, 1))
    onnx.save(model, str(target))
    return converted


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
        if scheme == "blockwise":
            if quantize_blockwise(src, target) == 0:
                raise StanceError(f"{src}: no weight MatMul to quantize")
        else:
            quantize_dynamic_per_channel(src, target)
    except StanceError:
        raise
    except Exception as exc:
        raise StanceError(f"{src}: int8 quantization failed: {first_line(exc)}") from exc
