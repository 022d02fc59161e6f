"""Cross-party pairing and the relevance filter."""

from __future__ import annotations

import numpy as np
import pytest

from stance.claims import Claim
from stance.errors import StanceError
from stance.pair import (
    DEFAULT_MIN_RELEVANCE,
    PairingSettings,
    content_words,
    cross_party_indices,
    lexical_similarity,
    pair_claims,
)


def claim(cid: str, party: str, text: str, start: int, speaker: str = "") -> Claim:
    return Claim(cid, speaker or f"speaker-{cid}", party, "said", text, start, start + len(text))


class VectorEmbedder:
    """Returns a fixed vector per text and counts how often each text is embedded."""

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        self.vectors = vectors
        self.seen: list[str] = []

    def encode(self, texts, batch_size: int = 32) -> np.ndarray:
        self.seen.extend(texts)
        return np.asarray([self.vectors[t] for t in texts], dtype=np.float32)


def test_only_cross_party_pairs_in_article_order() -> None:
    claims = [
        claim("c3", "US", "third", 300),
        claim("c1", "Iran", "first", 10),
        claim("c2", "Iran", "second", 100),
        claim("c4", "", "no party", 400),
    ]
    pairs = [(claims[i].id, claims[j].id) for i, j in cross_party_indices(claims)]
    # Same-party pairs and claims without a party are never paired; a comes before b.
    assert pairs == [("c1", "c3"), ("c2", "c3")]


def test_one_party_gives_no_pairs() -> None:
    claims = [claim("c1", "Iran", "x", 0), claim("c2", "Iran", "y", 10)]
    result = pair_claims(claims, PairingSettings("lexical", 0.0))
    assert (result.pairs, result.dropped, result.candidates) == ([], 0, 0)


def test_filter_keeps_similar_and_counts_dropped() -> None:
    claims = [
        claim("a", "Iran", "we will not cooperate", 0),
        claim("b", "US", "we are not coordinating", 50),
        claim("c", "US", "the weather is fine", 100),
    ]
    embedder = VectorEmbedder(
        {
            "we will not cooperate": [1.0, 0.0],
            "we are not coordinating": [0.8, 0.6],  # cosine 0.8 with a
            "the weather is fine": [0.0, 2.0],  # cosine 0 with a; not unit length on purpose
        }
    )
    result = pair_claims(claims, PairingSettings("embedding", 0.5), embedder)
    assert [(p.a.id, p.b.id) for p in result.pairs] == [("a", "b")]
    assert result.pairs[0].relevance == pytest.approx(0.8)
    assert (result.dropped, result.candidates) == (1, 2)
    # Every claim is embedded exactly once, whatever the number of pairs.
    assert sorted(embedder.seen) == sorted(c.text for c in claims)


def test_threshold_is_inclusive_and_zero_keeps_orthogonal() -> None:
    claims = [claim("a", "X", "p", 0), claim("b", "Y", "q", 10)]
    embedder = VectorEmbedder({"p": [1.0, 0.0], "q": [0.6, 0.8]})
    assert len(pair_claims(claims, PairingSettings("embedding", 0.6), embedder).pairs) == 1
    assert len(pair_claims(claims, PairingSettings("embedding", 0.61), embedder).pairs) == 0


def test_content_words_drop_stop_words_and_stem() -> None:
    words = content_words("We will not be cooperating with the Americans on the U.S. coalition")
    assert "cooper" in words and "americ" in words and "coalit" in words
    assert not words & {"we", "will", "not", "the", "with", "on", "u", "s"}


def test_lexical_similarity() -> None:
    texts = [
        "Iran will not cooperate with the Americans against Islamic State.",
        "The United States is not cooperating with Iran against Islamic State.",
        "Paris weather was sunny and warm on Monday.",
        "",
    ]
    sim = lexical_similarity(texts)
    assert sim.shape == (4, 4)
    assert np.allclose(sim, sim.T)
    assert sim[0, 1] > 0.5 > sim[0, 2]
    assert sim[0, 2] == 0.0 and sim[3, 0] == 0.0
    claims = [claim(str(k), "AB"[k % 2], t, 100 * k) for k, t in enumerate(texts[:3])]
    result = pair_claims(claims, PairingSettings("lexical", DEFAULT_MIN_RELEVANCE["lexical"]))
    assert [(p.a.id, p.b.id) for p in result.pairs] == [("0", "1")]
    assert result.dropped == 1


