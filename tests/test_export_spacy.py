"""`newsframes export spacy`: DocBins per split, read back with the real spaCy, checked
with `spacy debug data` and a two-step `spacy train` on the shipped config."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")
from spacy.tokens import DocBin  # noqa: E402

from newsframes.cli import main  # noqa: E402
from newsframes.export import export_spacy  # noqa: E402
from newsframes.export.spacy_docbin import ExportError  # noqa: E402
from newsframes.taxonomy import load_taxonomies  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "valid" / "corpus"
CONFIG = ROOT / "configs" / "spacy" / "config.cfg"
REAL_CORPUS = ROOT / "corpus"


def _copy_fixture(dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for p in FIXTURE.iterdir():
        shutil.copy(p, dst / p.name)
    return dst


def _load(path: Path):
    nlp = spacy.blank("en")
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def _replicate(dst: Path, n_train: int, n_dev: int) -> Path:
    """A corpus of copies of the fixture (synthetic, in tmp only) with fresh ids."""
    dst.mkdir(parents=True)
    rec = json.loads((FIXTURE / "fixture-valid-001.json").read_text(encoding="utf-8"))
    text = (FIXTURE / "fixture-valid-001.txt").read_text(encoding="utf-8")
    for i in range(n_train + n_dev):
        r = dict(rec, id=f"copy-{i:03d}", split="train" if i < n_train else "validation")
        (dst / f"copy-{i:03d}.json").write_text(json.dumps(r), encoding="utf-8")
        (dst / f"copy-{i:03d}.txt").write_text(text, encoding="utf-8")
    return dst


def test_fixture_doc_layers(tmp_path):
    corpus = _copy_fixture(tmp_path / "corpus")
    counts = export_spacy(corpus, tmp_path / "out")
    assert counts["docs"] == {"train": 1, "validation": 0, "test": 0}
    assert (counts["ents"], counts["mentions"], counts["overlaps_kept_in_group"]) == (5, 5, 0)
    assert counts["misaligned_spans"] == counts["unplaceable_spans"] == 0
    for split in ("train", "validation", "test"):
        assert (tmp_path / "out" / f"{split}.spacy").is_file()
    assert _load(tmp_path / "out" / "validation.spacy") == []

    (doc,) = _load(tmp_path / "out" / "train.spacy")
    assert doc.user_data["id"] == "fixture-valid-001"
    assert doc.user_data["genre"] == "reporting"
    assert [(e.text, e.label_, e.id_) for e in doc.ents] == [
        ("Lakeside", "GPE", "m1"), ("Ana Example", "PERSON", "m2"), ("Lakeside", "GPE", "m3"),
        ("The Republic of Examplia", "GPE", "m4"), ("Example", "PERSON", "m5")]
    assert doc.spans["mentions"].attrs["entity"] == {"m1": "e2", "m2": "e1", "m3": "e2", "m4": "e3", "m5": "e1"}
    assert len(doc.spans["mentions_overlap"]) == 0
    assert [(s.text, s.label_) for s in doc.spans["techniques"]] == [
        ("diktats", "Loaded_Language"), ("will never bow to foreign diktats", "Flag_Waving")]
    assert [(s.text, s.label_, s.id_) for s in doc.spans["timexes"]] == [
        ("Monday", "DATE", "t1"), ("two-day", "DURATION", "t2"), ("today", "DATE", "t3")]
    assert doc.spans["timexes"].attrs["value"] == {"t1": "2025-06-30", "t2": "P2D", "t3": "2025-06-30"}
    (claim,) = doc.spans["claims"]
    assert claim.label_ == "factual" and claim.text.startswith("Foreign Minister")
    assert doc.spans["claims"].attrs["claimant"] == {"c1": "unnamed"}
    assert [(s.text, s.id_) for s in doc.spans["claim_cues"]] == [("officials said", "c1")]
    frames = load_taxonomies().frames
    assert list(doc.cats) == frames  # frames only: textcat_multilabel trains on these
    assert {k for k, v in doc.cats.items() if v == 1.0} == {"Political", "External_regulation_and_reputation"}
    assert [s.start_char for s in doc.sents] == [0, 27, 123]


def test_overlap_and_misaligned_spans_are_kept_and_counted(tmp_path):
    corpus = _copy_fixture(tmp_path / "corpus")
    path = corpus / "fixture-valid-001.json"
    rec = json.loads(path.read_text(encoding="utf-8"))
    # overlaps m2 "Ana Example" (44-55): the longer one wins doc.ents, m2 goes to the group
    rec["mentions"].append({"id": "m6", "entity": "e1", "start": 27, "end": 55,
                            "text": "Foreign Minister Ana Example", "metonymy": None, "source": "manual"})
    # not on token boundaries ("iktats" inside "diktats")
    rec["techniques"].append({"id": "p3", "label": "Name_Calling-Labeling", "start": 176, "end": 182,
                              "text": "iktats", "source": "manual", "note": None})
    path.write_text(json.dumps(rec), encoding="utf-8")
    counts = export_spacy(corpus, tmp_path / "out")
    assert counts["mentions"] == 6 and counts["ents"] == 5
    assert counts["overlaps_kept_in_group"] == 1
    assert counts["misaligned_spans"] == 1 and counts["unplaceable_spans"] == 0
    assert any("/techniques/2" in w and "expanded to [175, 182)" in w for w in counts["warnings"])
    (doc,) = _load(tmp_path / "out" / "train.spacy")
    assert "Foreign Minister Ana Example" in [e.text for e in doc.ents]
    assert [(s.text, s.id_) for s in doc.spans["mentions_overlap"]] == [("Ana Example", "m2")]
    assert len(doc.spans["mentions"]) == 6
    assert ("diktats", "Name_Calling-Labeling") in [(s.text, s.label_) for s in doc.spans["techniques"]]


def test_bytes_identical_across_runs_and_hash_seeds(tmp_path):
    corpus = _copy_fixture(tmp_path / "corpus")
    export_spacy(corpus, tmp_path / "a")
    code = ("import sys; from newsframes.export import export_spacy; "
            "export_spacy(sys.argv[1], sys.argv[2])")
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-c", code, str(corpus), str(tmp_path / "b")], check=True, env=env)
    for split in ("train", "validation", "test"):
        assert (tmp_path / "a" / f"{split}.spacy").read_bytes() == (tmp_path / "b" / f"{split}.spacy").read_bytes()


def test_bad_split_is_a_clear_error(tmp_path, capsys):
    corpus = _copy_fixture(tmp_path / "corpus")
    path = corpus / "fixture-valid-001.json"
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["split"] = "dev"
    path.write_text(json.dumps(rec), encoding="utf-8")
    with pytest.raises(ExportError) as info:
        export_spacy(corpus, tmp_path / "out")
    assert info.value.code == "NFX105"
    assert main(["export", "spacy", "--out", str(tmp_path / "out"), "--corpus", str(corpus)]) == 1
    err = capsys.readouterr().err
    assert "NFX105" in err and "/split" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_cli_prints_counts(tmp_path, capsys):
    corpus = _copy_fixture(tmp_path / "corpus")
    assert main(["export", "spacy", "--out", str(tmp_path / "out"), "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "docs: train 1, validation 0, test 0" in out
    assert "entities in doc.ents: 5 of 5 mentions" in out
    assert "misaligned spans (expanded to token boundaries): 0" in out


def _spacy_cli(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "spacy", *args], capture_output=True, text=True, timeout=timeout)


def test_debug_data_accepts_the_export(tmp_path):
    # spaCy's debug data fails any blank pipeline with < 100 training docs, so the
    # check that the *format* is accepted runs on 100 synthetic copies (tmp only).
    # The empty test split (an empty DocBin) is accepted as dev data too.
    corpus = _replicate(tmp_path / "corpus", 100, 3)
    counts = export_spacy(corpus, tmp_path / "out")
    assert counts["docs"] == {"train": 100, "validation": 3, "test": 0}
    for dev in ("validation", "test"):
        r = _spacy_cli("debug", "data", str(CONFIG), "--paths.train", str(tmp_path / "out" / "train.spacy"),
                       "--paths.dev", str(tmp_path / "out" / f"{dev}.spacy"))
        assert r.returncode == 0, r.stdout + r.stderr


def test_debug_data_on_one_article_fails_only_on_corpus_size(tmp_path):
    corpus = _copy_fixture(tmp_path / "corpus")
    export_spacy(corpus, tmp_path / "out")
    train = str(tmp_path / "out" / "train.spacy")
    r = _spacy_cli("debug", "data", str(CONFIG), "--paths.train", train, "--paths.dev", train)
    failures = [ln for ln in re.sub(r"\x1b\[[0-9;]*m", "", r.stdout).splitlines() if ln.startswith("✘")]
    assert r.returncode == 1
    assert failures[0].startswith("✘ Low number of examples to train a new pipeline (1)")
    assert failures[1:] == ["✘ 1 error"]


def test_train_two_steps(tmp_path):
    corpus = _copy_fixture(tmp_path / "corpus")
    export_spacy(corpus, tmp_path / "out")
    train = str(tmp_path / "out" / "train.spacy")
    r = _spacy_cli("train", str(CONFIG), "--paths.train", train, "--paths.dev", train,
                   "--training.max_steps", "2", "--training.eval_frequency", "1",
                   "--output", str(tmp_path / "model"))
    assert r.returncode == 0, r.stdout + r.stderr
    nlp = spacy.load(tmp_path / "model" / "model-last")
    assert nlp.pipe_names == ["tok2vec", "ner", "spancat", "textcat_multilabel"]
    assert set(nlp.get_pipe("textcat_multilabel").labels) == set(load_taxonomies().frames)


@pytest.mark.skipif(not any(REAL_CORPUS.glob("*.json")), reason="corpus/ has no records yet")
def test_real_corpus_exports(tmp_path):
    counts = export_spacy(REAL_CORPUS, tmp_path / "out", full_text=True)  # every article, withheld text included
    n_records = len(list(REAL_CORPUS.glob("*.json")))
    assert sum(counts["docs"].values()) == n_records
    assert counts["unplaceable_spans"] == 0
    assert counts["ents"] + counts["overlaps_kept_in_group"] == counts["mentions"]
    docs = [d for s in ("train", "validation", "test") for d in _load(tmp_path / "out" / f"{s}.spacy")]
    assert sorted(d.user_data["id"] for d in docs) == sorted(p.stem for p in REAL_CORPUS.glob("*.json"))
    for doc in docs:
        rec = json.loads((REAL_CORPUS / f"{doc.user_data['id']}.json").read_text(encoding="utf-8"))
        assert len(doc.spans["techniques"]) == len(rec["techniques"])
        assert len(doc.spans["mentions"]) == len(rec["mentions"])
    train = str(tmp_path / "out" / "train.spacy")
    r = _spacy_cli("debug", "data", str(CONFIG), "--paths.train", train, "--paths.dev", train)
    failures = [ln for ln in re.sub(r"\x1b\[[0-9;]*m", "", r.stdout).splitlines() if ln.startswith("✘")]
    if counts["docs"]["train"] < 100:  # spaCy's minimum for a blank pipeline: the only failure allowed
        assert [f for f in failures if not f.startswith(("✘ Low number of examples to train", "✘ 1 error"))] == []
    else:
        assert r.returncode == 0, r.stdout


def test_build_with_exports_writes_docbins_beside_data(tmp_path):
    """`newsframes build --exports DIR` builds data/ and writes DIR/spacy/<split>.spacy."""
    import shutil
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent / "fixtures" / "valid" / "corpus", corpus)
    r = subprocess.run([sys.executable, "-m", "newsframes", "build", "--corpus", str(corpus),
                        "--exports", str(tmp_path / "ex")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "data" / "croissant.json").is_file()
    assert sorted(p.name for p in (tmp_path / "ex" / "spacy").iterdir()) == ["test.spacy", "train.spacy", "validation.spacy"]
    assert "5 entities" in r.stdout and "Traceback" not in r.stderr
