"""Exports of every exhibit: print-quality images rendered on the server, and its data as CSV, XLSX or ZIP.

Images are rendered by kaleido in one Debian chromium kept warm for the life of the process, so a PNG looks the
same whatever the user's computer has (fonts-wqy-zenhei is the CJK font). Rendering is bounded: at most
SHEGONG_EXPORT_CONCURRENCY renders at a time (default 1 on a two-core machine), a waiting request gives up after
SHEGONG_EXPORT_WAIT seconds with a plain "busy" error, and a render that hangs is cut off — so exports in the
public deployment never starve the pages. The export browser runs behind a dead proxy: it cannot fetch anything,
so boundaries are embedded and plotly's world topojson is replaced by an empty stub.

Data files never run a formula when opened (OWASP "CSV injection"): a text cell starting with = + - @ tab or CR
is written as text — with a leading ' in CSV, as a typed string with Excel's quote prefix in XLSX.
"""
from __future__ import annotations

import asyncio
import atexit
import csv
import datetime as dt
import hashlib
import io
import json
import math
import os
import re
import sys
import threading
import zipfile
from collections import OrderedDict
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from shegong import fmt, i18n
from shegong.charts import base
from shegong.i18n import t

IMAGE_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("csv", "xlsx", "zip")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip": "application/zip",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
WIDTH, HEIGHT, PRINT_SCALE = 1200, 760, 2  # px; 1200 at scale 2 is 2400 px wide, 20 cm at 300 dpi
TABLE_IMAGE_ROWS = 30  # a table rendered as an image shows at most this many rows; the data files have all
TABLE_CELL_CHARS = 60

CONCURRENCY = max(1, int(os.environ.get("SHEGONG_EXPORT_CONCURRENCY", "1")))
WAIT_S = float(os.environ.get("SHEGONG_EXPORT_WAIT", "60"))  # longest wait for a free renderer
RENDER_TIMEOUT_S = 60.0
DEAD_PROXY = "127.0.0.1:9"  # discard port: every http(s) request of the export browser fails at once


class ExportError(RuntimeError):
    """An export that could not be made; the message says why in the user's language."""


class ExportBusy(ExportError):
    """Every renderer stayed busy for WAIT_S seconds."""


# --- image rendering: one warm chromium --------------------------------------------------------------------------

class Renderer:
    """One kaleido (chromium with CONCURRENCY tabs) on its own event loop thread, started on first use.

    kaleido's own sync server is not safe to call from several threads (Streamlit runs each session in its own),
    so this keeps the loop and hands each render to it with run_coroutine_threadsafe; the semaphore bounds how
    many wait inside.
    """

    def __init__(self, concurrency: int = CONCURRENCY):
        self.concurrency = concurrency
        self._slots = threading.BoundedSemaphore(concurrency)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self.renders = 0
        self.starts = 0

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> None:
        with self._lock:
            if self._kaleido is not None:
                return
            import kaleido

            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                threading.Thread(target=self._loop.run_forever, name="shegong-export", daemon=True).start()

            async def open_browser():
                k = kaleido.Kaleido(n=self.concurrency, timeout=RENDER_TIMEOUT_S, mathjax=False,
                                    proxy_server=DEAD_PROXY)
                await k.open()
                return k

            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), self._loop).result(60)
            except Exception as e:  # noqa: BLE001 - chromium missing, or it would not start
                raise ExportError(t("无法启动图片导出用的浏览器（chromium）：{e}", e=e)) from e
            self.starts += 1

    def stop(self) -> None:
        with self._lock:
            k, self._kaleido = self._kaleido, None
            if k is not None and self._loop is not None:
                try:
                    asyncio.run_coroutine_threadsafe(k.close(), self._loop).result(20)
                except Exception:  # noqa: BLE001 - a crashed browser cannot be closed politely
                    pass

    def render(self, fig: dict, opts: dict, topojson: str | None = base.TOPOJSON_STUB) -> bytes:
        if not self._slots.acquire(timeout=WAIT_S):
            raise ExportBusy(t("图片导出繁忙，请稍后再试"))
        try:
            self.start()
            future = asyncio.run_coroutine_threadsafe(
                self._kaleido.calc_fig(fig, opts=opts, topojson=topojson), self._loop)
            try:
                out = future.result(RENDER_TIMEOUT_S + 5)
            except (FutureTimeout, TimeoutError) as e:
                future.cancel()
                self.stop()  # a stuck tab: start afresh next time
                raise ExportError(t("图片导出超时（{s}秒）", s=int(RENDER_TIMEOUT_S))) from e
            except Exception as e:
                if type(e).__name__ != "KaleidoError":  # not the figure's fault: the browser may be gone
                    self.stop()
                raise ExportError(t("图片导出失败：{e}", e=e)) from e
            self.renders += 1
            return out
        finally:
            self._slots.release()


