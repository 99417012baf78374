"""One build: validated corpus -> a complete data folder (Parquet shards, JSONL mirror,
MANIFEST.json) in a temporary directory, plus the card text and the release manifest.
`build` validates (`gate`), builds, swaps the folder into place and records its
outputs (`outputs`); `check` compares a build with what is there. The types (`Project`,
`Built`, `BuildError`) live in `project` and are importable from here."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from .. import __version__
from ..rights import PRESENT
from ..splits import SPLITS
from ..taxonomy import load_taxonomies
from . import card, manifest, writer
from .describe import about_text, croissant_terms, with_about
from .features import CONFIGS
from .gate import corpus_digests, validate  # noqa: F401  (the build's API)
from .outputs import changed_documents, read_card, record_outputs, write_croissant, write_file
from .project import BuildError, Built, Project  # noqa: F401  (the build's API)
from .shardset import JSONL_DIR
from .sources import corpus_facts, keeps_withheld_text, manifest_sources


def build_folder(project: Project, folder: Path, *, cache: Path | None | bool = True,
                 jobs: int | None = None, reuse: bool = False, digests=None, warm=None,
                 validated: dict | None = None, releasing: bool = False) -> Built:
    """Write a full data folder into the empty `folder` and describe it.

    Rows come from the per-article row cache (`rowcache`, converted in a process pool
    when missing); each content-defined shard (`shards`) is written from them, in a pool
    when there are many, streaming (memory holds a row group, never the corpus).
    `cache`: True for `paths.cache_dir()/rows`, a folder, or None/False for a temporary
    one (same output either way). `reuse`: hard-link the files of the previous build
    (project.out) whose content a shard would reproduce (same output, less work).
    `warm`: a `prewarm.WarmWriter` to write a few shards (it is stopped either way).
    `validated`: the validation report's `validated` (display -> digests of the bytes
    checked): only those bytes are converted (BuildError for a file changed since).
    `releasing`: the data is being released as the package version (`build --release`):
    MANIFEST.json and the card say so; otherwise `manifest.release_status` decides."""
    import os

    from ..cachefile import CacheUnwritable
    from ..corpus import record_paths

    paths = record_paths(project.corpus)
    if not paths:
        raise BuildError(f"{project.corpus}: no records (corpus/<id>.json): nothing to build")
    by_name = None if validated is None else {os.path.basename(d): sha for d, sha in validated.items()}
    args = (project, folder, paths, jobs, reuse, digests, warm, by_name, releasing)
    try:
        return _build_cached(*args, cache=cache)
    except CacheUnwritable as exc:  # an unwritable or full cache costs only time
        if cache is False or cache is None:
            raise BuildError(f"cannot write the rows: {exc}") from None
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        built = _build_cached(*args, cache=None)
        built.without_cache = f"{exc}: built without it (the same output, more slowly)"
        return built


def _build_cached(project, folder, paths, jobs, reuse, digests, warm, validated, releasing, *, cache) -> Built:
    import tempfile

    from . import rowcache

    tmp_cache = None
    cache_root = None
    if cache is True:
        from ..paths import cache_dir

        cache_root = cache_dir()
        cache_path = cache_root / "rows"
    elif cache:
        cache_path = Path(cache)
    else:
        tmp_cache = tempfile.TemporaryDirectory(prefix="newsframes-rows-")
        cache_path = Path(tmp_cache.name)
    try:
        return _build(project, folder, paths, cache_path, cache_root, jobs, reuse and cache_root is not None,
                      digests, warm, validated, releasing)
    except rowcache.Changed as exc:
        raise BuildError(str(exc)) from None
    finally:
        if tmp_cache is not None:
            tmp_cache.cleanup()


def _build(project, folder, paths, cache_path, cache_root, jobs, reuse, digests, warm, validated,
           releasing) -> Built:
    from ..digests import DigestIndex
    from ..snapshot import Snapshot
    from . import rowcache, rowlookup, shardset
    from .bundle import bundles

    tax = load_taxonomies()
    feats = bundles()
    out_rel = project.rel(project.out)
    corpus_index = None
    if cache_root is not None:
        corpus_index = digests or DigestIndex(project.corpus, cache_root)
    policy = _policy_args(project)
    snap = Snapshot(cache_root, "rows", project.corpus, rowcache.env_key())
    entries = rowlookup.ensure_entries(paths, cache_path, jobs, digests=corpus_index, snapshot=snap, policy=policy,
                                       validated=validated)
    sources = {key: (str(p), None if validated is None else validated[p.name], policy)
               for p, (key, _) in zip(paths, entries)}
    snap.save()
    del snap  # ~1 KB an article: not kept while the shards are written
    if corpus_index is not None:
        corpus_index.save()
    # articles sorted by id (the file stem; the validator checked id == stem)
    order = sorted(range(len(paths)), key=lambda i: entries[i][1].id)
    metas = [entries[i][1] for i in order]
    keys = [entries[i][0] for i in order]

    # rows per config and split, nested layer sizes per split: one pass over the metas
    # (tuples in the order of CONFIGS and rowcache.LAYERS)
    per_split = {s: [0] * len(CONFIGS) for s in SPLITS}
    layers_split = {s: [0] * len(rowcache.LAYERS) for s in SPLITS}
    for m in metas:
        acc, lay = per_split[m.split], layers_split[m.split]
        for j, n in enumerate(m.rows):
            acc[j] += n
        for j, n in enumerate(m.layers):
            lay[j] += n
    counts = {cfg: {s: per_split[s][j] for s in SPLITS} for j, cfg in enumerate(CONFIGS)}
    notices: list[str] = []
    layout: dict[str, dict[str, list[str]]] = {}
    for cfg in CONFIGS:
        # an empty split is left out; a config without rows too (datasets 5.2 cannot load
        # a split of 0 rows: "Instruction 'train' corresponds to no data")
        if not any(counts[cfg].values()):
            notices.append(f"config {cfg!r} has no rows: left out of data/ and the card")
        else:
            layout[cfg] = {s: [] for s in SPLITS if counts[cfg][s]}

    out_index = DigestIndex(project.out, cache_root) if cache_root is not None else None
    the_plan = shardset.plan(metas, keys, counts)
    for cfg, split, pq_name, *_ in the_plan:
        layout[cfg][split].append(f"{out_rel}/{cfg}/{pq_name}")
    infos = shardset.materialise(the_plan, folder, old_out=project.out, cache_path=cache_path,
                                 cache_root=cache_root, reuse=reuse, feats=feats, out_index=out_index, jobs=jobs,
                                 warm=warm, sources=sources)

    files: dict[str, dict] = {}
    arrow_bytes: dict[str, dict[str, int]] = {cfg: {} for cfg in CONFIGS}
    for (cfg, pq_name), info in infos.items():
        split = info["split"]
        arrow_bytes[cfg][split] = arrow_bytes[cfg].get(split, 0) + info["nbytes"]
        files[f"{out_rel}/{cfg}/{pq_name}"] = {"sha256": info["parquet"][0], "rows": info["rows"],
                                               "bytes": info["parquet"][1]}
        files[f"{out_rel}/{JSONL_DIR}/{cfg}/{info['jsonl_name']}"] = {
            "sha256": info["jsonl"][0], "rows": info["rows"], "bytes": info["jsonl"][1]}
    adopted = sorted(f"{cfg}/{name}" for (cfg, name), info in infos.items() if info["adopted"])
    files = dict(sorted(files.items()))

    entries_m = [{"id": m.id, "split": m.split, "text_sha256": m.text_sha256, "record_sha256": m.record_sha256}
                 for m in metas]
    digest = manifest.corpus_digest(entries_m)
    schema_ver = manifest.schema_version([{"schema_version": m.schema_version} for m in metas])
    withheld = [{"id": m.id, "text_sha256": m.text_sha256, "text_status": m.text_status}
                for m in metas if m.text_status != PRESENT]
    facts = corpus_facts(metas)
    datasheet = (project.card_dir / "DATASHEET.md").is_file()
    release = manifest.release_manifest(version=__version__, schema_ver=schema_ver, digest=digest,
                                        articles=entries_m, files=files)
    status = manifest.release_status(project.root, release, releasing=releasing)
    man = manifest.build_manifest(version=__version__, schema_ver=schema_ver, digest=digest,
                                  n_articles=len(metas), counts=counts, files=files, withheld=withheld,
                                  taxonomies={n: tax.raw[n].get("version") for n in sorted(tax.raw)},
                                  status=status, full_text=keeps_withheld_text(project, metas),
                                  layers=sorted(facts.layers),
                                  sources=manifest_sources(facts))
    write_file(folder / manifest.MANIFEST_NAME, manifest.dumps(man).encode("utf-8"))
    cut = len(out_rel) + 1
    write_croissant(project.root, folder, {rel[cut:]: info for rel, info in files.items() if rel.endswith(".parquet")},
                    {cfg: b.record_set for cfg, b in feats.items()},
                    lambda cite: croissant_terms(man["layers"], man["sources"], project_cite=cite, datasheet=datasheet))

    languages = sorted({m.language for m in metas})
    meta = card.card_metadata(languages=languages, n_articles=len(metas), layout=layout,
                              features={c: b.yaml for c, b in feats.items()}, counts=counts,
                              num_bytes=arrow_bytes, facts=facts, datasheet=datasheet)
    card_text = card.with_release_block(card.with_front_matter(read_card(project.card_path), card.dump_yaml(meta)),
                                        status)
    card_text = with_about(card_text, about_text(facts, layout=layout, withheld=len(withheld), articles=len(metas),
                                                 full_text=keeps_withheld_text(project, metas), datasheet=datasheet))
    extra = {layer: {s: layers_split[s][j] for s in SPLITS} for j, layer in enumerate(rowcache.LAYERS)}
    built = Built(folder, files, counts, card_text, release, len(metas), extra, adopted, notices)
    built.status = status
    for info in infos.values():  # reused shards have no writer
        if info["writer"]:
            built.writers[info["writer"]] = built.writers.get(info["writer"], 0) + 1
    built.written = sum(built.writers.values())
    built.reused = len(infos) - built.written
    built.out_rel, built.out_index = out_rel, out_index
    built.withheld = len(withheld)
    built.withheld_texts = withheld
    return built


def _owner(project: Project, path: Path) -> Path:
    """The folder a document's write may not leave through a link: the project for its
    own files, else the folder of the card the user named with `--card`."""
    return project.root if path.is_relative_to(project.root) else path.parent


def _policy_args(project: Project):
    """`Policy.as_args()` of the rights policy when the build withholds text, else None."""
    if not project.withhold:
        return None
    from ..rights import RightsError, default_policy

    try:
        return default_policy().as_args()
    except RightsError as exc:
        raise BuildError("the rights policy cannot be used:\n" + "\n".join(exc.problems)) from None


@contextmanager
def _cycle_collector_paused():
    """Python's cycle collector off for the duration. A build makes large, long-lived,
    acyclic structures (the snapshots and digest index it loads, a Meta per article),
    which each collection of the oldest generation would walk again for nothing: about
    30 ms of a 300 ms rebuild at 2,000 articles. Memory is freed by reference counting
    as before; the few cycles made meanwhile are collected once it is back on."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def build(project: Project, *, cache: bool = True, releasing: bool = False) -> Built:
    """Validate, build beside the output folder, then swap it in and write the documents.
    `cache`: reuse and keep per-article validation results and rows (same output);
    `releasing`: see `build_folder`.

    Order (what a failure or a kill leaves):
    1. validate, build the new data folder in a temporary folder beside the output, and
       write every changed document (README.md card and generated blocks, DATASHEET.md
       block, docs/figures/*.png) to a temporary file beside it: a failure here (a
       folder in the way, no space) replaces nothing; the temporary files are removed;
    2. swap the data folder in (one atomic exchange on Linux);
    3. rename each staged document over its target (one rename each).
    Only a kill or a failed rename during step 3 leaves the new data/ with some old
    documents (and a stray `.<name>.*.tmp` beside them after a kill): the error says
    what was replaced, `build --check` names every stale file, and the next build
    rewrites them."""
    with _cycle_collector_paused():
        return _validate_and_build(project, cache, releasing)


