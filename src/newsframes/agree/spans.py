"""Span agreement: precision, recall and F1 of one pass (the response) against another
(the reference), counted on exact matches and with partial-overlap credit.

Partial credit is the formula of the Propaganda Techniques Corpus scorers used for
SemEval-2020 Task 11 (span identification `task-SI_scorer.py`, technique classification
`task-TC`/`task-FLC_scorer.py`; Da San Martino et al. 2019, "Fine-Grained Analysis of
Propaganda in News Articles", EMNLP, and 2020, "SemEval-2020 Task 11", SemEval), read from
`src/annotations.py::compute_span_score` of the released scorer
(github.com/DAMO-NLP-SG/PeerDA, SemEval/SemEval20/evaluation/, a copy of the official one):

    C(s, t, h) = |s ∩ t| / h           (0 when the labels of s and t differ, in labelled mode)
    P(S, T) = 1/|S| * sum_{s in S} sum_{t in T} C(s, t, |s|)
    R(S, T) = 1/|T| * sum_{s in S} sum_{t in T} C(s, t, |t|)
    F1 = 2PR / (P + R); F1 = 1 when both S and T are empty

S: the response's spans, T: the reference's, |s| the length in characters (code points).
As in that scorer, overlapping spans of one label within one pass are merged first (else a
character could be credited twice). Per label, the recall denominator is the reference's
count of that label (the released scorer divides by the precision sum there, a known slip).
SemEval-2023 Task 3 scores persuasion techniques per paragraph (multi-label micro-F1), not
per span, so its scorer adds no span formula.

Exact matching pairs spans with equal (start, end) (and equal label in labelled mode) one to
one; P = matches/|S|, R = matches/|T|. F1 is symmetric in the two passes: swapping
reference and response swaps P and R.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .unitized import merge_spans

LSpan = tuple[int, int, str]  # start, end, label


@dataclass(frozen=True)
class PRF:
    n_response: int
    n_reference: int
    precision_sum: float
    recall_sum: float

    @property
    def precision(self) -> float:
        return self.precision_sum / self.n_response if self.n_response else 0.0

    @property
    def recall(self) -> float:
        return self.recall_sum / self.n_reference if self.n_reference else 0.0

    @property
    def f1(self) -> float:
        if not self.n_response and not self.n_reference:
            return 1.0
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p > 0 and r > 0 else 0.0


def _by_label(spans: list[LSpan], labelled: bool) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for s, e, label in spans:
        out.setdefault(label if labelled else "", []).append((s, e))
    return out


def exact(response: list[LSpan], reference: list[LSpan], labelled: bool = True) -> PRF:
    """One-to-one exact matches (same offsets, and same label when `labelled`)."""
    key = (lambda x: x) if labelled else (lambda x: x[:2])
    r, t = Counter(key(x) for x in response), Counter(key(x) for x in reference)
    matched = sum((r & t).values())
    return PRF(len(response), len(reference), matched, matched)


def partial(response: list[LSpan], reference: list[LSpan], labelled: bool = True) -> PRF:
    """The PTC/SemEval-2020 Task 11 partial-overlap credit (see the module docstring)."""
    rs, ts = _by_label(response, labelled), _by_label(reference, labelled)
    n_s = n_t = 0
    p_sum = r_sum = 0.0
    for label in sorted(set(rs) | set(ts)):
        S, T = merge_spans(rs.get(label, [])), merge_spans(ts.get(label, []))
        n_s, n_t = n_s + len(S), n_t + len(T)
        for (s0, s1), (t0, t1) in overlapping_merged(S, T):
            inter = min(s1, t1) - max(s0, t0)
            p_sum += inter / (s1 - s0)
            r_sum += inter / (t1 - t0)
    return PRF(n_s, n_t, p_sum, r_sum)


def overlapping_merged(S: list[tuple[int, int]], T: list[tuple[int, int]]):
    """The overlapping pairs (s, t) of two sorted lists of disjoint spans (as `merge_spans`
    gives), in the order of a loop over S then T: one walk over both lists, linear in
    their lengths, where a loop over every pair was quadratic (63 s for 5,600 spans a
    pass, issue 25)."""
    i = j = 0
    while i < len(S) and j < len(T):
        s, t = S[i], T[j]
        if min(s[1], t[1]) > max(s[0], t[0]):
            yield s, t
        if s[1] <= t[1]:
            i += 1
        else:
            j += 1


def per_label(response: list[LSpan], reference: list[LSpan]) -> dict[str, tuple[PRF, PRF]]:
    """label -> (exact, partial) counted on the spans of that label only."""
    labels = sorted({x[2] for x in response} | {x[2] for x in reference})
    out = {}
    for label in labels:
        r = [x for x in response if x[2] == label]
        t = [x for x in reference if x[2] == label]
        out[label] = (exact(r, t), partial(r, t))
    return out


def match(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (index in a, index in b) of spans for comparing their attributes:
    exact matches first, then overlapping spans by decreasing overlap ratio
    |a ∩ b| / |a ∪ b| (ties: earlier spans first). Deterministic."""
    pairs, used_a, used_b = [], set(), set()
    where: dict[tuple[int, int], list[int]] = {}
    for j, sp in enumerate(b):
        where.setdefault(tuple(sp), []).append(j)
    for i, sp in enumerate(a):
        js = where.get(tuple(sp))
        if js:
            j = js.pop(0)
            pairs.append((i, j))
            used_a.add(i)
            used_b.add(j)
    cands = []
    for i, j in overlapping([(k, x) for k, x in enumerate(a) if k not in used_a],
                            [(k, x) for k, x in enumerate(b) if k not in used_b]):
        (a0, a1), (b0, b1) = a[i], b[j]
        inter = min(a1, b1) - max(a0, b0)
        if inter > 0:
            cands.append((-inter / (max(a1, b1) - min(a0, b0)), a0, b0, i, j))
    for _, _, _, i, j in sorted(cands):
        if i not in used_a and j not in used_b:
            pairs.append((i, j))
            used_a.add(i)
            used_b.add(j)
    return sorted(pairs)


def overlapping(a: list[tuple[int, tuple[int, int]]], b: list[tuple[int, tuple[int, int]]]) -> list[tuple[int, int]]:
    """(index in a, index in b) of every overlapping pair of two lists of (index, span),
    spans of one list possibly overlapping each other. A sweep over the starts: each span
    meets the spans of the other list still open where it starts (an open span that has
    ended is dropped once), so the work is linear in the spans plus the pairs found,
    where a loop over every pair was quadratic (issue 25)."""
    events = sorted([(x[0], 0, k, x[1]) for k, x in a] + [(x[0], 1, k, x[1]) for k, x in b])
    open_: tuple[list, list] = ([], [])  # per side: (end, index) of spans started so far
    out = []
    for start, side, k, end in events:
        other = open_[1 - side]
        other[:] = [o for o in other if o[0] > start]
        out += [(k, o[1]) if side == 0 else (o[1], k) for o in other]
        open_[side].append((end, k))
    return out
