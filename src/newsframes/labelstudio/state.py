"""What Label Studio held of a record: the base of a pull's three-way merge.

An item's key: `<layer>:<record id>` for a span (`mentions:m3`, `claims:c1`,
`techniques:p2`, `timexes:t4`), `article:genre`, `article:frames`, `article:primary_frame`,
and `narratives:<[narrative, sub-narrative]>` for each narrative. Its fingerprint: 16 hex
digits of the SHA-256 of what Label Studio shows of it (label, offsets, the per-region
attributes, a claim's cue), so it changes exactly when the item changed in Label Studio.

Two places hold a base:
- the task: `data.nf_state` (written by `labelstudio export`): the fingerprints of what the
  task carried, in its annotation and in its prediction (the unchecked proposals);
- the sidecar `.labelstudio/state/<article id>.json` (written by every pull, git-ignored):
  for each target (the corpus record, or a pass `ls-user-<id>`), the task and annotation it
  was pulled from, Label Studio's region ids -> record keys, and the fingerprints of what
  the annotation held then. A pull of the same annotation again starts from it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from . import names as N
from .results import Parsed, Region

STATE_VERSION = 1
FOLDER = ".labelstudio"          # git-ignored working folder of the Label Studio commands
ARTICLE_KEYS = (N.GENRE, N.FRAMES, N.PRIMARY_FRAME)
_FP = re.compile(r"^[0-9a-f]{16}\Z")


def fp(view) -> str:
    return hashlib.sha256(orjson.dumps(view, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def _values(values) -> list[str]:
    return sorted({str(v).strip() for v in values if str(v).strip()})


def region_view(r: Region) -> list:
    attrs = {ctl: _values(v) for ctl, v in sorted(r.attrs.items()) if _values(v)}
    cue = [r.cue.start, r.cue.end] if r.cue is not None else None
    return [r.layer, r.label, r.start, r.end, attrs, cue]


def narrative_key(path) -> str:
    return "narratives:" + json.dumps([str(p) for p in path], ensure_ascii=False)


def article_fps(parsed: Parsed) -> dict[str, str]:
    out = {}
    for ctl in ARTICLE_KEYS:
        vals = _values(parsed.article.get(ctl) or [])
        if vals:
            out[f"article:{ctl}"] = fp(vals)
    for path in parsed.article.get(N.NARRATIVES) or []:
        if isinstance(path, list):
            out[narrative_key(path)] = fp([str(p) for p in path])
    return out


def fingerprints(parsed: Parsed, key_of=lambda r: f"{r.layer}:{r.id}") -> dict[str, str]:
    """Key -> fingerprint of every region (keyed by `key_of`; None: left out) and article choice."""
    out = {}
    for r in parsed.regions:
        k = key_of(r)
        if k is not None:
            out[k] = fp(region_view(r))
    out.update(article_fps(parsed))
    return out


@dataclass
class Base:
    """What Label Studio held when the annotation started, and what the record held then
    (`known` False: nothing is known, as for a task exported before the state existed).
    Label Studio and the record show one item differently (a new entity's name typed in
    Label Studio is `e2 Name` in the record), so each side is compared with its own base."""
    known: bool = False
    annotation: dict[str, str] = field(default_factory=dict)
    prediction: dict[str, str] = field(default_factory=dict)  # unchecked proposals
    regions: dict[str, str] = field(default_factory=dict)      # Label Studio region id -> key
    source: str = "none"                                         # "task", "sidecar" or "none"
    record: dict[str, str] | None = None                       # the record's side (None: as Label Studio's)
    # a new pass file: the annotation is the whole truth (what the annotator did not mark is
    # not in the pass), with the JSON-only fields of the record's items it keeps
    whole: bool = False

    def get(self, key: str) -> str | None:
        return self.annotation.get(key, self.prediction.get(key))

    def get_record(self, key: str) -> str | None:
        return self.get(key) if self.record is None else self.record.get(key)

    def keys(self) -> set[str]:
        return set(self.annotation) | set(self.prediction)


def _fps(obj) -> dict[str, str] | None:
    if not isinstance(obj, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) and _FP.match(v) for k, v in obj.items()):
        return None
    return dict(obj)


def task_base(data: dict) -> tuple[Base, str | None]:
    """The base a task carries (`data.nf_state`), and a problem with it (or None)."""
    st = data.get("nf_state")
    if st is None:
        return Base(), None
    ann = _fps(st.get("annotation")) if isinstance(st, dict) else None
    pred = _fps(st.get("prediction")) if isinstance(st, dict) else None
    if not isinstance(st, dict) or st.get("v") != STATE_VERSION or ann is None or pred is None:
        return Base(), (f"data.nf_state is not a state of version {STATE_VERSION} this newsframes writes; "
                        "the task is read as if it carried none")
    return Base(True, ann, pred, {}, "task"), None


# -- the sidecar -------------------------------------------------------------------------

def sidecar_path(root: Path, aid: str) -> Path:
    return root / FOLDER / "state" / f"{aid}.json"


def read_sidecar(path: Path, aid: str) -> tuple[dict, str | None]:
    """The targets of a sidecar ({} when there is none), and a problem with it (or None)."""
    from ..jsonio import loads_guarded
    from ..safeio import read_text

    if path.is_symlink() or path.parent.is_symlink():
        return {}, f"{path}: a symbolic link (or in a linked folder): not read; earlier pulls are not known"
    try:
        doc = loads_guarded(read_text(path), str(path))
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        return {}, f"{path}: unreadable ({exc}); earlier pulls are not known, regions are matched by span"
    targets = doc.get("targets") if isinstance(doc, dict) and doc.get("v") == STATE_VERSION \
        and doc.get("article") == aid else None
    if not isinstance(targets, dict):
        return {}, f"{path}: not a state file of article {aid}; earlier pulls are not known"
    return targets, None


_SPAN_KEY = re.compile(r"^(mentions|claims|techniques|timexes):[a-z]+[0-9]+\Z")
_ITEM_KEY = re.compile(r"^(?:(mentions|claims|techniques|timexes):[a-z]+[0-9]+|article:(?:genre|frames|primary_frame)"
                       r"|narratives:\[.*\])\Z", re.S)


def sidecar_base(entry, task_id, annotation_id) -> tuple[Base | None, str | None]:
    """The base of a sidecar entry, when it was pulled from this task's annotation (None
    otherwise), and a problem when the entry is not what a pull writes (edited by hand:
    two Label Studio regions given one record item, a key that is no item's): such an
    entry is not used, since it would put one region's JSON-only fields on another."""
    if not isinstance(entry, dict) or entry.get("task") != task_id or entry.get("annotation") != annotation_id:
        return None, None
    st, regions = entry.get("state"), entry.get("regions")
    bad = "not what a pull writes"
    if not isinstance(st, dict) or not all(isinstance(v, list) and len(v) == 2 for v in st.values()):
        return None, bad
    ls, rec = _fps({k: v[0] for k, v in st.items()}), _fps({k: v[1] for k, v in st.items() if v[1] is not None})
    if ls is None or rec is None or not all(_ITEM_KEY.match(k) for k in st):
        return None, bad
    if not isinstance(regions, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and _SPAN_KEY.match(v) and v in st for k, v in regions.items()):
        return None, bad  # (a pull keeps the state of every region it maps)
    if len(set(regions.values())) != len(regions):
        return None, "two Label Studio regions given one record item"
    return Base(True, ls, {}, dict(regions), "sidecar", rec), None


def sidecar_text(aid: str, targets: dict) -> str:
    doc = {"v": STATE_VERSION, "article": aid,
           "note": "Written by `newsframes labelstudio import`: what each pulled annotation held (the base of "
                   "the next pull). Local working state, not part of the corpus; safe to delete (regions are "
                   "then matched by their span).",
           "targets": {k: targets[k] for k in sorted(targets)}}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
