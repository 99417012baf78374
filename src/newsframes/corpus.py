"""Reading the corpus folder: `corpus/<id>.json` (record) beside `corpus/<id>.txt` (text).

This reader trusts its input: call it on a corpus that `newsframes validate` passed.
The validator has its own careful reader for untrusted files. Even so it never opens
anything but a regular file (`safeio.NotRegularFile`, an OSError) and never recurses
without bound (`jsonio.TooDeep`, a ValueError, for a record nested too deeply)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator


@dataclass(frozen=True)
class Article:
    id: str
    json_path: Path
    txt_path: Path
    record: dict
    text: str


def record_paths(corpus_dir: Path) -> list[Path]:
    """The record files of a corpus folder, sorted by id (the build's row order)."""
    return sorted(Path(corpus_dir).glob("*.json"), key=lambda p: p.stem)


def read_article(json_path: Path) -> Article:
    json_path = Path(json_path)
    txt_path = json_path.with_suffix(".txt")
    from .jsonio import loads_guarded
    from .safeio import read_text

    record = loads_guarded(read_text(json_path), str(json_path))
    text = read_text(txt_path)
    return Article(json_path.stem, json_path, txt_path, record, text)


def iter_articles(corpus_dir: Path) -> Iterator[Article]:
    for p in record_paths(corpus_dir):
        yield read_article(p)
