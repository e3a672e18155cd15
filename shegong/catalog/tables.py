"""Page-ready text and tables from query results: what a KPI card, a header line or a table on screen says."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from shegong import fmt, i18n
from shegong.analysis.progress import age_text, deadline_text, is_stale
from shegong.charts import base
from shegong.charts.base import kind_name
from shegong.escape import md, md_link
from shegong.i18n import t
from shegong.schema import header
from shegong.vocab import CATEGORY, FUND_SOURCE, QUALIFIER_WORD, SCOPE_WORD, SERVICE_TYPE, SOURCE_KIND, STATUS

# scopes a KPI card names in its label: a cumulative total, one year's figure and a pilot's are not alike
SCOPE_MARKED = ("cumulative", "annual", "pilot")

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
    age: str = ""  # '2013年，约13年前': the date and how old it is, so an old figure never reads as current
    stale: bool = False

    @property
    def missing(self) -> bool:
        return not self.as_of


def card(r, label: str | None = None, indicator: str | None = None) -> Card:
    """A card for one published figure (a row with value, unit_zh, qualifier, scope, as_of and source columns): the
    label says what it counts (累计, 当年, 试点) so that cards side by side are never read alike."""
    shown = label or i18n.pick(r.label_zh, r.label_en)
    scope = getattr(r, "scope", None)
    if isinstance(scope, str) and scope in SCOPE_MARKED:
        shown = t("{label}（{scope}）", label=shown, scope=t(SCOPE_WORD[scope]))
    end = getattr(r, "as_of_end", None)
    today = pd.Timestamp.today().normalize()
    dated = end is not None and pd.notna(end) and bool(r.as_of)
    return Card(shown, fmt.number(r.value, r.unit_zh, r.qualifier), fmt.date(r.as_of),
                fmt.source_line(r.source_title, r.publisher, r.published), fmt.text(r.publisher) or r.source_title,
                fmt.text(r.url) or None, fmt.text(r.note), age_text(r.as_of, end, today) if dated else "",
                is_stale(end, today, indicator or r.indicator) if dated else False)


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
        cards.append(card(r, t(label) if hit == indicators[0] else None, indicator=hit))
    return cards


def scope_word(scope) -> str:
    """累计 / 当年 / 时点存量 / 试点 for a figure's scope; '—' for records and denominators, which have none."""
    return t(SCOPE_WORD[scope]) if isinstance(scope, str) and scope in SCOPE_WORD else "—"


def target_lines(targets: pd.DataFrame, region_code: str) -> list[str]:
    """'目标：…（2025年12月31日前）' lines for one region from queries/targets_with_sources.sql."""
    mine = targets[targets.region_code == region_code]
    return [t("{label}（{date}前）", label=i18n.pick(r.label_zh, r.label_en), date=deadline_text(r.deadline))
            for r in mine.itertuples()]


