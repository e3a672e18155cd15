"""What every page does first, and how an exhibit or a figure is put on a page."""
import streamlit as st

from shegong import config, queries
from shegong.charts import base


def page_setup() -> None:
    """Make sure the page runs inside dashboard.py's navigation.

    A `pages/` folder beside the entry script puts Streamlit in its old multipage mode until some session has run
    `st.navigation`: on a fresh server the first visitor of a deep link (/sources) would get the page alone, with
    file names for navigation and no page config. Switching the flag off and rerunning runs dashboard.py instead.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def warehouse_problem() -> str | None:
    """None when the warehouse can be read; else what is wrong. The public is told nothing of paths or engines."""
    problem = queries.ready()
    if problem and config.public():
        return ""
    return problem


def show(exhibit, key: str, container=None, **dataframe_args) -> None:
    """Draw an exhibit (chart or table) from shegong.catalog with its download popover under it."""
    from shegong.ui import downloads

    where = container or st
    if exhibit.figure is not None:
        # the figure's own template (theme=None), as in its downloads; laid out for a phone's width on a phone
        where.plotly_chart(for_screen(exhibit.figure), config=downloads.plotly_config(exhibit), key=key, theme=None)
    else:
        where.dataframe(exhibit.displayed, hide_index=True, key=key, **dataframe_args)
    downloads.buttons(exhibit, key=f"dl-{key}", container=where)


def figure(fig, key: str, container=None) -> None:
    """A figure without downloads (the wall display), with the project's offline map settings."""
    (container or st).plotly_chart(for_screen(fig), config=base.PLOTLY_CONFIG, key=key, theme=None)


PHONE_WIDTH = 358  # px: a chart's width on a 390 px phone (Streamlit's 16 px padding each side)


def for_screen(fig):
    """The figure as this browser should get it: on a phone (a "Mobi" user agent) a copy laid out by
    charts.base.fit for a phone's width, so that titles and footers wrap instead of running off the screen;
    elsewhere the figure as built (laid out for 1200 px, lines no longer than the chart's own limit)."""
    agent = (st.context.headers or {}).get("User-Agent", "")
    if "Mobi" not in agent:
        return fig
    import plotly.graph_objects as go

    return base.fit(go.Figure(fig), PHONE_WIDTH)
