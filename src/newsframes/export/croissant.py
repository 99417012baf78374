"""Croissant 1.0 JSON-LD metadata describing the Parquet files that `newsframes build`
writes to `data/<config>/<split>-NNNNN-of-NNNNN.parquet`.

Layout of the document:
- `distribution`: one `cr:FileObject` per Parquet file (relative `contentUrl`, `sha256`,
  `contentSize`), and one `cr:FileSet` per config (`includes` = that config's Parquet
  files) which the record set reads.
- `recordSet`: one per config. One `cr:Field` per Parquet column, typed from the Arrow
  schema; a `split` field taken from the file name (unless the table has its own
  `split` column). Nesting that mlcroissant can read is described with `subField`:
  a struct column, a list-of-struct column (`repeated`), lists of scalars anywhere,
  and structs inside those (flattened into dotted sub-fields, e.g. `cue.start`).
  A list of structs inside a struct or list of structs (two repeated levels) cannot be
  read by mlcroissant 1.1 and is left out of the fields; `omitted_columns()` lists
  them and the record set description names them. The Parquet keeps every column.

The document is deterministic: sorted keys, files in path order, no timestamps.
Every path is relative to the folder of the output file (how mlcroissant resolves
`contentUrl`), which must therefore be `data/` or a folder above it: readers look for a
FileSet's files below the metadata file's folder (and walk all of it). `verify_croissant()` re-hashes the files a document names.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..digests import sha256_file
from ..jsonio import atomic_write_text
from .croissant_fields import FieldDescriber, class_labels

CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
PARQUET = "application/x-parquet"
SHARD_RE = re.compile(r"^(?P<split>[A-Za-z0-9_]+)-(?P<shard>\d{5})-of-(?P<count>\d{5})\.parquet\Z")
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"

# The Croissant 1.0 JSON-LD context (as mlcroissant writes it).
CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileObject": "cr:fileObject",
    "fileProperty": "cr:fileProperty",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


class CroissantError(Exception):
    def __init__(self, code: str, where: str, message: str):
        super().__init__(f"{where}: {code} {message}")
        self.code, self.where, self.message = code, where, message


def find_parquet_files(data_dir: Path) -> dict[str, list[Path]]:
    """config -> its Parquet shard files, sorted by path."""
    configs: dict[str, list[Path]] = {}
    for p in sorted(Path(data_dir).glob("*/*.parquet")):
        if SHARD_RE.match(p.name):
            configs.setdefault(p.parent.name, []).append(p)
    return configs


def _check_manifest(data_dir: Path, files: dict[Path, dict]) -> None:
    """When data/MANIFEST.json lists a file's sha256 or rows, they must agree."""
    manifest_path = data_dir / "MANIFEST.json"
    if not manifest_path.is_file():
        return
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CroissantError("NFX202", str(manifest_path), f"not valid JSON ({exc}); rerun `newsframes build`")
    entries = manifest.get("files") if isinstance(manifest, dict) else None
    if isinstance(entries, dict):
        entries = [dict(v, path=k) for k, v in entries.items()]
    for entry in entries or []:
        if not isinstance(entry, dict) or "path" not in entry:
            continue
        rel = Path(entry["path"])
        full = rel if rel.is_absolute() else data_dir / rel
        if not full.exists() and (data_dir.parent / rel).exists():
            full = data_dir.parent / rel
        info = files.get(full.resolve())
        if info is None:
            continue
        info_bytes = dict(info, bytes=full.stat().st_size)
        for key in ("sha256", "rows", "bytes"):
            if key in entry and entry[key] != info_bytes[key]:
                raise CroissantError("NFX203", f"{manifest_path}#{entry['path']}",
                                     f"{key} {entry[key]!r} in MANIFEST.json differs from the file "
                                     f"({info_bytes[key]!r}); data/ is stale: rerun `newsframes build`")


