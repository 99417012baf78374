"""`newsframes annotate ID`: spaCy pre-annotation of one record.

Adds unchecked proposals (`source` = `tool:<name>/<version>`) for sentences
(structure.sentences), entity mentions (+ entity clusters) and TIMEX3 expressions.
Manual and checked (`tool+manual:`) annotations are never changed; re-running replaces
only the earlier `tool:` proposals, so the same input gives the same record byte for
byte. `--model auto` (default) uses `en_core_web_sm` when it is installed, `--model none`
never uses a trained model, `--model NAME` requires that package.
Exit codes: 0 done, 1 refused (nothing written), 2 bad arguments.
"""

from __future__ import annotations

import copy
import hashlib
import re
import sys
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{2,80}\Z")


class AnnotateError(Exception):
    def __init__(self, code: str, message: str, exit_code: int = 1):
        super().__init__(message)
        self.code = code
        self.exit_code = exit_code


def configure(p):
    p.add_argument("id", help="record id (corpus/<id>.json)")
    p.add_argument("--model", default="auto",
                   help="trained spaCy pipeline: auto (en_core_web_sm if installed), none, or a package name")
    p.add_argument("--corpus", metavar="DIR", help="corpus folder (default: <project root>/corpus)")


def _schema_errors(record: dict) -> set[tuple[str, str]]:
    from jsonschema import Draft202012Validator

    from ..jsonio import _schema
    v = Draft202012Validator(_schema())
    return {("/" + "/".join(str(p) for p in e.absolute_path), e.message) for e in v.iter_errors(record)}


def _load(corpus: Path, article_id: str) -> tuple[Path, dict, str]:
    from ..jsonio import MAX_DEPTH, TooDeep, loads_strict, nesting_depth
    from ..safeio import read_text

    js, txt = corpus / f"{article_id}.json", corpus / f"{article_id}.txt"
    for path in (js, txt):
        if path.exists() and not path.is_file():
            raise AnnotateError("NF-ANN-READ", f"{path}: NF101 not a regular file; run `newsframes validate`")
    if not js.is_file():
        raise AnnotateError("NF-ANN-UNKNOWN", f"{js}: no such record (add it first with `newsframes add`)")
    if not txt.is_file():
        raise AnnotateError("NF-ANN-TEXT", f"{txt}: the record's text file is missing")
    try:
        raw = read_text(js)  # a regular file only (is_file above; no FIFO swapped in since)
        if nesting_depth(raw) > MAX_DEPTH:
            raise TooDeep()
        record = loads_strict(raw)
        text = read_text(txt)
    except (ValueError, UnicodeDecodeError) as exc:
        raise AnnotateError("NF-ANN-READ", f"{js}: unreadable ({exc}); run `newsframes validate`") from None
    shape = isinstance(record, dict) and isinstance(record.get("structure"), dict) and all(
        isinstance(record.get(k), list) for k in ("entities", "mentions", "timexes", "claims")) and isinstance(
        record["structure"].get("sentences"), list)
    if not shape:
        raise AnnotateError("NF-ANN-SHAPE", f"{js}: not a record of the expected shape; run `newsframes validate`")
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != record.get("text_sha256"):
        raise AnnotateError("NF-ANN-HASH", f"{js}: /text_sha256 does not match {txt.name}; the text was edited "
                            f"after the spans were anchored — run `newsframes reanchor {article_id}` first")
    return js, record, text


def _model_choice(arg: str) -> str | None:
    from ..annotate.pipeline import model_installed
    if arg == "none":
        return None
    if arg == "auto":
        return DEFAULT_MODEL if model_installed(DEFAULT_MODEL) else None
    return arg


