"""The user's own copies of withheld articles, for `newsframes rehydrate`: every file of
the folder (raw or normalised text, any name or layout) normalised as `newsframes add`
does and indexed by the sha256 of its normalised text, then matched to each withheld
article of a data folder (its MANIFEST.json `text_withheld` and `articles` rows). Only
regular files are read, each up to MAX_COPY_BYTES."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

ARTICLE_COLUMNS = ["id", "text_sha256", "seed_file", "sentences", "paragraphs"]


class RehydrateError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def article_rows(data: Path, ids: set[str]) -> dict[str, dict]:
    """id -> the `articles` row (the columns rehydrate reads) of each article of `ids`, from
    the Parquet files of data/articles/ (a row group at a time)."""
    import pyarrow.parquet as pq

    rows: dict[str, dict] = {}
    for path in sorted((data / "articles").glob("*.parquet")):
        pf = pq.ParquetFile(path)
        for g in range(pf.metadata.num_row_groups):
            for row in pf.read_row_group(g, columns=ARTICLE_COLUMNS).to_pylist():
                if row["id"] in ids:
                    rows[row["id"]] = row
    return rows


def index_copies(folder: Path) -> tuple[dict[str, tuple[str, Path]], dict[str, list[Path]], list[str]]:
    """(sha256 of normalised text -> (text, file), file name -> files, unreadable files)."""
    from ..normalize import NormalizationError, normalize_bytes

    by_sha: dict[str, tuple[str, Path]] = {}
    by_name: dict[str, list[Path]] = {}
    skipped = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith(".") or name.endswith(".json") or not path.is_file():
                continue  # hidden files, provenance sidecars, FIFOs and the like
            by_name.setdefault(name, []).append(path)
            try:
                text = normalize_bytes(_read_copy(path))
            except (OSError, NormalizationError) as exc:
                skipped.append(f"{path}: {exc}")
                continue
            by_sha.setdefault(_sha(text.encode("utf-8")), (text, path))
    return by_sha, by_name, skipped


MAX_COPY_BYTES = 16 * 1024 * 1024  # four times the largest article text a record may have


def _read_copy(path: Path) -> bytes:
    """A copy's bytes: a regular file only (a FIFO or device swapped in is never opened), at
    most MAX_COPY_BYTES (a larger file is not an article text: it is skipped, not read)."""
    from ..safeio import read_bytes

    data = read_bytes(path, MAX_COPY_BYTES)
    if len(data) > MAX_COPY_BYTES:
        raise OSError(f"larger than {MAX_COPY_BYTES // (1024 * 1024)} MiB: not an article text")
    return data


def find_texts(data: Path, texts: Path) -> tuple[dict[str, str], dict[str, dict], list[str]]:
    """(article id -> restored text, article id -> its `articles` row, skipped copies)
    for every withheld article; RehydrateError naming each one that cannot be restored."""
    try:
        man = json.loads((data / "MANIFEST.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RehydrateError([f"{data}/MANIFEST.json: cannot read the build's manifest ({exc}); "
                              "pass --data with a folder `newsframes build` wrote"]) from None
    if not isinstance(man, dict) or not isinstance(man.get("text_withheld"), list):
        raise RehydrateError([f"{data}/MANIFEST.json: no `text_withheld` list: not a build of newsframes "
                              "1.2 or later, or not a newsframes build"])
    withheld = {e["id"]: e for e in man["text_withheld"]}
    try:
        rows = article_rows(data, set(withheld))
    except Exception as exc:  # noqa: BLE001 - a damaged Parquet file: pyarrow raises several kinds
        raise RehydrateError([f"{data}/articles: cannot read the articles rows ({type(exc).__name__}: {exc}); "
                              "download or build the folder again"]) from None
    by_sha, by_name, skipped = index_copies(texts)
    found, problems = {}, []
    for aid, entry in sorted(withheld.items()):
        expected = entry["text_sha256"]
        row = rows.get(aid)
        if row is None or row.get("text_sha256") != expected:
            problems.append(f"article {aid}: MANIFEST.json and the articles rows disagree on its text sha256; "
                            "the data folder was changed: download or build it again")
            continue
        if expected in by_sha:
            found[aid] = by_sha[expected][0]
            continue
        names = [n for n in (Path(row.get("seed_file") or "").name, f"{aid}.txt") if n]
        near = [p for n in names for p in by_name.get(n, [])]
        if near:
            for p in near:
                got = _found_sha(p)
                problems.append(f"article {aid}: {p}: sha256 of its normalised text is {got}, expected {expected} "
                                "(another version of the article: the annotations' offsets would not fit it)")
        else:
            problems.append(f"article {aid}: no file in {texts} has normalised text with sha256 {expected} "
                            f"(looked for any file, by name for {' or '.join(names)})")
    if problems:
        raise RehydrateError(problems)
    return found, rows, skipped


def _found_sha(path: Path) -> str:
    from ..normalize import NormalizationError, normalize_bytes

    try:
        return _sha(normalize_bytes(_read_copy(path)).encode("utf-8"))
    except (OSError, NormalizationError) as exc:
        return f"(unreadable: {exc})"
