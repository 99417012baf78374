"""SemEval-2023 Task 3 (genre, frames, persuasion techniques), one language folder.

Layout (PATH is the language folder, `<split>` is train, dev or test):
  <split>-articles-subtask-{1,2,3}/article<ID>.txt   title line, blank line, body lines
  <split>-labels-subtask-1.txt                       ID<TAB>genre
  <split>-labels-subtask-2.txt                       ID<TAB>frame,frame,...   (may be empty)
  <split>-labels-subtask-3.txt                       ID<TAB>line<TAB>technique,...   (1-based line
                                                     of the article file; blank lines counted, not listed)
  <split>-labels-subtask-3-spans/article<ID>-labels-subtask-3.txt   ID<TAB>technique<TAB>start<TAB>end
                                                     (code points of the article file, end exclusive)
See docs/formats.md.
"""

from __future__ import annotations

from pathlib import Path

from .exports import Exportable
from .records import Imported, Problems, load_source, provenance, record_id, skeleton, span_note

FMT = "semeval2023"
SPLITS = {"train": "train", "dev": "validation", "test": "test"}
SPLIT_BACK = {v: k for k, v in SPLITS.items()}
# folder names of the release -> BCP 47 (the release uses ge for German, po for Polish)
LANGUAGES = {"en": "en", "fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru", "es": "es", "gr": "el",
             "ka": "ka"}
LAYER_OF_SUBTASK = {1: ("genre",), 2: ("frames",), 3: ("techniques", "paragraph_techniques")}


def _article_files(path: Path, split: str) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for k in (1, 2, 3):
        folder = path / f"{split}-articles-subtask-{k}"
        if folder.is_dir():
            for f in sorted(folder.glob("article*.txt")):
                found.setdefault(f.name[len("article"):-len(".txt")], []).append(f)
    return found


def _fields(line: str, n: int, file: Path, no: int, problems: Problems, what: str) -> list[str] | None:
    parts = line.split("\t")
    if len(parts) != n:
        problems.add(file, no, "NF-IMP-FIELDS", f"expected {n} tab-separated fields ({what}), found {len(parts)}")
        return None
    return parts


def _labels(value: str, known: list[str], file: Path, no: int, problems: Problems, kind: str) -> list[str]:
    out = [x for x in value.split(",")] if value else []
    for x in out:
        if x not in known:
            problems.add(file, no, "NF-IMP-LABEL", f"unknown {kind} {x!r} (see schema/taxonomies)")
    return out


