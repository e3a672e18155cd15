"""数据管理 (admin mode only): import station, funding, service and figure files; bulletins to cited figures.

Layout only: reading, checking and writing are shegong.ingest.importer's (the same code as `python -m shegong import`),
candidates are shegong.ingest.extract's. Who may use it is shegong.ui.access's: the page is registered only for a
signed-in visitor or on a server listening on loopback alone, never in the public deployment, and it checks again
itself (a signed-in visitor not on SHEGONG_ADMINS is refused). Every import is logged with who made it.
"""
import hashlib

import streamlit as st

from shegong import i18n
from shegong.config import public
from shegong.i18n import t
from shegong.ui import access, urlstate
from shegong.ui.app import page_setup

page_setup()
i18n.add({
    "公开版不提供数据管理。": "Data management is not available in the public deployment.",
    "数据管理需要管理员登录。": "Data management needs an administrator to sign in.",
    "{who} 不在可导入数据的名单中（SHEGONG_ADMINS），不能导入或修改数据。请联系系统管理员。":
        "{who} is not on the list of those who may import data (SHEGONG_ADMINS): nothing can be imported or changed. "
        "Ask the system administrator.",
    "另一个导入或构建正在写入数据仓库，请稍后再试。数据仓库未作任何改动。":
        "Another import or build is writing the warehouse; try again in a moment. Nothing was changed.",
    "导入人": "Imported by",
    "导入文件": "Import a file", "公告摘录": "Figures from a bulletin", "模板下载": "Templates",
    "站点": "Stations", "资金": "Funding", "服务记录": "Service records",
    "数据表": "Table",
    "导入的记录都是真实数据（不是演示数据）。先检查、预览，确认后才写入；有任何错误则什么都不改。":
        "Imported records are real (not demo) data. Check and preview first; nothing is written until you confirm, "
        "and nothing changes if there is any problem.",
    "选择文件（CSV 或 Excel .xlsx；UTF-8 或 GBK 均可）": "Choose a file (CSV or Excel .xlsx; UTF-8 or GBK)",
    "检查": "Check", "确认导入": "Confirm import", "保存为公开数字": "Save as published figures",
    "读取文件": "Reading the file", "已读取 {n} 行": "{n} rows read", "复制数据仓库": "Copying the warehouse",
    "逐项检查": "Checking every rule", "与现有数据比对": "Comparing with the warehouse", "写入": "Writing",
    "重算汇总表": "Recomputing the roll-ups", "检查全部查询": "Running every named query",
    "发现 {n} 个问题，数据仓库未作任何改动。请按行号和列名修改文件后重新上传：":
        "{n} problems found; the warehouse was not changed. Fix the file at these rows and columns and upload it "
        "again:",
    "检查通过：{rows} 行（{enc}）": "Check passed: {rows} rows ({enc})",
    "新增": "To add", "修改": "To change", "不变": "Unchanged", "改动的列": "Changed columns",
    "没有需要写入的改动。": "Nothing to write: every row is already in the warehouse.",
    "已导入：新增 {a} 行，修改 {c} 行，{u} 行不变（{s:.1f} 秒）。看板已使用新数据。":
        "Imported: {a} added, {c} changed, {u} unchanged ({s:.1f} s). The dashboard uses the new data.",
    "最近导入": "Recent imports",
    "粘贴公告全文": "Paste the bulletin text", "找出数字": "Find figures",
    "没有找到候选数字。": "No candidate figures found.",
    "勾选正确的数字，必要时修改地区代码、指标、数值或日期；再填写来源。":
        "Tick the right figures, correcting region code, indicator, value or date where needed; then name the source.",
    "选用": "Use", "地区代码": "Region code", "地区": "Region", "指标": "Indicator", "数值": "Value",
    "限定": "Qualifier", "指标名称": "Indicator name", "截至": "As of", "原文": "Quote",
    "来源标题（必填）": "Source title (required)", "发布机构": "Publisher", "发布日期（如 2021-12-08）":
        "Date published (e.g. 2021-12-08)",
    "请至少勾选一个数字。": "Tick at least one figure.",
    "已保存 {n} 个公开数字及其来源，可在“数据来源”页看到。":
        "Saved {n} published figures with their source; see the Sources page.",
    "公告": "bulletin",
    "下载模板：第一页填写数据，“说明”页解释每一列和允许的值。":
        "Download a template: fill in the first sheet; the 说明 sheet explains each column and its allowed values.",
    "{name}模板 (.xlsx)": "{name} template (.xlsx)",
})
st.title(t("数据管理"))
if public():  # defence in depth: dashboard.py does not register this page in public mode
    st.error(t("公开版不提供数据管理。"))
    st.stop()
