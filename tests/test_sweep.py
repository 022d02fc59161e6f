"""scripts/sweep.py: how a variant is built from the base config, and how the winner is picked."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_script

sweep = load_script("scripts/sweep.py")

BASE = {
    "epochs": 2,
    "lr": 5e-5,
    "mix": [{"set": "snli", "weight": 1.0}, {"set": "mnli", "weight": 1.5}],
    "synthetic": {"lexical_pairs": 3000, "news_pairs": 2000},
}


def test_variant_replaces_keys_merges_mappings_and_edits_the_mix() -> None:
    cfg = sweep.variant_config(
        BASE,
        {"max_length": 128},
        {
            "epochs": 5,
            "synthetic": {"news_pairs": 0},
            "replace_mix": {"mnli": {"weight": 3.0, "symmetric_contradictions": True}},
            "extra_mix": [{"set": "covidfact", "weight": 0.5}],
        },
    )
    assert cfg["epochs"] == 5 and cfg["lr"] == 5e-5 and cfg["max_length"] == 128
    assert cfg["synthetic"] == {"lexical_pairs": 3000, "news_pairs": 0}
    assert cfg["mix"] == [
        {"set": "snli", "weight": 1.0},
        {"set": "mnli", "weight": 3.0, "symmetric_contradictions": True},
        {"set": "covidfact", "weight": 0.5},
    ]
    assert BASE["mix"][1] == {"set": "mnli", "weight": 1.5}  # the base is not modified


def test_replace_mix_of_an_unknown_set_is_an_error() -> None:
    with pytest.raises(SystemExit, match="not in the mix"):
        sweep.variant_config(BASE, {}, {"replace_mix": {"sick": {"weight": 2.0}}})


def _scores(snli: float, mnli: float) -> dict[str, dict[str, float]]:
    return {
        s: {"accuracy": a, "macro_f1": a, "contradiction_recall": a}
        for s, a in (("snli", snli), ("mnli", mnli))
    }


def test_winner_is_the_best_epoch_of_a_finished_run(tmp_path: Path) -> None:
    runs = {
        "a": {0: _scores(0.70, 0.60), 1: _scores(0.80, 0.70)},
        "b": {0: _scores(0.90, 0.90)},  # better, but stopped by the deadline
        "c": {0: _scores(0.85, 0.60), 1: _scores(0.90, 0.50)},
    }
    for run, epochs in runs.items():
        for e in epochs:
            (tmp_path / run / f"epoch-{e}").mkdir(parents=True)
            (tmp_path / run / f"epoch-{e}" / "model.safetensors").write_bytes(b"")
    winner = sweep.pick_winner(runs, ["snli", "mnli"], tmp_path, finished={"a", "c"})
    assert (winner["run"], winner["epoch"], winner["finished"]) == ("a", 1, True)
    # With no finished run the stopped ones are used, and say so.
    winner = sweep.pick_winner(runs, ["snli", "mnli"], tmp_path, finished=set())
    assert (winner["run"], winner["finished"]) == ("b", False)
    # An epoch whose evaluation was cut short (a set missing) never wins.
    runs["a"][2] = {"snli": {"accuracy": 1.0, "macro_f1": 1.0, "contradiction_recall": 1.0}}
    winner = sweep.pick_winner(runs, ["snli", "mnli"], tmp_path, finished={"a"})
    assert winner["epoch"] == 1
