"""A model folder's verdict.json: reading, checking, and its place in the resolution order."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import FakeBackend, line_extractor

from stance.aggregate import THRESHOLD_KEYS, Thresholds, VerdictConfig
from stance.analyze import analyze_text
from stance.errors import StanceError
from stance.infer.backend import MODELS_DIR
from stance.infer.verdict_file import (
    VERDICT_FILE,
    read_verdict_file,
    thresholds_for,
    verdict_file_of,
)

VALUES = {
    "contradiction": 0.9,
    "entailment": 0.55,
    "agree_max_contradiction": 0.25,
    "possible_contradiction": 0.25,
    "possible_entailment": 0.45,
}


def write(folder: Path, document: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / VERDICT_FILE
    text = document if isinstance(document, str) else json.dumps(document)
    path.write_text(text, encoding="utf-8")
    return path


def doc(**thresholds: object) -> dict[str, object]:
    return {"format": 1, "thresholds": {**VALUES, **thresholds}, "provenance": {"command": "x"}}


def test_reads_a_valid_file(tmp_path: Path) -> None:
    path = write(tmp_path / "m", doc())
    assert read_verdict_file(path) == VALUES
    assert verdict_file_of(tmp_path / "m") == path
    assert verdict_file_of(tmp_path / "elsewhere") is None
    assert verdict_file_of("cross-encoder/nli-deberta-v3-small") is None  # a hub id
    assert verdict_file_of(None) is None


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "not valid JSON"),
        ([1, 2], "must be a JSON object"),
        ({"format": 2, "thresholds": VALUES}, "format: expected 1"),
        ({"format": 1}, "thresholds: must be an object"),
        (
            {"format": 1, "thresholds": {k: v for k, v in VALUES.items() if k != "entailment"}},
            "thresholds: missing entailment",
        ),
        (doc(contradicton=0.5), "thresholds: unknown key"),
        (doc(contradiction=1.5), "thresholds.contradiction: must be a number in [0, 1]"),
        (doc(entailment="0.5"), "thresholds.entailment: must be a number in [0, 1]"),
        (doc(entailment=True), "thresholds.entailment: must be a number in [0, 1]"),
        (doc(possible_entailment=0.6), "thresholds.possible_entailment (0.6) is above"),
        ({**doc(), "provenance": "yesterday"}, "provenance: must be an object"),
    ],
)
def test_a_bad_file_is_an_error_naming_file_and_key(tmp_path: Path, document, message) -> None:
    path = write(tmp_path / "m", document)
    with pytest.raises(StanceError) as err:
        read_verdict_file(path)
    assert str(err.value).startswith(f"{path}: ")
    assert message in str(err.value)


def test_config_beats_the_file_beats_the_defaults(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    write(folder, doc())
    from_file = thresholds_for(VerdictConfig(), folder)
    assert from_file == Thresholds(**VALUES)
    assert from_file.model_file == str(folder / VERDICT_FILE)
    assert set(from_file.as_dict()["sources"].values()) == {"model"}  # type: ignore[union-attr]
    mixed = thresholds_for(VerdictConfig(contradiction=0.7), folder)
    assert (mixed.contradiction, mixed.entailment) == (0.7, VALUES["entailment"])
    assert mixed.source("contradiction") == "config" and mixed.source("entailment") == "model"
    bare = thresholds_for(VerdictConfig(), tmp_path / "no-file")
    assert bare == Thresholds() and bare.model_file is None
    assert bare.source("contradiction") == "default"


def test_a_config_that_sets_everything_does_not_read_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    write(folder, "{broken")
    with pytest.raises(StanceError, match="not valid JSON"):
        thresholds_for(VerdictConfig(), folder)
    everything = VerdictConfig(**dict.fromkeys(THRESHOLD_KEYS, 0.5))
    assert thresholds_for(everything, folder) == Thresholds(*[0.5] * 5)


def test_the_shipped_files_are_valid_and_say_how_they_were_fitted() -> None:
    for name in ("stance-nli-minilm-l6", "stance-nli-mpnet"):
        path = MODELS_DIR / name / VERDICT_FILE
        read_verdict_file(path)
        prov = json.loads(path.read_text(encoding="utf-8"))["provenance"]
        assert prov["command"].startswith("python scripts/calibrate_verdicts.py --tiers")
        assert (prov["fit_split"], prov["report_split"]) == ("select", "final")
        assert prov["backend"] == "onnx" and prov["model"] == name
        for split in ("select", "final"):
            for tier in ("flag", "possible"):
                for verdict in ("contradict", "agree"):
                    assert set(prov["scores"][split][tier][verdict]) >= {"precision", "recall"}


# The resolution inside analyze: the backend's folder decides which file is read.

ARTICLE = "Harf | United States | The talks are over.\nZarif | Iran | The talks go on.\n"
LEXICAL = {"pairing": {"relevance": "lexical", "min_relevance": {"lexical": 0.0}}}


def backend_in(folder: Path, c: float) -> FakeBackend:
    backend = FakeBackend(default=(0.1, 0.9 - c, c))
    backend.info = type(backend.info)("fake", str(folder), ["e", "n", "c"])
    return backend


def test_analyze_uses_the_models_file_unless_the_config_says_otherwise(tmp_path: Path) -> None:
    sure, unsure = tmp_path / "sure", tmp_path / "unsure"
    write(sure, doc(contradiction=0.5, possible_contradiction=0.3))
    write(unsure, doc(contradiction=0.8, possible_contradiction=0.3))
    # The same probabilities, a flag for one model and a possible for the other.
    one = analyze_text(ARTICLE, backend_in(sure, 0.6), LEXICAL, extractor=line_extractor)
    two = analyze_text(ARTICLE, backend_in(unsure, 0.6), LEXICAL, extractor=line_extractor)
    assert [p.tier for p in one.pairs] == ["flag"] and [p.tier for p in two.pairs] == ["possible"]
    echoed = two.to_dict()["thresholds"]
    assert echoed["contradiction"] == 0.8 and echoed["model_file"] == str(unsure / VERDICT_FILE)
    assert echoed["sources"]["contradiction"] == "model"
    # A config value wins over the model's file.
    config = {**LEXICAL, "verdict": {"contradiction": 0.55}}
    three = analyze_text(ARTICLE, backend_in(unsure, 0.6), config, extractor=line_extractor)
    assert [p.tier for p in three.pairs] == ["flag"]
    assert three.to_dict()["thresholds"]["sources"]["contradiction"] == "config"


def test_a_verdict_file_is_read_once_per_version(tmp_path: Path, monkeypatch) -> None:
    """A corpus analysis resolves the thresholds for every batch: the file is read once, and
    again only when it changes."""
    import stance.infer.verdict_file as vf

    path = tmp_path / "verdict.json"
    path.write_text(json.dumps({"format": 1, "thresholds": VALUES}), encoding="utf-8")
    reads: list[Path] = []
    real = vf.read_verdict_file
    monkeypatch.setattr(vf, "read_verdict_file", lambda p: reads.append(p) or real(p))
    first = vf.thresholds_for(VerdictConfig(), tmp_path)
    assert vf.thresholds_for(VerdictConfig(), tmp_path) == first
    assert len(reads) == 1
    changed = {**VALUES, "contradiction": 0.95}
    path.write_text(json.dumps({"format": 1, "thresholds": changed}), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert vf.thresholds_for(VerdictConfig(), tmp_path).contradiction == 0.95
    assert len(reads) == 2
