"""`labelstudio import`: a Label Studio JSON export merged back into the records.

The export's shape is checked first (shape.py); every problem of the whole export is then
collected (task index and id, article, annotation and annotator, result id, what is wrong,
what to do), and nothing is written unless there are none.

Per article (all tasks of the article in the export, not just the first):
- each annotation is one annotator's, named `ls-user-<Label Studio user id>`; cancelled
  annotations and the task's own starting point left untouched are reported and left out;
  one annotator with two annotations of the article is an error (which one counts?);
- one annotator: the annotation goes into corpus/<id>.json; several: each becomes an
  annotation pass `annotations/<id>/ls-user-<id>.json`, and corpus/<id>.json changes only
  with `--annotator` naming the one that goes in;
- each target is a three-way merge (reconcile.py) from the base of the task or of the last
  pull (state.py), and must pass `newsframes validate` as the record did."""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..jsonio import canonical_dumps
from ..paths import cache_dir
from ..taxonomy import load_taxonomies
from ..validate.tokens import token_boundaries
from .annotators import Ann, annotator_name, complete, named, parse_annotator, pass_block, user_id
from .backstop import new_errors, schema_problem
from .merge import merge
from .reconcile import reconcile, record_parsed
from .results import parse_result
from .shape import check_export
from .state import Base, fingerprints, read_sidecar, sidecar_base, sidecar_path, sidecar_text, task_base


@dataclass
class Outcome:
    writes: dict[Path, str] = field(default_factory=dict)  # path -> new text
    expect: dict[Path, bytes | None] = field(default_factory=dict)  # path -> the bytes read (None: absent)
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


@functools.lru_cache(maxsize=1)
def id_pattern() -> re.Pattern:
    """The record id pattern of the schema (one source of truth), with ECMA-262's `$` (Python's
    `$` would let "emoji-test\\n" through)."""
    from ..jsonio import _schema
    from ..validate.l2_schema import ecma_pattern

    return re.compile(ecma_pattern(_schema()["properties"]["id"]["pattern"]))


def _task_where(i: int, task: dict) -> str:
    return f"task [{i}]" + (f" (id {task['id']})" if task.get("id") is not None else "")


def import_export(tasks, corpus: Path, root: Path, annotator: str | None = None, where: str = "export") -> Outcome:
    out = Outcome()
    out.errors += check_export(tasks, where)
    if out.errors:
        return out
    want = None
    if annotator is not None:
        want = parse_annotator(annotator)
        if want is None:
            out.errors.append(f"--annotator {annotator!r}: give ls-user-<id> or the Label Studio user id")
            return out
    by_article: dict[str, list[tuple[str, dict]]] = {}
    for i, task in enumerate(tasks):
        aid = task["data"]["article_id"]
        if not id_pattern().match(aid):
            out.errors.append(f"{_task_where(i, task)}: data.article_id {aid!r} is not an article id (pattern "
                              f"{id_pattern().pattern}): the task was not made by `newsframes labelstudio export`; "
                              "delete it from the project")
            continue
        by_article.setdefault(aid, []).append((_task_where(i, task), task))
    tax = load_taxonomies()
    for aid, group in by_article.items():
        Article(out, aid, group, corpus, root, tax, want).run()
    return out


