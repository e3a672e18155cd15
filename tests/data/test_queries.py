"""Every named query runs against the built warehouse; values are bound, never spliced into SQL."""
import pytest

from shegong import queries


@pytest.mark.parametrize("name", queries.names())
def test_every_query_runs_with_its_defaults(warehouse, name):
    df = queries.run(name)
    assert len(df.columns) > 0


def test_kpi_latest_prefers_the_cited_page(warehouse):
    df = queries.run("kpi_latest", regions="410000").set_index("indicator")
    assert df.loc["stations_built", "value"] == 515
    assert df.loc["funding_cny", "value"] == 89_466_600
    assert df.loc["social_workers_stationed", "qualifier"] == "at_least"
    assert df.loc["stations_built", "url"].startswith("http://app.swchina.org/")


def test_province_latest_covers_all_34_provincial_units(warehouse):
    df = queries.run("province_latest", indicator="stations_built")
    assert len(df) == 34 and df.code.is_unique
    assert set(df[df.focus].code) == {"410000", "130000", "640000", "110000"}
    assert df.set_index("code").loc["130000", "value"] == 126


def test_hostile_parameter_is_only_a_value(warehouse):
    df = queries.run("figures_with_sources", region="'; DROP TABLE figures; --")
    assert df.empty
    assert len(queries.run("figures_with_sources")) == 132


def test_unknown_parameter_or_query_is_refused(warehouse):
    with pytest.raises(TypeError):
        queries.run("kpi_latest", region="410000")
    with pytest.raises(KeyError):
        queries.run("../build")


def test_rebuilt_warehouse_is_picked_up_without_restart(tmp_path, data_copy, monkeypatch):
    from shegong.ingest.build import build

    out = tmp_path / "w.duckdb"
    build(out, data_copy)
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(out))
    assert len(queries.run("figures_with_sources", region="640521")) == 4
    figures = data_copy / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8")
                       + "640521,volunteers,30,exact,2022,annual,S001,测试行。,Test row.,test row\n", encoding="utf-8")
    build(out, data_copy)
    assert len(queries.run("figures_with_sources", region="640521")) == 5
