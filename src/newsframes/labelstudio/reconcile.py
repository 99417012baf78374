"""A pull as a three-way merge: what Label Studio held when the annotation started (the
base: the task's `nf_state`, or the sidecar of the last pull), what it holds now (the
annotation), and what the record holds now (the JSON).

For every item (a span, a choice of the whole article, one narrative):
- unchanged in Label Studio since the base: the record's own item stays as it is (with
  everything Label Studio does not show), also when only the JSON changed it;
- changed, added or deleted in Label Studio, and not changed in the JSON: Label Studio's
  version is taken (a deletion is printed with its reason);
- changed on both sides (or deleted on one side and changed on the other): an error that
  names the item; nothing is written.
An item Label Studio never held (added in the JSON after the export) is kept.

Regions are matched to record items by Label Studio's region id: the record's own ids (the
task's regions carry them), then the region ids of earlier pulls (the sidecar), then the
same span and label (an accepted proposal under a new region id, a lost sidecar)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import names as N
from .results import Parsed, Region, parse_result
from .state import ARTICLE_KEYS, Base, article_fps, fp, narrative_key, region_view

THEIRS, OURS, DELETE, CONFLICT = "theirs", "ours", "delete", "conflict"


@dataclass
class Combined:
    """What the merger applies: regions (record items, Label Studio's, new ones), article
    choices, and for each article key whether it stands for the record's own value and was
    kept in the annotation."""
    parsed: Parsed
    origins: dict[str, tuple[bool, bool]] = field(default_factory=dict)  # key -> (from_record, accepted)
    region_fps: dict[str, str] = field(default_factory=dict)   # Label Studio region id -> fingerprint
    article_fps: dict[str, str] = field(default_factory=dict)  # article key -> fingerprint (Label Studio's)
    quiet: bool = False  # a new pass: what the annotation leaves out is not "removed" from anything


def record_parsed(record: dict, text: str, bounds) -> Parsed:
    """The record as Label Studio regions (what `labelstudio export` writes), read back."""
    from .tasks import known_spans, one_taxonomy, record_results

    results = one_taxonomy([r for rs in record_results(record).values() for r in rs])
    return parse_result(results, text, bounds, known_spans(record))


def decide(b_ls, b_rec, t, o, base: Base, agree) -> tuple[str, str]:
    """(decision, why) for one item from its fingerprints (None: absent): Label Studio's now (t)
    and at the base (b_ls), the record's now (o) and at the base (b_rec). `agree()`: whether
    the two sides now say the same thing (asked only when both changed)."""
    if base.whole:
        return (THEIRS, "") if t is not None else (DELETE, "quiet")
    if not base.known:
        return (THEIRS, "") if t is not None else (OURS, "unknown")
    since = "the task was exported" if base.source == "task" else "the last pull"
    if t == b_ls:
        return OURS, ""
    if o == b_rec:
        return (DELETE, "") if t is None else (THEIRS, "")
    if (t is None and o is None) or (t is not None and o is not None and agree()):
        return OURS, ""
    if t is None:
        return CONFLICT, f"deleted in Label Studio but changed in the JSON since {since}"
    if o is None:
        return CONFLICT, f"changed in Label Studio but deleted in the JSON since {since}"
    if b_ls is None and b_rec is None:
        return CONFLICT, "different in Label Studio and in the JSON, and no earlier state of it is known"
    return CONFLICT, f"changed both in Label Studio and in the JSON since {since}"


def semantic(r: Region, record: dict, text: str) -> list:
    """What a region says, with names resolved against the record's entities: comparable
    between a Label Studio region and the record's own."""
    names = {e.get("name"): e.get("id") for e in record.get("entities", []) if isinstance(e, dict)}

    def one(ctl):
        vals = sorted({str(v).strip() for v in r.attrs.get(ctl, []) if str(v).strip()})
        return vals[0] if len(vals) == 1 else (vals or None)

    def who(ref):
        if not isinstance(ref, str):
            return ref
        m = re.match(r"^(e[0-9]+)(?:\s|\Z)", ref)
        return m.group(1) if m else names.get(ref, ["new", ref])

    view = [r.layer, r.label, r.start, r.end]
    if r.layer == "mentions":
        roles = {ctl: sorted(map(str, v)) for ctl, v in r.attrs.items() if ctl.startswith(N.ROLE_PREFIX) and v}
        view += [who(one(N.ENTITY_REF) or text[r.start:r.end]), one(N.METONYMY), sorted(roles.items())]
    elif r.layer == "claims":
        verdict = one(N.VERDICT)
        view += [who(one(N.CLAIMANT)), one(N.CLAIM_TYPE), one(N.CHECKWORTHY),
                 None if verdict == "unverified" else verdict, [r.cue.start, r.cue.end] if r.cue else None]
    elif r.layer == "timexes":
        view += [one(N.TIMEX_VALUE), one(N.TIMEX_MOD)]
    return view


_TODO = "make the two agree (edit the region in Label Studio, or the JSON record), then pull again"


class Reconciler:
    def __init__(self, record: dict, ours: Parsed, theirs: Parsed, base: Base, text: str):
        self.record, self.ours, self.theirs, self.base, self.text = record, ours, theirs, base, text
        self.errors, self.notes = theirs.errors, theirs.notes
        self.ours_regions = {f"{r.layer}:{r.id}": r for r in ours.regions}

    def describe(self, key: str) -> str:
        layer, _, rid = key.partition(":")
        if layer == "article":
            return {N.GENRE: "the genre", N.FRAMES: "the frames", N.PRIMARY_FRAME: "the primary frame"}[rid]
        if layer == "narratives":
            return f"narrative {rid}"
        item = next((x for x in self.record.get(layer, []) if x.get("id") == rid), None)
        return f"{rid} {item['text'][:40]!r}" if item and isinstance(item.get("text"), str) else rid

    def key_regions(self) -> None:
        used: set[str] = set()
        known = set(self.ours_regions) | self.base.keys()
        pending: list[Region] = []
        for r in self.theirs.regions:
            k = self.base.regions.get(r.id)
            if not (k and k.startswith(r.layer + ":") and k not in used):
                k = f"{r.layer}:{r.id}"
                if k not in known or k in used:
                    k = None
            if k is None:
                pending.append(r)
            else:
                r.key = k
                used.add(k)
        for r in pending:  # an accepted proposal under a new region id, or a region of a lost sidecar
            k = next((k for k, x in self.ours_regions.items() if k not in used and x.layer == r.layer
                      and (x.start, x.end, x.label) == (r.start, r.end, r.label)), None)
            if k is not None:
                r.key = k
                used.add(k)
                self.notes.append(f"region {r.id}: taken as {self.describe(k)} (same span and label)")

    def _item(self, key, t, o, why_removed, agree=lambda: False) -> str:
        d, why = decide(self.base.get(key), self.base.get_record(key), t, o, self.base, agree)
        if d == CONFLICT:
            self.errors.append((key.partition(":")[2], f"{self.describe(key)} was {why}", _TODO))
        elif d == DELETE and why != "quiet":
            self.notes.append(f"removed {self.describe(key)}: {why_removed}")
        elif d == OURS and why == "unknown" and o is not None and key.partition(":")[0] != "article":
            self.notes.append(f"kept {self.describe(key)}: not in the annotation, and the task does not say "
                              "whether Label Studio held it (exported by an older newsframes); delete it in the "
                              "JSON if it was deleted in Label Studio")
        elif d == OURS and t is not None and o is None:
            self.notes.append(f"{self.describe(key)} stays deleted (deleted in the JSON; still in Label Studio)")
        return d

    def _source(self, key: str) -> str:
        layer, _, rid = key.partition(":")
        if layer == "article":
            field = self.record.get("frames" if rid == N.PRIMARY_FRAME else rid) or {}
            return str(field.get("source") or "")
        if layer == "narratives":
            return next((str(n.get("source")) for n in self.record.get("narratives", [])
                         if narrative_key([n.get("narrative"), n.get("subnarrative")]) == key), "")
        return next((str(x.get("source")) for x in self.record.get(layer, []) if x.get("id") == rid), "")

    def _why_removed(self, key: str) -> str:
        if key in self.base.prediction and key not in self.base.annotation and self._source(key).startswith("tool:"):
            return "a tool proposal the annotation does not keep (rejected in Label Studio)"
        src = "the task" if self.base.source == "task" else "the last pull"
        return f"in {src}, gone from the annotation (deleted in Label Studio)"

    def run(self) -> Combined:
        self.key_regions()
        t_fp = {r.key: fp(region_view(r)) for r in self.theirs.regions if r.key}
        o_fp = {k: fp(region_view(r)) for k, r in self.ours_regions.items()}
        theirs_by_key = {r.key: r for r in self.theirs.regions if r.key}
        span_keys = sorted((set(self.ours_regions) | set(t_fp) | {k for k in self.base.keys()
                                                                    if k.split(":")[0] in _SPAN_LAYERS}))
        regions: list[Region] = []
        for k in span_keys:
            t_r, o_r = theirs_by_key.get(k), self.ours_regions.get(k)
            d = self._item(k, t_fp.get(k), o_fp.get(k), self._why_removed(k),
                           lambda: semantic(t_r, self.record, self.text) == semantic(o_r, self.record, self.text))
            if d == THEIRS:
                regions.append(t_r)
            elif d == OURS and o_r is not None:
                o_r.key, o_r.from_record, o_r.accepted = k, True, t_r is not None
                regions.append(o_r)
        regions += [r for r in self.theirs.regions if r.key is None]  # new ones
        combined = Combined(Parsed(regions=regions, errors=self.errors, notes=self.notes), quiet=self.base.whole)
        combined.region_fps = {r.id: fp(region_view(r)) for r in self.theirs.regions}
        self.article(combined)
        return combined

    def article(self, c: Combined) -> None:
        t_fp, o_fp = article_fps(self.theirs), article_fps(self.ours)
        c.article_fps = dict(t_fp)
        for ctl in ARTICLE_KEYS:
            k = f"article:{ctl}"
            d = self._item(k, t_fp.get(k), o_fp.get(k), self._why_removed(k),
                           lambda: t_fp.get(k) == o_fp.get(k))
            src = self.theirs if d in (THEIRS, DELETE) else self.ours
            c.parsed.article[ctl] = list(src.article.get(ctl) or []) if d != DELETE else []
            c.origins[k] = (d in (OURS, CONFLICT), k in t_fp)
        t_paths = {narrative_key(p): p for p in self.theirs.article.get(N.NARRATIVES) or [] if isinstance(p, list)}
        o_paths = {narrative_key(p): p for p in self.ours.article.get(N.NARRATIVES) or []}
        base_keys = {k for k in self.base.keys() if k.startswith("narratives:")}
        paths = []
        for k in [*o_paths, *(k for k in t_paths if k not in o_paths), *sorted(base_keys - set(o_paths) - set(t_paths))]:
            d = self._item(k, t_fp.get(k), o_fp.get(k), self._why_removed(k), lambda: True)
            if d == THEIRS:
                paths.append(t_paths[k])
                c.origins[k] = (False, True)
            elif d == OURS and k in o_paths:
                paths.append(o_paths[k])
                c.origins[k] = (True, k in t_paths)
        bad = [p for p in self.theirs.article.get(N.NARRATIVES) or [] if not isinstance(p, list)]
        c.parsed.article[N.NARRATIVES] = paths + bad


_SPAN_LAYERS = ("mentions", "claims", "techniques", "timexes")


def reconcile(record: dict, ours: Parsed, theirs: Parsed, base: Base, text: str) -> Combined:
    return Reconciler(record, ours, theirs, base, text).run()