RENDERER = Renderer()
atexit.register(RENDERER.stop)


def warm_up() -> None:
    """Start the export browser in the background, so that the first download does not wait for chromium."""
    def start():
        try:
            RENDERER.start()
        except ExportError:
            pass  # the first export will say what is wrong

    threading.Thread(target=start, name="shegong-export-warm-up", daemon=True).start()

_cache: OrderedDict[str, bytes] = OrderedDict()  # recent images, so two users asking for one chart cost one render
_cache_lock = threading.Lock()
CACHE_ENTRIES = 32


def prepare(fig: go.Figure) -> dict:
    """The figure as kaleido gets it: a copy with every boundary served as a static URL embedded.

    Pages point choropleths at /app/static/NAME.geojson (small reruns); a server-side render has no Streamlit to
    serve it, so the GeoJSON (data/boundaries/NAME.geojson) goes into the figure. Any other URL is refused: the
    export browser has no network.
    """
    spec = fig.to_dict()
    for trace in spec.get("data", []):
        geo = trace.get("geojson")
        if isinstance(geo, str):
            prefix = base.STATIC_URL + "/"
            if not (geo.startswith(prefix) and geo.endswith(".geojson")):
                raise ExportError(t("地图边界 {url} 无法嵌入导出图片", url=geo))
            trace["geojson"] = base.load_boundary(geo[len(prefix):-len(".geojson")])
    return spec


def size_of(fig: go.Figure) -> tuple[int, int]:
    """The width and height (CSS px) an export uses: the figure's own, else 1200 × its height or 760."""
    return int(fig.layout.width or WIDTH), int(fig.layout.height or HEIGHT)


def render(fig: go.Figure, fmt_: str = "png", scale: float = PRINT_SCALE, width: int | None = None,
           height: int | None = None) -> bytes:
    """PNG, SVG or PDF bytes of a figure, rendered in the warm chromium."""
    if fmt_ not in IMAGE_FORMATS:
        raise ValueError(f"image format must be one of {', '.join(IMAGE_FORMATS)}, not {fmt_!r}")
    w, h = size_of(fig)
    opts = {"format": fmt_, "width": width or w, "height": height or h, "scale": scale}
    # the key is the figure as the page has it (boundary URLs, not the embedded megabyte)
    key = hashlib.sha1((pio.to_json(fig, validate=False) + json.dumps(opts, sort_keys=True)).encode()).hexdigest()
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    out = RENDERER.render(prepare(fig), opts)
    with _cache_lock:
        _cache[key] = out
        while len(_cache) > CACHE_ENTRIES:
            _cache.popitem(last=False)
    return out


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text or "")


def table_figure(exhibit) -> go.Figure:
    """A table-only exhibit drawn as a figure (first TABLE_IMAGE_ROWS rows) with the same title and footer.

    Column widths follow their text; long cells are cut at TABLE_CELL_CHARS with "…" (the data files keep all),
    and the height is worked out from the wrapped lines so that no row is hidden behind the footer.
    """
    df = exhibit.displayed
    shown = df.head(TABLE_IMAGE_ROWS)
    notes = [n for n in exhibit.notes if n != t(base.DEMO_NOTE)]
    if len(df) > len(shown):
        notes.append(t("图中列出前{n}行，共{total}行；完整数据见 CSV/XLSX 下载", n=len(shown), total=len(df)))
    texts = [[_cut(column_text(c, v)) for v in shown[c]] for c in shown.columns]
    heads = [str(c) for c in shown.columns]
    want = [min(40, max([8, base._cells(h)] + [base._cells(v) for v in col])) + 2 for h, col in zip(heads, texts)]
    inner = WIDTH - 40
    per_line = [max(4, int((inner * w / sum(want) - 16) / 6.2)) for w in want]  # cells per line at 11 px
    # plotly wraps only at spaces: break Chinese text ourselves, between characters
    cells = [[_wrap(v, n) for v in col] for col, n in zip(texts, per_line)]
    head = [_wrap(h, n) for h, n in zip(heads, per_line)]
    lines = [max([1] + [col[i].count("<br>") + 1 for col in cells]) for i in range(len(shown))]
    head_lines = max(h.count("<br>") + 1 for h in head)
    fig = go.Figure(go.Table(
        columnwidth=want,
        header={"values": [f"<b>{h}</b>" for h in head], "fill_color": "#eef2f7", "align": "left",
                "font": {"size": 12}, "height": 26},
        cells={"values": cells, "align": "left", "font": {"size": 11}, "height": 22},
    ))
    fig.update_layout(height=90 + 12 + 20 * head_lines + sum(10 + 20 * n for n in lines))
    return base.frame(fig, exhibit.title, exhibit.subtitle, exhibit.sources, notes, demo=exhibit.demo)


