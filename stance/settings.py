"""The settings of `stance analyze` as typed objects: configs/analyze.yaml, one class per section.

``AnalyzeSettings.load()`` reads the project defaults (configs/analyze.yaml), then a user file
merged over them key by key, which is what ``stance analyze --config FILE`` does::

    >>> from stance import AnalyzeSettings
    >>> settings = AnalyzeSettings.load()
    >>> settings.verdict.contradiction, settings.pairing.relevance, settings.judging.max_sentences
    (None, 'embedding', 1)
    >>> import dataclasses
    >>> stricter = dataclasses.replace(
    ...     settings, verdict=dataclasses.replace(settings.verdict, contradiction=0.95))
    >>> stricter.to_dict()["verdict"]["contradiction"]
    0.95

The verdict thresholds are None unless the config sets them: None means "the model's own", the
verdict.json in the model's folder (else the built-in defaults), resolved when the model is
known (``stance.infer.verdict_file.thresholds_for``).

Every value is checked when the settings are built, with the one-line message the CLI prints.
The defaults of these classes are the values of configs/analyze.yaml (a test keeps them equal),
so ``AnalyzeSettings()`` and ``AnalyzeSettings.load()`` agree.

Keys these classes do not know are kept and passed on (``to_dict``), as the dict-based pipeline
always did; ``to_dict`` is the config mapping the claim extractor reads.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from stance.aggregate import Thresholds, VerdictConfig
from stance.config import (
    DEFAULT_ANALYZE_CONFIG,
    config_section,
    load_analyze_config,
    merge_config,
    read_yaml_mapping,
    string_map,
)
from stance.errors import StanceError
from stance.judge import max_sentences_from_config
from stance.pair import PairingSettings

__all__ = [
    "AnalyzeSettings",
    "ExtractSettings",
    "JudgingSettings",
    "PairingSettings",
    "PartySettings",
    "SpeakerSettings",
    "Thresholds",
    "VerdictConfig",
]


@dataclass(frozen=True)
class ExtractSettings:
    """``extract:``: how attributed claims are found (stance/extract)."""

    min_quote_words: int = 4  # shorter unattributed quotes are fragments, never claims
    max_speaker_words: int = 8
    min_claim_words: int = 3
    attach_quote_paragraphs: bool = True
    parser: bool = True  # False: patterns alone, no spaCy parser loaded
    tagger: str | None = None  # a learned statement tagger's folder (stance/tagger), or none
    extra_speech_lemmas: tuple[str, ...] = ()
    extra_stance_lemmas: tuple[str, ...] = ()
    extra_speech_verbs: tuple[str, ...] = ()
    extra_stance_verbs: tuple[str, ...] = ()
    extra_view_as_verbs: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> ExtractSettings:
        values: dict[str, Any] = {}
        for key in ("min_quote_words", "max_speaker_words", "min_claim_words"):
            if key in section:
                value = section[key]
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise StanceError(
                        f"config: field 'extract.{key}' must be a non-negative integer"
                    )
                values[key] = value
        for key in ("attach_quote_paragraphs", "parser"):
            if key in section:
                if not isinstance(section[key], bool):
                    raise StanceError(f"config: field 'extract.{key}' must be true/false")
                values[key] = section[key]
        tagger = section.get("tagger", False)
        if tagger is not False and tagger is not None:
            if not isinstance(tagger, str) or not tagger:
                raise StanceError("config: field 'extract.tagger' must be a folder or false")
            values["tagger"] = tagger
        for key in _LIST_KEYS["extract"]:
            values[key] = _word_list(section, "extract", key)
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        return _as_dict(asdict(self))


@dataclass(frozen=True)
class SpeakerSettings:
    """``speakers:``: aliases and the words that make up a speaker's name."""

    aliases: Mapping[str, str] = field(default_factory=dict)  # mention -> canonical speaker
    extra_titles: tuple[str, ...] = ()
    extra_speaker_nouns: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> SpeakerSettings:
        return cls(
            aliases=string_map(section, "speakers", "aliases"),
            **{key: _word_list(section, "speakers", key) for key in _LIST_KEYS["speakers"]},
        )

    def as_dict(self) -> dict[str, Any]:
        return _as_dict(asdict(self))


@dataclass(frozen=True)
class PartySettings:
    """``parties:``: hints that fix a speaker's side, label renames, extra countries."""

    hints: Mapping[str, str] = field(default_factory=dict)  # speaker -> party
    labels: Mapping[str, str] = field(default_factory=dict)  # party label -> shown label
    countries: tuple[Mapping[str, Any], ...] = ()  # same fields as lexicon.yaml `countries`

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> PartySettings:
        return cls(
            hints=string_map(section, "parties", "hints"),
            labels=string_map(section, "parties", "labels"),
            countries=_word_list(section, "parties", "countries"),
        )

    def as_dict(self) -> dict[str, Any]:
        return _as_dict(asdict(self))


@dataclass(frozen=True)
class JudgingSettings:
    """``judging:``: 1 judges whole claims; up to N also their sentence pairs (stance/judge.py)."""

    max_sentences: int = 1

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> JudgingSettings:
        return cls(max_sentences_from_config({"max_sentences": cls.max_sentences, **section}))

    def as_dict(self) -> dict[str, Any]:
        return {"max_sentences": self.max_sentences}


