"""One invalid corpus per error code: copy the clean fixture, apply one corruption, and
check that the validator reports exactly that code. Plus: every catalogue code has a
case here, and schema/ERRORS.md is the catalogue as generated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_validate_support import (
    ID,
    ROOT,
    check,
    clean_corpus,
    codes,
    config,
    load,
    save,
    set_text,
    text,
)

from newsframes.paths import schema_dir
from newsframes.validate import CATALOGUE, Config, validate_corpus, validate_file
from newsframes.validate.issues import catalogue_markdown


def edit(fn):
    """A corruption that edits the record dict."""
    def apply(corpus, tmp_path):
        rec = load(corpus)
        fn(rec)
        save(corpus, rec)
    return apply


def write_json_bytes(data: bytes):
    def apply(corpus, tmp_path):
        (corpus / f"{ID}.json").write_bytes(data)
    return apply


def json_bytes(corpus) -> bytes:
    return (corpus / f"{ID}.json").read_bytes()


def txt_edit(fn):
    def apply(corpus, tmp_path):
        (corpus / f"{ID}.txt").write_bytes(fn((corpus / f"{ID}.txt").read_bytes()))
    return apply


def _json_is_dir(corpus, tmp_path):
    (corpus / f"{ID}.json").unlink()
    (corpus / f"{ID}.json").mkdir()


def _huge(corpus, tmp_path):
    with open(corpus / f"{ID}.json", "ab") as fh:
        fh.write(b" " * (9 * 1024 * 1024))


def _bad_utf8(corpus, tmp_path):
    data = json_bytes(corpus).replace(b"synthetic test fixture", b"synthetic \xff fixture")
    (corpus / f"{ID}.json").write_bytes(data)


def _bom(corpus, tmp_path):
    (corpus / f"{ID}.json").write_bytes(b"\xef\xbb\xbf" + json_bytes(corpus))


def _dup_key(corpus, tmp_path):
    data = json_bytes(corpus).replace(b'  "id": "fixture-valid-001",\n',
                                      b'  "id": "fixture-valid-001",\n  "id": "fixture-valid-001",\n', 1)
    (corpus / f"{ID}.json").write_bytes(data)


def replace_json_bytes(old: bytes, new: bytes):
    """Edit the record's bytes (JSON escapes cannot be written through a dict + fmt)."""
    def apply(corpus, tmp_path):
        data = json_bytes(corpus)
        assert old in data
        (corpus / f"{ID}.json").write_bytes(data.replace(old, new, 1))
    return apply


def _renamed(corpus, tmp_path):
    for ext in (".json", ".txt"):
        (corpus / f"{ID}{ext}").rename(corpus / f"fixture-valid-777{ext}")


def _duplicate_record_id(corpus, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(corpus, other)
    # same id, different text: append to the last line and re-anchor the structure
    new = text(other) + " More."
    set_text(other, new)
    rec = load(other)
    rec["structure"]["paragraphs"][-1]["end"] = len(new)
    rec["structure"]["sentences"][-1]["end"] = len(new)
    save(other, rec)


def _duplicate_text(corpus, tmp_path):
    rec = load(corpus)
    rec["id"] = "fixture-valid-002"
    save(corpus, rec, "fixture-valid-002")
    shutil.copy(corpus / f"{ID}.txt", corpus / "fixture-valid-002.txt")


def release(articles):
    def apply(corpus, tmp_path):
        (tmp_path / "releases").mkdir()
        (tmp_path / "releases" / "1.0.0.json").write_text(
            json.dumps({"version": "1.0.0", "articles": articles}), encoding="utf-8")
    return apply


def _bad_manifest(corpus, tmp_path):
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "1.0.0.json").write_text("{not json", encoding="utf-8")


def _taxonomy_without_reporting(corpus, tmp_path):
    tax = tmp_path / "taxonomies"
    shutil.copytree(schema_dir() / "taxonomies", tax)
    genre = json.loads((tax / "genre.json").read_text(encoding="utf-8"))
    genre["labels"] = [x for x in genre["labels"] if x["label"] != "reporting"]
    (tax / "genre.json").write_text(json.dumps(genre), encoding="utf-8")


def _set(path, value):
    def fn(rec):
        node = rec
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = value
    return fn


def _supported_with_evidence(rec):
    rec["claims"][0]["verdict"].update(label="supported", evidence=[
        {"url": "https://example.org/a", "published": None, "note": "shows it"}])


def _misaligned_mention(rec):
    rec["mentions"][0].update(start=19, text="akeside")


def _misaligned_technique(rec):
    rec["techniques"][0].update(start=176, text="iktats")


def _untouched(corpus, tmp_path):
    shutil.rmtree(corpus)
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid" / "corpus", corpus)


