"""Every language as released (issue 23): SemEval-2023 Task 3 language folders (ge, po, ru,
gr, ka), SemEval-2025 Task 10 language folders (BG, HI, PT, RU) and PTC as released (SI and
TC label files side by side, nested train-/dev- folders), on fixtures written for these
tests that copy the releases' folder and file naming (tests/fixtures/formats/*-release):
Latin, Cyrillic, Greek, Georgian and Devanagari text, text not in NFC (decomposed й, ё,
Greek tonos, Polish and Portuguese diacritics, Devanagari letters NFC decomposes), a copy
whose CRs were stripped, label spelling variants, CRLF label files, a label file without a
final newline, lines out of id order, and identical texts under two ids."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from cli_helpers import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_formats import do_import, records, tree

from newsframes.validate import validate_corpus

FIX = Path(__file__).resolve().parent / "fixtures" / "formats"
RELEASES = {"semeval2023": (FIX / "semeval2023-release", ["--split", "dev"]),
            "semeval2025": (FIX / "semeval2025-release", []),
            "ptc": (FIX / "ptc-release", [])}


def _imported(fmt, tmp_path, *extra) -> Path:
    src, args = RELEASES[fmt]
    corpus = tmp_path / "proj" / "corpus"
    do_import(fmt, src, corpus, *args, *extra)
    return corpus


@pytest.mark.parametrize("fmt", RELEASES)
def test_release_imports_validates_builds_and_comes_back_byte_for_byte(fmt, tmp_path):
    corpus = _imported(fmt, tmp_path)
    report = validate_corpus(corpus, project_root=corpus.parent)
    assert not [i for i in report.issues if i.severity == "error"], report.issues
    r = run_cli("build", "--corpus", corpus, "--out", corpus.parent / "data")
    assert r.returncode == 0, r.stderr
    r = run_cli("export", fmt, "--corpus", corpus, "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert tree(tmp_path / "out") == tree(RELEASES[fmt][0])  # order, line ends, spellings, BOM-free, all


def test_languages_from_the_release_names(tmp_path):
    corpus = _imported("semeval2025", tmp_path / "a")
    got = {r["id"]: r["language"] for r in records(corpus)}
    assert got["semeval2025-a9-bg-1101"] == "bg" and got["semeval2025-hi-7"] == "hi"
    assert got["semeval2025-pt-301"] == "pt" and got["semeval2025-ru-urw-1201"] == "ru"
    corpus = _imported("semeval2023", tmp_path / "b")
    assert {r["id"]: r["language"] for r in records(corpus)} == {
        "semeval2023-de-3101": "de", "semeval2023-pl-3201": "pl", "semeval2023-ru-3301": "ru",
        "semeval2023-el-3401": "el", "semeval2023-el-3402": "el", "semeval2023-ka-3501": "ka"}


def test_language_from_the_file_name_when_the_folder_has_another_name(tmp_path):
    src = tmp_path / "src" / "bulgarian-copy"
    shutil.copytree(RELEASES["semeval2025"][0] / "BG", src)
    corpus = tmp_path / "p" / "corpus"
    do_import("semeval2025", src, corpus)
    assert {r["language"] for r in records(corpus)} == {"bg"}  # A9_BG_1101, BG_1102
    other = tmp_path / "src2" / "RU"
    shutil.copytree(RELEASES["semeval2025"][0] / "BG", other)  # Bulgarian file names in a RU folder
    r = run_cli("import", "semeval2025", other, "--corpus", tmp_path / "q" / "corpus")
    assert r.returncode == 1 and "NF-IMP-LANGUAGE the file name says ['bg'], the folder RU/ says 'ru'" in r.stderr


def test_text_not_in_nfc_keeps_exact_source_offsets(tmp_path):
    corpus = _imported("semeval2025", tmp_path)
    for rid in ("semeval2025-ru-urw-1201", "semeval2025-pt-302", "semeval2025-hi-7"):
        text = (corpus / f"{rid}.txt").read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text)
        rec = json.loads((corpus / f"{rid}.json").read_text(encoding="utf-8"))
        for m in rec["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
        assert all(r["note"] is None or "source offsets" not in r["note"]
                   for e in rec["entities"] for r in e["roles"])  # exact: nothing to keep in a note
    ru = json.loads((corpus / "semeval2025-ru-urw-1201.json").read_text(encoding="utf-8"))
    assert [m["text"] for m in ru["mentions"]][0] == "Зеленский"  # 9 code points from 10 in the source
    hi = (corpus / "semeval2025-hi-7.txt").read_text(encoding="utf-8")
    assert "\u0958" not in hi and "\u0915\u093c" in hi  # NFC spells QA as KA + NUKTA
    from newsframes.formats.offsets import Alignment
    al = Alignment("a\u0301b")
    assert al.text == "áb" and al.to_text(0, 2) == (0, 1, True) and al.to_text(0, 1) == (0, 1, False)


def test_crlf_counted_offsets_are_read_with_a_notice_and_written_back(tmp_path):
    src, args = RELEASES["semeval2025"]
    r = run_cli("import", "semeval2025", src, "--corpus", tmp_path / "p" / "corpus", *args)
    assert r.returncode == 0 and "PT/subtask-1-annotations.txt:1: NF-IMP-CRLF the offsets of PT_301.txt" in r.stderr
    rec = json.loads((tmp_path / "p" / "corpus" / "semeval2025-pt-301.json").read_text(encoding="utf-8"))
    assert any("count each line break of this article as two characters" in n for n in rec["source"]["notes"])
    assert [m["text"] for m in rec["mentions"]] == ["O governo", "Bruxelas", "Comissão Europeia"]
    src, args = RELEASES["semeval2023"]
    r = run_cli("import", "semeval2023", src, "--corpus", tmp_path / "q" / "corpus", *args)
    assert "article3301-labels-subtask-3.txt: NF-IMP-CRLF" in r.stderr
    rec = json.loads((tmp_path / "q" / "corpus" / "semeval2023-ru-3301.json").read_text(encoding="utf-8"))
    assert sorted(t["text"] for t in rec["techniques"]) == ["безумием", "говорят жители", "позор", "угрожает"]


def test_label_spellings_map_with_a_notice_and_come_back(tmp_path):
    src, args = RELEASES["semeval2025"]
    r = run_cli("import", "semeval2025", src, "--corpus", tmp_path / "p" / "corpus", *args)
    assert r.returncode == 0
    assert "NF-IMP-SPELLING sub-narrative 'URW: Discrediting Ukraine: Rewriting Ukraine’s history' read as" in r.stderr
    assert "NF-IMP-SPELLING narrative 'URW: Amplifying war–related fears'" in r.stderr
    r = run_cli("import", "semeval2023", RELEASES["semeval2023"][0], "--corpus", tmp_path / "q" / "corpus",
                *RELEASES["semeval2023"][1])
    assert "NF-IMP-SPELLING technique 'loaded_language' read as 'Loaded_Language'" in r.stderr
    assert "NF-IMP-SPELLING technique 'Name_Calling–Labeling' read as 'Name_Calling-Labeling'" in r.stderr
    rec = json.loads((tmp_path / "p" / "corpus" / "semeval2025-ru-urw-1202.json").read_text(encoding="utf-8"))
    assert rec["narratives"][0]["subnarrative"] == "URW: Discrediting Ukraine: Rewriting Ukraine's history"
    assert rec["narratives"][0]["note"] == ("source spelling `URW: Discrediting Ukraine: Rewriting Ukraine’s history` "
                                            "for `URW: Discrediting Ukraine: Rewriting Ukraine's history`")
    from newsframes.formats.labels import Vocabulary
    v = Vocabulary(["Name_Calling-Labeling", "Loaded_Language"])
    assert v.resolve("name_calling—labeling") == ("Name_Calling-Labeling", True)
    assert v.resolve("Loaded Language") == (None, False)  # a space is not a spelling variant


def test_identical_texts_are_kept_flagged_and_build(tmp_path):
    src, args = RELEASES["semeval2025"]
    corpus = tmp_path / "proj" / "corpus"
    r = run_cli("import", "semeval2025", src, "--corpus", corpus, *args)
    assert "NF-IMP-SAME-TEXT the same text under 2 ids (semeval2025-hi-7, semeval2025-hi-8)" in r.stderr
    a, b = (json.loads((corpus / f"semeval2025-hi-{n}.json").read_text(encoding="utf-8")) for n in (7, 8))
    assert a["text_sha256"] == b["text_sha256"] and a["entities"] != b["entities"]
    assert "Same text as `semeval2025-hi-8`" in " ".join(a["source"]["notes"])
    report = validate_corpus(corpus, project_root=corpus.parent)
    assert {i.code for i in report.issues if i.code in ("NF402", "NF407")} == {"NF407"}
    assert run_cli("build", "--corpus", corpus, "--out", corpus.parent / "data").returncode == 0
    # a later import that brings the same text again says so against the record already there
    again = tmp_path / "src" / "HI"
    shutil.copytree(src / "HI", again)
    (again / "raw-documents" / "HI_8.txt").unlink()
    shutil.move(again / "raw-documents" / "HI_7.txt", again / "raw-documents" / "HI_9.txt")
    for name in ("subtask-1-annotations.txt", "subtask-2-annotations.txt"):
        f = again / name
        f.write_text("".join(ln.replace("HI_7.txt", "HI_9.txt") + "\n" for ln in f.read_text().splitlines()
                             if ln.startswith("HI_7.txt")), encoding="utf-8")
    r = run_cli("import", "semeval2025", again, "--corpus", corpus)
    assert r.returncode == 0 and "semeval2025-hi-9, semeval2025-hi-7, semeval2025-hi-8" in r.stderr


def test_bad_lines_are_located_and_can_be_skipped(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(RELEASES["semeval2025"][0], src)
    st2 = src / "PT" / "subtask-2-annotations.txt"
    st2.write_text(st2.read_text(encoding="utf-8").replace("CC: Criticism of institutions and authorities: Other",
                                                             "CC: No such narrative: Other"), encoding="utf-8")
    corpus = tmp_path / "p" / "corpus"
    r = run_cli("import", "semeval2025", src, "--corpus", corpus)
    assert r.returncode == 1 and "PT/subtask-2-annotations.txt:1: NF-IMP-LABEL unknown sub-narrative" in r.stderr
    assert "re-run with --skip-bad-lines to import everything else" in r.stderr and not corpus.exists()
    r = run_cli("import", "semeval2025", src, "--corpus", corpus, "--skip-bad-lines")
    assert r.returncode == 0 and "skipped: " in r.stderr
    rec = json.loads((corpus / "semeval2025-pt-302.json").read_text(encoding="utf-8"))
    assert rec["annotated_layers"] == ["roles"] and rec["narratives"] == []
    note = "Not imported, by --skip-bad-lines: layer narratives (subtask-2-annotations.txt line 1"
    assert any(note in n for n in rec["source"]["notes"])
    assert len(records(corpus)) == 8
    report = validate_corpus(corpus, project_root=corpus.parent)
    assert not [i for i in report.issues if i.severity == "error"]
    (src / "BG" / "subtask-1-annotations.txt").write_bytes(b"\xff\xfe")  # a file that cannot be read
    r = run_cli("import", "semeval2025", src, "--corpus", tmp_path / "q" / "corpus", "--skip-bad-lines")
    assert r.returncode == 1 and "1 of them concern the input as a whole" in r.stderr


def test_withheld_text_does_not_reach_kept_fields(tmp_path):
    """Issue 24: a title that is the text's first line, an entity name that is a mention's
    text: null / a reference when the rights policy withholds the text."""
    withheld = _imported("semeval2023", tmp_path / "a")
    assert {r["title"] for r in records(withheld)} == {None}
    shown = _imported("semeval2023", tmp_path / "b", "--rights", "public-domain")
    assert "Regierung verschärft Regeln für Landwirte" in {r["title"] for r in records(shown)}
    corpus = _imported("semeval2025", tmp_path / "c")
    for rec in records(corpus):
        text = (corpus / f"{rec['id']}.txt").read_text(encoding="utf-8")
        for e in rec["entities"]:
            assert e["name"] not in text and e["name"].startswith("(name withheld with the text")
    r = run_cli("build", "--corpus", corpus, "--out", corpus.parent / "data")
    assert r.returncode == 0, r.stderr
    import pyarrow.parquet as pq
    for f in (corpus.parent / "data").rglob("*.parquet"):
        table = pq.read_table(f)
        for col in ("title", "entity_name"):
            if col in table.column_names:
                assert not any(v for v in table.column(col).to_pylist() if v and "withheld" not in v)


def test_french_elision_is_split_by_the_french_tokenizer():
    """Token boundaries come from the record's language class (issue 23 item 1)."""
    from newsframes.validate.tokens import compute_boundaries, spacy_code
    text = "Le ministre a critiqué l'Europe."
    start = text.index("Europe")
    assert start in compute_boundaries(text, "fr")[0] and start not in compute_boundaries(text, "en")[0]
    assert spacy_code("ka") == "xx" and spacy_code("el") == "el" and spacy_code("hi") == "hi"
    assert spacy_code("pt-BR") == "pt"


