"""`newsframes agree`: inter-annotator agreement of annotation passes, per layer.

    newsframes agree annotations/ID/pass-1.json annotations/ID/pass-2.json [...]
    newsframes agree --corpus corpus/           # every article with 2+ passes
    newsframes agree ... --disagreements        # also list what to adjudicate
    newsframes agree ... --format json          # stable schema, see docs/agreement.md

Exit 0 with the report; exit 2 (and every problem listed) when a pass cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path


def configure(p):
    p.add_argument("passes", nargs="*", metavar="PASS", type=Path,
                   help="annotation pass files (records of one article, e.g. annotations/ID/pass-1.json)")
    p.add_argument("--corpus", metavar="DIR", type=Path,
                   help="compare every article with two or more passes under annotations/ beside DIR")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--disagreements", action="store_true",
                   help="text output: also list every span without an exact counterpart and every unequal "
                        "attribute (the JSON report always has them)")


def run(args) -> int:
    from ..agree.compare import report
    from ..agree.load import LoadError, load_files, load_project
    from ..agree.render import render_json, render_text

    if args.passes and args.corpus:
        print("newsframes agree: give PASS files or --corpus DIR, not both", file=sys.stderr)
        return 2
    try:
        if args.passes:
            if len(args.passes) < 2:
                raise LoadError(["give two or more PASS files (or --corpus DIR)"])
            articles = load_files(args.passes)
        else:
            from ..paths import corpus_and_root

            _, root = corpus_and_root(args.corpus)
            articles = load_project(root)
    except LoadError as exc:
        for line in exc.problems:
            print(f"newsframes agree: error: {line}", file=sys.stderr)
        return 2
    rep = report(articles)
    sys.stdout.write(render_json(rep) if args.format == "json" else render_text(rep, disagreements=args.disagreements))
    return 0
