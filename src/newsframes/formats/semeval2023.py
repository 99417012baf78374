"""SemEval-2023 Task 3 (genre, frames, persuasion techniques): a language folder, or a
folder of language folders (the release's `en fr ge it po ru es gr ka`).

Layout of a language folder (`<split>` is train, dev or test):
  <split>-articles-subtask-{1,2,3}/article<ID>.txt   title line, blank line, body lines
  <split>-labels-subtask-1.txt                       ID<TAB>genre
  <split>-labels-subtask-2.txt                       ID<TAB>frame,frame,...   (may be empty)
  <split>-labels-subtask-3.txt                       ID<TAB>line<TAB>technique,...   (1-based line
                                                     of the article file; blank lines counted, not listed)
  <split>-labels-subtask-3-spans/article<ID>-labels-subtask-3.txt   ID<TAB>technique<TAB>start<TAB>end
                                                     (code points of the article file, end exclusive)
Export: `semeval2023_export`. See docs/formats.md.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import crlf
from .labels import Reader, Vocabulary, spelling_note
from .records import Imported, Run, load_source, provenance, record_id, skeleton, span_note
from .sources import is_input_file, natural, read_lines

FMT = "semeval2023"
SPLITS = {"train": "train", "dev": "validation", "test": "test"}
# folder names of the release -> BCP 47 (the release uses ge for German, po for Polish, gr for Greek)
LANGUAGES = {"en": "en", "fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru", "es": "es", "gr": "el",
             "ka": "ka"}
FOLDERS_NOTE = "Article folders of the release: "
_FOLDERS = re.compile(re.escape(FOLDERS_NOTE) + r"(.*)\Z")


def language_folders(path: Path, split: str) -> list[Path]:
    def has_articles(p: Path) -> bool:
        return any((p / f"{split}-articles-subtask-{k}").is_dir() for k in (1, 2, 3))
    if has_articles(path):
        return [path]
    return sorted(p for p in path.iterdir() if p.is_dir() and has_articles(p))


def read(path: Path, run: Run) -> list[Imported]:
    split = run.split or "train"
    if split not in SPLITS:
        run.problems.add(path, None, "NF-IMP-SPLIT", f"--split {split!r}: the release names train, dev or test")
        return []
    folders = language_folders(path, split)
    if not folders:
        others = [s for s in SPLITS if s != split and language_folders(path, s)]
        hint = f"; it has the {' and '.join(others)} split: pass --split {others[0]}" if others else ""
        run.problems.add(path, None, "NF-IMP-LAYOUT", f"no {split}-articles-subtask-{{1,2,3}}/article<ID>.txt here or "
                         f"in its language folders (en, fr, ge, it, po, ru, es, gr, ka){hint}")
        return []
    out = []
    for folder in folders:
        lang = run.language or LANGUAGES.get(folder.name.lower())
        if lang is None:
            run.problems.add(folder, None, "NF-IMP-LANGUAGE", f"cannot tell the language from the folder name "
                             f"{folder.name!r} (the release's are {', '.join(LANGUAGES)}); pass --language "
                             "(BCP 47, e.g. en)")
            continue
        out += _read_folder(folder, split, lang, run)
    return out


def _article_files(path: Path, split: str) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for k in (1, 2, 3):
        folder = path / f"{split}-articles-subtask-{k}"
        if folder.is_dir():
            for f in sorted(p for p in folder.glob("article*.txt") if is_input_file(p)):
                found.setdefault(f.name[len("article"):-len(".txt")], []).append(f)
    return found


class _Labels:
    """The three label files of one split, parsed; problems located and scoped."""

    def __init__(self, folder: Path, split: str, lang: str, articles, run: Run):
        from ..taxonomy import load_taxonomies
        tax = load_taxonomies()
        self.run, self.articles, self.lang, self.split = run, articles, lang, split
        self.reader = Reader(run.problems)
        self.genre: dict[str, tuple] = {}
        self.frames: dict[str, tuple] = {}
        self.paras: dict[str, list] = {}
        self.files: dict[str, list] = {}
        self.techniques = Vocabulary(tax.techniques)
        self._genre(folder / f"{split}-labels-subtask-1.txt", Vocabulary(tax.genre))
        self._frames(folder / f"{split}-labels-subtask-2.txt", Vocabulary(tax.frames))
        self._paragraphs(folder / f"{split}-labels-subtask-3.txt")
        self._template(folder / f"{split}-labels-subtask-3.template")

    def rid(self, aid: str) -> str:
        return record_id(f"{FMT}-{self.lang}", aid)

    def _lines(self, path: Path, n: int, what: str, layer: str):
        if not is_input_file(path):
            return
        lf = read_lines(path, self.run.root, self.run.problems)
        if lf is None:
            return
        self.run.keep(lf)
        for no, line in enumerate(lf.lines, 1):
            p = line.split("\t")
            scope = {"record": self.rid(p[0]), "layer": layer} if p[0] in self.articles else {}
            if len(p) != n:
                self.run.problems.add(path, no, "NF-IMP-FIELDS", f"expected {n} tab-separated fields ({what}), found "
                                      f"{len(p)}", **scope)
            elif p[0] not in self.articles:
                self.run.problems.add(path, no, "NF-IMP-ARTICLE", f"article{p[0]}.txt is not in any "
                                      f"{self.split}-articles folder")
            else:
                if lf not in self.files.setdefault(p[0], []):
                    self.files[p[0]].append(lf)
                yield lf, no, p, scope

    def _genre(self, path: Path, vocab: Vocabulary) -> None:
        for lf, no, p, scope in self._lines(path, 2, "ID, genre", "genre"):
            pairs: list = []
            label = self.reader.label(vocab, p[1], path, no, "genre", pairs, **scope)
            if p[0] in self.genre:
                self.run.problems.add(path, no, "NF-IMP-DUPLICATE", f"article {p[0]} is listed twice", **scope)
            elif label is not None:
                self.genre[p[0]] = (label, lf.sha, spelling_note(pairs))

    def _frames(self, path: Path, vocab: Vocabulary) -> None:
        for lf, no, p, scope in self._lines(path, 2, "ID, frames", "frames"):
            pairs: list = []
            labels = [self.reader.label(vocab, x, path, no, "frame", pairs, **scope) for x in p[1].split(",")] \
                if p[1] else []
            if p[0] in self.frames:
                self.run.problems.add(path, no, "NF-IMP-DUPLICATE", f"article {p[0]} is listed twice", **scope)
            elif len(set(labels)) != len(labels):
                self.run.problems.add(path, no, "NF-IMP-DUPLICATE", "a frame is listed twice", **scope)
            elif None not in labels:
                self.frames[p[0]] = (labels, lf.sha, spelling_note(pairs))

    def _template(self, path: Path) -> None:
        """The subtask-3 input template (ID, line, the line's text): derived from the
        articles, so not imported, but kept so that export writes it back."""
        lf = read_lines(path, self.run.root, self.run.problems) if is_input_file(path) else None
        if lf is None:
            return
        self.run.keep(lf)
        for aid in dict.fromkeys(line.split("\t", 1)[0] for line in lf.lines):
            if aid in self.articles:
                self.files.setdefault(aid, []).append(lf)

    def _paragraphs(self, path: Path) -> None:
        for lf, no, p, scope in self._lines(path, 3, "ID, line, techniques", "paragraph_techniques"):
            number = natural(p[1])
            if number is None or number < 1:
                self.run.problems.add(path, no, "NF-IMP-NUMBER", f"line number {p[1]!r} is not a positive integer "
                                      "in ASCII digits", **scope)
                continue
            pairs: list = []
            labels = [self.reader.label(self.techniques, x, path, no, "technique", pairs, **scope)
                      for x in p[2].split(",")] if p[2] else []
            if None not in labels:
                self.paras.setdefault(p[0], []).append((number, labels, path, no, pairs, scope))


def _read_folder(folder: Path, split: str, lang: str, run: Run) -> list[Imported]:
    articles = _article_files(folder, split)
    if not articles:
        return []
    labels = _Labels(folder, split, lang, articles, run)
    span_dir = folder / f"{split}-labels-subtask-3-spans"
    out = []
    for aid, paths in sorted(articles.items()):
        rid = labels.rid(aid)
        src = load_source(paths[0], run.root, run.problems, record=rid)
        for other in paths[1:]:
            got = load_source(other, run.root, run.problems, record=rid)
            if src is not None and got is not None and got.data != src.data:
                run.problems.add(other, None, "NF-IMP-ARTICLE", f"differs from {paths[0]} (same article id)",
                                 record=rid)
        if src is None:
            continue
        sf = span_dir / f"article{aid}-labels-subtask-3.txt"
        spans = read_lines(sf, run.root, run.problems) if is_input_file(sf) else None
        if spans is not None:
            run.keep(spans)
        layers = [name for name, has in (("genre", aid in labels.genre), ("frames", aid in labels.frames),
                                         ("techniques", spans is not None),
                                         ("paragraph_techniques", aid in labels.paras)) if has]
        files = labels.files.get(aid, []) + ([spans] if spans is not None else [])
        techniques = _spans(aid, src, spans, labels, run, rid) if spans is not None else []
        rec = skeleton(run, rid=rid, language=lang, split=SPLITS[split], title=src.text.split("\n", 1)[0], src=src,
                       seed_name=f"{FMT}-{lang}--article{aid}.txt", layers=layers, label_files=files)
        rec["source"]["notes"].append("The title is the first line of the article file (the format's layout: "
                                      "title line, blank line, body).")
        rec["source"]["notes"].append(FOLDERS_NOTE + ", ".join(p.parent.name for p in paths))
        if aid in labels.genre:
            label, sha, note = labels.genre[aid]
            rec["genre"] = {"label": label, "source": provenance(FMT, sha), "note": note}
        if aid in labels.frames:
            names, sha, note = labels.frames[aid]
            rec["frames"] = {"labels": names, "primary": None, "source": provenance(FMT, sha),
                             "note": "; ".join(x for x in ("The format marks no primary frame.", note) if x)}
        rec["techniques"] = techniques
        if aid in labels.paras:
            _paragraph_labels(rec, src, labels.paras[aid], run)
        out.append(Imported(rec, src.text, rec["source"]["seed"]["file"][len("seeds/"):], src.data))
    return out


def _spans(aid, src, lf, labels: _Labels, run: Run, rid: str) -> list[dict]:
    scope = {"record": rid, "layer": "techniques"}
    rows = []
    for no, line in enumerate(lf.lines, 1):
        p = line.split("\t")
        if len(p) != 4:
            run.problems.add(lf.path, no, "NF-IMP-FIELDS", f"expected 4 tab-separated fields (ID, technique, start, "
                             f"end), found {len(p)}", **scope)
            continue
        if p[0] != aid:
            run.problems.add(lf.path, no, "NF-IMP-ARTICLE", f"article id {p[0]!r} in the span file of article {aid}",
                             **scope)
        pairs: list = []
        label = labels.reader.label(labels.techniques, p[1], lf.path, no, "technique", pairs, **scope)
        s, e = natural(p[2]), natural(p[3])
        if s is None or e is None:
            run.problems.add(lf.path, no, "NF-IMP-NUMBER", f"offsets {p[2]!r}, {p[3]!r} are not non-negative "
                             "integers in ASCII digits", **scope)
            continue
        if label is not None:
            rows.append((no, label, s, e, pairs))
    if crlf.prefer_crlf(src, [(s, e) for _, _, s, e, _ in rows]):
        src.use_crlf()
        crlf.notice(run, lf.path, src)
    out = []
    n = len(src.align.raw)
    for no, label, s, e, pairs in rows:
        if not 0 <= s < e <= n:
            run.problems.add(lf.path, no, "NF-IMP-SPAN", f"span {s}-{e} does not lie in the article file (0-{n} code "
                             "points, end exclusive): it does not align with the article; not shifted", **scope)
            continue
        placed = src.align.to_text(s, e)
        if placed is None:
            run.problems.add(lf.path, no, "NF-IMP-SPAN", f"span {s}-{e} covers only white space or removed "
                             "characters", **scope)
            continue
        a, b, exact = placed
        out.append({"id": f"p{len(out) + 1}", "label": label, "start": a, "end": b, "text": src.text[a:b],
                    "source": provenance(FMT, lf.sha), "note": span_note(exact, s, e, spelling_note(pairs))})
    return out


def _paragraph_labels(rec, src, entries, run: Run) -> None:
    starts = src.align.raw_line_starts()
    line_of_para: dict[int, list[int]] = {}
    for i, para in enumerate(rec["structure"]["paragraphs"]):
        first = src.align.raw_line_of(src.align.origin[para["start"]], starts)
        last = src.align.raw_line_of(src.align.end_of(para["end"] - 1) - 1, starts)
        if first == last:
            line_of_para.setdefault(first, []).append(i)
    spelled = []
    for number, labels, f3, no, pairs, scope in entries:
        where = line_of_para.get(number)
        if not where or len(where) != 1:
            run.problems.add(f3, no, "NF-IMP-PARAGRAPH", f"line {number} of the article is blank, beyond its end or "
                             "split by a Unicode line separator: it is not one paragraph", **scope)
            continue
        para = rec["structure"]["paragraphs"][where[0]]
        if "techniques" in para:
            run.problems.add(f3, no, "NF-IMP-DUPLICATE", f"line {number} is listed twice", **scope)
        para["techniques"] = labels
        spelled += pairs
    note = spelling_note(spelled)
    if note:
        rec["source"]["notes"].append(f"Paragraph labels: {note}.")


def folders_of(record: dict) -> list[str]:
    """The article folders the release had this article in (from its note), or []."""
    for n in record["source"]["notes"]:
        m = _FOLDERS.match(n)
        if m:
            return [x for x in m.group(1).split(", ") if re.fullmatch(r"(train|dev|test)-articles-subtask-[123]", x)]
    return []
