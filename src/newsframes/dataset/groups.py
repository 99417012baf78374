"""Which articles go into which shard: content-defined groups, and the fingerprint that
says what a group's files are made from.

Within a split, articles are ordered by id and cut into groups of about S articles (S
below). A group ends after a *boundary* article (one whose id hashes to 0 modulo S/2)
once it holds at least S/2 articles, and after 2S articles in any case. The cuts depend
on the ids alone, so editing an article never moves them, and adding or removing one
changes its own group and rarely the next one or two. The bounds keep an edit's cost near
that of writing S articles: plain hashing (a cut after every article whose id hashes to
0 modulo S) gives groups of 1 to 5S, and an edit usually falls in a large one. S is the
smallest power of two >= 64 such that the corpus has at most about 64 groups: 64 up to
4,096 articles, 2,048 at 100,000. A group gives one Parquet file per config in which it
has rows (`write.write_group`).

A group's fingerprint is the SHA-256 of everything its files' bytes depend on: the
build's code (`CODE`), the taxonomies, the `datasets` version (which writes the features
into the schema) and, for each article, its id, the SHA-256 of its record and text, and its rows' text status (present,
or withheld by the rights policy: a withheld and a full-text build of a corpus whose texts
are all allowed are the same, byte for byte). Two groups with one fingerprint have the same files, byte for byte, whatever
machine built them: the store (`store.py`) and data/MANIFEST.json (`built_from`, and
each group's fingerprint) record what each fingerprint gave, and a build reuses it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..splits import SPLITS
from .project import Record

FORMAT = 1
MIN_PER_SHARD = 64
TARGET_SHARDS = 64
# The code a group's Parquet bytes depend on (relative to the package): a change to any
# of them gives every group a new fingerprint. tests/test_build_groups.py checks that a
# group write (conversion included) imports no module of newsframes outside CODE and NEUTRAL.
CODE = ("dataset/articles.py", "dataset/rows.py", "dataset/textfields.py", "dataset/features.py",
        "dataset/encode.py", "dataset/bundle.py", "dataset/sources.py", "dataset/groups.py", "dataset/write.py",
        "dataset/writer.py", "rights.py", "provenance.py", "corpus.py", "taxonomy.py", "formats/records.py",
        "formats/offsets.py", "formats/problems.py", "formats/sources.py", "normalize.py", "safeio.py", "splits.py",
        "jsonio.py")
# imported by a group write too, but no byte of a group's files depends on them (where a file
# or an object of the store goes, its digests, the installed versions, which `built_from` names;
# the Croissant record sets derived with the features, which go into croissant.json only)
NEUTRAL = ("__init__.py", "dataset/__init__.py", "formats/__init__.py", "dataset/project.py", "cachefile.py",
           "digests.py", "paths.py", "store.py", "versions.py", "lifeline.py", "export/__init__.py",
           "export/croissant.py", "export/croissant_fields.py")


def articles_per_shard(n_articles: int) -> int:
    m = MIN_PER_SHARD
    while m * TARGET_SHARDS < n_articles:
        m *= 2
    return m


def is_boundary(article_id: str, m: int) -> bool:
    h = int.from_bytes(hashlib.sha256(article_id.encode("utf-8")).digest()[:8], "big")
    return h % m == 0


def bounds(size: int) -> tuple[int, int, int]:
    """(least articles in a group, boundary modulus, most articles in a group) for groups
    of about `size` articles."""
    half = max(1, size // 2)
    return half, half, max(half, 2 * size)


def cuts(ids: list[str], size: int) -> list[tuple[int, int]]:
    """[start, end) index ranges of the groups of `ids` (already sorted), of about `size`
    ids each (see the module's docstring)."""
    lo, m, hi = bounds(size)
    out, start = [], 0
    for i, aid in enumerate(ids):
        n = i + 1 - start
        if n >= hi or (n >= lo and is_boundary(aid, m)):
            out.append((start, i + 1))
            start = i + 1
    if start < len(ids):
        out.append((start, len(ids)))
    return out


def shard_name(split: str, index: int, n: int, ext: str = "parquet") -> str:
    return f"{split}-{index:05d}-of-{n:05d}.{ext}"


@dataclass(frozen=True)
class Group:
    split: str
    records: tuple[Record, ...]  # sorted by id
    fingerprint: str


def plan(records: list[Record], env: str) -> list[Group]:
    """The groups of `records`, split by split (in SPLITS order), each in id order;
    `env`: `env_digest(built_from(...))`."""
    size = articles_per_shard(len(records))
    out = []
    for split in SPLITS:
        mine = sorted((r for r in records if r.split == split), key=lambda r: r.id)
        for a, b in cuts([r.id for r in mine], size):
            members = tuple(mine[a:b])
            out.append(Group(split, members, fingerprint(env, split, members)))
    return out


def fingerprint(env: str, split: str, members) -> str:
    h = hashlib.sha256(f"group {env} {split}\n".encode())
    for r in members:
        h.update(f"{r.id} {r.record_sha256} {r.text_sha256} {r.text_status}\n".encode())
    return h.hexdigest()


def _digest(paths) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    here = Path(__file__).resolve().parents[1]
    return _digest([here / rel for rel in CODE])


@lru_cache(maxsize=1)
def taxonomies_digest() -> str:
    from ..taxonomy import load_taxonomies

    raw = load_taxonomies().raw
    return hashlib.sha256(json.dumps(raw, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def built_from() -> dict:
    """What every group of a build is made with besides its articles (whose text status
    says what the rights policy withheld): data/MANIFEST.json records it (`built_from`)."""
    from ..versions import dist_version

    return {"format": FORMAT, "code": code_digest(), "taxonomies": taxonomies_digest(),
            "datasets": dist_version("datasets")}


def env_digest(made_with: dict) -> str:
    return hashlib.sha256(json.dumps(made_with, sort_keys=True).encode("utf-8")).hexdigest()
