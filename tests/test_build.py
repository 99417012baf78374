"""`newsframes build`: files, determinism, atomicity, manifest, summary, the rows view
(`newsframes rows`, which stands in for the dropped JSON Lines mirror)."""

from __future__ import annotations

import hashlib
import json
import re

import pyarrow.parquet as pq
import pytest
from test_build_support import isolate, make_project, run_cli, snapshot

from newsframes import __version__
from newsframes.dataset.features import CONFIGS, features_for
from newsframes.dataset.rows import record_from_article_row, rows_by_config
from newsframes.dataset.rowview import iter_rows
from newsframes.taxonomy import load_taxonomies


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


@pytest.fixture
def built(tmp_path, capsys):
    root = make_project(tmp_path)
    assert run_cli(root, "build") == 0
    return root


def test_build_writes_configs_and_manifest(built, capsys):
    files = sorted(p.relative_to(built / "data").as_posix() for p in (built / "data").rglob("*") if p.is_file())
    assert "MANIFEST.json" in files
    for cfg in CONFIGS:
        assert f"{cfg}/train-00000-of-00001.parquet" in files
        assert f"{cfg}/validation-00000-of-00001.parquet" in files
    assert not any(f.startswith(f"{c}/test-") for c in CONFIGS for f in files)  # empty split: no file
    assert not any(f.startswith("jsonl/") or f.endswith(".jsonl") for f in files)  # no mirror (issue 26)
    man = json.loads((built / "data" / "MANIFEST.json").read_text(encoding="utf-8"))
    assert man["version"] == __version__ and man["articles"] == 2
    assert man["configs"]["articles"] == {"train": 1, "validation": 1, "test": 0}
    assert man["configs"]["mentions"] == {"train": 5, "validation": 5, "test": 0}
    for path, info in man["files"].items():
        data = (built / path).read_bytes()
        assert info["bytes"] == len(data)
        assert path.endswith(".parquet") and pq.ParquetFile(built / path).metadata.num_rows == info["rows"]
    assert re.fullmatch(r"[0-9a-f]{64}", man["corpus_digest"])
    # what each group of articles was made from (docs/caches.md): its articles' digests and files
    assert set(man["built_from"]) == {"format", "code", "taxonomies", "datasets"}
    grouped = {a["id"]: (g["split"], a) for g in man["groups"] for a in g["articles"]}
    for p in (built / "corpus").glob("*.json"):
        split, facts = grouped[p.stem]
        assert facts["record_sha256"] == hashlib.sha256(p.read_bytes()).hexdigest()
        assert facts["text_sha256"] == hashlib.sha256(p.with_suffix(".txt").read_bytes()).hexdigest()
        assert split == json.loads(p.read_text(encoding="utf-8"))["split"]
    assert sorted(path for g in man["groups"] for path in g["files"].values()) == sorted(man["files"])


def test_summary_table_and_load_line(tmp_path, capsys):
    root = make_project(tmp_path)
    assert run_cli(root, "build") == 0
    out = capsys.readouterr().out
    assert re.search(r"articles\s+1\s+1\s+0\s+2", out)
    assert re.search(r"techniques\s+2\s+2\s+0\s+4", out)
    assert f'load_dataset("{root}", "articles")' in out


def test_two_builds_are_byte_identical(tmp_path, capsys):
    a = make_project(tmp_path / "a")
    b = make_project(tmp_path / "b")
    assert run_cli(a, "build") == 0
    first = snapshot(a / "data")
    assert run_cli(a, "build") == 0
    assert snapshot(a / "data") == first
    assert run_cli(b, "build") == 0
    assert snapshot(b / "data") == first
    assert (a / "README.md").read_bytes() == (b / "README.md").read_bytes()


def test_parquet_metadata_is_stable_and_typed(built):
    tax = load_taxonomies()
    for cfg in CONFIGS:
        f = pq.ParquetFile(built / "data" / cfg / "train-00000-of-00001.parquet")
        assert f.metadata.created_by.startswith("parquet-cpp-arrow version")
        meta = f.metadata.metadata  # the footer key-value metadata
        assert set(meta) == {b"huggingface", b"ARROW:schema"}  # nothing time-dependent
        declared = json.loads(meta[b"huggingface"])["info"]["features"]
        assert declared == features_for(cfg, tax).to_dict()
        assert f.metadata.row_group(0).column(0).compression == "ZSTD"


