"""Readers for the labeled NLI and stance sets, one per public format.

Each reader yields records ``{"id", "premise", "hypothesis", "label", "group"}`` with the set's
*own* label string; ``group`` keeps related rows (one claim's evidence, one premise's
hypotheses) on the same side of a dev split. Mapping to NLI labels is done by label maps in
``configs/label_maps/``, so a reader also reads the set's official test split unchanged.
"""

from __future__ import annotations

import ast
import csv
import gzip
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from stance.errors import StanceError

Record = dict[str, str]

csv.field_size_limit(1 << 28)


def _open_text(path: Path):
    try:
        if path.suffix == ".gz":
            return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
        # utf-8-sig: some TSVs (ConjNLI) open with a byte-order mark before the first header.
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise StanceError(f"{path}: cannot open: {exc.strerror or exc}") from exc


def _rec(rid: str, premise: str, hypothesis: str, label: str, group: str | None = None) -> Record:
    return {
        "id": str(rid),
        "premise": " ".join(premise.split()),
        "hypothesis": " ".join(hypothesis.split()),
        "label": label.strip(),
        "group": str(group if group is not None else rid),
    }


_PREMISE_COLUMNS = ("premise", "sentence1", "prem", "Premise")
_HYPOTHESIS_COLUMNS = ("hypothesis", "sentence2", "hyp", "Hypothesis")
_LABEL_COLUMNS = ("label", "gold_label", "Label")


def _column(row: dict[str, str], names: tuple[str, ...], path: Path, n: int, field: str) -> str:
    for name in names:
        if name in row and row[name] is not None:
            return row[name]
    raise StanceError(f"{path}:{n}: no {field} column (looked for {', '.join(names)})")


def _tsv_pairs(path: Path, id_columns: tuple[str, ...]) -> Iterator[tuple[Record, dict]]:
    """Each row of a premise/hypothesis/label TSV as a record (grouped by premise), with the
    raw row for set-specific columns; the id is the first of ``id_columns`` present, else the
    line number."""
    with _open_text(path) as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for n, row in enumerate(reader, start=2):
            label = _column(row, _LABEL_COLUMNS, path, n, "label").strip()
            rid = next((row[c] for c in id_columns if row.get(c)), str(n))
            premise = _column(row, _PREMISE_COLUMNS, path, n, "premise")
            yield (
                _rec(
                    rid,
                    premise,
                    _column(row, _HYPOTHESIS_COLUMNS, path, n, "hypothesis"),
                    label,
                    group=premise,
                ),
                row,
            )


def read_snli_tsv(path: Path) -> Iterator[Record]:
    """SNLI/MNLI-style TSV: premise/sentence1/prem, hypothesis/sentence2/hyp and label or
    gold_label columns (SNLI, MNLI, CAD-NLI, ConjNLI, MED)."""
    for rec, _ in _tsv_pairs(path, ("index", "pairID")):
        if rec["label"] not in ("", "-"):
            yield rec


# TaxiNLI's reasoning categories: one 0/1 column each.
TAXINLI_CATEGORIES = (
    "lexical_linguistic",
    "syntactic_linguistic",
    "factivity_linguistic",
    "negation_logic",
    "boolean_logic",
    "quantifier_logic",
    "conditional_logic",
    "comparative_logic",
    "relational_reasoning",
    "spatial_reasoning",
    "temporal_reasoning",
    "causal_reasoning",
    "coreference_reasoning",
    "world_knowledge",
    "taxonomic_knowledge",
)


def read_taxinli(path: Path) -> Iterator[Record]:
    """TaxiNLI: MNLI train pairs (prem, hyp, label) with a 0/1 column per reasoning category;
    the categories present go to ``tags`` (comma-separated)."""
    for rec, row in _tsv_pairs(path, ("pairID",)):
        rec["tags"] = ",".join(c for c in TAXINLI_CATEGORIES if row.get(c, "0").strip() == "1")
        yield rec


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict]]:
    with _open_text(path) as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise StanceError(f"{path}:{n}: invalid JSON: {exc.msg}") from exc
            if not isinstance(row, dict):
                raise StanceError(f"{path}:{n}: expected a JSON object")
            yield n, row


