"""Downloadable XLSX templates: a sheet to fill in (Chinese headers the importer reads) and a sheet explaining
each column, whether it is required, its allowed values and an example (all from shegong.ingest.columns)."""
from __future__ import annotations

import functools
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from shegong.ingest.columns import Column, imported
from shegong.ingest.reading import TABLE_ZH
from shegong.schema import header

INTRO = {
    "stations": f"一行一个社工站。{header('stations', 'station_id')}自行编制、不得重复；"
                f"{header('stations', 'county_code')}须为县级代码。",
    "funding": "一行一个地区、年度、项目和资金来源。金额单位为元，可写“8946.66万”。",
    "services": "一行一个站点、月份、服务对象类别和服务类型。站点须先在站点表中导入。",
    "figures": "一行一个公开数字。每个数字须注明来源：填来源编号，或填来源标题、发布机构、发布日期和链接。",
}


def allowed(col: Column) -> str:
    return "、".join(col.values.values()) if col.values else ""


@functools.cache
def xlsx(table: str) -> bytes:
    """The template for one table as .xlsx bytes."""
    fields = imported(table)
    wb = Workbook()
    ws = wb.active
    ws.title = table  # the importer reads the sheet named after the table (or the first one)
    ws.append([f.zh for f in fields])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for i, f in enumerate(fields, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill = bold, fill
        letter = cell.column_letter
        ws.column_dimensions[letter].width = max(12, 2 * len(f.zh) + 4)
        if f.kind in ("code", "text", "date", "month", "asof", "region", "indicator", "url"):
            for row in range(2, 1002):  # text cells: 640521 and 2021-12 stay as typed
                ws.cell(row=row, column=i).number_format = "@"
        if f.values:
            dv = DataValidation(type="list", formula1='"' + ",".join(f.values.values()) + '"',
                                allow_blank=not f.needed, showErrorMessage=False)
            dv.add(f"{letter}2:{letter}100000")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"

    help_ws = wb.create_sheet("说明")
    help_ws.append([f"{TABLE_ZH[table]}表 ({table})：{INTRO[table]}"])
    help_ws.append(["表头为第1行；出错时提示的行号就是 Excel 的行号。可另存为 CSV (UTF-8 或 GBK) 导入。"])
    help_ws.append([])
    help_ws.append(["列名", "英文列名", "必填", "说明", "允许的值", "示例", "English"])
    for f in fields:
        help_ws.append([f.zh, f.name, "是" if f.needed else "否", f.about_zh, allowed(f), f.example, f.about_en])
    for cell in help_ws[4]:
        cell.font, cell.fill = bold, fill
    for letter, width in zip("ABCDEFG", (16, 18, 6, 48, 40, 28, 44)):
        help_ws.column_dimensions[letter].width = width
    for row in help_ws.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
