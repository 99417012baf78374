"""The rows of a built Parquet file as JSON Lines, labels as strings: what the JSON Lines
mirror data/jsonl/ held before it was dropped (issue 26), byte for byte. `newsframes rows
FILE` prints them; as git's text conversion for data/**/*.parquet (.gitattributes,
CONTRIBUTING.md §0) it makes `git diff`, `git log -p` and `git show` of data/ readable.

The label names come from the file itself (the `huggingface` features of its schema), so
a file built with older taxonomies reads with its own names. Only a file's row groups are
held in memory, one at a time."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path


class NotRows(ValueError):
    """A file that is not a Parquet file of a newsframes build."""


def _decoder(feature) -> Callable | None:
    """A function turning the stored value of `feature` (its `datasets` JSON) into the
    mirror's value, or None when the value is kept as it is."""
    if isinstance(feature, dict) and feature.get("_type") == "ClassLabel":
        names = list(feature["names"])

        def label(v):
            return names[v] if isinstance(v, int) and 0 <= v < len(names) else v
        return label
    if isinstance(feature, dict) and feature.get("_type") in ("List", "LargeList", "Sequence"):
        inner = _decoder(feature.get("feature"))
        return None if inner is None else (lambda v: v if v is None else [inner(x) for x in v])
    if isinstance(feature, dict) and "_type" not in feature:  # a struct: {name: feature}
        parts = {k: _decoder(f) for k, f in feature.items()}
        parts = {k: f for k, f in parts.items() if f is not None}
        if not parts:
            return None
        return lambda v: v if v is None else {k: (parts[k](x) if k in parts else x) for k, x in v.items()}
    return None


def iter_rows(path: Path) -> Iterator[dict]:
    """The rows of `path`, labels as strings. NotRows when it is not a build's file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..safeio import open_regular

    with open_regular(path) as fh:  # a FIFO or device is refused (NotRegularFile), never read
        try:
            pf = pq.ParquetFile(fh)
            meta = pf.schema_arrow.metadata or {}
            features = json.loads(meta[b"huggingface"])["info"]["features"]
            if not isinstance(features, dict):
                raise TypeError("no features")
        except (pa.ArrowException, KeyError, ValueError, TypeError, AttributeError) as exc:
            raise NotRows(f"{path}: not a Parquet file of a newsframes build ({exc})") from None
        decode = {name: _decoder(f) for name, f in features.items()}
        for g in range(pf.metadata.num_row_groups):
            for row in pf.read_row_group(g).to_pylist():
                yield {k: (decode[k](v) if decode.get(k) is not None else v) for k, v in row.items()}


def jsonl(path: Path) -> Iterator[bytes]:
    """The rows of `path` as JSON Lines (compact JSON, UTF-8, one per line)."""
    import orjson

    for row in iter_rows(path):
        yield orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE)
