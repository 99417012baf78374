"""Level 3, spans: offsets in range, start < end, span text == text[start:end], token
boundaries, and paragraphs covering the lines of the text."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator

from .issues import Issue, make, pointer

# (pointer parts, span dict, kind) ; kind: "hard" token check, "soft" token check, None no check
SpanRef = tuple[tuple, dict, str | None]


def iter_spans(record: dict) -> Iterator[SpanRef]:
    structure = record["structure"]
    for i, p in enumerate(structure["paragraphs"]):
        yield ("structure", "paragraphs", i), p, None
    for i, s in enumerate(structure["sentences"]):
        yield ("structure", "sentences", i), s, None
    for i, m in enumerate(record["mentions"]):
        # an imported mention is the source's gold: its edges are kept as given (warning only)
        yield ("mentions", i), m, "soft" if m["source"].startswith("import:") else "hard"
    for i, c in enumerate(record["claims"]):
        yield ("claims", i), c, "soft"
        if c["cue"] is not None:
            yield ("claims", i, "cue"), c["cue"], "soft"
    for i, t in enumerate(record["techniques"]):
        yield ("techniques", i), t, "soft"
    for i, t in enumerate(record["timexes"]):
        yield ("timexes", i), t, "hard"


def _around(text: str, i: int) -> str:
    return (text[max(0, i - 12):i] + "‸" + text[i:i + 12]).replace("\n", "⏎")


def _short(s: str, n: int = 50) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def check_spans(record: dict, text: str, display: str,
                boundaries: Callable[[], tuple[frozenset, frozenset]]) -> list[Issue]:
    """`boundaries` is called (once, lazily) only when a span needs its token check."""
    issues: list[Issue] = []
    n = len(text)
    bounds = None
    for parts, span, kind in iter_spans(record):
        start, end = span["start"], span["end"]
        if start >= end:
            issues.append(make("NF304", display, f"start {start} is not before end {end}",
                               pointer=pointer(*parts, "start")))
            continue
        if end > n:
            issues.append(make("NF302", display, f"end {end} is past the text (length {n})",
                               pointer=pointer(*parts, "end")))
            continue
        if "text" in span:
            actual = text[start:end]
            if actual != span["text"]:
                issues.append(make("NF303", display, f"text {_short(span['text'])!r} differs from "
                                   f"text[{start}:{end}] {_short(actual)!r}", pointer=pointer(*parts, "text")))
                continue
        if kind is None:
            continue
        if bounds is None:
            bounds = boundaries()
        starts, ends = bounds
        code = "NF317" if kind == "hard" else "NF318"
        if start not in starts:
            issues.append(make(code, display, f"start {start} is inside a token: {_around(text, start)!r}",
                               pointer=pointer(*parts, "start")))
        if end not in ends:
            issues.append(make(code, display, f"end {end} is inside a token: {_around(text, end)!r}",
                               pointer=pointer(*parts, "end")))
    return issues


# layer -> the fields besides start/end that make two spans the same annotation
DUPLICATE_KEYS = {"mentions": ("entity",), "claims": ("claimant",), "techniques": ("label",),
                  "timexes": ("type",)}


def check_duplicate_spans(record: dict, display: str) -> list[Issue]:
    """NF322: a span repeated in its layer (same offsets and same label/entity): a slip
    of copy-and-paste or of an offset recipe that found the first occurrence twice."""
    issues = []
    for layer, fields in DUPLICATE_KEYS.items():
        seen: dict[tuple, int] = {}
        for i, span in enumerate(record[layer]):
            key = (span["start"], span["end"], *(span.get(f) for f in fields))
            first = seen.setdefault(key, i)
            if first == i:
                continue
            what = ", ".join(f"{f} {span.get(f)!r}" for f in fields)
            issues.append(make("NF322", display, f"{layer}[{i}] ({span.get('id')}) repeats {layer}[{first}] "
                               f"({record[layer][first].get('id')}): same offsets {span['start']}..{span['end']} "
                               f"and {what}", pointer=pointer(layer, i)))
    return issues


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line:
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def check_paragraphs(record: dict, text: str, display: str) -> list[Issue]:
    paras = record["structure"]["paragraphs"]
    got = [(p["start"], p["end"]) for p in paras]
    want = line_spans(text)
    if got == want:
        return []
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            line = text.count("\n", 0, w[0]) + 1
            return [make("NF316", display, f"paragraph {i} covers {g[0]}..{g[1]} but the next non-empty line "
                         f"(line {line}) is {w[0]}..{w[1]}", pointer=pointer("structure", "paragraphs", i))]
    if len(got) < len(want):
        w = want[len(got)]
        line = text.count("\n", 0, w[0]) + 1
        return [make("NF316", display, f"{len(want) - len(got)} non-empty line(s) have no paragraph, "
                     f"from line {line} ({w[0]}..{w[1]})", pointer=pointer("structure", "paragraphs"))]
    return [make("NF316", display, f"{len(got) - len(want)} paragraph(s) more than the {len(want)} "
                 "non-empty lines of the text", pointer=pointer("structure", "paragraphs", len(want)))]


def check_sentences(record: dict, text: str, display: str) -> list[Issue]:
    """Each (in-range) sentence lies within one non-empty line."""
    lines = line_spans(text)
    starts = [a for a, _ in lines]
    issues = []
    for i, s in enumerate(record["structure"]["sentences"]):
        a, b = s["start"], s["end"]
        if not 0 <= a < b <= len(text):
            continue  # reported by check_spans
        k = bisect.bisect_right(starts, a) - 1
        if k < 0 or not (lines[k][0] <= a and b <= lines[k][1]):
            issues.append(make("NF320", display, f"sentence {a}..{b} is not inside one line of the text",
                               pointer=pointer("structure", "sentences", i)))
    return issues
