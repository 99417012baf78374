"""`newsframes import --skip-bad-lines`: import everything but what the problems name.

A problem in a label line names its record and the layer of that line: the record is
imported without that layer (its annotations of the layer dropped, the layer left out of
`annotated_layers`, a note saying which line was bad), so no record claims a layer it
lost a line of. A problem of an article file names its record only: the record is left
out. Problems that name no record cannot be skipped (`Problem.skippable`)."""

from __future__ import annotations

from .records import method_text

_LAYERS = {"*": None, "roles": ("roles", "entities", "mentions"), "entities": ("entities", "mentions"),
           "mentions": ("entities", "mentions")}


def strip(rec: dict, layer: str, fmt: str, version: str) -> None:
    layers = list(rec["annotated_layers"])
    gone = set(layers) if layer == "*" else set(_LAYERS.get(layer) or (layer,))
    if "genre" in gone:
        rec["genre"] = {"label": None, "source": rec["genre"]["source"], "note": "Not imported (a bad label line)."}
    if "frames" in gone:
        rec["frames"] = {"labels": [], "primary": None, "source": rec["frames"]["source"],
                         "note": "Not imported (a bad label line)."}
    if "techniques" in gone:
        rec["techniques"] = []
    if "paragraph_techniques" in gone:
        for p in rec["structure"]["paragraphs"]:
            p.pop("techniques", None)
    if "narratives" in gone:
        rec["narratives"] = []
    if gone & {"roles", "entities", "mentions"}:
        rec["entities"], rec["mentions"] = [], []
    rec["annotated_layers"] = [x for x in layers if x not in gone]
    rec["annotation"]["method"] = method_text(fmt, version, rec["annotated_layers"])


def apply(items, problems, fmt: str, version: str) -> list:
    """Items without what `problems` (all skippable) name; notes on the records."""
    drop = {p.record for p in problems if p.layer is None}
    by_id = {it.record["id"]: it for it in items}
    for p in problems:
        it = by_id.get(p.record)
        if it is None or p.record in drop:
            continue
        where = f"{p.file.rsplit('/', 1)[-1]}" + (f" line {p.line}" if p.line else "")
        strip(it.record, p.layer, fmt, version)
        what = "the layers of that file" if p.layer == "*" else f"layer {p.layer}"
        note = f"Not imported, by --skip-bad-lines: {what} ({where}: {p.code})."
        if note not in it.record["source"]["notes"]:
            it.record["source"]["notes"].append(note)
    return [it for it in items if it.record["id"] not in drop]
