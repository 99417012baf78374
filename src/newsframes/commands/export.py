"""`newsframes export spacy|croissant|semeval2023|ptc|semeval2025|brat`: formats researchers
train, catalogue and score with.

    newsframes export spacy --out exports/spacy [--corpus corpus] [--full-text]
    newsframes export croissant --out data/croissant.json [--data data]
    newsframes export semeval2023 --corpus corpus --out exports/semeval2023   (also ptc, semeval2025, brat)

The shared-task formats are written in their released layout (see docs/formats.md), into
a new folder (temporary folder + rename: nothing half-written).
"""

from __future__ import annotations

import sys
from pathlib import Path

MAX_WARNINGS_SHOWN = 50


def configure(p):
    sub = p.add_subparsers(dest="format", metavar="FORMAT")
    s = sub.add_parser("spacy", help="one spaCy DocBin per split (train/validation/test.spacy)",
                       description="Write DIR/train.spacy, DIR/validation.spacy and DIR/test.spacy "
                                   "(an empty split gives an empty DocBin). See configs/spacy/README.md.")
    s.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    s.add_argument("--corpus", type=Path, metavar="DIR", help="corpus folder (default: corpus/ of the project)")
    s.add_argument("--full-text", action="store_true",
                   help="also export the articles whose text the rights policy (schema/rights.json) withholds; "
                        "by default they are left out. For your own use: never publish or share those DocBins")
    c = sub.add_parser("croissant", help="Croissant 1.0 JSON-LD metadata for the Parquet files of data/",
                       description="Describe data/<config>/<split>-*.parquet as Croissant 1.0 JSON-LD.")
    c.add_argument("--out", required=True, type=Path, metavar="FILE", help="output .json file")
    c.add_argument("--data", type=Path, default=None, metavar="DIR", help="built data folder (default: data/ of the project)")
    c.add_argument("--version", dest="dataset_version", default=None, metavar="VERSION",
                   help="dataset version (default: `version` in data/MANIFEST.json, else the package version)")
    c.add_argument("--license", default=None, help="licence URL (default: CC BY 4.0, the annotations' licence)")
    c.add_argument("--url", default=None, help="dataset home page (omitted when not given)")
    c.add_argument("--date-published", default=None, metavar="YYYY-MM-DD",
                   help="release date (omitted when not given; never taken from the clock)")
    from ..formats import FORMATS
    for fmt in FORMATS:
        f = sub.add_parser(fmt, help=f"the {fmt} shared-task layout (see docs/formats.md)",
                           description=f"Write the corpus in the {fmt} layout, so its official scorer takes the "
                                       "files as they are. See docs/formats.md.")
        f.add_argument("--corpus", type=Path, metavar="DIR", help="corpus folder (default: corpus/ of the project)")
        f.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder (new or empty)")
        f.add_argument("--predictions", type=Path, metavar="FILE",
                       help="a model's predictions (JSON Lines of technique rows, article labels, entity roles or "
                            "narratives, as the built configs' rows): write them as the format's label files "
                            "instead of the records' annotations (see docs/formats.md)")
        f.add_argument("--like", type=Path, metavar="GOLD",
                       help="a gold file or folder in the format's layout: write its articles, in its line order "
                            "and with its line ends (default: the order of the label files kept at import)")


