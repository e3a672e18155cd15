"""Figures of different scope (cumulative, one year, stock at a date, pilot) are never joined or compared as alike."""
import pandas as pd
import pytest

from shegong import catalog, i18n
from shegong.catalog import overview


@pytest.fixture(autouse=True)
def chinese(warehouse):
    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


def test_no_trend_line_joins_points_of_different_scope():
    checked = 0
    for indicator in catalog.options("compare.trend")["indicator"]:
        ex = catalog.build("compare.trend", indicator=indicator)
        if ex is None:
            continue
        full = ex.full.assign(as_of_end=pd.to_datetime(ex.full["as_of_end"]))
        for trace in ex.figure.data:
            if "lines" not in (trace.mode or "") or len(trace.x) < 2:
                continue
            rows = full[full["as_of_end"].isin(pd.to_datetime(list(trace.x)))]
            rows = rows[rows["value"].notna()]
            checked += 1
            assert rows["scope"].nunique() <= 1, (indicator, trace.name, sorted(rows["scope"].unique()))
    assert checked  # some indicator has a line at all


def test_henan_funding_is_two_series_named_by_scope():
    ex = catalog.build("compare.trend", indicator="funding_cny")
    names = [t.name for t in ex.figure.data]
    assert "河南（试点）" in names and "河南（累计）" in names   # ≥5,500万 secured for the first pilot batch
    assert any("不相连" in n for n in ex.notes)


def test_cards_side_by_side_say_what_each_counts():
    henan = {c.label: c.value for c in overview.kpi_cards("410000")}
    hebei = {c.label: c.value for c in overview.kpi_cards("130000")}
    assert henan["资金投入（累计）"] == "8,946.66万元"
    assert hebei["资金投入（当年）"] == "≥1,800万元"
    assert hebei["社工站（试点）"] == "126个"
