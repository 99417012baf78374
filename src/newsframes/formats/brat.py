"""brat standoff: `<name>.txt` + `<name>.ann` pairs in one folder.

`.ann` lines: `T<n><TAB><Label> <start> <end>[;<start> <end>...]<TAB><text>` (code points of
the .txt, end exclusive; fragments of a discontinuous span separated by `;`, their texts
joined by one space), `#<n><TAB>AnnotatorNotes T<k><TAB><note>`. A T label that is a
technique label (schema/taxonomies/techniques.json) becomes a technique span (one per
fragment, each noting `brat T<n>`); an entity type (entity_types.json) becomes a mention
with an entity of that type. Relations (R), attributes (A), events (E), normalisations (N)
and other lines have no place in a record: they are reported, not dropped.
Export: `.ann` lines ordered T lines by number, then AnnotatorNotes lines (#1, #2, ...).
"""

from __future__ import annotations

import re
from pathlib import Path

from .exports import Exportable
from .records import (
    Imported,
    Problems,
    load_source,
    provenance,
    read_lines,
    record_id,
    skeleton,
    span_note,
)

FMT = "brat"
_T = re.compile(r"^T(\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_NOTE = re.compile(r"^#(\d+)\tAnnotatorNotes T(\d+)\t(.*)$")
_BRAT_ID = re.compile(r"brat T(\d+)")
_NOTE_TEXT = re.compile(r"AnnotatorNotes: (.*)$")


def read(path: Path, *, split: str | None, language: str | None, rights: str, version: str,
         problems: Problems) -> list[Imported]:
    from ..splits import assign_split
    from ..taxonomy import load_taxonomies
    tax = load_taxonomies()
    techniques, types = set(tax.techniques), set(tax.entity_types)
    texts = sorted(path.glob("*.txt"))
    if not texts:
        problems.add(path, None, "NF-IMP-LAYOUT", "no <name>.txt files here")
        return []
    parsed = []
    used: set[str] = set()
    for tf in texts:
        af = tf.with_suffix(".ann")
        src = load_source(tf, problems)
        if not af.is_file():
            problems.add(af, None, "NF-IMP-ARTICLE", f"{tf.name} has no .ann file beside it")
            continue
        got = read_lines(af, problems)
        if src is None or got is None:
            continue
        spans, notes = [], {}
        for no, line in enumerate(got[0], 1):
            if m := _T.match(line):
                label = m.group(2)
                kind = "technique" if label in techniques else "mention" if label in types else None
                if kind is None:
                    problems.add(af, no, "NF-IMP-LABEL", f"label {label!r} is neither a technique nor an entity type")
                    continue
                used.add(kind)
                frags = [tuple(map(int, f.split())) for f in m.group(3).split(";")]
                raw = src.align.raw
                if any(not 0 <= s < e <= len(raw) for s, e in frags):
                    problems.add(af, no, "NF-IMP-SPAN", f"a fragment of T{m.group(1)} lies outside {tf.name}")
                    continue
                if " ".join(raw[s:e] for s, e in frags) != m.group(4):
                    problems.add(af, no, "NF-IMP-TEXT", f"T{m.group(1)} text {m.group(4)!r} differs from the "
                                 f"file's text {' '.join(raw[s:e] for s, e in frags)!r}")
                    continue
                if kind == "mention" and len(frags) > 1:
                    problems.add(af, no, "NF-IMP-SPAN", f"T{m.group(1)}: a discontinuous entity mention cannot be "
                                 "carried (a record's mention is one span)")
                    continue
                spans.append((int(m.group(1)), label, kind, frags, no))
            elif m := _NOTE.match(line):
                notes[int(m.group(2))] = m.group(3)
            else:
                kind = {"R": "relation", "A": "attribute", "M": "attribute", "E": "event", "N": "normalisation",
                        "*": "equivalence"}.get(line[:1], "unknown")
                problems.add(af, no, "NF-IMP-UNSUPPORTED", f"a brat {kind} line has no place in a newsframes record "
                             "(only T spans and AnnotatorNotes are imported); remove it or keep the .ann elsewhere")
        known = {s[0] for s in spans}
        for t in notes:
            if t not in known:
                problems.add(af, None, "NF-IMP-NOTE", f"AnnotatorNotes for T{t}, which is not an imported span")
        parsed.append((tf, af, src, got[1], spans, notes))
    layers = (["techniques"] if "technique" in used else []) + (["entities", "mentions"] if "mention" in used else [])
    out = []
    for tf, af, src, sha, spans, notes in parsed:
        rid = record_id(FMT, tf.stem)
        rec = skeleton(rid=rid, fmt=FMT, language=language or "en", split=split or assign_split(rid), title=None,
                       src=src, seed_name=f"{FMT}--{tf.name}", rights=rights, layers=layers, label_files=[af.name],
                       version=version)
        rec["source"]["notes"].append("The format marks no title: title is null.")
        prov = provenance(FMT, sha)
        for tid, label, kind, frags, no in sorted(spans):
            note_text = notes.get(tid)
            for k, (s, e) in enumerate(frags, 1):
                got = src.align.to_text(s, e)
                if got is None:
                    problems.add(af, no, "NF-IMP-SPAN", f"T{tid}: fragment {s}-{e} covers only removed characters")
                    continue
                a, b, exact = got
                tag = f"brat T{tid}" + (f" fragment {k}/{len(frags)}" if len(frags) > 1 else "")
                if kind == "technique":
                    rec["techniques"].append({"id": f"p{len(rec['techniques']) + 1}", "label": label, "start": a,
                                              "end": b, "text": src.text[a:b], "source": prov,
                                              "note": span_note(exact, s, e, tag) + (
                                                  f"; AnnotatorNotes: {note_text}" if note_text is not None else "")})
                else:
                    n = len(rec["mentions"]) + 1
                    rec["entities"].append({"id": f"e{n}", "name": src.text[a:b], "type": label, "wikidata": None,
                                            "roles": [], "source": prov, "note": span_note(exact, s, e, tag) + (
                                                f"; AnnotatorNotes: {note_text}" if note_text is not None else "")})
                    rec["mentions"].append({"id": f"m{n}", "entity": f"e{n}", "start": a, "end": b,
                                            "text": src.text[a:b], "metonymy": None, "source": prov})
        out.append(Imported(rec, src.text, f"{FMT}--{tf.name}", src.data))
    return out


# ---------------------------------------------------------------- export

def _name(x: Exportable) -> str:
    return x.name[:-len(".txt")] if x.name else x.record["id"]


def export(items: list[Exportable], report: dict) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for x in sorted(items, key=_name):
        name, rec, layers = _name(x), x.record, x.layers()
        files[f"{name}.txt"] = x.raw
        # (brat id or None, label, [(raw start, raw end)], note text or None)
        groups: dict[object, list] = {}
        order: list = []
        spans = []
        if "techniques" in layers:
            spans += [(t["label"], t["start"], t["end"], t["note"]) for t in rec["techniques"]]
        if layers & {"mentions", "roles"}:
            ents = {e["id"]: e for e in rec["entities"]}
            for m in rec["mentions"]:
                e = ents[m["entity"]]
                if e["type"] is None:
                    report["skipped"].append(f"{rec['id']}/{m['id']}: mention of an entity with no type")
                    continue
                spans.append((e["type"], m["start"], m["end"], e["note"]))
        for i, (label, start, end, note) in enumerate(spans):
            bid = _BRAT_ID.search(note or "")
            key = int(bid.group(1)) if bid else ("new", i)
            if key not in groups:
                order.append(key)
                nt = _NOTE_TEXT.search(note or "")
                groups[key] = [label, [], nt.group(1) if nt else None]
            groups[key][1].append(x.raw_span(start, end, note))
        taken = {k for k in order if isinstance(k, int)}
        nxt = max(taken, default=0)
        numbered = []
        for k in order:
            if not isinstance(k, int):
                nxt += 1
                numbered.append((nxt, groups[k]))
            else:
                numbered.append((k, groups[k]))
        lines, notes = [], []
        raw = x.align.raw
        for tid, (label, frags, note) in sorted(numbered, key=lambda t: t[0]):
            loc = ";".join(f"{s} {e}" for s, e in frags)
            if any(c in raw[s:e] for s, e in frags for c in "\r\n"):
                report["skipped"].append(f"{rec['id']}: T{tid} ({label}) crosses a line break, which an .ann line "
                                         "cannot hold")
                continue
            lines.append(f"T{tid}\t{label} {loc}\t{' '.join(raw[s:e] for s, e in frags)}")
            if note is not None:
                notes.append((tid, note))
        lines += [f"#{i}\tAnnotatorNotes T{tid}\t{note}" for i, (tid, note) in enumerate(notes, 1)]
        files[f"{name}.ann"] = "".join(f"{ln}\n" for ln in lines).encode()
    return files
