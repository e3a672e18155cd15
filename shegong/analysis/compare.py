"""Measures for comparing provinces on a published indicator: as published, as coverage of township-level units,
or per station — each derived value keeps the qualifier and the date of what it was made from."""
from __future__ import annotations

import pandas as pd

from shegong import fmt, i18n
from shegong.i18n import t
from shegong.quantity import Incomparable, Quantity, change, ratio, relative_change
from shegong.queries import run
from shegong.vocab import SCOPE_WORD

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


def _measured(r, measure: str, unit: str) -> Quantity:
    """One row's shown value as a Quantity: the figure as published, or a ratio that keeps its qualifier."""
    figure = Quantity(r.value, r.unit_zh, r.qualifier, r.scope)
    if measure == "coverage":
        return ratio(figure, Quantity(r.denominator, "个"), "%", percent=True)
    if measure == "per_station":
        return ratio(figure, Quantity(r.stations, "个", r.stations_qualifier, r.stations_scope), unit)
    return figure


def apply_measure(series: pd.DataFrame, measure: str, chosen: dict[str, str]) -> tuple[pd.DataFrame, str, list[str]]:
    """Rows of queries/compare_series.sql with `shown`, `shown_qualifier`, `computed`; returns them, the unit and notes.

    Rows a measure cannot be computed for (no denominator, no stations figure of the same month, a pilot count) are
    left out and named in the notes, so that a reader knows why a province is missing.
    """
    df = series.copy()
    unit = df["unit_zh"].iloc[0] if len(df) else ""
    notes: list[str] = []
    if measure == "coverage":
        df = df[df.denominator.notna()].copy()
        unit = "%"
    elif measure == "per_station":
        df = df[df.stations.notna()].copy()
        notes.append(t("每站平均＝该数字÷同月公布的社工站数"))
        unit = f"{unit}/站"
    shown, keep, refused = [], [], set()
    for r in df.itertuples():
        try:
            shown.append(_measured(r, measure, unit))
            keep.append(True)
        except Incomparable as e:
            keep.append(False)
            refused.add(t(e.reason))
    df = df[keep].copy() if len(df) else df
    df["shown"] = [q.value for q in shown]
    df["shown_qualifier"] = [q.qualifier for q in shown]
    df["computed"] = [q.computed for q in shown]
    if measure == "coverage":
        for r in df.drop_duplicates("region_code").itertuples():
            notes.append(t("{names}分母：{date}乡镇级区划数{n}", names=i18n.place(r.region_code, r.region_name),
                           date=fmt.date(r.denominator_as_of), n=fmt.number(r.denominator, "个")))
    notes += sorted(refused)
    none = [n for c, n in chosen.items() if c not in set(series.region_code)]
    if none:
        notes.append(t("{names}：所选年份暂无该指标公开数字", names=i18n.join(none)))
    dropped = [n for c, n in chosen.items() if c in set(series.region_code) and c not in set(df.region_code)]
    if dropped:
        notes.append(t("{names}：缺少计算所需的数字，未列入", names=i18n.join(dropped)))
    return df, unit, notes


def shown(r, unit: str) -> str:
    """A measured row's value as text: every digit of a published figure, 3–4 of a computed one."""
    return fmt.quantity(Quantity(r.shown, unit, r.shown_qualifier, r.scope, bool(r.computed)))


def scope_word(scope) -> str:
    return t(SCOPE_WORD[scope]) if isinstance(scope, str) and scope in SCOPE_WORD else "—"


def change_table(df: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Per province and scope: first and last point in the span, absolute and relative change.

    A change is computed only between figures of the same scope, with the qualifier its ends allow (exact → ≥ is ≥;
    two lower bounds give none); one that cannot be computed says why instead of staying blank."""
    rows = []
    for (code, scope), part in df.sort_values("as_of_end").groupby(["region_code", "scope"], sort=False,
                                                                  dropna=False):
        first, last = part.iloc[0], part.iloc[-1]
        a, b = (Quantity(x.shown, unit, x.shown_qualifier, x.scope if isinstance(x.scope, str) else None,
                         bool(x.computed)) for x in (first, last))
        if len(part) < 2:
            absolute = relative = t("仅一个公开数字")
        else:
            try:
                absolute = fmt.quantity(change(b, a), signed=True)
                relative = fmt.quantity(relative_change(b, a), signed=True)
            except Incomparable as e:
                absolute = relative = t(e.reason)

        def when(x):
            return (f"{fmt.quantity(x[0])} ({fmt.date(x[1].as_of)})" if i18n.en()
                    else f"{fmt.quantity(x[0])}（{fmt.date(x[1].as_of)}）")

        rows.append({
            t("地区"): i18n.place(code, last.region_name),
            t("统计口径"): scope_word(scope),
            t("起点"): when((a, first)),
            t("终点"): when((b, last)),
            t("数字个数"): len(part),
            t("绝对变化"): absolute,
            t("相对变化"): relative,
        })
    columns = ("地区", "统计口径", "起点", "终点", "数字个数", "绝对变化", "相对变化")
    return pd.DataFrame(rows, columns=[t(c) for c in columns])


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
                     ("publisher", "publisher"), ("published", "published"), ("url", "url"), ("note", "note"),
                     ("computed", "computed"), ("scope", "scope")):
        out[col] = out.code.map(latest[src]) if len(latest) else None
    return out


def points_table(df: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Every measured point with its date, qualifier and source (the table view)."""
    return pd.DataFrame({
        t("地区"): [i18n.place(c, n) for c, n in zip(df.region_code, df.region_name)],
        t("截至"): df["as_of"].map(fmt.date),
        t("数值"): [shown(r, unit) for r in df.itertuples()],
        t("统计口径"): df["scope"].map(scope_word),
        t("来源"): [fmt.source_line(a, b, c) for a, b, c in zip(df.source_title, df.publisher, df.published)],
        t("链接"): df["url"],
    })


i18n.add({"仅一个公开数字": "only one published figure", "起点为0": "starts at 0"})
i18n.add({  # reasons shegong.quantity gives for refusing a computation
    "一个是下限、一个是约数或上限，无法得出有意义的结果":
        "one is a lower bound and the other approximate or an upper bound: no meaningful result",
    "没有可相加的数字": "nothing to add up",
    "口径不同，不能相加": "different scopes: not added",
    "口径不同，不能计算变化": "different scopes: no change computed",
    "分母为0": "the denominator is 0",
    "单位不同，不能相加": "different units: not added", "单位不同，不能计算变化": "different units: no change computed",
    "试点数字不能与其他口径的数字相除": "a pilot figure is not divided by (or into) a figure of another scope",
})
