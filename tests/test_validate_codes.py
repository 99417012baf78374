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

from newsframes.jsonio import write_record
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


def _declared_same_text(corpus, tmp_path):
    """NF407: the same text as NF402, but the copy says so (an import kept as released)."""
    from newsframes.validate.l4_corpus import same_text_note
    rec = load(corpus)
    rec["id"] = "fixture-valid-002"
    rec["source"]["notes"].append(same_text_note([ID]))
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


def _evaluative_checkworthy(rec):
    rec["claims"][0]["type"] = "evaluative"  # the fixture's claim is check-worthy
    rec["annotation"]["guidelines_version"] = "1.1.0"  # the rule of GUIDELINES 1.1.0 §7.3


def test_nf336_spares_records_made_under_earlier_guidelines(tmp_path):
    corpus = clean_corpus(tmp_path)
    rec = load(corpus)
    rec["claims"][0]["type"] = "evaluative"
    assert rec["annotation"]["guidelines_version"] == "1.0.0"
    save(corpus, rec)
    assert "NF336" not in codes(check([corpus], tmp_path))


def _misaligned_mention(rec):
    rec["mentions"][0].update(start=19, text="akeside")


def _misaligned_technique(rec):
    rec["techniques"][0].update(start=176, text="iktats")


def _repeated_span(rec):
    """The slip of issue 13: a second mention (and technique) with the first one's offsets."""
    rec["mentions"].append({**rec["mentions"][0], "id": "m99"})
    rec["techniques"].append({**rec["techniques"][0], "id": "p99"})


def _untouched(corpus, tmp_path):
    shutil.rmtree(corpus)
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid" / "corpus", corpus)


PASSES = ROOT / "tests" / "fixtures" / "valid" / "annotations"


def with_pass(fn=None):
    """Install the valid pass fixture annotations/<ID>/pass-1.json beside the corpus, then
    apply `fn(pass_path, corpus)`."""
    def apply(corpus, tmp_path):
        shutil.copytree(PASSES, corpus.parent / "annotations")
        if fn is not None:
            fn(corpus.parent / "annotations" / ID / "pass-1.json", corpus)
    return apply


def edit_pass(change):
    def fn(path, corpus):
        rec = json.loads(path.read_text(encoding="utf-8"))
        change(rec)
        write_record(path, rec)
    return with_pass(fn)


def _pass_of_unknown_article(path, corpus):
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["id"] = "unknown-article"
    folder = path.parent.parent / "unknown-article"
    folder.mkdir()
    write_record(folder / "pass-1.json", rec)


def _gold(change):
    """A gold-record corruption, with the valid pass installed."""
    def apply(corpus, tmp_path):
        with_pass()(corpus, tmp_path)
        edit(change)(corpus, tmp_path)
    return apply


def _agent(name, kind="person", model=None, version=None):
    return {"name": name, "kind": kind, "model": model, "version": version, "note": None}


def _v12(rec, kind="person"):
    """The record as schema 1.2.0, its one annotator a person (or a model `m/1`)."""
    rec["schema_version"] = "1.2.0"
    name = rec["annotation"]["annotators"][0]
    rec["annotation"]["agents"] = [_agent(name, kind, *(("m", "1") if kind == "model" else (None, None)))]


def v12(change=None, kind="person"):
    def fn(rec):
        _v12(rec, kind)
        if change is not None:
            change(rec)
    return fn


def _by_model(rec):
    """The record as made by the model agent `m/1`, migrated as `newsframes migrate` does."""
    from newsframes.migrate import migrate_record

    name = rec["annotation"]["annotators"][0]
    new, problems = migrate_record(rec, {"agents": [_agent(name, "model", "m", "1")]}, is_pass=False)
    assert not problems
    rec.clear()
    rec.update(new)


def by_model(change):
    def fn(rec):
        _by_model(rec)
        change(rec)
    return fn


