"""Krippendorff's unitized alpha (alpha_U) for spans on a text continuum.

Definition: Krippendorff, K. (1995) "On the reliability of unitizing contiguous data",
Sociological Methodology 25: 47-76, in the form of Krippendorff, K. (2004) *Content
Analysis: An Introduction to Its Methodology*, 2nd ed., Sage, pp. 251-256 (the example on
p. 254 is tested in tests/test_agree_unitized.py). The same formulas are implemented in
DKPro Statistics (`KrippendorffAlphaUnitizingAgreement`, github.com/dkpro/dkpro-statistics),
whose tests of the 1995 and 2004 examples ours reproduce.

For one category c, each coder's continuum [B, B+L) is cut into sections: the coder's units
of c and the gaps between them (units of other categories count as gaps). For two sections
g (coder i) and h (coder j) that overlap, the squared distance is

    (b_g - b_h)^2 + (e_g - e_h)^2   both are units (b: begin, e: end)
    l_g^2                           g is a unit lying wholly inside the gap h
    l_h^2                           h is a unit lying wholly inside the gap g
    0                               otherwise (two gaps; a unit only partly in a gap)

    D_o(c) = sum over ordered coder pairs i != j and overlapping sections of the distance
             / (m (m - 1) L^2)
    D_e(c) = (2 / L) * sum over units u of c of
               [ (N_c - 1)/3 * (2 l_u^3 - 3 l_u^2 + l_u)
                 + l_u^2 * sum over gaps g of c with l_g >= l_u of (l_g - l_u + 1) ]
             / ( m L (m L - 1) - sum over units u of c of l_u (l_u - 1) )

m coders, N_c units of c over all coders, gaps of all coders. alpha_c = 1 - D_o(c)/D_e(c);
over all categories alpha = 1 - mean_c D_o(c) / mean_c D_e(c).

A coder's units of one category must not overlap: overlapping units of the
same category by the same coder are merged into their union first (as the PTC scorer merges
overlapping spans of one technique); touching units stay apart.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

Span = tuple[int, int]  # [start, end)


def merge_spans(spans) -> list[Span]:
    """Sorted half-open spans where overlapping spans became their union (touching spans,
    like [0, 2) and [2, 5), stay two units: a boundary between them is a coding decision)."""
    out: list[list[int]] = []
    for s, e in sorted((int(s), int(e)) for s, e in spans if e > s):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def sections(units: list[Span], begin: int, length: int) -> list[tuple[int, int, bool]]:
    """(start, end, is_unit) sections covering [begin, begin+length): units and the gaps between."""
    out, pos = [], begin
    for s, e in units:
        if s > pos:
            out.append((pos, s, False))
        out.append((s, e, True))
        pos = e
    if pos < begin + length:
        out.append((pos, begin + length, False))
    return out


def distance(g: tuple[int, int, bool], h: tuple[int, int, bool]) -> int:
    """Squared distance of two sections of two coders (0 unless they overlap)."""
    gs, ge, gu = g
    hs, he, hu = h
    if min(ge, he) <= max(gs, hs):
        return 0
    if gu and hu:
        return (gs - hs) ** 2 + (ge - he) ** 2
    if gu and not hu and hs <= gs and ge <= he:
        return (ge - gs) ** 2
    if hu and not gu and gs <= hs and he <= ge:
        return (he - hs) ** 2
    return 0


def _pair_distance(a: list[tuple[int, int, bool]], b: list[tuple[int, int, bool]]) -> int:
    """Sum of the distances of the overlapping sections of two coders (each list partitions
    the same continuum in order, so a merge walk meets every overlapping pair once)."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        total += distance(a[i], b[j])
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return total


@dataclass(frozen=True)
class UnitizedCategory:
    observed: float
    expected: float
    units: int

    @property
    def alpha(self) -> float | None:
        if self.expected == 0:
            return None
        return 1.0 - self.observed / self.expected


def category_disagreement(coders: list[list[Span]], begin: int, length: int) -> UnitizedCategory:
    """D_o and D_e of one category; `coders`: each coder's units of that category."""
    m, L = len(coders), length
    if m < 2 or L <= 0:
        raise ValueError("unitized alpha needs two or more coders and a continuum of positive length")
    merged = [merge_spans(c) for c in coders]
    for units in merged:
        for s, e in units:
            if s < begin or e > begin + L:
                raise ValueError(f"unit [{s}, {e}) lies outside the continuum [{begin}, {begin + L})")
    secs = [sections(u, begin, L) for u in merged]
    observed = 0
    for i in range(m):
        for j in range(i + 1, m):
            observed += 2 * _pair_distance(secs[i], secs[j])
    d_o = observed / (m * (m - 1) * L * L)
    lengths = [e - s for units in merged for s, e in units]
    gaps = [e - s for sec in secs for s, e, unit in sec if not unit]
    n_c = len(lengths)
    # sum over gaps with l_g >= l of (l_g - l + 1), from gaps sorted by length and suffix sums
    gaps.sort()
    suffix = [0] * (len(gaps) + 1)
    for k in range(len(gaps) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + gaps[k]
    total = 0.0
    for lu in lengths:
        k = bisect.bisect_left(gaps, lu)
        # (N_c - 1)/3 * (2l^3 - 3l^2 + l)
        total += (n_c - 1) * (2 * lu**3 - 3 * lu**2 + lu) / 3
        total += lu * lu * (suffix[k] - (len(gaps) - k) * (lu - 1))
    denom = m * L * (m * L - 1) - sum(lu * (lu - 1) for lu in lengths)
    d_e = (2.0 / L) * total / denom if denom > 0 else 0.0
    return UnitizedCategory(d_o, d_e, n_c)


def unitized_alpha(coders: list[dict[str, list[Span]]], begin: int, length: int):
    """alpha_U over categories. `coders`: per coder, category -> units.
    Returns (alpha or None, {category: UnitizedCategory})."""
    cats = sorted({c for coder in coders for c, units in coder.items() if units})
    per = {c: category_disagreement([coder.get(c, []) for coder in coders], begin, length) for c in cats}
    if not per:
        return None, per
    d_o = sum(x.observed for x in per.values()) / len(per)
    d_e = sum(x.expected for x in per.values()) / len(per)
    return (None if d_e == 0 else 1.0 - d_o / d_e), per
