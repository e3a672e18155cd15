"""资金投入 and 服务对象 pages: numbers match the warehouse, URL parameters round-trip and crafted ones fall back,
demo and published figures are labelled and never summed (Streamlit AppTest, plus the chart functions)."""
import base64
import re

import duckdb
import numpy as np
import pandas as pd
import pytest

from shegong import fmt, i18n, queries
from shegong.charts import funding, services
from shegong.vocab import CATEGORY
from tests.pagetools import figures, open_page

S022 = "河南：运行镇街社工站515个，乡镇（街道）社会工作者超过1000人"
S023 = "河南：首批512个镇街试点、资金5500余万元"
S001 = "社会工作新闻汇编（2021年12月）"


def values(array) -> list:
    """A data array of a figure's JSON: a list, or plotly's typed array {'dtype': 'f8', 'bdata': base64} (a 2-D
    one flattened)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return [v for row in array for v in row] if array and isinstance(array[0], list) else list(array)


def footer(fig: dict) -> str:
    """The footer's text without the wrapping (line breaks and the spaces a wrap may drop)."""
    text = " ".join(a["text"] for a in fig["layout"].get("annotations", []) if a["text"].startswith(("来源", "注")))
    return text.replace("<br>", "").replace(" ", "")


def has(fig: dict, text: str) -> bool:
    return text.replace(" ", "") in footer(fig)


def figure(at, title_part: str) -> dict:
    return next(f for f in figures(at) if title_part in f["layout"]["title"]["text"])


def draws_published(fig: dict) -> bool:
    return any("公开数字" in str(t.get("name", "")) + str(t.get("text", "")) for t in fig["data"])


def check_footers(at):
    """Every figure drawn from demo rows says so; every figure with a published point carries a source."""
    for fig in figures(at):
        assert has(fig, "演示数据：按公开数字校准的模拟数据"), fig["layout"]["title"]["text"]
        if draws_published(fig):
            assert footer(fig).startswith("来源："), fig["layout"]["title"]["text"]


