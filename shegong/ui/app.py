"""What every page does first, and how an exhibit or a figure is put on a page."""
import streamlit as st

from shegong import config, queries
from shegong.charts import base


def page_setup() -> None:
    """Make sure the page runs inside dashboard.py's navigation.

    Pages live in views/, not pages/: a `pages/` folder beside the entry script puts Streamlit in its old multipage
    mode until some session has run `st.navigation` (a fresh server's first deep link would get the page alone).
    This guard stays in case such a folder comes back: switching the flag off and rerunning runs dashboard.py.
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
        where.plotly_chart(exhibit.figure, config=downloads.plotly_config(exhibit), key=key)
    else:
        where.dataframe(exhibit.displayed, hide_index=True, key=key, **dataframe_args)
    downloads.buttons(exhibit, key=f"dl-{key}", container=where)


def figure(fig, key: str, container=None) -> None:
    """A figure without downloads (the wall display), with the project's offline map settings."""
    (container or st).plotly_chart(fig, config=base.PLOTLY_CONFIG, key=key)
