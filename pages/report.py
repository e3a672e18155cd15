"""报告: a Word report pack of chosen charts and provinces, each chart with a numbered caption and its sources."""
import datetime

import streamlit as st

from shegong import catalog, i18n, outputs, vocab
from shegong.config import public
from shegong.i18n import t
from shegong.outputs import report
from shegong.ui import urlstate
from shegong.ui.app import failed, page_setup

page_setup()

# one request renders at most this many images: the export renderer and the CPU are shared by everyone
MAX_EXHIBITS = 12 if public() else 40
DEFAULT_CHARTS = report.DEFAULT_CHARTS

i18n.add({
    "正在为其他用户生成报告，请稍后再试。": "A report is being made for another user; please try again in a moment.",
    "选择图表与省份，生成一个 Word 文件：每幅图附编号图题（图1…）、来源与注释，并列出图中数字；"
    "表格附表题；文末列出全部来源。":
        "Choose charts and provinces to get one Word file: each chart with a numbered caption (Figure 1 …), its "
        "sources and notes and the numbers it shows; tables with captions; all sources at the end.",
    "选择图表": "Charts", "省份": "Provinces",
    "按省份的图表每省一幅。": "Charts of one province are made once for each province chosen.",
    "将生成 {n} 个图表。": "The report will have {n} exhibits.",
    "一次最多 {m} 个图表，请减少图表或省份。": "At most {m} exhibits at a time; choose fewer charts or provinces.",
    "生成报告": "Make the report", "准备中…": "Preparing…", "{i}/{n}：{label}": "{i}/{n}: {label}",
    "所选图表暂无可显示的数据": "the charts chosen have nothing to show",
    "已生成：{n} 个图表，{kb} KB，用时 {s} 秒。": "Done: {n} exhibits, {kb} KB, {s} s.",
    "下载 Word 文件": "Download the Word file",
    "社工站数据报告": "shegong-report",
    "报告暂时无法生成，请稍后再试。": "The report cannot be made right now; please try again later.",
})

st.title(t("报告"))
st.caption(t("选择图表与省份，生成一个 Word 文件：每幅图附编号图题（图1…）、来源与注释，并列出图中数字；"
             "表格附表题；文末列出全部来源。"))

labels = {chart_id: t(catalog.CATALOG[chart_id].label) for chart_id in catalog.ids()}
names = catalog.province_names()
charts = st.multiselect(t("选择图表"), list(labels), default=[c for c in DEFAULT_CHARTS if c in labels],
                        format_func=labels.get, key="report_charts", placeholder=t(urlstate.CHOOSE_SOME))
provinces = st.multiselect(t("省份"), list(vocab.provinces()), default=list(vocab.provinces()),
                           format_func=lambda c: names.get(c, c), key="report_provinces",
                           placeholder=t(urlstate.CHOOSE_SOME), help=t("按省份的图表每省一幅。"))

planned = report.plan(charts, provinces) if charts and provinces else []
too_many = len(planned) > MAX_EXHIBITS
# the number the report will have: exhibits with nothing to show for a province are left out (built exhibits are
# cached, so counting them here costs nothing when the report is made)
st.caption(t("将生成 {n} 个图表。", n=len(report.build_exhibits(planned)) if not too_many else len(planned)))
if too_many:
    st.warning(t("一次最多 {m} 个图表，请减少图表或省份。", m=MAX_EXHIBITS))

choice = (tuple(charts), tuple(provinces), i18n.lang())
if st.button(t("生成报告"), type="primary", disabled=not planned or too_many, key="make"):
    if not report.ONE_AT_A_TIME.acquire(blocking=False):
        st.warning(t("正在为其他用户生成报告，请稍后再试。"))
        st.stop()
    try:
        bar = st.progress(0.0, text=t("准备中…"))
        started = datetime.datetime.now()
        exhibits = report.build_exhibits(planned)
        if not exhibits:
            st.warning(t("所选图表暂无可显示的数据"))
        else:
            try:
                data = report.document(exhibits, provinces, progress=lambda i, n, label: bar.progress(
                    i / n, text=t("{i}/{n}：{label}", i=min(i + 1, n), n=n, label=label)))
            except outputs.ExportError as e:
                bar.empty()
                failed(e, "报告暂时无法生成，请稍后再试。")
            else:
                seconds = (datetime.datetime.now() - started).total_seconds()
                st.session_state["report_docx"] = {"choice": choice, "data": data, "n": len(exhibits), "s": seconds}
    finally:
        report.ONE_AT_A_TIME.release()

made = st.session_state.get("report_docx")
if made and made["choice"] == choice:  # a file made for other choices is not offered as this one
    st.success(t("已生成：{n} 个图表，{kb} KB，用时 {s} 秒。", n=made["n"], kb=len(made["data"]) // 1024,
                 s=f"{made['s']:.0f}"))
    st.download_button(t("下载 Word 文件"), data=made["data"], mime=outputs.MIME["docx"], on_click="ignore",
                       file_name=f"{t('社工站数据报告')}_{datetime.date.today():%Y%m%d}.docx",
                       icon=":material/download:")
