"""较旧 (old) is marked by each indicator's own threshold, data/indicators.csv `stale_after_days`: changing the column
changes the mark on the headline, the KPI cards and the definitions page."""
import csv

import pandas as pd

from shegong.ingest.build import build

TODAY = pd.Timestamp("2026-12-03")


def _set_days(data_dir, days: dict[str, int]) -> None:
    path = data_dir / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["stale_after_days"] = str(days.get(r["indicator"], r["stale_after_days"]))
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _marks(tmp_path, data_dir, monkeypatch, name):
    from shegong import queries
    from shegong.catalog import overview, tables

    out = tmp_path / f"{name}.duckdb"
    build(out, data_dir)
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(out))
    headline = overview.station_progress(TODAY)
    dated = headline[headline.as_of != ""]
    cards = tables.kpi_cards(queries.run("kpi_latest", regions="410000"), "410000")
    return dict(zip(dated.code, dated.stale)), {c.label: c.stale for c in cards if not c.missing}


def test_changing_stale_after_days_changes_the_mark(tmp_path, data_copy, monkeypatch):
    stations = ("stations_built", "stations_coverage_pct")
    before, cards_before = _marks(tmp_path, data_copy, monkeypatch, "year")
    assert before and all(before.values())  # figures of 2021 and earlier, a year's threshold: all old in 2026
    _set_days(data_copy, {i: 36500 for i in stations})
    after, cards_after = _marks(tmp_path, data_copy, monkeypatch, "century")
    assert after.keys() == before.keys() and not any(after.values())
    # the station card follows its own indicator; the other cards keep theirs
    station_card = next(k for k in cards_before if "社工站" in k)
    assert cards_before[station_card] and not cards_after[station_card]
    assert [v for k, v in cards_after.items() if k != station_card] == \
        [v for k, v in cards_before.items() if k != station_card]


def test_definitions_page_lists_each_indicators_threshold(tmp_path, data_copy, monkeypatch):
    from shegong.catalog import definitions

    _set_days(data_copy, {"licensed_social_workers": 1234})
    out = tmp_path / "w.duckdb"
    build(out, data_copy)
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(out))
    table = definitions.indicator_table()
    row = table[table["代码"] == "licensed_social_workers"].iloc[0]
    assert row["较旧天数"] == 1234
    assert "较旧天数" in dict(definitions.terms())["截至与距今"]


def test_a_threshold_that_is_not_a_number_of_days_fails_the_build(tmp_path, data_copy):
    import pytest

    from shegong.schema import DataError

    _set_days(data_copy, {"funding_cny": 0})
    with pytest.raises(DataError, match="stale_after_days"):
        build(tmp_path / "w.duckdb", data_copy)
