"""Which files the leak check reads, and its problems as one-line messages.

`build --check` reads what `newsframes publish` would upload (the card as built, the
top-level documents, data/ as built, including the JSON Lines mirror, MANIFEST.json and
croissant.json, schema/, the files of annotations/ that publish sends) and docs/ as well
(the card links to it). `publish` reads exactly the files it uploads."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .check import N, Published, Withheld, scan


def withheld_texts(project, entries: list[dict]) -> tuple[list[Withheld], list[str]]:
    """The withheld texts (corpus/<id>.txt) of `entries` ({id, text_sha256}), and a problem
    for each one that is missing or is not the text the data was built from."""
    texts, problems = [], []
    for e in entries:
        path = Path(project.corpus) / f"{e['id']}.txt"
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            problems.append(f"{path}: cannot read the withheld text of {e['id']} ({exc.strerror}); the leak check "
                            "needs it")
            continue
        if sha != e["text_sha256"]:
            problems.append(f"{path}: not the text data/ was built from (sha256 {sha[:12]}…, data says "
                            f"{e['text_sha256'][:12]}…); run `newsframes build`")
            continue
        texts.append(Withheld(e["id"], sha, path, _title(path.with_suffix(".json"))))
    return texts, problems


def _title(record_path: Path) -> str | None:
    """The record's `title` (None when it has none or cannot be read: the text is then
    looked for whole, the stricter reading)."""
    import orjson

    try:
        title = orjson.loads(record_path.read_bytes()).get("title")
    except (OSError, orjson.JSONDecodeError, AttributeError):
        return None
    return title if isinstance(title, str) else None


def leak_problems(files: list[Published], texts: list[Withheld], *, n: int = N) -> list[str]:
    from ..paths import cache_dir

    return [f.message(n) for f in scan(files, texts, n=n, cache_folder=cache_dir())]


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
    from ..dataset.uploadset import TOP_FILES, annotation_files

    held = {w["id"] for w in built.withheld_texts}
    out_rel = built.out_rel
    known = {rel: info["sha256"] for rel, info in built.files.items()}
    files = [Published(f.name, path=f.path, sha256=known.get(f.name), titles=False) for f in _walk(folder, out_rel)]
    files.append(Published(project.rel(project.card_path), data=built.card_text.encode("utf-8")))
    base = project.card_dir
    files += [Published(name, path=base / name) for name in TOP_FILES
              if name != "README.md" and (base / name).is_file() and not (base / name).is_symlink()]
    files += _walk(project.root / "schema", "schema") + _walk(project.root / "docs", "docs")
    problems: list[str] = []
    files += [Published(name, path=p) for p, name, _ in annotation_files(project, held, problems)
              if p.is_file() and not p.is_symlink()]
    return files, problems


def check_problems(project, built, folder: Path) -> list[str]:
    """The leak problems of `build --check` (none for a full-text build: it keeps every
    text by design)."""
    if not project.withhold or not built.withheld_texts:
        return []
    files, problems = check_files(project, built, folder)
    texts, more = withheld_texts(project, built.withheld_texts)
    return problems + more + title_problems(project, texts) + (leak_problems(files, texts) if not more else [])


def title_problems(project, texts: list[Withheld], *, n: int = N) -> list[str]:
    """The rights policy keeps titles, and the check does not read the `title` of the
    built rows: a withheld article whose text is nothing but its title (of `n` words or
    more) would be published whole through it (issue 24). One problem each."""
    from .words import words

    out = []
    for w in texts:
        if w.title and len(words(w.title)) >= n and words(w.title) == words(w.path.read_text(encoding="utf-8")):
            out.append(f"{project.rel(project.out)}/: the title of {w.id} is its whole withheld text "
                       f"({len(words(w.title))} words), and titles are published: set `title` to null in "
                       f"corpus/{w.id}.json (docs/rights.md, leak check)")
    return out
