"""The article text as HTML: one <p> (or <h3> for a heading) per line of the text,
every annotation a <span> around the segments it covers. Overlapping annotations
nest: the text is cut at every span boundary and each segment is wrapped once per
annotation that covers it. Nothing from the record reaches the page unescaped."""

from __future__ import annotations

from html import escape

from .spans import Span, as_dict, as_list, key, segments


def _esc(value) -> str:
    return escape(str(value), quote=True)


def line_ranges(text: str) -> list[tuple[int, int]]:
    """[start, end) of every line, newline excluded (code point offsets)."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def heading_ranges(record: dict) -> set[tuple[int, int]]:
    structure = as_dict(record.get("structure"))
    return {(key(p.get("start")), key(p.get("end"))) for p in map(as_dict, as_list(structure.get("paragraphs")))
            if p.get("kind") == "heading"}


def _open(sp: Span, first: bool) -> str:
    classes = ["a", *sp.classes, f"k{min(sp.track, 5)}"]
    attrs = ""
    if first:
        classes.append("first")
        if sp.tag:
            attrs = f' data-tag="{_esc(sp.tag)}"'
    return f'<span class="{_esc(" ".join(classes))}" title="{_esc(sp.title)}"{attrs}>'


def render_text(record: dict, text: str, spans: list[Span]) -> str:
    headings = heading_ranges(record)
    parts = []
    for n, (ls, le) in enumerate(line_ranges(text), start=1):
        if ls == le:
            continue  # an empty line (not in normalised text): nothing to draw
        inner = []
        for a, b, active in segments(ls, le, [s for s in spans if s.start < le and s.end > ls]):
            piece = _esc(text[a:b])
            for sp in reversed(active):
                piece = _open(sp, a == sp.start) + piece + "</span>"
            inner.append(piece)
        tag = "h3" if (ls, le) in headings else "p"
        parts.append(f'<{tag} class="line" id="line-{n}" data-start="{ls}" data-end="{le}">'
                     f'{"".join(inner)}</{tag}>')
    return "\n".join(parts)
