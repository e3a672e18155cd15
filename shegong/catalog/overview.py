"""总览: the latest published figures of each province on a map, side by side, and as a table."""
from __future__ import annotations

import pandas as pd

from shegong import fmt, i18n
from shegong.catalog import tables
from shegong.catalog.common import compare_indicators, first, regions
from shegong.catalog.registry import Exhibit, exhibit, register
from shegong.charts import base, maps, published
from shegong.i18n import t
from shegong.quantity import Quantity, ratio
from shegong.queries import run
from shegong.vocab import NATION, places_phrase, provinces


def _overview_options() -> dict[str, dict[str, str]]:
    return {"indicator": first("stations_built", compare_indicators())}


def _all_of_indicator(indicator: str) -> pd.DataFrame:
    return run("compare_series", regions=regions(), indicator=indicator, from_year="2000", to_year="2100")


@register("overview.map", "各省最新公开数字（地图）", _overview_options)
def overview_map(indicator: str) -> Exhibit:
    latest = run("province_latest", indicator=indicator, regions=regions())
    return exhibit(maps.china_map(latest), tables.figures_table(latest), _all_of_indicator(indicator))


@register("overview.bars", "各省最新公开数字（条形图）", _overview_options)
def overview_bars(indicator: str) -> Exhibit:
    latest = run("province_latest", indicator=indicator, regions=regions())
    return exhibit(published.province_bars(latest), tables.figures_table(latest), _all_of_indicator(indicator))


@register("overview.kpis", "全国与各省最新公开数字（表）")
def overview_kpis() -> Exhibit:
    kpis = run("kpi_latest", regions=NATION + "," + regions())
    return exhibit(None, tables.figures_table(kpis), kpis, title=t("全国与{places}：最新公开数字", places=places_phrase()),
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
    stated = run("compare_series", regions=regions(), indicator="stations_coverage_pct", from_year="1900", to_year="2100")
    built = run("compare_series", regions=regions(), indicator="stations_built", from_year="1900", to_year="2100")
    for code in provinces():
        options = []
        for r in stated[stated.region_code == code].itertuples():
            options.append((r.as_of_end, Quantity(r.value, "%", r.qualifier, r.scope), t("公布的覆盖率"), r))
        for r in built[(built.region_code == code) & built.denominator.notna() & (built.scope != "pilot")].itertuples():
            basis = t("{n}÷{d}乡镇级区划（{year}）", n=fmt.number(r.value, "个", r.qualifier),
                      d=fmt.number(r.denominator, "个"), year=fmt.date(r.denominator_as_of))
            share = ratio(Quantity(r.value, "个", r.qualifier, r.scope), Quantity(r.denominator, "个"), "%", True)
            options.append((r.as_of_end, share, basis, r))
        if not options:
            rows.append({"code": code, "name": names[code], "pct": None, "shown": "", "basis": t("暂无公开数字"),
                         "as_of": "", "source": ""})
            continue
        _, pct, basis, r = max(options, key=lambda o: o[0])
        rows.append({"code": code, "name": names[code], "pct": pct.value, "shown": fmt.quantity(pct),
                     "basis": basis, "as_of": fmt.date(r.as_of),
                     "source": fmt.text(r.publisher) or r.source_title})
    return pd.DataFrame(rows).sort_values("pct", ascending=False, na_position="last", kind="stable")


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
    '未见公开数字：{topics}': 'Nothing published on: {topics}',
})
