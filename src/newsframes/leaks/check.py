"""The withheld-text leak check: no published file holds a run of `N` or more
consecutive words of a text the rights policy withholds (docs/rights.md, *Leak check*).

`scan(files, withheld)` gives, for each file that holds such a run, the longest one: its
length in words, the place (line, row or JSON pointer: never the words, so that a CI log
does not publish them) and the article it comes from. Results are cached by content: the
key of a file is the sha256 of its bytes, in a cache file named by the fingerprint of the
withheld texts (their sha256), `N` and the algorithm version, so an unchanged project is
checked without reading any withheld text or tokenising any file again. The files to
check are read first (`match.py`); then each withheld text is read once and its n-grams
looked up among theirs, so memory holds the files' words and one text at a time."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

N = 8
ALGORITHM = 6  # bump when tokenisation or reading changes: every cached result is dropped
UNREAD = object()


@dataclass(frozen=True)
class Published:
    name: str  # path as published (e.g. data/claims/train-00000-of-00001.parquet)
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
    titles: object = None  # id -> title as the data publishes it (`published.Titles`), read when first needed

    def __post_init__(self):
        if self.title is UNREAD and not self.record_sha256:  # the fingerprint needs the title
            self.title = self.headline

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
        if self.title is UNREAD and self.titles is not None:
            self.title = self.titles.get(self.id, UNREAD)
        if self.title is UNREAD:
            self.title = self.read_title()
        return self.title

    def headline_of_text(self, text: str | None = None) -> str | None:
        """The record's `title` when it is the first line of the text (`text`, else read)
        and other lines follow: a headline, which the rights policy publishes (None
        otherwise)."""
        if not self.headline:
            return None
        first, _, rest = (self.path.read_text(encoding="utf-8") if text is None else text).partition("\n")
        return self.headline if first.strip() == self.headline.strip() and rest.strip() else None


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
        # the title: the record's sha256 (which fixes it) when the caller knows it, else as read
        # (never both: the key must not change once a lazy title has been read)
        title = w.record_sha256 or ("" if w.title is UNREAD else (w.title or ""))
        h.update(w.text_sha256.encode() + b"\0" + str(title).encode("utf-8") + b"\0")
    return h.hexdigest()


class _Cache:
    """file sha256 -> [words, place, article] (words 0: no run of n), in one JSON file
    per fingerprint under the newsframes cache; pruned to the files of the last run."""

    def __init__(self, folder: Path | None, fp: str, known: dict | None = None):
        self.path = None if folder is None else Path(folder) / "leaks" / f"{fp}.json"
        self.old: dict = {}
        self.used: dict = {}
        if self.path is not None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.old = data if isinstance(data, dict) else {}
            except (OSError, ValueError):
                self.old = {}
        self.old.update((known or {}).get(fp, {}))  # what this process computed (a `Speculation`)

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


def scan(files: list[Published], withheld: list[Withheld], *, n: int = N,
         cache_folder: Path | None = None, known: dict | None = None) -> list[Finding]:
    """The files holding a run of `n` or more words of a withheld text, longest run each,
    sorted by name. `cache_folder`: the newsframes store (None: no cache); `known`: results
    this process computed already ({fingerprint: {file sha256: result}}, `results`)."""
    return results(files, withheld, n=n, cache_folder=cache_folder, known=known)[0]


def results(files: list[Published], withheld: list[Withheld], *, n: int = N, cache_folder: Path | None = None,
            known: dict | None = None, verify: bool = False) -> tuple[list[Finding], dict]:
    """(`scan`'s findings, {fingerprint: {file sha256: result, TITLES: ...}} of this run).
    `verify`: every withheld text read must have its `text_sha256` (`match.TextChanged`)."""
    if not withheld:
        return [], {}
    fp = fingerprint(withheld, n)
    cache = _Cache(cache_folder, fp, known)
    todo: list[tuple[Published, str]] = []
    result: dict[str, list] = {}
    for f in files:
        key = f.digest()
        hit = cache.get(key)
        if hit is None:
            todo.append((f, key))
        else:
            result[f.name] = hit
    if todo or cache.get(TITLES) is None:  # computed with the files: a damaged entry is replaced
        from .match import match

        found, titles = match([f for f, _ in todo], withheld, n, verify)
        for (f, key), value in zip(todo, found):
            cache.put(key, value)
            result[f.name] = value
        cache.put(TITLES, [0, json.dumps(titles), ""])
    cache.save()
    return sorted((Finding(name, *v) for name, v in result.items() if v[0]), key=lambda x: x.name), {fp: cache.used}


TITLES = "titles"  # the cache's entry for `whole_titles`


def cached_whole_titles(withheld: list[Withheld], n: int = N, cache_folder: Path | None = None,
                        known: dict | None = None) -> list[list]:
    """[[id, words]] of the withheld articles whose text is nothing but their title, of `n`
    words or more (the rights policy publishes titles: the whole text would go with it),
    from the cache `scan` keeps or `known` (`results`), computed when neither has it."""
    hit = _Cache(cache_folder, fingerprint(withheld, n), known).get(TITLES)
    try:
        got = json.loads(hit[1]) if hit is not None else None
    except ValueError:
        got = None  # a damaged entry: computed again
    if isinstance(got, list) and all(isinstance(x, list) and len(x) == 2 and isinstance(x[0], str)
                                     and isinstance(x[1], int) for x in got):
        return got
    from .match import match

    return match([], withheld, n)[1]
