"""A chart's short text alternative, from the data it shows: its title and its latest numbers with units and dates.

It is what a screen reader says in place of the chart, the SVG's <desc> and the Word pack's alt text, so it is
built once here from `Exhibit.displayed` (the rows on screen), never typed by hand beside a chart.
Rows: those of the latest month or year when the data runs over time, else the largest values first.
"""
from __future__ import annotations

import math
import re

import pandas as pd

from shegong import fmt, i18n
from shegong.i18n import t

MAX_ITEMS = 8
MAX_VALUES = 3                                           # numbers said per row (a county map has more columns)
LONG_TEXT = 40                                           # a column of longer texts (a source's title) is left out
PERIOD_COLUMNS = {"月份", "年份", "Month", "Year"}        # the data runs over these: keep the latest period
AS_OF_COLUMNS = {"截至", "As of"}                         # each row's own date: said after its value
SKIP = re.compile(r"链接|^数据$|限定|精确|说明|发布日期|用于图表|^Link|^Data$|Qualifier|exact|^Note|"
                  r"^Published$|Used in charts", re.I)
RAW_AMOUNT = re.compile(r"[（(](元|yuan)[)）]")           # 金额（元）: the raw companion of a formatted amount
UNIT = re.compile(r"\s*[（(]([^（）()]+)[)）]\s*$")          # 建成社工站(个) → 个
FORMATTED = re.compile(r"^[≥≈约]?\s*-?[\d,.]+")           # '515个', '≥5,500万元', '8.2%', '≈2.49 billion yuan'
EN_MONTHS = {m.lower(): i for i, m in enumerate(fmt.MONTHS_EN, 1)}


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (text or "").replace("<br>", " "))).strip()


def _when(value) -> tuple[int, int, int]:
    """'2025年12月' / 'Dec 2025' / '8 Dec 2021' / 2021 / Timestamp → (year, month, day), for ordering periods."""
    if isinstance(value, pd.Timestamp):
        return value.year, value.month, value.day
    s = str(value)
    year = re.search(r"\d{4}", s)
    if not year:
        return (0, 0, 0)
    month = re.search(r"(\d{1,2})月", s)
    en_month = next((EN_MONTHS[w.lower()] for w in re.findall(r"[A-Za-z]{3}", s) if w.lower() in EN_MONTHS), 0)
    day = re.search(r"(\d{1,2})日", s) or re.match(r"(\d{1,2}) [A-Za-z]{3}", s)
    return int(year.group()), int(month.group(1)) if month else en_month, int(day.group(1)) if day else 0


def _number(column: str, value) -> str:
    """A raw number with the unit its column names: 建成社工站(个) 2393 → 2,393个; Coverage (%) 100 → 100%."""
    unit = UNIT.search(column)
    u = unit.group(1) if unit else ("人次" if column.endswith("人次") or column.lower().endswith("person-times")
                                    else "")
    if u in ("yuan",):
        u = "元"
    u = u if (u in fmt.UNIT_EN or u in ("%", "元")) else ""
    # a table's raw column holds written figures (whole in base units) and computed shares (21.629…%): a value with
    # decimals is read as computed and said to 3–4 significant digits, never 21.63%
    return fmt.number(float(value), u) if float(value).is_integer() else fmt.computed(float(value), u)


def _is_formatted(series: pd.Series) -> bool:
    cells = [str(v) for v in series if isinstance(v, str) and v.strip() and v.strip() != "—"]
    return bool(cells) and sum(bool(FORMATTED.match(c)) for c in cells) * 2 > len(cells)


def _long(series: pd.Series) -> bool:
    cells = [v for v in series if isinstance(v, str) and v]
    return bool(cells) and sum(len(v) for v in cells) / len(cells) > LONG_TEXT


def _empty(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)) or v == "" or v == "—"


def describe(title: str, df: pd.DataFrame, demo: bool = False) -> str:
    """The text alternative of a chart titled `title` showing `df`."""
    head = _plain(title)
    if df is None or df.empty:
        return head + t("。暂无数据。")
    columns = [str(c) for c in df.columns if not SKIP.search(str(c)) and not _long(df[c])]
    period = next((c for c in columns if c in PERIOD_COLUMNS), None)
    as_of = next((c for c in columns if c in AS_OF_COLUMNS), None)
    rest = [c for c in columns if c not in (period, as_of)]
    if any(_is_formatted(df[c]) for c in rest if not pd.api.types.is_numeric_dtype(df[c])):
        rest = [c for c in rest if not RAW_AMOUNT.search(c)]  # 金额（元）, the raw twin of a formatted amount
    numeric = [c for c in rest if pd.api.types.is_numeric_dtype(df[c]) and df[c].notna().any()]
    formatted = [c for c in rest if c not in numeric and _is_formatted(df[c])]
    labels = [c for c in rest if c not in formatted + numeric]
    values = (formatted + numeric)[:MAX_VALUES]
    if not values:
        return head + "。" if not i18n.en() else head + "."

    rows = df
    lead = ""
    if period is not None:
        latest = max(df[period], key=_when)
        rows = df[df[period].map(_when) == _when(latest)]
        lead = str(latest) + (", " if i18n.en() else "，")
    elif numeric and len(df) > MAX_ITEMS:
        rows = df.sort_values(numeric[0], ascending=False, kind="stable")
    items = []
    for _, row in rows.head(MAX_ITEMS).iterrows():
        name = " ".join(str(row[c]) for c in labels if not _empty(row[c]))
        shown = [(c, row[c] if c in formatted else _number(c, row[c])) for c in values if not _empty(row[c])]
        if not shown:
            continue
        if len(shown) == 1 and name:
            text = f"{name}{'：' if not i18n.en() else ': '}{shown[0][1]}"
        else:
            parts = [f"{UNIT.sub('', c)} {v}" for c, v in shown]
            text = (f"{name}{'：' if not i18n.en() else ': '}" if name else "") + i18n.join(parts)
        if as_of is not None and not _empty(row[as_of]):
            text += f" ({row[as_of]})" if i18n.en() else f"（{row[as_of]}）"
        items.append(text)
    more = len(rows) - min(len(rows), MAX_ITEMS)
    body = i18n.sep().join(items)
    if more > 0:
        body += t("；另有{n}项", n=more)
    label = t("最新数据：") if period is not None or as_of is not None else t("图中数据：")
    out = (f"{head}. {label}{lead}{body}." if i18n.en() else f"{head}。{label}{lead}{body}。")
    if demo:
        out += t("（演示数据）")
    return out


i18n.add({
    "。暂无数据。": ". No data.", "最新数据：": "Latest figures: ", "图中数据：": "Figures shown: ",
    "；另有{n}项": "; and {n} more", "（演示数据）": " (demo data)",
})
