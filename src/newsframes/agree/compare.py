"""The agreement report of two or more annotation passes (a JSON-ready dict).

Input: `articles`: article id -> pass id -> `Pass`. Figures over spans and span attributes
are computed for each pair of passes (the first as reference) over the articles both
annotated, summed over those articles; article labels are compared over all passes at once
(Krippendorff's alpha allows missing values). See docs/agreement.md.
"""

from __future__ import annotations

from itertools import combinations

from . import layers
from . import spans as sp
from .attributes import attributes_pair
from .figures import MIN_ALPHA_ITEMS, MIN_RAW_ITEMS, alpha_figure, figure, prf_figure, raw_figure
from .layers import Pass, brief
from .unitized import category_disagreement, merge_spans, unitized_alpha

FORMAT = "newsframes-agree/1"


def _add(a: sp.PRF | None, b: sp.PRF) -> sp.PRF:
    if a is None:
        return b
    return sp.PRF(a.n_response + b.n_response, a.n_reference + b.n_reference,
                  a.precision_sum + b.precision_sum, a.recall_sum + b.recall_sum)


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
        only_ref += [brief(art, x, pa.text) for x in ref if (x["start"], x["end"]) not in resp_keys]
        only_resp += [brief(art, x, pb.text) for x in resp if (x["start"], x["end"]) not in ref_keys]
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
        by_label = _ualpha_per_category(coders_l, offset)
        out["per_label"] = {label: {"n_reference": ex.n_reference, "n_response": ex.n_response,
                                    "exact": prf_figure(ex), "partial": prf_figure(pa_),
                                    "unitized_alpha": by_label[label]}
                            for label, (ex, pa_) in sorted(per.items())}
    out["only_reference"] = only_ref
    out["only_response"] = only_resp
    return out


def _units(spans: list) -> int:
    """How many units alpha_U rests on: a pass's overlapping spans of one category are
    merged into one unit before it is computed, so they count once (issue 25: 13 spans
    counted where the figure rested on 2 units)."""
    return len(merge_spans(spans))


def _ualpha(coders: list[dict[str, list]], length: int) -> dict:
    n = sum(_units(v) for c in coders for v in c.values())
    if n < MIN_ALPHA_ITEMS or length <= 0:
        return figure(None, n, MIN_ALPHA_ITEMS)
    value, _ = unitized_alpha(coders, 0, length)
    return figure(value, n, MIN_ALPHA_ITEMS)


def _ualpha_per_category(coders: list[dict[str, list]], length: int) -> dict[str, dict]:
    """alpha_c of each category (label), counted on that category's spans."""
    cats = sorted({c for coder in coders for c, units in coder.items() if units})
    out = {}
    for c in cats:
        n = sum(_units(coder.get(c, [])) for coder in coders)
        if n < MIN_ALPHA_ITEMS or length <= 0:
            out[c] = figure(None, n, MIN_ALPHA_ITEMS)
        else:
            out[c] = figure(category_disagreement([coder.get(c, []) for coder in coders], 0, length).alpha,
                            n, MIN_ALPHA_ITEMS)
    return out


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
