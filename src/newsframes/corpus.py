"""Reading the corpus folder: `corpus/<id>.json` (record) beside `corpus/<id>.txt` (text).

This reader trusts its input: call it on a corpus that `newsframes validate` passed.
The validator has its own careful reader for untrusted files."""

from __future__ import annotations

import json
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
    record = json.loads(json_path.read_text(encoding="utf-8"))
    text = txt_path.read_text(encoding="utf-8")
    return Article(json_path.stem, json_path, txt_path, record, text)


def iter_articles(corpus_dir: Path) -> Iterator[Article]:
    for p in record_paths(corpus_dir):
        yield read_article(p)
