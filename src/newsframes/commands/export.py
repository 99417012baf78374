"""`newsframes export spacy|croissant`: formats researchers train and catalogue with.

    newsframes export spacy --out exports/spacy [--corpus corpus]
    newsframes export croissant --out data/croissant.json [--data data]
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


def _run_spacy(args) -> int:
    from ..export.spacy_docbin import ExportError, export_spacy
    from ..paths import project_root

    corpus = args.corpus or project_root() / "corpus"
    try:
        counts = export_spacy(corpus, args.out)
    except ExportError as exc:
        print(f"newsframes export spacy: {exc}", file=sys.stderr)
        return 1
    for w in counts["warnings"][:MAX_WARNINGS_SHOWN]:
        print(f"warning: {w}", file=sys.stderr)
    if len(counts["warnings"]) > MAX_WARNINGS_SHOWN:
        print(f"warning: ... and {len(counts['warnings']) - MAX_WARNINGS_SHOWN} more", file=sys.stderr)
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
    from ..export.croissant import CroissantError, citation_from_cff, export_croissant, manifest_version
    from ..paths import project_root

    root = project_root()
    data = args.data or root / "data"
    version = args.dataset_version or manifest_version(data) or __version__
    kwargs = {"cite_as": citation_from_cff(root / "CITATION.cff", version), "url": args.url,
              "date_published": args.date_published}
    if args.license:
        kwargs["license"] = args.license
    try:
        export_croissant(data, args.out, version=version, **kwargs)
    except CroissantError as exc:
        print(f"newsframes export croissant: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}")
    return 0


def run(args) -> int:
    if args.format == "spacy":
        return _run_spacy(args)
    if args.format == "croissant":
        return _run_croissant(args)
    print("newsframes export: choose a format: spacy or croissant (see --help)", file=sys.stderr)
    return 2
