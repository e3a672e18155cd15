"""更新日志 Change log: every approved change of a published figure — added, corrected, withdrawn — with its date,
reason and source (public; no names of staff)."""
import streamlit as st

from shegong import catalog, i18n
from shegong.i18n import t
from shegong.ui import urlstate
from shegong.ui.app import page_setup, show

page_setup()
i18n.add({
    "公开数字的每一次新增、更正和撤回，都经第二人审核后发布；更正和撤回注明原因，原值保留在此。":
        "Every published figure added, corrected or withdrawn was reviewed by a second person before publication; "
        "corrections and withdrawals give their reason, and the earlier values stay here.",
    "暂无更新记录。": "No changes recorded yet.",
})
st.title(t("更新日志"))
st.caption(t("公开数字的每一次新增、更正和撤回，都经第二人审核后发布；更正和撤回注明原因，原值保留在此。"))

filters = catalog.options("changes.log")
left, right = st.columns(2)
region = urlstate.select(t("地区"), filters["region"], key="region", container=left)
indicator = urlstate.select(t("指标"), filters["indicator"], key="indicator", container=right)
log = catalog.build("changes.log", region=region, indicator=indicator)
if log is None or not len(log.displayed):
    st.info(t("暂无更新记录。"))
else:
    show(log, key="changelog", column_config={t("链接"): st.column_config.LinkColumn(t("链接"),
                                                                                  display_text=t("打开"))})
