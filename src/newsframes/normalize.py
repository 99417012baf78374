"""Text normalisation: raw seed bytes -> the exact text stored in `corpus/<id>.txt`.

The normalised text is exactly the article content, so offsets mean the same thing for
every tool:

- decoded from UTF-8 (or the encoding the user names), a leading BOM removed;
- line breaks CRLF / CR (and NEL, U+2028, U+2029, vertical tab, form feed) become LF;
- invisible format characters removed: zero-width (U+200B-U+200D, U+2060, U+FEFF),
  direction marks and bidi controls (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and
  invisible operators (U+2061-U+2064), as `newsframes validate` rejects them (NF108);
- control characters other than LF removed, a tab becomes one space;
- leading and trailing white space of every line removed (indentation is layout);
- blank lines dropped: one paragraph or heading per line, no empty lines, no leading or
  trailing blank lines, and NO final newline (the file is the content, nothing more);
- Unicode NFC.

Typography (curly quotes, dashes, ellipses, non-breaking spaces inside a line) is
content and kept as is. Markup-like strings (`<script>`) are plain text and kept.
"""

from __future__ import annotations

import codecs
import unicodedata

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
INVISIBLE = ZERO_WIDTH + "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2061\u2062\u2063\u2064" \
    "\u2066\u2067\u2068\u2069"
# characters that end a line besides LF and CR
_LINE_BREAKS = "\x0b\x0c\x85\u2028\u2029"
_ZW_TABLE = {ord(c): None for c in INVISIBLE}


class NormalizationError(ValueError):
    """Bad input text; `code` is a short stable error code, `str()` says what to do."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in bytes) of a byte offset."""
    line = raw.count(b"\n", 0, offset) + 1
    col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def decode(raw: bytes, encoding: str | None = None) -> str:
    """Decode seed bytes. Default UTF-8 (a BOM is allowed); a decoding error names the
    byte offset, line and column, and suggests `--encoding`."""
    enc = encoding or "utf-8"
    try:
        codecs.lookup(enc)
    except LookupError:
        raise NormalizationError("NF-ADD-ENCODING", f"unknown encoding {enc!r} (try utf-8, cp1252, latin-1)") from None
    if enc.replace("_", "-").lower() in ("utf-8", "utf8"):
        enc = "utf-8-sig"
    try:
        return raw.decode(enc)
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start)
        bad = raw[exc.start:exc.end].hex(" ")
        hint = ("re-run with --encoding cp1252 (Windows Western European), --encoding latin-1, "
                "or the encoding the file was saved in" if encoding is None else
                "this file is not in that encoding either; try another --encoding")
        raise NormalizationError(
            "NF-ADD-ENCODING",
            f"not valid {encoding or 'UTF-8'} at byte offset {exc.start} (line {line}, column {col}): "
            f"byte(s) {bad}; {hint}",
        ) from None


def _clean_char(ch: str) -> str:
    if ch == "\n":
        return ch
    if ch == "\t":
        return " "
    if unicodedata.category(ch) == "Cc":
        return ""
    return ch


def normalize_text(text: str) -> str:
    """Normalise decoded text (see the module docstring). Idempotent."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ch in _LINE_BREAKS:
        text = text.replace(ch, "\n")
    text = text.translate(_ZW_TABLE)
    text = "".join(_clean_char(c) for c in text) if any(
        c != "\n" and (c == "\t" or unicodedata.category(c) == "Cc") for c in text) else text
    lines = (line.strip() for line in text.split("\n"))
    text = "\n".join(line for line in lines if line)
    return unicodedata.normalize("NFC", text)


def normalize_bytes(raw: bytes, encoding: str | None = None) -> str:
    text = normalize_text(decode(raw, encoding))
    if not text:
        raise NormalizationError("NF-ADD-EMPTY", "the file holds no text after normalisation")
    return text
