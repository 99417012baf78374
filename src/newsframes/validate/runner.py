"""Running the levels over files: one picklable per-file function (`validate_file`, for a
process pool) and the corpus-level pass over the collected facts."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths as _paths
from ..gitutil import GitError, git, repo_and_commit
from ..jsonio import loads_guarded
from ..safeio import read_text
from .issues import Issue, make
from .l1_file import MAX_JSON_BYTES, check_file
from .l4_corpus import Facts, check_corpus, facts_of
from .report import Report

POOL_MIN_FILES = 8
AUTO_POOL_FILES = 200  # `--jobs` auto: a pool only above this many files
CHUNK_FILES = 64  # files per task sent to a worker process


class UsageError(Exception):
    """Bad arguments (missing path, not a git repository, unknown REF): exit status 2."""


@dataclass(frozen=True)
class Config:
    schema_path: str = field(default_factory=lambda: str(_paths.schema_dir() / "article.schema.json"))
    taxonomy_dir: str | None = None  # None: schema_dir()/taxonomies
    cache_dir: str | None = field(default_factory=lambda: str(_paths.cache_dir()))  # None: no token cache


@dataclass
class FileResult:
    issues: list[Issue]
    facts: Facts | None
    sha: tuple[str, str] | None = None  # SHA-256 of the .json and .txt bytes these results are of
    record: object = None  # the parsed record, when asked for (`keep_record`)


def _sha_pair(loaded) -> tuple[str, str] | None:
    if loaded.json_bytes is None or loaded.text_bytes is None:
        return None
    import hashlib

    return hashlib.sha256(loaded.json_bytes).hexdigest(), hashlib.sha256(loaded.text_bytes).hexdigest()


def validate_file(json_path: str, display: str, txt_display: str, config: Config) -> FileResult:
    """Levels 1-3 of one record pair. Never raises: an unexpected failure becomes NF199."""
    try:
        return _validate_file(Path(json_path), display, txt_display, config)
    except Exception as exc:  # noqa: BLE001 - the catch-all the CLI promises
        return FileResult([make("NF199", display, f"{type(exc).__name__}: {exc}"[:300])], None)


def _validate_file(json_path: Path, display: str, txt_display: str, config: Config, *,
                   txt_path: Path | None = None, article_id: str | None = None,
                   keep_record: bool = False) -> FileResult:
    issues, loaded = check_file(json_path, display, txt_display, txt_path=txt_path, article_id=article_id)
    facts = facts_of(loaded.record, display)
    sha = _sha_pair(loaded)  # the results are of these bytes, whatever the files hold by now
    record = loaded.record if keep_record else None
    if any(i.severity == "error" for i in issues):
        return FileResult(issues, facts, sha, record)
    from .l2_schema import check_schema

    schema_issues = check_schema(loaded.record, display, Path(config.schema_path),
                                 floats_possible=not loaded.clean)
    issues += schema_issues
    if schema_issues:
        return FileResult(issues, facts, sha, record)
    from .l3_article import check_article

    issues += check_article(loaded.record, loaded.text, loaded.text_bytes, display,
                            taxonomy_dir=Path(config.taxonomy_dir) if config.taxonomy_dir else None,
                            cache_dir=Path(config.cache_dir) if config.cache_dir else None)
    return FileResult(issues, facts, sha, record)


def validate_file_as_pass(json_path: Path, display: str, txt_display: str, config: Config, txt_path: Path,
                          article_id: str) -> FileResult:
    """Levels 1-3 of an annotation pass (its text is corpus/<article_id>.txt), with the
    parsed record (`FileResult.record`) for the pass's own checks."""
    try:
        return _validate_file(json_path, display, txt_display, config, txt_path=txt_path,
                              article_id=article_id, keep_record=True)
    except Exception as exc:  # noqa: BLE001 - the catch-all the CLI promises
        return FileResult([make("NF199", display, f"{type(exc).__name__}: {exc}"[:300])], None)


def light_facts(json_path: Path, display: str) -> Facts | None:
    """Facts of a record not re-validated (--changed-since): trusting, but never raising."""
    try:
        if json_path.stat().st_size > MAX_JSON_BYTES:
            return None
        return facts_of(loads_guarded(read_text(json_path)), display)
    except (OSError, ValueError, RecursionError):
        return None


