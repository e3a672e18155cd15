"""省际对比: one published indicator for chosen provinces, as published, as coverage or per station."""
from __future__ import annotations

from shegong import i18n
from shegong.analysis import compare as compare_analysis
from shegong.catalog.common import compare_indicators, first, province_names, regions
from shegong.catalog.registry import Exhibit, build, exhibit, register
from shegong.charts import base, maps
from shegong.charts import compare as compare_charts
from shegong.i18n import t
from shegong.queries import run


def _compare_options() -> dict[str, dict[str, str]]:
    years = run("compare_years").iloc[0]
    span = [str(y) for y in range(int(years.first_year), int(years.last_year) + 1)]
    return {"indicator": first("stations_built", compare_indicators()), "provinces": province_names(),
            "measure": {k: t(v) for k, v in compare_analysis.MEASURES.items()},
            "from_year": {y: y for y in span}, "to_year": {y: y for y in reversed(span)}}


def _compared(indicator, provinces, measure, from_year, to_year):
    names = province_names()
    chosen = [c for c in provinces.split(",") if c]
    measures = compare_analysis.measures_for(indicator)
    measure = measure if measure in measures else "absolute"
    series = run("compare_series", regions=",".join(chosen), indicator=indicator, from_year=from_year,
                 to_year=to_year)
    measured, unit, notes = compare_analysis.apply_measure(series, measure, {c: names[c] for c in chosen})
    label = compare_indicators()[indicator] + ("" if measure == "absolute" else f" · {measures[measure]}")
    return series, measured, unit, notes, label, chosen


@register("compare.trend", "省际对比：趋势图", _compare_options, multi=("provinces",))
def compare_trend(**p) -> Exhibit | None:
    series, measured, unit, notes, label, _ = _compared(**p)
    if measured.empty:
        return None
    return exhibit(compare_charts.compare_trend(measured, label, unit, notes),
                    compare_analysis.points_table(measured, unit), series)


@register("compare.map", "省际对比：地图", _compare_options, multi=("provinces",))
def compare_map(**p) -> Exhibit | None:
    series, measured, unit, notes, label, chosen = _compared(**p)
    if measured.empty:
        return None
    outline = run("province_latest", indicator=p["indicator"], regions=",".join(chosen))
    latest = compare_analysis.latest_for_map(outline, measured, unit, chosen, label)
    return exhibit(maps.china_map(latest), compare_analysis.points_table(measured, unit), series)


@register("compare.table", "省际对比：数字与来源（表）", _compare_options, multi=("provinces",))
def compare_table(**p) -> Exhibit | None:
    trend = build("compare.trend", **p)  # the cached chart: its points are this table
    if trend is None:
        return None
    return exhibit(None, trend.displayed, trend.full, title=trend.title, subtitle=trend.subtitle,
                    sources=trend.sources, notes=trend.notes)


@register("compare.change", "省际对比：起止与变化（表）", _compare_options, multi=("provinces",))
def compare_change(**p) -> Exhibit | None:
    series, measured, unit, notes, label, _ = _compared(**p)
    if measured.empty:
        return None
    return exhibit(None, compare_analysis.change_table(measured, unit), series,
                    title=t("{label}：起止与变化（{a}–{b}年）", label=label, a=p["from_year"], b=p["to_year"]),
                    sources=base.sources_of(measured), notes=notes + base.qualifier_notes(measured))


# --- what the compare page asks besides its exhibits --------------------------------------------------------------
def year_span() -> tuple[int, int]:
    """The first and last year of any published figure (the year slider's ends)."""
    years = run("compare_years").iloc[0]
    return int(years.first_year), int(years.last_year)


def _points(indicator: str):
    return run("compare_series", regions=regions(), indicator=indicator, from_year="1900", to_year="2100")


# counts of administrative units: the denominator of coverage, not a subject to compare on its own
NOT_A_SUBJECT = ("township_level_units",)


def default_indicator() -> str:
    """The indicator with the longest published series: most points of one province, then most points in all.

    The page opens on it so that its first view is a trend with real points, not two lone dots."""
    best, score = "stations_built", (-1, -1)
    for code in compare_indicators():
        if code in NOT_A_SUBJECT:
            continue
        counts = _points(code).groupby("region_code").size()
        mine = (int(counts.max()) if len(counts) else 0, int(counts.sum()))
        if mine > score:
            best, score = code, mine
    return best


def indicator_years(indicator: str) -> tuple[int, int]:
    """The first and last year the compared provinces published this indicator (the year slider's ends)."""
    years = _points(indicator)["as_of_end"].dt.year
    if years.empty:
        return year_span()
    return int(years.min()), int(years.max())


def is_trend(indicator: str, provinces: list[str], from_year: int, to_year: int) -> bool:
    """Whether some chosen province has two or more points in the span: only then is the chart a trend."""
    points = _points(indicator)
    years = points["as_of_end"].dt.year
    points = points[points.region_code.isin(provinces) & years.between(from_year, to_year)]
    return bool(len(points) and points.groupby("region_code").size().max() > 1)


def measures(indicator: str) -> dict[str, str]:
    """The measures an indicator can be shown as (as published, coverage, per station), in the current language."""
    return compare_analysis.measures_for(indicator)


i18n.add({
    '{label}：起止与变化（{a}–{b}年）': '{label}: first, last and change ({a}–{b})',
    '省际对比：趋势图': 'Compare: trend',
    '省际对比：地图': 'Compare: map',
    '省际对比：起止与变化（表）': 'Compare: first, last and change (table)',
    '省际对比：数字与来源（表）': 'Compare: figures and sources (table)',
    '各省数字（按日期）': 'Figures by date',
})
