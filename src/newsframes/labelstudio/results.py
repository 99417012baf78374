"""One Label Studio annotation (its `result` list) read into regions and article choices.

Offsets: Label Studio 1.23.2's web page writes `start`/`end` of a `<Text>` region in code
points (measured: docs/labelstudio.md), the record's unit. An offset pair that only
matches the stored `value.text` when read as UTF-16 units (older releases) is converted
and reported. Spans are trimmed of surrounding whitespace and snapped outwards to the
token boundaries of the validator's tokenizer; every change is reported, none is silent."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import names as N

SPAN_CONTROLS = (N.ENTITY, N.CLAIM, N.TIMEX)
ARTICLE_CONTROLS = (N.GENRE, N.FRAMES, N.PRIMARY_FRAME, N.NARRATIVES)


@dataclass
class Region:
    id: str
    control: str
    label: str
    start: int
    end: int
    attrs: dict[str, list] = field(default_factory=dict)  # control -> values (choices or typed text)

    @property
    def layer(self) -> str:
        if self.control == N.ENTITY:
            return "mentions"
        if self.control == N.TIMEX:
            return "timexes"
        if self.control == N.CLAIM:
            return "cues" if self.label == N.CUE_LABEL else "claims"
        return "techniques"


@dataclass
class Parsed:
    regions: list[Region] = field(default_factory=list)
    relations: list[tuple[str, str]] = field(default_factory=list)  # (from_id, to_id)
    article: dict[str, list] = field(default_factory=dict)  # control -> choices / taxonomy paths
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (result id, what, what to do)
    notes: list[str] = field(default_factory=list)  # reported moves


def _utf16_to_cp(text: str, unit: int) -> int | None:
    n = 0
    for i, ch in enumerate(text):
        if n == unit:
            return i
        n += 2 if ord(ch) > 0xFFFF else 1
    return len(text) if n == unit else None


def _offsets(text: str, value: dict, rid: str, parsed: Parsed) -> tuple[int, int] | None:
    s, e = value.get("start"), value.get("end")
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e):
        parsed.errors.append((rid, f"bad offsets start={s!r} end={e!r}", "delete the region and mark it again"))
        return None
    want = value.get("text")
    if e <= len(text) and (want is None or text[s:e] == want):
        return s, e
    if isinstance(want, str):
        s16, e16 = _utf16_to_cp(text, s), _utf16_to_cp(text, e)
        if s16 is not None and e16 is not None and text[s16:e16] == want:
            parsed.notes.append(f"region {rid}: offsets {s}-{e} are UTF-16 units; read as code points {s16}-{e16}")
            return s16, e16
    got = text[s:e] if e <= len(text) else "(past the end of the text)"
    parsed.errors.append((rid, f"offsets {s}-{e} cover {got!r}, but the region's text is {want!r}",
                          "was the task exported from another text? re-export it with `newsframes labelstudio export`"))
    return None


def adjust(text: str, s: int, e: int, bounds, rid: str, parsed: Parsed, known=frozenset()):
    """Trim whitespace, then snap outwards to the enclosing token boundaries; report each change.
    `bounds`: (token starts, token ends), or a function giving them (called only when needed);
    `known`: spans of the record, already on token boundaries (validated)."""
    s0, e0 = s, e
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if s == e:
        parsed.errors.append((rid, f"span {s0}-{e0} is only whitespace", "delete the region"))
        return None
    if (s, e) != (s0, e0):
        parsed.notes.append(f"region {rid}: trimmed whitespace {s0}-{e0} -> {s}-{e} ({text[s:e]!r})")
    if (s, e) in known:
        return s, e
    starts, ends = bounds() if callable(bounds) else bounds
    s1, e1 = s, e
    while s1 > 0 and s1 not in starts and not text[s1 - 1].isspace():
        s1 -= 1
    while e1 < len(text) and e1 not in ends and not text[e1].isspace():
        e1 += 1
    if (s1, e1) != (s, e):
        parsed.notes.append(f"region {rid}: snapped to token boundaries {s}-{e} ({text[s:e]!r})"
                            f" -> {s1}-{e1} ({text[s1:e1]!r})")
    return s1, e1


def parse_result(result: list, text: str, bounds, known=frozenset()) -> Parsed:
    parsed = Parsed()
    by_id: dict[str, Region] = {}
    attrs: list[tuple[str, str, list]] = []
    for i, r in enumerate(result):
        if not isinstance(r, dict):
            parsed.errors.append((f"#{i}", "a result is not an object", "re-export from Label Studio"))
            continue
        rid, kind, ctl, value = str(r.get("id", f"#{i}")), r.get("type"), r.get("from_name"), r.get("value") or {}
        if kind == "relation":
            parsed.relations.append((str(r.get("from_id")), str(r.get("to_id"))))
        elif kind == "labels" and (ctl in SPAN_CONTROLS or str(ctl).startswith(N.TECHNIQUE_PREFIX)):
            labels = value.get("labels") or []
            if len(labels) != 1:
                parsed.errors.append((rid, f"region has {len(labels)} labels {labels}", "give it exactly one label"))
                continue
            off = _offsets(text, value, rid, parsed)
            if off is None:
                continue
            off = adjust(text, *off, bounds, rid, parsed, known)
            if off is None:
                continue
            if rid in by_id:
                parsed.errors.append((rid, "two regions share this id", "re-export from Label Studio"))
                continue
            by_id[rid] = Region(rid, ctl, labels[0], off[0], off[1])
        elif kind in ("choices", "textarea", "taxonomy"):
            values = value.get({"choices": "choices", "textarea": "text", "taxonomy": "taxonomy"}[kind]) or []
            if ctl in ARTICLE_CONTROLS:
                parsed.article[ctl] = values
            else:
                attrs.append((rid, ctl, values))
        else:
            parsed.errors.append((rid, f"unknown result type {kind!r} from control {ctl!r}",
                                  "use the config of `newsframes labelstudio config`"))
    for rid, ctl, values in attrs:
        region = by_id.get(rid)
        if region is None:
            parsed.errors.append((rid, f"attribute {ctl!r} belongs to no span region", "re-export from Label Studio"))
            continue
        region.attrs[ctl] = values
    parsed.regions = list(by_id.values())
    return parsed
