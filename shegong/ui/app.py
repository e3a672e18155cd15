"""What every page does first, and how an exhibit or a figure is put on a page."""
import streamlit as st

from shegong import config, i18n, queries
from shegong.charts import base
from shegong.ui import a11y

i18n.add({"纠错/联系：": "Corrections and contact: ", "指标解释": "Definitions"})


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


DEMO_REFUSED = ("the warehouse holds demo records: the public deployment shows them only with SHEGONG_PUBLIC_DEMO=1; "
                "serve a warehouse built without them (`make run-public` builds data/warehouse-public.duckdb)")


def warehouse_problem() -> str | None:
    """None when the warehouse can be read; else what is wrong. The public is told nothing of paths or engines (the
    server log has it). In public mode a warehouse with demo records is refused unless the operator opted in."""
    problem = queries.ready()
    if problem is None and config.public() and not config.public_demo():
        try:
            demo = int(queries.run("demo_records")["demo_rows"].iloc[0])
        except Exception as e:  # a warehouse of an older build without is_demo columns: refuse it as well
            demo, problem = 0, f"cannot count demo records: {type(e).__name__}"
        if demo:
            problem = DEMO_REFUSED
    if problem and config.public():
        if problem not in _logged:  # once per process, not on every visitor's rerun
            from streamlit.logger import get_logger

            _logged.add(problem)
            get_logger("shegong").error("public dashboard shows no data: %s", problem)
        return ""
    return problem


_logged: set[str] = set()


def failed(error: Exception, plain: str) -> None:
    """Say on the page that something failed: the error itself for developers and leaders; in public mode the
    sentence `plain` only (an engine's message can carry file paths and versions), the server log has the error."""
    from shegong.i18n import t

    if not config.public():
        st.error(str(error))
        return
    from streamlit.logger import get_logger

    get_logger("shegong").error("%s", error, exc_info=error)
    st.error(t(plain))


def show(exhibit, key: str, container=None, **dataframe_args) -> None:
    """Draw an exhibit (chart or table) from shegong.catalog with its download popover under it."""
    from shegong.ui import downloads

    where = container or st
    if exhibit.figure is not None:
        # the figure's own template (theme=None), as in its downloads; a copy laid out for a phone's width is shown
        # instead on a narrow screen, chosen by the width (CSS), never by the user agent
        by_width(where, exhibit.screen, key, a11y.plotly_config(downloads.plotly_config(exhibit)))
        a11y.text_alternative(exhibit, where)
    else:
        where.dataframe(exhibit.displayed, hide_index=True, key=key, **dataframe_args)
    tools = where.container(horizontal=True, gap="small")  # 下载 and 引用本图 side by side
    downloads.buttons(exhibit, key=f"dl-{key}", container=tools)
    downloads.cite_box(exhibit, container=tools)
    # what the chart's words mean (社工站, 人次, 当年/累计, coverage's denominator): the definitions page
    where.caption(f"[{definitions_word()}](definitions)")


def definitions_word() -> str:
    from shegong.i18n import t

    return t("指标解释")


def feedback_footer() -> None:
    """纠错/联系 at the foot of every page when the operator set SHEGONG_FEEDBACK (an e-mail address or a URL)."""
    import html
    import re

    from shegong.i18n import t

    where = config.feedback()
    if not where:
        return
    if re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+", where):
        target = "mailto:" + where
    elif re.match(r"https?://[^\s<>\"']+$", where):
        target = where
    else:  # anything else is shown as text, never as a link
        target = ""
    shown = html.escape(where)
    link = f'<a href="{html.escape(target, quote=True)}">{shown}</a>' if target else shown
    st.html(f"<p class='sg-feedback' style='font-size:0.95rem;color:#333;border-top:1px solid #ddd;"
            f"padding-top:0.5rem'>{html.escape(t('纠错/联系：'))}{link}</p>")


def figure(fig, key: str, container=None) -> None:
    """A figure without downloads (the wall display), with the project's offline map settings."""
    (container or st).plotly_chart(fig, config=a11y.plotly_config(base.PLOTLY_CONFIG), key=key, theme=None)


PHONE_WIDTH = base.PHONE_WIDTH


NARROW_PX = 700  # px of window width under which the phone layouts are shown (charts.base.fit's own threshold)
WIDTH_CSS = (f"<style>@media (max-width: {NARROW_PX}px) {{ [class*='st-key-wide-'] {{display: none !important}} }}"
             f"@media (min-width: {NARROW_PX + 1}px) {{ [class*='st-key-narrow-'] {{display: none !important}} }}"
             "</style>")


def by_width(where, figures, key: str, config: dict) -> None:
    """`figures` (Exhibit.screen): the layout for 1200 px in a container shown on wide windows, and the copy laid
    out by charts.base.fit for a phone's width in one shown on narrow windows: a CSS media query picks, so a narrow
    desktop window or a tablet in split view gets the phone layout as a phone does, whatever its user agent. A
    phone layout that equals the wide one is not sent twice."""
    wide, phone = figures
    if phone is None:
        where.plotly_chart(wide, config=config, key=key, theme=None)
        return
    where.html(WIDTH_CSS)
    where.container(key=f"wide-{key}").plotly_chart(wide, config=config, key=key, theme=None)
    where.container(key=f"narrow-{key}").plotly_chart(phone, config=config, key=f"{key}-narrow", theme=None)
