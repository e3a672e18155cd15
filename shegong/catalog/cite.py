"""引用本图: the one citation text of an exhibit, for the live pages (under every chart and table) and the baked
snapshot (chart pages and embeds), so that a report-writer pastes the same words wherever the chart was found:

    河南省民政厅等，《各省乡镇(街道)社工站建设进度》，社工站数据看板，数据截至2021年12月，访问于2026-12-03，https://…

Composed from the exhibit's own metadata: who published its figures (the publishers of its sources, first one + 等),
its title, the date of its newest figure and the address it was seen at. Plain text: the caller escapes it for where
it goes (escape.html_text in HTML; Streamlit's st.code shows text literally).
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from shegong import fmt, i18n
from shegong.i18n import t

SITE = "社工站数据看板"


def publishers(exhibit) -> list[str]:
    """Who published the exhibit's figures, in order of appearance (its full series' `publisher` column); none for
    charts of register or demo records, which the dashboard itself compiled."""
    df = exhibit.full
    if "publisher" not in df:
        return []
    return list(dict.fromkeys(p.strip() for p in df["publisher"] if isinstance(p, str) and p.strip()))


def data_date(exhibit) -> str:
    """The date of the exhibit's newest figure or record (数据截至), in the page's language; '' when it has none."""
    df = exhibit.full
    if "value" in df:
        df = df[df["value"].notna()]
    if "as_of_end" in df and "as_of" in df and df["as_of_end"].notna().any():
        return fmt.date(str(df.loc[pd.to_datetime(df["as_of_end"]).idxmax(), "as_of"]))
    for column in ("month", "last_month"):
        if column in df and df[column].notna().any():
            return fmt.month(pd.Timestamp(pd.to_datetime(df[column]).max()))
    if "year" in df and pd.to_numeric(df["year"], errors="coerce").notna().any():
        return fmt.date(str(int(pd.to_numeric(df["year"], errors="coerce").max())))
    return ""


def cite(exhibit, url: str = "", lang: str | None = None, accessed: dt.date | None = None) -> str:
    """The citation of `exhibit` seen at `url` (the page with its filters; '' when unknown), in `lang` (default:
    the current language), accessed on `accessed` (default: today)."""
    before = i18n.lang()
    if lang:
        i18n.set_language(lang)
    try:
        who = publishers(exhibit)
        author = (who[0] + (t("等") if len(who) > 1 else "")) if who else ""
        title = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", exhibit.title or "")).strip()
        when = data_date(exhibit)
        parts = [author, t("《{title}》", title=title), t(SITE),
                 t("数据截至{date}", date=when) if when else "",
                 t("访问于{date}", date=(accessed or dt.date.today()).isoformat()), url or ""]
        return (", " if i18n.en() else "，").join(p for p in parts if p)
    finally:
        i18n.set_language(before)


i18n.add({
    "等": " et al.",
    "《{title}》": "“{title}”",
    SITE: "Shegong Dashboard",
    "数据截至{date}": "data as of {date}",
    "访问于{date}": "accessed {date}",
    "引用本图": "Cite this chart",
    "引用本表": "Cite this table",
    "分享链接（含当前筛选）": "Share link (with the current filters)",
    "复制下面的文字即可引用：": "Copy the text below to cite it:",
})
