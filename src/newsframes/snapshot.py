"""Per-folder snapshots of cached facts: one file holding, for every article of the
last run, what a cache keyed by content gave for it (validation results, row-cache
metadata). Reading one file replaces opening thousands of small cache entries, which
is most of what a rebuild after a one-article change would otherwise do.

A snapshot lives under `paths.cache_dir()/snapshots/` (outside git), keyed by purpose
and folder; values are looked up by the same content keys as the per-entry caches, so a
stale snapshot cannot give a wrong answer, only a miss. On save it keeps the entries
used or added in this run (it does not grow without bound)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .cachefile import write_cache_file

FORMAT = 1


class Snapshot:
    def __init__(self, cache_root: Path | None, purpose: str, folder: Path, env: str = ""):
        self.file = None
        self.old: dict = {}
        self.new: dict = {}
        self.changed = False  # a value was put that the file does not hold
        self.env = env
        if cache_root is None:
            return
        name = hashlib.sha256(f"{purpose}\0{Path(folder).resolve()}".encode()).hexdigest()[:24]
        self.file = Path(cache_root) / "snapshots" / f"{purpose}-{name}.json"
        try:
            import orjson

            data = orjson.loads(self.file.read_bytes())
            if data.get("format") == FORMAT and data.get("env") == env and isinstance(data.get("entries"), dict):
                self.old = data["entries"]
        except (OSError, ValueError, AttributeError, ImportError):
            self.old = {}

    def get(self, key: str):
        got = self.new.get(key)
        if got is None:
            got = self.old.get(key)
            if got is not None:
                self.new[key] = got
        return got

    def put(self, key: str, value) -> None:
        if not self.changed and self.old.get(key) != value:
            self.changed = True
        self.new[key] = value

    def save(self) -> None:
        """Write the entries used or added in this run, unless they are the file's."""
        if self.file is None or (not self.changed and len(self.new) == len(self.old)):
            return
        import orjson

        data = orjson.dumps({"format": FORMAT, "env": self.env, "entries": self.new}, option=orjson.OPT_SORT_KEYS)
        if write_cache_file(self.file, data):
            self.old, self.changed = dict(self.new), False
