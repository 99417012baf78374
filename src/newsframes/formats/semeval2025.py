"""SemEval-2025 Task 10 (entity framing, narratives): a language folder, or a folder of
language folders (the release's `BG/ EN/ HI/ PT/ RU/`).

Layout of a language folder:
  raw-documents/<ARTICLE>.txt
  subtask-1-annotations.txt   ARTICLE<TAB>mention<TAB>start<TAB>end<TAB>main_role<TAB>fine_role[<TAB>fine_role...]
                              (ARTICLE includes .txt; offsets are UTF-16 code units of the raw file,
                              CRLF kept, END INCLUSIVE)
  subtask-2-annotations.txt   ARTICLE<TAB>narrative;narrative<TAB>subnarrative;subnarrative  (`Other`: none)
Each subtask-1 line becomes one entity (type null: the format has none) with one mention
and one role; each subtask-2 line pairs its i-th narrative with its i-th sub-narrative.
The language comes from --language, else the folder name (BG, EN, HI, PT, RU), else a
language code among the parts of the file name (EN_UA_123, A9_BG_8450, RU-URW-1080,
HI_12). Export: `semeval2025_export`.
"""

from __future__ import annotations

import re
from pathlib import Path

from .labels import Reader, Vocabulary, spelling_note
from .records import (
    Imported,
    Run,
    entity_name,
    load_source,
    provenance,
    record_id,
    skeleton,
    span_note,
)
from .sources import is_input_file, natural, read_lines

FMT = "semeval2025"
OTHER = "Other"
LANGUAGES = {"BG": "bg", "EN": "en", "HI": "hi", "PT": "pt", "RU": "ru"}
ST1, ST2 = "subtask-1-annotations.txt", "subtask-2-annotations.txt"


def language_folders(path: Path) -> list[Path]:
    if (path / "raw-documents").is_dir():
        return [path]
    return sorted(p for p in path.iterdir() if p.is_dir() and (p / "raw-documents").is_dir())


def _language(folder: Path, stem: str, run: Run, file: Path, rid: str) -> str | None:
    if run.language:
        return run.language
    named = LANGUAGES.get(folder.name.upper())
    parts = {LANGUAGES[t] for t in re.split(r"[^A-Za-z0-9]+", stem) if t in LANGUAGES}
    if named and parts and parts != {named}:
        run.problems.add(file, None, "NF-IMP-LANGUAGE", f"the file name says {sorted(parts)}, the folder "
                         f"{folder.name}/ says {named!r}: move the file or pass --language", record=rid)
        return None
    if named or len(parts) == 1:
        return named or parts.pop()
    run.problems.add(file, None, "NF-IMP-LANGUAGE", f"cannot tell the language from the folder name "
                     f"{folder.name!r} or the file name (the release names folders {', '.join(LANGUAGES)} and "
                     "files like EN_UA_123.txt, A9_BG_8450.txt, RU-URW-1080.txt, HI_12.txt); pass --language",
                     record=rid)
    return None


def read(path: Path, run: Run) -> list[Imported]:
    folders = language_folders(path)
    if not folders:
        run.problems.add(path, None, "NF-IMP-LAYOUT", "no raw-documents/ folder here or in its subfolders (PATH is a "
                         "language folder such as EN/, or the folder that holds them)")
        return []
    return [it for folder in folders for it in _read_folder(folder, run)]


