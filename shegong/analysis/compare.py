"""Measures for comparing provinces on a published indicator: as published, as coverage of township-level units,
or per station — each derived value keeps the qualifier and the date of what it was made from."""
from __future__ import annotations

import pandas as pd

from shegong import fmt, i18n
from shegong.i18n import t
from shegong.queries import run

MEASURES = {"absolute": "公布数值", "coverage": "覆盖率（占乡镇级区划数）", "per_station": "每站平均"}
# data/indicators.csv `measures` → the compare page's measure (URL value); per_10k_residents is declared but not yet
# computed: the warehouse holds no population figures
FROM_DATA = {"as_published": "absolute", "coverage": "coverage", "per_station": "per_station"}


def measures_for(indicator: str) -> dict[str, str]:
    """The measures that make sense for an indicator (its `measures` in data/indicators.csv), with their labels."""
    rows = run("indicator_measures", indicator=indicator)
    allowed = list(rows.measures.iloc[0]) if len(rows) else ["as_published"]
    keys = {FROM_DATA[m] for m in allowed if m in FROM_DATA} | {"absolute"}
    return {k: t(v) for k, v in MEASURES.items() if k in keys}


def _combined(q1: str, q2: str | None) -> str:
    """Qualifier of a ratio: a lower bound over an exact count stays a lower bound; anything less sure is 约."""
    if q2 in (None, "exact"):
        return q1
    return "approx"


def apply_measure(series: pd.DataFrame, measure: str, chosen: dict[str, str]) -> tuple[pd.DataFrame, str, list[str]]:
    """Rows of queries/compare_series.sql with `shown`, `shown_qualifier`; returns them, the unit and notes.

    Rows a measure cannot be computed for (no denominator, no stations figure of the same month) are left out and
    named in the notes, so that a reader knows why a province is missing.
    """
    df = series.copy()
    unit = df["unit_zh"].iloc[0] if len(df) else ""
    notes: list[str] = []
    if measure == "coverage":
        df = df[df.denominator.notna()].copy()
        df["shown"] = df.value / df.denominator * 100
        df["shown_qualifier"] = df.qualifier
        for r in df.drop_duplicates("region_code").itertuples():
            notes.append(t("{names}分母：{date}乡镇级区划数{n}", names=i18n.place(r.region_code, r.region_name),
                           date=fmt.date(r.denominator_as_of), n=fmt.number(r.denominator, "个")))
        unit = "%"
    elif measure == "per_station":
        df = df[df.stations.notna()].copy()
        df["shown"] = df.value / df.stations
        df["shown_qualifier"] = [_combined(q, s) for q, s in zip(df.qualifier, df.stations_qualifier)]
        notes.append(t("每站平均＝该数字÷同月公布的社工站数"))
        unit = f"{unit}/站"
    else:
        df["shown"] = df.value
        df["shown_qualifier"] = df.qualifier
    none = [n for c, n in chosen.items() if c not in set(series.region_code)]
    if none:
        notes.append(t("{names}：所选年份暂无该指标公开数字", names=i18n.join(none)))
    dropped = [n for c, n in chosen.items() if c in set(series.region_code) and c not in set(df.region_code)]
    if dropped:
        notes.append(t("{names}：缺少计算所需的数字，未列入", names=i18n.join(dropped)))
    return df, unit, notes


def change_table(df: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Per province: first and last point in the span, absolute and relative change (measured rows).

    A change that cannot be computed says why (one point only, a start of 0) instead of staying blank."""
    rows = []
    for code, part in df.sort_values("as_of_end").groupby("region_code", sort=False):
        first, last = part.iloc[0], part.iloc[-1]
        exact = first.shown_qualifier == "exact" and last.shown_qualifier == "exact"
        change = last.shown - first.shown
        about = "" if exact else ("≈" if i18n.en() else "约")
        rows.append({
            t("地区"): i18n.place(code, last.region_name),
            t("起点"): f"{fmt.number(first.shown, unit, first.shown_qualifier)} ({fmt.date(first.as_of)})"
            if i18n.en() else f"{fmt.number(first.shown, unit, first.shown_qualifier)}（{fmt.date(first.as_of)}）",
            t("终点"): f"{fmt.number(last.shown, unit, last.shown_qualifier)} ({fmt.date(last.as_of)})"
            if i18n.en() else f"{fmt.number(last.shown, unit, last.shown_qualifier)}（{fmt.date(last.as_of)}）",
            t("数字个数"): len(part),
            t("绝对变化"): t("仅一个公开数字") if len(part) < 2 else about + fmt.number(change, unit),
            t("相对变化"): t("仅一个公开数字") if len(part) < 2 else t("起点为0") if not first.shown
            else about + f"{change / first.shown * 100:+.1f}%",
        })
    return pd.DataFrame(rows, columns=[t(c) for c in ("地区", "起点", "终点", "数字个数", "绝对变化", "相对变化")])


def latest_for_map(all_provinces: pd.DataFrame, measured: pd.DataFrame, unit: str, chosen: list[str],
                   label: str) -> pd.DataFrame:
    """The 34-province frame maps.china_map draws, with each chosen province's latest measured value."""
    latest = measured.sort_values("as_of_end").groupby("region_code").tail(1).set_index("region_code")
    out = all_provinces[["code", "name"]].copy()
    out["label_zh"] = out["label_en"] = label
    out["unit_zh"] = unit
    out["focus"] = out.code.isin(chosen)
    for col, src in (("value", "shown"), ("qualifier", "shown_qualifier"), ("as_of", "as_of"),
                     ("as_of_end", "as_of_end"), ("source_id", "source_id"), ("source_title", "source_title"),
                     ("publisher", "publisher"), ("published", "published"), ("url", "url"), ("note", "note")):
        out[col] = out.code.map(latest[src]) if len(latest) else None
    return out


def points_table(df: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Every measured point with its date, qualifier and source (the table view)."""
    return pd.DataFrame({
        t("地区"): [i18n.place(c, n) for c, n in zip(df.region_code, df.region_name)],
        t("截至"): df["as_of"].map(fmt.date),
        t("数值"): [fmt.number(v, unit, q) for v, q in zip(df.shown, df.shown_qualifier)],
        t("来源"): [fmt.source_line(a, b, c) for a, b, c in zip(df.source_title, df.publisher, df.published)],
        t("链接"): df["url"],
    })


i18n.add({"仅一个公开数字": "only one published figure", "起点为0": "starts at 0"})