def _method(text):
    return _set(["annotation", "method"], text)


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
    # the fixture has technique spans; a record that says it did not annotate techniques cannot hold them
    "NF321": edit(_set(["annotated_layers"], ["genre", "frames", "primary_frame", "narratives", "entities", "roles",
                                               "mentions", "claims", "timexes", "sentences"])),
    "NF322": edit(_repeated_span),
    "NF323": edit(_set(["annotation", "status"], "draft")),
    "NF336": edit(_evaluative_checkworthy),
    "NF340": edit(_set(["schema_version"], "1.2.0")),  # an annotator, no agents
    "NF341": edit(v12(lambda r: r["annotation"]["agents"].append(_agent("somebody else")))),
    "NF342": edit(v12(lambda r: r["annotation"]["agents"][0].update(model="m", version="1"))),  # a person
    "NF343": edit(v12(_set(["mentions", 0, "source"], "model:other-model/2"))),
    "NF344": edit(v12(_method("Written for the test suite."), kind="model")),
    "NF345": edit(v12(lambda r: r["annotation"].update(adjudicator=r["annotation"]["annotators"][0]))),
    "NF509": edit_pass(_set(["annotation", "pass", "annotator"], "somebody else")),
    "NF347": edit(by_model(_method("Written by hand for the test suite."))),
    "NF401": _duplicate_record_id,
    "NF402": _duplicate_text,
    "NF403": release([{"id": ID, "split": "test", "text_sha256": "0" * 64}]),
    "NF404": release([{"id": "gone-article", "split": "train", "text_sha256": "0" * 64}]),
    "NF405": lambda corpus, tmp_path: (corpus / "orphan-001.txt").write_text("Hello.", encoding="utf-8"),
    "NF406": _bad_manifest,
    "NF407": _declared_same_text,
    "NF501": edit_pass(_set(["id"], "other-article")),
    "NF502": with_pass(_pass_of_unknown_article),
    "NF503": edit_pass(_set(["annotation", "pass", "id"], "pass-9")),
    "NF504": with_pass(lambda path, corpus: shutil.copy(path, path.with_name("Pass_1.json"))),
    "NF505": _gold(_set(["annotation", "status"], "adjudicated")),
    "NF506": _gold(lambda r: r["annotation"].update(status="adjudicated", adjudicated_from=["pass-1", "pass-7"])),
    "NF507": _gold(_set(["annotation", "adjudication_log"], f"annotations/{ID}/adjudication.md")),
    "NF508": _gold(lambda r: r["annotation"].update(
        {"pass": json.loads((PASSES / ID / "pass-1.json").read_text(encoding="utf-8"))["annotation"]["pass"]})),
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
    # the record and its pass annotations/fixture-valid-001/pass-1.json beside the corpus
    assert report.ok and report.errors == 0 and report.n_files == 2
    assert codes(report) <= {"NF319"}  # its timex t3 is a deliberate unchecked tool proposal
    assert all("annotations" not in i.path for i in report.issues)


def test_pass_files_are_checked_by_every_level(tmp_path):
    """A pass gets the schema and article checks of a record (here NF204, NF303) and its
    own (NF503), all in one run; the gold record is not blamed."""
    corpus = clean_corpus(tmp_path)

    def change(rec):
        rec["techniques"][0]["label"] = "Loaded_Langauge"
        rec["annotation"].pop("pass")
    edit_pass(change)(corpus, tmp_path)
    report = check([corpus], tmp_path)
    assert {(i.code, i.path.replace("\\", "/").split("annotations/")[-1]) for i in report.issues} == {
        ("NF204", f"{ID}/pass-1.json"), ("NF503", f"{ID}/pass-1.json")}
    assert report.n_files == 2
    # text checks run against corpus/<id>.txt: a span that does not match it is NF303
    rec = json.loads((tmp_path / "annotations" / ID / "pass-1.json").read_text(encoding="utf-8"))
    rec["techniques"][0]["label"] = "Loaded_Language"
    rec["mentions"][0]["text"] = "Lakesidx"
    rec["annotation"]["pass"] = json.loads((PASSES / ID / "pass-1.json").read_text("utf-8"))["annotation"]["pass"]
    write_record(tmp_path / "annotations" / ID / "pass-1.json", rec)
    assert codes(check([tmp_path / "annotations"], tmp_path)) == {"NF303"}
    # one pass file given alone is checked as a pass, against the corpus text
    assert codes(check([tmp_path / "annotations" / ID / "pass-1.json"], tmp_path)) == {"NF303"}


