"""`newsframes schema --write | --check`: keep the schema's label enums equal to the
taxonomy files (the one source of truth)."""

from __future__ import annotations

import json
import sys

from ..jsonio import atomic_write_text
from ..paths import schema_dir
from ..taxonomy import load_taxonomies, schema_with_enums


def configure(p):
    g = p.add_mutually_exclusive_group()
    g.add_argument("--write", action="store_true", help="rewrite schema/article.schema.json enums")
    g.add_argument("--check", action="store_true", help="exit 1 when the enums are stale (default)")


def expected_schema_text() -> tuple[str, str]:
    path = schema_dir() / "article.schema.json"
    current = path.read_text(encoding="utf-8")
    new = schema_with_enums(json.loads(current), load_taxonomies())
    return current, json.dumps(new, indent=2, ensure_ascii=False) + "\n"


def run(args) -> int:
    path = schema_dir() / "article.schema.json"
    current, new = expected_schema_text()
    if args.write:
        if current != new:
            atomic_write_text(path, new)
            print(f"wrote {path}")
        else:
            print(f"{path} is up to date")
        return 0
    if current != new:
        print(f"{path}: NF001 the label enums differ from schema/taxonomies/*.json — "
              "run `newsframes schema --write`", file=sys.stderr)
        return 1
    print(f"{path}: enums agree with the taxonomies")
    return 0
