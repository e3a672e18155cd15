"""Numbers as published: every digit the source wrote and no more; computed numbers to 3–4 significant digits."""
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shegong import fmt, i18n


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("zh")


@pytest.mark.parametrize("value,unit,qualifier,shown", [
    (515, "个", "exact", "515个"),
    (89_466_600, "元", "exact", "8,946.66万元"),
    (2_910_000, "元", "exact", "291万元"),  # the source wrote 291万元: no zeros added
    (37_670_000, "元", "exact", "3,767万元"),
    (5_110_000_000, "元", "exact", "51.1亿元"),
    (152_985, "人", "exact", "15.2985万人"),  # never 15.3万
    (287_367, "人", "exact", "28.7367万人"),
    (326_574, "人", "exact", "32.6574万人"),
    (36_485, "人", "exact", "3.6485万人"),
    (11_723, "人", "exact", "1.1723万人"),
    (1_573_000, "人", "exact", "157.3万人"),
    (1000, "人", "at_least", "≥1,000人"),
    (2_490_000_000, "元", "approx", "约24.9亿元"),  # the source said 约24.9亿: no zero added
    (55_000_000, "元", "at_least", "≥5,500万元"),
    (17_000, "个", "at_least", "≥1.7万个"),
    (187_900, "人", "exact", "18.79万人"),
    (100, "%", "exact", "100%"),
    (56.5, "%", "exact", "56.5%"),
    (None, "个", "exact", "暂无数据"),
])
def test_number(value, unit, qualifier, shown):
    assert fmt.number(value, unit, qualifier) == shown


def test_date_keeps_the_precision_of_the_source():
    assert fmt.date("2021") == "2021年"
    assert fmt.date("2021-12") == "2021年12月"
    assert fmt.date("2021-12-08") == "2021年12月8日"


@pytest.mark.parametrize("value,unit,qualifier,shown", [
    (515, "个", "exact", "515"),
    (89_466_600, "元", "exact", "89.4666 million yuan"),  # never 89.47 million
    (76_516_000, "元", "exact", "76.516 million yuan"),
    (152_985, "人", "exact", "152,985 persons"),
    (287_367, "人", "exact", "287,367 persons"),
    (326_574, "人", "exact", "326,574 persons"),
    (36_485, "人", "exact", "36,485 persons"),
    (11_723, "个", "exact", "11,723"),
    (1_573_000, "人", "exact", "1.573 million persons"),  # never 1.57 million
    (1000, "人", "at_least", "≥1,000 persons"),
    (2_490_000_000, "元", "approx", "≈2.49 billion yuan"),
    (142_857.14, "元/站", "at_least", "≥142,857.14 yuan/station"),
    (21.6, "%", "exact", "21.6%"),
])
def test_number_in_english(english, value, unit, qualifier, shown):
    assert fmt.number(value, unit, qualifier) == shown
    assert fmt.date("2021-12-08") == "8 Dec 2021" and fmt.date("2021-12") == "Dec 2021"


SCALE = {"": 1, "万": 10 ** 4, "亿": 10 ** 8, " million": 10 ** 6, " billion": 10 ** 9}


def parse(shown: str) -> Decimal:
    """The number a reader takes from the text: digits times the scale word."""
    m = re.fullmatch(r"[≥约≈]?(-?[\d,]+(?:\.\d+)?)(万|亿| million| billion)?\D*", shown)
    assert m, shown
    return Decimal(m.group(1).replace(",", "")) * SCALE[m.group(2) or ""]


# values as stored: money to the cent, counts whole
money = st.decimals(min_value=0, max_value=10 ** 12, places=2, allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=0, max_value=10 ** 12)


@given(value=money, unit=st.sampled_from(["元", "元/站"]), lang=st.sampled_from(["zh", "en"]))
def test_an_exact_amount_of_money_reads_back_to_the_cent(value, unit, lang):
    i18n.set_language(lang)
    try:
        shown = fmt.number(float(value), unit, "exact")
    finally:
        i18n.set_language("zh")
    assert parse(shown) == value, shown
    assert not re.search(r"\.\d*0(?!\d)", shown), f"a written figure gained a zero: {shown}"


@given(value=counts, unit=st.sampled_from(["人", "个", "人次", "户"]), lang=st.sampled_from(["zh", "en"]),
       qualifier=st.sampled_from(["exact", "at_least", "approx"]))
def test_a_count_reads_back_exactly_whatever_its_qualifier(value, unit, lang, qualifier):
    i18n.set_language(lang)
    try:
        shown = fmt.number(value, unit, qualifier)
    finally:
        i18n.set_language("zh")
    assert parse(shown) == value, shown
    assert not re.search(r"\.\d*0[万亿]|\.\d*0 (million|billion)", shown), f"a count gained a zero: {shown}"
