"""The gold record's adjudication fields (schema 1.1.0) in the `articles` rows: present
values round-trip; records without them (schema 1.0.0) read back without them."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from newsframes.corpus import read_article
from newsframes.dataset.rows import article_row, record_from_article_row

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "valid" / "corpus" / "fixture-valid-001.json"


def test_record_without_adjudication_fields_round_trips():
    art = read_article(FIXTURE)
    row = article_row(art)
    assert row["adjudicated_from"] == [] and row["adjudication_log"] is None
    record, text = record_from_article_row(json.loads(json.dumps(row)))
    assert record == art.record and "adjudicated_from" not in record["annotation"]
    assert text == art.text


def test_adjudicated_record_round_trips():
    art = read_article(FIXTURE)
    rec = copy.deepcopy(art.record)
    rec["annotation"].update(status="adjudicated", adjudicated_from=["pass-1", "pass-2"],
                             adjudication_log="annotations/fixture-valid-001/adjudication.md")
    row = article_row(type(art)(art.id, art.json_path, art.txt_path, rec, art.text))
    assert row["adjudicated_from"] == ["pass-1", "pass-2"]
    record, _ = record_from_article_row(json.loads(json.dumps(row)))
    assert record == rec
    # a log without passes (allowed by the schema) keeps its explicit null-free shape
    rec["annotation"].pop("adjudicated_from")
    row = article_row(type(art)(art.id, art.json_path, art.txt_path, rec, art.text))
    assert record_from_article_row(row)[0] == rec


def test_agents_and_adjudicator_round_trip():
    """Schema 1.2.0: who each annotator was and who adjudicated reach the `articles` row
    and come back; a record without them (1.1.0) reads back without them."""
    art = read_article(FIXTURE)
    rec = copy.deepcopy(art.record)
    rec["schema_version"] = "1.2.0"
    rec["annotated_layers"] = list(article_row(art)["annotated_layers"])  # explicit after 1.0.0
    rec["annotation"].update(
        status="adjudicated", adjudicated_from=["pass-1", "pass-2"], adjudication_log=None,
        agents=[{"name": "newsframes maintainers", "kind": "model", "model": "m", "version": "unknown",
                 "note": "a model"}],
        adjudicator="newsframes maintainers")
    row = article_row(type(art)(art.id, art.json_path, art.txt_path, rec, art.text))
    assert row["agents"][0]["kind"] == "model" and row["adjudicator"] == "newsframes maintainers"
    assert record_from_article_row(json.loads(json.dumps(row)))[0] == rec
    row = article_row(art)
    assert row["agents"] == [] and row["adjudicator"] is None
    assert "agents" not in record_from_article_row(row)[0]["annotation"]


def test_span_rows_carry_a_typed_source_kind_and_the_entity_s_roles(tmp_path):
    """The built span configs: `source_kind` is a ClassLabel of the schema's kinds, equal
    to the kind of each row's `source`; mentions carry their entity's roles."""
    import os
    import shutil

    from datasets import load_dataset

    from newsframes.cli import main
    from newsframes.provenance import kind, kinds

    shutil.copytree(ROOT / "tests" / "fixtures" / "valid" / "corpus", tmp_path / "corpus")
    assert main(["build", "--corpus", str(tmp_path / "corpus"), "--out", str(tmp_path / "data")]) == 0
    for config in ("mentions", "claims", "techniques"):
        ds = load_dataset(os.fspath(tmp_path), config, split="train")
        feature = ds.features["source_kind"]
        assert feature.names == list(kinds()) == ["manual", "model", "tool", "tool+manual", "tool+model", "import"]
        assert [feature.int2str(k) for k in ds["source_kind"]] == [kind(s) for s in ds["source"]]
    mentions = load_dataset(os.fspath(tmp_path), "mentions", split="train")
    roles = mentions.features["entity_roles"].feature
    with_roles = [r for r in mentions["entity_roles"] if r]
    assert with_roles and roles["main"].int2str(with_roles[0][0]["main"]) == "Protagonist"
    articles = load_dataset(os.fspath(tmp_path), "articles", split="train")
    assert articles.features["agents"].feature["kind"].names == ["person", "model", "unknown"]
