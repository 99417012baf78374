"""The build's validation gate: the whole corpus is validated before anything is built;
the records it gives the build (`records`) are the bytes it checked.

Results already known are not computed again: those of unchanged records from the store
(the results snapshot, keys from the corpus's digest index; the same for annotation
passes, through a digest index of annotations/), and with a base commit (`base.Base`),
those of the files unchanged since it (`validate.baselookup`)."""

from __future__ import annotations

import os

from .project import BuildError, InvalidCorpus, Project, Record


def corpus_digests(project: Project, store):
    """The `digests.DigestIndex` of the corpus folder for one build (None without a store):
    validation and the build share it, so each file is stat'ed or hashed once."""
    return store.digests(project.corpus) if store is not None else None


def open_base(project: Project, ref: str | None) -> tuple[object, str | None]:
    """(the `base.Base` of `ref`, None) or (None, why it cannot be used: the caller checks
    everything and says so). BuildError for a REF that names no commit."""
    if ref is None:
        return None, None
    from .base import Base, Unusable
    from .groups import built_from

    try:
        return Base.open(project, ref, built_from(), on_changed=_prewarm_tokenizer), None
    except Unusable as exc:
        return None, str(exc)


def _prewarm_tokenizer(top, prefix: str, changed) -> None:
    """Start loading spaCy (`tokens.prewarm`) while the base is read and the corpus listed,
    when a text changed since the base has no token boundaries in the store: its spans'
    token check will need the tokenizer (about half a second to load, otherwise paid after
    everything else). Nothing is decided here: validation checks every changed record as
    before."""
    import hashlib

    import orjson

    from ..paths import cache_dir
    from ..validate.tokens import cached, prewarm

    corpus = f"{prefix}corpus/"
    for rel in sorted(changed):
        if not (rel.startswith(corpus) and rel.endswith(".txt") and "/" not in rel[len(corpus):]):
            continue
        text, record = _regular(top / rel), _regular(top / (rel[:-len(".txt")] + ".json"))
        if text is None:
            continue  # deleted, unreadable, or no regular file: validation says so
        if cached(cache_dir(), hashlib.sha256(text).hexdigest()):
            continue
        try:
            language = orjson.loads(record or b"").get("language")
        except (ValueError, AttributeError):
            language = None
        prewarm(language if isinstance(language, str) else "en")
        return


def _regular(path, limit: int = 64 << 20) -> bytes | None:
    """The bytes of `path` when it is a regular file (not a link, FIFO or device) of at most
    `limit` bytes, else None."""
    import stat

    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except OSError:
        return None


def lookup_for(project: Project, store=None, base=None, digests=None):
    """(the validator's `Config`, the lookup of results already known or None): the store's
    results of unchanged records and passes, then, with a base, those the base validated."""
    from ..validate import Config

    config = Config(cache_dir=str(store.root)) if store is not None else Config(cache_dir=None)
    lookup = None
    if store is not None:
        from ..validate import resultcache
        from ..validate.passes import FOLDER

        env = resultcache.env_key(config.schema_path, config.taxonomy_dir)
        lookup = resultcache.Lookup(digests or corpus_digests(project, store),
                                    store.snapshot("results", project.corpus, env),
                                    store.digests(project.root / FOLDER))
    if base is not None:
        from ..validate.baselookup import BaseLookup

        lookup = BaseLookup(base, project.corpus, lookup)
    return config, lookup


def validate(project: Project, *, doing: str = "nothing was built", store=None, base=None, digests=None):
    """The validator's report; BuildError carrying it when the corpus is not valid.
    `digests`: the build's `corpus_digests` (made here when not given)."""
    from ..validate import UsageError, validate_corpus

    config, lookup = lookup_for(project, store, base, digests)
    try:
        report = validate_corpus(project.corpus, project_root=project.root, config=config, lookup=lookup)
    except UsageError as exc:
        raise BuildError(str(exc)) from None
    if lookup is not None:
        lookup.save()
    if not report.ok:
        raise InvalidCorpus(f"the corpus is not valid; {doing}\n" + report.format("text").rstrip(), report)
    return report


def policy_args(project: Project):
    """`Policy.as_args()` of the rights policy when the build withholds text, else None."""
    if not project.withhold:
        return None
    from ..rights import RightsError, default_policy

    try:
        return default_policy().as_args()
    except RightsError as exc:
        raise BuildError("the rights policy cannot be used:\n" + "\n".join(exc.problems)) from None


def records(project: Project, report) -> list[Record]:
    """The records of a valid corpus as validation saw them: id, split, the digests of the
    bytes it checked (a record changed since is refused when converted) and the text
    status of their rows under the project's rights policy."""
    from .articles import text_status

    policy = policy_args(project)
    facts = {f.path: f for f in report.facts}
    out = []
    for display, sha in report.validated.items():
        if not display.endswith(".json"):
            continue
        f = facts.get(display)
        name = os.path.basename(display)
        if sha is None or f is None or f.id is None or f.split is None or f.rights is None:
            raise BuildError(f"{name} changed while the build was running; nothing was built from it: run the "
                             "build again")
        out.append(Record(f.id, f.split, str(project.corpus / name), sha[0], sha[1], text_status(f.rights, policy)))
    if not out:
        raise BuildError(f"{project.corpus}: no records (corpus/<id>.json): nothing to build")
    return out
