"""Label spellings: a release may spell a taxonomy label another way (a typographic
apostrophe `’` where the taxonomy has `'`, an en dash for a hyphen, another case). Such
a label is read as the taxonomy's label, with a notice, and the source's spelling is
kept in a note (`source spelling `X` for `Y``) so that export writes it back.

Only these differences are forgiven: apostrophes and single quotes (’ ‘ ‛ ′ ʼ ´ vs
'), double quotes (“ ” „ ‟ ″ « » vs "), dashes and hyphens (‐ ‑ ‒ – — ― − vs -), and
case. A spelling that matches two labels this way, or none, is an unknown label."""

from __future__ import annotations

import re
from collections.abc import Iterable

_FOLD = str.maketrans({**{c: "'" for c in "’‘‛′ʼ´"}, **{c: '"' for c in "“”„‟″«»"},
                       **{c: "-" for c in "‐‑‒–—―−"}})
_NOTE = re.compile(r"source spelling `([^`]*)` for `([^`]*)`")


def fold(value: str) -> str:
    return value.translate(_FOLD).casefold()


class Vocabulary:
    """The labels of one kind, and the spellings that map to them."""

    def __init__(self, labels: Iterable[str]):
        self.labels = set(labels)
        folded: dict[str, set[str]] = {}
        for label in self.labels:
            folded.setdefault(fold(label), set()).add(label)
        self._fold = {k: next(iter(v)) for k, v in folded.items() if len(v) == 1}

    def resolve(self, value: str) -> tuple[str | None, bool]:
        """(the taxonomy's label or None, whether `value` is another spelling of it)."""
        if value in self.labels:
            return value, False
        label = self._fold.get(fold(value))
        return label, label is not None

    def __contains__(self, value: str) -> bool:
        return self.resolve(value)[0] is not None


def spelling_note(pairs: Iterable[tuple[str, str]]) -> str | None:
    """`source spelling `X` for `Y`; ...` for (source spelling, label) pairs that differ."""
    parts = [f"source spelling `{x}` for `{y}`" for x, y in dict.fromkeys(pairs) if x != y]
    return "; ".join(parts) or None


def join_notes(*notes: str | None) -> str | None:
    return "; ".join(n for n in notes if n) or None


def spellings(*notes: str | None) -> dict[str, str]:
    """label -> the source's spelling, from notes."""
    out: dict[str, str] = {}
    for note in notes:
        for x, y in _NOTE.findall(note or ""):
            out.setdefault(y, x)
    return out


def respell(label: str, *notes: str | None) -> str:
    """The source's spelling of `label` when a note keeps one, else `label`. A "spelling"
    that is not one of the forgiven variants of the label (a note edited by hand: another
    label, a tab) is not used."""
    got = spellings(*notes).get(label, label)
    return got if fold(got) == fold(label) and not any(c in got for c in "\t\r\n") else label


class Reader:
    """Resolves labels of one import, collecting notices and the spellings per annotation."""

    def __init__(self, problems):
        self.problems = problems

    def label(self, vocab: Vocabulary, value: str, file, line, kind: str, pairs: list | None = None,
              **scope) -> str | None:
        """The taxonomy's label for `value`; a notice for another spelling (recorded in
        `pairs`), a located NF-IMP-LABEL problem (scoped) and None for an unknown one."""
        label, variant = vocab.resolve(value)
        if label is None:
            self.problems.add(file, line, "NF-IMP-LABEL", f"unknown {kind} {value!r} (see schema/taxonomies)",
                              **scope)
            return None
        if variant:
            self.problems.notice(file, line, "NF-IMP-SPELLING", f"{kind} {value!r} read as {label!r} (the "
                                 "taxonomy's spelling); the source's spelling is kept in a note and export writes it")
            if pairs is not None:
                pairs.append((value, label))
        return label
