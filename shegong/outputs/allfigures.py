"""The one download of all published figures with their sources, and the data dictionary (CSV and XLSX), under
stable file names (the sources page offers them); the data comes from shegong.catalog.definitions."""
from __future__ import annotations

import io

from shegong.catalog.definitions import all_figures, dictionary
from shegong.i18n import t
from shegong.outputs import datafiles

FILE_STEM = "shegong_published_figures"  # stable names: a link to them keeps working after a rebuild
DICTIONARY_STEM = "shegong_data_dictionary"


def figures_csv() -> bytes:
    return datafiles.to_csv(all_figures())


def dictionary_csv() -> bytes:
    return datafiles.to_csv(dictionary())


def figures_xlsx() -> bytes:
    """The figures (sheet 数据, with the exhibit's 说明 sheet and column meanings)
    and the dictionary (sheet 数据字典)."""
    from openpyxl import load_workbook

    from shegong import catalog
    from shegong.catalog.registry import exhibit

    whole = catalog.build("sources.figures", region="", indicator="")
    table = exhibit(None, all_figures(), title=whole.title, subtitle=whole.subtitle, sources=whole.sources,
                    notes=whole.notes)
    book = load_workbook(io.BytesIO(datafiles.to_xlsx(table)))
    sheet = book.create_sheet(t("数据字典"))
    table = dictionary()
    sheet.append(list(table.columns))
    for row in table.itertuples(index=False):
        sheet.append([datafiles.inert(v) for v in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
