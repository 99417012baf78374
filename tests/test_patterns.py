"""Patterns are full matches (issue 18, item 5). JSON Schema `pattern` has ECMA-262
semantics, where `$` matches only at the very end; Python's `re.search` with `$` also
accepts one trailing newline. The python fallback validator and every hand-written regex
must agree with the fast (Rust) validator: a trailing newline is a mismatch everywhere.

The pattern-checked fields are found by walking the schema, so a new field is covered."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from cli_helpers import json_paths, run_cli
from test_validate_support import ID, VALID, check, clean_corpus, load, save

from newsframes.paths import schema_dir
from newsframes.validate.l2_schema import compiled_validator, ecma_pattern

SCHEMA_PATH = schema_dir() / "article.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
SRC = Path(__file__).resolve().parents[1] / "src" / "newsframes"

# a matching value for each pattern the valid fixture record does not carry as a string
EXAMPLES = {
    "^https?://[^\\s]+$": "https://example.org/a",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "2025-07-01",
    "^Q[1-9][0-9]*$": "Q42",
    "^[a-z0-9][a-z0-9-]{0,40}$": "pass-1",
    "^annotations/[a-z0-9][a-z0-9-]{2,80}/[A-Za-z0-9._-]+$": "annotations/fixture-valid-001/adjudication.md",
    "^[A-Za-z0-9_.\\-]+$": "unrecorded",  # an agent's model name
    "^[A-Za-z0-9_.+\\-]+$": "unknown",  # an agent's model version
}


def _resolve(node):
    while isinstance(node, dict) and "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].split("/")[-1]]
    return node


def _alternatives(node):
    node = _resolve(node)
    return [_resolve(a) for a in node.get("anyOf", [])] or [node]


def pattern_nodes(node=SCHEMA, where="", seen=None):
    """(schema location, pattern) of every pattern in the schema."""
    seen = set() if seen is None else seen
    out = []
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str) and where not in seen:
            seen.add(where)
            out.append((where, node["pattern"]))
        for k, v in node.items():
            out += pattern_nodes(v, f"{where}/{k}", seen)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += pattern_nodes(v, f"{where}/{i}", seen)
    return out


def governing_pattern(path) -> str | None:
    """The pattern of the schema node governing a record path (None: no pattern)."""
    node = SCHEMA
    for key in path:
        alts = [a for a in _alternatives(node) if ("items" if isinstance(key, int) else "properties") in a]
        if not alts:
            return None
        node = alts[0]["items"] if isinstance(key, int) else alts[0]["properties"].get(key)
        if node is None:
            return None
    pats = [a["pattern"] for a in _alternatives(node) if "pattern" in a]
    return pats[0] if pats else None


def test_the_schema_has_patterns_ending_in_dollar():
    # guards the premise of this file: if the schema stops using `$`, these tests change meaning
    assert sum(p.endswith("$") for _, p in pattern_nodes()) >= 10


@pytest.mark.parametrize("where,pattern", pattern_nodes())
def test_python_fallback_refuses_a_trailing_newline(where, pattern):
    """Each pattern of the schema, through the python (fallback) validator: a matching
    value passes, the same value plus "\\n" fails (as in jsonschema-rs)."""
    record = load(VALID)
    values = {governing_pattern(p): v for p in json_paths(record) if isinstance(v := _get(record, p), str)}
    example = values.get(pattern) or EXAMPLES.get(pattern)
    assert example is not None, f"{where}: no example value for {pattern!r}: add one to EXAMPLES"
    validator = compiled_validator(str(SCHEMA_PATH)).evolve(schema={"type": "string", "pattern": pattern})
    assert list(validator.iter_errors(example)) == []
    errors = list(validator.iter_errors(example + "\n"))
    assert [e.validator for e in errors] == ["pattern"], f"{pattern!r} accepted {example!r} + newline"


def _get(record, path):
    for k in path:
        record = record[k]
    return record


def _pattern_paths():
    record = load(VALID)
    return [p for p in json_paths(record) if isinstance(_get(record, p), str) and governing_pattern(p)]


def test_the_fixture_reaches_many_pattern_fields():
    assert len({governing_pattern(p) for p in _pattern_paths()}) >= 10


@pytest.mark.parametrize("path", _pattern_paths(), ids=lambda p: "/".join(map(str, p)))
def test_validate_refuses_a_trailing_newline(path, tmp_path):
    """Every pattern-checked string of the valid record, plus "\\n": an error at its
    pointer through the whole validator (fast validator first, then the fallback)."""
    corpus = clean_corpus(tmp_path)
    rec = load(corpus)
    node = rec
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] += "\n"
    save(corpus, rec)
    report = check([corpus], tmp_path)
    ptr = "".join(f"/{k}" for k in path)
    got = {(i.code, i.pointer) for i in report.issues if i.severity == "error"}
    expected = ("NF114", "/id") if path == ("id",) else ("NF205", ptr)
    assert expected in got, report.format("text")


@pytest.mark.parametrize("pattern,ecma", [
    ("^a$", r"^a\Z"),
    (r"^a\$$", r"^a\$\Z"),
    ("^[$]x$", r"^[$]x\Z"),
    (r"^[0-9]\d$", r"^[0-9][0-9]\Z"),
    (r"[\d.]", r"[0-9.]"),
])
def test_ecma_pattern_translation(pattern, ecma):
    assert ecma_pattern(pattern) == ecma


def test_add_refuses_an_id_with_a_trailing_newline(tmp_path):
    (tmp_path / "corpus").mkdir()
    seed = tmp_path / "seed.txt"
    seed.write_text("A headline\nSome text.\n", encoding="utf-8")
    r = run_cli("add", seed, "--id", "nl-id\n", "--corpus", tmp_path / "corpus")
    assert r.returncode == 2 and "bad id" in r.stderr
    assert list((tmp_path / "corpus").iterdir()) == []


@pytest.mark.parametrize("command", ["view", "annotate"])
def test_other_id_arguments_refuse_a_trailing_newline(command, tmp_path):
    corpus = clean_corpus(tmp_path)
    r = run_cli(command, f"{ID}\n", "--corpus", corpus, *(["-o", tmp_path / "x.html"] if command == "view" else []))
    assert r.returncode != 0 and not (tmp_path / "x.html").exists()
    assert "Traceback" not in r.stderr


def _regex_literals():
    """(file:line, pattern) of string literals given to re.compile/match/search/fullmatch."""
    out = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in ("compile", "match", "search", "fullmatch", "finditer", "findall")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                out.append((f"{path.relative_to(SRC)}:{node.lineno}", node.args[0].value))
    return out


def test_no_hand_written_regex_ends_with_dollar():
    """`$` also matches before a final newline in Python: use `\\Z` (or re.fullmatch)."""
    assert len(_regex_literals()) > 10
    bad = [(where, p) for where, p in _regex_literals() if ecma_pattern(p, digits=False) != p]
    assert bad == []
