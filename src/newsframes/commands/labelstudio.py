"""`newsframes labelstudio config|export|import`: the Label Studio round trip.

  config                          print the labeling config (XML) generated from the taxonomies
  export ID... --out tasks.json   one task per article (annotation + tool predictions)
  import EXPORT.json              merge a Label Studio JSON export back into the records
With --url/--token (or LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY), export pushes the tasks
to a running server and import pulls the project's export (needs the `labelstudio` extra)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

PROG = "newsframes labelstudio"


def configure(p):
    sub = p.add_subparsers(dest="ls_command", metavar="ACTION", parser_class=type(p))
    sub.required = True
    sub.add_parser("config", help="print the labeling config (XML)")
    e = sub.add_parser("export", help="write (or push) one task per article")
    e.add_argument("ids", nargs="+", metavar="ID", help="article ids (corpus/<ID>.json)")
    e.add_argument("--corpus", metavar="DIR", help="corpus folder (default: corpus/ of the project)")
    e.add_argument("--out", metavar="tasks.json", help="where to write the tasks (needed unless pushing)")
    e.add_argument("--prelabel", action="store_true",
                   help="articles with unchecked proposals: put everything in the prediction and no annotation, so "
                        "the page opens one draft with checked items and proposals together")
    i = sub.add_parser("import", help="merge a Label Studio JSON export into the records")
    i.add_argument("export", nargs="?", metavar="EXPORT.json", help="the export file (not needed when pulling)")
    i.add_argument("--corpus", metavar="DIR", help="corpus folder (default: corpus/ of the project)")
    i.add_argument("--annotator", metavar="NAME",
                   help="with several annotators on a task: whose annotation goes into corpus/ (ls-<NAME> slug, "
                        "e-mail local part or user<id>); all are written as annotation passes anyway")
    i.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    for q in (e, i):
        q.add_argument("--url", help="Label Studio server (or env LABEL_STUDIO_URL)")
        q.add_argument("--token", help="API token (or env LABEL_STUDIO_API_KEY)")
        q.add_argument("--project", type=int, metavar="N", help="project id on the server (export: default a new one)")
    e.add_argument("--title", default="newsframes", help="title of a new project (default: newsframes)")


def _fail(msg: str) -> int:
    print(f"{PROG}: error: {msg}", file=sys.stderr)
    return 1


def _remote(args, local) -> bool:
    """Talk to a server: --url/--token given, or no local file named and the env variables set."""
    import os

    from ..labelstudio.server import TOKEN_ENV, URL_ENV
    return bool(args.url or args.token or (not local and os.environ.get(URL_ENV) and os.environ.get(TOKEN_ENV)))


def run(args) -> int:
    if args.ls_command == "config":
        from ..labelstudio.config import build_config
        sys.stdout.write(build_config())
        return 0
    if args.ls_command == "export":
        return _export(args)
    return _import(args)


def _export(args) -> int:
    from ..jsonio import atomic_write_text
    from ..labelstudio.tasks import record_to_task
    from ..paths import corpus_and_root

    corpus, _ = corpus_and_root(Path(args.corpus) if args.corpus else None)
    tasks, errors = [], []
    for aid in args.ids:
        j, t = corpus / f"{aid}.json", corpus / f"{aid}.txt"
        if not (j.is_file() and t.is_file()):
            errors.append(f"{aid}: no {j} and {t} (give the corpus with --corpus DIR)")
            continue
        try:
            tasks.append(record_to_task(json.loads(j.read_text(encoding="utf-8")), t.read_text(encoding="utf-8"),
                                        prelabel=args.prelabel))
        except (ValueError, KeyError, TypeError) as exc:
            errors.append(f"{aid}: cannot read the record ({type(exc).__name__}: {exc}); run `newsframes validate`")
    if errors:
        for e in errors:
            print(f"{PROG} export: error: {e}", file=sys.stderr)
        return 1
    remote = _remote(args, args.out)
    if not args.out and not remote:
        return _fail("give --out tasks.json, or --url/--token to push to a server")
    if args.out:
        try:
            atomic_write_text(Path(args.out), json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
        except OSError as exc:  # a folder or FIFO in the way, no space, no permission
            return _fail(f"{args.out}: cannot write ({exc.strerror or exc}); nothing was written")
        print(f"wrote {len(tasks)} task(s) to {args.out}")
    if remote:
        from ..labelstudio.config import build_config
        from ..labelstudio.server import ServerError, client, push
        try:
            pid, n = push(client(args.url, args.token), tasks, build_config(), args.project, args.title)
        except ServerError as exc:
            return _fail(str(exc))
        print(f"pushed {n} task(s) to project {pid}")
    return 0


def _import(args) -> int:
    from ..jsonio import atomic_write_text
    from ..labelstudio.importer import import_export
    from ..paths import corpus_and_root

    corpus, root = corpus_and_root(Path(args.corpus) if args.corpus else None)
    if args.export:
        try:
            tasks = json.loads(Path(args.export).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return _fail(f"{args.export}: cannot read a JSON export ({exc}): export the project as JSON")
    elif _remote(args, None):
        if args.project is None:
            return _fail("give --project N to pull from the server")
        from ..labelstudio.server import ServerError, client, pull
        try:
            tasks = pull(client(args.url, args.token), args.project)
        except ServerError as exc:
            return _fail(str(exc))
    else:
        return _fail("give EXPORT.json, or --url/--token/--project to pull from a server")
    out = import_export(tasks, corpus, root / "annotations", args.annotator)
    for n in out.notes:
        print(f"note: {n}")
    for s in out.skipped:
        print(f"skipped: {s}")
    if out.errors:
        for e in out.errors:
            print(f"{PROG} import: error: {e}", file=sys.stderr)
        print(f"{len(out.errors)} error(s); nothing written", file=sys.stderr)
        return 1
    if not args.dry_run:
        for path, text in sorted(out.writes.items()):
            atomic_write_text(path, text)
    for path in sorted(out.writes):
        print(f"{'would write' if args.dry_run else 'wrote'} {path}")
    print(f"{len(out.writes)} file(s) {'to write (dry run)' if args.dry_run else 'written'}, "
          f"{len(out.unchanged)} record(s) unchanged; next: newsframes validate")
    return 0
