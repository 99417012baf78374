"""The words of a published file, as one stream, and where each word sits.

- `.parquet`: every string of every row (nested values included), one value per part of
  the stream; a place is `row R, /column/...`. With `titles=False` (the built data) the
  `title` of a row is not read: the rights policy keeps titles (the check looks at a
  title that is its article's whole text apart, `published.title_problems`).
- `.jsonl`: every string (and object key) of each line's JSON value; `line L, /pointer`.
- `.json`: every string and key of the document; `/pointer`. A file that does not parse
  is read as text.
- images (`.png`, `.jpg`, `.jpeg`, `.gif`, `.webp`, `.ico`): no words (skipped).
- anything else (Markdown, YAML, CFF, plain text, ...): the whole file is one part (a
  quotation may wrap across lines), decoded as UTF-8 with undecodable bytes replaced;
  HTML character references (`&lt;`, `&#8217;`) are decoded in `.md` and `.html`;
  a place is `line L`."""

from __future__ import annotations

import bisect
import html
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Callable

import numpy as np

from .words import BOUNDARY, WORD, Vocabulary, normalise

IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico"}
HTML_TEXT = {".md", ".html", ".htm"}


@dataclass
class Stream:
    ids: np.ndarray
    where: Callable[[int], str]  # word position -> a place in the file (never its words)


def kind_of(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in IMAGES:
        return "image"
    if suffix in (".parquet", ".jsonl", ".json"):
        return suffix[1:]
    return "html-text" if suffix in HTML_TEXT else "text"


def _walk(value, pointer: str, out: list[tuple[str, str]], skip: str | None = None) -> None:
    """Every string and key of `value`, with its pointer, in document order (a stack, not
    recursion: a hostile file nested 1,000 deep must not overflow Python's stack);
    `skip`: a top-level key whose value is not read (a row's `title`)."""
    stack = [(value, pointer, True)]
    while stack:
        node, where, top = stack.pop()
        if isinstance(node, str):
            out.append((where or "/", node))
        elif isinstance(node, dict):
            todo = []
            for k, v in node.items():
                key = str(k)
                esc = key.replace("~", "~0").replace("/", "~1")
                todo.append((key, where + "/" + esc + " (key)", False))
                if not (top and key == skip):
                    todo.append((v, where + "/" + esc, False))
            stack += reversed(todo)
        elif isinstance(node, list):
            stack += reversed([(v, f"{where}/{n}", False) for n, v in enumerate(node)])


def _parts_stream(parts: list[tuple[str, str]], vocab: Vocabulary, grow: bool) -> Stream:
    """One stream of many values, a boundary after each."""
    ids: list[int] = []
    starts: list[int] = []
    places: list[str] = []
    for place, text in parts:
        ws = WORD.findall(normalise(text))
        if not ws:
            continue
        starts.append(len(ids))
        places.append(place)
        ids += vocab.encode(ws, grow=grow)
        ids.append(BOUNDARY)

    def where(pos: int) -> str:
        return places[bisect.bisect_right(starts, pos) - 1] if starts else "?"

    return Stream(np.asarray(ids, dtype=np.int64), where)


def _text_stream(text: str, vocab: Vocabulary, grow: bool) -> Stream:
    norm = normalise(text)
    found = list(WORD.finditer(norm))
    ids = vocab.encode([m.group(0) for m in found], grow=grow)
    starts = [m.start() for m in found]
    newlines = [i for i, c in enumerate(norm) if c == "\n"]

    def where(pos: int) -> str:
        return f"line {bisect.bisect_left(newlines, starts[pos]) + 1}" if starts else "?"

    return Stream(np.asarray(ids, dtype=np.int64), where)


def read_stream(name: str, data: bytes, vocab: Vocabulary, *, grow: bool = False,
                titles: bool = True) -> Stream | None:
    """The stream of a file's bytes, None for a file without words (an image). `grow`:
    add unknown words to the vocabulary (False when only matches against the withheld
    texts, whose words are all in it, matter). `titles=False`: the top-level `title` of
    each row of a Parquet or JSON Lines file is not read (the built data)."""
    skip = None if titles else "title"
    kind = kind_of(name)
    if kind == "image":
        return None
    if kind == "parquet":
        import io

        import pyarrow.parquet as pq

        parts: list[tuple[str, str]] = []
        for r, row in enumerate(pq.read_table(io.BytesIO(data)).to_pylist()):
            _walk(row, f"row {r + 1}, ", parts, skip)
        return _parts_stream(parts, vocab, grow)
    text = data.decode("utf-8", errors="replace")
    if kind == "jsonl":
        import orjson

        parts = []
        for i, line in enumerate(text.split("\n")):
            if not line.strip():
                continue
            try:
                _walk(orjson.loads(line), f"line {i + 1}, ", parts, skip)
            except orjson.JSONDecodeError:
                parts.append((f"line {i + 1}", line))
        return _parts_stream(parts, vocab, grow)
    if kind == "json":
        import orjson

        try:
            parts = []
            _walk(orjson.loads(data), "", parts)
            return _parts_stream(parts, vocab, grow)
        except orjson.JSONDecodeError:
            pass
    if kind == "html-text":
        text = html.unescape(text)
    return _text_stream(text, vocab, grow)
