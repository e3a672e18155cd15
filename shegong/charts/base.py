"""What every figure shares: colours, fonts, the offline map config, and the frame — title, subtitle and a
source/note footer drawn inside the figure, so that every export keeps them (as OWID's Grapher does)."""
from __future__ import annotations

import functools
import json
import math
import re
import unicodedata

import pandas as pd
import plotly.graph_objects as go

from shegong import escape, fmt, i18n
from shegong.config import BOUNDARIES_DIR
from shegong.i18n import t

FONT = "WenQuanYi Zen Hei, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
NO_DATA = "暂无公开数据"
# plotly.js fetches a world topojson from a CDN for every geo plot; this empty one keeps maps working
# offline (without it the map is blank and an image export fails with kaleido's error 525) and keeps plotly's
# own borders off them.
TOPOJSON_STUB = 'data:application/json,{"type":"Topology","objects":{},"arcs":[]}#'
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_STUB, "displaylogo": False}
MIN_PLOT = 200  # px: the least height of a plot between its title and its footer
STATIC_URL = "/app/static"  # data/boundaries/ served by Streamlit (server.enableStaticServing)


def boundary_url(name: str) -> str:
    return f"{STATIC_URL}/{name}.geojson"


@functools.cache
def load_boundary(name: str) -> dict:
    return json.loads((BOUNDARIES_DIR / f"{name}.geojson").read_text(encoding="utf-8"))


