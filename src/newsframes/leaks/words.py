"""Words and hashed word shingles: the units of the withheld-text leak check.

A word is a maximal run of Unicode letters and digits (`[^\\W_]+`) after the text is
stripped of format characters (zero-width spaces and joiners, soft hyphens, bidi marks:
Unicode category Cf), put in NFKC, case-folded, and stripped of apostrophes (straight,
typographic, modifier letter, prime, grave and acute: `Russia’s`, `Russia's` and
`RUSSIAS` are one word, `russias`). Everything else separates words: spaces, line breaks, punctuation,
typographic quotes, dashes and hyphens (`post-Western` is `post`, `western`), Markdown
and HTML markup. So neither re-casing, re-quoting nor re-punctuating a passage hides it.

A stream is the words of one file, as integer ids (one id per distinct word, shared by
every stream of a run), with a boundary id (0) between the parts of a file that are
separate values (each string of a JSON, JSON Lines or Parquet file): a run never spans
two values. A shingle is N consecutive ids of a stream (no boundary inside), hashed to
64 bits (a polynomial over the ids, modulo 2^64, computed with numpy for a whole stream
at once); a hash that matches is confirmed by comparing the ids themselves, so a
collision can never fail a build."""

from __future__ import annotations

import re
import unicodedata

import numpy as np

WORD = re.compile(r"[^\W_]+")
APOSTROPHES = "'\u2019\u2018\u02bc\u2032`\u00b4"
_DROP = {ord(c): None for c in APOSTROPHES}
BOUNDARY = 0
_P = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier (golden ratio, 64 bits)


def _format_characters() -> dict:
    """Every format character (Unicode category Cf: zero-width spaces and joiners, soft
    hyphens, bidi marks, ...) to None: inserted inside a word they must not split it. The
    Basic Multilingual Plane is scanned whole; beyond it Cf occurs only in the blocks listed."""
    astral = [(0x110BD, 0x110CE), (0x13430, 0x13440), (0x1BCA0, 0x1BCA4), (0x1D173, 0x1D17B), (0xE0001, 0xE0080)]
    codes = [c for c in range(0x10000) if unicodedata.category(chr(c)) == "Cf"]
    codes += [c for lo, hi in astral for c in range(lo, hi) if unicodedata.category(chr(c)) == "Cf"]
    return dict.fromkeys(codes)


_DROP.update(_format_characters())


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text.translate(_DROP)).casefold().translate(_DROP)


def words(text: str) -> list[str]:
    return WORD.findall(normalise(text))


class Vocabulary:
    """word -> id (ids from 1; 0 is the boundary)."""

    def __init__(self):
        self.ids: dict[str, int] = {}

    def encode(self, ws: list[str], *, grow: bool = True) -> list[int]:
        """Ids of `ws`. With `grow=False` an unknown word gets the id -1 (it cannot be
        part of a withheld text, whose words are all known)."""
        get = self.ids.get
        if grow:
            ids, n = self.ids, len(self.ids)
            out = []
            for w in ws:
                i = get(w)
                if i is None:
                    n += 1
                    i = ids[w] = n
                out.append(i)
            return out
        return [get(w, -1) for w in ws]


def shingle_hashes(ids: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(hashes of every n-gram starting at 0 .. len-n, True where the n-gram holds no
    boundary and no unknown word)."""
    m = len(ids) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=bool)
    u = ids.astype(np.uint64)
    h = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = h * _P + u[k:k + m]
    bad = (ids <= 0).astype(np.int64)
    c = np.concatenate(([0], np.cumsum(bad)))
    ok = (c[n:n + m] - c[:m]) == 0
    return h, ok


class WithheldIndex:
    """The n-grams of the withheld texts: hash -> (text number, position), checked on a
    match against the ids themselves."""

    def __init__(self, n: int, streams: list[np.ndarray]):
        self.n, self.streams = n, streams
        hashes, where = [], []
        for t, ids in enumerate(streams):
            h, ok = shingle_hashes(ids, n)
            pos = np.nonzero(ok)[0]
            hashes.append(h[pos])
            where.append(np.stack([np.full(len(pos), t, dtype=np.int64), pos], axis=1))
        h = np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.uint64)
        w = np.concatenate(where) if where else np.zeros((0, 2), dtype=np.int64)
        order = np.argsort(h, kind="stable")
        self.hashes, self.where = h[order], w[order]

    @classmethod
    def of_texts(cls, n: int, vocab: Vocabulary, texts: list[str]) -> WithheldIndex:
        return cls(n, [np.asarray(vocab.encode(words(t)), dtype=np.int64) for t in texts])

    def matches(self, ids: np.ndarray) -> np.ndarray:
        """True at each start position of `ids` whose n-gram is an n-gram of a withheld text."""
        h, ok = shingle_hashes(ids, self.n)
        if not len(h) or not len(self.hashes):
            return np.zeros(len(h), dtype=bool)
        i = np.searchsorted(self.hashes, h)
        i[i >= len(self.hashes)] = 0
        hit = ok & (self.hashes[i] == h)
        for p in np.nonzero(hit)[0]:  # confirm: a hash collision must not fail a build
            j, same = i[p], False
            while j < len(self.hashes) and self.hashes[j] == h[p] and not same:
                t, q = self.where[j]
                same = bool(np.array_equal(self.streams[t][q:q + self.n], ids[p:p + self.n]))
                j += 1
            hit[p] = same
        return hit

    def text_at(self, ids: np.ndarray, pos: int) -> int:
        """The number of the withheld text whose n-gram starts at `pos` of `ids` (a match)."""
        h, _ = shingle_hashes(ids[pos:pos + self.n], self.n)
        j = int(np.searchsorted(self.hashes, h[0]))
        while j < len(self.hashes) and self.hashes[j] == h[0]:
            t, q = self.where[j]
            if np.array_equal(self.streams[t][q:q + self.n], ids[pos:pos + self.n]):
                return int(t)
            j += 1
        raise ValueError("no withheld n-gram at this position")


def longest_run(hit: np.ndarray, n: int) -> tuple[int, int]:
    """(words, first word position) of the longest chain of overlapping matched n-grams:
    a run of k consecutive matched starts covers k + n - 1 words. (0, -1) when none."""
    if not hit.any():
        return 0, -1
    x = np.concatenate(([0], hit.astype(np.int8), [0]))
    d = np.diff(x)
    starts, ends = np.nonzero(d == 1)[0], np.nonzero(d == -1)[0]
    k = int(np.argmax(ends - starts))
    return int(ends[k] - starts[k]) + n - 1, int(starts[k])


def longest_common(ids: np.ndarray, streams: list[np.ndarray], cap: int = 400) -> int:
    """The exact length in words of the longest run of `ids` that is also a run of one of
    the withheld `streams` (any length, for reports): the largest L such that an L-gram of
    `ids` is one of theirs, by bisection over L (a common L-gram implies a common
    (L-1)-gram)."""
    lo, hi = 0, min(cap, len(ids))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if WithheldIndex(mid, streams).matches(ids).any():
            lo = mid
        else:
            hi = mid - 1
    return lo
