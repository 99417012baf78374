"""PTC, the propaganda techniques corpus of SemEval-2020 Task 11.

PATH is a folder, searched recursively (the release's `train-articles/`,
`train-labels-task2-technique-classification/`, ... or one folder with everything):
  article<ID>.txt
  article<ID>.labels-task-TC, .task2-TC.labels, .task-FLC.labels   ID<TAB>technique<TAB>begin<TAB>end
  article<ID>.task-SI.labels, .task1-SI.labels                       ID<TAB>begin<TAB>end
The offsets are code points of the article file, end exclusive. The TC file carries the
labels; an SI file beside it must give the same spans (it is kept, and export writes it
back). PTC technique names are mapped to newsframes labels by
schema/taxonomies/ptc_techniques.json (one label per PTC class and back; merged classes
map to the PTC_Merged labels, never split by guessing). The same article file name in
two folders is one article when the bytes are the same, else an error. Export:
`ptc_export`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from . import crlf
from .labels import Vocabulary
from .records import Imported, Run, load_source, provenance, record_id, skeleton, span_note
from .sources import natural, read_lines, walk

FMT = "ptc"
TC_SUFFIX, SI_SUFFIX = ".labels-task-TC", ".task-SI.labels"
PATHS_NOTE = "Paths in the release: "
_ARTICLE = re.compile(r"^article([^./]+)\.txt\Z")
_LABEL_FILE = re.compile(r"^article([^./]+)\.(.*labels.*)\Z")
_SPLIT = re.compile(r"^(train|dev|test)[-_]")
SPLITS = {"train": "train", "dev": "validation", "test": "test"}


@lru_cache(maxsize=1)
def mapping() -> tuple[dict[str, str], dict[str, str]]:
    """(PTC class -> newsframes label, newsframes label -> PTC class for export)."""
    from ..paths import schema_dir
    table = json.loads((schema_dir() / "taxonomies" / "ptc_techniques.json").read_text(encoding="utf-8"))
    to_nf = {c["ptc"]: c["label"] for c in table["classes"]}
    back = {c["label"]: c["ptc"] for c in table["classes"]}
    back.update({c["label"]: c["ptc"] for c in table["export_coarsening"]})
    return to_nf, back


def kind(suffix: str) -> str:
    """TC, SI or another kind of PTC label file, from the part of its name after the ID."""
    if "SLC" in suffix:
        return "SLC"
    return "SI" if "SI" in suffix and "TC" not in suffix else "TC"


def _split(path: Path, root: Path, run: Run, rid: str) -> str:
    from ..splits import assign_split
    if run.split:
        return run.split
    for part in path.relative_to(root).parts[:-1]:
        m = _SPLIT.match(part)
        if m:
            return SPLITS[m.group(1)]
    return assign_split(rid)


def _scan(path: Path, run: Run):
    articles: dict[str, list[Path]] = {}
    labels: dict[str, dict[str, list[Path]]] = {}
    files, links = walk(path, run.problems)
    for d in links:
        run.problems.add(d, None, "NF-IMP-LINK", "a linked folder: its files are not searched (put the folder itself "
                         "there, or import it on its own)")
    for f in files:
        if not f.name.startswith("article"):
            continue
        if m := _ARTICLE.match(f.name):
            articles.setdefault(m.group(1), []).append(f)
        elif m := _LABEL_FILE.match(f.name):
            labels.setdefault(m.group(1), {}).setdefault(kind(m.group(2)), []).append(f)
    return articles, labels


def read(path: Path, run: Run) -> list[Imported]:
    articles, labels = _scan(path, run)
    if not articles:
        run.problems.add(path, None, "NF-IMP-LAYOUT", "no article<ID>.txt files here or in its subfolders")
        return []
    for aid, kinds in sorted(labels.items()):
        if aid not in articles:
            for f in (f for fs in kinds.values() for f in fs):
                run.problems.add(f, None, "NF-IMP-ARTICLE", f"article{aid}.txt is not here")
    out = []
    for aid, paths in sorted(articles.items()):
        rid = record_id(FMT, aid)
        src = load_source(paths[0], run.root, run.problems, record=rid)
        same = []
        for other in paths[1:]:
            got = load_source(other, run.root, run.problems, record=rid)
            if src is not None and got is not None:
                if got.data != src.data:
                    run.problems.add(other, None, "NF-IMP-DUPLICATE", f"another article{aid}.txt with other text "
                                     f"({paths[0]}): which one do its labels belong to? Import the folders one at "
                                     "a time", record=rid)
                else:
                    same.append(other)
        if src is None:
            continue
        if same:
            run.problems.notice(same[0], None, "NF-IMP-DUPLICATE", f"the same bytes as {paths[0]}: one article")
        kinds = labels.get(aid, {})
        for k, fs in kinds.items():
            if len(fs) > 1:
                run.problems.add(fs[1], None, "NF-IMP-DUPLICATE", f"a second {k} label file for article {aid} (first: "
                                 f"{fs[0]}); import one at a time", record=rid, layer="techniques")
        for f in kinds.get("SLC", []):
            run.problems.add(f, None, "NF-IMP-UNSUPPORTED", "a sentence-level (SLC) label file: a record's "
                             "techniques are spans; import the TC (or FLC) labels", record=rid, layer="techniques")
        tc = read_lines(kinds["TC"][0], run.root, run.problems) if kinds.get("TC") else None
        si = read_lines(kinds["SI"][0], run.root, run.problems) if kinds.get("SI") else None
        for lf in (tc, si):
            if lf is not None:
                run.keep(lf)
        scope = {"record": rid, "layer": "techniques"}
        techniques = _spans(aid, src, tc, run, scope) if tc else []
        if si is not None:
            _check_si(aid, si, tc, run, scope)
        layers = ["techniques"] if tc or si else []
        rec = skeleton(run, rid=rid, language=run.language or "en", split=_split(paths[0], path, run, rid), title=None,
                       src=src, seed_name=f"{FMT}--{paths[0].name}", layers=layers,
                       label_files=[lf for lf in (tc, si) if lf])
        rec["source"]["notes"].append("The format marks no title line: title is null.")
        rec["source"]["notes"].append(PATHS_NOTE + ", ".join(
            p.relative_to(path).as_posix() for p in [paths[0], *(lf.path for lf in (tc, si) if lf)]))
        rec["techniques"] = techniques
        out.append(Imported(rec, src.text, f"{FMT}--{paths[0].name}", src.data))
    return out


def _spans(aid, src, lf, run: Run, scope) -> list[dict]:
    to_nf, _ = mapping()
    vocab = Vocabulary(to_nf)
    rows = []
    for no, line in enumerate(lf.lines, 1):
        p = line.split("\t")
        if len(p) == 3:
            run.problems.add(lf.path, no, "NF-IMP-SI", "a span-only (SI) line in the TC file: it names no technique, "
                             "and a record's technique span needs one", **scope)
            continue
        if len(p) != 4:
            run.problems.add(lf.path, no, "NF-IMP-FIELDS", f"expected 4 tab-separated fields (ID, technique, begin, "
                             f"end), found {len(p)}", **scope)
            continue
        if p[0] != aid:
            run.problems.add(lf.path, no, "NF-IMP-ARTICLE", f"article id {p[0]!r} in the label file of article {aid}",
                             **scope)
        ptc, variant = vocab.resolve(p[1])
        if ptc is None:
            run.problems.add(lf.path, no, "NF-IMP-LABEL", f"unknown PTC technique {p[1]!r} (the 14 classes are listed "
                             "in schema/taxonomies/ptc_techniques.json)", **scope)
            continue
        if variant:
            run.problems.notice(lf.path, no, "NF-IMP-SPELLING", f"PTC technique {p[1]!r} read as {ptc!r}; export "
                                "writes the source's spelling")
        s, e = natural(p[2]), natural(p[3])
        if s is None or e is None:
            run.problems.add(lf.path, no, "NF-IMP-NUMBER", f"offsets {p[2]!r}, {p[3]!r} are not non-negative "
                             "integers in ASCII digits", **scope)
            continue
        rows.append((no, p[1], to_nf[ptc], s, e))
    if crlf.prefer_crlf(src, [(s, e) for _, _, _, s, e in rows]):
        src.use_crlf()
        crlf.notice(run, lf.path, src)
    out = []
    n = len(src.align.raw)
    for no, name, label, s, e in rows:
        if not 0 <= s < e <= n:
            run.problems.add(lf.path, no, "NF-IMP-SPAN", f"span {s}-{e} does not lie in the article (0-{n} code "
                             "points); not shifted", **scope)
            continue
        placed = src.align.to_text(s, e)
        if placed is None:
            run.problems.add(lf.path, no, "NF-IMP-SPAN", f"span {s}-{e} covers only white space or removed "
                             "characters", **scope)
            continue
        a, b, exact = placed
        out.append({"id": f"p{len(out) + 1}", "label": label, "start": a, "end": b, "text": src.text[a:b],
                    "source": provenance(FMT, lf.sha), "note": span_note(exact, s, e, f"PTC label `{name}`")})
    return out


def _check_si(aid, si, tc, run: Run, scope) -> None:
    """An SI file beside the TC file must give the TC file's spans (the SI task's gold is
    the TC gold without labels); alone, its lines name no technique."""
    got: Counter = Counter()
    for no, line in enumerate(si.lines, 1):
        p = line.split("\t")
        s, e = (natural(p[1]), natural(p[2])) if len(p) == 3 else (None, None)
        if len(p) != 3 or p[0] != aid or s is None or e is None:
            run.problems.add(si.path, no, "NF-IMP-SI", f"expected ID {aid}, begin, end (three tab-separated fields, "
                             "ASCII digits)", **scope)
            continue
        got[(s, e)] += 1
    if tc is None:
        run.problems.add(si.path, None, "NF-IMP-SI", "span-only (SI) labels without a TC file beside them: they "
                         "name no technique, and a record's technique span needs one; import the TC labels", **scope)
        return
    want = Counter((natural(p[2]), natural(p[3])) for p in (ln.split("\t") for ln in tc.lines) if len(p) == 4)
    if got != want:
        run.problems.add(si.path, None, "NF-IMP-SI", f"its spans differ from those of {tc.path.name} "
                         f"({sum((got - want).values())} only here, {sum((want - got).values())} only there)", **scope)
