"""资金投入: money for stations and social work service projects by year, programme and source; funding per
station; the four provinces' annual totals; published funding figures beside the records (demo data until real
records are imported)."""
import streamlit as st

from shegong import PROVINCES, urlstate
from shegong.app import page_setup
from shegong.charts import base, funding
from shegong.queries import run

page_setup()

REGIONS = ",".join(PROVINCES)

st.title("资金投入")
st.caption("社工站建设、“三区计划”和灾后社会工作服务项目的资金：按年份、项目和来源；每站资金；四省区比较。"
           "公开报道的资金数字以带黑边的点标出并注明来源；“≥”为下限（原文“余/超过/多”）。")

trend = run("funding_trend", regions=REGIONS)
if trend.empty:
    st.info("尚无资金记录，下面只列出公开报道的资金数字。")
elif trend["is_demo"].any():
    st.warning(f"**{base.DEMO_NOTE}**。图表和表格中标为“演示数据”的部分均来自演示数据；"
               "公开报道的数字单独标出，与演示数据从不相加。")

names = run("region_names", regions=REGIONS).set_index("code")["name"].to_dict()
published = run("funding_published", regions=REGIONS)
left, right = st.columns(2)
province = urlstate.select("省份", {c: names[c] for c in PROVINCES}, key="province", container=left)
view = urlstate.select("图表", funding.VIEWS, key="display", default="program", container=right)
place = names[province]

rows = run("funding_by_year", province=province)
if rows.empty and len(trend):
    st.info(f"{place}尚无资金记录。")
elif len(rows):
    for cards in funding.kpis(trend, province):
        for col, card in zip(st.columns(len(cards)), cards):
            col.metric(card.label, card.value, help=card.help)

if view == "trend" and len(trend):
    st.plotly_chart(funding.trend(trend, published), config=base.PLOTLY_CONFIG, key="trend")
elif view != "trend" and len(rows):
    st.plotly_chart(funding.by_year(rows, view, province, place, published), config=base.PLOTLY_CONFIG,
                    key="by_year")

exact = {"金额（元）": st.column_config.NumberColumn(format="localized")}
if view == "trend" and len(trend):
    st.subheader("四省区资金明细")
    st.caption("按年份和省份；“金额（元）”为精确数，可复制。")
    st.dataframe(funding.trend_table(trend, names), hide_index=True, height=300, column_config=exact)
elif view != "trend" and len(rows):
    st.subheader(f"{place}资金明细")
    st.caption("按年份、项目和来源；“金额（元）”为精确数，可复制。")
    st.dataframe(funding.funding_table(rows), hide_index=True, height=300, column_config=exact)

if trend["per_station_cny"].notna().any():
    st.plotly_chart(funding.per_station(trend), config=base.PLOTLY_CONFIG, key="per_station")
elif len(trend):
    st.info("尚无可计算每站资金的年份：站点登记中没有年末已建成的站点。")

st.subheader(f"{place}：公开报道的资金数字")
mine = funding.published_table(published, province)
if mine.empty:
    st.info(f"{place}及其市县暂无公开报道的资金数字。")
else:
    st.plotly_chart(funding.published_check(published, province, place), config=base.PLOTLY_CONFIG, key="check")
    st.dataframe(mine, hide_index=True, column_config={"链接": st.column_config.LinkColumn("链接")})
