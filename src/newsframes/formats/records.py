"""What every importer shares: located problems, the imported article (raw file +
alignment), provenance strings, the record skeleton, and writing an import without
leaving anything half-written (the export side is in `exports`).

Seeds: an imported article's raw file is kept unchanged as the record's seed, like
`newsframes add` does, in `<corpus>/../seeds/` (the `seeds/` folder beside the corpus
folder: seed paths are relative to the corpus's parent). Its name is
`<format>[-<lang>]--<original file name>`, which is also how export restores the
original file name.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .offsets import AlignError, Alignment

SCHEMA_VERSION = "1.1.0"
GUIDELINES_VERSION = "1.0.0"
ALL_LAYERS = ("genre", "frames", "primary_frame", "narratives", "entities", "roles", "mentions", "claims",
              "techniques", "paragraph_techniques", "timexes", "sentences")
SEED_SEP = "--"
RAW_OFFSETS = re.compile(r"source offsets (\d+)-(\d+)")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.code} {self.message}"


class Problems(list):
    def add(self, file, line, code, message):
        self.append(Problem(str(file), line, code, message))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def provenance(fmt: str, data_sha: str) -> str:
    return f"import:{fmt}/sha256:{data_sha[:12]}"


def read_utf8(path: Path, problems: Problems) -> tuple[bytes, str] | None:
    """A file's bytes and its text; a located problem (and None) when it cannot be read or
    is not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(path, None, "NF-IMP-READ", f"cannot read ({exc.strerror})")
        return None
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.add(path, line, "NF-IMP-UTF8", f"not valid UTF-8 at byte {exc.start}: convert the file to UTF-8")
        return None


def read_lines(path: Path, problems: Problems) -> tuple[list[str], str] | None:
    """A label file's lines (LF or CRLF, no final empty line) and its sha256."""
    got = read_utf8(path, problems)
    if got is None:
        return None
    data, text = got
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln.removesuffix("\r") for ln in lines], sha256(data)


@dataclass
class Source:
    """One raw article file of another format, aligned to its normalised text."""
    path: Path
    data: bytes
    align: Alignment
    sha: str

    @property
    def text(self) -> str:
        return self.align.text


def load_source(path: Path, problems: Problems) -> Source | None:
    got = read_utf8(path, problems)
    if got is None:
        return None
    data, raw = got
    try:
        align = Alignment(raw)
    except AlignError as exc:
        problems.add(path, None, exc.code, str(exc))
        return None
    if not align.text:
        problems.add(path, None, "NF-IMP-EMPTY", "the article holds no text after normalisation")
        return None
    return Source(path, data, align, sha256(data))


def span_note(exact: bool, start: int, end: int, extra: str | None = None) -> str | None:
    """The note that keeps source offsets an exact mapping cannot restore."""
    parts = [extra] if extra else []
    if not exact:
        parts.append(f"source offsets {start}-{end} (an edge falls on a character the normaliser removes)")
    return "; ".join(parts) or None


@dataclass
class Imported:
    """One record ready to write: id, record dict, normalised text, seed name and bytes."""
    record: dict
    text: str
    seed_name: str
    seed_data: bytes
    files: list[str] = field(default_factory=list)


def skeleton(*, rid: str, fmt: str, language: str, split: str, title: str | None, src: Source, seed_name: str,
             rights: str, layers: list[str], label_files: list[str], version: str) -> dict:
    """A record with every layer empty; the importer fills the layers it has."""
    from ..structure import paragraphs
    art = provenance(fmt, src.sha)
    not_ann = f"Not annotated: the {fmt} format does not carry this layer."
    files = ", ".join(label_files) or "no label file"
    return {
        "schema_version": SCHEMA_VERSION,
        "id": rid,
        "language": language,
        "title": title,
        "split": split,
        "text_sha256": sha256(src.text.encode("utf-8")),
        "source": {
            "outlet": None, "url": None, "authors": [],
            "published": {"date": None, "precision": None, "basis": None, "evidence": [], "note": None},
            "retrieved": None,
            "seed": {"file": f"seeds/{seed_name}", "sha256": src.sha},
            "rights": {"status": rights,
                       "note": None if rights != "unknown" else
                       f"Imported from a {fmt} release; the rights to the article text were not established "
                       "(use --rights when they are known)."},
            "notes": [(f"Imported by `newsframes import {fmt}` from {src.path.name} (labels: {files}). "
                       f"The {fmt} format carries no outlet, URL, author, publication date or licence: "
                       "they are unknown here (null or empty), not absent from the article.")],
        },
        "annotation": {
            "status": "draft",
            "annotators": [],
            "guidelines_version": GUIDELINES_VERSION,
            "method": f"Imported by `newsframes import {fmt}` {version}: text normalised from the source "
                      "article file (kept unchanged as the seed), offsets mapped to the normalised text; "
                      f"labels as the {fmt} files give them, each annotation's `source` names the file it "
                      "came from (import:<format>/sha256:<first 12 hex digits of that file>). The source's "
                      "own guidelines apply, not this project's. Annotated layers: "
                      + (", ".join(layers) or "none") + ".",
        },
        "structure": {"paragraphs": paragraphs(src.text), "sentences": []},
        "genre": {"label": None, "source": art, "note": not_ann},
        "frames": {"labels": [], "primary": None, "source": art, "note": not_ann},
        "narratives": [], "entities": [], "mentions": [], "claims": [], "techniques": [], "timexes": [],
        "annotated_layers": list(layers),
    }


def record_id(prefix: str, name: str) -> str:
    """`prefix-<name lowercased, runs of other characters as one '-'>`."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"{prefix}-{slug}"[:81].rstrip("-")


def write_import(items: list[Imported], corpus: Path, *, force: bool, problems: Problems) -> list[Path]:
    """Write seeds, texts and records; refuse (problems, nothing written) on a clash."""
    from ..jsonio import canonical_dumps
    corpus = corpus.resolve()
    seeds = corpus.parent / "seeds"
    seen: dict[str, str] = {}
    for it in items:
        rid = it.record["id"]
        if rid in seen:
            problems.add(it.seed_name, None, "NF-IMP-ID", f"two source articles give the record id {rid!r} "
                         f"({seen[rid]} and {it.seed_name}); rename one")
        seen[rid] = it.seed_name
        js = corpus / f"{rid}.json"
        if not force and (js.exists() or js.with_suffix(".txt").exists()):
            problems.add(js, None, "NF-IMP-EXISTS", "the record exists; nothing written (use --force to replace it)")
        dest = seeds / it.seed_name
        if dest.exists() and dest.read_bytes() != it.seed_data:
            problems.add(dest, None, "NF-IMP-SEED", "a seed of that name exists with other content; nothing written")
    if problems:
        return []
    plan: list[tuple[Path, bytes]] = []
    for it in items:
        dest = seeds / it.seed_name
        if not dest.exists():
            plan.append((dest, it.seed_data))
        plan.append((corpus / f"{it.record['id']}.txt", it.text.encode("utf-8")))
        plan.append((corpus / f"{it.record['id']}.json", canonical_dumps(it.record).encode("utf-8")))
    # two phases: every file to a temporary name beside its target (a failure removes them
    # all: nothing changed), then renames. No fsync per file (hundreds of files: seconds).
    import os
    import tempfile
    seeds.mkdir(parents=True, exist_ok=True)
    corpus.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in plan:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
    return [p for p, _ in plan]
