"""Hostile and odd files through `python -m shegong import` (issue 15): each is refused with exit 2, a message naming
where (line, sheet, column) and the warehouse byte-identical, or, where a correct reading exists, read correctly
with a note saying what was done."""
import codecs
import hashlib
import shutil
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest

from shegong.__main__ import main as cli
from shegong.config import DATA_DIR
from shegong.ingest import importer
from shegong.ingest.build import build
from tests.reviewed import import_reviewed

HEADER = "站点编号,站点名称,县区代码,乡镇街道,状态,建成日期,驻站社工人数,运营机构,经度,纬度"
ROW = "ZN-{i:04d},中宁县第{i}社会工作服务站,640521,宁安镇,运营,2021-12-08,3,中宁县仁爱社会工作服务中心,105.6852,37.4912"


@pytest.fixture(scope="module")
def base(published_warehouse) -> Path:
    """A small warehouse: the published figures and no records (fast to copy and to roll up; conftest.py)."""
    return published_warehouse


@pytest.fixture
def db(base, tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(base, path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def imp(capsys, file, db, table="stations"):
    return import_reviewed(capsys, table, file, db)


def refused(capsys, file, db, table="stations") -> list[str]:
    """Import `file`; it must be refused (exit 2) with the warehouse and its kept imports unchanged."""
    before = digest(db)
    rc, out, _ = imp(capsys, file, db, table)
    assert rc == 2, out
    assert digest(db) == before
    assert not importer.imports_dir(db).exists()
    return out


def names(db) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("SELECT station_id, name FROM stations WHERE NOT is_demo").fetchall())


def rows(n: int) -> list[str]:
    return [ROW.format(i=i) for i in range(1, n + 1)]


# ---- CSV

def test_mixed_utf8_and_gbk_lines_are_refused_naming_both(capsys, db, tmp_path):
    f = tmp_path / "mixed.csv"
    lines = [HEADER, *rows(3)]
    f.write_bytes(("\n".join(lines[:3]) + "\n").encode("utf-8") + (lines[3] + "\n").encode("gbk"))
    out = refused(capsys, f, db)
    assert out == [f"{f}:4:-: the file mixes encodings: line 1 is UTF-8 but line 4 is not (GBK?); read either way, "
                   f"some text would be garbled. Save the whole file again as CSV UTF-8"]


def test_nul_byte_after_the_first_64_kb_is_refused_naming_its_line(capsys, db, tmp_path):
    f = tmp_path / "nul.csv"
    body = rows(2000)
    body[1500] = body[1500].replace("宁安镇", "宁安\x00镇")
    f.write_text("\n".join([HEADER, *body]) + "\n", encoding="utf-8")
    assert f.read_bytes().index(b"\x00") > 65536
    assert refused(capsys, f, db) == [f"{f}:1502:-: has a NUL byte (a binary file, or a damaged one); save it again "
                                      f"as CSV UTF-8"]


def test_unclosed_quote_is_named_with_its_line(capsys, db, tmp_path):
    f = tmp_path / "quote.csv"
    body = rows(3)
    body[1] = body[1].replace("中宁县第2", '"中宁县第2')
    f.write_text("\n".join([HEADER, *body]) + "\n", encoding="utf-8")
    out = refused(capsys, f, db)
    assert out == [f'{f}:3:-: a quote (") opens a cell here that is never closed; close it, or double a quote that '
                   f'is part of the text ("")']


def test_utf16_is_decoded_and_said(capsys, db, tmp_path):
    for enc, bom in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-le", b"")):
        f = tmp_path / f"u16-{enc}-{len(bom)}.csv"
        f.write_bytes(bom + ("\r\n".join([HEADER, *rows(2)]) + "\r\n").encode(enc))
        rc, out, _ = imp(capsys, f, db)
        assert rc == 0, out
        assert out[0] == f"note: {f}: read as UTF-16 text"
    assert names(db)["ZN-0002"] == "中宁县第2社会工作服务站"


def test_ten_thousand_unknown_columns_give_fifty_lines_and_a_count(capsys, db, tmp_path):
    f = tmp_path / "wide.csv"
    extra = ",".join(f"x{i}" for i in range(10_000))
    f.write_text(f"{HEADER},{extra}\n" + ROW.format(i=1) + "," * 10_000 + "\n", encoding="utf-8")
    out = refused(capsys, f, db)
    assert len(out) == 51
    assert out[0].startswith(f"{f}:1:x0: unknown column (column 11); allowed: 站点编号 (station_id)")
    assert out[50] == "… and 9950 more problems"


def test_values_under_an_empty_header_cell_are_refused_naming_the_column(capsys, db, tmp_path):
    f = tmp_path / "gap.csv"
    body = [r + "," for r in rows(3)]
    body[2] += "电话13800000000"
    f.write_text("\n".join([HEADER + ",", *body]) + "\n", encoding="utf-8")
    assert refused(capsys, f, db) == [f"{f}:4:K: a value under an empty header cell (column K); give the column a "
                                      f"header or delete its values"]


def test_leading_tab_and_formulas_are_stored_as_given_and_kept_inert(capsys, db, tmp_path):
    f = tmp_path / "text.csv"
    body = rows(3)
    body[0] = body[0].replace("中宁县第1社会工作服务站", "\t中宁县第1社会工作服务站")
    body[1] = body[1].replace("中宁县第2社会工作服务站", '"=HYPERLINK(""http://x"",""y"")"')
    body[2] = body[2].replace("中宁县第3社会工作服务站", "@SUM(A1)").replace("中宁县仁爱", "'-引号")
    f.write_text("\n".join([HEADER, *body]) + "\n", encoding="utf-8")
    rc, out, _ = imp(capsys, f, db)
    assert rc == 0, out
    stored = names(db)
    assert stored == {"ZN-0001": "\t中宁县第1社会工作服务站", "ZN-0002": '=HYPERLINK("http://x","y")',
                      "ZN-0003": "@SUM(A1)"}
    kept = (importer.kept_files(db) / "stations.csv").read_text(encoding="utf-8")
    assert "'\t中宁县第1" in kept and "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" in kept and "'@SUM(A1)" in kept
    assert "''-引号" in kept
    # a rebuild replays the kept file: the text comes back exactly as given
    build(db, DATA_DIR, None)
    assert names(db) == stored
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT operator FROM stations WHERE station_id = 'ZN-0003'").fetchone()[0] == \
            "'-引号社会工作服务中心"


def test_a_row_wider_than_the_header_is_named(capsys, db, tmp_path):
    f = tmp_path / "wide_row.csv"
    body = rows(3)
    body[1] += ",多出来的"
    f.write_text("\n".join([HEADER, *body]) + "\n", encoding="utf-8")
    assert refused(capsys, f, db) == [f"{f}:3:-: has 11 cells, the header has 10"]


def test_binary_file_is_named_as_such(capsys, db, tmp_path):
    f = tmp_path / "photo.csv"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    assert refused(capsys, f, db) == [f"{f}:1:-: is a binary file, not a CSV or XLSX table"]


# ---- XLSX

def workbook(path: Path, header, body, hidden=None, merge=None, far=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"
    ws["A1"] = "见下一页"
    if hidden:  # a hidden sheet named after the table, full of wrong rows
        for state in hidden:
            h = wb.create_sheet(f"stations_{state}" if state != "hidden" else "stations")
            h.append(header)
            h.append(["WRONG", "错误", "640521", "镇", "运营", None, 1])
            h.sheet_state = state
    data = wb.create_sheet("站点")
    data.append(header)
    for r in body:
        data.append(r)
    if merge:
        data.merge_cells(merge)
    if far:
        data[far] = "x"
    wb.save(path)
    return path


XHEADER = ["站点编号", "站点名称", "县区代码", "乡镇街道", "状态", "建成日期", "驻站社工人数", "运营机构"]


def xrows(n):
    return [[f"X-{i}", f"站{i}", "640521", "宁安镇", "运营", None, 2, "某机构" if i == 1 else None]
            for i in range(1, n + 1)]


@pytest.mark.parametrize("cell", ["XFD1048576", "XFD20000"])
def test_a_far_cell_is_refused_before_reading(capsys, db, tmp_path, cell):
    f = workbook(tmp_path / "far.xlsx", XHEADER, xrows(2), far=cell)
    out = refused(capsys, f, db)
    rows_ = int(cell[3:])
    assert out == [f"{f}:{rows_}:XFD: sheet 站点 has a cell at {cell}, far outside any table (16,384 columns × "
                   f"{rows_:,} rows = {16384 * rows_:,} cells; at most 12,000,000); delete the stray cell, or copy "
                   f"the table to a new sheet"]


def test_a_zip_bomb_is_refused_by_its_size(capsys, db, tmp_path):
    f = workbook(tmp_path / "bomb.xlsx", XHEADER, xrows(1))
    with zipfile.ZipFile(f) as z:
        members = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = "xl/worksheets/sheet2.xml"
    inflated = members[sheet].replace(b"</sheetData>", b"</sheetData>" + b" " * (450 << 20))
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in members.items():
            z.writestr(name, inflated if name == sheet else data)
    assert f.stat().st_size < 5 << 20
    out = refused(capsys, f, db)
    assert out == [f"{f}:1:-: sheet 站点 expands to 450 MB of XML (at most 400 MB): split it, or save it as CSV"]


def test_hidden_sheets_are_skipped_and_said(capsys, db, tmp_path):
    f = workbook(tmp_path / "hidden.xlsx", XHEADER, xrows(2), hidden=["hidden", "veryHidden"])
    rc, out, _ = imp(capsys, f, db)
    assert rc == 0, out
    assert out[0] == f"note: {f}: skipped hidden sheet(s) stations, stations_veryHidden; read the visible sheet 站点"
    assert set(names(db)) == {"X-1", "X-2"}


def test_merged_cells_are_filled_from_their_first_cell_and_said(capsys, db, tmp_path):
    f = workbook(tmp_path / "merged.xlsx", XHEADER, xrows(3), merge="H2:H4")
    rc, out, _ = imp(capsys, f, db)
    assert rc == 0, out
    assert out[0] == f"note: {f}: merged cells H2:H4 filled from their first cell"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT list(operator ORDER BY station_id) FROM stations").fetchone()[0] == ["某机构"] * 3


def test_values_under_an_empty_header_cell_in_a_sheet_name_the_letter(capsys, db, tmp_path):
    body = xrows(2)
    body[1] += [None, "备注"]
    f = workbook(tmp_path / "gap.xlsx", XHEADER + [None, None], body)
    assert refused(capsys, f, db) == [f"{f}:3:J: a value under an empty header cell (column J); give the column a "
                                      f"header or delete its values"]


@pytest.mark.usefixtures("loopback")
def test_the_admin_page_refuses_a_far_cell_upload_and_keeps_serving(db, tmp_path, monkeypatch):
    """The page reads uploads with the same code inside the server process: the far cell is refused before any
    allocation, the page shows where, and the next run of the page still works."""
    from streamlit.testing.v1 import AppTest

    from shegong.config import ROOT

    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/admin.py").run()
    f = workbook(tmp_path / "far.xlsx", XHEADER, xrows(2), far="XFD1048576")
    before = digest(db)
    at.file_uploader(key="upload").set_value(("far.xlsx", f.read_bytes(), "application/vnd.openxmlformats-"
                                              "officedocument.spreadsheetml.sheet")).run()
    at.button(key="check").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.error[0].value.startswith("发现 1 个问题，数据仓库未作任何改动")
    assert at.code[0].value.startswith("far.xlsx:1048576:XFD: sheet 站点 has a cell at XFD1048576, far outside")
    assert digest(db) == before
    at.run()
    assert not at.exception


# ---- the hostile corpus (issue 21): written by code here, each refused by the CLI with a message naming where

def patched(path: Path, sheet=None, shared=None) -> Path:
    """The workbook at `path` with the 站点 sheet's XML (and the shared strings) rewritten by the given functions."""
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i.filename) for i in z.infolist()}
    if sheet:
        members["xl/worksheets/sheet2.xml"] = sheet(members["xl/worksheets/sheet2.xml"])
    if shared is not None:
        members["xl/sharedStrings.xml"] = shared
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def far_row(ref: bytes) -> callable:
    """A sheet with one more cell written `ref` (any quoting and spacing) and no <dimension> to warn of it."""
    import re

    def edit(xml: bytes) -> bytes:
        xml = re.sub(rb"<dimension [^>]*/>", b"", xml)
        return xml.replace(b"</sheetData>", b'<row r="1048576"><c ' + ref + b' t="inlineStr"><is><t>x</t></is></c>'
                           b"</row></sheetData>")
    return edit


