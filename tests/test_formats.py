"""`newsframes import` / `newsframes export` for semeval2023, ptc, semeval2025 and brat:
exact round trips on the fixtures of each format (CRLF, BOM, emoji, blank lines,
repeated words, edges on removed white space), located errors with nothing written,
and the repository's own corpus exported in forms the formats accept."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from cli_helpers import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from newsframes.formats.records import ALL_LAYERS
from newsframes.validate import validate_corpus

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "formats"
FORMATS = {"semeval2023": FIX / "semeval2023" / "en", "ptc": FIX / "ptc", "semeval2025": FIX / "semeval2025" / "EN",
           "brat": FIX / "brat"}
PROV = re.compile(r"^import:([a-z0-9]+)/sha256:([0-9a-f]{12})$")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def records(corpus: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*.json"))]


def do_import(fmt, src, corpus, *extra):
    r = run_cli("import", fmt, src, "--corpus", corpus, *extra)
    assert r.returncode == 0, r.stderr
    return r


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_is_exact(fmt, tmp_path):
    corpus, out = tmp_path / "proj" / "corpus", tmp_path / "out"
    do_import(fmt, FORMATS[fmt], corpus)
    report = validate_corpus(corpus, project_root=corpus.parent)
    assert not [i for i in report.issues if i.severity == "error"], report.issues
    r = run_cli("export", fmt, "--corpus", corpus, "--out", out)
    assert r.returncode == 0, r.stderr
    want, got = tree(FORMATS[fmt]), tree(out)
    assert sorted(got) == sorted(want)
    for name in want:
        assert got[name] == want[name], name  # label files line for line, articles byte for byte


@pytest.mark.parametrize("fmt", FORMATS)
def test_import_keeps_seed_provenance_rights_and_layers(fmt, tmp_path):
    corpus = tmp_path / "proj" / "corpus"
    do_import(fmt, FORMATS[fmt], corpus)
    shas = {hashlib.sha256(p.read_bytes()).hexdigest()[:12] for p in FORMATS[fmt].rglob("*") if p.is_file()}
    n_sources = 0
    for rec in records(corpus):
        seed = corpus.parent / rec["source"]["seed"]["file"]
        assert hashlib.sha256(seed.read_bytes()).hexdigest() == rec["source"]["seed"]["sha256"]
        assert rec["schema_version"] == "1.1.0" and rec["source"]["rights"]["status"] == "unknown"
        assert rec["source"]["outlet"] is None and rec["source"]["published"]["date"] is None
        layers = set(rec["annotated_layers"])
        sources = [x["source"] for key in ("techniques", "mentions", "narratives", "entities") for x in rec[key]]
        sources += [role["source"] for e in rec["entities"] for role in e["roles"]]
        assert layers <= set(ALL_LAYERS) and layers
        n_sources += len(sources)
        for s in sources:
            m = PROV.match(s)
            assert m and m.group(1) == fmt and m.group(2) in shas, s
        text = (corpus / f"{rec['id']}.txt").read_text(encoding="utf-8")
        for t in rec["techniques"] + rec["mentions"]:
            assert text[t["start"]:t["end"]] == t["text"]
    assert n_sources > 0


def test_semeval2025_utf16_inclusive_offsets_map_to_code_points(tmp_path):
    corpus = tmp_path / "p" / "corpus"
    do_import("semeval2025", FORMATS["semeval2025"], corpus)
    rec = json.loads((corpus / "semeval2025-en-ua-000001.json").read_text(encoding="utf-8"))
    # after a flag emoji (2 code points, 4 UTF-16 units) and CRLF line ends
    assert [m["text"] for m in rec["mentions"]] == ["West", "Moscow", "Kyiv"]
    assert rec["entities"][1]["roles"][0] == {"main": "Protagonist", "fine": ["Guardian", "Peacemaker"],
                                              "source": rec["entities"][1]["source"], "note": None}
    assert rec["entities"][0]["type"] is None and set(rec["annotated_layers"]) == {"roles", "narratives"}
    other = json.loads((corpus / "semeval2025-en-ua-000003.json").read_text(encoding="utf-8"))
    assert other["narratives"] == [] and "narratives" in other["annotated_layers"]  # `Other`: none, annotated


def test_semeval2023_paragraph_labels_and_edges_on_removed_white_space(tmp_path):
    corpus = tmp_path / "p" / "corpus"
    do_import("semeval2023", FORMATS["semeval2023"], corpus)
    rec = json.loads((corpus / "semeval2023-en-1001.json").read_text(encoding="utf-8"))
    paras = rec["structure"]["paragraphs"]
    assert [p.get("techniques") for p in paras] == [None, ["Repetition", "Doubt"], ["Loaded_Language"], ["Slogans"]]
    edge = [t for t in rec["techniques"] if t["note"]]
    assert [t["text"] for t in edge] == ["Officials", "Stop the rain now!"]
    assert all("source offsets" in t["note"] for t in edge)
    assert rec["title"] is None and rec["split"] == "train"  # the first line of a withheld text (issue 24)
    assert any(n.startswith("Title left null") for n in rec["source"]["notes"])
    two = json.loads((corpus / "semeval2023-en-1002.json").read_text(encoding="utf-8"))
    assert two["frames"]["labels"] == [] and "frames" in two["annotated_layers"]  # listed, empty
    assert two["structure"]["paragraphs"][1]["techniques"] == ["Appeal_to_Authority"]  # a label with no span


def test_ptc_merged_classes_are_kept_not_split(tmp_path):
    corpus = tmp_path / "p" / "corpus"
    do_import("ptc", FORMATS["ptc"], corpus)
    rec = json.loads((corpus / "ptc-2001.json").read_text(encoding="utf-8"))
    by_note = {t["note"].split("`")[1]: t["label"] for t in rec["techniques"]}
    assert by_note["Name_Calling,Labeling"] == "Name_Calling-Labeling"
    assert by_note["Whataboutism,Straw_Men,Red_Herring"] == "Whataboutism-Straw_Man-Red_Herring"
    assert by_note["Bandwagon,Reductio_ad_hitlerum"] == "Bandwagon-Reductio_ad_Hitlerum"
    assert by_note["Black-and-White_Fallacy"] == "False_Dilemma-No_Choice"


def test_ptc_mapping_table_is_a_bijection_onto_known_labels():
    from newsframes.formats.ptc import mapping
    from newsframes.taxonomy import load_taxonomies
    to_nf, back = mapping()
    labels = set(load_taxonomies().techniques)
    assert len(to_nf) == 14 and set(to_nf.values()) <= labels
    assert len(set(to_nf.values())) == 14 and all(back[v] == k for k, v in to_nf.items())
    assert set(back) <= labels


def test_brat_discontinuous_span_and_notes(tmp_path):
    corpus = tmp_path / "p" / "corpus"
    do_import("brat", FORMATS["brat"], corpus, "--rights", "public-domain")  # names from the text: not withheld
    rec = json.loads((corpus / "brat-doc-one.json").read_text(encoding="utf-8"))
    frags = [t for t in rec["techniques"] if "brat T2" in t["note"]]
    assert [t["text"] for t in frags] == ["a disaster", "a total disaster"]
    assert all("AnnotatorNotes #1: repeated twice 🔁" in t["note"] for t in frags)
    assert [(e["type"], e["name"]) for e in rec["entities"]] == [("GPE", "Paris"), ("GPE", "Paris")]


# ---------------------------------------------------------------- bad input

def _copy(fmt, tmp_path) -> Path:
    dest = tmp_path / "src" / FORMATS[fmt].name  # the folder name may carry the language
    shutil.copytree(FORMATS[fmt], dest)
    return dest


def _append(path: Path, text: str):
    path.write_bytes(path.read_bytes() + text.encode())


def _no_output(tmp_path):
    return not (tmp_path / "proj").exists()


def test_semeval2023_bad_input_all_errors_located_nothing_written(tmp_path):
    src = _copy("semeval2023", tmp_path)
    _append(src / "train-labels-subtask-1.txt", "1001\n")                          # line 3: fields
    _append(src / "train-labels-subtask-2.txt", "1002\tEconomy\n")                 # line 3: unknown frame
    spans = src / "train-labels-subtask-3-spans" / "article1001-labels-subtask-3.txt"
    _append(spans, "1001\tLoaded_Language\t150\t9999\n1001\tLoaded_Langauge\t0\t4\n")  # lines 7, 8
    _append(src / "train-labels-subtask-3.txt", "1001\t2\tSlogans\n")              # line 6: a blank line
    r = run_cli("import", "semeval2023", src, "--corpus", tmp_path / "proj" / "corpus")
    assert r.returncode == 1 and _no_output(tmp_path)
    err = r.stderr
    assert "train-labels-subtask-1.txt:3: NF-IMP-FIELDS" in err
    assert "train-labels-subtask-2.txt:3: NF-IMP-LABEL unknown frame 'Economy'" in err
    assert "article1001-labels-subtask-3.txt:7: NF-IMP-SPAN" in err
    assert "article1001-labels-subtask-3.txt:8: NF-IMP-LABEL" in err
    assert "train-labels-subtask-3.txt:6: NF-IMP-PARAGRAPH" in err
    assert "train-labels-subtask-2.txt:3: NF-IMP-DUPLICATE article 1002 is listed twice" in err
    assert "6 problem(s); nothing written" in err


def test_semeval2025_bad_input(tmp_path):
    src = _copy("semeval2025", tmp_path)
    _append(src / "subtask-1-annotations.txt",
            "EN_UA_000001.txt\tKyix\t0\t3\tInnocent\tVictim\n"              # line 6: text differs
            "EN_UA_000001.txt\tKyiv\t0\t3\tProtagonist\tVictim\n"            # line 7: Victim is Innocent
            "EN_UA_000001.txt\tKyiv\t0\t3\n")                                # line 8: fields
    _append(src / "subtask-2-annotations.txt", "EN_UA_000009.txt\tOther\tOther\n")  # line 4: no article
    r = run_cli("import", "semeval2025", src, "--corpus", tmp_path / "proj" / "corpus")
    assert r.returncode == 1 and _no_output(tmp_path)
    for where in ("subtask-1-annotations.txt:6: NF-IMP-TEXT", "subtask-1-annotations.txt:7: NF-IMP-LABEL",
                  "subtask-1-annotations.txt:8: NF-IMP-FIELDS", "subtask-2-annotations.txt:4: NF-IMP-ARTICLE"):
        assert where in r.stderr


def test_ptc_si_lines_and_unknown_classes_are_reported(tmp_path):
    src = _copy("ptc", tmp_path)
    _append(src / "article2001.labels-task-TC", "2001\t0\t4\n2001\tName_Calling-Labeling\t0\t4\n")
    r = run_cli("import", "ptc", src, "--corpus", tmp_path / "proj" / "corpus")
    assert r.returncode == 1 and _no_output(tmp_path)
    assert "article2001.labels-task-TC:8: NF-IMP-SI" in r.stderr
    assert "article2001.labels-task-TC:9: NF-IMP-LABEL unknown PTC technique 'Name_Calling-Labeling'" in r.stderr


def test_brat_relations_and_wrong_text_are_reported(tmp_path):
    src = _copy("brat", tmp_path)
    _append(src / "doc_one.ann", "R1\tLocated Arg1:T3 Arg2:T4\nT9\tLoaded_Language 0 9\tOfficialz\n")
    r = run_cli("import", "brat", src, "--corpus", tmp_path / "proj" / "corpus")
    assert r.returncode == 1 and _no_output(tmp_path)
    assert "doc_one.ann:8: NF-IMP-UNSUPPORTED" in r.stderr and "doc_one.ann:9: NF-IMP-TEXT" in r.stderr


def test_existing_records_are_not_replaced_without_force(tmp_path):
    corpus = tmp_path / "proj" / "corpus"
    do_import("ptc", FORMATS["ptc"], corpus)
    before = tree(corpus)
    do_import("ptc", FORMATS["ptc"], corpus)  # the same import again: nothing to change
    assert tree(corpus) == before
    r = run_cli("import", "ptc", FORMATS["ptc"], "--corpus", corpus, "--rights", "permission")
    assert r.returncode == 1 and "NF-IMP-EXISTS" in r.stderr and tree(corpus) == before
    do_import("ptc", FORMATS["ptc"], corpus, "--force", "--rights", "permission")
    assert all(rec["source"]["rights"]["status"] == "permission" for rec in records(corpus))


def test_export_refuses_a_non_empty_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    r = run_cli("export", "brat", "--corpus", ROOT / "corpus", "--out", out)
    assert r.returncode == 1 and "nothing written" in r.stderr and tree(out) == {"keep.txt": b"x"}


# ---------------------------------------------------------------- the repository's corpus

@pytest.mark.parametrize("fmt", FORMATS)
def test_repository_corpus_exports_in_a_form_the_format_accepts(fmt, tmp_path):
    """Every article of the repository's corpus, whatever it holds and in whichever split:
    exported, imported back, it validates, with the same text (and, where the format holds
    them, the same technique spans)."""
    from newsframes.formats.semeval2023_export import SPLIT_BACK
    out = tmp_path / "out"
    r = run_cli("export", fmt, "--corpus", ROOT / "corpus", "--out", out)
    assert r.returncode == 0, r.stderr
    corpus = tmp_path / "again" / "corpus"
    originals = records(ROOT / "corpus")
    if fmt == "semeval2023":  # the release layout is read one split at a time
        for split in sorted({SPLIT_BACK[o["split"]] for o in originals}):
            do_import(fmt, out, corpus, "--language", "en", "--split", split)
    else:
        do_import(fmt, out, corpus, "--language", "en")
    report = validate_corpus(corpus, project_root=corpus.parent)
    assert not [i for i in report.issues if i.severity == "error"]

    def by_text(folder: Path, recs: list[dict]) -> dict[str, dict]:
        return {(folder / f"{r['id']}.txt").read_text(encoding="utf-8"): r for r in recs}

    orig, back = by_text(ROOT / "corpus", originals), by_text(corpus, records(corpus))
    assert len(back) == len(orig) == len(originals) and back.keys() == orig.keys()  # every text, unchanged
    if fmt in ("semeval2023", "brat"):  # every technique span has a label these formats hold
        for text, o in orig.items():
            assert [(t["label"], t["start"], t["end"]) for t in back[text]["techniques"]] == \
                [(t["label"], t["start"], t["end"]) for t in o["techniques"]], o["id"]


def test_semeval2023_export_follows_the_scorer_input_rules(tmp_path):
    """Span files: ID, technique, start, end (integers, start < end, within the article);
    paragraph file: ID, 1-based non-blank line, comma-joined known techniques. Every
    article of the repository's corpus, in every split."""
    from newsframes.taxonomy import load_taxonomies
    out = tmp_path / "out"
    assert run_cli("export", "semeval2023", "--corpus", ROOT / "corpus", "--out", out).returncode == 0
    known = set(load_taxonomies().techniques[:23])
    arts = sorted(out.glob("*-articles-subtask-3/article*.txt"))
    assert out / "train-articles-subtask-3" / "articlelavrov-kyrgyzstan-visit.txt" in arts  # the seed
    texts: dict[tuple[str, str], str] = {}
    for art in arts:
        split = art.parent.name[:-len("-articles-subtask-3")]
        aid = art.name[len("article"):-len(".txt")]
        text = texts[split, aid] = art.read_text(encoding="utf-8")
        spans = out / f"{split}-labels-subtask-3-spans" / f"article{aid}-labels-subtask-3.txt"
        for line in spans.read_text(encoding="utf-8").splitlines():
            i, label, s, e = line.split("\t")
            assert i == aid and label in known and 0 <= int(s) < int(e) <= len(text)
    for split in {sp for sp, _ in texts}:
        for line in (out / f"{split}-labels-subtask-3.txt").read_text(encoding="utf-8").splitlines():
            i, n, labels = line.split("\t")
            lines = texts[split, i].split("\n")
            assert lines[int(n) - 1].strip() and set(filter(None, labels.split(","))) <= known


