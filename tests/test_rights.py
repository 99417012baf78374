"""Rights-aware building (schema/rights.json): the policy file, the text-withheld build of
the repository's corpus (no withheld text anywhere in what it writes), `newsframes
rehydrate` (back to a full-text build byte for byte; tampered copies refused), and what
`publish --dry-run` shows. The repository's seed has rights status `unknown`.

Tests of a tool's behaviour work on the seed alone (selected by its id); tests of the
repository's data check every article of corpus/, whatever it holds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_build_support import isolate, make_project, run_cli, snapshot

from newsframes.dataset.card import split_front_matter
from newsframes.rights import RightsError, load_policy, parse_policy, schema_statuses

REPO = Path(__file__).resolve().parents[1]
ARTICLE = "lavrov-kyrgyzstan-visit"


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


def _repo_project(tmp_path: Path, name: str = "proj", *, with_fixture: bool = False,
                  whole_corpus: bool = False) -> Path:
    """A throw-away project holding the seed article (selected by its id; `whole_corpus`:
    every article of the repository's corpus instead), with its raw seed files and its
    annotation passes (and, `with_fixture`, the public-domain fixture records too) and card
    prose."""
    if with_fixture:
        root = make_project(tmp_path / name)
    else:
        root = tmp_path / name / "proj"
        (root / "corpus").mkdir(parents=True)
        (root / "README.md").write_text("# Demo\n\nProse.\n", encoding="utf-8")
    ids = _ids(REPO / "corpus") if whole_corpus else [ARTICLE]
    (root / "seeds").mkdir()
    for aid in ids:
        for ext in ("json", "txt"):
            shutil.copyfile(REPO / "corpus" / f"{aid}.{ext}", root / "corpus" / f"{aid}.{ext}")
        seed = REPO / _record(REPO / "corpus", aid)["source"]["seed"]["file"]
        for p in (seed, seed.with_name(seed.stem + ".provenance.json")):
            if p.is_file():
                shutil.copyfile(p, root / "seeds" / p.name)
        if (REPO / "annotations" / aid).is_dir():  # the gold names its passes
            shutil.copytree(REPO / "annotations" / aid, root / "annotations" / aid)
    return root


def _ids(corpus: Path) -> list[str]:
    return sorted(p.stem for p in corpus.glob("*.json"))


def _record(corpus: Path, aid: str) -> dict:
    return json.loads((corpus / f"{aid}.json").read_text(encoding="utf-8"))


def _withheld(corpus: Path) -> list[str]:
    """Ids of the articles of `corpus` whose text the rights policy withholds, in id order."""
    policy = load_policy()
    return [aid for aid in _ids(corpus)
            if not policy.text_allowed(_record(corpus, aid)["source"]["rights"]["status"])]


def _sentences(aid: str = ARTICLE, corpus: Path = REPO / "corpus") -> list[str]:
    """A few distinctive sentences of an article's text (and one short claim span)."""
    text = (corpus / f"{aid}.txt").read_text(encoding="utf-8")
    record = _record(corpus, aid)
    sents = [text[s["start"]:s["end"]] for s in record["structure"]["sentences"]]
    picks = [sents[0], sents[len(sents) // 2], sents[-1], *[c["text"] for c in record["claims"][:1]]] if sents else []
    # a phrase of each, long enough to be distinctive (a few words of a note may quote the text)
    return [p[:60] for p in picks if len(p) >= 40]


def _everything(folder: Path, card: Path) -> str:
    """Every string a reader of the output can see: Parquet values (decompressed), and
    the bytes of every other file (JSONL, MANIFEST.json, croissant.json), and the card."""
    parts = [card.read_text(encoding="utf-8")]
    for p in sorted(folder.rglob("*")):
        if p.suffix == ".parquet":
            parts.append(json.dumps(pq.read_table(p).to_pylist(), ensure_ascii=False))
            parts.append(p.read_bytes().decode("latin-1"))
        elif p.is_file():
            parts.append(p.read_bytes().decode("utf-8"))
    return "\n".join(parts)


# --- the policy file -----------------------------------------------------------------


def test_policy_default_statuses():
    policy = load_policy()
    assert sorted(policy.allows) == sorted(schema_statuses())
    assert {s for s, ok in policy.allows.items() if ok} == {"public-domain", "licensed", "permission"}
    assert set(policy.withheld_statuses) == {"unknown", "fair-use-claimed"}


def test_policy_problems_are_located_all_at_once():
    doc = json.loads((REPO / "schema" / "rights.json").read_text(encoding="utf-8"))
    del doc["statuses"]["unknown"]
    doc["statuses"]["stolen"] = {"text": False, "why": "x"}
    doc["statuses"]["licensed"]["text"] = "yes"
    doc["extra"] = 1
    with pytest.raises(RightsError) as err:
        parse_policy(json.dumps(doc).encode(), schema_statuses(), "schema/rights.json")
    problems = err.value.problems
    assert len(problems) == 4, problems
    joined = "\n".join(problems)
    assert "schema/rights.json: /statuses/stolen: NF-RIGHTS-002 unknown rights status 'stolen'" in joined
    assert "/statuses/licensed/text: NF-RIGHTS-003" in joined
    assert "NF-RIGHTS-004 no entry for the rights status 'unknown'" in joined
    assert "/extra: NF-RIGHTS-003 unknown key" in joined


def test_policy_not_json():
    with pytest.raises(RightsError, match="NF-RIGHTS-001"):
        parse_policy(b"{", schema_statuses(), "schema/rights.json")


# --- the withheld build --------------------------------------------------------------


def _rows(folder: Path, cfg: str) -> list[dict]:
    return [row for p in sorted((folder / cfg).glob("*.parquet")) for row in pq.read_table(p).to_pylist()]


def test_withheld_build_of_the_repository_corpus_holds_none_of_its_text(tmp_path):
    """Every article of the repository's corpus: a withheld one's text is nowhere in the
    withheld build, and is in the full-text build; its rows keep only the hashes."""
    root = _repo_project(tmp_path, whole_corpus=True)
    corpus = root / "corpus"
    withheld = _withheld(corpus)
    assert ARTICLE in withheld  # the seed's rights are unknown
    assert len(_sentences()) >= 3
    assert run_cli(root, "build") == 0
    full_out = tmp_path / "full" / "data"
    assert run_cli(root, "build", "--full-text", "--out", str(full_out), "--card", str(full_out.parent / "README.md")) == 0
    seen = _everything(root / "data", root / "README.md")
    full = _everything(full_out, full_out.parent / "README.md")
    for aid in _ids(corpus):
        for s in _sentences(aid, corpus):
            assert s in full, (aid, s)  # the scan finds the text where it is...
            assert (s in seen) is (aid not in withheld), (aid, s)  # ...and nowhere in the withheld build
    man = json.loads((root / "data" / "MANIFEST.json").read_text(encoding="utf-8"))
    assert man["text_withheld"] == [{"id": aid, "text_sha256": _record(corpus, aid)["text_sha256"],
                                     "text_status": "withheld:rights-" + _record(corpus, aid)["source"]["rights"]["status"]}
                                    for aid in withheld]
    rows = {r["id"]: r for r in _rows(root / "data", "articles")}
    assert sorted(rows) == _ids(corpus)
    for aid in withheld:
        row = rows[aid]
        assert row["text"] is None and row["text_status"].startswith("withheld:rights-")
        assert row["text_sha256"] == _record(corpus, aid)["text_sha256"]
        assert all(m["text"] is None for m in row["mentions"])
    assert rows[ARTICLE]["mentions"]
    for cfg in ("mentions", "claims", "techniques"):
        spans = [r for r in _rows(root / "data", cfg) if r["article_id"] in withheld]
        assert spans or cfg != "mentions"
        for r in spans:
            assert r["text_status"].startswith("withheld:rights-") and r["text"] is None and r["context"] is None
            assert r["text_sha256"] and r["context_sha256"]


def test_repository_data_is_the_withheld_build():
    """The committed data/, card and datasheet are the withheld build: none of the text of
    any withheld article of the corpus."""
    seen = _everything(REPO / "data", REPO / "README.md") + (REPO / "DATASHEET.md").read_text(encoding="utf-8")
    withheld = _withheld(REPO / "corpus")
    assert ARTICLE in withheld
    for aid in withheld:
        for s in _sentences(aid):
            assert s not in seen, (aid, s)
    man = json.loads((REPO / "data" / "MANIFEST.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in man["text_withheld"]] == withheld


def test_withheld_build_of_an_all_public_corpus_equals_the_full_build(tmp_path):
    root = make_project(tmp_path)  # the fixture records are public-domain
    assert run_cli(root, "build") == 0
    assert run_cli(root, "build", "--full-text", "--out", str(tmp_path / "full" / "data"),
                   "--card", str(tmp_path / "full" / "README.md")) == 0
    assert snapshot(root / "data") == snapshot(tmp_path / "full" / "data")
    front = [split_front_matter(p.read_text(encoding="utf-8"))[0] for p in (root / "README.md",
                                                                           tmp_path / "full" / "README.md")]
    assert front[0] and front[0] == front[1]


def test_withheld_build_loads_offline_typed(tmp_path):
    from test_load_dataset import load_in_subprocess

    root = _repo_project(tmp_path)
    assert run_cli(root, "build") == 0
    got = load_in_subprocess(root, tmp_path)
    for cfg in ("articles", "mentions", "claims", "techniques"):
        assert got[cfg]["features_equal"] and got[cfg]["streaming_equal"], cfg
    first = got["articles"]["first_row"]
    assert first["text"] is None and first["text_status"] == "withheld:rights-unknown"
    assert got["claims"]["first_row"]["context"] is None and got["claims"]["first_row"]["context_sha256"]


def test_check_fails_on_a_full_text_data_folder(tmp_path, capsys):
    root = _repo_project(tmp_path)
    assert run_cli(root, "build", "--full-text") == 0
    capsys.readouterr()
    assert run_cli(root, "build", "--check") == 1
    assert "data/articles/train-00000-of-00001.parquet: differs" in capsys.readouterr().err
    assert run_cli(root, "build", "--check", "--full-text") == 0


# --- rehydrate -----------------------------------------------------------------------


def _rehydrate(capsys, data: Path, texts: Path):
    from newsframes.cli import main

    capsys.readouterr()
    rc = main(["rehydrate", "--texts", str(texts), "--data", str(data)])
    return rc, capsys.readouterr()


@pytest.mark.parametrize("copies", ["seeds", "normalised"])
def test_rehydrate_gives_back_the_full_build_byte_for_byte(tmp_path, capsys, copies):
    root = _repo_project(tmp_path, with_fixture=True)  # one withheld article (the seed), two public ones
    assert _withheld(root / "corpus") == [ARTICLE]
    assert run_cli(root, "build") == 0
    assert run_cli(root, "build", "--full-text", "--out", str(tmp_path / "full" / "data"),
                   "--card", str(tmp_path / "full" / "README.md")) == 0
    full = snapshot(tmp_path / "full" / "data")
    full_card = split_front_matter((tmp_path / "full" / "README.md").read_text(encoding="utf-8"))[0]
    assert snapshot(root / "data") != full
    texts = root / "seeds"
    if copies == "normalised":  # normalised texts under another name, in a sub-folder
        texts = tmp_path / "mine"
        (texts / "sub").mkdir(parents=True)
        shutil.copyfile(root / "corpus" / f"{ARTICLE}.txt", texts / "sub" / "copy.txt")
    rc, out = _rehydrate(capsys, root / "data", texts)
    assert rc == 0, out.err
    assert "restored the text of 1 article(s)" in out.out
    assert snapshot(root / "data") == full  # every file, byte for byte
    assert split_front_matter((root / "README.md").read_text(encoding="utf-8"))[0] == full_card  # its sizes too
    assert run_cli(root, "build", "--check", "--full-text") == 0
    assert not [p for p in (root).iterdir() if p.name.startswith(".data.")]  # no temporary folder left
    rc, out = _rehydrate(capsys, root / "data", texts)  # again: nothing withheld any more
    assert rc == 0 and "nothing to do" in out.out


def test_rehydrate_refuses_a_tampered_copy_and_writes_nothing(tmp_path, capsys):
    root = _repo_project(tmp_path)
    assert run_cli(root, "build") == 0
    before = snapshot(root / "data")
    card = (root / "README.md").read_bytes()
    seed = next((root / "seeds").glob("*.txt"))
    raw = seed.read_bytes()
    seed.write_bytes(raw.replace(b"Lavrov", b"Lavrow", 1))
    rc, out = _rehydrate(capsys, root / "data", root / "seeds")
    assert rc == 1
    record = json.loads((root / "corpus" / f"{ARTICLE}.json").read_text(encoding="utf-8"))
    assert f"article {ARTICLE}: {seed}: sha256 of its normalised text is " in out.err
    assert f"expected {record['text_sha256']}" in out.err
    assert "nothing was written" in out.err
    assert snapshot(root / "data") == before and (root / "README.md").read_bytes() == card
    seed.unlink()  # no copy at all: said so, by name
    rc, out = _rehydrate(capsys, root / "data", root / "seeds")
    assert rc == 1 and f"article {ARTICLE}: no file in" in out.err and f"sha256 {record['text_sha256']}" in out.err


def test_rehydrate_checks_every_span_hash(tmp_path, capsys):
    """A span whose recorded sha256 does not fit the restored text (changed data): refused,
    located by file, row, article and span; nothing written, no temporary folder left."""
    root = _repo_project(tmp_path)
    assert run_cli(root, "build") == 0
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = root / "data" / "claims" / "train-00000-of-00001.parquet"
    table = pq.read_table(path)
    rows = table.to_pylist()
    row = rows[1]
    row["context_sha256"] = "0" * 64
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)
    before = snapshot(root / "data")
    rc, out = _rehydrate(capsys, root / "data", root / "seeds")
    assert rc == 1
    assert (f"data/claims/train-00000-of-00001.parquet row 2: article {ARTICLE}, claim {row['id']}: "
            f"context: sha256 {'0' * 64} expected") in out.err
    assert snapshot(root / "data") == before
    assert not [p for p in root.iterdir() if p.name.startswith(".data.")]


def test_rehydrate_without_a_data_folder(tmp_path, capsys):
    rc, out = _rehydrate(capsys, tmp_path / "nowhere", tmp_path)
    assert rc == 2 and "no MANIFEST.json" in out.err


# --- publish -------------------------------------------------------------------------


def _dry_run(root, capsys, *args):
    capsys.readouterr()
    rc = run_cli(root, "publish", "--repo-id", "example-org/newsframes", "--dry-run", *args)
    return rc, capsys.readouterr()


def _listing(out: str) -> dict[str, str]:
    return {parts[0]: parts[3] for parts in (line.split() for line in out.splitlines()[:-1])}


def test_publish_dry_run_shows_the_withheld_set(tmp_path, capsys):
    root = _repo_project(tmp_path, with_fixture=True)  # the seed (withheld) and the public fixtures
    assert run_cli(root, "build", "--release") == 0
    rc, out = _dry_run(root, capsys)
    assert rc == 0, out.err
    listed = _listing(out.out)
    data = {p: t for p, t in listed.items() if p.startswith("data/")}
    assert data["data/MANIFEST.json"] == "-" and data["data/croissant.json"] == "-"
    shards = {p: t for p, t in data.items() if p.endswith(".parquet")}
    assert not [p for p in data if p.endswith(".jsonl")]  # no JSON Lines mirror (issue 26)
    # the train shards hold the withheld article (and, for articles, a public-domain one)
    assert shards["data/articles/train-00000-of-00001.parquet"] == "partly-withheld(1/2)"
    assert any(t == "text" for t in shards.values())  # the other split's shards carry text
    assert listed["README.md"] == "-"
    assert "withhold some or all of it; nothing was sent" in out.out.splitlines()[-1]
    # the passes of a withheld article quote its text in every span: not sent either
    assert not [p for p in listed if p.startswith(f"annotations/{ARTICLE}/")]
    assert f"not sent: annotations/{ARTICLE}/ (its annotation passes quote the withheld text)" in out.out


def test_publish_with_text_flag_uploads_a_full_text_build_and_says_so(tmp_path, capsys):
    from newsframes.dataset.project import Project
    from newsframes.release.publish import full_text_build

    root = _repo_project(tmp_path)  # the seed alone: its rights are unknown
    assert _withheld(root / "corpus") == [ARTICLE]
    assert run_cli(root, "build", "--release") == 0
    rc, out = _dry_run(root, capsys, "--with-text-of-unknown-rights")
    assert rc == 0, out.err
    shards = {p: t for p, t in _listing(out.out).items() if p.endswith(".parquet")}
    assert shards and set(shards.values()) == {"text"}
    assert f"annotations/{ARTICLE}/pass-2.json" in _listing(out.out)  # a full-text upload carries the passes
    assert "carries the text of 1 article(s) the rights policy withholds" in out.err
    rc, out = _dry_run(root, capsys)
    assert set(t for p, t in _listing(out.out).items() if p.endswith(".parquet")) == {"withheld"}
    data, card, n = full_text_build(Project(root / "corpus", root / "data", root), tmp_path / "pub")
    assert n == 1 and "published with `newsframes publish --with-text-of-unknown-rights`" in card.read_text("utf-8")


def test_publish_refuses_a_symlink_in_schema(tmp_path, capsys):
    """Issue 18 item 7: a link in the upload set to a file outside the project was listed
    (so uploaded) with that file's size and hash; now it is refused, located, and
    `build --check` reports it."""
    root = _repo_project(tmp_path)
    (root / "schema").mkdir()
    (root / "schema" / "README.md").write_text("schema docs\n", encoding="utf-8")
    outside = tmp_path / "secret.json"
    outside.write_text('{"token": "do-not-upload"}\n', encoding="utf-8")
    assert run_cli(root, "build", "--release") == 0
    (root / "schema" / "notes.json").symlink_to(outside)
    (root / "schema" / "more").symlink_to(tmp_path, target_is_directory=True)
    rc, out = _dry_run(root, capsys)
    assert rc == 1
    assert f"schema/notes.json: a symbolic link (to {outside})" in out.err
    assert "schema/more: a symbolic link" in out.err
    assert "do-not-upload" not in out.out + out.err and out.out == ""
    assert run_cli(root, "build", "--check") == 1
    err = capsys.readouterr().err
    assert "schema/notes.json: a symbolic link" in err and "schema/more: a symbolic link" in err


def test_publish_refuses_a_symlink_in_data(tmp_path, capsys):
    root = _repo_project(tmp_path)
    assert run_cli(root, "build", "--release") == 0
    target = root / "data" / "MANIFEST.json"
    moved = tmp_path / "MANIFEST.json"
    shutil.move(target, moved)
    target.symlink_to(moved)  # same bytes: only the link is wrong
    rc, out = _dry_run(root, capsys)
    assert rc == 1 and "data/MANIFEST.json: a symbolic link" in out.err


def test_schema_command_checks_the_policy(tmp_path, capsys):
    from newsframes.cli import main

    schema = tmp_path / "schema"
    shutil.copytree(REPO / "schema", schema)
    assert main(["schema", "--schema-dir", str(schema), "--check"]) == 0
    doc = json.loads((schema / "rights.json").read_text(encoding="utf-8"))
    doc["statuses"]["public_domain"] = doc["statuses"].pop("public-domain")  # a typo
    (schema / "rights.json").write_text(json.dumps(doc), encoding="utf-8")
    capsys.readouterr()
    assert main(["schema", "--schema-dir", str(schema), "--check"]) == 2
    err = capsys.readouterr().err
    assert "/statuses/public_domain: NF-RIGHTS-002 unknown rights status 'public_domain'" in err
    assert "NF-RIGHTS-004 no entry for the rights status 'public-domain'" in err
