"""What a build writes stays inside what it owns (issue 25, High):

- a symbolic link on the way to a file the build writes (docs/figures pointing to a folder
  elsewhere, README.md or DATASHEET.md pointing to a file elsewhere, data/ itself, the
  exports folder, releases/) is refused before anything is read or written, the outside
  files are left byte for byte, and `build --check` and `stats --check` name the link
  (a linked docs/figures used to have its figures rewritten, and `--check` passed);
- `stats --write` refuses the same links;
- `build --out DIR` writes only inside DIR: no README.md beside it unless `--card FILE`
  names one (an unrelated README.md there used to get the card's YAML put in front of it);
- the staged write itself never follows a link, even one made after the checks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_build_support import isolate, make_project, snapshot

from newsframes.cli import main
from newsframes.inside import LinkedPath, StagedInside, write_inside

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "valid" / "corpus"


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


@pytest.fixture
def project(tmp_path, capsys):
    """A documents project (README.md, DATASHEET.md, the figures), built once."""
    root = tmp_path / "proj"
    shutil.copytree(FIXTURE, root / "corpus")
    shutil.copy(ROOT / "README.md", root / "README.md")
    shutil.copy(ROOT / "DATASHEET.md", root / "DATASHEET.md")
    assert main(["build", "--corpus", str(root / "corpus")]) == 0
    capsys.readouterr()
    return root


def cli(root: Path, capsys, *args: str):
    code = main([args[0], "--corpus", str(root / "corpus"), *args[1:]])
    return code, capsys.readouterr()


def outside_copy(tmp_path: Path, folder: Path) -> Path:
    """Move `folder` out of the project, leave a link to it, and make one of its files
    stale (what the build would rewrite when following the link)."""
    away = tmp_path / "elsewhere"
    shutil.move(str(folder), away)
    folder.symlink_to(away, target_is_directory=True)
    return away


def test_linked_figures_folder_is_refused_and_named_by_check(project, tmp_path, capsys):
    away = outside_copy(tmp_path, project / "docs" / "figures")
    (away / "techniques.png").write_bytes(b"someone else's file\n")
    outside = snapshot(away)
    data = snapshot(project / "data")
    code, cap = cli(project, capsys, "build")
    assert code == 2, cap.out
    assert "docs/figures: a symbolic link (to " in cap.err and "Nothing was changed" in cap.err
    assert snapshot(away) == outside and snapshot(project / "data") == data
    assert not list(away.glob(".*.tmp")) and not list(project.rglob("*.tmp"))
    code, cap = cli(project, capsys, "build", "--check")
    assert code == 1 and "docs/figures: a symbolic link (to " in cap.err
    code, cap = cli(project, capsys, "stats", "--write")
    assert code == 2 and "docs/figures: a symbolic link" in cap.err and "nothing was written" in cap.err
    assert snapshot(away) == outside
    code, cap = cli(project, capsys, "stats", "--check")
    assert code == 1 and "docs/figures: a symbolic link" in cap.err
    # a real folder again: the build writes the figures there, and --check passes
    (project / "docs" / "figures").unlink()
    shutil.copytree(away, project / "docs" / "figures")
    assert cli(project, capsys, "build")[0] == 0
    assert cli(project, capsys, "build", "--check")[0] == 0
    assert snapshot(away) == outside


def test_linked_figures_folder_whose_figures_are_current_is_still_named(project, tmp_path, capsys):
    away = outside_copy(tmp_path, project / "docs" / "figures")  # nothing stale: nothing would be written
    code, cap = cli(project, capsys, "build", "--check")
    assert code == 1 and "docs/figures: a symbolic link (to " in cap.err
    assert "1 problem(s)" in cap.err and "fix: run `newsframes build`" not in cap.err  # the build would refuse
    assert cli(project, capsys, "build")[0] == 2
    assert snapshot(away) == snapshot(project / "docs" / "figures")


@pytest.mark.parametrize("name", ["README.md", "DATASHEET.md", "docs/fields.md", "docs/figures/frames.png"])
def test_linked_document_is_refused_and_its_target_untouched(project, tmp_path, capsys, name):
    target = tmp_path / "someone-elses" / Path(name).name
    target.parent.mkdir()
    target.write_bytes(b"# Someone else's file\n\nNot a newsframes card.\n")
    (project / name).unlink(missing_ok=True)
    (project / name).symlink_to(target)
    (project / "corpus" / "fixture-valid-001.json").write_text(
        (project / "corpus" / "fixture-valid-001.json").read_text(encoding="utf-8").replace(
            '"Flag_Waving"', '"Doubt"', 1), encoding="utf-8")  # every document changes
    code, cap = cli(project, capsys, "build")
    assert code == 2 and f"{name}: a symbolic link (to {target})" in cap.err, cap.err
    assert target.read_bytes() == b"# Someone else's file\n\nNot a newsframes card.\n"
    code, cap = cli(project, capsys, "build", "--check")
    assert code == 1 and f"{name}: a symbolic link (to {target})" in cap.err


def test_linked_data_folder_is_refused(project, tmp_path, capsys):
    away = outside_copy(tmp_path, project / "data")
    before = snapshot(away)
    code, cap = cli(project, capsys, "build")
    assert code == 2 and "data: a symbolic link" in cap.err
    assert snapshot(away) == before and (project / "data").is_symlink()
    assert not [p for p in project.iterdir() if p.name.startswith(".data.")]
    code, cap = cli(project, capsys, "build", "--check")
    assert code == 1 and cap.err.count("data: a symbolic link") == 1  # named once


def test_linked_exports_and_releases_are_refused(project, tmp_path, capsys):
    away = tmp_path / "exports-elsewhere"
    (away / "spacy").mkdir(parents=True)
    (away / "spacy" / "train.spacy").write_bytes(b"not ours")
    (project / "exports").symlink_to(away, target_is_directory=True)
    code, cap = cli(project, capsys, "build", "--exports")
    assert code == 2 and "exports: a symbolic link" in cap.err
    assert (away / "spacy" / "train.spacy").read_bytes() == b"not ours"
    rel = tmp_path / "releases-elsewhere"
    rel.mkdir()
    (project / "releases").symlink_to(rel, target_is_directory=True)
    code, cap = cli(project, capsys, "build", "--release")
    assert code == 2 and "releases: a symbolic link" in cap.err
    assert list(rel.iterdir()) == []


def test_staged_write_never_follows_a_link_made_after_the_checks(tmp_path):
    root = tmp_path / "proj"
    (root / "docs").mkdir(parents=True)
    away = tmp_path / "away"
    away.mkdir()
    (away / "x.png").write_bytes(b"theirs")
    (root / "docs" / "figures").symlink_to(away, target_is_directory=True)
    with pytest.raises(LinkedPath) as exc:
        StagedInside(root, root / "docs" / "figures" / "x.png", b"ours")
    assert exc.value.filename == str(root / "docs" / "figures") and "symbolic link" in str(exc.value)
    assert (away / "x.png").read_bytes() == b"theirs" and sorted(p.name for p in away.iterdir()) == ["x.png"]
    (root / "README.md").symlink_to(away / "x.png")  # the file itself a link
    with pytest.raises(LinkedPath):
        write_inside(root, root / "README.md", b"ours")
    assert (away / "x.png").read_bytes() == b"theirs"
    # staged, then the folder swapped for a link: the rename stays in the folder first opened
    (root / "docs" / "figures").unlink()
    staged = StagedInside(root, root / "docs" / "figures" / "y.png", b"ours")
    os.rename(root / "docs" / "figures", root / "docs" / "moved")
    (root / "docs" / "figures").symlink_to(away, target_is_directory=True)
    staged.commit()
    assert (root / "docs" / "moved" / "y.png").read_bytes() == b"ours"
    assert sorted(p.name for p in away.iterdir()) == ["x.png"]
    # a new file gets the usual permissions, an existing one keeps its own
    write_inside(root, root / "new.txt", b"x")
    assert (root / "new.txt").stat().st_mode & 0o777 == 0o666 & ~_umask()
    os.chmod(root / "new.txt", 0o640)
    write_inside(root, root / "new.txt", b"y")
    assert (root / "new.txt").stat().st_mode & 0o777 == 0o640 and (root / "new.txt").read_bytes() == b"y"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- build --out DIR writes only inside DIR (issue 25) ---------------------------------


def test_out_writes_nothing_beside_the_folder_it_names(tmp_path, capsys):
    root = make_project(tmp_path)
    theirs = tmp_path / "shared"
    theirs.mkdir()
    (theirs / "README.md").write_text("# Notes of another project\n\nKeep me as I am.\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in theirs.iterdir()}
    code, cap = cli(root, capsys, "build", "--out", str(theirs / "data"))
    assert code == 0, cap.err
    assert {p.name: p.read_bytes() for p in theirs.iterdir() if p.name != "data"} == before
    assert sorted(p.name for p in theirs.iterdir()) == ["README.md", "data"]
    assert "no card written" in cap.out and f"--card {theirs / 'README.md'}" in cap.out
    assert cli(root, capsys, "build", "--check", "--out", str(theirs / "data"))[0] == 0
    # the project's own card and data are not touched either
    assert not (root / "data").exists() and (root / "README.md").read_text(encoding="utf-8").startswith("# Demo")


def test_card_is_written_where_named(tmp_path, capsys):
    root = make_project(tmp_path)
    out = tmp_path / "release" / "data"
    card = tmp_path / "release" / "README.md"
    code, cap = cli(root, capsys, "build", "--out", str(out), "--card", str(card))
    assert code == 0, cap.err
    text = card.read_text(encoding="utf-8")
    assert text.startswith("---\n") and "path: data/articles/" in text
    assert cli(root, capsys, "build", "--check", "--out", str(out), "--card", str(card))[0] == 0
    # equal to the project's own build (data and card front matter)
    assert cli(root, capsys, "build")[0] == 0
    assert snapshot(out) == snapshot(root / "data")


@pytest.mark.parametrize("card, why", [
    ("elsewhere/README.md", "does not hold the output folder"),
    ("release/CARD.md", "must be named README.md"),
    ("release/data/README.md", "inside the output folder"),
])
def test_card_refused(tmp_path, capsys, card, why):
    root = make_project(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    code, cap = cli(root, capsys, "build", "--out", str(tmp_path / "release" / "data"), "--card", str(tmp_path / card))
    assert code == 2 and why in cap.err and "Nothing was changed" in cap.err, cap.err
    assert not (tmp_path / "release").exists() and list((tmp_path / "elsewhere").iterdir()) == []


# --- odd documents: named, never opened, never "internal error" ------------------------


def test_fifo_in_place_of_a_document_is_named_not_opened(project, capsys):
    data = snapshot(project / "data")
    for name in ("DATASHEET.md", "README.md"):
        kept = (project / name).read_bytes()
        (project / name).unlink()
        os.mkfifo(project / name)  # a read would block for ever
        code, cap = cli(project, capsys, "build")
        assert code == 1 and name in cap.err and "not a regular file (a FIFO (named pipe))" in cap.err, cap.err
        assert "internal error" not in cap.err and snapshot(project / "data") == data
        code, cap = cli(project, capsys, "build", "--check")
        assert code == 1 and "not a regular file (a FIFO (named pipe))" in cap.err and "internal error" not in cap.err
        (project / name).unlink()
        (project / name).write_bytes(kept)
    figure = project / "docs" / "figures" / "frames.png"
    figure.unlink()
    os.mkfifo(figure)  # never read: it is stale, and the build replaces it by the figure
    code, cap = cli(project, capsys, "build", "--check")
    assert code == 1 and "docs/figures/frames.png: figure" in cap.err
    assert cli(project, capsys, "build")[0] == 0 and figure.is_file()
    assert cli(project, capsys, "build", "--check")[0] == 0


def test_broken_markers_are_a_located_error_not_an_internal_error(project, capsys):
    path = project / "DATASHEET.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n<!-- newsframes:stats:start -->\n", encoding="utf-8")
    for args in (("build",), ("build", "--check")):
        code, cap = cli(project, capsys, *args)
        assert code == 1 and "DATASHEET.md: NF-DOCS-001" in cap.err and "internal error" not in cap.err, args


def test_output_files_named_by_the_user_never_replace_a_fifo_or_device(tmp_path, capsys):
    """`-o /dev/null` as root replaced the device by a regular file (a rename over it); a
    FIFO in the way was replaced silently or gave "internal error". Now each command names
    it and writes nothing (a FIFO stands for any file that is not a regular file)."""
    import stat

    from cli_helpers import run_cli as run

    root = make_project(tmp_path)
    corpus = root / "corpus"
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    spacy_dir = tmp_path / "spacy"
    spacy_dir.mkdir()
    os.mkfifo(spacy_dir / "train.spacy")
    assert cli(root, capsys, "build")[0] == 0
    os.mkfifo(root / "data" / "c.json")
    cases = {
        "view": ("view", "fixture-valid-001", "--corpus", corpus, "-o", fifo),
        "labelstudio": ("labelstudio", "export", "fixture-valid-001", "--corpus", corpus, "--out", fifo),
        "spacy": ("export", "spacy", "--corpus", corpus, "--out", spacy_dir),
        "croissant": ("export", "croissant", "--data", root / "data", "--out", root / "data" / "c.json"),
    }
    for name, args in cases.items():
        res = run(*args)
        assert res.returncode == 1, (name, res.stdout, res.stderr)
        assert "not a regular file (a FIFO (named pipe))" in res.stderr and "internal error" not in res.stderr, name
    for path in (fifo, spacy_dir / "train.spacy", root / "data" / "c.json"):
        assert stat.S_ISFIFO(os.lstat(path).st_mode), path
