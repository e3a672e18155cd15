"""省际对比: one published indicator for the chosen provinces — as chart, map and table of the same selection."""
import streamlit as st

from shegong import PROVINCES, compare, display, i18n, urlstate
from shegong.app import page_setup
from shegong.charts import base, maps
from shegong.charts.compare import compare_trend
from shegong.i18n import t
from shegong.queries import run

page_setup()

st.title(t("省际对比"))
st.caption(t("公开报道中的数字，按各自所指日期画出；“≥”为下限，“约”为约数。"))

indicators = display.options(run("compare_indicators", regions=",".join(PROVINCES)), "indicator", "label_zh", "label_en")
names = display.options(run("region_names", regions=",".join(PROVINCES)), "code", "name")
years = run("compare_years").iloc[0]

top = st.columns([2, 3])
indicator = urlstate.select(t("指标"), indicators, key="indicator", default="stations_built", container=top[0])
chosen = urlstate.multiselect(t("省份"), names, key="provinces", default=list(PROVINCES), container=top[1])
mid = st.columns([2, 2, 3])
measures = compare.measures_for(indicator)
measure = urlstate.select(t("口径"), measures, key="measure", default="absolute", container=mid[0])
view = urlstate.select(t("视图"), {"chart": t("趋势图"), "map": t("地图"), "table": t("表格")}, key="display",
                       default="chart", container=mid[1])
start, end = urlstate.year_range(t("年份"), int(years.first_year), int(years.last_year), key="years", container=mid[2])

series = run("compare_series", regions=",".join(chosen), indicator=indicator, from_year=str(start), to_year=str(end))
measured, unit, notes = compare.apply_measure(series, measure, {c: names[c] for c in chosen})
label = indicators[indicator] + ("" if measure == "absolute" else f" · {measures[measure]}")

if measured.empty:
    st.info(t("所选省份在{start}年至{end}年间没有“{label}”的公开数字。", start=start, end=end, label=label))
elif view == "chart":
    st.plotly_chart(compare_trend(measured, label, unit, notes), config=base.PLOTLY_CONFIG, key="trend")
elif view == "map":
    outline = run("province_latest", indicator=indicator, regions=",".join(chosen))
    latest = compare.latest_for_map(outline, measured, unit, chosen, label)
    st.plotly_chart(maps.china_map(latest), config=base.PLOTLY_CONFIG, key="map")
else:
    st.dataframe(compare.points_table(measured, unit), hide_index=True,
                 column_config={t("链接"): st.column_config.LinkColumn(t("链接"), display_text=t("打开"))})
if not measured.empty:
    st.subheader(t("起止与变化"))
    st.dataframe(compare.change_table(measured, unit), hide_index=True)
    if notes:
        st.caption(i18n.sep().join(notes))