@pytest.fixture(scope="module")
def con(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as c:
        yield c


# ---------------------------------------------------------------------------------------------------------- funding
@pytest.fixture(scope="module")
def henan_funding(warehouse):
    return open_page("pages/funding.py")


def test_funding_defaults_to_henan_by_programme_and_matches_the_warehouse(henan_funding, con):
    at = henan_funding
    assert at.selectbox(key="province").value == "410000" and at.selectbox(key="display").value == "program"
    (y2021,) = con.execute("SELECT sum(amount_cny) FROM funding_by_region_year WHERE province_code = '410000' "
                           "AND year = 2021 AND is_demo").fetchone()
    (total,) = con.execute("SELECT sum(amount_cny) FROM funding_by_region_year WHERE province_code = '410000' "
                           "AND is_demo").fetchone()
    bars = figure(at, "河南省社会工作服务项目资金：按项目")
    stacked = sum(y for t in bars["data"] if t["type"] == "bar"
                  for x, y in zip(t["x"], values(t["y"])) if x == "2021年")
    assert stacked == pytest.approx(y2021)
    labels = next(t for t in bars["data"] if t.get("mode") == "text")
    assert fmt.computed(y2021, "元") in labels["text"]
    kpis = {m.label: m.value for m in at.metric}
    assert kpis["2019–2025年累计投入（演示数据）"] == fmt.computed(total, "元")
    table = at.dataframe[0].value
    assert table[table["年份"] == 2021]["金额（元）"].sum() == pytest.approx(y2021, abs=0.05)
    assert set(table["数据"]) == {"演示数据"} and table["金额"].str.endswith("元").all()


def test_funding_marks_published_points_beside_the_demo_never_in_it(henan_funding):
    hebei = figure(open_page("pages/funding.py", province="130000"), "按项目")
    point = next(t for t in hebei["data"] if t.get("name", "").startswith("公开数字"))
    assert point["type"] == "scatter" and point["x"] == ["2021年"] and values(point["y"]) == [18_000_000]
    assert point["marker"]["symbol"] == "triangle-up"  # ≥: a lower bound
    assert any(a["text"] == "公开数字 ≥1,800万元" for a in hebei["layout"]["annotations"])
    bars = figure(henan_funding, "按项目")
    # neither Henan's ≥5,500万 secured for the first pilot batch nor its cumulative total is a year's money: neither
    # is drawn on a year's bars
    assert not any(t.get("name", "").startswith("公开数字") for t in bars["data"])
    assert not has(bars, S023) and not has(bars, S022)
    check = figure(henan_funding, "河南省：公开报道的资金数字与资金记录对照")
    pts = next(t for t in check["data"] if t["type"] == "scatter")
    assert "公开数字：8,946.66万元" in pts["text"] and "公开数字：≥5,500万元" in pts["text"]
    demo = next(t for t in check["data"] if t["type"] == "bar")
    assert "演示数据：2019–2021年合计 8,947万元" in demo["text"]  # Henan's cumulative to 2021-12, a sum: rounded
    assert has(check, S022) and has(check, S023)
    table = henan_funding.dataframe[1].value
    cumulative = table[table["口径"] == "累计"].iloc[0]
    assert cumulative["公开数字"] == "8,946.66万元"  # as the source wrote it
    assert cumulative["资金记录同口径合计"] == "8,947万元"  # a sum of records, rounded
    check_footers(henan_funding)


def test_funding_per_station_divides_by_stations_built_in_december(henan_funding, con):
    amount, built = con.execute(
        "SELECT (SELECT sum(amount_cny) FROM funding_by_region_year WHERE province_code = '410000' AND year = 2023 "
        "AND is_demo AND program = '乡镇(街道)社工站建设'), (SELECT sum(stations_built) FROM stations_by_county_month "
        "WHERE province_code = '410000' AND month = DATE '2023-12-01' AND is_demo)").fetchone()
    per = figure(henan_funding, "每站资金")
    henan = next(t for t in per["data"] if t["name"] == "河南（演示数据）")
    assert dict(zip(values(henan["x"]), values(henan["y"])))[2023] == pytest.approx(amount / built)
    assert {t["name"] for t in per["data"]} == {f"{p}（演示数据）" for p in ("河南", "河北", "宁夏", "北京")}


def test_funding_url_round_trip_hebei_trend(warehouse, con):
    at = open_page("pages/funding.py", province="130000", display="trend")
    assert at.selectbox(key="province").value == "130000" and at.selectbox(key="display").value == "trend"
    trend = figure(at, "社会工作服务项目资金：河南、河北、宁夏、北京年度合计")
    colours = {t["name"]: t["line"]["color"] for t in trend["data"] if t.get("line", {}).get("color")}
    assert len(set(colours.values())) == 4  # one colour per province
    hebei = next(t for t in trend["data"] if t["name"] == "河北（公开数字）")
    assert hebei["text"] == ["≥1,800万元"] and values(hebei["x"]) == [2021]
    assert has(trend, S001)
    table = at.dataframe[0].value  # the numbers behind the trend: the compared provinces by year
    assert set(table["省份"]) == {"河南省", "河北省", "宁夏回族自治区", "北京市"}
    row = table[(table["省份"] == "河北省") & (table["年份"] == 2021)].iloc[0]
    assert row["金额（元）"] == pytest.approx(con.execute(
        "SELECT sum(amount_cny) FROM funding_by_region_year WHERE province_code = '130000' AND year = 2021 "
        "AND is_demo").fetchone()[0], abs=0.01)
    assert figure(at, "河北省：公开报道的资金数字")["layout"]["yaxis"]["ticktext"] == ["河北省<br>2021年"]
    check_footers(at)


def test_funding_crafted_parameters_fall_back(warehouse):
    at = open_page("pages/funding.py", province="<script>alert(1)</script>", display="bogus")
    assert at.selectbox(key="province").value == "410000" and at.selectbox(key="display").value == "program"
    assert figure(at, "按项目")["layout"]["title"]["text"].startswith("河南省")


def test_funding_without_published_figures_says_so(warehouse):
    at = open_page("pages/funding.py", province="110000", display="source")
    assert "北京市及其市县暂无公开报道的资金数字" in " ".join(i.value for i in at.info)
    assert figure(at, "北京市社会工作服务项目资金：按资金来源")
    check_footers(at)


def test_funding_bars_keep_demo_and_imported_records_apart(warehouse):
    rows = pd.DataFrame({"year": [2021, 2021, 2022], "program": ["三区计划"] * 3, "source": ["fiscal"] * 3,
                         "is_demo": [True, False, True], "qualifier": ["exact"] * 3, "amount_cny": [1e6, 2e6, 3e6]})
    empty = queries.run("funding_published", regions="")  # no published figure: the query's columns, no rows
    fig = funding.by_year(rows, "program", "410000", "河南省", empty).to_plotly_json()
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    assert {t["name"] for t in bars} == {"三区计划（演示数据）", "三区计划（登记数据）"}
    assert {x for t in bars for x in t["x"]} == {"2021年<br>演示数据", "2021年<br>登记数据", "2022年<br>演示数据"}


# ---------------------------------------------------------------------------------------------------- beneficiaries
@pytest.fixture(scope="module")
def henan_services(warehouse):
    return open_page("pages/beneficiaries.py")


def latest_12(con, province):
    return con.execute(
        "SELECT sum(people_served), sum(sessions) FROM services_by_province_month "
        "WHERE province_code = $p AND is_demo AND month > (SELECT max(month) FROM services_by_province_month "
        "WHERE province_code = $p AND is_demo) - INTERVAL 12 MONTH", {"p": province}).fetchone()


def test_beneficiaries_latest_12_months_match_the_warehouse(henan_services, con):
    at = henan_services
    people, sessions = latest_12(con, "410000")
    kpis = {m.label: m.value for m in at.metric}
    assert kpis["近12个月服务人次（演示数据）"] == fmt.computed(people, "人次")
    assert kpis["近12个月服务次数（演示数据）"] == fmt.computed(sessions, "次")
    heat = figure(at, "河南省近12个月服务人次：服务对象类别×服务类型")
    assert sum(values(heat["data"][0]["z"])) == people
    monthly = figure(at, "河南省社工站服务人次：按服务对象类别")
    assert {t["name"] for t in monthly["data"]} == set(CATEGORY.values())
    (y2024,) = con.execute("SELECT sum(people_served) FROM services_by_province_month WHERE province_code = '410000' "
                           "AND is_demo AND year(month) = 2024").fetchone()
    yearly = figure(at, "河南省社工站年度服务人次与同比")
    bar = yearly["data"][0]
    assert dict(zip(values(bar["x"]), values(bar["y"])))[2024] == y2024
    check_footers(at)


def test_beneficiaries_menu_mapping_is_shown(henan_services):
    assert services.MENU_TITLE in [s.value for s in henan_services.header]
    table = henan_services.dataframe[0].value
    mapping = dict(zip(table["服务套餐"], table["对应的服务对象类别"]))
    assert mapping["未成年人成长套餐"] == "留守儿童、困境儿童" and mapping["老年人关爱套餐"] == "老年人"
    assert mapping["残疾人幸福套餐"] == "残疾人" and "跨类别" in mapping["资源链接套餐"]
    assert services.MENU_PACKAGES["资源链接套餐"]["categories"] == tuple(CATEGORY)
    assert all(set(m["categories"]) <= set(CATEGORY) for m in services.MENU_PACKAGES.values())


def test_beneficiaries_url_round_trip_hebei_with_published_context(warehouse, con):
    at = open_page("pages/beneficiaries.py", province="130000", by="service_type", measure="sessions")
    chosen = [at.selectbox(key=k).value for k in ("province", "by", "measure")]
    assert chosen == ["130000", "service_type", "sessions"]
    assert figure(at, "河北省社工站服务次数：按服务类型")
    assert figure(at, "河北省近12个月服务次数")["layout"]["title"]["text"].startswith("河北省")
    kpis = {m.label: m.value for m in at.metric}
    assert kpis["河北省服务对象"] == "≥2万人"  # published, a card of its own: never summed with the records
    assert kpis["近12个月服务次数（演示数据）"] == fmt.computed(latest_12(con, "130000")[1], "次")
    assert any(S001 in c.value and "原文为人数" in c.value for c in at.caption)
    check_footers(at)


def test_beneficiaries_households_are_not_persons(warehouse):
    at = open_page("pages/beneficiaries.py", province="640000")
    kpis = {m.label: m.value for m in at.metric}
    assert kpis["西夏区服务家庭"] == "≥600户"
    assert any("单位为户（家庭），不是人数或人次" in c.value for c in at.caption)
    assert "宁夏近12个月服务人次（演示数据）" in at.dataframe[0].value.columns


def test_beneficiaries_crafted_parameters_fall_back(warehouse):
    at = open_page("pages/beneficiaries.py", province="<script>", by="x' OR 1=1", measure="bogus")
    assert [at.selectbox(key=k).value for k in ("province", "by", "measure")] == ["410000", "category",
                                                                                  "people_served"]


def test_pages_without_records_still_show_the_published_figures(published_warehouse, monkeypatch, warehouse):
    # published figures, no station, funding or service records
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(published_warehouse))
    at = open_page("pages/funding.py")
    assert "尚无资金记录" in at.info[0].value and not at.warning
    check = figure(at, "河南省：公开报道的资金数字与资金记录对照")
    assert not has(check, "演示数据") and has(check, S022)
    assert set(at.dataframe[0].value["资金记录同口径合计"]) == {"无同口径记录"}
    at = open_page("pages/beneficiaries.py", province="130000")
    assert "河北省尚无服务记录" in at.info[0].value and not figures(at)
    assert {m.label: m.value for m in at.metric} == {"河北省服务对象": "≥2万人"}


