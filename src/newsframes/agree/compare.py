"""The agreement report of two or more annotation passes (a JSON-ready dict).

Input: `articles`: article id -> pass id -> `Pass`. Figures over spans and span attributes
are computed for each pair of passes (the first as reference) over the articles both
annotated, summed over those articles; article labels are compared over all passes at once
(Krippendorff's alpha allows missing values). See docs/agreement.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from . import layers
from . import spans as sp
from .figures import MIN_ALPHA_ITEMS, MIN_RAW_ITEMS, alpha_figure, figure, raw_figure
from .unitized import unitized_alpha

FORMAT = "newsframes-agree/1"


@dataclass(frozen=True)
class Pass:
    id: str
    article: str
    path: str
    record: dict
    text: str


def prf_figure(prf: sp.PRF) -> dict:
    n = prf.n_response + prf.n_reference
    return {"precision": figure(prf.precision, n, MIN_RAW_ITEMS), "recall": figure(prf.recall, n, MIN_RAW_ITEMS),
            "f1": figure(prf.f1, n, MIN_RAW_ITEMS)}


def _add(a: sp.PRF | None, b: sp.PRF) -> sp.PRF:
    if a is None:
        return b
    return sp.PRF(a.n_response + b.n_response, a.n_reference + b.n_reference,
                  a.precision_sum + b.precision_sum, a.recall_sum + b.recall_sum)


def _brief(art: str, x: dict, text: str) -> dict:
    return {"article": art, "start": x["start"], "end": x["end"], "label": x["label"],
            "text": text[x["start"]:x["end"]]}


def _pairs(articles: dict[str, dict[str, Pass]]) -> list[tuple[str, str]]:
    ids = sorted({p for passes in articles.values() for p in passes})
    return [(a, b) for a, b in combinations(ids, 2)
            if any(a in passes and b in passes for passes in articles.values())]


def _shared(articles, a, b):
    return [(art, passes[a], passes[b]) for art, passes in sorted(articles.items()) if a in passes and b in passes]


def span_layer(articles, a: str, b: str, layer: str) -> dict:
    labelled = layer in layers.LABELLED
    tot = {k: None for k in ("exact", "partial", "l_exact", "l_partial")}
    per: dict[str, list] = {}
    only_ref, only_resp = [], []
    coders: list[dict[str, list]] = [{}, {}]
    coders_l: list[dict[str, list]] = [{}, {}]
    offset = 0
    shared = _shared(articles, a, b)
    for art, pa, pb in shared:
        ref, resp = layers.spans(pa.record, layer), layers.spans(pb.record, layer)
        t_ref = [(x["start"], x["end"], x["label"]) for x in ref]
        t_resp = [(x["start"], x["end"], x["label"]) for x in resp]
        tot["exact"] = _add(tot["exact"], sp.exact(t_resp, t_ref, labelled=False))
        tot["partial"] = _add(tot["partial"], sp.partial(t_resp, t_ref, labelled=False))
        if labelled:
            tot["l_exact"] = _add(tot["l_exact"], sp.exact(t_resp, t_ref))
            tot["l_partial"] = _add(tot["l_partial"], sp.partial(t_resp, t_ref))
            for label, (ex, pa_) in sp.per_label(t_resp, t_ref).items():
                cur = per.setdefault(label, [None, None])
                cur[0], cur[1] = _add(cur[0], ex), _add(cur[1], pa_)
        ref_keys = {k[:2] for k in t_ref}
        resp_keys = {k[:2] for k in t_resp}
        only_ref += [_brief(art, x, pa.text) for x in ref if (x["start"], x["end"]) not in resp_keys]
        only_resp += [_brief(art, x, pb.text) for x in resp if (x["start"], x["end"]) not in ref_keys]
        for k, items in enumerate((ref, resp)):
            for x in items:
                span = (x["start"] + offset, x["end"] + offset)
                coders[k].setdefault("span", []).append(span)
                coders_l[k].setdefault(x["label"], []).append(span)
        offset += len(pa.text)
    out = {"reference": a, "response": b, "articles": len(shared),
           "n_reference": tot["exact"].n_reference if tot["exact"] else 0,
           "n_response": tot["exact"].n_response if tot["exact"] else 0,
           "exact": prf_figure(tot["exact"] or sp.PRF(0, 0, 0, 0)),
           "partial": prf_figure(tot["partial"] or sp.PRF(0, 0, 0, 0)),
           "unitized_alpha": _ualpha(coders, offset)}
    if labelled:
        out["labelled"] = {"exact": prf_figure(tot["l_exact"] or sp.PRF(0, 0, 0, 0)),
                           "partial": prf_figure(tot["l_partial"] or sp.PRF(0, 0, 0, 0)),
                           "unitized_alpha": _ualpha(coders_l, offset)}
        out["per_label"] = {label: {"n_reference": ex.n_reference, "n_response": ex.n_response,
                                    "exact": prf_figure(ex), "partial": prf_figure(pa_)}
                            for label, (ex, pa_) in sorted(per.items())}
    out["only_reference"] = only_ref
    out["only_response"] = only_resp
    return out


def _ualpha(coders: list[dict[str, list]], length: int) -> dict:
    n = sum(len(v) for c in coders for v in c.values())
    if n < MIN_ALPHA_ITEMS or length <= 0:
        return figure(None, n, MIN_ALPHA_ITEMS)
    value, _ = unitized_alpha(coders, 0, length)
    return figure(value, n, MIN_ALPHA_ITEMS)


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
                               "reference": {**_brief(art, xa, pa.text), "value": _jsonable(va)},
                               "response": {**_brief(art, xb, pb.text), "value": _jsonable(vb)}})

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


def labels_report(articles: dict[str, dict[str, Pass]]) -> dict:
    coders = sorted({p for passes in articles.values() for p in passes})
    arts = sorted(articles)
    out = {}
    for field in layers.SINGLE_LABELS:
        rows = [[layers.single_label(articles[art][c].record, field) if c in articles[art] else None
                 for art in arts] for c in coders]
        out[field] = {"kind": "single", "alpha": alpha_figure(rows), "raw": raw_figure(_unit_pairs(rows)),
                      "values": {art: {c: layers.single_label(articles[art][c].record, field)
                                       for c in coders if c in articles[art]} for art in arts}}
    for field in layers.MULTI_LABELS:
        sets = {c: {art: layers.multi_label(articles[art][c].record, field) for art in arts if c in articles[art]}
                for c in coders}
        labels = sorted({lab for c in coders for s in sets[c].values() for lab in s})
        per = {}
        for lab in labels:
            rows = [[(lab in sets[c][art]) if art in sets[c] else None for art in arts] for c in coders]
            per[lab] = {"alpha": alpha_figure(rows), "passes": [c for c in coders if any(lab in s for s in sets[c].values())]}
        rows = [[frozenset(sets[c][art]) if art in sets[c] else None for art in arts] for c in coders]
        jac = [_jaccard(x, y) for x, y in _unit_pairs(rows)]
        out[field] = {"kind": "multi", "raw": raw_figure(_unit_pairs(rows)),
                      "jaccard": figure(sum(jac) / len(jac) if jac else None, len(jac), MIN_RAW_ITEMS),
                      "per_label": per,
                      "values": {art: {c: sorted(sets[c][art]) for c in coders if art in sets[c]} for art in arts}}
    return out


def _unit_pairs(rows):
    """(value, value) for every pair of coders on every unit both coded."""
    out = []
    for unit in zip(*rows):
        vals = [v for v in unit if v is not None]
        out += list(combinations(vals, 2))
    return out


def _jaccard(x: frozenset, y: frozenset) -> float:
    return len(x & y) / len(x | y) if x | y else 1.0


def report(articles: dict[str, dict[str, Pass]]) -> dict:
    pairs = _pairs(articles)
    spans_out = {layer: [span_layer(articles, a, b, layer) for a, b in pairs] for layer in layers.SPAN_LAYERS}
    attrs: dict[str, list] = {}
    clustering = []
    for a, b in pairs:
        per_attr, bc = attributes_pair(articles, a, b)
        for name, res in per_attr.items():
            attrs.setdefault(name, []).append(res)
        clustering.append(bc)
    return {
        "format": FORMAT,
        "min_items": {"alpha": MIN_ALPHA_ITEMS, "raw": MIN_RAW_ITEMS},
        "passes": sorted({p for passes in articles.values() for p in passes}),
        "articles": [{"id": art, "passes": {p: articles[art][p].path for p in sorted(articles[art])}}
                     for art in sorted(articles)],
        "pairs": [[a, b] for a, b in pairs],
        "labels": labels_report(articles),
        "spans": spans_out,
        "attributes": attrs,
        "clustering": clustering,
    }
