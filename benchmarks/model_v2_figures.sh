#!/usr/bin/env bash
# Every figure of the v2 model card, in order, from a clone beside ../shared with the v1 model
# checked out into runs/v1-model (see configs/train/minilm-nli-v2.yaml). Logs go to runs/card/.
#   OMP_WAIT_POLICY=PASSIVE bash benchmarks/model_v2_figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_WAIT_POLICY=PASSIVE
out=runs/card
mkdir -p "$out"
V2=models/stance-nli-minilm-l6
SETS=snli,mnli,sick,lexical,rte3_3way,control,anli_r1,anli_r2,anli_r3,hans_contra,healthver,climate_fever,cad_nli,taxinli,conjnli,imppres,curr_boolean,curr_comparative,curr_conditional,curr_counting,curr_negation,curr_quantifier,med,curr_monotonicity_infer
# 1. v1 and v2 on the final half of every dev split (never looked at by a choice), torch.
python benchmarks/compare_models.py --model v1=runs/v1-model --model v2=$V2 --split final \
  --sets "$SETS" > "$out/compare-final.md"
# 2. The three main sets on the whole dev split, as v1's card gave them.
python benchmarks/compare_models.py --model v1=runs/v1-model --model v2=$V2 --split dev \
  --sets snli,mnli,sick,control > "$out/compare-dev.md"
# 3. The int8 ONNX file against torch (SNLI and MNLI, whole dev split and final half).
python benchmarks/compare_models.py --model v2onnx=$V2 --backend onnx --split dev \
  --sets snli,mnli,sick > "$out/onnx-dev.md"
python benchmarks/compare_models.py --model v2onnx=$V2 --backend onnx --split final \
  --sets snli,mnli,sick > "$out/onnx-final.md"
# 4. Accuracy by TaxiNLI reasoning category.
python scripts/taxinli_errors.py --model v1=runs/v1-model --model v2=$V2 > "$out/taxinli.md"
