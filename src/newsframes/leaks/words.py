"""Words and hashed word shingles: the units of the withheld-text leak check.

A word is a maximal run of Unicode letters and digits (`[^\\W_]+`) after the text is
stripped of format characters (zero-width spaces and joiners, soft hyphens, bidi marks:
Unicode category Cf), put in NFKC, case-folded, and stripped of apostrophes (straight,
typographic, modifier letter, prime, grave and acute: `Russia’s`, `Russia's` and
`RUSSIAS` are one word, `russias`), and Cyrillic and Greek letters drawn like Latin ones
read as those letters. Everything else separates words: spaces, line
breaks, punctuation, typographic quotes, dashes and hyphens (`post-Western` is `post`,
`western`), Markdown and HTML markup. So neither re-casing, re-quoting nor
re-punctuating a passage hides it.

A stream is the words of one file as an array of 64-bit word hashes (Python's string
hash: the same within one run, which is all the check needs; nothing hashed is kept
between runs), with a mask of boundaries between the parts of a file that are separate
values (each string of a JSON or JSON Lines file): a run never spans two values. A
shingle is N consecutive words with no boundary inside, hashed to 64 bits (a polynomial
over the word hashes, modulo 2^64, computed with numpy for a whole stream at once). A
shingle that matches is confirmed on the words themselves (the withheld text is read
again), so a hash collision can never fail a build."""

from __future__ import annotations

import re
import unicodedata

import numpy as np

WORD = re.compile(r"[^\W_]+")
WORD_OR_QUOTE = re.compile(r'[^\W_]+|"')  # a straight quote: a boundary of a JSON string
APOSTROPHES = "'\u2019\u2018\u02bc\u2032`\u00b4"
_P = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier (golden ratio, 64 bits)
_MASK = (1 << 24) - 1


def _format_characters() -> list[str]:
    """Every format character (Unicode category Cf). The Basic Multilingual Plane is
    scanned whole; beyond it Cf occurs only in the blocks listed."""
    astral = [(0x110BD, 0x110CE), (0x13430, 0x13440), (0x1BCA0, 0x1BCA4), (0x1D173, 0x1D17B), (0xE0001, 0xE0080)]
    codes = [c for c in range(0x10000) if unicodedata.category(chr(c)) == "Cf"]
    codes += [c for lo, hi in astral for c in range(lo, hi) if unicodedata.category(chr(c)) == "Cf"]
    return [chr(c) for c in codes]


def _class(chars) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]")


_DROPPED = APOSTROPHES + "".join(_format_characters())
# two classes: one of the Basic Multilingual Plane (matched through a bitmap, fast) and
# one of the rest, applied only to a text that has characters beyond it
_DROP_BMP = _class(c for c in _DROPPED if c <= "\uffff")
_DROP_ASTRAL = _class(c for c in _DROPPED if c > "\uffff")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _drop(text: str) -> str:
    if text.isascii():
        return text.replace("'", "").replace("`", "")
    text = _DROP_BMP.sub("", text)
    return _DROP_ASTRAL.sub("", text) if _ASTRAL.search(text) else text


