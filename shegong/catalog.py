"""Every chart and table a user can export, by id: the one place that turns parameters into an exhibit.

Pages draw exhibits from here and the export buttons, `python -m shegong export` and the report pack build the
same exhibits from here, so a downloaded image or table is always what the page shows (as OWID's Grapher keeps
one definition per chart). An exhibit is a figure (or None for a table) with the data on screen ("displayed"),
the whole series behind it ("full") and the title, sources and notes that go with it.
"""
from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from shegong import PROVINCES, display, fmt, i18n
from shegong import compare as compare_module
from shegong.charts import base, funding, maps, published, services
from shegong.charts import compare as compare_charts
from shegong.charts import province as charts_province
from shegong.i18n import t
from shegong import queries
from shegong.queries import run


@dataclass
class Exhibit:
    """A chart or a table with everything an export needs to stand on its own."""
    id: str
    params: dict[str, str]
    figure: go.Figure | None
    displayed: pd.DataFrame
    full: pd.DataFrame
    title: str = ""
    subtitle: str = ""
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    demo: bool = False

    def __post_init__(self):
        meta = dict(self.figure.layout.meta or {}) if self.figure is not None else {}
        self.title = self.title or meta.get("title", "")
        self.subtitle = self.subtitle or meta.get("subtitle", "")
        self.sources = self.sources or list(meta.get("sources", []))
        self.notes = self.notes or list(meta.get("notes", []))
        self.demo = self.demo or bool(meta.get("demo", False))

    @property
    def file_stem(self) -> str:
        """A file name that says what the file is: chart id, then title (indicator, place, date)."""
        title = re.sub(r"<[^>]+>", "", self.title)
        title = re.sub(r"[\\/:*?\"<>|\s]+", "_", title).strip("_")[:80]
        return f"{self.id}_{title}" if title else self.id


@dataclass
class Entry:
    id: str
    label: str                                   # what the menus call it (Chinese; t() translates)
    build: Callable[..., Exhibit | None]
    options: Callable[[], dict[str, dict[str, str]]]   # parameter → allowed value → label; first is the default
    multi: tuple[str, ...] = ()                  # parameters that take a comma-separated subset of their values


CATALOG: dict[str, Entry] = {}


def register(chart_id: str, label: str, options: Callable[[], dict[str, dict[str, str]]] = dict,
             multi: tuple[str, ...] = ()):
    def wrap(fn):
        CATALOG[chart_id] = Entry(chart_id, label, fn, options, multi)
        return fn
    return wrap


def ids() -> list[str]:
    return list(CATALOG)


def options(chart_id: str) -> dict[str, dict[str, str]]:
    """Each parameter's allowed values with their labels (first = default); cached like the exhibits."""
    return _options(chart_id, i18n.lang(), queries.identity())


@functools.lru_cache(maxsize=128)
def _options(chart_id: str, lang: str, warehouse: tuple) -> dict[str, dict[str, str]]:
    return CATALOG[chart_id].options()


def build(chart_id: str, **params: str) -> Exhibit | None:
    """The exhibit for these parameters (defaults for those left out), or None when there is nothing to show.

    A value that is not allowed raises ValueError naming the allowed ones, so that a command line typo is
    caught rather than drawn as an empty chart. Exhibits are cached (building the figures is most of a page's
    rerun) and shared between sessions: treat them as read-only — copy a figure or a table before changing it.
    """
    if chart_id not in CATALOG:
        raise KeyError(f"no chart {chart_id!r}; known: {', '.join(CATALOG)}")
    allowed = options(chart_id)
    unknown = set(params) - set(allowed)
    if unknown:
        raise ValueError(f"{chart_id} has no parameter {', '.join(sorted(unknown))}; "
                         f"it takes {', '.join(allowed) or 'none'}")
    chosen = {}
    for key, values in allowed.items():
        multi = key in CATALOG[chart_id].multi
        value = str(params.get(key, ",".join(values) if multi else next(iter(values))))
        for item in [i for i in value.split(",") if i] if multi else [value]:
            if item not in values:
                raise ValueError(f"{chart_id}: {key}={item!r} is not allowed; one of {', '.join(values)}")
        chosen[key] = value
    return _built(chart_id, tuple(chosen.items()), i18n.lang(), queries.identity(), datetime.date.today())


