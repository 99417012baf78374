"""Level 3, labels and references: unique ids, mention/claimant references, role and
narrative hierarchies, labels in the taxonomies, primary frame, TIMEX3 values, verdict
evidence, unchecked tool provenance."""

from __future__ import annotations

from collections.abc import Iterator

from ..taxonomy import Taxonomies
from .issues import Issue, make, pointer
from .timex_values import timex_value_problem

_COLLECTIONS = ("entities", "mentions", "claims", "techniques", "timexes")
FINAL_STATUSES = ("single", "reviewed", "adjudicated")


def check_ids(record: dict, display: str) -> list[Issue]:
    issues = []
    for coll in _COLLECTIONS:
        seen: dict[str, int] = {}
        for i, item in enumerate(record[coll]):
            if item["id"] in seen:
                issues.append(make("NF305", display, f"id {item['id']!r} is already used by "
                                   f"/{coll}/{seen[item['id']]}", pointer=pointer(coll, i, "id")))
            else:
                seen[item["id"]] = i
    return issues


def check_references(record: dict, display: str, tax: Taxonomies) -> list[Issue]:
    issues = []
    entity_ids = {e["id"] for e in record["entities"]}
    for i, m in enumerate(record["mentions"]):
        if m["entity"] not in entity_ids:
            issues.append(make("NF306", display, f"entity {m['entity']!r} does not exist",
                               pointer=pointer("mentions", i, "entity")))
    for i, c in enumerate(record["claims"]):
        who = c["claimant"]
        if who not in ("author", "unnamed") and who not in entity_ids:
            issues.append(make("NF307", display, f"claimant {who!r} is not an entity of the record",
                               pointer=pointer("claims", i, "claimant")))
    fine_to_main = tax.role_fine
    for i, e in enumerate(record["entities"]):
        for j, role in enumerate(e["roles"]):
            for k, fine in enumerate(role["fine"]):
                owner = fine_to_main.get(fine)
                if owner is not None and owner != role["main"]:
                    issues.append(make("NF308", display, f"fine role {fine!r} belongs to {owner!r}, "
                                       f"not {role['main']!r}", pointer=pointer("entities", i, "roles", j, "fine", k)))
    sub_to_narr = tax.subnarratives
    for i, n in enumerate(record["narratives"]):
        sub = n["subnarrative"]
        owner = sub_to_narr.get(sub) if sub is not None else None
        if owner is not None and owner != n["narrative"]:
            issues.append(make("NF309", display, f"sub-narrative {sub!r} belongs to {owner!r}, "
                               f"not {n['narrative']!r}", pointer=pointer("narratives", i, "subnarrative")))
    return issues


def _labels(record: dict) -> Iterator[tuple[str, tuple, object]]:
    """(taxonomy attribute, pointer parts, value) of every label in the record."""
    if record["genre"]["label"] is not None:
        yield "genre", ("genre", "label"), record["genre"]["label"]
    for i, f in enumerate(record["frames"]["labels"]):
        yield "frames", ("frames", "labels", i), f
    if record["frames"]["primary"] is not None:
        yield "frames", ("frames", "primary"), record["frames"]["primary"]
    for i, n in enumerate(record["narratives"]):
        yield "narratives", ("narratives", i, "narrative"), n["narrative"]
        if n["subnarrative"] is not None:
            yield "subnarratives", ("narratives", i, "subnarrative"), n["subnarrative"]
    for i, e in enumerate(record["entities"]):
        if e["type"] is not None:
            yield "entity_types", ("entities", i, "type"), e["type"]
        for j, r in enumerate(e["roles"]):
            yield "role_main", ("entities", i, "roles", j, "main"), r["main"]
            for k, f in enumerate(r["fine"]):
                yield "role_fine", ("entities", i, "roles", j, "fine", k), f
    for i, c in enumerate(record["claims"]):
        yield "claim_types", ("claims", i, "type"), c["type"]
        yield "verdicts", ("claims", i, "verdict", "label"), c["verdict"]["label"]
    for i, t in enumerate(record["techniques"]):
        yield "techniques", ("techniques", i, "label"), t["label"]
    for i, t in enumerate(record["timexes"]):
        yield "timex_types", ("timexes", i, "type"), t["type"]
        if t["mod"] is not None:
            yield "timex_mods", ("timexes", i, "mod"), t["mod"]


