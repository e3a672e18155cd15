"""Progress of a province to its targets, from published figures only: points, a linear projection, a verdict.

No drawing here (charts.province draws it). The verdict never uses demo data.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from shegong import fmt, i18n
from shegong.i18n import t
from shegong.quantity import Incomparable, Quantity, ratio

COVERAGE = "stations_coverage_pct"
PROJECTION_METHOD = "预测为线性外推：按最近两次公开数字之间每天的平均增长，延伸至达到目标或目标期限（不是官方预测）"
STALE_DAYS = 365  # an indicator the warehouse does not know (indicators.csv `stale_after_days` names the rest)


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
    stale_days: int = STALE_DAYS  # the indicator's threshold (stale_days), so that assess needs no warehouse

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


def age_text(as_of: str, as_of_end, today: pd.Timestamp) -> str:
    """How old a figure is, after its date: '2021年12月，约5年前' (Dec 2021, about 5 years ago)."""
    days = (pd.Timestamp(today) - pd.Timestamp(as_of_end)).days
    if days < 45:
        ago = t("不足1个月前")
    elif days < 365:
        ago = t("约{n}个月前", n=max(1, round(days / 30.4)))
    else:
        ago = t("约{n}年前", n=round(days / 365.25))
    return t("{date}，{ago}", date=fmt.date(as_of), ago=ago)


def stale_days(indicator: str) -> int:
    """Days after which a figure of `indicator` is marked 较旧: its data/indicators.csv `stale_after_days`, since a
    yearly money figure ages faster than a count published every other year (a year when the indicator is unknown)."""
    from shegong.queries import run

    df = run("indicator_definitions")
    days = df.loc[df.indicator == indicator, "stale_after_days"]
    return int(days.iloc[0]) if len(days) and pd.notna(days.iloc[0]) else STALE_DAYS


def is_stale(as_of_end, today: pd.Timestamp, indicator: str) -> bool:
    """A figure older than its indicator's threshold (stale_days): marked 较旧 wherever it is shown."""
    return (pd.Timestamp(today) - pd.Timestamp(as_of_end)).days > stale_days(indicator)


def stale_period(indicators) -> str:
    """The threshold of these indicators in words, for a note: '1年' (a year), '1–2年' when they differ."""
    years = sorted({round(stale_days(i) / 365, 1) for i in indicators} or {1})
    n = f"{years[0]:g}" if len(years) == 1 else f"{years[0]:g}–{years[-1]:g}"
    return i18n.pick(f"{n}年", f"{n} year" + ("" if n == "1" else "s"))


def deadline_passed(deadline_end, today: pd.Timestamp) -> bool:
    return pd.Timestamp(today) > pd.Timestamp(deadline_end)


def deadline_text(deadline: str) -> str:
    """A deadline in its own precision: '2025' → 2025年底, '2022-12' → 2022年12月底, '2025-12-31' → 2025年12月31日
    (end of 2025, end of Dec 2022, 31 Dec 2025)."""
    parts = str(deadline).split("-")
    return fmt.date(deadline) if len(parts) >= 3 else t("{date}底", date=fmt.date(deadline))


def _goal(row) -> Goal:
    return Goal(row.indicator, i18n.pick(row.label_zh, getattr(row, "label_en", None)), row.unit_zh,
                float(row.value), pd.Timestamp(row.deadline_end), deadline_text(row.deadline), bool(row.national),
                [fmt.source_line(row.source_title, row.publisher, row.published)], getattr(row, "unit_en", None),
                stale_days(row.indicator))


def _denominator_text(row) -> str:
    return t("{date}乡镇级区划数{n}", date=fmt.date(row.as_of), n=fmt.number(row.value, "个"))


