"""The compare page's chart: one published indicator over time for the chosen provinces."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shegong import fmt, i18n
from shegong.analysis.compare import shown
from shegong.charts.base import QUALIFIER_SYMBOL, SYMBOL_NAME, cn_ticks, date_span, frame, qualifier_notes, sources_of
from shegong.i18n import t
from shegong.vocab import QUALIFIER_WORD, SCOPE_WORD, province_colour, provinces, short_name


def compare_trend(df: pd.DataFrame, label: str, unit: str, notes: list[str]) -> go.Figure:
    """Lines where a province has two or more points, markers always; marker shape tells exact / ≥ / 约 apart.

    `df` is shegong.analysis.compare.apply_measure's output: `shown`, `shown_qualifier` at each figure's own date.
    """
    fig = go.Figure()
    order = {c: i for i, c in enumerate(provinces())}
    scoped = "scope" in df and df["scope"].nunique() > 1  # points of different scope are never joined by a line
    groups = df.groupby(["region_code", "scope"] if "scope" in df else ["region_code"], dropna=False)
    for key, part in sorted(groups, key=lambda kv: (order.get(kv[0][0], 99), str(kv[0][1:]))):
        code = key[0]
        part = part.sort_values("as_of_end")
        name = i18n.short_place(code, short_name(code))
        if scoped and isinstance(part["scope"].iloc[0], str):
            name = t("{name}（{scope}）", name=name, scope=t(SCOPE_WORD[part["scope"].iloc[0]]))
        fig.add_trace(go.Scatter(
            x=part["as_of_end"], y=part["shown"], name=name, mode="lines+markers" if len(part) > 1 else "markers",
            line={"color": province_colour(code), "width": 2},
            marker={"size": 11, "color": province_colour(code), "line": {"color": "#111", "width": 1},
                    "symbol": [QUALIFIER_SYMBOL[q] for q in part.shown_qualifier]},
            text=[t("{value}，截至{date}（{q}）", value=shown(r, unit), date=fmt.date(r.as_of),
                    q=t(QUALIFIER_WORD[r.shown_qualifier])) for r in part.itertuples()],
            hovertemplate=f"{name}：%{{text}}<extra></extra>"))
    fig.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5", **cn_ticks(df["shown"].max(), unit))
    days = (df["as_of_end"].max() - df["as_of_end"].min()).days
    if days >= 730:
        fig.update_xaxes(tickformat="%Y" if i18n.en() else "%Y年", dtick="M12")
    else:  # within two years yearly ticks would all read the same year: show a year around the points, by quarter
        middle = df["as_of_end"].min() + (df["as_of_end"].max() - df["as_of_end"].min()) / 2
        half = pd.Timedelta(days=max(days // 2 + 60, 200))
        fig.update_xaxes(tickformat="%b %Y" if i18n.en() else "%Y年%-m月", dtick="M3",
                         range=[middle - half, middle + half])
    fig.update_layout(height=460, plot_bgcolor="white", legend={"orientation": "h", "y": -0.15})
    places = i18n.join(i18n.short_place(c, short_name(c))
                       for c in sorted(df.region_code.unique(), key=lambda c: order.get(c, 99)))
    shapes = ", ".join(t("{q}用{s}", q=t(QUALIFIER_WORD[q]), s=t(SYMBOL_NAME[s])) for q, s in QUALIFIER_SYMBOL.items()
                       if q in set(df.shown_qualifier))
    scope_note = [t("口径不同（{scopes}）的数字分别成线，不相连，不宜直接比较",
                    scopes=i18n.join(t(SCOPE_WORD[c])
                                     for c in sorted(df["scope"].dropna().unique())))] if scoped else []
    all_notes = [*notes, *scope_note, *qualifier_notes(df, "shown_qualifier"),
                 t("标记：{shapes}", shapes=shapes), t("各点为公布数字所指日期（年度数字标在年末）")]
    return frame(fig, t("{label}：{places}（{span}）", label=label, places=places, span=date_span(df)),
                 t("公开报道数字；单位：{unit}", unit=fmt.unit(unit)),
                 sources_of(df), all_notes, axis_space=60)


i18n.add({
    "{name}（{scope}）": "{name} ({scope})",
    "口径不同（{scopes}）的数字分别成线，不相连，不宜直接比较":
        "Figures of different scope ({scopes}) are separate lines, never joined, and not directly comparable",
})
