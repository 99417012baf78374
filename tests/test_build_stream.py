"""Writing shards: `write.ParquetStream` fed pieces that straddle row groups gives the
bytes of one whole-table write; `write.to_table` (pyarrow's JSON reader on the
label-encoded rows) gives the tables of `datasets` encoding; the Arrow size of a table is
the same whichever reader made it; content-defined groups depend on ids alone."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_build_support import rows_with_nulls

from newsframes.dataset import groups as shards
from newsframes.dataset import write as stream
from newsframes.dataset import writer


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
    cuts = shards.cuts(ids, size)
    assert cuts == shards.cuts(list(ids), size)  # nothing but the ids
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
        after = [tuple(fewer[a:b]) for a, b in shards.cuts(fewer, size)]
        k = next(i for i, (a, b) in enumerate(cuts) if a <= victim < b)
        assert after[:k] == before[:k]
        changed.append(len(set(before) - set(after)))
    assert max(changed) <= 4 and sum(changed) / len(changed) < 1.5


def test_one_id_per_group_when_size_is_1():
    assert shards.cuts(["a", "b", "c"], 1) == [(0, 1), (1, 2), (2, 3)]


def test_articles_per_shard_grows_by_powers_of_two():
    assert shards.articles_per_shard(1) == shards.MIN_PER_SHARD
    assert shards.articles_per_shard(4096) == 64
    assert shards.articles_per_shard(4097) == 128
    assert shards.articles_per_shard(100_000) == 2048


def test_arrow_size_is_the_same_whichever_reader_made_the_rows(tmp_path):
    """The card's num_bytes of a shard whose rows were copied from a Parquet file (which
    reads some columns without a null with a validity bitmap, and gives slices sharing
    buffers) equals that of the same rows parsed from JSON Lines: `write.arrow_size`
    counts from the values alone (a bitmap only where there is a null)."""
    import orjson

    from newsframes.dataset.encode import row_encoder
    from newsframes.dataset.features import CONFIGS, features_for

    rows, tax = rows_with_nulls(tmp_path)
    for cfg in CONFIGS:
        feats = features_for(cfg, tax)
        plain = feats.arrow_schema.remove_metadata()
        enc = row_encoder(feats)

        def parsed(part):
            return stream.to_table([orjson.dumps(enc(r), option=orjson.OPT_APPEND_NEWLINE) for r in part],
                                   plain).combine_chunks()
        whole = parsed(rows[cfg])
        pq.write_table(whole, tmp_path / f"{cfg}.parquet")
        read = pq.read_table(tmp_path / f"{cfg}.parquet").cast(plain)
        assert stream.arrow_size(read) == stream.arrow_size(whole), cfg
        n = len(rows[cfg])
        for a, b in ((0, n // 2), (n // 2, n - n // 2), (1, max(1, n - 2))):
            assert stream.arrow_size(read.slice(a, b)) == stream.arrow_size(parsed(rows[cfg][a:a + b])), (cfg, a, b)
    # the difference it hides: an int column without nulls, read back from Parquet
    t = pa.table({"i": pa.array(range(100), pa.int32())})
    pq.write_table(t, tmp_path / "i.parquet")
    back = pq.read_table(tmp_path / "i.parquet")
    assert stream.arrow_size(back) == stream.arrow_size(t) == 400
