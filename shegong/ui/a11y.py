"""What a screen reader, a keyboard and a Chinese reader need from every page that Streamlit does not give.

- `<html lang>` follows the page's language (Streamlit serves lang="en" whatever the content);
- captions dark enough to read (Streamlit's faded grey is 3.9:1 on white, under WCAG's 4.5:1), a visible focus ring on
  links and the sidebar navigation, second-level headings (h2 under the page's h1) sized like Streamlit's subheaders,
  h3 below them;
- plotly's mode bar and hover words in Chinese (Streamlit's plotly.js bundles only English: its locale goes in
  each chart's config);
- a text alternative under each chart, visually hidden, read by screen readers.
"""
from __future__ import annotations

import html

import streamlit as st

from shegong import i18n

HTML_LANG = {"zh": "zh-CN", "en": "en"}

# Streamlit draws captions in the text colour at opacity 0.6 (3.9:1 on white); #5c5f6b at full opacity is 6.3:1.
# The ring is the dashboard's blue, 2 px, outside the element. A multiselect's chosen items wrap onto more lines
# (Streamlit puts them in one scrolling row, where a phone hides the last ones: issue 22).
CSS = """<style>
[data-testid='stCaptionContainer'] { opacity: 1 !important; }
[data-testid='stCaptionContainer'], [data-testid='stCaptionContainer'] * { color: #5c5f6b !important; }
[data-testid='stCaptionContainer'] a { color: #1a56b8 !important; }
[data-testid='stSidebarNav'] a:focus-visible, [data-testid='stMain'] a:focus-visible,
[data-testid='stSidebar'] a:focus-visible { outline: 2px solid #1a56b8; outline-offset: 2px; border-radius: 4px; }
[data-testid='stMain'] h2 { font-size: 1.6rem; padding-top: 0.75rem; }
[data-testid='stMain'] h3 { font-size: 1.3rem; }
.sg-alt { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
          clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
.stElementContainer:has(> .stHtml > .sg-lang) { display: none; }
[data-testid='stMultiSelectTagsContainer'] { flex-wrap: wrap; overflow-x: visible; }
[data-testid='stMultiSelect'] div:has(> [data-testid='stMultiSelectTagsContainer']) { max-height: none; }
</style>"""


def setup() -> None:
    """Once per rerun, after the language is known: the page's styles and its `<html lang>`."""
    st.html(CSS)
    code = HTML_LANG[i18n.lang()]
    # st.html runs the script when its text changes, i.e. when the language does; the span lets CSS hide the block
    st.html(f"<span class='sg-lang'></span><script>document.documentElement.lang = '{code}';</script>",
            unsafe_allow_javascript=True)


def text_alternative(exhibit, container=None) -> None:
    """The chart's text alternative (title and latest numbers) for screen readers; sighted users see the chart."""
    if exhibit.figure is None or not exhibit.alt:
        return
    (container or st).html(f"<p class='sg-alt'>{html.escape(exhibit.alt)}</p>")


def plotly_config(config: dict) -> dict:
    """A chart's config with plotly's words in the page's language (mode bar buttons, hover labels)."""
    if i18n.en():
        return config
    return {**config, "locale": "zh-CN", "locales": {"zh-CN": {"dictionary": PLOTLY_ZH}}}


# plotly.js-locales 3.7.0, zh-cn.js (MIT): the words a dashboard reader meets
PLOTLY_ZH = {
    "Autoscale": "自动缩放", "Box Select": "矩形框选", "Compare data on hover": "悬停时比较数据",
    "Double-click on legend to isolate one trace": "双击图例来突显对应轨迹",
    "Double-click to zoom back out": "双击返回缩小显示", "Download plot as a PNG": "下载图表为PNG格式",
    "Download plot": "下载图表", "Lasso Select": "套索选择", "Pan": "平移",
    "Produced with Plotly.js": "由Plotly.js生成",
    "Reset": "重置", "Reset axes": "重置轴", "Reset view": "重置视图", "Reset views": "重置视图",
    "Show closest data on hover": "悬停时显示最近的数据", "Snapshot succeeded": "生成快照成功",
    "Sorry, there was a problem downloading your snapshot!": "抱歉，下载快照出现问题！",
    "Taking snapshot - this may take a few seconds": "正在生成快照 - 可能需要几秒钟",
    "Zoom": "缩放", "Zoom in": "放大", "Zoom out": "缩小", "Toggle Spike Lines": "切换显示数据点辅助线",
    "Toggle show closest data on hover": "切换悬停时显示最近的数据点", "lat:": "纬度:", "lon:": "经度:",
    "trace": "踪迹:", "max:": "最大值:", "min:": "最小值:", "mean:": "平均数:", "median:": "中位数:",
}