def _cells(s: str) -> int:
    """Display width: a Chinese character takes two cells, a Latin letter one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


# Chinese line-break rules (GB/T 15834, W3C clreq): no closing mark at the start of a line, no opening mark at its end
CLOSING = "、。，．,.;；:：!！?？)）]］}｝〉》」』】〕〗〙〛”’％…·"  # not "%": a hovertemplate starts "%{x}"
OPENING = "(（[［{｛〈《「『【〔〖〘〚“‘"
_TOKEN = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+|\s+")


def _unbreakable(text: str) -> list[str]:
    """The text in pieces a line may break between: words and single Chinese characters, with a closing mark kept
    with what precedes it and an opening mark with what follows (so "、" or "）" is carried down with the character
    before it, never left to start a line)."""
    pieces: list[str] = []
    for token in _TOKEN.findall(text or ""):
        if pieces and not token.isspace() and (token[0] in CLOSING or pieces[-1][-1] in OPENING):
            if token[0] in CLOSING and pieces[-1].isspace() and len(pieces) > 1:  # "word )": the space goes too
                token = pieces.pop() + token
            pieces[-1] += token
        else:
            pieces.append(token)
    return pieces


def wrap(text: str, width: int) -> str:
    """Break text into <br>-separated lines of at most `width` cells, between words or Chinese characters and by the
    Chinese rules (no 、，。）》” at a line's start, no （《“ at its end): the one wrap every title, subtitle, footer,
    label and table cell goes through. Each line escaped for plotly (escape.plotly), so text from data is text."""
    return "<br>".join(escape.plotly(x) for x in wrap_lines(escape.plotly_untagged(text), width))


def wrap_lines(text: str, width: int) -> list[str]:
    """The lines of `wrap`, unescaped (a tag split over two lines would escape its own removal: callers untag first)."""
    lines, line = [], ""
    for piece in _unbreakable(text):
        if line.strip() and _cells(line + piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


def breaks_badly(lines: list[str]) -> list[str]:
    """The lines that break a Chinese rule: one starting with a closing mark, or one (not the last) ending with an
    opening mark (tests sweep every exhibit with it)."""
    bad = [x for x in lines if x.strip() and x.strip()[0] in CLOSING]
    return bad + [x for x in lines[:-1] if x.strip() and x.strip()[-1] in OPENING]


def sources_of(df: pd.DataFrame) -> list[str]:
    """Distinct source lines of the rows that have a figure, in order of appearance."""
    rows = df.dropna(subset=["source_title"]).drop_duplicates("source_id")
    return [fmt.source_line(r.source_title, r.publisher, r.published) for r in rows.itertuples()]


def qualifier_notes(df: pd.DataFrame, column: str = "qualifier") -> list[str]:
    q = set(df[column].dropna())
    notes = []
    if "at_least" in q:
        notes.append(t("“≥”表示原文为“余/超过/多”，为下限值"))
    if "approx" in q:
        notes.append(t("“约”表示约数"))
    return notes


DEMO_NOTE = "演示数据：按公开数字校准的模拟数据，用于展示看板功能，不是真实统计"
# the source line of a chart drawn from demo records alone: an exported image never goes without one
DEMO_SOURCE = "社工站数据看板演示数据集（模拟生成，按公开数字校准）"
i18n.add({DEMO_SOURCE: "Shegong Dashboard demo dataset (simulated, calibrated to published figures)"})


def _template() -> go.layout.Template:
    """The project's own plotly template, pinned on every figure so that nothing depends on what the process
    imported: `import streamlit` makes Streamlit's template plotly's default for the whole process (no axis
    automargin: cut tick labels, other colours), and the CLI never imports streamlit (tests/browser/test_canvas.py)."""
    import plotly.io as pio

    tpl = go.layout.Template(pio.templates["plotly"].to_plotly_json())  # what the CLI has always drawn with
    tpl.layout.update(font={"family": FONT, "size": 13, "color": "#2a3f5f"}, paper_bgcolor="white",
                      title={"automargin": False}, separators=".,")
    for axis in (tpl.layout.xaxis, tpl.layout.yaxis):
        axis.update(automargin=True)
    return tpl


TEMPLATE = _template()
WIDTH = 1200  # px: the width exports are drawn at, and the one a frame is first laid out for
# px per display cell (half a Chinese character) at each text size, a little generous for Latin letters
TITLE_SIZE, SUBTITLE_SIZE, FOOTER_SIZE = 19, 13, 11
LINE = {TITLE_SIZE: 25, SUBTITLE_SIZE: 18, FOOTER_SIZE: 15}  # px per line of each size
LEGEND_ROW = 29  # px per row of a horizontal legend (measured)
# px kept free above the title of a chart on a page (for_screen): plotly's toolbar (modebar, 26 px high, 224 px wide
# at the top right) would otherwise sit on a title that fills a phone's width or a half-width column (measured at
# 390 and 760 px by tests/browser/test_phone_chrome.py); exports, which have no toolbar, keep no band
MODEBAR_BAND = 30


def _cells_for(width_px: float, size: int) -> int:
    return max(12, int(width_px / (size * 0.56)))


def _current(fig: go.Figure, narrow: dict) -> dict:
    """The figure's own values of what `narrow` changes, to put back on a wide canvas."""
    layout = fig.layout.to_plotly_json()
    return {"layout": {k: layout.get(k) for k in narrow.get("layout", {})},
            "traces": {i: {k: fig.data[int(i)].to_plotly_json().get(k) for k in v}
                       for i, v in narrow.get("traces", {}).items()}}


i18n.add({"（演示数据）": " (demo data)"})


def demo_titled(title: str) -> bool:
    """Whether a title already says 演示数据 (demo data)."""
    return "演示数据" in title or "demo data" in title.lower()


def frame(fig: go.Figure, title: str, subtitle: str, sources: list[str], notes: list[str],
          width_chars: int = 64, axis_space: int = 0, demo: bool = False, narrow: dict | None = None,
          plot_height: int = 0, width: int = 0) -> go.Figure:
    """Put the title, subtitle and the source/note footer inside the figure.

    `axis_space` is the height (px) of the x-axis labels under the plot, which the footer goes below.
    `demo` marks a figure drawn (in part) from demo data: a note in the footer and a watermark on the plot,
    so that no export or screenshot can pass it off as real.
    `plot_height` is what the plot needs (a table's rows); `width` the canvas width to lay out for first.
    `narrow` is what changes on a canvas under 700 px (a phone): {"layout": {...}, "traces": {index: {...}}}.
    The texts are kept in layout.meta and laid out by `fit` for a canvas width: 1200 px here, the export's
    width in render.prepare, the screen's on a page.
    """
    if demo:
        if not demo_titled(title):  # a downloaded image alone must say what it is
            title += t("（演示数据）")
        notes = [t(DEMO_NOTE), *notes]
        sources = list(sources) or [t(DEMO_SOURCE)]
        fig.add_annotation(text=t("演示数据"), xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                           font={"size": 64, "color": "rgba(200, 0, 0, 0.10)"}, textangle=-20,
                           name="watermark")
    pin_template(fig, TEMPLATE)
    fig.update_layout(
        # the same title, sources and notes as plain data, for file names, data downloads and report captions
        meta={"title": title, "subtitle": subtitle, "sources": list(sources), "notes": list(notes), "demo": demo,
              "frame": {"width_chars": width_chars, "axis_space": axis_space,
                        "height": fig.layout.height or 0, "narrow": narrow or {}, "plot": plot_height,
                        "wide": _current(fig, narrow or {})}},
        font={"family": FONT, "size": 13},
        paper_bgcolor="white",
    )
    return fit(fig, width or WIDTH)


def footer_text(sources: list[str], notes: list[str], cells: int) -> str:
    footer = []
    sep, stop = i18n.sep(), "." if i18n.en() else "。"
    if sources:
        footer.append(wrap(t("来源：") + sep.join(f"{i}. {s}" if len(sources) > 1 else s
                                                  for i, s in enumerate(sources, 1)), cells))
    if notes:
        footer.append(wrap(t("注：") + sep.join(notes) + stop, cells))
    return "<br>".join(footer)


def _lines(text: str) -> int:
    return text.count("<br>") + 1 if text else 0


def _legend_rows(fig: go.Figure, width: float) -> int:
    """Rows a horizontal legend takes at this width (0 when the figure shows no legend)."""
    if fig.layout.showlegend is False:
        return 0
    names = [tr.name for tr in fig.data if tr.name and tr.showlegend is not False
             and (tr.legendgroup is None or True)]
    if fig.layout.showlegend is not True and len(names) < 2:
        return 0
    rows, used = 1, 0.0
    for n in names:
        w = 46 + _cells(re.sub(r"<[^>]+>", "", n)) * 13 * 0.56
        if used and used + w > width:
            rows, used = rows + 1, 0.0
        used += w
    return rows


def _y_labels(fig: go.Figure) -> float:
    """How far (px) the y-axis labels may push the plot's left edge: category labels by their length, numbers
    by ~90 px ('600 million'); 0 without axes."""
    widest = 0.0
    for tr in fig.data:
        if tr.type not in ("bar", "scatter", "heatmap", "box"):
            continue
        widest = max(widest, 90)
        ys = tr.y if tr.y is not None else ()
        if tr.type == "heatmap" or getattr(tr, "orientation", None) == "h":
            labels = [re.sub(r"<[^>]+>", "", str(y)) for y in ys]
            widest = max([widest] + [_cells(y) * 13 * 0.56 + 12 for y in labels])
    ticks = fig.layout.yaxis.ticktext if fig.layout.yaxis else None
    if ticks:
        lines = [line for tick in ticks for line in re.sub(r"<(?!br)[^>]+>", "", str(tick)).split("<br>")]
        widest = max([widest] + [_cells(line) * 13 * 0.56 + 12 for line in lines])
    return widest


def _fit_labels(fig: go.Figure, plot_width: float) -> None:
    """Value labels over bars or points (a text-only scatter) that would run into each other at this width are
    left to the hover ("1.52亿元1.51亿元" on a phone); they come back on a wider canvas."""
    for tr in fig.data:
        if tr.type != "scatter" or tr.mode != "text" or tr.x is None or not tr.text or isinstance(tr.text, str):
            continue
        room = plot_width / max(1, len({str(x) for x in tr.x}))

        def widest(texts) -> float:
            return max(_cells(line) for s in texts for line in re.sub(r"<(?!br)[^>]+>", "", str(s)).split("<br>")
                       ) * 12 * 0.56 * 1.1

        if widest(tr.text) > room:  # the unit on a line of its own: '151.44261925<br>million yuan'
            tr.text = [re.sub(r"^(.*\d)\s*(\D+)$", r"\1<br>\2", str(s)) if "<br>" not in str(s) else s
                       for s in tr.text]
        tr.visible = widest(tr.text) < room


def fit(fig: go.Figure, width: int, band: int = 0) -> go.Figure:
    """Lay out title, subtitle, legend and footer for a canvas `width` px wide, in place: text wrapped to the
    width, margins and height made to hold it, so that no text leaves the canvas (measured by
    tests/browser/test_canvas.py in Chromium). `band` px are added free above the title (for the toolbar)."""
    meta = dict(fig.layout.meta or {})
    box = meta.get("frame")
    if not isinstance(box, dict):
        return fig
    inner = width - 40
    # the layout for this width first (a phone's shorter labels), so that the footer is wrapped for what is drawn
    changes = box["narrow"] if width < 700 else box.get("wide", {})
    if changes.get("layout"):
        fig.update_layout({k: v for k, v in changes["layout"].items() if v is not None})
    for i, v in changes.get("traces", {}).items():
        fig.data[int(i)].update({k: x for k, x in v.items() if x is not None})
    limit = box["width_chars"] * 2 if width >= WIDTH else 10 ** 6  # the author's line length on a wide canvas
    title = wrap(meta["title"], min(limit, _cells_for(inner, TITLE_SIZE)))
    marker = t("（演示数据）")
    if meta.get("demo") and meta["title"].endswith(marker) and _cells(meta["title"]) > box["width_chars"] * 1.4:
        # a half-page chart (short lines) shown in a narrow column: the demo marker on a line of its own
        title = wrap(meta["title"][:-len(marker)], min(limit, _cells_for(inner, TITLE_SIZE))) + "<br>" + marker.strip()
    subtitle = wrap(meta["subtitle"], min(limit + 20, _cells_for(inner, SUBTITLE_SIZE)))
    # the footer starts at the plot's left edge, which the y-axis labels push right
    footer = footer_text(meta["sources"], meta["notes"],
                         min(limit, _cells_for(inner - _y_labels(fig), FOOTER_SIZE)))
    # plotly.js lifts a title of n lines by ~0.7 line per extra line above its anchor: anchor it that much lower
    title_y = 14 + 14 * (_lines(title) - 1)
    # a title of several lines ends ~7 px per extra line lower than its line height says (measured at 358 px: a
    # three-line title put the subtitle into the legend)
    top = 14 + LINE[TITLE_SIZE] * _lines(title) + 7 * (_lines(title) - 1) + LINE[SUBTITLE_SIZE] * _lines(subtitle) + 10
    legend = _legend_rows(fig, inner)
    narrow = width < 700
    axis_space = box["axis_space"] + (30 if narrow and box["axis_space"] else 0)
    bottom = 14 + axis_space + (LINE[FOOTER_SIZE] * _lines(footer) + 8 if footer else 0)
    legend_top = top
    top += LEGEND_ROW * legend + (6 if legend else 0)
    height = max(box["height"] or (0 if box.get("plot") else 450), top + bottom + max(MIN_PLOT, box.get("plot", 0)))
    # the toolbar's band on top of it all: the plot keeps its size
    title_y, top, legend_top, height = title_y + band, top + band, legend_top + band, height + band
    fig.layout.annotations = [a for a in fig.layout.annotations if a.name != "footer"]
    fig.update_layout(
        title={"text": title, "subtitle": {"text": subtitle, "font": {"size": SUBTITLE_SIZE, "color": "#555"}},
               "x": 0.01, "xanchor": "left", "xref": "container", "y": 1 - title_y / height, "yanchor": "top",
               "yref": "container", "font": {"size": TITLE_SIZE}, "automargin": False},
        margin={"t": top, "l": 20, "r": 20, "b": bottom, "autoexpand": True},
        height=height,
        uniformtext={"minsize": 9, "mode": "hide"},
    )
    if legend:
        fig.update_layout(legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1 - legend_top / height,
                                  "yref": "container", "yanchor": "top", "font": {"size": 12}})
    if narrow:
        fig.update_xaxes(nticks=max(3, int(inner / 70)))
    _fit_labels(fig, inner - 70)
    for a in fig.layout.annotations:
        if a.name == "watermark":  # across the plot, never beyond the canvas
            a.font.size = min(64, max(16, int(width / 20)))
    if footer:
        fig.add_annotation(text=footer, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                           yshift=-axis_space - 8, align="left", showarrow=False,
                           font={"size": FOOTER_SIZE, "color": "#444"}, name="footer")
    return fig