@functools.lru_cache(maxsize=256)
def _built(chart_id: str, chosen: tuple, lang: str, warehouse: tuple, today: datetime.date) -> Exhibit | None:
    """One exhibit per chart, parameters, language, warehouse file and day (progress verdicts depend on today)."""
    exhibit = CATALOG[chart_id].build(**dict(chosen))
    if exhibit is not None:
        exhibit.id, exhibit.params = chart_id, dict(chosen)
    return exhibit


def _exhibit(figure: go.Figure | None, displayed: pd.DataFrame, full: pd.DataFrame | None = None,
             **meta) -> Exhibit:
    return Exhibit("", {}, figure, displayed, displayed if full is None else full, **meta)


i18n.add({
    "月份": "Month", "建成社工站(个)": "Stations built", "乡镇(街道)数": "Townships",
    "已建站乡镇(街道)数": "Townships with a station", "覆盖率(%)": "Coverage (%)", "县(市、区)": "County",
    "资金来源": "Source of funds", "服务对象类别": "Recipient category", "服务类型": "Service type",
    "每站资金（元）": "Funding per station (yuan)", "数值（精确）": "Value (exact)", "最新": "Latest",
    "公开数字：{what}": "Published figure: {what}", "第一个目标": "First target", "第二个目标": "Second target", "第三个目标": "Third target",
    "{label}：起止与变化（{a}–{b}年）": "{label}: first, last and change ({a}–{b})",
    "全国与河南、河北、宁夏、北京：最新公开数字": "China, Henan, Hebei, Ningxia and Beijing: latest published figures",
    "{place}站点名录（{n}个）": "{place}: list of stations ({n})",
    "公开报道中的社工站数字及其来源": "Published figures on social work stations and their sources",
    "数字所指日期：{span}": "Figures dated {span}", "{n}条数字，所指日期：{span}": "{n} figures dated {span}",
    # menu labels of the exhibits (report page, export lists)
    "各省最新公开数字（地图）": "Latest published figures by province (map)",
    "各省最新公开数字（条形图）": "Latest published figures by province (bars)",
    "全国与四省区最新公开数字（表）": "Latest published figures, China and four provinces (table)",
    "省际对比：趋势图": "Compare: trend", "省际对比：地图": "Compare: map",
    "省际对比：起止与变化（表）": "Compare: first, last and change (table)",
    "省际对比：数字与来源（表）": "Compare: figures and sources (table)",
    "省份详情：目标进度": "Province: progress to target", "省份详情：各县地图": "Province: county map",
    "省份详情：各县排名": "Province: county ranking", "省份详情：建成社工站趋势": "Province: stations built",
    "省份详情：驻站社工趋势": "Province: social workers at stations", "省份详情：资金趋势": "Province: funding",
    "省份详情：服务人次趋势": "Province: person-times served", "省份详情：站点名录（表）": "Province: station list (table)",
    "资金投入：按年份、项目或来源": "Funding: by year, programme or source",
    "资金投入：四省区年度合计": "Funding: four provinces, annual totals", "资金投入：每站资金": "Funding: per station",
    "资金投入：公开数字与资金记录对照": "Funding: published figures beside the records",
    "服务对象：按月": "People served: by month", "服务对象：年度与同比": "People served: by year, year on year",
    "服务对象：类别×服务类型": "People served: category × service type",
    "服务对象：四省区比较": "People served: four provinces compared",
    "服务对象：宁夏服务套餐（表）": "People served: Ningxia's service packages (table)",
    "数据来源：全部公开数字（表）": "Sources: all published figures (table)",
    "数据来源：政策目标（表）": "Sources: policy targets (table)",
})

