"""LingNLI: the 15 per-round train files, read as the `lingnli` set, split by promptID."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from stance.errors import StanceError
from stance.io.nli_sets import SETS, read_lingnli, read_split

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_data = pytest.mark.skipif(
    not (DATA / "lingnli").exists(), reason="../shared/data/lingnli not beside the clone"
)


@needs_data
def test_all_rows_of_the_per_round_files_balanced() -> None:
    rows = read_split("lingnli", "all", DATA, 0.2)
    assert len(rows) == 44_983
    counts = Counter(r["label"] for r in rows)
    assert set(counts) == {"entailment", "neutral", "contradiction"}
    assert max(counts.values()) - min(counts.values()) <= 5
    assert len({r["group"] for r in rows}) == 5_000  # MultiNLI train premises
    assert SETS["lingnli"].label_map == "nli"


@needs_data
def test_dev_split_keeps_a_prompt_on_one_side() -> None:
    train = read_split("lingnli", "train", DATA, 0.2)
    dev = read_split("lingnli", "dev", DATA, 0.2)
    select = read_split("lingnli", "select", DATA, 0.2)
    final = read_split("lingnli", "final", DATA, 0.2)
    assert len(train) + len(dev) == 44_983
    assert 0.15 < len(dev) / 44_983 < 0.25
    assert len(select) + len(final) == len(dev)
    groups = [{r["group"] for r in side} for side in (train, select, final)]
    assert all(groups)
    assert not groups[0] & groups[1] and not groups[0] & groups[2] and not groups[1] & groups[2]
    # each side stays balanced over the three labels
    for side in (train, dev):
        counts = Counter(r["label"] for r in side)
        assert max(counts.values()) / min(counts.values()) < 1.05


def test_reader_groups_by_prompt_and_refuses_combined_files(tmp_path: Path) -> None:
    rows = [
        {
            "premise": "A  man sleeps.",
            "hypothesis": "He is awake.",
            "label": "contradiction",
            "pairID": "7c",
            "promptID": 7,
            "round": "round1",
        },
        {
            "premise": "A man sleeps.",
            "hypothesis": "He rests.",
            "label": "entailment",
            "pairID": "7e",
            "promptID": 7,
            "round": "round1",
        },
    ]
    path = tmp_path / "train_round1_LitL.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in rows)
    recs = list(read_lingnli(path))
    assert [r["group"] for r in recs] == ["7", "7"]
    assert recs[0]["premise"] == "A man sleeps." and recs[0]["id"] == "7c"
    assert recs[0]["tags"] == "round1_LitL"
    combined = tmp_path / "train_round5_LitL_combined.jsonl.gz"
    combined.write_bytes(path.read_bytes())
    with pytest.raises(StanceError, match="cumulative"):
        list(read_lingnli(combined))
    with pytest.raises(StanceError, match="files missing"):
        list(read_lingnli(tmp_path))