def _read_folder(folder: Path, run: Run) -> list[Imported]:
    from ..splits import assign_split
    sources = {}
    files = sorted(p for p in (folder / "raw-documents").glob("*.txt") if is_input_file(p))
    for f in files:
        src = load_source(f, run.root, run.problems, record=record_id(FMT, f.stem))
        if src is not None:
            sources[f.name] = src
    # the article files there, read or not: the label lines of one that could not be read (a
    # problem of its own, which --skip-bad-lines skips) go with it, not "not in raw-documents/"
    present = {f.name for f in files}
    f1, f2 = folder / ST1, folder / ST2
    st1 = read_lines(f1, run.root, run.problems) if is_input_file(f1) else None
    st2 = read_lines(f2, run.root, run.problems) if is_input_file(f2) else None
    for lf in (st1, st2):
        if lf is not None:
            run.keep(lf)
    roles = _roles(st1, sources, present, run) if st1 else {}
    narr = _narratives(st2, sources, present, run) if st2 else {}
    out = []
    for name, src in sources.items():
        stem = name[:-len(".txt")]
        rid = record_id(FMT, stem)
        lang = _language(folder, stem, run, src.path, rid)
        if lang is None:
            continue
        layers = (["roles"] if st1 is not None else []) + (["narratives"] if name in narr else [])
        files = ([st1] if name in roles else []) + ([st2] if name in narr else [])
        rec = skeleton(run, rid=rid, language=lang, split=run.split or assign_split(rid), title=None, src=src,
                       seed_name=f"{FMT}--{name}", layers=layers, label_files=files)
        rec["source"]["notes"].append("The format gives no title: title is null.")
        for k, ((ta, tb, exact), a, b, main, fine, pairs) in enumerate(roles.get(name, []), 1):
            prov = provenance(FMT, st1.sha)
            rec["entities"].append({"id": f"e{k}", "name": entity_name(run, src.text[ta:tb], f"m{k}"), "type": None,
                                    "wikidata": None,
                                    "roles": [{"main": main, "fine": list(fine), "source": prov,
                                               "note": span_note(exact, a, b, spelling_note(pairs))}],
                                    "source": prov, "note": "One entity per subtask-1 line; the format annotates "
                                    "mentions, not entity types or clusters."})
            rec["mentions"].append({"id": f"m{k}", "entity": f"e{k}", "start": ta, "end": tb,
                                    "text": src.text[ta:tb], "metonymy": None, "source": prov})
        if name in narr:
            rec["narratives"] = [{"narrative": n, "subnarrative": sn, "source": provenance(FMT, st2.sha),
                                  "note": spelling_note(pairs)} for n, sn, pairs in narr[name]]
        out.append(Imported(rec, src.text, f"{FMT}--{name}", src.data))
    return out


def _roles(st1, sources, present, run: Run) -> dict[str, list]:
    """Article file name -> [((text start, text end, exact), raw start, raw end, main, fine, spellings)]."""
    from ..taxonomy import load_taxonomies
    tax = load_taxonomies()
    mains, fines = Vocabulary(tax.role_main), Vocabulary(tax.role_fine)
    labels = Reader(run.problems)
    f1 = st1.path
    parsed: dict[str, list] = {}
    seen: set = set()
    for no, line in enumerate(st1.lines, 1):
        p = line.split("\t")
        art = p[0]
        scope = {"record": record_id(FMT, art.removesuffix(".txt")), "layer": "roles"} if art in present else {}
        if len(p) < 6:
            run.problems.add(f1, no, "NF-IMP-FIELDS", f"expected at least 6 tab-separated fields (article, mention, "
                             f"start, end, main role, fine role...), found {len(p)}", **scope)
            continue
        mention, s, e = p[1], natural(p[2]), natural(p[3])
        if art not in sources:
            if art not in present:
                run.problems.add(f1, no, "NF-IMP-ARTICLE", f"{art!r} is not in raw-documents/")
            continue
        if s is None or e is None:
            run.problems.add(f1, no, "NF-IMP-NUMBER", f"offsets {p[2]!r}, {p[3]!r} are not non-negative integers in "
                             "ASCII digits", **scope)
            continue
        pairs: list = []
        main = labels.label(mains, p[4], f1, no, "main role", pairs, **scope)
        fine = [labels.label(fines, x, f1, no, "fine role", pairs, **scope) for x in p[5:]]
        ok = main is not None and None not in fine
        bad = [x for x in fine if ok and tax.role_fine[x] != main]
        if bad:
            run.problems.add(f1, no, "NF-IMP-LABEL", f"fine role(s) {bad} are not roles under {main!r}", **scope)
        if ok and len(set(fine)) != len(fine):
            run.problems.add(f1, no, "NF-IMP-DUPLICATE", "a fine role is listed twice", **scope)
            ok = False
        if (art, mention, s, e) in seen:
            run.problems.add(f1, no, "NF-IMP-DUPLICATE", f"the same mention {mention!r} at {s}-{e} is listed twice "
                             "(the scorer refuses that too)", **scope)
            ok = False
        seen.add((art, mention, s, e))
        if not ok or bad:
            continue
        parsed.setdefault(art, []).append((no, mention, s, e, main, fine, pairs, scope))
    return {art: _place(sources[art], entries, f1, run) for art, entries in parsed.items()}


def _span(align, s: int, e: int):
    a, b = align.cp_from_utf16(s), align.cp_from_utf16(e + 1)
    return (a, b) if a is not None and b is not None and a < b <= len(align.raw) else None


