"""Short model names (``"minilm"``) and the model folders they stand for.

The one place a short name is given a meaning: the CLI's ``--model`` and the library's
``stance.load_model`` both resolve names here, so a new model is one line in ``MODELS``.
"""

from __future__ import annotations

from pathlib import Path

from stance.errors import StanceError
from stance.infer.backend import MODELS_DIR

# short name -> folder under models/. A name whose folder is absent (a model not trained or not
# shipped yet) is an error that says so, never a silent fall-through to the Hugging Face hub.
MODELS: dict[str, str] = {
    "minilm": "stance-nli-minilm-l6",
    "mpnet": "stance-nli-mpnet",
}


def resolve_model_ref(name_or_path: str | Path | None) -> str | None:
    """The folder a short name stands for; anything else (a path, a hub id, None) unchanged.

    None stays None so that the default (the embedded model, or ``$STANCE_MODEL``) is decided
    by ``stance.infer.backend.default_model_path`` alone. A short name wins over a folder of
    the same name in the working directory: write ``./minilm`` for that one.

    >>> resolve_model_ref("minilm").endswith("models/stance-nli-minilm-l6")
    True
    >>> resolve_model_ref("cross-encoder/nli-deberta-v3-small")
    'cross-encoder/nli-deberta-v3-small'
    """
    if name_or_path is None:
        return None
    text = str(name_or_path)
    folder = MODELS.get(text)
    if folder is None:
        return text
    path = MODELS_DIR / folder
    if not path.is_dir():
        raise StanceError(f"{text}: model folder {path} not found (not trained or not shipped)")
    return str(path)
