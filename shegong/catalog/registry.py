"""Every chart and table a user can export, by id: the one place that turns parameters into an exhibit.

Pages draw exhibits from here and the export buttons, `python -m shegong export` and the report pack build the
same exhibits from here, so a downloaded image or table is always what the page shows (as OWID's Grapher keeps
one definition per chart). An exhibit is a figure (or None for a table) with the data on screen ("displayed"),
the whole series behind it ("full") and the title, sources and notes that go with it.
"""
from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from shegong import i18n, queries


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
        if self.demo and self.title:  # a table of demo records says so in its title, as a chart does
            from shegong.charts.base import demo_titled

            if not demo_titled(self.title):
                self.title += i18n.t("（演示数据）")

    @property
    def file_stem(self) -> str:
        """A file name that says what the file is: chart id, then title (indicator, place, date)."""
        title = re.sub(r"<[^>]+>", "", self.title)
        title = re.sub(r"[\\/:*?\"<>|\s]+", "_", title).strip("_")[:80]
        return f"{self.id}_{title}" if title else self.id

    @functools.cached_property
    def screen(self) -> tuple[go.Figure, go.Figure | None]:
        """The figure as sent to a page: (wide layout, phone layout), the phone one None when it is the same. Made
        once per cached exhibit, not on every rerun (a phone copy of a county map took ~0.2 s to lay out)."""
        import plotly.io as pio

        from shegong.charts.base import PHONE_WIDTH, for_screen

        wide, phone = for_screen(self.figure), for_screen(self.figure, PHONE_WIDTH)
        same = pio.to_json(wide, validate=False) == pio.to_json(phone, validate=False)
        return wide, (None if same else phone)

    @functools.cached_property
    def alt(self) -> str:
        """Title and latest numbers in words: the chart's text alternative (page, SVG <desc>, Word alt text)."""
        from shegong.catalog.alt import describe

        return describe(self.title, self.displayed, self.demo)


@dataclass
class Entry:
    id: str
    label: str                                   # what the menus call it (Chinese; t() translates)
    build: Callable[..., Exhibit | None]
    options: Callable[[], dict[str, dict[str, str]]]   # parameter → allowed value → label; first is the default
    multi: tuple[str, ...] = ()                  # parameters that take a comma-separated subset of their values


CATALOG: dict[str, Entry] = {}


def register(chart_id: str, label: str, options: Callable[[], dict[str, dict[str, str]]] = dict,
             multi: tuple[str, ...] = ()):
    def wrap(fn):
        CATALOG[chart_id] = Entry(chart_id, label, fn, options, multi)
        return fn
    return wrap


def ids() -> list[str]:
    return list(CATALOG)


def options(chart_id: str) -> dict[str, dict[str, str]]:
    """Each parameter's allowed values with their labels (first = default); cached like the exhibits."""
    return _options(chart_id, i18n.lang(), queries.identity())


@functools.lru_cache(maxsize=128)
def _options(chart_id: str, lang: str, warehouse: tuple) -> dict[str, dict[str, str]]:
    return CATALOG[chart_id].options()


def build(chart_id: str, **params: str) -> Exhibit | None:
    """The exhibit for these parameters (defaults for those left out), or None when there is nothing to show.

    A value that is not allowed raises ValueError naming the allowed ones, so that a command line typo is
    caught rather than drawn as an empty chart. Exhibits are cached (building the figures is most of a page's
    rerun) and shared between sessions: treat them as read-only — copy a figure or a table before changing it.
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
        multi = key in CATALOG[chart_id].multi
        value = str(params.get(key, ",".join(values) if multi else next(iter(values))))
        for item in [i for i in value.split(",") if i] if multi else [value]:
            if item not in values:
                raise ValueError(f"{chart_id}: {key}={item!r} is not allowed; one of {', '.join(values)}")
        chosen[key] = value
    return _built(chart_id, tuple(chosen.items()), i18n.lang(), queries.identity(), datetime.date.today())


@functools.lru_cache(maxsize=256)
def _built(chart_id: str, chosen: tuple, lang: str, warehouse: tuple, today: datetime.date) -> Exhibit | None:
    """One exhibit per chart, parameters, language, warehouse file and day (progress verdicts depend on today)."""
    exhibit = CATALOG[chart_id].build(**dict(chosen))
    if exhibit is not None:
        exhibit.id, exhibit.params = chart_id, dict(chosen)
    return exhibit


def exhibit(figure: go.Figure | None, displayed: pd.DataFrame, full: pd.DataFrame | None = None,
             **meta) -> Exhibit:
    return Exhibit("", {}, figure, displayed, displayed if full is None else full, **meta)
