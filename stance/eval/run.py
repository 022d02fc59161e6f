"""`stance eval` as a library: read a labeled set, predict, score, write the report.

Records come from a pair file any ``stance batch`` reader accepts (``stance.io.pair_input``) or
from a built-in set (``stance.io.nli_sets.SETS``) and its fixed dev/train split. Predictions are
the backend's NLI probabilities, windowed SummaC-style for long premises (``stance.windows``),
mapped into the label map's scheme; with ``task="fnc1"`` they come from the FNC-1 pipeline
(``stance.eval.fnc1``).
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from stance.errors import StanceError, UsageError
from stance.eval import fnc1
from stance.eval.label_maps import LabelMap, load_label_map
from stance.eval.metrics import classification_metrics, expected_calibration_error, reliability_bins
from stance.infer.backend import NLIBackend
from stance.io.nli_sets import SETS, read_split, split_records
from stance.labels import NLI_LABELS

if TYPE_CHECKING:
    from stance.io.memory_input import MemoryRows

REPO_ROOT = Path(__file__).resolve().parents[2]
# The data sets sit beside the repository (../shared/data); STANCE_DATA_ROOT overrides.
DEFAULT_DATA_ROOT = REPO_ROOT.parent / "shared" / "data"
# Must equal the dev_fraction the embedded model was trained with (configs/train/*.yaml), or
# dev rows would have been training rows.
DEFAULT_DEV_FRACTION = 0.2
SPLITS = ("dev", "select", "final", "train", "all")
FNC1_CONFIG = REPO_ROOT / "configs" / "fnc1.yaml"
# Texts longer than this are cut in predictions.jsonl: an FNC-1 body per row would be megabytes.
_MAX_TEXT_IN_PREDICTIONS = 1000

Progress = Callable[[int], None]


def default_data_root() -> Path:
    env = os.environ.get("STANCE_DATA_ROOT")
    return Path(env) if env else DEFAULT_DATA_ROOT


@dataclass
class EvalRecord:
    id: str
    premise: str
    hypothesis: str
    label: str  # the dataset's own label
    gold: str  # the label in the map's scheme


@dataclass
class Predictions:
    """Per record: predicted scheme label, scheme probabilities and extra output fields."""

    labels: list[str]
    probs: np.ndarray  # (N, len(scheme labels))
    extras: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class EvalResult:
    metrics: dict[str, Any]
    predictions_path: Path  # predictions.jsonl, written chunk by chunk as the job went


# ------------------------------------------------------------------------------------ reading


def set_records(
    name: str,
    split: str | None,
    data_root: Path,
    dev_fraction: float = DEFAULT_DEV_FRACTION,
    path: Path | None = None,
) -> list[dict[str, str]]:
    """A built-in set's rows on one side of its fixed split (the one training used).

    With ``path``, the set's reader reads that file instead (an official test file, say): every
    row of it by default (``split`` None or "all"), without the reader's default row filters.
    """
    if name not in SETS:
        raise UsageError(f"--set {name}: unknown set; known: {', '.join(sorted(SETS))}")
    split = split or ("all" if path is not None else "dev")
    if split not in SPLITS:
        raise UsageError(f"--split {split}: choose one of {', '.join(SPLITS)}")
    spec = SETS[name]
    if path is not None:
        if not Path(path).exists():
            raise StanceError(f"{path}: file not found (--set-file)")
        records = list(spec.reader(Path(path)))
    else:
        return read_split(name, split, data_root, dev_fraction)
    if split == "all":
        return records
    train, dev = split_records(name, records, dev_fraction)
    return dev if split == "dev" else train


def check_labels(
    rows: Sequence[dict[str, str]], label_map: LabelMap, source: str
) -> list[EvalRecord]:
    out = []
    for n, row in enumerate(rows, start=1):
        gold = label_map.gold_label(row["label"])
        if gold is None:
            raise StanceError(
                f"{source}: row {n} (id {row['id']}): field 'label': unknown label "
                f"{row['label']!r} for label map {label_map.name} "
                f"(knows {', '.join(sorted(label_map.gold_map))})"
            )
        out.append(EvalRecord(row["id"], row["premise"], row["hypothesis"], row["label"], gold))
    return out


def iter_file_records(
    source: str | Path | MemoryRows,
    label_map: LabelMap,
    label_field: str = "label",
    premise_field: str | None = None,
    hypothesis_field: str | None = None,
    id_field: str | None = None,
    limit: int | None = None,
) -> Iterator[EvalRecord]:
    """Labeled pairs from any input ``stance batch`` reads, lazily; the first bad row is an
    error."""
    from stance.io.pair_input import FieldSpec, iter_pairs, strict

    spec = FieldSpec(
        premise=premise_field,
        hypothesis=hypothesis_field,
        id=id_field,
        label=label_field,
        label_check=label_map.gold_label,
    )
    records = strict(iter_pairs(source, spec))
    for rec in itertools.islice(records, limit):
        yield EvalRecord(rec.id, rec.premise, rec.hypothesis, str(rec.label), str(rec.gold))


def file_records(
    source: str | Path | MemoryRows, label_map: LabelMap, **kwargs: Any
) -> list[EvalRecord]:
    return list(iter_file_records(source, label_map, **kwargs))


# --------------------------------------------------------------------------------- predicting


def predict_nli(
    records: Sequence[EvalRecord],
    label_map: LabelMap,
    backend: NLIBackend,
    batch_size: int = 32,
    chunk: int = 256,
    progress: Progress | None = None,
) -> Predictions:
    """NLI probabilities (long premises windowed) collapsed into the label map's scheme."""
    from stance.windows import score_pairs

    nli = np.zeros((len(records), 3), dtype=np.float64)
    extras: list[dict[str, Any]] = []
    for start in range(0, len(records), chunk):
        part = records[start : start + chunk]
        scored = score_pairs(backend, [(r.premise, r.hypothesis) for r in part], batch_size)
        nli[start : start + len(part)] = scored.probs
        extras.extend({"window": _window_dict(w)} for w in scored.windows)
        if progress:
            progress(len(part))
    probs = label_map.scheme_probs(nli)
    labels = [label_map.labels[i] for i in probs.argmax(axis=1)] if len(records) else []
    for ex, row in zip(extras, nli, strict=True):
        ex["nli"] = _nli_dict(row)
    return Predictions(labels, probs, extras)


