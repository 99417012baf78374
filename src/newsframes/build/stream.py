"""Streaming the rows of many articles into the data folder: the JSONL mirror line by
line, and Parquet shards through one `ParquetWriter` per shard, fed in row groups of
`writer.ROW_GROUP_SIZE`; large per-article tables are queued as lazy sources, read back
from the row cache when their row group is written, so memory holds one row group at a
time (plus small tables), never the corpus. Shard count and boundaries are those of
`writer.shard_count`/`writer.shards` (known before writing from the per-article sizes),
and a row group covers the same rows as when a whole shard was written at once: the
bytes are the same."""

from __future__ import annotations

import math
from pathlib import Path

from . import writer


def shard_count(rows: int, chars: int) -> int:
    """`writer.shard_count` from the totals: number of rows and sum of their JSON lengths."""
    return max(1, min(rows, math.ceil(chars / writer.MAX_SHARD_BYTES)))


class ShardWriter:
    """The Parquet shards of one (config, split): `rows` rows in `n` near-equal,
    contiguous shards named `<split>-0000i-of-0000n.parquet` in `folder`."""

    def __init__(self, folder: Path, split: str, rows: int, n: int, schema):
        self.folder, self.split, self.n, self.schema = folder, split, n, schema
        self.bounds = [rows * i // n for i in range(n + 1)]
        self.shard = 0  # index of the shard being written
        self.pos = 0  # rows received so far
        self.buffer: list = []  # (table or lazy source, start, length) not yet written
        self.buffered = 0
        self.writer = None
        self.names: list[str] = []
        self.shard_rows: list[int] = []
        self.nbytes = 0

    def add(self, table) -> None:
        """Queue the rows of `table`: a pyarrow Table, or a lazy source (`num_rows` and
        `load()` -> Table) read only when its row group is written, so that large rows
        (the articles config holds whole texts) are not kept in memory while a row group
        fills up."""
        start, left = 0, table.num_rows
        while left:
            room = self.bounds[self.shard + 1] - self.pos
            take = min(left, room)
            self.buffer.append((table, start, take))
            start += take
            left -= take
            self.buffered += take
            self.pos += take
            while self.buffered >= writer.ROW_GROUP_SIZE:
                self._flush(writer.ROW_GROUP_SIZE)
            if self.pos == self.bounds[self.shard + 1]:
                self._end_shard()

    def _open(self):
        import pyarrow.parquet as pq

        if self.writer is None:
            name = writer.shard_name(self.split, self.shard, self.n)
            self.folder.mkdir(parents=True, exist_ok=True)
            self.writer = pq.ParquetWriter(self.folder / name, self.schema, **writer._OPTIONS)
            self.names.append(name)
        return self.writer

    def _flush(self, k: int) -> None:
        import pyarrow as pa

        pieces, need, i = [], k, 0
        while need:
            src, start, length = self.buffer[i]
            take = min(need, length)
            table = src if isinstance(src, pa.Table) else src.load()
            pieces.append(table.slice(start, take))
            need -= take
            i += 1
        rest = self.buffer[i:]
        if take < length:  # the last source goes on in the next row group
            rest.insert(0, (src, start + take, length - take))
        del table
        # one contiguous chunk per row group, as when a whole shard table was written:
        # the Parquet writer cuts data pages along Arrow chunks
        group = (pa.concat_tables(pieces) if len(pieces) > 1 else pieces[0]).combine_chunks()
        del pieces
        self.nbytes += group.nbytes  # the card's num_bytes: Arrow size, summed over row groups
        self._open().write_table(group, row_group_size=writer.ROW_GROUP_SIZE)
        self.buffer = rest
        self.buffered -= k

    def _end_shard(self) -> None:
        if self.buffered:
            self._flush(self.buffered)
        self._open().close()
        self.shard_rows.append(self.bounds[self.shard + 1] - self.bounds[self.shard])
        self.writer = None
        self.shard += 1

    def close(self) -> None:
        if self.pos != self.bounds[-1] or self.shard != self.n:
            raise RuntimeError(f"{self.split}: got {self.pos} rows, expected {self.bounds[-1]}")
