"""Which folders a build may replace. A build swaps a whole folder into place of
`--out DIR`; that must never be a folder someone else owns: the project itself, its
corpus/, seeds/, schema/, releases/ or .git (nor a folder holding or inside one of them),
nor an existing non-empty folder that is not a data folder a previous build wrote
(MANIFEST.json with `"name": "newsframes"`). A new or empty folder is fine."""

from __future__ import annotations

import json
from pathlib import Path

from .manifest import MANIFEST_NAME
from .project import Project

PROTECTED = ("corpus", "seeds", "schema", "releases", ".git")


def is_data_folder(folder: Path) -> bool:
    """True when `folder` holds the MANIFEST.json of a newsframes build."""
    path = folder / MANIFEST_NAME
    try:
        if not path.is_file() or path.stat().st_size > 64 * 1024 * 1024:
            return False
        man = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return False
    return (isinstance(man, dict) and man.get("name") == "newsframes" and isinstance(man.get("files"), dict)
            and isinstance(man.get("corpus_digest"), str))


def out_problem(project: Project) -> str | None:
    """Why the build must not replace `project.out` (None: it may)."""
    out = project.out.resolve()
    root = project.root.resolve()
    owned = {root: "the project folder", project.corpus.resolve(): "the corpus folder"}
    for name in PROTECTED:
        owned.setdefault((root / name).resolve(), f"{name}/ of the project")
    for folder, what in owned.items():
        if out == folder:
            return f"it is {what}"
        if folder.is_relative_to(out):
            return f"it holds {what} ({folder})"
        if folder != root and out.is_relative_to(folder):
            return f"it is inside {what} ({folder})"
    if not out.exists() and not out.is_symlink():
        return None
    if not out.is_dir():
        return "it exists and is not a folder"
    if (out / ".git").exists():
        return "it holds a .git repository"
    try:
        empty = next(out.iterdir(), None) is None
    except OSError as exc:
        return f"it cannot be listed ({exc.strerror or exc})"
    if empty or is_data_folder(out):
        return None
    return (f"it is not empty and holds no {MANIFEST_NAME} of a newsframes build, so it is not a data "
            "folder a previous build wrote; give a new or empty folder (or delete this one yourself)")


def refusal(project: Project) -> str | None:
    """The whole error message for a refused `--out`, or None."""
    problem = out_problem(project)
    if problem is None:
        return None
    return f"refusing --out {project.out}: {problem}; a build replaces the whole folder. Nothing was changed."
