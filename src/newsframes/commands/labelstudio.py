"""`newsframes labelstudio config|export|import`: the Label Studio round trip.

  config                          print the labeling config (XML) generated from the taxonomies
  export ID...                    one task per article (annotation + tool predictions), written to
                                  .labelstudio/tasks.json (git-ignored: it holds the article text)
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
    e.add_argument("--out", metavar="tasks.json",
                   help="where to write the tasks (default, unless pushing: .labelstudio/tasks.json of the project, "
                        "a git-ignored folder)")
    e.add_argument("--prelabel", action="store_true",
                   help="articles with unchecked proposals: put everything in the prediction and no annotation, so "
                        "the page opens one draft with checked items and proposals together")
    i = sub.add_parser("import", help="merge a Label Studio JSON export into the records")
    i.add_argument("export", nargs="?", metavar="EXPORT.json", help="the export file (not needed when pulling)")
    i.add_argument("--corpus", metavar="DIR", help="corpus folder (default: corpus/ of the project)")
    i.add_argument("--annotator", metavar="ls-user-ID",
                   help="with several annotators on an article: whose annotation goes into corpus/ (ls-user-<id> "
                        "or the Label Studio user id); all are written as annotation passes anyway")
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


def workdir(root: Path) -> Path:
    """The git-ignored folder of the Label Studio files (tasks, pulled state): `.labelstudio/`
    of the project, with a `.gitignore` of its own so that it stays out of git even where the
    project's .gitignore does not list it."""
    from ..jsonio import atomic_write_text
    from ..labelstudio.state import FOLDER

    d = root / FOLDER
    if d.is_symlink():
        raise OSError(f"{d} is a symbolic link: remove it (the folder of the Label Studio files is made here)")
    d.mkdir(parents=True, exist_ok=True)
    if not (d / ".gitignore").is_file():
        atomic_write_text(d / ".gitignore", "# written by `newsframes labelstudio`: article text and local state\n*\n")
    return d