def test_adjudicated_gold_naming_existing_passes_is_valid(tmp_path):
    corpus = clean_corpus(tmp_path)
    with_pass()(corpus, tmp_path)
    shutil.copy(tmp_path / "annotations" / ID / "pass-1.json", tmp_path / "annotations" / ID / "pass-2.json")
    rec = json.loads((tmp_path / "annotations" / ID / "pass-2.json").read_text(encoding="utf-8"))
    rec["annotation"]["pass"]["id"] = "pass-2"
    write_record(tmp_path / "annotations" / ID / "pass-2.json", rec)
    (tmp_path / "annotations" / ID / "adjudication.md").write_text("# Adjudication\n", encoding="utf-8")
    edit(lambda r: r["annotation"].update(status="adjudicated", adjudicated_from=["pass-1", "pass-2"],
                                          adjudication_log=f"annotations/{ID}/adjudication.md"))(corpus, tmp_path)
    report = check([corpus], tmp_path)
    assert report.issues == [] and report.n_files == 3, report.format("text")


def test_errors_md_is_current():
    assert (ROOT / "schema" / "ERRORS.md").read_text(encoding="utf-8") == catalogue_markdown()


def test_codes_are_well_formed():
    for code, c in CATALOGUE.items():
        assert code == c.code and len(code) == 5 and code[:2] == "NF"
        assert c.severity in ("error", "warning") and c.slug and c.hint
        assert {"1": "file", "2": "schema", "3": "article", "4": "corpus", "5": "annotations"}[code[2]] == c.level


def test_duplicate_spans_are_located_and_distinct_spans_are_not(tmp_path):
    corpus = clean_corpus(tmp_path)
    rec = load(corpus)
    n_m, n_p = len(rec["mentions"]), len(rec["techniques"])
    _repeated_span(rec)
    # same offsets, another entity / another technique label: not a duplicate
    rec["mentions"].append({**rec["mentions"][0], "id": "m98", "entity": "e1"})
    rec["techniques"].append({**rec["techniques"][0], "id": "p98", "label": "Name_Calling-Labeling"})
    save(corpus, rec)
    report = check([corpus], tmp_path)
    dups = sorted((i.pointer, i.message) for i in report.issues if i.code == "NF322")
    assert [p for p, _ in dups] == [f"/mentions/{n_m}", f"/techniques/{n_p}"], report.format("text")
    assert "repeats mentions[0] (m1): same offsets 18..26 and entity 'e2'" in dups[0][1]
    assert "repeats techniques[0] (p1)" in dups[1][1] and "label 'Loaded_Language'" in dups[1][1]


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


@pytest.mark.parametrize(("field", "value", "suggested"), [
    (["techniques", 0, "label"], "Loaded_Langauge", "'Loaded_Language'"),  # close: suggested
    (["techniques", 0, "label"], "Qwertyuiop", None),  # nothing close among 25 labels
    (["genre", "label"], "zzz", None),  # a short list: the allowed values are listed instead
])
def test_unknown_label_hint_promises_a_suggestion_only_when_there_is_one(tmp_path, field, value, suggested):
    corpus = clean_corpus(tmp_path)
    edit(_set(field, value))(corpus, tmp_path)
    (issue,) = check([corpus], tmp_path).issues
    assert issue.code == "NF204"
    if suggested:
        assert f"did you mean {suggested}" in issue.message and "closest are suggested" in issue.hint
    else:
        assert "did you mean" not in issue.message
        assert "suggest" not in issue.hint and "closest" not in issue.hint, issue.hint
        assert ("(allowed: " in issue.message) is (field[0] == "genre")


