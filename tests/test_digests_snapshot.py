"""The two small caches behind incremental builds: `digests.DigestIndex` (sha256 by stat
signature) and `snapshot.Snapshot` (per-folder facts by content key). A stale entry may
cost a miss, never a wrong answer."""

from __future__ import annotations

import hashlib

import pytest
from test_build_support import age

from newsframes.digests import DigestIndex
from newsframes.snapshot import Snapshot


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_digest_is_remembered_and_an_edit_of_the_same_size_is_seen(tmp_path):
    folder, cache = tmp_path / "c", tmp_path / "cache"
    folder.mkdir()
    f = folder / "a.json"
    f.write_bytes(b"AAAA")
    age(f, 20)
    idx = DigestIndex(folder, cache)
    assert idx.sha256("a.json") == _sha(b"AAAA")
    idx.save()
    again = DigestIndex(folder, cache)
    assert again.known("a.json") == _sha(b"AAAA")  # from the index, without reading
    f.write_bytes(b"BBBB")  # same size, same inode, new mtime
    age(f, 5)
    fresh = DigestIndex(folder, cache)
    assert fresh.known("a.json") is None
    assert fresh.sha256("a.json") == _sha(b"BBBB")


def test_a_file_younger_than_the_racy_window_is_not_remembered(tmp_path):
    folder, cache = tmp_path / "c", tmp_path / "cache"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"x")  # mtime: now
    idx = DigestIndex(folder, cache)
    assert idx.sha256("a.txt") == _sha(b"x")
    idx.save()
    assert DigestIndex(folder, cache).known("a.txt") is None


def test_a_damaged_index_is_ignored_and_no_cache_means_no_file(tmp_path):
    folder, cache = tmp_path / "c", tmp_path / "cache"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"x")
    age(folder / "a.txt")
    idx = DigestIndex(folder, cache)
    idx.sha256("a.txt")
    idx.save()
    idx.file.write_text("{not json", encoding="utf-8")
    assert DigestIndex(folder, cache).known("a.txt") is None
    none = DigestIndex(folder, None)
    assert none.sha256("a.txt") == _sha(b"x")
    none.save()
    assert none.file is None


def test_snapshot_keeps_what_this_run_used_and_a_new_env_starts_empty(tmp_path):
    s = Snapshot(tmp_path, "rows", tmp_path / "corpus", env="e1")
    s.put("k1", {"v": 1})
    s.put("k2", {"v": 2})
    s.save()
    t = Snapshot(tmp_path, "rows", tmp_path / "corpus", env="e1")
    assert t.get("k1") == {"v": 1}
    t.put("k3", {"v": 3})
    t.save()  # k2 was not used in this run: dropped
    u = Snapshot(tmp_path, "rows", tmp_path / "corpus", env="e1")
    assert u.get("k2") is None and u.get("k3") == {"v": 3} and u.get("k1") == {"v": 1}
    assert Snapshot(tmp_path, "rows", tmp_path / "corpus", env="e2").get("k1") is None
    assert Snapshot(tmp_path, "results", tmp_path / "corpus", env="e1").get("k1") is None


def test_validation_through_the_snapshot_reports_a_same_size_edit(tmp_path, monkeypatch):
    """An edit that keeps the file size is still re-validated by a cached build."""
    import json

    from test_build_support import isolate, make_project, run_cli

    isolate(tmp_path, monkeypatch)
    root = make_project(tmp_path)
    for p in (root / "corpus").iterdir():
        age(p, 30)
    assert run_cli(root, "build") == 0
    path = root / "corpus" / "fixture-valid-001.json"
    text = path.read_text(encoding="utf-8")
    rec = json.loads(text)
    word = rec["mentions"][0]["text"]
    bad = text.replace(f'"text": "{word}"', f'"text": "{word[:-1]}{"X" if word[-1] != "X" else "Y"}"', 1)
    assert len(bad) == len(text) and bad != text
    path.write_text(bad, encoding="utf-8")
    assert run_cli(root, "build") == 1


def test_cache_files_are_written_whole_or_not_at_all(tmp_path):
    from newsframes.cachefile import write_cache_file

    target = tmp_path / "sub" / "entry.json"
    assert write_cache_file(target, b"{}") and target.read_bytes() == b"{}"
    blocked = tmp_path / "file-not-folder"
    blocked.write_bytes(b"x")  # a file where the cache wants a folder: the write fails
    assert write_cache_file(blocked / "entry.json", b"{}") is False  # quiet: only costs time
    with pytest.raises(OSError):
        write_cache_file(blocked / "entry.json", b"{}", quiet=False)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["entry.json", "file-not-folder", "sub"]
