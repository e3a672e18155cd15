"""Charts and tables of funding records (demo data until real records are imported), with published funding
figures beside them as marked points.

Inputs are queries/funding_by_year.sql (one province by year, programme and source), queries/funding_trend.sql
(annual totals and funding per station for the compared provinces) and queries/funding_published.sql (published
figures, each with the records of the same region and period). Demo and imported records are separate traces
(or separate bars) and never summed; a published figure is a marked point, never part of a bar or a line.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from shegong import escape, fmt, i18n
from shegong.charts.base import (
    QUALIFIER_SYMBOL,
    cn_ticks,
    frame,
    kind_name,
    kind_tag,
    kind_word,
    qualifier_notes,
    sources_of,
)
from shegong.i18n import t
from shegong.vocab import FUND_SOURCE, QUALIFIER_WORD, SCOPE_WORD, province_colour, provinces, short_name

STATION_PROGRAM = "乡镇(街道)社工站建设"
PROGRAMS = (STATION_PROGRAM, "三区计划", "灾后社会工作服务项目")
# Colour-blind-safe colours (Paul Tol's "muted" and "bright" sets) that are not the provinces' Okabe–Ito colours,
# so that a programme or a source is never read as a province.
PROGRAM_COLOURS = {STATION_PROGRAM: "#332288", "三区计划": "#44AA99", "灾后社会工作服务项目": "#CC6677"}
SOURCE_COLOURS = {"fiscal": "#332288", "lottery": "#DDCC77", "social": "#44AA99", "other": "#BBBBBB"}
EXTRA_COLOURS = ("#882255", "#117733", "#88CCEE", "#999933", "#AA4499")  # programmes of imported records
VIEWS = {"program": "按项目（年度堆叠）", "source": "按来源（年度堆叠）", "trend": "各省年度合计"}
# Headings whose English in i18n.EN means something else here (省份: the compare page's multiselect, "Provinces";
# 口径: "Measure"), as (Chinese, English) for i18n.pick
PROVINCE = ("省份", "Province")
SCOPE_HEADING = ("口径", "Scope")

i18n.add({
    # programmes, sources, views, scopes
    STATION_PROGRAM: "Township/street station building", "三区计划": "Three Regions Plan",
    "灾后社会工作服务项目": "Post-disaster social work services",
    "财政": "Government budget", "福彩公益金": "Welfare lottery fund", "社会资金": "Private funds", "其他": "Other",
    "按项目（年度堆叠）": "By programme (stacked by year)", "按来源（年度堆叠）": "By source (stacked by year)",
    "各省年度合计": "Annual totals by province", "累计": "cumulative", "当年": "one year",
    # years and kinds of record
    "{year}年": "{year}", "{a}–{b}年": "{a}–{b}", "（{kind}）": " ({kind})",
    # by_year
    "{x} {name}：{value}（{kind}）": "{x} {name}: {value} ({kind})",
    "公开数字（{q}）": "Published figure ({q})", "公开数字 {value}": "Published {value}",
    "{place}公开数字：{text}": "{place}, published: {text}",
    "柱为资金记录（{kinds}）按年合计，柱顶为当年合计":
        "Bars: funding records ({kinds}) summed by year, with the year's total on top",
    "点为公开报道的当年资金数字，标在其所属年份，与柱分列、不相加":
        "Points: published figures of one year's funding, at their year, apart from the bars and never added to them",
    "累计口径的公开数字见“公开数字与资金记录对照”图":
        "Cumulative published figures: see the chart “published funding figures beside the funding records”",
    "{place}社会工作服务项目资金：按项目（{years}）": "Social work project funding in {place} by programme ({years})",
    "{place}社会工作服务项目资金：按资金来源（{years}）": "Social work project funding in {place} by source ({years})",
    "按年；单位：{unit}": "By year; unit: {unit}",
    # trend
    "{name} {x}年：{value}（{kind}）": "{name} {x}: {value} ({kind})", "{name}（公开数字）": "{name} (published)",
    "线为资金记录按省、按年合计（演示数据为虚线），含全部项目":
        "Lines: funding records summed by province and year (demo data dotted), all programmes",
    "点为公开报道的当年资金数字（原文口径见来源），与线分列、不相加":
        "Points: published figures of one year's funding (see the sources for what each covers), apart from the "
        "lines and never added to them",
    "社会工作服务项目资金：{places}年度合计（{years}）":
        "Social work project funding: annual totals, {places} ({years})",
    # per_station
    "{name} {x}年：每站{per}<br>社工站建设项目资金{amount} ÷ 年末已建成{built}个（{kind}）":
        "{name} {x}: {per} per station<br>station programme funding {amount} ÷ {built} stations built by year "
        "end ({kind})",
    "只计“乡镇(街道)社工站建设”项目资金，三区计划、灾后社会工作服务项目资金不计入":
        "Only the “township/street station building” programme counts; Three Regions Plan and post-disaster "
        "project money is left out",
    "当年年末尚无已建成站点（或无当年12月站点记录）的年份不计算":
        "Years without a station built by the year's end (or without December station records) are left out",
    "每站资金：{places}（{years}）": "Funding per station: {places} ({years})",
    "当年社工站建设项目资金 ÷ 当年12月底已建成站点数；单位：{unit}":
        "The year's station programme funding ÷ stations built by the end of December; unit: {unit}",
    # published_check
    "累计至{date}": "cumulative to {date}", "{year}年（截至{date}）": "{year} (as of {date})",
    "{kind}：{years}合计 {value}": "{kind}: {years} total {value}", "公开数字：{value}": "Published: {value}",
    "{shape}为{q}": "{shape} {q}",
    "点为公开报道的数字，其下的条为同一地区、同一口径（累计或当年）的资金记录合计（含全部项目），两者不相加":
        "Points: published figures; the bars under them: funding records of the same region and scope "
        "(cumulative or one year), all programmes; the two are never added",
    "资金记录按年汇总：年中公布的数字与全年合计对照":
        "Funding records are yearly: a figure published mid-year is set beside the whole year's total",
    "点为公开报道的数字；尚无同一地区、同一口径的资金记录":
        "Points: published figures; no funding records yet of the same region and scope",
    "{place}：公开报道的资金数字与资金记录对照": "{place}: published funding figures beside the funding records",
    "同地区、同口径；单位：{unit}": "Same region, same scope; unit: {unit}",
    # cards
    "{years}累计投入": "Cumulative funding {years}", "全部项目合计": "All programmes",
    "{year}年投入": "Funding in {year}", "{year}年全部项目合计": "All programmes, {year}",
    "{year}年每站资金": "Per station in {year}",
    "{year}年社工站建设项目资金{amount} ÷ {year}年12月底已建成站点{n}个":
        "Station programme funding {year}: {amount} ÷ {n} stations built by the end of Dec {year}",
    "{year}年年末尚无已建成站点记录": "No station recorded as built by the end of {year}",
    # tables
    "项目": "Programme", "金额": "Amount", "金额（元）": "Amount (yuan)",
    "全部项目": "All programmes", "社工站建设项目": "Station programme",
    "年末已建成站点（个）": "Stations built by year end",
    "每站资金": "Per station", "公开数字": "Published figure", "资金记录同口径合计": "Records, same scope",
    "无同口径记录": "no records of the same scope", "记录年份": "Record years",
})


def group_label(code: str, by: str) -> str:
    """A programme (its own name: the known ones translated) or a source code, in the current language."""
    return t(FUND_SOURCE.get(code, code)) if by == "source" else t(code)


def _year(y) -> str:
    return t("{year}年", year=int(y))


def _years(years) -> str:
    years = sorted(set(int(y) for y in years))
    if not years:
        return ""
    return _year(years[0]) if years[0] == years[-1] else t("{a}–{b}年", a=years[0], b=years[-1])


def _annual_points(published: pd.DataFrame) -> pd.DataFrame:
    """Province-level published figures of one year's money (not cumulative), one row per figure."""
    if published.empty:
        return published
    pts = published[(published.region_level == "province") & (published.scope == "annual")]
    return pts.drop_duplicates(["region_code", "as_of"])


