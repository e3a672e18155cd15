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

from shegong import PROVINCES, fmt
from shegong.charts.base import PROVINCE_COLOURS, SHORT_NAMES, cn_ticks, frame, month_span
from shegong.records import CATEGORY, SERVICE_TYPE

KIND = {True: "演示数据", False: "登记数据"}
MEASURES = {"people_served": "服务人次", "sessions": "服务次数"}
UNITS = {"people_served": "人次", "sessions": "次"}
BREAKDOWNS = {"category": "按服务对象类别", "service_type": "按服务类型"}
LABELS = {"category": CATEGORY, "service_type": SERVICE_TYPE}
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
MENU_NOTE = ("套餐名出自宁夏回族自治区民政厅介绍的银川市西夏区社会救助综合服务试点（社会工作新闻汇编，2021年12月）："
             "为困难群众定制“未成年人成长套餐”“老年人关爱套餐”“残疾人幸福套餐”“资源链接套餐”等服务套餐。"
             "右列为本看板服务记录中对应的服务对象类别；资源链接套餐面向各类服务对象，记为跨类别，不拆分到单一类别。")


def _kinds(df: pd.DataFrame) -> list[bool]:
    return [bool(k) for k in sorted(df["is_demo"].unique(), reverse=True)]


def _labels(by: str, present) -> dict[str, str]:
    """Known codes in their order, then any unknown ones (imported records) by themselves."""
    known = LABELS[by]
    out = {c: lab for c, lab in known.items() if c in set(present)}
    out.update({c: c for c in sorted(set(present) - set(known))})
    return out


def monthly(df: pd.DataFrame, by: str, measure: str, place: str) -> go.Figure:
    """People served (or sessions) per month, stacked areas by recipient category or service type
    (queries/services_monthly.sql). Demo and imported records get a panel each."""
    kinds = _kinds(df)
    two = len(kinds) > 1
    fig = make_subplots(rows=len(kinds), cols=1, shared_xaxes=True, vertical_spacing=0.1,
                        subplot_titles=[KIND[k] for k in kinds] if two else None)
    labels = _labels(by, df[by])
    unit = UNITS[measure]
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
                customdata=[fmt.number(v, unit) for v in wide[code]],
                hovertemplate=f"{label} %{{x|%Y年%-m月}}：%{{customdata}}（{KIND[kind]}）<extra></extra>"),
                row=row, col=1)
    fig.update_yaxes(gridcolor="#e5e5e5", rangemode="tozero", **cn_ticks(top, ""))
    fig.update_xaxes(tickformat="%Y年", dtick="M12")
    fig.update_layout(height=460 + 260 * (len(kinds) - 1), plot_bgcolor="white",
                      legend={"orientation": "h", "y": -0.12}, hovermode="x unified")
    noun = "服务对象类别" if by == "category" else "服务类型"
    notes = [COUNTING_NOTE] if measure == "people_served" else ["一次服务（探访、个案面谈、小组或社区活动、培训）计一次"]
    return frame(fig, f"{place}社工站{MEASURES[measure]}：按{noun}（{month_span(df['month'])}）",
                 f"按月，堆叠；单位：{unit}", [], notes, demo=any(kinds), axis_space=70)


