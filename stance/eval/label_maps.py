"""Label maps: how a labeled set's own labels and the model's NLI output meet in one scheme.

A map is a YAML file (``configs/label_maps/*.yaml``) with:

``labels``   the scheme evaluated in, in report order (NLI labels, or the set's own scheme such
             as FNC-1's agree/disagree/discuss/unrelated);
``map``      dataset label -> scheme label (matched case-insensitively, ``-`` and spaces read as
             ``_``); a label not listed is an unknown label, a bad row;
``collapse`` NLI label -> scheme label, or ``drop`` (default: each NLI label to itself). The
             scheme's probabilities are sums of the NLI probabilities mapped to each label; the
             mass of dropped labels is removed and the rest renormalised, so a two-way stance set
             (support/undermine) is judged on entailment versus contradiction alone;
``task``     optional: ``fnc1`` when a label (unrelated) is decided outside NLI, by the FNC-1
             relevance model (see ``stance.eval.fnc1``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from stance.errors import StanceError
from stance.io.yaml_file import load_yaml
from stance.labels import NLI_LABELS

LABEL_MAP_DIR = Path(__file__).resolve().parents[2] / "configs" / "label_maps"
DROP = "drop"
TASKS = ("fnc1",)


def normalise(label: str) -> str:
    return str(label).strip().lower().replace("-", "_").replace(" ", "_")


def _text(value: object, source: str, where: str) -> str:
    # YAML reads unquoted yes/no/true/false as booleans: "yes" and "true" would both become True.
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise StanceError(f"{source}: {where}: {value!r} is not text; quote it, e.g. 'yes'")
    return normalise(str(value))


@dataclass(frozen=True)
class LabelMap:
    name: str
    labels: tuple[str, ...]
    gold_map: dict[str, str]  # normalised dataset label -> scheme label
    collapse: dict[str, str | None]  # NLI label -> scheme label (None: dropped)
    task: str | None = None
    description: str = ""
    path: str = ""

    def gold_label(self, raw: str) -> str | None:
        """The scheme label of a dataset label, or None when the map does not know it."""
        return self.gold_map.get(normalise(raw))

    def scheme_probs(self, nli_probs: np.ndarray) -> np.ndarray:
        """(N, 3) NLI probabilities (NLI_LABELS order) -> (N, len(labels)) scheme probabilities."""
        nli_probs = np.asarray(nli_probs, dtype=np.float64).reshape(-1, len(NLI_LABELS))
        out = np.zeros((nli_probs.shape[0], len(self.labels)), dtype=np.float64)
        for j, nli in enumerate(NLI_LABELS):
            target = self.collapse[nli]
            if target is not None:
                out[:, self.labels.index(target)] += nli_probs[:, j]
        total = out.sum(axis=1, keepdims=True)
        # Dropped mass is removed; the floor only guards an all-dropped row from dividing by 0.
        return out / np.maximum(total, 1e-12)

    def describe(self) -> str:
        col = ", ".join(f"{k}->{v or DROP}" for k, v in self.collapse.items())
        task = f"; task {self.task}" if self.task else ""
        return f"labels {list(self.labels)}; NLI {col}{task}"


def _leading_comment(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(lines)


def parse_label_map(data: object, name: str, source: str, description: str = "") -> LabelMap:
    """Validate a loaded YAML mapping and build the LabelMap; errors name the file and key."""
    if not isinstance(data, dict):
        raise StanceError(f"{source}: a label map must be a YAML mapping")
    raw_labels = data.get("labels")
    if not isinstance(raw_labels, list) or not raw_labels:
        raise StanceError(f"{source}: key 'labels': expected a non-empty list")
    labels = tuple(_text(x, source, "labels") for x in raw_labels)
    if len(set(labels)) != len(labels):
        raise StanceError(f"{source}: key 'labels': duplicate labels {list(labels)}")
    raw_map = data.get("map")
    if not isinstance(raw_map, dict) or not raw_map:
        raise StanceError(f"{source}: key 'map': expected a mapping of dataset label to label")
    gold_map: dict[str, str] = {}
    for key, value in raw_map.items():
        target = _text(value, source, f"map {key!r}")
        if target not in labels:
            raise StanceError(f"{source}: map {key!r}: {value!r} is not one of {list(labels)}")
        gold_map[_text(key, source, "map")] = target
    raw_collapse = data.get("collapse") or {nli: nli for nli in NLI_LABELS}
    if not isinstance(raw_collapse, dict):
        raise StanceError(f"{source}: key 'collapse': expected a mapping of NLI label to label")
    collapse: dict[str, str | None] = {}
    for nli in NLI_LABELS:
        if nli not in raw_collapse:
            raise StanceError(f"{source}: collapse: NLI label {nli!r} is not mapped")
        target = _text(raw_collapse[nli], source, f"collapse {nli!r}")
        if target != DROP and target not in labels:
            raise StanceError(
                f"{source}: collapse {nli!r}: {raw_collapse[nli]!r} is neither 'drop' nor one "
                f"of {list(labels)}"
            )
        collapse[nli] = None if target == DROP else target
    extra = set(raw_collapse) - set(NLI_LABELS)
    if extra:
        raise StanceError(f"{source}: collapse: {sorted(extra)} are not NLI labels")
    task = data.get("task")
    if task is not None and task not in TASKS:
        raise StanceError(f"{source}: key 'task': {task!r} is not one of {list(TASKS)}")
    reachable = {v for v in collapse.values() if v is not None}
    if not reachable:
        raise StanceError(f"{source}: collapse drops every NLI label")
    unreachable = set(labels) - reachable
    if unreachable and task is None:
        raise StanceError(
            f"{source}: labels {sorted(unreachable)} receive no NLI label in 'collapse' and "
            "could never be predicted"
        )
    return LabelMap(name, labels, gold_map, collapse, task, description, source)


def load_label_map(ref: str | Path) -> LabelMap:
    """A map by file path, or by name (file stem) in configs/label_maps/."""
    path = Path(ref)
    if not path.suffix and not path.exists():
        path = LABEL_MAP_DIR / f"{ref}.yaml"
    if not path.exists():
        known = ", ".join(available_label_maps())
        raise StanceError(f"{path}: label map not found (built-in maps: {known})")
    data, text = load_yaml(path, "label map")
    return parse_label_map(data, path.stem, str(path), _leading_comment(text))


def available_label_maps() -> list[str]:
    return sorted(p.stem for p in LABEL_MAP_DIR.glob("*.yaml"))
