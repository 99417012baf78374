"""Which folders a build may replace. A build swaps a whole folder into place of
`--out DIR`; that must never be a folder someone else owns: the project itself, its
corpus/, seeds/, schema/, releases/ or .git (nor a folder holding or inside one of them),
nor an existing non-empty folder that is not a data folder a previous build wrote
(MANIFEST.json with `"name": "newsframes"`). A new or empty folder is fine."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .manifest import MANIFEST_NAME
from .project import BESIDE, Project

PROTECTED = ("corpus", "seeds", "schema", "releases", ".git")


# The start of a MANIFEST.json as `manifest.dumps` writes it: its name first, the corpus
# digest among the first keys (read this way when the file is too large to parse for a look:
# 75 MB at 100,000 articles, whose parse took 0.9 s and 520 MB; it was refused over 64 MiB)
_HEAD = re.compile(rb'\A\{\n  "name": "newsframes",\n(?:  "[a-z_]+": [^\n]*\n){0,8}  "corpus_digest": "[0-9a-f]{64}",\n')
PARSED = 16 * 1024 * 1024


def is_data_folder(folder: Path) -> bool:
    """True when `folder` holds the MANIFEST.json of a newsframes build."""
    path = folder / MANIFEST_NAME
    try:
        if not path.is_file():
            return False
        if path.stat().st_size > PARSED:
            with open(path, "rb") as fh:
                return _HEAD.match(fh.read(4096)) is not None
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


def card_problem(project: Project) -> str | None:
    """Why the build must not write the card `--card FILE` (None: it may)."""
    card = project.card_path
    if card is None or project.card == BESIDE:
        return None
    if card.name != "README.md":
        return "the dataset card must be named README.md (the Hub and `datasets` read it by that name)"
    import os

    if Path(os.path.abspath(card)).is_relative_to(os.path.abspath(project.out)) or \
            card.parent.resolve().is_relative_to(project.out.resolve()):
        return f"it is inside the output folder {project.out}, which the build replaces as a whole"
    lexical = Path(os.path.abspath(project.out)).is_relative_to(card.parent)
    if not (lexical or project.out.resolve().is_relative_to(card.parent.resolve())):
        return (f"its folder {card.parent} does not hold the output folder {project.out} (the card's paths are "
                "relative to its folder)")
    return None  # a folder holding the output folder is never inside corpus/ and the like: out_problem


def owned_outputs(project: Project, *, exports: Path | None = None, release: bool = False) -> list[tuple[Path, Path]]:
    """(owner, path) of everything the build may write, `owner` being the folder a write
    may not leave through a link: the project for its own files (data/, the card, the
    generated docs and figures, exports/, releases/), else the folder the user named."""
    from .. import __version__
    from ..stats.docs import DOCUMENTS, FIGURES_DIR
    from ..stats.plots import PLOTS
    from .manifest import release_path

    root = project.root

    def owner(path: Path, mine: Path) -> Path:
        return root if path.is_relative_to(root) else mine

    out = [(owner(project.out, project.out), project.out)]
    card = project.card_path
    if card is not None:
        out.append((owner(card, card.parent), card))
    if project.documents_project:
        out += [(root, root / name) for name in DOCUMENTS]
        out += [(root, root / FIGURES_DIR / name) for name in PLOTS]
    if exports is not None:
        folder = export_folder(project, exports)
        out += [(owner(folder, folder), folder / f"{split}.spacy") for split in ("train", "validation", "test")]
    if release:
        out.append((root, release_path(root, __version__)))
    return out


def export_folder(project: Project, exports: Path) -> Path:
    """Where `build --exports DIR` writes the DocBins: DIR/spacy, DIR relative to the project."""
    return (exports if exports.is_absolute() else project.root / exports) / "spacy"


def link_problems(project: Project, *, exports: Path | None = None, release: bool = False) -> list[str]:
    """One line per symbolic link on the way to a file the build writes (issue 25: a
    linked docs/figures made the build rewrite figures in the folder it pointed to)."""
    from ..inside import first_link, link_message

    seen, out = set(), []
    for owner, path in owned_outputs(project, exports=exports, release=release):
        link = first_link(owner, path)
        if link is not None and link not in seen:
            seen.add(link)
            out.append(link_message(link, project.rel(link)))
    return out


def refusal(project: Project, *, exports: Path | None = None, release: bool = False) -> str | None:
    """The whole error message for a refused `--out` or `--card`, or a link among the
    files the build writes; None when the build may proceed."""
    problem = out_problem(project)
    if problem is not None:
        return f"refusing --out {project.out}: {problem}; a build replaces the whole folder. Nothing was changed."
    problem = card_problem(project)
    if problem is not None:
        return f"refusing --card {project.card_path}: {problem}. Nothing was changed."
    links = link_problems(project, exports=exports, release=release)
    if links:
        return "refusing to build: " + "; ".join(links) + ". Nothing was changed."
    return None
