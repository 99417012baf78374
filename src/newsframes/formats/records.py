"""What every importer shares: the run's options, the imported article (raw file +
alignment), provenance strings and the record skeleton (problems are in `problems`,
reading input files in `sources`, writing in `writer`, the export side in `exports`).

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
from .problems import Problem, Problems  # noqa: F401 (re-exported)
from .sources import read_lines, read_utf8  # noqa: F401 (re-exported)

SCHEMA_VERSION = "1.1.0"
GUIDELINES_VERSION = "1.0.0"
ALL_LAYERS = ("genre", "frames", "primary_frame", "narratives", "entities", "roles", "mentions", "claims",
              "techniques", "paragraph_techniques", "timexes", "sentences")
SEED_SEP = "--"
RAW_OFFSETS = re.compile(r"source offsets (\d+)-(\d+)")
CRLF_NOTE = ("Offsets in the source's label files count each line break of this article as two characters "
             "(CRLF), though the article file has bare LF line breaks (a copy whose CRs were stripped): "
             "import and export count them that way.")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def provenance(fmt: str, data_sha: str) -> str:
    return f"import:{fmt}/sha256:{data_sha[:12]}"


@dataclass
class Source:
    """One raw article file of another format, aligned to its normalised text (`crlf`:
    the alignment counts each bare LF as CRLF, see offsets.Alignment.with_crlf)."""
    path: Path
    data: bytes
    align: Alignment
    sha: str
    crlf: bool = False

    def use_crlf(self) -> None:
        self.align, self.crlf = Alignment.with_crlf(self.align.raw), True

    @property
    def text(self) -> str:
        return self.align.text


def load_source(path: Path, root: Path, problems: Problems, *, record: str | None = None) -> Source | None:
    """The article file at `path` (inside the input folder `root`), aligned; a located
    problem (scoped to `record`, so --skip-bad-lines can leave the article out) and None
    when it cannot be."""
    got = read_utf8(path, root, problems, record=record)
    if got is None:
        return None
    data, raw = got
    try:
        align = Alignment(raw)
    except AlignError as exc:  # pragma: no cover - a bug in offsets.py
        problems.add(path, None, exc.code, str(exc), record=record)
        return None
    if not align.text:
        problems.add(path, None, "NF-IMP-EMPTY", "the article holds no text after normalisation", record=record)
        return None
    return Source(path, data, align, sha256(data))


def span_note(exact: bool, start: int, end: int, *extra: str | None) -> str | None:
    """The note that keeps source offsets an exact mapping cannot restore (and `extra`)."""
    parts = [x for x in extra if x]
    if not exact:
        parts.append(f"source offsets {start}-{end} (an edge falls on a character the normaliser removes or "
                     "composes)")
    return "; ".join(parts) or None


@dataclass
class Imported:
    """One record ready to write: id, record dict, normalised text, seed name and bytes."""
    record: dict
    text: str
    seed_name: str
    seed_data: bytes
    files: list[str] = field(default_factory=list)


@dataclass
class Run:
    """One import: its options, its problems, and the label files it keeps as seeds
    (`<fmt>-labels--<sha256 first 12>--<file name>`: export writes label files in their
    order and with their line ends, see `template`)."""
    fmt: str
    root: Path  # the input folder: files outside it are not read
    split: str | None
    language: str | None
    rights: str
    version: str
    problems: Problems
    kept: dict[str, bytes] = field(default_factory=dict)

    def keep(self, lf) -> None:
        self.kept[label_seed_name(self.fmt, lf.sha, lf.path.name)] = lf.data

    @property
    def withheld(self) -> bool:
        """Whether the rights policy withholds the text of these records from the built
        data: then no kept field (title, entity name) may carry that text."""
        from ..rights import default_policy
        return not default_policy().text_allowed(self.rights)


def name_problem(name: str) -> str | None:
    """Why a file name cannot be a seed name (the record schema's `seeds/<name>`), or None."""
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:
        return "is not valid UTF-8"
    if re.search("[\x00-\x1f/]", name):
        return "holds a control character or a slash"
    if size > 255:
        return f"is {size} bytes long with its prefix, more than the 255 a file name can hold"
    return None


def label_key(name: str) -> str:
    """How a label file's name is kept in its seed name: as it is, or, when the seed name
    could not hold it (too long, a control character, not UTF-8), as `~` and 16 hex
    digits of its sha256."""
    if len(name.encode("utf-8", "surrogateescape")) <= 200 and name_problem(name) is None:
        return name
    return "~" + hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def label_seed_name(fmt: str, sha: str, name: str) -> str:
    return f"{fmt}-labels{SEED_SEP}{sha[:12]}{SEED_SEP}{label_key(name)}"


def method_text(fmt: str, version: str, layers) -> str:
    return (f"Imported by `newsframes import {fmt}` {version}: text normalised from the source "
            "article file (kept unchanged as the seed), offsets mapped to the normalised text; "
            f"labels as the {fmt} files give them, each annotation's `source` names the file it "
            "came from (import:<format>/sha256:<first 12 hex digits of that file>). The source's "
            "own guidelines apply, not this project's. Annotated layers: " + (", ".join(layers) or "none") + ".")


def skeleton(run: Run, *, rid: str, language: str, split: str, title: str | None, src: Source, seed_name: str,
             layers: list[str], label_files: list) -> dict:
    """A record with every layer empty; the importer fills the layers it has.
    `label_files`: the LabelFile objects (or names) its labels come from. A title taken
    from the text is left out (null, with a note) when the rights policy withholds the text."""
    from ..structure import paragraphs
    fmt = run.fmt
    art = provenance(fmt, src.sha)
    not_ann = f"Not annotated: the {fmt} format does not carry this layer."
    files = ", ".join(f if isinstance(f, str) else f"{f.path.name} (sha256:{f.sha[:12]})" for f in label_files)
    notes = [(f"Imported by `newsframes import {fmt}` from {src.path.name} (labels: {files or 'no label file'}). "
              f"The {fmt} format carries no outlet, URL, author, publication date or licence: "
              "they are unknown here (null or empty), not absent from the article.")]
    if title is not None and run.withheld:
        title = None
        notes.append(f"Title left null: the {fmt} format's title is the first line of the text, which the rights "
                     f"policy withholds for rights status `{run.rights}`; it is the first line of the restored text.")
    if src.crlf:
        notes.append(CRLF_NOTE)
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
            "rights": {"status": run.rights,
                       "note": None if run.rights != "unknown" else
                       f"Imported from a {fmt} release; the rights to the article text were not established "
                       "(use --rights when they are known)."},
            "notes": notes,
        },
        "annotation": {
            "status": "draft",
            "annotators": [],
            "guidelines_version": GUIDELINES_VERSION,
            "method": method_text(fmt, run.version, layers),
        },
        "structure": {"paragraphs": paragraphs(src.text), "sentences": []},
        "genre": {"label": None, "source": art, "note": not_ann},
        "frames": {"labels": [], "primary": None, "source": art, "note": not_ann},
        "narratives": [], "entities": [], "mentions": [], "claims": [], "techniques": [], "timexes": [],
        "annotated_layers": list(layers),
    }


def entity_name(run: Run, text: str, mention_id: str) -> str:
    """The name of an entity the format gives only as a mention: the mention's text, or,
    when the rights policy withholds the text, a reference to the mention (a name is
    kept in the built data, the mention's text is not)."""
    return f"(name withheld with the text: see mention {mention_id})" if run.withheld else text


def record_id(prefix: str, name: str) -> str:
    """`prefix-name`, lowercased, runs of other characters as one '-' (a language tag
    such as en-GB in the prefix becomes en-gb), at most 81 characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", f"{prefix}-{name}".lower()).strip("-")
    return slug[:81].rstrip("-")
