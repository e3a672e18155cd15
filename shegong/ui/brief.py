"""本期要点 on a page: the statements of one or more regions (a tab each), their numbered sources, and the brief as
Markdown, Word or a one-page PDF."""
from __future__ import annotations

import datetime

import streamlit as st

from shegong import fmt, i18n
from shegong.catalog import brief as catalog_brief
from shegong.escape import md, md_link
from shegong.i18n import t
from shegong.outputs import brief as brief_out


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
    st.caption(md(brief.intro))
    lines = [f"{i}. {md(s.text)} {md(s.cite())}".rstrip() for i, s in enumerate(brief.statements, 1)]
    st.markdown("\n".join(lines))
    refs = []
    for r in brief.references:
        shown = md(r.line().removesuffix(r.url).rstrip("，, "))
        link = md_link(t("链接"), r.url)
        refs.append(shown + (f" {link}" if link != md(t("链接")) else ""))
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
