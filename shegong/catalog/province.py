"""省份详情: progress to targets, counties on a map and ranked, trends, the station list."""
from __future__ import annotations

import datetime
import functools

import pandas as pd

from shegong import fmt, i18n, queries
from shegong.analysis import counties as county_analysis
from shegong.analysis import progress as progress_analysis
from shegong.catalog import tables
from shegong.catalog.common import latest_months, place, province_options
from shegong.catalog.registry import Exhibit, exhibit, register
from shegong.charts import base
from shegong.charts import province as charts_province
from shegong.i18n import t
from shegong.queries import run


def progress(province: str) -> list:
    """A province's progress to each of its targets (charts.province.progress), cached like the exhibits."""
    return _progress(province, i18n.lang(), queries.identity(), datetime.date.today())


@functools.lru_cache(maxsize=32)
def _progress(province: str, lang: str, warehouse: tuple, today: datetime.date) -> list:
    return progress_analysis.progress(run("province_published", province=province),
                                    run("province_targets", province=province), pd.Timestamp(today))


def _goals(province: str) -> list:
    """The progress items of a province that have a chart, in page order."""
    return [item for item in progress(province)
            if item.goal is not None and (len(item.points) or item.goal.indicator == progress_analysis.COVERAGE)]


@register("province.progress", "省份详情：目标进度",
          lambda: {"province": province_options(), "goal": {"0": t("第一个目标"), "1": t("第二个目标"),
                                                     "2": t("第三个目标")}})
def province_progress(province: str, goal: str) -> Exhibit | None:
    goals = _goals(province)
    if int(goal) >= len(goals):
        return None
    item = goals[int(goal)]
    registers = run("province_registers", province=province)
    fig = charts_province.progress_chart(item, registers, place(province), province)
    registers = registers[~registers["is_demo"].astype(bool)]  # as drawn: no demo against a target
    if item.goal.indicator == progress_analysis.COVERAGE:  # the register's coverage line is on the chart too
        records = registers.assign(coverage_pct=(100 * registers.townships_covered / registers.townships).round(1))
    else:
        records = pd.DataFrame({"month": [], "coverage_pct": [], "is_demo": []})
    return exhibit(fig, tables.with_points(records[["month", "coverage_pct", "is_demo"]], "coverage_pct", item.points,
                                     item.goal.unit), run("province_published", province=province))


def _counties(province: str, month: str) -> pd.DataFrame:
    if month == "latest":
        months = county_analysis.month_options(run("province_registers", province=province))
        month = next(iter(months), "")
    return county_analysis.one_kind(run("province_counties", province=province, month=month))


def _county_options() -> dict[str, dict[str, str]]:
    return {"province": province_options(), "measure": county_analysis.measure_options(), "month": latest_months()}


def _county_table(counties: pd.DataFrame) -> pd.DataFrame:
    return tables.records_table(counties.dropna(subset=["is_demo"]))


@register("province.map", "省份详情：各县地图", _county_options)
def province_map(province: str, measure: str, month: str) -> Exhibit | None:
    counties = _counties(province, month)
    if counties["is_demo"].dropna().empty:
        return None
    fig = charts_province.county_map(counties, measure, place(province), province)
    return exhibit(fig, _county_table(counties), run("province_counties", province=province, month=""))


def _ranking_options() -> dict[str, dict[str, str]]:
    """The county options with stations first: by the latest month every county's coverage is often 100%, which
    ranks nothing, while the number of stations differs (the default export then draws a ranking)."""
    options = _county_options()
    measures = options["measure"]
    options["measure"] = {k: measures[k] for k in sorted(measures, key=lambda k: k != "stations")}
    return options


@register("province.ranking", "省份详情：各县排名", _ranking_options)
def province_ranking(province: str, measure: str, month: str) -> Exhibit | None:
    counties = _counties(province, month)
    if counties["is_demo"].dropna().empty or county_analysis.ranking_gap(counties, measure, place(province)):
        return None
    fig = charts_province.county_ranking(counties, measure, place(province), province)
    return exhibit(fig, _county_table(counties), run("province_counties", province=province, month=""))


def _trend(province: str, query: str, draw, time: str, column: str, indicator: str) -> Exhibit | None:
    """A province's records over time (`query`), drawn by `draw` with the published `indicator` points beside them."""
    rows = run(query, province=province)
    if rows.empty:
        return None
    published_rows = run("province_published", province=province)
    fig = draw(rows, published_rows, place(province), province)
    points = published_rows[published_rows.indicator == indicator]
    return exhibit(fig, tables.with_points(rows[[time, column, "is_demo"]], column, points), rows)


def _register_trend(province: str, column: str, indicator: str) -> Exhibit | None:
    return _trend(province, "province_registers",
                  lambda rows, pub, place, code: charts_province.register_trend(rows, pub, column, indicator, place,
                                                                                code),
                  "month", column, indicator)


@register("province.stations", "省份详情：建成社工站趋势", lambda: {"province": province_options()})
def province_stations(province: str) -> Exhibit | None:
    return _register_trend(province, "stations_built", "stations_built")


