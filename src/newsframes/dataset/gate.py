"""The build's validation gate: the whole corpus is validated before anything is built,
with the fast path for rebuilds (results of unchanged records from the per-corpus
snapshot, keys from the corpus's digest index; the same for annotation passes, keyed
through a digest index of annotations/)."""

from __future__ import annotations

from .project import BuildError, Project


def _validate_config(cache: bool):
    """The validator's settings for a build: with `cache`, the token cache (and the
    results snapshot, see `validate`); without, nothing kept."""
    from ..validate import Config

    return Config() if cache else Config(cache_dir=None)


def corpus_digests(project: Project, cache: bool):
    """The `digests.DigestIndex` of the corpus folder for one build (None without cache):
    validation and the row cache share it, so each file is stat'ed or hashed once."""
    if not cache:
        return None
    from ..digests import DigestIndex
    from ..paths import cache_dir

    return DigestIndex(project.corpus, cache_dir())


def validate(project: Project, *, doing: str = "nothing was built", cache: bool = True, digests=None):
    """The validator's report; BuildError carrying it when the corpus is not valid.
    `digests`: the build's `corpus_digests` (made here when not given)."""
    from ..validate import UsageError, validate_corpus

    config, lookup = _validate_config(cache), None
    if cache:
        from ..digests import DigestIndex
        from ..paths import cache_dir
        from ..snapshot import Snapshot
        from ..validate import resultcache
        from ..validate.passes import FOLDER

        env = resultcache.env_key(config.schema_path, config.taxonomy_dir)
        lookup = resultcache.Lookup(digests or corpus_digests(project, True),
                                    Snapshot(cache_dir(), "results", project.corpus, env),
                                    DigestIndex(project.root / FOLDER, cache_dir()))
    try:
        report = validate_corpus(project.corpus, project_root=project.root, config=config, lookup=lookup)
    except UsageError as exc:
        raise BuildError(str(exc)) from None
    if lookup is not None:
        lookup.snapshot.save()
        lookup.digests.save()
        lookup.passes.save()
    if not report.ok:
        raise BuildError(f"the corpus is not valid; {doing}\n" + report.format("text").rstrip())
    return report
