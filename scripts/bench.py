#!/usr/bin/env python3
"""Reproducible benchmark of newsframes on a SYNTHETIC corpus (never corpus/ or data/).

    python scripts/bench.py --articles 2000 --json /tmp/bench2k.json [--workdir DIR] [--keep]

One run: generates N articles (scripts/make_synthetic_corpus.py) into a temporary
folder, then measures validation (cold and warm token cache) against check-jsonschema
and a bare json.loads, the build against a bare pyarrow writer (time, peak memory: the PSS sum of the process tree),
an incremental rebuild, `datasets.load_dataset` against `pyarrow.parquet.read_table`,
the pre-annotation throughput, the cost on disk (data/ and the store against corpus/) and
the CI check of a one-article pull request against the full build (scripts/bench_ci.py,
in the same project, last: it makes the project a git repository). Prints a table and
writes the figures as JSON.

    python scripts/bench.py --disk PROJECT   # only the disk ratios of an existing project
                                             # (its store: $NEWSFRAMES_CACHE or ~/.cache/newsframes)
Commands run as subprocesses with private caches (NEWSFRAMES_CACHE, HF_HOME).
check-jsonschema (python jsonschema, ~15 ms a record) runs on at most
--schema-sample files; its rate is per article."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SCHEMA = ROOT / "schema" / "article.schema.json"
PY = sys.executable


def _env(work: Path, **extra) -> dict:
    env = dict(os.environ)
    # Python's default (bytecode cached in __pycache__), as for an installed package; a
    # shell with PYTHONDONTWRITEBYTECODE=1 would recompile every module in every run
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update({"NEWSFRAMES_CACHE": str(work / "cache"), "HF_HOME": str(work / "hf"),
                "HF_DATASETS_CACHE": str(work / "hf" / "datasets"), "HF_HUB_OFFLINE": "1",
                "HF_DATASETS_OFFLINE": "1", "CI": "1", "PYTHONPATH": str(ROOT / "src")})
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run(cmd: list[str], env: dict, *, ok=(0,), poll: bool = False) -> tuple[float, float]:
    """(wall seconds, peak memory in MiB of the process tree when `poll`: the sum of
    each process's PSS (proportional set size: pages shared after a fork are split
    between the processes, not counted in each), RSS where PSS is not available)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    if poll:
        import psutil

        ps = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                procs = [ps] + ps.children(recursive=True)
                rss = 0
                for p in procs:
                    try:
                        rss += _pss(p)
                    except psutil.Error:
                        pass
                peak = max(peak, rss / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.02)
    _, err = proc.communicate()
    dt = time.perf_counter() - t0
    if proc.returncode not in ok:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return dt, peak


def _pss(p) -> int:
    try:
        return p.memory_full_info().pss
    except (AttributeError, NotImplementedError):
        return p.memory_info().rss


def tree_bytes(path: Path) -> int:
    """Bytes of the regular files under `path` (apparent sizes; a file with several hard
    links counted once; links not followed)."""
    seen, total = set(), 0
    for dirpath, _, filenames in os.walk(path):
        for name in filenames:
            st = os.lstat(os.path.join(dirpath, name))
            if (st.st_dev, st.st_ino) not in seen and not os.path.islink(os.path.join(dirpath, name)):
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return total


def disk(corpus: Path, data: Path, store: Path) -> dict:
    """The cost on disk (issue 26): data/ and the store (NEWSFRAMES_CACHE), each against
    corpus/ (goal on real data: <= 1 each)."""
    c, d, s = tree_bytes(corpus), tree_bytes(data), tree_bytes(store)
    parquet = sum(p.stat().st_size for p in Path(data).rglob("*.parquet"))
    return {"corpus_bytes": c, "data_bytes": d, "data_parquet_bytes": parquet, "store_bytes": s,
            "data_vs_corpus": d / c, "store_vs_corpus": s / c}


def nf(*args: str) -> list[str]:
    return [PY, "-m", "newsframes", *args]


def json_floor(files: list[Path]) -> float:
    t0 = time.perf_counter()
    for f in files:
        json.loads(f.read_bytes())
    return time.perf_counter() - t0


