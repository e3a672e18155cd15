"""更新日志: what changed among the published figures — added, corrected, withdrawn — when, why, and from which source.

Read from the warehouse's `changelog` table (written by every build and every approval from the review state kept
with the imports, shegong.ingest.changes): approved changes only, and no names of staff, so the public warehouse and
the snapshot can show it as it is. The sources page shows a figure's revisions from the same table.
"""
from __future__ import annotations

import pandas as pd

from shegong import fmt, i18n
from shegong.catalog.registry import Exhibit, exhibit, register
from shegong.catalog.sources import _source_filters
from shegong.charts import base
from shegong.i18n import t
from shegong.queries import run


def change_text(kind: str, old, new, unit: str, qualifier: str | None, old_qualifier: str | None = None) -> str:
    """新增 515个 / 更正 13个 → 14个 / 撤回 ≥1,200人 (each value as published, with its unit and qualifier)."""
    def value(v, q="exact"):
        return fmt.number(v, unit, q or "exact") if pd.notna(v) else ""

    if kind == "change":
        return t("更正：{old} → {new}", old=value(old, old_qualifier if isinstance(old_qualifier, str) else None),
                 new=value(new, qualifier))
    if kind == "withdraw":
        return t("撤回：{old}", old=value(old, qualifier))
    return t("新增：{new}", new=value(new, qualifier))


def changes_table(log: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("日期"): log["decided_on"].map(fmt.date),
        t("地区"): [i18n.place(c, n) for c, n in zip(log.region_code, log.region_name.fillna(log.region_code))],
        t("指标"): [i18n.pick(z, e) if isinstance(z, str) else i for z, e, i in
                    zip(log.label_zh, log.label_en, log.indicator)],
        t("截至"): log["as_of"].map(fmt.date),
        t("变化"): [change_text(k, o, n, u if isinstance(u, str) else "", q, oq) for k, o, n, u, q, oq in
                    zip(log.kind, log.old_value, log.new_value, log.unit_zh, log.qualifier, log.old_qualifier)],
        t("原因"): log["why"].fillna(""),
        t("来源"): log["source_title"].fillna(log["source_id"]),
        t("链接"): log["url"],
    })


@register("changes.log", "更新日志：公开数字的新增、更正和撤回（表）", _source_filters)
def changes_log(region: str, indicator: str) -> Exhibit | None:
    log = run("changelog", region=region, indicator=indicator)
    if log.empty:  # nothing approved yet: the page says so
        return None
    return exhibit(None, changes_table(log), log, title=t("更新日志"),
                   subtitle=t("{n}项变化：新增、更正和撤回的公开数字", n=len(log)),
                   sources=base.sources_of(log))


@register("sources.revisions", "数据来源：数字的修订记录（表）", _source_filters)
def sources_revisions(region: str, indicator: str) -> Exhibit | None:
    log = run("changelog", region=region, indicator=indicator, kinds="change,withdraw")
    if log.empty:  # no figure was corrected or withdrawn: the sources page shows no section
        return None
    return exhibit(None, changes_table(log), log, title=t("修订记录"),
                   subtitle=t("已发布数字的更正和撤回，原值保留于此"),
                   sources=base.sources_of(log))


i18n.add({
    "更正：{old} → {new}": "Corrected: {old} → {new}", "撤回：{old}": "Withdrawn: {old}", "新增：{new}": "Added: {new}",
    "日期": "Date", "变化": "Change", "原因": "Why",
    "更新日志": "Change log", "修订记录": "Revisions",
    "{n}项变化：新增、更正和撤回的公开数字": "{n} changes: published figures added, corrected and withdrawn",
    "已发布数字的更正和撤回，原值保留于此":
        "Corrections and withdrawals of published figures; the earlier values stay here",
    "更新日志：公开数字的新增、更正和撤回（表）":
        "Change log: published figures added, corrected and withdrawn (table)",
    "数据来源：数字的修订记录（表）": "Sources: revisions of figures (table)",
})