def _year_label(r) -> str:
    return "" if r.months >= 12 else f"（{r.first_month.month}–{r.last_month.month}月）"


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
    unit = UNITS[measure]
    fig = go.Figure()
    for kind in kinds:
        part = mine[mine.is_demo == kind]
        texts = []
        for r in part.itertuples():
            cur, prev = getattr(r, measure), getattr(r, f"{measure}_prev")
            change = _yoy(cur, prev) if r.prev_months == r.months else None  # like with like only
            line = fmt.number(cur, "") + _year_label(r)
            texts.append(line + (f"<br>同比{_pct(change)}" if change is not None else ""))
        fig.add_trace(go.Bar(
            x=part.year, y=part[measure], name=KIND[kind], text=texts, textposition="outside", cliponaxis=False,
            marker={"color": PROVINCE_COLOURS.get(province, "#777777"),
                    "pattern": {"shape": "" if kind else "/"}},
            textfont={"size": 11},
            hovertemplate=f"%{{x}}年：%{{text}}（{KIND[kind]}）<extra></extra>"))
    top = mine[measure].max() if len(mine) else 0
    fig.update_yaxes(gridcolor="#e5e5e5", range=[0, top * 1.22 if top else 1], **cn_ticks(top * 1.22, ""))
    fig.update_xaxes(dtick=1, tickformat="d", ticksuffix="年")
    fig.update_layout(height=440, plot_bgcolor="white", barmode="group", bargap=0.3, showlegend=len(kinds) > 1,
                      legend={"orientation": "h", "y": -0.12})
    notes = ["同比按上年相同月份计算；上年同期有记录的月份少于当年时不计同比",
             "括号内为当年有记录的月份（不满12个月的年份）"]
    if measure == "people_served":
        notes.append(COUNTING_NOTE)
    years = f"{int(mine.year.min())}–{int(mine.year.max())}年" if len(mine) else ""
    return frame(fig, f"{place}社工站年度{MEASURES[measure]}与同比（{years}）", f"按年；单位：{unit}", [], notes,
                 width_chars=60, demo=any(kinds), axis_space=40)


def comparison(df: pd.DataFrame, measure: str) -> go.Figure:
    """Yearly totals of the compared provinces, one colour per province, demo records dotted
    (queries/services_yearly.sql). A year with fewer than twelve months of records is an open marker."""
    fig = go.Figure()
    unit = UNITS[measure]
    for code in PROVINCES:
        colour, name = PROVINCE_COLOURS[code], SHORT_NAMES[code]
        for kind, part in df[df.province_code == code].groupby("is_demo"):
            kind = bool(kind)
            fig.add_trace(go.Scatter(
                x=part.year, y=part[measure], mode="lines+markers", name=f"{name}（{KIND[kind]}）",
                line={"color": colour, "width": 2.5, "dash": "dot" if kind else "solid"},
                marker={"size": 8, "symbol": ["circle" if m >= 12 else "circle-open" for m in part.months]},
                customdata=[fmt.number(v, unit) + _year_label(r) for v, r in zip(part[measure], part.itertuples())],
                hovertemplate=f"{name} %{{x}}年：%{{customdata}}（{KIND[kind]}）<extra></extra>"))
    fig.update_yaxes(gridcolor="#e5e5e5", rangemode="tozero", **cn_ticks(df[measure].max() if len(df) else 0, ""))
    fig.update_xaxes(dtick=1, tickformat="d", ticksuffix="年")
    fig.update_layout(height=440, plot_bgcolor="white", legend={"orientation": "h", "y": -0.12})
    places = "、".join(SHORT_NAMES[c] for c in PROVINCES)
    notes = ["空心点为当年不满12个月有记录的年份（站点陆续建成）", "各省站点数不同，总量不宜直接比较服务强度"]
    if measure == "people_served":
        notes.append(COUNTING_NOTE)
    years = f"{int(df.year.min())}–{int(df.year.max())}年" if len(df) else ""
    return frame(fig, f"社工站年度{MEASURES[measure]}：{places}（{years}）", f"按年；单位：{unit}", [], notes,
                 demo=bool(df["is_demo"].any()), axis_space=60)


