"""Accessibility as a screen-reader or keyboard user meets it: axe-core on every page, in both languages, at a
laptop's and a phone's size; the page's language; the text alternative of each chart.

One server and one browser for the module; axe-core comes bundled with axe-playwright-python (no network).
Run with `-s` to see the per-page, per-rule counts.
"""
from __future__ import annotations

import collections
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_browser import browser, server  # noqa: F401 - module-scoped fixtures reused here

PAGES = ("overview", "screen", "compare", "province", "funding", "beneficiaries", "sources", "report", "admin")
VIEWPORTS = {"laptop": (1440, 900), "phone": (390, 844)}
LANGS = ("zh", "en")
SEVERE = ("serious", "critical")
AXE = Axe()


def open_page(browser, url: str, size: tuple[int, int]):  # noqa: F811
    """A page once Streamlit has stopped running it and every chart on it is drawn."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(url)
    page.wait_for_selector("[data-testid=stMain]", timeout=45_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')"
        " && document.querySelectorAll('.main-svg').length >="
        " document.querySelectorAll('[data-testid=stPlotlyChart]').length",
        timeout=60_000)
    page.wait_for_timeout(800)
    return page


def severe(results) -> dict[str, int]:
    """rule id (impact) → number of elements, for serious and critical violations."""
    return {f"{v['id']} ({v['impact']})": len(v["nodes"])
            for v in results.response["violations"] if v["impact"] in SEVERE}


@pytest.fixture(scope="module")
def audits(server, browser):  # noqa: F811
    """axe-core's serious and critical violations on every page × language × viewport, printed as a table."""
    found = {}
    for size_name, size in VIEWPORTS.items():
        for lang in LANGS:
            for name in PAGES:
                path = "" if name == "overview" else name  # /overview itself: see issue 13 (a dialog first)
                url = f"{server}/{path}" + ("?lang=en" if lang == "en" else "")
                page = open_page(browser, url, size)
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
    assert {k: v for k, v in audits.items() if v} == {}