def test_semeval2025_export_is_sorted_by_article_file_name(tmp_path):
    corpus = tmp_path / "p" / "corpus"
    do_import("semeval2025", FORMATS["semeval2025"], corpus)
    out = tmp_path / "out"
    assert run_cli("export", "semeval2025", "--corpus", corpus, "--out", out).returncode == 0
    for name in ("subtask-1-annotations.txt", "subtask-2-annotations.txt"):
        arts = [ln.split("\t")[0] for ln in (out / name).read_text(encoding="utf-8").splitlines()]
        assert arts == sorted(arts)
    st2 = (out / "subtask-2-annotations.txt").read_text(encoding="utf-8").splitlines()
    assert all(len(ln.split("\t")) == 3 for ln in st2)


def test_imported_corpus_builds_in_a_separate_folder(tmp_path):
    from datasets import load_dataset
    proj = tmp_path / "proj"
    do_import("semeval2025", FORMATS["semeval2025"], proj / "corpus", "--split", "train")
    r = run_cli("build", "--corpus", proj / "corpus", "--out", proj / "data")
    assert r.returncode == 0, r.stderr
    ds = load_dataset(str(proj), "articles", split="train")
    assert ds.num_rows == 3
    assert {tuple(x) for x in ds["annotated_layers"]} == {("roles", "narratives")}


