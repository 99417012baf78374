"""The statistics under `newsframes agree`, against hand-computed cases and published
worked examples: Krippendorff's unitized alpha (Krippendorff 1995 and 2004), Krippendorff's
alpha via the `krippendorff` package (its README example; Krippendorff 2011), the PTC /
SemEval-2020 Task 11 span scores, span matching and B-cubed."""

from __future__ import annotations

import pytest

from newsframes.agree import spans as sp
from newsframes.agree.attributes import b_cubed
from newsframes.agree.figures import MIN_ALPHA_ITEMS, MIN_RAW_ITEMS, alpha_figure, figure, nominal_alpha, raw_figure
from newsframes.agree.unitized import category_disagreement, distance, merge_spans, unitized_alpha

# ------------------------------------------------------------------ unitized alpha


def test_distance_of_sections_krippendorff_2004():
    # (start, end, is_unit); the squared distances of Krippendorff (2004: 252-253)
    assert distance((5, 11, True), (4, 6, True)) == 1 + 25
    assert distance((5, 11, True), (5, 7, True)) == 16
    assert distance((5, 11, True), (6, 10, True)) == 1 + 1
    assert distance((5, 11, True), (5, 11, True)) == 0
    assert distance((225, 295, True), (220, 300, True)) == 50
    assert distance((370, 400, True), (355, 375, True)) == 850
    # a unit wholly inside the other coder's gap: its squared length, whichever side
    assert distance((400, 450, False), (400, 420, True)) == 400
    assert distance((400, 420, True), (400, 450, False)) == 400
    # a unit only partly inside a gap, two gaps, and sections that do not overlap: 0
    assert distance((390, 420, True), (400, 450, False)) == 0
    assert distance((0, 10, False), (0, 10, False)) == 0
    assert distance((0, 10, True), (10, 20, True)) == 0


def example_2004():
    """Krippendorff (2004), Content Analysis 2nd ed., p. 254: continuum [150, 450), two
    observers, categories c and k (as encoded in DKPro Statistics' Krippendorff2004Test)."""
    i = {"c": [(225, 295), (370, 400)], "k": [(180, 240), (300, 350)]}
    j = {"c": [(220, 300), (355, 375), (400, 420)], "k": [(180, 240), (300, 350)]}
    return [i, j]


def test_unitized_alpha_krippendorff_2004_example():
    alpha, per = unitized_alpha(example_2004(), 150, 300)
    assert per["c"].observed == pytest.approx(0.0144, abs=1e-4)
    assert per["c"].expected == pytest.approx(0.0532, abs=1e-4)
    assert per["c"].alpha == pytest.approx(0.7286, abs=1e-4)
    assert per["k"].observed == 0
    assert per["k"].expected == pytest.approx(0.0490, abs=1e-4)
    assert per["k"].alpha == 1.0
    assert alpha == pytest.approx(0.8591, abs=5e-4)


def example_1995(stretch: int):
    """Krippendorff (1995: 57), four pairs of observers on a continuum of 24; `stretch`
    multiplies every offset (the published alphas are for the continuous limit)."""
    def s(pairs):
        return [(a * stretch, b * stretch) for a, b in pairs]
    first = {"A": s([(2, 10), (14, 20)]), "B": s([(0, 18)]), "C": s([(2, 8), (10, 12), (14, 18), (20, 22)]),
             "D": s([(0, 2), (2, 10), (10, 14), (14, 20), (20, 24)])}
    second = {"A": s([(4, 8), (15, 17)]), "B": s([(0, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 9), (9, 10)]),
              "C": s([(0, 2), (4, 8), (10, 14), (16, 18), (20, 22)]),
              "D": s([(0, 4), (4, 8), (8, 15), (15, 17), (17, 24)])}
    return first, second


@pytest.mark.parametrize("cat,observed,alpha", [("A", 0.03125, 0.553), ("B", 2.26736, -0.926),
                                                ("C", 0.02777, 0.679), ("D", 0.38715, 0.066)])
def test_unitized_alpha_krippendorff_1995_example(cat, observed, alpha):
    first, second = example_1995(1)
    assert category_disagreement([first[cat], second[cat]], 0, 24).observed == pytest.approx(observed, abs=1e-5)
    first, second = example_1995(50_000)
    got = category_disagreement([first[cat], second[cat]], 0, 24 * 50_000)
    assert got.observed == pytest.approx(observed, abs=1e-5)  # D_o does not depend on the scale
    assert got.alpha == pytest.approx(alpha, abs=0.02)