def test_article_rows_round_trip_to_the_records(built):
    corpus = built / "corpus"
    seen = 0
    for split in ("train", "validation"):
        for row in iter_rows(built / "data" / "articles" / f"{split}-00000-of-00001.parquet"):
            record, text = record_from_article_row(row)
            assert record == json.loads((corpus / f"{record['id']}.json").read_text(encoding="utf-8"))
            assert text == (corpus / f"{record['id']}.txt").read_text(encoding="utf-8")
            seen += 1
    assert seen == 2


def test_span_rows_have_their_sentence_as_context(built):
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (built / "corpus").glob("*.txt")}
    for cfg in ("mentions", "claims", "techniques"):
        rows = list(iter_rows(built / "data" / cfg / "train-00000-of-00001.parquet"))
        assert rows
        for r in rows:
            text = texts[r["article_id"]]
            assert text[r["start"]:r["end"]] == r["text"]
            cs = r["context_start"]
            assert text[cs:cs + len(r["context"])] == r["context"]
            assert cs <= r["start"] and r["end"] <= cs + len(r["context"])
            assert "\n" not in r["context"]
    tech = list(iter_rows(built / "data" / "techniques" / "train-00000-of-00001.parquet"))
    assert [(t["start"], t["end"]) for t in tech] == sorted((t["start"], t["end"]) for t in tech)
    assert tech[0]["context"].startswith("The Republic of Examplia")
    assert tech[0]["group"] == load_taxonomies().technique_groups[tech[0]["label"]]


def test_invalid_corpus_leaves_data_and_card_untouched(built, capsys):
    before, card = snapshot(built / "data"), (built / "README.md").read_bytes()
    path = built / "corpus" / "fixture-valid-001.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["mentions"][0]["text"] = "Lakesidd"  # no longer text[start:end]
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert run_cli(built, "build") == 1
    err = capsys.readouterr().err
    assert "not valid" in err and "fixture-valid-001" in err
    assert snapshot(built / "data") == before
    assert (built / "README.md").read_bytes() == card
    assert not [p for p in built.iterdir() if p.name.startswith(".data")]  # no temp folder left


def test_empty_corpus_is_refused(tmp_path, capsys):
    root = tmp_path / "p"
    (root / "corpus").mkdir(parents=True)
    assert run_cli(root, "build") == 1
    assert "nothing to build" in capsys.readouterr().err
    assert not (root / "data").exists()


@pytest.mark.parametrize("exchange", [True, False])
def test_swap_in_replaces_the_whole_folder(tmp_path, exchange):
    from newsframes.dataset.writer import make_temp_dir, swap_in

    out = tmp_path / "data"
    (out / "old").mkdir(parents=True)
    (out / "old" / "gone.txt").write_text("old", encoding="utf-8")
    new = make_temp_dir(out, "build")
    (new / "a").mkdir()
    (new / "a" / "x.txt").write_text("new", encoding="utf-8")
    swap_in(new, out, exchange=exchange)
    assert snapshot(out) == {"a/x.txt": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no temp or old folder left
    fresh = make_temp_dir(tmp_path / "other", "build")
    swap_in(fresh, tmp_path / "other", exchange=exchange)  # no previous folder
    assert (tmp_path / "other").is_dir()


def test_rows_view_prints_the_rows_the_records_make(built, capsys):
    """`newsframes rows FILE` (git's text conversion for data/) prints each row as the
    records make it, labels as strings, one JSON line each: what the mirror held."""
    from newsframes.cli import main
    from newsframes.corpus import iter_articles
    from newsframes.dataset.writer import jsonl_bytes

    tax = load_taxonomies()
    arts = list(iter_articles(built / "corpus"))
    capsys.readouterr()
    for cfg in CONFIGS:
        for split in ("train", "validation"):
            path = built / "data" / cfg / f"{split}-00000-of-00001.parquet"
            assert pq.read_schema(path).names == list(features_for(cfg, tax))
            want = rows_by_config([a for a in arts if a.record["split"] == split], tax)[cfg]
            assert main(["rows", str(path)]) == 0
            assert capsys.readouterr().out.encode("utf-8") == jsonl_bytes(want), (cfg, split)
