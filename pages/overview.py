"""总览: where each compared province stands, on a map of China and side by side."""
import streamlit as st

from shegong import catalog, i18n, vocab
from shegong.catalog import overview
from shegong.escape import md, md_link
from shegong.i18n import t
from shegong.ui import brief, urlstate
from shegong.ui.app import page_setup, show
from shegong.vocab import NATION, provinces

page_setup()

st.title(t("乡镇(街道)社工站数据看板"))
st.caption(t("{places}：公开报道中的最新数字。每个数字注明截至日期与来源；“≥”为下限（原文“余/超过/多”），"
             "“约”为约数。", places=vocab.places_phrase()))

headline = overview.station_progress()
st.caption(t("数据截至{date}（建站进度中最新一条公开数字的日期；每个数字另注日期与距今时间）",
             date=overview.data_as_of(headline)))
# the headline: every province on one basis, with its date, age, source and target; the map beside it agrees
show(catalog.build("overview.progress"), key="progress")
brief.panel([NATION, *provinces()], key="brief")  # 本期要点: the same answer in sentences, each with its source
indicator = urlstate.select(t("地图与比较图的指标"), catalog.options("overview.map")["indicator"], key="indicator",
                            default=overview.PROGRESS)
show(catalog.build("overview.map", indicator=indicator), key="map")

names = overview.region_names()
national = [c for c in overview.kpi_cards(NATION) if not c.missing]
colon, stop, (lp, rp) = (": ", ".", "()") if i18n.en() else ("：", "。", "（）")  # full-width in Chinese
st.info(f"**{t('全国')}**{colon}" + i18n.sep().join(f"{md(c.label)} {md(c.value)}{' ' if i18n.en() else ''}{lp}"
                                                     f"{md(t('截至{date}', date=c.as_of))}{rp}" for c in national)
        + f"{stop}{' ' if i18n.en() else ''}**{t('目标')}**{colon}"
        + i18n.sep().join(md(x) for x in overview.target_lines(NATION))
        + stop)

for col, code in zip(st.columns(len(provinces())), provinces()):
    with col, st.container(border=True):
        st.header(md(names[code]))
        cards, missing = overview.province_cards(code)
        for card in cards:
            help_text = md(t("来源：{source}", source=card.source)) + (f"\n\n{md(card.note)}" if card.note else "")
            st.metric(md(card.label), card.value, help=help_text)
            when = t("截至{date}", date=card.age or card.as_of) + (t("（较旧）") if card.stale else "")
            st.caption(f"{md(when)} · {md_link(card.short_source, card.url)}")
        if missing:  # said once, in words, instead of cards with a bare "—"
            st.caption(t("未见公开数字：{topics}", topics=i18n.sep().join(missing)))
        for line in overview.target_lines(code):
            st.caption(f"**{t('目标')}**{colon}{md(line)}")

if indicator != overview.PROGRESS:  # the headline is the comparison of station progress
    show(catalog.build("overview.bars", indicator=indicator), key="bars")
