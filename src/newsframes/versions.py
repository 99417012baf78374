"""Installed versions of libraries, for cache keys, without importing
`importlib.metadata` (~30 ms: it pulls in email, zipfile and csv) or the library itself.

The `<name>-<version>.dist-info` folders on `sys.path` are looked up directly and the
version is read from their METADATA; anything unusual falls back to
`importlib.metadata`. Only caches are keyed by these strings, never outputs."""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


@lru_cache(maxsize=None)
def dist_version(name: str) -> str:
    """The installed version of distribution `name` ("unknown" when not installed)."""
    want = _normal(name)
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for fn in names:
            if fn.endswith(".dist-info") and _normal(fn[:-10].rpartition("-")[0]) == want:
                got = _metadata_version(os.path.join(entry, fn, "METADATA"))
                if got:
                    return got
    return _slow(name)


def _metadata_version(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("Version:"):
                    return line.split(":", 1)[1].strip()
                if not line.strip():  # end of the headers
                    break
    except (OSError, UnicodeDecodeError):
        pass
    return None


def _slow(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"
