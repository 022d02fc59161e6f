"""scripts/learned_span_probe.py: the parts that turn spans into labels and probabilities back
into spans (the training itself is a probe, run by hand)."""

from __future__ import annotations

from conftest import load_script

probe = load_script("scripts/learned_span_probe.py")

TEXT = "The minister said the talks had failed badly today."
# one token per word, offsets as a tokenizer gives them
WORDS = TEXT.split(" ")
OFFSETS = []
_at = 0
for _w in WORDS:
    OFFSETS.append((_at, _at + len(_w)))
    _at += len(_w) + 1


def test_a_span_is_b_then_i_and_a_nested_span_begins_inside() -> None:
    talks = (TEXT.index("the talks"), TEXT.index("today") + len("today"))
    failed = (TEXT.index("failed"), TEXT.index("badly") + len("badly"))
    assert probe.token_labels(OFFSETS, [talks]) == [0, 0, 0, 1, 2, 2, 2, 2, 2]
    assert probe.token_labels(OFFSETS, [talks, failed]) == [0, 0, 0, 1, 2, 2, 1, 2, 2]


def test_windows_cover_every_token_and_end_at_the_last() -> None:
    assert probe.windows(5, 8, 4) == [(0, 5)]
    assert probe.windows(10, 4, 3) == [(0, 4), (3, 7), (6, 10)]
    covered = {k for s, e in probe.windows(23, 6, 4) for k in range(s, e)}
    assert covered == set(range(23))


def test_spans_are_decoded_from_probabilities() -> None:
    # "the talks had failed badly today." tagged, the rest not
    probs = [(0.0, 0.1)] * 3 + [(0.9, 0.05)] + [(0.05, 0.9)] * 5
    start = TEXT.index("the talks")
    assert probe.decode_spans(probs, OFFSETS, TEXT, (0.5, 0.5, 0.8, 3)) == [(start, len(TEXT))]
    # a confident begin inside the run starts a second span
    split = [*probs[:6], (0.8, 0.1), *probs[7:]]
    assert probe.decode_spans(split, OFFSETS, TEXT, (0.5, 0.5, 0.8, 2)) == [
        (start, TEXT.index(" failed")),
        (TEXT.index("failed"), len(TEXT)),
    ]
    # too unsure on average, or too short: nothing
    assert probe.decode_spans(probs, OFFSETS, TEXT, (0.5, 0.5, 0.96, 3)) == []
    assert probe.decode_spans(probs, OFFSETS, TEXT, (0.5, 0.5, 0.8, 7)) == []


def test_only_spans_no_rule_claim_touches_are_added() -> None:
    rules = [(0, 10)]
    assert probe.additions([(5, 20), (10, 20), (30, 40)], rules) == [(10, 20), (30, 40)]


def test_near_copies_share_a_fold() -> None:
    story = " ".join(f"word{i}" for i in range(60))
    texts = {
        "a.txt": story,
        "b.txt": story + " and a new ending here",
        "c.txt": " ".join(f"other{i}" for i in range(60)),
        "d.txt": " ".join(f"third{i}" for i in range(60)),
    }
    fold = probe.story_folds(texts, 3)
    assert fold["a.txt"] == fold["b.txt"]
    assert len({fold["a.txt"], fold["c.txt"], fold["d.txt"]}) == 3


def test_counts_score_the_rules_the_tagger_and_their_union() -> None:
    talks = (TEXT.index("the talks"), len(TEXT))
    row = {
        "text": TEXT,
        "gold": [{"speaker": "minister", "start": talks[0], "end": talks[1]}],
        "offsets": OFFSETS,
        # the tagger is sure of "the talks … today." only
        "probs": [(0.0, 0.0)] * 3 + [(0.9, 0.05)] + [(0.05, 0.9)] * 5,
        "rules": [(0, TEXT.index(" said"))],
    }
    thresholds = (0.5, 0.5, 0.8, 3)
    assert probe.counts([row], thresholds, "rules") == (0, 1, 1)
    assert probe.counts([row], thresholds, "tagger") == (1, 1, 1)
    assert probe.counts([row], thresholds, "union") == (1, 2, 1)
    assert probe.rates(1, 2, 1, thresholds=thresholds) == {
        "found": 1,
        "predicted": 2,
        "gold": 1,
        "recall": 1.0,
        "precision": 0.5,
        "thresholds": thresholds,
    }