def read_curriculum(path: Path) -> Iterator[Record]:
    """A Curriculum-benchmark task file (JSONL, gzipped): premise, hypothesis, gold_label."""
    for n, row in _jsonl_rows(path):
        for key in ("premise", "hypothesis", "gold_label"):
            if not isinstance(row.get(key), str):
                raise StanceError(f"{path}:{n}: field {key!r} missing or not a string")
        rid = row.get("uid") or row.get("idx") or n
        yield _rec(
            str(rid), row["premise"], row["hypothesis"], row["gold_label"], group=row["premise"]
        )


# LingNLI's 15 per-round train files (3 protocols x 5 rounds). The repository's
# ``*_combined.jsonl`` files are cumulative copies of the same rows and are never read.
LINGNLI_PROTOCOLS = ("baseline", "LotS", "LitL")
LINGNLI_ROUNDS = (1, 2, 3, 4, 5)


def read_lingnli(path: Path) -> Iterator[Record]:
    """LingNLI (Parrish et al. 2021): the 15 per-round train files under the folder (or one
    file), JSONL with premise, hypothesis, label, pairID and promptID. Rows are grouped by
    ``promptID`` (MultiNLI's premise id), so a premise and all its hypotheses fall on one side
    of a dev split; ``tags`` is the protocol and round."""
    if path.is_dir():
        files = [
            path / f"train_round{r}_{p}.jsonl.gz" for p in LINGNLI_PROTOCOLS for r in LINGNLI_ROUNDS
        ]
        missing = [f.name for f in files if not f.exists()]
        if missing:
            raise StanceError(f"{path}: LingNLI files missing: {', '.join(missing)}")
    else:
        files = [path]
    for file in files:
        if "combined" in file.name:
            raise StanceError(f"{file}: a cumulative LingNLI file; read the per-round files")
        for n, row in _jsonl_rows(file):
            for key in ("premise", "hypothesis", "label"):
                if not isinstance(row.get(key), str):
                    raise StanceError(f"{file}:{n}: field {key!r} missing or not a string")
            if row.get("promptID") is None:
                raise StanceError(f"{file}:{n}: field 'promptID' missing")
            rec = _rec(
                str(row.get("pairID") or f"{file.stem}:{n}"),
                row["premise"],
                row["hypothesis"],
                row["label"],
                group=str(row["promptID"]),
            )
            rec["tags"] = file.name.split(".")[0].removeprefix("train_")  # round1_LitL
            yield rec


def read_imppres(path: Path) -> Iterator[Record]:
    """IMPPRES: every JSONL file under the folder. Implicature items carry a logical and a
    pragmatic label; the pragmatic one is used ("some" -> "not all"), as a reader of news
    reads. ``tags`` holds the file stem (the trigger)."""
    files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
    for file in files:
        for n, row in _jsonl_rows(file):
            label = row.get("gold_label") or row.get("gold_label_prag") or ""
            rec = _rec(
                f"{file.stem}:{n}",
                str(row.get("sentence1", "")),
                str(row.get("sentence2", "")),
                str(label),
                group=f"{file.stem}:{row.get('paradigmID', n)}",
            )
            rec["tags"] = file.stem
            yield rec


