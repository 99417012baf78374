"""`newsframes publish` and annotations/: every file it would upload there is accounted for
(issue 24): the folders of withheld articles stay out, a folder of no article is refused,
a file that quotes a withheld text is refused, and the text column says which files may
quote an article's text. The Hub is not reachable here: the dry run and refusals."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from test_build_support import isolate, make_project, run_cli

from newsframes.dataset.project import Project
from newsframes.jsonio import write_record
from newsframes.release.publish import PublishError, plan
from newsframes.splits import assign_split

ID = "fixture-valid-001"
OTHER = "fixture-valid-rot"


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


def _rot13_copy(root: Path) -> None:
    """A second, present article with other words: the fixture's text in ROT13 (same
    length and token boundaries, so every offset stays valid)."""
    rec = json.loads((root / "corpus" / f"{ID}.json").read_text(encoding="utf-8"))
    text = (root / "corpus" / f"{ID}.txt").read_text(encoding="utf-8")
    rot = codecs.encode(text, "rot13")
    rec["id"], rec["split"] = OTHER, assign_split(OTHER)
    import hashlib

    rec["text_sha256"] = hashlib.sha256(rot.encode("utf-8")).hexdigest()
    for layer in ("mentions", "claims", "techniques", "timexes"):
        for span in rec[layer]:
            span["text"] = rot[span["start"]:span["end"]]
            if span.get("cue"):
                span["cue"]["text"] = rot[span["cue"]["start"]:span["cue"]["end"]]
    (root / "corpus" / f"{OTHER}.txt").write_text(rot, encoding="utf-8")
    write_record(root / "corpus" / f"{OTHER}.json", rec)


def _project(tmp_path) -> Path:
    """Two articles: ID withheld (rights unknown), OTHER present; both with annotations."""
    root = make_project(tmp_path, second=False)
    _rot13_copy(root)  # public-domain, as the fixture
    rec = json.loads((root / "corpus" / f"{ID}.json").read_text(encoding="utf-8"))
    rec["source"]["rights"] = {"status": "unknown", "note": "test: withheld"}
    write_record(root / "corpus" / f"{ID}.json", rec)
    for aid in (ID, OTHER):
        (root / "annotations" / aid).mkdir(parents=True)
        (root / "annotations" / aid / "adjudication.md").write_text(
            (root / "corpus" / f"{aid}.txt").read_text(encoding="utf-8"), encoding="utf-8")  # quotes it all
    (root / "annotations" / "README.md").write_text("How the passes are kept.\n", encoding="utf-8")
    assert run_cli(root, "build", "--release") == 0
    return root


def _publish(root, capsys):
    capsys.readouterr()
    rc = run_cli(root, "publish", "--repo-id", "example-org/newsframes", "--dry-run")
    return rc, capsys.readouterr()


def test_withheld_folders_stay_out_and_each_file_says_what_it_carries(tmp_path, capsys):
    root = _project(tmp_path)
    rc, out = _publish(root, capsys)
    assert rc == 0, out.err
    rows = {line.split()[0]: line.split()[3] for line in out.out.splitlines()
            if line.startswith("annotations/")}
    assert rows == {"annotations/README.md": "-", f"annotations/{OTHER}/adjudication.md": "text"}
    assert f"not sent: annotations/{ID}/" in out.out


def test_a_file_under_annotations_that_quotes_a_withheld_text_is_refused(tmp_path, capsys):
    root = _project(tmp_path)
    (root / "annotations" / "README.md").write_text(
        "Example: foreign minister ana example arrived in lakeside on monday.\n", encoding="utf-8")
    rc, out = _publish(root, capsys)
    assert rc == 1
    assert "annotations/README.md: 9 consecutive words of the withheld text of fixture-valid-001" in out.err
    assert "Lakeside" not in out.err and out.out == ""


def test_a_folder_of_no_article_is_refused(tmp_path, capsys):
    root = _project(tmp_path)
    (root / "annotations" / "ghost-article").mkdir()
    (root / "annotations" / "ghost-article" / "pass-1.md").write_text("notes\n", encoding="utf-8")
    rc, out = _publish(root, capsys)
    assert rc == 1
    assert "annotations/ghost-article/: no article 'ghost-article' in the corpus" in out.err


def test_an_unreadable_manifest_refuses_rather_than_guesses(tmp_path):
    """Which folders to leave out comes from data/MANIFEST.json: without it nothing is sent
    (it used to send every annotations/ folder)."""
    root = _project(tmp_path)
    (root / "data" / "MANIFEST.json").write_text("{broken", encoding="utf-8")
    project = Project(corpus=root / "corpus", out=root / "data", root=root)
    with pytest.raises(PublishError, match="cannot tell which texts are withheld"):
        plan(project)
