"""The training loss: 3-way cross-entropy, and a two-way term for "not entailed" rows.

A two-way set's "not entailed" says neutral *or* contradiction, never which. Such a row is
trained on P(entailment) against P(neutral) + P(contradiction) in the same 3-way head: the loss
is -log(p_n + p_c), computed as a log-sum-exp of the two log-probabilities so it stays exact
when both are tiny. An "entailed" row of a two-way set is an ordinary entailment row.
"""

from __future__ import annotations

import torch

# Label ids: the three NLI labels in NLI_LABELS order, then the two-way "not entailed".
ENTAILMENT, NEUTRAL, CONTRADICTION, NOT_ENTAILMENT = 0, 1, 2, 3


def nli_loss(
    logits: torch.Tensor, labels: torch.Tensor, label_smoothing: float = 0.0
) -> torch.Tensor:
    """Mean loss over a batch whose labels are 0-2 (3-way) or 3 (not entailed)."""
    logp = torch.log_softmax(logits.float(), dim=-1)
    three = labels < NOT_ENTAILMENT
    losses = torch.zeros(labels.shape[0], dtype=logp.dtype, device=logp.device)
    if three.any():
        lp = logp[three]
        nll = -lp.gather(1, labels[three].unsqueeze(1)).squeeze(1)
        # Label smoothing as torch's CrossEntropyLoss applies it: (1-s) * nll + s * mean(-logp).
        losses[three] = (1 - label_smoothing) * nll - label_smoothing * lp.mean(dim=1)
    two = ~three
    if two.any():
        losses[two] = -torch.logsumexp(logp[two][:, [NEUTRAL, CONTRADICTION]], dim=1)
    return losses.mean()
