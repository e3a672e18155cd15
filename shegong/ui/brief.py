"""本期要点 on a page: the statements of one or more regions (a tab each), their numbered sources, and the brief as
Markdown, Word or a one-page PDF."""
from __future__ import annotations

import datetime
import re

import streamlit as st

from shegong import fmt, i18n
from shegong.catalog import brief as catalog_brief
from shegong.i18n import t
from shegong.outputs import brief as brief_out

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~$])")


def _md(text: str) -> str:
    """Text from data, inert in Streamlit's Markdown (no links, emphasis, HTML or LaTeX of its own)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def panel(codes, key: str) -> None:
    """本期要点 at the top of a page: one tab per region when there are several."""
    briefs = [catalog_brief.brief(c) for c in codes]
    with st.container(border=True):
        st.subheader(t("本期要点"))
        tabs = st.tabs([b.place for b in briefs]) if len(briefs) > 1 else [st.container()]
        for tab, brief in zip(tabs, briefs):
            with tab:
                _one(brief, f"{key}-{brief.code}")


def _one(brief, key: str) -> None:
    st.caption(_md(brief.intro))
    lines = [f"{i}. {_md(s.text)} {_md(s.cite())}".rstrip() for i, s in enumerate(brief.statements, 1)]
    st.markdown("\n".join(lines))
    refs = []
    for r in brief.references:
        shown = _md(r.line().removesuffix(r.url).rstrip("，, "))
        link = f" [{_md(t('链接'))}](<{r.url}>)" if r.url.startswith(("http://", "https://")) and ">" not in r.url else ""
        refs.append(shown + link)
    if refs:
        st.caption("  \n".join(refs))
    lang, name = i18n.lang(), f"brief-{brief.code}-{i18n.lang()}"
    made = fmt.date(datetime.date.today().isoformat())

    def docx() -> bytes:
        from shegong.outputs import report

        i18n.set_language(lang)  # the download runs in another thread
        return report.brief_document(brief)

    def pdf() -> bytes:
        i18n.set_language(lang)
        try:
            chart = brief_out.headline_chart(brief.code)
        except Exception:  # noqa: BLE001 - the brief without its small chart rather than no brief
            chart = None
        return brief_out.pdf_once(brief_out.html_page(brief, made, chart))

    cols = st.columns(3)
    cols[0].download_button(t("下载 Markdown"), brief.markdown(), f"{name}.md", "text/markdown", key=f"{key}-md",
                            on_click="ignore")
    cols[1].download_button(t("下载 Word"), docx, f"{name}.docx", key=f"{key}-docx", on_click="ignore",
                            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    cols[2].download_button(t("下载 PDF（一页）"), pdf, f"{name}.pdf", "application/pdf", key=f"{key}-pdf",
                            on_click="ignore")


i18n.add({
    "下载 Markdown": "Download Markdown", "下载 Word": "Download Word",
    "下载 PDF（一页）": "Download PDF (one page)",
})
