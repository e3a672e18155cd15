"""Import station registers, funding, monthly service records and published figures — all or nothing.

`python -m shegong import TABLE FILE` and the admin page (数据管理) run the same code:

1. read the file (CSV in UTF-8, UTF-8 with BOM or GBK/GB18030, comma or tab separated; or XLSX), with English or
   Chinese headers, keeping the row number a clerk sees (header = row 1);
2. normalise values (2021年12月8日, 8946.66万, full-width digits, 运营 → operating, 余/超过/约 → qualifier);
3. check them in DuckDB against a *copy* of the warehouse (codes at the right level, known stations, ranges,
   duplicate keys, points inside the province), reporting `file:row:column: problem`;
4. upsert by key into that copy, recompute the roll-ups, run every named query, then `os.replace` the copy over
   the warehouse. Any problem leaves the warehouse byte-identical. A dry run does all of it on the copy and drops it.

Accepted rows (all real, is_demo = false) are also kept as CSV in a folder beside the warehouse
(`warehouse.imports/` for `warehouse.duckdb`), which `build()` replays, so a rebuild does not lose them.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import hashlib
import io
import json
import os
import re
import time
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd

from shegong.config import BOUNDARIES_DIR
from shegong.ingest import columns as records
from shegong.ingest import atomic
from shegong.ingest.atomic import fault, replacing
from shegong.vocab import (CATEGORY, FUND_SOURCE, QUALIFIER_ALIASES, QUALIFIER_WORD, SCOPE_ALIASES, SCOPE_WORD,
                           SERVICE_TYPE, STATUS)

TABLES = ("stations", "funding", "services", "figures")
TABLE_ZH = {"stations": "站点", "funding": "资金", "services": "服务记录", "figures": "公开数字"}
MAX_PROBLEMS = records.MAX_PROBLEMS
SCHEMA = Path(__file__).with_name("warehouse.sql")
ROLLUPS = Path(__file__).with_name("rollups.sql")

# The value lists (vocab: code → Chinese name); a few everyday synonyms besides.
SYNONYMS = {
    "status": {"运行": "operating", "运营中": "operating", "建设中": "planned", "已关闭": "closed"},
    "qualifier": QUALIFIER_ALIASES,
    "scope": SCOPE_ALIASES,
}
VALUE_LISTS = {"status": STATUS, "source": FUND_SOURCE, "category": CATEGORY, "service_type": SERVICE_TYPE,
               "qualifier": QUALIFIER_WORD, "scope": SCOPE_WORD}


@dataclass(frozen=True)
class Field:
    """One column of an import file: canonical name, Chinese header, how its text is read, and help for templates."""

    name: str
    zh: str
    kind: str  # text code int amount date month year float region indicator asof url, or a VALUE_LISTS key
    required: bool
    help_zh: str
    help_en: str
    example: str = ""


def _f(name, zh, kind, required, help_zh, help_en, example=""):
    return Field(name, zh, kind, required, help_zh, help_en, example)


DATE_HELP = "YYYY-MM-DD、YYYY/MM/DD 或 2021年12月8日"
FIELDS: dict[str, tuple[Field, ...]] = {
    "stations": (
        _f("station_id", "站点编号", "text", True, "站点的唯一编号，自行编制，同一文件内不得重复", "unique id of your choosing",
           "ZN-0001"),
        _f("name", "站点名称", "text", True, "站点全称", "station name", "中宁县宁安镇社会工作服务站"),
        _f("county_code", "县区代码", "code", True, "所在县级行政区的6位代码(GB/T 2260)，须是县级，不能是省或市",
           "six-digit code of a county-level unit (not a province or prefecture)", "640521"),
        _f("township", "乡镇街道", "text", True, "所在乡镇或街道", "township, town or street", "宁安镇"),
        _f("status", "状态", "status", True, "筹建、试点、运营、暂停或关闭", "planned, pilot, operating, suspended or closed",
           "运营"),
        _f("opened_on", "建成日期", "date", False, DATE_HELP + "；筹建中可空", "date opened; empty while planned",
           "2021年12月8日"),
        _f("social_workers", "驻站社工人数", "int", True, "整数，不小于0", "whole number ≥ 0", "3"),
        _f("operator", "运营机构", "text", False, "承接运营的社工机构，可空", "agency running the station (optional)",
           "中宁县某社会工作服务中心"),
        _f("lon", "经度", "float", False, "高德(GCJ-02)经度，须在所在省内；可空", "GCJ-02 longitude inside the province",
           "105.6852"),
        _f("lat", "纬度", "float", False, "高德(GCJ-02)纬度，须在所在省内；可空", "GCJ-02 latitude inside the province",
           "37.4912"),
    ),
    "funding": (
        _f("region_code", "地区代码", "code", True, "县、市或省的6位代码", "six-digit code of a county, prefecture or province",
           "410000"),
        _f("year", "年度", "year", True, "2000—2100", "2000–2100", "2021"),
        _f("program", "项目", "text", True, "如 乡镇(街道)社工站建设、三区计划", "programme", "乡镇(街道)社工站建设"),
        _f("source", "资金来源", "source", True, "财政、福彩公益金、社会资金或其他", "fiscal, lottery, social or other", "财政"),
        _f("amount_cny", "金额(元)", "amount", True, "元；可写 8946.66万、1.2亿、1,800,000；写“余/超过/约”会设定限定",
           "yuan; 万/亿 units allowed; 余/超过/约 set the qualifier", "8946.66万"),
        _f("qualifier", "限定", "qualifier", False, "确数、约数或下限（余/超过/多）；空 = 确数或按金额中的字样",
           "exact, approx or at_least; empty = exact or from the amount's wording", "确数"),
    ),
    "services": (
        _f("station_id", "站点编号", "text", True, "已导入的站点编号", "id of an imported station", "ZN-0001"),
        _f("month", "月份", "month", True, "YYYY-MM 或 2021年12月", "YYYY-MM", "2021-12"),
        _f("category", "服务对象类别", "category", True, "、".join(CATEGORY.values()), "recipient category",
           "老年人"),
        _f("service_type", "服务类型", "service_type", True, "、".join(SERVICE_TYPE.values()), "service type",
           "探访"),
        _f("people_served", "服务人数", "int", True, "人次，整数，不小于0", "person-times, whole number ≥ 0", "40"),
        _f("sessions", "服务次数", "int", True, "次数，整数，不小于0", "sessions, whole number ≥ 0", "12"),
    ),
    "figures": (
        _f("region_code", "地区代码", "region", True, "6位代码或地区名(全国、河南省、廊坊市…)", "code or name of the region",
           "410000"),
        _f("indicator", "指标", "indicator", True, "指标编号或中文名(见 indicators.csv)", "indicator id or Chinese label",
           "stations_built"),
        _f("value", "数值", "amount", True, "基本单位(元、人、个、%)；可写 2.1万余", "value in base units; 万/亿 allowed", "515"),
        _f("qualifier", "限定", "qualifier", False, "确数、约数或下限（余/超过/多）", "exact, approx or at_least", "确数"),
        _f("as_of", "截至日期", "asof", True, "数字所指的时间：2021、2021-12 或 2021-12-08", "date the figure is of",
           "2021-12"),
        _f("scope", "口径", "scope", False, "累计、当年、时点存量或试点(空 = 未说明)",
           "cumulative, annual, stock (at a date) or pilot; empty = not stated", "累计"),
        _f("source_id", "来源编号", "text", False, "已有来源的编号(如 S001)；或填写下面的来源标题", "id of a known source",
           ""),
        _f("source_title", "来源标题", "text", False, "新来源的标题(无来源编号时必填)", "title of a new source",
           "河南省民政厅召开工作部署会"),
        _f("source_publisher", "发布机构", "text", False, "发布机构", "publisher", "河南省民政厅"),
        _f("source_published", "发布日期", "asof", False, "发布日期", "date published", "2021-12-08"),
        _f("source_url", "链接", "url", False, "http(s) 链接", "http(s) URL", "https://example.org/news/1"),
        _f("note", "备注", "text", False, "说明或原文摘录", "note or quote", ""),
    ),
}
ALIASES = {"金额": "amount_cny", "金额元": "amount_cny", "地区": "region_code", "截至": "as_of", "日期": "as_of",
           "限定词": "qualifier", "来源": "source_title", "网址": "source_url"}
IGNORED_HEADERS = {"序号"}  # row numbers in Chinese spreadsheets carry no data
KEYS = {"stations": ("station_id",), "funding": ("region_code", "year", "program", "source"),
        "services": ("station_id", "month", "category", "service_type"),
        "figures": ("region_code", "indicator", "as_of", "source_id")}
TYPES = {"figures": {"value": "DOUBLE"}}
FIGURE_COLUMNS = ("region_code", "indicator", "value", "qualifier", "as_of", "scope", "source_id", "note")
SOURCE_COLUMNS = ("source_id", "title", "publisher", "published", "url")


class ImportProblems(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Sheet:
    """What was read: header cells and text rows, each with the row number the clerk sees."""

    name: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    encoding: str = ""


@dataclass
class Outcome:
    """The result of one import (or dry run): problems, or counts and samples of what changes."""

    name: str
    table: str
    problems: list[str] = field(default_factory=list)
    rows: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    samples: dict[str, pd.DataFrame] = field(default_factory=dict)
    applied: bool = False
    dry_run: bool = False
    seconds: float = 0.0
    encoding: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        tail = " (dry run: nothing written)" if self.dry_run else ""
        return (f"{self.name}: {self.rows:,} {self.table} rows: {self.added:,} added, {self.changed:,} changed, "
                f"{self.unchanged:,} unchanged{tail} in {self.seconds:.2f} s")


Progress = Callable[[float, str], None]


def _no_progress(fraction: float, text: str) -> None:
    pass


# ---------------------------------------------------------------------------------------------------- reading

def read(name: str, data: bytes, table: str, progress: Progress = _no_progress) -> Sheet:
    """Read CSV (UTF-8, BOM, GBK/GB18030; comma or tab) or XLSX bytes into a Sheet; raise ImportProblems if unreadable."""
    if not data or not data.strip():
        raise ImportProblems([f"{name}:1:-: the file is empty; expected a header row with the columns "
                              f"{', '.join(f.zh for f in FIELDS[table] if f.required)}"])
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(name, data, table, progress)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportProblems([f"{name}:1:-: is an old Excel .xls workbook; save it as .xlsx or CSV and try again"])
    if b"\x00" in data[:65536]:
        raise ImportProblems([f"{name}:1:-: is a binary file, not a CSV or XLSX table"])
    text, encoding = _decode(name, data)
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\r\n")
    if controls > 0.01 * min(len(text), 65536):
        raise ImportProblems([f"{name}:1:-: is a binary file, not a CSV or XLSX table"])
    return _read_csv(name, text, encoding, progress)


def _decode(name: str, data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GBK/GB18030"
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ImportProblems([f"{name}:{line}:-: is neither UTF-8 nor GBK text (byte {e.start}); "
                              f"save it as CSV UTF-8 or as .xlsx"]) from None


def _read_csv(name: str, text: str, encoding: str, progress: Progress) -> Sheet:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def numbered():  # (line number a clerk sees, cells); a quoted cell may span lines
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                raise ImportProblems([f"{name}:{line}:-: cannot be read as CSV: {e}"]) from None
            yield line, cells

    return _sheet(name, numbered(), encoding, max(text.count("\n"), 1), progress, as_text=None, what="file")


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(v)


def _read_xlsx(name: str, data: bytes, table: str, progress: Progress) -> Sheet:
    """First sheet, or the one named after the table (stations / 站点). python-calamine (Rust) reads 200,000 rows in
    seconds; openpyxl, the fallback, takes minutes."""
    wanted = {table, TABLE_ZH[table]}
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        CalamineWorkbook = None
    if CalamineWorkbook is not None:
        try:
            wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
            title = next((s for s in wb.sheet_names if s.strip().lower() in wanted), wb.sheet_names[0])
            values = wb.get_sheet_by_name(title).to_python(skip_empty_area=False)
        except Exception as e:  # a damaged or foreign zip: calamine raises its own error types
            raise ImportProblems([f"{name}:1:-: is not a readable .xlsx workbook ({type(e).__name__})"]) from None
        return _sheet(name, enumerate(values, start=1), f"XLSX, sheet {title}", len(values), progress)
    import zipfile

    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise ImportProblems([f"{name}:1:-: is not a readable .xlsx workbook ({type(e).__name__})"]) from None
    try:
        ws = next((wb[s] for s in wb.sheetnames if s.strip().lower() in wanted), wb.worksheets[0])
        return _sheet(name, enumerate(ws.iter_rows(values_only=True), start=ws.min_row or 1),
                      f"XLSX, sheet {ws.title}", ws.max_row or 1, progress)
    finally:
        wb.close()


def _sheet(name: str, numbered, encoding: str, total: int, progress: Progress, as_text=_cell_text,
           what: str = "sheet") -> Sheet:
    """Header and rows of a CSV file or a worksheet, skipping blank rows and keeping each row's number."""
    header, rows, lines = None, [], []
    for i, values in numbered:
        cells = values if as_text is None else [as_text(v) for v in values]  # CSV cells are text already
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = cells
            continue
        rows.append(cells)
        lines.append(i)
        if len(rows) % 50000 == 0:
            progress(0.25 * i / total, f"{len(rows):,}")
    if header is None:
        raise ImportProblems([f"{name}:1:-: the {what} is empty"])
    return Sheet(name, header, rows, lines, encoding)


