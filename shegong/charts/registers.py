"""Charts of station registers and service records (demo data until real registers are imported)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shegong import PROVINCES, fmt
from shegong.charts.base import (PROVINCE_COLOURS, QUALIFIER_LABEL, QUALIFIER_SYMBOL, SHORT_NAMES, cn_ticks, frame,
                                 month_span, qualifier_notes, sources_of)


def stations_trend(trend: pd.DataFrame, published: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Stations built per province: register lines (demo or imported) and published figures as marked points.

    `trend` is queries/stations_trend.sql, `published` queries/indicator_series.sql for stations_built. The two
    are separate traces with separate legend entries: a published point is never joined into a demo line.
    """
    fig = go.Figure()
    demo = bool(trend["is_demo"].any())
    for code in PROVINCES:
        colour = PROVINCE_COLOURS[code]
        name = SHORT_NAMES[code]
        for is_demo, part in trend[trend.province_code == code].groupby("is_demo"):
            kind = "演示数据" if is_demo else "登记数据"
            fig.add_trace(go.Scatter(
                x=part["month"], y=part["stations_built"], mode="lines", name=f"{name}（{kind}）",
                line={"color": colour, "width": 2, "dash": "dot" if is_demo else "solid"}, legendgroup=code,
                hovertemplate=f"{name} %{{x|%Y年%-m月}}：%{{y:,}}个（{kind}）<extra></extra>"))
        pts = published[published.region_code == code]
        if len(pts):
            fig.add_trace(go.Scatter(
                x=pts["as_of_end"], y=pts["value"], mode="markers", name=f"{name}（公开数字）", legendgroup=code,
                marker={"color": colour, "size": 11, "line": {"color": "#111", "width": 1},
                        "symbol": [QUALIFIER_SYMBOL[q] for q in pts.qualifier]},
                text=[f"{fmt.number(v, '个', q)}，截至{fmt.date(a)}（{QUALIFIER_LABEL[q]}）" for v, q, a in
                      zip(pts.value, pts.qualifier, pts.as_of)],
                hovertemplate=f"{name}：%{{text}}<extra></extra>"))
    fig.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5", tickformat=",")
    fig.update_xaxes(tickformat="%Y年", dtick="M12")
    fig.update_layout(height=480, plot_bgcolor="white", legend={"orientation": "h", "y": -0.12})
    title_places = "、".join(SHORT_NAMES[c] for c in PROVINCES)
    notes = ["线为站点登记（演示数据为虚线），点为公开报道数字", "年度数字标在该年年末"]
    notes += qualifier_notes(published)
    return frame(fig, f"乡镇(街道)社工站建成数量：{title_places}（{month_span(trend['month'])}）",
                 "按月累计；单位：个", sources_of(published), notes, demo=demo, axis_space=70)


def services_by_category(df: pd.DataFrame, province_name: str) -> go.Figure:
    """People served per month, stacked by service-recipient category (queries/services_by_category.sql)."""
    from shegong.records import CATEGORY

    fig = go.Figure()
    for code, label in CATEGORY.items():
        part = df[df.category == code]
        if len(part):
            fig.add_trace(go.Bar(x=part["month"], y=part["people_served"], name=label,
                                 hovertemplate=f"{label} %{{x|%Y年%-m月}}：%{{y:,}}人次<extra></extra>"))
    fig.update_layout(barmode="stack", height=440, plot_bgcolor="white", bargap=0.1,
                      legend={"orientation": "h", "y": -0.15})
    fig.update_yaxes(gridcolor="#e5e5e5", **cn_ticks(
        df.groupby("month")["people_served"].sum().max() if len(df) else 0, ""))
    fig.update_xaxes(tickformat="%Y年", dtick="M12")
    return frame(fig, f"{province_name}社工站服务人次：按服务对象类别（{month_span(df['month'])}）",
                 "按月；单位：人次", [], ["一人多次服务计多人次"], demo=bool(df["is_demo"].any()), axis_space=70)
