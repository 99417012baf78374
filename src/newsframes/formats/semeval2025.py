"""SemEval-2025 Task 10 (entity framing, narratives), one language folder.

Layout (PATH is the language folder):
  raw-documents/<ARTICLE>.txt
  subtask-1-annotations.txt   ARTICLE<TAB>mention<TAB>start<TAB>end<TAB>main_role<TAB>fine_role[<TAB>fine_role...]
                              (ARTICLE includes .txt; offsets are UTF-16 code units of the raw file,
                              CRLF kept, END INCLUSIVE)
  subtask-2-annotations.txt   ARTICLE<TAB>narrative;narrative<TAB>subnarrative;subnarrative  (`Other`: none)
Each subtask-1 line becomes one entity (type null: the format has none) with one mention
and one role; each subtask-2 line pairs its i-th narrative with its i-th sub-narrative.
Export order (the ST2 scorer pairs gold and prediction lines by order, not by id): lines
sorted by article file name; within an article, in the record's order.
"""

from __future__ import annotations

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

FMT = "semeval2025"
OTHER = "Other"
DOMAINS = ("URW", "CC")  # the task's narrative prefixes; the project's own (NF) have no place in the format


def _language(name: str, given: str | None) -> str | None:
    if given:
        return given
    head = name.split("_", 1)[0]
    return head.lower() if head.isalpha() and 2 <= len(head) <= 3 else None


def read(path: Path, *, split: str | None, language: str | None, rights: str, version: str,
         problems: Problems) -> list[Imported]:
    from ..splits import assign_split
    from ..taxonomy import load_taxonomies
    tax = load_taxonomies()
    docs = path / "raw-documents"
    if not docs.is_dir():
        problems.add(path, None, "NF-IMP-LAYOUT", "no raw-documents/ folder here (PATH is a language folder)")
        return []
    sources = {}
    for f in sorted(docs.glob("*.txt")):
        src = load_source(f, problems)
        if src is not None:
            sources[f.name] = src
    f1, f2 = path / "subtask-1-annotations.txt", path / "subtask-2-annotations.txt"
    st1 = read_lines(f1, problems) if f1.is_file() else None
    st2 = read_lines(f2, problems) if f2.is_file() else None
    roles: dict[str, list[tuple]] = {}
    if st1:
        for no, line in enumerate(st1[0], 1):
            p = line.split("\t")
            if len(p) < 6:
                problems.add(f1, no, "NF-IMP-FIELDS", f"expected at least 6 tab-separated fields (article, mention, "
                             f"start, end, main role, fine role...), found {len(p)}")
                continue
            art, mention, s, e, main, fine = p[0], p[1], p[2], p[3], p[4], p[5:]
            if art not in sources:
                problems.add(f1, no, "NF-IMP-ARTICLE", f"{art} is not in raw-documents/")
                continue
            if not (s.isdigit() and e.isdigit()):
                problems.add(f1, no, "NF-IMP-NUMBER", f"offsets {s!r}, {e!r} are not non-negative integers")
                continue
            if main not in tax.role_main:
                problems.add(f1, no, "NF-IMP-LABEL", f"unknown main role {main!r}")
            for x in fine:
                if tax.role_fine.get(x) != main:
                    problems.add(f1, no, "NF-IMP-LABEL", f"fine role {x!r} is not a role under {main!r}")
            if len(set(fine)) != len(fine):
                problems.add(f1, no, "NF-IMP-DUPLICATE", "a fine role is listed twice")
            src = sources[art]
            a, b = src.align.cp_from_utf16(int(s)), src.align.cp_from_utf16(int(e) + 1)
            if a is None or b is None or not a < b <= len(src.align.raw):
                problems.add(f1, no, "NF-IMP-SPAN", f"UTF-16 span {s}-{e} (end inclusive) does not lie on code "
                             f"point boundaries of {art}: it does not align with the article; not shifted")
                continue
            if src.align.raw[a:b] != mention:
                problems.add(f1, no, "NF-IMP-TEXT", f"mention {mention!r} differs from the article's text at "
                             f"{s}-{e}: {src.align.raw[a:b]!r}")
                continue
            got = src.align.to_text(a, b)
            if got is None:
                problems.add(f1, no, "NF-IMP-SPAN", f"span {s}-{e} covers only removed characters")
                continue
            roles.setdefault(art, []).append((got, a, b, int(s), int(e), main, fine, st1[1]))
    narr: dict[str, tuple] = {}
    if st2:
        for no, line in enumerate(st2[0], 1):
            p = line.split("\t")
            if len(p) != 3:
                problems.add(f2, no, "NF-IMP-FIELDS", f"expected 3 tab-separated fields (article, narratives, "
                             f"sub-narratives), found {len(p)}")
                continue
            if p[0] not in sources:
                problems.add(f2, no, "NF-IMP-ARTICLE", f"{p[0]} is not in raw-documents/")
                continue
            if p[0] in narr:
                problems.add(f2, no, "NF-IMP-DUPLICATE", f"{p[0]} is listed twice")
            ns, subs = p[1].split(";"), p[2].split(";")
            pairs = _pairs(ns, subs, tax, f2, no, problems)
            if pairs is not None:
                narr[p[0]] = (pairs, st2[1])
    out = []
    for name, src in sources.items():
        stem = name[:-len(".txt")]
        lang = _language(stem, language)
        if lang is None:
            problems.add(src.path, None, "NF-IMP-LANGUAGE", "cannot tell the language from the file name; "
                         "pass --language")
            continue
        rid = record_id(FMT, stem)
        layers = (["roles"] if st1 is not None else []) + (["narratives"] if name in narr else [])
        files = ([f1.name] if name in roles else []) + ([f2.name] if name in narr else [])
        rec = skeleton(rid=rid, fmt=FMT, language=lang, split=split or assign_split(rid), title=None, src=src,
                       seed_name=f"{FMT}--{name}", rights=rights, layers=layers, label_files=files, version=version)
        rec["source"]["notes"].append("The format gives no title: title is null.")
        for k, ((ta, tb, exact), a, b, s, e, main, fine, sha) in enumerate(roles.get(name, []), 1):
            prov = provenance(FMT, sha)
            rec["entities"].append({"id": f"e{k}", "name": src.text[ta:tb], "type": None, "wikidata": None,
                                    "roles": [{"main": main, "fine": list(fine), "source": prov,
                                               "note": span_note(exact, a, b)}],
                                    "source": prov, "note": "One entity per subtask-1 line; the format annotates "
                                    "mentions, not entity types or clusters."})
            rec["mentions"].append({"id": f"m{k}", "entity": f"e{k}", "start": ta, "end": tb,
                                    "text": src.text[ta:tb], "metonymy": None, "source": prov})
        if name in narr:
            pairs, sha = narr[name]
            rec["narratives"] = [{"narrative": n, "subnarrative": sn, "source": provenance(FMT, sha), "note": None}
                                 for n, sn in pairs]
        out.append(Imported(rec, src.text, f"{FMT}--{name}", src.data))
    return out


