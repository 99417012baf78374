"""The words of a published file, as one stream, and where a run of them sits.

- `.json`, `.jsonl`: every string (keys included), each on its own (a run never joins two
  values), read from the raw text at regular-expression speed: JSON escapes are decoded
  (`\\u00e9` is `é`; an escaped quote, backslash or control character separates words),
  the quotes that delimit strings become boundaries. A place is `line L, /pointer`
  (JSON Lines) or `/pointer`. A file that is not JSON is read as text.
- `.parquet`: judged by its JSON Lines mirror under `data/jsonl/` when the check reads
  that too (the build writes both from the same rows, and `build --check` checks both
  are what the corpus builds); otherwise every string of every row is read.
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

from .words import WORD, hashes, normalise

IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico"}
HTML_TEXT = {".md", ".html", ".htm"}
SEP = "\ue000"  # a private-use character: where a JSON string starts or ends
_ESCAPE = re.compile(r'\\(u[0-9a-fA-F]{4}|.)', re.S)
_TOKEN = re.compile(r"[^\W_]+|" + SEP)


@dataclass
class Stream:
    tokens: list[str]  # words, and SEP at every string boundary
    h: np.ndarray  # word hashes
    bad: np.ndarray | None  # True at boundaries
    kind: str
    text: str  # what was tokenised (normalised), for places

    def where(self, pos: int, n: int) -> str:
        """The place of the run of `n` words starting at word `pos` (never its words)."""
        return _place(self, pos, n)


def kind_of(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in IMAGES:
        return "image"
    if suffix in (".parquet", ".jsonl", ".json"):
        return suffix[1:]
    return "html-text" if suffix in HTML_TEXT else "text"


def _unescape(m: re.Match) -> str:
    e = m.group(1)
    if e[0] == "u":
        c = chr(int(e[1:], 16))
        return " " if c in '"\\' or c < " " or c == SEP else c
    return " "  # \" \\ \/ \n \t \r \b \f: separators


def json_stream(text: str) -> Stream:
    """The strings of a JSON or JSON Lines text, each a part of its own."""
    text = text.replace(SEP, " ")
    text = _ESCAPE.sub(_unescape, text).replace('"', SEP)  # every quote left delimits a string
    norm = normalise(text)
    tokens = _TOKEN.findall(norm)
    h = hashes(tokens)
    return Stream(tokens, h, h == hash(SEP), "jsonl", norm)  # a word hashing as SEP: one more boundary


def text_stream(text: str) -> Stream:
    norm = normalise(text)
    tokens = WORD.findall(norm)
    return Stream(tokens, hashes(tokens), None, "text", norm)


def parquet_stream(data: bytes) -> Stream:
    """Every string of every row of a Parquet file (the slow way: without a mirror)."""
    import io

    import orjson
    import pyarrow.parquet as pq

    rows = pq.read_table(io.BytesIO(data)).to_pylist()
    lines = b"\n".join(orjson.dumps(r, default=str) for r in rows).decode("utf-8")
    stream = json_stream(lines)
    stream.kind = "parquet"  # one line per row: a place is `row R, /pointer`
    return stream


def read_stream(name: str, data: bytes) -> Stream | None:
    """The stream of a file's bytes, None for a file without words (an image)."""
    kind = kind_of(name)
    if kind == "image":
        return None
    if kind == "parquet":
        return parquet_stream(data)
    text = data.decode("utf-8", errors="replace")
    if kind in ("json", "jsonl"):
        import orjson

        try:
            if kind == "json":
                orjson.loads(data)
            s = json_stream(text)
            s.kind = kind
            return s
        except orjson.JSONDecodeError:
            pass
    if kind == "html-text":
        text = html.unescape(text)
    return text_stream(text)


def _place(stream: Stream, pos: int, n: int) -> str:
    """Line (and, in JSON, the pointer of the value) of the run starting at word `pos`."""
    pattern = WORD if stream.kind == "text" else _TOKEN
    start = None
    for i, m in enumerate(pattern.finditer(stream.text)):
        if i == pos:
            start = m.start()
            break
    if start is None:
        return "?"
    line = stream.text.count("\n", 0, start) + 1
    if stream.kind == "text":
        return f"line {line}"
    gram = [t for t in stream.tokens[pos:pos + n]]
    pointer = _pointer(stream.text.split("\n")[line - 1], gram)
    unit = "row" if stream.kind == "parquet" else "line"
    where = f"{unit} {line}, {pointer}" if stream.kind in ("jsonl", "parquet") else pointer
    return where or f"{unit} {line}"


def _pointer(norm_line: str, gram: list[str]) -> str:
    """The JSON pointer of the string of one normalised JSON line that holds `gram`."""
    import orjson

    try:
        value = orjson.loads(norm_line.replace(SEP, '"'))
    except orjson.JSONDecodeError:
        return ""
    stack = [(value, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, str):
            ws = WORD.findall(node)
            if any(ws[i:i + len(gram)] == gram for i in range(len(ws) - len(gram) + 1)):
                return where or "/"
        elif isinstance(node, dict):
            for k, v in node.items():
                esc = str(k).replace("~", "~0").replace("/", "~1")
                stack.append((v, f"{where}/{esc}"))
        elif isinstance(node, list):
            stack += [(v, f"{where}/{i}") for i, v in enumerate(node)]
    return ""