@pytest.mark.parametrize("ref", [b"r='XFD1048576'", b'r = "XFD1048576"', b'r="xfd1048576"', b'r=" $XFD$1048576 "'])
def test_a_far_cell_written_any_way_is_refused_before_reading(capsys, db, tmp_path, ref):
    f = patched(workbook(tmp_path / "far.xlsx", XHEADER, xrows(2)), sheet=far_row(ref))
    assert refused(capsys, f, db) == [
        f"{f}:1048576:XFD: sheet 站点 has a cell at XFD1048576, far outside any table (16,384 columns × 1,048,576 rows "
        f"= 17,179,869,184 cells; at most 12,000,000); delete the stray cell, or copy the table to a new sheet"]


def test_a_far_dimension_written_with_spaces_and_single_quotes_is_refused(capsys, db, tmp_path):
    import re
    f = patched(workbook(tmp_path / "dim.xlsx", XHEADER, xrows(2)),
                sheet=lambda x: re.sub(rb'<dimension ref="[^"]*"/>', b"<dimension ref = 'a1:xfd1048576' />", x))
    assert refused(capsys, f, db)[0].startswith(f"{f}:1048576:XFD: sheet 站点 has a cell at XFD1048576, far outside")


def test_a_cell_reference_that_is_no_address_is_refused(capsys, db, tmp_path):
    f = patched(workbook(tmp_path / "ref.xlsx", XHEADER, xrows(2)), sheet=far_row(b'r="A-1"'))
    assert refused(capsys, f, db) == [f"{f}:1048576:-: sheet 站点 has a cell reference 'A-1' that is not a cell "
                                      f"address; save the workbook again from a spreadsheet program"]


