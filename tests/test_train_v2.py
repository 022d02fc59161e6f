"""Model v2's training pieces: the new sets' readers, the two-way loss, dev halves, windows."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from stance.io.nli_sets import (
    SETS,
    read_curriculum,
    read_imppres,
    read_snli_tsv,
    read_split,
    read_taxinli,
)
from stance.train.data import to_nli
from stance.train.loss import CONTRADICTION, ENTAILMENT, NEUTRAL, NOT_ENTAILMENT, nli_loss
from stance.train.windowed import WindowCache, closest_windows, token_counter

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.exists(), reason="../shared/data not beside the clone")


# --- the two-way loss, on a hand-made batch -----------------------------------------------------


def test_loss_matches_hand_computation() -> None:
    logits = torch.tensor([[2.0, 0.5, -1.0], [0.0, 1.0, 1.0], [3.0, 0.0, -2.0], [0.1, 0.2, 3.0]])
    labels = torch.tensor([ENTAILMENT, NOT_ENTAILMENT, NOT_ENTAILMENT, CONTRADICTION])
    p = torch.softmax(logits, -1)
    expected = (
        -math.log(p[0, 0])
        - math.log(p[1, 1] + p[1, 2])
        - math.log(p[2, 1] + p[2, 2])
        - math.log(p[3, 2])
    ) / 4
    assert nli_loss(logits, labels).item() == pytest.approx(expected, rel=1e-6)


def test_three_way_rows_equal_torch_cross_entropy_with_smoothing() -> None:
    logits = torch.randn(6, 3, generator=torch.Generator().manual_seed(0))
    labels = torch.tensor([0, 1, 2, 2, 1, 0])
    ref = torch.nn.functional.cross_entropy(logits, labels, label_smoothing=0.05)
    assert nli_loss(logits, labels, 0.05).item() == pytest.approx(ref.item(), rel=1e-6)


def test_not_entailed_does_not_force_neutral() -> None:
    """The gradient of a "not entailed" row lowers entailment only: it does not move mass
    between neutral and contradiction (their logits get gradients in proportion to their
    probabilities), so a row the model calls contradiction stays contradiction."""
    logits = torch.tensor([[0.5, -1.0, 2.0]], requires_grad=True)
    nli_loss(logits, torch.tensor([NOT_ENTAILMENT])).backward()
    g = logits.grad[0]
    p = torch.softmax(logits.detach()[0], -1)
    assert g[ENTAILMENT] > 0  # descent lowers the entailment logit
    # d/dz_k of -log(p_n + p_c) = p_k - p_k / (p_n + p_c) for k in {n, c}: same ratio to p_k
    ratio_n, ratio_c = g[NEUTRAL] / p[NEUTRAL], g[CONTRADICTION] / p[CONTRADICTION]
    assert ratio_n.item() == pytest.approx(ratio_c.item(), rel=1e-5)
    # Forcing neutral (plain cross-entropy on label 1) would push contradiction down instead.
    forced = torch.tensor([[0.5, -1.0, 2.0]], requires_grad=True)
    torch.nn.functional.cross_entropy(forced, torch.tensor([NEUTRAL])).backward()
    assert forced.grad[0][CONTRADICTION] > 0


def test_loss_is_finite_when_not_entailed_mass_is_tiny() -> None:
    logits = torch.tensor([[60.0, -60.0, -60.0]])
    value = nli_loss(logits, torch.tensor([NOT_ENTAILMENT])).item()
    assert math.isfinite(value) and value > 100


# --- readers ------------------------------------------------------------------------------------


def test_tsv_reader_takes_sentence_columns_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "c.tsv"
    path.write_text(
        "\ufeffPremise\tHypothesis\tLabel\nA b c.\tA b.\tentailment\n", encoding="utf-8"
    )
    rows = list(read_snli_tsv(path))
    assert rows[0]["premise"] == "A b c." and rows[0]["label"] == "entailment"
    bad = tmp_path / "bad.tsv"
    bad.write_text("foo\tbar\tlabel\nx\ty\tneutral\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"bad.tsv:2: no premise column"):
        list(read_snli_tsv(bad))


def test_taxinli_tags(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text(
        "prem\thyp\tlabel\tnegation_logic\tworld_knowledge\tpairID\n"
        "P.\tH.\tcontradiction\t1\t0\t7e\n",
        encoding="utf-8",
    )
    (row,) = read_taxinli(path)
    assert row["tags"] == "negation_logic" and row["id"] == "7e"


def test_curriculum_gzip_and_imppres_folder(tmp_path: Path) -> None:
    gz = tmp_path / "train.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        fh.write(
            json.dumps(
                {"premise": "P.", "hypothesis": "H.", "gold_label": "not-entailed", "idx": 3}
            )
            + "\n"
        )
        fh.write(json.dumps({"premise": "P.", "gold_label": "entailed"}) + "\n")
    rows = read_curriculum(gz)
    assert next(rows)["label"] == "not-entailed"
    with pytest.raises(Exception, match=r"train.jsonl.gz:2: field 'hypothesis'"):
        next(rows)
    folder = tmp_path / "imppres" / "implicature"
    folder.mkdir(parents=True)
    (folder / "connectives.jsonl").write_text(
        json.dumps(
            {
                "sentence1": "A or B.",
                "sentence2": "Not both.",
                "gold_label_log": "neutral",
                "gold_label_prag": "entailment",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    (row,) = read_imppres(tmp_path / "imppres")
    assert row["label"] == "entailment" and row["tags"] == "connectives"


def test_two_way_rows_keep_not_entailment_for_the_two_way_loss() -> None:
    rows = [
        {"premise": "p", "hypothesis": "h", "label": lab}
        for lab in ("entailed", "not-entailed", "neutral")
    ]
    assert [r["label"] for r in to_nli("curr_lexical", rows)] == [
        "entailment",
        "not_entailment",
        "not_entailment",
    ]  # two_way map: neutral = not entailed
    assert [r["label"] for r in to_nli("med", rows[2:])] == ["not_entailment"]
    fnc = [
        {"premise": "b", "hypothesis": "h", "label": lab}
        for lab in ("agree", "disagree", "discuss", "unrelated")
    ]
    assert [r["label"] for r in to_nli("fnc1_nli", fnc)] == [
        "entailment",
        "contradiction",
        "neutral",
    ]


@needs_data
@pytest.mark.parametrize(
    "name",
    [
        "cad_nli",
        "taxinli",
        "conjnli",
        "med",
        "imppres",
        "control",
        "curr_negation",
        "curr_monotonicity_infer",
        "curr_drop",
    ],
)
def test_new_sets_read_with_disjoint_fixed_halves(name: str) -> None:
    train = read_split(name, "train", DATA, 0.2)
    dev = read_split(name, "dev", DATA, 0.2)
    select = read_split(name, "select", DATA, 0.2)
    final = read_split(name, "final", DATA, 0.2)
    assert train and dev and select and final
    assert len(select) + len(final) == len(dev)
    key = lambda r: (r["premise"], r["hypothesis"], r["label"])  # noqa: E731
    assert not {key(r) for r in select} & {key(r) for r in final}
    assert SETS[name].label_map in ("nli", "two_way")


@needs_data
def test_halves_keep_a_premise_on_one_side() -> None:
    select = {r["group"] for r in read_split("mnli", "select", DATA, 0.2)}
    final = {r["group"] for r in read_split("mnli", "final", DATA, 0.2)}
    assert select and final and not select & final


# --- closest windows ----------------------------------------------------------------------------


class _BagEmbedder:
    """Bag-of-words vectors: the window sharing most words with the hypothesis is closest."""

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        vocab = sorted({w for t in texts for w in t.lower().split()})
        out = np.array([[t.lower().split().count(w) for w in vocab] for t in texts], float)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_closest_window_picks_the_relevant_part(tmp_path: Path) -> None:
    filler = " ".join(f"Sentence number {i} talks about weather and rain." for i in range(30))
    premise = filler + " The minister denied that the talks with Iran ever took place. " + filler
    hyp = "The minister denied talks with Iran."
    tokens = token_counter(64)
    (window,) = closest_windows([(premise, hyp)], tokens, _BagEmbedder())
    assert "denied that the talks" in window and len(window) < len(premise)
    short = ("A man sleeps.", "A man rests.")
    assert closest_windows([short], tokens, _BagEmbedder()) == ["A man sleeps."]
    cache = WindowCache(tmp_path / "c.jsonl", 64)
    cache.add([(premise, hyp)], [window])
    again = WindowCache(tmp_path / "c.jsonl", 64)
    assert (premise, hyp) in again and again[(premise, hyp)] == window
    assert (premise, hyp) not in WindowCache(tmp_path / "c.jsonl", 128)  # keyed by max_length
