"""Level 3: who annotated (schema 1.2.0, `annotation.agents`). Each annotator has one
agent entry saying whether a person or an AI model did the work; every `model:` source
names a model agent of the record; a record made only by models holds no `manual` work;
an adjudicated gold names its adjudicator; the method text
does not call a model's work "by hand". Records of schema 1.0.0 and 1.1.0 predate agents:
only the checks of `model:` sources apply to them."""

from __future__ import annotations

import re
import unicodedata

from ..provenance import AGENTS_SINCE, iter_sources, parse, version_at_least
from .issues import Issue, make, pointer


def _agents(record: dict) -> list[dict]:
    agents = record["annotation"].get("agents") or []
    return [a for a in agents if isinstance(a, dict)]


def _new(record: dict) -> bool:
    return version_at_least(record.get("schema_version"), AGENTS_SINCE)


def _fold(name) -> str | None:
    """A name as a reader sees it: NFKC, case-folded (None for what is not a string)."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split()) if isinstance(name, str) else None


def _lookalike(name, others) -> str:
    """`; it differs from <other> only by case, white space or Unicode normalisation (<code points>)`
    when one of `others` reads the same as `name`, else ""."""
    twin = next((o for o in others if o != name and _fold(o) is not None and _fold(o) == _fold(name)), None)
    if twin is None:
        return ""
    return (f"; it differs from {twin!r} only by case, white space or Unicode normalisation ({ascii(name)} vs {ascii(twin)}): "
            "use one spelling")


def check_agents_cover_annotators(record: dict, display: str) -> list[Issue]:
    """NF340: in a 1.2.0 record every name in `annotators` has an agent entry."""
    if not _new(record):
        return []
    named = {a.get("name") for a in _agents(record)}
    out = []
    for i, name in enumerate(record["annotation"]["annotators"]):
        if name not in named:
            out.append(make("NF340", display, f"annotator {name!r} has no entry in annotation.agents (is it a "
                            f"person or an AI model?){_lookalike(name, named)}",
                            pointer=pointer("annotation", "annotators", i)))
    return out


def check_agents_are_annotators(record: dict, display: str) -> list[Issue]:
    """NF341: each agent is one of `annotators`, named once."""
    annotators = set(record["annotation"]["annotators"])
    seen: set[str] = set()
    folded: dict[str, str] = {}
    out = []
    for i, a in enumerate(_agents(record)):
        name = a.get("name")
        where = pointer("annotation", "agents", i, "name")
        if name not in annotators:
            out.append(make("NF341", display, f"agent {name!r} is not one of annotation.annotators"
                            + _lookalike(name, annotators), pointer=where))
        elif name in seen:
            out.append(make("NF341", display, f"agent {name!r} is listed twice", pointer=where))
        elif _fold(name) in folded:  # two agents a reader cannot tell apart: one annotator named twice?
            out.append(make("NF341", display, f"agent {name!r} is listed twice: it differs from agent "
                            f"{folded[_fold(name)]!r} only by case, white space or Unicode normalisation ({ascii(name)} vs "
                            f"{ascii(folded[_fold(name)])}); give one annotator one spelling", pointer=where))
        seen.add(name)
        if _fold(name) is not None:
            folded.setdefault(_fold(name), name)
    return out


def check_agent_fields(record: dict, display: str) -> list[Issue]:
    """NF342: a model agent names its model and version; a person or unknown agent has none."""
    out = []
    for i, a in enumerate(_agents(record)):
        has = a.get("model") is not None, a.get("version") is not None
        if a.get("kind") == "model" and not all(has):
            out.append(make("NF342", display, f"agent {a.get('name')!r} is a model but its `model` or `version` "
                            "is null", pointer=pointer("annotation", "agents", i)))
        elif a.get("kind") in ("person", "unknown") and any(has):
            out.append(make("NF342", display, f"agent {a.get('name')!r} is of kind {a.get('kind')!r} but names a "
                            "model or version", pointer=pointer("annotation", "agents", i)))
    return out


def check_model_sources(record: dict, display: str) -> list[Issue]:
    """NF343: every `model:<name>/<version>` and `tool+model:...,<name>/<version>` source is
    the model of a `model` agent of the record (one issue per model, at its first use)."""
    known = {(a.get("model"), a.get("version")) for a in _agents(record) if a.get("kind") == "model"}
    first: dict[str, tuple] = {}
    count: dict[str, int] = {}
    for parts, source in iter_sources(record):
        p = parse(source)
        if p is None or p.model is None or (p.model, p.version) in known:
            continue
        first.setdefault(p.model_id, parts)
        count[p.model_id] = count.get(p.model_id, 0) + 1
    return [make("NF343", display, f"{count[m]} annotation(s) name the model {m!r}, which is not a `model` agent "
                 "of the record (annotation.agents)", pointer=pointer(*parts)) for m, parts in first.items()]


def check_manual_needs_person(record: dict, display: str) -> list[Issue]:
    """NF344: `manual` and `tool+manual:` sources (a person's work) in a record whose
    agents are all AI models."""
    agents = _agents(record)
    if not agents or any(a.get("kind") != "model" for a in agents):
        return []
    found = [parts for parts, s in iter_sources(record) if (p := parse(s)) is not None
             and p.kind in ("manual", "tool+manual")]
    if not found:
        return []
    return [make("NF344", display, f"{len(found)} annotation(s) are marked as a person's work (`manual` or "
                 "`tool+manual:`) but every agent of the record is an AI model", pointer=pointer(*found[0]))]


def check_adjudicator(record: dict, display: str) -> list[Issue]:
    """NF345: a 1.2.0 gold record with status `adjudicated` names its adjudicator, one of
    `annotators`; no other record names one."""
    ann = record["annotation"]
    who = ann.get("adjudicator")
    if who is not None and ann["status"] != "adjudicated":
        return [make("NF345", display, f"annotation.adjudicator is set but status is {ann['status']!r}",
                     pointer="/annotation/adjudicator")]
    if who is not None and who not in ann["annotators"]:
        return [make("NF345", display, f"adjudicator {who!r} is not one of annotation.annotators",
                     pointer="/annotation/adjudicator")]
    if who is None and ann["status"] == "adjudicated" and _new(record) and "pass" not in ann:
        return [make("NF345", display, "status is `adjudicated` but annotation.adjudicator does not say who "
                     "resolved the disagreements", pointer="/annotation/status")]
    return []


BY_HAND = re.compile(r"\b(by hand|hand[- ](made|picked|checked|annotated|typed|written|corrected)|manually)\b",
                     re.IGNORECASE)


def check_method_words(record: dict, display: str) -> list[Issue]:
    """NF347 (warning): the method text or the pass note says "by hand", "manually" or
    "hand-..." in a record whose agents are all AI models."""
    agents = _agents(record)
    if not agents or any(a.get("kind") != "model" for a in agents):
        return []
    ann = record["annotation"]
    texts = [("/annotation/method", ann.get("method"))]
    if isinstance(ann.get("pass"), dict):
        texts.append(("/annotation/pass/note", ann["pass"].get("note")))
    out = []
    for where, text in texts:
        m = BY_HAND.search(text) if isinstance(text, str) else None
        if m:
            out.append(make("NF347", display, f"says {m.group(0)!r}, but every agent of the record is an AI "
                            "model", pointer=where))
    return out


def _may_name_model(record: dict) -> bool:
    """False only when no string of the record contains "model:" (one serialisation
    scanned in C instead of a walk over every source); True when unsure."""
    try:
        import orjson

        return b"model:" in orjson.dumps(record)
    except Exception:  # noqa: BLE001 - ImportError, values orjson cannot write: walk instead
        return True


CHECKS = (check_agents_cover_annotators, check_agents_are_annotators, check_agent_fields,
          check_manual_needs_person, check_adjudicator, check_method_words)


def check_provenance_agents(record: dict, display: str) -> list[Issue]:
    out: list[Issue] = []
    for check in CHECKS:
        out += check(record, display)
    if _agents(record) or _may_name_model(record):
        out += check_model_sources(record, display)
    return out
