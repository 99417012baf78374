"""A fast equivalent of `datasets.Features.encode_example` for our rows: the features
are compiled once into nested functions (label string -> ClassLabel id, the same
conversions as `Value.encode_example`, dicts reduced to the feature's keys). The Arrow
tables it gives equal those of `encode_example` (tests/test_build_cache.py)."""

from __future__ import annotations

from collections.abc import Callable


def _identity(v):
    return v


def _value(feature) -> Callable:
    import pyarrow as pa

    t = feature.pa_type
    if pa.types.is_boolean(t):
        conv, kind = bool, bool
    elif pa.types.is_integer(t):
        conv, kind = int, int
    elif pa.types.is_floating(t):
        conv, kind = float, float
    elif pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        conv, kind = str, str
    else:
        return _identity

    def enc(v):
        return v if v is None or type(v) is kind else conv(v)
    return enc


def _class_label(feature) -> Callable:
    ids = {name: i for i, name in enumerate(feature.names)}

    def enc(v):
        if v is None:
            return None
        if type(v) is str:
            i = ids.get(v)
            return i if i is not None else feature.encode_example(v)  # raises as datasets does
        return feature.encode_example(v)
    return enc


def compile_feature(feature) -> Callable:
    from datasets import ClassLabel, LargeList, List, Value

    if isinstance(feature, dict):
        parts = [(k, compile_feature(f)) for k, f in feature.items()]

        def enc_dict(obj):
            if obj is None:
                return None
            get = obj.get
            return {k: f(get(k)) for k, f in parts}
        return enc_dict
    if isinstance(feature, (List, LargeList)):
        inner = compile_feature(feature.feature)

        def enc_list(obj):
            if obj is None:
                return None
            return [inner(o) for o in obj]
        return enc_list
    if isinstance(feature, ClassLabel):
        return _class_label(feature)
    if isinstance(feature, Value):
        return _value(feature)
    return lambda v: feature.encode_example(v) if v is not None and hasattr(feature, "encode_example") else v


def row_encoder(features) -> Callable[[dict], dict]:
    """encode(row) for a `datasets.Features` (a top-level None row is refused, as by datasets)."""
    enc = compile_feature(dict(features))

    def encode(row: dict) -> dict:
        if row is None:
            raise ValueError("Got None but expected a dictionary instead")
        return enc(row)
    return encode
