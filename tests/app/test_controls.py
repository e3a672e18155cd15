"""Controls never lie (issue 13): after every step the box, the drawing and the URL say the same thing, and every
page opens on a view that has real points to show."""
import pytest

from tests.pagetools import captions, figures, open_page

# the selectboxes and sliders bound to the URL, by page (dashboard.py's language box is on every page)
BOUND = {
    None: ["lang", "indicator"],
    "pages/compare.py": ["lang", "indicator", "provinces", "measure", "display", "years"],
    "pages/province.py": ["lang", "province", "measure", "month"],
    "pages/funding.py": ["lang", "province", "display"],
    "pages/beneficiaries.py": ["lang", "province", "by", "measure"],
    "pages/sources.py": ["lang", "region", "indicator"],
}


def widget(at, key):
    for kind in ("selectbox", "multiselect", "slider"):
        try:
            return getattr(at, kind)(key=key)
        except KeyError:
            continue
    raise KeyError(key)


def url_text(value) -> str:
    if isinstance(value, (list, tuple)):
        sep = "-" if value and isinstance(value[0], int) else ","
        return sep.join(str(v) for v in value)
    return str(value)


def assert_agree(at, page):
    """Each bound control shows a valid value, the session holds the same, and the URL names it (or, when the URL
    is silent, the control shows what the page opens on with a silent URL)."""
    fresh = None
    for key in BOUND[page]:
        try:
            box = widget(at, key)
        except KeyError:  # not drawn (a one-year span has no slider): then the URL must not name it either
            assert key not in at.query_params, key
            continue
        value = box.value
        if hasattr(box, "options") and not isinstance(value, (list, tuple)):
            assert box.index is not None and box.options[box.index] == box.format_func(value)
        assert url_text(at.session_state[key]) == url_text(value), key
        if key in at.query_params:
            assert at.query_params[key] == url_text(value), (key, at.query_params[key], value)
        else:
            if fresh is None:
                params = {k: v for k, v in at.query_params.items()}
                fresh = open_page(page, **params)
            assert url_text(widget(fresh, key).value) == url_text(value), (key, "silent URL, not the default")


def chart_text(at) -> str:
    """The first chart's title, subtitle (with the unit) and footer."""
    fig = figures(at)[0]
    title = fig["layout"]["title"]
    return " ".join([title["text"], title.get("subtitle", {}).get("text", ""),
                     *(a.get("text", "") for a in fig["layout"].get("annotations", []))])


def test_measure_follows_the_indicator_and_back(warehouse):
    at = open_page("pages/compare.py", indicator="funding_cny", measure="per_station")
    assert at.selectbox(key="measure").value == "per_station"
    assert "每站平均" in chart_text(at) and "单位：元/站" in chart_text(at)
    assert at.query_params["measure"] == "per_station"

    at.selectbox(key="indicator").set_value("licensed_social_workers").run()
    assert at.selectbox(key="measure").value == "absolute"
    assert at.selectbox(key="measure").options == ["公布数值"]
    assert chart_text(at).startswith("持证社工：") and "每站平均" not in chart_text(at)
    # the default measure: the URL is silent about it
    assert "measure" not in at.query_params
    assert_agree(at, "pages/compare.py")

    at.selectbox(key="indicator").set_value("funding_cny").run()
    # the box says 公布数值, the chart shows totals in 元, the URL has no measure: all three agree
    assert at.selectbox(key="measure").value == "absolute"
    assert at.session_state["measure"] == "absolute"
    title = chart_text(at)
    assert title.startswith("社工站及社工服务项目资金：") and "每站平均" not in title and "单位：元" in title
    assert "元/站" not in title
    assert "measure" not in at.query_params and at.query_params["indicator"] == "funding_cny"
    assert_agree(at, "pages/compare.py")


def test_year_slider_follows_the_indicator(warehouse):
    at = open_page("pages/compare.py", indicator="licensed_social_workers", years="2011-2013")
    assert at.slider(key="years").value == (2011, 2013)
    at.selectbox(key="indicator").set_value("funding_cny").run()  # published in 2021 only: nothing to slide
    assert "years" not in at.query_params and not at.slider
    assert "2021" in chart_text(at)
    at.selectbox(key="indicator").set_value("licensed_social_workers").run()
    assert at.slider(key="years").value == (2011, 2018) and at.slider(key="years").min == 2011
    assert_agree(at, "pages/compare.py")


