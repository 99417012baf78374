"""Apply a reconciled Label Studio annotation (reconcile.py) to a copy of a record.

A region that stands for the record's own item leaves it as it is (a kept tool proposal
becomes `tool+manual:<tool>`); a region Label Studio changed updates its item (its source
becomes `tool+manual:<what proposed it>` when a tool or an AI model made it) and keeps
everything Label Studio cannot show (notes, verdict evidence, Wikidata ids); a new region
becomes a new item with source `manual`; an item with no region was removed (reconcile.py
said why). Every value is checked against the taxonomies here, where the region is known:
an unknown label, a second value in a single choice, a verdict without evidence is an
error naming the region, never dropped or coerced."""

from __future__ import annotations

import re

import orjson

from ..taxonomy import Taxonomies
from . import names as N
from .merge_article import ArticleMerge, checked, corrected
from .reconcile import Combined
from .results import Region

_ENTITY_ID = re.compile(r"^(e[0-9]+)(?:\s|\Z)")
_ID = re.compile(r"^([a-z]+)([0-9]+)\Z")
PREFIX = {"mentions": "m", "claims": "c", "techniques": "p", "timexes": "t"}


def _next_id(prefix: str, taken: set[str]) -> str:
    nums = [int(m.group(2)) for x in taken if (m := _ID.match(x)) and m.group(1) == prefix]
    return f"{prefix}{max(nums, default=0) + 1}"


