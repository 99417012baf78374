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

A stream is the words of one file as an array of 64-bit word hashes (a polynomial of the
code points modulo 2^64, computed with numpy for a whole text at once: `tokens`), with a
mask of boundaries between the parts of a file that are separate values (each string of a
JSON, JSON Lines or Parquet file): a run never spans two values. A
shingle is N consecutive words with no boundary inside, hashed to 64 bits (a polynomial
over the word hashes, modulo 2^64, computed with numpy for a whole stream at once). A
shingle that matches is confirmed on the words themselves (the withheld text is read
again), so a hash collision can never fail a build."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


# --- the same words, as arrays: a text is tokenised in numpy, not word by word in Python
SEP = "\ue000"  # a private-use character: the boundary between two parts of a stream
_SEP = 0xE000
_MASK64 = (1 << 64) - 1
_Q = pow(0x9E3779B97F4A7C15, -1, 1 << 64)  # the inverse of _P modulo 2^64 (_P is odd)
_MIX = np.uint64(0xD6E8FEB86659FD93)


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """(word characters of the Basic Multilingual Plane: str.isalnum, which is `[^\\W_]`;
    characters dropped: apostrophes and format characters, every plane)."""
    word = np.fromiter((chr(c).isalnum() for c in range(0x10000)), dtype=bool, count=0x10000)
    word[_SEP] = True  # a boundary is a token of its own (never a word of a text: see `tokens`)
    drop = np.zeros(0x110000, dtype=bool)
    drop[[ord(c) for c in _DROPPED]] = True
    return word, drop


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def _normalised_codes(text: str) -> np.ndarray:
    """The code points of `normalise(text)`."""
    if text.isascii():
        return _codes(text.replace("'", "").replace("`", "").lower())  # NFKC leaves ASCII as it is
    drop = _tables()[1]
    a = _codes(text)
    m = drop[a]
    if m.any():
        text = a[~m].tobytes().decode("utf-32-le", "surrogatepass")
    text = unicodedata.normalize("NFKC", text)
    if _GREEK_CYRILLIC.search(text):  # look-alikes as `normalise` reads them
        text = text.translate(_LOOKALIKE_UPPER).casefold().translate(_LOOKALIKE_LOWER)
    else:
        text = text.casefold()
    a = _codes(text)
    m = drop[a]
    return a[~m] if m.any() else a


class _Powers:
    """Powers of _P and _Q modulo 2^64, grown as needed (by one thread at a time; a reader
    takes both arrays at once, never one grown and one not)."""

    def __init__(self):
        import threading

        self.both = (np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64))
        self.lock = threading.Lock()

    def upto(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        p, q = self.both
        if len(p) < n:
            with self.lock:
                p, q = self.both
                if len(p) < n:
                    size = max(n, 2 * len(p))
                    one = np.ones(1, dtype=np.uint64)
                    with np.errstate(over="ignore"):
                        p = np.cumprod(np.concatenate((one, np.full(size - 1, _P, dtype=np.uint64))), dtype=np.uint64)
                        q = np.cumprod(np.concatenate((one, np.full(size - 1, np.uint64(_Q), dtype=np.uint64))),
                                       dtype=np.uint64)
                    self.both = (p, q)
        return p[:n], q[:n]


_POWERS = _Powers()


def tokens(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, str | None]:
    """The words of `text` as arrays: (word hashes, True where the token is a boundary
    (`SEP`, which `text` may hold between its parts), start and end of each token in the
    normalised text, and that text when it is not ASCII-only (else None: it is
    `text.lower()` without apostrophes)). The words are those of `words(text)`; a word's
    hash is a polynomial of its code points modulo 2^64 (the same in every run)."""
    a = _normalised_codes(text)
    word = _tables()[0]
    if len(a) and int(a.max()) >= 0x10000:
        w = np.zeros(len(a), dtype=bool)
        bmp = a < 0x10000
        w[bmp] = word[a[bmp]]
        for c in np.unique(a[~bmp]):
            w[a == c] = chr(int(c)).isalnum()
    else:
        w = word[a]
    x = np.zeros(len(a) + 2, dtype=np.int8)
    x[1:-1] = w
    d = np.diff(x)
    starts, ends = np.flatnonzero(d == 1), np.flatnonzero(d == -1)
    p, q = _POWERS.upto(len(a) + 1)
    with np.errstate(over="ignore"):
        s = np.zeros(len(a) + 1, dtype=np.uint64)
        np.cumsum(a.astype(np.uint64) * q[:len(a)], dtype=np.uint64, out=s[1:])
        h = (s[ends] - s[starts]) * p[ends - 1] * _MIX + (ends - starts).astype(np.uint64)
    bad = a[starts] == _SEP if len(starts) else np.zeros(0, dtype=bool)
    norm = None if text.isascii() else a.tobytes().decode("utf-32-le", "surrogatepass")
    return h.view(np.int64), bad, starts, ends, norm


def hashes(words_: list[str]) -> np.ndarray:
    """The hashes `tokens` gives these words (each a word of `words`)."""
    return tokens(" ".join(words_))[0]


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