def test_unitized_alpha_identical_coders_is_one_and_disjoint_is_low():
    units = {"x": [(0, 5), (10, 20), (30, 31)]}
    alpha, _ = unitized_alpha([units, units], 0, 40)
    assert alpha == 1.0
    alpha, _ = unitized_alpha([{"x": [(0, 5)]}, {"x": [(20, 25)]}], 0, 40)
    assert alpha < 0


def test_merge_spans_overlapping_only():
    assert merge_spans([(5, 8), (0, 3), (2, 4), (8, 9)]) == [(0, 4), (5, 8), (8, 9)]


def test_unitized_alpha_rejects_units_outside_the_continuum():
    with pytest.raises(ValueError, match="outside the continuum"):
        category_disagreement([[(0, 50)], [(0, 5)]], 0, 40)


# ------------------------------------------------------------------ Krippendorff's alpha (package)


def test_nominal_alpha_krippendorff_package_readme_example():
    data = ("*    *    *    *    *    3    4    1    2    1    1    3    3    *    3",
            "1    *    2    1    3    3    4    3    *    *    *    *    *    *    *",
            "*    *    2    1    3    4    4    *    2    1    1    3    3    *    4")
    rows = [[None if v == "*" else int(v) for v in row.split()] for row in data]
    assert nominal_alpha(rows) == pytest.approx(0.691, abs=5e-4)