PHONE_WIDTH = 358  # px: a chart's width on a 390 px phone (Streamlit's 16 px padding each side)


@functools.cache
def _template_for(types: tuple[str, ...]) -> go.layout.Template:
    """TEMPLATE with the trace defaults of these trace types only, and without the settings of subplots none of them
    draws on (3-D scenes, polar, ternary; geo but for maps): what is left out (~5 KB) changes nothing drawn."""
    spec = TEMPLATE.to_plotly_json()
    spec["data"] = {k: v for k, v in spec.get("data", {}).items() if k in types}
    unused = {"scene", "polar", "ternary"} | ({"geo"} if not {"choropleth", "scattergeo"} & set(types) else set())
    spec["layout"] = {k: v for k, v in spec.get("layout", {}).items() if k not in unused}
    return go.layout.Template(spec)


def pin_template(fig: go.Figure, template: go.layout.Template | dict) -> go.Figure:
    """Set the figure's template without validating it again, as plotly sets its default template: validating a
    template costs ~15 ms, a fifth of a page run with charts. TEMPLATE and _template_for's were validated when made,
    and a template taken from a figure (copy) when that figure was made."""
    layout = fig.layout
    layout._validate = False
    try:
        layout.template = template
    finally:
        layout._validate = fig._validate
    return fig


