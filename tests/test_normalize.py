"""Text normalisation and paragraph/heading detection."""

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsframes.normalize import INVISIBLE, NormalizationError, decode, normalize_bytes, normalize_text
from newsframes.structure import is_heading, paragraphs

RAW = Path(__file__).parent / "fixtures" / "raw"
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_a7f81f6fd957c2d8.txt"

MESSY_EXPECTED = (
    "Ministers meet in Lakeside\n"
    "The minister said \u201cwe will talk\u201d today.\n"
    "A literal <script>alert(1)</script> string stays text.\n"
    "Zerowidth joiners, a bell and a nul go away.\n"
    "Caf\u00e9 talks \u2014 an em dash\u2026 and \u2018single\u2019 quotes stay."
)


def test_messy_file():
    assert normalize_bytes((RAW / "messy.txt").read_bytes()) == MESSY_EXPECTED


def test_seed_is_already_normal():
    raw = SEED.read_bytes()
    assert normalize_bytes(raw) == raw.decode("utf-8")


def test_invalid_utf8_names_offset_line_and_remedy():
    with pytest.raises(NormalizationError) as exc:
        decode((RAW / "cp1252.txt").read_bytes())
    msg = str(exc.value)
    assert "byte offset 12" in msg and "line 1" in msg and "column 13" in msg and "--encoding cp1252" in msg
    assert exc.value.code == "NF-ADD-ENCODING"


def test_invalid_utf8_on_a_later_line():
    with pytest.raises(NormalizationError, match=r"byte offset 9 \(line 3, column 2\)"):
        decode(b"one\ntwo\nx\xffy")


def test_explicit_encoding():
    text = normalize_bytes((RAW / "cp1252.txt").read_bytes(), "cp1252")
    assert text == "The minister\u2019s \u201cplan\u201d was rejected.\nA second line."


def test_unknown_encoding():
    with pytest.raises(NormalizationError, match="unknown encoding"):
        decode(b"abc", "no-such-codec")


def test_empty_text_is_an_error():
    with pytest.raises(NormalizationError, match="no text"):
        normalize_bytes("\ufeff \r\n\t\r\n\u200b".encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab é\u0301\t\r\n\u200b\u2060\ufeff\x07\u2028\u200f\u202e\u2066“”—")),
               max_size=60))
def test_invariants(raw):
    text = normalize_text(raw)
    assert normalize_text(text) == text  # idempotent
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text and "\t" not in text and "\n\n" not in text
    assert not any(c in text for c in INVISIBLE)
    assert not any(unicodedata.category(c) == "Cc" and c != "\n" for c in text)
    assert all(line == line.strip() and line for line in text.split("\n")) or text == ""
    assert not text.endswith("\n")


def test_headings_and_bodies():
    assert is_heading("A strategic offensive under CSTO cover")
    assert is_heading("China\u2019s quiet calculation")
    assert not is_heading("The goal is not temporary alignment, but permanent institutional embedding.")
    assert not is_heading("He said: \u201cWe will win.\u201d")
    assert not is_heading(" ".join(["word"] * 16))


def test_paragraphs_of_the_seed():
    text = SEED.read_text(encoding="utf-8")
    paras = paragraphs(text)
    assert len(paras) == 23
    assert [p["kind"] for p in paras].count("heading") == 6
    lines = text.split("\n")
    for p, line in zip(paras, lines):
        assert text[p["start"]:p["end"]] == line
    assert paras[2] == {"start": paras[2]["start"], "end": paras[2]["start"] + 38, "kind": "heading"}
    assert text[paras[2]["start"]:paras[2]["end"]] == "A strategic offensive under CSTO cover"
