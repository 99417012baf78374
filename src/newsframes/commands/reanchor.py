"""`newsframes reanchor ID`: after an edit of corpus/<ID>.txt, move every span of
corpus/<ID>.json to the new text.

    newsframes reanchor <id>                  # old text from git HEAD or from the seed
    newsframes reanchor <id> --old OLD.txt    # old text given

The old text is the one the record is anchored to (its `text_sha256`): the --old file,
else corpus/<id>.txt at git HEAD, else the seed named in `source.seed` normalised as
`newsframes add` does. Spans move by a character diff; a span whose own text was edited
or deleted is refused with a located list and nothing is written (`--drop` deletes such
spans instead, listing each). The record is
written atomically with the new offsets, paragraphs and text_sha256.
Exit codes: 0 written (or nothing to do), 1 refused, 2 bad arguments or no old text.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path


def configure(p):
    p.add_argument("id", metavar="ID", help="article id (corpus/<ID>.json and corpus/<ID>.txt)")
    p.add_argument("--old", metavar="FILE", type=Path,
                   help="the text before the edit (default: corpus/<ID>.txt at git HEAD, else the seed)")
    p.add_argument("--drop", action="store_true",
                   help="delete the spans whose own words were edited or deleted (listed) instead of refusing")
    p.add_argument("--corpus", metavar="DIR", type=Path, help="corpus folder (default: corpus/ of the project)")


def _err(msg: str) -> None:
    print(f"newsframes reanchor: {msg}", file=sys.stderr)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _from_git(corpus: Path, article_id: str) -> str | None:
    from ..gitutil import GitError, git

    try:
        return git(corpus, "show", f"HEAD:./{article_id}.txt", binary=True).decode("utf-8")
    except (GitError, UnicodeDecodeError):
        return None


def _from_seed(root: Path, record: dict) -> str | None:
    from ..normalize import NormalizationError, normalize_bytes

    seed = ((record.get("source") or {}).get("seed") or {}).get("file")
    if not isinstance(seed, str):
        return None
    try:
        return normalize_bytes((root / seed).read_bytes())
    except (OSError, NormalizationError):
        return None


def old_text(args, corpus: Path, root: Path, record: dict) -> tuple[str | None, list[str]]:
    """(the old text the record is anchored to, what was tried)."""
    want = record.get("text_sha256")
    tried = []
    if args.old is not None:
        try:
            text = args.old.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return None, [f"--old {args.old}: cannot read ({exc.__class__.__name__})"]
        if _sha(text) == want:
            return text, tried
        why = (f"--old {args.old}: its SHA-256 is {_sha(text)[:12]}…, not the record's text_sha256 "
               f"{str(want)[:12]}…: the record's offsets do not point into that text")
        return None, [why]
    for name, text in (("corpus/<id>.txt at git HEAD", _from_git(corpus, args.id)),
                       ("the seed of source.seed, normalised", _from_seed(root, record))):
        if text is None:
            tried.append(f"{name}: not available")
        elif _sha(text) == want:
            return text, tried
        else:
            tried.append(f"{name}: another text (SHA-256 {_sha(text)[:12]}…)")
    return None, tried


def run(args) -> int:
    from ..jsonio import write_record
    from ..paths import corpus_and_root
    from ..reanchor.core import reanchor

    corpus, root = corpus_and_root(args.corpus)
    js, txt = corpus / f"{args.id}.json", corpus / f"{args.id}.txt"
    try:
        record = json.loads(js.read_text(encoding="utf-8"))
        new = txt.read_bytes().decode("utf-8")
    except (OSError, ValueError) as exc:
        _err(f"cannot read {js} and {txt}: {exc}")
        return 2
    if not isinstance(record, dict) or not isinstance(record.get("structure"), dict):
        _err(f"{js}: not an article record (run `newsframes validate {js}`)")
        return 2
    if _sha(new) == record.get("text_sha256"):
        print(f"{txt} is the text the record is anchored to: nothing to move")
        return 0
    old, tried = old_text(args, corpus, root, record)
    if old is None:
        _err(f"cannot find the text {js} is anchored to (text_sha256 {str(record.get('text_sha256'))[:12]}…):")
        for line in tried:
            print(f"  {line}", file=sys.stderr)
        _err("pass the text as it was before your edit with --old FILE")
        return 2
    try:
        result = reanchor(record, old, new, drop=args.drop)
    except (KeyError, TypeError) as exc:
        _err(f"{js}: a span lacks start/end ({exc}); run `newsframes validate {js}` first")
        return 2
    if result.refused and not args.drop:
        _err(f"{len(result.refused)} span(s) of {js} cannot move to the edited text (nothing was written):")
        for r in result.refused:
            print(f"  {js.name}{r.line()}", file=sys.stderr)
        _err("leave their words unedited, or re-run with --drop to delete these spans (then annotate the new "
             "words again), or restore the old text and fix the spans by hand first")
        return 1
    write_record(js, result.record)
    for r in result.refused:
        print(f"dropped {js.name}{r.line()}")
    extra = (f"; {result.dropped_sentences} sentence boundary(ies) dropped (re-run `newsframes annotate {args.id}`)"
             if result.dropped_sentences else "")
    print(f"re-anchored {js}: {result.moved} span(s) moved, {result.kept} unchanged, paragraphs and "
          f"text_sha256 updated{extra}; now run `newsframes validate {js}`")
    return 0
