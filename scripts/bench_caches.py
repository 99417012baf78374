#!/usr/bin/env python3
"""What each cache and special mechanism of the build buys, on a SYNTHETIC corpus (A/B).

OUT OF DATE since issue 26: it measures the design before the group store (its switches,
scripts/bench_caches.patch, name the row cache, rows snapshot and shard cache, which are
gone), and refuses to run on this tree. Its figures in docs/caches.md are the record of
that design; the store's figures come from scripts/bench.py and scripts/bench_ci.py.

    python scripts/bench_caches.py --articles 2000 --rounds 3 --json /tmp/caches.json

Uses scripts/bench.py's helpers (the same synthetic corpus, private caches, timing of
whole `newsframes` processes). For each mechanism it times, alternately with the
mechanism off and on (the order flips every round, since a shared machine is noisy):
an incremental rebuild (one article edited) after a rebuild with everything on; for
the mechanisms validation uses, a warm `newsframes validate`; for those a full build
can use (the pool, the paused collector, the token cache), a full build (every cache
but the token cache empty, as in bench.py). Each figure is [wall seconds, CPU seconds of the process tree]; raw figures of every
run go to the JSON file.

A mechanism is turned off by the environment variable NF_AB_OFF=<name>, which only a
measurement copy of the tree understands: apply scripts/bench_caches.patch to a copy
(`git apply`), never to the code that builds data/. Names: tokens, rows, rowsnap,
results, shards, digests, bundle, prewarm, gc, pool, passes (the pass results
kept in the results snapshot; measure it with --passes K, else there is no pass)."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (scripts/bench.py)

MECHANISMS = ("tokens", "rows", "rowsnap", "results", "shards", "digests", "bundle", "prewarm", "gc", "pool",
              "passes")
FULL = {"pool", "gc", "tokens"}  # mechanisms a full build can use (the others start empty there)
VALIDATES = {"tokens", "pool"}  # mechanisms `newsframes validate` uses


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the whole process tree: user + system of every
    process waited for, pool workers and helpers included). CPU time is what a loaded,
    shared machine distorts least; wall time is what a user waits (and the only measure
    of work done in parallel, as by the prewarm helper)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, _ = bench.run(cmd, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def rebuild(work: Path, corpus: Path, files: list[Path], env: dict, edit: list[int]) -> tuple[float, float]:
    """Edit one article (still valid), rebuild with the caches of the previous build."""
    from newsframes.jsonio import write_record

    path = files[edit[0] % len(files)]
    edit[0] += 97
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["title"] = f"Synthetic benchmark article (edited {edit[0]})"
    write_record(path, rec)
    time.sleep(0.1)  # past the digest index's racy window, as an edit made by hand is
    return timed(bench.nf("build", "--corpus", str(corpus), "--out", str(corpus.parent / "data")), env)


def full_build(work: Path, corpus: Path, env: dict) -> tuple[float, float]:
    """Every cache but the token cache empty, no data/: the bench's full build."""
    for sub in (work / "cache").iterdir():
        if sub.name != "tokens":
            shutil.rmtree(sub, ignore_errors=True)
    shutil.rmtree(corpus.parent / "data", ignore_errors=True)
    return timed(bench.nf("build", "--corpus", str(corpus), "--out", str(corpus.parent / "data")), env)


def measure(work: Path, corpus: Path, files: list[Path], mech: str, off: bool, edit: list[int], full: set) -> dict:
    """One run with `mech` off or on: an incremental rebuild (the caches were filled with
    everything on, so "off" shows what the next rebuild costs without the mechanism),
    then, for the mechanisms it uses, a warm validation and a full build."""
    env = bench._env(work, NF_AB_OFF=mech if off else "")
    on = bench._env(work)
    rebuild(work, corpus, files, on, edit)  # the caches as everything-on left them
    got = {"incremental": rebuild(work, corpus, files, env, edit)}
    if mech in VALIDATES:
        got["validate_warm"] = timed(bench.nf("validate", str(corpus)), env)
    if mech in full:
        got["full"] = full_build(work, corpus, env)
        rebuild(work, corpus, files, on, edit)
    return got


