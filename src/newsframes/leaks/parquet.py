"""The strings of a Parquet file, for the leak check (`scan.read_streams`): every value of
every column whose type can hold text (strings, string views, binary read as UTF-8,
dictionaries, and lists, structs and maps of them), each distinct value once, plus the
column names and the file's key-value metadata (not the serialised Arrow schema). A
column of numbers, booleans or times is not decoded (numbers are no words): a third less
to decode in data/ (docs/performance.md, the CI check). Split from scan.py (issue 26)."""

from __future__ import annotations


def _no_words(t) -> bool:
    """A Parquet column's Arrow type holds no string (numbers, booleans, times, nulls, and
    nested types of only these): `parquet_strings` does not read it. Any other type is
    read, whatever it is (a file publish uploads may be no file of the build)."""
    import pyarrow as pa

    pt = pa.types
    if pt.is_integer(t) or pt.is_floating(t) or pt.is_boolean(t) or pt.is_temporal(t) or pt.is_decimal(t) \
            or pt.is_null(t):
        return True
    if isinstance(t, pa.ExtensionType):
        return _no_words(t.storage_type)
    if pt.is_struct(t):
        return all(_no_words(t.field(i).type) for i in range(t.num_fields))
    if pt.is_map(t):
        return _no_words(t.key_type) and _no_words(t.item_type)
    if pt.is_list(t) or pt.is_large_list(t) or pt.is_fixed_size_list(t) or pt.is_list_view(t) \
            or pt.is_large_list_view(t):
        return _no_words(t.value_type)
    return False


def _names(t, out: set[str]) -> None:
    """The field names nested in an Arrow type (published in the file's schema)."""
    import pyarrow as pa

    if isinstance(t, pa.ExtensionType):
        t = t.storage_type
    if pa.types.is_struct(t):
        for i in range(t.num_fields):
            out.add(t.field(i).name)
            _names(t.field(i).type, out)
    elif pa.types.is_map(t):
        _names(t.key_type, out)
        _names(t.item_type, out)
    elif hasattr(t, "value_type"):  # lists of every kind, dictionaries
        _names(t.value_type, out)


def _leaf_strings(arr) -> list[str]:
    """The distinct strings of an Arrow array of any type: strings as they are, binary as
    UTF-8 (undecodable bytes replaced, as in a text file); other types walked in Python."""
    import pyarrow as pa
    import pyarrow.compute as pc

    t = arr.type
    pt = pa.types
    if _no_words(t):
        return []
    if isinstance(arr, pa.ExtensionArray):
        return _leaf_strings(arr.storage)
    if pt.is_struct(t):
        return [s for i in range(t.num_fields) for s in _leaf_strings(arr.field(i))]
    if pt.is_map(t):
        return _leaf_strings(arr.keys) + _leaf_strings(arr.items)
    if pt.is_list(t) or pt.is_large_list(t) or pt.is_fixed_size_list(t) or pt.is_list_view(t) \
            or pt.is_large_list_view(t):
        return _leaf_strings(arr.flatten())
    if pt.is_dictionary(t):
        return _leaf_strings(arr.dictionary)
    if pt.is_string(t) or pt.is_large_string(t):
        return pc.unique(arr.drop_null()).to_pylist()
    if pt.is_string_view(t):
        return _leaf_strings(arr.cast(pa.large_string()))
    if pt.is_binary_view(t):
        return _leaf_strings(arr.cast(pa.large_binary()))
    if pt.is_binary(t) or pt.is_large_binary(t) or pt.is_fixed_size_binary(t):
        return [b.decode("utf-8", errors="replace") for b in pc.unique(arr.drop_null()).to_pylist()]
    out: set[str] = set()  # anything else: its Python values
    stack = arr.to_pylist()
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            out.add(v)
        elif isinstance(v, bytes):
            out.add(v.decode("utf-8", errors="replace"))
        elif isinstance(v, dict):
            stack += [*v.keys(), *v.values()]
        elif isinstance(v, (list, tuple)):
            stack += v
    return list(out)


def parquet_strings(data: bytes, n: int) -> set[str]:
    """Every distinct string of a Parquet file, a row group at a time: its string columns
    read as dictionaries (what each holds, not each row's copy), binary ones as UTF-8; the
    column names and the file's key-value metadata too (published with it). `parts_stream`
    keeps those that can hold `n` words."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out: set[str] = set()
    schema = pq.ParquetFile(pa.BufferReader(data)).schema
    strings = [schema.column(i).path for i in range(len(schema)) if schema.column(i).physical_type == "BYTE_ARRAY"]
    pf = pq.ParquetFile(pa.BufferReader(data), read_dictionary=strings)
    arrow = pf.schema_arrow
    out.update(arrow.names)
    for f in arrow:
        _names(f.type, out)
    for k, v in (pf.metadata.metadata or {}).items():
        out.add(k.decode("utf-8", errors="replace"))
        if k != b"ARROW:schema":  # the schema above, serialised (base64)
            out.add(v.decode("utf-8", errors="replace"))
    # only the top-level columns that can hold a string (numbers are no words): a third less
    # to decode in data/ (docs/performance.md, the CI check); all of them when two share a
    # name (a file not written by newsframes)
    names = arrow.names
    tops = [f.name for f in arrow if not _no_words(f.type)] if len(set(names)) == len(names) else None
    for g in range(pf.metadata.num_row_groups):
        table = pf.read_row_group(g, columns=tops)
        for col in table.columns:
            for chunk in col.chunks:
                out.update(_leaf_strings(chunk))
    return out
