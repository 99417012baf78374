"""Text and JSON renderings of the agreement report (compare.report)."""

from __future__ import annotations

import json


def fmt(fig: dict) -> str:
    if fig["status"] == "too_few":
        return f"too few items (n={fig['n']})"
    if fig["status"] == "undefined":
        return f"undefined (n={fig['n']})"
    return f"{fig['value']:.3f} (n={fig['n']})"


def _prf(d: dict) -> str:
    if d["f1"]["status"] != "ok":
        return fmt(d["f1"])
    return f"P {d['precision']['value']:.3f}  R {d['recall']['value']:.3f}  F1 {d['f1']['value']:.3f}"


def render_json(rep: dict) -> str:
    return json.dumps(rep, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _span(x: dict) -> str:
    return f"[{x['start']}:{x['end']}] {x['label']}: {x['text']!r}"


def render_disagreements(rep: dict) -> list[str]:
    """Every span without an exact counterpart and every unequal attribute, per pair."""
    out = []
    for a, b in rep["pairs"]:
        out += ["", f"Disagreements: {b} against {a}"]
        for layer, results in rep["spans"].items():
            r = next(x for x in results if x["reference"] == a and x["response"] == b)
            for who, key in ((a, "only_reference"), (b, "only_response")):
                for x in r[key]:
                    out.append(f"  {layer} only in {who}: {x['article']} {_span(x)}")
        for name, results in rep["attributes"].items():
            r = next(x for x in results if x["reference"] == a and x["response"] == b)
            for d in r["disagreements"]:
                ra, rb = d["reference"], d["response"]
                where = _span(ra) if (ra["start"], ra["end"]) == (rb["start"], rb["end"]) else \
                    f"{_span(ra)} / {_span(rb)}"
                out.append(f"  {name}: {d['article']} {where}: {a} {ra['value']!r}, {b} {rb['value']!r}")
    return out


def render_text(rep: dict, disagreements: bool = False) -> str:
    out = [f"newsframes agree: {len(rep['articles'])} article(s), passes {', '.join(rep['passes'])}",
           (f"minimum items: {rep['min_items']['alpha']} for alpha, {rep['min_items']['raw']} for raw agreement "
           "and P/R/F1 (fewer: 'too few items')"), ""]
    out.append("Article labels (all passes)")
    for field, r in rep["labels"].items():
        if r["kind"] == "single":
            out.append(f"  {field:<15} alpha {fmt(r['alpha'])}; raw agreement {fmt(r['raw'])}")
        else:
            out.append(f"  {field:<15} raw agreement (same set) {fmt(r['raw'])}; mean Jaccard {fmt(r['jaccard'])}")
            for label, x in r["per_label"].items():
                out.append(f"      {label:<60} alpha {fmt(x['alpha'])}; in {', '.join(x['passes'])}")
        if r["kind"] == "single" and len(r["values"]) <= 3:
            for art, vals in r["values"].items():
                for p, v in vals.items():
                    shown = v if not isinstance(v, list) else ", ".join(v) or "(none)"
                    out.append(f"      {art} / {p}: {shown}")
    for a, b in rep["pairs"]:
        out += ["", f"Spans: {b} against {a} (reference)"]
        for layer, results in rep["spans"].items():
            r = next(x for x in results if x["reference"] == a and x["response"] == b)
            out.append(f"  {layer:<11} {a} {r['n_reference']:>4}  {b} {r['n_response']:>4}  "
                       f"only-{a} {len(r['only_reference']):>3}  only-{b} {len(r['only_response']):>3}")
            out.append(f"    exact    {_prf(r['exact'])}")
            out.append(f"    partial  {_prf(r['partial'])}")
            out.append(f"    unitized alpha {fmt(r['unitized_alpha'])}")
            if "labelled" in r:
                lab = r["labelled"]
                out.append(f"    with labels: exact {_prf(lab['exact'])}; partial {_prf(lab['partial'])}; "
                           f"unitized alpha {fmt(lab['unitized_alpha'])}")
                for label, x in r["per_label"].items():
                    out.append(f"      {label:<40} {x['n_reference']:>3} {x['n_response']:>3}  "
                               f"exact {_prf(x['exact'])}; partial {_prf(x['partial'])}; "
                               f"unitized alpha {fmt(x['unitized_alpha'])}")
        out += ["", f"Attributes of matched spans: {b} against {a}"]
        for name, results in rep["attributes"].items():
            r = next(x for x in results if x["reference"] == a and x["response"] == b)
            out.append(f"  {name:<17} raw agreement {fmt(r['raw'])}; alpha {fmt(r['alpha'])}; "
                       f"{len(r['disagreements'])} disagreement(s)")
        c = next(x for x in rep["clustering"] if x["reference"] == a and x["response"] == b)
        out.append(f"  {'entity clusters':<17} B-cubed {_prf(c['b_cubed'])}")
    if disagreements:
        out += render_disagreements(rep)
    return "\n".join(out) + "\n"
