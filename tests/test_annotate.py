"""`newsframes annotate`: spaCy proposals merged into records (real spaCy, real files)."""

import json
import subprocess
import sys
from pathlib import Path

import spacy
from cli_helpers import run_cli  # noqa: E402
from jsonschema import Draft202012Validator

from newsframes import __version__
from newsframes.jsonio import write_record
from newsframes.paths import schema_dir

RAW = Path(__file__).parent / "fixtures" / "raw"
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_a7f81f6fd957c2d8.txt"
VALIDATOR = Draft202012Validator(json.loads((schema_dir() / "article.schema.json").read_text(encoding="utf-8")))
RULER = f"tool:spacy-entityruler/{spacy.__version__}"
TIMEX = f"tool:newsframes-timex/{__version__}"
SENT = f"tool:newsframes-sentencizer/{__version__}"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "newsframes", *map(str, args)], capture_output=True, text=True)


def draft_errors(record):
    """Schema errors, except the null genre label of a draft (the schema requires a label;
    change pending, see test_add.py)."""
    errors = sorted(("/" + "/".join(map(str, e.absolute_path)), e.message) for e in VALIDATOR.iter_errors(record))
    return [e for e in errors if e[0] != "/genre/label"]


def add(root, src, article_id, *extra, runner=run_cli):
    (root / "seeds").mkdir(exist_ok=True)
    seed = root / "seeds" / Path(src).name
    if not seed.exists():
        seed.write_bytes(Path(src).read_bytes())
    r = runner("add", seed, "--id", article_id, "--corpus", root / "corpus", *extra)
    assert r.returncode == 0, r.stderr


def annotate(root, article_id, *extra, runner=run_cli):
    r = runner("annotate", article_id, "--corpus", root / "corpus", *extra)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    return r


def load(root, article_id):
    rec = json.loads((root / "corpus" / f"{article_id}.json").read_text(encoding="utf-8"))
    text = (root / "corpus" / f"{article_id}.txt").read_text(encoding="utf-8")
    return rec, text


def check_spans(rec, text):
    for layer in ("mentions", "timexes"):
        for s in rec[layer]:
            assert text[s["start"]:s["end"]] == s["text"]
    for s in rec["structure"]["sentences"]:
        sent = text[s["start"]:s["end"]]
        assert sent and "\n" not in sent and sent == sent.strip()


def test_crlf_bom_article(tmp_path):
    add(tmp_path, RAW / "crlf-bom-article.txt", "crlf-001", "--published", "2025-06-30", runner=cli)
    r = annotate(tmp_path, "crlf-001", runner=cli)
    assert "model: none" in r.stdout and "5 proposed" in r.stdout
    rec, text = load(tmp_path, "crlf-001")
    assert "\r" not in text and not text.startswith("\ufeff") and "\u201cset to convene today,\u201d" in text
    assert [(t["text"], t["type"], t["value"], t["mod"], t["source"]) for t in rec["timexes"]] == [
        ("this weekend", "DATE", "2025-W26-WE", None, TIMEX),
        ("two-day", "DURATION", "P2D", None, TIMEX),
        ("today", "DATE", "2025-06-30", None, TIMEX),
        ("later in the autumn", "DATE", "2025-FA", "END", TIMEX),
        ("August", "DATE", "2025-08", None, TIMEX),
    ]
    assert [t["id"] for t in rec["timexes"]] == ["t1", "t2", "t3", "t4", "t5"]
    # one sentence per line here; the heading does not merge into the next sentence
    assert [text[s["start"]:s["end"]] for s in rec["structure"]["sentences"]] == text.split("\n")
    assert {s["source"] for s in rec["structure"]["sentences"]} == {SENT}
    check_spans(rec, text)
    assert draft_errors(rec) == []


def test_seed_sentences_cover_every_paragraph(tmp_path):
    add(tmp_path, SEED, "seed-000", "--published", "2025-06-30")
    annotate(tmp_path, "seed-000")
    rec, text = load(tmp_path, "seed-000")
    sents = rec["structure"]["sentences"]
    for p in rec["structure"]["paragraphs"]:
        inside = [s for s in sents if p["start"] <= s["start"] < p["end"]]
        assert inside and all(s["end"] <= p["end"] for s in inside)
        covered = set()
        for s in inside:
            covered.update(range(s["start"], s["end"]))
        assert all(text[i] == " " for i in range(p["start"], p["end"]) if i not in covered)
    heading = "A strategic offensive under CSTO cover"
    assert any(text[s["start"]:s["end"]] == heading for s in sents)
    assert [t["value"] for t in rec["timexes"]] == ["2025-W26-WE", "P2D", "2025-06-30", "2025-08", "2025-FA"]
    check_spans(rec, text)


