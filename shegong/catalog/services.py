"""服务对象: people served and sessions by category, service type and month; the compared provinces side by side."""
from __future__ import annotations

from shegong import i18n
from shegong.catalog import tables
from shegong.catalog.common import place, province_names, province_options, regions
from shegong.catalog.registry import Exhibit, exhibit, register
from shegong.charts import base, services
from shegong.i18n import t
from shegong.queries import run


def _services_measure() -> dict[str, str]:
    return {k: t(v) for k, v in services.MEASURES.items()}


@register("services.monthly", "服务对象：按月", lambda: {
    "province": province_options(), "by": {k: t(v) for k, v in services.BREAKDOWNS.items()},
    "measure": _services_measure()})
def services_monthly(province: str, by: str, measure: str) -> Exhibit | None:
    if run("services_summary", province=province).empty:
        return None
    monthly = run("services_monthly", province=province)
    fig = services.monthly(monthly, by, measure, place(province))
    shown = monthly.groupby(["month", by, "is_demo"], as_index=False)[measure].sum()
    return exhibit(fig, tables.records_table(shown), monthly)


@register("services.yearly", "服务对象：年度与同比",
          lambda: {"province": province_options(), "measure": _services_measure()})
def services_yearly(province: str, measure: str) -> Exhibit | None:
    if run("services_summary", province=province).empty:
        return None
    yearly = run("services_yearly", regions=regions())
    mine = yearly[yearly.province_code == province]
    return exhibit(services.yearly(yearly, province, place(province), measure),
                    tables.records_table(mine[["year", "is_demo", measure]]), mine)


@register("services.matrix", "服务对象：类别×服务类型", lambda: {"province": province_options(),
                                                                 "measure": _services_measure()})
def services_matrix(province: str, measure: str) -> Exhibit | None:
    if run("services_summary", province=province).empty:
        return None
    matrix = run("services_matrix", province=province)
    return exhibit(services.matrix(matrix, measure, place(province)),
                    tables.records_table(matrix[["category", "service_type", "is_demo", measure]]), matrix)


@register("services.comparison", "服务对象：各省比较", lambda: {"measure": _services_measure()})
def services_comparison(measure: str) -> Exhibit | None:
    yearly = run("services_yearly", regions=regions())
    if yearly.empty:
        return None
    return exhibit(services.comparison(yearly, measure),
                    tables.records_table(yearly[["province_code", "year", "is_demo", measure]], province_names()),
                    yearly)


@register("services.menu", "服务对象：宁夏服务套餐（表）", lambda: {"measure": _services_measure()})
def services_menu(measure: str) -> Exhibit:
    matrix = run("services_matrix", province="640000")
    demo = bool(matrix["is_demo"].any()) if len(matrix) else False
    cited = base.sources_of(run("source_by_id", source_id=services.MENU_SOURCE))
    return exhibit(None, services.menu_table(matrix, measure), matrix, title=t(services.MENU_TITLE),
                   sources=cited + ([t(base.DEMO_SOURCE)] if demo else []),
                   notes=[t(services.MENU_NOTE)] + ([t(base.DEMO_NOTE)] if demo else []), demo=demo)


# --- what the people-served page says besides its exhibits --------------------------------------------------------
BREAKDOWNS = services.BREAKDOWNS
MEASURES = services.MEASURES
MENU_TITLE = services.MENU_TITLE
MENU_NOTE = services.MENU_NOTE
PROVINCE_LABEL = services.PROVINCE


def records_state() -> str:
    """'none' (no service records at all), 'demo' (some are demo data) or 'real'."""
    yearly = run("services_yearly", regions=regions())
    return "none" if yearly.empty else "demo" if yearly["is_demo"].any() else "real"


def kpis(province: str) -> list:
    """(heading, cards) groups for a province's service records; empty when it has none."""
    return services.kpis(run("services_summary", province=province))


def cited(province: str) -> list:
    """Published figures of people or households served in the province and its places, each with its source."""
    return services.cited(run("services_published", province=province))


i18n.add({
    '服务对象：按月': 'People served: by month',
    '服务对象：年度与同比': 'People served: by year, year on year',
    '服务对象：类别×服务类型': 'People served: category × service type',
    '服务对象：各省比较': 'People served: provinces compared',
    '服务对象：宁夏服务套餐（表）': "People served: Ningxia's service packages (table)",
})
