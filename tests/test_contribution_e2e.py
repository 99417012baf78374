"""A whole contribution, played as CONTRIBUTING.md tells a newcomer, in a temporary git
repository holding a copy of this one (tracked and new files of the working tree, so
uncommitted work is tested too): add a synthetic seed -> pre-annotate -> annotate by
hand (programmatically, as a contributor would) -> fmt -> validate -> build -> `git add`
exactly the files CONTRIBUTING lists -> the checks of .ci/run (`validate`, `build
--check`) pass, with no version change and a clean `git status`.

Each step is one function in STEPS, so a step can be inserted (the Label Studio round
trip goes after `annotate_by_hand`; see `LABEL_STUDIO_STEP`). The seed is synthetic text
written for this test: it only ever exists in the temporary repository."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cli_helpers import run_cli

from newsframes import __version__
from newsframes.dataset.manifest import released_versions
from newsframes.dataset.outputs import BUILD_CHANGES, CONTRIBUTION_FILES, commit_command

ROOT = Path(__file__).resolve().parents[1]
SEED_NAME = "e2e-synthetic-harbour"
ARTICLE_ID = "e2e-synthetic-harbour-vote"
# Synthetic, undated: a literal "Bishkek" (a place) after the real corpus used the name
# metonymically, a repeated place name, a weekday and a season without a year.
SEED_TEXT = """Harbour vote splits Lakeside council
The Lakeside council voted on Tuesday to rebuild the old harbour wall before next spring.
Critics called the plan a reckless waste of money, while engineers from a Bishkek university said the wall could fail within a year.
Residents of Lakeside will be asked to comment until March.
"""  # noqa: E501 (one paragraph per line)
PROVENANCE = {
    "file": f"seeds/{SEED_NAME}.txt", "outlet": None, "url": None, "authors": [], "title": None,
    "published": {"date": None, "precision": None, "basis": None, "evidence": [], "note": None},
    "retrieved": None,
    "rights": {"status": "unknown", "note": "Synthetic text written for a test; it is never published."},
    "notes": ["Synthetic text written for the end-to-end test of a contribution: no outlet, URL, author or date."],
}
GIT_ID = ("-c", "user.name=e2e contributor", "-c", "user.email=e2e@example.org")


@dataclass
class Contribution:
    repo: Path
    article_id: str = ARTICLE_ID
    seed_name: str = SEED_NAME
    notes: dict = field(default_factory=dict)

    @property
    def record_path(self) -> Path:
        return self.repo / "corpus" / f"{self.article_id}.json"

    def record(self) -> dict:
        return json.loads(self.record_path.read_text(encoding="utf-8"))

    def text(self) -> str:
        return (self.repo / "corpus" / f"{self.article_id}.txt").read_text(encoding="utf-8")

    def cli(self, *args) -> str:
        r = run_cli(*args)
        assert r.returncode == 0, f"newsframes {' '.join(map(str, args))}:\n{r.stdout}\n{r.stderr}"
        assert "Traceback" not in r.stderr
        return r.stdout

    def git(self, *args) -> str:
        return subprocess.run(["git", "-C", str(self.repo), *GIT_ID, *args], check=True,
                              capture_output=True, text=True).stdout

    def changed(self) -> list[str]:
        return sorted(line[3:] for line in self.git("status", "--porcelain", "--untracked-files=all").splitlines())


def copy_repository(dest: Path) -> Path:
    """A git repository holding the working tree's tracked and new (not ignored) files."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    subprocess.run(["git", "-C", str(dest), "init", "-q"], check=True)
    subprocess.run(["git", "-C", str(dest), *GIT_ID, "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(dest), *GIT_ID, "commit", "-qm", "main"], check=True)
    return dest


# --- the steps, in CONTRIBUTING.md's order ----------------------------------------------

def add(c: Contribution) -> None:
    seeds = c.repo / "seeds"
    (seeds / f"{c.seed_name}.txt").write_text(SEED_TEXT, encoding="utf-8")
    (seeds / f"{c.seed_name}.provenance.json").write_text(json.dumps(PROVENANCE, indent=2) + "\n", encoding="utf-8")
    c.cli("add", f"seeds/{c.seed_name}.txt", "--id", c.article_id)
    assert c.record()["annotation"]["status"] == "draft"


def annotate(c: Contribution) -> None:
    out = c.cli("annotate", c.article_id, "--model", "none")
    rec = c.record()
    assert rec["structure"]["sentences"] and rec["mentions"], out
    ents = {e["id"]: e for e in rec["entities"]}
    bishkek = [m for m in rec["mentions"] if m["text"] == "Bishkek"]
    # the seed article uses "Bishkek" for Kyrgyzstan's government: proposed here as the place itself
    assert bishkek and all(ents[m["entity"]]["name"] == "Bishkek" for m in bishkek)
    assert "Kyrgyzstan" in ents[bishkek[0]["entity"]]["note"]
    c.notes["proposed_mentions"] = len(rec["mentions"])


def _find(c: Contribution, words: str) -> list[dict]:
    return json.loads(c.cli("find", c.article_id, words, "--format", "json"))


def annotate_by_hand(c: Contribution) -> None:
    """What a contributor does in an editor: check every proposal, add the rest."""
    rec = c.record()
    for layer in ("entities", "mentions", "timexes"):
        for item in rec[layer]:
            if item["source"].startswith("tool:"):
                item["source"] = "tool+manual:" + item["source"][len("tool:"):]  # checked, kept
    for e in rec["entities"]:
        if e["name"] == "Bishkek":
            e["note"] = None  # read the tool's note: the use here is literal, the proposal is right
    council = {"id": f"e{len(rec['entities']) + 1}", "name": "Lakeside council", "type": "ORG", "wikidata": None,
               "roles": [], "source": "manual", "note": "Synthetic test text."}
    rec["entities"].append(council)
    hits = _find(c, "Lakeside council")
    assert len(hits) == 2  # the headline and the first sentence: each gets its own offsets
    taken = {(m["start"], m["end"]) for m in rec["mentions"]}
    n = max(int(m["id"][1:]) for m in rec["mentions"])
    for h in hits:
        if (h["start"], h["end"]) in taken:
            continue
        n += 1
        rec["mentions"].append({"id": f"m{n}", "entity": council["id"], "start": h["start"], "end": h["end"],
                                "text": "Lakeside council", "metonymy": None, "source": "manual"})
    # proposals overlapping the council mentions ("Lakeside" alone) are corrected: removed
    rec["mentions"] = [m for m in rec["mentions"] if m["source"] == "manual" or not any(
        m["start"] < h["end"] and h["start"] < m["end"] for h in hits)]
    used = {m["entity"] for m in rec["mentions"]}
    rec["entities"] = [e for e in rec["entities"] if e["id"] in used]
    (tue,) = _find(c, "Tuesday")
    (spring,) = _find(c, "next spring")
    timexes = [t for t in rec["timexes"] if not (t["start"] < spring["end"] and spring["start"] < t["end"])]
    k = max([int(t["id"][1:]) for t in timexes] or [0])
    if not any(t["start"] == tue["start"] for t in timexes):  # undated: the tool leaves weekdays out
        k += 1
        timexes.append({"id": f"t{k}", "start": tue["start"], "end": tue["end"], "text": "Tuesday", "type": "DATE",
                        "value": "XXXX-WXX-2", "mod": None, "source": "manual"})
    timexes.append({"id": f"t{k + 1}", "start": spring["start"], "end": spring["end"], "text": "next spring",
                    "type": "DATE", "value": "XXXX-SP", "mod": None, "source": "manual"})
    rec["timexes"] = sorted(timexes, key=lambda t: t["start"])
    (reckless,) = _find(c, "reckless")
    rec["techniques"] = [{"id": "p1", "label": "Loaded_Language", "start": reckless["start"], "end": reckless["end"],
                          "text": "reckless", "source": "manual", "note": None}]
    (claim,) = _find(c, "the wall could fail within a year")
    (cue,) = _find(c, "said")
    rec["claims"] = [{"id": "c1", "start": claim["start"], "end": claim["end"], "text": c.text()[claim["start"]:claim["end"]],
                      "claimant": "unnamed", "cue": {"start": cue["start"], "end": cue["end"], "text": "said"},
                      "type": "factual", "checkworthy": True,
                      "verdict": {"label": "unverified", "checked": None, "evidence": [], "note": None},
                      "source": "manual"}]
    rec["genre"] = {"label": "reporting", "source": "manual", "note": None}
    rec["frames"] = {"labels": ["Economic", "Health_and_safety"], "primary": "Economic", "source": "manual",
                     "note": None}
    rec["annotation"].update(status="single", annotators=["e2e contributor"],
                             agents=[{"name": "e2e contributor", "kind": "person", "model": None, "version": None,
                                      "note": None}],  # schema 1.2.0: a person, so `manual` is true
                             method=rec["annotation"]["method"] + " Proposals checked and the rest annotated by hand.")
    # an editor saves the file in its own layout: `fmt` restores the canonical form
    c.record_path.write_text(json.dumps(rec, indent=4, ensure_ascii=False), encoding="utf-8")


def label_studio(c: Contribution) -> None:
    """The Label Studio round trip (issue 13 B) with files: export the task, add in its
    annotation what the page's Submit adds for one more technique span (the server round
    trip itself is tests/test_labelstudio_server.py), import it back."""
    before = c.record()
    tasks_path, export_path = c.repo.parent / "ls-tasks.json", c.repo.parent / "ls-export.json"
    c.cli("labelstudio", "export", c.article_id, "--out", str(tasks_path))
    [task] = json.loads(tasks_path.read_text(encoding="utf-8"))
    text = task["data"]["text"]
    s = text.index("waste of money")
    task["id"] = 1
    task["annotations"][0].update(id=1, completed_by=1, result=task["annotations"][0]["result"] + [
        {"id": "lsNew1", "from_name": "technique_Manipulative_Wording", "to_name": "text", "type": "labels",
         "origin": "manual", "value": {"start": s, "end": s + 14, "text": "waste of money",
                                       "labels": ["Loaded_Language"]}}])
    export_path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    out = c.cli("labelstudio", "import", str(export_path))
    assert "1 file(s) written" in out, out
    after = c.record()
    added = [p for p in after["techniques"] if p["text"] == "waste of money"]
    assert added and added[0]["source"] == "manual" and added[0]["label"] == "Loaded_Language"
    assert {k: v for k, v in after.items() if k not in ("techniques", "annotation")} == {
        k: v for k, v in before.items() if k not in ("techniques", "annotation")}
    # the Label Studio user who added the span is named, as a person (schema 1.2.0)
    assert after["annotation"]["agents"][-1]["name"] == "ls-user-1"
    assert after["annotation"]["agents"][-1]["kind"] == "person"
    assert after["techniques"][:len(before["techniques"])] == before["techniques"]
    # the record names the Label Studio annotator (user 1) beside the annotators it had
    assert after["annotation"]["annotators"] == [*before["annotation"]["annotators"], "ls-user-1"]


LABEL_STUDIO_STEP = label_studio


def fmt(c: Contribution) -> None:
    c.cli("fmt", f"corpus/{c.article_id}.json")
    assert run_cli("fmt", "--check").returncode == 0


def validate(c: Contribution) -> None:
    c.cli("validate", "--strict")


def build(c: Contribution) -> None:
    c.cli("build")
    man = json.loads((c.repo / "data" / "MANIFEST.json").read_text(encoding="utf-8"))
    last = released_versions(c.repo)[-1]
    assert (man["release"], man["built_after"], man["version"]) == (None, last, __version__)
    assert f"Unreleased data (built after release {last})" in (c.repo / "README.md").read_text(encoding="utf-8")


def commit(c: Contribution) -> None:
    listed = (*CONTRIBUTION_FILES, *BUILD_CHANGES)
    mine = [p.replace("<name>", c.seed_name).replace("<id>", c.article_id) for p in listed]
    for path in c.changed():  # the build changed nothing outside the list
        assert any(path == p or (p.endswith("/") and path.startswith(p)) for p in mine), path
    command = commit_command().replace("<name>", c.seed_name).replace("<id>", c.article_id)
    c.git(*shlex.split(command)[1:])
    assert all(line[0] != "?" and line[1] == " " for line in c.git("status", "--porcelain").splitlines())
    c.git("commit", "-qm", f"Add {c.article_id}")
    assert c.changed() == [], "files left out of CONTRIBUTING's `git add`"


def ci_checks(c: Contribution) -> None:
    """What .ci/run checks after the tests: `newsframes validate`, `newsframes build --check`."""
    c.cli("validate")
    assert "up to date" in c.cli("build", "--check")
    touched = c.git("diff", "--name-only", "HEAD~1", "HEAD").split()
    assert not [p for p in touched if p in ("pyproject.toml", "src/newsframes/__init__.py")
                or p.startswith("releases/")], touched  # no version chosen, no release cut
    assert f"seeds/{c.seed_name}.txt" in touched and f"corpus/{c.article_id}.json" in touched
    assert c.changed() == []


STEPS = [add, annotate, annotate_by_hand, fmt, validate, build, commit, ci_checks]


def steps() -> list:
    """STEPS with the Label Studio step after the hand annotation, when there is one."""
    out = list(STEPS)
    if LABEL_STUDIO_STEP is not None:
        out.insert(out.index(annotate_by_hand) + 1, LABEL_STUDIO_STEP)
    return out


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_contribution_goes_green_without_a_version_change(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    repo = copy_repository(tmp_path / "repo")
    monkeypatch.chdir(repo)
    c = Contribution(repo)
    for step in steps():
        step(c)
        print(f"e2e: {step.__name__} done; changed: {len(c.changed())} path(s)")
    assert (ROOT / "corpus" / f"{ARTICLE_ID}.json").exists() is False  # never in the real corpus
