"""A leader's first look in a real browser, on a phone (390×844) and a laptop (1440×900): /overview opens without
a dialog, dependent controls, the chart and the URL agree after every step, and the internal mode's server shows
the viewer toolbar, the admin page and a plain sentence when a page fails."""
import os
import re
import shutil
import urllib.parse

import duckdb
import pytest

from shegong.config import ROOT
from tests.servers import drawn, rerun, streamlit
from tests.sweep import variants_of

SIZES = {"phone": (390, 844), "laptop": (1440, 900)}
# each of the three walks at one size, the sizes in turn (tests/sweep.py; every walk at both: benchmarks/sweeps.py)
WALKS = ("overview", "measure", "month")


def sizes(walk: str) -> list[str]:
    return variants_of(walk, WALKS, list(SIZES))


def open_at(new_page, url, size, ready="[data-testid=stMainBlockContainer] h1"):
    width, height = SIZES[size]
    page = new_page(viewport={"width": width, "height": height})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector(ready, timeout=60_000)
    drawn(page, 60_000)
    return page, errors


def box_value(page, label) -> str:
    box = page.locator("[data-testid=stSelectbox]").filter(
        has=page.locator("label", has_text=label)).first
    return box.locator("input").input_value()


def pick(page, label, option):
    box = page.locator("[data-testid=stSelectbox]").filter(has=page.locator("label", has_text=label)).first
    box.locator("input").click()
    box.locator("input").fill(option)  # long lists (84 months) render only the options in view: filter first
    rerun(page, page.get_by_role("option", name=option, exact=True).first.click)


def chart_texts(page) -> str:
    return " ".join(page.locator(".js-plotly-plot:visible").first.locator("text").all_text_contents())


def query(page) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlparse(page.url).query))


@pytest.mark.parametrize("size", sizes("overview"))
def test_overview_link_opens_without_a_dialog(server, new_page, size):
    page, errors = open_at(new_page, f"{server}/overview", size, ready="[data-testid=stMetric]")
    page.wait_for_timeout(1500)  # the dialog comes after the first render, if it comes
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("[role=dialog]").count() == 0
    assert page.locator("[data-testid=stMetric]").count() >= 8  # every province: cards on the headline subjects
    assert urllib.parse.urlparse(page.url).path == "/overview"
    assert not errors, errors
    # the root forwards to the same page, with its query (the language) kept
    page.goto(f"{server}/?lang=en")
    page.wait_for_selector("[data-testid=stMetric]", timeout=60_000)
    drawn(page, 60_000)
    assert urllib.parse.urlparse(page.url).path == "/overview" and query(page).get("lang") == "en"
    assert page.locator("[role=dialog]").count() == 0
    page.close()


@pytest.mark.parametrize("size", sizes("measure"))
def test_measure_box_chart_and_url_agree_after_every_step(server, new_page, size):
    page, errors = open_at(new_page, f"{server}/compare?indicator=funding_cny&measure=per_station", size,
                           ready=".js-plotly-plot:visible")
    assert box_value(page, "口径") == "每站平均"
    assert "每站平均" in chart_texts(page) and "元/站" in chart_texts(page)
    assert query(page)["measure"] == "per_station"

    pick(page, "指标", "持证社工")
    assert box_value(page, "指标") == "持证社工" and box_value(page, "口径") == "公布数值"
    assert chart_texts(page).startswith("持证社工") or "持证社工：" in chart_texts(page)
    assert "每站平均" not in chart_texts(page)
    assert "measure" not in query(page)

    pick(page, "指标", "社工站及社工服务项目资金")
    # the bug of issue 13: the box kept saying 每站平均 while the chart showed totals and the URL had no measure
    assert box_value(page, "口径") == "公布数值"
    texts = chart_texts(page)
    assert "社工站及社工服务项目资金：" in texts and "每站平均" not in texts and "元/站" not in texts
    assert query(page) == {"indicator": "funding_cny"}

    # the shared link shows the same thing again
    shared, _ = open_at(new_page, page.url, size, ready=".js-plotly-plot:visible")
    assert box_value(shared, "口径") == "公布数值" and chart_texts(shared) == texts
    assert not errors, errors
    shared.close()
    page.close()


