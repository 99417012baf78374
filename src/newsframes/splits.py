"""Split assignment: once, at creation, from a hash of the id; never changed after."""

from __future__ import annotations

import hashlib

SPLITS = ("train", "validation", "test")
# share of the hash space per split: 80 / 10 / 10
_BOUNDS = ((80, "train"), (90, "validation"), (100, "test"))


def assign_split(article_id: str) -> str:
    bucket = int.from_bytes(hashlib.sha256(article_id.encode("utf-8")).digest()[:8], "big") % 100
    for bound, split in _BOUNDS:
        if bucket < bound:
            return split
    raise AssertionError("unreachable")
