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
    """JSON with an indent of 2; in `groups`, each article's facts on one line (a
    contribution's diff is a line per article)."""
    if not isinstance(obj.get("groups"), list):
        return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"
    head = json.dumps({k: v for k, v in obj.items() if k != "groups"}, indent=2, ensure_ascii=False)
    parts = []
    for g in obj["groups"]:
        top = json.dumps({k: v for k, v in g.items() if k != "articles"}, indent=2, ensure_ascii=False)
        arts = ",\n".join("        " + json.dumps(a, ensure_ascii=False) for a in g["articles"])
        parts.append(top[:-2].replace("\n", "\n    ") + ',\n      "articles": [\n' + arts + "\n      ]\n    }")
    groups = "[\n    " + ",\n    ".join(parts) + "\n  ]" if parts else "[]"
    return head[:-2] + ',\n  "groups": ' + groups + "\n}\n"


def build_manifest(*, version: str, schema_ver: str, digest: str, n_articles: int,
                   counts: dict[str, dict[str, int]], files: dict[str, dict],
                   taxonomies: dict[str, str | None], withheld: list[dict] | None = None,
                   status: dict | None = None, full_text: bool = False, layers: list[str] | None = None,
                   sources: list[dict] | None = None, built_from: dict | None = None,
                   groups: list[dict] | None = None) -> dict:
    """`version`: the package version that built the data; `withheld`: [{id, text_sha256,
    text_status}] of the articles whose text this build leaves out (schema/rights.json;
    `newsframes rehydrate` restores them); `status`: `release_status` (`release` is the
    released version this data is, or None for unreleased data; `built_after` the newest
    release before it); `full_text`: the data carries text the rights policy
    withholds (a `--full-text` build of a corpus with such articles, or data restored by
    `newsframes rehydrate`: never to be published); `layers`: the layers holding annotations; `sources`: whose
    annotations the data holds, with their licences (`sources.manifest_sources`); `built_from`:
    what every group was made with (`groups.built_from`); `groups`: per group of articles
    its fingerprint, split, files and articles' facts (what a later build, or a check
    against this commit, reuses: docs/caches.md)."""
    status = status or {"release": None, "built_after": None}
    return {
        "name": "newsframes",
        "version": version,
        "release": status["release"],
        "built_after": status["built_after"],
        "schema_version": schema_ver,
        "corpus_digest": digest,
        "articles": n_articles,
        "full_text": full_text,
        "text_withheld": list(withheld or []),
        "layers": list(layers or []),
        "sources": list(sources or []),
        "taxonomies": taxonomies,
        "configs": counts,
        "files": files,
        "built_from": built_from or {},
        "groups": list(groups or []),
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


def version_key(version: str) -> tuple[int, ...] | None:
    """(major, minor, patch) of "X.Y.Z", None for anything else."""
    m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    return tuple(int(x) for x in m.groups()) if m else None


def released_versions(root: Path) -> list[str]:
    """The versions recorded under releases/ (file stems "X.Y.Z"), oldest first."""
    folder = Path(root) / RELEASES_DIR
    if not folder.is_dir():
        return []
    found = [p.stem for p in folder.glob("*.json") if version_key(p.stem) is not None]
    return sorted(found, key=version_key)


def read_release(root: Path, version: str) -> dict | None:
    """releases/<version>.json, None when absent; ValueError when unreadable."""
    path = release_path(root, version)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{RELEASES_DIR}/{version}.json: cannot read the release manifest: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{RELEASES_DIR}/{version}.json: not a JSON object")  # noqa: TRY004 (one error type)
    return data


def release_status(root: Path, release: dict, *, releasing: bool = False) -> dict:
    """Whether the data of `release` (a fresh `release_manifest`) is a released version.

    {"release": V, "built_after": None} when releases/V.json (V: the package version)
    records exactly this data, or when `releasing` (build --release writes it);
    otherwise {"release": None, "built_after": newest release under releases/ or None}:
    data built between releases, by contributions that choose no version."""
    version = release["version"]
    if releasing:
        return {"release": version, "built_after": None}
    try:
        old = read_release(root, version)
    except ValueError:
        old = None
    if old is not None and not release_differences(old, release):
        return {"release": version, "built_after": None}
    versions = released_versions(root)
    return {"release": None, "built_after": versions[-1] if versions else None}


def status_line(status: dict) -> str:
    """One line for people: "release 1.1.0" or "unreleased, built after 1.1.0"."""
    if status.get("release"):
        return f"release {status['release']}"
    if status.get("built_after"):
        return f"unreleased, built after {status['built_after']}"
    return "unreleased (no release yet)"


def release_differences(old: dict, new: dict) -> list[str]:
    """What changed between a recorded release manifest and a fresh one."""
    out = []
    for key in ("version", "schema_version", "corpus_digest"):
        if old.get(key) != new.get(key):
            out.append(f"{key}: {old.get(key)!r} -> {new.get(key)!r}")
    oa = {a.get("id"): a for a in old.get("articles", []) if isinstance(a, dict)}
    na = {a["id"]: a for a in new["articles"]}
    def article_change(a: dict, b: dict) -> str:
        fields = [k for k in ("split", "text_sha256", "record_sha256") if a.get(k) != b.get(k)]
        return f"{', '.join(fields) or 'entry'} changed"

    out += _keyed_changes("article", oa, na, "removed", "added", article_change)
    out += _keyed_changes("file", old.get("files", {}), new["files"], "no longer built", "new",
                          lambda a, b: "content changed")
    return out


def _keyed_changes(kind: str, old: dict, new: dict, gone: str, added: str, changed) -> list[str]:
    """`<kind> <key>: ...` for each key only in `old`, only in `new`, or with another value."""
    out = []
    for k in sorted(set(old) | set(new)):
        if k not in new:
            out.append(f"{kind} {k}: {gone}")
        elif k not in old:
            out.append(f"{kind} {k}: {added}")
        elif old[k] != new[k]:
            out.append(f"{kind} {k}: {changed(old[k], new[k])}")
    return out
