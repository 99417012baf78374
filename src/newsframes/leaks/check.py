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
ALGORITHM = 1  # bump when tokenisation or reading changes: every cached result is dropped


@dataclass(frozen=True)
class Published:
    name: str  # path as published (e.g. data/jsonl/claims/train-00000-of-00001.jsonl)
    data: bytes | None = None  # the bytes, or None to read `path`
    path: Path | None = None
    sha256: str | None = None  # of the bytes, when known (no re-hash)
    titles: bool = True  # False for the built data: rows' `title` is kept by the rights policy

    def bytes(self) -> bytes:
        return self.data if self.data is not None else Path(self.path).read_bytes()

    def digest(self) -> str:
        return self.sha256 or hashlib.sha256(self.bytes()).hexdigest()


@dataclass(frozen=True)
class Withheld:
    id: str
    text_sha256: str
    path: Path  # corpus/<id>.txt
    title: str | None = None  # the record's `title` (the rights policy keeps titles)

    def indexed_text(self) -> str:
        """The text the check looks for: the article's text without its headline, when its
        first line is the record's `title` (titles are kept by the rights policy) and other
        lines follow. A text that is only its title is looked for whole: such a `title`
        would publish the whole text (issue 24)."""
        text = self.path.read_text(encoding="utf-8")
        first, _, rest = text.partition("\n")
        if self.title and first.strip() == self.title.strip() and rest.strip():
            return rest
        return text


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
        h.update(w.text_sha256.encode() + b"\0" + (w.title or "").encode("utf-8") + b"\0")
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


def scan(files: list[Published], withheld: list[Withheld], *, n: int = N,
         cache_folder: Path | None = None) -> list[Finding]:
    """The files holding a run of `n` or more words of a withheld text, longest run each,
    sorted by name. `cache_folder`: the newsframes cache (None: no cache)."""
    if not withheld:
        return []
    cache = _Cache(cache_folder, fingerprint(withheld, n))
    todo: list[tuple[Published, str]] = []
    found: list[Finding] = []
    for f in files:
        key = f.digest() + ("" if f.titles else ":no-titles")
        hit = cache.get(key)
        if hit is None:
            todo.append((f, key))
        elif hit[0]:
            found.append(Finding(f.name, hit[0], hit[1], hit[2]))
    if todo:
        found += _scan_files(todo, withheld, n, cache)
    cache.save()
    return sorted(found, key=lambda x: x.name)


def _scan_files(todo, withheld: list[Withheld], n: int, cache: _Cache) -> list[Finding]:
    from .scan import read_stream
    from .words import Vocabulary, WithheldIndex, longest_run

    vocab = Vocabulary()
    texts = [w.indexed_text() for w in withheld]
    index = WithheldIndex.of_texts(n, vocab, texts)
    out = []
    for f, key in todo:
        stream = read_stream(f.name, f.bytes(), vocab, titles=f.titles)
        words, start = (0, -1) if stream is None else longest_run(index.matches(stream.ids), n)
        if words:
            article = withheld[index.text_at(stream.ids, start)].id
            value = [words, stream.where(start), article]
            out.append(Finding(f.name, *value))
        else:
            value = [0, "", ""]
        cache.put(key, value)
    return out