def _place(src, entries, f1, run: Run) -> list:
    """The subtask-1 lines of one article on its text. Offsets that match the mention
    texts only when each bare LF counts as CRLF are read that way, with a notice."""
    def matches(align, s, e, mention):
        got = _span(align, s, e)
        return got is not None and align.raw[got[0]:got[1]] == mention

    raw = src.align.raw
    if not all(matches(src.align, s, e, m) for _, m, s, e, *_ in entries) and "\r" not in raw and "\n" in raw:
        from .offsets import Alignment
        crlf = Alignment.with_crlf(raw)
        if all(matches(crlf, s, e, m) for _, m, s, e, *_ in entries):
            src.use_crlf()
            run.problems.notice(f1, entries[0][0], "NF-IMP-CRLF", f"the offsets of {src.path.name} match its text only "
                                "when each line break counts as two characters (CRLF): the article file is a copy "
                                "whose CRs were stripped; imported counting them that way, and export does the same")
    out = []
    for no, mention, s, e, main, fine, pairs, scope in entries:
        got = _span(src.align, s, e)
        if got is None:
            run.problems.add(f1, no, "NF-IMP-SPAN", f"UTF-16 span {s}-{e} (end inclusive) does not lie on code point "
                             f"boundaries of {src.path.name}: it does not align with the article; not shifted", **scope)
            continue
        a, b = got
        if src.align.raw[a:b] != mention:
            run.problems.add(f1, no, "NF-IMP-TEXT", f"mention {mention!r} differs from the article's text at {s}-{e}: "
                             f"{src.align.raw[a:b]!r}", **scope)
            continue
        placed = src.align.to_text(a, b)
        if placed is None:
            run.problems.add(f1, no, "NF-IMP-SPAN", f"span {s}-{e} covers only removed characters", **scope)
            continue
        out.append((placed, a, b, main, fine, pairs))
    return out


def _narratives(st2, sources, present, run: Run) -> dict[str, list]:
    """Article file name -> [(narrative, sub-narrative, spellings)]."""
    f2 = st2.path
    out: dict[str, list] = {}
    for no, line in enumerate(st2.lines, 1):
        p = line.split("\t")
        scope = {"record": record_id(FMT, p[0].removesuffix(".txt")), "layer": "narratives"} \
            if p[0] in present else {}
        if len(p) != 3:
            run.problems.add(f2, no, "NF-IMP-FIELDS", f"expected 3 tab-separated fields (article, narratives, "
                             f"sub-narratives), found {len(p)}", **scope)
            continue
        if p[0] not in sources:
            if p[0] not in present:
                run.problems.add(f2, no, "NF-IMP-ARTICLE", f"{p[0]!r} is not in raw-documents/")
            continue
        if p[0] in out:
            run.problems.add(f2, no, "NF-IMP-DUPLICATE", f"{p[0]} is listed twice", **scope)
            continue
        pairs = _pairs(p[1].split(";"), p[2].split(";"), f2, no, run, scope)
        if pairs is not None:
            out[p[0]] = pairs
    return out


def _pairs(ns, subs, f2, no, run: Run, scope):
    from ..taxonomy import load_taxonomies
    tax = load_taxonomies()
    if ns == [OTHER] and subs == [OTHER]:
        return []
    if OTHER in ns or OTHER in subs:
        run.problems.add(f2, no, "NF-IMP-LABEL", "`Other` stands alone (no narrative); it cannot be listed with "
                         "others", **scope)
        return None
    if len(ns) != len(subs):
        run.problems.add(f2, no, "NF-IMP-FIELDS", f"{len(ns)} narrative(s) but {len(subs)} sub-narrative(s): cannot "
                         "pair them", **scope)
        return None
    labels, out = Reader(run.problems), []
    narratives, subnarratives = Vocabulary(tax.narratives), Vocabulary(tax.subnarratives)
    for n, sn in zip(ns, subs):
        pairs: list = []
        label = labels.label(narratives, n, f2, no, "narrative", pairs, **scope)
        sub = labels.label(subnarratives, sn, f2, no, "sub-narrative", pairs, **scope)
        if label is None or sub is None:
            return None
        if tax.subnarratives[sub] != label:
            run.problems.add(f2, no, "NF-IMP-LABEL", f"{sn!r} is not a sub-narrative of {n!r}", **scope)
            return None
        out.append((label, sub, pairs))
    return out
