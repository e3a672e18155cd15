"""The public 更新日志 page and the sources page's revisions: a figure entered by one person and approved by another
appears with its date, source and (for a correction) the earlier value and the reason; a pending one never does."""
import shutil

import pytest

from shegong.config import DATA_DIR
from shegong.ingest import review
from shegong.ingest.build import build
from tests.pagetools import open_page

FIGURE = ("region_code,indicator,value,qualifier,as_of,source_title,source_publisher,source_published,source_url\n"
          "640521,stations_built,13,exact,2022-03,中宁县民政局关于社工站建设情况的通报,中宁县民政局,2022-03-15,"
          "https://example.org/zn/1\n"
          "640521,volunteers,300,at_least,2022-03,中宁县民政局关于社工站建设情况的通报,中宁县民政局,2022-03-15,"
          "https://example.org/zn/1\n")


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """An internal and a public warehouse after: figures entered and approved, one corrected, one still pending."""
    folder = tmp_path_factory.mktemp("reviewed")
    db = folder / "warehouse.duckdb"
    build(db, DATA_DIR, None)
    shutil.copy(db, folder / "warehouse-public.duckdb")
    f = folder / "zn.csv"
    f.write_text(FIGURE, encoding="utf-8")
    first = review.enter("figures", "zn.csv", f, db, user="alice@example.org").change
    assert review.approve(first["id"], db, user="bob@example.org").ok
    key = {**{k: first["rows"][0][k] for k in review.KEY}}
    fix = review.correct(key, "14", db, user="bob@example.org", why="原文为14个").change
    assert review.approve(fix["id"], db, user="alice@example.org").ok
    f.write_text(FIGURE.replace("volunteers,300", "volunteers,999"), encoding="utf-8")
    assert review.enter("figures", "zn.csv", f, db, user="alice@example.org").change["status"] == "pending"
    return folder


def cells(at) -> str:
    return " ".join(" ".join(map(str, df.value.astype(str).values.ravel())) for df in at.dataframe)


def test_the_public_change_log_shows_approved_changes_and_why(reviewed, monkeypatch):
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(reviewed / "warehouse-public.duckdb"))
    monkeypatch.setenv("SHEGONG_PUBLIC", "1")
    at = open_page("pages/changelog.py")
    assert at.title[0].value == "更新日志"
    shown = cells(at)
    assert "更正：13个 → 14个" in shown and "原文为14个" in shown and "新增：≥300人" in shown
    assert "中宁县民政局关于社工站建设情况的通报" in shown and "2022年3月" in shown
    assert "999" not in shown and "alice" not in shown  # pending changes and staff names stay inside
    at = open_page("pages/changelog.py", lang="en")
    assert at.title[0].value == "Change log" and "Corrected: 13 → 14" in cells(at)


def test_the_sources_page_shows_a_figures_revisions(reviewed, monkeypatch):
    monkeypatch.setenv("SHEGONG_WAREHOUSE", str(reviewed / "warehouse-public.duckdb"))
    at = open_page("pages/sources.py", region="640521")
    assert "修订记录" in [h.value for h in at.header]
    assert "更正：13个 → 14个" in cells(at)
