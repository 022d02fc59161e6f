"""The training loop: length-bucketed batches, bf16 autocast, checkpoints, resume, dev eval.

A plain loop rather than transformers.Trainer: it keeps resume exact (the batch order of an
epoch is a pure function of seed and epoch, so a resumed run skips exactly the batches done)
and keeps CPU-specific choices (bucketed batches, autocast) in view.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import f1_score, recall_score

from stance.errors import StanceError
from stance.labels import NLI_LABELS
from stance.train.config import TrainConfig, resolve_base_model
from stance.train.data import NOT_ENTAILMENT, Example, build_mix
from stance.train.loss import NOT_ENTAILMENT as NOT_ENTAILMENT_ID
from stance.train.loss import nli_loss
from stance.train.temperature import fit_temperature, fold_temperature

LABEL2ID = {label: i for i, label in enumerate(NLI_LABELS)}
TRAIN_LABEL_IDS = {**LABEL2ID, NOT_ENTAILMENT: NOT_ENTAILMENT_ID}
CHECKPOINT = "checkpoint-last.pt"


def epoch_batches(lengths: list[int], batch_size: int, seed: int, epoch: int) -> list[list[int]]:
    """Shuffle, bucket by length within windows of 50 batches, then shuffle the batches."""
    rng = random.Random(seed * 1000 + epoch)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    window = batch_size * 50
    batches: list[list[int]] = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start : start + window], key=lambda i: lengths[i])
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def _atomic_torch_save(obj: object, path: Path) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name not in ("cpu", "cuda"):
        raise StanceError(f"device must be auto, cpu or cuda, not {name!r}")
    if name == "cuda" and not torch.cuda.is_available():
        raise StanceError("device cuda was asked for, but torch sees no CUDA GPU")
    return torch.device(name)


def best_epoch(epoch_scores: dict[int, dict[str, float]], sets: list[str]) -> int:
    """The epoch whose mean accuracy over ``sets`` is highest (the earlier one on a tie)."""
    if not epoch_scores:
        raise StanceError("select_best needs per-epoch dev scores (eval_every_epoch: true)")
    missing = [s for s in sets if any(s not in v for v in epoch_scores.values())]
    if missing:
        raise StanceError(f"select_sets {missing} are not among the dev_sets")
    return max(sorted(epoch_scores), key=lambda e: np.mean([epoch_scores[e][s] for s in sets]))


def dev_logits(
    model: torch.nn.Module,
    tokenizer: object,
    examples: list[Example],
    max_length: int,
    batch_size: int = 64,
    bf16: bool = False,
) -> np.ndarray:
    """The model's logits for labeled examples, in their order (batched by length); ``bf16``
    runs the forward passes under bf16 autocast."""
    model.eval()
    device = next(model.parameters()).device
    lengths = [len(e["premise"]) + len(e["hypothesis"]) for e in examples]
    order = np.argsort(lengths)
    out = np.zeros((len(examples), model.config.num_labels), dtype=np.float32)
    with torch.inference_mode(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            enc = tokenizer(
                [examples[i]["premise"] for i in idx],
                [examples[i]["hypothesis"] for i in idx],
                truncation=True,
                max_length=max_length,
                padding=True,
                return_tensors="pt",
            )
            enc = {k: v.to(device) for k, v in enc.items()}
            out[idx] = model(**enc).logits.float().cpu().numpy()
    return out


def evaluate_model(
    model: torch.nn.Module,
    tokenizer: object,
    examples: list[Example],
    max_length: int,
    batch_size: int = 64,
    bf16: bool = False,
) -> dict[str, float]:
    """Accuracy, macro-F1 and contradiction recall of the model on labeled examples; on a
    two-way set (any "not entailment" row), accuracy of entailment versus the rest."""
    preds = dev_logits(model, tokenizer, examples, max_length, batch_size, bf16).argmax(-1)
    if any(e["label"] == NOT_ENTAILMENT for e in examples):
        gold_e = np.array([e["label"] == "entailment" for e in examples])
        pred_e = preds == LABEL2ID["entailment"]
        return {
            "n": len(examples),
            "accuracy": float((gold_e == pred_e).mean()),
            "macro_f1": float(f1_score(gold_e, pred_e, average="macro", zero_division=0)),
            "contradiction_recall": float("nan"),
        }
    gold = np.array([LABEL2ID[e["label"]] for e in examples])
    c = LABEL2ID["contradiction"]
    return {
        "n": len(examples),
        "accuracy": float((preds == gold).mean()) if len(gold) else 0.0,
        "macro_f1": float(
            f1_score(gold, preds, labels=[0, 1, 2], average="macro", zero_division=0)
        ),
        "contradiction_recall": float(recall_score(gold == c, preds == c, zero_division=0)),
    }


def calibrate(
    model: torch.nn.Module,
    tokenizer: object,
    rows: list[Example],
    max_length: int,
    bf16: bool = False,
) -> float:
    """Fit a temperature on labeled dev rows and fold it into the classifier; return it."""
    logits = dev_logits(model, tokenizer, rows, max_length, bf16=bf16)
    temperature = fit_temperature(logits, np.array([LABEL2ID[r["label"]] for r in rows]))
    fold_temperature(model, temperature)
    return temperature


def encoder_parts(model: torch.nn.Module) -> tuple[torch.nn.Module, torch.nn.ModuleList]:
    """(embeddings, encoder layers) of a BERT-like sequence classifier (BERT, RoBERTa, MPNet,
    MiniLM: ``<base>.embeddings`` and ``<base>.encoder.layer``)."""
    base = getattr(model, "base_model", model)
    embeddings = getattr(base, "embeddings", None)
    layers = getattr(getattr(base, "encoder", None), "layer", None)
    if not isinstance(embeddings, torch.nn.Module) or not isinstance(layers, torch.nn.ModuleList):
        raise StanceError(
            f"{type(model).__name__}: no embeddings/encoder.layer to truncate or freeze"
        )
    return embeddings, layers


def shape_model(model: torch.nn.Module, cfg: TrainConfig) -> None:
    """Apply keep_layers (truncate the encoder) and the freezing options to a loaded model."""
    if cfg.keep_layers is None and not cfg.freeze_embeddings and not cfg.freeze_layers:
        return
    embeddings, layers = encoder_parts(model)
    if cfg.keep_layers is not None:
        if not 1 <= cfg.keep_layers <= len(layers):
            raise StanceError(f"keep_layers must be 1..{len(layers)}, not {cfg.keep_layers}")
        del layers[cfg.keep_layers :]
        model.config.num_hidden_layers = cfg.keep_layers
    if not 0 <= cfg.freeze_layers <= len(layers):
        raise StanceError(f"freeze_layers must be 0..{len(layers)}, not {cfg.freeze_layers}")
    frozen = [layers[i] for i in range(cfg.freeze_layers)]
    if cfg.freeze_embeddings:
        frozen.append(embeddings)
    for module in frozen:
        for p in module.parameters():
            p.requires_grad_(False)


def takes_token_types(model: torch.nn.Module) -> bool:
    """Whether the model's forward has a token_type_ids input (BERT does; MPNet, RoBERTa-style
    models trained without segments do not)."""
    import inspect

    return "token_type_ids" in inspect.signature(model.forward).parameters


def train(
    cfg: TrainConfig,
    *,
    resume: bool = False,
    force: bool = False,
    log: Callable[[str], None] = print,
    interrupt_at_step: int | None = None,
) -> Path:
    """Fine-tune ``cfg.base_model`` as a 3-way NLI cross-encoder; return the final model folder.

    ``interrupt_at_step`` raises KeyboardInterrupt after that optimizer step, as a kill would,
    so tests can check that ``resume`` reproduces an uninterrupted run.
    """
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        get_linear_schedule_with_warmup,
    )

    out = Path(cfg.output_dir)
    ckpt_path = out / CHECKPOINT
    if out.exists() and any(out.iterdir()) and not (resume or force):
        raise StanceError(f"{out}: output folder exists; pass --resume to continue or --force")
    if force and not resume and out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    device = resolve_device(cfg.device)
    random.seed(cfg.seed)
    np.random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)

    base = resolve_base_model(cfg.base_model)
    tokenizer = AutoTokenizer.from_pretrained(base, trust_remote_code=False)
    # dtype: transformers 5 would otherwise keep fp16-stored weights in fp16, and train badly.
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        trust_remote_code=False,
        num_labels=3,
        id2label=dict(enumerate(NLI_LABELS)),
        label2id=LABEL2ID,
        dtype=torch.float32,
    ).to(device)
    shape_model(model, cfg)
    if cfg.base_logit_scale != 1.0 and not (resume and ckpt_path.exists()):
        fold_temperature(model, 1.0 / cfg.base_logit_scale)
    train_rows, devs = build_mix(cfg)
    log(f"training rows: {len(train_rows)}; dev sets: { {k: len(v) for k, v in devs.items()} }")
    enc = tokenizer(
        [r["premise"] for r in train_rows],
        [r["hypothesis"] for r in train_rows],
        truncation=True,
        max_length=cfg.max_length,
    )
    input_ids: list[list[int]] = enc["input_ids"]
    # MPNet's tokenizer gives no token_type_ids and its forward takes none.
    token_types: list[list[int]] | None = (
        enc["token_type_ids"] if "token_type_ids" in enc and takes_token_types(model) else None
    )
    labels = torch.tensor([TRAIN_LABEL_IDS[r["label"]] for r in train_rows]).to(device)
    lengths = [len(x) for x in input_ids]

    steps_per_epoch = math.ceil(len(train_rows) / cfg.batch_size)
    total_steps = steps_per_epoch * cfg.epochs
    no_decay = ("bias", "LayerNorm.weight")
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    params = [
        {
            "params": [p for n, p in trainable if not n.endswith(no_decay)],
            "weight_decay": cfg.weight_decay,
        },
        {"params": [p for n, p in trainable if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(params, lr=cfg.lr)
    scheduler = get_linear_schedule_with_warmup(
        optimizer, int(total_steps * cfg.warmup_ratio), total_steps
    )
    state: dict = {"epoch": 0, "batch": 0, "step": 0, "elapsed": 0.0, "epoch_scores": {}}
    if resume and ckpt_path.exists():
        # weights_only: tensors, numbers and containers only, nothing is unpickled as code
        ckpt = torch.load(ckpt_path, weights_only=True, map_location=device)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        scheduler.load_state_dict(ckpt["scheduler"])
        torch.set_rng_state(ckpt["torch_rng"].cpu())
        state = ckpt["state"]
        state.setdefault("epoch_scores", {})
        log(f"resumed at epoch {state['epoch']} batch {state['batch']} step {state['step']}")
    (out / "train_config.json").write_text(json.dumps(asdict(cfg), indent=2))

    def save_checkpoint() -> None:
        _atomic_torch_save(
            {
                "model": model.state_dict(),
                "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "torch_rng": torch.get_rng_state(),
                "state": state,
            },
            ckpt_path,
        )

    log_file = (out / "log.jsonl").open("a", encoding="utf-8")

    def record(entry: dict[str, object]) -> None:
        log_file.write(json.dumps(entry) + "\n")
        log_file.flush()
        log(json.dumps(entry))

    pad = tokenizer.pad_token_id or 0
    deadline = cfg.deadline_timestamp()
    while state["epoch"] < cfg.epochs:
        epoch = state["epoch"]
        batches = epoch_batches(lengths, cfg.batch_size, cfg.seed, epoch)
        model.train()
        t0 = time.time()
        running: list[float] = []
        for b in range(state["batch"], len(batches)):
            idx = batches[b]
            width = max(lengths[i] for i in idx)
            ids = torch.full((len(idx), width), pad, dtype=torch.long)
            tt = torch.zeros((len(idx), width), dtype=torch.long)
            mask = torch.zeros((len(idx), width), dtype=torch.long)
            for row, i in enumerate(idx):
                n = lengths[i]
                ids[row, :n] = torch.tensor(input_ids[i])
                if token_types is not None:
                    tt[row, :n] = torch.tensor(token_types[i])
                mask[row, :n] = 1
            inputs = {"input_ids": ids.to(device), "attention_mask": mask.to(device)}
            if token_types is not None:
                inputs["token_type_ids"] = tt.to(device)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=cfg.bf16):
                logits = model(**inputs).logits
            loss = nli_loss(logits, labels[idx], cfg.label_smoothing)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for _, p in trainable], 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            running.append(loss.item())
            state["batch"] = b + 1
            state["step"] += 1
            if state["step"] % 50 == 0:
                elapsed = state["elapsed"] + time.time() - t0
                record(
                    {
                        "epoch": epoch,
                        "step": state["step"],
                        "of": total_steps,
                        "loss": round(float(np.mean(running[-50:])), 4),
                        "lr": scheduler.get_last_lr()[0],
                        "elapsed_s": round(elapsed, 1),
                    }
                )
            if state["step"] % cfg.checkpoint_every == 0:
                state["elapsed"] += time.time() - t0
                t0 = time.time()
                save_checkpoint()
            if interrupt_at_step is not None and state["step"] >= interrupt_at_step:
                log_file.close()
                raise KeyboardInterrupt
            if deadline is not None and time.time() >= deadline and b + 1 < len(batches):
                state["stopped_at_step"] = state["step"]
                record(
                    {
                        "epoch": epoch,
                        "step": state["step"],
                        "of": total_steps,
                        "stopped_at_deadline": cfg.train_deadline,
                        "lr": scheduler.get_last_lr()[0],
                    }
                )
                break
        state["elapsed"] += time.time() - t0
        # Epoch end: keep its weights for averaging, evaluate, checkpoint.
        ep_dir = out / f"epoch-{epoch}"
        model.save_pretrained(ep_dir)
        tokenizer.save_pretrained(ep_dir)
        if cfg.eval_every_epoch:
            scores = {}
            for name, rows in devs.items():
                result = evaluate_model(model, tokenizer, rows, cfg.max_length, bf16=cfg.eval_bf16)
                scores[name] = result["accuracy"]
                record({"epoch": epoch, "dev": name, **result})
            state["epoch_scores"][epoch] = scores
        state["epoch"] += 1
        state["batch"] = 0
        if state.get("stopped_at_step") is not None:
            state["stopped_epoch"] = epoch
            state["epoch"] = cfg.epochs  # the deadline ends the run, on resume too
        save_checkpoint()

    final = out / "final"
    stopped = state.get("stopped_at_step") is not None
    # After a deadline stop the model in memory (the stopped epoch's) is the one kept.
    k = 1 if stopped else max(1, cfg.average_last)
    epoch_dirs = [out / f"epoch-{e}" for e in range(cfg.epochs - k, cfg.epochs)]
    chosen = state["stopped_epoch"] if stopped else cfg.epochs - 1
    if cfg.select_best and k == 1 and not stopped:
        chosen = best_epoch(state["epoch_scores"], cfg.select_sets)
        if chosen != cfg.epochs - 1:
            model = AutoModelForSequenceClassification.from_pretrained(
                out / f"epoch-{chosen}", dtype=torch.float32, trust_remote_code=False
            ).to(device)
    if k > 1:
        # Checkpoint averaging (weights of the last k epoch ends): a cheap, often-better ensemble.
        sd = {
            key: torch.zeros_like(v, dtype=torch.float32) for key, v in model.state_dict().items()
        }
        for d in epoch_dirs:
            m = AutoModelForSequenceClassification.from_pretrained(
                d, dtype=torch.float32, trust_remote_code=False
            )
            for key, v in m.state_dict().items():
                sd[key] += v.float().to(sd[key].device) / k
        model.load_state_dict({key: v.to(model.state_dict()[key].dtype) for key, v in sd.items()})
    temperature = None
    if cfg.calibrate_temperature:
        temperature = calibrate(
            model,
            tokenizer,
            [r for s in cfg.select_sets for r in devs[s]],
            cfg.max_length,
            cfg.eval_bf16,
        )
        log(f"temperature {temperature} folded into the classifier")
    model.save_pretrained(final)
    tokenizer.save_pretrained(final)
    summary = {
        "final": True,
        "train_rows": len(train_rows),
        "train_time_s": state["elapsed"],
        "averaged_epochs": k,
        "epoch": chosen if k == 1 else None,
        "temperature": temperature,
        "device": str(device),
        "stopped_at_step": state.get("stopped_at_step"),
        "total_steps": total_steps,
    }
    for name, rows in devs.items():
        summary[name] = evaluate_model(model, tokenizer, rows, cfg.max_length, bf16=cfg.eval_bf16)
    record(summary)
    (final / "dev_metrics.json").write_text(json.dumps(summary, indent=2))
    log_file.close()
    return final
