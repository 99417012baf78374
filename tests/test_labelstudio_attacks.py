"""`labelstudio import` under hostile or broken input (issue 22 item 2): article ids that
are paths, values `validate` would refuse, malformed exports, odd files, two runs at once.
Each is refused with a located message (no traceback, no "internal error"), exit 1, and
nothing is written anywhere."""

from __future__ import annotations

import copy
import fcntl
import json
import os
import subprocess
import sys
import threading

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
    snapshot,
    span,
)

from newsframes.labelstudio import names as N


@pytest.fixture
def corpus(tmp_path):
    return new_article(tmp_path / "project")


@pytest.fixture
def task(corpus):
    [t] = export(corpus, NEW_ID)
    return t


def refused(corpus, tasks, *expected, extra=()):
    """Import `tasks`; assert exit 1, each expected text in stderr, nothing written."""
    before = snapshot(corpus.parent.parent)
    r = import_(corpus, tasks, *extra)
    assert r.returncode == 1, r.stdout + r.stderr
    for e in expected:
        assert e in r.stderr, (e, r.stderr)
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr
    assert "nothing written" in r.stderr
    assert snapshot(corpus.parent.parent) == before
    return r


# -- article ids and paths -----------------------------------------------------------------

@pytest.mark.parametrize("aid", ["../../victim/rec", "/tmp/victim/rec", "Emoji-Test", "ab", "a/b/c", "emoji-test\n",
                                 ".labelstudio", "-x-y"])
def test_article_id_is_checked_before_any_path_is_made(corpus, task, aid):
    """Regression: `../../victim/rec` or an absolute path rewrote a record outside the project."""
    victim = corpus.parent.parent / "victim"
    victim.mkdir(exist_ok=True)
    (victim / "rec.json").write_text(json.dumps({"id": "rec"}), encoding="utf-8")
    t = copy.deepcopy(task)
    t["data"]["article_id"] = aid
    refused(corpus, as_ls_export([t], annotators=((3, emoji_annotation(EMOJI_TEXT)),)),
            f"data.article_id {aid!r} is not an article id")


def test_record_whose_id_differs_from_the_task_is_refused(corpus, task):
    rec = json.loads((corpus / f"{NEW_ID}.json").read_text(encoding="utf-8"))
    rec["id"] = "another-article"
    (corpus / f"{NEW_ID}.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    refused(corpus, as_ls_export([task], annotators=((3, emoji_annotation(EMOJI_TEXT)),)),
            "is not the record of article 'emoji-test' (its id is 'another-article')")