def test_two_thousand_overlapping_merged_ranges_are_refused_in_seconds(capsys, db, tmp_path):
    import time
    merges = b"".join(b'<mergeCell ref="A%d:Z%d"/>' % (i, i + 5000) for i in range(1, 2001))
    f = patched(workbook(tmp_path / "merges.xlsx", XHEADER, xrows(2)), sheet=lambda x: x.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="2000">' + merges + b"</mergeCells>"))
    assert f.stat().st_size < 20_000
    start = time.monotonic()
    out = refused(capsys, f, db)
    assert time.monotonic() - start < 30
    assert out == [f"{f}:8:A: sheet 站点: merged ranges cover more than 1,000,000 cells in all (at A8:Z5008); unmerge "
                   f"the cells (Excel: 取消单元格合并)"]


def test_overlapping_merged_ranges_are_refused_naming_both(capsys, db, tmp_path):
    f = patched(workbook(tmp_path / "overlap.xlsx", XHEADER, xrows(4)), sheet=lambda x: x.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="2"><mergeCell ref="H2:H4"/><mergeCell ref="G3:H5"/>'
                         b"</mergeCells>"))
    assert refused(capsys, f, db) == [f"{f}:3:G: sheet 站点: the merged ranges H2:H4 and G3:H5 overlap, which no "
                                      f"spreadsheet program writes; unmerge them and save again"]


