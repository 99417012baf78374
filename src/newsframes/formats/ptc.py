"""PTC, the propaganda techniques corpus of SemEval-2020 Task 11.

Layout (PATH is a folder, searched recursively):
  article<ID>.txt
  article<ID>.labels-task-TC  (or any `article<ID>.*labels*` file)   ID<TAB>technique<TAB>begin<TAB>end
The offsets are code points of the article file, end exclusive. PTC technique names are
mapped to newsframes labels by schema/taxonomies/ptc_techniques.json: one label per PTC
class and back, so export restores the original names; merged classes map to the
PTC_Merged labels (never split by guessing). The span-only SI form (ID<TAB>begin<TAB>end)
carries no technique, which a record needs: its lines are reported, not imported.
Export writes `article<ID>.txt` and `article<ID>.labels-task-TC`, lines in the record's order.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
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

FMT = "ptc"
LABEL_SUFFIX = ".labels-task-TC"
_LABEL_FILE = re.compile(r"^article([^.]+)\..*labels.*$")


@lru_cache(maxsize=1)
def mapping() -> tuple[dict[str, str], dict[str, str]]:
    """(PTC class -> newsframes label, newsframes label -> PTC class for export)."""
    from ..paths import schema_dir
    table = json.loads((schema_dir() / "taxonomies" / "ptc_techniques.json").read_text(encoding="utf-8"))
    to_nf = {c["ptc"]: c["label"] for c in table["classes"]}
    back = {c["label"]: c["ptc"] for c in table["classes"]}
    back.update({c["label"]: c["ptc"] for c in table["export_coarsening"]})
    return to_nf, back


def read(path: Path, *, split: str | None, language: str | None, rights: str, version: str,
         problems: Problems) -> list[Imported]:
    from ..splits import assign_split
    to_nf, _ = mapping()
    articles = {f.name[len("article"):-len(".txt")]: f for f in sorted(path.rglob("article*.txt"))}
    if not articles:
        problems.add(path, None, "NF-IMP-LAYOUT", "no article<ID>.txt files here")
        return []
    labels: dict[str, Path] = {}
    for f in sorted(path.rglob("article*")):
        m = _LABEL_FILE.match(f.name)
        if m and f.is_file() and not f.name.endswith(".txt"):
            if m.group(1) in labels:
                problems.add(f, None, "NF-IMP-DUPLICATE", f"a second label file for article {m.group(1)} "
                             f"(first: {labels[m.group(1)]}); import one at a time")
            labels[m.group(1)] = f
    for aid, f in labels.items():
        if aid not in articles:
            problems.add(f, None, "NF-IMP-ARTICLE", f"article{aid}.txt is not here")
    out = []
    for aid, af in articles.items():
        src = load_source(af, problems)
        if src is None:
            continue
        rid = record_id(FMT, aid)
        lf = labels.get(aid)
        layers = ["techniques"] if lf else []
        rec = skeleton(rid=rid, fmt=FMT, language=language or "en", split=split or assign_split(rid), title=None,
                       src=src, seed_name=f"{FMT}--{af.name}", rights=rights, layers=layers,
                       label_files=[lf.name] if lf else [], version=version)
        rec["source"]["notes"].append("The format marks no title line: title is null.")
        if lf and (got := read_lines(lf, problems)):
            rec["techniques"] = _spans(aid, src, got, lf, to_nf, problems)
        out.append(Imported(rec, src.text, f"{FMT}--{af.name}", src.data))
    return out


def _spans(aid, src, got, lf: Path, to_nf, problems: Problems) -> list[dict]:
    lines, sha = got
    out = []
    n = len(src.align.raw)
    for no, line in enumerate(lines, 1):
        p = line.split("\t")
        if len(p) == 3:
            problems.add(lf, no, "NF-IMP-SI", "a span-only (SI) line: it names no technique, and a record's technique "
                         "span needs one; import the technique-classification (TC) labels instead")
            continue
        if len(p) != 4:
            problems.add(lf, no, "NF-IMP-FIELDS", f"expected 4 tab-separated fields (ID, technique, begin, end), "
                         f"found {len(p)}")
            continue
        if p[0] != aid:
            problems.add(lf, no, "NF-IMP-ARTICLE", f"article id {p[0]!r} in the label file of article {aid}")
        label = to_nf.get(p[1])
        if label is None:
            problems.add(lf, no, "NF-IMP-LABEL", f"unknown PTC technique {p[1]!r} (the 14 classes are listed in "
                         "schema/taxonomies/ptc_techniques.json)")
            continue
        if not (p[2].isdigit() and p[3].isdigit()):
            problems.add(lf, no, "NF-IMP-NUMBER", f"offsets {p[2]!r}, {p[3]!r} are not non-negative integers")
            continue
        s, e = int(p[2]), int(p[3])
        if not 0 <= s < e <= n:
            problems.add(lf, no, "NF-IMP-SPAN", f"span {s}-{e} does not lie in the article (0-{n} code points); "
                         "not shifted")
            continue
        got_span = src.align.to_text(s, e)
        if got_span is None:
            problems.add(lf, no, "NF-IMP-SPAN", f"span {s}-{e} covers only white space or removed characters")
            continue
        a, b, exact = got_span
        out.append({"id": f"p{len(out) + 1}", "label": label, "start": a, "end": b, "text": src.text[a:b],
                    "source": provenance(FMT, sha), "note": span_note(exact, s, e, f"PTC label `{p[1]}`")})
    return out


def _aid(x: Exportable) -> str:
    return x.name[len("article"):-len(".txt")] if x.name else x.record["id"]


def export(items: list[Exportable], report: dict) -> dict[str, bytes]:
    _, back = mapping()
    files: dict[str, bytes] = {}
    for x in sorted(items, key=lambda x: f"article{_aid(x)}.txt"):
        aid, rec = _aid(x), x.record
        files[f"article{aid}.txt"] = x.raw
        if "techniques" not in x.layers():
            continue
        lines = []
        for t in rec["techniques"]:
            ptc = back.get(t["label"])
            if ptc is None:
                report["skipped"].append(f"{rec['id']}/{t['id']}: {t['label']} has no PTC class")
                continue
            s, e = x.raw_span(t["start"], t["end"], t["note"])
            lines.append(f"{aid}\t{ptc}\t{s}\t{e}\n")
        files[f"article{aid}{LABEL_SUFFIX}"] = "".join(lines).encode()
    return files
