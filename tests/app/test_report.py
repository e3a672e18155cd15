"""The Word report pack, read back as Word would show it: one image and caption per chart, its source line and
data under it, tables with 表N captions, a closing sources list, Chinese fonts named for East Asian text."""
import io
import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from shegong import catalog, i18n
from shegong.__main__ import main as cli
from shegong.outputs import report
from shegong.vocab import provinces

CHOSEN = ["410000", "640000"]


@pytest.fixture(scope="session")
def picked(warehouse):
    """A chart made per province, a table, and two other charts — whatever the catalog has now."""
    i18n.set_language("zh")
    per_province = [c for c in catalog.ids() if "province" in catalog.options(c)
                    and all(catalog.build(c, province=p) is not None for p in CHOSEN)]
    built = {c: catalog.build(c) for c in catalog.ids()}
    tables = [c for c, e in built.items() if e is not None and e.figure is None]
    charts = [c for c, e in built.items() if e is not None and e.figure is not None and c not in per_province]
    assert per_province and tables and len(charts) >= 2
    return [per_province[0], tables[0], *charts[:2]]


@pytest.fixture(scope="session")
def pack(picked):
    steps = []
    data = report.make(picked, CHOSEN, lang="zh", progress=lambda i, n, label: steps.append((i, n)), scale=1)
    exhibits = report.build_exhibits(report.plan(picked, CHOSEN))
    return Document(io.BytesIO(data)), data, exhibits, steps


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_plan_makes_province_charts_once_per_province(picked):
    items = report.plan(picked, CHOSEN)
    assert [p["province"] for c, p in items if c == picked[0]] == CHOSEN
    assert len(report.plan([picked[0]])) == len(provinces())  # default: every compared province
    with pytest.raises(ValueError, match="999999"):
        report.plan(picked, ["999999"])


def test_one_image_and_numbered_caption_per_chart(pack):
    doc, _, exhibits, steps = pack
    charts = [e for e in exhibits if e.figure is not None]
    assert len(doc.inline_shapes) == len(charts) >= 4
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    figure_captions = [c for c in captions if c.startswith("图")]
    assert [re.match(r"图(\d+)　", c).group(1) for c in figure_captions] == [str(i) for i in range(1, len(charts) + 1)]
    for caption, ex in zip(figure_captions, charts):
        assert squash(re.sub("<[^>]+>", "", ex.title)) in squash(caption)
        if ex.demo:
            assert "演示数据" in caption
    assert steps[-1] == (len(exhibits), len(exhibits))


def test_source_line_and_data_table_under_each_chart(pack):
    doc, _, exhibits, _ = pack
    paragraphs = doc.paragraphs
    charts = [e for e in exhibits if e.figure is not None]
    starts = [i for i, p in enumerate(paragraphs) if p.style.name == "Caption" and p.text.startswith("图")]
    for i, ex in zip(starts, charts):
        source = paragraphs[i + 1].text
        assert source.startswith("来源：")
        for s in ex.sources:
            assert s in source
        if not ex.sources:
            assert "演示数据" in source
    data_tables = sum(1 for e in charts if len(e.displayed))
    table_exhibits = [e for e in exhibits if e.figure is None]
    assert len(doc.tables) == data_tables + len(table_exhibits)
    first = doc.tables[0]
    assert len(first.rows) >= 2 and all(c.text for c in first.rows[0].cells)


def test_tables_get_table_captions_above_them(pack):
    doc, _, exhibits, _ = pack
    tables = [e for e in exhibits if e.figure is None]
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption" and p.text.startswith("表")]
    assert len(captions) == len(tables) >= 1
    assert captions[0].startswith("表1　")
    body = doc.element.body
    caption = next(p for p in doc.paragraphs if p.text == captions[0])._p
    assert caption.getnext().tag == qn("w:tbl")
    assert body.index(caption) > 0


def test_closing_sources_list_names_every_source(pack):
    doc, _, exhibits, _ = pack
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("资料来源")
    closing = "\n".join(texts[start + 1:])
    every = {s for e in exhibits for s in e.sources}
    assert every, "the picked exhibits cite sources"
    for s in every:
        assert s in closing
    assert re.search(r"^\[1\] .+（见(图|表)\d+", closing, re.M)


