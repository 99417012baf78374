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


SEAL = b"sha256:"


def sealed(data: bytes) -> bytes:
    """`data` with the sha256 of its bytes in front (one line): what `unsealed` accepts.
    For a store object whose content goes into what a command writes (a group's facts, the
    Arrow schemas): a damaged object that still parses (a digit changed) is then a miss,
    never a wrong MANIFEST or card."""
    import hashlib

    return SEAL + hashlib.sha256(data).hexdigest().encode("ascii") + b"\n" + data


def unsealed(raw: bytes) -> bytes | None:
    """The data of a `sealed` object, or None when its bytes are not what was sealed."""
    import hashlib

    head, sep, data = raw.partition(b"\n")
    if not sep or not head.startswith(SEAL) or head[len(SEAL):] != hashlib.sha256(data).hexdigest().encode("ascii"):
        return None
    return data


def read_small(path: Path, limit: int = 1 << 30) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (OSError otherwise): a FIFO,
    device or link put in the store is never read (a FIFO would block, /dev/zero never
    ends)."""
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            raise OSError(f"{path}: not a regular file of at most {limit} bytes")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(limit + 1)
    finally:
        os.close(fd)
