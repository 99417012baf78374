"""Level 2: JSON Schema (Draft 2020-12) with every error and its JSON pointer.
The schema is read and compiled once per process."""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from pathlib import Path

from .issues import Issue, make, pointer

_CODE_BY_VALIDATOR = {
    "type": "NF201",
    "required": "NF202",
    "additionalProperties": "NF203",
    "unevaluatedProperties": "NF203",
    "enum": "NF204",
    "const": "NF204",
    "pattern": "NF205",
    "format": "NF205",
}


def ecma_pattern(pattern: str, *, digits: bool = True) -> str:
    """A JSON Schema (ECMA-262) pattern as a Python regex with the same meaning for the
    schema's patterns: `$` outside a character class becomes `\\Z` (in Python, `$` also
    matches before a final newline, so "en\\n" would pass `^[a-z]{2,3}$`); with
    `digits`, `\\d` becomes `[0-9]` (ECMA's `\\d` is ASCII only)."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            pair = pattern[i:i + 2]
            if digits and pair == "\\d":
                pair = "0-9" if in_class else "[0-9]"
            out.append(pair)
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        elif c == "$" and not in_class:
            c = "\\Z"
        out.append(c)
        i += 1
    return "".join(out)


@lru_cache(maxsize=256)
def _ecma_regex(pattern: str):
    return re.compile(ecma_pattern(pattern))


def _pattern_keyword(validator, patrn, instance, schema):
    """The `pattern` keyword with ECMA-262 end-of-input semantics (see `ecma_pattern`)."""
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not _ecma_regex(patrn).search(instance):
        yield ValidationError(f"{instance!r} does not match {patrn!r}")


@lru_cache(maxsize=4)
def compiled_validator(schema_path: str):
    import jsonschema

    with open(schema_path, encoding="utf-8") as fh:
        schema = json.load(fh)
    base = jsonschema.Draft202012Validator
    base.check_schema(schema)
    # JSON Schema counts 18.0 as an integer; offsets must be real integers (text[18.0:] fails)
    strict = base.TYPE_CHECKER.redefine(
        "integer", lambda checker, inst: isinstance(inst, int) and not isinstance(inst, bool))
    return jsonschema.validators.extend(base, {"pattern": _pattern_keyword}, type_checker=strict)(schema)


def _short(value, limit: int = 60) -> str:
    s = json.dumps(value, ensure_ascii=False)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _leaf(err):
    """For anyOf/oneOf failures, the alternative error that says most (an enum miss on a
    string rather than 'is not null')."""
    while err.validator in ("anyOf", "oneOf") and err.context:
        alts = [e for e in err.context if e.validator != "type"] or list(err.context)
        err = min(alts, key=lambda e: (-len(e.relative_path), e.validator))
        if err.relative_path:  # deeper error inside the alternative: report it as is
            break
    return err


def _enum_options(leaf) -> tuple[list[str], list[str]]:
    """(allowed values, the close matches of the value among them)."""
    options = [str(o) for o in leaf.validator_value if o is not None]
    return options, difflib.get_close_matches(str(leaf.instance), options, n=3, cutoff=0.6)


def _enum_hint(leaf) -> str:
    """NF204's hint, true to what the message holds: a suggestion only when there is one."""
    options, close = _enum_options(leaf)
    if close:
        return "use a label from schema/taxonomies/*.json; the closest are suggested in the message"
    if len(options) <= 8:
        return "use one of the allowed values listed in the message"
    return ("nothing close to this value is allowed here: pick a label from schema/LABELS.md "
            "(the lists are schema/taxonomies/*.json), copied exactly")


def _message(err, leaf) -> str:
    v = leaf.validator
    inst = leaf.instance
    if v == "enum":
        options, close = _enum_options(leaf)
        msg = f"{_short(inst)} is not an allowed value"
        if close:
            msg += f" (did you mean {', '.join(repr(c) for c in close)}?)"
        elif len(options) <= 8:
            msg += f" (allowed: {', '.join(options)})"
        return msg
    if v == "required":
        missing = [k for k in leaf.validator_value if isinstance(inst, dict) and k not in inst]
        return f"missing required property {', '.join(repr(k) for k in missing) or leaf.message}"
    if v == "additionalProperties" and isinstance(inst, dict):
        allowed = set(leaf.schema.get("properties", {}))
        extra = sorted(k for k in inst if k not in allowed)
        return f"unknown property {', '.join(repr(k) for k in extra)}"
    if v == "type":
        want = leaf.validator_value
        want = " or ".join(want) if isinstance(want, list) else want
        return f"{_short(inst)} is a {type(inst).__name__}; expected {want}"
    if v == "pattern":
        return f"{_short(inst)} does not match the pattern {leaf.validator_value}"
    return leaf.message if len(leaf.message) < 200 else leaf.message[:199] + "…"


@lru_cache(maxsize=4)
def fast_validator(schema_path: str):
    """The schema compiled by jsonschema-rs (Rust), or None when it is not installed."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - jsonschema-rs is a dependency
        return None
    with open(schema_path, encoding="utf-8") as fh:
        return jsonschema_rs.Draft202012Validator(json.load(fh))


def _has_float(value) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


def quick_valid(record: dict, schema_path: str, *, floats_possible: bool = True) -> bool:
    """True when jsonschema-rs finds `record` valid: then the python validator finds no
    error either (its only laxer point, 18.0 as an integer, is made strict in
    `compiled_validator`, so a record holding a float is never passed here as valid).
    False means "ask the python validator", which gives the error records."""
    fast = fast_validator(schema_path)
    if fast is None:
        return False
    if floats_possible and _has_float(record):
        return False
    try:
        return fast.is_valid(record)
    except Exception:  # noqa: BLE001 - values it cannot convert (huge integers): the slow path decides
        return False


def check_schema(record: dict, display: str, schema_path: Path, *, floats_possible: bool = True) -> list[Issue]:
    if quick_valid(record, str(schema_path), floats_possible=floats_possible):
        return []
    validator = compiled_validator(str(schema_path))
    issues = []
    for err in validator.iter_errors(record):
        leaf = _leaf(err)
        path = list(err.absolute_path)
        if leaf is not err:
            path += list(leaf.relative_path)
        code = _CODE_BY_VALIDATOR.get(leaf.validator, "NF206")
        hint = _enum_hint(leaf) if leaf.validator == "enum" else None
        issues.append(make(code, display, _message(err, leaf), pointer=pointer(*path), hint=hint))
    return sorted(issues, key=lambda i: (i.pointer or "", i.code, i.message))
