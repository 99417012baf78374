"""Every group of one build, into its files: a known group's files are taken as they are
(a hard link to the previous output's file, or the base commit's blob); the others are
written (`write.write_group`: each article's rows copied from a known file when one holds
them, else converted from its record), in a process pool when there are many, by the
prewarm helper when a few, else here. Then each file gets its name: per config and split,
the groups with rows in that config, in order, `<split>-<k>-of-<n>.parquet`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .features import CONFIGS
from .groups import shard_name
from .known import offsets
from .project import BuildError, Made

WRITERS = ("pool", "helper", "here")  # Made.how of a group written by this build


def make_groups(groups, known, folder: Path, *, policy, feats, opts) -> tuple[list[Made], list[str]]:
    """The `Made` of each group of `groups` (`groups.plan`), its files in `folder` under
    their final names (`Made.paths`), and the files that kept the previous output's bytes
    ("<config>/<name>", `_adopt`). `known`: a `known.Known` (its store and base may be None)."""
    made: list[Made | None] = [None] * len(groups)
    found: dict[int, dict[str, Path]] = {}
    tasks: list[tuple[int, dict]] = []
    for i, group in enumerate(groups):
        m = known.group(group.fingerprint)
        paths = known.files(m) if m is not None else None
        if paths is not None:
            made[i], found[i] = m, paths
            continue
        tasks.append((i, _task(group, known, folder, policy, feats)))
    for (i, task), result in zip(tasks, _run(tasks, groups, known, folder, policy, feats, opts)):
        made[i] = _made(groups[i], task, result, known)
    _name(made, found, folder)
    adopted = _adopt(made, known)
    if opts.store is not None:
        for m in made:
            if m.how in WRITERS:
                opts.store.put_group(m)
    return made, adopted  # type: ignore[return-value]


def _task(group, known, folder: Path, policy, feats, *, copy: bool = True) -> dict:
    """The `write.write_group` task of a group: each article's rows copied from a known
    file when one holds them (and `copy`), else converted."""
    sources: list[dict] = []
    index: dict[str, int] = {}
    members = []
    for r in group.records:
        held = known.holder(r.key) if copy else None
        paths = known.files(held[0]) if held is not None else None
        if paths is None:
            members.append(["convert", r.path, [r.record_sha256, r.text_sha256]])
            continue
        m, pos = held
        if m.fingerprint not in index:
            index[m.fingerprint] = len(sources)
            sources.append({cfg: [str(paths[cfg]), m.files[cfg]["sha256"]] for cfg in m.files})
        members.append(["copy", index[m.fingerprint], offsets(m)[pos], list(m.articles[pos].rows)])
    return {"fingerprint": group.fingerprint, "policy": policy, "members": members, "sources": sources,
            "schemas": {cfg: feats[cfg].schema_bytes for cfg in CONFIGS},
            "descs": {cfg: feats[cfg].desc for cfg in CONFIGS},
            "out": {cfg: str(folder / cfg / f".{group.fingerprint}.parquet") for cfg in CONFIGS}}


def _made(group, task: dict, result: dict, known) -> Made:
    """The group's Made: the facts of the converted articles from the result, the others
    from the known group they were copied from."""
    from .articles import ArticleFacts

    converted = iter(result["converted"])
    facts = []
    for r, member in zip(group.records, task["members"]):
        if member[0] == "convert":
            facts.append(ArticleFacts.from_json(next(converted)))
        else:
            m, pos = known.holder(r.key)
            facts.append(m.articles[pos])
    for r, a in zip(group.records, facts):
        if (a.id, a.split, a.text_status) != (r.id, group.split, r.text_status):  # as validation saw the record
            raise BuildError(f"{r.path}: its rows say id {a.id!r}, split {a.split!r}, text {a.text_status!r}; "
                             "run the build again")
    paths = {cfg: Path(task["out"][cfg]) for cfg in result["files"]}
    return Made(group.fingerprint, group.split, facts, result["files"], paths, result["how"])


def _run(tasks, groups, known, folder, policy, feats, opts) -> list[dict]:
    """The results of `tasks` in order, each with "how" (who wrote it). A task whose
    known file changed meanwhile (`write.SourceChanged`) is done again, converting."""
    from .articles import Changed
    from .write import SourceChanged

    if not tasks:
        if opts.warm is not None:
            opts.warm.close()
        return []
    try:
        results, how = _write([t for _, t in tasks], opts)
    except SourceChanged:
        again = [_task(groups[i], known, folder, policy, feats, copy=False) for i, _ in tasks]
        for (_, old), new in zip(tasks, again):
            old.clear()
            old.update(new)
        try:
            results, how = _write([t for _, t in tasks], opts)
        except Changed as exc:
            raise BuildError(str(exc)) from None
    except Changed as exc:
        raise BuildError(str(exc)) from None
    for r in results:
        r["how"] = how
    return results


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


def _write(tasks: list[dict], opts) -> tuple[list[dict], str]:
    """Results of `write.write_group` for `tasks`, in order, and who wrote them: a process
    "pool" (every core) when there are many articles to convert, else the "helper"
    `opts.warm` (a `prewarm.WarmWriter`, pyarrow already imported) when given and working,
    else this process ("here")."""
    from ..progress import bar
    from ..validate.runner import auto_jobs
    from .write import write_group

    converts = sum(1 for t in tasks for m in t["members"] if m[0] == "convert")
    jobs = auto_jobs(converts) if opts.jobs is None else opts.jobs
    many = jobs > 1 and len(tasks) > 1
    warm = opts.warm
    if warm is not None:
        got = warm.write(tasks) if not many else None
        warm.close()
        if got is not None:
            return got, "helper"
    if many:
        from concurrent.futures import ProcessPoolExecutor

        from ..lifeline import die_with_parent

        # a forkserver's workers die with the forkserver, which exits with this process
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=die_with_parent) as pool:
            return list(bar(pool.map(write_group, tasks), total=len(tasks), desc="writing", unit="group")), "pool"
    return [write_group(t) for t in bar(tasks, desc="writing", unit="group")], "here"


def _name(made: list[Made], found: dict[int, dict[str, Path]], folder: Path) -> None:
    """Give every file its final name: a written one is renamed, a known one linked
    (copied where a link cannot be made)."""
    for cfg in CONFIGS:
        for split in dict.fromkeys(m.split for m in made):
            mine = [i for i, m in enumerate(made) if m.split == split and cfg in m.files]
            for k, i in enumerate(mine):
                dest = folder / cfg / shard_name(split, k, len(mine))
                dest.parent.mkdir(parents=True, exist_ok=True)
                if i in found:
                    _link(found[i][cfg], dest)
                else:
                    os.replace(made[i].paths[cfg], dest)
                made[i].paths[cfg] = dest


def _link(src: Path, dest: Path) -> None:
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


def _adopt(made: list[Made], known) -> list[str]:
    """A written file whose bytes a file of the previous output already has becomes that
    file (a hard link: its inode, and so a `git status`, stay as they were); one whose
    content the previous file of its name has with other bytes (another pyarrow wrote it)
    keeps the old bytes (`writer.adopt_one`), so a pyarrow upgrade does not churn data/.
    Returns the files adopted ("<config>/<name>")."""
    from ..digests import sha256_file
    from . import writer

    adopted = []
    for m in made:
        if m.how not in WRITERS:
            continue
        for cfg, path in m.paths.items():
            same = known.old.find(m.files[cfg]["sha256"]) if known.old is not None else None
            if same is not None:
                os.unlink(path)
                _link(same, path)
                m.linked.add(cfg)
            elif writer.adopt_one(path, known.out / cfg / path.name):
                m.files[cfg] = {**m.files[cfg], "sha256": sha256_file(path), "bytes": path.stat().st_size}
                adopted.append(f"{cfg}/{path.name}")
    return sorted(adopted)
