"""`newsframes agree` under odd pass contents (issue 25): overlapping spans are one unit of
the unitized alpha, so its item count is taken after merging (the minimum-items rule
applies to what the figure rests on); and the work grows linearly with the spans, not
with their square (5,600 single-character spans a pass took 63 s).

The growth is counted, never timed: the lines of newsframes/agree/ executed for a report
of N spans and of 2N (a trace hook), whose ratio is about 2 for a linear walk and 4 for
a loop over every pair. The figures in seconds come from scripts/bench_agree.py."""

from __future__ import annotations

import copy
import json
import random
import shutil
import sys
from pathlib import Path

import pytest
from cli_helpers import run_cli

from newsframes.agree import compare
from newsframes.agree import spans as sp
from newsframes.agree.layers import Pass

ROOT = Path(__file__).resolve().parents[1]
AID = "lavrov-kyrgyzstan-visit"


@pytest.fixture()
def project(tmp_path):
    (tmp_path / "corpus").mkdir()
    for ext in (".txt", ".json"):
        shutil.copy(ROOT / "corpus" / f"{AID}{ext}", tmp_path / "corpus")
    folder = tmp_path / "annotations" / AID
    folder.mkdir(parents=True)
    return tmp_path


def _write_pass(project: Path, pass_id: str, techniques: list[tuple[int, int]]) -> Path:
    rec = json.loads((ROOT / "annotations" / AID / "pass-1.json").read_text(encoding="utf-8"))
    rec = copy.deepcopy(rec)
    rec["annotation"]["pass"]["id"] = pass_id
    rec["techniques"] = [{"id": f"p{k}", "label": "Loaded_Language", "start": s, "end": e, "source": "manual"}
                         for k, (s, e) in enumerate(techniques, 1)]
    path = project / "annotations" / AID / f"{pass_id}.json"
    path.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    return path


def test_unitized_alpha_counts_units_after_overlapping_spans_are_merged(project):
    # 7 nested spans in pass-1 and 6 overlapping ones in pass-2: one unit each, n = 2
    a = _write_pass(project, "pass-1", [(100, 110 + k) for k in range(7)])
    b = _write_pass(project, "pass-2", [(102 + k, 112 + k) for k in range(6)])
    res = run_cli("agree", a, b, "--format", "json")
    assert res.returncode == 0, res.stderr
    tech = json.loads(res.stdout)["spans"]["techniques"][0]
    assert (tech["n_reference"], tech["n_response"]) == (7, 6)  # the spans as annotated
    too_few = {"value": None, "n": 2, "status": "too_few"}
    assert tech["unitized_alpha"] == too_few
    assert tech["labelled"]["unitized_alpha"] == too_few
    assert tech["per_label"]["Loaded_Language"]["unitized_alpha"] == too_few
    text = run_cli("agree", a, b).stdout
    assert "unitized alpha too few items (n=2)" in text and "(n=13)" not in text


def test_unitized_alpha_is_given_from_ten_units(project):
    # ten separate spans in each pass: 20 units, the figure is computed
    a = _write_pass(project, "pass-1", [(100 + 20 * k, 110 + 20 * k) for k in range(10)])
    b = _write_pass(project, "pass-2", [(101 + 20 * k, 110 + 20 * k) for k in range(10)])
    tech = json.loads(run_cli("agree", a, b, "--format", "json").stdout)["spans"]["techniques"][0]
    assert tech["unitized_alpha"]["n"] == 20 and tech["unitized_alpha"]["status"] == "ok"
    assert 0.5 < tech["unitized_alpha"]["value"] < 1.0


def _passes(n: int, seed: int = 25) -> dict[str, dict[str, Pass]]:
    """One article of 4n characters, two passes of n single-character spans (mentions,
    claims, techniques and timexes), pass-2 moving a quarter and relabelling a quarter."""
    rnd = random.Random(seed)
    text = "".join(rnd.choice("abcdefghij ") for _ in range(4 * n))
    starts = sorted(rnd.sample(range(len(text) - 1), n))
    labels = ("Loaded_Language", "Doubt", "Repetition")
    first = [(s, rnd.choice(labels)) for s in starts]
    second = [(min(s + 1, len(text) - 1), lab) if rnd.random() < 0.25 else (s, rnd.choice(labels)) for s, lab in first]

    def record(spans):
        return {"id": "a", "genre": {"label": "opinion"}, "frames": {"labels": [], "primary": None}, "narratives": [],
                "entities": [{"id": f"e{k}", "name": str(k), "type": "ORG", "roles": []} for k in range(len(spans))],
                "mentions": [{"id": f"m{k}", "entity": f"e{k}", "start": s, "end": s + 1} for k, (s, _) in enumerate(spans)],
                "claims": [{"id": f"c{k}", "start": s, "end": s + 1, "type": "factual", "claimant": "author"}
                           for k, (s, _) in enumerate(spans)],
                "techniques": [{"id": f"p{k}", "label": lab, "start": s, "end": s + 1} for k, (s, lab) in enumerate(spans)],
                "timexes": [{"id": f"t{k}", "type": "DATE", "start": s, "end": s + 1} for k, (s, _) in enumerate(spans)]}

    return {"a": {"p1": Pass("p1", "a", "p1.json", record(first), text),
                  "p2": Pass("p2", "a", "p2.json", record(second), text)}}


