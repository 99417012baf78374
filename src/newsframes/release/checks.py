"""The release checks: a release manifest (releases/<version>.json) is never edited or
overwritten with other content, and data declared released is that release. `build
--check` runs them; `build --release` refuses a version whose manifest records other data."""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from ..dataset import manifest
from ..dataset.project import Built, Project


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