def expand(paths: Iterable, counts: dict | None = None) -> tuple[list[tuple[Path, str]], list[str], list[Path]]:
    """(record files with display names, orphan .txt displays, folders given);
    `counts`, when given, receives folder -> number of records in it."""
    counts = {} if counts is None else counts
    files: dict[Path, str] = {}
    orphans: list[str] = []
    folders: list[Path] = []
    for arg in paths:
        p = Path(arg)
        if p.is_dir():
            folders.append(p)
            base = p.resolve()  # once per folder: resolving each file costs ~50 µs
            with os.scandir(p) as it:
                # a folder named *.json is kept: level 1 reports it (NF101)
                entries = sorted((e.name, e.is_symlink()) for e in it
                                 if e.name.endswith(".json") or (e.name.endswith(".txt") and not e.is_dir()))
            names = [n for n, _ in entries]
            stems = {n[:-5] for n in names if n.endswith(".json")}
            ps = str(p)  # display names as str(p / name), without a Path per file
            prefix = "" if ps == "." else ps if ps.endswith(os.sep) else ps + os.sep
            for n, link in entries:
                if n.endswith(".json"):
                    shown = prefix + n
                    files.setdefault(Path(shown).resolve() if link else base / n, shown)
            counts[p] = counts.get(p, 0) + len(stems)
            orphans += [prefix + n for n in names if n.endswith(".txt") and n[:-4] not in stems]
        elif p.suffix in (".json", ".txt") and (p.exists() or p.with_suffix(".json").exists()):
            j = p.with_suffix(".json")
            if j.exists():
                files.setdefault(j.resolve(), str(j))
            else:
                orphans.append(str(p))
        elif not p.exists():
            raise UsageError(f"{arg}: no such file or folder")
        else:
            raise UsageError(f"{arg}: not a folder or a .json record")
    ordered = sorted(files.items(), key=lambda kv: kv[1])
    return [(k, v) for k, v in ordered], orphans, folders


def auto_jobs(n_files: int) -> int:
    """Processes for `n_files` files: every core for many files, 1 for a few (a pool
    costs more to start than it saves)."""
    return max(1, os.cpu_count() or 1) if n_files > AUTO_POOL_FILES else 1


def _chunk(args) -> list[FileResult]:
    items, config = args
    return [validate_file(p, d, t, config) for p, d, t in items]


def iter_results(tasks: list[tuple[str, str, str]], config: Config, jobs: int | None = None,
                 desc: str = "validating", lookup=None):
    """FileResult of each (json path, display, txt display), in order; in `jobs`
    processes (None: auto), fed in chunks, with a progress bar on a terminal.
    `lookup`: a `resultcache.Lookup` answering for unchanged files first (only the
    others are checked, and the pool starts only if there are many of them)."""
    if lookup is None:
        yield from _iter_checked(tasks, config, jobs, desc)
        return
    keys = [lookup.key(p) for p, _, _ in tasks]
    hits = [lookup.get(k, d, t) for k, (_, d, t) in zip(keys, tasks)]
    todo = [i for i, h in enumerate(hits) if h is None]
    checked = dict(zip(todo, _iter_checked([tasks[i] for i in todo], config, jobs, desc)))
    for i, task in enumerate(tasks):
        if hits[i] is not None:
            yield FileResult(*hits[i], lookup.sha_of(keys[i]))
        else:
            r = checked[i]
            # kept under the digests of the bytes validated, not of those hashed before:
            # a file changed in between must not lend its results to its earlier content
            lookup.put(lookup.key_of(task[0], r.sha), task[1], task[2], r.issues, r.facts)
            yield r


def _iter_checked(tasks, config: Config, jobs: int | None, desc: str):
    from ..progress import bar

    jobs = auto_jobs(len(tasks)) if jobs is None else jobs
    if jobs > 1 and len(tasks) >= POOL_MIN_FILES:
        from ..lifeline import chunked_map

        yield from chunked_map(_chunk, tasks, (config,), jobs, desc=desc, chunk=CHUNK_FILES)
    else:
        for p, d, t in bar(tasks, desc=desc):
            yield validate_file(p, d, t, config)


def run_files(files: list[tuple[Path, str]], *, config: Config, jobs: int | None = None,
              orphans: Iterable[str] = (), extra_facts: Iterable[Facts] = (),
              project_root: Path | None = None, full_corpus: bool = False, lookup=None) -> Report:
    tasks = [(str(p), d, d[:-5] + ".txt" if d.endswith(".json") else str(Path(d).with_suffix(".txt")))
             for p, d in files]
    results = iter_results(tasks, config, jobs, lookup=lookup)
    issues: list[Issue] = []
    checked: list[Facts] = []
    validated: dict[str, tuple[str, str] | None] = {}
    for task, r in zip(tasks, results):
        validated[task[1]] = r.sha
        issues += r.issues
        if r.facts is not None:
            checked.append(r.facts)
    # records not re-checked come first, so a duplicate is reported on the new/changed file
    facts = sorted(extra_facts, key=lambda f: f.path) + sorted(checked, key=lambda f: f.path)
    issues += [make("NF405", o, "no .json record beside this text") for o in orphans]
    issues += check_corpus(facts, project_root=project_root, full_corpus=full_corpus)
    return Report(issues, len(tasks), validated, checked)