def test_annotate_twice_is_byte_identical(tmp_path):
    add(tmp_path, SEED, "seed-000", "--published", "2025-06-30")
    annotate(tmp_path, "seed-000")
    first = (tmp_path / "corpus/seed-000.json").read_bytes()
    r = annotate(tmp_path, "seed-000")
    assert "unchanged" in r.stdout
    assert (tmp_path / "corpus/seed-000.json").read_bytes() == first
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == ["seed-000.json", "seed-000.txt"]


def test_manual_annotations_survive(tmp_path):
    add(tmp_path, RAW / "crlf-bom-article.txt", "crlf-001", "--published", "2025-06-30")
    annotate(tmp_path, "crlf-001")
    rec, text = load(tmp_path, "crlf-001")
    # a person checks t3 ("today") and corrects t1 by hand; adds a manual sentence split
    rec["timexes"][2]["source"] = "tool+manual:newsframes-timex/1.0.0"
    rec["timexes"][0].update(text="weekend", start=rec["timexes"][0]["start"] + 5, source="manual")
    first = rec["structure"]["sentences"][1]
    rec["structure"]["sentences"][1] = {"start": first["start"], "end": first["start"] + 16, "source": "manual"}
    manual_timexes = [rec["timexes"][0], rec["timexes"][2]]
    write_record(tmp_path / "corpus/crlf-001.json", rec)
    annotate(tmp_path, "crlf-001")
    new, _ = load(tmp_path, "crlf-001")
    for t in manual_timexes:
        assert t in new["timexes"]
    assert sum(1 for t in new["timexes"] if t["start"] < manual_timexes[0]["end"]
               and manual_timexes[0]["start"] < t["end"]) == 1  # no duplicate over "this weekend"
    assert len(new["timexes"]) == 5 and len({t["id"] for t in new["timexes"]}) == 5
    assert rec["structure"]["sentences"][1] in new["structure"]["sentences"]
    assert not any(s["source"] != "manual" and s["start"] < first["end"] and first["start"] < s["end"]
                   for s in new["structure"]["sentences"])
    check_spans(new, text)


def test_entity_ruler_learns_from_other_records(tmp_path):
    add(tmp_path, SEED, "seed-000", "--published", "2025-06-30")
    rec, text = load(tmp_path, "seed-000")
    # manual entities in the seed record (what an annotator would enter)
    rec["entities"] = [
        {"id": "e1", "name": "Sergey Lavrov", "type": "PERSON", "wikidata": None, "roles": [],
         "source": "manual", "note": None},
        {"id": "e2", "name": "Kyrgyzstan", "type": "GPE", "wikidata": None, "roles": [], "source": "manual",
         "note": None},
    ]
    i, j = text.index("Sergey Lavrov"), text.index("Kyrgyzstan")
    rec["mentions"] = [
        {"id": "m1", "entity": "e1", "start": i, "end": i + 13, "text": "Sergey Lavrov", "metonymy": None,
         "source": "manual"},
        {"id": "m2", "entity": "e1", "start": text.index("Lavrov’s"), "end": text.index("Lavrov’s") + 6,
         "text": "Lavrov", "metonymy": None, "source": "manual"},
        {"id": "m3", "entity": "e2", "start": j, "end": j + 10, "text": "Kyrgyzstan", "metonymy": None,
         "source": "manual"},
    ]
    write_record(tmp_path / "corpus/seed-000.json", rec)
    add(tmp_path, RAW / "crlf-bom-article.txt", "crlf-001", "--published", "2025-06-30")
    other = tmp_path / "corpus/crlf-001.txt"
    # a second article naming the same people and places (synthetic test text)
    sentence = "\nLavrov later flew from Kyrgyzstan to Kyrgyzstan’s neighbour."
    other.write_text(other.read_text(encoding="utf-8") + sentence, encoding="utf-8")
    o, otext = load(tmp_path, "crlf-001")
    import hashlib
    o["text_sha256"] = hashlib.sha256(otext.encode()).hexdigest()
    o["structure"]["paragraphs"].append({"start": len(otext) - len(sentence) + 1, "end": len(otext), "kind": "body"})
    write_record(tmp_path / "corpus/crlf-001.json", o)

    r = annotate(tmp_path, "crlf-001")
    assert "3 patterns from the corpus" in r.stdout
    new, _ = load(tmp_path, "crlf-001")
    assert [(m["text"], m["entity"], m["source"]) for m in new["mentions"]] == [
        ("Lavrov", "e1", RULER), ("Kyrgyzstan", "e2", RULER), ("Kyrgyzstan", "e2", RULER)]
    assert [(e["id"], e["name"], e["type"], e["source"]) for e in new["entities"]] == [
        ("e1", "Sergey Lavrov", "PERSON", RULER), ("e2", "Kyrgyzstan", "GPE", RULER)]
    assert draft_errors(new) == []

    # the seed record itself: manual mentions stay, the ruler adds the other occurrences
    annotate(tmp_path, "seed-000")
    seed, stext = load(tmp_path, "seed-000")
    assert [m for m in seed["mentions"] if m["source"] == "manual"] == rec["mentions"]
    tool = [m for m in seed["mentions"] if m["source"] == RULER]
    assert len(tool) == stext.count("Kyrgyzstan") - 1 + stext.count("Lavrov") - 2
    assert {m["entity"] for m in tool} == {"e1", "e2"} and len(seed["entities"]) == 2
    ids = [m["id"] for m in seed["mentions"]]
    assert len(set(ids)) == len(ids) and "m4" in ids
    check_spans(seed, stext)