def _point_text(r) -> str:
    return t("{value}，截至{date}（{q}）", value=fmt.number(r.value, "元", r.qualifier), date=fmt.date(r.as_of),
             q=t(QUALIFIER_WORD[r.qualifier]))


def _scope_label(r) -> str:
    """'累计至2021年12月8日', '2021年' or '2021年（截至2021年5月18日）' for a row of funding_published.sql."""
    if r.scope == "cumulative":
        return t("累计至{date}", date=fmt.date(r.as_of))
    if str(r.as_of) == str(r.year):
        return _year(r.year)
    return t("{year}年（截至{date}）", year=r.year, date=fmt.date(r.as_of))


def _published_hover(r) -> str:
    return t("{place}公开数字：{text}", place=i18n.place(r.region_code, r.region_name), text=_point_text(r))


def _group_colours(groups: list[str], by: str) -> dict[str, str]:
    known = PROGRAM_COLOURS if by == "program" else SOURCE_COLOURS
    extra = iter(EXTRA_COLOURS * 4)
    return {g: known.get(g) or next(extra, "#777777") for g in groups}


def by_year(df: pd.DataFrame, by: str, province: str, place: str, published: pd.DataFrame) -> go.Figure:
    """One province's funding per year, stacked by programme (`by="program"`) or by source (`by="source"`).

    Published figures of the province that are one year's money are marked points at their year; cumulative ones
    are left to `published_check` (a cumulative total drawn over a year's bar would misread as that year's).
    With both demo and imported records, each year has two bars side by side, named by kind.
    """
    kinds = sorted(df["is_demo"].unique(), reverse=True)
    two = len(kinds) > 1

    def xlabel(year, kind=None):
        return f"{_year(year)}<br>{kind_name(kind)}" if two and kind is not None else _year(year)

    published = published[published.province_code == province]
    pts = _annual_points(published)
    cats = sorted({(int(y), bool(k)) for y, k in zip(df.year, df.is_demo)}, key=lambda c: (c[0], not c[1]))
    order = [xlabel(y, k) for y, k in cats]
    for y in sorted(set(int(v) for v in pts.get("year", [])) - {c[0] for c in cats}):
        order.append(xlabel(y))  # a published year without records still gets its place on the axis
    order.sort(key=lambda s: s[:4])
    first_of_year = {}
    for label in order:
        first_of_year.setdefault(int(label[:4]), label)

    groups = [g for g in (list(FUND_SOURCE) if by == "source" else list(PROGRAMS)) if g in set(df[by])]
    groups += sorted(set(df[by]) - set(groups))
    colours = _group_colours(groups, by)
    fig = go.Figure()
    for kind in kinds:
        mine = df[df.is_demo == kind]
        for g in groups:
            part = mine[mine[by] == g].groupby("year", as_index=False)["amount_cny"].sum()
            if part.empty:
                continue
            label = escape.plotly_template(group_label(g, by))  # from imported records: legend and hover text
            fig.add_trace(go.Bar(
                x=[xlabel(y, kind) for y in part.year], y=part.amount_cny, name=label + (kind_tag(kind) if two else ""),
                legendgroup=g, marker={"color": colours[g], "pattern": {"shape": "/" if (two and not kind) else ""}},
                customdata=[fmt.computed(v, "元") for v in part.amount_cny],
                hovertemplate=t("{x} {name}：{value}（{kind}）", x="%{x}", name=label, value="%{customdata}",
                                kind=kind_word(kind)) + "<extra></extra>"))
    totals = df.groupby(["year", "is_demo"])["amount_cny"].sum()
    if len(totals):
        fig.add_trace(go.Scatter(  # the year's total above each bar: a report-writer reads it off the figure
            x=[xlabel(y, k) for y, k in totals.index], y=totals.values, mode="text", showlegend=False,
            text=[fmt.computed(v, "元") for v in totals.values], textposition="top center",
            textfont={"size": 11, "color": "#333"}, hoverinfo="skip"))
    for r in pts.itertuples():
        x = first_of_year[int(r.year)]
        fig.add_trace(go.Scatter(
            x=[x], y=[r.value], mode="markers", name=t("公开数字（{q}）", q=t(QUALIFIER_WORD[r.qualifier])),
            marker={"color": province_colour(r.region_code), "size": 14,
                    "symbol": QUALIFIER_SYMBOL[r.qualifier], "line": {"color": "#111", "width": 1.5}},
            cliponaxis=False, hovertext=[_published_hover(r)], hovertemplate="%{hovertext}<extra></extra>"))
        # by the category's index: plotly.js reads an annotation's "2021" (English) as index 2021, not the category
        fig.add_annotation(x=order.index(x), y=r.value,
                           text=t("公开数字 {value}", value=fmt.number(r.value, "元", r.qualifier)),
                           xanchor="left", xshift=11, showarrow=False, bgcolor="rgba(255,255,255,0.9)",
                           font={"size": 12, "color": "#111"})
    top = max([totals.max() if len(totals) else 0] + list(pts.get("value", [])))
    fig.update_layout(barmode="stack", height=500, plot_bgcolor="white", bargap=0.35,
                      legend={"orientation": "h", "y": -0.1, "title": {"text": ""}})
    fig.update_yaxes(gridcolor="#e5e5e5", range=[0, top * 1.12 if top else 1], **cn_ticks(top * 1.12, ""))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order)
    notes = [t("柱为资金记录（{kinds}）按年合计，柱顶为当年合计", kinds=i18n.join(kind_word(k) for k in kinds))]
    if len(pts):
        notes.append(t("点为公开报道的当年资金数字，标在其所属年份，与柱分列、不相加"))
        notes += qualifier_notes(pts)
    if len(published) and (published.scope == "cumulative").any():
        notes.append(t("累计口径的公开数字见“公开数字与资金记录对照”图"))
    title = ("{place}社会工作服务项目资金：按项目（{years}）" if by == "program"
             else "{place}社会工作服务项目资金：按资金来源（{years}）")
    sources = sources_of(pts)
    return frame(fig, t(title, place=place, years=_years(df.year)), t("按年；单位：{unit}", unit=fmt.unit("元")),
                 sources, notes, width_chars=64, demo=bool(df["is_demo"].any()),
                 axis_space=60)


