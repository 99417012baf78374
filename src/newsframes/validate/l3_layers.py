"""Level 3: `annotated_layers` (schema 1.1.0). A layer the record does not list was not
annotated, so it must hold nothing: an empty list would otherwise read as "annotated,
none found". Absent field: every layer is annotated (all 1.0.0 records). And whether the
record is finished: a corpus record still in `draft` is shown (NF323)."""

from __future__ import annotations

from .issues import Issue, make

# layer -> (pointer, is it filled?)
_FILLED = {
    "genre": ("/genre/label", lambda r: r["genre"]["label"] is not None),
    "frames": ("/frames/labels", lambda r: bool(r["frames"]["labels"])),
    "primary_frame": ("/frames/primary", lambda r: r["frames"]["primary"] is not None),
    "narratives": ("/narratives", lambda r: bool(r["narratives"])),
    "claims": ("/claims", lambda r: bool(r["claims"])),
    "techniques": ("/techniques", lambda r: bool(r["techniques"])),
    "timexes": ("/timexes", lambda r: bool(r["timexes"])),
    "sentences": ("/structure/sentences", lambda r: bool(r["structure"]["sentences"])),
    "paragraph_techniques": ("/structure/paragraphs",
                             lambda r: any("techniques" in p for p in r["structure"]["paragraphs"])),
    "roles": ("/entities", lambda r: any(e["roles"] for e in r["entities"])),
}


def check_layers(record: dict, display: str) -> list[Issue]:
    layers = record.get("annotated_layers")
    if layers is None:
        return []
    listed = set(layers)
    issues = []
    for layer, (ptr, filled) in _FILLED.items():
        if layer not in listed and filled(record):
            issues.append(make("NF321", display, f"layer {layer!r} is not in annotated_layers but {ptr} holds "
                               "annotations", pointer=ptr))
    for layer, key in (("entities", "entities"), ("mentions", "mentions")):
        if layer in listed or not record[key]:
            continue
        if "roles" not in listed:
            issues.append(make("NF321", display, f"layer {layer!r} is not in annotated_layers but /{key} holds "
                               "annotations", pointer=f"/{key}"))
            continue
        # roles annotated, entities/mentions not: only the entities that carry roles, and their mentions
        with_roles = {e["id"] for e in record["entities"] if e["roles"]}
        bad = ([f"/entities/{i}" for i, e in enumerate(record["entities"]) if not e["roles"]] if key == "entities"
               else [f"/mentions/{i}" for i, m in enumerate(record["mentions"]) if m["entity"] not in with_roles])
        for ptr in bad:
            issues.append(make("NF321", display, f"layer {layer!r} is not annotated (only roles are): "
                               f"{ptr} is not a role-carrying entity or its mention", pointer=ptr))
    return issues


def check_status(record: dict, display: str) -> list[Issue]:
    """NF323 for a corpus record still in `draft` (an annotation pass, which carries
    `annotation.pass`, is another annotator's work and not judged here)."""
    ann = record["annotation"]
    if ann["status"] != "draft" or isinstance(ann.get("pass"), dict):
        return []
    return [make("NF323", display, "annotation.status is 'draft': the record is not finished (its layers may be "
                 "incomplete and its proposals unchecked)", pointer="/annotation/status")]
