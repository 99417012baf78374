"""All the shards of one build: the plan (content-defined groups per split, one shard
per group and config that has rows), reuse of the previous build's files for unchanged
shards (`shards.OldFiles`, `shards.ShardCache`), and writing the others with
`stream.write_shard`, in a process pool when there are many."""

from __future__ import annotations

from pathlib import Path

from ..splits import SPLITS
from . import shards
from .features import CONFIGS

JSONL_DIR = "jsonl"


def plan(metas, keys, counts) -> list[tuple]:
    """[(config, split, parquet name, jsonl name, members [(key, rows)], member digests)]
    for articles (`metas`, `keys`) sorted by id; `counts`: config -> split -> rows."""
    m = shards.articles_per_shard(len(metas))
    out = []
    for split in SPLITS:
        idx = [i for i, meta in enumerate(metas) if meta.split == split]
        cuts = shards.groups([metas[i].id for i in idx], m)
        for cfg in CONFIGS:
            if not counts[cfg][split]:
                continue
            groups = [[(keys[idx[j]], metas[idx[j]].n_rows(cfg), metas[idx[j]].digest(cfg))
                       for j in range(a, b) if metas[idx[j]].n_rows(cfg)] for a, b in cuts]
            groups = [g for g in groups if g]
            for k, g in enumerate(groups):
                out.append((cfg, split, shards.shard_name(split, k, len(groups), "parquet"),
                            shards.shard_name(split, k, len(groups), "jsonl"),
                            [(key, n) for key, n, _ in g], [d for _, _, d in g]))
    return out


def materialise(the_plan, folder: Path, *, old_out: Path, cache_path: Path, cache_root: Path | None,
                reuse: bool, feats: dict, out_index, jobs: int | None, warm=None, sources=None) -> dict:
    """Put every planned shard's two files in `folder`; returns (config, parquet name) ->
    {"parquet": [sha256, bytes], "jsonl": [...], "rows", "nbytes", "split",
    "jsonl_name", "reused", "adopted", "writer"} ("writer": "pool", "helper" or "here" for a
    written shard, None for a reused one). `warm`: a `prewarm.WarmWriter` for a few shards.
    `sources`: row cache key -> (json path, validated digests), to remake damaged entries."""
    sources = sources or {}
    shard_cache = shards.ShardCache(cache_root / "shards" if cache_root is not None else None)
    old = shards.OldFiles(out_index if reuse else None)
    infos: dict[tuple[str, str], dict] = {}
    tasks, fps = [], {}
    for cfg, split, pq_name, jl_name, members, digests in the_plan:
        fp = shards.fingerprint(cfg, digests)
        pq_path, jl_path = folder / cfg / pq_name, folder / JSONL_DIR / cfg / jl_name
        info = shard_cache.get(fp)
        if info is not None and old.link(info["parquet"][0], pq_path):
            if old.link(info["jsonl"][0], jl_path):
                infos[(cfg, pq_name)] = {**info, "split": split, "jsonl_name": jl_name,
                                         "reused": True, "adopted": False, "writer": None}
                continue
            pq_path.unlink()
        fps[(cfg, pq_name)] = (fp, split, jl_name)
        previous = old_out / cfg / pq_name
        tasks.append({"cache": str(cache_path), "members": members, "config": cfg,
                      "sources": {k: sources[k] for k, _ in members if k in sources},
                      "schema": feats[cfg].schema_bytes, "parquet": str(pq_path), "jsonl": str(jl_path),
                      "old": str(previous) if previous.is_file() else None, "id": [cfg, pq_name]})
    results, how = _write(tasks, jobs, warm)
    for task, info in zip(tasks, results):
        cfg, pq_name = task["id"]
        fp, split, jl_name = fps[(cfg, pq_name)]
        shard_cache.put(fp, info)  # adopted: the old bytes, which the next build links
        infos[(cfg, pq_name)] = {**info, "split": split, "jsonl_name": jl_name, "reused": False, "writer": how}
    return infos


def _context():
    """Writers start from a fresh forkserver process where there is one (Linux): a forked
    copy of the parent would carry its per-article tables (hundreds of MB at 100,000
    articles) into every writer."""
    import multiprocessing as mp

    try:
        ctx = mp.get_context("forkserver")
    except ValueError:
        return None
    ctx.set_forkserver_preload(["newsframes._forkserver_lifeline"])  # it dies with this process
    return ctx


def _write(tasks: list[dict], jobs: int | None, warm=None) -> tuple[list[dict], str]:
    """Results of `stream.write_shard` for `tasks`, in order, and who wrote them: a
    process "pool" (both cores) when there are many articles to write, else the
    "helper" `warm` (a `prewarm.WarmWriter`, pyarrow already imported) when given and
    working, else this process ("here")."""
    from ..progress import bar
    from ..validate.runner import auto_jobs
    from .stream import write_shard

    articles = sum(len(t["members"]) for t in tasks)
    jobs = auto_jobs(articles) if jobs is None else jobs
    many = jobs > 1 and len(tasks) > 1
    if warm is not None:
        got = warm.write(tasks) if tasks and not many else None
        warm.close()
        if got is not None:
            return got, "helper"
    if many:
        from concurrent.futures import ProcessPoolExecutor

        from ..lifeline import die_with_parent

        # a forkserver's workers die with the forkserver, which exits with this process
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=die_with_parent) as pool:
            return list(bar(pool.map(write_shard, tasks), total=len(tasks), desc="writing", unit="shard")), "pool"
    return [write_shard(t) for t in bar(tasks, desc="writing", unit="shard")], "here"
