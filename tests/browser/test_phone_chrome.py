"""On a phone-wide window the chart's furniture stays clear of its words, and every chart gives its share link
(issue 22): plotly's toolbar (modebar) never covers a chart title at 390 px, with or without a phone's user agent,
nor at 760 px, where half-width charts side by side have the wide layout (charts.base.MODEBAR_BAND); and 引用本图
carries the page's address with its current filters (urlstate.share_url)."""
import pytest

from tests.browser.test_canvas import NARROW, PHONE
from tests.servers import drawn

BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.offsetParent !== null).map(p => {
  const box = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const mb = p.querySelector('.modebar'), title = p.querySelector('.gtitle');
  return {modebar: mb ? box(mb) : null, title: title ? box(title) : null, text: title ? title.textContent : ''};
})"""
MID = {"viewport": {"width": 760, "height": 900}}
PAGES = ["/", "/compare", "/province?province=410000", "/funding?province=410000", "/beneficiaries?province=410000"]


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("size", ["narrow", "phone", "mid"])
def test_the_toolbar_never_covers_a_chart_title(server, new_page, size):
    page = new_page(**{"narrow": NARROW, "phone": PHONE, "mid": MID}[size])
    paths = PAGES if size == "narrow" else PAGES[:2] if size == "phone" else PAGES[2:3]
    measured, problems = 0, []
    for path in paths:
        page.goto(server + path)
        drawn(page)
        first = page.locator(".js-plotly-plot:visible").first
        first.hover()  # the toolbar shows on hover (its box is there, transparent, before)
        for chart in page.evaluate(BOXES):
            if chart["modebar"] and chart["title"]:
                measured += 1
                if overlap(chart["modebar"], chart["title"]):
                    problems.append(f"{path}: {chart['text'][:30]!r} {chart['title']} under {chart['modebar']}")
    assert measured >= len(paths)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path,page_path,wanted", [("/compare?indicator=funding_cny&lang=en", "/compare",
                                                      "indicator=funding_cny"), ("/?lang=en", "/overview", "lang=en")])
def test_cite_this_chart_gives_the_link_with_the_current_filters(server, new_page, path, page_path, wanted):
    page = new_page(**NARROW)
    page.goto(server + path)
    page.wait_for_selector(".js-plotly-plot .main-svg:visible", timeout=240_000)
    page.get_by_role("button", name="Cite this chart").first.click()
    codes = page.locator("[data-testid=stPopoverBody] code")
    codes.first.wait_for(timeout=20_000)
    texts = codes.all_inner_texts()
    cite, link = texts[0], texts[-1]
    assert link.startswith(server + page_path + "?") and wanted in link and "lang=en" in link
    assert cite.endswith(link) and "Shegong Dashboard" in cite and "accessed " in cite
    title = page.locator(".js-plotly-plot:visible .gtitle").first.text_content()
    other = new_page(**NARROW)  # the link opens the same view (a page's own path, never a "Page not found")
    other.goto(link)
    other.wait_for_selector(".js-plotly-plot .main-svg:visible", timeout=240_000)
    assert other.locator(".js-plotly-plot:visible .gtitle").first.text_content() == title
    assert other.get_by_text("Page not found").count() == 0


TAGS = """() => [...document.querySelectorAll('[data-testid=stMultiSelectTagsContainer]')]
  .filter(c => c.offsetParent !== null).flatMap(c => {
    const box = c.closest('[data-testid=stMultiSelect]').getBoundingClientRect();
    return [...c.children].flatMap(e => getComputedStyle(e).display === 'contents' ? [...e.children] : [e])
      .filter(t => t.textContent.trim()).map(t => { const b = t.getBoundingClientRect();
        return {text: t.textContent, inside: b.width > 0 && b.left >= box.left - 1 && b.right <= box.right + 1}; });
  })"""


# the other pages, and compare in English (longer names), at one width each; compare itself at every width
OTHERS = [*[p for p in PAGES if p != "/compare"], "/compare?lang=en"]
WIDTHS = [360, 390]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_chosen_province_shows_in_its_box_on_a_phone(server, new_page, width):
    """Streamlit lays a multiselect's chosen items in one scrolling row: at phone width the compare page's fourth
    province hid past the box's edge (issue 22). Every page with a multiselect, with its defaults, at one of the
    widths in turn (tests/sweep.py; every page at both in the full sweep); compare at both, and in English at one.
    Without the fix, compare fails at both widths."""
    from tests.servers import script_done
    from tests.sweep import spread

    page = new_page(viewport={"width": width, "height": 844})
    seen = []
    paths = ["/compare", *[path for path, at in spread(OTHERS, WIDTHS) if at == width]]
    for path in paths:
        page.goto(server + path)
        script_done(page)
        seen += [(path, tag) for tag in page.evaluate(TAGS)]
    assert "/compare" in {path for path, _ in seen}, "compare has a multiselect of provinces"
    assert [f"{path}: {tag['text']}" for path, tag in seen if not tag["inside"]] == []