def _header_key(h: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", h)).lower()


def frame(table: str, sheet: Sheet) -> pd.DataFrame:
    """Map headers (English or Chinese) to column names; a DataFrame of stripped text plus `_row`."""
    fields = FIELDS[table]
    known = {}
    for f in fields:
        known[_header_key(f.name)] = f.name
        known[_header_key(f.zh)] = f.name
    for alias, col in ALIASES.items():
        if any(f.name == col for f in fields):
            known.setdefault(_header_key(alias), col)
    problems, columns = [], {}
    demo_col = None
    for i, h in enumerate(sheet.header):
        key = _header_key(h)
        if not key or key in {_header_key(x) for x in IGNORED_HEADERS}:
            continue
        if key in ("is_demo", "是否演示"):
            demo_col = i
            continue
        col = known.get(key)
        if col is None:
            problems.append(f"{sheet.name}:1:{h.strip()}: unknown column; allowed: "
                            + ", ".join(f"{f.zh} ({f.name})" for f in fields))
        elif col in columns:
            problems.append(f"{sheet.name}:1:{h.strip()}: the column {col} appears twice")
        else:
            columns[col] = i
    for f in fields:
        if f.required and f.name not in columns:
            problems.append(f"{sheet.name}:1:{f.name}: missing column {f.zh} ({f.name})")
    if problems:
        raise ImportProblems(problems)
    width = len(sheet.header)
    cells = pd.DataFrame(sheet.rows, dtype=object)  # ragged rows are padded with None
    data = {}
    for f in fields:
        i = columns.get(f.name)
        data[f.name] = (cells[i].fillna("").str.strip() if i is not None and i in cells else
                        pd.Series([""] * len(sheet.rows), dtype=object))
    df = pd.DataFrame(data, dtype=object)
    df["_row"] = sheet.lines
    extra = [(line, len(r)) for r, line in zip(sheet.rows, sheet.lines) if len(r) > width and any(
        c.strip() for c in r[width:])]
    if extra:
        raise ImportProblems([f"{sheet.name}:{line}:-: has {n} cells, the header has {width}"
                              for line, n in extra[:MAX_PROBLEMS]])
    if demo_col is not None:
        demo = [(line, r[demo_col].strip()) for r, line in zip(sheet.rows, sheet.lines)
                if demo_col < len(r) and r[demo_col].strip().lower() not in ("", "false", "0", "否")]
        if demo:
            raise ImportProblems([f"{sheet.name}:{line}:is_demo: {v!r}: imported records are real; demo data comes "
                                  f"from `python -m shegong demo`" for line, v in demo[:MAX_PROBLEMS]])
    return df


# ------------------------------------------------------------------------------------------------- normalising

def nfkc(s: str) -> str:
    """Full-width digits, letters and brackets to ASCII (１２３ → 123, （ → ()."""
    return unicodedata.normalize("NFKC", s).strip()


CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "万亿": Decimal(10**12)}
AT_LEAST_BEFORE = ("超过", "逾", "多于", "至少", "不少于", "不低于", "高于", "突破", ">=", "≥", ">")
APPROX_BEFORE = ("约", "大约", "将近", "近", "约计", "~", "≈")
NUMBER_RE = re.compile(
    r"^(?P<pre>超过|逾|多于|至少|不少于|不低于|高于|突破|>=|≥|>|大约|约计|约|将近|近|~|≈)?"
    r"(?P<num>-?\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
    r"(?P<q1>余|多)?(?P<unit>万亿|万|亿)?(?P<q2>余|多)?"
    r"(?P<word>元|人次|人|个|名|户|家|次|场|支|%|％)?(?P<post>以上|左右|多)?$")


