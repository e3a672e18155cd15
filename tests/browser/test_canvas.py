"""No text leaves its canvas, and the server's images are the CLI's (issue 12 #1, issue 13 phone).

1. Every catalog exhibit, rendered as SVG in this process, which imports streamlit as the server does (and so
   gets Streamlit's plotly template as the process default), in zh or en (the languages taken in turn, so both are
   drawn: tests/sweep.py; benchmarks/canvas_check.py and benchmarks/sweeps.py draw every exhibit in both): every
   <text>'s box, measured in Chromium, lies inside the image, and for a third of them (all in the full sweep) the
   texts are those of the plain CLI export (run in a subprocess that never imports streamlit).
2. The live pages, each at 390×844 (a phone) or 1440×900 in turn: no chart text drawn outside its chart (.main-svg).
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit  # noqa: F401  (the server's process: plotly's default template becomes "streamlit")

from shegong import catalog, i18n
from shegong.config import ROOT
from shegong.outputs import render
from tests.browser.canvas import HEAD_BOXES, PAGE_BOXES, geo_clipped, outside, same_drawing, svg_boxes, texts
from tests.servers import drawn
from tests.sweep import FULL, spread

LANGS = ("zh", "en")
CLI = """
import json, sys
from shegong.__main__ import main
for lang, chart_id, params, out in json.loads(sys.argv[1]):
    args = ["export", chart_id, "--format", "svg", "--lang", lang, "--out", out]
    for k, v in params.items():
        args += ["--param", f"{k}={v}"]
    assert main(args) == 0, chart_id