def trend(df: pd.DataFrame, published: pd.DataFrame) -> go.Figure:
    """Annual funding of the compared provinces (queries/funding_trend.sql): one colour per province, demo records
    dotted; published province-level figures of one year's money as marked points at their year."""
    fig = go.Figure()
    pts = _annual_points(published)
    for code in provinces():
        colour, name = province_colour(code), i18n.short_place(code, short_name(code))
        for kind, part in df[df.province_code == code].groupby("is_demo"):
            fig.add_trace(go.Scatter(
                x=part.year, y=part.amount_cny, mode="lines+markers", name=name + kind_tag(kind),
                legendgroup=code, line={"color": colour, "width": 2.5, "dash": "dot" if kind else "solid"},
                marker={"size": 6}, customdata=[fmt.computed(v, "元") for v in part.amount_cny],
                hovertemplate=t("{name} {x}年：{value}（{kind}）", name=name, x="%{x}", value="%{customdata}",
                                kind=kind_word(kind)) + "<extra></extra>"))
        mine = pts[pts.region_code == code]
        if len(mine):
            fig.add_trace(go.Scatter(
                x=mine.year, y=mine.value, mode="markers+text", name=t("{name}（公开数字）", name=name),
                legendgroup=code,
                marker={"color": colour, "size": 13, "symbol": [QUALIFIER_SYMBOL[q] for q in mine.qualifier],
                        "line": {"color": "#111", "width": 1.5}},
                text=[fmt.number(v, "元", q) for v, q in zip(mine.value, mine.qualifier)],
                textposition="middle left", textfont={"size": 12, "color": "#111"}, cliponaxis=False,
                hovertext=[_published_hover(r) for r in mine.itertuples()],
                hovertemplate="%{hovertext}<extra></extra>"))
    top = max([df.amount_cny.max() if len(df) else 0] + list(pts.get("value", [])))
    fig.update_yaxes(gridcolor="#e5e5e5", rangemode="tozero", **cn_ticks(top, ""))
    fig.update_xaxes(dtick=1, tickformat="d", ticksuffix="" if i18n.en() else "年")
    fig.update_layout(height=500, plot_bgcolor="white", legend={"orientation": "h", "y": -0.1})
    places = i18n.join(i18n.short_place(c, short_name(c)) for c in provinces())
    notes = [t("线为资金记录按省、按年合计（演示数据为虚线），含全部项目")]
    if len(pts):
        notes.append(t("点为公开报道的当年资金数字（原文口径见来源），与线分列、不相加"))
        notes += qualifier_notes(pts)
    if len(published) and (published.scope == "cumulative").any():
        notes.append(t("累计口径的公开数字见“公开数字与资金记录对照”图"))
    sources = sources_of(pts)
    return frame(fig, t("社会工作服务项目资金：{places}年度合计（{years}）", places=places, years=_years(df.year)),
                 t("按年；单位：{unit}", unit=fmt.unit("元")), sources, notes, width_chars=64,
                 demo=bool(df["is_demo"].any()), axis_space=85)


