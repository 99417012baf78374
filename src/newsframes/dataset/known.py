"""What earlier builds made that this one may reuse: what a group fingerprint gave, from
the store (made on this machine) or the base commit (verified there in full); a file with
the bytes of a known group's file; and, for a group that must be written, where each of
its articles' rows already are.

A file is found by its SHA-256 only: among the files of the previous output folder (the
digest index knows those whose stat signature is unchanged; the others are hashed), else
the base commit's blob of it. So a hand-edited, moved or stale file is never taken for
another: it is simply not found, and the group is written."""

from __future__ import annotations

import os
from pathlib import Path

from .features import CONFIGS


class OldFiles:
    """The Parquet files of a previous output folder, by sha256."""

    def __init__(self, folder: Path, index=None):
        from ..digests import sha256_file

        self.by_sha: dict[str, Path] = {}
        if not folder.is_dir() or folder.is_symlink():
            return
        for cfg in CONFIGS:
            sub = folder / cfg
            try:
                names = sorted(os.listdir(sub))
            except OSError:
                continue
            for name in names:
                path = sub / name
                if not name.endswith(".parquet") or path.is_symlink() or not path.is_file():
                    continue
                try:
                    sha = index.sha256(f"{cfg}/{name}") if index is not None else sha256_file(path)
                except OSError:
                    continue
                self.by_sha.setdefault(sha, path)

    def find(self, sha: str) -> Path | None:
        return self.by_sha.get(sha)


class Known:
    """`store`: a `store.Store` or None; `base`: a `base.Base` or None; `old`: `OldFiles`
    of the previous output folder or None; `out`: that folder; `scratch`: a folder for
    the base's blobs that no file of the output folder holds."""

    def __init__(self, store, base, old: OldFiles | None, out: Path, scratch: Path):
        self.store, self.base, self.old, self.out, self.scratch = store, base, old, out, scratch
        self._holders: dict | None = None
        self._files: dict[tuple[str, str], Path | None] = {}

    def group(self, fingerprint: str):
        """The `project.Made` of a fingerprint (a fresh copy), or None."""
        got = self.store.group(fingerprint) if self.store is not None else None
        if got is not None:
            got.how = "store"
            return got
        if self.base is not None:
            got = self.base.group(fingerprint)
            if got is not None:
                got.how = "base"
        return got

    def file(self, made, cfg: str) -> Path | None:
        """A file holding the bytes of `made`'s file of `cfg`, or None."""
        sha = made.files[cfg]["sha256"]
        if (sha, cfg) not in self._files:
            found = self.old.find(sha) if self.old is not None else None
            if found is None and self.base is not None:
                found = self.base.blob_file(made.fingerprint, cfg, sha, self.scratch)
            self._files[(sha, cfg)] = found
        return self._files[(sha, cfg)]

    def files(self, made) -> dict[str, Path] | None:
        """config -> a file with each of `made`'s files, or None when one is not found."""
        out = {}
        for cfg in made.files:
            path = self.file(made, cfg)
            if path is None:
                return None
            out[cfg] = path
        return out

    def holder(self, key: tuple[str, str, str, str]):
        """(Made, index of the article in it) of a known group holding the rows of the
        article `key` (`project.Record.key`: id, digests, text status), or None. The candidates:
        the groups the last build put in the output folder (the store's record of them)
        and the base's groups."""
        if self._holders is None:
            self._holders = {}
            candidates = []
            if self.store is not None:
                candidates += [g for g in (self.store.group(fp) for fp in self.store.outputs(self.out)) if g]
            if self.base is not None:
                candidates += self.base.all_groups()
            for made in candidates:
                for i, a in enumerate(made.articles):
                    self._holders.setdefault(a.key, (made, i))
        return self._holders.get(key)


def offsets(made) -> list[list[int]]:
    """For each article of `made`: its first row in each config's file (CONFIGS order)."""
    out, at = [], [0] * len(CONFIGS)
    for a in made.articles:
        out.append(list(at))
        at = [n + a.rows[j] for j, n in enumerate(at)]
    return out
