#!/usr/bin/env bash
# Runs the training sweep (configs/train/sweep-gpu.yaml) on a GPU machine that has torch and
# transformers but no network and no ../shared: everything else comes in a bundle folder.
#   scripts/make_gpu_bundle.sh .dev        # here: base model (fp16), data subset, CLI wheels
#   scripts/gpu_sweep.sh .dev OUT 360      # there: OUT gets the winner's weights and the logs
set -euo pipefail
bundle=${1:-.dev}
out=${2:-runs/sweep-export}
deadline=${3:-360}
export PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
    --target /tmp/site "$bundle"/whl/*.whl
export PYTHONPATH=/tmp/site
mkdir -p /tmp/d && tar xJf "$bundle/data.tar.xz" -C /tmp/d
python3 -c "import torch, transformers; print(torch.__version__, transformers.__version__,
torch.cuda.get_device_name() if torch.cuda.is_available() else 'no GPU')"
python3 -m stance train --help > /dev/null
mkdir -p "$out"
python3 scripts/sweep.py --sweep "${SWEEP:-configs/train/sweep-gpu.yaml}" --out runs/sweep \
    --device "${DEVICE:-cuda}" \
    --jobs 8 --deadline "$deadline" --data-root /tmp/d/data --base-model "$bundle/base" \
    --export "$out" || echo "sweep failed: $?"
tar czf "$out/logs.tar.gz" runs/sweep/*.log runs/sweep/*.yaml runs/sweep/*/log.jsonl
