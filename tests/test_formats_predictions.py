"""`newsframes export FORMAT --predictions FILE --like GOLD` (issue 23 item 3): a model's
rows, in the built configs' shapes with offsets on the corpus text, become the official
files, each task's raw conventions derived by the export (SemEval-2023 line numbers,
SemEval-2025 UTF-16 offsets with inclusive ends, CRLF-counted offsets, spans the import
moved), in the gold's line order. Oracle rows (the gold itself, read back from the built
data) must give the gold's label files byte for byte; a constant baseline must give a
line for every gold item, in the gold's order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run_cli
from test_formats import do_import, tree
from test_formats_releases import RELEASES


def _rows(data: Path) -> list[dict]:
    from newsframes.dataset.rowview import iter_rows

    return [row for f in sorted((data / "articles").glob("*.parquet")) for row in iter_rows(f)]


def oracle_rows(data: Path) -> list[dict]:
    """The gold of the built `articles` rows, as a model would write its predictions."""
    out = []
    for a in _rows(data):
        layers = set(a["annotated_layers"])
        row = {"id": a["id"]}
        if "genre" in layers:
            row["genre"] = a["genre"]
        if "frames" in layers:
            row["frames"] = a["frames"]
        if "narratives" in layers:
            row["narratives"] = [{"narrative": n["narrative"], "subnarrative": n["subnarrative"]}
                                 for n in a["narratives"]]
        if "paragraph_techniques" in layers:
            row["paragraphs"] = [p for p in a["paragraphs"] if p["techniques"] is not None]
        if len(row) > 1:
            out.append(row)
        if "techniques" in layers:
            out += [{"article_id": a["id"], "start": t["start"], "end": t["end"], "label": t["label"]}
                    for t in a["techniques"]]
        if "roles" in layers:
            ents = {e["id"]: e for e in a["entities"]}
            out += [{"article_id": a["id"], "start": m["start"], "end": m["end"],
                     "roles": [{"main": r["main"], "fine": r["fine"]} for r in ents[m["entity"]]["roles"]]}
                    for m in a["mentions"]]
    return out


def baseline_rows(data: Path) -> list[dict]:
    """A constant baseline: every article `reporting`, framed `Political`, the narrative
    `Other`; every gold span (the TC task's input) and mention labelled alike."""
    out = []
    for a in _rows(data):
        layers = set(a["annotated_layers"])
        row = {"id": a["id"], **({"genre": "reporting"} if "genre" in layers else {}),
               **({"frames": ["Political"]} if "frames" in layers else {}),
               **({"narratives": []} if "narratives" in layers else {})}
        if len(row) > 1:
            out.append(row)
        out += [{"article_id": a["id"], "start": t["start"], "end": t["end"], "label": "Loaded_Language"}
                for t in a["techniques"]]
        out += [{"article_id": a["id"], "start": m["start"], "end": m["end"], "main_role": "Antagonist",
                 "fine_roles": ["Instigator"]} for m in a["mentions"]]
    return out


def _built(fmt, tmp_path) -> tuple[Path, Path]:
    src, args = RELEASES[fmt]
    corpus = tmp_path / "proj" / "corpus"
    do_import(fmt, src, corpus, *args)
    r = run_cli("build", "--corpus", corpus, "--out", corpus.parent / "data")
    assert r.returncode == 0, r.stderr
    return corpus, corpus.parent / "data"


def _write(rows: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _labels(folder: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(folder).items()
            if not (k.endswith(".txt") and ("articles" in k or "raw-documents" in k)) and not k.endswith(".template")}


@pytest.mark.parametrize("fmt", RELEASES)
def test_oracle_predictions_give_the_gold_files(fmt, tmp_path):
    corpus, data = _built(fmt, tmp_path)
    gold = RELEASES[fmt][0]
    preds = _write(oracle_rows(data), tmp_path / "pred.jsonl")
    r = run_cli("export", fmt, "--corpus", corpus, "--predictions", preds, "--like", gold, "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    got = _labels(tmp_path / "out")
    want = _labels(gold)
    for name, data_ in want.items():
        assert got.get(name) == data_, name
    if fmt == "ptc":  # and the scorers' one-file form
        assert set(got) - set(want) == {"predictions-task-TC.tsv", "predictions-task-SI.tsv"}
    else:
        assert set(got) == set(want)


@pytest.mark.parametrize("fmt", ["semeval2023", "semeval2025"])
def test_baseline_predictions_have_every_gold_line_in_the_gold_order(fmt, tmp_path):
    corpus, data = _built(fmt, tmp_path)
    gold = RELEASES[fmt][0]
    preds = _write(baseline_rows(data), tmp_path / "pred.jsonl")
    r = run_cli("export", fmt, "--corpus", corpus, "--predictions", preds, "--like", gold, "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert "no line for line" not in r.stderr  # every gold item got a prediction line
    for name, want in _labels(gold).items():
        if "-spans/" in name:
            continue  # spans are predicted, not paired
        got = (tmp_path / "out" / name).read_text(encoding="utf-8").splitlines()
        gold_lines = want.decode("utf-8").splitlines()
        n = {"subtask-1-annotations.txt": 4, "subtask-3.txt": 2}.get(name.rsplit("/", 1)[-1].split("-labels-")[-1], 1)
        key = (lambda ln: tuple(ln.split("\t")[:n])) if n != 4 else (lambda ln: (ln.split("\t")[0], *ln.split("\t")[2:4]))
        assert [key(x) for x in got] == [key(x) for x in gold_lines], name


def test_predictions_for_an_unknown_article_or_a_bad_row_are_reported(tmp_path):
    corpus, data = _built("semeval2025", tmp_path)
    preds = _write([{"id": "no-such-article", "narratives": []}, {"article_id": "semeval2025-hi-7", "x": 1}],
                   tmp_path / "pred.jsonl")
    r = run_cli("export", "semeval2025", "--corpus", corpus, "--predictions", preds, "--out", tmp_path / "out")
    assert r.returncode == 1 and "row 2: neither a technique row, a role row nor an article row" in r.stderr
    assert not (tmp_path / "out").exists()
    (tmp_path / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    r = run_cli("export", "semeval2025", "--corpus", corpus, "--predictions", tmp_path / "bad.jsonl",
                "--out", tmp_path / "out")
    assert r.returncode == 1 and "bad.jsonl:1: not a JSON object" in r.stderr


def test_prediction_rows_are_checked_before_use(tmp_path):
    corpus, data = _built("semeval2025", tmp_path)
    bad = [{"article_id": "semeval2025-hi-7", "start": 1.5, "end": 4, "main_role": "Antagonist"},
           {"article_id": "semeval2025-hi-7", "start": 0, "end": 4, "main_role": "Hero"},
           {"article_id": "semeval2025-hi-7", "start": 0, "end": 4, "roles": [{"main": "Innocent", "fine": ["Spy"]}]},
           {"id": "semeval2025-hi-7", "narratives": [{"narrative": "URW: Discrediting Ukraine",
                                                      "subnarrative": "CC: Criticism of climate policies: Other"}]},
           {"article_id": "semeval2025-hi-7", "start": True, "end": 4, "label": "Doubt"}]
    r = run_cli("export", "semeval2025", "--corpus", corpus, "--predictions", _write(bad, tmp_path / "p.jsonl"),
                "--out", tmp_path / "out")
    assert r.returncode == 1 and "internal error" not in r.stderr and not (tmp_path / "out").exists()
    for no in range(1, 6):
        assert f"p.jsonl: row {no}: " in r.stderr, (no, r.stderr)
    far = [{"article_id": "semeval2025-hi-7", "start": 10 ** 6, "end": 10 ** 6 + 3, "main_role": "Antagonist"}]
    r = run_cli("export", "semeval2025", "--corpus", corpus, "--predictions", _write(far, tmp_path / "f.jsonl"),
                "--out", tmp_path / "out")
    assert r.returncode == 0 and "lies outside the text" in r.stderr and "left out" in r.stderr


def test_a_second_row_for_the_same_thing_is_refused_not_silently_replacing_the_first(tmp_path):
    """Two article rows of one article: the second used to replace the first's layers
    without a word; two role rows of one mention gave two lines the scorer refuses; a
    technique row twice, a paragraph twice."""
    corpus = tmp_path / "proj" / "corpus"
    do_import("semeval2025", RELEASES["semeval2025"][0], corpus, *RELEASES["semeval2025"][1])
    aid = "semeval2025-hi-7"
    nar = {"narrative": "URW: Discrediting Ukraine", "subnarrative": "URW: Discrediting Ukraine: Other"}
    rows = [{"id": aid, "narratives": [nar]}, {"id": aid, "narratives": []},
            {"article_id": aid, "start": 0, "end": 4, "main_role": "Antagonist"},
            {"article_id": aid, "start": 0, "end": 4, "main_role": "Protagonist"},
            {"article_id": aid, "start": 0, "end": 4, "label": "Doubt"},
            {"article_id": aid, "start": 0, "end": 4, "label": "Doubt"},
            {"id": aid, "paragraphs": [{"start": 0, "end": 4, "techniques": []}, {"start": 0, "end": 4,
                                                                                   "techniques": ["Doubt"]}]}]
    r = run_cli("export", "semeval2025", "--corpus", corpus, "--predictions", _write(rows, tmp_path / "p.jsonl"),
                "--out", tmp_path / "out")
    assert r.returncode == 1 and not (tmp_path / "out").exists(), r.stderr
    assert "row 2: the narratives of article 'semeval2025-hi-7' again (first in row 1)" in r.stderr, r.stderr
    assert "row 4: the roles of the mention at 0-4" in r.stderr and "row 6: technique Doubt at 0-4" in r.stderr
    assert "row 7: paragraph 0-4 is listed twice" in r.stderr


def test_predictions_that_name_no_record_are_refused(tmp_path):
    """Every row naming an article the corpus (or the gold) does not have: the export used
    to write the gold's articles with nothing predicted (every line `Other`), exit 0."""
    corpus = tmp_path / "proj" / "corpus"
    src, args = RELEASES["semeval2025"]
    do_import("semeval2025", src, corpus, *args)
    rows = [{"id": "HI_7.txt", "narratives": []}, {"article_id": "HI_7", "start": 0, "end": 4,
                                                   "main_role": "Antagonist"}]
    for like in ([], ["--like", src / "HI"]):
        r = run_cli("export", "semeval2025", "--corpus", corpus, "--predictions", _write(rows, tmp_path / "p.jsonl"),
                    *like, "--out", tmp_path / "out")
        assert r.returncode == 1 and "none of the 2 article(s) the predictions name" in r.stderr, r.stderr
        assert not (tmp_path / "out").exists()


def test_a_predictions_file_with_a_bom_is_read_and_a_huge_one_is_refused_unread(tmp_path):
    corpus = tmp_path / "proj" / "corpus"
    src, args = RELEASES["semeval2025"]
    do_import("semeval2025", src, corpus, *args)
    path = tmp_path / "p.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "semeval2025-hi-7", "narratives": []}).encode() + b"\n")
    r = run_cli("export", "semeval2025", "--corpus", corpus, "--predictions", path, "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr  # a BOM (Windows editors, PowerShell) was "row 1: not a JSON object"
    big = tmp_path / "big.jsonl"
    with open(big, "wb") as fh:
        fh.truncate(300 * 1024 * 1024)  # sparse: nothing is really written or read
    r = run_cli("export", "semeval2025", "--corpus", corpus, "--predictions", big, "--out", tmp_path / "out2")
    assert r.returncode == 1 and "larger than 256 MiB" in r.stderr, r.stderr
