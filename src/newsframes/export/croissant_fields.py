"""The `cr:Field` tree of one Croissant record set, from a Parquet file's Arrow schema.

What mlcroissant (1.1) can read, and so what is described:
- a scalar column -> a Field with its dataType; a list of scalars -> `repeated`;
- a struct column -> a Field with `subField`s, each reading the column through a
  `jsonPath`; a list of structs -> the same, `repeated`;
- a struct inside those -> flattened into dotted sub-fields (`cue.start`), since a
  reader places only one level of sub-fields;
- a list of structs or lists inside a struct or list (two list levels) -> left out,
  and listed in `FieldDescriber.omitted`.
ClassLabel names from the Hugging Face features in the Parquet metadata are written
into the field's description (the column holds the label index).
"""

from __future__ import annotations

import json
import re

_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")


def _scalar_type(t) -> str | None:
    import pyarrow as pa

    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_null(t):
        return "sc:Text"
    if pa.types.is_boolean(t):
        return "sc:Boolean"
    if pa.types.is_integer(t):
        return "sc:Integer"
    if pa.types.is_floating(t):
        return "sc:Float"
    if pa.types.is_date(t):
        return "sc:Date"
    if pa.types.is_timestamp(t):
        return "sc:DateTime"
    return None


def _is_list(t) -> bool:
    import pyarrow as pa

    return pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t)


def _json_path(names: list[str]) -> str:
    return ".".join(n if _PLAIN_NAME.match(n) and n != "where" else json.dumps(n) for n in names)


def class_labels(schema) -> dict:
    """column path -> ClassLabel names, from the Hugging Face features in the metadata."""
    meta = (schema.metadata or {}).get(b"huggingface")
    if not meta:
        return {}
    try:
        features = json.loads(meta).get("info", {}).get("features", {})
    except (ValueError, AttributeError):
        return {}
    out = {}

    def walk(node, path):
        if isinstance(node, dict):
            if node.get("_type") == "ClassLabel" and "names" in node:
                out[".".join(path)] = list(node["names"])
                return
            if node.get("_type") in ("List", "Sequence", "LargeList"):
                walk(node.get("feature"), path)
                return
            if "_type" not in node:
                for k, v in node.items():
                    walk(v, path + [k])
        elif isinstance(node, list) and node:
            walk(node[0], path)

    walk(features, [])
    return out


class FieldDescriber:
    """Builds the cr:Field tree of one config from its Arrow schema."""

    def __init__(self, config: str, fileset_id: str, labels: dict):
        self.config, self.fileset_id, self.labels = config, fileset_id, labels
        self.omitted: list[str] = []

    def _source(self, column: str, path: list[str]) -> dict:
        src = {"fileSet": {"@id": self.fileset_id}, "extract": {"column": column}}
        if path:
            src["transform"] = {"jsonPath": _json_path(path)}
        return src

    def _leaf(self, fid: str, name: str, dtype: str, column: str, path: list[str], repeated: bool, label_key: str) -> dict:
        f = {"@type": "cr:Field", "@id": fid, "name": name, "dataType": dtype, "source": self._source(column, path)}
        if repeated:
            f["repeated"] = True
        if label_key in self.labels:
            names = self.labels[label_key]
            f["description"] = "ClassLabel index into: " + ", ".join(f"{i}={n}" for i, n in enumerate(names))
        return f

    def _children(self, parent_id: str, column: str, struct_type, prefix: list[str], label_prefix: str) -> list[dict]:
        """Sub-fields of a struct (itself a column, or the items of a list column)."""
        import pyarrow as pa

        out = []
        for child in struct_type:
            path = prefix + [child.name]
            name = ".".join(path)
            fid = f"{parent_id}/{name}"
            label_key = f"{label_prefix}.{name}"
            t = child.type
            if _scalar_type(t):
                out.append(self._leaf(fid, name, _scalar_type(t), column, path, False, label_key))
            elif _is_list(t) and _scalar_type(t.value_type):
                out.append(self._leaf(fid, name, _scalar_type(t.value_type), column, path, True, label_key))
            elif pa.types.is_struct(t):
                out.extend(self._children(parent_id, column, t, path, label_prefix))
            else:
                self.omitted.append(f"{label_prefix}.{name}")
        return out

    def field(self, arrow_field) -> dict | None:
        import pyarrow as pa

        col, t = arrow_field.name, arrow_field.type
        fid = f"{self.config}/{col}"
        if _scalar_type(t):
            return self._leaf(fid, col, _scalar_type(t), col, [], False, col)
        if _is_list(t) and _scalar_type(t.value_type):
            return self._leaf(fid, col, _scalar_type(t.value_type), col, [], True, col)
        if pa.types.is_struct(t) or (_is_list(t) and pa.types.is_struct(t.value_type)):
            repeated = _is_list(t)
            subs = self._children(fid, col, t.value_type if repeated else t, [], col)
            if not subs:
                self.omitted.append(col)
                return None
            f = {"@type": "cr:Field", "@id": fid, "name": col, "subField": subs}
            if repeated:
                f["repeated"] = True
            return f
        self.omitted.append(col)
        return None
