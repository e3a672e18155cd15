"""省份详情: one province (?province=CODE) — its latest published figures, progress to its targets, its counties on a
map and ranked, its trends and its station list."""
import streamlit as st

from shegong import PROVINCES, display, urlstate
from shegong.app import page_setup
from shegong.charts import base
from shegong.charts import province as charts
from shegong.queries import run

page_setup()

names = run("region_names", regions=",".join(PROVINCES)).set_index("code")["name"].to_dict()
top = st.columns([1, 3])
province = urlstate.select("省份", {c: names[c] for c in PROVINCES}, key="province", default="410000",
                           container=top[0])
place = names[province]

st.title(f"{place}：乡镇(街道)社工站")
st.markdown("**最新公开数字**：" + charts.header_line(run("kpi_latest", regions=province), province))
st.caption("每个数字注明截至日期与来源；“≥”为下限（原文“余/超过/多”），“约”为约数。")

published = run("province_published", province=province)
registers = run("province_registers", province=province)
if registers["is_demo"].any():
    st.warning(f"**{base.DEMO_NOTE}**。下面的地图、排名和趋势线来自演示数据（图中标有“演示数据”）；"
               "公开报道的数字以带黑边的点标出并注明来源，两者从不相加。")

# --- 进度 -----------------------------------------------------------------------------------------------------------
st.header("目标进度")
boxes = {"good": st.success, "bad": st.warning, "neutral": st.info}
for i, item in enumerate(charts.progress(published, run("province_targets", province=province))):
    if item.goal is None:
        boxes[item.tone](item.text)
        continue
    boxes[item.tone](f"**{item.goal.heading}**\n\n{item.text}")
    if len(item.points) or item.goal.indicator == charts.COVERAGE:
        st.plotly_chart(charts.progress_chart(item, registers, place, province), config=base.PLOTLY_CONFIG,
                        key=f"progress_{i}")

# --- 各县 -----------------------------------------------------------------------------------------------------------
st.header("各县(市、区)")
if registers.empty:
    st.info(f"{place}尚无站点登记数据，无法按县展示。")
else:
    left, right = st.columns(2)
    measure = urlstate.select("指标", charts.MEASURES, key="measure", default="coverage", container=left)
    months = charts.month_options(registers)
    month = urlstate.select("月份", months, key="month", default=next(iter(months)), container=right)
    counties = charts.one_kind(run("province_counties", province=province, month=month))
    st.plotly_chart(charts.county_map(counties, measure, place, province), config=base.PLOTLY_CONFIG, key="map")
    gap = charts.ranking_gap(counties, measure, place)
    if gap:
        st.info(gap)
    else:
        st.plotly_chart(charts.county_ranking(counties, measure, place, province), config=base.PLOTLY_CONFIG,
                        key="ranking")

# --- 趋势 -----------------------------------------------------------------------------------------------------------
st.header("趋势")
funding = run("province_funding", province=province)
services = run("province_services", province=province)
row1, row2 = st.columns(2), st.columns(2)
if registers.empty:
    row1[0].info(f"{place}尚无站点登记数据。")
else:
    row1[0].plotly_chart(charts.register_trend(registers, published, "stations_built", "stations_built", place,
                                               province), config=base.PLOTLY_CONFIG, key="stations")
    row1[1].plotly_chart(charts.register_trend(registers, published, "social_workers", "social_workers_stationed",
                                               place, province), config=base.PLOTLY_CONFIG, key="workers")
if funding.empty:
    row2[0].info(f"{place}尚无资金记录。")
else:
    row2[0].plotly_chart(charts.funding_trend(funding, published, place, province), config=base.PLOTLY_CONFIG,
                         key="funding")
if services.empty:
    row2[1].info(f"{place}尚无服务记录。")
else:
    row2[1].plotly_chart(charts.services_trend(services, published, place, province), config=base.PLOTLY_CONFIG,
                         key="services")

# --- 站点名录 -------------------------------------------------------------------------------------------------------
stations = run("station_list", province=province)
with st.expander(f"{place}站点名录（{len(stations):,}个）"):
    if stations.empty:
        st.info(f"{place}尚无站点登记数据。")
    else:
        st.dataframe(display.station_table(stations), hide_index=True, height=420)
