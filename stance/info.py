"""What ``stance info`` reports: versions, the CPU, and the files the default model will run.

Versions come from package metadata, so nothing heavy (torch, onnxruntime) is imported to print
them.
"""

from __future__ import annotations

import json
import platform
from importlib import metadata
from pathlib import Path

from stance import __version__
from stance.machine import cpu_info

PACKAGES = ("onnxruntime", "torch", "transformers", "spacy")


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _json_field(path: Path, field: str) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get(field)
    except (OSError, ValueError, AttributeError):
        return None


def environment_info() -> dict[str, object]:
    """Versions, CPU, and which backend and files ``stance analyze`` would use by default."""
    from stance.embed import ONNX_EMBEDDER_DIR
    from stance.infer.backend import default_model_path, resolve_backend
    from stance.infer.onnx_backend import onnx_model_path

    model = default_model_path()
    backend, note = resolve_backend(str(model), None, default_model=True)
    onnx_file = onnx_model_path(model, quantized=True)
    export_json = onnx_file.parent / "export.json"
    embedder_file = _json_field(ONNX_EMBEDDER_DIR / "embedder.json", "onnx_file")
    return {
        "stance": __version__,
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in PACKAGES},
        "cpu": cpu_info().to_dict(),
        "default_model": str(model),
        "default_backend": backend,
        "backend_note": note or None,
        "nli_file": str(onnx_file) if backend == "onnx" else None,
        "int8_scheme": _json_field(export_json, "int8_scheme") if backend == "onnx" else None,
        "int8_weights": _json_field(export_json, "quantization") if backend == "onnx" else None,
        "embedder_file": str(ONNX_EMBEDDER_DIR / str(embedder_file)) if embedder_file else None,
    }


def format_info(info: dict[str, object]) -> str:
    cpu = info["cpu"]
    assert isinstance(cpu, dict)
    packages = info["packages"]
    assert isinstance(packages, dict)
    lines = [
        f"stance {info['stance']} (python {info['python']})",
        *(f"{name} {version or 'not installed'}" for name, version in packages.items()),
        f"cpu: {cpu['model']}, {cpu['cores']} cores available",
        f"cpu flags: {' '.join(cpu['flags']) or 'none of the listed ones'}",
        f"int8 dot products: {cpu['int8_kernel']}"
        + (
            " (int16 pair sums; the shipped files' 7-bit weights keep them exact)"
            if cpu["int8_kernel"] == "avx2"
            else ""
        ),
        f"default model: {info['default_model']}",
        f"default backend: {info['default_backend']}"
        + (f" ({info['nli_file']}; {info['int8_weights']})" if info["nli_file"] else ""),
        f"relevance embedder: {info['embedder_file'] or 'not shipped (torch fallback)'}",
    ]
    if info["backend_note"]:
        lines.append(str(info["backend_note"]))
    return "\n".join(lines)
