"""Cached results of levels 1-3 per record pair, keyed by the SHA-256 of both files'
bytes and the file name (the id must match it), in a snapshot whose env is everything
else the checks depend on (schema, taxonomies, newsframes and spaCy versions). Used by `newsframes build` so an
unchanged article is not checked again; level 4 always runs over every record.

The results live in one `snapshot.Snapshot` per corpus folder (not one file per record:
writing 2,000 small files cost a full build more than validating them); the keys come
from a `digests.DigestIndex`. A damaged or missing snapshot is ignored; results are the
same with or without it."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from .issues import Issue
from .l4_corpus import Facts

RESULTS_FORMAT = 4
_JSON, _TXT = "\0json", "\0txt"


@lru_cache(maxsize=8)
def env_key(schema_path: str, taxonomy_dir: str | None) -> str:
    from .. import __version__
    from .tokens import _spacy_version

    h = hashlib.sha256(f"{RESULTS_FORMAT}\0{__version__}\0{_spacy_version()}\0".encode())
    h.update(Path(schema_path).read_bytes())
    tax = Path(taxonomy_dir) if taxonomy_dir else Path(schema_path).parent / "taxonomies"
    for p in sorted(tax.glob("*.json")):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    here = Path(__file__).parent
    for p in [*sorted(here.glob("*.py")), here.parent / "jsonio.py", here.parent / "provenance.py"]:  # the checks
        h.update(p.read_bytes())
    return h.hexdigest()


def _parse(data, key: str, display: str, txt_display: str):
    try:
        if data["key"] != key:
            return None
        names = {_JSON: display, _TXT: txt_display}
        issues = [Issue(**{**i, "path": names[i["path"]]}) for i in data["issues"]]
        f = data["facts"]
        facts = None if f is None else Facts(display, f["id"], f["split"], f["text_sha256"], f["gold"],
                                       tuple(f["same_text"]), f["rights"])
        return issues, facts
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _payload(key: str, display: str, txt_display: str, issues: list[Issue], facts) -> dict | None:
    names = {display: _JSON, txt_display: _TXT}
    if any(i.path not in names for i in issues):
        return None  # an issue about another file: not cacheable
    return {"key": key,
            "issues": [{**i.to_dict(), "path": names[i.path]} for i in issues],
            "facts": None if facts is None else {"id": facts.id, "split": facts.split,
                                                 "text_sha256": facts.text_sha256, "gold": facts.gold,
                                                 "same_text": list(facts.same_text), "rights": facts.rights}}


class Lookup:
    """Results of unchanged record pairs found before any worker starts: the build's
    fast path. Values come from a `snapshot.Snapshot` made with `env_key(...)` as its
    env (a snapshot of another env is empty), keys from a `digests.DigestIndex` of the
    corpus folder (no file is read when its stat signature is unchanged): the file stem
    and the two files' digests, which with the env are everything a result depends on."""

    def __init__(self, digests, snapshot, passes=None):
        """`passes`: a `digests.DigestIndex` of the project's annotations/ folder, for
        the keys of pass files (`pass_key`); without it their bytes are hashed."""
        self.digests, self.snapshot, self.passes = digests, snapshot, passes
        self._folder = str(digests.folder)
        self._indexed: dict[tuple[int, str], bool] = {}  # (index, folder) -> the index covers the folder

    def _digest(self, index, folder: str, name: str) -> str:
        from ..digests import sha256_file

        covered = self._indexed.get((id(index), folder))
        if covered is None:  # resolved once per folder (pathlib costs more than the lookups)
            covered = index is not None and Path(folder).resolve() == index.folder
            self._indexed[(id(index), folder)] = covered
        return index.sha256(name) if covered else sha256_file(os.path.join(folder, name))

    def pass_key(self, folder: str, article: str, name: str, corpus: str) -> str | None:
        """The key of the annotation pass `folder`/`article`/`name` (folder: annotations/)
        checked against `corpus`/`article`.txt: "pass <article>/<pass id>" and the two
        files' digests."""
        try:
            sha = (self._digest(self.passes, folder, f"{article}/{name}"),
                   self._digest(self.digests, corpus, f"{article}.txt"))
        except OSError:
            return None
        return f"pass {article}/{name[:-5]} {sha[0]} {sha[1]}"

    @staticmethod
    def pass_key_of(path: Path, sha: tuple[str, str] | None) -> str | None:
        """The key of a pass's results computed from bytes with the digests `sha`."""
        if sha is None:
            return None
        path = Path(path)
        return f"pass {path.parent.name}/{path.stem} {sha[0]} {sha[1]}"

    def key(self, json_path: str) -> str | None:
        folder, name = os.path.split(str(json_path))
        if folder != self._folder or not name.endswith(".json"):
            return None
        stem = name[:-5]
        try:
            return f"{stem} {self.digests.sha256(name)} {self.digests.sha256(stem + '.txt')}"
        except OSError:
            return None

    def key_of(self, json_path: str, sha: tuple[str, str] | None) -> str | None:
        """The key of results computed from bytes with the digests `sha` (None: not kept)."""
        folder, name = os.path.split(str(json_path))
        if sha is None or folder != self._folder or not name.endswith(".json"):
            return None
        return f"{name[:-5]} {sha[0]} {sha[1]}"

    @staticmethod
    def sha_of(key: str) -> tuple[str, str]:
        _, rs, ts = key.rsplit(" ", 2)
        return rs, ts

    def get(self, key: str | None, display: str, txt_display: str):
        if key is None:
            return None
        data = self.snapshot.get(key)
        return None if data is None else _parse(data, key, display, txt_display)

    def save(self) -> None:
        """Keep the results and digests of this run (the snapshot and digest indexes)."""
        self.snapshot.save()
        self.digests.save()
        if self.passes is not None:
            self.passes.save()

    def put(self, key: str | None, display: str, txt_display: str, issues: list[Issue], facts) -> None:
        if key is not None:
            payload = _payload(key, display, txt_display, issues, facts)
            if payload is not None:
                self.snapshot.put(key, payload)
