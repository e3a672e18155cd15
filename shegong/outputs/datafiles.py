"""An exhibit's data as CSV, XLSX or a ZIP with a readme: what the user downloads beside the image.

Data files never run a formula when opened (OWASP "CSV injection"): a text cell starting with = + - @ tab or CR
is written as text — with a leading ' in CSV, as a typed string with Excel's quote prefix in XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile

import pandas as pd

from shegong import fmt, i18n, schema
from shegong.charts import base
from shegong.i18n import t
from shegong.vocab import QUALIFIER_WORD

DATA_FORMATS = ("csv", "xlsx", "zip")


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text or "")


# --- data files --------------------------------------------------------------------------------------------------

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A text cell that a spreadsheet could take for a formula gets a leading ' (OWASP); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


YEAR_COLUMNS = {"年份", "年", "Year", "year", "first_year", "last_year", "denominator_as_of"}


def column_text(column, v) -> str:
    """A cell as text in a table image or a report: years without a thousands separator (2019, not 2,019)."""
    if str(column) in YEAR_COLUMNS and isinstance(_value(v), int):
        return str(_value(v))
    return _cell_text(v)


def _cell_text(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, float):
        return f"{v:,.2f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v):,}"
    if isinstance(v, (int,)) and not isinstance(v, bool):
        return f"{v:,}"
    if isinstance(v, (pd.Timestamp, dt.date)):
        return v.strftime("%Y-%m-%d")
    return str(v)


def _value(v):
    """A cell as a spreadsheet should hold it: numbers as numbers, dates as text, NULL empty."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):  # numpy scalars
        v = v.item()
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d") if v == v.normalize() else v.isoformat()
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)  # a count or a year in a column that has NULLs is a float: 2021, not 2021.0
    return v


CODE = re.compile(r"\d+")  # a column of bare digits is a code (region, station), never a figure
EMPTY_TEXT = ("", "None", "nan", "NaN", "<NA>", "—")


def _money_column(name: str) -> bool:
    name = str(name)
    return "元" in name or "yuan" in name.lower() or name.endswith("_cny")


def tidy(df: pd.DataFrame) -> tuple[pd.DataFrame, set[str]]:
    """The table as a data file holds it, and the names of its money columns.

    A column of figures as shown ('4,235 persons', '≥5,500万元') gets, right after it, its numeric value in
    base units, the unit and (unless the table has one) the qualifier, so that a spreadsheet can compute with
    it; empty cells ('None', NaN, '—') stay empty; money is rounded to the cent, counts are whole.
    """
    out, money = df.copy(), set()
    has_qualifier = any(str(c) in (t("限定"), "qualifier") for c in df.columns)
    for c in list(df.columns):
        col = out[c]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            if _money_column(c):
                out[c], _ = col.astype(float).round(2), money.add(str(c))
            elif pd.api.types.is_float_dtype(col):  # a computed share: 21.6296, not 21.629567408651827
                out[c] = col.round(4)
            continue
        if not (col.dtype == object or pd.api.types.is_string_dtype(col)):
            continue
        out[c] = col.map(lambda v: None if isinstance(v, str) and v.strip() in EMPTY_TEXT else v)
        cells = [v for v in out[c] if isinstance(v, str)]
        parsed = [fmt.parse(v) for v in cells]
        if not cells or not all(parsed) or str(c) in YEAR_COLUMNS or all(CODE.fullmatch(v) for v in cells):
            continue  # not figures: years, or codes such as 410000 and S001
        units = {p[1] for p in parsed}
        where = list(out.columns).index(c) + 1
        values = [fmt.parse(v) if isinstance(v, str) else None for v in out[c]]
        number = [None if p is None else float(p[0]) for p in values]
        name = t("{column}（数值）", column=c)
        is_money = all(u.startswith("元") for u in units)
        if is_money:
            number, _ = [None if v is None else round(v, 2) for v in number], money.add(name)
        elif all(v is None or float(v).is_integer() for v in number):
            number = [None if v is None else int(v) for v in number]
        extra = {name: number, t("单位"): [None if p is None else fmt.unit(p[1] or ("个" if i18n.en() else ""))
                                          for p in values]}
        if not has_qualifier:
            extra[t("限定词")] = [None if p is None else t(QUALIFIER_WORD[p[2]]) for p in values]
        for k, v in extra.items():
            if k in out.columns:
                k = f"{k}（{c}）"
            out.insert(where, k, pd.Series(v, index=out.index, dtype=object))
            where += 1
    return out, money