def annotate_record(record: dict, text: str, corpus: Path, model: str | None) -> tuple[dict, dict]:
    """Return (new record, summary); the input record is not modified."""
    from .. import __version__
    from ..annotate import entities, merge, pipeline, sentences, timex
    from ..taxonomy import load_taxonomies

    patterns = entities.corpus_patterns(corpus, record.get("id", ""), record)
    pipes = pipeline.build(patterns, model, record.get("language") or "en")
    tags = pipes.tags
    doc = pipes.base(text)
    new = copy.deepcopy(record)
    summary = {"model": pipes.tags.get("model"), "patterns": len(patterns), "words": len(text.split())}
    summary["sentences"] = merge.merge_sentences(new, sentences.proposals(doc, tags["sentences"]))
    ent_doc = pipes.model(text) if pipes.model is not None else doc
    props = entities.proposals(ent_doc, tags["ruler"], tags.get("model"), set(load_taxonomies().entity_types),
                               entities.pattern_notes(patterns))
    summary["mentions"] = merge.merge_mentions(new, props)
    published = ((new.get("source") or {}).get("published") or {}).get("date")
    tprops, unanchored = timex.proposals(doc, published, tags["timex"])
    summary["timexes"] = merge.merge_timexes(new, tprops)
    summary["timexes"]["unanchored"] = unanchored
    summary["published"] = published
    note = (f"Pre-annotated by `newsframes annotate` {__version__} (spaCy sentences, entity ruler"
            f"{', trained NER' if model else ''}, rule-based TIMEX3); unchecked proposals carry `tool:` sources.")
    ann = new.get("annotation")
    if isinstance(ann, dict) and isinstance(ann.get("method"), str):
        method = re.sub(r"\s*Pre-annotated by `newsframes annotate`[^;]*; unchecked proposals carry `tool:` sources\.",
                        "", ann["method"])
        ann["method"] = f"{method} {note}".strip()
    return new, summary


def _run(args) -> int:
    from ..annotate.pipeline import ModelNotFound
    from ..jsonio import canonical_dumps, write_record
    from ..paths import project_root

    if not ID_PATTERN.match(args.id):
        raise AnnotateError("NF-ANN-ID", f"bad id {args.id!r}: ids match ^[a-z0-9][a-z0-9-]{{2,80}}$", 2)
    corpus = Path(args.corpus) if args.corpus else project_root() / "corpus"
    js, record, text = _load(corpus, args.id)
    model = _model_choice(args.model)
    before = _schema_errors(record)
    try:
        new, s = annotate_record(record, text, corpus, model)
    except ModelNotFound as exc:
        raise AnnotateError("NF-ANN-MODEL", str(exc)) from None
    added = _schema_errors(new) - before
    if added:
        shown = "; ".join(f"{p}: {m}" for p, m in sorted(added)[:5])
        raise AnnotateError("NF-ANN-INVALID", f"{js}: the proposals would make the record invalid ({shown}); "
                            "nothing written — please report this as a bug")
    out = canonical_dumps(new)
    changed = out != js.read_text(encoding="utf-8")
    if changed:
        write_record(js, new)
    sm, mm, tm = s["sentences"], s["mentions"], s["timexes"]
    print(f"{js}: {'updated' if changed else 'unchanged'} ({s['words']} words)")
    print(f"  sentences: {sm['added']} proposed, {sm['kept']} manual kept, {sm['skipped']} skipped (overlap)")
    print(f"  mentions:  {mm['added']} proposed ({mm['entities_added']} new entities), {mm['kept']} manual kept, "
          f"{mm['skipped']} skipped (overlap); entity ruler: {s['patterns']} patterns from the corpus")
    print(f"  timexes:   {tm['added']} proposed, {tm['kept']} manual kept, {tm['skipped']} skipped (overlap)"
          + (f"; anchored to {s['published']}" if s["published"] else
             "; no publication date: relative dates get the undated values of GUIDELINES §9 "
             "(\"on Tuesday\" XXXX-WXX-2, \"next spring\" XXXX-SP)")
          + (f"; {tm['unanchored']} relative expression(s) with no value the publication date allows "
             "(a relative quarter, decade or century) left for you" if tm["unanchored"] else ""))
    print(f"  model: {s['model']}" if s["model"] else
          f"  model: none (no trained spaCy pipeline used; {DEFAULT_MODEL} is not installed)"
          if args.model == "auto" else "  model: none (--model none)")
    return 0


def run(args) -> int:
    try:
        return _run(args)
    except AnnotateError as exc:
        print(f"newsframes annotate: error [{exc.code}] {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        print(f"newsframes annotate: error [NF-ANN-IO] {exc}", file=sys.stderr)
        return 1
