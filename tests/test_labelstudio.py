"""`newsframes labelstudio`: config from the taxonomies, export to tasks, import back
(offline: the JSON a Label Studio export has; the server round trip is in
test_labelstudio_server.py). Real records, real files, the real CLI."""

from __future__ import annotations

import hashlib
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_helpers import run_cli
from ls_helpers import as_ls_export, import_
from ls_helpers import export as _export
from ls_helpers import record as _record

from newsframes.labelstudio import names as N
from newsframes.taxonomy import load_taxonomies

REPO = Path(__file__).resolve().parents[1]
AID = "lavrov-kyrgyzstan-visit"


@pytest.fixture
def corpus(tmp_path):
    c = tmp_path / "corpus"
    c.mkdir()
    for ext in ("json", "txt"):
        shutil.copy(REPO / "corpus" / f"{AID}.{ext}", c / f"{AID}.{ext}")
    if (REPO / "annotations").is_dir():  # the gold names the passes it was adjudicated from
        shutil.copytree(REPO / "annotations", tmp_path / "annotations")
    return c


def export(corpus, *ids) -> list[dict]:
    return _export(corpus, *(ids or [AID]))


def record(corpus, aid=AID):
    return _record(corpus, aid)


# -- config -------------------------------------------------------------------------------

def test_config_has_every_taxonomy_label_once_per_control():
    r = run_cli("labelstudio", "config")
    assert r.returncode == 0
    root = ET.fromstring(r.stdout)
    tax = load_taxonomies()
    controls = {el.get("name"): el for el in root.iter() if el.get("name")}

    def values(name):
        return [c.get("value") for c in controls[name]]

    assert values(N.ENTITY) == tax.entity_types
    assert values(N.TIMEX) == tax.timex_types
    techs = [v for name in controls if name.startswith(N.TECHNIQUE_PREFIX) for v in values(name)]
    assert sorted(techs) == sorted(tax.techniques)
    assert values(N.GENRE) == tax.genre and values(N.FRAMES) == tax.frames == values(N.PRIMARY_FRAME)
    assert values(N.CLAIM_TYPE) == tax.claim_types and values(N.VERDICT) == tax.verdicts
    assert values(N.TIMEX_MOD) == tax.timex_mods
    fine = [v for m in tax.role_main for v in values(N.ROLE_PREFIX + m)]
    assert sorted(fine) == sorted(tax.role_fine)
    narr = controls[N.NARRATIVES]
    assert [c.get("value") for c in narr] == tax.narratives
    assert sorted(s.get("value") for c in narr for s in c) == sorted(tax.subnarratives)
    per_region = {n for n, el in controls.items() if el.get("perRegion") == "true"}
    assert {N.ENTITY_REF, N.METONYMY, N.CLAIMANT, N.CLAIM_TYPE, N.CHECKWORTHY, N.VERDICT, N.TIMEX_VALUE,
            N.TIMEX_MOD} <= per_region
    hotkeys = [el.get("hotkey") for el in root.iter() if el.get("hotkey")]
    assert len(hotkeys) == len(set(hotkeys))


# -- export ---------------------------------------------------------------------------------

def test_export_task_carries_text_hash_and_annotation(corpus):
    [task] = export(corpus)
    text = (corpus / f"{AID}.txt").read_text(encoding="utf-8")
    state = task["data"].pop("nf_state")
    assert task["data"] == {"text": text, "article_id": AID,
                            "text_sha256": hashlib.sha256(text.encode()).hexdigest()}
    res = task["annotations"][0]["result"]
    rec = record(corpus)
    # the base of the pull's three-way merge: one fingerprint per item the task carries
    items = {f"{layer}:{x['id']}" for layer in ("mentions", "claims", "techniques", "timexes") for x in rec[layer]}
    narratives = {k for k in state["annotation"] if k.startswith("narratives:")}
    assert set(state["annotation"]) == items | {"article:genre", "article:frames", "article:primary_frame"} | narratives
    assert len(narratives) == len(rec["narratives"]) and state["prediction"] == {} and state["v"] == 1
    spans = [x for x in res if x["type"] == "labels"]
    n_cues = sum(1 for c in rec["claims"] if c["cue"])
    assert len(spans) == sum(len(rec[k]) for k in ("mentions", "claims", "techniques", "timexes")) + n_cues
    for s in spans:
        v = s["value"]
        assert text[v["start"]:v["end"]] == v["text"]
    assert "predictions" not in task  # the seed has no unchecked proposals


