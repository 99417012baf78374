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
    cue: Region | None = None  # a claim's attribution cue (the region linked to it by a relation)
    # set by the reconciliation (reconcile.py): the record item this region is (None: a new one),
    # whether the region stands for the record's own item (unchanged in Label Studio), and whether
    # a person kept it in the annotation (a kept tool proposal becomes `tool+manual:`)
    key: str | None = None
    from_record: bool = False
    accepted: bool = True

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
    if not (type(s) is int and type(e) is int and 0 <= s < e):  # noqa: E721 - `true` is an int to isinstance
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


REGION_ATTRS = {  # per-region controls and the layer whose regions carry them
    N.ENTITY_REF: "mentions", N.METONYMY: "mentions", N.CLAIMANT: "claims", N.CLAIM_TYPE: "claims",
    N.CHECKWORTHY: "claims", N.VERDICT: "claims", N.TIMEX_VALUE: "timexes", N.TIMEX_MOD: "timexes"}
_VALUE_KEY = {"choices": "choices", "textarea": "text", "taxonomy": "taxonomy"}


def _attr_layer(ctl) -> str | None:
    if ctl in REGION_ATTRS:
        return REGION_ATTRS[ctl]
    return "mentions" if isinstance(ctl, str) and ctl.startswith(N.ROLE_PREFIX) else None


def parse_result(result: list, text: str, bounds, known=frozenset()) -> Parsed:
    """Regions (spans with their attributes, a claim with its cue) and article choices of one
    annotation's `result`. Every result is read or reported: nothing is skipped silently."""
    parsed = Parsed()
    by_id: dict[str, Region] = {}
    attrs: list[tuple[str, str, list]] = []
    relations: list[tuple[str, str]] = []
    for i, r in enumerate(result):
        if not isinstance(r, dict):
            parsed.errors.append((f"#{i}", "a result is not an object", "re-export from Label Studio"))
            continue
        rid, kind, ctl = str(r.get("id", f"#{i}")), r.get("type"), r.get("from_name")
        value = r.get("value") if isinstance(r.get("value"), dict) else {}
        if kind == "relation":
            relations.append((str(r.get("from_id")), str(r.get("to_id"))))
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
            by_id[rid] = Region(rid, ctl, str(labels[0]), off[0], off[1])
        elif kind in _VALUE_KEY and ctl in ARTICLE_CONTROLS:
            if ctl in parsed.article:
                parsed.errors.append((rid, f"two results for {ctl!r}", "keep one; re-export from Label Studio"))
                continue
            parsed.article[ctl] = list(value.get(_VALUE_KEY[kind]) or [])
        elif kind in _VALUE_KEY and _attr_layer(ctl) is not None:
            attrs.append((rid, ctl, list(value.get(_VALUE_KEY[kind]) or [])))
        else:
            parsed.errors.append((rid, f"unknown result type {kind!r} from control {ctl!r}",
                                  "use the config of `newsframes labelstudio config`"))
    for rid, ctl, values in attrs:
        region = by_id.get(rid)
        if region is None:
            parsed.errors.append((rid, f"attribute {ctl!r} belongs to no span region", "re-export from Label Studio"))
            continue
        if _attr_layer(ctl) != region.layer:
            parsed.errors.append((rid, f"attribute {ctl!r} is set on a {region.layer} region ({region.label})",
                                  f"it belongs to {_attr_layer(ctl)}; delete it from this region"))
            continue
        if ctl in region.attrs:
            parsed.errors.append((rid, f"attribute {ctl!r} is given twice", "keep one; re-export from Label Studio"))
            continue
        region.attrs[ctl] = values
    _link_cues(by_id, relations, parsed, text)
    parsed.regions = [r for r in by_id.values() if r.layer != "cues"]
    return parsed


def _link_cues(by_id: dict[str, Region], relations: list[tuple[str, str]], parsed: Parsed, text: str) -> None:
    """Attach each cue to its claim. A relation links a cue and a claim (either direction);
    any other relation, a cue on two claims or a claim with two cues is an error."""
    linked: set[str] = set()
    for f, t in relations:
        a, b = by_id.get(f), by_id.get(t)
        if a is None or b is None:
            parsed.errors.append((f"{f}->{t}", "a relation links a region that is not in the annotation",
                                  "delete the relation and draw it again"))
            continue
        if {a.layer, b.layer} != {"cues", "claims"}:
            parsed.errors.append((f"{f}->{t}", f"a relation links a {a.layer[:-1]} and a {b.layer[:-1]}",
                                  "relations link a cue to its claim only; delete this one"))
            continue
        cue, claim = (a, b) if a.layer == "cues" else (b, a)
        if cue.id in linked:
            parsed.errors.append((cue.id, f"cue {text[cue.start:cue.end]!r} is linked to two claims", "keep one relation"))
            continue
        if claim.cue is not None:
            parsed.errors.append((claim.id, f"claim {claim.id} has two cues", "keep one relation cue -> claim"))
            continue
        claim.cue = cue
        linked.add(cue.id)
    for r in by_id.values():
        if r.layer == "cues" and r.id not in linked:
            parsed.errors.append((r.id, f"cue {text[r.start:r.end]!r} is linked to no claim",
                                  "draw a relation from the cue to its claim"))

