"""`newsframes rows FILE...`: the rows of built Parquet files as JSON Lines, labels as
strings (what the dropped data/jsonl/ mirror held). Also git's text conversion for
data/**/*.parquet, so a diff of data/ is readable (CONTRIBUTING.md §0):

    git config diff.newsframes-rows.textconv "newsframes rows"
"""

from __future__ import annotations

import sys
from pathlib import Path


def configure(p):
    p.add_argument("files", nargs="+", metavar="FILE", type=Path, help="Parquet files of data/ (or of a build)")


def run(args) -> int:
    from ..dataset.rowview import NotRows, jsonl

    out, code = sys.stdout.buffer, 0
    for path in args.files:
        try:
            for line in jsonl(path):
                out.write(line)
        except NotRows as exc:
            print(f"newsframes rows: {exc}", file=sys.stderr)
            code = 1
        except BrokenPipeError:  # `| head`: the reader has what it wanted
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return code
        except OSError as exc:  # missing, unreadable, a FIFO or device (never opened)
            print(f"newsframes rows: {exc.filename or path}: {exc.strerror or exc}", file=sys.stderr)
            code = 1
    out.flush()
    return code
