"""Attribution on the seed article, measured against the hand-labelled claim set.

Matching rule (stance.extract.scoring): a predicted claim matches a gold claim when the speakers
are the same (normalised; a surname matches the full name) and the predicted span covers at least
50% of the gold span; one-to-one, greedy by overlap. The same is reported by party.
Targets from the issue: precision >= 0.9 and recall >= 0.9.

Run: pytest -q tests/test_seed_attribution.py -s   (prints the figures)
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from stance.claims import Claim
from stance.config import load_analyze_config
from stance.extract import extract_claims
from stance.extract.scoring import score_attribution
from stance.text import clean

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_4a66804ddd20a484.txt"
GOLD = ROOT / "seeds" / "000_4a66804ddd20a484.claims.json"
SHARED_SEED = ROOT.parent / "shared" / "seeds" / SEED.name
VERDICTS = {"contradict", "agree", "unrelated"}


@pytest.fixture(scope="module")
def article() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def predicted(article: str) -> list[Claim]:
    return extract_claims(article, load_analyze_config())


# --------------------------------------------------------------------------- the gold set itself


def test_seed_is_the_shared_article(article: str) -> None:
    if not SHARED_SEED.is_file():
        pytest.skip("no ../shared checkout next to the repository")
    assert article == SHARED_SEED.read_text(encoding="utf-8")


def test_gold_set_is_consistent(article: str, gold: dict) -> None:
    ids = [c["id"] for c in gold["claims"]]
    assert len(ids) == len(set(ids))
    for c in gold["claims"] + gold["non_claims"]:
        assert article[c["start"] : c["end"]] == c["text"], c
    by_id = {c["id"]: c for c in gold["claims"]}
    for c in gold["claims"]:
        assert c["speaker"] in gold["parties"][c["party"]]
    assert gold["pairs"]
    for p in gold["pairs"]:
        a, b = by_id[p["a"]], by_id[p["b"]]
        assert a["party"] != b["party"], p  # pairs are cross-party only
        assert p["verdict"] in VERDICTS
        assert p["reason"].strip()
    assert {p["verdict"] for p in gold["pairs"]} == VERDICTS


# --------------------------------------------------------------------------- precision / recall


def test_attribution_precision_and_recall(predicted: list[Claim], gold: dict) -> None:
    result = score_attribution(predicted, gold["claims"])
    by_party = score_attribution(predicted, gold["claims"], by="party")
    print(
        f"\nseed attribution: P={result['precision']:.3f} R={result['recall']:.3f} "
        f"F1={result['f1']:.3f} (tp={result['tp']} pred={result['n_pred']} "
        f"gold={result['n_gold']}); by party P={by_party['precision']:.3f} "
        f"R={by_party['recall']:.3f}"
    )
    missed = [gold["claims"][j]["id"] for j in result["missed"]]
    spurious = [(predicted[i].speaker, predicted[i].text[:60]) for i in result["spurious"]]
    assert result["recall"] >= 0.9, f"missed {missed}"
    assert result["precision"] >= 0.9, f"spurious {spurious}"
    assert by_party["recall"] >= 0.9 and by_party["precision"] >= 0.9


def test_claims_carry_offsets_into_the_original(article: str, predicted: list[Claim]) -> None:
    assert predicted
    for c in predicted:
        assert " ".join(c.text.split()) == " ".join(article[c.start : c.end].split())
    assert [c.start for c in predicted] == sorted(c.start for c in predicted)
    assert len({c.id for c in predicted}) == len(predicted)


# --------------------------------------------------------------------------- patterns on the seed


def _claim_with(predicted: list[Claim], fragment: str) -> Claim:
    found = [c for c in predicted if fragment in c.text]
    assert len(found) == 1, (fragment, [c.text[:50] for c in found])
    return found[0]


@pytest.mark.parametrize(
    ("fragment", "speaker", "cue"),
    [
        # direct quote, said after / inverted "said Iran’s supreme leader"
        ("hands are not clean", "Ali Khamenei", "said"),
        ("from the very beginning", "Ali Khamenei", "said"),
        # indirect speech with said / says
        ("the issue of countering the Islamic State", "Marie Harf", "said"),
        ("it is not coordinating military efforts", "United States", "says"),
        ("the U.S. ambassador in Baghdad", "Ali Khamenei", "said"),
        # trailing attribution
        ("Iran has rejected direct overtures", "Ali Khamenei", "said"),
        ("conveyed “personally” from Kerry", "Ali Khamenei", "said"),
        # according to
        ("Iran also rebuffed a request", "Ali Khamenei", "according to"),
        # verbs beyond say
        ("any role for Iran", "White House", "ruled out"),
        ("participation in the coalition", "Obama administration", "ruled out"),
        ("bolster Washington’s military presence", "Iranian officials", "viewed … as"),
        ("a pretext for a hidden agenda", "Iranian authorities", "fear"),
        ("abetting the rise of Islamic State", "Iranian commentators", "blame"),
        ("supported only Syrian rebels", "Washington", "says"),
        ("any responsibility for contributing", "Washington", "rejects"),
        ("would not be appropriate", "John F. Kerry", "said"),
    ],
)
def test_seed_patterns(predicted: list[Claim], fragment: str, speaker: str, cue: str) -> None:
    c = _claim_with(predicted, fragment)
    assert (c.speaker, c.cue) == (speaker, cue)


def test_split_quotes_are_one_claim(predicted: list[Claim]) -> None:
    harf = _claim_with(predicted, "ISIL presents a serious threat")
    assert harf.text.endswith("will not coordinate militarily.")
    khamenei = _claim_with(predicted, "I opposed (the U.S. request)")
    assert khamenei.text.endswith("under such circumstances?")
    inverted = _claim_with(predicted, "from the very beginning")
    assert inverted.text.endswith("coalition is nonsense.")


def test_speaker_variants_resolve(predicted: list[Claim]) -> None:
    mentions = {c.mention: c.speaker for c in predicted}
    assert mentions["Supreme Leader Ayatollah Ali Khamenei"] == "Ali Khamenei"
    assert mentions["Khamenei"] == "Ali Khamenei"
    assert mentions["Iran’s supreme leader"] == "Ali Khamenei"
    assert mentions["A U.S. State Department spokeswoman, Marie Harf"] == "Marie Harf"
    assert mentions["Harf"] == "Marie Harf"


def test_two_parties(predicted: list[Claim], gold: dict) -> None:
    parties: dict[str, set[str]] = {}
    for c in predicted:
        parties.setdefault(c.party, set()).add(c.speaker)
    assert parties == {p: set(speakers) for p, speakers in gold["parties"].items()}


def test_narration_and_boilerplate_are_not_claims(
    article: str, predicted: list[Claim], gold: dict
) -> None:
    # no claim is mostly made of a labelled non-claim (narration, citation, background clause)
    for nc in gold["non_claims"]:
        for c in predicted:
            overlap = min(c.end, nc["end"]) - max(c.start, nc["start"])
            assert overlap < 0.5 * (c.end - c.start), (nc["text"], c.text)
    for block in clean(article).boilerplate():
        for c in predicted:
            assert c.end <= block.start or c.start >= block.end, (block.kind, c.text)
    assert not any(c.speaker == "Press TV" for c in predicted)


# --------------------------------------------------------------------------- general rules only


def test_no_seed_specific_rules_in_the_package() -> None:
    """The seed must come out right from general rules: no seed names in stance/."""
    names = re.compile(r"Khamenei|Harf\b|Kerry|Mostaghim|Zarif|Press TV|P5\+1", re.IGNORECASE)
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "stance").rglob("*")
        if path.suffix in {".py", ".yaml", ".yml", ".json"}
        and names.search(path.read_text("utf-8"))
    ]
    assert offenders == []
    # nor in the default extraction config: the seed needs no aliases or party hints
    config = load_analyze_config()
    sections = {k: config.get(k) for k in ("extract", "speakers", "parties")}
    assert not names.search(json.dumps(sections, ensure_ascii=False))


def test_extraction_is_fast(article: str) -> None:
    config = load_analyze_config()
    extract_claims(article, config)  # warm the lexicon cache
    t0 = time.perf_counter()
    for _ in range(5):
        extract_claims(article, config)
    assert (time.perf_counter() - t0) / 5 < 0.5