def _window_dict(window: Any) -> dict[str, Any] | None:
    return None if window is None else window.as_dict()


def _nli_dict(row: np.ndarray) -> dict[str, float] | None:
    if np.isnan(row).any():
        return None
    return {lab: round(float(p), 6) for lab, p in zip(NLI_LABELS, row, strict=True)}


def check_fnc1_map(label_map: LabelMap) -> None:
    if set(label_map.labels) != set(fnc1.LABELS):
        raise UsageError(
            f"--task fnc1 needs a label map into {list(fnc1.LABELS)}; {label_map.name} maps "
            f"into {list(label_map.labels)}"
        )


def _fnc1_predictions(out: Any, label_map: LabelMap) -> Predictions:
    # Reorder the pipeline's LABELS columns into the map's label order.
    cols = [fnc1.LABELS.index(lab) for lab in label_map.labels]
    extras = [
        {"relevance": round(float(rel), 6), "window": _window_dict(w), "nli": _nli_dict(row)}
        for rel, w, row in zip(out.relevance, out.windows, out.nli, strict=True)
    ]
    return Predictions(list(out.labels), out.probs[:, cols], extras)


def predict_fnc1(
    records: Sequence[EvalRecord],
    label_map: LabelMap,
    backend: NLIBackend,
    cfg: fnc1.FNC1Config,
    embedder: Any = None,
    batch_size: int = 32,
    progress: Progress | None = None,
) -> Predictions:
    from stance.eval.fnc1_features import predict_fnc1 as run_pipeline

    check_fnc1_map(label_map)
    out = run_pipeline(
        [r.premise for r in records],
        [r.hypothesis for r in records],
        backend,
        embedder or _embedder_for(backend),
        cfg,
        batch_size,
        progress,
    )
    return _fnc1_predictions(out, label_map)