# ---------------------------------------------------------------------------------------------------------- English
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"%\{[^}]*\}")


@pytest.fixture(scope="module")
def local_names(con) -> list[str]:
    """Prefecture and county names, which stay Chinese in English (longest first, to strip 西夏区 before 西夏)."""
    rows = con.execute("SELECT name FROM regions WHERE level IN ('prefecture', 'county')").fetchall()
    return sorted((r[0] for r in rows), key=len, reverse=True)


def without(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, "")
    return text


def english_texts(at, names: list[str]) -> list[str]:
    """What must be English: title, headers, messages, metric labels, selectbox labels and options, and for each
    figure its title, subtitle, trace names, hover templates, notes, other annotations and axis labels; sources'
    titles (their own words) are left out, prefecture and county names removed."""
    texts = [x.value for x in [*at.title, *at.subheader, *at.header, *at.info, *at.warning]]
    texts += [m.value for m in at.markdown if m.value.startswith(("#", "**"))]
    texts += [m.label for m in at.metric]
    for s in at.selectbox:
        if s.key != "lang":
            texts += [s.label, *s.options]
    for fig in figures(at):
        layout = fig["layout"]
        texts += [layout["title"]["text"], layout["title"]["subtitle"]["text"]]
        for tr in fig["data"]:
            texts += [tr.get("name") or "", PLACEHOLDER.sub("", tr.get("hovertemplate") or "")]
        for a in layout.get("annotations", []):
            sources, _, notes = a["text"].partition("Notes: ")
            texts.append(notes if sources.startswith("Sources: ") or not sources else a["text"])
        for axis in (v for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))):
            texts += [str(x) for x in axis.get("ticktext", [])] + [axis.get("ticksuffix", "")]
    return [without(x, names) for x in texts]


