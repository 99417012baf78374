"""data/MANIFEST.json (what a build holds) and releases/<version>.json (what a release
held: kept forever, so the data of a released version never changes silently; the
validator reads `articles[].id/split` from it to keep released splits stable)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ..corpus import Article
from ..paths import schema_dir

MANIFEST_NAME = "MANIFEST.json"
RELEASES_DIR = "releases"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def article_hashes(art: Article) -> dict:
    return {"id": art.id, "split": art.record["split"],
            "text_sha256": sha256_bytes(art.txt_path.read_bytes()),
            "record_sha256": sha256_bytes(art.json_path.read_bytes())}


def corpus_digest(entries: list[dict]) -> str:
    """sha256 over the sorted `id record_sha256 text_sha256` lines of the corpus."""
    lines = sorted(f"{e['id']} {e['record_sha256']} {e['text_sha256']}\n" for e in entries)
    return sha256_bytes("".join(lines).encode("utf-8"))


def schema_version(records: list[dict]) -> str:
    """The schema version of the build: from the schema's `$id` (…/article/X.Y.Z/…),
    else the records' common `schema_version`."""
    try:
        sid = json.loads((schema_dir() / "article.schema.json").read_text(encoding="utf-8")).get("$id", "")
    except (OSError, ValueError):
        sid = ""
    m = re.search(r"/(\d+\.\d+\.\d+)/", sid)
    if m:
        return m.group(1)
    versions = sorted({r.get("schema_version", "") for r in records})
    return versions[0] if len(versions) == 1 else ",".join(versions)


def dumps(obj: dict) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def build_manifest(*, version: str, schema_ver: str, digest: str, n_articles: int,
                   counts: dict[str, dict[str, int]], files: dict[str, dict],
                   taxonomies: dict[str, str | None], withheld: list[dict] | None = None) -> dict:
    """`withheld`: [{id, text_sha256, text_status}] of the articles whose text this build
    leaves out (schema/rights.json; `newsframes rehydrate` restores them)."""
    return {
        "name": "newsframes",
        "version": version,
        "schema_version": schema_ver,
        "corpus_digest": digest,
        "articles": n_articles,
        "text_withheld": list(withheld or []),
        "taxonomies": taxonomies,
        "configs": counts,
        "files": files,
    }


def release_manifest(*, version: str, schema_ver: str, digest: str, articles: list[dict],
                     files: dict[str, dict]) -> dict:
    return {
        "version": version,
        "schema_version": schema_ver,
        "corpus_digest": digest,
        "articles": sorted(articles, key=lambda a: a["id"]),
        "files": {p: {"sha256": f["sha256"], "rows": f["rows"]} for p, f in files.items()},
    }


def release_path(root: Path, version: str) -> Path:
    return Path(root) / RELEASES_DIR / f"{version}.json"


def release_differences(old: dict, new: dict) -> list[str]:
    """What changed between a recorded release manifest and a fresh one."""
    out = []
    for key in ("version", "schema_version", "corpus_digest"):
        if old.get(key) != new.get(key):
            out.append(f"{key}: {old.get(key)!r} -> {new.get(key)!r}")
    oa = {a.get("id"): a for a in old.get("articles", []) if isinstance(a, dict)}
    na = {a["id"]: a for a in new["articles"]}
    for aid in sorted(set(oa) | set(na)):
        if aid not in na:
            out.append(f"article {aid}: removed")
        elif aid not in oa:
            out.append(f"article {aid}: added")
        elif oa[aid] != na[aid]:
            fields = [k for k in ("split", "text_sha256", "record_sha256") if oa[aid].get(k) != na[aid].get(k)]
            out.append(f"article {aid}: {', '.join(fields) or 'entry'} changed")
    of, nf = old.get("files", {}), new["files"]
    for p in sorted(set(of) | set(nf)):
        if p not in nf:
            out.append(f"file {p}: no longer built")
        elif p not in of:
            out.append(f"file {p}: new")
        elif of[p] != nf[p]:
            out.append(f"file {p}: content changed")
    return out
