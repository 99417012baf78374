"""`newsframes build`: validate the corpus, then build data/ and the dataset card.

    newsframes build [--corpus DIR]               # write data/ and README.md's YAML block
    newsframes build --out DIR [--card FILE]      # only DIR (and FILE, the card, when named)
    newsframes build --check                      # exit 1 naming each stale file
    newsframes build --check --base origin/main   # the same, trusting what the base verified
    newsframes build --check --full               # the same, trusting nothing (no store, no base)
    newsframes build --check --base REF --format github   # CI: validation and check as annotations
    newsframes build --release                    # build, then record releases/<version>.json
    newsframes build --full-text --out DIR        # every article's text, whatever its rights

By default the build applies the rights policy (schema/rights.json, docs/rights.md): an
article whose rights do not allow redistribution is built with its text fields null and
their sha256 kept (`newsframes rehydrate` restores them from the user's own copies).

Data built between releases is marked unreleased (data/MANIFEST.json `"release": null`,
`"built_after"` the last release; the card says so): contributions choose no version.
Maintainers cut a release with `--release` (the version of pyproject.toml /
`newsframes.__version__`); an existing release manifest is never overwritten.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..ghactions import esc, log_line
from ..ghactions import problem as gh_problem
from ..ghactions import report as gh_report


def configure(p):
    p.add_argument("--corpus", metavar="DIR", type=Path,
                   help="corpus folder (default: corpus/ of the project)")
    p.add_argument("--out", metavar="DIR", type=Path,
                   help="output folder (default: data/ beside the corpus, with the card README.md beside it). "
                        "It is replaced as a whole, so it must be new, empty or a data folder a previous "
                        "build wrote (never the project, corpus/, seeds/, schema/ or a folder holding them). "
                        "Nothing outside DIR is written unless --card names the card")
    p.add_argument("--card", metavar="FILE", type=Path,
                   help="with --out: also write the dataset card (YAML front matter) to FILE, a README.md whose "
                        "folder holds DIR (its paths are relative to that folder); an existing FILE keeps its "
                        "prose. Without it, `--out DIR` writes no card")
    p.add_argument("--no-cache", action="store_true",
                   help="neither read nor write the store (validation results, groups, token offsets); "
                        "same output, slower")
    p.add_argument("--base", metavar="REF",
                   help="also take as known what the merge base of REF and HEAD verified in full: records and "
                        "groups of articles unchanged since are not validated or built again (docs/caches.md); "
                        "used only when nothing but data changed since, else everything is checked and a notice "
                        "says why")
    p.add_argument("--full", action="store_true",
                   help="with --check: trust nothing (no store, no base): validate and convert every record, "
                        "write and compare every file")
    p.add_argument("--exports", metavar="DIR", type=Path, nargs="?", const=Path("exports"),
                   help="also write spaCy DocBins to DIR/spacy/ (default DIR: exports/, git-ignored), under the "
                        "same rights policy as data/ (withheld texts left out; with --full-text kept, and said); "
                        "the Croissant metadata data/croissant.json is always written")
    t = p.add_mutually_exclusive_group()
    t.add_argument("--withhold", dest="full_text", action="store_false",
                   help="apply the rights policy schema/rights.json (the default): text of articles whose "
                        "rights do not allow redistribution is null, its sha256 kept (docs/rights.md)")
    t.add_argument("--full-text", dest="full_text", action="store_true",
                   help="keep every article's text whatever its rights (for your own use: never commit or "
                        "publish it; `build --check` and `publish` expect the policy build)")
    p.set_defaults(full_text=False)
    p.add_argument("--format", choices=("text", "github"), default="text",
                   help="with --check: how the validator's findings and the check's problems are printed: "
                        "text (default), or GitHub workflow commands, which show them as annotations on the "
                        "files (CI runs the one command `build --check --format github`: the same validation "
                        "as `newsframes validate`, then the check)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--check", action="store_true",
                   help="build to a temporary folder and exit 1 if data/, the card or the generated docs "
                        "differ from it, a release manifest under releases/ was edited, or data declared "
                        "released is not that release (unreleased data passes)")
    g.add_argument("--release", action="store_true",
                   help="after building, record releases/<version>.json (refused if it exists with other content)")


def project_from_args(args):
    from ..dataset.pipeline import Project
    from ..paths import corpus_and_root

    corpus, root = corpus_and_root(args.corpus)
    out = args.out.resolve() if args.out is not None else root / "data"
    return Project(corpus=corpus, out=out, root=root, withhold=not getattr(args, "full_text", False),
                   card=_card(args, out, root))


def _card(args, out: Path, root: Path):
    """The card a build writes: `--card FILE`; README.md of the project for its own data/;
    none for another `--out DIR` (a build writes only inside what the user named). Commands
    without --card (publish) read the card beside the data folder."""
    import os

    from ..dataset.project import BESIDE

    if not hasattr(args, "card"):
        return BESIDE
    if args.card is not None:
        return Path(os.path.abspath(args.card))
    if args.out is None or out == root / "data":
        return root / "README.md"
    return None


def _err(msg: str) -> None:
    print(log_line(f"newsframes build: {msg}"), file=sys.stderr)


def run(args) -> int:
    from ..dataset.outguard import refusal
    from ..dataset.pipeline import BuildError
    from ..dataset.project import InvalidCorpus

    project = project_from_args(args)
    if not project.corpus.is_dir():
        _err(f"{project.corpus}: no corpus folder (pass --corpus DIR)")
        return 2
    refused = None if args.check else refusal(project, exports=args.exports, release=args.release)
    if refused:  # before anything is read or written
        _err(refused)
        return 2
    if args.full and not args.check:
        _err("--full goes with --check (a build's output is the same with or without the store)")
        return 2
    if args.format != "text" and not args.check:
        _err("--format goes with --check (a build prints a summary)")
        return 2
    if args.full and args.base is not None:
        _err("--full trusts nothing: it cannot take a --base")
        return 2
    try:
        if args.check:
            return _check(project, cache=not (args.no_cache or args.full), base=args.base, fmt=args.format)
        code = _build(project, release=args.release, cache=not args.no_cache, base=args.base)
        if code == 0 and args.exports is not None:
            code = _export_spacy(project, args.exports)
        return code
    except InvalidCorpus as exc:
        if args.format == "github":
            sys.stdout.write(gh_report(exc.report))
        _err(str(exc))
        return 1
    except BuildError as exc:
        if args.format == "github":
            print(f"::error title=newsframes build::{esc(str(exc))}")
        _err(str(exc))
        return 1
    except OSError as exc:  # outside the build proper (the build says itself what it replaced)
        _err(f"cannot write: {exc}")
        return 1


def _export_spacy(project, exports: Path) -> int:
    from ..dataset.outguard import export_folder
    from ..export.spacy_docbin import ExportError, export_spacy
    from .export import rights_notices

    out = export_folder(project, exports)
    try:  # the build's rights policy: withheld texts are left out, unless --full-text (said loudly)
        counts = export_spacy(project.corpus, out, full_text=not project.withhold)
    except ExportError as exc:
        _err(f"spaCy export: {exc}")
        return 1
    for line in rights_notices(counts, "`newsframes build --full-text --exports`"):
        _err(f"spaCy export: {line}")
    print(f"spaCy DocBins in {project.rel(out)}/: docs per split {counts['docs']}, "
          f"{counts['ents']} entities, {counts['overlaps_kept_in_group']} overlapping mention(s) "
          f"kept in span group mentions_overlap, {counts['misaligned_spans']} misaligned span(s) expanded, "
          f"{counts['unplaceable_spans']} unplaceable")
    return 0


def _check(project, *, cache: bool = True, base: str | None = None, fmt: str = "text") -> int:
    from ..dataset.check import check

    result = check(project, cache=cache, base=base)
    for line in result.notices + ([result.built.without_cache] if result.built and result.built.without_cache else []):
        _err(f"notice: {line}")
        if fmt == "github":  # e.g. why the base was not used: shown on the run's summary
            print(f"::notice title=newsframes build --check::{esc(line)}")
    report = result.built.validation if result.built is not None else None
    if fmt == "github" and report is not None:  # warnings (NF323: a draft) as annotations, and the summary
        sys.stdout.write(gh_report(report))
    elif report is not None and report.warnings:
        _err(f"validation: {report.summary()} (see them with `newsframes validate`)")
    if result.ok:
        print(f"data and card are up to date ({result.built.n_articles} article(s))")
        return 0
    heads = [p for p in result.problems if not p.startswith("  ")]
    _err(f"{len(heads)} problem(s):")
    for line in result.problems:
        print(log_line(line), file=sys.stderr)
    if fmt == "github":
        for line in heads:
            print(gh_problem(line))
    if any(not p.startswith("releases/") and ": a symbolic link (to " not in p and p not in result.leaks for p in heads):
        from ..dataset.outputs import commit_command

        _err("fix: run `newsframes build`, then commit what it changed with your files: " + commit_command())
    if result.leaks:
        from ..leaks.check import N

        _err(f"fix: quote fewer than {N} consecutive words of a withheld text in each file named (a note may quote "
             "a few words as evidence); notes in data/ come from the records in corpus/: edit them there and run "
             "`newsframes build` (docs/rights.md, leak check)")
    return 1


def _build(project, *, release: bool, cache: bool = True, base: str | None = None) -> int:
    from .. import __version__
    from ..dataset import manifest
    from ..dataset.pipeline import build
    from ..jsonio import atomic_write_text
    from ..store import store_of

    if release and _release_conflict(project):
        return 1
    built = build(project, store=store_of(cache), releasing=release, base=base)
    if built.without_cache:
        _err(built.without_cache)
    if not project.withhold and project.documents_project:
        _err("notice: --full-text: data/ holds every article's text, also where the rights policy withholds it; "
             "run `newsframes build` before committing or publishing")
    if built.validation is not None and built.validation.warnings:
        _err(f"validation: {built.validation.summary()} (see them with `newsframes validate`)")
    print(summary(project, built))
    if release:
        path = manifest.release_path(project.root, __version__)
        if path.is_file():
            print(f"{project.rel(path)} already records this data: unchanged")
        else:
            atomic_write_text(path, manifest.dumps(built.release))
            print(f"recorded {project.rel(path)}; tag the commit as v{__version__}")
    return 0


def _release_conflict(project) -> bool:
    """Before writing anything: refuse a --release whose manifest exists and would change."""
    import tempfile

    from .. import __version__
    from ..dataset import manifest
    from ..dataset.pipeline import Options, build_folder, records, validate
    from ..release.checks import release_conflicts
    from ..store import Store

    if not manifest.release_path(project.root, __version__).is_file():
        return False
    store = Store.default()
    report = validate(project, store=store)
    with tempfile.TemporaryDirectory(prefix="newsframes-release-") as tmp:
        folder = Path(tmp) / project.out.name
        folder.mkdir()
        built = build_folder(project, folder, records(project, report), Options(store=store, reuse=False))
        problems = release_conflicts(project.root, built.release)
    for line in problems:
        _err(line)
    if problems:
        _err("refusing --release: a release manifest is never overwritten with other content")
    return bool(problems)


def summary(project, built) -> str:
    from ..splits import SPLITS

    rows = [("articles", built.counts["articles"]), ("mentions", built.counts["mentions"]),
            ("claims", built.counts["claims"]), ("techniques", built.counts["techniques"]),
            ("entities*", built.extra_counts["entities"]), ("timexes*", built.extra_counts["timexes"]),
            ("narratives*", built.extra_counts["narratives"])]
    head = ("layer", *SPLITS, "total")
    table = [head] + [(name, *(str(c[s]) for s in SPLITS), str(sum(c.values()))) for name, c in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    from ..dataset.manifest import status_line

    head = (f"built {project.rel(project.out)}/ from {len(built.release['articles'])} article(s) "
            f"({status_line(built.status)}; package {built.release['version']}, "
            f"corpus digest {built.release['corpus_digest'][:12]})")
    lines = [head]
    for r in table:
        lines.append("  " + "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
    lines.append("  (* nested in the articles config only)")
    lines += [f"notice: {n}" for n in built.notices]
    if built.withheld:
        lines.append(f"text withheld for {built.withheld} article(s) by the rights policy (schema/rights.json); "
                     "`newsframes rehydrate --texts DIR` restores it from your own copies (docs/rights.md)")
    if built.refreshed:
        lines.append("refreshed generated docs: " + ", ".join(built.refreshed))
    if built.reused:  # a rebuild: say how small it was (the data/ diff is the written shards)
        lines.append(f"shards: {built.written} written, {built.reused} unchanged (linked from the previous build)")
    if built.adopted:
        lines.append(f"kept {len(built.adopted)} Parquet file(s) whose content is unchanged (other pyarrow writer)")
    # an absolute path: datasets 5.2 fails on load_dataset(".") ("dataset_name should be
    # specified but got None": the folder name of "." is empty)
    if project.card_path is None:
        guess = project.out.parent / "README.md"
        lines.append(f"no card written: `--out` without `--card` writes only inside {project.out}; "
                     f"`--card {guess}` writes one (the card tells `datasets` the configs)")
        lines.append("load a config without the card (the Parquet files carry their features):")
        lines.append(f'  from datasets import load_dataset; ds = load_dataset("parquet", '
                     f'data_dir="{project.out / "articles"}")')
        return "\n".join(lines)
    where = str(project.card_dir)
    lines.append("load it:")
    lines.append(f'  from datasets import load_dataset; ds = load_dataset("{where}", "articles")')
    return "\n".join(lines)
