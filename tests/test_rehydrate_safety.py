"""`newsframes rehydrate` under hostile folders (issues 24 and 25): it writes only into
the real data folder it is given and the card of that data, never through a link; it
copies nothing a link points to; it leaves another README.md beside the folder alone; a
copy that is a FIFO, a device or a huge file is skipped, never read without end; and the
folder a killed rehydrate left (restored text the policy withholds) is removed by the
next rehydrate or build. The kill -9 itself is in tests/test_build_kill.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_build_support import isolate, run_cli, snapshot
from test_rights import ARTICLE, _repo_project, _sentences

from newsframes.cli import main


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


@pytest.fixture
def built(tmp_path):
    root = _repo_project(tmp_path)
    assert run_cli(root, "build") == 0
    return root


def rehydrate(capsys, data: Path, texts: Path):
    capsys.readouterr()
    code = main(["rehydrate", "--texts", str(texts), "--data", str(data)])
    return code, capsys.readouterr()


def test_a_linked_data_folder_is_refused(built, tmp_path, capsys):
    away = tmp_path / "away"
    shutil.move(str(built / "data"), away)
    (built / "data").symlink_to(away, target_is_directory=True)
    before = snapshot(away)
    code, cap = rehydrate(capsys, built / "data", built / "seeds")
    assert code == 1 and "a symbolic link (to " in cap.err and "nothing was written" in cap.err
    assert snapshot(away) == before and (built / "data").is_symlink()


def test_a_link_inside_the_data_folder_is_refused_and_not_copied(built, tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("a private file outside the data folder\n", encoding="utf-8")
    (built / "data" / "notes.txt").symlink_to(secret)
    os.mkfifo(built / "data" / "pipe")
    before = {p: os.readlink(p) if p.is_symlink() else None for p in (built / "data").iterdir()}
    code, cap = rehydrate(capsys, built / "data", built / "seeds")
    assert code == 1, cap.out
    assert "notes.txt: a symbolic link (to " in cap.err and "pipe: a FIFO (named pipe) in the data folder" in cap.err
    assert {p: os.readlink(p) if p.is_symlink() else None for p in (built / "data").iterdir()} == before
    assert not [p for p in built.iterdir() if p.name.startswith(".data.")]


def test_another_readme_beside_the_folder_is_left_alone(tmp_path, capsys):
    root = _repo_project(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    notes = "---\nconfigs:\n- config_name: other\n  data_files: [{split: train, path: data/x.parquet}]\n" \
            "dataset_info:\n- config_name: other\n  splits: [{name: train, num_bytes: 1}]\n---\n# Another project\n"
    (shared / "README.md").write_text(notes, encoding="utf-8")
    assert run_cli(root, "build", "--out", str(shared / "data")) == 0
    code, cap = rehydrate(capsys, shared / "data", root / "seeds")
    assert code == 0, cap.err
    assert "restored the text of 1 article(s)" in cap.out and "updated the sizes" not in cap.out
    assert (shared / "README.md").read_text(encoding="utf-8") == notes


def test_a_linked_card_is_refused(built, tmp_path, capsys):
    away = tmp_path / "card.md"
    shutil.move(str(built / "README.md"), away)
    (built / "README.md").symlink_to(away)
    before, data = away.read_bytes(), snapshot(built / "data")
    code, cap = rehydrate(capsys, built / "data", built / "seeds")
    assert code == 1 and "README.md: a symbolic link" in cap.err
    assert away.read_bytes() == before and snapshot(built / "data") == data


def test_odd_copies_are_skipped_not_read(built, tmp_path, capsys):
    texts = tmp_path / "copies"
    texts.mkdir()
    shutil.copyfile(built / "corpus" / f"{ARTICLE}.txt", texts / "mine.txt")
    os.mkfifo(texts / "pipe.txt")  # would block a read for ever
    (texts / "zero.txt").symlink_to("/dev/zero")  # would never end
    with open(texts / "huge.txt", "wb") as fh:  # sparse: 17 MiB on no disk
        fh.truncate(17 * 1024 * 1024)
    code, cap = rehydrate(capsys, built / "data", texts)
    assert code == 0, cap.err
    assert "huge.txt: larger than 16 MiB: not an article text" in cap.err
    assert "restored the text of 1 article(s)" in cap.out


def test_the_folder_of_a_killed_rehydrate_is_removed(built, tmp_path, capsys):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    sentence = _sentences()[0]
    for step in ("rehydrate", "build"):
        stale = built / f".data.rehydrate-{dead.pid}-x1"
        (stale / "jsonl" / "articles").mkdir(parents=True)
        (stale / "jsonl" / "articles" / "train-00000-of-00001.jsonl").write_text(sentence, encoding="utf-8")
        if step == "rehydrate":
            code, cap = rehydrate(capsys, built / "data", built / "seeds")
            assert code == 0, cap.err
        else:
            assert run_cli(built, "build") == 0
        assert not stale.exists(), step