def coverage_points(published: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Published coverage of one province: stated coverage figures, and stations built (never a pilot batch's) over
    the latest published township count (named with its date).
    Returns the points and the denominator's description ('' if none).

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
            try:  # a pilot batch's stations are not coverage: ratio refuses them
                pct = ratio(Quantity(r.value, "个", r.qualifier, getattr(r, "scope", None)),
                            Quantity(d.value, "个"), "%", percent=True)
            except Incomparable:
                continue
            rows.append((r.as_of_end, pct.value, pct.qualifier, r.as_of,
                         t("建成{n}，占{den}的{pct}", n=fmt.number(r.value, "个", r.qualifier), den=den_text,
                           pct=fmt.quantity(pct)),
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
    stale = (today - last.date).days > goal.stale_days
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
        text = t("{basis}，到目标期限（{deadline}）只能达到{value}，"
                 "预计{month}才实现{what}，晚于目标期限{late}{caveat}。",
                 basis=basis, deadline=deadline, value=fmt.computed(at_deadline, goal.unit), month=fmt.month(reach),
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


i18n.add({
    '不足1个月前': 'less than a month ago',
    '约{n}个月前': 'about {n} months ago',
    '约{n}年前': 'about {n} years ago',
    '{date}，{ago}': '{date}, {ago}',
    '全覆盖': 'full coverage',
    '全国目标（适用于各省）：{label}（{date}前）': 'National target (applies to every province): {label} (by {date})',
    '目标：{label}（{date}前）': 'Target: {label} (by {date})',
    '{date}底': 'end of {date}',
    '{date}乡镇级区划数{n}': '{n} township-level units ({date})',
    '覆盖率{value}（原文所述）': 'coverage {value} (as stated)',
    '建成{n}，占{den}的{pct}': '{n} built, {pct} of {den}',
    '暂无该指标的公开数字，无法判断进度（目标：{what}，{deadline}前）。':
        'No published figure for this indicator, so progress cannot be judged (target: {what} by {deadline}).',
    '目标期限已过，尚无公开数字说明是否实现。':
        ' The deadline has passed and no published figure says whether it was met.',
    '{date}{label}': '{label} as of {date}',
    '早于目标期限': 'ahead of the deadline',
    '晚于目标期限': 'after the deadline',
    '已实现': 'Achieved',
    '基本实现': 'Largely achieved',
    '{head}：{latest}，达到目标（{what}），{when}（{deadline}）。':
        '{head}: {latest}, meeting the target ({what}) {when} ({deadline}).',
    '公开数字不足两点，无法预测。最近一次公开数字：{latest}（目标：{what}，{deadline}前）。':
        'Fewer than two published figures: no projection is possible. Latest published figure: {latest} (target: '
        '{what} by {deadline}).',
    '目标期限已过，尚无公开数字说明是否实现{what}。':
        ' The deadline has passed and no published figure says whether the target ({what}) was met.',
    '此后暂无新的公开数字。': ' Nothing newer has been published since.',
    '按最近两次公布数字（{a}、{b}）的速度': 'At the pace of the last two published figures ({a} and {b})',
    '；其中有下限值或约数，预测仅供参考':
        '; one or both are lower bounds or approximate, so the projection is only indicative',
    '目标期限（{deadline}）之后的公开数字：{latest}，未如期实现{what}。':
        'Published after the deadline ({deadline}): {latest}; the target ({what}) was not met on time.',
    '{basis}，没有增长，按此速度无法实现{what}（目标期限{deadline}）{caveat}。':
        'No growth between the last two published figures ({a} and {b}): at this pace the target ({what}) cannot be '
        'met (deadline {deadline}){caveat}.',
    '{basis}，预计{month}实现{what}，早于目标期限（{deadline}）{caveat}。':
        '{basis}, the target ({what}) would be met in {month}, ahead of the deadline ({deadline}){caveat}.',
    '约1个月': 'about a month',
    '约{n}个月': 'about {n} months',
    '约{n}年': 'about {n} years',
    '{basis}，到目标期限（{deadline}）只能达到{value}，预计{month}才实现{what}，晚于目标期限{late}{caveat}。':
        '{basis}, only {value} would be reached by the deadline ({deadline}) and the target ({what}) not until '
        '{month}, {late} late{caveat}.',
    '目标期限已过，尚无新的公开数字说明是否实现{what}。':
        ' The deadline has passed and no newer published figure says whether the target ({what}) was met.',
    '暂无公开的省级目标。': 'No provincial target has been published.',
    '以下按全国目标衡量。': ' Progress is measured against the national target below.',
    '覆盖率＝公开的建成数÷{den}（分母年份较早，仅供参考）':
        'Coverage = published stations built ÷ {den} (an older denominator: indicative only)',
    '预测为线性外推：按最近两次公开数字之间每天的平均增长，延伸至达到目标或目标期限（不是官方预测）':
        'The projection is a straight line: the average daily growth between the last two published figures, extended '
        'until the target or its deadline (not an official forecast)',
    '预测': 'projection',
    '公开数字': 'Published figure',
    '暂无该指标的公开数字': 'no published figure for this indicator',
})
