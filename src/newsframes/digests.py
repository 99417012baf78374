"""SHA-256 of files, remembered by their stat signature, so that a rebuild after one
changed article does not read and hash every file of the corpus and of data/.

One index per folder, a JSON file under `paths.cache_dir()/digests/` (outside git):
file name -> "size mtime_ns ctime_ns inode sha256" (one string: a list of five objects
would double the memory of a 100,000-article index). A file whose signature is unchanged
is trusted without being read, as git's index does. The ctime is part of it, as in git:
a rewrite in place that puts the mtime back (`touch -r`, `cp -p`, `rsync --inplace -t`)
still changes the ctime, which no user can set. To avoid the "racy" case (a file
changed again within the same timestamp tick as its hashing) a digest is remembered
only when the file's mtime is clearly older than the moment it was hashed: 50 ms on
file systems with sub-second timestamps, 2 s on those with whole seconds. A damaged or
missing index only costs time; results are the same without it."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from .cachefile import write_cache_file

FORMAT = 3
_FINE_NS, _COARSE_NS = 50_000_000, 2_000_000_000


def _racy(mtime_ns: int, hashed_ns: int) -> bool:
    window = _COARSE_NS if mtime_ns % 1_000_000_000 == 0 else _FINE_NS
    return mtime_ns + window > hashed_ns


def sha256_file(path) -> str:
    from .safeio import open_regular

    h = hashlib.sha256()
    with open_regular(path) as fh:  # a FIFO or device named like a record: NotRegularFile, no hang
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class DigestIndex:
    """Digests of the files of one folder. `cache`: the cache root, or None for no
    persistence (every digest is computed)."""

    def __init__(self, folder: Path, cache: Path | None):
        self.folder = Path(folder).resolve()
        self._prefix = str(self.folder) + os.sep  # string paths: pathlib costs more than stat here
        self.file = None
        self.entries: dict[str, str] = {}
        self.seen: dict[str, str] = {}  # this run's answers: a file is stat'ed once per run
        self.dirty = False
        if cache is not None:
            name = hashlib.sha256(str(self.folder).encode()).hexdigest()[:24]
            self.file = Path(cache) / "digests" / f"{name}.json"
            try:
                data = json.loads(self.file.read_bytes())
                if data.get("format") == FORMAT and data.get("folder") == str(self.folder):
                    self.entries = {k: v for k, v in data["files"].items() if isinstance(v, str)}
            except (OSError, ValueError, AttributeError, KeyError, TypeError):
                self.entries = {}

    @staticmethod
    def _sig(st: os.stat_result) -> str:
        return f"{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}"

    def known(self, name: str) -> str | None:
        """The digest of `folder/name` if its signature is unchanged, without reading it."""
        e = self.entries.get(name)
        if e is None:
            return None
        try:
            st = os.stat(self._prefix + name)
        except OSError:
            return None
        sig, _, sha = e.rpartition(" ")
        if sig != f"{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}":
            return None
        self.seen[name] = sha  # this run's answer (see `sha256`)
        return sha

    def sha256(self, name: str) -> str:
        """The digest of `folder/name` (OSError when it cannot be read); asked again in
        the same run, the same answer."""
        got = self.seen.get(name) or self.known(name)
        if got is not None:
            return got
        path = self._prefix + name
        at = time.time_ns()
        st = os.stat(path)
        digest = sha256_file(path)
        self.remember(name, digest, st, at=at)
        self.seen[name] = digest
        return digest

    def remember(self, name: str, digest: str, st: os.stat_result | None = None, *, at: int | None = None,
                 trusted: bool = False) -> None:
        """Record a digest computed elsewhere; `at`: when the content was read (default:
        now). `trusted`: the caller wrote the file itself and stat'ed it after closing
        it (the build's own outputs): no racy-timestamp window."""
        self.seen.pop(name, None)  # the file may have been replaced in this run
        if st is None:
            try:
                st = os.stat(self.folder / name)
            except OSError:
                return
        if not trusted and _racy(max(st.st_mtime_ns, st.st_ctime_ns), time.time_ns() if at is None else at):
            self.entries.pop(name, None)
            return
        sig = f"{self._sig(st)} {digest}"
        if self.entries.get(name) != sig:
            self.entries[name] = sig
            self.dirty = True

    def forget_missing(self) -> None:
        for name in [n for n in self.entries if not (self.folder / n).exists()]:
            del self.entries[name]
            self.dirty = True

    def save(self) -> None:
        if self.file is None or not self.dirty:
            return
        data = json.dumps({"format": FORMAT, "folder": str(self.folder),
                           "files": dict(sorted(self.entries.items()))}).encode("utf-8")
        if write_cache_file(self.file, data):
            self.dirty = False