def in_process(root: Path, cache: Path, rounds: int) -> dict:
    """CPU time (time.process_time) inside one process, alternately without and with
    each of the small mechanisms of a rebuild, on a synthetic project `root` built once
    with the cache `cache`: the card's YAML dump (its cache was removed), the rows
    snapshot against opening every row-cache entry, a whole incremental build with the
    cycle collector paused against running (and the time spent in its collections).
    Whole-process timings on a loaded machine vary by more than these mechanisms cost."""
    import contextlib
    import gc
    import os

    os.environ["NEWSFRAMES_CACHE"] = str(cache)
    import yaml

    from newsframes.corpus import record_paths
    from newsframes.dataset import card, core, rowcache, rowlookup
    from newsframes.digests import DigestIndex
    from newsframes.jsonio import write_record
    from newsframes.snapshot import Snapshot

    cpu = time.process_time
    proj = core.Project(corpus=root / "corpus", out=root / "data", root=root)
    out: dict = {k: [] for k in ("card_dump", "rows_snapshot", "rows_open_entries",
                                 "build_gc_paused", "build_gc_running", "gc_collections_when_running")}
    meta = yaml.safe_load(card.split_front_matter((root / "README.md").read_text(encoding="utf-8"))[0])
    card.dump_yaml(meta)
    paths = record_paths(proj.corpus)
    files = sorted(proj.corpus.glob("*.json"))
    for _ in range(rounds * 2):
        t = cpu()
        card.dump_yaml(meta)
        out["card_dump"].append(cpu() - t)
    for _ in range(rounds):
        for snap in (True, False):
            idx = DigestIndex(proj.corpus, cache)
            s = Snapshot(cache, "rows", proj.corpus, rowcache.env_key()) if snap else None
            t = cpu()
            rowlookup.ensure_entries(paths, cache / "rows", 1, digests=idx, snapshot=s,
                                     policy=core._policy_args(proj))  # the build's keys (else all converted again)
            out["rows_snapshot" if snap else "rows_open_entries"].append(cpu() - t)
    in_gc, began = [0.0], [0.0]

    def watch(phase, info):
        if phase == "start":
            began[0] = cpu()
        else:
            in_gc[0] += cpu() - began[0]

    gc.callbacks.append(watch)
    paused = core._cycle_collector_paused
    for k in range(rounds * 2 + 1):
        for mode in (("p", "r") if k % 2 == 0 else ("r", "p")):
            core._cycle_collector_paused = paused if mode == "p" else contextlib.nullcontext
            path = files[(k * 131 + len(mode)) % len(files)]
            rec = json.loads(path.read_text(encoding="utf-8"))
            rec["title"] = f"Synthetic benchmark article (in-process {k} {mode})"
            write_record(path, rec)
            time.sleep(0.1)
            in_gc[0] = 0.0
            t = cpu()
            core.build(proj)
            if k == 0:
                continue  # the first builds import what a build needs
            out["build_gc_paused" if mode == "p" else "build_gc_running"].append(cpu() - t)
            if mode == "r":
                out["gc_collections_when_running"].append(in_gc[0])
    core._cycle_collector_paused = paused
    gc.callbacks.remove(watch)
    return out


def main(argv=None) -> int:
    if not (bench.ROOT / "src" / "newsframes" / "dataset" / "rowcache.py").is_file():
        print("bench_caches.py measures the build before issue 26 (row cache, shard cache); this tree has the "
              "group store instead: use scripts/bench.py and scripts/bench_ci.py (docs/caches.md)", file=sys.stderr)
        return 2
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", type=Path, required=True)
    ap.add_argument("--only", default=",".join(MECHANISMS), help="comma-separated mechanisms")
    ap.add_argument("--full", default=",".join(sorted(FULL)), help="mechanisms also timed on a full build")
    ap.add_argument("--passes", type=int, default=0, metavar="K",
                    help="also K synthetic annotation passes per article (scripts/make_synthetic_corpus.py --passes)")
    ap.add_argument("--in-process", action="store_true",
                    help="also the CPU time of the small mechanisms inside one process (see in_process)")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="newsframes-abbench-"))
    res: dict = {"articles": args.articles, "passes_per_article": args.passes, "machine": bench.machine(),
                 "runs": []}
    try:
        corpus = work / "proj" / "corpus"
        env = bench._env(work)
        bench.run([bench.PY, str(bench.ROOT / "scripts" / "make_synthetic_corpus.py"), str(args.articles),
                   "--out", str(corpus), "--passes", str(args.passes)], env)
        files = sorted(corpus.glob("*.json"))
        bench.run(bench.nf("validate", str(corpus)), env)  # token cache warm
        res["full_on"] = full_build(work, corpus, env)
        if args.in_process:
            (corpus.parent / "README.md").write_text("# Synthetic benchmark corpus\n", encoding="utf-8")
            bench.run(bench.nf("build", "--corpus", str(corpus), "--out", str(corpus.parent / "data")), env)
            res["in_process"] = in_process(corpus.parent, work / "cache", args.rounds)
            args.json.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
        edit = [0]
        for r in range(args.rounds):
            for mech in filter(None, args.only.split(",")):
                for off in ((True, False) if r % 2 == 0 else (False, True)):
                    got = measure(work, corpus, files, mech, off, edit, set(filter(None, args.full.split(","))))
                    res["runs"].append({"round": r, "mechanism": mech, "off": off, **got})
                    print(json.dumps(res["runs"][-1]), flush=True)
                    args.json.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
