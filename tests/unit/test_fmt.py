"""Numbers read the Chinese way, with their qualifier."""
import pytest

from shegong import fmt


@pytest.mark.parametrize("value,unit,qualifier,shown", [
    (515, "个", "exact", "515个"),
    (89_466_600, "元", "exact", "8,946.66万元"),
    (1000, "人", "at_least", "≥1,000人"),
    (2_490_000_000, "元", "approx", "约24.9亿元"),
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
    (89_466_600, "元", "exact", "89.47 million yuan"),
    (1000, "人", "at_least", "≥1,000 persons"),
    (2_490_000_000, "元", "approx", "≈2.49 billion yuan"),
    (142_857.14, "元/站", "at_least", "≥142,857.14 yuan/station"),
    (21.6, "%", "exact", "21.6%"),
])
def test_number_in_english(value, unit, qualifier, shown):
    from shegong import i18n

    i18n.set_language("en")
    try:
        assert fmt.number(value, unit, qualifier) == shown
        assert fmt.date("2021-12-08") == "8 Dec 2021" and fmt.date("2021-12") == "Dec 2021"
    finally:
        i18n.set_language("zh")
