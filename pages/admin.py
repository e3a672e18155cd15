"""数据管理 (admin mode only): import station, funding, service and figure files; bulletins to cited figures.

Layout only: reading, checking and writing are shegong.ingest.importer's (the same code as `python -m shegong import`),
candidates are shegong.ingest.extract's. Who may use it is shegong.ui.access's: the page is registered only for a
signed-in visitor or on a server listening on loopback alone, never in the public deployment, and it checks again
itself (a signed-in visitor not on SHEGONG_ADMINS is refused). Every import is entered as a change pending review
(shegong.ingest.review): another reviewer approves or rejects it on the 审核 tab; the 审核日志 tab lists who did what.
"""
import hashlib

import streamlit as st

from shegong import i18n
from shegong.config import public
from shegong.escape import md
from shegong.i18n import t
from shegong.ui import access, urlstate
from shegong.ui.app import page_setup

page_setup()
i18n.add({
    "公开版不提供数据管理。": "Data management is not available in the public deployment.",
    "数据管理需要管理员登录。": "Data management needs an administrator to sign in.",
    "数据管理只能在本服务器自己的地址打开；来自其他网页或其他主机名的连接不能导入或修改数据。":
        "Data management opens only at this server's own address; a connection from another page or host name can "
        "neither import nor change data.",
    "{who} 不在可导入数据的名单中（SHEGONG_ADMINS），不能导入或修改数据。请联系系统管理员。":
        "{who} is not on the list of those who may import data (SHEGONG_ADMINS): nothing can be imported or changed. "
        "Ask the system administrator.",
    "另一个导入或构建正在写入数据仓库，请稍后再试。数据仓库未作任何改动。":
        "Another import or build is writing the warehouse; try again in a moment. Nothing was changed.",
    "导入人": "Imported by",
    "审核": "Review", "审核日志": "Review log",
    "已提交审核：变更 {id}（待审核）。另一位审核人批准后才会发布到看板和公开版。":
        "Submitted for review: change {id} (pending). It is published on the dashboard and the public site only once "
        "another reviewer approves it.",
    "没有待审核的变更。": "No changes are waiting for review.",
    "变更 {id}：{kind}，{who} 于 {when} 提交（待审核）": "Change {id}: {kind}, entered by {who} on {when} (pending)",
    "理由：{why}": "Why: {why}",
    "批准并发布": "Approve and publish", "驳回": "Reject", "驳回理由": "Reason for rejecting",
    "您提交的变更需由另一位审核人批准。": "A change you entered must be approved by another reviewer.",
    "已批准变更 {id} 并发布（{s:.1f} 秒）。": "Change {id} approved and published ({s:.1f} s).",
    "公开版数据已重建（{s:.1f} 秒），各公开副本下次刷新即用新数据。":
        "The public warehouse was rebuilt ({s:.1f} s); the public replicas use it on their next rerun.",
    "已驳回变更 {id}。": "Change {id} rejected.",
    "更正或撤回已发布的数字": "Correct or withdraw a published figure",
    "来源编号": "Source id", "新数值（更正时填写）": "New value (to correct)", "原因（必填）": "Reason (required)",
    "提交更正": "Submit correction", "提交撤回": "Submit withdrawal",
    "时间": "Time", "人员": "Who", "操作": "Action", "变更": "Change", "内容": "What", "说明理由": "Why",
    "导入": "Import", "更正": "Correction", "撤回": "Withdrawal",
    "提交": "entered", "提交了更正": "entered a correction", "提交了撤回": "entered a withdrawal", "批准": "approved",
    "已驳回": "rejected",
    "导入文件": "Import a file", "公告摘录": "Figures from a bulletin", "模板下载": "Templates",
    "站点": "Stations", "资金": "Funding", "服务记录": "Service records",
    "数据表": "Table",
    "导入的记录都是真实数据（不是演示数据）。先检查、预览，确认后才写入；有任何错误则什么都不改。":
        "Imported records are real (not demo) data. Check and preview first; nothing is written until you confirm, "
        "and nothing changes if there is any problem.",
    "选择文件（CSV 或 Excel .xlsx；UTF-8 或 GBK 均可）": "Choose a file (CSV or Excel .xlsx; UTF-8 or GBK)",
    "检查": "Check", "提交审核": "Submit for review",
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
    "或上传公告文件（网页 .html、PDF、Word .docx 或文本）":
        "or upload the bulletin (a saved web page .html, PDF, Word .docx or text)",
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
    if access.mode() != "off" and not access.same_origin():  # another page's websocket, or a rebinding host name
        st.error(t("数据管理只能在本服务器自己的地址打开；来自其他网页或其他主机名的连接不能导入或修改数据。"))
    elif access.signed_in():
        st.error(t("{who} 不在可导入数据的名单中（SHEGONG_ADMINS），不能导入或修改数据。请联系系统管理员。",
                   who=md(st.user.get("email") or st.user.get("name") or "?")))
    else:
        st.error(t("数据管理需要管理员登录。"))
    st.stop()


from shegong.config import warehouse as warehouse_path  # noqa: E402
from shegong.ingest import bulletin, columns, extract, importer, review, templates  # noqa: E402
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


def enter(table: str, name: str, data, **kw):
    """Enter an import as a change pending review (nothing published until another reviewer approves it); None when
    the warehouse is busy."""
    if not access.allowed():
        st.error(t("数据管理需要管理员登录。"))
        st.stop()
    try:
        return review.enter(table, name, data, user=access.person(), logged_as=access.who(), wait=False, **kw)
    except Busy:
        st.warning(t("另一个导入或构建正在写入数据仓库，请稍后再试。数据仓库未作任何改动。"))
        return None


def show_entered(result) -> None:
    if result.problems:
        show_problems(result.problems)
    elif result.change is None:
        st.info(t("没有需要写入的改动。"))
    else:
        st.success(t("已提交审核：变更 {id}（待审核）。另一位审核人批准后才会发布到看板和公开版。",
                     id=result.change["id"]))


def show_problems(problems: list[str]) -> None:
    n = len(problems) - (1 if problems and problems[-1].startswith("…") else 0)
    st.error(t("发现 {n} 个问题，数据仓库未作任何改动。请按行号和列名修改文件后重新上传：", n=n))
    st.code("\n".join(problems), language=None)


tab_import, tab_bulletin, tab_review, tab_log, tab_templates = st.tabs(
    [t("导入文件"), t("公告摘录"), t("审核"), t("审核日志"), t("模板下载")])

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
                st.success(t("检查通过：{rows} 行（{enc}）", rows=f"{outcome.rows:,}", enc=md(outcome.encoding)))
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
                elif st.button(t("提交审核"), type="primary", key="confirm", on_click=press("confirm")) | \
                        clicked("confirm"):  # both evaluated: the flag is always consumed
                    bar, update = progress_bar()
                    done = enter(table, upload.name, data, progress=update)
                    bar.empty()
                    if done is not None:
                        st.session_state["imported"] = (ident, done)
                        st.session_state.pop("checked", None)
                        st.rerun()
        imported = st.session_state.get("imported")
        if imported and imported[0] == ident:
            show_entered(imported[1])
    log = importer.import_log(warehouse_path())
    if log is not None:
        st.caption(t("最近导入"))
        st.dataframe(log.tail(10).iloc[::-1].rename(columns={"user": t("导入人")}), hide_index=True)

with tab_bulletin:
    text = st.text_area(t("粘贴公告全文"), height=220, key="bulletin")
    page_file = st.file_uploader(t("或上传公告文件（网页 .html、PDF、Word .docx 或文本）"),
                                 type=["html", "htm", "pdf", "docx", "txt"], key="bulletin_file")
    st.button(t("找出数字"), key="find", on_click=press("find"))
    if clicked("find") and (text.strip() or page_file is not None):
        try:
            read = bulletin.read(page_file.name, page_file.getvalue()) if page_file is not None and not text.strip() \
                else bulletin.Bulletin(text)
        except bulletin.BulletinError as e:
            st.error(str(e))
            st.stop()
        found = extract.candidates(read.text)
        for key, value in zip(("src_title", "src_publisher", "src_published", "src_url"), read.source().values()):
            if value:  # the page's own title, publisher, date and link fill the source fields
                st.session_state[key] = value
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
        st.button(t("提交审核"), type="primary", key="save", on_click=press("save"))
        if clicked("save"):
            ticked = edited[edited["use"]]
            if ticked.empty:
                st.warning(t("请至少勾选一个数字。"))
            else:
                rows = ticked[["region_code", "indicator", "value", "qualifier", "as_of"]].assign(
                    note=ticked["quote"], source_id="", source_title=title.strip(),
                    source_publisher=publisher.strip(), source_published=published.strip(), source_url=url.strip())
                saved = enter("figures", t("公告"), rows)
                if saved is not None:
                    st.session_state["saved"] = saved
        saved = st.session_state.get("saved")
        if saved is not None:
            show_entered(saved)

with tab_templates:
    st.caption(t("下载模板：第一页填写数据，“说明”页解释每一列和允许的值。"))
    cols = st.columns(len(TABLE_LABELS))
    for col, (name, label) in zip(cols, TABLE_LABELS.items()):
        col.download_button(t("{name}模板 (.xlsx)", name=t(label)), data=templates.xlsx(name),
                            file_name=f"{name}_template.xlsx", key=f"template_{name}",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

with tab_review:
    pending = review.changes_of(warehouse_path(), review.PENDING)
    me = access.person()
    if not pending:
        st.info(t("没有待审核的变更。"))
    names = extract.gazetteer().names
    for change in pending:
        with st.container(border=True):
            st.markdown("**" + t("变更 {id}：{kind}，{who} 于 {when} 提交（待审核）", id=change["id"],
                                 kind=t(review.KINDS[change["kind"]]), who=change["entered_by"],
                                 when=change["entered_at"][:16].replace("T", " ")) + "**")
            st.text(review.describe(change, names, extract.indicator_labels()))
            if change.get("why"):
                st.caption(t("理由：{why}", why=change["why"]))
            own = review.same_person(me, change["entered_by"])
            left, right = st.columns(2)
            left.button(t("批准并发布"), key=f"approve_{change['id']}", type="primary", disabled=own,
                        help=t("您提交的变更需由另一位审核人批准。") if own else None,
                        on_click=press(f"approve_{change['id']}"))
            if clicked(f"approve_{change['id']}"):
                try:
                    done = review.approve(change["id"], warehouse_path(), user=me, wait=False)
                except review.ReviewError as e:
                    st.error(str(e))
                except Busy:
                    st.warning(t("另一个导入或构建正在写入数据仓库，请稍后再试。数据仓库未作任何改动。"))
                else:
                    if done.problems:
                        show_problems(done.problems)
                    else:
                        st.success(t("已批准变更 {id} 并发布（{s:.1f} 秒）。", id=change["id"], s=done.seconds))
                        if done.public:
                            st.caption(t("公开版数据已重建（{s:.1f} 秒），各公开副本下次刷新即用新数据。",
                                         s=done.public_seconds))
            why = right.text_input(t("驳回理由"), key=f"why_{change['id']}")
            right.button(t("驳回"), key=f"reject_{change['id']}", on_click=press(f"reject_{change['id']}"))
            if clicked(f"reject_{change['id']}"):
                try:
                    review.reject(change["id"], warehouse_path(), user=me, why=why, wait=False)
                    st.success(t("已驳回变更 {id}。", id=change["id"]))
                except review.ReviewError as e:
                    st.error(str(e))
                except Busy:
                    st.warning(t("另一个导入或构建正在写入数据仓库，请稍后再试。数据仓库未作任何改动。"))
    with st.expander(t("更正或撤回已发布的数字")):
        cols = st.columns(4)
        key = {"region_code": cols[0].text_input(t("地区代码"), key="fix_region").strip(),
               "indicator": cols[1].selectbox(t("指标"), sorted(extract.indicator_ids()), key="fix_indicator"),
               "as_of": cols[2].text_input(t("截至"), key="fix_as_of").strip(),
               "source_id": cols[3].text_input(t("来源编号"), key="fix_source").strip()}
        value = st.text_input(t("新数值（更正时填写）"), key="fix_value")
        reason = st.text_input(t("原因（必填）"), key="fix_why")
        left, right = st.columns(2)
        left.button(t("提交更正"), key="fix", on_click=press("fix"))
        right.button(t("提交撤回"), key="withdraw", on_click=press("withdraw"))
        fix, withdraw = clicked("fix"), clicked("withdraw")
        if fix or withdraw:
            try:
                result = (review.correct(key, value.strip(), warehouse_path(), user=me, why=reason, wait=False) if fix
                          else review.withdraw(key, warehouse_path(), user=me, why=reason, wait=False))
            except review.ReviewError as e:
                st.error(str(e))
            except Busy:
                st.warning(t("另一个导入或构建正在写入数据仓库，请稍后再试。数据仓库未作任何改动。"))
            else:
                show_entered(result)

with tab_log:
    log = review.log(warehouse_path(), extract.gazetteer().names, extract.indicator_labels())
    log["action"] = log["action"].map(lambda a: t(review.LOG_ACTIONS.get(a, a)))
    st.dataframe(log.iloc[::-1].rename(columns={"time": t("时间"), "user": t("人员"), "action": t("操作"),
                                                "change": t("变更"), "what": t("内容"), "why": t("说明理由")}),
                 hide_index=True)
