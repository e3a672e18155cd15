"""The demo data generator: reproducible, clearly labelled, and consistent with every published figure it pins."""
import hashlib
import json
import re
import time
from decimal import Decimal

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
import shapely
from shapely.geometry import shape

from shegong.config import BOUNDARIES_DIR, DATA_DIR
from shegong.vocab import provinces
from shegong.ingest import demo
from shegong.__main__ import main as cli

SEED = 20251231
FILES = ("stations.csv", "funding.csv", "services.parquet")
TOWNSHIPS = {"410000": 2381, "130000": 2233, "640000": 229, "110000": 343}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    t0 = time.perf_counter()
    paths = demo.generate("provinces", SEED, out)
    return out, paths, time.perf_counter() - t0


@pytest.fixture(scope="module")
def regions():
    return pd.read_csv(DATA_DIR / "regions.csv", dtype=str, keep_default_na=False).set_index("code")


@pytest.fixture(scope="module")
def stations(generated, regions):
    st = pd.read_csv(generated[0] / "stations.csv", dtype=str, keep_default_na=False)
    st["prefecture"] = regions.parent_code.reindex(st.county_code).to_numpy()
    return st


@pytest.fixture(scope="module")
def funding(generated):
    return pd.read_csv(generated[0] / "funding.csv", dtype=str, keep_default_na=False)


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def in_region(st, code):
    """Stations of a province, prefecture or county."""
    if code.endswith("0000"):
        return st.county_code.str[:2] == code[:2]
    return (st.county_code == code) | (st.prefecture == code)


def built(st, code, day):
    """Cumulative stations built: opened on or before `day` and not planned."""
    return int((in_region(st, code) & (st.status != "planned") & (st.opened_on != "")
                & (st.opened_on <= day)).sum())


def test_files_returned(generated):
    """(How long generation takes is measured in benchmarks/foundation.py, not asserted here.)"""
    out, paths, _ = generated
    assert {p.name for p in paths.values()} == set(FILES)
    assert all(p.parent == out and p.stat().st_size > 0 for p in paths.values())


def test_same_seed_gives_identical_files_and_another_seed_differs(generated, tmp_path, capsys):
    out = generated[0]
    assert cli(["demo", "--scale", "provinces", "--seed", str(SEED), "--out", str(tmp_path / "same")]) == 0
    line = capsys.readouterr().out.strip()
    assert "stations" in line and "service rows" in line and line.count("\n") == 0
    demo.generate("provinces", SEED + 1, tmp_path / "other")
    for f in FILES:
        assert sha256(out / f) == sha256(tmp_path / "same" / f), f
        assert sha256(out / f) != sha256(tmp_path / "other" / f), f


def test_unknown_scale_is_refused(tmp_path):
    with pytest.raises(ValueError):
        demo.generate("world", 1, tmp_path)


# --- published figures ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("code, day, count", [
    ("410000", "2021-05-18", 70),    # S023
    ("410000", "2021-12-08", 515),   # S022
    ("410300", "2022-06-10", 35),    # S025
    ("410700", "2023-07-31", 118),   # S027
    ("130602", "2021-03-16", 5),     # S037
    ("130000", "2021-12-31", 126),   # S001
    ("130100", "2022-02-28", 45),    # S036
    ("131000", "2022-08-16", 121),   # S033
    ("131100", "2023-03-20", 118),   # S035
    ("640521", "2021-08-08", 12),    # S038
    ("110114", "2023-06-30", 11),    # S052
    ("110114", "2023-12-31", 19),    # S052
])
def test_published_station_counts(stations, code, day, count):
    assert built(stations, code, day) == count


def test_beijing_has_about_100_by_end_2021(stations):
    assert 90 <= built(stations, "110000", "2021-12-31") <= 110


@pytest.mark.parametrize("code, day", [("410000", "2025-12-31"), ("130000", "2023-06-30"),
                                       ("640000", "2022-12-31"), ("110000", "2025-12-31")])
