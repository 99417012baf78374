"""The base commit as the cache of a fresh clone (issue 26 item 1): `build --check --base
REF` and `validate --base REF` take as known only what the base verified in full, so a
pull request is checked as exactly as by the full check: a hand-edited shard, a
hand-edited manifest, a shard whose recorded digests lie, a record changed without its
data, are each caught; a change of the code, the schema or the settings makes the command
check everything and say why. Real git repositories, real builds (tmp_path only)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_build_cache import _synth_module, synthetic_project
from test_build_support import isolate

from newsframes.dataset import groups
from newsframes.dataset.check import check
from newsframes.dataset.pipeline import Project, build
from newsframes.jsonio import write_record
from newsframes.store import Store

GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@newsframes.invalid"]


def _git(root: Path, *args: str) -> str:
    return subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A project of 24 synthetic articles in groups of about 4, built and committed (the
    base), then one more article built and committed (the pull request)."""
    isolate(tmp_path, monkeypatch)
    monkeypatch.setattr(groups, "MIN_PER_SHARD", 4)
    root = synthetic_project(tmp_path, 24)
    (root / ".gitignore").write_text("*.tmp\n", encoding="utf-8")
    project = Project(corpus=root / "corpus", out=root / "data", root=root)
    build(project, store=Store(tmp_path / "author"))
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    _add(root, 1000)
    build(project, store=Store(tmp_path / "author"))
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "one article")
    return root, project


def _add(root: Path, index: int) -> str:
    from newsframes.corpus import read_article

    src = read_article(Path(__file__).resolve().parents[1] / "corpus" / "lavrov-kyrgyzstan-visit.json")
    rec, text = _synth_module().synthesize(src.record, src.text, index)
    (root / "corpus" / f"{rec['id']}.txt").write_text(text, encoding="utf-8")
    write_record(root / "corpus" / f"{rec['id']}.json", rec)
    return rec["id"]


def _fresh(tmp_path, name: str = "fresh") -> Store:
    """The store of a machine that never built this project (a fresh clone's)."""
    shutil.rmtree(tmp_path / name, ignore_errors=True)
    return Store(tmp_path / name)


def _manifest(root: Path) -> dict:
    return json.loads((root / "data" / "MANIFEST.json").read_text(encoding="utf-8"))


def _unchanged_file(root: Path) -> str:
    """A Parquet file of a group the pull request left as it was."""
    base = json.loads(_git(root, "show", "HEAD~1:data/MANIFEST.json"))
    before = {path: info["sha256"] for path, info in base["files"].items()}
    now = _manifest(root)["files"]
    return next(p for p, info in sorted(now.items()) if before.get(p) == info["sha256"] and "/articles/" in p)


def _commit(root: Path, message: str) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", message)


def test_a_pull_request_is_checked_against_its_base(repo, tmp_path, monkeypatch):
    root, project = repo
    from newsframes.dataset import articles

    converted: list[str] = []
    real = articles.convert
    monkeypatch.setattr(articles, "convert", lambda p, *a: (converted.append(Path(p).name), real(p, *a))[1])
    result = check(project, store=_fresh(tmp_path), base="HEAD~1", jobs=1)
    assert result.ok and not result.notices, (result.problems, result.notices)
    assert converted == ["synthetic-001000.json"]  # the new article only; the others are known
    # the same commit, checked with nothing known: the same verdict
    assert check(project, cache=False).ok


def test_a_hand_edited_shard_is_caught(repo, tmp_path):
    root, project = repo
    rel = _unchanged_file(root)
    path = root / rel
    table = pq.read_table(path)
    rows = table.to_pylist()
    rows[0]["genre_note"] = "edited by hand"
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)
    _commit(root, "a hand-edited shard")
    result = check(project, store=_fresh(tmp_path), base="HEAD~1")
    assert f"{rel}: differs from what the corpus builds" in result.problems


def test_a_hand_edited_manifest_is_caught(repo, tmp_path):
    root, project = repo
    man = _manifest(root)
    man["groups"][0]["articles"][0]["language"] = "fr"  # a fact the base records otherwise
    (root / "data" / "MANIFEST.json").write_text(json.dumps(man, indent=2) + "\n", encoding="utf-8")
    _commit(root, "a hand-edited manifest")
    result = check(project, store=_fresh(tmp_path), base="HEAD~1")
    assert result.problems == ["data/MANIFEST.json: differs from what the corpus builds"]


