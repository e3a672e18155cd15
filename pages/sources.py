"""数据来源: every published figure with its source, date, qualifier and note."""
import streamlit as st

from shegong import catalog, i18n
from shegong.i18n import t
from shegong.outputs import allfigures
from shegong.ui import urlstate
from shegong.ui.app import page_setup, show

page_setup()

i18n.add({
    "下载全部公开数字": "Download all published figures",
    "全部公开数字及其来源（每条一行），附数据字典（各列与各指标的含义）。文件名固定，链接可长期使用。":
        "Every published figure with its source (one a row), with a data dictionary (what each column and indicator "
        "means). The file names stay the same, so links to them keep working.",
    "全部公开数字（CSV）": "All published figures (CSV)", "数据字典（CSV）": "Data dictionary (CSV)",
    "全部公开数字与数据字典（XLSX）": "All published figures and the dictionary (XLSX)",
})

st.title(t("数据来源"))
st.caption(t("所有数字均摘自公开报道，逐条注明来源。同一地区、指标、月份有多条时，图表采用有链接且为确数的一条，其余仍列于此。"))

filters = catalog.options("sources.figures")
left, right = st.columns(2)
region = urlstate.select(t("地区"), filters["region"], key="region", container=left)
indicator = urlstate.select(t("指标"), filters["indicator"], key="indicator", container=right)

figures = catalog.build("sources.figures", region=region, indicator=indicator)
st.write(t("共 {n} 条数字，来自 {m} 个来源。", n=len(figures.full), m=figures.full.source_id.nunique()))
link = st.column_config.LinkColumn(t("链接"), display_text=t("打开"))
show(figures, key="figures", column_config={t("链接"): link})

# one download of every published figure with its source, and what each column and indicator means
st.header(t("下载全部公开数字"))
st.caption(t("全部公开数字及其来源（每条一行），附数据字典（各列与各指标的含义）。文件名固定，链接可长期使用。"))
a, b, c = st.columns(3)
a.download_button(t("全部公开数字（CSV）"), data=allfigures.figures_csv, file_name=f"{allfigures.FILE_STEM}.csv",
                  mime="text/csv", on_click="ignore", key="all_csv", icon=":material/download:")
b.download_button(t("数据字典（CSV）"), data=allfigures.dictionary_csv,
                  file_name=f"{allfigures.DICTIONARY_STEM}.csv", mime="text/csv", on_click="ignore", key="dict_csv",
                  icon=":material/download:")
c.download_button(t("全部公开数字与数据字典（XLSX）"), data=allfigures.figures_xlsx,
                  file_name=f"{allfigures.FILE_STEM}.xlsx", on_click="ignore", key="all_xlsx",
                  mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:")

st.header(t("政策目标"))
show(catalog.build("sources.targets", region=region), key="targets", column_config={t("链接"): link})

revisions = catalog.build("sources.revisions", region=region, indicator=indicator)
if revisions is not None and len(revisions.displayed):  # corrected or withdrawn figures keep their earlier values
    st.header(t("修订记录"))
    show(revisions, key="revisions", column_config={t("链接"): link})