@pytest.mark.parametrize("size", sizes("month"))
def test_month_box_map_and_url_follow_the_province(server, new_page, size):
    """The month box opens on the month the catalog chooses from the registers (the last before every county of
    the province reached 100%, which the demo data decide), says why, and follows a change of province."""
    from shegong.catalog import province as catalog

    henan, why = catalog.default_month("410000")
    ningxia, _ = catalog.default_month("640000")
    full = re.search(r"自.+?起覆盖率均为100%", why).group(0)
    page, errors = open_at(new_page, f"{server}/province", size, ready=".js-plotly-plot:visible")
    assert box_value(page, "月份") == catalog.register_months("410000")[henan]
    assert page.get_by_text(full).count() == 1
    pick(page, "省份", "宁夏回族自治区")
    shown = catalog.register_months("640000")[ningxia]
    assert box_value(page, "月份") == shown
    assert query(page) == {"province": "640000"}
    county_map = page.locator(".js-plotly-plot:visible").filter(has_text="各县(市、区)").first
    assert f"截至{shown}" in " ".join(county_map.locator("text").all_text_contents())
    pick(page, "月份", "2020年6月")
    assert query(page) == {"province": "640000", "month": "2020-06"}
    pick(page, "省份", "北京市")
    assert box_value(page, "月份") == "2020年6月" and query(page) == {"province": "110000", "month": "2020-06"}
    assert not errors, errors
    page.close()


# --- the internal mode (make run-internal) -------------------------------------------------------------------------

def internal_env() -> dict[str, str]:
    env = {}
    for line in (ROOT / ".streamlit" / "internal.env").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    return env


@pytest.fixture(scope="module")
def internal(warehouse, tmp_path_factory):
    """A server started as `make run-internal` starts it, on a warehouse whose province tables are missing (so that
    the province page fails while the start page works)."""
    half = tmp_path_factory.mktemp("internal") / "half.duckdb"
    with duckdb.connect(str(half)) as con:
        con.execute(f"ATTACH '{warehouse}' AS w (READ_ONLY)")
        con.execute("CREATE TABLE regions AS SELECT * FROM w.regions")
    with streamlit(half, env=internal_env(), drop=("SHEGONG_PUBLIC",)) as url:
        yield url


def test_internal_mode_has_the_viewer_toolbar_the_admin_page_and_plain_errors(internal, new_page):
    page, _ = open_at(new_page, f"{internal}/province", "laptop",
                      ready="[data-testid=stMainBlockContainer] [data-testid=stAlert]")
    shown = page.locator("[data-testid=stMainBlockContainer]").inner_text()
    assert "本页暂时无法显示。请稍后再试，或打开其他页面。" in shown
    for leak in ("Traceback", ".py", "duckdb", "Catalog", "Error"):
        assert leak not in shown, (leak, shown)
    assert page.get_by_text("Deploy", exact=True).count() == 0  # the developer toolbar is not there
    assert "数据管理" in page.locator("[data-testid=stSidebarNav]").inner_text()  # the admin page is
    page.close()


# --- the wall display refreshes itself --------------------------------------------------------------------------

def test_wall_display_picks_up_a_rebuilt_warehouse_without_reloading(server, served_warehouse, new_page):
    """The shared server reads its own copy of the warehouse (conftest), which this test replaces."""
    path = served_warehouse
    page = new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server}/screen")
    page.wait_for_selector("text=每5秒自动刷新", timeout=60_000)
    drawn(page, 60_000)
    page.evaluate("window.__not_reloaded = true")
    # a rebuild: a new file renamed over the old one, dated 2026-01-02 03:04 UTC (11:04 in Beijing)
    fresh = path.with_name("fresh.duckdb")
    shutil.copy(path, fresh)
    os.utime(fresh, (1767323040, 1767323040))
    os.replace(fresh, path)
    page.wait_for_selector("text=页面生成于2026-01-02 11:04", timeout=60_000)  # within 5 s (the redraw)
    assert page.evaluate("window.__not_reloaded") is True  # the fragment redrew; the page never reloaded
    # the headline's row per compared province (and its header), and no demo beside the published figures
    from shegong.vocab import provinces

    assert page.locator(".wall table tr").count() == 1 + len(provinces()) and page.locator(".demo-box").count() == 0
    page.close()
