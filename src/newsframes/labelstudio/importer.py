"""`labelstudio import`: a Label Studio JSON export merged back into the records.

Every problem of the whole export is collected first (task index and id, result id, what
is wrong, what to do); nothing is written unless there are none. A task with several
annotators is never merged silently: each annotator's result becomes its own pass file
`annotations/<id>/ls-<annotator>.json`, and corpus/<id>.json changes only with
`--annotator` naming the one that goes into the corpus."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..jsonio import canonical_dumps
from ..paths import cache_dir
from ..taxonomy import load_taxonomies
from ..validate.tokens import token_boundaries
from .merge import merge
from .results import parse_result


@dataclass
class Outcome:
    writes: dict[Path, str] = field(default_factory=dict)  # path -> new text
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _lazy(fn):
    """`fn` called once, on first use (loading spaCy costs seconds: only when a span needs snapping)."""
    box = []

    def get():
        if not box:
            box.append(fn())
        return box[0]
    return get


def annotator_slug(completed_by) -> str:
    """`ls-<slug>`-ready name of an annotator: the e-mail's local part, else `user<id>`."""
    if isinstance(completed_by, dict):
        email = completed_by.get("email") or ""
        if email:
            return _slug(email.split("@")[0])
        completed_by = completed_by.get("id")
    return _slug(f"user{completed_by}")


def _slug(s: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:37]
    return s or "anonymous"


def _annotations(task: dict) -> list[dict]:
    return [a for a in task.get("annotations") or []
            if isinstance(a, dict) and not a.get("was_cancelled") and isinstance(a.get("result"), list)]


def import_export(tasks, corpus: Path, annotations_dir: Path, annotator: str | None = None) -> Outcome:
    out = Outcome()
    tax = load_taxonomies()
    if not isinstance(tasks, list):
        out.errors.append("the export is not a JSON list of tasks: export from Label Studio as JSON (not JSON_MIN)")
        return out
    for i, task in enumerate(tasks):
        where = f"task [{i}]" + (f" (id {task.get('id')})" if isinstance(task, dict) and task.get("id") else "")
        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            out.errors.append(f"{where}: no data.text: export the project as JSON with the task data")
            continue
        aid = data.get("article_id")
        jpath, tpath = corpus / f"{aid}.json", corpus / f"{aid}.txt"
        if not isinstance(aid, str) or not jpath.is_file() or not tpath.is_file():
            out.errors.append(f"{where}: article {aid!r} has no {jpath} and {tpath}: import into the corpus the task "
                              "was exported from (--corpus DIR)")
            continue
        where += f" article {aid}"
        raw = jpath.read_text(encoding="utf-8")
        record = json.loads(raw)
        text = tpath.read_text(encoding="utf-8")
        sha_file = hashlib.sha256(text.encode("utf-8")).hexdigest()
        sha_task = hashlib.sha256(data["text"].encode("utf-8")).hexdigest()
        if data["text"] != text or data.get("text_sha256") not in (None, sha_file) or record.get("text_sha256") != sha_file:
            first = next((k for k, (a, b) in enumerate(zip(data["text"], text)) if a != b),
                         min(len(data["text"]), len(text)))
            out.errors.append(
                f"{where}: the task's text (sha256 {sha_task[:12]}, data.text_sha256 "
                f"{str(data.get('text_sha256'))[:12]}) differs from {tpath} (sha256 {sha_file[:12]}; record says "
                f"{str(record.get('text_sha256'))[:12]}), first difference at code point {first}: re-export the task "
                "from the current text (`newsframes labelstudio export`), or re-anchor the record first")
            continue
        anns = _annotations(task)
        if not anns:
            out.skipped.append(f"{where}: no annotation, record left as it is")
            continue
        bounds = _lazy(functools.partial(token_boundaries, text, cache_dir(), sha_file))
        known = frozenset((x["start"], x["end"]) for layer in ("mentions", "claims", "techniques", "timexes")
                          for x in record.get(layer, []) if isinstance(x, dict)) | frozenset(
            (c["cue"]["start"], c["cue"]["end"]) for c in record.get("claims", []) if c.get("cue"))
        by_annotator: dict[str, dict] = {}
        for a in anns:
            slug = annotator_slug(a.get("completed_by"))
            if slug in by_annotator:  # one annotator, several annotations: the last updated one
                prev = by_annotator[slug]
                if str(a.get("updated_at", "")) < str(prev.get("updated_at", "")):
                    continue
            by_annotator[slug] = a
        merged: dict[str, dict] = {}
        for slug, a in by_annotator.items():
            parsed = parse_result(a["result"], text, bounds, known)
            rec = merge(record, text, tax, parsed)
            aw = f"{where} annotation {a.get('id', '?')} by {slug}"
            out.errors += [f"{aw}, result {rid}: {what}: {todo}" for rid, what, todo in parsed.errors]
            out.notes += [f"{aw}: {n}" for n in parsed.notes]
            merged[slug] = rec
        if len(merged) == 1 and annotator is None:
            _put(out, jpath, record, with_annotator(next(iter(merged.values())), record, next(iter(merged))), aid)
            continue
        for slug, rec in merged.items():
            pass_rec = dict(rec)
            pass_rec["annotation"] = pass_block(rec.get("annotation", {}), slug, by_annotator[slug], task, aid)
            pass_rec = _pass_agents(pass_rec, rec.get("annotation", {}), slug)
            out.writes[annotations_dir / aid / f"ls-{slug}.json"] = canonical_dumps(pass_rec)
        if annotator is not None:
            if _slug(annotator) not in merged:
                out.errors.append(f"{where}: --annotator {annotator!r} did not annotate this task "
                                  f"(annotators: {', '.join(sorted(merged))})")
            else:
                _put(out, jpath, record, with_annotator(merged[_slug(annotator)], record, _slug(annotator)), aid)
        else:
            out.notes.append(f"{where}: {len(merged)} annotators ({', '.join(sorted(merged))}): written as passes "
                             f"{annotations_dir / aid}/ls-*.json; corpus/{aid}.json unchanged (choose one with "
                             "--annotator, or adjudicate the passes)")
    return out


