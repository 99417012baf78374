"""brat export: `<name>.txt` and `<name>.ann` per record.

T lines by number (fragments regrouped by their `brat T<n>` note; new spans numbered
after the largest), each with the source's label spelling; then AnnotatorNotes lines
with their source number (`#<n>`, new ones numbered after the largest). Spans that
cross a line break cannot be written in an .ann line and are left out (reported).
Order: the template's (the source's .ann), else as just said.
"""

from __future__ import annotations

import re

from .exports import Exportable, Layout, own

_BRAT_ID = re.compile(r"brat T([0-9]+)")
_NOTE_TEXT = re.compile(r"AnnotatorNotes(?: #([0-9]+))?: (.*)\Z", re.S)


def name_of(x: Exportable) -> str:
    return x.name[:-len(".txt")] if x.name else x.record["id"]


def ann_key(line: str):
    f = line.split("\t")
    return ("note", f[1]) if f[0].startswith("#") and len(f) > 1 else ("T", f[0])


def _groups(x: Exportable, report: list) -> list[tuple[int, list]]:
    rec, layers = x.record, x.layers()
    spans = []
    if "techniques" in layers:
        spans += [(t["label"], t["start"], t["end"], t["note"]) for t in rec["techniques"]]
    if layers & {"mentions", "roles"}:
        ents = {e["id"]: e for e in rec["entities"]}
        for m in rec["mentions"]:
            e = ents[m["entity"]]
            if e["type"] is None:
                report.append(f"{rec['id']}/{m['id']}: mention of an entity with no type")
                continue
            spans.append((e["type"], m["start"], m["end"], e["note"]))
    groups: dict[object, list] = {}
    order: list = []
    for i, (label, start, end, note) in enumerate(spans):
        bid = _BRAT_ID.search(own(note))
        key = int(bid.group(1)) if bid else ("new", i)
        if key not in groups:
            order.append(key)
            nt = _NOTE_TEXT.search(note or "")
            groups[key] = [x.spell(label, note), [], (int(nt.group(1)) if nt and nt.group(1) else None,
                                                      nt.group(2)) if nt else None]
        groups[key][1].append(x.raw_span(start, end, note))
    nxt = max((k for k in order if isinstance(k, int)), default=0)
    numbered = []
    for k in order:
        if not isinstance(k, int):
            nxt += 1
        numbered.append((k if isinstance(k, int) else nxt, groups[k]))
    return sorted(numbered, key=lambda t: t[0])


def ann_lines(x: Exportable, report: list) -> list[str]:
    lines, notes = [], []
    raw = x.align.raw
    for tid, (label, frags, note) in _groups(x, report):
        loc = ";".join(f"{s} {e}" for s, e in frags)
        if any(c in raw[s:e] for s, e in frags for c in "\r\n"):
            report.append(f"{x.record['id']}: T{tid} ({label}) crosses a line break, which an .ann line cannot hold")
            continue
        lines.append(f"T{tid}\t{label} {loc}\t{' '.join(raw[s:e] for s, e in frags)}")
        if note is not None:
            notes.append((tid, note))
    nxt = max((n for _, (n, _) in notes if n is not None), default=0)
    for tid, (n, text) in notes:
        if n is None:
            nxt += 1
            n = nxt
        if any(c in text for c in "\t\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
            # an .ann line holds one note: a line break in it would start a line of its own (a T line,
            # even), which brat and import read as such
            report.append(f"{x.record['id']}: the AnnotatorNotes of T{tid} hold a tab or line break: written with "
                          "spaces")
            text = " ".join(text.split())
        lines.append(f"#{n}\tAnnotatorNotes T{tid}\t{text}")
    return lines


def export(items: list[Exportable], report: list, layout: Layout, *, articles: bool = True) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for x in sorted(items, key=name_of):
        name = name_of(x)
        if articles:
            files[f"{name}.txt"] = x.raw
        files[f"{name}.ann"] = layout.write(f"{name}.ann", ann_lines(x, report), [x], ann_key)
    return files
key_of = name_of