def test_a_shard_whose_recorded_digests_lie_is_caught(repo, tmp_path):
    """A record edited, its data left as it was, and the manifest told the new digests
    (file and record): the group is built again from the record and compared."""
    root, project = repo
    man = _manifest(root)
    group = man["groups"][0]
    aid = group["articles"][0]["id"]
    path = root / "corpus" / f"{aid}.json"
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["genre"]["note"] = "edited in the record, not in data/"
    write_record(path, rec)
    import hashlib

    group["articles"][0]["record_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (root / "data" / "MANIFEST.json").write_text(json.dumps(man, indent=2) + "\n", encoding="utf-8")
    _commit(root, "a record changed without its data")
    result = check(project, store=_fresh(tmp_path), base="HEAD~1")
    assert group["files"]["articles"] + ": differs from what the corpus builds" in result.problems
    assert "data/MANIFEST.json: differs from what the corpus builds" in result.problems


def test_a_shard_of_another_group_with_the_right_name_is_caught(repo, tmp_path):
    """A file replaced by another file the base verified (right bytes, wrong place)."""
    root, project = repo
    files = sorted(p for p in (root / "data" / "articles").glob("*.parquet"))
    shutil.copyfile(files[0], files[1])
    _commit(root, "a shard swapped")
    result = check(project, store=_fresh(tmp_path), base="HEAD~1")
    assert f"data/articles/{files[1].name}: differs from what the corpus builds" in result.problems


@pytest.mark.parametrize("change", ["code", "version", "taxonomies", "outside"])
def test_other_code_or_settings_make_the_check_complete(repo, tmp_path, monkeypatch, change):
    """The base stands in for nothing when the code, the package version, the taxonomies or
    a file outside the data changed since: everything is checked (a hand-edited shard of
    an unchanged group is still found) and a notice says why."""
    root, project = repo
    rel = _unchanged_file(root)
    path = root / rel
    path.write_bytes(path.read_bytes()[:-40] + bytes(40))  # damaged, in place
    if change == "code":
        groups.code_digest.cache_clear()
        monkeypatch.setattr(groups, "code_digest", lambda: "0" * 64)
    elif change == "version":
        import newsframes

        monkeypatch.setattr(newsframes, "__version__", "9.9.9")
    elif change == "taxonomies":
        monkeypatch.setattr(groups, "taxonomies_digest", lambda: "0" * 64)
    else:
        (root / "pyproject.toml").write_text("[project]\nname = 'other'\n", encoding="utf-8")
    _commit(root, "damaged, and " + change)
    result = check(project, store=_fresh(tmp_path), base="HEAD~1")
    assert result.notices and "--base HEAD~1: not used" in result.notices[0], result.notices
    assert f"{rel}: differs from what the corpus builds" in result.problems


def test_an_unknown_base_is_an_error(repo, tmp_path):
    from newsframes.dataset.project import BuildError

    _, project = repo
    with pytest.raises(BuildError, match="unknown git revision"):
        check(project, store=_fresh(tmp_path), base="no-such-ref")


@pytest.mark.parametrize("ref", ["--independent", "-x", "", "main\nHEAD", "HEAD\0"])
def test_a_base_that_is_no_revision_is_an_error(repo, tmp_path, ref):
    """A REF shaped like an option went to git as one: `--base=--independent` made
    `git merge-base --independent HEAD` print HEAD, taken as the base (exit 0)."""
    from newsframes.cli import main

    root, _ = repo
    assert main(["build", "--check", f"--base={ref}", "--corpus", str(root / "corpus")]) == 1
    assert main(["validate", f"--base={ref}", str(root / "corpus")]) == 2


def test_validate_base_checks_only_what_changed(repo, tmp_path, monkeypatch, capsys):
    """Records git reports unchanged are taken as the base validated them; the changed one
    is checked at every level, and the corpus-level checks see every record (a new record
    with the text of an unchanged one is a duplicate, NF402)."""
    from newsframes.cli import main
    from newsframes.validate import l3_article
    from newsframes.validate.issues import make

    root, _ = repo
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(tmp_path / "fresh-validate"))
    real = l3_article.check_article

    def flag_all(record, text, text_bytes, display, **kw):  # a new check that every record fails
        return real(record, text, text_bytes, display, **kw) + [make("NF199", display, "flagged by the test")]
    monkeypatch.setattr(l3_article, "check_article", flag_all)
    capsys.readouterr()
    assert main(["validate", "--base", "HEAD~1", str(root / "corpus")]) == 1
    flagged = [line for line in capsys.readouterr().out.splitlines() if "flagged by the test" in line]
    assert len(flagged) == 1 and "synthetic-001000.json" in flagged[0]
    # a duplicate of an unchanged record's text, added now
    twin = sorted((root / "corpus").glob("synthetic-0000*.json"))[0]
    rec = json.loads(twin.read_text(encoding="utf-8"))
    rec["id"] = "synthetic-twin"
    shutil.copyfile(twin.with_suffix(".txt"), root / "corpus" / "synthetic-twin.txt")
    write_record(root / "corpus" / "synthetic-twin.json", rec)
    monkeypatch.setattr(l3_article, "check_article", real)
    assert main(["validate", "--base", "HEAD~1", str(root / "corpus")]) == 1
    out = capsys.readouterr().out
    assert "NF402" in out and "synthetic-twin.json" in out


