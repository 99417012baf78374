"""`newsframes import FORMAT PATH --corpus DIR [--split SPLIT]`: records from a shared-task format.

FORMAT is semeval2023, ptc, semeval2025 or brat (see docs/formats.md). Every problem in
the input is reported (file:line, code, what is wrong) and then nothing is written; on
success the records go to DIR and the raw article files, unchanged, to DIR/../seeds/.
Exit codes: 0 written, 1 bad input or refused (nothing written), 2 bad arguments.
"""

from __future__ import annotations

import sys
from pathlib import Path

MAX_SHOWN = 200
RIGHTS = ("unknown", "public-domain", "licensed", "permission", "fair-use-claimed")


def configure(p):
    from ..formats import FORMATS
    p.add_argument("format", choices=FORMATS, metavar="FORMAT", help="one of: " + ", ".join(FORMATS))
    p.add_argument("path", type=Path, metavar="PATH",
                   help="the format's folder (semeval2023/semeval2025: a language folder; ptc/brat: a folder "
                        "of article files and label files)")
    p.add_argument("--corpus", type=Path, required=True, metavar="DIR",
                   help="corpus folder to write the records into (seeds go to DIR/../seeds)")
    p.add_argument("--split", default=None,
                   help="semeval2023: which release split to read (train, dev, test; default train); "
                        "other formats: the records' split (train, validation, test; default: from the id's hash)")
    p.add_argument("--language", default=None, help="BCP 47 language tag (default: from the folder or file names; "
                                                     "ptc and brat: en)")
    p.add_argument("--rights", choices=RIGHTS, default="unknown", help="redistribution status of the texts")
    p.add_argument("--force", action="store_true", help="replace existing records of the same ids")


def run(args) -> int:
    from .. import __version__
    from ..formats import module
    from ..formats.records import Problems, write_import
    from ..splits import SPLITS

    problems = Problems()
    if not args.path.is_dir():
        print(f"newsframes import: error [NF-IMP-PATH] {args.path}: not a folder", file=sys.stderr)
        return 2
    if args.format != "semeval2023" and args.split is not None and args.split not in SPLITS:
        print(f"newsframes import: error [NF-IMP-SPLIT] --split {args.split!r}: use train, validation or test",
              file=sys.stderr)
        return 2
    items = module(args.format).read(args.path, split=args.split, language=args.language, rights=args.rights,
                                     version=__version__, problems=problems)
    if not problems:
        _check_records(items, problems)
    written = [] if problems else write_import(items, args.corpus, force=args.force, problems=problems)
    if problems:
        for p in problems[:MAX_SHOWN]:
            print(str(p), file=sys.stderr)
        if len(problems) > MAX_SHOWN:
            print(f"... and {len(problems) - MAX_SHOWN} more", file=sys.stderr)
        print(f"newsframes import {args.format}: {len(problems)} problem(s); nothing written", file=sys.stderr)
        return 1
    n = sum(1 for p in written if p.suffix == ".json")
    spans = sum(len(it.record["techniques"]) + len(it.record["mentions"]) for it in items)
    print(f"imported {n} record(s) ({spans} spans) into {args.corpus}; seeds in {args.corpus.resolve().parent / 'seeds'}")
    return 0


def _check_records(items, problems) -> None:
    """Each record must pass schema and article-level validation before anything is written.
    Token boundaries are not checked here: imported spans are the source's gold and only
    ever get warnings for them (run `newsframes validate` to see those)."""
    from ..paths import schema_dir
    from ..validate.l2_schema import check_schema
    from ..validate.l3_article import check_article
    schema = schema_dir() / "article.schema.json"
    for it in items:
        display = f"{it.record['id']}.json"
        issues = check_schema(it.record, display, schema, floats_possible=False)
        if not issues:
            issues = check_article(it.record, it.text, it.text.encode("utf-8"), display, tokens=False)
        for issue in (i for i in issues if i.severity == "error"):
            problems.add(it.seed_name, None, issue.code, f"record {it.record['id']}: {issue.message}"
                         + (f" at {issue.pointer}" if issue.pointer else ""))
