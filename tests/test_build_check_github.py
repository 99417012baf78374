"""`newsframes build --check --format github`: the one command CI runs on a pull request
(issue 26). The validator's findings and the check's problems are GitHub workflow
commands, so they show as annotations on the files."""

from __future__ import annotations

import json

import pytest
from test_build_support import isolate, make_project, run_cli

from newsframes.cli import main
from newsframes.jsonio import write_record

ID = "fixture-valid-001"


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


@pytest.fixture
def built(tmp_path):
    root = make_project(tmp_path, second=False)
    assert run_cli(root, "build") == 0
    return root


def _github(root, capsys, *more):
    capsys.readouterr()
    rc = run_cli(root, "build", "--check", "--format", "github", *more)
    return rc, capsys.readouterr()


def _edit(root, change) -> None:
    path = root / "corpus" / f"{ID}.json"
    rec = json.loads(path.read_text(encoding="utf-8"))
    change(rec)
    write_record(path, rec)


def test_a_current_project_passes_with_what_validate_prints(built, capsys):
    rc, out = _github(built, capsys)
    assert rc == 0, out.err
    assert out.out.endswith("up to date (1 article(s))\n")
    capsys.readouterr()
    assert main(["validate", "--format", "github", str(built / "corpus")]) == 0
    validated = capsys.readouterr().out
    assert "::notice title=newsframes validate::1 file, 0 errors" in validated
    assert out.out.startswith(validated)  # the same annotations, the same summary


def test_a_validation_error_is_an_annotation_on_the_record_and_nothing_is_checked(built, capsys):
    _edit(built, lambda r: r.update(split="nonsense"))
    rc, out = _github(built, capsys)
    assert rc == 1
    errors = [line for line in out.out.splitlines() if line.startswith("::error ")]
    assert errors and all(f"corpus/{ID}.json,line=" in line for line in errors), out.out
    assert any(",line=" in line for line in errors)  # the line of the JSON pointer
    assert "the corpus is not valid; nothing was checked" in out.err


def _warnings(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("::warning ")]


def test_a_draft_is_a_warning_annotation_and_passes(built, capsys):
    before = _warnings(_github(built, capsys)[1].out)
    _edit(built, lambda r: r["annotation"].update(status="draft"))
    assert run_cli(built, "build") == 0
    rc, out = _github(built, capsys)
    assert rc == 0, out.err
    new = [line for line in _warnings(out.out) if line not in before]
    assert len(new) == 1 and "NF323" in new[0] and f"corpus/{ID}.json" in new[0], out.out
    # the text format says that there are warnings, and where to see them
    capsys.readouterr()
    assert run_cli(built, "build", "--check") == 0
    assert "0 errors, " in capsys.readouterr().err


def test_a_stale_file_is_an_error_annotation_on_that_file(built, capsys):
    shard = built / "data" / "claims" / "train-00000-of-00001.parquet"
    shard.write_bytes(shard.read_bytes() + b"\0")
    rc, out = _github(built, capsys)
    assert rc == 1
    assert ("::error file=data/claims/train-00000-of-00001.parquet,title=newsframes build --check::"
            "differs from what the corpus builds") in out.out
    assert "data/claims/train-00000-of-00001.parquet: differs" in out.err  # and the text, as before


def test_format_goes_with_check(built, capsys):
    capsys.readouterr()
    assert run_cli(built, "build", "--format", "github") == 2
    assert "--format goes with --check" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["data", "corpus"])
def test_a_file_name_cannot_forge_a_workflow_command(built, capsys, where):
    """GitHub reads workflow commands from stderr as from stdout, after a line break or a
    carriage return: a file name holding one (git allows it) printed `::stop-commands::`
    (the check's later annotations ignored) and a forged error on stderr. Every command
    line is ours, on stdout."""
    import re

    evil = "x\n::stop-commands::tok\r::error file=README.md::forged\n##[error]forged too"
    if where == "data":
        (built / "data" / evil).write_text("hi", encoding="utf-8")
    else:
        (built / "corpus" / f"{evil}.json").write_text("{}", encoding="utf-8")
    rc, out = _github(built, capsys)
    assert rc == 1
    for stream, text in (("stdout", out.out), ("stderr", out.err)):
        for line in re.split(r"\r\n|\r|\n", text):
            command = line.lstrip()
            assert not command.startswith("##["), line
            if command.startswith("::"):
                assert stream == "stdout" and command.startswith(("::error ", "::warning ", "::notice ")), line


def test_annotations_name_the_records_as_validate_does_from_the_project(built, capsys, monkeypatch):
    """CI runs from the repository's root: an annotation's file is `corpus/<id>.json`,
    as `validate --format github` gives it there, not the build's absolute path."""
    monkeypatch.chdir(built)
    _edit(built, lambda r: r.update(split="nonsense"))
    rc, out = _github(built, capsys)
    assert rc == 1
    errors = [line for line in out.out.splitlines() if line.startswith("::error ")]
    assert errors and all(line.startswith(f"::error file=corpus/{ID}.json,line=") for line in errors), out.out
    capsys.readouterr()
    assert main(["validate", "--format", "github"]) == 1
    assert [line for line in capsys.readouterr().out.splitlines() if line.startswith("::error ")] == errors


def test_a_notice_is_an_annotation_too(built, capsys):
    """Why the base was not used (here: a file outside the data changed since) is shown
    as a notice on the run, not only in its log."""
    import subprocess

    git = ["git", "-c", "user.name=t", "-c", "user.email=t@newsframes.invalid", "-C", str(built)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    (built / "other.txt").write_text("not data\n", encoding="utf-8")
    rc, out = _github(built, capsys, "--base", "HEAD")
    assert rc == 0, out.err
    notices = [line for line in out.out.splitlines() if line.startswith("::notice title=newsframes build --check::")]
    assert len(notices) == 1 and "not used" in notices[0] and "not used" in out.err
