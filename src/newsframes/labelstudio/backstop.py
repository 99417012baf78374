"""The last check of a pull: the record it would write must pass `newsframes validate` as
the record it started from did (levels 2 and 3: schema, labels, offsets, references,
token boundaries). A problem the merge did not catch is reported here, located by the
record pointer, the item id and Label Studio's region id, and nothing is written."""

from __future__ import annotations

from ..paths import cache_dir, schema_dir


def schema_errors(record, display: str) -> list:
    """The schema's errors of a record (a pull works only on records that pass the schema)."""
    from ..validate.l2_schema import check_schema

    if not isinstance(record, dict):
        from ..validate.issues import make

        return [make("NF201", display, "the record is not a JSON object")]
    return [i for i in check_schema(record, display, schema_dir() / "article.schema.json") if i.severity == "error"]


def schema_problem(record, path) -> str | None:
    """A message when the record fails the schema (None when it passes)."""
    bad = schema_errors(record, str(path))
    if not bad:
        return None
    more = f"; {len(bad) - 1} more" if len(bad) > 1 else ""
    return (f"{path} does not pass the schema ({bad[0].code} at {bad[0].pointer or '/'}: {bad[0].message}{more}): "
            "run `newsframes validate` and fix the record first")


def record_errors(record: dict, text: str, display: str) -> list:
    from ..validate.l2_schema import check_schema
    from ..validate.l3_article import check_article

    issues = check_schema(record, display, schema_dir() / "article.schema.json")
    if not any(i.severity == "error" for i in issues):
        issues += check_article(record, text, text.encode("utf-8"), display, cache_dir=cache_dir())
    return [i for i in issues if i.severity == "error"]


def _item(record: dict, pointer: str | None) -> str | None:
    parts = (pointer or "").split("/")
    if len(parts) >= 3 and parts[1] in ("mentions", "claims", "techniques", "timexes", "entities") \
            and parts[2].isdigit():
        items = record.get(parts[1]) or []
        k = int(parts[2])
        if k < len(items) and isinstance(items[k], dict):
            return f"{parts[1]}:{items[k].get('id')}"
    return None


def new_errors(before: dict, after: dict, text: str, display: str, regions: dict[str, str]) -> list[str]:
    """Messages for the errors of `after` that `before` did not have (by code and message)."""
    after_errors = record_errors(after, text, display)
    if not after_errors:
        return []
    old = {(i.code, i.message) for i in record_errors(before, text, display)}
    rid_of = {k: rid for rid, k in regions.items()}
    out = []
    for i in after_errors:
        if (i.code, i.message) in old:
            continue
        key = _item(after, i.pointer)
        at = f" ({key.partition(':')[2]}" + (f", region {rid_of[key]}" if key in rid_of else "") + ")" if key else ""
        out.append(f"the result would fail `newsframes validate`: {i.code} at {display}{i.pointer or ''}{at}: "
                   f"{i.message}: {i.hint}")
    return out
