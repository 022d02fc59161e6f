"""Export a sequence-classification model folder to ONNX, checked against torch, plus int8.

``export_model(MODEL_DIR)`` writes ``MODEL_DIR/onnx/model.onnx`` (fp32, dynamic batch and
sequence axes) and ``MODEL_DIR/onnx/model.int8.onnx`` (int8 weight matmuls, activations
quantized at run time; the schemes are in ``stance.int8``). Each is written to a temporary file
and moved into place only once it loads and, for fp32, matches torch within ``VERIFY_ATOL``.
``export.json`` beside them records how they were made.

torch 2.13 defaults to the torch.export-based ("dynamo") exporter, which needs the onnxscript
package; the TorchScript exporter (``dynamo=False``) is still shipped, deprecated, and handles
BERT-family encoders in one trace. It is used here and every export is verified numerically, so a
trace that baked in a shape-dependent branch is caught instead of shipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from stance import int8
from stance.errors import StanceError, UsageError, first_line
from stance.infer.loading import check_local_model_dir
from stance.infer.onnx_backend import ONNX_SUBDIR, onnx_model_path

DEFAULT_OPSET = 17
# The TorchScript exporter stops at opset 20; 14 is where the ops BERT exports to stop changing.
MIN_OPSET, MAX_OPSET = 14, 20
VERIFY_ATOL = 1e-4
EXPORT_INFO = "export.json"

# Verification text: varied lengths so a batch carries padding and the checks run at batch and
# sequence sizes other than the traced ones. Unknown words are fine: tiny test vocabularies map
# them to [UNK], which is still a valid input.
_TRACE_PAIRS = [
    ("A man is playing a guitar on the stage tonight.", "A person plays music."),
    ("A dog runs.", "It sleeps."),  # much shorter: the trace batch carries padding
]
_VERIFY_PAIRS = [
    ("The cat sat on the mat.", "A cat is sitting."),
    ("Nobody is riding a bike.", "A woman rides a bicycle down the hill."),
    (
        "The committee said on Tuesday that the new rules would take effect next year, "
        "after a review of the costs and of the objections raised by several member states "
        "during the consultation that ended in March.",
        "The rules take effect this year.",
    ),
    ("Two kids play.", "Children are playing outside in the snow."),
    ("It rains.", "It is raining."),
]


@dataclass(frozen=True)
class ExportResult:
    fp32_path: Path
    int8_path: Path | None
    opset: int
    max_abs_diff: float  # fp32 ONNX vs torch logits on the verification pairs
    int8_max_abs_diff: float | None  # int8 ONNX vs torch probabilities
    int8_agreement: float | None  # share of verification pairs with the same argmax as torch
    int8_scheme: str | None = None
    int8_embeddings: str | None = None  # how the int8 file stores the word embeddings


_EMBEDDING_NOTES = {
    "fp16": "word embeddings stored as float16, cast to float32 after the lookup",
    "int8": "word embeddings stored as int8 with a float32 scale per row (1/254 of the row's "
    "largest magnitude), dequantized after the lookup",
}

_SCHEME_NOTES = {
    "rowwise": "MatMulIntegerToFloat, 7-bit weights per column, activations uint8 per token row",
    "blockwise": "MatMulNBits, 7-bit weights in blocks of 32 stored around zero point 64, "
    "accuracy_level 4 (int8 activations and compute)",
    "dynamic": "onnxruntime.quantization.quantize_dynamic, QInt8 weights per channel, "
    "reduce_range (7 bits)",
}


def check_scheme(scheme: str) -> str:
    if scheme not in int8.SCHEMES:
        raise UsageError(f"--int8 must be one of {', '.join(int8.SCHEMES)}, got {scheme!r}")
    return scheme


def check_embeddings(storage: str) -> str:
    if storage not in int8.EMBEDDING_STORAGE:
        raise UsageError(
            f"--embeddings must be one of {', '.join(int8.EMBEDDING_STORAGE)}, got {storage!r}"
        )
    return storage


def check_opset(opset: int) -> int:
    if not MIN_OPSET <= opset <= MAX_OPSET:
        raise UsageError(f"--opset must be between {MIN_OPSET} and {MAX_OPSET}, got {opset}")
    return opset


@contextlib.contextmanager
def _stdout_silenced() -> Iterator[None]:
    """Swallow fd-level stdout: the TorchScript exporter dumps its whole IR graph there on error."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            try:
                yield
            finally:
                sys.stdout.flush()
                os.dup2(saved, 1)
    finally:
        os.close(saved)


