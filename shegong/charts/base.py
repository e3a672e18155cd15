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

from shegong import fmt, i18n
from shegong.config import BOUNDARIES_DIR
from shegong.i18n import t
from shegong.vocab import SHORT_NAMES  # noqa: F401  (charts import it from here with the colours)

# Okabe–Ito colours (colour-blind safe), one per province on every chart.
PROVINCE_COLOURS = {"410000": "#0072B2", "130000": "#E69F00", "640000": "#009E73", "110000": "#CC79A7"}
FONT = "WenQuanYi Zen Hei, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
NO_DATA = "暂无公开数据"
# plotly.js fetches a world topojson from a CDN for every geo plot; this empty one keeps maps working
# offline and keeps plotly's own borders off them (see NOTES.md).
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


def wrap(text: str, width: int) -> str:
    """Break text into <br>-separated lines of at most `width` cells, between words or Chinese characters."""
    lines, line = [], ""
    for token in re.findall(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+|\s+", text or ""):
        if line and _cells(line + token) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return "<br>".join(lines)


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
DEMO_SOURCE = "社工站数据看板演示数据集（python -m shegong demo 生成，按公开数字校准）"
i18n.add({DEMO_SOURCE: "Shegong Dashboard demo dataset (made by python -m shegong demo, calibrated to published "
                       "figures)"})


def frame(fig: go.Figure, title: str, subtitle: str, sources: list[str], notes: list[str],
          width_chars: int = 64, axis_space: int = 0, demo: bool = False) -> go.Figure:
    """Put the title, subtitle and the source/note footer inside the figure.

    `axis_space` is the height (px) of the x-axis labels under the plot, which the footer goes below.
    `demo` marks a figure drawn (in part) from demo data: a note in the footer and a watermark on the plot,
    so that no export or screenshot can pass it off as real.
    """
    if demo:
        notes = [t(DEMO_NOTE), *notes]
        sources = list(sources) or [t(DEMO_SOURCE)]
        fig.add_annotation(text=t("演示数据"), xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                           font={"size": 64, "color": "rgba(200, 0, 0, 0.10)"}, textangle=-20)
    footer = []
    sep, stop = i18n.sep(), "." if i18n.en() else "。"
    width = width_chars * 2  # in cells: a Chinese character is two
    if sources:
        footer.append(wrap(t("来源：") + sep.join(f"{i}. {s}" if len(sources) > 1 else s
                                                  for i, s in enumerate(sources, 1)), width))
    if notes:
        footer.append(wrap(t("注：") + sep.join(notes) + stop, width))
    text = "<br>".join(footer)
    lines = text.count("<br>") + 1 if text else 0
    fig.update_layout(
        # the same title, sources and notes as plain data, for file names, data downloads and report captions
        meta={"title": title, "subtitle": subtitle, "sources": list(sources), "notes": list(notes), "demo": demo},
        title={"text": title, "subtitle": {"text": subtitle, "font": {"size": 13, "color": "#555"}},
               "x": 0.01, "xanchor": "left", "font": {"size": 19}},
        font={"family": FONT, "size": 13},
        margin={"t": 80, "l": 20, "r": 20, "b": 20 + axis_space + 16 * lines},
        paper_bgcolor="white",
    )
    height, margin = fig.layout.height, fig.layout.margin
    if height and height - margin.t - margin.b < MIN_PLOT:  # a long footer must not squeeze the plot away
        fig.update_layout(height=margin.t + margin.b + MIN_PLOT)
    if text:
        fig.add_annotation(text=text, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                           yshift=-axis_space - 8,
                           align="left", showarrow=False, font={"size": 11, "color": "#444"})
    return fig


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
    first, last = fmt.date(d.iloc[0]), fmt.date(d.iloc[-1])
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


