"""`build --check` starts the leak check of data/ as it is in a helper process
(`leaks/speculate.py`) and takes its results only when data/ is what the build gives: the
findings are exactly those of the check without the helper, whatever the project."""

from __future__ import annotations

import json
import sys

import pytest
from test_build_support import isolate, make_project, run_cli

from newsframes.jsonio import write_record
from newsframes.leaks import match as match_module
from newsframes.leaks import speculate

ID = "fixture-valid-001"
QUOTE = "Foreign Minister Ana Example arrived in Lakeside on Monday"  # 9 words of the fixture text


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A built project whose two texts are withheld; the helper starts from 1 withheld text."""
    root = make_project(tmp_path)
    for path in (root / "corpus").glob("*.json"):
        rec = json.loads(path.read_text(encoding="utf-8"))
        rec["source"]["rights"] = {"status": "unknown", "note": "test: the text is withheld"}
        write_record(path, rec)
    assert run_cli(root, "build") == 0
    monkeypatch.setattr(speculate, "SPECULATE_FROM", 1)
    return root


@pytest.fixture
def files_read(monkeypatch):
    """How many files the leak check of this process read (the helper's are not counted)."""
    read: list[int] = []
    real = match_module.match

    def counting(files, withheld, n, verify=False):
        read.append(len(files))
        return real(files, withheld, n, verify)

    monkeypatch.setattr(match_module, "match", counting)
    return read


def _check(root, capsys, monkeypatch, *, helper: bool) -> tuple[int, list[str]]:
    monkeypatch.setattr(speculate, "SPECULATE_FROM", 1 if helper else 10**9)
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(root.parent / f"store-{helper}-{len(list(root.parent.iterdir()))}"))
    capsys.readouterr()
    rc = run_cli(root, "build", "--check")
    err = capsys.readouterr().err
    return rc, sorted(line for line in err.splitlines() if not line.startswith("newsframes build")
                      and ("leak check" in line or "differs" in line))


def test_the_helpers_results_are_taken_when_data_is_current(project, capsys, monkeypatch, files_read):
    rc, lines = _check(project, capsys, monkeypatch, helper=True)
    assert rc == 0 and lines == []
    assert sum(files_read) == 0  # every file's result came from the helper
    files_read.clear()
    assert _check(project, capsys, monkeypatch, helper=False) == (0, [])
    assert sum(files_read) > 10  # without it, the check reads every published file itself


def test_a_leak_in_a_published_file_is_found_with_the_helper_as_without(project, capsys, monkeypatch, files_read):
    (project / "docs").mkdir()
    (project / "docs" / "quote.md").write_text(f"As the article put it: {QUOTE.upper()}!\n", encoding="utf-8")
    with_helper = _check(project, capsys, monkeypatch, helper=True)
    assert sum(files_read) == 0
    without = _check(project, capsys, monkeypatch, helper=False)
    assert with_helper == without
    assert with_helper[0] == 1 and len(with_helper[1]) == 1
    assert with_helper[1][0].startswith("docs/quote.md: 9 consecutive words of the withheld text of ")


def test_stale_data_is_checked_by_the_check_itself(project, capsys, monkeypatch, files_read):
    """A note quoting the text, not built: data/ is stale, the helper read the old files;
    the check reads the files it built and names the leak they would publish."""
    path = project / "corpus" / f"{ID}.json"
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["techniques"][0]["note"] = f"As in '{QUOTE}'."
    write_record(path, rec)
    rc, lines = _check(project, capsys, monkeypatch, helper=True)
    assert rc == 1
    assert sum(files_read) > 10
    assert any(line.startswith("data/techniques/") and "9 consecutive words" in line for line in lines), lines
    assert any("differs from what the corpus builds" in line for line in lines)
    assert (rc, lines) == _check(project, capsys, monkeypatch, helper=False)


def test_a_helper_that_fails_costs_time_not_findings(project, capsys, monkeypatch, files_read):
    (project / "docs").mkdir()
    (project / "docs" / "quote.md").write_text(f"{QUOTE}\n", encoding="utf-8")
    monkeypatch.setattr(sys, "executable", "/bin/false")  # the helper exits 1 at once
    rc, lines = _check(project, capsys, monkeypatch, helper=True)
    monkeypatch.undo()
    assert rc == 1 and len(lines) == 1 and lines[0].startswith("docs/quote.md: 9 consecutive words")
    assert sum(files_read) > 10


