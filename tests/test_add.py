"""`newsframes add`: raw seed -> normalised text + draft record (real files, real CLI)."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import run_cli  # noqa: E402
from jsonschema import Draft202012Validator

from newsframes import __version__
from newsframes.paths import schema_dir

RAW = Path(__file__).parent / "fixtures" / "raw"
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_a7f81f6fd957c2d8.txt"
VALIDATOR = Draft202012Validator(json.loads((schema_dir() / "article.schema.json").read_text(encoding="utf-8")))


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "newsframes", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


def schema_errors(record):
    return sorted(("/" + "/".join(map(str, e.absolute_path)), e.message) for e in VALIDATOR.iter_errors(record))


def project(tmp_path, *files):
    """A tmp project: seeds/ with the given raw files, an empty corpus/."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "corpus").mkdir()
    for f in files:
        (tmp_path / "seeds" / Path(f).name).write_bytes(Path(f).read_bytes())
    return tmp_path


def listing(folder):
    return sorted(p.name for p in Path(folder).iterdir())


def test_add_messy_file(tmp_path):
    root = project(tmp_path, RAW / "messy.txt")
    r = cli("add", root / "seeds/messy.txt", "--id", "messy-001", "--corpus", root / "corpus")
    assert r.returncode == 0, r.stderr
    text = (root / "corpus/messy-001.txt").read_text(encoding="utf-8")
    assert text == (
        "Ministers meet in Lakeside\n"
        "The minister said \u201cwe will talk\u201d today.\n"
        "A literal <script>alert(1)</script> string stays text.\n"
        "Zerowidth joiners, a bell and a nul go away.\n"
        "Caf\u00e9 talks \u2014 an em dash\u2026 and \u2018single\u2019 quotes stay.")
    rec = json.loads((root / "corpus/messy-001.json").read_text(encoding="utf-8"))
    assert rec["text_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    raw = (RAW / "messy.txt").read_bytes()
    assert rec["source"]["seed"] == {"file": "seeds/messy.txt", "sha256": hashlib.sha256(raw).hexdigest()}
    assert [p["kind"] for p in rec["structure"]["paragraphs"]] == ["heading", "body", "body", "body", "body"]
    for p in rec["structure"]["paragraphs"]:
        assert "\n" not in text[p["start"]:p["end"]]
    assert rec["annotation"]["status"] == "draft" and "newsframes add" in rec["annotation"]["method"]
    assert rec["source"]["published"]["date"] is None and rec["source"]["outlet"] is None
    assert any("unknown" in n for n in rec["source"]["notes"])
    assert listing(root / "corpus") == ["messy-001.json", "messy-001.txt"]  # no temp files left


def draft_errors(record):
    """Schema errors other than the (pending) null genre label of a draft."""
    return [e for e in schema_errors(record) if e[0] != "/genre/label"]


def test_draft_is_valid_except_for_genre_label(tmp_path):
    """The schema requires genre.label to be a label: a draft cannot have one yet.
    Everything else in the draft is valid (reported to the lead)."""
    root = project(tmp_path, SEED)
    assert run_cli("add", root / "seeds" / SEED.name, "--id", "seed-000", "--published", "2025-06-30",
               "--corpus", root / "corpus").returncode == 0
    rec = json.loads((root / "corpus/seed-000.json").read_text(encoding="utf-8"))
    assert draft_errors(rec) == []
    assert rec["genre"]["label"] is None and rec["frames"] == {
        "labels": [], "primary": None, "source": f"tool:newsframes-add/{__version__}", "note": rec["frames"]["note"]}


def test_draft_validates_against_the_schema(tmp_path):
    root = project(tmp_path, SEED)
    run_cli("add", root / "seeds" / SEED.name, "--id", "seed-000", "--corpus", root / "corpus")
    rec = json.loads((root / "corpus/seed-000.json").read_text(encoding="utf-8"))
    assert schema_errors(rec) == []


def test_seed_record(tmp_path):
    root = project(tmp_path, SEED)
    r = run_cli("add", root / "seeds" / SEED.name, "--id", "seed-000", "--published", "2025-06-30",
            "--corpus", root / "corpus")
    assert r.returncode == 0, r.stderr
    assert (root / "corpus/seed-000.txt").read_bytes() == SEED.read_bytes()  # already normal
    rec = json.loads((root / "corpus/seed-000.json").read_text(encoding="utf-8"))
    assert rec["source"]["published"] == {"date": "2025-06-30", "precision": "day", "basis": "stated",
                                          "evidence": [], "note": rec["source"]["published"]["note"]}
    assert rec["source"]["seed"]["sha256"] == "0d07a5b741ea74735ec1d1155cc1f0a16cdeffde80a89affa43753c533b15009"
    kinds = [p["kind"] for p in rec["structure"]["paragraphs"]]
    assert len(kinds) == 23 and kinds.count("heading") == 6


def test_invalid_utf8_is_refused_then_works_with_encoding(tmp_path):
    root = project(tmp_path, RAW / "cp1252.txt")
    args = ["add", root / "seeds/cp1252.txt", "--id", "cp-001", "--corpus", root / "corpus"]
    r = cli(*args)
    assert r.returncode == 1
    assert "byte offset 12" in r.stderr and "line 1" in r.stderr and "--encoding cp1252" in r.stderr
    assert "Traceback" not in r.stderr
    assert listing(root / "corpus") == []
    r = cli(*args, "--encoding", "cp1252")
    assert r.returncode == 0, r.stderr
    assert (root / "corpus/cp-001.txt").read_text(encoding="utf-8") == \
        "The minister\u2019s \u201cplan\u201d was rejected.\nA second line."


def test_refuses_overwrite_unless_force(tmp_path):
    root = project(tmp_path, SEED)
    args = ["add", root / "seeds" / SEED.name, "--id", "seed-000", "--corpus", root / "corpus"]
    assert run_cli(*args).returncode == 0
    before = {p: p.read_bytes() for p in (root / "corpus").iterdir()}
    r = run_cli(*args, "--title", "Another title")
    assert r.returncode == 1 and "already exists" in r.stderr and "--force" in r.stderr
    assert {p: p.read_bytes() for p in (root / "corpus").iterdir()} == before
    r = run_cli(*args, "--title", "Another title", "--force")
    assert r.returncode == 0, r.stderr
    assert json.loads((root / "corpus/seed-000.json").read_text(encoding="utf-8"))["title"] == "Another title"
    assert listing(root / "corpus") == ["seed-000.json", "seed-000.txt"]


def test_failed_write_leaves_nothing_half_written(tmp_path):
    root = project(tmp_path, SEED)
    (root / "corpus/seed-000.json").mkdir()  # the record cannot be written there
    r = cli("add", root / "seeds" / SEED.name, "--id", "seed-000", "--force", "--corpus", root / "corpus")
    assert r.returncode == 1 and "nothing changed" in r.stderr and "Traceback" not in r.stderr
    assert listing(root / "corpus") == ["seed-000.json"]  # no text file, no temp file
    assert listing(root / "corpus/seed-000.json") == []


@pytest.mark.parametrize("bad_id", ["Bad-Id", "ab", "-abc", "a b c", "x" * 82])
def test_bad_id(tmp_path, bad_id):
    root = project(tmp_path, SEED)
    r = run_cli("add", root / "seeds" / SEED.name, f"--id={bad_id}", "--corpus", root / "corpus")
    assert r.returncode == 2 and "bad id" in r.stderr and "Traceback" not in r.stderr
    assert listing(root / "corpus") == []


def test_missing_file_and_bad_date(tmp_path):
    root = project(tmp_path, SEED)
    r = run_cli("add", root / "seeds/nope.txt", "--id", "nope-001", "--corpus", root / "corpus")
    assert r.returncode == 1 and "no such file" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("add", root / "seeds" / SEED.name, "--id", "seed-000", "--published", "2025-02-30",
            "--corpus", root / "corpus")
    assert r.returncode == 2 and "not a calendar date" in r.stderr
    assert listing(root / "corpus") == []


def test_seed_outside_seeds_is_copied_unchanged(tmp_path):
    root = project(tmp_path)
    r = run_cli("add", RAW / "messy.txt", "--id", "messy-001", "--corpus", root / "corpus")
    assert r.returncode == 0, r.stderr
    assert "copied" in r.stdout
    assert (root / "seeds/messy.txt").read_bytes() == (RAW / "messy.txt").read_bytes()
    rec = json.loads((root / "corpus/messy-001.json").read_text(encoding="utf-8"))
    assert rec["source"]["seed"]["file"] == "seeds/messy.txt"


def test_provenance_sidecar_and_overrides(tmp_path):
    root = project(tmp_path, SEED)
    raw = SEED.read_bytes()
    sidecar = {
        "file": SEED.name, "sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw),
        "outlet": None, "url": None, "authors": [], "title": None,
        "published": {"date": "2025-06-30", "precision": "day", "basis": "inferred",
                      "evidence": [{"url": "https://example.org/a", "published": "2025-06-29",
                                    "note": "test evidence"}], "note": "test"},
        "retrieved": "2025-07-01", "rights": {"status": "unknown", "note": "test"},
        "notes": ["Outlet unknown (test sidecar)."],
    }
    (root / "seeds" / (SEED.stem + ".provenance.json")).write_text(json.dumps(sidecar), encoding="utf-8")
    args = ["add", root / "seeds" / SEED.name, "--corpus", root / "corpus"]
    assert run_cli(*args, "--id", "seed-000").returncode == 0
    src = json.loads((root / "corpus/seed-000.json").read_text(encoding="utf-8"))["source"]
    assert src["published"] == sidecar["published"] and src["retrieved"] == "2025-07-01"
    assert src["notes"] == sidecar["notes"] and src["rights"] == sidecar["rights"]
    assert run_cli(*args, "--id", "seed-001", "--published", "2025-06", "--title", "A title").returncode == 0
    rec = json.loads((root / "corpus/seed-001.json").read_text(encoding="utf-8"))
    assert rec["title"] == "A title"
    assert rec["source"]["published"]["precision"] == "month" and rec["source"]["published"]["basis"] == "stated"
    assert draft_errors(rec) == []


def test_sidecar_for_another_file_is_refused(tmp_path):
    root = project(tmp_path, SEED)
    (root / "seeds" / (SEED.stem + ".provenance.json")).write_text(json.dumps({"sha256": "0" * 64}))
    r = run_cli("add", root / "seeds" / SEED.name, "--id", "seed-000", "--corpus", root / "corpus")
    assert r.returncode == 1 and "another file" in r.stderr
    assert listing(root / "corpus") == []


def test_malformed_sidecar_is_refused(tmp_path):
    root = project(tmp_path, SEED)
    sidecar = {"sha256": hashlib.sha256(SEED.read_bytes()).hexdigest(), "url": "not a url",
               "published": {"date": "30 June 2025"}}
    (root / "seeds" / (SEED.stem + ".provenance.json")).write_text(json.dumps(sidecar), encoding="utf-8")
    r = run_cli("add", root / "seeds" / SEED.name, "--id", "seed-000", "--corpus", root / "corpus")
    assert r.returncode == 1 and "/source/url" in r.stderr and "/source/published" in r.stderr
    assert listing(root / "corpus") == []