def _validate_and_build(project: Project, cache: bool, releasing: bool = False) -> Built:
    import shutil

    from ..inside import StagedInside
    from ..lifeline import remove_stale
    from . import outguard, prewarm

    refused = outguard.refusal(project)
    if refused:
        raise BuildError(refused)
    remove_stale(project.out)  # what builds killed before left beside data/
    digests = corpus_digests(project, cache)
    warm = prewarm.WarmWriter() if prewarm.wanted(digests, project.corpus) else None
    tmp = None
    staged: list[StagedInside] = []
    try:
        report = validate(project, cache=cache, digests=digests)
        tmp = writer.make_temp_dir(project.out, "build")
        built = build_folder(project, tmp, cache=cache, reuse=cache, digests=digests, warm=warm,
                             validated=report.validated, releasing=releasing)
        docs, refreshed = changed_documents(project, built)
        for path, data in docs.items():  # never through a symbolic link (issue 25)
            staged.append(StagedInside(_owner(project, path), path, data))
        writer.swap_in(tmp, project.out)
        tmp = None
    except BaseException as exc:
        for st in staged:
            st.discard()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            where = f"{exc.filename}: " if exc.filename else ""
            raise BuildError(f"{where}{exc.strerror or exc}; nothing was replaced ({project.rel(project.out)}/, "
                             "the card and the generated docs are as they were)") from None
        raise
    finally:
        if warm is not None:
            warm.close()
    built.folder = project.out
    built.validation = report
    record_outputs(built, project.out)
    for i, st in enumerate(staged):
        try:
            st.commit()
        except OSError as exc:
            for rest in staged[i + 1:]:
                rest.discard()
            done = [project.rel(project.out) + "/"] + [project.rel(s.path) for s in staged[:i]]
            left = [project.rel(s.path) for s in staged[i:]]
            raise BuildError(f"cannot write {st.path}: {exc.strerror or exc}; replaced: {', '.join(done)}; "
                             f"not replaced: {', '.join(left)}. `newsframes build --check` names what is "
                             "stale; run `newsframes build` again once the cause is fixed") from None
    built.refreshed = refreshed
    return built
