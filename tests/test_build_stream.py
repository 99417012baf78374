"""`stream.ShardWriter` with lazy sources (tables read back only when their row group is
written): same Parquet bytes as eager tables and as whole-shard writes, sources not
loaded while a row group fills, and a build with every table lazy equals one with none."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from newsframes.build import rowcache, stream, writer


class Lazy:
    """A lazy source counting its loads."""

    def __init__(self, table):
        self.table, self.num_rows, self.loads = table, table.num_rows, 0

    def load(self):
        self.loads += 1
        return self.table


def _table(n: int) -> pa.Table:
    return pa.table({"i": pa.array(range(n), pa.int64()),
                     "s": pa.array([f"row {k} " + "x" * (k % 13) for k in range(n)], pa.string())})


def _pieces(table: pa.Table, sizes: list[int]) -> list[pa.Table]:
    out, pos = [], 0
    for k in sizes:
        out.append(table.slice(pos, k).combine_chunks())
        pos += k
    assert pos == table.num_rows
    return out


def _write(folder, pieces, rows, n, lazy_every):
    w = stream.ShardWriter(folder, "train", rows, n, pieces[0].schema)
    sources = []
    for j, p in enumerate(pieces):
        src = Lazy(p) if lazy_every and j % lazy_every == 0 else p
        sources.append(src)
        w.add(src)
    w.close()
    return w, sources


def test_lazy_and_eager_sources_give_whole_shard_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "ROW_GROUP_SIZE", 7)
    table = _table(60)
    sizes = [1, 9, 3, 3, 15, 2, 8, 1, 1, 17]  # pieces that straddle row groups and shards
    pieces = _pieces(table, sizes)
    n = 3
    out = {}
    for mode in (0, 1, 2):  # all eager, all lazy, mixed
        w, sources = _write(tmp_path / f"m{mode}", pieces, table.num_rows, n, mode)
        out[mode] = [(tmp_path / f"m{mode}" / name).read_bytes() for name in w.names]
        assert w.shard_rows == [20, 20, 20]
        if mode:
            assert all(s.loads >= 1 for s in sources if isinstance(s, Lazy))
    assert out[0] == out[1] == out[2]
    for i, got in enumerate(out[0]):  # each shard as one whole-table write
        sink = pa.BufferOutputStream()
        pq.write_table(table.slice(20 * i, 20), sink, row_group_size=7, **writer._OPTIONS)
        assert got == sink.getvalue().to_pybytes()


def test_lazy_sources_are_not_loaded_while_a_row_group_fills(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "ROW_GROUP_SIZE", 10)
    pieces = _pieces(_table(30), [3, 3, 3, 3, 3, 15])
    w = stream.ShardWriter(tmp_path, "train", 30, 1, pieces[0].schema)
    lazies = [Lazy(p) for p in pieces]
    for src in lazies[:3]:  # 9 rows: below one row group
        w.add(src)
    assert [s.loads for s in lazies[:3]] == [0, 0, 0]
    w.add(lazies[3])  # 12 rows: the first group (rows 0-9) is written
    assert [s.loads for s in lazies[:4]] == [1, 1, 1, 1]
    for src in lazies[4:]:
        w.add(src)
    w.close()
    assert pq.ParquetFile(tmp_path / w.names[0]).metadata.num_row_groups == 3


def test_build_same_with_all_tables_lazy_or_eager(tmp_path, monkeypatch):
    from test_build_cache import synthetic_project
    from test_build_support import isolate, snapshot

    from newsframes.build.core import Project, build

    isolate(tmp_path, monkeypatch)
    root = synthetic_project(tmp_path, 30)
    monkeypatch.setattr(writer, "MAX_SHARD_BYTES", 400_000)  # several shards per split
    snaps = []
    for i, lazy_bytes in enumerate((-1, 1 << 40)):  # every table lazy; none
        monkeypatch.setattr(rowcache, "LAZY_BYTES", lazy_bytes)
        out = root / f"out{i}"
        out.mkdir()
        (out / "README.md").write_text("# Synthetic\n", encoding="utf-8")
        build(Project(corpus=root / "corpus", out=out / "data", root=root), cache=True)
        snaps.append(snapshot(out))
    assert snaps[0] == snaps[1]
    assert any("-00001-of-" in p for p in snaps[0])
