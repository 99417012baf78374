#!/usr/bin/env python3
"""The acceptance of issue 23, end to end: real releases through newsframes to the
official scorers, with no hand edit and no glue code.

    python scripts/score_formats.py --peers ../shared/peers-sample --scorer-python PY [--fixtures] [--json FILE]

For each release (the peers sample: SemEval-2023 Task 3 English dev, SemEval-2025 Task 10
English, the PTC article; with --fixtures also the release fixtures of tests/, every
language folder of them), in a temporary folder:

1. `newsframes import`, `validate` (errors and warnings counted), `build`, `export`;
2. the exported label files against the release's, byte for byte;
3. every official scorer on (original gold, export), and on (gold, gold) for reference;
4. a constant baseline written from the built data in the dataset's row shapes (every
   article `reporting` / `Political` / narrative `Other`, every gold span
   `Loaded_Language`, every mention Antagonist/Instigator), exported with
   `newsframes export FORMAT --predictions FILE --like GOLD`, and scored the same way.

PY is a Python with scikit-learn (the scorers need it; it is not a dependency of
newsframes: make a separate venv). Every figure each scorer prints is reported. Nothing
is written outside a temporary folder; nothing of the peers sample enters the project.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
NUM = re.compile(r"([A-Za-z][\w@,.\-]*)[=:]\s*([0-9.]+)")


def nf(*args, cwd=None) -> subprocess.CompletedProcess:
    r = subprocess.run([sys.executable, "-m", "newsframes", *map(str, args)], capture_output=True, text=True, cwd=cwd)
    if r.returncode != 0:
        raise SystemExit(f"newsframes {' '.join(map(str, args))} failed:\n{r.stderr[-3000:]}")
    return r


def score(py: str, script: Path, args: list, cwd: Path) -> str:
    """What the scorer printed on stdout (its figures; stderr holds library warnings),
    or why it failed."""
    r = subprocess.run([py, str(script), *map(str, args)], capture_output=True, text=True, cwd=cwd)
    if r.returncode != 0 or "ERROR" in r.stdout:
        return f"SCORER REFUSED ({r.returncode}): {(r.stdout + r.stderr).strip()[-500:]}"
    return r.stdout.strip()


def figures(out: str) -> dict:
    """The figures a scorer printed: key=value pairs (`Precision=4.0/4=1.0`: the last),
    or a bare TSV line of numbers."""
    if out.startswith("SCORER REFUSED"):
        return {}
    out = re.sub(r"=([0-9.]+)/(\d+)=([0-9.]+)", r"=\3", out)
    got = {k: float(v) for k, v in NUM.findall(out)}
    for line in out.splitlines():
        if re.fullmatch(r"[0-9.]+(\t[0-9.]+)+", line.strip()):
            got.update({f"col{i + 1}": float(x) for i, x in enumerate(line.split("\t"))})
        m = re.match(r"(F1@\w+): ([0-9.]+) \(([0-9.]+)\)", line.strip())
        if m:
            got[m.group(1)], got[m.group(1) + " std"] = float(m.group(2)), float(m.group(3))
    return got


def scorers_2023(peers: Path, gold: Path, pred: Path, split: str) -> list[tuple]:
    s = peers / "semeval2023" / "scorers"
    out = []
    for k, script, extra in ((1, "scorer-subtask-1.py", []), (2, "scorer-subtask-2.py", ["-f", s / "frames_subtask2.txt"]),
                             (3, "scorer_subtask_3.py", ["-f", s / "techniques_subtask3.txt"])):
        g, p = gold / f"{split}-labels-subtask-{k}.txt", pred / f"{split}-labels-subtask-{k}.txt"
        if g.is_file():
            out.append((f"subtask {k}", score(PY, s / script, ["-g", g, "-p", p, *extra], s)))
    return out


def scorers_2025(peers: Path, gold: Path, pred: Path, _split=None) -> list[tuple]:
    s = peers / "semeval2025" / "scorers"
    out = []
    if (gold / "subtask-1-annotations.txt").is_file():
        out.append(("subtask 1 (EMR, micro P, micro R, micro F1, main-role accuracy)",
                    score(PY, s / "subtask1_scorer.py", ["-g", gold / "subtask-1-annotations.txt",
                                                         "-p", pred / "subtask-1-annotations.txt"], s)))
    if (gold / "subtask-2-annotations.txt").is_file():
        out.append(("subtask 2", score(PY, s / "subtask2_scorer.py", [
            "-g", gold / "subtask-2-annotations.txt", "-p", pred / "subtask-2-annotations.txt",
            "-f", s / "narr_fine.txt", "-c", s / "narr_coarse.txt"], s)))
    return out


def scorers_ptc(peers: Path, gold: Path, pred: Path, _split=None) -> list[tuple]:
    s = peers / "ptc"
    names = s / "data" / "propaganda-techniques-names-semeval2020task11.txt"
    out = []
    for tc in sorted(gold.rglob("article*")):  # the release's label files (not the tools' examples beside them)
        rel = tc.relative_to(gold)
        if tc.is_file() and "TC" in tc.name:
            out.append((f"TC {rel}", score(PY, s / "task-TC_scorer.py", ["-s", pred / rel, "-r", tc, "-p", names], s)))
        elif tc.is_file() and "SI" in tc.name:
            out.append((f"SI {rel}", score(PY, s / "task-SI_scorer.py", ["-s", pred / rel, "-r", tc, "-m"], s)))
    return out


SCORERS = {"semeval2023": scorers_2023, "semeval2025": scorers_2025, "ptc": scorers_ptc}


def language_folders(root: Path, fmt: str) -> list[Path]:
    """The folders a scorer reads: each language folder (SemEval) or the release folder."""
    if fmt == "ptc":
        return [root]
    def is_language(p: Path) -> bool:
        return (p / "raw-documents").is_dir() if fmt == "semeval2025" else any(p.glob("*-articles-subtask-*"))
    if is_language(root):
        return [root]
    return [p for p in sorted(root.iterdir()) if p.is_dir() and is_language(p)]


def run_release(name: str, fmt: str, src: Path, split: str | None, tmp: Path, peers: Path) -> dict:
    from test_formats_predictions import baseline_rows
    proj = tmp / name
    args = ["--split", split] if split else []
    nf("import", fmt, src, "--corpus", proj / "corpus", *args)
    v = subprocess.run([sys.executable, "-m", "newsframes", "validate", proj / "corpus"], capture_output=True,
                       text=True)
    summary = v.stdout.strip().splitlines()[-1] if v.stdout.strip() else v.stderr.strip().splitlines()[-1]
    nf("build", "--corpus", proj / "corpus", "--out", proj / "data")
    nf("export", fmt, "--corpus", proj / "corpus", "--out", proj / "export")
    same, differ = 0, []
    for p in sorted(src.rglob("*")):
        if p.is_file() and (fmt != "ptc" or p.name.startswith("article")):  # PTC: the release's files
            q = proj / "export" / p.relative_to(src)
            if q.is_file() and q.read_bytes() == p.read_bytes():
                same += 1
            else:
                differ.append(str(p.relative_to(src)))
    rows = baseline_rows(proj / "data")
    (proj / "baseline.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = {"release": name, "validate": summary, "files identical": same, "files differing": differ,
              "round trip": {}, "gold vs gold": {}, "baseline": {}}
    for gold in language_folders(src, fmt):
        rel = gold.relative_to(src)
        base = proj / "pred" / (rel.as_posix().replace("/", "_") or "all")
        nf("export", fmt, "--corpus", proj / "corpus", "--predictions", proj / "baseline.jsonl", "--like", gold,
           "--out", base)
        sp = (split or "dev")
        for key, pred in (("round trip", proj / "export" / rel), ("gold vs gold", gold), ("baseline", base)):
            for task, out in SCORERS[fmt](peers, gold, pred, sp):
                result[key][f"{rel.as_posix() or '.'} {task}"] = {"figures": figures(out), "printed": out}
    return result


def main() -> int:
    global PY
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--peers", type=Path, default=ROOT.parent / "shared" / "peers-sample")
    ap.add_argument("--scorer-python", required=True, help="a Python with scikit-learn")
    ap.add_argument("--fixtures", action="store_true", help="also the release fixtures of tests/ (every language)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    PY = args.scorer_python
    peers = args.peers.resolve()
    if not (peers / "README.md").is_file():
        raise SystemExit(f"{peers}: not the peers sample (pass --peers)")
    releases = [("semeval2023-en-dev", "semeval2023", peers / "semeval2023" / "en", "dev"),
                ("semeval2025-EN", "semeval2025", peers / "semeval2025" / "EN", None),
                ("ptc-sample", "ptc", peers / "ptc" / "data", None)]
    if args.fixtures:
        fix = ROOT / "tests" / "fixtures" / "formats"
        releases += [("fixture-semeval2023", "semeval2023", fix / "semeval2023-release", "dev"),
                     ("fixture-semeval2025", "semeval2025", fix / "semeval2025-release", None),
                     ("fixture-ptc", "ptc", fix / "ptc-release", None)]
    results = []
    with tempfile.TemporaryDirectory(prefix="nf-score-formats-") as tmp:
        env_tmp = Path(tmp)
        os.environ.setdefault("NEWSFRAMES_CACHE", str(env_tmp / "cache"))
        os.environ.setdefault("HF_HOME", str(env_tmp / "hf"))
        for name, fmt, src, split in releases:
            res = run_release(name, fmt, src, split, env_tmp, peers)
            results.append(res)
            print(f"== {name}: validate: {res['validate']}; exported files identical to the release: "
                  f"{res['files identical']}, differing: {res['files differing'] or 'none'}")
            for key in ("round trip", "gold vs gold", "baseline"):
                for task, got in res[key].items():
                    if key == "gold vs gold" and got["figures"] == res["round trip"][task]["figures"]:
                        continue  # printed only where the round trip differs from the gold against itself
                    figs = ", ".join(f"{k}={v:g}" for k, v in got["figures"].items()) or got["printed"][-300:]
                    print(f"   {key:12} {task}: {figs}")
            same = all(res["round trip"][t]["figures"] == res["gold vs gold"][t]["figures"] for t in res["round trip"])
            print(f"   every figure of the round trip equals the gold scored against itself: {same}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


PY = sys.executable
if __name__ == "__main__":
    sys.exit(main())
