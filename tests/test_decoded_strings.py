"""The decoded strings of a record, not only its raw bytes (issue 18, items 6 and 10):
a lone surrogate (`\\ud800`) is a located error (NF117), not a warning; a control, bidi
or zero-width character written as a JSON escape (`\\u0000`, `\\u001b`, `\\u202e`) is a
located error (NF118); `build` and `fmt` report them instead of dying."""

from __future__ import annotations

import json

import pytest
from test_build_support import isolate, make_project, snapshot
from test_validate_support import ID, check, clean_corpus, cli


def _patch(corpus, old: str, new: str, rid: str = ID) -> None:
    path = corpus / f"{rid}.json"
    data = path.read_text(encoding="utf-8")
    assert old in data
    path.write_text(data.replace(old, new, 1), encoding="utf-8")


def _errors(report):
    return sorted((i.code, i.pointer) for i in report.issues if i.severity == "error")


@pytest.mark.parametrize("old,new,pointer", [
    ('"title": null', '"title": "\\ud800"', "/title"),
    ('"note": "fictional"', '"note": "fict\\udfffional"', "/entities/0/note"),
    ('"text": "Lakeside"', '"text": "Lake\\ud83dside"', "/mentions/0/text"),
    ('"Synthetic test fixture: not a real article."', '"\\ud800\\ud800"', "/source/notes/0"),
])
def test_lone_surrogate_is_a_located_error(tmp_path, old, new, pointer):
    corpus = clean_corpus(tmp_path)
    _patch(corpus, old, new)
    report = check([corpus], tmp_path)
    assert _errors(report) == [("NF117", pointer)], report.format("text")
    assert not report.ok
    assert all(i.code != "NF116" for i in report.issues)


def test_surrogate_pair_is_fine(tmp_path):
    corpus = clean_corpus(tmp_path)
    _patch(corpus, '"note": "fictional"', '"note": "fictional \\ud83d\\ude00"')
    report = check([corpus], tmp_path)
    assert report.ok and {i.code for i in report.issues} == {"NF116"}  # fine, just not canonical


def test_lone_surrogate_in_a_key_is_located(tmp_path):
    corpus = clean_corpus(tmp_path)
    _patch(corpus, '"note": "fictional"', '"note": "fictional", "\\ud800x": 1')
    report = check([corpus], tmp_path)
    assert [(i.code, i.pointer) for i in report.issues if i.code == "NF117"] == [("NF117", "/entities/0/\ud800x")]


@pytest.mark.parametrize("escape,pointer", [
    ("\\u0000", "/entities/0/note"),
    ("\\u001b[31m", "/entities/0/note"),
    ("\\t", "/entities/0/note"),
    ("\\u007f", "/entities/0/note"),
    ("\\u202e", "/entities/0/note"),  # RIGHT-TO-LEFT OVERRIDE
    ("\\u202a", "/entities/0/note"),
    ("\\u2066", "/entities/0/note"),  # LEFT-TO-RIGHT ISOLATE
    ("\\u2069", "/entities/0/note"),
    ("\\u200b", "/entities/0/note"),
])
def test_escaped_control_and_bidi_characters_are_located_errors(tmp_path, escape, pointer):
    corpus = clean_corpus(tmp_path)
    _patch(corpus, '"note": "fictional"', f'"note": "fic{escape}tional"')
    report = check([corpus], tmp_path)
    assert _errors(report) == [("NF118", pointer)], report.format("text")


@pytest.mark.parametrize("field,old,new", [
    ("/title", '"title": null', '"title": "a\\u202eb"'),
    ("/source/notes/0", '"Synthetic test fixture: not a real article."', '"a\\u2067b"'),
    ("/entities/1/name", '"name": "Lakeside"', '"name": "Lake\\u202dside"'),
])
def test_escaped_bidi_anywhere(tmp_path, field, old, new):
    corpus = clean_corpus(tmp_path)
    _patch(corpus, old, new)
    report = check([corpus], tmp_path)
    assert ("NF118", field) in _errors(report), report.format("text")


def test_raw_bidi_is_reported_once_by_line(tmp_path):
    """A raw U+202E is NF108 (line and column), not NF108 + NF118."""
    corpus = clean_corpus(tmp_path)
    _patch(corpus, '"note": "fictional"', '"note": "fic\u202etional"')
    report = check([corpus], tmp_path)
    assert [i.code for i in report.issues] == ["NF108"], report.format("text")


def test_escaped_newline_stays_allowed(tmp_path):
    """\\n in a JSON string was allowed and stays so (a note over two lines)."""
    corpus = clean_corpus(tmp_path)
    _patch(corpus, '"note": "fictional"', '"note": "fictional\\nsecond line"')
    assert check([corpus], tmp_path).ok


def test_many_strings_are_capped(tmp_path):
    corpus = clean_corpus(tmp_path)
    rec = json.loads((corpus / f"{ID}.json").read_text(encoding="utf-8"))
    rec["source"]["notes"] = [f"n{i}\u0007" for i in range(30)]
    (corpus / f"{ID}.json").write_text(json.dumps(rec, indent=2), encoding="utf-8")  # ASCII escapes
    report = check([corpus], tmp_path)
    nf118 = [i for i in report.issues if i.code == "NF118"]
    assert len(nf118) == 11 and "20 more" in nf118[-1].message


def test_check_strings_directly():
    from newsframes.validate.l1_file import check_strings

    issues = []
    check_strings({"a": ["x\u0000", {"b\ud800": "ok"}]}, '{"a": ["x\\u0000", {"b\\ud800": "ok"}]}', "r.json", issues)
    assert sorted((i.code, i.pointer) for i in issues) == [("NF117", "/a/1/b\ud800"), ("NF118", "/a/0")]


def test_build_reports_a_lone_surrogate_located(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)
    root = make_project(tmp_path)
    assert cli("build", cwd=root).returncode == 0
    before = snapshot(root / "data")
    _patch(root / "corpus", '"note": "fictional"', '"note": "\\ud800"')
    _patch(root / "corpus", '"title": null', '"title": "a\\u0000\\u001b[31mb"')
    r = cli("build", cwd=root)
    assert r.returncode == 1, r.stderr
    assert "internal error" not in r.stderr and "TypeError" not in r.stderr
    assert f"corpus/{ID}.json:/entities/0/note: NF117" in r.stderr
    assert f"corpus/{ID}.json:/title: NF118" in r.stderr
    assert snapshot(root / "data") == before
    r = cli("build", "--check", cwd=root)
    assert r.returncode == 1 and "NF117" in r.stderr and "internal error" not in r.stderr


def test_fmt_refuses_a_lone_surrogate_with_its_place(tmp_path):
    corpus = clean_corpus(tmp_path)
    _patch(corpus, '"note": "fictional"', '"note": "\\ud800"')
    before = (corpus / f"{ID}.json").read_bytes()
    r = cli("fmt", str(corpus), cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr
    assert "/entities/0/note" in r.stderr and "NF117" in r.stderr and "not rewritten" in r.stderr
    assert (corpus / f"{ID}.json").read_bytes() == before


def test_view_reports_a_lone_surrogate_located(tmp_path):
    corpus = clean_corpus(tmp_path)
    _patch(corpus, '"note": "fictional"', '"note": "\\ud800"')
    r = cli("view", ID, "--corpus", str(corpus), "-o", str(tmp_path / "x.html"), cwd=tmp_path)
    assert r.returncode == 1 and "internal error" not in r.stderr, r.stderr
    assert f"{ID}.json:/entities/0/note: NF117" in r.stderr
    assert not (tmp_path / "x.html").exists()
