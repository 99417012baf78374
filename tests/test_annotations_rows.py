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