def check_labels(record: dict, display: str, tax: Taxonomies) -> list[Issue]:
    issues = []
    known: dict[str, set] = {}
    for attr, parts, value in _labels(record):
        if attr not in known:
            known[attr] = set(getattr(tax, attr))
        if value not in known[attr]:
            issues.append(make("NF310", display, f"{value!r} is not in the {attr} taxonomy",
                               pointer=pointer(*parts)))
    frames = record["frames"]
    status = record["annotation"]["status"]
    layers = set(record.get("annotated_layers", ("genre", "primary_frame")))
    if record["genre"]["label"] is None and status != "draft" and "genre" in layers:
        issues.append(make("NF312", display, f"genre label is null but annotation.status is {status!r}",
                           pointer="/genre/label"))
    if frames["primary"] is None:
        if status != "draft" and "primary_frame" in layers:
            issues.append(make("NF312", display, f"primary frame is null but annotation.status is "
                               f"{status!r}", pointer="/frames/primary"))
    elif frames["primary"] not in frames["labels"]:
        issues.append(make("NF311", display, f"primary frame {frames['primary']!r} is not among "
                           f"frames.labels", pointer="/frames/primary"))
    return issues


def check_timexes(record: dict, display: str) -> list[Issue]:
    issues = []
    for i, t in enumerate(record["timexes"]):
        problem = timex_value_problem(t["type"], t["value"])
        if problem:
            issues.append(make("NF313", display, f"{t['type']} value {t['value']!r}: {problem}",
                               pointer=pointer("timexes", i, "value")))
    return issues


def check_verdicts(record: dict, display: str) -> list[Issue]:
    issues = []
    for i, c in enumerate(record["claims"]):
        v = c["verdict"]
        if v["label"] != "unverified" and not v["evidence"]:
            issues.append(make("NF314", display, f"verdict {v['label']!r} cites no evidence",
                               pointer=pointer("claims", i, "verdict", "evidence")))
        if v["evidence"] and v["checked"] is None:
            issues.append(make("NF315", display, "evidence is given but `checked` is null",
                               pointer=pointer("claims", i, "verdict", "checked")))
    return issues


def _version(v: str) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in v.split("."))
    except (AttributeError, ValueError):
        return (0,)


def check_evaluative(record: dict, display: str) -> list[Issue]:
    """GUIDELINES §7.3 (from 1.1.0): an evaluative claim is never check-worthy. A record
    made under earlier guidelines (an old annotation pass kept as it was) is not held to it."""
    if _version(record["annotation"]["guidelines_version"]) < (1, 1, 0):
        return []
    return [make("NF336", display, f"claim {c['id']!r} is evaluative but marked check-worthy",
                 pointer=pointer("claims", i, "checkworthy"))
            for i, c in enumerate(record["claims"]) if c["type"] == "evaluative" and c["checkworthy"]]


def _tool_sources(value, parts=()) -> Iterator[tuple]:
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "sentences" and parts == ("structure",):
                continue  # sentence boundaries are tool output by design
            if k == "source" and isinstance(v, str):
                if v.startswith("tool:"):
                    yield parts + (k,)
            else:
                yield from _tool_sources(v, parts + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _tool_sources(v, parts + (i,))


def _may_hold_tool_source(record: dict) -> bool:
    """False only when no string outside `structure.sentences` starts with "tool:" (one
    serialisation scanned in C instead of a walk over every value); True when unsure."""
    try:
        import orjson

        structure = record.get("structure")
        shallow = dict(record)
        if isinstance(structure, dict):
            shallow["structure"] = {k: v for k, v in structure.items() if k != "sentences"}
        return b'"tool:' in orjson.dumps(shallow)
    except Exception:  # noqa: BLE001 - ImportError, values orjson cannot write: walk instead
        return True


def check_provenance(record: dict, display: str) -> list[Issue]:
    status = record["annotation"]["status"]
    if status not in FINAL_STATUSES:
        return []
    if not _may_hold_tool_source(record):
        return []
    found = [pointer(*p) for p in _tool_sources(record)]
    if not found:
        return []
    listed = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
    return [make("NF319", display, f"status is {status!r} but {len(found)} tool proposal(s) are unchecked: "
                 f"{listed}", pointer=found[0])]
