"""Label Studio annotators in the records: `ls-user-<user id>` (the id on the server, never
the e-mail, which stays out of the corpus), the corpus record's `annotation` block naming
them, and the `annotation.pass` block of a pass file `annotations/<id>/ls-user-<id>.json`.

Since schema 1.2.0 each `ls-user-<id>` named here has its `annotation.agents` entry, of kind
`person`: Label Studio users are people, and what they enter is `manual` (`tool+manual:` for
a proposal they kept)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Ann:
    where: str       # "task [i] (id N)"
    task: dict
    ann: dict
    user: int
    parsed: object = None  # the annotation read once (results.Parsed), until a merge uses it

    @property
    def name(self) -> str:
        return annotator_name(self.user)

    @property
    def label(self) -> str:
        return f"{self.where} annotation {self.ann.get('id', '?')} by {self.name}"


def annotator_name(user_id: int) -> str:
    """The record's name of a Label Studio user (and its pass id): `ls-user-<id>`."""
    return f"ls-user-{user_id}"


def parse_annotator(arg: str) -> int | None:
    """`--annotator`: `ls-user-<id>` or the bare id."""
    m = re.fullmatch(r"(?:ls-user-)?([0-9]{1,18})", arg.strip())
    return int(m.group(1)) if m else None


def user_id(completed_by) -> int | None:
    if isinstance(completed_by, dict):
        completed_by = completed_by.get("id")
    return completed_by if type(completed_by) is int else None  # noqa: E721 - not a bool


def _day(stamp) -> str | None:
    return stamp[:10] if isinstance(stamp, str) and re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}", stamp) else None


LS_AGENT_NOTE = ("a Label Studio user: the annotations entered in its interface are a person's (`manual`, or "
                 "`tool+manual:` for an accepted proposal)")


def ls_agent(name: str) -> dict:
    return {"name": name, "kind": "person", "model": None, "version": None, "note": LS_AGENT_NOTE}


def _with_agents(annotation: dict, schema_version) -> bool:
    """Whether the record names agents (schema 1.2.0 on, or a record that already lists them)."""
    from ..provenance import AGENTS_SINCE, version_at_least

    return bool(annotation.get("agents")) or version_at_least(schema_version, AGENTS_SINCE)


def named(annotation: dict, a: Ann, schema_version=None) -> dict:
    """The corpus record's `annotation` block, naming the Label Studio annotator whose work
    went in (once), with its person agent where the record has agents."""
    out = dict(annotation)
    if a.name not in out.get("annotators", []):
        out["annotators"] = [*out.get("annotators", []), a.name]
    if _with_agents(out, schema_version) and a.name not in {g.get("name") for g in out.get("agents") or []}:
        out["agents"] = [*(out.get("agents") or []), ls_agent(a.name)]
    line = f"Annotated in Label Studio by {a.name} (Label Studio user {a.user}), pulled by `newsframes labelstudio import`."
    if line not in out.get("method", ""):
        out["method"] = (out.get("method", "").rstrip() + " " + line).strip()
    return out


def complete(record: dict) -> bool:
    """Whether a pass has the article labels a finished annotation needs (genre, primary frame)."""
    return bool((record.get("genre") or {}).get("label") and (record.get("frames") or {}).get("primary"))


def pass_block(base: dict, a: Ann, was_pass: bool, done: bool, schema_version=None) -> dict:
    """The `annotation` block of a pass file `annotations/<id>/ls-user-<id>.json` (schema 1.1.0
    `annotation.pass`): who, when (the annotation's created/updated days), with what, and what
    the annotator had in view (the task's text, the labels of the config, and the proposals
    and checked items the task carried)."""
    from .. import __version__

    status = "single" if done else "draft"  # a pass without genre or primary frame is unfinished
    if was_pass:
        out = dict(base, status=status)
        out["pass"] = {**base["pass"], "finished": _day(a.ann.get("updated_at") or a.ann.get("created_at"))}
        return out
    saw = ["text", "labels"]
    if a.task.get("predictions"):
        saw.append("tool-proposals")
    out = {k: v for k, v in base.items() if k not in ("adjudicated_from", "adjudication_log", "adjudicator", "pass")}
    # the pass is the Label Studio user's; the items it kept unchanged were made by the
    # record's annotators, who stay named (with their agents since schema 1.2.0)
    out.update({
        "status": status,
        "annotators": [a.name] + [n for n in base.get("annotators", []) if n != a.name],
        "method": (f"Annotated in Label Studio by {a.name} (Label Studio user {a.user}); imported by `newsframes "
                   f"labelstudio import` {__version__} from task {a.task.get('id')}, annotation {a.ann.get('id')}. "
                   f"The task started from corpus/{a.task['data']['article_id']}.json as exported by `newsframes "
                   "labelstudio export`; items Label Studio does not show (notes, verdict evidence, Wikidata ids) "
                   "are carried over from that record."),
        "pass": {"id": a.name, "annotator": a.name, "started": _day(a.ann.get("created_at")),
                 "finished": _day(a.ann.get("updated_at") or a.ann.get("created_at")),
                 "tool": "label-studio", "saw": saw,
                 "note": "The Label Studio export does not name the server version; the task carried the record's "
                         "checked annotations when it had any (they were in view as the starting point)."},
    })
    if _with_agents(base, schema_version):
        out["agents"] = [ls_agent(a.name)] + [g for g in base.get("agents") or [] if g.get("name") != a.name]
    return out