def _run_spacy(args) -> int:
    from ..export.spacy_docbin import ExportError, export_spacy
    from ..paths import project_root

    corpus = args.corpus or project_root() / "corpus"
    try:
        counts = export_spacy(corpus, args.out, full_text=args.full_text)
    except ExportError as exc:
        print(f"newsframes export spacy: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder or FIFO in the way of a DocBin, no space, no permission
        print(f"newsframes export spacy: cannot write: {exc}", file=sys.stderr)
        return 1
    _print_capped(counts["warnings"], "warning: ")
    for line in rights_notices(counts, "`newsframes export spacy --full-text`"):
        print(f"newsframes export spacy: {line}", file=sys.stderr)
    docs = counts["docs"]
    print("docs: " + ", ".join(f"{s} {n}" for s, n in docs.items()))
    print(f"entities in doc.ents: {counts['ents']} of {counts['mentions']} mentions; "
          f"overlapping mentions kept in span group 'mentions_overlap': {counts['overlaps_kept_in_group']}")
    print("span groups: " + ", ".join(f"{g} {n}" for g, n in counts["spans"].items()))
    print(f"misaligned spans (expanded to token boundaries): {counts['misaligned_spans']}; "
          f"unplaceable spans: {counts['unplaceable_spans']}; "
          f"misaligned sentence starts: {counts['misaligned_sentence_starts']}")
    for split, path in counts["files"].items():
        note = " (empty split)" if docs[split] == 0 else ""
        print(f"wrote {path}{note}")
    return 0


def _run_croissant(args) -> int:
    from .. import __version__
    from ..export.croissant import (
        CroissantError,
        citation_from_cff,
        export_croissant,
        manifest_terms,
        manifest_version,
    )
    from ..paths import project_root

    root = project_root()
    data = args.data or root / "data"
    version = args.dataset_version or manifest_version(data) or __version__
    cite = citation_from_cff(root / "CITATION.cff", version)
    kwargs = {"cite_as": cite, "url": args.url, "date_published": args.date_published,
              **manifest_terms(data, cite)}  # the build's own account of whose annotations, under what licence
    if args.license:
        kwargs["license"] = args.license
    try:
        export_croissant(data, args.out, version=version, **kwargs)
    except CroissantError as exc:
        print(f"newsframes export croissant: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder or FIFO in the way, no space, no permission
        print(f"newsframes export croissant: cannot write: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}")
    return 0


def _run_format(args) -> int:
    from ..formats import exporter
    from ..formats.exports import Layout, load_for_export, write_tree
    from ..formats.predictions import GoldError, PredictionError, Predictions, gold_keys, read_rows
    from ..paths import project_root

    corpus = Path(args.corpus or project_root() / "corpus")
    where = f"newsframes export {args.format}"
    if not corpus.is_dir():
        print(f"{where}: {corpus}: not a folder", file=sys.stderr)
        return 2
    if args.like is not None and not args.like.exists():
        print(f"{where}: --like {args.like}: no such file or folder", file=sys.stderr)
        return 2
    report: list[str] = []
    shape = (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError)
    try:
        items = load_for_export(corpus, args.format, report)
    except shape as exc:
        print(f"{where}: cannot read the corpus ({exc.__class__.__name__}: {exc}); run `newsframes validate "
              f"{corpus}` and fix what it reports; nothing written", file=sys.stderr)
        return 1
    mod = exporter(args.format)
    if args.predictions is not None:
        try:
            preds = Predictions(read_rows(args.predictions), str(args.predictions))
        except PredictionError as exc:
            print(f"{where}: {exc}", file=sys.stderr)
            return 1
        if args.like is None:
            items = [x for x in items if x.record["id"] in preds.by_article]
        unknown = sorted(set(preds.by_article) - {x.record["id"] for x in items})
        report += [f"predictions for {a}: no such record in {corpus}" for a in unknown[:20]]
    if args.like is not None:
        try:
            keys = gold_keys(args.like, args.format)
        except GoldError as exc:
            print(f"{where}: {exc}; nothing written", file=sys.stderr)
            return 1
        items = [x for x in items if mod.key_of(x) in keys]
        if not items:
            print(f"{where}: no record of {corpus} is an article of --like {args.like}", file=sys.stderr)
            return 1
    if args.predictions is not None and preds.by_article and not set(preds.by_article) & {
            x.record["id"] for x in items}:
        named = sorted(preds.by_article)
        print(f"{where}: none of the {len(named)} article(s) the predictions name ({', '.join(map(repr, named[:3]))}"
              f"{', ...' if len(named) > 3 else ''}) is a record of {corpus}"
              + (f" and an article of --like {args.like}" if args.like is not None else "")
              + ": predictions give record ids (`article_id`/`id` as in the built data); nothing written",
              file=sys.stderr)
        return 1
    if args.predictions is not None:
        items = [preds.apply(x, report) for x in items]
    layout = Layout(args.format, corpus.resolve().parent / "seeds", args.like)
    try:
        files = mod.export(items, report, layout, articles=args.predictions is None)
    except GoldError as exc:
        print(f"{where}: {exc}; nothing written", file=sys.stderr)
        return 1
    except shape as exc:  # a record the validator would refuse (export reads records as they are)
        print(f"{where}: a record does not have the shape of a valid record ({exc.__class__.__name__}: {exc}); "
              f"run `newsframes validate {corpus}`; nothing written", file=sys.stderr)
        return 1
    report += layout.report
    try:
        write_tree(args.out, files)
    except (FileExistsError, OSError) as exc:
        print(f"{where}: {exc}; nothing written", file=sys.stderr)
        return 1
    _print_capped(report, "not exported as is: ", more="")
    print(f"wrote {len(files)} file(s) for {len(items)} record(s) to {args.out}"
          + (f"; {len(report)} thing(s) the format cannot carry or the gold has no place for, listed above"
             if report else ""))
    return 0


def run(args) -> int:
    from ..formats import FORMATS
    if args.format in FORMATS:
        return _run_format(args)
    if args.format == "spacy":
        return _run_spacy(args)
    if args.format == "croissant":
        return _run_croissant(args)
    print("newsframes export: choose a format: spacy, croissant, " + ", ".join(FORMATS) + " (see --help)",
          file=sys.stderr)
    return 2


def rights_notices(counts: dict, how: str) -> list[str]:
    """What the spaCy export says about the rights policy: the articles it left out, or,
    loudly, the withheld texts a full-text export holds (docs/rights.md)."""
    out = []
    if counts["withheld"]:
        n = len(counts["withheld"])
        out.append(f"notice: {n} article(s) left out of the DocBins: the rights policy (schema/rights.json) withholds "
                   f"their text: {_listed(counts['withheld'])}; {how} includes them for your own use (docs/rights.md)")
    if counts["withheld_included"]:
        n = len(counts["withheld_included"])
        out.append(f"NOTICE: these DocBins hold the full text of {n} article(s) whose text the rights policy "
                   f"(schema/rights.json) withholds: {_listed(counts['withheld_included'])}. They are for your own "
                   "use: do not publish, upload or share them (docs/rights.md)")
    return out


def _listed(items: list[str], most: int = 10) -> str:
    return ", ".join(items[:most]) + (f" and {len(items) - most} more" if len(items) > most else "")


def _print_capped(lines: list[str], prefix: str, *, more: str | None = None) -> None:
    """The first MAX_WARNINGS_SHOWN lines on stderr, then how many more there are."""
    for w in lines[:MAX_WARNINGS_SHOWN]:
        print(f"{prefix}{w}", file=sys.stderr)
    if len(lines) > MAX_WARNINGS_SHOWN:
        print(f"{prefix if more is None else more}... and {len(lines) - MAX_WARNINGS_SHOWN} more", file=sys.stderr)
