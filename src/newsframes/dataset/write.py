"""Writing one group: the rows of its articles, in id order, into one Parquet file per
config that has rows (row groups of `writer.row_group_size(config)` rows).

An article's rows come from one of two places:
- converted from its record (`articles.convert`): label-encoded JSON Lines, parsed by
  pyarrow's JSON reader about one row group at a time with the config's explicit schema
  (one C++ call for many articles);
- copied from a file of a known group holding the same article (same id, record and
  text: the previous build's file, or the base commit's), whose bytes are checked against
  their SHA-256 before a row is read.
Either way memory holds about one row group, never the corpus, and the bytes are those of
`writer.parquet_bytes` of the same rows (tests/test_build_cache.py)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import writer
from .features import CONFIGS

PARSE_BYTES = 16 * 1024 * 1024


def _size(arr) -> int:
    """The bytes the values of `arr` take in Arrow's layout, counted from the values alone:
    a validity bitmap when there is a null, offsets and value bytes for strings and lists,
    the children's sizes for structs. The same for a slice and for a copy, and whichever
    reader made the arrays (the Parquet reader makes some bitmaps without a null, and
    slices share buffers); for a contiguous table of the JSON reader, `Table.nbytes`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(arr)
    out = (n + 7) // 8 if arr.null_count else 0
    t = arr.type
    if pa.types.is_boolean(t):
        return out + (n + 7) // 8
    if pa.types.is_string(t) or pa.types.is_binary(t) or pa.types.is_large_string(t) or pa.types.is_large_binary(t):
        width = 8 if pa.types.is_large_string(t) or pa.types.is_large_binary(t) else 4
        lengths = pc.sum(pc.binary_length(arr)).as_py() or 0
        return out + (n + 1) * width + lengths
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        width = 8 if pa.types.is_large_list(t) else 4
        return out + (n + 1) * width + _size(arr.flatten())
    if pa.types.is_struct(t):
        return out + sum(_size(arr.field(i)) for i in range(t.num_fields))
    return out + n * (t.bit_width // 8)


def arrow_size(table) -> int:
    """The Arrow size of a table (the card's `num_bytes`; `_size` of its columns)."""
    return sum(_size(c) for col in table.columns for c in col.chunks)


class ParquetStream:
    """Rows queued with `add`, written to `path` in row groups; `close()` returns the
    Arrow size of the rows (`arrow_size`)."""

    def __init__(self, path: Path, schema, size: int | None = None):
        import pyarrow.parquet as pq

        self.size = writer.ROW_GROUP_SIZE if size is None else size  # rows per row group
        self.writer = pq.ParquetWriter(path, schema, **writer._OPTIONS)
        self.buffer: list = []  # (table, start, length) not yet written
        self.buffered = 0
        self.nbytes = 0
        self.rows = 0

    def add(self, table) -> None:
        """Queue the rows of the pyarrow Table `table`."""
        if table.num_rows:
            self.buffer.append((table, 0, table.num_rows))
            self.buffered += table.num_rows
            self.rows += table.num_rows
        while self.buffered >= self.size:
            self._flush(self.size)

    def _flush(self, k: int) -> None:
        import pyarrow as pa

        pieces, need, i = [], k, 0
        while need:
            src, start, length = self.buffer[i]
            take = min(need, length)
            pieces.append(src.slice(start, take))
            need -= take
            i += 1
        rest = self.buffer[i:]
        if take < length:  # the last source goes on in the next row group
            rest.insert(0, (src, start + take, length - take))
        group = (pa.concat_tables(pieces) if len(pieces) > 1 else pieces[0]).combine_chunks()
        del pieces
        self.nbytes += arrow_size(group)
        self.writer.write_table(group, row_group_size=self.size)
        del group
        self.buffer = rest
        self.buffered -= k
        pa.default_memory_pool().release_unused()  # the pool would keep the freed row group

    def close(self) -> int:
        try:
            if self.buffered:
                self._flush(self.buffered)
            self.writer.close()
        except BaseException:
            self.abort()
            raise
        return self.nbytes

    def abort(self) -> None:
        """Close the file after a failure (a full disk), quietly and for good: a writer
        left open would try again when collected and print pyarrow's "Exception ignored
        in ParquetWriter.__del__" traceback."""
        from contextlib import suppress

        with suppress(Exception):  # the first error is the one reported
            self.writer.close()
        self.writer.is_open = False
        handle = getattr(self.writer, "file_handle", None)
        if handle is not None:
            with suppress(Exception):
                handle.close()


def to_table(blobs: list[bytes], schema):
    """One Arrow table (in chunks) from label-encoded JSON Lines (fields outside `schema`
    are an error); `ParquetStream` combines the chunks of each row group."""
    import pyarrow as pa
    import pyarrow.json as pj

    data = b"".join(blobs)
    # blocks of 1 MB are parsed on several threads (twice as fast as one block for a
    # shard); a row must fit in a block, and no row is longer than its article's blob
    opts = pj.ReadOptions(block_size=max(1 << 20, max(map(len, blobs)) + 1))
    parse = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error")
    return pj.read_json(pa.BufferReader(data), read_options=opts, parse_options=parse)


class SourceChanged(Exception):
    """A known group's file is no longer the bytes it was known by: the group's rows are
    converted from the records instead."""


class _Rows:
    """The rows of one file of a known group, read row group by row group (the copies
    come in file order), after its bytes are checked against `sha256`."""

    def __init__(self, path: str, sha256: str, plain):
        import pyarrow as pa
        import pyarrow.parquet as pq

        data = Path(path).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise SourceChanged(path)
        self.file = pq.ParquetFile(pa.BufferReader(data))
        self.plain = plain
        meta = self.file.metadata
        self.starts = [0]
        for g in range(meta.num_row_groups):
            self.starts.append(self.starts[-1] + meta.row_group(g).num_rows)
        self.current = (-1, None)

    def _group(self, g: int):
        if self.current[0] != g:
            t = self.file.read_row_group(g)
            self.current = (g, t if t.schema.equals(self.plain) else t.cast(self.plain))
        return self.current[1]

    def take(self, offset: int, n: int) -> list:
        """The rows [offset, offset + n) as table slices."""
        import bisect

        out = []
        while n > 0:
            g = bisect.bisect_right(self.starts, offset) - 1
            if g >= len(self.starts) - 1:
                raise SourceChanged("fewer rows than its group's facts say")
            t = self._group(g)
            start = offset - self.starts[g]
            k = min(n, t.num_rows - start)
            out.append(t.slice(start, k))
            offset, n = offset + k, n - k
        return out


class _Config:
    """The rows of one config on their way to its file: JSON Lines waiting to be parsed,
    and the stream, opened at the first row (a config without rows makes no file)."""

    def __init__(self, path: str, schema, size: int):
        self.path, self.schema, self.plain = Path(path), schema, schema.remove_metadata()
        self.size = size  # rows per row group (writer.row_group_size)
        self.stream: ParquetStream | None = None
        self.pending: list[bytes] = []
        self.pending_rows = self.pending_bytes = 0

    def _open(self) -> ParquetStream:
        if self.stream is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.stream = ParquetStream(self.path, self.schema, self.size)
        return self.stream

    def add_json(self, blob: bytes, rows: int) -> None:
        if not rows:
            return
        self.pending.append(blob)
        self.pending_rows += rows
        self.pending_bytes += len(blob)
        # parse about a row group at a time, at most PARSE_BYTES of JSON (articles rows
        # hold whole texts): memory stays bounded whatever the group's size
        if self.pending_rows >= self.size or self.pending_bytes >= PARSE_BYTES:
            self.flush()

    def add_tables(self, tables: list) -> None:
        self.flush()  # the rows keep their order
        for t in tables:
            self._open().add(t)

    def flush(self) -> None:
        if self.pending:
            self._open().add(to_table(self.pending, self.plain))
            self.pending, self.pending_rows, self.pending_bytes = [], 0, 0

    def close(self) -> dict | None:
        self.flush()
        if self.stream is None:
            return None
        rows, nbytes = self.stream.rows, self.stream.close()
        from ..digests import sha256_file

        return {"sha256": sha256_file(self.path), "bytes": os.path.getsize(self.path), "rows": rows,
                "arrow_bytes": nbytes}

    def abort(self) -> None:
        if self.stream is not None:
            self.stream.abort()


def write_group(task: dict) -> dict:
    """Write one group (a picklable task, for a process pool): `task` has `schemas`
    (config -> serialised Arrow schema), `descs` (config -> the description the row
    encoder is compiled from), `out` (config -> file to write), `policy`,
    `sources` ([{config: [path, sha256]}], the files of known groups) and `members`, in id
    order, each ["convert", json path, [record sha256, text sha256]] or ["copy", source,
    [offset per config], [rows per config]]. Returns {"files": config -> {"sha256",
    "bytes", "rows", "arrow_bytes"}, "converted": [facts of each converted member]}.
    `articles.Changed` when a record is not the bytes validated; `SourceChanged` when a
    known file is not the bytes it was known by."""
    import pyarrow as pa

    from .articles import convert, encoders

    encode = encoders(task["descs"])
    configs = {cfg: _Config(task["out"][cfg], pa.ipc.read_schema(pa.py_buffer(task["schemas"][cfg])),
                            writer.row_group_size(cfg))
               for cfg in CONFIGS}
    readers: dict[tuple[int, str], _Rows] = {}
    converted = []
    try:
        for member in task["members"]:
            if member[0] == "convert":
                facts, blobs = convert(member[1], task["policy"], member[2], encode)
                converted.append(facts.to_json())
                for cfg in CONFIGS:
                    configs[cfg].add_json(blobs[cfg], facts.n_rows(cfg))
                continue
            _, source, offsets, counts = member
            for j, cfg in enumerate(CONFIGS):
                if counts[j]:
                    if (source, cfg) not in readers:
                        path, sha = task["sources"][source][cfg]
                        readers[(source, cfg)] = _Rows(path, sha, configs[cfg].plain)
                    configs[cfg].add_tables(readers[(source, cfg)].take(offsets[j], counts[j]))
        files = {}
        for cfg in CONFIGS:
            info = configs[cfg].close()
            if info is not None:
                files[cfg] = info
    except BaseException:
        for c in configs.values():
            c.abort()
        raise
    return {"files": files, "converted": converted}