class Merger(ArticleMerge):
    def __init__(self, record: dict, text: str, tax: Taxonomies, combined: Combined):
        self.old = record
        self.rec = orjson.loads(orjson.dumps(record))  # a deep copy, ~20x faster than copy.deepcopy
        self.text, self.tax = text, tax
        self.c = combined
        self.p = combined.parsed
        self.errors, self.notes = self.p.errors, self.p.notes
        self.assigned: dict[str, str] = {}  # Label Studio region id -> record key

    def err(self, rid, what, todo):
        self.errors.append((rid, what, todo))

    def one(self, r: Region, ctl: str, what: str) -> str | None:
        """The one value of a per-region control (None when empty); several: an error."""
        vals = list(dict.fromkeys(str(v).strip() for v in r.attrs.get(ctl, []) if str(v).strip()))
        if len(vals) > 1:
            self.err(r.id, f"{what} has {len(vals)} values {vals}", f"give '{what}' one value")
        return vals[0] if vals else None

    def allowed(self, r: Region, value, options, what: str) -> bool:
        if value is None or value in options:
            return True
        self.err(r.id, f"{what} {value!r} is not in the taxonomy", "use the config of `newsframes labelstudio config`")
        return False

    # -- the span layers ---------------------------------------------------------------
    def _spans(self, layer: str, build, seen=None) -> None:
        old_items = self.rec.get(layer, [])
        by_id = {x.get("id"): x for x in old_items}
        pos = {id(x): i for i, x in enumerate(old_items)}
        kept: list[tuple[int, dict]] = []
        new: list[Region] = []
        for r in (r for r in self.p.regions if r.layer == layer):
            item = by_id.get(r.key.partition(":")[2]) if r.key else None
            if r.from_record:
                if item is None:
                    continue
                if r.accepted:
                    item["source"] = checked(item.get("source"))
                if seen:
                    seen(r, item)
                kept.append((pos[id(item)], item))
            elif item is None:
                new.append(r)
            else:
                source = item.get("source")
                before = orjson.dumps(item, option=orjson.OPT_SORT_KEYS)
                built = build(r, item)  # self.rec is already a copy: edit in place
                if built is not None:  # the same values again (no base to compare with) is no change
                    same = orjson.dumps({**built, "source": source}, option=orjson.OPT_SORT_KEYS) == before
                    built["source"] = checked(source) if same else corrected(source)
                    kept.append((pos[id(item)], built))
                    self.assigned[r.id] = r.key
        out = [b for _, b in sorted(kept, key=lambda t: t[0])]
        taken = {str(x.get("id")) for x in old_items}
        for r in sorted(new, key=lambda r: (r.start, r.end)):
            built = build(r, None)
            if built is None:
                continue
            want = r.key.partition(":")[2] if r.key else None
            m = _ID.match(want or "")
            built["id"] = want if m and m.group(1) == PREFIX[layer] and want not in taken else _next_id(
                PREFIX[layer], taken)
            taken.add(built["id"])
            built["source"] = "manual"
            out.append(built)
            self.assigned[r.id] = f"{layer}:{built['id']}"
        self.rec[layer] = out

    def _set_span(self, item: dict, r: Region) -> None:
        item["start"], item["end"], item["text"] = r.start, r.end, self.text[r.start:r.end]

    def techniques(self):
        groups = self.tax.technique_groups

        def build(r, item):
            if r.label not in groups:
                return self.err(r.id, f"unknown technique {r.label!r}", "use the config of `newsframes labelstudio config`")
            if r.control != N.TECHNIQUE_PREFIX + groups[r.label]:
                return self.err(r.id, f"technique {r.label!r} comes from control {r.control!r}, not from its group "
                                f"{groups[r.label]!r}", "use the config of `newsframes labelstudio config`")
            item = item or {"id": "", "label": r.label, "start": 0, "end": 0, "text": "", "source": "", "note": None}
            item["label"] = r.label
            self._set_span(item, r)
            return item
        self._spans("techniques", build)

    def timexes(self):
        def build(r, item):
            value, mod = self.one(r, N.TIMEX_VALUE, "TIMEX3 value"), self.one(r, N.TIMEX_MOD, "TIMEX3 mod")
            ok = self.allowed(r, r.label, self.tax.timex_types, "TIMEX3 type") & self.allowed(
                r, mod, self.tax.timex_mods, "TIMEX3 mod")
            if not value:
                return self.err(r.id, f"TIMEX3 {self.text[r.start:r.end]!r} has no value",
                                "type its value (e.g. 2025-06-30) in 'TIMEX3 value'")
            if not ok:
                return None
            item = item or {"id": "", "start": 0, "end": 0, "text": "", "type": r.label, "value": value,
                            "mod": None, "source": ""}
            self._set_span(item, r)
            item["type"], item["value"], item["mod"] = r.label, value, mod
            return item
        self._spans("timexes", build)

    def mentions(self):
        ents = self.rec.setdefault("entities", [])
        by_name = {e["name"]: e["id"] for e in ents}
        ids = {e["id"] for e in ents}
        had_mentions = {m.get("entity") for m in self.rec.get("mentions", [])}
        label_of: dict[str, set] = {}
        roles_of: dict[str, dict[str, list]] = {}
        accepted_roles: dict[str, set] = {}
        accepted_entities: set[str] = set()

        def note_roles(r: Region, eid: str):
            label_of.setdefault(eid, set()).add(r.label)
            for main in self.tax.role_main:
                fine = [str(f) for f in r.attrs.get(N.ROLE_PREFIX + main) or []]
                if fine:
                    lst = roles_of.setdefault(eid, {}).setdefault(main, [])
                    lst += [f for f in fine if f not in lst]
                    if r.accepted:
                        accepted_roles.setdefault(eid, set()).add(main)
            if r.accepted:
                accepted_entities.add(eid)

        def seen(r: Region, item: dict):
            note_roles(r, item["entity"])

        def build(r, item):
            ok = self.allowed(r, r.label, self.tax.entity_types, "entity type")
            metonymy = self.one(r, N.METONYMY, "Metonymy")
            ok &= self.allowed(r, metonymy, N.METONYMY_VALUES, "metonymy")
            for main in self.tax.role_main:
                bad = [f for f in r.attrs.get(N.ROLE_PREFIX + main) or [] if self.tax.role_fine.get(f) != main]
                if bad:
                    ok = self.err(r.id, f"roles {bad} are not {main} roles", "use the generated config") or False
            ref = self.one(r, N.ENTITY_REF, "Entity") or self.text[r.start:r.end]
            if not ok:
                return None
            m = _ENTITY_ID.match(ref)
            if m:
                eid = m.group(1)
                if eid not in ids:
                    return self.err(r.id, f"entity {eid} does not exist in this record",
                                    "type an existing e<N>, or a name to create a new entity")
            elif ref in by_name:
                eid = by_name[ref]
            else:
                eid = _next_id("e", ids)
                ents.append({"id": eid, "name": ref, "type": r.label, "wikidata": None, "roles": [],
                             "source": "manual", "note": None})
                by_name[ref], _ = eid, ids.add(eid)
                self.notes.append(f"region {r.id}: new entity {eid} {ref!r} ({r.label})")
            note_roles(r, eid)
            item = item or {"id": "", "entity": eid, "start": 0, "end": 0, "text": "", "metonymy": None,
                            "source": ""}
            self._set_span(item, r)
            item["entity"], item["metonymy"] = eid, metonymy
            return item
        self._spans("mentions", build, seen)
        self._entities(label_of, roles_of, accepted_roles, accepted_entities, had_mentions)

    def _entities(self, label_of, roles_of, accepted_roles, accepted_entities, had_mentions):
        claimants = {c.get("claimant") for c in self.rec.get("claims", [])}
        kept = []
        for e in self.rec.get("entities", []):
            labels = label_of.get(e["id"])
            if not labels and e["id"] not in claimants and e["id"] in had_mentions:
                if not self.c.quiet:
                    self.notes.append(f"removed entity {e['id']} {e['name']!r}: its last mention was removed")
                continue
            if labels and len(labels) > 1:
                self.err(e["id"], f"the mentions of entity {e['id']} {e['name']!r} have different types "
                         f"{sorted(labels)}", "give all mentions of one entity the same type")
            elif labels and e["type"] not in labels:
                self.notes.append(f"entity {e['id']} {e['name']!r}: type {e['type']} -> {next(iter(labels))}")
                e["type"] = next(iter(labels))
                e["source"] = corrected(e.get("source"))
            if e["id"] in accepted_entities:
                e["source"] = checked(e.get("source"))
            if labels:  # an entity with no mention here keeps its roles (marked in the JSON)
                e["roles"] = self._roles(e, roles_of.get(e["id"], {}), accepted_roles.get(e["id"], set()))
            kept.append(e)
        self.rec["entities"] = kept

    def _roles(self, e: dict, marked: dict[str, list], accepted: set[str]) -> list[dict]:
        out = []
        old = {r["main"]: r for r in e.get("roles", [])}
        for main in [r["main"] for r in e.get("roles", [])] + [m for m in self.tax.role_main if m not in old]:
            fine = marked.get(main)
            if not fine:
                continue
            role = old.get(main)
            if role and set(role["fine"]) == set(fine):
                out.append({**role, "source": checked(role.get("source"))} if main in accepted else role)
            elif role:
                keep = [f for f in role["fine"] if f in fine]
                out.append({**role, "fine": keep + [f for f in fine if f not in keep], "source": "manual"})
            else:
                out.append({"main": main, "fine": list(fine), "source": "manual", "note": None})
        return out

    def claims(self):
        ents = {e["id"] for e in self.rec.get("entities", [])}
        names = {e["name"]: e["id"] for e in self.rec.get("entities", [])}

        def build(r, item):
            who = self.one(r, N.CLAIMANT, "claimant")
            if who and not re.fullmatch(r"author|unnamed|e[0-9]+", who):
                who = names.get(who) or self.err(r.id, f"claimant {who!r} is no entity name of this record",
                                                 "type author, unnamed, e<N> or an entity's exact name")
            elif who and who.startswith("e") and who not in ents:
                who = self.err(r.id, f"claimant {who} does not exist", "type author, unnamed or an existing e<N>")
            ctype = self.one(r, N.CLAIM_TYPE, "claim type")
            cw = self.one(r, N.CHECKWORTHY, "check-worthy")
            verdict = self.one(r, N.VERDICT, "verdict")
            ok = self.allowed(r, ctype, self.tax.claim_types, "claim type") & self.allowed(
                r, cw, (N.YES, N.NO), "check-worthy") & self.allowed(r, verdict, self.tax.verdicts, "verdict")
            for val, what in ((who, "claimant"), (ctype, "claim type"), (cw, "check-worthy")):
                if not val:
                    return self.err(r.id, f"claim {self.text[r.start:r.end][:40]!r} has no {what}",
                                    f"set '{what}' on the claim")
            old = (item or {}).get("verdict") or {"label": "unverified", "checked": None, "evidence": [], "note": None}
            if verdict not in (None, "unverified", old["label"]) and not old.get("evidence"):
                ok = self.err(r.id, f"verdict {verdict!r} needs evidence (URLs and dates), which only the JSON holds",
                              "leave the verdict 'unverified' in Label Studio; set the label, its evidence and "
                              "the checked date in the JSON record") or False
            if not ok:
                return None
            item = item or {"id": "", "start": 0, "end": 0, "text": "", "claimant": who, "cue": None,
                            "type": ctype, "checkworthy": True, "verdict": None, "source": ""}
            self._set_span(item, r)
            item["claimant"], item["type"], item["checkworthy"] = who, ctype, cw == N.YES
            cue = r.cue
            item["cue"] = None if cue is None else {"start": cue.start, "end": cue.end,
                                                    "text": self.text[cue.start:cue.end]}
            item["verdict"] = old if verdict in (None, old["label"]) else {**old, "label": verdict}
            return item
        self._spans("claims", build)

    def run(self) -> dict:
        self.techniques()
        self.timexes()
        self.mentions()
        self.claims()
        self.article()
        return self.rec


def merge(record: dict, text: str, tax: Taxonomies, combined: Combined) -> tuple[dict, dict[str, str]]:
    """(merged record, Label Studio region id -> record key of the regions it applied)."""
    m = Merger(record, text, tax, combined)
    rec = m.run()
    return rec, m.assigned