@register("province.register_coverage", "省份详情：登记簿的建站覆盖率", lambda: {"province": province_options()})
def province_register_coverage(province: str) -> Exhibit | None:
    """The registers' share of townships with a station, month by month, on a chart of its own: demo registers are
    never drawn on the progress-to-target chart (province.progress), where they would read as achievement."""
    rows = run("province_registers", province=province)
    if rows.empty:
        return None
    rows = rows.assign(coverage_pct=(100 * rows.townships_covered / rows.townships).round(1))
    published_rows = run("province_published", province=province)  # none drawn (indicator ""): no target here
    fig = charts_province.register_trend(rows, published_rows, "coverage_pct", "", place(province), province)
    return exhibit(fig, tables.with_points(rows[["month", "coverage_pct", "is_demo"]], "coverage_pct",
                                           rows.iloc[0:0]), rows)


@register("province.workers", "省份详情：驻站社工趋势", lambda: {"province": province_options()})
def province_workers(province: str) -> Exhibit | None:
    return _register_trend(province, "social_workers", "social_workers_stationed")


@register("province.funding", "省份详情：资金趋势", lambda: {"province": province_options()})
def province_funding(province: str) -> Exhibit | None:
    return _trend(province, "province_funding", charts_province.funding_trend, "year", "amount_cny", "funding_cny")


@register("province.services", "省份详情：服务人次趋势", lambda: {"province": province_options()})
def province_services(province: str) -> Exhibit | None:
    return _trend(province, "province_services", charts_province.services_trend, "month", "people_served",
                  "beneficiaries_served")


@register("province.station_list", "省份详情：站点名录（表）", lambda: {"province": province_options()})
def province_station_list(province: str) -> Exhibit | None:
    stations = run("station_list", province=province)
    if stations.empty:
        return None
    demo = bool(stations["is_demo"].any())
    return exhibit(None, tables.station_table(stations), stations,
                    title=t("{place}站点名录（{n}个）", place=place(province), n=f"{len(stations):,}"),
                    notes=[t(base.DEMO_NOTE)] if demo else [], demo=demo)


# --- what the province page says besides its exhibits -------------------------------------------------------------
def header_line(province: str) -> str:
    """The province's newest published figures in one line, each with its date and source."""
    return tables.header_line(run("kpi_latest", regions=province), province)


def has_demo_registers(province: str) -> bool:
    return bool(run("province_registers", province=province)["is_demo"].any())


def register_months(province: str) -> dict[str, str]:
    """Months the province's registers cover, newest first (empty when it has no register)."""
    return county_analysis.month_options(run("province_registers", province=province))


def default_month(province: str) -> tuple[str, str]:
    """The month the county map opens on, and a sentence when later months are all 100%.

    The newest month is often one solid colour (every county at 100%), with nothing to rank: the map opens on the
    last month before full coverage, where counties still differ, and says in words when all reached 100%."""
    registers = run("province_registers", province=province)
    months = county_analysis.month_options(registers)
    newest = next(iter(months), "")
    full = county_analysis.full_coverage_month(registers)
    earlier = [m for m in months if full is not None and m < f"{full:%Y-%m}"]
    if full is None or not earlier:
        return newest, ""
    demo = t("演示数据中，") if registers["is_demo"].all() else ""
    return earlier[0], t("{demo}{place}各县(市、区)自{full}起覆盖率均为100%；地图默认显示此前的{month}，各县仍有差别。",
                         demo=demo, place=place(province), full=fmt.month(full), month=months[earlier[0]])


def county_measures() -> dict[str, str]:
    return county_analysis.measure_options()


def has_chart(item) -> bool:
    """Whether a progress item gets a chart (province.progress numbers the charted items in this order)."""
    return item.goal is not None and (len(item.points) > 0 or item.goal.indicator == progress_analysis.COVERAGE)


def ranking_gap(province: str, measure: str, month: str) -> str:
    """Why there is no county ranking for these choices ('' when there is one)."""
    return county_analysis.ranking_gap(_counties(province, month), measure, place(province))


i18n.add({
    '第一个目标': 'First target',
    '{demo}{place}各县(市、区)自{full}起覆盖率均为100%；地图默认显示此前的{month}，各县仍有差别。':
        '{demo}every county of {place} has 100% coverage from {full} on; the map opens on {month}, the month before, '
        'when counties still differed.',
    '第二个目标': 'Second target',
    '第三个目标': 'Third target',
    '{place}站点名录（{n}个）': '{place}: list of stations ({n})',
    '省份详情：目标进度': 'Province: progress to target',
    '省份详情：登记簿的建站覆盖率': 'Province: register coverage of townships',
    '省份详情：各县地图': 'Province: county map',
    '省份详情：各县排名': 'Province: county ranking',
    '省份详情：建成社工站趋势': 'Province: stations built',
    '省份详情：驻站社工趋势': 'Province: social workers at stations',
    '省份详情：资金趋势': 'Province: funding',
    '省份详情：服务人次趋势': 'Province: person-times served',
    '省份详情：站点名录（表）': 'Province: station list (table)',
})
