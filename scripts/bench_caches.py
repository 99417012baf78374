#!/usr/bin/env python3
"""What each cache and special mechanism of the build buys, on a SYNTHETIC corpus (A/B).

    python scripts/bench_caches.py --articles 2000 --rounds 3 --json /tmp/caches.json

Uses scripts/bench.py's helpers (the same synthetic corpus, private caches, timing of
whole `newsframes` processes). For each mechanism it times, alternately with the
mechanism off and on (the order flips every round, since a shared machine is noisy):
an incremental rebuild (one article edited) after a rebuild with everything on; for
the mechanisms validation uses, a warm `newsframes validate`; for those a full build
can use (the pool, the paused collector, the token cache), a full build (every cache
but the token cache empty, as in bench.py). Raw seconds of every run go to the JSON file.

A mechanism is turned off by the environment variable NF_AB_OFF=<name>, which only a
measurement copy of the tree understands: apply scripts/bench_caches.patch to a copy
(`git apply`), never to the code that builds data/. Names: tokens, rows, rowsnap,
results, shards, digests, bundle, card, prewarm, gc, pool."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (scripts/bench.py)

MECHANISMS = ("tokens", "rows", "rowsnap", "results", "shards", "digests", "bundle", "card", "prewarm", "gc",
              "pool")
FULL = {"pool", "gc", "tokens"}  # mechanisms a full build can use (the others start empty there)
VALIDATES = {"tokens", "pool"}  # mechanisms `newsframes validate` uses


def rebuild(work: Path, corpus: Path, files: list[Path], env: dict, edit: list[int]) -> float:
    """Edit one article (still valid), rebuild with the caches of the previous build."""
    from newsframes.jsonio import write_record

    path = files[edit[0] % len(files)]
    edit[0] += 97
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["title"] = f"Synthetic benchmark article (edited {edit[0]})"
    write_record(path, rec)
    return bench.run(bench.nf("build", "--corpus", str(corpus), "--out", str(corpus.parent / "data")), env)[0]


def full_build(work: Path, corpus: Path, env: dict) -> float:
    """Every cache but the token cache empty, no data/: the bench's full build."""
    for sub in (work / "cache").iterdir():
        if sub.name != "tokens":
            shutil.rmtree(sub, ignore_errors=True)
    shutil.rmtree(corpus.parent / "data", ignore_errors=True)
    return bench.run(bench.nf("build", "--corpus", str(corpus), "--out", str(corpus.parent / "data")), env)[0]


def measure(work: Path, corpus: Path, files: list[Path], mech: str, off: bool, edit: list[int]) -> dict:
    """One run with `mech` off or on: an incremental rebuild (the caches were filled with
    everything on, so "off" shows what the next rebuild costs without the mechanism),
    then, for the mechanisms it uses, a warm validation and a full build."""
    env = bench._env(work, NF_AB_OFF=mech if off else "")
    on = bench._env(work)
    rebuild(work, corpus, files, on, edit)  # the caches as everything-on left them
    got = {"incremental": rebuild(work, corpus, files, env, edit)}
    if mech in VALIDATES:
        got["validate_warm"] = bench.run(bench.nf("validate", str(corpus)), env)[0]
    if mech in FULL:
        got["full"] = full_build(work, corpus, env)
        rebuild(work, corpus, files, on, edit)
    return got


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", type=Path, required=True)
    ap.add_argument("--only", default=",".join(MECHANISMS), help="comma-separated mechanisms")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="newsframes-abbench-"))
    res: dict = {"articles": args.articles, "machine": bench.machine(), "runs": []}
    try:
        corpus = work / "proj" / "corpus"
        env = bench._env(work)
        bench.run([bench.PY, str(bench.ROOT / "scripts" / "make_synthetic_corpus.py"), str(args.articles),
                   "--out", str(corpus)], env)
        files = sorted(corpus.glob("*.json"))
        bench.run(bench.nf("validate", str(corpus)), env)  # token cache warm
        res["full_on"] = full_build(work, corpus, env)
        edit = [0]
        for r in range(args.rounds):
            for mech in args.only.split(","):
                for off in ((True, False) if r % 2 == 0 else (False, True)):
                    got = measure(work, corpus, files, mech, off, edit)
                    res["runs"].append({"round": r, "mechanism": mech, "off": off, **got})
                    print(json.dumps(res["runs"][-1]), flush=True)
                    args.json.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
