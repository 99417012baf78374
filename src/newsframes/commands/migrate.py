"""`newsframes migrate --agents PLAN [PATH ...] [--dry-run]`: migrate records to schema 1.2.0.

    newsframes migrate --agents who.json                  # corpus/ and annotations/ of the project
    newsframes migrate --agents who.json corpus/x.json    # some files
    newsframes migrate --agents who.json --dry-run        # say what would change, write nothing

PLAN says who each annotator was (person, AI model with its name and version, or unknown)
and who adjudicated each adjudicated article; see `newsframes.migrate` and
docs/annotations.md. Exit 0 migrated (or nothing to do), 1 problems (nothing written),
2 bad arguments."""

from __future__ import annotations

import sys
from pathlib import Path


def configure(p):
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="record files or folders (default: corpus/ and annotations/ of the project)")
    p.add_argument("--agents", type=Path, required=True, metavar="PLAN",
                   help="JSON file: who each annotator was, and who adjudicated (see docs/annotations.md)")
    p.add_argument("--dry-run", action="store_true", help="list what would change; write nothing")


def run(args) -> int:
    from ..migrate import MigrationError, load_plan, migrate_files, record_files, write
    from ..paths import project_root

    try:
        plan = load_plan(args.agents)
    except MigrationError as exc:
        print(f"newsframes migrate: {exc}", file=sys.stderr)
        return 1
    paths = args.paths
    if not paths:
        root = project_root()
        paths = [p for p in (root / "corpus", root / "annotations") if p.is_dir()]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print("newsframes migrate: not found: " + ", ".join(map(str, missing)), file=sys.stderr)
        return 2
    outcome = migrate_files(record_files(paths), plan)
    for n in outcome.notices:
        print(f"notice: {n}", file=sys.stderr)
    if outcome.problems:
        for p in outcome.problems:
            print(p, file=sys.stderr)
        print(f"newsframes migrate: {len(outcome.problems)} problem(s); nothing written", file=sys.stderr)
        return 1
    verb = "would migrate" if args.dry_run else "migrated"
    for path in outcome.changed:
        print(f"{verb}: {path}")
    if not args.dry_run:
        try:
            write(outcome)
        except OSError as exc:
            print(f"newsframes migrate: cannot write ({exc}); nothing written", file=sys.stderr)
            return 1
    print(f"{len(outcome.changed)} record(s) {verb} to schema 1.2.0, {len(outcome.unchanged)} already migrated; "
          "run `newsframes validate`")
    return 0