def _temp_path(folder: Path, name: str) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    # mkstemp makes the file private; the final file should be as readable as any other.
    os.chmod(tmp, 0o644)
    return Path(tmp)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _load(model_dir: Path):
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(model_dir, trust_remote_code=False)
        # Eager attention exports to plain MatMul/Softmax, which every ORT build runs and which
        # quantizes cleanly; the SDPA path traces to the same math with extra shape logic.
        # float32 whatever the stored dtype: ORT on CPU runs fp32 and int8, not fp16.
        model = AutoModelForSequenceClassification.from_pretrained(
            model_dir,
            trust_remote_code=False,
            attn_implementation="eager",
            dtype=torch.float32,
        )
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise StanceError(
            f"{model_dir}: cannot load as a sequence-classification model: {first_line(exc)}"
        ) from exc
    if not getattr(tokenizer, "is_fast", False):
        raise StanceError(f"{model_dir}: the ONNX backend needs a fast tokenizer (tokenizer.json)")
    model.eval()
    return tokenizer, model


def _max_tokens(tokenizer, model) -> int:
    limits = [512, getattr(model.config, "max_position_embeddings", 512) or 512]
    if getattr(tokenizer, "model_max_length", None):
        limits.append(int(tokenizer.model_max_length))
    return min(limits)


def _encode(tokenizer, pairs, max_length: int, input_names: list[str]) -> dict[str, np.ndarray]:
    enc = tokenizer(
        [p for p, _ in pairs],
        [h for _, h in pairs],
        truncation=True,
        max_length=max_length,
        padding=True,
        return_tensors="np",
    )
    return {name: enc[name].astype(np.int64) for name in input_names}


def _torch_logits(model, feeds: dict[str, np.ndarray]) -> np.ndarray:
    import torch

    with torch.inference_mode():
        return model(**{k: torch.from_numpy(v) for k, v in feeds.items()}).logits.float().numpy()


def _logits_only(model, input_names: list[str]):
    """Wrap the model so graph inputs are bound by name, whatever the forward() order is."""
    import torch

    class LogitsOnly(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            return self.model(**dict(zip(input_names, tensors, strict=True))).logits

    return LogitsOnly().eval()


def _export_fp32(model, tokenizer, target: Path, opset: int, max_length: int) -> list[str]:
    """Trace the model into ``target``; return the input names the graph takes."""
    import inspect

    import torch

    params = inspect.signature(model.forward).parameters
    input_names = [n for n in tokenizer.model_input_names if n in params]
    if "input_ids" not in input_names:
        raise StanceError(f"model {type(model).__name__} does not take input_ids")
    feeds = _encode(tokenizer, _TRACE_PAIRS, max_length, input_names)
    axes = {name: {0: "batch", 1: "sequence"} for name in input_names}
    axes["logits"] = {0: "batch"}
    model_type = getattr(model.config, "model_type", type(model).__name__)
    try:
        with warnings.catch_warnings(), _stdout_silenced():
            # Tracer and deprecation warnings are expected here; the numeric check below is the
            # guard that matters.
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _logits_only(model, input_names),
                tuple(torch.from_numpy(feeds[n]) for n in input_names),
                str(target),
                input_names=input_names,
                output_names=["logits"],
                dynamic_axes=axes,
                opset_version=opset,
                do_constant_folding=True,
                dynamo=False,
            )
    except Exception as exc:  # the exporter raises many types; all mean "not exportable"
        raise StanceError(
            f"model type {model_type!r} ({type(model).__name__}) cannot be exported to ONNX: "
            f"{first_line(exc)}"
        ) from exc
    return input_names


