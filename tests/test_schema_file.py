"""schema/article.schema.json and the files generated from the taxonomies
(`newsframes schema --check / --write`), with the real jsonschema and real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from newsframes.cli import main
from newsframes.labeldocs import read_taxonomies, render_labels_md
from newsframes.paths import schema_dir
from newsframes.taxonomy import TAXONOMY_FILES

SCHEMA_DIR = schema_dir()
FIXTURE = Path(__file__).parent / "fixtures" / "valid" / "corpus" / "fixture-valid-001.json"


@pytest.fixture(scope="module")
def schema():
    return json.loads((SCHEMA_DIR / "article.schema.json").read_text(encoding="utf-8"))


def test_schema_is_valid_draft_2020_12_with_id(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["$id"].startswith("https://") and schema["$id"].endswith(".json")


def test_fixture_record_is_valid(schema):
    record = json.loads(FIXTURE.read_text(encoding="utf-8"))
    errors = sorted(Draft202012Validator(schema).iter_errors(record), key=lambda e: e.json_path)
    assert [(e.json_path, e.message) for e in errors] == []


def test_schema_rejects_unknown_label(schema):
    record = json.loads(FIXTURE.read_text(encoding="utf-8"))
    record["techniques"][0]["label"] = "Loaded Language"  # space instead of underscore
    errors = list(Draft202012Validator(schema).iter_errors(record))
    assert [e.json_path for e in errors] == ["$.techniques[0].label"]


def _resolve(node, schema):
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _properties(node, path, schema, seen):
    """(path, property node) for every property reachable from `node`, through $refs,
    items and anyOf; each $def is entered once."""
    if isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return
        seen.add(name)
    node = _resolve(node, schema)
    for key, prop in node.get("properties", {}).items():
        yield f"{path}/{key}", prop
        yield from _properties(prop, f"{path}/{key}", schema, seen)
    if isinstance(node.get("items"), dict):
        yield from _properties(node["items"], f"{path}[]", schema, seen)
    for alt in node.get("anyOf", []):
        yield from _properties(alt, path, schema, seen)


def test_every_property_has_a_description(schema):
    props = list(_properties(schema, "", schema, set()))
    assert len(props) > 60  # the walk reaches the nested layers
    missing = [p for p, node in props
               if not (node.get("description") or _resolve(node, schema).get("description", "")).strip()]
    assert missing == []
    # and every definition under $defs, walked on its own
    for name, node in schema["$defs"].items():
        assert node.get("description", "").strip(), f"$defs/{name}"
        for p, prop in _properties(node, f"$defs/{name}", schema, set()):
            assert (prop.get("description") or _resolve(prop, schema).get("description", "")).strip(), p


def test_schema_enums_equal_taxonomies(schema):
    tax = read_taxonomies(SCHEMA_DIR / "taxonomies")
    for key, labels in tax.schema_enums().items():
        assert schema["$defs"][key]["enum"] == labels, key


def test_generated_files_are_current(capsys):
    assert main(["schema", "--check"]) == 0
    assert "agree with the taxonomies" in capsys.readouterr().out


def test_labels_md_is_current_and_lists_every_label():
    tax = read_taxonomies(SCHEMA_DIR / "taxonomies")
    text = (SCHEMA_DIR / "LABELS.md").read_text(encoding="utf-8")
    assert text == render_labels_md(tax)
    assert render_labels_md(tax) == render_labels_md(read_taxonomies(SCHEMA_DIR / "taxonomies"))
    for values in tax.schema_enums().values():
        for label in values:
            assert f"| `{label}` |" in text, label
    for name in TAXONOMY_FILES:
        assert f"\n## {name}\n" in text


@pytest.fixture()
def schema_copy(tmp_path):
    target = tmp_path / "schema"
    shutil.copytree(SCHEMA_DIR, target)
    return target


def _edit(path: Path, change) -> None:
    obj = json.loads(path.read_text(encoding="utf-8"))
    change(obj)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def test_new_label_makes_check_fail_then_write_fixes_it(schema_copy, capsys):
    args = ["schema", "--schema-dir", str(schema_copy)]
    assert main(args + ["--check"]) == 0
    capsys.readouterr()
    _edit(schema_copy / "taxonomies" / "frames.json",
          lambda o: o["labels"].append({"label": "Test_Frame", "definition": "A test frame."}))
    assert main(args) == 1  # --check is the default
    err = capsys.readouterr().err
    assert f"{schema_copy / 'article.schema.json'}: NF001" in err
    assert "$defs/frame_label" in err
    assert f"{schema_copy / 'LABELS.md'}: NF001" in err

    assert main(args + ["--write"]) == 0
    capsys.readouterr()
    assert main(args + ["--check"]) == 0
    new_schema = json.loads((schema_copy / "article.schema.json").read_text(encoding="utf-8"))
    assert new_schema["$defs"]["frame_label"]["enum"][-1] == "Test_Frame"
    assert "| `Test_Frame` | A test frame. |" in (schema_copy / "LABELS.md").read_text(encoding="utf-8")
    # the real checkout is untouched
    assert "Test_Frame" not in (SCHEMA_DIR / "article.schema.json").read_text(encoding="utf-8")


def test_definition_change_only_stales_labels_md(schema_copy, capsys):
    def change(o):
        o["labels"][0]["definition"] = "Changed | with a pipe."

    _edit(schema_copy / "taxonomies" / "genre.json", change)
    assert main(["schema", "--schema-dir", str(schema_copy)]) == 1
    err = capsys.readouterr().err
    assert "LABELS.md: NF001" in err and "article.schema.json" not in err
    assert main(["schema", "--schema-dir", str(schema_copy), "--write"]) == 0
    assert "| `opinion` | Changed \\| with a pipe. |" in (schema_copy / "LABELS.md").read_text(encoding="utf-8")


def test_write_is_deterministic_and_idempotent(schema_copy, capsys):
    before = {p.name: p.read_bytes() for p in schema_copy.iterdir() if p.is_file()}
    (schema_copy / "LABELS.md").unlink()
    assert main(["schema", "--schema-dir", str(schema_copy), "--check"]) == 1
    assert "LABELS.md: NF001 stale generated file: missing" in capsys.readouterr().err
    assert main(["schema", "--schema-dir", str(schema_copy), "--write"]) == 0
    after = {p.name: p.read_bytes() for p in schema_copy.iterdir() if p.is_file()}
    assert after == before
    assert main(["schema", "--schema-dir", str(schema_copy), "--write"]) == 0
    assert "is up to date" in capsys.readouterr().out


def test_hand_edited_enum_is_reported(schema_copy, capsys):
    _edit(schema_copy / "article.schema.json",
          lambda o: o["$defs"]["technique_label"]["enum"].remove("Doubt"))
    assert main(["schema", "--schema-dir", str(schema_copy)]) == 1
    assert "$defs/technique_label" in capsys.readouterr().err


def test_broken_taxonomy_is_a_clear_error(schema_copy, capsys):
    path = schema_copy / "taxonomies" / "verdicts.json"
    path.write_text('{"name": "verdicts",\n "labels": [}\n', encoding="utf-8")
    assert main(["schema", "--schema-dir", str(schema_copy)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: line 2 column" in err and "NF002 invalid JSON" in err
    assert "Traceback" not in err

    _edit(schema_copy / "taxonomies" / "frames.json", lambda o: o)  # still valid
    path.write_text((SCHEMA_DIR / "taxonomies" / "verdicts.json").read_text(encoding="utf-8"), encoding="utf-8")
    _edit(path, lambda o: o["labels"].append(dict(o["labels"][1])))
    assert main(["schema", "--schema-dir", str(schema_copy), "--write"]) == 2
    err = capsys.readouterr().err
    assert f"{path}: /labels/5/label: NF003 duplicate label 'supported'" in err


def test_missing_schema_dir_is_a_clear_error(tmp_path, capsys):
    assert main(["schema", "--schema-dir", str(tmp_path / "nowhere")]) == 2
    assert "NF002 no taxonomies/ folder here" in capsys.readouterr().err
