"""Records to Label Studio tasks: the text, the article id and text_sha256 in `data`;
unchecked tool proposals (`source` `tool:<name>/<version>`) as a prediction
(model_version = `<name>/<version>`); checked and manual annotations as the task's
annotation, so a half-annotated article can be finished in the tool.

Region ids are the record's ids (m1, c1, p1, t1; a cue is `<claim id>-cue`), so the
import recognises what it exported."""

from __future__ import annotations

from ..taxonomy import load_taxonomies
from . import names as N

ANNOTATION = "annotation"


def _bucket(source: str | None) -> str:
    """Where an item goes: `tool:<name>/<version>` -> that model version, else the annotation."""
    if source and source.startswith("tool:"):
        return source[len("tool:"):]
    return ANNOTATION


def _span(rid: str, control: str, label: str, start: int, end: int, text: str) -> dict:
    return {"id": rid, "from_name": control, "to_name": N.TEXT, "type": "labels",
            "value": {"start": start, "end": end, "text": text, "labels": [label]}}


def _attr(rid: str, control: str, kind: str, start: int, end: int, values: list[str]) -> dict:
    key = "text" if kind == "textarea" else "choices"
    return {"id": rid, "from_name": control, "to_name": N.TEXT, "type": kind,
            "value": {"start": start, "end": end, key: list(values)}}


def _article(control: str, kind: str, values) -> dict:
    key = "taxonomy" if kind == "taxonomy" else "choices"
    return {"id": control, "from_name": control, "to_name": N.TEXT, "type": kind, "value": {key: values}}


def record_results(record: dict) -> dict[str, list[dict]]:
    """Label Studio results of a record, by bucket (ANNOTATION or a tool's model_version)."""
    tax = load_taxonomies()
    groups = tax.technique_groups
    out: dict[str, list[dict]] = {}

    def add(source, *results):
        out.setdefault(_bucket(source), []).extend(results)

    entities = {e["id"]: e for e in record.get("entities", [])}
    roles_done: set[str] = set()
    for m in record.get("mentions", []):
        e = entities.get(m["entity"], {})
        s, t, rid = m["start"], m["end"], m["id"]
        res = [_span(rid, N.ENTITY, e.get("type", "PERSON"), s, t, m["text"]),
               _attr(rid, N.ENTITY_REF, "textarea", s, t, [f"{m['entity']} {e.get('name', '')}".strip()])]
        if m.get("metonymy"):
            res.append(_attr(rid, N.METONYMY, "choices", s, t, [m["metonymy"]]))
        if m["entity"] not in roles_done:  # an entity's roles ride on its first mention
            roles_done.add(m["entity"])
            for role in e.get("roles", []):
                res.append(_attr(rid, N.ROLE_PREFIX + role["main"], "choices", s, t, list(role["fine"])))
        add(m.get("source"), *res)
    for c in record.get("claims", []):
        s, t, rid = c["start"], c["end"], c["id"]
        res = [_span(rid, N.CLAIM, N.CLAIM_LABEL, s, t, c["text"]),
               _attr(rid, N.CLAIMANT, "textarea", s, t, [c["claimant"]]),
               _attr(rid, N.CLAIM_TYPE, "choices", s, t, [c["type"]]),
               _attr(rid, N.CHECKWORTHY, "choices", s, t, [N.YES if c["checkworthy"] else N.NO])]
        if c.get("verdict"):
            res.append(_attr(rid, N.VERDICT, "choices", s, t, [c["verdict"]["label"]]))
        cue = c.get("cue")
        if cue:
            cid = f"{rid}-cue"
            res.append(_span(cid, N.CLAIM, N.CUE_LABEL, cue["start"], cue["end"], cue["text"]))
            res.append({"from_id": cid, "to_id": rid, "type": "relation", "direction": "right",
                        "labels": [N.CUE_RELATION]})
        add(c.get("source"), *res)
    for p in record.get("techniques", []):
        add(p.get("source"), _span(p["id"], N.TECHNIQUE_PREFIX + groups[p["label"]], p["label"], p["start"],
                                   p["end"], p["text"]))
    for x in record.get("timexes", []):
        s, t, rid = x["start"], x["end"], x["id"]
        res = [_span(rid, N.TIMEX, x["type"], s, t, x["text"]),
               _attr(rid, N.TIMEX_VALUE, "textarea", s, t, [x["value"]])]
        if x.get("mod"):
            res.append(_attr(rid, N.TIMEX_MOD, "choices", s, t, [x["mod"]]))
        add(x.get("source"), *res)
    genre = record.get("genre") or {}
    if genre.get("label"):
        add(genre.get("source"), _article(N.GENRE, "choices", [genre["label"]]))
    frames = record.get("frames") or {}
    if frames.get("labels"):
        add(frames.get("source"), _article(N.FRAMES, "choices", list(frames["labels"])))
    if frames.get("primary"):
        add(frames.get("source"), _article(N.PRIMARY_FRAME, "choices", [frames["primary"]]))
    by_source: dict[str, list] = {}
    for n in record.get("narratives", []):
        by_source.setdefault(_bucket(n.get("source")), []).append([n["narrative"], n["subnarrative"]])
    for bucket, paths in by_source.items():
        out.setdefault(bucket, []).append(_article(N.NARRATIVES, "taxonomy", paths))
    return out