# ---------------------------------------------------------------- offsets


_PIECES = st.sampled_from(["a", "b", "word", " ", "  ", "\t", "\r\n", "\n", "\r", "\u200b", "\ufeff", "\x07",
                           "\U0001F642", "\u2028", "é", "\n\n", " \r\n ",
                           # text NFC changes: combining marks, a composition exclusion, a singleton, Hangul jamo
                           "e\u0301", "\u0438\u0306", "\u0306", "\u0323\u0301", "\u0958", "\u212b", "\u1100\u1161"])


@given(st.lists(_PIECES, max_size=40))
@settings(max_examples=400, deadline=None)
def test_alignment_matches_the_normaliser_and_maps_back(pieces):
    import unicodedata

    from newsframes.formats.offsets import Alignment, _dropped
    from newsframes.normalize import normalize_text
    raw = "".join(pieces)
    al = Alignment(raw)
    assert al.text == normalize_text(raw) and len(al.origin) == len(al.text)
    for i, ch in enumerate(al.text):  # every character comes from its raw run (or a line break, or a tab)
        run = raw[al.origin[i]:al.end_of(i)]
        kept = unicodedata.normalize("NFC", "".join(" " if c == "\t" else c for c in run
                                                    if c == "\t" or not _dropped(c)))
        assert ch in kept or (ch == "\n" and run in "\r\n\u2028") or \
            (ch == " " and run == "\t")
    for a in range(len(al.text)):
        for b in range(a + 1, min(len(al.text), a + 6) + 1):
            s, e = al.to_raw(a, b)
            back = al.to_text(s, e)
            assert back is not None and back[2] and back[0] <= a and back[1] >= b  # exact, and covers [a, b)
            if not any(al.origin[k] == al.origin[k + 1] for k in range(max(a - 1, 0), min(b, len(al.text) - 1))):
                assert back[:2] == (a, b)