def _wrap(text: str, width: int) -> str:
    """base.wrap, and a word longer than the line (a URL) cut into pieces that fit."""
    out = []
    for line in base.wrap(text, width).split("<br>"):
        while base._cells(line) > width:
            i = next(i for i in range(1, len(line) + 1) if base._cells(line[:i]) > width) - 1
            out.append(line[:max(1, i)])
            line = line[max(1, i):]
        out.append(line)
    return "<br>".join(o for o in out if o)


def _cut(text: str) -> str:
    return text if len(text) <= TABLE_CELL_CHARS else text[:TABLE_CELL_CHARS - 1] + "…"


def figure_of(exhibit) -> go.Figure:
    return exhibit.figure if exhibit.figure is not None else table_figure(exhibit)


def image(exhibit, fmt_: str = "png", scale: float = PRINT_SCALE) -> bytes:
    return render(figure_of(exhibit), fmt_, scale)


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


def to_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM (so Excel opens the Chinese right), formula-like text cells made inert."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([inert(str(c)) for c in df.columns])
    for row in df.itertuples(index=False):
        w.writerow(["" if (x := _value(v)) is None else inert(x) for v in row])
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
    rows.append((t("导出"), t("社工站数据看板，{time}，图表编号 {id}", time=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                                id=exhibit.id)))
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

    df = exhibit.full if full else exhibit.displayed
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(t("数据"))
    ws.freeze_panes = "A2"
    for i, c in enumerate(df.columns, 1):
        longest = max([_width(str(c))] + [_width(_cell_text(v)) for v in df[c].head(200)])
        ws.column_dimensions[_letter(i)].width = min(60, max(8, longest + 2))
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    ws.append(_cells(ws, [str(c) for c in df.columns], font=bold))
    for row in df.itertuples(index=False):
        ws.append(_cells(ws, [_value(v) for v in row]))
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


def _cells(ws, values, font=None, alignment=None) -> list:
    """One row of cells; a text cell that could be a formula stays typed text with Excel's quote prefix."""
    from openpyxl.cell import WriteOnlyCell

    out = []
    for v in values:
        if font is None and alignment is None and not isinstance(v, str):
            out.append(v)  # numbers and empties need no cell object
            continue
        cell = WriteOnlyCell(ws, value=v)
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
    "unit_shown": ("显示单位（原文为人次时为“人次”）", "unit shown (人次 where the source counted person-times)"),
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
    "program": ("资金项目", "funding programme"),
    "is_demo": ("是否演示数据（true = 模拟数据，非真实统计）", "demo data (true = simulated, not real statistics)"),
    "amount_cny": ("金额（元）", "amount (yuan)"),
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
    "focus": ("是否为比较的四省之一", "one of the four compared provinces"),
    "people_served": ("服务人数", "people served"),
    "people_served_prev": ("上一期服务人数", "people served in the previous period"),
    "people_served_12m": ("近12个月服务人数", "people served in the last 12 months"),
    "people_served_prev_12m": ("此前12个月服务人数", "people served in the 12 months before"),
    "sessions": ("服务人次", "service sessions"),
    "sessions_prev": ("上一期服务人次", "sessions in the previous period"),
    "sessions_12m": ("近12个月服务人次", "sessions in the last 12 months"),
    "sessions_prev_12m": ("此前12个月服务人次", "sessions in the 12 months before"),
    "months_12m": ("近12个月中有记录的月数", "months with records in the last 12"),
    "months_prev_12m": ("此前12个月中有记录的月数", "months with records in the 12 before"),
    "category": ("服务对象类别", "category of people served"),
    "service_type": ("服务类型", "type of service"),
    "national": ("是否为全国目标", "national target"),
    "deadline": ("目标期限", "deadline of the target"),
    "deadline_end": ("目标期限的最后一天", "last day of the deadline"),
    "station_id": ("社工站编号", "station id"),
    "status": ("运行状态", "status"),
    "opened_on": ("建站日期", "opened on"),
    "operator": ("运营机构", "operator"),
    "lon": ("经度（GCJ-02）", "longitude (GCJ-02)"),
    "lat": ("纬度（GCJ-02）", "latitude (GCJ-02)"),
}


def column_meaning(column: str) -> str:
    zh, en = COLUMNS.get(column, ("见数据", "see the data"))
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


# --- one entry point for buttons, command line and report ------------------------------------------------------