if not access.allowed():  # defence in depth: dashboard.py registers it only for a signed-in visitor or on loopback
    if access.signed_in():
        st.error(t("{who} 不在可导入数据的名单中（SHEGONG_ADMINS），不能导入或修改数据。请联系系统管理员。",
                   who=st.user.get("email") or st.user.get("name") or "?"))
    else:
        st.error(t("数据管理需要管理员登录。"))
    st.stop()


from shegong.config import warehouse as warehouse_path  # noqa: E402
from shegong.ingest import columns, extract, importer, templates  # noqa: E402
from shegong.ingest.atomic import Busy  # noqa: E402

TABLE_LABELS = {"stations": "站点", "funding": "资金", "services": "服务记录", "figures": "公开数字"}
STAGES = {"read": "读取文件", "copy": "复制数据仓库", "check": "逐项检查", "compare": "与现有数据比对", "write": "写入",
          "rollups": "重算汇总表", "queries": "检查全部查询", "done": "完成"}


def progress_bar():
    bar = st.progress(0.0, text=t("读取文件"))

    def update(fraction: float, stage: str) -> None:
        text = t(STAGES[stage]) if stage in STAGES else t("已读取 {n} 行", n=stage)
        bar.progress(min(max(fraction, 0.0), 1.0), text=text)
    return bar, update


def clicked(name: str) -> bool:
    """Whether the button `name` was pressed (set by its callback, so it survives page_setup's one-off rerun)."""
    return st.session_state.pop(f"pressed_{name}", False)


def press(name: str):
    return lambda: st.session_state.update({f"pressed_{name}": True})


def write(table: str, name: str, data, **kw):
    """One import, as the signed-in user, never waiting for another writer; None when the warehouse is busy.
    Permission is checked again right before writing (the allow-list is read when asked)."""
    if not access.allowed():
        st.error(t("数据管理需要管理员登录。"))
        st.stop()
    try:
        return importer.run(table, name, data, user=access.who(), wait=False, **kw)
    except Busy:
        st.warning(t("另一个导入或构建正在写入数据仓库，请稍后再试。数据仓库未作任何改动。"))
        return None


def show_problems(problems: list[str]) -> None:
    n = len(problems) - (1 if problems and problems[-1].startswith("…") else 0)
    st.error(t("发现 {n} 个问题，数据仓库未作任何改动。请按行号和列名修改文件后重新上传：", n=n))
    st.code("\n".join(problems), language=None)


tab_import, tab_bulletin, tab_templates = st.tabs([t("导入文件"), t("公告摘录"), t("模板下载")])

with tab_import:
    st.caption(t("导入的记录都是真实数据（不是演示数据）。先检查、预览，确认后才写入；有任何错误则什么都不改。"))
    table = st.selectbox(t("数据表"), list(TABLE_LABELS), format_func=lambda x: t(TABLE_LABELS[x]), key="table",
                         placeholder=t(urlstate.CHOOSE))
    upload = st.file_uploader(t("选择文件（CSV 或 Excel .xlsx；UTF-8 或 GBK 均可）"),
                              type=["csv", "tsv", "txt", "xlsx"], key="upload")
    if upload is not None:
        data = upload.getvalue()
        ident = (table, upload.name, hashlib.sha256(data).hexdigest())
        st.button(t("检查"), type="primary", key="check", on_click=press("check"))
        if clicked("check"):
            bar, update = progress_bar()
            checked = write(table, upload.name, data, dry_run=True, progress=update)
            bar.empty()
            if checked is not None:
                st.session_state["checked"] = (ident, checked)
            st.session_state.pop("imported", None)
        checked = st.session_state.get("checked")
        if checked and checked[0] == ident:
            outcome = checked[1]
            if outcome.problems:
                show_problems(outcome.problems)
            else:
                st.success(t("检查通过：{rows} 行（{enc}）", rows=f"{outcome.rows:,}", enc=outcome.encoding))
                cols = st.columns(3)
                cols[0].metric(t("新增"), f"{outcome.added:,}")
                cols[1].metric(t("修改"), f"{outcome.changed:,}")
                cols[2].metric(t("不变"), f"{outcome.unchanged:,}")
                for action, label in (("add", "新增"), ("change", "修改"), ("same", "不变")):
                    sample = outcome.samples.get(action)
                    if sample is not None and len(sample):
                        st.caption(t(label))
                        heads = {f.name: f.name if i18n.en() else f.zh for f in columns.imported(table)}
                        shown = sample.copy()
                        for c in shown.columns:  # dates as dates, not midnight timestamps
                            if str(shown[c].dtype).startswith("datetime"):
                                shown[c] = shown[c].dt.strftime("%Y-%m-%d")
                        shown = shown.rename(columns={**heads, "_row": "#", "_changed": t("改动的列")})
                        if action != "change":
                            shown = shown.drop(columns=[t("改动的列")])
                        st.dataframe(shown, hide_index=True)
                if outcome.added + outcome.changed == 0:
                    st.info(t("没有需要写入的改动。"))
                elif st.button(t("确认导入"), type="primary", key="confirm", on_click=press("confirm")) | \
                        clicked("confirm"):  # both evaluated: the flag is always consumed
                    bar, update = progress_bar()
                    done = write(table, upload.name, data, progress=update)
                    bar.empty()
                    if done is not None:
                        st.session_state["imported"] = (ident, done)
                        st.session_state.pop("checked", None)
                        st.rerun()
        imported = st.session_state.get("imported")
        if imported and imported[0] == ident:
            done = imported[1]
            if done.problems:
                show_problems(done.problems)
            else:
                st.success(t("已导入：新增 {a} 行，修改 {c} 行，{u} 行不变（{s:.1f} 秒）。看板已使用新数据。",
                             a=f"{done.added:,}", c=f"{done.changed:,}", u=f"{done.unchanged:,}", s=done.seconds))
    log = importer.import_log(warehouse_path())
    if log is not None:
        st.caption(t("最近导入"))
        st.dataframe(log.tail(10).iloc[::-1].rename(columns={"user": t("导入人")}), hide_index=True)

