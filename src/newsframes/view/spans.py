"""Spans of a record, made safe to draw: collected from every layer, clipped to the
text, and cut into segments at every boundary so that overlapping spans can nest.

The viewer reads records with a trusting reader, but a record under review may be
broken: nothing here raises on a bad span. A span with offsets out of range is clipped
and reported; one that cannot be placed at all is listed as a problem and not drawn."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .style import ENTITY_COLOURS, GROUP_COLOURS

# drawing order, outermost first
LAYERS = ("claim", "cue", "technique", "mention", "timex")
_CLASS_SAFE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*\Z")


def as_list(value) -> list:
    return value if isinstance(value, list) else []


def as_dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def key(value):
    """A dict key from a value of a possibly broken record (lists and objects are unhashable)."""
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def provenance_kind(source) -> str:
    """manual | model | tool | toolmanual | toolmodel | import | unknown (for CSS classes
    and the legend)."""
    from ..provenance import kind

    k = kind(source) if isinstance(source, str) else None
    return {"manual": "manual", "model": "model", "tool": "tool", "tool+manual": "toolmanual",
            "tool+model": "toolmodel", "import": "import"}.get(k, "unknown")


def css_token(value, known) -> str:
    """A class-name fragment from a label, only when the label is a known one."""
    if isinstance(value, str) and value in known and _CLASS_SAFE.match(value):
        return value
    return "other"


@dataclass
class Span:
    layer: str
    id: str
    start: int
    end: int
    tag: str          # short inline badge text (drawn by CSS from data-tag)
    title: str        # hover text: label, ids, provenance
    classes: list[str] = field(default_factory=list)
    track: int = 0    # stacking track for spans of the same layer that overlap


@dataclass
class Layout:
    spans: list[Span]
    problems: list[str]


def _place(item: dict, where: str, text: str, problems: list[str]) -> tuple[int, int] | None:
    start, end = item.get("start"), item.get("end")
    n = len(text)
    if type(start) is not int or type(end) is not int:
        problems.append(f"{where}: offsets are not integers (start={start!r}, end={end!r}); not drawn")
        return None
    s, e = max(0, min(start, n)), max(0, min(end, n))
    if (s, e) != (start, end):
        problems.append(f"{where}: offsets [{start}, {end}) fall outside the text "
                        f"(length {n}); clipped to [{s}, {e})")
    if s >= e:
        problems.append(f"{where}: empty span after clipping; not drawn")
        return None
    quoted = item.get("text")
    if (s, e) == (start, end) and isinstance(quoted, str) and text[s:e] != quoted:
        problems.append(f"{where}: stored text {quoted!r} differs from text[{s}:{e}] = {text[s:e]!r}")
    return s, e


def _yes_no(value) -> str:
    return {True: "yes", False: "no"}.get(value, str(value)) if isinstance(value, bool) else str(value)


def _ident(item: dict, fallback: str) -> str:
    ident = item.get("id")
    return ident if isinstance(ident, str) and ident else fallback


def collect_spans(record: dict, text: str, tax) -> Layout:
    problems: list[str] = []
    spans: list[Span] = []
    entities = {key(e.get("id")): e for e in map(as_dict, as_list(record.get("entities")))}

    def add(layer, where, item, tag, title, label_class, source):
        placed = _place(item, where, text, problems)
        if placed is None:
            return
        kind = provenance_kind(source)
        full_title = f"{title} · source: {source if isinstance(source, str) else 'unknown'}"
        spans.append(Span(layer, where, placed[0], placed[1], tag, full_title,
                          [f"L-{layer}", label_class, f"prov-{kind}"]))

    for i, m in enumerate(map(as_dict, as_list(record.get("mentions")))):
        mid = _ident(m, f"mentions[{i}]")
        ent = as_dict(entities.get(key(m.get("entity"))))
        etype = ent.get("type")
        if not ent:
            problems.append(f"{mid}: refers to unknown entity {m.get('entity')!r}")
        title = f"{mid} → {m.get('entity')} {ent.get('name', '?')} ({etype or '?'})"
        if m.get("metonymy"):
            title += f" · metonymy: {m.get('metonymy')}"
        add("mention", mid, m, str(m.get("entity")), title,
            f"T-{css_token(etype, ENTITY_COLOURS)}", m.get("source"))

    groups = tax.technique_groups
    for i, p in enumerate(map(as_dict, as_list(record.get("techniques")))):
        pid = _ident(p, f"techniques[{i}]")
        label = p.get("label")
        title = f"{pid} technique: {label}"
        if p.get("note"):
            title += f" · note: {p.get('note')}"
        group = groups.get(label) if isinstance(label, str) else None
        add("technique", pid, p, f"{pid} {label}", title,
            f"G-{css_token(group, GROUP_COLOURS)}", p.get("source"))

    for i, c in enumerate(map(as_dict, as_list(record.get("claims")))):
        cid = _ident(c, f"claims[{i}]")
        verdict = as_dict(c.get("verdict")).get("label")
        title = (f"{cid} claim ({c.get('type')}; checkworthy: {_yes_no(c.get('checkworthy'))}; "
                 f"verdict: {verdict}) by {c.get('claimant')}")
        add("claim", cid, c, cid, title, "K-claim", c.get("source"))
        cue = c.get("cue")
        if isinstance(cue, dict):
            add("cue", f"{cid}.cue", cue, "", f"{cid}.cue attribution cue of {cid}", "K-cue", c.get("source"))

    for i, t in enumerate(map(as_dict, as_list(record.get("timexes")))):
        tid = _ident(t, f"timexes[{i}]")
        title = f"{tid} {t.get('type')} = {t.get('value')}"
        if t.get("mod"):
            title += f" (mod {t.get('mod')})"
        add("timex", tid, t, tid, title, "X-timex", t.get("source"))

    assign_tracks(spans)
    return Layout(spans, problems)


def assign_tracks(spans: list[Span]) -> None:
    """Give overlapping spans of one layer different tracks (stacked underlines);
    shorter spans get the lower tracks so enclosing spans draw outside them."""
    for layer in LAYERS:
        placed: list[Span] = []
        for sp in sorted((s for s in spans if s.layer == layer),
                         key=lambda s: (s.end - s.start, s.start, s.id)):
            used = {o.track for o in placed if o.start < sp.end and sp.start < o.end}
            sp.track = next(k for k in range(len(used) + 1) if k not in used)
            placed.append(sp)


def segments(start: int, end: int, spans: list[Span]):
    """Cut [start, end) at every span boundary; yield (a, b, active spans, outermost first)."""
    cuts = {start, end}
    for sp in spans:
        for x in (sp.start, sp.end):
            if start < x < end:
                cuts.add(x)
    points = sorted(cuts)
    order = {name: i for i, name in enumerate(LAYERS)}
    for a, b in zip(points, points[1:]):
        active = [sp for sp in spans if sp.start <= a and sp.end >= b]
        active.sort(key=lambda s: (order[s.layer], s.start, -s.end, s.id))
        yield a, b, active
