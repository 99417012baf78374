#!/usr/bin/env python3
"""What the CI check of a one-article pull request costs on a fresh clone (issue 26), on a
SYNTHETIC corpus (never corpus/ or data/ of the repository).

    python scripts/bench_ci.py --articles 10000 --json /tmp/ci.json [--workdir DIR] [--keep]

One run: N synthetic articles in a temporary project, built (cold: the full build, the
baseline) and committed to a new git repository (the base, as CI on main would have
verified it); then a pull request: one more synthetic article, built and committed; then
a fresh clone of it, with an empty store (NEWSFRAMES_CACHE), runs what CI runs on a pull
request (`newsframes build --check --base HEAD~1 --format github`: `ci_fraction`), then,
with another empty store, what CI ran before (`newsframes validate --base HEAD~1`, then
`newsframes build --check --base HEAD~1`: `two_commands_fraction`), and, for comparison,
the trust-nothing check (`build --check --full`, unless
--no-full-check). `--reuse` keeps the synthetic corpus an interrupted run made in
--workdir. `--same-tree` measures in the repository itself with an empty store
instead of a clone (the same work for newsframes, without a second copy of the corpus on
disk: for 100,000 articles). scripts/bench.py calls `measure` on its own project."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (scripts/bench.py)

GIT = ("git", "-c", "user.name=bench", "-c", "user.email=bench@newsframes.invalid", "-c", "core.autocrlf=false")


def _git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, "-C", str(repo), *args], check=True, capture_output=True)


def add_article(corpus: Path, index: int) -> str:
    """One more synthetic article (scripts/make_synthetic_corpus.py's), in `corpus`."""
    from newsframes.corpus import read_article
    from newsframes.jsonio import canonical_dumps

    synth = __import__("make_synthetic_corpus")
    src = read_article(bench.ROOT / "corpus" / "lavrov-kyrgyzstan-visit.json")
    rec, text = synth.synthesize(src.record, src.text, index)
    (corpus / f"{rec['id']}.txt").write_text(text, encoding="utf-8")
    (corpus / f"{rec['id']}.json").write_text(canonical_dumps(rec), encoding="utf-8")
    return rec["id"]


def _timed(cmd: list[str], env: dict) -> float:
    """Seconds of a command that must succeed and use the base (no "not used" notice)."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if proc.returncode != 0 or "not used" in proc.stderr:
        raise SystemExit(f"{' '.join(cmd)} (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return dt


def measure(proj: Path, work: Path, env: dict, full: float, *, same_tree: bool = False,
            full_check: bool = True) -> dict:
    """`proj`: a built project (corpus/, data/, README.md; its store in `env`), not yet a git
    repository; `full`: the seconds of its cold full build, measured in the same run."""
    n = len(list((proj / "corpus").glob("*.json")))
    (proj / ".gitignore").write_text("*.tmp\n", encoding="utf-8")
    _git(proj, "init", "-q")
    t0 = time.perf_counter()
    _git(proj, "add", "-A")
    _git(proj, "commit", "-qm", "base")
    commit_base = time.perf_counter() - t0
    article = add_article(proj / "corpus", n + 1_000_000)
    pr_build, _ = bench.run(bench.nf("build", "--corpus", str(proj / "corpus")), env)
    _git(proj, "add", "-A")
    _git(proj, "commit", "-qm", f"one article: {article}")
    if same_tree:
        clone = proj
    else:
        clone = work / "clone"
        subprocess.run(["git", "clone", "-q", str(proj), str(clone)], check=True, capture_output=True)
    out: dict = {"articles": n + 1, "base_commit_s": commit_base, "pr_build_s": pr_build, "clone": not same_tree}
    corpus = str(clone / "corpus")
    # what CI runs on a pull request (.github/workflows/validate.yml): one command
    shutil.rmtree(work / "fresh-store", ignore_errors=True)
    fresh = bench._env(work, NEWSFRAMES_CACHE=work / "fresh-store")  # nothing kept: a fresh clone's machine
    out["ci_s"] = _timed(bench.nf("build", "--check", "--base", "HEAD~1", "--format", "github", "--corpus", corpus),
                         fresh)
    out["ci_fraction"] = out["ci_s"] / full
    # for comparison, what CI ran before (validation, then the check, one store), again fresh
    shutil.rmtree(work / "fresh-store", ignore_errors=True)
    out["validate_s"] = _timed(bench.nf("validate", "--base", "HEAD~1", corpus), fresh)
    out["check_s"] = _timed(bench.nf("build", "--check", "--base", "HEAD~1", "--corpus", corpus), fresh)
    out["two_commands_fraction"] = (out["validate_s"] + out["check_s"]) / full
    if full_check:
        shutil.rmtree(work / "fresh-store", ignore_errors=True)
        out["full_check_s"], _ = bench.run(bench.nf("build", "--check", "--full", "--corpus", str(clone / "corpus")),
                                           bench._env(work, NEWSFRAMES_CACHE=work / "fresh-store"))
        out["full_check_fraction"] = out["full_check_s"] / full
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, required=True, metavar="N")
    ap.add_argument("--json", type=Path, metavar="FILE", help="write the figures here")
    ap.add_argument("--workdir", type=Path, help="work folder (default: a new temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--same-tree", action="store_true", help="measure in the repository, not a clone")
    ap.add_argument("--no-full-check", action="store_true", help="leave out `build --check --full`")
    ap.add_argument("--memory", action="store_true",
                    help="at the end, build the corpus cold once more (empty store, into a new folder) while "
                         "sampling the process tree's memory (PSS sum, as scripts/bench.py): `full_build_peak_mib`; "
                         "not the timed build (sampling costs time)")
    ap.add_argument("--reuse", action="store_true",
                    help="keep WORKDIR/proj/corpus when it holds exactly N synthetic records (made by an earlier, "
                         "interrupted run; what that run built, committed or added is removed)")
    args = ap.parse_args(argv)
    work = (args.workdir or Path(tempfile.mkdtemp(prefix="newsframes-bench-ci-"))).resolve()
    try:
        proj = work / "proj"
        env = bench._env(work)
        if args.reuse:  # what an interrupted run left besides the corpus goes: its build, git, the PR, the stores
            for p in (proj / ".git", proj / "data", work / "cache", work / "fresh-store"):
                shutil.rmtree(p, ignore_errors=True)
            for p in [proj / ".gitignore", *(proj / "corpus").glob("synthetic-1[0-9][0-9][0-9][0-9][0-9][0-9].*")]:
                p.unlink(missing_ok=True)  # add_article's ids are N + 1,000,000 and up
        have = len(list((proj / "corpus").glob("*.json"))) if args.reuse else 0
        if have != args.articles:
            if args.reuse:
                print(f"--reuse: {proj / 'corpus'} holds {have} records, not a fresh {args.articles}: made again",
                      file=sys.stderr)
            shutil.rmtree(proj, ignore_errors=True)
            bench.run([bench.PY, str(bench.ROOT / "scripts" / "make_synthetic_corpus.py"), str(args.articles),
                       "--out", str(proj / "corpus")], env)
        (proj / "README.md").write_text("# Synthetic\n", encoding="utf-8")
        full, _ = bench.run(bench.nf("build", "--corpus", str(proj / "corpus")), env)
        res = {"full_build_s": full, **measure(proj, work, env, full, same_tree=args.same_tree,
                                                full_check=not args.no_full_check)}
        if args.memory:
            out_dir = work / "memory-build"
            shutil.rmtree(out_dir, ignore_errors=True)
            shutil.rmtree(work / "memory-store", ignore_errors=True)
            secs, peak = bench.run(bench.nf("build", "--corpus", str(proj / "corpus"), "--out", str(out_dir)),
                                   bench._env(work, NEWSFRAMES_CACHE=work / "memory-store"), poll=True)
            res["memory_build_s"], res["full_build_peak_mib"] = secs, peak
            shutil.rmtree(out_dir, ignore_errors=True)
            shutil.rmtree(work / "memory-store", ignore_errors=True)
        res["machine"] = bench.machine()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = json.dumps(res, indent=2) + "\n"
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
