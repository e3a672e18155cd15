"""省际对比: chart, map and table of one selection; measures keep their qualifiers; the URL carries the view."""
import pytest

from tests.pagetools import figures, open_page


def test_stations_of_the_four_provinces(warehouse):
    at = open_page("pages/compare.py", indicator="stations_built")
    trend = figures(at)[0]
    names = [t["name"] for t in trend["data"]]
    # only they publish stations_built at province level: Henan a count at a date, Hebei its pilot stations, never one line
    assert names == ["河南（时点存量）", "河北（试点）"]
    assert trend["data"][0]["text"][-1] == "515个，截至2021年12月8日（确数）"
    assert "宁夏回族自治区、北京市：所选年份暂无该指标公开数字" in at.caption[-1].value
    table = at.dataframe[0].value
    henan = table[table["地区"] == "河南省"].iloc[0]
    assert henan["终点"] == "515个（2021年12月8日）"


def test_coverage_names_its_denominator_year(warehouse):
    at = open_page("pages/compare.py", indicator="stations_built", measure="coverage", provinces="410000")
    trend = figures(at)[0]
    assert trend["data"][0]["text"][-1].startswith("21.6%，截至2021年12月8日")  # 515 / 2,381
    footer = next(a["text"] for a in trend["layout"]["annotations"] if "注" in a["text"])
    assert "河南省分母：2011年12月31日乡镇级区划数2,381个" in footer.replace("<br>", "")


def test_per_station_keeps_the_lower_bound(warehouse):
    at = open_page("pages/compare.py", indicator="funding_cny", measure="per_station", provinces="130000")
    text = figures(at)[0]["data"][0]["text"]
    assert text == ["≥14.2万元/站，截至2021年（下限（余/超过/多））"]  # ≥18,000,000 yuan over 126 stations


def test_map_and_table_views_of_the_same_selection(warehouse):
    at = open_page("pages/compare.py", indicator="licensed_social_workers", display="map", provinces="110000,410000")
    china = figures(at)[0]
    assert len(china["data"][0]["locations"]) == 34
    assert china["layout"]["title"]["text"].startswith("持证社工：北京、河南") or \
        china["layout"]["title"]["text"].startswith("持证社工：河南、北京")
    at = open_page("pages/compare.py", indicator="licensed_social_workers", display="table", provinces="110000",
                   years="2011-2013")
    points = at.dataframe[0].value
    assert list(points["截至"]) == ["2011年8月", "2013年4月15日"]
    change = at.dataframe[1].value.iloc[0]
    assert change["绝对变化"] == "+7,488人" and change["相对变化"] == "+176.8%"


@pytest.mark.parametrize("params", [
    {"indicator": "'; DROP TABLE figures; --"}, {"measure": "per_station"}, {"display": "<script>"},
    {"provinces": "999999,abc"}, {"years": "1800-3000"}, {"years": "banana"},
])
def test_crafted_parameters_fall_back(warehouse, params):
    at = open_page("pages/compare.py", **params)
    assert figures(at) or at.dataframe  # the default view, drawn
