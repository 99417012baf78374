"""What `newsframes agree` compares, read from a record: span layers, article labels,
and the attributes of matched spans."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pass:
    """One annotation pass of one article: its id, the article, the file, the record, the text."""

    id: str
    article: str
    path: str
    record: dict
    text: str


# span layers; the labelled ones and what their label is (for the labelled figures)
SPAN_LAYERS = ("mentions", "claims", "cues", "techniques", "timexes")
LABELLED = {"mentions": "entity type", "techniques": "technique", "timexes": "TIMEX3 type"}

# article label fields: single-label and multi-label
SINGLE_LABELS = ("genre", "primary_frame")
MULTI_LABELS = ("frames", "narratives", "subnarratives")


def spans(record: dict, layer: str) -> list[dict]:
    """The items of a span layer, each {start, end, label, item} (item: the record's object)."""
    if layer == "mentions":
        types = {e["id"]: e.get("type") for e in record.get("entities") or []}
        return [{"start": m["start"], "end": m["end"], "label": types.get(m["entity"]) or "?", "item": m}
                for m in record.get("mentions") or []]
    if layer == "claims":
        return [{"start": c["start"], "end": c["end"], "label": "claim", "item": c}
                for c in record.get("claims") or []]
    if layer == "cues":
        return [{"start": c["cue"]["start"], "end": c["cue"]["end"], "label": "cue", "item": c}
                for c in record.get("claims") or [] if c.get("cue")]
    if layer == "techniques":
        return [{"start": t["start"], "end": t["end"], "label": t["label"], "item": t}
                for t in record.get("techniques") or []]
    if layer == "timexes":
        return [{"start": t["start"], "end": t["end"], "label": t["type"], "item": t}
                for t in record.get("timexes") or []]
    raise KeyError(layer)


def single_label(record: dict, field: str):
    if field == "genre":
        return (record.get("genre") or {}).get("label")
    if field == "primary_frame":
        return (record.get("frames") or {}).get("primary")
    raise KeyError(field)


def multi_label(record: dict, field: str) -> set[str]:
    if field == "frames":
        return set((record.get("frames") or {}).get("labels") or [])
    if field == "narratives":
        return {n["narrative"] for n in record.get("narratives") or [] if n.get("narrative")}
    if field == "subnarratives":
        return {n["subnarrative"] for n in record.get("narratives") or [] if n.get("subnarrative")}
    raise KeyError(field)


def entity_types(record: dict) -> dict[str, str]:
    return {e["id"]: e.get("type") for e in record.get("entities") or []}


def entity_roles(record: dict) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """entity id -> (sorted main roles, sorted fine roles)."""
    out = {}
    for e in record.get("entities") or []:
        roles = e.get("roles") or []
        out[e["id"]] = (tuple(sorted({r["main"] for r in roles})),
                        tuple(sorted({f for r in roles for f in r.get("fine") or []})))
    return out


def brief(art: str, x: dict, text: str) -> dict:
    """A span for the report: where it is, its label and its text."""
    return {"article": art, "start": x["start"], "end": x["end"], "label": x["label"],
            "text": text[x["start"]:x["end"]]}
