"""`newsframes agree` on real files: two passes of the seed article in a temporary project
(pass-1: the corpus record; pass-2: a copy with known, counted changes), text and JSON
output, corpus mode and input errors."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
AID = "lavrov-kyrgyzstan-visit"
FIGURE_KEYS = {"value", "n", "status"}


def second_pass(first: dict) -> dict:
    """pass-2: technique p1 left out, genre changed, claim c1 typed `evaluative`, and the
    mentions of e9 moved into e7's cluster."""
    rec = copy.deepcopy(first)
    rec["techniques"] = [t for t in rec["techniques"] if t["id"] != "p1"]
    rec["genre"]["label"] = "reporting"
    rec["claims"][0]["type"] = "evaluative"
    for m in rec["mentions"]:
        if m["entity"] == "e9":
            m["entity"] = "e7"
    return rec


@pytest.fixture()
def project(tmp_path):
    (tmp_path / "corpus").mkdir()
    shutil.copy(ROOT / "corpus" / f"{AID}.txt", tmp_path / "corpus")
    shutil.copy(ROOT / "corpus" / f"{AID}.json", tmp_path / "corpus")
    first = json.loads((ROOT / "corpus" / f"{AID}.json").read_text(encoding="utf-8"))
    folder = tmp_path / "annotations" / AID
    folder.mkdir(parents=True)
    (folder / "pass-1.json").write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    (folder / "pass-2.json").write_text(json.dumps(second_pass(first), ensure_ascii=False), encoding="utf-8")
    return tmp_path