def _pairs(ns, subs, tax, f2, no, problems):
    if ns == [OTHER] and subs == [OTHER]:
        return []
    if OTHER in ns or OTHER in subs:
        problems.add(f2, no, "NF-IMP-LABEL", "`Other` stands alone (no narrative); it cannot be listed with others")
        return None
    if len(ns) != len(subs):
        problems.add(f2, no, "NF-IMP-FIELDS", f"{len(ns)} narrative(s) but {len(subs)} sub-narrative(s): cannot "
                     "pair them")
        return None
    ok = True
    for n, sn in zip(ns, subs):
        if n not in tax.narratives:
            problems.add(f2, no, "NF-IMP-LABEL", f"unknown narrative {n!r}")
            ok = False
        elif tax.subnarratives.get(sn) != n:
            problems.add(f2, no, "NF-IMP-LABEL", f"{sn!r} is not a sub-narrative of {n!r}")
            ok = False
    return list(zip(ns, subs)) if ok else None


# ---------------------------------------------------------------- export

def _name(x: Exportable) -> str:
    return x.name or f"{x.record['id']}.txt"


def export(items: list[Exportable], report: dict) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    st1: list[str] = []
    st2: list[str] = []
    for x in sorted(items, key=_name):
        name, rec, layers = _name(x), x.record, x.layers()
        files[f"raw-documents/{name}"] = x.raw
        u16 = x.align.utf16_before()
        if "roles" in layers:
            first = {}
            for m in rec["mentions"]:
                first.setdefault(m["entity"], m)
            for ent in rec["entities"]:
                for role in ent["roles"]:
                    m = first.get(ent["id"])
                    if m is None:
                        report["skipped"].append(f"{rec['id']}/{ent['id']}: a role on an entity with no mention")
                        continue
                    a, b = x.raw_span(m["start"], m["end"], role["note"])
                    mention = x.align.raw[a:b]
                    if "\t" in mention or "\n" in mention:
                        report["skipped"].append(f"{rec['id']}/{m['id']}: mention holds a tab or line break")
                        continue
                    st1.append("\t".join([name, mention, str(u16[a]), str(u16[b] - 1), role["main"], *role["fine"]]))
        if "narratives" in layers:
            kept = [n for n in rec["narratives"] if n["narrative"].split(":", 1)[0] in DOMAINS]
            for n in rec["narratives"]:
                if n not in kept:
                    report["skipped"].append(f"{rec['id']}: narrative {n['narrative']!r} is not a SemEval-2025 label")
            ns = [n["narrative"] for n in kept]
            subs = [n["subnarrative"] for n in kept]
            st2.append(f"{name}\t{';'.join(ns) or OTHER}\t{';'.join(subs) or OTHER}")
    if any("roles" in x.layers() for x in items):
        files["subtask-1-annotations.txt"] = "".join(f"{ln}\n" for ln in st1).encode()
    if any("narratives" in x.layers() for x in items):
        files["subtask-2-annotations.txt"] = "".join(f"{ln}\n" for ln in st2).encode()
    return files
