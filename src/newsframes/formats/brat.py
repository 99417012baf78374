"""brat standoff: `<name>.txt` + `<name>.ann` pairs in one folder.

`.ann` lines: `T<n><TAB><Label> <start> <end>[;<start> <end>...]<TAB><text>` (code points of
the .txt, end exclusive; fragments of a discontinuous span separated by `;`, their texts
joined by one space), `#<n><TAB>AnnotatorNotes T<k><TAB><note>`. A T label that is a
technique label (schema/taxonomies/techniques.json) becomes a technique span (one per
fragment, each noting `brat T<n>`); an entity type (entity_types.json) becomes a mention
with an entity of that type. Relations (R), attributes (A), events (E), normalisations (N)
and other lines have no place in a record: they are reported, not dropped. So are a T id
or an AnnotatorNotes of one T given twice, and a .txt or .ann without its pair.
Export: `brat_export`.
"""

from __future__ import annotations

import re
from pathlib import Path

from .labels import Vocabulary, spelling_note
from .records import Imported, Run, entity_name, load_source, provenance, record_id, skeleton, span_note
from .sources import is_input_file, read_lines

FMT = "brat"
_T = re.compile(r"^T([0-9]{1,9})\t(\S+) ([0-9]{1,12} [0-9]{1,12}(?:;[0-9]{1,12} [0-9]{1,12})*)\t(.*)\Z")
_NOTE = re.compile(r"^#([0-9]{1,9})\tAnnotatorNotes T([0-9]{1,9})\t(.*)\Z")
_KINDS = {"R": "relation", "A": "attribute", "M": "attribute", "E": "event", "N": "normalisation", "*": "equivalence"}


def read(path: Path, run: Run) -> list[Imported]:
    from ..splits import assign_split
    from ..taxonomy import load_taxonomies
    tax = load_taxonomies()
    vocab = {"technique": Vocabulary(tax.techniques), "mention": Vocabulary(tax.entity_types)}
    texts = sorted(p for p in path.glob("*.txt") if is_input_file(p))
    for af in sorted(p for p in path.glob("*.ann") if is_input_file(p)):
        if not is_input_file(af.with_suffix(".txt")):
            run.problems.add(af, None, "NF-IMP-ARTICLE", f"{af.name} has no {af.stem}.txt beside it")
    if not texts:
        run.problems.add(path, None, "NF-IMP-LAYOUT", "no <name>.txt files here")
        return []
    parsed, used = [], set()
    for tf in texts:
        rid = record_id(FMT, tf.stem)
        af = tf.with_suffix(".ann")
        src = load_source(tf, run.root, run.problems, record=rid)
        if not is_input_file(af):
            run.problems.add(af, None, "NF-IMP-ARTICLE", f"{tf.name} has no .ann file beside it", record=rid)
            continue
        lf = read_lines(af, run.root, run.problems)
        if src is None or lf is None:
            continue
        run.keep(lf)
        spans, notes = _lines(lf, src, vocab, run, rid)
        used |= {kind for _, _, kind, _, _, _ in spans}
        parsed.append((tf, src, lf, spans, notes, rid))
    layers = (["techniques"] if "technique" in used else []) + (["entities", "mentions"] if "mention" in used else [])
    out = []
    for tf, src, lf, spans, notes, rid in parsed:
        rec = skeleton(run, rid=rid, language=run.language or "en", split=run.split or assign_split(rid), title=None,
                       src=src, seed_name=f"{FMT}--{tf.name}", layers=layers, label_files=[lf])
        rec["source"]["notes"].append("The format marks no title: title is null.")
        _fill(rec, src, lf, spans, notes, run, rid)
        out.append(Imported(rec, src.text, f"{FMT}--{tf.name}", src.data))
    return out