# Tensors smaller than this stay float32 in the fp32 file: they are a rounding error of its size.
HALF_MIN_ELEMENTS = 4096


def store_exact_halves(path: Path, *, round_to_half: bool = False) -> tuple[int, int]:
    """Rewrite the ONNX file at ``path`` with each large float32 initializer whose values are all
    exact float16 numbers stored as float16 and cast back to float32 by a ``Cast`` node.

    Nothing is rounded, so the graph computes the same numbers; ORT folds the casts away when it
    loads the file. A model whose weights were saved in float16 (the embedded one) exports to
    float32 tensors that hold only float16 values, which halves its fp32 file. With
    ``round_to_half`` every large tensor is stored as float16, rounded: the caller checks what
    that costs. Returns (tensors stored as float16, float32 tensors considered).
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    casts, kept, halved, large = [], [], 0, 0
    for tensor in graph.initializer:
        if tensor.data_type != TensorProto.FLOAT or int(np.prod(tensor.dims)) < HALF_MIN_ELEMENTS:
            kept.append(tensor)
            continue
        large += 1
        values = numpy_helper.to_array(tensor)
        half = values.astype(np.float16)
        if not round_to_half and not np.array_equal(half.astype(np.float32), values):
            kept.append(tensor)
            continue
        half_name = f"{tensor.name}_fp16"
        kept.append(numpy_helper.from_array(half, half_name))
        casts.append(
            helper.make_node(
                "Cast", [half_name], [tensor.name], name=f"{half_name}_cast", to=TensorProto.FLOAT
            )
        )
        halved += 1
    if halved:
        del graph.initializer[:]
        graph.initializer.extend(kept)
        nodes = casts + list(graph.node)  # casts read only initializers, so they may go first
        del graph.node[:]
        graph.node.extend(nodes)
        onnx.save(model, str(path))
    return halved, large


def _session(path: Path):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def _verify_fp32(model, tokenizer, path: Path, input_names: list[str], max_length: int) -> float:
    """Largest |logit difference| to torch over batches of other sizes than the trace."""
    session = _session(path)
    worst = 0.0
    batches = [_VERIFY_PAIRS, _VERIFY_PAIRS[:1], _VERIFY_PAIRS[2:4]]
    for batch in batches:
        feeds = _encode(tokenizer, batch, max_length, input_names)
        ref = _torch_logits(model, feeds)
        got = session.run(["logits"], feeds)[0]
        if got.shape != ref.shape:
            raise StanceError(f"{path}: ONNX output shape {got.shape} != torch {ref.shape}")
        worst = max(worst, float(np.abs(got - ref).max()))
    return worst


def _softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def _compare_int8(model, tokenizer, path: Path, input_names, max_length) -> tuple[float, float]:
    feeds = _encode(tokenizer, _VERIFY_PAIRS, max_length, input_names)
    try:
        got = _softmax(_session(path).run(["logits"], feeds)[0])
    except Exception as exc:  # e.g. an onnxruntime too old for 8-bit MatMulNBits
        raise StanceError(
            f"the int8 model does not run on this onnxruntime: {first_line(exc)}; "
            "upgrade onnxruntime or export with --int8 dynamic"
        ) from exc
    ref = _softmax(_torch_logits(model, feeds))
    agreement = float((ref.argmax(-1) == got.argmax(-1)).mean())
    return float(np.abs(got - ref).max()), agreement


def export_model(
    model_dir: str | Path,
    *,
    force: bool = False,
    quantize: bool = True,
    opset: int = DEFAULT_OPSET,
    int8_scheme: str = int8.DEFAULT_SCHEME,
    int8_embeddings: str = "fp16",
) -> ExportResult:
    """Write ``onnx/model.onnx`` (and ``onnx/model.int8.onnx``) into a local model folder.

    ``int8_embeddings="int8"`` halves the int8 file's word-embedding table again (a base-sized
    model's file then fits the repository's size budget); ``fp16`` loses nothing for weights
    saved in float16."""
    import onnxruntime
    import torch

    check_opset(opset)
    check_scheme(int8_scheme)
    check_embeddings(int8_embeddings)
    folder = check_local_model_dir(str(model_dir))
    fp32_path = onnx_model_path(folder, quantized=False)
    int8_path = onnx_model_path(folder, quantized=True)
    targets = [fp32_path] + ([int8_path] if quantize else [])
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise StanceError(f"{existing[0]}: already exists; pass --force to overwrite it")

    tokenizer, model = _load(folder)
    max_length = _max_tokens(tokenizer, model)
    out_dir = folder / ONNX_SUBDIR
    try:
        out_dir.mkdir(exist_ok=True)
    except OSError as exc:
        raise StanceError(f"{out_dir}: cannot create folder: {exc.strerror or exc}") from exc

    tmp_fp32 = _temp_path(out_dir, fp32_path.name)
    tmp_int8 = _temp_path(out_dir, int8_path.name) if quantize else None
    try:
        input_names = _export_fp32(model, tokenizer, tmp_fp32, opset, max_length)
        diff = _verify_fp32(model, tokenizer, tmp_fp32, input_names, max_length)
        if not diff <= VERIFY_ATOL:
            raise StanceError(
                f"{folder}: ONNX export does not match torch (max |logit diff| {diff:.2e} > "
                f"{VERIFY_ATOL:.0e}); not written"
            )
        int8_diff = int8_agree = None
        if tmp_int8 is not None:
            int8.quantize(tmp_fp32, tmp_int8, int8_scheme, embeddings=int8_embeddings)
            int8_diff, int8_agree = _compare_int8(
                model, tokenizer, tmp_int8, input_names, max_length
            )
        # After quantizing, which reads float32 weights. Exact by construction; checked anyway.
        halved, large = store_exact_halves(tmp_fp32)
        if halved and _verify_fp32(model, tokenizer, tmp_fp32, input_names, max_length) != diff:
            raise StanceError(
                f"{folder}: float16 storage changed the fp32 ONNX outputs; not written"
            )
        # Both files are checked before either replaces what was there.
        os.replace(tmp_fp32, fp32_path)
        if tmp_int8 is not None:
            os.replace(tmp_int8, int8_path)
        else:
            # An int8 file from an earlier export no longer matches the new fp32 one.
            int8_path.unlink(missing_ok=True)
    finally:
        for tmp in (tmp_fp32, tmp_int8):
            if tmp is not None:
                tmp.unlink(missing_ok=True)

    result = ExportResult(
        fp32_path=fp32_path,
        int8_path=int8_path if quantize else None,
        opset=opset,
        max_abs_diff=diff,
        int8_max_abs_diff=int8_diff,
        int8_agreement=int8_agree,
        int8_scheme=int8_scheme if quantize else None,
        int8_embeddings=int8_embeddings if quantize else None,
    )
    weights = folder / "model.safetensors"
    info = {
        # Paths relative to the model folder, which may be moved or shipped.
        **{
            k: (v.relative_to(folder).as_posix() if isinstance(v, Path) else v)
            for k, v in asdict(result).items()
        },
        "inputs": input_names,
        "exporter": "torch.onnx.export(dynamo=False)",
        "torch": torch.__version__,
        "onnxruntime": onnxruntime.__version__,
        "quantization": (
            f"{_SCHEME_NOTES[int8_scheme]}; {_EMBEDDING_NOTES[int8_embeddings]}"
            if quantize
            else None
        ),
        "fp32_storage": (
            f"{halved} of {large} large weight tensors hold only float16 values "
            "and are stored as float16, cast back to float32 on load (lossless)"
        ),
        # Lets a later reader see whether the ONNX files still match the weights next to them.
        "weights_sha256": _sha256(weights) if weights.is_file() else None,
    }
    _write_json_atomic(out_dir / EXPORT_INFO, info)
    return result


def _write_json_atomic(path: Path, data: dict) -> None:
    tmp = _temp_path(path.parent, path.name)
    try:
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