def read_hans_contradicting(path: Path) -> Iterator[Record]:
    """Headerless premise<TAB>hypothesis<TAB>label."""
    with _open_text(path) as fh:
        for n, line in enumerate(fh, start=1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                continue
            yield _rec(str(n), parts[0], parts[1], parts[2])


def read_sick(path: Path, splits: Iterable[str] | None = None) -> Iterator[Record]:
    """SICK.txt; ``splits`` picks SemEval_set values (TRAIN, TRIAL, TEST)."""
    wanted = {s.upper() for s in splits} if splits else None
    with _open_text(path) as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if wanted and row["SemEval_set"].upper() not in wanted:
                continue
            yield _rec(
                row["pair_ID"],
                row["sentence_A"],
                row["sentence_B"],
                row["entailment_label"],
                group=row["sentence_A"],
            )


def read_anli_jsonl(path: Path) -> Iterator[Record]:
    """ANLI (context/hypothesis/label e|n|c) and ConTRoL (premise/hypothesis/label, or
    gold_label in the Curriculum copy of its train split) JSONL, plain or gzipped."""
    for n, row in _jsonl_rows(path):
        premise = row.get("context") or row.get("premise") or ""
        label = row.get("label") or row.get("gold_label")
        if not isinstance(label, str) or not isinstance(row.get("hypothesis"), str):
            raise StanceError(f"{path}:{n}: field 'hypothesis' or 'label' missing")
        yield _rec(row.get("uid", str(n)), premise, row["hypothesis"], label, group=premise)


def read_rte3_3way(path: Path, splits: Iterable[str] | None = None) -> Iterator[Record]:
    """The derived RTE3 3-way TSV (label_3way_from_rte3fr)."""
    wanted = set(splits) if splits else None
    with _open_text(path) as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if wanted and row["split"] not in wanted:
                continue
            # Same ids as rte3_dev.xml, so both readers put a pair on the same side of a split.
            yield _rec(row["id"], row["premise"], row["hypothesis"], row["label_3way_from_rte3fr"])


def read_rte_xml(path: Path) -> Iterator[Record]:
    """PASCAL RTE XML: <pair id value|entailment><t/><h/></pair>; labels TRUE/FALSE or YES/NO."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise StanceError(f"{path}: cannot parse RTE XML: {exc}") from exc
    for pair in root.iter("pair"):
        label = pair.get("value") or pair.get("entailment") or ""
        yield _rec(pair.get("id", ""), pair.findtext("t", ""), pair.findtext("h", ""), label)


def read_healthver(path: Path) -> Iterator[Record]:
    """HealthVer CSV: evidence (premise), claim (hypothesis), label Supports/Refutes/Neutral."""
    with _open_text(path) as fh:
        for row in csv.DictReader(fh):
            yield _rec(row["id"], row["evidence"], row["claim"], row["label"], group=row["claim"])


def read_climate_fever(path: Path) -> Iterator[Record]:
    """Climate-FEVER JSONL: one pair per (claim, evidence sentence), with the evidence label."""
    with _open_text(path) as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            for ev in row["evidences"]:
                yield _rec(
                    ev["evidence_id"] + "|" + row["claim_id"],
                    ev["evidence"],
                    row["claim"],
                    ev["evidence_label"],
                    group=row["claim_id"],
                )


def read_covidfact(path: Path) -> Iterator[Record]:
    """COVID-Fact JSONL: claim, evidence (a list of sentences), label SUPPORTED/REFUTED."""
    with _open_text(path) as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            evidence = row["evidence"]
            if isinstance(evidence, str):
                try:
                    evidence = ast.literal_eval(evidence)
                except (ValueError, SyntaxError):
                    evidence = [evidence]
            premise = " ".join(str(e) for e in evidence)
            yield _rec(str(n), premise, row["claim"], row["label"], group=row["gold_source"])


def read_glue_tsv(path: Path) -> Iterator[Record]:
    """GLUE-RTE-style TSV (index, sentence1, sentence2, label), as for COVID-Fact and SciFact."""
    with _open_text(path) as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)
        for row in reader:
            if len(row) >= 4:
                yield _rec(row[0], row[1], row[2], row[3], group=row[1])


def read_fnc1(stances: Path, bodies: Path | None = None) -> Iterator[Record]:
    """FNC-1: stances joined to bodies. Premise is the article body, hypothesis the headline."""
    if bodies is None:
        bodies = stances.with_name(stances.name.replace("stances", "bodies"))
    with _open_text(bodies) as fh:
        body_text = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    with _open_text(stances) as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            body_id = row["Body ID"]
            if body_id not in body_text:
                raise StanceError(f"{stances}:{n}: Body ID {body_id} not in {bodies}")
            rec = _rec(str(n - 1), "", row["Headline"], row.get("Stance", ""), group=body_id)
            rec["premise"] = body_text[body_id]  # keep paragraphs: windows split on them
            rec["body_id"] = body_id
            yield rec


def read_perspectrum_pairs(path: Path, splits: Iterable[str] | None = None) -> Iterator[Record]:
    """PERSPECTRUM claim-perspective pairs TSV (split, cId, pId, claim, perspective,
    stance_label_3): the perspective is the premise, the claim the hypothesis."""
    wanted = set(splits) if splits else None
    with _open_text(path) as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if wanted and row["split"] not in wanted:
                continue
            yield _rec(
                f"{row['cId']}-{row['pId']}",
                row["perspective"],
                row["claim"],
                row["stance_label_3"],
                group=row["cId"],
            )


def _load_json(path: Path) -> object:
    try:
        with _open_text(path) as fh:
            return json.load(fh)
    except json.JSONDecodeError as exc:
        raise StanceError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from exc


def read_perspectrum_json(path: Path, splits: Iterable[str] | None = None) -> Iterator[Record]:
    """The original PERSPECTRUM release: ``perspectrum_with_answers_v1.0.json`` (claims with gold
    perspective clusters), joined to ``perspective_pool_v1.0.json`` and, to pick ``splits``,
    ``dataset_split_v1.0.json`` from the same folder. One pair per perspective of each cluster
    labelled support or undermine (not-a-perspective clusters are no stance and are skipped)."""
    folder = path.parent
    pool = {str(p["pId"]): p["text"] for p in _load_json(folder / "perspective_pool_v1.0.json")}
    split_of: dict[str, str] = {}
    wanted = set(splits) if splits else None
    if wanted:
        split_of = {str(k): v for k, v in _load_json(folder / "dataset_split_v1.0.json").items()}
    for claim in _load_json(path):
        cid = str(claim["cId"])
        if wanted and split_of.get(cid) not in wanted:
            continue
        for cluster in claim.get("perspectives", []):
            label = str(cluster.get("stance_label_3", ""))
            if label.strip().lower() not in ("support", "undermine"):
                continue
            for pid in cluster["pids"]:
                if str(pid) not in pool:
                    raise StanceError(f"{path}: claim {cid}: perspective {pid} not in the pool")
                yield _rec(f"{cid}-{pid}", pool[str(pid)], claim["text"], label, group=cid)


_MOTION = re.compile(r"^this house (?:believes(?: that)?|(would|supports))\s+", re.IGNORECASE)


def motion_to_statement(topic: str) -> str:
    """Debate motions read as statements: "This house would ban X" -> "We should ban X",
    "This house supports X" -> "We should support X", "This house believes (that) X" -> "X"."""
    m = _MOTION.match(topic.strip())
    if not m:
        return topic.strip()
    rest = topic.strip()[m.end() :]
    verb = (m.group(1) or "").lower()
    if verb == "would":
        return f"We should {rest}"
    if verb == "supports":
        return f"We should support {rest}"
    return rest[:1].upper() + rest[1:]


def read_ibm_claim_stance(path: Path, splits: Iterable[str] | None = None) -> Iterator[Record]:
    """IBM Debater Claim Stance CSV: the claim (claims.claimCorrectedText) is the premise and the
    debate motion, read as a statement, the hypothesis; label claims.stance PRO/CON."""
    wanted = set(splits) if splits else None
    with _open_text(path) as fh:
        for row in csv.DictReader(fh):
            if wanted and row["split"] not in wanted:
                continue
            rec = _rec(
                row["claims.claimId"],
                row["claims.claimCorrectedText"],
                motion_to_statement(row["topicText"]),
                row["claims.stance"],
                group=row["topicId"],
            )
            rec["topic"] = row["topicText"]
            yield rec


_CURRICULUM = "curriculum-benchmark/tasks"
# The Curriculum benchmark's tasks (ConTRoL's train split is the `control` set's train side).
CURRICULUM_THREE_WAY = (
    "boolean",
    "comparative",
    "conditional",
    "counting",
    "negation",
    "quantifier",
)
CURRICULUM_TWO_WAY = (
    "analytic",
    "context_align",
    "coreference",
    "cosmoqa",
    "counterfactual",
    "defeasible",
    "drop",
    "entailment_tree",
    "ester",
    "hellaswag",
    "hypernymy",
    "hyponymy",
    "kg_relations",
    "lexical",
    "logiqa",
    "monotonicity_infer",
    "ner",
    "physicalqa",
    "puns",
    "sentiment",
    "socialqa",
    "spatial",
    "sprl",
    "syntactic_alternation",
    "syntactic_variation",
    "temporal",
    "transitive",
    "verbcorner",
    "verbnet",
)
CURRICULUM_TASKS = CURRICULUM_THREE_WAY + CURRICULUM_TWO_WAY


@dataclass(frozen=True)
class SetSpec:
    """A built-in labeled set: where it lives under the data root and how to read it."""

    name: str
    relpath: str
    reader: Callable[..., Iterator[Record]]
    label_map: str  # file stem in configs/label_maps/
    kwargs: tuple[tuple[str, object], ...] = ()
    family: str = ""  # sets holding the same pairs share a family, hence one dev split
    # A set with an official train/dev split names, per side, the reader kwargs that select it.
    official: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = ()

    @property
    def split_key(self) -> str:
        return self.family or self.name

    def read(self, data_root: Path, path: Path | None = None) -> Iterator[Record]:
        target = path or data_root / self.relpath
        if not target.exists():
            raise StanceError(f"{target}: file not found (set {self.name})")
        return self.reader(target, **dict(self.kwargs))


def _curriculum_spec(task: str) -> SetSpec:
    """``curr_<task>``: train side from the task's train file, dev side from its val file."""
    label_map = "nli" if task in CURRICULUM_THREE_WAY else "two_way"
    return SetSpec(
        f"curr_{task}",
        f"{_CURRICULUM}/{task}/train.jsonl.gz",
        read_curriculum,
        label_map,
        official=(("train", ()), ("dev", (("relpath", f"{_CURRICULUM}/{task}/val.jsonl.gz"),))),
    )


SETS: dict[str, SetSpec] = {
    s.name: s
    for s in [
        SetSpec("snli", "snli-dev-test/snli_1.0_dev_tokenized.tsv", read_snli_tsv, "nli"),
        SetSpec(
            "mnli",
            "mnli-dev-matched/mnli_dev_matched_with_bert_correct_counts.tsv",
            read_snli_tsv,
            "nli",
        ),
        SetSpec(
            "hans_contra",
            "mnli-hans-contradicting-examples/mnli_contradicting_examples.tsv",
            read_hans_contradicting,
            "nli",
        ),
        SetSpec(
            "sick",
            "sick/SICK.txt",
            read_sick,
            "nli",
            (("splits", ("TRAIN", "TRIAL")),),
            official=(("train", (("splits", ("TRAIN",)),)), ("dev", (("splits", ("TRIAL",)),))),
        ),
        SetSpec("anli_r1", "anli/R1/dev.jsonl", read_anli_jsonl, "nli"),
        SetSpec("anli_r2", "anli/R2/dev.jsonl", read_anli_jsonl, "nli"),
        SetSpec("anli_r3", "anli/R3/dev.jsonl", read_anli_jsonl, "nli"),
        # ConTRoL: its train split comes from the Curriculum benchmark's copy; dev is the whole
        # official dev file (the test split is held back).
        SetSpec(
            "control",
            "control/dev.jsonl",
            read_anli_jsonl,
            "nli",
            official=(
                ("train", (("relpath", f"{_CURRICULUM}/control/train.jsonl.gz"),)),
                ("dev", ()),
            ),
        ),
        SetSpec(
            "rte3_3way", "rte3-3way-derived/rte3_3way_en.tsv", read_rte3_3way, "nli", family="rte3"
        ),
        SetSpec("rte1", "rte/rte1_dev.xml", read_rte_xml, "rte_2way"),
        SetSpec("rte2", "rte/rte2_dev.xml", read_rte_xml, "rte_2way"),
        SetSpec("rte3", "rte/rte3_dev.xml", read_rte_xml, "rte_2way", family="rte3"),
        SetSpec("healthver", "healthver/healthver_dev.csv", read_healthver, "fever"),
        SetSpec("climate_fever", "climate-fever/climate-fever.jsonl", read_climate_fever, "fever"),
        SetSpec("covidfact", "covidfact/COVIDFACT_dataset.jsonl", read_covidfact, "fever"),
        SetSpec("covidfact_rte", "covidfact/rte_covidfact_dev.tsv", read_glue_tsv, "rte_2way"),
        SetSpec("scifact", "scifact-rte-binary/rte_scifact_dev.tsv", read_glue_tsv, "rte_2way"),
        SetSpec("fnc1", "fnc-1/train_stances.csv", read_fnc1, "fnc1"),
        SetSpec(
            "perspectrum",
            "perspectrum/perspectrum_claim_perspective_pairs.tsv",
            read_perspectrum_pairs,
            "perspectrum",
        ),
        SetSpec(
            "ibm_claim_stance",
            "ibm-claim-stance/claim_stance_dataset_v1.clean.csv",
            read_ibm_claim_stance,
            "ibm",
        ),
        # CAD-NLI: train from SNLI train, dev from SNLI dev (its official split; test excluded).
        SetSpec(
            "cad_nli",
            "cad-nli/all_combined_train.tsv",
            read_snli_tsv,
            "nli",
            official=(("train", ()), ("dev", (("relpath", "cad-nli/all_combined_dev.tsv"),))),
        ),
        SetSpec("taxinli", "taxinli/taxinli_mnli_train_rows.tsv", read_taxinli, "nli"),
        # LingNLI: new hypotheses for 5,000 MultiNLI train premises; split by promptID.
        SetSpec("lingnli", "lingnli", read_lingnli, "nli"),
        SetSpec("conjnli", "conjnli/adversarial_train_15k.tsv", read_snli_tsv, "nli"),
        SetSpec("med", "med/MED.tsv", read_snli_tsv, "two_way"),
        SetSpec("imppres", "imppres", read_imppres, "nli"),
        *(_curriculum_spec(task) for task in CURRICULUM_TASKS),
    ]
}


def register(spec: SetSpec) -> None:
    SETS[spec.name] = spec


def in_dev_split(set_name: str, group: str, dev_fraction: float) -> bool:
    """Fixed, seed-free dev split: a stable hash of the row's group decides its side."""
    digest = hashlib.sha1(f"{set_name}\x00{group}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < dev_fraction


def split_records(
    set_name: str, records: Iterable[Record], dev_fraction: float
) -> tuple[list[Record], list[Record]]:
    key = SETS[set_name].split_key if set_name in SETS else set_name
    train: list[Record] = []
    dev: list[Record] = []
    for rec in records:
        (dev if in_dev_split(key, rec["group"], dev_fraction) else train).append(rec)
    return train, dev


# The dev side is cut once more, by a second hash of the same group key, into two halves:
# "select" is what every choice (runs, epochs, mixes, thresholds) may look at, "final" is only
# reported, so its figures are not inflated by the choosing.
DEV_HALVES = ("select", "final")


def in_final_half(set_name: str, group: str) -> bool:
    digest = hashlib.sha1(f"{set_name}\x00final\x00{group}".encode()).digest()
    return digest[0] & 1 == 1


def read_split(name: str, split: str, data_root: Path, dev_fraction: float) -> list[Record]:
    """One side ("train", "dev", "select", "final" or "all") of a built-in set's fixed split.

    Training and evaluation both read through here, so they can never disagree on a split.
    """
    spec = SETS[name]
    if split in DEV_HALVES:
        key = spec.split_key
        rows = read_split(name, "dev", data_root, dev_fraction)
        return [r for r in rows if in_final_half(key, r["group"]) == (split == "final")]
    if split == "all":
        return list(spec.read(data_root))
    official = dict(spec.official)
    if split in official:
        kwargs = dict(official[split])
        target = data_root / str(kwargs.pop("relpath", spec.relpath))
        if not target.exists():
            raise StanceError(f"{target}: file not found (set {name})")
        return list(spec.reader(target, **kwargs))
    train, dev = split_records(name, spec.read(data_root), dev_fraction)
    return dev if split == "dev" else train