def _lines(lf, src, vocab, run: Run, rid: str):
    """(spans [(T number, label, kind, fragments, line, spellings)], notes {T: (#n, text)})."""
    af = lf.path
    entries, notes, seen = [], {}, {}
    for no, line in enumerate(lf.lines, 1):
        if m := _T.match(line):
            scope = {"record": rid, "layer": "*"}
            tid = int(m.group(1))
            if tid in seen:
                run.problems.add(af, no, "NF-IMP-DUPLICATE", f"T{tid} is defined twice (first on line {seen[tid]}); "
                                 "brat ids are unique in a file", **scope)
                continue
            seen[tid] = no
            got = None
            for kind, v in vocab.items():
                label, variant = v.resolve(m.group(2))
                if label is not None:
                    got = (kind, label, variant)
                    break
            if got is None:
                run.problems.add(af, no, "NF-IMP-LABEL", f"label {m.group(2)!r} is neither a technique nor an entity "
                                 "type", **scope)
                continue
            kind, label, variant = got
            if variant:
                run.problems.notice(af, no, "NF-IMP-SPELLING", f"label {m.group(2)!r} read as {label!r}; export "
                                    "writes the source's spelling")
            frags = [tuple(int(x) for x in f.split()) for f in m.group(3).split(";")]
            if kind == "mention" and len(frags) > 1:
                run.problems.add(af, no, "NF-IMP-SPAN", f"T{tid}: a discontinuous entity mention cannot be carried "
                                 "(a record's mention is one span)", **scope)
                continue
            entries.append((tid, label, kind, frags, no, [(m.group(2), label)], m.group(4)))
        elif m := _NOTE.match(line):
            tid = int(m.group(2))
            if tid in notes:
                run.problems.add(af, no, "NF-IMP-DUPLICATE", f"a second AnnotatorNotes for T{tid} (#{notes[tid][0]} "
                                 "already); a T has one", record=rid, layer="*")
                continue
            notes[tid] = (int(m.group(1)), m.group(3))
        else:
            what = _KINDS.get(line[:1], "unknown")
            run.problems.add(af, no, "NF-IMP-UNSUPPORTED", f"a brat {what} line has no place in a newsframes record "
                             "(only T spans and AnnotatorNotes are imported); remove it or keep the .ann elsewhere",
                             record=rid, layer="*")
    _crlf(entries, src, lf, run)
    spans = []
    for tid, label, kind, frags, no, pairs, text in entries:
        raw = src.align.raw
        if any(not 0 <= s < e <= len(raw) for s, e in frags):
            run.problems.add(af, no, "NF-IMP-SPAN", f"a fragment of T{tid} lies outside {src.path.name}",
                             record=rid, layer="*")
        elif " ".join(raw[s:e] for s, e in frags) != text:
            run.problems.add(af, no, "NF-IMP-TEXT", f"T{tid} text {text!r} differs from the file's text "
                             f"{' '.join(raw[s:e] for s, e in frags)!r}", record=rid, layer="*")
        else:
            spans.append((tid, label, kind, frags, no, pairs))
    for t in notes:
        if t not in {s[0] for s in spans} and t not in {e[0] for e in entries}:
            run.problems.add(af, None, "NF-IMP-NOTE", f"AnnotatorNotes for T{t}, which is not an imported span",
                             record=rid, layer="*")
    return spans, notes


def _crlf(entries, src, lf, run: Run) -> None:
    """Texts that match only counting each bare LF as CRLF: read that way, with a notice."""
    from . import crlf
    from .offsets import Alignment

    def fits(raw, tid_frags_text):
        return all(all(0 <= s < e <= len(raw) for s, e in f) and " ".join(raw[s:e] for s, e in f) == t
                   for f, t in tid_frags_text)
    pairs = [(frags, text) for _, _, _, frags, _, _, text in entries]
    raw = src.align.raw
    if pairs and not fits(raw, pairs) and "\r" not in raw and "\n" in raw and \
            fits(Alignment.with_crlf(raw).raw, pairs):
        src.use_crlf()
        crlf.notice(run, lf.path, src)


def _fill(rec, src, lf, spans, notes, run: Run, rid: str) -> None:
    prov = provenance(FMT, lf.sha)
    for tid, label, kind, frags, no, pairs in sorted(spans):
        note_id, note_text = notes.get(tid, (None, None))
        for k, (s, e) in enumerate(frags, 1):
            placed = src.align.to_text(s, e)
            if placed is None:
                run.problems.add(lf.path, no, "NF-IMP-SPAN", f"T{tid}: fragment {s}-{e} covers only removed "
                                 "characters", record=rid, layer="*")
                continue
            a, b, exact = placed
            tag = f"brat T{tid}" + (f" fragment {k}/{len(frags)}" if len(frags) > 1 else "")
            note = span_note(exact, s, e, tag, spelling_note(pairs))
            if note_text is not None:
                note += f"; AnnotatorNotes #{note_id}: {note_text}"
            if kind == "technique":
                rec["techniques"].append({"id": f"p{len(rec['techniques']) + 1}", "label": label, "start": a,
                                          "end": b, "text": src.text[a:b], "source": prov, "note": note})
            else:
                n = len(rec["mentions"]) + 1
                rec["entities"].append({"id": f"e{n}", "name": entity_name(run, src.text[a:b], f"m{n}"),
                                        "type": label, "wikidata": None, "roles": [], "source": prov, "note": note})
                rec["mentions"].append({"id": f"m{n}", "entity": f"e{n}", "start": a, "end": b,
                                        "text": src.text[a:b], "metonymy": None, "source": prov})
