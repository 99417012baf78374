"""Per-article row cache: the rows one article contributes to every config, twice as
JSON Lines: with labels as strings (the data/jsonl mirror) and with labels encoded as
ClassLabel ids (what the shard writer parses with pyarrow's JSON reader, many articles
per call), plus what the manifests need. No Arrow work happens per article, so the
conversion needs neither pyarrow nor (through it) pandas.

An entry is keyed by the SHA-256 of the record's and the text's bytes and of everything
else the rows depend on (taxonomies, features, newsframes and pyarrow versions), so an
unchanged article is never converted twice. Entries live under `paths.cache_dir()/rows/`
(outside git); a build without cache uses a temporary folder. A damaged entry (empty,
truncated, garbage) is recomputed, when it is looked up or when a shard writer finds it
so (`reopen`). The cache changes no byte of the output (tests/test_build_cache.py).

A build converts only the bytes its validation checked: given the digests validation
saw (`expected`), a record whose files hash otherwise when converted is refused as
changed during the build (`Changed`)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..cachefile import CacheUnwritable, write_cache_file
from .features import CONFIGS

ROWS_FORMAT = 6
_MAGIC = b"NFROWS6\n"
LAYERS = ("entities", "timexes", "narratives")  # nested layers counted for the build summary
_CFG = {cfg: i for i, cfg in enumerate(CONFIGS)}
_LAYER = {layer: i for i, layer in enumerate(LAYERS)}


@dataclass(frozen=True, slots=True)
class Meta:
    """What the build needs of one article besides its rows. Compact (slots, tuples in
    the order of CONFIGS and LAYERS): a build of 100,000 articles holds one per article."""

    id: str
    split: str
    language: str
    schema_version: str
    text_sha256: str  # of the .txt bytes
    record_sha256: str  # of the .json bytes
    layers: tuple  # count per LAYERS
    rows: tuple  # number of rows per config
    digests: tuple  # per config: SHA-256 of its rows (both JSONL forms), a shard's fingerprint
    text_status: str = "present"  # or "withheld:rights-<status>" (newsframes.rights)
    sources: tuple = ()  # ((source key, annotations), ...): `sources.record_facts`
    present: tuple = ()  # layers holding annotations (`sources.record_facts`)
    rights: str = ""  # source.rights.status (a full-text build says whether it keeps withheld text)

    def n_rows(self, config: str) -> int:
        return self.rows[_CFG[config]]

    def digest(self, config: str) -> str:
        return self.digests[_CFG[config]]

    def n_layer(self, layer: str) -> int:
        return self.layers[_LAYER[layer]]

    def to_list(self) -> list:
        return [self.id, self.split, self.language, self.schema_version, self.text_sha256,
                self.record_sha256, list(self.layers), list(self.rows), list(self.digests), self.text_status,
                [list(x) for x in self.sources], list(self.present), self.rights]

    @classmethod
    def from_list(cls, v: list) -> Meta:
        return cls(v[0], v[1], v[2], v[3], v[4], v[5], tuple(v[6]), tuple(v[7]), tuple(v[8]),
                   v[9] if len(v) > 9 else "present",
                   tuple((k, n) for k, n in v[10]) if len(v) > 10 else (), tuple(v[11]) if len(v) > 11 else (),
                   v[12] if len(v) > 12 and isinstance(v[12], str) else "")


@lru_cache(maxsize=1)
def env_key() -> str:
    """Hash of everything besides the two files that the rows depend on."""
    from .. import __version__
    from ..taxonomy import load_taxonomies
    from ..versions import dist_version

    tax = load_taxonomies()
    h = hashlib.sha256()
    h.update(json.dumps(tax.raw, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    h.update(f"\0{ROWS_FORMAT}\0{__version__}\0{dist_version('pyarrow')}\0".encode())
    for p in sorted(Path(__file__).parent.glob("*.py")):  # rows.py, features.py, encode.py, ...
        if p.name in ("rows.py", "features.py", "encode.py", "bundle.py", "rowcache.py", "textfields.py",
                      "sources.py"):
            h.update(p.read_bytes())
    h.update((Path(__file__).parent.parent / "rights.py").read_bytes())
    h.update((Path(__file__).parent.parent / "provenance.py").read_bytes())
    return h.hexdigest()


def article_key(json_bytes: bytes, text_bytes: bytes, policy=None) -> tuple[str, str, str]:
    """(cache key, record sha256, text sha256). `policy`: `Policy.as_args()` of a build
    that withholds text the rights policy does not allow, None for a full-text build."""
    rs = hashlib.sha256(json_bytes).hexdigest()
    ts = hashlib.sha256(text_bytes).hexdigest()
    return key_of(rs, ts, policy), rs, ts


def key_of(record_sha256: str, text_sha256: str, policy=None) -> str:
    variant = "" if policy is None else f" withhold {policy[1]}"
    return hashlib.sha256(f"{env_key()} {record_sha256} {text_sha256}{variant}".encode()).hexdigest()


def entry_path(cache: Path, key: str) -> Path:
    return Path(cache) / key[:2] / f"{key}.rows"


@lru_cache(maxsize=1)
def _tools():
    from ..taxonomy import load_taxonomies
    from .bundle import bundles
    from .encode import compile_desc

    return load_taxonomies(), {cfg: compile_desc(b.desc) for cfg, b in bundles().items()}


class Changed(Exception):
    """A record's files are not the bytes the build validated."""


def changed_message(name: str) -> str:
    return (f"{name} changed while the build was running (its bytes differ from those validated); "
            "nothing was built from it: run the build again")


