"""总览: where each compared province stands, on a map of China and side by side.

Its parts and their order are catalog.overview.parts(), which the static snapshot's home bakes too."""
import streamlit as st

from shegong import catalog
from shegong.catalog import overview
from shegong.escape import md
from shegong.i18n import t
from shegong.ui import brief, urlstate
from shegong.ui.app import page_setup, show

page_setup()

st.title(t(overview.TITLE))
chosen = {}  # what the page's selectors chose, for the exhibits after them
for kind, *rest in overview.parts():
    if kind == "caption":
        st.caption(rest[0])
    elif kind == "exhibit":
        chart_id, params = rest
        params = {**params, **{k: v for k, v in chosen.items() if k in catalog.options(chart_id)}}
        show(catalog.build(chart_id, **params), key=chart_id.split(".")[1])
    elif kind == "brief":
        brief.panel(rest[0], key="brief")
    elif kind == "control":
        chosen["indicator"] = urlstate.select(t("地图与比较图的指标"), catalog.options("overview.map")["indicator"],
                                              key="indicator", default=overview.PROGRESS)
    elif kind == "info":
        st.info(rest[0])
    elif kind == "provinces":
        for col, one in zip(st.columns(len(rest[0])), rest[0]):
            with col, st.container(border=True):
                st.header(md(one.name))
                for m in one.metrics:
                    st.metric(md(m.label), m.value, help=m.help)
                    st.caption(m.when)
                for line in one.lines:
                    st.caption(line)

if chosen["indicator"] != overview.PROGRESS:  # the headline is the comparison of station progress
    show(catalog.build("overview.bars", indicator=chosen["indicator"]), key="bars")
