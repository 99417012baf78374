"""`newsframes import FORMAT PATH --corpus DIR [--split SPLIT]`: records from a shared-task format.

FORMAT is semeval2023, ptc, semeval2025 or brat (see docs/formats.md). Every problem in
the input is reported (file:line, code, what is wrong), with whether and how the rest can
still be imported (`--skip-bad-lines`), and then nothing is written; quirks the import
handles (label spellings, CRLF-counted offsets, identical texts under two ids) are
printed as notices. On success the records go to DIR, the raw article files, unchanged,
to DIR/../seeds/ (with the label files, which give export its line order).
Exit codes: 0 written, 1 bad input or refused (nothing written), 2 bad arguments.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

MAX_SHOWN = 200
RIGHTS = ("unknown", "public-domain", "licensed", "permission", "fair-use-claimed")
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z")


def configure(p):
    from ..formats import FORMATS
    p.add_argument("format", choices=FORMATS, metavar="FORMAT", help="one of: " + ", ".join(FORMATS))
    p.add_argument("path", type=Path, metavar="PATH",
                   help="the format's folder (semeval2023/semeval2025: a language folder, or the folder of the "
                        "release's language folders; ptc/brat: a folder of article files and label files)")
    p.add_argument("--corpus", type=Path, required=True, metavar="DIR",
                   help="corpus folder to write the records into (seeds go to DIR/../seeds)")
    p.add_argument("--split", default=None,
                   help="semeval2023: which release split to read (train, dev, test; default train); "
                        "other formats: the records' split (train, validation, test; default: ptc from the "
                        "release's train-/dev-/test- folder names, else from the id's hash)")
    p.add_argument("--language", default=None, help="BCP 47 language tag (default: from the folder or file names; "
                                                     "ptc and brat: en)")
    p.add_argument("--rights", choices=RIGHTS, default="unknown", help="redistribution status of the texts")
    p.add_argument("--force", action="store_true", help="replace existing records of the same ids")
    p.add_argument("--skip-bad-lines", action="store_true",
                   help="import all but the bad lines: a record with a bad label line is imported without that "
                        "line's layer, a bad article file is left out (each listed)")


def _arguments(args) -> str | None:
    from ..splits import SPLITS
    if not args.path.is_dir():
        return f"[NF-IMP-PATH] {args.path}: not a folder"
    if args.format != "semeval2023" and args.split is not None and args.split not in SPLITS:
        return f"[NF-IMP-SPLIT] --split {args.split!r}: use train, validation or test"
    if args.language is not None and not _BCP47.match(args.language):
        return f"[NF-IMP-LANGUAGE] --language {args.language!r} is not a BCP 47 tag (e.g. en, pt, en-GB)"
    return None


def _language(tag: str | None) -> str | None:
    """The tag as the record schema writes it: primary language subtag in lower case."""
    if tag is None:
        return None
    head, *rest = tag.split("-")
    return "-".join([head.lower(), *rest])


def run(args) -> int:
    from .. import __version__
    from ..formats import duplicates, module, skipping
    from ..formats.problems import Problems, summary
    from ..formats.records import Run
    from ..formats.writer import write_import

    bad = _arguments(args)
    if bad:
        print(f"newsframes import: error {bad}", file=sys.stderr)
        return 2
    problems = Problems()
    run_ = Run(args.format, args.path.resolve(), args.split, _language(args.language), args.rights, __version__,
               problems)
    items = module(args.format).read(args.path, run_)
    skipped = []
    if problems and args.skip_bad_lines and all(p.skippable for p in problems):
        items = skipping.apply(items, problems, args.format, __version__)
        skipped, problems[:] = list(problems), []
    if not problems:
        duplicates.flag(items, args.corpus, problems)
        _check_records(items, problems)
    seeds = args.corpus.resolve().parent / "seeds"
    written = [] if problems else write_import(items, args.corpus, force=args.force, problems=problems,
                                               extra=[(seeds / n, d) for n, d in sorted(run_.kept.items())])
    for p in problems.notices:
        print(f"notice: {p}", file=sys.stderr)
    for p in skipped[:MAX_SHOWN]:
        print(f"skipped: {p}", file=sys.stderr)
    if problems:
        for p in problems[:MAX_SHOWN]:
            print(str(p), file=sys.stderr)
        if len(problems) > MAX_SHOWN:
            print(f"... and {len(problems) - MAX_SHOWN} more", file=sys.stderr)
        print(summary(problems, args.format), file=sys.stderr)
        return 1
    n = sum(1 for p in written if p.suffix == ".json" and p.parent == args.corpus.resolve())
    spans = sum(len(it.record["techniques"]) + len(it.record["mentions"]) for it in items)
    print(f"imported {n} record(s) ({spans} spans) into {args.corpus}; seeds in {seeds}"
          + (f"; {len(skipped)} problem(s) skipped (listed above)" if skipped else ""))
    return 0


def _check_records(items, problems) -> None:
    """Each record must pass schema and article-level validation before anything is written.
    Token boundaries are not checked here: imported spans are the source's gold and only
    ever get warnings for them (run `newsframes validate` to see those)."""
    from ..formats.records import name_problem
    from ..paths import schema_dir
    from ..validate.l2_schema import check_schema
    from ..validate.l3_article import check_article
    schema = schema_dir() / "article.schema.json"
    for it in items:
        why = name_problem(it.seed_name)
        if why:
            problems.add(it.seed_name, None, "NF-IMP-NAME", f"the seed name (the article's file name with the prefix "
                         f"{it.seed_name.split('--', 1)[0]}--) {why}: rename the article file")
            continue
        display = f"{it.record['id']}.json"
        issues = check_schema(it.record, display, schema, floats_possible=False)
        if not issues:
            issues = check_article(it.record, it.text, it.text.encode("utf-8"), display, tokens=False)
        for issue in (i for i in issues if i.severity == "error"):
            problems.add(it.seed_name, None, issue.code, f"record {it.record['id']}: {issue.message}"
                         + (f" at {issue.pointer}" if issue.pointer else ""))
