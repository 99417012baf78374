"""The warm group writer (`dataset/prewarm.py`): a helper process started when a rebuild
begins. It writes the same bytes as the build itself, it is started only when a few
records changed, and a helper that cannot start or dies costs nothing but time."""

from __future__ import annotations

import json
import sys

import pytest
from test_build_cache import synthetic_project
from test_build_support import age, isolate, snapshot

from newsframes.dataset import prewarm
from newsframes.dataset.pipeline import BuildError, Project, corpus_digests
from newsframes.dataset.pipeline import build as _build
from newsframes.jsonio import write_record
from newsframes.store import Store, store_of


def build(project, cache: bool = True):
    return _build(project, store=store_of(cache))


def _project(tmp_path, n: int) -> Project:
    """A synthetic project whose files are older than the digest index's racy window
    (files written in the same instant as a build are not remembered by it)."""
    root = synthetic_project(tmp_path, n)
    age(root / "corpus")
    return Project(corpus=root / "corpus", out=root / "data", root=root)


def _edit(root, k: int, title: str) -> None:
    path = sorted((root / "corpus").glob("*.json"))[k]
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["title"] = title
    write_record(path, rec)


def test_a_rebuild_after_an_edit_is_written_by_the_helper(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    project = _project(tmp_path, 12)
    root = project.root
    first = build(project)
    assert "helper" not in first.writers  # a first build: no helper
    _edit(root, 2, "Synthetic article (edited)")
    again = build(project)
    assert again.writers == {"helper": 1}  # the articles shard of the edited article (the others: linked)
    # the same bytes as a build that writes everything itself, without any cache
    (root / "plain").mkdir()
    (root / "plain" / "README.md").write_text("# Synthetic\n", encoding="utf-8")
    plain = build(Project(corpus=root / "corpus", out=root / "plain" / "data", root=root), cache=False)
    assert "helper" not in plain.writers
    assert snapshot(root / "data") == snapshot(root / "plain" / "data")


def test_wanted_only_for_a_rebuild_with_a_few_changed_records(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    monkeypatch.setattr(prewarm, "FEW_RECORDS", 2)
    project = _project(tmp_path, 8)
    root = project.root
    assert not prewarm.wanted(corpus_digests(project, Store.default()), project.corpus)  # never built
    assert not prewarm.wanted(None, project.corpus)  # no cache
    build(project)
    assert not prewarm.wanted(corpus_digests(project, Store.default()), project.corpus)  # nothing changed
    _edit(root, 0, "one")
    assert prewarm.wanted(corpus_digests(project, Store.default()), project.corpus)
    for k in (1, 2):
        _edit(root, k, "more")
    assert not prewarm.wanted(corpus_digests(project, Store.default()), project.corpus)  # 3 > 2: the pool's job


def test_a_helper_that_cannot_start_or_dies_leaves_the_build_to_itself(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    project = _project(tmp_path, 6)
    root = project.root
    build(project)
    dead = prewarm.WarmWriter()
    dead.proc.kill()
    dead.proc.wait()
    assert dead.write([]) is None
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    assert prewarm.WarmWriter().proc is None
    _edit(root, 1, "Synthetic article (edited)")
    again = build(project)
    assert again.writers == {"here": 1}


def _task(tmp_path, members: list, schema: bytes | None = None) -> dict:
    from newsframes.dataset.bundle import bundles
    from newsframes.dataset.features import CONFIGS

    return {"policy": None, "sources": [], "members": members,
            "schemas": {c: schema or bundles()[c].schema_bytes for c in CONFIGS},
            "descs": {c: bundles()[c].desc for c in CONFIGS},
            "out": {c: str(tmp_path / "out" / f"{c}.parquet") for c in CONFIGS}}


def test_a_record_changed_during_the_build_stops_it_through_the_helper(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    project = _project(tmp_path, 1)
    path = next(project.corpus.glob("*.json"))
    with pytest.raises(BuildError, match="changed while the build was running"):
        prewarm.WarmWriter().write([_task(tmp_path, [["convert", str(path), ["0" * 64, "0" * 64]]])])


def test_an_unexpected_error_in_the_helper_leaves_the_groups_to_the_build(tmp_path):
    """Not a record changed (here: a schema pyarrow cannot read): the helper answers
    "failed" and `write` returns None, so the build writes the groups itself."""
    assert prewarm.WarmWriter().write([_task(tmp_path, [], b"not a schema")]) is None


def test_the_helper_converts_records_without_the_store(tmp_path, monkeypatch):
    """The helper blocks numpy (so `datasets`): it converts a record with the encoders of
    its task, whatever the store holds (it used to derive the features, which needs
    `datasets`, when the store had none: the build then wrote the group itself)."""
    from newsframes.dataset.bundle import bundles

    isolate(tmp_path, monkeypatch)
    project = _project(tmp_path, 1)
    path = next(project.corpus.glob("*.json"))
    bundles()  # in this process, from `datasets`; the helper's store stays empty
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(tmp_path / "empty-store"))
    got = prewarm.WarmWriter().write([_task(tmp_path, [["convert", str(path), None]])])
    assert got is not None and got[0]["files"]["articles"]["rows"] == 1
    assert not (tmp_path / "empty-store" / "features").exists()
