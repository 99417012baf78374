"""`newsframes stats`: counts and label distributions of the corpus.

    newsframes stats [--corpus DIR] [--format text|markdown|json]
    newsframes stats --write   # also refresh the generated blocks of README.md and
                               # DATASHEET.md and the figures in docs/figures/
    newsframes stats --check   # exit 1 naming each stale generated file
"""

from __future__ import annotations

import sys
from pathlib import Path


def configure(p):
    p.add_argument("--corpus", metavar="DIR", type=Path,
                   help="corpus folder (default: corpus/ of the project); the docs written "
                        "by --write/--check are those of the folder holding it")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                   help="output format (default: text)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--write", action="store_true",
                   help="write the stats and field blocks of README.md / DATASHEET.md and docs/figures/*.png")
    g.add_argument("--check", action="store_true",
                   help="exit 1 when a generated block or figure is stale")


def run(args) -> int:
    from ..paths import corpus_and_root
    from ..stats.compute import StatsError, compute_stats
    from ..stats.docs import DocsError, plan_docs, refresh_docs, stale_docs
    from ..stats.render import render_json, render_markdown, render_text

    corpus, root = corpus_and_root(args.corpus)
    try:
        stats = compute_stats(corpus)
        render = {"text": render_text, "markdown": render_markdown, "json": render_json}[args.format]
        if not args.check:
            sys.stdout.write(render(stats))
        if not (args.write or args.check):
            return 0
        plan = plan_docs(root, corpus, stats=stats)
    except (StatsError, DocsError) as exc:
        print(f"newsframes stats: {exc}", file=sys.stderr)
        return 2
    for notice in plan.notices:
        print(f"newsframes stats: notice: {notice}", file=sys.stderr)
    if args.check:
        stale = stale_docs(root, corpus, plan=plan)
        for line in stale:
            print(f"{line}", file=sys.stderr)
        if stale:
            return 1
        print("generated docs are up to date")
        return 0
    from ..stats.plots import MissingMatplotlib

    try:
        changed = refresh_docs(root, corpus, plan=plan)
    except (MissingMatplotlib, DocsError) as exc:
        print(f"newsframes stats: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. a link made while the docs were written: never followed
        print(f"newsframes stats: cannot write: {exc}", file=sys.stderr)
        return 1
    for path in changed:
        print(f"wrote {path}", file=sys.stderr)
    if not changed:
        print("generated docs were already up to date", file=sys.stderr)
    return 0