def pyarrow_baseline(corpus: Path, out: Path) -> float:
    """The bare build: read the same records, make the same rows (the project's row
    functions), write them with pyarrow (types inferred, zstd), one file per config.
    No validation, label encoding, manifest or card."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsframes.corpus import iter_articles
    from newsframes.dataset.rows import article_row, claim_rows, mention_rows, technique_rows
    from newsframes.taxonomy import load_taxonomies

    t0 = time.perf_counter()
    tax = load_taxonomies()
    out.mkdir(parents=True, exist_ok=True)
    names = ("articles", "mentions", "claims", "techniques")
    writers: dict = {}
    batch: dict = {n: [] for n in names}

    def flush(name):
        if not batch[name]:
            return
        table = pa.Table.from_pylist(batch[name])
        if name not in writers:
            writers[name] = pq.ParquetWriter(out / f"{name}.parquet", table.schema, compression="zstd")
        if table.schema != writers[name].schema:  # (pyarrow 26 fails to cast a list of structs
            table = table.cast(writers[name].schema)  # with a null-typed child to its own type)
        writers[name].write_table(table)
        batch[name] = []

    for art in iter_articles(corpus):
        batch["articles"].append(article_row(art))
        batch["mentions"] += mention_rows(art)
        batch["claims"] += claim_rows(art)
        batch["techniques"] += technique_rows(art, tax)
        for n in names:
            if len(batch[n]) >= 1000:
                flush(n)
    for n in names:
        flush(n)
        if n in writers:
            writers[n].close()
    return time.perf_counter() - t0


# what the build process imports in a rebuild (pyarrow is imported by its helper process,
# dataset/prewarm.py, while the build validates; `datasets` never: see dataset/bundle.py)
_IMPORTS = ("import newsframes.cli, newsframes.commands.build, newsframes.dataset.pipeline, newsframes.dataset.make, "
            "newsframes.dataset.known, newsframes.dataset.prewarm, newsframes.store, newsframes.validate, "
            "newsframes.snapshot, newsframes.digests, orjson")

_LOAD = """
import sys, time
t0 = time.perf_counter()
if sys.argv[1] == "datasets":
    from datasets import load_dataset
    t0 = time.perf_counter()
    ds = load_dataset(sys.argv[2], "articles")
    n = sum(len(s) for s in ds.values())
else:
    import glob, pyarrow.parquet as pq
    t0 = time.perf_counter()
    n = sum(pq.read_table(f).num_rows for f in sorted(glob.glob(sys.argv[2] + "/data/articles/*.parquet")))
