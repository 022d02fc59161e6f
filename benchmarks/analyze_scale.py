"""`stance analyze` on long documents: the seed repeated 1, 10 and 40 times.

    python benchmarks/analyze_scale.py [--times 1 10 40] [--backend onnx] [--json FILE]
                                       [--set pairing.max_partners=null]

Each size runs in a fresh process; wall time and the child's peak RSS (getrusage) are recorded,
with the claims, the judged pairs and the pairs the partner cap skipped.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_4a66804ddd20a484.txt"


def run(times: int, backend: str, config: Path | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / f"seed_x{times}.txt"
        text = SEED.read_text(encoding="utf-8")
        article.write_text("\n\n".join([text] * times), encoding="utf-8")
        cmd = [sys.executable, "-m", "stance", "analyze", str(article), "--json",
               "--backend", backend]
        if config is not None:
            cmd += ["--config", str(config)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - start
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    doc = json.loads(done.stdout)
    return {
        "times": times,
        "characters": len(doc["article"]),
        "claims": len(doc["claims"]),
        "judged_pairs": len(doc["pairs"]),
        "capped_pairs": doc.get("capped_pairs", 0),
        "seconds": round(seconds, 2),
        # ru_maxrss of children is the largest so far; runs go from small to large
        "peak_rss_mb": round(max(peak_kb, before) / 1024, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--times", type=int, nargs="+", default=[1, 10, 40])
    ap.add_argument("--backend", default="onnx", choices=["onnx", "torch"])
    ap.add_argument("--no-cap", action="store_true", help="pairing.max_partners: null")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    config = None
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.no_cap:
            config = Path(tmp) / "nocap.yaml"
            config.write_text("pairing: {max_partners: null}\n", encoding="utf-8")
        for times in sorted(args.times):
            row = run(times, args.backend, config)
            rows.append(row)
            print(f"x{times:<3} {row['characters']:>8} chars {row['claims']:>5} claims "
                  f"{row['judged_pairs']:>6} judged {row['capped_pairs']:>6} capped "
                  f"{row['seconds']:>7.2f} s {row['peak_rss_mb']:>7.1f} MB", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
