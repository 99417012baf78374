"""The shape of a Label Studio JSON export, checked before anything in it is used.

Only the parts `labelstudio import` reads are described (Label Studio adds many more
fields; they are allowed). A malformed export (a list where an object belongs, a number
as a narrative path, `true` as an offset, 18.0 as an offset) gets one located message per
problem: the JSON pointer into the export, what is wrong, and what to do; never a
traceback."""

from __future__ import annotations

from functools import lru_cache

from . import names as N

_STR = {"type": "string"}
_STRS = {"type": "array", "items": _STR}
_INT = {"type": "integer", "minimum": 0}
_ID = {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}  # Label Studio's ids are 64-bit
_NULLABLE_STR = {"type": ["string", "null"]}


def _result_if(kind: str, value: dict) -> dict:
    return {"if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
            "then": {"required": ["value"], "properties": {"value": value}}}


RESULT = {
    "type": "object",
    "required": ["type"],
    "properties": {
        "id": _STR, "from_name": _STR, "to_name": _STR, "type": _STR,
        "from_id": _STR, "to_id": _STR, "value": {"type": "object"},
    },
    "allOf": [
        _result_if("labels", {"type": "object", "required": ["start", "end", "labels"],
                              "properties": {"start": _INT, "end": _INT, "labels": _STRS, "text": _STR}}),
        _result_if("choices", {"type": "object", "required": ["choices"], "properties": {"choices": _STRS}}),
        _result_if("textarea", {"type": "object", "required": ["text"], "properties": {"text": _STRS}}),
        _result_if("taxonomy", {"type": "object", "required": ["taxonomy"],
                                "properties": {"taxonomy": {"type": "array", "items": _STRS}}}),
        {"if": {"properties": {"type": {"const": "relation"}}, "required": ["type"]},
         "then": {"required": ["from_id", "to_id"]}},
        {"if": {"properties": {"type": {"enum": ["labels", "choices", "textarea", "taxonomy"]}},
                "required": ["type"]},
         "then": {"required": ["id", "from_name"]}},
    ],
}

ANNOTATION = {
    "type": "object",
    "properties": {
        "id": _ID,
        "completed_by": {"anyOf": [_ID, {"type": "object", "required": ["id"], "properties": {"id": _ID}}]},
        "was_cancelled": {"type": "boolean"},
        "result": {"type": "array", "items": RESULT},
        "created_at": _NULLABLE_STR, "updated_at": _NULLABLE_STR,
    },
}

EXPORT = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["data"],
        "properties": {
            "id": _ID,
            "data": {"type": "object", "required": [N.TEXT, "article_id"],
                     "properties": {N.TEXT: _STR, "article_id": _STR, "text_sha256": _NULLABLE_STR,
                                    "nf_state": {"type": "object"}}},
            "annotations": {"type": "array", "items": ANNOTATION},
            # Label Studio 1.23.2's JSON export lists a task's predictions by id (the annotation
            # embeds the prediction it started from); other exports give the objects
            "predictions": {"type": "array", "items": {"type": ["object", "integer"]}},
            "drafts": {"type": "array"},
        },
    },
}

MAX_ERRORS = 50


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    base = jsonschema.Draft202012Validator
    # 18.0 is an integer to JSON Schema; an offset must be a real integer (and not `true`)
    strict = base.TYPE_CHECKER.redefine(
        "integer", lambda checker, inst: isinstance(inst, int) and not isinstance(inst, bool))
    return jsonschema.validators.extend(base, type_checker=strict)(EXPORT)


@lru_cache(maxsize=1)
def _fast():
    """The shape compiled by jsonschema-rs (Rust): the whole export in one pass; the Python
    validator then runs only on an export that fails, for the located messages. (Both take
    18.0 as an integer; the import checks the type of every offset it uses.)"""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a dependency
        return None
    return jsonschema_rs.Draft202012Validator(EXPORT)


def pointer(path) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path) if path else ""


def check_export(tasks, where: str) -> list[str]:
    """Located messages for every shape problem of `tasks` (at most MAX_ERRORS, then a count)."""
    from ..validate.l2_schema import _leaf, _message

    fast = _fast()
    try:
        if fast is not None and fast.is_valid(tasks):
            return []
    except (ValueError, OverflowError):  # a value it cannot convert (a huge integer): the slow path decides
        pass
    errors = sorted(_validator().iter_errors(tasks), key=lambda e: list(map(str, e.absolute_path)))
    out = []
    for err in errors[:MAX_ERRORS]:
        leaf = _leaf(err)
        out.append(f"{where}{pointer(leaf.absolute_path)}: {_message(err, leaf)}: this is not what Label Studio "
                   "writes; export the project again as JSON (not JSON_MIN, CSV or another format)")
    if len(errors) > MAX_ERRORS:
        out.append(f"{where}: {len(errors) - MAX_ERRORS} more problem(s) of the same kind not shown")
    return out
