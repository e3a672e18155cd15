"""本期要点 out of the dashboard (issue 23): `python -m shegong brief` as Markdown, Word and a one-page A4 PDF, and
as the first section of the Word pack."""
import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from shegong import i18n
from shegong.__main__ import main
from shegong.catalog import brief as catalog_brief


def squash(text: str) -> str:
    """Text without white space: a PDF breaks lines where the page does."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("code,lang", [("410000", "zh"), ("100000", "zh"), ("130000", "en")])
def test_markdown_one_item_per_statement_ending_with_its_references(warehouse, tmp_path, code, lang):
    out = tmp_path / "brief.md"
    assert main(["brief", "--province", code, "--lang", lang, "--format", "md", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    i18n.set_language(lang)
    try:
        statements = catalog_brief.brief(code).statements
    finally:
        i18n.set_language("zh")
    items = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(items) == len(statements)
    for item, s in zip(items, statements):
        assert item.startswith(f"- {s.text}")
        if s.refs:
            assert re.search(r"(\[\d+\])+$", item), item
            for n in s.refs:
                assert re.search(rf"^\[{n}\] ", text, re.MULTILINE), f"reference {n} is not listed"


def test_unknown_region_is_refused(warehouse, tmp_path, capsys):
    assert main(["brief", "--province", "999999", "--format", "md", "--out", str(tmp_path / "x.md")]) == 2
    assert "999999" in capsys.readouterr().err


@pytest.mark.parametrize("code,lang", [("410000", "zh"), ("100000", "en")])
def test_one_page_pdf_holds_the_statements(warehouse, tmp_path, code, lang):
    out = tmp_path / "brief.pdf"
    assert main(["brief", "--province", code, "--lang", lang, "--format", "pdf", "--out", str(out)]) == 0
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = squash(reader.pages[0].extract_text())
    i18n.set_language(lang)
    try:
        brief = catalog_brief.brief(code)
    finally:
        i18n.set_language("zh")
    assert squash(brief.title) in text
    for s in brief.statements:
        assert squash(s.text) in text, s.text
    fonts = {str(f.get("/BaseFont")) for f in reader.pages[0]["/Resources"]["/Font"].values()
             for f in [f.get_object()]}
    assert any("WenQuanYi" in f or "Zen" in f for f in fonts), fonts  # Chinese glyphs embedded, not boxes


def test_docx_brief(warehouse, tmp_path):
    out = tmp_path / "brief.docx"
    assert main(["brief", "--province", "640000", "--format", "docx", "--out", str(out)]) == 0
    text = [p.text for p in Document(out).paragraphs]
    i18n.set_language("zh")
    for s in catalog_brief.brief("640000").statements:
        assert f"{s.text} {s.cite()}".strip() in text


def test_word_pack_opens_with_the_brief(warehouse):
    from shegong.outputs.report import document

    i18n.set_language("zh")
    doc = Document(io.BytesIO(document([], ["410000"])))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["本期要点", "全国", "河南省"]
    body = "\n".join(p.text for p in doc.paragraphs)
    for code in ("100000", "410000"):
        for s in catalog_brief.brief(code).statements:
            assert s.text in body


def test_snapshot_pages_carry_the_brief_and_never_demo(warehouse, tmp_path):
    """The static snapshot is public: its 本期要点 leave the demo registers out even in a bake with --demo."""
    import html

    from shegong.outputs.publish import Baker, Page

    i18n.set_language("zh")
    baker = Baker(tmp_path, demo=True, langs=("zh",), live_url=None, provinces=("410000",), formats=())
    briefs = [b for b in baker.overview().blocks if b.kind == "brief"]
    assert [place for place, _, _ in briefs[0].items] == ["全国", "河南省"] and len(briefs) == 1
    baker.write_assets()
    baker.write_page(Page("index.html", "overview", "总览", baker.brief_blocks(["100000", "410000"])), "zh")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    lists = "".join(re.findall(r'<ol class="brief.*?</ol>', page, re.DOTALL))
    for code in ("100000", "410000"):
        for s in catalog_brief.brief(code, public=True).statements:
            assert html.escape(s.text, quote=False) in lists
    assert '<a href="http://app.swchina.org/print.php?contentid=40344"' in lists
    assert "演示" not in lists and "【演示数据】" in "".join(s.text for s in catalog_brief.brief("410000").statements)


def test_public_pdf_has_no_chart_of_demo_records(warehouse, monkeypatch):
    from shegong.outputs import brief as brief_out

    monkeypatch.setenv("SHEGONG_PUBLIC", "1")  # this warehouse holds demo registers; the progress chart draws none
    chart = brief_out.headline_chart("410000")
    assert chart is None or "演示" not in chart[1]
    page = brief_out.html_page(catalog_brief.brief("410000"), "2026年12月3日", None)
    assert "演示" not in page and "<img" not in page
