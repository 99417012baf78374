"""Make one contribution, as CONTRIBUTING.md tells a newcomer, in the git clone this runs in
(CI runs it in a scratch clone of the checkout under test, then runs the README's test
command and its later checks there: one suite run proves main and the contribution together).

    python scripts/ci_contribution.py [--work DIR]      # from the top of a clone, `newsframes` on PATH

Steps (each a function of STEPS; the first that fails stops the run with exit 1 and a
message naming it, the command and its output):
  seed                 tests/fixtures/contribution/seed.txt (synthetic text written for this test)
                       and its provenance sidecar, copied to seeds/
  add, annotate        `newsframes add`, `newsframes annotate --model none` (no trained pipeline,
                       so the proposals do not depend on what is installed)
  labelstudio export   `newsframes labelstudio export <id> --prelabel`: the task a contributor
                       imports into Label Studio
  label studio         what the server gives back: the JSON export of the task after the annotator
                       kept the proposals and marked the regions of the captured export
                       (tests/fixtures/contribution/labelstudio-1.23.2-export.json, exported by a real
                       Label Studio 1.23.2; scripts/ls_capture_contribution_export.py remakes it)
  labelstudio import   `newsframes labelstudio import` of that file (no server needed)
  json fields          what CONTRIBUTING leaves to the JSON: notes, annotators, method, and the
                       status leaves `draft` (CONTRIBUTING §4)
  fmt, validate, view, build
  commit               exactly CONTRIBUTING §8's `git add` line, then `git commit`
  check                nothing else changed, no version chosen, no release cut, data unreleased

Files that are not part of the contribution (tasks.json, export.json, the page of `view`)
go to --work (default: a new temporary folder), never into the clone."""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "contribution"
SEED_NAME = "ci-synthetic-night-buses"
ARTICLE_ID = "ci-synthetic-night-buses"
GIT_ID = ("-c", "user.name=CI contributor", "-c", "user.email=ci-contributor@newsframes.invalid")
NOT_ANNOTATED = "Not annotated yet"


class StepFailed(Exception):
    pass