assert "streamlit" not in sys.modules, "the CLI imported streamlit"
"""


def test_importing_streamlit_changes_plotlys_default_template():
    import plotly.io as pio

    assert pio.templates.default == "streamlit"  # the trap the exports must not fall into


@pytest.fixture(scope="module")
def exports(warehouse, tmp_path_factory):
    """{(lang, chart id): (server-process SVG, CLI SVG)} for every exhibit with its default parameters, in one
    language each."""
    folder = tmp_path_factory.mktemp("svg")
    ours, jobs = {}, []
    try:
        for chart_id, lang in spread(catalog.ids(), LANGS):
            i18n.set_language(lang)
            ex = catalog.build(chart_id)
            if ex is None:  # the change log and revisions are tables, empty until a change is approved
                assert chart_id in ("changes.log", "sources.revisions"), f"{chart_id} shows nothing ({lang})"
                continue
            ours[(lang, chart_id)] = render.image(ex, "svg")  # as the download button makes it
            if FULL or len(ours) % 3 == 1:  # the template trap is the process's, not an exhibit's: a third will do
                jobs.append([lang, chart_id, ex.params, str(folder / f"{chart_id}.{lang}.svg")])
    finally:
        i18n.set_language("zh")
    subprocess.run([sys.executable, "-c", CLI, json.dumps(jobs)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    cli = {(lang, chart_id): Path(out).read_bytes() for lang, chart_id, _, out in jobs}
    return {key: (svg, cli.get(key)) for key, svg in ours.items()}


def test_every_exhibit_keeps_its_text_inside_the_image(exports, new_page):
    page = new_page()
    problems = []
    for (lang, chart_id), (svg, _) in exports.items():
        m = svg_boxes(page, svg)
        assert m["texts"], f"{lang} {chart_id}: no text measured"
        problems += [f"{lang} {chart_id}: {b['text'][:40]!r} at ({b['x0']:.0f},{b['y0']:.0f})-"
                     f"({b['x1']:.0f},{b['y1']:.0f}) in {m['width']:.0f}×{m['height']:.0f}"
                     for b in outside(m["texts"], m["width"], m["height"])]
    page.close()
    assert {chart_id for _, chart_id in exports} == set(catalog.ids()) - {"changes.log", "sources.revisions"}
    assert {lang for lang, _ in exports} == set(LANGS)
    assert not problems, "\n".join(problems)


def test_the_server_process_exports_what_the_cli_exports(exports):
    compared = {key: pair for key, pair in exports.items() if pair[1] is not None}
    assert {lang for lang, _ in compared} == set(LANGS) and any(c.endswith(".map") for _, c in compared)
    for (lang, chart_id), (svg, plain) in compared.items():
        assert texts(svg) == texts(plain), f"{lang} {chart_id}: texts differ from the CLI's"
        assert same_drawing(svg) == same_drawing(plain), f"{lang} {chart_id}: the image differs from the CLI's"


@pytest.mark.parametrize("width", [358, 1200], ids=["phone", "wide"])
def test_no_map_label_is_cut_by_its_map(warehouse, new_page, width):
    """A map's callouts ("北京 暂无公开数字", "Beijing no published figure") end inside the map, which clips them
    (plotly cuts a geo subplot's texts at its edge): every map of the catalog, both languages, a phone's width and
    the export's."""
    import plotly.graph_objects as go

    page = new_page()
    problems, maps = [], 0
    try:
        for lang in LANGS:
            i18n.set_language(lang)
            for chart_id in catalog.ids():
                ex = catalog.build(chart_id)
                if ex is None or ex.figure is None or not go.Figure(ex.figure).layout.geo.domain.x:
                    continue
                maps += 1
                problems += [f"{lang} {chart_id}: {b['text']!r}"
                             for b in geo_clipped(page, render.image(ex, "svg", width=width))]
    finally:
        i18n.set_language("zh")
    assert maps >= 2 and not problems, problems


def test_title_subtitle_and_legend_never_overlap_on_a_phone(warehouse, new_page):
    """At a phone's width a long title takes three lines: the subtitle stays under it and above the legend (a
    three-line title once put 按月，堆叠；单位：人次 into the legend). Every exhibit with a legend, in Chinese
    (the longer titles)."""
    import tempfile

    page = new_page()
    problems, measured = [], 0
    for chart_id in catalog.ids():
        ex = catalog.build(chart_id)
        if ex is None or ex.figure is None or not any(getattr(d, "showlegend", None) is not False and d.name
                                                       for d in ex.figure.data):
            continue
        with tempfile.NamedTemporaryFile(suffix=".svg") as f:
            f.write(render.image(ex, "svg", width=358))
            f.flush()
            page.goto("file://" + f.name)
            b = page.evaluate(HEAD_BOXES)
        if not (b["subtitle"] and b["legend"] and b["title"]):
            continue
        measured += 1
        if b["subtitle"][0] < b["title"][1] - 1 or b["legend"][0] < b["subtitle"][1] - 1:
            problems.append(f"{chart_id}: title {b['title']}, subtitle {b['subtitle']}, legend {b['legend']}")
    assert measured >= 3 and not problems, problems


PAGES = ["/", "/compare", "/province?province=410000", "/funding?province=410000", "/beneficiaries?province=410000",
         "/?lang=en", "/funding?province=410000&lang=en", "/beneficiaries?province=410000&lang=en"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/140.0.0.0 Mobile Safari/537.36"}
LAPTOP = {"viewport": {"width": 1440, "height": 900}}
NARROW = {"viewport": {"width": 390, "height": 844}}  # a narrow desktop window: the phone layout by width, not agent
SIZES = {"phone": PHONE, "narrow": NARROW, "laptop": LAPTOP}


@pytest.mark.parametrize("size", list(SIZES))
def test_no_chart_text_outside_its_chart_on_the_pages(server, new_page, size):
    """Each page at one of the sizes, the sizes in turn (tests/sweep.py; every page at every size:
    benchmarks/sweeps.py). A narrow desktop window (390 px, no phone user agent) gets the phone layout: layout follows
    width."""
    page = new_page(**SIZES[size])
    problems, charts = [], 0
    paths = [path for path, at in spread(PAGES, list(SIZES)) if at == size]
    for path in paths:
        page.goto(server + path)
        drawn(page)  # every chart, in the layout for this width
        boxes = page.evaluate(PAGE_BOXES)
        charts += len({b["chart"] for b in boxes})
        problems += [f"{size} {path} chart {b['chart']}: {b['text'][:40]!r} at ({b['x0']:.0f},{b['y0']:.0f})-"
                     f"({b['x1']:.0f},{b['y1']:.0f}) in {b['width']:.0f}×{b['height']:.0f}"
                     for b in boxes if outside([b], b["width"], b["height"])]
    assert charts >= len(paths), f"only {charts} charts measured"
    assert not problems, f"{len(problems)} texts outside their chart:\n" + "\n".join(problems)
