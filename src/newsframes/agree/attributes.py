"""Attributes of spans matched across two passes, entity alignment and B-cubed (see
docs/agreement.md): for each pair of passes, the (reference, response) values of every
attribute, their raw agreement and Krippendorff's alpha, and the unequal pairs."""

from __future__ import annotations

from . import layers
from . import spans as sp
from .figures import alpha_figure, prf_figure, raw_figure
from .layers import Pass, brief


def _shared(articles, a, b):
    return [(art, passes[a], passes[b]) for art, passes in sorted(articles.items()) if a in passes and b in passes]


def _entity_alignment(mpairs, ents_a: dict, ents_b: dict) -> dict[str, str]:
    """entity of pass a -> entity of pass b: one to one, by the number of matched mentions
    they share (ties: smaller ids first)."""
    counts: dict[tuple[str, str], int] = {}
    for ma, mb in mpairs:
        key = (ma["entity"], mb["entity"])
        counts[key] = counts.get(key, 0) + 1
    out, used_b = {}, set()
    for (ea, eb), _ in sorted(counts.items(), key=lambda kv: (-kv[1], _num(kv[0][0]), _num(kv[0][1]))):
        if ea not in out and eb not in used_b:
            out[ea] = eb
            used_b.add(eb)
    return out


def _num(ident: str) -> tuple[int, str]:
    digits = "".join(ch for ch in ident if ch.isdigit())
    return (int(digits) if digits else 0, ident)


def _matched(pa: Pass, pb: Pass, layer: str):
    xa, xb = layers.spans(pa.record, layer), layers.spans(pb.record, layer)
    pairs = sp.match([(x["start"], x["end"]) for x in xa], [(x["start"], x["end"]) for x in xb])
    return [(xa[i], xb[j]) for i, j in pairs]


class _Attr:
    """Collects (reference value, response value) pairs of one attribute."""

    def __init__(self):
        self.pairs: list[tuple[object, object]] = []
        self.diffs: list[dict] = []

    def add(self, art, xa, xb, va, vb, pa, pb):
        self.pairs.append((va, vb))
        if va != vb:
            self.diffs.append({"article": art,
                               "reference": {**brief(art, xa, pa.text), "value": _jsonable(va)},
                               "response": {**brief(art, xb, pb.text), "value": _jsonable(vb)}})

    def result(self, a, b) -> dict:
        rows = [[_key(x) for x, _ in self.pairs], [_key(y) for _, y in self.pairs]]
        return {"reference": a, "response": b, "raw": raw_figure(self.pairs), "alpha": alpha_figure(rows),
                "disagreements": self.diffs}


def _key(v):
    if v is None:
        return "(none)"
    return v if not isinstance(v, (list, tuple, set)) else "|".join(sorted(v)) or "(none)"


def _jsonable(v):
    return list(v) if isinstance(v, (tuple, set)) else v


def _claimant(value: str, align: dict[str, str], names: dict[str, str]) -> str:
    if value.startswith("e"):
        return "entity:" + (align.get(value) or f"unaligned:{names.get(value) or value}")
    return value


def attributes_pair(articles, a: str, b: str) -> tuple[dict, dict]:
    names = ("claim type", "check-worthiness", "verdict", "claimant", "entity type", "metonymy",
             "main role", "fine roles", "technique", "TIMEX3 type", "TIMEX3 value", "TIMEX3 mod")
    acc = {n: _Attr() for n in names}
    bc_items: list[tuple[tuple, tuple]] = []
    for art, pa, pb in _shared(articles, a, b):
        mpairs = _matched(pa, pb, "mentions")
        align = _entity_alignment([(x["item"], y["item"]) for x, y in mpairs],
                                  layers.entity_types(pa.record), layers.entity_types(pb.record))
        ta, tb = layers.entity_types(pa.record), layers.entity_types(pb.record)
        for xa, xb in mpairs:
            ma, mb = xa["item"], xb["item"]
            acc["entity type"].add(art, xa, xb, ta.get(ma["entity"]), tb.get(mb["entity"]), pa, pb)
            acc["metonymy"].add(art, xa, xb, ma.get("metonymy"), mb.get("metonymy"), pa, pb)
            bc_items.append(((art, ma["entity"]), (art, mb["entity"])))
        names_a = {e["id"]: e.get("name") for e in pa.record.get("entities") or []}
        for xa, xb in _matched(pa, pb, "claims"):
            ca, cb = xa["item"], xb["item"]
            acc["claim type"].add(art, xa, xb, ca.get("type"), cb.get("type"), pa, pb)
            acc["check-worthiness"].add(art, xa, xb, ca.get("checkworthy"), cb.get("checkworthy"), pa, pb)
            acc["verdict"].add(art, xa, xb, (ca.get("verdict") or {}).get("label"),
                               (cb.get("verdict") or {}).get("label"), pa, pb)
            # the response's entity ids are compared through the alignment of entities by mentions
            va = _claimant(ca.get("claimant", ""), align, names_a)
            vb = cb.get("claimant", "")
            vb = "entity:" + vb if vb.startswith("e") else vb
            acc["claimant"].add(art, xa, xb, va, vb, pa, pb)
        ra, rb = layers.entity_roles(pa.record), layers.entity_roles(pb.record)
        ents_b = {e["id"]: e for e in pb.record.get("entities") or []}
        for ea in sorted(align, key=_num):
            eb = align[ea]
            (main_a, fine_a), (main_b, fine_b) = ra.get(ea, ((), ())), rb.get(eb, ((), ()))
            if not (main_a or main_b):
                continue
            xa = {"start": 0, "end": 0, "label": names_a.get(ea) or ea}
            xb = {"start": 0, "end": 0, "label": (ents_b.get(eb) or {}).get("name") or eb}
            acc["main role"].add(art, xa, xb, main_a, main_b, pa, pb)
            acc["fine roles"].add(art, xa, xb, fine_a, fine_b, pa, pb)
        for xa, xb in _matched(pa, pb, "techniques"):
            acc["technique"].add(art, xa, xb, xa["label"], xb["label"], pa, pb)
        for xa, xb in _matched(pa, pb, "timexes"):
            for field, name in (("type", "TIMEX3 type"), ("value", "TIMEX3 value"), ("mod", "TIMEX3 mod")):
                acc[name].add(art, xa, xb, xa["item"].get(field), xb["item"].get(field), pa, pb)
    return {n: acc[n].result(a, b) for n in names}, {"reference": a, "response": b,
                                                      "b_cubed": prf_figure(b_cubed(bc_items))}


def b_cubed(items: list[tuple[tuple, tuple]]) -> sp.PRF:
    """B-cubed (Bagga & Baldwin 1998) over mentions matched across the two passes: each item
    is (its cluster in the reference, its cluster in the response). Precision averages
    |K(m) ∩ R(m)| / |R(m)|, recall |K(m) ∩ R(m)| / |K(m)| over the items."""
    ref: dict[tuple, set[int]] = {}
    resp: dict[tuple, set[int]] = {}
    for i, (k, r) in enumerate(items):
        ref.setdefault(k, set()).add(i)
        resp.setdefault(r, set()).add(i)
    p = r_ = 0.0
    for k, r in items:
        inter = len(ref[k] & resp[r])
        p += inter / len(resp[r])
        r_ += inter / len(ref[k])
    return sp.PRF(len(items), len(items), p, r_)
