"""`newsframes build --check` and release manifests (`build --release`)."""

from __future__ import annotations

import hashlib
import json

import pytest
from test_build_support import isolate, make_project, run_cli, snapshot

from newsframes import __version__
from newsframes.jsonio import write_record


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


@pytest.fixture
def built(tmp_path):
    root = make_project(tmp_path)
    assert run_cli(root, "build") == 0
    return root


def _check(root, capsys):
    capsys.readouterr()
    rc = run_cli(root, "build", "--check")
    return rc, capsys.readouterr()


def test_fresh_build_passes(built, capsys):
    rc, out = _check(built, capsys)
    assert rc == 0, out.err
    assert "up to date" in out.out


def test_stale_missing_extra_files_are_named(built, capsys):
    (built / "data/claims/train-00000-of-00001.parquet").write_text("{}\n", encoding="utf-8")
    (built / "data/techniques/validation-00000-of-00001.parquet").unlink()
    (built / "data/stray.txt").write_text("x", encoding="utf-8")
    rc, out = _check(built, capsys)
    assert rc == 1
    assert "data/claims/train-00000-of-00001.parquet: differs" in out.err
    assert "data/techniques/validation-00000-of-00001.parquet: missing" in out.err
    assert "data/stray.txt: extra" in out.err
    assert not [line for line in out.err.splitlines() if line.startswith("README.md")]


def test_stale_card_is_named(built, capsys):
    card = built / "README.md"
    card.write_text(card.read_text(encoding="utf-8").replace("config_name: claims", "config_name: claim"),
                    encoding="utf-8")
    rc, out = _check(built, capsys)
    assert rc == 1
    assert "README.md: its YAML front matter differs" in out.err
    assert not [line for line in out.err.splitlines() if line.startswith("data/")]


def test_corpus_edit_makes_data_stale(built, capsys):
    path = built / "corpus" / "fixture-valid-001.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["techniques"][0]["note"] = "an edited note"
    write_record(path, record)
    rc, out = _check(built, capsys)
    assert rc == 1
    assert "data/techniques/train-00000-of-00001.parquet: differs" in out.err
    assert "data/MANIFEST.json: differs" in out.err


def test_check_without_data(tmp_path, capsys):
    root = make_project(tmp_path)
    rc, out = _check(root, capsys)
    assert rc == 1 and "data/ is missing" in out.err


def test_release_manifest_written_once_and_guarded(built, capsys):
    assert run_cli(built, "build", "--release") == 0
    rel = built / "releases" / f"{__version__}.json"
    data = json.loads(rel.read_text(encoding="utf-8"))
    assert data["version"] == __version__
    assert [a["id"] for a in data["articles"]] == sorted(a["id"] for a in data["articles"])
    assert {a["split"] for a in data["articles"]} == {"train", "validation"}
    man = json.loads((built / "data/MANIFEST.json").read_text(encoding="utf-8"))
    assert data["corpus_digest"] == man["corpus_digest"]
    assert data["files"] == {p: {"sha256": f["sha256"], "rows": f["rows"]} for p, f in man["files"].items()}
    assert (man["release"], man["built_after"]) == (__version__, None)
    first = rel.read_bytes()
    assert run_cli(built, "build", "--release") == 0  # same data: unchanged, no error
    assert rel.read_bytes() == first
    assert _check(built, capsys)[0] == 0

    # released data changes without a version bump: --release refuses, --check fails
    path = built / "corpus" / "fixture-valid-001.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["genre"]["note"] = "changed after the release"
    write_record(path, record)
    data_before = snapshot(built / "data")
    capsys.readouterr()
    assert run_cli(built, "build", "--release") == 1
    err = capsys.readouterr().err
    assert "refusing --release" in err and "fixture-valid-001: record_sha256 changed" in err
    assert rel.read_bytes() == first
    assert snapshot(built / "data") == data_before  # refused before writing anything
    # a plain build (a contribution) goes on: the data is marked unreleased, --check passes
    assert run_cli(built, "build") == 0
    assert f"unreleased, built after {__version__}" in capsys.readouterr().out
    man = json.loads((built / "data/MANIFEST.json").read_text(encoding="utf-8"))
    assert (man["release"], man["built_after"], man["version"]) == (None, __version__, __version__)
    rc, out = _check(built, capsys)
    assert rc == 0, out.err
    assert rel.read_bytes() == first


