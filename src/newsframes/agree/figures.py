"""Figures with their item counts, and the minimum-items rule.

Every figure is a dict `{"value": float | None, "n": int, "status": str}`:
`ok` (value set), `too_few` (fewer items than the minimum: value None), `undefined`
(enough items but the figure has no value, e.g. alpha when all values are the same).
The minimums are documented in docs/agreement.md.
"""

from __future__ import annotations

import math

# Chance-corrected figures (Krippendorff's alpha of labels or attributes, unitized alpha):
# at least this many units (articles, matched span pairs, spans of all passes together).
MIN_ALPHA_ITEMS = 10
# Raw agreement, precision/recall/F1: at least this many items (articles, matched pairs,
# spans of both passes together).
MIN_RAW_ITEMS = 5


def figure(value: float | None, n: int, minimum: int) -> dict:
    if n < minimum:
        return {"value": None, "n": n, "status": "too_few"}
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return {"value": None, "n": n, "status": "undefined"}
    return {"value": round(float(value), 4), "n": n, "status": "ok"}


def nominal_alpha(rows: list[list[object]]) -> float | None:
    """Krippendorff's alpha, nominal, via the `krippendorff` package. `rows`: one list per
    coder, one value per unit (None: missing). None when alpha is undefined (no pairable
    units, or one value only)."""
    import krippendorff
    import numpy as np

    codes: dict[object, int] = {}
    for row in rows:
        for v in row:
            if v is not None and v not in codes:
                codes[v] = len(codes)
    if len(codes) < 2:
        return None
    data = np.array([[np.nan if v is None else codes[v] for v in row] for row in rows], dtype=float)
    try:
        value = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    except (ValueError, ZeroDivisionError):
        return None
    return None if math.isnan(value) else float(value)


def pairable(rows: list[list[object]]) -> int:
    """Units holding values from two or more coders (the units alpha counts)."""
    return sum(1 for unit in zip(*rows) if sum(v is not None for v in unit) >= 2)


def alpha_figure(rows: list[list[object]]) -> dict:
    n = pairable(rows)
    return figure(nominal_alpha(rows) if n >= MIN_ALPHA_ITEMS else None, n, MIN_ALPHA_ITEMS)


def raw_figure(pairs: list[tuple[object, object]]) -> dict:
    """Share of pairs with equal values."""
    n = len(pairs)
    return figure(sum(a == b for a, b in pairs) / n if n else None, n, MIN_RAW_ITEMS)


def prf_figure(prf) -> dict:
    """Precision, recall and F1 of a `spans.PRF`, each a figure counted on the spans of
    both passes together."""
    n = prf.n_response + prf.n_reference
    return {"precision": figure(prf.precision, n, MIN_RAW_ITEMS), "recall": figure(prf.recall, n, MIN_RAW_ITEMS),
            "f1": figure(prf.f1, n, MIN_RAW_ITEMS)}
