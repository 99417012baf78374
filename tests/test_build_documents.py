"""data/ and the documents a build writes (README.md card and generated blocks,
DATASHEET.md block, docs/figures/*.png) (issue 18, item 8). Every new document is
written to a temporary file beside its target before data/ is swapped in, so a
document that cannot be written stops the build with nothing replaced (the message says
so); the renames after the swap are the only step that can leave new data/ with old
documents, and then the message names what was and was not replaced.

The unwritable target is a folder in place of the file: that fails for root too (a
chmod does not stop root)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_build_support import isolate, snapshot

from newsframes.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "valid" / "corpus"


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


@pytest.fixture
def project(tmp_path, capsys):
    """A documents project (README.md and DATASHEET.md with their generated blocks, the
    figures), built once."""
    root = tmp_path / "proj"
    shutil.copytree(FIXTURE, root / "corpus")
    shutil.copy(ROOT / "README.md", root / "README.md")
    shutil.copy(ROOT / "DATASHEET.md", root / "DATASHEET.md")
    assert main(["build", "--corpus", str(root / "corpus")]) == 0
    assert main(["build", "--corpus", str(root / "corpus"), "--check"]) == 0
    capsys.readouterr()
    return root


def change_corpus(root: Path) -> None:
    """An edit that changes data/, the card's sizes, the stats blocks and one figure."""
    path = root / "corpus" / "fixture-valid-001.json"
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["techniques"] = [t for t in rec["techniques"] if t["label"] != "Flag_Waving"]
    path.write_text(json.dumps(rec, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def documents(root: Path) -> dict[str, bytes]:
    out = {n: (root / n).read_bytes() for n in ("README.md", "DATASHEET.md")}
    out.update({f"docs/figures/{p.name}": p.read_bytes() for p in (root / "docs" / "figures").glob("*.png") if p.is_file()})
    return out


def build(root: Path, capsys, *args):
    code = main(["build", "--corpus", str(root / "corpus"), *args])
    return code, capsys.readouterr()


def test_unwritable_figure_leaves_data_and_documents_as_they_were(project, capsys):
    change_corpus(project)
    figure = project / "docs" / "figures" / "techniques.png"
    figure.unlink()
    figure.mkdir()  # a folder where the figure goes: no user (root included) can replace it by a file
    data_before, docs_before = snapshot(project / "data"), documents(project)
    code, cap = build(project, capsys)
    assert code == 1
    assert "techniques.png" in cap.err and "nothing was replaced" in cap.err, cap.err
    assert snapshot(project / "data") == data_before
    assert documents(project) == docs_before
    assert not [p for p in project.rglob("*.tmp")]  # staged files removed
    figure.rmdir()
    code, cap = build(project, capsys)
    assert code == 0, cap.err
    assert build(project, capsys, "--check")[0] == 0


def test_unreadable_card_leaves_everything_as_it_was(project, capsys):
    change_corpus(project)
    data_before, datasheet = snapshot(project / "data"), (project / "DATASHEET.md").read_bytes()
    (project / "README.md").unlink()
    (project / "README.md").mkdir()
    code, cap = build(project, capsys)
    assert code == 1 and "README.md" in cap.err
    assert snapshot(project / "data") == data_before
    assert (project / "DATASHEET.md").read_bytes() == datasheet


def test_documents_follow_data_in_one_build(project, capsys):
    """A successful build after a change rewrites data/, the card, the blocks and the
    stale figure together; --check is then clean."""
    change_corpus(project)
    before = documents(project)
    code, cap = build(project, capsys)
    assert code == 0, cap.err
    after = documents(project)
    assert {n for n in after if after[n] != before[n]} == {"README.md", "DATASHEET.md", "docs/figures/techniques.png"}
    assert "refreshed generated docs: README.md, DATASHEET.md, docs/figures/techniques.png" in cap.out
    assert build(project, capsys, "--check")[0] == 0


def test_kill_after_the_swap_is_reported_by_check_and_repaired(project, capsys):
    """What a kill between the data/ swap and the document renames leaves (new data/,
    old documents) is what `build --check` names, and the next build repairs it: here
    made by restoring the old documents after a build."""
    change_corpus(project)
    old = documents(project)
    assert build(project, capsys)[0] == 0
    for name, data in old.items():
        (project / name).write_bytes(data)
    code, cap = build(project, capsys, "--check")
    assert code == 1
    for name in ("README.md", "DATASHEET.md", "docs/figures/techniques.png"):
        assert name in cap.err
    assert build(project, capsys)[0] == 0
    assert build(project, capsys, "--check")[0] == 0
