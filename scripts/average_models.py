"""Average the weights of fine-tuned models that share a base (a "model soup").

    python scripts/average_models.py runs/a/final runs/b/final -o runs/soup

Runs fine-tuned from one starting point usually sit in one basin, so their mean weights score
like an ensemble of them at the cost of one model. The output folder gets the first model's
config and tokenizer files and the float32 mean of every weight tensor.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="+", type=Path)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    states = [load_file(m / "model.safetensors") for m in args.models]
    keys = set(states[0])
    if any(set(s) != keys for s in states[1:]):
        raise SystemExit("the models do not have the same weight names")
    mean = {k: torch.stack([s[k].float() for s in states]).mean(0) for k in sorted(keys)}
    args.output.mkdir(parents=True, exist_ok=True)
    for f in args.models[0].iterdir():
        if f.is_file() and f.name != "model.safetensors":
            shutil.copy2(f, args.output / f.name)
    save_file({k: v.contiguous() for k, v in mean.items()}, args.output / "model.safetensors",
              metadata={"format": "pt"})
    print(f"{len(args.models)} models averaged -> {args.output}")


if __name__ == "__main__":
    main()
