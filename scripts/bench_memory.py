#!/usr/bin/env python3
"""Where a cold build's memory goes: runs `newsframes build --corpus CORPUS --out OUT` with an
empty store (STORE), samples each process of its tree (PSS) every 0.25 s and prints, as
JSON, the peak of their sum, when it came, each process at that moment and the sum over
time. OUT and STORE are removed before and after.

    python scripts/bench_memory.py CORPUS OUT STORE > memory.json

`scripts/bench.py` and `scripts/bench_ci.py --memory` give the peak alone (sampled every
0.02 s); this shows which process holds it (docs/performance.md, peak memory at 100,000)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    import psutil

    corpus, out, store = argv
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(store, ignore_errors=True)
    env = dict(os.environ, NEWSFRAMES_CACHE=store, HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "newsframes", "build", "--corpus", corpus, "--out", out], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    peak, at, snap, timeline = 0, 0.0, [], []
    while proc.poll() is None:
        try:
            rows = []
            for p in [ps] + ps.children(recursive=True):
                try:
                    rows.append((round(p.memory_full_info().pss / 2**20), " ".join(p.cmdline())[:120]))
                except psutil.Error:
                    pass
            total = sum(r[0] for r in rows)
            timeline.append((round(time.perf_counter() - t0, 1), total, len(rows)))
            if total > peak:
                peak, at, snap = total, time.perf_counter() - t0, rows
        except psutil.Error:
            pass
        time.sleep(0.25)
    err = proc.communicate()[1]
    print(json.dumps({"rc": proc.returncode, "seconds": time.perf_counter() - t0, "peak_mib": peak, "at_s": at,
                      "processes": sorted(snap, reverse=True), "timeline_every_20": timeline[::20],
                      "stderr_tail": err.decode(errors="replace")[-500:]}, indent=1))
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(store, ignore_errors=True)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
