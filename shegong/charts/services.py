"""Charts and tables of service records — who was served and how (demo data until real records are imported) —
with the published figures of people and households served as cited context, never drawn on the same axis.

Inputs are queries/services_monthly.sql, services_summary.sql, services_matrix.sql, services_yearly.sql and
services_published.sql. Demo and imported records are separate traces or separate panels, never summed.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from shegong import fmt, i18n
from shegong.charts.base import cn_ticks, frame, kind_name, kind_tag, kind_word, month_span
from shegong.i18n import t
from shegong.vocab import CATEGORY, SERVICE_TYPE, province_colour, provinces, short_name

MEASURES = {"people_served": "服务人次", "sessions": "服务次数"}
UNITS = {"people_served": "人次", "sessions": "次"}
UNITS_EN = {"people_served": "person-times", "sessions": "sessions"}
BREAKDOWNS = {"category": "按服务对象类别", "service_type": "按服务类型"}
LABELS = {"category": CATEGORY, "service_type": SERVICE_TYPE}
# Headings whose English in i18n.EN means something else here (省份: the compare page's multiselect, "Provinces";
# 服务对象: the page, "People served"), as (Chinese, English) for i18n.pick
PROVINCE = ("省份", "Province")
RECIPIENTS = ("服务对象", "Recipients")
# Colour-blind-safe (Paul Tol's "muted" set), apart from the provinces' Okabe–Ito colours; "other" is grey.
COLOURS = {
    "category": {"subsistence": "#332288", "extreme_poverty": "#88CCEE", "left_behind_children": "#44AA99",
                 "children_in_difficulty": "#117733", "elderly": "#DDCC77", "disabled": "#CC6677",
                 "other": "#BBBBBB"},
    "service_type": {"visit": "#332288", "casework": "#88CCEE", "group": "#44AA99", "community": "#DDCC77",
                     "training": "#CC6677", "other": "#BBBBBB"},
}
COUNTING_NOTE = "一人多次服务计多人次"

# Ningxia's "menu" of services (银川市西夏区社会救助综合服务试点, in the seed bulletin S001, 据宁夏回族自治区民政厅):
# each package and the recipient categories of the service records it serves. 资源链接套餐 links resources for
# every kind of recipient, so it maps to all categories and is shown as cross-category (其他/跨类别).
CROSS_CATEGORY = "跨类别（其他）"
MENU_PACKAGES: dict[str, dict] = {
    "未成年人成长套餐": {"group": "未成年人", "categories": ("left_behind_children", "children_in_difficulty")},
    "老年人关爱套餐": {"group": "老年人", "categories": ("elderly",)},
    "残疾人幸福套餐": {"group": "残疾人", "categories": ("disabled",)},
    "资源链接套餐": {"group": CROSS_CATEGORY, "categories": tuple(CATEGORY)},
}
MENU_TITLE = "宁夏“服务套餐”与服务对象类别"
MENU_SOURCE = "S001"  # the packages are described in the seed bulletin (data/sources.csv)
MENU_NOTE = ("套餐名出自宁夏回族自治区民政厅介绍的银川市西夏区社会救助综合服务试点（社会工作新闻汇编，2021年12月）："
             "为困难群众定制“未成年人成长套餐”“老年人关爱套餐”“残疾人幸福套餐”“资源链接套餐”等服务套餐。"
             "右列为本看板服务记录中对应的服务对象类别；资源链接套餐面向各类服务对象，记为跨类别，不拆分到单一类别。")

i18n.add({
    # measures, breakdowns, categories, service types
    "服务人次": "Person-times", "服务次数": "Sessions",
    "按服务对象类别": "By recipient category", "按服务类型": "By service type",
    "低保对象": "Subsistence allowance recipients", "特困人员": "People in extreme poverty",
    "留守儿童": "Left-behind children", "困境儿童": "Children in difficulty", "老年人": "Older people",
    "残疾人": "People with disabilities", "其他": "Other",
    "探访": "Visits", "个案": "Casework", "小组": "Group work", "社区活动": "Community activities", "培训": "Training",
    "（{kind}）": " ({kind})", "{a}–{b}年": "{a}–{b}",
    # monthly
    COUNTING_NOTE: "A person served several times counts several person-times",
    "一次服务（探访、个案面谈、小组或社区活动、培训）计一次":
        "Each service (a visit, a casework session, a group or community activity, a training) counts once",
    "{name} {x}：{value}（{kind}）": "{name} {x}: {value} ({kind})",
    "{place}社工站{measure}：按服务对象类别（{span}）": "Stations in {place}: {measure} by recipient category ({span})",
    "{place}社工站{measure}：按服务类型（{span}）": "Stations in {place}: {measure} by service type ({span})",
    "按月，堆叠；单位：{unit}": "By month, stacked; unit: {unit}",
    # yearly and comparison
    "<br>同比{pct}": "<br>{pct} year on year", "{x}年：{value}（{kind}）": "{x}: {value} ({kind})",
    "{name} {x}年：{value}（{kind}）": "{name} {x}: {value} ({kind})",
    "同比按上年相同月份计算；上年同期有记录的月份少于当年时不计同比":
        "Year on year compares the same months of the year before, and is left out when the year before has fewer "
        "months of records",
    "括号内为当年有记录的月份（不满12个月的年份）":
        "In brackets: the months with records, in a year with fewer than twelve",
    "{place}社工站年度{measure}与同比（{years}）": "Stations in {place}: {measure} by year, year on year ({years})",
    "按年；单位：{unit}": "By year; unit: {unit}",
    "空心点为当年不满12个月有记录的年份（站点陆续建成）":
        "Open markers: years with fewer than twelve months of records (stations still opening)",
    "各省站点数不同，总量不宜直接比较服务强度":
        "The provinces have different numbers of stations: the totals do not compare how much each station serves",
    "社工站年度{measure}：{places}（{years}）": "{measure} by year: {places} ({years})",
    # matrix
    "{label}（{n}）": "{label} ({n})", "{y} · {x}：{value}（{kind}）": "{y} · {x}: {value} ({kind})",
    "行标签括号内为该类服务对象合计，列标签下为该类服务合计":
        "Row labels: the category's total in brackets; column labels: the service type's total below",
    "{place}近12个月{measure}：服务对象类别×服务类型（{span}）":
        "{place}, latest 12 months: {measure} by recipient category × service type ({span})",
    "颜色越深数量越多；单位：{unit}": "Darker means more; unit: {unit}",
    # cards
    "近12个月{measure}": "{measure}, last 12 months",
    "，其中只有{n}个月有记录": ", only {n} of them with records",
    "；增减为与此前12个月相比": "; the change is on the 12 months before",
    "**{kind}**：近12个月为{window}{short}；记录截至{month}":
        "**{kind}**: the latest 12 months are {window}{short}; records up to {month}",
    "{place}{label}": "{place}: {label}",
    "单位为户（家庭），不是人数或人次": "unit: households, not persons or person-times",
    "原文为人次（一人多次计多人次）": "person-times in the source (a person served several times counts several times)",
    "原文为人数": "persons in the source",
    # Ningxia's service packages
    MENU_TITLE: "Ningxia's “service packages” and the recipient categories",
    MENU_NOTE: "The packages are those of the social assistance pilot of Xixia District, Yinchuan, as described by "
               "the Ningxia civil affairs department (social work news digest, Dec 2021): packages made for people in "
               "need, such as the “growing-up package for minors”, the “care package for older people”, the "
               "“happiness package for people with disabilities” and the “resource-linking package”. The column on "
               "the right gives the recipient categories of this dashboard's service records that each serves; the "
               "resource-linking package serves every kind of recipient and counts as cross-category, not split "
               "into one category.",
    "未成年人成长套餐": "Growing-up package for minors", "老年人关爱套餐": "Care package for older people",
    "残疾人幸福套餐": "Happiness package for people with disabilities", "资源链接套餐": "Resource-linking package",
    "未成年人": "Minors", CROSS_CATEGORY: "Cross-category (other)",
    "服务套餐": "Service package", "对应的服务对象类别": "Recipient categories in the records",
    "全部类别（跨类别，不拆分）": "All categories (cross-category, not split)",
    "{place}近12个月{measure}": "{place}, last 12 months",  # the cells carry the unit: 183,217 person-times
    "—（跨类别）": "— (cross-category)",
})


def measure_name(measure: str) -> str:
    """服务人次 / person-times: lower-case in English, to go inside a sentence."""
    return t(MEASURES[measure]).lower() if i18n.en() else MEASURES[measure]


def unit(measure: str) -> str:
    """人次 / person-times, for a subtitle."""
    return i18n.pick(UNITS[measure], UNITS_EN[measure])


def number(value, measure: str) -> str:
    """1.23万人次 / 12,345 person-times."""
    if i18n.en():  # 次 is "times" in general; here they are service sessions
        return f"{fmt.computed(value, '')} {UNITS_EN[measure]}"
    return fmt.computed(value, UNITS[measure])


def _kinds(df: pd.DataFrame) -> list[bool]:
    return [bool(k) for k in sorted(df["is_demo"].unique(), reverse=True)]


def _labels(by: str, present) -> dict[str, str]:
    """Known codes in their order (in the current language), then any unknown ones (imported records) by
    themselves."""
    known = LABELS[by]
    out = {c: t(lab) for c, lab in known.items() if c in set(present)}
    out.update({c: c for c in sorted(set(present) - set(known))})
    return out


def _year_axis(fig: go.Figure) -> None:
    fig.update_xaxes(dtick=1, tickformat="d", ticksuffix="" if i18n.en() else "年")


def _year_span(years: pd.Series) -> str:
    return t("{a}–{b}年", a=int(years.min()), b=int(years.max())) if len(years) else ""


def monthly(df: pd.DataFrame, by: str, measure: str, place: str) -> go.Figure:
    """People served (or sessions) per month, stacked areas by recipient category or service type
    (queries/services_monthly.sql). Demo and imported records get a panel each."""
    kinds = _kinds(df)
    two = len(kinds) > 1
    fig = make_subplots(rows=len(kinds), cols=1, shared_xaxes=True, vertical_spacing=0.1,
                        subplot_titles=[kind_name(k) for k in kinds] if two else None)
    labels = _labels(by, df[by])
    top = 0
    for row, kind in enumerate(kinds, 1):
        part = df[df.is_demo == kind].groupby(["month", by], as_index=False)[measure].sum()
        top = max(top, part.groupby("month")[measure].sum().max())
        wide = part.pivot(index="month", columns=by, values=measure).fillna(0).sort_index()
        for code, label in labels.items():
            if code not in wide:
                continue
            colour = COLOURS[by].get(code, "#777777")
            fig.add_trace(go.Scatter(
                x=wide.index, y=wide[code], name=label, stackgroup=f"k{row}", mode="lines", legendgroup=code,
                showlegend=row == 1, line={"width": 0.6, "color": colour}, fillcolor=colour,
                customdata=[number(v, measure) for v in wide[code]],
                hovertemplate=t("{name} {x}：{value}（{kind}）", name=label,
                                x="%{x|%b %Y}" if i18n.en() else "%{x|%Y年%-m月}", value="%{customdata}",
                                kind=kind_word(kind)) + "<extra></extra>"),
                row=row, col=1)
    fig.update_yaxes(gridcolor="#e5e5e5", rangemode="tozero", **cn_ticks(top, ""))
    fig.update_xaxes(tickformat="%Y" if i18n.en() else "%Y年", dtick="M12")
    fig.update_layout(height=460 + 260 * (len(kinds) - 1), plot_bgcolor="white",
                      legend={"orientation": "h", "y": -0.12}, hovermode="x unified")
    notes = ([t(COUNTING_NOTE)] if measure == "people_served"
             else [t("一次服务（探访、个案面谈、小组或社区活动、培训）计一次")])
    title = ("{place}社工站{measure}：按服务对象类别（{span}）" if by == "category"
             else "{place}社工站{measure}：按服务类型（{span}）")
    return frame(fig, t(title, place=place, measure=measure_name(measure), span=month_span(df["month"])),
                 t("按月，堆叠；单位：{unit}", unit=unit(measure)), [], notes, demo=any(kinds), axis_space=70)


def _year_label(r) -> str:
    """'（3–12月）' / ' (Mar–Dec)' after a year with fewer than twelve months of records."""
    if r.months >= 12:
        return ""
    a, b = r.first_month.month, r.last_month.month
    return f" ({fmt.MONTHS_EN[a - 1]}–{fmt.MONTHS_EN[b - 1]})" if i18n.en() else f"（{a}–{b}月）"


def _yoy(cur, prev) -> float | None:
    return None if prev is None or pd.isna(prev) or not prev else cur / prev - 1


def _pct(change: float) -> str:
    """+12.7%, -0.8%, 0.0% (never -0.0%)."""
    return "0.0%" if round(change, 3) == 0 else f"{change:+.1%}"


def yearly(df: pd.DataFrame, province: str, place: str, measure: str) -> go.Figure:
    """Yearly totals of one province with the change on the same months of the year before
    (queries/services_yearly.sql)."""
    mine = df[df.province_code == province]
    kinds = _kinds(mine)
    fig = go.Figure()
    for kind in kinds:
        part = mine[mine.is_demo == kind]
        texts = []
        for r in part.itertuples():
            cur, prev = getattr(r, measure), getattr(r, f"{measure}_prev")
            change = _yoy(cur, prev) if r.prev_months == r.months else None  # like with like only
            line = fmt.computed(cur, "") + _year_label(r)
            texts.append(line + (t("<br>同比{pct}", pct=_pct(change)) if change is not None else ""))
        fig.add_trace(go.Bar(
            x=part.year, y=part[measure], name=kind_name(kind), text=texts, textposition="outside",
            cliponaxis=False, marker={"color": province_colour(province),
                                      "pattern": {"shape": "" if kind else "/"}},
            textfont={"size": 11},
            hovertemplate=t("{x}年：{value}（{kind}）", x="%{x}", value="%{text}", kind=kind_word(kind))
            + "<extra></extra>"))
    top = mine[measure].max() if len(mine) else 0
    fig.update_yaxes(gridcolor="#e5e5e5", range=[0, top * 1.22 if top else 1], **cn_ticks(top * 1.22, ""))
    _year_axis(fig)
    fig.update_layout(height=440, plot_bgcolor="white", barmode="group", bargap=0.3, showlegend=len(kinds) > 1,
                      legend={"orientation": "h", "y": -0.12})
    notes = [t("同比按上年相同月份计算；上年同期有记录的月份少于当年时不计同比"),
             t("括号内为当年有记录的月份（不满12个月的年份）")]
    if measure == "people_served":
        notes.append(t(COUNTING_NOTE))
    return frame(fig, t("{place}社工站年度{measure}与同比（{years}）", place=place, measure=measure_name(measure),
                        years=_year_span(mine.year)),
                 t("按年；单位：{unit}", unit=unit(measure)), [], notes, width_chars=60, demo=any(kinds),
                 axis_space=40)


def comparison(df: pd.DataFrame, measure: str) -> go.Figure:
    """Yearly totals of the compared provinces, one colour per province, demo records dotted
    (queries/services_yearly.sql). A year with fewer than twelve months of records is an open marker."""
    fig = go.Figure()
    for code in provinces():
        colour, name = province_colour(code), i18n.short_place(code, short_name(code))
        for kind, part in df[df.province_code == code].groupby("is_demo"):
            kind = bool(kind)
            fig.add_trace(go.Scatter(
                x=part.year, y=part[measure], mode="lines+markers", name=name + kind_tag(kind),
                line={"color": colour, "width": 2.5, "dash": "dot" if kind else "solid"},
                marker={"size": 8, "symbol": ["circle" if m >= 12 else "circle-open" for m in part.months]},
                customdata=[number(v, measure) + _year_label(r) for v, r in zip(part[measure], part.itertuples())],
                hovertemplate=t("{name} {x}年：{value}（{kind}）", name=name, x="%{x}", value="%{customdata}",
                                kind=kind_word(kind)) + "<extra></extra>"))
    fig.update_yaxes(gridcolor="#e5e5e5", rangemode="tozero", **cn_ticks(df[measure].max() if len(df) else 0, ""))
    _year_axis(fig)
    fig.update_layout(height=440, plot_bgcolor="white", legend={"orientation": "h", "y": -0.12})
    places = i18n.join(i18n.short_place(c, short_name(c)) for c in provinces())
    notes = [t("空心点为当年不满12个月有记录的年份（站点陆续建成）"), t("各省站点数不同，总量不宜直接比较服务强度")]
    if measure == "people_served":
        notes.append(t(COUNTING_NOTE))
    title = t("社工站年度{measure}：{places}（{years}）", measure=t(MEASURES[measure]), places=places,
              years=_year_span(df.year))
    return frame(fig, title, t("按年；单位：{unit}", unit=unit(measure)), [], notes,
                 demo=bool(df["is_demo"].any()), axis_space=60)


def matrix(df: pd.DataFrame, measure: str, place: str) -> go.Figure:
    """Recipient category × service type in the latest twelve months (queries/services_matrix.sql), as a
    heatmap with the number in each cell and the row and column totals in the labels; a panel per kind."""
    kinds = _kinds(df)
    two = len(kinds) > 1
    fig = make_subplots(rows=1, cols=len(kinds), horizontal_spacing=0.18,
                        subplot_titles=[kind_name(k) for k in kinds] if two else None)
    cats = _labels("category", df.category)
    types = _labels("service_type", df.service_type)
    suffix = f" {UNITS_EN[measure]}" if i18n.en() else UNITS[measure]
    for col, kind in enumerate(kinds, 1):
        part = df[df.is_demo == kind]
        wide = part.pivot_table(index="category", columns="service_type", values=measure, aggfunc="sum")
        wide = wide.reindex(index=list(cats), columns=list(types)).fillna(0)
        rows_total, cols_total = wide.sum(axis=1), wide.sum(axis=0)
        y = [t("{label}（{n}）", label=cats[c], n=fmt.computed(rows_total[c])) for c in wide.index]
        x = [f"{types[c]}<br>{fmt.computed(cols_total[c])}" for c in wide.columns]
        fig.add_trace(go.Heatmap(
            z=wide.values, x=x, y=y, colorscale="Blues", showscale=False, xgap=2, ygap=2,
            text=[[fmt.computed(v) for v in row] for row in wide.values], texttemplate="%{text}",
            textfont={"size": 12},
            hovertemplate=t("{y} · {x}：{value}（{kind}）", y="%{y}", x="%{x}", value="%{text}" + suffix,
                            kind=kind_word(kind)) + "<extra></extra>"), row=1, col=col)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="bottom")
    fig.update_layout(height=480, plot_bgcolor="white")
    span = t("{a}至{b}", a=fmt.month(df["first_month"].min()), b=fmt.month(df["last_month"].max())) if len(df) else ""
    notes = [t("行标签括号内为该类服务对象合计，列标签下为该类服务合计")]
    if measure == "people_served":
        notes.append(t(COUNTING_NOTE))
    return frame(fig, t("{place}近12个月{measure}：服务对象类别×服务类型（{span}）", place=place,
                        measure=measure_name(measure), span=span),
                 t("颜色越深数量越多；单位：{unit}", unit=unit(measure)), [], notes, width_chars=66, demo=any(kinds),
                 axis_space=50)


@dataclass
class Kpi:
    label: str
    value: str
    delta: str | None
    help: str


def kpis(summary: pd.DataFrame) -> list[tuple[str, list[Kpi]]]:
    """Headline cards from queries/services_summary.sql: per kind of record, a heading (kind and the twelve
    months) and cards for people served and sessions, each with its change on the twelve months before."""
    out = []
    for r in summary.itertuples():
        kind = kind_name(r.is_demo)
        window = t("{a}至{b}", a=fmt.month(r.window_start), b=fmt.month(r.last_month))
        short = "" if r.months_12m >= 12 else t("，其中只有{n}个月有记录", n=r.months_12m)
        comparable = r.months_prev_12m == r.months_12m
        cards = []
        for measure in ("people_served", "sessions"):
            cur, prev = getattr(r, f"{measure}_12m"), getattr(r, f"{measure}_prev_12m")
            change = _yoy(cur, prev) if comparable else None
            cards.append(Kpi(t("近12个月{measure}", measure=t(MEASURES[measure])) + kind_tag(r.is_demo),
                             number(cur, measure), _pct(change) if change is not None else None,
                             f"{window}{short}" + (t("；增减为与此前12个月相比") if change is not None else "")))
        out.append((t("**{kind}**：近12个月为{window}{short}；记录截至{month}", kind=kind, window=window, short=short,
                      month=fmt.month(r.last_month)), cards))
    return out


@dataclass
class Cited:
    label: str
    value: str
    as_of: str
    source: str
    short_source: str
    url: str | None
    remark: str


def cited(published: pd.DataFrame) -> list[Cited]:
    """Published figures of people or households served (queries/services_published.sql), for cards beside the
    records: each with its date, its source and what it counts (persons, person-times or households)."""
    out = []
    for r in published.itertuples():
        if r.unit_shown == "户":
            remark = t("单位为户（家庭），不是人数或人次")
        elif r.unit_shown == "人次":
            remark = t("原文为人次（一人多次计多人次）")
        else:
            remark = t("原文为人数")
        label = t("{place}{label}", place=i18n.place(r.region_code, r.region_name),
                  label=i18n.pick(r.label_zh, r.label_en))
        out.append(Cited(label, fmt.number(r.value, r.unit_shown, r.qualifier),
                         fmt.date(r.as_of), fmt.source_line(r.source_title, r.publisher, r.published),
                         fmt.text(r.publisher) or r.source_title, fmt.text(r.url) or None, remark))
    return out


def menu_table(matrix: pd.DataFrame | None = None, measure: str = "people_served") -> pd.DataFrame:
    """MENU_PACKAGES as a table a person reads. With Ningxia's queries/services_matrix.sql it adds the records of
    the latest twelve months for each package's categories (not for the cross-category package, which would
    only repeat the total)."""
    rows = []
    for package, m in MENU_PACKAGES.items():
        cross = m["group"] == CROSS_CATEGORY
        rows.append({
            t("服务套餐"): t(package),
            i18n.pick(*RECIPIENTS): t(m["group"]),
            t("对应的服务对象类别"): (t("全部类别（跨类别，不拆分）") if cross
                              else i18n.join(t(CATEGORY[c]) for c in m["categories"])),
        })
    table = pd.DataFrame(rows)
    if matrix is not None and len(matrix):
        ningxia = i18n.short_place("640000", short_name("640000"))
        for kind in _kinds(matrix):
            part = matrix[matrix.is_demo == kind]
            col = t("{place}近12个月{measure}", place=ningxia, measure=measure_name(measure)) + kind_tag(kind)
            table[col] = [t("—（跨类别）") if m["group"] == CROSS_CATEGORY else
                          number(part[part.category.isin(m["categories"])][measure].sum(), measure)
                          for m in MENU_PACKAGES.values()]
    return table
