"""The store and the fast paths change no result: validation with and without the results
snapshot, builds with a cold, warm and no store (and after an edit, which rewrites one
group, its unchanged articles' rows copied from the previous files), the streamed Parquet
shards against whole-table writes, the fast label encoder against
`datasets.Features.encode_example`, and the level-1 fast path against the careful path."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from test_build_support import (
    age,
    isolate,
    make_project,
    rows_with_nulls,
    run_cli,
    snapshot,
)

from newsframes.dataset import writer
from newsframes.dataset.pipeline import Project, build
from newsframes.jsonio import canonical_dumps, write_record
from newsframes.store import Store, store_of
from newsframes.validate import Config, l1_file, validate_corpus

ROOT = Path(__file__).resolve().parents[1]


def _synth_module():
    spec = importlib.util.spec_from_file_location("make_synthetic_corpus", ROOT / "scripts" / "make_synthetic_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_synthetic_corpus", mod)
    spec.loader.exec_module(mod)
    return mod


def synthetic_project(tmp_path: Path, n: int) -> Path:
    """A project with `n` synthetic articles made from the seed's record (tmp_path only)."""
    from newsframes.corpus import read_article

    synth = _synth_module()
    src = read_article(ROOT / "corpus" / "lavrov-kyrgyzstan-visit.json")
    root = tmp_path / "synth"
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    for i in range(n):
        rec, text = synth.synthesize(src.record, src.text, i)
        (corpus / f"{rec['id']}.txt").write_text(text, encoding="utf-8")
        (corpus / f"{rec['id']}.json").write_text(canonical_dumps(rec), encoding="utf-8")
    (root / "README.md").write_text("# Synthetic\n", encoding="utf-8")
    return root


def _build(root: Path, out: str, *, cache: bool) -> dict[str, bytes]:
    project = Project(corpus=root / "corpus", out=root / out / "data", root=root)
    (root / out).mkdir(exist_ok=True)
    (root / out / "README.md").write_text("# Synthetic\n", encoding="utf-8")
    build(project, store=store_of(cache))
    return snapshot(root / out)


