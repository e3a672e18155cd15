"""本期要点: a few sentences a 民政 leader can carry into a meeting, each generated from published figures and
traced to them.

Every statement keeps the figures it cites (value, unit, qualifier, scope, date, source) and the exact text each
is shown as, so a test can parse every number back; changes come from `quantity.change` and only between figures
of the same scope; verdicts on targets are the province page's own (`progress.assess`). Demo register data is
stated only when the caller allows it (never in public mode) and then labelled 演示数据.

No queries here: the catalog (catalog/brief.py) runs them and hands over the frames.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from shegong import fmt, i18n
from shegong.analysis import progress as progress_analysis
from shegong.i18n import t
from shegong.quantity import Incomparable, Quantity, change

STATIONS, WORKERS, FUNDING = "stations_built", "social_workers_stationed", "funding_cny"
SERVED, VISITS = "beneficiaries_served", "beneficiary_visits"
# Where no station social worker figure is published, the nearest published workforce figure, under its own label
WORKER_FALLBACKS = ("social_workers_count", "licensed_social_workers", "sw_talent_total")
FUNDING_FALLBACKS = ("social_work_funding_cny",)
DEMO_WORD = "演示数据"
_FLIP = {"exact": "exact", "at_least": "at_most", "at_most": "at_least", "approx": "approx"}


@dataclass(frozen=True)
class Cited:
    """A number a statement states: a published figure (or target) as written, or one computed from them."""
    indicator: str
    value: float
    unit: str
    qualifier: str
    scope: str | None      # cumulative / annual / stock / pilot; "target" for a policy target; None for records
    as_of: str
    shown: str             # the exact text in the statement
    computed: bool = False
    source_id: str | None = None

    @property
    def formatted(self) -> str:
        """What the one formatter writes for it (what fmt.parse reads back)."""
        return (fmt.computed if self.computed else fmt.number)(self.value, self.unit, self.qualifier)


@dataclass(frozen=True)
class Reference:
    number: int
    source_id: str
    title: str
    publisher: str
    published: str
    url: str
    kind: str = ""

    def line(self) -> str:
        """'[1] 标题，发布者，2021年12月，https://…' (the parts that are known)."""
        parts = [self.title, self.publisher if self.publisher not in self.title else "", fmt.date(self.published),
                 self.url]
        return f"[{self.number}] " + (", " if i18n.en() else "，").join(p for p in parts if p)


@dataclass
class Statement:
    topic: str                  # stations, target, funding, workers, served, missing, registers
    text: str
    figures: list[Cited] = field(default_factory=list)
    refs: list[int] = field(default_factory=list)
    spans: list[str] = field(default_factory=list)   # dates, durations and quoted target wordings in the text
    basis: list[Cited] = field(default_factory=list)  # figures a verdict rests on without stating them
    demo: bool = False

    def cite(self) -> str:
        return "".join(f"[{n}]" for n in sorted(self.refs))


@dataclass
class Brief:
    code: str
    place: str
    as_of: str                  # the newest date any cited figure is of
    statements: list[Statement]
    references: list[Reference]
    title: str = ""             # in the language it was built in, like every text of a brief
    intro: str = ""

    def markdown(self) -> str:
        """One list item per statement, ending with its references; the numbered sources below."""
        lines = [f"# {self.title}", "", self.intro, ""]
        lines += [f"- {s.text}" + (f" {s.cite()}" if s.refs else "") for s in self.statements]
        if self.references:
            lines += ["", f"## {t('参考来源')}", ""]
            lines += [f"{r.line()}  " for r in self.references]
        return "\n".join(lines).rstrip() + "\n"


# --- building ----------------------------------------------------------------------------------------------------

class _Refs:
    """Numbers sources in order of first use."""

    def __init__(self):
        self.by_id: dict[str, Reference] = {}

    def __call__(self, row) -> int:
        sid = str(row.source_id)
        if sid not in self.by_id:
            self.by_id[sid] = Reference(len(self.by_id) + 1, sid, fmt.text(row.source_title), fmt.text(row.publisher),
                                        fmt.text(row.published), fmt.text(row.url),
                                        fmt.text(getattr(row, "source_kind", "")))
        return self.by_id[sid].number


def _cite(row, shown: str | None = None) -> Cited:
    scope = row.scope if isinstance(row.scope, str) else None
    return Cited(row.indicator, float(row.value), row.unit_zh, row.qualifier, scope, str(row.as_of),
                 shown or fmt.number(row.value, row.unit_zh, row.qualifier), False, str(row.source_id))


def _label(row) -> str:
    return i18n.pick(row.label_zh, getattr(row, "label_en", None))


def _series(figures: pd.DataFrame, indicator: str, scope: str | None = "*") -> pd.DataFrame:
    part = figures[figures.indicator == indicator]
    if scope != "*":
        part = part[part.scope == scope] if scope else part[part.scope.isna()]
    return part.sort_values("as_of_end")


def _change_clause(new, old, refs: _Refs, st: Statement) -> str:
    """'较2021年12月（515个）增加1,485个', or why no change can be given; same scope only (the caller's series)."""
    q_new = Quantity(float(new.value), new.unit_zh, new.qualifier, new.scope)
    q_old = Quantity(float(old.value), old.unit_zh, old.qualifier, old.scope)
    old_shown, when = fmt.number(old.value, old.unit_zh, old.qualifier), fmt.date(old.as_of)
    st.figures.append(_cite(old, old_shown))
    st.spans.append(when)
    st.refs.append(refs(old))
    try:
        d = change(q_new, q_old)
    except Incomparable as e:
        if new.qualifier == old.qualifier == "at_least":
            return t("{when}公开数字为{old}，两数均为下限（原文“余/超过/多”），无法据此算出增加数量",
                     when=when, old=old_shown)
        return t("{when}公开数字为{old}，{reason}", when=when, old=old_shown, reason=t(e.reason))
    if d.value == 0:
        return t("与{when}公开数字（{old}）持平", when=when, old=old_shown)
    if d.value < 0:
        d = Quantity(-d.value, d.unit, _FLIP[d.qualifier], d.scope, computed=True)
        word = t("减少")
    else:
        word = t("增加")
    shown = fmt.quantity(d)
    st.figures.append(Cited(new.indicator, d.value, d.unit, d.qualifier, d.scope, str(new.as_of), shown, True))
    return t("较{when}（{old}）{word}{delta}", when=when, old=old_shown, word=word, delta=shown)


def _sentence(clauses: list[str], sep: str | None = None) -> str:
    text = (sep or (", " if i18n.en() else "，")).join(c for c in clauses if c)
    if i18n.en():
        text = text[:1].upper() + text[1:]
    return text + ("." if i18n.en() else "。")


def _stations(place: str, figures: pd.DataFrame, refs: _Refs) -> Statement | None:
    st = Statement("stations", "")
    built = figures[(figures.indicator == STATIONS)]
    stock = built[built.scope != "pilot"].sort_values("as_of_end")
    pilot = _series(figures, STATIONS, "pilot")
    points, _den = progress_analysis.coverage_points(figures)
    clauses: list[str] = []
    if len(stock):
        new = stock.iloc[-1]
        n = fmt.number(new.value, new.unit_zh, new.qualifier)
        when = fmt.date(new.as_of)
        st.figures.append(_cite(new, n))
        st.spans.append(when)
        st.refs.append(refs(new))
        clauses.append(t("截至{date}，{place}已建成乡镇(街道)社工站{n}", date=when, place=place, n=n))
        same = points[points.date.dt.to_period("M") == pd.Timestamp(new.as_of_end).to_period("M")] \
            if len(points) else points
        if len(same):
            p = same.iloc[-1]
            if p.kind == "computed":
                den = figures[figures.indicator == "township_level_units"].sort_values("as_of_end").iloc[-1]
                den_n, den_when = fmt.number(den.value, den.unit_zh), fmt.date(den.as_of)
                pct = fmt.computed(p.value, "%", p.qualifier)
                st.figures += [_cite(den, den_n), Cited("stations_coverage_pct", float(p.value), "%", p.qualifier,
                                                        new.scope, str(new.as_of), pct, True)]
                st.spans.append(den_when)
                st.refs.append(refs(den))
                clauses.append(t("按{date}乡镇级区划数{den}计，覆盖{pct}", date=den_when, den=den_n, pct=pct))
            else:
                cov = figures[(figures.indicator == progress_analysis.COVERAGE)
                              & (pd.to_datetime(figures.as_of_end) == p.date)].iloc[-1]
                pct = fmt.number(cov.value, "%", cov.qualifier)
                st.figures.append(_cite(cov, pct))
                st.refs.append(refs(cov))
                clauses.append(t("覆盖率{pct}", pct=pct))
        older = stock[(stock.scope.fillna("") == (new.scope if isinstance(new.scope, str) else ""))
                      & (pd.to_datetime(stock.as_of_end) < pd.to_datetime(new.as_of_end))]
        if len(older):
            clauses[-1] += i18n.sep() + _change_clause(new, older.iloc[-1], refs, st)
    stated = points[points.kind == "stated"] if len(points) else points
    if len(stated) and (not len(stock) or stated.date.iloc[-1] > pd.Timestamp(stock.iloc[-1].as_of_end)):
        cov = figures[(figures.indicator == progress_analysis.COVERAGE)].sort_values("as_of_end").iloc[-1]
        pct, when = fmt.number(cov.value, "%", cov.qualifier), fmt.date(cov.as_of)
        st.figures.append(_cite(cov, pct))
        st.spans.append(when)
        st.refs.append(refs(cov))
        clauses.append(t("截至{date}，{place}乡镇(街道)社工站覆盖率{pct}", date=when, place=place, pct=pct))
    if len(pilot) and (not len(stock)
                       or pd.Timestamp(pilot.iloc[-1].as_of_end) > pd.Timestamp(stock.iloc[-1].as_of_end)):
        p = pilot.iloc[-1]
        n, when = fmt.number(p.value, p.unit_zh, p.qualifier), fmt.date(p.as_of)
        st.figures.append(_cite(p, n))
        st.spans.append(when)
        st.refs.append(refs(p))
        clauses.append(t("{date}{place}试点建设乡镇(街道)社工站{n}（试点口径，不是全域总数）",
                         date=when, place=place, n=n))
    if not clauses:
        return None
    st.text = _sentence(clauses)
    st.refs = list(dict.fromkeys(st.refs))
    return st


def _scoped(row, what: str, served: bool = False) -> str:
    """A figure with its scope said: 累计 / 当年 / 试点 (cumulative / in the year / pilot only)."""
    value, when = fmt.number(row.value, row.unit_zh, row.qualifier), fmt.date(row.as_of)
    scope = row.scope if isinstance(row.scope, str) else ""
    key = {"cumulative": "截至{date}累计{verb}{what}{value}", "annual": "{date}当年{verb}{what}{value}",
           "pilot": "截至{date}试点{verb}{what}{value}（试点口径）", "stock": "截至{date}{what}{value}"}
    verb = t("服务") if served else t("投入")
    what = what[:1].lower() + what[1:] if i18n.en() else what
    return t(key.get(scope, "{date}公开的{what}为{value}"), date=when, verb=verb, what=what, value=value)


def _latest_per_scope(figures: pd.DataFrame, indicators) -> list:
    rows = []
    for ind in indicators:
        part = figures[figures.indicator == ind].sort_values("as_of_end")
        for _scope, g in part.groupby(part.scope.fillna(""), sort=False):
            rows.append(g.iloc[-1])
    return sorted(rows, key=lambda r: str(r.as_of_end))


def _topic(topic: str, rows: list, refs: _Refs, phrase) -> Statement:
    st = Statement(topic, "")
    clauses = []
    for r in rows:
        clauses.append(phrase(r))
        st.figures.append(_cite(r))
        st.spans.append(fmt.date(r.as_of))
        st.refs.append(refs(r))
    st.text = _sentence(clauses)
    st.refs = list(dict.fromkeys(st.refs))
    return st


def _funding(figures, refs) -> Statement | None:
    rows = _latest_per_scope(figures, (FUNDING,)) or _latest_per_scope(figures, FUNDING_FALLBACKS)
    if not rows:
        return None
    return _topic("funding", rows, refs, lambda r: _scoped(r, _label(r)))


def _workers(figures, refs) -> Statement | None:
    rows = _latest_per_scope(figures, (WORKERS,))
    if rows:
        st = _topic("workers", rows, refs, lambda r: _scoped(r, t("驻站社工")))
        stock = _series(figures, WORKERS, rows[-1].scope)
        if len(stock) >= 2:
            clause = _change_clause(stock.iloc[-1], stock.iloc[-2], refs, st)
            st.text = _sentence([st.text[:-1], clause], i18n.sep())
            st.refs = list(dict.fromkeys(st.refs))
        return st
    for ind in WORKER_FALLBACKS:
        part = _series(figures, ind)
        if len(part):
            r = part.iloc[-1]
            st = _topic("workers", [r], refs,
                        lambda r: t("未见驻站社工的公开数字；{scoped}", scoped=_scoped(r, _label(r))))
            return st
    return None


def _served(figures, refs) -> Statement | None:
    rows = _latest_per_scope(figures, (SERVED, VISITS))
    if not rows:
        return None
    return _topic("served", rows, refs, lambda r: _scoped(r, "people served" if i18n.en() else "", served=True))


def _target_ref(targets: pd.DataFrame, goal) -> pd.Series | None:
    match = targets[(targets.indicator == goal.indicator) & (targets.national.astype(bool) == goal.national)]
    return match.iloc[0] if len(match) else None


def _targets(items: list, figures: pd.DataFrame, targets: pd.DataFrame, refs: _Refs) -> list[Statement]:
    """One statement per target: its wording and deadline, then the province page's verdict, word for word."""
    out = []
    for item in items:
        if item.goal is None:
            continue
        goal = item.goal
        st = Statement("target", (f"{goal.heading}. " if i18n.en() else f"{goal.heading}。") + item.text.strip())
        row = _target_ref(targets, goal)
        if row is not None:
            st.refs.append(refs(row))
        st.spans += [goal.label, goal.deadline_text]
        if re.search(r"\d", goal.what):
            st.figures.append(Cited(goal.indicator, goal.value, goal.unit, "exact", "target", str(goal.deadline.date()),
                                    goal.what, False, row.source_id if row is not None else None))
        if len(item.points):
            last = item.points.iloc[-1]
            st.spans.append(fmt.date(last.as_of))
            src = figures[figures.source_id == last.source_id].iloc[0]
            st.refs.append(refs(src))
            if last.kind == "computed":
                built = figures[(figures.indicator == STATIONS) & (figures.as_of == last.as_of)].iloc[-1]
                den = figures[figures.indicator == "township_level_units"].sort_values("as_of_end").iloc[-1]
                st.figures += [_cite(built), _cite(den), Cited(progress_analysis.COVERAGE, float(last.value), "%",
                                                               last.qualifier, built.scope, str(last.as_of),
                                                               fmt.computed(last.value, "%", last.qualifier), True)]
                st.spans.append(fmt.date(den.as_of))
                st.refs.append(refs(den))
            else:
                cov = figures[(figures.indicator == goal.indicator) & (figures.as_of == last.as_of)].iloc[-1]
                st.figures.append(_cite(cov))
            if len(item.points) >= 2:
                prev = item.points.iloc[-2]
                st.spans.append(fmt.date(prev.as_of))
        if item.projection is not None and len(item.projection):
            st.spans += [fmt.month(d) for d in item.projection.date]
            if item.status == "behind" and len(item.projection) == 2:
                v = float(item.projection.value.iloc[-1])
                st.figures.append(Cited(goal.indicator, v, goal.unit, "exact", "projection", goal.deadline_text,
                                        fmt.computed(v, goal.unit), True))
            # the month the line reaches the target and how late that is (durations, not figures)
            st.spans += re.findall(r"\d{4}年\d{1,2}月|[A-Z][a-z]{2} \d{4}|约\d+个?[月年]|about \d+ (?:months?|years?)",
                                   item.text)
        st.refs = list(dict.fromkeys(st.refs))
        st.basis = [c for c in st.figures if c.shown not in st.text]
        st.figures = [c for c in st.figures if c.shown in st.text]
        st.spans = [s for s in dict.fromkeys(st.spans) if s and s in st.text]
        out.append(st)
    return out


def _registers(place: str, counties: pd.DataFrame, demo: bool, refs: _Refs, source: str) -> Statement | None:
    """What the station registers show: the counties furthest behind in township coverage (demo data labelled)."""
    part = counties[(counties.is_demo == demo) & counties.coverage_pct.notna()].sort_values(
        ["coverage_pct", "county_code"])
    if part.empty:
        return None
    month = fmt.month(pd.Timestamp(part.month.dropna().iloc[0]))
    st = Statement("registers", "", demo=demo)
    st.refs.append(refs(pd.Series({"source_id": "demo" if demo else "registers", "source_title": source,
                                   "publisher": "", "published": "", "url": ""})))
    st.spans.append(month)
    label = t("【演示数据】") if demo else t("【登记数据】")
    if part.coverage_pct.min() >= 100:
        n = fmt.computed(len(part), "个")
        st.figures.append(Cited("register_counties", float(len(part)), "个", "exact", None, month, n, True))
        st.text = label + t("据{month}站点登记，{place}登记在册的{n}县(市、区)所有乡镇(街道)均已建站。", month=month,
                            place=place, n=n)
        return st
    behind = part.head(3)
    items = []
    for r in behind.itertuples():
        pct = fmt.computed(r.coverage_pct, "%")
        st.figures.append(Cited("register_coverage_pct", float(r.coverage_pct), "%", "exact", None, month, pct, True))
        items.append(t("{county}（{pct}）", county=i18n.pick(r.county_name, None), pct=pct))
    st.text = label + t("据{month}站点登记，{place}乡镇覆盖率最低的县(市、区)为{items}。", month=month, place=place,
                        items=i18n.join(items))
    return st


def build(code: str, place: str, figures: pd.DataFrame, items: list, targets: pd.DataFrame,
          counties: pd.DataFrame | None = None, include_demo: bool = False,
          register_sources: tuple[str, str] = ("", "")) -> Brief:
    """The brief of one region from its published figures (best cited per indicator, scope and month), the
    progress items the province page shows, its targets and, for the registers' statement, its county rows.

    `include_demo` is False in public mode: then no statement uses demo records. `register_sources` names the
    imported registers and the demo dataset, cited by the registers' statement."""
    refs = _Refs()
    figures = figures.copy()
    figures["scope"] = figures["scope"].where(figures["scope"].notna(), None)
    statements: list[Statement] = []
    missing = []
    for topic, make in (("社工站建设", lambda: _stations(place, figures, refs)),
                        (None, lambda: _targets(items, figures, targets, refs)),
                        ("资金", lambda: _funding(figures, refs)),
                        ("社工", lambda: _workers(figures, refs)),
                        ("服务对象", lambda: _served(figures, refs))):
        got = make()
        if isinstance(got, list):
            statements += got
        elif got is None:
            missing.append(t(topic).lower() if i18n.en() else t(topic))
        else:
            statements.append(got)
    if missing:
        statements.append(Statement("missing", t("未见公开的{topics}数字。", topics=i18n.join(missing))))
    if counties is not None and len(counties):
        for demo in (False, True):
            if demo and not include_demo:
                continue
            st = _registers(place, counties, demo, refs, register_sources[demo])
            if st is not None:
                statements.append(st)
                break
    cited = [c.as_of for s in statements for c in s.figures if c.scope not in ("target", "projection") and not s.demo
             and c.source_id]
    as_of = max(cited, key=lambda d: pd.Timestamp(d)) if cited else ""
    return Brief(code, place, as_of, statements, sorted(refs.by_id.values(), key=lambda r: r.number),
                 t("{place}社工站建设本期要点", place=place),
                 t("数据截至{date}；每句后方括号内为来源编号。", date=fmt.date(as_of)))


i18n.add({
    "{place}社工站建设本期要点": "{place}: township social work stations, key points",
    "数据截至{date}；每句后方括号内为来源编号。":
        "Figures up to {date}; the numbers in brackets after each sentence are its sources.",
    "参考来源": "Sources",
    "{when}公开数字为{old}，两数均为下限（原文“余/超过/多”），无法据此算出增加数量":
        "the figure published for {when} was {old}; both are lower bounds (“more than” in the sources), so the "
        "increase cannot be worked out from them",
    "{when}公开数字为{old}，{reason}": "the figure published for {when} was {old}; {reason}",
    "与{when}公开数字（{old}）持平": "unchanged from the figure published for {when} ({old})",
    "减少": "down", "增加": "up",
    "较{when}（{old}）{word}{delta}": "{word} {delta} from {old} ({when})",
    "截至{date}，{place}已建成乡镇(街道)社工站{n}":
        "as of {date}, {place} had built {n} township (street) social work stations",
    "按{date}乡镇级区划数{den}计，覆盖{pct}": "{pct} of the {den} township-level units counted on {date}",
    "覆盖率{pct}": "a coverage of {pct}",
    "截至{date}，{place}乡镇(街道)社工站覆盖率{pct}":
        "as of {date}, township (street) station coverage in {place} was {pct}",
    "{date}{place}试点建设乡镇(街道)社工站{n}（试点口径，不是全域总数）":
        "in {date}, {place} built {n} township (street) stations in its pilot (pilot only, not the whole region)",
    "服务": "served", "投入": "invested",
    "截至{date}累计{verb}{what}{value}": "cumulative {what} up to {date}: {value}",
    "{date}当年{verb}{what}{value}": "{what} in {date} (that year): {value}",
    "截至{date}试点{verb}{what}{value}（试点口径）": "{what} for the pilot up to {date}: {value} (pilot only)",
    "截至{date}{what}{value}": "{what} as of {date}: {value}",
    "{date}公开的{what}为{value}": "{what} published for {date}: {value}",
    "未见驻站社工的公开数字；{scoped}": "no figure has been published for social workers at stations; {scoped}",
    "{county}（{pct}）": "{county} ({pct})",
    "【演示数据】": "[DEMO DATA] ", "【登记数据】": "[Register data] ",
    "据{month}站点登记，{place}乡镇覆盖率最低的县(市、区)为{items}。":
        "The station registers of {month} show the counties of {place} with the lowest township coverage: {items}.",
    "据{month}站点登记，{place}登记在册的{n}县(市、区)所有乡镇(街道)均已建站。":
        "The station registers of {month} show a station in every township and street of the {n} counties of {place} "
        "they list.",
    "社工站建设": "station building", "资金": "Funding",
    "未见公开的{topics}数字。": "No figure has been published on: {topics}.",
})
