"""The leader's first screen in Chromium (issue 22): the overview at 1440×900 leads with every province's station
progress, dated; the 大屏 at 1920×1080 (and a 4K panel at 200 %) has nothing to scroll and no text under 14 px.
Screenshots go to $SHOTS."""
import os
import re

import pytest

from tests.servers import drawn

SMALLEST_TEXT = """() => Math.min(...[...document.querySelectorAll('[data-testid=stMain] *')]
    .filter(e => e.offsetParent !== null || e instanceof SVGElement)
    .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
    .map(e => parseFloat(getComputedStyle(e).fontSize)))"""


def settled(page, text: str) -> None:
    page.wait_for_selector(f"text={text}", timeout=90_000)
    page.wait_for_function("document.querySelectorAll('path.choroplethlocation').length >= 34", timeout=60_000)
    drawn(page)


def shot(page, name: str) -> None:
    if os.environ.get("SHOTS"):
        page.screenshot(path=os.path.join(os.environ["SHOTS"], name))


def test_overview_leads_with_each_provinces_station_figure_and_its_date(server, new_page):
    page = new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{server}/overview")
    settled(page, "乡镇(街道)社工站建设进度：各省最新公开数字")
    shot(page, "leader_overview_1440.png")
    headline = page.locator(".js-plotly-plot").first
    svg = page.evaluate("() => [...document.querySelector('.js-plotly-plot').querySelectorAll('text')]"
                        ".map(t => t.textContent).join(' ')")
    assert svg.startswith("乡镇(街道)社工站建设进度") or "乡镇(街道)社工站建设进度" in svg
    assert headline.bounding_box()["y"] < 900  # on the first screen
    for figure in ("21.6%", "126个", "100%", "暂无公开数字"):
        assert figure in svg, (figure, svg)
    assert re.search(r"2021年12月8日，约\d+年前", svg) and re.search(r"2022年12月，约\d+年前", svg)
    assert "演示数据" not in svg
    page.close()


# a 4K wall (3840×2160) at 200 % scaling, as Windows sets it and a kiosk Chrome is told
# (--force-device-scale-factor=2): 1920×1080 CSS pixels drawn with twice the pixels; at 100 % the page itself
# doubles its type and map (pages/screen.py, PANEL_4K). Text 14 px and more at 1080, 28 px and more on the 4K panel.
@pytest.mark.parametrize("width,height,scale", [(1920, 1080, 1), (1920, 1080, 2), (3840, 2160, 1)],
                         ids=["1920x1080", "3840x2160-at-200%", "3840x2160-at-100%"])
def test_wall_display_fits_the_screen_with_readable_text(server, new_page, width, height, scale):
    page = new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
    page.goto(f"{server}/screen")
    settled(page, "每5秒自动刷新")
    shot(page, f"leader_screen_{width * scale}_{scale}.png")
    scroll = page.evaluate("() => [document.scrollingElement.scrollHeight,"
                           " document.querySelector('[data-testid=stMain]').scrollHeight,"
                           " document.scrollingElement.scrollWidth]")
    assert scroll[0] <= height and scroll[1] <= height and scroll[2] <= width, scroll
    assert page.evaluate(SMALLEST_TEXT) >= 14 * width / 1920
    filled = page.evaluate("() => Math.max(...[...document.querySelectorAll('[data-testid=stMain] *')]"
                           ".map(e => e.getBoundingClientRect().bottom))")
    assert filled >= 0.85 * height, f"the page fills {filled:.0f} of {height} px"  # not its top half only
    foot = page.get_by_text("页面生成于").first.bounding_box()
    assert foot["y"] + foot["height"] <= height  # the footer is on screen, not under it
    rows = page.locator(".wall table tr").all_inner_texts()
    assert [r.split("\t")[0] for r in rows[1:]] == ["河南省", "河北省", "宁夏回族自治区", "北京市"]
    assert page.get_by_text("演示数据").count() == 0
    page.close()
