"""Fine-tune an NLI model so that ONNX Runtime's `quantize_dynamic` keeps its labels.

    python scripts/int8_tolerant_finetune.py MODEL_DIR OUT_DIR [--steps 400] [--lr 2e-5]

`quantize_dynamic` gives each activation tensor one uint8 scale (per batch) and each weight
column one int8 scale. BERT's few outlier channels then leave the other channels a handful of
levels, and on our model about 2-3% of labels change. Here a student starts from the model and
learns, against the frozen model as teacher, to give the teacher's distribution both in float32
and through a simulation of exactly that int8 arithmetic (straight-through rounding), so the
float32 model that the torch backend runs and its int8 export agree. No labels are used: the
inputs are the training-side pairs of the training config.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

REPO = Path(__file__).resolve().parents[1]


def _ste_round(x: torch.Tensor) -> torch.Tensor:
    return x + (torch.round(x) - x).detach()


def fake_quant_activation(x: torch.Tensor) -> torch.Tensor:
    """ORT DynamicQuantizeLinear: uint8, one scale and zero point for the whole tensor, the
    range always including 0."""
    lo = torch.clamp(x.min(), max=0.0)
    hi = torch.clamp(x.max(), min=0.0)
    scale = torch.clamp((hi - lo) / 255.0, min=1e-8)
    zero = torch.round(-lo / scale).detach()
    q = torch.clamp(_ste_round(x / scale) + zero, 0, 255)
    return (q - zero) * scale


def fake_quant_weight(w: torch.Tensor) -> torch.Tensor:
    """Per-output-channel symmetric int8 (quantize_dynamic, per_channel=True, QInt8)."""
    scale = torch.clamp(w.abs().amax(dim=1, keepdim=True) / 127.0, min=1e-8)
    return torch.clamp(_ste_round(w / scale), -127, 127) * scale


class FakeQuantLinear(torch.nn.Module):
    def __init__(self, linear: torch.nn.Linear) -> None:
        super().__init__()
        self.linear = linear
        self.quant = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.quant:
            return self.linear(x)
        return F.linear(fake_quant_activation(x), fake_quant_weight(self.linear.weight),
                        self.linear.bias)


def wrap_linears(model: torch.nn.Module) -> list[FakeQuantLinear]:
    wrapped = []
    for module in list(model.modules()):
        for child_name, child in list(module.named_children()):
            if isinstance(child, torch.nn.Linear):
                fq = FakeQuantLinear(child)
                setattr(module, child_name, fq)
                wrapped.append(fq)
    return wrapped


def unwrap_linears(model: torch.nn.Module) -> None:
    for module in list(model.modules()):
        for child_name, child in list(module.named_children()):
            if isinstance(child, FakeQuantLinear):
                setattr(module, child_name, child.linear)


def main() -> None:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from stance.train.config import load_train_config
    from stance.train.data import build_mix

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--config", type=Path, default=REPO / "configs/train/minilm-nli.yaml")
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    cfg = load_train_config(args.config)
    rows, _ = build_mix(cfg)
    random.Random(args.seed).shuffle(rows)
    tok = AutoTokenizer.from_pretrained(args.model)
    teacher = AutoModelForSequenceClassification.from_pretrained(args.model,
                                                                 dtype=torch.float32).eval()
    student = copy.deepcopy(teacher).train()
    # Dropout off: the teacher's distribution is the target, for both passes alike.
    for m in student.modules():
        if isinstance(m, torch.nn.Dropout):
            m.p = 0.0
    fq = wrap_linears(student)
    opt = torch.optim.AdamW(student.parameters(), lr=args.lr, weight_decay=0.0)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / 20) * max(0.0, 1 - s / args.steps))
    need = args.steps * args.batch_size
    pool = (rows * math.ceil(need / len(rows)))[:need]
    # Length-sorted within windows of 50 batches: the CPU-speed habit of the trainer.
    batches = []
    w = args.batch_size * 50
    for i in range(0, len(pool), w):
        chunk = sorted(pool[i:i + w], key=lambda r: len(r["premise"]) + len(r["hypothesis"]))
        batches += [chunk[j:j + args.batch_size] for j in range(0, len(chunk), args.batch_size)]
    random.Random(args.seed + 1).shuffle(batches)
    args.out.mkdir(parents=True, exist_ok=True)
    log = (args.out / "int8_tolerant.jsonl").open("w")
    t0 = time.time()
    for step, batch in enumerate(batches):
        enc = tok([r["premise"] for r in batch], [r["hypothesis"] for r in batch],
                  truncation=True, max_length=cfg.max_length, padding=True, return_tensors="pt")
        with torch.no_grad():
            target = F.softmax(teacher(**enc).logits, -1)
        losses = []
        for quant in (False, True):
            for m in fq:
                m.quant = quant
            logp = F.log_softmax(student(**enc).logits, -1)
            losses.append(F.kl_div(logp, target, reduction="batchmean"))
        loss = losses[0] + losses[1]
        loss.backward()
        torch.nn.utils.clip_grad_norm_(student.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        if step % 10 == 0 or step == len(batches) - 1:
            entry = {"step": step, "kl_fp32": round(losses[0].item(), 5),
                     "kl_int8": round(losses[1].item(), 5), "elapsed_s": round(time.time() - t0)}
            log.write(json.dumps(entry) + "\n")
            log.flush()
            print(json.dumps(entry), flush=True)
    for m in fq:
        m.quant = False
    unwrap_linears(student)
    student.eval()
    sd = {k: v.to(torch.float16).contiguous() for k, v in student.state_dict().items()}
    from safetensors.torch import save_file

    student.config.save_pretrained(args.out)
    save_file(sd, args.out / "model.safetensors", metadata={"format": "pt"})
    tok.save_pretrained(args.out)
    print("saved", args.out, f"{time.time() - t0:.0f}s")


if __name__ == "__main__":
    np.set_printoptions(precision=4)
    main()