def test_the_helper_gives_nothing_for_a_project_without_withheld_texts(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    assert run_cli(root, "build") == 0
    monkeypatch.setattr(speculate, "SPECULATE_FROM", 0)
    from newsframes.commands.build import project_from_args

    class Args:
        corpus, out, card, full_text = root / "corpus", None, None, False

    got = speculate.start(project_from_args(Args()))
    assert got is not None and got.known() == {}


@pytest.mark.parametrize("where", ["fifo-in-data", "fifo-text", "bad-id"])
def test_the_helper_never_hangs_nor_reads_outside_the_corpus(project, tmp_path, where):
    """A FIFO among data/'s files or as a withheld text, or an id that is a path, in a
    hand-edited manifest: the helper gives nothing at once (run as a process, with a time
    limit: a helper that waited on the FIFO would never end)."""
    import os
    import subprocess

    if where == "fifo-in-data":
        os.mkfifo(project / "data" / "articles" / "zz.parquet")
    elif where == "fifo-text":
        text = project / "corpus" / f"{ID}.txt"
        text.unlink()
        os.mkfifo(text)
    else:
        manifest = project / "data" / "MANIFEST.json"
        m = json.loads(manifest.read_text(encoding="utf-8"))
        m["text_withheld"][0]["id"] = "../../outside"
        manifest.write_text(json.dumps(m), encoding="utf-8")
    args = {"corpus": str(project / "corpus"), "out": str(project / "data"), "root": str(project),
            "card": str(project / "README.md")}
    proc = subprocess.run([sys.executable, "-m", "newsframes.leaks.speculate", json.dumps(args)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout == "{}", proc.stderr


def test_a_text_changed_while_the_helper_read_it_gives_no_result(project, capsys, monkeypatch, tmp_path):
    """The helper keys its results by the sha256 data/MANIFEST.json gives a withheld text:
    when corpus/<id>.txt is not that text as it reads it (a checkout or an editor saving
    it back during the check), its 'no leak' was about other words. Before, a leak in a
    published file passed the check, and the store kept that result for later checks."""
    (project / "docs").mkdir()
    (project / "docs" / "quote.md").write_text(f"As the article put it: {QUOTE}!\n", encoding="utf-8")
    texts = {p: p.read_bytes() for p in (project / "corpus").glob("*.txt")}  # both quote it
    for path, real in texts.items():
        path.write_bytes(b"x" * len(real))  # what the helper reads
    from newsframes.commands.build import project_from_args

    class Args:
        corpus, out, card, full_text = project / "corpus", None, None, False

    helper = speculate.start(project_from_args(Args()))
    known = helper.known()
    for path, real in texts.items():
        path.write_bytes(real)  # back before the check's own validation reads them

    class Finished:  # the helper's own results, as `build --check` would have taken them
        def known(self):
            return known

        def cancel(self):
            pass

    monkeypatch.setattr(speculate, "start", lambda project: Finished())
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(tmp_path / "store-race"))
    capsys.readouterr()
    rc = run_cli(project, "build", "--check")
    err = capsys.readouterr().err
    assert rc == 1 and "docs/quote.md: 9 consecutive words of the withheld text of" in err, err
    monkeypatch.undo()
    monkeypatch.setattr(speculate, "SPECULATE_FROM", 10**9)  # the store, without a helper
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(tmp_path / "store-race"))
    assert run_cli(project, "build", "--check") == 1


def test_a_text_read_with_verify_must_be_the_text_its_sha256_names(tmp_path):
    """The helper's texts are hashed as they are read for tokenising (one read): the words
    it reports are those of the bytes it hashed; the text is what `read_text` gives."""
    import hashlib

    from newsframes.leaks.check import Published, Withheld
    from newsframes.leaks.match import TextChanged, _read, match

    path = tmp_path / "t.txt"
    data = ("Headline\r\n" + QUOTE + " said.\rEnd\n").encode("utf-8")
    path.write_bytes(data)
    right = Withheld("art-1", hashlib.sha256(data).hexdigest(), path, title=None)
    assert _read(right, True) == _read(right, False) == path.read_text(encoding="utf-8")
    doc = [Published("docs/q.md", data=QUOTE.encode())]
    assert match(doc, [right], 8, verify=True) == match(doc, [right], 8) and match(doc, [right], 8)[0][0][0] == 9
    wrong = Withheld("art-1", "0" * 64, path, title=None)
    with pytest.raises(TextChanged):
        match(doc, [wrong], 8, verify=True)
    assert match(doc, [wrong], 8)[0][0][0] == 9  # without verify, as before
