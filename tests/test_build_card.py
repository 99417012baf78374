"""The dataset card's YAML front matter."""

from __future__ import annotations

import fnmatch
import json

import pytest
import yaml
from test_build_support import README_PROSE, isolate, make_project, run_cli

from newsframes.dataset.card import split_front_matter, with_front_matter
from newsframes.dataset.features import CONFIGS
from newsframes.taxonomy import load_taxonomies


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


def _card(root):
    yaml_text, rest = split_front_matter((root / "README.md").read_text(encoding="utf-8"))
    return yaml.safe_load(yaml_text), rest


def test_front_matter_created_then_replaced_prose_kept(tmp_path):
    root = make_project(tmp_path)
    assert run_cli(root, "build") == 0
    text = (root / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\nlicense: other\n")
    meta, rest = _card(root)
    assert rest == README_PROSE
    # an old front matter is replaced, the prose stays byte-identical
    (root / "README.md").write_text("---\npretty_name: old\n---\n" + README_PROSE, encoding="utf-8")
    assert run_cli(root, "build") == 0
    assert (root / "README.md").read_text(encoding="utf-8") == text


def test_with_front_matter_edge_cases():
    assert with_front_matter("", "a: 1\n") == "---\na: 1\n---\n"
    assert with_front_matter("---\n---\nbody\n", "a: 1") == "---\na: 1\n---\nbody\n"
    body = "text\n---\nnot front matter\n---\n"
    assert with_front_matter(body, "a: 1\n") == "---\na: 1\n---\n" + body
    assert split_front_matter("---\nx: 1\n---\r\nrest") == (None, "---\nx: 1\n---\r\nrest")


def test_card_configs_match_dataset_info_and_files(tmp_path):
    root = make_project(tmp_path)
    assert run_cli(root, "build") == 0
    meta, _ = _card(root)
    assert meta["license"] == "other" and meta["license_name"] and meta["language"] == ["en"]
    assert "version" not in meta
    names = [c["config_name"] for c in meta["configs"]]
    assert names == list(CONFIGS)
    assert [d["config_name"] for d in meta["dataset_info"]] == names  # a typo would load untyped
    assert [c for c in meta["configs"] if c.get("default")] == [meta["configs"][0]]
    files = sorted(p.relative_to(root).as_posix() for p in (root / "data").rglob("*") if p.is_file())
    man = json.loads((root / "data/MANIFEST.json").read_text(encoding="utf-8"))
    for cfg, info in zip(meta["configs"], meta["dataset_info"], strict=True):
        assert [d["split"] for d in cfg["data_files"]] == ["train", "validation"]  # empty test left out
        for entry in cfg["data_files"]:
            matched = [f for f in files if fnmatch.fnmatch(f, entry["path"])]
            assert matched == [entry["path"]] and matched[0].endswith(".parquet")
        for split in info["splits"]:
            assert split["num_examples"] == man["configs"][cfg["config_name"]][split["name"]]


def test_card_class_labels_are_the_taxonomies(tmp_path):
    root = make_project(tmp_path)
    assert run_cli(root, "build") == 0
    meta, _ = _card(root)
    tax = load_taxonomies()
    info = {d["config_name"]: {f["name"]: f for f in d["features"]} for d in meta["dataset_info"]}

    def names(feature):
        node = feature.get("dtype", feature.get("list"))
        cl = node["class_label"]["names"]
        return [cl[str(i)] for i in range(len(cl))]

    assert names(info["articles"]["genre"]) == tax.genre
    assert names(info["articles"]["frames"]) == tax.frames
    assert names(info["articles"]["primary_frame"]) == tax.frames
    assert names(info["techniques"]["label"]) == tax.techniques
    assert names(info["claims"]["verdict"]) == tax.verdicts
    assert names(info["mentions"]["entity_type"]) == tax.entity_types


def test_card_yaml_round_trips(tmp_path, monkeypatch):
    """The front matter the build writes is what `dump_yaml` gives for the data it holds:
    parsed and dumped again, the same text (flow-style leaves, one size to a line)."""
    from newsframes.dataset import card

    isolate(tmp_path, monkeypatch)
    root = make_project(tmp_path)
    assert run_cli(root, "build") == 0
    front = split_front_matter((root / "README.md").read_text(encoding="utf-8"))[0]
    meta = yaml.safe_load(front)
    assert meta["configs"] and meta["dataset_info"]
    assert card.dump_yaml(meta) == front
    assert "- {name: " in front and "\n    num_examples: " in front
