"""`newsframes export croissant`: the JSON-LD validates with mlcroissant, its records
equal the Parquet rows, the output is deterministic and a wrong sha256 is caught."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

mlc = pytest.importorskip("mlcroissant")
pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

from newsframes.cli import main  # noqa: E402
from newsframes.export import export_croissant  # noqa: E402
from newsframes.export.croissant import CroissantError, verify_croissant  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REAL_CORPUS = ROOT / "corpus"

GENRES = ["reporting", "opinion", "satire"]
SCHEMA = pa.schema([
    ("id", pa.string()),
    ("genre", pa.int64()),
    ("frames", pa.list_(pa.string())),
    ("n_tokens", pa.int32()),
    ("score", pa.float64()),
    ("source", pa.struct([("outlet", pa.string()),
                          ("published", pa.struct([("date", pa.string()), ("precision", pa.string())])),
                          ("authors", pa.list_(pa.string()))])),
    ("claims", pa.list_(pa.struct([
        ("id", pa.string()), ("start", pa.int32()), ("end", pa.int32()), ("checkworthy", pa.bool_()),
        ("cue", pa.struct([("start", pa.int32()), ("text", pa.string())])),
        ("verdict", pa.struct([("label", pa.string()), ("evidence", pa.list_(pa.struct([("url", pa.string())])))])),
    ]))),
    ("entities", pa.list_(pa.struct([
        ("id", pa.string()), ("type", pa.string()),
        ("roles", pa.list_(pa.struct([("main", pa.string()), ("fine", pa.list_(pa.string()))]))),
    ]))),
]).with_metadata({b"huggingface": json.dumps({"info": {"features": {
    "genre": {"names": GENRES, "_type": "ClassLabel"}}}}).encode()})

ROWS = {
    "train": [
        {"id": "art-a", "genre": 0, "frames": ["Political", "Economic"], "n_tokens": 120, "score": 0.25,
         "source": {"outlet": None, "published": {"date": "2025-06-30", "precision": "day"}, "authors": []},
         "claims": [
             {"id": "c1", "start": 0, "end": 9, "checkworthy": True, "cue": None,
              "verdict": {"label": "unverified", "evidence": []}},
             {"id": "c2", "start": 12, "end": 30, "checkworthy": False, "cue": {"start": 31, "text": "officials said"},
              "verdict": {"label": "refuted", "evidence": [{"url": "https://example.org/e"}]}}],
         "entities": [{"id": "e1", "type": "PERSON", "roles": [{"main": "Protagonist", "fine": ["Guardian"]}]}]},
        {"id": "art-b", "genre": 1, "frames": [], "n_tokens": 7, "score": None,
         "source": {"outlet": "Example Daily", "published": {"date": None, "precision": None}, "authors": ["A", "B"]},
         "claims": [], "entities": []},
    ],
    "test": [
        {"id": "art-c", "genre": 2, "frames": ["Morality"], "n_tokens": 0, "score": 1.5,
         "source": {"outlet": None, "published": {"date": "2025-07", "precision": "month"}, "authors": ["Ć Ü"]},
         "claims": [], "entities": [{"id": "e1", "type": "GPE", "roles": []}]},
    ],
}
MENTION_SCHEMA = pa.schema([("article_id", pa.string()), ("start", pa.int64()), ("text", pa.string())])
MENTION_ROWS = {"train": [{"article_id": "art-a", "start": 3, "text": "Lakeside"}],
                "test": [{"article_id": "art-c", "start": 0, "text": "Examplia"}]}


def _write_data(data: Path) -> Path:
    for config, schema, rows in (("articles", SCHEMA, ROWS), ("mentions", MENTION_SCHEMA, MENTION_ROWS)):
        (data / config).mkdir(parents=True)
        for split, split_rows in rows.items():
            pq.write_table(pa.Table.from_pylist(split_rows, schema=schema),
                           data / config / f"{split}-00000-of-00001.parquet")
    return data


@pytest.fixture()
def data_dir(tmp_path):
    return _write_data(tmp_path / "data")


def _strip(value, prefix: str):
    """mlcroissant record -> plain Python: ids without the record-set prefix, text decoded."""
    if isinstance(value, dict):
        return {k.rsplit("/", 1)[-1]: _strip(v, prefix) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip(v, prefix) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return value


def _nested_list(t) -> bool:
    return pa.types.is_list(t) and (pa.types.is_struct(t.value_type) or pa.types.is_list(t.value_type))


def _flatten(d: dict | None, struct_type, prefix: str = "") -> dict:
    """A struct value as dotted leaves; a null struct gives null leaves; lists of
    structs or lists inside it are left out (mlcroissant reads one list level)."""
    out = {}
    for child in struct_type:
        path = prefix + child.name
        if _nested_list(child.type):
            continue
        v = None if d is None else d[child.name]
        if pa.types.is_struct(child.type):
            out.update(_flatten(v, child.type, path + "."))
        else:
            out[path] = v
    return out


def _expected(schema, split: str, row: dict) -> dict:
    """A Parquet row as Croissant describes it: structs flattened to dotted sub-fields,
    two-level list nesting left out, plus the split from the file name."""
    out = {}
    for field in schema:
        v, t = row[field.name], field.type
        if pa.types.is_list(t) and pa.types.is_list(t.value_type):
            continue  # a list of lists: left out
        if pa.types.is_struct(t):
            out[field.name] = _flatten(v, t)
        elif pa.types.is_list(t) and pa.types.is_struct(t.value_type):
            out[field.name] = [_flatten(item, t.value_type) for item in v]
        else:
            out[field.name] = v
    out["split"] = split
    return out


def _expected_rows(data_dir: Path, config: str) -> list[dict]:
    rows = []
    for p in sorted((data_dir / config).glob("*.parquet")):
        table = pq.read_table(p)
        rows += [_expected(table.schema, p.name.split("-")[0], r) for r in table.to_pylist()]
    return rows


def _records(jsonld: Path, record_set: str) -> list[dict]:
    ds = mlc.Dataset(jsonld=jsonld)
    return [_strip(r, record_set) for r in ds.records(record_set=record_set)]


def test_validates_and_records_equal_parquet_rows(data_dir):
    out = data_dir / "croissant.json"
    export_croissant(data_dir, out, version="1.2.3", cite_as="@misc{x, title={t}}")
    ds = mlc.Dataset(jsonld=out)
    assert not ds.metadata.issues.errors, ds.metadata.issues.report()
    for config in ("articles", "mentions"):
        expected = _expected_rows(data_dir, config)
        got = _records(out, config)
        key = (lambda r: (r["split"], r.get("id") or r.get("article_id")))
        # empty lists of structs read back as []; flattened struct leaves as dotted keys
        assert sorted(got, key=key) == sorted(expected, key=key)
        assert len(got) == sum(pq.ParquetFile(p).metadata.num_rows for p in (data_dir / config).glob("*.parquet"))


def test_document_shape(data_dir):
    out = data_dir / "croissant.json"
    export_croissant(data_dir, out, version="1.2.3", cite_as="@misc{x, title={t}}", date_published="2026-01-31")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    assert (doc["version"], doc["citeAs"], doc["datePublished"]) == ("1.2.3", "@misc{x, title={t}}", "2026-01-31")
    assert doc["license"] == "https://creativecommons.org/licenses/by/4.0/"
    objects = {d["contentUrl"]: d for d in doc["distribution"] if d["@type"] == "cr:FileObject"}
    assert sorted(objects) == ["articles/test-00000-of-00001.parquet", "articles/train-00000-of-00001.parquet",
                               "mentions/test-00000-of-00001.parquet", "mentions/train-00000-of-00001.parquet"]
    for url, d in objects.items():
        assert len(d["sha256"]) == 64 and d["encodingFormat"] == "application/x-parquet"
    sets = [d["includes"] for d in doc["distribution"] if d["@type"] == "cr:FileSet"]
    assert sets == ["articles/*.parquet", "mentions/*.parquet"]
    articles = next(rs for rs in doc["recordSet"] if rs["@id"] == "articles")
    assert "claims.verdict.evidence" in articles["description"] and "entities.roles" in articles["description"]
    genre = next(f for f in articles["field"] if f["name"] == "genre")
    assert genre["dataType"] == "sc:Integer" and "0=reporting, 1=opinion, 2=satire" in genre["description"]


def test_metadata_in_a_parent_folder(data_dir, tmp_path, capsys):
    out = tmp_path / "croissant.json"  # beside data/, as at the root of a Hub repository
    export_croissant(data_dir, out, version="1.0.0")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "data/articles/train-00000-of-00001.parquet" in {
        d["contentUrl"] for d in doc["distribution"] if d["@type"] == "cr:FileObject"}
    assert sorted(r["text"] for r in _records(out, "mentions")) == ["Examplia", "Lakeside"]
    # elsewhere, a FileSet could not be found by readers: refused
    with pytest.raises(CroissantError) as info:
        export_croissant(data_dir, tmp_path / "meta" / "c.json", version="1.0.0")
    assert info.value.code == "NFX206"


def test_deterministic(data_dir, tmp_path):
    export_croissant(data_dir, tmp_path / "a.json", version="1.0.0")
    export_croissant(data_dir, tmp_path / "b.json", version="1.0.0")
    a = (tmp_path / "a.json").read_bytes()
    assert a == (tmp_path / "b.json").read_bytes()
    assert b"datePublished" not in a


def test_wrong_sha256_is_detected(data_dir):
    out = data_dir / "croissant.json"
    export_croissant(data_dir, out, version="1.0.0")
    assert verify_croissant(out) == []
    doc = json.loads(out.read_text(encoding="utf-8"))
    target = next(d for d in doc["distribution"] if d.get("contentUrl") == "mentions/test-00000-of-00001.parquet")
    target["sha256"] = "0" * 64
    out.write_text(json.dumps(doc), encoding="utf-8")
    problems = verify_croissant(out)
    assert len(problems) == 1 and "sha256" in problems[0] and "mentions/test" in problems[0]


def test_changed_file_after_export_is_detected(data_dir):
    out = data_dir / "croissant.json"
    export_croissant(data_dir, out, version="1.0.0")
    p = data_dir / "mentions" / "train-00000-of-00001.parquet"
    pq.write_table(pa.Table.from_pylist([{"article_id": "art-z", "start": 1, "text": "Other"}],
                                        schema=MENTION_SCHEMA), p)
    problems = verify_croissant(out)
    assert any("mentions/train" in x and "sha256" in x for x in problems)


def test_stale_manifest_is_refused(data_dir, tmp_path):
    p = data_dir / "mentions" / "train-00000-of-00001.parquet"
    (data_dir / "MANIFEST.json").write_text(json.dumps({"files": [
        {"path": "mentions/train-00000-of-00001.parquet", "sha256": "f" * 64, "rows": 1}]}), encoding="utf-8")
    with pytest.raises(CroissantError) as info:
        export_croissant(data_dir, tmp_path / "c.json", version="1.0.0")
    assert info.value.code == "NFX203" and not (tmp_path / "c.json").exists()
    assert p.exists()


def test_cli_errors_and_success(tmp_path, data_dir, capsys):
    assert main(["export", "croissant", "--out", str(tmp_path / "x.json"), "--data", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err
    assert "NFX201" in err and "Traceback" not in err
    assert main(["export", "croissant", "--out", str(data_dir / "c.json"), "--data", str(data_dir),
                 "--version", "9.9.9"]) == 0
    assert json.loads((data_dir / "c.json").read_text(encoding="utf-8"))["version"] == "9.9.9"


def _real_build(tmp_path: Path) -> Path:
    """`newsframes build` of the real corpus/ into tmp_path/data (the build's own layout)."""
    if not any(REAL_CORPUS.glob("*.json")):
        pytest.skip("corpus/ has no records yet")
    shutil.copytree(REAL_CORPUS, tmp_path / "corpus")
    if (REAL_CORPUS.parent / "annotations").is_dir():  # the gold names its annotation passes
        shutil.copytree(REAL_CORPUS.parent / "annotations", tmp_path / "annotations")
    assert main(["build", "--corpus", str(tmp_path / "corpus")]) == 0
    return tmp_path / "data"


def test_real_build(tmp_path):
    data = _real_build(tmp_path)
    out = data / "croissant.json"
    export_croissant(data, out, version="1.0.0")
    assert verify_croissant(out) == []
    ds = mlc.Dataset(jsonld=out)
    assert not ds.metadata.issues.errors, ds.metadata.issues.report()
    doc = json.loads(out.read_text(encoding="utf-8"))
    manifest = json.loads((data / "MANIFEST.json").read_text(encoding="utf-8"))
    assert sorted(rs["@id"] for rs in doc["recordSet"]) == sorted(manifest["configs"])
    for rs in doc["recordSet"]:
        got = _records(out, rs["@id"])
        expected = _expected_rows(data, rs["@id"])
        assert len(got) == sum(manifest["configs"][rs["@id"]].values())
        key = (lambda r: json.dumps(r, sort_keys=True, default=str))
        assert sorted(got, key=key) == sorted(expected, key=key)
    # a file changed after the build: MANIFEST.json no longer agrees, export refuses
    victim = sorted(data.glob("mentions/*.parquet"))[0]
    pq.write_table(pq.read_table(victim).slice(0, 1), victim)
    with pytest.raises(CroissantError) as info:
        export_croissant(data, tmp_path / "again.json", version="1.0.0")
    assert info.value.code == "NFX203"


def test_the_build_writes_what_export_writes(tmp_path):
    """The build writes croissant.json from the facts it has (file digests, and record
    sets from the cached features, no Parquet opened); reading the files gives the same."""
    from newsframes.export.croissant import build_croissant, manifest_terms

    data = _real_build(tmp_path)
    text = (data / "croissant.json").read_text(encoding="utf-8")
    built = json.loads(text)
    # description, licences and citation: what MANIFEST.json records (no CITATION.cff in tmp_path)
    fresh = build_croissant(data, data / "croissant.json", version=built["version"], **manifest_terms(data, None))
    assert built["recordSet"] and built == fresh
    # written by orjson, as the standard library would write it
    assert text == json.dumps(fresh, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_repository_data_carries_its_croissant():
    """`newsframes build` writes data/croissant.json: it names every Parquet file with
    the right sha256, mlcroissant accepts it, and its records equal the Parquet rows."""
    data = ROOT / "data"
    out = data / "croissant.json"
    assert out.is_file(), "run `newsframes build`"
    assert verify_croissant(out) == []
    ds = mlc.Dataset(jsonld=out)
    assert not ds.metadata.issues.errors, ds.metadata.issues.report()
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["version"] == json.loads((data / "MANIFEST.json").read_text(encoding="utf-8"))["version"]
    for rs in doc["recordSet"]:
        key = (lambda r: json.dumps(r, sort_keys=True, default=str))
        assert sorted(_records(out, rs["@id"]), key=key) == sorted(_expected_rows(data, rs["@id"]), key=key)
