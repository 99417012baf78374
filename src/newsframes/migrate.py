"""Migrating records to schema 1.2.0: who annotated (`annotation.agents`), and sources
that tell people from AI models.

The migration is told who each annotator was (a JSON file, `load_plan`):

    {"agents": [{"name": "...", "was": "old name (optional)", "kind": "person|model|unknown",
                 "model": "unrecorded", "version": "unknown", "note": "..."}],
     "adjudicators": {"<article id>": "<agent name>"}}

and for every record (gold records in corpus/, passes in annotations/) it:

- renames annotators (`was` -> `name`, also in `annotation.pass.annotator` and
  `adjudicator`), and writes one `agents` entry per annotator (every annotator must be in
  the plan: nothing is guessed);
- when every agent of the record is an AI model and they all name one model
  (`<model>/<version>`), rewrites `manual` to `model:<model>/<version>` and
  `tool+manual:<tool>` to `tool+model:<tool>,<model>/<version>`; `tool:` (nobody checked)
  and `import:` stay. A person or an unknown agent beside models leaves `manual` ambiguous:
  the record is refused, never guessed;
- names the adjudicator of an adjudicated gold record (`adjudicators`);
- sets `schema_version` to 1.2.0.

It is idempotent (a migrated record migrates to itself) and all-or-nothing: every problem
of every file is reported, and then nothing is written; otherwise every changed file is
staged beside its target and renamed. The method texts are prose: the migration does not
rewrite them, but names each one that says "by hand" in a record made by models (NF347)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .provenance import NAME, VERSION, parse

TARGET = "1.2.0"
AGENT_KEYS = ("name", "kind", "model", "version", "note")
MAX_BYTES = 8 * 1024 * 1024  # a record or a plan is far smaller (the validator's limit for a record)


def _read(path: Path) -> str:
    """A regular file's text (NotRegularFile for a FIFO, device or folder; ValueError when
    larger than MAX_BYTES)."""
    from .safeio import open_regular

    with open_regular(path) as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    return data.decode("utf-8")


class MigrationError(Exception):
    """A plan file that cannot be used (with the file and what to do)."""


@dataclass
class Outcome:
    changed: dict[Path, dict] = field(default_factory=dict)  # path -> migrated record
    unchanged: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def load_plan(path: Path) -> dict:
    """The plan file, checked: agents with the schema's fields, unique names, adjudicators
    naming agents."""
    import re

    try:
        from .jsonio import loads_guarded

        plan = loads_guarded(_read(Path(path)), str(path))  # TooDeep (a ValueError) before parsing
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise MigrationError(f"{path}: cannot read the plan ({exc})") from None
    if not isinstance(plan, dict) or not isinstance(plan.get("agents"), list):
        raise MigrationError(f"{path}: expected an object with a list `agents`")
    problems, names = [], set()
    for i, a in enumerate(plan["agents"]):
        where = f"{path}: /agents/{i}"
        if not isinstance(a, dict):
            problems.append(f"{where}: not an object")
            continue
        extra = set(a) - set(AGENT_KEYS) - {"was"}
        missing = set(AGENT_KEYS) - set(a)
        if extra or missing:
            problems.append(f"{where}: keys {sorted(missing)} missing, {sorted(extra)} unknown "
                            f"(an agent has {', '.join(AGENT_KEYS)}, and optionally `was`)")
            continue
        if not isinstance(a["name"], str) or not a["name"]:
            problems.append(f"{where}/name: a non-empty string")
        elif a["name"] in names:
            problems.append(f"{where}/name: {a['name']!r} is listed twice")
        names.add(a["name"])
        if a["kind"] not in ("person", "model", "unknown"):
            problems.append(f"{where}/kind: {a['kind']!r} is not person, model or unknown")
        if a["kind"] == "model":
            for key, rx in (("model", NAME), ("version", VERSION)):
                if not (isinstance(a[key], str) and re.fullmatch(rx, a[key])):
                    problems.append(f"{where}/{key}: a model agent needs its {key} "
                                    "(`unrecorded` / `unknown` when not recorded)")
        elif a["model"] is not None or a["version"] is not None:
            problems.append(f"{where}: a {a['kind']} agent has null model and version")
        if not (a["note"] is None or isinstance(a["note"], str)):
            problems.append(f"{where}/note: a string or null")
        if "was" in a and not (isinstance(a["was"], str) and a["was"]):
            problems.append(f"{where}/was: the annotator's old name, a non-empty string")
    was = [a.get("was") for a in plan["agents"] if isinstance(a, dict) and isinstance(a.get("was"), str)]
    for old in sorted({w for w in was if was.count(w) > 1}):
        problems.append(f"{path}: /agents: {old!r} is the old name (`was`) of two agents; which one is it?")
    olds = {a.get("was") for a in plan["agents"] if isinstance(a, dict) and "was" in a}
    for old in sorted(o for o in olds & names if isinstance(o, str)):
        problems.append(f"{path}: /agents: {old!r} is both an old name (`was`) and an agent's name; "
                        "a rename must not merge two annotators")
    adj = plan.get("adjudicators", {})
    if not isinstance(adj, dict):
        problems.append(f"{path}: /adjudicators: an object of article id -> agent name")
    else:
        for rid, who in adj.items():
            if who not in names:
                problems.append(f"{path}: /adjudicators/{rid}: {who!r} is not an agent of the plan")
    if problems:
        raise MigrationError("\n".join(problems))
    return plan


def migrate_record(record: dict, plan: dict, *, is_pass: bool) -> tuple[dict, list[str]]:
    """(the migrated record, problems). The input is not changed."""
    import copy

    rec = copy.deepcopy(record)
    ann = rec["annotation"]
    agents = {a["name"]: a for a in plan["agents"]}
    renamed = {a["was"]: a["name"] for a in plan["agents"] if "was" in a}
    problems: list[str] = []

    before = list(ann["annotators"])
    ann["annotators"] = [renamed.get(n, n) for n in before]
    merged = sorted({n for n in ann["annotators"] if ann["annotators"].count(n) > 1})
    if merged:
        olds = [f"{sorted({o for o in before if renamed.get(o, o) == n})!r} -> {n!r}" for n in merged]
        problems.append(f"annotators {'; '.join(olds)}: the plan's renames would make one annotator of two "
                        "names the record lists separately (or the record lists a name twice); rename one to "
                        "another name, or merge them in the record first")
        return rec, problems
    if isinstance(ann.get("pass"), dict):
        ann["pass"]["annotator"] = renamed.get(ann["pass"]["annotator"], ann["pass"]["annotator"])
    if "adjudicator" in ann:
        ann["adjudicator"] = renamed.get(ann["adjudicator"], ann["adjudicator"])
    missing = [n for n in ann["annotators"] if n not in agents]
    if missing:
        problems.append(f"annotator(s) {', '.join(map(repr, missing))} not in the plan: say who each was "
                        "(person, model or unknown)")
        return rec, problems
    if ann["annotators"]:
        ann["agents"] = [{k: agents[n][k] for k in AGENT_KEYS} for n in ann["annotators"]]
    else:
        ann.pop("agents", None)
    if ann["status"] == "adjudicated" and not is_pass:
        who = plan.get("adjudicators", {}).get(rec["id"], ann.get("adjudicator"))
        if who is None:
            problems.append("adjudicated, but the plan names no adjudicator for it (`adjudicators`)")
        elif who not in ann["annotators"]:
            problems.append(f"adjudicator {who!r} is not one of the record's annotators")
        else:
            ann["adjudicator"] = who
    problems += _rewrite_sources(rec, ann.get("agents") or [])
    rec["schema_version"] = TARGET
    return rec, problems


def _rewrite_sources(rec: dict, agents: list[dict]) -> list[str]:
    """`manual` -> `model:...`, `tool+manual:T` -> `tool+model:T,...` when every agent is one
    model; a problem when people's marks sit in a record whose agents are mixed."""
    from .provenance import iter_sources

    human = [parts for parts, s in iter_sources(rec) if (p := parse(s)) is not None
             and p.kind in ("manual", "tool+manual")]
    if not human or not agents:
        return []
    kinds = {a["kind"] for a in agents}
    if kinds == {"person"}:
        return []
    models = {(a["model"], a["version"]) for a in agents if a["kind"] == "model"}
    if kinds != {"model"} or len(models) != 1:
        return [f"{len(human)} annotation(s) are `manual`/`tool+manual:` but the agents are "
                f"{', '.join(sorted(kinds))}" + (f" ({len(models)} models)" if len(models) > 1 else "")
                + ": which of them made each annotation is not recorded; split the record's provenance by hand"]
    model = "/".join(next(iter(models)))
    for parts in human:
        node = rec
        for key in parts[:-1]:
            node = node[key]
        p = parse(node["source"])
        node["source"] = f"model:{model}" if p.kind == "manual" else f"tool+model:{p.tool},{model}"
    return []


