"""The leak check's reading of JSON files, against its plain definition: every string of
the document (keys included, a key given twice keeps both values), each distinct one read
once (issue 26 item 1 made the reading faster; these tests hold it to the same words)."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsframes.leaks import scan

# the definition, as it was before the faster pattern and the dedupe
_PLAIN = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)


def _plain_strings(text: str) -> list[str]:
    return [json.loads(f'"{s}"') if "\\" in s else s for s in _PLAIN.findall(text)]


def _plain_streams(name: str, data: bytes, n: int):
    strings = _plain_strings(data.decode("utf-8"))
    out = [scan.parts_stream(strings, "json", n)]
    for reading in (scan._unhidden_data, scan._format_as_spaces):
        s = scan.parts_stream(strings, "json", n, reading)
        if len(s.h):
            out.append(s)
    return out


def _same(a, b) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x.parts == y.parts and x.norm == y.norm and (x.h == y.h).all() and (x.bad == y.bad).all()


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | st.sampled_from(
    ['"', "\\", '\\"', "a\\", "<b>Lav</b>rov said the minister of foreign affairs would go", "Foreign\u200bMinister",
     "&amp; the words of a long enough sentence to hold eight words", "\n\t\"quoted\"\\n"])
values = st.recursive(st.none() | st.booleans() | st.integers() | text,
                      lambda kids: st.lists(kids, max_size=5) | st.dictionaries(text, kids, max_size=5), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(values, st.booleans())
def test_json_strings_are_the_documents_strings_each_once(value, ascii_only):
    doc = json.dumps(value, ensure_ascii=ascii_only)
    assert scan.json_strings(doc) == list(dict.fromkeys(_plain_strings(doc)))
    _same(scan.read_streams("x.json", doc.encode("utf-8"), 3), _plain_streams("x.json", doc.encode("utf-8"), 3))


def test_a_key_given_twice_keeps_both_values_and_repeats_are_read_once():
    doc = ('{"note": "the minister of foreign affairs said he would visit soon", "note": "x", '
           '"a": ["\\u0041\\"b", "A\\"b", "A\\"b", "<!-- -->hidden words of a withheld text go here now"]}')
    got = scan.json_strings(doc)
    assert got == ["note", "the minister of foreign affairs said he would visit soon", "x", "a", 'A"b',
                   "<!-- -->hidden words of a withheld text go here now"]
    _same(scan.read_streams("x.json", doc.encode(), 8), _plain_streams("x.json", doc.encode(), 8))


def _all_strings(table) -> set[str]:
    """Every string of a table, by walking its rows (the definition)."""
    out: set[str] = set()

    def walk(v):
        if isinstance(v, str):
            out.add(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    for row in table.to_pylist():
        walk(row)
    return out


def test_parquet_strings_read_only_columns_holding_strings_and_miss_none():
    """`_parquet_strings` leaves out the columns without a string (issue 26: a third less
    to decode in data/); nested strings and a file whose top-level names repeat are read
    whole. Rows in several row groups."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 2500
    table = pa.table({
        "id": [f"row-{i}" for i in range(n)],
        "start": list(range(n)),
        "spans": [[{"start": i, "labels": [f"label {i % 7}", None], "kind": i % 3}] for i in range(n)],
        "nested": [{"a": {"b": [f"deep string {i % 11}"]}, "c": i} for i in range(n)],
        "numbers": [[i, i + 1] for i in range(n)],
    })
    buf = pa.BufferOutputStream()
    pq.write_table(table, buf, row_group_size=1000)
    got = scan._parquet_strings(buf.getvalue().to_pybytes(), 8)
    names = {"id", "start", "spans", "labels", "kind", "nested", "a", "b", "c", "numbers",  # the schema's
             "ARROW:schema"}  # a metadata key (its value, the schema serialised, is not read)
    assert got == _all_strings(table) | names and "deep string 10" in got and "label 6" in got
    twice = pa.Table.from_arrays([pa.array(["first"]), pa.array([1]), pa.array(["second"])], names=["a", "b", "a"])
    buf = pa.BufferOutputStream()
    pq.write_table(twice, buf)
    assert scan._parquet_strings(buf.getvalue().to_pybytes(), 8) == {"first", "second", "a", "b", "ARROW:schema"}


QUOTE = "the minister of foreign affairs said he would visit soon"  # 10 words


def _walk_all(value, out: set[str]) -> None:
    """Every string of a row as `to_pylist` gives it: dict keys and values, list and tuple
    items (a map's entries), bytes read as UTF-8 (as a text file is)."""
    if isinstance(value, str):
        out.add(value)
    elif isinstance(value, bytes):
        out.add(value.decode("utf-8", errors="replace"))
    elif isinstance(value, dict):
        for k, v in value.items():
            _walk_all(k, out)
            _walk_all(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _walk_all(v, out)


def _parquet(table, **kw) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = pa.BufferOutputStream()
    pq.write_table(table, buf, **kw)
    return buf.getvalue().to_pybytes()


def _columns():
    import pyarrow as pa

    q = QUOTE.encode()
    return {
        "large_string": pa.array([QUOTE], pa.large_string()),
        "dictionary": pa.array([QUOTE]).dictionary_encode(),
        "string_view": pa.array([QUOTE], pa.string_view()),
        "binary": pa.array([q], pa.binary()),
        "large_binary": pa.array([q], pa.large_binary()),
        "fixed_size_binary": pa.array([q], pa.binary(len(q))),
        "map_value": pa.array([[("k", QUOTE)]], pa.map_(pa.string(), pa.string())),
        "map_key": pa.array([[(QUOTE, 1)]], pa.map_(pa.string(), pa.int64())),
        "fixed_size_list": pa.array([[QUOTE, "x"]], pa.list_(pa.string(), 2)),
        "list_struct_list": pa.array([[{"a": [QUOTE]}]], pa.list_(pa.struct([("a", pa.list_(pa.string()))]))),
        "large_list": pa.array([[QUOTE]], pa.large_list(pa.string())),
        "list_of_maps": pa.array([[[("k", QUOTE)]]], pa.list_(pa.map_(pa.string(), pa.string()))),
    }


@pytest.mark.parametrize("kind", sorted(_columns()))
def test_parquet_strings_of_every_type_a_file_can_hold_are_read(kind):
    """A Parquet file publish uploads may be no file of the build (schema/, annotations/):
    a withheld text in a map, a fixed-size list or a binary column (UTF-8) was not read
    (the check passed), a binary one crashed the check (internal error)."""
    import pyarrow as pa

    data = _parquet(pa.table({"c": _columns()[kind], "n": [1]}))
    got = scan._parquet_strings(data, 8)
    want: set[str] = set()
    import pyarrow.parquet as pq

    for row in pq.read_table(pa.BufferReader(data)).to_pylist():
        _walk_all(row, want)
    assert QUOTE in got and want <= got, kind
    streams = scan.read_streams("x.parquet", data, 8)
    assert any(QUOTE in s.norm for s in streams)


def test_parquet_names_and_metadata_are_read_too():
    """A column name or the file's key-value metadata is published with the file: the
    words there count as a string of the file."""
    import pyarrow as pa

    named = pa.table({QUOTE: [1], "s": pa.array([{"x": 1}], pa.struct([(QUOTE + " nested", pa.int64())]))})
    meta = pa.table({"n": [1]}).replace_schema_metadata({"note": QUOTE, QUOTE + " key": "v"})
    for table in (named, meta):
        got = scan._parquet_strings(_parquet(table), 8)
        assert any(QUOTE in s for s in got), got