def test_settings_from_config() -> None:
    assert PairingSettings.from_config(None) == PairingSettings(
        "embedding", DEFAULT_MIN_RELEVANCE["embedding"]
    )
    s = PairingSettings.from_config(
        {"relevance": "lexical", "min_relevance": {"embedding": 0.4, "lexical": 0.1}}
    )
    assert (s.relevance, s.min_relevance) == ("lexical", 0.1)
    s = PairingSettings.from_config({"relevance": "embedding"}, min_relevance=0.05)
    assert s.min_relevance == 0.05


@pytest.mark.parametrize(
    ("section", "override", "message"),
    [
        ({"relevance": "tfidf"}, None, "pairing.relevance"),
        ({"min_relevance": {"embedding": "high"}}, None, "not a number"),
        ({"min_relevance": 0.3}, None, "mapping"),
        (None, 2.0, "minimum relevance"),
    ],
)
def test_bad_pairing_config(section, override, message) -> None:
    with pytest.raises(StanceError, match=message):
        PairingSettings.from_config(section, override)


# The real sentence embedder: small (22M parameters) and installed, so tested for real.


@pytest.fixture(scope="module")
def embedder():
    from stance.embed import get_embedder

    return get_embedder()


def test_embedder_matches_sentence_transformers(embedder) -> None:
    st = pytest.importorskip("sentence_transformers")
    texts = ["Iran will not cooperate with the Americans.", "It rained in Paris."]
    ours = embedder.encode(texts)
    model = st.SentenceTransformer(str(embedder.path), device="cpu")
    theirs = model.encode(texts, normalize_embeddings=True)
    assert np.allclose(ours, theirs, atol=1e-5)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_embedding_filter_drops_off_topic_pair(embedder) -> None:
    claims = [
        claim("iran", "Iran", "We will not cooperate with the Americans on Islamic State.", 0),
        claim("us", "US", "We are not and will not coordinate militarily with Iran.", 100),
        claim("off", "US", "The bakery on Main Street sells bread at dawn.", 200),
    ]
    result = pair_claims(claims, PairingSettings.from_config(None), embedder)
    assert [(p.a.id, p.b.id) for p in result.pairs] == [("iran", "us")]
    assert result.dropped == 1


class _Same:
    """Every claim the same vector: all pairs are equally relevant (similarity 1)."""

    def encode(self, texts, batch_size: int = 32):
        return np.ones((len(texts), 4), dtype=np.float32)


def test_partner_cap_keeps_pairs_linear_in_the_claims() -> None:
    # 30 claims of party A, 30 of party B: 900 relevant cross-party pairs
    claims = [claim(f"a{i}", "A", f"a {i}", 10 * i) for i in range(30)]
    claims += [claim(f"b{i}", "B", f"b {i}", 1000 + 10 * i) for i in range(30)]
    uncapped = pair_claims(claims, PairingSettings(max_partners=None), _Same())
    assert len(uncapped.pairs) == 900 and uncapped.capped == 0
    capped = pair_claims(claims, PairingSettings(max_partners=5), _Same())
    assert len(capped.pairs) <= 5 * len(claims)
    assert capped.capped == 900 - len(capped.pairs)
    assert capped.candidates == 900 and capped.dropped == 0
    # every claim keeps its share: at least min(5, its partners) of its pairs survive
    for c in claims:
        assert sum(c.id in (p.a.id, p.b.id) for p in capped.pairs) >= 5


def test_partner_cap_takes_the_most_relevant() -> None:
    claims = [claim("a0", "A", "a0", 0), claim("a1", "A", "a1", 10)] + [
        claim(f"b{i}", "B", f"b{i}", 100 + 10 * i) for i in range(3)
    ]
    vectors = {"a0": [1, 0], "a1": [0, 1], "b0": [1, 0.1], "b1": [0.1, 1], "b2": [0.7, 0.7]}
    out = pair_claims(
        claims, PairingSettings(min_relevance=0.0, max_partners=1), VectorEmbedder(vectors)
    )
    # each claim's single best partner; b2 is as close to a0 as to a1: the earlier one
    assert {(p.a.id, p.b.id) for p in out.pairs} == {("a0", "b0"), ("a1", "b1"), ("a0", "b2")}
    assert out.capped == 3 and out.dropped == 0


@pytest.mark.parametrize("cap", [0, -1, "ten", 2.5, True])
def test_bad_partner_cap(cap) -> None:
    with pytest.raises(StanceError, match="max_partners"):
        PairingSettings.from_config({"max_partners": cap})


def test_partner_cap_from_config() -> None:
    assert PairingSettings.from_config({}).max_partners == 10
    assert PairingSettings.from_config({"max_partners": None}).max_partners is None
    assert PairingSettings.from_config({"max_partners": 3}).max_partners == 3