@pytest.mark.parametrize("page,params", [
    ("pages/funding.py", {}), ("pages/funding.py", {"province": "130000", "display": "trend"}),
    ("pages/funding.py", {"province": "110000", "display": "source"}),
    ("pages/beneficiaries.py", {}), ("pages/beneficiaries.py", {"province": "130000", "by": "service_type",
                                                                "measure": "sessions"}),
    ("pages/beneficiaries.py", {"province": "640000"})])
def test_english_pages_have_no_chinese_left(warehouse, local_names, page, params):
    at = open_page(page, lang="en", **params)
    texts = english_texts(at, local_names)
    assert at.title[0].value in ("Funding", "People served") and len(texts) > 40
    leftovers = [x for x in texts if CJK.search(x)]
    assert not leftovers, leftovers
    for frame in at.dataframe:
        table = frame.value
        assert not [c for c in table.columns if CJK.search(str(c))], list(table.columns)
        labels = table.drop(columns=[c for c in ("Source", "Region") if c in table.columns])  # titles, counties
        cells = [str(v) for v in labels.to_numpy().ravel()]
        assert not [v for v in cells if CJK.search(v)]


def english(value, unit, qualifier="exact") -> str:
    """A sum of records as the English page shows it (computed: 3–4 significant digits)."""
    i18n.set_language("en")
    try:
        return fmt.computed(value, unit, qualifier)
    finally:
        i18n.set_language("zh")


