"""Offsets between a raw file of another format and the normalised record text.

`newsframes add` normalises a raw file (see `newsframes.normalize`): BOM removed, CRLF/CR
and other line breaks to LF, invisible and control characters removed, tabs to spaces,
white space at line ends stripped, blank lines dropped, Unicode NFC. `Alignment` redoes
that normalisation character by character and remembers, for every character of the
normalised text, the raw characters it came from (`origin`: the first; `end_of`: one
past the last), so that spans map both ways:

- raw [s, e) -> text [first character from s or later, first character from e or later);
- text [a, b) -> raw [origin[a], end_of(b - 1)).

NFC: a run that composes (e.g. и + U+0306 -> й, ε + U+0301 -> έ) becomes one character
whose raw range is the whole run; a character that NFC expands (e.g. U+0958 DEVANAGARI
LETTER QA -> क + ़) becomes characters that all come from it. The text is the
published text in NFC (the project's one text form); offsets map exactly to the source
unless a span edge falls inside such a run or on a character the normaliser removes
(white space at a line edge, a CR, a BOM, a zero-width character): `to_text` says so
(`exact=False`) and the importer keeps the source offsets in the annotation's note.

Offsets in formats are code points on the raw decoded text (CR kept, a BOM counted as
one character), except SemEval-2025 (UTF-16 code units, end inclusive): see
`utf16_before`. `with_crlf` counts each bare LF as CRLF, for label files whose offsets
were computed on a copy with CRLF line breaks (the file at hand has had its CRs
stripped).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from ..normalize import _LINE_BREAKS, _ZW_TABLE, INVISIBLE, normalize_text


class AlignError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


_BREAK = re.compile("\r\n|[\r\n" + _LINE_BREAKS + "]")
# characters the slow path must look at: tab, other controls, invisible format characters
_SPECIAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f" + INVISIBLE + "]")
_BARE_LF = re.compile(r"(?<!\r)\n")


def _dropped(ch: str) -> bool:
    return ord(ch) in _ZW_TABLE or (ch not in "\n\t" and unicodedata.category(ch) == "Cc")


def _nfc_runs(chars: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    """(character, raw start, raw end) of the NFC form of `chars` ((character, raw index),
    one line, already stripped). A run closes before a starter that does not compose with
    it; a run NFC changes maps as a whole."""
    nfc = unicodedata.normalize
    runs: list[list[tuple[str, int]]] = []
    for ch, i in chars:
        if runs and unicodedata.combining(ch) == 0:
            prev = "".join(c for c, _ in runs[-1])
            if nfc("NFC", prev + ch) != nfc("NFC", prev) + nfc("NFC", ch):  # composes with the run (Hangul jamo)
                runs[-1].append((ch, i))
                continue
        if runs and unicodedata.combining(ch) != 0:
            runs[-1].append((ch, i))
        else:
            runs.append([(ch, i)])
    out: list[tuple[str, int, int]] = []
    for run in runs:
        seg = "".join(c for c, _ in run)
        composed = nfc("NFC", seg)
        if composed == seg:
            out.extend((c, i, i + 1) for c, i in run)
        else:
            a, b = run[0][1], run[-1][1] + 1
            out.extend((c, a, b) for c in composed)
    return out


@dataclass
class Alignment:
    raw: str
    text: str = ""
    origin: list[int] = field(default_factory=list)
    ends: dict[int, int] = field(default_factory=dict)  # text index -> raw end, where it is not origin + 1
    _u16: list[int] | None = None

    def __post_init__(self):
        raw = self.raw
        out_chars: list[str] = []
        origin: list[int] = []
        pending_break = -1  # raw index of the line break that ends the last kept line
        pos = 1 if raw.startswith("\ufeff") else 0
        for m in _BREAK.finditer(raw, pos):
            self._line(raw, pos, m.start(), pending_break, out_chars, origin)
            pending_break = m.end() - 1 if self._kept_since(origin, pos) else pending_break
            pos = m.end()
        self._line(raw, pos, len(raw), pending_break, out_chars, origin)
        text = "".join(out_chars)
        if len(text) != len(origin):  # pragma: no cover - a bug in this module
            raise AlignError("NF-IMP-ALIGN", "internal: text and offset map differ in length")
        if text != normalize_text(raw):  # pragma: no cover - a bug in this module
            raise AlignError("NF-IMP-ALIGN", "internal: aligned normalisation differs from newsframes.normalize")
        self.text, self.origin = text, origin

    @classmethod
    def with_crlf(cls, raw: str) -> Alignment:
        """The alignment of `raw` with every bare LF counted as CRLF (same text)."""
        return cls(_BARE_LF.sub("\r\n", raw))

    def _kept_since(self, origin: list[int], pos: int) -> bool:
        return bool(origin) and origin[-1] >= pos

    def _line(self, raw: str, a: int, b: int, brk: int, out_chars: list[str], origin: list[int]) -> None:
        """Append the normalised form of raw[a:b] (one line, no break inside) if not blank."""
        seg = raw[a:b]
        if _SPECIAL.search(seg) is None:  # fast path: nothing but stripping to do
            lead = len(seg) - len(seg.lstrip())
            kept = seg.strip()
            if not kept:
                return
            if out_chars:
                out_chars.append("\n")
                origin.append(brk)
            if unicodedata.is_normalized("NFC", kept):
                out_chars.append(kept)
                origin.extend(range(a + lead, a + lead + len(kept)))
            else:
                self._compose([(c, a + lead + k) for k, c in enumerate(kept)], out_chars, origin)
            return
        chars = [(" " if ch == "\t" else ch, a + k) for k, ch in enumerate(seg) if ch == "\t" or not _dropped(ch)]
        i, j = 0, len(chars)
        while i < j and chars[i][0].isspace():
            i += 1
        while j > i and chars[j - 1][0].isspace():
            j -= 1
        if i == j:
            return
        if out_chars:
            out_chars.append("\n")
            origin.append(brk)
        kept = "".join(c for c, _ in chars[i:j])
        if unicodedata.is_normalized("NFC", kept):
            out_chars.append(kept)
            origin.extend(k for _, k in chars[i:j])
        else:
            self._compose(chars[i:j], out_chars, origin)

    def _compose(self, chars: list[tuple[str, int]], out_chars: list[str], origin: list[int]) -> None:
        for ch, s, e in _nfc_runs(chars):
            if e != s + 1:
                self.ends[len(origin)] = e
            out_chars.append(ch)
            origin.append(s)

    # ----------------------------------------------------------------- spans
    def end_of(self, i: int) -> int:
        """One past the last raw character that text character i comes from."""
        return self.ends.get(i, self.origin[i] + 1)

    def to_text(self, start: int, end: int) -> tuple[int, int, bool] | None:
        """Raw code-point span [start, end) -> (text start, text end, exact) or None when
        nothing of the span survives normalisation."""
        a = bisect.bisect_left(self.origin, start)
        b = bisect.bisect_left(self.origin, end)
        if a >= b:
            return None
        return a, b, self.to_raw(a, b) == (start, end)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.end_of(end - 1)

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
