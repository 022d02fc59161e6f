"""The actor of ``stance analyze CORPUS -o OUT.jsonl --engine ray``: loads the parser and the
NLI model once, analyzes whole units of articles, writes each unit's shard.

A unit is ``--articles-per-batch`` consecutive rows of one file (``read.UnitSpec``), and one
call analyzes its articles with one ``stance.corpus.analyze_records`` call: one ``nlp.pipe``
parse and, for a batch-invariant backend (ONNX), one NLI call, exactly as the local engine
analyzes one batch. Each article gets the document it gets alone (``analyze_texts``'
promise), so the shard holds the very lines the local engine appends for those rows, and the
driver's concatenation of the shards in input order is the local engine's OUT, byte for byte.

The model is loaded through ``stance.api.prepare_analysis``, the local engine's path, with
``ModelSettings`` resolved on the driver (``corpus``): the same model folder, backend and
label map, and the parser and relevance embedder loaded beside it once per actor.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from stance.corpus import ArticleRecord, analyze_records, document
from stance.io.jsonl_out import encode_lines
from stance.ray_engine.read import decode_records
from stance.ray_engine.score import UnitWorker
from stance.ray_engine.shards import OutputDir, shard_name

if TYPE_CHECKING:
    from stance.model import ModelSettings
    from stance.settings import AnalyzeSettings

SHARD_FORMAT = "jsonl"  # OUT is JSONL: a shard is a run of OUT's lines


class ArticleCodec:
    """How a unit carries its articles: id, text and line (the file is the unit's), and for
    an HTML column (--text-html) the format and the page's metadata, which the document
    records. The text is the extracted one: the actors never see the markup."""

    def encode(self, record: ArticleRecord) -> list[Any]:
        values: list[Any] = [record.id, record.text, record.line]
        # A text article keeps its three values: the unit keys digest them, so the shards of
        # a job started before HTML columns existed still match on --resume.
        if record.source_format != "text":
            values += [record.source_format, record.html_metadata]
        return values

    def decode(self, values: list[Any], file: str) -> ArticleRecord:
        rid, text, line, *html = values
        source_format, metadata = html or ("text", {})
        return ArticleRecord(
            str(rid),
            str(text),
            file,
            int(line),
            str(source_format),
            {str(k): str(v) for k, v in dict(metadata).items()},
        )


ARTICLES = ArticleCodec()


def analyze_unit_docs(
    records: list[ArticleRecord], backend: Any, settings: AnalyzeSettings
) -> list[dict[str, Any]]:
    """The output lines of a unit's articles, in input order: the local engine's documents."""
    results = analyze_records(records, backend, settings)
    return [document(r, res) for r, res in zip(records, results, strict=True)]


class AnalyzeArticles(UnitWorker):
    """Ray Data callable class (one instance per actor): unit rows in, one result row each."""

    def __init__(self, model: ModelSettings, settings: AnalyzeSettings, out: OutputDir) -> None:
        from stance.api import prepare_analysis
        from stance.cli.common import quiet_libraries

        super().__init__()
        quiet_libraries()
        self.backend = prepare_analysis(model, settings)
        self.settings = settings
        self.out = out
        info = self.backend.info
        self.model_json = json.dumps(
            {**info.as_dict(), "backend": info.backend, **dict(info.extra)}, sort_keys=True
        )

    def analyze_unit(self, key: str, file: str, records_json: str) -> list[dict[str, Any]]:
        """Analyze one unit and write its shard (atomically); returns its documents."""
        records = decode_records(records_json, file, ARTICLES)
        docs = analyze_unit_docs(records, self.backend, self.settings)
        self.out.write(shard_name(key, SHARD_FORMAT), encode_lines(docs))
        return docs

    def process(self, key: str, file: str, records_json: str) -> dict[str, Any]:
        docs = self.analyze_unit(key, file, records_json)
        return {"rows": len(docs), "model": self.model_json}
