"""The words of a published file, as one stream, and where a run of them sits.

- `.json`, `.jsonl`, `.parquet`: every string (keys of JSON included), each on its own (a
  run never joins two values); a string that occurs several times is read once. A place
  is `/pointer` (JSON), `line L, /pointer` (JSON Lines) or `row R, /pointer` (Parquet),
  the first value that holds the run. A `.json` or `.jsonl` file that is not JSON is read
  as text. Numbers, booleans and nulls are no words of any string.
- images (`.png`, `.jpg`, `.jpeg`, `.gif`, `.webp`, `.ico`): no words (skipped).
- anything else (Markdown, YAML, CFF, plain text, ...): the whole file is one part (a
  quotation may wrap across lines), decoded as UTF-8 with undecodable bytes replaced;
  HTML character references (`&lt;`, `&#8217;`) are decoded in `.md` and `.html`;
  a place is `line L`."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

import numpy as np

from .words import SEP, tokens

IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico"}
HTML_TEXT = {".md", ".html", ".htm"}


@dataclass
class Stream:
    h: np.ndarray  # word hashes (int64)
    bad: np.ndarray | None  # True at the boundaries between parts
    starts: np.ndarray  # where each token starts and ends in `norm`
    ends: np.ndarray
    norm: str  # what was tokenised (normalised)
    kind: str  # "text", "json", "jsonl" or "parquet"
    parts: list[str] | None = None  # the strings of a structured file, in stream order

    def words(self, pos: int, n: int) -> list[str]:
        return [self.norm[a:b] for a, b in zip(self.starts[pos:pos + n], self.ends[pos:pos + n])]

    def part_of(self, pos: int) -> str:
        """The string holding the token at `pos` (structured files)."""
        return self.parts[int(np.count_nonzero(self.bad[:pos]))]


def kind_of(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in IMAGES:
        return "image"
    if suffix in (".parquet", ".jsonl", ".json"):
        return suffix[1:]
    return "html-text" if suffix in HTML_TEXT else "text"


def _stream(text: str, kind: str, parts: list[str] | None = None) -> Stream:
    h, bad, starts, ends, norm = tokens(text)
    if norm is None:
        norm = text.replace("'", "").replace("`", "").lower()
    return Stream(h, bad if parts is not None else None, starts, ends, norm, kind, parts)


def text_stream(text: str) -> Stream:
    return _stream(text.replace(SEP, " "), "text")


def parts_stream(strings, kind: str, n: int) -> Stream:
    """The distinct strings that can hold `n` words, one part each (an ASCII string of
    fewer than 2n - 1 characters cannot: others may grow under NFKC), in sorted order."""
    parts = sorted({s.replace(SEP, " ") for s in strings if len(s) >= 2 * n - 1 or not s.isascii()})
    return _stream(f" {SEP} ".join(parts), kind, parts)


def _walk(value, where: str = ""):
    """(JSON pointer, string) of every key and string value, in document order (a stack:
    no recursion, whatever the depth)."""
    stack = [(value, where)]
    while stack:
        node, at = stack.pop()
        if isinstance(node, str):
            yield at or "/", node
        elif isinstance(node, dict):
            items = list(node.items())
            for k, v in reversed(items):
                esc = str(k).replace("~", "~0").replace("/", "~1")
                stack.append((v, f"{at}/{esc}"))
            for k, _ in reversed(items):
                yield f"{at}/{str(k).replace('~', '~0').replace('/', '~1')}", str(k)
        elif isinstance(node, list):
            stack += [(v, f"{at}/{i}") for i, v in reversed(list(enumerate(node)))]


_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)


def json_strings(text: str) -> list[str]:
    """Every string of a JSON text (keys included), in document order: read from the text
    (the file was checked to be JSON), escapes decoded."""
    import json

    return [json.loads(f'"{s}"') if "\\" in s else s for s in _JSON_STRING.findall(text)]


def _parquet_strings(data: bytes, n: int) -> set[str]:
    """Every distinct string of a Parquet file, a row group at a time: its string columns
    read as dictionaries (what each holds, not each row's copy). `parts_stream` keeps
    those that can hold `n` words."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    out: set[str] = set()

    def leaves(arr):
        t = arr.type
        if pa.types.is_struct(t):
            for i in range(t.num_fields):
                yield from leaves(arr.field(i))
        elif pa.types.is_list(t) or pa.types.is_large_list(t):
            yield from leaves(arr.flatten())
        elif pa.types.is_dictionary(t):
            yield arr.dictionary
        elif pa.types.is_string(t) or pa.types.is_large_string(t):
            yield arr

    schema = pq.ParquetFile(pa.BufferReader(data)).schema
    strings = [schema.column(i).path for i in range(len(schema)) if schema.column(i).physical_type == "BYTE_ARRAY"]
    pf = pq.ParquetFile(pa.BufferReader(data), read_dictionary=strings)
    for g in range(pf.metadata.num_row_groups):
        table = pf.read_row_group(g)
        for col in table.columns:
            for chunk in col.chunks:
                for leaf in leaves(chunk):
                    out.update(pc.unique(leaf.drop_null()).to_pylist())
    return out




def read_stream(name: str, data: bytes, n: int) -> Stream | None:
    """The stream of a file's bytes, None for a file without words (an image)."""
    kind = kind_of(name)
    if kind == "image":
        return None
    if kind == "parquet":
        return parts_stream(_parquet_strings(data, n), "parquet", n)
    text = data.decode("utf-8", errors="replace")
    if kind in ("json", "jsonl"):
        import orjson

        try:
            lines = [data] if kind == "json" else [line for line in data.splitlines() if line.strip()]
            for line in lines:
                orjson.loads(line)  # JSON, or read as text
            return parts_stream(json_strings(text), kind, n)
        except orjson.JSONDecodeError:
            pass
    if kind == "html-text":
        text = html.unescape(text)
    return text_stream(text)


def where(stream: Stream, pos: int, data: bytes) -> str:
    """The place of the run starting at word `pos` (never its words)."""
    if stream.parts is None:
        return f"line {stream.norm.count(chr(10), 0, int(stream.starts[pos])) + 1}"
    part = stream.part_of(pos)
    if stream.kind == "json":
        import orjson

        return next((at for at, s in _walk(orjson.loads(data)) if s == part), "?")
    if stream.kind == "jsonl":
        import orjson

        for no, line in enumerate(data.splitlines(), 1):
            at = next((at for at, s in _walk(orjson.loads(line)) if s == part), None) if line.strip() else None
            if at is not None:
                return f"line {no}, {at}"
        return "?"
    import pyarrow as pa
    import pyarrow.parquet as pq

    pf, row = pq.ParquetFile(pa.BufferReader(data)), 0
    for g in range(pf.metadata.num_row_groups):
        for record in pf.read_row_group(g).to_pylist():
            row += 1
            at = next((at for at, s in _walk(record) if s == part), None)
            if at is not None:
                return f"row {row}, {at}"
    return "?"