def validate_paths(paths, *, project_root: Path | None = None, jobs: int | None = None, cache: bool = True,
                   config: Config | None = None, lookup=None) -> Report:
    """Validate folders and/or record files. Raises UsageError for a missing path."""
    from .passes import FOLDER, annotation_issues, is_pass_path, pass_files

    per_folder: dict = {}
    ann_folders = [Path(p) for p in paths if Path(p).is_dir() and Path(p).name == FOLDER]
    pass_args = [Path(p) for p in paths if Path(p).suffix == ".json" and is_pass_path(Path(p).resolve())]
    rest = [p for p in paths if Path(p) not in ann_folders and Path(p) not in pass_args]
    files, orphans, folders = expand(rest, per_folder)
    config = config or (Config() if cache else Config(cache_dir=None))
    if project_root is None:
        anchor = (folders[0] if folders else files[0][0].parent if files
                  else ann_folders[0].parent if ann_folders else pass_args[0].parent.parent.parent if pass_args
                  else Path.cwd())
        project_root = _paths.project_root(anchor)
    full = len(folders) == 1 and len(files) == per_folder.get(folders[0], 0)
    report = run_files(files, config=config, jobs=jobs, orphans=orphans, project_root=project_root,
                       full_corpus=full, lookup=lookup)
    # annotation passes: every pass of the project with a corpus folder, else those given
    passes: list[Path] | None = None
    extra: list[Issue] = []
    if not folders:
        passes = list(pass_args)
        for folder in ann_folders:
            found, bad = pass_files(folder)
            passes += found
            extra += bad
    more, n = annotation_issues(project_root, report.facts, passes, config, lookup=lookup, jobs=jobs)
    return Report(report.issues + extra + more, report.n_files + n, report.validated, report.facts)


def validate_corpus(corpus_dir: Path, *, project_root: Path | None = None, jobs: int | None = None,
                    cache: bool = True, config: Config | None = None, lookup=None) -> Report:
    """Validate a whole corpus folder (all levels, including released articles gone missing)."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise UsageError(f"{corpus_dir}: not a folder")
    return validate_paths([corpus_dir], project_root=project_root, jobs=jobs, cache=cache, config=config,
                          lookup=lookup)


def _git(root: Path, *args: str) -> str:
    try:
        return git(root, *args)
    except GitError as exc:
        raise UsageError(str(exc)) from None


def changed_since(corpus_dir: Path, ref: str) -> set[Path]:
    """Resolved record paths under `corpus_dir` changed since `ref` (plus untracked)."""
    corpus_dir = Path(corpus_dir)
    try:
        top = repo_and_commit(corpus_dir, ref)
    except GitError as exc:
        raise UsageError(f"--changed-since: {exc}") from None
    rel = os.path.relpath(corpus_dir.resolve(), top)
    names = _git(top, "diff", "--name-only", "-z", ref, "--", rel).split("\0")
    names += _git(top, "ls-files", "--others", "--exclude-standard", "-z", "--", rel).split("\0")
    out = set()
    for n in names:
        if n.endswith((".json", ".txt")):
            j = (top / n).with_suffix(".json")
            if j.exists():
                out.add(j.resolve())
    return out


def validate_changed(corpus_dir: Path, ref: str, *, project_root: Path | None = None, jobs: int | None = None,
                     cache: bool = True) -> Report:
    """Levels 1-3 on records changed since `ref`; level 4 over the whole corpus."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise UsageError(f"{corpus_dir}: not a folder")
    changed = changed_since(corpus_dir, ref)
    files, orphans, _ = expand([corpus_dir])
    todo = [(p, d) for p, d in files if p in changed]
    rest = [light_facts(p, d) for p, d in files if p not in changed]
    from .passes import annotation_issues

    config = Config() if cache else Config(cache_dir=None)
    root = project_root or _paths.project_root(corpus_dir)
    report = run_files(todo, config=config, jobs=jobs, orphans=orphans,
                       extra_facts=[f for f in rest if f is not None], project_root=root, full_corpus=True)
    more, n = annotation_issues(root, report.facts, None, config)
    return Report(report.issues + more, report.n_files + n, report.validated, report.facts)
