"""Pulling from Label Studio any number of times loses nothing (issue 22 item 2, 3): region
ids keep their record ids, JSON-only fields stay, only what Label Studio deleted goes (and
the pull says so), annotators are told apart by their Label Studio user id, and several
tasks of one article are merged or refused. A new article written for the tests (emoji
before its spans), the real CLI, real files; the server round trip is in
test_labelstudio_server.py."""

from __future__ import annotations

import copy
import json

import pytest
from cli_helpers import run_cli
from ls_helpers import (
    EMOJI_TEXT,
    NEW_ID,
    as_ls_export,
    attr,
    choices,
    emoji_annotation,
    export,
    import_,
    new_article,
    record,
    save,
    snapshot,
    span,
)

from newsframes.labelstudio import names as N


@pytest.fixture
def corpus(tmp_path):
    return new_article(tmp_path)


def first_pull(corpus, user=3):
    [task] = export(corpus, NEW_ID)
    res = emoji_annotation(task["data"]["text"])
    tasks = as_ls_export([task], annotators=((user, res),))
    r = import_(corpus, tasks)
    assert r.returncode == 0, r.stdout + r.stderr
    return tasks, res


def test_pull_twice_keeps_ids_and_json_only_fields(corpus):
    """Regression: the second pull renumbered every span made in Label Studio (m5 -> m14) and
    dropped the notes of the JSON."""
    tasks, _ = first_pull(corpus)
    rec = record(corpus)
    ids = {layer: [x["id"] for x in rec[layer]] for layer in ("mentions", "claims", "techniques", "timexes")}
    assert ids == {"mentions": ["m1", "m2"], "claims": ["c1"], "techniques": ["p1"], "timexes": ["t1"]}
    rec["techniques"][0]["note"] = "JSON-only note, added between the pulls"
    rec["claims"][0]["verdict"]["note"] = "verdict note"
    lavrov = next(e for e in rec["entities"] if e["name"] == "Sergey Lavrov")
    lavrov["note"] = "entity note"
    save(corpus, rec)
    before = (corpus / f"{NEW_ID}.json").read_bytes()
    for _ in range(2):  # pull any number of times
        r = import_(corpus, tasks)
        assert r.returncode == 0, r.stderr
        assert "1 record(s) unchanged" in r.stdout and "removed" not in r.stdout
        assert (corpus / f"{NEW_ID}.json").read_bytes() == before
    assert run_cli("validate", corpus).returncode == 0


def test_pull_applies_what_changed_in_label_studio_and_keeps_the_rest(corpus):
    tasks, res = first_pull(corpus)
    rec = record(corpus)
    rec["techniques"][0]["note"] = "kept"
    save(corpus, rec)
    text = EMOJI_TEXT
    # in Label Studio: the claim type changes, the technique is deleted, a new date is added
    res = [r for r in res if r.get("id") != "P1tEch0000"]
    next(r for r in res if r.get("id") == "C1aIm9Zz0r" and r["from_name"] == N.CLAIM_TYPE)["value"]["choices"] = [
        "factual"]
    s = text.index("first")
    res += [span("NeWd4te000", N.TIMEX, "DATE", text, s, s + 5),
            attr("NeWd4te000", N.TIMEX_VALUE, "textarea", s, s + 5, ["PRESENT_REF"])]
    r = import_(corpus, as_ls_export(tasks, annotators=((3, res),)))
    assert r.returncode == 0, r.stderr
    assert "removed p1 'Sergey': in the last pull, gone from the annotation (deleted in Label Studio)" in r.stdout
    new = record(corpus)
    assert new["techniques"] == [] and new["claims"][0]["type"] == "factual"
    assert [t["id"] for t in new["timexes"]] == ["t1", "t2"] and new["timexes"][1]["text"] == "first"
    assert [m["id"] for m in new["mentions"]] == ["m1", "m2"]
    assert run_cli("validate", corpus).returncode == 0


