"""Property tests: random corruptions of the valid record (JSON mutations, byte flips,
offset shifts) never crash the validator (no NF199), and a corruption that changes the
record's meaning always yields at least one error."""

from __future__ import annotations

import atexit
import copy
import json
import shutil
import tempfile
from pathlib import Path

from cli_helpers import json_paths  # noqa: E402
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_validate_support import ID, VALID, config

from newsframes.jsonio import canonical_dumps
from newsframes.validate import validate_paths

BASE_REC = json.loads((VALID / f"{ID}.json").read_text(encoding="utf-8"))
BASE_REC["timexes"][2]["source"] = "tool+manual:newsframes-timex/1.0.0"
BASE_JSON = canonical_dumps(BASE_REC).encode("utf-8")
BASE_TXT = (VALID / f"{ID}.txt").read_bytes()
TEXT = BASE_TXT.decode("utf-8")
CACHE = tempfile.mkdtemp(prefix="nf-prop-cache-")
atexit.register(shutil.rmtree, CACHE, True)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(json_bytes: bytes, txt_bytes: bytes):
    with tempfile.TemporaryDirectory() as d:
        corpus = Path(d) / "corpus"
        corpus.mkdir()
        (corpus / f"{ID}.json").write_bytes(json_bytes)
        (corpus / f"{ID}.txt").write_bytes(txt_bytes)
        report = validate_paths([corpus], config=config(Path(d), cache_dir=CACHE))
    assert "NF199" not in {i.code for i in report.issues}, report.format("text")
    return report


def test_base_is_clean():
    assert run(BASE_JSON, BASE_TXT).issues == []


_paths = json_paths


ALL_PATHS = [p for p in _paths(BASE_REC) if p]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6)


def _set(rec, path, value):
    node = rec
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value


def _get(rec, path):
    for k in path:
        rec = rec[k]
    return rec


@SETTINGS
@given(st.data())
@example(data=None)
def test_random_json_mutations_never_crash(data):
    rec = copy.deepcopy(BASE_REC)
    emptied = []  # objects that lost a key (a later mutation may remove them entirely)
    if data is None:  # a known trap: JSON Schema calls 18.0 an integer
        rec["mentions"][0]["start"] = 18.0
    for _ in range(data.draw(st.integers(1, 3)) if data is not None else 0):
        paths = [p for p in _paths(rec) if p]
        path = data.draw(st.sampled_from(paths))
        action = data.draw(st.sampled_from(["set", "delete"]))
        parent = _get(rec, path[:-1])
        if action == "delete":
            if isinstance(parent, dict):
                emptied.append(parent)
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(json_values)
    report = run(json.dumps(rec, ensure_ascii=False).encode("utf-8"), BASE_TXT)
    reachable = {id(_get(rec, p)) for p in _paths(rec)}
    if any(id(obj) in reachable for obj in emptied):
        # every property of the schema is required (and no free-form objects exist)
        assert not report.ok, report.format("text")


SPAN_FIELDS = [(coll, i) for coll in ("mentions", "claims", "techniques", "timexes")
               for i in range(len(BASE_REC[coll]))] + [(("structure", "paragraphs"), i) for i in range(3)]


@SETTINGS
@given(st.sampled_from(SPAN_FIELDS), st.sampled_from(["start", "end", "both"]), st.integers(-300, 300))
def test_offset_shifts_are_errors_when_they_change_the_span(span, which, delta):
    coll, i = span
    rec = copy.deepcopy(BASE_REC)
    node = rec[coll[0]][coll[1]][i] if isinstance(coll, tuple) else rec[coll][i]
    old = (node["start"], node["end"])
    if which in ("start", "both"):
        node["start"] += delta
    if which in ("end", "both"):
        node["end"] += delta
    s, e = node["start"], node["end"]
    same = (s, e) == old or (0 <= s < e <= len(TEXT) and "text" in node and TEXT[s:e] == node["text"])
    report = run(canonical_dumps(rec).encode("utf-8"), BASE_TXT)
    if not same:
        assert not report.ok, (span, which, delta)
    elif (s, e) == old:
        assert report.ok


@SETTINGS
@given(st.sampled_from(["json", "txt"]), st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 255)),
                                                  min_size=1, max_size=4))
def test_byte_flips(which, flips):
    target = bytearray(BASE_JSON if which == "json" else BASE_TXT)
    for pos, mask in flips:
        target[pos % len(target)] ^= mask
    target = bytes(target)
    if which == "json":
        report = run(target, BASE_TXT)
        try:
            parsed = json.loads(target.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            parsed = None
        if parsed is None:
            assert not report.ok
    else:
        report = run(BASE_JSON, target)
        if target != BASE_TXT:
            assert not report.ok  # the text hash no longer matches (or the bytes are bad)


@SETTINGS
@given(st.sampled_from([("techniques", "label"), ("mentions", "entity"), ("claims", "claimant"),
                        ("timexes", "value"), ("mentions", "text"), ("timexes", "type")]),
       st.integers(0, 1), st.text(min_size=1, max_size=12))
def test_semantic_value_changes_are_errors(field, index, value):
    coll, key = field
    rec = copy.deepcopy(BASE_REC)
    items = rec[coll]
    item = items[index % len(items)]
    if item[key] == value:
        return
    item[key] = value
    report = run(canonical_dumps(rec).encode("utf-8"), BASE_TXT)
    if coll == "timexes" and key == "value":
        from newsframes.validate.timex_values import timex_value_problem
        if timex_value_problem(item["type"], value) is None:
            return  # another well-formed value: a different but valid annotation
    if coll == "claims" and value in ("author", "unnamed", "e1", "e2", "e3"):
        return
    if coll == "mentions" and key == "entity" and value in ("e1", "e2", "e3"):
        return
    assert not report.ok, (field, value)
