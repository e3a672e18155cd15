"""Accessibility as a screen-reader or keyboard user meets it: axe-core on every page, each in one of both
languages × a laptop's and a phone's size, taken in turn so that every language and size is audited
(tests/sweep.py; benchmarks/sweeps.py audits every page in all four); the page's language; the text alternative of
each chart.

The folder's one server and browser (conftest.py); axe-core comes bundled with axe-playwright-python (no network).
Run with `-s` to see the per-page, per-rule counts.
"""
from __future__ import annotations

import collections
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from shegong.ui.a11y import HTML_LANG
from tests.servers import script_done
from tests.sweep import spread

PAGES = ("overview", "screen", "compare", "province", "funding", "beneficiaries", "sources", "report", "admin")
VIEWPORTS = {"laptop": (1440, 900), "phone": (390, 844)}
LANGS = ("zh", "en")
SEVERE = ("serious", "critical")
AXE = Axe()


def open_page(new_page, url: str, size: tuple[int, int], lang: str = "zh"):
    """A page once dashboard.py's setup has reached the browser (its styles and `<html lang>`) and every chart is
    drawn.

    A page's own elements can show before the entry script's: waiting for captions alone audits a page
    without its styles.
    """
    page = new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(url)
    script_done(page)  # the overview's map comes after its headline chart is drawn
    page.wait_for_function(
        f"() => document.documentElement.lang === '{HTML_LANG[lang]}' && document.querySelector('.sg-lang')"
        " && [...document.querySelectorAll('style')].some(s => s.textContent.includes('.sg-alt'))"
        " && document.querySelector('[data-testid=stMain] [data-testid=stElementContainer]')"
        " && document.querySelectorAll('.main-svg').length >="
        " document.querySelectorAll('[data-testid=stPlotlyChart]').length",
        timeout=90_000)
    return page


def severe(results) -> dict[str, int]:
    """rule id (impact) → number of elements, for serious and critical violations."""
    return {f"{v['id']} ({v['impact']})": len(v["nodes"])
            for v in results.response["violations"] if v["impact"] in SEVERE}


@pytest.fixture(scope="module")
def audits(server, tab):
    """axe-core's serious and critical violations on every page (a language and a viewport each), printed as a
    table."""
    found = {}
    for name, (size_name, lang) in spread(PAGES, [(size, lang) for size in VIEWPORTS for lang in LANGS]):
        path = "" if name == "overview" else name  # /overview itself: see issue 13 (a dialog first)
        url = f"{server}/{path}" + ("?lang=en" if lang == "en" else "")
        page = open_page(tab, url, VIEWPORTS[size_name], lang)
        try:
            found[(name, lang, size_name)] = severe(AXE.run(page))
        finally:
            page.close()
    by_rule = collections.Counter()
    for key, rules in found.items():
        print(f"axe {key[0]:14} {key[1]} {key[2]:6}", sum(rules.values()), rules or "")
        by_rule.update(rules)
    print("axe total by rule:", dict(by_rule))
    return found


def test_no_serious_or_critical_axe_violation_on_any_page(audits):
    assert {name for name, _, _ in audits} == set(PAGES)
    assert {k: v for k, v in audits.items() if v} == {}


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_speaks_its_language_and_reads_each_chart_aloud(server, new_page, lang):
    from shegong import catalog, i18n

    i18n.set_language(lang)
    stations = catalog.build("overview.map")  # the map the overview opens on: station progress
    page = open_page(new_page, server + ("/?lang=en" if lang == "en" else "/"), VIEWPORTS["laptop"], lang)
    try:
        assert page.evaluate("document.documentElement.lang") == HTML_LANG[lang]
        hidden = page.locator("p.sg-alt").all_text_contents()
        assert stations.alt in hidden  # the screen reader's text: title and the latest numbers, with dates
        assert re.search(r"515个÷2,381个" if lang == "zh" else r"515 ÷ 2,381", stations.alt)  # Henan's basis
        box = page.locator("p.sg-alt").first.bounding_box()
        assert box is None or box["width"] <= 1  # visually hidden
        # plotly's own words (the mode bar) and the banner follow the language
        title = "下载图表为PNG格式" if lang == "zh" else "Download plot as a PNG"
        assert page.locator(f".modebar-btn[data-title='{title}']").count() >= 1
        banner = page.locator("[data-testid=stAlert]").first.inner_text()
        if lang == "zh":
            assert "全国：" in banner and "（截至" in banner and "。目标：" in banner and "): " not in banner
    finally:
        page.close()