def test_the_command_line(repo, tmp_path, monkeypatch, capsys):
    from newsframes.cli import main

    root, _ = repo
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(tmp_path / "fresh-cli"))
    capsys.readouterr()
    assert main(["build", "--check", "--base", "HEAD~1", "--corpus", str(root / "corpus")]) == 0
    out = capsys.readouterr()
    assert "up to date" in out.out and "notice" not in out.err
    assert main(["build", "--check", "--full", "--corpus", str(root / "corpus")]) == 0
    assert main(["build", "--check", "--full", "--base", "HEAD~1", "--corpus", str(root / "corpus")]) == 2
    assert main(["build", "--full", "--corpus", str(root / "corpus")]) == 2
    assert "--full goes with --check" in capsys.readouterr().err
    assert main(["build", "--check", "--base", "nope", "--corpus", str(root / "corpus")]) == 1
    assert "unknown git revision" in capsys.readouterr().err
    (root / "pyproject.toml").write_text("[project]\nname = 'other'\n", encoding="utf-8")  # not committed
    assert main(["build", "--check", "--base", "HEAD~1", "--corpus", str(root / "corpus")]) == 0
    err = capsys.readouterr().err
    assert "notice: --base HEAD~1: not used (pyproject.toml changed since the base" in err
    assert main(["validate", "--base", "HEAD~1", str(root / "corpus")]) == 0
    assert "--base HEAD~1: not used (pyproject.toml changed" in capsys.readouterr().err


def test_opening_the_base_refreshes_gits_index_and_hides_no_change(repo):
    """In a fresh clone every index entry is "racily clean" (its file was written in the
    second the index was), so each `git diff` reads and hashes every file again (0.3 s at
    10,000 articles); opening the base has git record the file times once (as `git status`
    does). Only the stat cache changes: a file really edited is still reported changed."""
    import os

    from newsframes.dataset.gate import open_base

    root, project = repo
    edited = sorted((root / "corpus").glob("synthetic-0000*.txt"))[1]
    edited.write_text(edited.read_text(encoding="utf-8") + "x", encoding="utf-8")
    files = [root / p for p in _git(root, "ls-files").split()]
    newest = max(p.stat().st_mtime for p in files)
    index = root / ".git" / "index"
    os.utime(index, (newest - 10, newest - 10))  # as a fresh clone: no file time is trusted
    _git(root, "diff", "--name-status", "HEAD~1")
    assert index.stat().st_mtime <= newest  # git diff alone leaves every entry racy
    base, why_not = open_base(project, "HEAD~1")
    assert why_not is None
    assert index.stat().st_mtime > newest  # written after every file: their times are trusted
    assert _git(root, "diff-files", "--name-only").split() == [f"corpus/{edited.name}"]
    assert not base.unchanged(f"corpus/{edited.name}")
    assert base.unchanged(f"corpus/{files[0].relative_to(root).as_posix()}") or files[0].name.startswith(".")


def _prewarms(project) -> bool:
    """Whether opening the base made a tokenizer on the prewarm thread (none made before)."""
    import threading

    from newsframes.dataset.gate import open_base
    from newsframes.validate import tokens

    tokens._make_nlp.cache_clear()
    tokens.spacy_code.cache_clear()
    base, why_not = open_base(project, "HEAD~1")
    assert why_not is None
    for t in threading.enumerate():
        if t.name == "newsframes-spacy-prewarm":
            t.join()
    return tokens._make_nlp.cache_info().currsize > 0


def test_a_changed_text_without_tokens_has_spacy_loaded_while_the_base_is_read(repo, tmp_path, monkeypatch, capsys):
    """The pull request's new text has no token boundaries in a fresh store: spaCy is loaded
    on a thread as soon as git names the changed files; once `validate` stored them (CI's
    second command), nothing is loaded. The verdicts are those of a full check."""
    from newsframes.cli import main

    root, project = repo
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(tmp_path / "fresh-prewarm"))
    assert _prewarms(project)
    capsys.readouterr()
    assert main(["validate", "--base", "HEAD~1", str(root / "corpus")]) == 0
    assert not _prewarms(project)  # the text's boundaries are in the store now
    assert main(["build", "--check", "--base", "HEAD~1", "--corpus", str(root / "corpus")]) == 0
    # a FIFO or a link to a device among the changed texts: not read (no hang); validation names them
    import os

    os.mkfifo(root / "corpus" / "synthetic-fifo.txt")
    (root / "corpus" / "synthetic-zero.txt").symlink_to("/dev/zero")
    assert not _prewarms(project)
    capsys.readouterr()
    assert main(["validate", "--base", "HEAD~1", str(root / "corpus")]) == 0  # warnings: texts without records
    out = capsys.readouterr().out
    assert "synthetic-fifo.txt: NF405" in out and "synthetic-zero.txt: NF405" in out
