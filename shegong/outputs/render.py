"""Exhibits as print-quality images (PNG, SVG, PDF) rendered on the server.

Images are rendered by kaleido in one Debian chromium kept warm for the life of the process, so a PNG looks the
same whatever the user's computer has (fonts-wqy-zenhei is the CJK font). Rendering is bounded: at most
SHEGONG_EXPORT_CONCURRENCY renders at a time (default 1 on a two-core machine), a waiting request gives up after
SHEGONG_EXPORT_WAIT seconds with a plain "busy" error, and a render that hangs is cut off — so exports in the
public deployment never starve the pages. The export browser runs behind a dead proxy: it cannot fetch anything,
so boundaries are embedded and plotly's world topojson is replaced by an empty stub.
"""
from __future__ import annotations

import asyncio
import atexit
import hashlib
import json
import re
import threading
from collections import OrderedDict
from concurrent.futures import TimeoutError as FutureTimeout

import plotly.graph_objects as go
import plotly.io as pio

from shegong import config, i18n
from shegong.charts import base
from shegong.i18n import t
from shegong.outputs.datafiles import column_text

IMAGE_FORMATS = ("png", "svg", "pdf")
WIDTH, HEIGHT, PRINT_SCALE = 1200, 760, 2  # px; 1200 at scale 2 is 2400 px wide, 20 cm at 300 dpi
TABLE_IMAGE_ROWS = 30  # a table rendered as an image shows at most this many rows; the data files have all
TABLE_CELL_CHARS = 60

RENDER_TIMEOUT_S = 60.0
DEAD_PROXY = "127.0.0.1:9"  # discard port: every http(s) request of the export browser fails at once


class ExportError(RuntimeError):
    """An export that could not be made; the message says why in the user's language."""


class ExportBusy(ExportError):
    """Every renderer stayed busy for config.export_wait() seconds."""


# --- image rendering: one warm chromium --------------------------------------------------------------------------

class Renderer:
    """One kaleido (chromium with CONCURRENCY tabs) on its own event loop thread, started on first use.

    kaleido's own sync server is not safe to call from several threads (Streamlit runs each session in its own),
    so this keeps the loop and hands each render to it with run_coroutine_threadsafe; the semaphore bounds how
    many wait inside.
    """

    def __init__(self, concurrency: int | None = None):
        self.concurrency = concurrency or config.export_concurrency()
        self._slots = threading.BoundedSemaphore(self.concurrency)
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
        if not self._slots.acquire(timeout=config.export_wait()):
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


COPYING = threading.Lock()


def prepare(fig: go.Figure, width: int | None = None) -> dict:
    """The figure as kaleido gets it: a copy with every boundary served as a static URL embedded.

    Pages point choropleths at /app/static/NAME.geojson (small reruns); a server-side render has no Streamlit to
    serve it, so the GeoJSON (data/boundaries/NAME.geojson) goes into the figure. Any other URL is refused: the
    export browser has no network. The project's template is pinned and the frame laid out for the export's
    width, so the download button, the report and the CLI give the same image whatever the process imported.
    """
    with COPYING:  # plotly figures are not safe to copy while another thread copies the same cached one
        fig, _ = base.copy_figure(fig)
        base.fit(fig, width or size_of(fig)[0])
        base.pin_template(fig, base.TEMPLATE)  # whatever template the figure or the process had
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
    # the key is the figure as the page has it (boundary URLs, not the embedded megabyte)
    key = hashlib.sha1((pio.to_json(fig, validate=False) + json.dumps([fmt_, scale, width, height])).encode()
                       ).hexdigest()
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    spec = prepare(fig, width)
    w, h = int(width or spec["layout"].get("width") or WIDTH), int(height or spec["layout"].get("height") or HEIGHT)
    opts = {"format": fmt_, "width": w, "height": h, "scale": scale}
    out = RENDERER.render(spec, opts)
    with _cache_lock:
        _cache[key] = out
        while len(_cache) > CACHE_ENTRIES:
            _cache.popitem(last=False)
    return out


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text or "")


