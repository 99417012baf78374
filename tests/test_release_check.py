"""`newsframes release-check VERSION`: data/ compared file by file with a release manifest."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_validate_support import cli

ROOT = Path(__file__).resolve().parents[1]


def test_repository_data_against_its_releases(tmp_path):
    """1.0.0 had other JSONL file names: each one is named; a missing release exits 2."""
    out = cli("release-check", "1.0.0", cwd=ROOT, cache=tmp_path)
    assert out.returncode == 1
    assert "data/jsonl/articles/train.jsonl: missing" in out.stdout
    assert "differs from release 1.0.0" in out.stderr
    out = cli("release-check", "0.0.1", cwd=ROOT, cache=tmp_path)
    assert out.returncode == 2 and "no such release" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_changed_missing_or_extra_file_is_named(tmp_path):
    import json

    manifest = json.loads((ROOT / "releases" / "1.0.0.json").read_text(encoding="utf-8"))
    version = manifest["version"]
    # a data folder rebuilt from the release's own listing: copy the files it names from git
    data = tmp_path / "data"
    from newsframes.gitutil import git

    commit = git(ROOT, "log", "--diff-filter=A", "--format=%H", "--", f"releases/{version}.json").split()[-1]
    for rel in manifest["files"]:
        blob = git(ROOT, "show", f"{commit}:{rel}", binary=True)
        dest = data / Path(rel).relative_to("data")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(blob)
    ok = cli("release-check", version, "--data", str(data), cwd=ROOT, cache=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert f"identical to release {version}" in ok.stdout and commit[:12] in ok.stdout

    first, second = sorted(manifest["files"])[:2]
    p = data / Path(first).relative_to("data")
    p.write_bytes(p.read_bytes() + b"x")
    (data / Path(second).relative_to("data")).unlink()
    (data / "extra.parquet").write_bytes(b"")
    bad = cli("release-check", version, "--data", str(data), cwd=ROOT, cache=tmp_path)
    assert bad.returncode == 1
    assert f"{first}: differs" in bad.stdout
    assert f"{second}: missing" in bad.stdout
    assert "data/extra.parquet: not part of the release" in bad.stdout
    shutil.rmtree(data)
