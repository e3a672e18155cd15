"""省际对比: one published indicator for the chosen provinces — as chart, map and table of the same selection."""
import streamlit as st

from shegong import catalog, i18n
from shegong.catalog import compare
from shegong.i18n import t
from shegong.ui import urlstate
from shegong.ui.app import page_setup, show
from shegong.vocab import provinces

page_setup()

st.title(t("省际对比"))
st.caption(t("公开报道中的数字，按各自所指日期画出；“≥”为下限，“约”为约数。"))

indicators = catalog.compare_indicators()
names = catalog.province_names()

top = st.columns([2, 3])
# the page opens on station progress, the leaders' question (else on the longest published series)
opening = "stations_built" if "stations_built" in indicators else compare.default_indicator()
indicator = urlstate.select(t("指标"), indicators, key="indicator", default=opening, container=top[0])
chosen = urlstate.multiselect(t("省份"), names, key="provinces", default=list(provinces()), container=top[1])
mid = st.columns([2, 2, 3])
measures = compare.measures(indicator)
measure = urlstate.select(t("口径"), measures, key="measure", default="absolute", container=mid[0])
first_year, last_year = compare.indicator_years(indicator)  # only the years this indicator has figures in
trend_word = t("趋势图") if compare.is_trend(indicator, chosen, first_year, last_year) else t("各省数字（按日期）")
view = urlstate.select(t("视图"), {"chart": trend_word, "map": t("地图"), "table": t("表格")}, key="display",
                       default="chart", container=mid[1])
start, end = urlstate.year_range(t("年份"), first_year, last_year, key="years", container=mid[2])
if first_year == last_year:
    mid[2].caption(t("年份") + f": {first_year}")

params = dict(indicator=indicator, provinces=",".join(chosen), measure=measure, from_year=str(start), to_year=str(end))
trend = catalog.build("compare.trend", **params)
if trend is None:
    label = indicators[indicator] + ("" if measure == "absolute" else f" · {measures[measure]}")
    st.info(t("所选省份在{start}年至{end}年间没有“{label}”的公开数字。", start=start, end=end, label=label))
elif view == "chart":
    show(trend, key="trend")
elif view == "map":
    show(catalog.build("compare.map", **params), key="map")
else:  # the points behind the trend, as a table
    link = st.column_config.LinkColumn(t("链接"), display_text=t("打开"))
    show(catalog.build("compare.table", **params), key="points", column_config={t("链接"): link})
if trend is not None:
    st.header(t("起止与变化"))
    change = catalog.build("compare.change", **params)
    show(change, key="change")
    if change.notes:
        st.caption(i18n.sep().join(change.notes))