def to_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM (so Excel opens the Chinese right), formula-like text cells made inert, figures as
    numbers beside their text (tidy), money with two decimals."""
    df, money = tidy(df)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([inert(str(c)) for c in df.columns])
    cents = [str(c) in money for c in df.columns]
    for row in df.itertuples(index=False):
        w.writerow(["" if (x := _value(v)) is None else f"{x:.2f}" if m and isinstance(x, (int, float))
                    else inert(x) for v, m in zip(row, cents)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def about(exhibit, full: bool) -> list[tuple[str, str]]:
    """What a data file is: title, subtitle, sources, notes, dates, demo label, export time — as (label, text)."""
    df = exhibit.full if full else exhibit.displayed
    rows = [(t("标题"), _plain(exhibit.title))]
    if exhibit.subtitle:
        rows.append((t("说明"), _plain(exhibit.subtitle)))
    rows.append((t("数据范围"), t("完整序列（查询原始列）") if full else t("图表中显示的数据")))
    if exhibit.params:
        rows.append((t("参数"), ", ".join(f"{k}={v}" for k, v in exhibit.params.items())))
    for i, s in enumerate(exhibit.sources, 1):
        rows.append((t("来源") + (f" {i}" if len(exhibit.sources) > 1 else ""), s))
    if full:  # the whole series may reach back to sources the chart does not show
        more = [s for s in _sources_of(df) if s not in exhibit.sources]
        for i, s in enumerate(more, 1):
            rows.append((t("完整数据的其他来源") + f" {i}", s))
    for n in exhibit.notes:
        rows.append((t("注"), n))
    span = as_of_span(exhibit.full)
    if span:
        rows.append((t("数据日期"), span))
    for q in qualifier_lines(df):
        rows.append((t("限定词"), q))
    if exhibit.demo:
        rows.append((t("演示数据"), t(base.DEMO_NOTE)))
    rows.append((t("行数"), str(len(df))))
    rows.append((t("导出"), t("社工站数据看板，{time}，图表编号 {id}",
                                time=dt.datetime.now().strftime("%Y-%m-%d %H:%M"), id=exhibit.id)))
    return rows


def _sources_of(df: pd.DataFrame) -> list[str]:
    if not {"source_id", "source_title", "publisher", "published"} <= set(df.columns):
        return []
    return base.sources_of(df)


def to_xlsx(exhibit, full: bool = False) -> bytes:
    """Sheet 数据 (the table, header frozen) and sheet 说明 (title, sources, notes, dates).

    Written in openpyxl's write-only mode (a 5,000-row station list in well under a second).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    df, money = tidy(exhibit.full if full else exhibit.displayed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(t("数据"))
    ws.freeze_panes = "A2"
    for i, c in enumerate(df.columns, 1):
        longest = max([_width(str(c))] + [_width(_cell_text(v)) for v in df[c].head(200)])
        ws.column_dimensions[_letter(i)].width = min(60, max(8, longest + 2))
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    ws.append(_cells(ws, [str(c) for c in df.columns], font=bold))
    formats = ["#,##0.00" if str(c) in money else None for c in df.columns]
    for row in df.itertuples(index=False):
        ws.append(_cells(ws, [_value(v) for v in row], formats=formats))
    notes = wb.create_sheet(t("说明"))
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 100
    for k, v in about(exhibit, full):
        notes.append(_cells(notes, [k, v], alignment=wrap))
    if full:
        notes.append([])
        notes.append(_cells(notes, [t("列"), t("含义")], font=bold))
        for c in df.columns:
            notes.append(_cells(notes, [c, column_meaning(c)], alignment=wrap))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _width(s: str) -> int:
    return base._cells(s)


