"""`newsframes diff REF` on a throw-away git repository."""

from __future__ import annotations

import json
import subprocess

import pytest
from test_build_support import isolate, make_project

from newsframes.cli import main
from newsframes.jsonio import write_record


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
                        "HOME": str(root), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def repo(tmp_path):
    root = make_project(tmp_path)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "v1")
    _git(root, "tag", "v1")
    return root


def _diff(root, capsys, *args):
    capsys.readouterr()
    rc = main(["diff", *args, "--corpus", str(root / "corpus")])
    return rc, capsys.readouterr()


def test_no_change(repo, capsys):
    rc, out = _diff(repo, capsys, "v1")
    assert rc == 0 and "no change in the corpus since v1" in out.out


def test_added_removed_changed_with_layer_counts(repo, capsys):
    corpus = repo / "corpus"
    second = sorted(p.stem for p in corpus.glob("*.json"))[1]
    path = corpus / "fixture-valid-001.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["techniques"][0]["label"] = "Exaggeration-Minimisation"  # one edit: +1/-1
    record["mentions"].pop()  # one removal: +0/-1
    write_record(path, record)
    (corpus / f"{second}.json").rename(corpus / "fixture-valid-777.json")
    (corpus / f"{second}.txt").rename(corpus / "fixture-valid-777.txt")

    rc, out = _diff(repo, capsys, "v1", "--format", "json")
    assert rc == 0
    data = json.loads(out.out)
    assert data["added"] == ["fixture-valid-777"]
    assert data["removed"] == [second]
    assert data["changed"] == ["fixture-valid-001"]
    changed = next(a for a in data["articles"] if a["id"] == "fixture-valid-001")["layers"]
    assert changed["techniques"] == {"added": 1, "removed": 1}
    assert changed["mentions"] == {"added": 0, "removed": 1}
    assert changed["text"] == {"added": 0, "removed": 0}
    assert changed["claims"] == {"added": 0, "removed": 0}
    added = next(a for a in data["articles"] if a["id"] == "fixture-valid-777")["layers"]
    assert added["mentions"] == {"added": 5, "removed": 0}

    rc, out = _diff(repo, capsys, "v1")
    lines = out.out.splitlines()
    assert lines[0].split()[:4] == ["article", "status", "text", "mentions"]
    row = next(x for x in lines if x.startswith("fixture-valid-001"))
    assert row.split()[1:4] == ["changed", ".", "+0/-1"]
    assert "1 added, 1 removed, 1 changed" in lines[-1]


def test_bad_ref_and_not_a_repo(repo, tmp_path, capsys):
    rc, out = _diff(repo, capsys, "no-such-tag")
    assert rc == 2 and "unknown git revision 'no-such-tag'" in out.err
    other = make_project(tmp_path / "nogit")
    rc, out = _diff(other, capsys, "HEAD")
    assert rc == 2 and "not inside a git repository" in out.err