def test_file_from_another_pyarrow_writer_is_kept(built, capsys):
    """Same content written by another pyarrow version (only `created_by` differs): the
    build keeps the committed bytes, so data/ and the release manifest do not churn."""
    import pyarrow.parquet as pq

    path = built / "data" / "claims" / "train-00000-of-00001.parquet"
    data = path.read_bytes()
    created = pq.ParquetFile(path).metadata.created_by.encode()
    other = created[:-1] + (b"9" if created[-1:] != b"9" else b"8")  # same length
    assert data.count(created) == 1
    path.write_bytes(data.replace(created, other))
    assert pq.ParquetFile(path).metadata.created_by.encode() == other
    foreign = path.read_bytes()
    capsys.readouterr()
    assert run_cli(built, "build") == 0
    assert "kept 1 Parquet file(s)" in capsys.readouterr().out
    assert path.read_bytes() == foreign
    manifest = json.loads((built / "data" / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["files"]["data/claims/train-00000-of-00001.parquet"]["sha256"] == hashlib.sha256(foreign).hexdigest()
    before = snapshot(built / "data")
    rc, out = _check(built, capsys)
    assert rc == 0, out.err
    assert run_cli(built, "build") == 0
    assert snapshot(built / "data") == before


def test_check_of_an_out_folder_without_a_card_with_withheld_text(tmp_path, capsys):
    """`build --out DIR` writes no card; its `--check` used to crash in the leak check
    (the card it read had no path) when a text was withheld."""
    from test_build_cache import synthetic_project

    root = synthetic_project(tmp_path, 3)  # copies of the seed: rights unknown, text withheld
    out = tmp_path / "elsewhere" / "data"
    assert run_cli(root, "build", "--out", str(out)) == 0
    capsys.readouterr()
    assert run_cli(root, "build", "--check", "--out", str(out)) == 0, capsys.readouterr().err


def test_which_writer_made_a_file_is_read_without_pyarrow(built, tmp_path):
    """A rebuild's adoption check reads the footer's `created_by` itself: this pyarrow's
    own file is not another writer's, a file whose footer names another version is, and a
    file that is no Parquet is too (the full comparison then decides); pyarrow is not
    imported for it (0.07 s of a one-edit rebuild)."""
    import subprocess
    import sys

    import pyarrow.parquet as pq

    ours = built / "data" / "claims" / "train-00000-of-00001.parquet"
    created = pq.ParquetFile(ours).metadata.created_by.encode()
    other = tmp_path / "other.parquet"
    other.write_bytes(ours.read_bytes().replace(created, created[:-1] + (b"9" if created[-1:] != b"9" else b"8")))
    longer = tmp_path / "longer.parquet"  # 26.0.1 -> 26.0.10: not the same version
    data = ours.read_bytes()
    n = len(created)
    data = data.replace(bytes([n]) + created, bytes([n + 1]) + created + b"0")  # its Thrift length too
    footer = int.from_bytes(data[-8:-4], "little") + 1
    longer.write_bytes(data[:-8] + footer.to_bytes(4, "little") + b"PAR1")
    assert pq.ParquetFile(longer).metadata.created_by.encode() == created + b"0"
    junk = tmp_path / "junk.parquet"
    junk.write_bytes(b"PAR1 not a parquet file PAR1")
    code = ("import json, sys; from newsframes.dataset.writer import _other_writer; "
            f"print(json.dumps([_other_writer(p) for p in {[str(ours), str(other), str(longer), str(junk)]!r}]"
            " + ['pyarrow' in sys.modules]))")
    got = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert json.loads(got) == [False, True, True, True, False]