def matrix(df: pd.DataFrame, measure: str, place: str) -> go.Figure:
    """Recipient category × service type in the latest twelve months (queries/services_matrix.sql), as a
    heatmap with the number in each cell and the row and column totals in the labels; a panel per kind."""
    kinds = _kinds(df)
    two = len(kinds) > 1
    unit = UNITS[measure]
    fig = make_subplots(rows=1, cols=len(kinds), horizontal_spacing=0.18,
                        subplot_titles=[KIND[k] for k in kinds] if two else None)
    cats = _labels("category", df.category)
    types = _labels("service_type", df.service_type)
    for col, kind in enumerate(kinds, 1):
        part = df[df.is_demo == kind]
        wide = part.pivot_table(index="category", columns="service_type", values=measure, aggfunc="sum")
        wide = wide.reindex(index=list(cats), columns=list(types)).fillna(0)
        rows_total, cols_total = wide.sum(axis=1), wide.sum(axis=0)
        y = [f"{cats[c]}（{fmt.number(rows_total[c])}）" for c in wide.index]
        x = [f"{types[t]}<br>{fmt.number(cols_total[t])}" for t in wide.columns]
        fig.add_trace(go.Heatmap(
            z=wide.values, x=x, y=y, colorscale="Blues", showscale=False, xgap=2, ygap=2,
            text=[[fmt.number(v) for v in row] for row in wide.values], texttemplate="%{text}",
            textfont={"size": 12},
            hovertemplate=f"%{{y}} · %{{x}}：%{{text}}{unit}（{KIND[kind]}）<extra></extra>"), row=1, col=col)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="bottom")
    fig.update_layout(height=480, plot_bgcolor="white")
    first, last = df["first_month"].min(), df["last_month"].max()
    span = f"{first:%Y年%-m月}至{last:%Y年%-m月}" if len(df) else ""
    notes = ["行标签括号内为该类服务对象合计，列标签下为该类服务合计"]
    if measure == "people_served":
        notes.append(COUNTING_NOTE)
    return frame(fig, f"{place}近12个月{MEASURES[measure]}：服务对象类别×服务类型（{span}）",
                 f"颜色越深数量越多；单位：{unit}", [], notes, width_chars=66, demo=any(kinds), axis_space=50)


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
        kind = KIND[bool(r.is_demo)]
        window = f"{r.window_start:%Y年%-m月}至{r.last_month:%Y年%-m月}"
        short = "" if r.months_12m >= 12 else f"，其中只有{r.months_12m}个月有记录"
        comparable = r.months_prev_12m == r.months_12m
        cards = []
        for measure in ("people_served", "sessions"):
            cur, prev = getattr(r, f"{measure}_12m"), getattr(r, f"{measure}_prev_12m")
            change = _yoy(cur, prev) if comparable else None
            cards.append(Kpi(f"近12个月{MEASURES[measure]}（{kind}）", fmt.number(cur, UNITS[measure]),
                             _pct(change) if change is not None else None,
                             f"{window}{short}" + ("；增减为与此前12个月相比" if change is not None else "")))
        out.append((f"**{kind}**：近12个月为{window}{short}；记录截至{fmt.month(r.last_month)}", cards))
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
            remark = "单位为户（家庭），不是人数或人次"
        elif r.unit_shown == "人次":
            remark = "原文为人次（一人多次计多人次）"
        else:
            remark = "原文为人数"
        out.append(Cited(f"{r.region_name}{r.label_zh}", fmt.number(r.value, r.unit_shown, r.qualifier),
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
            "服务套餐": package,
            "服务对象": m["group"],
            "对应的服务对象类别": "全部类别（跨类别，不拆分）" if cross else "、".join(CATEGORY[c] for c in m["categories"]),
        })
    table = pd.DataFrame(rows)
    if matrix is not None and len(matrix):
        for kind in _kinds(matrix):
            part = matrix[matrix.is_demo == kind]
            col = f"宁夏近12个月{MEASURES[measure]}（{KIND[kind]}）"
            table[col] = ["—（跨类别）" if m["group"] == CROSS_CATEGORY else
                          fmt.number(part[part.category.isin(m["categories"])][measure].sum(), UNITS[measure])
                          for m in MENU_PACKAGES.values()]
    return table