class Article:
    def __init__(self, out: Outcome, aid: str, group, corpus: Path, root: Path, tax, want: int | None):
        self.out, self.aid, self.group, self.tax, self.want = out, aid, group, tax, want
        self.corpus, self.root = corpus, root
        self.jpath, self.tpath = corpus / f"{aid}.json", corpus / f"{aid}.txt"
        self.where = ", ".join(w for w, _ in group) + f" article {aid}"

    def error(self, msg: str) -> None:
        self.out.errors.append(msg)

    def _read_json(self, path: Path, what: str):
        from ..jsonio import loads_guarded
        from ..safeio import read_bytes

        data = read_bytes(path)
        self.out.expect.setdefault(path, data)
        rec = loads_guarded(data.decode("utf-8"), str(path))
        if not isinstance(rec, dict) or rec.get("id") != self.aid:
            raise ValueError(f"{what} {path} is not the record of article {self.aid!r} (its id is "
                             f"{rec.get('id') if isinstance(rec, dict) else None!r})")
        return rec

    def load(self) -> bool:
        from ..safeio import read_bytes

        if not self.jpath.is_file() or not self.tpath.is_file():
            self.error(f"{self.where}: no {self.jpath} and {self.tpath}: import into the corpus the task was "
                       "exported from (--corpus DIR)")
            return False
        try:
            self.record = self._read_json(self.jpath, "the record")
            self.text = read_bytes(self.tpath).decode("utf-8")
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            self.error(f"{self.where}: cannot read the record: {exc}; run `newsframes validate`")
            return False
        bad = schema_problem(self.record, self.jpath)
        if bad:
            self.error(f"{self.where}: {bad}")
            return False
        self.sha = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        self.bounds = _lazy(functools.partial(token_boundaries, self.text, cache_dir(), self.sha))
        return True

    def text_matches(self, where: str, data: dict) -> bool:
        text, sha_file = self.text, self.sha
        if data["text"] == text and data.get("text_sha256") in (None, sha_file) \
                and self.record.get("text_sha256") == sha_file:
            return True
        sha_task = hashlib.sha256(data["text"].encode("utf-8")).hexdigest()
        first = next((k for k, (a, b) in enumerate(zip(data["text"], text)) if a != b),
                     min(len(data["text"]), len(text)))
        self.error(f"{where} article {self.aid}: the task's text (sha256 {sha_task[:12]}, data.text_sha256 "
                   f"{str(data.get('text_sha256'))[:12]}) differs from {self.tpath} (sha256 {sha_file[:12]}; record "
                   f"says {str(self.record.get('text_sha256'))[:12]}), first difference at code point {first}: "
                   "re-export the task from the current text (`newsframes labelstudio export`), or re-anchor the "
                   "record first")
        return False

    def annotations(self) -> list[Ann]:
        anns = []
        for where, task in self.group:
            if not self.text_matches(where, task["data"]):
                continue
            for d in task.get("drafts") or []:
                who = user_id(d.get("user")) if isinstance(d, dict) else None
                self.out.notes.append(f"{where} article {self.aid}: a draft" + (f" by {annotator_name(who)}"
                                      if who is not None else "") + " was never submitted: not imported "
                                      "(submit it in Label Studio, then pull again)")
            for a in task.get("annotations") or []:
                user = user_id(a.get("completed_by"))
                label = f"{where} article {self.aid} annotation {a.get('id', '?')}"
                if user is None:
                    self.error(f"{label}: completed_by {a.get('completed_by')!r} is not a Label Studio user id: "
                               "export the project again as JSON")
                elif a.get("was_cancelled"):
                    self.out.notes.append(f"{label} by {annotator_name(user)} was cancelled (skipped) in Label "
                                          "Studio: not imported")
                else:
                    anns.append(Ann(f"{where} article {self.aid}", task, a, user))
        return anns

    def untouched(self, a: Ann) -> bool:
        """The task's own starting point (what `export` put in as its annotation), unchanged."""
        base, _ = task_base(a.task["data"])
        if not base.known:
            return False
        parsed = parse_result(a.ann["result"], self.text, self.bounds, _known(self.record))
        a.parsed = parsed  # used once more by the merge into the corpus record (reconcile marks its regions)
        return not parsed.errors and fingerprints(parsed) == base.annotation

    def run(self) -> None:
        if not self.load():
            return
        anns = []
        for a in self.annotations():
            if self.untouched(a):
                self.out.notes.append(f"{a.label} is the task as exported, unchanged (nothing accepted, changed or "
                                      "added): left out")
            else:
                anns.append(a)
        if not anns:
            if not any(e.startswith(tuple(w for w, _ in self.group)) for e in self.out.errors):
                self.out.skipped.append(f"{self.where}: no annotation to import, record left as it is")
            return
        by_user: dict[int, list[Ann]] = {}
        for a in anns:
            by_user.setdefault(a.user, []).append(a)
        for user, mine in by_user.items():
            if len(mine) > 1:
                self.error(f"{self.where}: {annotator_name(user)} has {len(mine)} annotations of this article ("
                           + "; ".join(f"{a.where.split(' article')[0]} annotation {a.ann.get('id', '?')}"
                                       for a in mine)
                           + "): delete or cancel all but one in Label Studio (or the older task), then pull again")
        if any(len(m) > 1 for m in by_user.values()):
            return
        users = sorted(by_user)
        if self.want is not None and self.want not in by_user:
            self.error(f"{self.where}: --annotator {annotator_name(self.want)} did not annotate this article "
                       f"(annotators: {', '.join(map(annotator_name, users))})")
            return
        passes = len(users) > 1
        targets = [(annotator_name(u), by_user[u][0]) for u in users] if passes else []
        into_corpus = self.want if self.want is not None else (users[0] if len(users) == 1 else None)
        sidecar = sidecar_path(self.root, self.aid)
        states, problem = read_sidecar(sidecar, self.aid)
        if problem:
            self.out.notes.append(problem)
        new_states = dict(states)
        for name, a in targets:
            self.target(a, self.root / "annotations" / self.aid / f"{name}.json", name, states, new_states)
        if into_corpus is not None:
            self.target(by_user[into_corpus][0], self.jpath, "corpus", states, new_states)
        elif passes:
            self.out.notes.append(f"{self.where}: {len(users)} annotators ({', '.join(n for n, _ in targets)}): "
                                  f"written as passes {self.root / 'annotations' / self.aid}/ls-user-*.json; "
                                  f"corpus/{self.aid}.json unchanged (choose one with --annotator, or adjudicate "
                                  "the passes)")
        if new_states != states:
            self.out.writes[sidecar] = sidecar_text(self.aid, new_states)
            self.out.expect.setdefault(sidecar, _bytes_or_none(sidecar))

    def target(self, a: Ann, path: Path, name: str, states: dict, new_states: dict) -> None:
        label = a.label
        new_pass = False
        if path == self.jpath:
            ours = self.record
        elif os.path.lexists(path):
            try:
                ours = self._read_json(path, "the pass")
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                self.error(f"{label}: cannot read {path}: {exc}; fix or delete the pass file")
                return
        else:  # a new pass: the annotator's annotation, with the record's JSON-only fields
            ours, new_pass = self.record, True
            self.out.expect.setdefault(path, None)
        bad = None if ours is self.record else schema_problem(ours, path)
        if bad:
            self.error(f"{label}: {bad}")
            return
        try:
            self.merge_into(a, path, name, ours, new_pass, states, new_states)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            self.error(f"{label}: {path} cannot be merged ({type(exc).__name__}: {exc}): run `newsframes validate` "
                       "and fix the record first")

    def merge_into(self, a: Ann, path: Path, name: str, ours: dict, new_pass: bool, states: dict,
                   new_states: dict) -> None:
        label = a.label
        agents = (ours.get("annotation") or {}).get("agents") or []
        model = next((g for g in agents if isinstance(g, dict) and g.get("name") == a.name
                      and g.get("kind") == "model"), None)
        if model is not None:  # what it enters would be `manual`: a model's work called a person's
            self.error(f"{label}: {path} names {a.name} as an AI model agent ({model.get('model')}/"
                       f"{model.get('version')}), but what a Label Studio user enters is recorded as a person's work "
                       f"(`manual`, `tool+manual:`): if a person annotated as {a.name}, make its agent kind `person`; "
                       "a model's annotations do not come in through Label Studio")
            return
        base, problem = sidecar_base(states.get(name), a.task.get("id"), a.ann.get("id"))
        if problem:
            self.out.notes.append(f"{label}: the state of the last pull in {sidecar_path(self.root, self.aid)} is "
                                  f"{problem} (edited by hand?): not used; regions are matched by their ids in the "
                                  "task, then by span and label")
        if base is None:
            base, problem = task_base(a.task["data"])
            if problem:
                self.out.notes.append(f"{label}: {problem}")
        if new_pass:
            base = Base(True, {}, {}, {}, "new pass", whole=True)
        ours_p = record_parsed(ours, self.text, self.bounds)
        if ours_p.errors:
            self.error(f"{label}: {path} itself cannot be shown as Label Studio regions ("
                       + "; ".join(f"{rid}: {what}" for rid, what, _ in ours_p.errors[:3])
                       + "): run `newsframes validate` and fix the record first")
            return
        theirs, a.parsed = (a.parsed, None) if a.parsed is not None and ours is self.record else (
            parse_result(a.ann["result"], self.text, self.bounds, _known(ours)), a.parsed)
        combined = reconcile(ours, ours_p, theirs, base, self.text)
        merged, assigned = merge(ours, self.text, self.tax, combined)
        self.out.errors += [f"{label}, result {rid}: {what}: {todo}" for rid, what, todo in combined.parsed.errors]
        self.out.notes += [f"{label}: {n}" for n in combined.parsed.notes]
        if combined.parsed.errors:
            return
        if path != self.jpath:
            merged["annotation"] = pass_block(ours.get("annotation", {}), a, not new_pass
                                              and "pass" in ours.get("annotation", {}), complete(merged),
                                              merged.get("schema_version"))
        elif merged != ours:
            merged["annotation"] = named(merged.get("annotation", {}), a, merged.get("schema_version"))
        regions = {r.id: r.key for r in theirs.regions if r.key} | assigned
        for msg in new_errors(ours, merged, self.text, str(path), regions):
            self.error(f"{label}: {msg}")
        ls_state = {regions[rid]: f for rid, f in combined.region_fps.items() if rid in regions} | combined.article_fps
        rec_state = fingerprints(ours_p if merged == ours else record_parsed(merged, self.text, self.bounds))
        state = {k: [f, rec_state.get(k)] for k, f in ls_state.items()}
        new_states[name] = {"task": a.task.get("id"), "annotation": a.ann.get("id"),
                            "regions": dict(sorted(regions.items())), "state": dict(sorted(state.items()))}
        if merged == ours and path.exists():
            if path == self.jpath:
                self.out.unchanged.append(self.aid)
            return
        self.out.writes[path] = canonical_dumps(merged)


def _known(record: dict) -> frozenset:
    from .tasks import known_spans

    return known_spans(record)


def _bytes_or_none(path: Path) -> bytes | None:
    """The bytes of a regular file, None when absent, b"" for anything else (never opened)."""
    from ..safeio import read_bytes

    try:
        return read_bytes(path)
    except FileNotFoundError:
        return None
    except OSError:
        return b""