def _day(stamp) -> str | None:
    return stamp[:10] if isinstance(stamp, str) and re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}", stamp) else None


def pass_block(base: dict, slug: str, ann: dict, task: dict, aid: str) -> dict:
    """The `annotation` block of a pass file `annotations/<id>/ls-<slug>.json` (schema 1.1.0
    `annotation.pass`): who, when (the annotation's created/updated days), with what, and what
    the annotator had in view (the task's text, the labels of the config, and the proposals
    and checked items the task carried)."""
    from .. import __version__

    saw = ["text", "labels"]
    if task.get("predictions"):
        saw.append("tool-proposals")
    out = {k: v for k, v in base.items() if k not in ("adjudicated_from", "adjudication_log", "adjudicator", "pass")}
    # the pass is the Label Studio user's; the items it kept unchanged were made by the
    # record's annotators, who stay named (schema 1.2.0: with their agents)
    out.update({
        "status": "single",
        "annotators": [slug] + [a for a in base.get("annotators", []) if a != slug],
        "method": (f"Annotated in Label Studio by {slug}; imported by `newsframes labelstudio import` "
                   f"{__version__} from task {task.get('id')}, annotation {ann.get('id')}. The task started from "
                   f"corpus/{aid}.json as exported by `newsframes labelstudio export`; items Label Studio does not "
                   "show (notes, verdict evidence, Wikidata ids) are carried over from that record."),
        "pass": {"id": f"ls-{slug}", "annotator": slug, "started": _day(ann.get("created_at")),
                 "finished": _day(ann.get("updated_at") or ann.get("created_at")),
                 "tool": "label-studio", "saw": saw,
                 "note": "The Label Studio export does not name the server version; the task carried the record's "
                         "checked annotations when it had any (they were in view as the starting point)."},
    })
    return out


LS_AGENT_NOTE = ("a Label Studio user: the annotations entered in its interface are a person's (`manual`, or "
                 "`tool+manual:` for an accepted proposal)")


def _ls_agent(slug: str) -> dict:
    return {"name": slug, "kind": "person", "model": None, "version": None, "note": LS_AGENT_NOTE}


def with_annotator(record: dict, old: dict, slug: str) -> dict:
    """`record` (merged from Label Studio) naming `slug` among its annotators, as a person
    agent when the record lists agents or is of schema 1.2.0 or later, when the merge
    changed anything; unchanged otherwise."""
    from ..provenance import AGENTS_SINCE, version_at_least

    if record == old:
        return record
    ann = dict(record["annotation"])
    if slug not in ann.get("annotators", []):
        ann["annotators"] = [*ann.get("annotators", []), slug]
    if ann.get("agents") or version_at_least(record.get("schema_version"), AGENTS_SINCE):
        if slug not in {a.get("name") for a in ann.get("agents") or []}:
            ann["agents"] = [*(ann.get("agents") or []), _ls_agent(slug)]
    return {**record, "annotation": ann}


def _pass_agents(pass_rec: dict, base: dict, slug: str) -> dict:
    """A pass of schema 1.2.0 (or of a record with agents): the Label Studio user as a person
    agent, then the agents of the record it started from (their items are carried over)."""
    from ..provenance import AGENTS_SINCE, version_at_least

    if not (base.get("agents") or version_at_least(pass_rec.get("schema_version"), AGENTS_SINCE)):
        return pass_rec
    agents = [_ls_agent(slug)] + [a for a in base.get("agents") or [] if a.get("name") != slug]
    return {**pass_rec, "annotation": {**pass_rec["annotation"], "agents": agents}}


def _put(out: Outcome, path: Path, old: dict, record: dict, aid: str) -> None:
    """Rewrite the record only when the merge changed it (an unchanged round trip leaves
    the file byte-identical, canonical or not)."""
    if record == old:
        out.unchanged.append(aid)
    else:
        out.writes[path] = canonical_dumps(record)
