"""The evaluation report folder: metrics.json, report.md, report.html with PNG plots, predictions.

Files written to ``-o DIR``::

    metrics.json        accuracy, macro_f1, per_class, confusion_matrix, labels, ece
                        (+ fnc_score for the FNC-1 task), reliability bins and run metadata
    report.md           the same as readable tables
    report.html         the tables plus the two plots
    confusion_matrix.png, reliability.png
    predictions.jsonl   one row per evaluated pair, in input order
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import Any

from stance.errors import StanceError

CONFUSION_PNG = "confusion_matrix.png"
RELIABILITY_PNG = "reliability.png"


def _atomic_write(path: Path, data: str | bytes) -> None:
    """Write via a temporary file and rename, so a report file is never half written."""
    tmp = path.with_name(path.name + ".tmp")
    mode = "wb" if isinstance(data, bytes) else "w"
    kwargs: dict[str, Any] = {} if isinstance(data, bytes) else {"encoding": "utf-8"}
    with open(tmp, mode, **kwargs) as fh:
        fh.write(data)
    os.replace(tmp, path)


def _fmt(value: Any, digits: int = 4) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def summary_rows(metrics: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [
        ("pairs", _fmt(metrics.get("n"))),
        ("accuracy", _fmt(metrics.get("accuracy"))),
        ("macro-F1", _fmt(metrics.get("macro_f1"))),
        ("ECE (10 bins)", _fmt(metrics.get("ece"))),
    ]
    if "fnc_score" in metrics:
        fnc = metrics.get("fnc", {})
        rows.insert(1, ("FNC-1 score (% of max)", _fmt(metrics["fnc_score"], 2)))
        rows.append(
            (
                "FNC-1 raw score / max",
                f"{_fmt(fnc.get('score'), 2)} / {_fmt(fnc.get('max_score'), 2)}",
            )
        )
        rows.append(("all-unrelated baseline (% of max)", _fmt(fnc.get("null_relative"), 2)))
        rows.append(("related/unrelated accuracy", _fmt(fnc.get("relatedness_accuracy"))))
    return rows


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _per_class_rows(metrics: dict[str, Any]) -> list[list[str]]:
    return [
        [lab, _fmt(pc["precision"]), _fmt(pc["recall"]), _fmt(pc["f1"]), str(pc["support"])]
        for lab, pc in metrics["per_class"].items()
    ]


def _confusion_rows(metrics: dict[str, Any]) -> list[list[str]]:
    return [
        [lab, *map(str, row)]
        for lab, row in zip(metrics["labels"], metrics["confusion_matrix"], strict=True)
    ]


def _meta_rows(meta: dict[str, Any]) -> list[tuple[str, str]]:
    model = meta.get("model") or {}
    rows = [
        ("input", str(meta.get("input"))),
        ("model", f"{model.get('name')} ({model.get('revision_or_path')})"),
        ("backend", f"{meta.get('backend')}, max_length {meta.get('max_length')}"),
        ("label map", f"{meta.get('label_map')}: {meta.get('label_map_rule')}"),
    ]
    if meta.get("task"):
        rows.append(("task", str(meta["task"])))
    if meta.get("fnc1_config"):
        cfg = {k: v for k, v in meta["fnc1_config"].items() if k != "fitted"}
        rows.append(("FNC-1 settings", json.dumps(cfg)))
    if meta.get("limit"):
        rows.append(("limit", str(meta["limit"])))
    rows.append(("time", f"{meta.get('seconds')} s ({meta.get('pairs_per_second')} pairs/s)"))
    if meta.get("command"):
        rows.append(("command", f"`{meta['command']}`"))
    rows.extend(("warning", w) for w in meta.get("warnings", []))
    return rows


def render_markdown(metrics: dict[str, Any], title: str) -> str:
    parts = [f"# {title}", ""]
    parts.append(_md_table(["metric", "value"], [list(r) for r in summary_rows(metrics)]))
    parts += ["", "## Per class", ""]
    parts.append(
        _md_table(["label", "precision", "recall", "F1", "support"], _per_class_rows(metrics))
    )
    parts += ["", "## Confusion matrix (rows gold, columns predicted)", ""]
    parts.append(_md_table(["gold \\ pred", *metrics["labels"]], _confusion_rows(metrics)))
    parts += ["", "## Calibration (reliability bins)", ""]
    parts.append(
        _md_table(
            ["confidence bin", "pairs", "mean confidence", "accuracy"],
            [
                [
                    f"({b['lower']:.1f}, {b['upper']:.1f}]",
                    str(b["count"]),
                    _fmt(b["confidence"]),
                    _fmt(b["accuracy"]),
                ]
                for b in metrics.get("reliability", [])
            ],
        )
    )
    meta = metrics.get("meta")
    if meta:
        parts += ["", "## Run", ""]
        parts.append(_md_table(["", ""], [[k, v.replace("|", "\\|")] for k, v in _meta_rows(meta)]))
    parts += [
        "",
        f"Plots: `{CONFUSION_PNG}`, `{RELIABILITY_PNG}`. Predictions: `predictions.jsonl`.",
        "",
    ]
    return "\n".join(parts)


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(metrics: dict[str, Any], title: str) -> str:
    meta = metrics.get("meta")
    sections = [
        f"<h1>{html.escape(title)}</h1>",
        _html_table(["metric", "value"], [list(r) for r in summary_rows(metrics)]),
        "<h2>Per class</h2>",
        _html_table(["label", "precision", "recall", "F1", "support"], _per_class_rows(metrics)),
        "<h2>Confusion matrix</h2>",
        f'<img src="{CONFUSION_PNG}" alt="confusion matrix heatmap" width="480">',
        _html_table(["gold \\ pred", *metrics["labels"]], _confusion_rows(metrics)),
        "<h2>Calibration</h2>",
        f'<img src="{RELIABILITY_PNG}" alt="reliability diagram" width="480">',
        f"<p>ECE (10 equal-width bins, top-label confidence): {_fmt(metrics.get('ece'))}</p>",
    ]
    if meta:
        sections += [
            "<h2>Run</h2>",
            _html_table(["", ""], [[k, v.strip("`")] for k, v in _meta_rows(meta)]),
        ]
    style = (
        "body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "table{border-collapse:collapse;margin:1em 0}"
        "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
    )
    return (
        f'<!doctype html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title><style>{style}</style></head><body>\n"
        + "\n".join(sections)
        + "\n</body></html>\n"
    )


def plot_confusion(metrics: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    labels = metrics["labels"]
    cm = np.asarray(metrics["confusion_matrix"], dtype=float)
    # Colour by row share (recall) so small classes are readable; cells show raw counts.
    shares = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
    size = 1.2 + 0.9 * len(labels)
    fig, ax = plt.subplots(figsize=(size + 1.2, size))
    image = ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    for i in range(len(labels)):
        for j in range(len(labels)):
            ax.text(
                j,
                i,
                str(int(cm[i, j])),
                ha="center",
                va="center",
                color="white" if shares[i, j] > 0.5 else "black",
            )
    fig.colorbar(image, ax=ax, label="share of gold row")
    ax.set_title("Confusion matrix")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_reliability(metrics: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bins = metrics.get("reliability", [])
    fig, ax = plt.subplots(figsize=(5, 5))
    centers = [(b["lower"] + b["upper"]) / 2 for b in bins]
    accs = [b["accuracy"] if b["accuracy"] is not None else 0.0 for b in bins]
    width = bins[0]["upper"] - bins[0]["lower"] if bins else 0.1
    ax.bar(centers, accs, width=width * 0.95, color="#4C72B0", edgecolor="black", label="accuracy")
    ax.plot([0, 1], [0, 1], "--", color="gray", label="perfect calibration")
    for c, b in zip(centers, bins, strict=True):
        if b["count"]:
            ax.text(
                c,
                0.01,
                str(b["count"]),
                ha="center",
                va="bottom",
                fontsize=7,
                rotation=90,
                color="white",
            )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence (probability of the predicted label)")
    ax.set_ylabel("accuracy")
    ax.set_title(f"Reliability diagram (ECE {_fmt(metrics.get('ece'), 3)})")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


class PredictionsFile:
    """``predictions.jsonl``, appended chunk by chunk while the job runs.

    Rows go to ``predictions.jsonl.partial`` (each chunk one durable write) and the file takes
    its name only when every row is in, so a report folder never shows a half list as whole.
    The folder is made at the first write.
    """

    NAME = "predictions.jsonl"

    def __init__(self, out_dir: Path) -> None:
        self.path = Path(out_dir) / self.NAME
        self.partial = self.path.with_name(self.NAME + ".partial")
        self._out: Any = None

    def append(self, rows: list[dict[str, Any]]) -> None:
        from stance.io.jsonl_out import JsonlAppender

        if self._out is None:
            _make_dir(self.path.parent)
            self.partial.unlink(missing_ok=True)  # left by a killed run
            self._out = JsonlAppender(self.partial)
        self._out.append(rows)

    def finish(self) -> None:
        if self._out is None:
            self.append([])
        self._out.close()
        try:
            os.replace(self.partial, self.path)
        except OSError as exc:
            raise StanceError(f"{self.path}: cannot write: {exc.strerror or exc}") from exc

    def discard(self) -> None:
        if self._out is not None:
            self._out.close()
        self.partial.unlink(missing_ok=True)


def _make_dir(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StanceError(f"-o {out_dir}: cannot create folder: {exc.strerror or exc}") from exc


def report_title(metrics: dict[str, Any]) -> str:
    meta = metrics.get("meta") or {}
    return f"stance eval: {meta.get('input', 'labeled pairs')}"


def write_report(metrics: dict[str, Any], out_dir: Path) -> None:
    """Write the report files (all but predictions.jsonl, see PredictionsFile) into ``out_dir``."""
    _make_dir(out_dir)
    title = report_title(metrics)
    try:
        _atomic_write(
            out_dir / "metrics.json", json.dumps(metrics, indent=2, ensure_ascii=False) + "\n"
        )
        plot_confusion(metrics, out_dir / CONFUSION_PNG)
        plot_reliability(metrics, out_dir / RELIABILITY_PNG)
        _atomic_write(out_dir / "report.md", render_markdown(metrics, title))
        _atomic_write(out_dir / "report.html", render_html(metrics, title))
    except OSError as exc:
        raise StanceError(f"-o {out_dir}: cannot write report: {exc.strerror or exc}") from exc
