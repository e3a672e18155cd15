"""报告 Report pack: chosen charts for chosen provinces in one Word file, each with its caption, sources and data.

Layout follows Chinese report practice: a figure's caption under it (图1 …), a table's above it (表1 …); under
every figure its source line, notes and a table of the figures behind it; a closing list of all sources with the
figures that use them. Captions are Word SEQ fields, so Word can build a list of figures and renumber them.

Fonts: Word picks the font of Chinese text from the w:eastAsia attribute, not from the font name most tools set;
without it Chinese falls back to whatever the reader's Word is configured with (often MS Mincho-like glyphs on
English Word). Body text is 宋体 (SimSun) and headings and captions 黑体 (SimHei): both ship with every Chinese
Windows and with Office for Mac, and they are the usual pair for official reports. Word cannot take a fallback
list, so the web fonts of the dashboard (WenQuanYi Zen Hei) are not named here; the chart images carry their own
rendered text and look the same everywhere.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import threading
from collections.abc import Callable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from shegong import i18n, vocab
from shegong.i18n import t
from shegong.outputs import brief as brief_out
from shegong.outputs import datafiles, render
from shegong.vocab import short_name

BODY_FONT, HEADING_FONT = "宋体", "黑体"
LATIN_BODY, LATIN_HEADING = "Times New Roman", "Arial"
IMAGE_WIDTH = Cm(16)  # A4 portrait between 2.5 cm margins
TABLE_ROWS = 30  # rows of a data table in the report; the exports have all of them

Progress = Callable[[int, int, str], None]


# --- what goes in --------------------------------------------------------------------------------------------------

# a report renders many images: one at a time per process, so that a visitor cannot queue dozens for everyone
ONE_AT_A_TIME = threading.Lock()


def plan(chart_ids: list[str] | None = None, provinces: list[str] | None = None) -> list[tuple[str, dict]]:
    """(chart id, parameters) for each exhibit: a chart with a `province` parameter once per chosen province,
    a chart that takes several provinces with all the chosen ones, any other chart once with its defaults."""
    from shegong import catalog

    order = catalog.ids()
    chart_ids = sorted(dict.fromkeys(chart_ids or order), key=lambda c: order.index(c) if c in order else -1)
    compared = vocab.provinces()
    provinces = list(provinces or compared)
    unknown = [p for p in provinces if p not in compared]
    if unknown:
        raise ValueError(t("未知省份代码：{codes}；可选：{known}", codes=", ".join(unknown), known=", ".join(compared)))
    items = []
    for chart_id in chart_ids:
        if chart_id not in catalog.CATALOG:
            raise KeyError(f"no chart {chart_id!r}; known: {', '.join(catalog.ids())}")
        options = catalog.options(chart_id)
        params = {}
        for key, values in options.items():
            if key in catalog.CATALOG[chart_id].multi and set(provinces) & set(values):
                params[key] = ",".join(p for p in provinces if p in values)
        if "province" in options:
            items += [(chart_id, {**params, "province": p}) for p in provinces if p in options["province"]]
        else:
            items.append((chart_id, params))
    return items


# what a report on the stations usually needs, published exhibits first: where each province stands (the headline),
# its map and figures, the targets; then money and people served (demo data until real records are imported)
DEFAULT_CHARTS = ["overview.progress", "overview.map", "overview.kpis", "province.progress", "funding.trend",
                  "services.comparison"]


def build_exhibits(items: list[tuple[str, dict]]) -> list:
    """The exhibits of a plan, published ones first and demo ones after (a report leads with what was published,
    never with 演示数据); those with nothing to show (None) are left out."""
    from shegong import catalog

    built = [e for e in (catalog.build(cid, **params) for cid, params in items) if e is not None]
    return sorted(built, key=lambda e: bool(e.demo))


# --- Word helpers --------------------------------------------------------------------------------------------------

def _fonts(rpr_owner, latin: str, east_asia: str) -> None:
    """Latin and East Asian font of a style or run; theme fonts removed, which would override them."""
    if hasattr(rpr_owner, "get_or_add_rPr"):
        rpr = rpr_owner.get_or_add_rPr()
    else:  # docDefaults/rPrDefault is a plain element
        rpr = rpr_owner.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_owner.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:val"), render.DOC_LANG[i18n.lang()])  # the language of Latin text: spelling, screen readers


def _style_fonts(doc) -> None:
    styles = doc.styles
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None and defaults.find(qn("w:rPrDefault")) is not None:
        _fonts(defaults.find(qn("w:rPrDefault")), LATIN_BODY, BODY_FONT)
    for style in styles.element.findall(qn("w:style")):  # the rest keep Word's theme fonts: major → 黑体
        fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is not None and fonts.get(qn("w:asciiTheme")):
            major = fonts.get(qn("w:asciiTheme")).startswith("major")
            for attr in list(fonts.attrib):
                del fonts.attrib[attr]
            fonts.set(qn("w:ascii"), LATIN_HEADING if major else LATIN_BODY)
            fonts.set(qn("w:hAnsi"), LATIN_HEADING if major else LATIN_BODY)
            fonts.set(qn("w:eastAsia"), HEADING_FONT if major else BODY_FONT)
    for name, latin, east, size in (("Normal", LATIN_BODY, BODY_FONT, 10.5), ("Title", LATIN_HEADING, HEADING_FONT, 20),
                                    ("Heading 1", LATIN_HEADING, HEADING_FONT, 15),
                                    ("Heading 2", LATIN_HEADING, HEADING_FONT, 13),
                                    ("Caption", LATIN_HEADING, HEADING_FONT, 10.5)):
        style = styles[name]
        _fonts(style.element, latin, east)
        style.font.size = Pt(size)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0x1F, 0x1F, 0x1F)
    styles["Caption"].font.bold = True
    styles["Caption"].font.italic = False
    styles["Caption"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    small = styles.add_style("Source Line", 1)  # 1 = paragraph style
    small.base_style = styles["Normal"]
    small.font.size = Pt(9)
    small.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    small.paragraph_format.space_after = Pt(2)
    cell = styles.add_style("Table Text", 1)
    cell.base_style = styles["Normal"]
    cell.font.size = Pt(8)
    cell.paragraph_format.space_after = Pt(0)


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (SEQ, PAGE) with its current result, so the number shows before Word updates fields."""
    def char(kind):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    paragraph.add_run()._r.append(char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(char("separate"))
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(char("end"))


def _caption(doc, kind: str, number: int, title: str):
    """图1　title (or Figure 1. title): a SEQ field named 图/表 (Figure/Table), as Word's own captions."""
    label = t(kind).strip()
    p = doc.add_paragraph(style="Caption")
    p.add_run(label + (" " if i18n.en() else ""))
    _field(p, f"SEQ {label} \\* ARABIC", str(number))
    p.add_run((". " if i18n.en() else "　") + title)
    return p


TIME_COLUMNS = ("月份", "年份", "Month", "Year", "month", "year")


def _table(doc, df) -> None:
    """The rows behind a chart; a series over time shows its latest TABLE_ROWS rows, anything else its first."""
    over_time = len(df.columns) and str(df.columns[0]) in TIME_COLUMNS
    shown = df.tail(TABLE_ROWS) if over_time else df.head(TABLE_ROWS)
    shown = shown.loc[:, [c for c in shown.columns if shown[c].map(datafiles._cell_text).str.len().gt(0).any()]]
    table = doc.add_table(rows=1, cols=len(shown.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    style_id = doc.styles["Table Text"].style_id  # by id: python-docx looks a name up in every style, per cell
    for cell, name in zip(header.cells, shown.columns):
        para = cell.paragraphs[0]
        para._p.style = style_id
        para.add_run(str(name)).bold = True
    for row in shown.itertuples(index=False):
        cells = table.add_row().cells
        for cell, column, value in zip(cells, shown.columns, row):
            para = cell.paragraphs[0]
            para._p.style = style_id
            para.add_run(datafiles.column_text(column, value))
    if len(df) > len(shown):
        doc.add_paragraph(t("表中列出最近{n}行，共{total}行；完整数据请在看板中下载 CSV/XLSX。" if over_time else
                            "表中列出前{n}行，共{total}行；完整数据请在看板中下载 CSV/XLSX。",
                            n=len(shown), total=len(df)),
                          style="Source Line")


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", (text or "").replace("<br>", " "))


def _source_block(doc, exhibit) -> None:
    sep = i18n.sep()
    if exhibit.sources:
        doc.add_paragraph(t("来源：") + sep.join(exhibit.sources), style="Source Line")
    elif exhibit.demo:
        doc.add_paragraph(t("来源：") + t("演示数据（按公开数字校准的模拟数据）"), style="Source Line")
    if exhibit.notes:
        doc.add_paragraph(t("注：") + sep.join(exhibit.notes), style="Source Line")


def _alt_text(paragraph, title: str, alt: str) -> None:
    """The picture's alt text (Word: 编辑替代文字), what a screen reader says for the chart."""
    for doc_pr in paragraph._p.iter(qn("wp:docPr")):
        doc_pr.set("title", title)
        doc_pr.set("descr", alt)


def _properties(doc, title: str) -> None:
    """File properties that say what the file is and who made it (python-docx would sign it "python-docx")."""
    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = t(render.AUTHOR)
    props.language = render.DOC_LANG[i18n.lang()]
    props.comments = ""
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)


def _section(label: str) -> str:
    """The page a chart comes from: the part of its menu label before '：' (省份详情：各县地图 → 省份详情)."""
    return re.split(r"[：:]", label, maxsplit=1)[0] if re.search(r"[：:]", label) else t("总览")


# --- the document --------------------------------------------------------------------------------------------------

def document(exhibits: list, provinces: list[str] | None = None, progress: Progress | None = None,
             scale: float = render.PRINT_SCALE) -> bytes:
    """The .docx of these exhibits, as bytes."""
    from shegong import catalog

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    _style_fonts(doc)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.style = "Source Line"
    footer.add_run(t("社工站数据看板") + " · ")
    _field(footer, "PAGE", "1")

    names = {c: short_name(c) for c in vocab.provinces()}
    chosen = provinces or list(vocab.provinces())
    _properties(doc, t("乡镇（街道）社工站数据报告"))
    doc.add_paragraph(t("乡镇（街道）社工站数据报告"), style="Title")
    doc.add_paragraph(t("{places}　生成日期：{date}", places=i18n.join(i18n.short_place(c, names[c]) for c in chosen),
                        date=_today()))
    intro = t("本报告由社工站数据看板生成，共{f}幅图、{tb}个表。每幅图下注明来源与注释，并列出图中数字；"
              "“≥”表示原文为“余/超过/多”，为下限值；“约”表示约数。",
              f=sum(e.figure is not None for e in exhibits), tb=sum(e.figure is None for e in exhibits))
    doc.add_paragraph(intro)
    if any(e.demo for e in exhibits):
        doc.add_paragraph(t("标有“演示数据”的图表使用按公开数字校准的模拟数据，用于展示看板功能，不是真实统计，不可引用。"),
                          style="Source Line")
    _briefs(doc, chosen)

    figure_no = table_no = 0
    used: dict[str, list[str]] = {}  # source line → the captions that use it
    current = None
    for i, exhibit in enumerate(exhibits, 1):
        label = t(catalog.CATALOG[exhibit.id].label) if exhibit.id in catalog.CATALOG else exhibit.id
        if progress:
            progress(i - 1, len(exhibits), label)
        if _section(label) != current:
            current = _section(label)
            doc.add_heading(current, level=1)
        title = _plain(exhibit.title)
        if exhibit.demo and "演示" not in title and "demo" not in title.lower():
            title += t("（演示数据）")
        if exhibit.figure is not None:
            figure_no += 1
            png = render.render(exhibit.figure, "png", scale)
            doc.add_picture(io.BytesIO(png), width=IMAGE_WIDTH)
            pic = doc.paragraphs[-1]
            _alt_text(pic, title, exhibit.alt)
            pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pic.paragraph_format.keep_with_next = True
            _caption(doc, t("图"), figure_no, title)
            ref = t("图{n}", n=figure_no)
            _source_block(doc, exhibit)
            if len(exhibit.displayed):
                doc.add_paragraph(t("{ref}的数据", ref=ref), style="Source Line").runs[0].bold = True
                _table(doc, exhibit.displayed)
        else:
            table_no += 1
            _caption(doc, t("表"), table_no, title).paragraph_format.keep_with_next = True
            ref = t("表{n}", n=table_no)
            _table(doc, exhibit.displayed)
            _source_block(doc, exhibit)
        for s in exhibit.sources:
            used.setdefault(s, []).append(ref)
        doc.add_paragraph()

    doc.add_heading(t("资料来源"), level=1)
    if not used:
        doc.add_paragraph(t("本报告的图表均为演示数据，没有公开来源。"))
    for n, (source, refs) in enumerate(used.items(), 1):
        doc.add_paragraph(f"[{n}] {source}" + t("（见{refs}）", refs=i18n.join(refs)), style="Source Line")
    if progress:
        progress(len(exhibits), len(exhibits), t("完成"))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _briefs(doc, provinces: list[str]) -> None:
    """本期要点 of the nation and the chosen provinces: the pack's first section (issue 23)."""
    from shegong.catalog import brief
    from shegong.vocab import NATION

    brief_out.add_section(doc, [brief.brief(c) for c in (NATION, *provinces)])


def brief_document(one) -> bytes:
    """The one-page 简报 of one region as .docx: the pack's page set-up and fonts, title, statements, sources."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    _style_fonts(doc)
    _properties(doc, one.title)
    doc.styles["Normal"].paragraph_format.space_after = Pt(3)
    doc.add_paragraph(one.title, style="Title")
    doc.add_paragraph(t("数据截至{date}　生成日期：{made}", date=fmt_date_text(one.as_of), made=_today()),
                      style="Source Line")
    for s in one.statements:
        p = doc.add_paragraph(style="List Number")
        p.add_run(s.text)
        if s.refs:
            p.add_run(" " + s.cite()).font.color.rgb = RGBColor(0xB7, 0x1C, 0x1C)
    doc.add_heading(t("参考来源"), level=2)
    for r in one.references:
        doc.add_paragraph(r.line(), style="Source Line")
    doc.add_paragraph(brief_out.note(), style="Source Line")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def fmt_date_text(as_of: str) -> str:
    from shegong import fmt

    return fmt.date(as_of)


def _today() -> str:
    d = dt.date.today()
    return fmt_date(d)


def fmt_date(d: dt.date) -> str:
    from shegong import fmt

    return fmt.date(d.isoformat())


def make(chart_ids: list[str] | None = None, provinces: list[str] | None = None, lang: str | None = None,
         progress: Progress | None = None, scale: float = render.PRINT_SCALE) -> bytes:
    """The report pack as bytes (what the 报告 page offers for download)."""
    if lang:
        i18n.set_language(lang)
    exhibits = build_exhibits(plan(chart_ids, provinces))
    return document(exhibits, provinces, progress, scale)


i18n.add({
    "未知省份代码：{codes}；可选：{known}": "Unknown province code: {codes}; one of {known}",
    "表中列出最近{n}行，共{total}行；完整数据请在看板中下载 CSV/XLSX。":
        "The latest {n} of {total} rows; download CSV/XLSX from the dashboard for all of them.",
    "表中列出前{n}行，共{total}行；完整数据请在看板中下载 CSV/XLSX。":
        "The first {n} of {total} rows; download CSV/XLSX from the dashboard for all of them.",
    "演示数据（按公开数字校准的模拟数据）": "demo data (simulated, calibrated to published figures)",
    "社工站数据看板": "Shegong Dashboard",
    "乡镇（街道）社工站数据报告": "Township social work stations: data report",
    "{places}　生成日期：{date}": "{places}. Made on {date}",
    "本报告由社工站数据看板生成，共{f}幅图、{tb}个表。每幅图下注明来源与注释，并列出图中数字；"
    "“≥”表示原文为“余/超过/多”，为下限值；“约”表示约数。":
        "Made by the Shegong Dashboard: {f} figures and {tb} tables. Under each figure are its sources, notes and "
        "the numbers it shows; ≥ means the source said 余/超过/多 (a lower bound), ≈ means approximately.",
    "标有“演示数据”的图表使用按公开数字校准的模拟数据，用于展示看板功能，不是真实统计，不可引用。":
        "Charts marked DEMO DATA use simulated data calibrated to published figures, to show what the dashboard "
        "does; they are not real statistics and must not be quoted.",
    "（演示数据）": " (demo data)", "图": "Figure", "表": "Table", "图{n}": "Figure {n}", "表{n}": "Table {n}",
    "{ref}的数据": "Data of {ref}", "资料来源": "Sources",
    "本报告的图表均为演示数据，没有公开来源。": "Every chart of this report is demo data, with no published source.",
    "（见{refs}）": " ({refs})", "完成": "Done", "所选图表暂无可显示的数据": "the charts chosen have nothing to show",
})
