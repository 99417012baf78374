"""`newsframes publish`: the dry run and the refusals (the Hub is not reachable here)."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from test_build_support import isolate, make_project, run_cli

from newsframes import __version__

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


def _publish(root, capsys, *args):
    capsys.readouterr()
    rc = run_cli(root, "publish", "--repo-id", "example-org/newsframes", *args)
    return rc, capsys.readouterr()


def test_refused_without_release_manifest(tmp_path, capsys):
    root = make_project(tmp_path)
    assert run_cli(root, "build") == 0
    rc, out = _publish(root, capsys, "--dry-run")
    assert rc == 1
    assert f"releases/{__version__}.json does not exist" in out.err
    assert out.out == ""


def test_refused_when_build_check_fails(tmp_path, capsys):
    root = make_project(tmp_path)
    assert run_cli(root, "build", "--release") == 0
    (root / "data" / "claims" / "train-00000-of-00001.parquet").write_text("{}\n", encoding="utf-8")
    rc, out = _publish(root, capsys, "--dry-run")
    assert rc == 1
    assert "build --check` fails" in out.err and "data/claims/train-00000-of-00001.parquet: differs" in out.err


def test_dry_run_lists_exact_files_and_tag(tmp_path, capsys):
    root = make_project(tmp_path)
    (root / "DATASHEET.md").write_text("# Datasheet\n", encoding="utf-8")
    (root / "schema").mkdir()
    (root / "schema" / "README.md").write_text("schema docs\n", encoding="utf-8")
    (root / "notes.txt").write_text("not published\n", encoding="utf-8")
    assert run_cli(root, "build", "--release") == 0
    rc, out = _publish(root, capsys, "--dry-run")
    assert rc == 0, out.err
    lines = out.out.splitlines()
    listed = {}
    for line in lines[:-1]:
        path, size, sha, text = line.split()
        listed[path] = (int(size), sha)
        assert text == ("text" if path.endswith(".parquet") else "-")  # public-domain fixture
    data_files = {p.relative_to(root).as_posix() for p in (root / "data").rglob("*") if p.is_file()}
    expected = {"README.md", "DATASHEET.md", "schema/README.md", f"releases/{__version__}.json"} | data_files
    assert set(listed) == expected
    for path, (size, sha) in listed.items():
        data = (root / path).read_bytes()
        assert size == len(data) and sha == hashlib.sha256(data).hexdigest()
    assert re.search(rf"tag it v{re.escape(__version__)}; .* carry article text, 0 withhold .*; nothing was sent$",
                     lines[-1])


def test_dry_run_publishes_the_annotation_passes_beside_data(tmp_path, capsys):
    """annotations/<id>/<pass>.json (and an adjudication log) go to the Hub as they are."""
    root = make_project(tmp_path)
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid" / "annotations", root / "annotations")
    (root / "annotations" / "fixture-valid-001" / "adjudication.md").write_text("# Adjudication\n", encoding="utf-8")
    assert run_cli(root, "build", "--release") == 0
    rc, out = _publish(root, capsys, "--dry-run")
    assert rc == 0, out.err
    listed = {line.split()[0] for line in out.out.splitlines()[:-1]}
    assert {"annotations/fixture-valid-001/pass-1.json", "annotations/fixture-valid-001/adjudication.md"} <= listed
    # the data/ built is the same with or without passes: they are not rows of any config
    from newsframes.dataset.rowview import jsonl

    assert not any(b"pass-1" in line for p in (root / "data").rglob("*.parquet") for line in jsonl(p))


def test_offline_upload_fails_cleanly(tmp_path, capsys):
    root = make_project(tmp_path)
    assert run_cli(root, "build", "--release") == 0
    rc, out = _publish(root, capsys, "--token", "hf_not_a_real_token")
    assert rc == 1 and "upload to example-org/newsframes failed" in out.err
    assert "hf_not_a_real_token" not in out.err + out.out


def test_bad_repo_id(tmp_path, capsys):
    root = make_project(tmp_path)
    rc = run_cli(root, "publish", "--repo-id", "no-slash", "--dry-run")
    assert rc == 2 and "expected ORG/NAME" in capsys.readouterr().err


def test_refused_for_unreleased_data(tmp_path, capsys):
    """Issue 13: after a release, contributions build unreleased data (build --check
    passes); publishing it under the released version is refused."""
    import json

    from newsframes.jsonio import write_record

    root = make_project(tmp_path)
    assert run_cli(root, "build", "--release") == 0
    path = root / "corpus" / "fixture-valid-001.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["genre"]["note"] = "a contribution after the release"
    write_record(path, record)
    assert run_cli(root, "build") == 0
    assert run_cli(root, "build", "--check") == 0
    rc, out = _publish(root, capsys, "--dry-run")
    assert rc == 1 and out.out == ""
    assert f"is not release {__version__}" in out.err and "unreleased data is never published" in out.err