def cn_integer(s: str) -> int | None:
    """一千二百 → 1200, 十五 → 15 (no 万/亿: they are units handled by parse_number)."""
    total, digit = 0, None
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def parse_number(text: str) -> tuple[Decimal | None, str | None]:
    """'8946.66万' → (89466600, None); '2.1万余' → (21000, 'at_least'); '约5亿' → (5e8, 'approx'). None if not a number."""
    s = re.sub(r"(?<=\d)[,，](?=\d{3})", "", nfkc(text)).replace(" ", "")
    m = NUMBER_RE.match(s)
    if not m:
        return None, None
    num = m["num"]
    try:
        value = Decimal(num) if num[0].isdigit() or num[0] == "-" else Decimal(cn_integer(num))
    except (InvalidOperation, TypeError):
        return None, None
    if m["unit"]:
        value *= BIG_UNITS[m["unit"]]
    qualifier = None
    if m["pre"] in AT_LEAST_BEFORE or m["q1"] or m["q2"] or m["post"] in ("以上", "多"):
        qualifier = "at_least"
    elif m["pre"] in APPROX_BEFORE or m["post"] == "左右":
        qualifier = "approx"
    return value, qualifier


def number_text(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+00:00(?::00)?)?$")
MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
YEAR_RE = re.compile(r"^(\d{4})\s*年?$")


