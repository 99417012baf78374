"""`newsframes rehydrate --texts DIR [--data DATA]`: restore the text a build withheld
(schema/rights.json) from your own copies of the articles.

    newsframes rehydrate --texts seeds/                 # raw seed files as received
    newsframes rehydrate --texts my-copies/ --data path/to/data

Each file in DIR (raw or already normalised text) is normalised as `newsframes add` does
and matched to a withheld article by the sha256 of its normalised text. Every sha256 is
checked before anything is written; a copy that does not match is refused, naming the
article, the file, and the expected and found hashes. On success the data folder equals a
full-text build byte for byte (see docs/rights.md).
"""

from __future__ import annotations

import sys
from pathlib import Path


def configure(p):
    p.add_argument("--texts", required=True, metavar="DIR", type=Path,
                   help="folder with your copies of the articles (raw seed files or normalised texts)")
    p.add_argument("--data", metavar="DATA", type=Path,
                   help="the built data folder (default: data/ of the project, or ./data)")


def _err(msg: str) -> None:
    print(f"newsframes rehydrate: {msg}", file=sys.stderr)


def run(args) -> int:
    from ..paths import project_root
    from ..release.rehydrate import RehydrateError, rehydrate

    data = args.data if args.data is not None else project_root() / "data"
    if not (data / "MANIFEST.json").is_file():
        _err(f"{data}: no MANIFEST.json: not a built data folder (pass --data DATA)")
        return 2
    try:
        result = rehydrate(data, args.texts)
    except RehydrateError as exc:
        _err(f"{len(exc.problems)} problem(s); nothing was written:")
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    except OSError as exc:
        _err(f"cannot write: {exc}; {data} is left as it was")
        return 1
    for line in result.skipped:
        _err(f"note: not text, skipped: {line}")
    if not result.restored:
        print(f"{data}: no text is withheld: nothing to do")
        return 0
    print(f"restored the text of {len(result.restored)} article(s) in {data} "
          f"({len(result.files)} file(s) rewritten, every sha256 checked)")
    if result.card:
        print(f"updated the sizes in {result.card}")
    if (data.resolve().parent / "corpus").is_dir():
        _err(f"notice: {data} now holds text the rights policy withholds: do not commit or publish it "
             "(`newsframes build` makes the withheld build again)")
    return 0
