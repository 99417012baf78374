"""The export side shared by the formats: a corpus record with its raw article bytes and
the alignment that maps its offsets back (`Exportable`), reading a corpus for export,
the templates that give label files their order and line ends (`Layout`), and writing
the output folder without leaving anything half-written (`write_tree`).

Raw offsets kept in a span's note (`source offsets S-E`, for an edge the normaliser moved)
belong to the seed the record was imported from. They are used only when the article is
written from that seed (it is there, its sha256 matches, and its normalisation is the
record's text) and they still map onto the span as the record has it; otherwise (the
seed is missing or changed, the text went through `reanchor`, the span was moved) the
export maps the record's own offsets and reports it, so a span is never written on
other words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .labels import respell
from .offsets import AlignError, Alignment
from .records import ALL_LAYERS, CRLF_NOTE, RAW_OFFSETS, SEED_SEP, label_key, sha256
from .template import Template, ordered

_SHA12 = re.compile(r"sha256:([0-9a-f]{12})")
_FOREIGN = "; AnnotatorNotes"  # the source's own note text follows: never read as ours


def own(note: str | None) -> str:
    """The part of a note newsframes wrote (a brat AnnotatorNotes text is the source's)."""
    return (note or "").split(_FOREIGN, 1)[0]


@dataclass
class Exportable:
    """A corpus record with its raw article bytes and the alignment to map offsets back."""
    record: dict
    text: str
    raw: bytes
    align: Alignment
    name: str | None  # original file name when the seed says it came from this format
    from_seed: bool = False  # raw is the record's seed, whose normalisation is the record's text
    report: list = field(default_factory=list)

    def raw_span(self, start: int, end: int, note: str | None) -> tuple[int, int]:
        m = RAW_OFFSETS.search(own(note))
        if m:
            s, e = int(m.group(1)), int(m.group(2))
            placed = self.align.to_text(s, e) if self.from_seed and e <= len(self.align.raw) else None
            if placed is not None and placed[:2] == (start, end):
                return s, e
            self.report.append(f"{self.record['id']}: span {start}-{end}: the source offsets {s}-{e} in its note "
                               "do not belong to the article written (seed missing or changed, text reanchored, or "
                               "span moved): written at the record's own offsets")
        return self.align.to_raw(start, end)

    def layers(self) -> set[str]:
        return set(self.record.get("annotated_layers", ALL_LAYERS))

    def spell(self, label: str, *notes: str | None) -> str:
        return respell(label, *(own(n) for n in notes))

    def shas(self) -> set[str]:
        """The 12-hex prefixes of the label files this record's annotations came from."""
        import json
        return set(_SHA12.findall(json.dumps(self.record, ensure_ascii=False)))


def load_for_export(corpus: Path, fmt_prefix: str, report: list | None = None) -> list[Exportable]:
    """Every record of `corpus`, sorted by id. The article bytes are the seed when it is
    there and its sha256 matches and its normalisation is the record's text (so an
    imported article comes back byte for byte), else the corpus text (reported for a
    record imported from this format)."""
    from ..corpus import iter_articles
    from ..safeio import read_bytes
    corpus = Path(corpus).resolve()
    report = [] if report is None else report
    out = []
    for art in iter_articles(corpus):
        seed = art.record["source"]["seed"]
        path = corpus.parent / seed["file"]
        crlf = CRLF_NOTE in art.record["source"]["notes"]
        raw, align, name, from_seed = art.text.encode("utf-8"), None, None, False
        stem = path.name
        ours = SEED_SEP in stem and stem.split(SEED_SEP, 1)[0].split("-")[0] == fmt_prefix \
            and stem.split(SEED_SEP, 1)[1] not in ("", ".", "..")
        try:
            data = read_bytes(path)
        except OSError:
            data = None
        if data is not None and sha256(data) == seed["sha256"]:
            try:
                decoded = data.decode("utf-8")
                align = Alignment.with_crlf(decoded) if crlf else Alignment(decoded)
            except (UnicodeDecodeError, AlignError):
                align = None
            if align is not None and align.text == art.text:
                raw, from_seed = data, True
                name = stem.split(SEED_SEP, 1)[1] if ours else None
            else:
                align = None
        if not from_seed and ours:
            why = "is missing or changed" if align is None and (data is None or sha256(data) != seed["sha256"]) \
                else "does not normalise to the record's text (reanchored or edited)"
            report.append(f"{art.id}: its seed {seed['file']} {why}: the article is written from the corpus text, "
                          "under the record id, with the record's offsets")
        if align is None:
            align = Alignment(raw.decode("utf-8"))
        out.append(Exportable(art.record, art.text, raw, align, name, from_seed, report))
    return out


class Layout:
    """The templates of the output files: `--like` (a gold folder in the format's layout,
    or one gold file), else the label files kept in seeds/ at import."""

    def __init__(self, fmt: str, seeds: Path | None, like: Path | None = None):
        self.fmt, self.like = fmt, like
        self.report: list[str] = []
        self.kept: dict[str, list[tuple[str, Path]]] = {}
        if like is None and seeds is not None and seeds.is_dir():
            prefix = f"{fmt}-labels{SEED_SEP}"
            for p in sorted(seeds.glob(f"{prefix}*")):
                sha, _, base = p.name[len(prefix):].partition(SEED_SEP)
                if len(sha) == 12 and base:
                    self.kept.setdefault(base, []).append((sha, p))

    def templates(self, rel: str, items: list[Exportable]) -> list[Template]:
        from ..safeio import read_bytes
        base = rel.rsplit("/", 1)[-1]
        if self.like is not None:
            if self.like.is_dir():
                p = self.like / rel
                if not p.is_file():
                    p = self.like / base  # a language folder given for a one-language export
            else:  # one gold file: the template of the file of its name (PTC: of all TC or all SI lines)
                p = self.like if self.like.name == base or self._same_task(self.like.name, base) else None
            from .predictions import gold_bytes
            return [Template.parse(gold_bytes(p))] if p is not None and p.is_file() else []
        wanted = set().union(*(x.shas() for x in items)) if items else set()
        out = []
        for sha, p in self.kept.get(label_key(base), []):
            if sha in wanted:
                try:
                    out.append(Template.parse(read_bytes(p)))
                except OSError:
                    continue
        return out

    def _same_task(self, gold: str, base: str) -> bool:
        from .ptc_export import SI_ALL, TC_ALL
        if self.fmt != "ptc" or base not in (TC_ALL, SI_ALL):
            return False
        return ("SI" in gold and "TC" not in gold) == (base == SI_ALL)

    def write(self, rel: str, lines: list[str], items: list[Exportable], key=None, *, paired: bool = False) -> bytes:
        """The file `rel` of `lines`, in its template's order. `paired`: a file whose
        scorer pairs prediction and gold lines (article labels, roles, TC spans): with
        `--like`, only lines of the gold's items are written, and missing ones reported."""
        restrict = paired and self.like is not None
        return ordered(lines, self.templates(rel, items), key, restrict=restrict, report=self.report, name=rel)


def language_folders(items: list[Exportable], name_of) -> dict[str, list[Exportable]]:
    """Items grouped by the folder of their language (name_of(tag)); one group '' when the
    export holds one language (the flat layout of a language folder)."""
    langs = sorted({x.record["language"] for x in items})
    if len(langs) <= 1:
        return {"": items}
    out: dict[str, list[Exportable]] = {}
    for x in items:
        out.setdefault(name_of(x.record["language"]) + "/", []).append(x)
    return out


def _remove_stale(folder: Path) -> None:
    """Remove the temporary folders of exports killed before their rename (their process
    is gone); a live export's folder is left alone."""
    import os
    import shutil
    for p in folder.glob(".nf-export-*-*"):
        pid = p.name.split("-")[2] if p.name.count("-") == 3 else ""
        if not pid.isascii() or not pid.isdigit() or not p.is_dir() or p.is_symlink():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(p, ignore_errors=True)
        except (PermissionError, OverflowError):
            continue


def write_tree(out: Path, files: dict[str, bytes]) -> None:
    """Write `files` (relative path -> bytes) as the folder `out`: into a temporary
    sibling folder first (`.nf-export-<pid>-*`, removed by the next export when a kill
    left it), renamed into place, so a failure leaves nothing half-written. `out` must
    not exist or be empty."""
    import os
    import shutil
    import tempfile
    out = Path(out)
    if out.is_symlink() or (out.exists() and (not out.is_dir() or any(out.iterdir()))):
        raise FileExistsError(f"{out} exists and is not an empty folder; choose a new --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(out.parent)
    tmp = Path(tempfile.mkdtemp(prefix=f".nf-export-{os.getpid()}-", dir=out.parent))
    try:
        for rel, data in sorted(files.items()):
            p = tmp / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