print(time.perf_counter() - t0, n)
"""


def time_load(kind: str, card_dir: Path, env: dict) -> float:
    proc = subprocess.run([PY, "-c", _LOAD, kind, str(card_dir)], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"load ({kind}) failed:\n{proc.stderr[-2000:]}")
    return float(proc.stdout.split()[0])


def annotate_rate(corpus: Path, limit: int) -> float:
    """Words per second of the pre-annotation pipeline (sentences, entity ruler with the
    seed's names, TIMEX3), in process, over the first `limit` synthetic texts."""
    from newsframes.annotate import entities, merge, pipeline, sentences, timex
    from newsframes.corpus import iter_articles
    from newsframes.taxonomy import load_taxonomies

    seed = ROOT / "corpus"
    first = next(iter_articles(seed))
    pipes = pipeline.build(entities.corpus_patterns(seed, "", first.record), None)
    types = set(load_taxonomies().entity_types)
    arts = []
    for a in iter_articles(corpus):
        arts.append(a)
        if len(arts) >= limit:
            break
    words = 0
    t0 = time.perf_counter()
    for a in arts:
        doc = pipes.base(a.text)
        rec = json.loads(json.dumps(a.record))
        merge.merge_sentences(rec, sentences.proposals(doc, pipes.tags["sentences"]))
        merge.merge_mentions(rec, entities.proposals(doc, pipes.tags["ruler"], None, types))
        merge.merge_timexes(rec, timex.proposals(doc, rec["source"]["published"]["date"], pipes.tags["timex"])[0])
        words += len(a.text.split())
    return words / (time.perf_counter() - t0)


def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    def v(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    return {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "versions": {n: v(n) for n in ("newsframes", "datasets", "pyarrow", "spacy", "jsonschema",
                                            "jsonschema-rs", "orjson", "check-jsonschema", "tqdm", "psutil")}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, metavar="N", help="number of synthetic articles (required)")
    ap.add_argument("--json", type=Path, metavar="FILE", help="write the figures here (required)")
    ap.add_argument("--disk", type=Path, metavar="PROJECT",
                    help="only print the disk ratios of PROJECT (corpus/, data/, the store in use)")
    ap.add_argument("--workdir", type=Path, help="work folder (default: a new temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--passes", type=int, default=0, metavar="K",
                    help="also K synthetic annotation passes per article (validated by validate and build)")
    ap.add_argument("--schema-sample", type=int, default=200,
                    help="files given to check-jsonschema (default 200; its rate is per article)")
    ap.add_argument("--annotate-sample", type=int, default=100, help="texts pre-annotated (default 100)")
    args = ap.parse_args(argv)
    if args.disk:
        from newsframes.paths import cache_dir

        print(json.dumps(disk(args.disk / "corpus", args.disk / "data", Path(cache_dir())), indent=2))
        return 0
    if args.articles is None or args.json is None:
        ap.error("--articles and --json are required")
    work = (args.workdir or Path(tempfile.mkdtemp(prefix="newsframes-bench-"))).resolve()
    for forbidden in (ROOT / "corpus", ROOT / "data"):
        if work == forbidden.resolve() or forbidden.resolve() in work.parents:
            ap.error(f"refusing to work inside {forbidden}")
    if work.exists() and any(work.iterdir()):
        ap.error(f"{work} is not empty")
    try:
        res = bench(work, args)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    args.json.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print_table(res)
    print(f"wrote {args.json}")
    return 0


def bench(work: Path, args) -> dict:
    n = args.articles
    proj = work / "proj"
    corpus = proj / "corpus"
    env = _env(work)
    t, _ = run([PY, str(ROOT / "scripts" / "make_synthetic_corpus.py"), str(n), "--out", str(corpus),
                "--passes", str(args.passes)], env)
    print(f"generated {n} synthetic articles in {t:.1f} s", file=sys.stderr)
    files = sorted(corpus.glob("*.json"))
    r: dict = {"articles": n, "passes_per_article": args.passes, "machine": machine()}

    # validation: cold (empty token cache), then warm
    cold, _ = run(nf("validate", str(corpus)), env)
    warm = min(run(nf("validate", str(corpus)), env)[0] for _ in range(2))
    r["validate_cold_articles_per_s"] = n / cold
    r["validate_articles_per_s"] = n / warm
    sample = files[:min(len(files), args.schema_sample)]
    # the one installed beside this Python (a venv need not be on PATH), else PATH's
    cj_exe = Path(PY).with_name("check-jsonschema")
    cj, _ = run([str(cj_exe) if cj_exe.is_file() else "check-jsonschema", "--schemafile", str(SCHEMA), *map(str, sample)], env)
    ours_sample, _ = run(nf("validate", *map(str, sample)), env)
    r["validate_vs_check_jsonschema"] = (len(sample) / ours_sample) / (len(sample) / cj)
    json_floor(files)  # page cache
    r["validate_vs_json_parse"] = warm / min(json_floor(files) for _ in range(2))

    # build: token cache warm, every other cache (rows, results, shards, digests,
    # snapshots, features, card) empty; then the bare pyarrow baseline
    # twice, as the other timings are taken at least twice: once for the time alone,
    # once while polling the memory (which costs some CPU); the faster counts
    out = proj / "data"
    fulls = []
    for poll in (False, True):
        for sub in (work / "cache").iterdir():
            if sub.name != "tokens":
                shutil.rmtree(sub, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        t, peak = run(nf("build", "--corpus", str(corpus), "--out", str(out)), env, poll=poll)
        fulls.append(t)
    full = min(fulls)
    base = min(pyarrow_baseline(corpus, work / f"baseline{i}") for i in range(2))
    r["build_vs_pyarrow"] = full / base
    r["build_peak_rss_mb"] = peak

    # incremental: change one article (still valid), rebuild with warm caches; three
    # times (a different article each time), the fastest counts, as for validation
    from newsframes.jsonio import write_record

    incrs = []
    for k in range(3):
        path = files[k * max(1, len(files) // 3)]
        rec = json.loads(path.read_text(encoding="utf-8"))
        rec["title"] = f"Synthetic benchmark article (edited {k})"
        write_record(path, rec)
        incrs.append(run(nf("build", "--corpus", str(corpus), "--out", str(out)), env)[0])
    incr = min(incrs)
    r["incremental_fraction"] = incr / full  # wall time of whole processes
    # the same without the fixed cost of a process start and the imports a build needs
    start = min(run([PY, "-c", _IMPORTS], env)[0] for _ in range(3))
    r["build_start_s"] = start
    r["incremental_fraction_net"] = max(0.0, incr - start) / max(1e-9, full - start)

    # load_dataset (cold: fresh HF cache; warm: again) against pyarrow.parquet.read_table
    # (cold twice, each with an empty HF cache: writing that cache dominates, and disk
    # speed varies from run to run here)
    colds = []
    for k in range(2):
        hf = _env(work, HF_HOME=work / f"hf_load{k}", HF_DATASETS_CACHE=work / f"hf_load{k}" / "datasets")
        colds.append(time_load("datasets", proj, hf))
    cold_load = min(colds)
    warm_load = min(time_load("datasets", proj, hf) for _ in range(2))
    pa_load = min(time_load("pyarrow", proj, env) for _ in range(3))
    r["load_cold_vs_pyarrow"] = cold_load / pa_load
    r["load_warm_vs_pyarrow"] = warm_load / pa_load

    r["annotate_words_per_s"] = annotate_rate(corpus, min(n, args.annotate_sample))

    # cost on disk after the builds above (the store: this run's NEWSFRAMES_CACHE)
    r["disk"] = disk(corpus, out, work / "cache")
    # the CI check of a one-article pull request on a fresh machine (empty store), against
    # the cold full build of this run; last: it commits the project to a new git repository
    import bench_ci

    r["ci"] = bench_ci.measure(proj, work, env, full, same_tree=True, full_check=False)
    r["ci_fraction"] = r["ci"]["ci_fraction"]
    r["seconds"] = {  # the raw timings behind the ratios
        "validate_cold": cold, "validate_warm": warm, "check_jsonschema_sample": cj,
        "validate_sample": ours_sample, "sample_files": len(sample),
        "build_full": full, "build_full_runs": [round(x, 3) for x in fulls], "build_baseline": base,
        "build_incremental": incr, "build_incremental_runs": [round(x, 3) for x in incrs],
        "load_cold": cold_load, "load_warm": warm_load, "load_pyarrow": pa_load}
    return r


def print_table(r: dict) -> None:
    rows = [
        ("articles", f"{r['articles']:,}", f"(+ {r['passes_per_article']} passes each)"
         if r.get("passes_per_article") else ""),
        ("validate (warm), articles/s", f"{r['validate_articles_per_s']:,.0f}", ">= 1,000"),
        ("validate (cold), articles/s", f"{r['validate_cold_articles_per_s']:,.0f}", "report"),
        ("validate vs check-jsonschema (x faster)", f"{r['validate_vs_check_jsonschema']:.1f}", ">= 2"),
        ("validate vs read+json.loads (x slower)", f"{r['validate_vs_json_parse']:.2f}", "<= 5"),
        ("build vs bare pyarrow (x slower)", f"{r['build_vs_pyarrow']:.2f}", "<= 2"),
        ("build peak memory (PSS), MiB", f"{r['build_peak_rss_mb']:,.0f}", "<= 1,024"),
        ("incremental rebuild / full build", f"{r['incremental_fraction']:.3f}", "<= 0.05"),
        ("  the same less process start+imports", f"{r['incremental_fraction_net']:.3f}",
         f"start {r['build_start_s']:.2f} s"),
        ("load_dataset cold vs pyarrow", f"{r['load_cold_vs_pyarrow']:.2f}", "<= 3"),
        ("load_dataset warm vs pyarrow", f"{r['load_warm_vs_pyarrow']:.2f}", "<= 1.5"),
        ("annotate, words/s", f"{r['annotate_words_per_s']:,.0f}", "report"),
    ]
    if "disk" in r:
        rows += [("data/ / corpus/ (bytes)", f"{r['disk']['data_vs_corpus']:.3f}", "<= 1 on real data"),
                 ("store / corpus/ (bytes)", f"{r['disk']['store_vs_corpus']:.3f}", "<= 1 on real data")]
    if "ci_fraction" in r:
        rows.append(("CI check of a 1-article PR / full build", f"{r['ci_fraction']:.3f}", "<= 0.10"))
    w = max(len(a) for a, _, _ in rows)
    print(f"{'measure'.ljust(w)}  {'value':>12}  goal")
    for a, b, c in rows:
        print(f"{a.ljust(w)}  {b:>12}  {c}")
    m = r["machine"]
    print(f"machine: {m['cores']} cores, Python {m['python']}, {m['platform']}")
    print("seconds: " + ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}"
                                  for k, v in r.get("seconds", {}).items()))


if __name__ == "__main__":
    sys.exit(main())
