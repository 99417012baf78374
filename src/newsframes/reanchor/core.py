"""Move every span of a record from the old text to an edited one, by a character diff.

A span moves when no edit touches its inside (an edit right before or after it only
shifts it). A span whose own text was edited or deleted is ambiguous: nothing is moved,
and each such span is reported with its JSON pointer, its old offsets, its text and its
paragraph. Paragraphs are recomputed from the new text (kinds kept where a paragraph
maps onto an old one); sentence boundaries are containers: an edit inside a sentence
moves its end, and a sentence whose boundary was edited is dropped (re-run `newsframes
annotate` to propose it again); `text_sha256` is updated."""

from __future__ import annotations

import bisect
import copy
import difflib
import hashlib
from dataclasses import dataclass, field

from ..structure import paragraphs as text_paragraphs
from ..validate.issues import pointer


@dataclass
class Refused:
    pointer: str
    span_id: str | None
    start: int
    end: int
    text: str
    paragraph: int
    why: str

    def line(self) -> str:
        ident = f" ({self.span_id})" if self.span_id else ""
        shown = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return (f"{self.pointer}{ident}: {self.start}..{self.end} {shown!r} in paragraph {self.paragraph} "
                f"of the old text: {self.why}")


@dataclass
class Result:
    record: dict | None  # the re-anchored record (None when refused)
    moved: int = 0  # spans whose offsets changed
    kept: int = 0  # spans at the same offsets
    refused: list[Refused] = field(default_factory=list)
    dropped_sentences: int = 0


class _Map:
    """Old positions -> new positions through the equal blocks of a character diff."""

    def __init__(self, old: str, new: str):
        sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
        self.ops = sm.get_opcodes()
        self.changes = [(tag, i1, i2, new[j1:j2]) for tag, i1, i2, j1, j2 in self.ops if tag != "equal"]
        self.old = old
        self._starts = [op[1] for op in self.ops]

    def touched(self, start: int, end: int) -> str | None:
        """Why [start, end) cannot move, None when no edit is inside it (a replaced or
        deleted character of the span, or an insertion strictly between its ends)."""
        for tag, i1, i2, added in self.changes:
            if i1 == i2:
                if start < i1 < end:
                    return "text was inserted inside it"
            elif i1 < end and start < i2:
                if tag == "delete":
                    return "its text was deleted" if i1 <= start and end <= i2 else "part of its text was deleted"
                return "its text was edited"
            # an edit touching an edge that glues letters onto its first or last word
            # ("reckless" -> "wreckless"): the word was edited, the span would cut it
            if i2 == start and added[-1:].isalnum() and self.old[start:start + 1].isalnum():
                return "the word at its start was edited"
            if i1 == end and added[:1].isalnum() and self.old[end - 1:end].isalnum():
                return "the word at its end was edited"
        return None

    def _equal_op(self, p: int, as_end: bool):
        k = bisect.bisect_right(self._starts, p - 1 if as_end else p) - 1
        for tag, i1, i2, j1, _ in self.ops[max(k - 1, 0):k + 2]:
            if tag == "equal" and (i1 < p <= i2 if as_end else i1 <= p < i2):
                return i1, j1
        return None

    def start(self, p: int) -> int | None:
        op = self._equal_op(p, as_end=False)
        return None if op is None else op[1] + p - op[0]

    def end(self, p: int) -> int | None:
        op = self._equal_op(p, as_end=True)
        return None if op is None else op[1] + p - op[0]


def _paragraph_of(old: str, pos: int) -> int:
    line_start = old.rfind("\n", 0, pos) + 1
    return sum(1 for line in old[:line_start].split("\n")[:-1] if line)


def _annotation_spans(record: dict):
    """(pointer parts, span dict) of every span a person or tool annotated."""
    for i, m in enumerate(record.get("mentions") or []):
        yield ("mentions", i), m
    for i, c in enumerate(record.get("claims") or []):
        yield ("claims", i), c
        if isinstance(c.get("cue"), dict):
            yield ("claims", i, "cue"), c["cue"]
    for i, t in enumerate(record.get("techniques") or []):
        yield ("techniques", i), t
    for i, t in enumerate(record.get("timexes") or []):
        yield ("timexes", i), t


def _drop(rec: dict, gone: set[int]) -> None:
    """Remove the spans whose id() is in `gone` (a claim's dropped cue becomes null)."""
    for layer in ("mentions", "claims", "techniques", "timexes"):
        rec[layer] = [x for x in rec.get(layer) or [] if id(x) not in gone]
    for c in rec.get("claims") or []:
        if id(c.get("cue")) in gone:
            c["cue"] = None


def reanchor(record: dict, old: str, new: str, *, drop: bool = False) -> Result:
    """The record moved from `old` to `new` (the input is not modified). `drop`: delete
    the spans that cannot move (still listed in `refused`) instead of refusing."""
    rec = copy.deepcopy(record)
    if old == new:
        return Result(rec)
    m = _Map(old, new)
    result = Result(None)
    moves, gone = [], set()
    for parts, span in _annotation_spans(rec):
        a, b = span["start"], span["end"]
        why = m.touched(a, b)
        if why is not None:
            result.refused.append(Refused(pointer(*parts), span.get("id"), a, b, old[a:b],
                                          _paragraph_of(old, a), why))
            gone.add(id(span))
            continue
        na, nb = m.start(a), m.end(b)
        if na is None or nb is None:  # not reachable when nothing touches the span; be safe
            result.refused.append(Refused(pointer(*parts), span.get("id"), a, b, old[a:b],
                                          _paragraph_of(old, a), "its edges were edited"))
            gone.add(id(span))
            continue
        moves.append((span, na, nb))
    if result.refused and not drop:
        return result
    _drop(rec, gone)
    for span, na, nb in moves:
        if (na, nb) == (span["start"], span["end"]):
            result.kept += 1
        else:
            result.moved += 1
        span["start"], span["end"] = na, nb
        if "text" in span:
            span["text"] = new[na:nb]
    structure = rec["structure"]
    sentences = []
    for s in structure.get("sentences") or []:
        na, nb = m.start(s["start"]), m.end(s["end"])
        if na is None or nb is None or na >= nb:
            result.dropped_sentences += 1
            continue
        sentences.append({**s, "start": na, "end": nb})
    structure["sentences"] = sentences
    kinds = {}
    for p in structure.get("paragraphs") or []:
        na, nb = m.start(p["start"]), m.end(p["end"])
        if na is not None and nb is not None:
            kinds[(na, nb)] = p.get("kind")
    structure["paragraphs"] = [{**p, "kind": kinds.get((p["start"], p["end"])) or p["kind"]}
                               for p in text_paragraphs(new)]
    rec["text_sha256"] = hashlib.sha256(new.encode("utf-8")).hexdigest()
    result.record = rec
    return result
