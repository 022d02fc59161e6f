"""Run `stance eval` on the dev split of every built-in set and fill the table in
docs/evaluation.md.

    python benchmarks/eval_all.py                      # all sets, embedded model, fills the doc
    python benchmarks/eval_all.py --fit-fnc1           # first refit configs/fnc1.yaml (train part)
    python benchmarks/eval_all.py --sets snli,fnc1 --limit 50 --model DIR --no-doc   # dry run
    python benchmarks/eval_all.py --table-only         # the table from the reports in runs/eval

Each row is one `stance eval --set NAME --split dev -o runs/eval/NAME` run in a subprocess; the
exact command of each row is what the table shows. The table sits between the markers
<!-- eval-table:start --> and <!-- eval-table:end --> and is replaced whole.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stance.io.nli_sets import SETS  # noqa: E402

DOC = REPO / "docs" / "evaluation.md"
START, END = "<!-- eval-table:start -->", "<!-- eval-table:end -->"


def eval_command(name: str, out_dir: Path, args: argparse.Namespace) -> list[str]:
    cmd = ["stance", "eval", "--set", name, "--split", "dev", "-o", str(out_dir / name)]
    for flag in ("model", "limit", "max_length", "batch_size", "threads", "backend", "device"):
        value = getattr(args, flag)
        if value is not None:
            cmd += ["--" + flag.replace("_", "-"), str(value)]
    return cmd


def fit_command(out_dir: Path, args: argparse.Namespace) -> list[str]:
    cmd = ["stance", "eval", "--set", "fnc1", "--split", "train", "--fit-fnc1",
           "configs/fnc1.yaml", "-o", str(out_dir / "fnc1-fit")]
    for flag in ("model", "fit_limit", "max_length", "batch_size", "threads", "backend",
                 "device"):
        value = getattr(args, flag)
        if value is not None:
            name = "limit" if flag == "fit_limit" else flag.replace("_", "-")
            cmd += ["--" + name, str(value)]
    return cmd


def run(cmd: list[str]) -> tuple[int, float]:
    # `python -m stance.cli.main` is the `stance` entry point without relying on PATH.
    argv = [sys.executable, "-m", "stance.cli.main", *cmd[1:], "--force"]
    print("+", shlex.join(cmd), flush=True)
    started = time.perf_counter()
    code = subprocess.call(argv, cwd=REPO)
    return code, time.perf_counter() - started


def fmt(value: object, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(
        value)


def table(rows: list[dict[str, object]], model: str) -> str:
    lines = [
        f"Model: `{model}`. Dev split of each set (see *Splits*); accuracy, macro-F1 and ECE "
        "are in the set's own label scheme.",
        "",
        "| set | scheme | dev pairs | accuracy | macro-F1 | ECE | FNC-1 score | command |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        m = r.get("metrics") or {}
        if not m:
            lines.append(f"| {r['set']} | {r['scheme']} | failed (exit {r['code']}) | | | | | "
                         f"`{r['command']}` |")
            continue
        fnc = fmt(m.get("fnc_score"), 2) + " %" if m.get("fnc_score") is not None else ""
        lines.append(
            f"| {r['set']} | {r['scheme']} | {m['n']} | {fmt(m['accuracy'])} | "
            f"{fmt(m['macro_f1'])} | {fmt(m['ece'])} | {fnc} | `{r['command']}` |"
        )
    return "\n".join(lines)


def fill_doc(doc: Path, text: str) -> None:
    content = doc.read_text(encoding="utf-8")
    if START not in content or END not in content:
        raise SystemExit(f"{doc}: table markers {START} / {END} not found")
    head, rest = content.split(START, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", help="comma-separated set names (default: every built-in set)")
    ap.add_argument("--out-dir", type=Path, default=Path("runs/eval"))
    ap.add_argument("--model")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--max-length", type=int)
    ap.add_argument("--batch-size", type=int)
    ap.add_argument("--threads", type=int)
    ap.add_argument("--backend")
    ap.add_argument("--device")
    ap.add_argument("--fit-fnc1", action="store_true",
                    help="refit configs/fnc1.yaml on the FNC-1 train part before the rows")
    ap.add_argument("--fit-limit", type=int, help="train pairs used by --fit-fnc1")
    ap.add_argument("--doc", type=Path, default=DOC)
    ap.add_argument("--no-doc", action="store_true", help="print the table, leave the doc")
    ap.add_argument("--table-only", action="store_true",
                    help="run nothing: build the table from the reports already in --out-dir "
                    "(after runs of a few sets at a time)")
    args = ap.parse_args()

    names = args.sets.split(",") if args.sets else list(SETS)
    unknown = [n for n in names if n not in SETS]
    if unknown:
        raise SystemExit(f"unknown sets: {unknown}; known: {', '.join(SETS)}")
    if args.fit_fnc1 and not args.table_only:
        code, secs = run(fit_command(args.out_dir, args))
        print(f"fnc1 fit: exit {code}, {secs:.0f} s", flush=True)
        if code != 0:
            return code
    rows: list[dict[str, object]] = []
    failed = 0
    for name in names:
        cmd = eval_command(name, args.out_dir, args)
        metrics_path = REPO / args.out_dir / name / "metrics.json"
        if args.table_only:
            code, secs = (0 if metrics_path.is_file() else 1), 0.0
        else:
            code, secs = run(cmd)
        metrics = json.loads(metrics_path.read_text(encoding="utf-8")) if code == 0 else None
        failed += code != 0
        rows.append({"set": name, "scheme": SETS[name].label_map, "code": code,
                     "command": shlex.join(cmd), "metrics": metrics})
        print(f"{name}: exit {code}, {secs:.0f} s", flush=True)
    model = args.model or "models/stance-nli-minilm-l6 (embedded)"
    text = table(rows, model)
    print(text)
    if not args.no_doc:
        fill_doc(args.doc, text)
        print(f"table written to {args.doc}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
