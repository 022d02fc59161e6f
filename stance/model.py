"""An NLI model loaded once: score pairs (``predict``) or judge one pair both ways (``judge``).

    >>> import stance
    >>> model = stance.load_model("minilm")
    >>> probs = model.predict([("A man is playing a guitar.", "Nobody is playing music.")])
    >>> probs.shape                      # one row per pair: entailment, neutral, contradiction
    (1, 3)
    >>> model.judge("A man is playing a guitar.", "Nobody is playing music.").verdict
    'contradict'

``Model`` wraps the backend that ``stance.infer.backend.load_backend`` returns (ONNX Runtime or
torch); ``Model.backend`` is that object, for code that takes an ``NLIBackend``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from stance.errors import StanceError
from stance.infer.backend import ModelInfo, NLIBackend
from stance.labels import CONTRADICTION, ENTAILMENT, NEUTRAL, NLI_LABELS

if TYPE_CHECKING:
    from stance.settings import AnalyzeSettings

__all__ = ["Judgement", "Model", "ModelLike", "ModelSettings", "Scores", "load_model"]


@dataclass(frozen=True)
class ModelSettings:
    """Which model to load and how: the ``--model``/``--backend``/``--threads`` options.

    ``name_or_path``: a short name (``"minilm"``, see ``stance.infer.models.MODELS``), a model
    folder or a Hugging Face hub id; None is the embedded model (or ``$STANCE_MODEL``).
    ``backend``: ``"onnx"`` or ``"torch"``; None takes onnx when the folder has the int8
    export, else torch. ``label_map``: the model's own label names to NLI labels, for a model
    whose config does not name them (``{"LABEL_0": "contradiction", ...}``).
    """

    name_or_path: str | Path | None = None
    backend: str | None = None
    threads: int | None = None  # None: every core this process may use
    device: str = "cpu"  # torch only: "cuda", "cuda:1", ...
    max_length: int | None = None  # tokens per pair; None: the model's own limit
    label_map: Mapping[str, str] | None = field(default=None, hash=False)

    def load(self) -> Model:
        """Load the model; StanceError (one line, naming the model) when it cannot be."""
        # Looked up at call time, so that tests can stand a fake in for load_backend.
        from stance.infer import backend as backends
        from stance.infer.models import resolve_model_ref

        ref = resolve_model_ref(self.name_or_path)
        # Only what differs from load_backend's defaults, so callers see the same call as ever.
        extra: dict[str, Any] = {}
        if self.device != "cpu":
            extra["device"] = self.device
        if self.max_length is not None:
            extra["max_length"] = self.max_length
        try:
            loaded = backends.load_backend(
                ref,
                backend=self.backend,
                label_override=dict(self.label_map) if self.label_map else None,
                threads=self.threads,
                **extra,
            )
        except ModuleNotFoundError as exc:
            raise StanceError(
                f"--backend {self.backend}: not available in this install ({exc})"
            ) from None
        return Model(loaded, self)


@dataclass(frozen=True, repr=False)
class Scores:
    """NLI probabilities of one pair in one direction (they sum to 1)."""

    entailment: float
    neutral: float
    contradiction: float

    @classmethod
    def of(cls, probs: Mapping[str, float]) -> Scores:
        return cls(float(probs[ENTAILMENT]), float(probs[NEUTRAL]), float(probs[CONTRADICTION]))

    @property
    def label(self) -> str:
        """The most probable NLI label."""
        values = self.as_dict()
        return max(values, key=values.__getitem__)

    def as_dict(self) -> dict[str, float]:
        return {
            ENTAILMENT: self.entailment,
            NEUTRAL: self.neutral,
            CONTRADICTION: self.contradiction,
        }

    def __repr__(self) -> str:
        return (
            f"Scores(entailment={self.entailment:.3f}, neutral={self.neutral:.3f}, "
            f"contradiction={self.contradiction:.3f})"
        )


@dataclass(frozen=True)
class Judgement:
    """One pair judged both ways, with the verdict `stance analyze` would give it.

    ``ab`` scores the premise as premise (premise -> hypothesis), ``ba`` the reverse; each is
    the window the verdict's rule used, as in analyze's output. ``evidence`` says which rule,
    direction and score decided (the ``evidence`` of a pair in analyze's JSON).
    """

    premise: str
    hypothesis: str
    verdict: str  # "contradict" | "agree" | "unrelated"
    ab: Scores
    ba: Scores
    evidence: Mapping[str, object]
    tier: str | None = None  # "flag" | "possible" (the lower bar only); None for unrelated


class Model:
    """A loaded NLI model. Make one with ``stance.load_model`` and reuse it."""

    def __init__(self, backend: NLIBackend, settings: ModelSettings | None = None) -> None:
        self.backend = backend
        self.settings = settings or ModelSettings()

    @property
    def info(self) -> ModelInfo:
        """Name, path or hub id, label names and runtime (``info.backend``) of the model."""
        return self.backend.info

    @property
    def name(self) -> str:
        return self.backend.info.name

    @property
    def labels(self) -> tuple[str, str, str]:
        """The column order of ``predict``: entailment, neutral, contradiction."""
        return NLI_LABELS

    @property
    def max_length(self) -> int:
        """Tokens per pair; a longer premise is split into sentence windows by ``predict``."""
        return int(self.backend.max_length)

    def predict(
        self, pairs: Iterable[tuple[str, str]], *, batch_size: int = 32
    ) -> npt.NDArray[np.float32]:
        """Probabilities of (premise, hypothesis) pairs: an (N, 3) array, rows in input order,
        columns entailment, neutral, contradiction (``stance.labels.NLI_LABELS``).

        A premise longer than the model's window is scored SummaC-style, as ``stance batch``
        does: split into sentence windows, the deciding window's row is returned.
        """
        from stance.windows import score_pairs

        checked = _checked_pairs(pairs)
        if not checked:
            return np.zeros((0, 3), dtype=np.float32)
        if batch_size < 1:
            raise StanceError(f"batch size must be at least 1, got {batch_size}")
        probs: npt.NDArray[np.float32] = score_pairs(self.backend, checked, batch_size).probs
        return probs

    def judge(
        self, premise: str, hypothesis: str, *, settings: AnalyzeSettings | None = None
    ) -> Judgement:
        """Judge one pair both ways and give the verdict, by analyze's rule and thresholds.

        ``settings`` (default: ``AnalyzeSettings.load()``) supplies the verdict thresholds and
        ``judging.max_sentences``, exactly as for the claims of an analyzed article: thresholds
        it leaves unset are this model's own (its folder's verdict.json, else the defaults).
        """
        from stance.analyze import model_thresholds
        from stance.judge import Unit, claim_units, judge, score_directions
        from stance.settings import default_settings

        for what, text in (("premise", premise), ("hypothesis", hypothesis)):
            if not isinstance(text, str) or not text.strip():
                raise StanceError(f"{what}: expected a non-empty string, got {_short(text)}")
        s = settings or default_settings()
        first, second = (
            claim_units(text, Unit(text, 0, len(text)), s.judging.max_sentences)
            for text in (premise, hypothesis)
        )
        ab, ba = score_directions(self.backend, [(first, second), (second, first)])
        decision = judge(ab, ba, model_thresholds(s.verdict, self.backend))
        verdict = decision.verdict
        return Judgement(
            premise,
            hypothesis,
            verdict,
            Scores.of(ab.shown(verdict)),
            Scores.of(ba.shown(verdict)),
            decision.evidence,
            decision.tier,
        )

    def __repr__(self) -> str:
        info = self.backend.info
        return (
            f"Model(name={info.name!r}, backend={getattr(info, 'backend', '?')!r}, "
            f"max_length={self.backend.max_length})"
        )


def load_model(
    name_or_path: str | Path | None = None,
    *,
    backend: str | None = None,
    threads: int | None = None,
    device: str = "cpu",
    max_length: int | None = None,
    label_map: Mapping[str, str] | None = None,
) -> Model:
    """Load an NLI model once, to score pairs or to pass to ``analyze``/``run_batch``/``evaluate``.

    ``name_or_path`` is a short name (``"mpnet"``, the default, or ``"minilm"``), a model
    folder or a hub id; None is the default model (or ``$STANCE_MODEL``). See
    ``ModelSettings`` for the other options. Raises StanceError when the model cannot be loaded.

    >>> import stance
    >>> stance.load_model()
    Model(name='stance-nli-mpnet', backend='onnx', max_length=...)
    """
    return ModelSettings(name_or_path, backend, threads, device, max_length, label_map).load()


# What the public functions take as ``model``: a loaded Model, settings to load one, any
# NLIBackend, or a name (None: the default), loaded once per process.
ModelLike = Model | ModelSettings | NLIBackend | str | Path | None


def backend_of(model: ModelLike) -> NLIBackend:
    """The NLIBackend behind ``model``, loading it when it is not loaded yet."""
    if isinstance(model, Model):
        return model.backend
    if isinstance(model, ModelSettings):
        return model.load().backend
    if model is None or isinstance(model, str | Path):
        return shared_model(None if model is None else str(model)).backend
    return model


@functools.lru_cache(maxsize=4)
def shared_model(name_or_path: str | None) -> Model:
    """The model a name stands for, loaded at its first use in this process."""
    return ModelSettings(name_or_path).load()


def _checked_pairs(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    if isinstance(pairs, str | bytes):
        raise StanceError("pairs: expected a list of (premise, hypothesis) pairs, got a string")
    out: list[tuple[str, str]] = []
    for i, pair in enumerate(pairs):
        if (
            isinstance(pair, str)
            or not isinstance(pair, Sequence)
            or len(pair) != 2
            or not all(isinstance(text, str) for text in pair)
        ):
            raise StanceError(
                f"pairs[{i}]: expected a (premise, hypothesis) pair of strings, got {_short(pair)}"
            )
        out.append((pair[0], pair[1]))
    return out


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
