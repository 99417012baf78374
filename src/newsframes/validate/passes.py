"""Annotation passes `annotations/<article-id>/<pass-id>.json` (NF5xx): each is a full record
of the article, checked by the file, schema and article levels against the corpus text
`corpus/<article-id>.txt`, plus: its `id` is the folder's article, `annotation.pass.id` is
the file name, the file name is a slug. Gold records: an `adjudicated` record names the
passes it was adjudicated from, and they exist; its adjudication log exists; a gold record
carries no `annotation.pass`. See docs/annotations.md."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..jsonio import loads_guarded
from ..safeio import read_text
from .issues import Issue, make, pointer

PASS_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}\Z")
FOLDER = "annotations"


def is_pass_path(path: Path) -> bool:
    """Whether `path` lies at annotations/<article-id>/<file>."""
    return path.parent.parent.name == FOLDER


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def pass_files(folder: Path) -> tuple[list[Path], list[Issue]]:
    """The .json files under an annotations/ folder (sorted), and NF504 for .json files
    that are not at annotations/<article-id>/<pass-id>.json."""
    files, issues = [], []
    for p in sorted(Path(folder).rglob("*.json")):
        rel = p.relative_to(folder)
        if len(rel.parts) == 2 and PASS_ID.match(p.stem) and p.is_file():
            files.append(p)
        else:
            issues.append(make("NF504", _display(p), f"{rel.as_posix()} is not <article-id>/<pass-id>.json "
                               "with a slug pass id"))
    return files, issues


def check_pass_block(record: dict, path: Path, display: str) -> list[Issue]:
    """NF503: annotation.pass exists and its id is the file name."""
    ann = record.get("annotation") if isinstance(record, dict) else None
    block = ann.get("pass") if isinstance(ann, dict) else None
    if not isinstance(block, dict):
        return [make("NF503", display, "a pass file needs `annotation.pass` (who made the pass, when, "
                     "with what, what they saw)", pointer="/annotation")]
    if block.get("id") != path.stem:
        return [make("NF503", display, f"annotation.pass.id is {block.get('id')!r}, the file name says "
                     f"{path.stem!r}", pointer="/annotation/pass/id")]
    return []


def validate_pass(path: Path, root: Path, config) -> list[Issue]:
    """All levels of one pass file (level 4, unique ids and texts, does not apply: a pass
    shares its article's id and text by design)."""
    from .runner import validate_file_as_pass

    display = _display(path)
    if not PASS_ID.match(path.stem) or not is_pass_path(path):
        return [make("NF504", display, f"{path.name}: not annotations/<article-id>/<pass-id>.json with a slug "
                     "pass id")]
    article = path.parent.name
    txt = Path(root) / "corpus" / f"{article}.txt"
    issues = validate_file_as_pass(path, display, _display(txt), config, txt, article)
    if not any(i.code.startswith("NF1") and i.severity == "error" for i in issues):
        try:
            record = loads_guarded(read_text(path))
        except (OSError, ValueError):
            record = None
        if isinstance(record, dict):
            issues += check_pass_block(record, path, display)
    return issues


def check_gold(record, display: str, root: Path) -> list[Issue]:
    """NF505-NF508 on a corpus record, or on its gold facts (`l4_corpus.gold_facts`): its
    own shape is checked by levels 1-3."""
    ann = record.get("annotation") if isinstance(record, dict) else None
    if not isinstance(ann, dict):
        return []
    rid = record.get("id")
    issues = []
    if "pass" in ann:
        issues.append(make("NF508", display, "annotation.pass belongs in a pass file, not in the gold record",
                           pointer="/annotation/pass"))
    passes = ann.get("adjudicated_from")
    if ann.get("status") == "adjudicated" and not (isinstance(passes, list) and len(passes) >= 2):
        issues.append(make("NF505", display, "status is `adjudicated` but annotation.adjudicated_from does not "
                           "name two or more passes", pointer="/annotation/status"))
    if isinstance(passes, list) and isinstance(rid, str):
        for i, p in enumerate(passes):
            if isinstance(p, str) and not (Path(root) / FOLDER / rid / f"{p}.json").is_file():
                issues.append(make("NF506", display, f"pass {p!r}: annotations/{rid}/{p}.json does not exist",
                                   pointer=pointer("annotation", "adjudicated_from", i)))
    log = ann.get("adjudication_log")
    if isinstance(log, str) and not (Path(root) / log).is_file():
        issues.append(make("NF507", display, f"{log} does not exist", pointer="/annotation/adjudication_log"))
    return issues


def gold_issues(facts: list, root: Path) -> list[Issue]:
    """The gold checks on the facts of the records validated (those of the cached results
    included: no record is read again)."""
    issues = []
    for f in sorted(facts, key=lambda f: f.path):
        if f.gold is not None:
            issues += check_gold(f.gold, f.path, root)
    return issues


def annotation_issues(root: Path, facts: list, pass_paths: list[Path] | None,
                      config) -> tuple[list[Issue], int]:
    """(issues, number of pass files checked): the gold checks on the records' `facts`
    (`l4_corpus.Facts`) and every pass in `pass_paths` (None: every pass under
    root/annotations/, when that folder exists)."""
    issues = gold_issues(facts, root)
    if pass_paths is None:
        folder = Path(root) / FOLDER
        pass_paths, found = pass_files(folder) if folder.is_dir() else ([], [])
        issues += found
    for p in pass_paths:
        issues += validate_pass(Path(p), root, config)
    return issues, len(pass_paths)
