"""Writing a cache file (under `paths.cache_dir()`, outside git): a temporary file beside
it, then a rename, so a reader never sees half a file. Without the fsync of
`jsonio.atomic_write_bytes`: a cache file lost in a crash is simply computed again."""

from __future__ import annotations

import os
from pathlib import Path


class CacheUnwritable(Exception):
    """A cache file that must be written (a row-cache entry) cannot be: the build goes
    on without the cache. args: (cache folder, reason)."""

    def __init__(self, folder: str, reason: str):
        super().__init__(folder, reason)
        self.folder, self.reason = folder, reason

    def __str__(self) -> str:
        return f"the cache {self.folder} cannot be written ({self.reason})"


def write_cache_file(path: Path, data: bytes, *, quiet: bool = True) -> bool:
    """Write `data` to `path`; True when written. `quiet`: an OSError (a read-only or
    full cache) is swallowed, since a cache that cannot be written only costs time;
    otherwise it is raised. The temporary file never stays behind."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        if not quiet:
            raise
        return False
