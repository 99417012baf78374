"""`newsframes find ID TEXT`: every occurrence of TEXT in corpus/<ID>.txt, with its
offsets (0-based code points, end exclusive: the record's convention), its paragraph and
the spans already there, so a span is never given the offsets of another occurrence.

    newsframes find lavrov-kyrgyzstan-visit "Bishkek"
    newsframes find <id> "Uzbekistan" --format json     # [{"start", "end", "paragraph", ...}]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

LAYERS = ("mentions", "claims", "techniques", "timexes")


def configure(p):
    p.add_argument("id", metavar="ID", help="article id (corpus/<ID>.txt)")
    p.add_argument("text", metavar="TEXT", help="the exact words to find (case-sensitive)")
    p.add_argument("--corpus", metavar="DIR", type=Path, help="corpus folder (default: corpus/ of the project)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """(start, end) of every occurrence, overlapping ones included ("aa" in "aaa": 2)."""
    out, i = [], text.find(needle)
    while needle and i != -1:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def _paragraph(text: str, start: int) -> tuple[int, int, int]:
    """(index among the non-empty lines, line start, line end) holding `start`."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    index = sum(1 for line in text[:line_start].split("\n")[:-1] if line)
    return index, line_start, line_end


def _spans_at(record: dict | None, start: int, end: int) -> list[str]:
    if not isinstance(record, dict):
        return []
    out = []
    for layer in LAYERS:
        for span in record.get(layer) or []:
            if isinstance(span, dict) and span.get("start") == start and span.get("end") == end:
                out.append(f"{layer[:-1] if layer != 'timexes' else 'timex'} {span.get('id')}")
    return out


def find(text: str, needle: str, record: dict | None = None) -> list[dict]:
    hits = []
    for start, end in occurrences(text, needle):
        index, a, b = _paragraph(text, start)
        hits.append({"start": start, "end": end, "paragraph": index,
                     "context": text[max(a, start - 30):start] + "[" + needle + "]" + text[end:min(b, end + 30)],
                     "annotated": _spans_at(record, start, end)})
    return hits


def run(args) -> int:
    from ..paths import corpus_and_root

    corpus, _ = corpus_and_root(args.corpus)
    path = corpus / f"{args.id}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"newsframes find: {path}: cannot read the text ({exc.__class__.__name__}); "
              "is the id right? (`newsframes add` writes corpus/<id>.txt)", file=sys.stderr)
        return 2
    if not args.text:
        print("newsframes find: TEXT is empty", file=sys.stderr)
        return 2
    try:
        record = json.loads((corpus / f"{args.id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = None  # offsets do not need the record
    hits = find(text, args.text, record)
    if args.format == "json":
        sys.stdout.write(json.dumps(hits, ensure_ascii=False, indent=1) + "\n")
    else:
        shown = f"{corpus.name}/{args.id}.txt"
        print(f"{shown}: {len(hits)} occurrence(s) of {args.text!r} (offsets in code points, end exclusive)")
        for h in hits:
            extra = f"  already: {', '.join(h['annotated'])}" if h["annotated"] else ""
            print(f"  start {h['start']:>6}  end {h['end']:>6}  paragraph {h['paragraph']:>3}  "
                  f"…{h['context']}…{extra}".replace("\n", "⏎"))
    if not hits:
        print(f"newsframes find: {args.text!r} does not occur in {path} (the search is exact and "
              "case-sensitive; quotes and dashes are often typographic: ’ “ ” —)", file=sys.stderr)
        return 1
    return 0