def test_item_added_in_the_json_after_the_export_is_kept(corpus):
    """A span is removed only if it came from Label Studio and is gone there."""
    [task] = export(corpus, NEW_ID)
    rec = record(corpus)
    s = EMOJI_TEXT.index("Bishkek")
    rec["techniques"].append({"id": "p1", "label": "Loaded_Language", "start": s, "end": s + 7, "text": "Bishkek",
                              "source": "manual", "note": "added by hand after the export"})
    save(corpus, rec)
    r = import_(corpus, as_ls_export([task], annotators=((3, emoji_annotation(EMOJI_TEXT)),)))
    assert r.returncode == 0, r.stderr
    new = record(corpus)
    assert [(p["id"], p["text"], p["note"]) for p in new["techniques"]] == [
        ("p1", "Bishkek", "added by hand after the export"), ("p2", "Sergey", None)]


def test_json_edit_kept_when_label_studio_did_not_change_the_item(corpus):
    tasks, res = first_pull(corpus)
    rec = record(corpus)
    rec["timexes"][0]["value"] = "2025-06-29"  # corrected in the JSON; Label Studio still says 2025-06-30
    save(corpus, rec)
    before = (corpus / f"{NEW_ID}.json").read_bytes()
    r = import_(corpus, tasks)
    assert r.returncode == 0, r.stderr
    assert (corpus / f"{NEW_ID}.json").read_bytes() == before


def test_changed_on_both_sides_is_refused_and_nothing_is_written(corpus):
    tasks, res = first_pull(corpus)
    rec = record(corpus)
    rec["timexes"][0]["value"] = "2025-06-29"
    save(corpus, rec)
    next(r for r in res if r.get("id") == "T0dY5aX1wE" and r["from_name"] == N.TIMEX_VALUE)["value"]["text"] = [
        "2025-07-01"]
    before = snapshot(corpus.parent)
    r = import_(corpus, as_ls_export(tasks, annotators=((3, res),)))
    assert r.returncode == 1
    assert "result t1: t1 'today' was changed both in Label Studio and in the JSON since the last pull" in r.stderr
    assert snapshot(corpus.parent) == before


def test_deleted_in_label_studio_but_changed_in_the_json_is_refused(corpus):
    tasks, res = first_pull(corpus)
    rec = record(corpus)
    rec["techniques"][0]["label"] = "Name_Calling-Labeling"
    save(corpus, rec)
    res = [r for r in res if r.get("id") != "P1tEch0000"]
    r = import_(corpus, as_ls_export(tasks, annotators=((3, res),)))
    assert r.returncode == 1 and "p1 'Sergey' was deleted in Label Studio but changed in the JSON" in r.stderr


def test_lost_sidecar_regions_are_matched_by_span(corpus):
    tasks, _ = first_pull(corpus)
    state = corpus.parent / ".labelstudio" / "state" / f"{NEW_ID}.json"
    assert json.loads(state.read_text())["targets"]["corpus"]["regions"]["P1tEch0000"] == "techniques:p1"
    state.unlink()
    before = (corpus / f"{NEW_ID}.json").read_bytes()
    r = import_(corpus, tasks)
    assert r.returncode == 0, r.stderr
    assert "region P1tEch0000: taken as p1 'Sergey' (same span and label)" in r.stdout
    assert (corpus / f"{NEW_ID}.json").read_bytes() == before


# -- annotators ------------------------------------------------------------------------------

@pytest.mark.parametrize("emails", [("alice@uni-a.example", "alice@uni-b.example"),
                                    ("анна@uni-a.example", "борис@uni-b.example")])
