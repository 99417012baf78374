"""The longest run of words of a withheld text in every file `build --check` reads for
leaks (docs/rights.md, *Leak check*), of any length (the check itself only looks for runs
of N or more). For reports; the words themselves are never printed.

    python scripts/leak_report.py [--corpus DIR] [--all]

Prints `words  file  (place)` per file, longest first; `--all` lists the files without
any common word too. Exit 0."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args(argv)

    from newsframes.commands.build import project_from_args
    from newsframes.dataset.pipeline import Options, build_folder, records, validate
    from newsframes.leaks.check import N
    from newsframes.leaks.published import check_files, withheld_texts
    from newsframes.leaks.scan import read_streams
    from newsframes.leaks.words import longest_common
    from newsframes.store import Store

    project = project_from_args(argparse.Namespace(corpus=args.corpus, out=None))
    with tempfile.TemporaryDirectory(prefix="newsframes-leaks-") as tmp:
        folder = Path(tmp) / project.out.name
        folder.mkdir()
        store = Store.default()
        built = build_folder(project, folder, records(project, validate(project, store=store)), Options(store=store))
        files, problems = check_files(project, built, folder)
        texts, more = withheld_texts(project, built.withheld_texts)
        for p in problems + more:
            print(p, file=sys.stderr)
        withheld = [t.path.read_text(encoding="utf-8") for t in texts]
        rows = []
        for f in files:
            got = [longest_common(s.h, s.bad, withheld) for s in read_streams(f.name, f.bytes(), N)] if withheld else []
            rows.append((max(got, default=0), f.name))  # every reading: the longest run of any
    print(f"withheld texts: {len(texts)} ({', '.join(t.id for t in texts)})")
    for n, name in sorted(rows, key=lambda r: (-r[0], r[1])):
        if n or args.all:
            print(f"{n:5d}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