def record_files(paths: list[Path]) -> list[tuple[Path, bool]]:
    """(record file, is a pass) for every .json under the given folders or files:
    corpus folders hold gold records, an annotations/ folder passes."""
    out = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            is_pass = p.name == "annotations"
            out += [(f, is_pass) for f in sorted(p.rglob("*.json")) if not f.name.startswith(".")]
        else:
            out.append((p, p.parent.parent.name == "annotations"))
    return out


def migrate_files(files: list[tuple[Path, bool]], plan: dict) -> Outcome:
    from .jsonio import loads_guarded
    from .validate.l3_provenance import BY_HAND

    out = Outcome()
    for path, is_pass in files:
        if path.is_symlink():
            out.problems.append(f"{path}: a symbolic link; migrate writes only regular files of the corpus: "
                                "replace it with the file itself")
            continue
        try:
            record = loads_guarded(_read(path), str(path))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            out.problems.append(f"{path}: cannot read the record ({exc}); run `newsframes validate`")
            continue
        if not (isinstance(record, dict) and isinstance(record.get("annotation"), dict)
                and isinstance(record["annotation"].get("annotators"), list)):
            out.problems.append(f"{path}: not a record with annotation.annotators; run `newsframes validate`")
            continue
        try:
            new, problems = migrate_record(record, plan, is_pass=is_pass)
        except (KeyError, TypeError, AttributeError) as exc:
            out.problems.append(f"{path}: the record lacks a field the migration needs ({type(exc).__name__}: "
                                f"{exc}); run `newsframes validate`")
            continue
        out.problems += [f"{path}: {p}" for p in problems]
        if problems:
            continue
        agents = new["annotation"].get("agents") or []
        if agents and all(a["kind"] == "model" for a in agents):
            for key, text in (("method", new["annotation"]["method"]),
                              ("pass.note", (new["annotation"].get("pass") or {}).get("note"))):
                m = BY_HAND.search(text) if isinstance(text, str) else None
                if m:
                    out.notices.append(f"{path}: annotation.{key} says {m.group(0)!r} of a model's work: "
                                       "rewrite it")
        if new == record:
            out.unchanged.append(path)
        else:
            out.changed[path] = new
    return out


def write(outcome: Outcome) -> None:
    """Stage every changed record, then rename them all (nothing half-written)."""
    from .jsonio import Staged, canonical_dumps

    staged = []
    try:
        for path, record in outcome.changed.items():
            staged.append(Staged(path, canonical_dumps(record).encode("utf-8")))
    except BaseException:
        for s in staged:
            s.discard()
        raise
    for s in staged:
        s.commit()
