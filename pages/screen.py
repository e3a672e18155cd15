"""大屏: the wall display (1920×1080) — big KPIs, the map and ranked lists, no sidebar. Also at /?view=screen.

It refreshes itself: the data part is a fragment that reruns every minute (queries are cached on the warehouse's
identity, so a rebuilt warehouse shows within a minute and an unchanged one costs nothing), and only that part is
redrawn — no page reload, no flash. Published figures and demo data never look alike: published ones carry a blue
公开数字 badge and their source, demo ones an orange 演示数据 badge, a dashed frame and italic numbers."""
import html

import pandas as pd
import streamlit as st

from shegong import i18n, vocab
from shegong.catalog import overview
from shegong.escape import md
from shegong.i18n import t
from shegong.ui.app import figure, page_setup
from shegong.vocab import provinces

REFRESH_SECONDS = 60  # at least every 5 minutes, as a wall display must; a minute shows a rebuild soon enough

def published_word() -> str:  # the badge words: the shared dictionary's 公开数字 / 演示数据 / 省份 read otherwise in English
    return i18n.pick("公开数字", "Published")


def demo_word() -> str:
    return i18n.pick("演示数据", "Demo data")


def province_word() -> str:
    return i18n.pick("省份", "Province")


i18n.add({
    "建站覆盖率排名（公开数字）": "Station coverage, ranked (published figures)",
    "各省登记簿达到全覆盖的月份（演示数据，不是真实统计）": "Month each register reached full coverage (demo data, not real statistics)",
    "达到全覆盖": "Full coverage", "依据": "Basis",
    "各省登记簿达到全覆盖的月份（登记数据）": "Month each register reached full coverage (register data)",
    "数据更新于{when}（北京时间）· 每分钟自动刷新": "Data of {when} (Beijing time) · refreshes every minute",
    "蓝色“公开数字”为公开报道中的数字并注明来源。": "Blue “Published” marks figures from public reports, each with its source.",
    "蓝色“公开数字”为公开报道中的数字并注明来源；橙色虚线框内为演示数据，两者从不相加。":
        "Blue “Published” marks figures from public reports, with their sources; the orange dashed frame holds demo "
        "data. The two are never added.",
})

page_setup()

st.html("""<style>
[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl], header, [data-testid=stToolbar] {display: none}
.block-container {padding: 2rem 2rem 0 2rem; max-width: 100%}
[data-testid=stMetricValue] {font-size: 2.1rem}
h1 {font-size: 2.1rem; line-height: 1.3; padding: 0 0 0.1rem 0}
h3 {padding: 0 0 0.3rem 0}
.demo-box {border: 2px dashed #c05600; border-radius: 0.5rem; padding: 0.3rem 0.8rem; background: #fff7ef}
.demo-box p {margin: 0 0 0.2rem 0}
.demo-box table {width: 100%; border-collapse: collapse; font-size: 1.05rem}
.demo-box th {text-align: left; color: #5a2d00; font-weight: 600; padding: 0.15rem 0.4rem}
.demo-box td {padding: 0.05rem 0.4rem; color: #5a2d00}
.demo-box td.num {font-style: italic; text-align: right}
.demo-badge {background: #c05600; color: #fff; border-radius: 0.3rem; padding: 0.05rem 0.45rem; font-weight: 600}
</style>""")

st.title(t("乡镇(街道)社工站建设情况：{places}", places=vocab.places_phrase()))
# the legend names the demo frame only where there is one (the public deployment has no demo records)
st.caption(t("蓝色“公开数字”为公开报道中的数字并注明来源；橙色虚线框内为演示数据，两者从不相加。")
           if overview.demo_build_up().get("is_demo", pd.Series(dtype=bool)).any() else t("蓝色“公开数字”为公开报道中的数字并注明来源。"))


def _demo_table(rows) -> str:
    """The demo registers as an HTML table inside the dashed demo frame (italic numbers, a badge in the heading)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in (province_word(), t("达到全覆盖"), t("已建成"), t("截至")))
    body = "".join(
        f"<tr><td>{html.escape(r.name)}</td><td class=num>{html.escape(r.reached)}</td>"
        f"<td class=num>{html.escape(r.stations)}</td><td>{html.escape(r.month)}</td></tr>" for r in rows.itertuples())
    title = html.escape(t("各省登记簿达到全覆盖的月份（演示数据，不是真实统计）"))
    return (f"<div class=demo-box><p><span class=demo-badge>{html.escape(demo_word())}</span> {title}</p>"
            f"<table><tr>{head}</tr>{body}</table></div>")


@st.fragment(run_every=REFRESH_SECONDS)
def wall() -> None:
    names = overview.region_names()
    for col, code in zip(st.columns(len(provinces())), provinces()):
        with col, st.container(border=True):
            cards, missing = overview.province_cards(code)
            st.markdown(f"## {md(names[code])}")
            for c in cards[:2]:
                st.metric(md(c.label), c.value)
                st.markdown(f":blue-badge[{published_word()}] {md(t('截至{date}', date=c.as_of))} · "
                            f"{md(c.short_source)}")
            if not cards:
                st.caption(t("暂无公开数据"))

    left, right = st.columns([3, 2])
    with left:
        fig = overview.map_figure("stations_built", height=520)
        figure(fig, key="map")
    with right:
        st.markdown(f"### {t('建站覆盖率排名（公开数字）')} :blue-badge[{published_word()}]")
        ranked = overview.published_coverage()
        st.dataframe(
            {province_word(): list(ranked["name"]), t("覆盖率"): list(ranked["pct"]), t("依据"): list(ranked["basis"]),
             t("截至"): list(ranked["as_of"]), t("来源"): list(ranked["source"])},
            hide_index=True, key="ranking",
            column_config={t("覆盖率"): st.column_config.ProgressColumn(t("覆盖率"), format="%.1f%%", min_value=0,
                                                                        max_value=100)})
        built = overview.demo_build_up()
        demo = built[built["is_demo"]] if len(built) else built
        if len(demo):  # demo registers apart, in their dashed frame; imported (real) registers as plain data
            st.html(_demo_table(demo))
        real = built[~built["is_demo"]] if len(built) else built
        if len(real):
            st.markdown(f"### {t('各省登记簿达到全覆盖的月份（登记数据）')}")
            st.dataframe({province_word(): list(real["name"]), t("达到全覆盖"): list(real["reached"]),
                          t("已建成"): list(real["stations"]), t("截至"): list(real["month"])}, hide_index=True,
                         key="registers")
        st.markdown(f"### {t('最新公开数字')} :blue-badge[{published_word()}]")
        for line in overview.newest_lines(2):
            st.markdown(line)
    st.caption(t("数据更新于{when}（北京时间）· 每分钟自动刷新", when=overview.warehouse_version()))


wall()
