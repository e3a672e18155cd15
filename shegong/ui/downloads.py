"""The download row under every chart and table: images rendered on the server, data as CSV, XLSX or ZIP.

Nothing is made until the user clicks: st.download_button runs its `data` callable on click (Streamlit ≥ 1.52),
in a thread of its own, so a page rerun never renders an image. That thread has no page context, so the callable
brings the language along. Exports only read, so the public deployment keeps them; render.RENDERER bounds how
many images are rendered at once.
"""
from __future__ import annotations

import hashlib

import streamlit as st

from shegong import i18n, outputs
from shegong.charts import base
from shegong.i18n import t

# (format, full, label, help)
CHOICES = (
    ("png", False, "PNG 图片（打印质量）", "2400 像素宽，含标题、单位、来源与注释"),
    ("svg", False, "SVG 矢量图", "可无损缩放；打开时需要中文字体"),
    ("pdf", False, "PDF", "矢量，嵌入中文字体"),
    ("csv", False, "CSV（图中数据）", "UTF-8，Excel 可直接打开"),
    ("xlsx", False, "Excel（图中数据）", "含“说明”工作表：标题、来源、注释、日期"),
    ("zip", True, "ZIP（完整数据与说明）", "完整序列的 CSV 与 Excel，以及说明文件（来源、限定词、日期、各列含义）"),
)


def plotly_config(exhibit) -> dict:
    """st.plotly_chart's config: the offline map settings, and a camera button that saves a named 2× PNG."""
    return {**base.PLOTLY_CONFIG,
            "toImageButtonOptions": {"format": "png", "filename": exhibit.file_stem, "scale": 2}}


def _maker(exhibit, fmt: str, full: bool, lang: str):
    def make() -> bytes:
        i18n.set_language(lang)  # runs in Streamlit's worker thread, outside the page's context
        return outputs.export(exhibit, fmt, full=full)
    return make


def buttons(exhibit, key: str | None = None, container=None) -> None:
    """A compact "下载 Download" popover for one exhibit (nothing when the exhibit is None).

    `key` must be unique on the page when one chart id is drawn twice; `container` is where it goes (st).
    """
    if exhibit is None:
        return
    key = key or "dl-" + exhibit.id + "-" + hashlib.sha1(repr(sorted(exhibit.params.items())).encode()).hexdigest()[:8]
    lang = i18n.lang()
    with (container or st).popover(t("下载"), icon=":material/download:"):
        st.caption(t("图片在服务器上生成，含标题、来源与注释；数据文件中以 = + - @ 开头的文本不会被当作公式。"))
        for fmt, full, label, help_text in CHOICES:
            st.download_button(t(label), data=_maker(exhibit, fmt, full, lang),
                               file_name=outputs.file_name(exhibit, fmt, full), mime=outputs.MIME[fmt],
                               help=t(help_text), on_click="ignore", key=f"{key}-{fmt}", width="stretch")


def cite_box(exhibit, container=None) -> None:
    """引用本图: the citation (catalog.cite, the same words as the snapshot's) and the share link of this view, each
    in a code box with a copy button (st.code shows its text literally: nothing from data becomes markup)."""
    from shegong.catalog.cite import cite
    from shegong.ui import urlstate

    link = urlstate.share_url()
    label = t("引用本图") if exhibit.figure is not None else t("引用本表")
    with (container or st).popover(label, icon=":material/format_quote:"):
        st.caption(t("复制下面的文字即可引用："))
        st.code(cite(exhibit, link), language=None, wrap_lines=True)
        if link:
            st.caption(t("分享链接（含当前筛选）"))
            st.code(link, language=None, wrap_lines=True)


i18n.add({
    "下载": "Download",
    "图片在服务器上生成，含标题、来源与注释；数据文件中以 = + - @ 开头的文本不会被当作公式。":
        "Images are rendered on the server with title, sources and notes; text starting with = + - @ in the data "
        "files is never taken for a formula.",
    "PNG 图片（打印质量）": "PNG image (print quality)", "2400 像素宽，含标题、单位、来源与注释":
        "2400 px wide, with title, unit, sources and notes",
    "SVG 矢量图": "SVG (vector)", "可无损缩放；打开时需要中文字体": "scales without loss; needs a Chinese font to view",
    "矢量，嵌入中文字体": "vector, Chinese font embedded",
    "CSV（图中数据）": "CSV (data shown)", "UTF-8，Excel 可直接打开": "UTF-8; opens in Excel as is",
    "Excel（图中数据）": "Excel (data shown)", "含“说明”工作表：标题、来源、注释、日期":
        "with a Notes sheet: title, sources, notes, dates",
    "ZIP（完整数据与说明）": "ZIP (whole series and readme)",
    "完整序列的 CSV 与 Excel，以及说明文件（来源、限定词、日期、各列含义）":
        "the whole series as CSV and Excel, and a readme (sources, qualifiers, dates, what each column means)",
})
