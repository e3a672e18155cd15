"""省份详情: one province (?province=CODE) — its latest published figures, progress to its targets, its counties on a
map and ranked, its trends and its station list."""
import streamlit as st

from shegong import catalog, i18n
from shegong.catalog import province as details
from shegong.catalog.common import demo_note
from shegong.escape import md
from shegong.i18n import t
from shegong.ui import brief, urlstate
from shegong.ui.app import page_setup, show
from shegong.vocab import provinces

i18n.add({
    "{place}：乡镇(街道)社工站": "{place}: Township social work stations",
    "**最新公开数字**：{line}": "**Newest published figures**: {line}",
    "每个数字注明截至日期与来源；“≥”为下限（原文“余/超过/多”），“约”为约数。":
        "Each figure with its date and source; “≥” marks a lower bound (“more than” in the source), “≈” an "
        "approximate figure.",
    "**{note}**。下面的地图、排名和趋势线来自演示数据（图中标有“演示数据”）；公开报道的数字以带黑边的点标出并注明来源，两者从不相加。":
        "**{note}.** The map, ranking and trend lines below are demo data (marked “DEMO DATA” on the charts); "
        "figures from public reports are the dots with a black outline, with their sources, and the two are never "
        "added.",
    "目标进度": "Progress to targets", "各县(市、区)": "Counties", "趋势": "Trends", "月份": "Month",
    "{place}尚无站点登记数据，无法按县展示。": "No station register data for {place} yet: nothing to show by county.",
    "{place}尚无站点登记数据。": "No station register data for {place} yet.",
    "{place}尚无资金记录。": "No funding records for {place} yet.",  # as in pages/funding.py
    "{place}尚无服务记录。": "No service records for {place} yet.",  # as in pages/beneficiaries.py
})

page_setup()

names = catalog.province_names()
top = st.columns([1, 3])
# "省份" is "Provinces" (plural) in the shared dictionary, for the compare page's multiselect; here it is one
province = urlstate.select("Province" if i18n.en() else "省份", {c: names[c] for c in provinces()}, key="province",
                           default=provinces()[0], container=top[0])
place = names[province]

st.title(t("{place}：乡镇(街道)社工站", place=place))
st.markdown(t("**最新公开数字**：{line}", line=details.header_line(province)))
st.caption(t("每个数字注明截至日期与来源；“≥”为下限（原文“余/超过/多”），“约”为约数。"))
brief.panel([province], key="brief")

months = details.register_months(province)
if details.has_demo_registers(province):
    st.warning(t("**{note}**。下面的地图、排名和趋势线来自演示数据（图中标有“演示数据”）；"
                 "公开报道的数字以带黑边的点标出并注明来源，两者从不相加。", note=demo_note()))

# --- 进度 -----------------------------------------------------------------------------------------------------------
st.header(t("目标进度"))
boxes = {"good": st.success, "bad": st.warning, "neutral": st.info}
charted = 0  # the catalog numbers the progress charts of a province in this order
for item in details.progress(province):
    if item.goal is None:
        boxes[item.tone](md(item.text))
        continue
    boxes[item.tone](f"**{md(item.goal.heading)}**\n\n{md(item.text)}")
    if details.has_chart(item):
        show(catalog.build("province.progress", province=province, goal=str(charted)), key=f"progress_{charted}")
        charted += 1
register_coverage = catalog.build("province.register_coverage", province=province)
if register_coverage is not None:  # the registers' coverage apart from the targets (demo data never reads as progress)
    show(register_coverage, key="register_coverage")

# --- 各县 -----------------------------------------------------------------------------------------------------------
st.header(t("各县(市、区)"))
if not months:
    st.info(t("{place}尚无站点登记数据，无法按县展示。", place=place))
else:
    left, right = st.columns(2)
    measure = urlstate.select(t("指标"), details.county_measures(), key="measure", default="coverage",
                              container=left)
    opening, why = details.default_month(province)
    month = urlstate.select(t("月份"), months, key="month", default=opening, container=right)
    if why:
        st.caption(why)
    show(catalog.build("province.map", province=province, measure=measure, month=month), key="map")
    ranking = catalog.build("province.ranking", province=province, measure=measure, month=month)
    if ranking is None:
        st.info(details.ranking_gap(province, measure, month))
    else:
        show(ranking, key="ranking")

# --- 趋势 -----------------------------------------------------------------------------------------------------------
st.header(t("趋势"))
trends = {"stations": t("{place}尚无站点登记数据。", place=place),
          "workers": t("{place}尚无站点登记数据。", place=place),
          "funding": t("{place}尚无资金记录。", place=place), "services": t("{place}尚无服务记录。", place=place)}
for cell, (name, empty) in zip([*st.columns(2), *st.columns(2)], trends.items()):
    exhibit = catalog.build(f"province.{name}", province=province)
    if exhibit is None:
        cell.info(empty)
    else:
        with cell:
            show(exhibit, key=name)

# --- 站点名录 -------------------------------------------------------------------------------------------------------
stations = catalog.build("province.station_list", province=province)
# a toggle, not an expander: the list (~0.6 MB for Henan) is sent only to those who open it
if st.toggle(stations.title if stations else t("{place}站点名录（{n}个）", place=place, n=0), key="station_list"):
    if stations is None:
        st.info(t("{place}尚无站点登记数据。", place=place))
    else:
        show(stations, key="stations_table", height=420)
