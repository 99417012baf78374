"""README field tables: one table per Hugging Face config (`articles`, `mentions`,
`claims`, `techniques`) and per nested struct, with the columns and types of the build's
`Features` (`newsframes.dataset.features`) and the descriptions of
`schema/article.schema.json` (`$ref`s followed).

Each column maps to the record field it comes from (`COLUMN_SOURCES`); the few columns
the build derives (the text, `context`, names looked up from entities) have their own
descriptions here (`OWN_DESCRIPTIONS`). A column with neither is reported by
`undocumented_columns()` (a test keeps it empty), so a new build column cannot reach the
card without a description.
"""

from __future__ import annotations

import json

from ..paths import schema_dir

# config -> column -> record path (dots; `[]` = every item of a list)
COLUMN_SOURCES: dict[str, dict[str, str]] = {
    "articles": {
        "outlet": "source.outlet", "url": "source.url", "authors": "source.authors",
        "published_date": "source.published.date",
        "published_precision": "source.published.precision",
        "published_basis": "source.published.basis",
        "published_evidence": "source.published.evidence",
        "published_note": "source.published.note", "retrieved": "source.retrieved",
        "seed_file": "source.seed.file", "seed_sha256": "source.seed.sha256",
        "rights_status": "source.rights.status", "rights_note": "source.rights.note",
        "source_notes": "source.notes", "annotation_status": "annotation.status",
        "annotators": "annotation.annotators",
        "guidelines_version": "annotation.guidelines_version",
        "annotation_method": "annotation.method",
        "adjudicated_from": "annotation.adjudicated_from",
        "adjudication_log": "annotation.adjudication_log",
        "paragraphs": "structure.paragraphs", "sentences": "structure.sentences",
        "genre": "genre.label", "genre_source": "genre.source", "genre_note": "genre.note",
        "frames": "frames.labels", "primary_frame": "frames.primary",
        "frames_source": "frames.source", "frames_note": "frames.note",
    },
    "mentions": {
        "id": "mentions[].id", "start": "mentions[].start", "end": "mentions[].end",
        "text": "mentions[].text", "entity": "mentions[].entity",
        "entity_type": "entities[].type", "entity_wikidata": "entities[].wikidata",
        "metonymy": "mentions[].metonymy", "source": "mentions[].source",
    },
    "claims": {
        "id": "claims[].id", "start": "claims[].start", "end": "claims[].end",
        "text": "claims[].text", "claimant": "claims[].claimant",
        "cue_start": "claims[].cue.start", "cue_end": "claims[].cue.end",
        "cue_text": "claims[].cue.text", "type": "claims[].type",
        "checkworthy": "claims[].checkworthy", "verdict": "claims[].verdict.label",
        "verdict_checked": "claims[].verdict.checked",
        "verdict_evidence": "claims[].verdict.evidence",
        "verdict_note": "claims[].verdict.note", "source": "claims[].source",
    },
    "techniques": {
        "id": "techniques[].id", "label": "techniques[].label", "start": "techniques[].start",
        "end": "techniques[].end", "text": "techniques[].text",
        "source": "techniques[].source", "note": "techniques[].note",
    },
}
_SPAN_OWN = {
    "article_id": "Id of the article the span belongs to (the `id` of its `articles` row).",
    "split": "Split of the article the span belongs to.",
    "text": "The span's text, text[start:end] of the article text; null when the article's text is "
            "withheld (`text_status`).",
    "text_sha256": "SHA-256 (hex) of the span's text in UTF-8, kept when the text is withheld: checks a "
                   "restored copy (`newsframes rehydrate`).",
    "text_status": "`present`, or `withheld:rights-<status>` when the rights policy (schema/rights.json) "
                   "leaves the article's text out of the built data (docs/rights.md).",
    "context": "The sentence(s) around the span (the paragraph when there are no sentences), "
               "for reading; offsets stay those of the article text; null when withheld.",
    "context_sha256": "SHA-256 (hex) of `context` in UTF-8, kept when the text is withheld.",
    "context_start": "Offset of `context` in the article text: the span is "
                     "context[start - context_start : end - context_start].",
}
OWN_NULLABLE = {("claims", "claimant_name"), ("articles", "text"), ("claims", "cue_text_sha256"),
                ("claims", "cue_text"),
                *((c, f) for c in ("mentions", "claims", "techniques") for f in ("text", "context"))}
OWN_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "articles": {"text": "The normalised article text (`corpus/<id>.txt`); every offset "
                         "indexes into it, in Unicode code points. Null when the rights policy withholds "
                         "it (`text_status`); the `text` of the nested mentions, claims and cues, "
                         "techniques and timexes is then null too. `text_sha256` checks a restored copy.",
                 "text_status": "`present`, or `withheld:rights-<status>` (e.g. `withheld:rights-unknown`) "
                                "when the rights policy (schema/rights.json) leaves the text out of the built "
                                "data; restore it with `newsframes rehydrate` (docs/rights.md)."},
    "mentions": {**_SPAN_OWN, "entity_name": "Canonical name of the mention's entity."},
    "claims": {**_SPAN_OWN, "claimant_name": "Canonical name of the claimant entity; null "
                                             "when the claimant is `author` or `unnamed`.",
               "cue_text": "The cue's text (text[cue_start:cue_end]); null when there is no cue or the "
                           "article's text is withheld.",
               "cue_text_sha256": "SHA-256 (hex) of the cue's text in UTF-8 (null without a cue), kept when "
                                  "the text is withheld."},
    "techniques": {**_SPAN_OWN, "group": "Group of the technique (the six groups of the "
                                         "SemEval-2023 Task 3 guidelines)."},
}
CONFIG_TITLES = {
    "articles": "one row per article (default config); nested lists keep the record's layers",
    "mentions": "one row per entity mention",
    "claims": "one row per claim",
    "techniques": "one row per persuasion-technique span",
}


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
