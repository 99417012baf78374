"""`newsframes find` (every occurrence, with offsets and paragraph) and `newsframes
reanchor` (move spans after an edit of corpus/<id>.txt). Synthetic text, temporary corpora."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from cli_helpers import run_cli

from newsframes.jsonio import write_record
from newsframes.validate import Config, validate_corpus

ID = "intake-synthetic-001"
TEXT = ("Harbour council meets in Lakeside\n"
        "The Lakeside council voted on Tuesday to repair the old harbour wall.\n"
        "Critics called the plan a reckless waste. The mayor said the work would start in spring.\n"
        "Residents of Lakeside were split.")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """A project with one draft record added from a synthetic seed and a few manual spans."""
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(tmp_path / "nfcache"))
    root = tmp_path / "proj"
    (root / "seeds").mkdir(parents=True)
    seed = root / "seeds" / "intake-synthetic.txt"
    seed.write_text(TEXT, encoding="utf-8")
    r = run_cli("add", seed, "--id", ID, "--corpus", root / "corpus")
    assert r.returncode == 0, r.stderr
    path = root / "corpus" / f"{ID}.json"
    rec = json.loads(path.read_text(encoding="utf-8"))
    assert (root / "corpus" / f"{ID}.txt").read_text(encoding="utf-8") == TEXT

    def at(words, nth=0):
        i = -1
        for _ in range(nth + 1):
            i = TEXT.index(words, i + 1)
        return i, i + len(words)

    rec["entities"] = [{"id": "e1", "name": "Lakeside", "type": "GPE", "wikidata": None, "roles": [],
                        "source": "manual", "note": None}]
    rec["mentions"] = [{"id": f"m{k + 1}", "entity": "e1", "start": a, "end": b, "text": "Lakeside",
                        "metonymy": None, "source": "manual"}
                       for k, (a, b) in enumerate(at("Lakeside", n) for n in range(3))]
    a, b = at("a reckless waste")
    rec["techniques"] = [{"id": "p1", "label": "Loaded_Language", "start": a + 2, "end": b - 6,
                          "text": "reckless", "source": "manual", "note": None}]
    a, b = at("Tuesday")
    rec["timexes"] = [{"id": "t1", "start": a, "end": b, "text": "Tuesday", "type": "DATE", "value": "XXXX-WXX-2",
                       "mod": None, "source": "manual"}]
    write_record(path, rec)
    return root


def _valid(root):
    report = validate_corpus(root / "corpus", project_root=root, config=Config(cache_dir=None))
    return report.errors == 0, report.format("text")


def test_fixture_is_valid_with_an_undated_weekday(corpus):
    ok, text = _valid(corpus)  # XXXX-WXX-2 ("Tuesday", no publication date) is a valid DATE
    assert ok, text


def test_find_lists_every_occurrence_with_offsets_and_paragraph(corpus):
    r = run_cli("find", ID, "Lakeside", "--corpus", corpus / "corpus", "--format", "json")
    assert r.returncode == 0, r.stderr
    hits = json.loads(r.stdout)
    assert [(h["start"], h["end"]) for h in hits] == [
        (i, i + 8) for i in range(len(TEXT)) if TEXT.startswith("Lakeside", i)]
    assert len(hits) == 3 and [h["paragraph"] for h in hits] == [0, 1, 3]
    assert all(TEXT[h["start"]:h["end"]] == "Lakeside" for h in hits)
    assert [h["annotated"] for h in hits] == [["mention m1"], ["mention m2"], ["mention m3"]]
    r = run_cli("find", ID, "Lakeside", "--corpus", corpus / "corpus")
    assert "3 occurrence(s)" in r.stdout and r.stdout.count("start ") == 3
    assert "paragraph   3" in r.stdout and "[Lakeside]" in r.stdout


def test_find_counts_code_points_not_utf16_units(tmp_path):
    from newsframes.commands.find import find

    text = "Fans 🎉 cheered in Lakeside.\nLakeside 🎉 again."
    hits = find(text, "Lakeside")
    assert [(h["start"], h["paragraph"]) for h in hits] == [(18, 0), (28, 1)]
    assert all(text[h["start"]:h["end"]] == "Lakeside" for h in hits)


def test_find_missing_text_and_missing_record(corpus):
    r = run_cli("find", ID, "Examplia", "--corpus", corpus / "corpus")
    assert r.returncode == 1 and "does not occur" in r.stderr
    r = run_cli("find", "no-such-article", "x", "--corpus", corpus / "corpus")
    assert r.returncode == 2 and "cannot read the text" in r.stderr and "Traceback" not in r.stderr


def _edit(root, new_text):
    (root / "corpus" / f"{ID}.txt").write_text(new_text, encoding="utf-8")


def _record(root):
    return json.loads((root / "corpus" / f"{ID}.json").read_text(encoding="utf-8"))


def test_reanchor_after_inserting_a_word_uses_the_seed(corpus):
    before = _record(corpus)
    new = TEXT.replace("repair the old harbour wall", "repair the old stone harbour wall")
    _edit(corpus, new)
    ok, report = _valid(corpus)
    assert not ok and "NF301" in report  # the edit breaks the record...
    r = run_cli("reanchor", ID, "--corpus", corpus / "corpus")  # ...no git here: the old text is the seed's
    assert r.returncode == 0, r.stderr
    assert "2 span(s) moved, 3 unchanged" in r.stdout  # m3 and p1 follow the edit; m1, m2, t1 precede it
    after = _record(corpus)
    assert after["text_sha256"] == _sha(new)
    for layer in ("mentions", "techniques", "timexes"):
        for old, moved in zip(before[layer], after[layer]):
            assert moved["text"] == old["text"] == new[moved["start"]:moved["end"]]
    assert after["structure"]["paragraphs"][2]["end"] == before["structure"]["paragraphs"][2]["end"] + 6
    ok, report = _valid(corpus)
    assert ok, report
    r = run_cli("reanchor", ID, "--corpus", corpus / "corpus")
    assert r.returncode == 0 and "nothing to move" in r.stdout


def test_reanchor_refuses_a_deleted_sentence_holding_a_span(corpus):
    before = (corpus / "corpus" / f"{ID}.json").read_bytes()
    _edit(corpus, TEXT.replace("Critics called the plan a reckless waste. ", ""))
    r = run_cli("reanchor", ID, "--corpus", corpus / "corpus")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "1 span(s)" in r.stderr and "nothing was written" in r.stderr
    line = next(x for x in r.stderr.splitlines() if "/techniques/0" in x)
    a = TEXT.index("reckless")
    assert f"{ID}.json/techniques/0 (p1): {a}..{a + 8} 'reckless' in paragraph 2" in line
    assert "its text was deleted" in line
    assert (corpus / "corpus" / f"{ID}.json").read_bytes() == before


@pytest.mark.parametrize("edited,why", [("feckless", "its text was edited"),
                                        ("reckless-", None),  # punctuation after a word: not an edit of it
                                        ("wreckless", "the word at its start was edited"),
                                        ("recklessly", "the word at its end was edited")])
def test_reanchor_refuses_an_edit_inside_a_span_and_moves_nothing(corpus, edited, why):
    before = (corpus / "corpus" / f"{ID}.json").read_bytes()
    _edit(corpus, TEXT.replace("reckless", edited).replace("Residents of", "People in"))
    r = run_cli("reanchor", ID, "--corpus", corpus / "corpus")
    if why is None:
        assert r.returncode == 0 and "1 span(s) moved" in r.stdout, r.stderr  # m3; p1 stays
        return
    assert r.returncode == 1
    assert "/techniques/0 (p1)" in r.stderr and why in r.stderr
    assert "/mentions/" not in r.stderr  # "People in" is an edit next to m3, not inside it
    assert (corpus / "corpus" / f"{ID}.json").read_bytes() == before


def test_reanchor_drop_deletes_the_refused_spans_and_moves_the_rest(corpus):
    new = TEXT.replace("Critics called the plan a reckless waste. ", "")
    _edit(corpus, new)
    r = run_cli("reanchor", ID, "--drop", "--corpus", corpus / "corpus")
    assert r.returncode == 0, r.stderr
    assert "dropped intake-synthetic-001.json/techniques/0 (p1)" in r.stdout and "1 span(s) moved" in r.stdout
    rec = _record(corpus)
    assert rec["techniques"] == [] and len(rec["mentions"]) == 3
    assert all(new[m["start"]:m["end"]] == "Lakeside" for m in rec["mentions"])
    ok, report = _valid(corpus)
    assert ok, report


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


def test_reanchor_old_text_from_git_head_and_from_old(corpus, tmp_path):
    # the seed no longer gives the anchored text: a first edit re-anchored and committed
    first = TEXT.replace("Harbour council", "Harbour board")
    _edit(corpus, first)
    assert run_cli("reanchor", ID, "--corpus", corpus / "corpus").returncode == 0
    _git(corpus, "init", "-q")
    _git(corpus, "add", "-A")
    _git(corpus, "commit", "-qm", "first edit")
    second = first.replace("were split.", "were split on the plan.")
    _edit(corpus, second)
    r = run_cli("reanchor", ID, "--corpus", corpus / "corpus")  # old text: corpus/<id>.txt at HEAD
    assert r.returncode == 0, r.stderr
    assert _record(corpus)["text_sha256"] == _sha(second)
    assert _valid(corpus)[0]
    # --old: the given file, checked against the record's text_sha256
    old = tmp_path / "old.txt"
    old.write_text(second, encoding="utf-8")
    _edit(corpus, second + " Work begins in May.")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(TEXT, encoding="utf-8")
    r = run_cli("reanchor", ID, "--corpus", corpus / "corpus", "--old", wrong)
    assert r.returncode == 2 and "not the record's text_sha256" in r.stderr
    r = run_cli("reanchor", ID, "--corpus", corpus / "corpus", "--old", old)
    assert r.returncode == 0, r.stderr
    assert _valid(corpus)[0]


def test_reanchor_without_any_old_text_says_what_was_tried(corpus):
    (corpus / "seeds" / "intake-synthetic.txt").write_text("another text", encoding="utf-8")
    _edit(corpus, TEXT + " More.")
    r = run_cli("reanchor", ID, "--corpus", corpus / "corpus")
    assert r.returncode == 2
    assert "git HEAD: not available" in r.stderr and "the seed of source.seed, normalised: another text" in r.stderr
    assert "--old FILE" in r.stderr


def test_reanchor_moves_sentences_as_containers():
    from newsframes.reanchor.core import reanchor

    old = "One two three. Four five.\nSix."
    rec = {"text_sha256": _sha(old), "structure": {
        "paragraphs": [{"start": 0, "end": 25, "kind": "body"}, {"start": 26, "end": 30, "kind": "body"}],
        "sentences": [{"start": 0, "end": 14, "source": "tool:x/1"}, {"start": 15, "end": 25, "source": "tool:x/1"},
                      {"start": 26, "end": 30, "source": "tool:x/1"}]},
        "mentions": [], "claims": [], "techniques": [], "timexes": []}
    new = "One two and three. Four five.\nSix."
    res = reanchor(rec, old, new)
    assert not res.refused
    assert [(s["start"], s["end"]) for s in res.record["structure"]["sentences"]] == [(0, 18), (19, 29), (30, 34)]
    assert [new[p["start"]:p["end"]] for p in res.record["structure"]["paragraphs"]] == new.split("\n")
    assert rec["structure"]["sentences"][0]["end"] == 14  # the input is not modified


def test_reanchor_drop_of_a_claim_cue_keeps_the_claim():
    from newsframes.reanchor.core import reanchor

    old = "Prices will rise, officials said. Later more."
    new = "Prices will rise, officials claimed. Later more."
    rec = {"text_sha256": _sha(old), "structure": {"paragraphs": [{"start": 0, "end": len(old), "kind": "body"}],
                                                   "sentences": []},
           "mentions": [], "techniques": [], "timexes": [],
           "claims": [{"id": "c1", "start": 0, "end": 16, "text": "Prices will rise",
                       "cue": {"start": 18, "end": 32, "text": "officials said"}}]}
    refused = reanchor(rec, old, new)
    assert refused.record is None and [r.pointer for r in refused.refused] == ["/claims/0/cue"]
    res = reanchor(rec, old, new, drop=True)
    assert res.record["claims"] == [{"id": "c1", "start": 0, "end": 16, "text": "Prices will rise", "cue": None}]


@pytest.mark.parametrize("path", [Path("src/newsframes/reanchor/core.py"), Path("src/newsframes/commands/find.py")])
def test_modules_stay_small(path):
    root = Path(__file__).resolve().parents[1]
    assert len((root / path).read_text(encoding="utf-8").splitlines()) < 300
