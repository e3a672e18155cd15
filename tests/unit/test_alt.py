"""A chart's text alternative says its title and its latest numbers with units and dates."""
import pandas as pd

from shegong import i18n
from shegong.catalog.alt import describe


def test_a_series_over_time_is_told_by_its_latest_month_with_its_unit():
    i18n.set_language("zh")
    df = pd.DataFrame({"月份": ["2025年9月", "2025年10月", "2025年12月", "2025年11月"],
                       "建成社工站(个)": [2300.0, 2350.0, 2390.0, 2370.0], "数据": ["演示数据"] * 4})
    text = describe("河南省已建成社工站", df, demo=True)
    assert text == "河南省已建成社工站。最新数据：2025年12月，建成社工站 2,390个。（演示数据）"


def test_figures_with_their_own_dates_keep_qualifier_and_date_in_english():
    i18n.set_language("en")
    try:
        df = pd.DataFrame({"Region": ["Henan", "Hebei"], "As of": ["8 Dec 2021", "2021"], "Value": ["≥515", "126"],
                           "Source": ["A long title of the report that published the number, 2021"] * 2})
        text = describe("Township/street stations", df)
        assert text == "Township/street stations. Latest figures: Henan: ≥515 (8 Dec 2021); Hebei: 126 (2021)."
    finally:
        i18n.set_language("zh")


def test_many_values_without_time_are_told_largest_first_and_counted():
    i18n.set_language("zh")
    df = pd.DataFrame({"类别": [f"类{i}" for i in range(10)], "服务人次": [float(i * 1000) for i in range(10)]})
    text = describe("服务人次", df)
    assert text.startswith("服务人次。图中数据：类9：9,000人次；类8：8,000人次")
    assert text.endswith("；另有2项。")
