"""The leak check's reading of JSON files, against its plain definition: every string of
the document (keys included, a key given twice keeps both values), each distinct one read
once (issue 26 item 1 made the reading faster; these tests hold it to the same words)."""

from __future__ import annotations

import json
import re

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
