"""大屏: the wall display (1920×1080, and a 3840×2160 panel at 200 % or at 100 % scaling, where type and map double;
nothing to scroll, no text under 14 px at 1080) — the headline of station progress,
the map that agrees with it, each province's other figures; no sidebar. Also at /?view=screen.

It refreshes itself: the data part is a fragment that reruns every minute (or every SHEGONG_WALL_REFRESH seconds;
queries are cached on the warehouse's identity, so a rebuilt warehouse shows at the next redraw and an unchanged one
costs nothing). Only published figures are shown: demo data never sits beside a published ranking (the province pages
show it, labelled). The footer keeps 数据截至 (the newest figure's date) apart from 页面生成于 (when the warehouse was
built)."""
import html
import re

import streamlit as st

from shegong import config, i18n, vocab
from shegong.catalog import overview
from shegong.i18n import t
from shegong.ui.app import figure, page_setup
from shegong.vocab import provinces

MAP_HEIGHT = 520  # px: what is left of 1080 under the headline


def published_word() -> str:  # the badge words: the shared dictionary's 公开数字 reads otherwise in English
    return i18n.pick("公开数字", "Published")


def province_word() -> str:
    return i18n.pick("省份", "Province")


i18n.add({
    "乡镇(街道)社工站建设进度（公开数字）": "Township station progress (published figures)",
    "乡镇(街道)社工站建设情况：{places}": "Township social work stations: {places}",
    "各省其他公开数字": "Other published figures by province",
    "数据截至{date}（建站进度中最新一条公开数字的日期）":
        "Data as of {date} (the newest published figure of station progress)",
    "页面生成于{when}（北京时间），{every}自动刷新": "Page built {when} (Beijing time), refreshes {every}",
    "每分钟": "every minute", "每{n}分钟": "every {n} minutes", "每{n}秒": "every {n} seconds",
    "蓝色“公开数字”为公开报道中的数字并注明来源；“较旧”为超过该指标更新周期（{period}）未更新的数字。":
        "Blue “Published” marks figures from public reports, each with its source; “old” marks figures older than "
        "their indicator's update cycle ({period}).",
    "进度": "Progress", "依据": "Basis", "截至（距今）": "As of (age)", "目标": "Targets",
})

page_setup()

WALL_CSS = """[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl], header, [data-testid=stToolbar],
[data-testid=stDecoration] {display: none}
.block-container {padding: 2rem 1.6rem 0 1.6rem; max-width: 100%}
[data-testid=stMain] .block-container h1 {font-size: 2.75rem; padding: 1.25rem 0 1rem 0}
.wall {font-size: 18px; color: #111}
.wall h3 {font-size: 24px; margin: 0.3rem 0 0.3rem 0; padding: 0}
.wall table {width: 100%; border-collapse: collapse}
.wall th {text-align: left; font-weight: 600; font-size: 17px; color: #333; padding: 4px 8px;
  border-bottom: 2px solid #999}
.wall td {padding: 6px 8px; border-bottom: 1px solid #ddd; vertical-align: middle}
.wall td.big {font-size: 30px; font-weight: 700; white-space: nowrap}
.wall td.none {font-size: 20px; color: #555}
.wall .bar {background: #e8eef6; height: 14px; width: 220px; border-radius: 3px; position: relative}
.wall .bar span {display: block; height: 14px; background: #08519c; border-radius: 3px}
.wall .old {background: #fde7c8; color: #6b3a00; border-radius: 3px; padding: 0 4px; font-size: 15px}
.wall .badge {background: #1f5fa8; color: #fff; border-radius: 4px; padding: 1px 8px; font-size: 15px}
.wall ul {margin: 0; padding-left: 1.1rem}
.wall li {margin: 0 0 0.35rem 0; font-size: 17px; line-height: 1.4}
.wall .foot {font-size: 16px; color: #333; margin-top: 0.2rem}
"""
# a 3840×2160 panel at 100 % (at 200 % it is 1920×1080)
PANEL_4K = "all and (min-width: 2880px) and (min-height: 1620px)"


def scaled(css: str, k: float) -> str:
    """The same rules with every length ×k: the wall's type and spacing for a panel of k times the pixels."""
    return re.sub(r"(\d+(?:\.\d+)?)(px|rem)", lambda m: f"{float(m[1]) * k:g}{m[2]}", css)


st.html(f"<style>{WALL_CSS}@media {PANEL_4K} {{{scaled(WALL_CSS, 2)}"
        "[class*=st-key-wall1080-] {display: none !important}}"
        f"@media not {PANEL_4K} {{[class*=st-key-wall4k-] {{display: none !important}}}}</style>")

st.title(t("乡镇(街道)社工站建设情况：{places}", places=vocab.places_phrase()))


def _e(x) -> str:
    return html.escape(str(x or ""))