def sources_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures with their sources as a table a person reads (queries/figures_with_sources.sql)."""
    return pd.DataFrame({
        t("地区"): [i18n.place(c, n) for c, n in zip(figures.region_code, figures.region_name)],
        t("指标"): [i18n.pick(z, e) for z, e in zip(figures.label_zh, figures.label_en)],
        t("数值"): [fmt.number(v, u, q) for v, u, q in zip(figures.value, figures.unit_zh, figures.qualifier)],
        t("单位"): figures["unit_zh"].map(fmt.unit),
        t("限定"): figures["qualifier"].map(lambda q: t(QUALIFIER_WORD[q])),
        t("统计口径"): figures["scope"].map(scope_word),
        t("截至"): figures["as_of"].map(fmt.date),
        t("来源"): figures["source_title"],
        t("来源类型"): figures["source_kind"].map(lambda k: t(SOURCE_KIND[k]) if k in SOURCE_KIND else ""),
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
    return pd.DataFrame({
        header("stations", "station_id"): stations["station_id"],
        header("stations", "name"): stations["name"],
        t("市"): stations["prefecture_name"],
        t("县(区)"): stations["county_name"],
        header("stations", "township"): stations["township"],
        header("stations", "status"): stations["status"].map(lambda s: t(STATUS[s])),
        header("stations", "opened_on"): pd.to_datetime(stations["opened_on"]).dt.strftime("%Y-%m-%d").fillna(""),
        header("stations", "social_workers"): stations["social_workers"],
        header("stations", "operator"): stations["operator"],
        t("数据"): stations["is_demo"].map(kind_name),
    })


def progress_table(progress: pd.DataFrame) -> pd.DataFrame:
    """Provinces ranked by how far their register has come (queries/screen_progress.sql)."""
    return pd.DataFrame({
        t("省份"): [i18n.place(c, n) for c, n in zip(progress.province_code, progress.province_name)],
        t("覆盖率"): progress["coverage_pct"].round(1),
        t("已建成"): [fmt.computed(v, "个") for v in progress["stations_built"]],
        t("截至"): progress["month"].map(fmt.month),
        t("数据"): progress["is_demo"].map(kind_name),
    })


def ticker_lines(latest: pd.DataFrame) -> list[str]:
    """'2023年7月 · 新乡市 · 乡镇(街道)社工站 118个' lines for the newest published figures."""
    return [f"{md(fmt.date(r.as_of))} · {md(i18n.place(r.region_code, r.region_name))} · "
            f"{md(i18n.pick(r.label_zh, r.label_en))} **{md(fmt.number(r.value, r.unit_zh, r.qualifier))}**"
            + (t("（{scope}）", scope=t(SCOPE_WORD[r.scope])) if r.scope in SCOPE_MARKED else "")
            for r in latest.itertuples()]


def options(df: pd.DataFrame, code: str, zh: str, en: str | None = None) -> dict[str, str]:
    """{code: label} for a selectbox, in the current language (region names are translated by code)."""
    if en is None:
        return {c: i18n.place(c, n) for c, n in zip(df[code], df[zh])}
    return {c: i18n.pick(z, e) for c, z, e in zip(df[code], df[zh], df[en])}
def header_line(kpis: pd.DataFrame, province: str) -> str:
    """'社工站 515个（截至2021年12月8日）；驻站社工 ≥1,000人（…）；…' from queries/kpi_latest.sql."""
    parts = []
    for card in kpi_cards(kpis, province):
        if card.missing:
            parts.append(t("{label} 暂无公开数据", label=md(card.label)))
        else:  # markdown: data text escaped, the link only from a validated URL field (shegong/escape.py)
            parts.append(t("{label} **{value}**（截至{date}，{source}）", label=md(card.label), value=md(card.value),
                           date=md(card.as_of), source=md_link(card.short_source, card.url)))
    return i18n.sep().join(parts)


i18n.add({
    '依据': 'Basis',
    '建站进度': 'Station progress',
    '截至（距今）': 'As of (age)',
    '（较旧）': ' (old)',
    '{label} 暂无公开数据': '{label}: no published figure',
    '{label} **{value}**（截至{date}，{source}）': '{label} **{value}** (as of {date}, {source})',
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
    out[t("单位")] = units.map(fmt.unit)
    out[t("限定")] = df["qualifier"].map(lambda q: t(QUALIFIER_WORD.get(q, q)))
    if "scope" in df:
        out[t("统计口径")] = df["scope"].map(scope_word)
    out[t("截至")] = df["as_of"].map(fmt.date)
    out[t("来源")] = [fmt.source_line(a, b, c) for a, b, c in zip(df.source_title, df.publisher, df.published)]
    out[t("链接")] = df["url"].fillna("")
    return out.reset_index(drop=True)


def progress_headline_table(df: pd.DataFrame) -> pd.DataFrame:
    """The headline exhibit (catalog.overview.station_progress) as a table: one province a row, on one basis."""
    return pd.DataFrame({
        t("地区"): [i18n.place(c, n) for c, n in zip(df.code, df.name)],
        t("建站进度"): df["shown"],
        t("依据"): df["basis"],
        t("截至"): [a + (t("（较旧）") if s else "") for a, s in zip(df.age, df.stale)],  # date and age
        t("来源"): df["source_line"],
        t("链接"): df["url"],
        t("目标"): df["target"],
    })


def records_table(df: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Rows of station, funding or service records under readable headers, with the kind of data on each row."""
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
            values = values.map(lambda v, words=labels: t(words.get(v, v)))
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




i18n.add({
    "{label}（{scope}）": "{label} ({scope})",
    "统计口径": "Scope",
    "来源类型": "Kind of source", "政府公报": "government bulletin", "政府文件": "government document",
    "官方媒体": "official media", "其他媒体": "other media", "转载": "repost",
    "单位": "Unit",
    '月份': 'Month',
    '建成社工站(个)': 'Stations built',
    '乡镇(街道)数': 'Townships',
    '已建站乡镇(街道)数': 'Townships with a station',
    '覆盖率(%)': 'Coverage (%)',
    '县(市、区)': 'County',
    '资金来源': 'Source of funds',
    '服务对象类别': 'Recipient category',
    '服务类型': 'Service type',
    '每站资金（元）': 'Funding per station (yuan)',
    '数值（精确）': 'Value (exact)',
    '公开数字：{what}': 'Published figure: {what}',
})
