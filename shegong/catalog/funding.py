"""资金投入: funding records by year, programme and source, per station, beside the published figures."""
from __future__ import annotations

from shegong import i18n
from shegong.catalog.common import place, province_names, province_options, regions
from shegong.catalog.registry import Exhibit, exhibit, register
from shegong.charts import funding
from shegong.i18n import t
from shegong.queries import run


@register("funding.by_year", "资金投入：按年份、项目或来源",
          lambda: {"province": province_options(), "view": {k: t(v) for k, v in funding.VIEWS.items() if k != "trend"}})
def funding_by_year(province: str, view: str) -> Exhibit | None:
    rows = run("funding_by_year", province=province)
    if rows.empty:
        return None
    fig = funding.by_year(rows, view, province, place(province), run("funding_published", regions=regions()))
    return exhibit(fig, funding.funding_table(rows), rows)


@register("funding.trend", "资金投入：各省年度合计")
def funding_trend() -> Exhibit | None:
    trend = run("funding_trend", regions=regions())
    if trend.empty:
        return None
    return exhibit(funding.trend(trend, run("funding_published", regions=regions())),
                    funding.trend_table(trend, province_names()), trend)


@register("funding.per_station", "资金投入：每站资金")
def funding_per_station() -> Exhibit | None:
    trend = run("funding_trend", regions=regions())
    if not trend["per_station_cny"].notna().any():
        return None
    return exhibit(funding.per_station(trend), funding.trend_table(trend, province_names()), trend)


@register("funding.published", "资金投入：公开数字与资金记录对照", lambda: {"province": province_options()})
def funding_published(province: str) -> Exhibit | None:
    rows = run("funding_published", regions=regions())
    table = funding.published_table(rows, province)
    if table.empty:
        return None
    return exhibit(funding.published_check(rows, province, place(province)), table,
                    rows[rows.province_code == province])


# --- what the funding page says besides its exhibits --------------------------------------------------------------
VIEWS = funding.VIEWS
PROVINCE_LABEL = funding.PROVINCE


def records_state() -> str:
    """'none' (no funding records at all), 'demo' (some are demo data) or 'real'."""
    trend = run("funding_trend", regions=regions())
    return "none" if trend.empty else "demo" if trend["is_demo"].any() else "real"


def has_records(province: str) -> bool:
    return not run("funding_by_year", province=province).empty


def kpis(province: str) -> list:
    """Rows of KPI cards for a province's funding records (each with label, value, help)."""
    return funding.kpis(run("funding_trend", regions=regions()), province)


i18n.add({
    '资金投入：按年份、项目或来源': 'Funding: by year, programme or source',
    '资金投入：各省年度合计': 'Funding: annual totals by province',
    '资金投入：每站资金': 'Funding: per station',
    '资金投入：公开数字与资金记录对照': 'Funding: published figures beside the records',
})
