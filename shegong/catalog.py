"""Every chart and table a user can export, by id: the one place that turns parameters into an exhibit.

Pages draw exhibits from here and the export buttons, `python -m shegong export` and the report pack build the
same exhibits from here, so a downloaded image or table is always what the page shows (as OWID's Grapher keeps
one definition per chart). An exhibit is a figure (or None for a table) with the data on screen ("displayed"),
the whole series behind it ("full") and the title, sources and notes that go with it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from shegong import PROVINCES, display, i18n
from shegong.charts import maps, published
from shegong.i18n import t
from shegong.queries import run


@dataclass
class Exhibit:
    """A chart or a table with everything an export needs to stand on its own."""
    id: str
    params: dict[str, str]
    figure: go.Figure | None
    displayed: pd.DataFrame
    full: pd.DataFrame
    title: str = ""
    subtitle: str = ""
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    demo: bool = False

    def __post_init__(self):
        meta = dict(self.figure.layout.meta or {}) if self.figure is not None else {}
        self.title = self.title or meta.get("title", "")
        self.subtitle = self.subtitle or meta.get("subtitle", "")
        self.sources = self.sources or list(meta.get("sources", []))
        self.notes = self.notes or list(meta.get("notes", []))
        self.demo = self.demo or bool(meta.get("demo", False))

    @property
    def file_stem(self) -> str:
        """A file name that says what the file is: chart id, then title (indicator, place, date)."""
        title = re.sub(r"<[^>]+>", "", self.title)
        title = re.sub(r"[\\/:*?\"<>|\s]+", "_", title).strip("_")[:80]
        return f"{self.id}_{title}" if title else self.id


@dataclass
class Entry:
    id: str
    label: str                                   # what the menus call it (Chinese; t() translates)
    build: Callable[..., Exhibit | None]
    options: Callable[[], dict[str, dict[str, str]]]   # parameter → allowed value → label; first is the default


CATALOG: dict[str, Entry] = {}


def register(chart_id: str, label: str, options: Callable[[], dict[str, dict[str, str]]] = dict):
    def wrap(fn):
        CATALOG[chart_id] = Entry(chart_id, label, fn, options)
        return fn
    return wrap


def ids() -> list[str]:
    return list(CATALOG)


def options(chart_id: str) -> dict[str, dict[str, str]]:
    return CATALOG[chart_id].options()


def build(chart_id: str, **params: str) -> Exhibit | None:
    """The exhibit for these parameters (defaults for those left out), or None when there is nothing to show.

    A value that is not allowed raises ValueError naming the allowed ones, so that a command line typo is
    caught rather than drawn as an empty chart.
    """
    if chart_id not in CATALOG:
        raise KeyError(f"no chart {chart_id!r}; known: {', '.join(CATALOG)}")
    allowed = options(chart_id)
    unknown = set(params) - set(allowed)
    if unknown:
        raise ValueError(f"{chart_id} has no parameter {', '.join(sorted(unknown))}; "
                         f"it takes {', '.join(allowed) or 'none'}")
    chosen = {}
    for key, values in allowed.items():
        value = str(params.get(key, next(iter(values))))
        if value not in values:
            raise ValueError(f"{chart_id}: {key}={value!r} is not allowed; one of {', '.join(values)}")
        chosen[key] = value
    exhibit = CATALOG[chart_id].build(**chosen)
    if exhibit is not None:
        exhibit.id, exhibit.params = chart_id, chosen
    return exhibit


def _exhibit(figure: go.Figure | None, displayed: pd.DataFrame, full: pd.DataFrame | None = None,
             **meta) -> Exhibit:
    return Exhibit("", {}, figure, displayed, displayed if full is None else full, **meta)


# --- shared option lists --------------------------------------------------------------------------------------------

def province_names() -> dict[str, str]:
    return display.options(run("region_names", regions=",".join(PROVINCES)), "code", "name")


def compare_indicators() -> dict[str, str]:
    return display.options(run("compare_indicators", regions=",".join(PROVINCES)), "indicator", "label_zh",
                           "label_en")


def _indicator_first(default: str) -> dict[str, str]:
    names = compare_indicators()
    return {default: names.pop(default), **names} if default in names else names


# --- 总览 ------------------------------------------------------------------------------------------------------------

def _latest_table(latest: pd.DataFrame) -> pd.DataFrame:
    return latest


@register("overview.map", "各省最新公开数字（地图）",
          lambda: {"indicator": _indicator_first("stations_built")})
def overview_map(indicator: str) -> Exhibit:
    latest = run("province_latest", indicator=indicator, regions=",".join(PROVINCES))
    full = run("compare_series", regions=",".join(PROVINCES), indicator=indicator, from_year="2000",
               to_year="2100")
    return _exhibit(maps.china_map(latest), _latest_table(latest), full)


@register("overview.bars", "各省最新公开数字（条形图）",
          lambda: {"indicator": _indicator_first("stations_built")})
def overview_bars(indicator: str) -> Exhibit:
    latest = run("province_latest", indicator=indicator, regions=",".join(PROVINCES))
    full = run("compare_series", regions=",".join(PROVINCES), indicator=indicator, from_year="2000",
               to_year="2100")
    return _exhibit(published.province_bars(latest), _latest_table(latest), full)