def parse_date(text: str) -> str | None:
    m = DATE_RE.match(nfkc(text))
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def parse_month(text: str) -> str | None:
    s = nfkc(text)
    m = MONTH_RE.match(s)
    if m and 1 <= int(m[2]) <= 12:
        return f"{m[1]}-{int(m[2]):02d}"
    if re.fullmatch(r"\d{6}", s) and 1 <= int(s[4:]) <= 12:
        return f"{s[:4]}-{s[4:]}"
    d = parse_date(s)  # Excel turns 2021-12 into the date 2021-12-01
    return d[:7] if d and d.endswith("-01") else None


def parse_as_of(text: str) -> str | None:
    s = nfkc(text)
    if m := YEAR_RE.match(s):
        return m[1]
    return parse_date(s) or parse_month(s)


def _value_map(kind: str) -> dict[str, str]:
    mapping = {}
    for code, zh in VALUE_LISTS[kind].items():
        mapping[code.lower()] = code
        mapping[zh] = code
    mapping.update(SYNONYMS.get(kind, {}))
    return mapping


def _map_unique(series: pd.Series, fn) -> pd.Series:
    """Apply fn once per distinct value (a register repeats its dates, counts and codes)."""
    cache = {v: fn(v) for v in pd.unique(series)}
    return series.map(cache)


def normalise(table: str, df: pd.DataFrame, lookups: dict) -> tuple[pd.DataFrame, list[tuple[int, str, str]]]:
    """Canonical text for every cell that can be read; unreadable cells stay as given so the checks name them."""
    problems: list[tuple[int, str, str]] = []
    hints = None
    for f in FIELDS[table]:
        s = df[f.name]
        kind = f.kind
        if kind in ("text", "url"):
            continue
        if kind == "code":
            df[f.name] = _map_unique(s, lambda v: re.sub(r"\.0$", "", nfkc(v)))
        elif kind == "int":
            def whole(v):
                n, q = parse_number(v)
                return number_text(n) if n is not None and q is None and n == n.to_integral_value() else v
            df[f.name] = _map_unique(s, whole)
        elif kind == "amount":
            parsed = {v: parse_number(v) if v else (None, None) for v in pd.unique(s)}
            amount_col, amount_raw = f.name, s
            df[f.name] = s.map({v: (number_text(n) if n is not None else v) for v, (n, q) in parsed.items()})
            hints = s.map({v: q or "" for v, (n, q) in parsed.items()})
        elif kind == "float":
            def real(v):
                t = nfkc(v).rstrip("°").strip()
                try:
                    return repr(float(t)) if t else ""
                except ValueError:
                    return v
            df[f.name] = _map_unique(s, real)
        elif kind == "date":
            df[f.name] = _map_unique(s, lambda v: parse_date(v) or v)
        elif kind == "month":
            df[f.name] = _map_unique(s, lambda v: parse_month(v) or v)
        elif kind == "year":
            df[f.name] = _map_unique(s, lambda v: (m[1] if (m := YEAR_RE.match(re.sub(r"\.0$", "", nfkc(v))))
                                                   else v))
        elif kind == "asof":
            df[f.name] = _map_unique(s, lambda v: parse_as_of(v) or v)
        elif kind == "region":
            names = lookups["region_names"]
            df[f.name] = _map_unique(s, lambda v: names.get(nfkc(v), re.sub(r"\.0$", "", nfkc(v))))
        elif kind == "indicator":
            labels = lookups["indicator_labels"]
            df[f.name] = _map_unique(s, lambda v: labels.get(nfkc(v), labels.get(v, v)))
        elif kind in VALUE_LISTS:
            mapping = _value_map(kind)
            df[f.name] = _map_unique(s, lambda v: mapping.get(v, mapping.get(nfkc(v).lower(), v)))
    if hints is not None and "qualifier" in df:
        given = df["qualifier"]
        clash = (given != "") & (hints != "") & (given != hints)
        for row, g, v in zip(df.loc[clash, "_row"], given[clash], amount_raw[clash]):
            problems.append((row, "qualifier", f"{g!r} disagrees with the wording of {amount_col} ({v})"))
        df["qualifier"] = given.where(given != "", hints.where(hints != "", "exact"))
    return df, problems


# ---------------------------------------------------------------------------------------------------- checking

def _rule(cond: str, msg: str, dynamic: bool = False) -> tuple[str, str, bool]:
    return cond, msg, dynamic


LEVEL_NAMES = {"nation": "the nation", "province": "a province", "prefecture": "a prefecture", "county": "a county"}
_LEVEL_SQL = ("v || ' is ' || CASE (SELECT level FROM regions r WHERE r.code = v) "
              + " ".join(f"WHEN '{k}' THEN '{w}'" for k, w in LEVEL_NAMES.items())
              + " END || ' (' || (SELECT name FROM regions r WHERE r.code = v) || '), not a county'")
RULE_OVERRIDES = {
    records.COUNTY: (
        _rule("v NOT IN (SELECT code FROM regions)", "is not a region code (GB/T 2260, see data/regions.csv)"),
        _rule("v IN (SELECT code FROM regions WHERE level <> 'county')", _LEVEL_SQL, True)),
    records.REGION: (_rule(*records.REGION),),
    records.DATE: (_rule("TRY_CAST(v AS DATE) IS NULL", "is not a date (" + DATE_HELP + ")"),),
    records.MONTH: (_rule(records.MONTH[0], "is not a month (YYYY-MM or 2021年12月, month 1–12)"),),
}