# ---------------------------------------------------------------- random round trips

_RAW = st.lists(st.sampled_from(["word", "Київ", "и\u0306", "ε\u0301", "क\u093c", "\u0958", "ქართ", "🔥", " ", "  ",
                                 "\t", "\r\n", "\n", "\u200b", ",", "e\u0301"]), min_size=1, max_size=30)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=_RAW, picks=st.lists(st.tuples(st.integers(0, 10 ** 6), st.integers(1, 6)), max_size=6),
       crlf_stripped=st.booleans())
def test_random_semeval2025_round_trip(tmp_path_factory, pieces, picks, crlf_stripped):
    """Random raw text (CRLF, NFD marks, letters NFC decomposes, emoji, tabs, zero-width
    spaces) and random mentions: import, then export gives the same bytes."""
    raw = "".join(pieces)
    counted = raw.replace("\r\n", "\n").replace("\n", "\r\n") if crlf_stripped else raw
    if crlf_stripped:
        raw = raw.replace("\r\n", "\n")
    words = [i for i, ch in enumerate(counted) if ch.isalpha()]
    if not words:
        return
    lines, seen = [], set()
    for start, length in picks:
        s = words[start % len(words)]
        e = min(len(counted), s + length)
        mention = counted[s:e]
        if any(c in mention for c in "\t\r\n") or (s, e) in seen:
            continue
        seen.add((s, e))
        u = lambda i: len(counted[:i].encode("utf-16-le")) // 2  # noqa: E731
        lines.append(f"EN_UA_1.txt\t{mention}\t{u(s)}\t{u(e) - 1}\tInnocent\tVictim")
    tmp = tmp_path_factory.mktemp("rt")
    src = tmp / "EN"
    (src / "raw-documents").mkdir(parents=True)
    (src / "raw-documents" / "EN_UA_1.txt").write_bytes(raw.encode("utf-8"))
    (src / "subtask-1-annotations.txt").write_text("".join(ln + "\n" for ln in lines), encoding="utf-8")
    r = run_cli("import", "semeval2025", src, "--corpus", tmp / "p" / "corpus")
    if r.returncode != 0:  # only a text with nothing left after normalisation, or a span on nothing kept
        assert "NF-IMP-EMPTY" in r.stderr or "NF-IMP-SPAN" in r.stderr, r.stderr
        return
    r = run_cli("export", "semeval2025", "--corpus", tmp / "p" / "corpus", "--out", tmp / "out")
    assert r.returncode == 0, r.stderr
    assert tree(tmp / "out") == tree(src)
