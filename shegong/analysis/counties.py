"""A province's counties from the station registers: which rows to show, the measure, and why a ranking says nothing."""
from __future__ import annotations

import pandas as pd

from shegong import fmt, i18n
from shegong.i18n import t

MEASURES = {"coverage": "覆盖率", "stations": "建成社工站数"}


def month_options(registers: pd.DataFrame) -> dict[str, str]:
    """Months the registers cover, latest first: {'2025-12': '2025年12月', …}."""
    months = sorted(set(registers["month"]), reverse=True)
    return {f"{m:%Y-%m}": fmt.month(m) for m in months}


def full_coverage_month(registers: pd.DataFrame):
    """The first month every township the register lists had a station (so every county shows 100%), or None.

    Rows of queries/province_registers.sql; imported registers count when there are any, else demo ones."""
    kinds = set(registers["is_demo"])
    mine = registers[registers.is_demo == (False if False in kinds else True)]
    full = mine[(mine.townships > 0) & (mine.townships_covered >= mine.townships)]
    return full["month"].min() if len(full) else None


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


def measure_values(counties: pd.DataFrame, measure: str) -> tuple[pd.Series, str]:
    if measure == "coverage":
        return counties["coverage_pct"], "%"
    return counties["stations_built"], "个"


def measure_word(measure: str) -> str:
    """The measure inside a sentence or title: 覆盖率 / coverage."""
    word = t(MEASURES[measure])
    return word.lower() if i18n.en() else word


def as_of(counties: pd.DataFrame) -> str:
    months = counties["month"].dropna()
    return fmt.month(months.iloc[0]) if len(months) else ""


def ranking_gap(counties: pd.DataFrame, measure: str, place: str) -> str:
    """Why a ranking would say nothing ('' when it would): no county has a value, or all have the same one."""
    values, unit = measure_values(counties, measure)
    values = values.dropna()
    demo = t("演示数据中，") if counties["is_demo"].fillna(False).astype(bool).any() else ""
    if values.empty:
        return t("{place}{date}暂无各县(市、区)的{measure}数据，无法排名。", place=place, date=as_of(counties),
                 measure=measure_word(measure))
    if values.nunique() == 1:
        return t("{demo}{date}{place}全部{n}个县(市、区)的{measure}均为{value}，无从排名；可选择更早的月份或另一指标。",
                 demo=demo, date=as_of(counties), place=place, n=len(values), measure=measure_word(measure),
                 value=fmt.computed(values.iloc[0], unit))
    return ""


i18n.add({
    '建成社工站数': 'Stations built',
    '演示数据中，': 'Demo data: ',
    '{place}{date}暂无各县(市、区)的{measure}数据，无法排名。':
        'No county figures of {measure} for {place} in {date}: nothing to rank.',
    '{demo}{date}{place}全部{n}个县(市、区)的{measure}均为{value}，无从排名；可选择更早的月份或另一指标。':
        '{demo}in {date} all {n} counties of {place} have the same {measure}, {value}, so there is nothing to rank; '
        'choose an earlier month or the other indicator.',
})
