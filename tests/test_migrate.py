"""`newsframes migrate --agents PLAN`: records to schema 1.2.0 (who annotated: people or
AI models), on copies of the valid fixture corpus and of the seed; real files, the real
validator."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsframes.cli import main
from newsframes.provenance import iter_sources, parse
from newsframes.validate import Config, validate_corpus

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "tests" / "fixtures" / "valid"
ID = "fixture-valid-001"
SEED = "lavrov-kyrgyzstan-visit"


def agent(name, kind, model=None, version=None, **extra):
    return {"name": name, "kind": kind, "model": model, "version": version, "note": None, **extra}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(VALID / "corpus", tmp_path / "corpus")
    shutil.copytree(VALID / "annotations", tmp_path / "annotations")
    return tmp_path


def plan(tmp_path: Path, agents: list[dict], adjudicators: dict | None = None) -> Path:
    path = tmp_path / "who.json"
    path.write_text(json.dumps({"agents": agents, "adjudicators": adjudicators or {}}), encoding="utf-8")
    return path


def run(project: Path, plan_path: Path, *extra: str) -> int:
    return main(["migrate", "--agents", str(plan_path), str(project / "corpus"), str(project / "annotations"),
                 *extra])


def record(project: Path, rel: str) -> dict:
    return json.loads((project / rel).read_text(encoding="utf-8"))


def files(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for sub in ("corpus", "annotations")
            for p in sorted((project / sub).rglob("*.json"))}


def kinds(rec: dict) -> dict[str, int]:
    out: dict[str, int] = {}
    for _, s in iter_sources(rec):
        out[parse(s).kind] = out.get(parse(s).kind, 0) + 1
    return out


def errors(project: Path, tmp_path: Path) -> list[str]:
    report = validate_corpus(project / "corpus", config=Config(cache_dir=str(tmp_path / "cache")))
    return [f"{i.code} {i.path} {i.message}" for i in report.issues if i.severity == "error"]


def test_people_keep_their_manual_sources(project, tmp_path, capsys):
    who = plan(tmp_path, [agent("newsframes maintainers", "person"), agent("fixture annotator", "person")])
    before = kinds(record(project, f"corpus/{ID}.json"))
    assert run(project, who) == 0
    gold = record(project, f"corpus/{ID}.json")
    assert gold["schema_version"] == "1.2.0"
    assert gold["annotation"]["agents"] == [agent("newsframes maintainers", "person")]
    assert kinds(gold) == before  # manual stays manual: a person made it
    assert record(project, f"annotations/{ID}/pass-1.json")["annotation"]["agents"][0]["name"] == "fixture annotator"
    assert errors(project, tmp_path) == []


def test_a_model_s_work_becomes_model_sources_and_a_second_run_changes_nothing(project, tmp_path, capsys):
    who = plan(tmp_path, [agent("robot", "model", "some-model", "unknown", was="newsframes maintainers"),
                          agent("fixture annotator", "person")])
    before = kinds(record(project, f"corpus/{ID}.json"))
    assert run(project, who) == 0
    out = capsys.readouterr()
    assert "says 'by hand'" in out.err  # the fixture's method text: named, not rewritten
    gold = record(project, f"corpus/{ID}.json")
    assert gold["annotation"]["annotators"] == ["robot"]
    after = kinds(gold)
    assert after.get("manual", 0) == after.get("tool+manual", 0) == 0
    assert after["model"] == before["manual"] and after["tool+model"] == before["tool+manual"]
    assert after["tool"] == before["tool"]  # unchecked tool output stays `tool:`
    assert "tool+model:newsframes-annotate/1.0.0,some-model/unknown" in {m["source"] for m in gold["mentions"]}
    assert errors(project, tmp_path) == []
    snapshot = files(project)
    assert run(project, who) == 0
    assert "0 record(s) migrated to schema 1.2.0, 2 already migrated" in capsys.readouterr().out
    assert files(project) == snapshot


def test_adjudicated_gold_names_its_adjudicator(project, tmp_path):
    gold = record(project, f"corpus/{ID}.json")
    gold["annotation"].update(status="adjudicated", adjudicated_from=["pass-1", "pass-2"], adjudication_log=None)
    (project / "corpus" / f"{ID}.json").write_text(json.dumps(gold), encoding="utf-8")
    shutil.copy(project / "annotations" / ID / "pass-1.json", project / "annotations" / ID / "pass-2.json")
    p2 = record(project, f"annotations/{ID}/pass-2.json")
    p2["annotation"]["pass"]["id"] = "pass-2"
    (project / "annotations" / ID / "pass-2.json").write_text(json.dumps(p2), encoding="utf-8")
    people = [agent("newsframes maintainers", "person"), agent("fixture annotator", "person")]
    assert run(project, plan(tmp_path, people)) == 1  # adjudicated: who adjudicated must be said
    assert run(project, plan(tmp_path, people, {ID: "newsframes maintainers"})) == 0
    assert record(project, f"corpus/{ID}.json")["annotation"]["adjudicator"] == "newsframes maintainers"
    assert errors(project, tmp_path) == []


@pytest.mark.parametrize("agents, expect", [
    ([agent("fixture annotator", "person")], "'newsframes maintainers' not in the plan"),
    # a person and a model: which of them made each `manual` annotation is not recorded
    ([agent("newsframes maintainers", "model", "m", "1"), agent("fixture annotator", "person")], None),
])
def test_refusals_write_nothing(project, tmp_path, capsys, agents, expect):
    gold = record(project, f"corpus/{ID}.json")
    gold["annotation"]["annotators"].append("fixture annotator")
    (project / "corpus" / f"{ID}.json").write_text(json.dumps(gold, indent=2), encoding="utf-8")
    if expect is None:
        expect = "which of them made each annotation is not recorded"
    snapshot = files(project)
    assert run(project, plan(tmp_path, agents)) == 1
    err = capsys.readouterr().err
    assert expect in err and "nothing written" in err
    assert files(project) == snapshot


@pytest.mark.parametrize("content, expect", [
    ("{not json", "cannot read the plan"),
    ('{"agents": [{"name": "x", "kind": "model", "model": null, "version": null, "note": null}]}',
     "a model agent needs its model"),
    ('{"agents": [{"name": "x", "kind": "robot", "model": null, "version": null, "note": null}]}',
     "'robot' is not person, model or unknown"),
    ('{"agents": [{"name": "x", "kind": "person", "model": null, "version": null}]}', "keys ['note'] missing"),
    ('{"agents": [], "adjudicators": {"a": "nobody"}}', "'nobody' is not an agent of the plan"),
])
def test_bad_plans_are_refused_with_their_place(project, tmp_path, capsys, content, expect):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    snapshot = files(project)
    assert run(project, bad) == 1
    assert expect in capsys.readouterr().err
    assert files(project) == snapshot


def test_dry_run_writes_nothing(project, tmp_path, capsys):
    snapshot = files(project)
    who = plan(tmp_path, [agent("newsframes maintainers", "person"), agent("fixture annotator", "person")])
    assert run(project, who, "--dry-run") == 0
    assert "would migrate" in capsys.readouterr().out
    assert files(project) == snapshot


def test_the_seed_is_migrated_by_its_plan(tmp_path, capsys):
    """The repository's plan (scripts/migrations/1.2.0-agents.json) applied to the seed's
    gold and passes as committed changes nothing: they are its migration."""
    for sub in ("corpus", f"annotations/{SEED}"):
        (tmp_path / sub).mkdir(parents=True)
    shutil.copy(ROOT / "corpus" / f"{SEED}.json", tmp_path / "corpus")
    for p in (ROOT / "annotations" / SEED).glob("*.json"):
        shutil.copy(p, tmp_path / "annotations" / SEED)
    snapshot = files(tmp_path)
    assert run(tmp_path, ROOT / "scripts" / "migrations" / "1.2.0-agents.json") == 0
    out = capsys.readouterr()
    assert "0 record(s) migrated" in out.out and "notice" not in out.err
    assert files(tmp_path) == snapshot


def test_hostile_plans_and_records_are_refused_without_a_hang(project, tmp_path, capsys):
    """A FIFO or a device as the plan, a plan nested 100,000 deep, a record that is a FIFO
    or a symbolic link: each a located refusal, nothing written, no traceback, no hang."""
    import os

    fifo = tmp_path / "plan.fifo"
    os.mkfifo(fifo)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000, encoding="utf-8")
    snapshot = files(project)
    for bad, expect in ((fifo, "not a regular file (a FIFO"), (Path("/dev/zero"), "a character device"),
                        (deep, "NF110")):
        assert run(project, bad) == 1
        assert expect in capsys.readouterr().err
    who = plan(tmp_path, [agent("newsframes maintainers", "person"), agent("fixture annotator", "person")])
    os.mkfifo(project / "corpus" / "fifo-000.json")
    (project / "corpus" / "link-000.json").symlink_to(project / "corpus" / f"{ID}.json")
    assert run(project, who) == 1
    err = capsys.readouterr().err
    assert "fifo-000.json: cannot read the record" in err and "link-000.json: a symbolic link" in err
    assert "nothing written" in err
    (project / "corpus" / "fifo-000.json").unlink()
    (project / "corpus" / "link-000.json").unlink()
    assert files(project) == snapshot


def test_a_rename_that_would_merge_two_annotators_is_refused(project, tmp_path, capsys):
    who = plan(tmp_path, [agent("a", "person", was="newsframes maintainers"), agent("newsframes maintainers",
                                                                                    "person")])
    assert run(project, who) == 1
    assert "is both an old name (`was`) and an agent's name" in capsys.readouterr().err


def test_a_record_holding_the_old_and_the_new_name_is_not_merged(project, tmp_path, capsys):
    """`was` renames an annotator; a record that already lists the new name beside the old
    one used to get the name twice (and two agents of it): written, exit 0, then NF341."""
    path = project / "corpus" / f"{ID}.json"
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["annotation"]["annotators"] = ["newsframes maintainers", "alice"]
    path.write_text(json.dumps(rec, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    snapshot = files(project)
    who = plan(tmp_path, [agent("alice", "person", was="newsframes maintainers"), agent("fixture annotator",
                                                                                        "person")])
    assert run(project, who) == 1
    err = capsys.readouterr().err
    assert "['alice', 'newsframes maintainers'] -> 'alice'" in err and "one annotator of two" in err, err
    assert files(project) == snapshot


def test_two_agents_with_one_old_name_are_refused(project, tmp_path, capsys):
    who = plan(tmp_path, [agent("a", "person", was="newsframes maintainers"),
                          agent("b", "model", "m", "1", was="newsframes maintainers")])
    assert run(project, who) == 1
    assert "'newsframes maintainers' is the old name (`was`) of two agents" in capsys.readouterr().err
