"""Versioning that fits pull requests (issue 13): data built between releases is marked
unreleased (data/MANIFEST.json, the card) and passes `build --check`; released manifests
under releases/ are never edited; data declared released must be the release; the
`build --check` hint names the files a contribution commits (one constant)."""

from __future__ import annotations

import json
import subprocess

import pytest
from test_build_support import README_PROSE, isolate, make_project, run_cli

from newsframes import __version__
from newsframes.dataset.card import RELEASE_END, RELEASE_START
from newsframes.dataset.outputs import BUILD_CHANGES, commit_command
from newsframes.jsonio import write_record

CARD = "# Test card\n\n" + RELEASE_START + "\n" + RELEASE_END + "\n\n" + README_PROSE


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


def _check(root, capsys):
    capsys.readouterr()
    rc = run_cli(root, "build", "--check")
    return rc, capsys.readouterr().err


def _manifest(root):
    return json.loads((root / "data/MANIFEST.json").read_text(encoding="utf-8"))


def _contribute(root, note="a contribution after the release"):
    path = root / "corpus" / "fixture-valid-001.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["genre"]["note"] = note
    write_record(path, record)


@pytest.fixture
def released(tmp_path):
    root = make_project(tmp_path, readme=CARD)
    assert run_cli(root, "build", "--release") == 0
    return root


def _release_text(root):
    return (root / "README.md").read_text(encoding="utf-8").split(RELEASE_START)[1].split(RELEASE_END)[0]


def test_card_and_manifest_say_released_then_unreleased(released, capsys):
    assert _manifest(released)["release"] == __version__
    assert f"**Release {__version__}.**" in _release_text(released)
    assert "`datasets` ignores `revision` for a folder" in _release_text(released)
    _contribute(released)
    assert run_cli(released, "build") == 0
    man = _manifest(released)
    assert (man["release"], man["built_after"]) == (None, __version__)
    text = _release_text(released)
    assert f"Unreleased data (built after release {__version__})" in text and '"release": null' in text
    # the pinning advice works for a clone too (`revision` does nothing there: test_load_dataset)
    assert f'from the Hub, load `revision="v{__version__}"`' in text and f"`git checkout v{__version__}`" in text
    assert _check(released, capsys)[0] == 0


def test_stale_release_line_is_named(released, capsys):
    card = released / "README.md"
    card.write_text(card.read_text(encoding="utf-8").replace("**Release", "**Releas"), encoding="utf-8")
    rc, err = _check(released, capsys)
    assert rc == 1 and "README.md: its release line (unreleased / release X.Y.Z) differs" in err


def test_no_release_yet_is_unreleased(tmp_path, capsys):
    root = make_project(tmp_path, readme=CARD)
    assert run_cli(root, "build") == 0
    assert (_manifest(root)["release"], _manifest(root)["built_after"]) == (None, None)
    assert "no version has been released yet" in _release_text(root)
    assert _check(root, capsys)[0] == 0


def test_built_after_is_the_newest_release(released, capsys):
    rel = released / "releases"
    old = json.loads((rel / f"{__version__}.json").read_text(encoding="utf-8"))
    (rel / "0.9.0.json").write_text(json.dumps({**old, "version": "0.9.0"}), encoding="utf-8")
    _contribute(released)
    assert run_cli(released, "build") == 0
    assert _manifest(released)["built_after"] == __version__  # not 0.9.0: versions compare as numbers
    assert _check(released, capsys)[0] == 0


def test_edited_release_manifest_fails_check(released, capsys):
    path = released / "releases" / f"{__version__}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["articles"][0]["record_sha256"] = "0" * 64  # an edit that keeps the file valid JSON
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    rc, err = _check(released, capsys)
    assert rc == 1
    assert f"releases/{__version__}.json: its corpus_digest does not match its article list" in err


def test_release_manifest_naming_another_version_fails_check(released, capsys):
    path = released / "releases" / f"{__version__}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    (released / "releases" / "0.0.1.json").write_text(json.dumps(data), encoding="utf-8")
    rc, err = _check(released, capsys)
    assert rc == 1 and f"releases/0.0.1.json: records version '{__version__}', not '0.0.1'" in err


def test_data_declared_released_must_be_the_release(released, capsys):
    _contribute(released)  # the corpus changes, data/ (declaring the release) is not rebuilt
    rc, err = _check(released, capsys)
    assert rc == 1
    assert (f"data/MANIFEST.json declares release {__version__}, but the data built now differs from "
            f"releases/{__version__}.json") in err
    assert "fixture-valid-001: record_sha256 changed" in err
    assert commit_command() in err  # the closing hint names the files to commit


def _git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def _git_repo(root):
    _git(root, "init", "-q")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "release")
    _git(root, "tag", f"v{__version__}")


def test_release_manifest_differing_from_its_tag_fails_check(released, capsys):
    _git_repo(released)
    path = released / "releases" / f"{__version__}.json"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # same data, other bytes
    rc, err = _check(released, capsys)
    assert rc == 1
    assert f"releases/{__version__}.json: differs from the file at tag v{__version__}" in err


def test_tagged_head_must_build_the_release(released, capsys):
    _git_repo(released)
    assert _check(released, capsys)[0] == 0
    _contribute(released)
    assert run_cli(released, "build") == 0  # data/ now says unreleased: HEAD's tag says otherwise
    rc, err = _check(released, capsys)
    assert rc == 1 and f"HEAD is tagged v{__version__}, but the data built now differs" in err


def test_commit_list_is_what_the_build_changes():
    assert commit_command().startswith("git add seeds/")
    assert commit_command().endswith(" ".join(BUILD_CHANGES))
    assert set(BUILD_CHANGES) == {"data/", "README.md", "DATASHEET.md", "docs/fields.md", "docs/figures/"}