def test_full_coverage(stations, code, day):
    st = stations[in_region(stations, code)]
    townships = st.county_code + st.township
    done = (st.status != "planned") & (st.opened_on != "") & (st.opened_on <= day)
    assert townships.nunique() == TOWNSHIPS[code]
    assert set(townships[done]) == set(townships)


@pytest.mark.parametrize("code, townships, stations_", [("131000", 108, 121), ("131100", 118, 118),
                                                        ("640521", 12, 12), ("410900", 89, 89)])
def test_fixed_region_sizes(stations, code, townships, stations_):
    st = stations[in_region(stations, code) & (stations.status != "planned")]
    assert (st.county_code + st.township).nunique() == townships and len(st) == stations_


def test_xinxiang_has_at_least_118_stations(stations):
    assert in_region(stations, "410700").sum() >= 118


def test_every_milestone_of_the_table_holds(stations):
    for code, day, count, note in demo.milestones():
        if code == demo.NATION:
            continue
        want = int((in_region(stations, code) & (stations.status != "planned")).sum()) if count == demo.FULL else count
        assert built(stations, code, day) == want, (code, day, note)


def test_henan_first_pilot_batch_is_within_the_515(stations):
    henan = stations[in_region(stations, "410000")]
    pilots = henan[henan.status == "pilot"]
    assert len(pilots) == 512 and (pilots.opened_on <= "2021-12-08").all()


def test_status_mix(stations):
    share = stations.status.value_counts(normalize=True)
    assert share["operating"] > 0.7
    assert 0.003 < share["suspended"] < 0.02 and 0.001 < share["closed"] < 0.012
    assert 1 <= (stations.status == "planned").sum() <= 20
    assert ((stations.opened_on == "") == (stations.status == "planned")).all()


# --- stations ---------------------------------------------------------------------------------------------------
def test_station_columns_and_values(stations, regions):
    assert list(stations.columns[:11]) == ["station_id", "name", "county_code", "township", "status", "opened_on",
                                          "social_workers", "operator", "lon", "lat", "is_demo"]
    assert (stations.is_demo == "true").all()
    assert stations.station_id.is_unique
    assert (stations.station_id.str[:6] == stations.county_code).all()
    assert stations.station_id.str.fullmatch(r"\d{6}-\d{3}").all()
    assert (regions.level.reindex(stations.county_code) == "county").all()
    assert set(stations.county_code.str[:2] + "0000") == set(provinces())
    assert stations.township.str.fullmatch(r"示例(镇|乡|街道)\d{2}").all()
    assert stations.name.str.contains("示例").all() and stations.name.str.endswith("社会工作服务站").all()
    assert stations.operator.str.fullmatch(r"示例社会工作服务中心\d{7}").all()
    assert set(stations.status) <= {"planned", "pilot", "operating", "suspended", "closed"}
    opened = stations.opened_on[stations.opened_on != ""]
    assert opened.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert opened.min() >= "2019-01-01" and opened.max() <= "2025-12-31"
    workers = stations.social_workers.astype(int)
    assert workers.min() >= 0 and 1.5 <= workers.mean() <= 2.5
    assert workers.between(1, 4).mean() > 0.8
    assert stations.lon.str.fullmatch(r"\d+\.\d{4}").all() and stations.lat.str.fullmatch(r"\d+\.\d{4}").all()
    assert stations.station_id.tolist() == sorted(stations.station_id)


def test_points_lie_inside_their_county(stations):
    shapes = {}
    for p in provinces():
        for f in json.loads((BOUNDARIES_DIR / f"counties_{p}.geojson").read_text(encoding="utf-8"))["features"]:
            shapes[f["properties"]["code"]] = shape(f["geometry"])
    sample = stations.sample(200, random_state=1)
    inside = [shapely.contains_xy(shapes[c], float(x), float(y))
              for c, x, y in zip(sample.county_code, sample.lon, sample.lat)]
    assert all(inside)


