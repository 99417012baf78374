"""The export side shared by the formats: a corpus record with its raw article bytes and
the alignment that maps its offsets back (`Exportable`), reading a corpus for export, and
writing the output folder without leaving anything half-written (`write_tree`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .offsets import AlignError, Alignment
from .records import ALL_LAYERS, RAW_OFFSETS, SEED_SEP, sha256


@dataclass
class Exportable:
    """A corpus record with its raw article bytes and the alignment to map offsets back."""
    record: dict
    text: str
    raw: bytes
    align: Alignment
    name: str | None  # original file name when the seed says it came from this format

    def raw_span(self, start: int, end: int, note: str | None) -> tuple[int, int]:
        m = RAW_OFFSETS.search(note or "")
        if m:
            return int(m.group(1)), int(m.group(2))
        return self.align.to_raw(start, end)

    def layers(self) -> set[str]:
        return set(self.record.get("annotated_layers", ALL_LAYERS))


def load_for_export(corpus: Path, fmt_prefix: str) -> list[Exportable]:
    """Every record of `corpus`, sorted by id. The article bytes are the seed when it is
    there and its sha256 matches (so an imported article comes back byte for byte), else
    the corpus text."""
    from ..corpus import iter_articles
    corpus = Path(corpus).resolve()
    out = []
    for art in iter_articles(corpus):
        seed = art.record["source"]["seed"]
        path = corpus.parent / seed["file"]
        raw = art.text.encode("utf-8")
        name = None
        if path.is_file():
            data = path.read_bytes()
            if sha256(data) == seed["sha256"]:
                try:
                    align = Alignment(data.decode("utf-8"))
                except (UnicodeDecodeError, AlignError):
                    align = None
                if align is not None and align.text == art.text:
                    raw = data
                    stem = path.name
                    if SEED_SEP in stem and stem.split(SEED_SEP, 1)[0].split("-")[0] == fmt_prefix:
                        name = stem.split(SEED_SEP, 1)[1]
        out.append(Exportable(art.record, art.text, raw, Alignment(raw.decode("utf-8")), name))
    return out


def write_tree(out: Path, files: dict[str, bytes]) -> None:
    """Write `files` (relative path -> bytes) as the folder `out`: into a temporary
    sibling folder first, renamed into place, so a failure leaves nothing half-written.
    `out` must not exist or be empty."""
    import os
    import shutil
    import tempfile
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out} exists and is not an empty folder; choose a new --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
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