# --- readable tables ------------------------------------------------------------------------------------------------
# raw query column → the header a reader sees (Chinese; t() translates). Columns not listed are left out of the
# displayed table; the full download keeps every raw column, explained in its readme.
HEADERS = {
    "region_name": "地区", "name": "地区", "province_code": "省份", "county_name": "县(市、区)",
    "prefecture_name": "市", "label_zh": "指标", "year": "年份", "month": "月份", "program": "项目",
    "source": "资金来源", "category": "服务对象类别", "service_type": "服务类型",
    "stations_built": "建成社工站(个)", "social_workers": "驻站社工(人)", "townships": "乡镇(街道)数",
    "townships_covered": "已建站乡镇(街道)数", "coverage_pct": "覆盖率(%)", "amount_cny": "金额（元）",
    "per_station_cny": "每站资金（元）", "people_served": "服务人次", "sessions": "服务次数",
}


def figures_table(df: pd.DataFrame, unit: str | None = None) -> pd.DataFrame:
    """Published figures (any query or points frame with value, qualifier, as_of and source columns) as a reader
    sees them; `unit` for frames without a unit_zh column."""
    df = df.dropna(subset=["value"])
    out = pd.DataFrame(index=df.index)
    if "region_code" in df or "code" in df:
        code = df["region_code"] if "region_code" in df else df["code"]
        name = df["region_name"] if "region_name" in df else df["name"]
        out[t("地区")] = [i18n.place(c, n) for c, n in zip(code, name)]
    if "label_en" in df:
        out[t("指标")] = [i18n.pick(z, e) for z, e in zip(df.label_zh, df.label_en)]
    elif "label_zh" in df:
        out[t("指标")] = df["label_zh"].map(t)
    elif "label" in df:
        out[t("指标")] = df["label"]
    units = df["unit_zh"].fillna("") if "unit_zh" in df else pd.Series(unit or "", index=df.index)
    out[t("数值")] = [fmt.number(v, u, q) for v, u, q in zip(df.value, units, df.qualifier)]
    out[t("数值（精确）")] = df["value"]
    out[t("限定")] = df["qualifier"].map(lambda q: t(fmt.QUALIFIER_ZH.get(q, q)))
    out[t("截至")] = df["as_of"].map(fmt.date)
    out[t("来源")] = [fmt.source_line(a, b, c) for a, b, c in zip(df.source_title, df.publisher, df.published)]
    out[t("链接")] = df["url"].fillna("")
    return out.reset_index(drop=True)


