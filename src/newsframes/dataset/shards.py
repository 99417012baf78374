"""Content-defined shards: which articles go into which Parquet/JSONL file, and reusing
the files of the previous build that would come out byte-identical.

Within a split, articles are ordered by id and cut into groups of about S articles (S
below). A group ends after a *boundary* article (one whose id hashes to 0 modulo S/2)
once it holds at least S/2 articles, and after 2S articles in any case. The cuts depend
on the ids alone, so editing an article never moves them, and adding or removing one
changes its own group and rarely the next one or two. The bounds keep an edit's cost near
that of writing S articles: plain hashing (a cut after every article whose id hashes to
0 modulo S) gives groups of 1 to 5S, and an edit usually falls in a large one. S is the
smallest power of two >= 64 such that the corpus has at most about 64 groups: 64 up to
4,096 articles, 2,048 at 100,000.

Each shard of a config has a fingerprint: its config, the build's code and library
versions, and the digests of its members' rows. The shard cache
(`paths.cache_dir()/shards/`) maps a fingerprint to the sha256 of the files it gave; when
the previous data/ still holds a file with that sha256 (known from its stat signature,
see `digests.py`), the build hard-links it instead of writing it again."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from functools import lru_cache
from pathlib import Path

from ..cachefile import write_cache_file

SHARD_FORMAT = 2
MIN_PER_SHARD = 64
TARGET_SHARDS = 64


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


def groups(ids: list[str], size: int) -> list[tuple[int, int]]:
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


def shard_name(split: str, index: int, n: int, ext: str) -> str:
    return f"{split}-{index:05d}-of-{n:05d}.{ext}"


@lru_cache(maxsize=1)
def shard_env() -> str:
    """Everything besides the rows that a shard's bytes depend on."""
    from .rowcache import env_key

    h = hashlib.sha256(f"{SHARD_FORMAT}\0{env_key()}\0".encode())
    here = Path(__file__).parent
    for name in ("writer.py", "stream.py", "shards.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()


def fingerprint(config: str, member_digests: list[str]) -> str:
    h = hashlib.sha256(f"{shard_env()}\0{config}\0".encode())
    for d in member_digests:
        h.update(d.encode("ascii") + b"\n")
    return h.hexdigest()


class ShardCache:
    """fingerprint -> {"parquet": [sha256, bytes], "jsonl": [sha256, bytes], "rows", "nbytes"}."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder is not None else None

    def _path(self, fp: str) -> Path:
        return self.folder / fp[:2] / f"{fp}.json"

    def get(self, fp: str) -> dict | None:
        if self.folder is None:
            return None
        try:
            info = json.loads(self._path(fp).read_bytes())
            if info.get("fp") == fp:
                return info
        except (OSError, ValueError, AttributeError):
            pass
        return None

    def put(self, fp: str, info: dict) -> None:
        if self.folder is None:
            return
        record = {"fp": fp, **{k: info[k] for k in ("parquet", "jsonl", "rows", "nbytes")}}
        write_cache_file(self._path(fp), json.dumps(record).encode("utf-8"))


class OldFiles:
    """The files of the previous data/ whose sha256 is known without reading them."""

    def __init__(self, index):
        self.index = index
        self.by_sha: dict[str, Path] = {}
        if index is None:
            return
        for name in list(index.entries):
            sha = index.known(name)
            if sha is not None:
                self.by_sha.setdefault(sha, index.folder / name)

    def link(self, sha: str, dest: Path) -> bool:
        """Put the old file with `sha` at `dest` (hard link, else copy); False if none."""
        src = self.by_sha.get(sha)
        if src is None:
            return False
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dest)
        except OSError:
            try:
                shutil.copyfile(src, dest)
            except OSError:
                return False
        return True
