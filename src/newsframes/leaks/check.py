"""The withheld-text leak check: no published file holds a run of `N` or more
consecutive words of a text the rights policy withholds (docs/rights.md, *Leak check*).

`scan(files, withheld)` gives, for each file that holds such a run, the longest one: its
length in words, the place (line, row or JSON pointer: never the words, so that a CI log
does not publish them) and the article it comes from. Results are cached by content: the
key of a file is the sha256 of its bytes, in a cache file named by the fingerprint of the
withheld texts (their sha256), `N` and the algorithm version, so an unchanged project is
checked without reading any withheld text or tokenising any file again."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

N = 8
ALGORITHM = 4  # bump when tokenisation or reading changes: every cached result is dropped
UNREAD = object()


@dataclass(frozen=True)
class Published:
    name: str  # path as published (e.g. data/jsonl/claims/train-00000-of-00001.jsonl)
    data: bytes | None = None  # the bytes, or None to read `path`
    path: Path | None = None
    sha256: str | None = None  # of the bytes, when known (no re-hash)

    def bytes(self) -> bytes:
        return self.data if self.data is not None else Path(self.path).read_bytes()

    def digest(self) -> str:
        return self.sha256 or hashlib.sha256(self.bytes()).hexdigest()


@dataclass
class Withheld:
    id: str
    text_sha256: str
    path: Path  # corpus/<id>.txt
    title: object = UNREAD  # the record's `title` (kept by the rights policy): read from corpus/<id>.json
    record_sha256: str = ""  # of corpus/<id>.json, when known: the fingerprint then reads no record

    def __post_init__(self):
        if self.title is UNREAD and not self.record_sha256:
            self.title = self.read_title()

    def read_title(self) -> str | None:
        """The record's `title` (None when it has none or cannot be read: the text is then
        looked for whole, the stricter reading)."""
        import orjson

        try:
            title = orjson.loads(self.path.with_suffix(".json").read_bytes()).get("title")
        except (OSError, orjson.JSONDecodeError, AttributeError):
            return None
        return title if isinstance(title, str) else None

    @property
    def headline(self) -> str | None:
        if self.title is UNREAD:
            self.title = self.read_title()
        return self.title

    def headline_of_text(self) -> str | None:
        """The record's `title` when it is the first line of the text and other lines
        follow: a headline, which the rights policy publishes (None otherwise)."""
        if not self.headline:
            return None
        first, _, rest = self.path.read_text(encoding="utf-8").partition("\n")
        return self.headline if first.strip() == self.headline.strip() and rest.strip() else None


def headlines(withheld: list[Withheld]) -> list[str]:
    """The headlines of the withheld articles (`Withheld.headline_of_text`): published as
    titles by the rights policy, their words are no leak wherever they appear (another
    article may quote a headline)."""
    return [h for h in (w.headline_of_text() for w in withheld) if h]


@dataclass(frozen=True)
class Finding:
    name: str
    words: int
    where: str
    article: str

    def message(self, n: int = N) -> str:
        return (f"{self.name}: {self.words} consecutive words of the withheld text of {self.article} "
                f"({self.where}); a published file may quote at most {n - 1} (docs/rights.md, leak check)")


def fingerprint(withheld: list[Withheld], n: int) -> str:
    h = hashlib.sha256(f"leaks\0{ALGORITHM}\0{n}\0".encode())
    for w in sorted(withheld, key=lambda w: w.text_sha256):
        # the title: as read, or the record's sha256 (which fixes it) when the caller knows it
        title = w.record_sha256 if w.title is UNREAD else (w.title or "")
        h.update(w.text_sha256.encode() + b"\0" + str(title).encode("utf-8") + b"\0")
    return h.hexdigest()


class _Cache:
    """file sha256 -> [words, place, article] (words 0: no run of n), in one JSON file
    per fingerprint under the newsframes cache; pruned to the files of the last run."""

    def __init__(self, folder: Path | None, fp: str):
        self.path = None if folder is None else Path(folder) / "leaks" / f"{fp}.json"
        self.old: dict = {}
        self.used: dict = {}
        if self.path is not None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.old = data if isinstance(data, dict) else {}
            except (OSError, ValueError):
                self.old = {}

    def get(self, key: str):
        v = self.old.get(key)
        if isinstance(v, list) and len(v) == 3 and isinstance(v[0], int):
            self.used[key] = v
            return v
        return None

    def put(self, key: str, value: list) -> None:
        self.used[key] = value

    def save(self) -> None:
        if self.path is None or self.used == self.old:
            return
        from ..cachefile import write_cache_file

        write_cache_file(self.path, json.dumps(self.used, sort_keys=True).encode("utf-8"))


def mirror_of(name: str) -> str | None:
    """The JSON Lines mirror of a built Parquet shard: <data>/<config>/<shard>.parquet ->
    <data>/jsonl/<config>/<shard>.jsonl (None for any other file)."""
    parts = name.split("/")
    if len(parts) < 3 or not parts[-1].endswith(".parquet"):
        return None
    return "/".join(parts[:-2] + ["jsonl", parts[-2], parts[-1][: -len(".parquet")] + ".jsonl"])


def scan(files: list[Published], withheld: list[Withheld], *, n: int = N,
         cache_folder: Path | None = None) -> list[Finding]:
    """The files holding a run of `n` or more words of a withheld text, longest run each,
    sorted by name. A Parquet shard whose JSON Lines mirror is among `files` is judged by
    the mirror (same rows, same strings). `cache_folder`: the newsframes cache (None: no
    cache)."""
    if not withheld:
        return []
    names = {f.name for f in files}
    mirrored = {f.name: mirror_of(f.name) for f in files if mirror_of(f.name) in names}
    cache = _Cache(cache_folder, fingerprint(withheld, n))
    todo: list[tuple[Published, str]] = []
    result: dict[str, list] = {}
    for f in files:
        if f.name in mirrored:
            continue
        key = f.digest()
        hit = cache.get(key)
        if hit is None:
            todo.append((f, key))
        else:
            result[f.name] = hit
    if todo:
        result.update(_scan_files(todo, withheld, n, cache))
    if cache.get(TITLES) is None or todo:  # computed with the files: a damaged entry is replaced
        cache.put(TITLES, [0, json.dumps(whole_titles(withheld, n)), ""])
    cache.save()
    found = [Finding(name, *v) for name, v in result.items() if v[0]]
    found += [Finding(name, v[0], f"as its JSON Lines mirror {m}: {v[1]}", v[2])
              for name, m in mirrored.items() if (v := result.get(m)) and v[0]]
    return sorted(found, key=lambda x: x.name)


TITLES = "titles"  # the cache's entry for `whole_titles`


def whole_titles(withheld: list[Withheld], n: int = N) -> list[list]:
    """[[id, words]] of the withheld articles whose text is nothing but their title, of `n`
    words or more (the rights policy publishes titles: the whole text would go with it)."""
    from .words import words

    out = []
    for w in withheld:
        if w.headline and len(words(w.headline)) >= n and words(w.headline) == words(
                w.path.read_text(encoding="utf-8")):
            out.append([w.id, len(words(w.headline))])
    return out


def cached_whole_titles(withheld: list[Withheld], n: int = N, cache_folder: Path | None = None) -> list[list]:
    """`whole_titles`, from the cache `scan` keeps (computed when it has none)."""
    hit = _Cache(cache_folder, fingerprint(withheld, n)).get(TITLES)
    try:
        got = json.loads(hit[1]) if hit is not None else None
    except ValueError:
        got = None  # a damaged entry: computed again
    if isinstance(got, list) and all(isinstance(x, list) and len(x) == 2 and isinstance(x[0], str)
                                     and isinstance(x[1], int) for x in got):
        return got
    return whole_titles(withheld, n)


def _scan_files(todo, withheld: list[Withheld], n: int, cache: _Cache) -> dict[str, list]:
    import numpy as np

    from .scan import read_streams
    from .words import WithheldIndex, longest_run, shingle_hashes

    index = WithheldIndex(n, withheld, read=lambda t: withheld[t].path.read_text(encoding="utf-8"),
                          allowed=headlines(withheld))
    out = {}
    for f, key in todo:
        value = [0, "", ""]
        for stream in read_streams(f.name, f.bytes()):  # every reading: the longest run of any
            h, ok = shingle_hashes(stream.h, n, stream.bad)
            hit = np.zeros(len(h), dtype=bool)
            source: dict[int, int] = {}
            for p in index.candidates(h, ok):  # confirmed on the words: a collision is not a leak
                t = index.source(h[p], stream.tokens[p:p + n])
                if t is not None:
                    hit[p], source[int(p)] = True, t
            words, start = longest_run(hit, n)
            if words > value[0]:
                value = [words, stream.where(start, n), withheld[source[start]].id]
        cache.put(key, value)
        out[f.name] = value
    return out