def _one_of(kind: str) -> tuple[str, str, bool]:
    values = VALUE_LISTS[kind]
    return _rule(f"v NOT IN {records._in(values)}",
                 "is not one of " + "、".join(values.values()) + " (" + ", ".join(values) + ")")


def rules(table: str) -> dict[str, list[tuple[str, str, bool]]]:
    """Rules per column: records.py's DuckDB checks (clearer messages where the import reads more formats)."""
    out: dict[str, list] = {}
    spec = {c.name: c for c in records.TABLES.get(table, ())}
    for f in FIELDS[table]:
        found: list = []
        if f.name in spec:
            col = spec[f.name]
            for cond, msg in col.rules:
                if f.kind in VALUE_LISTS and "NOT IN" in cond and "SELECT" not in cond:
                    base = _one_of(f.kind)
                    found.append(_rule(cond.replace(f"v NOT IN {records._in(VALUE_LISTS[f.kind])}", base[0]), base[1]))
                    continue
                inner = next((o for o in RULE_OVERRIDES if o[0] in cond), None)
                if inner is None:
                    found.append(_rule(cond, msg))
                    continue
                for c, m, d in RULE_OVERRIDES[inner]:
                    found.append(_rule(cond.replace(inner[0], c), m, d))
        out[f.name] = found
    if table == "funding":
        out["qualifier"] = [_rule("v IS NULL OR trim(v) = ''", "is empty"), _one_of("qualifier")]
    if table == "stations":
        out["station_id"].append(_rule("v IN (SELECT station_id FROM stations WHERE is_demo)",
                                       "is the id of a demo station; give your stations their own ids"))
        out["lat"].append(_rule("(v IS NULL OR trim(v) = '') <> (lon IS NULL OR trim(lon) = '')",
                                "lon and lat go together: give both or neither"))
    if table == "services":
        out["station_id"] = [
            _rule("v IS NULL OR trim(v) = ''", "is empty"),
            _rule("v <> '' AND v NOT IN (SELECT station_id FROM stations)",
                  "is not a known station; import it in the stations table first"),
            _rule("v IN (SELECT station_id FROM stations WHERE is_demo)",
                  "is a demo station; imported service records are real and must refer to real stations")]
    if table == "figures":
        nonempty = "v IS NOT NULL AND trim(v) <> '' AND "
        out = {
            "region_code": [_rule("v IS NULL OR trim(v) = ''", "is empty"),
                            _rule(nonempty + "v NOT IN (SELECT code FROM regions)",
                                  "is not a region code or name (see data/regions.csv)")],
            "indicator": [_rule("v IS NULL OR trim(v) = ''", "is empty"),
                          _rule(nonempty + "v NOT IN (SELECT indicator FROM indicators)",
                                "is not an indicator (see data/indicators.csv)")],
            "value": [_rule("v IS NULL OR trim(v) = ''", "is empty"),
                      _rule(nonempty + "(" + records.AMOUNT[0] + ")", "is not a number ≥ 0")],
            "qualifier": [_one_of("qualifier")],
            "scope": [_rule(nonempty + _one_of("scope")[0], _one_of("scope")[1])],
            "as_of": [_rule("v IS NULL OR trim(v) = ''", "is empty"),
                      _rule(nonempty + "NOT (regexp_full_match(v, '\\d{4}(-\\d{2}(-\\d{2})?)?') AND "
                                       "TRY_CAST(substr(v || '-01-01', 1, 10) AS DATE) IS NOT NULL "
                                       "AND substr(v, 1, 4)::INTEGER BETWEEN 1949 AND 2100)",
                            "is not a date (2021, 2021-12 or 2021-12-08)")],
            "source_id": [_rule("(v IS NULL OR trim(v) = '') AND (source_title IS NULL OR trim(source_title) = '')",
                                "the figure has no source: give 来源编号 (source_id) of a known source, or "
                                "来源标题 (source_title) with its publisher, date and link"),
                          _rule(nonempty + "v NOT IN (SELECT source_id FROM sources UNION ALL "
                                           "SELECT source_id FROM new_sources)",
                                "is not a known source id (see the sources page)")],
            "source_published": [_rule(nonempty + "TRY_CAST(substr(v || '-01-01', 1, 10) AS DATE) IS NULL",
                                       "is not a date (2021, 2021-12 or 2021-12-08)")],
            "source_url": [_rule(nonempty + "NOT regexp_full_match(v, 'https?://\\S+')", "is not an http(s) link")],
        }
    return out


@functools.cache
def _province_features() -> list:
    return json.loads((BOUNDARIES_DIR / "provinces.geojson").read_text(encoding="utf-8"))["features"]


@functools.cache
def _province_shape(code: str):
    """The province's outline from data/boundaries, widened by ~2 km (the outlines are simplified)."""
    import shapely
    from shapely.geometry import shape

    for f in _province_features():
        if f["properties"]["code"] == code:
            geom = shapely.buffer(shape(f["geometry"]), 0.02)
            shapely.prepare(geom)
            return geom
    return None


def _outside_province(df: pd.DataFrame, names: dict[str, str]) -> list[tuple[int, str, str]]:
    """Stations whose lon/lat lie outside the province of their county."""
    import shapely

    lon = pd.to_numeric(df["lon"], errors="coerce")
    lat = pd.to_numeric(df["lat"], errors="coerce")
    code = df["county_code"].astype(str)
    ok = lon.notna() & lat.notna() & code.str.fullmatch(r"\d{6}") & lon.between(73, 136) & lat.between(3, 54)
    province = code.str[:2] + "0000"
    problems = []
    for prov in pd.unique(province[ok]):
        geom = _province_shape(prov)
        if geom is None:
            continue
        sel = ok & (province == prov)
        inside = shapely.contains_xy(geom, lon[sel].to_numpy(), lat[sel].to_numpy())
        bad = df.loc[sel][~inside]
        pname = names.get(prov, prov)
        for row, x, y, c in zip(bad["_row"], lon[bad.index], lat[bad.index], bad["county_code"]):
            problems.append((row, "lon", f"{x:g}, {y:g} is outside {pname}, the province of county {c} "
                                         f"(lon/lat swapped, or not GCJ-02?)"))
    return problems