def read(path: Path, *, split: str, language: str | None, rights: str, version: str,
         problems: Problems) -> list[Imported]:
    from ..taxonomy import load_taxonomies
    tax = load_taxonomies()
    split = split or "train"
    if split not in SPLITS:
        problems.add(path, None, "NF-IMP-SPLIT", f"--split {split!r}: the release names train, dev or test")
        return []
    lang = language or LANGUAGES.get(path.name.lower())
    if lang is None:
        problems.add(path, None, "NF-IMP-LANGUAGE", f"cannot tell the language from the folder name "
                     f"{path.name!r}; pass --language (BCP 47, e.g. en)")
        return []
    articles = _article_files(path, split)
    if not articles:
        problems.add(path, None, "NF-IMP-LAYOUT", f"no {split}-articles-subtask-{{1,2,3}}/article<ID>.txt here")
        return []
    sources = {}
    for aid, files in sorted(articles.items()):
        src = load_source(files[0], problems)
        for other in files[1:]:
            if other.read_bytes() != files[0].read_bytes():
                problems.add(other, None, "NF-IMP-ARTICLE", f"differs from {files[0]} (same article id)")
        if src is not None:
            sources[aid] = src
    genre: dict[str, tuple[str, str]] = {}
    frames: dict[str, tuple[list[str], str]] = {}
    paras: dict[str, list[tuple[int, list[str], Path, int]]] = {}
    label_files: dict[str, list[str]] = {}

    def known_id(aid, file, no):
        if aid not in articles:
            problems.add(file, no, "NF-IMP-ARTICLE", f"article{aid}.txt is not in any {split}-articles folder")
            return False
        return True

    from .records import read_lines
    f1 = path / f"{split}-labels-subtask-1.txt"
    if f1.is_file() and (got := read_lines(f1, problems)):
        for no, line in enumerate(got[0], 1):
            if (p := _fields(line, 2, f1, no, problems, "ID, genre")) and known_id(p[0], f1, no):
                if p[1] not in tax.genre:
                    problems.add(f1, no, "NF-IMP-LABEL", f"unknown genre {p[1]!r} (expected one of {tax.genre})")
                if p[0] in genre:
                    problems.add(f1, no, "NF-IMP-DUPLICATE", f"article {p[0]} is listed twice")
                genre[p[0]] = (p[1], got[1])
                label_files.setdefault(p[0], []).append(f1.name)
    f2 = path / f"{split}-labels-subtask-2.txt"
    if f2.is_file() and (got := read_lines(f2, problems)):
        for no, line in enumerate(got[0], 1):
            if (p := _fields(line, 2, f2, no, problems, "ID, frames")) and known_id(p[0], f2, no):
                labels = _labels(p[1], tax.frames, f2, no, problems, "frame")
                if len(set(labels)) != len(labels):
                    problems.add(f2, no, "NF-IMP-DUPLICATE", "a frame is listed twice")
                if p[0] in frames:
                    problems.add(f2, no, "NF-IMP-DUPLICATE", f"article {p[0]} is listed twice")
                frames[p[0]] = (labels, got[1])
                label_files.setdefault(p[0], []).append(f2.name)
    f3 = path / f"{split}-labels-subtask-3.txt"
    if f3.is_file() and (got := read_lines(f3, problems)):
        for no, line in enumerate(got[0], 1):
            if (p := _fields(line, 3, f3, no, problems, "ID, line, techniques")) and known_id(p[0], f3, no):
                if not p[1].isdigit() or int(p[1]) < 1:
                    problems.add(f3, no, "NF-IMP-NUMBER", f"line number {p[1]!r} is not a positive integer")
                    continue
                labels = _labels(p[2], tax.techniques, f3, no, problems, "technique")
                paras.setdefault(p[0], []).append((int(p[1]), labels, f3, no))
                if f3.name not in label_files.setdefault(p[0], []):
                    label_files[p[0]].append(f3.name)
    span_dir = path / f"{split}-labels-subtask-3-spans"
    out = []
    for aid, src in sources.items():
        rid = record_id(f"{FMT}-{lang}", aid)
        layers = []
        if aid in genre:
            layers.append("genre")
        if aid in frames:
            layers.append("frames")
        sf = span_dir / f"article{aid}-labels-subtask-3.txt"
        spans = read_lines(sf, problems) if sf.is_file() else None
        if spans is not None:
            layers.append("techniques")
            label_files.setdefault(aid, []).append(f"{span_dir.name}/{sf.name}")
        if aid in paras:
            layers.append("paragraph_techniques")
        first = src.text.split("\n", 1)[0]
        rec = skeleton(rid=rid, fmt=FMT, language=lang, split=SPLITS[split], title=first, src=src,
                       seed_name=f"{FMT}-{lang}--article{aid}.txt", rights=rights, layers=layers,
                       label_files=label_files.get(aid, []), version=version)
        rec["source"]["notes"].append("The title is the first line of the article file (the format's layout: "
                                      "title line, blank line, body).")
        if aid in genre:
            rec["genre"] = {"label": genre[aid][0], "source": provenance(FMT, genre[aid][1]), "note": None}
        if aid in frames:
            rec["frames"] = {"labels": frames[aid][0], "primary": None, "source": provenance(FMT, frames[aid][1]),
                             "note": "The format marks no primary frame."}
        if spans is not None:
            rec["techniques"] = _spans(aid, src, spans, sf, tax, problems)
        if aid in paras:
            _paragraph_labels(rec, src, paras[aid], problems)
        out.append(Imported(rec, src.text, rec["source"]["seed"]["file"][len("seeds/"):], src.data))
    return out


def _spans(aid, src, got, sf: Path, tax, problems: Problems) -> list[dict]:
    lines, sha = got
    out = []
    n = len(src.align.raw)
    for no, line in enumerate(lines, 1):
        p = _fields(line, 4, sf, no, problems, "ID, technique, start, end")
        if p is None:
            continue
        if p[0] != aid:
            problems.add(sf, no, "NF-IMP-ARTICLE", f"article id {p[0]!r} in the span file of article {aid}")
        if p[1] not in tax.techniques:
            problems.add(sf, no, "NF-IMP-LABEL", f"unknown technique {p[1]!r}")
        if not (p[2].isdigit() and p[3].isdigit()):
            problems.add(sf, no, "NF-IMP-NUMBER", f"offsets {p[2]!r}, {p[3]!r} are not non-negative integers")
            continue
        s, e = int(p[2]), int(p[3])
        if not (0 <= s < e <= n):
            problems.add(sf, no, "NF-IMP-SPAN", f"span {s}-{e} does not lie in the article file "
                         f"(0-{n} code points, end exclusive): it does not align with the article; not shifted")
            continue
        got_span = src.align.to_text(s, e)
        if got_span is None:
            problems.add(sf, no, "NF-IMP-SPAN", f"span {s}-{e} covers only white space or removed characters")
            continue
        a, b, exact = got_span
        out.append({"id": f"p{len(out) + 1}", "label": p[1], "start": a, "end": b, "text": src.text[a:b],
                    "source": provenance(FMT, sha), "note": span_note(exact, s, e)})
    return out