def test_no_publication_date(tmp_path):
    add(tmp_path, RAW / "crlf-bom-article.txt", "crlf-001")
    r = annotate(tmp_path, "crlf-001")
    assert "no publication date: relative dates get the undated values of GUIDELINES §9" in r.stdout
    assert "not marked" not in r.stdout and "left for you" not in r.stdout  # nothing is left out
    rec, _ = load(tmp_path, "crlf-001")
    assert [(t["text"], t["type"], t["value"], t["mod"]) for t in rec["timexes"]] == [
        ("this weekend", "DATE", "XXXX-WXX-WE", None), ("two-day", "DURATION", "P2D", None),
        ("today", "DATE", "XXXX-XX-XX", None), ("later in the autumn", "DATE", "XXXX-FA", "END"),
        ("August", "DATE", "XXXX-08", None)]
    assert draft_errors(rec) == []


def test_bad_input_gives_clear_errors(tmp_path):
    (tmp_path / "corpus").mkdir()
    r = cli("annotate", "nope-001", "--corpus", tmp_path / "corpus")
    assert r.returncode == 1 and "no such record" in r.stderr and "Traceback" not in r.stderr
    r = cli("annotate", "Bad Id", "--corpus", tmp_path / "corpus")
    assert r.returncode == 2 and "bad id" in r.stderr and "Traceback" not in r.stderr
    add(tmp_path, SEED, "seed-000", "--published", "2025-06-30")
    before = (tmp_path / "corpus/seed-000.json").read_bytes()
    r = cli("annotate", "seed-000", "--corpus", tmp_path / "corpus", "--model", "xx_no_such_model")
    assert r.returncode == 1 and "not installed" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "corpus/seed-000.txt").write_text("edited text", encoding="utf-8")
    r = cli("annotate", "seed-000", "--corpus", tmp_path / "corpus")
    assert r.returncode == 1 and "/text_sha256" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "corpus/seed-000.json").write_text("{broken", encoding="utf-8")
    r = cli("annotate", "seed-000", "--corpus", tmp_path / "corpus")
    assert r.returncode == 1 and "unreadable" in r.stderr and "Traceback" not in r.stderr
    assert before  # the failing runs above wrote nothing new


def tiny_trained_pipeline(folder):
    """A small NER trained here on two synthetic sentences (no model can be downloaded);
    it stands in for en_core_web_sm to exercise the trained-model path."""
    from spacy.training import Example
    from spacy.util import fix_random_seed

    fix_random_seed(0)
    nlp = spacy.blank("en")
    nlp.meta.update(name="testpipe", version="0.0.1")
    nlp.add_pipe("ner")
    data = [("Ana Example arrived in Lakeside on Monday.", [(0, 11, "PERSON"), (23, 31, "GPE"), (35, 41, "DATE")]),
            ("Officials in Lakeside praised Ana Example.", [(13, 21, "GPE"), (30, 41, "PERSON")])]
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in data]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(30):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.to_disk(folder)
    return folder


