"""Generated label documentation and taxonomy checks.

`schema/LABELS.md` (the codebook: every taxonomy with its anchor and a table of labels
and definitions) and the label enums of `schema/article.schema.json` are both derived
from `schema/taxonomies/*.json`. This module reads the taxonomies without caching (so
a check always sees the files as they are now), reports structural problems with a
file and JSON pointer, and renders both generated files deterministically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .jsonio import DuplicateKeyError, loads_strict
from .taxonomy import TAXONOMY_FILES, Taxonomies, schema_with_enums

LABELS_MD = "LABELS.md"
SCHEMA_JSON = "article.schema.json"


@dataclass(frozen=True)
class Problem:
    """One error found in a taxonomy or schema file."""

    path: Path
    pointer: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: {self.pointer}" if self.pointer else f"{self.path}"
        return f"{where}: {self.code} {self.message}"


class TaxonomyError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def dumps(obj) -> str:
    """The one JSON layout of the schema and taxonomy files."""
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def read_json(path: Path):
    """Parse a JSON file strictly; raise TaxonomyError with a clear message on failure."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TaxonomyError([Problem(path, "", "NF002", "file not found; restore it from git")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError([Problem(path, "", "NF002", f"cannot read the file as UTF-8 ({exc})")]) from None
    try:
        return loads_strict(text)
    except DuplicateKeyError as exc:
        raise TaxonomyError([Problem(path, "", "NF002", f"{exc}; keep one of them")]) from None
    except json.JSONDecodeError as exc:
        raise TaxonomyError([Problem(path, f"line {exc.lineno} column {exc.colno}", "NF002",
                                     f"invalid JSON: {exc.msg}")]) from None
    except ValueError as exc:
        raise TaxonomyError([Problem(path, "", "NF002", f"invalid JSON: {exc}")]) from None


def read_taxonomies(directory: Path) -> Taxonomies:
    """Read every taxonomy file from `directory` (no cache) and check its structure."""
    directory = Path(directory)
    raw, problems = {}, []
    for name in TAXONOMY_FILES:
        try:
            raw[name] = read_json(directory / f"{name}.json")
        except TaxonomyError as exc:
            problems.extend(exc.problems)
    if not problems:
        problems = structure_problems(raw, directory)
    if problems:
        raise TaxonomyError(problems)
    return Taxonomies(raw)


def _entries(obj: dict, key: str, path: Path, problems: list[Problem]) -> list[dict]:
    value = obj.get(key)
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        problems.append(Problem(path, f"/{key}", "NF003", "must be a list of objects"))
        return []
    return value


def _check_labels(entries: list[dict], pointer: str, path: Path, problems: list[Problem],
                  seen: dict[str, str]) -> None:
    for i, entry in enumerate(entries):
        label = entry.get("label")
        if not isinstance(label, str) or not label.strip():
            problems.append(Problem(path, f"{pointer}/{i}/label", "NF003", "missing or empty label string"))
            continue
        if label in seen:
            problems.append(Problem(path, f"{pointer}/{i}/label", "NF003",
                                    f"duplicate label {label!r} (first at {seen[label]}); labels must be unique"))
        else:
            seen[label] = f"{pointer}/{i}"
        if not isinstance(entry.get("definition"), str):
            problems.append(Problem(path, f"{pointer}/{i}/definition", "NF003", "definition must be a string"))


NARRATIVE_FILES = ("narratives", "narratives_project", "narratives_cc")


def structure_problems(raw: dict, directory: Path) -> list[Problem]:
    """Problems that would make generated enums or docs wrong: non-unique labels,
    techniques in unknown groups, fine roles under unknown main roles, sub-narratives
    that do not extend their narrative's label."""
    problems: list[Problem] = []
    narrative_seen: dict[str, str] = {}
    for name in TAXONOMY_FILES:
        path = directory / f"{name}.json"
        obj = raw[name]
        if not isinstance(obj, dict):
            problems.append(Problem(path, "", "NF003", "top level must be an object"))
            continue
        labels = _entries(obj, "labels", path, problems)
        # narratives and project narratives share one enum: labels unique across both
        seen = narrative_seen if name in NARRATIVE_FILES else {}
        _check_labels(labels, "/labels", path, problems, seen)
        for key, ref in (("groups", "group"), ("main", "main")):
            if key not in obj:
                continue
            parents = _entries(obj, key, path, problems)
            _check_labels(parents, f"/{key}", path, problems, {})
            known = {p.get("label") for p in parents}
            for i, entry in enumerate(labels):
                if entry.get(ref) not in known:
                    problems.append(Problem(path, f"/labels/{i}/{ref}", "NF003",
                                            f"{entry.get(ref)!r} is not a label listed under /{key}"))
        for i, entry in enumerate(labels):
            if "subnarratives" not in entry:
                continue
            subs = _entries(entry, "subnarratives", path, problems)
            pointer = f"/labels/{i}/subnarratives"
            _check_labels(subs, pointer, path, problems, seen)
            for j, sub in enumerate(subs):
                if not str(sub.get("label", "")).startswith(f"{entry.get('label')}: "):
                    problems.append(Problem(path, f"{pointer}/{j}/label", "NF003",
                                            "a sub-narrative label must start with its narrative's label and ': '"))
    return problems


