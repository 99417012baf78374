"""PTC export: `article<ID>.txt`, the TC label file (`ID<TAB>technique<TAB>begin<TAB>end`)
and the SI label file (`ID<TAB>begin<TAB>end`, the same spans without labels).

An imported article goes back to the paths the release had it and its label files at
(`Paths in the release:` note), else all in one folder; the SI file is written when the
release had one, or for a record not imported from PTC. The TC file writes the PTC name
the source used (its note); the project's finer labels fall under a merged class.
Order: the template's (the source's label files, or `--like` gold), else the record's.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from .exports import Exportable, Layout, own
from .ptc import PATHS_NOTE, SI_SUFFIX, TC_SUFFIX, kind, mapping

TC_ALL, SI_ALL = "predictions-task-TC.tsv", "predictions-task-SI.tsv"

_PTC_LABEL = re.compile(r"PTC label `([^`]*)`")


def aid_of(x: Exportable) -> str:
    return x.name[len("article"):-len(".txt")] if x.name else x.record["id"]


def paths_of(x: Exportable) -> dict[str, str]:
    """{"article": path, "TC": path, "SI": path} as the release had them (safe relative
    paths only), for an article exported under its PTC name."""
    aid, out = aid_of(x), {}
    if x.name:
        for n in x.record["source"]["notes"]:
            if n.startswith(PATHS_NOTE):
                for p in n[len(PATHS_NOTE):].split(", "):
                    pp = PurePosixPath(p)
                    if pp.is_absolute() or ".." in pp.parts or not pp.name.startswith(f"article{aid}."):
                        continue
                    k = "article" if pp.name == f"article{aid}.txt" else kind(pp.name[len(f"article{aid}."):])
                    out.setdefault(k, p)
    out.setdefault("article", f"article{aid}.txt")
    return out


def tc_name(label: str, note: str | None) -> str | None:
    to_nf, back = mapping()
    m = _PTC_LABEL.search(own(note))
    if m:
        from .labels import Vocabulary
        ptc, _ = Vocabulary(to_nf).resolve(m.group(1))
        if ptc is not None and to_nf[ptc] == label:
            return m.group(1)
    return back.get(label)


def tc_lines(x: Exportable, report: list) -> list[str]:
    aid, out = aid_of(x), []
    for t in x.record["techniques"]:
        ptc = tc_name(t["label"], t["note"])
        if ptc is None:
            report.append(f"{x.record['id']}/{t['id']}: {t['label']} has no PTC class")
            continue
        s, e = x.raw_span(t["start"], t["end"], t["note"])
        out.append(f"{aid}\t{ptc}\t{s}\t{e}")
    return out


def tc_key(line: str) -> tuple:
    f = line.split("\t")
    return (f[0], *f[2:4])


def export(items: list[Exportable], report: list, layout: Layout, *, articles: bool = True) -> dict[str, bytes]:
    """The release layout; for predictions (`articles=False`) also one file of all TC lines
    and one of all SI lines (the scorers' submission form), in the order of `--like`."""
    files: dict[str, bytes] = {}
    every: dict[str, list[str]] = {TC_ALL: [], SI_ALL: []}
    for x in sorted(items, key=lambda x: f"article{aid_of(x)}.txt"):
        aid, paths = aid_of(x), paths_of(x)
        if articles:
            files[paths["article"]] = x.raw
        if "techniques" not in x.layers():
            continue
        tc = tc_lines(x, report)
        folder = paths["article"].rpartition("/")[0]
        base = f"{folder}/" if folder else ""
        tc_path = paths.get("TC", f"{base}article{aid}{TC_SUFFIX}")
        si = ["\t".join((f := ln.split("\t"))[:1] + f[2:]) for ln in tc]
        every[TC_ALL] += tc
        every[SI_ALL] += si
        files[tc_path] = layout.write(tc_path, tc, [x], tc_key, paired=True)
        if "SI" in paths or not x.name:
            si_path = paths.get("SI", f"{base}article{aid}{SI_SUFFIX}")
            files[si_path] = layout.write(si_path, si, [x])
    if not articles and items:
        files[TC_ALL] = layout.write(TC_ALL, every[TC_ALL], items, tc_key, paired=True)
        files[SI_ALL] = layout.write(SI_ALL, every[SI_ALL], items)
    return files
key_of = aid_of