def _cells(ws, values, font=None, alignment=None, formats=None) -> list:
    """One row of cells; a text cell that could be a formula stays typed text with Excel's quote prefix; money
    shows two decimals (number format #,##0.00)."""
    from openpyxl.cell import WriteOnlyCell

    out = []
    for i, v in enumerate(values):
        number_format = formats[i] if formats and isinstance(v, (int, float)) and not isinstance(v, bool) else None
        if font is None and alignment is None and not isinstance(v, str) and not number_format:
            out.append(v)  # numbers and empties need no cell object
            continue
        cell = WriteOnlyCell(ws, value=v)
        if number_format:
            cell.number_format = number_format
        if isinstance(v, str):
            cell.data_type = "s"  # openpyxl takes "=..." for a formula
            if v.startswith(DANGEROUS_START):
                cell.quotePrefix = True
        if font is not None:
            cell.font = font
        if alignment is not None:
            cell.alignment = alignment
        out.append(cell)
    return out


# Raw query columns (the "full" data) → meaning, Chinese and English, for the README of a full-data ZIP.
COLUMNS = {
    "region_code": ("行政区划代码（GB/T 2260）", "region code (GB/T 2260)"),
    "region_name": ("地区名称", "region name"),
    "region_level": ("地区级别（全国/省/地/县）", "region level (nation/province/prefecture/county)"),
    "code": ("行政区划代码", "region code"),
    "name": ("名称", "name"),
    "level": ("级别", "level"),
    "province_code": ("省级行政区代码", "province code"),
    "province_name": ("省份名称", "province name"),
    "prefecture_name": ("地级市名称", "prefecture name"),
    "county_code": ("县级行政区代码", "county code"),
    "county_name": ("县（市、区）名称", "county name"),
    "township": ("乡镇（街道）", "township or street"),
    "indicator": ("指标代码", "indicator code"),
    "indicator_label": ("指标名称", "indicator name"),
    "indicator_label_en": ("指标英文名称", "indicator name in English"),
    "label_zh": ("指标名称（中文）", "indicator name (Chinese)"),
    "label_en": ("指标名称（英文）", "indicator name (English)"),
    "unit_zh": ("单位（基本单位：元、人、个、百分点）", "unit (base units: yuan, persons, count, percent points)"),
    "unit_en": ("单位（英文）", "unit (English)"),
    "unit_shown": ("显示单位", "unit shown"),
    "headline": ("是否为核心指标（1 = 指标卡）", "headline indicator (1 = KPI card)"),
    "provinces": ("有该指标的省份数", "number of provinces with this indicator"),
    "value": ("数值（基本单位）", "value (base units)"),
    "qualifier": ("限定词：exact 确数；at_least 下限（原文“余/超过/多”，显示为≥）；approx 约数",
                  "qualifier: exact; at_least = lower bound (余/超过/多, shown as ≥); approx = approximate"),
    "as_of": ("数据所指日期（YYYY、YYYY-MM 或 YYYY-MM-DD，保留原文精度）",
              "date the figure is of (YYYY, YYYY-MM or YYYY-MM-DD, at the source's precision)"),
    "as_of_end": ("数据所指时期的最后一天（用于排序）", "last day of the period the figure is of (for sorting)"),
    "note": ("备注", "note"),
    "source_id": ("来源编号", "source id"),
    "source_title": ("来源标题", "source title"),
    "source": ("资金来源", "source of the funds"),
    "publisher": ("发布机构", "publisher"),
    "published": ("发布日期", "date published"),
    "url": ("来源网址", "source URL"),
    "denominator": ("覆盖率的分母（乡镇（街道）数）", "denominator of coverage (township-level units)"),
    "denominator_as_of": ("分母的年份", "year of the denominator"),
    "stations": ("社工站数", "stations"),
    "stations_qualifier": ("社工站数的限定词", "qualifier of the station count"),
    "stations_built": ("已建社工站数", "stations built"),
    "first_year": ("最早年份", "first year"),
    "last_year": ("最晚年份", "last year"),
    "figure_id": ("数字编号", "figure id"),
    "in_series": ("是否用于图表（同一地区、指标、月份有多个数字时取一个）",
                  "used in charts (one figure per region, indicator and month)"),
    "year": ("年份", "year"),
    "is_demo": ("是否演示数据（true = 模拟数据，非真实统计）", "demo data (true = simulated, not real statistics)"),
    "scope": ("口径：cumulative 累计；annual 当年；stock 时点存量；pilot 试点",
              "scope: cumulative, annual, stock (at a date) or pilot"),
    "records_cny": ("登记/演示记录中的金额合计（元）", "sum of the funding records (yuan)"),
    "station_program_cny": ("社工站项目资金（元）", "station programme funds (yuan)"),
    "per_station_cny": ("每站资金（元）", "funds per station (yuan)"),
    "month": ("月份", "month"),
    "months": ("月数", "number of months"),
    "prev_months": ("上一期月数", "months in the previous period"),
    "first_month": ("最早月份", "first month"),
    "last_month": ("最晚月份", "last month"),
    "window_start": ("统计窗口起始月", "first month of the window"),
    "social_workers": ("社会工作者人数", "social workers"),
    "townships": ("乡镇（街道）数", "township-level units"),
    "townships_covered": ("已建站的乡镇（街道）数", "township-level units with a station"),
    "coverage_pct": ("覆盖率（%）", "coverage (%)"),
    "focus": ("是否为比较的省份之一", "one of the compared provinces"),
    "people_served_prev": ("上一期服务人次", "person-times served in the previous period"),
    "people_served_12m": ("近12个月服务人次", "person-times served in the last 12 months"),
    "people_served_prev_12m": ("此前12个月服务人次", "person-times served in the 12 months before"),
    "sessions_prev": ("上一期服务次数", "sessions in the previous period"),
    "sessions_12m": ("近12个月服务次数", "sessions in the last 12 months"),
    "sessions_prev_12m": ("此前12个月服务次数", "sessions in the 12 months before"),
    "months_12m": ("近12个月中有记录的月数", "months with records in the last 12"),
    "months_prev_12m": ("此前12个月中有记录的月数", "months with records in the 12 before"),
    "national": ("是否为全国目标", "national target"),
    "deadline": ("目标期限", "deadline of the target"),
    "deadline_end": ("目标期限的最后一天", "last day of the deadline"),
    "note_en": ("备注（英文）", "note (English)"),
    "source_title_en": ("来源标题（英文）", "source title (English)"),
    "publisher_en": ("发布机构（英文）", "publisher (English)"),
    "source_kind": ("来源类型：gov_bulletin 政府发布；gov_document 政府文件；official_media 官方媒体；"
                    "other_media 其他媒体；repost 转载",
                    "kind of source: gov_bulletin, gov_document, official_media, other_media or repost"),
    "stations_scope": ("社工站数的口径（cumulative 累计；pilot 试点…）",
                       "scope of the station count (cumulative, pilot…)"),
    "callout": ("地图上的标注", "label on the map"),
    "kind": ("进度的依据：coverage 覆盖率；count 建站数；none 暂无公开数字",
             "basis of progress: coverage, count (stations) or none (no published figure)"),
    "pct": ("覆盖率（%，计算值，数据文件保留四位小数）", "coverage (%, computed; four decimals in data files)"),
    "count": ("建站数（个）", "stations built (count)"),
    "shown": ("显示的数字（含限定词和单位）", "figure as shown (with qualifier and unit)"),
    "basis": ("依据（覆盖率的分母及其年份，或口径）", "basis (the denominator of coverage and its year, or the scope)"),
    "age": ("截至日期及距今", "date of the figure and its age"),
    "stale": ("是否较旧（超过该指标的更新周期）", "old (past its indicator's update cycle)"),
    "source_line": ("来源说明（原文要点、发布机构、日期）", "source line (the quoted point, publisher, date)"),
    "target": ("目标及其期限", "target and its deadline"),
    "target_value": ("目标值（%）", "target value (%)"),
    "deadline_passed": ("目标期限是否已过", "whether the deadline has passed"),
}


