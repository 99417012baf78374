"""`newsframes validate [PATH...]`: check records at four levels (file, schema, article,
corpus) and print every problem; exit 0 valid, 1 invalid, 2 usage error."""

from __future__ import annotations

import sys
from pathlib import Path


def configure(p):
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="corpus folders or record files (<id>.json); default: corpus/")
    p.add_argument("--format", choices=("text", "json", "github"), default="text",
                   help="output: one line per issue (default), a JSON object, or GitHub workflow commands")
    p.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    p.add_argument("--changed-since", metavar="REF",
                   help="check only records changed since the git revision REF (plus untracked), "
                        "and the corpus-level checks over the whole corpus")
    p.add_argument("--base", metavar="REF",
                   help="take as valid the records and passes git reports unchanged since the merge base of REF "
                        "and HEAD (which the base's full check validated: docs/caches.md): check the others at "
                        "every level and the corpus-level checks over the whole corpus, with the facts of the "
                        "unchanged records from the base's data/MANIFEST.json. Used only when nothing but data "
                        "changed since; otherwise everything is checked and a notice says why")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="validate files in N processes (default: one per CPU core when there are "
                        "more than 200 files, else 1)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the token-boundary cache")
    p.add_argument("--catalogue", action="store_true",
                   help="print the error-code catalogue as Markdown (schema/ERRORS.md) and exit")


def run(args) -> int:
    from ..dataset.project import BuildError
    from ..validate import UsageError, validate_changed, validate_paths
    from ..validate.issues import catalogue_markdown

    if args.catalogue:
        sys.stdout.write(catalogue_markdown())
        return 0
    if args.jobs is not None and args.jobs < 1:
        print("newsframes validate: error: --jobs must be at least 1", file=sys.stderr)
        return 2
    paths = args.paths or ["corpus"]
    if args.base is not None and (args.changed_since or len(paths) != 1 or not Path(paths[0]).is_dir()):
        print("newsframes validate: error: --base takes one corpus folder (default: corpus/), without "
              "--changed-since", file=sys.stderr)
        return 2
    try:
        if args.base is not None:  # an empty REF is refused, never taken as no base
            report = _validate_base(Path(paths[0]), args.base, jobs=args.jobs, cache=not args.no_cache)
        elif args.changed_since:
            if len(paths) != 1 or not Path(paths[0]).is_dir():
                raise UsageError("--changed-since takes one corpus folder (default: corpus/)")
            report = validate_changed(Path(paths[0]), args.changed_since, jobs=args.jobs,
                                      cache=not args.no_cache)
        else:
            report = validate_paths(paths, jobs=args.jobs, cache=not args.no_cache)
    except (UsageError, BuildError) as exc:
        print(f"newsframes validate: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - never a traceback; per-file failures are NF199 records
        print(f"newsframes validate: NF199 internal-error {type(exc).__name__}: {exc} — hint: please "
              "report it", file=sys.stderr)
        return 1
    sys.stdout.write(report.format(args.format))
    return report.exit_code(strict=args.strict)


def _validate_base(corpus: Path, ref: str, *, jobs: int | None, cache: bool):
    """`--base REF`: the records and passes unchanged since the base are valid as it
    validated them (`validate.baselookup`); the base is that of `build --check --base`."""
    from ..dataset.gate import lookup_for, open_base
    from ..dataset.project import Project
    from ..paths import project_root
    from ..store import Store
    from ..validate import validate_corpus

    root = project_root(corpus)
    project = Project(corpus=corpus.resolve(), out=root / "data", root=root)
    base, why_not = open_base(project, ref)
    if why_not:
        print(f"newsframes validate: notice: --base {ref}: not used ({why_not}); every record is checked",
              file=sys.stderr)
    config, lookup = lookup_for(project, Store.default() if cache else None, base)
    report = validate_corpus(corpus, project_root=root, jobs=jobs, config=config, lookup=lookup)
    if lookup is not None:
        lookup.save()
    return report