# --- funding ----------------------------------------------------------------------------------------------------
def total(rows):
    return sum((Decimal(a) for a in rows.amount_cny), Decimal(0))


def test_funding_columns_and_values(funding, regions):
    assert list(funding.columns) == ["region_code", "year", "program", "source", "amount_cny", "qualifier", "is_demo"]
    assert (funding.is_demo == "true").all() and (funding.qualifier == "exact").all()
    assert set(regions.level.reindex(funding.region_code)) == {"county", "province"}
    assert set(funding.region_code.str[:2] + "0000") == set(provinces())
    assert set(funding.year.astype(int)) == set(range(2019, 2026))
    assert set(funding.program) == set(demo.PROGRAMS)
    assert set(funding.source) <= {"fiscal", "lottery", "social", "other"}
    assert funding.amount_cny.str.fullmatch(r"\d+(\.\d{1,2})?").all()
    assert (funding.amount_cny.astype(float) > 0).all()
    assert not funding.duplicated(["region_code", "year", "program", "source"]).any()


def published(indicator):
    """Published figures of one indicator in the compared provinces, of the demo's years (2019-2025), from figures.csv."""
    f = pd.read_csv(DATA_DIR / "figures.csv", dtype=str, keep_default_na=False)
    f = f[(f.indicator == indicator) & (f.region_code.str[:2] + "0000").isin(provinces())]
    return f[f.as_of.str[:4].astype(int).between(2019, 2025)]


def step(value: str) -> int:
    """余/多/超过 raise a figure by less than the place of its last non-zero digit: 1800余万 is under 1,900万."""
    digits = str(int(Decimal(value)))
    return 10 ** (len(digits) - len(digits.rstrip("0")))


def agrees(demo_total, figure) -> bool:
    v = Decimal(figure.value)
    if figure.qualifier == "exact":
        return demo_total == v
    if figure.qualifier == "at_least":
        return v <= demo_total < v + step(figure.value)
    return abs(demo_total - v) * 2 <= step(figure.value)


def test_hebei_2021_demo_total_within_the_published_step(funding):
    # what a leader reads beside 全年投入资金1800余万元: at least 1,800万, under 1,900万
    hebei = funding[(funding.region_code.str[:2] == "13") & (funding.year == "2021")]
    assert Decimal(18_000_000) <= total(hebei) < Decimal(19_000_000)


def test_social_workers_agree_with_every_published_figure(stations):
    """Social workers of the stations built by the end of the figure's month (what the monthly roll-up shows)."""
    figures = published("social_workers_stationed")
    assert {"640521", "410700", "410000"} <= set(figures.region_code)
    for f in figures.itertuples():
        end = str((pd.Period(f.as_of[:7], "M")).end_time.date()) if len(f.as_of) > 4 else f"{f.as_of}-12-31"
        st = stations[in_region(stations, f.region_code) & (stations.status != "planned")
                      & (stations.opened_on != "") & (stations.opened_on <= end)]
        got = Decimal(int(st.social_workers.astype(int).sum()))
        assert agrees(got, f), (f.region_code, f.as_of, f.qualifier, f.value, got)


def test_zhongning_has_its_48_published_social_workers(stations):
    zn = stations[(stations.county_code == "640521") & (stations.status != "planned")]
    assert zn.social_workers.astype(int).sum() == 48 and len(zn) == 12