def test_a_cell_longer_than_excel_allows_is_refused_naming_it(capsys, db, tmp_path):
    body = xrows(3)
    f = workbook(tmp_path / "long.xlsx", XHEADER, body)
    f = patched(f, sheet=lambda x: x.replace(b">X-2<", b">" + b"X" * 40_000 + b"<", 1))
    assert refused(capsys, f, db) == [f"{f}:3:A: sheet 站点: the cell A3 holds more than 32,767 characters (a cell "
                                      f"holds at most 32,767); shorten it"]


def shared_strings(*texts: str) -> bytes:
    items = "".join(f"<si><t>{t}</t></si>" for t in texts)
    return (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            f'main" count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>').encode()


def test_a_long_shared_string_is_refused_naming_the_cell_that_uses_it(capsys, db, tmp_path):
    f = workbook(tmp_path / "sst.xlsx", XHEADER, xrows(3))
    f = patched(f, shared=shared_strings("短", "长" * 100_000), sheet=lambda x: x.replace(
        b'<c r="A3" t="inlineStr"><is><t>X-2</t></is></c>', b'<c r="A3" t="s"><v>1</v></c>'))
    assert refused(capsys, f, db) == [f"{f}:3:A: sheet 站点: the cell A3 holds 100,000 characters (a cell holds at "
                                      f"most 32,767); shorten it"]