def per_station(df: pd.DataFrame) -> go.Figure:
    """Station-programme money per station built at the year's end, one line per province (funding_trend.sql)."""
    fig = go.Figure()
    shown = df.dropna(subset=["per_station_cny"])
    for code in provinces():
        colour, name = province_colour(code), i18n.short_place(code, short_name(code))
        for kind, part in shown[shown.province_code == code].groupby("is_demo"):
            fig.add_trace(go.Scatter(
                x=part.year, y=part.per_station_cny, mode="lines+markers", name=name + kind_tag(kind),
                line={"color": colour, "width": 2.5, "dash": "dot" if kind else "solid"}, marker={"size": 6},
                customdata=[[fmt.computed(p, "元"), fmt.computed(a, "元"), f"{s:,}"] for p, a, s in
                            zip(part.per_station_cny, part.station_program_cny, part.stations_built)],
                hovertemplate=t("{name} {x}年：每站{per}<br>社工站建设项目资金{amount} ÷ 年末已建成{built}个（{kind}）",
                                name=name, x="%{x}", per="%{customdata[0]}", amount="%{customdata[1]}",
                                built="%{customdata[2]}", kind=kind_word(kind)) + "<extra></extra>"))
    fig.update_yaxes(gridcolor="#e5e5e5", rangemode="tozero",
                     **cn_ticks(shown.per_station_cny.max() if len(shown) else 0, ""))
    fig.update_xaxes(dtick=1, tickformat="d", ticksuffix="" if i18n.en() else "年")
    fig.update_layout(height=440, plot_bgcolor="white", legend={"orientation": "h", "y": -0.12})
    places = i18n.join(i18n.short_place(c, short_name(c)) for c in provinces())
    notes = [t("只计“乡镇(街道)社工站建设”项目资金，三区计划、灾后社会工作服务项目资金不计入"),
             t("当年年末尚无已建成站点（或无当年12月站点记录）的年份不计算")]
    return frame(fig, t("每站资金：{places}（{years}）", places=places, years=_years(shown.year)),
                 t("当年社工站建设项目资金 ÷ 当年12月底已建成站点数；单位：{unit}", unit=fmt.unit("元/站")), [], notes,
                 demo=bool(shown["is_demo"].any()), axis_space=60)


