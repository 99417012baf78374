"""SemEval-2023 Task 3 export: the release layout of a language folder, per split (one
folder per language, named as the release names them, en fr ge it po ru es gr ka, when
the export holds several).

Derived here: the subtask-3 paragraph line numbers (1-based lines of the raw article
file, blank lines counted), span offsets in code points of the raw file, the source's
label spellings. Articles go to the `<split>-articles-subtask-k/` folders the release had
them in (else one per subtask whose layer the record annotates, all three when none).
Order: the template's (the source's label files, or `--like` gold), else by article file
name and, within an article, the record's order.
"""

from __future__ import annotations

from .exports import Exportable, Layout, language_folders
from .semeval2023 import LANGUAGES, folders_of
from .template import first_field, first_fields

SPLIT_BACK = {"train": "train", "validation": "dev", "test": "test"}
LAYER_OF_SUBTASK = {1: ("genre",), 2: ("frames",), 3: ("techniques", "paragraph_techniques")}
FOLDER_OF = {}
for _folder, _tag in LANGUAGES.items():
    FOLDER_OF.setdefault(_tag, _folder)
MERGED = {"Whataboutism-Straw_Man-Red_Herring", "Bandwagon-Reductio_ad_Hitlerum"}  # PTC only


def aid_of(x: Exportable) -> str:
    return x.name[len("article"):-len(".txt")] if x.name else x.record["id"]


def _known() -> set[str]:
    from ..taxonomy import load_taxonomies
    return set(load_taxonomies().techniques) - MERGED


def span_lines(x: Exportable, report: list, known: set) -> list[str]:
    aid, out = aid_of(x), []
    for t in x.record["techniques"]:
        if t["label"] not in known:
            report.append(f"{x.record['id']}/{t['id']}: {t['label']} has no SemEval-2023 label")
            continue
        s, e = x.raw_span(t["start"], t["end"], t["note"])
        out.append(f"{aid}\t{x.spell(t['label'], t['note'])}\t{s}\t{e}")
    return out


def paragraph_lines(x: Exportable, known: set) -> list[str]:
    """One line per paragraph: as stored (a record annotating paragraph_techniques), or
    derived from the spans that overlap it, in order of first appearance."""
    aid, rec = aid_of(x), x.record
    stored = "paragraph_techniques" in x.layers()
    spelled = [n for n in rec["source"]["notes"] if n.startswith("Paragraph labels: ")]
    starts = x.align.raw_line_starts()
    out = []
    for para in rec["structure"]["paragraphs"]:
        line = x.align.raw_line_of(x.align.origin[para["start"]], starts)
        if stored:
            if "techniques" not in para:
                continue
            labels = [x.spell(t, *spelled) for t in para["techniques"]]
        else:
            labels = []
            for t in rec["techniques"]:
                if t["start"] < para["end"] and t["end"] > para["start"] and t["label"] in known \
                        and t["label"] not in labels:
                    labels.append(t["label"])
        out.append(f"{aid}\t{line}\t{','.join(labels)}")
    return out


def template_lines(x: Exportable, para: list[str]) -> list[str]:
    """The subtask-3 input template (ID, line, the raw line's text) of the paragraph lines,
    written when the release had one."""
    raw_lines = x.align.raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for ln in para:
        aid, number, _ = ln.split("\t", 2)
        out.append(f"{aid}\t{number}\t{raw_lines[int(number) - 1]}")
    return out


def export(items: list[Exportable], report: list, layout: Layout, *, articles: bool = True) -> dict[str, bytes]:
    known = _known()
    files: dict[str, bytes] = {}
    for folder, group in language_folders(items, lambda tag: FOLDER_OF.get(tag, tag.split("-")[0])).items():
        lines: dict[str, list[str]] = {}
        members: dict[str, list[Exportable]] = {}
        for x in sorted(group, key=lambda x: f"article{aid_of(x)}.txt"):
            aid, rec, layers = aid_of(x), x.record, x.layers()
            sp = SPLIT_BACK[rec["split"]]
            if articles:
                kept = folders_of(rec) if x.name else []
                subtasks = [k for k, names in LAYER_OF_SUBTASK.items() if layers & set(names)] or [1, 2, 3]
                for sub in kept or [f"{sp}-articles-subtask-{k}" for k in subtasks]:
                    files[f"{folder}{sub}/article{aid}.txt"] = x.raw

            def add(name: str, new: list[str]) -> None:
                lines.setdefault(name, []).extend(new)
                members.setdefault(name, []).append(x)
            if "genre" in layers:
                if rec["genre"]["label"] is None:
                    report.append(f"{rec['id']}: genre is null")
                else:
                    add(f"{sp}-labels-subtask-1.txt", [f"{aid}\t{x.spell(rec['genre']['label'], rec['genre']['note'])}"])
            if "frames" in layers:
                note = rec["frames"]["note"]
                add(f"{sp}-labels-subtask-2.txt", [f"{aid}\t{','.join(x.spell(f, note) for f in rec['frames']['labels'])}"])
            if "techniques" in layers:
                rel = f"{sp}-labels-subtask-3-spans/article{aid}-labels-subtask-3.txt"
                files[folder + rel] = layout.write(folder + rel, span_lines(x, report, known), [x], first_fields(4))
            if layers & {"techniques", "paragraph_techniques"}:
                para = paragraph_lines(x, known)
                add(f"{sp}-labels-subtask-3.txt", para)
                if articles and layout.templates(f"{folder}{sp}-labels-subtask-3.template", [x]):
                    add(f"{sp}-labels-subtask-3.template", template_lines(x, para))
        for name, ls in lines.items():
            key = first_fields(2) if name.endswith("subtask-3.txt") else first_field
            files[folder + name] = layout.write(folder + name, ls, members[name], key, paired=True)
    return files
key_of = aid_of