def headline_html(df) -> str:
    """The headline exhibit's rows (catalog.overview.station_progress) in wall-sized type."""
    head = "".join(f"<th>{_e(h)}</th>" for h in (province_word(), t("进度"), "", t("依据"), t("截至（距今）"),
                                                   t("来源"), t("目标")))
    rows = []
    for r in df.itertuples():
        bar = (f"<div class=bar><span style='width:{min(100.0, r.pct):.1f}%'></span></div>"
               if r.kind == "coverage" else "")
        old = f" <span class=old>{_e(t('较旧'))}</span>" if r.stale else ""
        rows.append(f"<tr><td><b>{_e(r.name)}</b></td><td class={'big' if r.kind != 'none' else 'none'}>"
                    f"{_e(r.shown)}</td><td>{bar}</td><td>{_e(r.basis)}</td><td>{_e(r.age)}{old}</td>"
                    f"<td>{_e(r.source)}</td><td>{_e(r.target)}</td></tr>")
    return (f"<div class=wall><h3>{_e(t('乡镇(街道)社工站建设进度（公开数字）'))} <span class=badge>"
            f"{_e(published_word())}</span></h3><table><tr>{head}</tr>{''.join(rows)}</table></div>")


def others_html(df) -> str:
    """Each province's other newest published figures (not the station one, which the headline has)."""
    names = overview.region_names()
    has_station = dict(zip(df.code, df.kind != "none"))
    items = []
    for code in provinces():
        cards, _missing = overview.province_cards(code)
        skip = 1 if has_station.get(code) else 0  # the station card comes first (overview.CARD_TOPICS)
        for c in cards[skip:skip + 2]:
            old = f" <span class=old>{_e(t('较旧'))}</span>" if c.stale else ""
            items.append(f"<li><b>{_e(names[code])}</b> {_e(c.label)} <b>{_e(c.value)}</b>（{_e(c.age or c.as_of)}"
                         f" · {_e(c.short_source)}）{old}</li>" if not i18n.en() else
                         f"<li><b>{_e(names[code])}</b> {_e(c.label)} <b>{_e(c.value)}</b> ({_e(c.age or c.as_of)}"
                         f" · {_e(c.short_source)}){old}</li>")
    return f"<div class=wall><h3>{_e(t('各省其他公开数字'))}</h3><ul>{''.join(items)}</ul></div>"


def wall_map(fig: dict, k: int = 1) -> dict:
    """The overview map for a wall: no title or footer (the page says both, in larger type), texts ≥ 14 px (×k on a
    panel of k times the pixels)."""
    layout = fig["layout"]
    layout["title"] = {"text": "", "subtitle": {"text": ""}}
    layout["margin"] = {"t": 0, "b": 0, "l": 0, "r": 0}
    layout["annotations"] = [dict(a, font=dict(a.get("font", {}), size=k * max(15, a.get("font", {}).get("size", 0))))
                             for a in layout.get("annotations", []) if a.get("name") != "footer"]
    layout["font"] = dict(layout.get("font", {}), size=16 * k)
    for trace in fig["data"]:
        if trace.get("mode") == "text":
            trace["textfont"] = dict(trace.get("textfont", {}), size=19 * k)
        if "colorbar" in trace:
            bar = trace["colorbar"]
            trace["colorbar"] = dict(bar, tickfont={"size": 15 * k}, thickness=bar.get("thickness", 30) * k,
                                     title=dict(bar.get("title", {}), font={"size": 16 * k}))
    return fig


def every(seconds: int) -> str:
    """每分钟 / 每5分钟 / 每30秒: the redraw interval in words."""
    if seconds == 60:
        return t("每分钟")
    return t("每{n}分钟", n=seconds // 60) if seconds % 60 == 0 else t("每{n}秒", n=seconds)


@st.fragment(run_every=config.wall_refresh())
def wall() -> None:
    df = overview.station_progress()
    st.html(headline_html(df))
    left, right = st.columns([3, 2])
    with left:
        # the map for 1920×1080 and, shown instead on a 4K panel at 100 %, one with twice the pixels (CSS zoom would
        # magnify plotly's drawing twice)
        figure(wall_map(overview.map_figure(overview.PROGRESS, height=MAP_HEIGHT)), key="map",
               container=st.container(key="wall1080-map"))
        figure(wall_map(overview.map_figure(overview.PROGRESS, height=2 * MAP_HEIGHT), k=2), key="map4k",
               container=st.container(key="wall4k-map"))
    with right:
        st.html(others_html(df))
    sources = overview.build_sources()
    legend = t("蓝色“公开数字”为公开报道中的数字并注明来源；“较旧”为超过该指标更新周期（{period}）未更新的数字。",
               period=overview.stale_period())
    built = t("页面生成于{when}（北京时间），{every}自动刷新", when=overview.warehouse_version(),
              every=every(config.wall_refresh()))
    st.html(f"<div class=wall><div class=foot>{_e(legend)}"
            f" {_e(sources)}<br><b>"
            f"{_e(t('数据截至{date}（建站进度中最新一条公开数字的日期）', date=overview.data_as_of(df)))}</b>"
            f" · {_e(built)}</div></div>")


wall()