# Cyrillic and Greek letters drawn like Latin ones (Unicode TR39's confusables among the
# letters of these scripts): a quotation with `а` (U+0430) for `a` reads the same. Capitals
# before case folding (Cyrillic `В` is drawn as `B`, its lower case `в` is not), small
# letters after.
_LOOKALIKE_UPPER = str.maketrans({**dict(zip("АВЕКМНОРСТХЅІЈҮ", "ABEKMHOPCTXSIJY")),
                                  **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX"))})
_LOOKALIKE_LOWER = str.maketrans({**dict(zip("аеіјорсухѕһԁԛԝӏ", "aeijopcyxshdqwl")),
                                  **dict(zip("αικνορυχ", "aiknopux"))})


_GREEK_CYRILLIC = re.compile("[\u0370-\u03ff\u0400-\u052f]")  # a fast look before a slow translate


def normalise(text: str) -> str:
    """Format characters and apostrophes out (before NFKC, which could make an apostrophe
    of another character, and after), NFKC, case-folded, Cyrillic and Greek look-alikes of
    Latin letters as those letters."""
    if text.isascii():
        return _drop(text.casefold())
    text = unicodedata.normalize("NFKC", _drop(text))
    if not _GREEK_CYRILLIC.search(text):
        return _drop(text.casefold())
    return _drop(text.translate(_LOOKALIKE_UPPER).casefold()).translate(_LOOKALIKE_LOWER)


def ranges_class(chars) -> str:
    """The inside of a character class of `chars`, written as ranges (a class of single
    characters beyond the BMP makes `re` search several times slower)."""
    codes = sorted({ord(c) for c in chars})
    spans: list[list[int]] = []
    for c in codes:
        if spans and c == spans[-1][1] + 1:
            spans[-1][1] = c
        else:
            spans.append([c, c])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in spans)


def words(text: str) -> list[str]:
    return WORD.findall(normalise(text))


def hashes(tokens: list[str]) -> np.ndarray:
    return np.fromiter(map(hash, tokens), dtype=np.int64, count=len(tokens))


def shingle_hashes(h: np.ndarray, n: int, bad: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(hash of every n-gram starting at 0 .. len-n, True where the n-gram holds no
    position marked in `bad` (a boundary))."""
    m = len(h) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=bool)
    u = h.view(np.uint64)
    out = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            out = out * _P + u[k:k + m]
    if bad is None or not bad.any():
        return out, np.ones(m, dtype=bool)
    c = np.concatenate(([0], np.cumsum(bad, dtype=np.int64)))
    return out, (c[n:n + m] - c[:m]) == 0


class WithheldIndex:
    """The n-grams of the withheld texts, sorted by hash, with the text and position each
    starts at (16 bytes a word). A hit is confirmed on the words of the text, read again."""

    def __init__(self, n: int, texts: list, read=None, allowed: list[str] | None = None):
        """`texts`: the withheld texts (strings), or with `read` (text number -> string)
        anything, read once now and again only to confirm a hit. `allowed`: texts whose
        n-grams are not looked for (the headlines the rights policy publishes as titles)."""
        self.n, self.texts = n, texts
        self.read = read or (lambda t: texts[t])
        hs, ts, ps = [], [], []
        for t in range(len(texts)):
            h, _ = shingle_hashes(hashes(words(self.read(t))), n)
            hs.append(h)
            ts.append(np.full(len(h), t, dtype=np.int32))
            ps.append(np.arange(len(h), dtype=np.int32))
        h = np.concatenate(hs) if hs else np.zeros(0, dtype=np.uint64)
        keep = np.ones(len(h), dtype=bool)
        if allowed:
            ok = np.concatenate([shingle_hashes(hashes(words(a)), n)[0] for a in allowed])
            keep = ~np.isin(h, ok)
        h = h[keep]
        order = np.argsort(h, kind="stable")
        self.hashes = h[order]
        # a bitmap of the low 24 bits of every hash (2 MiB): most n-grams of a file are ruled
        # out by one lookup each, before the binary search
        self.bits = np.zeros(1 << 24, dtype=bool)
        self.bits[(self.hashes & np.uint64(_MASK)).astype(np.int64)] = True
        self.where = (np.concatenate(ts)[keep][order], np.concatenate(ps)[keep][order]) if hs else (
            np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32))
        self._words: dict[int, list[str]] = {}

    def _text_words(self, t: int) -> list[str]:
        if t not in self._words:
            if len(self._words) > 64:
                self._words.clear()
            self._words[t] = words(self.read(t))
        return self._words[t]

    def candidates(self, h: np.ndarray, ok: np.ndarray) -> np.ndarray:
        """Start positions whose n-gram hash is one of the index's."""
        if not len(h) or not len(self.hashes):
            return np.zeros(0, dtype=np.int64)
        pre = np.nonzero(ok & self.bits[(h & np.uint64(_MASK)).astype(np.int64)])[0]
        i = np.searchsorted(self.hashes, h[pre])
        i[i >= len(self.hashes)] = 0
        return pre[self.hashes[i] == h[pre]]

    def source(self, gram_hash, gram: list[str]) -> int | None:
        """The number of a withheld text holding the words `gram` (whose n-gram hash is
        `gram_hash`), None when no text does (a hash collision)."""
        j = int(np.searchsorted(self.hashes, np.uint64(gram_hash)))
        while j < len(self.hashes) and self.hashes[j] == gram_hash:
            t, q = int(self.where[0][j]), int(self.where[1][j])
            if self._text_words(t)[q:q + self.n] == gram:
                return t
            j += 1
        return None


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


def longest_common(h: np.ndarray, bad: np.ndarray, texts: list[str], cap: int = 400) -> int:
    """The length in words of the longest run of the stream (`h`, `bad`) that is also a
    run of one of `texts` (any length, for reports): the largest L such that an L-gram of
    the stream is one of theirs, by bisection over L (a common L-gram implies a common
    (L-1)-gram). Hashes only: a report, not a gate."""
    text_hashes = [hashes(words(t)) for t in texts]

    def common(L: int) -> bool:
        mine, ok = shingle_hashes(h, L, bad)
        theirs = np.concatenate([shingle_hashes(x, L)[0] for x in text_hashes] or [np.zeros(0, np.uint64)])
        return bool(np.isin(mine[ok], theirs).any())

    lo, hi = 0, min(cap, len(h))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if common(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo
