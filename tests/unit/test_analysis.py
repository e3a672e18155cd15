"""shegong/analysis on small frames made here: the verdict on a target, coverage points, the county measures and
the compare page's measures and change table (numbers and words, no warehouse)."""
import pandas as pd
import pytest

from shegong import i18n
from shegong.analysis import compare, counties, progress


@pytest.fixture(autouse=True)
def chinese():
    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


GOAL = progress.Goal("stations_coverage_pct", "全覆盖", "%", 100, pd.Timestamp("2025-12-31"), "2025年12月31日",
                     False, [])


def points(values, dates=("2021-12-31", "2022-12-31"), qualifiers=None):
    n = len(values)
    return pd.DataFrame({"date": pd.to_datetime(list(dates)[:n]), "value": [float(v) for v in values],
                         "qualifier": list(qualifiers or ["exact"] * n), "as_of": [d[:4] for d in dates][:n],
                         "label": [f"{v}%" for v in values]})


def test_verdict_when_too_slow_and_when_achieved():
    slow = progress.assess(points([20, 30]), GOAL, pd.Timestamp("2023-01-01"))
    assert slow.status == "behind" and slow.tone == "bad"
    assert "晚于目标期限" in slow.text and "只能达到60%" in slow.text  # 10 points a year from 30%, three more years
    done = progress.assess(points([50, 100]), GOAL, pd.Timestamp("2023-01-01"))
    assert done.status == "achieved" and done.tone == "good" and "早于目标期限" in done.text


def test_one_point_is_not_a_trend_and_no_point_says_so():
    one = progress.assess(points([30]), GOAL, pd.Timestamp("2023-01-01"))
    assert one.status == "insufficient" and one.projection is None and "不足两点" in one.text
    none = progress.assess(points([]), GOAL, pd.Timestamp("2026-06-01"))
    assert none.status == "no_data" and none.tone == "neutral" and "目标期限已过" in none.text


def test_a_lower_bound_makes_the_projection_only_indicative():
    rough = progress.assess(points([20, 30], qualifiers=["exact", "at_least"]), GOAL, pd.Timestamp("2023-01-01"))
    assert "预测仅供参考" in rough.text


def test_a_stated_coverage_wins_over_one_computed_for_the_same_month():
    cols = dict(qualifier="exact", source_id="S1", source_title="t", publisher="p", published="2022", url="",
                note="", unit_zh="个")
    published = pd.DataFrame([
        dict(indicator="township_level_units", value=200.0, as_of="2020", as_of_end="2020-12-31", **cols),
        dict(indicator="stations_built", value=50.0, as_of="2021-06", as_of_end="2021-06-30", **cols),
        dict(indicator="stations_built", value=120.0, as_of="2022-03", as_of_end="2022-03-31", **cols),
        dict(indicator="stations_coverage_pct", value=61.0, as_of="2022-03", as_of_end="2022-03-31", **cols),
    ])
    found, denominator = progress.coverage_points(published)
    assert "乡镇级区划数200个" in denominator
    assert list(found["kind"]) == ["computed", "stated"]  # one point a month, the source's own words first
    assert list(found["value"]) == [25.0, 61.0]  # 50 of 200 townships; then the stated 61%, not 120/200


REGISTERS = pd.DataFrame({
    "month": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-02-01"]),
    "is_demo": [True, True, True, False],
    "townships": [10, 10, 10, 10], "townships_covered": [9, 10, 10, 8],
})


def test_full_coverage_month_reads_imported_registers_before_demo_ones():
    assert counties.full_coverage_month(REGISTERS[REGISTERS.is_demo]) == pd.Timestamp("2024-02-01")
    assert counties.full_coverage_month(REGISTERS) is None  # the one imported register is not full


def county_rows(values, is_demo=True):
    return pd.DataFrame({"county_code": [f"41010{i}" for i in range(len(values))], "month": pd.Timestamp("2024-05-01"),
                         "is_demo": is_demo, "coverage_pct": values, "stations_built": values})


def test_a_ranking_of_equal_or_missing_values_says_why_it_is_not_drawn():
    assert counties.ranking_gap(county_rows([80.0, 90.0]), "coverage", "郑州市") == ""
    same = counties.ranking_gap(county_rows([100.0, 100.0, 100.0]), "coverage", "郑州市")
    assert same.startswith("演示数据中，") and "全部3个县(市、区)的覆盖率均为100%" in same
    empty = counties.ranking_gap(county_rows([None, None], is_demo=False), "stations", "郑州市")
    assert "暂无各县(市、区)的建成社工站数数据" in empty and "演示数据" not in empty


SERIES = pd.DataFrame({
    "region_code": ["410000", "410000", "130000"], "region_name": ["河南省", "河南省", "河北省"],
    "value": [1_000_000.0, 3_000_000.0, 900.0], "qualifier": ["exact", "at_least", "exact"],
    "unit_zh": ["元", "元", "元"], "as_of": ["2021", "2022", "2022"],
    "as_of_end": ["2021-12-31", "2022-12-31", "2022-12-31"],
    "stations": [100.0, 200.0, None], "stations_qualifier": ["exact", "approx", None],
    "denominator": [None, None, None], "denominator_as_of": [None, None, None],
    "scope": ["annual", "annual", "annual"], "stations_scope": ["stock", "stock", None],
})


def test_per_station_divides_by_the_same_months_stations_and_names_who_is_left_out():
    df, unit, notes = compare.apply_measure(SERIES, "per_station", {"410000": "河南", "130000": "河北",
                                                                    "640000": "宁夏"})
    # a lower bound over an approximate count says nothing: left out, with the reason in the notes
    assert unit == "元/站" and list(df["shown"]) == [10_000.0] and list(df["shown_qualifier"]) == ["exact"]
    assert "一个是下限、一个是约数或上限，无法得出有意义的结果" in notes
    assert any(n.startswith("宁夏") and "暂无该指标公开数字" in n for n in notes)  # no figure in the span
    assert any(n.startswith("河北") and "缺少计算所需的数字" in n for n in notes)  # a figure, but no stations


def test_change_table_gives_the_change_or_says_why_there_is_none():
    df, unit, _ = compare.apply_measure(SERIES, "absolute", {})
    table = compare.change_table(df, unit).set_index("地区")
    henan, hebei = table.loc["河南省"], table.loc["河北省"]
    assert henan["数字个数"] == 2 and henan["相对变化"] == "≥+200%"  # exact → a lower bound: at least, never 约
    assert hebei["绝对变化"] == hebei["相对变化"] == "仅一个公开数字"
    zero = compare.change_table(df.assign(shown=[0.0, 5.0, 1.0], shown_qualifier="exact"), unit)
    assert zero.set_index("地区").loc["河南省", "相对变化"] == "起点为0"
