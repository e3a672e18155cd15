"""Charts of published figures."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shegong import escape, fmt, i18n
from shegong.charts.base import NO_DATA, cn_ticks, date_span, frame, qualifier_notes, sources_of
from shegong.i18n import t
from shegong.vocab import places_phrase, province_colour, provinces


def province_bars(df: pd.DataFrame) -> go.Figure:
    """Bar per compared province, each labelled with the date its figure is of (never one shared date)."""
    order = {c: i for i, c in enumerate(provinces())}
    focus = df[df.focus].sort_values("code", key=lambda c: c.map(order).fillna(99))
    label, unit = i18n.pick(focus["label_zh"].iloc[0], focus["label_en"].iloc[0]), focus["unit_zh"].iloc[0]
    x = [f"{escape.plotly(i18n.place(r.code, r.name))}<br>{t('截至{date}', date=fmt.date(r.as_of)) if pd.notna(r.value) else t(NO_DATA)}"
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