with tab_bulletin:
    text = st.text_area(t("粘贴公告全文"), height=220, key="bulletin")
    st.button(t("找出数字"), key="find", on_click=press("find"))
    if clicked("find") and text.strip():
        found = extract.candidates(text)
        names = extract.gazetteer().names
        found.insert(0, "use", False)
        found.insert(2, "region_name", found.region_code.map(lambda c: names.get(c, "")))
        found.insert(4, "indicator_label", found.indicator.map(extract.indicator_labels()))
        st.session_state["candidates"] = found
        st.session_state.pop("saved", None)
    found = st.session_state.get("candidates")
    if found is not None and found.empty:
        st.info(t("没有找到候选数字。"))
    elif found is not None:
        st.caption(t("勾选正确的数字，必要时修改地区代码、指标、数值或日期；再填写来源。"))
        column = st.column_config
        edited = st.data_editor(
            found, hide_index=True, key="candidates_editor", num_rows="fixed",
            column_config={
                "use": column.CheckboxColumn(t("选用")),
                "region_code": column.TextColumn(t("地区代码")),
                "region_name": column.TextColumn(t("地区"), disabled=True),
                "indicator": column.SelectboxColumn(t("指标"), options=sorted(extract.indicator_ids())),
                "indicator_label": column.TextColumn(t("指标名称"), disabled=True),
                "value": column.TextColumn(t("数值")),
                "qualifier": column.SelectboxColumn(t("限定"), options=["exact", "approx", "at_least"]),
                "as_of": column.TextColumn(t("截至")),
                "quote": column.TextColumn(t("原文"), disabled=True, width="large"),
            })
        left, right = st.columns(2)
        title = left.text_input(t("来源标题（必填）"), key="src_title")
        publisher = right.text_input(t("发布机构"), key="src_publisher")
        published = left.text_input(t("发布日期（如 2021-12-08）"), key="src_published")
        url = right.text_input(t("链接"), key="src_url")
        st.button(t("保存为公开数字"), type="primary", key="save", on_click=press("save"))
        if clicked("save"):
            ticked = edited[edited["use"]]
            if ticked.empty:
                st.warning(t("请至少勾选一个数字。"))
            else:
                rows = ticked[["region_code", "indicator", "value", "qualifier", "as_of"]].assign(
                    note=ticked["quote"], source_id="", source_title=title.strip(),
                    source_publisher=publisher.strip(), source_published=published.strip(), source_url=url.strip())
                saved = write("figures", t("公告"), rows)
                if saved is not None:
                    st.session_state["saved"] = saved
        saved = st.session_state.get("saved")
        if saved is not None:
            if saved.problems:
                show_problems(saved.problems)
            else:
                st.success(t("已保存 {n} 个公开数字及其来源，可在“数据来源”页看到。", n=saved.added + saved.changed))

with tab_templates:
    st.caption(t("下载模板：第一页填写数据，“说明”页解释每一列和允许的值。"))
    cols = st.columns(len(TABLE_LABELS))
    for col, (name, label) in zip(cols, TABLE_LABELS.items()):
        col.download_button(t("{name}模板 (.xlsx)", name=t(label)), data=templates.xlsx(name),
                            file_name=f"{name}_template.xlsx", key=f"template_{name}",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