def test_a_300_mb_shared_string_in_a_small_file_is_refused_by_its_size(capsys, db, tmp_path):
    f = patched(workbook(tmp_path / "sst.xlsx", XHEADER, xrows(2)), shared=shared_strings("x" * (300 << 20)))
    assert f.stat().st_size < 2 << 20
    assert refused(capsys, f, db) == [f"{f}:1:-: the workbook's shared text (sharedStrings.xml) expands to 300 MB (at "
                                      f"most 200 MB): a cell holds far more text than a table needs; save the sheet "
                                      f"as CSV"]


def test_a_dtd_with_entities_is_refused(capsys, db, tmp_path):
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    f = patched(workbook(tmp_path / "dtd.xlsx", XHEADER, xrows(2)), sheet=lambda x: bomb + x.split(b"?>", 1)[-1])
    assert refused(capsys, f, db) == [f"{f}:1:-: sheet 站点: the workbook's XML declares a DTD (entities), which no "
                                      f"spreadsheet program writes; save it again as .xlsx"]


def test_a_reader_abort_is_one_refused_file(capsys, db, tmp_path, monkeypatch):
    """A sheet within the cell limits that still needs more memory than the reader may have: calamine aborts the
    process (SIGABRT, no `except` catches it); the reader is a child process, so the import is refused and the CLI
    process lives on to say so (the server likewise, test below)."""
    monkeypatch.setattr("shegong.ingest.reading.XLSX_MEMORY", 600 << 20)
    edit = far_row(b'r="J1100000"')
    f = patched(workbook(tmp_path / "abort.xlsx", XHEADER, xrows(2)),
                sheet=lambda x: edit(x).replace(b'<row r="1048576">', b'<row r="1100000">'))
    assert refused(capsys, f, db) == [
        f"{f}:1100000:J: reading the workbook (sheet 站点, cells up to J1100000) stopped (SIGABRT), most likely "
        f"needing more than 600 MB of memory; it is refused and nothing was changed. A stray far cell, a huge text or "
        f"a damaged file does this: save the sheet as CSV, or copy the table to a new workbook"]


def test_a_140000_character_csv_cell_is_a_message(capsys, db, tmp_path):
    f = tmp_path / "field.csv"
    body = rows(3)
    body[1] = body[1].replace("中宁县第2社会工作服务站", '"' + "长" * 140_000 + '"')
    f.write_text("\n".join([HEADER, *body]) + "\n", encoding="utf-8")
    assert refused(capsys, f, db) == [f"{f}:3:name: a cell of 140,000 characters (column 2; a cell holds at most "
                                      f"32,767); shorten it"]


def test_a_gbk_file_with_one_latin_utf8_line_is_refused(capsys, db, tmp_path):
    f = tmp_path / "latin.csv"
    body = rows(3)
    f.write_bytes(("\n".join([HEADER, *body[:2]]) + "\n").encode("gbk")
                  + (body[2].replace("中宁县仁爱社会工作服务中心", "Müller Café") + "\n").encode("utf-8"))
    assert refused(capsys, f, db) == [f"{f}:4:-: the file mixes encodings: line 4 is UTF-8 but line 1 is not (GBK?); "
                                      f"read either way, some text would be garbled. Save the whole file again as CSV "
                                      f"UTF-8"]


