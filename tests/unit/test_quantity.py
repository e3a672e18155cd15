"""Arithmetic on figures: a result's qualifier follows from its inputs, scopes and units never mix, and a computed
number is shown to what it can claim (3–4 significant digits, a bound rounded toward its safe side)."""
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from shegong import fmt, i18n
from shegong.quantity import Incomparable, Quantity, change, ratio, relative_change, total

written = st.sampled_from(["exact", "at_least", "approx"])
scopes = st.sampled_from(["cumulative", "annual", "stock", "pilot"])
values = st.floats(min_value=1, max_value=1e11, allow_nan=False)


def q(value, qualifier="exact", unit="元", scope="cumulative"):
    return Quantity(value, unit, qualifier, scope)


@pytest.mark.parametrize("new,old,expected", [
    ("exact", "exact", "exact"),
    ("at_least", "exact", "at_least"),   # 4,235 → ≥2万: the change is at least the difference
    ("exact", "at_least", "at_most"),
    ("approx", "exact", "approx"),
    ("exact", "approx", "approx"),
])
def test_the_qualifier_of_a_change_follows_from_its_ends(new, old, expected):
    assert change(q(20000, new), q(4235, old)).qualifier == expected


@pytest.mark.parametrize("new,old", [("at_least", "at_least"), ("approx", "at_least"), ("at_least", "approx")])
def test_two_bounds_or_a_bound_and_an_estimate_give_no_change(new, old):
    with pytest.raises(Incomparable):
        change(q(20000, new), q(4235, old))


@given(a=values, b=values, s1=scopes, s2=scopes)
def test_figures_of_different_scope_are_never_added_or_subtracted(a, b, s1, s2):
    assume(s1 != s2)
    with pytest.raises(Incomparable):
        total([q(a, scope=s1), q(b, scope=s2)])
    with pytest.raises(Incomparable):
        change(q(a, scope=s1), q(b, scope=s2))


def test_persons_and_person_times_are_never_added():
    with pytest.raises(Incomparable):
        total([q(600, unit="人次"), q(1100, unit="人")])


@given(a=values, b=values, qa=written, qb=written)
def test_a_sum_is_exact_only_when_every_part_is(a, b, qa, qb):
    try:
        s = total([q(a, qa), q(b, qb)])
    except Incomparable:
        assert {qa, qb} == {"at_least", "approx"}
        return
    assert s.computed
    assert (s.qualifier == "exact") == (qa == qb == "exact")
    if "at_least" in (qa, qb):
        assert s.qualifier == "at_least"


def test_a_pilot_count_is_never_a_coverage():
    with pytest.raises(Incomparable):
        ratio(q(126, unit="个", scope="pilot"), q(2233, unit="个", scope="stock"), "%", percent=True)
    share = ratio(q(515, unit="个", scope="stock"), q(2381, unit="个", scope=None), "%", percent=True)
    assert fmt.quantity(share) == "21.6%"


@given(num=values, den=values, qn=written, qd=written)
def test_a_ratio_keeps_the_direction_of_its_bounds(num, den, qn, qd):
    try:
        r = ratio(q(num, qn), q(den, qd, unit="个"), "元/站")
    except Incomparable:
        assert "approx" in (qn, qd) and {qn, qd} != {"approx"} and "exact" not in (qn, qd) or qn == qd == "at_least"
        return
    expected = {("exact", "exact"): "exact", ("at_least", "exact"): "at_least", ("exact", "at_least"): "at_most",
                ("approx", "exact"): "approx", ("exact", "approx"): "approx", ("approx", "approx"): "approx"}
    assert r.qualifier == expected[(qn, qd)]


@pytest.mark.parametrize("value,unit,qualifier,zh,en", [
    (659_245_329.75, "元", "exact", "6.59亿元", "659.2 million yuan"),
    (149_220_392.47, "元", "exact", "1.49亿元", "149.2 million yuan"),
    (7_787_133.78, "元", "exact", "778.7万元", "7.79 million yuan"),
    (62_366.03, "元", "exact", "6.24万元", "62,370 yuan"),
    (142_857.14, "元/站", "at_least", "≥14.2万元/站", "≥142,800 yuan/station"),   # a lower bound rounds down
    (6_015_407, "人次", "exact", "601.5万人次", "6.02 million person-times"),
    (21.629567408651827, "%", "exact", "21.6%", "21.6%"),
    (99_999_600, "元", "exact", "1亿元", "100 million yuan"),
    (4235, "个", "exact", "4,235个", "4,235"),
    (34_466_600, "元", "at_most", "≤3,447万元", "≤34.5 million yuan"),
])
def test_a_computed_number_shows_what_it_can_claim(value, unit, qualifier, zh, en):
    assert fmt.computed(value, unit, qualifier) == zh
    i18n.set_language("en")
    try:
        assert fmt.computed(value, unit, qualifier) == en
    finally:
        i18n.set_language("zh")


@given(value=st.floats(min_value=0.001, max_value=1e12, allow_nan=False), qualifier=written,
       unit=st.sampled_from(["元", "人", "人次", "个", "元/站", "%"]), lang=st.sampled_from(["zh", "en"]))
def test_a_computed_number_has_at_most_four_significant_digits_and_its_bound_stays_true(value, qualifier, unit,
                                                                                        lang):
    i18n.set_language(lang)
    try:
        shown = fmt.computed(value, unit, qualifier)
    finally:
        i18n.set_language("zh")
    back, _, _ = fmt.parse(shown)
    assert len(back.normalize().as_tuple().digits) <= (5 if unit == "%" else 4), shown
    if qualifier == "at_least":
        assert back <= Decimal(repr(value)), shown


def test_a_relative_change_follows_the_same_rules():
    assert fmt.quantity(relative_change(q(20000, "at_least", "人"), q(4235, "exact", "人")), signed=True) == "≥+372.2%"
    with pytest.raises(Incomparable):
        relative_change(q(8946.66e4, scope="cumulative"), q(5500e4, "at_least", scope="pilot"))