def export(exhibit, fmt_: str, full: bool = False, scale: float = PRINT_SCALE) -> bytes:
    """The bytes of one export; `full` picks the whole series for csv/xlsx (a zip is always the full data)."""
    if fmt_ in IMAGE_FORMATS:
        return image(exhibit, fmt_, scale)
    if fmt_ == "csv":
        return to_csv(exhibit.full if full else exhibit.displayed)
    if fmt_ == "xlsx":
        return to_xlsx(exhibit, full)
    if fmt_ == "zip":
        return to_zip(exhibit)
    raise ValueError(f"format must be one of {', '.join(IMAGE_FORMATS + DATA_FORMATS)}, not {fmt_!r}")


def file_name(exhibit, fmt_: str, full: bool = False) -> str:
    suffix = "_full" if full and fmt_ in ("csv", "xlsx", "zip") else ""
    return f"{exhibit.file_stem}{suffix}.{fmt_}"


def parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for p in pairs:
        key, sep, value = p.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--param {p!r}: expected KEY=VALUE")
        params[key.strip()] = value.strip()
    return params


def main(args) -> int:
    """`python -m shegong export`: the same exhibits and files as the download buttons."""
    from shegong import catalog

    i18n.set_language(args.lang)
    if args.list:
        for chart_id in catalog.ids():
            entry = catalog.CATALOG[chart_id]
            print(f"{chart_id}\t{t(entry.label)}")
            for key, values in catalog.options(chart_id).items():
                shown = ", ".join(f"{v} ({label})" for v, label in list(values.items())[:8])
                shown += f", … (+{len(values) - 8})" if len(values) > 8 else ""
                default = ",".join(values) if key in entry.multi else next(iter(values))  # a subset: all
                print(f"    --param {key}=…  " + t("默认") + f" {default}: {shown}")
        return 0
    if not args.chart:
        print("export: give a chart id (see --list)", file=sys.stderr)
        return 2
    try:
        params = parse_params(args.param)
        exhibit = catalog.build(args.chart, **params)
    except (KeyError, ValueError) as e:
        print(f"export: {e.args[0] if e.args else e}", file=sys.stderr)
        return 2
    if exhibit is None:
        print(f"export: {args.chart} {params}: " + t("暂无可导出的数据"), file=sys.stderr)
        return 1
    try:
        data = export(exhibit, args.format, full=args.full)
    except ExportError as e:
        print(f"export: {e}", file=sys.stderr)
        return 1
    out = args.out or Path(file_name(exhibit, args.format, args.full))
    if out.is_dir() or not out.suffix:  # a folder, or a name without an extension taken as a folder
        out = out / file_name(exhibit, args.format, args.full)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"{out}\t{len(data):,} bytes")
    return 0


i18n.add({
    "无法启动图片导出用的浏览器（chromium）：{e}": "Cannot start the browser (chromium) that renders images: {e}",
    "图片导出繁忙，请稍后再试": "Image export is busy; please try again in a minute",
    "图片导出超时（{s}秒）": "Image export timed out ({s} s)",
    "图片导出失败：{e}": "Image export failed: {e}",
    "地图边界 {url} 无法嵌入导出图片": "The map boundary {url} cannot be embedded in an exported image",
    "图中列出前{n}行，共{total}行；完整数据见 CSV/XLSX 下载":
        "The first {n} of {total} rows; download CSV/XLSX for all of them",
    "完整数据的其他来源": "Other source of the whole series", "标题": "Title", "数据范围": "Data", "完整序列（查询原始列）": "Whole series (raw query columns)",
    "图表中显示的数据": "The data shown in the chart", "参数": "Parameters", "注": "Note",
    "数据日期": "Data as of", "限定词": "Qualifier", "行数": "Rows", "导出": "Exported",
    "社工站数据看板，{time}，图表编号 {id}": "Shegong Dashboard, {time}, chart id {id}",
    "列": "Column", "含义": "Meaning",
    "≥ 表示原文为“余/超过/多”（at_least），数值为下限":
        "≥ means the source said 余/超过/多 (more than; at_least): the value is a lower bound",
    "约 表示约数（approx）": "约 / ≈ means approximately (approx)",
    "所有数字均为确数（exact）": "All figures are exact",
    "文件": "Files", "完整数据（UTF-8，带 BOM）": "whole series (UTF-8 with BOM)",
    "完整数据（Excel；“说明”工作表同本文件）": "whole series (Excel; its Notes sheet repeats this file)",
    "列的含义（中文 / English）": "Columns (Chinese / English)",
    "以 = + - @ 开头的文本单元格在 CSV 中前加 '，在 XLSX 中存为文本，打开文件时不会执行公式。":
        "Text cells starting with = + - @ get a leading ' in CSV and are stored as text in XLSX, so that opening a "
        "file never runs a formula.",
    "默认": "default", "暂无可导出的数据": "nothing to export",
})
