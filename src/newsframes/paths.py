"""Where things live: the repository root, the schema folder, the cache."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

_SRC_ROOT = Path(__file__).resolve().parents[2]


def schema_dir() -> Path:
    """The schema folder: the checkout's `schema/` when running from a checkout,
    else the copy shipped inside the wheel."""
    here = _SRC_ROOT / "schema"
    if (here / "article.schema.json").is_file():
        return here
    return Path(str(resources.files("newsframes") / "_schema"))


def cache_dir() -> Path:
    """A cache outside git (token boundaries keyed by text hash)."""
    base = os.environ.get("NEWSFRAMES_CACHE")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "newsframes"


def project_root(start: Path | None = None) -> Path:
    """The project folder: the nearest parent of `start` (default: cwd) holding
    `corpus/` or `pyproject.toml`, else `start` itself."""
    start = (start or Path.cwd()).resolve()
    for p in (start, *start.parents):
        if (p / "corpus").is_dir() or (p / "schema" / "article.schema.json").is_file():
            return p
    return start


def corpus_and_root(corpus: Path | None) -> tuple[Path, Path]:
    """(corpus folder, project root) from a `--corpus DIR` option: the given folder and
    its parent, or the project's `corpus/` found from the current directory."""
    if corpus is not None:
        corpus = Path(corpus).resolve()
        return corpus, corpus.parent
    root = project_root()
    return root / "corpus", root
