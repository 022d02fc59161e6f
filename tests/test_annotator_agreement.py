"""scripts/annotator_agreement.py: a second annotation scored against the first with the
program's own scorer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import load_script

agree = load_script("scripts/annotator_agreement.py")

TEXT = (
    "The minister said the talks had failed. “We will not give up,” the rebels said. "
    "A spokesman for the rebels denied the report."
)


def _claim(cid: str, speaker: str, side: str, part: str) -> dict[str, Any]:
    start = TEXT.index(part)
    return {
        "id": cid,
        "speaker": speaker,
        "side": side,
        "start": start,
        "end": start + len(part),
        "text": part,
    }


FIRST = {
    "article": "a.txt",
    "claims": [
        _claim("g01", "minister", "government", "the talks had failed"),
        _claim("g02", "rebels", "rebels", "We will not give up"),
        _claim("g03", "spokesman for the rebels", "rebels", "denied the report"),
    ],
}


def test_an_annotation_agrees_with_itself() -> None:
    scores = agree.human_agreement([(TEXT, FIRST, FIRST)])
    for direction in ("second vs first", "first vs second"):
        s = scores[direction]
        assert s["recall"] == s["precision"] == s["speaker_accuracy"] == s["side_f1"] == 1.0


def test_a_missed_statement_a_renamed_speaker_and_a_split_side_count() -> None:
    second = {
        "article": "a.txt",
        "claims": [
            _claim("g01", "minister", "government", "the talks had failed"),
            # the same statement, another name for its speaker and a side of its own
            _claim("g02", "rebel fighters", "rebel fighters", "We will not give up"),
        ],
    }
    s = agree.human_agreement([(TEXT, FIRST, second)])["second vs first"]
    assert (s["n_gold"], s["n_pred"], s["found"]) == (3, 2, 2)
    assert s["recall"] == pytest.approx(2 / 3) and s["precision"] == 1.0
    assert s["speaker_accuracy"] == 0.5
    # no pair of found statements is on one side in the first annotation: nothing to find
    assert s["side_pairs"] == {"tp": 0, "fp": 0, "fn": 0}
    back = agree.human_agreement([(TEXT, FIRST, second)])["first vs second"]
    assert back["recall"] == 1.0 and back["precision"] == pytest.approx(2 / 3)


def test_an_annotation_whose_offsets_do_not_hold_is_refused(tmp_path: Path) -> None:
    first_dir, second_dir = tmp_path / "first", tmp_path / "second"
    first_dir.mkdir()
    second_dir.mkdir()
    (first_dir / "a.txt").write_text(TEXT, encoding="utf-8")
    (first_dir / "a.claims.json").write_text(json.dumps(FIRST), encoding="utf-8")
    bad = json.loads(json.dumps(FIRST))
    bad["claims"][0]["start"] += 1
    (second_dir / "a.claims.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValueError, match=r"a\.claims\.json: the second annotation's g01"):
        agree.paired_annotations(first_dir, second_dir)
    (second_dir / "b.claims.json").write_text(json.dumps(FIRST), encoding="utf-8")
    (second_dir / "a.claims.json").unlink()
    with pytest.raises(FileNotFoundError, match="no first annotation"):
        agree.paired_annotations(first_dir, second_dir)


def test_the_second_annotation_of_sixteen_dev_articles_agrees_as_documented() -> None:
    """The figures docs/analyze.md and seeds/news_dev/README.md give for seeds/news_dev/second/:
    recall 0.944, precision 0.971, speaker 0.928, side F1 0.962 against the first annotation."""
    pairs = agree.paired_annotations()
    assert len(pairs) == 16
    s = agree.human_agreement(pairs)["second vs first"]
    assert (s["n_gold"], s["n_pred"], s["found"], s["speaker_right"]) == (177, 172, 167, 155)
    assert s["side_pairs"] == {"tp": 383, "fp": 30, "fn": 0}
    assert round(s["recall"], 3) == 0.944 and round(s["precision"], 3) == 0.971
    assert round(s["speaker_accuracy"], 3) == 0.928 and round(s["side_f1"], 3) == 0.962
