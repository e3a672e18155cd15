"""Charts of published figures."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shegong import escape, fmt, i18n
from shegong.analysis.progress import stale_period
from shegong.charts.base import NO_DATA, cn_ticks, date_span, frame, qualifier_notes, sources_of
from shegong.i18n import t
from shegong.vocab import places_phrase, province_colour, provinces


def province_bars(df: pd.DataFrame) -> go.Figure:
    """Bar per compared province, each labelled with the date its figure is of (never one shared date)."""
    order = {c: i for i, c in enumerate(provinces())}
    focus = df[df.focus].sort_values("code", key=lambda c: c.map(order).fillna(99))
    label, unit = i18n.pick(focus["label_zh"].iloc[0], focus["label_en"].iloc[0]), focus["unit_zh"].iloc[0]
    x = [f"{escape.plotly(i18n.place(r.code, r.name))}<br>"
         f"{t('截至{date}', date=fmt.date(r.as_of)) if pd.notna(r.value) else t(NO_DATA)}"
         for r in focus.itertuples()]
    text = [fmt.number(r.value, unit, r.qualifier) if pd.notna(r.value) else t(NO_DATA) for r in focus.itertuples()]
    fig = go.Figure(go.Bar(
        x=x, y=focus["value"].fillna(0), text=text, textposition="outside", cliponaxis=False,
        marker_color=[province_colour(c) for c in focus.code],
        marker_pattern_shape=["/" if q in ("at_least", "approx") else "" for q in focus.qualifier],
        hovertemplate="%{x}<br>%{text}<extra></extra>"))
    # the unit is in the subtitle: a rotated CJK axis title reads as an arrow
    fig.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5", **cn_ticks(focus["value"].max(), unit))
    fig.update_layout(height=440, plot_bgcolor="white", showlegend=False, bargap=0.45)
    shown = focus[focus.value.notna()]
    notes = qualifier_notes(shown)
    if notes:
        notes.append(t("斜线填充的柱为下限值或约数"))
    notes.append(t("各省数值截至日期不同，不宜视为同期比较"))
    return frame(fig, t("{label}：{places}最新公布值比较", label=label, places=places_phrase(focus.code)),
                 t("截至各省最新公布日期（{span}）；单位：{unit}", span=date_span(shown), unit=fmt.unit(unit))
                 if len(shown) else t(NO_DATA),
                 sources_of(shown), notes, axis_space=50)


def station_progress(df: pd.DataFrame, newest: str) -> go.Figure:
    """The headline: one bar of coverage per province on a 0–100% axis, with the target marked; a province with a
    station count only (a pilot batch: no coverage can be had from it) or nothing published says so in words on its
    row, never as a bar. Each row's label carries its date and age (catalog.overview.station_progress)."""
    order = list(df.code)
    names = {r.code: i18n.place(r.code, r.name) for r in df.itertuples()}
    y = [f"<b>{names[c]}</b>" for c in order]
    ticks = [f"<b>{names[r.code]}</b><br>{r.age + (t('（较旧）') if r.stale else '') if r.age else t('暂无公开数字')}"
             for r in df.itertuples()]
    cov = df[df.kind == "coverage"]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=[f"<b>{names[c]}</b>" for c in cov.code], x=cov["pct"], orientation="h", name=t("覆盖率"),
        text=[f"{r.shown}  {r.basis}" for r in cov.itertuples()], textposition="auto", insidetextanchor="start",
        textfont={"size": 14}, marker_color=[province_colour(c) for c in cov.code],
        hovertemplate="%{y}: %{text}<extra></extra>", cliponaxis=False))
    short_notes = []  # on a phone: the figure and its scope only (the basis is in the table and the footer)
    for r in df[df.kind != "coverage"].itertuples():
        words = f"{r.shown}  {r.basis}" if r.kind == "count" else t("暂无公开数字")
        note = {"x": 1, "y": f"<b>{names[r.code]}</b>", "showarrow": False, "xanchor": "left",
                "font": {"size": 14, "color": "#333"}, "bgcolor": "#f3f3f3"}
        fig.add_annotation(text=words, **note)
        pilot = r.kind == "count" and ("试点" in r.basis or "pilot" in r.basis)
        short_notes.append({**note, "text": r.shown + (t("（试点）") if pilot else "")})
    targets = df[df.target_value.notna()]
    if len(targets):
        fig.add_trace(go.Scatter(
            y=[f"<b>{names[c]}</b>" for c in targets.code], x=targets["target_value"], mode="markers",
            marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": "#b8860b"}},
            name=t("目标"), text=list(targets["target"]), hovertemplate="%{text}<extra></extra>", cliponaxis=False))
    fig.update_yaxes(categoryorder="array", categoryarray=y[::-1], tickvals=y, ticktext=ticks, automargin=True)
    fig.update_xaxes(range=[0, 104], ticksuffix="%", gridcolor="#e5e5e5", zeroline=True)
    fig.update_layout(height=120 + 80 * len(df), plot_bgcolor="white", showlegend=False, bargap=0.35,
                      margin={"l": 10, "r": 20})
    passed = targets[targets.deadline_passed]
    subtitle = t("覆盖率＝原文所述覆盖率，或建成站数÷乡镇级区划数（分母及其年份见各行）；数据截至{newest}",
                 newest=newest)
    if len(targets):
        r = targets.iloc[0]
        subtitle += t("；竖线为目标：全覆盖（{deadline}前）", deadline=r.deadline)
        if len(passed):
            subtitle += t("，期限已过")
    notes = [t("试点批次的建站数不能折算为覆盖率，只写数量与口径"),
             t("各省数字所指日期不同，每行注明日期与距今时间；超过该指标更新周期（{period}）的标“较旧”",
               period=stale_period({i for i in df.get("indicator", []) if i} or {"stations_built"}))]
    if len(passed):
        notes.append(t("目标期限已过，尚无更新的公开数字说明各省是否实现"))
    sources = [s for s in dict.fromkeys(df["source_line"]) if s]
    # on a phone the row labels say the month only (the full date and age are in the table under the chart)
    short_ticks = [f"<b>{names[r.code]}</b><br>" + (fmt.date(str(r.as_of)[:7]) + (t("（较旧）") if r.stale else "")
                                                    if r.as_of else t("暂无公开数字")) for r in df.itertuples()]
    narrow = {"layout": {"annotations": short_notes, "yaxis": {"ticktext": short_ticks}},
              "traces": {0: {"text": list(cov["shown"])}}}
    return frame(fig, t("乡镇(街道)社工站建设进度：各省最新公开数字"), subtitle, sources, notes, axis_space=30,
                 narrow=narrow)


i18n.add({
    "覆盖率": "Coverage",
    "（较旧）": " (old)",
    "乡镇(街道)社工站建设进度：各省最新公开数字": "Township station progress: each province's latest published figure",
    "覆盖率＝原文所述覆盖率，或建成站数÷乡镇级区划数（分母及其年份见各行）；数据截至{newest}":
        "Coverage = as stated, or stations built ÷ township-level units (denominator and its year on each row); "
        "data as of {newest}",
    "；竖线为目标：全覆盖（{deadline}前）": "; the vertical mark is the target: full coverage by {deadline}",
    "，期限已过": ", deadline passed",
    "试点批次的建站数不能折算为覆盖率，只写数量与口径": "A pilot batch's station count cannot be turned into coverage: "
                                                   "it is given as a count with its scope",
    "各省数字所指日期不同，每行注明日期与距今时间；超过该指标更新周期（{period}）的标“较旧”":
        "Figures are of different dates: each row gives its date and age; older than the indicator's update cycle "
        "({period}) is marked old",
    "目标期限已过，尚无更新的公开数字说明各省是否实现": "The deadline has passed; no newer published figure says "
                                                  "whether each province met it",
})
