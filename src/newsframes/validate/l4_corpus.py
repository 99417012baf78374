"""Level 4: checks across records: unique ids, no duplicate texts, and splits kept
stable against the release manifests `releases/<version>.json` (silent if none)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..jsonio import loads_guarded
from ..safeio import read_text
from .issues import Issue, make


@dataclass(frozen=True)
class Facts:
    """What level 4 needs from one record."""

    path: str
    id: str | None
    split: str | None
    text_sha256: str | None
    # what the gold checks (passes.check_gold) need, None when there is nothing to check:
    # {"id": ..., "annotation": {status, adjudicated_from, adjudication_log, "pass": True}}
    gold: dict | None = None
    # ids this record declares to have the same text (`Same text as `<id>`` in source.notes)
    same_text: tuple = ()
    # source.rights.status: with the rights policy, whether the build withholds the text
    rights: str | None = None


GOLD_KEYS = ("status", "adjudicated_from", "adjudication_log")


def gold_facts(record: dict) -> dict | None:
    """The part of a record the gold checks read (kept with the cached results, so a
    rebuild does not parse every record again to check it)."""
    ann = record.get("annotation")
    if not isinstance(ann, dict) or not ("pass" in ann or "adjudicated_from" in ann or "adjudication_log" in ann
                                         or ann.get("status") == "adjudicated"):
        return None
    keep = {k: ann[k] for k in GOLD_KEYS if k in ann}
    if "pass" in ann:
        keep["pass"] = True
    return {"id": record.get("id"), "annotation": keep}


def facts_of(record, display: str) -> Facts | None:
    if not isinstance(record, dict):
        return None

    def s(key):
        v = record.get(key)
        return v if isinstance(v, str) else None

    src = record.get("source")
    rights = src.get("rights") if isinstance(src, dict) else None
    status = rights.get("status") if isinstance(rights, dict) else None
    return Facts(display, s("id"), s("split"), s("text_sha256"), gold_facts(record), declared_same_text(record),
                 status if isinstance(status, str) else None)


SAME_TEXT = "Same text as "
_SAME = re.compile(r"`([a-z0-9][a-z0-9-]{2,80})`")


def same_text_note(ids) -> str:
    """The note by which a record declares other records with the same text (NF407, not NF402)."""
    return (SAME_TEXT + ", ".join(f"`{i}`" for i in ids) + ": the source has this text under several ids, with "
            "other annotations; kept as released (not a duplicate to remove).")


def declared_same_text(record: dict) -> tuple:
    src = record.get("source")
    notes = src.get("notes") if isinstance(src, dict) else None
    if not isinstance(notes, list):
        return ()
    ids = []
    for n in notes:
        if isinstance(n, str) and n.startswith(SAME_TEXT):
            ids += _SAME.findall(n.split(":", 1)[0])
    return tuple(ids)


def _version_key(p: Path):
    parts = re.findall(r"\d+", p.stem)
    return tuple(int(x) for x in parts), p.stem


def load_manifests(project_root: Path | None, display_root: str | None = None):
    """[(display path, version, {id: article entry})], issues."""
    if project_root is None:
        return [], []
    folder = Path(project_root) / "releases"
    if not folder.is_dir():
        return [], []
    out, issues = [], []
    for p in sorted(folder.glob("*.json"), key=_version_key):
        display = str(p)
        try:
            data = loads_guarded(read_text(p), display)
            version = str(data.get("version", p.stem))
            entries = {}
            for a in data["articles"]:
                if not isinstance(a, dict) or not isinstance(a.get("id"), str):
                    raise TypeError("an article entry has no string `id`")
                entries[a["id"]] = a
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            issues.append(make("NF406", display, f"cannot read the manifest: {exc}"))
            continue
        out.append((display, version, entries))
    return out, issues


def check_corpus(facts: list[Facts], *, project_root: Path | None, full_corpus: bool) -> list[Issue]:
    """`facts` in priority order: of two duplicates, the later one is reported."""
    issues: list[Issue] = []
    by_id: dict[str, Facts] = {}
    by_sha: dict[str, Facts] = {}
    for f in facts:
        if f.id is not None:
            if f.id in by_id:
                issues.append(make("NF401", f.path, f"id {f.id!r} is also the id of {by_id[f.id].path}",
                                   pointer="/id"))
            else:
                by_id[f.id] = f
        if f.text_sha256 is not None:
            if f.text_sha256 in by_sha:
                first = by_sha[f.text_sha256]
                if f.id in first.same_text or first.id in f.same_text:
                    issues.append(make("NF407", f.path, f"same text as {first.path}, declared in source.notes "
                                       "(kept as the source released it)", pointer="/text_sha256"))
                else:
                    issues.append(make("NF402", f.path, f"same text as {first.path}", pointer="/text_sha256"))
            else:
                by_sha[f.text_sha256] = f
    manifests, m_issues = load_manifests(project_root)
    issues += m_issues
    reported_split: set[str] = set()
    reported_missing: set[str] = set()
    for mpath, version, entries in manifests:
        for aid, entry in sorted(entries.items()):
            f = by_id.get(aid)
            if f is None:
                if full_corpus and aid not in reported_missing:
                    reported_missing.add(aid)
                    issues.append(make("NF404", mpath, f"article {aid!r} of release {version} is not in the corpus"))
                continue
            if aid in reported_split or f.split is None:
                continue
            if entry.get("split") is not None and entry.get("split") != f.split:
                reported_split.add(aid)
                issues.append(make("NF403", f.path, f"split is {f.split!r} but release {version} "
                                   f"({mpath}) has {entry.get('split')!r}", pointer="/split"))
    return issues