def test_utf16_units_of_astral_characters():
    from newsframes.formats.offsets import Alignment
    al = Alignment("\U0001F642 ab")
    assert al.utf16_before() == [0, 2, 3, 4, 5]
    assert al.cp_from_utf16(2) == 1 and al.cp_from_utf16(1) is None  # inside a surrogate pair


def test_untyped_entities_of_an_import_work_with_stats_view_and_spacy(tmp_path):
    """Entity type null (schema 1.1.0, SemEval-2025 imports): the other commands cope."""
    corpus = tmp_path / "p" / "corpus"
    do_import("semeval2025", FORMATS["semeval2025"], corpus)
    r = run_cli("stats", "--corpus", corpus)
    assert r.returncode == 0, r.stderr
    assert "(untyped)" in r.stdout
    r = run_cli("export", "spacy", "--corpus", corpus, "--out", tmp_path / "spacy", "--full-text")  # rights unknown
    assert r.returncode == 0, r.stderr
    assert "untyped entity left out" in r.stderr
    r = run_cli("view", "semeval2025-en-ua-000001", "--corpus", corpus, "-o", tmp_path / "v.html")
    assert r.returncode == 0, r.stderr
    assert "Moscow" in (tmp_path / "v.html").read_text(encoding="utf-8")


def test_roles_only_records_may_hold_only_role_carrying_entities(tmp_path):
    """NF321 with `roles` listed but not entities/mentions: an entity without roles (or
    its mention) is annotation of a layer the record says it did not annotate."""
    from newsframes.validate.l3_layers import check_layers
    corpus = tmp_path / "p" / "corpus"
    do_import("semeval2025", FORMATS["semeval2025"], corpus)
    rec = json.loads((corpus / "semeval2025-en-ua-000001.json").read_text(encoding="utf-8"))
    assert check_layers(rec, "r.json") == []
    rec["entities"][0]["roles"] = []
    got = check_layers(rec, "r.json")
    assert [(i.code, i.pointer) for i in got] == [("NF321", "/entities/0"), ("NF321", "/mentions/0")]
    rec["annotated_layers"] = ["narratives"]  # roles not annotated: no entity may stay
    assert {i.pointer for i in check_layers(rec, "r.json")} >= {"/entities", "/mentions"}