def copy_figure(fig: go.Figure) -> tuple[go.Figure, dict | None]:
    """A copy of the figure (exhibits are cached and shared) and its template as plain data, the copy's template
    left to the caller (`pin_template`): three times quicker than go.Figure(fig), which validates the template
    again."""
    spec = fig.to_dict()
    template = spec["layout"].pop("template", None)
    return go.Figure(spec), template


def for_screen(fig: go.Figure, width: int | None = None, band: int = MODEBAR_BAND) -> go.Figure:
    """A copy of the figure as a browser needs it (live pages and the snapshot): laid out by `fit` for `width` (None:
    1200 px) with `band` px free for plotly's toolbar above the title, without layout.meta (the frame's texts and
    per-width layouts, read on the server only) and without the template's defaults for trace types it does not draw
    (a third lighter)."""
    shown, template = copy_figure(fig)
    fit(shown, width or WIDTH, band)  # every chart is framed at WIDTH first (frame)
    shown.layout.meta = None
    if template is not None and template.get("layout", {}).get("font", {}).get("family") == FONT:  # ours
        template = _template_for(tuple(sorted({tr.type for tr in shown.data})))
    return pin_template(shown, template) if template is not None else shown


def cn_ticks(vmax: float, unit: str) -> dict:
    """Axis ticks in Chinese units (2,000万, 1亿) instead of plotly's 20M."""
    if not vmax or vmax != vmax or vmax <= 0:
        return {}
    raw = vmax / 4
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    vals = [i * step for i in range(int(vmax // step) + 2)]
    return {"tickvals": vals, "ticktext": [fmt.number(v, "" if unit != "%" else "%") for v in vals]}


def date_span(df: pd.DataFrame) -> str:
    d = df.dropna(subset=["as_of"]).sort_values("as_of_end")["as_of"]
    if d.empty:
        return ""
    a, b = str(d.iloc[0]), str(d.iloc[-1])
    if a.startswith(b):  # 2021-12-08 and 2021 (which ends later): the span is 2021, not "8 Dec 2021 to 2021"
        return fmt.date(b)
    first, last = fmt.date(a), fmt.date(b)
    return first if first == last else t("{a}至{b}", a=first, b=last)


# the kind of a record: demo data or a real register; every chart of records says which
KIND = {True: "演示数据", False: "登记数据"}
KIND_EN = {True: "Demo data", False: "Register data"}  # not t(KIND): i18n.EN's "演示数据" is the watermark's DEMO DATA


def kind_name(is_demo) -> str:
    """演示数据 / 登记数据, or Demo data / Register data."""
    return i18n.pick(KIND[bool(is_demo)], KIND_EN[bool(is_demo)])


def kind_word(is_demo) -> str:
    """The kind of record inside a sentence: 演示数据, or demo data."""
    name = kind_name(is_demo)
    return name.lower() if i18n.en() else name


def kind_tag(is_demo) -> str:
    """'（演示数据）' after a name, or ' (demo data)'."""
    return t("（{kind}）", kind=kind_word(is_demo))


QUALIFIER_SYMBOL = {"exact": "circle", "at_least": "triangle-up", "approx": "diamond"}
SYMBOL_NAME = {"circle": "圆点", "triangle-up": "三角", "diamond": "菱形"}


def month_span(months: pd.Series) -> str:
    if months.empty:
        return ""
    return t("{a}至{b}", a=fmt.month(months.min()), b=fmt.month(months.max()))


