"""Entry point: page config, language and navigation. Pages live in pages/, logic in shegong/."""
import streamlit as st
from streamlit.logger import get_logger

from shegong import i18n
from shegong.config import public
from shegong.i18n import t
from shegong.outputs import publish
from shegong.ui import a11y, access, app, urlstate

PAGE_FAILED = "本页暂时无法显示。请稍后再试，或打开其他页面。"
i18n.add({PAGE_FAILED: "This page cannot be shown right now. Please try again later or open another page.",
          "管理员登录": "Administrator sign-in", "退出登录": "Sign out", "已登录：{who}": "Signed in: {who}",
          "更新日志": "Change log", "指标解释": "Definitions"})

st.set_page_config(page_title="社工站数据看板", layout="wide")
i18n.set_language(urlstate.select("语言 Language", i18n.LANGUAGES, key="lang", default="zh",
                                   container=st.sidebar, sticky=True))
a11y.setup()  # <html lang>, readable captions, focus rings
access.sign_in_controls(t)  # only when a sign-in provider is configured (shegong/ui/access.py)
# the baked public snapshot (SHEGONG_SNAPSHOT_URL): a link to it, and when it was baked if its folder is readable here
snapshot = publish.snapshot_note()
if snapshot:
    st.sidebar.caption(snapshot)
# KPI values such as 8,946.66万元 (or 89.47 million yuan) must fit a quarter of a laptop screen
st.html(f"<style>[data-testid='stMetricValue']{{font-size:{'1.45rem' if i18n.en() else '1.9rem'}}}</style>")

problem = app.warehouse_problem()
if problem is not None:  # a missing or damaged warehouse gets a plain page, never a stack trace
    st.title(t("社工站数据看板暂时无法显示数据"))
    if public():  # a visitor cannot run anything: no commands, no path, no engine message
        st.error(t("本站数据暂时无法显示，请稍后再访问。"))
        st.stop()
    st.error(t("数据仓库无法读取。管理员请运行 `make build`（或 `python -m shegong build`）后刷新本页。"))
    if problem:
        st.caption(problem)
    st.stop()

# ?view=screen opens the wall display without navigation (a URL for the screen in the meeting room)
screen = st.query_params.get("view") == "screen"
overview = st.Page("pages/overview.py", title=t("总览"), url_path="overview")


def home() -> None:
    """`/` forwards to `/overview` with its query: the default page of st.navigation answers at `/` only, so if the
    overview were the default, its own link /overview would open Streamlit's English "Page not found" dialog."""
    st.switch_page(overview, query_params=st.query_params.to_dict())


pages = [
    st.Page(home, title=t("总览"), url_path="home", default=not screen, visibility="hidden"),
    overview,
    st.Page("pages/screen.py", title=t("大屏"), url_path="screen", default=screen),
    st.Page("pages/compare.py", title=t("省际对比"), url_path="compare"),
    st.Page("pages/province.py", title=t("省份详情"), url_path="province"),
    st.Page("pages/funding.py", title=t("资金投入"), url_path="funding"),
    st.Page("pages/beneficiaries.py", title=t("服务对象"), url_path="beneficiaries"),
    st.Page("pages/sources.py", title=t("数据来源"), url_path="sources"),
    st.Page("pages/definitions.py", title=t("指标解释"), url_path="definitions"),
    st.Page("pages/changelog.py", title=t("更新日志"), url_path="changelog"),
    st.Page("pages/report.py", title=t("报告"), url_path="report"),
]
if access.page_visible():  # never in public; signed in, or a server on loopback alone (shegong/ui/access.py)
    pages.append(st.Page("pages/admin.py", title=t("数据管理"), url_path="admin"))
page = st.navigation(pages, position="hidden" if screen else "sidebar")
# plain error sentences in the public deployment and wherever the server hides error details (make run-internal)
plain_errors = public() or str(st.get_option("client.showErrorDetails")).lower() in ("none", "false")
try:
    page.run()
    if not screen and page.url_path != "screen":  # the wall display has no one to write back
        app.feedback_footer()
except Exception:  # st.rerun/st.stop are not Exceptions and pass through
    if not plain_errors:
        raise  # developers see Streamlit's full exception
    # a plain sentence, not Streamlit's redacted English notice with search links; the log has the exception
    get_logger("shegong").exception("page %s failed", page.url_path)
    st.error(t(PAGE_FAILED))
