"""站点与服务: station registers and monthly service records (demo data until real registers are imported)."""
import streamlit as st

from shegong import PROVINCES, display, fmt, urlstate
from shegong.charts import base, registers
from shegong.app import page_setup
from shegong.i18n import t
from shegong.queries import run

page_setup()

REGIONS = ",".join(PROVINCES)

st.title("站点与服务")
summary = run("record_summary", regions=REGIONS)
if summary.empty:
    st.info("尚无站点登记和服务记录。公开报道的数字见“总览”和“数据来源”。")
    st.stop()
if summary["is_demo"].any():
    st.warning(f"**{t(base.DEMO_NOTE)}**。图中虚线与表格中标为“演示数据”的行均来自演示数据；"
               "公开报道的数字以带黑边的点标出，并注明来源。两者从不相加。")

names = run("region_names", regions=REGIONS).set_index("code")["name"].to_dict()
published = run("indicator_series", regions=REGIONS, indicator="stations_built")
trend = run("stations_trend", regions=REGIONS)
st.plotly_chart(registers.stations_trend(trend, published, names), config=base.PLOTLY_CONFIG, key="trend")

province = urlstate.select("省份", {c: names[c] for c in PROVINCES}, key="province")
mine = summary[summary.province_code == province]
if mine.empty:
    st.info(f"{names[province]}尚无站点登记数据。")
    st.stop()
for row in run("station_kpis", province=province).itertuples():
    tag = "（演示数据）" if row.is_demo else ""
    a, b, c = st.columns(3)
    a.metric(f"已建成社工站{tag}", fmt.number(row.stations_built, "个"), help=f"截至{fmt.month(row.month)}")
    b.metric(f"驻站社工{tag}", fmt.number(row.social_workers, "人"), help=f"截至{fmt.month(row.month)}")
    c.metric(f"近12个月服务人次{tag}", fmt.number(row.people_served_12m, "人次"),
             help=f"截至{fmt.month(row.last_service_month)}")
services = run("services_by_category", province=province)
if len(services):
    st.plotly_chart(registers.services_by_category(services, names[province]), config=base.PLOTLY_CONFIG,
                    key="services")

st.subheader(f"{names[province]}站点名录")
st.dataframe(display.station_table(run("station_list", province=province)), hide_index=True, height=420)
