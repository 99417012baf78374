"""Token boundaries of the blank spaCy tokenizer of the record's language, cached by text
hash.

The language class: `spacy.blank(<primary subtag>)` when spaCy has a class for it that
loads without extra packages (spaCy 3.8: bg de el en es fr hi it pl pt ru, among others);
otherwise the multi-language class `xx` (e.g. Georgian `ka`, which spaCy lacks, or `ja`,
`ko`, `th`, `vi`, `zh`, whose classes need tokenizer packages that are not dependencies
of newsframes). `spacy_code` says which one a tag gets.

Tokenizing costs a few milliseconds per article plus loading spaCy, so the start and end
offsets of the (non-space) tokens are kept in `paths.cache_dir()/tokens/<sha[:2]>/<sha256>.json`
(English) or `tokens/<sha[:2]>/<code>-<sha256>.json` (sharded by the sha's first two hex
digits, so no folder holds more than a few thousand files at 100,000 articles). The cache
is an optimisation only: results are the same with or without it, and a corrupt or stale cache file is ignored and
rewritten."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from functools import lru_cache
from pathlib import Path

from ..cachefile import write_cache_file

CACHE_FORMAT = 1


FALLBACK = "xx"


@lru_cache(maxsize=64)
def spacy_code(tag: str | None) -> str:
    """The spaCy language code whose blank tokenizer a BCP 47 tag gets (see the module)."""
    code = (tag or "en").split("-", 1)[0].lower()
    try:
        _nlp(code).make_doc("a")
    except Exception:  # noqa: BLE001 - no class (ImportError), or one that needs a missing package
        return FALLBACK
    return code


_NLP_LOCK = threading.Lock()  # one maker at a time: a caller waits for `prewarm`'s, never makes a second


def _nlp(code: str = "en"):
    with _NLP_LOCK:
        return _make_nlp(code)


@lru_cache(maxsize=16)
def _make_nlp(code: str):
    import spacy

    return spacy.blank(code)  # made once: `spacy_code` tries it, the tokenizer then uses it


def prewarm(language: str | None = "en") -> threading.Thread:
    """Load spaCy and the tokenizer of `language` on a thread, from now on (about half a
    second, mostly imports): the caller goes on with work that waits on git or the disk,
    and the first `token_boundaries` that needs the tokenizer finds it made (or waits for
    it). A failure is left to that call, which reports it as it would have."""
    def load():
        try:
            spacy_code(language)
        except Exception:  # noqa: BLE001 - the caller's own call meets the same error
            pass

    thread = threading.Thread(target=load, name="newsframes-spacy-prewarm")
    thread.start()
    return thread


def cached(cache_dir: Path, sha: str) -> bool:
    """Whether the cache holds token boundaries of the text `sha` under any language code
    (a hint for `prewarm`: the file itself is checked when read)."""
    folder = Path(cache_dir) / "tokens" / sha[:2]
    try:
        return any(name.endswith(f"{sha}.json") for name in os.listdir(folder))
    except OSError:
        return False


def _spacy_version() -> str:
    from ..versions import dist_version

    return dist_version("spacy")


def compute_boundaries(text: str, language: str | None = "en") -> tuple[frozenset[int], frozenset[int]]:
    doc = _nlp(spacy_code(language)).make_doc(text)
    starts, ends = set(), set()
    for tok in doc:
        if tok.is_space:
            continue
        starts.add(tok.idx)
        ends.add(tok.idx + len(tok.text))
    return frozenset(starts), frozenset(ends)


def _read_cache(path: Path, sha: str, n: int):
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read())
        if (data.get("format") != CACHE_FORMAT or data.get("sha256") != sha
                or data.get("spacy") != _spacy_version()):
            return None
        starts, ends = data["starts"], data["ends"]
        for seq in (starts, ends):
            if not isinstance(seq, list):
                return None
            if seq and (not set(map(type, seq)) <= {int} or min(seq) < 0 or max(seq) > n):
                return None
        return frozenset(starts), frozenset(ends)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def token_boundaries(text: str, cache_dir: Path | None = None, sha: str | None = None,
                     language: str | None = "en") -> tuple[frozenset[int], frozenset[int]]:
    """(token starts, token ends) in code points, by the tokenizer of `language` (a BCP 47
    tag). With `cache_dir`, read/write the cache."""
    if cache_dir is None:
        return compute_boundaries(text, language)
    sha = sha or hashlib.sha256(text.encode("utf-8")).hexdigest()

    def path_of(code: str) -> Path:
        return Path(cache_dir) / "tokens" / sha[:2] / (f"{sha}.json" if code == "en" else f"{code}-{sha}.json")

    # Looked up under the tag's own code first, without loading spaCy (most of a second, and
    # a rebuild after an edit that left the text alone needs nothing else from it): a file is
    # written only under the code `spacy_code` gives, so one under the tag's own code is that
    # code's (and `_read_cache` checks the spaCy version it was made with).
    own = (language or "en").split("-", 1)[0].lower()
    hit = _read_cache(path_of(own), sha, len(text))
    if hit is not None:
        return hit
    code = spacy_code(language)
    path = path_of(code)
    if code != own:
        hit = _read_cache(path, sha, len(text))
        if hit is not None:
            return hit
    starts, ends = compute_boundaries(text, language)
    payload = {"format": CACHE_FORMAT, "sha256": sha, "spacy": _spacy_version(),
               "starts": sorted(starts), "ends": sorted(ends)}
    write_cache_file(path, (json.dumps(payload, separators=(",", ":")) + "\n").encode("utf-8"))
    return starts, ends