def test_a_draft_pass_is_not_flagged_as_a_draft_record(tmp_path):
    """NF323 is about corpus records: an annotation pass in draft is not reported."""
    corpus = clean_corpus(tmp_path)
    edit_pass(_set(["annotation", "status"], "draft"))(corpus, tmp_path)
    assert "NF323" not in codes(check([corpus], tmp_path))


def test_edited_text_gives_the_pass_its_own_hint(tmp_path):
    """The text under a record and its annotation pass is edited: one NF301 each; the
    record's names `newsframes reanchor <id>`, the pass's says reanchor does not move passes."""
    corpus = clean_corpus(tmp_path)
    with_pass()(corpus, tmp_path)
    set_text(corpus, "Breaking: " + text(corpus), rehash=False)
    issues = check([corpus], tmp_path).issues
    assert sorted((i.code, i.path.split("/")[-1]) for i in issues) == [("NF301", f"{ID}.json"), ("NF301", "pass-1.json")]
    gold = next(i for i in issues if i.path.endswith(f"{ID}.json"))
    pass_ = next(i for i in issues if i.path.endswith("pass-1.json"))
    assert f"`newsframes reanchor {ID}`" in gold.hint
    assert "annotation pass" in pass_.hint and f"git checkout -- corpus/{ID}.txt" in pass_.hint


def _lookalike_annotators(rec):
    """Two annotators a reader cannot tell apart (NFC `Zoë` and NFD `Zoë`, `Bob` and `bob `),
    each with an agent: one a person, the other a model."""
    _v12(rec)
    rec["annotation"]["annotators"] += ["Zo\u00eb", "Zoe\u0308", "Bob", "bob "]
    rec["annotation"]["agents"] += [_agent("Zo\u00eb"), _agent("Zoe\u0308", "model", "m", "1"), _agent("Bob"),
                                    _agent("bob ", "model", "m", "1")]


def test_agents_that_differ_only_by_case_or_normalisation_are_one_name_twice(tmp_path):
    """They used to pass: one annotator could be a person and a model at once, under two
    spellings that look the same."""
    corpus = clean_corpus(tmp_path)
    rec = load(corpus)
    _lookalike_annotators(rec)
    (corpus / f"{ID}.json").write_text(json.dumps(rec, ensure_ascii=True), encoding="utf-8")  # NFD as escapes
    report = check([corpus], tmp_path)
    got = sorted((i.code, i.pointer) for i in report.issues if i.severity == "error")
    n = len(rec["annotation"]["agents"])
    assert got == [("NF341", f"/annotation/agents/{n - 3}/name"), ("NF341", f"/annotation/agents/{n - 1}/name")], \
        report.format("text")
    msgs = " ".join(i.message for i in report.issues)
    assert "'Zoe\\u0308' vs 'Zo\\xeb'" in msgs and "only by case, white space or Unicode normalisation" in msgs


def test_a_missing_agent_that_has_a_lookalike_says_so(tmp_path):
    corpus = clean_corpus(tmp_path)
    rec = load(corpus)
    _v12(rec)
    rec["annotation"]["annotators"].append("Zo\u00eb")
    rec["annotation"]["agents"].append(_agent("Zoe\u0308"))
    (corpus / f"{ID}.json").write_text(json.dumps(rec, ensure_ascii=True), encoding="utf-8")
    issues = check([corpus], tmp_path).issues
    assert {i.code for i in issues if i.severity == "error"} == {"NF340", "NF341"}
    assert all("differs from" in i.message and "'Zo\\xeb'" in i.message for i in issues if i.code in ("NF340", "NF341"))
