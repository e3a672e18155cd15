"""Helpers to open a page of the dashboard in Streamlit's AppTest and read its charts."""
import json

from streamlit.testing.v1 import AppTest

from shegong.config import ROOT


def open_page(page=None, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page)
        for k, v in params.items():  # the page's own, again: the first page may have tidied a shared one away
            at.query_params[k] = v
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def figures(at, narrow: bool = False):
    """The page's charts as laid out for a wide window, or (narrow=True) the copies a narrow window shows instead
    (shegong.ui.app.by_width: both are sent, CSS shows one by the window's width)."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith("-narrow") == narrow]


def captions(at):
    return " ".join(c.value for c in at.caption)


def published_figures(**where: str) -> list[dict[str, str]]:
    """The rows of data/figures.csv whose columns have the given values: what a page must list, counted from the
    data rather than written into a test."""
    import csv

    from shegong.config import DATA_DIR

    with (DATA_DIR / "figures.csv").open(encoding="utf-8") as f:
        return [row for row in csv.DictReader(f) if all(row[k] == v for k, v in where.items())]
