#!/usr/bin/env python3
"""How `newsframes agree` grows with the number of spans (issue 25): two SYNTHETIC passes
of one SYNTHETIC article, N single-character spans each, for a doubling series of N.

    python scripts/bench_agree.py [--sizes 175,350,700,1400,2800,5600] [--layer techniques]
                                  [--repeat 3] [--json FILE]

Each size runs the whole command in this process (`newsframes agree A B --format json`:
reading, every figure, the JSON), best of --repeat, after a warm-up run of 20 spans (the
imports of the first run are not in any figure). The table gives the seconds, the ratio
of the time and of N to the smallest size of the same run, and the growth exponent
log(time ratio) / log(size ratio) (1: linear, 2: quadratic). The article and the passes
are made in a temporary folder (a random text of 4 N characters; pass 2 moves a quarter of
pass 1's spans by one character and relabels another quarter); nothing is written to
corpus/ or data/."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import math
import random
import sys
import tempfile
import time
from pathlib import Path

LABELS = ("Loaded_Language", "Name_Calling-Labeling", "Repetition", "Doubt", "Flag_Waving")
AID = "bench-agree-article"


def _record(pass_id: str, text: str, spans: list[tuple[int, str]], layer: str) -> dict:
    rec = {"id": AID, "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
           "annotation": {"pass": {"id": pass_id}}, "genre": {"label": "opinion"},
           "frames": {"labels": ["Political"], "primary": "Political"}, "narratives": [],
           "entities": [], "mentions": [], "claims": [], "techniques": [], "timexes": []}
    for k, (start, label) in enumerate(spans, 1):
        if layer == "techniques":
            rec["techniques"].append({"id": f"p{k}", "label": label, "start": start, "end": start + 1})
        elif layer == "mentions":
            rec["entities"].append({"id": f"e{k}", "name": f"E{k}", "type": "ORG", "roles": []})
            rec["mentions"].append({"id": f"m{k}", "entity": f"e{k}", "start": start, "end": start + 1,
                                    "metonymy": None})
        elif layer == "claims":
            rec["claims"].append({"id": f"c{k}", "start": start, "end": start + 1, "type": "factual",
                                  "claimant": "author", "cue": None, "checkworthy": True, "verdict": None})
        else:
            rec["timexes"].append({"id": f"t{k}", "start": start, "end": start + 1, "type": "DATE",
                                   "value": "2025", "mod": None})
    return rec


def make_passes(folder: Path, n: int, layer: str, seed: int = 25) -> list[Path]:
    rnd = random.Random(seed)
    text = "".join(rnd.choice("abcdefghij ") for _ in range(4 * n))
    starts = sorted(rnd.sample(range(len(text) - 1), n))
    first = [(s, rnd.choice(LABELS)) for s in starts]
    second = []
    for s, label in first:
        r = rnd.random()
        if r < 0.25:
            s = min(s + 1, len(text) - 1)
        elif r < 0.5:
            label = rnd.choice(LABELS)
        second.append((s, label))
    (folder / "corpus").mkdir(parents=True)
    (folder / "corpus" / f"{AID}.txt").write_text(text, encoding="utf-8")
    ann = folder / "annotations" / AID
    ann.mkdir(parents=True)
    paths = []
    for pid, spans in (("pass-1", first), ("pass-2", second)):
        path = ann / f"{pid}.json"
        path.write_text(json.dumps(_record(pid, text, spans, layer)), encoding="utf-8")
        paths.append(path)
    return paths


def time_agree(paths: list[Path], repeat: int) -> float:
    from newsframes.cli import main

    best = math.inf
    for _ in range(repeat):
        sink = io.StringIO()
        t = time.perf_counter()
        with contextlib.redirect_stdout(sink):
            code = main(["agree", *map(str, paths), "--format", "json"])
        best = min(best, time.perf_counter() - t)
        if code != 0:
            raise SystemExit(f"agree exited {code}")
        json.loads(sink.getvalue())  # a whole report
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="175,350,700,1400,2800,5600",
                    help="spans per pass, comma-separated (the first is the baseline)")
    ap.add_argument("--layer", choices=("techniques", "mentions", "claims", "timexes"), default="techniques")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size (the best is kept)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="nf-bench-agree-") as tmp:
        time_agree(make_passes(Path(tmp) / "warm-up", 20, args.layer), 1)  # imports, outside the figures
        for n in sizes:
            paths = make_passes(Path(tmp) / f"n{n}", n, args.layer)
            rows.append({"spans_per_pass": n, "seconds": time_agree(paths, args.repeat)})
    base = rows[0]
    print(f"newsframes agree, {args.layer}, single-character spans, best of {args.repeat}")
    print(f"{'spans/pass':>10} {'seconds':>9} {'x time':>8} {'x size':>7} {'exponent':>8}")
    for r in rows:
        tr, nr = r["seconds"] / base["seconds"], r["spans_per_pass"] / base["spans_per_pass"]
        r["time_ratio"], r["size_ratio"] = tr, nr
        r["exponent"] = math.log(tr) / math.log(nr) if nr > 1 else None
        exp = f"{r['exponent']:.2f}" if r["exponent"] is not None else "-"
        print(f"{r['spans_per_pass']:>10} {r['seconds']:>9.3f} {tr:>8.1f} {nr:>7.0f} {exp:>8}")
    if args.json:
        args.json.write_text(json.dumps({"layer": args.layer, "repeat": args.repeat, "rows": rows}, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