def test_nominal_alpha_krippendorff_2011_examples():
    # "Computing Krippendorff's alpha-reliability" (2011): A. binary, two observers -> 0.095;
    # C. nominal, four observers, missing values -> 0.743
    assert nominal_alpha([[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]) == pytest.approx(
        0.095, abs=5e-4)
    n = None
    rows = [[1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
            [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n]]
    assert nominal_alpha(rows) == pytest.approx(0.743, abs=5e-4)
    # string labels are coded the same way
    names = {1: "a", 2: "b", 3: "c", 4: "d", 5: "e"}
    assert nominal_alpha([[names.get(v) for v in r] for r in rows]) == pytest.approx(0.743, abs=5e-4)


def test_alpha_undefined_without_variation_and_too_few_items():
    assert nominal_alpha([["x"] * 12, ["x"] * 12]) is None
    assert alpha_figure([["x"] * 12, ["x"] * 12]) == {"value": None, "n": 12, "status": "undefined"}
    few = [["a", "b"], ["a", "a"]]
    assert alpha_figure(few) == {"value": None, "n": 2, "status": "too_few"}
    # units coded by one coder only do not count
    assert alpha_figure([["a"] * 20, [None] * 11 + ["a"] * 9])["n"] == 9


def test_minimum_items_rule():
    assert figure(0.5, MIN_RAW_ITEMS - 1, MIN_RAW_ITEMS)["status"] == "too_few"
    assert figure(0.5, MIN_RAW_ITEMS, MIN_RAW_ITEMS) == {"value": 0.5, "n": MIN_RAW_ITEMS, "status": "ok"}
    assert raw_figure([("a", "a")] * 3 + [("a", "b")] * 2) == {"value": 0.6, "n": 5, "status": "ok"}
    assert MIN_ALPHA_ITEMS >= MIN_RAW_ITEMS


# ------------------------------------------------------------------ span P/R/F1


def test_partial_credit_hand_computed():
    ref = [(0, 10, "A")]
    resp = [(5, 15, "A"), (20, 25, "A")]
    got = sp.partial(resp, ref)
    # P = (5/10 + 0) / 2, R = (5/10) / 1, F1 = 2PR/(P+R)
    assert (got.precision, got.recall) == (0.25, 0.5)
    assert got.f1 == pytest.approx(1 / 3)
    assert sp.exact(resp, ref).f1 == 0.0
    # labels must agree in labelled mode, not in span-only mode
    assert sp.partial([(0, 10, "B")], ref).f1 == 0.0
    assert sp.partial([(0, 10, "B")], ref, labelled=False).f1 == 1.0
    assert sp.exact([(0, 10, "B")], ref, labelled=False).f1 == 1.0


def test_partial_credit_is_symmetric_in_f1_and_merges_overlaps_within_a_pass():
    a = [(0, 10, "A"), (12, 20, "A"), (30, 34, "B")]
    b = [(2, 10, "A"), (30, 40, "B")]
    ab, ba = sp.partial(a, b), sp.partial(b, a)
    assert ab.precision == pytest.approx(ba.recall) and ab.recall == pytest.approx(ba.precision)
    assert ab.f1 == pytest.approx(ba.f1)
    # two overlapping spans of one label in one pass count as their union: no double credit
    got = sp.partial([(0, 6, "A"), (4, 10, "A")], [(0, 10, "A")])
    assert (got.n_response, got.precision, got.recall) == (1, 1.0, 1.0)


def test_both_empty_is_full_agreement():
    assert sp.partial([], []).f1 == 1.0 and sp.exact([], []).f1 == 1.0
    assert sp.exact([(0, 1, "A")], []).f1 == 0.0


def test_per_label_counts_recall_against_the_reference_label():
    ref = [(0, 5, "A"), (10, 15, "A"), (20, 25, "B")]
    resp = [(0, 5, "A"), (20, 25, "A")]
    per = sp.per_label(resp, ref)
    ex_a, _ = per["A"]
    assert (ex_a.precision, ex_a.recall) == (0.5, 0.5)
    ex_b, _ = per["B"]
    assert (ex_b.precision, ex_b.recall, ex_b.n_reference, ex_b.n_response) == (0.0, 0.0, 1, 0)


def test_match_exact_first_then_best_overlap():
    a = [(0, 10), (20, 30), (40, 45)]
    b = [(21, 30), (0, 10), (15, 29), (50, 60)]
    # (0,10) exact; (20,30) overlaps (21,30) with ratio 9/10 and (15,29) with 9/15
    assert sp.match(a, b) == [(0, 1), (1, 0)]


# ------------------------------------------------------------------ B-cubed


def test_b_cubed_hand_computed():
    # one reference cluster {1,2,3}; the response splits it into {1,2} and {3}
    items = [(("e1",), ("x",)), (("e1",), ("x",)), (("e1",), ("y",))]
    got = b_cubed(items)
    assert got.precision == pytest.approx(1.0)
    assert got.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    # swapping the passes swaps precision and recall
    swapped = b_cubed([(r, k) for k, r in items])
    assert swapped.precision == pytest.approx(got.recall) and swapped.recall == pytest.approx(got.precision)


# ------------------------------------------------------------------ article labels over many articles


def _record(genre, frames):
    return {"genre": {"label": genre}, "frames": {"labels": frames, "primary": frames[0] if frames else None},
            "narratives": []}


def test_article_labels_over_articles_krippendorff_2011_binary_example():
    """Ten articles, two passes: whether each article has the frame `Economic` follows the
    binary example of Krippendorff (2011), so its per-label alpha is 0.095; the genre of
    the same articles, coded the same way, gives the same nominal alpha."""
    from newsframes.agree.compare import labels_report
    from newsframes.agree.layers import Pass

    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    articles = {}
    for k, (x, y) in enumerate(zip(a, b)):
        art = f"art-{k:02d}"
        articles[art] = {
            "p1": Pass("p1", art, "-", _record("opinion" if x else "reporting", ["Political"] + (["Economic"] * x)), ""),
            "p2": Pass("p2", art, "-", _record("opinion" if y else "reporting", ["Political"] + (["Economic"] * y)), ""),
        }
    rep = labels_report(articles)
    assert rep["frames"]["per_label"]["Economic"]["alpha"] == {"value": 0.0952, "n": 10, "status": "ok"}
    # `Political` is on every article in both passes: alpha has no variation to work on
    assert rep["frames"]["per_label"]["Political"]["alpha"]["status"] == "undefined"
    assert rep["genre"]["alpha"] == {"value": 0.0952, "n": 10, "status": "ok"}
    assert rep["genre"]["raw"] == {"value": 0.6, "n": 10, "status": "ok"}  # 6 of 10 articles agree
    assert rep["frames"]["raw"]["value"] == 0.6
    # Jaccard per article: 1 where equal, 1/2 where one pass adds Economic
    assert rep["frames"]["jaccard"]["value"] == round((6 * 1 + 4 * 0.5) / 10, 4)
    # an article annotated by one pass only adds nothing pairable
    articles["art-99"] = {"p1": Pass("p1", "art-99", "-", _record("satire", ["Political"]), "")}
    assert labels_report(articles)["genre"]["alpha"]["n"] == 10
