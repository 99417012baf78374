"""The field tables of docs/fields.md: one table per Hugging Face config (`articles`, `mentions`,
`claims`, `techniques`) and per nested struct, with the columns and types of the build's
`Features` (`newsframes.dataset.features`) and the descriptions of
`schema/article.schema.json` (`$ref`s followed).

Each column maps to the record field it comes from (`COLUMN_SOURCES`); the few columns
the build derives (the text, `context`, names looked up from entities) have their own
descriptions (`OWN_DESCRIPTIONS`); both are in `columns.py`. A column with neither is reported by
`undocumented_columns()` (a test keeps it empty), so a new build column cannot reach the
card without a description.
"""

from __future__ import annotations

import json

from ..paths import schema_dir
from .columns import COLUMN_SOURCES, CONFIG_TITLES, OWN_DESCRIPTIONS, OWN_NULLABLE


def load_schema() -> dict:
    return json.loads((schema_dir() / "article.schema.json").read_text(encoding="utf-8"))


def _deref(node: dict, root: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def schema_node(path: str, root: dict) -> dict | None:
    """The (unresolved) property schema at a record path such as `claims[].cue.start`."""
    node, prop = root, None
    for part in path.split("."):
        is_list = part.endswith("[]")
        name = part[:-2] if is_list else part
        props = _object_props(node, root)
        if name not in props:
            return None
        prop = props[name]
        node = _deref(prop, root)
        if is_list:
            node = _deref(node.get("items", {}), root)
    return prop


def _object_props(node: dict, root: dict) -> dict:
    node = _deref(node, root)
    if "items" in node:
        node = _deref(node["items"], root)
    return node.get("properties", {})


def describe(path: str, root: dict) -> str:
    prop = schema_node(path, root)
    if prop is None:
        return ""
    if prop.get("$ref", "").endswith("/provenance") and "description" not in prop:
        return "How this annotation was made (provenance, explained above)."
    return prop.get("description") or _deref(prop, root).get("description", "")


def nullable(path: str, root: dict, ancestors: bool = False) -> bool:
    """Whether the schema allows null at `path` (or, with `ancestors`, at any object
    above it: `claims[].cue.start` is null in a flat column when the cue is null)."""
    if ancestors:
        parts = path.split(".")
        return any(nullable(".".join(parts[:i]), root) for i in range(1, len(parts) + 1))
    prop = schema_node(path, root)
    if prop is None:
        return False
    node = _deref(prop, root)
    alts = [_deref(a, root) for a in node.get("anyOf", [])] + [node]
    for a in alts:
        t = a.get("type")
        if t == "null" or (isinstance(t, list) and "null" in t) or None in a.get("enum", [1]):
            return True
    return False


def _enum_values(path: str, root: dict) -> list[str]:
    prop = schema_node(path, root)
    if prop is None:
        return []
    node = _deref(prop, root)
    return [v for v in node.get("enum", []) if v is not None]


def _column_desc(col: str, path: str, root: dict) -> str:
    desc = describe(path, root)
    if desc and path != col:
        desc += f" (record field `{path}`)"
    return desc


def _string_values(feat: dict, path: str, root: dict) -> str:
    vals = _enum_values(path, root) if feat.get("value") == "string" else []
    return f": {', '.join(f'`{v}`' for v in vals)}" if vals else ""


def _feature_type(feat: dict, path: str, tables: list, seen: dict, config: str) -> str:
    """`feat` is a feature as plain data (`dataset.bundle.describe`): {"label": names},
    {"value": arrow type}, {"list": feat} or {"dict": [[name, feat], ...]}."""
    if "label" in feat:
        return f"class label ({len(feat['label'])} names)"
    if "value" in feat:
        return {"bool": "boolean"}.get(feat["value"], feat["value"])
    if "list" in feat:
        return "list of " + _feature_type(feat["list"], path + "[]", tables, seen, config)
    if "dict" in feat:
        key = json.dumps(sorted(name for name, _ in feat["dict"]), ensure_ascii=False)  # same struct -> one table
        if key in seen:
            return f"struct (as `{seen[key]}`)"
        seen[key] = f"{config}.{path}"
        tables.append((f"{config}.{path}", path, feat))
        return f"struct (`{config}.{path}`)"
    raise ValueError(f"not a feature description: {sorted(feat)}")


def _config_features() -> dict:
    """config -> its features as plain data, from the build's cached feature bundle (so
    that writing the field tables does not import `datasets`, ~0.7 s)."""
    from ..dataset.bundle import bundles

    return {cfg: b.desc for cfg, b in bundles().items()}


def field_tables(schema: dict | None = None, features: dict | None = None):
    """[(title, description, [(column, type, description, record path or None)])]."""
    root = schema or load_schema()
    features = features or _config_features()
    out = []
    for config, feats in features.items():
        sources = COLUMN_SOURCES.get(config, {})
        own = OWN_DESCRIPTIONS.get(config, {})
        nested: list = []
        seen: dict = {}
        rows = []
        for col, feat in feats["dict"]:
            path = sources.get(col, col if config == "articles" else None)
            if col in own:
                path, desc = None, own[col]
            else:
                desc = _column_desc(col, path, root) if path else ""
            type_text = _feature_type(feat, col, nested, seen, config)
            if path:
                type_text += _string_values(feat, path, root)
            if (path and nullable(path, root, ancestors=True)) or (config, col) in OWN_NULLABLE:
                type_text += " or null"
            rows.append((col, type_text, desc, path))
        out.append((f"`{config}` config", CONFIG_TITLES.get(config, ""), rows))
        for title, struct_path, feat, types in _walk_nested(nested, seen, config):
            out.append(_struct_table(title, struct_path, feat, types, root, sources, config))
    return out


def _walk_nested(nested: list, seen: dict, config: str):
    """Breadth-first: each struct once, nested structs after their parent."""
    i = 0
    while i < len(nested):
        title, path, feat = nested[i]
        types = {name: _feature_type(sub, f"{path}.{name}", nested, seen, config)
                 for name, sub in feat["dict"]}
        yield title, path, feat, types
        i += 1


def _record_path(col_path: str, sources: dict, config: str) -> str:
    """Record path of a nested column path like `entities[].roles[].main` or
    `published_evidence[].url` (first segment mapped through COLUMN_SOURCES)."""
    head, _, rest = col_path.partition(".")
    base = head[:-2] if head.endswith("[]") else head
    mapped = sources.get(base, base if config == "articles" else None)
    if mapped is None:
        return ""
    if head.endswith("[]") and not mapped.endswith("[]"):
        mapped += "[]"
    return mapped + ("." + rest if rest else "")


def _struct_table(title: str, struct_path: str, feat: dict, types: dict, root: dict,
                  sources: dict, config: str):
    rows = []
    owner = _record_path(struct_path, sources, config)
    desc = ""
    if owner:
        node = schema_node(owner.removesuffix("[]"), root)
        if node is not None:
            resolved = _deref(node, root)
            item = _deref(resolved.get("items", {}), root) if "items" in resolved else resolved
            desc = item.get("description", "")
    for name, sub in feat["dict"]:
        path = f"{owner}.{name}" if owner else ""
        type_text = types[name] + (_string_values(sub, path, root) if path else "")
        if path and nullable(path, root):
            type_text += " or null"
        rows.append((name, type_text, describe(path, root) if path else "", path or None))
    return (f"`{title}`", desc, rows)


def undocumented_columns(schema: dict | None = None, features: dict | None = None) -> list[str]:
    out = []
    for title, _, rows in field_tables(schema, features):
        out += [f"{title}: {col}" for col, _, desc, _ in rows if not desc]
    return out


def _cell(text: str) -> str:
    """A Markdown table cell: pipes escaped, `<` and `>` escaped outside code spans
    (else `corpus/<id>.txt` would render as an HTML tag)."""
    parts = text.replace("\n", " ").split("`")
    for i in range(0, len(parts), 2):
        parts[i] = parts[i].replace("<", "&lt;").replace(">", "&gt;")
    return "`".join(parts).replace("|", "\\|")


def render_field_tables(schema: dict | None = None, features: dict | None = None) -> str:
    root = schema or load_schema()
    out = ["*Generated by `newsframes stats --write` from the build's features and the "
           "`description`s of `schema/article.schema.json`; do not edit by hand. Offsets "
           "are 0-based Unicode code points, end exclusive. Class labels are stored as "
           "integers: `ds.features[col].names` (or `.feature.names` in a list) gives the "
           "names, listed in `schema/taxonomies/`.*", "",
           "Provenance (the `source` field of each annotation): "
           + _cell(root["$defs"]["provenance"]["description"])]
    for title, desc, rows in field_tables(root, features):
        out += ["", f"**{title}**" + (f": {_cell(desc)}" if desc else "")]
        out += ["", "| field | type | description |", "|---|---|---|"]
        out += [f"| `{f}` | {_cell(t)} | {_cell(d)} |" for f, t, d, _ in rows]
    return "\n".join(out) + "\n"