def fit_fnc1(
    records: Sequence[EvalRecord],
    label_map: LabelMap,
    backend: NLIBackend,
    embedder: Any = None,
    batch_size: int = 32,
    progress: Progress | None = None,
) -> tuple[fnc1.FNC1Config, Predictions]:
    """Fit the FNC-1 thresholds on these (train) records; also return their predictions."""
    from stance.eval.fnc1_features import fit_fnc1 as fit

    check_fnc1_map(label_map)
    cfg, out = fit(
        [r.gold for r in records],
        [r.premise for r in records],
        [r.hypothesis for r in records],
        backend,
        embedder or _embedder_for(backend),
        batch_size,
        progress,
    )
    return cfg, _fnc1_predictions(out, label_map)


# ----------------------------------------------------------------------------------- scoring


def prediction_rows(
    records: Sequence[EvalRecord], preds: Predictions, label_map: LabelMap
) -> tuple[list[dict[str, Any]], np.ndarray]:
    """predictions.jsonl rows for these records, and each prediction's confidence (pure)."""
    labels = list(label_map.labels)
    conf = (
        preds.probs[np.arange(len(records)), [labels.index(p) for p in preds.labels]]
        if len(records)
        else np.zeros(0)
    )
    conf = np.clip(conf, 0.0, 1.0)
    rows = []
    for i, rec in enumerate(records):
        row: dict[str, Any] = {
            "id": rec.id,
            "premise": _cut(rec.premise),
            "hypothesis": _cut(rec.hypothesis),
            "label": rec.label,
            "gold": rec.gold,
            "pred": preds.labels[i],
            "correct": rec.gold == preds.labels[i],
            "confidence": round(float(conf[i]), 6),
            "probs": {
                lab: round(float(p), 6) for lab, p in zip(labels, preds.probs[i], strict=True)
            },
        }
        if preds.extras:
            row.update(preds.extras[i])
        rows.append(row)
    return rows, conf


@dataclass
class Tally:
    """What the metrics need of each pair: gold, prediction and confidence; no texts."""

    gold: list[str] = field(default_factory=list)
    pred: list[str] = field(default_factory=list)
    conf: list[float] = field(default_factory=list)

    def add(self, records: Sequence[EvalRecord], preds: Predictions, conf: np.ndarray) -> None:
        self.gold.extend(r.gold for r in records)
        self.pred.extend(preds.labels)
        self.conf.extend(float(c) for c in conf)

    def __len__(self) -> int:
        return len(self.gold)


def summarize(tally: Tally, label_map: LabelMap, task: str | None = None) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class scores, calibration and the FNC-1 score (pure)."""
    gold, pred = tally.gold, tally.pred
    metrics: dict[str, Any] = classification_metrics(gold, pred, list(label_map.labels))
    correct = [g == p for g, p in zip(gold, pred, strict=True)]
    conf = np.asarray(tally.conf, dtype=np.float64)
    metrics["ece"] = expected_calibration_error(conf, correct)
    metrics["reliability"] = reliability_bins(conf, correct)
    if task == "fnc1":
        detail = fnc1.fnc_score(gold, pred)
        related_ok = [
            (g == "unrelated") == (p == "unrelated") for g, p in zip(gold, pred, strict=True)
        ]
        detail["relatedness_accuracy"] = float(np.mean(related_ok)) if related_ok else None
        metrics["fnc_score"] = detail["relative"]
        metrics["fnc"] = detail
    return metrics


def _cut(text: str) -> str:
    return text if len(text) <= _MAX_TEXT_IN_PREDICTIONS else text[:_MAX_TEXT_IN_PREDICTIONS] + "…"


# ------------------------------------------------------------------------------ the whole job


@dataclass
class EvalOptions:
    """What to evaluate, with which model, and where the report goes: `stance eval`'s options."""

    output: Path | None = None  # the report folder (required by run_eval)
    input: str | Path | MemoryRows | None = None  # a pair file or rows; or set_name
    set_name: str | None = None
    set_file: Path | None = None
    split: str | None = None  # None: dev for a built-in set, all rows of a --set-file
    data_root: Path | None = None
    dev_fraction: float = DEFAULT_DEV_FRACTION
    label_field: str = "label"
    premise_field: str | None = None
    hypothesis_field: str | None = None
    id_field: str | None = None
    label_map: str | None = None
    task: str | None = None
    fnc1_config: Path | None = None
    fit_fnc1: Path | None = None
    model: str | None = None
    backend: str | None = None  # None: onnx when the model folder has the int8 file
    device: str = "cpu"
    threads: int | None = None
    max_length: int | None = None
    batch_size: int = 32
    limit: int | None = None
    force: bool = False
    command: str = ""


