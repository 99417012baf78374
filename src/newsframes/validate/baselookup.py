"""The results of records and passes that the base commit validated (`validate --base
REF`): a file git reports unchanged since the base is valid as it was there (the base
passed the full check), so only the others are checked; level 4 runs over every record,
with the facts of the unchanged ones from the base's data/MANIFEST.json. What is not
answered here goes to `inner` (the store's results, or none).

Two cases need a record's own facts, which the manifest does not keep, so such a record
is checked as if it had changed: its text is also another record's (whether it declares
it, NF407, is in the record), or a file of its annotations/<id>/ folder was deleted (the
gold checks, NF506/NF507)."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path

from .l4_corpus import Facts

BASE = "base "


class BaseLookup:
    def __init__(self, base, corpus: Path, inner=None):
        self.base, self.inner = base, inner
        self.corpus = Path(corpus).resolve()
        rel = base.rel(self.corpus)
        self.prefix = None if rel is None else (rel + "/" if rel else "")  # the corpus in the repository
        self._folders: dict[str, str | None] = {}  # annotations/ folder -> its prefix in the repository
        self._ours: dict[str, bool] = {}  # folder of a record -> it is the corpus folder
        self.facts = base.articles()
        texts = Counter(a.text_sha256 for a in self.facts.values())
        own: set[str] = set()
        for name in os.listdir(self.corpus):
            if name.endswith(".json") and not self._same(name[:-5]):
                own.add(name[:-5])
                try:
                    texts[hashlib.sha256((self.corpus / f"{name[:-5]}.txt").read_bytes()).hexdigest()] += 1
                except OSError:
                    pass
        deleted = {Path(p[len(base.prefix):]).parts[1] for p in base.deleted()
                   if p.startswith(base.prefix + "annotations/")}
        self.trusted = {i for i, a in self.facts.items()
                        if i not in own and texts[a.text_sha256] == 1 and i not in deleted}

    def _same(self, stem: str) -> bool:
        return (self.prefix is not None and stem in self.facts
                and self.base.unchanged(f"{self.prefix}{stem}.json") and self.base.unchanged(f"{self.prefix}{stem}.txt"))

    # --- records
    def key(self, json_path: str) -> str | None:
        folder, name = os.path.split(str(json_path))
        stem = name[:-5]
        if folder not in self._ours:
            self._ours[folder] = Path(folder).resolve() == self.corpus
        if self._ours[folder] and stem in self.trusted and self._same(stem):
            return BASE + stem
        return self.inner.key(json_path) if self.inner is not None else None

    def key_of(self, json_path: str, sha):
        return self.inner.key_of(json_path, sha) if self.inner is not None else None

    def sha_of(self, key: str) -> tuple[str, str]:
        if key.startswith(BASE):
            a = self.facts[key[len(BASE):]]
            return a.record_sha256, a.text_sha256
        return self.inner.sha_of(key)

    def get(self, key: str | None, display: str, txt_display: str):
        if key is None:
            return None
        if key.startswith(BASE + "pass "):
            return [], None
        if key.startswith(BASE):
            a = self.facts[key[len(BASE):]]
            return [], Facts(display, a.id, a.split, a.text_sha256, None, (), a.rights)
        return self.inner.get(key, display, txt_display) if self.inner is not None else None

    def put(self, key, display, txt_display, issues, facts) -> None:
        if self.inner is not None and key is not None and not key.startswith(BASE):
            self.inner.put(key, display, txt_display, issues, facts)

    # --- annotation passes
    def pass_key(self, folder: str, article: str, name: str, corpus: str) -> str | None:
        if folder not in self._folders:
            rel = self.base.rel(Path(folder))
            self._folders[folder] = None if rel is None else (rel + "/" if rel else "")
        at = self._folders[folder]
        if at is not None and article in self.trusted and self._same(article) and \
                self.base.unchanged(f"{at}{article}/{name}"):
            return f"{BASE}pass {article}/{name}"
        return self.inner.pass_key(folder, article, name, corpus) if self.inner is not None else None

    def pass_key_of(self, path: Path, sha):
        return self.inner.pass_key_of(path, sha) if self.inner is not None else None

    def save(self) -> None:
        if self.inner is not None:
            self.inner.save()