def published_check(published: pd.DataFrame, province: str, place: str) -> go.Figure:
    """Each published funding figure of a province (and of its prefectures and counties) as a marked point, with a
    bar of the funding records of the same region and period under it (queries/funding_published.sql).

    One row per figure: the point (its qualifier as the marker: ▲ a lower bound) on top, one thin bar per kind of
    record below, each with its own label, so that neither hides the other and nothing is summed.
    """
    published = published[published.province_code == province]
    figs = published.drop_duplicates(["region_code", "as_of"]).reset_index(drop=True)
    n = len(figs)
    pos = {(r.region_code, r.as_of): n - 1 - i for i, r in enumerate(figs.itertuples())}  # first figure on top
    ticks = [f"{i18n.place(r.region_code, r.region_name)}<br>{_scope_label(r)}" for r in figs.itertuples()]
    fig = go.Figure()
    recs = published.dropna(subset=["records_cny"])
    kinds = sorted(recs["is_demo"].unique(), reverse=True)
    for j, kind in enumerate(kinds):
        part = recs[recs.is_demo == kind]
        kind = bool(kind)
        fig.add_trace(go.Bar(
            y=[pos[(c, a)] - 0.12 - 0.22 * j for c, a in zip(part.region_code, part.as_of)], x=part.records_cny,
            orientation="h", width=0.2, showlegend=False, marker={"color": "#BBBBBB" if kind else "#777777"},
            text=[t("{kind}：{years}合计 {value}", kind=kind_name(kind), years=_years(range(int(f), int(y) + 1)),
                    value=fmt.computed(v, "元"))
                  for f, y, v in zip(part.first_year, part.last_year, part.records_cny)],
            textposition="outside", cliponaxis=False, textfont={"color": "#333", "size": 12},
            hovertemplate="%{text}<extra></extra>"))
    colour = province_colour(province)
    fig.add_trace(go.Scatter(
        y=[pos[(c, a)] + 0.22 for c, a in zip(figs.region_code, figs.as_of)], x=figs.value, mode="markers+text",
        showlegend=False, cliponaxis=False,
        marker={"color": colour, "size": 15, "symbol": [QUALIFIER_SYMBOL[q] for q in figs.qualifier],
                "line": {"color": "#111", "width": 1.5}},
        text=[t("公开数字：{value}", value=fmt.number(v, "元", q)) for v, q in zip(figs.value, figs.qualifier)],
        textposition="middle right", textfont={"size": 13, "color": "#111"},
        hovertext=[_published_hover(r) for r in figs.itertuples()],
        hovertemplate="%{hovertext}<extra></extra>"))
    top = max(list(figs.value) + list(recs.records_cny))
    fig.update_yaxes(tickvals=[n - 1 - i for i in range(n)], ticktext=ticks, range=[-0.6, n - 0.4],
                     showgrid=False, zeroline=False)
    fig.update_xaxes(gridcolor="#e5e5e5", range=[0, top * 1.45], **cn_ticks(top * 1.45, ""))
    fig.update_layout(height=200 + 90 * n, plot_bgcolor="white", bargap=0, showlegend=False)
    shapes = i18n.sep().join(
        t("{shape}为{q}", shape="▲" if q == "at_least" else "◆" if q == "approx" else "●", q=t(QUALIFIER_WORD[q]))
        for q in dict.fromkeys(figs.qualifier))
    if len(recs):
        notes = [t("点为公开报道的数字，其下的条为同一地区、同一口径（累计或当年）的资金记录合计（含全部项目），"
                   "两者不相加"),
                 t("资金记录按年汇总：年中公布的数字与全年合计对照"), shapes]
    else:
        notes = [t("点为公开报道的数字；尚无同一地区、同一口径的资金记录"), shapes]
    notes += qualifier_notes(figs)
    sources = sources_of(figs)
    # on a phone the labels beside the bars cannot fit: the published figure joins its tick label, the record
    # totals are left to the hover and the table under the chart
    value = {(r.region_code, r.as_of): fmt.number(r.value, "元", r.qualifier) for r in figs.itertuples()}
    phone_ticks = [f"{tick}<br><b>{value[(r.region_code, r.as_of)]}</b>" for tick, r in zip(ticks, figs.itertuples())]
    narrow = {"layout": {"yaxis": {"ticktext": phone_ticks}},
              "traces": {**{j: {"textposition": "none"} for j in range(len(kinds))}, len(kinds): {"mode": "markers"}}}
    return frame(fig, t("{place}：公开报道的资金数字与资金记录对照", place=place),
                 t("同地区、同口径；单位：{unit}", unit=fmt.unit("元")), sources, notes,
                 width_chars=62, demo=bool(recs["is_demo"].any()), axis_space=30, narrow=narrow)