def check(con, table: str, name: str, df: pd.DataFrame, early: list[tuple[int, str, str]]) -> list[str]:
    """Every rule over the staged text table `raw`; problems sorted by row, at most MAX_PROBLEMS and a count."""
    found = list(early)
    total = len(early)
    order = {f.name: i for i, f in enumerate(FIELDS[table])}
    for col, col_rules in rules(table).items():
        for cond, msg, dynamic in col_rules:
            where = records.PLACEHOLDER.sub(col, cond)
            count = con.execute(f"SELECT count(*) FROM raw WHERE {where}").fetchone()[0]
            if not count:
                continue
            total += count
            shown = records.PLACEHOLDER.sub(col, msg) if dynamic else "NULL"
            for row, value, text in con.execute(
                    f"SELECT _row, {col}, {shown} FROM raw WHERE {where} ORDER BY _row LIMIT {MAX_PROBLEMS}").fetchall():
                if dynamic:
                    found.append((row, col, text))
                else:
                    found.append((row, col, f"{value!r} {msg}" if value is not None and value.strip() else msg))
    key = KEYS[table]
    k = ", ".join(key)
    dups = con.execute(f"""
        SELECT _row, first, {k} FROM (
            SELECT _row, {k}, row_number() OVER w AS n, first_value(_row) OVER w AS first FROM raw
            WINDOW w AS (PARTITION BY {k} ORDER BY _row)) WHERE n > 1 ORDER BY _row""").fetchall()
    total += len(dups)
    for row, first, *values in dups[:MAX_PROBLEMS]:
        found.append((row, key[-1], f"repeats row {first} (same {'/'.join(key)}: {', '.join(map(str, values))})"))
    if table == "stations":
        names = dict(con.execute("SELECT code, name FROM regions WHERE level = 'province'").fetchall())
        outside = _outside_province(df, names)
        total += len(outside)
        found += outside
    found.sort(key=lambda p: (p[0], order.get(p[1], 99)))
    lines = [f"{name}:{row}:{col}: {msg}" for row, col, msg in found[:MAX_PROBLEMS]]
    if total > MAX_PROBLEMS:
        lines.append(f"… and {total - MAX_PROBLEMS} more problems")
    return lines


# ------------------------------------------------------------------------------------------------- upserting

def _value_columns(table: str) -> list[str]:
    if table == "figures":
        return list(FIGURE_COLUMNS)
    return [c.name for c in records.TABLES[table] if c.name != "is_demo"]


def _existing(table: str) -> str:
    return "figures" if table == "figures" else f"(SELECT * FROM {table} WHERE NOT is_demo)"


def _lookups(con) -> dict:
    regions = con.execute("SELECT code, name, level FROM regions").fetchall()
    names = {n: c for c, n, _ in regions}
    for c, n, level in regions:  # 河南 → 410000; short names only for provinces (unambiguous)
        if level == "province":
            short = re.sub(r"(省|市|(壮族|回族|维吾尔)?自治区|特别行政区)$", "", n)
            names.setdefault(short, c)
    labels = dict(con.execute("SELECT label_zh, indicator FROM indicators").fetchall())
    return {"region_names": names, "indicator_labels": labels}


def _new_sources(con, df: pd.DataFrame) -> pd.DataFrame:
    """Give rows with a source title (and no source_id) the id of that source: an existing one or a new `I…` id."""
    known = {(t, p or ""): s for s, t, p in con.execute("SELECT source_id, title, published FROM sources").fetchall()}
    need = (df["source_id"] == "") & (df["source_title"] != "")
    rows = []
    for idx in df.index[need]:
        title, pub, date, url = (df.at[idx, c] for c in ("source_title", "source_publisher", "source_published",
                                                         "source_url"))
        sid = known.get((title, date))
        if sid is None:
            sid = "I" + hashlib.sha1("|".join((title, pub, date, url)).encode()).hexdigest()[:8]
            rows.append((sid, title, pub or None, date or None, url or None))
        df.at[idx, "source_id"] = sid
    return pd.DataFrame(sorted(set(rows)), columns=list(SOURCE_COLUMNS))


def stage(con, table: str, name: str, df: pd.DataFrame) -> list[str]:
    """Normalise, load as text into `raw`, check; when clean, the typed rows are in `new`, their sources in `new_sources`."""
    lookups = _lookups(con)
    df, early = normalise(table, df, lookups)
    sources = pd.DataFrame(columns=list(SOURCE_COLUMNS))
    if table == "figures":
        sources = _new_sources(con, df)
    for t in ("raw", "new", "new_sources", "diff"):
        con.execute(f"DROP TABLE IF EXISTS temp.{t}")
    con.register("raw_df", df)
    con.execute("CREATE TEMP TABLE raw AS SELECT * FROM raw_df")
    con.unregister("raw_df")
    con.register("sources_df", sources.astype(object))
    con.execute("CREATE TEMP TABLE new_sources AS SELECT "
                + ", ".join(f"CAST({c} AS VARCHAR) AS {c}" for c in SOURCE_COLUMNS) + " FROM sources_df")
    con.unregister("sources_df")
    problems = check(con, table, name, df, early)
    if problems:
        return problems
    types = {c.name: c.type for c in records.TABLES.get(table, ())} | TYPES.get(table, {})
    cols = ", ".join(f"CAST(NULLIF({c}, '') AS {types.get(c, 'VARCHAR')}) AS {c}" for c in _value_columns(table))
    con.execute(f"CREATE TEMP TABLE new AS SELECT _row, {cols} FROM raw")
    return []


