"""SemEval-2025 Task 10 export: `raw-documents/`, `subtask-1-annotations.txt` and
`subtask-2-annotations.txt` of a language folder (one folder per language, named BG, EN,
HI, PT, RU..., when the export holds several).

Derived here: subtask-1 offsets in UTF-16 code units of the raw article, end inclusive
(of the CRLF-counted text for an article imported that way); the source's spelling of
each label. Order: the template's (the source's label file, or `--like` gold), because
both official scorers pair gold and prediction lines by their position; lines of no
template go after, sorted by article file name, within an article in the record's order.
"""

from __future__ import annotations

from .exports import Exportable, Layout, language_folders
from .template import first_field

DOMAINS = ("URW", "CC")  # the task's narrative prefixes; the project's own (NF) have no place in the format
OTHER = "Other"
ST1, ST2 = "subtask-1-annotations.txt", "subtask-2-annotations.txt"


def name_of(x: Exportable) -> str:
    return x.name or f"{x.record['id']}.txt"


def st1_key(line: str) -> tuple:
    f = line.split("\t")
    return (f[0], *f[2:4])


def role_lines(x: Exportable, report: list) -> list[str]:
    name, rec, out = name_of(x), x.record, []
    u16 = x.align.utf16_before()
    first = {}
    for m in rec["mentions"]:
        first.setdefault(m["entity"], m)
    for ent in rec["entities"]:
        for role in ent["roles"]:
            m = first.get(ent["id"])
            if m is None:
                report.append(f"{rec['id']}/{ent['id']}: a role on an entity with no mention")
                continue
            a, b = x.raw_span(m["start"], m["end"], role["note"])
            mention = x.align.raw[a:b]
            if "\t" in mention or "\n" in mention or "\r" in mention:
                report.append(f"{rec['id']}/{m['id']}: mention holds a tab or line break")
                continue
            fine = [x.spell(f, role["note"]) for f in role["fine"]]
            out.append("\t".join([name, mention, str(u16[a]), str(u16[b] - 1), x.spell(role["main"], role["note"]),
                                  *fine]))
    return out


def narrative_line(x: Exportable, report: list) -> str:
    rec = x.record
    kept = [n for n in rec["narratives"] if n["narrative"].split(":", 1)[0] in DOMAINS]
    for n in rec["narratives"]:
        if n not in kept:
            report.append(f"{rec['id']}: narrative {n['narrative']!r} is not a SemEval-2025 label")
    ns = [x.spell(n["narrative"], n["note"]) for n in kept]
    subs = [x.spell(n["subnarrative"], n["note"]) for n in kept]
    return f"{name_of(x)}\t{';'.join(ns) or OTHER}\t{';'.join(subs) or OTHER}"


def export(items: list[Exportable], report: list, layout: Layout, *, articles: bool = True) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for folder, group in language_folders(items, lambda tag: tag.split("-")[0].upper()).items():
        group = sorted(group, key=name_of)
        st1, st2 = [], []
        for x in group:
            if articles:
                files[f"{folder}raw-documents/{name_of(x)}"] = x.raw
            if "roles" in x.layers():
                st1 += role_lines(x, report)
            if "narratives" in x.layers():
                st2.append(narrative_line(x, report))
        if any("roles" in x.layers() for x in group):
            files[folder + ST1] = layout.write(folder + ST1, st1, group, st1_key, paired=True)
        if any("narratives" in x.layers() for x in group):
            files[folder + ST2] = layout.write(folder + ST2, st2, group, first_field, paired=True)
    return files
key_of = name_of
