r"""The words of a published file, as one stream, and where a run of them sits.

- `.json`, `.jsonl`: every string (keys included), each on its own (a run never joins two
  values), read from the raw text at regular-expression speed: JSON escapes are decoded
  (`\u00e9` is `é`; an escaped quote, backslash or control character separates words),
  the quotes that delimit strings become boundaries. A place is `line L, /pointer`
  (JSON Lines) or `/pointer`. A file that is not JSON is read as text.
- `.parquet`: judged by its JSON Lines mirror under `data/jsonl/` when the check reads
  that too (the build writes both from the same rows, and `build --check` checks both
  are what the corpus builds); otherwise every string of every row is read.
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
  only when it holds an HTML comment, an inline tag or a character reference;
- format characters (zero-width space, ...) as spaces: `Foreign\u200bMinister` reads as two
  words there (the first reading drops them, so `Lav\u200brov` is one word).
A file leaks when any reading holds a run."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

import numpy as np

from .words import WORD, _format_characters, hashes, normalise, ranges_class

IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico"}
HTML_TEXT = {".md", ".html", ".htm"}
SEP = "\ue000"  # a private-use character: where a JSON string starts or ends
# a surrogate pair first (json.dumps writes a letter beyond the BMP, such as the
# mathematical bold letters NFKC reads as Latin ones, as two escapes)
_ESCAPE = re.compile(r'\\(u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)', re.S)
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
    if len(e) == 11:  # a surrogate pair
        hi, lo = int(e[1:5], 16), int(e[7:], 16)
        return chr(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
    if e[0] == "u":
        c = chr(int(e[1:], 16))
        return " " if c in '"\\' or c < " " or c == SEP else c
    return " "  # \" \\ \/ \n \t \r \b \f: separators


def _json_parts(text: str) -> str:
    """A JSON text with its escapes decoded and SEP where a string starts or ends."""
    text = text.replace(SEP, " ")
    return _ESCAPE.sub(_unescape, text).replace('"', SEP)  # every quote left delimits a string


def json_stream(text: str, parts: str | None = None) -> Stream:
    """The strings of a JSON or JSON Lines text, each a part of its own (`parts`: the text
    as `_json_parts` gives it, when already made)."""
    text = _json_parts(text) if parts is None else parts
    norm = normalise(text)
    tokens = _TOKEN.findall(norm)
    h = hashes(tokens)
    return Stream(tokens, h, h == hash(SEP), "jsonl", norm)  # a word hashing as SEP: one more boundary


def text_stream(text: str) -> Stream:
    norm = normalise(text)
    tokens = WORD.findall(norm)
    return Stream(tokens, hashes(tokens), None, "text", norm)


def read_stream(name: str, data: bytes) -> Stream | None:
    """The stream of a file's bytes (its first reading), None for a file without words
    (an image)."""
    got = read_streams(name, data)
    return got[0] if got else None


# What can hide words from the first reading. In a document (small): any markup, character
# reference or backslash escape. In a JSON, JSON Lines or Parquet file (data/, large; its
# strings are shown as they are, never rendered as Markdown, and the project's own notes
# hold `code` and <placeholders>): an HTML comment, an inline HTML tag, a character
# reference. Each pattern starts with a character class, so `re` skips ahead fast.
_HIDING_TEXT = re.compile(r"<[A-Za-z!/]|&#?[0-9A-Za-z]{1,32};|[*~`\[\]]|\\[xuU][0-9a-fA-F]")
_INLINE_TAG = (r"</?(?:a|abbr|b|bdi|bdo|big|br|cite|code|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strike|"
               r"strong|sub|sup|tt|u|var|wbr)(?:\s[^<>]{0,500})?/?>")
_HIDING_DATA = re.compile(r"<!--|" + _INLINE_TAG + r"|&#?[0-9A-Za-z]{1,32};")
# none of them spans SEP: what is taken out never joins two JSON values
_COMMENT = re.compile("<!--[^\ue000]*?(?:-->|(?=\ue000)|\\Z)")
_TAG = re.compile("</?[A-Za-z][^<>\ue000]{0,500}>")
_LINK_TARGET = re.compile("\\]\\([^()\\s\ue000]{0,2000}\\)")
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
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF and chr(code) != SEP else " "


_SEP_REFERENCE = re.compile(r"&#(?:0*57344|[xX]0*[eE]000);?")  # SEP written as a reference: no boundary


def _unhidden(text: str) -> str:
    """`text` as read through markup and escapes inside words (see the module); the SEP
    boundaries of a JSON text stay where they are."""
    text = html.unescape(_SEP_REFERENCE.sub(" ", text))
    text = _COMMENT.sub(_lines_kept, text)
    text = _TAG.sub(_lines_kept, text)
    text = _LINK_TARGET.sub("", text)
    text = _BACKSLASH.sub(_decoded, text)
    return _MARKERS.sub("", text)


def read_streams(name: str, data: bytes) -> list[Stream]:
    """Every reading of a file's bytes (see the module); none for an image."""
    kind = kind_of(name)
    if kind == "image":
        return []
    if kind == "parquet":
        import io

        import orjson
        import pyarrow.parquet as pq

        rows = pq.read_table(io.BytesIO(data)).to_pylist()
        text = _json_parts(b"\n".join(orjson.dumps(r, default=str) for r in rows).decode("utf-8"))
        structured = True  # one line per row: a place is `row R, /pointer`
    else:
        text = data.decode("utf-8", errors="replace")
        structured = False
        if kind in ("json", "jsonl"):
            import orjson

            try:
                if kind == "json":
                    orjson.loads(data)
                text, structured = _json_parts(text), True
            except orjson.JSONDecodeError:
                kind = "text"
        if not structured:
            text = html.unescape(text) if kind == "html-text" else text
            kind = "text"
    readings = [text]
    if (_HIDING_DATA if structured else _HIDING_TEXT).search(text):
        readings.append(_unhidden(text))
    if _FORMAT_QUICK.search(text) and _FORMAT_IN_WORD.search(text):
        readings.append(_FORMAT.sub(" ", text))
    out = []
    for t in readings:
        s = json_stream("", t) if structured else text_stream(t)
        s.kind = kind
        out.append(s)
    return out


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
