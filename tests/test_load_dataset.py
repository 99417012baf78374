"""The built folder as `datasets` sees it: every config loads offline, typed exactly as
declared, with the manifest's row counts; streaming gives the same rows; other readers
(pyarrow, DuckDB when installed) read the Parquet. Each load runs in a subprocess with a
fresh HF cache in tmp_path (set before `datasets` is imported) so no stale cache hides a
bug."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pyarrow.parquet as pq
import pytest
from test_build_support import isolate, make_project, run_cli

from newsframes.dataset.features import CONFIGS, features_for
from newsframes.jsonio import write_record

LOADER = textwrap.dedent("""
    import json, sys
    from datasets import load_dataset
    from newsframes.dataset.features import features_for
    from newsframes.taxonomy import load_taxonomies

    root, configs = sys.argv[1], sys.argv[2].split(",")
    tax = load_taxonomies()
    out = {}
    for cfg in configs:
        ds = load_dataset(root, cfg)
        st = load_dataset(root, cfg, streaming=True)
        res = {"splits": {}, "features_equal": True, "streaming_equal": True}
        for split, d in ds.items():
            res["splits"][split] = d.num_rows
            res["features_equal"] &= d.features == features_for(cfg, tax)
            res["streaming_equal"] &= list(st[split]) == d.to_list()
        first = next(iter(ds.values()))
        res["class_labels"] = {k: v.names for k, v in first.features.items() if hasattr(v, "names")}
        res["first_row"] = first[0] if first.num_rows else None
        if cfg == "articles":
            res["ids"] = {split: list(d["id"]) for split, d in ds.items()}
        out[cfg] = res
    if "articles" in configs:  # no config name: the default (articles)
        out["default"] = {k: [v.num_rows, list(v.features)] for k, v in load_dataset(root).items()}
    print(json.dumps(out))
