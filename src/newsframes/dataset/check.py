"""`build --check`: build into a temporary folder and compare bytes with data/, the card
and the generated docs; check that the release manifests under releases/ are untouched
and that data declared released is the release. Every difference is named.

Data built between releases is not an error: it is marked unreleased (`"release": null`
in data/MANIFEST.json, and in the card), so a contribution needs no version change."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from . import manifest
from .core import build_folder
from .gate import corpus_digests, validate
from .outputs import read_card
from .project import Built, Project


@dataclass
class CheckResult:
    problems: list[str]
    built: Built | None
    leaks: list[str] = field(default_factory=list)  # the leak check's problems (also in `problems`)

    @property
    def ok(self) -> bool:
        return not self.problems


def _tree(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def compare_folders(expected: Path, actual: Path, shown: str) -> list[str]:
    out = []
    exp, act = _tree(expected), _tree(actual)
    if not actual.is_dir():
        return [f"{shown}/ is missing: run `newsframes build`"]
    for rel in sorted(set(exp) | set(act)):
        if rel not in act:
            out.append(f"{shown}/{rel}: missing (the corpus builds it)")
        elif rel not in exp:
            out.append(f"{shown}/{rel}: extra (the corpus does not build it)")
        elif exp[rel].read_bytes() != act[rel].read_bytes():
            out.append(f"{shown}/{rel}: differs from what the corpus builds")
    return out


def symlink_problems(project: Project) -> list[str]:
    """A symbolic link in data/ or schema/ (what `publish` uploads besides the card):
    publish refuses them, and a link can make the files seem current when they are not."""
    import os

    out = []
    for folder in (project.out, project.root / "schema"):
        shown = project.rel(folder)
        if os.path.islink(folder):
            out.append(f"{shown}: a symbolic link (to {os.readlink(folder)}): make it a real folder; "
                       "`newsframes publish` never follows links")
            continue
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            for name in sorted(dirnames + filenames):
                p = Path(dirpath) / name
                if os.path.islink(p):
                    out.append(f"{shown}/{p.relative_to(folder).as_posix()}: a symbolic link (to {os.readlink(p)}): "
                               "replace it with the file itself, or remove it; `newsframes publish` never "
                               "follows links")
    return sorted(out)


def release_conflicts(root: Path, release: dict) -> list[str]:
    """For `build --release`: releases/<version>.json exists and records other data."""
    path = manifest.release_path(root, __version__)
    try:
        old = manifest.read_release(root, __version__)
    except ValueError as exc:
        return [str(exc)]
    if old is None:
        return []
    diffs = manifest.release_differences(old, release)
    if not diffs:
        return []
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    head = (f"{shown}: version {__version__} is released and the data built now differs from it; "
            "to release this data, bump the version (pyproject.toml and newsframes.__version__) first")
    return [head] + [f"  {d}" for d in diffs]


def _git(root: Path, *args: str) -> str | None:
    from ..gitutil import GitError, git

    try:
        return git(root, *args, timeout=30)
    except GitError:
        return None


def releases_problems(root: Path) -> list[str]:
    """Released manifests are never edited: each releases/X.json reads, records version
    X, its corpus_digest agrees with its article list, and, when the repository has the
    tag vX, its bytes are those of the tagged commit."""
    out = []
    have_git = _git(root, "rev-parse", "--git-dir") is not None
    for version in manifest.released_versions(root):
        shown = f"{manifest.RELEASES_DIR}/{version}.json"
        try:
            data = manifest.read_release(root, version)
        except ValueError as exc:
            out.append(f"{exc} (a release manifest is never edited: restore it from git)")
            continue
        if data.get("version") != version:
            out.append(f"{shown}: records version {data.get('version')!r}, not {version!r}; "
                       "a release manifest is never edited: restore it from git")
        arts = data.get("articles")
        if isinstance(arts, list) and all(isinstance(a, dict) for a in arts):
            try:
                digest = manifest.corpus_digest(arts)
            except KeyError:
                digest = None
            if digest != data.get("corpus_digest"):
                out.append(f"{shown}: its corpus_digest does not match its article list (the file was edited); "
                           "restore it from git")
        if have_git and _git(root, "rev-parse", "--verify", "--quiet", f"refs/tags/v{version}") is not None:
            tagged = _git(root, "show", f"v{version}:./{shown}")
            current = manifest.release_path(root, version).read_text(encoding="utf-8")
            if tagged is not None and tagged != current:
                out.append(f"{shown}: differs from the file at tag v{version}; a release manifest is never "
                           f"edited: `git checkout v{version} -- {shown}`")
    return out


def declared_problems(project: Project, built: Built) -> list[str]:
    """Data declared released must be the release: the committed data/MANIFEST.json says
    `"release": V`, or HEAD carries the tag vV of the package version, while the data
    built now is not release V (then it differs from releases/V.json)."""
    out = []
    want = built.status.get("release")
    committed = None
    path = project.out / manifest.MANIFEST_NAME
    try:
        committed = json.loads(path.read_text(encoding="utf-8")).get("release")
    except (OSError, ValueError, AttributeError):
        pass
    declared = []
    if committed and committed != want:
        declared.append((committed, f"{project.rel(path)} declares release {committed}"))
    tags = _git(project.root, "tag", "--points-at", "HEAD")
    if tags and f"v{__version__}" in tags.split() and want != __version__:
        declared.append((__version__, f"HEAD is tagged v{__version__}"))
    for version, why in declared:
        try:
            old = manifest.read_release(project.root, version)
        except ValueError as exc:
            out.append(f"{why}, but {exc}")
            continue
        if old is None:
            out.append(f"{why}, but {manifest.RELEASES_DIR}/{version}.json does not exist")
            continue
        out.append(f"{why}, but the data built now differs from {manifest.RELEASES_DIR}/{version}.json "
                   "(a released version's data never changes; `newsframes build` marks the data unreleased):")
        out += [f"  {d}" for d in manifest.release_differences(old, built.release)]
    return out


def check(project: Project, *, cache: bool = True) -> CheckResult:
    digests = corpus_digests(project, cache)
    report = validate(project, doing="nothing was checked", cache=cache, digests=digests)
    with tempfile.TemporaryDirectory(prefix="newsframes-check-") as tmp:
        folder = Path(tmp) / project.out.name
        folder.mkdir()
        built = build_folder(project, folder, cache=cache, digests=digests, validated=report.validated)
        problems = _links(project) + compare_folders(folder, project.out, project.rel(project.out))
        card = project.card_path
        current = read_card(card) if card is not None and card.is_file() else None
        if card is None:
            pass  # `--out DIR` without `--card`: the build writes no card
        elif current is None:
            problems.append(f"{project.rel(card)}: missing (the build writes the card)")
        elif current != built.card_text:
            from .card import split_front_matter

            part = ("its YAML front matter" if split_front_matter(current)[0] != split_front_matter(built.card_text)[0]
                    else "its release line (unreleased / release X.Y.Z)")
            problems.append(f"{project.rel(project.card_path)}: {part} differs from what the corpus builds")
        from ..leaks.published import check_problems

        leaks = check_problems(project, built, folder)
        problems += leaks
        problems += declared_problems(project, built)
        problems += releases_problems(project.root)
        if project.documents_project:
            from ..stats.docs import DocsError, stale_docs

            try:
                problems += stale_docs(project.root, project.corpus)
            except DocsError as exc:  # broken markers, a FIFO in place of a document: named, not a crash
                problems.append(str(exc))
    return CheckResult(list(dict.fromkeys(problems)), built, leaks)  # a link of the docs is named once


def _links(project: Project) -> list[str]:
    """Symbolic links among what the build writes (`outguard.link_problems`: the build
    refuses them) and in data/ and schema/ (`symlink_problems`: publish refuses them),
    each named once."""
    from .outguard import link_problems

    ours = link_problems(project)
    named = {line.split(": a symbolic link", 1)[0] for line in ours}
    return ours + [p for p in symlink_problems(project) if p.split(": a symbolic link", 1)[0] not in named]
