"""Writing one shard: the rows of a group of articles, read from the row cache, into one
Parquet file (row groups of `writer.ROW_GROUP_SIZE`) and one JSON Lines file.

The label-encoded JSON Lines of about one row group of articles at a time are parsed by
pyarrow's JSON reader with the config's explicit schema (one C++ call for many
articles, no per-article Arrow tables), so memory holds about one row group, never the
corpus. A row group is one contiguous Arrow chunk, as when a whole table is written at
once: the bytes equal `writer.parquet_bytes` of the same rows."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import writer


class ParquetStream:
    """Rows queued with `add`, written to `path` in row groups; `close()` returns the
    Arrow size of the rows (the card's `num_bytes`)."""

    def __init__(self, path: Path, schema):
        import pyarrow.parquet as pq

        self.writer = pq.ParquetWriter(path, schema, **writer._OPTIONS)
        self.buffer: list = []  # (table or lazy source, start, length) not yet written
        self.buffered = 0
        self.nbytes = 0

    def add(self, table) -> None:
        """Queue the rows of the pyarrow Table `table`."""
        if table.num_rows:
            self.buffer.append((table, 0, table.num_rows))
            self.buffered += table.num_rows
        while self.buffered >= writer.ROW_GROUP_SIZE:
            self._flush(writer.ROW_GROUP_SIZE)

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
        self.nbytes += group.nbytes
        self.writer.write_table(group, row_group_size=writer.ROW_GROUP_SIZE)
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


PARSE_BYTES = 16 * 1024 * 1024


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


def write_shard(task: dict) -> dict:
    """Write one shard (a picklable task, for a process pool): `task` has `cache` (row
    cache folder), `members` [(key, rows)], `config`, `schema` (serialised Arrow schema),
    `parquet` and `jsonl` (paths), `sources` {key: [json path, validated digests]} (to
    remake a damaged entry; may be empty), and `old` (the same shard in the previous data/, or
    None: when its content is equal and only the Parquet writer differs, its bytes are
    kept). Returns the files' sha256 and sizes, the rows, the Arrow size, `adopted`."""
    import pyarrow as pa

    cache, cfg = Path(task["cache"]), task["config"]
    schema = pa.ipc.read_schema(pa.py_buffer(task["schema"]))
    plain = schema.remove_metadata()
    pq_path, jl_path = Path(task["parquet"]), Path(task["jsonl"])
    jl_path.parent.mkdir(parents=True, exist_ok=True)
    pq_path.parent.mkdir(parents=True, exist_ok=True)
    pstream = ParquetStream(pq_path, schema)
    try:
        nbytes, jsonl = _write_members(task, cache, cfg, plain, pstream, jl_path)
    except BaseException:
        pstream.abort()
        raise
    adopted = bool(task.get("old")) and writer.adopt_one(pq_path, Path(task["old"]))
    from ..digests import sha256_file

    return {"parquet": [sha256_file(pq_path), os.path.getsize(pq_path)], "jsonl": jsonl[:2],
            "rows": jsonl[2], "nbytes": nbytes, "adopted": adopted}


def _write_members(task: dict, cache: Path, cfg: str, plain, pstream: ParquetStream, jl_path: Path):
    """The members' rows into `pstream` and `jl_path`: (Arrow size, [jsonl sha256, bytes, rows])."""
    from . import rowcache
    from .project import BuildError

    jh, jbytes, rows = hashlib.sha256(), 0, 0
    pending: list[bytes] = []
    pending_rows = pending_bytes = 0
    sources = task.get("sources") or {}
    with open(jl_path, "wb") as jfh:
        for key, n in task["members"]:
            source = sources.get(key)
            if source is None:
                entry = rowcache.open_entry(cache, key)
                if entry is None:
                    raise BuildError(f"the row cache entry {key} vanished during the build; run it again")
            else:  # a damaged entry is made again from the record's files
                try:
                    entry = rowcache.reopen(cache, key, *source)
                except rowcache.Changed as exc:
                    raise BuildError(str(exc)) from None
            try:
                if entry.meta.n_rows(cfg) != n:
                    raise BuildError(f"the row cache entry {key} changed during the build; run it again")
                data = entry.jsonl(cfg)
                pending.append(entry.encoded(cfg))
            finally:
                entry.close()
            jfh.write(data)
            jh.update(data)
            jbytes += len(data)
            rows += n
            pending_rows += n
            pending_bytes += len(pending[-1])
            # parse about a row group at a time, at most PARSE_BYTES of JSON (articles
            # rows hold whole texts): memory stays bounded whatever the shard's size
            if pending_rows >= writer.ROW_GROUP_SIZE or pending_bytes >= PARSE_BYTES:
                pstream.add(to_table(pending, plain))
                pending, pending_rows, pending_bytes = [], 0, 0
        if pending:
            pstream.add(to_table(pending, plain))
    return pstream.close(), [jh.hexdigest(), jbytes, rows]