def test_unchecked_proposals_become_predictions(corpus):
    rec = record(corpus)
    rec["timexes"][0]["source"] = "tool:newsframes-timex/1.0.0"
    (corpus / f"{AID}.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    [task] = export(corpus)
    [pred] = task["predictions"]
    assert pred["model_version"] == "newsframes-timex/1.0.0"
    assert {r["id"] for r in pred["result"]} == {rec["timexes"][0]["id"]}
    assert rec["timexes"][0]["id"] not in {r.get("id") for r in task["annotations"][0]["result"]}


def test_export_unknown_id_is_an_error(corpus):
    r = run_cli("labelstudio", "export", "no-such-article", "--corpus", corpus, "--out", corpus.parent / "t.json")
    assert r.returncode == 1 and "no-such-article" in r.stderr and not (corpus.parent / "t.json").exists()


# -- import ---------------------------------------------------------------------------------

def test_unchanged_round_trip_is_byte_identical(corpus):
    before = (corpus / f"{AID}.json").read_bytes()
    r = import_(corpus, as_ls_export(export(corpus)))
    assert r.returncode == 0, r.stderr
    assert "is the task as exported, unchanged" in r.stdout and "no annotation to import" in r.stdout
    assert (corpus / f"{AID}.json").read_bytes() == before


def test_resubmitted_unchanged_annotation_leaves_the_record_byte_identical(corpus):
    """The same annotation with the front end's own region ids for what it re-created: the merge
    changes nothing, the file is not rewritten."""
    [task] = export(corpus)
    res = task["annotations"][0]["result"]
    tim = next(r for r in res if r["type"] == "labels" and r["from_name"] == N.TIMEX)
    old_id = tim["id"]
    for r in res:  # the front end re-created this region (same span and label, a new id)
        if r.get("id") == old_id:
            r["id"] = "Zr8Yq1Xw0v"
    before = (corpus / f"{AID}.json").read_bytes()
    r = import_(corpus, as_ls_export([task], annotators=((1, res),)))
    assert r.returncode == 0, r.stderr
    assert "1 record(s) unchanged" in r.stdout and f"region Zr8Yq1Xw0v: taken as {old_id}" in r.stdout
    assert (corpus / f"{AID}.json").read_bytes() == before


def test_merge_of_unchanged_annotation_equals_record_and_canonical_text(corpus):
    """Stronger than 'not written': the merged record re-serialised is the file, byte for byte."""
    from newsframes.jsonio import canonical_dumps
    from newsframes.labelstudio.merge import merge
    from newsframes.labelstudio.reconcile import reconcile, record_parsed
    from newsframes.labelstudio.results import parse_result
    from newsframes.labelstudio.state import Base
    from newsframes.validate.tokens import token_boundaries

    [task] = export(corpus)
    text = task["data"]["text"]
    parsed = parse_result(task["annotations"][0]["result"], text, token_boundaries(text))
    assert parsed.errors == [] and parsed.notes == []
    rec = record(corpus)
    for base in (Base(), Base(True, task["data"]["nf_state"]["annotation"], {}, {}, "task")):
        theirs = parse_result(task["annotations"][0]["result"], text, token_boundaries(text))
        combined = reconcile(rec, record_parsed(rec, text, token_boundaries(text)), theirs, base, text)
        merged, _ = merge(rec, text, load_taxonomies(), combined)
        assert combined.parsed.errors == []
        assert canonical_dumps(merged) == (corpus / f"{AID}.json").read_text(encoding="utf-8")


def _span(rid, ctl, label, text, s, e):
    return {"id": rid, "from_name": ctl, "to_name": "text", "type": "labels",
            "value": {"start": s, "end": e, "text": text[s:e], "labels": [label]}}


def test_new_span_is_manual_accepted_prediction_is_tool_manual_rejected_is_removed(corpus):
    rec = record(corpus)
    rec["timexes"][0]["source"] = "tool:newsframes-timex/1.0.0"   # accepted below
    rec["timexes"][1]["source"] = "tool:newsframes-timex/1.0.0"   # rejected (not in the annotation)
    (corpus / f"{AID}.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    [task] = export(corpus)
    text = task["data"]["text"]
    ann = task["annotations"][0]["result"]
    accepted = [r for r in task["predictions"][0]["result"] if r["id"] == rec["timexes"][0]["id"]]
    s = text.index("Economic sovereignty")
    new = [_span("Xy12ab", N.TECHNIQUE_PREFIX + "Manipulative_Wording", "Loaded_Language", text, s, s + 8)]
    task["annotations"][0]["result"] = ann + accepted + new
    r = import_(corpus, as_ls_export([task]))
    assert r.returncode == 0, r.stderr
    out = record(corpus)
    t = {x["id"]: x for x in out["timexes"]}
    assert t[rec["timexes"][0]["id"]]["source"] == "tool+manual:newsframes-timex/1.0.0"
    assert rec["timexes"][1]["id"] not in t and "removed t2" in r.stdout
    p = out["techniques"][-1]
    assert (p["text"], p["source"], p["id"]) == ("Economic", "manual", f"p{len(rec['techniques']) + 1}")
    assert run_cli("validate", corpus).returncode == 0


def test_partial_word_and_whitespace_are_snapped_and_reported(corpus):
    [task] = export(corpus)
    text = task["data"]["text"]
    s = text.index("Economic sovereignty")
    task["annotations"][0]["result"].append(
        _span("new1", N.TECHNIQUE_PREFIX + "Manipulative_Wording", "Loaded_Language", text, s + 2, s + 9))
    r = import_(corpus, as_ls_export([task]))
    assert r.returncode == 0, r.stderr
    assert "trimmed whitespace" in r.stdout and "snapped to token boundaries" in r.stdout
    assert record(corpus)["techniques"][-1]["text"] == "Economic"


def test_text_differs_is_refused_with_location_and_nothing_written(corpus):
    [task] = export(corpus)
    task["data"]["text"] = task["data"]["text"].replace("quiet", "quite", 1)
    before = (corpus / f"{AID}.json").read_bytes()
    r = import_(corpus, as_ls_export([task]))
    assert r.returncode == 1
    assert "task [0] (id 100) article lavrov-kyrgyzstan-visit" in r.stderr and "first difference at code point" in r.stderr
    assert (corpus / f"{AID}.json").read_bytes() == before


def test_all_errors_in_one_run_located_and_nothing_half_written(corpus):
    [task] = export(corpus)
    text = task["data"]["text"]
    res = task["annotations"][0]["result"]
    s = text.index("today")
    res.append(_span("tx9", N.TIMEX, "DATE", text, s, s + 5))  # no value
    res.append({"id": "bad1", "from_name": N.ENTITY, "to_name": "text", "type": "labels",
                "value": {"start": 5, "end": 9, "text": "nope", "labels": ["PERSON"]}})
    res.append({"id": "ref1", "from_name": N.ENTITY_REF, "to_name": "text", "type": "textarea",
                "value": {"start": 0, "end": 3, "text": ["e99"]}})
    res.append(_span("ref1", N.ENTITY, "PERSON", text, 0, 2))
    before = (corpus / f"{AID}.json").read_bytes()
    r = import_(corpus, as_ls_export([task]))
    assert r.returncode == 1
    err = r.stderr
    assert "result tx9: TIMEX3 'today' has no value" in err
    assert "result bad1: offsets 5-9 cover" in err
    assert "result ref1: entity e99 does not exist" in err
    assert "3 error(s); nothing written" in err
    assert (corpus / f"{AID}.json").read_bytes() == before


def test_several_annotators_become_passes_and_corpus_is_unchanged(corpus):
    [task] = export(corpus)
    res = task["annotations"][0]["result"]
    res1 = [x for x in res if x.get("id") != "t1"]  # annotator 1 deletes t1
    res2 = [x for x in res if x.get("id") != "p1"]  # annotator 2 deletes p1
    tasks = as_ls_export([task], annotators=((1, res1), (2, res2)))
    before = (corpus / f"{AID}.json").read_bytes()
    r = import_(corpus, tasks)
    assert r.returncode == 0, r.stderr
    assert (corpus / f"{AID}.json").read_bytes() == before and "2 annotators" in r.stdout
    passes = corpus.parent / "annotations" / AID
    p1, p2 = (json.loads((passes / f"ls-user-{n}.json").read_text()) for n in (1, 2))
    assert "p1" in [x["id"] for x in p1["techniques"]] and "p1" not in [x["id"] for x in p2["techniques"]]
    assert "t1" not in [x["id"] for x in p1["timexes"]] and "t1" in [x["id"] for x in p2["timexes"]]
    assert p2["annotation"]["annotators"][0] == "ls-user-2" and p2["annotation"]["pass"]["id"] == "ls-user-2"
    # schema 1.2.0: the Label Studio user is a person; the record's annotators, whose items the
    # pass carries over unchanged, keep their agents
    agents = p2["annotation"]["agents"]
    assert [a["name"] for a in agents] == p2["annotation"]["annotators"] and agents[0]["kind"] == "person"
    v = run_cli("validate", corpus)
    assert v.returncode == 0, v.stdout  # the pass files are valid passes (NF501-NF508)
    r = import_(corpus, tasks, "--annotator", "ls-user-2")
    assert r.returncode == 0, r.stderr
    rec = record(corpus)
    assert "p1" not in [x["id"] for x in rec["techniques"]] and "ls-user-2" in rec["annotation"]["annotators"]
    r = import_(corpus, tasks, "--annotator", "7")
    assert r.returncode == 1 and "--annotator ls-user-7 did not annotate this article" in r.stderr


EMOJI_TEXT = "Emoji \U0001F600 then Lavrov spoke.\n\U0001F44D\U0001F3FD Kyrgyzstan agreed.\n"


def test_offsets_after_emoji_code_points_and_utf16_units():
    """Label Studio 1.23.2 writes code points (measured, docs/labelstudio.md); UTF-16 offsets
    (older releases) are recognised by the region's text, converted, and reported."""
    from newsframes.labelstudio.results import parse_result
    from newsframes.validate.tokens import token_boundaries

    text = EMOJI_TEXT
    b = token_boundaries(text)
    s = text.index("Kyrgyzstan")
    cp = parse_result([_span("a", N.ENTITY, "GPE", text, s, s + 10)], text, b)
    assert (cp.regions[0].start, cp.notes) == (s, [])
    u16 = {"id": "b", "from_name": N.ENTITY, "to_name": "text", "type": "labels",
           "value": {"start": s + 3, "end": s + 13, "text": "Kyrgyzstan", "labels": ["GPE"]}}
    p = parse_result([u16], text, b)
    assert (p.regions[0].start, p.regions[0].end) == (s, s + 10) and "UTF-16 units" in p.notes[0]


def test_new_claim_with_cue_relation_and_no_verdict_is_unverified(corpus):
    """Regression: a new claim used to get verdict null (the schema requires an object)."""
    [task] = export(corpus)
    text = task["data"]["text"]
    s = text.index("Officials close to the talks confirmed")
    e = text.index(" are working", s)
    cue = text.index("confirmed", s)
    res = task["annotations"][0]["result"]
    res += [_span("nc", N.CLAIM, N.CLAIM_LABEL, text, s, e), _span("ncue", N.CLAIM, N.CUE_LABEL, text, cue, cue + 9),
            {"id": "nc", "from_name": N.CLAIMANT, "to_name": "text", "type": "textarea",
             "value": {"start": s, "end": e, "text": ["unnamed"]}},
            {"id": "nc", "from_name": N.CLAIM_TYPE, "to_name": "text", "type": "choices",
             "value": {"start": s, "end": e, "choices": ["attributed-report"]}},
            {"id": "nc", "from_name": N.CHECKWORTHY, "to_name": "text", "type": "choices",
             "value": {"start": s, "end": e, "choices": [N.YES]}},
            {"from_id": "ncue", "to_id": "nc", "type": "relation", "direction": "right"}]
    r = import_(corpus, as_ls_export([task]))
    assert r.returncode == 0, r.stderr
    new = record(corpus)["claims"][-1]
    assert new["verdict"] == {"label": "unverified", "checked": None, "evidence": [], "note": None}
    assert new["cue"]["text"] == "confirmed" and new["source"] == "manual"
    assert run_cli("validate", corpus).returncode == 0


def test_cue_without_relation_is_an_error(corpus):
    [task] = export(corpus)
    text = task["data"]["text"]
    cue = text.index("confirmed")
    task["annotations"][0]["result"].append(_span("lonely", N.CLAIM, N.CUE_LABEL, text, cue, cue + 9))
    r = import_(corpus, as_ls_export([task]))
    assert r.returncode == 1 and "result lonely: cue 'confirmed' is linked to no claim" in r.stderr


def _two_tools(corpus):
    rec = record(corpus)
    rec["timexes"][0]["source"] = "tool:newsframes-timex/1.0.0"
    rec["mentions"][0]["source"] = "tool:spacy-entityruler/3.8.0"
    (corpus / f"{AID}.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    return rec


def test_proposals_of_several_tools_share_one_prediction(corpus):
    """Label Studio pre-labels from one prediction only: all proposals go into one."""
    rec = _two_tools(corpus)
    [task] = export(corpus)
    [pred] = task["predictions"]
    assert pred["model_version"] == "newsframes-timex/1.0.0+spacy-entityruler/3.8.0"
    assert {r["id"] for r in pred["result"]} == {rec["timexes"][0]["id"], rec["mentions"][0]["id"]}
    assert task["annotations"][0]["result"]


def test_prelabel_puts_everything_in_the_prediction_and_submit_accepts_it(corpus):
    rec = _two_tools(corpus)
    out = corpus.parent / "tasks.json"
    r = run_cli("labelstudio", "export", AID, "--corpus", corpus, "--out", out, "--prelabel")
    assert r.returncode == 0, r.stderr
    [task] = json.loads(out.read_text(encoding="utf-8"))
    assert "annotations" not in task
    # what the page does on Submit of the pre-labelled draft: the prediction's regions, same ids
    task["annotations"] = [{"result": task["predictions"][0]["result"]}]
    r = import_(corpus, as_ls_export([task]))
    assert r.returncode == 0, r.stderr
    new = record(corpus)
    assert new["timexes"][0]["source"] == "tool+manual:newsframes-timex/1.0.0"
    assert new["mentions"][0]["source"] == "tool+manual:spacy-entityruler/3.8.0"
    assert new["mentions"][1:] == rec["mentions"][1:] and new["claims"] == rec["claims"]


def test_a_real_label_studio_export_passes_the_shape_check():
    """The JSON export captured from a real Label Studio 1.23.2 server lists a task's
    predictions by id (`"predictions": [3]`): the shape check of the import takes it."""
    from newsframes.labelstudio.shape import check_export

    real = Path(__file__).parent / "fixtures" / "contribution" / "labelstudio-1.23.2-export.json"
    tasks = json.loads(real.read_text(encoding="utf-8"))
    assert any(isinstance(p, int) for t in tasks for p in t.get("predictions", []))
    assert check_export(tasks, "export.json") == []
    assert check_export([{**tasks[0], "predictions": ["3"]}], "export.json")  # a string is still refused
