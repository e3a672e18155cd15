"""Data files as a clerk opens them: a figure shown as text also comes as a number with its unit, money has two
decimals and counts none, and an empty link is empty (never "None")."""
import csv
import io

import openpyxl
import pytest

from shegong import catalog, i18n, outputs


@pytest.fixture(autouse=True)
def built(warehouse):
    yield
    i18n.set_language("zh")


def rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("lang,value,number,unit,qualifier", [
    ("zh", "数值", "数值（数值）", "单位", "限定词"),
    ("en", "Value", "Value (number)", "Unit", "Qualifier"),
])
def test_the_compare_trend_has_a_numeric_value_column_in_csv_and_xlsx(lang, value, number, unit, qualifier):
    i18n.set_language(lang)
    ex = catalog.build("compare.trend", indicator="social_workers_stationed")
    table = rows(outputs.export(ex, "csv"))
    assert table and all(r[number] for r in table)
    for r in table:  # the number is the figure shown beside it, in base units
        assert outputs.datafiles.fmt.parse(r[value])[0] == int(r[number])
        assert r[unit] and r[qualifier]
    ws = openpyxl.load_workbook(io.BytesIO(outputs.export(ex, "xlsx"))).worksheets[0]
    head = [c.value for c in ws[1]]
    cells = [ws.cell(row, head.index(number) + 1) for row in range(2, ws.max_row + 1)]
    assert cells and all(c.data_type == "n" and isinstance(c.value, int) for c in cells), [c.value for c in cells]
    shown = [ws.cell(row, head.index(value) + 1).value for row in range(2, ws.max_row + 1)]
    assert any("persons" in s or "人" in s for s in shown)  # e.g. "4,235 persons": text beside the number


def test_money_has_two_decimals_and_counts_none():
    ex = catalog.build("funding.by_year")
    table = rows(outputs.export(ex, "csv"))
    amounts = [r["金额（元）"] for r in table]
    assert amounts and all(a.count(".") == 1 and len(a.split(".")[1]) == 2 for a in amounts), amounts[:5]
    ws = openpyxl.load_workbook(io.BytesIO(outputs.export(ex, "xlsx"))).worksheets[0]
    head = [c.value for c in ws[1]]
    col = head.index("金额（元）") + 1
    assert all(ws.cell(r, col).number_format == "#,##0.00" for r in range(2, ws.max_row + 1))
    counts = rows(outputs.export(catalog.build("services.yearly"), "csv"))
    assert counts and all("." not in r["服务人次"] for r in counts)


def test_published_figures_carry_value_unit_qualifier_date_source_and_url():
    ex = catalog.build("funding.published")
    table = rows(outputs.export(ex, "csv"))
    assert table
    for r in table:
        assert float(r["公开数字（数值）"]) > 0 and r["单位"] == "元"
        assert r["限定词"] and r["截至"] and r["来源"]
        assert r["公开数字（数值）"].endswith(tuple(f".{d:02d}" for d in range(100)))  # money: 2 decimals


@pytest.mark.parametrize("chart_id", catalog.ids())
def test_no_data_file_says_none(chart_id):
    for lang in ("zh", "en"):
        i18n.set_language(lang)
        ex = catalog.build(chart_id)
        if ex is None:
            continue
        text = outputs.export(ex, "csv").decode("utf-8-sig")
        assert ",None," not in text and not text.rstrip().endswith(",None") and ",nan," not in text, chart_id