def one_taxonomy(results: list[dict]) -> list[dict]:
    """`results` with the narratives of several buckets joined into one result (Label Studio
    keeps one result per control in an annotation or a prediction)."""
    paths = [p for r in results if r.get("from_name") == N.NARRATIVES for p in r["value"]["taxonomy"]]
    out = [r for r in results if r.get("from_name") != N.NARRATIVES]
    if paths:
        out.append(_article(N.NARRATIVES, "taxonomy", paths))
    return out


def known_spans(record: dict) -> frozenset:
    """The (start, end) of every span of a record (on token boundaries once validated)."""
    return frozenset((x["start"], x["end"]) for layer in ("mentions", "claims", "techniques", "timexes")
                     for x in record.get(layer, []) if isinstance(x, dict)) | frozenset(
        (c["cue"]["start"], c["cue"]["end"]) for c in record.get("claims", []) if isinstance(c, dict) and c.get("cue"))


def task_state(record: dict, text: str, annotation: list[dict], prediction: list[dict]) -> dict:
    """`data.nf_state`: the fingerprints of what the task carries (state.py), the base of the
    pull's three-way merge."""
    import functools

    from ..paths import cache_dir
    from ..validate.tokens import token_boundaries
    from .results import parse_result
    from .state import STATE_VERSION, fingerprints

    bounds = functools.partial(token_boundaries, text, cache_dir(), record.get("text_sha256"))
    known = known_spans(record)
    return {"v": STATE_VERSION,
            "annotation": fingerprints(parse_result(annotation, text, bounds, known)),
            "prediction": fingerprints(parse_result(prediction, text, bounds, known))}


def record_to_task(record: dict, text: str, prelabel: bool = False) -> dict:
    """One task. Unchecked proposals of all tools go into ONE prediction: Label Studio 1.23
    pre-labels a new annotation from a single prediction only (measured: with one prediction
    per tool, the page opened with the proposals of one tool and dropped the other's). Its
    model_version is the tool's `<name>/<version>`, several joined by `+`; each item's own
    tool stays in the record and comes back on import.

    `prelabel`: no annotation; the checked items go into that prediction too, so that a
    half-annotated article opens as one editable draft (with an annotation present, the
    page shows predictions only in separate tabs, never merged into it).

    `data.nf_state` holds the fingerprints of both (state.py): the pull compares the
    annotation with them to tell what changed in Label Studio."""
    buckets = record_results(record)
    tools = sorted(b for b in buckets if b != ANNOTATION)
    proposals = one_taxonomy([r for b in tools for r in buckets[b]])
    checked = buckets.get(ANNOTATION, [])
    if prelabel and proposals:
        proposals, checked = one_taxonomy(checked + proposals), []
    task: dict = {"data": {N.TEXT: text, "article_id": record["id"], "text_sha256": record["text_sha256"],
                           "nf_state": task_state(record, text, checked, proposals)}}
    if checked:
        task["annotations"] = [{"result": checked}]
    if proposals:
        task["predictions"] = [{"model_version": "+".join(tools), "result": proposals}]
    return task
