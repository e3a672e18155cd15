"""Page-ready text and tables from query results: what a KPI card or a sources table says."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from shegong import fmt, i18n
from shegong.charts.base import kind_name
from shegong.i18n import t

# What each KPI card shows, in order; the first indicator a province has is used.
KPI_CARDS = (
    ("社工站", ("stations_built", "stations_coverage_pct")),
    ("驻站社工", ("social_workers_stationed",)),
    ("资金投入", ("funding_cny",)),
    ("服务对象", ("beneficiaries_served", "households_served")),
)


@dataclass
class Card:
    label: str
    value: str
    as_of: str = ""
    source: str = ""  # the full source line: title, publisher, date
    short_source: str = ""  # publisher, or the title when the publisher is unknown
    url: str | None = None
    note: str = ""

    @property
    def missing(self) -> bool:
        return not self.as_of


def kpi_cards(kpis: pd.DataFrame, region_code: str) -> list[Card]:
    """The four KPI cards of one region from queries/kpi_latest.sql; '暂无公开数据' where nothing is published."""
    mine = kpis[kpis.region_code == region_code].set_index("indicator")
    cards = []
    for label, indicators in KPI_CARDS:
        hit = next((i for i in indicators if i in mine.index), None)
        if hit is None:
            cards.append(Card(t(label), "—"))
            continue
        r = mine.loc[hit]
        shown = t(label) if hit == indicators[0] else i18n.pick(r.label_zh, r.label_en)
        cards.append(Card(shown, fmt.number(r.value, r.unit_zh, r.qualifier), fmt.date(r.as_of),
                          fmt.source_line(r.source_title, r.publisher, r.published),
                          fmt.text(r.publisher) or r.source_title,
                          fmt.text(r.url) or None, fmt.text(r.note)))
    return cards


def target_lines(targets: pd.DataFrame, region_code: str) -> list[str]:
    """'目标：…（2025年12月31日前）' lines for one region from queries/targets_with_sources.sql."""
    mine = targets[targets.region_code == region_code]
    return [t("{label}（{date}前）", label=i18n.pick(r.label_zh, r.label_en), date=fmt.date(r.deadline))
            for r in mine.itertuples()]


def sources_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures with their sources as a table a person reads (queries/figures_with_sources.sql)."""
    return pd.DataFrame({
        t("地区"): [i18n.place(c, n) for c, n in zip(figures.region_code, figures.region_name)],
        t("指标"): [i18n.pick(z, e) for z, e in zip(figures.label_zh, figures.label_en)],
        t("数值"): [fmt.number(v, u, q) for v, u, q in zip(figures.value, figures.unit_zh, figures.qualifier)],
        t("限定"): figures["qualifier"].map(lambda q: t(fmt.QUALIFIER_ZH[q])),
        t("截至"): figures["as_of"].map(fmt.date),
        t("来源"): figures["source_title"],
        t("发布日期"): figures["published"].fillna("").map(fmt.date),
        t("链接"): figures["url"],
        t("说明"): figures["note"],
        t("用于图表"): figures["in_series"].map({True: t("是"), False: t("否（同月有更优来源）")}),
    })


def targets_table(targets: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("地区"): [i18n.place(c, n) for c, n in zip(targets.region_code, targets.region_name)],
        t("目标"): [i18n.pick(z, e) for z, e in zip(targets.label_zh, targets.label_en)],
        t("指标"): [i18n.pick(z, e) for z, e in zip(targets.indicator_label, targets.indicator_label_en)],
        t("目标值"): [fmt.number(v, u) for v, u in zip(targets.value, targets.unit_zh)],
        t("期限"): targets["deadline"].map(fmt.date),
        t("来源"): targets["source_title"],
        t("链接"): targets["url"],
        t("说明"): targets["note"],
    })


def station_table(stations: pd.DataFrame) -> pd.DataFrame:
    """A province's stations as a table a person reads (queries/station_list.sql)."""
    from shegong.records import STATUS

    return pd.DataFrame({
        t("站点编号"): stations["station_id"],
        t("站点名称"): stations["name"],
        t("市"): stations["prefecture_name"],
        t("县(区)"): stations["county_name"],
        t("乡镇(街道)"): stations["township"],
        t("状态"): stations["status"].map(lambda s: t(STATUS[s])),
        t("建成日期"): pd.to_datetime(stations["opened_on"]).dt.strftime("%Y-%m-%d").fillna(""),
        t("驻站社工(人)"): stations["social_workers"],
        t("运营机构"): stations["operator"],
        t("数据"): stations["is_demo"].map(kind_name),
    })


def progress_table(progress: pd.DataFrame) -> pd.DataFrame:
    """Provinces ranked by how far their register has come (queries/screen_progress.sql)."""
    return pd.DataFrame({
        t("省份"): [i18n.place(c, n) for c, n in zip(progress.province_code, progress.province_name)],
        t("覆盖率"): progress["coverage_pct"].round(1),
        t("已建成"): [fmt.number(v, "个") for v in progress["stations_built"]],
        t("截至"): progress["month"].map(fmt.month),
        t("数据"): progress["is_demo"].map(kind_name),
    })


def ticker_lines(latest: pd.DataFrame) -> list[str]:
    """'2023年7月 · 新乡市 · 乡镇(街道)社工站 118个' lines for the newest published figures."""
    return [f"{fmt.date(r.as_of)} · {i18n.place(r.region_code, r.region_name)} · {i18n.pick(r.label_zh, r.label_en)} "
            f"**{fmt.number(r.value, r.unit_zh, r.qualifier)}**" for r in latest.itertuples()]


def options(df: pd.DataFrame, code: str, zh: str, en: str | None = None) -> dict[str, str]:
    """{code: label} for a selectbox, in the current language (region names are translated by code)."""
    if en is None:
        return {c: i18n.place(c, n) for c, n in zip(df[code], df[zh])}
    return {c: i18n.pick(z, e) for c, z, e in zip(df[code], df[zh], df[en])}