def record_set(config: str, schema) -> dict:
    """The `cr:RecordSet` of one config, from its Arrow schema (the same for every file)."""
    fileset_id = f"{config}-parquet"
    describer = FieldDescriber(config, fileset_id, class_labels(schema))
    fields = [f for f in (describer.field(a) for a in schema) if f is not None]
    if "split" not in schema.names:
        fields.append({
            "@type": "cr:Field", "@id": f"{config}/split", "name": "split", "dataType": "sc:Text",
            "description": "The split, from the Parquet file name.",
            "source": {"fileSet": {"@id": fileset_id}, "extract": {"fileProperty": "filename"},
                       "transform": {"regex": r"^([A-Za-z0-9_]+)-\d{5}-of-\d{5}\.parquet$"}},
        })
    desc = f"Config {config!r}: one record per Parquet row."
    if describer.omitted:
        desc += (" Left out of the fields (nested two list levels deep, which Croissant readers "
                 "cannot yet read; present in the Parquet): " + ", ".join(describer.omitted) + ".")
    return {"@type": "cr:RecordSet", "@id": config, "name": config, "description": desc, "field": fields}


def build_croissant(data_dir, out_file, *, version: str, name: str = "newsframes",
                    description: str | None = None, license: str | list[str] = DEFAULT_LICENSE,
                    url: str | None = None, cite_as: str | None = None,
                    date_published: str | None = None, known: dict | None = None,
                    record_sets: dict | None = None) -> dict:
    """The Croissant document (a dict) for the Parquet files under `data_dir`. `known`:
    "<config>/<file name>" -> {"sha256", "rows", "bytes"} of files whose facts the
    caller has (the build, which wrote them as regular files), so they are not read
    again. `record_sets`: config ->
    `record_set(config, schema)` of the schema the caller wrote those files with; with
    both for every file, no Parquet file is opened (nor pyarrow imported)."""
    data_dir, out_dir = Path(data_dir), Path(out_file).resolve().parent
    if not data_dir.resolve().is_relative_to(out_dir):
        raise CroissantError("NFX206", str(out_file),
                             f"must be written in {data_dir} or a folder above it (e.g. {data_dir}/croissant.json): "
                             "Croissant readers look for a FileSet's files below the metadata file's folder")
    configs = find_parquet_files(data_dir)
    if not configs:
        raise CroissantError("NFX201", str(data_dir),
                             "no Parquet files <config>/<split>-NNNNN-of-NNNNN.parquet found; run `newsframes build`")
    record_sets = record_sets or {}
    base = data_dir.resolve()
    info: dict[Path, dict] = {}
    distribution, sets = [], []
    for config in sorted(configs):
        paths = configs[config]
        schemas = {}
        for p in paths:
            if known is not None and f"{config}/{p.name}" in known:  # written by the build just now
                rp = base / config / p.name  # a regular file: no need to resolve it
                info[rp] = known[f"{config}/{p.name}"]
                if not schemas and config not in record_sets:
                    import pyarrow.parquet as pq

                    schemas[p] = pq.read_schema(p)
            else:
                import pyarrow.parquet as pq

                rp = p.resolve()
                pf = pq.ParquetFile(p)
                info[rp] = {"sha256": sha256_file(p), "rows": pf.metadata.num_rows}
                schemas[p] = pf.schema_arrow
            rel = Path(os.path.relpath(rp, out_dir)).as_posix()
            split = SHARD_RE.match(p.name)["split"]
            distribution.append({
                "@type": "cr:FileObject", "@id": f"{config}/{p.stem}", "name": f"{config}/{p.name}",
                "description": f"Config {config!r}, split {split!r}: {info[rp]['rows']} rows.",
                "contentUrl": rel, "contentSize": f"{info[rp].get('bytes', p.stat().st_size)} B",
                "encodingFormat": PARQUET, "sha256": info[rp]["sha256"],
            })
        if schemas:
            first = schemas[next(iter(schemas))]
            for p in list(schemas)[1:]:
                if not schemas[p].remove_metadata().equals(first.remove_metadata()):
                    raise CroissantError("NFX204", str(p),
                                         f"its columns differ from {paths[0].name}; rerun `newsframes build`")
        fileset_id = f"{config}-parquet"
        rel_dir = Path(os.path.relpath(paths[0].resolve().parent, out_dir)).as_posix()
        distribution.append({
            "@type": "cr:FileSet", "@id": fileset_id, "name": fileset_id,
            "description": f"The Parquet files of config {config!r}, one or more per split.",
            "encodingFormat": PARQUET,
            "includes": f"{rel_dir}/*.parquet" if rel_dir != "." else "*.parquet",
        })
        # a file not written by the caller was read: its schema counts
        sets.append(record_set(config, first) if schemas else record_sets[config])
    if known is None:  # the build wrote MANIFEST.json from the same facts
        _check_manifest(data_dir, info)
    doc = {
        "@context": CONTEXT, "@type": "sc:Dataset", "name": name,
        "description": description or (
            "News articles annotated for entities, claims, frames, persuasion techniques, "
            "narratives and dates. Annotations and their licences: see MANIFEST.json (`sources`) and the "
            "dataset card."),
        "conformsTo": CONFORMS_TO, "version": version, "license": license,
        "distribution": distribution, "recordSet": sets,
    }
    if url:
        doc["url"] = url
    if cite_as:
        doc["citeAs"] = cite_as
    if date_published:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_published):
            raise CroissantError("NFX205", "date_published", f"{date_published!r} is not YYYY-MM-DD")
        doc["datePublished"] = date_published
    return doc


