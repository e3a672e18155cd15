"""Exports as a report-writer gets them: every chart id as data files and as an image, text inside the image.

One warm chromium serves the whole session (render.RENDERER); images are rendered at scale 1 except the
print-size test, and exports' image cache lets the report tests reuse them. Each chart id is rendered in one of
PNG, SVG and PDF, the formats taken in turn (tests/sweep.py); benchmarks/sweeps.py renders every id in every format.
"""
import io
import json
import re
import zipfile
from xml.etree import ElementTree

import openpyxl
import pandas as pd
import pytest
from PIL import Image

from shegong import catalog, i18n, outputs
from shegong.__main__ import main as cli
from shegong.charts import base
from shegong.outputs import datafiles, render
from tests.sweep import spread
from tests.unit.test_inert_cells import hostile_exhibit

# the change log and a figure's revisions are empty until a change is approved (shown after an approval:
# tests/app/test_changelog.py)
IDS = [i for i in catalog.ids() if i not in ("changes.log", "sources.revisions")]
IMAGES = spread(IDS, ("png", "svg", "pdf"))  # (chart id, format): each id once, each format on a third of them


def rendered_as(fmt: str) -> list[str]:
    return [chart_id for chart_id, f in IMAGES if f == fmt]


def first_exhibit(chart_id: str):
    """The chart with its defaults or, when they show nothing (a ranking of equal counties), the first
    single-parameter change that shows something."""
    exhibit = catalog.build(chart_id)
    for key, values in catalog.options(chart_id).items():
        for value in list(values)[1:5]:
            if exhibit is not None:
                return exhibit
            exhibit = catalog.build(chart_id, **{key: value})
    return exhibit


@pytest.fixture(scope="session")
def exhibits(warehouse):
    i18n.set_language("zh")
    return {chart_id: first_exhibit(chart_id) for chart_id in IDS}


@pytest.fixture
def ex(exhibits, request):
    exhibit = exhibits[request.param]
    assert exhibit is not None, f"{request.param} shows nothing with any parameters tried"
    return exhibit


def squash(text: str) -> str:
    """Text without markup and whitespace: footers are wrapped at spaces and between Chinese characters."""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", text))


def svg_text(svg: bytes) -> str:
    return squash("".join(ElementTree.fromstring(svg).itertext()))


def test_the_catalog_has_charts_and_tables(exhibits):
    assert any(e.figure is not None for e in exhibits.values() if e is not None)
    assert any(e.figure is None for e in exhibits.values() if e is not None)


@pytest.mark.parametrize("ex", rendered_as("png"), indirect=True)
def test_png_has_the_size_asked_and_is_not_blank(ex):
    png = outputs.export(ex, "png", scale=1)
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG"
    assert img.size == render.size_of(render.figure_of(ex))
    colours = img.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is None or len(colours) > 50, "the image is (nearly) one colour"


@pytest.mark.parametrize("ex", rendered_as("svg"), indirect=True)
def test_svg_has_title_sources_and_notes_inside_the_image(ex):
    text = svg_text(outputs.export(ex, "svg", scale=1))
    assert squash(ex.title) and squash(ex.title) in text
    for source in ex.sources:
        assert squash(source) in text, f"source line missing from the image: {source}"
    if ex.sources:
        assert "来源" in text
    for note in ex.notes:
        assert squash(note) in text, f"note missing from the image: {note}"
    if ex.demo:
        assert "演示数据" in text


@pytest.mark.parametrize("ex", rendered_as("pdf"), indirect=True)
def test_pdf_is_one_page_with_the_chinese_font_embedded(ex):
    pdf = outputs.export(ex, "pdf", scale=1)
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+WenQuanYi", pdf), "the CJK font is not embedded"
    w, h = render.size_of(render.figure_of(ex))
    box = [float(x) for x in re.search(rb"/MediaBox\s*\[([^\]]*)\]", pdf).group(1).split()]
    assert abs((box[2] - box[0]) / (box[3] - box[1]) - w / h) < 0.02