@pytest.mark.usefixtures("loopback")
def test_the_admin_page_survives_a_reader_abort_and_a_far_cell_written_in_lower_case(db, tmp_path, monkeypatch):
    """The upload that aborted the reader inside the server ("Connection error" on every tab) is now one refused
    file; the page, and the process running it, go on."""
    from streamlit.testing.v1 import AppTest

    from shegong.config import ROOT

    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(db))
    monkeypatch.setattr("shegong.ingest.reading.XLSX_MEMORY", 600 << 20)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/admin.py").run()
    edit = far_row(b'r="J1100000"')
    abort = patched(workbook(tmp_path / "abort.xlsx", XHEADER, xrows(2)),
                    sheet=lambda x: edit(x).replace(b'<row r="1048576">', b'<row r="1100000">'))
    lower = patched(workbook(tmp_path / "lower.xlsx", XHEADER, xrows(2)), sheet=far_row(b"r = 'xfd1048576'"))
    before = digest(db)
    for f, where in ((abort, "abort.xlsx:1100000:J: reading the workbook (sheet 站点, cells up to J1100000) stopped "
                              "(SIGABRT)"),
                     (lower, "lower.xlsx:1048576:XFD: sheet 站点 has a cell at XFD1048576, far outside")):
        at.file_uploader(key="upload").set_value((f.name, f.read_bytes(), "application/vnd.openxmlformats-"
                                                  "officedocument.spreadsheetml.sheet")).run()
        at.button(key="check").click().run()
        assert not at.exception, [e.message for e in at.exception]
        assert at.error[0].value.startswith("发现 1 个问题，数据仓库未作任何改动")
        assert at.code[0].value.startswith(where)
    assert digest(db) == before
    good = workbook(tmp_path / "good.xlsx", XHEADER, xrows(2))
    at.file_uploader(key="upload").set_value(("good.xlsx", good.read_bytes(), "application/octet-stream")).run()
    at.button(key="check").click().run()
    assert at.success[0].value.startswith("检查通过：2 行（XLSX, sheet 站点）")


def test_the_import_log_keeps_formulas_from_file_and_user_names_inert(db, tmp_path):
    import csv as csvlib
    f = tmp_path / "=HYPERLINK(1).csv"
    f.write_text("\n".join([HEADER, *rows(1)]) + "\n", encoding="utf-8")
    outcome = importer.run("stations", f.name, f.read_bytes(), db=db, user="@SUM(A1) from 127.0.0.1")
    assert not outcome.problems
    with (importer.kept_files(db) / "import_log.csv").open(encoding="utf-8") as fh:
        row = next(csvlib.DictReader(fh))
    assert (row["user"], row["file"]) == ("'@SUM(A1) from 127.0.0.1", "'=HYPERLINK(1).csv")
    shown = importer.import_log(db).iloc[0]  # the admin page shows them as given
    assert (shown["user"], shown["file"]) == ("@SUM(A1) from 127.0.0.1", "=HYPERLINK(1).csv")


def test_a_killed_imports_staging_folder_is_removed_by_the_next_reader(tmp_path):
    import os
    import subprocess
    import sys
    import tempfile

    from shegong.ingest import reading

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    gone = Path(tempfile.mkdtemp(prefix=reading.STAGING_PREFIX))
    (gone / reading.OWNER).write_text(str(dead.pid))
    (gone / "stage.duckdb").write_bytes(b"x" * 1000)
    alive = Path(tempfile.mkdtemp(prefix=reading.STAGING_PREFIX))
    (alive / reading.OWNER).write_text(str(os.getpid()))
    try:
        f = tmp_path / "s.csv"
        f.write_text("\n".join([HEADER, *rows(1)]) + "\n", encoding="utf-8")
        reading.read("s.csv", f, "stations").close()
        assert not gone.exists() and alive.exists()
    finally:
        import shutil as sh
        sh.rmtree(alive, ignore_errors=True)
        sh.rmtree(gone, ignore_errors=True)
