"""A learned statement tagger beside the attribution rules, off unless the config names one.

A token classifier (all-MiniLM-L6-v2 fine-tuned on ``seeds/news_dev`` by
``scripts/train_span_tagger.py``) marks, per token, whether it is in an attributed statement
(B/I/O) and whether it is in the mention of a statement's speaker (B/I/O). When
``extract.tagger`` names its folder, ``extract_claims`` runs it on the body sentences the rules
left without a claim that still have a quotation mark or a reporting verb, and adds a statement
it finds there when a speaker mention is tagged beside it; the mention then goes through the
same speaker resolution and party grouping as the rules' own. None ships: held out on news dev
it found 0.9 points more statements and lost 0.3 of speaker accuracy (docs/analyze.md).

- ``spans``: the pure parts: labels for training, windows, decoding, linking, the gate.
- ``runtime``: the tagger interface and the tokenising around any logits function.
- ``onnx_tagger``: a tagger folder at run time; ``export``: writing one.
"""