def test_month_follows_the_province(warehouse):
    at = open_page("pages/province.py")
    henan = at.selectbox(key="month").value
    at.selectbox(key="province").set_value("640000").run()
    ningxia = at.selectbox(key="month").value
    assert henan != ningxia  # each opens on its own last month before full coverage
    assert "month" not in at.query_params
    map_title = figures(at)[0]["layout"]["title"]["text"] if figures(at) else ""
    assert_agree(at, "pages/province.py")
    at.selectbox(key="month").set_value("2020-06").run()
    assert at.query_params["month"] == "2020-06"
    at.selectbox(key="province").set_value("110000").run()
    assert at.selectbox(key="month").value == "2020-06"  # still an option: kept, in the box and in the URL
    assert at.query_params["month"] == "2020-06"
    assert map_title != ""
    assert_agree(at, "pages/province.py")


@pytest.mark.parametrize("page", list(BOUND))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_bound_control_agrees_with_the_url_on_opening(warehouse, page, lang):
    at = open_page(page, lang=lang)
    assert_agree(at, page)


@pytest.mark.parametrize("page,params,stale", [
    ("pages/compare.py", {"measure": "per_station", "indicator": "licensed_social_workers"}, ["measure"]),
    ("pages/compare.py", {"years": "1990-2030"}, ["years"]),
    ("pages/province.py", {"month": "1999-01"}, ["month"]),
    ("pages/beneficiaries.py", {"by": "nonsense"}, ["by"]),
])
def test_a_stale_value_in_the_url_is_replaced_in_box_and_url(warehouse, page, params, stale):
    at = open_page(page, **params)
    for key in stale:
        if key in at.query_params:
            assert at.query_params[key] != params[key]
    assert_agree(at, page)


# --- first views that answer ---------------------------------------------------------------------------------------

def test_compare_opens_on_station_progress(warehouse):
    at = open_page("pages/compare.py")
    assert at.selectbox(key="indicator").value == "stations_built"  # the leaders' question, not 持证社工
    assert chart_text(at).startswith("乡镇(街道)社工站")


def test_compare_longest_series_is_a_real_trend(warehouse):
    at = open_page("pages/compare.py", indicator="licensed_social_workers")
    beijing = next(t for t in figures(at)[0]["data"] if t["name"] == "北京")
    assert len(beijing["x"]) == 3 and beijing["mode"] == "lines+markers"
    assert at.slider(key="years").value == (2011, 2018)  # the years with figures, not 2006–2025
    change = at.dataframe[0].value
    assert (change["绝对变化"] != "").all() and "仅一个公开数字" in set(change["绝对变化"])


def test_a_one_point_indicator_is_not_called_a_trend(warehouse):
    at = open_page("pages/compare.py", indicator="stations_built")
    assert at.selectbox(key="display").options[0] == "各省数字（按日期）"
    at = open_page("pages/compare.py", indicator="stations_built", lang="en")
    assert at.selectbox(key="display").options[0] == "Figures by date"


def test_overview_cards_show_what_is_published_and_name_what_is_not(warehouse):
    at = open_page()
    values = [m.value for m in at.metric]
    assert "—" not in values
    assert len(values) >= 8  # every province has something published on a headline subject (no off-topic card)
    assert not [m for m in at.metric if "志愿服务站点" in m.label]  # Ningxia's 2,822 volunteer stations: off topic
    text = captions(at)
    assert "未见公开数字：社工站；资金投入；服务对象" in text  # Beijing
    labels = [m.label for m in at.metric]
    assert "持证社工" in labels  # what stands in for 驻站社工 keeps its own name


def test_county_map_opens_where_counties_differ(warehouse):
    at = open_page("pages/province.py")
    assert at.selectbox(key="month").value == "2025-11"
    assert "自2025年12月起覆盖率均为100%" in captions(at)
    ranking = [f for f in figures(at) if "覆盖率最高与最低" in f["layout"]["title"]["text"]]
    assert ranking, "the ranking is shown on the opening month"
