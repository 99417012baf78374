"""Offsets between a raw file of another format and the normalised record text.

`newsframes add` normalises a raw file (see `newsframes.normalize`): BOM removed, CRLF/CR
and other line breaks to LF, invisible and control characters removed, tabs to spaces,
white space at line ends stripped, blank lines dropped. `Alignment` redoes that
normalisation character by character and remembers, for every character of the
normalised text, the index of the raw character it came from (`origin`), so that spans
map both ways:

- raw [s, e) -> text [first kept character at or after s, one past the last kept
  character before e);
- text [a, b) -> raw [origin[a], origin[b - 1] + 1).

The mapping back is exact unless a span edge falls on a character the normaliser
removes (white space at a line edge, a CR, a BOM, a zero-width character); `to_text`
says so (`exact=False`) and the importer keeps the source offsets in the annotation's
note so that export restores them. Texts whose normalisation also needs Unicode NFC
composition are refused: composing characters would merge offsets.

Offsets in formats are code points on the raw decoded text (CR kept, a BOM counted as
one character), except SemEval-2025 (UTF-16 code units, end inclusive): see
`utf16_index`.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field

from ..normalize import _LINE_BREAKS, _ZW_TABLE, normalize_text


class AlignError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _dropped(ch: str) -> bool:
    return ord(ch) in _ZW_TABLE or (ch not in "\n\t" and unicodedata.category(ch) == "Cc")


@dataclass
class Alignment:
    raw: str
    text: str = ""
    origin: list[int] = field(default_factory=list)
    _u16: list[int] | None = None

    def __post_init__(self):
        raw = self.raw
        kept: list[tuple[str, int]] = []  # (character, raw index) after per-character steps
        i, n = 0, len(raw)
        if raw.startswith("\ufeff"):
            i = 1
        while i < n:
            ch = raw[i]
            if ch == "\r":
                if i + 1 < n and raw[i + 1] == "\n":
                    i += 1
                kept.append(("\n", i))
            elif ch in _LINE_BREAKS:
                kept.append(("\n", i))
            elif ch == "\t":
                kept.append((" ", i))
            elif not _dropped(ch):
                kept.append((ch, i))
            i += 1
        lines: list[list[tuple[str, int]]] = [[]]
        breaks: list[int] = []  # raw index of the break that ends each line
        for ch, j in kept:
            if ch == "\n":
                lines.append([])
                breaks.append(j)
            else:
                lines[-1].append((ch, j))
        out_chars: list[str] = []
        origin: list[int] = []
        pending_break = -1  # raw index of the line break that ends the last kept line
        for k, line in enumerate(lines):
            a, b = 0, len(line)
            while a < b and line[a][0].isspace():
                a += 1
            while b > a and line[b - 1][0].isspace():
                b -= 1
            if a == b:
                continue
            if out_chars:
                out_chars.append("\n")
                origin.append(pending_break)
            for ch, j in line[a:b]:
                out_chars.append(ch)
                origin.append(j)
            pending_break = breaks[k] if k < len(breaks) else -1
        text = "".join(out_chars)
        if not unicodedata.is_normalized("NFC", text):
            raise AlignError("NF-IMP-NFC", "the text is not in Unicode NFC; composing it would move offsets, "
                             "so it cannot be imported with exact offsets (convert the source to NFC first)")
        if text != normalize_text(raw):  # pragma: no cover - a bug in this module
            raise AlignError("NF-IMP-ALIGN", "internal: aligned normalisation differs from newsframes.normalize")
        self.text, self.origin = text, origin

    # ----------------------------------------------------------------- spans
    def to_text(self, start: int, end: int) -> tuple[int, int, bool] | None:
        """Raw code-point span [start, end) -> (text start, text end, exact) or None when
        nothing of the span survives normalisation."""
        a = bisect.bisect_left(self.origin, start)
        b = bisect.bisect_left(self.origin, end)
        if a >= b:
            return None
        return a, b, self.to_raw(a, b) == (start, end)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1

    # ----------------------------------------------------------------- UTF-16
    def utf16_before(self) -> list[int]:
        """u[i] = UTF-16 code units before raw code point i (len(raw) + 1 entries)."""
        if self._u16 is None:
            u, acc = [0], 0
            for ch in self.raw:
                acc += 2 if ord(ch) > 0xFFFF else 1
                u.append(acc)
            self._u16 = u
        return self._u16

    def cp_from_utf16(self, unit: int) -> int | None:
        u = self.utf16_before()
        i = bisect.bisect_left(u, unit)
        return i if i < len(u) and u[i] == unit else None

    # ----------------------------------------------------------------- lines
    def raw_line_starts(self) -> list[int]:
        """Start index of every raw line (lines end at CRLF, CR or LF)."""
        starts, raw, i = [0], self.raw, 0
        while i < len(raw):
            if raw[i] == "\r" and i + 1 < len(raw) and raw[i + 1] == "\n":
                i += 1
            if raw[i] in "\r\n":
                starts.append(i + 1)
            i += 1
        return starts

    def raw_line_of(self, index: int, starts: list[int]) -> int:
        """1-based raw line number of raw index."""
        return bisect.bisect_right(starts, index)
