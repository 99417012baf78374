"""Writing shards: `stream.ParquetStream` fed pieces that straddle row groups gives the
bytes of one whole-table write; `stream.to_table` (pyarrow's JSON reader on the cached,
label-encoded rows) gives the tables of `datasets` encoding; content-defined groups
depend on ids alone."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_build_support import rows_with_nulls

from newsframes.dataset import shards, stream, writer


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


@pytest.mark.parametrize("sizes", [[60], [1, 9, 3, 3, 15, 2, 8, 1, 1, 17], [7] * 8 + [4], [59, 1]])
def test_pieces_give_whole_table_bytes(tmp_path, monkeypatch, sizes):
    monkeypatch.setattr(writer, "ROW_GROUP_SIZE", 7)
    table = _table(60)
    w = stream.ParquetStream(tmp_path / "x.parquet", table.schema)
    for p in _pieces(table, sizes):
        w.add(p)
    nbytes = w.close()
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, row_group_size=7, **writer._OPTIONS)
    assert (tmp_path / "x.parquet").read_bytes() == sink.getvalue().to_pybytes()
    assert pq.ParquetFile(tmp_path / "x.parquet").metadata.num_row_groups == 9
    assert nbytes > 0


def test_json_reader_tables_equal_datasets_encoding(tmp_path):
    """Every config, with nulls in ClassLabel and nested columns: `to_table` of the
    encoded JSON Lines equals `Table.from_pylist` of `Features.encode_example`."""
    import orjson

    from newsframes.dataset.encode import row_encoder
    from newsframes.dataset.features import CONFIGS, features_for

    rows, tax = rows_with_nulls(tmp_path)
    for cfg in CONFIGS:
        feats = features_for(cfg, tax)
        enc = row_encoder(feats)
        blobs = [orjson.dumps(enc(r), option=orjson.OPT_APPEND_NEWLINE) for r in rows[cfg]]
        got = stream.to_table(blobs, feats.arrow_schema.remove_metadata())
        want = pa.Table.from_pylist([feats.encode_example(r) for r in rows[cfg]], schema=feats.arrow_schema)
        assert got.combine_chunks().equals(want), cfg


def test_to_table_refuses_a_field_outside_the_schema():
    schema = pa.schema([("a", pa.int64())])
    with pytest.raises(pa.ArrowInvalid):
        stream.to_table([b'{"a": 1, "b": 2}\n'], schema)


def test_groups_are_bounded_and_depend_on_ids_alone():
    ids = [f"a{i:04d}" for i in range(2000)]
    size = 32
    lo, m, hi = shards.bounds(size)
    assert (lo, m, hi) == (16, 16, 64)
    cuts = shards.groups(ids, size)
    assert cuts == shards.groups(list(ids), size)  # nothing but the ids
    assert cuts[0][0] == 0 and cuts[-1][1] == len(ids)
    assert all(cuts[k][1] == cuts[k + 1][0] for k in range(len(cuts) - 1))
    sizes = [b - a for a, b in cuts]
    assert all(lo <= n <= hi for n in sizes[:-1]) and 1 <= sizes[-1] <= hi
    assert 2000 / hi < len(cuts) < 2000 / lo + 1
    # a group ends at a boundary id, or at `hi` ids
    assert all(shards.is_boundary(ids[b - 1], m) or b - a == hi for a, b in cuts[:-1])
    # removing one id leaves the groups before it alone and changes few after it
    before = [tuple(ids[a:b]) for a, b in cuts]
    changed = []
    for victim in range(0, 2000, 37):
        fewer = ids[:victim] + ids[victim + 1:]
        after = [tuple(fewer[a:b]) for a, b in shards.groups(fewer, size)]
        k = next(i for i, (a, b) in enumerate(cuts) if a <= victim < b)
        assert after[:k] == before[:k]
        changed.append(len(set(before) - set(after)))
    assert max(changed) <= 4 and sum(changed) / len(changed) < 1.5


def test_one_id_per_group_when_size_is_1():
    assert shards.groups(["a", "b", "c"], 1) == [(0, 1), (1, 2), (2, 3)]


def test_articles_per_shard_grows_by_powers_of_two():
    assert shards.articles_per_shard(1) == shards.MIN_PER_SHARD
    assert shards.articles_per_shard(4096) == 64
    assert shards.articles_per_shard(4097) == 128
    assert shards.articles_per_shard(100_000) == 2048
