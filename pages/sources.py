"""数据来源: every published figure with its source, date, qualifier and note."""
import streamlit as st

from shegong import catalog
from shegong.i18n import t
from shegong.ui import urlstate
from shegong.ui.app import page_setup, show

page_setup()

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

st.header(t("政策目标"))
show(catalog.build("sources.targets", region=region), key="targets", column_config={t("链接"): link})

revisions = catalog.build("sources.revisions", region=region, indicator=indicator)
if revisions is not None and len(revisions.displayed):  # corrected or withdrawn figures keep their earlier values
    st.header(t("修订记录"))
    show(revisions, key="revisions", column_config={t("链接"): link})
