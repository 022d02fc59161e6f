"""The analyze JSON document and its schema."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from stance.analyze import NoClaimsError, analysis_schema, analyze_text

ARTICLE = (
    "Headline about talks\n"
    "Khamenei | Iran | Iran will not cooperate with the Americans against Islamic State.\n"
    "Narration the journalist wrote.\n"
    "Harf | United States | The United States is not cooperating with Iran against Islamic State.\n"
    "Zarif | Iran | The Americans are cooperating with Iran against Islamic State.\n"
    "Kerry | United States | Bakeries open at dawn.\n"
)
# Thresholds pinned: these tests are about the document, not about the calibrated values.
LEXICAL = {
    "pairing": {"relevance": "lexical", "min_relevance": {"lexical": 0.2}},
    "verdict": {
        "contradiction": 0.6,
        "entailment": 0.6,
        "agree_max_contradiction": 0.2,
        "possible_contradiction": 0.4,
        "possible_entailment": 0.4,
    },
}


@pytest.fixture
def result(fake_backend_cls, fake_extractor):
    claims = fake_extractor(ARTICLE)
    by_speaker = {c.speaker: c.text for c in claims}
    table = {
        # Khamenei → Harf: entailment one way only; Zarif ↔ Harf: contradiction.
        (by_speaker["Khamenei"], by_speaker["Harf"]): [0.9, 0.08, 0.02],
        (by_speaker["Harf"], by_speaker["Zarif"]): [0.02, 0.08, 0.9],
    }
    backend = fake_backend_cls(table)
    out = analyze_text(ARTICLE, backend, LEXICAL, name="talks.txt", extractor=fake_extractor)
    out.backend_calls = backend.calls  # type: ignore[attr-defined]
    return out


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(analysis_schema())


def test_document_validates_and_is_consistent(result) -> None:
    doc = json.loads(result.to_json())
    jsonschema.validate(doc, analysis_schema())
    assert doc["article"] == ARTICLE and doc["source"] == "talks.txt"
    ids = {c["id"] for c in doc["claims"]}
    for c in doc["claims"]:
        span = doc["article"][c["start"] : c["end"]]
        assert " ".join(span.split()) == " ".join(c["text"].split())
    for p in doc["pairs"]:
        assert p["a"] in ids and p["b"] in ids
    assert doc["candidate_pairs"] == len(doc["pairs"]) + doc["dropped_pairs"]
    assert doc["model"] == {
        "name": "fake-nli",
        "revision_or_path": "/nowhere/fake-nli",
        "labels": ["ent", "neu", "con"],
    }
    assert [(p["name"], p["speakers"]) for p in doc["parties"]] == [
        ("Iran", ["Khamenei", "Zarif"]),
        ("United States", ["Harf", "Kerry"]),
    ]
    for party in doc["parties"]:
        assert [e["speaker"] for e in party["evidence"]] == party["speakers"]
        assert party["unaffiliated"] is False


def test_verdicts_and_dropped_pairs(result) -> None:
    doc = result.to_dict()
    verdicts = {(p["a"], p["b"]): (p["verdict"], p["tier"]) for p in doc["pairs"]}
    # c1 Khamenei, c2 Harf, c3 Zarif, c4 Kerry. Kerry's off-topic claim shares no content word.
    assert verdicts == {("c1", "c2"): ("agree", "flag"), ("c2", "c3"): ("contradict", "flag")}
    assert doc["thresholds"] == {
        "contradiction": 0.6,
        "entailment": 0.6,
        "agree_max_contradiction": 0.2,
        "possible_contradiction": 0.4,
        "possible_entailment": 0.4,
        "sources": dict.fromkeys(
            (
                "contradiction",
                "entailment",
                "agree_max_contradiction",
                "possible_contradiction",
                "possible_entailment",
            ),
            "config",
        ),
        "model_file": None,
    }
    assert doc["dropped_pairs"] == 2 and doc["candidate_pairs"] == 4
    pair = next(p for p in doc["pairs"] if p["verdict"] == "contradict")
    assert pair["ab"]["contradiction"] == pytest.approx(0.9)
    # One sentence per claim: the deciding "sentences" are the two whole claims.
    a, b = (next(c for c in doc["claims"] if c["id"] == pair[k]) for k in ("a", "b"))
    assert pair["evidence"] == {
        "rule": "contradiction",
        "direction": "ab",
        "score": 0.9,
        "premise": {"text": a["text"], "start": a["start"], "end": a["end"]},
        "hypothesis": {"text": b["text"], "start": b["start"], "end": b["end"]},
    }


def test_both_directions_in_one_call(result) -> None:
    (call,) = result.backend_calls
    assert len(call) == 2 * len(result.pairs)
    assert set(call[: len(result.pairs)]) == {(b, a) for a, b in call[len(result.pairs) :]}


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.pop("dropped_pairs"),
        lambda d: d["pairs"][0].update(verdict="maybe"),
        lambda d: d["pairs"][0]["ab"].pop("neutral"),
        lambda d: d["claims"][0].update(start=-1),
        lambda d: d["claims"][0].update(unexpected=True),
        lambda d: d["model"].update(labels=["a", "b"]),
        lambda d: d["pairs"][0]["evidence"]["premise"].pop("start"),
        lambda d: d["pairs"][0].pop("tier"),
        lambda d: d["pairs"][0].update(tier="maybe"),
        lambda d: d["pairs"][0].update(tier=None),  # a contradict or agree has a tier
        lambda d: d["thresholds"].pop("possible_entailment"),
        lambda d: d["thresholds"]["sources"].update(contradiction="somewhere"),
    ],
)
def test_schema_rejects_broken_documents(result, breakage) -> None:
    doc = copy.deepcopy(result.to_dict())
    breakage(doc)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, analysis_schema())


def test_no_claims_is_an_error(fake_backend_cls, fake_extractor) -> None:
    with pytest.raises(NoClaimsError, match=r"^plain\.txt: no attributed claims"):
        analyze_text(
            "Nobody said anything.\n",
            fake_backend_cls(),
            LEXICAL,
            name="plain.txt",
            extractor=fake_extractor,
        )


def test_one_party_is_not_an_error(fake_backend_cls, fake_extractor) -> None:
    text = "A | Iran | Iran rejects it.\nB | Iran | Iran rejects it too.\n"
    backend = fake_backend_cls()
    out = analyze_text(text, backend, LEXICAL, extractor=fake_extractor)
    assert out.pairs == [] and out.candidate_pairs == 0 and backend.calls == []
    jsonschema.validate(out.to_dict(), analysis_schema())


def test_possible_tier_and_unrelated_validate(fake_backend_cls, fake_extractor) -> None:
    claims = fake_extractor(ARTICLE)
    by_speaker = {c.speaker: c.text for c in claims}
    table = {  # between the bars: a possible contradiction
        (by_speaker["Harf"], by_speaker["Zarif"]): [0.05, 0.5, 0.45],
    }
    out = analyze_text(ARTICLE, fake_backend_cls(table), LEXICAL, extractor=fake_extractor)
    doc = out.to_dict()
    jsonschema.validate(doc, analysis_schema())
    tiers = {(p["a"], p["b"]): (p["verdict"], p["tier"]) for p in doc["pairs"]}
    assert tiers == {("c1", "c2"): ("unrelated", None), ("c2", "c3"): ("contradict", "possible")}
    unrelated = next(p for p in doc["pairs"] if p["verdict"] == "unrelated")
    unrelated["tier"] = "possible"  # an unrelated pair has no tier
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, analysis_schema())
