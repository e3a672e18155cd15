"""A bulletin as publishers put it out — a saved web page, a PDF, a Word file — gives the same candidate figures as its
text, with the page's title and link beside each; a scanned PDF says it has no text. The files are made here from the
same text (python-docx; Chromium prints the web page to PDF), never committed."""
import csv
import html
import io
from pathlib import Path

import docx
import pytest

from shegong.__main__ import main as cli
from shegong.ingest import bulletin, extract

from tests.unit.test_extract import COUNTY_AND_CITY, SEED, SHORT

CHROMIUM = Path("/usr/bin/chromium")
TEXTS = {"short": SHORT + "\n" + COUNTY_AND_CITY}
if SEED.exists():
    TEXTS["seed"] = SEED.read_text(encoding="utf-8")
TITLE, URL = "民政部：全国社工站建设情况通报", "https://example.gov.cn/xw/2022/07/t20220701_1.html"
# numbers in the site's navigation and footer: a reader never takes them for the article's
CHROME = ("<div class='nav-bar'>首页 | 河北：全省建成社工站9999个 | 政务公开</div>",
          "<footer>网站访问量：本站已服务群众88888人次</footer>")


def web_page(text: str, chrome: bool = True) -> str:
    paras = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{TITLE}_民政部网站</title>
<meta name="ArticleTitle" content="{TITLE}"><meta name="PubDate" content="2022-07-01 09:30">
<meta name="ContentSource" content="民政部"><meta property="og:url" content="{URL}">
<style>body{{font-family:'WenQuanYi Zen Hei',sans-serif;font-size:12px}}</style></head>
<body>{CHROME[0] if chrome else ""}<div class="main-content"><h1>{TITLE}</h1><div class="TRS_Editor">{paras}</div></div>
{CHROME[1] if chrome else ""}
</body></html>"""


def word_file(text: str) -> bytes:
    document = docx.Document()
    document.core_properties.title = TITLE
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def pdf_of(browser, page_html: str) -> bytes:
    page = browser.new_page()
    try:
        page.set_content(page_html)
        return page.pdf(format="A4")
    finally:
        page.close()


def facts(df) -> set:
    return {(r.region_code, r.indicator, r.value, r.qualifier, r.as_of) for r in df.itertuples()}


@pytest.mark.parametrize("which", list(TEXTS))
def test_web_page_word_and_pdf_give_the_texts_candidates(which, browser, tmp_path):
    text = TEXTS[which]
    expected = facts(extract.candidates(text))
    assert len(expected) >= 6
    page = web_page(text)
    files = {"bulletin.html": page.encode("utf-8"), "bulletin.docx": word_file(text),
             "bulletin.pdf": pdf_of(browser, web_page(text, chrome=False))}  # a PDF is the document alone
    for name, data in files.items():
        read = bulletin.read(name, data)
        found = bulletin.candidates(read)
        assert facts(found) == expected, (name, facts(found) ^ expected)
        assert "9999" not in read.text or name != "bulletin.html"  # the navigation is not the article
    page_read = bulletin.read("bulletin.html", files["bulletin.html"])
    assert (page_read.title, page_read.publisher, page_read.published, page_read.url) == (TITLE, "民政部",
                                                                                          "2022-07-01", URL)


def test_cli_keeps_the_quote_and_the_pages_title_and_link(tmp_path, capsys):
    f = tmp_path / "saved page.html"
    f.write_text(web_page(SHORT), encoding="utf-8")
    assert cli(["extract", str(f)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    langfang = next(r for r in rows if r["region_code"] == "131000" and r["indicator"] == "funding_cny")
    assert langfang["quote"] == "廊坊市今年建成社工站一百二十个,投入资金约1.5亿元。"
    assert (langfang["source_title"], langfang["source_url"], langfang["source_published"]) == (TITLE, URL,
                                                                                                "2022-07-01")
    assert not any(r["value"] in ("9999", "88888") for r in rows)  # nothing from the navigation or the footer


def test_a_scanned_pdf_says_it_has_no_text(browser, tmp_path, capsys):
    scan = tmp_path / "scan.pdf"  # a page with a picture only, as a scanner makes
    scan.write_bytes(pdf_of(browser, "<html><body><div style='width:400px;height:600px;background:#ccc'></div>"
                                      "</body></html>"))
    assert cli(["extract", str(scan)]) == 2
    err = capsys.readouterr().err
    assert "scanned PDF without a text layer" in err and str(scan) in err
