"""资金投入: money for stations and social work service projects by year, programme and source; funding per
station; the compared provinces' annual totals; published funding figures beside the records (demo data until real
records are imported)."""
import streamlit as st

from shegong import catalog, i18n, vocab
from shegong.catalog import funding
from shegong.catalog.common import demo_note
from shegong.i18n import t
from shegong.ui import urlstate
from shegong.ui.app import page_setup, show

page_setup()

i18n.add({
    "社工站建设、“三区计划”和灾后社会工作服务项目的资金：按年份、项目和来源；每站资金；{places}比较。"
    "公开报道的资金数字以带黑边的点标出并注明来源；“≥”为下限（原文“余/超过/多”）。":
        "Money for stations, the “Three Regions Plan” and post-disaster social work services: by year, programme "
        "and source; funding per station; {places} compared. Published funding figures are points with a "
        "black edge, each with its source; “≥” marks a lower bound (“more than” in the source).",
    "尚无资金记录，下面只列出公开报道的资金数字。":
        "No funding records yet: below are only the published funding figures.",
    "**{note}**。图表和表格中标为“演示数据”的部分均来自演示数据；公开报道的数字单独标出，与演示数据从不相加。":
        "**{note}**. Whatever the charts and tables mark as demo data comes from demo data; published figures are "
        "marked apart and never added to it.",
    "图表": "Chart", "{place}尚无资金记录。": "No funding records for {place} yet.",
    "{places}资金明细": "Funding of {places} by year",
    "按年份和省份；“金额（元）”为精确数，可复制。": "By year and province; “Amount (yuan)” is exact, for copying.",
    "{place}资金明细": "Funding details: {place}",
    "按年份、项目和来源；“金额（元）”为精确数，可复制。":
        "By year, programme and source; “Amount (yuan)” is exact, for copying.",
    "尚无可计算每站资金的年份：站点登记中没有年末已建成的站点。":
        "No year with funding per station yet: the registers have no station built by a year's end.",
    "{place}：公开报道的资金数字": "{place}: published funding figures",
    "{place}及其市县暂无公开报道的资金数字。":
        "No published funding figure yet for {place} or its prefectures and counties.",
})

st.title(t("资金投入"))
st.caption(t("社工站建设、“三区计划”和灾后社会工作服务项目的资金：按年份、项目和来源；每站资金；{places}比较。"
             "公开报道的资金数字以带黑边的点标出并注明来源；“≥”为下限（原文“余/超过/多”）。",
             places=vocab.places_phrase()))

records = funding.records_state()
if records == "none":
    st.info(t("尚无资金记录，下面只列出公开报道的资金数字。"))
elif records == "demo":
    st.warning(t("**{note}**。图表和表格中标为“演示数据”的部分均来自演示数据；公开报道的数字单独标出，与演示数据从不相加。",
                 note=demo_note()))

names = catalog.province_names()
left, right = st.columns(2)
province = urlstate.select(i18n.pick(*funding.PROVINCE_LABEL), names, key="province", container=left)
# without funding records the chart selector would change nothing (only published figures are shown): no selector
view = urlstate.select(t("图表"), {k: t(v) for k, v in funding.VIEWS.items()}, key="display", default="program",
                       container=right) if records != "none" else "program"
place = names[province]

if records != "none" and not funding.has_records(province):
    st.info(t("{place}尚无资金记录。", place=place))
elif records != "none":
    for cards in funding.kpis(province):
        for col, card in zip(st.columns(len(cards)), cards):
            col.metric(card.label, card.value, help=card.help)

chart = (catalog.build("funding.trend") if view == "trend"
         else catalog.build("funding.by_year", province=province, view=view))
exact = {t("金额（元）"): st.column_config.NumberColumn(format="localized")}
if chart is not None:
    show(chart, key=view)
    st.header(t("{places}资金明细", places=vocab.places_phrase()) if view == "trend"
              else t("{place}资金明细", place=place))
    st.caption(t("按年份和省份；“金额（元）”为精确数，可复制。") if view == "trend"
               else t("按年份、项目和来源；“金额（元）”为精确数，可复制。"))
    st.dataframe(chart.displayed, hide_index=True, height=300, column_config=exact)

per_station = catalog.build("funding.per_station")
if per_station is not None:
    show(per_station, key="per_station")
elif records != "none":
    st.info(t("尚无可计算每站资金的年份：站点登记中没有年末已建成的站点。"))

st.header(t("{place}：公开报道的资金数字", place=place))
check = catalog.build("funding.published", province=province)
if check is None:
    st.info(t("{place}及其市县暂无公开报道的资金数字。", place=place))
else:
    show(check, key="check")
    st.dataframe(check.displayed, hide_index=True, column_config={t("链接"): st.column_config.LinkColumn(t("链接"))})