def test_annotators_are_told_apart_by_user_id_not_by_email(corpus, emails):
    """Regression: `alice@uni-a`/`alice@uni-b` and all-Cyrillic local parts gave one slug: one
    annotation was lost and the other went straight into corpus/."""
    [task] = export(corpus, NEW_ID)
    res = emoji_annotation(EMOJI_TEXT)
    res2 = [r for r in res if r.get("id") != "P1tEch0000"]
    tasks = as_ls_export([task], annotators=((7, res), (8, res2)))
    for a, email in zip(tasks[0]["annotations"], emails):
        a["completed_by"] = {"id": a["completed_by"], "email": email, "first_name": "", "last_name": ""}
    before = (corpus / f"{NEW_ID}.json").read_bytes()
    r = import_(corpus, tasks)
    assert r.returncode == 0, r.stderr
    assert (corpus / f"{NEW_ID}.json").read_bytes() == before
    passes = corpus.parent / "annotations" / NEW_ID
    assert sorted(p.name for p in passes.iterdir()) == ["ls-user-7.json", "ls-user-8.json"]
    p7, p8 = (json.loads((passes / f"ls-user-{n}.json").read_text()) for n in (7, 8))
    assert len(p7["techniques"]) == 1 and p8["techniques"] == []
    assert p7["annotation"]["pass"]["annotator"] == "ls-user-7" and "Label Studio user 7" in p7["annotation"]["method"]
    assert all(e not in json.dumps([p7, p8], ensure_ascii=False) for e in emails)  # no e-mail in the corpus
    v = run_cli("validate", corpus)
    assert v.returncode == 0, v.stdout
    # pulled again with a note added to one pass in between: kept
    p8["claims"][0]["verdict"]["note"] = "pass note"
    (passes / "ls-user-8.json").write_text(json.dumps(p8, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    r = import_(corpus, tasks)
    assert r.returncode == 0, r.stderr
    assert json.loads((passes / "ls-user-8.json").read_text())["claims"][0]["verdict"]["note"] == "pass note"


def test_one_annotator_twice_on_an_article_is_refused(corpus):
    [task] = export(corpus, NEW_ID)
    res = emoji_annotation(EMOJI_TEXT)
    tasks = as_ls_export([task], annotators=((4, res), (4, res[:2])))
    before = snapshot(corpus.parent)
    r = import_(corpus, tasks)
    assert r.returncode == 1 and "ls-user-4 has 2 annotations of this article" in r.stderr
    assert snapshot(corpus.parent) == before


def test_two_tasks_of_one_article_are_merged_by_annotator_or_refused(corpus):
    """Regression: with two tasks of one article in an export the first task's work was lost, exit 0."""
    tasks1 = as_ls_export(export(corpus, NEW_ID), annotators=((5, emoji_annotation(EMOJI_TEXT)),), task_id=1)
    res6 = [r for r in emoji_annotation(EMOJI_TEXT) if r.get("id") != "P1tEch0000"]
    tasks2 = as_ls_export(export(corpus, NEW_ID), annotators=((6, res6),), task_id=2, ann_id=50)
    r = import_(corpus, tasks1 + tasks2)  # two annotators, one task each: two passes
    assert r.returncode == 0, r.stderr
    passes = corpus.parent / "annotations" / NEW_ID
    assert sorted(p.name for p in passes.iterdir()) == ["ls-user-5.json", "ls-user-6.json"]
    tasks2[0]["annotations"][0]["completed_by"] = 5  # the same annotator in both tasks: which one counts?
    before = snapshot(corpus.parent)
    r = import_(corpus, tasks1 + tasks2)
    assert r.returncode == 1
    assert "task [0] (id 1), task [1] (id 2) article emoji-test: ls-user-5 has 2 annotations" in r.stderr
    assert snapshot(corpus.parent) == before


def test_cancelled_and_untouched_annotations_are_reported_and_left_out(corpus):
    [task] = export(corpus, NEW_ID)
    tasks = as_ls_export([task], annotators=((1, None), (2, emoji_annotation(EMOJI_TEXT)), (3, [])))
    tasks[0]["annotations"][2]["was_cancelled"] = True
    tasks[0]["drafts"] = [{"id": 9, "user": 4, "result": []}]
    r = import_(corpus, tasks)
    assert r.returncode == 0, r.stderr
    assert "annotation 10 by ls-user-1 is the task as exported, unchanged" in r.stdout
    assert "annotation 12 by ls-user-3 was cancelled (skipped) in Label Studio: not imported" in r.stdout
    assert "a draft by ls-user-4 was never submitted" in r.stdout
    rec = record(corpus)  # one annotator left: into the corpus
    assert rec["annotation"]["annotators"] == ["ls-user-2"] and len(rec["mentions"]) == 2


# -- what the annotator did ------------------------------------------------------------------

def _with_proposals(corpus):
    rec = record(corpus)
    text = EMOJI_TEXT
    lav, k = text.index("Sergey Lavrov"), text.index("Kyrgyzstan")
    tool = "tool:spacy-entityruler/3.8.0"
    rec["entities"] = [
        {"id": "e1", "name": "Sergey Lavrov", "type": "PERSON", "wikidata": "Q83767", "roles": [
            {"main": "Protagonist", "fine": ["Peacemaker"], "source": tool, "note": None}], "source": tool,
         "note": None},
        {"id": "e2", "name": "Kyrgyzstan", "type": "GPE", "wikidata": None, "roles": [], "source": tool,
         "note": None}]
    rec["mentions"] = [
        {"id": "m1", "entity": "e1", "start": lav, "end": lav + 13, "text": "Sergey Lavrov", "metonymy": None,
         "source": tool},
        {"id": "m2", "entity": "e2", "start": k, "end": k + 10, "text": "Kyrgyzstan", "metonymy": None,
         "source": tool}]
    rec["genre"] = {"label": "reporting", "source": "tool:newsframes-genre/1.0.0", "note": None}
    rec["frames"] = {"labels": ["Political"], "primary": "Political", "source": "manual", "note": None}
    save(corpus, rec)
    return rec


def test_kept_proposals_become_tool_manual_entities_included(corpus):
    """Regression: proposals kept in Label Studio stayed `tool:` (entities too), so a finished
    record warned that they were unchecked, and nothing in Label Studio could fix that."""
    _with_proposals(corpus)
    [task] = export(corpus, NEW_ID)
    pred = task["predictions"][0]["result"]
    own = task["annotations"][0]["result"]  # the frames, checked before
    kept = own + [r for r in pred if r.get("id") in ("m1",) or r.get("from_name") == N.GENRE]  # m2 rejected
    r = import_(corpus, as_ls_export([task], annotators=((3, kept),)))
    assert r.returncode == 0, r.stderr
    assert "removed m2 'Kyrgyzstan': a tool proposal the annotation does not keep (rejected in Label Studio)" in r.stdout
    rec = record(corpus)
    assert [(m["id"], m["source"]) for m in rec["mentions"]] == [("m1", "tool+manual:spacy-entityruler/3.8.0")]
    [e1] = rec["entities"]
    assert e1["source"] == "tool+manual:spacy-entityruler/3.8.0" and e1["wikidata"] == "Q83767"
    assert e1["roles"][0]["source"] == "tool+manual:spacy-entityruler/3.8.0"
    assert rec["genre"]["source"] == "tool+manual:newsframes-genre/1.0.0"
    rec["annotation"]["status"] = "single"
    save(corpus, rec)
    v = run_cli("validate", corpus)
    assert v.returncode == 0 and "NF319" not in v.stdout, v.stdout


def test_layers_annotated_in_label_studio_lose_the_not_annotated_note(corpus):
    from newsframes.commands.add import PENDING_NOTE

    assert record(corpus)["genre"]["note"] == PENDING_NOTE == record(corpus)["frames"]["note"]
    [task] = export(corpus, NEW_ID)
    res = [r for r in emoji_annotation(EMOJI_TEXT) if r.get("from_name") not in (N.FRAMES, N.PRIMARY_FRAME)]
    r = import_(corpus, as_ls_export([task], annotators=((3, res),)))
    assert r.returncode == 0, r.stderr
    rec = record(corpus)
    assert rec["genre"] == {"label": "reporting", "source": "manual", "note": None}
    assert rec["frames"]["note"] == PENDING_NOTE and rec["frames"]["labels"] == []  # not annotated there


def test_verdict_without_evidence_is_refused_with_what_to_do(corpus):
    [task] = export(corpus, NEW_ID)
    res = emoji_annotation(EMOJI_TEXT)
    cs, ce = EMOJI_TEXT.index("Kyrgyzstan agreed"), EMOJI_TEXT.index(", officials")
    res.append(attr("C1aIm9Zz0r", N.VERDICT, "choices", cs, ce, ["false"]))
    r = import_(corpus, as_ls_export([task], annotators=((3, res),)))
    assert r.returncode == 1
    assert "result C1aIm9Zz0r: verdict 'false' needs evidence (URLs and dates), which only the JSON holds" in r.stderr


def test_export_writes_tasks_into_the_git_ignored_folder(corpus, monkeypatch):
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)  # with a server in the environment, export pushes
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    """Regression: tasks.json (with the article text) landed in the repository root."""
    import subprocess
    from pathlib import Path

    r = run_cli("labelstudio", "export", NEW_ID, "--corpus", corpus)
    assert r.returncode == 0, r.stderr
    out = corpus.parent / ".labelstudio" / "tasks.json"
    assert out.is_file() and f"wrote 1 task(s) to {out}" in r.stdout
    assert (corpus.parent / ".labelstudio" / ".gitignore").read_text().splitlines()[-1] == "*"
    repo = Path(__file__).resolve().parents[1]
    for name in (".labelstudio/tasks.json", ".labelstudio/export.json", ".labelstudio/state/x.json"):
        assert subprocess.run(["git", "-C", repo, "check-ignore", "-q", name]).returncode == 0, name


def test_unknown_new_region_values_never_reach_the_record(corpus):
    """A value the merge accepts but `validate` refuses (a malformed TIMEX3 value) is caught by
    the last check, located by the region, and nothing is written."""
    [task] = export(corpus, NEW_ID)
    res = emoji_annotation(EMOJI_TEXT)
    next(r for r in res if r["from_name"] == N.TIMEX_VALUE)["value"]["text"] = ["today-ish"]
    before = snapshot(corpus.parent)
    r = import_(corpus, as_ls_export([task], annotators=((3, res),)))
    assert r.returncode == 1
    assert "the result would fail `newsframes validate`: NF313 at" in r.stderr and "region T0dY5aX1wE" in r.stderr
    assert snapshot(corpus.parent) == before


def test_choices_of_the_whole_article_from_label_studio(corpus):
    [task] = export(corpus, NEW_ID)
    res = emoji_annotation(EMOJI_TEXT) + []
    res = [r for r in res if r.get("from_name") != N.FRAMES] + [choices(N.FRAMES, ["Political", "Economic"])]
    r = import_(corpus, as_ls_export([task], annotators=((3, res),)))
    assert r.returncode == 0, r.stderr
    rec = record(corpus)
    assert rec["frames"]["labels"] == ["Political", "Economic"] and rec["frames"]["primary"] == "Political"
    assert rec["narratives"] == [{"narrative": "URW: Praise of Russia", "subnarrative": "URW: Praise of Russia: Other",
                                  "source": "manual", "note": None}]


def test_second_annotator_pass_holds_only_their_own_work(corpus):
    """Annotator 1 was pulled into corpus/ first; annotator 2's new pass starts from the task
    they saw, not from annotator 1's work (found by the server test)."""
    [task] = export(corpus, NEW_ID)
    res = emoji_annotation(EMOJI_TEXT)
    r = import_(corpus, as_ls_export([task], annotators=((3, res),)))
    assert r.returncode == 0, r.stderr
    rec = record(corpus)
    rec["techniques"][0]["note"] = "note of annotator 3's technique"
    save(corpus, rec)
    before = (corpus / f"{NEW_ID}.json").read_bytes()
    res4 = [x for x in res if x.get("id") != "P1tEch0000"]
    r = import_(corpus, as_ls_export([task], annotators=((3, res), (4, res4))))
    assert r.returncode == 0, r.stderr
    assert (corpus / f"{NEW_ID}.json").read_bytes() == before and "removed" not in r.stdout
    passes = corpus.parent / "annotations" / NEW_ID
    p3, p4 = (json.loads((passes / f"ls-user-{n}.json").read_text(encoding="utf-8")) for n in (3, 4))
    assert p4["techniques"] == [] and p3["techniques"][0]["note"] == "note of annotator 3's technique"
    assert [m["id"] for m in p4["mentions"]] == [m["id"] for m in rec["mentions"]]  # the record's ids, kept
    assert run_cli("validate", corpus).returncode == 0



def test_prelabelled_draft_keeps_checked_items_and_says_why_one_went(corpus):
    """`export --prelabel`: checked items and proposals in one prediction; the submitted draft
    keeps the proposals it holds (tool+manual), the checked items keep their source, and a
    checked item deleted is reported as deleted, not as a rejected proposal."""
    rec = _with_proposals(corpus)
    text = EMOJI_TEXT
    s = text.index("today")
    rec["timexes"] = [{"id": "t1", "start": s, "end": s + 5, "text": "today", "type": "DATE", "value": "2025-06-30",
                       "mod": None, "source": "manual"}]
    save(corpus, rec)
    [task] = export(corpus, NEW_ID, prelabel=True)
    assert "annotations" not in task and task["data"]["nf_state"]["annotation"] == {}
    pred = task["predictions"][0]["result"]
    kept = [r for r in pred if r.get("id") != "t1"]  # the annotator deletes the checked date
    r = import_(corpus, as_ls_export([task], annotators=((3, kept),)))
    assert r.returncode == 0, r.stderr
    assert "removed t1 'today': in the task, gone from the annotation (deleted in Label Studio)" in r.stdout
    new = record(corpus)
    assert [m["source"] for m in new["mentions"]] == ["tool+manual:spacy-entityruler/3.8.0"] * 2
    assert new["timexes"] == [] and new["frames"]["source"] == "manual"


def test_a_model_item_a_person_changed_is_no_longer_the_model_s_work(corpus):
    """Regression: an AI model's item changed in Label Studio kept its `model:` source, so a
    person's correction was counted as the model's work. Changed: `tool+manual:<what proposed
    it>` (a proposal corrected by a person); kept unchanged: still the model's (an untouched
    round trip through Label Studio is no person's check)."""
    text = EMOJI_TEXT
    lav, k, b = text.index("Sergey Lavrov"), text.index("Kyrgyzstan"), text.index("Bishkek")
    model = "model:test-model/1"
    rec = record(corpus)
    rec["annotation"]["annotators"] = ["test model"]
    rec["annotation"]["agents"] = [{"name": "test model", "kind": "model", "model": "test-model",
                                    "version": "1", "note": None}]
    rec["entities"] = [{"id": "e1", "name": "Kyrgyzstan", "type": "GPE", "wikidata": None, "roles": [],
                        "source": model, "note": None}]
    rec["mentions"] = [{"id": "m1", "entity": "e1", "start": k, "end": k + 10, "text": "Kyrgyzstan",
                        "metonymy": None, "source": model}]

    def tech(pid, start, end, source):
        return {"id": pid, "label": "Loaded_Language", "start": start, "end": end, "text": text[start:end],
                "source": source, "note": f"{pid} note"}
    rec["techniques"] = [tech("p1", lav, lav + 6, model),  # kept as it is
                         tech("p2", k, k + 10, "tool+model:some-tool/2,test-model/1"),  # label changed
                         tech("p3", b, b + 3, model)]  # span changed
    save(corpus, rec)
    v = run_cli("validate", corpus)
    assert v.returncode == 0, v.stdout
    [task] = export(corpus, NEW_ID)
    res = copy.deepcopy(task["annotations"][0]["result"])
    techs = {(r["value"]["start"], r["value"]["end"]): r for r in res
             if r.get("type") == "labels" and r["value"]["labels"] == ["Loaded_Language"]}
    assert set(techs) == {(lav, lav + 6), (k, k + 10), (b, b + 3)}
    techs[(k, k + 10)]["value"]["labels"] = ["Exaggeration-Minimisation"]
    techs[(b, b + 3)]["value"].update(end=b + 7, text="Bishkek")
    r = import_(corpus, as_ls_export([task], annotators=((3, res),)))
    assert r.returncode == 0, r.stdout + r.stderr
    rec = record(corpus)
    got = {x["id"]: (x["label"], x["text"], x["source"], x["note"]) for x in rec["techniques"]}
    assert got == {"p1": ("Loaded_Language", "Sergey", model, "p1 note"),
                   "p2": ("Exaggeration-Minimisation", "Kyrgyzstan", "tool+manual:some-tool/2", "p2 note"),
                   "p3": ("Loaded_Language", "Bishkek", "tool+manual:test-model/1", "p3 note")}
    assert rec["mentions"][0]["source"] == model and rec["entities"][0]["source"] == model  # unchanged
    v = run_cli("validate", corpus, "--format", "json")
    errors = [i for i in json.loads(v.stdout)["issues"] if i["severity"] == "error"]
    assert errors == [], errors
