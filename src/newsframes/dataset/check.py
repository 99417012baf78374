"""`build --check`: build into a temporary folder and compare bytes with data/, the card
and the release manifest of the current version. Every difference is named."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from . import manifest
from .core import build_folder
from .gate import corpus_digests, validate
from .project import Built, Project


@dataclass
class CheckResult:
    problems: list[str]
    built: Built | None

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


def release_problems(root: Path, release: dict) -> list[str]:
    path = manifest.release_path(root, __version__)
    if not path.is_file():
        return []
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{path}: cannot read the release manifest: {exc}"]
    diffs = manifest.release_differences(old, release)
    if not diffs:
        return []
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    head = (f"{shown}: version {__version__} is released and the data built now differs from it; "
            "bump the version (pyproject.toml and newsframes.__version__) before changing released data")
    return [head] + [f"  {d}" for d in diffs]


def check(project: Project, *, cache: bool = True) -> CheckResult:
    digests = corpus_digests(project, cache)
    validate(project, doing="nothing was checked", cache=cache, digests=digests)
    with tempfile.TemporaryDirectory(prefix="newsframes-check-") as tmp:
        folder = Path(tmp) / project.out.name
        folder.mkdir()
        built = build_folder(project, folder, cache=cache, digests=digests)
        problems = symlink_problems(project) + compare_folders(folder, project.out, project.rel(project.out))
        current = project.card_path.read_text(encoding="utf-8") if project.card_path.is_file() else None
        if current is None:
            problems.append(f"{project.rel(project.card_path)}: missing (the build writes the card)")
        elif current != built.card_text:
            problems.append(f"{project.rel(project.card_path)}: its YAML front matter differs from what the corpus builds")
        problems += release_problems(project.root, built.release)
        if project.documents_project:
            from ..stats.docs import stale_docs

            problems += stale_docs(project.root, project.corpus)
    return CheckResult(problems, built)
