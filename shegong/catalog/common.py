"""Option lists that several pages and exhibits share: provinces, indicators, months."""
from __future__ import annotations

from shegong import i18n
from shegong.analysis import counties as county_analysis
from shegong.catalog import tables
from shegong.charts import base
from shegong.i18n import t
from shegong.queries import run
from shegong.vocab import provinces


# --- option lists shared by pages -------------------------------------------------------------------------------------
def regions() -> str:
    """The compared provinces as a query parameter (SHEGONG_PROVINCES, read when asked)."""
    return ",".join(provinces())


def province_names() -> dict[str, str]:
    return tables.options(run("region_names", regions=regions()), "code", "name")


def compare_indicators() -> dict[str, str]:
    return tables.options(run("compare_indicators", regions=regions()), "indicator", "label_zh", "label_en")


def first(default: str, values: dict[str, str]) -> dict[str, str]:
    return {default: values[default], **values} if default in values else values


def province_options(default: str | None = None) -> dict[str, str]:
    """The compared provinces, `default` (else the first of SHEGONG_PROVINCES) first."""
    return first(default or provinces()[0], province_names())


def latest_months() -> dict[str, str]:
    """'latest' (each province's newest register month) and every month any register covers, newest first."""
    months = {}
    for code in provinces():
        months.update(county_analysis.month_options(run("province_registers", province=code)))
    return {"latest": t("最新"), **dict(sorted(months.items(), reverse=True))}




def place(province: str) -> str:
    return province_names()[province]


def demo_note() -> str:
    """The sentence that says what demo data is, for the notice at the top of a page that shows some."""
    return t(base.DEMO_NOTE)


i18n.add({
    '最新': 'Latest',
})
