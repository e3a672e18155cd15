"""数据来源: every published figure with its source, date, qualifier and note."""
import streamlit as st

from shegong import display, i18n, urlstate
from shegong.app import page_setup
from shegong.i18n import t
from shegong.queries import run

page_setup()

st.title(t("数据来源"))
st.caption(t("所有数字均摘自公开报道，逐条注明来源。同一地区、指标、月份有多条时，图表采用有链接且为确数的一条，其余仍列于此。"))

options = run("figure_filters")
regions = {"": t("全部地区"), **{c: f"{n} ({c})" for c, n in
                                 display.options(options.drop_duplicates("region_code"), "region_code", "region_name").items()}}
indicators = {"": t("全部指标"), **display.options(options.drop_duplicates("indicator"), "indicator", "label_zh", "label_en")}
left, right = st.columns(2)
region = urlstate.select(t("地区"), regions, key="region", container=left)
indicator = urlstate.select(t("指标"), indicators, key="indicator", container=right)

figures = run("figures_with_sources", region=region, indicator=indicator)
st.write(t("共 {n} 条数字，来自 {m} 个来源。", n=len(figures), m=figures.source_id.nunique()))
link = st.column_config.LinkColumn(t("链接"), display_text=t("打开"))
st.dataframe(display.sources_table(figures), hide_index=True, column_config={t("链接"): link})

st.subheader(t("政策目标"))
targets = run("targets_with_sources", region=region)
st.dataframe(display.targets_table(targets), hide_index=True, column_config={t("链接"): link})
