"""本期要点 out of the dashboard: Markdown, a section of a Word document, and the one-page A4 简报 (HTML → PDF).

The PDF is the HTML below printed by headless Chromium (playwright on the system /usr/bin/chromium, no download):
what the browser lays out with WenQuanYi Zen Hei is what the reader gets, fonts embedded. It must fit one page, so a
brief that would run over is printed again at a smaller scale.
"""
from __future__ import annotations

import functools
import html
import io
import os
import threading

from shegong import i18n
from shegong.analysis.brief import Brief
from shegong.i18n import t

CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
SCALES = (1.0, 0.92, 0.85, 0.78, 0.7, 0.62, 0.55)  # tried in turn until the brief fits one A4 page


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def note() -> str:
    return t("本简报由社工站数据看板根据公开数字生成，每句之后方括号内为来源编号；“≥”为下限（原文“余/超过/多”），"
             "“约”为约数；计算所得的数字（增量、覆盖率、预测）保留3至4位有效数字。")


def headline_chart(code: str) -> tuple[str, str] | None:
    """The small headline chart of a brief as (PNG data URL, title): a province's progress to its coverage target,
    the provinces' station counts for the nation; none where there is nothing to draw, or where the chart would
    show demo records in public mode."""
    import base64

    from shegong import catalog, config
    from shegong.outputs import render
    from shegong.vocab import NATION

    exhibit = (catalog.build("overview.bars", indicator="stations_built") if code == NATION
               else catalog.build("province.progress", province=code, goal="0"))
    if exhibit is None or exhibit.figure is None or (exhibit.demo and config.public()):
        return None
    png = render.render(exhibit.figure, "png", 2, width=760, height=440)  # narrow: its text stays legible
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii"), exhibit.alt or exhibit.title


def html_page(brief: Brief, made_on: str, chart: tuple[str, str] | None = None) -> str:
    """The one-page 简报 as a standalone HTML page (A4; inline CSS; every text escaped)."""
    items = []
    for s in brief.statements:
        cls = ' class="demo"' if s.demo else (' class="gap"' if s.topic == "missing" else "")
        refs = f' <span class="ref">{_e(s.cite())}</span>' if s.refs else ""
        items.append(f"<li{cls}>{_e(s.text)}{refs}</li>")
    sources = []
    for r in brief.references:
        link = f' <a href="{_e(r.url)}">{_e(r.url)}</a>' if r.url.startswith(("http://", "https://")) else ""
        sources.append(f"<li>{_e(r.line().removesuffix(r.url).rstrip('，, '))}{link}</li>")
    chart = f'<div class="chart"><img src="{_e(chart[0])}" alt="{_e(chart[1])}"></div>' if chart else ""
    lang = "en" if i18n.en() else "zh-CN"
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{_e(brief.title)}</title>
<style>
@page {{ size: A4; margin: 16mm 17mm 14mm 17mm; }}
html {{ font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif; color: #1f1f1f; }}
body {{ margin: 0; font-size: 11.5pt; line-height: 1.6; }}
header {{ border-bottom: 2.5pt solid #b71c1c; padding-bottom: 4pt; margin-bottom: 8pt; }}
.org {{ color: #b71c1c; font-size: 10pt; letter-spacing: 0.1em; }}
h1 {{ font-size: 19pt; margin: 2pt 0 2pt 0; font-weight: bold; }}
.meta {{ font-size: 9.5pt; color: #444; }}
ol.points {{ padding-left: 1.6em; margin: 6pt 0; }}
ol.points li {{ margin-bottom: 5pt; }}
html:lang(zh-CN) ol.points li {{ text-align: justify; }}
li.gap {{ color: #555; }}
li.demo {{ color: #6d4c00; background: #fff4d6; padding: 1pt 3pt; }}
.ref {{ color: #b71c1c; font-size: 8.5pt; white-space: nowrap; }}
.chart {{ margin: 8pt 0 0 0; text-align: center; }}
.chart img {{ width: 88%; }}
h2 {{ font-size: 10.5pt; margin: 10pt 0 2pt 0; border-top: 0.75pt solid #999; padding-top: 4pt; }}
ol.sources {{ list-style: none; padding: 0; margin: 0; font-size: 8pt; line-height: 1.35; color: #333; }}
ol.sources a {{ color: #333; word-break: break-all; }}
footer {{ font-size: 8pt; color: #555; margin-top: 6pt; }}
</style></head><body>
<header><div class="org">{_e(t("社工站数据看板"))} · {_e(t("本期要点"))}</div>
<h1>{_e(brief.title)}</h1>
<div class="meta">{_e(t("数据截至{date}　生成日期：{made}", date=_date(brief.as_of), made=made_on))}</div></header>
<ol class="points">{"".join(items)}</ol>
{chart}
<h2>{_e(t("参考来源"))}</h2>
<ol class="sources">{"".join(sources)}</ol>
<footer>{_e(note())}</footer>
</body></html>"""


def _date(as_of: str) -> str:
    from shegong import fmt

    return fmt.date(as_of)


def pdf(page_html: str) -> bytes:
    """The HTML printed to a one-page A4 PDF by headless Chromium; scaled down until it fits one page."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort() if not route.request.url.startswith(("data:", "about:"))
                       else route.continue_())  # nothing is fetched
            page.set_content(page_html, wait_until="load")
            for scale in SCALES:
                data = page.pdf(format="A4", scale=scale, print_background=True, prefer_css_page_size=True)
                if len(PdfReader(io.BytesIO(data)).pages) == 1:
                    return data
            return data  # the smallest scale still runs over: the caller's test says so
        finally:
            browser.close()


_ONE_AT_A_TIME = threading.Lock()


@functools.lru_cache(maxsize=16)
def pdf_once(page_html: str) -> bytes:
    """`pdf` for a page's download button: one Chromium at a time per process, the same brief printed once."""
    with _ONE_AT_A_TIME:
        return pdf(page_html)


def add_section(doc, briefs: list[Brief], level: int = 1) -> None:
    """本期要点 as a section of a Word document: per region a heading, one paragraph per statement ending with
    its references, and the references in small type (style 'Source Line' when the document has it)."""
    names = {s.name for s in doc.styles}
    small = "Source Line" if "Source Line" in names else None
    doc.add_heading(t("本期要点"), level=level)
    for brief in briefs:
        if len(briefs) > 1:
            doc.add_heading(brief.place, level=level + 1)
        doc.add_paragraph(brief.intro, style=small)
        for s in brief.statements:
            p = doc.add_paragraph(style="List Number" if "List Number" in names else None)
            p.add_run(s.text)
            if s.refs:
                run = p.add_run(" " + s.cite())
                run.font.superscript = False
        for r in brief.references:
            doc.add_paragraph(r.line(), style=small)


i18n.add({
    "本期要点": "Key points",
    "数据截至{date}　生成日期：{made}": "Figures up to {date}. Made on {made}",
    "本简报由社工站数据看板根据公开数字生成，每句之后方括号内为来源编号；“≥”为下限（原文“余/超过/多”），"
    "“约”为约数；计算所得的数字（增量、覆盖率、预测）保留3至4位有效数字。":
        "Made by the Shegong Dashboard from published figures; the numbers in brackets after each sentence are its "
        "sources. ≥ marks a lower bound (“more than” in the source), ≈ an approximate figure; computed numbers "
        "(changes, coverage, projections) are given to 3–4 significant digits.",
})