def table_figure(exhibit, width: int = WIDTH) -> go.Figure:
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
    inner = width - 40
    per_line = [max(2, int((inner * w / sum(want) - 12) / 6.6)) for w in want]  # cells per line at 11 px
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
    return base.frame(fig, exhibit.title, exhibit.subtitle, exhibit.sources, notes, demo=exhibit.demo,
                      plot_height=12 + 20 * head_lines + sum(10 + 20 * n for n in lines), width=width)


def _wrap(text: str, width: int) -> str:
    """base.wrap, and a word longer than the line (a URL) cut into pieces that fit."""
    out = []
    for line in base.wrap(text, width).split("<br>"):
        while base._cells(line) > width:
            i = next(i for i in range(1, len(line) + 1) if base._cells(line[:i]) > width) - 1
            while 1 < i < len(line) and (line[i] in base.CLOSING or line[i - 1] in base.OPENING):
                i -= 1  # the Chinese rules of base.wrap hold for a cut word as well
            out.append(line[:max(1, i)])
            line = line[max(1, i):]
        out.append(line)
    return "<br>".join(o for o in out if o)


def _cut(text: str) -> str:
    return text if len(text) <= TABLE_CELL_CHARS else text[:TABLE_CELL_CHARS - 1] + "…"


def figure_of(exhibit, width: int = WIDTH) -> go.Figure:
    return exhibit.figure if exhibit.figure is not None else table_figure(exhibit, width)


def image(exhibit, fmt_: str = "png", scale: float = PRINT_SCALE, width: int | None = None) -> bytes:
    """An exhibit as an image `width` px wide (default: the export width, 1200) that says what it is."""
    fig = figure_of(exhibit, width or WIDTH)
    return described(render(fig, fmt_, scale, width=width), fmt_, exhibit)


AUTHOR = "社工站数据看板"
DOC_LANG = {"zh": "zh-CN", "en": "en"}


def described(data: bytes, fmt_: str, exhibit) -> bytes:
    """An image that says what it is: SVG <title>/<desc> (the text alternative), PDF title, author and language.

    kaleido names every PDF "Kaleido-fier" and gives an SVG no text alternative; a screen reader or a document
    manager reads these.
    """
    title = _plain(exhibit.title).replace("<br>", " ")
    if fmt_ == "svg":
        return _svg_described(data, title, exhibit.alt)
    if fmt_ == "pdf":
        return _pdf_described(data, title, exhibit.alt)
    return data


def _svg_described(svg: bytes, title: str, desc: str) -> bytes:
    from xml.sax.saxutils import escape

    text = svg.decode("utf-8")
    start = re.search(r"<svg\b[^>]*>", text)
    if start is None:
        return svg
    root = start.group(0)
    tag = root[:-1] + ' role="img" aria-labelledby="sg-title sg-desc">' if "role=" not in root else root
    inner = f'<title id="sg-title">{escape(title)}</title><desc id="sg-desc">{escape(desc)}</desc>'
    return (text[:start.start()] + tag + inner + text[start.end():]).encode("utf-8")


def _pdf_described(pdf: bytes, title: str, desc: str) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": title, "/Author": t(AUTHOR), "/Subject": desc, "/Creator": t(AUTHOR)})
    writer._root_object[NameObject("/Lang")] = TextStringObject(DOC_LANG[i18n.lang()])
    writer.create_viewer_preferences().display_doctitle = True  # viewers show the title, not the file name
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


i18n.add({
    "无法启动图片导出用的浏览器（chromium）：{e}": "Cannot start the browser (chromium) that renders images: {e}",
    "图片导出繁忙，请稍后再试": "Image export is busy; please try again in a minute",
    "图片导出超时（{s}秒）": "Image export timed out ({s} s)",
    "图片导出失败：{e}": "Image export failed: {e}",
    "地图边界 {url} 无法嵌入导出图片": "The map boundary {url} cannot be embedded in an exported image",
    "图中列出前{n}行，共{total}行；完整数据见 CSV/XLSX 下载":
        "The first {n} of {total} rows; download CSV/XLSX for all of them",
    "完整数据的其他来源": "Other source of the whole series", "标题": "Title", "数据范围": "Data",
    "完整序列（查询原始列）": "Whole series (raw query columns)",
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
    "默认": "default", "暂无可导出的数据": "nothing to export", "社工站数据看板": "Shegong Dashboard",
})
