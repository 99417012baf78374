"""`build --out DIR` never replaces a folder that is not its own (issue 18, item 2):
`--out corpus` used to delete the records and `--out .` the whole project, .git
included, with exit 0. Refused (exit 2, nothing touched): the project folder, corpus/,
seeds/, schema/, releases/, a folder holding any of them or a .git, a folder inside them,
and an existing non-empty folder that is not a data folder a previous build wrote (no
MANIFEST.json of newsframes). A new folder, an empty one and a previous data folder work."""

from __future__ import annotations

import json
import os

import pytest
from test_build_support import isolate, make_project

from newsframes.cli import main


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


def tree(folder):
    """Every path under `folder` with its bytes (None for a folder), caches excepted."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d not in ("nfcache", "hf")]
        out[os.path.relpath(dirpath, folder)] = None
        for f in filenames:
            p = os.path.join(dirpath, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, folder)] = fh.read()
    return out


@pytest.fixture
def root(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    for name in ("seeds", "schema", "releases"):
        (root / name).mkdir()
        (root / name / "keep.txt").write_text("uncommitted work\n", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def build_out(out, capsys):
    code = main(["build", "--out", str(out)])
    return code, capsys.readouterr()


@pytest.mark.parametrize("out", [".", "corpus", "seeds", "schema", "releases", "..", "corpus/data",
                                 "seeds/x/data", ".git", "/"])
def test_refused_and_nothing_touched(root, tmp_path, capsys, out):
    before = tree(tmp_path)
    code, cap = build_out(out, capsys)
    assert code == 2, cap.err
    assert "--out" in cap.err and "refusing" in cap.err and "Traceback" not in cap.err
    assert tree(tmp_path) == before


def test_random_non_empty_folder_is_refused(root, tmp_path, capsys):
    other = tmp_path / "photos"
    other.mkdir()
    (other / "cat.jpg").write_bytes(b"\xff\xd8 not really a cat")
    before = tree(tmp_path)
    code, cap = build_out(other, capsys)
    assert code == 2 and "MANIFEST.json" in cap.err
    assert tree(tmp_path) == before


def test_folder_holding_git_is_refused(root, tmp_path, capsys):
    other = tmp_path / "repo"
    (other / ".git").mkdir(parents=True)
    code, cap = build_out(other, capsys)
    assert code == 2 and ".git" in cap.err
    assert (other / ".git").is_dir() and not (other / "MANIFEST.json").exists()


def test_foreign_manifest_is_refused(root, tmp_path, capsys):
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "MANIFEST.json").write_text(json.dumps({"name": "another-tool", "files": {}}), encoding="utf-8")
    code, cap = build_out(other, capsys)
    assert code == 2 and "MANIFEST.json" in cap.err
    assert json.loads((other / "MANIFEST.json").read_text(encoding="utf-8"))["name"] == "another-tool"


def test_a_file_is_refused(root, tmp_path, capsys):
    f = tmp_path / "notes.txt"
    f.write_text("mine\n", encoding="utf-8")
    code, cap = build_out(f, capsys)
    assert code == 2 and "not a folder" in cap.err
    assert f.read_text(encoding="utf-8") == "mine\n"


def test_new_empty_and_previous_data_folders_work(root, tmp_path, capsys):
    fresh = tmp_path / "out" / "data"
    code, cap = build_out(fresh, capsys)
    assert code == 0, cap.err
    assert json.loads((fresh / "MANIFEST.json").read_text(encoding="utf-8"))["name"] == "newsframes"
    code, cap = build_out(fresh, capsys)  # a previous data folder
    assert code == 0, cap.err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, cap = build_out(empty, capsys)
    assert code == 0, cap.err and (empty / "MANIFEST.json").is_file()
    assert (root / "seeds" / "keep.txt").is_file() and (root / "corpus" / "fixture-valid-001.json").is_file()


def test_default_data_folder_still_works(root, capsys):
    assert main(["build"]) == 0, capsys.readouterr().err
    assert main(["build"]) == 0
    assert (root / "data" / "MANIFEST.json").is_file()


def test_a_large_data_folder_of_a_previous_build_works(root, tmp_path, capsys):
    """At 100,000 articles MANIFEST.json is about 75 MB (each group lists its articles'
    facts): the guard read at most 64 MiB and refused the next build of that folder
    ("not a data folder a previous build wrote"). A large manifest is now recognised by
    its first lines as `manifest.dumps` writes them; a large foreign file still is not."""
    from newsframes.dataset import manifest

    out = tmp_path / "big" / "data"
    code, cap = build_out(out, capsys)
    assert code == 0, cap.err
    man = json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))
    man["text_withheld"] = ["@@PAD@@"]
    pre, post = manifest.dumps(man).split('"@@PAD@@"')
    entry = '{"id": "synthetic-000000", "text_sha256": "' + "0" * 64 + '"},\n    '
    size = 65 * 1024 * 1024  # past the old limit of 64 MiB
    with open(out / "MANIFEST.json", "w", encoding="utf-8") as fh:  # valid JSON, written in pieces
        fh.write(pre)
        for _ in range(size // (len(entry) * 10_000) + 1):
            fh.write(entry * 10_000)
        fh.write(entry.rstrip().rstrip(",") + post)
    assert json.loads((out / "MANIFEST.json").read_bytes())["name"] == "newsframes"
    assert (out / "MANIFEST.json").stat().st_size > size
    code, cap = build_out(out, capsys)
    assert code == 0, cap.err
    assert (out / "MANIFEST.json").stat().st_size < 1024 * 1024  # replaced by this build's
    other = tmp_path / "other"
    other.mkdir()
    (other / "MANIFEST.json").write_bytes(b'{\n  "name": "another-tool",\n' + b" " * size + b"}")
    code, cap = build_out(other, capsys)
    assert code == 2 and "MANIFEST.json" in cap.err
