"""The build validates the annotation passes beside the corpus: a broken pass stops it,
with the pass's error; a valid one does not change data/."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_build_support import age, isolate, make_project, run_cli, snapshot

from newsframes.jsonio import write_record

ROOT = Path(__file__).resolve().parents[1]
PASSES = ROOT / "tests" / "fixtures" / "valid" / "annotations"


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


def test_broken_pass_stops_the_build_and_a_valid_one_changes_nothing(tmp_path, capsys):
    root = make_project(tmp_path)
    assert run_cli(root, "build") == 0
    before = snapshot(root / "data")
    shutil.copytree(PASSES, root / "annotations")
    path = root / "annotations" / "fixture-valid-001" / "pass-1.json"
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["annotation"]["pass"]["id"] = "pass-2"
    write_record(path, rec)
    capsys.readouterr()
    assert run_cli(root, "build") != 0
    out = capsys.readouterr()
    assert "NF503" in out.out + out.err and "pass-1.json" in out.out + out.err
    assert snapshot(root / "data") == before
    rec["annotation"]["pass"]["id"] = "pass-1"
    write_record(path, rec)
    assert run_cli(root, "build") == 0
    assert snapshot(root / "data") == before


def test_a_rebuild_checks_only_the_passes_that_changed(tmp_path, capsys, monkeypatch):
    """Pass results are kept with the build's validation results, keyed by the bytes of
    the pass and of its text: an unchanged pass is not checked again, an edited one is
    (and its error stops the build), and its earlier bytes find their earlier results."""
    from newsframes.validate import passes

    root = make_project(tmp_path)
    shutil.copytree(PASSES, root / "annotations")
    checked: list[str] = []
    real = passes._checked

    def counting(path, *args):
        checked.append(Path(path).name)
        return real(path, *args)

    monkeypatch.setattr(passes, "_checked", counting)
    assert run_cli(root, "build") == 0
    first = sorted(checked)
    assert first and all(n.endswith(".json") for n in first)
    checked.clear()
    assert run_cli(root, "build") == 0
    assert checked == []  # every pass from the results snapshot
    path = root / "annotations" / "fixture-valid-001" / "pass-1.json"
    good = path.read_bytes()
    rec = json.loads(good)
    rec["annotation"]["pass"]["id"] = "pass-2"
    write_record(path, rec)
    capsys.readouterr()
    assert run_cli(root, "build") != 0
    out = capsys.readouterr()
    assert checked == ["pass-1.json"] and "NF503" in out.out + out.err
    checked.clear()
    path.write_bytes(good)
    assert run_cli(root, "build") == 0
    assert checked == ["pass-1.json"]  # the snapshot keeps the entries of the last run only
    checked.clear()
    assert run_cli(root, "build") == 0
    assert checked == []


def test_a_rebuild_with_nothing_changed_opens_no_record_text_or_pass(tmp_path):
    """A rebuild finds every unchanged record, text and pass through the digest indexes
    and the snapshots: it opens none of them (Python's audit hook sees every open()).
    A check that parsed every record on every run slipped in once and cost a rebuild at
    2,000 articles 4.6 s; this catches any such pass over the corpus."""
    import os
    import subprocess
    import sys

    root = make_project(tmp_path)
    age(root / "corpus")
    shutil.copytree(PASSES, root / "annotations")
    age(root / "annotations")
    code = f"""
import json, sys
from newsframes.cli import main
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].startswith({str(root)!r}):
        rel = args[0][len({str(root)!r}) + 1:]
        if rel.startswith(("corpus/", "annotations/")):
            opened.append(rel)
sys.addaudithook(hook)
assert main(["build", "--corpus", {str(root / "corpus")!r}]) == 0
print(json.dumps(sorted(set(opened))))
"""
    env = dict(os.environ)
    first = subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "corpus/fixture-valid-001.json" in json.loads(first.stdout.splitlines()[-1])  # the hook works
    again = subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr[-2000:]
    assert json.loads(again.stdout.splitlines()[-1]) == []