def column_meaning(column: str) -> str:
    """A column's meaning in both languages: the columns of queries here, those of the record tables from their
    declaration (shegong/schema.py)."""
    zh, en = COLUMNS.get(column) or schema.meaning(column) or ("见数据", "see the data")
    return f"{zh} / {en}"


def as_of_span(df: pd.DataFrame) -> str:
    """The dates the data is of: published dates (as_of) if any, else months, else years."""
    if "as_of" in df.columns and df["as_of"].notna().any():
        d = df.dropna(subset=["as_of"])
        order = d["as_of_end"] if "as_of_end" in d.columns else d["as_of"]
        d = d.assign(_o=order.astype(str)).sort_values("_o")["as_of"]
        first, last = fmt.date(str(d.iloc[0])), fmt.date(str(d.iloc[-1]))
        return first if first == last else t("{a}至{b}", a=first, b=last)
    if "month" in df.columns and df["month"].notna().any():
        months = pd.to_datetime(df["month"].dropna())
        return base.month_span(months)
    if "year" in df.columns and df["year"].notna().any():
        a, b = int(df["year"].min()), int(df["year"].max())
        return t("{y}年", y=a) if a == b else t("{a}至{b}", a=t("{y}年", y=a), b=t("{y}年", y=b))
    return ""


