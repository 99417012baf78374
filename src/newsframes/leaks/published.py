"""Which files the leak check reads, and its problems as one-line messages.

`build --check` reads what `newsframes publish` would upload (the card as built, the
top-level documents, data/ as built: its Parquet files, MANIFEST.json and croissant.json;
schema/, the files of annotations/ that publish sends) and docs/ as well (the card links
to it). `publish` reads exactly the files it uploads. The titles of the withheld articles
(a headline may be quoted) are read from the data's `articles` rows, not from every
record."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .check import N, Published, Withheld, results, scan

STORE = object()  # `cache_folder` default: the store (paths.cache_dir)


class Titles:
    """`titles_of(data)`, read when first asked for (never when every result is cached)."""

    def __init__(self, data: Path):
        self.data, self._titles = data, None

    def get(self, aid: str, default=None):
        if self._titles is None:
            self._titles = titles_of(self.data)
        return self._titles.get(aid, default)


def titles_of(data: Path) -> dict[str, str | None]:
    """article id -> title, from the `articles` Parquet files of a data folder (empty when
    they cannot be read: each record's title is then read from the record)."""
    import pyarrow.parquet as pq

    out: dict[str, str | None] = {}
    for path in sorted((Path(data) / "articles").glob("*.parquet")):
        try:
            table = pq.read_table(path, columns=["id", "title"])
        except Exception:  # noqa: BLE001 - a damaged file: the records are read instead
            return {}
        out.update(zip(table.column("id").to_pylist(), table.column("title").to_pylist()))
    return out


def withheld_texts(project, entries: list[dict], *, verify: bool = True,
                   titles=None) -> tuple[list[Withheld], list[str]]:
    """The withheld texts (corpus/<id>.txt) of `entries` ({id, text_sha256[, record_sha256]}).
    `verify`: read each text and report one that is missing or is not the text the data was
    built from (publish); without it nothing is read here (a fresh build's own entries).
    `titles`: id -> title, as the data publishes them (`titles_of`, or a lazy `Titles`)."""
    texts, problems = [], []
    for e in entries:
        path = Path(project.corpus) / f"{e['id']}.txt"
        if verify:
            try:
                sha = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError as exc:
                problems.append(f"{path}: cannot read the withheld text of {e['id']} ({exc.strerror}); the leak "
                                "check needs it")
                continue
            if sha != e["text_sha256"]:
                problems.append(f"{path}: not the text data/ was built from (sha256 {sha[:12]}…, data says "
                                f"{e['text_sha256'][:12]}…); run `newsframes build`")
                continue
        texts.append(Withheld(e["id"], e["text_sha256"], path, record_sha256=e.get("record_sha256", ""),
                              titles=titles))
    return texts, problems


def leak_problems(files: list[Published], texts: list[Withheld], *, n: int = N) -> list[str]:
    """One message per file holding a run of `n` withheld words (results kept in the store)."""
    from ..paths import cache_dir

    return [f.message(n) for f in scan(files, texts, n=n, cache_folder=cache_dir())]


def _folder(cache_folder):
    """`cache_folder` as given, the store for `STORE`."""
    from ..paths import cache_dir

    return cache_dir() if cache_folder is STORE else cache_folder


def title_problems(project, texts: list[Withheld], *, n: int = N, known: dict | None = None,
                   cache_folder=STORE) -> list[str]:
    """The rights policy keeps titles, and a headline's words are allowed wherever they
    appear: a withheld article whose text is nothing but its title (of `n` words or more)
    would be published whole through it (issue 24). One problem each."""
    from .check import cached_whole_titles

    return [f"{project.rel(project.out)}/: the title of {aid} is its whole withheld text ({words} words), and "
            f"titles are published: set `title` to null in corpus/{aid}.json (docs/rights.md, leak check)"
            for aid, words in cached_whole_titles(texts, n, _folder(cache_folder), known)]


def _walk(folder: Path, shown: str) -> list[Published]:
    out = []
    if not folder.is_dir():
        return out
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if name.startswith(".") or not p.is_file() or p.is_symlink():
                continue  # links are refused by `symlink_problems` / publish
            out.append(Published(f"{shown}/{p.relative_to(folder).as_posix()}", path=p))
    return out


def check_files(project, built, folder: Path) -> tuple[list[Published], list[str]]:
    """The files `build --check` reads for leaks: the freshly built data folder (under
    its published name, sha256 from the build where known), the built card, and the
    project's files publish would send, plus docs/."""
    held = {w["id"] for w in built.withheld_texts}
    known = {rel: info["sha256"] for rel, info in built.files.items()}
    files = [Published(f.name, path=f.path, sha256=known.get(f.name)) for f in _walk(folder, built.out_rel)]
    if project.card_path is not None:  # `--out DIR` without `--card` writes no card
        files.append(Published(project.rel(project.card_path), data=built.card_text.encode("utf-8")))
    more, problems = project_files(project, held, data=False)
    return files + more, problems


def project_files(project, held: set[str], *, data: bool = True) -> tuple[list[Published], list[str]]:
    """What `build --check` reads besides what it builds: the top-level documents publish
    sends (not the card), schema/, docs/ and the files of annotations/ publish sends (not
    those of the `held` articles); with `data`, data/ as it is on disk too."""
    from ..release.uploadset import TOP_FILES, annotation_files

    files = _walk(project.out, project.rel(project.out)) if data else []
    base = project.card_dir
    files += [Published(name, path=base / name) for name in TOP_FILES
              if name != "README.md" and (base / name).is_file() and not (base / name).is_symlink()]
    files += _walk(project.root / "schema", "schema") + _walk(project.root / "docs", "docs")
    problems: list[str] = []
    files += [Published(name, path=p) for p, name, _ in annotation_files(project, held, problems)
              if p.is_file() and not p.is_symlink()]
    return files, problems


def check_problems(project, built, folder: Path, *, known: dict | None = None, cache_folder=STORE) -> list[str]:
    """The leak problems of `build --check` (none for a full-text build: it keeps every
    text by design). The withheld texts are the fresh build's own: none is read unless a
    file has to be scanned. `known`: a `Speculation`'s results; `cache_folder`: where the
    results are kept between runs (default: the store; None: nowhere, `build --check --full`)."""
    if not project.withhold or not built.withheld_texts:
        return []
    files, problems = check_files(project, built, folder)
    records = {a["id"]: a["record_sha256"] for a in built.release.get("articles", [])}
    entries = [dict(w, record_sha256=records.get(w["id"], "")) for w in built.withheld_texts]
    texts, _ = withheld_texts(project, entries, verify=False, titles=Titles(folder))
    found, run = results(files, texts, cache_folder=_folder(cache_folder), known=known)
    problems += [f.message(N) for f in found]
    return problems + title_problems(project, texts, known=run, cache_folder=cache_folder)  # `run` holds its entry
