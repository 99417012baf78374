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

from ..provenance import AGENTS_SINCE, version_at_least
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


def check_pass_annotator(record: dict, display: str) -> list[Issue]:
    """NF509: a pass's `annotation.pass.annotator` is one of `annotators` (and, in a 1.2.0
    record, has an agent entry)."""
    ann = record["annotation"]
    block = ann.get("pass")
    if not isinstance(block, dict):
        return []
    who = block.get("annotator")
    if who not in ann["annotators"]:
        return [make("NF509", display, f"the pass's annotator {who!r} is not one of annotation.annotators",
                     pointer="/annotation/pass/annotator")]
    agents = {a.get("name") for a in ann.get("agents") or [] if isinstance(a, dict)}
    if version_at_least(record.get("schema_version"), AGENTS_SINCE) and who not in agents:
        return [make("NF509", display, f"the pass's annotator {who!r} has no entry in annotation.agents",
                     pointer="/annotation/pass/annotator")]
    return []


def _misplaced(path: Path) -> list[Issue]:
    if not PASS_ID.match(path.stem) or not is_pass_path(path):
        return [make("NF504", _display(path), f"{path.name}: not annotations/<article-id>/<pass-id>.json with a "
                     "slug pass id")]
    return []


def _text_of(path: Path, root: Path) -> Path:
    return Path(root) / "corpus" / f"{path.parent.name}.txt"


def _checked(path: Path, root: Path, config) -> tuple[list[Issue], tuple[str, str] | None]:
    """(issues, digests of the pass and text bytes they are of) of one well-placed pass."""
    from .runner import validate_file_as_pass

    display, txt = _display(path), _text_of(path, root)
    r = validate_file_as_pass(path, display, _display(txt), config, txt, path.parent.name)
    issues = r.issues
    if not any(i.code.startswith("NF1") and i.severity == "error" for i in issues) and isinstance(r.record, dict):
        issues = issues + check_pass_block(r.record, path, display)  # the bytes validated, not a re-read
        if not any(i.severity == "error" and i.code[:3] in ("NF2", "NF5") for i in issues):
            issues = issues + check_pass_annotator(r.record, display)
    return issues, r.sha


def _checked_chunk(args) -> list[tuple[list[Issue], tuple[str, str] | None]]:
    paths, root, config = args
    return [_checked(Path(p), Path(root), config) for p in paths]


def validate_pass(path: Path, root: Path, config) -> list[Issue]:
    """All levels of one pass file (level 4, unique ids and texts, does not apply: a pass
    shares its article's id and text by design)."""
    return _misplaced(path) or _checked(path, root, config)[0]


def validate_passes(paths: list[Path], root: Path, config, *, lookup=None, jobs: int | None = None) -> list[Issue]:
    """`validate_pass` of each path, in order. `lookup` (a `resultcache.Lookup` with a
    digest index of the passes, as a build has): the results of a pass whose bytes and
    text are unchanged come from the results snapshot; the others are checked (in a
    process pool when many) and kept there under the digests of the bytes checked."""
    from ..progress import bar
    from .runner import CHUNK_FILES, POOL_MIN_FILES, auto_jobs

    out: list[list[Issue] | None] = []
    todo: list[int] = []
    shown: dict[str, str] = {}  # folder -> its display name (relpath once per folder, not per file)

    def display(folder: str, *names: str) -> str:
        if folder not in shown:
            shown[folder] = _display(Path(folder))
        return os.path.join(shown[folder], *names)

    corpus = str(Path(root) / "corpus")
    for i, p in enumerate(paths):
        bad = _misplaced(p)
        hit = None
        if not bad and lookup is not None:
            article_dir, name = os.path.split(str(p))
            folder, article = os.path.split(article_dir)
            hit = lookup.get(lookup.pass_key(folder, article, name, corpus), display(folder, article, name),
                             display(corpus, f"{article}.txt"))
        out.append(bad or (hit[0] if hit is not None else None))
        if out[-1] is None:
            todo.append(i)
    jobs = auto_jobs(len(todo)) if jobs is None else jobs
    names = [str(paths[i]) for i in todo]
    if jobs > 1 and len(todo) >= POOL_MIN_FILES:
        from ..lifeline import chunked_map

        done = list(chunked_map(_checked_chunk, names, (str(root), config), jobs, desc="passes", chunk=CHUNK_FILES))
    else:
        done = [_checked(Path(n), Path(root), config) for n in bar(names, desc="passes")]
    for i, (issues, sha) in zip(todo, done):
        out[i] = issues
        if lookup is not None:
            p = paths[i]
            lookup.put(lookup.pass_key_of(p, sha), _display(p), _display(_text_of(p, root)), issues, None)
    return [x for part in out for x in part]  # type: ignore[union-attr]


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


def annotation_issues(root: Path, facts: list, pass_paths: list[Path] | None, config, *,
                      lookup=None, jobs: int | None = None) -> tuple[list[Issue], int]:
    """(issues, number of pass files checked): the gold checks on the records' `facts`
    (`l4_corpus.Facts`) and every pass in `pass_paths` (None: every pass under
    root/annotations/, when that folder exists); `lookup`, `jobs`: see `validate_passes`."""
    issues = gold_issues(facts, root)
    if pass_paths is None:
        folder = Path(root) / FOLDER
        pass_paths, found = pass_files(folder) if folder.is_dir() else ([], [])
        issues += found
    issues += validate_passes([Path(p) for p in pass_paths], root, config, lookup=lookup, jobs=jobs)
    return issues, len(pass_paths)
