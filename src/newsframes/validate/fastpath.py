"""The fast path of level 1 for the common case: a clean, canonical record.

`clean_record(data, stem)` returns the parsed record when the bytes pass every level-1
check of `l1_file.check_file` (UTF-8, no BOM/CR/control characters, NFC, depth <= 64,
valid JSON without NaN or duplicate keys, an object whose `id` matches the file name,
canonical form), else None, and the caller runs the careful path, which produces the
exact issues. It never reports anything itself, so reports are the same either way.

Why it is exact:
- the record is parsed with `json.loads` (same values as `loads_strict`); duplicate keys
  cannot hide because the bytes must equal a serialisation of the parsed dict, which
  holds every key once;
- the canonical form is checked as `orjson.dumps(record, OPT_INDENT_2) + "\\n" == bytes`
  plus "every object's keys are already in schema order" (so `_order` would change
  nothing). orjson and `json.dumps(indent=2, ensure_ascii=False)` write the same bytes
  for records of strings, integers below 2**63, booleans, nulls, lists and objects;
  a record holding any float takes the careful path (the two differ on floats, and the
  schema's strict integers reject them anyway);
- the depth is that of the parsed tree, which equals the bracket depth of the bytes;
- a record holding an escape that could decode to a refused character (`\\u`, `\\t`,
  `\\b`, `\\f`, `\\r`) takes the careful path, which checks the decoded strings
  (NF117 lone surrogates, NF118 escaped control/bidi characters).
"""

from __future__ import annotations

import json
import re
import unicodedata
from itertools import chain
from operator import itemgetter

from ..jsonio import _resolve, _schema

MAX_DEPTH = 64
# escapes that can decode to a character level 1 refuses (NF117, NF118); canonical bytes
# hold no other escape that could (`\n` is allowed, `\"` and `\\\\` are plain)
_ESCAPE = re.compile(rb"\\[utbfr]")


class _FloatSeen(Exception):
    pass


def _no_float(_s):
    raise _FloatSeen


def _bad_constant(_name):
    raise ValueError


_decoder = json.JSONDecoder(parse_float=_no_float, parse_constant=_bad_constant)


def clean_record(data: bytes, stem: str, bad_chars) -> dict | None:
    """The record parsed from `data` if it is clean and canonical, else None."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency
        return None
    try:
        s = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if s.startswith("\ufeff") or "\r" in s or bad_chars.search(s) is not None:
        return None
    if _ESCAPE.search(data) is not None:  # a \u or \t escape may decode to a refused character
        return None
    if not unicodedata.is_normalized("NFC", s):
        return None
    try:
        record = _decoder.decode(s)
    except (_FloatSeen, ValueError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    rid = record.get("id")
    if isinstance(rid, str) and rid != stem:
        return None
    try:
        if orjson.dumps(record, option=orjson.OPT_INDENT_2) + b"\n" != data:
            return None
    except (TypeError, ValueError, OverflowError):  # big integers, lone surrogates
        return None
    depth = _ordered_depth(record, _schema())
    if depth < 0 or depth > MAX_DEPTH:
        return None
    return record


_NODES: dict[int, dict | None] = {0: None}


def _info(node_id: int):
    """(property names in order, {name: child node}, items node) of a schema node, the
    way `jsonio._order` resolves it; children are registered by id."""
    hit = _INFO.get(node_id)
    if hit is None:
        node = _NODES[node_id]
        node = _resolve(node, _schema()) if node else None
        props = (node or {}).get("properties", {})
        items = (node or {}).get("items")
        for child in list(props.values()) + [items]:
            if child is not None:
                _NODES.setdefault(id(child), child)
        hit = _INFO[node_id] = (tuple(props), props, items)
    return hit


_INFO: dict[int, tuple] = {}
_ORDER_OK: dict[tuple, bool] = {}
_CONTAINERS = (dict, list)


def _keys_ok(node_id: int, keys: tuple) -> bool:
    hit = _ORDER_OK.get((node_id, keys))
    if hit is None:
        names, props, _ = _info(node_id)
        want = [k for k in names if k in keys]
        if len(want) != len(keys):
            want += sorted(k for k in keys if k not in props)
        hit = _ORDER_OK[(node_id, keys)] = list(keys) == want
    return hit


def _ordered_depth(value, root) -> int:
    _NODES.setdefault(id(root), root)
    return _level([value], id(root), 0)


def _level(values: list, node_id: int, above: int) -> int:
    """Greatest nesting depth among `values` (all at the same place of the schema; a
    scalar is 0), or -1 when some object's keys are not in `jsonio._order`'s order.
    Siblings are handled together, column by column, so most of the work is in C."""
    types = set(map(type, values))
    if dict not in types and list not in types:
        return 0
    if above >= MAX_DEPTH:
        return -1  # too deep for the fast path (and bounded recursion)
    deepest = 0
    if dict in types:
        dicts = values if len(types) == 1 else [v for v in values if type(v) is dict]
        sigs = set(map(tuple, dicts))
        for sig in sigs:
            if not _keys_ok(node_id, sig):
                return -1
        props = _info(node_id)[1]
        sub = 0
        if len(sigs) == 1:
            for k in next(iter(sigs)):
                col = list(map(itemgetter(k), dicts))
                child = props.get(k)
                d = _level(col, id(child) if child is not None else 0, above + 1)
                if d < 0:
                    return -1
                sub = max(sub, d)
        else:
            for k in {k for sig in sigs for k in sig}:
                col = [x[k] for x in dicts if k in x]
                child = props.get(k)
                d = _level(col, id(child) if child is not None else 0, above + 1)
                if d < 0:
                    return -1
                sub = max(sub, d)
        deepest = sub + 1
    if list in types:
        lists = values if len(types) == 1 else [v for v in values if type(v) is list]
        items = _info(node_id)[2]
        d = _level(list(chain.from_iterable(lists)), id(items) if items is not None else 0, above + 1)
        if d < 0:
            return -1
        deepest = max(deepest, d + 1)
    return deepest
