"""Model backends: one interface (`NLIBackend`), torch and ONNX Runtime implementations."""

from stance.infer.backend import ModelInfo, NLIBackend, load_backend

__all__ = ["ModelInfo", "NLIBackend", "load_backend"]