def diff(con, table: str) -> dict[str, int]:
    """Split `new` into rows to add, to change (with the changed columns named) and to leave as they are."""
    key = KEYS[table]
    values = [c for c in _value_columns(table) if c not in key]
    on = " AND ".join(f"n.{k} = o.{k}" for k in key)
    same = " AND ".join(f"n.{c} IS NOT DISTINCT FROM o.{c}" for c in values) or "true"
    changed = ", ".join(f"CASE WHEN n.{c} IS DISTINCT FROM o.{c} THEN '{c}' END" for c in values)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE diff AS
        SELECT n.*, CASE WHEN o._hit IS NULL THEN 'add' WHEN {same} THEN 'same' ELSE 'change' END AS _action,
               CASE WHEN o._hit IS NOT NULL AND NOT ({same}) THEN concat_ws(', ', {changed}) END AS _changed
        FROM new n LEFT JOIN (SELECT *, true AS _hit FROM {_existing(table)}) o ON {on}""")
    counts = dict(con.execute("SELECT _action, count(*) FROM diff GROUP BY 1").fetchall())
    return {a: counts.get(a, 0) for a in ("add", "change", "same")}


def samples(con, n: int = 20) -> dict[str, pd.DataFrame]:
    return {a: con.execute(f"SELECT * EXCLUDE (_action) FROM diff WHERE _action = '{a}' ORDER BY _row LIMIT {n}").df()
            for a in ("add", "change", "same")}


def upsert(con, table: str) -> None:
    """Replace changed rows and add new ones (the key decides); demo rows are never touched."""
    key = KEYS[table]
    cols = _value_columns(table)
    match = " AND ".join(f"d.{k} = t.{k}" for k in key)
    real = "" if table == "figures" else "NOT t.is_demo AND "
    con.execute(f"DELETE FROM {table} t WHERE {real}EXISTS (SELECT 1 FROM diff d WHERE d._action = 'change' "
                f"AND {match})")
    if table == "figures":
        con.execute("""INSERT INTO sources (source_id, title, publisher, published, url)
                       SELECT * FROM new_sources WHERE source_id NOT IN (SELECT source_id FROM sources)""")
        con.execute(f"""INSERT INTO figures (figure_id, {', '.join(cols)}, as_of_end)
            SELECT (SELECT coalesce(max(figure_id), 0) FROM figures) + row_number() OVER (ORDER BY _row),
                   {', '.join(cols)}, period_end(as_of)
            FROM diff WHERE _action <> 'same'""")
    else:
        con.execute(f"INSERT INTO {table} ({', '.join(cols)}, is_demo) SELECT {', '.join(cols)}, false "
                    f"FROM diff WHERE _action <> 'same' ORDER BY _row")


def refresh(con, figures: bool, rollups: bool) -> None:
    """Recompute what is derived from the changed tables: best/latest figures (warehouse.sql), roll-ups."""
    if figures:
        for stmt in con.extract_statements(SCHEMA.read_text(encoding="utf-8")):
            m = re.search(r"CREATE TABLE (figures_best|figures_latest)\b", stmt.query)
            if m:
                con.execute(f"DROP TABLE IF EXISTS {m[1]}")
                con.execute(stmt.query)
    if rollups:
        sql = ROLLUPS.read_text(encoding="utf-8")
        for t in re.findall(r"CREATE TABLE (\w+)", sql):
            con.execute(f"DROP TABLE IF EXISTS {t}")
        con.execute(sql)


# ------------------------------------------------------------------------------------------- keeping imports

def imports_dir(db: Path) -> Path:
    """Where accepted imports are kept for the next build: `warehouse.imports/` beside `warehouse.duckdb`, in
    versions switched by one rename (ingest.atomic); kept_files() is the live version's folder."""
    return atomic.kept_folder(db)


def kept_files(db: Path) -> Path:
    """The folder of the live kept files (stations.csv, …, import_log.csv) of the warehouse `db`."""
    return atomic.kept_dir(imports_dir(db))


LOG_COLUMNS = ["imported_at", "user", "table", "file", "rows", "added", "changed", "unchanged"]


def import_log(db: Path) -> pd.DataFrame | None:
    """Who imported what and when (newest last), or None before the first import."""
    log = kept_files(db) / "import_log.csv"
    if not log.exists():
        return None
    return pd.read_csv(log, dtype=str, keep_default_na=False).reindex(columns=LOG_COLUMNS, fill_value="")


def _q(path: Path) -> str:
    return str(path).replace("'", "''")


def _write_kept(con, table: str, version: Path) -> None:
    """Merge this import into the kept files of a new version (old kept rows not replaced, plus the new rows)."""
    def write(name: str, columns: list[str], key: tuple[str, ...], new_sql: str) -> None:
        final = version / f"{name}.csv"
        cols = ", ".join(columns)
        parts = [f"SELECT {cols} FROM ({new_sql})"]
        if final.exists():
            old = f"read_csv('{_q(final)}', header = true, all_varchar = true, delim = ',', quote = '\"')"
            match = " AND ".join(f"CAST(n.{k} AS VARCHAR) = o.{k}" for k in key)
            parts.insert(0, f"SELECT {cols} FROM {old} o WHERE NOT EXISTS (SELECT 1 FROM ({new_sql}) n WHERE {match})")
        tmp = version / f"{name}.csv.tmp"
        union = " UNION ALL ".join(f"SELECT {', '.join(f'CAST({c} AS VARCHAR) AS {c}' for c in columns)} FROM ({p})"
                                   for p in parts)
        con.execute(f"COPY ({union}) TO '{_q(tmp)}' (HEADER, DELIMITER ',')")
        os.replace(tmp, final)  # inside a version nobody reads yet

    cols = _value_columns(table)
    write(table, cols, KEYS[table], f"SELECT {', '.join(cols)} FROM new")
    if table == "figures":
        write("sources", list(SOURCE_COLUMNS), ("source_id",), "SELECT * FROM new_sources")


def _log(version: Path, outcome: Outcome, user: str) -> None:
    """Add who imported what, and when, to the new version's import log (written with it, so never lost)."""
    log = version / "import_log.csv"
    rows = []
    if log.exists():  # logs written before the user column get an empty one
        with log.open(encoding="utf-8", newline="") as f:
            rows = [[r.get(c, "") for c in LOG_COLUMNS] for r in csv.DictReader(f)]
    rows.append([dt.datetime.now().astimezone().isoformat(timespec="seconds"), user, outcome.table, outcome.name,
                 outcome.rows, outcome.added, outcome.changed, outcome.unchanged])
    with log.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(LOG_COLUMNS)
        w.writerows(rows)


