"""The store: everything newsframes keeps between runs, in one folder outside git
(`paths.cache_dir()`: $NEWSFRAMES_CACHE, else ~/.cache/newsframes). It changes no byte of
what a command writes: every object is found by the SHA-256 of everything it was computed
from, so a stale object is never found, only missed, and a damaged one is computed again.
Files are written as a temporary file and a rename (`cachefile`), without fsync; an object
whose content goes into what a command writes carries the sha256 of its bytes (a damaged
object is a miss, even one that still parses).

Objects, `<kind>/<key[:2]>/<key>.json` (docs/caches.md says what each buys):
    groups    what a group of articles gave: its Parquet files' sha256, sizes, rows, and its
              articles' facts; key: the group's fingerprint (`dataset.groups`)
    tokens    token offsets of a text (validation level 3); key: the text's sha256
    features  Arrow schemas, card YAML and Croissant record sets; key: code, taxonomies,
              library versions (`dataset.bundle`)
    leaks     the leak check's results by file; key: the withheld texts (`leaks.check`)
Indexes, one file per folder, which make a lookup cost no file read:
    digests   file name -> stat signature and sha256 (`digests.DigestIndex`)
    snapshots validation results of the last run by record content (`snapshot.Snapshot`)
    outputs   the groups the last build put in an output folder (`outputs`/`set_outputs`)"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .cachefile import read_small, sealed, unsealed, write_cache_file


class Store:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.unwritable: str | None = None  # why an object could not be kept (the first time)

    @classmethod
    def default(cls) -> Store:
        from .paths import cache_dir

        return cls(cache_dir())

    def path(self, kind: str, key: str, suffix: str = ".json") -> Path:
        return self.root / kind / key[:2] / f"{key}{suffix}"

    def read_json(self, kind: str, key: str):
        """The object, or None when it is missing, unreadable or not the bytes that were
        written (`cachefile.sealed`: a damaged object that still parses is a miss too)."""
        try:
            data = unsealed(read_small(self.path(kind, key)))
            return None if data is None else json.loads(data)
        except (OSError, ValueError, RecursionError):
            return None

    def write_json(self, kind: str, key: str, value, *, quiet: bool = True) -> bool:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return write_cache_file(self.path(kind, key), sealed(data), quiet=quiet)

    # --- groups (dataset.groups): what a fingerprint gave
    def group(self, fingerprint: str):
        """The `project.Made` of a group fingerprint, or None."""
        from .dataset.project import Made

        got = self.read_json("groups", fingerprint)
        try:
            made = Made.from_json(got) if isinstance(got, dict) else None
        except ValueError:
            return None
        return made if made is not None and made.fingerprint == fingerprint else None

    def put_group(self, made) -> None:
        """Keep what a group gave; a store that cannot be written costs only time (the
        first failure is kept in `unwritable`, for the one line a command prints)."""
        try:
            self.write_json("groups", made.fingerprint, made.to_json(), quiet=False)
        except OSError as exc:
            if self.unwritable is None:
                self.unwritable = (f"the store {self.root} cannot be written ({exc.strerror or exc}): nothing is "
                                   "kept for the next run, which does the same work again")

    # --- indexes
    def digests(self, folder: Path):
        from .digests import DigestIndex

        return DigestIndex(folder, self.root)

    def snapshot(self, purpose: str, folder: Path, env: str = ""):
        from .snapshot import Snapshot

        return Snapshot(self.root, purpose, folder, env)

    def _outputs_file(self, folder: Path) -> Path:
        name = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:24]
        return self.root / "outputs" / f"{name}.json"

    def outputs(self, folder: Path) -> list[str]:
        """The fingerprints of the groups the last build put in `folder`."""
        try:
            data = json.loads(self._outputs_file(folder).read_bytes())
            if data.get("folder") == str(Path(folder).resolve()) and isinstance(data.get("groups"), list):
                return [g for g in data["groups"] if isinstance(g, str)]
        except (OSError, ValueError, AttributeError):
            pass
        return []

    def set_outputs(self, folder: Path, fingerprints: list[str]) -> None:
        data = {"folder": str(Path(folder).resolve()), "groups": list(fingerprints)}
        write_cache_file(self._outputs_file(folder), json.dumps(data).encode("utf-8"))


def store_of(cache) -> Store | None:
    """The store a command uses: `cache` True for the default one, a folder, or
    None/False for none."""
    if cache is True:
        return Store.default()
    if cache:
        return Store(Path(os.fspath(cache)))
    return None