@pytest.mark.parametrize("ex", IDS, indirect=True)
def test_data_files_hold_the_displayed_and_the_full_data(ex):
    shown = pd.read_csv(io.BytesIO(outputs.export(ex, "csv")), encoding="utf-8-sig", dtype=str)
    # every column on screen, in order; a column of figures as shown gets its number, unit and qualifier beside it
    displayed = [str(c) for c in ex.displayed.columns]
    assert [c for c in shown.columns if c in displayed] == displayed
    assert len(shown) == len(ex.displayed)
    assert outputs.export(ex, "csv").startswith("\ufeff".encode())
    full = pd.read_csv(io.BytesIO(outputs.export(ex, "csv", full=True)), encoding="utf-8-sig", dtype=str)
    assert len(full) == len(ex.full)

    wb = openpyxl.load_workbook(io.BytesIO(outputs.export(ex, "xlsx")))
    data, notes = wb.worksheets
    assert notes.title == "说明"
    assert data.max_row == len(ex.displayed) + 1
    notes_text = "\n".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    for source in ex.sources:
        assert source in notes_text

    with zipfile.ZipFile(io.BytesIO(outputs.export(ex, "zip"))) as z:
        names = z.namelist()
        readme = z.read("README.txt").decode("utf-8-sig")
        assert f"{ex.file_stem}_full.csv" in names and f"{ex.file_stem}_full.xlsx" in names
    assert re.sub("<[^>]+>", "", ex.title) in readme
    for source in ex.sources:
        assert source in readme
    for column in ex.full.columns:
        assert f"  {column}: " in readme
    if ex.demo:
        assert "演示数据" in readme


def test_readme_explains_raw_columns_and_qualifiers(exhibits):
    known = [e for e in exhibits.values() if e is not None and "qualifier" in e.full.columns]
    assert known, "some chart has published figures with qualifiers"
    readme = datafiles.readme(known[0])
    assert "qualifier: 限定词" in readme and "as_of: 数据所指日期" in readme
    assert "数据日期：" in readme


def test_table_only_exhibit_becomes_an_image_with_its_footer():
    svg = outputs.export(hostile_exhibit(), "svg", scale=1)
    text = svg_text(svg)
    assert "测试：注入" in text and "测试来源（2024年）" in text and "正常文本" in text


def test_print_size_png_is_2400_px_wide(exhibits):
    ex = exhibits[IDS[0]]
    img = Image.open(io.BytesIO(outputs.export(ex, "png")))
    w, h = render.size_of(ex.figure)
    assert img.size == (2 * w, 2 * h) and img.size[0] >= 2400


def test_maps_are_rendered_without_network(exhibits):
    """Boundaries are embedded, plotly's CDN topojson is replaced, and the export browser has no network."""
    maps = [e for e in exhibits.values() if e is not None and e.figure is not None
            and any(tr.type in ("choropleth", "scattergeo") for tr in e.figure.data)]
    assert maps, "the catalog has maps"
    for ex in maps:
        spec = render.prepare(ex.figure)
        for trace in spec["data"]:
            assert not isinstance(trace.get("geojson"), str), f"{ex.id}: boundary left as a URL"
        assert "http" not in json.dumps(
            [tr.get("geojson") for tr in spec["data"]] + [spec["layout"].get("images")], default=str)
    # without the stub plotly.js asks its CDN for a world topojson: the export browser cannot reach it
    spec = render.prepare(maps[0].figure)
    with pytest.raises(render.ExportError, match="525|topojson"):
        render.RENDERER.render(spec, {"format": "png", "width": 400, "height": 300, "scale": 1}, topojson=None)
    assert render.RENDERER.render(spec, {"format": "png", "width": 400, "height": 300, "scale": 1}).startswith(
        b"\x89PNG")


def test_one_browser_serves_the_session():
    assert render.RENDERER.starts == 1


def test_cli_lists_exports_and_explains_mistakes(warehouse, tmp_path, capsys):
    assert cli(["export", "--list"]) == 0
    listed = capsys.readouterr().out
    assert all(i in listed for i in IDS)
    assert cli(["export", "no.such.chart", "--format", "csv", "--out", str(tmp_path / "x.csv")]) == 2
    assert "no chart 'no.such.chart'" in capsys.readouterr().err
    assert cli(["export", IDS[0], "--param", "novalue"]) == 2
    assert "KEY=VALUE" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_cli_writes_the_same_bytes_as_the_buttons(warehouse, exhibits, tmp_path):
    ex = exhibits[IDS[0]]
    out = tmp_path / "a.xlsx"
    assert cli(["export", IDS[0], "--format", "csv", "--out", str(tmp_path)]) == 0
    assert (tmp_path / outputs.file_name(ex, "csv")).read_bytes() == outputs.export(ex, "csv")
    assert cli(["export", IDS[0], "--format", "png", "--out", str(tmp_path / "a.png")]) == 0
    assert Image.open(tmp_path / "a.png").size[0] >= 2400
    assert cli(["export", IDS[0], "--format", "xlsx", "--full", "--lang", "en", "--out", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames == ["Data", "Note"]
    i18n.set_language("zh")


def test_camera_button_config_names_the_file(exhibits):
    from shegong.ui import downloads

    ex = exhibits[IDS[0]]
    config = downloads.plotly_config(ex)
    assert config["topojsonURL"] == base.TOPOJSON_STUB
    assert config["toImageButtonOptions"] == {"format": "png", "filename": ex.file_stem, "scale": 2}
