"""Matching the words of published files against the withheld texts (`check.scan`).

The files are tokenised first, and the hashes of their n-grams sorted; then the withheld
texts are read once, a batch at a time, tokenised, and their n-grams looked up among those
(a binary search): a file's n-gram that has a text's hash is confirmed on the words
themselves, so a hash collision can never fail a build. The n-grams of a withheld
article's headline (its `title`, when it is the text's first line and more lines follow)
are published by the rights policy: they are no leak wherever they appear. Memory holds
the files' words and one batch of withheld texts at a time (more only for a batch with a
match)."""

from __future__ import annotations

import numpy as np

from .scan import read_streams, where
from .words import SEP, longest_run, shingle_hashes, tokens

BATCH = 1 << 21  # characters of withheld text tokenised at once


def _words(norm: str, starts, ends, q: int, n: int) -> list[str]:
    return [norm[a:b] for a, b in zip(starts[q:q + n], ends[q:q + n])]


def _norm(text: str, norm: str | None) -> str:
    return norm if norm is not None else text.replace("'", "").replace("`", "").lower()


class _Texts:
    """What the withheld texts give: (text, position) of each n-gram with a file's hash,
    the hashes of the headlines' n-grams, and the titles that are a whole text. The texts
    are read in batches, two at a time (numpy releases the interpreter's lock)."""

    def __init__(self, withheld: list, mine: np.ndarray, n: int, verify: bool = False):
        self.matched: dict[int, list[tuple[int, int]]] = {}
        self.kept: dict[int, tuple] = {}  # text -> (norm, starts, ends) of its words, when one matched
        self.allowed: set[int] = set()
        self.titles: list[list] = []
        batches, lo, size = [], 0, 0
        for t, w in enumerate(withheld):
            size += w.path.stat().st_size
            if size >= BATCH or t == len(withheld) - 1:
                batches.append((lo, withheld[lo:t + 1]))
                lo, size = t + 1, 0
        if len(batches) > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=2) as pool:
                parts = list(pool.map(lambda b: _batch(*b, mine, n, verify), batches))
        else:
            parts = [_batch(*b, mine, n, verify) for b in batches]
        for matched, kept, allowed, titles in parts:  # in order: the same results as one pass
            for key, places in matched.items():
                self.matched.setdefault(key, []).extend(places)
            self.kept.update(kept)
            self.allowed |= allowed
            self.titles += titles


class TextChanged(Exception):
    """A withheld text read with `verify` is not the one its sha256 names."""


def _read(w, verify: bool) -> str:
    """A withheld text as `Path.read_text` gives it (line ends as `\n`); with `verify`, its
    bytes must have the sha256 the caller named (what is tokenised is what was hashed)."""
    data = w.path.read_bytes()
    if verify:
        import hashlib

        if hashlib.sha256(data).hexdigest() != w.text_sha256:
            raise TextChanged(w.id)
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _batch(lo: int, batch: list, mine: np.ndarray, n: int, verify: bool = False) -> tuple:
    matched: dict[int, list[tuple[int, int]]] = {}
    kept: dict[int, tuple] = {}
    allowed: set[int] = set()
    titles: list[list] = []
    texts = [_read(w, verify).replace(SEP, " ") for w in batch]
    joined = f" {SEP} ".join(texts)
    h, bad, starts, ends, norm = tokens(joined)
    norm = _norm(joined, norm)
    first = np.concatenate(([0], np.flatnonzero(bad) + 1))  # each text's first token
    last = np.concatenate((np.flatnonzero(bad), [len(h)]))
    if len(mine):
        gh, ok = shingle_hashes(h, n, bad)
        pos = np.flatnonzero(ok)
        i = np.searchsorted(mine, gh[pos])
        i[i >= len(mine)] = 0
        for p in pos[mine[i] == gh[pos]]:
            k = int(np.searchsorted(first, p, side="right")) - 1
            t = lo + k
            matched.setdefault(int(gh[p]), []).append((t, int(p - first[k])))
            kept[t] = (norm, starts[first[k]:last[k]], ends[first[k]:last[k]])
    for k, (w, text) in enumerate(zip(batch, texts)):
        title = w.headline
        if not title:
            continue
        th, _, ts, te, tnorm = tokens(title.replace(SEP, " "))
        if w.headline_of_text(text):
            allowed.update(int(x) for x in shingle_hashes(th, n)[0])
        mine_h = h[first[k]:last[k]]
        if len(th) >= n and len(th) == len(mine_h) and (th == mine_h).all() and \
                _words(_norm(title, tnorm), ts, te, 0, len(th)) == \
                _words(norm, starts[first[k]:last[k]], ends[first[k]:last[k]], 0, len(th)):
            titles.append([w.id, int(len(th))])
    return matched, kept, allowed, titles


def _streams(files: list, n: int) -> list[list]:
    """`read_streams` of each file: on two threads when there are many (pyarrow and numpy
    release the interpreter's lock while they read)."""
    def one(f):
        return read_streams(f.name, f.bytes(), n)

    if len(files) < 8:
        return [one(f) for f in files]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(one, files))


def match(files: list, withheld: list, n: int, verify: bool = False) -> tuple[list[list], list[list]]:
    """([words, place, article id] of each file of `files` (`check.Published`; words 0: no
    run of `n` words of a withheld text), [[id, words]] of the withheld articles whose
    title is their whole text, of `n` words or more). `verify`: each text's bytes must have
    its `text_sha256` (`TextChanged` otherwise)."""
    streams = _streams(files, n)  # per file, its readings (scan.read_streams)
    grams = [[shingle_hashes(s.h, n, s.bad) for s in readings] for readings in streams]
    mine = np.unique(np.concatenate([h[ok] for g in grams for h, ok in g] or [np.zeros(0, dtype=np.uint64)]))
    texts = _Texts(withheld, mine, n, verify)
    out = []
    for f, readings, g in zip(files, streams, grams):
        value = [0, "", ""]
        for s, (gh, ok) in zip(readings, g) if texts.matched else ():
            hit = np.zeros(len(gh), dtype=bool)
            source: dict[int, int] = {}
            for p in np.flatnonzero(ok):
                key = int(gh[p])
                if key in texts.allowed or key not in texts.matched:
                    continue
                words = s.words(int(p), n)
                for t, q in texts.matched[key]:
                    if _words(*texts.kept[t], q, n) == words:  # the words, not only their hash
                        hit[p], source[int(p)] = True, t
                        break
            length, start = longest_run(hit, n)
            if length > value[0]:  # every reading: the longest run of any
                value = [length, where(s, start, f.bytes()), withheld[source[start]].id]
        out.append(value)
    return out, texts.titles
