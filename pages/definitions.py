"""指标解释: what each word and indicator of the dashboard means (every chart's caption links here)."""
import streamlit as st

from shegong import i18n
from shegong.catalog import definitions
from shegong.i18n import t
from shegong.ui.app import page_setup

page_setup()

i18n.add({
    "看板中的词语和指标是什么意思：什么算一个社工站、驻站社工与持证社工、服务对象与人次、当年与累计、覆盖率及其分母。":
        "What the dashboard's words and indicators mean: what counts as a station, social workers at stations vs "
        "certified ones, people served vs person-times, annual vs cumulative, coverage and its denominator.",
    "全部指标": "All indicators",
    "指标名称、单位与代码来自 data/indicators.csv；代码用于网址和数据文件。":
        "Names, units and codes from data/indicators.csv; the code is what URLs and data files use.",
})

st.title(t("指标解释"))
st.caption(t("看板中的词语和指标是什么意思：什么算一个社工站、驻站社工与持证社工、服务对象与人次、当年与累计、覆盖率及其分母。"))
for term, meaning in definitions.terms():
    st.markdown(f"**{term}**{': ' if i18n.en() else '：'}{meaning}")

st.header(t("全部指标"))
st.caption(t("指标名称、单位与代码来自 data/indicators.csv；代码用于网址和数据文件。"))
st.dataframe(definitions.indicator_table(), hide_index=True, key="indicators")