@dataclass
class Run:
    repo: Path
    work: Path
    article_id: str = ARTICLE_ID
    seed_name: str = SEED_NAME

    @property
    def record_path(self) -> Path:
        return self.repo / "corpus" / f"{self.article_id}.json"

    def record(self) -> dict:
        return json.loads(self.record_path.read_text(encoding="utf-8"))

    def text(self) -> str:
        return (self.repo / "corpus" / f"{self.article_id}.txt").read_text(encoding="utf-8")

    def sh(self, *args: str) -> str:
        """Run a command in the clone; any exit but 0 fails the step with its output."""
        shown = " ".join(shlex.quote(str(a)) for a in args)
        print(f"  $ {shown}", flush=True)
        try:
            r = subprocess.run([str(a) for a in args], cwd=self.repo, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise StepFailed(f"{shown}: {exc}") from None
        out = (r.stdout + r.stderr).rstrip()
        if r.returncode != 0:
            raise StepFailed(f"{shown} exited {r.returncode}:\n{out}")
        if "Traceback" in r.stderr:
            raise StepFailed(f"{shown} printed a traceback:\n{out}")
        for line in out.splitlines()[:40]:
            print(f"    {line}")
        return r.stdout

    def git(self, *args: str) -> str:
        return self.sh("git", *GIT_ID, *args)

    def changed(self) -> list[str]:
        out = self.git("status", "--porcelain", "--untracked-files=all")
        return sorted(line[3:] for line in out.splitlines())


def need(cond: bool, what: str) -> None:
    if not cond:
        raise StepFailed(what)


# --- the steps, in CONTRIBUTING.md's order ----------------------------------------------

def seed(r: Run) -> None:
    need(not r.record_path.exists() and not r.record_path.is_symlink(), f"{r.record_path} exists already")
    for ext in (".txt", ".provenance.json"):
        dest = r.repo / "seeds" / f"{r.seed_name}{ext}"
        data = (FIXTURE / f"seed{ext}").read_bytes()
        try:  # never through an existing file or symlink (O_EXCL), never over another run's seed
            with open(dest, "xb") as fh:
                fh.write(data)
        except FileExistsError:
            raise StepFailed(f"{dest} exists already: run this in a clone without the CI contribution") from None


def add(r: Run) -> None:
    r.sh("newsframes", "add", f"seeds/{r.seed_name}.txt", "--id", r.article_id)
    need(r.record()["annotation"]["status"] == "draft", "`add` did not write a draft")


def annotate(r: Run) -> None:
    r.sh("newsframes", "annotate", r.article_id, "--model", "none")
    need(bool(r.record()["timexes"]), "`annotate` proposed no date in a text with five")


def labelstudio_export(r: Run) -> None:
    r.sh("newsframes", "labelstudio", "export", r.article_id, "--prelabel", "--out", r.work / "tasks.json")
    tasks = json.loads((r.work / "tasks.json").read_text(encoding="utf-8"))
    need(len(tasks) == 1 and tasks[0]["data"]["text"] == r.text(), "the task does not hold the article's text")


def label_studio(r: Run) -> None:
    """The JSON export Label Studio gives after the annotator opened the pre-labelled task
    (the page copies the prediction's regions, with their ids, into the annotation), marked
    the regions of the captured export and pressed Submit. Everything else in the file (task
    and annotation fields, user ids, timestamps) is what Label Studio 1.23.2 exported."""
    [task] = json.loads((r.work / "tasks.json").read_text(encoding="utf-8"))
    [captured] = json.loads((FIXTURE / "labelstudio-1.23.2-export.json").read_text(encoding="utf-8"))
    text = task["data"]["text"]
    need(captured["data"]["text"] == text, "the captured export's text differs from the article's: remake it with "
         "scripts/ls_capture_contribution_export.py")
    [ann] = captured["annotations"]
    own = [x for x in ann["result"] if x.get("origin") != "prediction"]
    for x in own:
        v = x.get("value") or {}
        if "start" in v and isinstance(v.get("text"), str):
            need(text[v["start"]:v["end"]] == v["text"], f"region {x['id']}: {v['text']!r} is not at {v['start']}")
    preds = task.get("predictions") or []
    kept = [dict(x, origin="prediction") for p in preds for x in p["result"]]
    # a region the page already shows as a proposal is not marked again (a name that other
    # records of the corpus hold is proposed by the entity ruler): the annotator keeps the proposal
    proposed = {(x["from_name"], x["value"]["start"], x["value"]["end"]) for x in kept if x["type"] == "labels"}
    again = {x["id"] for x in own if x["type"] == "labels"
             and (x["from_name"], x["value"]["start"], x["value"]["end"]) in proposed}
    own = [x for x in own if x.get("id") not in again]
    result = kept + own
    ann = dict(ann, result=result, result_count=len({x.get("id") for x in result}))  # as Label Studio counts
    if preds:
        ann["prediction"] = dict(ann["prediction"], result=preds[0]["result"],
                                 model_version=preds[0]["model_version"])
    export = [dict(captured, data=task["data"], annotations=[ann])]
    (r.work / "export.json").write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    print(f"    {r.work / 'export.json'}: {len(kept)} proposal region item(s) kept, {len(own)} of the annotator")


def labelstudio_import(r: Run) -> None:
    out = r.sh("newsframes", "labelstudio", "import", r.work / "export.json")
    need("1 file(s) written" in out, "the import wrote no record")
    rec = r.record()
    need(rec["claims"] and rec["techniques"] and rec["mentions"] and rec["genre"]["label"] == "reporting",
         "the import lost layers of the annotation")
    need(not [t for t in rec["timexes"] if t["source"].startswith("tool:")], "kept proposals are still unchecked")


def json_fields(r: Run) -> None:
    """What stays in the JSON after Label Studio (CONTRIBUTING §3-4), as an editor saves it."""
    rec = r.record()
    for layer in (rec["genre"], rec["frames"]):
        if (layer.get("note") or "").startswith(NOT_ANNOTATED):
            layer["note"] = None  # annotated in Label Studio: the draft's note no longer holds
    for e in rec["entities"]:
        e["note"] = "An invented name in synthetic CI text."
        if e["source"].startswith("tool:"):  # an entity proposed with a kept mention: checked here (CONTRIBUTING §4;
            e["source"] = "tool+manual:" + e["source"][len("tool:"):]  # Label Studio has no place for it, issue 22)
    rec["annotation"].update(
        status="single",  # the annotators and their agents are what the pull named (ls-user-<id>, a person)
        method=rec["annotation"]["method"] + " Synthetic CI contribution (scripts/ci_contribution.py): the Label "
        "Studio annotation is a captured fixture standing in for an annotator's work; proposals kept there.")
    r.record_path.write_text(json.dumps(rec, indent=4, ensure_ascii=False), encoding="utf-8")


def fmt(r: Run) -> None:
    r.sh("newsframes", "fmt", f"corpus/{r.article_id}.json")


def validate(r: Run) -> None:
    r.sh("newsframes", "validate", "--strict", f"corpus/{r.article_id}.json")  # not a draft, nothing unchecked
    r.sh("newsframes", "validate")


def view(r: Run) -> None:
    page = r.work / f"{r.article_id}.html"
    r.sh("newsframes", "view", r.article_id, "-o", page)
    need("Dana Okafor" in page.read_text(encoding="utf-8"), f"{page} does not show the article")


def build(r: Run) -> None:
    out = r.sh("newsframes", "build")
    need("unreleased" in out.splitlines()[0], "the build's first line does not say the data is unreleased")


def contributing_git_add() -> str:
    """The `git add` line of CONTRIBUTING.md §8, read from the file so the two cannot drift."""
    text = (FIXTURE.parents[2] / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## 8."):]
    return next(line.strip() for line in section.splitlines() if line.startswith("git add "))


def commit(r: Run) -> None:
    line = contributing_git_add().replace("<name>", r.seed_name).replace("<id>", r.article_id)
    r.git(*shlex.split(line)[1:])
    left = [ln for ln in r.git("status", "--porcelain", "--untracked-files=all").splitlines()
            if ln[0] in "?!" or ln[1] != " "]
    need(not left, f"files changed outside CONTRIBUTING's `git add` line: {left}")
    r.git("commit", "-q", "-m", f"Add {r.article_id}")


def check(r: Run) -> None:
    need(r.changed() == [], f"the commit left changes behind: {r.changed()}")
    touched = r.git("diff", "--name-only", "HEAD~1", "HEAD").split()
    listed = [p.replace("<name>", r.seed_name).replace("<id>", r.article_id)
              for p in shlex.split(contributing_git_add())[2:]]
    outside = [p for p in touched if not any(p == q or (q.endswith("/") and p.startswith(q)) for q in listed)]
    need(not outside, f"the commit touches files outside CONTRIBUTING's list: {outside}")
    versioned = [p for p in touched if p in ("pyproject.toml", "src/newsframes/__init__.py") or p.startswith("releases/")]
    need(not versioned, f"the contribution chose a version or cut a release: {versioned}")
    for p in (f"seeds/{r.seed_name}.txt", f"corpus/{r.article_id}.json", f"corpus/{r.article_id}.txt"):
        need(p in touched, f"{p} is not in the commit")
    man = json.loads((r.repo / "data" / "MANIFEST.json").read_text(encoding="utf-8"))
    need(man["release"] is None and man["built_after"], f"data/MANIFEST.json does not say unreleased: {man['release']}")
    need(r.record()["annotation"]["status"] != "draft", "the record is still a draft")
    head = r.git("rev-parse", "--short", "HEAD").strip()
    print(f"    commit {head}: {len(touched)} file(s), {r.article_id} in split {r.record()['split']}")


STEPS = [seed, add, annotate, labelstudio_export, label_studio, labelstudio_import, json_fields, fmt, validate,
         view, build, commit, check]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=None, help="folder for the files outside the contribution")
    args = ap.parse_args(argv)
    repo = Path.cwd()
    if not (repo / ".git").exists() or not (repo / "CONTRIBUTING.md").is_file():
        print(f"ci-contribution: {repo} is not the top of a newsframes clone", file=sys.stderr)
        return 2
    work = (args.work or Path(tempfile.mkdtemp(prefix="nf-ci-contribution-"))).resolve()
    if work == repo.resolve() or repo.resolve() in work.parents:
        print(f"ci-contribution: --work {work} is inside the clone: its files would join the commit", file=sys.stderr)
        return 2
    work.mkdir(parents=True, exist_ok=True)
    r = Run(repo, work)
    for k, step in enumerate(STEPS, 1):
        name = step.__name__.replace("_", " ")
        print(f"ci-contribution: [{k}/{len(STEPS)}] {name}", flush=True)
        try:
            step(r)
        except StepFailed as exc:
            print(f"ci-contribution: FAILED at step {k}/{len(STEPS)} '{name}': {exc}", file=sys.stderr)
            return 1
        except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
            print(f"ci-contribution: FAILED at step {k}/{len(STEPS)} '{name}': {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            return 1
    print(f"ci-contribution: {r.article_id} added and committed as CONTRIBUTING says")
    return 0


if __name__ == "__main__":
    sys.exit(main())