def _export(args) -> int:
    from ..jsonio import atomic_write_text
    from ..labelstudio.importer import id_pattern
    from ..labelstudio.tasks import record_to_task
    from ..paths import corpus_and_root

    corpus, root = corpus_and_root(Path(args.corpus) if args.corpus else None)
    tasks, errors = [], []
    for aid in args.ids:
        if not id_pattern().match(aid):
            errors.append(f"{aid!r} is not an article id (pattern {id_pattern().pattern})")
            continue
        j, t = corpus / f"{aid}.json", corpus / f"{aid}.txt"
        if not (j.is_file() and t.is_file()):
            errors.append(f"{aid}: no {j} and {t} (give the corpus with --corpus DIR)")
            continue
        try:
            from ..jsonio import loads_guarded
            from ..safeio import read_text

            record = loads_guarded(read_text(j), str(j))
            if not isinstance(record, dict) or record.get("id") != aid:
                raise ValueError(f"its id is not {aid!r}")
            tasks.append(record_to_task(record, read_text(t), prelabel=args.prelabel))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            errors.append(f"{aid}: cannot read the record ({type(exc).__name__}: {exc}); run `newsframes validate`")
    if errors:
        for e in errors:
            print(f"{PROG} export: error: {e}", file=sys.stderr)
        return 1
    remote = _remote(args, args.out)
    try:
        out = Path(args.out) if args.out else (None if remote else workdir(root) / "tasks.json")
    except OSError as exc:
        return _fail(str(exc))
    if out is not None:
        try:
            atomic_write_text(out, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
        except OSError as exc:
            return _fail(f"{out}: cannot write ({exc.strerror or exc}); nothing was written")
        print(f"wrote {len(tasks)} task(s) to {out}")
    if remote:
        from ..labelstudio.config import build_config
        from ..labelstudio.server import ServerError, client, push
        try:
            pid, n = push(client(args.url, args.token), tasks, build_config(), args.project, args.title)
        except ServerError as exc:
            return _fail(str(exc))
        print(f"pushed {n} task(s) to project {pid}")
    return 0


def _read_export(path: str):
    """The export file's JSON, or an error message (regular files only: a FIFO or a device is
    refused, not read; nesting past the limit is refused before parsing)."""
    from ..jsonio import TooDeep, loads_guarded
    from ..safeio import read_text

    try:
        return loads_guarded(read_text(path), path), None
    except TooDeep as exc:
        return None, f"{exc}: export the project again as JSON"
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        return None, f"{path}: cannot read a JSON export ({exc}): export the project as JSON"


def _import(args) -> int:
    from ..labelstudio.importer import import_export
    from ..paths import corpus_and_root

    corpus, root = corpus_and_root(Path(args.corpus) if args.corpus else None)
    if args.export:
        tasks, problem = _read_export(args.export)
        if problem:
            return _fail(problem)
        where = args.export
    elif _remote(args, None):
        if args.project is None:
            return _fail("give --project N to pull from the server")
        from ..labelstudio.server import ServerError, client, pull
        try:
            tasks = pull(client(args.url, args.token), args.project)
        except ServerError as exc:
            return _fail(str(exc))
        where = f"project {args.project}"
    else:
        return _fail("give EXPORT.json, or --url/--token/--project to pull from a server")
    from ..formats.problems import shown  # an export's strings (region ids, ...) may hold escape sequences

    out = import_export(tasks, corpus, root, args.annotator, where)
    for n in out.notes:
        print(f"note: {shown(n)}")
    for s in out.skipped:
        print(f"skipped: {shown(s)}")
    if out.errors:
        for e in out.errors:
            print(f"{PROG} import: error: {shown(e)}", file=sys.stderr)
        print(f"{len(out.errors)} error(s); nothing written", file=sys.stderr)
        return 1
    if not args.dry_run:
        problem = _write_all(out, root)
        if problem:
            return _fail(problem + "; nothing written")
    for path in sorted(out.writes):
        print(f"{'would write' if args.dry_run else 'wrote'} {path}")
    records = [p for p in out.writes if p.suffix == ".json" and p.parent.name != "state"]
    print(f"{len(records)} file(s) {'to write (dry run)' if args.dry_run else 'written'}, "
          f"{len(out.unchanged)} record(s) unchanged; next: newsframes validate")
    return 0


def _write_all(out, root: Path) -> str | None:
    """Write every file of the import, or none: one import at a time (a lock in .labelstudio/),
    each target inside the project, each file still as it was read, all staged before any is
    replaced."""
    import fcntl
    import os

    from ..jsonio import Staged
    from ..labelstudio.state import FOLDER

    top = root.resolve()
    state = root / FOLDER / "state"
    if state.is_symlink() and any(_is_state(p, root) for p in out.writes):  # would write through it
        return f"{state} is a symbolic link (to {state.resolve()}): remove it, the pulled state is written there"
    for path in out.writes:
        if not path.parent.resolve().is_relative_to(top) or (path.is_symlink() and not path.resolve().is_relative_to(top)):
            return f"{path} lies outside the project {top} (a symbolic link?)"
    try:  # never follows a link, never truncates: the lock file's bytes do not matter
        fd = os.open(workdir(root) / "import.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        return f"cannot make the lock {root / '.labelstudio' / 'import.lock'}: {exc.strerror or exc}"
    with os.fdopen(fd, "r+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return "another `newsframes labelstudio import` is writing into this project; run again when it is done"
        for path, data in out.expect.items():
            if path in out.writes and _now(path) != data:
                return f"{path} changed while the import ran; run the import again"
        staged = []
        try:
            # the state sidecars last: a sidecar says what the records hold after this pull, so
            # a kill between the renames must never leave a sidecar newer than its records (the
            # next pull would take the annotation as already pulled and deleted in the JSON)
            for path, text in sorted(out.writes.items(), key=lambda kv: (_is_state(kv[0], root), str(kv[0]))):
                staged.append(Staged(path, text.encode("utf-8")))
        except OSError as exc:
            for s in staged:
                s.discard()
            return f"cannot write {exc.filename or ''}: {exc.strerror or exc}"
        for s in staged:
            s.commit()
    return None


def _is_state(path: Path, root: Path) -> bool:
    from ..labelstudio.state import FOLDER

    return path.parent == root / FOLDER / "state"


def _now(path: Path) -> bytes | None:
    from ..safeio import read_bytes

    try:
        return read_bytes(path)
    except FileNotFoundError:
        return None
    except OSError:  # no longer a regular file
        return b""