def citation_from_cff(path: Path, version: str) -> str | None:
    """A BibTeX entry built from CITATION.cff (title and authors; no date is invented)."""
    path = Path(path)
    if not path.is_file():
        return None
    import yaml

    cff = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    title = cff.get("title")
    if not title:
        return None
    authors = " and ".join(
        "{" + a["name"] + "}" if "name" in a else f"{a.get('family-names', '')}, {a.get('given-names', '')}".strip(", ")
        for a in cff.get("authors") or [])
    key = "newsframes" + re.sub(r"[^0-9A-Za-z]", "_", version)
    lines = [f"@misc{{{key},", f"  title = {{{title}}},"]
    if authors:
        lines.append(f"  author = {{{authors}}},")
    lines.append(f"  note = {{Version {version}}}")
    return "\n".join(lines) + "\n}"


def manifest_version(data_dir) -> str | None:
    """The `version` recorded in data/MANIFEST.json by `newsframes build`, if any."""
    try:
        manifest = json.loads((Path(data_dir) / "MANIFEST.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    v = manifest.get("version") if isinstance(manifest, dict) else None
    return v if isinstance(v, str) else None


def manifest_terms(data_dir, project_cite: str | None) -> dict:
    """description, license and citeAs from data/MANIFEST.json (`layers`, `sources`: whose
    annotations and their licences), as the build writes them; {} when the manifest does
    not say (an older build)."""
    from ..dataset.describe import croissant_terms

    try:
        man = json.loads((Path(data_dir) / "MANIFEST.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(man, dict) or not isinstance(man.get("sources"), list) or not man["sources"]:
        return {}
    datasheet = (Path(data_dir).resolve().parent / "DATASHEET.md").is_file()
    return croissant_terms(man.get("layers") or [], man["sources"], project_cite=project_cite, datasheet=datasheet)


def export_croissant(data_dir, out_file, *, version: str, **kwargs) -> None:
    """Write the Croissant JSON-LD for `data_dir` to `out_file` (sorted keys, atomic)."""
    import orjson

    doc = build_croissant(data_dir, out_file, version=version, **kwargs)
    # orjson writes what json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False)
    # writes (test_export_croissant checks it), ten times faster
    text = orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode("utf-8")
    atomic_write_text(Path(out_file), text + "\n")


def verify_croissant(jsonld_file) -> list[str]:
    """Problems with the files a Croissant document names: missing, or a sha256 or size
    that differs from the file on disk. Empty when every FileObject matches."""
    jsonld_file = Path(jsonld_file)
    doc = json.loads(jsonld_file.read_text(encoding="utf-8"))
    problems = []
    for d in doc.get("distribution", []):
        if d.get("@type") != "cr:FileObject" or "sha256" not in d:
            continue
        path = jsonld_file.parent / d["contentUrl"]
        if not path.is_file():
            problems.append(f"{d['@id']}: {d['contentUrl']} not found")
            continue
        got = sha256_file(path)
        if got != d["sha256"]:
            problems.append(f"{d['@id']}: sha256 {d['sha256']} in the metadata, {got} on disk")
        size = f"{path.stat().st_size} B"
        if d.get("contentSize") not in (None, size):
            problems.append(f"{d['@id']}: contentSize {d['contentSize']} in the metadata, {size} on disk")
    return problems
