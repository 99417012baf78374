#!/usr/bin/env python3
"""Time `newsframes import` of N SYNTHETIC articles against one `newsframes build` of them.

    python scripts/bench_formats.py --articles 100 [--json FILE]

Makes N synthetic records (scripts/make_synthetic_corpus.py) in a temporary folder,
exports them to each format (`newsframes export FORMAT`), then for each format times
`newsframes import FORMAT` into a fresh corpus and one cold `newsframes build` of the
corpus imported from semeval2023. Commands run as subprocesses with a private cache
(NEWSFRAMES_CACHE, HF_HOME). Nothing is written to corpus/ or data/."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("semeval2023", "ptc", "semeval2025", "brat")


def timed(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    nf = [sys.executable, "-m", "newsframes"]
    with tempfile.TemporaryDirectory(prefix="nf-bench-formats-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, NEWSFRAMES_CACHE=str(tmp / "cache"), HF_HOME=str(tmp / "hf"))
        synth = tmp / "synth" / "corpus"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_synthetic_corpus.py"), str(args.articles),
                        "--out", str(synth)], check=True, env=env, stdout=subprocess.DEVNULL)
        figures = {"articles": args.articles}
        for fmt in FORMATS:
            out = tmp / "export" / fmt
            figures[f"export_{fmt}_s"] = timed([*nf, "export", fmt, "--corpus", str(synth), "--out", str(out)], env)
            figures[f"import_{fmt}_s"] = timed([*nf, "import", fmt, str(out), "--corpus",
                                                str(tmp / "imp" / fmt / "corpus"), "--language", "en"], env)
        figures["build_imported_semeval2023_s"] = timed(
            [*nf, "build", "--corpus", str(tmp / "imp" / "semeval2023" / "corpus"),
             "--out", str(tmp / "imp" / "semeval2023" / "data")], env)
    for k, v in figures.items():
        print(f"{k:32} {v:.2f}" if isinstance(v, float) else f"{k:32} {v}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
