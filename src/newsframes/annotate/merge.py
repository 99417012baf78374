"""Merging tool proposals into a record without touching manual annotations.

Per layer (structure.sentences, mentions, timexes):
- items whose `source` is not an unchecked `tool:...` proposal (`manual`, `model:...`,
  `tool+manual:...`, `tool+model:...`, `import:...`) are kept as they are;
- earlier unchecked `tool:...` items of the layer are dropped and replaced by the new
  proposals (so a re-run gives the same record, byte for byte);
- a proposal that overlaps a kept item of the same layer is skipped (never a duplicate);
- new ids continue after the highest id left in the layer; new items are merged into
  the kept ones by (start, end) without reordering the kept items.
Entities: unchecked `tool:` entities that nothing refers to any more (no mention, no
claim, no role) are dropped; a new mention joins the entity with the same canonical
name and type, else a new entity `e<n>` is created with the mention's provenance (and
the proposal's note, e.g. a literal place name used metonymically elsewhere).
"""

from __future__ import annotations

import re


def is_unchecked(item: dict) -> bool:
    return str(item.get("source", "")).startswith("tool:")


def _overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def _max_id(items: list[dict], prefix: str) -> int:
    best = 0
    for it in items:
        m = re.fullmatch(prefix + r"([0-9]+)", str(it.get("id", "")))
        if m:
            best = max(best, int(m.group(1)))
    return best


def _sorted(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda x: (x["start"], x["end"]))


def merge_spans(existing: list[dict], proposals: list[dict], prefix: str | None = None) -> tuple[list[dict], dict]:
    """Generic layer merge; `prefix` (e.g. "t") gives new items ids."""
    kept = [x for x in existing if not is_unchecked(x)]
    added, skipped = [], 0
    for p in _sorted(proposals):
        if any(_overlaps(p, k) for k in kept) or any(_overlaps(p, a) for a in added):
            skipped += 1
            continue
        added.append(dict(p))
    if prefix:
        n = _max_id(kept, prefix)
        for i, a in enumerate(added, start=n + 1):
            a["id"] = f"{prefix}{i}"
    stats = {"kept": len(kept), "added": len(added), "skipped": skipped,
             "replaced": len(existing) - len(kept)}
    return _merge_ordered(kept, added), stats


def _merge_ordered(kept: list[dict], added: list[dict]) -> list[dict]:
    """Insert the (sorted) new items among the kept ones, keeping the kept order."""
    out, i = [], 0
    for k in kept:
        while i < len(added) and (added[i]["start"], added[i]["end"]) < (k["start"], k["end"]):
            out.append(added[i])
            i += 1
        out.append(k)
    return out + added[i:]


def merge_sentences(record: dict, proposals: list[dict]) -> dict:
    props = [{"start": p["start"], "end": p["end"], "source": p["source"]} for p in proposals]
    record["structure"]["sentences"], stats = merge_spans(record["structure"]["sentences"], props)
    return stats


def merge_timexes(record: dict, proposals: list[dict]) -> dict:
    keys = ("id", "start", "end", "text", "type", "value", "mod", "source")
    merged, stats = merge_spans(record["timexes"], [{**p, "id": None} for p in proposals], prefix="t")
    # new items get the schema's key order; kept (manual) items are left exactly as they are
    record["timexes"] = [{k: t.get(k) for k in keys} if is_unchecked(t) else t for t in merged]
    return stats


def merge_mentions(record: dict, proposals: list[dict]) -> dict:
    mentions = [m for m in record["mentions"] if not is_unchecked(m)]
    referenced = {m.get("entity") for m in mentions}
    referenced |= {c.get("claimant") for c in record.get("claims") or []}
    entities = [e for e in record["entities"]
                if not is_unchecked(e) or e.get("id") in referenced or e.get("roles")]
    merged, stats = merge_spans(mentions, proposals, prefix="m")
    stats["replaced"] = len(record["mentions"]) - len(mentions)
    by_key = {}
    for e in entities:
        by_key.setdefault((e.get("name"), e.get("type")), e["id"])
    next_e = _max_id(entities, "e")
    new_entities = 0
    out = []
    for m in merged:
        if "entity" not in m:  # a new proposal (kept items are left exactly as they are)
            key = (m["name"], m["type"])
            if key not in by_key:
                next_e += 1
                new_entities += 1
                by_key[key] = f"e{next_e}"
                entities.append({"id": f"e{next_e}", "name": m["name"], "type": m["type"], "wikidata": None,
                                 "roles": [], "source": m["source"], "note": m.get("note")})
            m = {"id": m["id"], "entity": by_key[key], "start": m["start"], "end": m["end"],
                 "text": m["text"], "metonymy": None, "source": m["source"]}
        out.append(m)
    record["mentions"] = out
    record["entities"] = entities
    stats["entities_added"] = new_entities
    return stats