# code -> (corruption, extra folders to validate, config overrides)
CASES = {
    "NF101": _json_is_dir,
    "NF102": write_json_bytes(b""),
    "NF103": _huge,
    "NF104": _bad_utf8,
    "NF105": _bom,
    "NF106": txt_edit(lambda b: b.replace(b"Lakeside", "Lakese\u0301ide".encode("utf-8"), 1)),
    "NF107": txt_edit(lambda b: b.replace(b"\n", b"\r\n")),
    "NF108": txt_edit(lambda b: b.replace(b"Lakeside", b"Lake\x07side", 1)),
    "NF109": txt_edit(lambda b: b.replace(b"\n", b" \n", 1)),
    "NF110": write_json_bytes(b"[" * 200_000),
    "NF111": write_json_bytes(b'{"id": "fixture-valid-001",}\n'),
    "NF112": _dup_key,
    "NF113": write_json_bytes(b"[]\n"),
    "NF114": _renamed,
    "NF115": lambda corpus, tmp_path: (corpus / f"{ID}.txt").unlink(),
    "NF116": lambda corpus, tmp_path: (corpus / f"{ID}.json").write_text(
        json.dumps(load(corpus), indent=4, ensure_ascii=False), encoding="utf-8"),
    "NF117": replace_json_bytes(b'"note": "fictional"', b'"note": "fict\\ud800ional"'),
    "NF118": replace_json_bytes(b'"note": "fictional"', b'"note": "\\u001b[31mfictional"'),
    "NF199": None,  # tested below: needs a broken installation, not a broken record
    "NF201": edit(_set(["title"], 5)),
    "NF202": edit(lambda r: r.pop("genre")),
    "NF203": edit(_set(["extra"], 1)),
    "NF204": edit(_set(["techniques", 0, "label"], "Loaded_Langauge")),
    "NF205": edit(_set(["source", "url"], "ftp://example.org/x")),
    "NF206": edit(_set(["mentions", 0, "start"], -1)),
    "NF301": edit(_set(["text_sha256"], "0" * 64)),
    "NF302": edit(_set(["mentions", 0, "end"], 10_000)),
    "NF303": edit(_set(["mentions", 0, "text"], "Lakesidx")),
    "NF304": edit(lambda r: r["mentions"][0].update(start=26, end=18)),
    "NF305": edit(_set(["mentions", 1, "id"], "m1")),
    "NF306": edit(_set(["mentions", 0, "entity"], "e9")),
    "NF307": edit(_set(["claims", 0, "claimant"], "e9")),
    "NF308": edit(_set(["entities", 0, "roles", 0, "fine"], ["Tyrant"])),
    "NF309": edit(_set(["narratives", 0, "subnarrative"], "URW: Distrust towards Media: Other")),
    "NF310": _taxonomy_without_reporting,
    "NF311": edit(_set(["frames", "primary"], "Economic")),
    "NF312": edit(_set(["frames", "primary"], None)),
    "NF313": edit(_set(["timexes", 0, "value"], "2025-13-01")),
    "NF314": edit(_set(["claims", 0, "verdict", "label"], "supported")),
    "NF315": edit(_supported_with_evidence),
    "NF316": edit(_set(["structure", "paragraphs", 1, "end"], 121)),
    "NF317": edit(_misaligned_mention),
    "NF318": edit(_misaligned_technique),
    "NF319": _untouched,
    "NF320": edit(_set(["structure", "sentences", 0, "end"], 28)),
    "NF336": edit(_set(["claims", 0, "type"], "evaluative")),  # the fixture's claim is check-worthy
    "NF401": _duplicate_record_id,
    "NF402": _duplicate_text,
    "NF403": release([{"id": ID, "split": "test", "text_sha256": "0" * 64}]),
    "NF404": release([{"id": "gone-article", "split": "train", "text_sha256": "0" * 64}]),
    "NF405": lambda corpus, tmp_path: (corpus / "orphan-001.txt").write_text("Hello.", encoding="utf-8"),
    "NF406": _bad_manifest,
}


def test_every_catalogue_code_has_a_case():
    assert set(CASES) == set(CATALOGUE)


@pytest.mark.parametrize("code", sorted(c for c, fn in CASES.items() if fn is not None))
def test_code(code, tmp_path):
    corpus = clean_corpus(tmp_path)
    CASES[code](corpus, tmp_path)
    paths = [corpus] + ([tmp_path / "other"] if (tmp_path / "other").exists() else [])
    kw = {"taxonomy_dir": str(tmp_path / "taxonomies")} if (tmp_path / "taxonomies").exists() else {}
    report = check(paths, tmp_path, **kw)
    assert codes(report) == {code}, report.format("text")
    severity = CATALOGUE[code].severity
    assert all(i.severity == severity for i in report.issues)
    assert report.ok == (severity == "warning")
    for i in report.issues:
        assert i.slug == CATALOGUE[code].slug and i.message and i.hint


