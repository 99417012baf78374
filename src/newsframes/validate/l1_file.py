"""Level 1: the bytes of `<id>.json` and `<id>.txt` (encoding, normal form, line ends,
control characters, size and nesting limits, JSON syntax, id == file name).

Size is checked from `stat` before reading, and nesting depth by a scan of the bracket
characters before `json.loads`, so a 30 MB file or a 200,000-deep `[[[[` is refused in
milliseconds instead of exhausting memory or the recursion limit."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from ..jsonio import DuplicateKeyError, canonical_dumps, loads_strict
from .fastpath import clean_record
from .issues import Issue, make

MAX_JSON_BYTES = 8 * 1024 * 1024
MAX_TEXT_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
MAX_PER_CODE = 10  # report at most this many issues of one code per file, then a count

_BOM = b"\xef\xbb\xbf"
# C0/C1 controls except \n, zero-width and bidi format characters, line/paragraph separators
_BAD_CHARS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                        "\u2066-\u2069\ufeff\u2028\u2029]")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)  # closing quote optional: linear on bad input
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


@dataclass
class Loaded:
    """What level 1 read, for the later levels."""

    record: dict | None = None
    text: str | None = None
    text_bytes: bytes | None = None
    clean: bool = False  # the record took the fast path (clean, canonical, no float)


def read_limited(path: Path, limit: int, display: str, issues: list[Issue]) -> bytes | None:
    """The file's bytes, or None (with an issue) when missing, empty, too large or unreadable."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            issues.append(make("NF101", display, "not a regular file"))
            return None
        if size == 0:
            issues.append(make("NF102", display, "the file is empty"))
            return None
        if size > limit:
            issues.append(make("NF103", display, f"the file has {size:,} bytes; the limit is {limit:,}"))
            return None
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        issues.append(make("NF101", display, f"cannot read the file: {exc.strerror or exc}"))
        return None
    if len(data) > limit:  # grew after stat
        issues.append(make("NF103", display, f"the file has more than {limit:,} bytes"))
        return None
    if not data:
        issues.append(make("NF102", display, "the file is empty"))
        return None
    return data


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode_and_check(data: bytes, display: str, issues: list[Issue], *, is_text: bool) -> str | None:
    """Decode UTF-8 and check BOM, CR, control characters, NFC (and trailing spaces for
    the .txt). Returns the decoded string without BOM, or None when it is not UTF-8."""
    try:
        s = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        issues.append(make("NF104", display, f"byte 0x{data[exc.start]:02x} at byte offset {exc.start} is "
                           f"not valid UTF-8 ({exc.reason})", line=line, column=col))
        return None
    if s.startswith("\ufeff"):
        issues.append(make("NF105", display, "the file starts with a byte order mark (EF BB BF)", line=1, column=1))
        s = s[1:]
    if "\r" in s:
        i = s.index("\r")
        line, col = _line_col(s, i)
        issues.append(make("NF107", display, f"{s.count(chr(13))} carriage return(s); the first ends line {line}",
                           line=line, column=col))
    found = []
    for m in _BAD_CHARS.finditer(s):
        if m.group() == "\r":
            continue
        if len(found) == MAX_PER_CODE:
            rest = len(_BAD_CHARS.findall(s, m.start())) - s.count("\r", m.start())
            issues.extend(found)
            issues.append(make("NF108", display, f"... and {rest} more of the same kind"))
            found = []
            break
        line, col = _line_col(s, m.start())
        found.append(make("NF108", display, f"character U+{ord(m.group()):04X} "
                          f"({unicodedata.name(m.group(), 'control')})", line=line, column=col))
    issues.extend(found)
    if not unicodedata.is_normalized("NFC", s):
        for n, ln in enumerate(s.split("\n"), 1):
            if not unicodedata.is_normalized("NFC", ln):
                issues.append(make("NF106", display, f"line {n} is not NFC", line=n))
                break
    if is_text:
        found, more = [], 0
        for n, ln in enumerate(s.split("\n"), 1):
            stripped = ln.rstrip(" \t")
            if len(stripped) != len(ln):
                if len(found) == MAX_PER_CODE:
                    more += 1
                    continue
                found.append(make("NF109", display, f"{len(ln) - len(stripped)} trailing whitespace "
                                  "character(s)", line=n, column=len(stripped) + 1))
        issues.extend(found)
        if more:
            issues.append(make("NF109", display, f"... and {more} more of the same kind"))
    return s