def test_pass_folder_that_is_a_link_out_of_the_project_is_refused(corpus, task, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (corpus.parent / "annotations").mkdir()
    os.symlink(outside, corpus.parent / "annotations" / NEW_ID)
    res = emoji_annotation(EMOJI_TEXT)
    res4 = [r for r in res if r.get("id") != TECH]
    refused(corpus, as_ls_export([task], annotators=((3, res), (4, res4))), "lies outside the project")
    assert list(outside.iterdir()) == []


# -- values validate would refuse ------------------------------------------------------------

def _set(res, rid, ctl, values):
    for r in res:
        if r.get("id") == rid and r.get("from_name") == ctl:
            r["value"]["text" if r["type"] == "textarea" else "choices"] = values
            return res
    raise AssertionError((rid, ctl))


def _label(res, rid, label):
    next(r for r in res if r.get("id") == rid and r["type"] == "labels")["value"]["labels"] = [label]
    return res


def _article(res, ctl, values, kind="choices"):
    return [r for r in res if r.get("from_name") != ctl] + [choices(ctl, values, kind)]


CLAIM, TIMEX, MENTION, TECH = "C1aIm9Zz0r", "T0dY5aX1wE", "L7vR2mN9pQ", "P1tEch0000"
BAD_VALUES = {
    "genre": (lambda r: _article(r, N.GENRE, ["gossip"]), "result genre: genre 'gossip' not in the taxonomy"),
    "two genres": (lambda r: _article(r, N.GENRE, ["reporting", "opinion"]), "genre has 2 values"),
    "primary frame": (lambda r: _article(r, N.PRIMARY_FRAME, ["Weather"]),
                      "primary frame 'Weather' not in the taxonomy"),
    "primary not among the frames": (lambda r: _article(r, N.PRIMARY_FRAME, ["Economic"]),
                                     "primary frame 'Economic' is not among the frames ['Political']"),
    "frame": (lambda r: _article(r, N.FRAMES, ["Political", "Weather"]), "frames 'Weather' not in the taxonomy"),
    "narrative leaf": (lambda r: _article(r, N.NARRATIVES, [["URW: Praise of Russia"]], "taxonomy"),
                       "is not a narrative and one of its sub-narratives"),
    "narrative of another": (lambda r: _article(r, N.NARRATIVES, [["CC: Amplifying Climate Fears",
                                                                    "URW: Praise of Russia: Other"]], "taxonomy"),
                             "is not a narrative and one of its sub-narratives"),
    "TIMEX3 type": (lambda r: _label(r, TIMEX, "EPOCH"), f"result {TIMEX}: TIMEX3 type 'EPOCH' is not in the taxonomy"),
    "TIMEX3 mod": (lambda r: r + [attr(TIMEX, N.TIMEX_MOD, "choices", 0, 1, ["ROUGHLY"])],
                   "TIMEX3 mod 'ROUGHLY' is not in the taxonomy"),
    "two TIMEX3 values": (lambda r: _set(r, TIMEX, N.TIMEX_VALUE, ["2025-06-30", "2025-07-01"]),
                          "TIMEX3 value has 2 values"),
    "entity type": (lambda r: _label(r, MENTION, "ALIEN"), f"result {MENTION}: entity type 'ALIEN' is not in"),
    "metonymy": (lambda r: r + [attr(MENTION, N.METONYMY, "choices", 0, 1, ["weather"])],
                 "metonymy 'weather' is not in the taxonomy"),
    "role of another main role": (lambda r: _set(r, MENTION, N.ROLE_PREFIX + "Protagonist", ["Tyrant"]),
                                  "roles ['Tyrant'] are not Protagonist roles"),
    "verdict": (lambda r: r + [attr(CLAIM, N.VERDICT, "choices", 0, 1, ["mostly-true-ish"])],
                f"result {CLAIM}: verdict 'mostly-true-ish' is not in the taxonomy"),
    "claim type": (lambda r: _set(r, CLAIM, N.CLAIM_TYPE, ["rumour"]), "claim type 'rumour' is not in the taxonomy"),
    "check-worthy maybe": (lambda r: _set(r, CLAIM, N.CHECKWORTHY, ["maybe"]),
                           "check-worthy 'maybe' is not in the taxonomy"),
    "technique": (lambda r: _label(r, TECH, "Mind_Control"), "unknown technique 'Mind_Control'"),
    "technique of another group": (lambda r: _label(r, TECH, "Doubt"), "not from its group"),
    "attribute on the wrong layer": (lambda r: r + [attr(MENTION, N.CLAIM_TYPE, "choices", 0, 1, ["factual"])],
                                     "attribute 'claim_type' is set on a mentions region"),
    "relation of two mentions": (lambda r: r + [{"from_id": MENTION, "to_id": "Kq3xZ1aB0c", "type": "relation"}],
                                 "a relation links a mention and a mention"),
    "entity that does not exist": (lambda r: r + [attr(MENTION, N.ENTITY_REF, "textarea", 0, 1, ["e99"])],
                                   "entity e99 does not exist"),
    "two labels": (lambda r: _label(r, TECH, "Doubt") and [dict(x, value={**x["value"], "labels": ["Doubt", "Smears"]})
                                                          if x.get("id") == TECH else x for x in r],
                   "region has 2 labels"),
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_values_validate_would_refuse_are_refused_located(corpus, task, case):
    """Regression: the import wrote values `validate` rejects (unknown genre, primary frame,
    TIMEX3 type, entity type, verdict, claim type), dropped an unknown frame silently and
    turned check-worthy "maybe" into false."""
    change, message = BAD_VALUES[case]
    res = change(emoji_annotation(EMOJI_TEXT))
    refused(corpus, as_ls_export([task], annotators=((3, res),)), message)


@pytest.mark.parametrize("start,end,message", [
    (True, 10, "/value/start: true is a bool; expected integer"), (0, False, "/value/end: false is a bool"),
    (18.0, 28, f"result {TECH}: bad offsets start=18.0 end=28"), (-3, 4, "/value/start: -3 is less than"),
    ("15", 28, "/value/start: \"15\" is a str"), (None, 5, "/value/start: null is a NoneType"),
    (9, 9, f"result {TECH}: bad offsets start=9 end=9"), (20, 10, f"result {TECH}: bad offsets start=20 end=10"),
    (10, 10**6, f"result {TECH}: offsets 10-1000000 cover '(past the end of the text)'")])
def test_offsets_that_are_not_a_span_are_refused(corpus, task, start, end, message):
    """Regression: offsets `true`/`false` were taken as 1/0."""
    res = emoji_annotation(EMOJI_TEXT)
    next(r for r in res if r.get("id") == TECH)["value"].update(start=start, end=end)
    refused(corpus, as_ls_export([task], annotators=((3, res),)), message)


# -- malformed exports -------------------------------------------------------------------------

MALFORMED = {
    "an object, not a list": ({"tasks": []}, "export.json: {\"tasks\": []} is a dict; expected array"),
    "a task that is a list": ([[1, 2]], "export.json/0: [1, 2] is a list; expected object"),
    "data a list": ([{"data": ["text"]}], "export.json/0/data: [\"text\"] is a list; expected object"),
    "no text": ([{"data": {"article_id": NEW_ID}}], "export.json/0/data: missing required property 'text'"),
    "annotations an object": ([{"data": {"text": "x", "article_id": NEW_ID}, "annotations": {"result": []}}],
                              "export.json/0/annotations: "),
    "result an object": ([{"data": {"text": "x", "article_id": NEW_ID}, "annotations": [{"result": {}}]}],
                         "export.json/0/annotations/0/result: {} is a dict; expected array"),
    "a number as a narrative path": (
        [{"data": {"text": "x", "article_id": NEW_ID}, "annotations": [{"completed_by": 1, "result": [
            {"id": "n", "from_name": N.NARRATIVES, "type": "taxonomy", "value": {"taxonomy": [7]}}]}]}],
        "export.json/0/annotations/0/result/0/value/taxonomy/0: 7 is a int; expected array"),
    "a list as a value": (
        [{"data": {"text": "x", "article_id": NEW_ID}, "annotations": [{"completed_by": 1, "result": [
            {"id": "n", "from_name": N.GENRE, "type": "choices", "value": ["reporting"]}]}]}],
        "export.json/0/annotations/0/result/0/value: [\"reporting\"] is a list; expected object"),
    "a user that is a string": (
        [{"data": {"text": "x", "article_id": NEW_ID}, "annotations": [{"completed_by": "alice", "result": []}]}],
        "export.json/0/annotations/0/completed_by"),
    "nf_state a list": ([{"data": {"text": "x", "article_id": NEW_ID, "nf_state": []}}],
                        "export.json/0/data/nf_state: [] is a list; expected object"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_exports_get_a_located_message(corpus, case):
    """Regression: deep nesting, a list where an object belongs, a number as a narrative path
    ended in "internal error"."""
    tasks, message = MALFORMED[case]
    refused(corpus, tasks, message)


def test_deep_nesting_is_refused_before_parsing(corpus):
    path = corpus.parent / "export.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    before = snapshot(corpus.parent)
    r = run_cli("labelstudio", "import", path, "--corpus", corpus)
    assert r.returncode == 1 and "NF110 arrays/objects are nested more than 64 levels deep" in r.stderr
    assert snapshot(corpus.parent) == before


@pytest.mark.parametrize("content", ["", "{", "[1,", "\ufeff[]", "[] trailing"])
def test_broken_json_is_refused(corpus, content):
    path = corpus.parent / "export.json"
    path.write_text(content, encoding="utf-8")
    r = run_cli("labelstudio", "import", path, "--corpus", corpus)
    assert r.returncode == 1 and "cannot read a JSON export" in r.stderr


def test_not_utf8_is_refused(corpus):
    path = corpus.parent / "export.json"
    path.write_bytes(b'[{"data": {"text": "\xff"}}]')
    r = run_cli("labelstudio", "import", path, "--corpus", corpus)
    assert r.returncode == 1 and "cannot read a JSON export" in r.stderr


# -- odd files and concurrency -------------------------------------------------------------------

def _cli(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "newsframes.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_export_that_is_not_a_regular_file_is_refused_without_reading(corpus, kind):
    path = corpus.parent / "export.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path = "/dev/zero"
    else:
        path.mkdir()
    r = _cli("labelstudio", "import", path, "--corpus", corpus, timeout=60)
    assert r.returncode == 1 and "not a regular file" in r.stderr, r.stderr


def test_second_import_at_the_same_time_is_refused(corpus, task):
    from newsframes.commands.labelstudio import workdir

    tasks = as_ls_export([task], annotators=((3, emoji_annotation(EMOJI_TEXT)),))
    work = workdir(corpus.parent)
    with open(work / "import.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        r = refused(corpus, tasks, "another `newsframes labelstudio import` is writing into this project")
    del r
    r = import_(corpus, tasks)
    assert r.returncode == 0, r.stderr


def test_record_changed_during_the_import_is_not_overwritten(corpus, task, monkeypatch):
    """The record is read, merged, then (before anything is written) found changed: refused."""
    from newsframes.labelstudio import importer

    tasks = as_ls_export([task], annotators=((3, emoji_annotation(EMOJI_TEXT)),))
    real = importer.import_export

    def racing(*a, **k):
        out = real(*a, **k)
        p = corpus / f"{NEW_ID}.json"
        p.write_text(p.read_text(encoding="utf-8").replace('"draft"', '"single"'), encoding="utf-8")
        return out
    monkeypatch.setattr(importer, "import_export", racing)
    r = import_(corpus, tasks)
    assert r.returncode == 1 and "changed while the import ran" in r.stderr
    assert '"single"' in (corpus / f"{NEW_ID}.json").read_text(encoding="utf-8")


def test_two_imports_racing_leave_one_whole_result(corpus, task):
    """Two processes at once: one writes, the other is refused or finds nothing to do; the
    record is whole and valid either way."""
    tasks = as_ls_export([task], annotators=((3, emoji_annotation(EMOJI_TEXT)),))
    path = corpus.parent / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    results = []

    def go():
        results.append(_cli("labelstudio", "import", path, "--corpus", corpus, timeout=120))
    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.returncode for r in results)[0] == 0, [r.stderr for r in results]
    assert all("Traceback" not in r.stderr for r in results)
    v = run_cli("validate", corpus)
    assert v.returncode == 0, v.stdout
    assert json.loads((corpus / f"{NEW_ID}.json").read_text(encoding="utf-8"))["mentions"]


def test_unknown_result_of_a_hand_made_export_is_never_skipped_silently(corpus, task):
    res = emoji_annotation(EMOJI_TEXT) + [span("Zz1", "mystery", "X", EMOJI_TEXT, 0, 5)]
    refused(corpus, as_ls_export([task], annotators=((3, res),)), "unknown result type 'labels' from control 'mystery'")


def test_links_and_fifos_in_the_working_folder_are_never_followed(corpus, task, tmp_path):
    """A hostile checkout: the lock is a link to a file elsewhere (it must not be truncated),
    the state file is a FIFO (it must not hang the import)."""
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    work = corpus.parent / ".labelstudio"
    (work / "state").mkdir(parents=True)
    os.symlink(precious, work / "import.lock")
    os.mkfifo(work / "state" / f"{NEW_ID}.json")
    path = corpus.parent / "export.json"
    path.write_text(json.dumps(as_ls_export([task], annotators=((3, emoji_annotation(EMOJI_TEXT)),))),
                    encoding="utf-8")
    r = _cli("labelstudio", "import", path, "--corpus", corpus, timeout=120)
    assert r.returncode == 1 and "cannot make the lock" in r.stderr, r.stdout + r.stderr
    assert precious.read_text(encoding="utf-8") == "keep me"
    assert "not a regular file" in r.stdout  # the state FIFO: reported, not read


def test_working_folder_that_is_a_link_is_refused(corpus, tmp_path, monkeypatch):
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)  # with a server in the environment, export pushes
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, corpus.parent / ".labelstudio")
    r = run_cli("labelstudio", "export", NEW_ID, "--corpus", corpus)
    assert r.returncode == 1 and ".labelstudio is a symbolic link" in r.stderr
    assert list(elsewhere.iterdir()) == []


def test_pass_file_that_is_a_fifo_is_refused_without_hanging(corpus, task):
    passes = corpus.parent / "annotations" / NEW_ID
    passes.mkdir(parents=True)
    os.mkfifo(passes / "ls-user-4.json")
    res = emoji_annotation(EMOJI_TEXT)
    path = corpus.parent / "export.json"
    path.write_text(json.dumps(as_ls_export([task], annotators=((3, res), (4, res[:4])))), encoding="utf-8")
    r = _cli("labelstudio", "import", path, "--corpus", corpus, timeout=120)
    assert r.returncode == 1 and "ls-user-4.json: not a regular file" in r.stderr, r.stderr


def test_record_that_fails_the_schema_gets_a_message_not_a_traceback(corpus, task):
    rec = json.loads((corpus / f"{NEW_ID}.json").read_text(encoding="utf-8"))
    rec["mentions"] = [{"id": "m1", "entity": "e1"}]  # no offsets
    (corpus / f"{NEW_ID}.json").write_text(json.dumps(rec), encoding="utf-8")
    refused(corpus, as_ls_export([task], annotators=((3, emoji_annotation(EMOJI_TEXT)),)),
            "does not pass the schema (NF202 at /mentions/0", "run `newsframes validate` and fix the record first")


def test_user_id_past_64_bits_is_refused(corpus, task):
    tasks = as_ls_export([task], annotators=((10**40, emoji_annotation(EMOJI_TEXT)),))
    refused(corpus, tasks, "export.json/0/annotations/0/completed_by")


def test_export_to_a_place_it_cannot_write_gets_a_message(corpus, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    r = run_cli("labelstudio", "export", NEW_ID, "--corpus", corpus, "--out", blocker / "tasks.json")
    assert r.returncode == 1 and "cannot write" in r.stderr and "Traceback" not in r.stderr


# -- round 4: kill -9 between the renames, links in the working folder, odd region ids ----------

# `labelstudio import`, killed (SIGKILL, by itself) right after its first rename of a pulled file
_KILLED_IMPORT = """
import os, signal, sys
real = os.replace
def replace(a, b):
    real(a, b)
    if not str(b).endswith(".gitignore"):
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
from newsframes.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_kill_9_between_the_renames_loses_no_annotation(corpus, task):
    """The sidecar says what the record holds after a pull. It used to be renamed first
    (sorted paths: .labelstudio/ before corpus/): a kill right after it left a sidecar newer
    than the record, and the next pull took every region as pulled before and deleted in
    the JSON ("stays deleted"): the whole annotation lost, exit 0."""
    tasks = as_ls_export([task], annotators=((7, emoji_annotation(EMOJI_TEXT)),))
    path = corpus.parent / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", _KILLED_IMPORT, "labelstudio", "import", str(path), "--corpus",
                             str(corpus)], capture_output=True, text=True, timeout=120)
    assert killed.returncode == -9, killed.stderr
    r = _cli("labelstudio", "import", path, "--corpus", corpus, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "stays deleted" not in r.stdout, r.stdout
    rec = json.loads((corpus / f"{NEW_ID}.json").read_text(encoding="utf-8"))
    assert {m["text"] for m in rec["mentions"]} == {"Sergey Lavrov", "Kyrgyzstan"}
    assert rec["claims"] and rec["techniques"] and rec["timexes"]
    again = _cli("labelstudio", "import", path, "--corpus", corpus, timeout=120)
    assert again.returncode == 0 and "0 file(s) written, 1 record(s) unchanged" in again.stdout, again.stdout


def test_a_linked_state_folder_is_not_written_through(corpus, task):
    """`.labelstudio/state` linked to the corpus: the sidecar `state/<id>.json` is then the
    record itself, which the pull used to replace with the sidecar (exit 0)."""
    tasks = as_ls_export([task], annotators=((7, emoji_annotation(EMOJI_TEXT)),))
    assert import_(corpus, tasks).returncode == 0
    state = corpus.parent / ".labelstudio" / "state"
    for p in state.iterdir():
        p.unlink()
    state.rmdir()
    state.symlink_to("../corpus")
    refused(corpus, tasks, f"{state} is a symbolic link")
    assert json.loads((corpus / f"{NEW_ID}.json").read_text(encoding="utf-8"))["id"] == NEW_ID


def test_control_characters_of_an_export_are_shown_as_escapes(corpus, task):
    """Region ids come from the export and are printed in notes and errors: an escape
    sequence there used to reach the terminal as is."""
    res = emoji_annotation(EMOJI_TEXT)
    for r in res:
        if r.get("id") == "L7vR2mN9pQ":
            r["id"] = "\x1b]0;owned\x07\x1b[2J"
    r = import_(corpus, as_ls_export([task], annotators=((7, res),)))
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout + r.stderr and "\\x1b]0;owned" in r.stdout, r.stdout


def test_a_hand_edited_sidecar_does_not_move_json_only_fields_to_another_span(corpus, task):
    """The sidecar maps Label Studio's region ids to record items. Edited so that two
    regions map to one item, it used to be trusted: the item (with its note) took the
    other region's span, and the right span came back as a new item without its note."""
    tasks = as_ls_export([task], annotators=((7, emoji_annotation(EMOJI_TEXT)),))
    assert import_(corpus, tasks).returncode == 0
    rec = json.loads((corpus / f"{NEW_ID}.json").read_text(encoding="utf-8"))
    lavrov = next(m for m in rec["mentions"] if m["text"] == "Sergey Lavrov")
    ent = next(e for e in rec["entities"] if e["id"] == lavrov["entity"])
    ent["note"] = "checked against the ministry's page"  # a JSON-only field, added between pulls
    (corpus / f"{NEW_ID}.json").write_text(json.dumps(rec, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    side = corpus.parent / ".labelstudio" / "state" / f"{NEW_ID}.json"
    doc = json.loads(side.read_text(encoding="utf-8"))
    doc["targets"]["corpus"]["regions"]["Kq3xZ1aB0c"] = f"mentions:{lavrov['id']}"  # Kyrgyzstan's region
    side.write_text(json.dumps(doc), encoding="utf-8")
    r = import_(corpus, tasks)
    assert r.returncode == 0 and "two Label Studio regions given one record item (edited by hand?)" in r.stdout, \
        r.stdout + r.stderr
    after = json.loads((corpus / f"{NEW_ID}.json").read_text(encoding="utf-8"))
    noted = [e for e in after["entities"] if e.get("note") == "checked against the ministry's page"]
    assert [m["text"] for m in after["mentions"] if m["entity"] == noted[0]["id"]] == ["Sergey Lavrov"]
    assert {m["id"] for m in after["mentions"]} == {m["id"] for m in rec["mentions"]}


def test_a_label_studio_user_recorded_as_a_model_agent_is_refused(corpus):
    """`ls-user-7` already a `model` agent of the record (beside a person, so NF344 does not
    fire): the pull wrote what it entered as `manual`, a model's work called a person's."""
    rec = json.loads((corpus / f"{NEW_ID}.json").read_text(encoding="utf-8"))
    rec["schema_version"] = "1.2.0"
    rec["annotation"]["annotators"] = ["alice", "ls-user-7"]
    rec["annotation"]["agents"] = [
        {"name": "alice", "kind": "person", "model": None, "version": None, "note": None},
        {"name": "ls-user-7", "kind": "model", "model": "some-model", "version": "1", "note": None}]
    (corpus / f"{NEW_ID}.json").write_text(json.dumps(rec, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    [t] = export(corpus, NEW_ID)
    refused(corpus, as_ls_export([t], annotators=((7, emoji_annotation(EMOJI_TEXT)),)),
            "names ls-user-7 as an AI model agent (some-model/1)")
