"""`newsframes schema [--check | --write] [--schema-dir DIR]`: keep the files generated
from the taxonomies (the one source of truth for labels) current.

Also checks the rights policy `DIR/rights.json` (exit 2 when it names a status the
schema does not have, or misses one: see docs/rights.md).

Generated from `DIR/taxonomies/*.json`:
- the label enums under `$defs` of `DIR/article.schema.json`;
- `DIR/LABELS.md`, the label codebook.

`--check` (the default) exits 1 and names every stale file; `--write` rewrites them
(atomically, only when they change). Exit 2 when a taxonomy or the schema cannot be
read or is inconsistent (duplicate labels, unknown groups or main roles).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..jsonio import atomic_write_text
from ..labeldocs import (
    LABELS_MD,
    SCHEMA_JSON,
    TaxonomyError,
    first_difference,
    read_json,
    read_taxonomies,
    render_labels_md,
    schema_text,
)
from ..paths import schema_dir


def configure(p):
    g = p.add_mutually_exclusive_group()
    g.add_argument("--write", action="store_true",
                   help="regenerate the schema's label enums and LABELS.md from the taxonomies")
    g.add_argument("--check", action="store_true",
                   help="exit 1 when a generated file is stale (default)")
    p.add_argument("--schema-dir", metavar="DIR", type=Path, default=None,
                   help="schema folder holding article.schema.json and taxonomies/ "
                        "(default: the checkout's schema/)")


def expected_files(directory: Path) -> list[tuple[Path, str | None, str]]:
    """(path, current text or None when missing, expected text) for each generated file."""
    tax = read_taxonomies(directory / "taxonomies")
    schema_path = directory / SCHEMA_JSON
    schema = read_json(schema_path)
    out = []
    for path, new in ((schema_path, schema_text(schema, tax, schema_path)),
                      (directory / LABELS_MD, render_labels_md(tax))):
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        out.append((path, current, new))
    return out


def _stale_detail(path: Path, current: str | None, new: str) -> str:
    if current is None:
        return "missing"
    if path.name == SCHEMA_JSON:
        try:
            old_defs, new_defs = json.loads(current).get("$defs", {}), json.loads(new)["$defs"]
            keys = [k for k in new_defs if old_defs.get(k, {}).get("enum") != new_defs[k].get("enum")]
        except (ValueError, AttributeError):
            keys = []
        if keys:
            return "label enums differ from the taxonomies: $defs/" + ", $defs/".join(keys)
    return f"differs from what the taxonomies generate (first at {first_difference(current, new)})"


def _rights_problems(directory: Path) -> list[str]:
    """The rights policy `DIR/rights.json` checked against the schema's rights statuses."""
    from ..rights import POLICY_NAME, RightsError, parse_policy, schema_statuses

    path = directory / POLICY_NAME
    if not path.is_file():
        return []
    try:
        parse_policy(path.read_bytes(), schema_statuses(directory), str(path))
    except RightsError as exc:
        return exc.problems
    except (OSError, ValueError, KeyError) as exc:
        return [f"{path}: NF-RIGHTS-001 cannot check it against {directory / SCHEMA_JSON}: {exc}"]
    return []


def run(args) -> int:
    directory = Path(args.schema_dir) if args.schema_dir else schema_dir()
    if not (directory / "taxonomies").is_dir():
        print(f"{directory}: NF002 no taxonomies/ folder here; pass the schema folder with --schema-dir",
              file=sys.stderr)
        return 2
    try:
        files = expected_files(directory)
    except TaxonomyError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        print("newsframes schema: fix the files above, then run `newsframes schema --write`",
              file=sys.stderr)
        return 2
    rights = _rights_problems(directory)
    for line in rights:
        print(line, file=sys.stderr)
    if rights:
        print("newsframes schema: fix the rights policy above (docs/rights.md)", file=sys.stderr)
        return 2
    stale = [(p, cur, new) for p, cur, new in files if cur != new]
    if args.write:
        for path, current, new in files:
            if current != new:
                atomic_write_text(path, new)
                print(f"wrote {path}")
            else:
                print(f"{path} is up to date")
        return 0
    for path, current, new in stale:
        print(f"{path}: NF001 stale generated file: {_stale_detail(path, current, new)} — "
              "run `newsframes schema --write`", file=sys.stderr)
    if stale:
        return 1
    print(f"{directory}: {', '.join(p.name for p, _, _ in files)} agree with the taxonomies")
    return 0
