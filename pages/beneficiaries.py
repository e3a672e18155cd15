"""服务对象: who the stations served and how — people served and sessions by recipient category, service type and
month; yearly totals with the year-on-year change; category × service type; published figures as cited context
(demo data until real records are imported)."""
import streamlit as st

from shegong import catalog, i18n
from shegong.catalog import services
from shegong.catalog.common import demo_note
from shegong.escape import md, md_link
from shegong.i18n import t
from shegong.ui import urlstate
from shegong.ui.app import page_setup, show

page_setup()

i18n.add({
    "社工站服务了谁、提供了什么服务：按服务对象类别、服务类型和月份。“人次”为一人多次服务计多人次；"
    "公开报道的数字单列并注明来源，口径不同（人数、户数），不与服务记录相加。":
        "Whom the stations served and how: by recipient category, service type and month. In “person-times” a "
        "person served several times counts several times; published figures stand apart with their sources: they "
        "count differently (persons, households) and are never added to the service records.",
    "**{note}**。图表中的服务记录均为演示数据；公开报道的数字在右侧单列，与演示数据从不相加。":
        "**{note}**. The service records in the charts are all demo data; published figures stand apart on the "
        "right and are never added to them.",
    "分组": "Breakdown", "{place}尚无服务记录。": "No service records for {place} yet.",
    "**公开报道的数字**（口径与服务记录不同，不相加）":
        "**Published figures** (counted differently from the service records, never added to them)",
    "{place}及其市县暂无公开报道的服务对象或服务家庭数字。":
        "No published figure of people or households served yet for {place} or its prefectures and counties.",
})

st.title(t("服务对象"))
st.caption(t("社工站服务了谁、提供了什么服务：按服务对象类别、服务类型和月份。“人次”为一人多次服务计多人次；"
             "公开报道的数字单列并注明来源，口径不同（人数、户数），不与服务记录相加。"))

records = services.records_state()
if records == "demo":
    st.warning(t("**{note}**。图表中的服务记录均为演示数据；公开报道的数字在右侧单列，与演示数据从不相加。",
                 note=demo_note()))

names = catalog.province_names()
a, b, c = st.columns(3)
# without service records the page has only published figures: it opens on a province that has one
opening = next((c for c in names if services.cited(c)), None) if records == "none" else None
province = urlstate.select(i18n.pick(*services.PROVINCE_LABEL), names, key="province", container=a, default=opening)
by = urlstate.select(t("分组"), {k: t(v) for k, v in services.BREAKDOWNS.items()}, key="by", default="category",
                     container=b)
measure = urlstate.select(t("指标"), {k: t(v) for k, v in services.MEASURES.items()}, key="measure",
                          default="people_served", container=c)
place = names[province]

kpis = services.kpis(province)
left, right = st.columns([3, 2])
with left:
    if not kpis:
        st.info(t("{place}尚无服务记录。", place=place))
    for heading, cards in kpis:
        st.caption(heading)
        for col, card in zip(st.columns(len(cards)), cards):
            col.metric(card.label, card.value, delta=card.delta, help=card.help)
with right, st.container(border=True):
    st.markdown(t("**公开报道的数字**（口径与服务记录不同，不相加）"))
    cited = services.cited(province)
    if not cited:
        st.caption(t("{place}及其市县暂无公开报道的服务对象或服务家庭数字。", place=place))
    for item in cited:
        st.metric(md(item.label), item.value, help=md(t("来源：{source}", source=item.source)))
        st.caption(f"{md(t('截至{date}', date=item.as_of))} · {md_link(item.short_source, item.url)} · "
                   f"{md(item.remark)}")

if kpis:
    show(catalog.build("services.monthly", province=province, by=by, measure=measure), key="monthly")
    show(catalog.build("services.yearly", province=province, measure=measure), key="yearly")
    show(catalog.build("services.matrix", province=province, measure=measure), key="matrix")

if records != "none":
    show(catalog.build("services.comparison", measure=measure), key="comparison")

st.header(t(services.MENU_TITLE))
show(catalog.build("services.menu", measure=measure), key="menu")
st.caption(t(services.MENU_NOTE))