def _check_options(opt: EvalOptions) -> None:
    if opt.output is None:
        raise UsageError("missing option -o DIR (the report folder)")
    if (opt.input is None) == (opt.set_name is None):
        raise UsageError("give either INPUT or --set NAME (not both)")
    if opt.limit is not None and opt.limit < 1:
        raise UsageError(f"--limit must be at least 1, got {opt.limit}")
    if opt.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, got {opt.batch_size}")
    if not 0.0 < opt.dev_fraction < 1.0:
        raise UsageError(f"--dev-fraction must lie between 0 and 1, got {opt.dev_fraction}")
    if opt.task is not None and opt.task not in ("fnc1",):
        raise UsageError(f"--task {opt.task}: the only task is fnc1")
    if opt.set_file is not None and opt.set_name is None:
        raise UsageError("--set-file needs --set NAME (whose reader reads the file)")
    if (
        opt.fit_fnc1 is not None
        and opt.set_name == "fnc1"
        and (opt.split != "train" or opt.set_file is not None)
    ):
        raise UsageError("--fit-fnc1 fits on the FNC-1 train part only: use --split train")
    out = Path(opt.output)
    if out.exists() and not out.is_dir():
        raise UsageError(f"-o {out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not opt.force:
        raise UsageError(f"-o {out}: folder is not empty; pass --force to overwrite its report")


def resolve_label_map(opt: EvalOptions) -> LabelMap:
    if opt.label_map:
        return load_label_map(opt.label_map)
    if opt.set_name:
        return (
            load_label_map(SETS[opt.set_name].label_map)
            if opt.set_name in SETS
            else load_label_map("nli")
        )
    return load_label_map("fnc1" if opt.task == "fnc1" else "nli")


def load_fnc1_config(path: Path | None = None) -> fnc1.FNC1Config:
    import yaml

    path = Path(path or FNC1_CONFIG)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise StanceError(f"{path}: FNC-1 config not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise StanceError(f"{path}: cannot read FNC-1 config: {exc}") from None
    if not isinstance(data, dict):
        raise StanceError(f"{path}: FNC-1 config must be a YAML mapping")
    known = set(fnc1.FNC1Config.__dataclass_fields__)
    unknown = set(data) - known
    if unknown:
        raise StanceError(f"{path}: unknown keys {sorted(unknown)}")
    try:
        cfg = fnc1.FNC1Config(**data)
    except TypeError as exc:
        raise StanceError(f"{path}: {exc}") from None
    if cfg.relevance_feature not in fnc1.RELEVANCE_FEATURES:
        raise StanceError(f"{path}: relevance_feature must be one of {fnc1.RELEVANCE_FEATURES}")
    return cfg


def write_fnc1_config(cfg: fnc1.FNC1Config, path: Path, header: str) -> None:
    import yaml

    body = yaml.safe_dump(cfg.as_dict(), sort_keys=False, allow_unicode=True)
    comment = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(str(path) + ".tmp")
    tmp.write_text(comment + body, encoding="utf-8")
    tmp.replace(path)


FNC1_HEADER = """FNC-1 task settings (stance eval --task fnc1): relevance decides related vs
unrelated, the deciding NLI window (SummaC-style) decides agree / disagree / discuss. See
stance/eval/fnc1.py for the rule and docs/evaluation.md for the method.
FITTED ON THE FNC-1 TRAIN PART ONLY (the non-dev side of the fixed split), with:
  {command}
Model: {model}"""


# Rows predicted, written and dropped from memory at a time.
PREDICTION_CHUNK = 256


def _chunks(items: Iterable[EvalRecord], size: int) -> Iterator[list[EvalRecord]]:
    it = iter(items)
    while part := list(itertools.islice(it, size)):
        yield part


def _slice(preds: Predictions, start: int, end: int) -> Predictions:
    return Predictions(
        preds.labels[start:end],
        preds.probs[start:end],
        preds.extras[start:end] if preds.extras else [],
    )


def _embedder_for(backend: NLIBackend) -> Any:
    """The relevance embedder on the NLI backend's runtime: the onnx path stays torch-free."""
    from stance.embed import get_embedder

    return get_embedder(backend="onnx" if backend.info.backend == "onnx" else "torch")


def predictions_stream(
    records: Iterable[EvalRecord],
    label_map: LabelMap,
    task: str | None,
    backend: NLIBackend,
    embedder: Any,
    cfg: fnc1.FNC1Config | None,
    batch_size: int,
    progress: Progress | None,
) -> Iterator[tuple[list[EvalRecord], Predictions]]:
    """(records, their predictions), ``PREDICTION_CHUNK`` at a time, in input order."""
    if task != "fnc1":
        for part in _chunks(records, PREDICTION_CHUNK):
            yield part, predict_nli(part, label_map, backend, batch_size, progress=progress)
        return
    from stance.eval.fnc1_features import iter_predict_fnc1

    assert cfg is not None
    check_fnc1_map(label_map)
    # Relevance needs every pair before the first chunk; the records' bodies are shared strings.
    records = list(records)
    for start, out in iter_predict_fnc1(
        [r.premise for r in records],
        [r.hypothesis for r in records],
        backend,
        embedder or _embedder_for(backend),
        cfg,
        batch_size,
        PREDICTION_CHUNK,
        progress,
    ):
        yield records[start : start + len(out.labels)], _fnc1_predictions(out, label_map)


def run_eval(
    opt: EvalOptions,
    backend: NLIBackend | None = None,
    embedder: Any = None,
    progress_factory: Callable[[int | None], Any] | None = None,
) -> EvalResult:
    """Read, predict, score and write the report folder; returns the result.

    Predictions stream to ``predictions.jsonl`` chunk by chunk (through a ``.partial`` file
    renamed at the end); only what the metrics need (gold, prediction, confidence) stays in
    memory. Fitting FNC-1 thresholds (``fit_fnc1``) needs every pair's scores first.
    """
    from stance.eval.report import PredictionsFile, write_report
    from stance.model import ModelSettings

    _check_options(opt)
    label_map = resolve_label_map(opt)
    task = opt.task or label_map.task
    if opt.fit_fnc1 is not None and task != "fnc1":
        raise UsageError("--fit-fnc1 needs --task fnc1 (or an FNC-1 label map)")
    data_root = Path(opt.data_root) if opt.data_root else default_data_root()
    split = None
    records: Iterable[EvalRecord]
    if opt.set_name:
        rows = set_records(opt.set_name, opt.split, data_root, opt.dev_fraction, opt.set_file)
        if opt.limit is not None:
            rows = rows[: opt.limit]
        split = opt.split or ("all" if opt.set_file else "dev")
        source = f"{opt.set_name} ({split}" + (f" of {opt.set_file})" if opt.set_file else ")")
        records = check_labels(rows, label_map, source)
        total: int | None = len(records)
        if not records:
            raise StanceError(f"{source}: no labeled rows to evaluate")
    else:
        assert opt.input is not None
        from stance.io.pair_input import count_rows

        source = str(opt.input)
        # Lazily: a file input is read one chunk at a time, however long it is.
        records = iter_file_records(
            opt.input,
            label_map,
            opt.label_field,
            opt.premise_field,
            opt.hypothesis_field,
            opt.id_field,
            opt.limit,
        )
        total = count_rows(opt.input)
        if total is not None and opt.limit is not None:
            total = min(total, opt.limit)
    cfg = load_fnc1_config(opt.fnc1_config) if task == "fnc1" and opt.fit_fnc1 is None else None
    if backend is None:
        backend = (
            ModelSettings(
                opt.model,
                backend=opt.backend,
                max_length=opt.max_length,
                threads=opt.threads,
                device=opt.device,
            )
            .load()
            .backend
        )
    if task == "fnc1" and embedder is None:
        embedder = _embedder_for(backend)
    out_dir = Path(opt.output)
    progress = progress_factory(total) if progress_factory else None
    sink = PredictionsFile(out_dir)
    tally = Tally()
    started = time.perf_counter()
    try:
        if opt.fit_fnc1 is not None:
            records = list(records)
            if not records:
                raise StanceError(f"{source}: no labeled rows to evaluate")
            cfg, fitted = fit_fnc1(records, label_map, backend, embedder, opt.batch_size, progress)
            # The thresholds hold for this model and this windowing only: record both.
            cfg = replace(
                cfg,
                fitted={**cfg.fitted, "model": backend.info.name, "max_length": backend.max_length},
            )
            header = FNC1_HEADER.format(
                command=opt.command or "(library call)",
                model=f"{backend.info.name} ({backend.info.revision_or_path}), max_length "
                f"{backend.max_length}",
            )
            write_fnc1_config(cfg, opt.fit_fnc1, header)
            fit_records = records
            stream: Iterable[tuple[list[EvalRecord], Predictions]] = (
                (fit_records[i : i + PREDICTION_CHUNK], _slice(fitted, i, i + PREDICTION_CHUNK))
                for i in range(0, len(fit_records), PREDICTION_CHUNK)
            )
        else:
            stream = predictions_stream(
                records, label_map, task, backend, embedder, cfg, opt.batch_size, progress
            )
        for part, preds in stream:
            rows, conf = prediction_rows(part, preds, label_map)
            tally.add(part, preds, conf)
            sink.append(rows)
        if not len(tally):
            raise StanceError(f"{source}: no labeled rows to evaluate")
        sink.finish()
    except BaseException:
        sink.discard()
        raise
    finally:
        if progress is not None and hasattr(progress, "close"):
            progress.close()
    elapsed = time.perf_counter() - started
    metrics = summarize(tally, label_map, task)
    warnings = []
    fitted_length = (cfg.fitted or {}).get("max_length") if cfg is not None else None
    if fitted_length is not None and fitted_length != backend.max_length:
        warnings.append(
            f"FNC-1 thresholds were fitted with max_length {fitted_length}, this "
            f"run uses {backend.max_length}"
        )
    metrics["meta"] = {
        "input": source,
        "set": opt.set_name,
        "split": split if opt.set_name else None,
        "set_file": str(opt.set_file) if opt.set_file else None,
        "dev_fraction": opt.dev_fraction if opt.set_name else None,
        "limit": opt.limit,
        "label_map": label_map.path,
        "label_map_rule": label_map.describe(),
        "task": task,
        "fnc1_config": cfg.as_dict() if cfg is not None else None,
        "fnc1_config_fitted_to": str(opt.fit_fnc1) if opt.fit_fnc1 else None,
        "model": backend.info.as_dict(),
        "backend": backend.info.backend,
        "embedder": _embedder_name(embedder) if task == "fnc1" else None,
        "max_length": backend.max_length,
        "batch_size": opt.batch_size,
        "seconds": round(elapsed, 2),
        "pairs_per_second": round(len(tally) / elapsed, 2) if elapsed > 0 else None,
        "command": opt.command,
        "warnings": warnings,
    }
    write_report(metrics, out_dir)
    return EvalResult(metrics, sink.path)


def _embedder_name(embedder: Any) -> str:
    kind = type(embedder).__name__
    return {
        "OnnxEmbedder": "all-MiniLM-L6-v2 (onnx int8)",
        "SentenceEmbedder": "all-MiniLM-L6-v2 (torch)",
    }.get(kind, kind)