def qualifier_lines(df: pd.DataFrame) -> list[str]:
    cols = [c for c in df.columns if c == "qualifier" or c.endswith("_qualifier")]
    if not cols:
        return []
    found = set()
    for c in cols:
        found |= set(df[c].dropna())
    lines = [t("≥ 表示原文为“余/超过/多”（at_least），数值为下限")] if "at_least" in found else []
    if "approx" in found:
        lines.append(t("约 表示约数（approx）"))
    return lines or [t("所有数字均为确数（exact）")]


def readme(exhibit) -> str:
    """README.txt of a full-data ZIP: what the data is, where it comes from, how to read every column."""
    out = [_plain(exhibit.title), "=" * 40, ""]
    for k, v in about(exhibit, full=True):
        if k != t("标题"):
            out.append(f"{k}：{v}" if not i18n.en() else f"{k}: {v}")
    out += ["", t("文件"), f"  {exhibit.file_stem}_full.csv  " + t("完整数据（UTF-8，带 BOM）"),
            f"  {exhibit.file_stem}_full.xlsx  " + t("完整数据（Excel；“说明”工作表同本文件）"),
            f"  {exhibit.file_stem}.csv  " + t("图表中显示的数据"), "",
            t("列的含义（中文 / English）")]
    for c in exhibit.full.columns:
        out.append(f"  {c}: {column_meaning(c)}")
    out += ["", t("以 = + - @ 开头的文本单元格在 CSV 中前加 '，在 XLSX 中存为文本，打开文件时不会执行公式。")]
    return "\r\n".join(out) + "\r\n"


def to_zip(exhibit) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("README.txt", readme(exhibit).encode("utf-8-sig"))
        z.writestr(f"{exhibit.file_stem}_full.csv", to_csv(exhibit.full))
        z.writestr(f"{exhibit.file_stem}_full.xlsx", to_xlsx(exhibit, full=True))
        z.writestr(f"{exhibit.file_stem}.csv", to_csv(exhibit.displayed))
    return buf.getvalue()




i18n.add({"{column}（数值）": "{column} (number)", "单位": "Unit"})
