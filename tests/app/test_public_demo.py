"""The public deployment shows only real figures (issue 14 #8), unless its operator opts in.

`make run-public` / `make deploy` serve data/warehouse-public.duckdb: data/ plus the kept real imports, built without
demo records. With SHEGONG_PUBLIC=1 and no SHEGONG_PUBLIC_DEMO, no page and no data export shows 演示数据 or a demo
number, and a warehouse that holds demo records is refused (a plain page, nothing of it shown). With the opt-in, the
demo warehouse is shown labelled 演示数据 as outside public mode.
"""
import io
import json
import os
import re
import shutil

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from shegong import catalog, i18n
from shegong.config import DATA_DIR, ROOT
from shegong.ingest import importer
from shegong.ingest.build import build
from shegong.outputs import export
from tests.pagetools import published_figures

PAGES = ["pages/overview.py", "pages/screen.py", "pages/compare.py", "pages/province.py", "pages/funding.py",
         "pages/beneficiaries.py", "pages/sources.py", "pages/report.py"]
CORPUS = ROOT / "tests" / "data" / "import_corpus"
DEMO = re.compile(r"演示|\bdemo\b", re.I)  # not "demonstration stations" (示范社工站), which are real


@pytest.fixture(scope="module")
def public_warehouse(published_warehouse, tmp_path_factory):
    """As `make run-public` builds it: the leaders' warehouse has one real import; the public one is data/ plus
    that kept import (`build --imports data/warehouse.imports`, no --records)."""
    folder = tmp_path_factory.mktemp("public")
    leaders = folder / "warehouse.duckdb"
    shutil.copy(published_warehouse, leaders)  # data/ alone, before the import
    old = os.environ.pop("SHEGONG_PUBLIC", None)
    try:
        assert importer.run("stations", "stations_good.csv", (CORPUS / "stations_good.csv").read_bytes(),
                            leaders).applied
    finally:
        if old is not None:
            os.environ["SHEGONG_PUBLIC"] = old
    public = folder / "warehouse-public.duckdb"
    counts = build(public, DATA_DIR, None, imports=importer.imports_dir(leaders))
    assert counts["stations"] == 3  # the real, imported stations, and nothing else
    return public


def page_text(at: AppTest) -> str:
    """Everything a visitor can read on the page: text elements, metrics, tables (all rows) and charts (traces,
    titles, annotations, hover templates)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                 "text", "code"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [d.value.to_csv() for d in at.dataframe]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        spec.get("layout", {}).pop("meta", None)  # the exhibit's own record ("demo": false), not drawn
        parts.append(json.dumps(spec, ensure_ascii=False))
    parts += [str(s.options) for s in at.selectbox] + [str(s.label) for s in at.get("multiselect")]
    return "\n".join(parts)


def shown_cells(book) -> str:
    """The workbook's data and its notes, up to the glossary of column names (列/含义: a definition such as
    is_demo's, the same in every export, is not a figure)."""
    cells = []
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            if row and row[0] in ("列", "Column"):
                break
            cells += [str(v) for v in row if v is not None]
    return " ".join(cells)


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    at.switch_page(page).run()
    assert not at.exception, (page, [e.message for e in at.exception])
    assert not [e.value for e in at.error if e.value.startswith("本页暂时无法显示")], page
    return at


def test_no_page_shows_demo_data_in_public_mode(public_warehouse, monkeypatch):
    monkeypatch.setenv("SHEGONG_PUBLIC", "1")
    monkeypatch.delenv("SHEGONG_PUBLIC_DEMO", raising=False)
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(public_warehouse))
    shown = {}
    for page in PAGES:
        text = page_text(open_page(page))
        assert not DEMO.findall(text), (page, DEMO.findall(text))
        shown[page] = text
    # the pages are not empty: the published figures are there
    assert "515个" in shown["pages/overview.py"]
    assert f"共 {len(published_figures())} 条数字" in shown["pages/sources.py"]  # every row of data/figures.csv
    assert "河南省尚无站点登记数据" in shown["pages/province.py"]


def test_no_data_export_has_demo_data_in_public_mode(public_warehouse, monkeypatch):
    """Every exhibit's CSV and XLSX (the 下载 popover's data files and `python -m shegong export`), in both
    languages."""
    monkeypatch.setenv("SHEGONG_PUBLIC", "1")
    monkeypatch.delenv("SHEGONG_PUBLIC_DEMO", raising=False)
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(public_warehouse))
    exported = 0
    for lang in ("zh", "en"):
        i18n.set_language(lang)
        try:
            for chart_id in catalog.ids():
                exhibit = catalog.build(chart_id)
                if exhibit is None:
                    continue
                assert not exhibit.demo, chart_id
                csv_text = export(exhibit, "csv", full=True).decode("utf-8-sig")
                book = openpyxl.load_workbook(io.BytesIO(export(exhibit, "xlsx", full=True)), read_only=True)
                for text in (csv_text, shown_cells(book)):
                    assert not DEMO.findall(text), (lang, chart_id, DEMO.findall(text), text[:1000])
                exported += 1
        finally:
            i18n.set_language("zh")
    assert exported >= 20


def test_public_mode_refuses_a_warehouse_with_demo_records(warehouse, monkeypatch):
    """An operator who points the public site at the demo warehouse without the opt-in gets a plain page: no figure,
    no 演示数据, no path."""
    monkeypatch.setenv("SHEGONG_PUBLIC", "1")
    monkeypatch.delenv("SHEGONG_PUBLIC_DEMO", raising=False)
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(warehouse))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    assert not at.exception
    assert at.title[0].value == "社工站数据看板暂时无法显示数据"
    text = page_text(at)
    assert not at.metric and not at.get("plotly_chart")
    assert "演示" not in text and str(warehouse) not in text and "duckdb" not in text.lower()


def test_with_the_opt_in_demo_data_is_shown_labelled(warehouse, monkeypatch):
    monkeypatch.setenv("SHEGONG_PUBLIC", "1")
    monkeypatch.setenv("SHEGONG_PUBLIC_DEMO", "1")
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(warehouse))
    at = open_page("pages/funding.py")
    assert at.warning[0].value.startswith("**演示数据：按公开数字校准的模拟数据")
    assert [m.label for m in at.metric][0].endswith("（演示数据）")
    text = page_text(open_page("pages/province.py"))
    assert "演示数据" in text


def test_public_pages_open_on_what_exists_and_promise_what_they_make(public_warehouse, monkeypatch):
    """Without records: no chart selector that changes nothing; 服务对象 opens on a province with a published figure;
    the 报告 page's count is the number of exhibits the report will have."""
    monkeypatch.setenv("SHEGONG_PUBLIC", "1")
    monkeypatch.delenv("SHEGONG_PUBLIC_DEMO", raising=False)
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(public_warehouse))
    funding = open_page("pages/funding.py")
    assert "图表" not in [s.label for s in funding.selectbox]
    served = open_page("pages/beneficiaries.py")
    assert served.selectbox(key="province").value == "130000"  # Hebei has a published figure; Henan has none
    assert "暂无公开报道的服务对象" not in page_text(served)
    report_page = open_page("pages/report.py")
    from shegong.outputs import report

    made = report.build_exhibits(report.plan(report.DEFAULT_CHARTS))
    assert f"将生成 {len(made)} 个图表。" in [c.value for c in report_page.caption]