def make_entry(json_path: str, cache: str, policy=None,
               expected: tuple[str, str] | None = None) -> tuple[str, Meta]:
    """Convert one article, write its entry, return (key, meta). `policy`: see
    `article_key` (the text of an article it does not allow is withheld). `expected`: the
    SHA-256 of the .json and .txt bytes that were validated (Changed when they differ)."""
    from ..corpus import Article
    from ..rights import PRESENT
    from .rows import (
        article_row,
        claim_rows,
        mention_rows,
        span_sort_key,
        technique_rows,
    )
    from .textfields import withhold
    from .writer import jsonl_bytes

    jp = Path(json_path)
    jb = jp.read_bytes()
    tb = jp.with_suffix(".txt").read_bytes()
    key, rs, ts = article_key(jb, tb, policy)
    if expected is not None and (rs, ts) != tuple(expected):
        raise Changed(changed_message(jp.name))
    record = json.loads(jb.decode("utf-8"))
    art = Article(jp.stem, jp, jp.with_suffix(".txt"), record, tb.decode("utf-8"))
    tax, encoders = _tools()
    rows = {"articles": [article_row(art)],
            "mentions": sorted(mention_rows(art), key=span_sort_key),
            "claims": sorted(claim_rows(art), key=span_sort_key),
            "techniques": sorted(technique_rows(art, tax), key=span_sort_key)}
    status = text_status(record, policy)
    if status != PRESENT:
        withhold(rows, status)
    blobs: list[bytes] = []
    sizes: dict[str, list[int]] = {}
    digests: dict[str, str] = {}
    for cfg in CONFIGS:
        part = rows[cfg]
        jsonl = jsonl_bytes(part)
        encoded = jsonl_bytes([encoders[cfg](r) for r in part])
        sizes[cfg] = [len(jsonl), len(encoded)]
        digests[cfg] = hashlib.sha256(hashlib.sha256(jsonl).digest() + hashlib.sha256(encoded).digest()).hexdigest()
        blobs += [jsonl, encoded]
    from .sources import record_facts

    facts = record_facts(record)
    meta = Meta(id=record["id"], split=record["split"], language=record["language"],
                schema_version=record.get("schema_version", ""), text_sha256=ts, record_sha256=rs,
                layers=tuple(len(record[k]) for k in LAYERS),
                rows=tuple(len(rows[cfg]) for cfg in CONFIGS), digests=tuple(digests[cfg] for cfg in CONFIGS),
                text_status=status, sources=facts[0], present=facts[1], rights=record["source"]["rights"]["status"])
    head = json.dumps({"key": key, "meta": meta.to_list(), "sizes": sizes}).encode("utf-8")
    try:
        write_cache_file(entry_path(Path(cache), key), _MAGIC + head + b"\n" + b"".join(blobs), quiet=False)
    except OSError as exc:  # full, read-only: the build goes on without the cache
        raise CacheUnwritable(str(cache), exc.strerror or str(exc)) from None
    return key, meta


def text_status(record: dict, policy) -> str:
    """The `text_status` of an article's rows under `policy` (`Policy.as_args()` or None)."""
    from ..rights import text_status as status_of

    if policy is None:
        return status_of("", False)
    status = record["source"]["rights"]["status"]
    return status_of(status, not dict(policy[0]).get(status, False))


class Entry:
    """An opened cache entry: meta, and each config's two JSON Lines blobs."""

    def __init__(self, path: Path, key: str):
        self.fh = open(path, "rb")
        try:
            if self.fh.read(len(_MAGIC)) != _MAGIC:
                raise ValueError("not a row cache entry")
            head = json.loads(self.fh.readline())
            if head.get("key") != key:
                raise ValueError("entry of another key")
            self.meta = Meta.from_list(head["meta"])
            self.sizes = head["sizes"]
            self.base = self.fh.tell()
            total = sum(a + b for a, b in self.sizes.values())
            if os.fstat(self.fh.fileno()).st_size != self.base + total:
                raise ValueError("truncated entry")
        except BaseException:
            self.fh.close()
            raise

    def _blob(self, cfg: str, which: int) -> bytes:
        off = self.base
        for c in CONFIGS:
            if c == cfg:
                off += self.sizes[c][0] if which else 0
                self.fh.seek(off)
                return self.fh.read(self.sizes[c][which])
            off += sum(self.sizes[c])
        raise KeyError(cfg)

    def jsonl(self, cfg: str) -> bytes:
        return self._blob(cfg, 0)

    def encoded(self, cfg: str) -> bytes:
        """The rows as JSON Lines with ClassLabel ids (the input of `stream.to_table`)."""
        return self._blob(cfg, 1)

    def close(self) -> None:
        self.fh.close()


def open_entry(cache: Path, key: str) -> Entry | None:
    try:
        return Entry(entry_path(cache, key), key)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def reopen(cache: Path, key: str, json_path: str, expected: tuple[str, str] | None, policy=None) -> Entry:
    """The entry `key`, made again from `json_path` when it is missing or damaged
    (Changed when the files no longer hold the bytes of `key`; `policy`: see `article_key`)."""
    entry = open_entry(cache, key)
    if entry is None:
        got, _ = make_entry(json_path, str(cache), policy, expected)
        if got != key:
            raise Changed(changed_message(Path(json_path).name))
        entry = open_entry(cache, key)
        if entry is None:
            raise CacheUnwritable(str(cache), "an entry just written cannot be read back")
    return entry