""")


def load_in_subprocess(root, tmp_path, configs=CONFIGS) -> dict:
    env = dict(os.environ)
    env.update({"HF_HOME": str(tmp_path / "hf"), "HF_DATASETS_CACHE": str(tmp_path / "hf" / "datasets"),
                "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
                "NEWSFRAMES_CACHE": str(tmp_path / "nfcache")})
    proc = subprocess.run([sys.executable, "-c", LOADER, str(root), ",".join(configs)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Ignoring part of dataset_info" not in proc.stderr, proc.stderr  # a malformed card
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


def test_every_config_loads_typed_with_manifest_counts(tmp_path):
    root = make_project(tmp_path)
    assert run_cli(root, "build") == 0
    man = json.loads((root / "data/MANIFEST.json").read_text(encoding="utf-8"))
    got = load_in_subprocess(root, tmp_path)
    from newsframes.taxonomy import load_taxonomies

    tax = load_taxonomies()
    for cfg in CONFIGS:
        res = got[cfg]
        assert res["features_equal"], cfg
        assert res["streaming_equal"], cfg
        expected = {s: n for s, n in man["configs"][cfg].items() if n}
        assert res["splits"] == expected, cfg
    assert got["default"] == {s: [n, list(features_for("articles", tax))] for s, n in got["articles"]["splits"].items()}
    assert got["articles"]["class_labels"] == {"genre": tax.genre, "primary_frame": tax.frames}
    assert got["techniques"]["class_labels"]["label"] == tax.techniques
    row = got["articles"]["first_row"]
    assert row["id"] == "fixture-valid-001" and row["genre"] == tax.genre.index("reporting")
    assert row["frames"] == [tax.frames.index("Political"), tax.frames.index("External_regulation_and_reputation")]
    assert row["claims"][0]["cue"] == {"start": 107, "end": 121, "text": "officials said"}
    assert row["timexes"][0]["mod"] is None
    mention = got["mentions"]["first_row"]
    assert mention["entity_type"] == tax.entity_types.index("GPE") and mention["entity_name"] == "Lakeside"


def test_other_readers(tmp_path):
    root = make_project(tmp_path)
    assert run_cli(root, "build") == 0
    paths = sorted((root / "data").glob("*/*.parquet"))
    assert len(paths) == 2 * len(CONFIGS)
    for p in paths:
        assert pq.read_table(p).num_rows >= 1
    duckdb = pytest.importorskip("duckdb")
    n = duckdb.sql(f"select count(*) from read_parquet('{root}/data/mentions/*.parquet')").fetchall()[0][0]
    assert n == 10


def test_a_config_without_rows_is_left_out_and_the_rest_loads(tmp_path, capsys):
    root = make_project(tmp_path, second=False)
    path = root / "corpus" / "fixture-valid-001.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["techniques"] = []
    write_record(path, record)
    assert run_cli(root, "build") == 0
    assert "config 'techniques' has no rows" in capsys.readouterr().out
    assert not (root / "data" / "techniques").exists()
    assert "config_name: techniques" not in (root / "README.md").read_text(encoding="utf-8")
    got = load_in_subprocess(root, tmp_path, ["articles", "mentions"])
    assert got["articles"]["splits"] == {"train": 1} and got["articles"]["features_equal"]
    assert got["mentions"]["splits"] == {"train": 5}


def test_a_rebuild_is_seen_through_a_warm_cache(tmp_path):
    """`datasets` reuses cached local data unless it notices the change: a rebuild with
    the same row count and card must still be seen."""
    root = make_project(tmp_path, second=False)
    assert run_cli(root, "build") == 0
    assert load_in_subprocess(root, tmp_path, ["techniques"])["techniques"]["first_row"]["note"] is None
    path = root / "corpus" / "fixture-valid-001.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    for t in record["techniques"]:
        t["note"] = "edited"
    write_record(path, record)
    assert run_cli(root, "build") == 0
    assert load_in_subprocess(root, tmp_path, ["techniques"])["techniques"]["first_row"]["note"] == "edited"


def test_several_shards_per_split(tmp_path, monkeypatch):
    """Content-defined shards: with one article per shard (m = 1) the splits have
    several files, all listed in the card, and they load back in id order."""
    from test_build_cache import synthetic_project

    from newsframes.dataset import groups as shards

    monkeypatch.setattr(shards, "MIN_PER_SHARD", 1)
    root = synthetic_project(tmp_path, 6)
    assert run_cli(root, "build", "--corpus", str(root / "corpus")) == 0
    names = sorted(p.name for p in (root / "data" / "articles").glob("*.parquet"))
    assert len(names) == 6  # one per article
    card = (root / "README.md").read_text(encoding="utf-8")
    assert all(f"data/articles/{s}" in card for s in names)
    got = load_in_subprocess(root, tmp_path, ["articles"])["articles"]
    assert got["features_equal"] and got["streaming_equal"]
    assert sum(got["splits"].values()) == 6
    assert all(ids == sorted(ids) for ids in got["ids"].values())


def test_revision_is_ignored_for_a_local_clone(tmp_path):
    """What the pinning advice (README, DATASHEET, the card's release line) rests on:
    `load_dataset(<folder>, revision=...)` loads the folder as it is, whatever the revision,
    even one that does not exist. In a clone, a version is pinned by checking it out; on
    the Hub, `revision` selects the tag. If `datasets` ever honours `revision` for a folder
    this test fails, and the advice must change."""
    root = make_project(tmp_path)
    assert run_cli(root, "build") == 0
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A"],
                   check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit",
                    "-qm", "v1", "--no-verify"], check=True)
    subprocess.run(["git", "-C", str(root), "tag", "v-old"], check=True)
    first = sorted((root / "corpus").glob("*.json"))[0]
    first.unlink()
    first.with_suffix(".txt").unlink()
    assert run_cli(root, "build") == 0  # the working tree now holds one article fewer than tag v-old
    n_now = sum(json.loads((root / "data/MANIFEST.json").read_text(encoding="utf-8"))["configs"]["articles"].values())
    code = ("import json, sys; from datasets import load_dataset\n"
            "out = {}\n"
            "for rev in (None, 'v-old', 'no-such-revision'):\n"
            "    ds = load_dataset(sys.argv[1], 'articles', revision=rev)\n"
            "    out[str(rev)] = sum(s.num_rows for s in ds.values())\n"
            "print(json.dumps(out))")
    env = dict(os.environ, HF_HOME=str(tmp_path / "hf"), HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1",
               HF_DATASETS_DISABLE_PROGRESS_BARS="1")
    proc = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = json.loads(proc.stdout.strip().splitlines()[-1])
    assert rows == {"None": n_now, "v-old": n_now, "no-such-revision": n_now}
