"""The build validates every source file and replaces the warehouse all or nothing."""
import csv
import hashlib

import duckdb
import pytest

from shegong.__main__ import main
from shegong.ingest.build import build
from shegong.ingest.validate import ValidationError


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def replace_line(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def test_build_loads_every_table(tmp_path, data_copy):
    out = tmp_path / "w.duckdb"
    counts = build(out, data_copy)
    for table in ("figures", "sources", "targets"):  # every row of each file, none dropped or doubled
        with (data_copy / f"{table}.csv").open(encoding="utf-8") as f:
            assert counts[table] == sum(1 for _ in csv.DictReader(f)) > 0, table
    with duckdb.connect(str(out), read_only=True) as con:
        henan = con.execute("SELECT value, qualifier FROM figures_latest "
                            "WHERE region_code='410000' AND indicator='stations_built'").fetchone()
        assert henan == (515.0, "exact")
        assert con.execute("SELECT count(*) FROM regions WHERE level='province'").fetchone()[0] == 34


def test_broken_file_is_rejected_with_file_row_column_and_old_warehouse_kept(tmp_path, data_copy, capsys):
    out = tmp_path / "w.duckdb"
    build(out, data_copy)
    before = digest(out)
    figures = data_copy / "figures.csv"
    row = line_of(figures, "410000,stations_built,515,exact,2021-12-08")
    replace_line(figures, "410000,stations_built,515,exact,2021-12-08", "410000,stations_built,-515,maybe,2021-13-08")
    status = main(["build", "--out", str(out), "--data", str(data_copy)])
    printed = capsys.readouterr().out
    assert status == 2
    assert f"figures.csv:{row}:value: '-515' must be a number ≥ 0" in printed
    assert f"figures.csv:{row}:qualifier: 'maybe' is not one of exact, approx, at_least" in printed
    assert f"figures.csv:{row}:as_of: '2021-13-08' is not a date" in printed
    assert "left unchanged" in printed
    assert digest(out) == before
    assert not list(tmp_path.glob("*.tmp*"))


def test_unknown_reference_names_the_row(data_copy):
    figures = data_copy / "figures.csv"
    row = line_of(figures, "131000,stations_built,121,exact,2022-08-16")
    replace_line(figures, "131000,stations_built,121,exact,2022-08-16", "139999,stations_built,121,exact,2022-08-16")
    with pytest.raises(ValidationError) as e:
        build(data_copy / "w.duckdb", data_copy)
    assert f"figures.csv:{row}:region_code: '139999' is not in regions.csv" in e.value.problems


def test_broken_query_fails_the_build(tmp_path, data_copy, monkeypatch):
    from shegong import queries

    broken = tmp_path / "queries"
    broken.mkdir()
    (broken / "oops.sql").write_text("SELECT no_such_column FROM figures;\n")
    monkeypatch.setattr(queries, "QUERIES_DIR", broken)
    queries._load.cache_clear()
    out = tmp_path / "w.duckdb"
    try:
        with pytest.raises(ValidationError) as e:
            build(out, data_copy)
    finally:
        queries._load.cache_clear()
    assert e.value.problems[0].startswith("queries/oops.sql:1:-: Binder Error")
    assert not out.exists()


def test_unknown_or_empty_scope_fails_the_build_naming_file_row_column(tmp_path, data_copy, capsys):
    out = tmp_path / "w.duckdb"
    build(out, data_copy)
    before = digest(out)
    figures = data_copy / "figures.csv"
    pilot = line_of(figures, "130000,stations_built,126,exact,2021,pilot,")
    stock = line_of(figures, "131100,stations_built,118,exact,2023-03-20,stock,")
    replace_line(figures, "130000,stations_built,126,exact,2021,pilot,",
                 "130000,stations_built,126,exact,2021,trial,")
    replace_line(figures, "131100,stations_built,118,exact,2023-03-20,stock,",
                 "131100,stations_built,118,exact,2023-03-20,,")
    status = main(["build", "--out", str(out), "--data", str(data_copy)])
    printed = capsys.readouterr().out
    assert status == 2
    assert f"figures.csv:{pilot}:scope: 'trial' is not one of cumulative, annual, stock, pilot" in printed
    assert f"figures.csv:{stock}:scope: is empty; give one of cumulative, annual, stock, pilot" in printed
    assert digest(out) == before


def test_scope_reaches_the_warehouse_and_the_queries(tmp_path, data_copy, monkeypatch):
    from shegong import queries

    out = tmp_path / "w.duckdb"
    build(out, data_copy)
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(out))
    henan = queries.run("indicator_series", regions="410000", indicator="funding_cny")
    by_month = {(r.as_of[:7], r.scope) for r in henan.itertuples()}
    # ≥5,500万 secured for the first pilot batch (May 2021) and 累计 8,946.66万 (December 2021): two scopes, never one
    # series
    assert ("2021-05", "pilot") in by_month and ("2021-12", "cumulative") in by_month
    hebei = queries.run("province_published", province="130000")
    assert set(hebei.loc[hebei.indicator == "stations_built", "scope"]) == {"pilot"}
    funding = queries.run("funding_published")
    assert set(funding.scope) <= {"annual", "cumulative", "pilot"} and len(funding)
    every = queries.run("figures_with_sources")
    assert every.scope.notna().all()


def test_seed_bulletin_figures_are_cited_with_their_qualifier_and_scope(tmp_path, data_copy, monkeypatch):
    from shegong import queries

    out = tmp_path / "w.duckdb"
    build(out, data_copy)
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(out))
    henan = queries.run("figures_with_sources", region="410000")
    sanqu = {r.indicator: (r.value, r.qualifier, r.scope, r.source_id, r.as_of)
             for r in henan.itertuples() if r.indicator.startswith("sanqu_")}
    assert sanqu == {
        "sanqu_social_workers_dispatched": (40, "at_least", "cumulative", "S001", "2021-12"),   # 40余人
        "sanqu_home_visits": (1248, "exact", "cumulative", "S001", "2021-12"),
        "sanqu_cases": (63, "exact", "cumulative", "S001", "2021-12"),
        "sanqu_talent_trained": (145, "exact", "cumulative", "S001", "2021-12"),
        "sanqu_trainings": (45, "exact", "cumulative", "S001", "2021-12"),
        "sanqu_volunteer_teams": (7, "exact", "cumulative", "S001", "2021-12"),
        "sanqu_beneficiaries": (40000, "at_least", "cumulative", "S001", "2021-12"),   # 超过4万人
    }
    xixia = queries.run("figures_with_sources", region="640105")   # 600余人次 and 600余户, never persons
    assert {(r.indicator, r.value, r.qualifier, r.unit_zh, r.source_id) for r in xixia.itertuples()
            if r.value == 600} == {("beneficiary_visits", 600, "at_least", "人次", "S001"),
                                   ("households_served", 600, "at_least", "户", "S001")}
    target = queries.run("province_targets", province="410000")
    assert target.loc[~target.national, "source_id"].tolist() == ["S001"]   # the wording is in the Dec 2021 bulletin