def test_trained_model_proposals_and_ruler_priority(tmp_path):
    model = tiny_trained_pipeline(tmp_path / "testpipe")
    add(tmp_path, RAW / "crlf-bom-article.txt", "crlf-001", "--published", "2025-06-30")
    r = annotate(tmp_path, "crlf-001", "--model", model)
    assert "model: tool:en_testpipe/0.0.1" in r.stdout
    rec, text = load(tmp_path, "crlf-001")
    model_tag = "tool:en_testpipe/0.0.1"
    found = {(m["text"], m["source"]) for m in rec["mentions"]}
    assert ("Ana Example", model_tag) in found
    ents = {e["id"]: e for e in rec["entities"]}
    assert all(ents[m["entity"]]["type"] in ("PERSON", "GPE") for m in rec["mentions"])  # DATE left out
    by_text = {}
    for m in rec["mentions"]:
        by_text.setdefault(m["text"], set()).add(m["entity"])
    assert all(len(ids) == 1 for ids in by_text.values())  # same name, same entity
    check_spans(rec, text)
    assert draft_errors(rec) == []
    first = (tmp_path / "corpus/crlf-001.json").read_bytes()
    annotate(tmp_path, "crlf-001", "--model", model)
    assert (tmp_path / "corpus/crlf-001.json").read_bytes() == first

    # a checked mention in another record makes the entity ruler win over the model
    add(tmp_path, RAW / "messy.txt", "messy-001")
    other, otext = load(tmp_path, "messy-001")
    i = otext.index("Lakeside")
    other["entities"] = [{"id": "e1", "name": "Lakeside Region", "type": "LOC", "wikidata": None, "roles": [],
                          "source": "manual", "note": "test"}]
    other["mentions"] = [{"id": "m1", "entity": "e1", "start": i, "end": i + 8, "text": "Lakeside",
                          "metonymy": None, "source": "manual"}]
    write_record(tmp_path / "corpus/messy-001.json", other)
    annotate(tmp_path, "crlf-001", "--model", model)
    rec, text = load(tmp_path, "crlf-001")
    ents = {e["id"]: e for e in rec["entities"]}
    lakeside = [m for m in rec["mentions"] if m["text"] == "Lakeside"]
    assert len(lakeside) == text.count("Lakeside") == 3
    assert all(m["source"] == RULER and ents[m["entity"]]["name"] == "Lakeside Region"
               and ents[m["entity"]]["type"] == "LOC" for m in lakeside)
    assert ("Ana Example", model_tag) in {(m["text"], m["source"]) for m in rec["mentions"]}
    assert draft_errors(rec) == []


def test_literal_place_is_not_linked_to_the_government_it_stood_for(tmp_path):
    """Issue 13: a seed's metonymic "Bishkek" (= the government of Kyrgyzstan) made the
    ruler link "a Bishkek university" to Kyrgyzstan. Synthetic texts: "Lakeside" stands
    for the Republic of Examplia twice in one record; in another record it is a place."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Lakeside rejects the claim.\nOfficials said Lakeside would not yield.",
                                 encoding="utf-8")
    (seeds / "b.txt").write_text("Students at a Lakeside university protested.", encoding="utf-8")
    add(tmp_path, seeds / "a.txt", "meto-001", "--published", "2025-06-30")
    add(tmp_path, seeds / "b.txt", "meto-002", "--published", "2025-06-30")
    rec, text = load(tmp_path, "meto-001")
    rec["entities"] = [{"id": "e1", "name": "Republic of Examplia", "type": "GPE", "wikidata": None, "roles": [],
                        "source": "manual", "note": None}]
    starts = [i for i in range(len(text)) if text.startswith("Lakeside", i)]
    rec["mentions"] = [{"id": f"m{k + 1}", "entity": "e1", "start": i, "end": i + 8, "text": "Lakeside",
                        "metonymy": "government", "source": "manual"} for k, i in enumerate(starts)]
    write_record(tmp_path / "corpus/meto-001.json", rec)

    annotate(tmp_path, "meto-002")
    new, _ = load(tmp_path, "meto-002")
    assert [(m["text"], m["metonymy"], m["source"]) for m in new["mentions"]] == [("Lakeside", None, RULER)]
    (ent,) = new["entities"]
    assert (ent["name"], ent["type"], ent["source"]) == ("Lakeside", "GPE", RULER)  # its own entity
    assert "Republic of Examplia (government) in 2 of 2 use(s)" in ent["note"]
    assert "link the mention to that entity and set its metonymy" in ent["note"]
    assert draft_errors(new) == []


def test_literal_uses_teach_the_name_without_a_note(tmp_path):
    from newsframes.annotate.entities import corpus_patterns

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    ents = [{"id": "e1", "name": "Lakeside", "type": "GPE"}, {"id": "e2", "name": "Republic of Examplia",
                                                              "type": "GPE"}]
    mentions = [{"entity": "e1", "text": "Lakeside", "metonymy": None, "source": "manual"},
                {"entity": "e2", "text": "Examplia", "metonymy": None, "source": "manual"},
                {"entity": "e2", "text": "Lakeside", "metonymy": "government", "source": "manual"}]
    (corpus / "x-001.json").write_text(json.dumps({"entities": ents, "mentions": mentions}), encoding="utf-8")
    patterns = corpus_patterns(corpus, "other")
    by_text = {p["pattern"]: p for p in patterns}
    assert by_text["Examplia"] == {"label": "GPE", "pattern": "Examplia", "id": "Republic of Examplia"}
    assert by_text["Lakeside"]["id"] == "Lakeside"  # 2 literal readings (1 literal + 1 metonymic)
    assert "Republic of Examplia (government) in 1 of 2 use(s)" in by_text["Lakeside"]["note"]
