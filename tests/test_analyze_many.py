"""Articles analyzed together (one nlp.pipe run, one NLI call) give each article the result it
gets alone: the seed and the ten FNC-1 train bodies of seeds/news_dev, with the embedded model."""

from __future__ import annotations

from pathlib import Path

import pytest

from stance.analyze import AnalysisResult, NoClaimsError, analyze_text, analyze_texts
from stance.extract import extract_claims, parse_articles
from stance.extract.parse import PIECE_CHARS, parse, parse_many
from stance.settings import AnalyzeSettings, default_settings

REPO = Path(__file__).resolve().parents[1]
# Ten FNC-1 train bodies, named so that articles added to news_dev later do not change the test.
BODIES = ["0273", "0757", "0871", "0944", "0983", "1293", "1880", "2217", "2321", "2463"]
ARTICLES = [
    REPO / "seeds" / "000_4a66804ddd20a484.txt",
    *(REPO / "seeds" / "news_dev" / f"fnc1_{b}.txt" for b in BODIES),
]


def texts() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in ARTICLES]


def test_the_articles_are_there() -> None:
    assert len(ARTICLES) == 11


def _tokens(doc) -> list[tuple]:
    return [(t.idx, t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in doc]


def test_parse_many_gives_each_text_its_own_parse() -> None:
    items = [text for _, text in texts()[:4]]
    # One text over the piece size takes parse()'s piecewise path inside parse_many.
    long_text = "\n\n".join([items[0]] * (PIECE_CHARS // len(items[0]) + 1))
    assert len(long_text) > PIECE_CHARS
    items.append(long_text)
    docs = parse_many(items)
    assert [d.text for d in docs] == items
    for text, doc in zip(items, docs, strict=True):
        assert _tokens(doc) == _tokens(parse(text))


def test_claims_from_a_shared_parse_equal_claims_alone() -> None:
    config = default_settings().to_dict()
    articles = texts()
    docs = parse_articles([text for _, text in articles], config)
    for (name, text), doc in zip(articles, docs, strict=True):
        assert extract_claims(text, config, doc=doc) == extract_claims(text, config), name


def test_a_parse_of_another_text_is_refused() -> None:
    config = default_settings().to_dict()
    doc = parse_articles(["Ann said it rained."], config)[0]
    with pytest.raises(Exception, match="not this article's"):
        extract_claims("Bob said it snowed.", config, doc=doc)


def _shipped(name: str) -> bool:
    from stance.infer.models import MODELS, resolve_model_ref

    return name in MODELS and (Path(str(resolve_model_ref(name))) / "config.json").is_file()


# (model, backend, articles): three articles with MiniLM's int8 file, and all of them in the slow
# run; the seed and one body with the default MPNet's (its int8 file computes each row alone
# too, and is 6.7x slower), in the slow run; torch falls back to one NLI call per article
# whatever the model, so two articles show that path.
CASES = [
    ("minilm", "onnx", 3),
    pytest.param("minilm", "onnx", 11, marks=pytest.mark.slow),
    pytest.param("mpnet", "onnx", 2, marks=pytest.mark.slow),
    ("minilm", "torch", 2),
]


@pytest.mark.integration
@pytest.mark.parametrize(("model", "backend", "n_articles"), CASES)
def test_analyzed_together_equals_each_alone(model: str, backend: str, n_articles: int) -> None:
    from stance.api import prepare_analysis
    from stance.model import ModelSettings

    if not _shipped(model):
        pytest.skip(f"the {model} model is not in models/")
    settings: AnalyzeSettings = default_settings()
    loaded = prepare_analysis(ModelSettings(model, backend=backend), settings)
    chosen = texts()[:n_articles]
    articles = [*chosen, ("calm", "The market closed early on Tuesday.")]
    together = analyze_texts(articles, loaded, settings)
    assert isinstance(together[-1], NoClaimsError)
    for (name, text), result in zip(articles[:-1], together, strict=False):
        assert isinstance(result, AnalysisResult)
        alone = analyze_text(text, loaded, settings, name=name)
        assert result.to_dict() == alone.to_dict(), name
        # Not only the rounded JSON: the very probabilities.
        assert [(p.ab, p.ba) for p in result.pairs] == [(p.ab, p.ba) for p in alone.pairs], name
    assert loaded.info.batch_invariant == (backend == "onnx")