def test_milestones_cite_only_sources_that_say_so():
    """A milestone citing Sxxx needs a station figure or target of that region from that source; an assumption
    cites none."""
    figures = pd.read_csv(DATA_DIR / "figures.csv", dtype=str, keep_default_na=False)
    targets = pd.read_csv(DATA_DIR / "targets.csv", dtype=str, keep_default_na=False)
    station = {"stations_built", "stations_coverage_pct", "demo_stations", "pilot_townships"}
    said = {(r.region_code, r.source_id) for t in (figures, targets) for r in t.itertuples()
            if r.indicator in station}
    assumptions = 0
    for code, day, count, note in demo.milestones():
        if note.startswith("assumption"):
            assumptions += 1
            assert "(no source)" in note and not re.search(r"S\d{3}", note), note
            continue
        if note.startswith("demo"):
            continue
        cited = re.findall(r"S\d{3}", note.split(":")[0])
        assert cited, f"{code} {day}: a milestone is demo, an assumption or cited: {note}"
        for sid in cited:
            assert (code, sid) in said, (code, day, note)
    assert assumptions == 3  # Beijing ~100 by end-2021, Beijing full coverage, Hebei full coverage by mid-2023


# --- services (checked in DuckDB: millions of rows) --------------------------------------------------------------
@pytest.fixture(scope="module")
def db(generated):
    con = duckdb.connect()
    con.execute(f"CREATE VIEW v AS SELECT * FROM '{generated[0] / 'services.parquet'}'")
    con.execute(f"CREATE VIEW s AS SELECT * FROM read_csv('{generated[0] / 'stations.csv'}', all_varchar=true)")
    yield lambda sql: con.execute(sql).fetchall()
    con.close()


def test_services_schema_and_values(generated, db):
    schema = pq.read_schema(generated[0] / "services.parquet")
    assert [(f.name, str(f.type)) for f in schema] == [
        ("station_id", "string"), ("month", "string"), ("category", "string"), ("service_type", "string"),
        ("people_served", "int32"), ("sessions", "int32"), ("is_demo", "bool")]
    (rows, demo_rows, bad_month, min_people, min_sessions), = db(
        "SELECT count(*), count(*) FILTER (is_demo), "
        "count(*) FILTER (NOT regexp_full_match(month, '20(19|2[0-5])-(0[1-9]|1[0-2])')), "
        "min(people_served), min(sessions) FROM v")
    assert 1_000_000 <= rows <= 5_000_000 and demo_rows == rows and bad_month == 0
    assert min_people >= 0 and min_sessions >= 1
    assert {c for c, in db("SELECT DISTINCT category FROM v")} == set(demo.CATEGORIES)
    assert {t for t, in db("SELECT DISTINCT service_type FROM v")} == set(demo.SERVICE_TYPES)
    assert db("SELECT count(*) FROM (SELECT DISTINCT station_id, month, category, service_type FROM v)")[0][0] == rows


def test_services_only_while_a_station_is_open(db):
    per_station = """SELECT s.status, s.opened_on, min(v.month) AS first, max(v.month) AS last
                     FROM v LEFT JOIN s USING (station_id) GROUP BY ALL"""
    (unknown, planned, too_early, after_stop), = db(
        f"SELECT count(*) FILTER (status IS NULL), count(*) FILTER (status = 'planned'), "
        f"count(*) FILTER (first < left(opened_on, 7)), "
        f"count(*) FILTER (status IN ('suspended', 'closed') AND last >= '2025-12') FROM ({per_station})")
    assert unknown == planned == too_early == after_stop == 0
    (running_to_end,), = db(f"SELECT avg((last = '2025-12')::int) FROM ({per_station}) "
                            "WHERE status IN ('operating', 'pilot')")
    assert running_to_end > 0.99


def test_service_mix_is_plausible(db):
    categories = [c for c, in db("SELECT category FROM v GROUP BY 1 ORDER BY count(*) DESC")]
    assert set(categories[:2]) == {"elderly", "left_behind_children"}
    assert db("SELECT service_type FROM v GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")[0][0] == "visit"
    (per_station_month,), = db("SELECT count(*) / count(DISTINCT (station_id, month)) FROM v")
    assert 10 <= per_station_month <= 18
    people = dict(db("SELECT service_type, avg(people_served) FROM v GROUP BY 1"))
    assert people["community"] > people["group"] > people["visit"] > people["casework"]
