"""`newsframes diff REF`: what changed in the corpus since a git revision.

    newsframes diff v1.0.0                 # table: articles added/removed/changed, +/- per layer
    newsframes diff HEAD~3 --format json
"""

from __future__ import annotations

import sys
from pathlib import Path


def configure(p):
    p.add_argument("ref", metavar="REF", help="git revision to compare with (tag, branch, commit)")
    p.add_argument("--corpus", metavar="DIR", type=Path, help="corpus folder (default: corpus/ of the project)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def run(args) -> int:
    from ..paths import project_root
    from ..release.diff import DiffError, diff_corpus, render_json, render_text

    corpus = args.corpus.resolve() if args.corpus is not None else project_root() / "corpus"
    if not corpus.is_dir():
        print(f"newsframes diff: {corpus}: no corpus folder (pass --corpus DIR)", file=sys.stderr)
        return 2
    try:
        diffs = diff_corpus(corpus, args.ref)
    except DiffError as exc:
        print(f"newsframes diff: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write((render_json if args.format == "json" else render_text)(diffs, args.ref))
    return 0