def test_build_same_with_cold_warm_and_no_cache_and_after_an_edit(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    root = synthetic_project(tmp_path, 12)
    cold = _build(root, "a", cache=True)
    groups = tmp_path / "nfcache" / "groups"
    made = {p.stem for p in groups.rglob("*.json")}
    assert len(made) == 2  # 12 articles: one group a split (train, validation)
    results = list((tmp_path / "nfcache" / "snapshots").glob("results-*.json"))
    assert len(results) == 1 and len(json.loads(results[0].read_bytes())["entries"]) == 12
    warm = _build(root, "b", cache=True)
    plain = _build(root, "c", cache=False)
    assert cold == warm == plain
    assert any(k.endswith(".parquet") for k in cold)
    # edit one article: the warm, incremental build equals a build without cache
    first = sorted((root / "corpus").glob("*.json"))[0]
    rec = json.loads(first.read_text(encoding="utf-8"))
    rec["title"] = "Edited synthetic title"
    write_record(first, rec)
    inc = _build(root, "d", cache=True)
    fresh = _build(root, "e", cache=False)
    assert inc == fresh != plain
    assert len({p.stem for p in groups.rglob("*.json")} - made) == 1  # the edited article's group


def test_damaged_store_objects_are_made_again(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    root = make_project(tmp_path)
    project = Project(corpus=root / "corpus", out=root / "data", root=root)
    build(project, store=Store.default())
    first = snapshot(root)
    for kind in ("groups", "outputs", "features", "tokens"):
        for entry in (tmp_path / "nfcache" / kind).rglob("*.json"):
            entry.write_bytes(entry.read_bytes()[:-7])  # truncated
    for entry in (tmp_path / "nfcache" / "snapshots").glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    build(project, store=Store.default())
    assert snapshot(root) == first


def test_streamed_shards_equal_whole_table_writes(tmp_path, monkeypatch):
    """Several content-defined shards per split, of more than one row group: each
    Parquet file equals `writer.parquet_bytes` of its articles' rows (a whole-table
    write through `datasets` encoding), whether its rows were converted or copied from
    the previous files."""
    import pyarrow.parquet as pq

    from newsframes.corpus import iter_articles
    from newsframes.dataset import groups as shards
    from newsframes.dataset import write as stream
    from newsframes.dataset.features import features_for
    from newsframes.dataset.rows import rows_by_config
    from newsframes.taxonomy import load_taxonomies

    isolate(tmp_path, monkeypatch)
    monkeypatch.setattr(shards, "MIN_PER_SHARD", 4)
    monkeypatch.setattr(writer, "ROW_GROUP_SIZE", 150)
    monkeypatch.setattr(stream, "PARSE_BYTES", 20_000)  # several parses per row group
    root = synthetic_project(tmp_path, 40)
    arts = sorted(iter_articles(root / "corpus"), key=lambda a: a.id)
    tax = load_taxonomies()
    # full text (the synthetic records copy the seed's `unknown` rights): rows_by_config's rows
    project = Project(corpus=root / "corpus", out=root / "data", root=root, withhold=False)
    feats = features_for("mentions", tax)
    train = [a for a in arts if a.record["split"] == "train"]
    cuts = shards.cuts([a.id for a in train], 4)
    assert len(cuts) > 2
    for store in (None, Store(tmp_path / "store")):  # converted; then copied (the edited group aside)
        if store is not None:
            build(project, store=store)
            path = sorted((root / "corpus").glob("*.json"))[0]
            rec = json.loads(path.read_text(encoding="utf-8"))
            rec["genre"]["note"] = "edited: only the articles rows change"
            write_record(path, rec)
            arts = sorted(iter_articles(root / "corpus"), key=lambda a: a.id)
            train = [a for a in arts if a.record["split"] == "train"]
        build(project, store=store)
        for k, (a, b) in enumerate(cuts):
            rows = rows_by_config(train[a:b], tax)["mentions"]
            path = root / "data" / "mentions" / shards.shard_name("train", k, len(cuts), "parquet")
            assert path.read_bytes() == writer.parquet_bytes(rows, feats)[0]
    assert any(pq.ParquetFile(p).metadata.num_row_groups > 1 for p in (root / "data" / "mentions").glob("train-*"))


def test_an_edit_rewrites_one_shard_and_links_the_others(tmp_path, monkeypatch):
    """With the cache, a rebuild after editing one article writes only the shards whose
    rows changed; the others are the previous files (same inode); the result equals a
    build without cache."""
    from newsframes.dataset import groups as shards

    isolate(tmp_path, monkeypatch)
    monkeypatch.setattr(shards, "MIN_PER_SHARD", 4)
    root = synthetic_project(tmp_path, 30)
    project = Project(corpus=root / "corpus", out=root / "data", root=root)
    first = build(project, store=Store.default())
    assert first.reused == 0 and first.written > 8
    inodes = {p.relative_to(root).as_posix(): p.stat().st_ino for p in (root / "data").rglob("*.*")}
    path = sorted((root / "corpus").glob("*.json"))[3]
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["title"] = "Synthetic article (edited)"
    write_record(path, rec)
    again = build(project, store=Store.default())
    assert again.written == 1 and again.reused == first.written - 1  # the articles shard only
    now = {p.relative_to(root).as_posix(): p.stat().st_ino for p in (root / "data").rglob("*.*")}
    changed = sorted(k for k in now if now[k] != inodes.get(k) and k.endswith(".parquet"))
    assert len(changed) == 1 and all("/articles/" in k for k in changed), changed
    _build(root, "nocache", cache=False)
    assert snapshot(root / "data") == snapshot(root / "nocache" / "data")


def test_fast_encoder_equals_datasets_encode_example(tmp_path):
    import pyarrow as pa

    from newsframes.dataset.encode import row_encoder
    from newsframes.dataset.features import CONFIGS, features_for

    rows, tax = rows_with_nulls(tmp_path)
    for cfg in CONFIGS:
        feats = features_for(cfg, tax)
        enc = row_encoder(feats)
        assert rows[cfg], cfg
        fast = pa.Table.from_pylist([enc(r) for r in rows[cfg]], schema=feats.arrow_schema)
        slow = pa.Table.from_pylist([feats.encode_example(r) for r in rows[cfg]], schema=feats.arrow_schema)
        assert fast.equals(slow), cfg


def _lookup(corpus: Path, cache: Path):
    """The build's results lookup for `corpus` (digest index and snapshot under `cache`)."""
    from newsframes.digests import DigestIndex
    from newsframes.snapshot import Snapshot
    from newsframes.validate import resultcache

    cfg = Config()
    env = resultcache.env_key(cfg.schema_path, cfg.taxonomy_dir)
    return resultcache.Lookup(DigestIndex(corpus, cache), Snapshot(cache, "results", corpus, env))


def _careful(json_path, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(l1_file, "clean_record", lambda *a: None)
        return l1_file.check_file(json_path, "x.json", "x.txt")


@pytest.mark.parametrize("mutate", [
    lambda s: s,  # clean: the fast path takes it
    lambda s: s.replace('{\n  "schema_version"', '{\n  "id": "dup",\n  "schema_version"', 1),  # duplicate key
    lambda s: s.replace('"start": 0', '"start": 0.0', 1),  # a float
    lambda s: s.replace('"language": "en",\n  "title"', '"title"', 1).replace(
        '"split"', '"language": "en",\n  "split"', 1),  # keys out of schema order
    lambda s: s.replace('"notes": [', '"notes": [' + "[" * 70 + "]" * 70 + ",", 1),  # too deep
    lambda s: s.rstrip("\n"),  # not canonical (no final newline)
    lambda s: s.replace("\n", "\r\n"),
    lambda s: "\ufeff" + s,
    lambda s: s.replace('"en"', '"e\u0301n"', 1),  # not NFC
    lambda s: s.replace('"schema_version"', '"schema_version\u200b"', 1),
    lambda s: s[:-30],  # broken JSON
    lambda s: s.replace('"id": "', '"id": "other-', 1),  # id differs from the file name
])
def test_level1_fast_path_equals_careful_path(tmp_path, monkeypatch, mutate):
    root = make_project(tmp_path, second=False)
    path = next((root / "corpus").glob("*.json"))
    path.write_bytes(mutate(path.read_text(encoding="utf-8")).encode("utf-8"))
    fast_issues, fast_loaded = l1_file.check_file(path, "x.json", "x.txt")
    slow_issues, slow_loaded = _careful(path, monkeypatch)
    assert fast_issues == slow_issues
    assert fast_loaded.record == slow_loaded.record and fast_loaded.text == slow_loaded.text


def test_validation_same_with_and_without_the_results_snapshot(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    root = make_project(tmp_path)
    corpus = root / "corpus"
    first, bad = sorted(corpus.glob("*.json"))
    rec = json.loads(first.read_text(encoding="utf-8"))
    rec["frames"]["labels"].append("Not a frame")  # NF204
    write_record(first, rec)
    rec = json.loads(bad.read_text(encoding="utf-8"))
    rec["mentions"][0]["text"] = "not the text"  # NF303
    write_record(bad, rec)
    txt = bad.with_suffix(".txt")
    txt.write_bytes(txt.read_bytes().replace(b"\n", b"  \n", 1))  # NF109 on the .txt, NF301
    age(corpus)  # older than the digest index's racy window
    plain = validate_corpus(corpus, project_root=root, config=Config(cache_dir=None))
    cold_lookup = _lookup(corpus, tmp_path)
    cold = validate_corpus(corpus, project_root=root, lookup=cold_lookup)
    cold_lookup.save()  # as the build does
    warm_lookup = _lookup(corpus, tmp_path)
    assert len(warm_lookup.snapshot.old) == 2  # both records' results were kept
    warm = validate_corpus(corpus, project_root=root, lookup=warm_lookup)
    assert not warm_lookup.digests.dirty and not warm_lookup.snapshot.new.keys() - warm_lookup.snapshot.old.keys()
    texts = [r.format("json") for r in (plain, cold, warm)]
    assert texts[0] == texts[1] == texts[2]
    assert {"NF109", "NF204"} <= {i.code for i in plain.issues}
    assert any(i.path.endswith(".txt") for i in warm.issues)


def test_a_rebuild_says_how_many_shards_it_wrote(tmp_path, monkeypatch, capsys):
    from newsframes.dataset import groups as shards

    isolate(tmp_path, monkeypatch)
    monkeypatch.setattr(shards, "MIN_PER_SHARD", 4)
    root = synthetic_project(tmp_path, 30)
    assert run_cli(root, "build") == 0
    assert "shards:" not in capsys.readouterr().out  # a first build links nothing
    path = sorted((root / "corpus").glob("*.json"))[5]
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["title"] = "Synthetic article (edited again)"
    write_record(path, rec)
    assert run_cli(root, "build") == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("shards:"))
    written, unchanged = (int(w) for w in line.split() if w.isdigit())
    assert written == 1 and unchanged > 8, line


def test_a_rewritten_group_converts_only_its_changed_articles(tmp_path, monkeypatch):
    """The unchanged articles of a group that must be written are copied from the previous
    build's files (their bytes checked first); only the edited record is converted. A
    previous file changed behind the build's back is not copied from: every article of the
    group is converted, and the result is the same."""
    from newsframes.dataset import articles, write
    from newsframes.dataset.pipeline import Options, build_folder, records, validate

    isolate(tmp_path, monkeypatch)
    root = synthetic_project(tmp_path, 12)
    project = Project(corpus=root / "corpus", out=root / "data", root=root)
    store = Store.default()
    build(project, store=store)
    path = sorted((root / "corpus").glob("*.json"))[0]
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["title"] = "Edited synthetic title"
    write_record(path, rec)
    seen: list[str] = []
    real = articles.convert
    monkeypatch.setattr(articles, "convert", lambda p, *a: (seen.append(Path(p).name), real(p, *a))[1])

    def rebuild(name: str):
        folder = root / name
        folder.mkdir()
        return build_folder(project, folder, records(project, validate(project, store=store)),
                            Options(store=store, jobs=1)), snapshot(folder)

    _, fast = rebuild("fast")
    assert seen == [path.name]
    seen.clear()
    real_rows = write._Rows

    def stale(path, sha, plain):  # the previous file is not the bytes it was known by
        return real_rows(path, "0" * 64, plain)
    monkeypatch.setattr(write, "_Rows", stale)
    _, slow = rebuild("slow")
    assert path.name in seen and len(seen) > 1  # the whole group, converted
    assert slow == fast
    _build(root, "plain", cache=False)
    assert fast == snapshot(root / "plain" / "data")


def test_row_groups_are_sized_per_config(tmp_path, monkeypatch):
    """A row of the articles config is a whole article, so its files keep small row groups
    (`ARTICLES_ROW_GROUP_SIZE`); the other configs' files take `ROW_GROUP_SIZE` rows."""
    import pyarrow.parquet as pq

    isolate(tmp_path, monkeypatch)
    monkeypatch.setattr(writer, "ARTICLES_ROW_GROUP_SIZE", 3)
    monkeypatch.setattr(writer, "ROW_GROUP_SIZE", 400)
    root = synthetic_project(tmp_path, 12)
    build(Project(corpus=root / "corpus", out=root / "data", root=root), store=None)
    for cfg, size in (("articles", 3), ("mentions", 400), ("claims", 400)):
        for path in (root / "data" / cfg).glob("*.parquet"):
            meta = pq.ParquetFile(path).metadata
            sizes = [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]
            assert all(n == size for n in sizes[:-1]) and 0 < sizes[-1] <= size, (cfg, sizes)
    articles = [pq.ParquetFile(p).metadata.num_row_groups for p in (root / "data" / "articles").glob("*.parquet")]
    assert max(articles) > 1
