"""The catalog gives every page, export and report the same exhibit for the same parameters."""
import re

import pytest

from shegong import catalog, i18n

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def chinese(warehouse):
    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


@pytest.mark.parametrize("chart_id", catalog.ids())
def test_every_exhibit_stands_on_its_own(chart_id):
    """With its defaults, each exhibit has a title, data on screen and the full series; charts carry their footer."""
    ex = catalog.build(chart_id)
    if ex is None:  # e.g. a county ranking where every county is at 100 %: the page explains instead
        # the change log and revisions are empty until a change is approved (tests/app/test_changelog.py)
        assert chart_id in ("province.ranking", "changes.log", "sources.revisions"), \
            f"{chart_id} shows nothing on the default data"
        return
    assert ex.title and len(ex.displayed) and len(ex.full)
    assert ex.id == chart_id and set(ex.params) == set(catalog.options(chart_id))
    if ex.figure is not None:
        footer = " ".join(a.text for a in ex.figure.layout.annotations if a.text)
        for source in ex.sources:
            assert source.split("（")[0][:20] in footer.replace("<br>", "")
        if ex.demo:
            assert "演示数据" in footer


def test_every_column_of_the_full_data_is_explained():
    """The full-data ZIP's README explains each raw column; a column it cannot explain reads 见数据 ("see the data")
    to a report-writer who must cite it. Every exhibit of the catalog, with its defaults."""
    from shegong.outputs.datafiles import column_meaning

    unexplained = {cid: [c for c in ex.full.columns if column_meaning(c).startswith("见数据")]
                   for cid in catalog.ids() if (ex := catalog.build(cid)) is not None}
    assert not {cid: cols for cid, cols in unexplained.items() if cols}


def test_published_figures_keep_qualifier_and_date():
    ex = catalog.build("overview.kpis")
    henan = ex.displayed[ex.displayed["地区"] == "河南省"]
    rows = set(zip(henan["数值"], henan["限定"], henan["截至"]))
    assert ("≥1,000人", "下限（余/超过/多）", "2021年12月8日") in rows and ("515个", "确数", "2021年12月8日") in rows


def test_demo_and_published_rows_are_labelled_apart():
    ex = catalog.build("province.stations", province="410000")
    kinds = set(ex.displayed["数据"])
    assert kinds == {"演示数据", "公开数字：乡镇(街道)社工站"}
    published = ex.displayed[ex.displayed["数据"] != "演示数据"]
    assert list(published["建成社工站(个)"]) == [515] and list(published["月份"]) == ["2021年12月8日"]
    assert list(published["限定"]) == ["确数"] and "中国社会工作" in published["来源"].iloc[0]


def test_english_titles_and_headers_have_no_chinese():
    i18n.set_language("en")
    for chart_id in catalog.ids():
        ex = catalog.build(chart_id)
        if ex is None:
            continue
        assert not CJK.search(ex.title.replace("<br>", "")), (chart_id, ex.title)
        assert not CJK.search(" ".join(map(str, ex.displayed.columns))), (chart_id, list(ex.displayed.columns))


def test_unknown_values_are_refused_with_the_allowed_ones():
    with pytest.raises(ValueError, match="province='999999' is not allowed; one of 410000"):
        catalog.build("province.map", province="999999")
    with pytest.raises(ValueError, match="has no parameter colour"):
        catalog.build("overview.map", colour="red")
    with pytest.raises(KeyError):
        catalog.build("no.such.chart")


def test_a_subset_of_provinces():
    ex = catalog.build("compare.table", provinces="410000")
    assert set(ex.displayed["地区"]) == {"河南省"}


def test_every_demo_exhibit_says_demo_in_its_title():
    """A downloaded demo image or table is never taken for published figures: its own title says 演示数据. Every
    parameter value is taken (each once, the others at default; every combination in benchmarks/meaning.py's
    SHEGONG_FULL_SWEEP=1 run), in zh: the English title is the same title translated."""
    from tests.sweep import exhibits

    demo = [ex for _, _, _, ex in exhibits(langs=("zh",)) if ex is not None and ex.demo]
    assert demo  # the test warehouse holds demo records
    for ex in demo:
        assert "演示数据" in ex.title, (ex.id, ex.params, ex.title)
        if ex.figure is not None:
            assert "演示数据" in ex.figure.layout.title.text, (ex.id, ex.figure.layout.title.text)


@pytest.mark.parametrize("province", ["410000", "130000", "640000", "110000"])
def test_no_demo_on_a_progress_to_target_chart(province):
    """Demo registers would climb to the target star and read as achievement: they get a chart of their own."""
    ex = catalog.build("province.progress", province=province, goal="0")
    if ex is None:
        return
    assert not ex.demo and "演示数据" not in " ".join(str(d.name) for d in ex.figure.data)
    assert "演示数据" not in set(ex.displayed.get("数据", []))
    apart = catalog.build("province.register_coverage", province=province)
    assert apart is not None and apart.demo and "演示数据" in apart.title


def test_default_report_pack_leads_with_published_exhibits():
    from shegong.outputs import report

    built = report.build_exhibits(report.plan(report.DEFAULT_CHARTS))
    assert built[0].id == "overview.progress"
    kinds = [ex.demo for ex in built]
    assert kinds == sorted(kinds) and not kinds[0]  # every published exhibit before any demo one


def test_every_chart_is_sent_to_the_browser_as_its_validated_copy():
    """The screen copies the pages and the snapshot send (charts.base.for_screen, which pins the template without
    validating it again) are what a validated copy gives: every chart, in one language each in turn and at a wide
    and a phone's width (tests/sweep.py; both languages in the full sweep)."""
    from shegong.charts import base
    from tests.sweep import spread
    from tests.unit.test_charts import as_json, validated_screen

    compared = 0
    for chart_id, lang in spread(catalog.ids(), ["zh", "en"]):
        i18n.set_language(lang)
        ex = catalog.build(chart_id)
        if ex is None or ex.figure is None:
            continue
        for width in (None, base.PHONE_WIDTH):
            assert as_json(base.for_screen(ex.figure, width)) == as_json(validated_screen(ex.figure, width)), \
                (lang, chart_id, width)
            compared += 1
    assert compared >= 40
