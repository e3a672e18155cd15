"""The one declaration of the record tables' columns (shegong/ingest/columns.py) is what the README shows, what the
templates a clerk downloads ask for, and what the build's checks and the import read."""
import io

import openpyxl
import pytest

from shegong import schema
from shegong.config import DATA_DIR
from shegong.ingest import columns, templates, validate


def test_data_readme_tables_are_the_declaration():
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert columns.readme(text) == text, "run `python -m shegong.ingest.columns` to write data/README.md's tables"
    for table in columns.TABLES:
        assert columns.markdown(table) in text
    for table in schema.PUBLISHED:
        assert schema.published_markdown(table) in text


def test_the_published_files_are_checked_and_stored_as_declared(tmp_path):
    """One declaration: the build's checks read exactly the declared columns, and the warehouse's tables hold them."""
    for name, table in schema.PUBLISHED.items():
        assert list(validate.SPECS[name].columns) == [f.name for f in table.columns]
        header = (DATA_DIR / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == [f.name for f in table.columns], name
    import duckdb
    with duckdb.connect() as con:
        for name, df in validate.read_sources(DATA_DIR).items():
            con.register(f"src_{name}", df)
        con.execute(schema.ddl())
        stored = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                            "WHERE table_name = 'indicators'").fetchall()}
    assert {"measures", "coverage_denominator", "headline"} <= stored and "keywords" not in stored


def test_headers_on_pages_come_from_the_declaration():
    from shegong import i18n

    assert schema.header("stations", "station_id") == "站点编号"
    i18n.set_language("en")
    try:
        assert schema.header("stations", "station_id") == "Station ID"
        assert schema.header("figures", "as_of") == "As of"
    finally:
        i18n.set_language("zh")


def test_one_error_type_for_bad_input():
    from shegong.ingest.reading import ImportProblems

    assert validate.ValidationError is schema.DataError and ImportProblems is schema.DataError


@pytest.mark.parametrize("table", ["stations", "funding", "services", "figures"])
def test_templates_ask_for_the_declared_columns(table):
    wb = openpyxl.load_workbook(io.BytesIO(templates.xlsx(table)))
    cols = columns.imported(table)
    assert [c.value for c in wb[table][1]] == [c.zh for c in cols]
    help_rows = list(wb["说明"].iter_rows(min_row=5, values_only=True))
    assert [(r[0], r[1], r[2]) for r in help_rows] == [(c.zh, c.name, "是" if c.needed else "否") for c in cols]
    for r, c in zip(help_rows, cols):
        assert (r[4] or "") == "、".join((c.values or {}).values())


def test_every_column_has_a_meaning_and_imported_ones_a_chinese_header():
    for table in ("stations", "funding", "services", "figures"):
        for c in columns.imported(table):
            assert c.zh and c.about_zh and c.about_en, (table, c.name)
    assert all(c.values for t in columns.TABLES.values() for c in t if c.kind == "values")
