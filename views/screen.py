"""大屏: the wall display (1920×1080) — big KPIs, the map and ranked lists, no sidebar. Also at /?view=screen."""
import streamlit as st

from shegong import catalog
from shegong.catalog import overview
from shegong.i18n import t
from shegong.ui.app import figure, page_setup
from shegong.vocab import PROVINCES

page_setup()

st.html("""<style>
[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl], header, [data-testid=stToolbar] {display: none}
.block-container {padding: 2.2rem 2rem 0 2rem; max-width: 100%}
[data-testid=stMetricValue] {font-size: 2.3rem}
h1 {font-size: 2.2rem; padding: 0 0 0.4rem 0}
</style>""")

st.title(t("乡镇(街道)社工站建设情况：河南、河北、宁夏、北京"))
names = overview.region_names()
for col, code in zip(st.columns(len(PROVINCES)), PROVINCES):
    with col, st.container(border=True):
        cards = [c for c in overview.kpi_cards(code) if not c.missing][:2]
        st.markdown(f"### {names[code]}")
        if not cards:
            st.caption(t("暂无公开数据"))
        for c in cards:
            st.metric(c.label, c.value)
            st.caption(f"{t('截至{date}', date=c.as_of)} · {c.short_source}")

left, right = st.columns([3, 2])
with left:
    fig = catalog.build("overview.map", indicator="stations_built").figure.to_dict()  # a copy: exhibits are shared
    fig["layout"]["height"] = 560
    figure(fig, key="map")
with right:
    ranking, demo = overview.build_up()
    st.markdown("#### " + t("建站进度排名（演示数据）" if demo else "建站进度排名"))
    st.dataframe(ranking, hide_index=True, column_config={
        t("覆盖率"): st.column_config.ProgressColumn(t("覆盖率"), format="%.1f%%", min_value=0, max_value=100)})
    st.caption(catalog.common.demo_note() if demo else "")
    st.markdown("#### " + t("最新公开数字"))
    for line in overview.newest_lines(6):
        st.markdown(line)