def marked_version(con) -> str:
    """The kept-imports version a warehouse reflects ('' when built before versions or without any import)."""
    try:
        return con.execute("SELECT version FROM kept_imports").fetchone()[0]
    except duckdb.CatalogException:
        return ""


def mark_version(con, version: str) -> None:
    con.execute("CREATE OR REPLACE TABLE kept_imports AS SELECT CAST($v AS VARCHAR) AS version", {"v": version})


def replay(con, folder: Path) -> list[str]:
    """Upsert the live kept imports of `folder` into `con` (build: before its roll-ups; import: to catch up a
    warehouse whose writer was killed after the kept imports were switched). An upsert by key, so idempotent."""
    folder = Path(folder)
    problems: list[str] = []
    live = atomic.kept_dir(folder)
    if not live.is_dir():
        return problems
    label = folder.name
    for table in TABLES:
        path = live / f"{table}.csv"
        if not path.exists():
            continue
        if table == "figures" and (live / "sources.csv").exists():
            con.execute(f"""INSERT INTO sources SELECT source_id, title, NULLIF(publisher, ''), NULLIF(published, ''),
                            NULLIF(url, '') FROM read_csv('{_q(live / 'sources.csv')}', header = true,
                            all_varchar = true) WHERE source_id NOT IN (SELECT source_id FROM sources)""")
        name = f"{label}/{path.name}"
        try:
            df = frame(table, read(name, path.read_bytes(), table))
        except ImportProblems as e:
            problems += e.problems
            continue
        found = stage(con, table, name, df)
        if found:
            problems += found
            continue
        diff(con, table)
        upsert(con, table)
        if table == "figures":
            refresh(con, figures=True, rollups=False)
    for t in ("raw", "new", "new_sources", "diff"):
        con.execute(f"DROP TABLE IF EXISTS temp.{t}")
    return problems


# --------------------------------------------------------------------------------------------------- running

def run(table: str, name: str, data: bytes | pd.DataFrame, db: Path | None = None, dry_run: bool = False,
        progress: Progress = _no_progress, user: str = "", wait: bool = True) -> Outcome:
    """Read, check and (unless dry_run) apply one import. `data` is the file's bytes, or a frame of text columns.
    `user` is logged with the import; with wait=False a busy warehouse is a problem instead of a wait."""
    from shegong.queries import warehouse_path

    t0 = time.perf_counter()
    db = Path(db) if db else warehouse_path()
    out = Outcome(name, table, dry_run=dry_run)
    from shegong.config import public

    if public():  # defence in depth: the public deployment has no admin page and never writes
        out.problems = [f"{name}:1:-: imports are disabled in the public deployment (SHEGONG_PUBLIC=1)"]
        return out
    if table not in TABLES:
        out.problems = [f"{name}:1:-: unknown table {table!r}; one of {', '.join(TABLES)}"]
        return out
    if not db.is_file():
        out.problems = [f"{name}:1:-: no warehouse at {db}: run `python -m shegong build` first"]
        return out
    try:
        progress(0.0, "read")
        if isinstance(data, pd.DataFrame):  # rows from the page (a bulletin's ticked candidates)
            text = data.astype(object).where(data.notna(), "").astype(str)
            lines = [int(i) + 1 for i in text.index] if pd.api.types.is_integer_dtype(text.index) else list(range(1, len(text) + 1))
            sheet = Sheet(name, list(text.columns), text.values.tolist(), lines)  # row = position in the table
        else:
            sheet = read(name, data, table, progress)
        out.encoding = sheet.encoding
        df = frame(table, sheet)
    except ImportProblems as e:
        out.problems = e.problems
        out.seconds = time.perf_counter() - t0
        return out
    out.rows = len(df)
    if not len(df):
        out.problems = [f"{name}:2:-: has a header but no rows"]
        return out
    try:  # with wait=False, atomic.Busy reaches the caller: the file is fine, the warehouse is busy
        _commit(table, name, df, db, dry_run, progress, user, wait, out)
    finally:
        out.seconds = time.perf_counter() - t0
        progress(1.0, "done")
    return out


def _commit(table, name, df, db, dry_run, progress, user, wait, out) -> None:
    """Under the writer lock: check and upsert into a copy of the warehouse, write and sync a new version of the kept
    imports, switch to it (the commit point), then rename the copy over the warehouse."""
    from shegong.queries import check_all

    folder = imports_dir(db)
    with replacing(db, copy=True, wait=wait, name="import") as job, contextlib.ExitStack() as stack:
        progress(0.3, "copy")
        version = None
        with duckdb.connect(str(job.path)) as con:
            live = atomic.kept_version(folder)
            behind = marked_version(con) != live  # the last writer was killed between its two renames
            if behind:
                out.problems = replay(con, folder)
                if out.problems:
                    return
                refresh(con, figures=True, rollups=True)
                mark_version(con, live)
            progress(0.4, "check")
            out.problems = stage(con, table, name, df)
            if out.problems:
                return
            progress(0.6, "compare")
            counts = diff(con, table)
            out.added, out.changed, out.unchanged = counts["add"], counts["change"], counts["same"]
            out.samples = samples(con)
            if dry_run or not (out.added or out.changed):  # nothing to write (but a copy brought up to date)
                if dry_run or not behind:
                    return
            else:
                progress(0.7, "write")
                upsert(con, table)
                progress(0.75, "rollups")
                refresh(con, figures=table == "figures", rollups=table != "figures")
                fault("import:upserted")
                version = stack.enter_context(atomic.new_kept_version(folder))
                _write_kept(con, table, version)
                _log(version, out, user)
                mark_version(con, version.name)
            con.execute("CHECKPOINT")
        progress(0.9, "queries")
        failed = check_all(job.path)
        if failed:
            out.problems = failed
            return
        if version is not None:
            fault("import:kept-written")
            atomic.switch_kept(folder, version)  # the commit point: the next build has these rows
            fault("import:kept-switched")
        job.commit()
        fault("import:committed")
        out.applied = version is not None
