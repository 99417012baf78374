"""`newsframes fmt [PATH...] [--check]`: rewrite records in canonical JSON form
(atomically); `--check` only lists the files that are not canonical (exit 1)."""

from __future__ import annotations

import sys
from pathlib import Path


def configure(p):
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="corpus folders or record files (<id>.json); default: corpus/")
    p.add_argument("--check", action="store_true",
                   help="change nothing; list non-canonical files and exit 1 if there are any")


def _records(paths) -> list[Path]:
    out: dict[Path, Path] = {}
    for arg in paths:
        p = Path(arg)
        if p.is_dir():
            for j in sorted(p.glob("*.json")):
                out.setdefault(j.resolve(), j)
        elif p.is_file() and p.suffix == ".json":
            out.setdefault(p.resolve(), p)
        else:
            raise FileNotFoundError(f"{arg}: not a folder or a .json record")
    return sorted(out.values(), key=str)


def run(args) -> int:
    from ..jsonio import atomic_write_bytes, canonical_dumps
    from ..validate.issues import Issue
    from ..validate.l1_file import (
        MAX_JSON_BYTES,
        decode_and_check,
        parse_record,
        read_limited,
    )
    from ..validate.report import format_text

    try:
        files = _records(args.paths or ["corpus"])
    except FileNotFoundError as exc:
        print(f"newsframes fmt: error: {exc}", file=sys.stderr)
        return 2
    failed = changed = 0
    for path in files:
        problems: list[Issue] = []
        data = read_limited(path, MAX_JSON_BYTES, str(path), problems)
        record = None
        if data is not None:
            s = decode_and_check(data, str(path), problems, is_text=False)
            fatal = [i for i in problems if i.code in ("NF104", "NF105")]
            if s is not None and not fatal:
                record = parse_record(s, str(path), problems)
        if record is None:
            failed += 1
            for i in problems:
                if i.severity == "error":
                    print(format_text(i), file=sys.stderr)
            print(f"{path}: not rewritten: fix the errors above first", file=sys.stderr)
            continue
        new = canonical_dumps(record).encode("utf-8")
        if new == data:
            continue
        changed += 1
        if args.check:
            print(f"{path}: NF116 not in canonical form — hint: run `newsframes fmt {path}`")
        else:
            atomic_write_bytes(path, new)
            print(f"formatted {path}")
    if args.check:
        print(f"{_files(len(files))}, {changed} not canonical" + (f", {failed} unreadable" if failed else ""),
              file=sys.stderr)
        return 1 if changed or failed else 0
    print(f"{_files(len(files))}, {changed} rewritten" + (f", {failed} refused" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


def _files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"