def test_internal_error_is_a_record_not_a_crash(tmp_path):
    corpus = clean_corpus(tmp_path)
    res = validate_file(str(corpus / f"{ID}.json"), "x.json", "x.txt",
                        config(tmp_path, schema_path=str(tmp_path / "missing.schema.json")))
    assert [i.code for i in res.issues] == ["NF199"]
    assert res.issues[0].path == "x.json" and "missing.schema.json" in res.issues[0].message


def test_valid_fixture_corpus_passes(tmp_path):
    report = validate_corpus(ROOT / "tests" / "fixtures" / "valid" / "corpus",
                             config=Config(cache_dir=str(tmp_path)))
    assert report.ok and report.errors == 0 and report.n_files == 1
    assert codes(report) <= {"NF319"}  # its timex t3 is a deliberate unchecked tool proposal


def test_errors_md_is_current():
    assert (ROOT / "schema" / "ERRORS.md").read_text(encoding="utf-8") == catalogue_markdown()


def test_codes_are_well_formed():
    for code, c in CATALOGUE.items():
        assert code == c.code and len(code) == 5 and code[:2] == "NF"
        assert c.severity in ("error", "warning") and c.slug and c.hint
        assert {"1": "file", "2": "schema", "3": "article", "4": "corpus"}[code[2]] == c.level


def test_schema_errors_all_reported_with_pointers(tmp_path):
    corpus = clean_corpus(tmp_path)
    rec = load(corpus)
    rec["mentions"][2]["start"] = "67"
    rec["entities"][0]["roles"][0]["main"] = "Hero"
    rec["timexes"][0]["weird/key~x"] = 1
    save(corpus, rec)
    report = check([corpus], tmp_path)
    got = {(i.code, i.pointer) for i in report.issues}
    assert ("NF201", "/mentions/2/start") in got
    assert ("NF204", "/entities/0/roles/0/main") in got
    assert ("NF203", "/timexes/0") in got
    assert any("weird/key~x" in i.message for i in report.issues)


def test_unknown_label_suggests_the_close_one(tmp_path):
    corpus = clean_corpus(tmp_path)
    CASES["NF204"](corpus, tmp_path)
    (issue,) = check([corpus], tmp_path).issues
    assert issue.pointer == "/techniques/0/label" and "Loaded_Language" in issue.message


def test_unknown_primary_frame_is_reported_as_label(tmp_path):
    corpus = clean_corpus(tmp_path)
    edit(_set(["frames", "primary"], "Politcal"))(corpus, tmp_path)
    (issue,) = check([corpus], tmp_path).issues
    assert issue.code == "NF204" and issue.pointer == "/frames/primary" and "Political" in issue.message


def test_l1_failure_skips_later_levels_but_not_other_files(tmp_path):
    corpus = clean_corpus(tmp_path)
    rec = load(corpus)
    rec["id"] = "fixture-valid-002"
    rec["mentions"][0]["text"] = "nope"  # an L3 error in the second file
    save(corpus, rec, "fixture-valid-002")
    set_text(corpus, text(corpus) + " Second.", "fixture-valid-002", rehash=True)
    (corpus / f"{ID}.json").write_bytes(b"{")
    report = check([corpus], tmp_path)
    by_file = {(Path(i.path).name, i.code) for i in report.issues}
    assert (f"{ID}.json", "NF111") in by_file
    assert ("fixture-valid-002.json", "NF303") in by_file
    assert not any(Path(i.path).name == f"{ID}.json" and i.code[2] in "23" for i in report.issues)


def test_float_offsets_are_type_errors_not_crashes(tmp_path):
    corpus = clean_corpus(tmp_path)
    edit(_set(["mentions", 0, "start"], 18.0))(corpus, tmp_path)
    (issue,) = check([corpus], tmp_path).issues
    assert (issue.code, issue.pointer) == ("NF201", "/mentions/0/start")


def test_json_pointer_escaping():
    from newsframes.validate.issues import pointer

    assert pointer("a/b", "c~d", 0) == "/a~1b/c~0d/0"
    assert pointer() == ""


def test_null_genre_is_an_error_outside_a_draft(tmp_path):
    corpus = clean_corpus(tmp_path)
    edit(_set(["genre", "label"], None))(corpus, tmp_path)
    report = check([corpus], tmp_path)
    assert [(i.code, i.pointer) for i in report.issues if i.severity == "error"] == [("NF312", "/genre/label")]


def test_null_genre_and_primary_are_allowed_in_a_draft(tmp_path):
    corpus = clean_corpus(tmp_path)

    def draft(rec):
        rec["genre"]["label"] = None
        rec["frames"]["primary"] = None
        rec["annotation"]["status"] = "draft"

    edit(draft)(corpus, tmp_path)
    report = check([corpus], tmp_path)
    assert report.ok, report.format("text")
