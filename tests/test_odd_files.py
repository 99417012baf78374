"""Odd files where a record should be (issue 18, items 4 and 12): a FIFO, a socket, a
device or a folder named like a record is never opened (a FIFO would block forever, a
device like /dev/zero never ends); every command reports it as NF101 and exits. A record
nested 100,000 levels deep is NF110 for `stats`, `view` and `diff` too, as for
`validate` and `build`, not an "internal error: RecursionError".

The CLI runs in a subprocess with a timeout: only a safety net, so that a regression
fails the test instead of hanging the suite (no timing is asserted)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess

import pytest
from cli_helpers import run_cli
from test_build_support import isolate, make_project, snapshot
from test_validate_support import cli

ODD = "odd-one"
COMMANDS = {
    "build": ["build"],
    "build --check": ["build", "--check"],
    "diff": ["diff", "HEAD"],
    "stats": ["stats"],
    "validate": ["validate"],
}


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


def _git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A built project under git (made once for this file's tests)."""
    base = tmp_path_factory.mktemp("odd-template")
    root = make_project(base)
    assert cli("build", cwd=root, cache=base / "nfcache").returncode == 0
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "start")
    return root


@pytest.fixture
def project(template, tmp_path):
    """A copy of the template, with a good copy of a record's text as odd-one.txt."""
    root = tmp_path / "proj"
    shutil.copytree(template, root, symlinks=True)
    shutil.copyfile(root / "corpus" / "fixture-valid-001.txt", root / "corpus" / f"{ODD}.txt")
    return root


def make_odd(path, kind, monkeypatch, keep):
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        monkeypatch.chdir(path.parent)  # a socket path is limited to ~100 bytes: bind by name
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(path.name)
        keep.append(s)
    elif kind == "device":
        os.symlink("/dev/zero", path)  # a character device that never ends
    elif kind == "folder":
        path.mkdir()


def _run(root, tmp_path, args):
    try:
        return cli(*args, cwd=root, cache=tmp_path / "nfcache")
    except subprocess.TimeoutExpired:
        pytest.fail(f"`newsframes {' '.join(args)}` hung on an odd file")


CASES = ([("fifo", "json", c) for c in COMMANDS] + [("fifo", "txt", c) for c in ("build --check", "stats", "diff")]
         + [(k, "json", c) for k in ("socket", "device", "folder") for c in ("build --check", "stats", "diff")])


@pytest.mark.parametrize("kind,ext,command", CASES, ids=lambda x: x.replace(" ", ""))
def test_odd_file_is_nf101_and_nothing_hangs(project, tmp_path, monkeypatch, kind, ext, command):
    root = project
    before = snapshot(root / "data")
    odd = root / "corpus" / f"{ODD}.{ext}"
    if ext == "txt":
        odd.unlink()
        shutil.copyfile(root / "corpus" / "fixture-valid-001.json", root / "corpus" / f"{ODD}.json")
    keep: list = []
    make_odd(odd, kind, monkeypatch, keep)
    try:
        r = _run(root, tmp_path, COMMANDS[command])
    finally:
        for s in keep:
            s.close()
    assert r.returncode != 0, r.stdout + r.stderr
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr, r.stderr
    said = r.stdout + r.stderr  # validate reports on stdout, the others on stderr
    assert "NF101" in said and f"{ODD}.{ext}" in said and "not a regular file" in said, said
    assert snapshot(root / "data") == before


@pytest.fixture
def deep_project(project):
    root = project
    (root / "corpus" / f"{ODD}.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    return root


@pytest.mark.parametrize("args", [["stats"], ["view", ODD, "-o", "-"], ["diff", "HEAD"], ["validate"]],
                         ids=lambda a: a[0])
def test_deep_nesting_is_nf110_everywhere(deep_project, monkeypatch, args):
    root = deep_project
    monkeypatch.chdir(root)
    r = run_cli(*args)
    assert r.returncode != 0
    assert "internal error" not in r.stderr and "RecursionError" not in r.stderr, r.stderr
    assert "NF110" in r.stderr + r.stdout and f"{ODD}.json" in r.stderr + r.stdout


@pytest.mark.parametrize("command", ["view", "annotate"])
def test_view_and_annotate_of_a_fifo_do_not_hang(project, tmp_path, command):
    root = project
    os.mkfifo(root / "corpus" / f"{ODD}.json")
    r = _run(root, tmp_path, [command, ODD, *(["-o", str(tmp_path / "x.html")] if command == "view" else [])])
    assert r.returncode != 0 and "NF101" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert not (tmp_path / "x.html").exists()


def test_annotate_of_a_deep_record_is_nf110(deep_project, monkeypatch):
    monkeypatch.chdir(deep_project)
    r = run_cli("annotate", ODD)
    assert r.returncode != 0 and "NF110" in r.stderr and "internal error" not in r.stderr, r.stderr
