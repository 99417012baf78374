"""The build, in one place: record -> rows -> shards -> data/.

    records = gate.records(...)        validated records: id, split, digests of the bytes checked
    groups  = groups.plan(records)     content-defined groups of articles, each with a fingerprint
    made    = make.make_groups(...)    each group's Parquet files: a known group's files as they
                                       are, the others written from their articles' rows
                                       (`write`: copied from a known file, else converted
                                       from the record by `articles.convert`)
    built   = describe_build(...)      MANIFEST.json, croissant.json, the card, the release manifest

`build_folder` does the last three into a temporary folder; `build` validates, builds
beside the output folder, swaps it in and writes the documents; `check.check` compares a
build with what is there. What is known comes from the store (`store.Store`: what this
machine made) and, with `Options.base`, from the base commit (`base.Base`)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from . import writer
from .gate import corpus_digests, open_base, policy_args, records, validate  # noqa: F401  (the build's API)
from .project import BuildError, Built, Options, Project  # noqa: F401  (the build's API)


def build_folder(project: Project, folder: Path, recs: list, opts: Options) -> Built:
    """Write a full data folder for the validated records `recs` (`gate.records`) into
    the empty `folder` and describe it. `opts.reuse`: take the files of known groups from
    the previous output folder (project.out) and the base; the bytes are the same either
    way. Memory holds the facts of the articles and about a row group, never the rows."""
    from .bundle import bundles
    from .describe import describe_build
    from .groups import built_from, env_digest, plan
    from .known import Known, OldFiles
    from .make import WRITERS, make_groups

    policy = policy_args(project)
    feats = bundles()
    made_with = built_from()
    groups = plan(recs, env_digest(made_with))
    index = opts.store.digests(project.out) if opts.store is not None and opts.reuse else None
    old = OldFiles(project.out, index) if opts.reuse else None
    scratch = writer.make_temp_dir(project.out, "base") if opts.base is not None else None
    try:
        known = Known(opts.store if opts.reuse else None, opts.base if opts.reuse else None, old, project.out,
                      scratch)
        made, adopted = make_groups(groups, known, folder, policy=policy, feats=feats, opts=opts)
    finally:
        if scratch is not None:
            import shutil

            shutil.rmtree(scratch, ignore_errors=True)
    built = describe_build(project, folder, made, made_with, adopted=adopted, releasing=opts.releasing)
    for m in made:
        for cfg in m.files:
            how = m.how if m.how in WRITERS and cfg not in m.linked else "linked"
            built.writers[how] = built.writers.get(how, 0) + 1
    built.reused = built.writers.pop("linked", 0)
    built.written = sum(built.writers.values())
    built.out_index = index
    built.without_cache = opts.store.unwritable if opts.store is not None else None
    return built


def _owner(project: Project, path: Path) -> Path:
    """The folder a document's write may not leave through a link: the project for its
    own files, else the folder of the card the user named with `--card`."""
    return project.root if path.is_relative_to(project.root) else path.parent


@contextmanager
def _cycle_collector_paused():
    """Python's cycle collector off for the duration. A build makes large, long-lived,
    acyclic structures (the snapshots and digest index it loads, the facts of every
    article), which each collection of the oldest generation would walk again for
    nothing. Memory is freed by reference counting as before; the few cycles made
    meanwhile are collected once it is back on."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def build(project: Project, *, store=None, releasing: bool = False, base: str | None = None) -> Built:
    """Validate, build beside the output folder, then swap it in and write the documents.
    `store`: a `store.Store` to reuse and keep results and groups in (None: nothing kept;
    same output); `releasing`: see `Options`; `base`: a git revision whose verified data
    is known too (`base.Base`; when it cannot be used, `Built.notices` says why).

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
        return _validate_and_build(project, store, releasing, base)


def _validate_and_build(project: Project, store, releasing: bool, ref: str | None) -> Built:
    import shutil

    from ..inside import StagedInside
    from ..lifeline import remove_stale
    from . import bundle, outguard, prewarm
    from .outputs import changed_documents, record_outputs

    refused = outguard.refusal(project)
    if refused:
        raise BuildError(refused)
    bundle.warm()  # while this process validates
    remove_stale(project.out)  # what builds killed before left beside data/
    base, why_not = open_base(project, ref)
    digests = corpus_digests(project, store)
    warm = prewarm.WarmWriter() if prewarm.wanted(digests, project.corpus) else None
    tmp = None
    staged: list[StagedInside] = []
    try:
        report = validate(project, store=store, base=base, digests=digests)
        tmp = writer.make_temp_dir(project.out, "build")
        opts = Options(store=store, base=base, warm=warm, releasing=releasing)
        built = build_folder(project, tmp, records(project, report), opts)
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
    if why_not:
        built.notices.append(f"--base {ref}: not used ({why_not}); everything was built")
    record_outputs(built, project.out, store)
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
