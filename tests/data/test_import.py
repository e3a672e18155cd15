"""`python -m shegong import` and the admin page: good files load with the right values (GBK, BOM, tabs, XLSX,
Chinese headers, dates and units), bad ones name file, row and column, and the warehouse stays byte-identical."""
import datetime as dt
import hashlib
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from shegong.config import DATA_DIR
from shegong.ingest import importer
from shegong.ingest.build import build
from shegong.__main__ import main as cli

CORPUS = Path(__file__).with_name("import_corpus")

DEMO_STATIONS = """station_id,name,county_code,township,status,opened_on,social_workers,operator,lon,lat,is_demo
DEMO-1,示例站,640521,示例镇,operating,2021-01-05,2,示例机构,105.68,37.49,true
"""
DEMO_SERVICES = """station_id,month,category,service_type,people_served,sessions,is_demo
DEMO-1,2021-09,elderly,visit,40,12,true
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A small warehouse: the published figures plus one demo station (fast to copy and to roll up)."""
    folder = tmp_path_factory.mktemp("base")
    rec = folder / "rec"
    rec.mkdir()
    (rec / "stations.csv").write_text(DEMO_STATIONS, encoding="utf-8")
    (rec / "services.csv").write_text(DEMO_SERVICES, encoding="utf-8")
    path = folder / "warehouse.duckdb"
    build(path, DATA_DIR, rec)
    return path


