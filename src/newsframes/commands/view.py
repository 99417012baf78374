"""`newsframes view ID [-o FILE.html] [--corpus DIR]`: write one self-contained HTML page
to review an article (text with highlighted spans, tables of every layer, provenance,
source metadata). Default output: `<id>.html` in the current directory."""

from __future__ import annotations

import difflib
import json
import re
import sys
from pathlib import Path

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,80}\Z")


def configure(p):
    p.add_argument("id", metavar="ID", help="article id (corpus/<ID>.json), or the path of a record file")
    p.add_argument("-o", "--output", metavar="FILE.html",
                   help="where to write the page (default: <ID>.html in the current directory; - for stdout)")
    p.add_argument("--corpus", metavar="DIR", help="corpus folder (default: corpus/ of the project)")


def _fail(message: str) -> int:
    print(f"newsframes view: {message}", file=sys.stderr)
    return 1


def _locate(arg: str, corpus_opt: str | None) -> tuple[Path | None, str | None]:
    """(record path, None) or (None, error message)."""
    from ..paths import project_root

    as_path = Path(arg)
    if arg.endswith(".json") and as_path.is_file():
        return as_path, None
    corpus = Path(corpus_opt) if corpus_opt else project_root() / "corpus"
    if not corpus.is_dir():
        return None, f"corpus folder {corpus} does not exist (give one with --corpus DIR)"
    if not _ID.match(arg):
        return None, (f"{arg!r} is not an article id (lower-case letters, digits and '-', "
                      "3 to 81 characters) nor a record file")
    path = corpus / f"{arg}.json"
    if path.exists() and not path.is_file():
        from ..safeio import kind

        return None, (f"{path}: NF101 not a regular file ({kind(path.stat().st_mode)}); "
                      "run `newsframes validate`")
    if not path.is_file():
        known = sorted(p.stem for p in corpus.glob("*.json"))
        hint = difflib.get_close_matches(arg, known, n=3)
        more = f"; did you mean {', '.join(hint)}?" if hint else (
            f"; known ids: {', '.join(known[:10])}{' …' if len(known) > 10 else ''}" if known
            else "; the corpus folder holds no records")
        return None, f"no article {arg!r} in {corpus} (no file {path.name}){more}"
    return path, None


def withheld_notice(record: dict) -> str | None:
    """The warning for a page holding a text the rights policy withholds (docs/rights.md),
    or None. A policy that cannot be read is named too: the page may then hold such text."""
    from ..rights import RightsError, default_policy

    source = record.get("source") if isinstance(record.get("source"), dict) else {}
    rights = source.get("rights") if isinstance(source.get("rights"), dict) else {}
    status = rights.get("status")
    try:
        allowed = default_policy().text_allowed(status)
    except RightsError:
        return ("This page holds the article's full text, and the rights policy (schema/rights.json) cannot be read "
                "to tell whether it may be shared: for review only; do not publish or share this page.")
    if allowed:
        return None
    return (f"This page holds the article's full text, which the rights policy (schema/rights.json) withholds "
            f"from the published dataset (rights status: {status}): for review only; do not publish, upload or "
            "share this page (docs/rights.md).")


def run(args) -> int:
    from ..jsonio import TooDeep, atomic_write_text, loads_guarded
    from ..safeio import NotRegularFile, read_bytes
    from ..taxonomy import load_taxonomies
    from ..view import render_page

    path, error = _locate(args.id, args.corpus)
    if error:
        return _fail(error)
    txt_path = path.with_suffix(".txt")
    try:
        record = loads_guarded(read_bytes(path).decode("utf-8"), str(path))
    except TooDeep as exc:
        return _fail(f"{exc}; run `newsframes validate`")
    except NotRegularFile as exc:
        return _fail(f"{path}: NF101 {exc.strerror}; run `newsframes validate`")
    except UnicodeDecodeError as exc:
        return _fail(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start}); run `newsframes validate`")
    except json.JSONDecodeError as exc:
        return _fail(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}); run `newsframes validate`")
    except OSError as exc:
        return _fail(f"{path}: cannot read ({exc.strerror})")
    if not isinstance(record, dict):
        return _fail(f"{path}: the record is not a JSON object; run `newsframes validate`")
    from ..validate.l1_file import check_strings

    lone = []
    check_strings(record, "", str(path), lone)
    lone = [i for i in lone if i.code == "NF117"]
    if lone:  # cannot be written as UTF-8: the page could not be either
        return _fail(f"{path}:{lone[0].pointer}: NF117 {lone[0].message}; run `newsframes validate`")
    try:
        text = read_bytes(txt_path).decode("utf-8")
    except NotRegularFile as exc:
        return _fail(f"{txt_path}: NF101 {exc.strerror}; run `newsframes validate`")
    except FileNotFoundError:
        return _fail(f"{txt_path}: missing (every corpus/<id>.json needs its corpus/<id>.txt)")
    except UnicodeDecodeError as exc:
        return _fail(f"{txt_path}: not UTF-8 ({exc.reason} at byte {exc.start}); run `newsframes validate`")
    except OSError as exc:
        return _fail(f"{txt_path}: cannot read ({exc.strerror})")

    problems = []
    if record.get("id") != path.stem:
        problems.append(f"the record's id {record.get('id')!r} differs from its file name {path.name!r}")
    notice = withheld_notice(record)
    page = render_page(record, text, load_taxonomies(), problems, notice)
    if notice:
        print(f"newsframes view: {notice}", file=sys.stderr)

    if args.output == "-":
        sys.stdout.write(page)
        return 0
    out = Path(args.output) if args.output else Path.cwd() / f"{path.stem}.html"
    try:
        atomic_write_text(out, page)
    except OSError as exc:
        return _fail(f"{out}: cannot write ({exc.strerror})")
    print(out)
    return 0
