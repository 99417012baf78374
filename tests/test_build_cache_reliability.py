"""Caches that cannot lie (issue 18, items 1, 3 and 9): results and rows are kept under
the digests of the bytes actually validated and converted, a damaged row-cache entry is
made again, and the change check includes ctime. Real files, real builds; an edit
"during" a build is a real write to the corpus at a fixed point of the build."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from test_build_support import isolate, make_project, run_cli, snapshot

from newsframes.dataset import rowcache, rowlookup
from newsframes.dataset.check import check
from newsframes.dataset.core import BuildError, Project, build
from newsframes.jsonio import write_record
from newsframes.validate import runner

ID = "fixture-valid-001"


def _project(tmp_path, monkeypatch) -> tuple[Path, Project]:
    isolate(tmp_path, monkeypatch)
    root = make_project(tmp_path)
    return root, Project(corpus=root / "corpus", out=root / "data", root=root)


def _bad_text(good: bytes) -> bytes:
    """The same length, another byte: text_sha256 no longer matches (NF301)."""
    return good[:10] + (b"X" if good[10:11] != b"X" else b"Y") + good[11:]


def test_edit_saved_while_the_build_validates_does_not_poison_the_results(tmp_path, monkeypatch, capsys):
    """Issue 18 item 1, the recipe: bad text, empty caches, build; the good text is put
    back after the build hashed the files and before it validates them; then the bad
    text again: the next build must find NF301 (it used to pass, bad text in data/)."""
    root, project = _project(tmp_path, monkeypatch)
    txt = root / "corpus" / f"{ID}.txt"
    good = txt.read_bytes()
    txt.write_bytes(_bad_text(good))
    real = runner._iter_checked

    def edit_then_validate(*args, **kwargs):  # the user saves the good text now
        txt.write_bytes(good)
        yield from real(*args, **kwargs)

    monkeypatch.setattr(runner, "_iter_checked", edit_then_validate)
    build(project)  # validated and built the good text: right
    monkeypatch.setattr(runner, "_iter_checked", real)
    txt.write_bytes(_bad_text(good))
    with pytest.raises(BuildError, match="NF301"):
        build(project)
    with pytest.raises(BuildError, match="NF301"):
        check(project)
    assert run_cli(root, "build") == 1


def test_file_changed_between_validation_and_conversion_is_refused(tmp_path, monkeypatch):
    """The bytes converted to rows are those validated: an edit saved after validation
    and before conversion stops the build (it used to put unvalidated bytes in data/)."""
    root, project = _project(tmp_path, monkeypatch)
    build(project)
    before = snapshot(root / "data")
    txt = root / "corpus" / f"{ID}.txt"
    good = txt.read_bytes()
    record = json.loads((root / "corpus" / f"{ID}.json").read_text(encoding="utf-8"))
    record["title"] = "Edited title"
    write_record(root / "corpus" / f"{ID}.json", record)  # a valid edit
    real = rowlookup.ensure_entries

    def edit_then_convert(*args, **kwargs):
        txt.write_bytes(_bad_text(good))  # saved after validation, before conversion
        return real(*args, **kwargs)

    monkeypatch.setattr(rowlookup, "ensure_entries", edit_then_convert)
    with pytest.raises(BuildError, match="changed while the build was running"):
        build(project)
    assert snapshot(root / "data") == before  # data/ as it was


@pytest.mark.parametrize("damage", ["empty", "truncated", "garbage"])
def test_damaged_row_cache_entry_is_made_again(tmp_path, monkeypatch, damage):
    """Issue 18 item 3: an entry emptied (a crash before the data reached the disk),
    truncated or overwritten, with the rows snapshot intact: build and build --check
    remake it (they used to fail "vanished during the build" until --no-cache)."""
    root, project = _project(tmp_path, monkeypatch)
    build(project)
    first = snapshot(root)
    entries = sorted((tmp_path / "nfcache" / "rows").rglob("*.rows"))
    assert entries
    for e in entries:
        data = e.read_bytes()
        e.write_bytes({"empty": b"", "truncated": data[: len(data) // 2],
                       "garbage": bytes(len(data))}[damage])
    result = check(project)
    assert result.ok, result.problems
    for e in entries:  # --check made them again
        assert rowcache.open_entry(e.parent.parent, e.stem) is not None
        e.write_bytes(bytes(e.stat().st_size) if damage == "garbage" else b"")
    shutil.rmtree(tmp_path / "nfcache" / "shards")  # no shard linked: every entry is read
    build(project)
    assert snapshot(root) == first
    assert all(rowcache.open_entry(e.parent.parent, e.stem) is not None for e in entries)


def test_same_size_rewrite_with_the_mtime_put_back_is_read_again(tmp_path, monkeypatch):
    """Issue 18 item 9: the change check includes ctime, as git does: an invalid label
    written in place at the same size, with the mtime restored (`touch -r`), is found."""
    root, project = _project(tmp_path, monkeypatch)
    path = root / "corpus" / f"{ID}.json"
    st0 = path.stat()
    os.utime(path, ns=(st0.st_atime_ns, st0.st_mtime_ns - 5_000_000_000))  # old enough to be trusted
    build(project)
    st = path.stat()
    data = path.read_bytes()
    bad = data.replace(b'"split": "train"', b'"split": "tr4in"', 1)  # same size, not a split
    assert len(bad) == len(data) and bad != data
    with open(path, "r+b") as fh:  # in place: same inode
        fh.write(bad)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns, path.stat().st_ino) == (st.st_size, st.st_mtime_ns,
                                                                                   st.st_ino)
    with pytest.raises(BuildError, match="not valid"):
        build(project)
    assert run_cli(root, "build", "--check") == 1


def test_an_unwritable_cache_costs_only_time(tmp_path, monkeypatch, capsys):
    """Issue 18 item 12: a row cache that cannot be written (here `rows` is a file; a
    full disk alike) makes the build go on without it and say so in one line naming the
    cache folder (it used to fail: "cannot write: ... Not a directory")."""
    root, _ = _project(tmp_path, monkeypatch)
    (tmp_path / "nfcache").mkdir()
    (tmp_path / "nfcache" / "rows").write_text("in the way\n", encoding="utf-8")
    assert run_cli(root, "build") == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "cannot be written" in line]
    assert len(lines) == 1 and str(tmp_path / "nfcache" / "rows") in lines[0], err
    assert run_cli(root, "build", "--check") == 0
    assert run_cli(root, "build", "--check", "--no-cache") == 0


_FULL_DISK = r"""
import os, resource, signal, sys
from pathlib import Path
from newsframes.dataset import rowcache, stream
from newsframes.dataset.bundle import bundles