@pytest.fixture
def db(base, tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(base, path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def imp(capsys, table, file, db, dry_run=False):
    """An import as a clerk does it: entered, then approved by a second person (the review); the last line is the
    import's summary."""
    if not dry_run:
        rc = cli(["import", table, str(file), "--db", str(db), "--as", "clerk@example.org"])
        entered = capsys.readouterr().out.strip().splitlines()
        if rc != 0 or not entered or not entered[-1].startswith("change "):
            return rc, entered
        rc = cli(["review", "approve", entered[-1].split()[1], "--as", "reviewer@example.org", "--db", str(db)])
        return rc, entered + capsys.readouterr().out.strip().splitlines()
    rc = cli(["import", table, str(file), "--db", str(db)] + (["--dry-run"] if dry_run else []))
    out = capsys.readouterr()
    return rc, out.out.strip().splitlines()


def query(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def as_gbk(src: Path, dst: Path, sep=",") -> Path:
    dst.write_bytes(src.read_text(encoding="utf-8").replace(",", sep).encode("gbk"))
    return dst


def test_gbk_register_with_chinese_headers_dates_and_full_width_digits(capsys, db, tmp_path):
    f = as_gbk(CORPUS / "stations_good.csv", tmp_path / "站点登记表.csv")
    rc, out = imp(capsys, "stations", f, db)
    assert rc == 0 and out[-1].startswith(f"{f}: 3 stations rows: 3 added, 0 changed, 0 unchanged")
    rows = {r[0]: r[1:] for r in query(db, "SELECT station_id, name, status, opened_on, social_workers, operator, "
                                           "lon, is_demo FROM stations WHERE station_id LIKE 'ZN-%'")}
    assert rows["ZN-0001"] == ("中宁县宁安镇社会工作服务站", "operating", dt.date(2021, 12, 8), 3,
                               "中宁县仁爱社会工作服务中心", 105.6852, False)
    # text is data: stored as typed, and every table is still there
    assert rows["ZN-0002"][0] == "'); DROP TABLE stations; --"
    assert rows["ZN-0002"][4] == '=HYPERLINK("http://example.org","点我")'
    assert rows["ZN-0002"][1:3] == ("pilot", dt.date(2021, 3, 1))
    assert rows["ZN-0003"][1:3] == ("planned", None)
    assert query(db, "SELECT count(*) FROM stations")[0][0] == 4  # the demo station as well
    # roll-ups recomputed, real and demo apart: two real stations built in 640521 by December 2021
    built = query(db, "SELECT is_demo, stations_built FROM stations_by_county_month "
                      "WHERE county_code = '640521' AND month = DATE '2021-12-01' ORDER BY is_demo")
    assert built == [(False, 2), (True, 1)]


def test_bom_and_tab_separated_file_loads(capsys, db, tmp_path):
    text = (CORPUS / "stations_good.csv").read_text(encoding="utf-8").replace(",", "\t")
    text = text.replace('"\'); DROP TABLE stations; --"', "'); DROP TABLE stations; --")
    text = text.replace('"=HYPERLINK(""http://example.org"",""点我"")"', "")
    f = tmp_path / "stations_bom.tsv"
    f.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    rc, out = imp(capsys, "stations", f, db)
    assert rc == 0, out
    assert "3 added" in out[-1]
    assert query(db, "SELECT name FROM stations WHERE station_id = 'ZN-0002'")[0][0] == "'); DROP TABLE stations; --"


def write_xlsx(path: Path, header, rows, sheet="stations", first_sheet="说明"):
    wb = openpyxl.Workbook()
    wb.active.title = first_sheet
    wb.active["A1"] = "这一页是说明"
    ws = wb.create_sheet(sheet)
    ws.append(header)
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as a clerk's cell holds it
    wb.save(path)
    return path


def test_xlsx_sheet_named_after_the_table_with_date_cells(capsys, db, tmp_path):
    header = ["站点编号", "站点名称", "县区代码", "乡镇街道", "状态", "建成日期", "驻站社工人数", "运营机构", "经度", "纬度"]
    rows = [["X-1", "银川市西夏区社会工作服务站", 640105, "文昌路街道", "运营", dt.datetime(2021, 6, 30), 4,
             "=cmd|' /C calc'!A0", 106.1322, 38.4920],
            ["X-2", "西夏区兴泾镇社会工作服务站", "640105", "兴泾镇", "暂停", "2020年1月2日", 1.0, None, None, None]]
    f = write_xlsx(tmp_path / "register.xlsx", header, rows)
    rc, out = imp(capsys, "stations", f, db)
    assert rc == 0, out
    got = query(db, "SELECT station_id, county_code, status, opened_on, social_workers, operator, lat FROM stations "
                    "WHERE station_id LIKE 'X-%' ORDER BY 1")
    assert got == [("X-1", "640105", "operating", dt.date(2021, 6, 30), 4, "=cmd|' /C calc'!A0", 38.492),
                   ("X-2", "640105", "suspended", dt.date(2020, 1, 2), 1, None, None)]


def test_xlsx_errors_name_the_excel_row(capsys, db, tmp_path):
    header = ["station_id", "name", "county_code", "township", "status", "opened_on", "social_workers"]
    f = write_xlsx(tmp_path / "r.xlsx", header, [["A", "a", "640105", "t", "运营", None, 1],
                                                  ["B", "b", "640100", "t", "运营", None, 1]])
    before = digest(db)
    rc, out = imp(capsys, "stations", f, db)
    assert rc == 2 and out == [f"{f}:3:county_code: 640100 is a prefecture (银川市), not a county"]
    assert digest(db) == before


def test_funding_units_and_qualifiers(capsys, db):
    rc, out = imp(capsys, "funding", CORPUS / "funding_good.csv", db)
    assert rc == 0, out
    got = query(db, "SELECT region_code, year, source, amount_cny, qualifier FROM funding WHERE NOT is_demo ORDER BY 1")
    assert got == [("130000", 2021, "fiscal", 18_000_000.0, "at_least"),
                   ("410000", 2021, "lottery", 89_466_600.0, "exact"),
                   ("640521", 2022, "fiscal", 2_910_000.0, "exact")]
    assert query(db, "SELECT sum(amount_cny) FROM funding_by_region_year WHERE province_code = '410000' "
                     "AND NOT is_demo")[0][0] == 89_466_600.0


def test_services_refer_to_imported_stations(capsys, db):
    assert imp(capsys, "stations", CORPUS / "stations_good.csv", db)[0] == 0
    rc, out = imp(capsys, "services", CORPUS / "services_good.csv", db)
    assert rc == 0 and "3 added" in out[-1]
    got = query(db, "SELECT month, category, service_type, people_served FROM services WHERE NOT is_demo ORDER BY 1, 2")
    assert got == [("2022-01", "elderly", "visit", 40), ("2022-01", "left_behind_children", "group", 25),
                   ("2022-02", "disabled", "casework", 5)]
    assert query(db, "SELECT sum(people_served) FROM services_by_county_month WHERE NOT is_demo")[0][0] == 70


def test_upsert_by_key_and_dry_run(capsys, db, tmp_path):
    f = CORPUS / "stations_good.csv"
    assert imp(capsys, "stations", f, db)[0] == 0
    changed = tmp_path / "stations_v2.csv"
    changed.write_text(f.read_text(encoding="utf-8").replace("余丁乡,筹建,,0", "余丁乡,运营,2022-05-01,2")
                       + "ZN-0004,新站,640521,鸣沙镇,运营,2022-06-01,1,,,\n", encoding="utf-8")
    before = digest(db)
    rc, out = imp(capsys, "stations", changed, db, dry_run=True)
    assert rc == 0 and "1 added, 1 changed, 2 unchanged (dry run: nothing written)" in out[-1]
    assert digest(db) == before
    rc, out = imp(capsys, "stations", changed, db)
    assert "1 added, 1 changed, 2 unchanged" in out[-1]
    assert query(db, "SELECT status, social_workers FROM stations WHERE station_id = 'ZN-0003'") == [("operating", 2)]
    assert query(db, "SELECT count(*) FROM stations WHERE NOT is_demo")[0][0] == 4


BAD = {
    # file: (table, expected first line without the file name, needs the good stations first)
    "bad_missing_column.csv": ("stations", "1:county_code: missing column 县区代码 (county_code)"),
    "bad_unknown_code.csv": ("stations", "2:county_code: '419999' is not a region code (GB/T 2260, see data/regions.csv)"),
    "bad_wrong_level.csv": ("stations", "3:county_code: 410000 is a province (河南省), not a county"),
    "bad_duplicate_id.csv": ("stations", "4:station_id: repeats row 2 (same station_id: A1)"),
    "bad_negative.csv": ("stations", "2:social_workers: '-2' is not a whole number ≥ 0"),
    "bad_date.csv": ("stations", "2:opened_on: '2021年2月30日' is not a date (YYYY-MM-DD、YYYY/MM/DD 或 2021年12月8日)"),
    "bad_status.csv": ("stations", "2:status: '运行中啦' is not one of 筹建、试点、运营、暂停、关闭 "
                                   "(planned, pilot, operating, suspended, closed)"),
    "bad_lonlat_outside.csv": ("stations", "2:lon: 116.4, 39.9 is outside 宁夏回族自治区, the province of county "
                                           "640521 (lon/lat swapped, or not GCJ-02?)"),
    "bad_demo_id.csv": ("stations", "2:station_id: 'DEMO-1' is the id of a demo station; give your stations their "
                                    "own ids"),
    "bad_month.csv": ("services", "2:month: '2022-13' is not a month (YYYY-MM or 2021年12月, month 1–12)"),
    "bad_unknown_station.csv": ("services", "3:station_id: 'NOPE-9' is not a known station; import it in the "
                                            "stations table first"),
    "bad_demo_station.csv": ("services", "2:station_id: 'DEMO-1' is a demo station; imported service records are "
                                         "real and must refer to real stations"),
    "bad_funding_year_negative.csv": ("funding", "2:year: '1999' is not a year between 2000 and 2100"),
    "bad_figure_no_source.csv": ("figures", "2:source_id: the figure has no source: give 来源编号 (source_id) of a "
                                            "known source, or 来源标题 (source_title) with its publisher, date and "
                                            "link"),
    "bad_empty.csv": ("stations", "1:-: the file is empty; expected a header row with the columns 站点编号, 站点名称, "
                                  "县区代码, 乡镇街道, 状态, 驻站社工人数"),
    "bad_binary.csv": ("stations", "1:-: is a binary file, not a CSV or XLSX table"),
}


@pytest.fixture(scope="module")
def with_stations(base, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("with_stations") / "warehouse.duckdb"
    shutil.copy(base, path)
    assert importer.run("stations", "s.csv", (CORPUS / "stations_good.csv").read_bytes(), path).applied
    return path


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_names_row_and_column_and_changes_nothing(capsys, with_stations, tmp_path, name):
    table, expected = BAD[name]
    db = tmp_path / "w.duckdb"
    shutil.copy(with_stations, db)
    before = digest(db)
    f = CORPUS / name
    rc, out = imp(capsys, table, f, db)
    assert rc == 2
    assert out[0] == f"{f}:{expected}"
    assert digest(db) == before
    assert not list(tmp_path.glob("*.tmp"))


def test_every_problem_in_one_run(capsys, db):
    rc, out = imp(capsys, "funding", CORPUS / "bad_funding_year_negative.csv", db)
    assert out[1].endswith(":2:amount_cny: '-5' is not an amount ≥ 0")


def test_at_most_50_problems_then_a_count(capsys, db, tmp_path):
    lines = ["station_id,name,county_code,township,status,opened_on,social_workers"]
    lines += [f"B{i},n,410000,t,运营,,1" for i in range(120)]
    f = tmp_path / "many.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rc, out = imp(capsys, "stations", f, db)
    assert rc == 2 and len(out) == 51
    assert out[0] == f"{f}:2:county_code: 410000 is a province (河南省), not a county"
    assert out[49].startswith(f"{f}:51:") and out[50] == "… and 70 more problems"


def test_old_xls_and_unknown_column_get_plain_messages(capsys, db, tmp_path):
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert imp(capsys, "stations", xls, db)[1] == [f"{xls}:1:-: is an old Excel .xls workbook; save it as .xlsx or "
                                                   f"CSV and try again"]
    extra = tmp_path / "extra.csv"
    extra.write_text((CORPUS / "stations_good.csv").read_text(encoding="utf-8").replace("纬度", "纬度,电话"),
                     encoding="utf-8")
    out = imp(capsys, "stations", extra, db)[1]
    assert out[0].startswith(f"{extra}:1:电话: unknown column (column 11); allowed: 站点编号 (station_id), 站点名称 (name)")


def test_figures_need_a_source_and_get_one(capsys, db):
    rc, out = imp(capsys, "figures", CORPUS / "figures_good.csv", db)
    assert rc == 0 and "3 added" in out[-1], out
    got = query(db, """SELECT f.region_code, f.indicator, f.value, f.qualifier, f.as_of, s.title, s.publisher,
                              s.published, s.url
                       FROM figures f JOIN sources s USING (source_id) WHERE f.region_code IN ('640521', '410000')
                       AND f.as_of LIKE '2022%' ORDER BY 2""")
    title = "中宁县民政局关于社工站建设情况的通报"
    assert got == [("410000", "social_workers_stationed", 1200.0, "at_least", "2022", "社会工作新闻汇编（2021年12月）",
                    None, "2021-12", None),
                   ("640521", "social_workers_stationed", 12.0, "exact", "2022-03", title, "中宁县民政局",
                    "2022-03-15", "https://example.org/zn/1"),
                   ("640521", "stations_built", 13.0, "exact", "2022-03", title, "中宁县民政局", "2022-03-15",
                    "https://example.org/zn/1")]
    # an import's 备注 is a research note (internal): it never becomes the public note
    assert query(db, "SELECT note, note_zh, research_note FROM figures WHERE region_code = '640521' "
                     "AND indicator = 'social_workers_stationed' AND as_of = '2022-03'") == [(None, None, "测试用")]
    # the dashboard's latest-figure table sees the new one
    assert query(db, "SELECT value FROM figures_latest WHERE region_code = '640521' "
                     "AND indicator = 'stations_built'") == [(13.0,)]


def test_imports_survive_a_rebuild(capsys, base, tmp_path):
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(base, db)
    for table, f in [("stations", "stations_good.csv"), ("services", "services_good.csv"),
                     ("funding", "funding_good.csv"), ("figures", "figures_good.csv")]:
        assert imp(capsys, table, CORPUS / f, db)[0] == 0
    kept = importer.kept_files(db)  # the live version of warehouse.imports/
    assert sorted(p.name for p in kept.glob("*.csv")) == ["figures.csv", "funding.csv", "import_log.csv",
                                                          "services.csv", "sources.csv", "stations.csv"]
    rec = base.parent / "rec"
    build(db, DATA_DIR, rec)
    assert query(db, "SELECT count(*) FROM stations WHERE NOT is_demo")[0][0] == 3
    assert query(db, "SELECT count(*) FROM services WHERE NOT is_demo")[0][0] == 3
    assert query(db, "SELECT count(*) FROM funding WHERE NOT is_demo")[0][0] == 3
    assert query(db, "SELECT count(*) FROM figures WHERE as_of LIKE '2022%' AND region_code = '640521'")[0][0] == 2
    assert query(db, "SELECT name FROM stations WHERE station_id = 'ZN-0002'")[0][0] == "'); DROP TABLE stations; --"
    # importing the same file again changes nothing
    rc, out = imp(capsys, "stations", CORPUS / "stations_good.csv", db)
    assert "0 added, 0 changed, 3 unchanged" in out[-1]


# ---- the admin page (数据管理), Streamlit AppTest: uploader → check → preview → confirm ----

def admin_page(db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from shegong.config import ROOT

    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/admin.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.usefixtures("loopback")
def test_admin_page_checks_previews_and_imports(db, monkeypatch):
    at = admin_page(db, monkeypatch)
    assert at.title[0].value == "数据管理"
    assert [b.label for b in at.get("download_button")] == ["站点模板 (.xlsx)", "资金模板 (.xlsx)",
                                                             "服务记录模板 (.xlsx)", "公开数字模板 (.xlsx)"]
    data = (CORPUS / "stations_good.csv").read_text(encoding="utf-8").encode("gbk")
    at.file_uploader(key="upload").set_value(("登记表.csv", data, "text/csv")).run()
    before = digest(db)
    at.button(key="check").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value == "检查通过：3 行（GBK/GB18030）"
    assert [(m.label, m.value) for m in at.metric] == [("新增", "3"), ("修改", "0"), ("不变", "0")]
    preview = at.dataframe[0].value
    assert list(preview["站点编号"]) == ["ZN-0001", "ZN-0002", "ZN-0003"]
    assert list(preview["建成日期"])[:2] == ["2021-12-08", "2021-03-01"]
    assert digest(db) == before  # checking writes nothing
    at.button(key="confirm").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value.startswith("已提交审核：变更 1（待审核）")
    assert query(db, "SELECT count(*) FROM stations WHERE NOT is_demo")[0][0] == 0  # waiting for a second person
    # the same person cannot approve their own change (on loopback one person is signed in: the CLI's --as does)
    assert at.button(key="approve_1").disabled
    from shegong.ingest import review
    assert review.approve("1", db, user="reviewer@example.org").ok
    assert query(db, "SELECT count(*) FROM stations WHERE NOT is_demo")[0][0] == 3


@pytest.mark.usefixtures("loopback")
def test_admin_page_lists_problems_and_changes_nothing(db, monkeypatch):
    at = admin_page(db, monkeypatch)
    before = digest(db)
    at.file_uploader(key="upload").set_value(("bad.csv", (CORPUS / "bad_wrong_level.csv").read_bytes(),
                                              "text/csv")).run()
    at.button(key="check").click().run()
    assert at.error[0].value.startswith("发现 1 个问题，数据仓库未作任何改动")
    assert at.code[0].value == "bad.csv:3:county_code: 410000 is a province (河南省), not a county"
    assert not at.button(key="confirm") if False else not [b for b in at.button if b.key == "confirm"]
    assert digest(db) == before


@pytest.mark.usefixtures("loopback")
def test_admin_page_bulletin_to_cited_figures(db, monkeypatch):
    at = admin_page(db, monkeypatch)
    at.text_area(key="bulletin").input("河北：\n廊坊市今年建成社工站一百二十个,投入资金约1.5亿元。\n").run()
    at.button(key="find").click().run()
    editor = at.data_editor[0].value
    assert list(zip(editor.region_code, editor.indicator, editor.value)) == [
        ("131000", "stations_built", "120"), ("131000", "funding_cny", "150000000")]
    at.button(key="save").click().run()
    assert at.warning[0].value == "请至少勾选一个数字。"
    at.session_state["candidates_editor"] = {"edited_rows": {1: {"use": True, "as_of": "2022-07"}}, "added_rows": [], "deleted_rows": []}
    at.text_input(key="src_title").input("廊坊市民政局新闻")
    at.text_input(key="src_url").input("https://example.org/lf").run()
    at.button(key="save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success and at.success[0].value.startswith("已提交审核：变更 1（待审核）"), [c.value for c in at.code]
    published = ("SELECT f.value, f.qualifier, s.url FROM figures f JOIN sources s USING (source_id) "
                 "WHERE s.title = '廊坊市民政局新闻'")
    assert query(db, published) == []
    from shegong.ingest import review
    assert "131000 funding_cny 2022-07" in review.describe(review.find(db, "1"))
    assert review.approve("1", db, user="reviewer@example.org").ok
    assert query(db, published) == [(150_000_000.0, "approx", "https://example.org/lf")]


def test_admin_page_and_importer_refuse_in_public_mode(db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(db))
    monkeypatch.setenv("SHEGONG_PUBLIC", "1")
    at = AppTest.from_file(str(Path(__file__).parents[2] / "pages" / "admin.py"), default_timeout=60).run()
    assert at.error[0].value == "公开版不提供数据管理。"
    assert not at.get("file_uploader") and not at.get("download_button")
    before = digest(db)
    out = importer.run("stations", "s.csv", (CORPUS / "stations_good.csv").read_bytes(), db)
    assert out.problems == ["s.csv:1:-: imports are disabled in the public deployment (SHEGONG_PUBLIC=1)"]
    assert digest(db) == before


def test_figures_carry_their_scope_in_chinese_or_english(capsys, db, tmp_path):
    good = tmp_path / "口径.csv"
    good.write_text("地区代码,指标,数值,限定,截至日期,口径,来源编号\n"
                    "640521,stations_built,13,确数,2022-03,时点存量,S001\n"
                    "640521,funding_cny,320万,,2022,当年,S001\n", encoding="utf-8")
    assert imp(capsys, "figures", good, db)[0] == 0
    assert query(db, "SELECT indicator, scope FROM figures_best WHERE region_code = '640521' AND as_of LIKE '2022%' "
                     "ORDER BY 1") == [("funding_cny", "annual"), ("stations_built", "stock")]
    bad = tmp_path / "bad_scope.csv"
    bad.write_text("region_code,indicator,value,as_of,scope,source_id\n640521,volunteers,30,2022,trial,S001\n",
                   encoding="utf-8")
    before = digest(db)
    rc, out = imp(capsys, "figures", bad, db)
    assert rc == 2 and any(line.endswith("bad_scope.csv:2:scope: 'trial' is not one of 累计、当年、时点存量、试点 "
                                        "(cumulative, annual, stock, pilot)") for line in out), out
    assert digest(db) == before


@pytest.mark.usefixtures("loopback")
def test_admin_page_review_tab_approves_anothers_change_and_logs_both(db, monkeypatch, tmp_path):
    from shegong.ingest import review

    f = tmp_path / "zn.csv"
    f.write_text("region_code,indicator,value,as_of,source_id\n640521,stations_built,13,2022-03,S001\n",
                 encoding="utf-8")
    assert review.enter("figures", "zn.csv", f, db, user="alice@example.org").change["id"] == "1"
    at = admin_page(db, monkeypatch)
    assert any("变更 1：导入，alice@example.org" in m.value and "待审核" in m.value for m in at.markdown)
    assert query(db, "SELECT count(*) FROM figures WHERE region_code = '640521' AND as_of = '2022-03'")[0][0] == 0
    at.button(key="approve_1").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value.startswith("已批准变更 1 并发布")
    assert query(db, "SELECT value FROM figures WHERE region_code = '640521' AND as_of = '2022-03'") == [(13.0,)]
    log = at.dataframe[-1].value
    assert list(log["人员"])[:2] == [review.changes_of(db)[0]["decided_by"], "alice@example.org"]
    assert list(log["操作"])[:2] == ["批准", "提交"]
    assert "中宁县" in log["内容"][0]