def schema_text(schema: dict, tax: Taxonomies, path: Path) -> str:
    """The article schema with its label enums regenerated from the taxonomies."""
    missing = [k for k in tax.schema_enums() if k not in schema.get("$defs", {})]
    if missing:
        raise TaxonomyError([Problem(path, f"/$defs/{k}", "NF003", "missing enum definition; restore it from git")
                             for k in missing])
    return dumps(schema_with_enums(schema, tax))


# ---------------------------------------------------------------- LABELS.md


def _cell(text) -> str:
    if text is None or text == "":
        return "—"
    return " ".join(str(text).split()).replace("|", "\\|")


def _code(label: str) -> str:
    return f"`{label}`".replace("|", "\\|")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _anchor_line(anchor: dict) -> str:
    parts = [f"Anchor: {_cell(anchor.get('name'))}."]
    repo, file = anchor.get("repository"), anchor.get("path")
    if repo:
        parts.append(f"Source: [{repo}](https://github.com/{repo})" + (f", file `{file}`." if file else "."))
    elif file:
        parts.append(f"Source file: `{file}`.")
    else:
        parts.append("No source label file recorded.")
    return " ".join(parts)


def _section(name: str, obj: dict) -> list[str]:
    labels = obj.get("labels", [])
    n_sub = sum(len(x.get("subnarratives", [])) for x in labels)
    count = f"{len(labels)} labels" + (f", {n_sub} sub-narratives" if n_sub else "")
    count += f", {len(obj['groups'])} groups" if "groups" in obj else ""
    count += f", {len(obj['main'])} main roles" if "main" in obj else ""
    out = [f"## {name}", ""]
    if obj.get("description"):
        out += [_cell(obj["description"]), ""]
    out += [
        f"File `taxonomies/{name}.json`, version {obj.get('version', '—')}; level: "
        f"{obj.get('level', '—')}; cardinality: {obj.get('cardinality', '—')}; {count}.",
        "",
        _anchor_line(obj.get("anchor") or {}),
        "",
    ]
    if "groups" in obj:
        out += ["### Groups", ""]
        out += _table(["group", "definition"], [[_code(g["label"]), _cell(g.get("definition"))] for g in obj["groups"]])
        out.append("")
    if "main" in obj:
        out += ["### Main roles", ""]
        out += _table(["main role", "definition"], [[_code(m["label"]), _cell(m.get("definition"))] for m in obj["main"]])
        out.append("")
    if not labels:
        return out + ["No labels yet.", ""]
    if any("subnarratives" in x for x in labels):
        rows = []
        for n in labels:
            rows.append([_code(n["label"]), "—", _cell(n.get("definition"))])
            rows += [[_code(s["label"]), _code(n["label"]), _cell(s.get("definition"))]
                     for s in n.get("subnarratives", [])]
        table = _table(["label", "narrative", "definition"], rows)
    elif "groups" in obj:
        table = _table(["label", "group", "definition"],
                       [[_code(x["label"]), _code(x["group"]), _cell(x.get("definition"))] for x in labels])
    elif "main" in obj:
        table = _table(["label", "main role", "definition"],
                       [[_code(x["label"]), _code(x["main"]), _cell(x.get("definition"))] for x in labels])
    else:
        table = _table(["label", "definition"], [[_code(x["label"]), _cell(x.get("definition"))] for x in labels])
    return out + ["### Labels", ""] + table + [""]


def render_labels_md(tax: Taxonomies) -> str:
    """The text of schema/LABELS.md: same taxonomies, same bytes."""
    out = [
        "# Label codebook",
        "",
        "<!-- Generated by `newsframes schema --write` from schema/taxonomies/*.json. "
        "Do not edit by hand: edit the taxonomy files and regenerate. -->",
        "",
        "Every label newsframes uses, with its definition. Label strings are exact (copy them "
        "with the backticks removed); where a list is adopted from an anchor corpus the strings "
        "are that corpus's own, so results compare with published work. The definitions are "
        "the project's codebook. Versioning rules: [VERSIONING.md](VERSIONING.md).",
        "",
        "Contents: " + ", ".join(f"[{n}](#{n})" for n in TAXONOMY_FILES) + ".",
        "",
    ]
    for name in TAXONOMY_FILES:
        out += _section(name, tax.raw[name])
    return "\n".join(out).rstrip("\n") + "\n"


def first_difference(old: str, new: str) -> str:
    """Where two texts first differ, as `line N`."""
    a, b = old.splitlines(), new.splitlines()
    for i, (x, y) in enumerate(zip(a, b), start=1):
        if x != y:
            return f"line {i}"
    return f"line {min(len(a), len(b)) + 1}"