def _paragraph_labels(rec, src, entries, problems: Problems) -> None:
    starts = src.align.raw_line_starts()
    line_of_para = {}
    for i, para in enumerate(rec["structure"]["paragraphs"]):
        first = src.align.raw_line_of(src.align.origin[para["start"]], starts)
        last = src.align.raw_line_of(src.align.origin[para["end"] - 1], starts)
        if first == last:
            line_of_para.setdefault(first, []).append(i)
    for number, labels, f3, no in entries:
        where = line_of_para.get(number)
        if not where or len(where) != 1:
            problems.add(f3, no, "NF-IMP-PARAGRAPH", f"line {number} of the article is blank, beyond its end or "
                         "split by a Unicode line separator: it is not one paragraph")
            continue
        para = rec["structure"]["paragraphs"][where[0]]
        if "techniques" in para:
            problems.add(f3, no, "NF-IMP-DUPLICATE", f"line {number} is listed twice")
        para["techniques"] = labels


# ---------------------------------------------------------------- export

def _aid(x: Exportable) -> str:
    if x.name:
        return x.name[len("article"):-len(".txt")]
    return x.record["id"]


def export(items: list[Exportable], report: dict) -> dict[str, bytes]:
    """Files of the release layout, per split. Order: articles sorted by article file name;
    within an article, label lines in the record's order."""
    from ..taxonomy import load_taxonomies
    known = set(load_taxonomies().techniques) - {"Whataboutism-Straw_Man-Red_Herring", "Bandwagon-Reductio_ad_Hitlerum"}
    files: dict[str, bytes] = {}
    lines: dict[str, list[str]] = {}
    for x in sorted(items, key=lambda x: f"article{_aid(x)}.txt"):
        aid, rec, layers = _aid(x), x.record, x.layers()
        sp = SPLIT_BACK[rec["split"]]
        subtasks = [k for k, names in LAYER_OF_SUBTASK.items() if layers & set(names)] or [1, 2, 3]
        for k in subtasks:
            files[f"{sp}-articles-subtask-{k}/article{aid}.txt"] = x.raw
        if "genre" in layers:
            if rec["genre"]["label"] is None:
                report["skipped"].append(f"{rec['id']}: genre is null")
            else:
                lines.setdefault(f"{sp}-labels-subtask-1.txt", []).append(f"{aid}\t{rec['genre']['label']}")
        if "frames" in layers:
            lines.setdefault(f"{sp}-labels-subtask-2.txt", []).append(f"{aid}\t{','.join(rec['frames']['labels'])}")
        if "techniques" in layers:
            out = []
            for t in rec["techniques"]:
                if t["label"] not in known:
                    report["skipped"].append(f"{rec['id']}/{t['id']}: {t['label']} has no SemEval-2023 label")
                    continue
                s, e = x.raw_span(t["start"], t["end"], t["note"])
                out.append(f"{aid}\t{t['label']}\t{s}\t{e}\n")
            files[f"{sp}-labels-subtask-3-spans/article{aid}-labels-subtask-3.txt"] = "".join(out).encode()
        if layers & {"techniques", "paragraph_techniques"}:
            lines.setdefault(f"{sp}-labels-subtask-3.txt", []).extend(_paragraph_lines(x, aid, layers, known))
    for name, ls in lines.items():
        files[name] = "".join(f"{ln}\n" for ln in ls).encode()
    return files


def _paragraph_lines(x: Exportable, aid: str, layers: set, known: set) -> list[str]:
    starts = x.align.raw_line_starts()
    out = []
    for para in x.record["structure"]["paragraphs"]:
        line = x.align.raw_line_of(x.align.origin[para["start"]], starts)
        if "paragraph_techniques" in layers:
            if "techniques" not in para:
                continue
            labels = para["techniques"]
        else:  # derived from the spans that overlap the paragraph, in order of appearance
            labels = []
            for t in x.record["techniques"]:
                if t["start"] < para["end"] and t["end"] > para["start"] and t["label"] in known \
                        and t["label"] not in labels:
                    labels.append(t["label"])
        out.append(f"{aid}\t{line}\t{','.join(labels)}")
    return out
