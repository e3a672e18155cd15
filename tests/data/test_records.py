"""Station, funding and service files: good ones load with the right values, bad ones name file, row and column."""
import duckdb
import pytest

from shegong.ingest.build import build
from shegong.ingest.validate import ValidationError

STATIONS = """station_id,name,county_code,township,status,opened_on,social_workers,operator,lon,lat,is_demo
S1,中宁县示例镇社会工作服务站,640521,示例镇,operating,2021-08-08,3,示例社工机构,105.68,37.49,false
S2,"'); DROP TABLE stations; --",640521,示例乡,pilot,2021-03-01,2,=HYPERLINK(\"x\"),105.70,37.40,false
S3,筹建中的站,640521,示例街道,planned,,0,,,,false
"""
FUNDING = """region_code,year,program,source,amount_cny,qualifier,is_demo
640521,2021,乡镇(街道)社工站建设,fiscal,2910000,exact,false
"""
SERVICES = """station_id,month,category,service_type,people_served,sessions,is_demo
S1,2021-09,elderly,visit,40,12,false
S1,2021-09,left_behind_children,group,25,3,false
S2,2021-10,disabled,casework,5,9,false
"""


def write(folder, stations=STATIONS, funding=FUNDING, services=SERVICES):
    folder.mkdir(exist_ok=True)
    (folder / "stations.csv").write_text(stations, encoding="utf-8")
    (folder / "funding.csv").write_text(funding, encoding="utf-8")
    (folder / "services.csv").write_text(services, encoding="utf-8")
    return folder


def test_good_records_load_and_roll_up(tmp_path, data_copy):
    out = tmp_path / "w.duckdb"
    counts = build(out, data_copy, write(tmp_path / "rec"))
    assert (counts["stations"], counts["funding"], counts["services"]) == (3, 1, 3)
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("SELECT name FROM stations WHERE station_id = 'S2'").fetchone()[0] == \
            "'); DROP TABLE stations; --"  # text is data
        built = con.execute("SELECT stations_built FROM stations_by_county_month "
                            "WHERE county_code = '640521' AND month = DATE '2021-08-01'").fetchone()[0]
        assert built == 2  # S2 (March) and S1 (August); the planned S3 is not built
        people = con.execute("SELECT sum(people_served) FROM services_by_province_month "
                             "WHERE province_code = '640000'").fetchone()[0]
        assert people == 70


@pytest.mark.parametrize("table,old,new,expected", [
    ("stations", "S1,中宁县", "S2,中宁县", "stations.csv:3:station_id: 'S2' is used twice (also on row 2)"),
    ("stations", ",640521,示例镇,", ",640000,示例镇,",
     "stations.csv:2:county_code: 640000 is a province (宁夏回族自治区), not a county"),
    ("stations", "2021-08-08,3,", "2021-08-08,-3,", "stations.csv:2:social_workers: '-3' is not a whole number ≥ 0"),
    ("stations", "2021-08-08", "2021-02-30", "stations.csv:2:opened_on: '2021-02-30' is not a date (YYYY-MM-DD、YYYY/MM/DD 或 2021年12月8日)"),
    ("stations", "105.68,37.49", "10.68,37.49", "stations.csv:2:lon: '10.68' is not a longitude inside China (73–136)"),
    ("stations", ",operating,", ",running,", "stations.csv:2:status: 'running' is not one of 筹建、试点、运营、暂停、关闭 "
                                             "(planned, pilot, operating, suspended, closed)"),
    ("services", "S2,2021-10", "S9,2021-10", "services.csv:4:station_id: 'S9' is not a known station; import it in the stations table first"),
    ("services", "S1,2021-09,elderly", "S1,2021-13,elderly", "services.csv:2:month: '2021-13' is not a month (YYYY-MM or 2021年12月, month 1–12)"),
    ("funding", ",2021,", ",1999,", "funding.csv:2:year: '1999' is not a year between 2000 and 2100"),
    ("funding", "2910000", "-1", "funding.csv:2:amount_cny: '-1' is not an amount ≥ 0"),
])
def test_bad_records_are_rejected_and_the_warehouse_is_kept(tmp_path, data_copy, table, old, new, expected):
    out = tmp_path / "w.duckdb"
    build(out, data_copy, write(tmp_path / "good"))
    before = out.read_bytes()
    texts = {"stations": STATIONS, "funding": FUNDING, "services": SERVICES}
    assert old in texts[table]
    texts[table] = texts[table].replace(old, new, 1)
    with pytest.raises(ValidationError) as e:
        build(out, data_copy, write(tmp_path / "bad", **texts))
    assert expected in e.value.problems
    assert out.read_bytes() == before


def test_missing_column_and_unreadable_file(tmp_path, data_copy):
    folder = write(tmp_path / "rec", services=SERVICES.replace("sessions,", "", 1).replace(",12,", ",").
                   replace(",3,", ",").replace(",9,", ","))
    (folder / "funding.csv").write_bytes(b"\x00\x01\x02\x03")
    with pytest.raises(ValidationError) as e:
        build(tmp_path / "w.duckdb", data_copy, folder)
    assert "services.csv:1:sessions: missing column" in e.value.problems
    assert any(p.startswith("funding.csv:1:") for p in e.value.problems)


def test_many_problems_are_capped(tmp_path, data_copy):
    rows = "".join(f"S1,2021-09,elderly,visit,-{i},1,false\n" for i in range(1, 120))
    with pytest.raises(ValidationError) as e:
        build(tmp_path / "w.duckdb", data_copy, write(tmp_path / "rec", services=SERVICES + rows))
    assert len(e.value.problems) == 51
    assert e.value.problems[-1] == "… and 69 more problems"