@dataclass
class Kpi:
    label: str
    value: str
    help: str


def kpis(df: pd.DataFrame, province: str) -> list[list[Kpi]]:
    """Headline cards of one province from queries/funding_trend.sql: one row of cards per kind of record."""
    out = []
    mine = df[df.province_code == province]
    for kind, part in sorted(mine.groupby("is_demo"), key=lambda kv: not kv[0]):
        tag = kind_tag(kind)
        last = part.sort_values("year").iloc[-1]
        y1 = int(last.year)
        q = "at_least" if (part.qualifier == "at_least").any() else "exact"
        per = (fmt.computed(last.per_station_cny, "元") if pd.notna(last.per_station_cny) else "—")
        per_help = (t("{year}年社工站建设项目资金{amount} ÷ {year}年12月底已建成站点{n}个", year=y1,
                      amount=fmt.computed(last.station_program_cny, "元"), n=f"{int(last.stations_built):,}")
                    if pd.notna(last.per_station_cny) else t("{year}年年末尚无已建成站点记录", year=y1))
        out.append([
            Kpi(t("{years}累计投入", years=_years(part.year)) + tag, fmt.computed(part.amount_cny.sum(), "元", q),
                t("全部项目合计")),
            Kpi(t("{year}年投入", year=y1) + tag, fmt.computed(last.amount_cny, "元", last.qualifier),
                t("{year}年全部项目合计", year=y1)),
            Kpi(t("{year}年每站资金", year=y1) + tag, per, per_help),
        ])
    return out