corpus, cache, out = map(Path, sys.argv[1:4])
members = []
for p in sorted(corpus.glob("*.json")):
    key, meta = rowcache.make_entry(str(p), str(cache))
    members.append((key, meta.n_rows("articles")))
task = {"cache": str(cache), "members": members, "config": "articles", "sources": {},
        "schema": bundles()["articles"].schema_bytes, "parquet": str(out), "jsonl": str(out) + ".jsonl", "old": None}
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))  # the disk is full after 64 bytes
try:
    stream.write_shard(task)
except OSError as exc:
    print("OSError", exc.errno)
"""


def test_a_full_disk_while_writing_a_shard_prints_no_pyarrow_traceback(tmp_path, monkeypatch):
    """Issue 18 item 12: the Parquet writer of a shard that failed is closed for good;
    pyarrow's "Exception ignored in ParquetWriter.__del__" used to follow the error."""
    import subprocess
    import sys

    _, project = _project(tmp_path, monkeypatch)
    proc = subprocess.run([sys.executable, "-c", _FULL_DISK, str(project.corpus), str(tmp_path / "rows"),
                           str(tmp_path / "shard.parquet")], capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ})
    assert proc.stdout.startswith("OSError"), (proc.stdout, proc.stderr)
    assert "Exception ignored" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