def nesting_depth(s: str, limit: int = MAX_DEPTH) -> int:
    """Bracket depth of a JSON text, ignoring brackets inside strings. Linear time: an
    unterminated string simply runs to the end of the text."""
    if s.count("[") + s.count("{") <= limit:
        return 0  # cannot be deeper than the limit
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", s))
    if not brackets:
        return 0
    return max(accumulate(map(_STEP.__getitem__, brackets)))


def _dup_key_line(s: str, key: str) -> int | None:
    hits = [m.start() for m in re.finditer(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:", s)]
    return _line_col(s, hits[1])[0] if len(hits) > 1 else None


def _trailing_comma(s: str, pos: int) -> int | None:
    """The offset of a comma that directly precedes a closing } or ] at the parser's error
    position (Python's message then names the brace, not the comma), else None."""
    close = pos
    while close < len(s) and s[close] in " \t\r\n":
        close += 1
    if close >= len(s) or s[close] not in "}]":
        return None
    prev = pos - 1
    while prev >= 0 and s[prev] in " \t\r\n":
        prev -= 1
    return prev if prev >= 0 and s[prev] == "," else None


def parse_record(s: str, display: str, issues: list[Issue]):
    """Parse a JSON record text after the depth guard. Returns the value or None."""
    if nesting_depth(s) > MAX_DEPTH:
        issues.append(make("NF110", display, f"arrays/objects are nested more than {MAX_DEPTH} levels deep"))
        return None
    try:
        value = loads_strict(s)
    except DuplicateKeyError as exc:
        issues.append(make("NF112", display, f"duplicate key {exc.key!r}", line=_dup_key_line(s, exc.key)))
        return None
    except json.JSONDecodeError as exc:
        comma = _trailing_comma(s, exc.pos)
        if comma is not None:
            line, col = _line_col(s, comma)
            issues.append(make("NF111", display, "trailing comma after the previous value (JSON allows none "
                               "before a closing } or ])", line=line, column=col))
        else:
            issues.append(make("NF111", display, exc.msg, line=exc.lineno, column=exc.colno))
        return None
    except (ValueError, RecursionError) as exc:
        issues.append(make("NF111", display, str(exc) or type(exc).__name__))
        return None
    if not isinstance(value, dict):
        issues.append(make("NF113", display, f"the top level is a JSON {type(value).__name__}, not an object"))
        return None
    return value


def check_file(json_path: Path, display: str, txt_display: str, *,
               txt_path: Path | None = None, article_id: str | None = None) -> tuple[list[Issue], Loaded]:
    """All level-1 checks of one record pair. An annotation pass
    `annotations/<article_id>/<pass-id>.json` gives the text's path (`corpus/<article_id>.txt`)
    and its article id (the folder name, which its `id` must equal)."""
    issues: list[Issue] = []
    loaded = Loaded()
    is_pass = txt_path is not None
    expected = article_id if article_id is not None else json_path.stem
    data = read_limited(json_path, MAX_JSON_BYTES, display, issues)
    fast = clean_record(data, expected, _BAD_CHARS) if data is not None else None
    if fast is not None:  # clean and canonical: the careful path would find nothing
        loaded.record, loaded.clean = fast, True
    elif data is not None:
        s = decode_and_check(data, display, issues, is_text=False)
        if s is not None:
            record = parse_record(s, display, issues)
            if record is not None:
                rid = record.get("id")
                if isinstance(rid, str) and rid != expected:
                    if is_pass:
                        issues.append(make("NF501", display, f"id {rid!r} differs from the article folder "
                                           f"annotations/{expected}/", pointer="/id"))
                    else:
                        issues.append(make("NF114", display, f"id {rid!r} differs from the file name "
                                           f"{expected!r}", pointer="/id"))
                loaded.record = record
                if not issues:  # a file with other file-level errors needs more than `fmt`
                    try:
                        canonical = canonical_dumps(record).encode("utf-8") == data
                    except (TypeError, ValueError, KeyError, AssertionError):
                        canonical = False
                    if not canonical:
                        issues.append(make("NF116", display, "the file is not in canonical form"))
    txt_path = txt_path if is_pass else json_path.with_suffix(".txt")
    if not txt_path.exists():
        if is_pass:
            issues.append(make("NF502", display, f"{txt_display} does not exist: the pass's article is not "
                               "in the corpus"))
        else:
            issues.append(make("NF115", display, f"{txt_display} does not exist"))
    else:
        tbytes = read_limited(txt_path, MAX_TEXT_BYTES, txt_display, issues)
        if tbytes is not None:
            text = decode_and_check(tbytes, txt_display, issues, is_text=True)
            loaded.text, loaded.text_bytes = text, tbytes
    return issues, loaded