def test_english_funding_numbers_dates_and_names(warehouse, con):
    at = open_page("pages/funding.py", lang="en")
    (total,) = con.execute("SELECT sum(amount_cny) FROM funding_by_region_year WHERE province_code = '410000' "
                           "AND is_demo").fetchone()
    kpis = {m.label: m.value for m in at.metric}
    assert kpis["Cumulative funding 2019–2025 (demo data)"] == english(total, "元")
    assert kpis["Cumulative funding 2019–2025 (demo data)"].endswith(" million yuan")
    bars = figure(at, "Social work project funding in Henan by programme")
    hebei = figure(open_page("pages/funding.py", lang="en", province="130000"),
                   "Social work project funding in Hebei by programme")
    label = next(a for a in hebei["layout"]["annotations"] if a["text"] == "Published ≥18 million yuan")
    # placed by index: plotly.js would read an annotation's x "2021" as category index 2021 and squash the bars
    assert label["x"] == hebei["layout"]["xaxis"]["categoryarray"].index("2021")
    assert {t["name"] for t in bars["data"] if t["type"] == "bar"} == {
        "Township/street station building", "Three Regions Plan", "Post-disaster social work services"}
    assert "2021" in {x for t in bars["data"] if t["type"] == "bar" for x in t["x"]}
    table = at.dataframe[1].value
    cumulative = table[table["Scope"] == "cumulative"].iloc[0]
    assert cumulative["Published figure"] == "89.4666 million yuan"  # every digit the source wrote
    assert cumulative["Records, same scope"] == "89.5 million yuan"  # a sum of records: rounded
    assert cumulative["As of"] == "8 Dec 2021" and cumulative["Region"] == "Henan"
    assert "Henan<br>cumulative to 8 Dec 2021" in figure(at, "Henan: published funding")["layout"]["yaxis"]["ticktext"]
    assert set(at.dataframe[0].value["Data"]) == {"Demo data"}
    at = open_page("pages/funding.py", lang="en", province="130000", display="trend")
    hebei = next(t for t in figure(at, "annual totals")["data"] if t["name"] == "Hebei (published)")
    assert hebei["text"] == ["≥18 million yuan"]
    assert set(at.dataframe[0].value["Province"]) == {"Henan", "Hebei", "Ningxia", "Beijing"}


def test_english_beneficiaries_numbers_and_cited_figures(warehouse, con):
    at = open_page("pages/beneficiaries.py", lang="en", province="130000")
    kpis = {m.label: m.value for m in at.metric}
    assert kpis["Hebei: People served"] == "≥20,000 persons"  # published: a card of its own
    people, _ = latest_12(con, "130000")
    assert kpis["Person-times, last 12 months (demo data)"] == english(people, "人次")
    assert any(c.value.startswith("as of 2021 · ") and "persons in the source" in c.value for c in at.caption)
    monthly = figure(at, "Stations in Hebei: person-times by recipient category")
    assert {t["name"] for t in monthly["data"]} >= {"Left-behind children", "Older people", "Other"}
    assert monthly["layout"]["xaxis"]["tickformat"] == "%Y"
    at = open_page("pages/beneficiaries.py", lang="en", province="640000", measure="sessions")
    assert {m.label: m.value for m in at.metric}["西夏区: Households served"] == "≥600 households"
    menu = at.dataframe[0].value
    assert dict(zip(menu["Service package"], menu["Recipient categories in the records"]))[
        "Growing-up package for minors"] == "Left-behind children, Children in difficulty"
    assert menu["Ningxia, last 12 months (demo data)"].str.endswith(" sessions").sum() == 3