def records_table(df: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Rows of station, funding or service records under readable headers, with the kind of data on each row."""
    from shegong.records import CATEGORY, FUND_SOURCE, SERVICE_TYPE

    out = pd.DataFrame(index=df.index)
    for col, head in HEADERS.items():
        if col not in df or col in ("region_name", "name", "label_zh"):
            continue
        values = df[col]
        if col == "month":
            values = values.map(fmt.month)
        elif col == "province_code":
            values = values.map(lambda c: (names or {}).get(c, c))
        elif col in ("source", "category", "service_type"):
            labels = {"source": FUND_SOURCE, "category": CATEGORY, "service_type": SERVICE_TYPE}[col]
            values = values.map(lambda v: t(labels.get(v, v)))
        elif col == "program":
            values = values.map(t)
        out[t(head)] = values
    if "is_demo" in df:
        out[t("数据")] = df["is_demo"].map(base.kind_name)
    return out.reset_index(drop=True)


def with_points(records: pd.DataFrame, column: str, points: pd.DataFrame, unit: str | None = None) -> pd.DataFrame:
    """A chart's records (time, `column`, kind) and the published points drawn beside them as rows of their own, each
    with its qualifier, what it counts and its source: one narrow table, as the chart shows them."""
    records = records_table(records[[records.columns[0], column, "is_demo"]])
    if points is None or points.empty:
        return records
    pts = figures_table(points, unit)
    what = pts[t("指标")] if t("指标") in pts else pd.Series([""] * len(pts))
    rows = pd.DataFrame({
        records.columns[0]: pts[t("截至")], records.columns[1]: pts[t("数值（精确）")], t("限定"): pts[t("限定")],
        t("数据"): [t("公开数字：{what}", what=w) if w else t("公开数字") for w in what], t("来源"): pts[t("来源")]})
    return pd.concat([records, rows], ignore_index=True)


# --- shared option lists --------------------------------------------------------------------------------------------
REGIONS = ",".join(PROVINCES)


def province_names() -> dict[str, str]:
    return display.options(run("region_names", regions=REGIONS), "code", "name")


def compare_indicators() -> dict[str, str]:
    return display.options(run("compare_indicators", regions=REGIONS), "indicator", "label_zh", "label_en")


def _first(default: str, values: dict[str, str]) -> dict[str, str]:
    return {default: values[default], **values} if default in values else values


def _province(default: str = "410000") -> dict[str, str]:
    return _first(default, province_names())


def _latest_months() -> dict[str, str]:
    """'latest' (each province's newest register month) and every month any register covers, newest first."""
    months = {}
    for code in PROVINCES:
        months.update(charts_province.month_options(run("province_registers", province=code)))
    return {"latest": t("最新"), **dict(sorted(months.items(), reverse=True))}


# --- 总览 ------------------------------------------------------------------------------------------------------------

def _overview_options() -> dict[str, dict[str, str]]:
    return {"indicator": _first("stations_built", compare_indicators())}


def _all_of_indicator(indicator: str) -> pd.DataFrame:
    return run("compare_series", regions=REGIONS, indicator=indicator, from_year="2000", to_year="2100")


@register("overview.map", "各省最新公开数字（地图）", _overview_options)
def overview_map(indicator: str) -> Exhibit:
    latest = run("province_latest", indicator=indicator, regions=REGIONS)
    return _exhibit(maps.china_map(latest), figures_table(latest), _all_of_indicator(indicator))


@register("overview.bars", "各省最新公开数字（条形图）", _overview_options)
def overview_bars(indicator: str) -> Exhibit:
    latest = run("province_latest", indicator=indicator, regions=REGIONS)
    return _exhibit(published.province_bars(latest), figures_table(latest), _all_of_indicator(indicator))


@register("overview.kpis", "全国与四省区最新公开数字（表）")
def overview_kpis() -> Exhibit:
    kpis = run("kpi_latest", regions="100000," + REGIONS)
    return _exhibit(None, figures_table(kpis), kpis, title=t("全国与河南、河北、宁夏、北京：最新公开数字"),
                    subtitle=t("数字所指日期：{span}", span=base.date_span(kpis)), sources=base.sources_of(kpis),
                    notes=base.qualifier_notes(kpis))


# --- 省际对比 ---------------------------------------------------------------------------------------------------------

def _compare_options() -> dict[str, dict[str, str]]:
    years = run("compare_years").iloc[0]
    span = [str(y) for y in range(int(years.first_year), int(years.last_year) + 1)]
    return {"indicator": _first("stations_built", compare_indicators()), "provinces": province_names(),
            "measure": {k: t(v) for k, v in compare_module.MEASURES.items()},
            "from_year": {y: y for y in span}, "to_year": {y: y for y in reversed(span)}}


def _compared(indicator, provinces, measure, from_year, to_year):
    names = province_names()
    chosen = [c for c in provinces.split(",") if c]
    measures = compare_module.measures_for(indicator)
    measure = measure if measure in measures else "absolute"
    series = run("compare_series", regions=",".join(chosen), indicator=indicator, from_year=from_year,
                 to_year=to_year)
    measured, unit, notes = compare_module.apply_measure(series, measure, {c: names[c] for c in chosen})
    label = compare_indicators()[indicator] + ("" if measure == "absolute" else f" · {measures[measure]}")
    return series, measured, unit, notes, label, chosen


@register("compare.trend", "省际对比：趋势图", _compare_options, multi=("provinces",))
def compare_trend(**p) -> Exhibit | None:
    series, measured, unit, notes, label, _ = _compared(**p)
    if measured.empty:
        return None
    return _exhibit(compare_charts.compare_trend(measured, label, unit, notes),
                    compare_module.points_table(measured, unit), series)


@register("compare.map", "省际对比：地图", _compare_options, multi=("provinces",))
def compare_map(**p) -> Exhibit | None:
    series, measured, unit, notes, label, chosen = _compared(**p)
    if measured.empty:
        return None
    outline = run("province_latest", indicator=p["indicator"], regions=",".join(chosen))
    latest = compare_module.latest_for_map(outline, measured, unit, chosen, label)
    return _exhibit(maps.china_map(latest), compare_module.points_table(measured, unit), series)


@register("compare.table", "省际对比：数字与来源（表）", _compare_options, multi=("provinces",))
def compare_table(**p) -> Exhibit | None:
    trend = build("compare.trend", **p)  # the cached chart: its points are this table
    if trend is None:
        return None
    return _exhibit(None, trend.displayed, trend.full, title=trend.title, subtitle=trend.subtitle,
                    sources=trend.sources, notes=trend.notes)


@register("compare.change", "省际对比：起止与变化（表）", _compare_options, multi=("provinces",))
def compare_change(**p) -> Exhibit | None:
    series, measured, unit, notes, label, _ = _compared(**p)
    if measured.empty:
        return None
    return _exhibit(None, compare_module.change_table(measured, unit), series,
                    title=t("{label}：起止与变化（{a}–{b}年）", label=label, a=p["from_year"], b=p["to_year"]),
                    sources=base.sources_of(measured), notes=notes + base.qualifier_notes(measured))


# --- 省份详情 ---------------------------------------------------------------------------------------------------------

def _place(province: str) -> str:
    return province_names()[province]


def progress(province: str) -> list:
    """A province's progress to each of its targets (charts.province.progress), cached like the exhibits."""
    return _progress(province, i18n.lang(), queries.identity(), datetime.date.today())


@functools.lru_cache(maxsize=32)
def _progress(province: str, lang: str, warehouse: tuple, today: datetime.date) -> list:
    return charts_province.progress(run("province_published", province=province),
                                    run("province_targets", province=province))


def _goals(province: str) -> list:
    """The progress items of a province that have a chart, in page order."""
    return [item for item in progress(province)
            if item.goal is not None and (len(item.points) or item.goal.indicator == charts_province.COVERAGE)]


@register("province.progress", "省份详情：目标进度",
          lambda: {"province": _province(), "goal": {"0": t("第一个目标"), "1": t("第二个目标"),
                                                     "2": t("第三个目标")}})
def province_progress(province: str, goal: str) -> Exhibit | None:
    goals = _goals(province)
    if int(goal) >= len(goals):
        return None
    item = goals[int(goal)]
    registers = run("province_registers", province=province)
    fig = charts_province.progress_chart(item, registers, _place(province), province)
    if item.goal.indicator == charts_province.COVERAGE:  # the register's coverage line is on the chart too
        records = registers.assign(coverage_pct=(100 * registers.townships_covered / registers.townships).round(1))
    else:
        records = pd.DataFrame({"month": [], "coverage_pct": [], "is_demo": []})
    return _exhibit(fig, with_points(records[["month", "coverage_pct", "is_demo"]], "coverage_pct", item.points,
                                     item.goal.unit), run("province_published", province=province))


def _counties(province: str, month: str) -> pd.DataFrame:
    if month == "latest":
        months = charts_province.month_options(run("province_registers", province=province))
        month = next(iter(months), "")
    return charts_province.one_kind(run("province_counties", province=province, month=month))


def _county_options() -> dict[str, dict[str, str]]:
    return {"province": _province(), "measure": charts_province.measure_options(), "month": _latest_months()}


def _county_table(counties: pd.DataFrame) -> pd.DataFrame:
    return records_table(counties.dropna(subset=["is_demo"]))


@register("province.map", "省份详情：各县地图", _county_options)
def province_map(province: str, measure: str, month: str) -> Exhibit | None:
    counties = _counties(province, month)
    if counties["is_demo"].dropna().empty:
        return None
    fig = charts_province.county_map(counties, measure, _place(province), province)
    return _exhibit(fig, _county_table(counties), run("province_counties", province=province, month=""))


@register("province.ranking", "省份详情：各县排名", _county_options)
def province_ranking(province: str, measure: str, month: str) -> Exhibit | None:
    counties = _counties(province, month)
    if counties["is_demo"].dropna().empty or charts_province.ranking_gap(counties, measure, _place(province)):
        return None
    fig = charts_province.county_ranking(counties, measure, _place(province), province)
    return _exhibit(fig, _county_table(counties), run("province_counties", province=province, month=""))


def _trend(province: str, query: str, draw, time: str, column: str, indicator: str) -> Exhibit | None:
    """A province's records over time (`query`), drawn by `draw` with the published `indicator` points beside them."""
    rows = run(query, province=province)
    if rows.empty:
        return None
    published_rows = run("province_published", province=province)
    fig = draw(rows, published_rows, _place(province), province)
    points = published_rows[published_rows.indicator == indicator]
    return _exhibit(fig, with_points(rows[[time, column, "is_demo"]], column, points), rows)


def _register_trend(province: str, column: str, indicator: str) -> Exhibit | None:
    return _trend(province, "province_registers",
                  lambda rows, pub, place, code: charts_province.register_trend(rows, pub, column, indicator, place,
                                                                                code),
                  "month", column, indicator)


@register("province.stations", "省份详情：建成社工站趋势", lambda: {"province": _province()})
def province_stations(province: str) -> Exhibit | None:
    return _register_trend(province, "stations_built", "stations_built")


@register("province.workers", "省份详情：驻站社工趋势", lambda: {"province": _province()})
def province_workers(province: str) -> Exhibit | None:
    return _register_trend(province, "social_workers", "social_workers_stationed")


@register("province.funding", "省份详情：资金趋势", lambda: {"province": _province()})
def province_funding(province: str) -> Exhibit | None:
    return _trend(province, "province_funding", charts_province.funding_trend, "year", "amount_cny", "funding_cny")


@register("province.services", "省份详情：服务人次趋势", lambda: {"province": _province()})
def province_services(province: str) -> Exhibit | None:
    return _trend(province, "province_services", charts_province.services_trend, "month", "people_served",
                  "beneficiaries_served")


@register("province.station_list", "省份详情：站点名录（表）", lambda: {"province": _province()})
def province_station_list(province: str) -> Exhibit | None:
    stations = run("station_list", province=province)
    if stations.empty:
        return None
    demo = bool(stations["is_demo"].any())
    return _exhibit(None, display.station_table(stations), stations,
                    title=t("{place}站点名录（{n}个）", place=_place(province), n=f"{len(stations):,}"),
                    notes=[t(base.DEMO_NOTE)] if demo else [], demo=demo)


# --- 资金投入 ---------------------------------------------------------------------------------------------------------

@register("funding.by_year", "资金投入：按年份、项目或来源",
          lambda: {"province": _province(), "view": {k: t(v) for k, v in funding.VIEWS.items() if k != "trend"}})
def funding_by_year(province: str, view: str) -> Exhibit | None:
    rows = run("funding_by_year", province=province)
    if rows.empty:
        return None
    fig = funding.by_year(rows, view, province, _place(province), run("funding_published", regions=REGIONS))
    return _exhibit(fig, funding.funding_table(rows), rows)


@register("funding.trend", "资金投入：四省区年度合计")
def funding_trend() -> Exhibit | None:
    trend = run("funding_trend", regions=REGIONS)
    if trend.empty:
        return None
    return _exhibit(funding.trend(trend, run("funding_published", regions=REGIONS)),
                    funding.trend_table(trend, province_names()), trend)


@register("funding.per_station", "资金投入：每站资金")
def funding_per_station() -> Exhibit | None:
    trend = run("funding_trend", regions=REGIONS)
    if not trend["per_station_cny"].notna().any():
        return None
    return _exhibit(funding.per_station(trend), funding.trend_table(trend, province_names()), trend)


@register("funding.published", "资金投入：公开数字与资金记录对照", lambda: {"province": _province()})
def funding_published(province: str) -> Exhibit | None:
    rows = run("funding_published", regions=REGIONS)
    table = funding.published_table(rows, province)
    if table.empty:
        return None
    return _exhibit(funding.published_check(rows, province, _place(province)), table,
                    rows[rows.province_code == province])


# --- 服务对象 ---------------------------------------------------------------------------------------------------------

def _services_measure() -> dict[str, str]:
    return {k: t(v) for k, v in services.MEASURES.items()}


@register("services.monthly", "服务对象：按月", lambda: {
    "province": _province(), "by": {k: t(v) for k, v in services.BREAKDOWNS.items()},
    "measure": _services_measure()})
def services_monthly(province: str, by: str, measure: str) -> Exhibit | None:
    if run("services_summary", province=province).empty:
        return None
    monthly = run("services_monthly", province=province)
    fig = services.monthly(monthly, by, measure, _place(province))
    shown = monthly.groupby(["month", by, "is_demo"], as_index=False)[measure].sum()
    return _exhibit(fig, records_table(shown), monthly)


@register("services.yearly", "服务对象：年度与同比", lambda: {"province": _province(), "measure": _services_measure()})
def services_yearly(province: str, measure: str) -> Exhibit | None:
    if run("services_summary", province=province).empty:
        return None
    yearly = run("services_yearly", regions=REGIONS)
    mine = yearly[yearly.province_code == province]
    return _exhibit(services.yearly(yearly, province, _place(province), measure),
                    records_table(mine[["year", "is_demo", measure]]), mine)


@register("services.matrix", "服务对象：类别×服务类型", lambda: {"province": _province(),
                                                                 "measure": _services_measure()})
def services_matrix(province: str, measure: str) -> Exhibit | None:
    if run("services_summary", province=province).empty:
        return None
    matrix = run("services_matrix", province=province)
    return _exhibit(services.matrix(matrix, measure, _place(province)),
                    records_table(matrix[["category", "service_type", "is_demo", measure]]), matrix)


@register("services.comparison", "服务对象：四省区比较", lambda: {"measure": _services_measure()})
def services_comparison(measure: str) -> Exhibit | None:
    yearly = run("services_yearly", regions=REGIONS)
    if yearly.empty:
        return None
    return _exhibit(services.comparison(yearly, measure),
                    records_table(yearly[["province_code", "year", "is_demo", measure]], province_names()), yearly)


@register("services.menu", "服务对象：宁夏服务套餐（表）", lambda: {"measure": _services_measure()})
def services_menu(measure: str) -> Exhibit:
    matrix = run("services_matrix", province="640000")
    demo = bool(matrix["is_demo"].any()) if len(matrix) else False
    return _exhibit(None, services.menu_table(matrix, measure), matrix, title=t(services.MENU_TITLE),
                    notes=[t(services.MENU_NOTE)] + ([t(base.DEMO_NOTE)] if demo else []), demo=demo)


# --- 数据来源 ---------------------------------------------------------------------------------------------------------

def _source_filters() -> dict[str, dict[str, str]]:
    options = run("figure_filters")
    regions = display.options(options.drop_duplicates("region_code"), "region_code", "region_name")
    indicators = display.options(options.drop_duplicates("indicator"), "indicator", "label_zh", "label_en")
    return {"region": {"": t("全部地区"), **{c: f"{n} ({c})" for c, n in regions.items()}},
            "indicator": {"": t("全部指标"), **indicators}}


@register("sources.figures", "数据来源：全部公开数字（表）", _source_filters)
def sources_figures(region: str, indicator: str) -> Exhibit:
    figures = run("figures_with_sources", region=region, indicator=indicator)
    return _exhibit(None, display.sources_table(figures), figures, title=t("公开报道中的社工站数字及其来源"),
                    subtitle=t("{n}条数字，所指日期：{span}", n=len(figures), span=base.date_span(figures)),
                    sources=base.sources_of(figures), notes=base.qualifier_notes(figures))


@register("sources.targets", "数据来源：政策目标（表）", lambda: {"region": _source_filters()["region"]})
def sources_targets(region: str) -> Exhibit:
    targets = run("targets_with_sources", region=region)
    return _exhibit(None, display.targets_table(targets), targets, title=t("政策目标"),
                    sources=base.sources_of(targets))
