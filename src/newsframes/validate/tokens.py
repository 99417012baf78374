"""Token boundaries of the blank English spaCy tokenizer, cached by text hash.

Tokenizing costs a few milliseconds per article plus loading spaCy, so the start and end
offsets of the (non-space) tokens are kept in `paths.cache_dir()/tokens/<sha256>.json`.
The cache is an optimisation only: results are the same with or without it, and a
corrupt or stale cache file is ignored and rewritten."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from ..cachefile import write_cache_file

CACHE_FORMAT = 1


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    return spacy.blank("en")


def _spacy_version() -> str:
    from ..versions import dist_version

    return dist_version("spacy")


def compute_boundaries(text: str) -> tuple[frozenset[int], frozenset[int]]:
    doc = _nlp().make_doc(text)
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


def token_boundaries(text: str, cache_dir: Path | None = None,
                     sha: str | None = None) -> tuple[frozenset[int], frozenset[int]]:
    """(token starts, token ends) in code points. With `cache_dir`, read/write the cache."""
    if cache_dir is None:
        return compute_boundaries(text)
    sha = sha or hashlib.sha256(text.encode("utf-8")).hexdigest()
    path = Path(cache_dir) / "tokens" / f"{sha}.json"
    hit = _read_cache(path, sha, len(text))
    if hit is not None:
        return hit
    starts, ends = compute_boundaries(text)
    payload = {"format": CACHE_FORMAT, "sha256": sha, "spacy": _spacy_version(),
               "starts": sorted(starts), "ends": sorted(ends)}
    write_cache_file(path, (json.dumps(payload, separators=(",", ":")) + "\n").encode("utf-8"))
    return starts, ends