def _agree_lines(n: int) -> int:
    """Lines of newsframes/agree/ executed for the report of `_passes(n)`."""
    where = str(Path(compare.__file__).parent)
    articles = _passes(n)
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if not frame.f_code.co_filename.startswith(where):
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        compare.report(articles)
    finally:
        sys.settrace(None)
    return count


def test_agree_work_grows_linearly_with_the_spans():
    small, large = _agree_lines(300), _agree_lines(600)
    assert large / small < 2.6, (small, large)  # a loop over every pair of spans gives about 4


def _brute_overlaps(a, b):
    return sorted((i, j) for i, x in a for j, y in b if min(x[1], y[1]) > max(x[0], y[0]))


def test_the_linear_walks_find_exactly_the_overlapping_pairs():
    from newsframes.agree.unitized import merge_spans

    rnd = random.Random(7)
    for _ in range(500):
        length = rnd.randint(1, 50)

        def span():
            s = rnd.randint(0, length - 1)
            return (s, rnd.randint(s + 1, min(length, s + rnd.choice((1, 3, 12)))))

        a = [(k, span()) for k in range(rnd.randint(0, 15))]
        b = [(k, span()) for k in range(rnd.randint(0, 15))]
        assert sorted(sp.overlapping(a, b)) == _brute_overlaps(a, b)
        S, T = merge_spans([x for _, x in a]), merge_spans([x for _, x in b])
        assert list(sp.overlapping_merged(S, T)) == [(s, t) for s in S for t in T if min(s[1], t[1]) > max(s[0], t[0])]


def test_odd_pass_files_are_refused_not_read(project):
    """A FIFO or a link to /dev/zero named like a pass used to hang `agree` (a read without
    end), a deeply nested file gave "internal error", a boolean offset passed as 1."""
    import os
    import subprocess

    a = _write_pass(project, "pass-1", [(100, 110)])
    folder = project / "annotations" / AID
    os.mkfifo(folder / "fifo.json")
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "deep.json").write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    rec = json.loads(a.read_text(encoding="utf-8"))
    rec["annotation"]["pass"]["id"] = "bool"
    rec["techniques"][0]["start"] = True
    (folder / "bool.json").write_text(json.dumps(rec), encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "newsframes", "agree", str(a), *(str(folder / f"{n}.json") for n in
                          ("fifo", "zero", "deep", "bool"))], capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and res.stdout == ""
    err = res.stderr
    assert "fifo.json: NF101 not a regular file (a FIFO (named pipe))" in err
    assert "zero.json: NF101 not a regular file (a character device)" in err
    assert "deep.json: NF110 arrays/objects are nested more than 64 levels deep" in err
    assert "bool.json: techniques #1: span [True, 110) is not within the text" in err
    assert "internal error" not in err and "Traceback" not in err
    # the article's text a FIFO: refused, named
    text = project / "corpus" / f"{AID}.txt"
    text.unlink()
    os.mkfifo(text)
    res = subprocess.run([sys.executable, "-m", "newsframes", "agree", str(a), str(folder / "bool.json")],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and f"the text {text} cannot be read" in res.stderr and "FIFO" in res.stderr


@pytest.mark.parametrize("where, value", [
    (("techniques", 0, "label"), None), (("techniques", 0, "label"), ["Doubt"]),
    (("entities", 0, "type"), ["PERSON"]), (("mentions", 0, "entity"), True),
    (("claims", 0, "verdict"), 2.5), (("timexes", 0, "type"), None), (("timexes", 0, "mod"), [None]),
    (("entities", 0, "roles"), [{"main": "Protagonist", "fine": [5]}]), (("mentions", 0, "metonymy"), [[1]]),
])
def test_a_value_of_the_wrong_kind_is_located_not_an_internal_error(project, where, value):
    """A pass whose label is null or a list, whose verdict is a number ...: each ended in
    "internal error" in the sorting or counting of the figures (found by mutating the
    seed's pass field by field)."""
    a = _write_pass(project, "pass-1", [(100, 110)])
    rec = json.loads(a.read_text(encoding="utf-8"))
    rec["annotation"]["pass"]["id"] = "odd"
    if where[0] == "techniques":
        rec["techniques"][0]["label"] = value
    else:
        node = rec
        for k in where[:-1]:
            node = node[k]
        node[where[-1]] = value
    odd = project / "annotations" / AID / "odd.json"
    odd.write_text(json.dumps(rec), encoding="utf-8")
    res = run_cli("agree", a, odd)
    assert res.returncode == 2 and "internal error" not in res.stderr, res.stderr
    assert f"odd.json: /{'/'.join(map(str, where))}" in res.stderr, res.stderr
    assert "check it with `newsframes validate`" in res.stderr
