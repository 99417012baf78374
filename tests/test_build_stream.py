"""Writing shards: `stream.ParquetStream` fed pieces that straddle row groups gives the
bytes of one whole-table write; `stream.to_table` (pyarrow's JSON reader on the cached,
label-encoded rows) gives the tables of `datasets` encoding; content-defined groups
depend on ids alone."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_build_support import rows_with_nulls

from newsframes.build import shards, stream, writer


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

    from newsframes.build.encode import row_encoder
    from newsframes.build.features import CONFIGS, features_for

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


def test_groups_depend_on_ids_alone():
    ids = [f"a{i:04d}" for i in range(500)]
    m = 8
    cuts = shards.groups(ids, m)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(ids)
    assert all(a < b for a, b in cuts) and all(cuts[k][1] == cuts[k + 1][0] for k in range(len(cuts) - 1))
    assert 500 / m / 2 < len(cuts) < 500 / m * 2  # about one boundary per m ids
    # removing a non-boundary id changes only its own group
    victim = next(i for i, x in enumerate(ids) if not shards.is_boundary(x, m))
    fewer = ids[:victim] + ids[victim + 1:]
    before = [tuple(ids[a:b]) for a, b in cuts]
    after = [tuple(fewer[a:b]) for a, b in shards.groups(fewer, m)]
    assert len(set(before) - set(after)) == 1 and len(after) == len(before)
    # boundaries for 2m are a subset of those for m
    assert all(shards.is_boundary(x, m) for x in ids if shards.is_boundary(x, 2 * m))


def test_articles_per_shard_grows_by_powers_of_two():
    assert shards.articles_per_shard(1) == shards.MIN_PER_SHARD
    assert shards.articles_per_shard(4096) == 64
    assert shards.articles_per_shard(4097) == 128
    assert shards.articles_per_shard(100_000) == 2048
