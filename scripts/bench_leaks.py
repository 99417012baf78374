#!/usr/bin/env python3
"""What the withheld-text leak check costs `build --check` (docs/rights.md, leak check).

Makes N synthetic articles (scripts/make_synthetic_corpus.py: the seed's paragraphs
recombined; the seed's rights, so every text is withheld and indexed),
builds them in a temporary project with private caches, then measures in this process,
alternating, each figure the median of --rounds:

- `check`: a whole `build --check` (validation, a build into a temporary folder, the
  comparisons, the leak check with its cache warm): the baseline;
- `leaks cold`: the leak check alone with an empty cache (every file tokenised, every
  withheld text indexed): what the first check after a change of the withheld texts costs;
- `leaks warm`: the leak check alone with its cache (an unchanged project): what it adds
  to every no-change `build --check`.

    python scripts/bench_leaks.py 2000 [--rounds 3] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-leaks-"))
    try:
        os.environ["NEWSFRAMES_CACHE"] = str(tmp / "cache")
        os.environ["HF_HOME"] = str(tmp / "hf")
        proj = tmp / "proj"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_synthetic_corpus.py"), str(args.n),
                        "--out", str(proj / "corpus")], check=True, stdout=subprocess.DEVNULL)
        (proj / "README.md").write_text("# synthetic\n", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "newsframes", "build", "--corpus", str(proj / "corpus")],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        from newsframes.dataset.check import check
        from newsframes.dataset.pipeline import Options, Project, build_folder, records, validate
        from newsframes.leaks import published
        from newsframes.store import Store

        project = Project(proj / "corpus", proj / "data", proj)
        folder = tmp / "built" / "data"
        folder.mkdir(parents=True)
        store = Store.default()
        built = build_folder(project, folder, records(project, validate(project, store=store)), Options(store=store))
        leak_cache = tmp / "cache" / "leaks"

        def leaks(cold: bool) -> float:
            if cold:
                shutil.rmtree(leak_cache, ignore_errors=True)
            t = time.perf_counter()
            published.check_problems(project, built, folder)
            return time.perf_counter() - t

        def whole() -> float:
            t = time.perf_counter()
            check(project)
            return time.perf_counter() - t

        leaks(False)  # warm everything once
        whole()
        times = {"check": [], "leaks cold": [], "leaks warm": []}
        for _ in range(args.rounds):
            times["leaks cold"].append(leaks(True))
            times["leaks warm"].append(leaks(False))
            times["check"].append(whole())
        med = {k: statistics.median(v) for k, v in times.items()}
        files, _ = published.check_files(project, built, folder)
        size = sum(len(f.bytes()) for f in files)
        out = {"articles": args.n, "files": len(files), "bytes_read": size, "rounds": args.rounds,
               "seconds": times, "median": med,
               "warm_share_of_check": med["leaks warm"] / med["check"],
               "cold_share_of_check": med["leaks cold"] / med["check"]}
        print(f"{args.n} articles, {len(files)} files ({size / 1e6:.1f} MB) read by the leak check")
        for k, v in med.items():
            print(f"  {k:11s} {v:7.3f} s (median of {args.rounds})")
        print(f"  leak check, warm: {100 * out['warm_share_of_check']:.1f} % of a build --check; "
              f"cold: {100 * out['cold_share_of_check']:.1f} %")
        if args.json:
            args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
