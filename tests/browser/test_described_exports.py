"""Exports that say what they are, as a screen reader or a document manager reads them: the SVG's <title>/<desc>,
the PDF's title, author and language, the Word pack's properties and each picture's alt text."""
import io
import re
import zipfile
from xml.etree import ElementTree

import pytest
from docx import Document
from pypdf import PdfReader

from shegong import catalog, i18n, outputs
from shegong.outputs import report

SVG = "{http://www.w3.org/2000/svg}"
AUTHOR = {"zh": "社工站数据看板", "en": "Shegong Dashboard"}
LATEST = {"zh": re.compile(r"2025年12月，建成社工站 [\d,]+个"), "en": re.compile(r"Dec 2025, Stations built [\d,]+")}


@pytest.fixture(params=["zh", "en"])
def stations(warehouse, request):
    i18n.set_language(request.param)
    yield request.param, catalog.build("province.stations", province="410000")
    i18n.set_language("zh")


def latest_stations(exhibit) -> str:
    """The stations built in the chart's latest month, as its data file has them (the number the text must carry)."""
    df = exhibit.displayed
    month = df[df.iloc[:, 0].isin(["2025年12月", "Dec 2025"])]
    return f"{int(month.iloc[0, 1]):,}"


def test_svg_has_a_title_and_a_description_with_the_latest_number(stations):
    lang, exhibit = stations
    root = ElementTree.fromstring(outputs.export(exhibit, "svg", scale=1))
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("role") == "img"
    assert title is not None and title.text == re.sub(r"<[^>]+>", "", exhibit.title)
    assert desc is not None and LATEST[lang].search(desc.text) and latest_stations(exhibit) in desc.text


def test_pdf_carries_title_author_and_language(stations):
    lang, exhibit = stations
    pdf = PdfReader(io.BytesIO(outputs.export(exhibit, "pdf", scale=1)))
    assert pdf.metadata.title == re.sub(r"<[^>]+>", "", exhibit.title) != "Kaleido-fier"
    assert pdf.metadata.author == AUTHOR[lang]
    assert latest_stations(exhibit) in pdf.metadata.subject
    assert pdf.trailer["/Root"]["/Lang"] == {"zh": "zh-CN", "en": "en"}[lang]


def test_word_pack_has_properties_and_alt_text_on_every_picture(stations):
    lang, exhibit = stations
    data = report.make(["province.stations", "province.workers"], ["410000"], lang=lang, scale=1)
    props = Document(io.BytesIO(data)).core_properties
    assert props.author == AUTHOR[lang] != "python-docx"
    assert props.title == {"zh": "乡镇（街道）社工站数据报告", "en": "Township social work stations: data report"}[lang]
    assert props.language == {"zh": "zh-CN", "en": "en"}[lang]
    files = zipfile.ZipFile(io.BytesIO(data))
    pictures = re.findall(r"<wp:docPr [^>]*>", files.read("word/document.xml").decode())
    assert len(pictures) == 2
    assert all('descr="' in p and 'title="' in p for p in pictures)
    assert LATEST[lang].search(pictures[0]) and latest_stations(exhibit) in pictures[0]
    assert f'w:val="{props.language}"' in files.read("word/styles.xml").decode()
