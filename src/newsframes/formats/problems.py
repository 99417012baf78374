"""Located problems and notices of an import.

A problem is `file:line: CODE message`. It may name the record it belongs to and the
layer of that record: such a problem concerns one label line (or one article file), and
`newsframes import --skip-bad-lines` can import the rest without it (the record then
does not annotate that layer, or, for a problem of the article file itself, is left
out). A problem that names no record (a layout problem, a file that cannot be read) must
be fixed before anything is written.

A notice is a quirk the import handled (a label spelled another way, offsets counted
with CRLF line breaks, identical texts under two ids): printed, and the import goes on.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def shown(value) -> str:
    """`value` as text safe to print: invisible, control, surrogate and other
    unprintable characters as escapes (a BOM shows as \\ufeff, not as nothing)."""
    out = []
    for ch in str(value):
        cat = unicodedata.category(ch)
        if cat[0] == "C" or cat in ("Zl", "Zp"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    code: str
    message: str
    record: str | None = None  # the record id this problem belongs to, when it belongs to one
    layer: str | None = None  # the layer of that record (None with a record: the article file itself)

    def __str__(self) -> str:
        where = f"{shown(self.file)}:{self.line}" if self.line else shown(self.file)
        return f"{where}: {self.code} {shown(self.message)}"

    @property
    def skippable(self) -> bool:
        return self.record is not None


class Problems(list):
    """Problems of one run (a list), and the notices beside them."""

    def __init__(self):
        super().__init__()
        self.notices: list[Problem] = []

    def add(self, file, line, code, message, *, record: str | None = None, layer: str | None = None):
        self.append(Problem(str(file), line, code, message, record, layer))

    def notice(self, file, line, code, message):
        self.notices.append(Problem(str(file), line, code, message))


def summary(problems: list[Problem], fmt: str) -> str:
    """The last line(s) of a refused import: how many problems, and whether and how the
    rest can still be imported."""
    head = f"newsframes import {fmt}: {len(problems)} problem(s); nothing written."
    fatal = [p for p in problems if not p.skippable]
    if fatal:
        return (head + f" {len(fatal)} of them concern the input as a whole (a file that cannot be read, the "
                "folder's layout, a clash with the corpus): fix those first"
                + ("; the others are in single label lines or article files and can be skipped with "
                   "--skip-bad-lines" if len(fatal) < len(problems) else "") + ".")
    records = sorted({p.record for p in problems})
    lines = sum(1 for p in problems if p.layer is not None)
    return (head + f" Each is in one label line or one article file ({len(records)} record(s) affected): fix "
            "them, or re-run with --skip-bad-lines to import everything else: a record with a bad label line "
            "is imported without the layer of that line (its annotated_layers say so), a bad article file is "
            f"left out with its labels ({lines} line problem(s), {len(problems) - lines} article problem(s)).")
