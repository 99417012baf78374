"""Paragraphs and headings of a normalised text (one paragraph or heading per line).

A line is a `heading` when it is short (at most 15 words and 120 characters) and does
not end with sentence punctuation (. ! ? … : ;), possibly followed by closing quotes or
brackets; e.g. "A strategic offensive under CSTO cover". Every other line is `body`.
"""

from __future__ import annotations

import re

MAX_HEADING_WORDS = 15
MAX_HEADING_CHARS = 120
_FINAL_PUNCT = re.compile(r"[.!?…:;][\"'”’»)\]]*\Z")


def is_heading(line: str) -> bool:
    line = line.strip()
    if not line or len(line) > MAX_HEADING_CHARS or len(line.split()) > MAX_HEADING_WORDS:
        return False
    return not _FINAL_PUNCT.search(line)


def paragraphs(text: str) -> list[dict]:
    """[{start, end, kind}] for every non-empty line, offsets in code points."""
    out = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        # a normalised text has no blank lines or edge spaces; be lenient anyway
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        s, e = start + lead, start + lead + len(stripped)
        out.append({"start": s, "end": e, "kind": "heading" if is_heading(stripped) else "body"})
    return out
