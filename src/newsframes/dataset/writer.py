"""Deterministic file writing: the fixed Parquet options, a whole-table reference writer
(`parquet_bytes`, what the streamed shards of `stream.py` must equal), the JSONL form,
and the atomic swap of a freshly built folder into place.

Parquet bytes are a function of (rows, features, pyarrow version): no timestamp is
written; the only writer-dependent bytes are the footer's `created_by` string
(`parquet-cpp-arrow version X`). `adopt_equivalent` keeps an existing file when its
content is the same, so a pyarrow upgrade does not churn data/ or a release manifest."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

# Fixed writer options: changing any of them changes the bytes of every file.
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 3
# Rows per row group. A row group's rows are held in memory until it is written (twice for
# a moment: the pieces and the row group made of them), so the articles config (a row is a
# whole article: about 60 KB in Arrow, more with its text) takes 256 rows, about 16 MB;
# the other configs (a row is a mention, claim or technique: 0.3 to 1 KB) take 16,384, at
# most 16 MB too. With 1,000 for every config (until issue 26) data/ was 1.8 times as large
# at 10,000 synthetic articles (each row group repeats its dictionaries and statistics)
# and reading it for the leak check 2.6 times as slow; a cold build of 100,000 articles
# peaked at 1,036 MiB (1,108 MiB with 16,384 and 1,000, 1,001 MiB with 16,384 and 256:
# docs/performance.md).
ROW_GROUP_SIZE = 16_384
ARTICLES_ROW_GROUP_SIZE = 256


def row_group_size(config: str) -> int:
    """The rows per row group of a config's files."""
    return ARTICLES_ROW_GROUP_SIZE if config == "articles" else ROW_GROUP_SIZE


def parquet_bytes(rows: list[dict], features, size: int | None = None) -> tuple[bytes, int]:
    """Rows with string labels -> (Parquet bytes typed by `features` (ClassLabel ids),
    in row groups of `size` rows (default `ROW_GROUP_SIZE`),
    with the schema metadata `datasets` reads (`huggingface` -> info.features); the
    Arrow size of the table, which the card reports as `num_bytes`)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = features.arrow_schema
    encoded = [features.encode_example(r) for r in rows]
    table = pa.Table.from_pylist(encoded, schema=schema)
    if not rows:  # datasets 5.2 cannot load a split of 0 rows: never write one
        raise ValueError("no rows to write")
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, row_group_size=ROW_GROUP_SIZE if size is None else size, **_OPTIONS)
    return sink.getvalue().to_pybytes(), table.nbytes


_OPTIONS = dict(
    compression=COMPRESSION,
    compression_level=COMPRESSION_LEVEL,
    use_dictionary=True,
    write_statistics=True,
    version="2.6",
    data_page_version="1.0",
    store_schema=True,
    write_page_index=False,
    write_page_checksum=False,
)


def jsonl_bytes(rows: list[dict]) -> bytes:
    """Rows as JSON Lines (what `newsframes rows` prints): compact JSON (orjson), UTF-8, one per line."""
    import orjson

    return b"".join(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in rows)


def parquet_equivalent(a: Path, b: Path) -> bool:
    """Same content, schema (with metadata), row groups and codecs: files that differ
    at most in the writer's `created_by` string."""
    import pyarrow.parquet as pq

    try:
        fa, fb = pq.ParquetFile(a), pq.ParquetFile(b)
    except Exception:  # noqa: BLE001 - an unreadable file is simply not equivalent
        return False
    ma, mb = fa.metadata, fb.metadata
    if (ma.num_rows, ma.num_row_groups, ma.num_columns) != (mb.num_rows, mb.num_row_groups, mb.num_columns):
        return False
    if not fa.schema_arrow.equals(fb.schema_arrow, check_metadata=True):
        return False
    for g in range(ma.num_row_groups):
        ra, rb = ma.row_group(g), mb.row_group(g)
        if ra.num_rows != rb.num_rows:
            return False
        for c in range(ra.num_columns):
            if ra.column(c).compression != rb.column(c).compression:
                return False
    return fa.read().equals(fb.read())


def _created_by() -> bytes:
    """How this pyarrow's writer names itself in a Parquet footer (Thrift compact protocol:
    the string's length, then its bytes), found without importing pyarrow (0.07 s, a sixth
    of a one-edit rebuild at 2,000 articles)."""
    from importlib.metadata import version

    name = f"parquet-cpp-arrow version {version('pyarrow')}".encode()
    return bytes([len(name)]) + name if len(name) < 128 else name


def _other_writer(old: Path) -> bool:
    """True when `old` was not written by this pyarrow's Parquet writer (only then can
    equal content come with other bytes): its footer does not hold this writer's
    `created_by`, or cannot be read. A footer read, not the whole file; a wrong True costs
    the full comparison of `adopt_one`, never a wrong adoption."""
    try:
        with open(old, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            if size < 12:
                return True
            f.seek(size - 8)
            tail = f.read(8)
            length = int.from_bytes(tail[:4], "little")
            if tail[4:] != b"PAR1" or length > size - 12:
                return True
            f.seek(size - 8 - length)
            footer = f.read(length)
    except OSError:
        return True
    return _created_by() not in footer


def adopt_one(new: Path, old: Path) -> bool:
    """If `old` holds the same content as the freshly written `new` with other bytes
    (another pyarrow wrote it), copy the old bytes over `new`: a pyarrow upgrade does not
    churn data/ or a release manifest. True when adopted."""
    if not old.is_file() or not _other_writer(old):
        return False
    if old.read_bytes() == new.read_bytes() or not parquet_equivalent(new, old):
        return False
    shutil.copyfile(old, new)
    return True


def make_temp_dir(beside: Path, tag: str) -> Path:
    """A new folder `.<name>.<tag>-<pid>-*` beside `beside` (the pid lets a later build
    remove it if this one is killed: `lifeline.remove_stale`)."""
    from ..lifeline import temp_prefix

    beside.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=temp_prefix(beside, tag), dir=beside.parent))


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE); False when the
    platform or file system cannot."""
    if not hasattr(os, "fsencode") or os.name != "posix":
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange) == 0


def swap_in(new_dir: Path, out_dir: Path, *, exchange: bool = True) -> None:
    """Replace `out_dir` by `new_dir`. On Linux one atomic exchange (data/ always
    exists, whole); elsewhere two renames on the same file system, the old folder
    being deleted only once the new one is in place."""
    if out_dir.exists() and exchange and _exchange(new_dir, out_dir):
        shutil.rmtree(new_dir, ignore_errors=True)  # now holds the old data
        return
    old = None
    if out_dir.exists():
        old = make_temp_dir(out_dir, "old")
        os.rmdir(old)
        os.replace(out_dir, old)
    try:
        os.replace(new_dir, out_dir)
    except BaseException:
        if old is not None:
            os.replace(old, out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
