"""数据来源: every published figure with its source, date, qualifier and note."""
import streamlit as st

from shegong import display, urlstate
from shegong.app import page_setup
from shegong.queries import run

page_setup()

st.title("数据来源")
st.caption("所有数字均摘自公开报道，逐条注明来源。同一地区、指标、月份有多条时，图表采用有链接且为确数的一条，其余仍列于此。")

options = run("figure_filters")
regions = {"": "全部地区", **dict(zip(options.region_code, options.region_name + "（" + options.region_code + "）"))}
indicators = {"": "全部指标", **dict(zip(options.indicator, options.label_zh))}
left, right = st.columns(2)
region = urlstate.select("地区", regions, key="region", container=left)
indicator = urlstate.select("指标", indicators, key="indicator", container=right)

figures = run("figures_with_sources", region=region, indicator=indicator)
st.write(f"共 {len(figures)} 条数字，来自 {figures.source_id.nunique()} 个来源。")
link = st.column_config.LinkColumn("链接", display_text="打开")
st.dataframe(display.sources_table(figures), hide_index=True, column_config={"链接": link})

st.subheader("政策目标")
targets = run("targets_with_sources", region=region)
st.dataframe(display.targets_table(targets), hide_index=True, column_config={"链接": link})