def funding_table(df: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind `by_year` as a table a person reads (queries/funding_by_year.sql)."""
    df = df.sort_values(["is_demo", "year", "program", "source"], ascending=[False, True, True, True])
    return pd.DataFrame({
        t("年份"): df["year"].astype(int),
        t("项目"): df["program"].map(lambda g: group_label(g, "program")),
        t("来源"): df["source"].map(lambda g: group_label(g, "source")),
        t("金额"): [fmt.computed(v, "元", q) for v, q in zip(df.amount_cny, df.qualifier)],
        t("金额（元）"): df["amount_cny"].round(2),
        t("数据"): df["is_demo"].map(kind_name),
    })


def trend_table(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The numbers behind `trend` and `per_station` as a table (queries/funding_trend.sql); `names` are the
    provinces' names as shown (translated)."""
    order = {c: i for i, c in enumerate(provinces())}
    df = df.sort_values(["year", "province_code"], key=lambda c: c.map(order) if c.name == "province_code" else c)
    has = df["per_station_cny"].notna()
    return pd.DataFrame({
        t("年份"): df["year"].astype(int),
        i18n.pick(*PROVINCE): df["province_code"].map(names),
        t("全部项目"): [fmt.computed(v, "元", q) for v, q in zip(df.amount_cny, df.qualifier)],
        t("金额（元）"): df["amount_cny"].round(2),
        t("社工站建设项目"): [fmt.computed(v, "元") for v in df.station_program_cny],
        t("年末已建成站点（个）"): df["stations_built"].astype("Int64"),
        t("每站资金"): [fmt.computed(v, "元") if h else "—" for v, h in zip(df.per_station_cny, has)],
        t("数据"): df["is_demo"].map(kind_name),
    })


def published_table(published: pd.DataFrame, province: str) -> pd.DataFrame:
    """Published funding figures of a province with the records of the same scope (queries/funding_published.sql)."""
    rows = []
    for r in published[published.province_code == province].itertuples():
        has = pd.notna(r.records_cny)
        rows.append({
            t("地区"): i18n.place(r.region_code, r.region_name),
            t("公开数字"): fmt.number(r.value, "元", r.qualifier),
            t("截至"): fmt.date(r.as_of),
            i18n.pick(*SCOPE_HEADING): t(SCOPE_WORD.get(r.scope, r.scope)),
            t("资金记录同口径合计"): fmt.computed(r.records_cny, "元") if has else t("无同口径记录"),
            t("记录年份"): _years(range(int(r.first_year), int(r.last_year) + 1)) if has else "",
            t("数据"): kind_name(r.is_demo) if has else "",
            t("来源"): fmt.source_line(r.source_title, r.publisher, r.published),
            t("链接"): fmt.text(r.url),
        })
    return pd.DataFrame(rows)