def figures(value, path=()):
    """Every figure dict in the report, with its path."""
    if isinstance(value, dict):
        if set(value) == FIGURE_KEYS:
            yield path, value
            return
        for k, v in value.items():
            yield from figures(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from figures(v, path + (i,))


def test_json_report_counts_the_known_differences(project):
    folder = project / "annotations" / AID
    res = run_cli("agree", folder / "pass-1.json", folder / "pass-2.json", "--format", "json")
    assert res.returncode == 0, res.stderr
    rep = json.loads(res.stdout)
    assert rep["format"] == "newsframes-agree/1"
    assert set(rep) == {"format", "min_items", "passes", "articles", "pairs", "labels", "spans", "attributes",
                        "clustering"}
    assert rep["passes"] == ["pass-1", "pass-2"] and rep["pairs"] == [["pass-1", "pass-2"]]
    tech = rep["spans"]["techniques"][0]
    assert set(tech) == {"reference", "response", "articles", "n_reference", "n_response", "exact", "partial",
                         "unitized_alpha", "labelled", "per_label", "only_reference", "only_response"}
    assert set(rep["spans"]["claims"][0]) == set(tech) - {"labelled", "per_label"}
    assert set(rep["attributes"]) == {"claim type", "check-worthiness", "verdict", "claimant", "entity type",
                                      "metonymy", "main role", "fine roles", "technique", "TIMEX3 type",
                                      "TIMEX3 value", "TIMEX3 mod"}
    assert set(rep["labels"]["frames"]) == {"kind", "raw", "jaccard", "per_label", "values"}
    assert set(tech["per_label"]["Loaded_Language"]) == {"n_reference", "n_response", "exact", "partial",
                                                         "unitized_alpha"}
    # Loaded_Language: 14 + 13 spans, one left out in pass-2: alpha_c is high but below 1
    ll = tech["per_label"]["Loaded_Language"]["unitized_alpha"]
    assert ll["status"] == "ok" and 0.8 < ll["value"] < 1.0
    assert (tech["n_reference"], tech["n_response"]) == (33, 32)
    assert tech["exact"]["precision"]["value"] == 1.0
    assert tech["exact"]["recall"]["value"] == round(32 / 33, 4)
    assert [x["text"] for x in tech["only_reference"]] == ["strategic architecture"]
    assert tech["only_response"] == []
    assert rep["spans"]["mentions"][0]["exact"]["f1"]["value"] == 1.0
    assert rep["spans"]["mentions"][0]["unitized_alpha"]["value"] == 1.0
    # genre: one article is too few for alpha; the values are listed
    genre = rep["labels"]["genre"]
    assert genre["alpha"] == {"value": None, "n": 1, "status": "too_few"}
    assert genre["values"] == {AID: {"pass-1": "opinion", "pass-2": "reporting"}}
    ctype = rep["attributes"]["claim type"][0]
    assert ctype["raw"] == {"value": round(23 / 24, 4), "n": 24, "status": "ok"}
    assert [(d["reference"]["value"], d["response"]["value"]) for d in ctype["disagreements"]] == [
        ("factual", "evaluative")]
    # e9's mentions joined e7's cluster: B-cubed precision drops, recall stays 1
    bc = rep["clustering"][0]["b_cubed"]
    assert bc["recall"]["value"] == 1.0 and bc["precision"]["value"] < 1.0
    # the entity type of the moved mentions (NORP -> ORG) disagrees on each of them
    n_e9 = sum(m["entity"] == "e9" for m in json.loads((folder / "pass-1.json").read_text())["mentions"])
    assert len(rep["attributes"]["entity type"][0]["disagreements"]) == n_e9
    # every figure has the same three keys and a known status
    found = list(figures(rep))
    assert len(found) > 50
    assert all(f["status"] in {"ok", "too_few", "undefined"} for _, f in found)
    assert all((f["value"] is None) == (f["status"] != "ok") for _, f in found)


def test_text_report(project):
    folder = project / "annotations" / AID
    res = run_cli("agree", folder / "pass-1.json", folder / "pass-2.json")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "passes pass-1, pass-2" in out
    assert "genre           alpha too few items (n=1)" in out
    assert f"{AID} / pass-2: reporting" in out
    assert "techniques  pass-1   33  pass-2   32  only-pass-1   1  only-pass-2   0" in out
    assert f"exact    P 1.000  R {32 / 33:.3f}" in out
    assert "claim type        raw agreement 0.958 (n=24)" in out
    assert "B-cubed P " in out
    assert "      Appeal_to_Values" in out and "unitized alpha too few items (n=2)" in out


def test_relabelled_technique_and_disagreement_listing(project):
    folder = project / "annotations" / AID
    rec = json.loads((folder / "pass-2.json").read_text(encoding="utf-8"))
    moved = rec["techniques"][0]
    old = moved["label"]
    moved["label"] = "Doubt" if old != "Doubt" else "Slogans"
    (folder / "pass-2.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    rep = json.loads(run_cli("agree", folder / "pass-1.json", folder / "pass-2.json", "--format", "json").stdout)
    diffs = rep["attributes"]["technique"][0]["disagreements"]
    assert [(d["reference"]["value"], d["response"]["value"], d["response"]["text"]) for d in diffs] == [
        (old, moved["label"], moved["text"])]
    res = run_cli("agree", folder / "pass-1.json", folder / "pass-2.json", "--disagreements")
    assert res.returncode == 0
    assert "techniques only in pass-1: " + AID + " [240:262] Loaded_Language: 'strategic architecture'" in res.stdout
    assert f"technique: {AID} [{moved['start']}:{moved['end']}]" in res.stdout
    assert "claim type: " + AID in res.stdout and "pass-1 'factual', pass-2 'evaluative'" in res.stdout
    assert "Disagreements:" not in run_cli("agree", folder / "pass-1.json", folder / "pass-2.json").stdout


def test_identical_passes_agree_fully(project):
    folder = project / "annotations" / AID
    shutil.copy(folder / "pass-1.json", folder / "pass-2.json")
    rep = json.loads(run_cli("agree", folder / "pass-1.json", folder / "pass-2.json", "--format", "json").stdout)
    for path, fig in figures(rep):
        if fig["status"] == "ok" and path[-1] in ("f1", "raw", "unitized_alpha"):
            assert fig["value"] == 1.0, path
    assert all(not r["disagreements"] for results in rep["attributes"].values() for r in results)


def test_corpus_mode_finds_articles_with_two_passes(project):
    folder = project / "annotations" / AID
    explicit = run_cli("agree", folder / "pass-1.json", folder / "pass-2.json", "--format", "json")
    res = run_cli("agree", "--corpus", project / "corpus", "--format", "json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) == json.loads(explicit.stdout)
    # an article with one pass only is left out; with none left, a clear error
    (folder / "pass-2.json").unlink()
    res = run_cli("agree", "--corpus", project / "corpus")
    assert res.returncode == 2 and "no article has two or more annotation passes" in res.stderr


def test_input_errors_are_all_reported(project):
    folder = project / "annotations" / AID
    bad = json.loads((folder / "pass-2.json").read_text())
    bad["text_sha256"] = "0" * 64
    (folder / "pass-3.json").write_text(json.dumps(bad), encoding="utf-8")
    (folder / "pass-4.json").write_text("{not json", encoding="utf-8")
    broken = json.loads((folder / "pass-2.json").read_text())
    broken["techniques"][0]["end"] = 10**6
    del broken["mentions"][0]["entity"]
    (folder / "pass-5.json").write_text(json.dumps(broken), encoding="utf-8")
    res = run_cli("agree", folder / "pass-1.json", folder / "pass-3.json", folder / "pass-4.json",
                  folder / "pass-5.json", folder / "missing.json")
    assert res.returncode == 2
    assert "pass-3.json: /text_sha256 does not match" in res.stderr
    assert "pass-4.json: not readable as JSON" in res.stderr
    assert "missing.json: no such file" in res.stderr
    assert "pass-5.json: not a complete record (KeyError: 'entity')" in res.stderr
    del broken["mentions"][0]
    (folder / "pass-5.json").write_text(json.dumps(broken), encoding="utf-8")
    res = run_cli("agree", folder / "pass-1.json", folder / "pass-5.json")
    assert res.returncode == 2 and "pass-5.json: techniques #1: span [" in res.stderr and "not within the text" in res.stderr
    assert "Traceback" not in res.stderr and res.stdout == ""
    res = run_cli("agree", folder / "pass-1.json")
    assert res.returncode == 2 and "two or more PASS files" in res.stderr