def test_captions_are_word_fields_and_fonts_are_named_for_chinese(pack):
    doc, data, _, _ = pack
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "SEQ 图 \\* ARABIC" in xml and "SEQ 表 \\* ARABIC" in xml
    for name, east in (("Normal", "宋体"), ("Caption", "黑体"), ("Heading 1", "黑体"), ("Title", "黑体")):
        fonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == east, name
        assert fonts.get(qn("w:eastAsiaTheme")) is None
    for style in doc.styles.element.findall(qn("w:style")):  # no paragraph style left on the theme's fonts
        fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is None or fonts.get(qn("w:eastAsiaTheme")) is None, style.get(qn("w:styleId"))


def test_images_are_the_charts_at_full_width(pack):
    doc, _, _, _ = pack
    for shape in doc.inline_shapes:
        assert abs(shape.width.cm - 16) < 0.01


def test_english_report_and_cli(picked, tmp_path, capsys):
    table = picked[1]
    data = report.make([table], ["110000"], lang="en", scale=1)
    doc = Document(io.BytesIO(data))
    assert any(p.text.startswith("Table 1. ") for p in doc.paragraphs)
    assert "Sources" in [p.text for p in doc.paragraphs]
    i18n.set_language("zh")
    out = tmp_path / "r.docx"
    assert cli(["report", "--out", str(out), "--chart", table, "--province", "130000"]) == 0
    assert Document(out).tables
    assert cli(["report", "--out", str(tmp_path / "x.docx"), "--province", "12"]) == 2
    assert "12" in capsys.readouterr().err and not (tmp_path / "x.docx").exists()


def test_report_page_makes_a_word_file(picked, monkeypatch):
    """The 报告 page: pick charts and provinces, make, download."""
    from streamlit.testing.v1 import AppTest

    import shegong.ui.app
    from shegong.config import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/report.py").run()
    assert not at.exception, [e.message for e in at.exception]
    from shegong.outputs.report import DEFAULT_CHARTS

    # the default pack starts with the headline of station progress (published), demo exhibits after
    assert at.multiselect(key="report_charts").value == DEFAULT_CHARTS and DEFAULT_CHARTS[0] == "overview.progress"
    # AppTest resets Streamlit's pages-directory flag on every run, so page_setup() would rerun and swallow
    # the click; in a served app it reruns only once per process
    monkeypatch.setattr(shegong.ui.app, "page_setup", lambda: None)
    at.multiselect(key="report_charts").set_value([catalog.ids()[0], picked[1]]).run()
    at.multiselect(key="report_provinces").set_value(["640000"]).run()
    assert "将生成 2 个图表" in " ".join(c.value for c in at.caption)
    at.button(key="make").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value.startswith("已生成：2 个图表")
    assert [b.label for b in at.get("download_button")] == ["下载 Word 文件"]


def test_download_popover_offers_every_format(warehouse):
    from streamlit.testing.v1 import AppTest

    def page():
        from shegong import catalog
        from shegong.ui import downloads

        downloads.buttons(catalog.build(catalog.ids()[0]))
        downloads.buttons(None)

    at = AppTest.from_function(page, default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["PNG 图片（打印质量）", "SVG 矢量图", "PDF", "CSV（图中数据）", "Excel（图中数据）",
                      "ZIP（完整数据与说明）"]


def test_public_report_page_caps_the_images_one_visitor_can_ask_for(warehouse, monkeypatch):
    """In public mode one request makes at most 12 images, so that a visitor cannot hold the renderer for long."""
    from streamlit.testing.v1 import AppTest

    import shegong.ui.app
    from shegong.config import ROOT

    monkeypatch.setenv("SHEGONG_PUBLIC", "1")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/report.py").run()
    monkeypatch.setattr(shegong.ui.app, "page_setup", lambda: None)
    at.multiselect(key="report_charts").set_value(catalog.ids()).run()
    assert "一次最多 12 个图表" in at.warning[0].value
    assert at.button(key="make").disabled