@dataclass(frozen=True)
class AnalyzeSettings:
    """Everything `stance analyze` reads from its config, one typed object per section.

    Build it with ``load`` (project defaults, then a user file: the CLI's ``--config``),
    ``from_yaml`` (one file over the built-in defaults) or ``from_dict``.
    """

    extract: ExtractSettings = field(default_factory=ExtractSettings)
    speakers: SpeakerSettings = field(default_factory=SpeakerSettings)
    parties: PartySettings = field(default_factory=PartySettings)
    pairing: PairingSettings = field(default_factory=PairingSettings)
    judging: JudgingSettings = field(default_factory=JudgingSettings)
    verdict: VerdictConfig = field(default_factory=VerdictConfig)  # None: the model's own
    # The mapping these were read from: keys no section knows travel on to the extractor.
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(
        cls, path: str | Path | None = None, *, min_relevance: float | None = None
    ) -> AnalyzeSettings:
        """configs/analyze.yaml with the user file at ``path`` merged over it.

        ``min_relevance`` overrides the relevance threshold of the method in use (the CLI's
        ``--min-relevance``). A bad value raises StanceError naming the file.
        """
        config = load_analyze_config(path)
        return cls.from_dict(
            config, source=path or DEFAULT_ANALYZE_CONFIG, min_relevance=min_relevance
        )

    @classmethod
    def from_yaml(cls, path: str | Path) -> AnalyzeSettings:
        """The settings of one YAML file alone; what it leaves out takes the class defaults."""
        return cls.from_dict(read_yaml_mapping(Path(path)), source=path)

    @classmethod
    def from_dict(
        cls,
        config: Mapping[str, Any],
        *,
        source: str | Path | None = None,
        min_relevance: float | None = None,
    ) -> AnalyzeSettings:
        """Settings from a config mapping (a parsed analyze.yaml); missing keys: defaults.

        Errors in ``pairing``, ``judging`` and ``verdict`` name ``source`` when it is given;
        those in the extractor's sections read as the extractor has always written them.
        """
        try:
            pairing = PairingSettings.from_config(config_section(config, "pairing"), min_relevance)
            judging = JudgingSettings.from_config(config_section(config, "judging"))
            verdict = VerdictConfig.from_config(config_section(config, "verdict"))
        except StanceError as exc:
            if source is None:
                raise
            raise StanceError(f"{source}: {exc}") from None
        return cls(
            extract=ExtractSettings.from_config(config_section(config, "extract")),
            speakers=SpeakerSettings.from_config(config_section(config, "speakers")),
            parties=PartySettings.from_config(config_section(config, "parties")),
            pairing=pairing,
            judging=judging,
            verdict=verdict,
            raw=dict(config),
        )

    def with_party_hints(self, hints: Mapping[str, str]) -> AnalyzeSettings:
        """These settings with more party hints (speaker -> party), winning over the config's:
        the CLI's ``--party``."""
        if not hints:
            return self
        merged = {**self.parties.hints, **hints}
        return replace(self, parties=replace(self.parties, hints=merged))

    def to_dict(self) -> dict[str, Any]:
        """The config mapping of these settings, in configs/analyze.yaml's layout."""
        pairing = self.pairing
        typed: dict[str, Any] = {
            "extract": self.extract.as_dict(),
            "speakers": self.speakers.as_dict(),
            "parties": self.parties.as_dict(),
            "pairing": {
                "relevance": pairing.relevance,
                "min_relevance": {pairing.relevance: pairing.min_relevance},
                "max_partners": pairing.max_partners,
            },
            "judging": self.judging.as_dict(),
            "verdict": self.verdict.as_dict(),
        }
        # Over the raw mapping, so keys of the other relevance method and unknown keys stay.
        return merge_config(self.raw, typed)


# The config lists the extractor adds to its lexicon (stance/extract/lexicon.py).
_LIST_KEYS = {
    "extract": (
        "extra_speech_lemmas",
        "extra_stance_lemmas",
        "extra_speech_verbs",
        "extra_stance_verbs",
        "extra_view_as_verbs",
    ),
    "speakers": ("extra_titles", "extra_speaker_nouns"),
}


def _word_list(section: Mapping[str, Any], name: str, key: str) -> tuple[Any, ...]:
    value = section.get(key) or []
    if not isinstance(value, list | tuple):
        raise StanceError(f"config: field '{name}.{key}' must be a list")
    return tuple(value)


def _as_dict(values: dict[str, Any]) -> dict[str, Any]:
    # Lists and plain dicts, as YAML gives them: the extractor checks for `list`.
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, tuple):
            value = [dict(v) if isinstance(v, Mapping) else v for v in value]
        elif isinstance(value, Mapping):
            value = dict(value)
        out[name] = value
    return out


@functools.cache
def default_settings() -> AnalyzeSettings:
    """``AnalyzeSettings.load()``, read once per process (for ``Model.judge``'s default)."""
    return AnalyzeSettings.load()
