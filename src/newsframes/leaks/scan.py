r"""The words of a published file, as one stream, and where a run of them sits.

- `.json`, `.jsonl`, `.parquet`: every string (keys of JSON included), each on its own (a
  run never joins two values); a string that occurs several times is read once. A
  Parquet file's strings: those of every column type that can hold one (binary as UTF-8),
  its column names and key-value metadata. A place
  is `/pointer` (JSON), `line L, /pointer` (JSON Lines) or `row R, /pointer` (Parquet),
  the first value that holds the run. A `.json` or `.jsonl` file that is not JSON is read
  as text. Numbers, booleans and nulls are no words of any string.
- images (`.png`, `.jpg`, `.jpeg`, `.gif`, `.webp`, `.ico`): no words (skipped).
- anything else (Markdown, YAML, CFF, plain text, ...): the whole file is one part (a
  quotation may wrap across lines), decoded as UTF-8 with undecodable bytes replaced;
  HTML character references (`&lt;`, `&#8217;`) are decoded in `.md` and `.html`;
  a place is `line L`.

A file is also read the ways a reader could see through what hides words from the first
reading (`read_streams`), only when it holds what could hide them:
- markup inside words: HTML comments and tags, Markdown's `*`, `~`, `` ` ``, `[`, `]` and
  link targets `](...)` taken out (`Lav<b></b>rov`, `Lav**rov**`, `[Lav](x)rov` read
  `Lavrov`), HTML character references decoded (in JSON strings too) and backslash
  escapes `\xNN`, `\uNNNN`, `\UNNNNNNNN` decoded (a YAML double-quoted string); in a JSON,
  JSON Lines or Parquet file, whose strings are shown as they are (never as Markdown),
  only when it holds an HTML comment, an inline tag or a character reference, and each
  string on its own (what is taken out never joins two values);
- format characters (zero-width space, ...) as spaces: `Foreign\u200bMinister` reads as two
  words there (the first reading drops them, so `Lav\u200brov` is one word).
A file leaks when any reading holds a run. In a structured file a further reading holds
only the strings it changes (the others are read by the first)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

import numpy as np

from .words import SEP, _format_characters, ranges_class, tokens

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


def parts_stream(strings, kind: str, n: int, reading=None) -> Stream:
    """The distinct strings that can hold `n` words, one part each (an ASCII string of
    fewer than 2n - 1 characters cannot: others may grow under NFKC), in sorted order.
    `reading`: a function giving a string as a further reading sees it (None for a string it
    leaves as it is: not part of that reading); `parts` keeps the strings as the file
    holds them (for `where`)."""
    seen: dict[str, str] = {}
    for s in strings:
        shown = s if reading is None else reading(s)
        if shown is None:
            continue
        shown = shown.replace(SEP, " ")
        if (len(shown) >= 2 * n - 1 or not shown.isascii()) and shown not in seen:
            seen[shown] = s
    order = sorted(seen)
    return _stream(f" {SEP} ".join(order), kind, [seen[k] for k in order])


def _walk(value, where: str = ""):
    """(JSON pointer, string) of every key and string value, in document order (a stack:
    no recursion, whatever the depth)."""
    stack = [(value, where)]
    while stack:
        node, at = stack.pop()
        if isinstance(node, bytes):  # a binary Parquet value, read as UTF-8
            node = node.decode("utf-8", errors="replace")
        if isinstance(node, str):
            yield at or "/", node
        elif isinstance(node, dict):
            items = list(node.items())
            for k, v in reversed(items):
                esc = str(k).replace("~", "~0").replace("/", "~1")
                stack.append((v, f"{at}/{esc}"))
            for k, _ in reversed(items):
                yield f"{at}/{str(k).replace('~', '~0').replace('/', '~1')}", str(k)
        elif isinstance(node, (list, tuple)):  # a tuple: a Parquet map's (key, value)
            stack += [(v, f"{at}/{i}") for i, v in reversed(list(enumerate(node)))]


_JSON_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"', re.S)  # "...": the loop unrolled (runs of plain characters)


def json_strings(text: str) -> list[str]:
    """Every distinct string of a JSON text (keys included), in the order of their first
    occurrence: read from the text (the file was checked to be JSON; a key given twice keeps
    both values here), escapes decoded. A string held many times (data/MANIFEST.json holds
    every id, split and status over and over: 30,000 distinct of 390,000 at 10,000
    articles) is decoded once."""
    import json

    return list(dict.fromkeys(json.loads(f'"{s}"') if "\\" in s else s
                              for s in dict.fromkeys(_JSON_STRING.findall(text))))


# What can hide words from the first reading. In a document (small): any markup, character
# reference or backslash escape. In a JSON, JSON Lines or Parquet file (data/, large; its
# strings are shown as they are, never rendered as Markdown, and the project's own notes
# hold `code` and <placeholders> in every row): an HTML comment, an inline HTML tag, a character
# reference. Each pattern starts with a character class, so `re` skips ahead fast.
_HIDING_TEXT = re.compile(r"<[A-Za-z!/]|&#?[0-9A-Za-z]{1,32};|[*~`\[\]]|\\[xuU][0-9a-fA-F]")
_INLINE_TAG = (r"</?(?:a|abbr|b|bdi|bdo|big|br|cite|code|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strike|"
               r"strong|sub|sup|tt|u|var|wbr)(?:\s[^<>]{0,500})?/?>")
_HIDING_DATA = re.compile(r"<!--|" + _INLINE_TAG + r"|&#?[0-9A-Za-z]{1,32};")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,500}>")
_LINK_TARGET = re.compile(r"\]\([^()\s]{0,2000}\)")
_MARKERS = re.compile(r"[*~`\[\]]")
_BACKSLASH = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")
_CF = ranges_class(_format_characters())
_FORMAT = re.compile("[" + _CF + "]")
# one fast look first: a format character of the BMP, or any character beyond it (a class of
# the few format characters there is several times slower to search)
_FORMAT_QUICK = re.compile("[" + ranges_class(c for c in _format_characters() if c <= "\uffff")
                           + "\U00010000-\U0010ffff]")
# a format character between two letters: the only place where reading it as a space differs
_FORMAT_IN_WORD = re.compile("[" + _CF + "](?<=[^\\W_].)[" + _CF + "]*(?=[^\\W_])")


def _lines_kept(m: re.Match) -> str:
    return "\n" * m.group(0).count("\n")  # what is taken out keeps the line numbers of what follows


def _decoded(m: re.Match) -> str:
    code = int(m.group(1)[1:], 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else " "


def unhidden(text: str) -> str:
    """`text` as read through markup and escapes inside words (see the module)."""
    text = html.unescape(text)
    text = _COMMENT.sub(_lines_kept, text)
    text = _TAG.sub(_lines_kept, text)
    text = _LINK_TARGET.sub("", text)
    text = _BACKSLASH.sub(_decoded, text)
    return _MARKERS.sub("", text)


def _format_as_spaces(text: str) -> str | None:
    """`text` with its format characters read as spaces; None when that changes no word."""
    if _FORMAT_QUICK.search(text) and _FORMAT_IN_WORD.search(text):
        return _FORMAT.sub(" ", text)
    return None


def _unhidden_data(text: str) -> str | None:
    return unhidden(text) if _HIDING_DATA.search(text) else None


def read_streams(name: str, data: bytes, n: int) -> list[Stream]:
    """Every reading of a file's bytes (see the module); none for an image."""
    kind = kind_of(name)
    if kind == "image":
        return []
    strings = None
    if kind == "parquet":
        from .parquet import parquet_strings

        strings = parquet_strings(data, n)
    else:
        text = data.decode("utf-8", errors="replace")
        if kind in ("json", "jsonl"):
            import orjson

            try:
                lines = [data] if kind == "json" else [line for line in data.splitlines() if line.strip()]
                for line in lines:
                    orjson.loads(line)  # JSON, or read as text
                strings = json_strings(text)
            except orjson.JSONDecodeError:
                pass
    if strings is not None:
        # each distinct string once, in the order first held: a reading of a string depends on
        # it alone, and `parts_stream` keeps one part per distinct reading, the first string giving it
        strings = list(dict.fromkeys(strings))
        out = [parts_stream(strings, kind, n)]
        for reading in (_unhidden_data, _format_as_spaces):
            s = parts_stream(strings, kind, n, reading)
            if len(s.h):
                out.append(s)
        return out
    if kind == "html-text":
        text = html.unescape(text)
    out = [text_stream(text)]
    if _HIDING_TEXT.search(text):
        out.append(text_stream(unhidden(text)))
    spaced = _format_as_spaces(text)
    if spaced is not None:
        out.append(text_stream(spaced))
    return out


def read_stream(name: str, data: bytes, n: int) -> Stream | None:
    """The first reading of a file's bytes, None for a file without words (an image)."""
    got = read_streams(name, data, n)
    return got[0] if got else None


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
    return "the file's schema or metadata"


def _parquet_strings(data: bytes, n: int) -> set[str]:
    """`parquet.parquet_strings` (the name the tests know)."""
    from .parquet import parquet_strings

    return parquet_strings(data, n)
